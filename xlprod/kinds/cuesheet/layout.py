"""Lay a cue sheet out as a workbook: Relevé, Ayants droit, Synthèse, Archives.

Every duration and total is a native formula of the timecodes; the engine
(``compute``) gives the same figures and LibreOffice checks both agree.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlprod import identifiers, timecode
from xlprod.kinds.base import Locator, Written, _number
from xlprod.kinds.cuesheet.compute import archive_fee, compute, span_frames
from xlprod.kinds.cuesheet.model import Archive, Cue, CueSheet
from xlprod.workbooks import cuesheet as wbdef
from xlprod.xlsx import styles
from xlprod.xlsx.formulas import column_letter
from xlprod.xlsx.spec import EUR, INT, PCT, Choices
from xlprod.xlsx.writer import BookWriter, TablePlacement

BLANK_ROWS = {"cues": 15, "holders": 30, "archives": 5}  # empty rows ready to fill
SUMMARY_TOP = 4
USAGE_TOP = 12  # header row of the by-usage table on Synthèse
ARCH_TOTALS_TOP = 4
CENTERED = styles.CENTER_ONLY


def blank_sheet(lang: str = "fr", fps: str | None = None) -> CueSheet:
    data: dict[str, object] = {"title": "New cue sheet" if lang == "en" else "Nouveau relevé"}
    if fps:
        data["fps"] = fps
    return CueSheet.model_validate(data)


def _lookup(code: str, table: dict[str, tuple[str, str]], lang: str) -> str:
    """A code's label as the workbook's INDEX/MATCH finds it (MATCH ignores case)."""
    if not code:
        return ""
    pick = 1 if lang == "en" else 0
    for key, labels in table.items():
        if key.upper() == code.upper():
            return labels[pick]
    return "?"


def _timing(item: Cue | Archive, rate: timecode.Rate) -> dict[str, Any]:
    """The cached values of the timing formulas of a cue or an archive."""
    if not item.tc_in or not item.tc_out:
        return {"frames": "", "duration": "", "mmss": ""}
    frames = span_frames(item, rate)
    return {"frames": frames, "duration": timecode.format(frames, rate),
            "mmss": timecode.mmss(frames, rate)}


BLANK_TIMING = {"frames": "", "duration": "", "mmss": ""}


def write(sheet: CueSheet | None, lang: str = "fr", variant: str | None = None,
          base: Any = None) -> Written:
    """The workbook of ``sheet``; without one, a blank cue sheet at the frame rate
    ``variant`` (the timecode formulas are written for one rate)."""
    blank = sheet is None
    sheet = sheet or blank_sheet(lang, variant)
    usages, roles = identifiers.usage_codes(), identifiers.role_codes()
    book = BookWriter(wbdef.layout(sheet.rate, lang, usages, roles), lang, base)
    book.footer = " — ".join(x for x in (sheet.title, sheet.episode, sheet.version) if x)
    locator = Locator()
    results = compute(sheet)
    _header(book, sheet, locator, results)
    _cues(book, sheet, locator, blank, usages)
    _holders(book, sheet, locator, blank, roles)
    _summary(book, sheet, usages, results)
    _archives(book, sheet, locator, blank, results)
    book.finish({"fps": sheet.rate.label})
    return Written(book, locator)


def _header(book: BookWriter, sheet: CueSheet, locator: Locator, results: dict[str, Any]) -> None:
    lang = book.lang
    book.put("cues", "A1", "=CUE_TITLE", font=styles.TITLE_FONT, cached=sheet.title)
    book.put("cues", "A2", wbdef.WORDS["subtitle"](lang), font=styles.SUBTITLE_FONT)
    ws = book.sheets["cues"]
    values = {f.key: getattr(sheet, f.key) for f in wbdef.HEADER}
    values["fps"] = _number(sheet.fps)  # the rate the formulas were written for: not an input
    for key, cell in book.form("header", values).items():
        locator.add((key,), cell)
    ratio = results["music_ratio"]
    totals = (("total_music", "=CUE_TOTAL_DURATION", None, results["total_duration"]),
              ("total_mmss", "=CUE_TOTAL_MMSS", None, results["total_mmss"]),
              ("ratio_short", "=CUE_MUSIC_RATIO", PCT, "" if ratio is None else ratio),
              ("count", "=CUE_COUNT", INT, len(sheet.cues)))
    for k, (word, formula, fmt, value) in enumerate(totals):  # beside the header, clear of hints
        row = wbdef.HEADER_TOP + k
        book.put("cues", f"K{row}", wbdef.WORDS[word](lang), font=styles.BOLD)
        ws.merge_cells(f"K{row}:L{row}")
        book.put("cues", f"M{row}", formula, number_format=fmt, font=styles.TOTAL_FONT,
                 fill=styles.TOTAL_FILL, alignment=CENTERED, cached=value)


def _cues(book: BookWriter, sheet: CueSheet, locator: Locator, blank: bool,
          usages: dict[str, tuple[str, str]]) -> None:
    holders: dict[int, list[Decimal]] = {}  # what COUNTIF/SUMIF find on Ayants droit
    for cue in sheet.cues:
        for holder in cue.rightsholders:
            holders.setdefault(cue.number, []).append(holder.share)
    tdef = book.layout.tables["cues"]
    rows = [{**{key: getattr(cue, key) for key in tdef.inputs}, **_timing(cue, sheet.rate),
             "usage_label": _lookup(cue.usage, usages, book.lang),
             "origin_label": wbdef.ORIGIN_LABELS[cue.origin](book.lang),
             "holders": len(holders.get(cue.number, [])),
             "shares": sum(holders.get(cue.number, []), Decimal(0))}
            for cue in sheet.cues]
    placed = book.table("cues", tdef, rows, top=wbdef.CUES_TOP,
                        min_rows=BLANK_ROWS["cues"] if blank else 1,
                        blank={**BLANK_TIMING, "usage_label": "", "origin_label": "",
                               "holders": "", "shares": ""})
    for i in range(len(sheet.cues)):
        for col in tdef.columns:
            locator.add(("cues", i, col.key), placed.cell(i, col.key))
        locator.add(("cues", i), placed.cell(i, "title"))
        locator.add(("cues", i, "rightsholders"), placed.cell(i, "shares"))
    ws = book.sheets["cues"]
    ws.row_dimensions[wbdef.CUES_TOP].height = 30
    locator.add(("cues",), f"{ws.title}!A{wbdef.CUES_TOP}")
    ws.freeze_panes = f"C{wbdef.CUES_TOP + 1}"
    book.print_setup("cues", wbdef.CUES_TOP, gridlines=False)


def _holders(book: BookWriter, sheet: CueSheet, locator: Locator, blank: bool,
             roles: dict[str, tuple[str, str]]) -> None:
    lang = book.lang
    book.title_block("holders", wbdef.SHEETS[1].title(lang), wbdef.WORDS["holders_hint"](lang))
    titles: dict[int, str] = {}
    for cue in sheet.cues:  # MATCH finds the first cue of a number
        titles.setdefault(cue.number, cue.title)
    tdef = book.layout.tables["holders"]
    keys = [k for k in tdef.inputs if k != "cue"]
    rows, where = [], []
    for i, cue in enumerate(sheet.cues):
        for j, holder in enumerate(cue.rightsholders):
            rows.append({"cue": cue.number, **{k: getattr(holder, k) for k in keys},
                         "cue_title": titles[cue.number],
                         "role_label": _lookup(holder.role, roles, lang)})
            where.append((i, j))
    placed = book.table("holders", tdef, rows, top=wbdef.HOLDERS_TOP,
                        min_rows=BLANK_ROWS["holders"] if blank else 1,
                        blank={"cue_title": "", "role_label": ""})
    for n, (i, j) in enumerate(where):
        for col in tdef.columns:
            locator.add(("cues", i, "rightsholders", j, col.key), placed.cell(n, col.key))
        locator.add(("cues", i, "rightsholders", j), placed.cell(n, "name"))
    book.sheets["holders"].freeze_panes = f"A{wbdef.HOLDERS_TOP + 1}"
    book.sheets["holders"].row_dimensions[wbdef.HOLDERS_TOP].height = 30
    book.print_setup("holders", wbdef.HOLDERS_TOP, landscape=False)


def _summary(book: BookWriter, sheet: CueSheet, usages: dict[str, tuple[str, str]],
             results: dict[str, Any]) -> None:
    lang, rate = book.lang, sheet.rate
    programme, ratio = results["programme_frames"], results["music_ratio"]
    cues = book.layout.tables["cues"]
    col = {k: book.column_ref(cues, k) for k in ("number", "frames", "usage", "origin")}
    book.put("summary", "A1", "=CUE_TITLE", font=styles.TITLE_FONT, cached=sheet.title)
    book.put("summary", "A2", wbdef.WORDS["summary"](lang), font=styles.SUBTITLE_FONT)
    programme_f = timecode.excel_frames_formula("CUE_PROGRAMME_DURATION", rate)
    totals = (
        ("total_frames", "CUE_TOTAL_FRAMES", f"=SUM({col['frames']})", INT,
         results["total_frames"]),
        ("total_music", "CUE_TOTAL_DURATION",
         "=" + timecode.excel_tc_formula("CUE_TOTAL_FRAMES", rate), None,
         results["total_duration"]),
        ("total_mmss", "CUE_TOTAL_MMSS", "=" + timecode.excel_mmss_formula("CUE_TOTAL_FRAMES",
                                                                            rate), None,
         results["total_mmss"]),
        ("programme_frames", "CUE_PROGRAMME_FRAMES",
         f'=IF(CUE_PROGRAMME_DURATION="","",{programme_f})', INT,
         "" if programme is None else programme),
        ("ratio", "CUE_MUSIC_RATIO", '=IF(ISNUMBER(CUE_PROGRAMME_FRAMES),IF(CUE_PROGRAMME_FRAMES>0,'
         'CUE_TOTAL_FRAMES/CUE_PROGRAMME_FRAMES,""),"")', PCT, "" if ratio is None else ratio),
        ("count", "CUE_COUNT", f"=COUNT({col['number']})", INT, len(sheet.cues)),
    )
    for k, (word, name, formula, fmt, value) in enumerate(totals):
        row = SUMMARY_TOP + k
        book.put("summary", f"B{row}", wbdef.WORDS[word](lang), font=styles.BOLD)
        book.put("summary", f"C{row}", formula, number_format=fmt, font=styles.TOTAL_FONT,
                 fill=styles.TOTAL_FILL, cached=value)
        book.define(name, "summary", f"C{row}")
    book.put("summary", f"B{SUMMARY_TOP + len(totals)}", wbdef.WORDS["overlap_note"](lang),
             font=styles.SUBTITLE_FONT)
    pick = 1 if lang == "en" else 0
    usage_rows = [(code, labels[pick]) for code, labels in usages.items()]
    origin_rows = [(o, wbdef.ORIGIN_LABELS[o](lang)) for o in wbdef.ORIGINS]
    origins = wbdef.ORIGIN_CHOICES
    total = results["total_frames"]
    after = _breakdown(book, rate, "by_usage", USAGE_TOP, usage_rows, col["usage"], "CUE_USAGE_",
                       _by_code(results["by_usage"]), total)
    after = _breakdown(book, rate, "by_origin", after + 2, origin_rows, col["origin"],
                       "CUE_ORIGIN_", _by_code(results["by_origin"]), total, origins)
    book.put("summary", f"A{after + 3}", wbdef.WORDS["signature"](lang), font=styles.BOLD)
    book.widths("summary", {"A": 17, "B": wbdef.USAGE_WIDTH, "C": 14, "D": 13, "E": 9, "F": 12})
    book.print_setup("summary", landscape=False, gridlines=False)


def _by_code(frames: dict[str, int]) -> dict[str, int]:
    """Frames by code as SUMIF adds them up (it ignores case)."""
    out: dict[str, int] = {}
    for code, n in frames.items():
        out[code.upper()] = out.get(code.upper(), 0) + n
    return out


def _breakdown(book: BookWriter, rate: timecode.Rate, word: str, top: int,
               rows: list[tuple[str, str]], key_ref: str, prefix: str, frames: dict[str, int],
               total: int, choices: Choices | None = None) -> int:
    """A table of frames by key (SUMIF over the cues); returns its total row. Keys of
    ``choices`` show their word, and every spelling the reader accepts is counted."""
    lang = book.lang
    book.put("summary", f"A{top - 1}", wbdef.WORDS[word](lang), font=styles.TOTAL_FONT)
    for j, head in enumerate(wbdef.SUMMARY_HEADERS):
        book.put("summary", f"{column_letter(j + 1)}{top}", head(lang),
                 font=styles.HEADER_FONT, fill=styles.HEADER_FILL, alignment=styles.CENTER)
    book.sheets["summary"].row_dimensions[top].height = 30
    frames_ref = book.column_ref(book.layout.tables["cues"], "frames")
    for n, (key, label) in enumerate(rows):
        r = top + 1 + n
        spellings = choices.spellings(key, lang) if choices else (key,)
        book.put("summary", f"A{r}", spellings[0], text=True)
        book.put("summary", f"B{r}", label, text=True)
        n_frames = frames.get(key.upper(), 0)
        more = "".join(f'+SUMIF({key_ref},"{w}",{frames_ref})' for w in spellings[1:])
        _duration_row(book, r, f"=SUMIF({key_ref},A{r},{frames_ref}){more}", rate, n_frames,
                      total)
        book.define(f"{prefix}{key.upper()}", "summary", f"C{r}")
    last = top + 1 + len(rows)
    listed = sum(frames.get(key.upper(), 0) for key, _ in rows)
    book.put("summary", f"B{last}", wbdef.WORDS["total"](lang), font=styles.BOLD)
    _duration_row(book, last, f"=SUM(C{top + 1}:C{last - 1})", rate, listed, total, bold=True)
    return last


def _duration_row(book: BookWriter, r: int, formula: str, rate: timecode.Rate, frames: int,
                  total: int, bold: bool = False) -> None:
    font = styles.BOLD if bold else None
    book.put("summary", f"C{r}", formula, number_format=INT, font=font, cached=frames)
    book.put("summary", f"D{r}", "=" + timecode.excel_tc_formula(f"C{r}", rate), font=font,
             alignment=CENTERED, cached=timecode.format(frames, rate))
    book.put("summary", f"E{r}", "=" + timecode.excel_mmss_formula(f"C{r}", rate), font=font,
             alignment=CENTERED, cached=timecode.mmss(frames, rate))
    book.put("summary", f"F{r}", f"=IF(CUE_TOTAL_FRAMES=0,0,C{r}/CUE_TOTAL_FRAMES)",
             number_format=PCT, font=font, cached=0 if total == 0 else frames / total)


def _archives(book: BookWriter, sheet: CueSheet, locator: Locator, blank: bool,
              results: dict[str, Any]) -> None:
    lang, rate = book.lang, sheet.rate
    arch = results["archives"]
    book.title_block("archives", wbdef.SHEETS[3].title(lang), wbdef.WORDS["archives_hint"](lang))
    tdef = book.layout.tables["archives"]
    col = {k: book.column_ref(tdef, k) for k in ("frames", "seconds", "fee")}
    totals = (
        ("arch_frames", "ARCH_TOTAL_FRAMES", f"=SUM({col['frames']})", INT, arch["total_frames"]),
        ("arch_duration", "ARCH_TOTAL_DURATION",
         "=" + timecode.excel_tc_formula("ARCH_TOTAL_FRAMES", rate), None, arch["total_duration"]),
        ("arch_seconds", "ARCH_TOTAL_SECONDS", f"=SUM({col['seconds']})", INT,
         arch["total_seconds"]),
        ("arch_fees", "ARCH_TOTAL_FEES", f"=SUM({col['fee']})", EUR, arch["total_fees"]),
    )
    for k, (word, name, formula, fmt, value) in enumerate(totals):
        row = ARCH_TOTALS_TOP + k
        book.put("archives", f"B{row}", wbdef.WORDS[word](lang), font=styles.BOLD)
        book.put("archives", f"D{row}", formula, number_format=fmt, font=styles.TOTAL_FONT,
                 fill=styles.TOTAL_FILL, cached=value)
        book.define(name, "archives", f"D{row}")
    rows: list[dict[str, Any]] = []
    for a in sheet.archives:
        timing = _timing(a, rate)
        frames = timing["frames"]
        seconds = timecode.seconds_rounded_up(frames, rate) if isinstance(frames, int) else 0
        rows.append({**{k: getattr(a, k) for k in tdef.inputs}, **timing,
                     "seconds": seconds if isinstance(frames, int) else "",
                     "fee": archive_fee(a, seconds)})
    placed: TablePlacement = book.table("archives", tdef, rows, top=wbdef.ARCHIVES_TOP,
                                        min_rows=BLANK_ROWS["archives"] if blank else 1,
                                        blank={**BLANK_TIMING, "seconds": "", "fee": 0})
    for i in range(len(sheet.archives)):
        for c in tdef.columns:
            locator.add(("archives", i, c.key), placed.cell(i, c.key))
        locator.add(("archives", i), placed.cell(i, "source"))
    locator.add(("archives",), f"{book.title('archives')}!A{wbdef.ARCHIVES_TOP}")
    book.sheets["archives"].freeze_panes = f"B{wbdef.ARCHIVES_TOP + 1}"
    book.sheets["archives"].row_dimensions[wbdef.ARCHIVES_TOP].height = 30
    book.print_setup("archives", wbdef.ARCHIVES_TOP)
