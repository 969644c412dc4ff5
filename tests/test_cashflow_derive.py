"""Outflows derived from a budget, schedules from payment templates, the demo plan."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xlprod import reference
from xlprod.errors import InvalidInput
from xlprod.kinds.budget.compute import compute as budget_compute
from xlprod.kinds.budget.demo import demo_input as budget_demo
from xlprod.kinds.budget.model import Budget
from xlprod.kinds.cashflow.checks import check
from xlprod.kinds.cashflow.compute import compute
from xlprod.kinds.cashflow.demo import PHASES, demo_input
from xlprod.kinds.cashflow.derive import milestones, outflows_from_budget, schedule_from_template
from xlprod.kinds.cashflow.model import CashflowPlan

D = Decimal


def _d(value):
    return D(repr(value))


@pytest.fixture(scope="module")
def budget():
    return budget_compute(Budget.model_validate(budget_demo()))


def test_derived_outflows_sum_to_the_budget_total_to_the_cent(budget):
    rows = outflows_from_budget(budget, PHASES)
    assert sum(_d(r["amount"]) for r in rows) == _d(budget["total"])
    # The demo budget as the engine computes it, with pay-period ceilings by proration (the
    # assertion above holds whatever the figure; this one says when it moves).
    assert _d(budget["total"]) == D("2541300.77")
    for chapter in budget["chapters"]:
        mine = sum((_d(r["amount"]) for r in rows if r["chapter"] == chapter["chapter"]), D(0))
        assert mine == _d(chapter["total"]), chapter["label"]
    assert sum(_d(r["amount"]) for r in rows if r["chapter"] == "overhead") == _d(budget["overhead"])
    # The same from the Budget model or its input dict.
    assert outflows_from_budget(Budget.model_validate(budget_demo()), PHASES) == rows
    assert outflows_from_budget(budget_demo(), PHASES) == rows


def test_default_rules_place_each_chapter_by_hand(budget):
    rows = {(r["chapter"], r["rule"], r["from"], r["to"]): r["amount"]
            for r in outflows_from_budget(budget, PHASES)}
    # Chapter 1, 204 700 €: half at signature (February), half on the first shooting day (May).
    assert rows[(1, "signature", "2026-02", "2026-02")] == 102350
    assert rows[(1, "signature", "2026-05", "2026-05")] == 102350
    # Chapter 2, 550 800 €: 25 % in preparation (Feb–Apr) = 137 700, 55 % shooting = 302 940.
    assert rows[(2, "wages", "2026-02", "2026-04")] == 137700
    assert rows[(2, "wages", "2026-05", "2026-06")] == 302940
    # Social charges one month after the wages (DSN, M+1): shooting May–June → June–July.
    assert (4, "social_charges", "2026-06", "2026-07") in rows
    # Chapter 5, 213 400 €: 30 % deposit at the start of preparation = 64 020, balance 149 380
    # one month after the end of shooting (July).
    assert rows[(5, "deposit_balance", "2026-02", "2026-02")] == 64020
    assert rows[(5, "deposit_balance", "2026-07", "2026-07")] == 149380
    # Suppliers at 30 days end of month: chapter 7 shooting May–June paid June–July.
    assert rows[(7, "suppliers", "2026-06", "2026-07")] == 164500
    assert rows[(8, "spread", "2026-07", "2026-11")] == 171100


def test_a_chapter_rule_can_be_replaced_and_bad_rules_are_refused(budget):
    rows = outflows_from_budget(budget, PHASES, rules={
        8: [{"phase": "post_production", "rule": "at_end", "share": 1}]})
    eight = [r for r in rows if r["chapter"] == 8]
    assert [(r["from"], r["to"], r["amount"]) for r in eight] == [("2026-11", "2026-11", 171100)]
    with pytest.raises(InvalidInput, match=r"rules\[2\] : les parts font 0.9, pas 1"):
        outflows_from_budget(budget, PHASES, rules={"2": [
            {"phase": "shooting", "rule": "wages", "share": 0.9}]})
    bad = {**PHASES, "shooting": {"start": "2026-06", "end": "2026-05"}}
    with pytest.raises(InvalidInput, match=r"phases.shooting.end : la fin 2026-05 est avant"):
        outflows_from_budget(budget, bad)


def test_cents_that_do_not_divide_are_kept_across_parts():
    results = {"chapters": [{"chapter": c, "label": "", "total": 0} for c in range(1, 10)],
               "overhead": 0, "contingency": 0}
    results["chapters"][1]["total"] = 0.01  # one cent of wages over three phases
    results["chapters"][4]["total"] = 100.005  # not whole cents: cumulative rounding
    rows = outflows_from_budget(results, PHASES)
    # 0.01 × (0.25, 0.55, 0.20): the cent goes to the largest remainder, shooting (0.0055).
    assert [(r["chapter"], r["amount"]) for r in rows if r["chapter"] == 2] == [(2, 0.01)]
    assert [r["rule"] for r in rows if r["chapter"] == 2] == ["wages"]
    # cents(100.015) − cents(0.01) = 100.02 − 0.01 = 100.01 for chapter 5, split 30 / 70.
    assert [r["amount"] for r in rows if r["chapter"] == 5] == [30.0, 70.01]


def test_payment_templates_give_dated_schedules():
    dates = milestones(PHASES)
    assert dates == {"signature": "2026-02", "shooting_start": "2026-05",
                     "shooting_end": "2026-06", "delivery": "2026-11", "release": "2027-01",
                     "broadcast": "2027-05"}
    assert schedule_from_template("tv_presale", dates) == [
        {"month": "2026-02", "share": 0.2}, {"month": "2026-05", "share": 0.3},
        {"month": "2026-11", "share": 0.4}, {"month": "2027-05", "share": 0.1}]
    # Region: balance 3 months after delivery (proof of territorial spend).
    assert schedule_from_template("region", dates)[1] == {"month": "2027-02", "share": 0.5}
    with pytest.raises(InvalidInput, match="pas d'échéancier type"):
        schedule_from_template("loto", dates)


def test_reference_rows_are_sourced_and_honest_about_being_conventions():
    templates = reference.payment_templates()
    assert set(templates) == {"producer", "tv_presale", "distributor_mg", "cnc_automatic",
                              "cnc_selective", "region", "sofica", "tax_credit", "coproducer",
                              "bank", "other"}
    rules = reference.outflow_rules()
    assert set(rules) == {*(str(c) for c in range(1, 10)), "overhead", "contingency"}
    for rows in [*templates.values(), *rules.values()]:
        assert sum(r.share for r in rows) == 1
        assert all(r.source and r.confidence in ("M", "U", "medium") for r in rows)


def test_demo_plan_is_financed_to_the_budget_and_clean(budget):
    data = demo_input()
    total = _d(budget["total"])
    assert sum(_d(i["amount"]) for i in data["inflows"]) == total
    assert sum(_d(o["amount"]) for o in data["outflows"]) == total
    credit = next(i for i in data["inflows"] if i["source_type"] == "tax_credit")
    assert _d(credit["amount"]) == _d(budget["tax_credit"]["amount"]) == D("600931.33")
    plain = CashflowPlan.model_validate(demo_input(extensions=False))
    assert [f for f in check(plain) if f.severity == "error"] == []
    r = compute(plain)
    # Every euro in and out lands inside the 18 months: the plan ends where it began.
    assert r["end_balance"] == 50000
    assert r["financing_need"] > 0  # the credit line's job in the full demo
    full = compute(CashflowPlan.model_validate(data))
    assert check(CashflowPlan.model_validate(data)) == []
    assert full["financing_need"] == 0 and full["min_balance"] == 20000  # the line's floor
    assert full["vat"]["recovered_after_plan"] == 0
    # VAT all back, so the end balance is the opening less the interest plus what is still
    # drawn (the interest ate more than the 30 000 € above the floor: 8 801.66 € still owed).
    owed = _d(full["credit"]["outstanding"][-1])
    assert owed == D("8801.66")
    assert _d(full["end_balance"]) == 50000 - _d(full["credit"]["interest_total"]) + owed
