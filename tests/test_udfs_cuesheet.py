"""The cue sheet's Excel functions, called as Excel calls them (floats, text, empty cells)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "udfs"))

import xlprod_udfs as udfs


@pytest.mark.parametrize(("tc", "fps", "frames"), [
    ("00:01:30:00", 25.0, 2250),
    ("01:00:00:00", 24.0, 86400),
    ("00:01:00;02", 29.97, 1800),
    ("00:10:00;00", 29.97, 17982),
    ("00:00:01:00", "23.976", 24),
])
def test_prod_tc_frames(tc, fps, frames):
    assert udfs.prod_tc_frames(tc, fps) == frames


@pytest.mark.parametrize(("tc_in", "tc_out", "fps", "duration"), [
    ("00:00:00:00", "00:01:30:00", 25.0, "00:01:30:00"),
    ("00:11:40:05", "00:13:05:00", 25.0, "00:01:24:20"),
    ("00:00:59;28", "00:01:00;02", 29.97, "00:00:00;02"),
])
def test_prod_tc_duration(tc_in, tc_out, fps, duration):
    assert udfs.prod_tc_duration(tc_in, tc_out, fps) == duration


@pytest.mark.parametrize(("frames", "fps", "tc"), [
    (2250.0, 25.0, "00:01:30:00"),
    (0.0, 30.0, "00:00:00:00"),
    (1800.0, 29.97, "00:01:00;02"),
    (17982.0, 29.97, "00:10:00;00"),
])
def test_prod_frames_to_tc_is_the_inverse(frames, fps, tc):
    assert udfs.prod_frames_to_tc(frames, fps) == tc
    assert udfs.prod_tc_frames(tc, fps) == frames


@pytest.mark.parametrize(("isan", "valid"), [
    ("0000-0001-8947-0000-8-0000-0000-D", True),
    ("0000-0004-C3A1-0000-C-0000-0000-1", True),  # the demo film's
    ("0000-0001-8947-0000-8-0000-0000-E", False),
    ("", False),
    (None, False),  # an empty cell
    (12.0, False),
])
def test_prod_isan_valid(isan, valid):
    assert udfs.prod_isan_valid(isan) is valid


@pytest.mark.parametrize(("call", "message"), [
    (lambda: udfs.prod_tc_frames("1:30", 25.0), 'timecode "1:30" is not HH:MM:SS:FF'),
    (lambda: udfs.prod_tc_frames("00:00:00:00", 26.0), "fps 26.0 is not one of"),
    (lambda: udfs.prod_tc_frames(None, 25.0), "timecode None is not text"),
    (lambda: udfs.prod_tc_duration("00:01:00:00", "00:00:10:00", 25.0),
     'tc_out "00:00:10:00" must be after tc_in "00:01:00:00"'),
    (lambda: udfs.prod_frames_to_tc(10.5, 25.0), "frame count 10.5 is not a whole number"),
    (lambda: udfs.prod_frames_to_tc(-1.0, 25.0), "frame count -1 is negative"),
])
def test_wrong_input_shows_a_message_not_a_traceback(call, message):
    result = call()
    assert isinstance(result, str) and result.startswith("#xlprod! ")
    assert message in result


def test_every_cue_sheet_udf_has_a_docstring_for_excel():
    for name in ("prod_tc_frames", "prod_tc_duration", "prod_isan_valid", "prod_frames_to_tc"):
        assert getattr(udfs, name).__doc__.strip()

