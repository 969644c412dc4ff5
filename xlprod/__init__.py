"""xlprod: spreadsheet-native tools for French film and TV production offices.

Kept light on purpose: ``xlprod --help`` must start fast, so nothing heavy
(openpyxl, pandas, pydantic models) is imported here.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
