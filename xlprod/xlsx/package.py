"""Bounds on an .xlsx package, checked from the zip's directory before any part is parsed.

A workbook is a zip of XML parts. A hostile or broken one can claim millions of parts,
hide a few gigabytes behind a few kilobytes (a zip bomb), or name parts outside the
package (``../../etc/passwd``). Everything here reads only the zip's central directory,
so a refused file costs milliseconds whatever it claims to hold. The sizes are the
ones the directory declares; Python's zip reader never inflates a part past its declared
size, so a lying directory cannot get around them either.

The limits (see docs/reliability.md) hold for every workbook xlprod reads; the total
can be raised with the environment variable ``XLPROD_MAX_UNPACKED_MB``.
"""

from __future__ import annotations

import os
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlprod.errors import UnreadableFile, UsageError

__all__ = ["MAX_PARTS", "MAX_RATIO", "RATIO_FROM", "Limits", "check_defined_names", "check_package",
           "check_sheets", "limits", "part_relationships", "sheet_parts"]

#: A real workbook has a few dozen parts; Excel's largest have a few thousand.
MAX_PARTS = 10_000
#: Default bound on the package's unpacked size, in MB (env ``XLPROD_MAX_UNPACKED_MB``):
#: a 200 000-line budget is about 2 GB of sheet XML (each row carries its formulas, about
#: 9 KB with the charges, tax-credit and DFS columns), and reading streams, so size costs
#: time, not memory; zip bombs are caught by their ratio.
DEFAULT_MAX_UNPACKED_MB = 4096
#: Sheet XML compresses 10–30 times; a part that expands more than this is a zip bomb…
MAX_RATIO = 200
#: …once it is big enough to matter (tiny parts of repeated markup compress very well).
RATIO_FROM = 1024 * 1024
ENV_MAX_UNPACKED = "XLPROD_MAX_UNPACKED_MB"
_OVERRIDE = f"raise the limit with {ENV_MAX_UNPACKED}=<MB> if the file is genuine"


@dataclass(frozen=True)
class Limits:
    total: int  # bytes, the whole package unpacked
    part: int  # bytes, any one part unpacked (three quarters of the total)

    @property
    def total_mb(self) -> int:
        return self.total // (1024 * 1024)


def limits() -> Limits:
    """The limits in force (read from the environment on every call, so tests can set it)."""
    raw = os.environ.get(ENV_MAX_UNPACKED, "").strip()
    megabytes = DEFAULT_MAX_UNPACKED_MB
    if raw:
        try:
            megabytes = int(raw)
        except ValueError:
            raise UsageError(f"{ENV_MAX_UNPACKED}={raw!r} is not a whole number of MB; "
                                 f"set it to e.g. {DEFAULT_MAX_UNPACKED_MB}") from None
        if megabytes <= 0:
            raise UsageError(f"{ENV_MAX_UNPACKED}={raw!r} must be a positive number of MB")
    total = megabytes * 1024 * 1024
    return Limits(total, total * 3 // 4)


def check_package(z: zipfile.ZipFile, path: Path) -> None:
    """Refuse (``UnreadableFile``, naming the part and the limit) a package whose directory
    breaks a bound: too many parts, a part or the whole too big unpacked, a part that
    expands like a zip bomb, a part named outside the package or twice."""
    bounds = limits()
    infos = z.infolist()
    if len(infos) > MAX_PARTS:
        raise UnreadableFile(f"{path}: {len(infos)} parts in the package, more than the "
                             f"{MAX_PARTS} xlprod reads; this is not a workbook it can open")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name, path)
        if name in seen:
            raise UnreadableFile(f"{path}: part {_shown(name)} appears twice in the package; "
                                 "the file is corrupt or forged: save it again from Excel")
        seen.add(name)
        size = info.file_size
        if size > bounds.part:
            raise UnreadableFile(
                f"{path}: part {_shown(name)} unpacks to {_mb(size)} MB, more than the "
                f"{_mb(bounds.part)} MB allowed for one part (three quarters of {bounds.total_mb} MB); "
                + _OVERRIDE)
        if size > RATIO_FROM and size > MAX_RATIO * max(info.compress_size, 1):
            raise UnreadableFile(
                f"{path}: part {_shown(name)} expands {size // max(info.compress_size, 1)} times "
                f"(limit {MAX_RATIO}) to {_mb(size)} MB: a zip bomb, refused without unpacking it")
        total += size
        if total > bounds.total:
            raise UnreadableFile(
                f"{path}: the package unpacks to more than {bounds.total_mb} MB (at part "
                f"{_shown(name)}); " + _OVERRIDE)


def _check_name(name: str, path: Path) -> None:
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or ".." in parts:
        raise UnreadableFile(f"{path}: part {_shown(name)} points outside the package "
                             "(absolute path or '..'); the file is forged: refused")
    if "\x00" in name:
        raise UnreadableFile(f"{path}: a part's name holds a NUL character; the file is forged")


def _shown(name: str) -> str:
    return repr(name if len(name) <= 120 else name[:120] + "…")


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}" if size >= 1024 * 1024 else f"{size / (1024 * 1024):.1f}"


#: Excel's grid.
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384


