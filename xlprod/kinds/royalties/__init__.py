"""The royalties kind (contrôle de la répartition des recettes, RNPP and waterfall)."""

from xlprod.kinds.base import KindSpec, lazy
from xlprod.kinds.royalties.checks import check
from xlprod.kinds.royalties.compute import compute
from xlprod.kinds.royalties.model import Royalties

_HERE = "xlprod.kinds.royalties"
KIND = KindSpec(
    name="royalties", model=Royalties, compute=compute, check=check,
    write=lazy(f"{_HERE}.layout", "write"), read=lazy(f"{_HERE}.reader", "read"),
    demo=lazy(f"{_HERE}.demo", "demo_input"), merge=lazy(f"{_HERE}.period", "merge_period"),
)
__all__ = ["KIND", "Royalties", "compute"]
