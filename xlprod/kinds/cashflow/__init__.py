"""The cash-flow kind (plan de trésorerie): a month-by-month plan of cash in and out.

Parts: :mod:`.model` (input, contract §2 cashflow plus optional extensions),
:mod:`.compute` (pure engine: spreads, schedules, VAT lag, credit line, financing plan),
:mod:`.derive` (outflows from a budget and phase dates, instalment schedules
from reference templates), :mod:`.checks` (findings), :mod:`.demo`, :mod:`.layout`
and :mod:`.reader` (the workbook), :mod:`.sources` (``--budget`` and the refresh).
"""

from xlprod.kinds.base import KindSpec, lazy
from xlprod.kinds.cashflow.checks import check
from xlprod.kinds.cashflow.compute import compute
from xlprod.kinds.cashflow.model import CashflowPlan

_HERE = "xlprod.kinds.cashflow"
KIND = KindSpec(
    name="cashflow", model=CashflowPlan, compute=compute, check=check,
    write=lazy(f"{_HERE}.layout", "write"), read=lazy(f"{_HERE}.reader", "read"),
    demo=lazy(f"{_HERE}.demo", "demo_input"),
    sources={"budget": lazy(f"{_HERE}.sources", "from_budget")},
    variants=("month", "week"),  # a blank plan: twelve months, or twenty-six weeks
    merge=lazy(f"{_HERE}.sources", "merge"),
)
__all__ = ["KIND", "CashflowPlan", "compute"]
