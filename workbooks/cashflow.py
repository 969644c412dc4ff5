"""The cash-flow plan (plan de trésorerie) and its financing plan.

Sheets: Plan de trésorerie (the month-by-month grid: inflows by source, outflows by
chapter, VAT, credit line, net and balance, the named figures and the chart), Plan de
financement (the sources, their share of the budget, status, the gap and the public-aid
intensity; the sources table), Échéancier (one row per instalment: source, month,
share), Décaissements (one row per outflow with its phase, rule, lag and dates, and one
formula column per month: the spread), Paramètres (the plan's settings, the phases'
dates, the rules' reference block).

Months are text ``AAAA-MM``; formulas turn them into month ordinals (year × 12 +
month − 1) with :func:`ord_of`, the same scale as the engine's. A weekly plan
(``period: "week"``) has ISO weeks ``AAAA-Www`` instead, and week ordinals (the Monday's
day number from 0001-01-01, divided by 7: the engine's
:func:`xlprod.kinds.cashflow.model.ordinal`). Cross-table formulas name columns by their
header, so the tables are built per language (and period).
"""

from typing import Literal

from xlprod.xlsx.formulas import whole_column
from xlprod.xlsx.spec import (
    EUR,
    INT,
    ISO_DATE,
    PCT,
    TEXT_FORMAT,
    YES_WORDS,
    Column,
    Field,
    Form,
    Label,
    Layout,
    SheetDef,
    TableDef,
)

OUTFLOWS_NAME = "CashOutflows"
INFLOWS_NAME = "CashInflows"
SCHEDULE_NAME = "CashSchedule"
#: Month columns the outflows table can hold (a plan of ten years).
MAX_MONTHS = 120


Period = Literal["month", "week"]
#: A date serial (days from 1899-12-30, Excel and LibreOffice alike after March 1900)
#: plus this is Python's ``date.toordinal() - 1``: a week ordinal is that over 7.
SERIAL_TO_ORDINAL = 693593


def ord_of(x: str, period: Period = "month") -> str:
    """The period ordinal of a text ``AAAA-MM`` (or ``AAAA-MM-JJ``), or of a date cell; in a
    weekly plan of a text ``AAAA-Www`` (ISO week: its Monday is 4 January's Monday plus
    7 × (w − 1) days), or of a date cell (the week holding it)."""
    if period == "week":
        jan4 = f"DATE(VALUE(LEFT({x},4)),1,4)"
        return (f"IF(ISNUMBER({x}),INT(({x}+{SERIAL_TO_ORDINAL})/7),"
                f"({jan4}-WEEKDAY({jan4},2)+7*VALUE(MID({x},7,2))-6+{SERIAL_TO_ORDINAL})/7)")
    return (f"IF(ISNUMBER({x}),YEAR({x})*12+MONTH({x})-1,"
            f"VALUE(LEFT({x},4))*12+VALUE(MID({x},6,2))-1)")


def monday_of(n: str) -> str:
    """The date serial of the Monday of week ordinal ``n``."""
    return f"(7*({n})-{SERIAL_TO_ORDINAL})"


def _thursday(n: str) -> str:  # the ISO week's year and number are its Thursday's
    return f"(7*({n})-{SERIAL_TO_ORDINAL - 3})"


def _iso_week(n: str) -> str:
    t = _thursday(n)
    return f'TEXT(INT(({t}-DATE(YEAR({t}),1,1))/7)+1,"00")'


def label_of(n: str, period: Period = "month") -> str:
    """``AAAA-MM`` of a month ordinal; ``AAAA-Www`` of a week ordinal in a weekly plan."""
    if period == "week":
        return f'YEAR({_thursday(n)})&"-W"&{_iso_week(n)}'
    return f'INT(({n})/12)&"-"&TEXT(MOD({n},12)+1,"00")'


