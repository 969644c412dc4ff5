"""The vocabulary of the declarative workbook definitions in ``workbooks/``.

A definition says *what* a sheet holds (tables, their columns, labels in
French and English, formats, validation lists, formula templates); the
writer decides *where* and how it looks. Nothing here imports openpyxl.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Literal

#: The hidden sheet recording a workbook's kind and the xlprod version that made it.
META_SHEET = "_xlprod"

#: Number formats used across workbooks.
EUR = '#,##0.00 "€";[Red]-#,##0.00 "€";"–"'
PCT = "0.00%"
PCT3 = "0.000%"
NUM = "#,##0.##"
INT = "0"
TEXT_FORMAT = "@"  # cells that keep what is typed as text
ISO_DATE = "yyyy-mm-dd"  # a date; French workbooks show it dd/mm/yyyy (BookWriter.number_format)


@dataclass(frozen=True)
class Label:
    fr: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" else self.fr


@dataclass(frozen=True)
class Choice:
    """One value of a drop-down list: the code the JSON keeps, the words the workbook shows."""

    code: str
    label: Label


@dataclass(frozen=True)
class Choices:
    """A drop-down list whose cells show words in the workbook's language (``préexistante``)
    and read back as codes (``preexisting``): the writer lists and writes ``label(lang)``,
    the reader takes either label or the code, in any case (:meth:`code_of`)."""

    key: str  # the list's name in Layout.lists (its defined name is list_name(key))
    items: tuple[Choice, ...]

    def labels(self, lang: str) -> tuple[str, ...]:
        return tuple(c.label(lang) for c in self.items)

    def label(self, code: object, lang: str) -> object:
        """What a cell of ``code`` shows (anything not a code is shown as it is)."""
        for c in self.items:
            if c.code == code:
                return c.label(lang)
        return code

    def code_of(self, text: object) -> object:
        """The code a cell's text stands for (label in either language or the code itself,
        any case, as the workbook's formulas compare), else the text unchanged."""
        if not isinstance(text, str):
            return text
        return self._codes.get(text.strip().casefold(), text)

    @functools.cached_property
    def _codes(self) -> dict[str, str]:
        """Every accepted spelling, case-folded → its code (built once per list)."""
        codes: dict[str, str] = {}
        for c in reversed(self.items):  # the first item wins a shared spelling
            for word in (c.code, c.label.fr, c.label.en):
                codes[word.casefold()] = c.code
        return codes

    def spellings(self, code: str, lang: str) -> tuple[str, ...]:
        """Every text a formula should count as ``code``: its label in ``lang`` first, then
        the code and the other language's label, each once (formulas ignore case)."""
        c = next(c for c in self.items if c.code == code)
        out: list[str] = []
        for word in (c.label(lang), c.code, c.label("fr" if lang == "en" else "en")):
            if word.casefold() not in (w.casefold() for w in out):
                out.append(word)
        return tuple(out)


def list_key(choices: str | Choices) -> str:
    """The Layout.lists key of a column's or a field's ``choices``."""
    return choices if isinstance(choices, str) else choices.key


#: What a cell holds, so the reader converts it once for every kind: ``text`` (stripped),
#: ``code`` (text compared exactly by formulas: spaces around it are reported), ``number``
#: (Decimal; text that looks like a number is reported, formulas would skip it),
#: ``integer``, ``date``, ``flag`` (O/N, Y/N, OUI/NON…: a bool, blank = None),
#: ``timecode`` (text ``HH:MM:SS:FF``).
ValueType = Literal["text", "code", "number", "integer", "date", "flag", "timecode"]

#: What a flag cell accepts, in any case (formulas and readers agree).
YES_WORDS = ("O", "Y", "OUI", "YES")
NO_WORDS = ("N", "NON", "NO")


