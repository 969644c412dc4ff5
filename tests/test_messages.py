"""The words a user reads, pinned exactly: one message per kind of finding, in French (the
workbook's language) and in English with ``--lang en``; list values typed as the drop-down
shows them; dates as a French office writes them."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import xlprod
from openpyxl import load_workbook
from xlprod.workbooks import cuesheet as cue_def

from xlprod import api
from xlprod.xlsx.spec import Choice, Choices, Label


@pytest.fixture(scope="module")
def dossier(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dossier")
    api.demo(folder)
    return folder


def _edited(dossier: Path, folder: Path, kind: str, edits: dict[tuple[str, str], object]) -> Path:
    path = folder / f"{kind}.xlsx"
    shutil.copyfile(dossier / f"{kind}.xlsx", path)
    wb = load_workbook(path)
    for (sheet, ref), value in edits.items():
        wb[sheet][ref] = value
    wb.save(path)
    return path


def _findings(path: Path, *lang: str) -> list[str]:
    run = xlprod("validate", path, *lang)
    assert run.code == 1, run.out + run.err
    return run.out.splitlines()[:-1]  # the last line counts them


# Line 1 (row 5) of the demo devis and its neighbours: G = Taux unitaire, H = Statut, I = Lieu.
READER_EDITS = {("Devis", "G5"): "abc", ("Devis", "H6"): "astronaute", ("Devis", "I7"): "BELGIQUE"}
READER_FR = [
    "error: Devis!G5: Taux unitaire « abc » est du texte, pas un nombre ; retapez-le comme un "
    "nombre (les formules ignorent le texte)",
    "error: Devis!H6: Statut « astronaute » n'est pas dans la liste ; choisissez : technicien, "
    "cadre, artiste, auteur ou facture",
    "error: Devis!I7: « BELGIQUE » n'est pas un code pays ISO à deux lettres (FR, BE, DE…)",
]
READER_EN = [
    "error: Devis!G5: Unit rate 'abc' is text, not a number; retype it as a number",
    "error: Devis!H6: Status 'astronaute' is not in the list; choose one of technicien, cadre, "
    "artiste, auteur or facture",
    "error: Devis!I7: 'BELGIQUE' is not a two-letter ISO country code (FR, BE, DE…)",
]


def test_cell_conversion_list_and_pattern_messages(dossier, tmp_path):
    path = _edited(dossier, tmp_path, "budget", READER_EDITS)
    assert _findings(path) == READER_FR
    assert _findings(path, "--lang", "en") == READER_EN


def test_a_check_finding_in_both_languages(dossier, tmp_path):
    path = _edited(dossier, tmp_path, "budget", {("Devis", "A8"): 4})
    # (the demo company's own rates are left "à saisir": warnings, pinned elsewhere)
    assert [f for f in _findings(path) if f.startswith("error")] == [
        "error: Devis!A8: le chapitre 4 (charges sociales) est calculé d'après le statut des "
        "autres lignes ; placez ce coût dans son chapitre et choisissez son statut"]
    assert [f for f in _findings(path, "--lang", "en") if f.startswith("error")] == [
        "error: Devis!A8: chapter 4 (charges sociales) is computed from the other lines' "
        "statuses; move this cost to its chapter and set its status"]


def test_cue_sheet_identifier_share_and_list_messages(dossier, tmp_path):
    # Relevé row 21 = cue 2 (L = ISRC), row 22 = cue 3 (J = Origine); Ayants droit row 5 =
    # the first holder of cue 1, whose other shares make 33.33 %.
    path = _edited(dossier, tmp_path, "cuesheet", {
        ("Relevé", "L21"): "FR-X7Q-24-0017", ("Ayants droit", "H5"): 60,
        ("Relevé", "J22"): "commande"})
    assert _findings(path) == [
        "error: Relevé!J22: Origine « commande » n'est pas dans la liste ; choisissez : "
        "originale, préexistante, bibliothèque ou domaine public",
        "error: Relevé!R20: les parts des ayants droit de la cue 1 font 93,33 %, pas 100 % ; "
        "corrigez-les sur la feuille Ayants droit",
        "error: Relevé!L21: ISRC « FR-X7Q-24-0017 » a 11 caractères sans les tirets ; il en faut "
        "12 (CC-XXX-AA-NNNNN, ex. FR-Z03-14-00123)",
    ]
    assert _findings(path, "--lang", "en") == [
        "error: Relevé!J22: Origin 'commande' is not in the list; choose one of original, "
        "pre-existing, library or public domain",
        "error: Relevé!R20: the shares of cue 1's rights holders sum to 93.33 %, not 100 %; "
        "correct them on the Rights holders sheet",
        'error: Relevé!L21: ISRC "FR-X7Q-24-0017" has 11 characters without hyphens; expected '
        "12 (CC-XXX-YY-NNNNN, e.g. FR-Z03-14-00123)",
    ]


def test_a_formula_typed_over_in_english(dossier, tmp_path):
    wb = load_workbook(dossier / "budget.xlsx")
    sheet, ref = next(iter(wb.defined_names["BUDGET_TOTAL"].destinations))
    ref = ref.replace("$", "")
    path = _edited(dossier, tmp_path, "budget", {(sheet, ref): 85000})
    assert (f"error: {sheet}!{ref}: xlprod's formula was replaced by the value 85000: the "
            "printed figure is no longer xlprod's; `xlprod run upgrade` restores it"
            ) in _findings(path, "--lang", "en")


# --- list values as the drop-down shows them ------------------------------------------------

ORIGINS = Choices("t", (Choice("preexisting", Label("préexistante", "pre-existing")),
                        Choice("original", Label("originale", "original"))))


@pytest.mark.parametrize(("typed", "code"), [
    ("préexistante", "preexisting"), ("PRÉEXISTANTE", "preexisting"), (" pre-existing ",
                                                                        "preexisting"),
    ("preexisting", "preexisting"), ("Original", "original"), ("commande", "commande"),
    (None, None)])
def test_a_list_word_reads_back_as_its_code(typed, code):
    assert ORIGINS.code_of(typed) == code


def test_formulas_count_every_spelling_once():
    assert ORIGINS.spellings("original", "fr") == ("originale", "original")
    assert ORIGINS.spellings("original", "en") == ("original", "originale")
    assert ORIGINS.spellings("preexisting", "fr") == ("préexistante", "preexisting",
                                                      "pre-existing")


def test_the_cue_sheet_shows_and_lists_origins_in_its_language(dossier, tmp_path):
    wb = load_workbook(dossier / "cuesheet.xlsx")
    shown = {c.value for c in wb["Relevé"]["J"][cue_def.CUES_TOP:] if c.value}
    assert shown == {"originale", "préexistante", "bibliothèque", "domaine public"}
    check = next(dv for dv in wb["Relevé"].data_validations.dataValidation
                 if "LISTE_ORIGINS" in dv.formula1)
    assert check.errorTitle == "xlprod — valeur hors liste"
    assert check.error == ("Choisissez une valeur de la liste : originale, préexistante, "
                           "bibliothèque, domaine public.")
    english = api.new("cuesheet", tmp_path / "en.xlsx", source=dossier / "cuesheet.json",
                      lang="en").path
    shown = {c.value for c in load_workbook(english)["Cue sheet"]["J"][cue_def.CUES_TOP:]
             if c.value}
    assert shown == {"original", "pre-existing", "library", "public domain"}
    assert api.export(english)["cues"] == api.export(dossier / "cuesheet.xlsx")["cues"]


def test_a_budget_production_type_typed_in_french(dossier, tmp_path):
    wb = load_workbook(dossier / "budget.xlsx")
    sheet, ref = next(iter(wb.defined_names["BUDGET_KIND"].destinations))
    assert wb[sheet][ref.replace("$", "")].value == "cinéma"
    path = _edited(dossier, tmp_path, "budget", {(sheet, ref.replace("$", "")): "Publicité"})
    # The Taux sheet still lists cinema's tax-credit chapters: said, and rebuilt by upgrade.
    run = xlprod("validate", path)
    assert run.code == 1
    assert ("les chapitres éligibles au crédit d'impôt de la feuille Taux ne sont pas ceux du "
            "type de production « publicite » (le type a-t-il changé ?) ; `xlprod run upgrade "
            "--force` refait le classeur pour ce type") in run.out
    assert xlprod("run", "upgrade", "--force", path).code == 0
    assert api.export(path)["kind"] == "publicite"


# --- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "fmt"), [("fr", "dd/mm/yyyy"), ("en", "yyyy-mm-dd")])
def test_dates_print_in_the_workbooks_language(dossier, tmp_path, lang, fmt):
    plan = api.new("cashflow", tmp_path / f"plan-{lang}.xlsx", source=dossier / "cashflow.json",
                   lang=lang).path
    wb = load_workbook(plan)
    ws = wb.worksheets[1]  # Plan de financement
    dated = [c for row in ws.iter_rows() for c in row if isinstance(c.value, datetime | date)]
    assert dated and {c.number_format for c in dated} == {fmt}
    params = wb.worksheets[4]
    phases = [c for row in params.iter_rows() for c in row if isinstance(c.value, datetime)]
    assert len(phases) == 6 and {c.number_format for c in phases} == {fmt}
    assert api.export(plan)["inflows"] == api.export(dossier / "cashflow.xlsx")["inflows"]
    budget = api.new("budget", tmp_path / f"b-{lang}.xlsx", source=dossier / "budget.json",
                     lang=lang).path
    rates = load_workbook(budget).worksheets[4]
    valid = [c for row in rates.iter_rows() for c in row if isinstance(c.value, datetime)]
    assert valid and {c.number_format for c in valid} == {fmt}


def test_footers_carry_the_title(dossier):
    for kind in ("budget", "cashflow", "variance", "cuesheet", "royalties"):
        ws = load_workbook(dossier / f"{kind}.xlsx").worksheets[0]
        title = api.export(dossier / f"{kind}.xlsx")["title"]
        assert ws.oddFooter.left.text.startswith(title.replace("&", "&&")), kind
        assert ws.oddFooter.right.text.startswith("imprimé le &D"), kind
