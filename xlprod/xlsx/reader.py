"""Open a user's workbook safely and read tables and named cells back.

Every problem is reported with its ``Sheet!Cell`` so the user can go there.
"""

from __future__ import annotations

import functools
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from xlprod.errors import NotXlprodWorkbook, UnreadableFile
from xlprod.xlsx.cells import (
    HostileOrBrokenPart,
    RawRow,
    date_styles,
    read_block,
    read_blocks,
    scan_rows,
    shared_strings,
)
from xlprod.xlsx.package import sheet_parts
from xlprod.xlsx.spec import (
    META_SHEET,
    NO_WORDS,
    YES_WORDS,
    Choices,
    Form,
    TableDef,
    ValueType,
)

#: What a damaged or hostile package raises while xlprod reads it (defusedxml's refusals
#: are ValueErrors; a shared-string index out of range an IndexError…).
BROKEN_PACKAGE = (HostileOrBrokenPart, ParseError, KeyError, ValueError, IndexError,
                  OverflowError, zipfile.BadZipFile, EOFError, zlib.error,
                  # zipfile's refusals of a part's header: "encrypted", "compressed patched"
                  RuntimeError, NotImplementedError)

_GONE = RawRow(0)

#: How many rows under a table are looked at for content typed outside it.
BELOW = 50

#: Larger magnitudes are typing accidents (and beyond a spreadsheet's 15 significant digits).
MAX_NUMBER = Decimal("1e12")

__all__ = ["CellProblem", "Row", "WorkbookReader", "open_workbook"]


@dataclass
class CellProblem:
    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.cell}: {self.message}"


@dataclass
class Row:
    """One table row: raw values by column key, and where each one lives."""

    values: dict[str, Any]
    sheet: str
    number: int
    letters: dict[str, str]
    formulas: dict[str, str] = field(default_factory=dict)
    #: keys whose text had spaces around it (the value is given stripped)
    padded: set[str] = field(default_factory=set)
    #: the last computed value of the formula columns asked for (``iter_rows(cached=…)``)
    cached: dict[str, Any] = field(default_factory=dict)

    def cell(self, key: str) -> str:
        return f"{self.sheet}!{self.letters[key]}{self.number}"

    @functools.cached_property
    def cells(self) -> dict[str, str]:
        return {key: self.cell(key) for key in self.letters}

    def is_blank(self, keys: list[str]) -> bool:
        return all(self.values.get(k) in (None, "") for k in keys)


