"""The workbook a ribbon command works on: a file, or a workbook open in Excel.

Every command reads and writes files through :mod:`xlprod.api` (that is ``xlprod run
ID FILE …``). What differs when a button runs it from Excel is around the command:

- :class:`Files` — the command line: nothing to do around it;
- :class:`LiveExcel` — Excel through open-source xlwings: a command that rewrites the
  active workbook's file (``upgrade``) needs the workbook closed first (Excel locks an
  open file on Windows) and reopened after; a new file the command wrote (a blank
  workbook, a comparison) is opened for the user.

:func:`host` picks the one that applies. Only :class:`LiveExcel` touches xlwings, and
only what xlwings' ``Book``/``App`` offer on Windows and macOS alike.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from xlprod.errors import UsageError

__all__ = ["OPENABLE", "Files", "LiveExcel", "host", "kind_of", "require_kind"]

OPENABLE = (".xlsx", ".xlsm", ".csv")  # outputs worth opening in Excel


class Files:
    """Workbooks as files on disk (the command line): nothing to close, reopen or open."""

    def before_update(self, path: Path) -> None:
        """``path`` is about to be replaced by the command."""

    def after_update(self, path: Path) -> str | None:
        """``path`` was replaced (or the command failed); a line for the user, if any."""
        return None

    def wrote(self, path: Path) -> str | None:
        """The command wrote the new file ``path``; a line for the user, if any."""
        return None


def _same(a: str | os.PathLike[str], b: Path) -> bool:
    try:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))
    except (TypeError, ValueError):
        return False


class LiveExcel(Files):
    """The Excel that called, through an xlwings ``App`` (its ``books``, ``books.open``)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._closed: set[Path] = set()

    def _book(self, path: Path) -> Any:
        return next((b for b in self.app.books if _same(b.fullname, path)), None)

    def before_update(self, path: Path) -> None:
        # The button asked to save unsaved changes (ActivePath): what is left is what the
        # user chose not to save, and the command reads the saved file anyway.
        book = self._book(path)
        if book is not None:
            book.close()
            self._closed.add(path)

    def after_update(self, path: Path) -> str | None:
        if path not in self._closed:
            return None
        self._closed.discard(path)
        self.app.books.open(str(path))
        return f"Reopened in Excel: {path}"

    def wrote(self, path: Path) -> str | None:
        if path.suffix.lower() not in OPENABLE or not path.exists():
            return None
        self.app.books.open(str(path))
        return f"Opened in Excel: {path}"


def host() -> Files:
    """:class:`LiveExcel` when called from Excel (xlwings' ``RunPython``), else :class:`Files`."""
    try:
        import xlwings as xw

        return LiveExcel(xw.Book.caller().app)
    except Exception:  # not called from Excel: no caller, no Excel, or no xlwings
        return Files()


def kind_of(path: Path) -> str:
    """The kind recorded in an xlprod workbook (reads its metadata only: the sheets that
    hold tables are left to the command's own reading, which checks them)."""
    from xlprod.xlsx.reader import open_workbook, workbook_meta

    wb = open_workbook(path, tables_read_later=True)
    try:
        return workbook_meta(wb, path)["kind"]
    finally:
        close = getattr(wb, "close", None)
        if close is not None:
            close()


def require_kind(path: Path, kind: str) -> None:
    """Refuse ``path`` unless it is a ``kind`` workbook (the buttons of a kind's group)."""
    found = kind_of(path)
    if found != kind:
        raise UsageError(f"{path} is a {found} workbook, not a {kind}: use the buttons of "
                         f"its own group")
