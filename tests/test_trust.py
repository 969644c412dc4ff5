"""What prints is what `export` says: formulas typed over anywhere, protection, versions."""

from __future__ import annotations

import shutil

import pytest
from helpers import xlprod
from openpyxl import load_workbook

from xlprod import api


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dossier")
    api.demo(folder)
    return folder


def _named(path, name):
    wb = load_workbook(path)
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return sheet, ref.replace("$", "")


@pytest.mark.parametrize(("kind", "name"), [("budget", "BUDGET_TOTAL"),
                                            ("cuesheet", "CUE_TOTAL_FRAMES")])
def test_a_total_typed_over_is_reported_refused_and_repaired(dossier, tmp_path, kind, name):
    path = tmp_path / f"{kind}.xlsx"
    shutil.copyfile(dossier / f"{kind}.xlsx", path)
    sheet, ref = _named(path, name)
    wb = load_workbook(path)
    wb[sheet][ref] = 85000  # the printed total no longer comes from the lines
    wb.save(path)
    run = xlprod("validate", path)
    assert run.code == 1
    assert (f"error: {sheet}!{ref}: la formule d'xlprod a été remplacée par la valeur 85000 : le "
            "chiffre imprimé n'est plus celui qu'xlprod calcule ; `xlprod run upgrade` la "
            "rétablit") in run.out
    assert xlprod("export", path).code == 1
    assert xlprod("run", "upgrade", path).code == 0
    assert str(load_workbook(path)[sheet][ref].value).startswith("=")
    assert xlprod("validate", path).code == 0


def test_protect_locks_formulas_and_leaves_inputs_open(tmp_path):
    path = tmp_path / "devis.xlsx"
    assert xlprod("new", "budget", "--protect", "-o", path).code == 0
    wb = load_workbook(path)
    recap, lines = wb["Récapitulatif"], wb["Devis"]
    assert recap.protection.sheet and lines.protection.sheet
    assert lines.protection.password is None and not lines.protection.sort
    assert lines["G5"].protection.locked is False  # Taux unitaire: an input
    assert lines["M5"].protection.locked is True  # Montant: xlprod's formula
    assert not load_workbook(api.new("budget", tmp_path / "open.xlsx").path)["Devis"].protection.sheet


def test_a_workbook_from_a_newer_xlprod_is_flagged(dossier, tmp_path):
    path = tmp_path / "devis.xlsx"
    shutil.copyfile(dossier / "budget.xlsx", path)
    wb = load_workbook(path)
    meta = wb["_xlprod"]
    for row in meta.iter_rows():
        if row[0].value == "version":
            row[1].value = "9.0.0"
    wb.save(path)
    run = xlprod("validate", path)
    assert run.code == 0
    assert "warning: (top level): made by xlprod 9.0.0, read by xlprod 0.1.0" in run.out


def test_a_line_typed_under_the_table_is_reported_not_dropped(dossier, tmp_path):
    """openpyxl, LibreOffice and some paste paths do not extend a table: the line prints
    but no total counts it, so it is an error at its cell until the table is extended."""
    path = tmp_path / "devis.xlsx"
    shutil.copyfile(dossier / "budget.xlsx", path)
    wb = load_workbook(path)
    table = wb["Devis"].tables["BudgetLines"]
    last = int(table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    wb["Devis"][f"A{last + 1}"] = 6
    wb["Devis"][f"C{last + 1}"] = "Location drone"
    wb["Devis"][f"G{last + 1}"] = 900
    wb.save(path)
    run = xlprod("validate", path)
    assert run.code == 1
    # the row's first cell is named: the user goes there and sees the whole row
    assert (f"error: Devis!A{last + 1}: « 6 » est sous le tableau BudgetLines, hors de lui : "
            "aucun total ne le compte ; étendez le tableau") in run.out
    run = xlprod("validate", path, "--lang", "en")
    assert f"error: Devis!A{last + 1}: '6' is under table BudgetLines, outside it" in run.out
    # once the table is extended over it, the line counts
    table.ref = table.ref.rsplit(str(last), 1)[0] + str(last + 1)
    wb.save(path)
    assert any(x["label"] == "Location drone"
               for x in api.export(path, ignore_formulas=True)["lines"])


def test_a_holder_row_under_the_holders_table_is_reported(dossier, tmp_path):
    path = tmp_path / "releve.xlsx"
    shutil.copyfile(dossier / "cuesheet.xlsx", path)
    wb = load_workbook(path)
    table = wb["Ayants droit"].tables["CueRightsholders"]
    last = int(table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    wb["Ayants droit"][f"E{last + 1}"] = "DUPONT Marie"
    wb.save(path)
    report = api.validate(path)
    assert [f.cell for f in report.errors] == [f"Ayants droit!E{last + 1}"]


def test_a_large_budget_is_not_taken_for_a_hostile_file(tmp_path):
    """The package bounds leave room for real workbooks: 20 000 lines (a sheet part of about
    100 MB unpacked, 5 MB in the zip) validate."""
    import json

    from xlprod.kinds.budget.demo import demo_input

    data = demo_input()
    lines = data["lines"]
    data["lines"] = [{**lines[i % len(lines)], "label": f"Ligne {i}"} for i in range(20_000)]
    src = tmp_path / "big.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path = api.new("budget", tmp_path / "big.xlsx", source=src).path
    assert api.validate(path).errors == []


@pytest.mark.parametrize(("typed", "shown"), [
    (__import__("datetime").date(2026, 3, 12), "12/03/2026"),
    (__import__("datetime").time(1, 30), "01:30"),
])
def test_a_date_typed_in_a_number_cell_is_a_finding(dossier, tmp_path, typed, shown):
    # Excel turns "12/03" typed in a Quantité cell into a date: 46 093 to the formulas.
    path = tmp_path / "devis.xlsx"
    shutil.copyfile(dossier / "budget.xlsx", path)
    wb = load_workbook(path)
    wb["Devis"]["D5"] = typed
    wb.save(path)
    run = xlprod("validate", path)
    assert run.code == 1
    assert (f"error: Devis!D5: Quantité « {shown} » est une date ou une heure, pas un nombre ; "
            "tapez le nombre lui-même et rendez à la cellule le format Nombre") in run.out
    english = xlprod("validate", "--lang", "en", path)
    assert f"Devis!D5: Quantity {shown!r} is a date or a time, not a number" in english.out


def test_a_sheet_broken_after_its_table_is_refused(dossier, tmp_path):
    """The sheet of a table is parsed once, to its end: XML broken after the table's rows
    is still found (exit 2, naming the sheet)."""
    import zipfile

    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(dossier / "budget.xlsx") as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet3.xml":  # Devis
                data = data.replace(b"</sheetData>", b"<row r=\"900\"><c r=\"A900\"></sheetData>")
            out.writestr(info, data)
    run = xlprod("validate", path)
    assert run.code == 2
    assert run.err.startswith(f"Error: {path}: sheet Devis ")
    assert "Traceback" not in run.err


def test_xlprod_does_not_load_numpy_for_openpyxl():
    import subprocess
    import sys

    code = ("import sys, xlprod.xlsx.reader, openpyxl; "
            "assert 'numpy' not in sys.modules, 'numpy loaded'; "
            "from openpyxl import Workbook; wb = Workbook(); wb.active['A1'] = 1.5; "
            "import numpy; print('ok')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.stdout.strip() == "ok", done.stderr
