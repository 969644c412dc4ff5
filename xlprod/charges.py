"""Employer social charges (charges sociales) of a budget line, from ``social_rates.csv``.

A line's charges depend on its gross ``g``, its status and the social-security
ceiling ``C`` of its period of work (:func:`line_ceiling`). Each contribution
applies to one of five bases::

    TOTAL  g                          whole gross
    T1     min(g, C)                  up to the ceiling
    T2     max(0, min(g, 8C) − C)     from 1 to 8 ceilings (Agirc-Arrco tranche 2)
    PLAF4  min(g, 4C)                 up to 4 ceilings (chômage, AGS, APEC)
    CET    min(g, 8C) if g > C else 0 (contribution d'équilibre technique)

The engine sums the employer rates per base and computes, exactly in Decimal
and rounded once to the cent, what the budget workbook computes per line::

    =ROUND(g*rT + MIN(g,C)*r1 + MAX(0,MIN(g,8*C)-C)*r2 + MIN(g,4*C)*r4 + IF(g>C,MIN(g,8*C),0)*rC, 2)

Company parameters (:class:`Company`: headcount band, AT/MP, versement mobilité,
prévoyance, taxe d'apprentissage, médecine du travail) set the rates of the rows whose
``company`` column names them, and the headcount band decides FNAL (0.10 % on T1 under 50
employees, 0.50 % on the total from 50) and the versement mobilité (from 11). A line may
also have a *reduction* ``ρ`` taken off its TOTAL rate: the 2024–2025 reduced maladie
and allocations familiales rates below their pay thresholds (``reductions.csv``), and,
as an option, the 2026 RGDU coefficient (``rgdu.csv``), see :func:`line_reduction`.

An ``artiste`` line may take the *déduction forfaitaire spécifique* (DFS, ``dfs.csv``, an
option off by default): its deduction ``d`` (:func:`line_dfs`) comes off the base of every
contribution but those of ``gross_codes`` (chômage, AGS, Congés Spectacles, médecine du
travail), which keep the whole gross. With ``b = g − d`` and ``G`` the rates of those
contributions (all on TOTAL or PLAF4)::

    charges = ROUND(F(b) + (g − b) × G[TOTAL] + (MIN(g, 4C) − MIN(b, 4C)) × G[PLAF4], 2)

where ``F`` is the formula above: with ``d = 0`` it is exactly the formula above.

Statuses: ``technicien`` (intermittent non-cadre), ``cadre`` (intermittent
cadre), ``artiste`` (reduced 70 % rates on maladie, vieillesse, AF, FNAL,
AT/MP), ``auteur`` (droits d'auteur: only the contribution diffuseur) and
``facture`` (a supplier invoice: no charges).
"""

from __future__ import annotations

import dataclasses
import decimal
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import MappingProxyType

from xlprod import reference
from xlprod.errors import InvalidInput
from xlprod.money import ZERO, cents, to_decimal
from xlprod.reference import Ceilings

__all__ = [
    "BASES",
    "CEILING_METHODS",
    "DEFAULT_COMPANY",
    "STATUSES",
    "UNITS",
    "Company",
    "RateRow",
    "RateTable",
    "charges_for",
    "company_defaults",
    "employee_contributions",
    "employer_charges",
    "line_ceiling",
    "line_dfs",
    "line_hours",
    "line_reduction",
    "paid_days",
    "rate_table",
]

STATUSES = ("technicien", "cadre", "artiste", "auteur", "facture")
UNITS = ("heure", "jour", "cachet", "semaine", "mois", "forfait")
BASES = ("TOTAL", "T1", "T2", "PLAF4", "CET")
#: ``prorata`` (default): the monthly ceiling × paid days / 30 (CSS art. R. 242-2; BOSS,
#: April 2025: thirtieths of the days that gave rise to pay, for intermittents);
#: ``unit``: the published ceiling of one unit × quantity (xlprod before issue 10).
CEILING_METHODS = ("prorata", "unit")
#: Paid days in one unit of work, as (days, divisor): a 7-hour day, a 5-day week, a month
#: is the whole monthly ceiling (30/30); a forfait counts as a month [M]. The same work
#: gets the same ceiling whatever unit it is typed in: 5 jours = 1 semaine = 35 heures.
PAID_DAYS: Mapping[str, tuple[int, int]] = MappingProxyType({
    "heure": (1, 7), "jour": (1, 1), "cachet": (1, 1), "semaine": (5, 1),
    "mois": (30, 1), "forfait": (30, 1)})
