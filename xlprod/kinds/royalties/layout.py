"""Lay a royalty control out as a workbook (see ``workbooks/royalties.py`` for the sheets).

What is a formula and what is the engine's (``docs/royalties.md`` says why): every
channel's chain, the RNPP totals, the authors' accounts, what is due and paid per
beneficiary, the statements and the checks are native formulas; the waterfall's
shares per period (corridors and tiers, largest remainder) are the engine's values,
stamped with the version and date that computed them, and checked live against the
RNPP and the waterfall's inputs they were computed from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from xlprod import __version__
from xlprod.kinds.base import Locator, Written
from xlprod.kinds.royalties.compute import channel_figures, compute
from xlprod.kinds.royalties.model import Royalties
from xlprod.workbooks import royalties as wbdef
from xlprod.xlsx import styles
from xlprod.xlsx.spec import EUR, PCT
from xlprod.xlsx.writer import BookWriter

ZERO = Decimal(0)
TOP = 4  # header row of the input tables
BLANK_ROWS = {"channels": 8, "corridors": 3, "tiers": 6, "prior": 3, "authors": 4,
              "statements": 8}
CENT = "0.005"  # formulas compare money within half a cent (binary floating point)


def blank_model(lang: str = "fr") -> Royalties:
    return Royalties.model_validate(
        {"title": "New royalty control" if lang == "en" else "Nouveau contrôle des recettes"})


class _Ctx:
    """What every sheet's block needs: the model, the engine's results, the language."""

    def __init__(self, book: BookWriter, model: Royalties, blank: bool) -> None:
        self.book, self.model, self.blank = book, model, blank
        self.lang = book.lang
        self.results = compute(model)
        self.periods = model.periods()
        self.single = self.periods == [None]
        self.locator = Locator()
        chan = book.layout.tables["channels"]
        self.ch = {k: book.column_ref(chan, k) for k in ("channel", "period", "rnpp")}
        st = wbdef.STATEMENTS
        self.st = {k: book.column_ref(st, k) for k in ("beneficiary", "period", "paid")}
        self.detail: dict[str, str] = {}  # Répartition's detail columns as absolute ranges
        self.detail_rows: list[tuple[int, dict[str, Any]]] = []
        # Set by the Répartition and Auteurs blocks, read by the Synthèse and Relevés.
        self.period_checks: tuple[str, int] = ("", 0)
        self.carried_out_cell: str | None = None
        self.unallocated_range = ""
        self.author_rows: list[tuple[int, int]] = []  # first and last row of each account

    def today(self) -> str:
        """Today as the workbook's language writes a date (jj/mm/aaaa in French)."""
        return date.today().strftime("%Y-%m-%d" if self.lang == "en" else "%d/%m/%Y")

    def w(self, key: str, **kw: Any) -> str:
        text = wbdef.WORDS[key](self.lang)
        return text.format(**kw) if kw else text

    def label(self, period: str | None) -> str:
        return self.w("single") if period is None else period

    def rnpp_of(self, period: str | None) -> str:
        """Formula text: the live RNPP of a period (all rows when the file has one)."""
        if self.single:
            return f"SUM({self.ch['rnpp']})"
        return f'SUMIF({self.ch["period"]},"{period}",{self.ch["rnpp"]})'


def write(model: Royalties | None, lang: str = "fr", variant: str | None = None,
          base: Any = None) -> Written:
    """The workbook of ``model``; without one, a blank control ready to fill."""
    blank = model is None
    model = model or blank_model(lang)
    book = BookWriter(wbdef.layout(lang), lang, base)
    book.footer = model.title  # on every printed page, with the print date
    c = _Ctx(book, model, blank)
    _channels(c)
    _cascade(c)
    _shares(c)
    _authors(c)
    _statements(c)
    _summary(c)
    _reports(c)
    book.finish()
    return Written(book, c.locator)


def _rows_of(c: _Ctx, key: str, prefix: tuple[str, ...], placed: Any, n: int) -> None:
    tdef = c.book.layout.tables[key]
    for i in range(n):
        for col in tdef.columns:
            c.locator.add((*prefix, i, col.key), placed.cell(i, col.key))
        c.locator.add((*prefix, i), placed.cell(i, tdef.columns[0].key))
    c.locator.add(prefix, f"{placed.sheet}!{placed.letters[tdef.columns[0].key]}{TOP}")


