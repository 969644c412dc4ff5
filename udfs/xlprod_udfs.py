"""xlprod's Excel functions (xlwings user-defined functions).

Import this module from Excel through the xlwings add-in (``UDF Modules:
xlprod_udfs``, with this folder on the PYTHONPATH). Every function is a two-line
adapter: :func:`_excel.excel` converts what Excel sends (floats, ``None`` for an
empty cell, dates, ranges as rows) into the library's arguments, and the result
and any input error back into a cell value (``#xlprod! …``); the body calls the
same library code as the command line. Only the open-source decorators of
xlwings are used; the module imports and runs without Excel, which is how the
tests call it. ``xlprod addin lite`` bundles it for xlwings Lite unchanged.
"""

from __future__ import annotations

from decimal import Decimal

import xlwings as xw
from _excel import converted, excel, month, number, rows, text, whole, year_or_date  # beside this file

from xlprod import charges, identifiers, timecode
from xlprod.importers import map_accounts
from xlprod.kinds.cashflow.compute import spread
from xlprod.money import to_decimal

# === Budget: social charges ==============================================================


@xw.func
@xw.arg("gross", doc="Gross pay (brut) in euros")
@xw.arg("status", doc="technicien, cadre, artiste, auteur or facture")
@xw.arg("year", doc="Year of the rates (e.g. 2026), or a date YYYY-MM-DD")
@xw.arg("unit", doc="heure, jour, cachet, semaine, mois or forfait (sets the ceiling)")
@xw.arg("quantity", doc="How many units the gross was earned over")
@xw.arg("ceiling_method", doc="prorata (default: monthly ceiling × paid days / 30) or unit")
@excel(gross=number(), year=year_or_date, unit=text("semaine"),
       quantity=number(1), ceiling_method=text("prorata"))
def prod_charges(gross, status, year, unit="semaine", quantity=1,  # type: ignore[no-untyped-def]
                 ceiling_method="prorata"):
    """Employer social charges on GROSS earned over QUANTITY UNITs by a STATUS,
    with the rates of YEAR, rounded to the cent — exactly as an xlprod budget
    line computes them. CEILING_METHOD: "prorata" (default: monthly ceiling ×
    paid days / 30) or "unit" (the published ceiling of one unit)."""
    return charges.charges_for(gross, status, year, unit, quantity, method=ceiling_method)


# === Cue sheet: timecodes and ISAN =======================================================


@xw.func
@xw.arg("tc", doc="Timecode HH:MM:SS:FF (HH:MM:SS;FF at 29.97 drop-frame)")
@xw.arg("fps", doc="Frame rate: 23.976, 24, 25, 29.97 (drop-frame) or 30")
@excel()
def prod_tc_frames(tc, fps):  # type: ignore[no-untyped-def]
    """Number of frames from 00:00:00:00 to TC at FPS (29.97 counts drop-frame)."""
    return timecode.parse(tc, fps)


@xw.func
@xw.arg("tc_in", doc="Timecode where the cue starts, HH:MM:SS:FF")
@xw.arg("tc_out", doc="Timecode where the cue ends, HH:MM:SS:FF")
@xw.arg("fps", doc="Frame rate: 23.976, 24, 25, 29.97 (drop-frame) or 30")
@excel()
def prod_tc_duration(tc_in, tc_out, fps):  # type: ignore[no-untyped-def]
    """Duration from TC_IN to TC_OUT as a timecode HH:MM:SS:FF, exact to the frame."""
    return timecode.format(timecode.duration(tc_in, tc_out, fps), fps)


@xw.func
@xw.arg("frames", doc="A whole number of frames (0 or more)")
@xw.arg("fps", doc="Frame rate: 23.976, 24, 25, 29.97 (drop-frame) or 30")
@excel(frames=whole)
def prod_frames_to_tc(frames, fps):  # type: ignore[no-untyped-def]
    """The timecode HH:MM:SS:FF of FRAMES frames at FPS (the inverse of PROD_TC_FRAMES)."""
    return timecode.format(frames, fps)


@xw.func
@xw.arg("isan", doc="ISAN, e.g. 0000-0001-8947-0000-8-0000-0000-D")
@excel()
def prod_isan_valid(isan):  # type: ignore[no-untyped-def]
    """TRUE when ISAN is a well-formed ISAN whose check characters are right
    (ISO 15706, ISO 7064 MOD 37,36), FALSE otherwise."""
    return identifiers.isan_valid(isan)


# === Cash flow ===========================================================================


@xw.func
@xw.arg("amount", doc="The amount to spread, in euros (negative for a refund)")
@xw.arg("start", doc="First month of the spread: YYYY-MM or a date")
@xw.arg("end", doc="Last month of the spread (included): YYYY-MM or a date")
@xw.arg("month", doc="The month whose part you want: YYYY-MM or a date")
@excel(amount=number(), start=month, end=month, month=month)
def prod_spread(amount, start, end, month):  # type: ignore[no-untyped-def]
    """The part of AMOUNT, spread evenly over START…END inclusive, that falls in MONTH
    (0 outside): cents that do not divide go to the earliest months, so the parts
    sum exactly to AMOUNT — as an xlprod cash-flow plan spreads an outflow."""
    return spread(amount, start, end, month)


# === Royalties ===========================================================================


