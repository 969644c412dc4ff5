"""The cue sheet input model (contract §2, cuesheet), plus the archives register.

The model checks the *form* of every field (a timecode is ``HH:MM:SS:FF``,
an origin is one of four words). What depends on other fields — a timecode
valid at the frame rate, shares summing to 100, identifiers' check
characters — is a finding of :mod:`xlprod.kinds.cuesheet.checks`, so that
``new --from`` can still write the workbook and mark the cells.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator

from xlprod import timecode
from xlprod.errors import InvalidInput
from xlprod.kinds.base import InputModel, Number

Origin = Literal["original", "preexisting", "library", "public_domain"]

_TC_FORM = re.compile(r"\d\d:\d\d:\d\d[:;.]\d\d")


def _timecode_form(value: str) -> str:
    if not _TC_FORM.fullmatch(value):
        raise ValueError("write a timecode as HH:MM:SS:FF, two digits each (e.g. 00:01:30:00; "
                         "HH:MM:SS;FF at 29.97 drop-frame)")
    return value


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


#: Timecode text; whether it exists at the sheet's frame rate is checked with the rest.
Timecode = Annotated[str, AfterValidator(_timecode_form)]
Code = Annotated[str, BeforeValidator(_upper)]


class Rightsholder(InputModel):
    name: str = Field(min_length=1, description="SURNAME First name, or the publisher's name")
    role: Code = Field(description="Role code: C, A, CA, AR, AD, TR, SA, SR, E, SE, AM")
    share: Number = Field(ge=0, le=100, description="Share in percent; a cue's shares sum to 100")
    society: Code = Field("", description="Collecting society (SACEM, PRS, ASCAP…)")
    ipi: str = Field("", description="IPI / CAE name number")


class Cue(InputModel):
    number: int = Field(ge=1, description="Cue number, in order of appearance")
    title: str = Field(min_length=1)
    tc_in: Timecode
    tc_out: Timecode
    usage: Code = Field("", description="Usage code: BI, BV, VI, VV, VS, OT, CT, EE…")
    origin: Origin = "original"
    isrc: str = Field("", description="Recording code (ISO 3901), e.g. FR-Z03-14-00123")
    iswc: str = Field("", description="Work code (ISO 15707), e.g. T-034.524.680-1")
    performer: str = ""
    label: str = Field("", description="Label / master owner (pre-existing recordings)")
    licence: str = Field("", description="Synchronisation licence reference (pre-existing music)")
    rightsholders: list[Rightsholder] = Field(default_factory=list)


class Archive(InputModel):
    source: str = Field(min_length=1, description="Archive holder or fund, e.g. INA")
    title: str = Field("", description="What the footage or sound shows")
    rightsholder: str = ""
    tc_in: Timecode
    tc_out: Timecode
    fee_per_second: Number | None = Field(None, ge=0, description="Euros per second (started)")
    flat_fee: Number | None = Field(None, ge=0, description="Flat fee in euros (wins if set)")
    territories: str = ""
    media: str = Field("", description="Media cleared (TV, cinema, VOD, all media…)")
    expiry: date | None = Field(None, description="Date the clearance ends")
    reference: str = Field("", description="Contract or invoice reference")


class CueSheet(InputModel):
    title: str = Field(min_length=1)
    episode: str = ""
    isan: str = Field("", description="ISAN (ISO 15706) with its check characters")
    version: str = Field("", description="VO, VF, TV edit…")
    fps: Number = Field(Decimal(25), description="23.976, 24, 25, 29.97 (drop-frame) or 30")
    programme_duration: Timecode | None = Field(None, description="HH:MM:SS:FF")
    programme_start: Timecode | None = Field(
        None, description="Timecode of the programme's first frame (default 00:00:00:00)")
    producer: str = ""
    broadcaster: str = ""
    original_title: str = Field("", description="Original title, when it differs from title")
    director: str = Field("", description="Réalisateur / réalisatrice")
    year: int | None = Field(None, ge=1888, le=2100, description="Year of production")
    country: str = Field("", description="Country (or countries) of production: FR, FR/BE…")
    cues: list[Cue] = Field(default_factory=list)
    archives: list[Archive] = Field(default_factory=list)

    @field_validator("fps", mode="before")
    @classmethod
    def _known_rate(cls, value: Any) -> Any:
        try:
            return Decimal(timecode.rate(value).label)
        except InvalidInput as exc:
            raise ValueError(str(exc)) from None

    @property
    def rate(self) -> timecode.Rate:
        return timecode.rate(str(self.fps))
