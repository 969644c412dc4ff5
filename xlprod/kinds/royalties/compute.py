"""The royalties engine: channels → RNPP pot → corridors and tiers → payouts, authors.

Pure and Decimal; results are Decimals (the caller serialises them). Rounding
follows the contract: every step of a channel's chain is rounded to the cent
half away from zero; the pot (a sum of cents) is split by largest remainder,
ties to the first listed, so nothing is lost to rounding and no residual cent
is left: for every period ``Σ amounts + unallocated = pot``, exactly.
``unallocated`` is only ever money past a capped last tier, or a negative pot
(a period whose corrections exceed its receipts), which is carried forward
and set against the next periods' pots before anything is shared again.

Periods run in order (:meth:`Royalties.periods`); each starts from the
positions the previous one ended with, so caps fill across periods.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlprod.errors import InvalidInput
from xlprod.kinds.royalties.model import Author, Channel, Corridor, Royalties, Tier
from xlprod.money import ZERO, cents, split_by_shares

__all__ = ["ChannelFigures", "Payout", "channel_figures", "compute", "waterfall"]

ONE = Decimal(1)
CORRIDORS = 0  #: the level of the corridors; tiers are 1, 2, …

Key = tuple[int, str]  # (level, beneficiary)


@dataclass(frozen=True)
class ChannelFigures:
    """Every step of one channel row's chain, for the auditor (None where it does not apply)."""

    ht: Decimal | None
    tsa: Decimal | None
    sacem: Decimal | None
    net_box_office: Decimal | None
    distributor_gross: Decimal
    commission_rate: Decimal
    commission: Decimal
    expenses: Decimal
    net: Decimal


@dataclass(frozen=True)
class Payout:
    """What one beneficiary gets at one level of the waterfall in one run."""

    level: int
    beneficiary: str
    amount: Decimal
    received_before: Decimal
    cap: Decimal | None  # the corridor's own cap, or the whole tier's

    @property
    def received_total(self) -> Decimal:
        return self.received_before + self.amount


def _need(channel: Channel, field: str, where: str) -> Decimal:
    value = getattr(channel, field)
    if value is None:
        raise InvalidInput(f"{where}.{field}: un canal salles a besoin de ce taux ; saisissez-le")
    return value  # type: ignore[no-any-return]


def channel_figures(channel: Channel, where: str = "channel") -> ChannelFigures:
    """The channel's chain, each step rounded to the cent (contract §2 royalties).

    Theatrical: HT = TTC ÷ (1 + TVA); TSA and SACEM on HT; net box office;
    distributor gross = rental rate × net; commission at min(rate, cap) of the
    distributor gross; net = gross − commission − expenses. Other channels
    start at their ``gross``. ``where`` names the row in error messages.
    """
    rate = channel.commission_rate
    if channel.commission_cap is not None:
        rate = min(rate, channel.commission_cap)
    expenses = cents(channel.expenses)
    if channel.box_office_ttc is None:
        gross = cents(channel.gross if channel.gross is not None else ZERO)
        commission = cents(rate * gross)
        return ChannelFigures(None, None, None, None, gross, rate, commission, expenses,
                              gross - commission - expenses)
    ht = cents(channel.box_office_ttc / (ONE + _need(channel, "vat_rate", where)))
    tsa = cents(_need(channel, "tsa_rate", where) * ht)
    sacem = cents(_need(channel, "sacem_rate", where) * ht)
    net_box_office = ht - tsa - sacem
    gross = cents(_need(channel, "rental_rate", where) * net_box_office)
    commission = cents(rate * gross)
    return ChannelFigures(ht, tsa, sacem, net_box_office, gross, rate, commission, expenses,
                          gross - commission - expenses)


def _invalid_structure(corridors: Sequence[Corridor], tiers: Sequence[Tier]) -> list[str]:
    problems = []
    if any(c.share < 0 for c in corridors) or sum((c.share for c in corridors), ZERO) > ONE:
        problems.append("corridors: les parts des couloirs doivent être positives et ne pas "
                        "dépasser 1 au total")
    for t, tier in enumerate(tiers):
        if not tier.shares or any(s.share < 0 for s in tier.shares) or (
                sum((s.share for s in tier.shares), ZERO) != ONE):
            problems.append(f"tiers[{t}].shares: les parts d'un rang doivent être positives et "
                            "faire 1 au total")
    caps = [c.cap for c in corridors] + [t.cap for t in tiers]
    if any(cap is not None and cap < 0 for cap in caps):
        problems.append("cap: un plafond ne peut pas être négatif")
    return problems


