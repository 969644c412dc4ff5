"""What an update carries from a user's workbook into the one that replaces it.

The new workbook is built *inside* the user's own (openpyxl loads it whole), so the
sheets the user added keep their values, formulas, styles, merged cells, comments,
validations and names untouched. xlprod's own sheets are laid out anew; from the old
ones this module carries the comments the user wrote (re-attached to the same input,
wherever its row landed) and the column widths the user changed. What it cannot carry
is listed by name, so the update refuses (or, with ``--force``, says what it drops):

- content typed on xlprod's sheets outside its tables and cells (the new layout has no
  place for it), and columns added to xlprod's tables;
- drawings (images, charts, shapes) and pivot tables on the user's sheets, which
  openpyxl does not load.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook

from xlprod.errors import UnreadableFile
from xlprod.xlsx.package import part_relationships, sheet_parts
from xlprod.xlsx.spec import Layout
from xlprod.xlsx.writer import BookWriter, xlprod_sheets

__all__ = ["Survey", "carry_over", "open_for_update", "survey"]

_BLOCKING_PARTS = {"drawing": "dessin, image ou graphique", "pivotTable": "tableau croisé dynamique",
                   "oleObject": "objet incorporé"}


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


def open_for_update(path: Path) -> Workbook:
    """The whole workbook, formulas as text (an update rewrites it)."""
    try:
        return load_workbook(path, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise UnreadableFile(f"{path}: cannot be read for an update ({exc})") from None


def survey(wb: Workbook, path: Path, layout: Layout) -> Survey:
    """Look at the old workbook before xlprod's sheets are taken out of it."""
    found = Survey()
    ours = xlprod_sheets(wb, layout)
    labels = {t.name: {label for c in t.columns for label in (c.label.fr, c.label.en)}
              for t in layout.tables.values()}
    for ws in wb.worksheets:
        if ws.title not in ours:
            found.user_sheets.append(ws.title)
            continue
        inside = []
        for table in ws.tables.values():
            inside.append(range_boundaries(table.ref))
            extra = [c.name for c in table.tableColumns if c.name not in labels.get(table.name, ())]
            if extra and table.name in labels:
                found.cannot_carry.append(
                    f"{ws.title} : colonne(s) {', '.join(repr(e) for e in extra)} ajoutée(s) au "
                    f"tableau {table.name} (déplacez-les sur une feuille à vous)")
        for (row, col), cell in ws._cells.items():
            if cell.comment is not None:
                found.comments.append((ws.title, cell.coordinate, cell.comment.text,
                                       cell.comment.author or ""))
            if cell.value is None or any(c0 <= col <= c1 and r0 <= row <= r1
                                         for c0, r0, c1, r1 in inside):
                continue
            found.loose.setdefault(ws.title, {})[cell.coordinate] = cell.value
        widths = {}
        for dim in ws.column_dimensions.values():
            if dim.width and dim.customWidth and dim.min and dim.max:
                for index in range(dim.min, min(dim.max, 200) + 1):
                    widths[get_column_letter(index)] = dim.width
        found.widths[ws.title] = widths
    found.cannot_carry += _parts_openpyxl_drops(path, found.user_sheets)
    for name, dn in wb.defined_names.items():
        try:
            sheets = {sheet.strip("'").replace("''", "'") for sheet, _ in dn.destinations}
        except Exception:  # a formula name: the user's
            sheets = set()
        if not sheets & set(ours):
            found.names[name] = dn.attr_text or ""
    return found


def _parts_openpyxl_drops(path: Path, sheets: list[str]) -> list[str]:
    """Drawings and pivot tables on the user's sheets, read from the package."""
    out = []
    with zipfile.ZipFile(path) as z:
        for title, part in sheet_parts(z).items():
            if title not in sheets:
                continue
            for _id, kind, _target in part_relationships(z, part):
                for word, what in _BLOCKING_PARTS.items():
                    if kind.endswith("/" + word):
                        out.append(f"{title} : {what} (xlprod ne sait pas le recopier)")
    return sorted(set(out))


def carry_over(book: BookWriter, found: Survey, old: Any, new: Any,
               previous: BookWriter | None = None) -> list[str]:
    """Put the user's comments and widths on the new sheets; return what has no place
    in the new layout (content typed outside xlprod's cells and tables). ``previous``,
    the old model laid out again, tells xlprod's own cells that moved from the user's."""
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
    for sheet, cells in found.loose.items():
        written = book.written_cells(sheet) if sheet in book.wb.sheetnames else set()
        if previous is not None and sheet in previous.wb.sheetnames:
            written |= previous.written_cells(sheet)
        for ref, value in cells.items():
            if ref not in written:
                shown = str(value)
                shown = shown if len(shown) <= 60 else shown[:57] + "…"
                lost.append(f"{sheet}!{ref} : « {shown} » est hors des cellules et tableaux "
                            "d'xlprod (déplacez-le sur une feuille à vous)")
    return lost
