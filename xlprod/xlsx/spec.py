"""The vocabulary of the declarative workbook definitions in ``workbooks/``.

A definition says *what* a sheet holds (tables, their columns, labels in
French and English, formats, validation lists, formula templates); the
writer decides *where* and how it looks. Nothing here imports openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The hidden sheet recording a workbook's kind and the xlprod version that made it.
META_SHEET = "_xlprod"

#: Number formats used across workbooks.
EUR = '#,##0.00 "€";[Red]-#,##0.00 "€";"–"'
PCT = "0.00%"
PCT3 = "0.000%"
NUM = "#,##0.##"
INT = "0"
TEXT_FORMAT = "@"  # cells that keep what is typed as text


@dataclass(frozen=True)
class Label:
    fr: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Column:
    """One column of a data-entry table.

    ``formula`` is a template: ``{key}`` stands for this row's cell of the
    column ``key`` (written as a structured reference, so Excel fills it into
    rows the user adds); other text is copied as is. A column without a
    formula is an input column.
    """

    key: str
    label: Label
    width: float = 12
    number_format: str | None = None
    formula: str | None = None
    choices: str | None = None  # name of a validation list (see Layout.lists)
    required: bool = False
    #: horizontal alignment of the column's cells ("center"…), part of its style template
    align: str | None = None
    #: a column added after the first release: files made before it may lack it
    added_later: bool = False
    #: an input column where a formula is meaningful (e.g. ``=shoot_days``); in any
    #: other input column a formula is reported, never silently read as empty
    formula_allowed: bool = False
    hint: Label | None = None

    @property
    def is_input(self) -> bool:
        return self.formula is None


@dataclass(frozen=True)
class TableDef:
    name: str  # Excel table name: stable, part of the contract with readers
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)



@dataclass(frozen=True)
class SheetDef:
    key: str
    title: Label
    tab_color: str | None = None
    hidden: bool = False


@dataclass(frozen=True)
class Layout:
    kind: str
    sheets: tuple[SheetDef, ...]
    tables: dict[str, TableDef] = field(default_factory=dict)
    #: validation lists; a list may differ by language ({"fr": (…), "en": (…)})
    lists: dict[str, tuple[str, ...] | dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def sheet(self, key: str) -> SheetDef:
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)
