"""Reading inputs and writing outputs without ever losing a user's file.

Outputs are written to a temporary file beside the target (``.~xlprod-NAME.….tmp``)
and put in place in one step, so a crash never leaves a half-written workbook: a new
file is *linked* into place, which fails if another program created it meanwhile (no
overwrite without ``force``, even in a race); with ``force`` an existing regular file
is replaced (``os.replace``). A symbolic link at the output is followed: the file it
names is replaced and the link keeps working. Inputs must be regular files (a FIFO or
a device would block or never end), and JSON inputs are checked for what a
spreadsheet cannot hold before any kind looks at them (:func:`read_json`).
"""

from __future__ import annotations

import contextlib
import errno
import json
import math
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from xlprod.errors import FileProblem, InvalidInput, RefuseOverwrite, UnreadableFile, UsageError

__all__ = ["MAX_ITEMS", "MAX_TEXT", "atomic_write", "check_input_file", "check_writable",
           "read_json", "refuse_same_file", "shorten", "write_text", "write_with"]

#: Excel's limit on the text of one cell.
MAX_TEXT = 32_767
#: Rows of a sheet: a longer list cannot be laid out in a workbook.
MAX_ITEMS = 1_048_576
#: Digits of a JSON number: no amount, rate or count has more (Python refuses > 4 300).
MAX_DIGITS = 100
#: How much of a bad value a message shows.
SHOWN = 200
#: Problems listed at most for one input (the rest are counted).
MAX_PROBLEMS = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # tab, LF and CR are text
_TEMP_PREFIX = ".~xlprod-"


