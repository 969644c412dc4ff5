"""The weekly plan (``period: "week"``): the workbook's layout in ISO weeks, read back by
``export``, and the same money as the monthly plan of the same input.

LibreOffice's recalculation of weekly plans (contract names = export = cached values) is
in ``test_cashflow_libreoffice.py``, with the other plans, in one soffice run.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from helpers import xlprod
from openpyxl import load_workbook

from xlprod import api
from xlprod.kinds.cashflow.demo import demo_input
from xlprod.kinds.cashflow.model import CashflowPlan


def _weeks_of(month: str) -> tuple[str, str]:
    """The first and last ISO week of a calendar month (a week is its Thursday's month)."""
    year, m = int(month[:4]), int(month[5:])
    first = date(year, m, 1)
    thursday = first + timedelta(days=(3 - first.weekday()) % 7)
    last = (date(year + m // 12, m % 12 + 1, 1) - timedelta(days=1))
    last_thursday = last - timedelta(days=(last.weekday() - 3) % 7)

    def label(d: date) -> str:
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"

    return label(thursday), label(last_thursday)


def weekly_twin(monthly: dict) -> dict:
    """The same plan by week: each month becomes its ISO weeks, a row following a phase its
    worked-out months; the instalments fall in the first week of their month."""
    plan = CashflowPlan.model_validate(monthly)
    start = _weeks_of(plan.start)[0]
    last_month = f"{(n := int(plan.start[:4]) * 12 + int(plan.start[5:]) - 2 + plan.months) // 12:04d}" \
                 f"-{n % 12 + 1:02d}"
    end = _weeks_of(last_month)[1]
    span = (date.fromisocalendar(int(end[:4]), int(end[6:]), 1)
            - date.fromisocalendar(int(start[:4]), int(start[6:]), 1)).days // 7 + 1
    outflows = []
    for out in plan.outflows:
        frm, to = out.span
        outflows.append({"label": out.label, "amount": float(out.amount),
                         "chapter": out.chapter, "account": out.account,
                         "from": _weeks_of(frm)[0], "to": _weeks_of(to)[1]})
    inflows = [{"label": i.label, "amount": float(i.amount), "source_type": i.source_type,
                "status": i.status,
                "schedule": [{"month": _weeks_of(s.month)[0], "share": float(s.share)}
                             for s in i.schedule]} for i in plan.inflows]
    return {"title": plan.title, "period": "week", "start": start, "months": span,
            "opening_balance": float(plan.opening_balance), "outflows": outflows,
            "inflows": inflows}


def test_the_weeks_of_a_month():
    assert _weeks_of("2026-01") == ("2026-W01", "2026-W05")  # W01's Thursday is 1 January
    assert _weeks_of("2026-12") == ("2026-W49", "2026-W53")  # 2026 has 53 ISO weeks
    assert _weeks_of("2027-01") == ("2027-W01", "2027-W04")


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    folder = tmp_path_factory.mktemp("weekly")
    monthly = demo_input(extensions=False)
    weekly = weekly_twin(monthly)
    made = {}
    for name, data in (("monthly", monthly), ("weekly", weekly)):
        (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
        made[name] = api.new("cashflow", folder / f"{name}.xlsx",
                             source=folder / f"{name}.json").path
    return folder, made, weekly


def _demo_budget_total() -> Decimal:
    from xlprod.kinds.budget import Budget, compute
    from xlprod.kinds.budget.demo import demo_input as budget_input

    return Decimal(str(compute(Budget.model_validate(budget_input()))["total"]))


def test_a_weekly_plan_pays_out_what_the_monthly_plan_pays_for_the_same_input(plans):
    _, made, weekly = plans
    month = api.export(made["monthly"])["results"]
    week = api.export(made["weekly"])["results"]
    assert len(week["months"]) == weekly["months"] == 78  # 18 months: 2026-W01 … 2027-W25
    total = sum(Decimal(str(o["amount"])) for o in weekly["outflows"])
    assert total == _demo_budget_total()  # the demo plan pays out the demo budget, to the cent
    for results in (month, week):
        assert sum(Decimal(str(m["outflows"])) for m in results["months"]) == total
    assert week["end_balance"] == month["end_balance"]
    # each row's weeks sum to its amount, the odd cents in its earliest weeks
    for row, out in zip(week["outflow_rows"], weekly["outflows"], strict=True):
        assert sum(Decimal(str(v)) for v in row["by_month"]) == Decimal(str(out["amount"]))


def test_the_weekly_workbook_is_laid_out_in_weeks(plans):
    _, made, _ = plans
    wb = load_workbook(made["weekly"])
    cached = load_workbook(made["weekly"], data_only=True)
    plan, shown = wb["Plan de trésorerie"], cached["Plan de trésorerie"]
    assert (shown["A11"].value, shown["B11"].value, shown["C11"].value) == (
        "Semaine", "S01 29/12", "S02 05/01")  # W01 of 2026 starts on Monday 29 December
    assert shown["BA11"].value == "S52 21/12" and shown["BB11"].value == "S53 28/12"
    assert all(str(plan.cell(11, c).value).startswith("=") for c in range(2, 80))
    assert shown["CB11"].value == "Total"
    labels = [shown[f"A{r}"].value for r in range(12, 60)]
    assert "Trésorerie en début de semaine" in labels and "TRÉSORERIE EN FIN DE SEMAINE" in labels
    assert shown["A6"].value == "Semaine du point bas"
    assert shown["B6"].value == api.export(made["weekly"])["results"]["min_balance_month"]
    out = cached["Décaissements"]
    heads = [c.value for c in out[4]]
    assert "Sem. 1" in heads and "Sem. 78" in heads and "Mois 1" not in heads
    first = heads.index("Sem. 1") + 1
    assert out.cell(3, first).value == "2026-W01" and out.cell(3, first + 77).value == "2027-W25"
    params = cached["Paramètres"]
    assert [params[f"{c}5"].value for c in "AB"] == ["Périodicité", "semaine"]
    assert [params[f"{c}6"].value for c in "AB"] == ["Première semaine du plan", "2026-W01"]
    assert [params[f"{c}7"].value for c in "AB"] == ["Nombre de semaines", 78]
    assert wb["Plan de trésorerie"].page_setup.scale == 60  # a quarter a page, labels repeated


def test_export_gives_the_weekly_input_back(plans):
    _, made, weekly = plans
    exported = api.export(made["weekly"])
    assert (exported["period"], exported["start"], exported["months"]) == (
        "week", "2026-W01", 78)
    assert [(o["label"], o["amount"], o["from"], o["to"]) for o in exported["outflows"]] == [
        (o["label"], o["amount"], o["from"], o["to"]) for o in weekly["outflows"]]
    assert [i["schedule"] for i in exported["inflows"]] == [i["schedule"]
                                                           for i in weekly["inflows"]]


def test_a_phase_in_a_weekly_plan_is_refused(plans, tmp_path):
    _, made, _ = plans
    path = tmp_path / "phase.xlsx"
    wb = load_workbook(made["weekly"])
    ws = wb["Décaissements"]
    heads = [c.value for c in ws[4]]
    ws.cell(5, heads.index("Phase") + 1).value = "tournage"
    ws.cell(5, heads.index("Règle") + 1).value = "salaires"
    wb.save(path)
    run = xlprod("validate", path)
    assert run.code == 1
    assert ("outflows[0].phase : un plan hebdomadaire ne suit pas les phases ; donnez from et "
            "to") in run.out


def test_blank_weekly_plan_from_this_week(tmp_path):
    out = tmp_path / "semaines.xlsx"
    run = xlprod("new", "cashflow", "--variant", "week", "-o", out)
    assert (run.code, run.out) == (0, f"Wrote {out}\n")
    exported = api.export(out)
    year, week, _ = date.today().isocalendar()
    assert (exported["period"], exported["start"], exported["months"]) == (
        "week", f"{year:04d}-W{week:02d}", 26)
    bad = xlprod("new", "cashflow", "--variant", "quinzaine", "-o", tmp_path / "q.xlsx")
    assert bad.code == 2
    assert bad.err.strip() == ("Error: --variant 'quinzaine' is not a cashflow template; "
                               "choose: month, week")


def test_a_monthly_workbook_made_before_weekly_plans_still_reads_as_monthly(plans, tmp_path):
    _, made, _ = plans
    path = tmp_path / "old.xlsx"
    wb = load_workbook(made["monthly"])
    del wb.defined_names["CASH_PERIOD"]  # what a workbook of the previous version lacks
    wb.save(path)
    assert api.export(path)["period"] == "month"


def test_the_period_option_makes_a_weekly_plan_and_refuses_what_disagrees(tmp_path):
    out = tmp_path / "semaines.xlsx"
    run = xlprod("new", "cashflow", "--period", "week", "-o", out)
    assert run.code == 0, run.err
    assert api.load(out).model.period == "week"
    assert xlprod("validate", out).code == 0
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"title": "Plan", "start": "2026-03", "months": 3}), "utf-8")
    refused = xlprod("new", "cashflow", "--period", "week", "--from", plan, "-o",
                     tmp_path / "p.xlsx")
    assert refused.code == 2
    assert refused.err == (f'Error: {plan}: the plan is by month (its dates are labels of that '
                           'period); set "period": "week" and write start and the from/to dates '
                           "as YYYY-Www, or leave out --period\n")
    assert not (tmp_path / "p.xlsx").exists()
    other = xlprod("new", "budget", "--period", "week", "-o", tmp_path / "b.xlsx")
    assert (other.code, other.err) == (2, "Error: --period is for cash-flow plans, not a budget "
                                          "workbook\n")
