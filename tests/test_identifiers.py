"""ISAN, ISRC, ISWC and IPI checks, and the cue usage and role code tables."""

from __future__ import annotations

import csv
import io
from datetime import date
from importlib.resources import files

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import isan as stdnum_isan

from xlprod.identifiers import (
    ipi_problem,
    isan_problem,
    isan_valid,
    isrc_problem,
    iswc_problem,
    role_codes,
    usage_codes,
)

# --- ISAN --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0000-0001-8947-0000-8-0000-0000-D",  # the contract's example
        "0000-0000-D07A-0090-Q-0000-0000-X",
        "1881-66C7-3420-6541-Y-9F3A-0245-O",
        "B159-D8FA-0124-0000-K",  # root + episode + check 1, no version
        "0000000189470000800000000D",  # no hyphens
        "0000-0001-8947-0000",  # no check characters
        "000000018947000000000000",  # with version, no check characters
        "0000 0001 8947 0000 8 0000 0000 D",
        "0000-0001-8947-0000-8-0000-0000-d",
        "ISAN 0000-0001-8947-0000-8-0000-0000-D",
        "URN:ISAN:0000-0001-8947-0000-8-0000-0000-D",
        " 0000-0001-8947-0000-8-0000-0000-D ",
    ],
)
def test_isan_valid(value: str) -> None:
    assert isan_problem(value) is None
    assert isan_valid(value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "0000-0001-8947-0000-9-0000-0000-D",
            'ISAN "0000-0001-8947-0000-9-0000-0000-D": check character 1 "9" does not match '
            'the 16 digits before it (expected "8" if they are right; '
            "XXXX-XXXX-XXXX-XXXX-C-XXXX-XXXX-C, hex digits 0-9 A-F)",
        ),
        ("0000-0001-8947-0000-8-0000-0000-E", 'check character 2 "E" does not match'),
        ("B159-D8FA-0124-0000-L", 'check character 1 "L"'),
        ("0000-0001-8947-0001-8-0000-0000-D", 'check character 1 "8"'),  # a mistyped digit
        ("0000-0001-8947-000G-8-0000-0000-D", "only hex digits 0-9 A-F are allowed, not G"),
        ("0000-0001-8947", "has 12 characters without hyphens; expected 16, 17, 24 or 26"),
        ("0000-0001-8947-0000-8-0000-0000-D-1", "has 27 characters"),
        ("", "ISAN is empty"),
        ("   ", "ISAN is empty"),
    ],
)
def test_isan_problem(value: str, message: str) -> None:
    problem = isan_problem(value)
    assert problem is not None and message in problem
    assert not isan_valid(value)


def test_isan_not_text() -> None:
    assert isan_problem(None) == "ISAN None is not text"  # type: ignore[arg-type]


@given(st.text("0123456789ABCDEF", min_size=24, max_size=24))
def test_isan_check_characters_round_trip(digits: str) -> None:
    full = stdnum_isan.format(digits)  # adds both check characters
    assert isan_valid(full)
    wrong = "0" if full[-1] != "0" else "1"
    assert not isan_valid(full[:-1] + wrong)


# --- ISRC --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "FR-Z03-14-00123",
        "USRC17607839",
        "fr-z03-14-00123",
        "FR Z03 14 00123",
        "ISRC FR-Z03-14-00123",
        "FX-ABC-99-00001",
    ],
)
def test_isrc_valid(value: str) -> None:
    assert isrc_problem(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("XX-Z03-14-00123", 'ISRC "XX-Z03-14-00123": country code "XX" is not allocated'),
        ("F1-Z03-14-00123", 'country code "F1" must be two letters'),
        ("FR-Z_3-14-00123", 'registrant "Z_3" must be 3 letters or digits'),
        ("FR-Z03-1A-00123", 'year "1A" must be 2 digits'),
        ("FR-Z03-14-0012X", 'designation "0012X" must be 5 digits'),
        ("FR-Z03-14-0012", "has 11 characters without hyphens; expected 12 (CC-XXX-YY-NNNNN"),
        ("", "ISRC is empty"),
    ],
)
def test_isrc_problem(value: str, message: str) -> None:
    problem = isrc_problem(value)
    assert problem is not None and message in problem


# --- ISWC --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "T-034.524.680-1",
        "T0345246801",
        "T-034524680-1",
        "t-034.524.680-1",
        "ISWC T-034.524.680-1",
        "T 034 524 680 1",
    ],
)
def test_iswc_valid(value: str) -> None:
    assert iswc_problem(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "T-034.524.680-2",
            'ISWC "T-034.524.680-2": check digit "2" does not match the 9 digits before it '
            '(expected "1" if they are right; T-123.456.789-C)',
        ),
        ("T-034.524.681-1", 'check digit "1" does not match'),  # a mistyped digit
        ("034.524.680-1", 'must start with "T"'),
        ("T-034.524.68-1", 'has 9 digits after "T"; expected 9 and a check digit'),
        ("T-034.524.680-X", 'after "T" only digits are allowed'),
        ("", "ISWC is empty"),
    ],
)
def test_iswc_problem(value: str, message: str) -> None:
    problem = iswc_problem(value)
    assert problem is not None and message in problem


@given(st.text("0123456789", min_size=9, max_size=9))
def test_iswc_exactly_one_check_digit_fits(digits: str) -> None:
    fits = [c for c in "0123456789" if iswc_problem(f"T-{digits}-{c}") is None]
    assert len(fits) == 1


# --- IPI ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["00052210040", "522100407", "0522100407", 522100407, " 00052210040 "]
)
def test_ipi_valid_form(value: str | int) -> None:
    assert ipi_problem(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12345678", 'IPI "12345678" has 8 digits; expected 9 to 11 digits'),
        ("000522100401", "has 12 digits"),
        ("0005221004A", "an IPI name number has digits only"),
        ("", "IPI is empty"),
    ],
)
def test_ipi_problem(value: str, message: str) -> None:
    problem = ipi_problem(value)
    assert problem is not None and message in problem


# --- code tables -------------------------------------------------------------------------

HEADER = ["code", "label_fr", "label_en", "source", "valid_from", "confidence"]


@pytest.mark.parametrize("name", ["cue_usage_codes.csv", "role_codes.csv"])
def test_code_tables_are_dated_and_sourced(name: str) -> None:
    text = files("xlprod").joinpath("reference", name).read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADER
    codes = [r[0] for r in rows[1:]]
    assert len(codes) == len(set(codes))
    for code, fr, en, source, valid_from, confidence in rows[1:]:
        assert code.isupper() and fr and en
        assert source.strip()
        date.fromisoformat(valid_from)
        assert confidence in {"high", "medium", "M", "U"}


def test_usage_codes() -> None:
    codes = usage_codes()
    assert codes["BI"] == ("fond sonore instrumental", "Background Instrumental")
    assert codes["OT"] == ("générique début", "Opening Theme")
    # every code the contract names
    assert {"OT", "CT", "BI", "BV", "VI", "VV", "VS", "EE"} <= codes.keys()


def test_role_codes() -> None:
    codes = role_codes()
    assert set(codes) == {"C", "A", "CA", "AR", "AD", "TR", "SA", "SR", "E", "SE", "AM"}
    assert codes["CA"] == ("compositeur-auteur", "Composer/Author")
    assert codes["E"][0] == "éditeur"


def test_code_tables_are_fresh_copies() -> None:
    usage_codes().clear()
    assert "BI" in usage_codes()
