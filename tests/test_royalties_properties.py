"""Waterfall properties: the pot is conserved to the cent, caps hold, tiers fill in order."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from xlprod.kinds.royalties.compute import compute, waterfall
from xlprod.kinds.royalties.model import Corridor, Royalties, Tier, TierShare

CENT = D("0.01")
money = st.integers(min_value=0, max_value=10**9).map(lambda c: D(c) * CENT)
maybe_cap = st.one_of(st.none(), money)


@st.composite
def shares_summing_to_one(draw, names):
    """Shares in basis points summing to exactly 1 (10 000 bp)."""
    cuts = sorted(draw(st.lists(st.integers(0, 10000), min_size=len(names) - 1,
                                max_size=len(names) - 1)))
    bounds = [0, *cuts, 10000]
    return [TierShare(beneficiary=n, share=D(hi - lo) / 10000)
            for n, lo, hi in zip(names, bounds, bounds[1:], strict=False)]


@st.composite
def structures(draw):
    n_corridors = draw(st.integers(0, 3))
    bp = draw(st.lists(st.integers(0, 4000), min_size=n_corridors, max_size=n_corridors))
    corridors = [Corridor(beneficiary=f"C{i}", share=D(b) / 10000, cap=draw(maybe_cap))
                 for i, b in enumerate(bp)]
    tiers = []
    n_tiers = draw(st.integers(1, 4))
    for t in range(n_tiers):
        names = [f"T{t}-{k}" for k in range(draw(st.integers(1, 4)))]
        tiers.append(Tier(cap=draw(maybe_cap), shares=draw(shares_summing_to_one(names))))
    return corridors, tiers


@st.composite
def priors(draw, corridors, tiers):
    prior = {}
    for c in corridors:
        if draw(st.booleans()):
            prior[(0, c.beneficiary)] = draw(money)
    for level, tier in enumerate(tiers, start=1):
        for s in tier.shares:
            if draw(st.booleans()):
                prior[(level, s.beneficiary)] = draw(money)
    return prior


def _tier_room(tier, level, payouts, prior):
    if tier.cap is None:
        return None
    had = sum((prior.get((level, s.beneficiary), D(0)) for s in tier.shares), D(0))
    got = sum((p.amount for p in payouts if p.level == level), D(0))
    return max(D(0), tier.cap - had) - got


@settings(max_examples=300, deadline=None)
@given(data=st.data(), pot=money)
def test_waterfall_conserves_respects_caps_and_order(data, pot):
    corridors, tiers = data.draw(structures())
    prior = data.draw(priors(corridors, tiers))
    out = waterfall(pot, corridors, tiers, prior)
    total = sum((p.amount for p in out), D(0))
    unallocated = pot - total
    assert all(p.amount >= 0 and p.amount == p.amount.quantize(CENT) for p in out)
    # conserved: nothing is left over unless the last tier is capped (and then it is full)
    assert unallocated >= 0
    if tiers[-1].cap is None:
        assert unallocated == 0
    else:
        assert unallocated == 0 or _tier_room(tiers[-1], len(tiers), out, prior) == 0
    # no corridor beyond its cap, nor beyond its share of the pot (+ the one cent of rounding)
    for c, p in zip(corridors, out, strict=False):
        assert p.amount <= c.share * pot + CENT
        if c.cap is not None:
            had = prior.get((0, c.beneficiary), D(0))
            assert p.amount <= max(D(0), c.cap - had)
    # no tier beyond its cap; no tier paid before the previous one is full
    for level, tier in enumerate(tiers, start=1):
        room = _tier_room(tier, level, out, prior)
        assert room is None or room >= 0
        paid_later = any(p.amount > 0 for p in out if p.level > level)
        if paid_later:
            assert room == 0


@settings(max_examples=100, deadline=None)
@given(data=st.data(), grosses=st.lists(st.tuples(st.integers(1, 4), money, money), max_size=8))
def test_periods_conserve_the_pot_and_fill_caps_once(data, grosses):
    """Over any number of periods: Σ dues + unallocated + deficit still carried = Σ RNPP,
    and no cap is exceeded in total."""
    corridors, tiers = data.draw(structures())
    model = Royalties(
        title="p", corridors=corridors, tiers=tiers,
        channels=[{"channel": f"ch{i}", "period": f"2026-T{q}", "gross": g, "expenses": e}
                  for i, (q, g, e) in enumerate(grosses)],
    )
    r = compute(model)
    due = sum((p["due"] for p in r["payouts"]), D(0))
    assert due + r["unallocated"] + r["carried_out"] == r["rnpp_total"]
    for c in corridors:
        got = sum(w["amount"] for w in r["waterfall"] if (w["level"], w["beneficiary"]) == (
            0, c.beneficiary))
        assert c.cap is None or got <= c.cap
    for level, tier in enumerate(tiers, start=1):
        got = sum(w["amount"] for w in r["waterfall"] if w["level"] == level)
        assert tier.cap is None or got <= tier.cap


@settings(max_examples=200, deadline=None)
@given(earned=st.lists(money, min_size=1, max_size=5), mg=money)
def test_author_recoups_the_guarantee_once(earned, mg):
    """Whatever the periods, payable to date = max(0, earned to date − MG)."""
    model = Royalties(
        title="a", tiers=[Tier(shares=[TierShare(beneficiary="P", share=D(1))])],
        channels=[{"channel": "tv", "period": f"2026-{i:02d}", "gross": g}
                  for i, g in enumerate(earned)],
        authors=[{"name": "A", "rate": D(1), "minimum_guarantee": mg}],
    )
    author = compute(model)["authors"][0]
    assert author["earned"] == sum(earned, D(0))
    assert author["payable"] == max(D(0), sum(earned, D(0)) - mg)
    assert author["recouped"] + author["payable"] == author["earned"]
