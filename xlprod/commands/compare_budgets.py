"""``compare-budgets``: two budget versions side by side (devis initial / révisé)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from xlprod.errors import UsageError


def compare(path_a: Path, path_b: Path) -> dict[str, Any]:
    """Chapter and account totals of two budget workbooks, engine-computed."""
    from xlprod import api
    from xlprod.kinds.budget.compute import line_figures, rates_for

    sides = []
    for path in (path_a, path_b):
        data = api.export(path)
        if data["workbook"] != "budget":
            raise UsageError(f"{path}: is a {data['workbook']} workbook, not a budget")
        from xlprod.kinds.budget.model import Budget

        budget = Budget.model_validate({k: v for k, v in data.items()
                                        if k not in ("workbook", "results")})
        accounts: dict[tuple[int, str], list[Any]] = {}
        for line, fig in zip(budget.lines, line_figures(budget, rates_for(budget)), strict=True):
            entry = accounts.setdefault((line.chapter, line.account), [line.label, Decimal(0)])
            entry[1] += fig.amount
        sides.append((data["results"], accounts))
    return {"a": sides[0], "b": sides[1]}


def write_comparison(path_a: Path, path_b: Path, out: Path, force: bool) -> None:
    from openpyxl import Workbook

    from xlprod.fileio import check_writable, refuse_same_file, write_with
    from xlprod.xlsx import styles
    from xlprod.xlsx.spec import EUR, PCT

    refuse_same_file(out, path_a, path_b)
    check_writable(out, force)
    both = compare(path_a, path_b)
    (res_a, acc_a), (res_b, acc_b) = both["a"], both["b"]
    wb = Workbook()
    by_chapter = wb.active
    by_chapter.title = "Par chapitre"
    by_account = wb.create_sheet("Par compte")
    # Column titles name the files; two versions often share a file name in two folders.
    name_a, name_b = (path_a.name, path_b.name) if path_a.name != path_b.name else (
        str(path_a), str(path_b))
    heads = ["Chapitre", "Poste", f"A : {name_a}", f"B : {name_b}", "Écart (B − A)", "Écart %"]

    def header(ws: Any, title: str) -> None:
        ws["A1"] = title
        ws["A1"].font = styles.TITLE_FONT
        ws["A2"] = f"A = {path_a}   ·   B = {path_b}   ·   écart = B − A"
        ws["A2"].font = styles.SUBTITLE_FONT
        for j, h in enumerate(heads, start=1):
            c = ws.cell(row=4, column=j, value=h)
            c.font, c.fill, c.alignment = styles.HEADER_FONT, styles.HEADER_FILL, styles.CENTER
        for letter, width in zip("ABCDEF", (10, 44, 18, 18, 16, 10), strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A5"

    def row(ws: Any, r: int, key: Any, label: str, a: Any, b: Any, bold: bool = False) -> None:
        ws.cell(row=r, column=1, value=key)
        ws.cell(row=r, column=2, value=label).data_type = "s"
        for col, value in ((3, a), (4, b)):
            formula = isinstance(value, str)  # a total row's =SUM(…)
            ws.cell(row=r, column=col, value=value if formula else float(value)).number_format = EUR
        ws.cell(row=r, column=5, value=f"=D{r}-C{r}").number_format = EUR
        ws.cell(row=r, column=6, value=f'=IF(C{r}=0,"",E{r}/C{r})').number_format = PCT
        if bold:
            for col in range(1, 7):
                ws.cell(row=r, column=col).font = styles.BOLD

    header(by_chapter, "Comparaison de devis — par chapitre")
    r = 5
    for ca, cb in zip(res_a["chapters"], res_b["chapters"], strict=True):
        row(by_chapter, r, ca["chapter"], ca["label"], ca["total"], cb["total"])
        r += 1
    row(by_chapter, r, "", "Sous-total (1 à 9)", res_a["subtotal"], res_b["subtotal"], True)
    for key, label in (("overhead", "Frais généraux"), ("contingency", "Imprévus"),
                       ("total", "TOTAL GÉNÉRAL HT")):
        r += 1
        row(by_chapter, r, "", label, res_a[key], res_b[key], key == "total")
    header(by_account, "Comparaison de devis — par compte (hors charges sociales)")
    r = 5
    for key in sorted(set(acc_a) | set(acc_b)):
        label = (acc_a.get(key) or acc_b[key])[0]
        a = acc_a.get(key, [label, 0])[1]
        b = acc_b.get(key, [label, 0])[1]
        row(by_account, r, f"{key[0]}/{key[1]}" if key[1] else key[0], label, a, b)
        r += 1
    row(by_account, r, "", "Total des comptes", f"=SUM(C5:C{r - 1})", f"=SUM(D5:D{r - 1})", True)
    write_with(out, wb.save, force)


@click.command("compare-budgets")
@click.argument("budget_a", type=click.Path(path_type=Path))
@click.argument("budget_b", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), required=True,
              help="The comparison workbook to write.")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
def command(budget_a: Path, budget_b: Path, out: Path, force: bool) -> None:
    """Compare two budgets by chapter and account (B − A).

    \b
    Example:
      xlprod run compare-budgets devis-initial.xlsx devis-revise.xlsx -o ecarts.xlsx
    """
    write_comparison(budget_a, budget_b, out, force)
    click.echo(f"Wrote {out}")
