"""Cue sheet findings: what a collecting society would reject, said where to fix it.

Errors (``validate`` exits 1, ``new --from`` still writes and marks the cell):
ISAN check characters, ISRC form, ISWC check digit, IPI form, unknown usage
or role code, a timecode that does not exist at the frame rate, TC out not
after TC in, a cue or archive outside the programme, duplicate cue numbers,
pre-existing music without a licence reference, a cue without rights holders
(a warning for public-domain music), shares not summing to 100.
Warnings: overlapping cues (music can overlap), more music than programme,
an archive without a fee or with two.
"""

from __future__ import annotations

from decimal import Decimal

from xlprod import identifiers, timecode
from xlprod.errors import InvalidInput
from xlprod.kinds.base import Finding, Path_
from xlprod.kinds.cuesheet.compute import span_frames
from xlprod.kinds.cuesheet.model import Archive, Cue, CueSheet

HUNDRED = Decimal(100)


class _Collector:
    def __init__(self, rate: timecode.Rate) -> None:
        self.rate = rate
        self.found: list[Finding] = []

    def error(self, path: Path_, message: str) -> None:
        self.found.append(Finding("error", path, message))

    def warning(self, path: Path_, message: str) -> None:
        self.found.append(Finding("warning", path, message))

    def frames(self, tc: str | None, path: Path_, what: str) -> int | None:
        """Frames of ``tc`` at the sheet's rate, or None (and an error) when it does not exist."""
        if tc is None:
            return None
        try:
            return timecode.parse(tc, self.rate)
        except InvalidInput as exc:
            self.error(path, f"{what}: {exc}")
            return None

    def identifier(self, problem: str | None, path: Path_) -> None:
        if problem:
            self.error(path, problem)


def check(sheet: CueSheet, lang: str = "fr") -> list[Finding]:
    c = _Collector(sheet.rate)
    if sheet.isan:
        c.identifier(identifiers.isan_problem(sheet.isan), ("isan",))
    length = c.frames(sheet.programme_duration, ("programme_duration",), "programme duration")
    start = c.frames(sheet.programme_start, ("programme_start",), "programme start") or 0
    end = None if length is None else start + length
    usages, roles = identifiers.usage_codes(), identifiers.role_codes()
    first_row: dict[int, int] = {}
    spans: list[tuple[int, int, int]] = []  # (tc in, tc out, index) of well-formed cues
    for i, cue in enumerate(sheet.cues):
        if cue.number in first_row:
            c.error(("cues", i, "number"),
                    f"cue number {cue.number} is already used by cue « "
                    f"{sheet.cues[first_row[cue.number]].title} »; give each cue its own number")
        first_row.setdefault(cue.number, i)
        span = _span(c, cue, ("cues", i), start, end, "cue")
        if span:
            spans.append((*span, i))
        if not cue.usage:
            c.error(("cues", i, "usage"), "usage code is empty; choose one of "
                    + ", ".join(usages))
        elif cue.usage not in usages:
            c.error(("cues", i, "usage"), f"usage code {cue.usage!r} is unknown; choose one of "
                    + ", ".join(usages))
        if cue.isrc:
            c.identifier(identifiers.isrc_problem(cue.isrc), ("cues", i, "isrc"))
        if cue.iswc:
            c.identifier(identifiers.iswc_problem(cue.iswc), ("cues", i, "iswc"))
        if cue.origin == "preexisting" and not cue.licence:
            c.error(("cues", i, "licence"),
                    f"cue {cue.number} is pre-existing music: type the reference of its "
                    "synchronisation licence (publisher and master owner)")
        _holders(c, cue, i, roles)
    _overlaps(c, sheet, spans)
    total = sum(span_frames(cue, c.rate) for cue in sheet.cues)
    if length is not None and total > length:
        c.warning(("programme_duration",),
                  f"the cues add up to {timecode.format(total, c.rate)}, more than the programme "
                  f"({sheet.programme_duration}); fine only if cues overlap")
    for i, item in enumerate(sheet.archives):
        _archive(c, item, i, start, end)
    return c.found


def _span(c: _Collector, item: Cue | Archive, path: Path_, start: int, end: int | None,
          what: str) -> tuple[int, int] | None:
    """TC in and out in frames when both exist and are in order; findings otherwise."""
    tc_in = c.frames(item.tc_in, (*path, "tc_in"), "TC in")
    tc_out = c.frames(item.tc_out, (*path, "tc_out"), "TC out")
    if tc_in is None or tc_out is None:
        return None
    if tc_out <= tc_in:
        c.error((*path, "tc_out"), f"TC out {item.tc_out} must be after TC in {item.tc_in}")
        return None
    if tc_in < start:
        c.error((*path, "tc_in"), f"{what} starts at {item.tc_in}, before the programme "
                f"({timecode.format(start, c.rate)}); check the timecode or the programme start")
    if end is not None and tc_out > end:
        c.error((*path, "tc_out"), f"{what} ends at {item.tc_out}, after the end of the "
                f"programme ({timecode.format(end, c.rate)}); check the timecode or the "
                "programme duration")
    return tc_in, tc_out


def _holders(c: _Collector, cue: Cue, i: int, roles: dict[str, tuple[str, str]]) -> None:
    where = ("cues", i, "rightsholders")
    if not cue.rightsholders:
        message = (f"cue {cue.number} has no rights holder; add its composer, authors and "
                   "publishers on the rights-holders sheet")
        if cue.origin == "public_domain":
            c.warning(where, message + " (none is needed for a public-domain work as is)")
        else:
            c.error(where, message)
        return
    for j, holder in enumerate(cue.rightsholders):
        if holder.role not in roles:
            c.error((*where, j, "role"), f"role code {holder.role!r} is unknown; choose one of "
                    + ", ".join(roles))
        if holder.ipi:
            c.identifier(identifiers.ipi_problem(holder.ipi), (*where, j, "ipi"))
    total = sum((h.share for h in cue.rightsholders), Decimal(0))
    if total != HUNDRED:
        c.error(where, f"the shares of cue {cue.number}'s rights holders sum to {total:f} %, "
                "not 100 %; correct them on the rights-holders sheet")


def _overlaps(c: _Collector, sheet: CueSheet, spans: list[tuple[int, int, int]]) -> None:
    latest: tuple[int, int] | None = None  # (tc out, index) of the cue reaching furthest
    for tc_in, tc_out, i in sorted(spans):
        if latest is not None and tc_in < latest[0]:
            other = sheet.cues[latest[1]]
            c.warning(("cues", i, "tc_in"),
                      f"cue {sheet.cues[i].number} starts before cue {other.number} ends "
                      f"({other.tc_out}); fine if both pieces of music really play at once")
        if latest is None or tc_out > latest[0]:
            latest = (tc_out, i)


def _archive(c: _Collector, item: Archive, i: int, start: int, end: int | None) -> None:
    _span(c, item, ("archives", i), start, end, "archive")
    if item.flat_fee is None and item.fee_per_second is None:
        c.warning(("archives", i, "fee_per_second"),
                  "no fee: type a fee per second or a flat fee (0 if free)")
    elif item.flat_fee is not None and item.fee_per_second is not None:
        c.warning(("archives", i, "flat_fee"),
                  "both a flat fee and a fee per second: the flat fee is used")
