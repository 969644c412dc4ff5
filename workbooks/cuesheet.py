"""The music cue sheet (relevé des œuvres musicales) and the archives register.

Sheets: Relevé (production header and one row per cue), Ayants droit (one row
per rights holder of a cue), Synthèse (totals by usage and by origin, the
music/programme ratio, signature block), Archives (image and sound archives,
their durations and fees).

Timecode formulas depend on the frame rate, and cross-table lookups on the
language of the column headers, so the tables are built by small functions
from the constants below.
"""

from collections.abc import Mapping

from xlprod import timecode
from xlprod.xlsx.formulas import whole_column
from xlprod.xlsx.spec import (
    EUR,
    INT,
    ISO_DATE,
    NUM,
    TEXT_FORMAT,
    Choice,
    Choices,
    Column,
    Field,
    Form,
    Label,
    Layout,
    SheetDef,
    TableDef,
)

ORIGINS = ("original", "preexisting", "library", "public_domain")
ORIGIN_LABELS = {
    "original": Label("musique originale (de commande)", "original (commissioned) score"),
    "preexisting": Label("musique préexistante (commerciale)", "pre-existing (commercial)"),
    "library": Label("musique d'illustration (librairie)", "library (production) music"),
    "public_domain": Label("domaine public", "public domain"),
}
#: What an Origine cell shows (and is typed as): short words, read back as the codes above.
ORIGIN_CHOICES = Choices("origins", (
    Choice("original", Label("originale", "original")),
    Choice("preexisting", Label("préexistante", "pre-existing")),
    Choice("library", Label("bibliothèque", "library")),
    Choice("public_domain", Label("domaine public", "public domain")),
))
#: Label columns as wide as their longest label (xlprod's usage labels are at most 50
#: characters), so that a printed label is never cut by the next column.
USAGE_WIDTH = 56
ORIGIN_WIDTH = max(len(label(lang)) for label in ORIGIN_LABELS.values() for lang in ("fr", "en")) + 2

#: Roles that are publishers (the others are writers: composer, author, arranger…).
PUBLISHER_ROLES = ("E", "SE", "AM")
SOCIETIES = ("SACEM", "SDRM", "SACD", "SCAM", "PRS", "ASCAP", "BMI", "SESAC", "SOCAN", "GEMA",
             "SABAM", "SUISA", "SIAE", "SGAE", "JASRAC", "APRA")

CUES_NAME = "CueList"
HOLDERS_NAME = "CueRightsholders"
ARCHIVES_NAME = "ArchiveList"


HEADER = (
    Field("title", Label("Titre du programme", "Programme title"), "CUE_TITLE"),
    Field("episode", Label("Épisode (titre, n°)", "Episode (title, no.)"), "CUE_EPISODE"),
    Field("isan", Label("ISAN", "ISAN"), "CUE_ISAN", "code",
          hint=Label("XXXX-XXXX-XXXX-XXXX-C-XXXX-XXXX-C", "XXXX-XXXX-XXXX-XXXX-C-XXXX-XXXX-C")),
    Field("version", Label("Version", "Version"), "CUE_VERSION",
          hint=Label("VO, VF, version TV…", "original, dubbed, TV edit…")),
    Field("programme_duration", Label("Durée du programme", "Programme duration"),
          "CUE_PROGRAMME_DURATION", "timecode", hint=Label("HH:MM:SS:FF", "HH:MM:SS:FF")),
    Field("programme_start", Label("TC de début du programme", "Programme start TC"),
          "CUE_PROGRAMME_START", "timecode",
          hint=Label("vide = 00:00:00:00", "empty = 00:00:00:00")),
    Field("fps", Label("Cadence (images/s)", "Frame rate (fps)"), "CUE_FPS", "number", "0.###",
          hint=Label("fixée à la création : les formules en dépendent",
                     "fixed when the workbook is made: the formulas use it"), editable=False),
    Field("producer", Label("Producteur", "Producer"), "CUE_PRODUCER"),
    Field("broadcaster", Label("Diffuseur / distributeur", "Broadcaster / distributor"),
          "CUE_BROADCASTER"),
    Field("original_title", Label("Titre original", "Original title"), "CUE_ORIGINAL_TITLE",
          hint=Label("si différent du titre du programme", "when it differs from the title"),
          added_later=True),
    Field("director", Label("Réalisation", "Director"), "CUE_DIRECTOR", added_later=True),
    Field("year", Label("Année de production", "Year of production"), "CUE_YEAR", "integer",
          "0", added_later=True),
    Field("country", Label("Pays de production", "Country of production"), "CUE_COUNTRY",
          hint=Label("FR, BE, FR/BE…", "FR, BE, FR/BE…"), added_later=True),
)
HEADER_TOP = 4  # row of the first header field
CUES_TOP = HEADER_TOP + len(HEADER) + 2  # header row of the cue table
HEADER_FORM = Form("cues", HEADER, HEADER_TOP, label_col="B", value_col="C", span=4,
                   hint_col="G")
