"""The demo production's cash-flow plan: « Les Heures claires » over 18 months from 2026-01.

Outflows are derived from the demo budget (computed: 2 535 516.42 € all in) with the
default rules; the financing sums to the same total, the tax credit being
the budget's estimate (622 771.33 €). Preparation February–April 2026,
shooting May–June (7 weeks), post-production July–November, delivery in
November, release two months later.
"""

from __future__ import annotations

from typing import Any

from xlprod.kinds.budget.compute import compute as budget_compute
from xlprod.kinds.budget.demo import demo_input as budget_demo
from xlprod.kinds.budget.model import Budget
from xlprod.kinds.cashflow.derive import milestones, outflows_from_budget, schedule_from_template
from xlprod.money import ZERO, to_decimal

PHASES = {
    "preparation": {"start": "2026-02-02", "end": "2026-04-30"},
    "shooting": {"start": "2026-05-04", "end": "2026-06-19"},
    "post_production": {"start": "2026-07-01", "end": "2026-11-27"},
}

# label, source_type, status, contract date, amount (None: the tax credit of the budget;
# the Belgian co-producer's share closes the plan on the budget total)
_FINANCING: list[tuple[str, str, str, str | None, float | None]] = [
    ("Apport du producteur", "producer", "confirmed", "2026-01-15", 100000),
    ("Préachat TV payante", "tv_presale", "confirmed", "2026-02-10", 650000),
    ("Préachat TV en clair", "tv_presale", "confirmed", "2026-02-20", 300000),
    ("Minimum garanti distributeur", "distributor_mg", "confirmed", "2026-02-05", 250000),
    ("Soutien automatique CNC (réinvestissement)", "cnc_automatic", "confirmed", None, 180000),
    ("Région Auvergne-Rhône-Alpes", "region", "pending", None, 200000),
    ("SOFICA", "sofica", "confirmed", "2026-02-12", 150000),
    ("Crédit d'impôt cinéma", "tax_credit", "pending", None, None),
]


def demo_input(extensions: bool = True) -> dict[str, Any]:
    """The demo plan; ``extensions=False`` leaves out VAT and the credit line (contract only)."""
    budget = budget_compute(Budget.model_validate(budget_demo()))
    total = to_decimal(budget["total"])
    dates = milestones(PHASES)
    inflows: list[dict[str, Any]] = []
    for label, source_type, status, signed, amount in _FINANCING:
        value = to_decimal(budget["tax_credit"]["amount"] if amount is None else amount)
        inflow: dict[str, Any] = {"label": label, "amount": float(value),
                                  "schedule": schedule_from_template(source_type, dates),
                                  "source_type": source_type, "status": status}
        if signed:
            inflow["date"] = signed
        inflows.append(inflow)
    rest = total - sum((to_decimal(i["amount"]) for i in inflows), ZERO)
    inflows.append({"label": "Coproducteur belge", "amount": float(rest),
                    "schedule": schedule_from_template("coproducer", dates),
                    "source_type": "coproducer", "status": "confirmed", "date": "2026-02-16"})
    plan: dict[str, Any] = {
        "title": "Les Heures claires — plan de trésorerie",
        "start": "2026-01",
        "months": 18,
        "opening_balance": 50000,
        "phases": PHASES,
        "outflows": outflows_from_budget(budget, PHASES),
        "inflows": inflows,
    }
    if extensions:
        plan["vat"] = {"rate": 0.20, "recoverable": True}
        plan["credit_line"] = {"label": "Crédit de production (Dailly sur contrats)",
                               "ceiling": 1500000, "rate": 0.045, "floor": 20000}
    return plan
