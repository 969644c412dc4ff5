"""The comparison of two budget versions (devis initial / révisé): by chapter, by account,
line by line. Column titles name the two files, so the tables are built per comparison."""

from xlprod.xlsx.spec import EUR, PCT, Column, Label, Layout, SheetDef, TableDef

_DIFF = "{b}-{a}"
_PCT = 'IF({a}=0,"",{diff}/{a})'


def _figures(a: str, b: str) -> tuple[Column, ...]:
    return (
        Column("a", Label(f"A : {a}", f"A: {a}"), 18, EUR, type="number"),
        Column("b", Label(f"B : {b}", f"B: {b}"), 18, EUR, type="number"),
        Column("diff", Label("Écart (B − A)", "Difference (B − A)"), 16, EUR, formula=_DIFF),
        Column("pct", Label("Écart %", "Difference %"), 10, PCT, formula=_PCT),
    )


def layout(a: str, b: str) -> Layout:
    """The comparison layout for files shown as ``a`` and ``b``."""
    return Layout(
        kind="budget-comparison",
        sheets=(
            SheetDef("chapters", Label("Par chapitre", "By chapter"), tab_color="1F3864"),
            SheetDef("accounts", Label("Par compte", "By account"), tab_color="2E75B6"),
            SheetDef("lines", Label("Par ligne", "By line"), tab_color="A5A5A5"),
        ),
        tables={
            "chapters": TableDef("ChapterComparison", (
                Column("chapter", Label("Chapitre", "Chapter"), 10, "0", align="center"),
                Column("label", Label("Poste", "Heading"), 44),
                *_figures(a, b))),
            "accounts": TableDef("AccountComparison", (
                Column("account", Label("Compte", "Account"), 10, align="center"),
                Column("label", Label("Intitulé du compte", "Account title"), 44),
                *_figures(a, b))),
            "lines": TableDef("LineComparison", (
                Column("change", Label("Changement", "Change"), 12),
                Column("account", Label("Compte", "Account"), 10, align="center"),
                Column("label", Label("Libellé", "Label"), 40),
                *_figures(a, b))),
        },
    )


WORDS = {
    "chapters": Label("Comparaison de devis — par chapitre", "Budget comparison — by chapter"),
    "accounts": Label("Comparaison de devis — par compte (hors charges sociales)",
                      "Budget comparison — by account (social charges excluded)"),
    "lines": Label("Comparaison de devis — lignes ajoutées, supprimées ou modifiées",
                   "Budget comparison — lines added, removed or changed"),
    "legend": Label("A = {a}   ·   B = {b}   ·   écart = B − A",
                    "A = {a}   ·   B = {b}   ·   difference = B − A"),
    "subtotal": Label("Sous-total (1 à 9)", "Subtotal (1 to 9)"),
    "overhead": Label("Frais généraux", "Overhead"),
    "contingency": Label("Imprévus", "Contingency"),
    "total": Label("TOTAL GÉNÉRAL HT", "GRAND TOTAL (excl. VAT)"),
    "accounts_total": Label("Total des comptes", "Total of the accounts"),
    "added": Label("ajoutée", "added"),
    "removed": Label("supprimée", "removed"),
    "changed": Label("modifiée", "changed"),
    "none": Label("Aucune ligne ne diffère.", "No line differs."),
}
