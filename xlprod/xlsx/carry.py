"""What an update carries from a user's workbook into the one that replaces it.

The new workbook is built *inside* the user's own, so the sheets the user added keep
their values, formulas, styles, merged cells, comments, validations and names untouched.
xlprod's own sheets are laid out anew, so they are never loaded into openpyxl (a cost
report's Écritures sheet holds 100 000 rows: a minute and 2 GB in openpyxl): they are
surveyed from the package, streamed (:func:`survey`), and openpyxl loads a copy of the
package in which each of them is an empty stub (:func:`open_for_update`). From the old
sheets this module carries the comments the user wrote (re-attached to the same input,
wherever its row landed) and the column widths the user changed. What it cannot carry
is listed by name, so the update refuses (or, with ``--force``, says what it drops):

- content typed on xlprod's sheets outside its tables and cells (the new layout has no
  place for it), columns added to xlprod's tables, and tables the user added there;
- drawings (images, charts, shapes) and pivot tables on the user's sheets, which
  openpyxl does not load.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from xml.etree.ElementTree import Element, ParseError, fromstring, iterparse  # C parser: rows

from defusedxml import ElementTree as safe
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, range_boundaries
from openpyxl.workbook.workbook import Workbook

from xlprod.errors import UnreadableFile
from xlprod.xlsx.cells import open_part, shared_strings
from xlprod.xlsx.package import part_relationships, sheet_parts
from xlprod.xlsx.spec import Layout
from xlprod.xlsx.writer import BookWriter, xlprod_sheets

__all__ = ["Survey", "carry_over", "open_for_update", "survey"]

_BLOCKING_PARTS = {"drawing": "dessin, image ou graphique", "pivotTable": "tableau croisé dynamique",
                   "oleObject": "objet incorporé"}
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_MAIN = _NS[1:-1].encode()
#: What openpyxl is given instead of one of xlprod's sheets: the update lays it out anew.
_STUB = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="'
         + _MAIN + b'"><sheetData/></worksheet>')


@dataclass
class Survey:
    """The user's work on the old workbook that the new one must keep."""

    comments: list[tuple[str, str, str, str]] = field(default_factory=list)  # sheet, cell, text, author
    widths: dict[str, dict[str, float]] = field(default_factory=dict)
    loose: dict[str, dict[str, Any]] = field(default_factory=dict)  # sheet → cell → value
    user_sheets: list[str] = field(default_factory=list)
    cannot_carry: list[str] = field(default_factory=list)
    #: the user's workbook-level names (none of them points into xlprod's sheets): text
    names: dict[str, str] = field(default_factory=dict)
    #: xlprod's sheet parts, replaced by stubs when openpyxl loads the workbook
    stubbed: list[str] = field(default_factory=list)


def open_for_update(path: Path, layout: Layout) -> tuple[Survey, Workbook]:
    """The survey of the workbook at ``path`` and the workbook itself, formulas as text
    (an update rewrites it), with xlprod's sheets empty: openpyxl reads only the user's."""
    try:
        with zipfile.ZipFile(path) as z:
            found = survey(z, layout)
            return found, load_workbook(_stubbed(z, found.stubbed), data_only=False)
    except UnreadableFile:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UnreadableFile(f"{path}: cannot be read for an update ({exc})") from None


def _stubbed(z: zipfile.ZipFile, parts: list[str]) -> io.BytesIO:
    """A copy of the package (stored, in memory) where each of ``parts`` is an empty
    sheet without relationships (its tables, comments and drawings are left unread)."""
    rels = {_rels_of(part) for part in parts}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in z.infolist():
            name = info.filename
            if name in rels:
                continue
            copy.writestr(zipfile.ZipInfo(name, info.date_time),
                          _STUB if name in parts else z.read(name))
    out.seek(0)
    return out


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels"


