"""The shipped reference CSVs: sourced, dated, honest about confidence, and loadable."""

from __future__ import annotations

import csv
import os
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

CSV_FILES = tuple(sorted(p.name for p in files("xlprod.reference").iterdir()
                         if p.name.endswith(".csv")))
CONFIDENCES = {"high", "medium", "M", "U"}
# The research notes' internal ids ([S27], [M], [U], [D], "domain.md B.2") mean nothing to a
# reader of the Taux sheet or of a message: a source must be a citation they can find.
RESEARCH_ID = re.compile(r"\[(S\d+[a-z]?|M|U|D)\]|domain\.md", re.IGNORECASE)


def raw_rows(name: str) -> list[dict[str, str]]:
    text = files("xlprod.reference").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_every_reference_csv_is_checked() -> None:
    assert {"social_rates.csv", "ceilings.csv", "chart_of_accounts.csv", "chapters.csv",
            "tax_credit.csv", "funder_rules.csv", "cue_usage_codes.csv",
            "role_codes.csv"} <= set(CSV_FILES)


@pytest.mark.parametrize("name", CSV_FILES)
def test_every_row_is_sourced_and_dated(name: str) -> None:
    rows = raw_rows(name)
    assert rows
    for n, row in enumerate(rows, start=2):
        assert row["source"].strip(), f"{name} line {n}: empty source"
        date.fromisoformat(row["valid_from"])
        assert row["confidence"] in CONFIDENCES, f"{name} line {n}"


@pytest.mark.parametrize("name", CSV_FILES)
def test_no_research_ids_in_any_cell(name: str) -> None:
    for n, row in enumerate(raw_rows(name), start=2):
        for column, value in row.items():
            found = RESEARCH_ID.search(value or "")
            assert found is None, f"{name} line {n}, column {column}: {found.group()!r}"


@pytest.mark.parametrize("text", ["[S27] AFIGEC", "voir [M]", "[U] à vérifier", "[D] calculé",
                                  "domain.md B.2", "[S153a] prodapp"])
def test_research_id_pattern_catches_the_old_citations(text: str) -> None:
    assert RESEARCH_ID.search(text)


@pytest.mark.parametrize("text", ["décret n° 2023-1329", "Urssaf, « Taux », urssaf.fr/x",
                                  "AICP (sections M, N)", "code du travail, art. L. 6331-55"])
def test_research_id_pattern_spares_real_citations(text: str) -> None:
    assert RESEARCH_ID.search(text) is None


def test_social_rate_columns_are_the_documented_ones() -> None:
    text = files("xlprod.reference").joinpath("social_rates.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "code,libelle,organisme,base,employer_rate,employee_rate,applies_to,artist_factor,"
        "valid_from,valid_to,source,confidence,headcount,company")


def rates_on(on: date) -> dict[str, reference.SocialRate]:
    return {r.code: r for r in reference.social_rates() if r.valid_on(on)}


@pytest.mark.parametrize("code", ["ATMP", "PREV_INT", "MT", "VM"])
def test_uncertain_values_are_flagged_u(code: str) -> None:
    for row in (r for r in reference.social_rates() if r.code == code):
        assert row.confidence == "U"


def test_company_specific_rates_are_placeholders_to_fill() -> None:
    # set on Paramètres (their ``company`` key); 0 until the user types the company's rate
    keys = {"ATMP": "atmp_rate", "PREV_INT": "prevoyance_rate", "MT": "occupational_health_rate",
            "VM": "mobility_rate"}
    for code, key in keys.items():
        row = rates_on(date(2026, 1, 1))[code]
        assert row.employer_rate == 0 and row.company == key
        assert "Paramètres" in row.libelle
    assert "CARSAT" in rates_on(date(2026, 1, 1))["ATMP"].libelle
    assert rates_on(date(2026, 1, 1))["VM"].headcount == "11+"
    assert rates_on(date(2026, 1, 1))["FNAL"].headcount == "1-49"
    assert rates_on(date(2026, 1, 1))["FNAL_50"].headcount == "50+"
    assert rates_on(date(2026, 1, 1))["APPR"].employer_rate == Decimal("0.0068")


def test_unconfirmed_values_stay_flagged() -> None:
    on = date(2025, 6, 1)
    assert rates_on(on)["PREV_CADRE"].confidence == "M"  # ANI 2017 text not checked
    assert rates_on(on)["APEC"].confidence == "medium"  # a 2019 source only
    assert rates_on(on)["AFDAS"].confidence == "medium"  # the accord, via a 2018 source
    jan26 = date(2026, 1, 1)
    for code in ("FNAL", "CDS", "CSG_D", "CSG_ND", "CRDS", "AC_SPE"):  # carried over to 2026
        assert rates_on(jan26)[code].confidence == "M", code
        assert "aucune source 2026" in rates_on(jan26)[code].source, code


