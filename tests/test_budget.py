"""Budget engine, round trip and findings (no LibreOffice needed)."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from helpers import xlprod
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from xlprod import api, charges
from xlprod.kinds.budget import Budget, compute
from xlprod.kinds.budget.compute import line_figures, rates_for
from xlprod.kinds.budget.demo import demo_input
from xlprod.money import cents


def _write(tmp_path, data, name="b"):
    src = tmp_path / f"{name}.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return api.new("budget", tmp_path / f"{name}.xlsx", source=src).path


def _subset(expected, actual, where="$"):
    """Every value of ``expected`` is in ``actual`` (defaults may be added)."""
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing"
            _subset(value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert len(expected) == len(actual), where
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            _subset(e, a, f"{where}[{i}]")
    else:
        assert expected == actual, f"{where}: {expected!r} != {actual!r}"


def test_contract_example_computes_by_hand():
    # 7 weeks × 3 100 € = 21 700 € for a cadre in 2026. Ceiling (prorata, the default):
    # 7 weeks × 5 paid days = 35 days, 4 005 × 35 / 30 = 4 672.50 €; so T1 = 4 672.50,
    # T2 = min(21 700, 8 × 4 672.50) − 4 672.50 = 17 027.50, 4 PMSS base = min(21 700, 18 690).
    budget = Budget.model_validate({
        "title": "Contrat", "kind": "cinema", "year": 2026, "globals": {"shoot_weeks": 7},
        "overhead_rate": 0.07, "contingency_rate": 0.05,
        "lines": [{"chapter": 2, "account": "24", "label": "Chef opérateur",
                   "quantity": "shoot_weeks", "unit": "semaine", "count": 1, "rate": 3100.0,
                   "status": "cadre", "location": "FR"}]})
    table = charges.rate_table(budget.rates_on)
    agg = table.aggregate("cadre")
    g, c = Decimal(21700), Decimal("4672.50")
    expected_charges = cents(g * agg["TOTAL"] + c * agg["T1"] + (g - c) * agg["T2"]
                             + 4 * c * agg["PLAF4"] + g * agg["CET"])
    results = compute(budget)
    assert results["charges"] == float(expected_charges)
    subtotal = Decimal(21700) + expected_charges
    assert results["subtotal"] == float(subtotal)
    assert results["overhead"] == float(cents(subtotal * Decimal("0.07")))
    assert results["contingency"] == float(cents(subtotal * Decimal("0.05")))
    assert results["total"] == float(subtotal + cents(subtotal * Decimal("0.07"))
                                     + cents(subtotal * Decimal("0.05")))
    assert results["france_total"] == results["subtotal"] and results["foreign_total"] == 0


def test_round_trip_new_from_json_then_export(tmp_path):
    data = demo_input()
    path = _write(tmp_path, data)
    exported = api.export(path)
    assert exported["workbook"] == "budget"
    _subset(data, exported)
    assert exported["results"] == compute(Budget.model_validate(data))


def test_round_trip_in_english(tmp_path):
    data = demo_input()
    src = tmp_path / "b.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    path = api.new("budget", tmp_path / "en.xlsx", source=src, lang="en").path
    _subset(data, api.export(path))


def test_text_from_outside_stays_text(tmp_path):
    data = demo_input()
    data["lines"][0]["label"] = "=HYPERLINK(\"http://evil\",\"x\")"
    data["lines"][1]["note"] = "+33 1 23 45 67 89"
    path = _write(tmp_path, data)
    ws = load_workbook(path)["Devis"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == data["lines"][0]["label"]]
    assert cells and all(c.data_type == "s" for c in cells)
    exported = api.export(path)
    assert exported["lines"][0]["label"] == data["lines"][0]["label"]
    assert exported["lines"][1]["note"] == "+33 1 23 45 67 89"


def test_blank_workbook_validates_and_has_the_chart_of_accounts(tmp_path):
    path = api.new("budget", tmp_path / "blank.xlsx").path
    report = api.validate(path)
    assert report.errors == []
    exported = api.export(path)
    assert {line["chapter"] for line in exported["lines"]} == {1, 2, 3, 5, 6, 7, 8, 9}
    assert exported["results"]["total"] == 0


def _edit(path, sheet, cell, value):
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def _cell_of(path, table, row_index, header):
    ws = load_workbook(path)["Devis"]
    tab = ws.tables[table]
    first_col = ws[tab.ref.split(":")[0]].column
    top = ws[tab.ref.split(":")[0]].row
    for cell in ws[top]:
        if cell.value == header and cell.column >= first_col:
            return f"{cell.column_letter}{top + 1 + row_index}"
    raise AssertionError(header)


def test_list_values_are_read_in_any_case(tmp_path):
    """A status or a unit typed in capitals is the list's value (the formulas ignore case)."""
    path = _write(tmp_path, demo_input())
    _edit(path, "Devis", _cell_of(path, "BudgetLines", 5, "Statut"), "CADRE")
    _edit(path, "Devis", _cell_of(path, "BudgetLines", 5, "Unité"), "Semaine")
    line = api.export(path)["lines"][5]
    assert (line["status"], line["unit"]) == ("cadre", "semaine")


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("Taux unitaire", "abc", "Taux unitaire « abc » est du texte, pas un nombre ; retapez-le "
         "comme un nombre (les formules ignorent le texte)"),
        ("Taux unitaire", "1500", "Taux unitaire « 1500 » est du texte, pas un nombre"),
        ("Chapitre", "2", "Chapitre « 2 » est du texte, pas un nombre"),
        ("Lieu", "FR ", "Lieu « FR » est tapé avec des espaces autour ; retirez-les"),
        ("Éligible CI", "peut-être", "Éligible CI « PEUT-ÊTRE » : tapez O (oui) ou N (non)"),
        ("Statut", "astronaute", "Statut « astronaute » n'est pas dans la liste ; "
         "choisissez : technicien, cadre, artiste, auteur ou facture"),
        ("Quantité", "=tournage_jours", "la variable « tournage_jours » n'existe pas"),
        ("Chapitre", 4, "le chapitre 4 (charges sociales) est calculé"),
        ("Quantité", "=shoot_days*2", "la formule de quantité « =shoot_days*2 » n'est pas prise en "
         "charge"),
        ("Unité", "décennie", "Unité « décennie » n'est pas dans la liste ; choisissez : heure, "
         "jour, cachet, semaine, mois ou forfait"),
    ],
)
def test_validate_points_at_the_cell(tmp_path, header, value, message):
    path = _write(tmp_path, demo_input())
    cell = _cell_of(path, "BudgetLines", 5, header)
    _edit(path, "Devis", cell, value)
    run = xlprod("validate", path)
    assert run.code == 1, run.out
    assert f"error: Devis!{cell}: " in run.out
    line = next(x for x in run.out.splitlines() if f"Devis!{cell}" in x)
    assert message in line
    as_json = json.loads(xlprod("validate", path, "--format", "json").out)
    assert any(f["cell"] == f"Devis!{cell}" for f in as_json["findings"])
    export = xlprod("export", path)
    assert export.code == 1 and f"Devis!{cell}" in export.err


