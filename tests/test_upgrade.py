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


# -- the survey of xlprod's sheets, streamed from the package --------------------------------


def _survey_by_openpyxl(path, layout):
    """What the survey finds, the slow way: every sheet loaded into openpyxl."""
    from openpyxl.utils.cell import range_boundaries

    from xlprod.xlsx.writer import xlprod_sheets

    wb = load_workbook(path)
    comments, loose, widths = [], {}, {}
    for title in xlprod_sheets(wb, layout):
        ws = wb[title]
        boxes = [range_boundaries(t.ref) for t in ws.tables.values()]
        for (row, col), cell in ws._cells.items():
            if cell.comment is not None:
                comments.append((title, cell.coordinate, cell.comment.text, cell.comment.author))
            if cell.value not in (None, "") and not any(c0 <= col <= c1 and r0 <= row <= r1
                                                  for c0, r0, c1, r1 in boxes):
                loose.setdefault(title, {})[cell.coordinate] = cell.value
        widths[title] = {letter: d.width for letter, d in ws.column_dimensions.items()
                         if d.width and d.min == d.max}
    return sorted(comments), loose, widths


@pytest.mark.parametrize("kind", ["budget", "cashflow", "variance", "cuesheet", "royalties"])
def test_the_streamed_survey_finds_what_openpyxl_finds(dossier, tmp_path, kind):
    import zipfile

    from xlprod import kinds
    from xlprod.xlsx import carry

    path = tmp_path / f"{kind}.xlsx"
    shutil.copyfile(dossier / f"{kind}.xlsx", path)
    wb = load_workbook(path)
    first = wb.worksheets[0]
    first["Z3"] = "note hors tableau"
    first["AA4"] = 12.5
    first["B1"].comment = Comment("à revoir", "Léa")
    first.column_dimensions["B"].width = 33
    wb.save(path)
    layout = kinds.get(kind).write(None, "fr").book.layout
    with zipfile.ZipFile(path) as z:
        found = carry.survey(z, layout)
    comments, loose, widths = _survey_by_openpyxl(path, layout)
    assert sorted(found.comments) == comments and (first.title, "B1", "à revoir", "Léa") in comments
    # the same cells; the same values, but for dates (a serial number in the message)
    assert {t: set(cells) for t, cells in found.loose.items()} == {
        t: set(cells) for t, cells in loose.items()}
    assert {(t, ref, v) for t, cells in found.loose.items() for ref, v in cells.items()
            if isinstance(v, str)} == {(t, ref, v) for t, cells in loose.items()
                                       for ref, v in cells.items() if isinstance(v, str)}
    assert loose[first.title]["Z3"] == "note hors tableau" and loose[first.title]["AA4"] == 12.5
    for title, expected in widths.items():
        assert {k: v for k, v in found.widths[title].items() if k in expected} == expected
    assert found.widths[first.title]["B"] == 33


SHEET = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<{p}worksheet xmlns{x}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<{p}cols><{p}col min="2" max="3" width="21.5" customWidth="1"/></{p}cols><{p}sheetData>'
         '<{p}row r="1"><{p}c r="A1" t="inlineStr"><{p}is><{p}t>Titre</{p}t></{p}is></{p}c></{p}row>'
         '{rows}</{p}sheetData></{p}worksheet>')


@pytest.mark.parametrize("variant", ["plain", "s-first", "comment", "cdata", "prefixed", "no-r"])
def test_markup_the_byte_search_does_not_cover_goes_to_the_parser(tmp_path, variant):
    """Every way a producer may write a cell beside a table (A3:C9) is seen: rows the byte
    search recognises are passed over, the others parsed."""
    import zipfile

    from xlprod.xlsx import carry

    p, x = ("x:", ":x") if variant == "prefixed" else ("", "")
    note = {"plain": '<c r="E5" t="inlineStr"><is><t>à vérifier</t></is></c>',
            "s-first": '<c s="0" r="E5" t="inlineStr"><is><t>à vérifier</t></is></c>',
            "comment": '<!-- revu --><c r="E5" t="inlineStr"><is><t>à vérifier</t></is></c>',
            "cdata": '<c r="E5" t="inlineStr"><is><t><![CDATA[à vérifier]]></t></is></c>',
            "prefixed": '<x:c r="E5" t="inlineStr"><x:is><x:t>à vérifier</x:t></x:is></x:c>',
            "no-r": '<c/><c/><c/><c/><c t="inlineStr"><is><t>à vérifier</t></is></c>'}[variant]
    rows = "".join(f'<{p}row r="{r}">' + (note if r == 5 and variant == "no-r" else
                                          f'<{p}c r="A{r}"><{p}v>{r}</{p}v></{p}c>'
                                          + (note if r == 5 else "")) + f"</{p}row>"
                   for r in range(3, 10))
    package = tmp_path / "sheet.zip"
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", SHEET.format(p=p, x=x, rows=rows))
    with zipfile.ZipFile(package) as z:
        widths, loose = carry._scan(z, "xl/worksheets/sheet1.xml", [(1, 3, 3, 9)], lambda: [])
    assert loose == {"A1": "Titre", "E5": "à vérifier"}
    assert widths == {"B": 21.5, "C": 21.5}


