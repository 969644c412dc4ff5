"""The royalty control workbook (contrôle de la répartition des recettes, RNPP).

Sheets: Synthèse (title, RNPP by channel, payouts, authors, the stamp of the
waterfall's computation and its check), Recettes (one row per channel and
period, every step of its chain as a formula), Cascade (corridors, tiers and
opening positions: inputs), Répartition (the waterfall per period, written by
xlprod's engine), Auteurs (authors' contracts and their account per period),
Versements (payments actually made, checked against what is due) and Relevés
(one printable statement per beneficiary).

The channel chain's running totals compare rows of the same table, and a
structured reference spells a column by its header, so the channels table is
built for one language by :func:`channels_table`.
"""

from decimal import Decimal

from xlprod.xlsx.formulas import whole_column
from xlprod.xlsx.spec import (
    EUR,
    INT,
    PCT,
    TEXT_FORMAT,
    Column,
    Field,
    Form,
    Label,
    Layout,
    SheetDef,
    TableDef,
)

CHANNELS_NAME = "RoyChannels"
CHANNEL_LABEL = Label("Canal", "Channel")
PERIOD_LABEL = Label("Période", "Period")
NET_LABEL = Label("Net après frais", "Net after costs")
MG_LABEL = Label("MG", "MG")
RNPP_LABEL = Label("RNPP de la période", "RNPP of the period")
CHANNELS = ("salles_france", "tv", "video", "vod", "svod", "international")

_PERIOD_HINT = Label("2026-T1, 2026-S2… (l'année d'abord) ; vide si une seule période",
                     "2026-T1, 2026-S2… (year first); blank for a single period")


def channels_table(lang: str) -> TableDef:
    """Receipts by channel: inputs, then each step of the chain (contract §2 royalties)."""
    ch = whole_column(CHANNELS_NAME, CHANNEL_LABEL(lang))
    per = whole_column(CHANNELS_NAME, PERIOD_LABEL(lang))
    net = whole_column(CHANNELS_NAME, NET_LABEL(lang))
    mg = whole_column(CHANNELS_NAME, MG_LABEL(lang))
    same = f"({ch}={{channel}})"
    earlier = f"{same}*({per}<{{period}})"
    # A channel has an MG when any of its rows gives one (a typed 0 is an MG of 0).
    has_mg = f"SUMPRODUCT({same}*ISNUMBER({mg}))>0"
    return TableDef(CHANNELS_NAME, (
        Column("channel", CHANNEL_LABEL, 15, TEXT_FORMAT, choices="channels", required=True,
               type="code", hint=Label("salles_france, tv, video, vod, svod, international…",
                                       "salles_france, tv, video, vod, svod, international…")),
        Column("period", PERIOD_LABEL, 10, TEXT_FORMAT, type="code", hint=_PERIOD_HINT),
        Column("box_office_ttc", Label("Entrées TTC", "Box office incl. VAT"), 14, EUR,
               type="number", hint=Label("canal salles seulement", "theatrical only")),
        Column("vat_rate", Label("TVA", "VAT"), 8, PCT, type="number"),
        Column("tsa_rate", Label("Taux TSA", "TSA rate"), 8, PCT, type="number"),
        Column("sacem_rate", Label("Taux SACEM", "SACEM rate"), 9, PCT, type="number"),
        Column("rental_rate", Label("Taux de location", "Rental rate"), 9, PCT, type="number"),
        Column("gross", Label("Recettes brutes HT", "Gross receipts"), 14, EUR, type="number",
               hint=Label("autres canaux", "other channels")),
        Column("commission_rate", Label("Taux de commission", "Commission rate"), 11, PCT,
               type="number", default=Decimal(0)),
        Column("commission_cap", Label("Plafond de commission", "Commission cap"), 11, PCT,
               type="number"),
        Column("expenses", Label("Frais (P&A, marchés)", "Costs (P&A, markets)"), 13, EUR,
               type="number", default=Decimal(0)),
        Column("minimum_guarantee", MG_LABEL, 13, EUR, type="number",
               hint=Label("MG ou préachat, compté une fois", "MG or pre-sale, counted once")),
        Column("ht", Label("Recette HT", "Box office excl. VAT"), 14, EUR,
               formula='IF({box_office_ttc}="",0,ROUND({box_office_ttc}/(1+{vat_rate}),2))'),
        Column("tsa", Label("TSA", "TSA"), 12, EUR,
               formula="ROUND({tsa_rate}*{ht},2)"),
        Column("sacem", Label("SACEM", "SACEM"), 12, EUR,
               formula="ROUND({sacem_rate}*{ht},2)"),
        Column("net_box_office", Label("Recette nette salle", "Net box office"), 14, EUR,
               formula="{ht}-{tsa}-{sacem}"),
        Column("distributor_gross", Label("Recettes brutes distributeur", "Distributor gross"),
               14, EUR, formula='IF({box_office_ttc}="",ROUND({gross},2),'
                                'ROUND({rental_rate}*{net_box_office},2))'),
        Column("rate_applied", Label("Taux appliqué", "Rate applied"), 9, PCT,
               formula='IF({commission_cap}="",{commission_rate}+0,'
                       'MIN({commission_rate}+0,{commission_cap}))'),
        Column("commission", Label("Commission", "Commission"), 13, EUR,
               formula="ROUND({rate_applied}*{distributor_gross},2)"),
        Column("net", NET_LABEL, 14, EUR,
               formula="{distributor_gross}-{commission}-ROUND({expenses},2)"),
        Column("net_before", Label("Net des périodes antérieures", "Net of earlier periods"),
               14, EUR, formula=f"SUMPRODUCT({earlier}*{net})"),
        Column("net_to_date", Label("Net cumulé", "Net to date"), 14, EUR,
               formula="{net_before}+{net}"),
        Column("mg_channel", Label("MG du canal", "Channel MG"), 13, EUR,
               formula=f"IF({has_mg},ROUND(SUMPRODUCT({same}*{mg})/"
                       f"SUMPRODUCT({same}*ISNUMBER({mg})),2),0)"),
        Column("rnpp_to_date", Label("RNPP cumulé", "RNPP to date"), 14, EUR,
               formula=f"IF({has_mg},MAX({{mg_channel}},{{net_to_date}}),{{net_to_date}})"),
        Column("rnpp", RNPP_LABEL, 14, EUR,
               formula=f"{{rnpp_to_date}}-IF(SUMPRODUCT({earlier})=0,0,"
                       f"IF({has_mg},MAX({{mg_channel}},{{net_before}}),{{net_before}}))"),
    ), path="channels", key=("channel", "period"))


