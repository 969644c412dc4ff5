"""Fast reading of a rectangular block of cells straight from a sheet's XML.

openpyxl builds an object per cell; a budget of 3 000 lines has 50 000 of them. Reading
the sheet part with a streaming parser and keeping only the block a table covers is
several times faster. This reader handles what spreadsheet programs write: shared and
inline strings (rich text included), numbers, booleans, errors, ISO dates, and formulas,
including Excel's shared formulas (text on the first cell only, translated for the others).
"""

from __future__ import annotations

import contextlib
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, overload
from xml.etree.ElementTree import iterparse  # the C parser: defusedxml's is pure Python

from openpyxl.utils.cell import column_index_from_string, get_column_letter

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROOT = re.compile(rb"<[A-Za-z_]")  # the first element: everything before it is the prolog


@dataclass(frozen=True, slots=True)
class RawCell:
    value: Any  # the stored value (a formula's cached result, if any)
    formula: str | None  # "=…" when the cell holds a formula


EMPTY = RawCell(None, None)


class RawRow(Sequence[RawCell]):
    """One row of a block: its values and formulas side by side (two lists, not an object
    per cell: a 200 000-line table is read in a fifth of the memory), seen as cells."""

    __slots__ = ("formulas", "values")

    def __init__(self, width: int) -> None:
        self.values: list[Any] = [None] * width
        self.formulas: list[str | None] = [None] * width

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, index: int) -> RawCell: ...

    @overload
    def __getitem__(self, index: slice) -> list[RawCell]: ...

    def __getitem__(self, index: int | slice) -> RawCell | list[RawCell]:
        if isinstance(index, slice):
            return [RawCell(v, f) for v, f in zip(self.values[index], self.formulas[index],
                                                  strict=True)]
        return RawCell(self.values[index], self.formulas[index])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RawRow):
            return self.values == other.values and self.formulas == other.formulas
        if isinstance(other, Sequence):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return repr(list(self))


class HostileOrBrokenPart(ValueError):
    """A part that is not a plain workbook part (no root, a DOCTYPE, beyond a bound);
    the message names the part and what is wrong."""


#: Shared strings read at most (Excel's own limit is about 2^31; a real workbook has a few
#: hundred thousand at most).
MAX_STRINGS = 1_000_000
#: Characters of one cell's text: Excel's limit.
MAX_STRING_LENGTH = 32_767
#: Cells of a table's block (rows from its header to its last row present × its columns):
#: 10 million is 500 000 lines of 20 columns. ``XLPROD_MAX_TABLE_CELLS`` changes it.
DEFAULT_MAX_BLOCK_CELLS = 10_000_000
#: Bytes before a part's root element that are read to look for a DOCTYPE.
_PROLOG_LIMIT = 64 * 1024


def max_block_cells() -> int:
    import os

    raw = os.environ.get("XLPROD_MAX_TABLE_CELLS", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_BLOCK_CELLS


class _Prefixed:
    """A part's stream with the bytes already read to check its prolog put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size is None or size < 0:
                data, self._head = self._head + self._rest.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._rest.read(size)


@contextlib.contextmanager
def open_part(z: zipfile.ZipFile, part: str) -> Iterator[_Prefixed]:
    """The part as a stream (never read whole), once its prolog is known to hold no
    DOCTYPE: entity tricks (billion laughs, external entities) need one, and it must
    come before the root element; a workbook's part never has one, so any is refused."""
    with z.open(part) as stream:
        head = b""
        while True:
            chunk = stream.read(4096)
            head += chunk
            root = _ROOT.search(head)
            if root is not None or not chunk or len(head) > _PROLOG_LIMIT:
                break
        if root is None:
            raise HostileOrBrokenPart(f"{part}: no XML element at its start")
        prolog = head[: root.start()].upper()
        if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise HostileOrBrokenPart(f"{part}: holds a DOCTYPE, which a workbook part never "
                                      "has (entity tricks); refused")
        yield _Prefixed(head, stream)


def shared_strings(z: zipfile.ZipFile) -> list[str]:
    """The shared-string table, streamed; refused (naming the part) beyond
    :data:`MAX_STRINGS` strings or a string beyond Excel's 32 767 characters."""
    part = "xl/sharedStrings.xml"
    if part not in z.namelist():
        return []
    strings: list[str] = []
    si_tag = f"{_NS}si"
    root = None
    with open_part(z, part) as stream:
        for event, el in iterparse(stream, events=("start", "end")):
            if root is None:
                root = el
            if event == "start" or el.tag != si_tag:
                continue
            text = _text_of(el)
            if len(text) > MAX_STRING_LENGTH:
                raise HostileOrBrokenPart(
                    f"{part}: string {len(strings) + 1} has {len(text)} characters, more than "
                    f"the {MAX_STRING_LENGTH} an Excel cell holds")
            strings.append(text)
            if len(strings) > MAX_STRINGS:
                raise HostileOrBrokenPart(f"{part}: more than {MAX_STRINGS} shared strings; "
                                          "this is not a workbook xlprod reads")
            root.clear()  # the strings read so far: memory stays flat
    return strings


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
               min_col: int, max_col: int) -> list[RawRow]:
    """Cells of rows ``min_row..max_row`` × columns ``min_col..max_col`` (1-based), up to
    the last of those rows present in the sheet (rows after it are empty).

    The part is streamed and each row dropped once read, so memory follows the block,
    not the sheet; cells outside the block are skipped. A block beyond
    :func:`max_block_cells` cells is refused before it is built, naming the part."""
    return read_blocks(z, part, strings, [(min_row, max_row, min_col, max_col)])[0]


