"""The new Excel functions, called as Excel calls them, agree with the engines they adapt."""

from __future__ import annotations

import inspect
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "udfs"))

import _excel
import xlprod_udfs as udfs

from xlprod.importers import default_mapping, map_accounts
from xlprod.kinds.cashflow.compute import spread_parts
from xlprod.kinds.royalties.compute import waterfall
from xlprod.kinds.royalties.demo import demo_input
from xlprod.kinds.royalties.model import Royalties

UDF_NAMES = sorted(name for name, f in vars(udfs).items()
                   if name.startswith("prod_") and callable(f))


def test_every_udf_has_a_docstring_and_its_own_signature():
    assert {"prod_spread", "prod_waterfall", "prod_efc", "prod_variance",
            "prod_fec_account", "prod_charges"} <= set(UDF_NAMES)
    for name in UDF_NAMES:
        f = getattr(udfs, name)
        assert f.__doc__.strip(), name
        assert f.__name__ == name
        assert "args" not in inspect.signature(f).parameters, name  # not the wrapper's


# --- prod_spread -----------------------------------------------------------------------

@given(st.integers(-10**9, 10**9), st.integers(1, 30))
def test_prod_spread_is_the_engine_month_by_month(cents, n):
    amount = cents / 100  # what a cell holds: a float
    months = [f"{2026 + k // 12}-{k % 12 + 1:02d}" for k in range(n)]
    parts = [udfs.prod_spread(amount, months[0], months[-1], m) for m in months]
    assert [Decimal(str(p)) for p in parts] == spread_parts(Decimal(cents) / 100, n)
    assert sum(Decimal(str(p)) for p in parts) == Decimal(cents) / 100


def test_prod_spread_takes_date_cells_and_lite_serials_and_is_zero_outside():
    by_text = udfs.prod_spread(1000.0, "2026-01", "2026-03", "2026-01")
    assert by_text == 333.34
    assert udfs.prod_spread(1000.0, datetime(2026, 1, 1), datetime(2026, 3, 31),
                            datetime(2026, 1, 15)) == by_text
    assert udfs.prod_spread(1000.0, 46023.0, 46082.0, 46023.0) == by_text  # 2026-01-01, 03-01
    assert udfs.prod_spread(1000.0, "2026-01", "2026-03", "2026-04") == 0


@pytest.mark.parametrize(("args", "message"), [
    ((None, "2026-01", "2026-02", "2026-01"), "#xlprod! amount: the cell is empty"),
    (("mille", "2026-01", "2026-02", "2026-01"), "#xlprod! amount: 'mille' is not a number"),
    ((True, "2026-01", "2026-02", "2026-01"), "#xlprod! amount: True is not a number"),
    ((1.0, "2026-03", "2026-01", "2026-01"), "#xlprod! la fin 2026-01 est avant le début 2026-03"),
])
def test_prod_spread_explains_a_wrong_input_in_the_cell(args, message):
    assert udfs.prod_spread(*args).startswith(message)


# --- prod_waterfall --------------------------------------------------------------------

def _demo_table() -> tuple[Royalties, list[list[object]]]:
    model = Royalties.model_validate(demo_input())
    table: list[list[object]] = [["niveau", "bénéficiaire", "part", "plafond"]]
    for c in model.corridors:
        table.append([0.0, c.beneficiary, float(c.share), None if c.cap is None else float(c.cap)])
    for level, tier in enumerate(model.tiers, start=1):
        for i, s in enumerate(tier.shares):
            cap = float(tier.cap) if tier.cap is not None and i == 0 else None
            table.append([float(level), s.beneficiary, float(s.share), cap])
    return model, [*table, [None, None, None, None]]  # a range taken larger than the table


@pytest.mark.parametrize("pot", [0.0, 0.01, 123456.78, 2_000_000.0, 9_999_999.99])
def test_prod_waterfall_is_the_engine_row_by_row(pot):
    model, table = _demo_table()
    got = udfs.prod_waterfall(pot, table)
    expected = waterfall(Decimal(str(pot)), model.corridors, model.tiers)
    assert [row[:2] for row in got[:len(expected)]] == [[p.level, p.beneficiary] for p in expected]
    assert [Decimal(str(row[2])) for row in got[:len(expected)]] == [p.amount for p in expected]
    assert sum(Decimal(str(row[2])) for row in got) == Decimal(str(pot))  # "non réparti" included


