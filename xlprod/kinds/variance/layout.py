"""Lay a cost report out as a workbook: Suivi, Analyse des écarts, Écritures, Engagements,
Reste à faire, Correspondance.

Every figure of the Suivi is a formula over the other sheets: actuals are SUMIFs of
the Écritures' mapped-account column (itself a longest-prefix formula over the
Correspondance), commitments and estimates SUMIFs of their tables; the engine
(:func:`.compute.compute`) gives the same figures, stored as the cached values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xlprod import reference
from xlprod.kinds.base import Locator, Written
from xlprod.kinds.variance.compute import compute, resolve_targets
from xlprod.kinds.variance.model import VarianceReport
from xlprod.money import ZERO
from xlprod.workbooks import variance as wbdef
from xlprod.xlsx import styles
from xlprod.xlsx.spec import EUR, ISO_DATE
from xlprod.xlsx.writer import BookWriter

BLANK_ROWS = {"report": 20, "entries": 20, "accounts": 15, "commitments": 15, "estimates": 15, "mapping": 15,
              "explanations": 10}
BLOCK_TOP = 12  # header row of the summary by chapter
CHAPTERS = range(1, 10)
SHEET_TOP = 4  # header row of the tables of Écritures, Engagements, Reste à faire
MAPPING_TOP = 6
TOP_ROWS = 10  # the biggest overruns listed for the chart
EXPLANATIONS_TOP = TOP_ROWS + 16
#: Suivi columns summed by chapter (the summary block uses the table's letters)
SUMMED = ("initial", "revised", "actual", "committed", "estimate", "efc", "variance", "previous",
          "since_last")


def blank_report(lang: str = "fr") -> VarianceReport:
    import datetime as dt

    title = "New cost report" if lang == "en" else "Nouveau suivi budgétaire"
    return VarianceReport.model_validate({"title": title, "as_of": dt.date.today()})


def write(report: VarianceReport | None, lang: str = "fr", variant: str | None = None,
          base: Any = None) -> Written:
    """The workbook of ``report``; without one, a blank cost report ready to fill."""
    blank = report is None
    report = report or blank_report(lang)
    book = BookWriter(wbdef.layout(lang), lang, base)
    as_of = report.as_of.strftime("%Y-%m-%d" if lang == "en" else "%d/%m/%Y")
    book.footer = " — ".join(x for x in (report.title, ("as of " if lang == "en" else "arrêté au ")
                                          + as_of) if x)
    locator = Locator()
    results = compute(report)
    lines = {a["account"]: a for a in results["accounts"]}
    _report(book, report, results, locator, blank)
    targets = resolve_targets(report, [a.compte_num for a in report.actuals])
    _entries(book, report, targets, locator, blank)
    _accounts(book, report, targets, lines, blank)
    _user_table(book, "commitments", report.commitments, lines, locator, blank)
    _user_table(book, "estimates", report.estimates_to_complete, lines, locator, blank)
    _mapping(book, report, locator, blank)
    _analysis(book, report, results, lines, locator, blank)
    book.finish()
    return Written(book, locator)


def _hd(book: BookWriter) -> str:
    return wbdef.HORS_DEVIS(book.lang)


def _report(book: BookWriter, report: VarianceReport, results: dict[str, Any], locator: Locator,
            blank: bool) -> None:
    lang = book.lang
    book.put("report", "A1", "=VAR_TITLE", font=styles.TITLE_FONT, cached=report.title)
    book.put("report", "A2", wbdef.WORDS["subtitle"](lang), font=styles.SUBTITLE_FONT)
    values = {f.key: getattr(report, f.key) for f in wbdef.PARAMS.fields}
    values["variant"] = wbdef.VARIANTS[report.variant](lang)
    for key, cell in book.form("report", values).items():
        locator.add((key,), cell)
    tdef = book.layout.tables["report"]
    rows = [_report_row(a) for a in results["accounts"]]
    top = BLOCK_TOP + len(CHAPTERS) + 7
    book.put("report", f"A{top - 1}", wbdef.WORDS["by_account"](lang), font=styles.TOTAL_FONT)
    placed = book.table("report", tdef, rows, top=top,
                        min_rows=BLANK_ROWS["report"] if blank else 1,
                        blank={k: "" for k in ("actual", "committed", "estimate", "efc",
                                               "variance", "variance_pct", "since_last",
                                               "alert")})
    budget_rows = {row.account: i for i, row in reversed(list(enumerate(report.budget)))}
    for n, a in enumerate(results["accounts"]):
        i = budget_rows.get(a["account"])
        if i is not None and a["line"] == "budget":
            for col in tdef.columns:
                key = {"revised": "amount"}.get(col.key, col.key)
                locator.add(("budget", i, key), placed.cell(n, col.key))
            locator.add(("budget", i), placed.cell(n, "account"))
    locator.add(("budget",), f"{book.title('report')}!A{top}")
    letters = placed.letters
    last = placed.last_row + 500
    book.highlight("report", f"A{placed.first_row}:{letters['alert']}{last}",
                   f'${letters["alert"]}{placed.first_row}=1', styles.OVERRUN_FILL)
    _summary(book, report, results, letters)
    ws = book.sheets["report"]
    ws.row_dimensions[top].height = 30
    ws.row_dimensions[BLOCK_TOP].height = 30
    ws.freeze_panes = f"D{top + 1}"
    book.print_setup("report", top)


def _report_row(a: dict[str, Any]) -> dict[str, Any]:
    def zero_none(value: Any) -> Any:
        return 0 if value is None else value

    return {"chapter": a["chapter"], "account": a["account"], "label": a["label"],
            "initial": a["initial"], "revised": a["budget"] if a["line"] == "budget" else None,
            "actual": a["actual"], "committed": a["committed"],
            "estimate": a["estimate_to_complete"], "efc": a["efc"], "variance": a["variance"],
            "variance_pct": zero_none(a["variance_pct"]), "previous": a["previous_efc"],
            "since_last": zero_none(a["since_last"]), "alert": 1 if a["flagged"] else 0}


def _summary(book: BookWriter, report: VarianceReport, results: dict[str, Any],
             letters: dict[str, str]) -> None:
    """Chapters 1–9, the rows outside chapters, hors devis and the total, above the table."""
    lang = book.lang
    tdef = book.layout.tables["report"]
    ref = {k: book.column_ref(tdef, k) for k in ("chapter", *SUMMED)}
    top = BLOCK_TOP
    book.put("report", f"A{top - 1}", wbdef.WORDS["by_chapter"](lang), font=styles.TOTAL_FONT)
    for col in tdef.columns:
        head = wbdef.WORDS["chapter"] if col.key == "label" else col.label
        if col.key in ("account", "alert"):
            continue
        book.put("report", f"{letters[col.key]}{top}", head(lang), font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    titles = {c.chapter: (c.label_en if lang == "en" else c.label_fr)
              for c in reference.chapters(report.variant)}
    accounts = results["accounts"]

    def total(key: str, members: list[dict[str, Any]]) -> Any:
        field = {"revised": "budget", "estimate": "estimate_to_complete",
                 "previous": "previous_efc"}.get(key, key)
        if key == "revised":
            members = [a for a in members if a["line"] == "budget"]
        return sum((Decimal(str(a[field])) for a in members if a[field] is not None), ZERO)

    def pct_cell(r: int, budget: Any, variance: Any, bold: bool = False) -> None:
        v, b = letters["variance"], letters["revised"]
        book.put("report", f"{letters['variance_pct']}{r}", f"=IF({b}{r}=0,0,{v}{r}/{b}{r})",
                 number_format=wbdef.PCT_DASH, font=styles.BOLD if bold else None,
                 cached=0 if not budget else float(variance / budget))

    first, last_chapter = top + 1, top + len(CHAPTERS)
    for n, chapter in enumerate(CHAPTERS):
        r = first + n
        members = [a for a in accounts if a["chapter"] == chapter]
        book.put("report", f"{letters['chapter']}{r}", chapter, alignment=styles.CENTER_ONLY)
        book.put("report", f"{letters['label']}{r}", titles.get(chapter, ""), text=True)
        for key in SUMMED:
            book.put("report", f"{letters[key]}{r}",
                     f"=SUMIF({ref['chapter']},{letters['chapter']}{r},{ref[key]})",
                     number_format=EUR, cached=total(key, members))
        pct_cell(r, total("revised", members), total("variance", members))
    other = last_chapter + 1
    outside = [a for a in accounts if a["chapter"] not in CHAPTERS]
    book.put("report", f"{letters['label']}{other}", wbdef.WORDS["other_chapter"](lang), text=True)
    for key in SUMMED:
        c = letters[key]
        book.put("report", f"{c}{other}", f"=SUM({ref[key]})-SUM({c}{first}:{c}{last_chapter})",
                 number_format=EUR, cached=total(key, outside))
    pct_cell(other, total("revised", outside), total("variance", outside))
    hd, unmapped = other + 1, Decimal(str(results["unmapped_total"]))
    entries = book.layout.tables["entries"]
    book.put("report", f"{letters['label']}{hd}", wbdef.WORDS["hors_devis"](lang), text=True,
             font=styles.BOLD)
    book.put("report", f"{letters['revised']}{hd}", 0, number_format=EUR)
    book.put("report", f"{letters['actual']}{hd}",
             f'=SUMIF({book.column_ref(entries, "account")},"{_hd(book)}",'
             f'{book.column_ref(entries, "amount")})', number_format=EUR, cached=unmapped)
    book.define("VAR_UNMAPPED_TOTAL", "report", f"{letters['actual']}{hd}")
    book.put("report", f"{letters['efc']}{hd}", f"={letters['actual']}{hd}", number_format=EUR,
             cached=unmapped)
    book.put("report", f"{letters['variance']}{hd}",
             f"={letters['revised']}{hd}-{letters['efc']}{hd}", number_format=EUR,
             cached=-unmapped)
    row_total = hd + 1
    book.put("report", f"{letters['label']}{row_total}", wbdef.WORDS["total"](lang),
             font=styles.BOLD, text=True)
    grand = {key: total(key, accounts) for key in SUMMED}
    grand["actual"] += unmapped
    grand["efc"] += unmapped
    grand["variance"] = grand["revised"] - grand["efc"]
    for key in SUMMED:
        c = letters[key]
        formula = (f"={letters['revised']}{row_total}-{letters['efc']}{row_total}"
                   if key == "variance" else f"=SUM({c}{first}:{c}{hd})")
        book.put("report", f"{c}{row_total}", formula, number_format=EUR,
                 font=styles.TOTAL_FONT, fill=styles.TOTAL_FILL, border=styles.TOP_BORDER,
                 cached=grand[key])
    pct_cell(row_total, grand["revised"], grand["variance"], bold=True)
    for name, key in (("VAR_TOTAL_BUDGET", "revised"), ("VAR_TOTAL_ACTUAL", "actual"),
                      ("VAR_TOTAL_COMMITTED", "committed"), ("VAR_TOTAL_ESTIMATE", "estimate"),
                      ("VAR_TOTAL_EFC", "efc"), ("VAR_TOTAL_VARIANCE", "variance")):
        book.define(name, "report", f"{letters[key]}{row_total}")
    control = row_total + 1
    book.put("report", f"{letters['label']}{control}", wbdef.WORDS["control"](lang),
             font=styles.SUBTITLE_FONT, text=True)
    book.put("report", f"{letters['actual']}{control}",
             f"=ROUND(SUM({book.column_ref(entries, 'amount')})-"
             f"{letters['actual']}{row_total},2)", number_format=EUR, font=styles.SUBTITLE_FONT,
             cached=0)
    book.highlight("report", f"{letters['variance']}{first}:{letters['variance']}{row_total}",
                   f"{letters['variance']}{first}<0", font=styles.OVERRUN_FONT)


def _entries(book: BookWriter, report: VarianceReport, targets: dict[str, str | None],
             locator: Locator, blank: bool) -> None:
    lang = book.lang
    book.title_block("entries", book.layout.sheet("entries").title(lang),
                     wbdef.WORDS["entries_hint"](lang))
    tdef = book.layout.tables["entries"]
    rows = [{**{k: getattr(a, k) for k in tdef.inputs},
             "account": targets[a.compte_num] or _hd(book)} for a in report.actuals]
    placed = book.table("entries", tdef, rows, top=SHEET_TOP,
                        min_rows=BLANK_ROWS["entries"] if blank else 1, blank={"account": ""})
    locator.add_rows(("actuals",), lambda i, key: placed.cell(i, key or "label"),
                     count=lambda: len(report.actuals), keys=tdef.inputs)
    locator.add(("actuals",), f"{book.title('entries')}!A{SHEET_TOP}")
    _sheet_finish(book, "entries", "E")


def _accounts(book: BookWriter, report: VarianceReport, targets: dict[str, str | None],
              lines: dict[str, Any], blank: bool) -> None:
    """Comptes du FEC: each CompteNum once, in account order, with its budget account (the
    longest-prefix formula, once per account rather than once per entry), its label, its
    number of entries and its actual."""
    lang = book.lang
    book.put("accounts", "A1", book.layout.sheet("accounts").title(lang), font=styles.TITLE_FONT,
             text=True)
    book.note("accounts", "A2:E3", wbdef.WORDS["accounts_hint"](lang))  # within the page
    count: dict[str, int] = {}
    amount: dict[str, Decimal] = {}
    for a in report.actuals:
        count[a.compte_num] = count.get(a.compte_num, 0) + 1
        amount[a.compte_num] = amount.get(a.compte_num, ZERO) + a.amount
    rows = []
    for compte in sorted(count):
        account = targets[compte] or _hd(book)
        line = lines.get(account)
        rows.append({"compte_num": compte, "account": account,
                     "account_label": line["label"] if line else account,
                     "count": count[compte], "amount": amount[compte]})
    book.table("accounts", book.layout.tables["accounts"], rows, top=SHEET_TOP,
               min_rows=BLANK_ROWS["accounts"] if blank else 1,
               blank={k: "" for k in ("account", "account_label", "count", "amount")})
    ws = book.sheets["accounts"]
    ws.freeze_panes = f"B{SHEET_TOP + 1}"
    ws.row_dimensions[SHEET_TOP].height = 30
    book.print_setup("accounts", SHEET_TOP, landscape=False)


def _sheet_finish(book: BookWriter, key: str, freeze_col: str = "A") -> None:
    ws = book.sheets[key]
    ws.freeze_panes = f"{freeze_col}{SHEET_TOP + 1}"
    ws.row_dimensions[SHEET_TOP].height = 30
    book.print_setup(key, SHEET_TOP)


def _user_table(book: BookWriter, key: str, items: list[Any], lines: dict[str, Any],
                locator: Locator, blank: bool) -> None:
    lang = book.lang
    book.title_block(key, book.layout.sheet(key).title(lang), wbdef.WORDS[f"{key}_hint"](lang))
    tdef = book.layout.tables[key]
    rows = [{**{k: getattr(item, k) for k in tdef.inputs},
             "account_label": lines[item.account]["label"] if item.account in lines else "?"}
            for item in items]
    placed = book.table(key, tdef, rows, top=SHEET_TOP,
                        min_rows=BLANK_ROWS[key] if blank else 1, blank={"account_label": ""})
    path = tdef.path
    for i in range(len(items)):
        for c in tdef.columns:
            locator.add((path, i, c.key), placed.cell(i, c.key))
        locator.add((path, i), placed.cell(i, "account"))
    locator.add((path,), f"{book.title(key)}!A{SHEET_TOP}")
    _sheet_finish(book, key)


def _mapping(book: BookWriter, report: VarianceReport, locator: Locator, blank: bool) -> None:
    lang = book.lang
    book.title_block("mapping", book.layout.sheet("mapping").title(lang), wbdef.WORDS["mapping_hint"](lang))
    for key, cell in book.form("mapping", {"use_default_mapping": wbdef.Label("O", "Y")(lang)
                                           if report.use_default_mapping else "N"}).items():
        locator.add((key,), cell)
    tdef = book.layout.tables["mapping"]
    rows = [{"prefix": m.prefix, "account": m.account,
             "target": m.account or _hd(book)} for m in report.mapping]
    placed = book.table("mapping", tdef, rows, top=MAPPING_TOP,
                        min_rows=BLANK_ROWS["mapping"] if blank else 1, blank={"target": ""})
    for i in range(len(report.mapping)):
        for c in tdef.columns:
            locator.add(("mapping", i, c.key), placed.cell(i, c.key))
        locator.add(("mapping", i), placed.cell(i, "prefix"))
    locator.add(("mapping",), f"{book.title('mapping')}!A{MAPPING_TOP}")
    # The shipped table, as reference data beside the user's (its names feed the formula).
    book.put("mapping", f"F{MAPPING_TOP - 1}", wbdef.WORDS["default_title"](lang),
             font=styles.TOTAL_FONT)
    for letter, word in zip("FGH", ("default_prefix", "default_target", "default_label"),
                            strict=True):
        book.put("mapping", f"{letter}{MAPPING_TOP}", wbdef.WORDS[word](lang),
                 font=styles.HEADER_FONT, fill=styles.HEADER_FILL, alignment=styles.CENTER)
    shipped = reference.pcg_mapping()
    for n, row in enumerate(shipped):
        r = MAPPING_TOP + 1 + n
        book.put("mapping", f"F{r}", row.prefix, text=True, fill=styles.TOTAL_FILL)
        book.put("mapping", f"G{r}", row.account or _hd(book), text=True, fill=styles.TOTAL_FILL)
        book.put("mapping", f"H{r}", row.label_fr, text=True, font=styles.SUBTITLE_FONT,
                 alignment=styles.WRAP)  # long PCG titles wrap within the printed page
    last = MAPPING_TOP + len(shipped)
    book.define(wbdef.DEFAULT_PREFIXES, "mapping", f"F{MAPPING_TOP + 1}:F{last}")
    book.define(wbdef.DEFAULT_TARGETS, "mapping", f"G{MAPPING_TOP + 1}:G{last}")
    book.widths("mapping", {"D": 4, "E": 4, "F": 10, "G": 12, "H": 60})
    book.sheets["mapping"].freeze_panes = f"A{MAPPING_TOP + 1}"
    book.sheets["mapping"].row_dimensions[MAPPING_TOP].height = 30
    book.print_setup("mapping", MAPPING_TOP, landscape=False)


def analysis_rows(report: VarianceReport, results: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(account, explanation, treatment) per row of the Analyse des écarts: every flagged
    overrun in report order, then the other explanations the user wrote."""
    given = {e.account: e for e in report.explanations}
    rows = []
    for item in results["overruns"]:
        e = given.pop(item["account"], None)
        rows.append((item["account"], e.explanation if e else "", e.treatment if e else ""))
    rows += [(e.account, e.explanation, e.treatment) for e in given.values()]
    return rows


