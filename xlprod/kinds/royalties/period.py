"""A new statement period for an existing royalty control (``xlprod run add-statement``).

The period's file holds the receipts and payments of one period::

    {"period": "2026-T3",
     "channels": [{"channel": "tv", "gross": 80000}],
     "statements": [{"beneficiary": "SOFICA", "paid": 12000}]}

Its rows are appended to the workbook's tables (a row without ``period`` takes the
file's), the whole file is recomputed — the waterfall resumes from the positions
the earlier periods left — and the workbook is rebuilt in place through
:func:`xlprod.update.update`: everything the user typed or added stays, a backup
is written first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field

from xlprod.errors import InvalidInput
from xlprod.fileio import read_json
from xlprod.kinds.base import InputModel, parse_input, path_text
from xlprod.kinds.royalties.checks import check
from xlprod.kinds.royalties.model import Channel, Royalties, Statement

__all__ = ["NewPeriod", "add_statement", "merge_period"]


class NewPeriod(InputModel):
    """The receipts and payments of one statement period."""

    period: str | None = Field(None, description="The period's label, e.g. 2026-T2")
    channels: list[Channel] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)


def _say(lang: str, fr: str, en: str) -> str:
    return en if lang == "en" else fr


def merge_period(model: Royalties, new: NewPeriod, lang: str = "fr") -> Royalties:
    """``model`` with ``new``'s rows appended; refuses (InvalidInput) a period the
    workbook already has, one earlier than its last, or rows without a period."""
    problems = []
    if not new.channels and not new.statements:
        problems.append(_say(lang, "channels, statements : le fichier n'apporte ni recette ni "
                             "versement ; rien à ajouter",
                             "channels, statements: the file brings no receipt and no "
                             "payment; nothing to add"))
    rows: list[tuple[str, int, Channel | Statement]] = [
        *(("channels", i, c) for i, c in enumerate(new.channels)),
        *(("statements", i, s) for i, s in enumerate(new.statements))]
    labels = set()
    for key, i, row in rows:
        label = row.period or new.period
        if label is None:
            problems.append(_say(lang, f"{key}[{i}].period : période manquante ; donnez "
                                 "\"period\" au fichier (2026-T2) ou à chaque ligne",
                                 f"{key}[{i}].period: period missing; give the file a "
                                 "\"period\" (2026-T2) or one to each row"))
        else:
            labels.add(label)
    existing = [p for p in model.periods() if p is not None]
    if (model.channels or model.statements) and not existing:
        problems.append(_say(lang, "le classeur n'a pas de période : saisissez d'abord la "
                             "période de ses lignes (colonne Période des feuilles Recettes et "
                             "Versements, par exemple 2026-T1)",
                             "the workbook has no periods: first type the period of its rows "
                             "(Period column of the Receipts and Payments sheets, e.g. "
                             "2026-T1)"))
    for label in sorted(labels):
        if label in existing:
            problems.append(_say(lang, f"period : la période {label!r} figure déjà dans le "
                                 "classeur ; corrigez ses lignes dans le classeur, ou donnez "
                                 "une nouvelle période",
                                 f"period: period {label!r} is already in the workbook; edit "
                                 "its rows there, or give a new period"))
        elif existing and label < existing[-1]:
            problems.append(_say(lang, f"period : la période {label!r} précède la dernière du "
                                 f"classeur ({existing[-1]!r}) ; les périodes s'ajoutent dans "
                                 "l'ordre",
                                 f"period: period {label!r} comes before the workbook's last "
                                 f"({existing[-1]!r}); periods are added in order"))
    if problems:
        raise InvalidInput(problems)
    data = model.model_dump()
    data["channels"] += [{**c.model_dump(), "period": c.period or new.period}
                         for c in new.channels]
    data["statements"] += [{**s.model_dump(), "period": s.period or new.period}
                           for s in new.statements]
    merged = Royalties.model_validate(data)
    offsets = {"channels": len(model.channels), "statements": len(model.statements)}
    errors = []
    for f in check(merged, lang):
        if f.severity != "error":
            continue
        path = f.path
        if len(path) > 1 and path[0] in offsets and isinstance(path[1], int) \
                and path[1] >= offsets[str(path[0])]:
            path = (path[0], path[1] - offsets[str(path[0])], *path[2:])
        errors.append(f"{path_text(path)}: {f.message}")
    if errors:
        raise InvalidInput(errors)
    return merged


def add_statement(path: Path, source: Path, *, force: bool = False) -> Any:
    """Append the period in ``source`` (JSON) to the royalty control ``path``, in place,
    keeping the user's work (backup first); returns :class:`xlprod.update.Updated`."""
    from xlprod import api
    from xlprod.errors import UsageError
    from xlprod.update import update

    if source.suffix.lower() != ".json":
        raise UsageError(f"{source}: --from takes the period's JSON file (e.g. periode2.json)")
    raw = read_json(source)
    loaded = api.load(path)
    if loaded.spec.name != "royalties":
        raise UsageError(f"{path}: is a {loaded.spec.name} workbook; add-statement adds a "
                         "period to a royalties workbook")
    new = parse_input(NewPeriod, raw, str(source))
    model = loaded.model_or_raise()
    try:
        merged = merge_period(model, new, loaded.lang)
    except InvalidInput as exc:
        raise InvalidInput(exc.problems, str(source)) from None
    return update(path, force=force, model=merged)
