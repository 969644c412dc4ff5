"""Identifiers on a cue sheet: ISAN, ISRC, ISWC, IPI, and the usage and role codes.

Each ``*_problem`` function returns None when the text is valid, otherwise one
short sentence saying what is wrong and the expected format, ready to go
after a cell address in a finding (``Cues!H4: ISRC "…" …``). Hyphens, dots
and spaces are ignored, letters may be lower case, and a leading label
("ISAN", "URN:ISAN:", "ISRC", "ISWC") is accepted.

ISAN and ISRC are checked by python-stdnum. It has no ISWC module, so the
ISWC check digit (CISAC: 1 + Σ position × digit, complemented modulo 10) is
computed here. IPI name numbers are checked for their form only: their
check digits are not public.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from importlib.resources import files

from stdnum import isan, isrc
from stdnum.exceptions import InvalidComponent, ValidationError
from stdnum.iso7064 import mod_37_36

__all__ = [
    "ipi_problem",
    "isan_problem",
    "isan_valid",
    "isrc_problem",
    "iswc_problem",
    "role_codes",
    "usage_codes",
]

ISAN_FORMAT = "XXXX-XXXX-XXXX-XXXX-C-XXXX-XXXX-C, hex digits 0-9 A-F"
ISRC_FORMAT = "CC-XXX-YY-NNNNN, e.g. FR-Z03-14-00123"
ISWC_FORMAT = "T-123.456.789-C"
IPI_FORMAT = "9 to 11 digits"

_HEX = set("0123456789ABCDEF")


def _clean(value: str, label: str) -> str:
    """Upper-case ``value`` without separators and without a leading ``label`` word."""
    text = value.strip().upper()
    text = re.sub(rf"^(?:URN:)?{label}[\s:]+", "", text)
    return re.sub(r"[\s\-.]", "", text)


def _not_text(value: object, name: str) -> str | None:
    if not isinstance(value, str):
        return f"{name} {value!r} is not text"
    if not value.strip():
        return f"{name} is empty"
    return None


# --- ISAN (ISO 15706) --------------------------------------------------------------------


def isan_problem(value: str) -> str | None:
    """What is wrong with ISAN ``value``, or None when it is valid.

    Accepts the root and episode (16 hex digits) with or without check
    character 1, and the full V-ISAN with its version and check character 2:
    ``0000-0001-8947-0000-8-0000-0000-D``. Check characters are ISO 7064
    MOD 37,36.
    """
    if problem := _not_text(value, "ISAN"):
        return problem
    compact = _clean(value, "ISAN")
    head = f'ISAN "{value.strip()}"'
    if len(compact) not in (16, 17, 24, 25, 26):
        return (
            f"{head} has {len(compact)} characters without hyphens; expected 16, 17, 24 "
            f"or 26 ({ISAN_FORMAT})"
        )
    root, episode, check1, version, check2 = isan.split(compact)
    bad = sorted(set(root + episode + version) - _HEX)
    if bad:
        return f"{head}: only hex digits 0-9 A-F are allowed, not {', '.join(bad)} ({ISAN_FORMAT})"
    for position, check, digits in (
        (1, check1, root + episode),
        (2, check2, root + episode + version),
    ):
        if check:
            expected = mod_37_36.calc_check_digit(digits)
            if check != expected:
                return (
                    f'{head}: check character {position} "{check}" does not match the '
                    f'{len(digits)} digits before it (expected "{expected}" if they are '
                    f"right; {ISAN_FORMAT})"
                )
    try:  # the final word on anything the checks above let through
        isan.validate(compact)
    except ValidationError:
        return f"{head} is not a valid ISAN ({ISAN_FORMAT})"
    return None


def isan_valid(value: str) -> bool:
    """True when ``value`` is a valid ISAN (check characters included)."""
    return isan_problem(value) is None


# --- ISRC (ISO 3901) ---------------------------------------------------------------------


def isrc_problem(value: str) -> str | None:
    """What is wrong with ISRC ``value`` (``CC-XXX-YY-NNNNN``), or None when it is valid.

    An ISRC has no check character: country code (ISO 3166 or an agency
    code), 3-character registrant, 2-digit year, 5-digit designation.
    """
    if problem := _not_text(value, "ISRC"):
        return problem
    compact = _clean(value, "ISRC")
    head = f'ISRC "{value.strip()}"'
    if len(compact) != 12:
        return f"{head} has {len(compact)} characters without hyphens; expected 12 ({ISRC_FORMAT})"
    country, registrant, year, designation = compact[:2], compact[2:5], compact[5:7], compact[7:]
    if not re.fullmatch(r"[A-Z]{2}", country):
        return f'{head}: country code "{country}" must be two letters ({ISRC_FORMAT})'
    if not re.fullmatch(r"[A-Z0-9]{3}", registrant):
        return f'{head}: registrant "{registrant}" must be 3 letters or digits ({ISRC_FORMAT})'
    if not re.fullmatch(r"\d{2}", year):
        return f'{head}: year "{year}" must be 2 digits ({ISRC_FORMAT})'
    if not re.fullmatch(r"\d{5}", designation):
        return f'{head}: designation "{designation}" must be 5 digits ({ISRC_FORMAT})'
    try:
        isrc.validate(compact)
    except InvalidComponent:
        return f'{head}: country code "{country}" is not allocated ({ISRC_FORMAT})'
    except ValidationError:
        return f"{head} is not a valid ISRC ({ISRC_FORMAT})"
    return None


# --- ISWC (ISO 15707) --------------------------------------------------------------------


def _iswc_check_digit(digits: str) -> str:
    total = 1 + sum(position * int(d) for position, d in enumerate(digits, start=1))
    return str((10 - total % 10) % 10)


def iswc_problem(value: str) -> str | None:
    """What is wrong with ISWC ``value`` (``T-123.456.789-C``), or None when it is valid."""
    if problem := _not_text(value, "ISWC"):
        return problem
    compact = _clean(value, "ISWC")
    head = f'ISWC "{value.strip()}"'
    if not compact.startswith("T"):
        return f'{head} must start with "T" ({ISWC_FORMAT})'
    body = compact[1:]
    if not body.isdigit() or not body.isascii():
        return f'{head}: after "T" only digits are allowed ({ISWC_FORMAT})'
    if len(body) != 10:
        return (
            f'{head} has {len(body)} digits after "T"; expected 9 and a check digit ({ISWC_FORMAT})'
        )
    expected = _iswc_check_digit(body[:9])
    if body[9] != expected:
        return (
            f'{head}: check digit "{body[9]}" does not match the 9 digits before it '
            f'(expected "{expected}" if they are right; {ISWC_FORMAT})'
        )
    return None


# --- IPI name number ---------------------------------------------------------------------


def ipi_problem(value: str | int) -> str | None:
    """What is wrong with IPI name number ``value``, or None when its form is right.

    Form only (9 to 11 digits; leading zeros are often dropped, so 9 or 10
    digits are accepted): the check digits of IPI numbers are not published,
    so a mistyped digit is not caught.
    """
    if isinstance(value, bool) or not isinstance(value, str | int):
        return f"IPI {value!r} is not text"
    text = str(value).strip()
    if not text:
        return "IPI is empty"
    compact = re.sub(r"[\s\-.]", "", text)
    head = f'IPI "{text}"'
    if not (compact.isdigit() and compact.isascii()):
        return f"{head}: an IPI name number has digits only ({IPI_FORMAT})"
    if not 9 <= len(compact) <= 11:
        return f"{head} has {len(compact)} digits; expected {IPI_FORMAT}"
    return None


# --- usage and role codes ----------------------------------------------------------------


@functools.cache
def _codes(name: str) -> tuple[tuple[str, str, str], ...]:
    text = files("xlprod").joinpath("reference", name).read_text(encoding="utf-8-sig")
    return tuple(
        (row["code"].strip(), row["label_fr"].strip(), row["label_en"].strip())
        for row in csv.DictReader(io.StringIO(text))
    )


def usage_codes() -> dict[str, tuple[str, str]]:
    """Cue usage codes (``BI``, ``OT``, …) → (French label, English label)."""
    return {code: (fr, en) for code, fr, en in _codes("cue_usage_codes.csv")}


def role_codes() -> dict[str, tuple[str, str]]:
    """Rightsholder role codes (``C``, ``CA``, ``E``, …) → (French label, English label)."""
    return {code: (fr, en) for code, fr, en in _codes("role_codes.csv")}