def check_defined_names(wb: Any, path: Path) -> None:
    """Refuse (``UnreadableFile``, naming the name) a workbook-level defined name that
    cannot be read, or points at a sheet that is not there (renamed or deleted outside
    Excel, which keeps names in step) or at a cell off the grid. xlprod finds its
    inputs and totals by name: a broken one must be named, not crash the reader."""
    from openpyxl.utils.cell import range_boundaries

    fix = "fix or delete it in Excel (Formulas > Name Manager)"
    for name, dn in wb.defined_names.items():
        shown = _shown(dn.attr_text or "")
        try:
            destinations = list(dn.destinations)
        except Exception:  # openpyxl's tokenizer raises several types on broken text
            raise UnreadableFile(f"{path}: defined name {name} = {shown} cannot be read; "
                                 + fix) from None
        for sheet, coord in destinations:
            if sheet not in wb.sheetnames:
                raise UnreadableFile(
                    f"{path}: defined name {name} points at sheet {sheet!r}, which is not in the "
                    "workbook (renamed or deleted?); give the sheet its name back, or " + fix)
            try:
                bounds = range_boundaries(coord.replace("$", ""))
            except (ValueError, TypeError):
                bounds = (0, 0, 0, 0)
            cols = [b for b in (bounds[0], bounds[2]) if b is not None]
            rows = [b for b in (bounds[1], bounds[3]) if b is not None]
            if not all(1 <= c <= MAX_COLUMN for c in cols) or not all(
                    1 <= r <= MAX_ROW for r in rows):
                raise UnreadableFile(f"{path}: defined name {name} points at {sheet}!{coord}, "
                                     "which is not a cell of a sheet; " + fix)


def check_sheets(z: zipfile.ZipFile, wb: Any, path: Path, *, skip: set[str] | None = None,
                 only: set[str] | None = None) -> None:
    """Every worksheet is well-formed XML and openpyxl accepts its properties: checked
    once at opening (expat, streamed, no tree: a few ms per MB), because a read-only
    workbook parses a sheet only when a cell of it is first read, deep in a kind's
    reader, where a broken sheet would surface as a bare parser error.

    Parts in ``skip`` are left to a reader that parses them whole
    (:meth:`xlprod.xlsx.reader.WorkbookReader.check_rest`); with ``only``, just those
    parts are checked."""
    from xml.parsers import expat

    for ws in wb.worksheets:
        name = str(getattr(ws, "_worksheet_path", "")).lstrip("/")  # read-only sheets have it
        if only is not None and name not in only:
            continue
        if name in z.namelist() and name not in (skip or ()):
            parser = expat.ParserCreate()
            parser.StartDoctypeDeclHandler = _refuse_doctype  # no entity is ever expanded
            try:
                with z.open(name) as stream:
                    parser.ParseFile(stream)
            except _Doctype:
                raise UnreadableFile(f"{path}: sheet {ws.title} holds a DOCTYPE, which a "
                                     "workbook never has (entity tricks); refused") from None
            except (zlib.error, zipfile.BadZipFile, EOFError, RuntimeError,
                    NotImplementedError) as exc:  # damaged data, or a forged part header
                raise UnreadableFile(f"{path}: sheet {ws.title} is damaged in the zip ({exc}); "
                                     "open and save it again in Excel or LibreOffice") from None
            except expat.ExpatError as exc:
                raise UnreadableFile(f"{path}: sheet {ws.title} is not well-formed XML "
                                     f"({exc}); open and save it again in Excel or LibreOffice"
                                     ) from None
        try:
            next(iter(ws.iter_rows(max_row=1)), None)
        except Exception as exc:  # openpyxl's descriptors raise TypeError, ValueError…
            raise UnreadableFile(f"{path}: sheet {ws.title} cannot be read "
                                 f"({type(exc).__name__}: {_shown(str(exc))}); open and save "
                                 "it again in Excel or LibreOffice") from None


class _Doctype(Exception):
    pass


def _refuse_doctype(*_args: Any) -> None:
    raise _Doctype


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def part_relationships(z: zipfile.ZipFile, part: str) -> list[tuple[str, str, str]]:
    """The relationships of ``part``: (id, type, target part), targets resolved against the
    part's folder (or absolute, ``/xl/…``)."""
    import posixpath

    from defusedxml import ElementTree

    folder, name = posixpath.split(part)
    rels_part = posixpath.join(folder, "_rels", name + ".rels")
    if rels_part not in z.namelist():
        return []
    root = ElementTree.fromstring(z.read(rels_part))
    out = []
    for r in root.iter(f"{_PKG_REL}Relationship"):
        target = r.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out.append((r.get("Id", ""), r.get("Type", ""), resolved))
    return out


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Every worksheet of the package, in the workbook's order: title → sheet part."""
    from defusedxml import ElementTree

    book = ElementTree.fromstring(z.read("xl/workbook.xml"))
    targets = {r_id: target for r_id, _type, target in part_relationships(z, "xl/workbook.xml")}
    return {sheet.get("name"): targets[sheet.get(f"{_REL}id")]
            for sheet in book.iter(f"{_MAIN}sheet") if sheet.get(f"{_REL}id") in targets}
