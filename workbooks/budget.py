"""The budget (devis) workbook, in the CNC chapter structure."""

from decimal import Decimal

from xlprod.xlsx.spec import (
    EUR,
    ISO_DATE,
    NUM,
    PCT3,
    YES_WORDS,
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

STATUSES = ("technicien", "cadre", "artiste", "auteur", "facture")
SALARIED = ("technicien", "cadre", "artiste", "auteur")
UNITS = ("heure", "jour", "cachet", "semaine", "mois", "forfait")
CHAPTERS = ("1", "2", "3", "5", "6", "7", "8", "9")  # chapter 4 is computed
#: The statuses and units are French words, codes and labels alike (the formulas compare
#: them): as list choices they are read back in any case, as the formulas compare them.
STATUS_CHOICES = Choices("statuses", tuple(Choice(s, Label(s, s)) for s in STATUSES))
UNIT_CHOICES = Choices("units", tuple(Choice(u, Label(u, u)) for u in UNITS))
KIND_CHOICES = Choices("kinds", (
    Choice("cinema", Label("cinéma", "cinema")),
    Choice("audiovisuel", Label("audiovisuel", "television")),
    Choice("publicite", Label("publicité", "commercial")),
))
YES = {"fr": "O", "en": "Y"}
NO = "N"
TAX_CREDIT_CHAPTERS = "CHAPITRES_CI"  # eligible chapters, for the default of a blank flag

# Names the formulas use; the writer defines them on the Rates sheet.
AGGREGATES = "TAUX_AGREGES"  # status × base (TOTAL, T1, T2, PLAF4, CET)
AGG_STATUSES = "STATUTS_TAUX"
UNIT_CEILINGS = "PLAFONDS_UNITE"  # unit × (salarié, artiste)
CEILING_UNITS = "UNITES_PLAFOND"
PAID_DAYS = "PLAFONDS_JOURS"  # unit × (paid days, divisor): one unit = days / divisor
MONTHLY_CEILING = "PLAFONDS_MOIS"
HOURLY_CEILING = "PLAFONDS_HEURE"
CREDIT_AGGREGATES = "TAUX_AGREGES_CI"  # as AGGREGATES, taxes on wages (Afdas…) left out
CEILING_METHOD = "BUDGET_CEILING_METHOD"  # "prorata" (default) or "unit"
HEADCOUNT = "BUDGET_HEADCOUNT"  # the company's headcount band: 1-10, 11-49, 50+
REDUCED_RATES = "BUDGET_REDUCED_RATES"  # O/N: the 2024–2025 bandeaux
RGDU = "BUDGET_RGDU"  # O/N: the 2026 réduction générale dégressive unique
SMIC_HOURLY = "SMIC_HORAIRE"
REDUCTION_CUTS = "REDUCTIONS_BAISSE"  # rate cut of each reduction in force (Taux)
REDUCTION_THRESHOLDS = "REDUCTIONS_SEUIL"  # its threshold in SMIC of the hours worked
RGDU_TMIN, RGDU_TDELTA = "RGDU_TMIN", "RGDU_TDELTA"
RGDU_EXPONENT, RGDU_THRESHOLD = "RGDU_P", "RGDU_SEUIL"
CI_EXCLUDED = "CI_COMPTES_EXCLUS"  # accounts the tax credit leaves out by default
CI_LODGING = "CI_HEBERGEMENT"  # lodging accounts: pay counted up to a cap per night
CI_NIGHT_PARIS, CI_NIGHT_OTHER = "CI_NUIT_PARIS", "CI_NUIT_AUTRES"
PUBLIC_AID = "BUDGET_PUBLIC_AID"
DIFFICULT_WORK = "BUDGET_DIFFICULT_WORK"
AID_INTENSITY = "BUDGET_AID_INTENSITY"
ARTIST_DFS = "BUDGET_ARTIST_DFS"  # O/N: the artists' DFS for the lines whose DFS flag is blank
DFS_RATE, DFS_CAP = "DFS_TAUX", "DFS_PLAFOND"  # the year's DFS rate, its cap per person
#: the artists' rates of the contributions that keep the whole gross under the DFS
DFS_GROSS_TOTAL, DFS_GROSS_PLAF4 = "DFS_BRUT_TOTAL", "DFS_BRUT_PLAF4"
HOURS_PER_DAY = 7  # as xlprod.charges.HOURS_PER_DAY (a test checks they agree)


def _agg(k: int) -> str:
    return f"INDEX({AGGREGATES},MATCH({{status}},{AGG_STATUSES},0),{k})"


def yes(ref: str) -> str:
    """A formula that is TRUE when the flag cell ``ref`` holds a yes word."""
    return "OR(" + ",".join(f'UPPER(TRIM({ref}))="{w}"' for w in YES_WORDS) + ")"


def _charges(amount: str, dfs: str) -> str:
    """A line's charges on ``amount``, its base less the artists' DFS ``dfs`` but for the
    contributions that keep the whole gross (DFS_BRUT_*): with a DFS of 0 the two last
    terms are exactly 0, so the figure is the one without the DFS."""
    base = f"({amount}-{dfs})"
    return (
        'IF(OR({status}="facture",{status}=""),0,ROUND('
        f"{base}*({_agg(1)}-{{reduction}})"
        f"+MIN({base},{{ceiling}})*{_agg(2)}"
        f"+MAX(0,MIN({base},8*{{ceiling}})-{{ceiling}})*{_agg(3)}"
        f"+MIN({base},4*{{ceiling}})*{_agg(4)}"
        f"+IF({base}>{{ceiling}},MIN({base},8*{{ceiling}}),0)*{_agg(5)}"
        f"+{dfs}*{DFS_GROSS_TOTAL}"
        f"+(MIN({amount},4*{{ceiling}})-MIN({base},4*{{ceiling}}))*{DFS_GROSS_PLAF4},2))"
    )


CHARGES_FORMULA = _charges("{amount}", "{dfs_amount}")

COUNT = 'IF({count}="",1,{count})'  # a blank count is one, as in the engine

_DAYS = f"INDEX({PAID_DAYS},MATCH({{unit}},{CEILING_UNITS},0),1)"
_DIVISOR = f"INDEX({PAID_DAYS},MATCH({{unit}},{CEILING_UNITS},0),2)"
CEILING_FORMULA = (
    'IF(OR({status}="facture",{status}="auteur",{status}=""),0,'
    f'IF({CEILING_METHOD}="unit",'
    f"INDEX({UNIT_CEILINGS},MATCH({{unit}},{CEILING_UNITS},0),"
    f'IF({{status}}="artiste",2,1))*{{quantity}}*{COUNT},'
    # prorata: an artist engaged for fewer than 5 days has 12 × the hourly ceiling per day
    f'IF(AND({{status}}="artiste",{_DAYS}*{{quantity}}<5*{_DIVISOR}),'
    f"ROUND(12*{HOURLY_CEILING}*{_DAYS}*{{quantity}}*{COUNT}/{_DIVISOR},2),"
    f"ROUND({MONTHLY_CEILING}*{_DAYS}*{{quantity}}*{COUNT}/(30*{_DIVISOR}),2))))"
)
# Hours worked (paid days × 7) and the reductions of low pay: the 2024–2025 bandeaux
# (each cut when the pay is at most its threshold × SMIC × hours) and the 2026 RGDU option.
_HOURS = f"{_DAYS}*{{quantity}}*{COUNT}*{HOURS_PER_DAY}/{_DIVISOR}"
_SMIC_PAY = f"{SMIC_HOURLY}*{_HOURS}"
_RGDU_LIMIT = f"{RGDU_THRESHOLD}*{_SMIC_PAY}"
REDUCTION_FORMULA = (
    'IF(OR({status}="technicien",{status}="cadre"),'
    f"IF({yes(REDUCED_RATES)},SUMPRODUCT(({{amount}}<={REDUCTION_THRESHOLDS}*{_SMIC_PAY})"
    f"*{REDUCTION_CUTS}),0)"
    f"+IF(AND({yes(RGDU)},{{amount}}>0,{{amount}}<{_RGDU_LIMIT}),"
    f"ROUND(MIN({RGDU_TMIN}+{RGDU_TDELTA},{RGDU_TMIN}+{RGDU_TDELTA}*"
    f"(({_RGDU_LIMIT}/{{amount}}-1)/2)^{RGDU_EXPONENT}),4),0),0)"
)
# The tax credit counts the pay up to the conventional minimum, and the charges on that
# pay without the taxes on wages (same formula, other aggregates).
# Lodging (an account of CI_HEBERGEMENT): quantity × count nights at most, at the Paris cap
# when the Région says Paris, else the regions' one.
CREDIT_PAY_FORMULA = (
    f'MIN({{amount}},IF({{minimum}}="",{{amount}},{{quantity}}*{COUNT}*{{minimum}}),'
    f'IF(ISNUMBER(MATCH({{account}}&"",{CI_LODGING},0)),{{quantity}}*{COUNT}*'
    f'IF(UPPER(TRIM({{region}}))="PARIS",{CI_NIGHT_PARIS},{CI_NIGHT_OTHER}),{{amount}}))'
)
CREDIT_CHARGES_FORMULA = (_charges("{credit_pay}", "{credit_dfs}")
                          .replace(AGGREGATES, CREDIT_AGGREGATES))
# The artists' DFS (abattement): the line's flag, or Paramètres' when blank; the year's rate
# of the pay, at most the cap per person, never bringing the base under the SMIC of the
# hours worked. The tax credit's pay takes the same rule when the line takes the DFS.
_DFS_OF = ("MAX(0,MIN(ROUND({pay}*" + DFS_RATE + ",2)," + DFS_CAP + "*" + COUNT
           + ",ROUND({pay}-" + _SMIC_PAY + ",2)))")
DFS_FORMULA = (
    f'IF(AND({{status}}="artiste",IF(TRIM({{dfs}})="",{yes(ARTIST_DFS)},{yes("{dfs}")})),'
    + _DFS_OF.replace("{pay}", "{amount}") + ",0)"
)
CREDIT_DFS_FORMULA = "IF({dfs_amount}>0," + _DFS_OF.replace("{pay}", "{credit_pay}") + ",0)"

_FLAG = "UPPER(TRIM({eligible}))"
TAX_CREDIT_FORMULA = (
    'IF(TRIM({eligible})="",'
    f'IF(AND(OR({{location}}="FR",{{location}}=""),ISNUMBER(MATCH({{chapter}},{TAX_CREDIT_CHAPTERS},0)),'
    f'NOT(ISNUMBER(MATCH({{account}}&"",{CI_EXCLUDED},0)))),1,0),'
    "IF(OR(" + ",".join(f'{_FLAG}="{w}"' for w in YES_WORDS) + "),1,0))"
)

LINES = TableDef(
    "BudgetLines",
    (
        Column("chapter", Label("Chapitre", "Chapter"), 9, "0", choices="chapters", required=True,
               type="integer"),
        Column("account", Label("Compte", "Account"), 9),
        Column("label", Label("Libellé", "Label"), 34, required=True),
        Column("quantity", Label("Quantité", "Quantity"), 10, NUM, formula_allowed=True,
               hint=Label("un nombre, ou =nom d'une variable de Paramètres",
                          "a number, or =name of a Parameters global"), type="number"),
        Column("unit", Label("Unité", "Unit"), 10, choices=UNIT_CHOICES, type="code", default="forfait"),
        Column("count", Label("Nombre", "Count"), 8, NUM, type="number", default=Decimal(1)),
        Column("rate", Label("Taux unitaire", "Unit rate"), 13, EUR, type="number",
               default=Decimal(0)),
        Column("status", Label("Statut", "Status"), 12, choices=STATUS_CHOICES, type="code",
               default="facture"),
        Column("location", Label("Lieu", "Location"), 7, type="code", default="FR"),
        Column("region", Label("Région", "Region"), 20, added_later=True),
        Column("eligible", Label("Éligible CI", "Tax credit"), 10, choices="yesno",
               hint=Label("O ou N ; vide = selon le chapitre et le lieu",
                          "Y or N; blank = by chapter and location"), type="flag"),
        Column("note", Label("Note", "Note"), 24),
        Column("amount", Label("Montant", "Amount"), 14, EUR, formula=f"{{quantity}}*{COUNT}*{{rate}}"),
        Column("ceiling", Label("Plafond SS", "SS ceiling"), 12, EUR, formula=CEILING_FORMULA),
        Column("charges", Label("Charges", "Charges"), 13, EUR, formula=CHARGES_FORMULA),
        Column("total", Label("Total ligne", "Line total"), 14, EUR, formula="{amount}+{charges}"),
        Column("france", Label("France", "France"), 8, "0",
               formula='IF(OR({location}="FR",{location}=""),1,0)'),
        Column("credit", Label("CI", "TC"), 6, "0", formula=TAX_CREDIT_FORMULA,
               hint=Label("1 si la ligne compte pour le crédit d'impôt",
                          "1 when the line counts for the tax credit")),
        Column("minimum", Label("Minimum conventionnel", "Conventional minimum"), 13, EUR,
               added_later=True, type="number",
               hint=Label("taux unitaire minimum de la convention : le crédit d'impôt ne compte "
                          "la rémunération que jusqu'à ce minimum ; vide = toute la rémunération",
                          "the agreement's minimum unit rate: the tax credit counts the pay up "
                          "to it; blank = the whole pay")),
        Column("credit_pay", Label("Rémunération CI", "TC pay"), 13, EUR,
               formula=CREDIT_PAY_FORMULA, added_later=True),
        Column("credit_charges", Label("Charges CI", "TC charges"), 12, EUR,
               formula=CREDIT_CHARGES_FORMULA, added_later=True,
               hint=Label("charges sur la rémunération CI, hors taxes sur les salaires (Afdas)",
                          "charges on the TC pay, without taxes on wages (Afdas)")),
        Column("reduction", Label("Réduction de taux", "Rate reduction"), 11, PCT3,
               formula=REDUCTION_FORMULA, added_later=True,
               hint=Label("taux retiré des cotisations sur le brut : taux réduits maladie et "
                          "allocations familiales sous leur seuil en SMIC (2024-2025), RGDU "
                          "(2026, option de Paramètres)",
                          "rate taken off the contributions on gross: reduced maladie and "
                          "family rates below their SMIC threshold (2024-2025), RGDU (2026, "
                          "a Parameters option)")),
        Column("dfs", Label("DFS", "DFS"), 7, choices="yesno", type="flag", added_later=True,
               hint=Label("abattement pour frais professionnels d'un artiste : O ou N ; vide = "
                          "le choix de Paramètres", "an artist's abattement (DFS): Y or N; "
                          "blank = the Parameters choice")),
        Column("dfs_amount", Label("Abattement DFS", "DFS deduction"), 12, EUR,
               formula=DFS_FORMULA, added_later=True,
               hint=Label("retiré de l'assiette des cotisations, sauf chômage, AGS, Congés "
                          "Spectacles et médecine du travail (feuille Taux)",
                          "taken off the contributions' base, but chômage, AGS, Congés "
                          "Spectacles and médecine du travail (Rates sheet)")),
        Column("credit_dfs", Label("Abattement DFS CI", "TC DFS deduction"), 12, EUR,
               formula=CREDIT_DFS_FORMULA, added_later=True),
    ),
    path="lines",
    key=("chapter", "account", "label"),
)

PARAMS = Form("params", (
    Field("title", Label("Titre", "Title"), "BUDGET_TITLE"),
    Field("kind", Label("Type de production", "Production type"), "BUDGET_KIND",
          choices=KIND_CHOICES),
    Field("year", Label("Année des taux", "Rates year"), "BUDGET_YEAR", "integer", "0"),
    Field("rates_date", Label("Taux en vigueur au", "Rates in force on"), "BUDGET_RATES_DATE",
          "date", ISO_DATE),
    Field("duration_minutes", Label("Durée du programme (min)", "Programme length (min)"),
          "BUDGET_DURATION", "number", "0"),
    Field("company", Label("Société de production", "Production company"), "BUDGET_COMPANY",
          added_later=True),
    Field("producer", Label("Producteur délégué", "Producer"), "BUDGET_PRODUCER",
          added_later=True),
    Field("director", Label("Réalisation", "Director"), "BUDGET_DIRECTOR", added_later=True),
    Field("version", Label("Version du devis", "Budget version"), "BUDGET_VERSION",
          hint=Label("devis initial, devis révisé 2…", "initial budget, revised budget 2…"),
          added_later=True),
    Field("version_date", Label("Date de la version", "Version date"), "BUDGET_VERSION_DATE",
          "date", ISO_DATE, added_later=True),
), top=4, hint_col="C")
GLOBALS = TableDef(
    "BudgetGlobals",
    (
        Column("name", Label("Nom", "Name"), 18, required=True),
        Column("value", Label("Valeur", "Value"), 12, NUM, required=True, type="number"),
        Column("description", Label("Description", "Description"), 50),
    ),
    path="globals",
    key=("name",),
)

#: Company parameters (Paramètres, below the globals): key → its defined name.
COMPANY = TableDef(
    "CompanyParams",
    (
        Column("key", Label("Paramètre", "Parameter"), 18, required=True),
        Column("label", Label("Description", "Description"), 50, wrap=True),
        Column("value", Label("Valeur", "Value"), 12, required=True),
        Column("source", Label("Source", "Source"), 50, wrap=True),
    ),
)
COMPANY_NAMES = {"ceiling_method": CEILING_METHOD}
COMPANY_LABELS = {
    "ceiling_method": Label(
        "Plafond des périodes courtes : prorata (plafond mensuel × jours payés / 30) ou unit "
        "(plafond publié de l'unité × quantité)",
        "Ceiling of short periods: prorata (monthly ceiling × paid days / 30) or unit "
        "(published ceiling of the unit × quantity)"),
}
COMPANY_SOURCES = {
    "ceiling_method": "CSS art. R. 242-2 ; BOSS, mise à jour d'avril 2025 (trentièmes des jours "
                      "ayant donné lieu à rémunération), rapportée par dvlog.net, 30/04/2025",
}

#: The company's parameters that the charges formulas read (Paramètres, right of the form).
_RATE_HINT = Label("à saisir si 0 : ", "to be entered when 0: ")
COMPANY_FORM = Form("params", (
    Field("headcount_band", Label("Effectif de la société", "Company headcount"), HEADCOUNT,
          "code", choices="headcount_bands", added_later=True,
          hint=Label("1-10, 11-49 ou 50+ : FNAL 0,50 % dès 50, VM dès 11",
                     "1-10, 11-49 or 50+: FNAL 0.50 % from 50, VM from 11")),
    Field("atmp_rate", Label("Taux AT/MP", "AT/MP rate"), "BUDGET_ATMP_RATE", "number", PCT3,
          added_later=True, hint=Label("taux notifié par la CARSAT", "rate notified by the CARSAT")),
    Field("mobility_rate", Label("Versement mobilité", "Versement mobilité"),
          "BUDGET_MOBILITY_RATE", "number", PCT3, added_later=True,
          hint=Label("taux du lieu de travail (Paris ≈ 3,20 %), dû dès 11 salariés",
                     "rate of the place of work (Paris ≈ 3.20 %), due from 11 employees")),
    Field("prevoyance_rate", Label("Prévoyance et santé non-cadres", "Prévoyance, non-cadres"),
          "BUDGET_PREVOYANCE_RATE", "number", PCT3, added_later=True,
          hint=Label("sur T1, fiche Audiens de l'année", "on T1, the year's Audiens sheet")),
    Field("prevoyance_cadre_rate", Label("Prévoyance cadres", "Prévoyance, cadres"),
          "BUDGET_PREVOYANCE_CADRE_RATE", "number", PCT3, added_later=True,
          hint=Label("sur T1, 1,50 % minimum (ANI 2017)", "on T1, 1.50 % minimum (ANI 2017)")),
    Field("apprenticeship_rate", Label("Taxe d'apprentissage", "Apprenticeship tax"),
          "BUDGET_APPRENTICESHIP_RATE", "number", PCT3, added_later=True,
          hint=Label("0,68 % (0,44 % en Alsace-Moselle)", "0.68 % (0.44 % in Alsace-Moselle)")),
    Field("occupational_health_rate", Label("Médecine du travail", "Occupational health"),
          "BUDGET_HEALTH_RATE", "number", PCT3, added_later=True,
          hint=Label("Thalie Santé, en % du brut", "Thalie Santé, as a rate of gross")),
    Field("reduced_rates", Label("Taux réduits maladie et AF", "Reduced maladie and AF rates"),
          REDUCED_RATES, "flag", choices="yesno", added_later=True,
          hint=Label("O : 7 % et 3,45 % sous 2,25 et 3,3 SMIC (2025)",
                     "Y: 7 % and 3.45 % below 2.25 and 3.3 SMIC (2025)")),
    Field("rgdu", Label("Réduction générale 2026 (RGDU)", "2026 general reduction (RGDU)"),
          RGDU, "flag", choices="yesno", added_later=True,
          hint=Label("O pour l'appliquer sous 3 SMIC ; application aux CDDU à vérifier",
                     "Y to apply it below 3 SMIC; application to CDDU to be checked")),
    Field("public_aid", Label("Aides publiques (financement)", "Public aid (financing)"),
          PUBLIC_AID, "number", EUR, added_later=True,
          hint=Label("CNC, régions… : crédit d'impôt + aides ≤ 50 % du devis",
                     "CNC, regions…: tax credit + aid ≤ 50 % of the budget")),
    Field("difficult_work", Label("Œuvre difficile ou à petit budget",
                                  "Difficult or low-budget work"),
          DIFFICULT_WORK, "flag", choices="yesno", added_later=True,
          hint=Label("O : plafond d'intensité des aides de 60 %", "Y: aid-intensity cap 60 %")),
    Field("artist_dfs", Label("Abattement DFS des artistes", "Artists' DFS deduction"),
          ARTIST_DFS, "flag", choices="yesno", added_later=True,
          hint=Label("O : abattement DFS (accord de l'artiste), une ligne prime",
                     "Y: DFS deduction (artist's consent); a line's DFS column overrides")),
), top=4, label_col="E", value_col="F", hint_col="G")

RATES = TableDef(
    "SocialRates",
    (
        Column("code", Label("Code", "Code"), 11),
        Column("label", Label("Cotisation", "Contribution"), 42, wrap=True),
        Column("base", Label("Assiette", "Base"), 9),
        # a company-driven rate is a formula on Paramètres; a number typed over it is kept
        *(Column(s, Label(s, s), 11, PCT3, type="number", formula_allowed=True)
          for s in SALARIED),
        Column("source", Label("Source", "Source"), 40, wrap=True),
        Column("valid_from", Label("En vigueur depuis", "Valid from"), 12, ISO_DATE),
        Column("confidence", Label("Fiabilité", "Confidence"), 10),
    ),
)

GLOBAL_DESCRIPTIONS = {
    "shoot_days": Label("Jours de tournage", "Shooting days"),
    "shoot_weeks": Label("Semaines de tournage", "Shooting weeks"),
    "prep_weeks": Label("Semaines de préparation", "Preparation weeks"),
    "post_weeks": Label("Semaines de post-production", "Post-production weeks"),
}

LAYOUT = Layout(
    kind="budget",
    sheets=(
        SheetDef("recap", Label("Récapitulatif", "Summary"), tab_color="1F3864"),
        SheetDef("detail", Label("Devis détaillé", "Detailed budget"), tab_color="1F3864"),
        SheetDef("lines", Label("Devis", "Budget"), tab_color="2E75B6"),
        SheetDef("params", Label("Paramètres", "Parameters"), tab_color="FFC000"),
        SheetDef("rates", Label("Taux", "Rates"), tab_color="A5A5A5"),
    ),
    tables={"lines": LINES, "globals": GLOBALS, "rates": RATES, "company": COMPANY},
    forms={"params": PARAMS, "company": COMPANY_FORM},
    outputs=(
        "BUDGET_SUBTOTAL", "BUDGET_OVERHEAD", "BUDGET_CONTINGENCY", "BUDGET_TOTAL",
        "BUDGET_CHARGES", "BUDGET_FRANCE_TOTAL", "BUDGET_FOREIGN_TOTAL", "BUDGET_OVERHEAD_RATE",
        "BUDGET_CONTINGENCY_RATE", "BUDGET_TAX_CREDIT_RATE", "BUDGET_TAX_CREDIT",
        TAX_CREDIT_CHAPTERS, AGGREGATES, AGG_STATUSES, UNIT_CEILINGS, CEILING_UNITS,
        PAID_DAYS, MONTHLY_CEILING, HOURLY_CEILING, CREDIT_AGGREGATES, CEILING_METHOD,
        SMIC_HOURLY, REDUCTION_CUTS, REDUCTION_THRESHOLDS, RGDU_TMIN, RGDU_TDELTA,
        RGDU_EXPONENT, RGDU_THRESHOLD, CI_EXCLUDED, CI_LODGING, CI_NIGHT_PARIS, CI_NIGHT_OTHER,
        AID_INTENSITY, DFS_RATE, DFS_CAP, DFS_GROSS_TOTAL, DFS_GROSS_PLAF4,
    ),
    optional_outputs=("BUDGET_TAX_CREDIT_CAP", "BUDGET_ABOVE_THE_LINE", "BUDGET_BELOW_THE_LINE"),
    dynamic_names="one name per global, spelled as its key (shoot_days…)",
    lists={
        "chapters": CHAPTERS,
        "units": UNIT_CHOICES,
        "statuses": STATUS_CHOICES,
        "yesno": {"fr": ("O", "N"), "en": ("Y", "N")},
        "kinds": KIND_CHOICES,
        "ceiling_methods": ("prorata", "unit"),
        "headcount_bands": ("1-10", "11-49", "50+"),
    },
)

RECAP_HEADERS = (
    Label("N°", "No."), Label("Poste", "Heading"), Label("Taux", "Rate"),
    Label("Montant HT", "Amount (excl. VAT)"), Label("% du total", "% of total"),
    Label("dont France", "of which France"), Label("dont étranger", "of which abroad"),
    Label("Base éligible CI", "Tax-credit base"),
)

WORDS = {
    "subtitle": Label("Devis de production — montants HT en euros — généré par xlprod",
                      "Production budget — amounts excl. VAT in euros — made by xlprod"),
    "subtotal": Label("Sous-total (chapitres 1 à 9)", "Subtotal (chapters 1 to 9)"),
    "overhead": Label("Frais généraux", "Overhead"),
    "contingency": Label("Imprévus", "Contingency"),
    "total": Label("TOTAL GÉNÉRAL HT", "GRAND TOTAL (excl. VAT)"),
    "tax_credit": Label("Crédit d'impôt (estimation)", "Tax credit (estimate)"),
    "tc_base": Label("Dépenses éligibles", "Eligible spend"),
    "tc_rate": Label("Taux du crédit d'impôt", "Tax-credit rate"),
    "tc_cap": Label("Plafond (par minute × durée)", "Cap (per minute × duration)"),
    "tc_cap_work": Label("Plafond par œuvre", "Cap per work"),
    "tc_bands": Label("Plafond par minute selon le coût par minute",
                      "Cap per minute by cost per minute"),
    "tc_chapters": Label("Chapitres éligibles (case CI vide)", "Eligible chapters (blank TC flag)"),
    "tc_amount": Label("Crédit d'impôt estimé", "Estimated tax credit"),
    "aid": Label("Aides publiques", "Public aid"),
    "aid_intensity": Label("Intensité (CI + aides) / total", "Intensity (TC + aid) / total"),
    "aid_cap": Label("Plafond d'intensité", "Intensity cap"),
    "aid_ok": Label("conforme", "within the cap"),
    "aid_over": Label("⚠ au-dessus du plafond", "⚠ above the cap"),
    "cap_note": Label("plafond usuel", "usual cap"),
    "to_check": Label("à vérifier", "to be checked"),
    "lines_hint": Label(
        "Une ligne par poste. Quantité × Nombre × Taux unitaire ; les charges sociales "
        "sont calculées par ligne (feuille Taux) et totalisées au chapitre 4.",
        "One line per item. Quantity × Count × Unit rate; social charges are computed per "
        "line (Rates sheet) and totalled in chapter 4."),
    "rates_hint": Label(
        "Taux employeur effectifs par statut (abattement de 70 % des artistes appliqué). "
        "Vous pouvez remplacer un taux par celui de votre société. Lignes orange : à vérifier.",
        "Effective employer rates by status (artists' 70 % base applied). You may replace a "
        "rate with your company's own. Orange rows: to be checked."),
    "params_hint": Label(
        "Variables globales : une ligne du devis dont la quantité est =nom suit la valeur.",
        "Globals: a budget line whose quantity is =name follows the value."),
    "line_split": Label("Au-dessus / en dessous de la ligne", "Above / below the line"),
    "above": Label("Au-dessus de la ligne", "Above the line"),
    "below": Label("En dessous de la ligne", "Below the line"),
    "chart": Label("Répartition par chapitre", "Split by chapter"),
    "work_kind": Label("Type d'œuvre", "Kind of work"),
    "ht_note": Label("Montants hors taxes (HT), en euros ; la TVA non récupérable est comprise "
                     "dans les coûts.",
                     "Amounts excluding VAT, in euros; non-recoverable VAT is included in the "
                     "costs."),
    "signature": Label("Fait à ……………………, le ……………… — Le producteur délégué (nom, qualité, "
                       "signature) :",
                       "Place and date: …………………… — The producer (name, title, signature):"),
}

DETAIL_HEADERS = (Label("Compte", "Account"), Label("Intitulé", "Title"),
                  Label("Montant HT", "Amount (excl. VAT)"), Label("% du total", "% of total"))
DETAIL_WORDS = {
    "subtitle": Label("Devis détaillé — sous-totaux par compte, montants HT en euros — "
                      "calculé depuis la feuille Devis",
                      "Detailed budget — sub-totals by account, amounts excl. VAT in euros — "
                      "computed from the Budget sheet"),
    "charges_1": Label("Charges sociales sur droits d'auteur (chapitre 1)",
                       "Social charges on authors' rights (chapter 1)"),
    "charges_2": Label("Charges sociales sur personnel (chapitre 2)",
                       "Social charges on crew (chapter 2)"),
    "charges_3": Label("Charges sociales sur interprétation (chapitre 3)",
                       "Social charges on cast (chapter 3)"),
    "charges_other": Label("Charges sociales sur les salaires des autres chapitres",
                           "Social charges on the wages of other chapters"),
    "no_account": Label("Lignes sans compte", "Lines without an account"),
    "chapter_total": Label("Total chapitre {n}", "Total chapter {n}"),
}

#: Above the line, by variant: its chapters, and the accounts (their first two digits) of
#: other chapters; a line counts with its own charges, so that above + below = the sub-total
#: of chapters 1 to 9. The CNC chapters carry the international split as: 1 (rights, the
#: director's authorship), 21 (producers), 22 (direction), 3 (cast); the commercial's, as
#: the AICP form's director's and creative fees (1) and talent (3). A variant not listed
#: prints no split.
ABOVE_THE_LINE: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "cinema": ((1, 3), ("21", "22")),
    "audiovisuel": ((1, 3), ("21", "22")),
    "publicite": ((1, 3), ()),
}

#: What the above-the-line total counts, printed under it.
ABOVE_NOTES = {
    "cinema": Label("chap. 1 et 3, comptes 21-22, avec charges",
                    "ch. 1 and 3, accounts 21-22, with charges"),
    "audiovisuel": Label("chap. 1 et 3, comptes 21-22, avec charges",
                         "ch. 1 and 3, accounts 21-22, with charges"),
    "publicite": Label("chap. 1 et 3, avec charges", "ch. 1 and 3, with charges"),
}

KIND_LABELS = {
    "cinema": Label("Cinéma (long métrage)", "Cinema (feature film)"),
    "audiovisuel": Label("Audiovisuel (télévision)", "Television"),
    "publicite": Label("Film publicitaire", "Commercial"),
}
