"""Cost-report findings beyond the model's own validation, in French by default.

Errors: a budget account twice, a negative estimate to complete, a mapping
prefix that is not digits, the same prefix twice.
Warnings: a commitment or an estimate to complete for an account not in the
budget, a mapping row naming one (the money lands on a zero-budget row of
that account, see :mod:`.compute`; a warning, not an error, because the
contract's own example commits on such an account), the report dated
before the latest actual imported, a flagged overrun (beyond the
threshold) without an explanation — the report owes one per significant
variance.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlprod.kinds.base import Finding, Path_
from xlprod.kinds.variance.compute import compute, resolve_targets, target_line
from xlprod.kinds.variance.model import VarianceReport

__all__ = ["check", "stale"]

_WORDS = {
    "fr": {
        "duplicate": "le compte {a} figure déjà à la ligne {row} du budget ; regroupez les deux "
                     "lignes en une",
        "not_in_budget": "le compte {a} n'est pas au budget : son montant figure sur une ligne "
                         "« {line} » à budget nul ; choisissez un compte du budget, ou ajoutez "
                         "celui-ci au budget avec son montant",
        "negative_etc": "reste à engager négatif ({v}) ; saisissez 0 ou plus : une économie se "
                        "lit dans l'écart",
        "prefix_digits": "le préfixe {p!r} n'est pas un début de numéro de compte : n'utilisez "
                         "que des chiffres (ex. 6411)",
        "prefix_twice": "le préfixe {p} figure déjà à la ligne {row} de la correspondance ; "
                        "seule la première compte : supprimez l'une des deux",
        "target_absent": "le compte {a} n'est pas au budget : les dépenses de ce préfixe iront "
                         "sur « {line} » ; choisissez un compte du budget",
        "as_of": "la date du rapport ({d}) est avant la dernière écriture importée ({latest}) ; "
                 "avancez la date du rapport ou vérifiez le FEC",
        "unexplained": "dépassement de {v} ({pct}) sur {a} {label} : au-delà du seuil, "
                       "ajoutez-en l'explication et le traitement",
        "unexplained_line": "dépassement de {v} sur « {label} » (budget nul) : ajoutez-en "
                            "l'explication et le traitement",
        "unexplained_hd": "dépense hors devis de {v} sur le compte {a} : ajoutez-en "
                          "l'explication et le traitement",
        "chapter_line": "Chapitre {c} — non ventilé",
        "absent_line": "{a} — absent du devis",
        "no_row": "le compte {a} n'a pas de ligne au Suivi : le classeur ne compte son montant "
                  "({v}) dans aucun total, l'export le compte sur « {line} » ; `xlprod run "
                  "upgrade` ajoute la ligne",
    },
    "en": {
        "duplicate": "account {a} is already on budget row {row}; merge the two rows",
        "not_in_budget": "account {a} is not in the budget: its amount shows on a zero-budget "
                         "row « {line} »; choose a budget account, or add this one to the "
                         "budget with its amount",
        "negative_etc": "negative estimate to complete ({v}); enter 0 or more: a saving shows "
                        "in the variance",
        "prefix_digits": "prefix {p!r} is not the start of an account number: use digits only "
                         "(e.g. 6411)",
        "prefix_twice": "prefix {p} is already on mapping row {row}; only the first counts: "
                        "delete one of them",
        "target_absent": "account {a} is not in the budget: this prefix's spending will go to "
                         "« {line} »; choose a budget account",
        "as_of": "the report date ({d}) is before the latest actual imported ({latest}); move "
                 "the report date or check the FEC",
        "unexplained": "overrun of {v} ({pct}) on {a} {label}: beyond the threshold, add its "
                       "explanation and treatment",
        "unexplained_line": "overrun of {v} on « {label} » (zero budget): add its explanation "
                            "and treatment",
        "unexplained_hd": "hors devis spending of {v} on account {a}: add its explanation and "
                          "treatment",
        "chapter_line": "Chapter {c} — not allocated",
        "absent_line": "{a} — not in the budget",
        "no_row": "account {a} has no row on the Cost report: the workbook counts its amount "
                  "({v}) in no total, the export counts it on « {line} »; `xlprod run upgrade` "
                  "adds the row",
    },
}


def _money(value: Any, en: bool) -> str:
    text = f"{Decimal(str(value)):,.2f}"
    return f"{text} €" if en else text.replace(",", " ").replace(".", ",") + " €"


def _pct(value: float | None, en: bool) -> str:
    if value is None:
        return "budget nul" if not en else "zero budget"
    text = f"{abs(value) * 100:.1f}"
    return f"{text} %" if en else f"{text.replace('.', ',')} %"


def check(model: VarianceReport, lang: str = "fr") -> list[Finding]:
    """Every finding about ``model``, each at the field to fix."""
    en = lang == "en"
    w = _WORDS["en" if en else "fr"]
    found: list[Finding] = []

    def add(severity: str, path: Path_, key: str, **values: Any) -> None:
        found.append(Finding("error" if severity == "error" else "warning", path,
                             w[key].format(**values)))

    def line_name(account: str) -> str:
        kind = target_line(account, first_row)
        return w["chapter_line" if kind == "chapter" else "absent_line"].format(c=account,
                                                                                   a=account)

    first_row: dict[str, int] = {}
    for i, row in enumerate(model.budget):
        if row.account in first_row:
            add("error", ("budget", i, "account"), "duplicate", a=row.account,
                row=first_row[row.account] + 1)
        first_row.setdefault(row.account, i)
    for table in ("commitments", "estimates_to_complete"):
        for i, item in enumerate(getattr(model, table)):
            if item.account not in first_row:
                add("warning", (table, i, "account"), "not_in_budget", a=item.account,
                    line=line_name(item.account))
    for i, est in enumerate(model.estimates_to_complete):
        if est.amount < 0:
            add("error", ("estimates_to_complete", i, "amount"), "negative_etc",
                v=_money(est.amount, en))
    first_prefix: dict[str, int] = {}
    for i, mapping in enumerate(model.mapping):
        prefix = mapping.prefix
        if not prefix.isdigit() or not prefix.isascii():
            add("error", ("mapping", i, "prefix"), "prefix_digits", p=prefix)
        elif prefix in first_prefix:
            add("error", ("mapping", i, "prefix"), "prefix_twice", p=prefix,
                row=first_prefix[prefix] + 1)
        first_prefix.setdefault(prefix, i)
        target = mapping.account
        if target is not None and target not in first_row:
            add("warning", ("mapping", i, "account"), "target_absent", a=target,
                line=line_name(target))
    if model.actuals:
        latest = max(a.date for a in model.actuals)
        if model.as_of < latest:
            add("warning", ("as_of",), "as_of", d=model.as_of.isoformat(),
                latest=latest.isoformat())
    results = compute(model)
    for item in results["overruns"]:
        if item["explained"]:
            continue
        if item["line"] == "hors_devis":
            add("warning", ("explanations",), "unexplained_hd", a=item["account"],
                v=_money(-item["variance"], en))
            continue
        if item["account"] not in first_row:
            add("warning", ("explanations",), "unexplained_line", label=item["label"],
                v=_money(-item["variance"], en))
            continue
        add("warning", ("budget", first_row[item["account"]], "account"), "unexplained",
            a=item["account"], label=item["label"], v=_money(-item["variance"], en),
            pct=_pct(item["variance_pct"], en))
    return found


def stale(model: VarianceReport, shown: dict[str, Any], lang: str = "fr") -> list[Finding]:
    """Accounts the engine gives a Suivi row that the workbook's Suivi lacks (a commitment,
    an estimate or a mapping typed on a new account): the workbook's totals leave their
    money out until an update adds the row. One finding per account, at the first input
    that brings it (``shown["suivi_accounts"]``: every account of the Suivi's rows)."""
    listed = shown.get("suivi_accounts")
    if listed is None:
        return []
    # Where money can land (the engine gives each such account a row): cheap to list, so
    # the engine runs only when one of them has no row in the workbook.
    origin: dict[str, Path_] = {}
    for table in ("commitments", "estimates_to_complete"):
        for i, item in enumerate(getattr(model, table)):
            origin.setdefault(item.account, (table, i, "account"))
    targets = resolve_targets(model, {a.compte_num for a in model.actuals})
    if all(a in listed for a in origin) and all(
            t is None or t in listed for t in targets.values()):
        return []
    for i, mapping in enumerate(model.mapping):
        if mapping.account is not None:
            origin.setdefault(mapping.account, ("mapping", i, "account"))
    for i, entry in enumerate(model.actuals):
        target = targets[entry.compte_num]
        if target is not None:
            origin.setdefault(target, ("actuals", i, "compte_num"))
    en = lang == "en"
    w = _WORDS["en" if en else "fr"]
    return [Finding("error", origin.get(line["account"], ("budget",)), w["no_row"].format(
        a=line["account"], v=_money(line["efc"], en), line=line["label"]))
        for line in compute(model)["accounts"] if line["account"] not in listed]
