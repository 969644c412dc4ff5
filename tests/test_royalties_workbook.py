"""The royalties workbook: round trips, cached figures, findings at cells, add-statement."""

from __future__ import annotations

import copy
import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import pytest
from helpers import xlprod
from openpyxl import load_workbook
from openpyxl.comments import Comment
from test_royalties import CONTRACT

from xlprod import api
from xlprod.kinds.royalties.compute import compute
from xlprod.kinds.royalties.demo import demo_input
from xlprod.kinds.royalties.model import Royalties


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def named(path: Path, name: str) -> object:
    wb = load_workbook(path, data_only=True)
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return wb[sheet][ref.replace("$", "")].value


def split_demo() -> tuple[dict, dict]:
    """The demo as a first file (2026-T1) and the second period's JSON (2026-T2)."""
    data = demo_input()
    first = {**data, "channels": [c for c in data["channels"] if c["period"] == "2026-T1"],
             "statements": [s for s in data["statements"] if s["period"] == "2026-T1"]}
    second = {"period": "2026-T2",
              "channels": [{k: v for k, v in c.items() if k != "period"}
                           for c in data["channels"] if c["period"] == "2026-T2"],
              "statements": [{k: v for k, v in s.items() if k != "period"}
                             for s in data["statements"] if s["period"] == "2026-T2"]}
    return first, second


def test_contract_example_through_the_workbook(tmp_path):
    path = api.new("royalties", tmp_path / "roy.xlsx",
                   source=write_json(tmp_path / "in.json", CONTRACT)).path
    exported = api.export(path)
    r = exported["results"]
    assert r["rnpp_total"] == 857648.25  # 357 648.25 theatrical (MG exceeded) + 500 000 TV
    due = {p["beneficiary"]: D(str(p["due"])) for p in r["payouts"]}
    assert sum(due.values()) == D("857648.25")  # the pot, to the cent
    assert due["SOFICA"] == D("128647.24")  # 15 %, its 330 000 cap not reached
    assert r["authors"] == [{"name": "Réalisateur", "earned": 17152.97, "recouped": 17152.97,
                             "payable": 0, "mg_remaining": 22847.03}]
    assert r["discrepancies"] == [{"beneficiary": "Coproducteur", "due": float(due["Coproducteur"]),
                                   "paid": 160000, "discrepancy": float(160000 - due["Coproducteur"])}]
    # A viewer that does not recalculate shows the engine's figures.
    assert named(path, "ROY_RNPP_TOTAL") == 857648.25
    assert named(path, "ROY_ALLOCATED") == 857648.25
    assert named(path, "ROY_UP_TO_DATE") == "à jour"
    # export's JSON is an input again, unchanged
    again = api.export(api.new("royalties", tmp_path / "again.xlsx",
                               source=write_json(tmp_path / "x.json", exported)).path)
    assert again == exported


def test_corridor_cap_reached_in_the_workbook(tmp_path):
    data = copy.deepcopy(CONTRACT)
    data["corridors"][0]["cap"] = 100000
    path = api.new("royalties", tmp_path / "roy.xlsx",
                   source=write_json(tmp_path / "in.json", data)).path
    due = {p["beneficiary"]: p["due"] for p in api.export(path)["results"]["payouts"]}
    assert due["SOFICA"] == 100000
    assert D(str(due["Producteur délégué"])) + D(str(due["Coproducteur"])) == D("757648.25")


def test_demo_round_trip_and_english_labels(tmp_path):
    source = write_json(tmp_path / "demo.json", demo_input())
    fr = api.new("royalties", tmp_path / "fr.xlsx", source=source).path
    en = api.new("royalties", tmp_path / "en.xlsx", source=source, lang="en").path
    expected = Royalties.model_validate(demo_input()).model_dump(mode="json")
    for path in (fr, en):
        exported = api.export(path)
        assert {k: exported[k] for k in expected} == expected
        assert exported["results"]["rnpp_total"] == 1378153.4
    assert load_workbook(fr).sheetnames[:7] == ["Synthèse", "Recettes", "Cascade", "Répartition",
                                                "Auteurs", "Versements", "Relevés"]
    assert load_workbook(en).sheetnames[:7] == ["Summary", "Receipts", "Waterfall", "Allocation",
                                                "Authors", "Payments", "Statements"]
    assert named(en, "ROY_UP_TO_DATE") == "up to date"