# -- Recettes ---------------------------------------------------------------------------
def _channel_rows(c: _Ctx) -> list[dict[str, Any]]:
    model = c.model
    figures = [channel_figures(ch) for ch in model.channels]
    rnpp = [row["rnpp"] for row in c.results["channels"]]
    guarantees: dict[str, Decimal] = {}
    for ch in model.channels:
        if ch.minimum_guarantee is not None:
            guarantees.setdefault(ch.channel, ch.minimum_guarantee)
    rows = []
    for i, (ch, f) in enumerate(zip(model.channels, figures, strict=True)):
        # Text comparison as the formula does it (the checks want periods year first).
        earlier = [j for j, o in enumerate(model.channels)
                   if o.channel == ch.channel and (o.period or "") < (ch.period or "")]
        net_before = sum((figures[j].net for j in earlier), ZERO)
        mg = guarantees.get(ch.channel)
        to_date = net_before + f.net
        row = {key: getattr(ch, key) for key in c.book.layout.tables["channels"].inputs}
        row.update({
            "ht": f.ht or ZERO, "tsa": f.tsa or ZERO, "sacem": f.sacem or ZERO,
            "net_box_office": f.net_box_office or ZERO,
            "distributor_gross": f.distributor_gross, "rate_applied": f.commission_rate,
            "commission": f.commission, "net": f.net, "net_before": net_before,
            "net_to_date": to_date, "mg_channel": ZERO if mg is None else _cents(mg),
            "rnpp_to_date": to_date if mg is None else max(_cents(mg), to_date),
            "rnpp": rnpp[i],
        })
        rows.append(row)
    return rows


def _channels(c: _Ctx) -> None:
    book = c.book
    # The long hint starts at C: columns A:B repeat on the second printed page, so a text
    # overflowing from A2 would be cut there.
    book.title_block("channels", wbdef.SHEETS[1].title(c.lang), c.w("channels_short"))
    book.put("channels", "C2", c.w("channels_hint"), font=styles.SUBTITLE_FONT, text=True)
    blank = {"ht": 0, "tsa": 0, "sacem": 0, "net_box_office": 0, "distributor_gross": 0,
             "rate_applied": 0, "commission": 0, "net": 0, "net_before": 0, "net_to_date": 0,
             "mg_channel": 0, "rnpp_to_date": 0, "rnpp": 0}
    rows = _channel_rows(c)
    placed = book.table("channels", book.layout.tables["channels"], rows, top=TOP,
                        min_rows=BLANK_ROWS["channels"] if c.blank else 1, blank=blank)
    _rows_of(c, "channels", ("channels",), placed, len(rows))
    ws = book.sheets["channels"]
    ws.row_dimensions[TOP].height = 48
    ws.freeze_panes = f"C{TOP + 1}"
    book.print_setup("channels", TOP)
    # Two pages wide, channel and period repeated: the inputs, then the chain, readable.
    ws.page_setup.fitToWidth = 2
    ws.print_title_cols = "A:B"


