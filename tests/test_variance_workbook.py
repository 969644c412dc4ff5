"""The cost report workbook: round trip, formulas, text from the FEC, the command line
(``new variance --fec/--budget``), and ``run import-actuals`` keeping the user's work."""

from __future__ import annotations

import json
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import xlprod
from openpyxl import load_workbook
from openpyxl.comments import Comment

from xlprod import api
from xlprod.importers.fec_text import LEGAL_COLUMNS
from xlprod.kinds.variance.compute import compute
from xlprod.kinds.variance.demo import demo_fec, demo_input, demo_with_actuals
from xlprod.kinds.variance.model import VarianceReport


def run(*args: str | Path) -> tuple[int, str, str]:
    """The real command line (errors become ``Error:`` lines and exit codes in ``main``)."""
    result = xlprod(*args)
    return result.code, result.out, result.err


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    here = tmp_path_factory.mktemp("variance")
    (here / "report.json").write_text(json.dumps(demo_with_actuals(), ensure_ascii=False),
                                      encoding="utf-8")
    demo_fec(here / "fec.txt")
    api.new("variance", here / "report.xlsx", source=here / "report.json")
    return here


def _cells(path: Path, sheet: str) -> dict[str, tuple[str, str]]:
    """Cell → (type attribute, first child tag) of one sheet, read from the XML."""
    from defusedxml import ElementTree

    wb = load_workbook(path, read_only=True)
    index = wb.sheetnames.index(sheet) + 1
    wb.close()
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as z:
        root = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{index}.xml"))
    return {c.get("r"): (c.get("t", "n"), "f" if c.find(f"{ns}f") is not None else "v")
            for c in root.iter(f"{ns}c")}


def test_export_gives_back_the_input_and_the_engine_s_results(folder):
    data = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    exported = api.export(folder / "report.xlsx")
    assert exported["results"] == compute(VarianceReport.model_validate(data))
    for key in ("title", "as_of", "previous_as_of", "threshold", "threshold_amount", "actuals",
                "commitments", "estimates_to_complete", "mapping", "previous"):
        assert exported[key] == VarianceReport.model_validate(data).model_dump(mode="json")[key]
    assert sorted(e["account"] for e in exported["explanations"]) == sorted(
        e["account"] for e in data["explanations"])
    results = exported["results"]
    assert (results["total_budget"], results["total_actual"], results["total_efc"],
            results["total_variance"], results["unmapped_total"]) == (
        2541300.77, 1855827, 2476404.43, 64896.34, 1350)


def test_suivi_figures_are_formulas_over_the_other_sheets(folder):
    wb = load_workbook(folder / "report.xlsx")
    ws = wb["Suivi"]
    table = ws.tables["VarReport"]
    header = int(table.ref.split(":")[0][1:])
    row = {ws.cell(header, c).value: ws.cell(header + 1, c).value for c in range(1, 15)}
    assert row["Réalisé"].startswith("=IF(") and "SUMIF(VarEntries[Poste du devis]" in row["Réalisé"]
    assert "SUMIF(VarCommitments[Poste]" in row["Engagé"]
    assert "SUMIF(VarEstimates[Poste]" in row["Reste à faire"]
    entries = wb["Écritures"]
    mapped = entries.cell(5, 9).value
    # an entry looks its CompteNum up in Comptes du FEC, where the longest prefix is computed
    assert "VarAccounts[Poste du devis]" in mapped and "VarMapping" not in mapped
    accounts = wb["Comptes du FEC"]
    chain = accounts.cell(5, 2).value
    assert "VarMapping[Poste retenu]" in chain and "VAR_DEFAULT_TARGETS" in chain
    assert accounts.cell(5, 1).value < accounts.cell(6, 1).value  # in account order
    names = wb.defined_names
    for name in ("VAR_TOTAL_BUDGET", "VAR_TOTAL_ACTUAL", "VAR_TOTAL_EFC", "VAR_TOTAL_VARIANCE",
                 "VAR_UNMAPPED_TOTAL"):
        sheet, ref = next(iter(names[name].destinations))
        assert sheet == "Suivi" and str(ws[ref.replace("$", "")].value).startswith("=")
    formulas = " ".join(str(c.value) for sheet in wb for r in sheet.iter_rows() for c in r
                        if str(c.value).startswith("="))
    for volatile in ("NOW(", "TODAY(", "OFFSET(", "INDIRECT(", "RAND("):
        assert volatile not in formulas
    assert ws.conditional_formatting  # overruns beyond the threshold are coloured


