"""Identifiers on a cue sheet: ISAN, ISRC, ISWC, IPI, and the usage and role codes.

Each ``*_problem`` function returns None when the text is valid, otherwise one
short sentence saying what is wrong and the expected format, ready to go
after a cell address in a finding (``Cues!H4: ISRC "…" …``), in English or, with
``lang="fr"``, in French (``Relevé!M21 : ISRC « … » …``). Hyphens, dots
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
#: the formats in French (messages follow the workbook's language)
_FORMATS_FR = {
    ISAN_FORMAT: "XXXX-XXXX-XXXX-XXXX-C-XXXX-XXXX-C, chiffres hexadécimaux 0-9 A-F",
    ISRC_FORMAT: "CC-XXX-AA-NNNNN, ex. FR-Z03-14-00123",
    ISWC_FORMAT: ISWC_FORMAT,
    IPI_FORMAT: "9 à 11 chiffres",
}

_HEX = set("0123456789ABCDEF")


def _clean(value: str, label: str) -> str:
    """Upper-case ``value`` without separators and without a leading ``label`` word."""
    text = value.strip().upper()
    text = re.sub(rf"^(?:URN:)?{label}[\s:]+", "", text)
    return re.sub(r"[\s\-.]", "", text)


class _Words:
    """The sentences of one language: ``say(fr, en)``, and an identifier's format."""

    def __init__(self, lang: str) -> None:
        self.en = lang == "en"

    def say(self, fr: str, en: str) -> str:
        return en if self.en else fr

    def format(self, fmt: str) -> str:
        return fmt if self.en else _FORMATS_FR[fmt]


def _not_text(value: object, name: str, w: _Words) -> str | None:
    if not isinstance(value, str):
        return w.say(f"{name} {value!r} n'est pas du texte", f"{name} {value!r} is not text")
    if not value.strip():
        return w.say(f"{name} est vide", f"{name} is empty")
    return None


# --- ISAN (ISO 15706) --------------------------------------------------------------------


def isan_problem(value: str, lang: str = "en") -> str | None:
    """What is wrong with ISAN ``value``, or None when it is valid.

    Accepts the root and episode (16 hex digits) with or without check
    character 1, and the full V-ISAN with its version and check character 2:
    ``0000-0001-8947-0000-8-0000-0000-D``. Check characters are ISO 7064
    MOD 37,36. ``lang`` ``fr``: the sentence in French.
    """
    w = _Words(lang)
    if problem := _not_text(value, "ISAN", w):
        return problem
    compact = _clean(value, "ISAN")
    head = f'ISAN "{value.strip()}"'
    head_fr = f"ISAN « {value.strip()} »"
    fmt = w.format(ISAN_FORMAT)
    if len(compact) not in (16, 17, 24, 25, 26):
        return w.say(
            f"{head_fr} a {len(compact)} caractères sans les tirets ; il en faut 16, 17, 24 "
            f"ou 26 ({fmt})",
            f"{head} has {len(compact)} characters without hyphens; expected 16, 17, 24 "
            f"or 26 ({fmt})")
    root, episode, check1, version, check2 = isan.split(compact)
    bad = sorted(set(root + episode + version) - _HEX)
    if bad:
        return w.say(
            f"{head_fr} : seuls les chiffres hexadécimaux 0-9 A-F sont permis, pas "
            f"{', '.join(bad)} ({fmt})",
            f"{head}: only hex digits 0-9 A-F are allowed, not {', '.join(bad)} ({fmt})")
    for position, check, digits in (
        (1, check1, root + episode),
        (2, check2, root + episode + version),
    ):
        if check:
            expected = mod_37_36.calc_check_digit(digits)
            if check != expected:
                return w.say(
                    f"{head_fr} : le caractère de contrôle {position} « {check} » ne correspond "
                    f"pas aux {len(digits)} caractères qui le précèdent (« {expected} » s'ils "
                    f"sont justes ; {fmt})",
                    f'{head}: check character {position} "{check}" does not match the '
                    f'{len(digits)} digits before it (expected "{expected}" if they are '
                    f"right; {fmt})")
    try:  # the final word on anything the checks above let through
        isan.validate(compact)
    except ValidationError:
        return w.say(f"{head_fr} n'est pas un ISAN valide ({fmt})",
                     f"{head} is not a valid ISAN ({fmt})")
    return None


def isan_valid(value: str) -> bool:
    """True when ``value`` is a valid ISAN (check characters included)."""
    return isan_problem(value) is None


# --- ISRC (ISO 3901) ---------------------------------------------------------------------


