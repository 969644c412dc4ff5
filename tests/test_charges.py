"""The charges engine: hand-worked examples from the shipped CSV rates, then properties.

Employer rates summed per base, as shipped (percent):

    2025-06-01 (after assurance chômage 4.05 → 4.00 % on 1 May 2025)
      technicien  TOTAL  MAL 13 + VD 2.02 + AF 5.25 + CSA 0.30 + CDS 0.016 + CS 15.50
                         + AFDAS 2.10 + APPR 0.68 (+ ATMP, VM, MT at 0)      = 38.866
                  T1     VP 8.55 + FNAL 0.10 + RC_T1 4.72 + CEG_T1 1.29 (+ PREV_INT 0) = 14.66
                  T2     RC_T2 12.95 + CEG_T2 1.62                            = 14.57
                  PLAF4  AC 4.00 + AC_CDDU 0.50 + AC_SPE 5.00 + AGS 0.25      =  9.75
                  CET    0.21
      artiste     ×0.70 on MAL, VP, VD, AF, FNAL (ATMP, VM at 0):
                  TOTAL  9.10 + 1.414 + 3.675 + 0.30 + 0.016 + 15.50 + 2.10 + 0.68 = 32.785
                  T1     5.985 + 0.07 + 4.72 + 1.29                           = 12.065
    2024          as 2025-01-01 (VD 2.02 since 1 January 2024, décret 2023-1329; AC 4.05),
                  but AGS 0.20 until 30 June 2024 → PLAF4 9.75, then 0.25 → 9.80.
    2026-01-01    VD 2.11 instead of 2.02 → TOTAL 38.956; cadre adds PREV_CADRE 1.50
                  on T1 (→ 16.16) and APEC 0.036 on PLAF4 (→ 9.786);
                  artiste TOTAL 9.10 + 1.477 + 3.675 + 0.30 + 0.016 + 15.50 + 2.10 + 0.68
                  = 32.848, T1 12.065, T2 14.57, PLAF4 9.75, CET 0.21.
                  Under the artists' DFS (dfs.csv: 18 % in 2026, cap 7 600 €) the
                  contributions kept on the whole gross: TOTAL CS 15.50 (+ MT 0),
                  PLAF4 AC 4.00 + AC_CDDU 0.50 + AC_SPE 5.00 + AGS 0.25 = 9.75.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlprod.charges import (
    BASES,
    STATUSES,
    UNITS,
    Company,
    charges_for,
    employee_contributions,
    employer_charges,
    line_ceiling,
    line_dfs,
    line_hours,
    line_reduction,
    rate_table,
)
from xlprod.errors import InvalidInput

D = Decimal
JUNE_2025 = date(2025, 6, 1)
JAN_2026 = date(2026, 1, 1)


# --- hand-worked examples -------------------------------------------------------------

def test_technicien_week_2025_domain_b3_example() -> None:
    # domain.md B.3: a technicien's 39-h week at 1 500 €, 2025 (May on), < 50 employees.
    # Default ceiling (prorata): 5 paid days / 30 × 3 925 = 654.1666… → 654.17 €:
    # No reduced rate: 1 500 > 2.25 × 11.88 × 35 h = 935.55 and > 3.3 × 11.88 × 35 = 1 372.14.
    #   TOTAL 1 500 × 38.866 %                         = 582.99
    #   T1      654.17 × 14.66 %                       =  95.901322
    #   T2      845.83 × 14.57 %  (1 500 − 654.17)     = 123.237431
    #   PLAF4 1 500 × 9.75 %   (min(1 500, 2 616.68))  = 146.25
    #   CET   1 500 × 0.21 %   (1 500 > 654.17)        =   3.15
    #   sum 951.528753 → 951.53
    assert charges_for(D("1500"), "technicien", JUNE_2025, "semaine") == D("951.53")
    # Option "unit": the published weekly ceiling 2025 is 906 €:
    #   TOTAL 1 500 × 38.866 %                    = 582.99
    #   T1      906 × 14.66 %                     = 132.8196
    #   T2      594 × 14.57 %  (1 500 − 906)      =  86.5458
    #   PLAF4 1 500 × 9.75 %   (min(1 500, 3 624)) = 146.25
    #   CET   1 500 × 0.21 %   (1 500 > 906)      =   3.15
    #   sum 951.7554 → 951.76   (B.3's ≈ 907 € had no T2/CET split, no CDS, Afdas, apprentissage)
    assert charges_for(D("1500"), "technicien", JUNE_2025, "semaine", method="unit") == D("951.76")


def test_the_same_week_gives_the_same_ceiling_in_any_unit() -> None:
    # 5 jours = 1 semaine = 35 heures = 5 paid days: 3 925 × 5 / 30 = 654.17 € (2025)
    table = rate_table(JUNE_2025)
    assert {line_ceiling(table, unit, "technicien", q) for unit, q in
            (("jour", 5), ("semaine", 1), ("heure", 35))} == {D("654.17")}
    # a month is the whole monthly ceiling: 30 / 30 × 3 925
    assert line_ceiling(table, "mois", "technicien") == D("3925.00")


def test_technicien_day_2026() -> None:
    # 200 € for one day, 2026: ceiling 4 005 / 30 = 133.50 € (the unit method had 220 €):
    # (no reduced rate in 2026; the RGDU is an option, off by default)
    #   TOTAL 200 × 38.956 % = 77.912;  T1 133.50 × 14.66 % = 19.5711
    #   T2 66.50 × 14.57 % = 9.68905;   PLAF4 200 × 9.75 % = 19.50;  CET 200 × 0.21 % = 0.42
    #   sum 127.09215 → 127.09
    assert charges_for(D("200"), "technicien", 2026, "jour") == D("127.09")
    # unit method: 200 × (38.956 + 14.66 + 9.75) % = 200 × 63.366 % = 126.732 → 126.73
    assert charges_for(D("200"), "technicien", 2026, "jour", method="unit") == D("126.73")


def test_technicien_day_2024_uses_vieillesse_deplafonnee_2_02() -> None:
    # 200 € for one day, 2024: ceiling 3 864 / 30 = 128.80 €.
    # March 2024: TOTAL 38.866 (VD 2.02, not 1.90), T1 14.66, PLAF4 4.05 + 0.50 + 5.00
    # + AGS 0.20 = 9.75. Low pay: 200 ≤ 2.5 SMIC × 7 h = 2.5 × 11.65 × 7 = 203.875 (maladie
    # 7 %, cut 6 points) and ≤ 3.5 × 11.65 × 7 = 285.425 (AF 3.45 %, cut 1.80): ρ = 7.80 %.
    #   TOTAL 200 × (38.866 − 7.80) % = 62.132;  T1 128.80 × 14.66 % = 18.88208
    #   T2 71.20 × 14.57 % = 10.37384;  PLAF4 200 × 9.75 % = 19.50;  CET 0.42
    #   sum 111.30792 → 111.31   (with the old 1.90 %: 0.24 = 200 × 0.12 % less)
    assert charges_for(D("200"), "technicien", date(2024, 3, 1), "jour") == D("111.31")
    # September 2024, AGS 0.25: PLAF4 + 200 × 0.05 % = + 0.10 → 111.40792 → 111.41
    assert charges_for(D("200"), "technicien", date(2024, 9, 1), "jour") == D("111.41")
    # unit method (daily ceiling 213 €, all on T1): 200 × (63.276 − 7.80) % = 110.952 → 110.95
    assert charges_for(D("200"), "technicien", date(2024, 3, 1), "jour",
                       method="unit") == D("110.95")
    # Reduced rates switched off (Paramètres): + 200 × 7.80 % = 15.60 → 126.90792 → 126.91
    table = rate_table(date(2024, 3, 1), Company(reduced_rates=False))
    assert line_reduction(table, "technicien", D("200"), 7) == 0
    assert employer_charges(D("200"), "technicien", line_ceiling(table, "jour", "technicien"),
                            table) == D("126.91")


def test_cadre_week_2026_crosses_the_t1_ceiling() -> None:
    # A cadre's week at 3 100 €, 2026, ceiling 4 005 × 5 / 30 = 667.50 €:
    #   TOTAL 3 100 × 38.956 %                        = 1 207.636
    #   T1      667.50 × 16.16 %                      =   107.868
    #   T2    2 432.50 × 14.57 %  (min(3 100, 5 340) − 667.50) = 354.41525
    #   PLAF4 2 670 × 9.786 %   (min(3 100, 4 × 667.50)) = 261.2862
    #   CET   3 100 × 0.21 %                          =     6.51
    #   sum 1 937.71545 → 1 937.72
    assert charges_for(D("3100"), "cadre", 2026, "semaine") == D("1937.72")
    # Option "unit", weekly ceiling 924 €:
    #   TOTAL 3 100 × 38.956 %                      = 1 207.636
    #   T1      924 × 16.16 %                       =   149.3184
    #   T2    2 176 × 14.57 %  (min(3 100, 7 392) − 924) = 317.0432
    #   PLAF4 3 100 × 9.786 %  (min(3 100, 3 696))  =   303.366
    #   CET   3 100 × 0.21 %                        =     6.51
    #   sum 1 983.8736 → 1 983.87
    assert charges_for(D("3100"), "cadre", 2026, "semaine", method="unit") == D("1983.87")


def test_comedien_one_cachet_2025() -> None:
    # One 450 € cachet (an engagement under 5 days): ceiling 12 × 29 = 348 €:
    # (artists on the 70 % rates have no reduced rate)
    #   TOTAL 450 × 32.785 % = 147.5325;  T1 348 × 12.065 % = 41.9862
    #   T2 102 × 14.57 % = 14.8614;  PLAF4 450 × 9.75 % = 43.875;  CET 450 × 0.21 % = 0.945
    #   sum 249.2001 → 249.20
    assert charges_for(D("450"), "artiste", JUNE_2025, "cachet") == D("249.20")


def test_five_cachets_take_the_pay_period_ceiling() -> None:
    # 5 consecutive cachets at 450 € = 2 250 €: from 5 days the 12 × hourly rule stops;
    # ceiling 3 925 × 5 / 30 = 654.17 € (not 5 × 348 = 1 740 €):
    #   TOTAL 2 250 × 32.785 % = 737.6625;  T1 654.17 × 12.065 % = 78.92561
    #   T2 1 595.83 × 14.57 % = 232.512431;  PLAF4 2 250 × 9.75 % = 219.375 (≤ 4 × 654.17)
    #   CET 2 250 × 0.21 % = 4.725;  sum 1 273.200541 → 1 273.20
    table = rate_table(JUNE_2025)
    assert line_ceiling(table, "cachet", "artiste", 5) == D("654.17")
    assert line_ceiling(table, "cachet", "artiste", 4) == D("1392.00")  # 4 × 348, still short
    assert charges_for(D("2250"), "artiste", JUNE_2025, "cachet", 5) == D("1273.20")


def test_author_rights_under_the_new_default() -> None:
    # 10 000 € of rights: the contribution diffuseur only, no ceiling: 10 000 × 1.1 % = 110.00
    assert charges_for(D("10000"), "auteur", JUNE_2025, "forfait") == D("110.00")


def test_artiste_two_cachets_2025() -> None:
    # Two cachets at 400 € = 800 €; ceiling 2 × 12 × 29 € = 696 €:
    #   TOTAL 800 × 32.785 % = 262.28
    #   T1    696 × 12.065 % =  83.9724
    #   T2    104 × 14.57 %  =  15.1528
    #   PLAF4 800 × 9.75 %   =  78.00
    #   CET   800 × 0.21 %   =   1.68
    #   sum 441.0852 → 441.09
    assert charges_for(D("800"), "artiste", JUNE_2025, "cachet", 2) == D("441.09")


def test_auteur_only_pays_the_contribution_diffuseur() -> None:
    # 1 234.56 × 1.1 % = 13.58016 → 13.58, whatever the unit or ceiling.
    assert charges_for(D("1234.56"), "auteur", 2025, "forfait") == D("13.58")
    assert charges_for(D("10000"), "auteur", 2026, "semaine", 10) == D("110.00")


def test_facture_carries_no_charges() -> None:
    assert charges_for(D("25000"), "facture", 2026, "forfait") == D("0.00")


def test_employee_contributions_technicien_week_2025() -> None:
    # Employee rates: TOTAL VD 0.40 + CSG 6.68100 + CSG 2.35800 + CRDS 0.49125 = 9.93025 %
    # T1 VP 6.90 + RC_T1 3.15 + CEG_T1 0.86 = 10.91 %; T2 8.64 + 1.08 = 9.72 %;
    # PLAF4 AC_SPE 2.40 %; CET 0.14 %.
    #   1 500 × 9.93025 % = 148.95375; 906 × 10.91 % = 98.8446; 594 × 9.72 % = 57.7368;
    #   1 500 × 2.40 % = 36; 1 500 × 0.14 % = 2.10 → 343.63515 → 343.64
    table = rate_table(JUNE_2025)
    assert employee_contributions(D("1500"), "technicien", D("906"), table) == D("343.64")


def test_assurance_chomage_drops_on_1_may_2025() -> None:
    # A 1 000 € week: only AC moves, on PLAF4 = min(1 000, 4 × 906) = 1 000 €,
    #   1 000 × (4.05 − 4.00) % = 0.50 exactly, so both roundings agree.
    before = charges_for(D("1000"), "technicien", date(2025, 4, 30))
    after = charges_for(D("1000"), "technicien", date(2025, 5, 1))
    assert before - after == D("0.50")


def test_aggregates() -> None:
    jan25 = rate_table(date(2025, 1, 1)).aggregate("technicien")
    assert jan25 == {"TOTAL": D("0.38866"), "T1": D("0.1466"), "T2": D("0.1457"),
                     "PLAF4": D("0.098"), "CET": D("0.0021")}
    # 2024 has 2025's TOTAL (VD 2.02 from 1 January 2024) and AGS 0.20 → 0.25 on 1 July
    mar24 = rate_table(date(2024, 3, 1)).aggregate("technicien")
    assert (mar24["TOTAL"], mar24["PLAF4"]) == (D("0.38866"), D("0.0975"))
    assert rate_table(date(2024, 9, 1)).aggregate("technicien")["PLAF4"] == D("0.098")
    cadre26 = rate_table(JAN_2026).aggregate("cadre")
    assert cadre26 == {"TOTAL": D("0.38956"), "T1": D("0.1616"), "T2": D("0.1457"),
                       "PLAF4": D("0.09786"), "CET": D("0.0021")}
    artiste = rate_table(JUNE_2025).aggregate("artiste")
    assert (artiste["TOTAL"], artiste["T1"]) == (D("0.32785"), D("0.12065"))
    assert rate_table(JAN_2026).aggregate("auteur") == {**dict.fromkeys(BASES, D(0)),
                                                       "TOTAL": D("0.011")}
    assert set(rate_table(JAN_2026).aggregate("facture").values()) == {D(0)}


@pytest.mark.parametrize(("unit", "status", "expected"), [
    ("heure", "technicien", 29), ("jour", "technicien", 216), ("jour", "artiste", 348),
    ("cachet", "artiste", 348), ("cachet", "technicien", 348), ("semaine", "cadre", 906),
    ("mois", "cadre", 3925), ("forfait", "technicien", 3925)])
def test_unit_ceiling_2025(unit: str, status: str, expected: int) -> None:
    assert rate_table(JUNE_2025).unit_ceiling(unit, status) == expected


def test_line_ceiling_multiplies_quantity_and_count() -> None:
    # prorata: 7 weeks × 2 people × 5 days = 70 days: 4 005 × 70 / 30 = 9 345.00
    assert line_ceiling(rate_table(JAN_2026), "semaine", "technicien", 7, 2) == D("9345.00")
    # 7.5 hours = 7.5 / 7 days: 4 005 × 7.5 / 210 = 143.0357… → 143.04
    assert line_ceiling(rate_table(JAN_2026), "heure", "cadre", D("7.5"), 1) == D("143.04")
    assert line_ceiling(rate_table(JAN_2026), "semaine", "technicien", 7, 2,
                        "unit") == 924 * 14
    assert line_ceiling(rate_table(JAN_2026), "heure", "cadre", D("7.5"), 1,
                        "unit") == D("225.0")


def test_technicien_2025_under_the_reduced_family_rate() -> None:
    # A technicien week at 1 200 €, June 2025, 35 h (5 paid days × 7 h), SMIC 11.88 €:
    #   maladie: 1 200 > 2.25 × 11.88 × 35 = 935.55 → full 13 %
    #   AF:      1 200 ≤ 3.3 × 11.88 × 35 = 1 372.14 → 3.45 % instead of 5.25 %: ρ = 1.80 %
    # Ceiling 654.17 (3 925 × 5 / 30):
    #   TOTAL 1 200 × (38.866 − 1.80) % = 444.792;  T1 654.17 × 14.66 % = 95.901322
    #   T2 545.83 × 14.57 % = 79.527431;  PLAF4 1 200 × 9.75 % = 117.00;  CET 1 200 × 0.21 % = 2.52
    #   sum 739.740753 → 739.74
    table = rate_table(JUNE_2025)
    assert line_hours("semaine") == 35
    assert line_reduction(table, "technicien", D("1200"), 35) == D("0.018")
    assert charges_for(D("1200"), "technicien", JUNE_2025, "semaine") == D("739.74")
    # Both reduced rates at 900 € (≤ 935.55): ρ = 7.80 %, and never for an artist.
    assert line_reduction(table, "cadre", D("900"), 35) == D("0.078")
    assert line_reduction(table, "artiste", D("900"), 35) == 0


def test_rgdu_2026_is_an_option() -> None:
    # A technicien at 1 200 € for 35 h in 2026, under 50 employees, RGDU on:
    #   3 SMIC = 3 × 12.02 × 35 = 1 262.10 > 1 200, so
    #   C = 0.02 + 0.3773 × (½ × (1 262.10 / 1 200 − 1))^1.75 = 0.02 + 0.3773 × 0.025875^1.75
    #     = 0.02 + 0.3773 × 0.0016691… = 0.0206297… → 0.0206 (4 decimals)
    on = date(2026, 1, 1)
    assert line_reduction(rate_table(on), "technicien", D("1200"), 35) == 0  # off by default
    table = rate_table(on, Company(rgdu=True))
    assert line_reduction(table, "technicien", D("1200"), 35) == D("0.0206")
    # From 50 employees Tδ is 0.3813: 0.02 + 0.3813 × 0.0016691 = 0.020636 → 0.0206; at 3 SMIC
    # and above, nothing; far below it the coefficient stops at Tmin + Tδ = 0.3973.
    big = rate_table(on, Company(rgdu=True, headcount_band="50+"))
    assert line_reduction(big, "cadre", D("1200"), 35) == D("0.0206")
    assert line_reduction(table, "technicien", D("1262.10"), 35) == 0
    assert line_reduction(table, "technicien", D("100"), 35) == D("0.3973")
    assert line_reduction(table, "artiste", D("1200"), 35) == 0


def test_company_parameters_set_their_rates() -> None:
    # AT/MP 1.10 % (artists × 0.70 = 0.77 %), prévoyance non-cadres 1.00 % on T1,
    # versement mobilité 3.20 % due from 11 employees, FNAL 0.50 % on the total from 50.
    company = Company(headcount_band="50+", rates=(("atmp_rate", D("0.011")),
                                                   ("prevoyance_rate", D("0.01")),
                                                   ("mobility_rate", D("0.032"))))
    table = rate_table(JAN_2026, company)
    tech, art = table.aggregate("technicien"), table.aggregate("artiste")
    # TOTAL 38.956 + 1.10 + 3.20 + 0.50 = 43.756 %;  T1 14.66 − 0.10 (FNAL) + 1.00 = 15.56 %
    assert (tech["TOTAL"], tech["T1"]) == (D("0.43756"), D("0.1556"))
    # artiste 2026 TOTAL 32.168 + 0.68 + (1.10 + 3.20 + 0.50) × 0.70 = 36.208 %
    assert art["TOTAL"] == D("0.36208")
    small = rate_table(JAN_2026, Company(rates=(("mobility_rate", D("0.032")),)))
    assert small.aggregate("technicien")["TOTAL"] == D("0.38956")  # no VM under 11


# --- errors ---------------------------------------------------------------------------

def test_comedien_cachet_2026_with_and_without_the_dfs() -> None:
    # One 450 € cachet in 2026: ceiling 12 × 30 = 360 €.
    # Without the DFS:
    #   TOTAL 450 × 32.848 % = 147.816;  T1 360 × 12.065 % = 43.434
    #   T2 (450 − 360) × 14.57 % = 13.113;  PLAF4 450 × 9.75 % = 43.875
    #   CET 450 × 0.21 % = 0.945;  sum 249.183 → 249.18
    # With it: DFS = MIN(ROUND(450 × 18 %), 7 600, ROUND(450 − 12.02 × 7)) = MIN(81, 7 600,
    # 365.86) = 81.00; base b = 369:
    #   TOTAL 369 × 32.848 % = 121.20912;  T1 360 × 12.065 % = 43.434
    #   T2 9 × 14.57 % = 1.3113;  PLAF4 369 × 9.75 % = 35.9775;  CET 369 × 0.21 % = 0.7749
    #   kept on the gross: 81 × 15.50 % = 12.555 (CS) + (450 − 369) × 9.75 % = 7.8975
    #   sum 223.15932 → 223.16 (25.02 € less)
    table = rate_table(JAN_2026)
    ceiling = line_ceiling(table, "cachet", "artiste")
    assert ceiling == D("360.00")
    dfs = line_dfs(table, "artiste", D("450"), line_hours("cachet"))
    assert dfs == D("81.00")
    assert employer_charges(D("450"), "artiste", ceiling, table) == D("249.18")
    assert employer_charges(D("450"), "artiste", ceiling, table, deduction=dfs) == D("223.16")
    assert table.aggregate_gross("artiste") == {"TOTAL": D("0.155"), "T1": 0, "T2": 0,
                                                "PLAF4": D("0.0975"), "CET": 0}


def test_dfs_is_capped_at_7600_per_person_and_by_the_smic() -> None:
    table = rate_table(JAN_2026)
    # A 500 000 € lead (10 weeks): 18 % would be 90 000 €, capped at 7 600 €; ceiling
    # 4 005 × 50 / 30 = 6 675 €, base b = 492 400:
    #   TOTAL 492 400 × 32.848 % = 161 743.552;  T1 6 675 × 12.065 % = 805.33875
    #   T2 (53 400 − 6 675) × 14.57 % = 6 807.8325;  PLAF4 26 700 × 9.75 % = 2 603.25
    #   CET 53 400 × 0.21 % = 112.14;  gross kept: 7 600 × 15.50 % = 1 178 (PLAF4 is
    #   capped at 4 ceilings either way);  sum 173 250.11325 → 173 250.11
    #   (without: 164 240 + 805.33875 + 6 807.8325 + 2 603.25 + 112.14 = 174 568.56)
    hours = line_hours("semaine", 10)
    ceiling = line_ceiling(table, "semaine", "artiste", 10)
    assert line_dfs(table, "artiste", D("500000"), hours) == D("7600")
    assert line_dfs(table, "artiste", D("500000"), hours, count=2) == D("15200")  # 2 people
    assert employer_charges(D("500000"), "artiste", ceiling, table,
                            deduction=D("7600")) == D("173250.11")
    assert employer_charges(D("500000"), "artiste", ceiling, table) == D("174568.56")
    # A 90 € cachet: the base may not fall under the SMIC of its 7 hours (12.02 × 7 =
    # 84.14): DFS = MIN(16.20, 7 600, 90 − 84.14) = 5.86; b = 84.14 (under the ceiling):
    #   84.14 × (32.848 + 12.065 + 9.75) % = 45.9934482; kept: 5.86 × (15.50 + 9.75) %
    #   = 1.47965;  sum 47.4731 → 47.47 (without: 90 × 54.663 % = 49.1967 → 49.20)
    assert line_dfs(table, "artiste", D("90"), line_hours("cachet")) == D("5.86")
    assert employer_charges(D("90"), "artiste", D("360"), table, deduction=D("5.86")) == D("47.47")
    assert line_dfs(table, "artiste", D("80"), line_hours("cachet")) == 0  # under the SMIC
    # Only artists; the 2024 and 2025 rates of the schedule (25 % nominal).
    assert line_dfs(table, "technicien", D("1500"), line_hours("semaine")) == 0
    assert rate_table(JUNE_2025).dfs.rate == D("0.21")
    assert rate_table(date(2024, 3, 1)).dfs.rate == D("0.23")


def test_a_deduction_above_the_gross_is_refused() -> None:
    table = rate_table(JAN_2026)
    with pytest.raises(InvalidInput, match="DFS deduction"):
        employer_charges(D("100"), "artiste", D("360"), table, deduction=D("101"))


def test_unknown_status_lists_the_valid_ones() -> None:
    with pytest.raises(InvalidInput, match="'astronaute' is not one of technicien, cadre, "
                                           "artiste, auteur, facture"):
        charges_for(D("100"), "astronaute", 2025)


def test_negative_gross_is_invalid() -> None:
    with pytest.raises(InvalidInput, match="gross"):
        employer_charges(D("-1"), "technicien", D("906"), rate_table(JUNE_2025))


def test_not_a_number() -> None:
    with pytest.raises(InvalidInput, match="gross: 'abc' is not a number"):
        charges_for("abc", "technicien", 2025)


def test_unknown_unit() -> None:
    with pytest.raises(InvalidInput, match="unit 'an' is not one of heure"):
        charges_for(D("100"), "technicien", 2025, "an")


@pytest.mark.parametrize("when", [date(2023, 6, 1), 2027])
def test_year_without_rates(when: object) -> None:
    with pytest.raises(InvalidInput, match=r"no social rates for 20\d\d-\d\d-01; "
                                           r"known years 2024, 2025, 2026"):
        charges_for(D("100"), "technicien", when)


def test_year_as_text() -> None:
    assert charges_for(D("1500"), "technicien", "2025-05-01") == D("951.53")
    assert charges_for(D("3100"), "cadre", "2026") == D("1937.72")
    with pytest.raises(InvalidInput, match="not a year"):
        charges_for(D("100"), "technicien", "l'an prochain")


def test_overrides_reject_unknown_code_and_status() -> None:
    table = rate_table(JAN_2026)
    with pytest.raises(InvalidInput, match="unknown social-rate code 'XYZ'"):
        table.with_overrides({"XYZ": {"technicien": D("0.01")}})
    with pytest.raises(InvalidInput, match=r"overrides\[ATMP\]\[pilote\]: status 'pilote'"):
        table.with_overrides({"ATMP": {"pilote": D("0.01")}})
    with pytest.raises(InvalidInput, match="status 'facture'"):
        table.with_overrides({"ATMP": {"facture": D("0.01")}})
    with pytest.raises(InvalidInput, match="above 1"):
        table.with_overrides({"ATMP": {"technicien": 2}})


def test_override_atmp_example() -> None:
    # The company's notified AT/MP rate, 1.20 % (0.84 % for artistes after ×0.70), on
    # the 2026 technicien day: 127.09215 + 200 × 1.20 % = 129.49215 → 129.49
    table = rate_table(JAN_2026).with_overrides({"ATMP": {"technicien": D("0.012")}})
    ceiling = line_ceiling(table, "jour", "technicien")
    assert employer_charges(D("200"), "technicien", ceiling, table) == D("129.49")
    assert rate_table(JAN_2026).aggregate("technicien")["TOTAL"] == D("0.38956")  # unchanged


# --- properties -----------------------------------------------------------------------

grosses = st.decimals(min_value=0, max_value=10**6, places=2)
dates = st.sampled_from([date(2024, 3, 1), date(2024, 9, 1), date(2025, 1, 1), JUNE_2025,
                         JAN_2026])
statuses = st.sampled_from(STATUSES)
units = st.sampled_from(UNITS)
quantities = st.integers(min_value=0, max_value=30)


def base_amount(base: str, g: Decimal, c: Decimal) -> Decimal:
    return {"TOTAL": g, "T1": min(g, c), "T2": max(D(0), min(g, 8 * c) - c),
            "PLAF4": min(g, 4 * c), "CET": min(g, 8 * c) if g > c else D(0)}[base]


@given(grosses, statuses, dates, units, quantities)
def test_charges_are_never_negative(g, status, on, unit, quantity) -> None:
    assert charges_for(g, status, on, unit, quantity) >= 0


@given(grosses, grosses, statuses, dates, units, quantities)
def test_charges_are_monotone_in_gross(a, b, status, on, unit, quantity) -> None:
    low, high = sorted((a, b))
    assert (charges_for(low, status, on, unit, quantity)
            <= charges_for(high, status, on, unit, quantity))


@given(grosses, dates, units, quantities)
def test_facture_is_always_zero(g, on, unit, quantity) -> None:
    assert charges_for(g, "facture", on, unit, quantity) == 0


@settings(max_examples=200)
@given(grosses, st.sampled_from(("technicien", "cadre", "artiste", "auteur")), dates,
       units, st.integers(min_value=1, max_value=30), st.data())
def test_overriding_a_rate_moves_charges_by_base_times_delta(
        g, status, on, unit, quantity, data) -> None:
    table = rate_table(on)
    row = data.draw(st.sampled_from(table.rows))
    new_rate = data.draw(st.decimals(min_value=0, max_value=D("0.5"), places=5))
    changed = table.with_overrides({row.code: {status: new_rate}})
    c = line_ceiling(table, unit, status, quantity)
    before = employer_charges(g, status, c, table)
    after = employer_charges(g, status, c, changed)
    expected = base_amount(row.base, g, c) * (new_rate - row.employer[status])
    # each side is rounded once to the cent, so they differ by at most one cent
    assert abs((after - before) - expected) <= D("0.01")


@given(grosses, statuses, dates, units, quantities)
def test_matches_the_spreadsheet_formula(g, status, on, unit, quantity) -> None:
    # =ROUND(g*rT + MIN(g,C)*r1 + MAX(0,MIN(g,8*C)-C)*r2 + MIN(g,4*C)*r4
    #        + IF(g>C,MIN(g,8*C),0)*rC, 2), evaluated independently here
    # − g × ρ (the reduction of low pay, technicien and cadre in 2024–2025)
    table = rate_table(on)
    c = line_ceiling(table, unit, status, quantity)
    r = table.aggregate(status)
    rho = line_reduction(table, status, g, line_hours(unit, quantity))
    if status in ("auteur", "artiste", "facture"):
        assert rho == 0
    exact = sum((base_amount(b, g, c) * r[b] for b in BASES), D(0)) - g * rho
    expected = exact.quantize(D("0.01"), rounding="ROUND_HALF_UP")
    assert charges_for(g, status, on, unit, quantity) == expected