def test_findings_name_the_cell(tmp_path):
    path = api.new("royalties", tmp_path / "roy.xlsx",
                   source=write_json(tmp_path / "in.json", CONTRACT)).path
    wb = load_workbook(path)
    wb["Cascade"]["H5"] = 0.6  # the first tier's shares no longer sum to 1
    wb["Recettes"]["D5"] = 5.5  # a VAT rate typed as a percentage
    wb.save(path)
    run = xlprod("validate", path)
    assert run.code == 1
    assert "error: Cascade!H5: les parts du rang 1 font 0.9, pas 1 ; corrigez-les" in run.out
    assert ("error: Recettes!D5: taux 5.5 hors de 0–1 ; écrivez une fraction (0.07 pour 7 %)"
            in run.out)


def test_bad_input_gives_exit_1_with_the_field(tmp_path):
    data = copy.deepcopy(CONTRACT)
    data["tiers"][0]["shares"][1]["share"] = 0.2
    run = xlprod("new", "royalties", "--from", write_json(tmp_path / "in.json", data),
                 "-o", tmp_path / "roy.xlsx")
    assert run.code == 1
    assert run.err == (f"Error: {tmp_path / 'in.json'}: tiers[0].shares: les parts du rang 1 "
                       "font 0.9, pas 1 ; corrigez-les\n")
    assert not (tmp_path / "roy.xlsx").exists()


def test_blank_workbook(tmp_path):
    path = api.new("royalties", tmp_path / "blank.xlsx").path
    assert named(path, "ROY_RNPP_TOTAL") == 0
    findings = api.validate(path).findings
    assert [f.message for f in findings] == [
        "aucun rang : ajoutez au moins un rang (sans plafond) pour ce que laissent les couloirs"]


def _edit(path: Path) -> None:
    """What a user does between two statements: a comment, an edited input, own sheet."""
    wb = load_workbook(path)
    wb["Recettes"]["H6"].comment = Comment("contrat TV signé le 3 mars", "Léa")
    assert wb["Recettes"]["A6"].value == "tv"
    wb["Recettes"]["H6"] = 660000  # the TV pre-sale was revised
    mine = wb.create_sheet("Mes notes")
    mine["A1"] = "Total RNPP"
    mine["B1"] = "=ROY_RNPP_TOTAL"
    wb.save(path)


@pytest.fixture
def two_periods(tmp_path) -> tuple[Path, dict]:
    first, second = split_demo()
    path = api.new("royalties", tmp_path / "recettes.xlsx",
                   source=write_json(tmp_path / "t1.json", first)).path
    return path, second


