"""Lay a cash-flow plan out as a workbook (see :mod:`xlprod.workbooks.cashflow`).

Every monthly (or weekly: ``period: "week"``) figure is a native formula: an outflow
row's months are its spread (INT/MOD cent rule of :mod:`.compute`) between the months its
phase, rule and lag give (or its typed dates); instalments are amount × share with the
largest-remainder cents; VAT, the credit line (interest, drawdowns, repayments), net and
balance follow month by month without a circular reference. A weekly plan has ISO weeks
for months: heads ``S09 23/02``, VAT back the first week of the next month, interest over
52 weeks, printed a quarter a page. Each formula carries the engine's value.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from xlprod import reference
from xlprod.errors import InvalidInput
from xlprod.kinds.base import Locator, Written
from xlprod.kinds.cashflow.compute import PUBLIC_AID, bears_vat, compute
from xlprod.kinds.cashflow.derive import phase_months
from xlprod.kinds.cashflow.model import Calendar, CashflowPlan, month_label, ordinal
from xlprod.money import CENT, ZERO, cents
from xlprod.workbooks import cashflow as wbdef
from xlprod.xlsx import styles
from xlprod.xlsx.formulas import column_letter
from xlprod.xlsx.spec import EUR, PCT, Label, TableDef
from xlprod.xlsx.writer import BookWriter

PARAMS_BLOCK = 24  # first row of the reference blocks under the settings form
FIN_TOP = 16  # header row of the sources table
TABLE_TOP = 4  # header row of the schedule and outflows tables
GRID_TOP = 10  # the hidden row of month ordinals on the plan
FIRST_COL = 2  # the first month's column on the plan (B)
#: A weekly plan prints about a quarter per A4 landscape page: at this scale the labels
#: and thirteen week columns fill the width a monthly plan's twelve months fit in.
WEEKS_PER_PAGE, WEEK_PRINT_SCALE = 13, 60
CHAPTER_WORDS = {10: Label("Frais généraux", "Overhead"), 11: Label("Imprévus", "Contingency")}


#: A blank plan's length: twelve months, or twenty-six weeks.
BLANK_LENGTH = {"month": 12, "week": 26}


def blank_plan(period: str = "month") -> CashflowPlan:
    """A blank plan from this month (this ISO week for a weekly plan)."""
    today = date.today()
    if period == "week":
        year, week, _ = today.isocalendar()
        start = f"{year:04d}-W{week:02d}"
    else:
        start = f"{today.year:04d}-{today.month:02d}"
    return CashflowPlan.model_validate({
        "title": "Nouveau plan de trésorerie", "start": start, "months": BLANK_LENGTH[period],
        "period": period})


def chapter_number(chapter: int | str | None) -> int | None:
    if chapter is None or isinstance(chapter, int):
        return chapter
    return wbdef.CHAPTER_NUMBERS[chapter]


def rule_word(rule: str | None, piece: str | None) -> str | None:
    """The key of :data:`wbdef.RULES` of a row's rule and piece."""
    if rule is None:
        return None
    return piece if rule == "deposit_balance" and piece else rule


def write(plan: CashflowPlan | None, lang: str = "fr", variant: str | None = None,
          base: Any = None) -> Written:
    """The workbook of ``plan``; without one, a blank plan from this month: twelve months,
    or (``variant`` ``week``) twenty-six weeks from this week."""
    plan = plan or blank_plan(variant or "month")
    if plan.months > wbdef.MAX_MONTHS:
        unit = "semaines" if plan.period == "week" else "mois"
        raise InvalidInput(f"months : {plan.months} {unit} ; un classeur tient au plus "
                           f"{wbdef.MAX_MONTHS} {unit}")
    book = BookWriter(wbdef.layout(lang, plan.period), lang, base)
    book.footer = plan.title  # on every printed page, with the print date
    locator = Locator()
    results = compute(plan)
    _params(book, plan, locator)
    outflows = _outflows(book, plan, results, locator)
    schedule = _schedule(book, plan, results, locator)
    _financing(book, plan, results, locator)
    _plan(book, plan, results, outflows, schedule)
    book.finish()
    return Written(book, locator)


def _w(key: str, lang: str) -> str:
    return wbdef.WORDS[key](lang)


def _pw(key: str, plan: CashflowPlan, lang: str) -> str:
    """The word ``key``, or its weekly form (``key_week``) in a weekly plan."""
    weekly = f"{key}_week"
    return _w(weekly if plan.period == "week" and weekly in wbdef.WORDS else key, lang)


def period_label(n: int, period: str) -> str:
    """The label of period ordinal ``n``: ``AAAA-MM``, or the ISO week ``AAAA-Www``."""
    if period == "week":
        year, week, _ = date.fromordinal(n * 7 + 1).isocalendar()
        return f"{year:04d}-W{week:02d}"
    return month_label(n)