def survey(z: zipfile.ZipFile, layout: Layout) -> Survey:
    """Look at the old workbook's package before xlprod's sheets are laid out anew:
    xlprod's sheets streamed (tables, comments, widths, content outside the tables),
    the user's sheets only for what openpyxl would drop."""
    found = Survey()
    parts = sheet_parts(z)
    kinds = {target: kind for _id, kind, target in part_relationships(z, "xl/workbook.xml")}
    ours = set(xlprod_sheets(cast(Workbook, SimpleNamespace(sheetnames=list(parts))), layout))
    labels = {t.name: {label for c in t.columns for label in (c.label.fr, c.label.en)}
              for t in layout.tables.values()}
    strings: list[list[str]] = []

    def shared() -> list[str]:  # read only if a cell outside the tables needs it
        if not strings:
            strings.append(shared_strings(z))
        return strings[0]

    for title, part in parts.items():
        if not kinds.get(part, "").endswith("/worksheet"):
            continue  # a chart sheet: openpyxl keeps it
        if title not in ours:
            found.user_sheets.append(title)
            continue
        found.stubbed.append(part)
        boxes = []
        for _id, kind, target in part_relationships(z, part):
            if target not in z.namelist():
                continue
            if kind.endswith("/table"):
                table = safe.fromstring(z.read(target))
                name = table.get("displayName") or table.get("name") or ""
                if table.get("ref"):
                    boxes.append(range_boundaries(table.get("ref", "")))
                if name not in labels:  # the user's own table, on one of xlprod's sheets
                    found.cannot_carry.append(f"{title} : tableau {name} ajouté sur une feuille "
                                              "d'xlprod (déplacez-le sur une feuille à vous)")
                    continue
                columns = [c.get("name", "") for c in table.iter(f"{_NS}tableColumn")]
                extra = [c for c in columns if c not in labels.get(name, ())]
                if extra:
                    found.cannot_carry.append(
                        f"{title} : colonne(s) {', '.join(repr(e) for e in extra)} ajoutée(s) au "
                        f"tableau {name} (déplacez-les sur une feuille à vous)")
            elif kind.endswith("/comments"):
                found.comments += [(title, *c) for c in _comments(z, target)]
        widths, loose = _scan(z, part, [cast(Box, b) for b in boxes], shared)
        found.widths[title] = widths
        if loose:
            found.loose[title] = loose
    found.cannot_carry += _parts_openpyxl_drops(z, found.user_sheets)
    found.names = _user_names(z, ours)
    return found


def _user_names(z: zipfile.ZipFile, ours: set[str]) -> dict[str, str]:
    """The workbook-level defined names of the package that point into none of xlprod's
    sheets (the user's own): name → its text."""
    from openpyxl.workbook.defined_name import DefinedName

    out: dict[str, str] = {}
    for el in safe.fromstring(z.read("xl/workbook.xml")).iter(f"{_NS}definedName"):
        name, text = el.get("name", ""), el.text or ""
        if el.get("localSheetId") is not None or not name or name.startswith("_xlnm."):
            continue
        try:
            sheets = {sheet.strip("'").replace("''", "'")
                      for sheet, _ in DefinedName(name, attr_text=text).destinations}
        except Exception:  # a formula name: the user's
            sheets = set()
        if not sheets & ours:
            out[name] = text
    return out


def _comments(z: zipfile.ZipFile, part: str) -> Iterator[tuple[str, str, str]]:
    """(cell, text, author) of each comment of a comments part, text as openpyxl reads it."""
    root = safe.fromstring(z.read(part))
    authors = [a.text or "" for a in root.iter(f"{_NS}author")]
    for c in root.iter(f"{_NS}comment"):
        text = c.find(f"{_NS}text")
        snippets = []
        if text is not None:
            plain = text.find(f"{_NS}t")
            if plain is not None:
                snippets.append(plain.text or "")
            for run in text.iterfind(f"{_NS}r"):
                t = run.find(f"{_NS}t")
                if t is not None:
                    snippets.append(t.text or "")
        index = int(c.get("authorId") or 0)
        yield c.get("ref", ""), "".join(snippets), authors[index] if index < len(authors) else ""