def test_the_hors_devis_line_is_always_there(tmp_path):
    path = api.new("variance", tmp_path / "blank.xlsx").path
    ws = load_workbook(path)["Suivi"]
    labels = [ws.cell(r, 3).value for r in range(1, 40)]
    assert "Hors devis (écritures sans poste)" in labels
    assert api.validate(path).errors == []


def test_text_from_the_fec_stays_text(tmp_path):
    data = demo_with_actuals()
    tricky = ["=HYPERLINK(\"http://x\")", "+33 1 23 45", "-2 % remise", "@SUM(A1)"]
    for actual, label in zip(data["actuals"], tricky, strict=False):
        actual["label"] = label
    data["actuals"][0]["supplier"] = "=1/0"
    source = tmp_path / "tricky.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path = api.new("variance", tmp_path / "tricky.xlsx", source=source).path
    cells = _cells(path, "Écritures")
    for ref in ("E5", "E6", "E7", "E8", "F5"):  # a string, no formula element
        assert cells[ref] == ("inlineStr", "v"), ref
    assert cells["I5"] == ("str", "f")  # the mapped account is xlprod's formula
    exported = api.export(path)
    assert [a["label"] for a in exported["actuals"][:4]] == tricky
    assert exported["actuals"][0]["supplier"] == "=1/0"


def test_english_labels_with_lang_en(folder, tmp_path):
    path = api.new("variance", tmp_path / "en.xlsx", source=folder / "report.json",
                   lang="en").path
    wb = load_workbook(path)
    assert wb.sheetnames[:7] == ["Cost report", "Variance analysis", "Entries", "FEC accounts",
                                 "Commitments", "To complete", "Mapping"]
    assert api.export(path)["results"] == api.export(folder / "report.xlsx")["results"]


# -- the command line ----------------------------------------------------------------------


def test_new_variance_from_an_fec(folder, tmp_path):
    code, _, err = run("new", "variance", "--fec", folder / "fec.txt", "-o", tmp_path / "r.xlsx")
    assert code == 0, err
    exported = api.export(tmp_path / "r.xlsx")
    assert len(exported["actuals"]) == len(demo_with_actuals()["actuals"])
    assert exported["results"]["total_actual"] == 1855827


def test_new_variance_from_a_budget_and_an_fec(folder, tmp_path):
    api.demo(tmp_path / "dossier")
    code, _, err = run("new", "variance", "--budget", tmp_path / "dossier" / "budget.xlsx",
                       "--fec", folder / "fec.txt", "-o", tmp_path / "r.xlsx")
    assert code == 0, err
    exported = api.export(tmp_path / "r.xlsx")
    assert exported["results"]["total_budget"] == 2541300.77
    assert exported["title"] == "Les Heures claires — suivi budgétaire"
    assert exported["budget"][0]["account"] == demo_input()["budget"][0]["account"]


def test_a_broken_fec_record_names_its_line_and_column(folder, tmp_path):
    lines = (folder / "fec.txt").read_bytes().decode("utf-8").split("\r\n")
    fields = lines[4].split("|")
    fields[11] = "12x,00"
    lines[4] = "|".join(fields)
    bad = tmp_path / "bad.txt"
    bad.write_bytes("\r\n".join(lines).encode("utf-8"))
    code, _, err = run("new", "variance", "--fec", bad, "-o", tmp_path / "r.xlsx")
    assert code == 1
    assert err == ("Error: bad.txt, ligne 5, colonne Debit : « 12x,00 » n'est pas un montant "
                   "(attendu par ex. 1234,56)\n")
    assert not (tmp_path / "r.xlsx").exists()


