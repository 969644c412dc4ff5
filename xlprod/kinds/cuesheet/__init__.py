"""The cue sheet kind (relevé des œuvres musicales, with the archives register)."""

from xlprod.kinds.base import KindSpec, lazy
from xlprod.kinds.cuesheet.checks import check
from xlprod.kinds.cuesheet.compute import compute
from xlprod.kinds.cuesheet.model import CueSheet

_HERE = "xlprod.kinds.cuesheet"
KIND = KindSpec(
    name="cuesheet", model=CueSheet, compute=compute, check=check,
    write=lazy(f"{_HERE}.layout", "write"), read=lazy(f"{_HERE}.reader", "read"),
    demo=lazy(f"{_HERE}.demo", "demo_input"), write_despite_findings=True,
    variants=("23.976", "24", "25", "29.97", "30"),
)
__all__ = ["KIND", "CueSheet", "compute"]
