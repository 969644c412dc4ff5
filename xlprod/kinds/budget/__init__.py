"""The budget kind (devis in the CNC chapter structure, with social charges)."""

from xlprod.kinds.base import KindSpec
from xlprod.kinds.budget.checks import check
from xlprod.kinds.budget.compute import compute
from xlprod.kinds.budget.demo import demo_input
from xlprod.kinds.budget.layout import write
from xlprod.kinds.budget.model import Budget
from xlprod.kinds.budget.reader import read

KIND = KindSpec(
    name="budget", model=Budget, compute=compute, write=write, read=read, check=check,
    demo=demo_input,
)
__all__ = ["KIND", "Budget", "compute"]
