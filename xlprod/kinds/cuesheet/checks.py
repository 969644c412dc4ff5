"""Cue sheet findings: what a collecting society would reject, said where to fix it.

Errors (``validate`` exits 1, ``new --from`` still writes and marks the cell):
ISAN check characters, ISRC form, ISWC check digit, IPI form, unknown usage
or role code, a timecode that does not exist at the frame rate, TC out not
after TC in, a cue or archive outside the programme, duplicate cue numbers,
pre-existing music without a licence reference, a cue without rights holders
(a warning for public-domain music), shares not summing to 100.
Warnings: overlapping cues (music can overlap), more music than programme,
an archive without a fee or with two.

Every message is in the workbook's language: French by default, English with ``lang="en"``.
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
    def __init__(self, rate: timecode.Rate, lang: str) -> None:
        self.rate = rate
        self.lang = "en" if lang == "en" else "fr"
        self.found: list[Finding] = []

    def say(self, fr: str, en: str) -> str:
        return en if self.lang == "en" else fr

    def error(self, path: Path_, fr: str, en: str) -> None:
        self.found.append(Finding("error", path, self.say(fr, en)))

    def warning(self, path: Path_, fr: str, en: str) -> None:
        self.found.append(Finding("warning", path, self.say(fr, en)))

    def frames(self, tc: str | None, path: Path_, what: tuple[str, str]) -> int | None:
        """Frames of ``tc`` at the sheet's rate, or None (and an error) when it does not exist."""
        if tc is None:
            return None
        try:
            return timecode.parse(tc, self.rate, self.lang)
        except InvalidInput as exc:
            self.error(path, f"{what[0]} : {exc}", f"{what[1]}: {exc}")
            return None

    def listed(self, codes: dict[str, tuple[str, str]]) -> str:
        return ", ".join(codes)

    def identifier(self, problem: str | None, path: Path_) -> None:
        if problem:
            self.found.append(Finding("error", path, problem))


def check(sheet: CueSheet, lang: str = "fr") -> list[Finding]:
    """Findings in ``lang`` (French by default), each at its model path."""
    c = _Collector(sheet.rate, lang)
    if sheet.isan:
        c.identifier(identifiers.isan_problem(sheet.isan, c.lang), ("isan",))
    length = c.frames(sheet.programme_duration, ("programme_duration",),
                      ("durée du programme", "programme duration"))
    start = c.frames(sheet.programme_start, ("programme_start",),
                     ("TC de début du programme", "programme start")) or 0
    end = None if length is None else start + length
    usages, roles = identifiers.usage_codes(), identifiers.role_codes()
    first_row: dict[int, int] = {}
    spans: list[tuple[int, int, int]] = []  # (tc in, tc out, index) of well-formed cues
    for i, cue in enumerate(sheet.cues):
        if cue.number in first_row:
            other = sheet.cues[first_row[cue.number]].title
            c.error(("cues", i, "number"),
                    f"le numéro {cue.number} est déjà celui de la cue « {other} » ; donnez à "
                    "chaque cue son propre numéro",
                    f"cue number {cue.number} is already used by cue « {other} »; give each "
                    "cue its own number")
        first_row.setdefault(cue.number, i)
        span = _span(c, cue, ("cues", i), start, end, ("la cue", "cue"))
        if span:
            spans.append((*span, i))
        known = c.listed(usages)
        if not cue.usage:
            c.error(("cues", i, "usage"), f"le code d'usage est vide ; choisissez : {known}",
                    f"usage code is empty; choose one of {known}")
        elif cue.usage not in usages:
            c.error(("cues", i, "usage"),
                    f"le code d'usage « {cue.usage} » est inconnu ; choisissez : {known}",
                    f"usage code {cue.usage!r} is unknown; choose one of {known}")
        if cue.isrc:
            c.identifier(identifiers.isrc_problem(cue.isrc, c.lang), ("cues", i, "isrc"))
        if cue.iswc:
            c.identifier(identifiers.iswc_problem(cue.iswc, c.lang), ("cues", i, "iswc"))
        if cue.origin == "preexisting" and not cue.licence:
            c.error(("cues", i, "licence"),
                    f"la cue {cue.number} est une musique préexistante : tapez la référence de "
                    "sa licence de synchronisation (éditeur et producteur phonographique)",
                    f"cue {cue.number} is pre-existing music: type the reference of its "
                    "synchronisation licence (publisher and master owner)")
        _holders(c, cue, i, roles)
    _overlaps(c, sheet, spans)
    total = sum(span_frames(cue, c.rate) for cue in sheet.cues)
    if length is not None and total > length:
        added = timecode.format(total, c.rate)
        c.warning(("programme_duration",),
                  f"les cues font {added} en tout, plus que le programme "
                  f"({sheet.programme_duration}) ; possible seulement si des cues se chevauchent",
                  f"the cues add up to {added}, more than the programme "
                  f"({sheet.programme_duration}); fine only if cues overlap")
    for i, item in enumerate(sheet.archives):
        _archive(c, item, i, start, end)
    return c.found


