"""The fast block reader against what Excel and LibreOffice write (hand-made parts)."""

from __future__ import annotations

import io
import zipfile

import pytest

from xlprod.xlsx.cells import HostileOrBrokenPart, RawCell, read_block, shared_strings

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

SHEET = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet {NS}><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>2.5</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>=not a formula</t></is></c><c r="B2"><f>shoot_days</f><v>32</v></c>
  <c r="C2" t="b"><v>1</v></c></row>
<row r="3"><c r="A3"><v>7</v></c><c r="B3"><f t="shared" si="0" ref="B3:B5">A3*2</f><v>14</v></c>
  <c r="C3" t="e"><v>#N/A</v></c></row>
<row r="4"><c r="A4"><v>1E3</v></c><c r="B4"><f t="shared" si="0"/><v>2000</v></c></row>
<row><c><v>1</v></c><c t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>
</sheetData></worksheet>"""

STRINGS = f"""<sst {NS}><si><t>Libellé</t></si>
<si><r><t>Mon</t></r><r><rPr><b/></rPr><t>tant</t></r><rPh><t>x</t></rPh></si></sst>"""


def _package(sheet: str = SHEET) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", STRINGS)
    return zipfile.ZipFile(buffer)


def test_values_types_and_formulas():
    z = _package()
    strings = shared_strings(z)
    assert strings == ["Libellé", "Montant"]  # rich runs joined, phonetic run left out
    block = read_block(z, "xl/worksheets/sheet1.xml", strings, 1, 5, 1, 3)
    assert block[0] == [RawCell("Libellé", None), RawCell("Montant", None), RawCell(2.5, None)]
    assert block[1][0] == RawCell("=not a formula", None)  # text stays text
    assert block[1][1] == RawCell(32, "=shoot_days")
    assert block[1][2] == RawCell(True, None)
    assert block[2][2] == RawCell("#N/A", None)
    assert block[3][0] == RawCell(1000.0, None)
    # Excel's shared formula: the text is on the first cell, translated for the others.
    assert block[2][1].formula == "=A3*2" and block[3][1].formula == "=A4*2"
    # Rows and cells without "r" follow the previous ones.
    assert block[4][0] == RawCell(1, None) and block[4][1] == RawCell("ab", '="a"&"b"')


def test_only_the_block_is_kept():
    z = _package()
    block = read_block(z, "xl/worksheets/sheet1.xml", shared_strings(z), 2, 3, 2, 2)
    assert block == [[RawCell(32, "=shoot_days")], [RawCell(14, "=A3*2")]]


@pytest.mark.parametrize("prolog", [
    '<!DOCTYPE lolz [<!ENTITY lol "lol">]>',
    '<!-- padding -->' * 500 + '<!doctype x SYSTEM "http://example.com/x.dtd">',
])
def test_a_part_with_a_doctype_is_refused(prolog):
    z = _package(SHEET.replace("<worksheet", prolog + "<worksheet", 1))
    with pytest.raises(HostileOrBrokenPart):
        read_block(z, "xl/worksheets/sheet1.xml", [], 1, 2, 1, 2)
