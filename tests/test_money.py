from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from xlprod.money import cents, split_by_shares, split_evenly

amounts = st.decimals(min_value=-10_000_000, max_value=10_000_000, places=2)


def test_cents_rounds_half_away_from_zero_like_excel():
    assert cents(2.675) == Decimal("2.68")  # the float 2.675 is 2.67499…; ROUND gives 2.68
    assert cents(Decimal("-2.675")) == Decimal("-2.68")
    assert cents("0.005") == Decimal("0.01")


def test_split_evenly_gives_leftover_cents_to_earliest_parts():
    assert split_evenly(Decimal("100"), 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert split_evenly(Decimal("0.02"), 3) == [Decimal("0.01"), Decimal("0.01"), Decimal("0.00")]


def test_split_by_shares_largest_remainder_ties_to_first():
    assert split_by_shares(Decimal("10.01"), [Decimal("0.5"), Decimal("0.5")]) == [
        Decimal("5.01"), Decimal("5.00")]
    assert split_by_shares(Decimal("1"), [Decimal("0.3333"), Decimal("0.6667")]) == [
        Decimal("0.33"), Decimal("0.67")]


@given(amounts, st.integers(min_value=1, max_value=36))
def test_even_split_never_loses_a_cent(total, parts):
    split = split_evenly(total, parts)
    assert sum(split) == total
    assert max(split) - min(split) <= Decimal("0.01")


@given(amounts, st.lists(st.integers(min_value=1, max_value=1000), min_size=1, max_size=12))
def test_share_split_never_loses_a_cent(total, weights):
    shares = [Decimal(w) / Decimal(sum(weights)) for w in weights]
    parts = split_by_shares(total, shares)
    assert sum(parts) == total
    for part, share in zip(parts, shares, strict=True):
        assert abs(part - total * share) < Decimal("0.01")


def test_negative_shares_are_refused_and_zero_is_not_negative():
    import pytest

    with pytest.raises(ValueError, match="must not be negative"):
        split_by_shares(Decimal(100), [Decimal("1.5"), Decimal("-0.5")])
    assert [str(p) for p in split_by_shares(Decimal("-0.01"), [Decimal(1), Decimal(0)])] == [
        "-0.01", "0"]
