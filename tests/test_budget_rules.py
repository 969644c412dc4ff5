"""Issue 10 in the budget: company parameters, reduced rates, tax-credit rules by account
and the aid-intensity check, worked by hand (no LibreOffice; see test_budget_libreoffice)."""

from __future__ import annotations

import json
from decimal import Decimal

from openpyxl import load_workbook

from xlprod import api
from xlprod.kinds.budget import Budget, compute
from xlprod.kinds.budget.compute import line_figures, rates_for

D = Decimal


def _write(tmp_path, data, name="b"):
    src = tmp_path / f"{name}.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return api.new("budget", tmp_path / f"{name}.xlsx", source=src).path


LODGING = {"title": "Crédit d'impôt par compte", "kind": "cinema", "year": 2026, "lines": [
    {"chapter": 6, "account": "63", "label": "Hôtel Paris", "quantity": 20, "unit": "jour",
     "count": 3, "rate": 320, "region": "Paris"},
    {"chapter": 6, "account": "63", "label": "Hôtel Lyon", "quantity": 10, "unit": "jour",
     "count": 2, "rate": 150, "region": "Auvergne-Rhône-Alpes"},
    {"chapter": 6, "account": "63", "label": "Hôtel Lille", "quantity": 10, "unit": "jour",
     "rate": 260, "region": "Hauts-de-France"},
    {"chapter": 6, "account": "68", "label": "Bureaux", "quantity": 3, "unit": "mois",
     "rate": 4000},
    {"chapter": 1, "account": "17", "label": "Musique préexistante", "quantity": 1,
     "rate": 30000},
    {"chapter": 1, "account": "15", "label": "Compositeur", "quantity": 1, "rate": 20000,
     "status": "auteur"}]}


def test_lodging_caps_and_accounts_left_out_of_the_tax_credit():
    # Lodging (account 63), quantity × count = nights:
    #   Paris 60 nights at 320 € → 60 × min(320, 270) = 16 200.00 (of 19 200)
    #   Lyon  20 nights at 150 € → 150 is under the regions' 200 €: 3 000.00
    #   Lille 10 nights at 260 € → 10 × 200 = 2 000.00 (of 2 600)
    # Offices (68) and pre-existing music (17): not eligible by default.
    # Composer (15, auteur): 20 000 + contribution diffuseur 1.1 % = 220.00.
    # Base 16 200 + 3 000 + 2 000 + 20 000 + 220 = 41 420.00; × 30 % = 12 426.00
    budget = Budget.model_validate(LODGING)
    figures = line_figures(budget, rates_for(budget))
    assert [f.credit_pay for f in figures[:3]] == [D(16200), D(3000), D(2000)]
    assert [f.eligible for f in figures] == [True, True, True, False, False, True]
    credit = compute(budget)["tax_credit"]
    assert credit["eligible_base"] == 41420 and credit["amount"] == 12426
    # An excluded account typed O in Éligible CI counts again: + 12 000 of offices.
    budget.lines[3].eligible = True
    assert compute(budget)["tax_credit"]["eligible_base"] == 53420


def _aid(public_aid: int, difficult: bool = False) -> dict:
    return {"title": "Intensité", "kind": "cinema", "year": 2026, "public_aid": public_aid,
            "difficult_work": difficult, "lines": [
                {"chapter": 7, "label": "Moyens techniques", "quantity": 1,
                 "rate": 1_000_000}]}


def test_aid_intensity_is_checked_against_50_and_60_percent(tmp_path):
    # Total 1 000 000 × (1 + 7 % + 5 %) = 1 120 000; tax credit 30 % × 1 000 000 = 300 000.
    # Aid 250 000: (300 000 + 250 000) / 1 120 000 = 0.491071… → 49.11 % ≤ 50 %.
    within = compute(Budget.model_validate(_aid(250_000)))["aid_intensity"]
    assert within == {"public_aid": 250000, "ratio": 0.4911, "cap": 0.5, "within_cap": True}
    # Aid 300 000: 600 000 / 1 120 000 = 0.535714… → 53.57 % > 50 %: a warning on the aid.
    over = compute(Budget.model_validate(_aid(300_000)))["aid_intensity"]
    assert (over["ratio"], over["within_cap"]) == (0.5357, False)
    found = api.validate(_write(tmp_path, _aid(300_000))).findings
    aid = [f for f in found if "plafond de 50 %" in f.message]
    assert len(aid) == 1 and aid[0].severity == "warning"
    assert aid[0].message.startswith("crédit d'impôt et aides publiques = 53,57 % du devis")
    assert aid[0].cell == "Paramètres!F13"
    # A difficult or low-budget work: cap 60 %, so 53.57 % is within it.
    difficult = compute(Budget.model_validate(_aid(300_000, True)))["aid_intensity"]
    assert (difficult["cap"], difficult["within_cap"]) == (0.6, True)