def _analysis(book: BookWriter, report: VarianceReport, results: dict[str, Any],
              lines: dict[str, Any], locator: Locator, blank: bool) -> None:
    lang = book.lang
    book.title_block("analysis", book.layout.sheet("analysis").title(lang),
                     wbdef.WORDS["analysis_hint"](lang))
    book.put("analysis", "A4", "=VAR_TITLE", font=styles.BOLD, cached=report.title)
    book.put("analysis", "C4", "=VAR_AS_OF", number_format=ISO_DATE, font=styles.BOLD,
             cached=report.as_of)
    unmapped = {u["compte_num"]: u["amount"] for u in results["unmapped"]}
    _top_overruns(book, results, unmapped)
    tdef = book.layout.tables["explanations"]
    rows = []
    for account, explanation, treatment in analysis_rows(report, results):
        line = lines.get(account)
        budget = line["budget"] if line else 0
        efc = line["efc"] if line else unmapped.get(account, 0)
        variance = budget - efc
        rows.append({"account": account, "explanation": explanation, "treatment": treatment,
                     "label": line["label"] if line else _hd(book), "budget": budget,
                     "efc": efc, "variance": variance,
                     "variance_pct": 0 if not budget else variance / budget})
    placed = book.table("analysis", tdef, rows, top=EXPLANATIONS_TOP,
                        min_rows=BLANK_ROWS["explanations"] if blank else 1,
                        blank={k: "" for k in ("label", "budget", "efc", "variance",
                                               "variance_pct")})
    index = {e.account: i for i, e in enumerate(report.explanations)}
    for n, (account, *_) in enumerate(rows):
        if account in index:
            for c in tdef.columns:
                locator.add(("explanations", index[account], c.key), placed.cell(n, c.key))
            locator.add(("explanations", index[account]), placed.cell(n, "explanation"))
    locator.add(("explanations",), f"{book.title('analysis')}!A{EXPLANATIONS_TOP}")
    ws = book.sheets["analysis"]
    ws.row_dimensions[EXPLANATIONS_TOP].height = 30
    for r in range(EXPLANATIONS_TOP + 1, EXPLANATIONS_TOP + 1 + len(rows)):
        ws.row_dimensions[r].height = 45
    book.print_setup("analysis", EXPLANATIONS_TOP)


