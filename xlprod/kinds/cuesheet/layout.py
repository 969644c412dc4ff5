"""Lay a cue sheet out as a workbook: Relevé, Ayants droit, Synthèse, Archives.

Every duration and total is a native formula of the timecodes; the engine
(``compute``) gives the same figures and LibreOffice checks both agree.
"""

from __future__ import annotations

from typing import Any

from xlprod import identifiers, timecode
from xlprod.kinds.base import Locator, Written, _number
from xlprod.kinds.cuesheet.model import CueSheet
from xlprod.workbooks import cuesheet as wbdef
from xlprod.xlsx import styles
from xlprod.xlsx.formulas import column_letter
from xlprod.xlsx.spec import EUR, INT, PCT, TEXT
from xlprod.xlsx.writer import BookWriter, TablePlacement

BLANK_ROWS = {"cues": 15, "holders": 30, "archives": 5}  # empty rows ready to fill
SUMMARY_TOP = 4
USAGE_TOP = 12  # header row of the by-usage table on Synthèse
ARCH_TOTALS_TOP = 4
CENTERED = styles.CENTER_ONLY
CUE_KEYS = ("number", "title", "tc_in", "tc_out", "usage", "origin", "isrc", "iswc",
            "performer", "label", "licence")
HOLDER_KEYS = ("role", "name", "society", "ipi", "share")
ARCHIVE_KEYS = ("source", "title", "rightsholder", "tc_in", "tc_out", "fee_per_second",
                "flat_fee", "territories", "media", "expiry", "reference")


def blank_sheet(lang: str = "fr", fps: str | None = None) -> CueSheet:
    data: dict[str, object] = {"title": "New cue sheet" if lang == "en" else "Nouveau relevé"}
    if fps:
        data["fps"] = fps
    return CueSheet.model_validate(data)


def write(sheet: CueSheet | None, lang: str = "fr", variant: str | None = None) -> Written:
    """The workbook of ``sheet``; without one, a blank cue sheet at the frame rate
    ``variant`` (the timecode formulas are written for one rate)."""
    blank = sheet is None
    sheet = sheet or blank_sheet(lang, variant)
    usages, roles = identifiers.usage_codes(), identifiers.role_codes()
    book = BookWriter(wbdef.layout(sheet.rate, lang, usages, roles), lang)
    locator = Locator()
    _header(book, sheet, locator)
    _cues(book, sheet, locator, blank)
    _holders(book, sheet, locator, blank)
    _summary(book, sheet, usages)
    _archives(book, sheet, locator, blank)
    book.finish({"fps": sheet.rate.label})
    return Written(book, locator)


def _header(book: BookWriter, sheet: CueSheet, locator: Locator) -> None:
    lang = book.lang
    book.put("cues", "A1", "=CUE_TITLE", font=styles.TITLE_FONT)
    book.put("cues", "A2", wbdef.WORDS["subtitle"](lang), font=styles.SUBTITLE_FONT)
    ws = book.sheets["cues"]
    for k, field in enumerate(wbdef.HEADER):
        row = wbdef.HEADER_TOP + k
        value = getattr(sheet, field.key)
        book.put("cues", f"B{row}", field.label(lang), font=styles.BOLD)
        if field.key == "fps":  # the formulas were written for this rate: not an input
            book.put("cues", f"C{row}", _number(value), number_format="0.###",
                     fill=styles.TOTAL_FILL)
        else:
            book.put("cues", f"C{row}", value, number_format=TEXT, editable=True, text=True)
        ws.merge_cells(f"C{row}:F{row}")
        if field.hint:
            book.put("cues", f"G{row}", field.hint(lang), font=styles.SUBTITLE_FONT)
        book.define(field.name, "cues", f"C{row}")
        locator.add((field.key,), f"{ws.title}!C{row}")
    totals = (("total_music", "=CUE_TOTAL_DURATION", None), ("total_mmss", "=CUE_TOTAL_MMSS", None),
              ("ratio_short", "=CUE_MUSIC_RATIO", PCT), ("count", "=CUE_COUNT", INT))
    for k, (word, formula, fmt) in enumerate(totals):  # beside the header, clear of its hints
        row = wbdef.HEADER_TOP + k
        book.put("cues", f"K{row}", wbdef.WORDS[word](lang), font=styles.BOLD)
        ws.merge_cells(f"K{row}:L{row}")
        book.put("cues", f"M{row}", formula, number_format=fmt, font=styles.TOTAL_FONT,
                 fill=styles.TOTAL_FILL, alignment=CENTERED)