# -- one of xlprod's sheets, streamed ------------------------------------------------------
# The sheet XML is read in pieces of whole rows. A piece whose rows all lie in one table's
# rows, and whose cells all carry one of the table's column letters, is passed over by a few
# byte searches, without parsing (that is nearly all of a big table); any other piece is
# looked at row by row, and a row with a cell outside the tables is parsed. The searches
# assume the markup spreadsheet programs write (default namespace, ``r`` first on a cell);
# anything else (a prefixed namespace, a comment, CDATA, a cell whose ``r`` is not first)
# sends that row, or the whole sheet, to the XML parser: what the searches do not
# recognise is never taken for nothing.
_HEAD_END = re.compile(rb"<sheetData\s*(/?)>")
_ROOT = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet[\s>]")
_COL = re.compile(rb"<col\s([^>]*?)/?>")
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_ROW_NUMBER = re.compile(rb'<row r="(\d+)"')
_NUMBER = re.compile(rb'\sr="(\d+)"')
_CELL_OPEN = re.compile(rb"<c[\s/>]")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})\d+"')
_CHUNK = 4 << 20
_MAX_PENDING = 64 << 20


class _Unusual(Exception):
    """Markup the byte searches do not cover: the XML parser reads the sheet instead."""


Box = tuple[int, int, int, int]  # min_col, min_row, max_col, max_row


def _scan(z: zipfile.ZipFile, part: str, boxes: list[Box],
          shared: Callable[[], list[str]]) -> tuple[dict[str, float], dict[str, Any]]:
    """The custom column widths of sheet ``part`` and its cells holding something outside
    ``boxes`` (its tables)."""
    try:
        return _scan_rows(z, part, boxes, shared)
    except _Unusual:
        return _scan_parsed(z, part, boxes, shared)


def _scan_rows(z: zipfile.ZipFile, part: str, boxes: list[Box],
               shared: Callable[[], list[str]]) -> tuple[dict[str, float], dict[str, Any]]:
    loose: dict[str, Any] = {}
    outside: dict[int, re.Pattern[bytes]] = {}
    with open_part(z, part) as stream:
        pending = stream.read(_CHUNK)
        head = _HEAD_END.search(pending)
        while head is None:
            more = stream.read(_CHUNK)
            if not more or len(pending) > _MAX_PENDING:
                raise _Unusual
            pending += more
            head = _HEAD_END.search(pending)
        root = _ROOT.search(pending, 0, head.start())
        prolog = pending[root.start():head.start()] if root else b""
        if root is None or root.group(1) or b"<!" in prolog \
                or b'xmlns="' + _MAIN + b'"' not in prolog:
            raise _Unusual
        widths = _widths(_COL.findall(pending, root.start(), head.start()))
        if head.group(1):  # <sheetData/>: no cells
            return widths, loose
        pending = pending[head.end():]
        while True:
            end = pending.find(b"</sheetData>")
            if end >= 0:
                _rows(pending[:end], boxes, outside, shared, loose)
                return widths, loose
            cut = pending.rfind(b"</row>")
            if cut >= 0:
                _rows(pending[:cut + 6], boxes, outside, shared, loose)
                pending = pending[cut + 6:]
            more = stream.read(_CHUNK)
            if not more or len(pending) > _MAX_PENDING:
                raise _Unusual  # no end to the rows
            pending += more


