"""The text layer of an FEC file: encoding, separator, header names, amounts, dates, messages.

Encoding heuristic
------------------
A file is first read as strict UTF-8 (a leading BOM is dropped). If that fails
anywhere, it is an 8-bit file and one of ISO-8859-15 (the legal character set,
LPF art. A47 A-1), Windows-1252 or CP850 (DOS exports). The three agree on
ASCII and differ on the bytes 0x80-0xFF, so we count each such byte in the
whole file and score every candidate by what those bytes would mean in it:

* a French letter (é, è, à, ç, œ, É…) scores 2, a usual symbol (€, °, ’, «, »…) 1;
* another printable character (ø, Ú, ╔…) scores 0;
* a control character (what 0x80-0x9F are in ISO-8859-15) scores -2;
* a byte the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D in
  Windows-1252) rules the candidate out.

The best score wins; a tie goes to ISO-8859-15, then Windows-1252, then CP850.
So ``é`` written 0xE9 gives ISO-8859-15 (CP850 would read ``Ú``), ``’`` 0x92
or ``€`` 0x80 gives Windows-1252, and ``é`` 0x82 or ``°`` 0xF8 gives CP850.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from xlprod.money import CENT

#: The 18 legal columns (LPF art. A47 A-1), in their legal order and spelling.
LEGAL_COLUMNS: tuple[str, ...] = (
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit",
    "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise",
)
#: Columns without which no actual can be computed (Debit/Credit may be Montant + Sens).
REQUIRED: tuple[str, ...] = ("JournalCode", "EcritureNum", "EcritureDate", "CompteNum")
SEPARATORS: tuple[str, ...] = ("|", "\t", ";")
SEPARATOR_NAMES = {"|": "|", "\t": "TAB", ";": ";"}
EIGHT_BIT: tuple[str, ...] = ("iso-8859-15", "cp1252", "cp850")


def normalise(name: str) -> str:
    """A header name compared as the DGFiP checker does: case and accents ignored,
    anything not a letter or digit dropped (``Écriture Num`` → ``ecriturenum``)."""
    plain = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    return "".join(c for c in plain.lower() if c.isascii() and c.isalnum())


_CANONICAL = {normalise(c): c for c in LEGAL_COLUMNS}
#: Spellings seen in real exports (and what they stand for).
_ALIASES = {"ecrturelet": "EcritureLet", "codedevise": "Idevise", "montant": "Montant",
            "sens": "Sens"}


def canonical(name: str) -> str | None:
    """The legal name a header cell stands for, or None for a column we do not use."""
    key = normalise(name)
    return _CANONICAL.get(key) or _ALIASES.get(key)


def split_header(line: str) -> tuple[str, list[str]] | None:
    """The separator and the header cells of ``line``: the separator that makes the most
    cells we recognise (None when no separator gives at least four legal names)."""
    best: tuple[int, str, list[str]] | None = None
    for sep in SEPARATORS:
        cells = line.split(sep)
        known = sum(1 for c in cells if canonical(c))
        if known >= 4 and (best is None or known > best[0]):
            best = (known, sep, cells)
    return None if best is None else (best[1], best[2])


# -- amounts and dates -------------------------------------------------------------------

_AMOUNT = re.compile(r"([+-]?) *(\d*)(?:[.,](\d*))?")


@functools.lru_cache(maxsize=65536)
def parse_amount(text: str) -> Decimal | None:
    """An FEC amount as Decimal, or None when it is not one.

    Accepts a decimal comma or point, zero padding (``0000000069,60``), a sign
    (``-12,50``) or a space for plus (`` 000000000001437,12``), padding spaces
    around it; empty means 0. At most two decimals that are not zeros.
    """
    stripped = text.strip()
    if not stripped:
        return Decimal(0)
    match = _AMOUNT.fullmatch(stripped)
    if match is None or not (match.group(2) or match.group(3)):
        return None
    sign, whole, frac = match.groups()
    try:
        value = Decimal(f"{sign}{whole or '0'}.{frac or '0'}")
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    rounded = value.quantize(CENT)
    return rounded if rounded == value else None


@functools.lru_cache(maxsize=8192)
def parse_date(text: str) -> date | None:
    """``AAAAMMJJ``, ``JJ/MM/AAAA`` or ``AAAA-MM-JJ`` as a date; None when not a real date."""
    s = text.strip()
    try:
        if len(s) == 8 and s.isdigit():
            return date(int(s[:4]), int(s[4:6]), int(s[6:]))
        if len(s) == 10 and s[2] == "/" and s[5] == "/":
            return date(int(s[6:]), int(s[3:5]), int(s[:2]))
        if len(s) == 10 and s[4] == "-" and s[7] == "-":
            return date(int(s[:4]), int(s[5:7]), int(s[8:]))
    except ValueError:
        return None
    return None


# -- 8-bit encodings -----------------------------------------------------------------------

_FRENCH_LETTERS = set("àâäçéèêëîïôöùûüÿæœÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ")
_SYMBOLS = set("€°’‘“”«»…–—²³µ§£¤·×÷ªº¹½¼¾\u00a0")


def high_bytes(chunks: Iterable[bytes]) -> Counter[int]:
    """How often each byte 0x80-0xFF occurs in ``chunks``."""
    ascii_bytes = bytes(range(128))
    counts: Counter[int] = Counter()
    for chunk in chunks:
        counts.update(chunk.translate(None, ascii_bytes))
    return counts


def guess_8bit(counts: Mapping[int, int]) -> str:
    """The most plausible of ISO-8859-15, Windows-1252 and CP850 (see the module docstring)."""
    best: tuple[int, str] | None = None
    for encoding in EIGHT_BIT:
        score = 0
        for byte, count in counts.items():
            try:
                char = bytes((byte,)).decode(encoding)
            except UnicodeDecodeError:
                break
            if char in _FRENCH_LETTERS:
                score += 2 * count
            elif char in _SYMBOLS:
                score += count
            elif unicodedata.category(char).startswith("C"):
                score -= 2 * count
        else:
            if best is None or score > best[0]:
                best = (score, encoding)
    return best[1] if best else "iso-8859-15"


# -- messages ----------------------------------------------------------------------------

MESSAGES: dict[str, dict[str, str]] = {
    "fr": {
        "where": "{file}, ligne {line}",
        "where_col": "{file}, ligne {line}, colonne {column}",
        "fields": "{where} : {got} champs au lieu de {expected} (séparateur « {sep} ») ; "
                  "corrigez la ligne ou vérifiez qu'un libellé ne contient pas le séparateur",
        "amount": "{where} : « {value} » n'est pas un montant (attendu par ex. 1234,56)",
        "date": "{where} : « {value} » n'est pas une date (attendu AAAAMMJJ ou JJ/MM/AAAA)",
        "date_missing": "{where} : date absente (attendu AAAAMMJJ ou JJ/MM/AAAA)",
        "sens": "{where} : « {value} » n'est pas un sens (attendu D ou C, +1 ou -1)",
        "missing_file": "{file} : fichier introuvable ou illisible ({reason})",
        "empty": "{file} : fichier vide, ce n'est pas un FEC",
        "not_fec": "{file}, ligne 1 : en-tête FEC non reconnu (attendu JournalCode, JournalLib, "
                   "EcritureNum… séparés par |, tabulation ou ;)",
        "missing_cols": "{file}, ligne 1 : colonne(s) obligatoire(s) absente(s) : {columns}",
        "no_amounts": "{file}, ligne 1 : ni colonnes Debit et Credit, ni Montant et Sens",
        "more": "… et {count} autre(s) ligne(s) en erreur ; {total} au total. Corrigez le fichier "
                "ou importez en ignorant les lignes en erreur",
        "note_alias": "en-tête « {got} » lu comme {legal}",
        "note_absent": "colonne légale absente : {column}",
        "note_trailing": "un séparateur de plus en fin de ligne (toléré)",
        "note_sens": "montants lus dans Montant et Sens au lieu de Debit et Credit",
    },
    "en": {
        "where": "{file}, line {line}",
        "where_col": "{file}, line {line}, column {column}",
        "fields": "{where}: {got} fields instead of {expected} (separator '{sep}'); fix the line "
                  "or check that no label contains the separator",
        "amount": "{where}: '{value}' is not an amount (expected e.g. 1234,56)",
        "date": "{where}: '{value}' is not a date (expected YYYYMMDD or DD/MM/YYYY)",
        "date_missing": "{where}: date missing (expected YYYYMMDD or DD/MM/YYYY)",
        "sens": "{where}: '{value}' is not a side (expected D or C, +1 or -1)",
        "missing_file": "{file}: file missing or unreadable ({reason})",
        "empty": "{file}: empty file, not an FEC",
        "not_fec": "{file}, line 1: FEC header not recognised (expected JournalCode, JournalLib, "
                   "EcritureNum… separated by |, tab or ;)",
        "missing_cols": "{file}, line 1: required column(s) missing: {columns}",
        "no_amounts": "{file}, line 1: neither Debit and Credit nor Montant and Sens columns",
        "more": "… and {count} more bad line(s); {total} in all. Fix the file or import "
                "skipping the bad lines",
        "note_alias": "header '{got}' read as {legal}",
        "note_absent": "legal column missing: {column}",
        "note_trailing": "one extra separator at the end of lines (tolerated)",
        "note_sens": "amounts read from Montant and Sens instead of Debit and Credit",
    },
}


def messages(lang: str) -> dict[str, str]:
    """The message templates of ``lang`` (``fr`` or ``en``; anything else is French)."""
    return MESSAGES.get(lang, MESSAGES["fr"])
