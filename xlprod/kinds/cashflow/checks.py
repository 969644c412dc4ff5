"""Cash-flow findings beyond the model's own validation, in French by default.

Errors: two sources of the same name (the workbook's schedule finds a source by
name), a period label of the wrong form for the plan (a month in a weekly
plan), ``to`` before ``from``, an outflow running outside the plan (its parts
there would be lost), an inflow without schedule, shares not summing to 1,
an instalment outside the plan, phases ending before they start.
Warnings: two instalments in the same month, an instalment before the
contract date, money counted that is only hoped for, a month-end balance
below zero (the financing need).
"""

from __future__ import annotations

from decimal import Decimal

from xlprod.kinds.base import Finding, Path_
from xlprod.kinds.cashflow.model import Calendar, CashflowPlan, month_of, ordinal

_WORDS = {
    "fr": {
        "form_month": "{v} n'est pas un mois : ce plan est mensuel, écrivez AAAA-MM (ex. 2026-03)",
        "form_week": "{v} n'est pas une semaine : ce plan est hebdomadaire, écrivez AAAA-Www "
                     "(ex. 2026-W09)",
        "to_before": "la fin {to} est avant le début {frm} ; inversez-les ou corrigez la date",
        "before_plan": "{v} est avant le début du plan ({start}) : les montants de ces mois "
                       "seraient perdus ; avancez le début du plan ou corrigez la date",
        "after_plan": "{v} est après la fin du plan ({end}) : les montants de ces mois seraient "
                      "perdus ; allongez le plan (months) ou corrigez la date",
        "no_schedule": "aucune échéance : ajoutez au moins un mois avec sa part (1 = 100 %)",
        "shares": "les parts font {total} au lieu de 1 (100 %) ; corrigez-les pour que "
                  "l'échéancier verse le montant entier",
        "same_month": "deux échéances en {v} ; regroupez-les si ce n'est pas voulu",
        "before_date": "échéance en {v}, avant la date du contrat ({d}) ; vérifiez l'une des deux",
        "hoped": "financement seulement espéré ({amount} €) compté dans le plan ; suivez-le "
                 "ou passez-le en « pending » une fois la demande déposée",
        "phase_end": "la fin {end} est avant le début {start} ; corrigez l'une des deux dates",
        "twice": "la source « {v} » figure deux fois ; l'échéancier trouve sa source par son "
                 "nom : renommez l'une des deux",
        "negative": "le solde passe sous zéro en {v} (plus bas : {low} € en {at}) : besoin de "
                    "financement de {need} € à couvrir (crédit, décalage de dépenses)",
    },
    "en": {
        "form_month": "{v} is not a month: this plan is monthly, write YYYY-MM (e.g. 2026-03)",
        "form_week": "{v} is not a week: this plan is weekly, write YYYY-Www (e.g. 2026-W09)",
        "to_before": "the end {to} is before the start {frm}; swap them or fix the date",
        "before_plan": "{v} is before the plan starts ({start}): those months' amounts would be "
                       "lost; start the plan earlier or fix the date",
        "after_plan": "{v} is after the plan ends ({end}): those months' amounts would be lost; "
                      "make the plan longer (months) or fix the date",
        "no_schedule": "no instalment: add at least one month with its share (1 = 100 %)",
        "shares": "the shares sum to {total}, not 1 (100 %); fix them so that the schedule pays "
                  "the whole amount",
        "same_month": "two instalments in {v}; merge them unless this is meant",
        "before_date": "instalment in {v}, before the contract date ({d}); check one of them",
        "hoped": "financing only hoped for ({amount} €) counted in the plan; follow it up or set "
                 "it to « pending » once applied for",
        "phase_end": "the end {end} is before the start {start}; fix one of the two dates",
        "twice": "the source « {v} » appears twice; the schedule finds its source by name: "
                 "rename one of them",
        "negative": "the balance goes below zero in {v} (lowest: {low} € in {at}): a financing "
                    "need of {need} € to cover (credit, later spending)",
    },
}


