"""The cash-flow kind (plan de trésorerie): a month-by-month plan of cash in and out.

Parts: :mod:`.model` (input, contract §2 cashflow plus optional extensions),
:mod:`.compute` (pure engine: spreads, schedules, VAT lag, credit line),
:mod:`.derive` (outflows from a budget and phase dates, instalment schedules
from reference templates), :mod:`.checks` (findings) and :mod:`.demo`.
The kind is registered (``KIND``) by the layout work that adds its workbook.
"""
