"""The budget engine: pure, Decimal, the same figures the workbook's formulas give."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from xlprod import charges, reference
from xlprod.kinds.base import _number
from xlprod.kinds.budget.model import Budget, BudgetLine
from xlprod.money import ZERO, cents

__all__ = ["LineFigures", "compute", "credit_table", "default_eligible", "line_figures",
           "rates_for", "summary"]


@dataclass(frozen=True, slots=True)
class LineFigures:
    quantity: Decimal
    amount: Decimal
    ceiling: Decimal
    charges: Decimal
    eligible: bool
    credit_pay: Decimal = ZERO  # the part of the amount the tax credit counts
    credit_charges: Decimal = ZERO  # the charges on it, taxes on wages excluded

    @property
    def total(self) -> Decimal:
        return self.amount + self.charges


def rates_for(budget: Budget) -> charges.RateTable:
    """The rate table the budget is computed with: reference rates on ``rates_on``,
    with the company's overrides."""
    table = charges.rate_table(budget.rates_on)
    overrides: dict[str, dict[str, Decimal]] = {
        code: {str(k): v for k, v in rates.items()} for code, rates in budget.rate_overrides.items()}
    return table.with_overrides(overrides) if overrides else table


def default_eligible(kind: str, line: BudgetLine) -> bool:
    """Tax-credit eligibility by default: an eligible chapter, spent in France."""
    credit = reference.tax_credit(kind)
    return line.location == "FR" and line.chapter in credit.eligible_chapters


def credit_table(kind: str, table: charges.RateTable) -> charges.RateTable:
    """``table`` without the taxes on wages the tax credit does not count (e.g. Afdas)."""
    excluded = set(reference.tax_credit(kind).excluded_codes)
    rows = tuple(
        dataclasses.replace(row, employer=MappingProxyType(dict.fromkeys(row.employer, ZERO)))
        if row.code in excluded else row for row in table.rows)
    return dataclasses.replace(table, rows=rows)


def line_figures(budget: Budget, table: charges.RateTable) -> list[LineFigures]:
    ci_table = credit_table(budget.kind, table)
    out = []
    for line in budget.lines:
        quantity = budget.quantity_of(line)
        amount = quantity * line.count * line.rate
        credit_pay = (amount if line.minimum is None
                      else min(amount, quantity * line.count * line.minimum))
        if line.status == "facture":
            ceiling = line_charges = credit_charges = ZERO
        else:
            ceiling = (
                ZERO
                if line.status == "auteur"
                else charges.line_ceiling(table, line.unit, line.status, quantity, line.count,
                                          budget.ceiling_method)
            )
            line_charges = charges.employer_charges(amount, line.status, ceiling, table)
            credit_charges = charges.employer_charges(credit_pay, line.status, ceiling, ci_table)
        eligible = line.eligible if line.eligible is not None else default_eligible(budget.kind, line)
        out.append(LineFigures(quantity, amount, ceiling, line_charges, eligible,
                               credit_pay, credit_charges))
    return out


def compute(budget: Budget) -> dict[str, Any]:
    """Contract results for a budget, plus per-line figures and the tax-credit estimate."""
    figures = line_figures(budget, rates_for(budget))
    results = summary(budget, figures)
    results["lines"] = [{"amount": _number(f.amount), "charges": _number(f.charges),
                         "total": _number(f.total)} for f in figures]
    return results


def summary(budget: Budget, figures: list[LineFigures]) -> dict[str, Any]:
    """The results of :func:`compute` but the per-line list, from the lines' figures
    (the layout has them already: a 200 000-line budget is not computed twice)."""
    labels = {c.chapter: c.label_fr for c in reference.chapters(budget.kind)}
    totals = {n: ZERO for n in range(1, 10)}
    for line, fig in zip(budget.lines, figures, strict=True):
        totals[line.chapter] += fig.amount
        totals[4] += fig.charges
    subtotal = sum(totals.values(), ZERO)
    overhead = cents(subtotal * budget.overhead_rate)
    contingency = cents(subtotal * budget.contingency_rate)
    france = sum(
        (f.total for line, f in zip(budget.lines, figures, strict=True) if line.location == "FR"),
        ZERO,
    )
    credit = reference.tax_credit(budget.kind)
    eligible_base = sum((f.credit_pay + f.credit_charges for f in figures if f.eligible), ZERO)
    credit_amount = cents(eligible_base * credit.rate)
    if credit.cap_per_work is not None:
        credit_amount = min(credit_amount, credit.cap_per_work)
    cap = None
    total = subtotal + overhead + contingency
    if budget.duration_minutes:
        per_minute = credit.cap_per_minute(budget.genre, total / budget.duration_minutes)
        if per_minute is not None:
            cap = cents(per_minute * budget.duration_minutes)
            credit_amount = min(credit_amount, cap)
    n = _number
    return {
        "chapters": [
            {"chapter": c, "label": labels.get(c, ""), "total": n(totals[c])} for c in range(1, 10)
        ],
        "charges": n(totals[4]),
        "subtotal": n(subtotal),
        "overhead": n(overhead),
        "contingency": n(contingency),
        "total": n(total),
        "france_total": n(france),
        "foreign_total": n(subtotal - france),
        "tax_credit": {
            "eligible_base": n(eligible_base),
            "rate": n(credit.rate),
            "cap": None if cap is None else n(cap),
            "cap_per_work": None if credit.cap_per_work is None else n(credit.cap_per_work),
            "amount": n(credit_amount),
        },
        "rates_on": budget.rates_on.isoformat(),
    }
