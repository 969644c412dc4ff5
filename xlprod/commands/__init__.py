"""The add-in's ribbon commands, each also runnable as ``xlprod run ID``.

A command is a Click command in its own module, loaded only when run. The
ribbon XML (``xlprod addin ribbon``) and the VBA behind its buttons
(``xlprod addin vba``) are generated from this registry, so a button and its
command line twin cannot drift apart.

What a button asks before it runs is declared in ``Command.prompts``: each
prompt is one argument of the Click command, positional (``option=None``) or
given with its option (``-o``, ``--format``), in the order listed.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

import click


@dataclass(frozen=True)
class ActiveWorkbook:
    """The active workbook's path; the button offers to save its changes first."""

    option: str | None = None


@dataclass(frozen=True)
class OpenFile:
    """A file chosen in an Open dialog that offers files ending in ``.extension``."""

    title_fr: str
    title_en: str
    extension: str = "xlsx"
    option: str | None = None


@dataclass(frozen=True)
class SaveAs:
    """The output file, chosen in a Save As dialog.

    The dialog suggests the active workbook's name + ``suffix`` + ``.extension``;
    ``extension=None`` takes the answer to the command's :class:`Choice` (an
    export format). When the file exists and the user agrees to replace it, the
    button adds the ``force`` flag.
    """

    title_fr: str
    title_en: str
    suffix: str
    extension: str | None = "xlsx"
    option: str = "-o"
    force: str = "--force"


@dataclass(frozen=True)
class Choice:
    """One of ``choices``, typed in an input box; the first is the default."""

    title_fr: str
    title_en: str
    choices: tuple[str, ...]
    option: str | None = None


Prompt = ActiveWorkbook | OpenFile | SaveAs | Choice


@dataclass(frozen=True)
class Command:
    id: str
    module: str
    label_fr: str
    label_en: str
    group: str  # ribbon group
    help: str
    image: str = "TableSummary"  # an Office built-in icon (imageMso)
    prompts: tuple[Prompt, ...] = ()  # what the button asks, i.e. the command's arguments


REGISTRY: tuple[Command, ...] = (
    Command("upgrade", "xlprod.commands.upgrade", "Mettre à jour le classeur", "Upgrade workbook",
            "Classeur",
            "Rebuild the workbook with this version's layout, keeping every input and your sheets.",
            image="RecurrenceEdit", prompts=(ActiveWorkbook(),)),
    Command("compare-budgets", "xlprod.commands.compare_budgets", "Comparer deux devis",
            "Compare budgets", "Devis",
            "Side-by-side comparison of two budget versions by chapter and account.",
            image="ViewsModeSideBySide",
            prompts=(ActiveWorkbook(),
                     OpenFile("Devis B : la version à comparer au classeur actif",
                              "Budget B: the version to compare with the active workbook"),
                     SaveAs("Enregistrer la comparaison sous", "Save the comparison as",
                            suffix="-ecarts"))),
    Command("export-cuesheet", "xlprod.commands.export_cuesheet", "Exporter le relevé",
            "Export cue sheet", "Musique",
            "One row per rights holder (CISAC cue sheet column order), CSV, XLSX or PDF.",
            image="ExportExcel",
            prompts=(ActiveWorkbook(),
                     Choice("Format de l'export", "Export format", ("csv", "xlsx", "pdf"),
                            option="--format"),
                     SaveAs("Enregistrer l'export sous", "Save the export as", suffix="-export",
                            extension=None))),
    Command("add-statement", "xlprod.commands.add_statement", "Ajouter une période",
            "Add a statement period", "Recettes",
            "Append a period's receipts and payments; the waterfall resumes where it stopped.",
            image="TableRowsInsertBelowExcel",
            prompts=(ActiveWorkbook(),
                     OpenFile("Recettes et versements de la période (JSON)",
                              "The period's receipts and payments (JSON)", extension="json",
                              option="--from"))),
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