def week_head(n: str, lang: str) -> str:
    """A week's column head on the plan: ``S09 23/02`` (``W09`` in English), the ISO week
    and its Monday (day and month as numbers: TEXT's date codes depend on the locale)."""
    m = monday_of(n)
    letter = "W" if lang == "en" else "S"
    return f'"{letter}"&{_iso_week(n)}&" "&TEXT(DAY({m}),"00")&"/"&TEXT(MONTH({m}),"00")'


def month_of_week(n: str) -> str:
    """The calendar month ordinal a week belongs to (its Thursday's: the engine's rule)."""
    t = _thursday(n)
    return f"(YEAR({t})*12+MONTH({t})-1)"


def flag_yes(x: str) -> str:
    return "OR(" + ",".join(f'UPPER(TRIM({x}))="{w}"' for w in YES_WORDS) + ")"


# --- words of the lists (code → fr, en) ----------------------------------------------------
RULES = {  # rule word → (model rule, piece, starts at the phase's end, ends at its end, payroll)
    "wages": (Label("salaires", "wages"), "wages", None, 0, 1, 1),
    "social_charges": (Label("charges sociales", "social charges"), "social_charges", None,
                       0, 1, 1),
    "suppliers": (Label("factures fournisseurs", "supplier invoices"), "suppliers", None, 0, 1, 0),
    "spread": (Label("étalé", "spread"), "spread", None, 0, 1, 0),
    "signature": (Label("à la signature", "on signature"), "signature", None, 0, 0, 0),
    "upfront": (Label("au départ", "upfront"), "upfront", None, 0, 0, 0),
    "at_end": (Label("en fin de phase", "at the end"), "at_end", None, 1, 1, 0),
    "deposit": (Label("acompte", "deposit"), "deposit_balance", "deposit", 0, 0, 0),
    "balance": (Label("solde", "balance"), "deposit_balance", "balance", 1, 1, 0),
}
PHASES = {
    "preparation": Label("préparation", "preparation"),
    "shooting": Label("tournage", "shooting"),
    "post_production": Label("postproduction", "post-production"),
    "production": Label("préparation et tournage", "preparation and shooting"),
    "whole": Label("toute la production", "whole production"),
}
STATUSES = {
    "confirmed": Label("confirmé", "confirmed"),
    "pending": Label("en attente", "pending"),
    "hoped": Label("espéré", "hoped"),
}
SOURCE_TYPES = {
    "producer": Label("apport producteur", "producer"),
    "tv_presale": Label("préachat TV", "TV pre-sale"),
    "distributor_mg": Label("MG distributeur", "distributor MG"),
    "cnc_automatic": Label("soutien automatique CNC", "CNC automatic support"),
    "cnc_selective": Label("aide sélective CNC", "CNC selective aid"),
    "region": Label("région", "region"),
    "sofica": Label("SOFICA", "SOFICA"),
    "tax_credit": Label("crédit d'impôt", "tax credit"),
    "coproducer": Label("coproducteur", "co-producer"),
    "bank": Label("prêt bancaire", "bank loan"),
    "other": Label("autre", "other"),
}
#: chapter keys of the model as the workbook numbers them (10, 11 as on the budget's recap)
CHAPTER_NUMBERS = {"overhead": 10, "contingency": 11}
NO_VAT_CHAPTERS = (1, 2, 3, 4, 10)  # payroll chapters and the producer's overhead

# --- names ------------------------------------------------------------------------------------
FIRST_MONTH = "CASH_FIRST_MONTH"
PHASE_NAMES = "CASH_PHASE_NAMES"
PHASE_MONTHS = "CASH_PHASE_MONTHS"  # two columns: first and last month ordinal
RULE_NAMES = "CASH_RULE_NAMES"
RULE_ENDS = "CASH_RULE_ENDS"  # two columns: from at the phase's end? to at its end?
RULE_PAYROLL = "CASH_RULE_PAYROLL"
NO_VAT = "CASH_NO_VAT_CHAPTERS"
PUBLIC_TYPES = "CASH_PUBLIC_TYPES"
BUDGET = "CASH_BUDGET"