def _rows(piece: bytes, boxes: list[Box], outside: dict[int, re.Pattern[bytes]],
          shared: Callable[[], list[str]], loose: dict[str, Any]) -> None:
    """Record the loose cells of ``piece``, whole rows of sheet XML (in row order, as the
    format requires)."""
    first, last = _ROW_NUMBER.match(piece.lstrip()), _ROW_NUMBER.match(piece, piece.rfind(b"<row"))
    if first is not None and last is not None:
        low, high = int(first.group(1)), int(last.group(1))
        index = next((i for i, (_c0, r0, _c1, r1) in enumerate(boxes)
                      if r0 <= low and high <= r1), None)
        if index is not None:
            if index not in outside:
                c0, _r0, c1, _r1 = boxes[index]
                columns = b"|".join(get_column_letter(c).encode() for c in range(c0, c1 + 1))
                # a comment or CDATA, a row without its number first, a cell not in the columns
                outside[index] = re.compile(rb'<(?:[!?]|row(?! r=")|c(?! r="(?:' + columns
                                            + rb')\d))')
            if outside[index].search(piece) is None:
                return  # every cell in the table's rows and columns
    if b"<!" in piece or b"<?" in piece:
        raise _Unusual
    number = 0
    for row in piece.split(b"<row")[1:]:
        tag_end = row.find(b">")
        if tag_end < 0:
            raise _Unusual
        numbered = _NUMBER.search(row, 0, tag_end)
        number = int(numbered.group(1)) if numbered else number + 1
        if row[tag_end - 1:tag_end] == b"/":
            continue  # an empty row
        inner = row[tag_end + 1:row.rfind(b"</row>")]
        covering = [box for box in boxes if box[1] <= number <= box[3]]
        found: list[bytes] = _CELL_REF.findall(inner)
        if covering and len(found) == len(_CELL_OPEN.findall(inner)) and all(
                any(c0 <= column_index_from_string(x.decode()) <= c1 for c0, _r0, c1, _r1
                    in covering) for x in set(found)):
            continue  # every cell inside a table
        try:
            element = fromstring(b'<row xmlns="' + _MAIN + b'">' + inner + b"</row>")
        except ParseError:
            raise _Unusual from None
        _loose_cells(element, number, boxes, shared, loose)


def _scan_parsed(z: zipfile.ZipFile, part: str, boxes: list[Box],
                 shared: Callable[[], list[str]]) -> tuple[dict[str, float], dict[str, Any]]:
    """The same as :func:`_scan_rows`, every element parsed (slower, any markup)."""
    loose: dict[str, Any] = {}
    cols: list[dict[str, str]] = []
    number = 0
    with open_part(z, part) as stream:
        for _event, el in iterparse(stream, events=("end",)):
            if el.tag == f"{_NS}col":
                cols.append(dict(el.attrib))
            elif el.tag == f"{_NS}row":
                number = int(el.get("r") or number + 1)
                _loose_cells(el, number, boxes, shared, loose)
                el.clear()
    return _widths(cols), loose


def _widths(cols: Any) -> dict[str, float]:
    """Letter → width of each ``<col>`` with a width (``min``..``max``, up to column 200)."""
    out: dict[str, float] = {}
    for col in cols:
        attrs = col if isinstance(col, dict) else {
            k.decode(): v.decode() for k, v in _ATTR.findall(col)}
        try:
            width, low, high = float(attrs["width"]), int(attrs["min"]), int(attrs["max"])
        except (KeyError, ValueError):
            continue
        if width:
            for index in range(low, min(high, 200) + 1):
                out[get_column_letter(index)] = width
    return out


def _loose_cells(row: Element, number: int, boxes: list[Box],
                 shared: Callable[[], list[str]], loose: dict[str, Any]) -> None:
    """Record the cells of ``row`` that hold something outside every box."""
    col = 0
    for c in row.iter(f"{_NS}c"):
        ref = c.get("r")
        if ref:
            letters = ref.rstrip("0123456789")
            col = column_index_from_string(letters)
        else:
            col += 1
            letters = get_column_letter(col)
        if any(c0 <= col <= c1 and r0 <= number <= r1 for c0, r0, c1, r1 in boxes):
            continue
        value = _shown(c, shared)
        if value is not None and value != "":  # openpyxl reads an empty string as nothing
            loose[f"{letters}{number}"] = value


