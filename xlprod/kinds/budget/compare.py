"""Two budget versions side by side (devis initial / révisé), engine-computed, laid out by
the common writer from ``workbooks/compare.py``; differences are formulas."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlprod import api, reference
from xlprod.errors import UsageError
from xlprod.fileio import check_writable, refuse_same_file, write_with
from xlprod.kinds.budget.compute import compute, line_figures, rates_for
from xlprod.kinds.budget.model import Budget
from xlprod.workbooks import compare as wbdef
from xlprod.xlsx import styles
from xlprod.xlsx.writer import BookWriter

ZERO = Decimal(0)


def _load(path: Path) -> Budget:
    loaded = api.load(path)
    if loaded.spec.name != "budget":
        raise UsageError(f"{path}: is a {loaded.spec.name} workbook, not a budget")
    model: Budget = loaded.model_or_raise()
    return model


def _row(a: Any, b: Any) -> dict[str, Any]:
    a, b = Decimal(str(a)), Decimal(str(b))
    diff = b - a
    return {"a": a, "b": b, "diff": diff, "pct": "" if a == 0 else diff / a}


def _lines(budget: Budget) -> Iterator[tuple[tuple[Any, ...], str, Decimal]]:
    """Each line with a key that survives reordering: (chapter, account, label, n-th)."""
    seen: dict[tuple[Any, ...], int] = {}
    for line, fig in zip(budget.lines, line_figures(budget, rates_for(budget)), strict=True):
        base = (line.chapter, line.account, line.label)
        seen[base] = seen.get(base, 0) + 1
        yield (*base, seen[base]), line.label, fig.amount


def comparison_rows(a: Budget, b: Budget, lang: str = "fr") -> dict[str, list[dict[str, Any]]]:
    """The rows of the three sheets."""
    res = compute(a), compute(b)
    words = {k: v(lang) for k, v in wbdef.WORDS.items()}
    chapters = [{"chapter": ca["chapter"], "label": ca["label"], **_row(ca["total"], cb["total"])}
                for ca, cb in zip(res[0]["chapters"], res[1]["chapters"], strict=True)]
    for key in ("subtotal", "overhead", "contingency", "total"):
        chapters.append({"chapter": None, "label": words[key], **_row(res[0][key], res[1][key])})
    titles = {(x.chapter, x.account): x.label_fr for x in reference.chart_of_accounts(a.kind)}
    sums: dict[tuple[int, str], list[Any]] = {}
    for side, budget in enumerate((a, b)):
        for (chapter, account, label, _n), _label, amount in _lines(budget):
            entry = sums.setdefault((chapter, account), [titles.get((chapter, account), label),
                                                         ZERO, ZERO])
            entry[1 + side] += amount
    accounts = [{"account": f"{c}/{acc}" if acc else str(c), "label": title, **_row(x, y)}
                for (c, acc), (title, x, y) in sorted(sums.items())]
    accounts.append({"account": None, "label": words["accounts_total"],
                     **_row(sum((r["a"] for r in accounts), ZERO),
                            sum((r["b"] for r in accounts), ZERO))})
    before = {key: amount for key, _, amount in _lines(a)}
    after = {key: amount for key, _, amount in _lines(b)}
    lines = []
    for line_key in sorted(before.keys() | after.keys()):
        x, y = before.get(line_key), after.get(line_key)
        if x == y:
            continue
        change = words["added"] if x is None else words["removed"] if y is None else words["changed"]
        chapter, account, label = line_key[0], line_key[1], line_key[2]
        lines.append({"change": change, "account": f"{chapter}/{account}" if account else
                      str(chapter), "label": label, **_row(x or 0, y or 0)})
    return {"chapters": chapters, "accounts": accounts, "lines": lines}


def write_comparison(path_a: Path, path_b: Path, out: Path, force: bool = False,
                     lang: str = "fr") -> Path:
    """Read two budget workbooks and write their comparison to ``out``."""
    refuse_same_file(out, path_a, path_b)
    check_writable(out, force)
    a, b = _load(path_a), _load(path_b)
    # Two versions often share a file name in two folders: then the titles show the paths.
    name_a, name_b = (path_a.name, path_b.name) if path_a.name != path_b.name else (
        str(path_a), str(path_b))
    book = BookWriter(wbdef.layout(name_a, name_b), lang)
    book.footer = f"{name_a} → {name_b}"
    rows = comparison_rows(a, b, lang)
    legend = wbdef.WORDS["legend"](lang).format(a=path_a, b=path_b)
    for key in ("chapters", "accounts", "lines"):
        book.title_block(key, wbdef.WORDS[key](lang), legend)
        tdef = book.layout.tables[key]
        if not rows[key]:
            book.put(key, "A4", wbdef.WORDS["none"](lang), font=styles.BOLD)
            continue
        placed = book.table(key, tdef, rows[key], top=4)
        if key != "lines":  # the total rows, in bold
            totals = 4 if key == "chapters" else 1
            for r in range(placed.last_row - totals + 1, placed.last_row + 1):
                for letter in placed.letters.values():
                    book.restyle(key, f"{letter}{r}", font=styles.BOLD)
        book.sheets[key].freeze_panes = "A5"
        book.print_setup(key, 4, landscape=True)
    write_with(out, book.save, force)
    return out
