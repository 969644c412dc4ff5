"""``xlprod run upgrade``: a rebuilt workbook keeps every trace of the user's work."""

from __future__ import annotations

import json
import shutil

import pytest
from helpers import xlprod
from openpyxl import load_workbook
from openpyxl.comments import Comment

from xlprod import api


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dossier")
    api.demo(folder)
    return folder


def _edit_budget(path):
    wb = load_workbook(path)
    lines = wb["Devis"]
    lines["G5"] = 45000  # an edited input
    lines["C7"].comment = Comment("vérifier le contrat", "Léa")
    lines.column_dimensions["C"].width = 50
    table = lines.tables["BudgetLines"]
    last = int(table.ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    new = last + 1  # an extra line, the table stretched over it as Excel does
    for col, value in zip("ABCDEFGHI", (6, "61", "Repérages en drone", 2, "jour", 1, 650,
                                        "facture", "FR"), strict=True):
        lines[f"{col}{new}"] = value
    table.ref = table.ref.rsplit(str(last), 1)[0] + str(new)
    mine = wb.create_sheet("Mes notes")
    mine["A1"] = "Total du devis"
    mine["B1"] = "=BUDGET_TOTAL*1"
    mine["B1"].number_format = "0.00"
    mine["A2"] = "à négocier"
    mine.merge_cells("A3:B3")
    wb.save(path)


def test_upgrade_keeps_inputs_rows_comments_widths_and_user_sheets(dossier, tmp_path):
    path = tmp_path / "devis.xlsx"
    shutil.copyfile(dossier / "budget.xlsx", path)
    _edit_budget(path)
    # openpyxl (like some paste paths) does not fill a new row's calculated columns: the
    # printed total would leave the line out, so it is reported until the upgrade fills them
    assert {f.cell for f in api.load(path).tampered} >= {"Devis!M65", "Devis!O65"}
    before = api.export(path, ignore_formulas=True)
    assert any(line["label"] == "Repérages en drone" for line in before["lines"])
    run = xlprod("run", "upgrade", path)
    assert run.code == 0, run.err
    assert "feuilles conservées : Mes notes" in run.out
    backups = list(tmp_path.glob("devis.sauvegarde-*.xlsx"))
    assert len(backups) == 1 and run.out.startswith(f"Sauvegarde : {backups[0]}")
    assert api.export(backups[0], ignore_formulas=True) == before  # the file as it was
    assert api.export(path) == before and api.load(path).tampered == []
    wb = load_workbook(path)
    assert wb.sheetnames[:5] == ["Récapitulatif", "Devis détaillé", "Devis", "Paramètres", "Taux"]
    mine = wb["Mes notes"]
    assert mine["B1"].value == "=BUDGET_TOTAL*1" and mine["B1"].number_format == "0.00"
    assert mine["A2"].value == "à négocier" and "A3:B3" in {str(r) for r in mine.merged_cells}
    assert wb["Devis"]["C7"].comment.text == "vérifier le contrat"
    assert wb["Devis"].column_dimensions["C"].width == 50
    shown = load_workbook(path, data_only=True)
    sheet, ref = next(iter(shown.defined_names["BUDGET_TOTAL"].destinations))
    assert shown[sheet][ref.replace("$", "")].value == before["results"]["total"]  # cached


def test_a_formula_typed_over_is_found_refused_by_export_and_repaired(dossier, tmp_path):
    path = tmp_path / "devis.xlsx"
    shutil.copyfile(dossier / "budget.xlsx", path)
    wb = load_workbook(path)
    wb["Devis"]["M5"] = 123  # a number typed over the line's Montant formula
    wb.save(path)
    run = xlprod("validate", path)
    assert run.code == 1
    assert ("error: Devis!M5: la formule d'xlprod de la colonne « Montant » a été remplacée par "
            "une valeur : le total imprimé ne correspond plus ; `xlprod run upgrade` la rétablit"
            ) in run.out
    run = xlprod("export", path)
    assert run.code == 1 and "repair it with `xlprod run upgrade`" in run.err
    assert xlprod("export", path, "--ignore-formulas").code == 0
    assert xlprod("run", "upgrade", path).code == 0
    assert load_workbook(path)["Devis"]["M5"].value.startswith("=BudgetLines[[#This Row]")
    assert xlprod("validate", path).code == 0


def test_upgrade_refuses_content_it_cannot_carry_unless_forced(dossier, tmp_path):
    path = tmp_path / "devis.xlsx"
    shutil.copyfile(dossier / "budget.xlsx", path)
    wb = load_workbook(path)
    wb["Récapitulatif"]["Z40"] = "note perdue ?"
    wb.save(path)
    original = path.read_bytes()
    run = xlprod("run", "upgrade", path)
    assert run.code == 1
    assert "Récapitulatif!Z40 : « note perdue ? » est hors des cellules et tableaux" in run.err
    assert path.read_bytes() == original and not list(tmp_path.glob("*.sauvegarde-*"))
    run = xlprod("run", "upgrade", path, "--force")
    assert run.code == 0 and "abandonné : Récapitulatif!Z40" in run.err
    assert load_workbook(path)["Récapitulatif"]["Z40"].value is None


def test_upgrade_of_a_cue_sheet_keeps_holders_and_comments(dossier, tmp_path):
    path = tmp_path / "releve.xlsx"
    shutil.copyfile(dossier / "cuesheet.xlsx", path)
    wb = load_workbook(path)
    wb["Ayants droit"]["E5"].comment = Comment("IPI à confirmer", "Léa")
    wb.save(path)
    before = api.export(path)
    assert xlprod("run", "upgrade", path).code == 0
    assert api.export(path) == before
    assert load_workbook(path)["Ayants droit"]["E5"].comment.text == "IPI à confirmer"


def test_upgrade_refuses_what_is_not_an_xlprod_workbook(tmp_path):
    assert xlprod("run", "upgrade", tmp_path / "absent.xlsx").code == 2
    (tmp_path / "notes.json").write_text(json.dumps({}))
    assert xlprod("run", "upgrade", tmp_path / "notes.json").code == 2


def test_merge_keeps_the_user_s_columns_and_extra_rows():
    from xlprod.kinds.base import merge_rows

    old = [{"account": "21", "label": "Équipe", "amount": 100, "note": "négocié"},
           {"account": "99", "label": "Ajout de l'utilisateur", "amount": 5, "note": ""}]
    incoming = [{"account": "22", "label": "Nouveau", "amount": 7, "note": ""},
                {"account": "21", "label": "Équipe", "amount": 120, "note": ""}]
    merged = merge_rows(old, incoming, key=("account",), keep=("note",))
    assert merged == [
        {"account": "22", "label": "Nouveau", "amount": 7, "note": ""},
        {"account": "21", "label": "Équipe", "amount": 120, "note": "négocié"},  # note kept
        {"account": "99", "label": "Ajout de l'utilisateur", "amount": 5, "note": ""},  # kept
    ]
