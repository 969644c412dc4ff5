"""The cash-flow input model (contract §2 cashflow) and the plan's calendar.

Contract fields: ``title``, ``start`` (``YYYY-MM``), ``months``,
``opening_balance``, ``outflows`` [{label, amount, from, to}] and
``inflows`` [{label, amount, schedule [{month, share}]}].

Extensions, all optional (a contract-only input means exactly what the
contract says):

- ``period``: ``"month"`` (default) or ``"week"``; in a weekly plan every
  period label is an ISO week ``YYYY-Www`` (``start`` too) and ``months``
  counts weeks;
- outflow ``chapter`` (1–9, ``"overhead"``, ``"contingency"``), ``account``,
  ``rule`` (the derive rule that produced it, see :mod:`.derive`), ``vat``
  (does it bear VAT; default see :func:`bears_vat`);
- inflow ``source_type``, ``status`` (confirmed / pending / hoped), ``date``
  (of the contract or decision);
- ``vat`` {rate, recoverable}: VAT paid on supplier invoices, recovered the
  next month (CA3), see :mod:`.compute`;
- ``credit_line`` {ceiling, rate, floor}: a production credit drawn and
  repaid automatically, see :mod:`.compute`;
- ``phases`` {preparation, shooting, post_production: {start, end}}: the
  production's dates, for deriving outflows from a budget;
- outflow ``phase`` (preparation, shooting, post_production, production,
  whole), ``lag`` (months) and ``piece`` (``deposit`` / ``balance`` of a
  ``deposit_balance`` rule): a row with a phase follows the phases' dates —
  its ``from``/``to`` are worked out from them (:func:`phase_span`), exactly
  as the workbook's formulas do, so moving a phase moves the row;
- ``budget_total`` (the budget the financing is set against; default the
  sum of the outflows) and ``difficult_work`` (the public-aid ceiling is then
  60 % instead of 50 %).

The model checks the form of each field; what relates fields (shares summing
to 1, months inside the plan) is a finding of :mod:`.checks`.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from xlprod.errors import InvalidInput
from xlprod.kinds.base import InputModel, Number
from xlprod.reference import CashRule as Rule
from xlprod.reference import PhaseName, SourceType

Period = Literal["month", "week"]
Status = Literal["confirmed", "pending", "hoped"]
Piece = Literal["deposit", "balance"]
ChapterKey = Annotated[int, Field(ge=1, le=9)] | Literal["overhead", "contingency"]

_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
_WEEK = re.compile(r"(\d{4})-W(0[1-9]|[1-4]\d|5[0-3])")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")


def _period_form(value: str) -> str:
    if _MONTH.fullmatch(value):
        return value
    match = _WEEK.fullmatch(value)
    if match:
        try:
            date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise ValueError(f"l'année {match[1]} n'a pas de semaine {match[2]}") from None
        return value
    raise ValueError("écrivez le mois sous la forme AAAA-MM (ex. 2026-03), ou la semaine "
                     "sous la forme AAAA-Sss ISO : 2026-W09")


def _month_or_date(value: str) -> str:
    if _DATE.fullmatch(value):
        try:
            date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value} n'est pas une date qui existe") from None
        return value
    if _MONTH.fullmatch(value):
        return value
    raise ValueError("écrivez un mois AAAA-MM (ex. 2026-03) ou une date AAAA-MM-JJ")


#: A period label: ``YYYY-MM`` (monthly plan) or ``YYYY-Www`` (weekly plan).
PeriodLabel = Annotated[str, AfterValidator(_period_form)]
#: A month, or a date whose month counts (phases).
MonthOrDate = Annotated[str, AfterValidator(_month_or_date)]


class _Aliased(InputModel):
    """``from`` is a Python keyword: the field is ``start_month`` in code, ``from`` in JSON."""

    model_config = ConfigDict(validate_by_name=True, validate_by_alias=True,
                              serialize_by_alias=True)


class Outflow(_Aliased):
    label: str = Field(min_length=1)
    amount: Number = Field(description="Euros HT; negative for a refund")
    from_: PeriodLabel | None = Field(None, alias="from", description="First month of the "
                                      "spread (worked out from the phases when ``phase`` is set)")
    to: PeriodLabel | None = Field(None, description="Last month of the spread (inclusive)")
    chapter: ChapterKey | None = Field(None, description="Budget chapter 1–9, overhead, contingency")
    account: str = ""
    rule: Rule | None = Field(None, description="The derive rule that made this row")
    vat: bool | None = Field(None, description="Bears VAT (default: suppliers yes, payroll no)")
    phase: PhaseName | None = Field(None, description="The phase whose dates the row follows")
    lag: int = Field(0, ge=0, le=24, description="Months after the phase's start or end")
    piece: Piece | None = Field(None, description="Deposit or balance of a deposit_balance rule")

    @property
    def span(self) -> tuple[str, str]:
        """(from, to), set once the plan is validated."""
        if self.from_ is None or self.to is None:
            raise InvalidInput(f"{self.label} : donnez from et to (ou une phase)")
        return self.from_, self.to


class Instalment(InputModel):
    month: PeriodLabel
    share: Number = Field(ge=0, le=1, description="Fraction of the amount; a schedule sums to 1")


class Inflow(InputModel):
    label: str = Field(min_length=1)
    amount: Number
    schedule: list[Instalment] = Field(default_factory=list)
    source_type: SourceType = "other"
    status: Status = "confirmed"
    date: Annotated[str, AfterValidator(_month_or_date)] | None = Field(
        None, description="Date of the contract or decision (YYYY-MM-DD or YYYY-MM)")


class Vat(InputModel):
    rate: Number = Field(Decimal("0.20"), ge=0, le=1)
    recoverable: bool = True


class CreditLine(InputModel):
    label: str = Field("Crédit de production", min_length=1)
    ceiling: Number = Field(ge=0, description="Maximum drawn at any time")
    rate: Number = Field(ge=0, le=1, description="Annual interest rate (0.05 = 5 %)")
    floor: Number = Field(Decimal(0), description="Cash kept at least, drawing when below")


class Phase(InputModel):
    start: MonthOrDate
    end: MonthOrDate


class Phases(InputModel):
    preparation: Phase
    shooting: Phase
    post_production: Phase


class CashflowPlan(InputModel):
    title: str = Field(min_length=1)
    start: PeriodLabel
    months: int = Field(ge=1, le=520, description="Number of periods (months, or weeks)")
    opening_balance: Number = Decimal(0)
    outflows: list[Outflow] = Field(default_factory=list)
    inflows: list[Inflow] = Field(default_factory=list)
    period: Period = "month"
    vat: Vat | None = None
    credit_line: CreditLine | None = None
    phases: Phases | None = None
    budget_total: Number | None = Field(None, description="The budget the financing covers")
    difficult_work: bool = Field(False, description="Public aid ceiling 60 % instead of 50 %")

    @model_validator(mode="after")
    def _follow_phases(self) -> CashflowPlan:
        for i, out in enumerate(self.outflows):
            if out.phase is not None:
                if self.period == "week":
                    raise ValueError(f"outflows[{i}].phase : un plan hebdomadaire ne suit pas "
                                     "les phases ; donnez from et to")
                if self.phases is None:
                    raise ValueError(f"outflows[{i}].phase : {out.phase} suit les dates des "
                                     "phases, qui ne sont pas données ; ajoutez « phases »")
                out.from_, out.to = phase_span(self.phases, out.phase, out.rule, out.piece,
                                               out.lag)
            elif out.from_ is None or out.to is None:
                raise ValueError(f"outflows[{i}] : donnez from et to (ou une phase)")
        return self


#: Rules paid at the start of their phase (one month), at its end, or over it.
AT_START = ("signature", "upfront")
AT_END = ("at_end",)


def phase_span(phases: Phases, phase: str, rule: str | None, piece: str | None,
               lag: int) -> tuple[str, str]:
    """``from``/``to`` of a row following ``phase``: a spread rule runs over the phase's
    months, ``signature``/``upfront`` (and a deposit) fall in its first month, ``at_end``
    (and a balance) in its last; all shifted by ``lag`` months."""
    from xlprod.kinds.cashflow.derive import phase_months

    s, e = phase_months(phases)[phase]
    first = e if (rule in AT_END or piece == "balance") else s
    last = s if (rule in AT_START or piece == "deposit") else e
    return month_label(first + lag), month_label(last + lag)


def month_label(n: int) -> str:
    """``YYYY-MM`` of a month ordinal."""
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


# --- the calendar ---------------------------------------------------------------------------


def ordinal(label: str) -> int:
    """A period's rank on its own scale: months since year 0, or ISO weeks since 0001-01-01.

    Consecutive months (or weeks) have consecutive ordinals, whatever the year.
    """
    match = _MONTH.fullmatch(label)
    if match:
        return int(match[1]) * 12 + int(match[2]) - 1
    match = _WEEK.fullmatch(label)
    if match:
        return date.fromisocalendar(int(match[1]), int(match[2]), 1).toordinal() // 7
    raise InvalidInput(f"{label!r} n'est ni un mois AAAA-MM ni une semaine AAAA-Www")


def is_week(label: str) -> bool:
    return _WEEK.fullmatch(label) is not None


def month_of(text: str) -> str:
    """``YYYY-MM`` of a month or an ISO date."""
    return text[:7]


class Calendar:
    """The plan's periods: labels, the index of a label, the calendar month of a period.

    A week belongs to the month of its Thursday (the ISO rule for years).
    """

    def __init__(self, start: str, count: int, period: Period = "month") -> None:
        self.period = period
        self.first = ordinal(start)
        self.labels = [self._label(self.first + i) for i in range(count)]

    def _label(self, n: int) -> str:
        if self.period == "month":
            return f"{n // 12:04d}-{n % 12 + 1:02d}"
        year, week, _ = date.fromordinal(n * 7 + 1).isocalendar()
        return f"{year:04d}-W{week:02d}"

    def fits(self, label: str) -> bool:
        """The label has this plan's form (a month in a monthly plan, a week in a weekly one)."""
        return is_week(label) == (self.period == "week")

    def index(self, label: str) -> int:
        """0-based index of ``label`` in the plan (negative before, ≥ len after)."""
        return ordinal(label) - self.first

    def month(self, i: int) -> int:
        """Calendar month ordinal (year × 12 + month − 1) of the plan's period ``i``."""
        n = self.first + i
        if self.period == "month":
            return n
        thursday = date.fromordinal(n * 7 + 1) + timedelta(days=3)
        return thursday.year * 12 + thursday.month - 1

    def __len__(self) -> int:
        return len(self.labels)