HOLDERS_TOP = 4
ARCHIVES_TOP = 9

# Headers that formulas of another table refer to.
CUE_NUMBER_LABEL = Label("N°", "No")
CUE_TITLE_LABEL = Label("Titre", "Title")
HOLDER_CUE_LABEL = Label("N° cue", "Cue no")
HOLDER_SHARE_LABEL = Label("Part", "Share")


def _tc(key: str) -> Column:
    label = {"tc_in": Label("TC entrée", "TC in"), "tc_out": Label("TC sortie", "TC out")}[key]
    return Column(key, label, 13, TEXT_FORMAT, required=True, align="center", type="timecode",
                  hint=Label("HH:MM:SS:FF (HH:MM:SS;FF en 29,97 drop-frame)",
                             "HH:MM:SS:FF (HH:MM:SS;FF at 29.97 drop-frame)"))


def _timing_columns(fps: object) -> tuple[Column, ...]:
    """TC in, TC out, and their formulas: frames (exact), timecode, and mm:ss.

    Input timecodes are formatted as text ("@") so that Excel keeps what is typed; formula
    cells are not, since Excel would show a formula typed into a text cell as text."""
    frames_in = timecode.excel_frames_formula("{tc_in}", fps)
    frames_out = timecode.excel_frames_formula("{tc_out}", fps)
    return (
        _tc("tc_in"),
        _tc("tc_out"),
        Column("frames", Label("Images", "Frames"), 9, INT,
               formula=f'IF(OR({{tc_in}}="",{{tc_out}}=""),"",MAX(0,({frames_out})-({frames_in})))'),
        Column("duration", Label("Durée", "Duration"), 13, align="center",
               formula=f'IF({{frames}}="","",{timecode.excel_tc_formula("{frames}", fps)})'),
        Column("mmss", Label("Durée mm:ss", "Duration mm:ss"), 9, align="center",
               formula=f'IF({{frames}}="","",{timecode.excel_mmss_formula("{frames}", fps)})'),
    )


def _lookup(value: str, keys: str, labels: str) -> str:
    return f'IF({value}="","",IFERROR(INDEX({labels},MATCH({value},{keys},0)),"?"))'


def cues_table(fps: object, lang: str) -> TableDef:
    holders_cue = whole_column(HOLDERS_NAME, HOLDER_CUE_LABEL(lang))
    holders_share = whole_column(HOLDERS_NAME, HOLDER_SHARE_LABEL(lang))
    return TableDef(CUES_NAME, (
        Column("number", CUE_NUMBER_LABEL, 6, "0", required=True, type="integer"),
        Column("title", CUE_TITLE_LABEL, 34, TEXT_FORMAT, required=True),
        *_timing_columns(fps),
        Column("usage", Label("Usage", "Usage"), 8, TEXT_FORMAT, choices="usages", required=True,
               align="center", type="code"),
        Column("usage_label", Label("Type d'utilisation", "Usage type"), USAGE_WIDTH,
               formula=_lookup("{usage}", "LISTE_USAGES", "LISTE_USAGE_LABELS")),
        Column("origin", Label("Origine", "Origin"), 14, TEXT_FORMAT, choices=ORIGIN_CHOICES,
               type="code", default="original",
               hint=Label("originale, préexistante, bibliothèque, domaine public",
                          "original, pre-existing, library, public domain")),
        Column("origin_label", Label("Origine (libellé)", "Origin (label)"), ORIGIN_WIDTH,
               formula=_lookup("{origin}", "LISTE_ORIGIN_WORDS", "LISTE_ORIGIN_WORD_LABELS"),
               added_later=True),
        Column("isrc", Label("ISRC", "ISRC"), 16, TEXT_FORMAT),
        Column("iswc", Label("ISWC", "ISWC"), 16, TEXT_FORMAT),
        Column("performer", Label("Interprète", "Performer"), 20, TEXT_FORMAT),
        Column("label", Label("Label / producteur phono", "Label / master owner"), 22, TEXT_FORMAT),
        Column("licence", Label("Référence licence", "Licence reference"), 16, TEXT_FORMAT),
        Column("holders", Label("Ayants droit", "Rights holders"), 9, INT,
               formula=f'IF({{number}}="","",COUNTIF({holders_cue},{{number}}))'),
        Column("shares", Label("Total des parts", "Shares total"), 9, NUM,
               formula=f'IF({{number}}="","",SUMIF({holders_cue},{{number}},{holders_share}))'),
    ), path="cues", key=("number",))


