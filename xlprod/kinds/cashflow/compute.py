"""The cash-flow engine: pure, Decimal, the figures the workbook's formulas give.

**Outflow spread** (contract: evenly over ``from``…``to`` inclusive, cents that
do not divide to the earliest months). With ``C`` the amount in whole cents
(``ROUND(ABS(A)*100, 0)``), ``n`` the number of months of the spread and
``k`` the 0-based index of a month inside it, the part of month ``k`` is::

    SIGN(A) * (INT(C/n) + IF(k < MOD(C, n), 1, 0)) / 100

that is ``floor(C/n)`` cents each, and one more cent for the first
``C mod n`` months: exactly a largest-remainder split (all remainders are
equal, ties go to the earliest month). A negative amount (a refund, a credit
note) is spread as its opposite and negated, so ``spread(-A) = -spread(A)``
month by month: the earliest months carry the extra (negative) cent. In a
workbook, with the month in row 1 as a first-of-month date, ``k`` is
``DATEDIF(from, month, "m")`` or ``(YEAR(m)-YEAR(f))*12 + MONTH(m)-MONTH(f)``,
and the part is 0 outside ``0 <= k < n``.

**Inflow instalments**: ``amount × share`` for each instalment, to the cent
by :func:`xlprod.money.split_by_shares` (truncate each part to the cent,
hand the missing cents to the largest remainders, ties to the first listed),
so a schedule whose shares sum to 1 gives back the amount exactly.
Instalments outside the plan are left out of the months (and are a finding).

**Each month**, in this order (one pass, no circular reference):

1. ``inflows`` = instalments of the month + VAT recovered this month;
   ``outflows`` = spread parts of the month + VAT paid this month;
2. with a credit line: ``interest = ROUND(drawn × rate / 12, 2)`` on the
   amount drawn at the start of the month (``/ 52`` in a weekly plan), paid
   this month; ``pre = previous balance + inflows − outflows − interest``;
   if ``pre < floor`` draw ``MIN(floor − pre, ceiling − drawn)``, otherwise
   repay ``MIN(drawn, pre − floor)`` (every cent above the floor repays:
   the line is repaid as money arrives); drawdowns count in ``inflows``,
   repayments and interest in ``outflows``;
3. ``net = inflows − outflows``; ``balance = previous balance + net``.

Beyond the ceiling the balance may still go below the floor:
``financing_need`` is then what the line does not cover. ``before_credit``
gives the same figures without the line.

**VAT** (``vat`` set): the plan is then TTC. Each month, the VAT paid is
``ROUND(rate × Σ parts of the VAT-bearing outflows, 2)`` (one rounding per
month, on the month's sum); when recoverable it comes back in the next month
(CA3, M+1; in a weekly plan the first week of the next calendar month).
VAT recovered after the plan's end is reported, not counted.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xlprod.errors import InvalidInput
from xlprod.kinds.base import _number
from xlprod.kinds.cashflow.model import Calendar, CashflowPlan, Outflow, ordinal
from xlprod.money import CENT, ZERO, cents, split_by_shares

__all__ = ["PUBLIC_AID", "bears_vat", "compute", "financing", "instalments", "spread",
           "spread_parts"]

#: Sources that count as public aid for the aid intensity (tax credit included).
PUBLIC_AID = ("cnc_automatic", "cnc_selective", "region", "tax_credit")
#: Aid intensity ceilings: tax credits + public aid ≤ 50 % of the budget, 60 % for
#: "difficult" or low-budget works (domain.md §D.2, [S82]).
AID_CEILING = Decimal("0.50")
AID_CEILING_DIFFICULT = Decimal("0.60")

#: Chapters and rules paid as payroll (no VAT): crew, cast, social charges; authors' rights
#: (often VAT-exempt or on the reduced rate: a convention, set ``vat`` on the row otherwise).
_NO_VAT_CHAPTERS = (1, 2, 3, 4, "overhead")
_NO_VAT_RULES = ("wages", "social_charges")


def _whole_cents(amount: object) -> int:
    return int(cents(amount) / CENT)


def spread_parts(amount: object, n: int) -> list[Decimal]:
    """``amount`` spread over ``n`` months: ``floor(C/n)`` cents each, one more cent for the
    first ``C mod n`` months (``C`` = |amount| in cents); the sign of ``amount`` on every part."""
    if n <= 0:
        raise InvalidInput("un étalement couvre au moins un mois : « to » doit être égal ou "
                           "postérieur à « from »")
    whole = _whole_cents(amount)
    sign, c = (-1 if whole < 0 else 1), abs(whole)
    q, r = divmod(c, n)
    return [Decimal(sign * (q + (1 if k < r else 0))) * CENT for k in range(n)]


def _label(value: str | date) -> str:
    return f"{value.year:04d}-{value.month:02d}" if isinstance(value, date) else str(value)


def spread(amount: object, start: str | date, end: str | date, month: str | date) -> Decimal:
    """The part of ``amount`` spread over ``start``…``end`` (inclusive) that falls in ``month``.

    Months are ``YYYY-MM`` (or dates: their month counts; or ISO weeks ``YYYY-Www``, all three
    of the same form). 0 outside the spread. Same cent rule as :func:`spread_parts`, so the
    parts over every month sum exactly to ``amount``. This is ``prod_spread`` in Excel.
    """
    first, last, this = (ordinal(_label(v)) for v in (start, end, month))
    n = last - first + 1
    if n <= 0:
        raise InvalidInput(f"la fin {_label(end)} est avant le début {_label(start)} ; "
                           "inversez-les ou corrigez la date")
    k = this - first
    return spread_parts(amount, n)[k] if 0 <= k < n else ZERO


def instalments(amount: object, shares: list[Decimal]) -> list[Decimal]:
    """``amount × share`` each, to the cent, remainder cents by largest remainder (ties first)."""
    return split_by_shares(cents(amount), shares)


def bears_vat(outflow: Outflow) -> bool:
    """Whether an outflow pays VAT: ``vat`` when given; otherwise suppliers do, payroll
    (chapters 1–4, wages and social-charges rules) and the producer's overhead do not."""
    if outflow.vat is not None:
        return outflow.vat
    return outflow.chapter not in _NO_VAT_CHAPTERS and outflow.rule not in _NO_VAT_RULES