CORRIDORS = TableDef("RoyCorridors", (
    Column("beneficiary", Label("Bénéficiaire", "Beneficiary"), 28, TEXT_FORMAT, required=True),
    Column("share", Label("Part du RNPP", "Share of RNPP"), 10, PCT, type="number",
           required=True),
    Column("cap", Label("Plafond", "Cap"), 14, EUR, type="number",
           hint=Label("vide = sans plafond", "blank = no cap")),
), path="corridors", key=("beneficiary",))

TIERS = TableDef("RoyTiers", (
    Column("tier", Label("Rang", "Tier"), 7, INT, type="integer", required=True),
    Column("cap", Label("Plafond du rang", "Tier cap"), 15, EUR, type="number",
           hint=Label("le même sur chaque ligne du rang ; vide = sans plafond",
                      "the same on every row of the tier; blank = no cap")),
    Column("beneficiary", Label("Bénéficiaire", "Beneficiary"), 28, TEXT_FORMAT, required=True),
    Column("share", Label("Part dans le rang", "Share in the tier"), 10, PCT, type="number",
           required=True),
), path="tiers", key=("tier", "beneficiary"))

PRIOR = TableDef("RoyPrior", (
    Column("beneficiary", Label("Bénéficiaire", "Beneficiary"), 28, TEXT_FORMAT, required=True),
    Column("level", Label("Niveau", "Level"), 8, INT, type="integer", required=True,
           hint=Label("0 = couloirs, 1 = premier rang…", "0 = corridors, 1 = first tier…")),
    Column("received", Label("Déjà reçu", "Already received"), 14, EUR, type="number",
           required=True),
), path="prior", key=("beneficiary", "level"))

AUTHORS = TableDef("RoyAuthors", (
    Column("name", Label("Auteur", "Author"), 26, TEXT_FORMAT, required=True),
    Column("rate", Label("Taux", "Rate"), 8, PCT, type="number", required=True),
    Column("minimum_guarantee", Label("Minimum garanti", "Minimum guarantee"), 15, EUR,
           type="number", default=Decimal(0)),
    Column("base", Label("Assiette (canal)", "Base (channel)"), 15, TEXT_FORMAT, type="code",
           choices="channels", hint=Label("vide = total RNPP", "blank = total RNPP")),
    Column("recouped_before", Label("MG déjà récupéré", "MG recouped before"), 14, EUR,
           type="number", default=Decimal(0)),
), path="authors", key=("name",))