def holders_table(lang: str) -> TableDef:
    cue_numbers = whole_column(CUES_NAME, CUE_NUMBER_LABEL(lang))
    cue_titles = whole_column(CUES_NAME, CUE_TITLE_LABEL(lang))
    return TableDef(HOLDERS_NAME, (
        Column("cue", HOLDER_CUE_LABEL, 8, "0", required=True, type="integer"),
        Column("cue_title", Label("Œuvre", "Work"), 30, formula=_lookup("{cue}", cue_numbers,
                                                                        cue_titles)),
        Column("role", Label("Rôle", "Role"), 7, TEXT_FORMAT, choices="roles", required=True,
               type="code"),
        Column("role_label", Label("Libellé du rôle", "Role label"), 22,
               formula=_lookup("{role}", "LISTE_ROLES", "LISTE_ROLE_LABELS")),
        Column("name", Label("Nom", "Name"), 30, TEXT_FORMAT, required=True,
               hint=Label("NOM Prénom, ou raison sociale de l'éditeur",
                          "SURNAME First name, or the publisher's company name")),
        Column("society", Label("Société", "Society"), 11, TEXT_FORMAT, choices="societies",
               type="code"),
        Column("ipi", Label("IPI / CAE", "IPI / CAE"), 14, TEXT_FORMAT),
        Column("share", HOLDER_SHARE_LABEL, 8, NUM, required=True,
               hint=Label("en %, 100 au total par cue", "in %, 100 in all for each cue"),
               type="number"),
    ), path="cues[].rightsholders", key=("cue", "name", "role"))


def archives_table(fps: object) -> TableDef:
    seconds = timecode.excel_seconds_formula("{frames}", fps)
    return TableDef(ARCHIVES_NAME, (
        Column("source", Label("Source", "Source"), 16, TEXT_FORMAT, required=True),
        Column("title", Label("Description", "Description"), 30, TEXT_FORMAT),
        Column("rightsholder", Label("Ayant droit", "Rights holder"), 20, TEXT_FORMAT),
        *_timing_columns(fps),
        Column("seconds", Label("Secondes", "Seconds"), 9, INT,
               formula=f'IF({{frames}}="","",{seconds})'),
        Column("fee_per_second", Label("Tarif par seconde", "Fee per second"), 12, EUR,
               type="number"),
        Column("flat_fee", Label("Forfait", "Flat fee"), 12, EUR, type="number"),
        Column("fee", Label("Coût", "Cost"), 13, EUR,
               formula="IF(ISNUMBER({flat_fee}),{flat_fee},IF(AND(ISNUMBER({fee_per_second}),"
                       "ISNUMBER({seconds})),ROUND({fee_per_second}*{seconds},2),0))"),
        Column("territories", Label("Territoires", "Territories"), 14, TEXT_FORMAT),
        Column("media", Label("Médias", "Media"), 16, TEXT_FORMAT),
        Column("expiry", Label("Échéance des droits", "Rights expiry"), 12, ISO_DATE,
               type="date"),
        Column("reference", Label("Référence contrat", "Contract reference"), 16, TEXT_FORMAT),
    ), path="archives", key=("source", "title"))


#: the names of the Synthèse and Archives totals
TOTAL_NAMES = ("CUE_TOTAL_FRAMES", "CUE_TOTAL_DURATION", "CUE_TOTAL_MMSS", "CUE_PROGRAMME_FRAMES",
               "CUE_MUSIC_RATIO", "CUE_COUNT", "ARCH_TOTAL_FRAMES", "ARCH_TOTAL_DURATION",
               "ARCH_TOTAL_SECONDS", "ARCH_TOTAL_FEES")

