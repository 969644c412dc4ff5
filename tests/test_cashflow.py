"""Cash-flow engine and findings (no workbook): figures worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlprod.errors import InvalidInput
from xlprod.kinds.base import parse_input
from xlprod.kinds.cashflow.checks import check
from xlprod.kinds.cashflow.compute import compute, instalments, spread, spread_parts
from xlprod.kinds.cashflow.model import CashflowPlan
from xlprod.money import split_evenly

D = Decimal
CONTRACT = {
    "title": "…", "start": "2026-01", "months": 12, "opening_balance": 10000,
    "outflows": [{"label": "Tournage", "amount": 300000, "from": "2026-05", "to": "2026-06"}],
    "inflows": [{"label": "Préachat TV", "amount": 200000,
                 "schedule": [{"month": "2026-03", "share": 0.5}, {"month": "2026-10", "share": 0.5}]}],
}


def _plan(**changes):
    return CashflowPlan.model_validate({**CONTRACT, **changes})


def _where(findings):
    return {(f.severity, f.where) for f in findings}


def test_contract_example_by_hand():
    r = compute(_plan())
    # 300 000 over May–June: 150 000 each; 200 000 × 0.5 in March and October.
    # Balances: 10 000, 10 000, 110 000, 110 000, −40 000, −190 000 (June to September),
    # −90 000 from October.
    assert [m["balance"] for m in r["months"]] == [
        10000, 10000, 110000, 110000, -40000, -190000, -190000, -190000, -190000,
        -90000, -90000, -90000]
    assert r["months"][4] == {"month": "2026-05", "inflows": 0, "outflows": 150000,
                              "net": -150000, "balance": -40000}
    assert r["months"][2]["inflows"] == 100000
    assert r["end_balance"] == -90000
    assert (r["min_balance"], r["min_balance_month"]) == (-190000, "2026-06")  # tie: earliest
    assert r["financing_need"] == 190000
    assert r["outflow_rows"][0]["by_month"][4:6] == [150000, 150000]
    assert r["inflow_rows"][0]["instalments"] == [{"month": "2026-03", "amount": 100000},
                                                   {"month": "2026-10", "amount": 100000}]
    assert r["vat"] is None and r["credit"] is None
    assert check(_plan()) == [check(_plan())[0]]  # only the negative-balance warning
    assert "besoin de financement de 190000 €" in check(_plan())[0].message


def test_from_is_read_and_written_under_its_json_name():
    dumped = _plan().model_dump(mode="json")
    assert dumped["outflows"][0]["from"] == "2026-05" and "from_" not in dumped["outflows"][0]
    assert dumped["opening_balance"] == 10000


def test_hundred_over_three_months_gives_the_extra_cent_to_the_first():
    assert spread_parts(100, 3) == [D("33.34"), D("33.33"), D("33.33")]
    assert spread_parts(D("0.02"), 3) == [D("0.01"), D("0.01"), D("0.00")]
    # 1 000 € = 100 000 cents over 7: 14 285 each, remainder 5 → five months at 142.86.
    assert spread_parts(1000, 7) == [D("142.86")] * 5 + [D("142.85")] * 2
    assert [spread(100, "2026-01", "2026-03", m) for m in ("2025-12", "2026-01", "2026-03")] == [
        D(0), D("33.34"), D("33.33")]


def test_a_refund_spreads_as_the_opposite_of_a_payment():
    assert spread_parts(-100, 3) == [D("-33.34"), D("-33.33"), D("-33.33")]
    assert spread(D("-0.01"), "2026-01", "2026-02", "2026-02") == 0


def test_spread_across_a_year_and_with_dates():
    from datetime import date

    # 2025-11 … 2026-02 is 4 months: 10.01 € = 1 001 cents → 251, 250, 250, 250.
    assert spread(D("10.01"), "2025-11", "2026-02", "2025-11") == D("2.51")
    assert spread(D("10.01"), date(2025, 11, 5), date(2026, 2, 1), date(2026, 1, 31)) == D("2.50")
    with pytest.raises(InvalidInput, match="avant le début"):
        spread(1, "2026-03", "2026-01", "2026-02")


def test_schedule_remainder_cents_go_to_the_largest_remainder_first_listed():
    # 100.05 × (0.2, 0.3, 0.5) = 20.01, 30.015, 50.025 → truncated 20.01 + 30.01 + 50.02 =
    # 100.04; the missing cent goes to the tie 0.005 / 0.005, first listed: 30.02.
    assert instalments(D("100.05"), [D("0.2"), D("0.3"), D("0.5")]) == [
        D("20.01"), D("30.02"), D("50.02")]
    assert instalments(D("10.01"), [D("0.5"), D("0.5")]) == [D("5.01"), D("5.00")]
    plan = _plan(inflows=[{"label": "x", "amount": 100.05, "schedule": [
        {"month": "2026-01", "share": 0.2}, {"month": "2026-02", "share": 0.3},
        {"month": "2026-03", "share": 0.5}]}], outflows=[])
    assert compute(plan)["inflow_rows"][0]["by_month"][:3] == [20.01, 30.02, 50.02]


def test_min_balance_tie_goes_to_the_earliest_month_and_no_need_when_positive():
    plan = _plan(months=6, opening_balance=0, inflows=[], outflows=[
        {"label": "a", "amount": 100, "from": "2026-02", "to": "2026-02"},
        {"label": "b", "amount": -100, "from": "2026-03", "to": "2026-03"},
        {"label": "c", "amount": 100, "from": "2026-05", "to": "2026-05"}])
    r = compute(plan)
    # 0, −100, 0, 0, −100, −100: −100 first reached in February.
    assert [m["balance"] for m in r["months"]] == [0, -100, 0, 0, -100, -100]
    assert (r["min_balance"], r["min_balance_month"], r["financing_need"]) == (-100, "2026-02", 100)
    rich = compute(_plan(opening_balance=500000))
    assert rich["financing_need"] == 0 and rich["min_balance"] == 300000  # 500 000 + 100 000 − 300 000


def test_vat_on_suppliers_comes_back_the_next_month():
    plan = _plan(months=3, opening_balance=0, inflows=[], vat={"rate": 0.2}, outflows=[
        {"label": "Caméra", "amount": 1000, "from": "2026-01", "to": "2026-01"},
        {"label": "Équipe", "amount": 500, "from": "2026-01", "to": "2026-01", "chapter": 2},
        {"label": "Montage", "amount": 100, "from": "2026-02", "to": "2026-03", "vat": True}])
    r = compute(plan)
    # January: 1 000 + 500 + VAT 200 (on 1 000 only: chapter 2 is payroll) = 1 700 out.
    # February: 50 + VAT 10 out, 200 back → net +140. March: 50 + 10 out, 10 back → −50.
    assert [(m["inflows"], m["outflows"]) for m in r["months"]] == [
        (0, 1700), (200, 60), (10, 60)]
    assert [m["balance"] for m in r["months"]] == [-1700, -1560, -1610]
    assert r["vat"] == {"paid": [200, 10, 10], "recovered": [0, 200, 10],
                        "recovered_after_plan": 10}
    assert [row["vat"] for row in r["outflow_rows"]] == [True, False, True]
    lost = compute(_plan(months=3, opening_balance=0, inflows=[],
                         vat={"rate": 0.2, "recoverable": False}, outflows=plan.model_dump(
                             mode="json")["outflows"][:1]))
    assert lost["vat"]["recovered"] == [0, 0, 0] and lost["end_balance"] == -1200


def test_vat_in_a_weekly_plan_comes_back_the_first_week_of_next_month():
    # 2026-W01 starts Monday 2025-12-29 (its Thursday is 1 January: a January week);
    # W06 starts Monday 2 February: the first February week.
    plan = CashflowPlan.model_validate({
        "title": "w", "start": "2026-W01", "months": 6, "period": "week", "vat": {"rate": 0.2},
        "outflows": [{"label": "Loc", "amount": 100, "from": "2026-W02", "to": "2026-W02"}]})
    r = compute(plan)
    assert [m["month"] for m in r["months"]] == [f"2026-W0{i}" for i in range(1, 7)]
    assert r["vat"]["paid"] == [0, 20, 0, 0, 0, 0]
    assert r["vat"]["recovered"] == [0, 0, 0, 0, 0, 20]
    assert check(plan) == [check(plan)[0]]  # the balance warning only, no form error


def test_credit_line_draws_pays_interest_and_repays_as_money_arrives():
    plan = _plan(months=4, opening_balance=0,
                 credit_line={"ceiling": 1000, "rate": 0.12, "floor": 0},
                 outflows=[{"label": "x", "amount": 1500, "from": "2026-01", "to": "2026-01"}],
                 inflows=[{"label": "y", "amount": 2000,
                           "schedule": [{"month": "2026-03", "share": 1}]}])
    r = compute(plan)
    # M1: pre = −1 500 → draw min(1 500, 1 000) = 1 000, balance −500.
    # M2: interest 1 000 × 0.12 / 12 = 10; pre −510, ceiling reached: balance −510.
    # M3: interest 10; pre = −510 + 2 000 − 10 = 1 480 → repay all 1 000: balance 480.
    # M4: nothing drawn, no interest.
    assert r["credit"]["drawn"] == [1000, 0, 0, 0]
    assert r["credit"]["repaid"] == [0, 0, 1000, 0]
    assert r["credit"]["interest"] == [0, 10, 10, 0]
    assert r["credit"]["outstanding"] == [1000, 1000, 0, 0]
    assert (r["credit"]["peak"], r["credit"]["interest_total"]) == (1000, 20)
    assert [m["balance"] for m in r["months"]] == [-500, -510, 480, 480]
    assert [(m["inflows"], m["outflows"]) for m in r["months"]] == [
        (1000, 1500), (0, 10), (2000, 1010), (0, 0)]
    assert (r["min_balance"], r["min_balance_month"], r["financing_need"]) == (-510, "2026-02", 510)
    assert r["before_credit"] == {"min_balance": -1500, "min_balance_month": "2026-01",
                                  "financing_need": 1500, "end_balance": 500}


def test_credit_interest_is_rounded_each_month_and_keeps_the_floor():
    plan = _plan(months=2, opening_balance=0, inflows=[],
                 credit_line={"ceiling": 10000, "rate": 0.05, "floor": 100},
                 outflows=[{"label": "x", "amount": D("233.33"), "from": "2026-01",
                            "to": "2026-01"}])
    r = compute(plan)
    # M1: pre −233.33 → draw 333.33 to reach the floor 100.
    # M2: interest 333.33 × 0.05 / 12 = 1.38887… → 1.39; pre 98.61 → draw 1.39.
    assert r["credit"]["drawn"] == [333.33, 1.39]
    assert r["credit"]["interest"] == [0, 1.39]
    assert [m["balance"] for m in r["months"]] == [100, 100]


def test_findings_name_the_field_and_say_the_fix_in_french():
    plan = _plan(
        outflows=[{"label": "a", "amount": 1, "from": "2026-06", "to": "2026-05"},
                  {"label": "b", "amount": 1, "from": "2025-12", "to": "2027-01"},
                  {"label": "c", "amount": 1, "from": "2026-W02", "to": "2026-03"}],
        inflows=[{"label": "x", "amount": 10, "date": "2026-04-01",
                  "schedule": [{"month": "2026-03", "share": 0.5},
                               {"month": "2027-02", "share": 0.5}]},
                 {"label": "y", "amount": 10, "status": "hoped",
                  "schedule": [{"month": "2026-03", "share": 0.5},
                               {"month": "2026-03", "share": 0.4}]},
                 {"label": "z", "amount": 10}])
    found = check(plan)
    by_where = {f.where: f for f in found}
    assert _where(found) == {
        ("error", "outflows[0].to"), ("error", "outflows[1].from"), ("error", "outflows[1].to"),
        ("error", "outflows[2].from"), ("warning", "inflows[0].schedule[0].month"),
        ("error", "inflows[0].schedule[1].month"), ("error", "inflows[1].schedule"),
        ("warning", "inflows[1].schedule[1].month"), ("warning", "inflows[1].status"),
        ("error", "inflows[2].schedule")}
    assert by_where["inflows[1].schedule"].message.startswith("les parts font 0.9 au lieu de 1")
    assert "avant le début" in by_where["outflows[0].to"].message
    assert "allongez le plan" in by_where["outflows[1].to"].message
    assert "AAAA-MM" in by_where["outflows[2].from"].message
    english = {f.where: f.message for f in check(plan, lang="en")}
    assert english["inflows[1].schedule"].startswith("the shares sum to 0.9, not 1")


def test_model_refuses_badly_written_months():
    with pytest.raises(ValueError, match="AAAA-MM"):
        _plan(start="2026-13")
    with pytest.raises(InvalidInput, match="monhts: champ inconnu"):
        parse_input(CashflowPlan, {**CONTRACT, "monhts": 3}, "plan.json")
    with pytest.raises(ValueError, match="pas de semaine 53"):
        _plan(start="2025-W53")  # 2025 starts on a Wednesday: 52 ISO weeks
    assert _plan(start="2026-W53", period="week").start == "2026-W53"  # 2026 starts on a Thursday


cents_amounts = st.decimals(min_value=-10_000_000, max_value=10_000_000, places=2)


@given(cents_amounts, st.integers(min_value=1, max_value=60))
def test_spread_parts_sum_exactly_and_match_the_largest_remainder_split(amount, n):
    parts = spread_parts(amount, n)
    assert sum(parts) == amount
    assert parts == split_evenly(amount, n)
    assert max(parts) - min(parts) <= D("0.01")
    assert spread_parts(-amount, n) == [-p for p in parts]
    c = abs(int(amount * 100))
    # The workbook's formula: SIGN(A) * (INT(C/n) + (k < MOD(C, n))) / 100.
    sign = -1 if amount < 0 else 1
    assert parts == [D(sign * (c // n + (k < c % n))) / 100 for k in range(n)]


@given(cents_amounts, st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=8))
def test_instalments_sum_exactly_when_shares_sum_to_one(amount, weights):
    shares = [D(w) for w in weights]
    total = sum(shares)
    shares = [s / total for s in shares[:-1]]
    shares.append(1 - sum(shares))  # shares exactly summing to 1
    assert sum(instalments(amount, shares)) == amount


@given(st.lists(st.tuples(cents_amounts, st.integers(0, 11), st.integers(0, 5)), max_size=6),
       cents_amounts)
def test_balances_follow_the_nets_and_rows_add_up(rows, opening):
    outflows = [{"label": f"r{i}", "amount": a, "from": f"2026-{s + 1:02d}",
                 "to": f"2026-{min(s + w, 11) + 1:02d}"} for i, (a, s, w) in enumerate(rows)]
    r = compute(_plan(opening_balance=opening, outflows=outflows, inflows=[]))
    running = opening
    for i, m in enumerate(r["months"]):
        running += D(repr(m["net"]))
        assert D(repr(m["balance"])) == running
        assert D(repr(m["outflows"])) == sum(
            (D(repr(row["by_month"][i])) for row in r["outflow_rows"]), D(0))
    assert sum(D(repr(v)) for row in r["outflow_rows"] for v in row["by_month"]) == sum(
        (a for a, _, _ in rows), D(0))