def _span(c: _Collector, item: Cue | Archive, path: Path_, start: int, end: int | None,
          what: tuple[str, str]) -> tuple[int, int] | None:
    """TC in and out in frames when both exist and are in order; findings otherwise.
    ``what``: (French, English) words for the item (``la cue``, ``cue``)."""
    tc_in = c.frames(item.tc_in, (*path, "tc_in"), ("TC entrée", "TC in"))
    tc_out = c.frames(item.tc_out, (*path, "tc_out"), ("TC sortie", "TC out"))
    if tc_in is None or tc_out is None:
        return None
    if tc_out <= tc_in:
        c.error((*path, "tc_out"),
                f"le TC sortie {item.tc_out} doit être après le TC entrée {item.tc_in}",
                f"TC out {item.tc_out} must be after TC in {item.tc_in}")
        return None
    if tc_in < start:
        at = timecode.format(start, c.rate)
        c.error((*path, "tc_in"),
                f"{what[0]} commence à {item.tc_in}, avant le programme ({at}) ; vérifiez le "
                "timecode ou le TC de début du programme",
                f"{what[1]} starts at {item.tc_in}, before the programme ({at}); check the "
                "timecode or the programme start")
    if end is not None and tc_out > end:
        at = timecode.format(end, c.rate)
        c.error((*path, "tc_out"),
                f"{what[0]} finit à {item.tc_out}, après la fin du programme ({at}) ; vérifiez "
                "le timecode ou la durée du programme",
                f"{what[1]} ends at {item.tc_out}, after the end of the programme ({at}); check "
                "the timecode or the programme duration")
    return tc_in, tc_out


def _holders(c: _Collector, cue: Cue, i: int, roles: dict[str, tuple[str, str]]) -> None:
    where = ("cues", i, "rightsholders")
    if not cue.rightsholders:
        fr = (f"la cue {cue.number} n'a aucun ayant droit ; ajoutez son compositeur, ses auteurs "
              "et ses éditeurs sur la feuille Ayants droit")
        en = (f"cue {cue.number} has no rights holder; add its composer, authors and "
              "publishers on the Rights holders sheet")
        if cue.origin == "public_domain":
            c.warning(where, fr + " (aucun n'est dû pour une œuvre du domaine public telle "
                      "quelle)", en + " (none is needed for a public-domain work as is)")
        else:
            c.error(where, fr, en)
        return
    known = c.listed(roles)
    for j, holder in enumerate(cue.rightsholders):
        if holder.role not in roles:
            c.error((*where, j, "role"),
                    f"le code de rôle « {holder.role} » est inconnu ; choisissez : {known}",
                    f"role code {holder.role!r} is unknown; choose one of {known}")
        if holder.ipi:
            c.identifier(identifiers.ipi_problem(holder.ipi, c.lang), (*where, j, "ipi"))
    total = sum((h.share for h in cue.rightsholders), Decimal(0))
    if total != HUNDRED:
        shown = f"{total:f}"
        c.error(where, f"les parts des ayants droit de la cue {cue.number} font "
                f"{shown.replace('.', ',')} %, pas 100 % ; corrigez-les sur la feuille Ayants "
                "droit",
                f"the shares of cue {cue.number}'s rights holders sum to {shown} %, not "
                "100 %; correct them on the Rights holders sheet")


def _overlaps(c: _Collector, sheet: CueSheet, spans: list[tuple[int, int, int]]) -> None:
    latest: tuple[int, int] | None = None  # (tc out, index) of the cue reaching furthest
    for tc_in, tc_out, i in sorted(spans):
        if latest is not None and tc_in < latest[0]:
            other = sheet.cues[latest[1]]
            number = sheet.cues[i].number
            c.warning(("cues", i, "tc_in"),
                      f"la cue {number} commence avant la fin de la cue {other.number} "
                      f"({other.tc_out}) ; normal si les deux musiques jouent vraiment ensemble",
                      f"cue {number} starts before cue {other.number} ends "
                      f"({other.tc_out}); fine if both pieces of music really play at once")
        if latest is None or tc_out > latest[0]:
            latest = (tc_out, i)


def _archive(c: _Collector, item: Archive, i: int, start: int, end: int | None) -> None:
    _span(c, item, ("archives", i), start, end, ("l'archive", "archive"))
    if item.flat_fee is None and item.fee_per_second is None:
        c.warning(("archives", i, "fee_per_second"),
                  "aucun tarif : tapez un tarif par seconde ou un forfait (0 si gratuit)",
                  "no fee: type a fee per second or a flat fee (0 if free)")
    elif item.flat_fee is not None and item.fee_per_second is not None:
        c.warning(("archives", i, "flat_fee"),
                  "un forfait et un tarif par seconde : le forfait s'applique",
                  "both a flat fee and a fee per second: the flat fee is used")
