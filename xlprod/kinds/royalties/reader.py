"""Read a (user-filled) royalty control back into the input model's data.

Tiers are one table, a row per beneficiary of a tier, numbered by « Rang »; a
tier's cap is typed on its rows (one value, or blank for no cap).
"""

from __future__ import annotations

from typing import Any

from xlprod.kinds.base import Finding, Locator, ReadBack
from xlprod.workbooks import royalties as wbdef
from xlprod.xlsx.reader import Row, WorkbookReader
from xlprod.xlsx.spec import TableDef


def read(r: WorkbookReader) -> ReadBack:
    locator = Locator()
    data, cells = r.read_form(wbdef.TITLE)
    for key, cell in cells.items():
        locator.add((key,), cell)
    for key, tdef in (("channels", wbdef.channels_table("fr")), ("corridors", wbdef.CORRIDORS),
                      ("prior", wbdef.PRIOR), ("authors", wbdef.AUTHORS),
                      ("statements", wbdef.STATEMENTS)):
        data[key] = _rows(r, tdef, locator)
    data["tiers"] = _tiers(r, locator)
    findings = [Finding("error", (), p.message, p.cell) for p in r.problems]
    return ReadBack(data, locator, findings)


def _kept(r: WorkbookReader, tdef: TableDef) -> list[Row]:
    return [row for row in r.table_rows(tdef) if not row.is_blank(list(tdef.inputs))]


def _values(r: WorkbookReader, row: Row, tdef: TableDef) -> dict[str, Any]:
    """The row's typed inputs; blanks left out, so the model's defaults apply."""
    return {k: v for k, v in r.typed(row, tdef).items() if v is not None and v != ""}


def _rows(r: WorkbookReader, tdef: TableDef, locator: Locator) -> list[dict[str, Any]]:
    out = []
    rows = _kept(r, tdef)
    for i, row in enumerate(rows):
        for key, cell in row.cells.items():
            locator.add((tdef.path, i, key), cell)
        locator.add((tdef.path, i), row.cell(tdef.columns[0].key))
        out.append(_values(r, row, tdef))
    if rows:
        locator.add((tdef.path,), rows[0].cell(tdef.columns[0].key))
    return out


def _tiers(r: WorkbookReader, locator: Locator) -> list[dict[str, Any]]:
    tdef = wbdef.TIERS
    groups: dict[int, list[tuple[Row, dict[str, Any]]]] = {}
    for row in _kept(r, tdef):
        values = r.typed(row, tdef)
        number = values.get("tier")
        if not isinstance(number, int) or number < 1:
            if row.values.get("tier") in (None, ""):
                r.problem(row.cell("tier"), "Rang vide : saisissez le numéro du rang (1, 2…)",
                          "Tier empty: type the tier's number (1, 2…)")
            elif number is not None:
                r.problem(row.cell("tier"), f"Rang {number} : les rangs sont numérotés 1, 2…",
                          f"Tier {number}: tiers are numbered 1, 2…")
            continue
        groups.setdefault(number, []).append((row, values))
    tiers = []
    for t, number in enumerate(sorted(groups)):
        rows = groups[number]
        if number != t + 1:
            r.problem(rows[0][0].cell("tier"), f"rang {number} sans rang {t + 1} avant lui ; "
                      "numérotez les rangs 1, 2, 3… dans l'ordre de la cascade",
                      f"tier {number} without a tier {t + 1} before it; number the tiers 1, 2, "
                      "3… in the waterfall's order")
        caps = [(row, v["cap"]) for row, v in rows if v.get("cap") is not None]
        for row, cap in caps[1:]:
            if cap != caps[0][1]:
                r.problem(row.cell("cap"), f"plafond {cap} différent de celui du rang "
                          f"({caps[0][1]}) ; saisissez le même plafond sur chaque ligne du rang",
                          f"cap {cap} differs from the tier's ({caps[0][1]}); type the same cap "
                          "on every row of the tier")
        shares = []
        for k, (row, values) in enumerate(rows):
            for key in ("beneficiary", "share"):
                locator.add(("tiers", t, "shares", k, key), row.cell(key))
            locator.add(("tiers", t, "shares", k), row.cell("beneficiary"))
            shares.append({key: values[key] for key in ("beneficiary", "share")
                           if values.get(key) not in (None, "")})
        first = rows[0][0]
        locator.add(("tiers", t), first.cell("tier"))
        locator.add(("tiers", t, "cap"), first.cell("cap"))
        locator.add(("tiers", t, "shares"), first.cell("share"))
        tiers.append({"cap": caps[0][1] if caps else None, "shares": shares})
    return tiers
