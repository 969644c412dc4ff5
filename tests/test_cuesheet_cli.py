"""Cue sheets on the command line: exit codes, findings on stderr, and the flat export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner
from helpers import xlprod
from openpyxl import load_workbook
from test_cuesheet import base_input, made, write_json

from xlprod.cli import cli
from xlprod.kinds.cuesheet.flat import COLUMNS


def _no_traceback(run):
    assert "Traceback" not in run.err and "Traceback" not in run.out


@pytest.fixture
def broken_json(tmp_path):
    data = base_input()
    data["isan"] = "0000-0001-8947-0000-8-0000-0000-E"
    data["cues"][1]["licence"] = ""
    return write_json(tmp_path, data, "broken")


def test_new_from_writes_despite_findings_then_validate_exits_1(tmp_path, broken_json):
    out = tmp_path / "releve.xlsx"
    run = xlprod("new", "cuesheet", "--from", broken_json, "-o", out)
    assert run.code == 0, run.err
    assert out.exists()
    lines = run.err.splitlines()
    assert lines[0].startswith("error: Relevé!C6: ISAN « 0000-0001-8947-0000-8-0000-0000-E » : "
                               "le caractère de contrôle 2")
    assert lines[1] == ("error: Relevé!P21: la cue 2 est une musique préexistante : tapez la "
                        "référence de sa licence de synchronisation (éditeur et producteur "
                        "phonographique)")
    assert run.out.strip() == f"Wrote {out}"
    check = xlprod("validate", out)
    assert check.code == 1
    assert check.out.splitlines()[-1] == f"{out}: 2 error(s), 0 warning(s)"
    report = json.loads(xlprod("validate", out, "--format", "json").out)
    assert [f["cell"] for f in report["findings"]] == ["Relevé!C6", "Relevé!P21"]
    exported = xlprod("export", out)
    assert exported.code == 0  # a cue sheet with findings still exports, results included
    assert json.loads(exported.out)["results"]["total_frames"] == 6012


def test_clean_sheet_validates_with_exit_0(tmp_path):
    path, _ = made(tmp_path, base_input())
    run = xlprod("validate", path)
    assert run.code == 0
    assert run.out.strip() == f"{path}: 0 error(s), 0 warning(s)"


def test_warnings_only_exit_0(tmp_path):
    data = base_input()
    data["cues"][1]["tc_in"] = "00:00:30:00"
    path, _ = made(tmp_path, data)
    run = xlprod("validate", path)
    assert run.code == 0
    assert run.out.startswith("warning: Relevé!C21: la cue 2 commence avant la fin de la cue 1")


def test_malformed_timecode_is_invalid_input_and_writes_nothing(tmp_path):
    data = base_input()
    data["cues"][0]["tc_in"] = "1:00"
    source = write_json(tmp_path, data)
    out = tmp_path / "x.xlsx"
    run = xlprod("new", "cuesheet", "--from", source, "-o", out)
    assert run.code == 1
    assert run.err.startswith(f"Error: {source}: cues[0].tc_in: '1:00': écrivez le timecode "
                              "HH:MM:SS:FF, deux chiffres chacun")
    run = xlprod("new", "cuesheet", "--from", source, "-o", out, "--lang", "en")
    assert run.err.startswith(f"Error: {source}: cues[0].tc_in: '1:00': write a timecode as "
                              "HH:MM:SS:FF, two digits each")
    assert not out.exists()
    _no_traceback(run)


def test_blank_and_demo(tmp_path):
    blank = tmp_path / "blank.xlsx"
    assert xlprod("new", "cuesheet", "-o", blank).code == 0
    assert xlprod("validate", blank).code == 0
    again = xlprod("new", "cuesheet", "-o", blank)
    assert again.code == 2
    assert again.err.strip() == f"Error: {blank} already exists; pass --force to replace it"
    assert xlprod("demo", tmp_path / "demo").code == 0
    assert xlprod("validate", tmp_path / "demo" / "cuesheet.xlsx").code == 0


def test_schema_lists_the_contract_fields():
    schema = json.loads(xlprod("schema", "cuesheet").out)
    assert {"title", "isan", "fps", "programme_duration", "cues", "archives"} <= set(
        schema["properties"])


# --- xlprod run export-cuesheet -----------------------------------------------------------


def _export(*args):
    return CliRunner().invoke(cli, ["run", "export-cuesheet", *map(str, args)])


def test_export_csv_one_row_per_rights_holder(tmp_path):
    data = base_input()
    data["cues"][2].update(origin="public_domain", rightsholders=[])
    data["cues"][0]["title"] = "=cmd|' /C calc'!A0"
    path, _ = made(tmp_path, data)
    out = tmp_path / "releve.csv"
    result = _export(path, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [c.key for c in COLUMNS]
    assert list(rows[0])[:12] == ["seq", "cue_title", "usage", "time_in", "time_out",
                                  "duration", "role", "writer_name", "publisher_name", "ipi",
                                  "society", "share"]
    assert [(r["seq"], r["role"], r["share"]) for r in rows] == [
        ("1", "C", "66.67"), ("1", "E", "33.33"), ("2", "CA", "50"), ("2", "E", "50"),
        ("3", "", "")]
    assert rows[0]["cue_title"] == "'=cmd|' /C calc'!A0"  # kept as text for spreadsheets
    assert rows[1]["writer_name"] == "" and rows[1]["publisher_name"] == "Éditions du Quai Est"
    assert rows[2]["duration"] == "01:01" and rows[2]["duration_frames"] == "1512"
    assert rows[2]["production_isan"] == "0000-0001-8947-0000-8-0000-0000-D"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_xlsx_is_a_table_of_text_and_numbers(tmp_path):
    path, _ = made(tmp_path, base_input())
    out = tmp_path / "releve-export.xlsx"
    assert _export(path, "--format", "xlsx", "-o", out).exit_code == 0
    wb = load_workbook(out)
    ws = wb.active
    table = ws.tables["CueSheetExport"]
    first = ws[table.ref.split(":")[0]].row
    assert ws.cell(first, 1).value == "N°"
    assert [ws.cell(first + 1 + n, 1).value for n in range(5)] == [1, 1, 2, 2, 3]
    assert "_xlprod" not in wb.sheetnames  # an export is not an input workbook


def test_export_default_name_refusal_and_findings(tmp_path, broken_json):
    path = tmp_path / "releve.xlsx"
    assert xlprod("new", "cuesheet", "--from", broken_json, "-o", path).code == 0
    first = xlprod("run", "export-cuesheet", path)
    assert first.code == 0
    assert (tmp_path / "releve-export.csv").exists()
    assert first.err.startswith("error: Relevé!C6:")
    again = xlprod("run", "export-cuesheet", path)
    assert again.code == 2
    assert again.err.strip() == (f"Error: {tmp_path / 'releve-export.csv'} already exists; "
                                 "pass --force to replace it")
    assert xlprod("run", "export-cuesheet", path, "--force").code == 0


def test_export_refuses_other_kinds_and_bad_files(tmp_path):
    budget = tmp_path / "devis.xlsx"
    assert xlprod("new", "budget", "-o", budget).code == 0
    run = xlprod("run", "export-cuesheet", budget, "-o", tmp_path / "x.csv")
    assert run.code == 2
    assert run.err.strip() == (f"Error: {budget} is a budget workbook; export-cuesheet needs a "
                               "cue sheet (xlprod new cuesheet)")
    missing = xlprod("run", "export-cuesheet", tmp_path / "nope.xlsx", "-o", tmp_path / "x.csv")
    assert missing.code == 2
    assert missing.err.strip() == f"Error: {tmp_path / 'nope.xlsx'}: no such file"
    bad = xlprod("run", "export-cuesheet", budget, "--format", "doc")
    assert bad.code == 2
    assert "Invalid value for '--format'" in bad.err
    _no_traceback(run)


def test_export_is_listed_with_the_ribbon_commands():
    listed = xlprod("run", "--list").out
    assert "export-cuesheet\t" in listed


@pytest.mark.libreoffice
def test_export_pdf_for_signature(tmp_path):
    path, _ = made(tmp_path, base_input())
    out = tmp_path / "a-signer.pdf"
    run = xlprod("run", "export-cuesheet", path, "--format", "pdf", "-o", out)
    assert run.code == 0, run.err
    assert out.read_bytes().startswith(b"%PDF")


def test_csv_in_the_french_excel_dialect(tmp_path):
    from xlprod import api

    api.demo(tmp_path / "d")
    out = tmp_path / "fr.csv"
    run = xlprod("run", "export-cuesheet", tmp_path / "d" / "cuesheet.xlsx", "--dialect",
                 "excel-fr", "-o", out)
    assert run.code == 0, run.err
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("N°;Titre;Usage;TC entrée;TC sortie;Durée mm:ss;Rôle;")
    rows = list(csv.reader(lines[1:], delimiter=";"))
    share = COLUMNS.index(next(c for c in COLUMNS if c.key == "share"))
    assert {r[share] for r in rows} >= {"66,67", "33,33"}  # decimal comma
