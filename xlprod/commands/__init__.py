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
from typing import Any

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

    The dialog suggests the active workbook's name (or ``name``, when given: a new
    workbook needs no active one) + ``suffix`` + ``.extension``;
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
    name: str | None = None


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
    kind: str | None  # the ribbon group: a workbook kind, or None for the general group
    help: str
    image: str = "TableSummary"  # an Office built-in icon (imageMso)
    prompts: tuple[Prompt, ...] = ()  # what the button asks, i.e. the command's arguments
    #: the module builds the command for this kind (``build(kind)``) instead of ``command``
    for_kind: str | None = None
    updates: bool = False  # rewrites the active workbook's file: Excel closes and reopens it
    opens: bool = False  # Excel opens the file written at the SaveAs prompt

    def click(self) -> click.Command:
        """The Click command (imports its module)."""
        module = importlib.import_module(self.module)
        if self.for_kind is None:
            return module.command  # type: ignore[no-any-return]
        if hasattr(module, "build"):
            return module.build(self.for_kind)  # type: ignore[no-any-return]
        return _checking_kind(module.command, self.id, self.for_kind)


def _checking_kind(command: click.Command, name: str, kind: str) -> click.Command:
    """``command`` under the name ``name``, refusing a FILE that is not a ``kind`` workbook."""
    inner = command.callback
    assert inner is not None

    def callback(**kwargs: Any) -> Any:
        from xlprod.workbook_io import require_kind

        require_kind(kwargs["file"], kind)
        return inner(**kwargs)

    return click.Command(name, params=command.params, callback=callback, help=command.help)


#: Ribbon group labels (fr, en) of the contract's kinds; ``None`` is the general group.
GROUP_LABELS: dict[str | None, tuple[str, str]] = {
    None: ("Classeur", "Workbook"),
    "budget": ("Devis", "Budget"),
    "cashflow": ("Trésorerie", "Cash flow"),
    "variance": ("Suivi budgétaire", "Cost report"),
    "cuesheet": ("Musique", "Cue sheet"),
    "royalties": ("Recettes", "Royalties"),
}

_ACTIVE = (ActiveWorkbook(),)


def _general() -> tuple[Command, ...]:
    return (
        Command("validate", "xlprod.commands.validate", "Vérifier le classeur", "Check workbook",
                None, "Check the workbook; every finding names Sheet!Cell and the fix.",
                image="AcceptInvitation",
                prompts=(ActiveWorkbook(), SaveAs("Enregistrer le rapport sous", "Save the report as",
                                                  suffix="-controle", extension="txt"))),
        Command("upgrade", "xlprod.commands.upgrade", "Mettre à jour le classeur",
                "Upgrade workbook", None,
                "Rebuild the workbook with this version's layout, keeping every input and your "
                "sheets; repairs xlprod's formulas typed over.",
                image="RecurrenceEdit", prompts=_ACTIVE, updates=True),
        Command("export", "xlprod.commands.export", "Exporter en JSON", "Export JSON", None,
                "The workbook's input model and the engine's results, as JSON.",
                image="XmlExport",
                prompts=(ActiveWorkbook(), SaveAs("Enregistrer l'export JSON sous",
                                                  "Save the JSON export as", suffix="",
                                                  extension="json"))),
        Command("about", "xlprod.commands.about", "À propos", "About", None,
                "xlprod's version, the Python and xlwings that run it.", image="Help"),
    )


#: the general commands every kind's group repeats: id stem of the twin, short labels
_TWINS = {"validate": ("validate", "Vérifier", "Check"),
          "upgrade": ("upgrade", "Mettre à jour", "Upgrade"),
          "export": ("export-json", "Exporter en JSON", "Export JSON")}


