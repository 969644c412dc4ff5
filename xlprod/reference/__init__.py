"""Dated, sourced reference data: social rates, ceilings, chart of accounts, tax credits.

Each table is a CSV file shipped inside this package. Every row carries
``source`` (citations a reader can find: publisher, « title », date, and the
URL or legal reference, e.g. ``décret n° 2023-1329 du 29 décembre 2023``),
``valid_from`` and ``confidence``:

``high`` / ``medium``
    verified in a published source (``medium``: one secondary or dated source);
``M``
    domain knowledge or a value carried over without a source for that year:
    show it as "à vérifier";
``U``
    uncertain or unknown (often a placeholder rate of 0 "à saisir"): must be
    confirmed by the user before it is relied on.

``valid_from`` is the effective date when the source gives one, otherwise the
date from which we claim the row (2024-01-01, the start of our coverage).

Files are read lazily on first use and cached; a malformed file raises
:class:`~xlprod.errors.InvalidInput` naming the file, the line and the column.
Importing this module reads nothing.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from xlprod.errors import InvalidInput

__all__ = [
    "HEADCOUNT_BANDS",
    "Account",
    "Ceilings",
    "Chapter",
    "Dfs",
    "FunderRule",
    "Reduction",
    "Rgdu",
    "Smic",
    "SocialRate",
    "TaxCredit",
    "TaxCreditAccount",
    "TaxCreditRow",
    "ceilings",
    "chapters",
    "chart_of_accounts",
    "dfs",
    "excel_functions",
    "funder_rules",
    "reductions",
    "rgdu",
    "smic",
    "social_rates",
    "tax_credit",
    "tax_credit_accounts",
]

Status = Literal["technicien", "cadre", "artiste", "auteur", "facture"]
Unit = Literal["heure", "jour", "cachet", "semaine", "mois", "forfait"]
Base = Literal["TOTAL", "T1", "T2", "PLAF4", "CET"]
Confidence = Literal["high", "medium", "M", "U"]
Variant = Literal["cinema", "audiovisuel", "publicite"]
VARIANTS: tuple[str, ...] = ("cinema", "audiovisuel", "publicite")
#: The company's headcount band (effectif), for FNAL (50) and versement mobilité (11).
HEADCOUNT_BANDS: tuple[str, ...] = ("1-10", "11-49", "50+")
#: Which bands a ``headcount`` condition of ``social_rates.csv`` covers (blank: every band).
HEADCOUNT_CONDITIONS: Mapping[str, tuple[str, ...]] = {
    "": HEADCOUNT_BANDS, "1-49": ("1-10", "11-49"), "11+": ("11-49", "50+"), "50+": ("50+",)}


def _blank_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _split_words(value: Any) -> Any:
    return tuple(value.split()) if isinstance(value, str) else value


Rate = Annotated[Decimal, Field(ge=0, le=1)]
Money = Annotated[Decimal, Field(ge=0)]
OptionalDate = Annotated[date | None, BeforeValidator(_blank_to_none)]
OptionalMoney = Annotated[Money | None, BeforeValidator(_blank_to_none)]
Text = Annotated[str, Field(min_length=1)]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    source: Text
    valid_from: date
    confidence: Confidence


class SocialRate(_Row):
    """One contribution of ``social_rates.csv``; rates are fractions of their base."""

    code: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
    libelle: Text
    organisme: Text
    base: Base
    employer_rate: Rate
    employee_rate: Rate
    applies_to: Annotated[tuple[Status, ...], BeforeValidator(_split_words)]
    artist_factor: Rate
    valid_to: OptionalDate = None
    #: the headcount bands the row is due in (blank: all): ``1-49``, ``11+``, ``50+``
    headcount: Literal["", "1-49", "11+", "50+"] = ""
    #: the company parameter (Paramètres) that sets this rate, e.g. ``atmp_rate``
    company: Annotated[str, Field(pattern=r"^([a-z_]+)?$")] = ""

    def valid_on(self, on: date) -> bool:
        """True when ``valid_from <= on <= valid_to`` (an empty ``valid_to`` is open)."""
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Reduction(_Row):
    """A reduced employer rate below a pay threshold (the 2024–2025 *bandeaux*)."""

    code: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
    libelle: Text
    #: full rate − reduced rate, taken off the whole gross when the pay is low enough
    rate_cut: Rate
    #: the threshold in SMIC of the hours worked (pay ≤ threshold × SMIC × hours)
    threshold_smic: Money
    applies_to: Annotated[tuple[Status, ...], BeforeValidator(_split_words)]
    valid_to: OptionalDate = None

    def valid_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class Rgdu(_Row):
    """The 2026 réduction générale dégressive unique: coefficient parameters."""

    tmin: Rate
    tdelta_under_50: Rate
    tdelta_50: Rate
    exponent: Money
    threshold_smic: Money


class Dfs(_Row):
    """The artists' déduction forfaitaire spécifique (abattement pour frais professionnels)
    in force from ``valid_from``: ``rate`` of the pay (the 25 % of artistes dramatiques,
    lyriques, cinématographiques ou chorégraphiques, ``nominal_rate``, brought down year
    by year since 2024), at most ``annual_cap`` per person; the contributions of
    ``gross_codes`` keep the whole gross as their base."""

    rate: Rate
    nominal_rate: Rate
    annual_cap: Money
    gross_codes: Annotated[tuple[str, ...], BeforeValidator(_split_words)]


class Smic(_Row):
    """The hourly SMIC (salaire minimum) in force from ``valid_from``."""

    hourly: Money


class Ceilings(_Row):
    """The plafond de la sécurité sociale of one year, per period of work."""

    year: int
    annual: Money
    monthly: Money
    weekly: Money
    daily: Money
    hourly: Money


class Chapter(_Row):
    """A chapter title of a budget variant (chapter 4, charges sociales, is computed)."""

    variant: Variant
    chapter: Annotated[int, Field(ge=1, le=9)]
    label_fr: Text
    label_en: Text


class Account(_Row):
    """A typed sub-account (2 digits, the first one is its chapter)."""

    variant: Variant
    chapter: Annotated[int, Field(ge=1, le=9)]
    account: Annotated[str, Field(pattern=r"^[1-9][0-9]$")]
    label_fr: Text
    label_en: Text
    default_status: Status
    default_unit: Unit


class TaxCreditRow(_Row):
    """A rate, and for audiovisuel a per-minute cap (by genre and cost-per-minute band)."""

    scheme: Variant
    genre: str = ""
    rate: Rate
    cap_per_minute: OptionalMoney = None
    cost_per_minute_from: OptionalMoney = None
    cost_per_minute_to: OptionalMoney = None
    eligible_chapters: Annotated[tuple[Annotated[int, Field(ge=1, le=9)], ...],
                                 BeforeValidator(_split_words)]
    #: the most the credit may be for one work (cinéma: 30 M€), None: no such cap
    cap_per_work: OptionalMoney = None
    #: social-rate codes that are taxes on wages, not counted in the eligible charges
    excluded_codes: Annotated[tuple[str, ...], BeforeValidator(_split_words)] = ()


class TaxCreditAccount(_Row):
    """A tax-credit rule by account: ``lodging`` (pay counted up to a cap per night, Paris or
    elsewhere) or ``excluded`` (not eligible by default: office costs, pre-existing music)."""

    variant: Variant
    account: Annotated[str, Field(pattern=r"^[1-9][0-9]$")]
    rule: Literal["lodging", "excluded"]
    cap_paris: OptionalMoney = None
    cap_other: OptionalMoney = None


class FunderRule(_Row):
    """A funder cap, e.g. ``overhead`` (frais généraux) or ``contingency`` (imprévus)."""

    rule: Text
    cap: Rate


class TaxCredit(BaseModel):
    """A tax-credit scheme: one rate, the eligible chapters and any per-minute caps."""

    model_config = ConfigDict(frozen=True)

    scheme: str
    rate: Decimal
    eligible_chapters: tuple[int, ...]
    rows: tuple[TaxCreditRow, ...]

    @property
    def cap_per_work(self) -> Decimal | None:
        return self.rows[0].cap_per_work

    @property
    def excluded_codes(self) -> tuple[str, ...]:
        return self.rows[0].excluded_codes

    def cap_per_minute(self, genre: str, cost_per_minute: Decimal) -> Decimal | None:
        """The cap in € per minute for ``genre`` at this cost per minute (None: no cap)."""
        for row in self.rows:
            if row.genre != genre or row.cap_per_minute is None:
                continue
            low = row.cost_per_minute_from or Decimal(0)
            high = row.cost_per_minute_to
            if low <= cost_per_minute and (high is None or cost_per_minute < high):
                return row.cap_per_minute
        return None


M = TypeVar("M", bound=BaseModel)


def _read_csv(name: str, model: type[M], *, path: Path | None = None) -> tuple[M, ...]:
    """Parse one CSV into ``model`` rows; ``path`` replaces the packaged file (for tests)."""
    try:
        text = (path.read_text(encoding="utf-8-sig") if path is not None
                else files(__name__).joinpath(name).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read reference file: {exc}", source=name) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    expected = list(model.model_fields)
    missing = [c for c in expected if c not in header and model.model_fields[c].is_required()]
    unknown = [c for c in header if c not in expected]
    if missing or unknown:
        parts = ([f"missing column(s) {', '.join(missing)}"] if missing else []) + (
            [f"unexpected column(s) {', '.join(unknown)}"] if unknown else [])
        raise InvalidInput(f"line 1: {'; '.join(parts)}", source=name)
    rows: list[M] = []
    problems: list[str] = []
    for record in reader:
        line = reader.line_num
        if None in record:
            problems.append(f"line {line}: {len(header) + len(record[None])} fields, "
                            f"expected {len(header)}")
            continue
        short = [c for c, v in record.items() if v is None]
        if short:
            problems.append(f"line {line}, column {short[0]}: value missing "
                            f"(the line has too few fields)")
            continue
        try:
            rows.append(model.model_validate(record))
        except ValidationError as exc:
            for err in exc.errors():
                column = err["loc"][0] if err["loc"] else "?"
                value = record.get(str(column), "")
                problems.append(f"line {line}, column {column}: {err['msg']} (got {value!r})")
    if problems:
        raise InvalidInput(problems, source=name)
    return tuple(rows)


def _check_no_overlap(rates: tuple[SocialRate, ...], name: str) -> None:
    by_code: dict[str, list[SocialRate]] = {}
    for row in rates:
        by_code.setdefault(row.code, []).append(row)
    problems = []
    for code, rows in by_code.items():
        rows.sort(key=lambda r: r.valid_from)
        for row in rows:
            if row.valid_to is not None and row.valid_to < row.valid_from:
                problems.append(f"{code}: valid_to {row.valid_to} is before valid_from")
        for before, after in itertools.pairwise(rows):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                problems.append(f"{code}: rows from {before.valid_from} and "
                                f"{after.valid_from} overlap")
    if problems:
        raise InvalidInput(problems, source=name)


@functools.cache
def social_rates() -> tuple[SocialRate, ...]:
    """Every row of ``social_rates.csv`` (all dates); see :mod:`xlprod.charges`."""
    rates = _read_csv("social_rates.csv", SocialRate)
    _check_no_overlap(rates, "social_rates.csv")
    return rates


@functools.cache
def reductions() -> tuple[Reduction, ...]:
    """Every row of ``reductions.csv`` (all dates)."""
    return _read_csv("reductions.csv", Reduction)


R = TypeVar("R", bound=_Row)


def _latest(rows: tuple[R, ...], on: date) -> R | None:
    """The row in force on ``on``: the latest ``valid_from`` not after it."""
    found = [r for r in rows if r.valid_from <= on]
    return max(found, key=lambda r: r.valid_from) if found else None


@functools.cache
def _rgdu() -> tuple[Rgdu, ...]:
    return _read_csv("rgdu.csv", Rgdu)


def rgdu(on: date) -> Rgdu | None:
    """The RGDU parameters in force on ``on`` (None before 2026)."""
    return _latest(_rgdu(), on)


@functools.cache
def _dfs() -> tuple[Dfs, ...]:
    return _read_csv("dfs.csv", Dfs)


def dfs(on: date) -> Dfs | None:
    """The artists' DFS in force on ``on`` (None before the file's first row)."""
    return _latest(_dfs(), on)


@functools.cache
def _smic() -> tuple[Smic, ...]:
    return _read_csv("smic.csv", Smic)


def smic(on: date) -> Smic:
    """The hourly SMIC in force on ``on``."""
    found = _latest(_smic(), on)
    if found is None:
        raise InvalidInput(f"no SMIC for {on.isoformat()}", source="smic.csv")
    return found


@functools.cache
def _ceilings_by_year() -> dict[int, Ceilings]:
    return {row.year: row for row in _read_csv("ceilings.csv", Ceilings)}


def ceiling_years() -> tuple[int, ...]:
    """The years that have a social-security ceiling."""
    return tuple(sorted(_ceilings_by_year()))


def ceilings(year: int) -> Ceilings:
    """The plafond de la sécurité sociale of ``year`` (the year of the period of work)."""
    found = _ceilings_by_year().get(year)
    if found is None:
        known = ", ".join(str(y) for y in ceiling_years())
        raise InvalidInput(f"no social-security ceiling for year {year}; known years: {known}")
    return found


def _check_variant(variant: str) -> None:
    if variant not in VARIANTS:
        raise InvalidInput(f"kind {variant!r} is not one of {', '.join(VARIANTS)}")


@functools.cache
def _chart() -> tuple[Account, ...]:
    rows = _read_csv("chart_of_accounts.csv", Account)
    bad = [f"account {r.account} ({r.variant}) is not in chapter {r.chapter}"
           for r in rows if r.account[0] != str(r.chapter)]
    bad += [f"account {r.account} ({r.variant}): chapter 4 is computed, not typed"
            for r in rows if r.chapter == 4]
    if bad:
        raise InvalidInput(bad, source="chart_of_accounts.csv")
    return rows


def chart_of_accounts(variant: str) -> tuple[Account, ...]:
    """The typed sub-accounts of a budget variant (``cinema``, ``audiovisuel``, ``publicite``)."""
    _check_variant(variant)
    return tuple(r for r in _chart() if r.variant == variant)


@functools.cache
def _chapters() -> tuple[Chapter, ...]:
    return _read_csv("chapters.csv", Chapter)


def chapters(variant: str) -> tuple[Chapter, ...]:
    """The nine chapter titles of a budget variant, in order."""
    _check_variant(variant)
    return tuple(sorted((r for r in _chapters() if r.variant == variant),
                        key=lambda r: r.chapter))


@functools.cache
def _tax_credits() -> tuple[TaxCreditRow, ...]:
    return _read_csv("tax_credit.csv", TaxCreditRow)


def tax_credit(scheme: str) -> TaxCredit:
    """The tax credit of a budget variant; ``publicite`` has rate 0 and no eligible chapter."""
    _check_variant(scheme)
    rows = tuple(r for r in _tax_credits() if r.scheme == scheme)
    if not rows:
        raise InvalidInput(f"no tax-credit row for {scheme!r}", source="tax_credit.csv")
    rates = {r.rate for r in rows}
    chapters_ = {r.eligible_chapters for r in rows}
    if len(rates) > 1 or len(chapters_) > 1:
        raise InvalidInput(f"{scheme}: rows disagree on rate or eligible chapters",
                           source="tax_credit.csv")
    return TaxCredit(scheme=scheme, rate=rows[0].rate,
                     eligible_chapters=rows[0].eligible_chapters, rows=rows)


@functools.cache
def _tax_credit_accounts() -> tuple[TaxCreditAccount, ...]:
    rows = _read_csv("tax_credit_accounts.csv", TaxCreditAccount)
    bad = [f"{r.variant} {r.account}: a lodging rule needs cap_paris and cap_other"
           for r in rows if r.rule == "lodging" and (r.cap_paris is None or r.cap_other is None)]
    if bad:
        raise InvalidInput(bad, source="tax_credit_accounts.csv")
    return rows


def tax_credit_accounts(variant: str) -> tuple[TaxCreditAccount, ...]:
    """The tax-credit rules by account of a budget variant."""
    _check_variant(variant)
    return tuple(r for r in _tax_credit_accounts() if r.variant == variant)


@functools.cache
def _funder_rules() -> dict[str, FunderRule]:
    return {r.rule: r for r in _read_csv("funder_rules.csv", FunderRule)}


def funder_rules() -> Mapping[str, FunderRule]:
    """Funder caps by rule name: ``overhead`` (frais généraux), ``contingency`` (imprévus)."""
    return dict(_funder_rules())


# --- cash flow: payment templates and outflow rules (conventions, see domain.md §D) -------

#: Who a financing comes from; the cash-flow plan's inflow ``source_type``.
SourceType = Literal["producer", "tv_presale", "distributor_mg", "cnc_automatic", "cnc_selective",
                     "region", "sofica", "tax_credit", "coproducer", "bank", "other"]
#: The production milestone an instalment falls due on.
Trigger = Literal["signature", "shooting_start", "shooting_end", "delivery", "release",
                  "broadcast"]
#: How a budget chapter turns into cash out (see ``xlprod.kinds.cashflow.derive``).
CashRule = Literal["wages", "social_charges", "suppliers", "signature", "upfront", "spread",
                   "at_end", "deposit_balance"]
#: Which production months a rule works on.
PhaseName = Literal["preparation", "shooting", "post_production", "production", "whole"]

Share = Annotated[Decimal, Field(gt=0, le=1)]
Lag = Annotated[int, Field(ge=0, le=24)]


class PaymentTemplateRow(_Row):
    """One instalment of a usual French financing source's default schedule."""

    source_type: SourceType
    instalment: Annotated[int, Field(ge=1)]
    trigger: Trigger
    share: Share
    lag_months: Lag = 0
    label_fr: Text
    label_en: Text