@dataclass(frozen=True)
class Column:
    """One column of a data-entry table.

    ``formula`` is a template: ``{key}`` stands for this row's cell of the
    column ``key`` (written as a structured reference, so Excel fills it into
    rows the user adds); other text is copied as is. A column without a
    formula is an input column, owned by the user; a formula column is owned by
    xlprod (an update rewrites it, ``validate`` reports it typed over).
    """

    key: str
    label: Label
    width: float = 12
    number_format: str | None = None
    formula: str | None = None
    #: a validation list: its name in Layout.lists, or the list itself when its cells show
    #: words and read back as codes
    choices: str | Choices | None = None
    required: bool = False
    #: horizontal alignment of the column's cells ("center"…), part of its style template
    align: str | None = None
    #: long text (sources, descriptions) wraps inside the column instead of running on
    wrap: bool = False
    #: a column added after the first release: files made before it may lack it
    added_later: bool = False
    #: an input column where a formula is meaningful (e.g. ``=shoot_days``); in any
    #: other input column a formula is reported, never silently read as empty
    formula_allowed: bool = False
    hint: Label | None = None
    type: ValueType = "text"
    #: the value a blank input cell reads as (``None``: stays blank)
    default: object = None

    @property
    def is_input(self) -> bool:
        return self.formula is None

    @property
    def owner(self) -> Literal["user", "xlprod"]:
        return "user" if self.formula is None else "xlprod"


@dataclass(frozen=True)
class TableDef:
    name: str  # Excel table name: stable, part of the contract with readers
    columns: tuple[Column, ...]
    #: the model list the table binds (``lines``, ``cues``, ``cues[].rightsholders``)
    path: str = ""
    #: the columns that identify a row (for merges and carried comments)
    key: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def inputs(self) -> tuple[str, ...]:
        """Keys of the user's columns, in order."""
        return tuple(c.key for c in self.columns if c.is_input)


@dataclass(frozen=True)
class Field:
    """A named input cell of a form: a label beside a value cell with its defined name."""

    key: str  # the model field
    label: Label
    name: str  # the defined name of the value cell
    type: ValueType = "text"
    number_format: str | None = None
    hint: Label | None = None
    choices: str | Choices | None = None  # a validation list (as Column.choices)
    editable: bool = True  # False: shown, fixed when the workbook was made (a frame rate)
    #: a field added after the first release: files made before it may lack its name
    added_later: bool = False


@dataclass(frozen=True)
class Form:
    """Named input cells, one per row from ``top`` on a sheet: labels in ``label_col``,
    values in ``value_col`` (merged over ``span`` columns), hints in ``hint_col``."""

    sheet: str
    fields: tuple[Field, ...]
    top: int
    label_col: str = "A"
    value_col: str = "B"
    span: int = 1
    hint_col: str | None = None

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
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
    #: validation lists; a list may differ by language ({"fr": (…), "en": (…)}), or show words
    #: for codes (Choices: those its tables' columns and forms' fields name are added here)
    lists: dict[str, tuple[str, ...] | dict[str, tuple[str, ...]] | Choices] = field(
        default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    #: the defined names the layout gives its computed cells and ranges (besides forms')
    outputs: tuple[str, ...] = ()
    #: names defined only in some variants (a cap that exists for cinema only)
    optional_outputs: tuple[str, ...] = ()
    #: names defined per model entry (a budget's globals), described for the docs
    dynamic_names: str | None = None

    def __post_init__(self) -> None:
        named = [c.choices for t in self.tables.values() for c in t.columns]
        named += [f.choices for form in self.forms.values() for f in form.fields]
        for choices in named:
            if isinstance(choices, Choices):
                self.lists.setdefault(choices.key, choices)

    def sheet(self, key: str) -> SheetDef:
        for s in self.sheets:
            if s.key == key:
                return s
        raise KeyError(key)

    def names(self) -> frozenset[str]:
        """Every workbook name the layout defines (forms, outputs, validation lists) and
        every table name: what a user's own name must not be."""
        out = {f.name for form in self.forms.values() for f in form.fields}
        out |= set(self.outputs) | set(self.optional_outputs) | {list_name(k) for k in self.lists}
        out |= {t.name for t in self.tables.values()}
        return frozenset(out)


def list_name(key: str) -> str:
    """The defined name of validation list ``key``."""
    return f"LISTE_{key.upper()}"
