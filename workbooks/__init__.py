"""Declarative definitions of each workbook kind: sheets, tables, columns,
labels (French and English), number formats, validation lists and formula
templates. Data, not code: the writers in ``xlprod.kinds.*`` lay them out.
"""
