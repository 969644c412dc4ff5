"""The cue sheet flattened to one row per rights holder, for societies and platforms.

Column order follows the public RapidCue Excel template (ASCAP/BMI, 2016,
columns A–R: sequence, cue title, usage, time in, time out, duration, role,
writer, publisher, IPI, society, share); the CISAC common cue sheet's own
column list is not public, so the identifiers and origin it asks for follow,
then the production's header fields. ``docs/cuesheet.md`` documents each
column. A cue without rights holders still gets one row, with empty holder
columns, so that no music goes missing.
"""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlprod import identifiers, timecode
from xlprod.fileio import check_writable, refuse_same_file, write_text, write_with
from xlprod.kinds.base import Finding
from xlprod.kinds.cuesheet.compute import span_frames
from xlprod.kinds.cuesheet.model import CueSheet, Rightsholder
from xlprod.workbooks import cuesheet as wbdef
from xlprod.workbooks import cuesheet_export as export
from xlprod.workbooks.cuesheet_export import COLUMNS
from xlprod.xlsx import styles
from xlprod.xlsx.writer import BookWriter

FORMATS = ("csv", "xlsx", "pdf")
#: CSV dialects: ``excel`` (comma, decimal point, the keys as headers, for societies and
#: platforms) and ``excel-fr`` (what French Excel opens by double-click: semicolon, decimal
#: comma, French headers); both UTF-8 with a BOM.
DIALECTS = ("excel", "excel-fr")


@dataclass(frozen=True)
class Exported:
    path: Path
    findings: list[Finding]


def flat_rows(sheet: CueSheet, lang: str = "fr") -> list[dict[str, Any]]:
    """One dict per rights holder (keys: :data:`COLUMNS`' keys), cues in sheet order."""
    pick = 1 if lang == "en" else 0
    usages, roles = identifiers.usage_codes(), identifiers.role_codes()
    production = {f"production_{f.key}": _plain(getattr(sheet, f.key)) for f in wbdef.HEADER}
    rows = []
    for cue in sheet.cues:
        frames = span_frames(cue, sheet.rate)
        base: dict[str, Any] = {
            "seq": cue.number, "cue_title": cue.title, "usage": cue.usage,
            "time_in": cue.tc_in, "time_out": cue.tc_out,
            "duration": timecode.mmss(frames, sheet.rate), "iswc": cue.iswc, "isrc": cue.isrc,
            "performer": cue.performer, "label": cue.label,
            "origin": wbdef.ORIGIN_CHOICES.label(cue.origin, lang),
            "licence": cue.licence, "duration_tc": timecode.format(frames, sheet.rate),
            "duration_frames": frames,
            "usage_label": usages.get(cue.usage, ("", ""))[pick], **production,
        }
        holders: list[Rightsholder | None] = [*cue.rightsholders] or [None]
        for holder in holders:
            row = dict(base)
            if holder is not None:
                publisher = holder.role in wbdef.PUBLISHER_ROLES
                row.update({
                    "role": holder.role, "writer_name": "" if publisher else holder.name,
                    "publisher_name": holder.name if publisher else "", "ipi": holder.ipi,
                    "society": holder.society, "share": holder.share,
                    "role_label": roles.get(holder.role, ("", ""))[pick],
                })
            rows.append({c.key: row.get(c.key, "") for c in COLUMNS})
    return rows


def _plain(value: Any) -> str:
    """A header value as text: nothing for None, ``25``/``29.97`` for a rate."""
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def _csv_cell(value: Any, decimal: str = ".") -> str:
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return _plain(value).replace(".", decimal)
    if not isinstance(value, str):
        return _plain(value)
    # A spreadsheet opening the CSV would run "=…" as a formula: the apostrophe keeps it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def csv_text(rows: list[dict[str, Any]], dialect: str = "excel") -> str:
    french = dialect == "excel-fr"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", delimiter=";" if french else ",")
    writer.writerow([c.label.fr if french else c.key for c in COLUMNS])
    for row in rows:
        writer.writerow([_csv_cell(row[c.key], "," if french else ".") for c in COLUMNS])
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read UTF-8 accents right