class _Collector:
    def __init__(self, plan: CashflowPlan, lang: str) -> None:
        self.words = _WORDS["en" if lang == "en" else "fr"]
        self.cal = Calendar(plan.start, plan.months, plan.period)
        self.found: list[Finding] = []

    def add(self, severity: str, path: Path_, word: str, **values: object) -> None:
        self.found.append(Finding("error" if severity == "error" else "warning", path,
                                  self.words[word].format(**values)))

    def label_ok(self, label: str, path: Path_) -> bool:
        if self.cal.fits(label):
            return True
        self.add("error", path, "form_week" if self.cal.period == "week" else "form_month", v=label)
        return False

    def inside(self, label: str, path: Path_) -> None:
        i = self.cal.index(label)
        if i < 0:
            self.add("error", path, "before_plan", v=label, start=self.cal.labels[0])
        elif i >= len(self.cal):
            self.add("error", path, "after_plan", v=label, end=self.cal.labels[-1])


def check(plan: CashflowPlan, lang: str = "fr") -> list[Finding]:
    """Findings naming the field (``inflows[1].schedule``) and the fix."""
    c = _Collector(plan, lang)
    if not c.label_ok(plan.start, ("start",)):
        return c.found
    for i, out in enumerate(plan.outflows):
        where = ("outflows", i)
        frm, to = out.span
        ok_from = c.label_ok(frm, (*where, "from"))
        ok_to = c.label_ok(to, (*where, "to"))
        if not (ok_from and ok_to):
            continue
        if c.cal.index(to) < c.cal.index(frm):
            c.add("error", (*where, "to"), "to_before", to=to, frm=frm)
            continue
        c.inside(frm, (*where, "from"))
        c.inside(to, (*where, "to"))
    seen: set[str] = set()
    for i, inflow in enumerate(plan.inflows):
        if inflow.label in seen:
            c.add("error", ("inflows", i, "label"), "twice", v=inflow.label)
        seen.add(inflow.label)
        _inflow(c, plan, i)
    if plan.phases is not None:
        for name in ("preparation", "shooting", "post_production"):
            phase = getattr(plan.phases, name)
            if ordinal(month_of(phase.end)) < ordinal(month_of(phase.start)):
                c.add("error", ("phases", name, "end"), "phase_end", end=phase.end,
                      start=phase.start)
    if not any(f.severity == "error" for f in c.found):
        _balance(c, plan)
    return c.found


def _inflow(c: _Collector, plan: CashflowPlan, i: int) -> None:
    inflow = plan.inflows[i]
    where: Path_ = ("inflows", i)
    if not inflow.schedule:
        c.add("error", (*where, "schedule"), "no_schedule")
        return
    total = sum((item.share for item in inflow.schedule), Decimal(0))
    if total != 1:
        c.add("error", (*where, "schedule"), "shares", total=f"{total:f}")
    seen: set[str] = set()
    for j, item in enumerate(inflow.schedule):
        path = (*where, "schedule", j, "month")
        if not c.label_ok(item.month, path):
            continue
        c.inside(item.month, path)
        if item.month in seen:
            c.add("warning", path, "same_month", v=item.month)
        seen.add(item.month)
        if (inflow.date and plan.period == "month"
                and ordinal(item.month) < ordinal(month_of(inflow.date))):
            c.add("warning", path, "before_date", v=item.month, d=inflow.date)
    if inflow.status == "hoped":
        c.add("warning", (*where, "status"), "hoped", amount=f"{inflow.amount:f}")


def _balance(c: _Collector, plan: CashflowPlan) -> None:
    from xlprod.kinds.cashflow.compute import compute

    results = compute(plan)
    first = next((m for m in results["months"] if m["balance"] < 0), None)
    if first is not None:
        c.add("warning", ("months",), "negative", v=first["month"], low=results["min_balance"],
              at=results["min_balance_month"], need=results["financing_need"])
