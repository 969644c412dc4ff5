"""Read a (user-filled) cash-flow plan back into the input model's data.

Instalments live on their own sheet and name their source by its label on the
financing plan; words of the lists (phase, rule, status, type) are read in either
language. A row with a phase takes its months from the phases (the model works them
out, as the workbook's formulas do): its typed dates are not read.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from xlprod.kinds.base import Finding, Locator, ReadBack
from xlprod.workbooks import cashflow as wbdef
from xlprod.xlsx.reader import WorkbookReader, workbook_meta
from xlprod.xlsx.spec import Label

_CHAPTER_KEYS = {n: key for key, n in wbdef.CHAPTER_NUMBERS.items()}


def _words(table: dict[str, Any]) -> dict[str, str]:
    """word (fr, en or the key itself, any case) → key."""
    out = {}
    for key, value in table.items():
        label: Label = value[0] if isinstance(value, tuple) else value
        for word in (key, label.fr, label.en):
            out[word.casefold()] = key
    return out


PHASE_WORDS = _words(wbdef.PHASES)
RULE_WORDS = _words(wbdef.RULES)
STATUS_WORDS = _words(wbdef.STATUSES)
TYPE_WORDS = _words(wbdef.SOURCE_TYPES)
PERIOD_WORDS = _words(wbdef.PERIODS)


def read(r: WorkbookReader) -> ReadBack:
    lang = workbook_meta(r.wb, r.path).get("lang", "fr")
    locator = Locator()
    values, cells = r.read_form(wbdef.PARAMS)
    for key, cell in cells.items():
        locator.add(tuple(key.split(".")), cell)
    data: dict[str, Any] = {k: values[k] for k in ("title", "start", "months", "opening_balance",
                                                   "budget_total")}
    period = values.get("period")  # a workbook made before weekly plans has none: monthly
    data["period"] = PERIOD_WORDS.get(str(period).casefold(), period) if period else "month"
    weekly = data["period"] == "week"
    data["start"] = _month(values["start"], weekly)
    data["difficult_work"] = bool(values["difficult_work"])
    if data["opening_balance"] is None:
        data["opening_balance"] = 0
    if values["vat.rate"] is not None:
        recoverable = values["vat.recoverable"]
        data["vat"] = {"rate": values["vat.rate"],
                       "recoverable": True if recoverable is None else recoverable}
    if values["credit_line.ceiling"] is not None:
        line = {k: values[f"credit_line.{k}"] for k in ("label", "ceiling", "rate", "floor")}
        data["credit_line"] = {k: v for k, v in line.items() if v not in (None, "")}
        data["credit_line"].setdefault("rate", 0)
    phases = {p: {e: values[f"phases.{p}.{e}"] for e in ("start", "end")}
              for p in ("preparation", "shooting", "post_production")}
    given = [(p, e) for p, ends in phases.items() for e, v in ends.items() if v]
    if given and len(given) < 6:
        for p, ends in phases.items():
            for e, v in ends.items():
                if not v:
                    r.problem(cells[f"phases.{p}.{e}"], "date de phase vide : donnez les six "
                              "dates des phases (JJ/MM/AAAA), ou aucune",
                              "phase date empty: give the six phase dates (YYYY-MM-DD), or none")
    elif given:
        data["phases"] = phases
    data["outflows"] = _outflows(r, locator, weekly)
    data["inflows"] = _inflows(r, locator, lang, weekly)
    findings = [Finding("error", (), p.message, p.cell) for p in r.problems]
    return ReadBack(data, locator, findings)


def _month(value: Any, weekly: bool = False) -> Any:
    """A month typed as a date (Excel turned it into one) read as ``AAAA-MM``; in a weekly
    plan as its ISO week ``AAAA-Www``."""
    if isinstance(value, datetime | date):
        if weekly:
            year, week, _ = value.isocalendar()
            return f"{year:04d}-W{week:02d}"
        return f"{value.year:04d}-{value.month:02d}"
    return value or None


def _contract_date(r: WorkbookReader, value: Any, cell: str) -> str | None:
    """A contract date as the model's text: a month typed as text stays ``AAAA-MM``; a date
    cell, or a date typed ``JJ/MM/AAAA`` or ``AAAA-MM-JJ``, is ``AAAA-MM-JJ``."""
    text = r.text(value)
    if not text or re.fullmatch(r"\d{4}-\d{2}", text):
        return text or None
    day = r.date(value, cell)
    return day.isoformat() if day else None


def _word(r: WorkbookReader, words: dict[str, str], value: Any, cell: str, what: str,
          choices: tuple[str, ...]) -> str | None:
    if value in (None, ""):
        return None
    key = words.get(str(value).casefold())
    if key is None:
        r.problem(cell, f"{what} « {value} » inconnu ; choisissez dans la liste : "
                  + ", ".join(choices), f"{what} {value!r} is unknown; choose one from the list: "
                  + ", ".join(choices))
    return key


def _outflows(r: WorkbookReader, locator: Locator, weekly: bool) -> list[dict[str, Any]]:
    tdef = wbdef.outflows_table(period="week" if weekly else "month")
    out: list[dict[str, Any]] = []
    phases = tuple(w(r.lang) for w in wbdef.PHASES.values())
    rules = tuple(w[0](r.lang) for w in wbdef.RULES.values())
    for row in r.table_rows(tdef):
        if row.is_blank(list(tdef.inputs)):
            continue
        i = len(out)
        for key, cell in row.cells.items():
            locator.add(("outflows", i, key), cell)
        locator.add(("outflows", i), row.cell("label"))
        item = r.typed(row, tdef)
        chapter = item["chapter"]
        item["chapter"] = _CHAPTER_KEYS.get(chapter, chapter) if isinstance(chapter, int) \
            else chapter
        item["phase"] = _word(r, PHASE_WORDS, item["phase"], row.cell("phase"), "phase", phases)
        rule = _word(r, RULE_WORDS, item["rule"], row.cell("rule"), r.say("règle", "rule"),
                     rules)
        item["rule"], item["piece"] = (wbdef.RULES[rule][1], wbdef.RULES[rule][2]) if rule \
            else (None, None)
        if item["phase"]:
            locator.add(("outflows", i, "from"), row.cell("phase"))
            locator.add(("outflows", i, "to"), row.cell("phase"))
            if not rule:
                r.problem(row.cell("rule"), "une ligne qui suit une phase a besoin d'une règle ; "
                          "choisissez-la dans la liste (ou videz la phase et tapez Début et Fin)",
                          "a row that follows a phase needs a rule; choose it from the list (or "
                          "clear the phase and type From and To)")
            item["from"] = item["to"] = None
        else:
            item["from"], item["to"] = _month(item["from"], weekly), _month(item["to"], weekly)
        item["account"] = item["account"] or ""
        out.append({k: v for k, v in item.items() if v is not None or k in ("from", "to")})
    return out


def _inflows(r: WorkbookReader, locator: Locator, lang: str,
             weekly: bool) -> list[dict[str, Any]]:
    tdef = wbdef.inflows_table(lang)
    inflows: list[dict[str, Any]] = []
    by_label: dict[str, int] = {}
    twice: set[str] = set()
    statuses = tuple(w(r.lang) for w in wbdef.STATUSES.values())
    types = tuple(w(r.lang) for w in wbdef.SOURCE_TYPES.values())
    for row in r.table_rows(tdef):
        if row.is_blank(list(tdef.inputs)):
            continue
        i = len(inflows)
        for key, cell in row.cells.items():
            locator.add(("inflows", i, key), cell)
        locator.add(("inflows", i), row.cell("label"))
        locator.add(("inflows", i, "schedule"), row.cell("shares_total") if "shares_total"
                    in row.letters else row.cell("label"))
        item = r.typed(row, tdef)
        item["source_type"] = _word(r, TYPE_WORDS, item["source_type"], row.cell("source_type"),
                                    "type", types) or "other"
        item["status"] = _word(r, STATUS_WORDS, item["status"], row.cell("status"),
                               r.say("statut", "status"), statuses) or "confirmed"
        item["date"] = _contract_date(r, row.values.get("date"), row.cell("date")) \
            if "date" in row.letters else None
        item["schedule"] = []
        label = item["label"]
        if label in by_label:
            twice.add(label)
            r.problem(row.cell("label"), f"la source « {label} » figure deux fois ; l'échéancier "
                      "trouve sa source par son nom : renommez l'une des deux",
                      f"the source « {label} » appears twice; the schedule finds its source by "
                      "name: rename one of them")
        by_label.setdefault(label, i)
        inflows.append({k: v for k, v in item.items() if v is not None})
    sdef = wbdef.schedule_table(lang, "week" if weekly else "month")
    for row in r.table_rows(sdef):
        if row.is_blank(list(sdef.inputs)):
            continue
        item = r.typed(row, sdef)
        source = item.pop("source")
        if source not in by_label:
            r.problem(row.cell("source"), f"la source « {source} » n'est pas au plan de "
                      "financement ; tapez le nom exact d'une de ses sources",
                      f"the source « {source} » is not in the financing plan; type the exact "
                      "name of one of its sources")
            continue
        if source in twice:
            continue
        i = by_label[source]
        j = len(inflows[i]["schedule"])
        for key, cell in row.cells.items():
            locator.add(("inflows", i, "schedule", j, key), cell)
        locator.add(("inflows", i, "schedule", j), row.cell("month"))
        if item["share"] is None:
            r.problem(row.cell("share"), "part vide ; tapez la part de l'échéance (ex. 30 %)",
                          "share empty; type the instalment's share (e.g. 30 %)")
            continue
        inflows[i]["schedule"].append({"month": _month(item["month"], weekly),
                                       "share": item["share"]})
    return inflows
