"""The cue sheet kind (relevé des œuvres musicales, with the archives register)."""

from xlprod.kinds.base import KindSpec
from xlprod.kinds.cuesheet.checks import check
from xlprod.kinds.cuesheet.compute import compute
from xlprod.kinds.cuesheet.demo import demo_input
from xlprod.kinds.cuesheet.layout import write
from xlprod.kinds.cuesheet.model import CueSheet
from xlprod.kinds.cuesheet.reader import read

KIND = KindSpec(
    name="cuesheet", model=CueSheet, compute=compute, write=write, read=read, check=check,
    demo=demo_input, write_despite_findings=True,
)
__all__ = ["KIND", "CueSheet", "compute"]
