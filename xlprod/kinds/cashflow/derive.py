"""Cash-flow rows derived from a budget and the production's phases, and instalment
schedules from the usual French financing templates.

**Outflows from a budget** (:func:`outflows_from_budget`). Each budget chapter
(1–9, chapter 4 = social charges, then overhead and contingency) is cut into
parts by its rules (``outflow_rules.csv``, a convention of xlprod shown to the
user row by row, domain.md §D.3); each part is one outflow row with its
``rule``. A rule works on a phase's months ``s``…``e`` (``production`` =
preparation start → shooting end, ``whole`` = preparation start →
post-production end), shifted by ``lag`` months:

=================  =====================================================  ==============
rule               months                                                 default use
=================  =====================================================  ==============
``wages``          ``s+lag`` … ``e+lag``, evenly (the months worked)      chapters 2, 3
``social_charges`` the same, usually ``lag`` 1 (DSN, M+1)                 chapter 4
``suppliers``      the same, usually ``lag`` 1 (30 days end of month)     chapters 6, 7
``spread``         the same (monthly instalments)                         chapter 8, 9…
``signature``      ``s+lag`` (rights paid on signature)                   chapter 1
``upfront``        ``s+lag`` (insurance premium at the start)             chapter 9
``at_end``         ``e+lag`` (invoice at the end of a rental)             —
``deposit_balance`` ``deposit`` share at ``s``, the rest at ``e+lag``     chapter 5
=================  =====================================================  ==============

Cents: a chapter's amount is split between its parts by
:func:`~xlprod.money.split_by_shares` (shares sum to 1, so nothing is lost),
and each row is later spread by the engine's cent rule; chapter amounts that
are not whole cents are taken by cumulative rounding (each is
``cents(running total) − cents(previous running total)``), so the derived
rows sum exactly to the budget's total rounded to the cent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from xlprod import reference
from xlprod.errors import InvalidInput
from xlprod.kinds.base import _number
from xlprod.kinds.cashflow.model import Phases, month_of, ordinal
from xlprod.money import ZERO, cents, split_by_shares, to_decimal

__all__ = ["PartRule", "milestones", "outflows_from_budget", "phase_months",
           "schedule_from_template"]

#: Milestones after delivery that no phase gives: a convention, months after delivery.
RELEASE_AFTER_DELIVERY = 2
BROADCAST_AFTER_DELIVERY = 6

_PHASE_FR = {"preparation": "préparation", "shooting": "tournage",
             "post_production": "postproduction", "production": "préparation et tournage",
             "whole": "toute la production"}
_RULE_FR = {"wages": "salaires", "social_charges": "charges sociales (M+1)",
            "suppliers": "factures à 30 jours fin de mois", "spread": "étalé",
            "signature": "à la signature", "upfront": "au départ", "at_end": "en fin de phase",
            "deposit_balance": "acompte et solde"}
_EXTRA_FR = {"overhead": "Frais généraux", "contingency": "Imprévus"}


@dataclass(frozen=True)
class PartRule:
    """One part of a chapter: ``share`` of it paid by ``rule`` over ``phase``."""

    phase: reference.PhaseName
    rule: reference.CashRule
    share: Decimal
    lag_months: int = 0
    deposit: Decimal | None = None


def _label(n: int) -> str:
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def phase_months(phases: Phases | Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Month ordinals (first, last) of each phase, plus ``production`` and ``whole``."""
    model = phases if isinstance(phases, Phases) else Phases.model_validate(phases)
    out: dict[str, tuple[int, int]] = {}
    for name in ("preparation", "shooting", "post_production"):
        phase = getattr(model, name)
        first, last = ordinal(month_of(phase.start)), ordinal(month_of(phase.end))
        if last < first:
            raise InvalidInput(f"phases.{name}.end : la fin {phase.end} est avant le début "
                               f"{phase.start} ; corrigez l'une des deux dates")
        out[name] = (first, last)
    out["production"] = (out["preparation"][0], out["shooting"][1])
    out["whole"] = (out["preparation"][0], out["post_production"][1])
    return out


def _budget_amounts(budget: Any) -> list[tuple[str, str, Decimal]]:
    """(chapter key, label, amount) for chapters 1–9, overhead and contingency."""
    if isinstance(budget, Mapping) and "chapters" in budget:
        results: Mapping[str, Any] = budget
    else:
        from xlprod.kinds.budget.compute import compute
        from xlprod.kinds.budget.model import Budget

        model = budget if isinstance(budget, Budget) else Budget.model_validate(budget)
        results = compute(model)
    rows = [(str(c["chapter"]), f"{c['chapter']} {c['label']}".strip(), to_decimal(c["total"]))
            for c in results["chapters"]]
    rows += [(key, _EXTRA_FR[key], to_decimal(results[key])) for key in ("overhead", "contingency")]
    out, running, before = [], ZERO, ZERO
    for key, label, amount in rows:
        running += amount
        out.append((key, label, cents(running) - cents(before)))
        before = running
    return out


