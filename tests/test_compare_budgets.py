"""`xlprod run compare-budgets`: two versions side by side, differences as formulas."""

from __future__ import annotations

import copy
import json

import pytest
from helpers import close, xlprod
from openpyxl import load_workbook

from xlprod import api
from xlprod.kinds.budget import Budget, compute
from xlprod.kinds.budget.demo import demo_input


@pytest.fixture
def versions(tmp_path):
    initial = demo_input()
    revised = copy.deepcopy(initial)
    revised["globals"]["shoot_days"] = 35
    revised["lines"][0]["rate"] = 45000
    revised["lines"].append({"chapter": 9, "account": "95", "label": "Garantie de bonne fin",
                             "quantity": 1, "unit": "forfait", "rate": 12000})
    paths = []
    for folder, data in (("v1", initial), ("v2", revised)):
        (tmp_path / folder).mkdir()
        src = tmp_path / folder / "budget.json"
        src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(api.new("budget", tmp_path / folder / "budget.xlsx", source=src).path)
    return initial, revised, paths


@pytest.mark.libreoffice
def test_comparison_by_chapter_and_account(tmp_path, versions, lo_recalc):
    initial, revised, (a, b) = versions
    out = tmp_path / "ecarts.xlsx"
    run = xlprod("run", "compare-budgets", a, b, "-o", out)
    assert run.code == 0, run.err
    ws = load_workbook(out)["Par chapitre"]
    shown = load_workbook(out, data_only=True)["Par chapitre"]
    assert ws["C4"].value == f"A : {a}" and ws["D4"].value == f"B : {b}"  # same file names
    res_a, res_b = (compute(Budget.model_validate(d)) for d in (initial, revised))
    for i, (ca, cb) in enumerate(zip(res_a["chapters"], res_b["chapters"], strict=True)):
        assert ws.cell(row=5 + i, column=3).value == ca["total"]
        assert ws.cell(row=5 + i, column=4).value == cb["total"]
        assert ws.cell(row=5 + i, column=5).value.startswith("=ChapterComparison[[#This Row]")
        assert close(shown.cell(row=5 + i, column=5).value, cb["total"] - ca["total"])  # cached
    assert lo_recalc([out])[out]["error_cells"] == []  # the difference formulas compute
    from xlprod.libreoffice import cached_mismatches, recalculate

    [after] = recalculate([out], tmp_path / "lo")
    assert cached_mismatches(out, after) == []
    accounts = load_workbook(out)["Par compte"]
    rows = {r[0].value: r for r in accounts.iter_rows(min_row=5) if r[0].value}
    assert rows["9/95"][2].value == 0 and rows["9/95"][3].value == 12000
    assert close(rows["1/11"][3].value - rows["1/11"][2].value, 5000)
    # account titles come from the chart of accounts, not from the first line's label
    assert rows["1/11"][1].value == next(
        x.label_fr for x in __import__("xlprod").reference.chart_of_accounts("cinema")
        if (x.chapter, x.account) == (1, "11"))
    lines = {r[2].value: r for r in load_workbook(out)["Par ligne"].iter_rows(min_row=5)}
    assert lines["Garantie de bonne fin"][0].value == "ajoutée"
    assert lines[initial["lines"][0]["label"]][0].value == "modifiée"
    setup = ws.page_setup
    assert setup.orientation == "landscape" and ws.print_title_rows == "$4:$4"


def test_comparison_refuses_a_cue_sheet(tmp_path, versions):
    _, _, (a, _) = versions
    cue = api.new("cuesheet", tmp_path / "releve.xlsx").path
    run = xlprod("run", "compare-budgets", a, cue, "-o", tmp_path / "x.xlsx")
    assert run.code == 2
    assert run.err.strip() == f"Error: {cue}: is a cuesheet workbook, not a budget"
