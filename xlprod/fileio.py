"""Reading inputs and writing outputs without ever losing a user's file.

Outputs are written to a temporary file beside the target and moved into
place in one step (``os.replace``), so a crash never leaves a half-written
workbook; an existing file is replaced only when the caller says ``force``.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from xlprod.errors import FileProblem, RefuseOverwrite, UnreadableFile, UsageError

__all__ = ["atomic_write", "check_writable", "read_json", "refuse_same_file", "write_text",
           "write_with"]


def refuse_same_file(out: Path, *inputs: Path | None) -> None:
    """Never let an output replace one of the command's own inputs, even with --force."""
    for source in inputs:
        if source is not None and source.exists() and out.exists() and out.samefile(source):
            raise UsageError(f"{out} is also an input of this command; choose another output")
        if source is not None and out.resolve() == source.resolve():
            raise UsageError(f"{out} is also an input of this command; choose another output")


def check_writable(path: Path, force: bool) -> None:
    """Refuse early (before any work) when ``path`` exists and ``force`` is off."""
    if path.exists() and not force:
        raise RefuseOverwrite(f"{path} already exists; pass --force to replace it")
    if path.exists() and path.is_dir():
        raise RefuseOverwrite(f"{path} is a directory, not a file")
    if not path.parent.exists():
        raise UnreadableFile(f"{path.parent}: folder does not exist; create it first")


@contextlib.contextmanager
def atomic_write(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success move it over ``path``.

    On any exception the temporary file is removed and ``path`` is untouched.
    """
    check_writable(path, force)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    if path.exists():  # a replaced file keeps its permissions
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
    else:  # mkstemp makes 0600; give a new file the usual permissions
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        if path.exists() and not force:  # appeared while we worked
            raise RefuseOverwrite(f"{path} already exists; pass --force to replace it")
        try:
            with open(tmp, "rb+") as written:  # on disk before it takes the file's place
                os.fsync(written.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            raise FileProblem(f"{path}: cannot write ({exc.strerror})") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text(path: Path, text: str, force: bool = False) -> None:
    """Write a text file atomically (UTF-8, trailing newline kept as given)."""
    with atomic_write(path, force) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_with(path: Path, writer: Callable[[Path], None], force: bool = False) -> None:
    """Call ``writer(tmp)`` and move the result over ``path`` atomically."""
    with atomic_write(path, force) as tmp:
        writer(tmp)


def read_json(path: Path) -> Any:
    """Load a JSON input file, naming the file, line and column when it is malformed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UnreadableFile(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{path}: is a directory, expected a JSON file") from None
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path}: not UTF-8 text; save the JSON as UTF-8") from None
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise UnreadableFile(f"{path}: JSON nested too deeply to be an xlprod input") from None
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            f"{path}:{exc.lineno}:{exc.colno}: malformed JSON ({exc.msg})"
        ) from None