def test_a_budget_that_is_not_a_budget_is_refused_by_name(folder, tmp_path):
    api.demo(tmp_path / "dossier")
    cues = tmp_path / "dossier" / "cuesheet.xlsx"
    code, _, err = run("new", "variance", "--budget", cues, "-o", tmp_path / "r.xlsx")
    assert code == 2
    assert err == (f"Error: {cues}: is a cuesheet workbook, not a budget; give --budget a budget "
                   "workbook (devis) made by xlprod\n")
    code, _, err = run("new", "variance", "--budget", folder / "fec.txt", "-o", tmp_path / "r.xlsx")
    assert code == 2
    assert err == (f"Error: {folder / 'fec.txt'}: not an .xlsx workbook (not a zip archive); "
                   "save it as .xlsx\n")


def test_an_fec_that_is_not_an_fec(folder, tmp_path):
    code, _, err = run("new", "variance", "--fec", folder / "report.json", "-o", tmp_path / "r.xlsx")
    assert code == 2
    assert err.startswith("Error: report.json, ligne 1 : en-tête FEC non reconnu")


# -- import-actuals ------------------------------------------------------------------------


def newer_fec(folder: Path, target: Path) -> Path:
    """The demo FEC plus one July invoice on the camera rental (613510 → 71)."""
    text = (folder / "fec.txt").read_bytes().decode("utf-8")
    extra = ["HA", "Achats", "HA09999", "20260715", "613510", "Locations — caméra", "FCAME",
             "Loca Caméra Lyon", "CAM-2026-301", "20260715", "=Loca Caméra Lyon — juillet",
             "4000,00", "0,00", "", "", "20260715", "", ""]
    assert len(extra) == len(LEGAL_COLUMNS)
    target.write_bytes((text + "|".join(extra) + "\r\n").encode("utf-8"))
    return target


def _edit(path: Path) -> None:
    wb = load_workbook(path)
    commitments = wb["Engagements"]
    commitments["C5"] = 15000  # BC-0031 on 15, was 12 000
    commitments["A5"].comment = Comment("relancer l'éditeur", "Léa")
    analysis = wb["Analyse des écarts"]
    table = analysis.tables["VarExplanations"]
    first = int(table.ref.split(":")[0][1:]) + 1
    analysis[f"G{first}"] = "Nuits supplémentaires, voir plan de travail v4"
    mine = wb.create_sheet("Mes notes")
    mine["A1"] = "À voir avec la prod"
    wb.save(path)


def test_import_actuals_keeps_the_user_s_work(folder, tmp_path):
    path = tmp_path / "suivi.xlsx"
    shutil.copyfile(folder / "report.xlsx", path)
    _edit(path)
    before = api.export(path)
    old_efc = {a["account"]: a["efc"] for a in before["results"]["accounts"]}
    fec = newer_fec(folder, tmp_path / "fec-juillet.txt")
    code, out, err = run("run", "import-actuals", path, "--fec", fec)
    assert code == 0, err
    backups = list(tmp_path.glob("suivi.sauvegarde-*.xlsx"))
    assert len(backups) == 1 and out.startswith(f"Sauvegarde : {backups[0]}")
    assert "feuilles conservées : Mes notes" in out
    assert api.export(backups[0]) == before
    after = api.export(path)
    assert len(after["actuals"]) == len(before["actuals"]) + 1
    assert after["actuals"][-1]["label"] == "=Loca Caméra Lyon — juillet"
    assert after["commitments"][0]["amount"] == 15000
    assert after["explanations"] == before["explanations"]
    assert any(e["explanation"] == "Nuits supplémentaires, voir plan de travail v4"
               for e in after["explanations"])
    assert after["budget"] == before["budget"] and after["mapping"] == before["mapping"]
    assert after["estimates_to_complete"] == before["estimates_to_complete"]
    assert after["as_of"] == "2026-07-15" and after["previous_as_of"] == "2026-06-30"
    line = {a["account"]: a for a in after["results"]["accounts"]}["71"]
    assert line["previous_efc"] == old_efc["71"]
    assert line["since_last"] == 4000
    assert Decimal(str(after["results"]["total_actual"])) == Decimal(
        str(before["results"]["total_actual"])) + 4000
    wb = load_workbook(path)
    assert wb["Mes notes"]["A1"].value == "À voir avec la prod"
    assert wb["Engagements"]["A5"].comment.text == "relancer l'éditeur"


