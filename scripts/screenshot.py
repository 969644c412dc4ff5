"""Render one page of a workbook to PNG, as LibreOffice Calc prints it (recalculated).

    python scripts/screenshot.py budget.xlsx budget.png --sheet Budget --page 2

LibreOffice prints the workbook to PDF, pdftoppm (poppler-utils) turns one page into
a PNG at 110 dpi. With ``--sheet``, only that sheet is printed, so ``--page`` counts
that sheet's pages. Prints the PNG's path; an existing file there is replaced.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from xlprod.errors import UnreadableFile, UsageError, XlprodError
from xlprod.libreoffice import to_pdf

_SHEET = re.compile(rb"<sheet\b[^>]*?/>")
_NAME = re.compile(rb'\bname="([^"]*)"')
_STATE = re.compile(rb'\s+state="[^"]*"')
_VIEW = re.compile(rb"<workbookView\b[^>]*?(?=/?>)")
_ACTIVE_TAB = re.compile(rb'\s+activeTab="[^"]*"')
_PRINT_AREA = re.compile(rb'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)"[^>]*>[^<]*'
                         rb"</definedName>")


def screenshot(workbook: Path, png: Path, *, sheet: str | None = None, page: int = 1) -> Path:
    """Write page ``page`` of ``workbook`` (or of its sheet ``sheet``) to ``png``; return png."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise UsageError("pdftoppm is not installed: apt-get install poppler-utils")
    if page < 1:
        raise UsageError(f"--page {page}: pages count from 1")
    with tempfile.TemporaryDirectory(prefix="xlprod-screenshot-") as scratch:
        source = workbook
        if sheet is not None:
            source = _only_sheet(workbook, sheet, Path(scratch) / "in" / workbook.name)
        [pdf] = to_pdf([source], Path(scratch) / "pdf")
        prefix = Path(scratch) / "page"
        one_page = ["-f", str(page), "-l", str(page), "-singlefile"]
        done = subprocess.run(
            [pdftoppm, "-png", "-r", "110", *one_page, str(pdf), str(prefix)],
            capture_output=True,
            text=True,
            check=False,
        )
        rendered = prefix.with_suffix(".png")
        if done.returncode != 0 or not rendered.is_file():
            raise UsageError(f"--page {page}: pdftoppm said: {done.stderr.strip()}")
        png.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(rendered, png)
    return png


def _only_sheet(workbook: Path, sheet: str, copy: Path) -> Path:
    """Copy ``workbook`` showing only ``sheet``: LibreOffice prints no hidden sheet.

    Every other ``<sheet>`` of xl/workbook.xml gets ``state="hidden"`` and ``sheet``
    becomes the active tab (LibreOffice shows, and prints, a hidden active sheet).
    Nothing else changes, so the copy keeps what an openpyxl round trip could lose.
    """
    try:
        with zipfile.ZipFile(workbook) as archive:
            parts = [(info, archive.read(info)) for info in archive.infolist()]
    except (OSError, zipfile.BadZipFile) as error:
        raise UnreadableFile(f"{workbook}: not a readable xlsx ({error})") from error
    [book] = [data for info, data in parts if info.filename == "xl/workbook.xml"] or [b""]
    titles = [_title(entry) for entry in _SHEET.findall(book)]
    if sheet not in titles:
        raise UsageError(f"--sheet {sheet!r}: no such sheet; {workbook.name} has {', '.join(titles)}")
    active = f' activeTab="{titles.index(sheet)}"'.encode()

    def restate(match: re.Match[bytes]) -> bytes:
        entry = _STATE.sub(b"", match.group(0))
        return entry if _title(entry) == sheet else entry[:-2].rstrip() + b' state="hidden"/>'

    book = _SHEET.sub(restate, book)
    # LibreOffice prints a hidden sheet's print area: only the shown sheet keeps its own.
    index = str(titles.index(sheet)).encode()
    book = _PRINT_AREA.sub(lambda m: m.group(0) if m.group(1) == index else b"", book)
    book = _VIEW.sub(lambda view: _ACTIVE_TAB.sub(b"", view.group(0)) + active, book)
    copy.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, book if info.filename == "xl/workbook.xml" else data)
    return copy


def _title(entry: bytes) -> str:
    name = _NAME.search(entry)
    return html.unescape(name.group(1).decode()) if name else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", type=Path, help="the .xlsx (or .ods) to render")
    parser.add_argument("png", type=Path, help="where to write the PNG")
    parser.add_argument("--sheet", help="print only this sheet (default: the whole workbook)")
    parser.add_argument("--page", type=int, default=1, help="page to render, from 1 (default 1)")
    args = parser.parse_args(argv)
    try:
        print(screenshot(args.workbook, args.png, sheet=args.sheet, page=args.page))
    except XlprodError as error:
        print(f"Error: {error}", file=sys.stderr)
        return error.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
