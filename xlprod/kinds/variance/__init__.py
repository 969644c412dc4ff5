"""The variance kind (suivi budgétaire / cost report): budget, actuals from the FEC,
commitments and estimates to complete, the estimated final cost and its variance.

Parts: :mod:`.model` (input, contract §2 variance plus optional extensions),
:mod:`.compute` (pure engine: longest-prefix mapping, EFC, variance, flags),
:mod:`.derive` (the budget rows from a budget model, the actuals from an FEC
import), :mod:`.checks` (findings), :mod:`.demo` (the demo input and FEC),
:mod:`.layout` and :mod:`.reader` (the workbook declared in
``workbooks/variance.py``) and :mod:`.sources` (``--fec``, ``--budget``, and
``run import-actuals``).
"""

from xlprod.kinds.base import KindSpec, lazy
from xlprod.kinds.variance.checks import check, stale
from xlprod.kinds.variance.compute import compute
from xlprod.kinds.variance.model import VarianceReport

_HERE = "xlprod.kinds.variance"
KIND = KindSpec(
    name="variance", model=VarianceReport, compute=compute, check=check,
    write=lazy(f"{_HERE}.layout", "write"), read=lazy(f"{_HERE}.reader", "read"),
    demo=lazy(f"{_HERE}.demo", "demo_with_actuals"),
    sources={"budget": lazy(f"{_HERE}.sources", "from_budget"),
             "fec": lazy(f"{_HERE}.sources", "from_fec")},
    merge=lazy(f"{_HERE}.sources", "merge"), stale=stale,
    # the demo dossier ships the FEC its cost report's actuals come from
    demo_files={"812345676FEC20261231.txt": lazy(f"{_HERE}.demo", "demo_fec")},
)
__all__ = ["KIND", "VarianceReport", "compute"]
