"""Three-way agreement for budgets: engine = LibreOffice-recalculated workbook.

One soffice run recalculates every workbook of this module.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from helpers import close
from openpyxl import load_workbook
from test_budget_rules import LODGING

from xlprod import api
from xlprod.kinds.budget import Budget, compute
from xlprod.kinds.budget.compute import line_figures, rates_for
from xlprod.kinds.budget.demo import demo_input

pytestmark = pytest.mark.libreoffice

NAMES = {
    "BUDGET_SUBTOTAL": "subtotal", "BUDGET_OVERHEAD": "overhead",
    "BUDGET_CONTINGENCY": "contingency", "BUDGET_TOTAL": "total", "BUDGET_CHARGES": "charges",
    "BUDGET_FRANCE_TOTAL": "france_total", "BUDGET_FOREIGN_TOTAL": "foreign_total",
}


def _variants() -> dict[str, dict]:
    demo = demo_input()
    overrides = copy.deepcopy(demo)
    overrides["year"] = 2025
    overrides["rates_date"] = "2025-06-01"
    overrides["rate_overrides"] = {"ATMP": {"technicien": 0.009, "cadre": 0.009, "artiste": 0.006},
                                   "MAL": {"artiste": 0.07}}
    tv = copy.deepcopy(demo)
    tv.update(kind="audiovisuel", genre="fiction", duration_minutes=45, title="Série — épisode 1")
    tv["lines"][3]["eligible"] = False
    tv["lines"][40]["eligible"] = True
    # Issue 10's hand-worked lines (tests/test_charges.py, tests/test_budget.py) in workbooks.
    issue10 = {"title": "Issue 10", "kind": "cinema", "year": 2026, "lines": [
        {"chapter": 2, "label": "Technicien", "quantity": 1, "unit": "semaine", "rate": 1500,
         "status": "technicien"},
        {"chapter": 2, "label": "Cadre", "quantity": 1, "unit": "semaine", "rate": 3100,
         "status": "cadre"},
        {"chapter": 3, "label": "Comédien", "quantity": 1, "unit": "cachet", "rate": 450,
         "status": "artiste"},
        {"chapter": 3, "label": "Cinq cachets", "quantity": 5, "unit": "cachet", "rate": 450,
         "status": "artiste"},
        {"chapter": 1, "label": "Auteur", "quantity": 1, "unit": "forfait", "rate": 10000,
         "status": "auteur"},
        {"chapter": 3, "label": "Rôle principal", "quantity": 10, "unit": "semaine",
         "rate": 50000, "status": "artiste", "minimum": 2500},
        {"chapter": 2, "label": "Heures", "quantity": 7.5, "unit": "heure", "rate": 33.54,
         "status": "cadre"}]}
    y2025 = {**copy.deepcopy(issue10), "year": 2025, "rates_date": "2025-06-01"}
    y2024 = {**copy.deepcopy(issue10), "year": 2024, "rates_date": "2024-03-01"}
    unit = {**copy.deepcopy(issue10), "ceiling_method": "unit"}
    big = {"title": "150 M€", "kind": "cinema", "year": 2026, "lines": [
        {"chapter": 7, "label": "Moyens techniques", "quantity": 1, "rate": 150_000_000}]}
    # Company parameters, reduced rates (2025 bandeaux, 2026 RGDU option), tax-credit rules
    # by account and aid intensity (tests/test_budget_rules.py works them by hand).
    low_pay = [
        {"chapter": 2, "label": "Technicien bas", "quantity": 1, "unit": "semaine", "rate": 900,
         "status": "technicien"},
        {"chapter": 2, "label": "Technicien AF", "quantity": 1, "unit": "semaine", "rate": 1200,
         "status": "technicien"},
        {"chapter": 2, "label": "Trois jours", "quantity": 3, "unit": "jour", "rate": 250,
         "status": "cadre"},
        {"chapter": 3, "label": "Artiste", "quantity": 2, "unit": "cachet", "rate": 400,
         "status": "artiste"},
        {"chapter": 2, "label": "Cadre", "quantity": 1, "unit": "semaine", "rate": 3100,
         "status": "cadre"}]
    company = {"title": "Société 2025", "year": 2025, "rates_date": "2025-06-01",
               "headcount_band": "11-49", "mobility_rate": 0.032, "atmp_rate": 0.009,
               "prevoyance_rate": 0.01, "lines": copy.deepcopy(low_pay)}
    rgdu = {"title": "RGDU 2026", "year": 2026, "headcount_band": "50+", "rgdu": True,
            "lines": copy.deepcopy(low_pay)}
    credit = {**copy.deepcopy(LODGING), "public_aid": 15000}
    # The artists' DFS, on for the workbook, one line opting out, a technician's flag that
    # has no effect (tests/test_charges.py works the figures by hand).
    dfs = {"title": "DFS 2026", "kind": "cinema", "year": 2026, "artist_dfs": True, "lines": [
        {"chapter": 3, "label": "Comédien DFS", "quantity": 1, "unit": "cachet", "rate": 450,
         "status": "artiste"},
        {"chapter": 3, "label": "Comédien sans DFS", "quantity": 1, "unit": "cachet",
         "rate": 450, "status": "artiste", "dfs": False},
        {"chapter": 3, "label": "Rôle principal", "quantity": 10, "unit": "semaine",
         "rate": 50000, "status": "artiste", "minimum": 2500},
        {"chapter": 3, "label": "Figurant", "quantity": 1, "unit": "cachet", "rate": 90,
         "status": "artiste"},
        {"chapter": 2, "label": "Technicien", "quantity": 1, "unit": "semaine", "rate": 1500,
         "status": "technicien", "dfs": True}]}
    return {"demo": demo, "overrides": overrides, "tv": tv, "issue10": issue10, "y2025": y2025,
            "y2024": y2024, "unit": unit, "big": big, "company": company, "rgdu": rgdu,
            "credit": credit, "dfs": dfs}


@pytest.fixture(scope="module")
def books(tmp_path_factory, lo_recalc):
    folder = tmp_path_factory.mktemp("budgets")
    made = {}
    for name, data in _variants().items():
        src = folder / f"{name}.json"
        src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        made[name] = (data, api.new("budget", folder / f"{name}.xlsx", source=src).path)
    made["blank"] = (None, api.new("budget", folder / "blank.xlsx").path)
    made["blank_pub"] = (None, api.new("budget", folder / "blank_pub.xlsx", variant="publicite").path)
    made["english"] = (None, api.new("budget", folder / "english.xlsx", source=folder / "demo.json",
                                     lang="en").path)
    # The same demo with a global changed *in the file*, as a user would in Excel.
    moved = folder / "moved.xlsx"
    wb = load_workbook(made["demo"][1])
    dest = next(iter(wb.defined_names["shoot_weeks"].destinations))
    wb[dest[0]][dest[1].replace("$", "")].value = 9
    wb.save(moved)
    made["moved"] = (None, moved)
    # Ordinary edits a user makes in Excel, which the formulas and the reader must read
    # the same way: a count left blank, tax-credit flags in several spellings.
    edited = folder / "edited.xlsx"
    wb = load_workbook(made["demo"][1])
    ws = wb["Devis"]
    header = {cell.value: cell.column_letter for cell in ws[4]}
    ws[f"{header['Nombre']}10"] = None
    ws[f"{header['Éligible CI']}5"] = "y"
    ws[f"{header['Éligible CI']}6"] = "Oui"
    ws[f"{header['Éligible CI']}7"] = "N"
    ws[f"{header['Éligible CI']}45"] = "o"  # lower case
    ws[f"{header['Compte']}16"] = "2201"  # now under 22 (réalisation): above the line
    wb.save(edited)
    made["edited"] = (None, edited)
    values = lo_recalc([path for _, path in made.values()])
    return {name: (data, path, values[path]) for name, (data, path) in made.items()}


@pytest.mark.parametrize("name", ["demo", "overrides", "tv", "blank", "blank_pub", "english",
                                  "moved", "edited", "issue10", "y2025", "y2024", "unit", "big",
                                  "company", "rgdu", "credit", "dfs"])
def test_no_error_cell_after_recalculation(books, name):
    _, _, values = books[name]
    assert values["error_cells"] == []


@pytest.mark.parametrize("name", ["demo", "overrides", "tv", "blank", "english", "moved",
                                  "edited", "issue10", "y2025", "y2024", "unit", "big",
                                  "company", "rgdu", "credit", "dfs"])
def test_defined_names_equal_export_to_the_cent(books, name):
    _, path, values = books[name]
    results = api.export(path)["results"]
    for defined, key in NAMES.items():
        assert close(values["names"][defined], results[key]), (defined, values["names"][defined],
                                                               results[key])
    assert close(values["names"]["BUDGET_TAX_CREDIT"], results["tax_credit"]["amount"])
    assert values["names"]["BUDGET_AID_INTENSITY"] == pytest.approx(
        results["aid_intensity"]["ratio"], abs=1e-9)


def test_the_new_rules_move_the_figures_they_should(books):
    # Each budget really exercises its rule: reductions on the low pay, the RGDU, lodging.
    for name in ("company", "rgdu"):
        data, _, _ = books[name]
        budget = Budget.model_validate(data)
        reductions = [f.reduction for f in line_figures(budget, rates_for(budget))]
        assert reductions[0] > 0 and reductions[1] > 0 and reductions[3] == 0, name
    _, _, values = books["credit"]
    assert close(values["names"]["BUDGET_TAX_CREDIT"], 12426)  # tests/test_budget_rules.py


def test_dfs_charges_hand_worked_engine_and_libreoffice_agree(books):
    """Hand-worked (tests/test_charges.py) = engine = LibreOffice's recalculation."""
    data, path, values = books["dfs"]
    # 223.16 (cachet with the DFS) + 249.18 (the same without) + 173 250.11 (the lead,
    # DFS capped at 7 600) + 47.47 (90 €, floored at the SMIC) + the technician's week,
    # whose DFS flag does nothing (as without it)
    technician = {**data, "artist_dfs": False, "lines": data["lines"][4:]}
    week = Decimal(str(compute(Budget.model_validate(technician))["charges"]))
    expected = Decimal("223.16") + Decimal("249.18") + Decimal("173250.11") + Decimal("47.47") + week
    results = api.export(path)["results"]
    assert [line["charges"] for line in results["lines"][:4]] == [223.16, 249.18, 173250.11, 47.47]
    assert Decimal(str(results["charges"])) == expected
    assert close(values["names"]["BUDGET_CHARGES"], expected)
    assert close(values["names"]["DFS_TAUX"], Decimal("0.18"))
    wb = load_workbook(path, data_only=True)  # the cached value a viewer shows
    sheet, ref = next(iter(wb.defined_names["BUDGET_CHARGES"].destinations))
    assert close(wb[sheet][ref.replace("$", "")].value, expected)
    exported = api.export(path)
    assert exported["artist_dfs"] is True
    assert [line["dfs"] for line in exported["lines"]] == [None, False, None, None, True]
    # Off (the default), the same lines cost what they did before the DFS existed.
    off = compute(Budget.model_validate({**data, "artist_dfs": False}))
    assert off["lines"][0]["charges"] == 249.18 and off["lines"][2]["charges"] == 174568.56


