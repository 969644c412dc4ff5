"""From Excel's values to xlprod's arguments and back: the one decorator every UDF uses.

Excel (through xlwings) sends a number as a float, an empty cell as ``None``, a date
cell as a ``datetime`` (classic xlwings) or as its serial number (xlwings Lite), a
range as a list of rows. :func:`excel` converts each argument with the converter named
for it, calls the function, and converts the result back: ``Decimal`` to float, a
table to a list of rows with ``""`` for nothing. An error of the input (xlprod's, or a
``ValueError``) becomes the text ``#xlprod! <message>`` in the cell, never a traceback.

No xlwings here: this module runs in classic xlwings, in xlwings Lite, and in the tests.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from xlprod.errors import XlprodError
from xlprod.money import to_decimal

__all__ = ["converted", "excel", "excel_error", "month", "number", "rows", "text", "whole", "year_or_date"]

Converter = Callable[[Any], Any]
_EXCEL_EPOCH = datetime(1899, 12, 30)  # serial 1 = 1900-01-01 (after Excel's 1900-02-29)
_LAST_YEAR = 9999  # a number above this is a date serial, not a year


def excel_error(exc: object) -> str:
    """What a cell shows when the input is wrong: a readable message, not a traceback."""
    return f"#xlprod! {exc}"


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def number(default: Any = None) -> Converter:
    """A number as Decimal (``0.07`` stays 0.07); an empty cell is ``default``
    (refused when there is none)."""

    def convert(value: Any) -> Any:
        if _is_blank(value):
            if default is None:
                raise ValueError("the cell is empty")
            return to_decimal(default)
        if isinstance(value, bool):
            raise ValueError(f"{value} is not a number")
        try:
            return to_decimal(value.strip() if isinstance(value, str) else value)
        except (InvalidOperation, TypeError, ValueError):
            raise ValueError(f"{value!r} is not a number") from None

    return convert


def converted(label: str, convert: Converter, value: Any) -> Any:
    """``convert(value)``, its error prefixed with ``label`` (the argument, the row…)."""
    try:
        return convert(value)
    except ValueError as exc:
        if str(exc).startswith(label):  # the message names it already
            raise
        raise ValueError(f"{label}: {exc}") from None


def whole(value: Any) -> Any:
    """Excel sends every number as a float: 2250.0 → 2250; 2250.5 stays (the library refuses it)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def text(default: str | None = None) -> Converter:
    """Text as typed; an empty cell is ``default``; a whole number (``641`` typed as a
    number) is its digits."""

    def convert(value: Any) -> Any:
        if _is_blank(value):
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool) \
                and float(value).is_integer():
            return str(int(value))  # xlwings Lite keeps whole numbers as int
        return value.strip() if isinstance(value, str) else value

    return convert


def _serial_date(value: float) -> date:
    return (_EXCEL_EPOCH + timedelta(days=int(value))).date()


def month(value: Any) -> Any:
    """A month: ``YYYY-MM`` text as typed, a date cell (its month counts), or a date's
    serial number (xlwings Lite sends dates as numbers)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > _LAST_YEAR:
        return _serial_date(value)
    return value.strip() if isinstance(value, str) else value


def year_or_date(value: Any) -> Any:
    """A year (``2026`` arrives as 2026.0), a date cell, or a date's serial number."""
    if isinstance(value, float) and not value.is_integer():
        raise ValueError(f"year {value} is not a whole year")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _serial_date(value) if value > _LAST_YEAR else int(value)
    return value


def rows(value: Any) -> list[list[Any]]:
    """A range as a list of rows, empty rows dropped (a range taken larger than its data).

    One cell arrives as a value and one row as a list: both become rows.
    """
    if not isinstance(value, (list, tuple)):
        value = [[value]]
    elif value and not isinstance(value[0], (list, tuple)):
        value = [value]
    return [list(row) for row in value if not all(_is_blank(cell) for cell in row)]


def _to_excel(result: Any) -> Any:
    if isinstance(result, Decimal):
        return float(result)
    if isinstance(result, (list, tuple)):
        return [_to_excel(item) for item in result]
    return "" if result is None else result


def excel(**converters: Converter) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a UDF: convert its arguments by name, its result back, its errors to text.

    Keeps the function's name, signature and docstring (what Excel shows), so xlwings'
    decorators applied above it see the function as written.
    """

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        import inspect

        signature = inspect.signature(function)

        @functools.wraps(function)
        def udf(*args: Any, **kwargs: Any) -> Any:
            try:
                bound = signature.bind(*args, **kwargs)
                bound.apply_defaults()
                for name, convert in converters.items():
                    bound.arguments[name] = converted(name, convert, bound.arguments[name])
                return _to_excel(function(*bound.args, **bound.kwargs))
            except (XlprodError, ValueError, TypeError, ArithmeticError) as exc:
                return excel_error(exc)
            except Exception as exc:  # a bug of ours: still a message in the cell
                return excel_error(f"internal error ({type(exc).__name__}: {exc}); "
                                   "this is a bug in xlprod")

        return udf

    return decorate
