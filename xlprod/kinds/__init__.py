"""Registry of workbook kinds. Each kind's module is imported only when used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from xlprod.errors import UsageError

if TYPE_CHECKING:
    from xlprod.kinds.base import KindSpec

#: Every kind of the contract, in the order a production uses them.
KINDS = ("budget", "cashflow", "variance", "cuesheet", "royalties")

#: The kinds built so far, and the module that holds each one's ``KIND``.
_MODULES = {
    "budget": "xlprod.kinds.budget",
    "cuesheet": "xlprod.kinds.cuesheet",
}


def available() -> tuple[str, ...]:
    return tuple(k for k in KINDS if k in _MODULES)


def get(kind: str) -> KindSpec:
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if kind not in _MODULES:
        raise UsageError(
            f"kind {kind!r} is not available yet in this version; available: "
            + ", ".join(available())
        )
    return importlib.import_module(_MODULES[kind]).KIND  # type: ignore[no-any-return]