def _per_kind(kind: str) -> tuple[Command, ...]:
    """The buttons every available kind's group has: new, check, upgrade, export."""
    return (
        Command(f"new-{kind}", "xlprod.commands.new", "Nouveau", "New", kind,
                f"A blank {kind} workbook, ready to fill.", image="FileNew",
                prompts=(SaveAs(f"Enregistrer le nouveau classeur ({kind}) sous",
                                f"Save the new {kind} workbook as", suffix="", name=kind),),
                for_kind=kind, opens=True),
        *(Command(f"{_TWINS[c.id][0]}-{kind}", c.module, *_TWINS[c.id][1:], kind,
                  f"{c.help} The workbook must be a {kind}.", image=c.image,
                  prompts=c.prompts, for_kind=kind, updates=c.updates)
          for c in _general() if c.id in _TWINS),
    )


def _registry() -> tuple[Command, ...]:
    from xlprod import kinds

    specific = (
        Command("compare-budgets", "xlprod.commands.compare_budgets", "Comparer deux devis",
                "Compare budgets", "budget",
                "Side-by-side comparison of two budget versions by chapter and account.",
                image="ViewsModeSideBySide",
                prompts=(ActiveWorkbook(),
                         OpenFile("Devis B : la version à comparer au classeur actif",
                                  "Budget B: the version to compare with the active workbook"),
                         SaveAs("Enregistrer la comparaison sous", "Save the comparison as",
                                suffix="-ecarts")),
                opens=True),
        Command("import-actuals", "xlprod.commands.import_actuals", "Importer le réalisé (FEC)",
                "Import actuals (FEC)", "variance",
                "Replace the actuals with a newer FEC export, keeping commitments, estimates, "
                "explanations and your sheets; the previous EFC feeds 'since last report'.",
                image="ImportTextFile",
                prompts=(ActiveWorkbook(),
                         OpenFile("FEC : l'export comptable (.txt) du réalisé à ce jour",
                                  "FEC: the accounting export (.txt) of the actuals to date",
                                  extension="txt", option="--fec")),
                for_kind="variance", updates=True),
        Command("export-cuesheet", "xlprod.commands.export_cuesheet", "Exporter le relevé",
                "Export cue sheet", "cuesheet",
                "One row per rights holder (CISAC cue sheet column order), CSV, XLSX or PDF.",
                image="ExportExcel",
                prompts=(ActiveWorkbook(),
                         Choice("Format de l'export", "Export format", ("csv", "xlsx", "pdf"),
                                option="--format"),
                         SaveAs("Enregistrer l'export sous", "Save the export as",
                                suffix="-export", extension=None)),
                opens=True),
        Command("refresh-cashflow", "xlprod.commands.refresh_cashflow",
                "Actualiser depuis le devis", "Refresh from budget", "cashflow",
                "Take the plan's outflows from a revised budget, keeping rules, dates and "
                "schedules.", image="Refresh",
                prompts=(ActiveWorkbook(),
                         OpenFile("Devis : le budget dont viennent les décaissements",
                                  "Budget: the workbook the outflows come from",
                                  option="--budget")),
                updates=True),
        Command("add-statement", "xlprod.commands.add_statement", "Ajouter une période",
                "Add a statement period", "royalties",
                "Append a period's receipts and payments; the waterfall resumes where it stopped.",
                image="TableRowsInsertBelowExcel",
                prompts=(ActiveWorkbook(),
                         OpenFile("Recettes et versements de la période (JSON)",
                                  "The period's receipts and payments (JSON)", extension="json",
                                  option="--from")),
                updates=True),
    )
    # Grouped by ribbon group: general first, then the kinds in the contract's order.
    commands = [*_general()]
    for kind in kinds.KINDS:
        if kind in kinds.available():
            commands += _per_kind(kind)
        commands += [c for c in specific if c.kind == kind]
    ids = [c.id for c in commands]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"two commands share an id: {sorted(i for i in ids if ids.count(i) > 1)}")
    return tuple(commands)


REGISTRY: tuple[Command, ...] = _registry()


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
        return command.click()


def _importable(command: Command) -> bool:
    return importlib.util.find_spec(command.module) is not None
