"""Importers of files made by other software: the FEC (accounting entries) for actuals.

::

    read_fec(path, *, skip_bad_lines=False, progress=None, lang="fr") -> FecImport
    map_accounts(compte_nums, mapping=None) -> {compte_num: budget account | None (hors devis)}
    allocate(by_account, mapping=None) -> Allocation(by_budget_account, unmapped)
"""

from __future__ import annotations

from xlprod.importers.fec import FecEntry, FecImport, SkippedLine, read_fec
from xlprod.importers.mapping import Allocation, allocate, default_mapping, map_accounts

__all__ = [
    "Allocation",
    "FecEntry",
    "FecImport",
    "SkippedLine",
    "allocate",
    "default_mapping",
    "map_accounts",
    "read_fec",
]