def waterfall(pot: Decimal, corridors: Sequence[Corridor], tiers: Sequence[Tier],
              prior: Mapping[Key, Decimal] | None = None) -> list[Payout]:
    """Share ``pot`` (in cents): corridors side by side, then the tiers in order.

    Every corridor takes its share of the whole pot (largest remainder across
    corridors), but no more than what is left of its cap after
    ``prior[(0, beneficiary)]``; what they leave flows to tier 1 until the tier
    (as a whole) has received its cap, counting ``prior[(1, b)]`` for its
    beneficiaries, then tier 2…; inside a tier, by its shares with largest
    remainder, ties to the first listed. One :class:`Payout` per corridor and
    per tier share, in that order; ``pot − Σ amounts`` is what no level could
    take (past a capped last tier; the whole pot if it is not positive).
    Raises :class:`InvalidInput` for shares or caps no waterfall can honour.
    """
    problems = _invalid_structure(corridors, tiers)
    if problems:
        raise InvalidInput(problems)
    before = dict(prior or {})
    pot = cents(pot)
    left = max(pot, ZERO)
    out: list[Payout] = []
    parts = split_by_shares(left, [c.share for c in corridors])
    for corridor, part in zip(corridors, parts, strict=True):
        had = before.get((CORRIDORS, corridor.beneficiary), ZERO)
        take = part if corridor.cap is None else max(ZERO, min(part, corridor.cap - had))
        out.append(Payout(CORRIDORS, corridor.beneficiary, take, had, corridor.cap))
    left -= sum((p.amount for p in out), ZERO)
    for level, tier in enumerate(tiers, start=1):
        had_each = [before.get((level, s.beneficiary), ZERO) for s in tier.shares]
        amount = left
        if tier.cap is not None:
            amount = max(ZERO, min(left, tier.cap - sum(had_each, ZERO)))
        split = split_by_shares(amount, [s.share for s in tier.shares])
        for share, had, take in zip(tier.shares, had_each, split, strict=True):
            out.append(Payout(level, share.beneficiary, take, had, tier.cap))
        left -= amount
    return out


def _by_beneficiary(payouts: Sequence[Payout]) -> dict[str, Decimal]:
    due: dict[str, Decimal] = {}
    for p in payouts:
        due[p.beneficiary] = due.get(p.beneficiary, ZERO) + p.amount
    return due


def _mg_room(author: Author) -> Decimal:
    """What the author's MG has left to recoup when the file opens."""
    return max(ZERO, cents(author.minimum_guarantee) - cents(author.recouped_before))


def _author_base(model: Royalties, rnpp: Sequence[Decimal], rows: Sequence[int],
                 author: Author) -> Decimal:
    if author.base is None:
        return sum((rnpp[i] for i in rows), ZERO)
    return sum((rnpp[i] for i in rows if model.channels[i].channel == author.base), ZERO)


def _discrepancies(due: Mapping[str, Decimal], paid: Mapping[str, Decimal]) -> list[dict[str, Any]]:
    return [{"beneficiary": b, "due": due.get(b, ZERO), "paid": p,
             "discrepancy": p - due.get(b, ZERO)} for b, p in paid.items()]