STATEMENTS = TableDef("RoyStatements", (
    Column("beneficiary", Label("Bénéficiaire", "Beneficiary"), 28, TEXT_FORMAT, required=True),
    Column("period", PERIOD_LABEL, 10, TEXT_FORMAT, type="code", hint=_PERIOD_HINT),
    Column("paid", Label("Versé", "Paid"), 14, EUR, type="number", required=True),
), path="statements", key=("beneficiary", "period"))

TITLE = Form("summary", (Field("title", Label("Titre", "Title"), "ROY_TITLE"),), top=3,
             span=4)

SHEETS = (
    SheetDef("summary", Label("Synthèse", "Summary"), tab_color="1F3864"),
    SheetDef("channels", Label("Recettes", "Receipts"), tab_color="2E75B6"),
    SheetDef("cascade", Label("Cascade", "Waterfall"), tab_color="FFC000"),
    SheetDef("shares", Label("Répartition", "Allocation"), tab_color="70AD47"),
    SheetDef("authors", Label("Auteurs", "Authors"), tab_color="7030A0"),
    SheetDef("statements", Label("Versements", "Payments"), tab_color="C00000"),
    SheetDef("reports", Label("Relevés", "Statements"), tab_color="A5A5A5"),
)

#: the figures the Synthèse names (ROY_RNPP_TOTAL is the contract's)
OUTPUTS = ("ROY_RNPP_TOTAL", "ROY_RNPP_SHARED", "ROY_ALLOCATED", "ROY_UNALLOCATED",
           "ROY_CASCADE_PRINT", "ROY_CASCADE_SHARED", "ROY_UP_TO_DATE")


def layout(lang: str) -> Layout:
    return Layout(
        kind="royalties",
        sheets=SHEETS,
        tables={"channels": channels_table(lang), "corridors": CORRIDORS, "tiers": TIERS,
                "prior": PRIOR, "authors": AUTHORS, "statements": STATEMENTS},
        forms={"title": TITLE},
        outputs=OUTPUTS,
        lists={"channels": CHANNELS},
    )