def book(sheet: CueSheet, rows: list[dict[str, Any]], lang: str = "fr",
         *, printed: bool = False) -> BookWriter:
    """The flat rows as a sheet: production header, table, signature block. ``printed``
    keeps only the columns of the PDF to sign."""
    layout = export.layout(printed)
    columns = layout.tables["flat"].columns
    w = BookWriter(layout, lang)
    w.put("flat", "A1", sheet.title, font=styles.TITLE_FONT, text=True)
    w.put("flat", "A2", wbdef.WORDS["subtitle"](lang), font=styles.SUBTITLE_FONT)
    total = sum(span_frames(cue, sheet.rate) for cue in sheet.cues)
    header = [(f.label(lang), _plain(getattr(sheet, f.key))) for f in wbdef.HEADER]
    header.append((wbdef.WORDS["total_music"](lang),
                   f"{timecode.format(total, sheet.rate)} ({timecode.mmss(total, sheet.rate)})"))
    for k, (label, value) in enumerate(header):
        w.put("flat", f"B{4 + k}", label, font=styles.BOLD)
        w.put("flat", f"D{4 + k}", value, text=True)
    top = 4 + len(header) + 1
    keys = {c.key for c in columns}
    placed = w.table("flat", layout.tables["flat"],
                     [{k: None if v == "" else v for k, v in row.items() if k in keys}
                      for row in rows], top=top)
    # Each column as wide as its longest value (headers wrap over two lines), so that no
    # printed cell runs into the next one.
    ws = w.sheets["flat"]
    for col in columns:
        longest = max((len(_plain(row[col.key])) for row in rows), default=0)
        word = max(len(part) for part in col.label(lang).split())
        width = max(col.width, longest + 2, word + 2, len(col.label(lang)) / 2 + 2)
        ws.column_dimensions[placed.letters[col.key]].width = min(width, 60)
    ws.row_dimensions[top].height = 30
    w.put("flat", f"B{top + len(rows) + 3}", wbdef.WORDS["signature"](lang), font=styles.BOLD)
    w.print_setup("flat", top)
    return w


def export_file(source: Path, fmt: str, out: Path, *, force: bool = False,
                dialect: str = "excel") -> Exported:
    """Read cue sheet workbook ``source`` and write its flat export to ``out`` (a CSV in
    ``dialect``, see :data:`DIALECTS`)."""
    from xlprod import api
    from xlprod.errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
    if dialect not in DIALECTS:
        raise UsageError(f"--dialect {dialect}: choose one of {', '.join(DIALECTS)}")
    refuse_same_file(out, source)
    check_writable(out, force)
    loaded = api.load(source)
    if loaded.spec.name != "cuesheet":
        raise UsageError(f"{source} is a {loaded.spec.name} workbook; export-cuesheet needs a cue "
                         "sheet (xlprod new cuesheet)")
    sheet: CueSheet = loaded.model_or_raise()
    lang = loaded.lang
    rows = flat_rows(sheet, lang)
    if fmt == "csv":
        write_text(out, csv_text(rows, dialect), force)
    elif fmt == "xlsx":
        write_with(out, book(sheet, rows, lang).save, force)
    else:
        write_with(out, lambda tmp: _pdf(book(sheet, rows, lang, printed=True), tmp), force)
    return Exported(out, loaded.findings)


def _pdf(w: BookWriter, target: Path) -> None:
    from xlprod.libreoffice import to_pdf

    with tempfile.TemporaryDirectory(prefix="xlprod-cuesheet-") as scratch:
        xlsx = Path(scratch) / "in" / "releve.xlsx"
        xlsx.parent.mkdir()
        w.save(xlsx)
        [pdf] = to_pdf([xlsx], Path(scratch) / "pdf")
        shutil.copyfile(pdf, target)

