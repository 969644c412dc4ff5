"""LibreOffice Calc, headless, as the independent oracle that recalculates workbooks.

xlprod writes formulas and computes the same figures in Python; LibreOffice
recalculates the formulas so tests can check that both agree and that no cell
ends in an error. One ``soffice`` process converts a whole batch of files, each
run in its own throwaway user profile so that several runs can go in parallel
(LibreOffice otherwise hands the job to an instance already using the profile).

openpyxl is imported only inside :func:`read_values`, to keep this module light.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypedDict

from xlprod.errors import UnreadableFile, UsageError

__all__ = [
    "INSTALL_HINT",
    "RecalculatedValues",
    "convert",
    "find_soffice",
    "read_values",
    "recalculate",
    "to_pdf",
]

INSTALL_HINT = "LibreOffice is not installed: apt-get install libreoffice-calc-nogui"

XLSX_FILTER = "xlsx:Calc MS Excel 2007 XML"

# By default LibreOffice trusts the values cached in an xlsx written by "Excel"
# (openpyxl says it is Excel) and recalculates nothing. 0 = always recalculate.
_RECALC_ALWAYS = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

# Excel's error values, as LibreOffice writes them to xlsx, plus LibreOffice's own
# "Err:502"-style codes, which have no Excel equivalent.
_ERROR_VALUE = re.compile(r"#(?:NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A)|Err:\d{3}")


def find_soffice() -> str | None:
    """Return the LibreOffice executable to run, or None when there is none.

    ``XLPROD_SOFFICE`` wins (a path or a command name); when it is set but not
    executable the answer is None rather than a silent fallback. Otherwise
    ``soffice``, then ``libreoffice``, on PATH.
    """
    chosen = os.environ.get("XLPROD_SOFFICE")
    if chosen:
        return shutil.which(chosen)
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(paths: Sequence[Path], to: str, outdir: Path, *, timeout: float = 300) -> list[Path]:
    """Convert every file in ``paths`` with ONE LibreOffice run; return the outputs in order.

    ``to`` is what ``soffice --convert-to`` takes: an extension, optionally with a
    filter (``"xlsx:Calc MS Excel 2007 XML"``, ``"pdf"``). Formulas are always
    recalculated on load. Each output is ``outdir/<stem>.<extension>``; an existing
    file of that name is replaced atomically. Raises :class:`UsageError` when
    LibreOffice is missing or the call is wrong, :class:`UnreadableFile` when
    LibreOffice produced no output for a file (its stderr is in the message).

    Example: ``convert([Path("budget.xlsx")], "pdf", Path("out"))`` → ``[out/budget.pdf]``.
    """
    if not paths:
        return []
    extension = to.split(":", 1)[0]
    if not extension:
        raise UsageError(f"convert: no target extension in {to!r}, e.g. 'pdf' or 'xlsx'")
    sources = [Path(p).resolve() for p in paths]
    outdir = Path(outdir).resolve()
    seen: dict[str, Path] = {}
    for source in sources:
        if not source.is_file():
            raise UnreadableFile(f"{source}: no such file")
        if source.parent == outdir:
            raise UsageError(f"{source}: output folder must differ from the input's folder")
        if source.stem in seen:
            raise UsageError(
                f"{source} and {seen[source.stem]} would both convert to {source.stem}.{extension}"
            )
        seen[source.stem] = source
    soffice = find_soffice()
    if soffice is None:
        chosen = os.environ.get("XLPROD_SOFFICE")
        detail = f" (XLPROD_SOFFICE={chosen} is not an executable)" if chosen else ""
        raise UsageError(INSTALL_HINT + detail)
    outdir.mkdir(parents=True, exist_ok=True)

    # The staging folder sits in outdir so that moving results in is an atomic rename,
    # and a stale output from an earlier run can never pass for a fresh one.
    profile = Path(tempfile.mkdtemp(prefix="xlprod-lo-profile-"))
    staging = Path(tempfile.mkdtemp(prefix=".xlprod-lo-", dir=outdir))
    try:
        (profile / "user").mkdir()
        (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, encoding="utf-8")
        command = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(staging),
            *map(str, sources),
        ]
        stderr = _run(command, timeout, ", ".join(source.name for source in sources))
        produced = [staging / f"{source.stem}.{extension}" for source in sources]
        missing = [s for s, p in zip(sources, produced, strict=True) if not p.is_file()]
        if missing:
            said = stderr.strip() or "(nothing on stderr)"
            lines = [f"{s}: LibreOffice did not produce {s.stem}.{extension}" for s in missing]
            raise UnreadableFile("\n".join([*lines, "LibreOffice said:", said]))
        outputs = []
        for made in produced:
            os.replace(made, outdir / made.name)
            outputs.append(outdir / made.name)
        return outputs
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)


def _run(command: list[str], timeout: float, what: str) -> str:
    """Run soffice in its own process group; return its stderr.

    ``soffice`` is a launcher that starts ``soffice.bin``; on a timeout the whole
    group is killed so no headless office is left behind holding the profile.
    """
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    ) as process:
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise UnreadableFile(
                f"LibreOffice did not finish converting {what} within {timeout:g} s"
            ) from None
    return stderr


def recalculate(paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Recalculate every formula of ``paths`` in LibreOffice; return the xlsx copies in outdir."""
    return convert(paths, XLSX_FILTER, outdir)


