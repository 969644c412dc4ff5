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

__all__ = ["COMPANY_RATE_KEYS", "LineFigures", "company_of", "compute", "credit_table",
           "default_eligible", "line_figures", "missing_company_rates", "rates_for",
           "summary", "takes_dfs"]

#: The budget fields that set a contribution's rate (the ``company`` column of the rates).
COMPANY_RATE_KEYS = ("atmp_rate", "mobility_rate", "prevoyance_rate", "prevoyance_cadre_rate",
                     "apprenticeship_rate", "occupational_health_rate")


@dataclass(frozen=True, slots=True)
class LineFigures:
    quantity: Decimal
    amount: Decimal
    ceiling: Decimal
    charges: Decimal
    eligible: bool
    credit_pay: Decimal = ZERO  # the part of the amount the tax credit counts
    credit_charges: Decimal = ZERO  # the charges on it, taxes on wages excluded
    reduction: Decimal = ZERO  # the rate taken off TOTAL for low pay (bandeaux, RGDU)
    dfs: Decimal = ZERO  # the artists' DFS taken off the base (abattement)
    credit_dfs: Decimal = ZERO  # the same on the tax credit's pay

    @property
    def total(self) -> Decimal:
        return self.amount + self.charges


def company_of(budget: Budget) -> charges.Company:
    """The company parameters of a budget (a rate left blank keeps the reference one)."""
    rates = tuple((key, getattr(budget, key)) for key in COMPANY_RATE_KEYS
                  if getattr(budget, key) is not None)
    return charges.Company(headcount_band=budget.headcount_band, rates=rates,
                           reduced_rates=budget.reduced_rates, rgdu=budget.rgdu)


def company_rates(budget: Budget) -> dict[str, Decimal]:
    """Each company rate as the budget computes with it (the reference one when blank)."""
    defaults = charges.company_defaults(budget.rates_on)
    return {key: getattr(budget, key) if getattr(budget, key) is not None
            else defaults.get(key, ZERO) for key in COMPANY_RATE_KEYS}


def missing_company_rates(budget: Budget) -> list[str]:
    """The company rates left at 0 that are really due ("à saisir"): AT/MP, prévoyance of
    the statuses the budget pays (a line with an amount), médecine du travail, and the versement mobilité
    from 11 employees."""
    rates = company_rates(budget)
    statuses = {line.status for line in budget.lines
                if (not isinstance(line.quantity, str) or line.quantity in budget.globals)
                and budget.quantity_of(line) * line.count * line.rate > 0}
    due = {"atmp_rate": bool(statuses & {"technicien", "cadre", "artiste"}),
           "prevoyance_rate": bool(statuses & {"technicien", "artiste"}),
           "prevoyance_cadre_rate": "cadre" in statuses,
           "occupational_health_rate": bool(statuses & {"technicien", "cadre", "artiste"}),
           "mobility_rate": budget.headcount_band != "1-10",
           "apprenticeship_rate": bool(statuses & {"technicien", "cadre", "artiste"})}
    return [key for key in COMPANY_RATE_KEYS if due[key] and rates[key] == 0]


def rates_for(budget: Budget) -> charges.RateTable:
    """The rate table the budget is computed with: reference rates on ``rates_on`` for the
    budget's company parameters, with the company's overrides."""
    table = charges.rate_table(budget.rates_on, company_of(budget))
    overrides: dict[str, dict[str, Decimal]] = {
        code: {str(k): v for k, v in rates.items()} for code, rates in budget.rate_overrides.items()}
    return table.with_overrides(overrides) if overrides else table


def default_eligible(kind: str, line: BudgetLine) -> bool:
    """Tax-credit eligibility by default: an eligible chapter, spent in France, and not an
    account the credit leaves out (``tax_credit_accounts.csv``: office costs, pre-existing
    music rights)."""
    credit = reference.tax_credit(kind)
    excluded = {r.account for r in reference.tax_credit_accounts(kind) if r.rule == "excluded"}
    return (line.location == "FR" and line.chapter in credit.eligible_chapters
            and line.account not in excluded)


