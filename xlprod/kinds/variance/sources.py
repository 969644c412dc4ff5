"""Where a cost report's data comes from besides its JSON, and the re-import of actuals.

- :func:`from_fec` (``xlprod new variance --fec FEC.txt``): the class-6 lines of an
  FEC become the report's ``actuals``;
- :func:`from_budget` (``--budget devis.xlsx``): a budget workbook, read through the
  library, becomes the report's ``budget`` rows (:func:`.derive.budget_from`);
- :func:`merge` and :func:`import_actuals` (``xlprod run import-actuals REPORT --fec
  FEC``): the actuals of a newer FEC replace the old ones; everything the user typed
  stays (commitments, estimates, revised budget, explanations, the mapping, added
  rows, their own sheets), each account's EFC before the import becomes its
  "CFE précédent" and the old report date the previous report's.

Without ``--from``, a new report is dated today.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from xlprod.errors import UsageError

__all__ = ["from_budget", "from_fec", "import_actuals", "merge"]

#: Files at least this large show a progress bar while they are read (on a terminal).
PROGRESS_BYTES = 2 << 20


@contextmanager
def _terminal_progress(path: Path) -> Iterator[Callable[[int, int], None] | None]:
    """A click progress bar on stderr for a large file, when stderr is a terminal."""
    if not sys.stderr.isatty() or path.stat().st_size < PROGRESS_BYTES:
        yield None
        return
    import click

    with click.progressbar(length=path.stat().st_size, label=f"Lecture de {path.name}",
                           file=sys.stderr) as bar:
        done = [0]

        def advance(current: int, total: int) -> None:
            bar.update(current - done[0])
            done[0] = current

        yield advance


def read_actuals(path: Path) -> list[dict[str, Any]]:
    """The FEC's class-6 lines as the model's ``actuals`` (errors name file, line, column)."""
    from xlprod.importers import read_fec
    from xlprod.kinds.variance.derive import actuals_from_fec

    with _terminal_progress(path) as progress:
        return actuals_from_fec(read_fec(path, progress=progress))


def from_fec(path: Path, data: dict[str, Any] | None) -> dict[str, Any]:
    """``data`` with the FEC's actuals (replacing any it had)."""
    data = dict(data) if data is not None else _fresh("Suivi budgétaire")
    data["actuals"] = read_actuals(path)
    return data


def from_budget(path: Path, data: dict[str, Any] | None) -> dict[str, Any]:
    """``data`` with the budget rows of the budget workbook at ``path``."""
    from xlprod import api
    from xlprod.kinds.variance.derive import budget_from

    loaded = api.load(path)
    if loaded.spec.name != "budget":
        raise UsageError(f"{path}: is a {loaded.spec.name} workbook, not a budget; give --budget "
                         "a budget workbook (devis) made by xlprod")
    model = loaded.model_or_raise()
    data = dict(data) if data is not None else _fresh(f"{model.title} — suivi budgétaire")
    data["budget"] = budget_from(model)
    data.setdefault("variant", model.kind)
    return data


def _fresh(title: str) -> dict[str, Any]:
    return {"title": title, "as_of": dt.date.today().isoformat()}


def merge(model: Any, incoming: dict[str, Any]) -> Any:
    """The report after importing ``incoming["actuals"]``: the user's inputs as they were,
    each account's EFC before the import as ``previous`` (with the old date), the report
    dated at the latest of its date and the newest entry imported.

    The EFC before the import is ``incoming["shown_efc"]`` when given (account → the EFC
    the old report showed); else the engine computes it from ``model``, which must then
    hold the old actuals."""
    from xlprod.kinds.variance.compute import compute
    from xlprod.kinds.variance.model import VarianceReport

    shown = incoming.get("shown_efc")
    if shown is None:
        shown = {a["account"]: a["efc"] for a in compute(model)["accounts"]}
    data = model.model_dump(mode="json")
    data["actuals"] = incoming["actuals"]
    data["previous"] = [{"account": account, "efc": efc} for account, efc in shown.items()]
    data["previous_as_of"] = model.as_of.isoformat()
    dates = [a["date"] for a in incoming["actuals"]]
    data["as_of"] = max([model.as_of.isoformat(), *dates])
    return VarianceReport.model_validate(data)


def import_actuals(path: Path, fec: Path, *, force: bool = False) -> Any:
    """Replace the actuals of the cost report at ``path`` with those of ``fec``, keeping
    the user's work (backup first; see :func:`xlprod.update.update`)."""
    from xlprod import api
    from xlprod.errors import UnreadableFile
    from xlprod.update import update
    from xlprod.workbooks.variance import ENTRIES_NAME

    if not fec.exists():
        raise UnreadableFile(f"{fec}: no such file")
    # The old entries are replaced: they are read only when the EFC the report showed
    # cannot be (a workbook saved by a program that does not calculate, or whose
    # formulas were typed over), for the engine to compute it from them.
    loaded = api.load(path, pass_over=frozenset({ENTRIES_NAME}))
    if loaded.spec.name != "variance":
        raise UsageError(f"{path}: is a {loaded.spec.name} workbook, not a cost report "
                         "(variance); import actuals into a workbook made by xlprod new variance")
    shown = loaded.shown.get("efc")
    if shown is None or loaded.tampered:
        loaded, shown = api.load(path), None
    model = loaded.model_or_raise(ignore_formulas=True)
    incoming = {"actuals": read_actuals(fec), "shown_efc": shown}
    merged = loaded.spec.merge(model, incoming) if loaded.spec.merge else model
    return update(path, force=force, model=merged, loaded=loaded)
