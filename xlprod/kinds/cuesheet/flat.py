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
from xlprod.xlsx import styles
from xlprod.xlsx.spec import NUM, TEXT_FORMAT, Column, Label, Layout, SheetDef, TableDef
from xlprod.xlsx.writer import BookWriter

FORMATS = ("csv", "xlsx", "pdf")


@dataclass(frozen=True)
class FlatColumn:
    key: str  # the CSV header
    label: Label  # the header in the xlsx / pdf
    rapidcue: str = ""  # the RapidCue 2016 template column it stands for
    production: bool = False  # a header field repeated on every row (CSV only)
    printed: bool = True  # in the PDF to sign (which leaves out the computer-friendly columns)


COLUMNS = (
    FlatColumn("seq", Label("N°", "Seq."), "A Seq. #"),
    FlatColumn("cue_title", Label("Titre", "Cue title"), "B Cue Title"),
    FlatColumn("usage", Label("Usage", "Usage"), "C Usage"),
    FlatColumn("time_in", Label("TC entrée", "Time in"), "D–F Time In"),
    FlatColumn("time_out", Label("TC sortie", "Time out"), "G–I Time Out"),
    FlatColumn("duration", Label("Durée mm:ss", "Duration mm:ss"), "J–K Duration"),
    FlatColumn("role", Label("Rôle", "Role"), "L Role"),
    FlatColumn("writer_name", Label("Auteur / compositeur", "Writer"), "M–N Composer name"),
    FlatColumn("publisher_name", Label("Éditeur", "Publisher"), "O Publisher Name"),
    FlatColumn("ipi", Label("IPI / CAE", "IPI / CAE"), "P IPI #"),
    FlatColumn("society", Label("Société", "Society"), "Q PRO / Affiliation"),
    FlatColumn("share", Label("Part %", "Share %"), "R Shares"),
    FlatColumn("iswc", Label("ISWC", "ISWC")),
    FlatColumn("isrc", Label("ISRC", "ISRC")),
    FlatColumn("performer", Label("Interprète", "Performer")),
    FlatColumn("label", Label("Label / producteur phono", "Label / master owner")),
    FlatColumn("origin", Label("Origine", "Origin")),
    FlatColumn("licence", Label("Référence licence", "Licence reference")),
    FlatColumn("duration_tc", Label("Durée (TC)", "Duration (TC)"), printed=False),
    FlatColumn("duration_frames", Label("Images", "Frames"), printed=False),
    FlatColumn("usage_label", Label("Type d'utilisation", "Usage type"), printed=False),
    FlatColumn("role_label", Label("Libellé du rôle", "Role label"), printed=False),
    *(FlatColumn(f"production_{f.key}", f.label, production=True) for f in wbdef.HEADER),
)
WIDTHS = {"seq": 5, "cue_title": 30, "writer_name": 22, "publisher_name": 22, "usage_label": 26,
          "performer": 18, "label": 18, "licence": 15, "role_label": 16, "iswc": 15, "isrc": 15,
          "ipi": 13, "time_in": 12, "time_out": 12, "origin": 12}
NUMBERS = {"share": NUM, "seq": "0", "duration_frames": "0"}


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
            "performer": cue.performer, "label": cue.label, "origin": cue.origin,
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


def _csv_cell(value: Any) -> str:
    if not isinstance(value, str):
        return _plain(value)
    # A spreadsheet opening the CSV would run "=…" as a formula: the apostrophe keeps it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.key for c in COLUMNS])
    for row in rows:
        writer.writerow([_csv_cell(row[c.key]) for c in COLUMNS])
    return "\ufeff" + out.getvalue()  # the BOM makes Excel read UTF-8 accents right


def book(sheet: CueSheet, rows: list[dict[str, Any]], lang: str = "fr",
         *, printed: bool = False) -> BookWriter:
    """The flat rows as a sheet: production header, table, signature block. ``printed``
    keeps only the columns of the PDF to sign."""
    columns = [c for c in COLUMNS if not c.production and (c.printed or not printed)]
    tdef = TableDef("CueSheetExport", tuple(
        Column(c.key, c.label, WIDTHS.get(c.key, 11), NUMBERS.get(c.key, TEXT_FORMAT)) for c in columns))
    layout = Layout("cuesheet-export", (SheetDef("flat", Label("Relevé", "Cue sheet")),),
                    {"flat": tdef})
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
    w.table("flat", tdef, [{k: None if v == "" else v for k, v in row.items() if k in keys}
                           for row in rows], top=top)
    w.sheets["flat"].row_dimensions[top].height = 30
    w.put("flat", f"B{top + len(rows) + 3}", wbdef.WORDS["signature"](lang), font=styles.BOLD)
    w.print_setup("flat", top)
    return w


def export_file(source: Path, fmt: str, out: Path, *, force: bool = False) -> Exported:
    """Read cue sheet workbook ``source`` and write its flat export to ``out``."""
    from xlprod import api
    from xlprod.errors import UsageError

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
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
        write_text(out, csv_text(rows), force)
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

