"""Read a (user-filled) cost report back into the input model's data.

A Suivi row with a revised budget is a budget row; a row without one is a row
xlprod added for money assigned to an account the budget does not have (its
figures are the engine's again on reading), but its "CFE précédent" is kept.
An Analyse des écarts row counts when the user wrote an explanation or a
treatment.
"""

from __future__ import annotations

from typing import Any

from xlprod.kinds.base import Finding, Locator, ReadBack
from xlprod.workbooks import variance as wbdef
from xlprod.xlsx.reader import Row, WorkbookReader


def read(r: WorkbookReader) -> ReadBack:
    locator = Locator()
    data: dict[str, Any] = {}
    for form in (wbdef.PARAMS, wbdef.MAPPING_PARAMS):
        values, cells = r.read_form(form)
        for key, cell in cells.items():
            locator.add((key,), cell)
        data.update({k: v for k, v in values.items()
                     if v not in (None, "") or k in ("previous_as_of", "threshold_amount")})
    if "variant" in data:
        data["variant"] = _variant(r, data["variant"], locator.cells[("variant",)])
    layout = wbdef.layout(r.lang)
    budget, previous = _report(r, layout.tables["report"], locator)
    data["budget"], data["previous"] = budget, previous
    for key in ("entries", "commitments", "estimates", "mapping", "explanations"):
        tdef = layout.tables[key]
        data[tdef.path] = _rows(r, tdef, locator, key)
    findings = [Finding("error", (), p.message, p.cell) for p in r.problems]
    return ReadBack(data, locator, findings)


def _variant(r: WorkbookReader, shown: str, cell: str) -> str:
    """The model's code of the production type shown (in either language, or the code)."""
    for code, label in wbdef.VARIANTS.items():
        if shown.lower() in (code, label.fr.lower(), label.en.lower()):
            return code
    r.problem(cell, f"type de production « {shown} » inconnu ; choisissez : "
              + ", ".join(v.fr for v in wbdef.VARIANTS.values()),
              f"unknown production type {shown!r}; choose one of "
              + ", ".join(v.en for v in wbdef.VARIANTS.values()))
    return shown


def _located(locator: Locator, path: str, kept: list[Row], first: str) -> None:
    locator.add_rows((path,), lambda i, key: kept[i].cell(key if key in kept[i].letters
                                                          else first),
                     count=lambda: len(kept), keys=tuple(kept[0].letters) if kept else ())


def _report(r: WorkbookReader, tdef: Any, locator: Locator
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    budget: list[dict[str, Any]] = []
    previous: list[dict[str, Any]] = []
    kept: list[Row] = []
    for row in r.table_rows(tdef):
        if row.is_blank(list(tdef.inputs)):
            continue
        values = r.typed(row, tdef)
        account = values["account"]
        if values.get("previous") is not None and account:
            previous.append({"account": account, "efc": values["previous"]})
        if values.get("revised") is None:
            continue  # a row xlprod added: not a budget row
        kept.append(row)
        item = {"account": account, "label": values["label"], "amount": values["revised"]}
        item.update({k: values[k] for k in ("chapter", "initial") if values.get(k) is not None})
        budget.append(item)
    _located(locator, "budget", kept, "account")
    # "amount" is the revised budget's column
    cell_of = locator.rows[("budget",)]
    locator.rows[("budget",)] = lambda i, key: cell_of(i, "revised" if key == "amount" else key)
    return budget, previous


def _rows(r: WorkbookReader, tdef: Any, locator: Locator, key: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    kept: list[Row] = []
    wanted = list(tdef.inputs)
    if key == "explanations":  # a row counts for what the user wrote
        wanted = ["explanation", "treatment"]
    for row in r.table_rows(tdef):
        if row.is_blank(wanted):
            continue
        values = r.typed(row, tdef)
        kept.append(row)
        out.append({k: v for k, v in values.items() if v is not None
                    or (key == "mapping" and k == "account")})
    _located(locator, tdef.path, kept, tdef.columns[0].key)
    return out