# -- Cascade ----------------------------------------------------------------------------
def _cascade(c: _Ctx) -> None:
    book, model = c.book, c.model
    book.title_block("cascade", wbdef.SHEETS[2].title(c.lang), c.w("cascade_hint"))
    for word, col in (("corridors", "A"), ("tiers", "E"), ("prior", "J")):
        book.put("cascade", f"{col}{TOP - 1}", c.w(word), font=styles.TOTAL_FONT)
    rows: list[dict[str, Any]] = [{"beneficiary": x.beneficiary, "share": x.share, "cap": x.cap}
                                  for x in model.corridors]
    placed = book.table("cascade", wbdef.CORRIDORS, rows, top=TOP,
                        min_rows=BLANK_ROWS["corridors"] if c.blank else 1)
    _rows_of(c, "corridors", ("corridors",), placed, len(rows))
    tier_rows: list[dict[str, Any]] = []
    where: list[tuple[int, int]] = []
    for t, tier in enumerate(model.tiers):
        for k, share in enumerate(tier.shares):
            tier_rows.append({"tier": t + 1, "cap": tier.cap, "beneficiary": share.beneficiary,
                              "share": share.share})
            where.append((t, k))
    placed = book.table("cascade", wbdef.TIERS, tier_rows, top=TOP, left=5,
                        min_rows=BLANK_ROWS["tiers"] if c.blank else 1)
    c.locator.add(("tiers",), f"{placed.sheet}!E{TOP}")
    for n, (t, k) in enumerate(where):
        for key in ("beneficiary", "share"):
            c.locator.add(("tiers", t, "shares", k, key), placed.cell(n, key))
        c.locator.add(("tiers", t, "shares", k), placed.cell(n, "beneficiary"))
        if k == 0:
            c.locator.add(("tiers", t), placed.cell(n, "tier"))
            c.locator.add(("tiers", t, "cap"), placed.cell(n, "cap"))
            c.locator.add(("tiers", t, "shares"), placed.cell(n, "share"))
    rows = [{"beneficiary": p.beneficiary, "level": p.level, "received": p.received}
            for p in model.prior]
    placed = book.table("cascade", wbdef.PRIOR, rows, top=TOP, left=10,
                        min_rows=BLANK_ROWS["prior"] if c.blank else 1)
    _rows_of(c, "prior", ("prior",), placed, len(rows))
    book.widths("cascade", {"D": 3, "I": 3})
    book.sheets["cascade"].row_dimensions[TOP].height = 30
    book.print_setup("cascade", TOP)


def fingerprint(model: Royalties) -> Decimal:
    """The sum of every number of the Cascade sheet, as the Synthèse's formula adds it."""
    total = sum((x.share + (x.cap or ZERO) for x in model.corridors), ZERO)
    for t, tier in enumerate(model.tiers, start=1):
        total += sum((t + (tier.cap or ZERO) + s.share for s in tier.shares), ZERO)
    return total + sum((p.level + p.received for p in model.prior), ZERO)


def _fingerprint_formula(c: _Ctx) -> str:
    ref = c.book.column_ref
    parts = [ref(wbdef.CORRIDORS, "share"), ref(wbdef.CORRIDORS, "cap"),
             ref(wbdef.TIERS, "tier"), ref(wbdef.TIERS, "cap"), ref(wbdef.TIERS, "share"),
             ref(wbdef.PRIOR, "level"), ref(wbdef.PRIOR, "received")]
    return "=" + "+".join(f"SUM({p})" for p in parts)


# -- Répartition (the engine's values) ----------------------------------------------------
def _level(c: _Ctx, level: int) -> str:
    return c.w("corridor") if level == 0 else c.w("tier", n=level)