def _rules_for(key: str, rules: Mapping[Any, Sequence[Any]] | None) -> list[PartRule]:
    given = None if rules is None else rules.get(key, rules.get(int(key)) if key.isdigit() else None)
    if given is None:
        return [PartRule(r.phase, r.rule, r.share, r.lag_months, r.deposit)
                for r in reference.outflow_rules().get(key, ())]
    parts = []
    for i, item in enumerate(given):
        data = item if isinstance(item, Mapping) else vars(item)
        try:
            row = reference.OutflowRule.model_validate({
                "chapter": key, "source": "user", "valid_from": "2024-01-01", "confidence": "U",
                **{k: data[k] for k in ("phase", "rule", "share", "lag_months", "deposit")
                   if data.get(k) is not None}})
        except Exception as exc:  # pydantic's ValidationError, said in the user's words
            raise InvalidInput(f"rules[{key}][{i}] : {exc}") from None
        parts.append(PartRule(row.phase, row.rule, row.share, row.lag_months, row.deposit))
    total = sum((p.share for p in parts), ZERO)
    if parts and total != 1:
        raise InvalidInput(f"rules[{key}] : les parts font {total}, pas 1 ; corrigez-les pour "
                           "que le chapitre soit payé en entier")
    return parts


def _pieces(part: PartRule, window: tuple[int, int]
            ) -> list[tuple[int, int, Decimal, str, str | None, int]]:
    """(first, last, fraction, suffix, piece, lag) of the rows one part makes."""
    s, e = window
    lag = part.lag_months
    if part.rule in ("wages", "social_charges", "suppliers", "spread"):
        return [(s + lag, e + lag, Decimal(1), "", None, lag)]
    if part.rule in ("signature", "upfront"):
        return [(s + lag, s + lag, Decimal(1), "", None, lag)]
    if part.rule == "at_end":
        return [(e + lag, e + lag, Decimal(1), "", None, lag)]
    deposit = part.deposit if part.deposit is not None else Decimal("0.30")
    return [(s, s, deposit, " — acompte", "deposit", 0),
            (e + lag, e + lag, 1 - deposit, " — solde", "balance", lag)]


def outflows_from_budget(budget: Any, phases: Phases | Mapping[str, Any],
                         rules: Mapping[Any, Sequence[Any]] | None = None) -> list[dict[str, Any]]:
    """Outflow rows (contract form, with ``chapter`` and ``rule``) for a whole budget.

    ``budget``: a :class:`~xlprod.kinds.budget.model.Budget`, its input dict, or its
    ``compute`` results. ``phases``: preparation / shooting / post_production, each
    ``{start, end}`` as months or dates. ``rules``: per chapter key (1–9, ``"overhead"``,
    ``"contingency"``), a list of ``{phase, rule, share, lag_months, deposit}`` replacing
    the default of ``outflow_rules.csv``. The rows sum to the budget total to the cent.
    Each row names the ``phase`` it follows and its ``lag`` (and ``piece`` for a deposit
    or a balance), so that it moves with the phases' dates (``model.phase_span``).
    """
    windows = phase_months(phases)
    out: list[dict[str, Any]] = []
    for key, label, amount in _budget_amounts(budget):
        parts = _rules_for(key, rules)
        if not amount or not parts:
            if amount:
                raise InvalidInput(f"rules[{key}] : aucune règle pour {label} ({amount} €) ; "
                                   "donnez-lui au moins une règle")
            continue
        chapter: int | str = int(key) if key.isdigit() else key
        for part, part_amount in zip(parts, split_by_shares(amount, [p.share for p in parts]),
                                     strict=True):
            pieces = _pieces(part, windows[part.phase])
            amounts = split_by_shares(part_amount, [p[2] for p in pieces])
            for (first, last, _, suffix, kind, lag), piece in zip(pieces, amounts, strict=True):
                if not piece:
                    continue
                row = {
                    "label": f"{label} — {_PHASE_FR[part.phase]} : {_RULE_FR[part.rule]}{suffix}",
                    "amount": _number(piece), "from": _label(first), "to": _label(last),
                    "chapter": chapter, "rule": part.rule, "phase": part.phase, "lag": lag}
                if kind:
                    row["piece"] = kind
                out.append(row)
    return out


def milestones(phases: Phases | Mapping[str, Any]) -> dict[str, str]:
    """The month of each payment trigger: signature = start of preparation, shooting start
    and end, delivery = end of post-production; release and broadcast a conventional
    :data:`RELEASE_AFTER_DELIVERY` and :data:`BROADCAST_AFTER_DELIVERY` months later."""
    w = phase_months(phases)
    delivery = w["post_production"][1]
    return {"signature": _label(w["preparation"][0]), "shooting_start": _label(w["shooting"][0]),
            "shooting_end": _label(w["shooting"][1]), "delivery": _label(delivery),
            "release": _label(delivery + RELEASE_AFTER_DELIVERY),
            "broadcast": _label(delivery + BROADCAST_AFTER_DELIVERY)}


def schedule_from_template(source_type: str, dates: Mapping[str, str]) -> list[dict[str, Any]]:
    """The default schedule of ``source_type`` (``payment_templates.csv``) as
    ``[{month, share}]``, each instalment at its trigger's month (``dates``, e.g. from
    :func:`milestones`) plus its lag."""
    rows = reference.payment_templates().get(source_type)
    if not rows:
        known = ", ".join(reference.payment_templates())
        raise InvalidInput(f"source_type {source_type!r} : pas d'échéancier type ; choisissez "
                           f"parmi {known}")
    out = []
    for row in rows:
        if row.trigger not in dates:
            raise InvalidInput(f"{source_type} : il manque le mois de l'étape {row.trigger!r}")
        out.append({"month": _label(ordinal(month_of(dates[row.trigger])) + row.lag_months),
                    "share": _number(row.share)})
    return out
