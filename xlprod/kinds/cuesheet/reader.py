"""Read a (user-filled) cue sheet workbook back into the input model's data.

Rights holders live on their own sheet and name their cue by number; they
are attached to the first cue with that number, in the order of the sheet.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlprod import timecode
from xlprod.kinds.base import Finding, Locator, ReadBack
from xlprod.workbooks import cuesheet as wbdef
from xlprod.xlsx.reader import WorkbookReader, workbook_meta


def read(r: WorkbookReader) -> ReadBack:
    meta = workbook_meta(r.wb, r.path)
    rate = timecode.rate(meta.get("fps") or 25)
    locator = Locator()
    data, cells = r.read_form(wbdef.HEADER_FORM)
    for key, cell in cells.items():
        locator.add((key,), cell)
    value, cell = r.named_cell("CUE_FPS")
    data["fps"] = _fps(r, value, cell, rate)
    for key in ("programme_duration", "programme_start"):
        data[key] = data[key] or None
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
        r.problem(cell, f"la cadence {typed:f} diffère des {rate} pour lesquelles les formules "
                  "du classeur ont été écrites ; exportez-le, changez fps dans le JSON et refaites "
                  "le classeur avec xlprod new cuesheet --from",
                  f"frame rate {typed:f} differs from the {rate} this workbook's formulas "
                  f"were written for; export it, change fps in the JSON and make a new workbook "
                  "with xlprod new cuesheet --from")
    return rate.label


def _cues(r: WorkbookReader, locator: Locator, fps: str, lang: str) -> list[dict[str, Any]]:
    cues: list[dict[str, Any]] = []
    tdef = wbdef.cues_table(fps, lang)
    for row in r.table_rows(tdef):
        if row.is_blank(list(tdef.inputs)):
            continue
        i = len(cues)
        for key, cell in row.cells.items():
            locator.add(("cues", i, key), cell)
        locator.add(("cues", i), row.cells["title"])
        locator.add(("cues", i, "rightsholders"), row.cells["shares"])
        cue = r.typed(row, tdef)
        if cue["number"] is None and row.values.get("number") in (None, ""):
            r.problem(row.cell("number"), "le numéro de cue est vide ; tapez un nombre",
                      "cue number is empty; type a number")
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
    tdef = wbdef.holders_table(lang)
    for row in r.table_rows(tdef):
        if row.is_blank(list(tdef.inputs)):
            continue
        holder = r.typed(row, tdef)
        number = holder.pop("cue")
        if number is None:
            if row.values.get("cue") in (None, ""):
                r.problem(row.cell("cue"), "le numéro de cue est vide ; tapez un nombre",
                          "cue number is empty; type a number")
            continue
        if number not in by_number:
            r.problem(row.cells["cue"], f"la cue {number} n'est pas sur le relevé ; tapez le "
                      "numéro d'une de ses cues",
                      f"cue {number} is not on the cue sheet; type the number of one of its cues")
            continue
        if number in duplicated:
            # Rights holders are tied to cues by number: with two cues of that number,
            # which one this row belongs to cannot be known.
            r.problem(row.cells["cue"], f"le numéro {number} est porté par plusieurs cues : cet "
                      "ayant droit ne peut pas être rattaché ; renumérotez d'abord les cues",
                      f"cue number {number} is used by several cues, so this "
                      "rights holder cannot be attached; renumber the cues first")
            continue
        i = by_number[number]
        j = len(cues[i]["rightsholders"])
        for key, cell in row.cells.items():
            locator.add(("cues", i, "rightsholders", j, key), cell)
        locator.add(("cues", i, "rightsholders", j), row.cells["name"])
        if holder["share"] is None and row.values.get("share") in (None, ""):
            r.problem(row.cell("share"), "la part est vide ; tapez un nombre",
                      "share is empty; type a number")
        cues[i]["rightsholders"].append(holder)


def _archives(r: WorkbookReader, locator: Locator, fps: str) -> list[dict[str, Any]]:
    archives: list[dict[str, Any]] = []
    tdef = wbdef.archives_table(fps)
    for row in r.table_rows(tdef):
        if row.is_blank(list(tdef.inputs)):
            continue
        i = len(archives)
        for key, cell in row.cells.items():
            locator.add(("archives", i, key), cell)
        locator.add(("archives", i), row.cells["source"])
        archives.append(r.typed(row, tdef))
    return archives
