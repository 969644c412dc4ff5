"""The cue sheet engine: pure, exact in frames, the same figures the workbook's formulas give.

A cue lasts ``tc_out − tc_in`` frames, never less than zero (a reversed cue
counts nothing until it is fixed; the checks flag it). Durations are shown as
timecode at the sheet's rate and as ``mm:ss`` rounded up to the second.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlprod import timecode
from xlprod.errors import InvalidInput
from xlprod.kinds.base import _number
from xlprod.kinds.cuesheet.model import Archive, Cue, CueSheet
from xlprod.money import ZERO, cents

__all__ = ["archive_fee", "compute", "frames_of", "span_frames"]


def frames_of(tc: str, rate: timecode.Rate) -> int:
    """Frame count of ``tc``; a timecode that does not exist at ``rate`` (frame 27 at
    25 fps, wrong separator) is counted digit by digit, as the workbook's formula does."""
    try:
        return timecode.parse(tc, rate)
    except InvalidInput:
        h, m, s, f = int(tc[0:2]), int(tc[3:5]), int(tc[6:8]), int(tc[9:11])
        frames = (3600 * h + 60 * m + s) * rate.nominal + f
        minutes = 60 * h + m
        return frames - 2 * (minutes - minutes // 10) if rate.drop else frames


def span_frames(item: Cue | Archive, rate: timecode.Rate) -> int:
    return max(0, frames_of(item.tc_out, rate) - frames_of(item.tc_in, rate))


def archive_fee(archive: Archive, seconds: int) -> Decimal:
    """A flat fee wins; otherwise the fee per second × seconds started, to the cent."""
    if archive.flat_fee is not None:
        return archive.flat_fee
    if archive.fee_per_second is not None:
        return cents(archive.fee_per_second * seconds)
    return ZERO


def compute(sheet: CueSheet) -> dict[str, Any]:
    rate = sheet.rate
    cues: list[dict[str, Any]] = []
    total = 0
    by_usage: dict[str, int] = {}
    by_origin: dict[str, int] = {}
    for cue in sheet.cues:
        frames = span_frames(cue, rate)
        cues.append({"number": cue.number, "duration_frames": frames,
                     "duration": timecode.format(frames, rate),
                     "mmss": timecode.mmss(frames, rate)})
        by_usage[cue.usage] = by_usage.get(cue.usage, 0) + frames
        by_origin[cue.origin] = by_origin.get(cue.origin, 0) + frames
        total += frames
    programme = _programme_frames(sheet)
    archives: list[dict[str, Any]] = []
    fees: list[Decimal] = []
    archive_frames = archive_seconds = 0
    for item in sheet.archives:
        frames = span_frames(item, rate)
        seconds = timecode.seconds_rounded_up(frames, rate)
        fees.append(archive_fee(item, seconds))
        archive_frames += frames
        archive_seconds += seconds
        archives.append({"source": item.source, "duration_frames": frames,
                         "duration": timecode.format(frames, rate), "seconds": seconds,
                         "fee": _number(fees[-1])})
    return {
        "cues": cues,
        "total_frames": total,
        "total_duration": timecode.format(total, rate),
        "total_mmss": timecode.mmss(total, rate),
        "by_usage": by_usage,
        "by_origin": by_origin,
        "programme_frames": programme,
        "music_ratio": None if not programme else total / programme,
        "archives": {
            "items": archives,
            "total_frames": archive_frames,
            "total_duration": timecode.format(archive_frames, rate),
            "total_seconds": archive_seconds,
            "total_fees": _number(sum(fees, ZERO)),
        },
    }


def _programme_frames(sheet: CueSheet) -> int | None:
    if sheet.programme_duration is None:
        return None
    return frames_of(sheet.programme_duration, sheet.rate)