def compute(model: Royalties) -> dict[str, Any]:
    """Contract results (``channels``, ``rnpp_total``, ``payouts``, ``authors``,
    ``discrepancies``; cumulative over every period of the file), plus the
    chain of every channel row, the waterfall detail, the closing
    ``positions`` and one summary per period in ``periods``.

    Raises :class:`InvalidInput` when :func:`checks.check` would report an
    error that leaves no figure to compute (a missing theatrical rate, tier
    shares not summing to 1…).
    """
    periods = model.periods()
    figures = [channel_figures(c, f"channels[{i}]") for i, c in enumerate(model.channels)]
    # RNPP of a row = the channel's cumulative RNPP after it minus before it, where the
    # cumulative RNPP is max(MG, cumulative net): the MG counts once, in the first period.
    order = sorted(range(len(model.channels)),
                   key=lambda i: (periods.index(model.channels[i].period), i))
    rnpp = [ZERO] * len(model.channels)
    cumulative: dict[str, Decimal] = {}
    guarantee: dict[str, Decimal] = {}
    for i in order:
        channel = model.channels[i]
        if channel.minimum_guarantee is not None:
            guarantee.setdefault(channel.channel, channel.minimum_guarantee)
    cum_rnpp: dict[str, Decimal] = {}
    for i in order:
        name = model.channels[i].channel
        cumulative[name] = cumulative.get(name, ZERO) + figures[i].net
        after = cumulative[name]
        if name in guarantee:
            after = max(cents(guarantee[name]), after)
        rnpp[i] = after - cum_rnpp.get(name, ZERO)
        cum_rnpp[name] = after

    positions: dict[Key, Decimal] = {(p.level, p.beneficiary): p.received for p in model.prior}
    carried = ZERO
    detail: list[dict[str, Any]] = []
    summaries: list[dict[str, Any]] = []
    all_payouts: list[Payout] = []
    earned_to_date = [ZERO] * len(model.authors)
    recouped_to_date = [ZERO] * len(model.authors)
    # Discrepancies list beneficiaries in the order their first statement is listed.
    paid_to_date = {s.beneficiary: ZERO for s in model.statements}
    for period in periods:
        rows = [i for i in order if model.channels[i].period == period]
        pot = sum((rnpp[i] for i in rows), ZERO)
        shared = pot + carried
        payouts = waterfall(shared, model.corridors, model.tiers, positions)
        allocated = sum((p.amount for p in payouts), ZERO)
        carried = min(shared, ZERO)
        unallocated = shared - allocated - carried
        for p in payouts:
            positions[(p.level, p.beneficiary)] = p.received_total
            detail.append({"period": period, "level": p.level, "beneficiary": p.beneficiary,
                           "cap": p.cap, "received_before": p.received_before,
                           "amount": p.amount, "received_total": p.received_total})
        all_payouts += payouts
        authors = []
        for n, a in enumerate(model.authors):
            earned = cents(a.rate * _author_base(model, rnpp, rows, a))
            earned_to_date[n] += earned
            # Recouping is cumulative: what the MG has left after recouped_before, filled by
            # everything earned so far in the file.
            recouped_total = min(max(earned_to_date[n], ZERO), _mg_room(a))
            recouped = recouped_total - recouped_to_date[n]
            recouped_to_date[n] = recouped_total
            authors.append({"name": a.name, "earned": earned, "recouped": recouped,
                            "payable": earned - recouped})
        paid: dict[str, Decimal] = {}
        for s in model.statements:
            if s.period == period:
                paid[s.beneficiary] = paid.get(s.beneficiary, ZERO) + cents(s.paid)
                paid_to_date[s.beneficiary] += cents(s.paid)
        due = _by_beneficiary(payouts)
        summaries.append({
            "period": period, "rnpp_total": pot, "carried_in": shared - pot,
            "allocated": allocated, "unallocated": unallocated, "carried_out": carried,
            "payouts": [{"beneficiary": b, "due": d} for b, d in due.items()],
            "authors": authors, "discrepancies": _discrepancies(due, paid),
        })

    due_to_date = _by_beneficiary(all_payouts)
    return {
        "channels": [
            {"channel": c.channel, "period": c.period, "rnpp": rnpp[i], "ht": f.ht, "tsa": f.tsa,
             "sacem": f.sacem, "net_box_office": f.net_box_office,
             "distributor_gross": f.distributor_gross, "commission_rate": f.commission_rate,
             "commission": f.commission, "expenses": f.expenses, "net": f.net}
            for i, (c, f) in enumerate(zip(model.channels, figures, strict=True))
        ],
        "rnpp_total": sum(rnpp, ZERO),
        "payouts": [{"beneficiary": b, "due": d} for b, d in due_to_date.items()],
        "authors": [
            {"name": a.name, "earned": earned_to_date[n], "recouped": recouped_to_date[n],
             "payable": earned_to_date[n] - recouped_to_date[n],
             "mg_remaining": _mg_room(a) - recouped_to_date[n]}
            for n, a in enumerate(model.authors)
        ],
        "discrepancies": _discrepancies(due_to_date, paid_to_date),
        "unallocated": sum((s["unallocated"] for s in summaries), ZERO),
        "carried_out": carried,
        "waterfall": detail,
        "positions": [{"beneficiary": b, "level": level, "received": r}
                      for (level, b), r in positions.items()],
        "periods": summaries,
    }