#: An artist engaged for fewer than this many consecutive days has the per-cachet ceiling.
ARTIST_SHORT_DAYS = 5

#: Hours of work in one paid day, for the SMIC thresholds of the reduced rates [M].
HOURS_PER_DAY = 7


@dataclass(frozen=True)
class Company:
    """The company's own parameters (Paramètres): ``rates`` maps a ``company`` key of
    ``social_rates.csv`` (``atmp_rate``…) to its rate before the artists' factor; a key
    left out keeps the reference rate. ``reduced_rates``: the 2024–2025 bandeaux;
    ``rgdu``: the 2026 réduction générale dégressive unique (an option, off by default)."""

    headcount_band: str = "1-10"
    rates: tuple[tuple[str, Decimal], ...] = ()
    reduced_rates: bool = True
    rgdu: bool = False

    def rate(self, key: str) -> Decimal | None:
        return dict(self.rates).get(key)


DEFAULT_COMPANY = Company()

# Far more digits than any gross × rate needs, so the sum is exact before the one rounding.
_EXACT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)


def _check_status(status: object) -> str:
    if status not in STATUSES:
        raise InvalidInput(f"status {status!r} is not one of {', '.join(STATUSES)}")
    return str(status)


def _number(value: object, what: str) -> Decimal:
    """A finite, non-negative Decimal, or an InvalidInput naming ``what``."""
    try:
        number = to_decimal(value)
    except (TypeError, ValueError, decimal.InvalidOperation):
        raise InvalidInput(f"{what}: {value!r} is not a number") from None
    if not number.is_finite():
        raise InvalidInput(f"{what}: {value!r} is not a number")
    if number < 0:
        raise InvalidInput(f"{what}: {value!r} must not be negative")
    return number


@dataclass(frozen=True)
class RateRow:
    """One contribution in force on a date, with its effective rate per status.

    ``employer`` and ``employee`` map every status to the rate actually applied:
    the CSV rate × ``artist_factor`` for ``artiste``, 0 where the contribution
    does not apply.
    """

    code: str
    label: str
    base: str
    employer: Mapping[str, Decimal]
    employee: Mapping[str, Decimal]
    source: str
    valid_from: date
    confidence: str
    #: the rate before the artists' factor (the company's where ``company`` names it)
    base_rate: Decimal = ZERO
    artist_factor: Decimal = Decimal(1)
    applies_to: tuple[str, ...] = ()
    headcount: str = ""
    company: str = ""
    due: bool = True  # False: not due in the company's headcount band

    @classmethod
    def from_reference(cls, row: reference.SocialRate,
                       company: Company = DEFAULT_COMPANY) -> RateRow:
        own = company.rate(row.company) if row.company else None
        rate = row.employer_rate if own is None else own
        due = company.headcount_band in reference.HEADCOUNT_CONDITIONS[row.headcount]

        def effective(rate: Decimal) -> Mapping[str, Decimal]:
            out = {}
            for status in STATUSES:
                factor = row.artist_factor if status == "artiste" else Decimal(1)
                out[status] = rate * factor if status in row.applies_to and due else ZERO
            return MappingProxyType(out)

        return cls(code=row.code, label=row.libelle, base=row.base,
                   employer=effective(rate), employee=effective(row.employee_rate),
                   source=row.source, valid_from=row.valid_from, confidence=row.confidence,
                   base_rate=rate, artist_factor=row.artist_factor, applies_to=row.applies_to,
                   headcount=row.headcount, company=row.company, due=due)


