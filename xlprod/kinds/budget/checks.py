"""Budget findings beyond the model's own validation."""

from __future__ import annotations

from decimal import Decimal

from xlprod import reference
from xlprod.errors import InvalidInput
from xlprod.kinds.base import Finding
from xlprod.kinds.budget.compute import line_figures, missing_company_rates, rates_for, summary
from xlprod.kinds.budget.model import Budget, global_name_problem
from xlprod.workbooks import budget as wbdef


def check(budget: Budget, lang: str = "fr") -> list[Finding]:
    """Findings in ``lang`` (French by default), each at its model path."""
    def say(fr: str, en: str) -> str:
        return en if lang == "en" else fr

    found: list[Finding] = []
    first_of: dict[str, str] = {}
    for name in budget.globals:
        problem = global_name_problem(name, lang)
        first = first_of.setdefault(name.upper(), name)
        if not problem and first != name:  # a JSON input can hold both (a workbook cannot)
            problem = say(f"ne diffère de « {first} » que par la casse, et Excel confond les "
                          "deux noms ; gardez-en un seul",
                          f"differs from {first!r} only by case, and Excel takes both for one "
                          "name; keep one")
        if problem:
            found.append(Finding("error", ("globals", name),
                                 say(f"variable « {name} » : {problem}",
                                     f"global name {name!r}: {problem}")))
    for i, line in enumerate(budget.lines):
        if line.chapter == 4:
            found.append(Finding("error", ("lines", i, "chapter"), say(
                "le chapitre 4 (charges sociales) est calculé d'après le statut des autres "
                "lignes ; placez ce coût dans son chapitre et choisissez son statut",
                "chapter 4 (charges sociales) is computed from the other lines' statuses; "
                "move this cost to its chapter and set its status")))
        if isinstance(line.quantity, str) and line.quantity not in budget.globals:
            known = ", ".join(budget.globals) or say("aucune pour l'instant", "none yet")
            found.append(Finding("error", ("lines", i, "quantity"), say(
                f"la variable « {line.quantity} » n'existe pas (connues : {known}) ; "
                "définissez-la sur la feuille Paramètres ou tapez un nombre",
                f"global {line.quantity!r} does not exist (known: {known}); "
                "define it on the Parameters sheet or type a number")))
        elif not isinstance(line.quantity, str) and line.quantity < 0:
            found.append(Finding("error", ("lines", i, "quantity"),
                                 say("la quantité est négative", "quantity is negative")))
        if line.status != "facture" and line.rate < 0:
            found.append(Finding("error", ("lines", i, "rate"), say(
                f"un taux négatif sur une ligne « {line.status} » donnerait des charges "
                "négatives ; utilisez le statut facture pour une remise",
                f"a negative rate for a {line.status} line would give negative "
                "charges; use status facture for a rebate")))
        if line.status == "technicien" and line.unit == "cachet":
            found.append(Finding("warning", ("lines", i, "unit"), say(
                "un technicien n'est jamais payé au cachet (réservé aux artistes) ; choisissez "
                "l'unité heure, jour ou semaine, ou le statut artiste",
                "a technicien is never paid per cachet (artists only); choose the unit heure, "
                "jour or semaine, or the status artiste")))
    for key in missing_company_rates(budget):
        label = wbdef.COMPANY_FORM.field(key).label
        found.append(Finding("warning", (key,), say(
            f"{label.fr} à 0 : cette cotisation est due ; saisissez le taux de votre société "
            "sur la feuille Paramètres, sinon les charges sont sous-estimées",
            f"{label.en} is 0: this contribution is due; type your company's rate on the "
            "Parameters sheet, or the charges are under-estimated")))
    try:
        rates_for(budget)
    except InvalidInput as exc:
        path = ("rate_overrides",) if budget.rate_overrides else ("year",)
        found.append(Finding("error", path, str(exc)))
    # Without public aid the tax credit alone (its rate times an eligible base no larger
    # than the total) stays within the cap whenever its rate does: no need to compute.
    needed = bool(budget.public_aid) or reference.tax_credit(budget.kind).rate > \
        reference.funder_rules()["aid_intensity"].cap
    if needed and not any(f.severity == "error" for f in found):  # a sound budget only
        # (the summary alone: no per-line list of a 200 000-line budget to build)
        aid = summary(budget, line_figures(budget, rates_for(budget)))["aid_intensity"]
        ratio = Decimal(str(aid["ratio"])) * 100
        limit = Decimal(str(aid["cap"])) * 100
        if not aid["within_cap"]:
            found.append(Finding("warning", ("public_aid",), say(
                f"crédit d'impôt et aides publiques = {f'{ratio:.2f}'.replace('.', ',')} % du "
                f"devis, au-dessus du plafond de {limit:.0f} % (CGI art. 220 sexies) : réduisez "
                "les aides ou répondez O à « œuvre difficile » si elle l'est",
                f"tax credit and public aid = {ratio:.2f} % of the budget, above the "
                f"{limit:.0f} % cap (CGI art. 220 sexies): lower the aid, or set "
                "'difficult work' if it is one")))
    caps = reference.funder_rules()
    names = {"overhead": say("frais généraux", "overhead"),
             "contingency": say("imprévus", "contingency")}
    for key, rate in (("overhead", budget.overhead_rate), ("contingency", budget.contingency_rate)):
        cap = caps.get(key)
        if cap is not None and rate > cap.cap:
            found.append(Finding("warning", (f"{key}_rate",), say(
                f"taux de {names[key]} de {rate:.2%} au-dessus du plafond usuel de {cap.cap:.0%} "
                f"({cap.source}) ; les financeurs peuvent le refuser",
                f"{key} rate {rate:.2%} is above the usual cap of {cap.cap:.0%} "
                f"({cap.source}); funders may refuse it")))
    return found
