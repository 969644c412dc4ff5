"""The cost report (suivi budgétaire) workbook.

Sheets: Suivi (the report's parameters, a summary by chapter with the hors
devis line and the totals, then one row per budget account), Écritures (the
class-6 FEC lines, each with its budget account looked up in Comptes du FEC),
Comptes du FEC (each CompteNum imported once, mapped to its budget account by
the longest-prefix formula, with its count of entries and its actual),
Engagements and Reste à faire (the user's tables), Correspondance (the user's
prefix → account table beside the shipped PCG table) and Analyse des écarts
(the explanation and proposed treatment of each significant variance, with
the chart of the biggest overruns).

The longest-prefix formula is long (fourteen nested lookups): it is computed
once per CompteNum in Comptes du FEC, and each of the (often 100 000) entries
only looks its CompteNum up there. A CompteNum missing from that table (an
entry typed in by hand) shows « à classer »; the Suivi's check line shows its
amount and ``validate`` names it; an update adds it.

Formulas read other tables through their header labels, so the tables are
built for one language by :func:`layout`.
"""

from xlprod.xlsx.formulas import whole_column
from xlprod.xlsx.spec import (
    EUR,
    ISO_DATE,
    NO_WORDS,
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

REPORT_NAME = "VarReport"
ENTRIES_NAME = "VarEntries"
COMMITMENTS_NAME = "VarCommitments"
ESTIMATES_NAME = "VarEstimates"
ACCOUNTS_NAME = "VarAccounts"
MAPPING_NAME = "VarMapping"
EXPLANATIONS_NAME = "VarExplanations"

#: What the mapped-account formula shows for a CompteNum that is hors devis.
HORS_DEVIS = Label("Hors devis", "Off budget")
#: What an entry shows when its CompteNum is not in Comptes du FEC (an update adds it).
UNLISTED = Label("à classer", "unlisted")
#: The user's prefixes are matched up to this many digits (the shipped table's are 2–4).
PREFIX_DEPTH = 10
DEFAULT_DEPTH = 4

# Names of the shipped PCG table (a reference range, not an input table).
DEFAULT_PREFIXES = "VAR_DEFAULT_PREFIXES"
DEFAULT_TARGETS = "VAR_DEFAULT_TARGETS"

#: a percentage, "–" for none (a zero budget has no variance %)
PCT_DASH = '0.00%;-0.00%;"–"'

ACCOUNT = Label("Poste", "Account")
LABEL = Label("Libellé", "Label")
AMOUNT = Label("Montant", "Amount")
CHAPTER = Label("Chap.", "Ch.")
REVISED = Label("Devis révisé", "Revised budget")
EFC = Label("Coût final estimé", "Estimated final cost")
VARIANCE = Label("Écart", "Variance")
COMPTE = Label("CompteNum", "CompteNum")
MAPPED = Label("Poste du devis", "Budget account")
TARGET = Label("Poste retenu", "Account used")


def alert_format(lang: str) -> str:
    """The alert column holds 1 (an overrun beyond the threshold) or 0, shown as a word."""
    word = Label("dépassement", "overrun")(lang)
    return f'"{word}";"{word}";""'


def _hd(lang: str) -> str:
    return f'"{HORS_DEVIS(lang)}"'


def _lookup_chain(value: str, keys: str, targets: str, depth: int, fallback: str) -> str:
    """The target of ``value``'s longest prefix among ``keys`` (LEFT(value, n), n from
    ``depth`` down to 1), else ``fallback``; nested IFERROR/MATCH, no array formula."""
    out = fallback
    for n in range(1, depth + 1):
        out = f"IFERROR(INDEX({targets},MATCH(LEFT({value},{n}),{keys},0)),{out})"
    return out


def mapped_formula(lang: str) -> str:
    """The budget account of a CompteNum (Comptes du FEC): the user's longest prefix, else
    (unless the shipped table is switched off) the shipped table's, else hors devis."""
    mapping_prefix = whole_column(MAPPING_NAME, Label("Préfixe", "Prefix")(lang))
    mapping_target = whole_column(MAPPING_NAME, TARGET(lang))
    off = "OR(" + ",".join(f'UPPER(TRIM(VAR_USE_DEFAULT))="{w}"' for w in NO_WORDS) + ")"
    default = _lookup_chain("{compte_num}", DEFAULT_PREFIXES, DEFAULT_TARGETS, DEFAULT_DEPTH,
                            _hd(lang))
    chain = _lookup_chain("{compte_num}", mapping_prefix, mapping_target, PREFIX_DEPTH,
                          f"IF({off},{_hd(lang)},{default})")
    return f'IF({{compte_num}}="","",{chain})'


def entry_account_formula(lang: str) -> str:
    """The budget account of an FEC line: its CompteNum's in Comptes du FEC (one exact
    lookup; a number typed as CompteNum is looked up as its text), else « à classer »."""
    return (f'IF({{compte_num}}="","",IFERROR(INDEX({whole_column(ACCOUNTS_NAME, MAPPED(lang))},'
            f'MATCH({{compte_num}}&"",{whole_column(ACCOUNTS_NAME, COMPTE(lang))},0)),'
            f'"{UNLISTED(lang)}"))')


def _report_lookup(lang: str, column: Label, key: str = "{account}") -> str:
    return (f"INDEX({whole_column(REPORT_NAME, column(lang))},"
            f"MATCH({key},{whole_column(REPORT_NAME, ACCOUNT(lang))},0))")


def report_table(lang: str) -> TableDef:
    entries_account = whole_column(ENTRIES_NAME, MAPPED(lang))
    entries_amount = whole_column(ENTRIES_NAME, AMOUNT(lang))

    def sumif(table: str) -> str:
        return (f'IF({{account}}="","",SUMIF({whole_column(table, ACCOUNT(lang))},{{account}},'
                f"{whole_column(table, AMOUNT(lang))}))")

    flagged = ("AND({variance}<0,OR({revised}<=0,-{variance}>VAR_THRESHOLD*{revised}),"
               'OR(VAR_THRESHOLD_AMOUNT="",-{variance}>VAR_THRESHOLD_AMOUNT))')
    return TableDef(REPORT_NAME, (
        Column("chapter", CHAPTER, 6, "0", type="integer", align="center"),
        Column("account", ACCOUNT, 8, TEXT_FORMAT, required=True, type="code"),
        Column("label", LABEL, 46, TEXT_FORMAT),
        Column("initial", Label("Devis initial", "Original budget"), 15, EUR, type="number"),
        Column("revised", REVISED, 15, EUR, type="number",
               hint=Label("le budget suivi ; vide : ligne ajoutée par xlprod (poste absent du "
                          "devis)", "the budget tracked; blank: a row xlprod added (an account "
                          "not in the budget)")),
        Column("actual", Label("Réalisé", "Actual"), 15, EUR,
               formula=f'IF({{account}}="","",SUMIF({entries_account},{{account}},'
                       f"{entries_amount}))"),
        Column("committed", Label("Engagé", "Committed"), 15, EUR, formula=sumif(COMMITMENTS_NAME)),
        Column("estimate", Label("Reste à faire", "To complete"), 15, EUR,
               formula=sumif(ESTIMATES_NAME)),
        Column("efc", EFC, 15, EUR,
               formula='IF({account}="","",{actual}+{committed}+{estimate})'),
        Column("variance", VARIANCE, 15, EUR, formula='IF({account}="","",{revised}-{efc})'),
        Column("variance_pct", Label("Écart %", "Variance %"), 9, PCT_DASH,
               formula='IF({account}="","",IF({revised}=0,0,{variance}/{revised}))'),
        Column("previous", Label("CFE précédent", "Previous EFC"), 15, EUR, type="number"),
        Column("since_last", Label("Depuis le dernier rapport", "Since last report"), 15, EUR,
               formula='IF({account}="","",IF({previous}="",0,{efc}-{previous}))'),
        Column("alert", Label("Alerte", "Alert"), 13, alert_format(lang), align="center",
               formula=f'IF({{account}}="","",IF({flagged},1,0))',
               hint=Label("1 : dépassement au-delà du seuil", "1: overrun beyond the threshold")),
    ), path="budget", key=("account",))


def entries_table(lang: str) -> TableDef:
    return TableDef(ENTRIES_NAME, (
        Column("date", Label("Date", "Date"), 12, ISO_DATE, type="date", required=True,
               align="center"),
        Column("journal", Label("Journal", "Journal"), 8, TEXT_FORMAT),
        Column("entry", Label("N° écriture", "Entry no."), 11, TEXT_FORMAT),
        Column("piece", Label("Pièce", "Document"), 14, TEXT_FORMAT),
        Column("label", LABEL, 46, TEXT_FORMAT),
        Column("supplier", Label("Fournisseur / compte", "Supplier / account"), 34, TEXT_FORMAT),
        Column("compte_num", COMPTE, 13, TEXT_FORMAT, required=True, type="code"),
        Column("amount", AMOUNT, 13, EUR, type="number", required=True,
               hint=Label("débit − crédit", "debit − credit")),
        Column("account", MAPPED, 12, align="center", formula=entry_account_formula(lang)),
    ), path="actuals", key=("date", "entry", "compte_num"))


def accounts_table(lang: str) -> TableDef:
    """Each CompteNum of the Écritures once (xlprod lists them; not read back as input)."""
    entries_compte = whole_column(ENTRIES_NAME, COMPTE(lang))
    entries_amount = whole_column(ENTRIES_NAME, AMOUNT(lang))
    return TableDef(ACCOUNTS_NAME, (
        Column("compte_num", COMPTE, 13, TEXT_FORMAT, required=True, type="code"),
        Column("account", MAPPED, 12, align="center", formula=mapped_formula(lang)),
        Column("account_label", Label("Libellé du poste", "Account label"), 58, wrap=True,
               formula=f'IF({{account}}="","",IFERROR({_report_lookup(lang, LABEL)},'
                       f"{{account}}))"),
        Column("count", Label("Écritures", "Entries"), 10, "0",
               formula=f'IF({{compte_num}}="","",COUNTIF({entries_compte},{{compte_num}}))'),
        Column("amount", Label("Réalisé", "Actual"), 15, EUR,
               formula=f'IF({{compte_num}}="","",SUMIF({entries_compte},{{compte_num}},'
                       f"{entries_amount}))"),
    ), key=("compte_num",))


def _account_label(lang: str) -> Column:
    return Column("account_label", Label("Libellé du poste", "Account label"), 30,
                  formula=f'IF({{account}}="","",IFERROR({_report_lookup(lang, LABEL)},"?"))')


def commitments_table(lang: str) -> TableDef:
    return TableDef(COMMITMENTS_NAME, (
        Column("account", ACCOUNT, 8, TEXT_FORMAT, required=True, type="code"),
        _account_label(lang),
        Column("amount", AMOUNT, 13, EUR, type="number", required=True,
               hint=Label("HT, commandé et pas encore en comptabilité",
                          "excl. VAT, ordered and not yet in the accounts")),
        Column("reference", Label("Référence (BC, devis)", "Reference (PO, quote)"), 16,
               TEXT_FORMAT),
        Column("supplier", Label("Fournisseur", "Supplier"), 24, TEXT_FORMAT),
        Column("date", Label("Date", "Date"), 12, ISO_DATE, type="date", align="center"),
        Column("label", Label("Objet", "Description"), 34, TEXT_FORMAT),
    ), path="commitments", key=("account", "reference"))


def estimates_table(lang: str) -> TableDef:
    return TableDef(ESTIMATES_NAME, (
        Column("account", ACCOUNT, 8, TEXT_FORMAT, required=True, type="code"),
        _account_label(lang),
        Column("amount", AMOUNT, 14, EUR, type="number", required=True,
               hint=Label("HT, reste à engager et à dépenser", "excl. VAT, still to commit and "
                          "spend")),
    ), path="estimates_to_complete", key=("account",))


def mapping_table(lang: str) -> TableDef:
    return TableDef(MAPPING_NAME, (
        Column("prefix", Label("Préfixe", "Prefix"), 12, TEXT_FORMAT, required=True, type="code",
               hint=Label("début de CompteNum, chiffres seulement", "start of a CompteNum, digits "
                          "only")),
        Column("account", ACCOUNT, 10, TEXT_FORMAT, type="code",
               hint=Label("vide = hors devis", "blank = off budget")),
        Column("target", TARGET, 12, align="center",
               formula=f'IF({{prefix}}="","",IF({{account}}="",{_hd(lang)},{{account}}))'),
    ), path="mapping", key=("prefix",))


def explanations_table(lang: str) -> TableDef:
    entries = {k: whole_column(ENTRIES_NAME, label(lang))
               for k, label in (("amount", AMOUNT), ("compte", COMPTE), ("mapped", MAPPED))}
    hd_efc = (f"SUMIFS({entries['amount']},{entries['compte']},{{account}},"
              f"{entries['mapped']},{_hd(lang)})")
    return TableDef(EXPLANATIONS_NAME, (
        Column("account", Label("Poste / compte", "Account / CompteNum"), 14, TEXT_FORMAT,
               required=True, type="code"),
        Column("label", LABEL, 30, wrap=True,
               formula=f'IF({{account}}="","",IFERROR({_report_lookup(lang, LABEL)},'
                       f"{_hd(lang)}))"),
        Column("budget", REVISED, 13, EUR,
               formula=f'IF({{account}}="","",IFERROR(0+{_report_lookup(lang, REVISED)},0))'),
        Column("efc", EFC, 13, EUR,
               formula=f'IF({{account}}="","",IFERROR({_report_lookup(lang, EFC)},{hd_efc}))'),
        Column("variance", VARIANCE, 13, EUR, formula='IF({account}="","",{budget}-{efc})'),
        Column("variance_pct", Label("Écart %", "Variance %"), 8, PCT_DASH,
               formula='IF({account}="","",IF({budget}=0,0,{variance}/{budget}))'),
        Column("explanation", Label("Explication de l'écart", "Why the variance"), 50,
               TEXT_FORMAT, wrap=True),
        Column("treatment", Label("Traitement proposé", "Proposed treatment"), 44, TEXT_FORMAT,
               wrap=True,
               hint=Label("transfert, renégociation, imprévus, absorbé…",
                          "transfer, renegotiation, contingency, absorbed…")),
    ), path="explanations", key=("account",))


PARAMS = Form("report", (
    Field("title", Label("Titre", "Title"), "VAR_TITLE"),
    Field("as_of", Label("Arrêté au", "Report date"), "VAR_AS_OF", "date", ISO_DATE),
    Field("previous_as_of", Label("Rapport précédent du", "Previous report of"),
          "VAR_PREVIOUS_AS_OF", "date", ISO_DATE,
          hint=Label("date du CFE précédent (colonne « CFE précédent »)",
                     "date of the previous EFC (column “Previous EFC”)")),
    Field("threshold", Label("Seuil d'alerte (% du devis)", "Alert threshold (% of budget)"),
          "VAR_THRESHOLD", "number", PCT,
          hint=Label("un dépassement au-delà est signalé", "an overrun beyond it is flagged")),
    Field("threshold_amount", Label("… et au-delà de (€)", "… and beyond (€)"),
          "VAR_THRESHOLD_AMOUNT", "number", EUR, hint=Label("vide : pas de montant minimum",
                                                            "blank: no minimum amount")),
    Field("variant", Label("Type de production", "Production type"), "VAR_VARIANT",
          editable=False, hint=Label("titres des chapitres", "chapter titles")),
), top=4, label_col="C", value_col="D", span=4, hint_col="H")

MAPPING_PARAMS = Form("mapping", (
    Field("use_default_mapping", Label("Table PCG livrée en secours", "Shipped PCG table as "
                                       "fallback"), "VAR_USE_DEFAULT", "flag", choices="yesno",
          hint=Label("O : un CompteNum sans préfixe ci-dessous suit la table de droite ; N : "
                     "hors devis", "Y: a CompteNum with no prefix below follows the table on "
                     "the right; N: off budget")),
), top=4, label_col="A", value_col="F", hint_col="G")

#: The production type as the Suivi shows it (the model's code → its words).
VARIANTS = {"cinema": Label("cinéma", "cinema"), "audiovisuel": Label("audiovisuel", "television"),
            "publicite": Label("publicité", "advertising")}

TOTAL_NAMES = ("VAR_TOTAL_BUDGET", "VAR_TOTAL_ACTUAL", "VAR_TOTAL_EFC", "VAR_TOTAL_VARIANCE",
               "VAR_UNMAPPED_TOTAL", "VAR_TOTAL_COMMITTED", "VAR_TOTAL_ESTIMATE")

SHEETS = (
    SheetDef("report", Label("Suivi", "Cost report"), tab_color="1F3864"),
    SheetDef("analysis", Label("Analyse des écarts", "Variance analysis"), tab_color="C00000"),
    SheetDef("entries", Label("Écritures", "Entries"), tab_color="2E75B6"),
    SheetDef("accounts", Label("Comptes du FEC", "FEC accounts"), tab_color="2E75B6"),
    SheetDef("commitments", Label("Engagements", "Commitments"), tab_color="70AD47"),
    SheetDef("estimates", Label("Reste à faire", "To complete"), tab_color="70AD47"),
    SheetDef("mapping", Label("Correspondance", "Mapping"), tab_color="A5A5A5"),
)


def layout(lang: str) -> Layout:
    """The cost report's layout in ``lang`` (formulas name other tables' headers)."""
    return Layout(
        kind="variance",
        sheets=SHEETS,
        tables={"report": report_table(lang), "entries": entries_table(lang),
                "accounts": accounts_table(lang),
                "commitments": commitments_table(lang), "estimates": estimates_table(lang),
                "mapping": mapping_table(lang), "explanations": explanations_table(lang)},
        forms={"report": PARAMS, "mapping": MAPPING_PARAMS},
        outputs=(*TOTAL_NAMES, DEFAULT_PREFIXES, DEFAULT_TARGETS),
        lists={"yesno": {"fr": ("O", "N"), "en": ("Y", "N")}},
    )


WORDS = {
    "subtitle": Label("Suivi budgétaire (rapport de coût) — montants HT en euros ; CFE = réalisé "
                      "+ engagé + reste à faire ; écart = devis révisé − CFE (négatif : "
                      "dépassement) — généré par xlprod",
                      "Cost report — amounts excl. VAT in euros; EFC = actual + committed + to "
                      "complete; variance = revised budget − EFC (negative: overrun) — made by "
                      "xlprod"),
    "by_chapter": Label("Synthèse par chapitre", "Summary by chapter"),
    "by_account": Label("Détail par poste", "Detail by account"),
    "chapter": Label("Chapitre", "Chapter"),
    "other_chapter": Label("Hors chapitres (frais généraux, imprévus…)",
                           "Outside chapters (overhead, contingency…)"),
    "hors_devis": Label("Hors devis (écritures sans poste)",
                        "Off budget (entries with no account)"),
    "total": Label("Total", "Total"),
    "entries_hint": Label(
        "Écritures de classe 6 importées du FEC (réalisé = débit − crédit). La colonne « Poste "
        "du devis » est une formule : le poste de son CompteNum dans Comptes du FEC (« à "
        "classer » : compte absent de ce tableau, que `xlprod run upgrade` ajoute). Le texte du "
        "FEC reste du texte.",
        "Class-6 entries imported from the FEC (actual = debit − credit). The “Budget account” "
        "column is a formula: its CompteNum's account in FEC accounts (“unlisted”: an account "
        "missing there, which `xlprod run upgrade` adds). Text from the FEC stays text."),
    "accounts_hint": Label(
        "Chaque CompteNum des Écritures, une fois : son poste du devis (le préfixe le plus long "
        "de la Correspondance, sinon la table PCG livrée, sinon hors devis), son nombre "
        "d'écritures et son réalisé. xlprod tient ce tableau à jour à chaque import.",
        "Each CompteNum of the Entries, once: its budget account (the longest prefix of the "
        "Mapping, else the shipped PCG table, else off budget), its number of entries and its "
        "actual. xlprod keeps this table up to date at each import."),
    "commitments_hint": Label(
        "Engagements : commandes, devis signés, contrats pas encore comptabilisés (HT). Retirez "
        "une ligne quand sa facture est au FEC.",
        "Commitments: purchase orders, signed quotes, contracts not yet in the accounts (excl. "
        "VAT). Remove a row once its invoice is in the FEC."),
    "estimates_hint": Label(
        "Reste à faire : ce qu'il reste à engager et à dépenser par poste (HT), votre estimation.",
        "To complete: what is still to be committed and spent per account (excl. VAT), your "
        "estimate."),
    "mapping_hint": Label(
        "Correspondance des comptes (PCG) aux postes du devis : le préfixe le plus long gagne. "
        "À droite, la table livrée par xlprod (référence, non modifiable ici).",
        "From accounts (PCG) to budget accounts: the longest prefix wins. On the right, the "
        "table shipped with xlprod (reference, not edited here)."),
    "default_title": Label("Table PCG livrée", "Shipped PCG table"),
    "default_prefix": Label("Préfixe", "Prefix"),
    "default_target": Label("Poste", "Account"),
    "default_label": Label("Nature", "Nature"),
    "analysis_hint": Label(
        "Pour chaque écart significatif (au-delà du seuil du Suivi), son explication et le "
        "traitement proposé. Les chiffres suivent le Suivi.",
        "For each significant variance (beyond the Cost report's threshold), its explanation "
        "and the proposed treatment. The figures follow the Cost report."),
    "top_title": Label("Plus gros dépassements", "Biggest overruns"),
    "top_overrun": Label("Dépassement", "Overrun"),
    "control": Label("Contrôle : écritures non reprises au suivi (doit être 0 ; sinon `xlprod run "
                     "upgrade` ajoute le poste ou le compte)", "Check: entries not in the report "
                     "(must be 0; else `xlprod run upgrade` adds the account)"),
}