def shorten(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to ``limit`` characters, with ``…`` when something was left out."""
    return text if len(text) <= limit else text[:limit] + "…"


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a directory"
    return "not a regular file"


def check_input_file(path: Path, expected: str) -> os.stat_result:
    """Refuse at once an input that is missing or not a regular file (a FIFO, a device
    such as /dev/zero, a socket would block or never end); ``expected`` says what it
    should be (``"a JSON file"``)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise UnreadableFile(f"{path}: no such file") from None
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableFile(f"{path}: is a directory, expected {expected}")
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFile(f"{path}: not a regular file ({_file_kind(st.st_mode)}); "
                             f"give the path of {expected}")
    return st


def refuse_same_file(out: Path, *inputs: Path | None) -> None:
    """Never let an output replace one of the command's own inputs, even with --force."""
    for source in inputs:
        if source is not None and source.exists() and out.exists() and out.samefile(source):
            raise UsageError(f"{out} is also an input of this command; choose another output")
        if source is not None and out.resolve() == source.resolve():
            raise UsageError(f"{out} is also an input of this command; choose another output")


def _target(path: Path) -> Path:
    """Where the bytes go: a symbolic link is followed to the file it names."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _existing(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _check_replaceable(path: Path, st: os.stat_result) -> None:
    if stat.S_ISDIR(st.st_mode):
        raise RefuseOverwrite(f"{path} is a directory, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise RefuseOverwrite(f"{path} is {_file_kind(st.st_mode)}, not a regular file; "
                              "xlprod replaces regular files only: choose another output")


def check_writable(path: Path, force: bool) -> None:
    """Refuse early (before any work) when ``path`` exists and ``force`` is off, or when
    it is not a regular file (a device, FIFO, socket or folder is never replaced)."""
    target = _target(path)
    st = _existing(target)
    if st is not None and not force:
        raise RefuseOverwrite(f"{path} already exists; pass --force to replace it")
    if st is not None:
        _check_replaceable(path, st)
    if not target.parent.exists():
        raise UnreadableFile(f"{target.parent}: folder does not exist; create it first")


def _cannot_write(path: Path, exc: OSError) -> str:
    reason = exc.strerror or (os.strerror(exc.errno) if exc.errno else str(exc))
    return f"cannot write {path}: {reason[:1].lower()}{reason[1:]}"


@contextlib.contextmanager
def atomic_write(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success put it in place of ``path``.

    On any exception (a signal included: the CLI turns SIGTERM/SIGHUP into one) the
    temporary file is removed and ``path`` is untouched. Without ``force`` the file is
    created only if nothing is at ``path`` at that very moment.
    """
    check_writable(path, force)
    target = _target(path)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"{_TEMP_PREFIX}{target.name}.", suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        raise FileProblem(f"{path}: cannot write in {path.parent} ({exc.strerror})") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        existing = _existing(target)
        if existing is not None:  # a replaced file keeps its permissions
            os.chmod(tmp, stat.S_IMODE(existing.st_mode))
        else:  # mkstemp makes 0600; give a new file the usual permissions
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        try:
            yield tmp
        except OSError as exc:  # disk full, quota, permissions: say which file
            raise FileProblem(_cannot_write(path, exc)) from None
        try:
            with open(tmp, "rb+") as written:  # on disk before it takes the file's place
                os.fsync(written.fileno())
            if force:
                now = _existing(target)
                if now is not None:
                    _check_replaceable(path, now)
                os.replace(tmp, target)
            else:
                _create(tmp, target, path)
            _sync_folder(target.parent)
        except OSError as exc:
            raise FileProblem(_cannot_write(path, exc)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _create(tmp: Path, target: Path, path: Path) -> None:
    """Put ``tmp`` at ``target`` only if nothing is there: a hard link is created
    atomically and fails if the name exists, whoever made it."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise RefuseOverwrite(f"{path} already exists; pass --force to replace it") from None
    except OSError as exc:
        no_links = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS,
                    getattr(errno, "ENOTSUP", -1), getattr(errno, "EOPNOTSUPP", -1)}
        if exc.errno not in no_links:
            raise
    # No hard links on this file system (FAT, some network shares): claim the name
    # exclusively, then replace our own empty claim.
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise RefuseOverwrite(f"{path} already exists; pass --force to replace it") from None
    os.close(fd)
    os.replace(tmp, target)


def _sync_folder(folder: Path) -> None:
    """Make the new name durable too (POSIX; elsewhere there is nothing to do)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_text(path: Path, text: str, force: bool = False) -> None:
    """Write a text file atomically (UTF-8, trailing newline kept as given)."""
    with atomic_write(path, force) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_with(path: Path, writer: Callable[[Path], None], force: bool = False) -> None:
    """Call ``writer(tmp)`` and move the result over ``path`` atomically."""
    with atomic_write(path, force) as tmp:
        writer(tmp)


# -- JSON inputs -------------------------------------------------------------------------

class _Bad:
    """A JSON value the parser met but Python or Excel cannot hold; reported with its path."""

    def __init__(self, problem: str) -> None:
        self.problem = problem


class _Object(dict[str, Any]):
    """An object with a key given twice (only built then: every other object is a dict)."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj: dict[str, Any] = {}
    duplicates = []
    for key, value in pairs:
        if key in obj:
            duplicates.append(key)
        obj[key] = value
    if not duplicates:
        return obj
    marked = _Object(obj)
    marked.duplicates = duplicates
    return marked


def _int(text: str) -> int | _Bad:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        return _Bad(f"number {text[:20]}… has {digits} digits, more than any field takes; "
                    "check the value")
    return int(text)


def _float(text: str) -> float | _Bad:
    value = float(text)
    if not math.isfinite(value):
        return _Bad(f"number {shorten(text, 40)} is too large to be a number a spreadsheet "
                    "holds; check the value")
    return value


def _constant(text: str) -> _Bad:
    return _Bad(f"{text} is not a number (JSON has no {text}); give a number")


def _where(path: str, key: str) -> str:
    shown = shorten(key, 60)
    return f"{path}.{shown}" if path else shown


def input_problems(data: Any) -> list[str]:
    """What a spreadsheet cannot hold in parsed JSON, each with its place (``lines[3].rate``):
    a key given twice, text beyond Excel's 32 767 characters or holding control
    characters, numbers beyond reason, lists longer than a sheet. Kind-independent."""
    problems: list[str] = []
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack and len(problems) <= MAX_PROBLEMS:
        value, where = stack.pop()
        at = where or "(the input)"
        if isinstance(value, dict):
            for key in getattr(value, "duplicates", ()):
                problems.append(f"{_where(where, key)}: given twice in the same object; "
                                "keep one (JSON readers disagree on which one counts)")
            stack.extend((item, _where(where, str(key))) for key, item in
                         reversed(list(value.items())))
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                problems.append(f"{at}: {len(value)} items, more than the {MAX_ITEMS} rows of "
                                "a sheet; split the input")
                continue
            stack.extend((item, f"{where}[{i}]") for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str):
            if len(value) > MAX_TEXT:
                problems.append(f"{at}: text of {len(value)} characters ({shorten(value, 40)!r}), "
                                f"more than the {MAX_TEXT} an Excel cell holds; shorten it")
            elif (bad := _CONTROL.search(value)) is not None:
                problems.append(f"{at}: control character U+{ord(bad.group()):04X} at position "
                                f"{bad.start() + 1} of {shorten(value, 60)!r}; remove it "
                                "(tabs and line breaks are allowed)")
        elif isinstance(value, _Bad):
            problems.append(f"{at}: {value.problem}")
    if len(problems) > MAX_PROBLEMS:
        problems[MAX_PROBLEMS:] = ["… and more problems of the same kinds; fix these first"]
    return problems


def read_json(path: Path) -> Any:
    """Load a JSON input file, naming the file, line and column when it is malformed,
    and the field (``lines[3].rate``) when it holds what no workbook can take."""
    from xlprod.xlsx.package import limits

    st = check_input_file(path, "a JSON file")
    bound = limits()
    if st.st_size > bound.total:
        raise UnreadableFile(f"{path}: {st.st_size // (1024 * 1024)} MB, more than the "
                             f"{bound.total_mb} MB xlprod reads; raise the limit with "
                             "XLPROD_MAX_UNPACKED_MB=<MB> if the file is genuine")
    try:
        # Non-blocking open: a FIFO put there since the check is not waited on.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise UnreadableFile(f"{path}: not a regular file; give the path of a JSON file")
            raw = file.read(bound.total + 1)
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path}: not UTF-8 text; save the JSON as UTF-8") from None
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > bound.total:  # grew since it was measured
        raise UnreadableFile(f"{path}: more than the {bound.total_mb} MB xlprod reads")
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_int=_int, parse_float=_float,
                          parse_constant=_constant)
    except RecursionError:
        raise UnreadableFile(f"{path}: JSON nested too deeply to be an xlprod input") from None
    except json.JSONDecodeError as exc:
        raise UnreadableFile(
            f"{path}:{exc.lineno}:{exc.colno}: malformed JSON ({exc.msg})"
        ) from None
    problems = input_problems(data)
    if problems:
        raise InvalidInput(problems, str(path))
    return data
