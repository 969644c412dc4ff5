"""Three-way agreement for cash-flow plans: engine = cached values = LibreOffice.

One soffice run recalculates every workbook of this module. A plan derived from the demo
budget has its phase dates moved *in the file* (as a user would in Excel): LibreOffice's
recalculation then equals what ``export`` computes from the edited file, cell by cell.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import close, xlprod
from openpyxl import load_workbook
from test_cashflow_weekly import weekly_twin
from test_cashflow_workbook import CONTRACT, _revise_budget

from xlprod import api
from xlprod.kinds.cashflow.demo import demo_input
from xlprod.libreoffice import cached_mismatches, read_values, recalculate

pytestmark = pytest.mark.libreoffice

NAMES = {"CASH_END_BALANCE": "end_balance", "CASH_MIN_BALANCE": "min_balance",
         "CASH_MIN_BALANCE_MONTH": "min_balance_month", "CASH_FINANCING_NEED": "financing_need"}
MOVED = {"CASH_SHOOT_START": "2026-06-01", "CASH_SHOOT_END": "2026-07-24",
         "CASH_POST_START": "2026-08-03", "CASH_POST_END": "2026-12-18"}


def _variants() -> dict[str, dict]:
    plain = demo_input(extensions=False)
    odd = json.loads(json.dumps(CONTRACT))
    odd["months"] = 14
    odd["inflows"][0].update(amount=100000.01, schedule=[
        {"month": "2026-02", "share": 0.4}, {"month": "2026-04", "share": 0.2},
        {"month": "2026-06", "share": 0.4}])
    odd["inflows"].append({"label": "Région", "amount": 33333.33, "source_type": "region",
                           "status": "hoped", "schedule": [
                               {"month": "2026-03", "share": 0.125},
                               {"month": "2026-09", "share": 0.875}]})
    odd["outflows"] += [
        {"label": "Avoir labo", "amount": -1000.01, "from": "2026-07", "to": "2026-09"},
        {"label": "Étalonnage", "amount": 50000.03, "from": "2026-06", "to": "2026-12",
         "chapter": 8, "vat": True},
        {"label": "Assurance", "amount": 7000, "from": "2026-02", "to": "2026-02", "chapter": 9}]
    odd["vat"] = {"rate": 0.2, "recoverable": False}
    odd["credit_line"] = {"ceiling": 150000, "rate": 0.06, "floor": 5000}
    # By week: the demo plan, and the odd one across a 53-week year with VAT coming back the
    # first week of the next month, the credit's interest over 52 weeks, a refund.
    weekly_odd = weekly_twin({**odd, "start": "2026-09", "months": 6})
    weekly_odd["vat"] = {"rate": 0.2, "recoverable": True}
    weekly_odd["credit_line"] = {"ceiling": 150000, "rate": 0.06, "floor": 5000}
    for out, span in zip(weekly_odd["outflows"], (("2026-W40", "2026-W52"), ("2026-W50", "2027-W03"),
                                                  ("2026-W53", "2027-W08"), ("2026-W36", "2026-W36")),
                         strict=True):
        out["from"], out["to"] = span
    for inflow, weeks in zip(weekly_odd["inflows"], (("2026-W37", "2026-W45", "2027-W02"),
                                                     ("2026-W38", "2027-W05")), strict=True):
        for item, week in zip(inflow["schedule"], weeks, strict=True):
            item["month"] = week
    return {"contract": CONTRACT, "demo": demo_input(), "plain": plain, "odd": odd,
            "weekly": weekly_twin(plain), "weekly_odd": weekly_odd}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cashflow")
    api.demo(folder / "dossier")
    made: dict[str, Path] = {}
    for name, data in _variants().items():
        (folder / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
        made[name] = api.new("cashflow", folder / f"{name}.xlsx",
                             source=folder / f"{name}.json").path
    made["derived"] = api.new("cashflow", folder / "derived.xlsx",
                              source=folder / "dossier" / "cashflow.json",
                              sources={"budget": folder / "dossier" / "budget.xlsx"}).path
    made["budget_only"] = api.new("cashflow", folder / "budget_only.xlsx",
                                  sources={"budget": folder / "dossier" / "budget.xlsx"}).path
    made["blank"] = api.new("cashflow", folder / "blank.xlsx").path
    made["weekly_blank"] = api.new("cashflow", folder / "weekly_blank.xlsx", variant="week").path
    made["weekly_english"] = api.new("cashflow", folder / "weekly_english.xlsx",
                                     source=folder / "weekly_odd.json", lang="en").path
    made["english"] = api.new("cashflow", folder / "english.xlsx", source=folder / "demo.json",
                              lang="en").path
    # The derived plan with its shooting and post-production moved a month later in the file.
    moved = folder / "moved.xlsx"
    shutil.copyfile(made["derived"], moved)
    wb = load_workbook(moved)
    for name, value in MOVED.items():
        sheet, ref = next(iter(wb.defined_names[name].destinations))
        wb[sheet][ref.replace("$", "")] = value
    wb.save(moved)
    made["moved"] = moved
    (folder / "moved.json").write_text(json.dumps(api.export(moved)), encoding="utf-8")
    made["moved_again"] = api.new("cashflow", folder / "moved_again.xlsx",
                                  source=folder / "moved.json").path
    refreshed = folder / "refreshed.xlsx"
    shutil.copyfile(made["derived"], refreshed)
    run = xlprod("run", "refresh-cashflow", refreshed, "--budget",
                 _revise_budget(folder / "dossier", folder))
    assert run.code == 0, run.err
    made["refreshed"] = refreshed
    outputs = recalculate(list(made.values()), folder / "lo")
    return {name: (path, out) for (name, path), out in zip(made.items(), outputs, strict=True)}


def test_no_error_cell_anywhere(books):
    for name, (_, out) in books.items():
        assert read_values(out)["error_cells"] == [], name


def test_every_cached_value_is_libreoffice_s(books):
    for name, (path, out) in books.items():
        if name == "moved":  # openpyxl saved it: no cached values left to compare
            continue
        assert cached_mismatches(path, out) == [], name


def test_contract_names_equal_export(books):
    for name, (path, out) in books.items():
        results = api.export(path)["results"]
        shown = read_values(out)["names"]
        for cell, key in NAMES.items():
            if key == "min_balance_month":
                assert shown[cell] == results[key], (name, cell)
            else:
                assert close(shown[cell], results[key]), (name, cell, shown[cell], results[key])


def test_moving_the_phases_in_the_file_moves_the_plan_as_the_engine_says(books):
    before = api.export(books["derived"][0])["results"]
    after = api.export(books["moved"][0])
    assert after["phases"]["shooting"] == {"start": "2026-06-01", "end": "2026-07-24"}
    assert [m["outflows"] for m in after["results"]["months"]] != [
        m["outflows"] for m in before["months"]]
    shooting = [o for o in after["outflows"] if o.get("phase") == "shooting"]
    assert shooting and all(o["from"] >= "2026-06" for o in shooting)
    # LibreOffice's recalculation of the edited file = a fresh workbook of export's figures,
    # in every formula cell
    assert cached_mismatches(books["moved_again"][0], books["moved"][1]) == []
    shown = read_values(books["moved"][1])["names"]
    assert close(shown["CASH_MIN_BALANCE"], after["results"]["min_balance"])
    assert close(shown["CASH_END_BALANCE"], after["results"]["end_balance"])


def test_the_weekly_plans_are_weekly_and_exercise_vat_and_credit(books):
    results = api.export(books["weekly_odd"][0])["results"]
    weeks = [m["month"] for m in results["months"]]
    assert (weeks[0], weeks[17], weeks[18], weeks[-1]) == ("2026-W36", "2026-W53", "2027-W01",
                                                          "2027-W08")
    recovered = dict(zip(weeks, results["vat"]["recovered"], strict=True))
    assert {w for w, v in recovered.items() if v} <= {"2026-W40", "2026-W45", "2026-W49",
                                                     "2027-W01", "2027-W05"}
    assert recovered["2027-W01"] > 0  # December's VAT (W49…W53) back in January's first week
    assert results["credit"]["peak"] > 0 and results["credit"]["interest_total"] > 0
    shown = read_values(books["weekly_odd"][1])["names"]
    assert shown["CASH_MIN_BALANCE_MONTH"] == results["min_balance_month"]
    month = api.export(books["plain"][0])["results"]
    week = api.export(books["weekly"][0])["results"]
    assert close(sum(m["outflows"] for m in week["months"]),
                 sum(m["outflows"] for m in month["months"]))
    assert close(read_values(books["weekly"][1])["names"]["CASH_END_BALANCE"],
                 month["end_balance"])


def test_the_odd_plan_exercises_cents_refunds_vat_and_credit(books):
    results = api.export(books["odd"][0])["results"]
    parts = [i["amount"] for i in results["inflow_rows"][0]["instalments"]]
    assert parts == [40000.01, 20000, 40000]  # the missing cent: largest remainder, first tie
    assert sum(results["outflow_rows"][1]["by_month"]) == pytest.approx(-1000.01)
    assert results["vat"]["recovered"] == [0] * 14
    assert results["credit"]["peak"] > 0
    shown = load_workbook(books["odd"][1], data_only=True)["Échéancier"]
    assert [shown[f"D{r}"].value for r in (5, 6, 7)] == parts