def read_blocks(z: zipfile.ZipFile, part: str, strings: list[str],
                regions: list[tuple[int, int, int, int]], *, to_end: bool = False,
                dates: frozenset[str] = frozenset()) -> list[list[RawRow]]:
    """Several blocks of one sheet, ``(min_row, max_row, min_col, max_col)`` each, read in
    one pass over its XML (see :func:`read_block`). With ``to_end`` the rest of the part is
    parsed too, so that the whole sheet is known to be well-formed XML: a sheet is then
    read once, not once to check it and once for its tables. A number in a cell whose
    style is in ``dates`` (:func:`date_styles`) is read as the date it shows."""
    # Rows are kept as they are met: a table stretched to a million rows costs only the
    # rows the sheet really has.
    found: list[dict[int, RawRow]] = [{} for _ in regions]
    for row_no, cells in scan_rows(z, part, strings, regions, to_end=to_end, dates=dates):
        for i, row in cells.items():
            found[i][row_no] = row
    out = []
    for (r0, _, c0, c1), rows in zip(regions, found, strict=True):
        last = max(rows, default=r0)
        blank = RawRow(c1 - c0 + 1)  # rows absent from the sheet share one (callers read)
        out.append([rows.get(r, blank) for r in range(r0, last + 1)])
    return out


