"""Fast reading of a rectangular block of cells straight from a sheet's XML.

openpyxl builds an object per cell; a budget of 3 000 lines has 50 000 of them. Reading
the sheet part with a streaming parser and keeping only the block a table covers is
several times faster. This reader handles what spreadsheet programs write: shared and
inline strings (rich text included), numbers, booleans, errors, ISO dates, and formulas,
including Excel's shared formulas (text on the first cell only, translated for the others).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import iterparse  # the C parser: defusedxml's is pure Python

from defusedxml.ElementTree import fromstring
from openpyxl.utils.cell import column_index_from_string, get_column_letter

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROOT = re.compile(rb"<[A-Za-z_]")  # the first element: everything before it is the prolog


@dataclass(frozen=True)
class RawCell:
    value: Any  # the stored value (a formula's cached result, if any)
    formula: str | None  # "=…" when the cell holds a formula


EMPTY = RawCell(None, None)


class HostileOrBrokenPart(ValueError):
    """A sheet part that is not a plain worksheet (no root, or a DOCTYPE)."""


def shared_strings(z: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in z.namelist():
        return []
    root = fromstring(z.read("xl/sharedStrings.xml"))
    return [_text_of(si) for si in root.iter(f"{_NS}si")]


def _text_of(element: Any) -> str:
    """The text of a string item: plain ``<t>`` or rich-text runs, phonetic runs left out."""
    parts = []
    for child in element:
        if child.tag == f"{_NS}t":
            parts.append(child.text or "")
        elif child.tag == f"{_NS}r":
            parts.extend(t.text or "" for t in child.iter(f"{_NS}t"))
    return "".join(parts)


def read_block(z: zipfile.ZipFile, part: str, strings: list[str], min_row: int, max_row: int,
               min_col: int, max_col: int) -> list[list[RawCell]]:
    """Cells of rows ``min_row..max_row`` × columns ``min_col..max_col`` (1-based), up to
    the last of those rows present in the sheet (rows after it are empty)."""
    from openpyxl.formula.translate import Translator

    width = max_col - min_col + 1
    # Rows are kept as they are met: a table stretched to a million rows costs only the
    # rows the sheet really has.
    found: dict[int, list[RawCell]] = {}
    masters: dict[str, tuple[str, str]] = {}  # shared formula id -> (formula, origin)
    data = z.read(part)
    # Entity tricks (billion laughs, external entities) need a DOCTYPE, which must come
    # before the root element: a sheet part never has one, so refuse any.
    root = _ROOT.search(data)
    if root is None or b"<!DOCTYPE" in data[: root.start()].upper():
        raise HostileOrBrokenPart(part)
    row_tag, cell_tag, f_tag = f"{_NS}row", f"{_NS}c", f"{_NS}f"
    columns: dict[str, int] = {}
    row_no = 0
    for _event, el in iterparse(io.BytesIO(data), events=("end",)):
        if el.tag != row_tag:
            continue
        row_no = int(el.get("r") or row_no + 1)  # "r" is optional in the format
        inside = min_row <= row_no <= max_row
        col_no = 0
        for c in el.iter(cell_tag):
            ref = c.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                col_no = columns.get(letters) or columns.setdefault(
                    letters, column_index_from_string(letters))
            else:
                col_no += 1
                ref = f"{get_column_letter(col_no)}{row_no}"
            f_el = c.find(f_tag)
            formula = None
            if f_el is not None:
                text = f_el.text
                if f_el.get("t") == "shared":
                    si = f_el.get("si", "")
                    if text:
                        masters[si] = ("=" + text, ref)
                    elif si in masters:
                        master, origin = masters[si]
                        text = Translator(master, origin=origin).translate_formula(ref)[1:]
                formula = "=" + (text or "")
            if inside and min_col <= col_no <= max_col:
                cells = found.get(row_no) or found.setdefault(row_no, [EMPTY] * width)
                cells[col_no - min_col] = RawCell(_value(c, strings), formula)
        el.clear()
    last = max(found, default=min_row)
    return [found.get(r, [EMPTY] * width) for r in range(min_row, last + 1)]


def _value(el: Any, strings: list[str]) -> Any:
    kind = el.get("t", "n")
    if kind == "inlineStr":
        inline = el.find(f"{_NS}is")
        return _text_of(inline) if inline is not None else ""
    v = el.find(f"{_NS}v")
    text = v.text if v is not None else None
    if text is None:
        return None
    if kind == "s":
        return strings[int(text)]
    if kind in ("str", "e"):
        return text
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "d":
        from datetime import datetime

        return datetime.fromisoformat(text)
    return float(text) if any(ch in text for ch in ".eE") else int(text)
