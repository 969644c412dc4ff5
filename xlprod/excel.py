"""What a ribbon button runs in Excel, through xlwings' ``RunPython``::

    import xlprod.excel; xlprod.excel.run('compare-budgets', r'A.xlsx', r'B.xlsx', '-o', r'C.xlsx')

:func:`run` runs the button's ``xlprod run`` command on the arguments the VBA
module collected (:func:`xlprod.commands.ribbon.vba_module`) and shows the
outcome in a message box. It never raises: a Python exception would reach the
user as an xlwings traceback dialog.
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from xlprod.commands import ActiveWorkbook, Command, SaveAs, find
from xlprod.errors import UsageError, XlprodError

if TYPE_CHECKING:
    from xlprod.workbook_io import Files

Notify = Callable[[str, str, bool], object]  # (message, title, is_error)
MAX_LINES = 20  # a message box is no place for a long report


def alert(message: str, title: str, error: bool = False) -> None:
    """Show ``message`` in the Excel that called (open-source xlwings ``App.alert``);
    print it when there is no Excel, e.g. on Linux or in a terminal."""
    try:
        import xlwings as xw

        try:
            app = xw.Book.caller().app
        except Exception:
            app = xw.apps.active  # type: ignore[assignment]
        app.alert(message, title=title, mode="critical" if error else "info")
    except Exception:
        print(f"{title}: {message}", file=sys.stderr if error else sys.stdout)


def run(command_id: str, *args: str, notify: Notify | None = None,
        host: Files | None = None) -> bool:
    """Run ``xlprod run COMMAND_ID ARGS…`` and report its outcome through ``notify``
    (default :func:`alert`): what it printed (``Wrote …``, findings), or ``Error: …``.

    ``host`` (default :func:`xlprod.workbook_io.host`: the calling Excel, if any) closes
    and reopens the active workbook around a command that rewrites it, and opens the
    file a command wrote. Returns True when the command succeeded.
    """
    out = io.StringIO()
    problem = None
    after: list[str] = []
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            _invoke(command_id, list(args), host, after)
    except XlprodError as exc:
        problem = str(exc)
    except click.ClickException as exc:
        problem = exc.format_message()
    except click.Abort:
        problem = "cancelled"
    except OSError as exc:
        problem = f"{exc.filename or ''}: {exc.strerror}" if exc.strerror else str(exc)
    except (Exception, SystemExit) as exc:  # a bug of ours: say so, never raise into VBA
        problem = (f"internal error ({type(exc).__name__}: {exc}); this is a bug in xlprod: "
                   f"run `xlprod run {command_id}` with the same files and XLPROD_DEBUG=1")
    lines = out.getvalue().splitlines() + after
    if problem is not None:
        lines.append(f"Error: {problem}")
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], f"… and {len(lines) - MAX_LINES + 1} more lines"]
    title = f"xlprod: {command_id}"
    message = "\n".join(lines) or "Done."
    try:
        (notify or alert)(message, title, problem is not None)
    except Exception:
        with contextlib.suppress(Exception):
            print(f"{title}: {message}")
    return problem is None


def _invoke(command_id: str, args: list[str], host: Files | None, after: list[str]) -> None:
    command = find(command_id)
    if command is None:
        raise UsageError(f"unknown command {command_id!r}: the add-in and the installed xlprod "
                         "differ; regenerate the add-in (`xlprod addin vba`) or update xlprod")
    click_command = command.click()
    active, output = _answers(command, args)
    if host is None and (command.updates or command.opens):
        from xlprod.workbook_io import host as calling_excel

        host = calling_excel()
    updating = host is not None and command.updates and active is not None
    if updating:
        host.before_update(active)  # type: ignore[union-attr, arg-type]
    try:
        click_command.main(args=args, prog_name=f"xlprod run {command_id}", standalone_mode=False)
    finally:
        if updating and (line := host.after_update(active)):  # type: ignore[union-attr, arg-type]
            after.append(line)
    if host is not None and command.opens and output is not None and (line := host.wrote(output)):
        after.append(line)


def _answers(command: Command, args: list[str]) -> tuple[Path | None, Path | None]:
    """The active workbook and the Save As answer in ``args``, when ``args`` are laid out as
    the button lays them out (each prompt: its option, its answer, a SaveAs's force flag)."""
    active = output = None
    i = 0
    for prompt in command.prompts:
        if prompt.option:
            if i >= len(args) or args[i] != prompt.option:
                return None, None
            i += 1
        if i >= len(args):
            return None, None
        if isinstance(prompt, ActiveWorkbook):
            active = Path(args[i])
        elif isinstance(prompt, SaveAs):
            output = Path(args[i])
            if i + 1 < len(args) and args[i + 1] == prompt.force:
                i += 1
        i += 1
    return active, output
