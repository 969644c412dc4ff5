"""The rules a workbook-level defined name obeys, whoever made it.

Excel looks names up ignoring case, in one namespace shared with the tables, and reads
``A1``, ``R1C1`` or ``SUM`` as a cell or a function before it reads them as a name. A
name that breaks these rules makes Excel repair the file on opening, or makes a formula
mean something else than what it says. The rules here serve both the input models (a
budget's globals become names) and the workbooks read back (names a user added in
Formulas > Name Manager). Excel's function names are data (``reference/excel_functions.txt``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from xlprod import reference

__all__ = ["clashes", "name_problem"]

#: Excel's syntax: a letter, ``_`` or ``\`` first, then letters, digits, ``_ . \ ?``.
_EXCEL_NAME = re.compile(r"(?:[^\W\d]|[_\\])[\w.\\?]*")
#: ``A1`` (any 1–3 letters then digits: ``XFD1048576``) and ``R1C1`` (``L1C1`` in French).
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}[0-9]+|[RrLl][0-9]*[Cc][0-9]*|[RrCc]")
_BOOLEANS = frozenset({"TRUE", "FALSE", "VRAI", "FAUX"})
#: Excel's own hidden names (``_xlnm.Print_Area``, ``_xlfn.XLOOKUP``): never the user's.
_EXCEL_OWN = "_XL"


def name_problem(name: str, lang: str = "en", reserved: Collection[str] = ()) -> str | None:
    """Why ``name`` cannot be a defined name (None if it can): its syntax, a cell
    reference, a boolean, an Excel function, or one of ``reserved`` (xlprod's own names),
    case ignored. In ``lang`` (``fr`` or ``en``)."""
    fr = lang == "fr"
    if len(name) > 255 or not _EXCEL_NAME.fullmatch(name):
        return ("un nom commence par une lettre ou _ et ne contient que des lettres, des "
                "chiffres, _ et . (pas d'espace) ; choisissez un autre nom (ex. shoot_days)" if fr
                else "a name starts with a letter or _ and holds only letters, digits, _ and . "
                "(no space); choose another name (e.g. shoot_days)")
    if _CELL_LIKE.fullmatch(name):
        return ("ressemble à une référence de cellule ; choisissez un autre nom (ex. shoot_days)"
                if fr else "looks like a cell reference; choose another name (e.g. shoot_days)")
    upper = name.upper()
    if upper in _BOOLEANS:
        return ("VRAI et FAUX sont les booléens d'Excel ; choisissez un autre nom" if fr else
                "TRUE and FALSE are Excel's booleans; choose another name")
    if upper in reference.excel_functions():
        return (f"{upper} est une fonction d'Excel ; choisissez un autre nom (ex. nb_{name})"
                if fr else f"{upper} is an Excel function; choose another name (e.g. nb_{name})")
    taken = {n.upper(): n for n in reserved}
    if upper in taken:
        return (f"xlprod utilise déjà ce nom ({taken[upper]}) dans le classeur ; choisissez-en un "
                "autre" if fr else f"xlprod already uses this name ({taken[upper]}) in the "
                "workbook; choose another name")
    return None


def clashes(defined: Mapping[str, str | None], tables: Iterable[str], lang: str = "fr"
            ) -> list[tuple[str, str | None, str]]:
    """``(name, cell, message)`` for every workbook-level name of ``defined`` (name → the
    ``Sheet!Cell`` it points at, or None) that breaks :func:`name_problem`'s rules, has a
    table's name, or differs from another name or table only by case."""
    fr = lang == "fr"
    fix = ("renommez-le (Formules > Gestionnaire de noms)" if fr else
           "rename it (Formulas > Name Manager)")
    out: list[tuple[str, str | None, str]] = []

    def say(name: str, why: str) -> None:
        shown = name if len(name) <= 60 else name[:57] + "…"
        out.append((name, defined.get(name), f"nom défini « {shown} » : {why} ; {fix}" if fr
                    else f"defined name {shown!r}: {why}; {fix}"))

    tables = list(tables)
    seen = {t.upper(): (t, True) for t in tables}
    for name in defined:
        if name.upper().startswith(_EXCEL_OWN):
            continue
        problem = name_problem(name, lang)
        if problem:
            say(name, problem.split(" ; ")[0].split("; ")[0])
            continue
        first, is_table = seen.setdefault(name.upper(), (name, False))
        if first == name and not is_table:
            continue
        if is_table:
            say(name, f"c'est aussi le nom du tableau {first}, et Excel les confond" if fr
                else f"it is also the name of table {first}, which Excel confuses it with")
        else:
            say(name, f"ne diffère de « {first} » que par la casse, et Excel les confond" if fr
                else f"it differs from {first!r} only by case, which Excel ignores")
    return out
