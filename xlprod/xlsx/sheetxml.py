"""Sheet XML written by xlprod itself: table rows and formula cells with cached values.

openpyxl builds the workbook's structure (styles, tables, names, charts, comments,
print setup) and the few static cells; it has no way to store a formula's cached
result and it spends most of a large write turning cell objects into XML one by one.
So xlprod keeps formula cells and table rows out of openpyxl and writes them here,
as text, each formula with the engine's value as its cached result:

1. openpyxl saves the package (small: no table rows) into memory;
2. :func:`splice` copies every part to the target; in each sheet that has xlprod
   cells, it merges openpyxl's rows with xlprod's, row by row, in order. Where both
   write the same cell (a finding's comment, a restyled cell), openpyxl's style id
   wins and xlprod's content is kept.

The rows openpyxl writes are matched with two regular expressions over its own
output (``<row r=…>`` and ``<c r=…>``): that output is pinned by the openpyxl
version range in ``pyproject.toml`` and covered by ``tests/test_sheetxml.py``.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from openpyxl.utils.cell import column_index_from_string

__all__ = ["CellXml", "cell_xml", "escape_text", "serial", "splice"]

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ESCAPE_LOOKALIKE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_ROW = re.compile(r'<row r="(\d+)"([^>]*?)(?:/>|>(.*?)</row>)', re.S)
_CELL = re.compile(r'<c r="([A-Z]+)(\d+)"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_STYLE = re.compile(r' s="(\d+)"')
_DIMENSION = re.compile(r'<dimension ref="[^"]*"\s*/>')
_EPOCH = datetime(1899, 12, 30)


def escape_text(text: str) -> str:
    """XML text as spreadsheet programs read it: markup escaped, control characters as
    OOXML's ``_xHHHH_`` escapes (an XML file cannot carry them raw)."""
    if "_x" in text:
        text = _ESCAPE_LOOKALIKE.sub(r"_x005F_\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    return text


def serial(value: date | datetime | time) -> float | int:
    """Excel's serial number of a date (days since 1899-12-30, 1900 date system)."""
    if isinstance(value, datetime):
        delta = value - _EPOCH
        return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000
    if isinstance(value, date):
        return (value - _EPOCH.date()).days
    return (value.hour * 3600 + value.minute * 60 + value.second) / 86400


def _number(value: Any) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def cell_xml(ref: str, style: int, value: Any, formula: str | None = None) -> str:
    """One ``<c>`` element. ``formula`` is already escaped, without its ``=``; ``value``
    is the cell's value, or a formula's cached result (``""`` for an empty text result,
    ``None`` for a cell that is empty or a formula with no result)."""
    s = f' s="{style}"' if style else ""
    if formula is not None:
        f = f"<f>{formula}</f>"
        if value is None:
            return f'<c r="{ref}"{s}>{f}</c>'
        if isinstance(value, bool):
            return f'<c r="{ref}"{s} t="b">{f}<v>{int(value)}</v></c>'
        if isinstance(value, str):
            return f'<c r="{ref}"{s} t="str">{f}<v>{escape_text(value)}</v></c>'
        if isinstance(value, date | datetime | time):
            value = serial(value)
        return f'<c r="{ref}"{s}>{f}<v>{_number(value)}</v></c>'
    if value is None:
        return f'<c r="{ref}"{s}/>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, str):
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape_text(value)}</t></is></c>'
    if isinstance(value, date | datetime | time):
        value = serial(value)
    return f'<c r="{ref}"{s}><v>{_number(value)}</v></c>'


#: One row of xlprod cells: (row number, [(column number, letters, style, value, formula)]).
CellXml = tuple[int, str, int, Any, str | None]
XRow = tuple[int, list[CellXml]]


def _merged(openpyxl_rows: str, ours: Iterator[XRow]) -> Iterator[str]:
    """openpyxl's ``<row>`` elements and xlprod's rows, merged by row number."""
    theirs = ((int(m.group(1)), m) for m in _ROW.finditer(openpyxl_rows))
    a = next(theirs, None)
    b = next(ours, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a[0] < b[0]):
            assert a is not None
            yield a[1].group(0)
            a = next(theirs, None)
        elif a is None or b[0] < a[0]:
            number, cells = b
            yield f'<row r="{number}">' + "".join(
                cell_xml(f"{letters}{number}", style, value, formula)
                for _col, letters, style, value, formula in cells) + "</row>"
            b = next(ours, None)
        else:  # the same row: a finding's comment or a restyle on one of xlprod's cells
            number, cells = b
            row_attrs, inner = a[1].group(2), a[1].group(3) or ""
            mine = {letters: (col, style, value, formula)
                    for col, letters, style, value, formula in cells}
            parts: list[tuple[int, str]] = []
            for cm in _CELL.finditer(inner):
                letters = cm.group(1)
                col = column_index_from_string(letters)
                if letters in mine:
                    _c, style, value, formula = mine.pop(letters)
                    sm = _STYLE.search(cm.group(3))
                    parts.append((col, cell_xml(f"{letters}{number}",
                                                int(sm.group(1)) if sm else style, value, formula)))
                else:
                    parts.append((col, cm.group(0)))
            for letters, (col, style, value, formula) in mine.items():
                parts.append((col, cell_xml(f"{letters}{number}", style, value, formula)))
            parts.sort(key=lambda p: p[0])
            yield f'<row r="{number}"{row_attrs}>' + "".join(p[1] for p in parts) + "</row>"
            a = next(theirs, None)
            b = next(ours, None)


def _write_sheet(xml: str, ours: Iterator[XRow], dimension: str | None, out: IO[bytes]) -> None:
    head, sep, rest = xml.partition("<sheetData>")
    if sep:
        body, _, tail = rest.partition("</sheetData>")
    else:  # openpyxl writes an empty sheet's data as <sheetData />
        head, sep, tail = xml.partition("<sheetData />")
        body = ""
        if not sep:
            raise ValueError("no sheetData in a sheet written by openpyxl")
    if dimension:
        head = _DIMENSION.sub(f'<dimension ref="{dimension}" />', head, count=1)
    out.write(head.encode())
    out.write(b"<sheetData>")
    chunk: list[str] = []
    size = 0
    for row in _merged(body, ours):
        chunk.append(row)
        size += len(row)
        if size > 1 << 20:  # write in ~1 MB pieces: a 200 000-line sheet never sits in memory
            out.write("".join(chunk).encode())
            chunk, size = [], 0
    out.write("".join(chunk).encode())
    out.write(b"</sheetData>")
    out.write(tail.encode())


def splice(package: IO[bytes], target: IO[bytes],
           sheets: dict[str, tuple[Iterable[XRow], str | None]]) -> None:
    """Copy the package openpyxl wrote to ``target``, merging into each sheet part named
    in ``sheets`` (part name → (xlprod's rows in row order, new dimension)) its rows."""
    with zipfile.ZipFile(package) as zin, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in sheets:
                rows, dimension = sheets[info.filename]
                big = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                big.compress_type = zipfile.ZIP_DEFLATED
                with zout.open(big, "w", force_zip64=True) as out:
                    _write_sheet(data.decode(), iter(rows), dimension, out)
            else:
                zout.writestr(info, data)