def test_export_equals_the_engine_on_the_input(books):
    data, path, _ = books["demo"]
    assert api.export(path)["results"] == compute(Budget.model_validate(data))


def test_demo_is_a_realistic_feature(books):
    data, _, _ = books["demo"]
    results = compute(Budget.model_validate(data))
    assert Decimal("2300000") < Decimal(str(results["total"])) < Decimal("2700000")
    assert len(data["lines"]) >= 30
    assert {line["status"] for line in data["lines"]} >= {
        "technicien", "cadre", "artiste", "auteur", "facture"}
    assert {line["chapter"] for line in data["lines"]} == {1, 2, 3, 5, 6, 7, 8, 9}
    assert results["foreign_total"] > 0


def test_changing_a_global_in_the_file_moves_totals_as_the_engine_predicts(books):
    data, _, before = books["demo"]
    _, moved_path, after = books["moved"]
    predicted = copy.deepcopy(data)
    predicted["globals"]["shoot_weeks"] = 9
    expected = compute(Budget.model_validate(predicted))
    assert close(after["names"]["BUDGET_TOTAL"], expected["total"])
    assert close(after["names"]["BUDGET_CHARGES"], expected["charges"])
    assert after["names"]["BUDGET_TOTAL"] > before["names"]["BUDGET_TOTAL"]
    assert api.export(moved_path)["globals"]["shoot_weeks"] == 9