def test_contributions_left_at_zero_are_warnings_at_their_cell(tmp_path):
    data = {"title": "À saisir", "year": 2026, "headcount_band": "11-49", "lines": [
        {"chapter": 2, "label": "Chef opérateur", "quantity": 1, "unit": "semaine",
         "rate": 3100, "status": "cadre"}]}
    path = _write(tmp_path, data)
    found = {f.cell: f.message for f in api.validate(path).findings}
    # AT/MP, versement mobilité (11 employees or more), médecine du travail: due and at 0;
    # prévoyance non-cadres is not due (no technicien or artiste is paid).
    assert set(found) == {"Paramètres!F5", "Paramètres!F6", "Paramètres!F10"}
    assert found["Paramètres!F5"].startswith("Taux AT/MP à 0 : cette cotisation est due")
    recap = load_workbook(path)["Récapitulatif"]
    warning = [c.value for row in recap.iter_rows() for c in row
               if isinstance(c.value, str) and c.value.startswith("=IF(LEN(")]
    assert len(warning) == 1 and "Paramètres" in warning[0]
    # Typing the rates clears them.
    data.update(atmp_rate=0.011, mobility_rate=0.032, occupational_health_rate=0.001)
    assert api.validate(_write(tmp_path, data, "filled")).findings == []


def test_company_parameters_round_trip_and_drive_the_charges(tmp_path):
    # A cadre week at 3 100 €, 2026, 50 employees or more, AT/MP 1.10 %, VM 3.20 %:
    # the 1 937.72 of test_charges (ceiling 667.50) with TOTAL + 1.10 + 3.20 + 0.50 (FNAL
    # from 50) = + 4.80 % × 3 100 = + 148.80, and T1 − 0.10 % (FNAL on T1 gone) × 667.50
    # = − 0.6675: 1 937.71545 + 148.80 − 0.6675 = 2 085.84795 → 2 085.85
    data = {"title": "Société", "year": 2026, "headcount_band": "50+", "atmp_rate": 0.011,
            "mobility_rate": 0.032, "lines": [
                {"chapter": 2, "label": "Chef opérateur", "quantity": 1, "unit": "semaine",
                 "rate": 3100, "status": "cadre"}]}
    assert compute(Budget.model_validate(data))["charges"] == 2085.85
    exported = api.export(_write(tmp_path, data))
    assert (exported["headcount_band"], exported["atmp_rate"], exported["mobility_rate"]) == (
        "50+", 0.011, 0.032)
    assert exported["apprenticeship_rate"] == 0.0068 and exported["reduced_rates"] is True
    assert exported["rate_overrides"] == {}  # the Taux formulas are not overrides
    assert exported["results"]["charges"] == 2085.85


def test_a_number_typed_over_a_company_rate_on_taux_is_an_override(tmp_path):
    path = _write(tmp_path, {"title": "Taux", "year": 2026, "lines": [
        {"chapter": 2, "label": "Électricien", "quantity": 1, "unit": "jour", "rate": 200,
         "status": "technicien"}]})
    wb = load_workbook(path)
    ws = wb["Taux"]
    header = {c.value: c.column_letter for c in ws[5]}
    row = next(r for r in range(6, ws.max_row + 1) if ws[f"A{r}"].value == "ATMP")
    assert str(ws[f"{header['technicien']}{row}"].value).startswith("=BUDGET_ATMP_RATE")
    ws[f"{header['technicien']}{row}"] = 0.012
    wb.save(path)
    exported = api.export(path)
    assert exported["rate_overrides"] == {"ATMP": {"technicien": 0.012}}
    # 127.09215 (test_charges, 2026 day) + 200 × 1.20 % = 129.49215 → 129.49
    assert exported["results"]["charges"] == 129.49


def test_a_technicien_is_never_paid_au_cachet(tmp_path):
    path = _write(tmp_path, {"title": "Cachet", "year": 2026, "lines": [
        {"chapter": 2, "label": "Machiniste", "quantity": 2, "unit": "cachet", "rate": 250,
         "status": "technicien"}]})
    found = [f for f in api.validate(path).findings if f.cell == "Devis!E5"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].message.startswith("un technicien n'est jamais payé au cachet")
