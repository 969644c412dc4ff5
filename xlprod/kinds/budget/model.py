"""The budget input model (contract §2, budget)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import Field, field_validator

from xlprod.kinds.base import InputModel, Number
from xlprod.xlsx.names import name_problem

Status = Literal["technicien", "cadre", "artiste", "auteur", "facture"]
Unit = Literal["heure", "jour", "cachet", "semaine", "mois", "forfait"]
BudgetKind = Literal["cinema", "audiovisuel", "publicite"]

# A global becomes a defined name: plain ASCII (a formula =shoot_days reads everywhere),
# then Excel's rules for any name (xlprod.xlsx.names), xlprod's own names taken from its layout.
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _reserved() -> frozenset[str]:
    """The names xlprod itself defines in a budget (from its layout)."""
    from xlprod.workbooks.budget import LAYOUT

    return LAYOUT.names()


def global_name_problem(name: str, lang: str = "en") -> str | None:
    if not _NAME_RE.fullmatch(name):
        return ("lettres, chiffres et _ seulement, en commençant par une lettre (ex. shoot_days)"
                if lang == "fr" else
                "use letters, digits and _ only, starting with a letter (e.g. shoot_days)")
    return name_problem(name, lang, _reserved())


#: A company rate (fraction); None: the reference rate of ``social_rates.csv``.
CompanyRate = Annotated[Number | None, Field(ge=0, le=1)]


class BudgetLine(InputModel):
    chapter: int = Field(ge=1, le=9, description="CNC chapter 1–9 (4, charges, is computed)")
    account: str = Field("", description="Sub-account, e.g. '24'")
    label: str = Field(min_length=1)
    quantity: Number | str = Field(
        Decimal(0), description="A number, or the name of a global (follows it live)"
    )
    unit: Unit = "forfait"
    count: Number = Field(Decimal(1), ge=0)
    rate: Number = Decimal(0)
    status: Status = "facture"
    location: str = Field("FR", pattern=r"^[A-Z]{2}$", description="ISO 3166 country code")
    region: str = Field("", description="Région (or other local area) of the spend, for regional funds")
    note: str = ""
    eligible: bool | None = Field(
        None, description="Tax-credit eligible; default by chapter and location"
    )
    minimum: Number | None = Field(
        None, ge=0, description="Conventional minimum unit rate (minimum conventionnel): the "
        "tax credit counts the pay up to quantity × count × minimum (artists above the minimum)")
    dfs: bool | None = Field(
        None, description="Artists' déduction forfaitaire spécifique (abattement pour frais "
        "professionnels) on this line; None: the budget's artist_dfs")

    @field_validator("quantity", mode="before")
    @classmethod
    def _numeric_text_is_a_number(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return Decimal(value.strip().replace(",", "."))
            except InvalidOperation:
                return value.strip()
        return value

    @field_validator("location", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value


class Budget(InputModel):
    title: str = Field(min_length=1)
    kind: BudgetKind = "cinema"
    genre: Literal["fiction", "documentaire", "animation"] = Field(
        "fiction", description="Genre, for the audiovisuel tax-credit cap per minute"
    )
    year: int = Field(ge=2000, le=2100)
    company: str = Field("", description="Production company (société de production)")
    producer: str = Field("", description="Producteur délégué (person)")
    director: str = Field("", description="Réalisateur / réalisatrice")
    version: str = Field("", description="Version of the devis, e.g. 'devis initial v2'")
    version_date: date | None = Field(None, description="Date of this version of the devis")
    rates_date: date | None = Field(
        None, description="Date the social rates are taken at (default: 1 January of year)"
    )
    globals: dict[str, Annotated[Number, Field(ge=0)]] = Field(default_factory=dict)
    overhead_rate: Number = Field(Decimal("0.07"), ge=0, le=1)
    contingency_rate: Number = Field(Decimal("0.05"), ge=0, le=1)
    duration_minutes: Number | None = Field(
        None, gt=0, description="Programme length, for the audiovisuel tax-credit cap"
    )
    lines: list[BudgetLine] = Field(default_factory=list)
    ceiling_method: Literal["prorata", "unit"] = Field(
        "prorata", description="Social-security ceiling of a line: prorata = monthly ceiling × "
        "paid days / 30 (CSS R. 242-2, BOSS); unit = published ceiling of one unit × quantity")
    headcount_band: Literal["1-10", "11-49", "50+"] = Field(
        "1-10", description="The company's headcount (effectif): FNAL 0.50 % on the total "
        "from 50, versement mobilité from 11")
    atmp_rate: CompanyRate = Field(None, description="AT/MP rate notified by the CARSAT")
    mobility_rate: CompanyRate = Field(
        None, description="Versement mobilité rate of the place of work (due from 11 employees)")
    prevoyance_rate: CompanyRate = Field(
        None, description="Prévoyance and health rate of non-cadres (intermittents, Audiens)")
    prevoyance_cadre_rate: CompanyRate = Field(
        None, description="Prévoyance rate of cadres on T1 (ANI 2017: 1.50 % minimum)")
    apprenticeship_rate: CompanyRate = Field(None, description="Taxe d'apprentissage (0.68 %)")
    occupational_health_rate: CompanyRate = Field(
        None, description="Médecine du travail (Thalie Santé) as a rate of gross")
    reduced_rates: bool = Field(
        True, description="2024–2025 reduced maladie (7 %) and family (3.45 %) rates below "
        "their SMIC thresholds, for technicien and cadre lines")
    rgdu: bool = Field(
        False, description="2026 réduction générale dégressive unique below 3 SMIC, for "
        "technicien and cadre lines (its application to short CDDU is not confirmed)")
    artist_dfs: bool = Field(
        False, description="Artists' déduction forfaitaire spécifique (abattement pour frais "
        "professionnels, with each artist's consent): the rate of dfs.csv for the year "
        "(25 % nominal, 18 % in 2026) comes off the base of the contributions but chômage, "
        "AGS, Congés Spectacles and médecine du travail; at most 7 600 € per person")
    public_aid: Number = Field(
        Decimal(0), ge=0, description="Public aid in the financing (CNC, regions…), for the "
        "aid-intensity check: tax credit + public aid ≤ 50 % of the budget")
    difficult_work: bool = Field(
        False, description="A difficult or low-budget work: the aid-intensity cap is 60 %")
    rate_overrides: dict[str, dict[Status, Number]] = Field(
        default_factory=dict,
        description="Company rates replacing the reference: code → status → employer rate",
    )

    @property
    def rates_on(self) -> date:
        return self.rates_date or date(self.year, 1, 1)

    def quantity_of(self, line: BudgetLine) -> Decimal:
        if isinstance(line.quantity, str):
            return self.globals[line.quantity]
        return line.quantity
