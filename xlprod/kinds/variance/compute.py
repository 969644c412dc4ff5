"""The cost-report engine: actuals mapped to budget accounts, EFC, variance, flags.

Pure and Decimal, the same figures the workbook's formulas give; amounts
are summed exactly (the FEC and the inputs are in cents, so every figure is
too) and serialised as JSON numbers.

**Mapping** (contract §2 variance). Each CompteNum of the actuals goes to the
account of its longest matching prefix in the model's ``mapping``; when no
prefix there matches and ``use_default_mapping`` is true (the default), to
the longest match of the shipped PCG table
(:func:`xlprod.importers.default_mapping`). A prefix mapped to an empty
account, or no match at all, is **hors devis**: the CompteNum is a row of
``unmapped`` (budget 0), counted in every total. Two mapping rows with the
same prefix: the first counts (and :mod:`.checks` reports the second).

**Targets that are not budget accounts.** The shipped table sends some
prefixes to a whole chapter (``641`` salaries → ``"2"``, ``645`` social
charges → ``"4"``, ``613`` rentals → ``"7"``, ``604`` → ``"8"``), and a
mapping, a commitment or an estimate may name an account the budget does not
have (the contract's own example commits 5 000 € on ``71``). Such money is
neither lost nor called hors devis (it was assigned to an account): it gets
a **zero-budget row of its own account**, placed in its chapter (the
account's first digit) after the chapter's budget rows. A one-digit account
is the chapter's non-allocated line — label « Chapitre 2 — non ventilé »,
``line: "chapter"``; any other is ``line: "unbudgeted"``, label « 67 —
absent du devis ». Budget rows have ``line: "budget"``; a budget row whose
account is the chapter digit itself receives the chapter-level money. So
the totals never drop a euro, and :mod:`.checks` warns about each such
account.

**Figures**: efc = actual + committed + estimate_to_complete; variance =
budget − efc (positive = saving, negative = overrun); ``variance_pct`` =
variance / budget (none for a zero budget); ``since_last`` = efc − the
previous report's efc for the account (none without one); the totals
``total_previous_efc`` and ``total_since_last`` cover the rows the previous
report lists. Totals include
the chapter and unbudgeted lines and hors devis: ``total_efc = Σ accounts
efc + unmapped_total``, ``total_variance = total_budget − total_efc``.

**Flags**: an overrun (variance < 0) is flagged when it is beyond
``threshold`` × budget (any overrun of a zero budget is), and, if
``threshold_amount`` is given, beyond that amount too. Hors devis rows are
flagged by the same rule (budget 0). ``overruns`` lists the flagged rows,
each marked ``explained`` when ``explanations`` has a non-empty text for
it; ``biggest_overruns`` the ten largest overruns (flagged or not), for the
chart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xlprod import reference
from xlprod.importers import default_mapping, map_accounts
from xlprod.kinds.base import _number
from xlprod.kinds.variance.model import VarianceReport, chapter_of_account
from xlprod.money import ZERO

__all__ = ["TOP_OVERRUNS", "compute", "is_flagged", "resolve_targets", "target_line"]

TOP_OVERRUNS = 10
_HORS = "\x00hors devis"  # an explicit "hors devis" prefix, told apart from "no match"
_OTHER_CHAPTER = "Hors chapitres (frais généraux, imprévus…)"


def resolve_targets(model: VarianceReport, compte_nums: Iterable[str]) -> dict[str, str | None]:
    """Each CompteNum → the account its longest prefix names (None: hors devis).

    The model's ``mapping`` first; the shipped table for CompteNums it does not
    match (unless ``use_default_mapping`` is false). The account returned may
    be absent from the budget: :func:`target_line` places it.
    """
    own: dict[str, str | None] = {}
    for row in model.mapping:
        own.setdefault(row.prefix.strip(), row.account or _HORS)
    comptes = list(dict.fromkeys(compte_nums))
    first = map_accounts(comptes, own) if own else dict.fromkeys(comptes)
    rest = [c for c in comptes if first[c] is None]
    second = map_accounts(rest, default_mapping()) if rest and model.use_default_mapping else {}
    out: dict[str, str | None] = {}
    for compte in comptes:
        target = first[compte] if first[compte] is not None else second.get(compte)
        out[compte] = None if target == _HORS else target
    return out


def target_line(account: str, budget_accounts: Mapping[str, Any] | set[str]) -> str:
    """What report row an account lands on: ``budget`` (a budget row), ``chapter`` (a
    chapter's non-allocated line, one digit) or ``unbudgeted`` (a zero-budget row)."""
    if account in budget_accounts:
        return "budget"
    return "chapter" if len(account) == 1 and chapter_of_account(account) else "unbudgeted"


@dataclass
class _Line:
    account: str
    label: str
    chapter: int | None
    line: str
    budget: Decimal = ZERO
    initial: Decimal | None = None
    actual: Decimal = ZERO
    committed: Decimal = ZERO
    estimate: Decimal = ZERO
    previous: Decimal | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def efc(self) -> Decimal:
        return self.actual + self.committed + self.estimate

    @property
    def variance(self) -> Decimal:
        return self.budget - self.efc


def is_flagged(budget: Decimal, variance: Decimal, threshold: Decimal,
               threshold_amount: Decimal | None) -> bool:
    """True for an overrun beyond ``threshold`` × budget (and beyond ``threshold_amount``)."""
    over = -variance
    if over <= 0:
        return False
    beyond_share = budget <= 0 or over > threshold * budget
    return beyond_share and (threshold_amount is None or over > threshold_amount)


def _pct(variance: Decimal, budget: Decimal) -> float | None:
    return None if budget == 0 else float(variance / budget)


def _lines(model: VarianceReport) -> tuple[list[_Line], dict[str, Decimal]]:
    """The report's account lines in display order, and the hors-devis actuals."""
    lines: dict[str, _Line] = {}
    for row in model.budget:
        if row.account in lines:  # a duplicate account (an error finding): one line, summed
            lines[row.account].budget += row.amount
            continue
        lines[row.account] = _Line(row.account, row.label, row.chapter_key, "budget", row.amount,
                                   row.initial)
    budget_accounts = dict(lines)
    extra: dict[str, _Line] = {}

    def line_of(account: str) -> _Line:
        kind = target_line(account, budget_accounts)
        if kind == "budget":
            return lines[account]
        if account not in extra:
            label = (f"Chapitre {account} — non ventilé" if kind == "chapter"
                     else f"{account} — absent du devis")
            extra[account] = _Line(account, label, chapter_of_account(account), kind)
        return extra[account]

    by_compte: dict[str, Decimal] = {}
    for actual in model.actuals:
        by_compte[actual.compte_num] = by_compte.get(actual.compte_num, ZERO) + actual.amount
    unmapped: dict[str, Decimal] = {}
    for compte, target in resolve_targets(model, by_compte).items():
        if target is None:
            unmapped[compte] = by_compte[compte]
        else:
            line_of(target).actual += by_compte[compte]
    for commitment in model.commitments:
        line_of(commitment.account).committed += commitment.amount
    for estimate in model.estimates_to_complete:
        line_of(estimate.account).estimate += estimate.amount
    ordered = list(lines.values())
    for line in sorted(extra.values(), key=lambda x: (x.line != "chapter", x.account)):
        ordered.insert(_slot(ordered, line.chapter), line)
    for prev in model.previous:
        found = lines.get(prev.account) or extra.get(prev.account)
        if found is not None:
            found.previous = (found.previous or ZERO) + prev.efc
    return ordered, unmapped


def _slot(ordered: list[_Line], chapter: int | None) -> int:
    """Where an extra line goes: after its chapter's last line, else before the first
    later chapter (rows without a chapter come last), else at the end."""
    if chapter is None:
        return len(ordered)
    same = [i for i, x in enumerate(ordered) if x.chapter == chapter]
    if same:
        return same[-1] + 1
    later = [i for i, x in enumerate(ordered) if x.chapter is None or x.chapter > chapter]
    return later[0] if later else len(ordered)


def compute(model: VarianceReport) -> dict[str, Any]:
    """Contract results for a cost report, plus chapters, percentages and flags."""
    n = _number
    threshold, floor = model.threshold, model.threshold_amount
    lines, unmapped = _lines(model)
    explained = {e.account for e in model.explanations if e.explanation.strip()}
    previous = {p.account: p.efc for p in model.previous}
    accounts = []
    candidates: list[dict[str, Any]] = []
    for x in lines:
        flagged = is_flagged(x.budget, x.variance, threshold, floor)
        since = None if x.previous is None else x.efc - x.previous
        accounts.append({
            "account": x.account, "label": x.label, "budget": n(x.budget), "actual": n(x.actual),
            "committed": n(x.committed), "estimate_to_complete": n(x.estimate), "efc": n(x.efc),
            "variance": n(x.variance), "chapter": x.chapter, "line": x.line,
            "initial": None if x.initial is None else n(x.initial),
            "transfer": None if x.initial is None else n(x.budget - x.initial),
            "variance_pct": _pct(x.variance, x.budget),
            "previous_efc": None if x.previous is None else n(x.previous),
            "since_last": None if since is None else n(since), "flagged": flagged})
        candidates.append({"account": x.account, "label": x.label, "line": x.line,
                           "budget": x.budget, "efc": x.efc, "variance": x.variance,
                           "flagged": flagged})
    unmapped_rows = []
    for compte, amount in unmapped.items():
        flagged = is_flagged(ZERO, -amount, threshold, floor)
        before = previous.get(compte)
        unmapped_rows.append({
            "compte_num": compte, "amount": n(amount), "flagged": flagged,
            "previous_efc": None if before is None else n(before),
            "since_last": None if before is None else n(amount - before)})
        candidates.append({"account": compte, "label": "Hors devis", "line": "hors_devis",
                           "budget": ZERO, "efc": amount, "variance": -amount, "flagged": flagged})
    unmapped_total = sum(unmapped.values(), ZERO)
    total_budget = sum((x.budget for x in lines), ZERO)
    total_actual = sum((x.actual for x in lines), ZERO) + unmapped_total
    total_committed = sum((x.committed for x in lines), ZERO)
    total_estimate = sum((x.estimate for x in lines), ZERO)
    total_efc = sum((x.efc for x in lines), ZERO) + unmapped_total
    total_variance = total_budget - total_efc
    # "since last report" covers the rows the last report had (an account or a CompteNum)
    with_previous = [(x.efc, x.previous) for x in lines if x.previous is not None] + [
        (amount, previous[c]) for c, amount in unmapped.items() if c in previous]
    total_previous = sum((p for _, p in with_previous), ZERO) if with_previous else None
    total_since = sum((e - p for e, p in with_previous), ZERO) if with_previous else None

    def brief(c: dict[str, Any]) -> dict[str, Any]:
        return {"account": c["account"], "label": c["label"], "line": c["line"],
                "budget": n(c["budget"]), "efc": n(c["efc"]), "variance": n(c["variance"]),
                "variance_pct": _pct(c["variance"], c["budget"]),
                "explained": c["account"] in explained}

    overrun_rows = [c for c in candidates if c["variance"] < 0]
    biggest = sorted(overrun_rows, key=lambda c: c["variance"])[:TOP_OVERRUNS]
    return {
        "accounts": accounts,
        "unmapped": unmapped_rows,
        "unmapped_total": n(unmapped_total),
        "total_budget": n(total_budget),
        "total_actual": n(total_actual),
        "total_efc": n(total_efc),
        "total_variance": n(total_variance),
        "total_committed": n(total_committed),
        "total_estimate_to_complete": n(total_estimate),
        "total_variance_pct": _pct(total_variance, total_budget),
        "total_previous_efc": None if total_previous is None else n(total_previous),
        "total_since_last": None if total_since is None else n(total_since),
        "chapters": _chapters(model, lines),
        "overruns": [brief(c) for c in candidates if c["flagged"]],
        "biggest_overruns": [brief(c) for c in biggest],
        "threshold": n(threshold),
        "threshold_amount": None if floor is None else n(floor),
    }


def _chapters(model: VarianceReport, lines: list[_Line]) -> list[dict[str, Any]]:
    """Per-chapter sums of the account lines (hors devis stays apart), chapters in order,
    rows without a chapter (overhead, contingency) last."""
    titles = {c.chapter: c.label_fr for c in reference.chapters(model.variant)}
    keys = sorted({x.chapter for x in lines}, key=lambda c: (c is None, c or 0))
    out = []
    for key in keys:
        members = [x for x in lines if x.chapter == key]
        budget = sum((x.budget for x in members), ZERO)
        sums = {name: sum((getattr(x, attr) for x in members), ZERO) for name, attr in (
            ("actual", "actual"), ("committed", "committed"),
            ("estimate_to_complete", "estimate"), ("efc", "efc"))}
        variance = budget - sums["efc"]
        out.append({"chapter": key, "label": _OTHER_CHAPTER if key is None else titles.get(key, ""),
                    "budget": _number(budget), **{k: _number(v) for k, v in sums.items()},
                    "variance": _number(variance), "variance_pct": _pct(variance, budget)})
    return out
