"""Turn a layout plus values into an openpyxl workbook.

The kind modules decide what goes where; this module knows how: tables with
structured-reference formulas, defined names, validation lists, styles,
print setup, the hidden marker sheet, and marking cells that carry findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlprod import __version__
from xlprod.xlsx import styles
from xlprod.xlsx.formulas import absolute, sheet_ref, this_row, whole_column
from xlprod.xlsx.spec import META_SHEET, Layout, TableDef

LISTS_SHEET = "_listes"

__all__ = ["META_SHEET", "BookWriter", "Formula", "TablePlacement"]


class Formula(str):
    """A table input value that is deliberately a formula (e.g. ``=shoot_days``).

    Every other text is written as text, so a label from outside can never
    become a formula.
    """


@dataclass(frozen=True)
class TablePlacement:
    """Where a table landed: used to point findings at cells."""

    sheet: str
    first_row: int  # first data row
    last_row: int
    letters: dict[str, str]  # column key -> letter

    def cell(self, index: int, key: str) -> str:
        return f"{self.sheet}!{self.letters[key]}{self.first_row + index}"




class BookWriter:
    """A workbook under construction for one layout and one language."""

    def __init__(self, layout: Layout, lang: str = "fr") -> None:
        self.layout = layout
        self.lang = lang
        self.wb = Workbook()
        self.wb.remove(self.wb.active)  # type: ignore[arg-type]
        self.sheets: dict[str, Worksheet] = {}
        for sheet_def in layout.sheets:
            ws = self.wb.create_sheet(sheet_def.title(lang))
            if sheet_def.tab_color:
                ws.sheet_properties.tabColor = sheet_def.tab_color
            if sheet_def.hidden:
                ws.sheet_state = "hidden"
            self.sheets[sheet_def.key] = ws
        self._validations: dict[tuple[str, str], DataValidation] = {}
        self._list_refs = self._write_lists(layout.lists)

    # -- naming ------------------------------------------------------------------
    def title(self, sheet_key: str) -> str:
        return self.sheets[sheet_key].title

    def define(self, name: str, sheet_key: str, ref: str) -> None:
        """A workbook-level defined name for a cell or a range (``A1`` or ``A1:B9``)."""
        absolute_ref = ":".join(absolute(part) for part in ref.split(":"))
        target = sheet_ref(self.title(sheet_key), absolute_ref)
        self.wb.defined_names[name] = DefinedName(name, attr_text=target)

    # -- cells -------------------------------------------------------------------
    def put(
        self,
        sheet_key: str,
        ref: str,
        value: Any,
        *,
        number_format: str | None = None,
        font: Any = None,
        fill: Any = None,
        editable: bool = False,
        border: Any = None,
        alignment: Any = None,
        text: bool = False,
    ) -> None:
        cell = self.sheets[sheet_key][ref]
        cell.value = value
        if text and isinstance(value, str):
            cell.data_type = "s"
        if number_format:
            cell.number_format = number_format
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if border is not None:
            cell.border = border
        if alignment is not None:
            cell.alignment = alignment
        if editable:
            cell.protection = styles.UNLOCKED
            if fill is None:
                cell.fill = styles.INPUT_FILL

    def title_block(self, sheet_key: str, title: str, subtitle: str) -> None:
        self.put(sheet_key, "A1", title, font=styles.TITLE_FONT, text=True)
        self.put(sheet_key, "A2", subtitle, font=styles.SUBTITLE_FONT, text=True)

    def widths(self, sheet_key: str, widths: Mapping[str, float]) -> None:
        ws = self.sheets[sheet_key]
        for letter, width in widths.items():
            ws.column_dimensions[letter].width = width

    # -- tables ------------------------------------------------------------------
    def table(
        self,
        sheet_key: str,
        tdef: TableDef,
        rows: Sequence[Mapping[str, Any]],
        *,
        top: int,
        left: int = 1,
        min_rows: int = 1,
    ) -> TablePlacement:
        """Write a header row at ``top`` and one row per mapping; input columns get
        the value of their key, formula columns their template."""
        ws = self.sheets[sheet_key]
        lang = self.lang
        headers = [col.label(lang) for col in tdef.columns]
        letters = {col.key: get_column_letter(left + i) for i, col in enumerate(tdef.columns)}
        for i, (col, head) in enumerate(zip(tdef.columns, headers, strict=True)):
            cell = ws.cell(row=top, column=left + i, value=head)
            cell.font, cell.fill, cell.alignment = styles.HEADER_FONT, styles.HEADER_FILL, styles.CENTER
            ws.column_dimensions[letters[col.key]].width = col.width
        formulas = {
            col.key: "=" + col.formula.format(
                **{c.key: this_row(tdef.name, h) for c, h in zip(tdef.columns, headers, strict=True)}
            )
            for col in tdef.columns
            if col.formula
        }
        n = max(len(rows), min_rows)
        first = top + 1
        # One styled template per column, copied to every row: far cheaper than setting
        # protection and number format cell by cell on thousands of rows.
        templates = []
        for i, col in enumerate(tdef.columns):
            tpl = ws.cell(row=first, column=left + i)
            if col.number_format:
                tpl.number_format = col.number_format
            if not col.formula:
                tpl.protection = styles.UNLOCKED
            if col.align:
                tpl.alignment = Alignment(horizontal=col.align, vertical="center")
            templates.append(tpl._style)
        # Cells are made directly, as Worksheet.append does (thousands of lines); each gets
        # its column's template style (Cell copies the style array it is given).
        store = ws._cells
        for r in range(n):
            values = rows[r] if r < len(rows) else {}
            row_no = first + r
            for i, col in enumerate(tdef.columns):
                value = formulas[col.key] if col.formula else values.get(col.key)
                cell = Cell(ws, row=row_no, column=left + i, value=value,
                            style_array=templates[i])
                if not col.formula and isinstance(value, str) and not isinstance(value, Formula):
                    cell.data_type = "s"  # text stays text, even "=…"
                store[(row_no, left + i)] = cell
        last = first + n - 1
        ref = f"{get_column_letter(left)}{top}:{get_column_letter(left + len(headers) - 1)}{last}"
        table = Table(displayName=tdef.name, ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        table.tableColumns = [
            TableColumn(
                id=i + 1,
                name=head,
                calculatedColumnFormula=(
                    TableFormula(attr_text=formulas[col.key][1:]) if col.formula else None
                ),
            )
            for i, (col, head) in enumerate(zip(tdef.columns, headers, strict=True))
        ]
        table._initialise_columns = lambda: None  # type: ignore[method-assign]
        ws.add_table(table)
        for col in tdef.columns:
            if col.choices:
                rng = f"{letters[col.key]}{first}:{letters[col.key]}{max(last, first) + 500}"
                self._validation(sheet_key, col.choices).add(rng)
        return TablePlacement(ws.title, first, last, letters)

    def restyle(self, sheet_key: str, ref: str, *, fill: Any = None) -> None:
        """Change one cell's look (its column's shared style is left alone)."""
        cell = self.sheets[sheet_key][ref]
        if fill is not None:
            cell.fill = fill

    def column_ref(self, tdef: TableDef, key: str) -> str:
        return whole_column(tdef.name, tdef.column(key).label(self.lang))

    def row_ref(self, tdef: TableDef, key: str) -> str:
        return this_row(tdef.name, tdef.column(key).label(self.lang))

    # -- validation lists ----------------------------------------------------------
    def _write_lists(self, lists: Mapping[str, Iterable[str] | Mapping[str, Iterable[str]]],
                     ) -> dict[str, str]:
        if not lists:
            return {}
        ws = self.wb.create_sheet(LISTS_SHEET)
        ws.sheet_state = "hidden"
        refs = {}
        for c, (name, values) in enumerate(lists.items(), start=1):
            letter = get_column_letter(c)
            ws.cell(row=1, column=c, value=name)
            items = list(values[self.lang] if isinstance(values, Mapping) else values)
            for r, value in enumerate(items, start=2):
                ws.cell(row=r, column=c, value=value).data_type = "s"
            list_name = f"LISTE_{name.upper()}"
            self.wb.defined_names[list_name] = DefinedName(
                list_name, attr_text=f"{LISTS_SHEET}!${letter}$2:${letter}${len(items) + 1}"
            )
            refs[name] = list_name
        return refs

    def _validation(self, sheet_key: str, list_key: str) -> DataValidation:
        key = (sheet_key, list_key)
        if key not in self._validations:
            dv = DataValidation(
                type="list", formula1=self._list_refs[list_key], allow_blank=True,
                showErrorMessage=True, errorStyle="warning",
                errorTitle="xlprod", error=f"Valeur hors liste ({list_key})",
            )
            self.sheets[sheet_key].add_data_validation(dv)
            self._validations[key] = dv
        return self._validations[key]

    def validate_cell(self, sheet_key: str, ref: str, list_key: str) -> None:
        self._validation(sheet_key, list_key).add(ref)

    # -- charts ------------------------------------------------------------------------
    def bar_chart(self, sheet_key: str, *, values: str, categories: str, title: str,
                  anchor: str, number_format: str = '#,##0 "€"') -> None:
        """A horizontal bar chart of ``values`` (e.g. ``D5:D13``) labelled by ``categories``,
        first category on top."""
        from openpyxl.chart import BarChart, Reference
        from openpyxl.utils.cell import range_boundaries

        ws = self.sheets[sheet_key]

        def ref(cells: str) -> Reference:
            min_col, min_row, max_col, max_row = range_boundaries(cells)
            return Reference(ws, min_col=min_col, min_row=min_row, max_col=max_col,
                             max_row=max_row)

        chart = BarChart()
        chart.type = "bar"
        chart.title = title
        chart.legend = None
        chart.style = 10
        chart.add_data(ref(values), titles_from_data=False)
        chart.set_categories(ref(categories))
        chart.y_axis.numFmt = number_format
        chart.x_axis.scaling.orientation = "maxMin"
        chart.height, chart.width = 9, 16
        ws.add_chart(chart, anchor)

    # -- findings ------------------------------------------------------------------
    def mark(self, cell_ref: str, message: str) -> None:
        """Colour a cell that carries a finding and attach the message as a comment."""
        sheet, _, ref = cell_ref.rpartition("!")
        ws = self.wb[sheet.strip("'")]
        cell = ws[ref]
        cell.fill = styles.FINDING_FILL
        previous = cell.comment.text + "\n" if cell.comment else ""
        cell.comment = styles.finding_comment(previous + message)

    # -- finishing -------------------------------------------------------------------
    def print_setup(self, sheet_key: str, header_row: int | None = None, landscape: bool = True) -> None:
        ws = self.sheets[sheet_key]
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.center.text = "&P / &N"
        ws.oddFooter.right.text = f"xlprod {__version__}"
        if header_row:
            ws.print_title_rows = f"{header_row}:{header_row}"

    def finish(self, extra_meta: Mapping[str, str] | None = None) -> None:
        """Record the kind and version, and set sheet protection (off by default:
        formula cells are locked, input cells unlocked, the user switches it on)."""
        ws = self.wb.create_sheet(META_SHEET)
        ws.sheet_state = "hidden"
        meta = {"kind": self.layout.kind, "version": __version__, "lang": self.lang}
        meta.update(extra_meta or {})
        for r, (k, v) in enumerate(meta.items(), start=1):
            ws.cell(row=r, column=1, value=k)
            ws.cell(row=r, column=2, value=v).data_type = "s"
        for sheet in self.wb.worksheets:
            sheet.protection.sheet = False
        self.wb.active = 0

    def save(self, path: Path) -> None:
        self.wb.save(path)
