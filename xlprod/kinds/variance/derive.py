"""The cost report's inputs taken from elsewhere: its budget from a budget (devis), its
actuals from an FEC import.

**Budget rows from a devis** (:func:`budget_from`): one row per (chapter,
account) of the devis lines, in chapter order then first appearance, with
the lines' amounts summed; a line without an account counts on its
chapter's row (account = the chapter digit). Chapter 4 (charges sociales,
computed by the budget engine line by line) becomes one row per chapter the
charges come from, account ``4`` + that chapter: ``41`` charges on chapter
1 (authors), ``42`` on chapter 2 (crew), ``43`` on chapter 3 (cast)… Then
``FG`` (frais généraux) and ``IMP`` (imprévus), without chapter, when not
zero. A row's label is its single line's label, or the labels of its lines
joined (shortened with « … »): the devis's own words, since its account
numbers need not follow the reference chart. Line amounts that are not
whole cents are taken by cumulative rounding (each row is
``cents(running total) − cents(previous running total)``), so the rows sum
exactly to the budget engine's total rounded to the cent.

**Actuals from an FEC** (:func:`actuals_from_fec`): one transaction per
class-6 line of a :class:`~xlprod.importers.FecImport`, JSON-ready (ISO
date, amount a number), in file order.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from xlprod import reference
from xlprod.importers import FecImport
from xlprod.kinds.base import _number
from xlprod.money import ZERO, cents

__all__ = ["LABEL_WIDTH", "actuals_from_fec", "budget_from"]

#: Longest label a merged row gets (a cost report's poste column stays readable).
LABEL_WIDTH = 80


def _budget_model(budget: Any) -> Any:
    from xlprod.kinds.budget.model import Budget

    if isinstance(budget, Budget):
        return budget
    if isinstance(budget, Mapping):
        # an ``export`` object is the input plus "workbook" and "results"
        data = {k: v for k, v in budget.items() if k not in ("workbook", "results")}
        return Budget.model_validate(data)
    raise TypeError("budget_from takes a Budget or its input (or export) dict")


def _label(labels: list[str]) -> str:
    unique = list(dict.fromkeys(labels))
    text = ", ".join(unique)
    if len(text) <= LABEL_WIDTH:
        return text
    kept = unique[0]
    for label in unique[1:]:
        if len(kept) + len(label) + 4 > LABEL_WIDTH:
            break
        kept += ", " + label
    return kept + " …"


def budget_from(budget: Any) -> list[dict[str, Any]]:
    """The variance kind's ``budget`` rows (with ``chapter``) for a devis.

    ``budget``: a :class:`~xlprod.kinds.budget.model.Budget`, its input dict,
    or an ``xlprod export`` object of a budget workbook. The rows sum to the
    budget's ``total`` to the cent.
    """
    from xlprod.kinds.budget.compute import line_figures, rates_for

    model = _budget_model(budget)
    figures = line_figures(model, rates_for(model))
    titles = {c.chapter: c.label_fr for c in reference.chapters(model.kind)}
    groups: dict[tuple[int, str], tuple[list[str], list[Decimal]]] = {}
    charges: dict[int, Decimal] = {}
    for line, fig in zip(model.lines, figures, strict=True):
        account = line.account or str(line.chapter)
        labels, amounts = groups.setdefault((line.chapter, account), ([], []))
        labels.append(line.label)
        amounts.append(fig.amount)
        if fig.charges:
            charges[line.chapter] = charges.get(line.chapter, ZERO) + fig.charges
    rows: list[tuple[str, str, int | None, Decimal]] = []
    for chapter in range(1, 10):
        if chapter == 4:
            rows += [(f"4{source}", f"Charges sociales — {titles.get(source, source)}", 4, amount)
                     for source, amount in sorted(charges.items())]
            continue
        rows += [(account, _label(labels), chapter, sum(amounts, ZERO))
                 for (c, account), (labels, amounts) in groups.items() if c == chapter]
    subtotal = sum((amount for *_, amount in rows), ZERO)
    overhead = cents(subtotal * model.overhead_rate)
    contingency = cents(subtotal * model.contingency_rate)
    rows += [("FG", f"Frais généraux ({_rate(model.overhead_rate)})", None, overhead),
             ("IMP", f"Imprévus ({_rate(model.contingency_rate)})", None, contingency)]
    out: list[dict[str, Any]] = []
    running = before = ZERO
    for account, label, chapter_key, amount in rows:
        running += amount
        part = cents(running) - cents(before)
        before = running
        if account in ("FG", "IMP") and not amount:
            continue
        out.append({"account": account, "label": label, "amount": _number(part),
                    "chapter": chapter_key})
    return out


def _rate(rate: Decimal) -> str:
    text = f"{rate * 100:f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %"


def actuals_from_fec(fec: FecImport) -> list[dict[str, Any]]:
    """The model's ``actuals``: one dict per class-6 FEC line, text kept as text."""
    return [{"date": e.date.isoformat(), "journal": e.journal, "entry": e.ecriture_num,
             "piece": e.piece_ref, "label": e.label, "supplier": e.supplier,
             "compte_num": e.compte_num, "amount": _number(e.amount)} for e in fec.entries]