def test_overhead_above_cap_is_a_warning_only(tmp_path):
    data = demo_input()
    data["overhead_rate"] = 0.12
    path = _write(tmp_path, data)
    run = xlprod("validate", path)
    assert run.code == 0
    assert ("warning: Récapitulatif!C21: taux de frais généraux de 12.00% au-dessus du plafond "
            "usuel de 7%") in run.out
    run = xlprod("validate", path, "--lang", "en")  # the English words, on request
    assert "warning: Récapitulatif!C21: overhead rate 12.00% is above the usual cap" in run.out


def test_unknown_rate_year_is_an_error_on_the_year(tmp_path):
    data = demo_input()
    data["year"] = 2031
    src = tmp_path / "b.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    run = xlprod("new", "budget", "--from", src, "-o", tmp_path / "x.xlsx")
    assert run.code == 1
    assert "year: " in run.err and "2031" in run.err


def test_uncertain_rates_are_flagged_on_the_rates_sheet(tmp_path):
    path = _write(tmp_path, demo_input())
    ws = load_workbook(path)["Taux"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=6) if r[0].value}
    assert rows["ATMP"][9].value == "incertain"  # the data's "U"
    assert rows["ATMP"][0].fill.fgColor.rgb.endswith("FFE699")
    assert rows["RC_T1"][9].value == "sûr"  # the data's "high", as the Taux sheet prints it
    # Table cells share their column's style: colouring one row must not colour the column.
    assert not rows["RC_T1"][0].fill.fgColor.rgb.endswith("FFE699")