def week_head(n: int, lang: str) -> str:
    """What :func:`wbdef.week_head` shows for week ordinal ``n``: ``S09 23/02``."""
    monday = date.fromordinal(n * 7 + 1)
    week = (monday + timedelta(days=3)).isocalendar()[1]
    return f"{'W' if lang == 'en' else 'S'}{week:02d} {monday.day:02d}/{monday.month:02d}"


# --- Paramètres -------------------------------------------------------------------------------


def _form_values(plan: CashflowPlan, lang: str) -> dict[str, Any]:
    yes = "Y" if lang == "en" else "O"
    values: dict[str, Any] = {
        "title": plan.title, "period": wbdef.PERIODS[plan.period](lang),
        "start": plan.start, "months": plan.months,
        "opening_balance": plan.opening_balance, "budget_total": plan.budget_total,
        "difficult_work": yes if plan.difficult_work else None,
    }
    if plan.vat is not None:
        values["vat.rate"] = plan.vat.rate
        values["vat.recoverable"] = yes if plan.vat.recoverable else "N"
    if plan.credit_line is not None:
        for key in ("label", "ceiling", "rate", "floor"):
            values[f"credit_line.{key}"] = getattr(plan.credit_line, key)
    if plan.phases is not None:
        for name in ("preparation", "shooting", "post_production"):
            phase = getattr(plan.phases, name)
            values[f"phases.{name}.start"] = _date_cell(phase.start)
            values[f"phases.{name}.end"] = _date_cell(phase.end)
    return values


