"""The cash-flow workbook: the contract case exactly, a plan derived from the demo budget,
bad input named at its field or cell, and the refresh after a budget revision."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

import pytest
from helpers import xlprod
from openpyxl import load_workbook
from openpyxl.comments import Comment

from xlprod import api
from xlprod.money import ZERO

CONTRACT = {
    "title": "…", "start": "2026-01", "months": 12, "opening_balance": 10000,
    "outflows": [{"label": "Tournage", "amount": 300000, "from": "2026-05", "to": "2026-06"}],
    "inflows": [{"label": "Préachat TV", "amount": 200000,
                 "schedule": [{"month": "2026-03", "share": 0.5},
                              {"month": "2026-10", "share": 0.5}]}],
}
NAMES = {"CASH_END_BALANCE": "end_balance", "CASH_MIN_BALANCE": "min_balance",
         "CASH_MIN_BALANCE_MONTH": "min_balance_month", "CASH_FINANCING_NEED": "financing_need"}


def named(path, data_only=True):
    wb = load_workbook(path, data_only=data_only)
    out = {}
    for name in NAMES:
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        out[name] = wb[sheet][ref.replace("$", "")].value
    return out


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dossier")
    api.demo(folder)
    (folder / "contract.json").write_text(json.dumps(CONTRACT), encoding="utf-8")
    api.new("cashflow", folder / "contract.xlsx", source=folder / "contract.json")
    api.new("cashflow", folder / "derived.xlsx", source=folder / "cashflow.json",
            sources={"budget": folder / "budget.xlsx"})
    return folder


def test_the_contract_case_exactly(dossier):
    results = api.export(dossier / "contract.xlsx")["results"]
    assert [m["balance"] for m in results["months"]] == [
        10000, 10000, 110000, 110000, -40000, -190000, -190000, -190000, -190000,
        -90000, -90000, -90000]
    assert results["months"][4] == {"month": "2026-05", "inflows": 0, "outflows": 150000,
                                    "net": -150000, "balance": -40000}
    assert (results["end_balance"], results["min_balance"], results["min_balance_month"],
            results["financing_need"]) == (-90000, -190000, "2026-06", 190000)
    # a viewer that does not recalculate shows the same figures (cached values)
    assert named(dossier / "contract.xlsx") == {
        "CASH_END_BALANCE": -90000, "CASH_MIN_BALANCE": -190000,
        "CASH_MIN_BALANCE_MONTH": "2026-06", "CASH_FINANCING_NEED": 190000}
    assert all(str(v).startswith("=") for v in named(dossier / "contract.xlsx", False).values())


def test_export_gives_the_contract_input_back(dossier):
    exported = api.export(dossier / "contract.xlsx")
    for key in ("title", "start", "months", "opening_balance"):
        assert exported[key] == CONTRACT[key]
    out = exported["outflows"][0]
    assert (out["label"], out["amount"], out["from"], out["to"]) == ("Tournage", 300000,
                                                                     "2026-05", "2026-06")
    assert exported["inflows"][0]["schedule"] == CONTRACT["inflows"][0]["schedule"]


def test_a_plan_from_the_demo_budget_sums_to_its_total_and_is_all_formulas(dossier):
    budget = api.export(dossier / "budget.xlsx")["results"]["total"]
    plan = api.export(dossier / "derived.xlsx")
    amounts = sum((Decimal(str(o["amount"])) for o in plan["outflows"]), ZERO)
    assert amounts == Decimal(str(budget)) == Decimal("2541300.77")
    months = plan["results"]["months"]
    spent = sum((Decimal(str(row)) for o in plan["results"]["outflow_rows"]
                 for row in o["by_month"]), ZERO)
    assert spent == amounts  # every cent lands inside the plan
    assert plan["budget_total"] == budget
    wb = load_workbook(dossier / "derived.xlsx")
    outflows = wb["Décaissements"]
    table = outflows.tables["CashOutflows"]
    assert table.ref.startswith("A4:")
    header = [c.value for c in outflows[4]]
    month_cols = [i for i, h in enumerate(header) if isinstance(h, str) and h.startswith("Mois ")]
    assert len(month_cols) == len(months) == 18
    for row in outflows.iter_rows(min_row=5, max_row=4 + len(plan["outflows"])):
        assert all(str(row[i].value).startswith("=") for i in month_cols)
    grid = wb["Plan de trésorerie"]
    for row in grid.iter_rows(min_row=12, max_row=grid.max_row, min_col=2, max_col=19):
        for cell in row:
            if cell.value is not None:
                assert str(cell.value).startswith("="), cell.coordinate


def test_the_derived_plan_keeps_the_json_s_financing(dossier):
    data = json.loads((dossier / "cashflow.json").read_text(encoding="utf-8"))
    plan = api.export(dossier / "derived.xlsx")
    assert [i["label"] for i in plan["inflows"]] == [i["label"] for i in data["inflows"]]
    assert plan["results"]["financing"]["gap"] == 0
    assert plan["results"]["financing"]["aid_within_ceiling"] is True


@pytest.mark.parametrize(("change", "line"), [
    (lambda d: d["inflows"][0]["schedule"][1].update(share=0.4),
     "Error: bad.json: inflows[0].schedule: les parts font 0.9 au lieu de 1 (100 %) ; "
     "corrigez-les pour que l'échéancier verse le montant entier"),
    (lambda d: d["inflows"][0]["schedule"][1].update(month="2027-02"),
     "Error: bad.json: inflows[0].schedule[1].month: 2027-02 est après la fin du plan "
     "(2026-12) : les montants de ces mois seraient perdus ; allongez le plan (months) ou "
     "corrigez la date"),
    (lambda d: d["outflows"][0].update(to="2026-04"),
     "Error: bad.json: outflows[0].to: la fin 2026-04 est avant le début 2026-05 ; "
     "inversez-les ou corrigez la date"),
])
def test_bad_input_is_refused_by_field(tmp_path, change, line):
    data = json.loads(json.dumps(CONTRACT))
    change(data)
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    run = xlprod("new", "cashflow", "--from", "bad.json", "-o", "plan.xlsx", cwd=tmp_path)
    assert (run.code, run.err.strip()) == (1, line)
    assert not (tmp_path / "plan.xlsx").exists()


def test_a_budget_that_is_not_a_budget_is_refused(dossier, tmp_path):
    shutil.copyfile(dossier / "cuesheet.xlsx", tmp_path / "releve.xlsx")
    run = xlprod("new", "cashflow", "--budget", "releve.xlsx", "-o", "plan.xlsx", cwd=tmp_path)
    assert (run.code, run.err.strip()) == (2, "Error: releve.xlsx: is a cuesheet workbook, not a "
                                              "budget; give --budget a budget workbook (made "
                                              "with xlprod new budget)")


def test_bad_input_typed_in_the_workbook_is_named_at_its_cell(dossier, tmp_path):
    path = tmp_path / "plan.xlsx"
    shutil.copyfile(dossier / "contract.xlsx", path)
    wb = load_workbook(path)
    wb["Échéancier"]["C6"] = 0.4  # the October instalment: shares now 0.9
    wb["Décaissements"]["I5"] = "2026-04"  # Fin before Début
    wb.save(path)
    run = xlprod("validate", path)
    assert run.code == 1
    assert ("error: Plan de financement!H17: les parts font 0.9 au lieu de 1 (100 %) ; "
            "corrigez-les pour que l'échéancier verse le montant entier") in run.out
    assert ("error: Décaissements!I5: la fin 2026-04 est avant le début 2026-05 ; "
            "inversez-les ou corrigez la date") in run.out


def test_blank_plan_and_english_labels(tmp_path):
    fr = api.new("cashflow", tmp_path / "blank.xlsx").path
    assert api.export(fr)["results"]["end_balance"] == 0
    en = api.new("cashflow", tmp_path / "en.xlsx", source=None, lang="en").path
    wb = load_workbook(en)
    assert wb.sheetnames[:5] == ["Cash-flow plan", "Financing plan", "Instalments", "Outflows",
                                 "Settings"]
    assert api.export(en)["results"]["months"][0]["balance"] == 0


def _revise_budget(folder, tmp_path):
    data = api.export(folder / "budget.xlsx")
    data.pop("results")
    data["lines"][0]["rate"] = float(Decimal(str(data["lines"][0]["rate"])) + 1000)
    (tmp_path / "budget2.json").write_text(json.dumps(data), encoding="utf-8")
    return api.new("budget", tmp_path / "budget2.xlsx", source=tmp_path / "budget2.json").path


def test_refresh_keeps_the_user_s_rule_schedule_rows_and_comment(dossier, tmp_path):
    path = tmp_path / "plan.xlsx"
    shutil.copyfile(dossier / "derived.xlsx", path)
    before = api.export(path)
    wb = load_workbook(path)
    out = wb["Décaissements"]
    row = next(r for r in range(5, 40) if out[f"A{r}"].value == 8)  # post-production, spread
    out[f"F{row}"] = "en fin de phase"  # the user's rule: paid at the end of post
    out[f"C{row}"].comment = Comment("facture unique du labo", "Léa")
    table = out.tables["CashOutflows"]
    last = 4 + len(before["outflows"])
    extra = last + 1  # a row of the user's own, the table stretched over it
    for col, value in zip("CDHI", ("Frais de festival", 12000, "2027-01", "2027-02"),
                          strict=True):
        out[f"{col}{extra}"] = value
    table.ref = table.ref.rsplit(str(last), 1)[0] + str(extra)
    sched = wb["Échéancier"]
    assert sched["A6"].value == sched["A7"].value == "Préachat TV payante"
    sched["C6"], sched["C7"] = 0.3, 0.2  # signature 20 % → 30 %, shooting 30 % → 20 %
    wb.save(path)
    edited = api.export(path, ignore_formulas=True)
    first = edited["inflows"][1]["schedule"]
    assert [i["share"] for i in first[:2]] == [0.3, 0.2]
    revised = _revise_budget(dossier, tmp_path)
    run = xlprod("run", "refresh-cashflow", path, "--budget", revised)
    assert run.code == 0, run.err
    assert len(list(tmp_path.glob("plan.sauvegarde-*.xlsx"))) == 1
    after = api.export(path)
    post = next(o for o in after["outflows"] if o["chapter"] == 8)
    assert (post["rule"], post["from"], post["to"]) == ("at_end", "2026-11", "2026-11")
    assert after["inflows"][1]["schedule"] == first
    assert after["outflows"][-1]["label"] == "Frais de festival"
    new_total = api.export(revised)["results"]["total"]
    assert new_total != before["budget_total"] == before["results"]["financing"]["budget"]
    budget_rows = sum((Decimal(str(o["amount"])) for o in after["outflows"]
                       if o.get("chapter") is not None), ZERO)
    assert budget_rows == Decimal(str(new_total)) == Decimal(str(after["budget_total"]))
    wb = load_workbook(path)
    assert wb["Décaissements"][f"C{row}"].comment.text == "facture unique du labo"


def test_an_instalment_moved_outside_the_plan_stops_export_at_its_cell(dossier, tmp_path):
    shutil.copyfile(dossier / "contract.xlsx", tmp_path / "plan.xlsx")
    wb = load_workbook(tmp_path / "plan.xlsx")
    wb["Échéancier"]["B6"] = "2027-03"
    wb.save(tmp_path / "plan.xlsx")
    run = xlprod("export", "plan.xlsx", cwd=tmp_path)
    assert (run.code, run.err.strip()) == (
        1, "Error: plan.xlsx: Échéancier!B6: 2027-03 est après la fin du plan (2026-12) : les "
           "montants de ces mois seraient perdus ; allongez le plan (months) ou corrigez la date")
