"""Three-way agreement on many random budgets, built to land on half cents.

Seeded (reproducible) rather than hypothesis-driven: LibreOffice recalculates all of them
in one run. Amounts such as 2.5 × 333.33 or an overhead on a subtotal ending in .5 put
the exact result on a half cent, where binary floating point and Decimal can disagree.
"""

from __future__ import annotations

import json
import random

import pytest
from helpers import close

from xlprod import api

pytestmark = pytest.mark.libreoffice

STATUSES = ["technicien", "cadre", "artiste", "auteur", "facture"]
UNITS = ["heure", "jour", "cachet", "semaine", "mois", "forfait"]


def _budget(seed: int) -> dict:
    rng = random.Random(seed)
    lines = []
    for _ in range(rng.randint(5, 40)):
        lines.append({
            "chapter": rng.choice([1, 2, 3, 5, 6, 7, 8, 9]),
            "label": f"ligne {seed}",
            "quantity": rng.choice([1, 2.5, 0.5, 7, 12.25, "shoot_days", "shoot_weeks"]),
            "unit": rng.choice(UNITS),
            "count": rng.choice([1, 1, 2, 3, 40]),
            "rate": rng.choice([333.33, 1234.565, 99.99, 0.05, 1500, 2100.005, 17.35]),
            "status": rng.choice(STATUSES),
            "location": rng.choice(["FR", "FR", "FR", "BE", "DE"]),
        })
    return {
        "title": f"Aléatoire {seed}", "kind": rng.choice(["cinema", "audiovisuel"]),
        "year": rng.choice([2025, 2026]),
        "globals": {"shoot_days": rng.choice([20, 32, 45]), "shoot_weeks": rng.choice([4, 6.5, 9])},
        "overhead_rate": rng.choice([0.07, 0.075, 0.0625]),
        "contingency_rate": rng.choice([0.05, 0.035, 0.1]),
        "duration_minutes": rng.choice([52, 90, None]),
        "lines": lines,
    }


def _with_dfs(seed: int) -> dict:
    """A random budget with the artists' DFS: on or off for the workbook, O/N/blank per
    line, more artists (a second generator: the plain budgets stay as they were)."""
    data = _budget(seed)
    rng = random.Random(-seed)
    data["artist_dfs"] = rng.choice([True, False])
    for line in data["lines"]:
        if rng.random() < 0.5:
            line["status"] = "artiste"
        flag = rng.choice([None, True, False])
        if flag is not None:
            line["dfs"] = flag
        if rng.random() < 0.2:
            line["minimum"] = rng.choice([50, 333.33, 1000])
    return data


def test_random_budgets_agree_to_the_cent(tmp_path, lo_recalc):
    paths = []
    for seed in [*range(25), *range(100, 110)]:  # 100…: with the artists' DFS
        src = tmp_path / f"r{seed}.json"
        made = _budget(seed) if seed < 100 else _with_dfs(seed)
        data = {k: v for k, v in made.items() if v is not None}
        src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(api.new("budget", tmp_path / f"r{seed}.xlsx", source=src).path)
    recalculated = lo_recalc(paths)
    names = {"BUDGET_SUBTOTAL": "subtotal", "BUDGET_OVERHEAD": "overhead",
             "BUDGET_CONTINGENCY": "contingency", "BUDGET_TOTAL": "total",
             "BUDGET_CHARGES": "charges", "BUDGET_FRANCE_TOTAL": "france_total",
             "BUDGET_FOREIGN_TOTAL": "foreign_total"}
    for path in paths:
        values = recalculated[path]
        assert values["error_cells"] == [], path.name
        results = api.export(path)["results"]
        for name, key in names.items():
            assert close(values["names"][name], results[key]), (path.name, name,
                                                                values["names"][name], results[key])
        assert close(values["names"]["BUDGET_TAX_CREDIT"], results["tax_credit"]["amount"])
