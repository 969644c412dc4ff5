"""The royalties input model (contract §2, royalties), with statement periods.

The model checks the *form* of each field (a number is a number, no unknown
key). What depends on other fields or on the domain — a rate outside 0–1, tier
shares not summing to 1, a statement for an unknown beneficiary, a theatrical
channel without its VAT rate — is a finding of
:mod:`xlprod.kinds.royalties.checks`, said in the production office's words
at the field to fix.

Periods
-------
A film's receipts are accounted for period after period (« reddition des
comptes », at least once a year, usually per quarter or half-year). Each row
of ``channels`` and of ``statements`` may carry a ``period`` label
(``"2026-T1"``, ``"2026-S2"``, ``"2026-09"``); the engine runs the waterfall
period after period, in the order of the labels sorted as text (write them
year first), and period 2 resumes where period 1 stopped: corridors and tiers
keep what they received, so a cap half filled in T1 takes only the rest in T2;
a distributor's minimum guarantee is counted once, in the first period of its
channel, and later periods bring only the overage; authors keep recouping the
same minimum guarantee.

Why a ``period`` column rather than one input per period: a workbook gains a
quarter by *adding rows* to the tables it already has (the channels and
statements tables get a « Période » column), history stays visible and is
recomputed from what was typed — no position is copied by hand from one
quarter to the next, so no copying error can compound. Rows without a period
are one single period, so the contract's example is unchanged.

Accounts started before the file (the first quarters were kept elsewhere)
open with ``prior``: what each beneficiary had already received at each
level (``level`` 0 = the corridors, 1 = the first tier, 2 = the second…),
and each author's ``recouped_before``. The engine's ``positions`` result has
the same shape, ready to open the next file.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from xlprod.kinds.base import InputModel, Number

__all__ = ["Author", "Channel", "Corridor", "Position", "Royalties", "Statement", "Tier",
           "TierShare"]


class Channel(InputModel):
    """One exploitation channel's receipts for one period.

    A row with ``box_office_ttc`` is a theatrical channel (``salles_france``):
    TTC → HT → less TSA and SACEM → rental → commission → expenses. Any other
    row gives its ``gross`` (receipts HT the producer's side gets before
    commission).
    """

    channel: str = Field(min_length=1, description="salles_france, tv, video, vod, svod, "
                         "international…")
    period: str | None = Field(None, description="Statement period, e.g. 2026-T1")
    box_office_ttc: Number | None = Field(None, description="Theatrical box office, all taxes in")
    vat_rate: Number | None = Field(None, description="TVA on tickets (0.055 in France)")
    tsa_rate: Number | None = Field(None, description="Taxe spéciale additionnelle (0.1072)")
    sacem_rate: Number | None = Field(None, description="SACEM share of the HT box office")
    rental_rate: Number | None = Field(None, description="Taux de location (0.25–0.50)")
    gross: Number | None = Field(None, description="Gross receipts HT (non-theatrical)")
    commission_rate: Number = Field(Decimal(0), description="Distributor or sales agent commission")
    commission_cap: Number | None = Field(
        None, description="Highest commission rate opposable (0.25 without MG, 0.35 with MG)")
    expenses: Number = Field(Decimal(0), description="Justified costs recouped (P&A, market costs)")
    minimum_guarantee: Number | None = Field(
        None, description="MG or pre-sale price; counted once, in the channel's first period")

    @property
    def theatrical(self) -> bool:
        return self.box_office_ttc is not None


class Corridor(InputModel):
    """A share of every euro of the whole RNPP pot, from the first euro, up to ``cap``."""

    beneficiary: str = Field(min_length=1)
    share: Number = Field(description="Fraction of the pot, e.g. 0.15")
    cap: Number | None = Field(None, description="Total it may receive (null = no cap)")


class TierShare(InputModel):
    beneficiary: str = Field(min_length=1)
    share: Number = Field(description="Fraction of the tier; a tier's shares sum to 1")


class Tier(InputModel):
    """A rank of the waterfall: what the corridors leave, until the tier has received ``cap``."""

    cap: Number | None = Field(None, description="Total the tier may receive (null = no cap)")
    shares: list[TierShare] = Field(default_factory=list)


class Author(InputModel):
    """An author's proportional remuneration, recouping the minimum guarantee first."""

    name: str = Field(min_length=1)
    rate: Number = Field(description="Fraction of the base, e.g. 0.02")
    minimum_guarantee: Number = Field(Decimal(0), description="Minimum garanti already paid")
    base: str | None = Field(None, description="A channel name; null = the total RNPP")
    recouped_before: Number = Field(
        Decimal(0), description="MG already recouped before this file's first period")


class Statement(InputModel):
    """What was actually paid to a beneficiary (for a period)."""

    beneficiary: str = Field(min_length=1)
    paid: Number
    period: str | None = Field(None, description="Statement period, e.g. 2026-T1")


class Position(InputModel):
    """What a beneficiary had received at a level before this file's first period."""

    beneficiary: str = Field(min_length=1)
    level: int = Field(ge=0, description="0 = corridors, 1 = first tier, 2 = second tier…")
    received: Number


class Royalties(InputModel):
    title: str = Field(min_length=1)
    channels: list[Channel] = Field(default_factory=list)
    corridors: list[Corridor] = Field(default_factory=list)
    tiers: list[Tier] = Field(default_factory=list)
    authors: list[Author] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)
    prior: list[Position] = Field(
        default_factory=list, description="Opening positions (accounts kept before this file)")

    def periods(self) -> list[str | None]:
        """The statement periods in order (labels sorted as text); ``[None]`` without labels."""
        labels = {c.period for c in self.channels} | {s.period for s in self.statements}
        named = sorted(p for p in labels if p is not None)
        return ([None] if None in labels or not named else []) + list(named)