class OutflowRule(_Row):
    """Part of a budget chapter paid by ``rule`` over ``phase``, ``lag_months`` later."""

    chapter: Annotated[str, Field(pattern=r"^([1-9]|overhead|contingency)$")]
    phase: PhaseName
    rule: CashRule
    share: Share
    lag_months: Lag = 0
    deposit: Annotated[Share | None, BeforeValidator(_blank_to_none)] = None


def _shares_sum_to_one(groups: Mapping[str, tuple[Any, ...]], name: str) -> None:
    bad = [f"{key}: shares sum to {sum(r.share for r in rows)}, not 1"
           for key, rows in groups.items() if sum(r.share for r in rows) != 1]
    if bad:
        raise InvalidInput(bad, source=name)


@functools.cache
def _payment_templates() -> dict[str, tuple[PaymentTemplateRow, ...]]:
    name = "payment_templates.csv"
    groups: dict[str, list[PaymentTemplateRow]] = {}
    for row in _read_csv(name, PaymentTemplateRow):
        groups.setdefault(row.source_type, []).append(row)
    out = {k: tuple(sorted(v, key=lambda r: r.instalment)) for k, v in groups.items()}
    bad = [f"{k}: instalments {[r.instalment for r in rows]} are not 1, 2, 3…"
           for k, rows in out.items() if [r.instalment for r in rows] != list(range(1, len(rows) + 1))]
    if bad:
        raise InvalidInput(bad, source=name)
    _shares_sum_to_one(out, name)
    return out