PERIODS = {"month": Label("mois", "month"), "week": Label("semaine", "week")}
_FIXED = Label("fixé à la création du classeur", "fixed when the workbook was made")
_START = {
    "month": Field("start", Label("Premier mois du plan", "First month of the plan"), "CASH_START",
                   "code", hint=Label("AAAA-MM ; changer de mois décale tout le plan",
                                      "YYYY-MM; another month shifts the whole plan")),
    "week": Field("start", Label("Première semaine du plan", "First week of the plan"),
                  "CASH_START", "code",
                  hint=Label("AAAA-Www, semaine ISO (ex. 2026-W09) ; changer de semaine décale "
                             "tout le plan", "YYYY-Www, ISO week (e.g. 2026-W09); another week "
                             "shifts the whole plan")),
}
_COUNT = {
    "month": Field("months", Label("Nombre de mois", "Number of months"), "CASH_MONTHS",
                   "integer", INT, editable=False, hint=_FIXED),
    "week": Field("months", Label("Nombre de semaines", "Number of weeks"), "CASH_MONTHS",
                  "integer", INT, editable=False, hint=_FIXED),
}


def params_form(period: Period = "month") -> Form:
    """The settings' named cells; a weekly plan's labels its start and length in weeks
    (the same names: the reader reads either)."""
    return Form("params", (
        Field("title", Label("Titre", "Title"), "CASH_TITLE"),
        Field("period", Label("Périodicité", "Period"), "CASH_PERIOD", "code", editable=False,
              hint=Label("mois ou semaine ; fixée à la création du classeur",
                         "month or week; fixed when the workbook was made"), added_later=True),
        _START[period], _COUNT[period], *_PARAMS_REST), top=4, hint_col="C")


_PARAMS_REST = (
    Field("opening_balance", Label("Trésorerie de départ", "Opening balance"), "CASH_OPENING",
          "number", EUR),
    Field("budget_total", Label("Budget à financer", "Budget to finance"), "CASH_BUDGET_TOTAL",
          "number", EUR, hint=Label("vide = total des décaissements",
                                    "blank = total of the outflows")),
    Field("difficult_work", Label("Œuvre difficile ou à petit budget", "Difficult or low-budget "
          "work"), "CASH_DIFFICULT", "flag", choices="yesno",
          hint=Label("O : plafond d'aides publiques 60 % au lieu de 50 %",
                     "Y: public-aid ceiling 60 % instead of 50 %")),
    Field("vat.rate", Label("Taux de TVA", "VAT rate"), "CASH_VAT_RATE", "number", PCT,
          hint=Label("vide = plan hors TVA", "blank = plan without VAT")),
    Field("vat.recoverable", Label("TVA récupérable (M+1)", "VAT recoverable (M+1)"),
          "CASH_VAT_RECOVERABLE", "flag", choices="yesno",
          hint=Label("O ou N ; vide = O", "Y or N; blank = Y")),
    Field("credit_line.label", Label("Crédit de production", "Production credit"),
          "CASH_CREDIT_LABEL"),
    Field("credit_line.ceiling", Label("Plafond du crédit", "Credit ceiling"),
          "CASH_CREDIT_CEILING", "number", EUR, hint=Label("vide = pas de crédit",
                                                           "blank = no credit line")),
    Field("credit_line.rate", Label("Taux annuel du crédit", "Credit annual rate"),
          "CASH_CREDIT_RATE", "number", PCT),
    Field("credit_line.floor", Label("Trésorerie minimale à garder", "Cash floor to keep"),
          "CASH_CREDIT_FLOOR", "number", EUR),
    *(Field(f"phases.{phase}.{end}", Label(f"{PHASES[phase].fr.capitalize()} — "
                                           f"{'début' if end == 'start' else 'fin'}",
                                           f"{PHASES[phase].en.capitalize()} — {end}"),
            f"CASH_{short}_{end.upper()}", "code", ISO_DATE,
            hint=Label("JJ/MM/AAAA, ou un mois AAAA-MM", "YYYY-MM-DD, or a month YYYY-MM"))
      for phase, short in (("preparation", "PREP"), ("shooting", "SHOOT"),
                           ("post_production", "POST"))
      for end in ("start", "end")),
)
PARAMS = params_form("month")

