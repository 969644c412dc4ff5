"""Registry of workbook kinds. Each kind's module is imported only when used."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from xlprod.errors import UsageError

if TYPE_CHECKING:
    from xlprod.kinds.base import KindSpec

#: Every kind of the contract, in the order a production uses them.
KINDS = ("budget", "cashflow", "variance", "cuesheet", "royalties")



def _module(kind: str) -> str:
    return f"{__name__}.{kind}"


def _defines_kind(kind: str) -> bool:
    """A kind is available once its package defines ``KIND`` (its pure engine may land
    before its workbook): found from the package itself, never from a hand-kept list."""
    import importlib.util
    import re

    found = importlib.util.find_spec(_module(kind))
    if found is None or found.origin is None:
        return False
    # Read, not imported: `xlprod --help` and the ribbon's registry stay light.
    with open(found.origin, encoding="utf-8") as source:
        return re.search(r"^KIND\s*[:=]", source.read(), re.M) is not None


def available() -> tuple[str, ...]:
    return tuple(k for k in KINDS if _defines_kind(k))


def get(kind: str) -> KindSpec:
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    if not _defines_kind(kind):
        raise UsageError(
            f"kind {kind!r} is not available yet in this version; available: "
            + ", ".join(available())
        )
    return importlib.import_module(_module(kind)).KIND  # type: ignore[no-any-return]