@dataclass(frozen=True)
class RateTable:
    """The contributions in force on ``on``, with the ceilings of ``on.year``."""

    on: date
    rows: tuple[RateRow, ...]
    ceilings: Ceilings
    company: Company = DEFAULT_COMPANY
    smic_hourly: Decimal = ZERO
    reductions: tuple[reference.Reduction, ...] = ()
    rgdu: reference.Rgdu | None = None
    dfs: reference.Dfs | None = None

    def aggregate(self, status: str) -> dict[str, Decimal]:
        """Employer rate summed per base for ``status`` (all five bases present)."""
        return self._sum(status, employee=False)

    def aggregate_gross(self, status: str) -> dict[str, Decimal]:
        """Employer rate summed per base for ``status``, of the contributions that keep the
        whole gross under the artists' DFS (``dfs.csv``'s ``gross_codes``)."""
        _check_status(status)
        codes = set(self.dfs.gross_codes) if self.dfs else set()
        totals = dict.fromkeys(BASES, ZERO)
        for row in self.rows:
            if row.code in codes:
                totals[row.base] += row.employer[status]
        return totals

    def aggregate_employee(self, status: str) -> dict[str, Decimal]:
        """Employee rate summed per base for ``status`` (for information)."""
        return self._sum(status, employee=True)

    def _sum(self, status: str, *, employee: bool) -> dict[str, Decimal]:
        _check_status(status)
        totals = dict.fromkeys(BASES, ZERO)
        for row in self.rows:
            rates = row.employee if employee else row.employer
            totals[row.base] += rates[status]
        return totals

    def unit_ceiling(self, unit: str, status: str) -> Decimal:
        """The social-security ceiling for ONE unit of work.

        ``heure`` hourly · ``jour`` daily, but 12 × hourly for an artiste ·
        ``cachet`` 12 × hourly for every status (the artists' per-day rule,
        domain.md B.1) · ``semaine`` weekly · ``mois`` monthly · ``forfait``
        monthly — an assumption [M]: a lump sum is treated as one month of work.
        """
        _check_status(status)
        c = self.ceilings
        if unit == "heure":
            return c.hourly
        if unit == "jour":
            return 12 * c.hourly if status == "artiste" else c.daily
        if unit == "cachet":
            return 12 * c.hourly
        if unit == "semaine":
            return c.weekly
        if unit in ("mois", "forfait"):
            return c.monthly
        raise InvalidInput(f"unit {unit!r} is not one of {', '.join(UNITS)}")

    def with_overrides(self, overrides: Mapping[str, Mapping[str, object]]) -> RateTable:
        """A copy where ``overrides[code][status]`` replaces that effective employer rate.

        Unknown codes or statuses, ``facture`` (which never carries charges) and
        rates that are not numbers in [0, 1] raise :class:`InvalidInput`.
        """
        known = {row.code for row in self.rows}
        problems: list[str] = []
        clean: dict[str, dict[str, Decimal]] = {}
        for code, by_status in overrides.items():
            if code not in known:
                problems.append(f"unknown social-rate code {code!r}; known codes: "
                                f"{', '.join(sorted(known))}")
                continue
            for status, rate in by_status.items():
                where = f"overrides[{code}][{status}]"
                if status not in STATUSES or status == "facture":
                    valid = ", ".join(s for s in STATUSES if s != "facture")
                    problems.append(f"{where}: status {status!r} is not one of {valid}")
                    continue
                try:
                    value = _number(rate, where)
                except InvalidInput as exc:
                    problems.extend(exc.problems)
                    continue
                if value > 1:
                    problems.append(f"{where}: rate {rate!r} is above 1 (rates are fractions)")
                    continue
                clean.setdefault(code, {})[status] = value
        if problems:
            raise InvalidInput(problems)
        rows = tuple(
            dataclasses.replace(
                row, employer=MappingProxyType({**row.employer, **clean[row.code]}))
            if row.code in clean else row
            for row in self.rows)
        return dataclasses.replace(self, rows=rows)


def _known_years() -> str:
    return ", ".join(str(y) for y in reference.ceiling_years())


@functools.lru_cache(maxsize=64)
def rate_table(on: date, company: Company = DEFAULT_COMPANY) -> RateTable:
    """The contributions valid on ``on`` for ``company``, the social-security ceilings of
    ``on.year``, the SMIC and the rate reductions in force."""
    if on.year not in reference.ceiling_years():
        raise InvalidInput(f"no social rates for {on.isoformat()}; known years {_known_years()}")
    if company.headcount_band not in reference.HEADCOUNT_BANDS:
        raise InvalidInput(f"headcount band {company.headcount_band!r} is not one of "
                           f"{', '.join(reference.HEADCOUNT_BANDS)}")
    rows = tuple(RateRow.from_reference(r, company)
                 for r in reference.social_rates() if r.valid_on(on))
    if not rows:
        raise InvalidInput(f"no social rates for {on.isoformat()}; known years {_known_years()}")
    dfs = reference.dfs(on)
    if dfs is not None:
        # the workbook's formula corrects only these two bases for the whole gross
        odd = sorted({r.code for r in rows if r.code in dfs.gross_codes
                      and r.base not in ("TOTAL", "PLAF4")})
        if odd:
            raise InvalidInput(f"dfs.csv: gross_codes {', '.join(odd)} are not on TOTAL or PLAF4")
    return RateTable(on=on, rows=rows, ceilings=reference.ceilings(on.year), company=company,
                     smic_hourly=reference.smic(on).hourly,
                     reductions=tuple(r for r in reference.reductions() if r.valid_on(on)),
                     rgdu=reference.rgdu(on), dfs=dfs)


