"""Budget findings beyond the model's own validation."""

from __future__ import annotations

from xlprod import reference
from xlprod.errors import InvalidInput
from xlprod.kinds.base import Finding
from xlprod.kinds.budget.compute import rates_for
from xlprod.kinds.budget.model import Budget, global_name_problem


def check(budget: Budget) -> list[Finding]:
    found: list[Finding] = []
    for name in budget.globals:
        problem = global_name_problem(name)
        if problem:
            found.append(Finding("error", ("globals", name), f"global name {name!r}: {problem}"))
    for i, line in enumerate(budget.lines):
        if line.chapter == 4:
            found.append(Finding("error", ("lines", i, "chapter"),
                                 "chapter 4 (charges sociales) is computed from the other lines' "
                                 "statuses; move this cost to its chapter and set its status"))
        if isinstance(line.quantity, str) and line.quantity not in budget.globals:
            known = ", ".join(budget.globals) or "none yet"
            found.append(Finding("error", ("lines", i, "quantity"),
                                 f"global {line.quantity!r} does not exist (known: {known}); "
                                 "define it on the Parameters sheet or type a number"))
        elif not isinstance(line.quantity, str) and line.quantity < 0:
            found.append(Finding("error", ("lines", i, "quantity"), "quantity is negative"))
        if line.status != "facture" and line.rate < 0:
            found.append(Finding("error", ("lines", i, "rate"),
                                 f"a negative rate for a {line.status} line would give negative "
                                 "charges; use status facture for a rebate"))
    try:
        rates_for(budget)
    except InvalidInput as exc:
        path = ("rate_overrides",) if budget.rate_overrides else ("year",)
        found.append(Finding("error", path, str(exc)))
    caps = reference.funder_rules()
    for key, rate in (("overhead", budget.overhead_rate), ("contingency", budget.contingency_rate)):
        cap = caps.get(key)
        if cap is not None and rate > cap.cap:
            found.append(Finding("warning", (f"{key}_rate",),
                                 f"{key} rate {rate:.2%} is above the usual cap of {cap.cap:.0%} "
                                 f"({cap.source}); funders may refuse it"))
    return found
