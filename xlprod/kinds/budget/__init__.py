"""The budget kind (devis in the CNC chapter structure, with social charges)."""

from xlprod.kinds.base import KindSpec, lazy
from xlprod.kinds.budget.checks import check
from xlprod.kinds.budget.compute import compute
from xlprod.kinds.budget.model import Budget

_HERE = "xlprod.kinds.budget"
KIND = KindSpec(
    name="budget", model=Budget, compute=compute, check=check,
    write=lazy(f"{_HERE}.layout", "write"), read=lazy(f"{_HERE}.reader", "read"),
    demo=lazy(f"{_HERE}.demo", "demo_input"), variants=("cinema", "audiovisuel", "publicite"),
)
__all__ = ["KIND", "Budget", "compute"]
