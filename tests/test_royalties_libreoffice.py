"""Three-way agreement for the royalty control: engine = cached value = LibreOffice.

One soffice run recalculates every workbook of this module: the contract's example and
its variants, the demo in both languages, a blank control, a file grown to two periods
by ``add-statement``, and one whose receipts were edited after the allocation (its
stamp check must say so).
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from helpers import close, xlprod
from openpyxl import load_workbook
from test_royalties import CONTRACT
from test_royalties_workbook import _edit, split_demo, write_json

from xlprod import api
from xlprod.kinds.royalties.demo import demo_input
from xlprod.libreoffice import cached_mismatches, read_values, recalculate

pytestmark = pytest.mark.libreoffice


def _variants() -> dict[str, dict]:
    capped = copy.deepcopy(CONTRACT)
    capped["corridors"][0]["cap"] = 100000  # the corridor's cap is reached
    base = copy.deepcopy(CONTRACT)
    base["authors"].append({"name": "Compositeur", "rate": 0.01, "minimum_guarantee": 1000,
                            "base": "tv"})  # past the MG, on one channel's RNPP
    base["prior"] = [{"beneficiary": "SOFICA", "level": 0, "received": 300000}]
    last_capped = copy.deepcopy(CONTRACT)
    last_capped["tiers"][0]["cap"] = 500000  # money past it stays unallocated
    negative = copy.deepcopy(CONTRACT)
    for ch in negative["channels"]:
        ch["period"] = "2026-T1"
    negative["channels"][1]["expenses"] = 1400000  # period 1 is negative, carried
    negative["channels"].append({"channel": "tv", "period": "2026-T2", "gross": 900000})
    negative["statements"][0]["period"] = "2026-T2"
    return {"contract": CONTRACT, "capped": capped, "base": base, "last_capped": last_capped,
            "negative": negative, "demo": demo_input()}


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("royalties")
    made: dict[str, Path] = {}
    for name, data in _variants().items():
        made[name] = api.new("royalties", folder / f"{name}.xlsx",
                             source=write_json(folder / f"{name}.json", data)).path
    made["english"] = api.new("royalties", folder / "english.xlsx",
                              source=folder / "demo.json", lang="en").path
    made["blank"] = api.new("royalties", folder / "blank.xlsx").path
    made["blank_en"] = api.new("royalties", folder / "blank_en.xlsx", lang="en").path
    first, second = split_demo()
    grown = api.new("royalties", folder / "grown.xlsx",
                    source=write_json(folder / "t1.json", first)).path
    _edit(grown)
    run = xlprod("run", "add-statement", grown, "--from", write_json(folder / "t2.json", second))
    assert run.code == 0, run.err
    made["grown"] = grown
    stale = folder / "stale.xlsx"
    wb = load_workbook(made["contract"])
    wb["Recettes"]["H6"] = 510000  # the TV receipts changed after the allocation
    wb.save(stale)
    made["stale"] = stale
    outputs = recalculate(list(made.values()), folder / "lo")
    return {name: (path, out) for (name, path), out in zip(made.items(), outputs, strict=True)}


NAMES = ["contract", "capped", "base", "last_capped", "negative", "demo", "english", "blank",
         "blank_en", "grown"]


@pytest.mark.parametrize("name", [*NAMES, "stale"])
def test_no_error_cell_after_recalculation(books, name):
    assert read_values(books[name][1])["error_cells"] == []


@pytest.mark.parametrize("name", NAMES)
def test_every_cached_value_equals_libreoffice(books, name):
    path, recalculated = books[name]
    # The user's own sheet lost its cached values in the update (openpyxl cannot keep
    # them; Excel and LibreOffice recalculate it on opening): only xlprod's sheets count.
    mismatches = [m for m in cached_mismatches(path, recalculated)
                  if not m.startswith("Mes notes!")]
    assert mismatches == []


@pytest.mark.parametrize("name", NAMES)
def test_rnpp_total_and_checks_equal_export(books, name):
    path, recalculated = books[name]
    loaded = api.load(path)  # a blank control has no tier yet: it loads, export refuses it
    results = loaded.spec.compute(loaded.model)
    names = read_values(recalculated)["names"]
    assert close(names["ROY_RNPP_TOTAL"], results["rnpp_total"])
    assert close(names["ROY_ALLOCATED"], sum(p["due"] for p in results["payouts"]))
    assert close(names["ROY_UNALLOCATED"], results["unallocated"])
    assert names["ROY_UP_TO_DATE"] in ("à jour", "up to date")


def test_the_stamp_check_sees_receipts_changed_since_the_allocation(books):
    names = read_values(books["stale"][1])["names"]
    assert close(names["ROY_RNPP_TOTAL"], 867648.25)  # the live total moved by 10 000
    assert names["ROY_RNPP_SHARED"] == 857648.25  # what the allocation was computed from
    assert names["ROY_UP_TO_DATE"].startswith("À RECALCULER")


def test_the_figures_of_the_variants(books):
    def names(name: str) -> dict:
        return read_values(books[name][1])["names"]

    assert close(names("last_capped")["ROY_UNALLOCATED"], 857648.25 - 128647.24 - 500000)
    # the negative first period is carried, then set against the second's receipts
    assert close(names("negative")["ROY_RNPP_TOTAL"], 357648.25 - 900000 + 900000)
    assert close(names("grown")["ROY_RNPP_TOTAL"], 1378153.40 + 10000)
