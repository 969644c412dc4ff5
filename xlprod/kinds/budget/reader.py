"""Read a (user-filled) budget workbook back into the input model's data."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from xlprod import charges
from xlprod.errors import InvalidInput, NotXlprodWorkbook
from xlprod.kinds.base import Finding, Locator, ReadBack
from xlprod.kinds.budget.compute import COMPANY_RATE_KEYS
from xlprod.workbooks import budget as wbdef
from xlprod.xlsx.reader import CellProblem, WorkbookReader

_GLOBAL_REF = re.compile(r"=\s*([A-Za-z_][A-Za-z0-9_]*)\s*")
LINE_INPUTS = [c.key for c in wbdef.LINES.columns if c.is_input]


def read(r: WorkbookReader) -> ReadBack:
    locator = Locator()
    data, cells = r.read_form(wbdef.PARAMS)
    for key, cell in cells.items():
        locator.add((key,), cell)
    for key, name in (("overhead_rate", "BUDGET_OVERHEAD_RATE"),
                      ("contingency_rate", "BUDGET_CONTINGENCY_RATE")):
        value, cell = r.named_cell(name)
        locator.add((key,), cell)
        data[key] = r.number(value, cell, key.replace("_", " "))
    data["globals"] = _globals(r, locator)
    data["lines"] = _lines(r, locator, data["globals"])
    data.update(_company(r, locator))
    company, company_cells = r.read_form(wbdef.COMPANY_FORM)
    for key, cell in company_cells.items():
        locator.add((key,), cell)
    data.update({k: v for k, v in company.items() if v is not None})
    data["rate_overrides"] = _overrides(r, data, locator)
    _reference_cells(r, data)
    findings = [Finding("error", (), p.message, p.cell) for p in r.problems]
    return ReadBack(data, locator, findings)


def _globals(r: WorkbookReader, locator: Locator) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row in r.table_rows(wbdef.GLOBALS):
        if row.is_blank(["name", "value"]):
            continue
        name = r.text(row.values["name"])
        if not name:
            r.problem(row.cells["name"], "une variable a besoin d'un nom (ex. shoot_days)",
                      "a global needs a name (e.g. shoot_days)")
            continue
        locator.add(("globals", name), row.cells["value"])
        if name.lower() in {k.lower() for k in out}:
            r.problem(row.cells["name"], f"la variable « {name} » est définie deux fois (les noms "
                      "ignorent la casse) ; gardez une seule ligne",
                      f"global {name!r} is defined twice (names ignore case); keep one row")
        elif r.name_target(name) != row.cells["value"]:
            # Lines use the defined name: without it Excel shows #NAME? everywhere.
            r.problem(row.cells["name"], f"la variable « {name} » n'a pas de nom défini sur "
                      f"{row.cells['value']} : sélectionnez cette cellule et tapez {name} dans la "
                      "zone Nom (Formules → Définir un nom), pour que les lignes puissent utiliser "
                      "=" + name,
                      f"global {name!r} has no defined name pointing at "
                      f"{row.cells['value']}: select that cell and type {name} in the Name Box "
                      "(Formulas → Define Name), so lines can use =" + name)
        out[name] = r.number(row.values["value"], row.cells["value"],
                             r.say(f"variable « {name} »", f"global {name!r}"))
    return out


def _lines(r: WorkbookReader, locator: Locator, globals_: dict[str, Any]) -> list[dict[str, Any]]:
    by_lower = {name.lower(): name for name in globals_}  # Excel names ignore case
    lines = []
    # Where each line kept lives: its row number (every row shares the sheet and letters).
    kept: list[int] = []
    letters: dict[str, str] = {}
    sheet: list[str] = []

    def cell(i: int, key: str | None) -> str:
        return f"{sheet[0]}!{letters.get(key or '') or letters['label']}{kept[i]}"

    locator.add_rows(("lines",), cell, count=lambda: len(kept),
                     keys=tuple(c.key for c in wbdef.LINES.columns))
    for row in r.iter_rows(wbdef.LINES):
        if row.is_blank(LINE_INPUTS) and "quantity" not in row.formulas:
            continue
        if not sheet:
            letters.update(row.letters)
            sheet.append(row.sheet)
        kept.append(row.number)
        line = r.typed(row, wbdef.LINES)
        formula = row.formulas.get("quantity")
        if formula is not None:
            match = _GLOBAL_REF.fullmatch(formula)
            if match:
                line["quantity"] = by_lower.get(match.group(1).lower(), match.group(1))
            else:
                r.problem(row.cell("quantity"), f"la formule de quantité « {formula} » n'est pas "
                          "prise en charge ; tapez un nombre ou =nom d'une variable de la feuille "
                          "Paramètres",
                          f"quantity formula {formula!r} is not supported; type a number or "
                          "=name of a global defined on the Parameters sheet")
                line["quantity"] = Decimal(0)
        elif line["quantity"] is None:
            line["quantity"] = Decimal(0)
        if line["eligible"] is None:
            del line["eligible"]  # blank: the default by chapter and location
        lines.append(line)
    return lines



def _company(r: WorkbookReader, locator: Locator) -> dict[str, Any]:
    """The company parameters; a workbook made before their table has the defaults."""
    try:
        rows = r.table_rows(wbdef.COMPANY)
    except NotXlprodWorkbook:
        return {}
    out: dict[str, Any] = {}
    for row in rows:
        key = r.text(row.values["key"])
        if key in wbdef.COMPANY_NAMES:
            locator.add((key,), row.cells["value"])
            out[key] = r.text(row.values["value"])
        elif key:
            r.problem(row.cells["key"], f"company parameter {key!r} is not one of "
                      f"{', '.join(wbdef.COMPANY_NAMES)}")
    return out


def _overrides(r: WorkbookReader, data: dict[str, Any], locator: Locator) -> dict[str, Any]:
    """Rates the user changed on the Rates sheet, relative to the reference table."""
    year, rates_date = data.get("year"), data.get("rates_date")
    if not isinstance(year, int):
        return {}
    try:
        on = rates_date or date(year, 1, 1)
        company = charges.Company(
            headcount_band=str(data.get("headcount_band", "1-10")),
            rates=tuple((k, data[k]) for k in COMPANY_RATE_KEYS
                        if isinstance(data.get(k), Decimal)))
        reference = charges.rate_table(on, company)
    except InvalidInput:
        return {}  # the year has no rates, or a bad band: reported by the checks
    known = {row.code: row for row in reference.rows}
    overrides: dict[str, dict[str, Decimal]] = {}
    for row in r.table_rows(wbdef.RATES):
        code = r.text(row.values["code"])
        if not code:
            continue
        if code not in known:
            r.problem(row.cells["code"], f"la cotisation « {code} » n'est pas dans la table des "
                      "taux d'xlprod ; ajoutez son coût au taux d'une ligne existante",
                      f"contribution {code!r} is not in xlprod's rate table; "
                      "add its cost to an existing row's rate instead")
            continue
        for status in wbdef.SALARIED:
            if status in row.formulas:
                continue  # set by the company parameters (Paramètres)
            value = r.number(row.values[status], row.cells[status], f"{code} rate for {status}",
                             required=False) or Decimal(0)
            if value != known[code].employer.get(status, Decimal(0)):
                overrides.setdefault(code, {})[status] = value
    return overrides


def _reference_cells(r: WorkbookReader, data: dict[str, Any]) -> None:
    """The ceilings, units, statuses, eligible chapters and DFS the Rates sheet shows are
    xlprod's reference data, read by every line's formulas but never by the engine: a
    value typed over one makes the printed charges differ from export's. Reported as
    xlprod's cells typed over (``run upgrade`` writes them back)."""
    from xlprod import reference

    year, rates_date = data.get("year"), data.get("rates_date")
    if not isinstance(year, int):
        return
    try:
        table = charges.rate_table(rates_date or date(year, 1, 1))
        chapters = list(reference.tax_credit(str(data.get("kind") or "cinema")).eligible_chapters)
    except InvalidInput:
        return  # the year or the kind is wrong: reported by the checks
    units, salaried = wbdef.UNITS, wbdef.SALARIED
    expected: dict[str, list[list[Any]]] = {
        wbdef.UNIT_CEILINGS: [[table.unit_ceiling(u, "technicien"), table.unit_ceiling(u, "artiste")]
                              for u in units],
        wbdef.CEILING_UNITS: [[u] for u in units],
        wbdef.PAID_DAYS: [list(charges.paid_days(u)) for u in units],
        wbdef.MONTHLY_CEILING: [[table.ceilings.monthly]],
        wbdef.HOURLY_CEILING: [[table.ceilings.hourly]],
        wbdef.AGG_STATUSES: [[s] for s in salaried],
        wbdef.TAX_CREDIT_CHAPTERS: [chapters or ["–"]],
        wbdef.DFS_RATE: [[table.dfs.rate if table.dfs else 0]],
        wbdef.DFS_CAP: [[table.dfs.annual_cap if table.dfs else 0]],
    }
    for name, rows in expected.items():
        for want_row, got_row in zip(rows, r.named_range(name), strict=False):
            for want, (cell, got) in zip(want_row, got_row, strict=False):
                if _same(want, got):
                    continue
                if name == wbdef.TAX_CREDIT_CHAPTERS and _chapters_of_another_kind(
                        [got for _cell, got in got_row], str(data.get("kind") or "cinema")):
                    # The production type was changed on Paramètres: the sheet still
                    # holds the chapters of the type it was made for.
                    kind = str(data.get("kind") or "cinema")
                    r.overwritten.append(CellProblem(cell, r.say(
                        f"les chapitres éligibles au crédit d'impôt de la feuille Taux ne sont "
                        f"pas ceux du type de production « {kind} » (le type a-t-il changé ?) ; "
                        "`xlprod run upgrade --force` refait le classeur pour ce type (les "
                        "cellules de l'ancien type sont abandonnées, après une sauvegarde)",
                        f"the tax-credit chapters of the Rates sheet are not those of the "
                        f"production type {kind!r} (was the type changed?); `xlprod run upgrade "
                        "--force` rebuilds the workbook for it (the old type's cells are "
                        "dropped, after a backup)")))
                    break
                shown = "rien" if got in (None, "") else f"« {got} »"
                r.overwritten.append(CellProblem(cell, r.say(
                    f"la valeur de référence d'xlprod ({want}) a été remplacée par {shown} : les "
                    "charges imprimées ne sont plus celles qu'xlprod calcule ; `xlprod run "
                    "upgrade` la rétablit",
                    f"xlprod's reference value ({want}) was replaced by "
                    f"{'nothing' if got in (None, '') else repr(got)}: the printed charges are "
                    "no longer xlprod's; `xlprod run upgrade` restores it")))


def _chapters_of_another_kind(shown: list[Any], kind: str) -> bool:
    """Whether the Taux sheet's eligible chapters are exactly another production type's."""
    from xlprod import reference

    for other in ("cinema", "audiovisuel", "publicite"):
        if other == kind:
            continue
        try:
            chapters: list[Any] = list(reference.tax_credit(other).eligible_chapters) or ["–"]
        except InvalidInput:
            continue
        if len(chapters) == len(shown) and all(_same(w, g) for w, g in zip(chapters, shown,
                                                                             strict=True)):
            return True
    return False


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, str):
        return got == want
    if isinstance(got, bool) or not isinstance(got, int | float | Decimal):
        return False
    return abs(Decimal(repr(got)) - Decimal(want)) < Decimal("0.000001")