OUTPUTS = ("CASH_END_BALANCE", "CASH_MIN_BALANCE", "CASH_MIN_BALANCE_MONTH",
           "CASH_FINANCING_NEED", "CASH_FINANCING_TOTAL", "CASH_GAP", "CASH_PUBLIC_AID",
           "CASH_AID_INTENSITY", "CASH_AID_CEILING", BUDGET, FIRST_MONTH, PHASE_NAMES,
           PHASE_MONTHS, RULE_NAMES, RULE_ENDS, RULE_PAYROLL, NO_VAT, PUBLIC_TYPES)


def month_key(k: int) -> str:
    return f"m{k}"


def _ref(table: str, label: Label, lang: str) -> str:
    return whole_column(table, label(lang))


def _lookup_ends(which: int) -> str:
    return (f"INDEX({PHASE_MONTHS},MATCH({{phase}},{PHASE_NAMES},0),"
            f"1+INDEX({RULE_ENDS},MATCH({{rule}},{RULE_NAMES},0),{which}))+{{lag}}")


def _ordinal(typed: str, which: int, period: Period = "month") -> str:
    if period == "week":  # a weekly plan's rows have typed weeks (no phases: see the model)
        return f'IFERROR(IF({typed}="","",{ord_of(typed, "week")}),"")'
    return (f'IFERROR(IF({{phase}}="",IF({typed}="","",{ord_of(typed)}),{_lookup_ends(which)}),'
            '"")')


def _spread(k: int) -> str:
    """The part of month ``k`` (1-based) of this row: the engine's INT/MOD cent rule."""
    o = f"({FIRST_MONTH}+{k - 1})"
    c = "ROUND(ABS({amount})*100,0)"
    n = "({last}-{first}+1)"
    return (f"IF(ISNUMBER({{first}})*ISNUMBER({{last}}),IF(AND({o}>={{first}},{o}<={{last}}),"
            f"IF({{amount}}<0,-1,1)*(INT({c}/{n})+IF({o}-{{first}}<MOD({c},{n}),1,0))/100,0),0)")


OUT_AMOUNT = Label("Montant HT", "Amount")
OUT_CHAPTER = Label("Chap.", "Chap.")
BEARS_VAT = Label("Avec TVA", "Bears VAT")


def period_key(k: int, period: Period = "month") -> Label:
    """The head of the outflows table's column of period ``k`` (1-based)."""
    if period == "week":
        return Label(f"Sem. {k}", f"Week {k}")
    return Label(f"Mois {k}", f"Month {k}")