def company_defaults(on: date) -> dict[str, Decimal]:
    """The reference rate of every company parameter in force on ``on`` (``atmp_rate``…)."""
    return {r.company: r.employer_rate for r in reference.social_rates()
            if r.company and r.valid_on(on)}


def line_hours(unit: str, quantity: object = 1, count: object = 1) -> Decimal:
    """Hours worked by a line: its paid days × 7 (a 7-hour day; an hour is an hour)."""
    days, divisor = paid_days(unit)
    q, n = _number(quantity, "quantity"), _number(count, "count")
    with decimal.localcontext(_EXACT):
        return days * q * n * HOURS_PER_DAY / divisor


def line_reduction(table: RateTable, status: str, gross: object, hours: object) -> Decimal:
    """The rate taken off a line's TOTAL rate for low pay.

    Bandeaux (2024–2025, on unless ``company.reduced_rates`` is off): each reduction of
    ``reductions.csv`` in force whose status list has ``status`` cuts its ``rate_cut``
    when ``gross ≤ threshold_smic × SMIC × hours``. RGDU (2026, only with
    ``company.rgdu``; technicien and cadre): ``ROUND(MIN(Tmin + Tδ, Tmin + Tδ × (½ ×
    (3 × SMIC × hours / gross − 1))^P), 4)`` when ``0 < gross < 3 × SMIC × hours``, Tδ by
    the headcount band (the FNAL rate). The SMIC is the one in force on the rates' date.
    """
    _check_status(status)
    g, h = _number(gross, "gross"), _number(hours, "hours")
    company = table.company
    out = ZERO
    with decimal.localcontext(_EXACT):
        smic_pay = table.smic_hourly * h
        if company.reduced_rates:
            for red in table.reductions:
                if status in red.applies_to and g <= red.threshold_smic * smic_pay:
                    out += red.rate_cut
        rgdu = table.rgdu
        if company.rgdu and rgdu is not None and status in ("technicien", "cadre"):
            limit = rgdu.threshold_smic * smic_pay
            if 0 < g < limit:
                tdelta = rgdu.tdelta_50 if company.headcount_band == "50+" else rgdu.tdelta_under_50
                ratio = (limit / g - 1) / 2
                coefficient = min(rgdu.tmin + tdelta,
                                  rgdu.tmin + tdelta * ratio ** rgdu.exponent)
                out += coefficient.quantize(Decimal("0.0001"), rounding=decimal.ROUND_HALF_UP)
    return out


def line_dfs(table: RateTable, status: str, gross: object, hours: object,
             count: object = 1) -> Decimal:
    """The artists' DFS of a line: ``MAX(0, MIN(ROUND(g × rate, 2), cap × count,
    ROUND(g − SMIC × hours, 2)))`` for an ``artiste`` (0 for any other status, or without
    a DFS in force): the rate of ``dfs.csv`` on the rates' date, at most the annual cap
    per person (applied to the line: the line is one engagement per person), and never
    bringing the base under the SMIC of the hours worked."""
    _check_status(status)
    g, h, n = _number(gross, "gross"), _number(hours, "hours"), _number(count, "count")
    dfs = table.dfs
    if status != "artiste" or dfs is None:
        return ZERO
    with decimal.localcontext(_EXACT):
        return max(ZERO, min(cents(g * dfs.rate), dfs.annual_cap * n,
                             cents(g - table.smic_hourly * h)))


def paid_days(unit: str) -> tuple[int, int]:
    """``(days, divisor)``: one ``unit`` of work is days / divisor paid days."""
    if unit not in PAID_DAYS:
        raise InvalidInput(f"unit {unit!r} is not one of {', '.join(UNITS)}")
    return PAID_DAYS[unit]


def line_ceiling(table: RateTable, unit: str, status: str, quantity: object = 1,
                 count: object = 1, method: str = "prorata") -> Decimal:
    """The ceiling of a whole line (``count`` people, each ``quantity`` units of ``unit``).

    ``prorata``: an artiste engaged for fewer than 5 days has 12 × the hourly ceiling
    per day (cachet); otherwise the monthly ceiling × paid days / 30; both rounded to
    the cent (so the workbook's floating point cannot drift from the engine).
    ``unit``: ``unit_ceiling × quantity × count`` (see :meth:`RateTable.unit_ceiling`).
    """
    _check_status(status)
    q, n = _number(quantity, "quantity"), _number(count, "count")
    if method == "unit":
        return table.unit_ceiling(unit, status) * q * n
    if method != "prorata":
        raise InvalidInput(f"ceiling method {method!r} is not one of {', '.join(CEILING_METHODS)}")
    days, divisor = paid_days(unit)
    c = table.ceilings
    with decimal.localcontext(_EXACT):
        if status == "artiste" and days * q < ARTIST_SHORT_DAYS * divisor:
            return cents(12 * c.hourly * days * q * n / divisor)
        return cents(c.monthly * days * q * n / (30 * divisor))