def _shown(c: Element, shared: Callable[[], list[str]]) -> Any:
    """A cell's content as openpyxl gives it (a formula as its text), None when empty."""
    f = c.find(f"{_NS}f")
    if f is not None:
        return "=" + (f.text or "")
    kind = c.get("t", "n")
    if kind == "inlineStr":
        inline = c.find(f"{_NS}is")
        return "".join(t.text or "" for t in inline.iter(f"{_NS}t")) if inline is not None else ""
    v = c.find(f"{_NS}v")
    if v is None or v.text is None:
        return None
    if kind == "s":
        strings = shared()
        index = int(v.text)
        return strings[index] if 0 <= index < len(strings) else v.text
    if kind == "b":
        return v.text.strip() in ("1", "true")
    if kind in ("str", "e"):
        return v.text
    try:
        return float(v.text) if any(ch in v.text for ch in ".eE") else int(v.text)
    except ValueError:
        return v.text


def _parts_openpyxl_drops(z: zipfile.ZipFile, sheets: list[str]) -> list[str]:
    """Drawings and pivot tables on the user's sheets, read from the package."""
    out = []
    for title, part in sheet_parts(z).items():
        if title not in sheets:
            continue
        for _id, kind, _target in part_relationships(z, part):
            for word, what in _BLOCKING_PARTS.items():
                if kind.endswith("/" + word):
                    out.append(f"{title} : {what} (xlprod ne sait pas le recopier)")
    return sorted(set(out))


def carry_over(book: BookWriter, found: Survey, old: Any, new: Any,
               previous: Callable[[], BookWriter | None] | None = None) -> list[str]:
    """Put the user's comments and widths on the new sheets; return what has no place
    in the new layout (content typed outside xlprod's cells and tables). ``previous``
    gives the old model laid out again (called only if some content is not on the new
    layout's cells): it tells xlprod's own cells that moved from the user's."""
    for sheet, ref, text, author in found.comments:
        path = old.path_of(f"{sheet}!{ref}") if old is not None else None
        target = new.find(path) if path is not None else None
        where_sheet, where = (target.rsplit("!", 1) if target else (sheet, ref))
        where_sheet = where_sheet.strip("'")
        if where_sheet not in book.wb.sheetnames:
            continue
        cell = book._styled_cell(book.wb[where_sheet], where)
        cell.comment = Comment(text, author)
    for sheet, widths in found.widths.items():
        if sheet not in book.wb.sheetnames:
            continue
        dims = book.wb[sheet].column_dimensions
        for letter, width in widths.items():
            if dims[letter].width != width:
                dims[letter].width = width
    lost = []
    cases = Counter(name.upper() for name in book.wb.defined_names)
    for name, text in found.names.items():
        # xlprod's layout took it over (a name a newer version added, a budget's global)
        current = book.wb.defined_names.get(name)
        if current is None or current.attr_text != text or cases[name.upper()] > 1:
            lost.append(f"nom défini « {name} » ({text}) : xlprod utilise ce nom dans son "
                        "classeur ; renommez le vôtre (Formules > Gestionnaire de noms)")
    before: list[BookWriter | None] = []
    for sheet, cells in found.loose.items():
        written = book.written_cells(sheet) if sheet in book.wb.sheetnames else set()
        if previous is not None and any(ref not in written for ref in cells):
            if not before:
                before.append(previous())
            if before[0] is not None and sheet in before[0].wb.sheetnames:
                written |= before[0].written_cells(sheet)
        for ref, value in cells.items():
            if ref not in written:
                shown = str(value)
                shown = shown if len(shown) <= 60 else shown[:57] + "…"
                lost.append(f"{sheet}!{ref} : « {shown} » est hors des cellules et tableaux "
                            "d'xlprod (déplacez-le sur une feuille à vous)")
    return lost