def lodging_cap(kind: str, line: BudgetLine) -> Decimal | None:
    """The cap per night of a lodging (hébergement) account, Paris or elsewhere; None when
    the line's account is not one."""
    for rule in reference.tax_credit_accounts(kind):
        if rule.rule == "lodging" and rule.account == line.account:
            paris = line.region.strip().upper() == "PARIS"
            return rule.cap_paris if paris else rule.cap_other
    return None


def credit_pay(kind: str, line: BudgetLine, quantity: Decimal) -> Decimal:
    """The part of a line's amount the tax credit counts: up to the conventional minimum
    (quantity × count × minimum) and, for lodging, up to quantity × count nights × the cap."""
    amount = quantity * line.count * line.rate
    out = amount
    if line.minimum is not None:
        out = min(out, quantity * line.count * line.minimum)
    cap = lodging_cap(kind, line)
    if cap is not None:
        out = min(out, quantity * line.count * cap)
    return out


def credit_table(kind: str, table: charges.RateTable) -> charges.RateTable:
    """``table`` without the taxes on wages the tax credit does not count (e.g. Afdas)."""
    excluded = set(reference.tax_credit(kind).excluded_codes)
    rows = tuple(
        dataclasses.replace(row, employer=MappingProxyType(dict.fromkeys(row.employer, ZERO)))
        if row.code in excluded else row for row in table.rows)
    return dataclasses.replace(table, rows=rows)


def takes_dfs(budget: Budget, line: BudgetLine) -> bool:
    """The line's DFS flag, or the budget's when blank (only artists have one)."""
    return line.status == "artiste" and (budget.artist_dfs if line.dfs is None else line.dfs)


def line_figures(budget: Budget, table: charges.RateTable) -> list[LineFigures]:
    ci_table = credit_table(budget.kind, table)
    out = []
    for line in budget.lines:
        quantity = budget.quantity_of(line)
        amount = quantity * line.count * line.rate
        pay = credit_pay(budget.kind, line, quantity)
        reduction = dfs = credit_dfs = ZERO
        if line.status == "facture":
            ceiling = line_charges = credit_charges = ZERO
        else:
            if line.status == "auteur":
                ceiling = ZERO
            else:
                ceiling = charges.line_ceiling(table, line.unit, line.status, quantity,
                                               line.count, budget.ceiling_method)
                hours = charges.line_hours(line.unit, quantity, line.count)
                reduction = charges.line_reduction(table, line.status, amount, hours)
                if takes_dfs(budget, line):
                    dfs = charges.line_dfs(table, line.status, amount, hours, line.count)
                    if dfs:  # the tax credit's charges: the same DFS rule on its pay
                        credit_dfs = charges.line_dfs(table, line.status, pay, hours,
                                                      line.count)
            line_charges = charges.employer_charges(amount, line.status, ceiling, table,
                                                    reduction, dfs)
            credit_charges = charges.employer_charges(pay, line.status, ceiling,
                                                      ci_table, reduction, credit_dfs)
        eligible = line.eligible if line.eligible is not None else default_eligible(budget.kind, line)
        out.append(LineFigures(quantity, amount, ceiling, line_charges, eligible,
                               pay, credit_charges, reduction, dfs, credit_dfs))
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
    rules = reference.funder_rules()
    cap_rule = rules["aid_intensity_difficult" if budget.difficult_work else "aid_intensity"]
    intensity = (ZERO if total == 0 else
                 ((credit_amount + budget.public_aid) / total).quantize(Decimal("0.0001"),
                                                                       rounding="ROUND_HALF_UP"))
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
        "aid_intensity": {
            "public_aid": n(budget.public_aid),
            "ratio": n(intensity),
            "cap": n(cap_rule.cap),
            "within_cap": intensity <= cap_rule.cap,
        },
        "rates_on": budget.rates_on.isoformat(),
    }