def _shares(c: _Ctx) -> None:
    book, results = c.book, c.results
    sheet = "shares"
    book.title_block(sheet, wbdef.SHEETS[3].title(c.lang), c.w("shares_hint"))
    book.put(sheet, "A3", c.w("stamp", version=__version__, date=c.today()),
             font=styles.TOTAL_FONT, text=True)
    heads = ("period", "pot_live", "carried_in", "pot", "allocated", "unallocated_short",
             "carried_out", "flag")
    _header(c, sheet, TOP, heads)
    first = TOP + 1
    summaries = results["periods"]
    last = first + len(summaries) - 1
    detail_top = last + 3
    book.put(sheet, f"A{detail_top - 1}", c.w("detail"), font=styles.TOTAL_FONT)
    _header(c, sheet, detail_top, ("period", "level", "beneficiary", "share", "cap", "before",
                                   "amount", "after"))
    shares = _share_of(c.model)
    d0 = detail_top + 1
    for n, row in enumerate(results["waterfall"]):
        r = d0 + n
        values = (c.label(row["period"]), _level(c, row["level"]), row["beneficiary"],
                  shares.get((row["level"], row["beneficiary"]), ""),
                  c.w("no_cap") if row["cap"] is None else row["cap"], row["received_before"],
                  row["amount"], row["received_total"])
        for letter, value, fmt in zip("ABCDEFGH", values,
                                      (None, None, None, PCT, EUR, EUR, EUR, EUR), strict=True):
            book.put(sheet, f"{letter}{r}", value, number_format=fmt, text=letter in "ABC",
                     alignment=styles.RIGHT if letter == "E" else None)
        c.detail_rows.append((r, row))
    d1 = max(d0, d0 + len(results["waterfall"]) - 1)
    title = book.title(sheet)
    c.detail = {k: f"{_quoted(title)}!${letter}${d0}:${letter}${d1}"
                for k, letter in (("period", "A"), ("beneficiary", "C"), ("amount", "G"))}
    for i, s in enumerate(summaries):
        r = first + i
        amounts = [w["amount"] for w in results["waterfall"] if w["period"] == s["period"]]
        book.put(sheet, f"A{r}", c.label(s["period"]), text=True)
        live = c.rnpp_of(s["period"])
        book.put(sheet, f"B{r}", f"={live}", number_format=EUR, cached=s["rnpp_total"])
        book.put(sheet, f"C{r}", s["carried_in"], number_format=EUR)
        book.put(sheet, f"D{r}", s["rnpp_total"] + s["carried_in"], number_format=EUR)
        book.put(sheet, f"E{r}", f'=SUMIF({c.detail["period"]},A{r},{c.detail["amount"]})',
                 number_format=EUR, cached=sum(amounts, ZERO))
        book.put(sheet, f"F{r}", s["unallocated"], number_format=EUR)
        book.put(sheet, f"G{r}", s["carried_out"], number_format=EUR)
        book.put(sheet, f"H{r}", f'=IF(AND(ABS(B{r}+C{r}-D{r})<{CENT},'
                 f'ABS(E{r}+F{r}+G{r}-D{r})<{CENT}),"{c.w("ok")}","{c.w("stale")}")',
                 alignment=styles.CENTER_ONLY, cached=c.w("ok"))
        book.flag(sheet, f"H{r}", f'H{r}<>"{c.w("ok")}"')
    c.period_checks = (f"{_quoted(title)}!$H${first}:$H${max(first, last)}", len(summaries))
    c.carried_out_cell = f"{_quoted(title)}!$G${max(first, last)}" if summaries else None
    c.unallocated_range = f"{_quoted(title)}!$F${first}:$F${max(first, last)}"
    book.widths(sheet, {"A": 14, "B": 16, "C": 30, "D": 14, "E": 16, "F": 16, "G": 16,
                        "H": 16})
    book.sheets[sheet].row_dimensions[TOP].height = 30
    book.sheets[sheet].row_dimensions[detail_top].height = 30
    book.print_setup(sheet, detail_top)


def _share_of(model: Royalties) -> dict[tuple[int, str], Decimal]:
    out = {(0, x.beneficiary): x.share for x in model.corridors}
    for t, tier in enumerate(model.tiers, start=1):
        out.update({(t, s.beneficiary): s.share for s in tier.shares})
    return out


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _header(c: _Ctx, sheet: str, row: int, keys: Sequence[str], col: int = 1) -> None:
    from xlprod.xlsx.formulas import column_letter

    for j, key in enumerate(keys):
        c.book.put(sheet, f"{column_letter(col + j)}{row}", c.w(key), font=styles.HEADER_FONT,
                   fill=styles.HEADER_FILL, alignment=styles.CENTER)


def _due(c: _Ctx, name_ref: str) -> str:
    return f"SUMIF({c.detail['beneficiary']},{name_ref},{c.detail['amount']})"


# -- Auteurs ----------------------------------------------------------------------------
AUTHOR_COLS = "GHIJKLMNO"


