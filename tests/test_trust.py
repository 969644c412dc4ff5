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


# -- global names: what Excel would refuse or confuse -----------------------------------

@pytest.mark.parametrize(("name", "why"), [
    ("SUM", "SUM est une fonction d'Excel ; choisissez un autre nom (ex. nb_SUM)"),
    ("vlookup", "VLOOKUP est une fonction d'Excel ; choisissez un autre nom (ex. nb_vlookup)"),
    ("Today", "TODAY est une fonction d'Excel ; choisissez un autre nom (ex. nb_Today)"),
    ("IF", "IF est une fonction d'Excel ; choisissez un autre nom (ex. nb_IF)"),
    ("A1", "ressemble à une référence de cellule ; choisissez un autre nom (ex. shoot_days)"),
    ("XFD1048576", "ressemble à une référence de cellule ; choisissez un autre nom (ex. shoot_days)"),
    ("R1C1", "ressemble à une référence de cellule ; choisissez un autre nom (ex. shoot_days)"),
    ("R12C3", "ressemble à une référence de cellule ; choisissez un autre nom (ex. shoot_days)"),
    ("BudgetLines", "xlprod utilise déjà ce nom (BudgetLines) dans le classeur ; choisissez-en un "
                    "autre"),
    ("chapitres_ci", "xlprod utilise déjà ce nom (CHAPITRES_CI) dans le classeur ; choisissez-en "
                     "un autre"),
    ("BUDGET_TOTAL", "xlprod utilise déjà ce nom (BUDGET_TOTAL) dans le classeur ; choisissez-en "
                     "un autre"),
    ("Shoot_Days", "ne diffère de « shoot_days » que par la casse, et Excel confond les deux "
                   "noms ; gardez-en un seul"),
])
def test_new_refuses_a_global_excel_would_refuse_or_confuse(tmp_path, name, why):
    import json

    from xlprod.kinds.budget.demo import demo_input

    data = demo_input()
    data["globals"][name] = 3
    src = tmp_path / "devis.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    run = xlprod("new", "budget", "--from", src, "-o", tmp_path / "devis.xlsx")
    assert run.code == 1
    assert run.err == f"Error: {src}: globals.{name}: variable « {name} » : {why}\n"
    assert not (tmp_path / "devis.xlsx").exists()


def test_the_excel_function_list_is_shipped_with_its_source():
    from importlib.resources import files

    from xlprod import reference

    text = files("xlprod.reference").joinpath("excel_functions.txt").read_text(encoding="utf-8")
    assert "Excel functions (alphabetical)" in text.split("\n\n")[0]
    functions = reference.excel_functions()
    assert {"SUM", "IF", "VLOOKUP", "TODAY", "XLOOKUP", "LET", "TEXTJOIN", "STDEV.S",
            "SUMIFS", "NETWORKDAYS.INTL"} <= functions
    assert len(functions) > 500 and "SOMME" not in functions  # the file holds English names


def test_names_excel_accepts_pass():
    from xlprod.xlsx.names import clashes, name_problem

    for name in ("shoot_days", "Coût_total", "mon.total", "_prive", "XFD", "ABCD1", "nb_SUM"):
        assert name_problem(name) is None, name
    assert clashes({"shoot_days": "Paramètres!B5", "BUDGET_TOTAL": None}, ["BudgetLines"]) == []


def _with_user_name(source, path, name, target="'Mes notes'!$A$1", table=None):
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.table import Table

    wb = load_workbook(source)
    ws = wb.create_sheet("Mes notes")
    ws["A1"], ws["A3"], ws["A4"] = 5, "Poste", "Régie"
    if name is not None:
        wb.defined_names[name] = DefinedName(name, attr_text=target)
    if table is not None:
        ws.add_table(Table(displayName=table, ref="A3:A4"))
    wb.save(path)
    return path


@pytest.mark.parametrize(("kind", "name", "why"), [
    ("budget", "SUM", "SUM est une fonction d'Excel"),
    ("budget", "aujourdhui", None),
    ("cuesheet", "today", "TODAY est une fonction d'Excel"),
    ("budget", "A1", "ressemble à une référence de cellule"),
    ("budget", "XFD1048576", "ressemble à une référence de cellule"),
    ("cuesheet", "R1C1", "ressemble à une référence de cellule"),
    ("budget", "budget_total", "ne diffère de « BUDGET_TOTAL » que par la casse, et Excel les "
                               "confond"),
    ("budget", "Shoot_Days", "ne diffère de « shoot_days » que par la casse, et Excel les confond"),
    ("budget", "budgetlines", "c'est aussi le nom du tableau BudgetLines, et Excel les confond"),
    ("cuesheet", "cue_total_frames", "ne diffère de « CUE_TOTAL_FRAMES » que par la casse, et "
                                     "Excel les confond"),
])
def test_a_name_the_user_added_is_found_by_validate_and_refused_by_upgrade(
        dossier, tmp_path, kind, name, why):
    path = _with_user_name(dossier / f"{kind}.xlsx", tmp_path / f"{kind}.xlsx", name)
    report = api.validate(path)
    if why is None:  # an ordinary name of the user's: nothing to say
        assert report.errors == []
        assert xlprod("run", "upgrade", path).code == 0
        assert load_workbook(path).defined_names[name].attr_text == "'Mes notes'!$A$1"
        return
    line = (f"Mes notes!A1: nom défini « {name} » : {why} ; renommez-le (Formules > "
            "Gestionnaire de noms)")
    assert [f"{f.where}: {f.message}" for f in report.errors] == [line]
    before = path.read_bytes()
    run = xlprod("run", "upgrade", path)
    assert (run.code, run.err) == (1, f"Error: {path}: {line}\n")
    assert path.read_bytes() == before
    assert xlprod("export", path).code == 1


