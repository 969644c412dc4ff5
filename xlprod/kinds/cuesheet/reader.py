"""Read a (user-filled) cue sheet workbook back into the input model's data.

Rights holders live on their own sheet and name their cue by number; they
are attached to the first cue with that number, in the order of the sheet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlprod import timecode
from xlprod.kinds.base import Finding, Locator, ReadBack
from xlprod.kinds.cuesheet.layout import ARCHIVE_KEYS, CUE_KEYS, HOLDER_KEYS
from xlprod.workbooks import cuesheet as wbdef
from xlprod.xlsx.reader import Row, WorkbookReader, workbook_meta

OPTIONAL_TC = ("programme_duration", "programme_start")


def read(r: WorkbookReader) -> ReadBack:
    meta = workbook_meta(r.wb, r.path)
    rate = timecode.rate(meta.get("fps") or 25)
    locator = Locator()
    data: dict[str, Any] = {}
    for field in wbdef.HEADER:
        value, cell = r.named_cell(field.name)
        locator.add((field.key,), cell)
        if field.key == "fps":
            data["fps"] = _fps(r, value, cell, rate)
        elif field.key in OPTIONAL_TC:
            data[field.key] = r.text(value) or None
        else:
            data[field.key] = r.text(value)
    fps, lang = str(rate.label), meta.get("lang", "fr")
    data["cues"] = _cues(r, locator, fps, lang)
    _holders(r, locator, data["cues"], lang)
    data["archives"] = _archives(r, locator, fps)
    findings = [Finding("error", (), p.message, p.cell) for p in r.problems]
    return ReadBack(data, locator, findings)


def _fps(r: WorkbookReader, value: Any, cell: str, rate: timecode.Rate) -> str:
    """The rate the formulas were written for; a changed cell is a problem, not a new rate."""
    typed = r.number(value, cell, "frame rate", required=False)
    if typed is not None and typed != Decimal(rate.label):
        r.problem(cell, f"frame rate {typed:f} differs from the {rate} this workbook's formulas "
                  f"were written for; export it, change fps in the JSON and make a new workbook "
                  "with xlprod new cuesheet --from")
    return rate.label


def _cues(r: WorkbookReader, locator: Locator, fps: str, lang: str) -> list[dict[str, Any]]:
    cues: list[dict[str, Any]] = []
    for row in r.table_rows(wbdef.cues_table(fps, lang)):
        if row.is_blank(list(CUE_KEYS)):
            continue
        i = len(cues)
        for key, cell in row.cells.items():
            locator.add(("cues", i, key), cell)
        locator.add(("cues", i), row.cells["title"])
        locator.add(("cues", i, "rightsholders"), row.cells["shares"])
        cue: dict[str, Any] = {k: r.text(row.values[k]) for k in CUE_KEYS}
        cue["number"] = _whole(r, row, "number", "cue number")
        cue["origin"] = cue["origin"] or "original"
        cue["rightsholders"] = []
        cues.append(cue)
    return cues


def _holders(r: WorkbookReader, locator: Locator, cues: list[dict[str, Any]], lang: str) -> None:
    by_number: dict[int, int] = {}
    duplicated: set[int] = set()
    for i, cue in enumerate(cues):
        if isinstance(cue["number"], int):
            if cue["number"] in by_number:
                duplicated.add(cue["number"])
            by_number.setdefault(cue["number"], i)
    for row in r.table_rows(wbdef.holders_table(lang)):
        if row.is_blank(["cue", *HOLDER_KEYS]):
            continue
        number = _whole(r, row, "cue", "cue number")
        if number is None:
            continue
        if number not in by_number:
            r.problem(row.cells["cue"], f"cue {number} is not on the cue sheet; type the number "
                      "of one of its cues")
            continue
        if number in duplicated:
            # Rights holders are tied to cues by number: with two cues of that number,
            # which one this row belongs to cannot be known.
            r.problem(row.cells["cue"], f"cue number {number} is used by several cues, so this "
                      "rights holder cannot be attached; renumber the cues first")
            continue
        i = by_number[number]
        j = len(cues[i]["rightsholders"])
        for key, cell in row.cells.items():
            locator.add(("cues", i, "rightsholders", j, key), cell)
        locator.add(("cues", i, "rightsholders", j), row.cells["name"])
        holder: dict[str, Any] = {k: r.text(row.values[k]) for k in HOLDER_KEYS}
        holder["share"] = r.number(row.values["share"], row.cells["share"], "share")
        cues[i]["rightsholders"].append(holder)


def _archives(r: WorkbookReader, locator: Locator, fps: str) -> list[dict[str, Any]]:
    archives: list[dict[str, Any]] = []
    for row in r.table_rows(wbdef.archives_table(fps)):
        if row.is_blank(list(ARCHIVE_KEYS)):
            continue
        i = len(archives)
        for key, cell in row.cells.items():
            locator.add(("archives", i, key), cell)
        locator.add(("archives", i), row.cells["source"])
        item: dict[str, Any] = {k: r.text(row.values[k]) for k in ARCHIVE_KEYS}
        for key, what in (("fee_per_second", "fee per second"), ("flat_fee", "flat fee")):
            item[key] = r.number(row.values[key], row.cells[key], what, required=False)
        item["expiry"] = r.date(row.values["expiry"], row.cells["expiry"])
        archives.append(item)
    return archives


def _whole(r: WorkbookReader, row: Row, key: str, what: str) -> int | None:
    number = r.number(row.values[key], row.cells[key], what)
    if number is None:
        return None
    if number != number.to_integral_value():
        r.problem(row.cells[key], f"{what} {number:f} must be a whole number")
        return None
    return int(number)

