"""Money arithmetic: Decimal euros, cent rounding, splits that never lose a cent.

Rounding is half away from zero, as Excel's and LibreOffice's ``ROUND`` do
(contract, "Rounding"). Splits round every part and hand the remainder cents
out by largest remainder, ties to the earliest part, so parts sum exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0")

__all__ = ["CENT", "ZERO", "cents", "split_by_shares", "split_evenly", "to_decimal"]


def to_decimal(value: object) -> Decimal:
    """Convert a number as it arrives (int, float, str, Decimal) to Decimal exactly as written.

    Floats go through ``repr`` so that ``0.07`` becomes ``Decimal("0.07")``, not
    the binary expansion.
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)  # type: ignore[arg-type]


def cents(value: object) -> Decimal:
    """Round to the cent, half away from zero (Excel's ROUND(x, 2))."""
    return to_decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def split_by_shares(total: Decimal, shares: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` (already in cents) by ``shares``; parts sum exactly to ``total``.

    Each part is ``total × share`` truncated toward zero to the cent; the
    missing cents go one by one to the parts with the largest remainders,
    ties to the first listed. Shares need not sum to 1 (the parts then sum to
    the rounded ``total × Σshares``).
    """
    total = cents(total)
    if not shares:
        return []
    if any(to_decimal(s) < 0 for s in shares):
        raise ValueError("shares must not be negative")
    raw = [total * to_decimal(s) for s in shares]
    target = cents(sum(raw, ZERO))
    sign = Decimal(-1) if target < 0 else Decimal(1)
    floors = [(abs(r) // CENT) * CENT for r in raw]
    remainders = [abs(r) - f for r, f in zip(raw, floors, strict=True)]
    missing = int((abs(target) - sum(floors, ZERO)) / CENT)
    order = sorted(range(len(raw)), key=lambda i: (-remainders[i], i))
    for i in order[:missing]:
        floors[i] += CENT
    return [sign * f if f else ZERO for f in floors]


def split_evenly(total: Decimal, parts: int) -> list[Decimal]:
    """Split ``total`` into ``parts`` equal parts; leftover cents go to the earliest parts."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    return split_by_shares(total, [Decimal(1) / Decimal(parts)] * parts) if parts > 1 else [
        cents(total)
    ]
