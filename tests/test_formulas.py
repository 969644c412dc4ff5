"""Every formula xlprod writes uses functions both Excel 2016+ and LibreOffice 7.4 know."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from xlprod import api, kinds
from xlprod.xlsx.formulas import ALLOWED_FUNCTIONS, escape_column, functions_used, this_row


def test_functions_used_ignores_string_literals():
    assert functions_used('=IF(A1="SUM(",ROUND(B1,2),0)') == {"IF", "ROUND"}


def test_structured_reference_escaping():
    assert escape_column("Taux [%]") == "Taux '[%']"
    assert this_row("T", "Montant") == "T[[#This Row],[Montant]]"


@pytest.mark.parametrize("kind", kinds.available())
@pytest.mark.parametrize("filled", [False, True])
def test_only_portable_functions(tmp_path, kind, filled):
    source = None
    if filled:
        source = tmp_path / "in.json"
        source.write_text(json.dumps(kinds.get(kind).demo(), ensure_ascii=False), encoding="utf-8")
    path = api.new(kind, tmp_path / "w.xlsx", source=source).path
    wb = load_workbook(path)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and isinstance(cell.value, str):
                    seen |= functions_used(cell.value)
    assert seen, "no formula found"
    assert seen <= ALLOWED_FUNCTIONS, seen - ALLOWED_FUNCTIONS


def test_column_letters_match_excel():
    from openpyxl.utils import get_column_letter

    from xlprod.xlsx.formulas import column_letter

    assert [column_letter(i) for i in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert all(column_letter(i) == get_column_letter(i) for i in range(1, 3000))
