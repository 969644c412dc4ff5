"""The variance input model (contract §2 variance): the cost report's budget, mapping,
commitments and estimates to complete, and the actuals imported from an FEC.

Contract fields: ``title``, ``as_of`` (date of the report), ``budget``
[{account, label, amount}], ``mapping`` [{prefix, account}], ``commitments``
[{account, amount, reference}] and ``estimates_to_complete`` [{account, amount}].

Extensions, all optional (a contract-only input means exactly what the
contract says):

- budget row ``chapter`` (1–9; default: the account's first digit when it is
  one, e.g. ``"24"`` → 2; none for ``"FG"``), ``initial`` (devis initial,
  agréé) and ``revised`` (devis révisé, after transfers). **``amount`` is the
  budget the variance is measured against, the revised one**: when
  ``revised`` is given, ``amount`` may be left out and takes its value (an
  ``amount`` given too must be equal); without either, ``amount`` may be
  left out when ``initial`` is given and takes its value;
- mapping ``account`` empty (or null): the prefix is deliberately hors devis;
- ``use_default_mapping`` (default true): a CompteNum that no prefix of
  ``mapping`` matches falls back to the shipped PCG → CNC table
  (:func:`xlprod.importers.default_mapping`); false: only ``mapping`` counts;
- commitment ``supplier``, ``date``, ``label`` (the purchase order's);
- ``actuals``: the class-6 transactions imported from the FEC (``--fec``),
  one per FEC line: {date, journal, entry, piece, label, supplier,
  compte_num, amount = debit − credit}; the JSON model never asks the user
  to type them, but the workbook keeps them (Transactions sheet) so that
  reading it back gives the same report. Text from the FEC stays text;
- ``previous`` [{account, efc}]: each account's EFC in the last report, and
  ``previous_as_of`` its date, for the "since last report" column;
- ``threshold`` (default 0.05 = 5 %): an overrun beyond this fraction of the
  account's budget is flagged; ``threshold_amount`` (default none): and only
  when it is beyond this many euros too;
- ``explanations`` [{account, explanation, treatment}]: the user's word on a
  variance (why, and what is done: transfer, renegotiation, absorbed…);
  ``account`` is a budget account or, for hors devis, the CompteNum;
- ``variant`` (cinema, audiovisuel, publicite): the chapter titles used.

The model checks the form of each field; what relates fields (an ETC for an
account not in the budget, a missing explanation) is a finding of
:mod:`.checks`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from xlprod.kinds.base import InputModel, Number

__all__ = ["Actual", "BudgetRow", "Commitment", "Estimate", "Explanation", "MappingRow",
           "Previous", "VarianceReport", "chapter_of_account"]

Variant = Literal["cinema", "audiovisuel", "publicite"]


def chapter_of_account(account: str) -> int | None:
    """The CNC chapter an account belongs to by its first digit (``"24"`` → 2), if any."""
    head = account[:1]
    return int(head) if head in "123456789" and head else None


class BudgetRow(InputModel):
    account: str = Field(min_length=1, description="Budget account (poste), e.g. '24'")
    label: str = Field(min_length=1)
    amount: Number = Field(description="Budget the variance is measured against (the revised one)")
    chapter: int | None = Field(None, ge=1, le=9, description="CNC chapter; default: first digit")
    initial: Number | None = Field(None, description="Devis initial (agréé)")
    revised: Number | None = Field(None, description="Devis révisé; when given, it is the amount")

    @model_validator(mode="before")
    @classmethod
    def _amount_from_versions(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("amount") is None:
            for key in ("revised", "initial"):
                if data.get(key) is not None:
                    return {**data, "amount": data[key]}
        return data

    @model_validator(mode="after")
    def _revised_is_the_amount(self) -> BudgetRow:
        if self.revised is not None and self.amount != self.revised:
            raise ValueError(f"amount ({self.amount}) et revised ({self.revised}) diffèrent : le "
                             "montant suivi est le devis révisé ; videz amount ou corrigez-le")
        return self

    @property
    def chapter_key(self) -> int | None:
        """The row's chapter: given, else the account's first digit, else none."""
        return self.chapter if self.chapter is not None else chapter_of_account(self.account)


class MappingRow(InputModel):
    prefix: str = Field(min_length=1, description="Start of a CompteNum (PCG), e.g. '6411'")
    account: str | None = Field(description="Budget account; empty = hors devis")

    @field_validator("account", mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value


class Commitment(InputModel):
    account: str = Field(min_length=1)
    amount: Number = Field(description="Engagé: ordered, not yet in the accounts (HT)")
    reference: str = Field("", description="Purchase order, quote or contract reference")
    supplier: str = ""
    date: dt.date | None = None
    label: str = ""


class Estimate(InputModel):
    account: str = Field(min_length=1)
    amount: Number = Field(description="Reste à engager: still to be committed and spent (HT)")


class Actual(InputModel):
    """One class-6 FEC line, as the Transactions sheet shows it."""

    date: dt.date
    journal: str = ""
    entry: str = Field("", description="EcritureNum")
    piece: str = Field("", description="PieceRef")
    label: str = Field("", description="EcritureLib")
    supplier: str = Field("", description="CompAuxLib, else CompteLib")
    compte_num: str = Field(min_length=1, description="PCG account, class 6")
    amount: Number = Field(description="Debit − credit")

    @field_validator("compte_num")
    @classmethod
    def _class_6(cls, value: str) -> str:
        if not value.startswith("6"):
            raise ValueError(f"le compte {value} n'est pas de classe 6 : seules les charges "
                             "(comptes 6…) font le réalisé ; retirez cette ligne")
        return value


class Previous(InputModel):
    account: str = Field(min_length=1)
    efc: Number = Field(description="The account's EFC in the last report")


class Explanation(InputModel):
    account: str = Field(min_length=1, description="Budget account, or CompteNum for hors devis")
    explanation: str = Field("", description="Why the variance")
    treatment: str = Field("", description="What is done about it (transfer, renegotiation…)")


class VarianceReport(InputModel):
    title: str = Field(min_length=1)
    as_of: dt.date = Field(description="Date of the report (arrêté au)")
    budget: list[BudgetRow] = Field(default_factory=list)
    mapping: list[MappingRow] = Field(default_factory=list)
    use_default_mapping: bool = Field(
        True, description="CompteNums no mapping prefix matches use the shipped PCG table")
    commitments: list[Commitment] = Field(default_factory=list)
    estimates_to_complete: list[Estimate] = Field(default_factory=list)
    actuals: list[Actual] = Field(default_factory=list)
    previous: list[Previous] = Field(default_factory=list)
    previous_as_of: dt.date | None = Field(None, description="Date of the last report")
    threshold: Number = Field(Decimal("0.05"), ge=0, description="Overrun flagged beyond this "
                              "fraction of the budget (0.05 = 5 %)")
    threshold_amount: Number | None = Field(None, ge=0, description="…and beyond this amount")
    explanations: list[Explanation] = Field(default_factory=list)
    variant: Variant = Field("cinema", description="Chapter titles of this budget variant")
