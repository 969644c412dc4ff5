"""`xlprod demo` writes one coherent production: every available kind, JSON + workbook."""

from __future__ import annotations

import json

import pytest
from helpers import xlprod

from xlprod import api, kinds


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dossier")
    run = xlprod("demo", folder)
    assert run.code == 0, run.err
    return folder


def test_demo_writes_every_available_kind(dossier):
    for kind in kinds.available():
        assert (dossier / f"{kind}.json").is_file()
        assert (dossier / f"{kind}.xlsx").is_file()


def test_demo_refuses_to_overwrite_without_force(dossier):
    run = xlprod("demo", dossier)
    assert run.code == 2
    assert "already exists; pass --force" in run.err


@pytest.mark.parametrize("kind", kinds.available())
def test_demo_exports_its_own_input(dossier, kind):
    data = json.loads((dossier / f"{kind}.json").read_text(encoding="utf-8"))
    exported = api.export(dossier / f"{kind}.xlsx")
    assert exported["workbook"] == kind
    for key, value in data.items():
        assert key in exported
        if not isinstance(value, list | dict):
            assert exported[key] == value, key


@pytest.mark.libreoffice
def test_demo_and_blank_workbooks_have_no_error_cell(dossier, tmp_path, lo_recalc):
    paths = [dossier / f"{kind}.xlsx" for kind in kinds.available()]
    for kind in kinds.available():
        paths.append(api.new(kind, tmp_path / f"blank-{kind}.xlsx").path)
        for variant in kinds.get(kind).variants:
            name = f"blank-{kind}-{variant.replace('.', '_')}.xlsx"
            paths.append(api.new(kind, tmp_path / name, variant=variant).path)
    assert len(paths) >= 2 * len(kinds.available()) + 8
    for path, values in lo_recalc(paths).items():
        assert values["error_cells"] == [], path.name


def test_the_demo_kinds_describe_one_film(dossier):
    budget = api.export(dossier / "budget.xlsx")
    cues = api.export(dossier / "cuesheet.xlsx")
    assert budget["title"] == cues["title"]
    # The budget's archives line is what the archives register clears.
    archives_line = next(x for x in budget["lines"] if x["account"] == "16")
    assert archives_line["rate"] * archives_line["count"] == cues["results"]["archives"]["total_fees"]
    # The programme length is the same in both.
    from xlprod import timecode

    minutes = timecode.parse(cues["programme_duration"], cues["fps"]) / (cues["fps"] * 60)
    assert minutes == budget["duration_minutes"]


@pytest.mark.libreoffice
def test_a_workbook_saved_by_another_spreadsheet_program_reads_the_same(dossier, tmp_path):
    """LibreOffice rewrites the package (relative part names, its own styles): the
    reader finds the same tables, names and values."""
    from xlprod.libreoffice import recalculate

    paths = [dossier / f"{kind}.xlsx" for kind in kinds.available()]
    for original, resaved in zip(paths, recalculate(paths, tmp_path), strict=True):
        assert api.export(resaved) == api.export(original), original.name


def test_the_cost_report_ships_with_the_fec_its_actuals_come_from(dossier, tmp_path):
    """Importing the dossier's FEC into (a copy of) its cost report changes no actual."""
    import shutil
    from decimal import Decimal

    from xlprod.importers import read_fec

    fec = dossier / "812345676FEC20261231.txt"
    report = api.export(dossier / "variance.xlsx")
    imported = read_fec(fec)
    assert imported.balanced  # hors devis included: class 6 in full is the report's actual
    assert sum(e.amount for e in imported.entries) == Decimal(str(report["results"]["total_actual"]))
    copy = tmp_path / "variance.xlsx"
    shutil.copyfile(dossier / "variance.xlsx", copy)
    run = xlprod("run", "import-actuals", copy, "--fec", fec)
    assert run.code == 0, run.err
    assert api.export(copy)["results"]["total_actual"] == report["results"]["total_actual"]