def test_import_actuals_keeps_the_user_s_sheet_whole_and_refuses_a_note_beside_the_entries(
        dossier, tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    path = tmp_path / "suivi.xlsx"
    shutil.copyfile(dossier / "variance.xlsx", path)
    fec = dossier / "812345676FEC20261231.txt"
    wb = load_workbook(path)
    mine = wb.create_sheet("Relances")
    mine["A1"] = "Fournisseur"
    mine["B2"] = "=VAR_TOTAL_EFC-VAR_TOTAL_BUDGET"
    mine["B2"].number_format = "#,##0.00"
    mine["A2"].comment = Comment("appeler lundi", "Léa")
    mine.column_dimensions["A"].width = 41
    mine.protection.sheet = True
    mine.print_title_rows = "1:1"
    wb.defined_names["MES_RELANCES"] = DefinedName("MES_RELANCES", attr_text="Relances!$A$1:$B$9")
    entries = wb["Écritures"]
    last = int(entries.tables["VarEntries"].ref.split(":")[1].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    entries["J6"] = "facture en double ?"  # beside the table, on one of its rows
    wb.save(path)
    original = path.read_bytes()
    run = xlprod("run", "import-actuals", path, "--fec", fec)
    assert run.code == 1
    assert "Écritures!J6 : « facture en double ? » est hors des cellules et tableaux" in run.err
    assert path.read_bytes() == original and not list(tmp_path.glob("*.sauvegarde-*"))

    wb = load_workbook(path)
    del wb["Écritures"]["J6"]
    wb.save(path)
    run = xlprod("run", "import-actuals", path, "--fec", fec)
    assert run.code == 0, run.err
    assert "feuilles conservées : Relances" in run.out
    wb = load_workbook(path)
    mine = wb["Relances"]
    assert mine["B2"].value == "=VAR_TOTAL_EFC-VAR_TOTAL_BUDGET"
    assert mine["B2"].number_format == "#,##0.00" and mine["A1"].value == "Fournisseur"
    assert mine["A2"].comment.text == "appeler lundi"
    assert mine.column_dimensions["A"].width == 41 and mine.protection.sheet is True
    assert mine.print_title_rows == "$1:$1"
    assert wb.defined_names["MES_RELANCES"].attr_text == "Relances!$A$1:$B$9"
    entries = wb["Écritures"]
    assert entries.tables["VarEntries"].ref.endswith(str(last))  # the same FEC: the same rows
    assert api.load(path).errors == []


def test_an_update_never_gives_xlprod_s_sheets_to_openpyxl(dossier, tmp_path):
    from xlprod import kinds
    from xlprod.xlsx import carry

    path = tmp_path / "suivi.xlsx"
    shutil.copyfile(dossier / "variance.xlsx", path)
    wb = load_workbook(path)
    wb.create_sheet("Mes notes")["A1"] = "à garder"
    wb.save(path)
    layout = kinds.get("variance").write(None, "fr").book.layout
    found, wb = carry.open_for_update(path, layout)
    assert found.user_sheets == ["Mes notes"] and wb["Mes notes"]["A1"].value == "à garder"
    ours = [ws for ws in wb.worksheets if ws.title != "Mes notes"]
    assert len(ours) == 9 and all(ws._cells == {} and not ws.tables for ws in ours)


def test_a_table_the_user_added_on_one_of_xlprod_s_sheets_is_refused_by_name(dossier, tmp_path):
    from openpyxl.worksheet.table import Table

    path = tmp_path / "devis.xlsx"
    shutil.copyfile(dossier / "budget.xlsx", path)
    wb = load_workbook(path)
    recap = wb["Récapitulatif"]
    recap["Z50"], recap["Z51"] = "Fournisseur", "Loueur"
    recap.add_table(Table(displayName="MesFournisseurs", ref="Z50:Z51"))
    wb.save(path)
    run = xlprod("run", "upgrade", path)
    assert run.code == 1
    assert ("Récapitulatif : tableau MesFournisseurs ajouté sur une feuille d'xlprod "
            "(déplacez-le sur une feuille à vous)") in run.err
    assert not list(tmp_path.glob("*.sauvegarde-*"))
