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
@xw.ret(numbers=float)
def prod_charges(gross, status, year, unit="semaine", quantity=1):  # type: ignore[no-untyped-def]
    """Employer social charges on GROSS earned over QUANTITY UNITs by a STATUS,
    with the rates of YEAR, rounded to the cent — exactly as an xlprod budget
    line computes them."""
    try:
        year_or_date = int(year) if isinstance(year, float) else year
        return float(charges.charges_for(gross, status, year_or_date, unit or "semaine",
                                         1 if quantity is None else quantity))
    except Exception as exc:  # Excel shows the message in the cell
        return _excel_error(exc)
