"""Timecodes: rates, parse/format round trips, errors, and the formula twins in LibreOffice."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlprod import timecode as tc
from xlprod.errors import InvalidInput
from xlprod.libreoffice import read_values, recalculate

ALL_RATES = list(tc.RATES.values())
DF = tc.RATES["29.97"]


# --- rates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fps", "label"),
    [
        (25, "25"),
        (25.0, "25"),
        ("25", "25"),
        (" 25 ", "25"),
        ("25fps", "25"),
        (24, "24"),
        ("24", "24"),
        (30, "30"),
        ("30", "30"),
        (23.976, "23.976"),
        ("23.976", "23.976"),
        ("23.98", "23.976"),
        (24000 / 1001, "23.976"),
        (29.97, "29.97"),
        ("29.97", "29.97"),
        ("29.97df", "29.97"),
        ("29.97 DF", "29.97"),
        ("29,97", "29.97"),
        (30000 / 1001, "29.97"),
    ],
)
def test_rate_accepts_numbers_and_text(fps: object, label: str) -> None:
    assert tc.rate(fps).label == label


def test_rate_fields() -> None:
    assert tc.rate("23.976") == tc.Rate(nominal=24, drop=False, label="23.976")
    assert tc.rate(29.97) == tc.Rate(nominal=30, drop=True, label="29.97")
    assert tc.rate(25) == tc.Rate(nominal=25, drop=False, label="25")
    assert tc.rate(tc.rate(30)) is tc.RATES["30"]


@pytest.mark.parametrize("fps", [26, "26", 26.0, 0, -25, "abc", "", True, None, "29.97ndf", 60])
def test_rate_refuses_other_values(fps: object) -> None:
    with pytest.raises(InvalidInput, match=r"is not one of 23\.976, 24, 25, 29\.97, 30$"):
        tc.rate(fps)


def test_rate_message_exact() -> None:
    with pytest.raises(InvalidInput) as err:
        tc.rate(26)
    assert str(err.value) == "fps 26 is not one of 23.976, 24, 25, 29.97, 30"


# --- known values ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "frames"),
    [
        ("00:00:00;00", 0),
        ("00:00:59;29", 1799),
        ("00:01:00;02", 1800),
        ("00:01:59;29", 3597),
        ("00:02:00;02", 3598),
        ("00:09:59;29", 17981),
        ("00:10:00;00", 17982),
        ("00:10:00;01", 17983),
        ("00:11:00;02", 17982 + 1800),
        ("01:00:00;00", 107892),
        ("23:59:59;29", 24 * 6 * 17982 - 1),
    ],
)
def test_drop_frame_anchors(text: str, frames: int) -> None:
    assert tc.parse(text, "29.97") == frames
    assert tc.format(frames, "29.97") == text


@pytest.mark.parametrize(
    ("text", "fps", "frames"),
    [
        ("00:00:01:00", 25, 25),
        ("01:35:00:00", 25, 95 * 60 * 25),
        ("00:01:00:00", "23.976", 1440),
        ("00:01:00:00", 24, 1440),
        ("00:01:00:00", 30, 1800),
        ("23:59:59:29", 30, 24 * 3600 * 30 - 1),
        ("23:59:59:23", "23.976", 24 * 3600 * 24 - 1),
    ],
)
def test_non_drop_values(text: str, fps: object, frames: int) -> None:
    assert tc.parse(text, fps) == frames
    assert tc.format(frames, fps) == text


def test_drop_frame_accepts_dot_and_spaces() -> None:
    assert tc.parse("00:01:00.02", 29.97) == 1800
    assert tc.parse(" 00:01:00;02 ", 29.97) == 1800
    assert tc.format(tc.parse("00:00:01.05", 29.97), 29.97) == "00:00:01;05"


def test_frames_per_day() -> None:
    assert [r.frames_per_day for r in ALL_RATES] == [2073600, 2073600, 2160000, 2589408, 2592000]


# --- round trips -----------------------------------------------------------------------


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(ALL_RATES), st.data())
def test_parse_inverts_format_over_the_day(r: tc.Rate, data: st.DataObject) -> None:
    n = data.draw(st.integers(0, r.frames_per_day - 1))
    assert tc.parse(tc.format(n, r), r) == n


@st.composite
def valid_timecodes(draw: st.DrawFn) -> tuple[tc.Rate, str]:
    r = draw(st.sampled_from(ALL_RATES))
    h, m, s = draw(st.integers(0, 23)), draw(st.integers(0, 59)), draw(st.integers(0, 59))
    f = draw(st.integers(0, r.nominal - 1))
    if r.drop and s == 0 and m % 10 and f < 2:
        f += 2
    return r, f"{h:02d}:{m:02d}:{s:02d}{r.separator}{f:02d}"


@settings(max_examples=1000, deadline=None)
@given(valid_timecodes())
def test_format_inverts_parse(case: tuple[tc.Rate, str]) -> None:
    r, text = case
    assert tc.format(tc.parse(text, r), r) == text


def _timecodes_of_hour(r: tc.Rate, hour: int):
    """Every valid timecode of one hour, in order, built by counting (not by tc.format)."""
    for m in range(60):
        for s in range(60):
            for f in range(r.nominal):
                if r.drop and s == 0 and f < 2 and m % 10:
                    continue
                yield f"{hour:02d}:{m:02d}:{s:02d}{r.separator}{f:02d}"


@pytest.mark.parametrize("r", ALL_RATES, ids=lambda r: r.label)
def test_every_frame_of_the_first_and_last_hour(r: tc.Rate) -> None:
    """Exhaustive over hours 00 and 23; the pattern repeats every hour, so this covers the
    whole day except the hour offset, which the hypothesis tests sample."""
    per_hour = r.frames_per_day // 24
    for hour in (0, 23):
        for i, text in enumerate(_timecodes_of_hour(r, hour)):
            n = hour * per_hour + i
            assert tc.parse(text, r) == n, text
            assert tc.format(n, r) == text, n
        assert i == per_hour - 1


@pytest.mark.parametrize("r", ALL_RATES, ids=lambda r: r.label)
def test_every_minute_boundary_of_the_day(r: tc.Rate) -> None:
    for hour in range(24):
        for minute in range(60):
            first = 2 if r.drop and minute % 10 else 0
            start = tc.parse(f"{hour:02d}:{minute:02d}:00{r.separator}{first:02d}", r)
            if start:
                last = tc.format(start - 1, r)
                assert last.endswith(f":59{r.separator}{r.nominal - 1:02d}")
            for n in range(start, start + 3):
                assert tc.parse(tc.format(n, r), r) == n


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fps", "message"),
    [
        ("00:00:00:25", 25, 'timecode "00:00:00:25" at 25 fps: frame 25 must be 00–24'),
        ("00:00:00:24", "23.976", "frame 24 must be 00–23"),
        ("00:00:00;30", 29.97, "frame 30 must be 00–29"),
        ("00:00:60:00", 25, 'timecode "00:00:60:00": seconds 60 must be 00–59'),
        ("00:60:00:00", 25, "minutes 60 must be 00–59"),
        ("24:00:00:00", 25, "hours 24 must be 00–23"),
        ("00:01:00;00", 29.97, "frame 00 does not exist at the start of minute 01"),
        ("00:01:00;01", 29.97, "the first frame of that minute is 00:01:00;02"),
        ("00:00:01:00", 29.97, 'write ";" before the frames (HH:MM:SS;FF)'),
        ("00:00:01;00", 25, 'write ":" before the frames (HH:MM:SS:FF)'),
        ("00:00:01.00", 24, '"." marks 29.97 drop-frame'),
        ("0:00:01:00", 25, "is not HH:MM:SS:FF (two digits each"),
        ("00:00:01", 25, "is not HH:MM:SS:FF"),
        ("00h00m01s", 25, "is not HH:MM:SS:FF"),
        ("", 25, 'timecode "" is not HH:MM:SS:FF'),
    ],
)
def test_parse_says_what_is_wrong(text: str, fps: object, message: str) -> None:
    with pytest.raises(InvalidInput) as err:
        tc.parse(text, fps)
    assert message in str(err.value)


def test_parse_refuses_non_text() -> None:
    with pytest.raises(InvalidInput, match="is not text"):
        tc.parse(1234, 25)  # type: ignore[arg-type]


@pytest.mark.parametrize("frames", [-1, 25 * 3600 * 24, 1.5, "12", True])
def test_format_refuses_bad_counts(frames: object) -> None:
    with pytest.raises(InvalidInput, match="frame count"):
        tc.format(frames, 25)  # type: ignore[arg-type]


def test_duration() -> None:
    assert tc.duration("00:00:10:00", "00:01:40:00", 25) == 90 * 25
    assert tc.duration("00:00:59;29", "00:01:00;02", 29.97) == 1
    with pytest.raises(InvalidInput, match='tc_out "00:00:10:00" must be after tc_in'):
        tc.duration("00:00:10:00", "00:00:10:00", 25)
    with pytest.raises(InvalidInput, match="must be after"):
        tc.duration("00:00:10:00", "00:00:09:24", 25)


# --- real seconds ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frames", "fps", "seconds"),
    [
        (0, 25, 0),
        (1, 25, 1),
        (25, 25, 1),
        (26, 25, 2),
        (24, 24, 1),
        (24, "23.976", 2),
        (24000, "23.976", 1001),
        (23976, "23.976", 1000),
        (30, 30, 1),
        (30, 29.97, 2),
        (30000, 29.97, 1001),
        (29970, 29.97, 1000),
        (107892, 29.97, 3600),  # 01:00:00;00 drop-frame is 3599.9964 s
    ],
)
def test_seconds_rounded_up(frames: int, fps: object, seconds: int) -> None:
    assert tc.seconds_rounded_up(frames, fps) == seconds


def test_mmss() -> None:
    assert tc.mmss(95 * 60 * 25, 25) == "95:00"
    assert tc.mmss(90 * 25 + 1, 25) == "01:31"
    assert tc.mmss(0, 25) == "00:00"
    with pytest.raises(InvalidInput):
        tc.mmss(-1, 25)


# --- formula twins ---------------------------------------------------------------------

_PORTABLE = {"VALUE", "LEFT", "MID", "RIGHT", "TRIM", "INT", "MOD", "MAX", "TEXT"}


@pytest.mark.parametrize("r", ALL_RATES, ids=lambda r: r.label)
def test_formulas_use_only_portable_functions(r: tc.Rate) -> None:
    for text in (
        tc.excel_frames_formula("D5", r),
        tc.excel_tc_formula("B2", r),
        tc.excel_tc_formula("B2-B1", r),
        tc.excel_mmss_formula("B2", r),
    ):
        assert set(re.findall(r"([A-Z]+)\(", text)) <= _PORTABLE
        assert not text.startswith("=")
        assert text.count("(") == text.count(")")


def test_formula_text_for_non_drop() -> None:
    assert tc.excel_frames_formula("D5", 25) == (
        "((VALUE(LEFT(TRIM(D5),2))*3600+VALUE(MID(TRIM(D5),4,2))*60"
        "+VALUE(MID(TRIM(D5),7,2)))*25+VALUE(RIGHT(TRIM(D5),2)))"
    )
    # Wrapped in parentheses, so that "out − in" subtracts the whole of the in-point.
    assert tc.excel_tc_formula("B2-B1", 25) == (
        'TEXT(INT((B2-B1)/90000),"00")&":"&TEXT(MOD(INT((B2-B1)/1500),60),"00")&":"'
        '&TEXT(MOD(INT((B2-B1)/25),60),"00")&":"&TEXT(MOD((B2-B1),25),"00")'
    )


def _lo_cases() -> tuple[list[tuple[str, tc.Rate]], list[tuple[int, tc.Rate]]]:
    """Timecodes (text, rate) and frame counts (n, rate) to evaluate in LibreOffice."""
    rng = random.Random(15706)
    texts = [
        (t, DF)
        for t in [
            "00:00:00;00",
            "00:00:00;01",
            "00:00:59;29",
            "00:01:00;02",
            "00:01:00;03",
            "00:01:59;29",
            "00:02:00;02",
            "00:09:00;02",
            "00:09:59;29",
            "00:10:00;00",
            "00:10:00;01",
            "00:10:00;02",
            "00:11:00;02",
            "00:19:59;29",
            "00:20:00;00",
            "00:59:59;29",
            "01:00:00;00",
            "01:00:00;01",
            "01:01:00;02",
            "01:09:59;29",
            "01:10:00;00",
            "01:35:00;02",
            "09:59:59;29",
            "10:00:00;00",
            "12:34:56;12",
            "23:50:00;00",
            "23:51:00;02",
            "23:59:00;02",
            "23:59:59;28",
            "23:59:59;29",
            " 00:05:00;02 ",
            "00:00:01.15",
        ]
    ]
    for r in ALL_RATES:
        last = r.nominal - 1
        sep = r.separator
        texts += [
            (f"00:00:00{sep}{last:02d}", r),
            (f"00:00:01{sep}00", r),
            (f"01:35:00{sep}00", r) if not r.drop else (f"01:35:00{sep}02", r),
            (f"23:59:59{sep}{last:02d}", r),
        ]
        texts += [(tc.format(rng.randrange(r.frames_per_day), r), r) for _ in range(4)]
    counts = [(n, DF) for n in (0, 1, 2, 1799, 1800, 1801, 17981, 17982, 17983, 107891, 107892)]
    for r in ALL_RATES:
        counts += [(n, r) for n in (0, 1, r.nominal, r.frames_per_day - 1)]
        counts += [(rng.randrange(r.frames_per_day), r) for _ in range(5)]
    return texts, counts


def _as_int(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@pytest.mark.libreoffice
def test_formula_twins_agree_with_python_in_libreoffice(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    texts, counts = _lo_cases()
    wb = Workbook()
    ws = wb.active
    ws.title = "tc"
    ws.append(["timecode", "fps", "frames", "timecode again"])
    for row, (text, r) in enumerate(texts, start=2):
        ws.cell(row, 1, text)
        ws.cell(row, 2, r.label)
        ws.cell(row, 3, "=" + tc.excel_frames_formula(f"A{row}", r))
        ws.cell(row, 4, "=" + tc.excel_tc_formula(f"C{row}", r))
    frames_ws = wb.create_sheet("frames")
    frames_ws.append(["frames", "fps", "timecode", "seconds", "mm:ss"])
    for row, (n, r) in enumerate(counts, start=2):
        frames_ws.cell(row, 1, n)
        frames_ws.cell(row, 2, r.label)
        frames_ws.cell(row, 3, "=" + tc.excel_tc_formula(f"A{row}", r))
        frames_ws.cell(row, 4, "=" + tc.excel_seconds_formula(f"A{row}", r))
        frames_ws.cell(row, 5, "=" + tc.excel_mmss_formula(f"A{row}", r))
    source = tmp_path / "timecodes.xlsx"
    wb.save(source)
    [recalculated] = recalculate([source], tmp_path / "recalculated")

    assert read_values(recalculated)["error_cells"] == []
    result = load_workbook(recalculated, data_only=True)

    got, expected = [], []
    for row, (text, r) in enumerate(texts, start=2):
        frames = tc.parse(text, r)
        expected.append((text, r.label, frames, tc.format(frames, r)))
        cells = result["tc"]
        got.append((text, r.label, _as_int(cells.cell(row, 3).value), cells.cell(row, 4).value))
    for row, (n, r) in enumerate(counts, start=2):
        expected.append((n, r.label, tc.format(n, r), tc.seconds_rounded_up(n, r), tc.mmss(n, r)))
        cells = result["frames"]
        got.append(
            (
                n,
                r.label,
                cells.cell(row, 3).value,
                _as_int(cells.cell(row, 4).value),
                cells.cell(row, 5).value,
            )
        )
    assert len(texts) >= 40
    assert got == expected