def test_confirmed_values_are_high() -> None:
    jan24, jan25, jan26 = date(2024, 1, 1), date(2025, 1, 1), date(2026, 1, 1)
    for on in (jan24, jan25, jan26):
        for code in ("MAL", "VP", "VD", "AF", "CSA", "DIFFUSEUR"):
            assert rates_on(on)[code].confidence == "high", (code, on)
    for code in ("FNAL", "CDS", "CSG_D", "CSG_ND", "CRDS"):  # Urssaf's own 2024 table
        assert rates_on(jan24)[code].confidence == "high", code
    assert "décret n° 2023-1329" in rates_on(jan24)["VD"].source
    assert "art. D. 242-4" in rates_on(jan26)["VD"].source
    assert "urssaf.fr" in rates_on(jan25)["DIFFUSEUR"].source
    assert "accord interbranche du 25 septembre 2014" in rates_on(jan25)["AFDAS"].source


def test_key_rates_match_the_sources() -> None:
    jan24, jan25, jun25, jan26 = date(2024, 1, 1), date(2025, 1, 1), date(2025, 6, 1), date(2026, 1, 1)
    assert rates_on(jan24)["VD"].employer_rate == Decimal("0.0202")  # décret 2023-1329, not 1.90 %
    assert rates_on(jan25)["VD"].employer_rate == Decimal("0.0202")
    assert rates_on(jan26)["VD"].employer_rate == Decimal("0.0211")
    for on in (jan24, jan25, jan26):
        assert rates_on(on)["MAL"].employer_rate == Decimal("0.13")
        assert rates_on(on)["AF"].employer_rate == Decimal("0.0525")
        assert rates_on(on)["CSA"].employer_rate == Decimal("0.003")
        assert rates_on(on)["VD"].employee_rate == Decimal("0.004")
        assert rates_on(on)["VP"].employer_rate == Decimal("0.0855")
    assert "supprimé" in rates_on(jan26)["MAL"].libelle
    assert rates_on(jan25)["AFDAS"].employer_rate == Decimal("0.021")
    assert rates_on(jan25)["DIFFUSEUR"].employer_rate == Decimal("0.011")
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
    reduced = {"MAL", "VP", "VD", "AF", "FNAL", "FNAL_50", "ATMP", "VM"}
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


def test_ceilings_as_published() -> None:
    # year: annual, monthly (PMSS), weekly, daily, hourly — the arrêtés / Urssaf figures
    published = {2024: (46368, 3864, 892, 213, 29), 2025: (47100, 3925, 906, 216, 29),
                 2026: (48060, 4005, 924, 220, 30)}
    for year, figures in published.items():
        c = reference.ceilings(year)
        assert (c.annual, c.monthly, c.weekly, c.daily, c.hourly) == figures, year
        assert c.annual == 12 * c.monthly
        assert c.confidence == "high"
    assert "arrêté du 19 décembre 2023" in reference.ceilings(2024).source


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
GOOD = "MAL,Maladie,URSSAF,TOTAL,0.13,0,technicien,0.70,2025-01-01,,AFIGEC 2025,high\n"


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
    (GOOD.replace(",AFIGEC 2025,high", ""), "line 2, column source"),
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


ROOT = Path(__file__).parents[1]


def test_budget_doc_lists_every_contribution_as_in_the_csv() -> None:
    # docs/budget.md's rate table is generated by scripts/rates_table.py: re-run it if this fails
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "scripts/rates_table.py", "--check"], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    doc = (ROOT / "docs" / "budget.md").read_text(encoding="utf-8")
    section = doc[doc.index("<!-- rates-table:begin"):doc.index("<!-- rates-table:end")]
    for row in reference.social_rates():
        assert f"| `{row.code}` |" in section and row.source in section, row.code
    assert RESEARCH_ID.search(section) is None


def test_import_is_cheap() -> None:
    code = ("import sys, xlprod.reference, xlprod.charges; "
            "assert 'pandas' not in sys.modules and 'openpyxl' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[1])


def test_every_package_of_the_library_is_installed():
    """A new kind or package must be listed in pyproject.toml, or an installed xlprod
    (not an editable one) lacks it: the list is checked against the tree."""
    import tomllib

    from helpers import ROOT

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "xlprod").rglob("__init__.py")}
    assert found | {"xlprod.workbooks"} == listed
