"""Three-way agreement for cue sheets: engine = LibreOffice-recalculated workbook.

One soffice run (the session's ``lo_recalc``) recalculates every workbook of this
module. In the small variants each cue has its own usage code, so the
``CUE_USAGE_*`` names check every cue's frame formula one by one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import close
from openpyxl import load_workbook
from test_cuesheet import base_input, write_json

from xlprod import api, identifiers
from xlprod.kinds.cuesheet.demo import demo_input

pytestmark = pytest.mark.libreoffice


def _variants() -> dict[str, dict]:
    df = base_input()
    df.update(fps=29.97, programme_duration="00:20:00;00", programme_start="00:00:00;00")
    df["cues"][0].update(tc_in="00:00:59;28", tc_out="00:01:00;02")
    df["cues"][1].update(tc_in="00:09:59;29", tc_out="00:10:00;00")
    df["cues"][2].update(tc_in="00:01:00;02", tc_out="00:11:00;02")
    df["archives"][0].update(tc_in="00:04:00;02", tc_out="00:04:10;05")
    slow = base_input()
    slow["fps"] = 23.976
    slow["cues"][1]["tc_out"] = "00:03:00:23"
    thirty = base_input()
    thirty["fps"] = 30
    thirty["cues"][1]["tc_out"] = "00:03:00:29"
    text = base_input()
    text["title"] = "=1/0"
    text["cues"][0]["title"] = '=HYPERLINK("http://example.com")'
    text["cues"][1]["rightsholders"][0]["name"] = "+33 1 23"
    broken = base_input()  # findings do not stop the workbook from computing
    broken["cues"][1]["tc_out"] = "00:01:00:00"
    broken["cues"][2]["rightsholders"][0]["share"] = 60  # shares no longer sum to 100
    return {"demo": demo_input(), "base": base_input(), "df": df, "slow": slow,
            "thirty": thirty, "text": text, "broken": broken}


@pytest.fixture(scope="module")
def books(tmp_path_factory, lo_recalc):
    folder = tmp_path_factory.mktemp("cuesheets")
    made: dict[str, Path] = {}
    for name, data in _variants().items():
        made[name] = api.new("cuesheet", folder / f"{name}.xlsx",
                             source=write_json(folder, data, name)).path
    made["blank"] = api.new("cuesheet", folder / "blank.xlsx").path
    made["english"] = api.new("cuesheet", folder / "english.xlsx",
                              source=folder / "demo.json", lang="en").path
    made["blank_df"] = api.new("cuesheet", folder / "blank_df.xlsx",
                               source=write_json(folder, {"title": "x", "fps": 29.97},
                                                 "blank_df")).path
    # The base sheet with a cue's TC out moved *in the file*, as a user would in Excel.
    moved = folder / "moved.xlsx"
    wb = load_workbook(made["base"])
    wb["Relevé"]["D22"].value = "00:09:30:00"
    wb.save(moved)
    made["moved"] = moved
    # Origins typed as a user would: the list's word in capitals, the code, the other
    # language's word; the workbook's formulas and the reader both count them.
    spelled = folder / "spelled.xlsx"
    wb = load_workbook(made["base"])
    for ref, typed in (("J20", "PRÉEXISTANTE"), ("J21", "library"), ("J22", "domaine public")):
        wb["Relevé"][ref].value = typed
    wb.save(spelled)
    made["spelled"] = spelled
    values = lo_recalc(list(made.values()))
    return {name: (path, values[path]) for name, path in made.items()}


NAMES = ["demo", "base", "df", "slow", "thirty", "text", "broken", "blank", "english",
         "blank_df", "moved", "spelled"]


@pytest.mark.parametrize("name", NAMES)
def test_no_error_cell_after_recalculation(books, name):
    assert books[name][1]["error_cells"] == []


@pytest.mark.parametrize("name", NAMES)
def test_cue_total_frames_equals_export(books, name):
    path, values = books[name]
    results = api.export(path)["results"]
    names = values["names"]
    assert names["CUE_TOTAL_FRAMES"] == results["total_frames"]
    assert names["CUE_TOTAL_DURATION"] == results["total_duration"]
    assert names["CUE_TOTAL_MMSS"] == results["total_mmss"]
    for code in identifiers.usage_codes():
        assert names[f"CUE_USAGE_{code}"] == results["by_usage"].get(code, 0), code
    for origin in ("original", "preexisting", "library", "public_domain"):
        assert names[f"CUE_ORIGIN_{origin.upper()}"] == results["by_origin"].get(origin, 0)
    if results["programme_frames"] is None:
        assert names["CUE_MUSIC_RATIO"] in (None, "")
    else:
        assert names["CUE_PROGRAMME_FRAMES"] == results["programme_frames"]
        assert abs(names["CUE_MUSIC_RATIO"] - results["music_ratio"]) < 1e-12


@pytest.mark.parametrize("name", NAMES)
def test_archive_totals_equal_export(books, name):
    path, values = books[name]
    archives = api.export(path)["results"]["archives"]
    names = values["names"]
    assert names["ARCH_TOTAL_FRAMES"] == archives["total_frames"]
    assert names["ARCH_TOTAL_DURATION"] == archives["total_duration"]
    assert names["ARCH_TOTAL_SECONDS"] == archives["total_seconds"]
    assert close(names["ARCH_TOTAL_FEES"], archives["total_fees"])


def test_drop_frame_figures(books):
    names = books["df"][1]["names"]
    assert (names["CUE_USAGE_OT"], names["CUE_USAGE_VV"], names["CUE_USAGE_CT"]) == (2, 1, 17982)
    assert names["CUE_TOTAL_DURATION"] == "00:10:00;03"
    assert names["CUE_PROGRAMME_FRAMES"] == 20 * 60 * 30 - 18 * 2


def test_the_demo_figures(books):
    names = books["demo"][1]["names"]
    assert names["CUE_TOTAL_FRAMES"] == 40948
    assert names["CUE_COUNT"] == 13
    assert names["ARCH_TOTAL_FEES"] == 1700


def test_text_is_shown_not_computed(books):
    assert books["text"][1]["names"]["CUE_TITLE"] == "=1/0"


def test_moved_timecode_moves_the_totals(books):
    assert books["moved"][1]["names"]["CUE_USAGE_CT"] == 90 * 25


def test_origins_typed_in_words_are_read_as_codes(books):
    path, values = books["spelled"]
    exported = api.export(path)
    assert [c["origin"] for c in exported["cues"]] == ["preexisting", "library", "public_domain"]
    names = values["names"]
    assert names["CUE_ORIGIN_ORIGINAL"] == 0
    assert names["CUE_ORIGIN_PREEXISTING"] == exported["results"]["by_origin"]["preexisting"] > 0
