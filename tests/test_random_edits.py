"""Random edits a user makes with another program, against `validate`, `export` and LibreOffice.

hypothesis picks a few edits — an input cell overwritten with a number, text or date, a
formula cell typed over, a row inserted inside a table or typed under it without the table
growing, a column's values deleted, a sheet renamed — applies them with openpyxl to a
generated budget, cue sheet and cost report, and runs the real command line in-process. Whatever the
edits: a clean exit (0, 1, 2), an `Error:` line or findings, never an internal error; and
when `export` exits 0 its contract totals equal LibreOffice's recalculation of the very
same file. LibreOffice's cost is bounded: a fixed, derandomized set of examples per kind,
all recalculated in one soffice run after hypothesis is done.
"""

from __future__ import annotations

import io
import json
import shutil
import sys
from contextlib import redirect_stderr, redirect_stdout
from datetime import date, datetime
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from helpers import close
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

from xlprod import api
from xlprod.cli import main

pytestmark = pytest.mark.libreoffice

EXAMPLES = 12
#: the contract's defined names (CONTRACT.md §2) → the export's results key
TOTALS = {
    "budget": {"BUDGET_SUBTOTAL": "subtotal", "BUDGET_OVERHEAD": "overhead",
               "BUDGET_CONTINGENCY": "contingency", "BUDGET_TOTAL": "total",
               "BUDGET_CHARGES": "charges"},
    "cuesheet": {"CUE_TOTAL_FRAMES": "total_frames"},
    "variance": {"VAR_TOTAL_BUDGET": "total_budget", "VAR_TOTAL_ACTUAL": "total_actual",
                 "VAR_TOTAL_EFC": "total_efc", "VAR_TOTAL_VARIANCE": "total_variance",
                 "VAR_UNMAPPED_TOTAL": "unmapped_total"},
}

values = st.one_of(
    st.integers(min_value=-1_000, max_value=200_000),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "abc", "12", "7,5", " technicien ", "00:01:00:00", "=1+1", "FR"]),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2030, 12, 31)),
)
fraction = st.floats(min_value=0, max_value=0.999)
#: what a user does, the common edits more often than the rare ones
ACTIONS = ["input"] * 5 + ["named", "named", "formula", "total", "insert", "insert", "under",
                           "clear", "rename"]
edits = st.lists(st.tuples(
    st.sampled_from(ACTIONS),
    st.sampled_from(["main", "main", "any"]),  # the main data table, or any table
    fraction, fraction, fraction, values,
), min_size=1, max_size=3)
#: the table whose lines make the totals
MAIN = {"budget": "BudgetLines", "cuesheet": "CueList", "variance": "VarEntries"}


def run(*args: object) -> tuple[int, str, str]:
    """The real command line, in-process (``main`` maps errors to exit codes)."""
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch.object(sys, "argv", ["xlprod", *map(str, args)]), \
            redirect_stdout(out), redirect_stderr(err):
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return code, out.getvalue(), err.getvalue()


def _tables(wb: Any) -> list[tuple[Any, str, tuple[int, int, int, int]]]:
    return sorted(((ws, name, range_boundaries(ref)) for ws in wb.worksheets
                   for name, ref in ws.tables.items()), key=lambda t: t[1])


def _named_cells(wb: Any) -> dict[str, tuple[str, str]]:
    """Workbook-level names of one cell → (sheet, cell)."""
    out = {}
    for name, dn in wb.defined_names.items():
        destinations = list(dn.destinations)
        if len(destinations) == 1 and ":" not in destinations[0][1] and \
                destinations[0][0] in wb.sheetnames:  # a renamed sheet loses its names
            out[name] = (destinations[0][0], destinations[0][1].replace("$", ""))
    return out


def _pick(items: list[Any], at: float) -> Any:
    return items[int(at * len(items))]


def _columns(ws: Any, box: tuple[int, int, int, int], formulas: bool) -> list[int]:
    """The table's columns whose first data cell holds a formula (or does not)."""
    min_col, min_row, max_col, _ = box
    return [c for c in range(min_col, max_col + 1)
            if (str(ws.cell(min_row + 1, c).value or "").startswith("=")) == formulas]