SHEETS = (
    SheetDef("cues", Label("Relevé", "Cue sheet"), tab_color="1F3864"),
    SheetDef("holders", Label("Ayants droit", "Rights holders"), tab_color="2E75B6"),
    SheetDef("summary", Label("Synthèse", "Summary"), tab_color="70AD47"),
    SheetDef("archives", Label("Archives", "Archives"), tab_color="A5A5A5"),
)


def layout(fps: object, lang: str, usages: Mapping[str, tuple[str, str]],
           roles: Mapping[str, tuple[str, str]]) -> Layout:
    """The layout for one frame rate and language; ``usages``/``roles``: code → (fr, en)."""
    pick = 1 if lang == "en" else 0
    return Layout(
        kind="cuesheet",
        sheets=SHEETS,
        tables={"cues": cues_table(fps, lang), "holders": holders_table(lang),
                "archives": archives_table(fps)},
        forms={"header": HEADER_FORM},
        outputs=(*TOTAL_NAMES, *(f"CUE_USAGE_{code.upper()}" for code in usages),
                 *(f"CUE_ORIGIN_{origin.upper()}" for origin in ORIGINS)),
        lists={
            "usages": tuple(usages),
            "usage_labels": tuple(labels[pick] for labels in usages.values()),
            "roles": tuple(roles),
            "role_labels": tuple(labels[pick] for labels in roles.values()),
            # every spelling an Origine cell may hold (its word in either language, its
            # code), beside the label it shows: the label column accepts what the reader does
            "origin_words": tuple(w for o in ORIGINS for w in ORIGIN_CHOICES.spellings(o, lang)),
            "origin_word_labels": tuple(ORIGIN_LABELS[o](lang) for o in ORIGINS
                                        for _ in ORIGIN_CHOICES.spellings(o, lang)),
            "societies": SOCIETIES,
        },
    )


WORDS = {
    "subtitle": Label(
        "Relevé des œuvres musicales — une ligne par cue ; durées exactes à l'image près, "
        "mm:ss arrondi à la seconde supérieure — généré par xlprod",
        "Music cue sheet — one row per cue; durations exact to the frame, mm:ss rounded up to "
        "the second — made by xlprod"),
    "holders_hint": Label(
        "Une ligne par ayant droit et par cue (N° cue du Relevé). Les parts d'une cue font 100 %.",
        "One row per rights holder of a cue (cue number from the Cue sheet). A cue's shares "
        "sum to 100 %."),
    "summary": Label("Synthèse du relevé", "Cue sheet summary"),
    "archives_hint": Label(
        "Registre des archives images et sons : durée au TC, coût au forfait ou à la seconde "
        "(seconde entamée due).",
        "Register of image and sound archives: duration from the timecodes, cost flat or per "
        "second (any started second is due)."),
    "total_music": Label("Durée musicale totale", "Total music duration"),
    "total_mmss": Label("Durée musicale (mm:ss)", "Music duration (mm:ss)"),
    "total_frames": Label("Durée musicale (images)", "Music duration (frames)"),
    "programme_frames": Label("Durée du programme (images)", "Programme duration (frames)"),
    "ratio": Label("Part de la musique dans le programme", "Music share of the programme"),
    "ratio_short": Label("Part de musique", "Music share"),
    "count": Label("Nombre de cues", "Number of cues"),
    "by_usage": Label("Par type d'utilisation", "By usage"),
    "by_origin": Label("Par origine", "By origin"),
    "total": Label("Total", "Total"),
    "arch_frames": Label("Durée totale (images)", "Total duration (frames)"),
    "arch_duration": Label("Durée totale", "Total duration"),
    "arch_seconds": Label("Secondes facturées", "Billed seconds"),
    "arch_fees": Label("Coût total des archives", "Total archive cost"),
    "signature": Label("Fait à ……………………, le ……………… — Le producteur (nom, qualité, signature) :",
                       "Place and date: …………………… — The producer (name, title, signature):"),
    "overlap_note": Label(
        "Les cues qui se chevauchent comptent chacune pour leur durée (la musique peut se "
        "superposer).",
        "Overlapping cues each count for their own duration (music can legitimately overlap)."),
}
SUMMARY_HEADERS = (
    Label("Code", "Code"), Label("Libellé", "Label"), Label("Images", "Frames"),
    Label("Durée", "Duration"), Label("mm:ss", "mm:ss"), Label("Part de la musique", "Share"),
)
