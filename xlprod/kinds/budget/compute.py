"""The budget engine: pure, Decimal, the same figures the workbook's formulas give."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlprod import charges, reference
from xlprod.kinds.base import _number
from xlprod.kinds.budget.model import Budget, BudgetLine
from xlprod.money import ZERO, cents

__all__ = ["LineFigures", "compute", "default_eligible", "line_figures", "rates_for"]


@dataclass(frozen=True)
class LineFigures:
    quantity: Decimal
    amount: Decimal
    ceiling: Decimal
    charges: Decimal
    eligible: bool

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


def line_figures(budget: Budget, table: charges.RateTable) -> list[LineFigures]:
    out = []
    for line in budget.lines:
        quantity = budget.quantity_of(line)
        amount = quantity * line.count * line.rate
        if line.status == "facture":
            ceiling = line_charges = ZERO
        else:
            ceiling = (
                ZERO
                if line.status == "auteur"
                else charges.line_ceiling(table, line.unit, line.status, quantity, line.count)
            )
            line_charges = charges.employer_charges(amount, line.status, ceiling, table)
        eligible = line.eligible if line.eligible is not None else default_eligible(budget.kind, line)
        out.append(LineFigures(quantity, amount, ceiling, line_charges, eligible))
    return out


def compute(budget: Budget) -> dict[str, Any]:
    """Contract results for a budget, plus per-line figures and the tax-credit estimate."""
    table = rates_for(budget)
    figures = line_figures(budget, table)
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
    eligible_base = sum((f.total for f in figures if f.eligible), ZERO)
    credit_amount = cents(eligible_base * credit.rate)
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
            "amount": n(credit_amount),
        },
        "rates_on": budget.rates_on.isoformat(),
        "lines": [
            {"amount": n(f.amount), "charges": n(f.charges), "total": n(f.total)} for f in figures
        ],
    }