def _authors(c: _Ctx) -> None:
    book, model = c.book, c.model
    sheet = "authors"
    book.title_block(sheet, wbdef.SHEETS[4].title(c.lang), c.w("authors_hint"))
    rows = [{k: getattr(a, k) for k in wbdef.AUTHORS.inputs} for a in model.authors]
    placed = book.table(sheet, wbdef.AUTHORS, rows, top=TOP,
                        min_rows=BLANK_ROWS["authors"] if c.blank else 1)
    _rows_of(c, "authors", ("authors",), placed, len(rows))
    book.put(sheet, f"G{TOP - 1}", c.w("accounts"), font=styles.TOTAL_FONT)
    _header(c, sheet, TOP, ("author", "period", "base", "rate", "earned", "earned_to_date",
                            "mg_room", "recouped", "payable"), col=7)
    r = TOP + 1
    for n, author in enumerate(model.authors):
        src = placed.first_row + n
        start = r
        earned_to_date = ZERO
        room = max(ZERO, _cents(author.minimum_guarantee) - _cents(author.recouped_before))
        for p, summary in zip(c.periods, c.results["periods"], strict=True):
            figures = summary["authors"][n]
            base = _author_base(c, author.base, p)
            earned_to_date += figures["earned"]
            total = c.rnpp_of(p)
            if c.single:
                by_channel = f'SUMIF({c.ch["channel"]},$D${src},{c.ch["rnpp"]})'
            else:
                by_channel = (f'SUMIFS({c.ch["rnpp"]},{c.ch["period"]},"{p}",'
                              f'{c.ch["channel"]},$D${src})')
            cells = (
                (f"=$A${src}", None, author.name),
                (c.label(p), None, None),
                (f'=IF($D${src}="",{total},{by_channel})', EUR, base),
                (f"=$B${src}", PCT, author.rate),
                (f"=ROUND(I{r}*J{r},2)", EUR, figures["earned"]),
                (f"=K{r}" + (f"+L{r - 1}" if r > start else ""), EUR, earned_to_date),
                (f"=MAX(0,ROUND($C${src},2)-ROUND($E${src},2))", EUR, room),
                (f"=MIN(MAX(L{r},0),M{r})" + (f"-SUM(N{start}:N{r - 1})" if r > start else ""),
                 EUR, figures["recouped"]),
                (f"=K{r}-N{r}", EUR, figures["payable"]),
            )
            for letter, (value, fmt, cached) in zip(AUTHOR_COLS, cells, strict=True):
                if isinstance(value, str) and value.startswith("="):
                    book.put(sheet, f"{letter}{r}", value, number_format=fmt, cached=cached)
                else:
                    book.put(sheet, f"{letter}{r}", value, number_format=fmt, text=True)
            r += 1
        c.author_rows.append((start, r - 1))
    book.widths(sheet, {"F": 3, "G": 24, "H": 11, "I": 15, "J": 8, "K": 14, "L": 14,
                        "M": 14, "N": 14, "O": 14})
    book.sheets[sheet].row_dimensions[TOP].height = 30
    book.print_setup(sheet, TOP)


def _cents(value: Decimal) -> Decimal:
    from xlprod.money import cents

    return cents(value)


def _author_base(c: _Ctx, base: str | None, period: str | None) -> Decimal:
    rows = [(ch, r) for ch, r in zip(c.model.channels, c.results["channels"], strict=True)
            if ch.period == period and (base is None or ch.channel == base)]
    return sum((r["rnpp"] for _, r in rows), ZERO)


# -- Versements ---------------------------------------------------------------------------
def _beneficiaries(c: _Ctx) -> list[str]:
    names = [w["beneficiary"] for w in c.results["waterfall"]]
    names += [s.beneficiary for s in c.model.statements]
    return list(dict.fromkeys(names))


def _statements(c: _Ctx) -> None:
    book, model = c.book, c.model
    sheet = "statements"
    book.title_block(sheet, wbdef.SHEETS[5].title(c.lang), c.w("statements_hint"))
    rows = [{"beneficiary": s.beneficiary, "period": s.period, "paid": s.paid}
            for s in model.statements]
    placed = book.table(sheet, wbdef.STATEMENTS, rows, top=TOP,
                        min_rows=BLANK_ROWS["statements"] if c.blank else 1)
    _rows_of(c, "statements", ("statements",), placed, len(rows))
    book.put(sheet, f"E{TOP - 1}", c.w("control"), font=styles.TOTAL_FONT)
    _header(c, sheet, TOP, ("beneficiary", "due", "paid", "gap", "flag"), col=5)
    due = _due_by(c)
    paid: dict[str, Decimal] = {}
    for s in model.statements:
        paid[s.beneficiary] = paid.get(s.beneficiary, ZERO) + _cents(s.paid)
    for i, name in enumerate(_beneficiaries(c)):
        r = TOP + 1 + i
        gap = paid.get(name, ZERO) - due.get(name, ZERO)
        book.put(sheet, f"E{r}", name, text=True)
        book.put(sheet, f"F{r}", f"={_due(c, f'E{r}')}", number_format=EUR,
                 cached=due.get(name, ZERO))
        book.put(sheet, f"G{r}", f"=SUMIF({c.st['beneficiary']},E{r},{c.st['paid']})",
                 number_format=EUR, cached=paid.get(name, ZERO))
        book.put(sheet, f"H{r}", f"=ROUND(G{r}-F{r},2)", number_format=EUR, cached=gap)
        book.put(sheet, f"I{r}", f'=IF(ABS(H{r})<{CENT},"{c.w("ok")}",IF(H{r}>0,'
                 f'"{c.w("over")}","{c.w("under")}"))', alignment=styles.CENTER_ONLY,
                 cached=c.w("ok") if gap == 0 else c.w("over") if gap > 0 else c.w("under"))
        book.flag(sheet, f"H{r}:I{r}", f"ABS($H{r})>={CENT}")
    book.widths(sheet, {"D": 3, "E": 32, "F": 15, "G": 15, "H": 16, "I": 11})
    book.sheets[sheet].row_dimensions[TOP].height = 30
    book.print_setup(sheet, TOP, landscape=False)