def _cues(book: BookWriter, sheet: CueSheet, locator: Locator, blank: bool) -> None:
    rows = [{key: getattr(cue, key) for key in CUE_KEYS} for cue in sheet.cues]
    tdef = book.layout.tables["cues"]
    placed = book.table("cues", tdef, rows, top=wbdef.CUES_TOP,
                        min_rows=BLANK_ROWS["cues"] if blank else 1)
    for i in range(len(sheet.cues)):
        for col in tdef.columns:
            locator.add(("cues", i, col.key), placed.cell(i, col.key))
        locator.add(("cues", i), placed.cell(i, "title"))
        locator.add(("cues", i, "rightsholders"), placed.cell(i, "shares"))
    ws = book.sheets["cues"]
    ws.row_dimensions[wbdef.CUES_TOP].height = 30
    locator.add(("cues",), f"{ws.title}!A{wbdef.CUES_TOP}")
    ws.freeze_panes = f"C{wbdef.CUES_TOP + 1}"
    book.print_setup("cues", wbdef.CUES_TOP)


def _holders(book: BookWriter, sheet: CueSheet, locator: Locator, blank: bool) -> None:
    lang = book.lang
    book.title_block("holders", wbdef.SHEETS[1].title(lang), wbdef.WORDS["holders_hint"](lang))
    rows, where = [], []
    for i, cue in enumerate(sheet.cues):
        for j, holder in enumerate(cue.rightsholders):
            rows.append({"cue": cue.number, **{k: getattr(holder, k) for k in HOLDER_KEYS}})
            where.append((i, j))
    tdef = book.layout.tables["holders"]
    placed = book.table("holders", tdef, rows, top=wbdef.HOLDERS_TOP,
                        min_rows=BLANK_ROWS["holders"] if blank else 1)
    for n, (i, j) in enumerate(where):
        for col in tdef.columns:
            locator.add(("cues", i, "rightsholders", j, col.key), placed.cell(n, col.key))
        locator.add(("cues", i, "rightsholders", j), placed.cell(n, "name"))
    book.sheets["holders"].freeze_panes = f"A{wbdef.HOLDERS_TOP + 1}"
    book.sheets["holders"].row_dimensions[wbdef.HOLDERS_TOP].height = 30
    book.print_setup("holders", wbdef.HOLDERS_TOP, landscape=False)


def _summary(book: BookWriter, sheet: CueSheet, usages: dict[str, tuple[str, str]]) -> None:
    lang, rate = book.lang, sheet.rate
    cues = book.layout.tables["cues"]
    col = {k: book.column_ref(cues, k) for k in ("number", "frames", "usage", "origin")}
    book.put("summary", "A1", "=CUE_TITLE", font=styles.TITLE_FONT)
    book.put("summary", "A2", wbdef.WORDS["summary"](lang), font=styles.SUBTITLE_FONT)
    programme = timecode.excel_frames_formula("CUE_PROGRAMME_DURATION", rate)
    totals = (
        ("total_frames", "CUE_TOTAL_FRAMES", f"=SUM({col['frames']})", INT),
        ("total_music", "CUE_TOTAL_DURATION",
         "=" + timecode.excel_tc_formula("CUE_TOTAL_FRAMES", rate), None),
        ("total_mmss", "CUE_TOTAL_MMSS", "=" + timecode.excel_mmss_formula("CUE_TOTAL_FRAMES",
                                                                            rate), None),
        ("programme_frames", "CUE_PROGRAMME_FRAMES",
         f'=IF(CUE_PROGRAMME_DURATION="","",{programme})', INT),
        ("ratio", "CUE_MUSIC_RATIO", '=IF(ISNUMBER(CUE_PROGRAMME_FRAMES),IF(CUE_PROGRAMME_FRAMES>0,'
         'CUE_TOTAL_FRAMES/CUE_PROGRAMME_FRAMES,""),"")', PCT),
        ("count", "CUE_COUNT", f"=COUNT({col['number']})", INT),
    )
    for k, (word, name, formula, fmt) in enumerate(totals):
        row = SUMMARY_TOP + k
        book.put("summary", f"B{row}", wbdef.WORDS[word](lang), font=styles.BOLD)
        book.put("summary", f"C{row}", formula, number_format=fmt, font=styles.TOTAL_FONT,
                 fill=styles.TOTAL_FILL)
        book.define(name, "summary", f"C{row}")
    book.put("summary", f"B{SUMMARY_TOP + len(totals)}", wbdef.WORDS["overlap_note"](lang),
             font=styles.SUBTITLE_FONT)
    pick = 1 if lang == "en" else 0
    usage_rows = [(code, labels[pick]) for code, labels in usages.items()]
    origin_rows = [(o, wbdef.ORIGIN_LABELS[o](lang)) for o in wbdef.ORIGINS]
    after = _breakdown(book, rate, "by_usage", USAGE_TOP, usage_rows, col["usage"], "CUE_USAGE_")
    after = _breakdown(book, rate, "by_origin", after + 2, origin_rows, col["origin"],
                       "CUE_ORIGIN_")
    book.put("summary", f"A{after + 3}", wbdef.WORDS["signature"](lang), font=styles.BOLD)
    book.widths("summary", {"A": 14, "B": 40, "C": 14, "D": 13, "E": 9, "F": 12})
    book.print_setup("summary", landscape=False)


