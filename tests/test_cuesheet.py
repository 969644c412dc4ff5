"""Cue sheets: the contract example, the engine, and every finding at its exact cell.

Each finding is checked twice: as ``new --from`` places it (from the layout's
locator) and as ``validate`` finds it again in the written workbook (from the
reader's locator). Both must name the same ``Sheet!Cell``.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from xlprod import api
from xlprod.kinds.base import Finding
from xlprod.kinds.cuesheet import CueSheet, compute
from xlprod.kinds.cuesheet.demo import demo_input
from xlprod.kinds.cuesheet.model import Archive

#: The contract's example, with well-formed identifiers in place of its "…".
CONTRACT_EXAMPLE: dict[str, Any] = {
    "title": "Les Heures claires", "isan": "0000-0001-8947-0000-8-0000-0000-D", "fps": 25,
    "programme_duration": "01:35:00:00",
    "cues": [{"number": 1, "title": "Générique début", "tc_in": "00:00:00:00",
              "tc_out": "00:01:30:00", "usage": "OT", "origin": "original",
              "isrc": "FR-X7Q-24-00017", "iswc": "T-481.093.675-0",
              "rightsholders": [{"name": "RENARD Mathilde", "role": "C", "share": 100,
                                 "society": "SACEM"}]}],
}


def base_input() -> dict[str, Any]:
    """A small, valid cue sheet: three cues (one pre-existing song) and one archive."""
    return copy.deepcopy({
        "title": "Court métrage", "isan": "0000-0001-8947-0000-8-0000-0000-D", "fps": 25,
        "programme_duration": "00:10:00:00",
        "cues": [
            {"number": 1, "title": "Générique début", "tc_in": "00:00:00:00",
             "tc_out": "00:01:00:00", "usage": "OT", "origin": "original",
             "rightsholders": [
                 {"name": "RENARD Mathilde", "role": "C", "share": 66.67, "society": "SACEM"},
                 {"name": "Éditions du Quai Est", "role": "E", "share": 33.33,
                  "society": "SACEM"}]},
            {"number": 2, "title": "Chanson", "tc_in": "00:02:00:00", "tc_out": "00:03:00:12",
             "usage": "VV", "origin": "preexisting", "isrc": "FR-X7Q-24-00017",
             "iswc": "T-481.093.675-0", "licence": "SYNC-1", "performer": "Lou Bertin",
             "rightsholders": [
                 {"name": "DUVAL Jeanne", "role": "CA", "share": 50, "ipi": "00156094221"},
                 {"name": "Éditions Rive Gauche", "role": "E", "share": 50}]},
            {"number": 3, "title": "Générique fin", "tc_in": "00:08:00:00",
             "tc_out": "00:10:00:00", "usage": "CT", "origin": "original",
             "rightsholders": [{"name": "RENARD Mathilde", "role": "C", "share": 100}]},
        ],
        "archives": [{"source": "INA", "tc_in": "00:04:00:00", "tc_out": "00:04:10:05",
                      "fee_per_second": 40}],
    })


def write_json(folder: Path, data: dict[str, Any], name: str = "cue") -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def made(folder: Path, data: dict[str, Any], name: str = "cue") -> tuple[Path, list[Finding]]:
    result = api.new("cuesheet", folder / f"{name}.xlsx", source=write_json(folder, data, name))
    return result.path, result.findings


def subset(expected: Any, actual: Any) -> bool:
    """``actual`` holds every value of ``expected`` (defaults may be filled in)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and subset(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list):
        return (isinstance(actual, list) and len(expected) == len(actual)
                and all(subset(e, a) for e, a in zip(expected, actual, strict=True)))
    return bool(expected == actual)


# --- the contract example and round trips ------------------------------------------------


def test_contract_example_round_trip(tmp_path):
    path, findings = made(tmp_path, CONTRACT_EXAMPLE)
    assert findings == []
    out = api.export(path)
    assert out["workbook"] == "cuesheet"
    assert subset(CONTRACT_EXAMPLE, out)
    results = out["results"]
    assert results["cues"] == [{"number": 1, "duration_frames": 2250, "duration": "00:01:30:00",
                                "mmss": "01:30"}]
    assert results["total_frames"] == 2250
    assert results["by_usage"] == {"OT": 2250}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_demo_round_trip_is_exact(tmp_path, lang):
    data = demo_input()
    path = api.new("cuesheet", tmp_path / "demo.xlsx", source=write_json(tmp_path, data),
                   lang=lang).path
    out = api.export(path)
    assert subset(data, out)
    assert api.validate(path).findings == []


