"""The variance kind (suivi budgétaire / cost report): budget, actuals from the FEC,
commitments and estimates to complete, the estimated final cost and its variance.

Parts: :mod:`.model` (input, contract §2 variance plus optional extensions),
:mod:`.compute` (pure engine: longest-prefix mapping, EFC, variance, flags),
:mod:`.derive` (the budget rows from a budget model, the actuals from an FEC
import), :mod:`.checks` (findings) and :mod:`.demo` (the demo input and FEC).
The kind is registered (``KIND``) by the layout work that adds its workbook.
"""