def open_workbook(path: Path, *, tables_read_later: bool = False) -> Workbook:
    """Open an xlsx read-only (streamed: fast on thousands of lines), formulas as text;
    refuse what is not a readable xlsx, or breaks the package's bounds
    (:mod:`xlprod.xlsx.package`), before parsing anything. Close it when done
    (:meth:`WorkbookReader.close`).

    Every sheet is checked to be well-formed XML; with ``tables_read_later`` the sheets
    holding a table are left to :meth:`WorkbookReader.table_rows`, which parses them to
    their end anyway, and :meth:`WorkbookReader.check_rest` checks those it never read:
    a sheet of 200 000 lines is then parsed once, not twice."""
    from xlprod.fileio import check_input_file
    from xlprod.xlsx.package import check_defined_names, check_package, check_sheets

    check_input_file(path, "an .xlsx workbook")
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(f"{path}: not an .xlsx workbook (not a zip archive); save it as .xlsx")
    try:
        with zipfile.ZipFile(path) as z:
            check_package(z, path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableFile(f"{path}: cannot be read as an .xlsx workbook ({exc})") from None
    # openpyxl leaves its zip open when it fails: give it a file we close ourselves.
    file = open(path, "rb")  # noqa: SIM115 (closed by the workbook, or below)
    try:
        wb = load_workbook(file, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        file.close()
        raise UnreadableFile(f"{path}: cannot be read as an .xlsx workbook ({exc})") from None
    archive = getattr(wb, "_archive", None)
    if archive is not None:
        archive._filePassed = 0  # so that wb.close() closes the file too
    try:
        check_defined_names(wb, path)
        later: set[str] = set()
        if tables_read_later:
            try:
                later = {t[2] for t in table_parts(path).values()}
            except BROKEN_PACKAGE:
                later = set()  # every sheet is checked below, which names what is wrong
        with zipfile.ZipFile(path) as z:
            check_sheets(z, wb, path, skip=later)
    except BaseException:
        wb.close()
        raise
    return wb


def workbook_meta(wb: Workbook, path: Path) -> dict[str, str]:
    if META_SHEET not in wb.sheetnames:
        raise NotXlprodWorkbook(
            f"{path}: not an xlprod workbook (no {META_SHEET} sheet); "
            "create one with `xlprod new KIND`"
        )
    ws = wb[META_SHEET]
    meta = {}
    for key, value in ws.iter_rows(min_col=1, max_col=2, values_only=True):
        if key:
            meta[str(key)] = "" if value is None else str(value)
    if "kind" not in meta:
        raise NotXlprodWorkbook(f"{path}: the {META_SHEET} sheet has no kind")
    return meta


#: ``Row.cached`` of the rows read without ``cached`` (one shared, never written to)
_NOTHING_CACHED: dict[str, Any] = {}


class WorkbookReader:
    """Reads tables and named cells of one workbook, collecting cell problems."""

    def __init__(self, wb: Workbook, path: Path, lang: str = "fr") -> None:
        self.wb = wb
        self.path = path
        #: the language of the messages: the workbook's own, unless asked otherwise
        self.lang = lang
        self.problems: list[CellProblem] = []
        #: xlprod's formulas typed over (the figures printed are no longer xlprod's)
        self.overwritten: list[CellProblem] = []
        #: named cells met that hold a formula (text "=…" typed as text is not one)
        self.formula_cells: set[str] = set()
        #: table name → its rows and the rows under it, read with its sheet's other tables
        self._blocks: dict[str, tuple[list[Any], list[Any]]] = {}
        #: sheet parts parsed to their end (known to be well-formed XML)
        self._parsed: set[str] = set()
        #: tables the caller does not need (an import replaces them): their kind's reader
        #: leaves them unread, and :meth:`check_rest` does not parse their sheets either
        self.passed_over: frozenset[str] = frozenset()

    def problem(self, cell: str, message: str, english: str | None = None) -> None:
        """Record a problem at ``cell``: ``message`` in French, ``english`` for --lang en."""
        self.problems.append(CellProblem(cell, english if english and self.lang == "en"
                                         else message))

    def say(self, french: str, english: str) -> str:
        return english if self.lang == "en" else french

    def close(self) -> None:
        self.wb.close()

    @functools.cached_property
    def _tables(self) -> dict[str, tuple[str, str, str, int]]:
        """Table name → (sheet title, ref), read from the package (read-only mode has no
        ``ws.tables``)."""
        return table_parts(self.path)

    def has_table(self, name: str) -> bool:
        """Whether the workbook has a table called ``name`` (a layout's later addition)."""
        try:
            return name in self._tables
        except BROKEN_PACKAGE:
            return False  # _find_table reports the damage when a table is read

    def _find_table(self, name: str) -> tuple[str, str, str, int]:
        try:
            tables = self._tables
        except BROKEN_PACKAGE as exc:
            raise UnreadableFile(f"{self.path}: the workbook's structure cannot be read ({exc}); "
                                 "open and save it again in Excel or LibreOffice") from None
        if name not in tables:
            raise NotXlprodWorkbook(
                f"{self.path}: table {name} is missing; it may have been deleted or renamed "
                "(its name is how xlprod finds the data)"
            )
        return tables[name]

    @functools.cached_property
    def _strings(self) -> list[str]:
        try:
            with zipfile.ZipFile(self.path) as z:
                return shared_strings(z)
        except BROKEN_PACKAGE as exc:
            raise UnreadableFile(f"{self.path}: its shared strings cannot be read ({exc})") from None

    @functools.cached_property
    def _dates(self) -> frozenset[str]:
        try:
            with zipfile.ZipFile(self.path) as z:
                return date_styles(z)
        except BROKEN_PACKAGE as exc:
            raise UnreadableFile(f"{self.path}: its styles cannot be read ({exc})") from None

    def table_rows(self, tdef: TableDef) -> list[Row]:
        """Rows of table ``tdef.name``, columns matched by header label (fr or en)."""
        return list(self.iter_rows(tdef))

    def iter_rows(self, tdef: TableDef, *, cached: tuple[str, ...] = ()) -> Iterator[Row]:
        """:meth:`table_rows` one row at a time, each sheet row's cells let go once it is
        handed out: a reader that keeps only what it converts reads 200 000 lines in the
        memory of its result. The header is checked when the first row is asked for.
        The formula columns ``cached`` keep the value the workbook last computed
        (``Row.cached``; None when it was saved without one)."""
        title, ref, _part, totals = self._find_table(tdef.name)
        min_col, min_row, _max_col, max_row = range_boundaries(ref)
        below = max_row + 1 + totals  # the first row under the table (and its totals row)
        under: list[RawRow] = []
        raw = self._guarded(title, self._raw_rows(tdef.name, under))
        first = next(raw, None)
        if first is None:
            raise NotXlprodWorkbook(f"{self.path}: {title}: table {tdef.name} has no header row")
        header = first.values
        positions: dict[str, int] = {}
        for col in tdef.columns:
            for i, head in enumerate(header):
                if head in (col.label.fr, col.label.en):
                    positions[col.key] = i
                    break
        missing = [c.label.fr for c in tdef.columns
                   if c.key not in positions and c.is_input and not c.added_later]
        if missing:
            raise NotXlprodWorkbook(
                f"{self.path}: {title}: table {tdef.name} lacks column(s) "
                + ", ".join(repr(m) for m in missing)
                + "; restore the header text"
            )
        letters = {key: get_column_letter(min_col + i) for key, i in positions.items()}
        no_formula = {c.key for c in tdef.columns if c.is_input and not c.formula_allowed}
        owned = {c.key for c in tdef.columns if c.formula}
        inputs = [c.key for c in tdef.columns if c.is_input and c.key in positions]
        for number, cells in enumerate(raw, start=min_row + 1):
            values, formulas, padded = {}, {}, set()
            shown: dict[str, Any] = {} if cached else _NOTHING_CACHED
            row_values, row_formulas = cells.values, cells.formulas
            for key, i in positions.items():
                value = row_values[i]
                formula = row_formulas[i]
                if formula is not None:
                    formulas[key] = formula
                    if key in cached:
                        shown[key] = value
                    value = None
                    if key in no_formula:
                        self.problem(f"{title}!{letters[key]}{number}",
                                     f"formule « {formula} » dans une colonne de saisie ; "
                                     "tapez la valeur elle-même (xlprod lit les valeurs, pas les "
                                     "formules)",
                                     f"formula {formula!r} in an input column; "
                                     "type the value itself (xlprod reads values, not formulas)")
                elif isinstance(value, str):
                    stripped = value.strip()
                    if stripped != value and stripped:
                        padded.add(key)
                    value = stripped
                values[key] = value
            typed_over = [k for k in owned if k in positions and k not in formulas]
            if typed_over and not all(values.get(k) in (None, "") for k in inputs):
                for key in typed_over:
                    label = tdef.column(key).label
                    typed = values[key] not in (None, "")
                    self.overwritten.append(CellProblem(
                        f"{title}!{letters[key]}{number}", self.say(
                            f"la formule d'xlprod de la colonne « {label.fr} » a été remplacée par "
                            f"{'une valeur' if typed else 'rien'} : le total imprimé ne "
                            "correspond plus ; `xlprod run upgrade` la rétablit",
                            f"xlprod's formula of column '{label.en}' was replaced by "
                            f"{'a value' if typed else 'nothing'}: the printed total no longer "
                            "matches; `xlprod run upgrade` restores it")))
            yield Row(values, title, number, letters, formulas, padded, shown)
        self._outside(title, tdef.name, under, below, min_col)

    def _guarded(self, title: str, rows: Iterator[RawRow]) -> Iterator[RawRow]:
        """``rows``, a damaged sheet reported as one (exit 2), not as a parser's error."""
        try:
            yield from rows
        except BROKEN_PACKAGE as exc:
            raise UnreadableFile(f"{self.path}: sheet {title} cannot be read ({exc}); open and "
                                 "save it again in Excel or LibreOffice") from None

    def _raw_rows(self, name: str, under: list[RawRow]) -> Iterator[RawRow]:
        """The table's sheet rows, header first, each let go once handed out; once they
        are all out, ``under`` holds the :data:`BELOW` rows under the table. A table alone
        on its sheet streams from the XML; tables sharing a sheet are read together."""
        _title, ref, part, totals = self._tables[name]
        if name in self._blocks or any(t[2] == part and n != name
                                       for n, t in self._tables.items()):
            block, below = self._table_block(name)
            under.extend(below)
            for index in range(len(block)):
                row, block[index] = block[index], _GONE
                yield row
            return
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        first_under = max_row + 1 + totals
        blank = RawRow(max_col - min_col + 1)  # rows absent from the sheet
        expected = min_row
        with zipfile.ZipFile(self.path) as z:
            for number, met in scan_rows(z, part, self._strings,
                                         [(min_row, first_under + BELOW - 1, min_col, max_col)],
                                         to_end=True, dates=self._dates):
                if number <= max_row:
                    while expected < number:
                        yield blank
                        expected += 1
                    yield met[0]
                    expected = number + 1
                elif number >= first_under:
                    under.extend(blank for _ in range(first_under + len(under), number))
                    under.append(met[0])
        self._parsed.add(part)

    def _table_block(self, name: str) -> tuple[list[Any], list[Any]]:
        """The table's rows (header first) and the :data:`BELOW` rows under it. Every table
        of its sheet is read in the same pass, to the sheet's end (which checks its XML);
        each block is handed out once, so memory is not held for the rest of the read."""
        if name not in self._blocks:
            part = self._tables[name][2]
            siblings = [(n, t) for n, t in self._tables.items()
                        if t[2] == part and n not in self._blocks]
            regions = []
            for _n, (_title, t_ref, _part, t_totals) in siblings:
                min_col, min_row, max_col, max_row = range_boundaries(t_ref)
                regions.append((min_row, max_row + t_totals + BELOW, min_col, max_col))
            with zipfile.ZipFile(self.path) as z:
                blocks = read_blocks(z, part, self._strings, regions, to_end=True,
                                     dates=self._dates)
            self._parsed.add(part)
            for (n, (_title, t_ref, _part, t_totals)), block in zip(siblings, blocks,
                                                                    strict=True):
                _c0, min_row, _c1, max_row = range_boundaries(t_ref)
                self._blocks[n] = (block[:max_row - min_row + 1],
                                   block[max_row + 1 + t_totals - min_row:])
        return self._blocks.pop(name)

    def check_rest(self) -> None:
        """Check the XML of the sheets :func:`open_workbook` left to the tables' reading
        (``tables_read_later``) that no table read has parsed."""
        from xlprod.xlsx.package import check_sheets

        try:
            tables = self._tables
        except BROKEN_PACKAGE:
            tables = {}
        left = {t[2] for n, t in tables.items() if n not in self.passed_over} - self._parsed
        if not left:
            return
        with zipfile.ZipFile(self.path) as z:
            check_sheets(z, self.wb, self.path, only=left)

    def _outside(self, title: str, table: str, rows: list[Any], first: int, min_col: int
                 ) -> None:
        """Content typed just under a table (or a row inserted without extending it) is
        printed but counted nowhere: report each such row, up to the first blank one."""
        for offset, cells in enumerate(rows):
            filled = [(i, c) for i, c in enumerate(cells) if c.value not in (None, "") or c.formula]
            if not filled:
                return
            i, cell = filled[0]
            where = f"{title}!{get_column_letter(min_col + i)}{first + offset}"
            shown = str(cell.formula or cell.value)
            shown = shown if len(shown) <= 60 else shown[:57] + "…"
            self.problem(where, f"« {shown} » est sous le tableau {table}, hors de lui : aucun "
                         "total ne le compte ; étendez le tableau jusqu'à cette ligne (Création de "
                         "tableau → Redimensionner le tableau) ou déplacez ce contenu",
                         f"{shown!r} is under table {table}, outside it: no total counts it; "
                         "extend the table to this row (Table Design → Resize Table) or move it")

    def check_formulas(self, meta: dict[str, str]) -> None:
        """xlprod's formulas outside tables (listed in the hidden sheet when the workbook
        was made) must still be formulas: a value typed over one is reported."""
        from openpyxl.utils.cell import coordinate_to_tuple

        sheets = {key.split(":", 1)[1]: value.split() for key, value in meta.items()
                  if key.startswith("formulas:")}
        if not sheets:
            return
        try:
            with zipfile.ZipFile(self.path) as z:
                parts = sheet_parts(z)
                for title, refs in sheets.items():
                    if title not in parts:
                        continue  # a renamed sheet: its tables or names say so
                    places = [coordinate_to_tuple(ref) for ref in refs]
                    rows = [r for r, _ in places]
                    cols = [c for _, c in places]
                    block = read_block(z, parts[title], self._strings, min(rows), max(rows),
                                       min(cols), max(cols))
                    for ref, (row, col) in zip(refs, places, strict=True):
                        offset = row - min(rows)
                        cell = block[offset][col - min(cols)] if offset < len(block) else None
                        if cell is None or cell.formula is None:
                            typed = "rien" if cell is None or cell.value in (None, "") else \
                                f"la valeur {cell.value!r}"
                            english = "nothing" if typed == "rien" else typed.replace(
                                "la valeur", "the value")
                            self.overwritten.append(CellProblem(f"{title}!{ref}", self.say(
                                f"la formule d'xlprod a été remplacée par {typed} : le chiffre "
                                "imprimé n'est plus celui qu'xlprod calcule ; `xlprod run upgrade` "
                                "la rétablit",
                                f"xlprod's formula was replaced by {english}: the printed figure "
                                "is no longer xlprod's; `xlprod run upgrade` restores it")))
        except BROKEN_PACKAGE as exc:
            raise UnreadableFile(f"{self.path}: the workbook's sheets cannot be read ({exc})") from None

    def name_target(self, name: str) -> str | None:
        """``Sheet!A1`` a workbook-level defined name points at (None if absent or not one cell)."""
        dn = self.wb.defined_names.get(name)
        if dn is None:
            return None
        dests = list(dn.destinations)
        if len(dests) != 1:
            return None
        sheet, coord = dests[0]
        return f"{sheet}!{coord.replace('$', '')}"

    def name_clashes(self) -> list[CellProblem]:
        """Workbook-level names Excel would refuse or confuse (a cell reference, a
        function, a table's name, two names differing only by case), at the cell each
        points at, or at its name (:mod:`xlprod.xlsx.names`)."""
        from xlprod.xlsx.names import clashes

        targets = {name: self.name_target(name) for name in self.wb.defined_names}
        try:
            tables = list(self._tables)
        except BROKEN_PACKAGE:
            tables = []  # the kind's reader has reported it already
        return [CellProblem(cell or name, message)
                for name, cell, message in clashes(targets, tables, self.lang)]

    def named_range(self, name: str) -> list[list[tuple[str, Any]]]:
        """The cells of the range a defined name points at, row by row: (``Sheet!A1``,
        value or formula text); empty if the name is absent or not one range."""
        dn = self.wb.defined_names.get(name)
        dests = list(dn.destinations) if dn is not None else []
        if len(dests) != 1:
            return []
        sheet, coord = dests[0]
        min_col, min_row, max_col, max_row = range_boundaries(coord.replace("$", ""))
        rows = self.wb[sheet].iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                        max_col=max_col, values_only=True)
        return [[(f"{sheet}!{get_column_letter(min_col + j)}{min_row + i}", value)
                 for j, value in enumerate(row)] for i, row in enumerate(rows)]

    def named_cell(self, name: str) -> tuple[Any, str]:
        """Value (or formula text) of the single cell a defined name points at."""
        dn = self.wb.defined_names.get(name)
        if dn is None:
            raise NotXlprodWorkbook(f"{self.path}: defined name {name} is missing")
        dests = list(dn.destinations)
        if len(dests) != 1:
            raise NotXlprodWorkbook(f"{self.path}: defined name {name} must point at one cell")
        sheet, coord = dests[0]
        coord = coord.replace("$", "")
        cell = self.wb[sheet][coord]
        if getattr(cell, "data_type", None) == "f":
            self.formula_cells.add(f"{sheet}!{coord}")
        return cell.value, f"{sheet}!{coord}"

    # -- the declaration read back ------------------------------------------------------
    def read_form(self, form: Form) -> tuple[dict[str, Any], dict[str, str]]:
        """Each field's value, converted by its type, and its cell."""
        values: dict[str, Any] = {}
        cells: dict[str, str] = {}
        for f in form.fields:
            if f.added_later and f.name not in self.wb.defined_names:
                continue  # a workbook made before the field: the model's default
            raw, cell = self.named_cell(f.name)
            cells[f.key] = cell
            if cell in self.formula_cells and f.editable:
                self.problem(cell, f"{f.label.fr} : formule « {raw} » dans une cellule de saisie ; "
                             "tapez la valeur elle-même (xlprod lit les valeurs, pas les formules)",
                             f"{f.label.en}: formula {raw!r} in an input cell; type the value "
                             "itself (xlprod reads values, not formulas)")
                raw = None
            values[f.key] = self.convert(raw, cell, f.type, f.label(self.lang))
            if isinstance(f.choices, Choices):
                values[f.key] = self.choice(values[f.key], cell, f.label(self.lang), f.choices)
                if values[f.key] is None:
                    del values[f.key]  # blank or reported: the model's default
        return values, cells

    def typed(self, row: Row, tdef: TableDef) -> dict[str, Any]:
        """A table row's input values converted by column type, blanks as the column's
        default; codes typed with spaces around them are reported (formulas compare the
        exact text)."""
        out: dict[str, Any] = {}
        for col in tdef.columns:
            if not col.is_input or col.key not in row.letters:
                continue
            value = row.values.get(col.key)
            # The common cases, with nothing to report: no cell address to build.
            kind = col.type
            if value is None or value == "":
                if kind != "date":  # a blank date is checked below (required ones)
                    listed = isinstance(col.choices, Choices)
                    out[col.key] = col.default if col.default is not None else (
                        None if listed or kind in ("number", "integer", "flag") else "")
                    continue
            elif type(value) is str and kind in ("text", "code") and not isinstance(
                    col.choices, Choices) and col.key not in row.padded:
                out[col.key] = value
                continue
            elif kind == "number" and type(value) in (int, float) and -MAX_NUMBER < value < \
                    MAX_NUMBER:
                out[col.key] = Decimal(repr(value)) if type(value) is float else Decimal(value)
                continue
            cell = row.cell(col.key)
            what = col.label(self.lang)
            if col.type == "code" and col.key in row.padded:
                self.problem(cell, f"{what} « {value} » est tapé avec des espaces autour ; "
                             "retirez-les (les formules comparent le texte exact)",
                             f"{what} {value!r} is typed with spaces around it; remove them "
                             "(the workbook's formulas compare the exact text)")
            converted = self.convert(value, cell, col.type, what)
            if isinstance(col.choices, Choices):
                converted = self.choice(converted, cell, what, col.choices)
            out[col.key] = col.default if converted in (None, "") and col.default is not None \
                else converted
        return out

    def convert(self, value: Any, cell: str, kind: ValueType, what: str) -> Any:
        """One cell's value as its declared type (problems recorded at ``cell``)."""
        if kind == "number":
            return self.number(value, cell, what, required=False)
        if kind == "integer":
            if type(value) is int:
                return value
            number = self.number(value, cell, what, required=False)
            if number is None:
                return None
            if number != number.to_integral_value():
                self.problem(cell, f"{what} {value!r} doit être un nombre entier",
                             f"{what} {value!r} must be a whole number")
                return None
            return int(number)
        if kind == "date":
            return self.date(value, cell)
        if kind == "flag":
            word = self.text(value).upper()
            if not word:
                return None
            if word in YES_WORDS or word in NO_WORDS:
                return word in YES_WORDS
            self.problem(cell, f"{what} « {word} » : tapez O (oui) ou N (non), ou laissez vide "
                         "pour la valeur par défaut",
                         f"{what} {word!r}: type O (oui) or N (non), or leave it blank for the "
                         "default")
            return None
        return self.text(value)

    # -- conversions that record a problem instead of raising ----------------------
    def choice(self, value: Any, cell: str, what: str, choices: Choices) -> Any:
        """The code a list cell stands for: a word of its list in either language, or the
        code itself, in any case; blank gives None, anything else a problem (and None)."""
        if value in (None, ""):
            return None
        code = choices.code_of(value)
        if any(code == c.code for c in choices.items):
            return code
        fr, en = (_one_of(choices.labels(lang), word) for lang, word in (("fr", "ou"),
                                                                           ("en", "or")))
        self.problem(cell, f"{what} « {value} » n'est pas dans la liste ; choisissez : {fr}",
                     f"{what} {value!r} is not in the list; choose one of {en}")
        return None

    def number(self, value: Any, cell: str, what: str, *, required: bool = True) -> Decimal | None:
        if value is None or value == "":
            if required:
                self.problem(cell, f"{what} est vide ; tapez un nombre",
                             f"{what} is empty; type a number")
            return None
        if isinstance(value, bool):
            self.problem(cell, f"{what} {value!r} n'est pas un nombre",
                         f"{what} {value!r} is not a number")
            return None
        if isinstance(value, datetime | date | time):
            # A date typed in a number cell is a serial number to the formulas (46 082 for
            # a day of 2026): a quantity or a rate it is not.
            shown = value.strftime("%d/%m/%Y") if isinstance(value, date) else \
                value.strftime("%H:%M")
            if isinstance(value, datetime) and (value.hour, value.minute, value.second) != (
                    0, 0, 0):
                shown = value.strftime("%d/%m/%Y %H:%M")
            self.problem(cell, f"{what} « {shown} » est une date ou une heure, pas un nombre ; "
                         "tapez le nombre lui-même et rendez à la cellule le format Nombre",
                         f"{what} {shown!r} is a date or a time, not a number; type the number "
                         "itself and give the cell the Number format back")
            return None
        if not isinstance(value, int | float | Decimal):
            # Text, even "7": the workbook's formulas (SUMIF…) skip it, so reading it as a
            # number would make export disagree with the workbook.
            self.problem(cell, f"{what} « {value} » est du texte, pas un nombre ; retapez-le "
                         "comme un nombre (les formules ignorent le texte)",
                         f"{what} {value!r} is text, not a number; retype it as a number")
            return None
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite() or abs(number) >= MAX_NUMBER:
            self.problem(cell, f"{what} {value!r} est hors des limites d'un devis",
                         f"{what} {value!r} is out of range")
            return None
        return number

    def date(self, value: Any, cell: str) -> date | None:
        """A date cell (or ISO text); empty gives None, anything else a problem."""
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(value).date()  # a date cell read as its serial number
            except (OverflowError, ValueError):
                self.problem(cell, f"« {value} » n'est pas une date ; tapez-la JJ/MM/AAAA",
                             f"date {value!r} is not a date; type it as YYYY-MM-DD")
                return None
        text = str(value).strip()
        try:
            if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):  # the French way: JJ/MM/AAAA
                day, month, year = (int(p) for p in text.split("/"))
                return date(year, month, day)
            return date.fromisoformat(text)
        except ValueError:
            self.problem(cell, f"« {value} » n'est pas une date ; tapez-la JJ/MM/AAAA",
                         f"date {value!r} is not a date; type it as YYYY-MM-DD")
            return None

    def text(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, datetime | date):
            return value.isoformat()[:10]
        return str(value).strip()