def _params(book: BookWriter, plan: CashflowPlan, locator: Locator) -> None:
    lang = book.lang
    book.title_block("params", wbdef.SHEETS[-1].title(lang), _w("params_hint", lang))
    cells = book.form("params", _form_values(plan, lang))
    for key, cell in cells.items():
        locator.add(tuple(key.split(".")), cell)
    r = PARAMS_BLOCK
    # The plan's first month as an ordinal: every month column counts from it.
    book.put("params", f"A{r}", _pw("first_rank", plan, lang), font=styles.BOLD)
    book.put("params", f"B{r}", f"={wbdef.ord_of('CASH_START', plan.period)}",
             number_format="0", cached=ordinal(plan.start))
    book.define(wbdef.FIRST_MONTH, "params", f"B{r}")
    # Phase months (ordinals) from the phases' dates: what rows with a phase follow.
    r += 2
    book.put("params", f"A{r}", _w("phases_block", lang), font=styles.TITLE_FONT)
    for j, head in enumerate((_w("first", lang), _w("last", lang), _w("from", lang),
                              _w("to", lang))):
        book.put("params", f"{'BCDE'[j]}{r + 1}", head, font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    windows = phase_months(plan.phases) if plan.phases is not None else {}
    refs = {"preparation": "PREP", "shooting": "SHOOT", "post_production": "POST"}
    first = r + 2
    for i, (key, word) in enumerate(wbdef.PHASES.items()):
        row = first + i
        book.put("params", f"A{row}", word(lang), text=True)
        if key in refs:
            start = f"IFERROR({wbdef.ord_of(f'CASH_{refs[key]}_START')},\"\")"
            end = f"IFERROR({wbdef.ord_of(f'CASH_{refs[key]}_END')},\"\")"
        elif key == "production":
            start, end = f"B{first}", f"C{first + 1}"
        else:
            start, end = f"B{first}", f"C{first + 2}"
        s, e = windows.get(key, ("", ""))
        book.put("params", f"B{row}", f"={start}", number_format="0", cached=s)
        book.put("params", f"C{row}", f"={end}", number_format="0", cached=e)
        for col, value in (("D", s), ("E", e)):
            shown = month_label(value) if isinstance(value, int) else ""
            book.put("params", f"{col}{row}",
                     f'=IF(ISNUMBER({"B" if col == "D" else "C"}{row}),'
                     f'{wbdef.label_of(("B" if col == "D" else "C") + str(row))},"")',
                     cached=shown, alignment=styles.CENTER_ONLY)
    last = first + len(wbdef.PHASES) - 1
    book.define(wbdef.PHASE_NAMES, "params", f"A{first}:A{last}")
    book.define(wbdef.PHASE_MONTHS, "params", f"B{first}:C{last}")
    # The rules: which end of the phase a row starts and ends on, and payroll (no VAT).
    r = last + 2
    book.put("params", f"A{r}", _w("rules_block", lang), font=styles.TITLE_FONT)
    for j, head in enumerate((_w("rule_from", lang), _w("rule_to", lang),
                              _w("rule_payroll", lang))):
        book.put("params", f"{'BCD'[j]}{r + 1}", head, font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    first = r + 2
    for i, (word, _rule, _piece, from_end, to_end, payroll) in enumerate(wbdef.RULES.values()):
        row = first + i
        book.put("params", f"A{row}", word(lang), text=True)
        for col, value in (("B", from_end), ("C", to_end), ("D", payroll)):
            book.put("params", f"{col}{row}", value, alignment=styles.CENTER_ONLY)
    last = first + len(wbdef.RULES) - 1
    book.define(wbdef.RULE_NAMES, "params", f"A{first}:A{last}")
    book.define(wbdef.RULE_ENDS, "params", f"B{first}:C{last}")
    book.define(wbdef.RULE_PAYROLL, "params", f"D{first}:D{last}")
    r = last + 2
    book.put("params", f"A{r}", _w("no_vat", lang), font=styles.BOLD)
    for j, n in enumerate(wbdef.NO_VAT_CHAPTERS):
        book.put("params", f"{column_letter(2 + j)}{r}", n, alignment=styles.CENTER_ONLY)
    book.define(wbdef.NO_VAT, "params", f"B{r}:{column_letter(1 + len(wbdef.NO_VAT_CHAPTERS))}{r}")
    r += 1
    book.put("params", f"A{r}", _w("public_types", lang), font=styles.BOLD)
    for j, key in enumerate(PUBLIC_AID):
        book.put("params", f"{column_letter(2 + j)}{r}", wbdef.SOURCE_TYPES[key](lang), text=True,
                 alignment=styles.CENTER_ONLY)
    book.define(wbdef.PUBLIC_TYPES, "params", f"B{r}:{column_letter(1 + len(PUBLIC_AID))}{r}")
    book.widths("params", {"A": 48, "B": 30, "C": 22, "D": 16, "E": 16})
    book.print_setup("params", None, landscape=False)


# --- Décaissements ----------------------------------------------------------------------------


def _outflows(book: BookWriter, plan: CashflowPlan, results: dict[str, Any],
              locator: Locator) -> TableDef:
    lang = book.lang
    n = plan.months
    tdef = wbdef.outflows_table(n, plan.period)
    book.title_block("outflows", wbdef.SHEETS[3].title(lang), _pw("outflows_hint", plan, lang))
    yes = "Y" if lang == "en" else "O"
    rows = []
    for out, figures in zip(plan.outflows, results["outflow_rows"], strict=True):
        frm, to = out.span
        word = rule_word(out.rule, out.piece)
        row: dict[str, Any] = {
            "chapter": chapter_number(out.chapter), "account": out.account, "label": out.label,
            "amount": out.amount,
            "phase": wbdef.PHASES[out.phase](lang) if out.phase else None,
            "rule": wbdef.RULES[word][0](lang) if word else None,
            "lag": out.lag, "from": None if out.phase else frm, "to": None if out.phase else to,
            "vat": None if out.vat is None else (yes if out.vat else "N"),
            "first": ordinal(frm), "last": ordinal(to), "shown_from": frm, "shown_to": to,
            "bears_vat": int(bears_vat(out)),
        }
        for k, value in enumerate(figures["by_month"], start=1):
            row[wbdef.month_key(k)] = value
        rows.append(row)
    blank = {"first": "", "last": "", "shown_from": "", "shown_to": "", "bears_vat": 1,
             **{wbdef.month_key(k): 0 for k in range(1, n + 1)}}
    placed = book.table("outflows", tdef, rows, top=TABLE_TOP, min_rows=1, blank=blank)
    for i, out in enumerate(plan.outflows):
        for key in placed.letters:
            locator.add(("outflows", i, key), placed.cell(i, key))
        locator.add(("outflows", i), placed.cell(i, "label"))
        if out.phase:  # its dates come from the phase: the finding goes there
            locator.add(("outflows", i, "from"), placed.cell(i, "phase"))
            locator.add(("outflows", i, "to"), placed.cell(i, "phase"))
    locator.add(("outflows",), f"{book.title('outflows')}!A{TABLE_TOP}")
    # The month (week) each "Mois k" ("Sem. k") column stands for, above its header.
    ws = book.sheets["outflows"]
    first_month = next(i for i, c in enumerate(tdef.columns) if c.key == "m1") + 1
    for k in range(1, n + 1):
        letter = column_letter(first_month + k - 1)
        book.put("outflows", f"{letter}{TABLE_TOP - 1}",
                 f"={wbdef.label_of(f'{wbdef.FIRST_MONTH}+{k - 1}', plan.period)}",
                 cached=period_label(ordinal(plan.start) + k - 1, plan.period), font=styles.BOLD,
                 alignment=styles.CENTER_ONLY)
    for key in ("first", "last"):
        ws.column_dimensions[placed.letters[key]].hidden = True
    ws.freeze_panes = f"D{TABLE_TOP + 1}"
    ws.row_dimensions[TABLE_TOP].height = 30
    book.print_setup("outflows", TABLE_TOP)
    ws.sheet_properties.pageSetUpPr.fitToPage = False  # wide: pages across, labels repeated
    ws.page_setup.scale = 55
    ws.print_title_cols = "A:D"
    return tdef


# --- Échéancier -------------------------------------------------------------------------------


def _working(plan: CashflowPlan, first_row: int) -> list[dict[str, Any]]:
    """The schedule table's cached values: the cent-exact working of each instalment."""
    out: list[dict[str, Any]] = []
    row_no = first_row
    for inflow in plan.inflows:
        total = int(cents(inflow.amount) / CENT)
        block: list[dict[str, Any]] = []
        for item in inflow.schedule:
            raw = abs(Decimal(total) * item.share).quantize(Decimal("0.000001"))
            floor = int(raw)
            rem = int(((raw - floor) * 1000000).quantize(Decimal(1)))
            block.append({"source": inflow.label, "month": item.month, "share": item.share,
                          "ordinal": ordinal(item.month), "total": total, "floor": floor,
                          "remainder": rem, "row": row_no})
            row_no += 1
        share_sum = sum((item.share for item in inflow.schedule), ZERO)
        target = int((abs(Decimal(total)) * share_sum).quantize(Decimal("0.000001"))
                     .quantize(Decimal(1), rounding="ROUND_HALF_UP"))
        missing = target - sum(b["floor"] for b in block)
        for b in block:
            b["rank"] = sum(1 for o in block if o["remainder"] > b["remainder"]) + sum(
                1 for o in block if o["remainder"] == b["remainder"] and o["row"] < b["row"])
            b["missing"] = missing
            sign = -1 if total < 0 else 1
            b["amount"] = Decimal(sign * (b["floor"] + (1 if b["rank"] < missing else 0))) * CENT
        out += block
    return out


def _schedule(book: BookWriter, plan: CashflowPlan, results: dict[str, Any],
              locator: Locator) -> TableDef:
    lang = book.lang
    tdef = wbdef.schedule_table(lang, plan.period)
    book.title_block("schedule", wbdef.SHEETS[2].title(lang), _pw("schedule_hint", plan, lang))
    rows = _working(plan, TABLE_TOP + 1)
    engine = [p["amount"] for r in results["inflow_rows"] for p in r["instalments"]]
    assert [float(r["amount"]) for r in rows] == [float(a) for a in engine], "schedule working"
    blank = {"amount": 0, "ordinal": "", "total": 0, "floor": 0, "remainder": 0,
             "row": TABLE_TOP + 1,  # the one padding row of an empty schedule
             "rank": 0, "missing": 0}
    placed = book.table("schedule", tdef, rows, top=TABLE_TOP, min_rows=1, blank=blank)
    i = 0
    for n, inflow in enumerate(plan.inflows):
        for j, _ in enumerate(inflow.schedule):
            for key in placed.letters:
                locator.add(("inflows", n, "schedule", j, key), placed.cell(i, key))
            locator.add(("inflows", n, "schedule", j), placed.cell(i, "month"))
            i += 1
    ws = book.sheets["schedule"]
    for key in ("ordinal", "total", "floor", "remainder", "row", "rank", "missing"):
        for r in range(placed.first_row, placed.last_row + 1):
            book.restyle("schedule", f"{placed.letters[key]}{r}", font=styles.SUBTITLE_FONT)
    ws.freeze_panes = f"B{TABLE_TOP + 1}"
    ws.row_dimensions[TABLE_TOP].height = 30
    book.print_setup("schedule", TABLE_TOP)
    return tdef


# --- Plan de financement ----------------------------------------------------------------------


def _financing(book: BookWriter, plan: CashflowPlan, results: dict[str, Any],
               locator: Locator) -> None:
    lang = book.lang
    fin = results["financing"]
    tdef = wbdef.inflows_table(lang)
    book.title_block("financing", _w("fin_title", lang), _w("fin_subtitle", lang))
    book.put("financing", "A1", "=CASH_TITLE", font=styles.TITLE_FONT, cached=plan.title)
    col = {k: book.column_ref(tdef, k) for k in ("amount", "status", "public")}
    budget_ref = book.column_ref(wbdef.outflows_table(1), "amount")
    statuses = {k: v(lang) for k, v in wbdef.STATUSES.items()}
    rows = [
        ("budget", wbdef.BUDGET,
         f"=IF(CASH_BUDGET_TOTAL=\"\",SUM({budget_ref}),CASH_BUDGET_TOTAL)", fin["budget"], EUR),
        ("fin_total", "CASH_FINANCING_TOTAL", f"=SUM({col['amount']})", fin["total"], EUR),
        *((s, None, f'=SUMIF({col["status"]},"{statuses[s]}",{col["amount"]})',
           fin["by_status"][s], EUR) for s in ("confirmed", "pending", "hoped")),
        ("gap", "CASH_GAP", f"={wbdef.BUDGET}-CASH_FINANCING_TOTAL", fin["gap"], EUR),
        ("public", "CASH_PUBLIC_AID", f"=SUMIF({col['public']},1,{col['amount']})",
         fin["public_aid"], EUR),
        ("intensity", "CASH_AID_INTENSITY",
         f"=IF({wbdef.BUDGET}=0,0,CASH_PUBLIC_AID/{wbdef.BUDGET})", fin["aid_intensity"], PCT),
        ("ceiling", "CASH_AID_CEILING", f"=IF({wbdef.flag_yes('CASH_DIFFICULT')},0.6,0.5)",
         fin["aid_ceiling"], PCT),
        ("within", None, f'=IF(CASH_AID_INTENSITY<=CASH_AID_CEILING,"{_w("yes", lang)}",'
         f'"{_w("no", lang)}")', _w("yes" if fin["aid_within_ceiling"] else "no", lang), None),
    ]
    for i, (word, name, formula, cached, fmt) in enumerate(rows):
        r = 4 + i
        strong = word in ("budget", "gap", "intensity")
        book.put("financing", f"A{r}", _w(word, lang), font=styles.BOLD if strong else None)
        book.put("financing", f"E{r}", formula, number_format=fmt, cached=cached,
                 font=styles.TOTAL_FONT if strong else None,
                 fill=styles.TOTAL_FILL if strong else None,
                 alignment=None if fmt else styles.RIGHT)
        if name:
            book.define(name, "financing", f"E{r}")
    rows_in = []
    for inflow, source in zip(plan.inflows, fin["sources"], strict=True):
        rows_in.append({
            "label": inflow.label, "source_type": wbdef.SOURCE_TYPES[inflow.source_type](lang),
            "status": wbdef.STATUSES[inflow.status](lang), "date": _date_cell(inflow.date),
            "amount": inflow.amount, "share": source["share"],
            "public": int(inflow.source_type in PUBLIC_AID),
            "shares_total": source["shares_total"]})
    placed = book.table("financing", tdef, rows_in, top=FIN_TOP, min_rows=1,
                        blank={"share": 0, "public": 0, "shares_total": 0})
    for i, _ in enumerate(plan.inflows):
        for key in placed.letters:
            locator.add(("inflows", i, key), placed.cell(i, key))
        locator.add(("inflows", i), placed.cell(i, "label"))
        locator.add(("inflows", i, "schedule"), placed.cell(i, "shares_total"))
    locator.add(("inflows",), f"{book.title('financing')}!A{FIN_TOP}")
    book.widths("financing", {"A": 48})
    book.sheets["financing"].freeze_panes = f"A{FIN_TOP + 1}"
    book.sheets["financing"].row_dimensions[FIN_TOP].height = 30
    book.print_setup("financing", FIN_TOP, landscape=True)
    book.sheets["financing"].page_setup.fitToHeight = 1  # the financing plan on one page


# --- Plan de trésorerie -----------------------------------------------------------------------


def _plan(book: BookWriter, plan: CashflowPlan, results: dict[str, Any], outflows: TableDef,
          schedule: TableDef) -> None:
    lang = book.lang
    n = plan.months
    months = results["months"]
    out_rows = results["outflow_rows"]
    vat = results["vat"]
    credit = results["credit"]
    zero = [0] * n
    weekly = plan.period == "week"
    book.put("plan", "A1", "=CASH_TITLE", font=styles.TITLE_FONT, cached=plan.title)
    book.put("plan", "A2", _pw("subtitle", plan, lang), font=styles.SUBTITLE_FONT)
    letters = [column_letter(FIRST_COL + k) for k in range(n)]
    total_col = column_letter(FIRST_COL + n)
    sch_amount = book.column_ref(schedule, "amount")
    sch_ord = book.column_ref(schedule, "ordinal")
    sch_src = book.column_ref(schedule, "source")
    out_chapter = book.column_ref(outflows, "chapter")
    out_vat = book.column_ref(outflows, "bears_vat")

    def month_col(k: int) -> str:
        return book.column_ref(outflows, wbdef.month_key(k + 1))

    r_ord, r_head = GRID_TOP, GRID_TOP + 1
    start = ordinal(plan.start)
    book.put("plan", f"A{r_head}", _pw("month", plan, lang), font=styles.HEADER_FONT,
             fill=styles.HEADER_FILL)
    book.put("plan", f"{total_col}{r_head}", _w("total", lang), font=styles.HEADER_FONT,
             fill=styles.HEADER_FILL, alignment=styles.CENTER)
    r_cal = r_ord - 1  # a weekly plan: the calendar month of each week (VAT's M+1)
    for k, letter in enumerate(letters):
        book.put("plan", f"{letter}{r_ord}", f"={wbdef.FIRST_MONTH}+{k}", cached=start + k)
        if weekly:
            head, shown = wbdef.week_head(f"{letter}{r_ord}", lang), week_head(start + k, lang)
            book.put("plan", f"{letter}{r_cal}", f"={wbdef.month_of_week(f'{letter}{r_ord}')}",
                     cached=Calendar(plan.start, n, "week").month(k))
        else:
            head, shown = wbdef.label_of(f"{letter}{r_ord}"), months[k]["month"]
        book.put("plan", f"{letter}{r_head}", f"={head}", cached=shown,
                 font=styles.HEADER_FONT, fill=styles.HEADER_FILL, alignment=styles.CENTER)
    book.sheets["plan"].row_dimensions[r_ord].hidden = True
    if weekly:
        book.sheets["plan"].row_dimensions[r_cal].hidden = True

    r = r_head + 1
    grid: dict[str, int] = {}

    def line(key: str | None, label: str, formulas: list[str], cached: list[Any], *,
             total: bool = True, strong: bool = False) -> int:
        nonlocal r
        row = r
        font = styles.TOTAL_FONT if strong else None
        book.put("plan", f"A{row}", label, font=font, text=True)
        for letter, formula, value in zip(letters, formulas, cached, strict=True):
            book.put("plan", f"{letter}{row}", formula, number_format=EUR, cached=value,
                     font=font, fill=styles.TOTAL_FILL if strong else None)
        if total:
            book.put("plan", f"{total_col}{row}", f"=SUM({letters[0]}{row}:{letters[-1]}{row})",
                     number_format=EUR, font=styles.BOLD,
                     cached=sum((Decimal(str(v)) for v in cached), ZERO))
        if key:
            grid[key] = row
        r += 1
        return row

    def heading(word: str) -> None:
        nonlocal r
        book.put("plan", f"A{r}", _w(word, lang), font=styles.TOTAL_FONT)
        r += 1

    def prev(key: str, k: int, first: str) -> str:
        return first if k == 0 else f"{letters[k - 1]}{grid[key]}"

    balances = [m["balance"] for m in months]
    opening = [plan.opening_balance, *balances[:-1]]
    line("opening", _pw("opening", plan, lang),
         ["=CASH_OPENING" if k == 0 else f"={letters[k - 1]}{{balance}}" for k in range(n)],
         opening, total=False)
    heading("inflows")
    source_rows = []
    for inflow, figures in zip(plan.inflows, results["inflow_rows"], strict=True):
        row = r
        source_rows.append(row)
        line(None, inflow.label,
             [f"=SUMPRODUCT(({sch_src}=$A{row})*({sch_ord}={letter}${r_ord})*{sch_amount})"
              for letter in letters], figures["by_month"])
    first_src = source_rows[0] if source_rows else r
    others = [f"=ROUND(SUMIF({sch_ord},{letter}${r_ord},{sch_amount})"
              + (f"-SUM({letter}{first_src}:{letter}{r - 1})" if source_rows else "") + ",2)"
              for letter in letters]
    line("others", _w("other_sources", lang), others, zero)
    vat_paid = vat["paid"] if vat else zero
    vat_back = vat["recovered"] if vat else zero
    recoverable = f'IF(TRIM(CASH_VAT_RECOVERABLE)="",TRUE,{wbdef.flag_yes("CASH_VAT_RECOVERABLE")})'
    def recovered(k: int) -> str:
        """VAT paid last month, back this month: in a weekly plan the first week of a
        month takes back what the weeks of the month before paid."""
        if k == 0:
            return "=0"
        back = f"{letters[k - 1]}{{vat_paid}}"
        if weekly:
            this, before = f"{letters[k]}${r_cal}", f"{letters[k - 1]}${r_cal}"
            back = (f"IF({this}={before},0,SUMIF(${letters[0]}${r_cal}:{before},{before},"
                    f"${letters[0]}${{vat_paid}}:{letters[k - 1]}${{vat_paid}}))")
        return f'=IF(OR(CASH_VAT_RATE="",NOT({recoverable})),0,{back})'

    line("vat_back", _pw("vat_back", plan, lang), [recovered(k) for k in range(n)], vat_back)
    line("draw", _w("draw", lang), ["=0"] * n, credit["drawn"] if credit else zero)
    first_in = source_rows[0] if source_rows else grid["others"]
    base_in = {k: f"SUM({letters[k]}{first_in}:{letters[k]}{grid['vat_back']})" for k in range(n)}
    totals_in = [m["inflows"] for m in months]
    line("total_in", _w("total_in", lang),
         [f"=ROUND({base_in[k]}+{letters[k]}{grid['draw']},2)" for k in range(n)], totals_in,
         strong=True)
    heading("outflows")
    chapters = sorted({c for o in plan.outflows if (c := chapter_number(o.chapter)) is not None})
    titles = {c.chapter: c for c in reference.chapters("cinema")}
    chapter_rows = []
    for number in chapters:
        word = (CHAPTER_WORDS[number](lang) if number in CHAPTER_WORDS else
                getattr(titles[number], "label_en" if lang == "en" else "label_fr"))
        cached = [sum((Decimal(str(row["by_month"][k])) for o, row in zip(plan.outflows, out_rows,
                                                                          strict=True)
                       if chapter_number(o.chapter) == number), ZERO) for k in range(n)]
        chapter_rows.append(r)
        line(None, f"{number} {word}",
             [f"=SUMIF({out_chapter},{number},{month_col(k)})" for k in range(n)], cached)
    no_chapter = [sum((Decimal(str(row["by_month"][k])) for o, row in zip(plan.outflows, out_rows,
                                                                          strict=True)
                       if o.chapter is None), ZERO) for k in range(n)]
    line("no_chapter", _w("no_chapter", lang),
         [f"=ROUND(SUM({month_col(k)})" + (f"-SUM({letters[k]}{chapter_rows[0]}:"
                                           f"{letters[k]}{chapter_rows[-1]})" if chapters else "")
          + ",2)" for k in range(n)], no_chapter)
    line("vat_paid", _w("vat_paid", lang),
         [f'=IF(CASH_VAT_RATE="",0,ROUND(CASH_VAT_RATE*SUMIF({out_vat},1,{month_col(k)}),2))'
          for k in range(n)], vat_paid)
    line("interest", _w("interest", lang), ["=0"] * n,
         credit["interest"] if credit else zero)
    line("repay", _w("repay", lang), ["=0"] * n, credit["repaid"] if credit else zero)
    first_out = chapter_rows[0] if chapters else grid["no_chapter"]
    base_out = {k: f"SUM({letters[k]}{first_out}:{letters[k]}{grid['vat_paid']})"
                for k in range(n)}
    line("total_out", _w("total_out", lang),
         [f"=ROUND({base_out[k]}+{letters[k]}{grid['interest']}+{letters[k]}{grid['repay']},2)"
          for k in range(n)], [m["outflows"] for m in months], strong=True)
    line("net", _pw("net", plan, lang),
         [f"={letters[k]}{grid['total_in']}-{letters[k]}{grid['total_out']}" for k in range(n)],
         [m["net"] for m in months])
    line("balance", _pw("balance", plan, lang),
         [f"=ROUND({'CASH_OPENING' if k == 0 else f'{letters[k - 1]}{r}'}+{letters[k]}{grid['net']},2)"
          for k in range(n)], balances, total=False, strong=True)
    r += 1
    # The credit line's working: before-credit balance and the amount outstanding.
    pre_cached, outstanding = [], credit["outstanding"] if credit else zero
    for k in range(n):
        before = Decimal(str(opening[k]))
        pre_cached.append(before + Decimal(str(months[k]["inflows"])) - Decimal(str(
            months[k]["outflows"])) + (Decimal(str(credit["repaid"][k])) - Decimal(str(
                credit["drawn"][k])) if credit else ZERO))
    line("pre", _w("pre", lang),
         [f"=ROUND({prev('balance', k, 'CASH_OPENING')}+{base_in[k]}-{base_out[k]}"
          f"-{letters[k]}{grid['interest']},2)" for k in range(n)], pre_cached, total=False)
    line("outstanding", _w("outstanding", lang),
         [f"={'0' if k == 0 else f'{letters[k - 1]}{r}'}+{letters[k]}{grid['draw']}"
          f"-{letters[k]}{grid['repay']}"
          for k in range(n)], outstanding, total=False)
    _fill_credit(book, letters, grid, prev, 52 if weekly else 12)
    _fill_placeholders(book, letters, grid)
    _summary(book, plan, results, letters, grid, r_head if not weekly else r_ord)
    ws = book.sheets["plan"]
    book.widths("plan", {"A": 48, **{letter: 14.5 for letter in letters}, total_col: 16})
    ws.freeze_panes = f"B{r_head + 1}"
    paged = weekly and n > WEEKS_PER_PAGE
    # printed across pages, column A repeats on each: the chart starts beside it, once
    chart_col = letters[0] if paged else "A"
    book.combo_chart("plan", bars=[f"A{grid['total_in']}:{letters[-1]}{grid['total_in']}",
                                   f"A{grid['total_out']}:{letters[-1]}{grid['total_out']}"],
                     line=f"A{grid['balance']}:{letters[-1]}{grid['balance']}",
                     categories=f"{letters[0]}{r_head}:{letters[-1]}{r_head}",
                     title=_pw("chart", plan, lang), anchor=f"{chart_col}{r + 2}")
    book.print_setup("plan", r_head)
    ws.print_title_cols = "A:A"
    if paged:  # pages across, the labels repeated: readable figures
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = WEEK_PRINT_SCALE


def _fill_credit(book: BookWriter, letters: list[str], grid: dict[str, int], prev: Any,
                 per_year: int) -> None:
    """Interest, drawdowns and repayments: formulas of the previous month (no circularity);
    the annual rate over ``per_year`` periods (12 months, or 52 weeks)."""
    ws = book.sheets["plan"]
    on = 'CASH_CREDIT_CEILING=""'
    for k, letter in enumerate(letters):
        before = prev("outstanding", k, "0")
        pre = f"{letter}{grid['pre']}"
        ws[f"{letter}{grid['interest']}"].value = (
            f"=IF({on},0,ROUND({before}*CASH_CREDIT_RATE/{per_year},2))")
        ws[f"{letter}{grid['draw']}"].value = (
            f"=IF({on},0,IF({pre}<CASH_CREDIT_FLOOR,MAX(0,MIN(CASH_CREDIT_FLOOR-{pre},"
            f"CASH_CREDIT_CEILING-{before})),0))")
        ws[f"{letter}{grid['repay']}"].value = (
            f"=IF({on},0,IF({pre}<CASH_CREDIT_FLOOR,0,MIN({before},{pre}-CASH_CREDIT_FLOOR)))")


def _fill_placeholders(book: BookWriter, letters: list[str], grid: dict[str, int]) -> None:
    """Rows that refer to rows laid out after them ({balance}, {vat_paid})."""
    ws = book.sheets["plan"]
    for key in ("opening", "vat_back"):
        for letter in letters:
            cell = ws[f"{letter}{grid[key]}"]
            cell.value = str(cell.value).replace("{balance}", str(grid["balance"])).replace(
                "{vat_paid}", str(grid["vat_paid"]))


def _summary(book: BookWriter, plan: CashflowPlan, results: dict[str, Any], letters: list[str],
             grid: dict[str, int], r_labels: int) -> None:
    """The named figures; the month of the lowest balance is read off the row ``r_labels``
    (the month heads; in a weekly plan the week ordinals, turned into ``AAAA-Www``)."""
    lang = book.lang
    bal = f"{letters[0]}{grid['balance']}:{letters[-1]}{grid['balance']}"
    heads = f"{letters[0]}{r_labels}:{letters[-1]}{r_labels}"
    low_at = f"INDEX({heads},MATCH(CASH_MIN_BALANCE,{bal},0))"
    if plan.period == "week":
        low_at = wbdef.label_of(low_at, "week")
    items = (
        ("end_balance", "CASH_END_BALANCE", f"={letters[-1]}{grid['balance']}",
         results["end_balance"], EUR),
        ("min_balance", "CASH_MIN_BALANCE", f"=MIN({bal})", results["min_balance"], EUR),
        ("min_month", "CASH_MIN_BALANCE_MONTH", f"={low_at}", results["min_balance_month"], None),
        ("need", "CASH_FINANCING_NEED", "=MAX(0,-CASH_MIN_BALANCE)", results["financing_need"],
         EUR),
    )
    for i, (word, name, formula, cached, fmt) in enumerate(items):
        r = 4 + i
        book.put("plan", f"A{r}", _pw(word, plan, lang), font=styles.BOLD)
        book.put("plan", f"B{r}", formula, number_format=fmt, cached=cached,
                 font=styles.TOTAL_FONT, fill=styles.TOTAL_FILL,
                 alignment=styles.CENTER_ONLY if fmt is None else None)
        book.define(name, "plan", f"B{r}")


def _date_cell(value: str | None) -> date | str | None:
    """A contract date as a date cell (printed in the workbook's date format); a month
    (``AAAA-MM``) stays the text it is."""
    if value and len(value) == 10:
        return date.fromisoformat(value)
    return value