def _due_by(c: _Ctx) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for w in c.results["waterfall"]:
        out[w["beneficiary"]] = out.get(w["beneficiary"], ZERO) + w["amount"]
    return out


# -- Synthèse -----------------------------------------------------------------------------
def _summary(c: _Ctx) -> None:
    book, model, results = c.book, c.model, c.results
    sheet = "summary"
    book.put(sheet, "A1", "=ROY_TITLE", font=styles.TITLE_FONT, cached=model.title)
    book.put(sheet, "A2", c.w("subtitle"), font=styles.SUBTITLE_FONT, text=True)
    for key, cell in book.form("title", {"title": model.title}).items():
        c.locator.add((key,), cell)
    book.put(sheet, "A5", c.w("stamp", version=__version__, date=c.today()),
             font=styles.TOTAL_FONT, text=True)
    print_now = fingerprint(model)
    carried = f"-{c.carried_out_cell}" if c.carried_out_cell else ""
    checks, n_periods = c.period_checks
    state = (f'=IF(AND(ABS(ROY_RNPP_TOTAL-ROY_RNPP_SHARED)<{CENT},'
             f"ABS(ROY_CASCADE_PRINT-ROY_CASCADE_SHARED)<0.000001,"
             f'COUNTIF({checks},"{c.w("ok")}")={n_periods}),"{c.w("up_to_date")}",'
             f'"{c.w("stale")}")')
    lines: tuple[tuple[str, str, Any, Any, str | None], ...] = (
        ("rnpp_total", f"=SUM({c.ch['rnpp']})", results["rnpp_total"], EUR, "ROY_RNPP_TOTAL"),
        ("rnpp_shared", "", results["rnpp_total"], EUR, "ROY_RNPP_SHARED"),
        ("allocated", f"=SUM({c.detail['amount']})",
         sum((w["amount"] for w in results["waterfall"]), ZERO), EUR, "ROY_ALLOCATED"),
        ("unallocated", f"=SUM({c.unallocated_range})", results["unallocated"], EUR,
         "ROY_UNALLOCATED"),
        ("residual", f"=ROUND(ROY_RNPP_TOTAL-ROY_ALLOCATED-ROY_UNALLOCATED{carried},2)", ZERO,
         EUR, None),
        ("cascade_print", _fingerprint_formula(c), print_now, "0.00####", "ROY_CASCADE_PRINT"),
        ("cascade_shared", "", print_now, "0.00####", "ROY_CASCADE_SHARED"),
        ("state", state, c.w("up_to_date"), None, "ROY_UP_TO_DATE"),
    )
    for i, (word, formula, value, fmt, name) in enumerate(lines):
        r = 6 + i
        book.put(sheet, f"A{r}", c.w(word), font=styles.BOLD, text=True)
        if formula:
            book.put(sheet, f"B{r}", formula, number_format=fmt, cached=value,
                     font=styles.TOTAL_FONT, fill=styles.TOTAL_FILL)
        else:  # the engine's figure, as the allocation was computed
            book.put(sheet, f"B{r}", value, number_format=fmt)
        if name:
            book.define(name, sheet, f"B{r}")
    state_row = 6 + len(lines) - 1
    book.flag(sheet, f"B{state_row}", f'B{state_row}<>"{c.w("up_to_date")}"')
    book.sheets[sheet].merge_cells(f"B{state_row}:E{state_row}")
    r = state_row + 2
    # RNPP by channel
    book.put(sheet, f"A{r}", c.w("by_channel"), font=styles.TOTAL_FONT)
    _header(c, sheet, r + 1, ("channel", "rnpp_total"))
    totals: dict[str, Decimal] = {}
    for ch, row in zip(model.channels, results["channels"], strict=True):
        totals[ch.channel] = totals.get(ch.channel, ZERO) + row["rnpp"]
    r += 2
    for name, total in totals.items():
        book.put(sheet, f"A{r}", name, text=True)
        book.put(sheet, f"B{r}", f"=SUMIF({c.ch['channel']},A{r},{c.ch['rnpp']})",
                 number_format=EUR, cached=total)
        r += 1
    # Allocation by beneficiary
    r += 1
    book.put(sheet, f"A{r}", c.w("payouts"), font=styles.TOTAL_FONT)
    _header(c, sheet, r + 1, ("beneficiary", "due"))
    r += 2
    for p in results["payouts"]:
        book.put(sheet, f"A{r}", p["beneficiary"], text=True)
        book.put(sheet, f"B{r}", f"={_due(c, f'A{r}')}", number_format=EUR, cached=p["due"])
        r += 1
    # Authors
    r += 1
    book.put(sheet, f"A{r}", c.w("authors"), font=styles.TOTAL_FONT)
    _header(c, sheet, r + 1, ("author", "earned", "recouped", "payable", "mg_left"))
    r += 2
    authors_sheet = _quoted(book.title("authors"))
    for (start, end), figures in zip(c.author_rows, results["authors"], strict=True):
        book.put(sheet, f"A{r}", f"={authors_sheet}!G{start}", cached=figures["name"])
        for letter, col, key in (("B", "K", "earned"), ("C", "N", "recouped"),
                                 ("D", "O", "payable")):
            book.put(sheet, f"{letter}{r}", f"=SUM({authors_sheet}!{col}{start}:{col}{end})",
                     number_format=EUR, cached=figures[key])
        book.put(sheet, f"E{r}", f"={authors_sheet}!M{start}-C{r}", number_format=EUR,
                 cached=figures["mg_remaining"])
        r += 1
    book.widths(sheet, {"A": 44, "B": 17, "C": 17, "D": 17, "E": 17})
    book.print_setup(sheet, None, landscape=False)