def test_prod_waterfall_reports_what_no_level_takes_and_keeps_the_user_levels():
    table = [[0.0, "SOFICA", 0.5, 10.0], [2.0, "Producteur", 1.0, 50.0]]
    assert udfs.prod_waterfall(100.0, table) == [
        [0, "SOFICA", 10.0], [2, "Producteur", 50.0], ["", "non réparti", 40.0]]


@pytest.mark.parametrize(("table", "message"), [
    ([[1.0, "A", 0.5, None]], "tiers[0].shares: les parts d'un rang doivent"),
    ([[-1.0, "A", 1.0, None]], "row 1: level -1 is not 0 (corridor) or a tier"),
    ([[1.5, "A", 1.0, None]], "row 1: level 1.5 is not 0"),
    ([[1.0, None, 1.0, None]], "row 1: the beneficiary is empty"),
    ([[1.0, "A", "moitié", None]], "row 1: share: 'moitié' is not a number"),
    ([[1.0, "A", 0.5, 10.0], [1.0, "B", 0.5, 20.0]], "row 2: tier 1 has two caps"),
])
def test_prod_waterfall_explains_a_wrong_table(table, message):
    result = udfs.prod_waterfall(100.0, table)
    assert isinstance(result, str) and result.startswith("#xlprod! "), result
    assert message in result


# --- prod_efc, prod_variance -----------------------------------------------------------

@given(*(st.integers(-10**11, 10**11) for _ in range(4)))
def test_efc_and_variance_follow_the_contract(actual, committed, etc, budget):
    a, c, e, b = (x / 100 for x in (actual, committed, etc, budget))
    efc = udfs.prod_efc(a, c, e)
    assert Decimal(str(efc)) == (Decimal(actual) + committed + etc) / 100
    assert Decimal(str(udfs.prod_variance(b, efc))) == Decimal(str(b)) - Decimal(str(efc))


def test_empty_cells_count_zero_in_efc_and_variance():
    assert udfs.prod_efc(1200.5, None, "") == 1200.5
    assert udfs.prod_variance(None, 100.0) == -100.0
    assert udfs.prod_efc(1.0, "beaucoup", 0.0) == "#xlprod! committed: 'beaucoup' is not a number"


# --- prod_fec_account ------------------------------------------------------------------

def test_prod_fec_account_uses_the_shipped_table_like_the_importer():
    accounts = ["641100", "6411", "606300", "681100", "601", "612000", "411000"]
    expected = map_accounts(accounts, default_mapping())
    for compte in accounts:
        assert udfs.prod_fec_account(compte) == (expected[compte] or "hors devis"), compte
    assert udfs.prod_fec_account(641100.0) == udfs.prod_fec_account("641100")  # a number cell


def test_prod_fec_account_takes_a_mapping_range_longest_prefix_first():
    mapping = [["préfixe", "compte"], [64.0, "2"], [641.0, 21.0], [None, None]]
    assert udfs.prod_fec_account("641100", mapping) == "21"
    assert udfs.prod_fec_account("645000", mapping) == "2"
    assert udfs.prod_fec_account("606000", mapping) == "hors devis"
    assert udfs.prod_fec_account("641100", [[641.0, 21.0]]) == "21"  # one row, no header


# --- the shared decorator --------------------------------------------------------------

def test_the_decorator_turns_library_errors_into_text_and_keeps_other_values():
    @_excel.excel(x=_excel.number())
    def f(x):
        """Doc."""
        if x < 0:
            raise ValueError("x must be positive")
        return [[x, None], [Decimal("1.5"), "ok"]]

    assert f.__doc__ == "Doc." and f.__name__ == "f"
    assert f(2.0) == [[2.0, ""], [1.5, "ok"]]
    assert f(-1.0) == "#xlprod! x must be positive"

    @_excel.excel()
    def broken():
        return {}["missing"]

    assert broken() == "#xlprod! internal error (KeyError: 'missing'); this is a bug in xlprod"


@pytest.mark.parametrize(("value", "rows"), [
    (5.0, [[5.0]]),
    ([1.0, 2.0], [[1.0, 2.0]]),
    ([[1.0, None], [None, ""], [None, 3.0]], [[1.0, None], [None, 3.0]]),
])
def test_ranges_become_rows(value, rows):
    assert _excel.rows(value) == rows
