"""SMPTE timecodes ``HH:MM:SS:FF`` ↔ frame counts, and their spreadsheet twins.

Rates: 23.976 (counted as 24 frames a second, non-drop), 24, 25, 30, and
29.97 drop-frame, written ``HH:MM:SS;FF``: frame numbers 00 and 01 are skipped
at the start of every minute except every tenth minute, so the timecode keeps
pace with the clock. Non-drop rates use ``:`` before the frames.

Frame counts are exact integers; only :func:`seconds_rounded_up` and
:func:`mmss` convert to real (wall-clock) seconds, which is what music
societies want on a cue sheet.

Each conversion has a formula twin (:func:`excel_frames_formula`,
:func:`excel_tc_formula`) that gives the same answer in Excel 2016+ and
LibreOffice 7.4, so a workbook recalculates what Python computed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

from xlprod.errors import InvalidInput

__all__ = [
    "RATES",
    "Rate",
    "duration",
    "excel_frames_formula",
    "excel_mmss_formula",
    "excel_seconds_formula",
    "excel_tc_formula",
    "format",
    "mmss",
    "parse",
    "rate",
    "seconds_rounded_up",
]


@dataclass(frozen=True)
class Rate:
    """A frame rate: ``nominal`` frames counted per timecode second, drop-frame or not."""

    nominal: int
    drop: bool
    label: str

    @property
    def frame_seconds(self) -> Fraction:
        """Real duration of one frame, in seconds (1001/24000 at 23.976, 1001/30000 at 29.97)."""
        if self.label in ("23.976", "29.97"):
            return Fraction(1001, self.nominal * 1000)
        return Fraction(1, self.nominal)

    @property
    def separator(self) -> str:
        """The character written before the frames."""
        return ";" if self.drop else ":"

    @property
    def frames_per_day(self) -> int:
        """Frame count of 24 hours: the first count :func:`format` refuses."""
        dropped = 2 * (24 * 60 - 24 * 6) if self.drop else 0
        return 24 * 3600 * self.nominal - dropped

    def __str__(self) -> str:
        return f"{self.label} fps drop-frame" if self.drop else f"{self.label} fps"


RATES: dict[str, Rate] = {
    "23.976": Rate(24, False, "23.976"),
    "24": Rate(24, False, "24"),
    "25": Rate(25, False, "25"),
    "29.97": Rate(30, True, "29.97"),
    "30": Rate(30, False, "30"),
}

_RATE_LIST = ", ".join(RATES)
# Drop-frame arithmetic at 30 nominal frames a second.
_DF_MINUTE = 60 * 30 - 2  # 1798 frames in a minute that drops two numbers
_DF_TEN_MINUTES = 10 * 60 * 30 - 9 * 2  # 17982 frames in every ten minutes

_TC_RE = re.compile(r"([0-9]{2}):([0-9]{2}):([0-9]{2})([:;.])([0-9]{2})")
_SIMPLE_REF_RE = re.compile(r"\$?[A-Z]{1,3}\$?\d+|\d+")


def rate(fps: object) -> Rate:
    """The :class:`Rate` for ``fps`` given as a number or text.

    Accepts 23.976 (or 23.98), 24, 25, 29.97 (drop-frame; "29.97df" too), 30,
    as int, float or str; a decimal comma is accepted in text ("29,97").
    """
    if isinstance(fps, Rate):
        return fps
    text = fps.strip() if isinstance(fps, str) else fps
    value: float | None = None
    if isinstance(text, str):
        t = text.lower().replace(",", ".").replace(" ", "")
        t = t.removesuffix("fps")
        t = t.removesuffix("df") if t.startswith("29.97") else t
        try:
            value = float(t)
        except ValueError:
            value = None
    elif isinstance(text, int | float) and not isinstance(text, bool):
        value = float(text)
    if value is not None and math.isfinite(value):
        for label, r in RATES.items():
            if abs(value - float(label)) < 0.005:
                return r
    shown = text if text != "" else '""'
    raise InvalidInput(f"fps {shown} is not one of {_RATE_LIST}")


def _split(tc: object, r: Rate, lang: str = "en") -> tuple[int, int, int, int]:
    """Check ``tc`` against rate ``r`` and return (hours, minutes, seconds, frames); what is
    wrong is said in English, or in French with ``lang="fr"``."""
    def refuse(fr: str, en: str) -> InvalidInput:
        return InvalidInput(en if lang == "en" else fr)

    sep_ = r.separator
    if not isinstance(tc, str):
        raise refuse(f"le timecode {tc!r} n'est pas du texte ; écrivez-le HH:MM:SS{sep_}FF",
                     f"timecode {tc!r} is not text; write it HH:MM:SS{sep_}FF")
    text = tc.strip(" ")
    m = _TC_RE.fullmatch(text)
    if m is None:
        raise refuse(f"le timecode « {tc} » n'est pas de la forme HH:MM:SS{sep_}FF (deux "
                     f"chiffres chacun, ex. 01:02:03{sep_}04)",
                     f'timecode "{tc}" is not HH:MM:SS{sep_}FF (two digits each, e.g. '
                     f"01:02:03{sep_}04)")
    h, mi, s, sep, f = int(m[1]), int(m[2]), int(m[3]), m[4], int(m[5])
    at = str(r) if lang == "en" else str(r).replace(".", ",").replace(" fps", " im/s")
    where_fr, where_en = f"le timecode « {tc} » à {at}", f'timecode "{tc}" at {at}'
    if r.drop and sep == ":":
        raise refuse(f"{where_fr} : écrivez « ; » avant les images (HH:MM:SS;FF)",
                     f'{where_en}: write ";" before the frames (HH:MM:SS;FF)')
    if not r.drop and sep != ":":
        raise refuse(f"{where_fr} : écrivez « : » avant les images (HH:MM:SS:FF) ; « {sep} » "
                     "marque le 29,97 drop-frame",
                     f'{where_en}: write ":" before the frames (HH:MM:SS:FF); '
                     f'"{sep}" marks 29.97 drop-frame')
    for value, top, fr, en in ((h, 23, "heures", "hours"), (mi, 59, "minutes", "minutes"),
                               (s, 59, "secondes", "seconds")):
        if value > top:
            raise refuse(f"le timecode « {tc} » : {fr} {value:02d} doit être entre 00 et {top}",
                         f'timecode "{tc}": {en} {value:02d} must be 00–{top}')
    if f >= r.nominal:
        raise refuse(f"{where_fr} : l'image {f:02d} doit être entre 00 et {r.nominal - 1:02d}",
                     f"{where_en}: frame {f:02d} must be 00–{r.nominal - 1:02d}")
    if r.drop and s == 0 and f < 2 and mi % 10 != 0:
        raise refuse(
            f"{where_fr} : l'image {f:02d} n'existe pas au début de la minute {mi:02d} (les "
            "images 00 et 01 sont sautées sauf toutes les dix minutes) ; la première image de "
            f"cette minute est {h:02d}:{mi:02d}:00;02",
            f"{where_en}: frame {f:02d} does not exist at the start of minute "
            f"{mi:02d} (frames 00 and 01 are dropped except every tenth minute); the first "
            f"frame of that minute is {h:02d}:{mi:02d}:00;02")
    return h, mi, s, f


def parse(tc: str, fps: object, lang: str = "en") -> int:
    """Frames from 00:00:00:00 to ``tc`` at ``fps``.

    ``HH:MM:SS:FF`` for non-drop rates; ``HH:MM:SS;FF`` (or ``HH:MM:SS.FF``)
    at 29.97 drop-frame. Surrounding spaces are ignored. ``lang="fr"``: a wrong timecode
    is said in French.
    """
    r = rate(fps)
    h, m, s, f = _split(tc, r, lang)
    frames = (3600 * h + 60 * m + s) * r.nominal + f
    if r.drop:
        minutes = 60 * h + m
        frames -= 2 * (minutes - minutes // 10)
    return frames


def format(frames: int, fps: object) -> str:
    """The timecode of frame count ``frames`` at ``fps`` (inverse of :func:`parse`)."""
    r = rate(fps)
    if isinstance(frames, bool) or not isinstance(frames, int):
        raise InvalidInput(f"frame count {frames!r} is not a whole number")
    if frames < 0:
        raise InvalidInput(f"frame count {frames} is negative; a timecode starts at 00:00:00:00")
    n = frames
    if r.drop:
        tens, rest = divmod(n, _DF_TEN_MINUTES)
        n += 18 * tens + 2 * (max(0, rest - 2) // _DF_MINUTE)
    seconds, f = divmod(n, r.nominal)
    minutes, s = divmod(seconds, 60)
    h, m = divmod(minutes, 60)
    if h > 23:
        raise InvalidInput(
            f"frame count {frames} at {r} is 24 hours or more; timecodes stop at 23:59:59"
        )
    return f"{h:02d}:{m:02d}:{s:02d}{r.separator}{f:02d}"


def duration(tc_in: str, tc_out: str, fps: object) -> int:
    """Frames from ``tc_in`` to ``tc_out`` (exclusive of the out point, as editors count)."""
    r = rate(fps)
    start, end = parse(tc_in, r), parse(tc_out, r)
    if end <= start:
        raise InvalidInput(f'tc_out "{tc_out}" must be after tc_in "{tc_in}"')
    return end - start


def seconds_rounded_up(frames: int, fps: object) -> int:
    """Real seconds of ``frames`` at ``fps``, rounded up to the whole second.

    29.97 counts frames × 1001/30000 s and 23.976 frames × 1001/24000 s; music
    societies expect any started second to count.
    """
    r = rate(fps)
    if isinstance(frames, bool) or not isinstance(frames, int) or frames < 0:
        raise InvalidInput(f"frame count {frames!r} must be a whole number ≥ 0")
    return math.ceil(frames * r.frame_seconds)


def mmss(frames: int, fps: object) -> str:
    """``mm:ss`` of :func:`seconds_rounded_up` (minutes may exceed 59: ``95:00``)."""
    minutes, seconds = divmod(seconds_rounded_up(frames, fps), 60)
    return f"{minutes:02d}:{seconds:02d}"


def excel_frames_formula(cell: str, fps: object) -> str:
    """Formula text (no leading ``=``) giving the frame count of the timecode text in ``cell``.

    ``cell`` is any reference (``D5``, ``$D$5``, a structured reference). Uses
    only TRIM, LEFT, MID, RIGHT, VALUE and INT, which Excel 2016+ and
    LibreOffice 7.4 evaluate alike. The formula does not validate: check the
    timecode with :func:`parse` (the workbook validator does).
    """
    r = rate(fps)
    c = f"TRIM({cell})"
    h, m = f"VALUE(LEFT({c},2))", f"VALUE(MID({c},4,2))"
    s, f = f"VALUE(MID({c},7,2))", f"VALUE(RIGHT({c},2))"
    frames = f"({h}*3600+{m}*60+{s})*{r.nominal}+{f}"
    if not r.drop:
        return f"({frames})"  # parenthesised: callers subtract one timecode from another
    minutes = f"({h}*60+{m})"
    return f"({frames}-2*({minutes}-INT({minutes}/10)))"


def excel_tc_formula(frames_expr: str, fps: object) -> str:
    """Formula text (no leading ``=``) writing the frame count ``frames_expr`` as timecode text.

    Drop-frame adds back the skipped frame numbers first:
    n + 18·INT(n/17982) + 2·INT(MAX(0, MOD(n,17982) − 2)/1798).
    """
    r = rate(fps)
    n = frames_expr if _SIMPLE_REF_RE.fullmatch(frames_expr) else f"({frames_expr})"
    if r.drop:
        n = (
            f"({n}+18*INT({n}/{_DF_TEN_MINUTES})"
            f"+2*INT(MAX(0,MOD({n},{_DF_TEN_MINUTES})-2)/{_DF_MINUTE}))"
        )
    fps_n = r.nominal
    parts = [
        f'TEXT(INT({n}/{3600 * fps_n}),"00")',
        f'TEXT(MOD(INT({n}/{60 * fps_n}),60),"00")',
        f'TEXT(MOD(INT({n}/{fps_n}),60),"00")',
        f'TEXT(MOD({n},{fps_n}),"00")',
    ]
    return f'{parts[0]}&":"&{parts[1]}&":"&{parts[2]}&"{r.separator}"&{parts[3]}'


def excel_seconds_formula(frames_expr: str, fps: object) -> str:
    """Formula text (no leading ``=``): the twin of :func:`seconds_rounded_up`.

    Whole-number arithmetic, INT((n·num + den − 1)/den), so no float rounding
    can move a result that lands exactly on a second.
    """
    step = rate(fps).frame_seconds
    n = frames_expr if _SIMPLE_REF_RE.fullmatch(frames_expr) else f"({frames_expr})"
    scaled = n if step.numerator == 1 else f"{n}*{step.numerator}"
    return f"INT(({scaled}+{step.denominator - 1})/{step.denominator})"


def excel_mmss_formula(frames_expr: str, fps: object) -> str:
    """Formula text (no leading ``=``): the twin of :func:`mmss`."""
    s = excel_seconds_formula(frames_expr, fps)
    return f'TEXT(INT({s}/60),"00")&":"&TEXT(MOD({s},60),"00")'
