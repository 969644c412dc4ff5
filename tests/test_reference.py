"""The shipped reference CSVs: sourced, dated, honest about confidence, and loadable."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import typing
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest

from xlprod import charges, reference
from xlprod.errors import InvalidInput

CSV_FILES = ("social_rates.csv", "ceilings.csv", "chart_of_accounts.csv", "chapters.csv",
             "tax_credit.csv", "funder_rules.csv")
CONFIDENCES = {"high", "medium", "M", "U"}
# A domain.md source number, or [M] for domain knowledge that has none.
CITATION = re.compile(r"\[(S\d+[a-z]?|M)\]")


def raw_rows(name: str) -> list[dict[str, str]]:
    text = files("xlprod.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_row_is_sourced_and_dated(name: str) -> None:
    rows = raw_rows(name)
    assert rows
    for n, row in enumerate(rows, start=2):
        assert row["source"].strip(), f"{name} line {n}: empty source"
        assert CITATION.search(row["source"]), f"{name} line {n}: no [S#] or [M] citation"
        date.fromisoformat(row["valid_from"])
        assert row["confidence"] in CONFIDENCES, f"{name} line {n}"


def test_social_rate_columns_are_the_documented_ones() -> None:
    text = files("xlprod.reference").joinpath("social_rates.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "code,libelle,organisme,base,employer_rate,employee_rate,applies_to,artist_factor,"
        "valid_from,valid_to,source,confidence")


def rates_on(on: date) -> dict[str, reference.SocialRate]:
    return {r.code: r for r in reference.social_rates() if r.valid_on(on)}


@pytest.mark.parametrize("code", ["ATMP", "AFDAS", "PREV_INT", "MT", "VM"])
def test_uncertain_values_are_flagged_u(code: str) -> None:
    for row in (r for r in reference.social_rates() if r.code == code):
        assert row.confidence == "U"


def test_company_specific_rates_are_placeholders_to_fill() -> None:
    for code in ("ATMP", "PREV_INT", "MT", "VM"):
        row = rates_on(date(2026, 1, 1))[code]
        assert row.employer_rate == 0
        assert "à saisir" in row.libelle
    assert "CARSAT" in rates_on(date(2026, 1, 1))["ATMP"].libelle


def test_domain_knowledge_rows_are_flagged_m() -> None:
    on = date(2025, 6, 1)
    for code in ("APEC", "PREV_CADRE", "DIFFUSEUR"):
        assert rates_on(on)[code].confidence == "M"
    assert rates_on(date(2024, 6, 1))["VD"].confidence == "M"  # 1.90 % not in domain.md
    assert rates_on(date(2026, 6, 1))["MAL"].confidence == "U"  # domain.md: "medium [U]"


def test_key_rates_match_domain_md() -> None:
    jan25, jun25, jan26 = date(2025, 1, 1), date(2025, 6, 1), date(2026, 1, 1)
    assert rates_on(jan25)["VD"].employer_rate == Decimal("0.0202")
    assert rates_on(jan26)["VD"].employer_rate == Decimal("0.0211")
    assert rates_on(jan25)["AC"].employer_rate == Decimal("0.0405")
    assert rates_on(jun25)["AC"].employer_rate == Decimal("0.04")
    assert rates_on(jan25)["CS"].employer_rate == Decimal("0.155")
    assert rates_on(jan25)["AC_SPE"].employee_rate == Decimal("0.024")
    assert rates_on(date(2024, 3, 1))["AGS"].employer_rate == Decimal("0.002")
    assert rates_on(date(2024, 7, 1))["AGS"].employer_rate == Decimal("0.0025")
    assert rates_on(jan25)["CSG_D"].employee_rate == Decimal("0.068") * Decimal("0.9825")
    assert rates_on(jan25)["DIFFUSEUR"].applies_to == ("auteur",)
    assert rates_on(jan25)["APEC"].applies_to == ("cadre",)


def test_artist_factor_only_on_the_reduced_contributions() -> None:
    reduced = {"MAL", "VP", "VD", "AF", "FNAL", "ATMP", "VM"}
    for code, row in rates_on(date(2025, 6, 1)).items():
        expected = Decimal("0.70") if code in reduced else Decimal(1)
        assert row.artist_factor == expected, code


def test_bases_are_the_documented_ones() -> None:
    rows = rates_on(date(2026, 1, 1))
    assert {c for c, r in rows.items() if r.base == "PLAF4"} == {
        "AC", "AC_CDDU", "AC_SPE", "AGS", "APEC"}
    assert {c for c, r in rows.items() if r.base == "T2"} == {"RC_T2", "CEG_T2"}
    assert {c for c, r in rows.items() if r.base == "CET"} == {"CET"}


@pytest.mark.parametrize("on", [
    date(2024, 1, 1), date(2024, 6, 30), date(2024, 7, 1), date(2024, 12, 31),
    date(2025, 1, 1), date(2025, 4, 30), date(2025, 5, 1), date(2025, 12, 31),
    date(2026, 1, 1), date(2026, 12, 31)])
def test_every_code_has_exactly_one_row_on_every_covered_day(on: date) -> None:
    all_codes = {r.code for r in reference.social_rates()}
    valid = [r.code for r in reference.social_rates() if r.valid_on(on)]
    assert sorted(valid) == sorted(all_codes)


def test_statuses_agree_between_reference_and_engine() -> None:
    assert typing.get_args(reference.Status) == charges.STATUSES
    assert typing.get_args(reference.Unit) == charges.UNITS
    assert typing.get_args(reference.Base) == charges.BASES


def test_ceilings() -> None:
    c25, c26 = reference.ceilings(2025), reference.ceilings(2026)
    assert (c25.annual, c25.monthly, c25.weekly, c25.daily, c25.hourly) == (
        47100, 3925, 906, 216, 29)
    assert (c26.annual, c26.monthly, c26.weekly, c26.daily, c26.hourly) == (
        48060, 4005, 924, 220, 30)
    assert reference.ceilings(2024).monthly == 3864
    assert c25.confidence == "M"  # the weekly 906 is not in domain.md
    assert reference.ceilings(2024).confidence == "M"


def test_missing_ceiling_names_the_known_years() -> None:
    with pytest.raises(InvalidInput, match=r"no social-security ceiling for year 2023; "
                                           r"known years: 2024, 2025, 2026"):
        reference.ceilings(2023)


@pytest.mark.parametrize("variant", ["cinema", "audiovisuel", "publicite"])
def test_chart_of_accounts_covers_every_typed_chapter(variant: str) -> None:
    accounts = reference.chart_of_accounts(variant)
    by_chapter: dict[int, list[str]] = {}
    for a in accounts:
        by_chapter.setdefault(a.chapter, []).append(a.account)
        assert a.account.startswith(str(a.chapter))
    assert sorted(by_chapter) == [1, 2, 3, 5, 6, 7, 8, 9]  # 4 is computed
    assert all(3 <= len(v) <= 8 for v in by_chapter.values()), by_chapter
    assert len({a.account for a in accounts}) == len(accounts)


def test_chart_of_accounts_named_examples() -> None:
    cinema = {a.account: a for a in reference.chart_of_accounts("cinema")}
    assert cinema["11"].label_fr.startswith("Sujet")
    assert cinema["31"].label_fr == "Rôles principaux"
    assert cinema["31"].default_status == "artiste"
    assert cinema["51"].label_fr == "Studio"
    assert cinema["91"].label_fr == "Assurances"
    assert cinema["12"].confidence == "U"  # code number not in the sources
    assert all("AICP" in a.label_fr for a in reference.chart_of_accounts("publicite"))


@pytest.mark.parametrize("variant", ["cinema", "audiovisuel", "publicite"])
def test_chapters(variant: str) -> None:
    titles = reference.chapters(variant)
    assert [c.chapter for c in titles] == list(range(1, 10))
    assert titles[3].label_fr == "Charges sociales"


def test_cinema_chapter_8_is_post_production() -> None:
    assert reference.chapters("cinema")[7].label_fr == "Post-production"


def test_unknown_variant() -> None:
    with pytest.raises(InvalidInput, match="cinema, audiovisuel, publicite"):
        reference.chart_of_accounts("court-metrage")


def test_tax_credits() -> None:
    cinema = reference.tax_credit("cinema")
    assert cinema.rate == Decimal("0.30")
    assert cinema.eligible_chapters == (1, 2, 3, 5, 6, 7, 8)
    av = reference.tax_credit("audiovisuel")
    assert av.rate == Decimal("0.25")
    assert av.cap_per_minute("fiction", Decimal(9999)) == 1250
    assert av.cap_per_minute("fiction", Decimal(10000)) == 1500
    assert av.cap_per_minute("fiction", Decimal(39999)) == 7500
    assert av.cap_per_minute("fiction", Decimal(80000)) == 10000
    assert av.cap_per_minute("documentaire", Decimal(5000)) == 1450
    assert av.cap_per_minute("animation", Decimal(5000)) == 3000
    pub = reference.tax_credit("publicite")
    assert pub.rate == 0
    assert pub.eligible_chapters == ()


def test_funder_rules() -> None:
    rules = reference.funder_rules()
    assert rules["overhead"].cap == Decimal("0.07")
    assert rules["overhead"].confidence == "U"
    assert rules["contingency"].cap == Decimal("0.10")
    assert rules["contingency"].confidence == "M"


HEADER = ("code,libelle,organisme,base,employer_rate,employee_rate,applies_to,artist_factor,"
          "valid_from,valid_to,source,confidence\n")
GOOD = "MAL,Maladie,URSSAF,TOTAL,0.13,0,technicien,0.70,2025-01-01,,[S27] AFIGEC,high\n"


def test_malformed_csv_names_file_line_and_column(tmp_path) -> None:
    bad = tmp_path / "social_rates.csv"
    bad.write_text(HEADER + GOOD + GOOD.replace("0.13", "treize"), encoding="utf-8")
    with pytest.raises(InvalidInput) as info:
        reference._read_csv("social_rates.csv", reference.SocialRate, path=bad)
    message = str(info.value)
    assert "social_rates.csv" in message
    assert "line 3, column employer_rate" in message
    assert "'treize'" in message


@pytest.mark.parametrize(("row", "expected"), [
    (GOOD.replace("technicien", "astronaute"), "line 2, column applies_to"),
    (GOOD.replace("2025-01-01", "2025-13-01"), "line 2, column valid_from"),
    (GOOD.replace("TOTAL", "T3"), "line 2, column base"),
    (GOOD.replace(",high", ",sure"), "line 2, column confidence"),
    (GOOD.replace(",high", ",high,extra"), "line 2: 13 fields, expected 12"),
    (GOOD.replace(",[S27] AFIGEC,high", ""), "line 2, column source"),
])
def test_malformed_rows(tmp_path, row: str, expected: str) -> None:
    bad = tmp_path / "rates.csv"
    bad.write_text(HEADER + row, encoding="utf-8")
    with pytest.raises(InvalidInput, match=re.escape(expected)):
        reference._read_csv("social_rates.csv", reference.SocialRate, path=bad)


def test_missing_column_is_reported_on_line_1(tmp_path) -> None:
    bad = tmp_path / "ceilings.csv"
    bad.write_text("year,annual,monthly\n2025,47100,3925\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"ceilings.csv: line 1: missing column\(s\) source"):
        reference._read_csv("ceilings.csv", reference.Ceilings, path=bad)


def test_import_is_cheap() -> None:
    code = ("import sys, xlprod.reference, xlprod.charges; "
            "assert 'pandas' not in sys.modules and 'openpyxl' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])