def test_two_user_names_differing_by_case_and_a_table_named_like_a_name(dossier, tmp_path):
    path = _with_user_name(dossier / "budget.xlsx", tmp_path / "a.xlsx", "Mon_Total")
    wb = load_workbook(path)
    from openpyxl.workbook.defined_name import DefinedName

    wb.defined_names["mon_total"] = DefinedName("mon_total", attr_text="'Mes notes'!$A$4")
    wb.save(path)
    assert [f"{f.where}: {f.message}" for f in api.validate(path, "en").errors] == [
        "Mes notes!A4: defined name 'mon_total': it differs from 'Mon_Total' only by case, "
        "which Excel ignores; rename it (Formulas > Name Manager)"]
    path = _with_user_name(dossier / "budget.xlsx", tmp_path / "b.xlsx", "Postes",
                           table="postes")
    assert [f.message for f in api.validate(path).errors] == [
        "nom défini « Postes » : c'est aussi le nom du tableau postes, et Excel les confond ; "
        "renommez-le (Formules > Gestionnaire de noms)"]
    assert [f.cell for f in api.validate(path).errors] == ["Mes notes!A1"]


def test_a_global_typed_in_the_parameters_table_with_a_function_name_is_found(dossier, tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    path = tmp_path / "devis.xlsx"
    wb = load_workbook(dossier / "budget.xlsx")
    ws = wb["Paramètres"]
    table = ws.tables["BudgetGlobals"]
    first_row = int(table.ref.split(":")[0].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) + 1
    ws[f"A{first_row}"] = "SUM"  # the user renames a global in the table and in Name Manager
    old = next(n for n, dn in wb.defined_names.items()
               if dn.attr_text.endswith(f"$B${first_row}"))
    del wb.defined_names[old]
    wb.defined_names["SUM"] = DefinedName("SUM", attr_text=f"'Paramètres'!$B${first_row}")
    wb.save(path)
    errors = api.validate(path).errors
    assert [f.where for f in errors][:1] == [f"Paramètres!B{first_row}"]
    assert "SUM est une fonction d'Excel" in errors[0].message
    assert xlprod("run", "upgrade", path).code == 1


def test_upgrade_refuses_to_take_over_a_name_a_newer_layout_reserves(dossier, tmp_path):
    """A workbook from before BUDGET_DIRECTOR existed, where the user named a cell of their
    own budget_director: the upgrade would make two names Excel takes for one."""
    path = _with_user_name(dossier / "budget.xlsx", tmp_path / "devis.xlsx", "budget_director")
    wb = load_workbook(path)
    del wb.defined_names["BUDGET_DIRECTOR"]
    wb.save(path)
    assert api.validate(path).errors == []
    run = xlprod("run", "upgrade", path)
    assert run.code == 1
    assert ("nom défini « budget_director » ('Mes notes'!$A$1) : xlprod utilise ce nom dans son "
            "classeur ; renommez le vôtre (Formules > Gestionnaire de noms)") in run.err


@pytest.mark.parametrize(("name", "typed"), [("PLAFONDS_MOIS", 0), ("UNITES_PLAFOND", "semaines"),
                                             ("CHAPITRES_CI", 9)])
def test_reference_values_typed_over_on_the_rates_sheet_are_reported(dossier, tmp_path, name,
                                                                     typed):
    """Found by tests/test_random_edits.py: the monthly ceiling typed as 0 validated clean
    while LibreOffice's charges and export's differed by 150 000 €."""
    path = tmp_path / "devis.xlsx"
    wb = load_workbook(dossier / "budget.xlsx")
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    cell = ref.replace("$", "").split(":")[0]
    wanted = wb[sheet][cell].value
    wb[sheet][cell] = typed
    wb.save(path)
    report = api.validate(path)
    assert [f"{f.where}: {f.message}" for f in report.errors] == [
        f"{sheet}!{cell}: la valeur de référence d'xlprod ({wanted}) a été remplacée par "
        f"« {typed} » : les charges imprimées ne sont plus celles qu'xlprod calcule ; "
        "`xlprod run upgrade` la rétablit"]
    assert xlprod("export", path).code == 1
    assert xlprod("run", "upgrade", path).code == 0
    assert load_workbook(path)[sheet][cell].value == wanted
