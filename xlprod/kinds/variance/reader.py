"""Read a (user-filled) cost report back into the input model's data.

A Suivi row with a revised budget is a budget row; a row without one is a row
xlprod added for money assigned to an account the budget does not have (its
figures are the engine's again on reading), but its "CFE précédent" is kept.
An Analyse des écarts row counts when the user wrote an explanation or a
treatment. Comptes du FEC is xlprod's (made anew from the entries at each
update), not read as input; an entry whose CompteNum it lacks is reported
like a formula typed over, since the workbook then leaves it out of the Suivi.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from xlprod.kinds.base import Finding, Locator, ReadBack
from xlprod.money import CENT
from xlprod.workbooks import variance as wbdef
from xlprod.xlsx.reader import CellProblem, Row, WorkbookReader


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
    budget, previous, efc, added = _report(r, layout.tables["report"], locator)
    data["budget"], data["previous"] = budget, previous
    passed_over = wbdef.ENTRIES_NAME in r.passed_over
    for key in ("entries", "commitments", "estimates", "mapping", "explanations"):
        tdef = layout.tables[key]
        if key == "entries":
            data[tdef.path] = [] if passed_over else _rows(
                r, tdef, locator, key, _unlisted_check(r, layout.tables["accounts"]))
            continue
        data[tdef.path] = _rows(r, tdef, locator, key)
    findings = [Finding("error", (), p.message, p.cell) for p in r.problems]
    shown: dict[str, Any] = {"suivi_accounts": frozenset(str(a["account"]) for a in budget)
                             | added}
    if efc is not None:
        shown["efc"] = efc
    return ReadBack(data, locator, findings, shown=shown)


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
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Decimal] | None,
                       frozenset[str]]:
    """The budget rows, the previous report's EFC per account, the EFC per account the
    Suivi last showed (None when a row has no computed value: saved by a program that
    does not calculate), and the accounts of the rows xlprod added."""
    budget: list[dict[str, Any]] = []
    previous: list[dict[str, Any]] = []
    shown: dict[str, Decimal] | None = {}
    added: set[str] = set()
    kept: list[Row] = []
    for row in r.iter_rows(tdef, cached=("efc",)):
        if row.is_blank(list(tdef.inputs)):
            continue
        values = r.typed(row, tdef)
        account = values["account"]
        efc = row.cached.get("efc")
        if shown is not None and account:
            if isinstance(efc, int | float) and not isinstance(efc, bool) and math.isfinite(efc):
                shown.setdefault(str(account), Decimal(repr(efc)).quantize(CENT))
            else:
                shown = None
        if values.get("previous") is not None and account:
            previous.append({"account": account, "efc": values["previous"]})
        if values.get("revised") is None:
            if account:
                added.add(str(account))
            continue  # a row xlprod added: not a budget row
        kept.append(row)
        item = {"account": account, "label": values["label"], "amount": values["revised"]}
        item.update({k: values[k] for k in ("chapter", "initial") if values.get(k) is not None})
        budget.append(item)
    _located(locator, "budget", kept, "account")
    # "amount" is the revised budget's column
    cell_of = locator.rows[("budget",)]
    locator.rows[("budget",)] = lambda i, key: cell_of(i, "revised" if key == "amount" else key)
    return budget, previous, shown, frozenset(added)


def _unlisted_check(r: WorkbookReader, tdef: Any) -> Callable[[Row, dict[str, Any]], None]:
    """What checks each entry's CompteNum against Comptes du FEC, as its lookup compares
    them (text, any case): one problem per CompteNum missing there. A workbook made before
    the table existed (its entries map by themselves) is not checked."""
    listed: set[str] | None = None
    if r.has_table(tdef.name):
        listed = {str(r.typed(row, tdef)["compte_num"]).upper() for row in r.iter_rows(tdef)
                  if row.values.get("compte_num") not in (None, "")}
    reported: set[str] = set()

    def check(row: Row, values: dict[str, Any]) -> None:
        nonlocal listed
        if listed is None:
            if wbdef.ACCOUNTS_NAME not in row.formulas.get("account", ""):
                return
            listed = set()  # the table was deleted: no entry is looked up
        compte = values.get("compte_num")
        if not compte or str(compte).upper() in listed or compte in reported:
            return
        reported.add(compte)
        r.overwritten.append(CellProblem(row.cell("compte_num"), r.say(
            f"le compte {compte} n'est pas au tableau « Comptes du FEC » : ses écritures "
            f"montrent « {wbdef.UNLISTED.fr} » et le Suivi ne les compte pas (voir sa ligne "
            "Contrôle) ; `xlprod run upgrade` l'ajoute",
            f"account {compte} is not in the “FEC accounts” table: its entries show "
            f"“{wbdef.UNLISTED.en}” and the Cost report leaves them out (see its Check line); "
            "`xlprod run upgrade` adds it")))

    return check


def _rows(r: WorkbookReader, tdef: Any, locator: Locator, key: str,
          each: Callable[[Row, dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    kept: list[Row] = []
    wanted = list(tdef.inputs)
    if key == "explanations":  # a row counts for what the user wrote
        wanted = ["explanation", "treatment"]
    for row in r.iter_rows(tdef):
        if row.is_blank(wanted):
            continue
        values = r.typed(row, tdef)
        kept.append(row)
        out.append({k: v for k, v in values.items() if v is not None
                    or (key == "mapping" and k == "account")})
        if each is not None:
            each(row, values)
    _located(locator, tdef.path, kept, tdef.columns[0].key)
    return out