def test_demo_is_coherent():
    data = demo_input()
    sheet = CueSheet.model_validate(data)
    results = compute(sheet)
    assert sheet.fps == 25 and data["programme_duration"] == "01:35:00:00"
    assert {c.origin for c in sheet.cues} == {"original", "preexisting", "library",
                                              "public_domain"}
    assert results["total_frames"] == sum(c["duration_frames"] for c in results["cues"])
    assert sum(results["by_usage"].values()) == results["total_frames"]
    assert 0.2 < results["music_ratio"] < 0.4
    assert results["archives"]["total_fees"] == 45 * 20 + 800


def test_blank_workbook_validates_and_exports_empty(tmp_path):
    path = api.new("cuesheet", tmp_path / "blank.xlsx").path
    assert api.validate(path).findings == []
    out = api.export(path)
    assert out["cues"] == [] and out["archives"] == []
    assert out["results"]["total_frames"] == 0


def test_text_from_outside_stays_text(tmp_path):
    data = base_input()
    data["title"] = "=1+1"
    data["cues"][0]["title"] = '=HYPERLINK("http://example.com","x")'
    data["cues"][0]["rightsholders"][0]["name"] = "@SUM(A1)"
    data["archives"][0]["title"] = "-2+3"
    path, _ = made(tmp_path, data)
    wb = load_workbook(path)
    cells = [wb["Relevé"]["C4"], wb["Relevé"]["B20"], wb["Ayants droit"]["E5"],
             wb["Archives"]["B10"]]
    assert [c.data_type for c in cells] == ["s"] * 4
    out = api.export(path)
    assert out["title"] == "=1+1"
    assert out["cues"][0]["title"] == data["cues"][0]["title"]
    assert out["cues"][0]["rightsholders"][0]["name"] == "@SUM(A1)"
    assert out["archives"][0]["title"] == "-2+3"


# --- the engine ----------------------------------------------------------------------------


def test_durations_are_exact_in_frames():
    results = compute(CueSheet.model_validate(base_input()))
    assert [c["duration_frames"] for c in results["cues"]] == [1500, 1512, 3000]
    assert results["cues"][1]["duration"] == "00:01:00:12"
    assert results["cues"][1]["mmss"] == "01:01"  # 60.48 s rounds up
    assert results["total_frames"] == 6012
    assert results["by_usage"] == {"OT": 1500, "VV": 1512, "CT": 3000}
    assert results["by_origin"] == {"original": 4500, "preexisting": 1512}
    assert results["music_ratio"] == 6012 / 15000
    archive = results["archives"]["items"][0]
    assert (archive["duration_frames"], archive["seconds"], archive["fee"]) == (255, 11, 440)


def test_drop_frame_example():
    data = base_input()
    data.update(fps=29.97, programme_duration="00:20:00;00", archives=[])
    cues = data["cues"]
    cues[0].update(tc_in="00:00:59;28", tc_out="00:01:00;02")  # 2 frames: ;00 and ;01 dropped
    cues[1].update(tc_in="00:09:59;29", tc_out="00:10:00;00")  # minute 10 keeps ;00
    cues[2].update(tc_in="00:01:00;02", tc_out="00:11:00;02")  # ten minutes of real frames
    results = compute(CueSheet.model_validate(data))
    assert [c["duration_frames"] for c in results["cues"]] == [2, 1, 17982]
    assert [c["duration"] for c in results["cues"]] == ["00:00:00;02", "00:00:00;01",
                                                       "00:10:00;00"]
    assert results["cues"][2]["mmss"] == "10:00"  # 17982 × 1001/30000 s = 600.0 s
    assert results["total_frames"] == 17985
    assert results["programme_frames"] == 20 * 60 * 30 - 18 * 2


def test_reversed_cue_counts_zero():
    data = base_input()
    data["cues"][1]["tc_out"] = "00:01:59:00"
    results = compute(CueSheet.model_validate(data))
    assert results["cues"][1]["duration_frames"] == 0


def test_flat_fee_wins_over_fee_per_second():
    from xlprod.kinds.cuesheet.compute import archive_fee

    item = Archive.model_validate({"source": "INA", "tc_in": "00:00:00:00",
                                   "tc_out": "00:00:01:00", "fee_per_second": 33.335})
    assert archive_fee(item, 3) == Decimal("100.01")  # 100.005 rounds half away from zero
    assert archive_fee(item.model_copy(update={"flat_fee": 500}), 3) == 500


