"""Every defined name of CONTRACT.md is declared by its kind's layout and, in a written
workbook, points at exactly one cell; names come from the layouts, nowhere else."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xlprod import api, kinds

#: the contract's defined names per kind (CONTRACT.md §2), for the kinds built so far
CONTRACT = {
    "budget": ("BUDGET_SUBTOTAL", "BUDGET_OVERHEAD", "BUDGET_CONTINGENCY", "BUDGET_TOTAL",
               "BUDGET_CHARGES"),
    "cashflow": ("CASH_END_BALANCE", "CASH_MIN_BALANCE", "CASH_FINANCING_NEED"),
    "variance": ("VAR_TOTAL_BUDGET", "VAR_TOTAL_ACTUAL", "VAR_TOTAL_EFC", "VAR_TOTAL_VARIANCE",
                 "VAR_UNMAPPED_TOTAL"),
    "cuesheet": ("CUE_TOTAL_FRAMES",),
    "royalties": ("ROY_RNPP_TOTAL",),
}


def _contract_text() -> str:
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "CONTRACT.md"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise AssertionError("shared/CONTRACT.md not found beside the repository")


def test_the_list_above_is_the_contract_s():
    text = _contract_text()
    for names in CONTRACT.values():
        for name in names:
            assert f"`{name}`" in text, name
    prefixes = {"budget": "BUDGET_", "cashflow": "CASH_", "variance": "VAR_", "cuesheet": "CUE_",
                "royalties": "ROY_"}
    for kind, prefix in prefixes.items():
        section = text.split(f"### {kind}")[1].split("###")[0]
        named = set(re.findall(rf"`({prefix}[A-Z_]+)`", section.split("Defined names:")[1]))
        assert named == set(CONTRACT[kind]), kind


@pytest.mark.parametrize("kind", sorted(CONTRACT))
def test_contract_names_are_declared_and_point_at_one_cell(kind, tmp_path):
    assert kind in kinds.available()
    path = api.new(kind, tmp_path / f"{kind}.xlsx").path
    wb = load_workbook(path)
    layout_names = kinds.get(kind).write(None, "fr").book.layout.names()
    for name in CONTRACT[kind]:
        assert name in layout_names, name
        destinations = list(wb.defined_names[name].destinations)
        assert len(destinations) == 1 and ":" not in destinations[0][1], name


def test_a_global_may_not_take_a_name_xlprod_uses(tmp_path):
    from xlprod.kinds.budget.model import global_name_problem

    for name in ("BUDGET_TOTAL", "budget_total", "BudgetLines", "TAUX_AGREGES", "LISTE_UNITS"):
        assert global_name_problem(name) is not None, name
    assert global_name_problem("shoot_days") is None
