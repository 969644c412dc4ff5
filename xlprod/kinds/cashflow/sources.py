"""A cash-flow plan's outflows from a budget workbook, and the refresh after a revision.

The budget is read through the library (``api.load(path).model_or_raise()``), never
through its cell addresses; its chapters are cut into outflow rows by
:func:`~xlprod.kinds.cashflow.derive.outflows_from_budget` over the plan's phases.
The merge keeps what the user made of each row (phase, rule, lag, dates, VAT flag),
matched on its key (chapter, account, label), and every row the budget does not give
(rows the user added): nothing is lost. Amounts always come from the budget.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from xlprod.errors import UsageError
from xlprod.kinds.base import merge_rows
from xlprod.kinds.cashflow.model import CashflowPlan, month_label, ordinal

__all__ = ["KEEP", "from_budget", "merge", "refresh"]

#: What the user may have changed on a budget-derived row, and keeps across a refresh.
KEEP = ("phase", "rule", "piece", "lag", "from", "to", "vat")
KEY = ("chapter", "account", "label")


def _budget(path: Path) -> tuple[Any, dict[str, Any]]:
    """The budget model of a budget workbook and its results (refusing any other kind)."""
    from xlprod import api
    from xlprod.kinds.budget.compute import compute

    loaded = api.load(path)
    if loaded.spec.name != "budget":
        raise UsageError(f"{path}: is a {loaded.spec.name} workbook, not a budget; give --budget "
                         "a budget workbook (made with xlprod new budget)")
    model = loaded.model_or_raise()
    return model, compute(model)


def default_phases(budget: Any, start: str) -> dict[str, dict[str, str]]:
    """Phases from the budget's globals (weeks of preparation, shooting days or weeks,
    weeks of post-production), one after the other from the month after ``start``."""
    g = {k: float(v) for k, v in budget.globals.items()}
    prep = max(1, math.ceil(g.get("prep_weeks", 8) / 4.33))
    shoot_weeks = g.get("shoot_weeks") or (g.get("shoot_days", 0) / 5) or 6
    shoot = max(1, math.ceil(shoot_weeks / 4.33))
    post = max(1, math.ceil(g.get("post_weeks", 20) / 4.33))
    first = ordinal(start) + 1
    spans = {}
    for name, length in (("preparation", prep), ("shooting", shoot), ("post_production", post)):
        spans[name] = {"start": month_label(first), "end": month_label(first + length - 1)}
        first += length
    return spans


def budget_rows(budget_results: dict[str, Any], phases: Any) -> list[dict[str, Any]]:
    from xlprod.kinds.cashflow.derive import outflows_from_budget

    return [{"account": "", **row} for row in outflows_from_budget(budget_results, phases)]


def merge(old: CashflowPlan | dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """``old`` (a plan or its data) with the budget's rows and total: each budget row keeps
    the user's :data:`KEEP` columns from the old row of the same key, the user's other rows
    stay after them."""
    data = old.model_dump(mode="json") if isinstance(old, CashflowPlan) else dict(old)
    rows = [{"account": "", **row} for row in data.get("outflows", [])]
    data["outflows"] = merge_rows(rows, incoming["outflows"], KEY, KEEP)
    data["budget_total"] = incoming["budget_total"]
    return data


def from_budget(path: Path, data: dict[str, Any] | None) -> dict[str, Any]:
    """The ``--budget`` source of ``new cashflow``: the JSON's plan (or a default one over
    the budget's year) with its outflows derived from the budget workbook."""
    budget, results = _budget(path)
    if data is None:
        start = f"{budget.year:04d}-01"
        phases = default_phases(budget, start)
        end = ordinal(phases["post_production"]["end"])
        data = {"title": f"{budget.title} — plan de trésorerie", "start": start,
                "months": end - ordinal(start) + 9, "opening_balance": 0, "phases": phases}
    elif not data.get("phases"):
        data = {**data, "phases": default_phases(budget, data.get("start") or f"{budget.year}-01")}
    incoming = {"outflows": budget_rows(results, data["phases"]),
                "budget_total": results["total"]}
    return merge(data, incoming)


def refresh(plan: Path, budget: Path, *, force: bool = False) -> Any:
    """Re-read a revised budget into an existing plan, keeping the user's work (rules,
    dates, schedules, added rows, comments); a backup first (:func:`xlprod.update.update`)."""
    from xlprod import api
    from xlprod.update import update

    loaded = api.load(plan)
    if loaded.spec.name != "cashflow":
        raise UsageError(f"{plan}: is a {loaded.spec.name} workbook, not a cash-flow plan")
    old: CashflowPlan = loaded.model_or_raise(ignore_formulas=True)
    _, results = _budget(budget)
    phases = old.phases.model_dump(mode="json") if old.phases else default_phases(
        _budget(budget)[0], old.start)
    merged = merge(old, {"outflows": budget_rows(results, phases),
                         "budget_total": results["total"]})
    if old.phases is None:
        merged["phases"] = phases
    model = CashflowPlan.model_validate(merged)
    return update(plan, force=force, model=model)
