"""The Excel functions are thin adapters over the engine: same figures, no Excel needed."""

from __future__ import annotations

import ast
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from xlprod import charges
from xlprod.kinds.budget import Budget
from xlprod.kinds.budget.compute import line_figures, rates_for
from xlprod.kinds.budget.demo import demo_input

UDFS = Path(__file__).resolve().parents[1] / "udfs"
sys.path.insert(0, str(UDFS))
import xlprod_udfs  # noqa: E402


def test_prod_charges_equals_every_demo_line_to_the_cent():
    budget = Budget.model_validate(demo_input())
    figures = line_figures(budget, rates_for(budget))
    checked = 0
    for line, fig in zip(budget.lines, figures, strict=True):
        if line.count != 1 or line.status == "facture":
            continue
        quantity = float(budget.quantity_of(line))
        got = xlprod_udfs.prod_charges(float(fig.amount), line.status, 2026.0, line.unit, quantity)
        assert Decimal(str(got)) == fig.charges, line.label
        checked += 1
    assert checked >= 20


def test_prod_charges_defaults_to_one_week():
    # A technicien week of 1 500 € in 2026 (weekly ceiling 924 €), as the engine computes it.
    expected = charges.charges_for(Decimal(1500), "technicien", 2026, "semaine", 1)
    assert xlprod_udfs.prod_charges(1500.0, "technicien", 2026.0) == float(expected)


def test_prod_charges_reports_bad_input_in_the_cell():
    assert xlprod_udfs.prod_charges(100.0, "astronaute", 2026.0).startswith("#xlprod! status")
    assert "2031" in xlprod_udfs.prod_charges(100.0, "technicien", 2031.0)


def test_udf_module_uses_only_open_source_xlwings():
    tree = ast.parse((UDFS / "xlprod_udfs.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith(("xlwings.pro", "xlwings.server")) for name in imported)


_ROOT = Path(__file__).resolve().parents[1]
#: the project's own files: not the virtual environment, caches or build output in the tree
_OWN = sorted(p for p in _ROOT.rglob("*") if p.suffix in (".py", ".toml", ".md") or p.name == "run"
              if p.is_file() and not any((part.startswith(".") and part != ".ci") or part in
                                          ("build", "dist") or part.endswith(".egg-info")
                                          for part in p.relative_to(_ROOT).parts))


def test_the_licence_scan_sees_the_project_and_only_it():
    names = {str(p.relative_to(_ROOT)) for p in _OWN}
    assert {"xlprod/cli.py", "udfs/xlprod_udfs.py", "pyproject.toml", ".ci/run"} <= names
    assert not any(name.startswith((".venv", ".git/")) for name in names)


@pytest.mark.parametrize("path", _OWN, ids=lambda p: str(p.relative_to(_ROOT)))
def test_no_licensed_xlwings_anywhere(path):
    if path == Path(__file__).resolve():
        return
    text = path.read_text(encoding="utf-8")
    needle = "xlwings" + "."
    for banned in ("pro", "server", "Book(json"):
        assert needle + banned not in text.replace("xw.", needle), f"{path}: {banned}"
    assert "calamine" not in text.lower()


def test_prod_charges_takes_a_date_cell_and_refuses_a_fractional_year():
    from datetime import datetime

    by_date = xlprod_udfs.prod_charges(1500.0, "technicien", datetime(2025, 6, 1), "semaine", 1.0)
    expected = charges.charges_for(Decimal(1500), "technicien", "2025-06-01", "semaine", 1)
    assert by_date == float(expected)
    assert xlprod_udfs.prod_charges(1500.0, "technicien", 2026.5).startswith("#xlprod! year 2026.5")