def to_pdf(paths: Sequence[Path], outdir: Path) -> list[Path]:
    """Print ``paths`` to PDF through LibreOffice (recalculated); return the PDFs in outdir."""
    return convert(paths, "pdf", outdir)


class RecalculatedValues(TypedDict):
    """What :func:`read_values` reports about a recalculated workbook."""

    error_cells: list[str]
    """``"Sheet!A1: #NAME?"`` for every cell holding an error, hidden sheets included."""
    names: dict[str, Any]
    """Each workbook-level defined name that points to one cell → that cell's value."""


def read_values(path: Path) -> RecalculatedValues:
    """Read the values of a workbook LibreOffice recalculated: its error cells and named cells.

    Reads in openpyxl's read-only mode, one pass per sheet, so a few thousand rows
    take a fraction of a second. A text cell that reads like an error is reported too.
    """
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zip, XML and key errors alike
        raise UnreadableFile(f"{path}: not a readable xlsx ({error})") from error
    try:
        wanted = _single_cell_names(workbook)
        error_cells: list[str] = []
        names: dict[str, Any] = {}
        for sheet in workbook.worksheets:
            here = wanted.get(sheet.title, {})
            for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                for column, value in enumerate(row, start=1):
                    if isinstance(value, str) and _ERROR_VALUE.fullmatch(value):
                        where = _coordinate(row_number, column)
                        error_cells.append(f"{sheet.title}!{where}: {value}")
                    for name in here.get((row_number, column), ()):
                        names[name] = value
            for cells in here.values():
                for name in cells:
                    names.setdefault(name, None)  # beyond the last written cell: empty
    finally:
        workbook.close()
    return {"error_cells": error_cells, "names": dict(sorted(names.items()))}


def _single_cell_names(workbook: Any) -> dict[str, dict[tuple[int, int], list[str]]]:
    """Map sheet → (row, column) → workbook-level names that point to that one cell."""
    from openpyxl.utils.cell import coordinate_to_tuple

    titles = set(workbook.sheetnames)
    wanted: dict[str, dict[tuple[int, int], list[str]]] = {}
    for name, definition in workbook.defined_names.items():
        if definition.is_reserved:
            continue
        destinations = list(definition.destinations)
        if len(destinations) != 1:
            continue
        sheet, cells = destinations[0]
        sheet = sheet.replace("''", "'")  # openpyxl leaves a quoted title's quotes doubled
        if ":" in cells or sheet not in titles:
            continue
        position = coordinate_to_tuple(cells.replace("$", ""))
        wanted.setdefault(sheet, {}).setdefault(position, []).append(name)
    return wanted


def _coordinate(row: int, column: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return f"{get_column_letter(column)}{row}"


def formula_cells(path: Path) -> dict[str, Any]:
    """Every formula cell of a workbook → its cached value (``Sheet!A1`` keys).

    On a file xlprod wrote, these are the engine's figures; on a file LibreOffice
    recalculated, LibreOffice's: comparing the two (:func:`cached_mismatches`) proves
    the cached values a viewer shows without recalculating are the right ones.
    """
    from openpyxl import load_workbook

    formulas = load_workbook(path, read_only=True, data_only=False)
    values = load_workbook(path, read_only=True, data_only=True)
    out: dict[str, Any] = {}
    try:
        for ws_f, ws_v in zip(formulas.worksheets, values.worksheets, strict=True):
            for row_f, row_v in zip(ws_f.iter_rows(), ws_v.iter_rows(), strict=True):
                for cf, cv in zip(row_f, row_v, strict=True):
                    if isinstance(cf.value, str) and cf.value.startswith("="):
                        out[f"{ws_f.title}!{cf.coordinate}"] = cv.value
    finally:
        formulas.close()
        values.close()
    return out


def cached_mismatches(original: Path, recalculated: Path, *, tolerance: float = 0.005
                      ) -> list[str]:
    """Formula cells whose cached value in ``original`` differs from ``recalculated``'s
    (numbers within ``tolerance``; an empty text result equals an empty cell)."""
    mine, theirs = formula_cells(original), formula_cells(recalculated)
    out = []
    for ref, value in mine.items():
        other = theirs.get(ref)
        if isinstance(value, bool) or isinstance(other, bool):
            same = value == other
        elif isinstance(value, int | float) and isinstance(other, int | float):
            same = abs(value - other) <= tolerance
        else:
            same = (value or "") == (other or "")
        if not same:
            out.append(f"{ref}: cached {value!r}, LibreOffice {other!r}")
    return out