def outflows_table(months: int = MAX_MONTHS, period: Period = "month") -> TableDef:
    payroll = (f"IFERROR(INDEX({RULE_PAYROLL},MATCH({{rule}},{RULE_NAMES},0)),0)=1")
    default_vat = f"IF(OR(ISNUMBER(MATCH({{chapter}},{NO_VAT},0)),{payroll}),0,1)"
    return TableDef(OUTFLOWS_NAME, (
        Column("chapter", OUT_CHAPTER, 6, "0", choices="chapters", type="integer",
               align="center"),
        Column("account", Label("Compte", "Account"), 8, TEXT_FORMAT),
        Column("label", Label("Libellé", "Label"), 64, TEXT_FORMAT, required=True, wrap=True),
        Column("amount", OUT_AMOUNT, 14, EUR, required=True, type="number"),
        Column("phase", Label("Phase", "Phase"), 22, TEXT_FORMAT, choices="phases", type="code",
               align="center",
               hint=Label("vide = dates Début et Fin saisies", "blank = typed From and To")),
        Column("rule", Label("Règle", "Rule"), 20, TEXT_FORMAT, choices="rules", type="code"),
        Column("lag", Label("Décalage (mois)", "Lag (months)"), 10, "0", type="integer",
               default=0, align="center"),
        Column("from", Label("Début", "From"), 9, TEXT_FORMAT, type="code", align="center"),
        Column("to", Label("Fin", "To"), 9, TEXT_FORMAT, type="code", align="center"),
        Column("vat", Label("TVA O/N", "VAT Y/N"), 7, TEXT_FORMAT, choices="yesno", type="flag",
               align="center", hint=Label("vide = selon le chapitre et la règle",
                                          "blank = by chapter and rule")),
        Column("first", Label("Rang début", "First rank"), 7, "0",
               formula=_ordinal("{from}", 1, period)),
        Column("last", Label("Rang fin", "Last rank"), 7, "0",
               formula=_ordinal("{to}", 2, period)),
        Column("shown_from", Label("Du", "Starts"), 9, align="center",
               formula=f'IF(ISNUMBER({{first}}),{label_of("{first}", period)},"")'),
        Column("shown_to", Label("Au", "Ends"), 9, align="center",
               formula=f'IF(ISNUMBER({{last}}),{label_of("{last}", period)},"")'),
        Column("bears_vat", BEARS_VAT, 7, "0", align="center",
               formula=f'IF(TRIM({{vat}})="",{default_vat},IF({flag_yes("{vat}")},1,0))'),
        *(Column(month_key(k), period_key(k, period), 12, EUR, formula=_spread(k))
          for k in range(1, months + 1)),
    ), path="outflows", key=("chapter", "account", "label"))


IN_LABEL = Label("Source", "Source")
IN_AMOUNT = Label("Montant", "Amount")
SCH_SOURCE = Label("Source", "Source")
SCH_SHARE = Label("Part", "Share")
SCH_FLOOR = Label("Cents entiers", "Whole cents")
SCH_REM = Label("Reste (µcent)", "Remainder (µcent)")
SCH_ROW = Label("Ligne", "Row")
SCH_RANK = Label("Rang du reste", "Remainder rank")
SCH_AMOUNT = Label("Montant", "Amount")
SCH_ORD = Label("Rang du mois", "Month rank")


def inflows_table(lang: str) -> TableDef:
    src, share = _ref(SCHEDULE_NAME, SCH_SOURCE, lang), _ref(SCHEDULE_NAME, SCH_SHARE, lang)
    return TableDef(INFLOWS_NAME, (
        Column("label", IN_LABEL, 40, TEXT_FORMAT, required=True),
        Column("source_type", Label("Type", "Type"), 22, TEXT_FORMAT, choices="source_types",
               type="code", default="other"),
        Column("status", Label("Statut", "Status"), 12, TEXT_FORMAT, choices="statuses",
               type="code", default="confirmed"),
        # a date cell (printed jj/mm/aaaa in French), or a month typed as text
        Column("date", Label("Date du contrat", "Contract date"), 13, ISO_DATE, type="code",
               align="center", hint=Label("JJ/MM/AAAA, ou un mois AAAA-MM",
                                          "YYYY-MM-DD, or a month YYYY-MM")),
        Column("amount", IN_AMOUNT, 15, EUR, required=True, type="number"),
        Column("share", Label("% du budget", "% of budget"), 10, PCT,
               formula=f"IF({BUDGET}=0,0,{{amount}}/{BUDGET})"),
        Column("public", Label("Aide publique", "Public aid"), 9, "0", align="center",
               formula=f"IF(ISNUMBER(MATCH({{source_type}},{PUBLIC_TYPES},0)),1,0)"),
        Column("shares_total", Label("Parts échéancier", "Schedule shares"), 11, PCT,
               formula=f"SUMPRODUCT(({src}={{label}})*{share})"),
    ), path="inflows", key=("label",))