def test_import_actuals_refuses_another_kind_and_a_broken_fec(folder, tmp_path):
    api.demo(tmp_path / "dossier")
    budget = tmp_path / "dossier" / "budget.xlsx"
    code, _, err = run("run", "import-actuals", budget, "--fec", folder / "fec.txt")
    assert code == 2
    assert err == (f"Error: {budget} is a budget workbook, not a variance: use the buttons of its "
                   "own group\n")
    path = tmp_path / "suivi.xlsx"
    shutil.copyfile(folder / "report.xlsx", path)
    bad = tmp_path / "bad.txt"
    text = (folder / "fec.txt").read_bytes().decode("utf-8")
    bad.write_bytes(text.replace("|20260203|", "|2026-02-30|", 1).encode("utf-8"))
    code, _, err = run("run", "import-actuals", path, "--fec", bad)
    assert code == 1
    assert err.startswith("Error: bad.txt, ligne 2, colonne EcritureDate : « 2026-02-30 »")
    assert list(tmp_path.glob("suivi.sauvegarde-*")) == []


def test_a_large_fec_shows_a_progress_bar_on_a_terminal_only(folder, monkeypatch):
    import io

    from xlprod.kinds.variance import sources

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sources, "PROGRESS_BYTES", 0)
    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert len(sources.read_actuals(folder / "fec.txt")) == len(demo_with_actuals()["actuals"])
    assert "Lecture de fec.txt" in screen.getvalue()
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    sources.read_actuals(folder / "fec.txt")
    assert piped.getvalue() == ""


def test_the_production_type_shows_in_words_and_reads_back_as_its_code(tmp_path):
    data = {**demo_with_actuals(), "variant": "publicite"}
    source = tmp_path / "pub.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    path = api.new("variance", tmp_path / "pub.xlsx", source=source).path
    sheet, ref = next(iter(load_workbook(path).defined_names["VAR_VARIANT"].destinations))
    assert load_workbook(path)[sheet][ref.replace("$", "")].value == "publicité"
    assert api.export(path)["variant"] == "publicite"


def _rezip(source: Path, target: Path, part: str, old: bytes, new: bytes) -> Path:
    """``source`` with one replacement in one part's XML (the computed values kept)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == part:
                assert old in data, (part, old)
                data = data.replace(old, new, 1)
            zout.writestr(info, data)
    return target


def _entries_part(path: Path) -> str:
    wb = load_workbook(path, read_only=True)
    index = wb.sheetnames.index("Écritures") + 1
    wb.close()
    return f"xl/worksheets/sheet{index}.xml"


def test_import_actuals_takes_the_efc_the_report_showed(folder, tmp_path):
    """Each account's previous EFC is the EFC the report showed: read from the Suivi when
    the workbook holds computed values (the old entries, replaced, are then not read), else
    computed by the engine from the old entries (a workbook saved by a script). Both give
    the same figures."""
    before = {a["account"]: a["efc"] for a in api.export(folder / "report.xlsx")
              ["results"]["accounts"]}
    fec = newer_fec(folder, tmp_path / "fec-juillet.txt")
    shown = shutil.copyfile(folder / "report.xlsx", tmp_path / "shown.xlsx")
    computed = tmp_path / "computed.xlsx"
    load_workbook(shown).save(computed)  # openpyxl keeps no computed value
    previous = {}
    for path in (shown, computed):
        code, _, err = run("run", "import-actuals", path, "--fec", fec)
        assert code == 0, err
        previous[path.stem] = {p["account"]: p["efc"] for p in api.export(path)["previous"]}
    assert previous["shown"] == previous["computed"] == before

    # An old entry broken in the file (its computed values kept) is replaced, not read.
    part = _entries_part(folder / "report.xlsx")
    with zipfile.ZipFile(folder / "report.xlsx") as z:
        xml = z.read(part)
    start = xml.index(b'<c r="A5"')
    cell = xml[start:xml.index(b"</c>", start) + 4]
    broken = _rezip(folder / "report.xlsx", tmp_path / "broken.xlsx", part, cell,
                    b'<c r="A5" t="inlineStr"><is><t>pas une date</t></is></c>')
    assert any(f.cell == "Écritures!A5" for f in api.validate(broken).errors)
    code, _, err = run("run", "import-actuals", broken, "--fec", fec)
    assert code == 0, err
    assert api.validate(broken).errors == []
    assert {p["account"]: p["efc"] for p in api.export(broken)["previous"]} == before
