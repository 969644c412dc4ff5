"""The Devis détaillé: the printable budget in the CNC form, derived from the lines by
formulas — a heading per chapter, a sub-total per account, chapter totals, the social
charges of chapter 4 split by the chapter of the pay they are on, the grand total."""

from __future__ import annotations

from decimal import Decimal

from xlprod import reference
from xlprod.kinds.budget.compute import LineFigures
from xlprod.kinds.budget.model import Budget
from xlprod.workbooks import budget as wbdef
from xlprod.xlsx import styles
from xlprod.xlsx.spec import EUR, PCT
from xlprod.xlsx.writer import BookWriter

TOP = 4  # header row
ROWS_PER_PAGE = 46  # A4 portrait at 100 %, the repeated header row included
ZERO = Decimal(0)


def _criterion(code: str) -> str:
    """An account code as a SUMIFS criterion matching it exactly (no wildcard, no operator)."""
    escaped = code.replace("~", "~~").replace("*", "~*").replace("?", "~?").replace('"', '""')
    return f'"={escaped}"' if code[:1] in "<>=" else f'"{escaped}"'


def accounts(budget: Budget) -> dict[int, dict[str, str]]:
    """Chapter → account code → title: the chart of accounts, then the lines' own accounts."""
    out: dict[int, dict[str, str]] = {n: {} for n in range(1, 10)}
    for a in reference.chart_of_accounts(budget.kind):
        out[a.chapter].setdefault(a.account, a.label_fr)
    for line in budget.lines:
        if line.account:
            out[line.chapter].setdefault(line.account, line.label)
    return out