def schedule_table(lang: str, period: Period = "month") -> TableDef:
    """Instalments: amount × share to the cent, the missing cents to the largest
    remainders (ties: the first listed), as :func:`xlprod.money.split_by_shares`."""
    def col(label: Label) -> str:
        return _ref(SCHEDULE_NAME, label, lang)

    same = f"({col(SCH_SOURCE)}={{source}})"
    in_src, in_amount = _ref(INFLOWS_NAME, IN_LABEL, lang), _ref(INFLOWS_NAME, IN_AMOUNT, lang)
    raw = "ROUND(ABS({total}*{share}),6)"
    return TableDef(SCHEDULE_NAME, (
        Column("source", SCH_SOURCE, 40, TEXT_FORMAT, required=True),
        Column("month", Label("Mois", "Month"), 10, TEXT_FORMAT, type="code", required=True,
               align="center"),
        Column("share", SCH_SHARE, 9, PCT, required=True, type="number",
               hint=Label("les parts d'une source font 100 %", "a source's shares sum to 100 %")),
        Column("amount", SCH_AMOUNT, 15, EUR,
               formula="IF({total}<0,-1,1)*({floor}+IF({rank}<{missing},1,0))/100"),
        Column("ordinal", SCH_ORD, 8, "0",
               formula=f'IFERROR(IF({{month}}="","",{ord_of("{month}", period)}),"")'),
        Column("total", Label("Montant source (cents)", "Source amount (cents)"), 12, "0",
               formula=f"ROUND(SUMPRODUCT(({in_src}={{source}})*{in_amount})*100,0)"),
        Column("floor", SCH_FLOOR, 11, "0", formula=f"INT({raw})"),
        Column("remainder", SCH_REM, 10, "0", formula=f"ROUND(({raw}-{{floor}})*1000000,0)"),
        Column("row", SCH_ROW, 6, "0", formula="ROW()"),
        Column("rank", SCH_RANK, 8, "0",
               formula=f"SUMPRODUCT({same}*({col(SCH_REM)}>{{remainder}}))+SUMPRODUCT({same}*"
                       f"({col(SCH_REM)}={{remainder}})*({col(SCH_ROW)}<{{row}}))"),
        Column("missing", Label("Cents à répartir", "Cents to hand out"), 9, "0",
               formula=f"ROUND(ROUND(ABS({{total}})*SUMPRODUCT({same}*{col(SCH_SHARE)}),6),0)"
                       f"-SUMPRODUCT({same}*{col(SCH_FLOOR)})"),
    ), path="inflows[].schedule", key=("source", "month"))


SHEETS = (
    SheetDef("plan", Label("Plan de trésorerie", "Cash-flow plan"), tab_color="1F3864"),
    SheetDef("financing", Label("Plan de financement", "Financing plan"), tab_color="70AD47"),
    SheetDef("schedule", Label("Échéancier", "Instalments"), tab_color="2E75B6"),
    SheetDef("outflows", Label("Décaissements", "Outflows"), tab_color="C00000"),
    SheetDef("params", Label("Paramètres", "Settings"), tab_color="FFC000"),
)


def layout(lang: str, period: Period = "month") -> Layout:
    pick = (lambda label: label(lang))  # noqa: E731
    return Layout(
        kind="cashflow",
        sheets=SHEETS,
        tables={"outflows": outflows_table(period=period), "inflows": inflows_table(lang),
                "schedule": schedule_table(lang, period)},
        forms={"params": params_form(period)},
        outputs=OUTPUTS,
        lists={
            "chapters": tuple(str(n) for n in range(1, 12)),
            "phases": tuple(pick(v) for v in PHASES.values()),
            "rules": tuple(pick(v[0]) for v in RULES.values()),
            "statuses": tuple(pick(v) for v in STATUSES.values()),
            "source_types": tuple(pick(v) for v in SOURCE_TYPES.values()),
            "yesno": {"fr": ("O", "N"), "en": ("Y", "N")},
        },
    )