def test_add_statement_continues_the_waterfall_and_keeps_the_user_s_work(two_periods, tmp_path):
    path, second = two_periods
    t1 = api.export(path)["results"]
    sofica_t1 = next(p["due"] for p in t1["payouts"] if p["beneficiary"] == "SOFICA Horizon 2")
    assert sofica_t1 == 165000  # 15 % of 1 100 000, its 180 000 cap not yet reached
    _edit(path)
    run = xlprod("run", "add-statement", path, "--from",
                 write_json(tmp_path / "t2.json", second))
    assert run.code == 0, run.err
    backups = list(tmp_path.glob("recettes.sauvegarde-*.xlsx"))
    assert len(backups) == 1 and run.out.startswith(f"Sauvegarde : {backups[0]}")
    assert "feuilles conservées : Mes notes" in run.out
    # The backup is the file as the user left it (edit included, one period).
    assert api.export(backups[0])["channels"][1]["gross"] == 660000
    exported = api.export(path)
    expected_input = demo_input()
    expected_input["channels"][1]["gross"] = 660000  # the user's edit survives
    expected = compute(Royalties.model_validate(expected_input))
    assert exported["channels"] == Royalties.model_validate(expected_input).model_dump(
        mode="json")["channels"]
    assert exported["results"]["rnpp_total"] == float(expected["rnpp_total"])
    # Period 2 resumes from period 1's positions: the SOFICA only takes what its cap left.
    t2 = exported["results"]["periods"][1]
    sofica = next(w for w in exported["results"]["waterfall"]
                  if w["period"] == "2026-T2" and w["level"] == 0)
    assert sofica["received_before"] == 166500 and sofica["amount"] == 13500
    assert D(str(t2["allocated"])) + D(str(t2["unallocated"])) + D(str(t2["carried_out"])) == \
        D(str(t2["rnpp_total"])) + D(str(t2["carried_in"]))
    wb = load_workbook(path)
    assert wb["Recettes"]["H6"].comment.text == "contrat TV signé le 3 mars"
    assert wb["Mes notes"]["B1"].value == "=ROY_RNPP_TOTAL"
    assert named(path, "ROY_RNPP_TOTAL") == float(expected["rnpp_total"])
    assert xlprod("validate", path).code == 0


def test_add_statement_refusals(two_periods, tmp_path):
    path, second = two_periods
    original = path.read_bytes()
    again = write_json(tmp_path / "t1bis.json", {**second, "period": "2026-T1"})
    run = xlprod("run", "add-statement", path, "--from", again)
    assert run.code == 1
    assert run.err == (f"Error: {again}: period : la période '2026-T1' figure déjà dans le "
                       "classeur ; corrigez ses lignes dans le classeur, ou donnez une nouvelle "
                       "période\n")
    unlabelled = write_json(tmp_path / "nolabel.json", {"statements": [
        {"beneficiary": "SOFICA Horizon 2", "paid": 1}]})
    run = xlprod("run", "add-statement", path, "--from", unlabelled)
    assert run.code == 1
    assert run.err == (f"Error: {unlabelled}: statements[0].period : période manquante ; donnez "
                       "\"period\" au fichier (2026-T2) ou à chaque ligne\n")
    unknown = write_json(tmp_path / "unknown.json", {"period": "2026-T3", "statements": [
        {"beneficiary": "Inconnu", "paid": 1}]})
    run = xlprod("run", "add-statement", path, "--from", unknown)
    assert run.code == 1
    assert run.err.startswith(f"Error: {unknown}: statements[0].beneficiary: 'Inconnu' n'est ni "
                              "dans un couloir ni dans un rang")
    typo = write_json(tmp_path / "typo.json", {"period": "2026-T3", "chanels": []})
    run = xlprod("run", "add-statement", path, "--from", typo)
    assert run.code == 1
    assert run.err == f"Error: {typo}: chanels: champ inconnu ; retirez-le ou vérifiez son orthographe\n"
    run = xlprod("run", "add-statement", path, "--from", tmp_path / "absent.json")
    assert run.code == 2 and run.err == f"Error: {tmp_path / 'absent.json'}: no such file\n"
    assert path.read_bytes() == original and not list(tmp_path.glob("*.sauvegarde-*"))


def test_add_statement_refuses_another_kind(tmp_path):
    dossier = tmp_path / "d"
    api.demo(dossier)
    budget = tmp_path / "devis.xlsx"
    shutil.copyfile(dossier / "budget.xlsx", budget)
    _, second = split_demo()
    run = xlprod("run", "add-statement", budget, "--from",
                 write_json(tmp_path / "t2.json", second))
    assert run.code == 2
    assert run.err == (f"Error: {budget}: is a budget workbook; add-statement adds a period to "
                       "a royalties workbook\n")