def payment_templates() -> Mapping[str, tuple[PaymentTemplateRow, ...]]:
    """Default instalment schedules by ``source_type``, in instalment order (shares sum to 1).

    Conventions, not law: most rows are ``U`` (shares are placeholders to set from the
    contract) or ``M``; the sequence of milestones follows domain.md §D.1.
    """
    return dict(_payment_templates())


@functools.cache
def _outflow_rules() -> dict[str, tuple[OutflowRule, ...]]:
    name = "outflow_rules.csv"
    groups: dict[str, list[OutflowRule]] = {}
    for row in _read_csv(name, OutflowRule):
        groups.setdefault(row.chapter, []).append(row)
    out = {k: tuple(v) for k, v in groups.items()}
    bad = [f"{r.chapter}/{r.phase}: a deposit is needed for deposit_balance, and only there"
           for rows in out.values() for r in rows
           if (r.rule == "deposit_balance") != (r.deposit is not None)]
    if bad:
        raise InvalidInput(bad, source=name)
    _shares_sum_to_one(out, name)
    return out


def outflow_rules() -> Mapping[str, tuple[OutflowRule, ...]]:
    """Default cash rules by budget chapter (``"1"``…``"9"``, ``"overhead"``, ``"contingency"``).

    A convention of xlprod (domain.md §D.3: "derive spending from the schedule and each
    line's nature"), mostly ``U``: the user sees and edits the rule of each derived row.
    """
    return dict(_outflow_rules())