WORDS = {
    "subtitle": Label("Plan de trésorerie — montants en euros, mois par mois — généré par xlprod",
                      "Cash-flow plan — amounts in euros, month by month — made by xlprod"),
    "month": Label("Mois", "Month"),
    "total": Label("Total", "Total"),
    "opening": Label("Trésorerie en début de mois", "Balance at the start of the month"),
    "inflows": Label("ENCAISSEMENTS", "CASH IN"),
    "outflows": Label("DÉCAISSEMENTS", "CASH OUT"),
    "vat_back": Label("TVA récupérée (M+1)", "VAT recovered (M+1)"),
    "vat_paid": Label("TVA payée sur les factures", "VAT paid on invoices"),
    "draw": Label("Tirages sur le crédit", "Credit drawdowns"),
    "repay": Label("Remboursements du crédit", "Credit repayments"),
    "interest": Label("Intérêts du crédit", "Credit interest"),
    "other_sources": Label("Autres sources (ajoutées)", "Other sources (added)"),
    "no_chapter": Label("Hors chapitre", "No chapter"),
    "total_in": Label("Total encaissements", "Total cash in"),
    "total_out": Label("Total décaissements", "Total cash out"),
    "net": Label("Solde du mois", "Net for the month"),
    "balance": Label("TRÉSORERIE EN FIN DE MOIS", "BALANCE AT THE END OF THE MONTH"),
    "pre": Label("Trésorerie avant crédit (calcul)", "Balance before credit (working)"),
    "outstanding": Label("Encours du crédit", "Credit outstanding"),
    "end_balance": Label("Trésorerie finale", "End balance"),
    "min_balance": Label("Point bas de trésorerie", "Lowest balance"),
    "min_month": Label("Mois du point bas", "Month of the lowest balance"),
    "need": Label("Besoin de financement", "Financing need"),
    "chart": Label("Trésorerie fin de mois, encaissements et décaissements",
                   "Month-end balance, cash in and cash out"),
    "fin_title": Label("Plan de financement", "Financing plan"),
    "fin_subtitle": Label("Plan de financement : les sources face au budget — généré par xlprod",
                          "Financing plan: the sources against the budget — made by xlprod"),
    "budget": Label("Budget à financer", "Budget to finance"),
    "fin_total": Label("Total des financements", "Total financing"),
    "gap": Label("Reste à financer", "Still to finance"),
    "confirmed": Label("dont confirmés", "of which confirmed"),
    "pending": Label("dont en attente", "of which pending"),
    "hoped": Label("dont espérés", "of which hoped"),
    "public": Label("Aides publiques (crédit d'impôt compris)",
                    "Public aid (tax credit included)"),
    "intensity": Label("Intensité des aides publiques", "Public-aid intensity"),
    "ceiling": Label("Plafond (50 % ; 60 % œuvre difficile)",
                     "Ceiling (50 %; 60 % difficult work)"),
    "within": Label("Respect du plafond", "Within the ceiling"),
    "yes": Label("oui", "yes"),
    "no": Label("NON — plafond dépassé", "NO — ceiling exceeded"),
    "schedule_hint": Label(
        "Une ligne par échéance : la source (nom exact du Plan de financement), le mois "
        "AAAA-MM et la part (les parts d'une source font 100 %). Colonnes grises : calcul "
        "au centime d'xlprod.",
        "One row per instalment: the source (exact name on the Financing plan), the month "
        "YYYY-MM and the share (a source's shares sum to 100 %). Grey columns: xlprod's "
        "cent-exact working."),
    "outflows_hint": Label(
        "Une ligne par décaissement. Avec une Phase, les mois suivent les dates des phases "
        "(Paramètres) selon la Règle et le Décalage ; sans Phase, tapez Début et Fin (AAAA-MM). "
        "Les colonnes Mois 1… sont l'étalement au centime.",
        "One row per outflow. With a Phase, the months follow the phases' dates (Settings) by "
        "the Rule and the Lag; without a Phase, type From and To (YYYY-MM). The Month 1… "
        "columns are the spread to the cent."),
    # a weekly plan's words where the monthly plan says "month"
    "subtitle_week": Label("Plan de trésorerie — montants en euros, semaine par semaine — "
                           "généré par xlprod",
                           "Cash-flow plan — amounts in euros, week by week — made by xlprod"),
    "month_week": Label("Semaine", "Week"),
    "opening_week": Label("Trésorerie en début de semaine", "Balance at the start of the week"),
    "net_week": Label("Solde de la semaine", "Net for the week"),
    "balance_week": Label("TRÉSORERIE EN FIN DE SEMAINE", "BALANCE AT THE END OF THE WEEK"),
    "min_month_week": Label("Semaine du point bas", "Week of the lowest balance"),
    "chart_week": Label("Trésorerie fin de semaine, encaissements et décaissements",
                        "Week-end balance, cash in and cash out"),
    "vat_back_week": Label("TVA récupérée (1re semaine du mois suivant)",
                           "VAT recovered (first week of the next month)"),
    "outflows_hint_week": Label(
        "Une ligne par décaissement : tapez Début et Fin, semaines ISO AAAA-Www (ex. 2026-W09) ; "
        "un plan hebdomadaire ne suit pas les phases (laissez Phase vide). Les colonnes "
        "Sem. 1… sont l'étalement au centime.",
        "One row per outflow: type From and To, ISO weeks YYYY-Www (e.g. 2026-W09); a weekly "
        "plan does not follow the phases (leave Phase blank). The Week 1… columns are the "
        "spread to the cent."),
    "schedule_hint_week": Label(
        "Une ligne par échéance : la source (nom exact du Plan de financement), la semaine "
        "AAAA-Www et la part (les parts d'une source font 100 %). Colonnes grises : calcul "
        "au centime d'xlprod.",
        "One row per instalment: the source (exact name on the Financing plan), the week "
        "YYYY-Www and the share (a source's shares sum to 100 %). Grey columns: xlprod's "
        "cent-exact working."),
    "params_hint": Label("Réglages du plan ; les phases pilotent les décaissements liés.",
                         "The plan's settings; the phases drive the outflows that follow them."),
    "phases_block": Label("Mois des phases (calculés)", "Phase months (computed)"),
    "first": Label("Premier mois (rang)", "First month (rank)"),
    "last": Label("Dernier mois (rang)", "Last month (rank)"),
    "from": Label("Du", "From"),
    "to": Label("Au", "To"),
    "first_rank": Label("Rang du premier mois (année × 12 + mois − 1)",
                        "Rank of the first month (year × 12 + month − 1)"),
    "first_rank_week": Label("Rang de la première semaine (jour de son lundi depuis "
                             "0001-01-01, ÷ 7)",
                             "Rank of the first week (its Monday's day number from 0001-01-01, "
                             "÷ 7)"),
    "rules_block": Label("Règles de décaissement", "Outflow rules"),
    "rule_from": Label("Début = fin de phase", "Starts at the phase's end"),
    "rule_to": Label("Fin = fin de phase", "Ends at the phase's end"),
    "rule_payroll": Label("Paie (sans TVA)", "Payroll (no VAT)"),
    "no_vat": Label("Chapitres sans TVA (vide = par défaut)", "Chapters without VAT (default)"),
    "public_types": Label("Types comptés comme aide publique", "Types counted as public aid"),
}
