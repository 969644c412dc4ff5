"""From FEC account numbers (PCG) to budget accounts: longest matching prefix, else hors devis."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

__all__ = ["Allocation", "allocate", "default_mapping", "map_accounts"]


def default_mapping() -> dict[str, str | None]:
    """The shipped PCG → CNC correspondence (``reference/pcg_mapping.csv``), prefix → account.

    An account of ``None`` marks a prefix that is deliberately hors devis
    (depreciation, exceptional charges…).
    """
    from xlprod.reference import pcg_mapping

    return {row.prefix: row.account for row in pcg_mapping()}


def map_accounts(compte_nums: Iterable[str],
                 mapping: Mapping[str, str | None] | None = None) -> dict[str, str | None]:
    """Each CompteNum → the budget account of its longest matching prefix in ``mapping``.

    ``None`` means hors devis: no prefix matches, or the longest match maps to
    ``None`` (or an empty string). ``mapping`` defaults to :func:`default_mapping`.
    """
    table = default_mapping() if mapping is None else mapping
    lengths = sorted({len(p) for p in table}, reverse=True)
    result: dict[str, str | None] = {}
    for compte in compte_nums:
        key = compte.strip()
        result[compte] = None
        for n in lengths:
            if n <= len(key) and key[:n] in table:
                result[compte] = table[key[:n]] or None
                break
    return result


@dataclass(frozen=True)
class Allocation:
    """Actuals grouped by budget account, and the hors-devis rest by CompteNum."""

    by_budget_account: dict[str, Decimal]
    unmapped: dict[str, Decimal]

    @property
    def unmapped_total(self) -> Decimal:
        """Σ of the hors-devis actuals."""
        return sum(self.unmapped.values(), Decimal(0))


def allocate(by_account: Mapping[str, Decimal],
             mapping: Mapping[str, str | None] | None = None) -> Allocation:
    """Sum actuals per CompteNum (``FecImport.by_account``) into budget accounts."""
    targets = map_accounts(by_account, mapping)
    mapped: dict[str, Decimal] = {}
    unmapped: dict[str, Decimal] = {}
    for compte, amount in by_account.items():
        account = targets[compte]
        if account is None:
            unmapped[compte] = unmapped.get(compte, Decimal(0)) + amount
        else:
            mapped[account] = mapped.get(account, Decimal(0)) + amount
    return Allocation(mapped, unmapped)