def isrc_problem(value: str, lang: str = "en") -> str | None:
    """What is wrong with ISRC ``value`` (``CC-XXX-YY-NNNNN``), or None when it is valid.

    An ISRC has no check character: country code (ISO 3166 or an agency
    code), 3-character registrant, 2-digit year, 5-digit designation.
    """
    w = _Words(lang)
    if problem := _not_text(value, "ISRC", w):
        return problem
    compact = _clean(value, "ISRC")
    head = f'ISRC "{value.strip()}"'
    head_fr = f"ISRC « {value.strip()} »"
    fmt = w.format(ISRC_FORMAT)
    if len(compact) != 12:
        return w.say(f"{head_fr} a {len(compact)} caractères sans les tirets ; il en faut 12 "
                     f"({fmt})",
                     f"{head} has {len(compact)} characters without hyphens; expected 12 ({fmt})")
    country, registrant, year, designation = compact[:2], compact[2:5], compact[5:7], compact[7:]
    if not re.fullmatch(r"[A-Z]{2}", country):
        return w.say(f"{head_fr} : le code pays « {country} » doit être de deux lettres ({fmt})",
                     f'{head}: country code "{country}" must be two letters ({fmt})')
    if not re.fullmatch(r"[A-Z0-9]{3}", registrant):
        return w.say(f"{head_fr} : le code déclarant « {registrant} » doit avoir 3 lettres ou "
                     f"chiffres ({fmt})",
                     f'{head}: registrant "{registrant}" must be 3 letters or digits ({fmt})')
    if not re.fullmatch(r"\d{2}", year):
        return w.say(f"{head_fr} : l'année « {year} » doit avoir 2 chiffres ({fmt})",
                     f'{head}: year "{year}" must be 2 digits ({fmt})')
    if not re.fullmatch(r"\d{5}", designation):
        return w.say(f"{head_fr} : le numéro d'enregistrement « {designation} » doit avoir "
                     f"5 chiffres ({fmt})",
                     f'{head}: designation "{designation}" must be 5 digits ({fmt})')
    try:
        isrc.validate(compact)
    except InvalidComponent:
        return w.say(f"{head_fr} : le code pays « {country} » n'est pas attribué ({fmt})",
                     f'{head}: country code "{country}" is not allocated ({fmt})')
    except ValidationError:
        return w.say(f"{head_fr} n'est pas un ISRC valide ({fmt})",
                     f"{head} is not a valid ISRC ({fmt})")
    return None


# --- ISWC (ISO 15707) --------------------------------------------------------------------


def _iswc_check_digit(digits: str) -> str:
    total = 1 + sum(position * int(d) for position, d in enumerate(digits, start=1))
    return str((10 - total % 10) % 10)


def iswc_problem(value: str, lang: str = "en") -> str | None:
    """What is wrong with ISWC ``value`` (``T-123.456.789-C``), or None when it is valid."""
    w = _Words(lang)
    if problem := _not_text(value, "ISWC", w):
        return problem
    compact = _clean(value, "ISWC")
    head = f'ISWC "{value.strip()}"'
    head_fr = f"ISWC « {value.strip()} »"
    fmt = ISWC_FORMAT
    if not compact.startswith("T"):
        return w.say(f"{head_fr} doit commencer par « T » ({fmt})",
                     f'{head} must start with "T" ({fmt})')
    body = compact[1:]
    if not body.isdigit() or not body.isascii():
        return w.say(f"{head_fr} : après « T », seuls des chiffres sont permis ({fmt})",
                     f'{head}: after "T" only digits are allowed ({fmt})')
    if len(body) != 10:
        return w.say(
            f"{head_fr} a {len(body)} chiffres après « T » ; il en faut 9 et un chiffre de "
            f"contrôle ({fmt})",
            f'{head} has {len(body)} digits after "T"; expected 9 and a check digit ({fmt})')
    expected = _iswc_check_digit(body[:9])
    if body[9] != expected:
        return w.say(
            f"{head_fr} : le chiffre de contrôle « {body[9]} » ne correspond pas aux 9 chiffres "
            f"qui le précèdent (« {expected} » s'ils sont justes ; {fmt})",
            f'{head}: check digit "{body[9]}" does not match the 9 digits before it '
            f'(expected "{expected}" if they are right; {fmt})')
    return None


# --- IPI name number ---------------------------------------------------------------------


def ipi_problem(value: str | int, lang: str = "en") -> str | None:
    """What is wrong with IPI name number ``value``, or None when its form is right.

    Form only (9 to 11 digits; leading zeros are often dropped, so 9 or 10
    digits are accepted): the check digits of IPI numbers are not published,
    so a mistyped digit is not caught.
    """
    w = _Words(lang)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return w.say(f"IPI {value!r} n'est pas du texte", f"IPI {value!r} is not text")
    text = str(value).strip()
    if not text:
        return w.say("IPI est vide", "IPI is empty")
    compact = re.sub(r"[\s\-.]", "", text)
    head = f'IPI "{text}"'
    head_fr = f"IPI « {text} »"
    fmt = w.format(IPI_FORMAT)
    if not (compact.isdigit() and compact.isascii()):
        return w.say(f"{head_fr} : un numéro IPI n'a que des chiffres ({fmt})",
                     f"{head}: an IPI name number has digits only ({fmt})")
    if not 9 <= len(compact) <= 11:
        return w.say(f"{head_fr} a {len(compact)} chiffres ; il en faut {fmt}",
                     f"{head} has {len(compact)} digits; expected {fmt}")
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