def _top_overruns(book: BookWriter, results: dict[str, Any], unmapped: dict[str, Any]) -> None:
    """The biggest overruns (the engine's ranking when the workbook was made), each a live
    figure of the Suivi, and their bar chart."""
    lang = book.lang
    report = book.layout.tables["report"]
    entries = book.layout.tables["entries"]
    top = 6
    book.put("analysis", f"A{top}", wbdef.WORDS["top_title"](lang), font=styles.HEADER_FONT,
             fill=styles.HEADER_FILL)
    book.put("analysis", f"B{top}", None, fill=styles.HEADER_FILL)
    book.put("analysis", f"C{top}", wbdef.WORDS["top_overrun"](lang), font=styles.HEADER_FONT,
             fill=styles.HEADER_FILL, alignment=styles.CENTER)
    biggest = results["biggest_overruns"][:TOP_ROWS]
    for n, item in enumerate(biggest):
        r = top + 1 + n
        account = item["account"].replace('"', '""')
        if item["line"] == "hors_devis":
            label = f"{item['account']} — {_hd(book)}"
            formula = (f'=SUMIFS({book.column_ref(entries, "amount")},'
                       f'{book.column_ref(entries, "compte_num")},"{account}",'
                       f'{book.column_ref(entries, "account")},"{_hd(book)}")')
            value = unmapped.get(item["account"], 0)
        else:
            label = f"{item['account']} — {item['label']}"
            formula = (f'=IFERROR(-INDEX({book.column_ref(report, "variance")},'
                       f'MATCH("{account}",{book.column_ref(report, "account")},0)),0)')
            value = -item["variance"]
        book.put("analysis", f"A{r}", label if len(label) <= 44 else label[:43] + "…", text=True)
        book.put("analysis", f"C{r}", formula, number_format=EUR, cached=value)
    if biggest:
        last = top + len(biggest)
        book.bar_chart("analysis", values=f"C{top + 1}:C{last}", categories=f"A{top + 1}:A{last}",
                       title=wbdef.WORDS["top_title"](lang), anchor="E4", height=10.5,
                       width=20)