# -- Relevés ------------------------------------------------------------------------------
def _reports(c: _Ctx) -> None:
    book, results = c.book, c.results
    sheet = "reports"
    shares = _quoted(book.title("shares"))
    paid: dict[tuple[str, str | None], Decimal] = {}
    for s in c.model.statements:
        paid[(s.beneficiary, s.period)] = paid.get((s.beneficiary, s.period), ZERO) + \
            _cents(s.paid)
    r = 1
    names = [p["beneficiary"] for p in results["payouts"]]
    if not names and not c.model.authors:
        book.put(sheet, "A1", wbdef.SHEETS[6].title(c.lang), font=styles.TITLE_FONT)
    for name in names:
        book.put(sheet, f"A{r}", c.w("report_title", name=name), font=styles.TITLE_FONT,
                 text=True)
        book.put(sheet, f"A{r + 1}", c.w("report_sub", title=c.model.title),
                 font=styles.SUBTITLE_FONT, text=True)
        book.put(sheet, f"A{r + 2}", c.w("stamp", version=__version__,
                                          date=c.today()),
                 font=styles.SUBTITLE_FONT, text=True)
        book.put(sheet, f"A{r + 3}", c.w("beneficiary"), font=styles.BOLD, text=True)
        book.put(sheet, f"B{r + 3}", name, font=styles.TOTAL_FONT, text=True)
        me = f"$B${r + 3}"
        r += 5
        _header(c, sheet, r, ("period", "level", "cap", "before", "amount", "after"))
        r += 1
        for d, row in c.detail_rows:
            if row["beneficiary"] != name:
                continue
            for letter, src, value, fmt in (
                    ("A", "A", c.label(row["period"]), None),
                    ("B", "B", _level(c, row["level"]), None),
                    ("C", "E", c.w("no_cap") if row["cap"] is None else row["cap"], EUR),
                    ("D", "F", row["received_before"], EUR),
                    ("E", "G", row["amount"], EUR),
                    ("F", "H", row["received_total"], EUR)):
                book.put(sheet, f"{letter}{r}", f"={shares}!{src}{d}", number_format=fmt,
                         alignment=styles.RIGHT if letter == "C" else None, cached=value)
            r += 1
        r += 1
        _header(c, sheet, r, ("period", "due", "paid", "gap"))
        r += 1
        first = r
        for p, summary in zip(c.periods, results["periods"], strict=True):
            due = next((x["due"] for x in summary["payouts"] if x["beneficiary"] == name), ZERO)
            got = paid.get((name, p), ZERO)
            book.put(sheet, f"A{r}", c.label(p), text=True)
            book.put(sheet, f"B{r}", f"=SUMIFS({c.detail['amount']},{c.detail['beneficiary']},"
                     f"{me},{c.detail['period']},A{r})", number_format=EUR, cached=due)
            if c.single:
                formula = f"=SUMIF({c.st['beneficiary']},{me},{c.st['paid']})"
            else:
                formula = (f"=SUMIFS({c.st['paid']},{c.st['beneficiary']},{me},"
                           f"{c.st['period']},A{r})")
            book.put(sheet, f"C{r}", formula, number_format=EUR, cached=got)
            book.put(sheet, f"D{r}", f"=ROUND(C{r}-B{r},2)", number_format=EUR, cached=got - due)
            book.flag(sheet, f"D{r}", f"ABS($D{r})>={CENT}")
            r += 1
        due_total = next(p["due"] for p in results["payouts"] if p["beneficiary"] == name)
        paid_total = sum((v for (b, _), v in paid.items() if b == name), ZERO)
        book.put(sheet, f"A{r}", c.w("total"), font=styles.BOLD, text=True)
        for letter, value in (("B", due_total), ("C", paid_total),
                              ("D", paid_total - due_total)):
            book.put(sheet, f"{letter}{r}", f"=SUM({letter}{first}:{letter}{r - 1})",
                     number_format=EUR, font=styles.BOLD, border=styles.TOP_BORDER,
                     cached=value)
        r += 3
        book.put(sheet, f"A{r}", c.w("signature"), font=styles.SUBTITLE_FONT, text=True)
        r += 2
        book.page_break(sheet, r - 1)
    authors = _quoted(book.title("authors"))
    for n, (start, _end) in enumerate(c.author_rows):
        figures = results["authors"][n]
        book.put(sheet, f"A{r}", c.w("report_author", name=c.model.authors[n].name),
                 font=styles.TITLE_FONT, text=True)
        book.put(sheet, f"A{r + 1}", c.w("report_sub", title=c.model.title),
                 font=styles.SUBTITLE_FONT, text=True)
        r += 3
        _header(c, sheet, r, ("period", "base", "earned", "recouped", "payable", "mg_room"))
        r += 1
        first = r
        for k, (p, summary) in enumerate(zip(c.periods, results["periods"], strict=True)):
            a = summary["authors"][n]
            at = start + k
            book.put(sheet, f"A{r}", c.label(p), text=True)
            for letter, source, value in (
                    ("B", "I", _author_base(c, c.model.authors[n].base, p)),
                    ("C", "K", a["earned"]), ("D", "N", a["recouped"]), ("E", "O", a["payable"])):
                book.put(sheet, f"{letter}{r}", f"={authors}!{source}{at}", number_format=EUR,
                         cached=value)
            room = max(ZERO, _cents(c.model.authors[n].minimum_guarantee)
                       - _cents(c.model.authors[n].recouped_before))
            book.put(sheet, f"F{r}", f"={authors}!M{at}", number_format=EUR, cached=room)
            r += 1
        book.put(sheet, f"A{r}", c.w("total"), font=styles.BOLD, text=True)
        for letter, value in (("C", figures["earned"]), ("D", figures["recouped"]),
                              ("E", figures["payable"])):
            book.put(sheet, f"{letter}{r}", f"=SUM({letter}{first}:{letter}{r - 1})",
                     number_format=EUR, font=styles.BOLD, border=styles.TOP_BORDER,
                     cached=value)
        r += 3
        book.put(sheet, f"A{r}", c.w("signature"), font=styles.SUBTITLE_FONT, text=True)
        r += 2
        book.page_break(sheet, r - 1)
    book.widths(sheet, {"A": 16, "B": 17, "C": 17, "D": 17, "E": 18, "F": 17})
    book.print_setup(sheet, None, landscape=False)

