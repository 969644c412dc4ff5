"""The royalties kind (contrôle de la répartition des recettes, RNPP and waterfall)."""

from decimal import Decimal
from typing import Any

from xlprod.kinds.base import KindSpec, _number, lazy
from xlprod.kinds.royalties.checks import check
from xlprod.kinds.royalties.compute import compute
from xlprod.kinds.royalties.model import Royalties


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return _number(value)
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    return value


def results(model: Royalties) -> dict[str, Any]:
    """The engine's results as ``export`` prints them (money as JSON numbers)."""
    return _json(compute(model))  # type: ignore[no-any-return]


_HERE = "xlprod.kinds.royalties"
KIND = KindSpec(
    name="royalties", model=Royalties, compute=results, check=check,
    write=lazy(f"{_HERE}.layout", "write"), read=lazy(f"{_HERE}.reader", "read"),
    demo=lazy(f"{_HERE}.demo", "demo_input"), merge=lazy(f"{_HERE}.period", "merge_period"),
)
__all__ = ["KIND", "Royalties", "compute"]
