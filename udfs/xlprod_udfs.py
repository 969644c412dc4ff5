"""xlprod's Excel functions (xlwings user-defined functions).

Import this module from Excel through the xlwings add-in (``UDF Modules:
xlprod_udfs``, with this folder on the PYTHONPATH). Every function is a thin
adapter: it converts what Excel sends (floats, text, booleans), calls the same
library code as the command line, and returns a plain Excel value. Only the
open-source decorators of xlwings are used; the module imports and runs
without Excel, which is how the tests call it.
"""

from __future__ import annotations

import xlwings as xw

from xlprod import charges


def _excel_error(exc: Exception) -> str:
    """What a cell shows when the input is wrong: a readable message, not a traceback."""
    return f"#xlprod! {exc}"


@xw.func
@xw.arg("gross", numbers=float, doc="Gross pay (brut) in euros")
@xw.arg("status", doc="technicien, cadre, artiste, auteur or facture")
@xw.arg("year", doc="Year of the rates (e.g. 2026), or a date YYYY-MM-DD")
@xw.arg("unit", doc="heure, jour, cachet, semaine, mois or forfait (sets the ceiling)")
@xw.arg("quantity", numbers=float, doc="How many units the gross was earned over")
@xw.arg("ceiling_method", doc="prorata (default: monthly ceiling × paid days / 30) or unit")
@xw.ret(numbers=float)
def prod_charges(gross, status, year, unit="semaine", quantity=1,  # type: ignore[no-untyped-def]
                 ceiling_method="prorata"):
    """Employer social charges on GROSS earned over QUANTITY UNITs by a STATUS,
    with the rates of YEAR, rounded to the cent — exactly as an xlprod budget
    line computes them. CEILING_METHOD: "prorata" (default: monthly ceiling ×
    paid days / 30) or "unit" (the published ceiling of one unit)."""
    try:
        if isinstance(year, float) and not year.is_integer():
            return _excel_error(ValueError(f"year {year} is not a whole year"))
        year_or_date = int(year) if isinstance(year, float) else year
        return float(charges.charges_for(gross, status, year_or_date, unit or "semaine",
                                         1 if quantity is None else quantity,
                                         method=ceiling_method or "prorata"))
    except Exception as exc:  # Excel shows the message in the cell
        return _excel_error(exc)


# === Cue sheet: timecodes and ISAN (issue 3) ============================================
# Each function converts what Excel sends and calls xlprod.timecode / xlprod.identifiers,
# the same code as the cue sheet workbook's engine. A wrong input shows "#xlprod! …".

from xlprod import identifiers, timecode  # noqa: E402  (kept with the functions that use it)


def _whole(value):  # type: ignore[no-untyped-def]
    """Excel sends every number as a float: 2250.0 → 2250; 2250.5 stays and is refused."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


@xw.func
@xw.arg("tc", doc="Timecode HH:MM:SS:FF (HH:MM:SS;FF at 29.97 drop-frame)")
@xw.arg("fps", doc="Frame rate: 23.976, 24, 25, 29.97 (drop-frame) or 30")
def prod_tc_frames(tc, fps):  # type: ignore[no-untyped-def]
    """Number of frames from 00:00:00:00 to TC at FPS (29.97 counts drop-frame)."""
    try:
        return timecode.parse(tc, fps)
    except Exception as exc:  # Excel shows the message in the cell
        return _excel_error(exc)


@xw.func
@xw.arg("tc_in", doc="Timecode where the cue starts, HH:MM:SS:FF")
@xw.arg("tc_out", doc="Timecode where the cue ends, HH:MM:SS:FF")
@xw.arg("fps", doc="Frame rate: 23.976, 24, 25, 29.97 (drop-frame) or 30")
def prod_tc_duration(tc_in, tc_out, fps):  # type: ignore[no-untyped-def]
    """Duration from TC_IN to TC_OUT as a timecode HH:MM:SS:FF, exact to the frame."""
    try:
        return timecode.format(timecode.duration(tc_in, tc_out, fps), fps)
    except Exception as exc:  # Excel shows the message in the cell
        return _excel_error(exc)


@xw.func
@xw.arg("frames", doc="A whole number of frames (0 or more)")
@xw.arg("fps", doc="Frame rate: 23.976, 24, 25, 29.97 (drop-frame) or 30")
def prod_frames_to_tc(frames, fps):  # type: ignore[no-untyped-def]
    """The timecode HH:MM:SS:FF of FRAMES frames at FPS (the inverse of PROD_TC_FRAMES)."""
    try:
        return timecode.format(_whole(frames), fps)
    except Exception as exc:  # Excel shows the message in the cell
        return _excel_error(exc)


@xw.func
@xw.arg("isan", doc="ISAN, e.g. 0000-0001-8947-0000-8-0000-0000-D")
def prod_isan_valid(isan):  # type: ignore[no-untyped-def]
    """TRUE when ISAN is a well-formed ISAN whose check characters are right
    (ISO 15706, ISO 7064 MOD 37,36), FALSE otherwise."""
    return identifiers.isan_valid(isan)