def apply(path: Path, kind: str, plan: list[tuple[Any, ...]]) -> list[str]:
    """Apply ``plan`` to the workbook at ``path`` (saved in place); say what was done."""
    wb = load_workbook(path)
    said = []
    for action, which, at, row_at, col_at, value in plan:
        tables = _tables(wb)
        ws, name, box = (next(t for t in tables if t[1] == MAIN[kind]) if which == "main"
                         else _pick(tables, at))
        min_col, min_row, max_col, max_row = box
        row = min_row + 1 + int(row_at * (max_row - min_row))
        if action in ("input", "formula", "clear"):
            columns = _columns(ws, box, formulas=action == "formula")
            if not columns or max_row <= min_row:
                continue
            col = _pick(columns, col_at)
            if action == "clear":
                for r in range(min_row + 1, max_row + 1):
                    ws.cell(r, col).value = None
                said.append(f"column {ws.cell(min_row, col).value!r} of {name} cleared")
                continue
            typed = value if action == "input" else int(abs(value)) if isinstance(
                value, int | float) else 85_000
            ws.cell(row, col).value = typed
            said.append(f"{ws.title}!{ws.cell(row, col).coordinate} = {typed!r}")
        elif action == "named":  # a named input cell (a rate, the year, a global)
            inputs = sorted(n for n, ref in _named_cells(wb).items()
                            if not str(wb[ref[0]][ref[1]].value or "").startswith("="))
            if not inputs:  # the sheet holding them was renamed
                continue
            name = _pick(inputs, at)
            sheet, ref = _named_cells(wb)[name]
            wb[sheet][ref] = value
            said.append(f"{name} ({sheet}!{ref}) = {value!r}")
        elif action == "total":  # a contract total typed over
            total = _pick(sorted(TOTALS[kind]), at)
            sheet, ref = next(iter(wb.defined_names[total].destinations))
            wb[sheet][ref.replace("$", "")] = 85_000
            said.append(f"{total} typed over")
        elif action == "insert":  # the rows below move down, formulas with them; the table stays
            last = ws.cell(1, ws.max_column).column_letter
            ws.move_range(f"A{row}:{last}{ws.max_row}", rows=1, translate=True)
            said.append(f"row inserted at {ws.title}!{row} in {name}")
        elif action == "under":
            col = min_col + int(col_at * (max_col - min_col + 1))
            ws.cell(max_row + 1, col).value = value
            said.append(f"{ws.title}!{ws.cell(max_row + 1, col).coordinate} = {value!r} "
                        f"under {name}")
        else:
            sheet = _pick(wb.worksheets, at)
            said.append(f"sheet {sheet.title!r} renamed")
            sheet.title = f"{sheet.title[:20]} (2)"
    wb.save(path)
    return said


def clean(code: int, out: str, err: str, what: str) -> None:
    assert code in (0, 1, 2), (what, code, err)
    assert "Traceback" not in out + err and "internal error" not in err, (what, err)
    if code == 2:
        assert err.startswith("Error: "), (what, err)


@pytest.mark.parametrize("kind", sorted(TOTALS))
def test_random_edits_end_cleanly_and_export_agrees_with_libreoffice(
        kind, tmp_path, lo_recalc):
    base = api.demo(tmp_path / "dossier")
    source = next(p for p in base if p.name == f"{kind}.xlsx")
    exported: dict[Path, tuple[list[str], dict[str, Any]]] = {}
    count = iter(range(10_000))

    @settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow])
    @given(plan=edits)
    # the main table's input columns, in order (budget: A–L then S; cue sheet: A–D, G–P):
    # a number, a date and a blank where the totals are made
    @example(plan=[("input", "main", 0, 0.5, 0.47, 1234.5)])
    @example(plan=[("input", "main", 0, 0.2, 0.25, date(2026, 3, 1))])
    @example(plan=[("clear", "main", 0, 0, 0.4, "")])
    @example(plan=[("input", "main", 0, 0.7, 0.3, "00:02:00:00")])
    def one(plan: list[tuple[Any, ...]]) -> None:
        path = tmp_path / "edited" / f"{kind}-{next(count)}.xlsx"
        path.parent.mkdir(exist_ok=True)
        shutil.copyfile(source, path)
        said = apply(path, kind, plan)
        code, out, err = run("validate", path)
        clean(code, out, err, said)
        if code == 1:
            assert "error: " in out, (said, out)
        code, out, err = run("export", path)
        clean(code, out, err, said)
        if code == 1:
            assert err.startswith("Error: "), (said, err)
        if code == 0:
            exported[path] = (said, json.loads(out)["results"])

    one()
    assert exported, "no edited workbook exported: the edits are too destructive to compare"
    recalculated = lo_recalc(list(exported))
    for path, (said, results) in exported.items():
        names = recalculated[path]["names"]
        for name, key in TOTALS[kind].items():
            assert close(names[name], results[key]), (said, name, names[name], results[key])
