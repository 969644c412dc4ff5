"""Open a user's workbook safely and read tables and named cells back.

Every problem is reported with its ``Sheet!Cell`` so the user can go there.
"""

from __future__ import annotations

import functools
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlprod.errors import NotXlprodWorkbook, UnreadableFile
from xlprod.xlsx.spec import META_SHEET, TableDef

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

    def cell(self, key: str) -> str:
        return f"{self.sheet}!{self.letters[key]}{self.number}"

    @functools.cached_property
    def cells(self) -> dict[str, str]:
        return {key: self.cell(key) for key in self.letters}

    def is_blank(self, keys: list[str]) -> bool:
        return all(self.values.get(k) in (None, "") for k in keys)


def open_workbook(path: Path) -> Workbook:
    """Load an xlsx with formulas as text; refuse what is not a readable xlsx."""
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    if path.is_dir():
        raise UnreadableFile(f"{path}: is a directory, expected an .xlsx workbook")
    if not zipfile.is_zipfile(path):
        raise UnreadableFile(f"{path}: not an .xlsx workbook (not a zip archive); save it as .xlsx")
    try:
        return load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many types for corrupt files
        raise UnreadableFile(f"{path}: cannot be read as an .xlsx workbook ({exc})") from None


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


class WorkbookReader:
    """Reads tables and named cells of one workbook, collecting cell problems."""

    def __init__(self, wb: Workbook, path: Path) -> None:
        self.wb = wb
        self.path = path
        self.problems: list[CellProblem] = []

    def problem(self, cell: str, message: str) -> None:
        self.problems.append(CellProblem(cell, message))

    def _find_table(self, name: str) -> tuple[Worksheet, Any]:
        for ws in self.wb.worksheets:
            if name in ws.tables:
                return ws, ws.tables[name]
        raise NotXlprodWorkbook(
            f"{self.path}: table {name} is missing; it may have been deleted or renamed "
            "(its name is how xlprod finds the data)"
        )

    def table_rows(self, tdef: TableDef) -> list[Row]:
        """Rows of table ``tdef.name``, columns matched by header label (fr or en)."""
        ws, table = self._find_table(tdef.name)
        (min_col, min_row, max_col, max_row) = _bounds(table.ref)
        header = [c.value for c in ws[min_row][min_col - 1 : max_col]]
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
                f"{self.path}: {ws.title}: table {tdef.name} lacks column(s) "
                + ", ".join(repr(m) for m in missing)
                + "; restore the header text"
            )
        from openpyxl.utils import get_column_letter

        letters = {key: get_column_letter(min_col + i) for key, i in positions.items()}
        no_formula = {c.key for c in tdef.columns if c.is_input and not c.formula_allowed}
        rows = []
        for number, r in enumerate(
            ws.iter_rows(min_row=min_row + 1, max_row=max_row, min_col=min_col, max_col=max_col),
            start=min_row + 1,
        ):
            values, formulas = {}, {}
            for key, i in positions.items():
                cell = r[i]
                value = cell.value
                if cell.data_type == "f":
                    formulas[key] = formula_text(value)
                    value = None
                    if key in no_formula:
                        self.problem(f"{ws.title}!{cell.coordinate}",
                                     f"formula {formula_text(cell.value)!r} in an input column; "
                                     "type the value itself (xlprod reads values, not formulas)")
                elif isinstance(value, str):
                    value = value.strip()
                values[key] = value
            rows.append(Row(values, ws.title, number, letters, formulas))
        return rows

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

    def named_cell(self, name: str) -> tuple[Any, str]:
        """Value (or formula text) of the single cell a defined name points at."""
        dn = self.wb.defined_names.get(name)
        if dn is None:
            raise NotXlprodWorkbook(f"{self.path}: defined name {name} is missing")
        dests = list(dn.destinations)
        if len(dests) != 1:
            raise NotXlprodWorkbook(f"{self.path}: defined name {name} must point at one cell")
        sheet, coord = dests[0]
        cell = self.wb[sheet][coord.replace("$", "")]
        return cell.value, f"{sheet}!{cell.coordinate}"

    # -- conversions that record a problem instead of raising ----------------------
    def number(self, value: Any, cell: str, what: str, *, required: bool = True) -> Decimal | None:
        if value is None or value == "":
            if required:
                self.problem(cell, f"{what} is empty; type a number")
            return None
        if isinstance(value, bool):
            self.problem(cell, f"{what} {value!r} is not a number")
            return None
        if isinstance(value, int | float | Decimal):
            return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        text = str(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
        text = text.replace("€", "").replace(",", ".")
        try:
            return Decimal(text)
        except InvalidOperation:
            self.problem(cell, f"{what} {value!r} is not a number")
            return None

    def date(self, value: Any, cell: str) -> date | None:
        """A date cell (or ISO text); empty gives None, anything else a problem."""
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem(cell, f"date {value!r} is not a date; type it as YYYY-MM-DD")
            return None

    def text(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, datetime | date):
            return value.isoformat()[:10]
        return str(value).strip()


def formula_text(value: Any) -> str:
    """The text of a formula cell (array formulas are objects in openpyxl)."""
    return value if isinstance(value, str) else str(getattr(value, "text", value))


def _bounds(ref: str) -> tuple[int, int, int, int]:
    from openpyxl.utils.cell import range_boundaries

    return range_boundaries(ref)  # type: ignore[return-value]
