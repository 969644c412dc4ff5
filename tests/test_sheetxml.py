"""The XML cell writer and its merge with the rows openpyxl writes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from xlprod.xlsx import styles
from xlprod.xlsx.sheetxml import cell_xml, escape_text, serial
from xlprod.xlsx.spec import EUR, Column, Label, Layout, SheetDef, TableDef
from xlprod.xlsx.writer import BookWriter, Formula, MissingCachedValue


def test_text_is_escaped_and_control_characters_use_the_ooxml_escape():
    assert escape_text('a<b & "c">') == 'a&lt;b &amp; "c"&gt;'
    assert escape_text("bip\x07") == "bip_x0007_"
    assert escape_text("_x0041_") == "_x005F_x0041_"  # read back as the text typed


def test_cells_carry_their_type_and_cached_value():
    assert cell_xml("A1", 0, "=1+1") == '<c r="A1" t="inlineStr"><is><t>=1+1</t></is></c>'
    assert cell_xml("B2", 3, Decimal("12.50"), "SUM(A1)") == '<c r="B2" s="3"><f>SUM(A1)</f><v>12.50</v></c>'
    assert cell_xml("C3", 0, "", 'IF(1,"","x")') == '<c r="C3" t="str"><f>IF(1,"","x")</f><v></v></c>'
    assert cell_xml("D4", 0, True, "1=1") == '<c r="D4" t="b"><f>1=1</f><v>1</v></c>'
    assert cell_xml("E5", 0, " pad ") == ('<c r="E5" t="inlineStr"><is><t xml:space="preserve">'
                                          " pad </t></is></c>")
    assert serial(date(2026, 1, 1)) == 46023


TABLE = TableDef("Things", (
    Column("label", Label("Libellé", "Label"), 20),
    Column("amount", Label("Montant", "Amount"), 12, EUR),
    Column("double", Label("Double", "Double"), 12, EUR, formula="{amount}*2"),
))
LAYOUT = Layout("test", (SheetDef("s", Label("Feuille", "Sheet")),), {"t": TABLE})


def _book() -> BookWriter:
    book = BookWriter(LAYOUT)
    book.put("s", "A1", "Titre", font=styles.TITLE_FONT)
    book.put("s", "E1", "=SUM(Things[Double])", cached=Decimal("30"))
    book.table("s", TABLE, [{"label": "=danger", "amount": 5, "double": 10},
                            {"label": "b", "amount": Formula("=2*5", 10), "double": 20}],
               top=3, min_rows=3, blank={"double": 0})
    return book


def test_rows_formulas_findings_and_styles_survive_the_merge(tmp_path):
    book = _book()
    book.mark("Feuille!B4", "à vérifier")  # a finding on one of the streamed cells
    book.restyle("s", "A5", fill=styles.UNCERTAIN_FILL)
    path = tmp_path / "t.xlsx"
    book.save(path)
    formulas = load_workbook(path)["Feuille"]
    values = load_workbook(path, data_only=True)["Feuille"]
    assert formulas["A4"].value == "=danger" and formulas["A4"].data_type == "s"
    assert formulas["C4"].value == "=Things[[#This Row],[Montant]]*2"
    assert formulas["B5"].value == "=2*5" and values["B5"].value == 10
    assert [values[f"C{r}"].value for r in (4, 5, 6)] == [10, 20, 0]
    assert values["E1"].value == 30 and values["A1"].value == "Titre"
    assert formulas["B4"].comment.text == "à vérifier"
    assert formulas["B4"].fill.fgColor.rgb.endswith("F8CBAD") and values["B4"].value == 5
    assert formulas["B4"].number_format == EUR  # the column's style, plus the finding's fill
    assert formulas["A5"].fill.fgColor.rgb.endswith("FFE699")
    assert formulas["B6"].protection.locked is False  # an input cell of a padding row
    assert formulas.calculate_dimension() == "A1:E6"
    assert load_workbook(path).calculation.fullCalcOnLoad


def test_a_formula_without_its_cached_value_is_a_layout_bug():
    book = BookWriter(LAYOUT)
    try:
        book.put("s", "A1", "=1+1")
    except MissingCachedValue as exc:
        assert "Feuille!A1" in str(exc)
    else:
        raise AssertionError("no error")