def test_rate_override_changes_charges_and_reads_back(books):
    data, path, values = books["overrides"]
    exported = api.export(path)
    assert exported["rate_overrides"]["ATMP"]["technicien"] == 0.009
    assert exported["rate_overrides"]["MAL"]["artiste"] == 0.07
    plain = copy.deepcopy(data)
    plain.pop("rate_overrides")
    assert values["names"]["BUDGET_CHARGES"] > compute(Budget.model_validate(plain))["charges"]


def test_audiovisuel_tax_credit_is_capped_per_minute(books):
    _, path, values = books["tv"]
    credit = api.export(path)["results"]["tax_credit"]
    assert credit["cap"] is not None and credit["amount"] == credit["cap"]
    assert close(values["names"]["BUDGET_TAX_CREDIT"], credit["cap"])


@pytest.mark.parametrize("name", ["demo", "tv", "english", "edited", "issue10", "blank_pub"])
def test_above_and_below_the_line_split_the_subtotal(books, name):
    """Above the line = chapters 1 and 3 and, in the CNC chapters, accounts 21 and 22
    (producers, direction), each line with its own charges; below = the rest of 1 to 9."""
    _, path, values = books[name]
    exported = api.export(path)
    names, results = values["names"], exported["results"]
    cnc = exported["kind"] != "publicite"
    above = sum(Decimal(str(figures["total"]))
                for line, figures in zip(exported["lines"], results["lines"], strict=True)
                if line["chapter"] in (1, 3)
                or (cnc and line["chapter"] == 2 and line.get("account", "")[:2] in ("21", "22")))
    assert close(names["BUDGET_ABOVE_THE_LINE"], above)
    assert close(names["BUDGET_ABOVE_THE_LINE"] + names["BUDGET_BELOW_THE_LINE"],
                 results["subtotal"])