WORDS = {
    "subtitle": Label("Contrôle de la répartition des recettes (RNPP) — montants HT en euros — "
                      "généré par xlprod",
                      "Receipts allocation control (RNPP) — amounts excl. VAT in euros — "
                      "made by xlprod"),
    "channels_short": Label("Par canal et période", "By channel and period"),
    "channels_hint": Label(
        "Salles : entrées TTC → HT → TSA et SACEM → "
        "location → commission (plafonnée) → frais ; autres canaux : recettes brutes → "
        "commission → frais. Le MG d'un canal compte une fois, à sa première période.",
        "Theatrical: box office incl. VAT → excl. VAT → TSA "
        "and SACEM → rental → commission (capped) → costs; other channels: gross → commission "
        "→ costs. A channel's MG counts once, in its first period."),
    "cascade_hint": Label(
        "Couloirs : une part de chaque euro du RNPP dès le premier euro, jusqu'au plafond. "
        "Rangs : ce que laissent les couloirs, rang après rang jusqu'au plafond, au prorata "
        "des parts dans le rang. Positions d'ouverture : ce qui avait été reçu avant ce "
        "classeur.",
        "Corridors: a share of every euro of RNPP from the first, up to the cap. Tiers: what "
        "the corridors leave, tier after tier up to each cap, pro rata inside a tier. Opening "
        "positions: what was received before this workbook."),
    "shares_hint": Label(
        "Montants calculés par le moteur d'xlprod (arrondi au centime, plus forts restes : "
        "la somme est exactement le RNPP réparti). Ne pas saisir ici : modifiez Recettes ou "
        "Cascade puis `xlprod run upgrade`.",
        "Amounts computed by xlprod's engine (cent rounding, largest remainder: they sum "
        "exactly to the RNPP shared). Do not type here: change Receipts or Waterfall, then "
        "`xlprod run upgrade`."),
    "authors_hint": Label(
        "Droits = taux × assiette (RNPP total ou d'un canal), arrondis par période ; ils "
        "récupèrent d'abord le minimum garanti, le reste est à payer.",
        "Earnings = rate × base (total RNPP or a channel's), rounded per period; they recoup "
        "the minimum guarantee first, the rest is payable."),
    "statements_hint": Label(
        "Ce qui a réellement été versé à chaque bénéficiaire, par période ; l'écart avec le "
        "dû est signalé en rouge.",
        "What was actually paid to each beneficiary, by period; a gap with what is due is "
        "flagged in red."),
    "stamp": Label("Répartition calculée par xlprod {version} le {date}",
                   "Allocation computed by xlprod {version} on {date}"),
    "rnpp_total": Label("Total RNPP", "Total RNPP"),
    "rnpp_shared": Label("Total RNPP réparti par xlprod", "Total RNPP allocated by xlprod"),
    "cascade_print": Label("Empreinte de la cascade (actuelle)", "Waterfall fingerprint (now)"),
    "cascade_shared": Label("Empreinte de la cascade (au calcul)",
                            "Waterfall fingerprint (at computation)"),
    "state": Label("État de la répartition", "Allocation status"),
    "up_to_date": Label("à jour", "up to date"),
    "stale": Label("À RECALCULER : les recettes ou la cascade ont changé depuis le calcul ; "
                   "lancez xlprod run upgrade",
                   "TO RECOMPUTE: receipts or waterfall changed since the computation; run "
                   "xlprod run upgrade"),
    "allocated": Label("Réparti aux bénéficiaires", "Allocated to beneficiaries"),
    "unallocated": Label("Non réparti (au-delà des plafonds)", "Unallocated (past the caps)"),
    "unallocated_short": Label("Non réparti", "Unallocated"),
    "channel": Label("Canal", "Channel"),
    "residual": Label("Reste (centime résiduel)", "Residual (rounding cent)"),
    "by_channel": Label("RNPP par canal", "RNPP by channel"),
    "payouts": Label("Répartition par bénéficiaire", "Allocation by beneficiary"),
    "authors": Label("Auteurs", "Authors"),
    "beneficiary": Label("Bénéficiaire", "Beneficiary"),
    "due": Label("Dû", "Due"),
    "paid": Label("Versé", "Paid"),
    "gap": Label("Écart (versé − dû)", "Gap (paid − due)"),
    "flag": Label("Contrôle", "Check"),
    "ok": Label("ok", "ok"),
    "over": Label("trop versé", "overpaid"),
    "under": Label("reste dû", "still due"),
    "control": Label("Contrôle des versements", "Payments check"),
    "period": Label("Période", "Period"),
    "single": Label("(unique)", "(single)"),
    "level": Label("Niveau", "Level"),
    "corridors": Label("Couloirs", "Corridors"),
    "tiers": Label("Rangs", "Tiers"),
    "prior": Label("Positions d'ouverture", "Opening positions"),
    "corridor": Label("Couloir", "Corridor"),
    "tier": Label("Rang {n}", "Tier {n}"),
    "share": Label("Part", "Share"),
    "cap": Label("Plafond", "Cap"),
    "no_cap": Label("sans plafond", "no cap"),
    "before": Label("Reçu avant", "Received before"),
    "amount": Label("Part de la période", "Amount of the period"),
    "after": Label("Reçu cumulé", "Received to date"),
    "periods": Label("Périodes", "Periods"),
    "pot_live": Label("RNPP de la période (actuel)", "RNPP of the period (now)"),
    "carried_in": Label("Report entrant", "Carried in"),
    "pot": Label("RNPP réparti", "RNPP shared"),
    "carried_out": Label("Report sortant", "Carried out"),
    "detail": Label("Détail de la cascade", "Waterfall detail"),
    "author": Label("Auteur", "Author"),
    "base": Label("Assiette", "Base"),
    "rate": Label("Taux", "Rate"),
    "earned": Label("Droits acquis", "Earned"),
    "earned_to_date": Label("Droits cumulés", "Earned to date"),
    "mg_room": Label("MG à récupérer", "MG to recoup"),
    "recouped": Label("Récupéré sur MG", "Recouped on MG"),
    "payable": Label("À payer", "Payable"),
    "mg_left": Label("MG restant", "MG remaining"),
    "accounts": Label("Compte des auteurs par période", "Authors' account by period"),
    "total": Label("Total", "Total"),
    "report_title": Label("Relevé de comptes — {name}", "Statement of account — {name}"),
    "report_sub": Label("{title} — répartition des recettes nettes part producteur (RNPP)",
                        "{title} — allocation of producer's net receipts (RNPP)"),
    "report_author": Label("Relevé de droits d'auteur — {name}", "Author's statement — {name}"),
    "signature": Label("Établi par le producteur délégué — date et signature :",
                       "Prepared by the lead producer — date and signature:"),
}