def scan_rows(z: zipfile.ZipFile, part: str, strings: list[str],
              regions: list[tuple[int, int, int, int]], *, to_end: bool = False,
              dates: frozenset[str] = frozenset()) -> Iterator[tuple[int, dict[int, RawRow]]]:
    """The rows of the sheet holding cells of ``regions``, in order, as they are parsed:
    ``(row number, {region index: its cells of the row})`` (:func:`read_blocks` without
    keeping them: a 200 000-line table streams through in the memory of one row)."""
    from openpyxl.formula.tokenizer import TokenizerError
    from openpyxl.formula.translate import Translator, TranslatorError

    limit = max_block_cells()
    last_row = max((r[1] for r in regions), default=0)
    masters: dict[str, tuple[str, str]] = {}  # shared formula id -> (formula, origin)
    texts: dict[str, str] = {}  # each formula's text, once
    row_tag, cell_tag, f_tag = f"{_NS}row", f"{_NS}c", f"{_NS}f"
    v_tag, is_tag = f"{_NS}v", f"{_NS}is"
    columns: dict[str, int] = {}
    row_no = 0
    with open_part(z, part) as stream:
        # End events only (half the events of start+end): each row is cleared once read,
        # so what stays of it in the tree is an empty element, a few bytes.
        for _event, el in iterparse(stream, events=("end",)):
            if el.tag != row_tag:
                continue
            row_no = int(el.get("r") or row_no + 1)  # "r" is optional in the format
            if row_no > last_row:  # rows come in order: the blocks are complete
                if not to_end:
                    break
                el.clear()
                continue
            inside = [i for i, (r0, r1, c0, c1) in enumerate(regions) if r0 <= row_no <= r1]
            for i in inside:
                r0, _, c0, c1 = regions[i]
                if (row_no - r0 + 1) * (c1 - c0 + 1) > limit:
                    raise HostileOrBrokenPart(
                        f"{part}: the table's block reaches row {row_no} over {c1 - c0 + 1} "
                        f"columns, more than {limit} cells; shrink the table to its rows (or "
                        "raise XLPROD_MAX_TABLE_CELLS)")
            # the columns wanted in this row: one span when one region covers it
            low = min((regions[i][2] for i in inside), default=1)
            high = max((regions[i][3] for i in inside), default=0)
            several = len(inside) > 1
            col_no = 0
            met: dict[int, RawRow] = {}
            for c in el:
                if c.tag != cell_tag:
                    continue
                ref = c.get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    col_no = columns.get(letters) or columns.setdefault(
                        letters, column_index_from_string(letters))
                else:
                    col_no += 1
                    ref = f"{get_column_letter(col_no)}{row_no}"
                if not (low <= col_no <= high and (not several or any(
                        regions[i][2] <= col_no <= regions[i][3] for i in inside))):
                    f_el = c.find(f_tag)  # only a shared formula's first cell matters here
                    if f_el is not None and f_el.text and f_el.get("t") == "shared":
                        masters[f_el.get("si", "")] = ("=" + f_el.text, ref)
                    continue
                v_text = f_el = inline = None
                for child in c:  # one walk over the cell's children
                    tag = child.tag
                    if tag == v_tag:
                        v_text = child.text
                    elif tag == f_tag:
                        f_el = child
                    elif tag == is_tag:
                        inline = child
                formula = None
                if f_el is not None:
                    text = f_el.text
                    if f_el.get("t") == "shared":
                        si = f_el.get("si", "")
                        if text:
                            masters[si] = ("=" + text, ref)
                        elif si in masters:
                            master, origin = masters[si]
                            try:
                                text = Translator(master, origin=origin).translate_formula(ref)[1:]
                            except (TokenizerError, TranslatorError, ValueError, IndexError) as exc:
                                raise HostileOrBrokenPart(
                                    f"{part}: cell {ref}'s shared formula (from {origin}: "
                                    f"{master[:100]!r}) cannot be read ({exc})") from None
                    formula = "=" + (text or "")
                    # A table column repeats one formula on every row: keep one copy of
                    # its text (a 200 000-line budget holds a gigabyte of them otherwise).
                    formula = texts.setdefault(formula, formula)
                kind = c.get("t")
                if kind is None or kind == "n":
                    if v_text is None:
                        value: Any = None
                    else:
                        value = float(v_text) if ("." in v_text or "e" in v_text
                                                  or "E" in v_text) else int(v_text)
                        if dates and c.get("s") in dates:
                            value = _as_date(value)
                else:
                    value = _typed_value(kind, v_text, inline, strings)
                if type(value) is str and len(value) <= 32:
                    value = texts.setdefault(value, value)  # codes repeat on every row
                for i in inside:
                    r0, _, c0, c1 = regions[i]
                    if c0 <= col_no <= c1:
                        cells = met.get(i)
                        if cells is None:
                            cells = met[i] = RawRow(c1 - c0 + 1)
                        cells.values[col_no - c0] = value
                        cells.formulas[col_no - c0] = formula
            el.clear()
            if met:
                yield row_no, met


def _typed_value(kind: str, text: str | None, inline: Any, strings: list[str]) -> Any:
    """The value of a cell of type ``kind`` (``t``) other than a plain number."""
    if kind == "inlineStr":
        return _text_of(inline) if inline is not None else ""
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


def _as_date(serial: float) -> Any:
    """A number shown with a date or time format is what the user typed: a date (or a
    time, or both), as openpyxl reads it; a serial no calendar holds stays a number."""
    from openpyxl.utils.datetime import from_excel

    try:
        return from_excel(serial)
    except (OverflowError, ValueError, TypeError):
        return serial


def date_styles(z: zipfile.ZipFile) -> frozenset[str]:
    """The style ids (``s`` of a cell, as text) whose number format shows a date or a time:
    a number typed in such a cell is a date to the user."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    part = "xl/styles.xml"
    if part not in z.namelist():
        return frozenset()
    formats: dict[str, str] = {str(k): v for k, v in BUILTIN_FORMATS.items()}
    found: set[str] = set()
    index = 0
    in_xfs = False
    with open_part(z, part) as stream:
        for event, el in iterparse(stream, events=("start", "end")):
            tag = el.tag
            if event == "start":
                if tag == f"{_NS}cellXfs":
                    in_xfs = True
                continue
            if tag == f"{_NS}numFmt":
                formats[el.get("numFmtId", "")] = el.get("formatCode", "")
            elif tag == f"{_NS}cellXfs":
                in_xfs = False
            elif tag == f"{_NS}xf" and in_xfs:
                fmt = formats.get(el.get("numFmtId", "0"), "General")
                if is_date_format(fmt):
                    found.add(str(index))
                index += 1
    return frozenset(found)