def _apply(gross: object, ceiling: object, rates: Mapping[str, Decimal],
           reduction: Decimal = ZERO, deduction: Decimal = ZERO,
           gross_rates: Mapping[str, Decimal] | None = None) -> Decimal:
    g = _number(gross, "gross")
    c = _number(ceiling, "ceiling")
    with decimal.localcontext(_EXACT):
        b = g - deduction  # the base after the artists' DFS
        exact = (b * (rates["TOTAL"] - reduction)
                 + min(b, c) * rates["T1"]
                 + max(ZERO, min(b, 8 * c) - c) * rates["T2"]
                 + min(b, 4 * c) * rates["PLAF4"]
                 + (min(b, 8 * c) if b > c else ZERO) * rates["CET"])
        if deduction and gross_rates is not None:
            # the contributions that keep the whole gross (chômage, Congés Spectacles…)
            exact += ((g - b) * gross_rates["TOTAL"]
                      + (min(g, 4 * c) - min(b, 4 * c)) * gross_rates["PLAF4"])
        return cents(exact)


def employer_charges(gross: object, status: str, ceiling: object, table: RateTable,
                     reduction: Decimal = ZERO, deduction: Decimal = ZERO) -> Decimal:
    """Employer charges on ``gross`` under ``ceiling`` (the line's), less ``reduction`` ×
    gross (:func:`line_reduction`), the base less the artists' DFS ``deduction``
    (:func:`line_dfs`) but for the contributions that keep the whole gross, rounded once
    to the cent."""
    _check_status(status)
    if status == "facture":
        _number(gross, "gross")
        return cents(ZERO)
    if deduction < 0 or deduction > _number(gross, "gross"):
        raise InvalidInput(f"DFS deduction {deduction} is not between 0 and the gross")
    return _apply(gross, ceiling, table.aggregate(status), reduction, deduction,
                  table.aggregate_gross(status))


def employee_contributions(gross: object, status: str, ceiling: object,
                           table: RateTable) -> Decimal:
    """Employee contributions, for information (CSG/CRDS already on 98.25 % of gross)."""
    _check_status(status)
    if status == "facture":
        _number(gross, "gross")
        return cents(ZERO)
    return _apply(gross, ceiling, table.aggregate_employee(status))


def _as_date(year_or_date: object) -> date:
    """An ``int`` year means the rates in force on 1 January of that year."""
    if isinstance(year_or_date, datetime):  # what a date cell is in Excel (xlwings)
        return year_or_date.date()
    if isinstance(year_or_date, date):
        return year_or_date
    if isinstance(year_or_date, int) and not isinstance(year_or_date, bool):
        if 1900 <= year_or_date <= 9999:
            return date(year_or_date, 1, 1)
    elif isinstance(year_or_date, str):
        text = year_or_date.strip()
        try:
            return date(int(text), 1, 1) if text.isdigit() else date.fromisoformat(text)
        except ValueError:
            pass
    raise InvalidInput(f"year: {year_or_date!r} is not a year or an ISO date (YYYY-MM-DD)")


def charges_for(gross: object, status: str, year_or_date: object, unit: str = "semaine",
                quantity: object = 1, count: object = 1, method: str = "prorata") -> Decimal:
    """Employer charges on ``gross`` earned over ``quantity × count`` ``unit``s.

    A year (``2026``) takes the rates in force on 1 January of that year; pass
    a date for a later change (e.g. assurance chômage 4.00 % from 2025-05-01).
    The period of work sets the ceiling, exactly as a budget line does.
    """
    _check_status(status)
    table = rate_table(_as_date(year_or_date))
    if status in ("auteur", "facture"):
        return employer_charges(gross, status, ZERO, table)
    ceiling = line_ceiling(table, unit, status, quantity, count, method)
    reduction = line_reduction(table, status, gross, line_hours(unit, quantity, count))
    return employer_charges(gross, status, ceiling, table, reduction)
