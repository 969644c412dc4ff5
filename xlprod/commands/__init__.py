"""The add-in's ribbon commands, each also runnable as ``xlprod run ID``.

A command is a Click command in its own module, loaded only when run. The
ribbon XML (``xlprod addin ribbon``) is generated from this registry, so a
button and its command line twin cannot drift apart.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class Command:
    id: str
    module: str
    label_fr: str
    label_en: str
    group: str  # ribbon group
    help: str
    image: str = "TableSummary"  # an Office built-in icon (imageMso)


REGISTRY: tuple[Command, ...] = (
    Command("compare-budgets", "xlprod.commands.compare_budgets", "Comparer deux devis",
            "Compare budgets", "Devis",
            "Side-by-side comparison of two budget versions by chapter and account.",
            image="ViewsModeSideBySide"),
    Command("export-cuesheet", "xlprod.commands.export_cuesheet", "Exporter le relevé",
            "Export cue sheet", "Musique",
            "One row per rights holder (CISAC cue sheet column order), CSV, XLSX or PDF.",
            image="ExportExcel"),
)


def find(command_id: str) -> Command | None:
    return next((c for c in REGISTRY if c.id == command_id), None)


class RunGroup(click.Group):
    """A Click group whose sub-commands are imported on demand from :data:`REGISTRY`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [c.id for c in REGISTRY if _importable(c)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = find(cmd_name)
        if command is None or not _importable(command):
            return None
        return importlib.import_module(command.module).command  # type: ignore[no-any-return]


def _importable(command: Command) -> bool:
    return importlib.util.find_spec(command.module) is not None