def _waterfall(pot: Decimal, table: list[list[object]]) -> list[list[object]]:
    """PROD_WATERFALL's work: the table's rows as corridors and tiers, the engine's payouts."""
    from xlprod.kinds.royalties.compute import waterfall
    from xlprod.kinds.royalties.model import Corridor, Tier, TierShare

    if table and isinstance(table[0][0], str) and not table[0][0].strip().isdigit():
        table = table[1:]  # a header row
    by_level: dict[int, list[tuple[str, Decimal, Decimal | None]]] = {}
    caps: dict[int, Decimal | None] = {}
    for n, row in enumerate(table, start=1):
        level, beneficiary, share, *rest = [*row, None, None, None][:4]
        level = whole(level)
        if not isinstance(level, int) or level < 0:
            raise ValueError(f"row {n}: level {level!r} is not 0 (corridor) or a tier 1, 2, …")
        if not isinstance(beneficiary, str) or not beneficiary.strip():
            raise ValueError(f"row {n}: the beneficiary is empty")
        cap = None if rest[0] in (None, "") else converted(f"row {n}: cap", number(), rest[0])
        by_level.setdefault(level, []).append(
            (beneficiary.strip(), converted(f"row {n}: share", number(), share), cap))
        if level and cap is not None:
            if caps.get(level) not in (None, cap):
                raise ValueError(f"row {n}: tier {level} has two caps, {caps[level]} and {cap}")
            caps[level] = cap
    corridors = [Corridor(beneficiary=b, share=s, cap=c) for b, s, c in by_level.get(0, [])]
    levels = sorted(level for level in by_level if level)
    tiers = [Tier(cap=caps.get(level), shares=[TierShare(beneficiary=b, share=s)
                                               for b, s, _ in by_level[level]])
             for level in levels]
    payouts = waterfall(pot, corridors, tiers)
    out: list[list[object]] = [[0 if p.level == 0 else levels[p.level - 1], p.beneficiary, p.amount]
                               for p in payouts]
    left = to_decimal(pot).quantize(Decimal("0.01")) - sum((p.amount for p in payouts), Decimal(0))
    if left:
        out.append(["", "non réparti", left])
    return out


@xw.func
@xw.arg("pot", doc="The RNPP to share, in euros")
@xw.arg("table", doc="Rows: level (0 = corridor, 1, 2… = tiers), beneficiary, share, cap")
@excel(pot=number(), table=rows)
def prod_waterfall(pot, table):  # type: ignore[no-untyped-def]
    """Share POT down a recoupment waterfall; returns one row per line of TABLE:
    level, beneficiary, amount (a dynamic array, 3 columns).

    TABLE has 4 columns, one row per share (a header row is skipped, empty rows too):
    level — 0 for a corridor, which takes its share of the whole pot until its cap;
    1, 2, … for the tiers, which share in order what the corridors leave; beneficiary;
    share — a fraction (0.15 or 15 %); the shares of a tier sum to 1; cap — the most
    the corridor (or the whole tier: give it on one row) may receive, empty for none.
    Amounts are rounded to the cent and sum exactly to POT; money no level can take
    (past a capped last tier) is a last row "non réparti". As xlprod's royalties engine."""
    return _waterfall(pot, table)


# === Cost report (variance) ==============================================================


@xw.func
@xw.arg("actual", doc="Actual cost booked (réel), in euros")
@xw.arg("committed", doc="Committed, not yet booked (engagé)")
@xw.arg("estimate_to_complete", doc="Estimate to complete (reste à faire)")
@excel(actual=number(0), committed=number(0), estimate_to_complete=number(0))
def prod_efc(actual, committed, estimate_to_complete):  # type: ignore[no-untyped-def]
    """Estimated final cost (coût final estimé): ACTUAL + COMMITTED + ESTIMATE_TO_COMPLETE;
    an empty cell counts 0."""
    return actual + committed + estimate_to_complete


@xw.func
@xw.arg("budget", doc="The budgeted amount, in euros")
@xw.arg("efc", doc="The estimated final cost (PROD_EFC)")
@excel(budget=number(0), efc=number(0))
def prod_variance(budget, efc):  # type: ignore[no-untyped-def]
    """Variance (écart) = BUDGET − EFC: positive is a saving, negative an overrun;
    an empty cell counts 0."""
    return budget - efc


# === FEC: accounts =======================================================================


def _mapping(table: list[list[object]] | None) -> dict[str, str | None] | None:
    if table is None:
        return None
    as_text = text()
    return {str(as_text(row[0])): as_text(row[1]) if len(row) > 1 else None for row in table
            if as_text(row[0]) is not None and str(as_text(row[0])).isdigit()}


@xw.func
@xw.arg("compte_num", doc="An account number of the FEC (CompteNum), e.g. 641100")
@xw.arg("mapping", doc="Optional: rows prefix, budget account; default: xlprod's PCG table")
@excel(compte_num=text(), mapping=lambda m: None if m is None else rows(m))
def prod_fec_account(compte_num, mapping=None):  # type: ignore[no-untyped-def]
    """The budget account of COMPTE_NUM: the account of its longest matching prefix in
    MAPPING (2 columns: prefix, budget account; a header row is skipped), or in
    xlprod's PCG → CNC table when MAPPING is omitted; "hors devis" when none matches."""
    return map_accounts([str(compte_num)], _mapping(mapping))[str(compte_num)] or "hors devis"