@pytest.mark.parametrize(("field", "value", "message"), [
    ("tc_in", "0:00:00:00", "écrivez le timecode HH:MM:SS:FF"),
    ("number", 0, "« 0 » doit être ≥ 1"),
    ("origin", "commande", "« commande » n'est pas une valeur permise ; choisissez : original, "
     "preexisting"),
])
def test_malformed_input_is_refused_with_its_field(tmp_path, field, value, message):
    from xlprod.errors import InvalidInput

    data = base_input()
    data["cues"][1][field] = value
    with pytest.raises(InvalidInput) as exc:
        made(tmp_path, data)
    assert f"cues[1].{field}: " in str(exc.value) and message in str(exc.value)
    assert not (tmp_path / "cue.xlsx").exists()


def test_unknown_frame_rate_is_refused(tmp_path):
    from xlprod.errors import InvalidInput

    data = base_input()
    data["fps"] = 26
    with pytest.raises(InvalidInput, match=r"fps: .*not one of 23\.976, 24, 25, 29\.97, 30"):
        made(tmp_path, data)


# --- findings, each at its exact cell --------------------------------------------------------


def _break(change):  # type: ignore[no-untyped-def]
    data = base_input()
    change(data)
    return data


BROKEN = {
    "isan check character": (
        lambda d: d.update(isan="0000-0001-8947-0000-8-0000-0000-E"), "error", "Relevé!C6",
        ("caractère de contrôle 2 « E »", 'check character 2 "E"')),
    "isrc malformed": (
        lambda d: d["cues"][1].update(isrc="FR-X7Q-24-0017"), "error", "Relevé!L21",
        ("ISRC « FR-X7Q-24-0017 » a 11 caractères", 'ISRC "FR-X7Q-24-0017" has 11 characters')),
    "iswc check digit": (
        lambda d: d["cues"][1].update(iswc="T-481.093.675-1"), "error", "Relevé!M21",
        ("chiffre de contrôle « 1 » ne correspond pas", 'check digit "1" does not match')),
    "shares not 100": (
        lambda d: d["cues"][0]["rightsholders"][0].update(share=60), "error", "Relevé!R20",
        ("font 93,33 %, pas 100 %", "sum to 93.33 %, not 100 %")),
    "tc out before tc in": (
        lambda d: d["cues"][1].update(tc_out="00:02:00:00"), "error", "Relevé!D21",
        ("le TC sortie 00:02:00:00 doit être après le TC entrée 00:02:00:00",
         "TC out 00:02:00:00 must be after TC in 00:02:00:00")),
    "beyond programme": (
        lambda d: d["cues"][2].update(tc_out="00:10:00:01"), "error", "Relevé!D22",
        ("après la fin du programme (00:10:00:00)", "after the end of the programme (00:10:00:00)")),
    "duplicate number": (
        lambda d: d["cues"][2].update(number=2), "error", "Relevé!A22",
        ("le numéro 2 est déjà celui de la cue « Chanson »",
         "cue number 2 is already used by cue « Chanson »")),
    "pre-existing without licence": (
        lambda d: d["cues"][1].update(licence=""), "error", "Relevé!P21",
        ("musique préexistante : tapez la référence de sa licence de synchronisation",
         "pre-existing music: type the reference of its synchronisation licence")),
    "no rights holder": (
        lambda d: d["cues"][2].update(rightsholders=[]), "error", "Relevé!R22",
        ("la cue 3 n'a aucun ayant droit", "cue 3 has no rights holder")),
    "overlap": (
        lambda d: d["cues"][1].update(tc_in="00:00:30:00"), "warning", "Relevé!C21",
        ("la cue 2 commence avant la fin de la cue 1 (00:01:00:00)",
         "cue 2 starts before cue 1 ends (00:01:00:00)")),
    "unknown usage": (
        lambda d: d["cues"][0].update(usage="ZZ"), "error", "Relevé!H20",
        ("le code d'usage « ZZ » est inconnu", "usage code 'ZZ' is unknown")),
    "unknown role": (
        lambda d: d["cues"][1]["rightsholders"][1].update(role="XX"), "error",
        "Ayants droit!C8", ("le code de rôle « XX » est inconnu", "role code 'XX' is unknown")),
    "ipi form": (
        lambda d: d["cues"][1]["rightsholders"][0].update(ipi="12AB"), "error",
        "Ayants droit!G7", ("un numéro IPI n'a que des chiffres",
                            "an IPI name number has digits only")),
    "frame beyond the rate": (
        lambda d: d["cues"][0].update(tc_out="00:01:00:25"), "error", "Relevé!D20",
        ("l'image 25 doit être entre 00 et 24", "frame 25 must be 00–24")),
    "archive reversed": (
        lambda d: d["archives"][0].update(tc_out="00:03:00:00"), "error", "Archives!E10",
        ("le TC sortie 00:03:00:00 doit être après le TC entrée 00:04:00:00",
         "TC out 00:03:00:00 must be after TC in 00:04:00:00")),
    "archive without fee": (
        lambda d: d["archives"][0].pop("fee_per_second"), "warning", "Archives!J10",
        ("aucun tarif", "no fee")),
    "programme duration at the wrong rate": (
        lambda d: d.update(programme_duration="00:10:00;00"), "error", "Relevé!C8",
        ("écrivez « : » avant les images", 'write ":" before the frames')),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_finding_points_at_its_cell(tmp_path, case):
    change, severity, cell, (message, english) = BROKEN[case]
    path, placed = made(tmp_path, _break(change))
    assert any(f.cell == cell and f.severity == severity and message in f.message
               for f in placed), [str(f) for f in placed]
    found = api.validate(path).findings
    assert any(f.cell == cell and f.severity == severity and message in f.message
               for f in found), [str(f) for f in found]
    found = api.validate(path, lang="en").findings  # the same finding, in English
    assert any(f.cell == cell and f.severity == severity and english in f.message
               for f in found), [str(f) for f in found]
    wb = load_workbook(path)
    sheet, _, ref = cell.partition("!")
    assert message in wb[sheet][ref].comment.text  # new --from marked the cell
    column, row = ref.rstrip("0123456789"), int(ref[len(ref.rstrip("0123456789")):])
    neighbour = wb[sheet][f"{column}{row + 1}"]  # only that cell, not its whole column
    assert neighbour.comment is None and neighbour.fill.fgColor.rgb != wb[sheet][ref].fill.fgColor.rgb


def test_valid_input_has_no_finding(tmp_path):
    _, placed = made(tmp_path, base_input())
    assert placed == []


def test_public_domain_without_rights_holder_is_a_warning(tmp_path):
    data = base_input()
    data["cues"][2].update(origin="public_domain", rightsholders=[])
    _, placed = made(tmp_path, data)
    assert [(f.severity, f.cell) for f in placed] == [("warning", "Relevé!R22")]


# --- what a user does to the workbook ----------------------------------------------------------


def _edit(path: Path, edits: dict[tuple[str, str], Any]) -> Path:
    wb = load_workbook(path)
    for (sheet, ref), value in edits.items():
        wb[sheet][ref].value = value
    wb.save(path)
    return path


def test_user_edits_are_read_back(tmp_path):
    path, _ = made(tmp_path, base_input())
    _edit(path, {("Relevé", "D22"): "00:09:30:00", ("Ayants droit", "H5"): 50,
                 ("Ayants droit", "H6"): 50, ("Relevé", "C5"): "Épisode 3"})
    out = api.export(path)
    assert out["episode"] == "Épisode 3"
    assert out["results"]["cues"][2]["duration_frames"] == 90 * 25
    assert [h["share"] for h in out["cues"][0]["rightsholders"]] == [50, 50]


def test_changed_frame_rate_cell_is_a_finding(tmp_path):
    path, _ = made(tmp_path, base_input())
    _edit(path, {("Relevé", "C10"): 24})
    found = api.validate(path).findings
    assert [f.cell for f in found] == ["Relevé!C10"]
    assert "diffère des 25 fps pour lesquelles les formules du classeur" in found[0].message


def test_mistyped_timecode_in_the_workbook_names_its_cell(tmp_path):
    path, _ = made(tmp_path, base_input())
    _edit(path, {("Relevé", "C21"): "2:00:00"})
    found = api.validate(path).findings
    assert [f.cell for f in found] == ["Relevé!C21"]
    assert "écrivez le timecode HH:MM:SS:FF" in found[0].message


def test_rights_holder_of_an_unknown_cue(tmp_path):
    path, _ = made(tmp_path, base_input())
    _edit(path, {("Ayants droit", "A9"): 7})
    found = api.validate(path).findings
    assert "Ayants droit!A9" in [f.cell for f in found]
    assert any("la cue 7 n'est pas sur le relevé" in f.message for f in found)


def test_duplicate_cue_numbers_do_not_move_rights_holders_on_read_back(tmp_path):
    data = base_input()
    data["cues"][2]["number"] = 2
    path, _ = made(tmp_path, data)
    report = api.validate(path)
    messages = [(f.cell, f.message) for f in report.errors]
    assert any(cell == "Relevé!A22" and "déjà celui de la cue" in m for cell, m in messages)
    assert any(cell.startswith("Ayants droit!") and "ne peut pas être rattaché ; renumérotez" in m
               for cell, m in messages)
    from xlprod.errors import InvalidInput

    with pytest.raises(InvalidInput):
        api.export(path)
