"""The cue sheet flattened to one row per rights holder (``run export-cuesheet``): its
columns, in the public RapidCue template's order (see ``xlprod/kinds/cuesheet/flat.py``)."""

from dataclasses import dataclass

from xlprod.workbooks import cuesheet as wbdef
from xlprod.xlsx.spec import NUM, TEXT_FORMAT, Column, Label, Layout, SheetDef, TableDef


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


def layout(printed: bool = False) -> Layout:
    """The export sheet; ``printed`` keeps only the columns of the PDF to sign."""
    columns = [c for c in COLUMNS if not c.production and (c.printed or not printed)]
    table = TableDef("CueSheetExport", tuple(
        Column(c.key, c.label, WIDTHS.get(c.key, 11), NUMBERS.get(c.key, TEXT_FORMAT))
        for c in columns))
    return Layout("cuesheet-export", (SheetDef("flat", Label("Relevé", "Cue sheet")),),
                  {"flat": table})