def _one_of(words: tuple[str, ...], last: str) -> str:
    """``a, b ou c``."""
    return f"{', '.join(words[:-1])} {last} {words[-1]}" if len(words) > 1 else "".join(words)


def _data_ref(table: Any) -> tuple[str, tuple[int, int] | None]:
    """The table's header and data rows: a totals row (one click in Excel) is left out.

    A totals row count is clamped to the rows under the header. Excel makes at most one
    totals row; when a table claims more, the rows above its last one are returned as
    ``(first, last)`` for the caller to check: they are dropped only if empty."""
    min_col, min_row, max_col, max_row = range_boundaries(table.get("ref"))
    if table.get("headerRowCount") == "0":  # no header: xlprod's tables always have one
        raise NotXlprodWorkbook(f"table {table.get('name')} has no header row; turn it back on")
    count = max(0, min(int(table.get("totalsRowCount") or 0), max_row - min_row))
    extra = (max_row - count + 1, max_row - 1) if count > 1 else None
    max_row -= count
    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}", extra


def table_parts(path: Path) -> dict[str, tuple[str, str, str, int]]:
    """Every Excel table of the package: name → (sheet title, ref, sheet part).

    The package's bounds are checked first; a table claiming several totals rows is
    refused (``UnreadableFile``) if the rows it would hide hold data."""
    import zlib

    from defusedxml import ElementTree

    from xlprod.xlsx.package import check_package, part_relationships

    tables: dict[str, tuple[str, str, str, int]] = {}
    try:
        with zipfile.ZipFile(path) as z:
            check_package(z, path)
            for title, part in sheet_parts(z).items():
                for _id, _type, target in part_relationships(z, part):
                    if "/tables/" not in target or target not in z.namelist():
                        continue
                    table = ElementTree.fromstring(z.read(target))
                    name = table.get("displayName") or table.get("name")
                    if name and table.get("ref"):
                        ref, extra = _data_ref(table)
                        if extra is not None:
                            _refuse_hidden_rows(z, path, title, name, ref, part,
                                                extra, int(table.get("totalsRowCount")))
                        totals = min(1, int(table.get("totalsRowCount") or 0))
                        tables[name] = (title, ref, part, totals)
    except zlib.error as exc:  # damaged compressed data in a part
        raise UnreadableFile(f"{path}: the workbook's structure is damaged in the zip ({exc}); "
                             "open and save it again in Excel or LibreOffice") from None
    return tables


def _refuse_hidden_rows(z: zipfile.ZipFile, path: Path, title: str, name: str, ref: str,
                        part: str, rows: tuple[int, int], claimed: int) -> None:
    """A table claiming ``claimed`` > 1 totals rows: the rows above its last one are
    data rows Excel would show; refuse rather than drop them if any holds something."""
    min_col, _, max_col, _ = range_boundaries(ref)
    block = read_block(z, part, shared_strings(z), rows[0], rows[1], min_col, max_col)
    if any(cell.value not in (None, "") or cell.formula for row in block for cell in row):
        raise UnreadableFile(
            f"{path}: {title}: table {name} claims {claimed} totals rows (Excel makes one), "
            f"which would hide rows {rows[0]}–{rows[1]} that hold data; turn the table's "
            "totals row off and on again in Excel (Table Design > Total Row), then save")
