"""Updating a workbook in place without losing the user's work.

``update`` reads the workbook (the model: every input the user typed, every row they
added), rebuilds it with the current layout inside the user's own workbook — so their
sheets, names and styles stay as they are; xlprod's own sheets are surveyed from the
package, streamed, and never loaded into openpyxl (:mod:`xlprod.xlsx.carry`) — writes a
timestamped backup next to the file, and replaces the file atomically. Content the
new layout has no place for is refused by name, unless ``force``, which drops it and
says what was dropped. The later kinds' refresh and import commands use the same path
with a model merged from a new source.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from xlprod.errors import InvalidInput, UsageError
from xlprod.fileio import write_with

if TYPE_CHECKING:
    from xlprod.api import Loaded
    from xlprod.xlsx.writer import BookWriter

__all__ = ["Updated", "backup_path", "update"]


@dataclass(frozen=True)
class Updated:
    path: Path
    backup: Path
    kept_sheets: list[str] = field(default_factory=list)
    comments: int = 0
    dropped: list[str] = field(default_factory=list)


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """``devis.sauvegarde-20261201-103000.xlsx`` beside ``devis.xlsx``; never an existing file."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.sauvegarde-{stamp}{path.suffix}")
    n = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.sauvegarde-{stamp}-{n}{path.suffix}")
        n += 1
    return candidate


def update(path: Path, *, force: bool = False, model: object = None,
           loaded: Loaded | None = None) -> Updated:
    """Rebuild ``path`` with the current layout (and ``model``, if given, instead of what
    the workbook holds), keeping the user's work; see the module docstring. ``loaded``,
    the workbook as :func:`xlprod.api.load` read it, saves reading it again."""
    from xlprod import api
    from xlprod.xlsx import carry

    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"{path}: only .xlsx workbooks can be updated")
    if loaded is None:
        loaded = api.load(path)
    current = loaded.model_or_raise(ignore_formulas=True) if model is None else model
    spec = loaded.spec
    layout = spec.write(None, loaded.lang).book.layout  # the layout's sheets, to survey them
    found, wb = carry.open_for_update(path, layout)
    # With a new model (a period added, an import), xlprod's computed blocks may move:
    # the cells the workbook's own model lays out are xlprod's, not the user's.
    old_model = loaded.model if model is not None else None

    def previous() -> BookWriter | None:
        return spec.write(old_model, loaded.lang).book if old_model is not None else None

    written = spec.write(current, loaded.lang, None, base=wb)
    lost = carry.carry_over(written.book, found, loaded.locator, written.locator, previous)
    dropped = found.cannot_carry + lost
    if dropped and not force:
        raise InvalidInput([*dropped, "rien n'a été écrit ; relancez avec --force pour les "
                            "abandonner (une sauvegarde est faite d'abord)"], str(path))
    backup = backup_path(path)
    shutil.copy2(path, backup)
    write_with(path, written.book.save, force=True)
    return Updated(path, backup, found.user_sheets, len(found.comments), dropped)