__all__ += ["CashRule", "OutflowRule", "PaymentTemplateRow", "PhaseName", "SourceType",
            "Trigger", "outflow_rules", "payment_templates"]

class PcgMapping(_Row):
    """A default correspondence from a PCG account prefix (class 6) to a CNC budget code.

    ``account`` is a two-digit CNC account, a one-digit chapter where the PCG
    account cannot tell the accounts apart (salaries, social charges), or empty
    for a prefix that is deliberately hors devis (depreciation, exceptional charges).
    """

    prefix: Annotated[str, Field(pattern=r"^6[0-9]+$")]
    account: Annotated[Annotated[str, Field(pattern=r"^[1-9][0-9]?$")] | None,
                       BeforeValidator(_blank_to_none)] = None
    label_fr: Text


@functools.cache
def _pcg_mapping() -> tuple[PcgMapping, ...]:
    rows = _read_csv("pcg_mapping.csv", PcgMapping)
    seen: set[str] = set()
    bad = []
    for row in rows:
        if row.prefix in seen:
            bad.append(f"prefix {row.prefix} appears twice")
        seen.add(row.prefix)
        if row.account is not None and row.account[0] == "4" and row.account != "4":
            bad.append(f"prefix {row.prefix}: chapter 4 has no typed account")
    if bad:
        raise InvalidInput(bad, source="pcg_mapping.csv")
    return rows


def pcg_mapping() -> tuple[PcgMapping, ...]:
    """The default PCG → CNC mapping of ``pcg_mapping.csv`` (longest prefix wins)."""
    return _pcg_mapping()


__all__ += ["PcgMapping", "pcg_mapping"]


@functools.cache
def excel_functions() -> frozenset[str]:
    """Excel's worksheet function names in upper case (``excel_functions.txt``, with its
    sources): a defined name may not be one of them."""
    text = files("xlprod.reference").joinpath("excel_functions.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().upper() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))
