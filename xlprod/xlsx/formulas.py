"""Formula text helpers, in one place so they can be unit-tested.

Only functions that Excel 2016+ and LibreOffice 7.4 both evaluate are used;
:data:`ALLOWED_FUNCTIONS` lists them and a test scans every generated
workbook against it. None of them needs the ``_xlfn.`` prefix.
"""

from __future__ import annotations

import re

ALLOWED_FUNCTIONS = frozenset(
    {
        "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "ROUND", "ROUNDUP", "MIN", "MAX", "IF",
        "OR", "AND", "NOT", "INDEX", "MATCH", "COUNTIF", "COUNTIFS", "IFERROR", "ABS",
        "INT", "MOD", "VALUE", "MID", "LEFT", "RIGHT", "LEN", "TEXT", "ISNUMBER",
        "ISBLANK", "CEILING", "TRUNC", "COUNT", "COUNTA", "FIND", "UPPER", "TRIM",
        "YEAR", "MONTH", "ROW",
    }
)

_FUNC_RE = re.compile(r"([A-Z][A-Z0-9.]*)\(")
_STRING_RE = re.compile(r'"(?:[^"]|"")*"')


def functions_used(formula: str) -> set[str]:
    """The function names a formula calls (string literals ignored)."""
    return set(_FUNC_RE.findall(_STRING_RE.sub('""', formula)))


def escape_column(name: str) -> str:
    """Escape a table column name for a structured reference (Excel's ' rule)."""
    return re.sub(r"(['#\[\]@])", r"'\1", name)


def this_row(table: str, column: str) -> str:
    """Structured reference to this row's cell of ``column`` (Excel shows ``[@column]``)."""
    return f"{table}[[#This Row],[{escape_column(column)}]]"


def whole_column(table: str, column: str) -> str:
    """Structured reference to a table column's data (grows with the table)."""
    return f"{table}[{escape_column(column)}]"


def column_letter(index: int) -> str:
    """1 → A, 27 → AA (Excel's column names)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_ref(sheet: str, cell: str) -> str:
    """``'Sheet name'!$A$1`` with quotes when needed."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet):
        return f"{sheet}!{cell}"
    return "'" + sheet.replace("'", "''") + f"'!{cell}"


def absolute(cell: str) -> str:
    col, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()  # type: ignore[union-attr]
    return f"${col}${row}"