def write(book: BookWriter, budget: Budget, figures: list[LineFigures],
          results: dict[str, object]) -> None:
    lang = book.lang
    L = wbdef.LINES
    col = {k: book.column_ref(L, k) for k in ("chapter", "account", "amount", "charges")}
    grand = Decimal(str(results["total"]))
    words = wbdef.DETAIL_WORDS
    book.put("detail", "A1", "=BUDGET_TITLE", font=styles.TITLE_FONT, cached=budget.title)
    book.put("detail", "A2", words["subtitle"](lang), font=styles.SUBTITLE_FONT)
    for j, head in enumerate(wbdef.DETAIL_HEADERS):
        book.put("detail", f"{'ABCD'[j]}{TOP}", head(lang), font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    chapters = {c.chapter: c for c in reference.chapters(budget.kind)}
    amounts: dict[tuple[int, str], Decimal] = {}
    charges_by: dict[int, Decimal] = {n: ZERO for n in range(1, 10)}
    for line, fig in zip(budget.lines, figures, strict=True):
        key = (line.chapter, line.account)
        amounts[key] = amounts.get(key, ZERO) + fig.amount
        charges_by[line.chapter] += fig.charges
    listed = accounts(budget)
    ws = book.sheets["detail"]
    r = TOP + 1
    page_start = r
    totals: list[tuple[int, Decimal]] = []  # (row, value) of each chapter total

    def pct(row: int, value: Decimal) -> None:
        book.put("detail", f"D{row}", f"=IF(BUDGET_TOTAL=0,0,C{row}/BUDGET_TOTAL)",
                 number_format=PCT, cached=ZERO if grand == 0 else value / grand)

    for n in range(1, 10):
        rows: list[tuple[str, str, str, Decimal]] = []  # code, title, formula, value
        if n == 4:
            for source, word in ((1, "charges_1"), (2, "charges_2"), (3, "charges_3")):
                rows.append(("", words[word](lang),
                             f"=SUMIF({col['chapter']},{source},{col['charges']})",
                             charges_by[source]))
            others = sum((v for k, v in charges_by.items() if k not in (1, 2, 3)), ZERO)
            rows.append(("", words["charges_other"](lang),
                         f"=SUM({col['charges']})-SUMIF({col['chapter']},1,{col['charges']})"
                         f"-SUMIF({col['chapter']},2,{col['charges']})"
                         f"-SUMIF({col['chapter']},3,{col['charges']})", others))
        for code, title in listed[n].items():
            rows.append((code, title,
                         f"=SUMIFS({col['amount']},{col['chapter']},{n},{col['account']},"
                         f"{_criterion(code)})", amounts.get((n, code), ZERO)))
        if (n, "") in amounts:  # lines without an account
            rows.append(("", words["no_account"](lang),
                         f'=SUMIF({col["chapter"]},{n},{col["amount"]})'
                         f"-SUM(C{r + 1}:C{r + len(rows)})", amounts[(n, "")]))
        size = len(rows) + 3  # heading, rows, total, blank line
        if r > page_start and r + size - page_start > ROWS_PER_PAGE:
            ws.row_breaks.append(_break(r - 1))  # the chapter starts on a new page
            page_start = r
        label = chapters[n].label_en if lang == "en" else chapters[n].label_fr
        book.put("detail", f"A{r}", n, font=styles.TOTAL_FONT, fill=styles.TOTAL_FILL,
                 alignment=styles.LEFT)
        book.put("detail", f"B{r}", label, font=styles.TOTAL_FONT, fill=styles.TOTAL_FILL)
        for letter in "CD":
            book.put("detail", f"{letter}{r}", None, fill=styles.TOTAL_FILL)
        first = r + 1
        for k, (code, title, formula, value) in enumerate(rows):
            row = first + k
            book.put("detail", f"A{row}", code, text=True, alignment=styles.LEFT)
            book.put("detail", f"B{row}", title, text=True, alignment=styles.WRAP)
            book.put("detail", f"C{row}", formula, number_format=EUR, cached=value)
        last = first + len(rows) - 1
        total_row = last + 1
        chapter_total = sum((v for *_, v in rows), ZERO)
        book.put("detail", f"B{total_row}", words["chapter_total"](lang).format(n=n),
                 font=styles.BOLD)
        book.put("detail", f"C{total_row}", f"=SUM(C{first}:C{last})", number_format=EUR,
                 font=styles.BOLD, border=styles.TOP_BORDER, cached=chapter_total)
        pct(total_row, chapter_total)
        totals.append((total_row, chapter_total))
        r = total_row + 2
    # Sub-total, overhead, contingency, grand total (the Récapitulatif's names).
    subtotal = sum((v for _, v in totals), ZERO)
    end = (
        ("subtotal", "=" + "+".join(f"C{row}" for row, _ in totals), subtotal, styles.BOLD),
        ("overhead", "=BUDGET_OVERHEAD", Decimal(str(results["overhead"])), None),
        ("contingency", "=BUDGET_CONTINGENCY", Decimal(str(results["contingency"])), None),
        ("total", f"=C{r}+C{r + 1}+C{r + 2}", grand, styles.TOTAL_FONT),
    )
    if r + len(end) - page_start > ROWS_PER_PAGE:
        ws.row_breaks.append(_break(r - 1))
    for k, (word, formula, value, font) in enumerate(end):
        row = r + k
        book.put("detail", f"B{row}", wbdef.WORDS[word](lang), font=font or styles.BOLD)
        book.put("detail", f"C{row}", formula, number_format=EUR, font=font, cached=value,
                 border=styles.TOP_BORDER if word in ("subtotal", "total") else None,
                 fill=styles.TOTAL_FILL if word == "total" else None)
        pct(row, value)
    last_row = r + len(end) - 1
    book.widths("detail", {"A": 8, "B": 56, "C": 18, "D": 10})
    ws.freeze_panes = f"A{TOP + 1}"
    book.print_setup("detail", TOP, landscape=False, area=f"A1:D{last_row}", gridlines=False)


def _break(row: int) -> object:
    from openpyxl.worksheet.pagebreak import Break

    return Break(id=row)