def _lowest(balances: list[Decimal], labels: list[str]) -> tuple[Decimal, str]:
    low, at = balances[0], 0
    for i, b in enumerate(balances):
        if b < low:  # strict: the earliest month wins a tie
            low, at = b, i
    return low, labels[at]


def _outflow_rows(plan: CashflowPlan, cal: Calendar) -> list[list[Decimal]]:
    rows = []
    for out in plan.outflows:
        by_month = [ZERO] * len(cal)
        first, last = (cal.index(label) for label in out.span)
        if last >= first:
            for k, part in enumerate(spread_parts(out.amount, last - first + 1)):
                if 0 <= first + k < len(cal):
                    by_month[first + k] += part
        rows.append(by_month)
    return rows


def _inflow_rows(plan: CashflowPlan, cal: Calendar) -> list[tuple[list[Decimal], list[Decimal]]]:
    rows = []
    for inflow in plan.inflows:
        by_month = [ZERO] * len(cal)
        parts = instalments(inflow.amount, [i.share for i in inflow.schedule])
        for item, part in zip(inflow.schedule, parts, strict=True):
            i = cal.index(item.month)
            if 0 <= i < len(cal):
                by_month[i] += part
        rows.append((parts, by_month))
    return rows


def _vat(plan: CashflowPlan, cal: Calendar,
         out_rows: list[list[Decimal]]) -> tuple[list[Decimal], list[Decimal], Decimal]:
    n = len(cal)
    paid, back, after = [ZERO] * n, [ZERO] * n, ZERO
    if plan.vat is None:
        return paid, back, after
    bearing = [row for out, row in zip(plan.outflows, out_rows, strict=True) if bears_vat(out)]
    for i in range(n):
        paid[i] = cents(plan.vat.rate * sum((row[i] for row in bearing), ZERO))
        if not plan.vat.recoverable or not paid[i]:
            continue
        j = next((j for j in range(i + 1, n) if cal.month(j) > cal.month(i)), None)
        if j is None:
            after += paid[i]
        else:
            back[j] += paid[i]
    return paid, back, after