def _breakdown(book: BookWriter, rate: timecode.Rate, word: str, top: int,
               rows: list[tuple[str, str]], key_ref: str, prefix: str) -> int:
    """A table of frames by key (SUMIF over the cues); returns its total row."""
    lang = book.lang
    book.put("summary", f"A{top - 1}", wbdef.WORDS[word](lang), font=styles.TOTAL_FONT)
    for j, head in enumerate(wbdef.SUMMARY_HEADERS):
        book.put("summary", f"{column_letter(j + 1)}{top}", head(lang),
                 font=styles.HEADER_FONT, fill=styles.HEADER_FILL, alignment=styles.CENTER)
    book.sheets["summary"].row_dimensions[top].height = 30
    frames_ref = book.column_ref(book.layout.tables["cues"], "frames")
    for n, (key, label) in enumerate(rows):
        r = top + 1 + n
        book.put("summary", f"A{r}", key, text=True)
        book.put("summary", f"B{r}", label, text=True)
        _duration_row(book, r, f"=SUMIF({key_ref},A{r},{frames_ref})", rate)
        book.define(f"{prefix}{key.upper()}", "summary", f"C{r}")
    total = top + 1 + len(rows)
    book.put("summary", f"B{total}", wbdef.WORDS["total"](lang), font=styles.BOLD)
    _duration_row(book, total, f"=SUM(C{top + 1}:C{total - 1})", rate, bold=True)
    return total


def _duration_row(book: BookWriter, r: int, frames: str, rate: timecode.Rate,
                  bold: bool = False) -> None:
    font = styles.BOLD if bold else None
    book.put("summary", f"C{r}", frames, number_format=INT, font=font)
    book.put("summary", f"D{r}", "=" + timecode.excel_tc_formula(f"C{r}", rate), font=font,
             alignment=CENTERED)
    book.put("summary", f"E{r}", "=" + timecode.excel_mmss_formula(f"C{r}", rate), font=font,
             alignment=CENTERED)
    book.put("summary", f"F{r}", f"=IF(CUE_TOTAL_FRAMES=0,0,C{r}/CUE_TOTAL_FRAMES)",
             number_format=PCT, font=font)


def _archives(book: BookWriter, sheet: CueSheet, locator: Locator, blank: bool) -> None:
    lang, rate = book.lang, sheet.rate
    book.title_block("archives", wbdef.SHEETS[3].title(lang), wbdef.WORDS["archives_hint"](lang))
    tdef = book.layout.tables["archives"]
    col = {k: book.column_ref(tdef, k) for k in ("frames", "seconds", "fee")}
    totals = (
        ("arch_frames", "ARCH_TOTAL_FRAMES", f"=SUM({col['frames']})", INT),
        ("arch_duration", "ARCH_TOTAL_DURATION",
         "=" + timecode.excel_tc_formula("ARCH_TOTAL_FRAMES", rate), None),
        ("arch_seconds", "ARCH_TOTAL_SECONDS", f"=SUM({col['seconds']})", INT),
        ("arch_fees", "ARCH_TOTAL_FEES", f"=SUM({col['fee']})", EUR),
    )
    for k, (word, name, formula, fmt) in enumerate(totals):
        row = ARCH_TOTALS_TOP + k
        book.put("archives", f"B{row}", wbdef.WORDS[word](lang), font=styles.BOLD)
        book.put("archives", f"D{row}", formula, number_format=fmt, font=styles.TOTAL_FONT,
                 fill=styles.TOTAL_FILL)
        book.define(name, "archives", f"D{row}")
    rows: list[dict[str, Any]] = [{k: getattr(a, k) for k in ARCHIVE_KEYS} for a in sheet.archives]
    placed: TablePlacement = book.table("archives", tdef, rows, top=wbdef.ARCHIVES_TOP,
                                        min_rows=BLANK_ROWS["archives"] if blank else 1)
    for i in range(len(sheet.archives)):
        for c in tdef.columns:
            locator.add(("archives", i, c.key), placed.cell(i, c.key))
        locator.add(("archives", i), placed.cell(i, "source"))
    locator.add(("archives",), f"{book.title('archives')}!A{wbdef.ARCHIVES_TOP}")
    book.sheets["archives"].freeze_panes = f"B{wbdef.ARCHIVES_TOP + 1}"
    book.sheets["archives"].row_dimensions[wbdef.ARCHIVES_TOP].height = 30
    book.print_setup("archives", wbdef.ARCHIVES_TOP)