lines = st.lists(
    st.fixed_dictionaries({
        "chapter": st.sampled_from([1, 2, 3, 5, 6, 7, 8, 9]),
        "label": st.just("x"),
        "quantity": st.decimals(min_value=0, max_value=60, places=1),
        "unit": st.sampled_from(["heure", "jour", "cachet", "semaine", "mois", "forfait"]),
        "count": st.integers(min_value=0, max_value=20),
        "rate": st.decimals(min_value=0, max_value=20000, places=2),
        "status": st.sampled_from(["technicien", "cadre", "artiste", "auteur", "facture"]),
        "location": st.sampled_from(["FR", "FR", "BE"]),
    }),
    min_size=1, max_size=25,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(lines, st.sampled_from([2025, 2026]))
def test_totals_are_sums_of_lines_and_no_cent_is_lost(budget_lines, year):
    budget = Budget.model_validate({"title": "p", "year": year, "lines": budget_lines})
    r = compute(budget)
    d = lambda x: Decimal(str(x))  # noqa: E731
    # Each line worked out here, from the raw input and the charges engine's primitives.
    table = charges.rate_table(budget.rates_on)
    expected_lines = []
    for raw in budget_lines:
        amount = raw["quantity"] * raw["count"] * raw["rate"]
        status = raw["status"]
        if status == "facture":
            line_charges = Decimal(0)
        else:
            ceiling = (Decimal(0) if status == "auteur" else
                       charges.line_ceiling(table, raw["unit"], status, raw["quantity"],
                                            raw["count"]))
            reduction = (Decimal(0) if status == "auteur" else charges.line_reduction(
                table, status, amount, charges.line_hours(raw["unit"], raw["quantity"],
                                                          raw["count"])))
            line_charges = charges.employer_charges(amount, status, ceiling, table, reduction)
        assert line_charges >= 0
        assert line_charges == line_charges.quantize(Decimal("0.01"))
        expected_lines.append((raw, amount, line_charges))
    assert [(d(x["amount"]), d(x["charges"])) for x in r["lines"]] == [
        (a, c) for _, a, c in expected_lines]
    by_chapter = {n: Decimal(0) for n in range(1, 10)}
    for raw, amount, line_charges in expected_lines:
        by_chapter[raw["chapter"]] += amount
        by_chapter[4] += line_charges
    assert [d(c["total"]) for c in r["chapters"]] == [by_chapter[n] for n in range(1, 10)]
    subtotal = sum(by_chapter.values(), Decimal(0))
    assert d(r["subtotal"]) == subtotal
    france = sum((a + c for raw, a, c in expected_lines if raw["location"] == "FR"), Decimal(0))
    assert d(r["france_total"]) == france
    assert d(r["france_total"]) + d(r["foreign_total"]) == subtotal
    assert d(r["overhead"]) == cents(subtotal * Decimal("0.07"))
    assert d(r["total"]) == subtotal + d(r["overhead"]) + d(r["contingency"])


def test_changing_a_global_moves_every_line_that_names_it():
    data = demo_input()
    before = compute(Budget.model_validate(data))
    more = copy.deepcopy(data)
    more["globals"]["shoot_weeks"] += 1
    after = compute(Budget.model_validate(more))
    weekly = [i for i, line in enumerate(data["lines"]) if line["quantity"] == "shoot_weeks"]
    assert weekly
    for i in weekly:
        assert after["lines"][i]["amount"] > before["lines"][i]["amount"]


@pytest.mark.parametrize("variant", ["cinema", "audiovisuel", "publicite"])
def test_blank_variants_carry_their_chart_of_accounts(tmp_path, variant):
    from xlprod import reference

    path = api.new("budget", tmp_path / "blank.xlsx", variant=variant).path
    exported = api.export(path)
    assert exported["kind"] == variant
    expected = [(a.chapter, a.account, a.label_fr) for a in reference.chart_of_accounts(variant)]
    assert [(x["chapter"], x["account"], x["label"]) for x in exported["lines"]] == expected
    labels = [c["label"] for c in exported["results"]["chapters"]]
    assert labels == [c.label_fr for c in reference.chapters(variant)]


def test_variant_is_refused_with_from_or_unknown(tmp_path):
    run = xlprod("new", "budget", "--variant", "western", "-o", tmp_path / "x.xlsx")
    assert run.code == 2
    assert run.err.strip() == ("Error: --variant 'western' is not a budget template; "
                               "choose: cinema, audiovisuel, publicite")
    src = tmp_path / "b.json"
    src.write_text(json.dumps(demo_input()), encoding="utf-8")
    run = xlprod("new", "budget", "--from", src, "--variant", "publicite", "-o", tmp_path / "x.xlsx")
    assert run.code == 2 and "--variant is for blank workbooks" in run.err


def test_region_round_trips(tmp_path):
    data = demo_input()
    assert any(line.get("region") for line in data["lines"])
    exported = api.export(_write(tmp_path, data))
    assert [x["region"] for x in exported["lines"]] == [x.get("region", "") for x in data["lines"]]


def test_formula_in_an_input_column_is_reported_not_read_as_empty(tmp_path):
    path = _write(tmp_path, demo_input())
    cell = _cell_of(path, "BudgetLines", 0, "Taux unitaire")
    _edit(path, "Devis", cell, "=40000*1.1")
    report = api.validate(path)
    assert [(f.cell, f.severity) for f in report.errors] == [(f"Devis!{cell}", "error")]
    assert ("formule « =40000*1.1 » dans une colonne de saisie ; tapez la valeur elle-même"
            in report.errors[0].message)
    assert xlprod("export", path).code == 1


def test_a_global_added_without_its_defined_name_is_an_error(tmp_path):
    path = _write(tmp_path, demo_input())
    wb = load_workbook(path)
    ws = wb["Paramètres"]
    table = ws.tables["BudgetGlobals"]
    last = int(table.ref.split(":")[1][1:])
    ws[f"A{last + 1}"], ws[f"B{last + 1}"] = "crew_days", 40
    table.ref = f"{table.ref.split(':')[0]}:C{last + 1}"
    wb.save(path)
    report = api.validate(path)
    assert [f.cell for f in report.errors] == [f"Paramètres!A{last + 1}"]
    assert ("la variable « crew_days » n'a pas de nom défini sur Paramètres!B"
            in report.errors[0].message)


def test_global_names_ignore_case_as_in_excel(tmp_path):
    path = _write(tmp_path, demo_input())
    cell = _cell_of(path, "BudgetLines", 8, "Quantité")
    _edit(path, "Devis", cell, "=PREP_WEEKS")
    exported = api.export(path)
    assert exported["lines"][8]["quantity"] == "prep_weeks"


def test_a_workbook_made_before_the_region_column_still_reads(tmp_path):
    path = _write(tmp_path, demo_input())
    wb = load_workbook(path)
    ws = wb["Devis"]
    region = _cell_of(path, "BudgetLines", 0, "Région")[0]
    ws[f"{region}4"] = "Zone"  # as if the column did not exist: an unknown header
    wb.save(path)
    exported = api.export(path)
    assert all(line["region"] == "" for line in exported["lines"])


def test_unwritable_folder_names_the_output_not_a_temp_file(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    from xlprod.errors import FileProblem

    out = tmp_path / "devis.xlsx"
    with pytest.raises(FileProblem) as err:
        api.new("budget", out)
    assert str(err.value) == f"{out}: cannot write in {tmp_path} (Permission denied)"


@pytest.mark.parametrize("name", ["TRUE", "false", "Vrai"])
def test_boolean_names_are_refused_as_globals(name):
    from xlprod.kinds.budget.checks import check

    budget = Budget.model_validate({"title": "t", "year": 2026, "globals": {name: 3}})
    assert [f.path for f in check(budget)] == [("globals", name)]


def test_negative_or_absurd_numbers_are_refused_with_their_field(tmp_path):
    data = demo_input()
    data["globals"]["shoot_weeks"] = -2
    data["lines"][3]["rate"] = 1e300
    src = tmp_path / "b.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    run = xlprod("new", "budget", "--from", src, "-o", tmp_path / "x.xlsx")
    assert run.code == 1
    assert "globals.shoot_weeks: « -2 » doit être ≥ 0" in run.err
    assert "lines[3].rate: " in run.err and "nombre fini inférieur à" in run.err


def test_excel_total_row_and_stretched_tables_still_read(tmp_path):
    path = _write(tmp_path, demo_input())
    expected = api.export(path)
    wb = load_workbook(path)
    table = wb["Devis"].tables["BudgetLines"]
    first, last = table.ref.split(":")
    last_row = int(last.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    ws = wb["Devis"]
    ws[f"A{last_row + 1}"] = "Total"  # Excel's one-click totals row
    table.ref = f"{first}:{last.rstrip('0123456789')}{last_row + 1}"
    table.totalsRowCount = 1
    wb.save(path)
    assert api.export(path) == expected
    # A table stretched over the whole sheet (formatting whole columns as a table).
    wb = load_workbook(path)
    table = wb["Devis"].tables["BudgetLines"]
    table.totalsRowCount = None
    wb["Devis"][f"A{last_row + 1}"] = None
    table.ref = f"{first}:{last.rstrip('0123456789')}1048576"
    wb.save(path)
    assert api.export(path) == expected


def test_damaged_package_is_an_unreadable_file_not_a_crash(tmp_path):
    import zipfile

    path = _write(tmp_path, demo_input())
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/tables/"):
                data = data.replace(b"<table", b'<!DOCTYPE t [<!ENTITY x "y">]><table', 1)
            dst.writestr(item, data)
    run = xlprod("validate", damaged)
    assert run.code == 2
    assert run.err.startswith(f"Error: {damaged}: the workbook's structure cannot be read")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100000 + "]" * 100000, encoding="utf-8")
    run = xlprod("new", "budget", "--from", deep, "-o", tmp_path / "x.xlsx")
    assert run.code == 2 and "nested too deeply" in run.err


# --- issue 10: tax-credit rules, worked by hand ----------------------------------------

def test_cinema_tax_credit_is_capped_at_30_million_per_work():
    # 150 M€ of eligible spend (one invoice, chapter 7, France): 30 % = 45 M€ > the cap,
    # so the credit is 30 000 000 € (CGI art. 220 sexies; it was 45 M€ before issue 10).
    budget = Budget.model_validate({"title": "Gros film", "kind": "cinema", "year": 2026,
                                    "lines": [{"chapter": 7, "label": "Moyens techniques",
                                               "quantity": 1, "rate": 150_000_000}]})
    credit = compute(budget)["tax_credit"]
    assert credit["eligible_base"] == 150_000_000
    assert credit["cap_per_work"] == 30_000_000 and credit["amount"] == 30_000_000


def test_afdas_and_pay_above_the_conventional_minimum_are_not_eligible():
    # 2026. A lead actor, 10 weeks at 50 000 € = 500 000 €, conventional minimum 2 500 €/week:
    # the credit counts 10 × 2 500 = 25 000 € of pay and the charges on it without Afdas.
    # Ceiling 4 005 × 50 paid days / 30 = 6 675 €. Artiste 2026 aggregates: TOTAL 32.168 %
    # (MAL 9.10 + VD 1.477 + AF 3.675 + CSA 0.30 + CDS 0.016 + CS 15.50 + AFDAS 2.10),
    # without AFDAS 30.068 %; T1 12.065 %; T2 14.57 %; PLAF4 9.75 %; CET 0.21 %:
    #   TOTAL 25 000 × 30.068 % = 7 517.00;  T1 6 675 × 12.065 % = 805.33875
    #   T2 18 325 × 14.57 % = 2 669.9525;  PLAF4 25 000 × 9.75 % = 2 437.50 (≤ 4 × 6 675)
    #   CET 25 000 × 0.21 % = 52.50;  sum 13 482.29125 → 13 482.29
    # (taxe d'apprentissage 0.68 % is a tax on wages too: excluded, like Afdas)
    # A technicien week at 1 500 €: all its pay, its charges less Afdas and apprentissage,
    # 1 500 × (2.10 + 0.68) % = 41.70.
    budget = Budget.model_validate({"title": "Afdas", "kind": "cinema", "year": 2026, "lines": [
        {"chapter": 3, "label": "Rôle principal", "quantity": 10, "unit": "semaine",
         "rate": 50000, "status": "artiste", "minimum": 2500},
        {"chapter": 2, "label": "Chef électricien", "quantity": 1, "unit": "semaine",
         "rate": 1500, "status": "technicien"}]})
    figures = line_figures(budget, rates_for(budget))
    assert (figures[0].credit_pay, figures[0].credit_charges) == (Decimal(25000),
                                                                  Decimal("13482.29"))
    assert figures[1].credit_pay == 1500
    assert figures[1].credit_charges == figures[1].charges - Decimal("41.70")
    credit = compute(budget)["tax_credit"]
    # The technicien week's charges: 942.69 before the taxe d'apprentissage, + 1 500 × 0.68 %
    # = 10.20 → 952.89. 25 000 + 13 482.29 + 1 500 + 952.89 − 41.70 = 40 893.48;
    # × 30 % = 12 268.044 → 12 268.04
    assert figures[1].charges == Decimal("952.89")
    assert credit["eligible_base"] == 40893.48 and credit["amount"] == 12268.04


def test_ceiling_method_and_minimum_round_trip(tmp_path):
    data = {"title": "Méthode", "year": 2025, "ceiling_method": "unit", "lines": [
        {"chapter": 3, "label": "Rôle", "quantity": 3, "unit": "cachet", "rate": 450,
         "status": "artiste", "minimum": 300}]}
    exported = api.export(_write(tmp_path, data))
    assert exported["ceiling_method"] == "unit" and exported["lines"][0]["minimum"] == 300
    assert exported["results"] == compute(Budget.model_validate(data))