def financing(plan: CashflowPlan) -> dict[str, Any]:
    """The financing plan: each source's share of the budget, totals by status, the gap
    left against the budget and the public-aid intensity against its ceiling.

    The budget is ``budget_total`` when given, else the sum of the outflows. Shares
    and the intensity are plain ratios (the workbook shows them as percentages).
    """
    budget = (plan.budget_total if plan.budget_total is not None
              else sum((o.amount for o in plan.outflows), ZERO))
    total = sum((i.amount for i in plan.inflows), ZERO)
    public = sum((i.amount for i in plan.inflows if i.source_type in PUBLIC_AID), ZERO)

    def ratio(part: Decimal) -> float:
        return float(part / budget) if budget else 0.0

    by_status = {s: _number(sum((i.amount for i in plan.inflows if i.status == s), ZERO))
                 for s in ("confirmed", "pending", "hoped")}
    ceiling = AID_CEILING_DIFFICULT if plan.difficult_work else AID_CEILING
    return {
        "budget": _number(budget), "total": _number(total), "gap": _number(budget - total),
        "by_status": by_status, "public_aid": _number(public), "aid_intensity": ratio(public),
        "aid_ceiling": float(ceiling),
        "aid_within_ceiling": public <= ceiling * budget if budget else public <= 0,
        "sources": [{"label": i.label, "amount": _number(i.amount), "share": ratio(i.amount),
                     "shares_total": _number(sum((x.share for x in i.schedule), ZERO))}
                    for i in plan.inflows],
    }


def compute(plan: CashflowPlan) -> dict[str, Any]:
    """Contract results for a plan, plus each row's monthly figures for the workbook."""
    cal = Calendar(plan.start, plan.months, plan.period)
    n, labels = len(cal), cal.labels
    out_rows = _outflow_rows(plan, cal)
    in_rows = _inflow_rows(plan, cal)
    vat_paid, vat_back, vat_after = _vat(plan, cal, out_rows)
    base_in = [sum((r[1][i] for r in in_rows), ZERO) + vat_back[i] for i in range(n)]
    base_out = [sum((r[i] for r in out_rows), ZERO) + vat_paid[i] for i in range(n)]

    line = plan.credit_line
    drawn_now = ZERO
    draws, repays, interests, outstanding = ([ZERO] * n for _ in range(4))
    balance = plain = cents(plan.opening_balance)
    months: list[dict[str, Any]] = []
    balances: list[Decimal] = []
    plain_balances: list[Decimal] = []
    for i in range(n):
        inflows, outflows = base_in[i], base_out[i]
        if line is not None:
            periods = 52 if plan.period == "week" else 12
            interests[i] = cents(drawn_now * line.rate / periods)
            pre = balance + inflows - outflows - interests[i]
            if pre < line.floor:
                draws[i] = max(ZERO, min(line.floor - pre, line.ceiling - drawn_now))
            else:
                repays[i] = min(drawn_now, pre - line.floor)
            drawn_now += draws[i] - repays[i]
            outstanding[i] = drawn_now
            inflows += draws[i]
            outflows += repays[i] + interests[i]
        balance += inflows - outflows
        plain += base_in[i] - base_out[i]
        balances.append(balance)
        plain_balances.append(plain)
        months.append({"month": labels[i], "inflows": _number(inflows),
                       "outflows": _number(outflows), "net": _number(inflows - outflows),
                       "balance": _number(balance)})

    low, low_at = _lowest(balances, labels)
    plain_low, plain_at = _lowest(plain_balances, labels)
    num = _number

    def nums(values: list[Decimal]) -> list[int | float]:
        return [num(v) for v in values]

    return {
        "months": months,
        "end_balance": num(balances[-1]),
        "min_balance": num(low),
        "min_balance_month": low_at,
        "financing_need": num(max(ZERO, -low)),
        "outflow_rows": [
            {"label": out.label, "by_month": nums(row), "vat": plan.vat is not None and bears_vat(out)}
            for out, row in zip(plan.outflows, out_rows, strict=True)],
        "inflow_rows": [
            {"label": inflow.label, "by_month": nums(by_month),
             "instalments": [{"month": item.month, "amount": num(part)}
                             for item, part in zip(inflow.schedule, parts, strict=True)]}
            for inflow, (parts, by_month) in zip(plan.inflows, in_rows, strict=True)],
        "vat": None if plan.vat is None else {
            "paid": nums(vat_paid), "recovered": nums(vat_back),
            "recovered_after_plan": num(vat_after)},
        "credit": None if line is None else {
            "drawn": nums(draws), "repaid": nums(repays), "interest": nums(interests),
            "outstanding": nums(outstanding), "peak": num(max(outstanding)),
            "interest_total": num(sum(interests, ZERO))},
        "financing": financing(plan),
        "before_credit": {
            "min_balance": num(plain_low), "min_balance_month": plain_at,
            "financing_need": num(max(ZERO, -plain_low)), "end_balance": num(plain_balances[-1])},
    }
