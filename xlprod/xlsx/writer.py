"""Turn a layout plus values into an openpyxl workbook.

The kind modules decide what goes where; this module knows how: tables with
structured-reference formulas, defined names, validation lists, styles,
print setup, the hidden marker sheet, and marking cells that carry findings.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableColumn, TableFormula, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from xlprod import __version__
from xlprod.xlsx import sheetxml, styles
from xlprod.xlsx.formulas import absolute, sheet_ref, this_row, whole_column
from xlprod.xlsx.spec import ISO_DATE, META_SHEET, Choices, Column, Layout, TableDef, list_key
from xlprod.xlsx.spec import list_name as spec_list_name

LISTS_SHEET = "_listes"

__all__ = ["META_SHEET", "BookWriter", "Formula", "TablePlacement"]


class Formula(str):
    """A table input value that is deliberately a formula (e.g. ``=shoot_days``), with
    the value it computes (its cached result).

    Every other text is written as text, so a label from outside can never
    become a formula.
    """

    cached: Any

    def __new__(cls, text: str, cached: Any = None) -> Formula:
        self = super().__new__(cls, text)
        self.cached = cached
        return self


class MissingCachedValue(Exception):
    """A formula cell was laid out without the engine's value (a bug in a layout)."""


_MISSING: Any = object()


@dataclass
class _Block:
    """A table's data rows, written as sheet XML at save time (see :mod:`sheetxml`)."""

    sheet_key: str
    first_row: int
    left: int
    columns: tuple[Column, ...]
    rows: Sequence[Mapping[str, Any]]
    count: int
    formulas: dict[str, str]  # key -> escaped formula text, without "="
    templates: list[Any]  # style array per column
    blank: Mapping[str, Any] = field(default_factory=dict)  # cached values of padding rows
    letters: list[str] = field(default_factory=list)

    @property
    def last_row(self) -> int:
        return self.first_row + self.count - 1


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

    def __init__(self, layout: Layout, lang: str = "fr", base: Workbook | None = None) -> None:
        """A new workbook; with ``base`` (a user's workbook being updated), xlprod's own
        sheets and the names pointing into them are taken out of it and laid out anew,
        first, and the user's sheets stay as they are, after them."""
        self.layout = layout
        self.lang = lang
        if base is None:
            self.wb = Workbook()
            self.wb.remove(self.wb.active)  # type: ignore[arg-type]
        else:
            self.wb = base
            for title in xlprod_sheets(base, layout):
                base.remove(base[title])
            for name in [n for n, dn in base.defined_names.items() if _points_outside(base, dn)]:
                del base.defined_names[name]
        self.sheets: dict[str, Worksheet] = {}
        for index, sheet_def in enumerate(layout.sheets):
            ws = self.wb.create_sheet(sheet_def.title(lang), index)
            if sheet_def.tab_color:
                ws.sheet_properties.tabColor = sheet_def.tab_color
            if sheet_def.hidden:
                ws.sheet_state = "hidden"
            self.sheets[sheet_def.key] = ws
        self._validations: dict[tuple[str, str], DataValidation] = {}
        self._cached: dict[tuple[str, str], Any] = {}
        self._blocks: list[_Block] = []
        self._list_refs = self._write_lists(layout.lists)
        #: the footer's left part on every printed page (title, version of the document)
        self.footer = ""

    def number_format(self, fmt: str) -> str:
        """``fmt`` in the workbook's language: dates print ``jj/mm/aaaa`` in French."""
        return "dd/mm/yyyy" if fmt == ISO_DATE and self.lang == "fr" else fmt

    # -- naming ------------------------------------------------------------------
    def title(self, sheet_key: str) -> str:
        return self.sheets[sheet_key].title

    def define(self, name: str, sheet_key: str, ref: str, *, dynamic: bool = False) -> None:
        """A workbook-level defined name for a cell or a range (``A1`` or ``A1:B9``): one
        the layout declares, or (``dynamic``) one made for a model entry, such as a global."""
        if not dynamic and name not in self.layout.names():
            raise ValueError(f"{name} is not declared in the {self.layout.kind} layout")
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
        cached: Any = _MISSING,
    ) -> None:
        """Write one cell. A formula (text starting with ``=``, unless ``text``) needs
        ``cached``, the engine's value of it, stored as the formula's cached result."""
        cell = self.sheets[sheet_key][ref]
        cell.value = value
        if text and isinstance(value, str):
            cell.data_type = "s"
        elif cell.data_type == "f":
            if cached is _MISSING:
                raise MissingCachedValue(f"{self.title(sheet_key)}!{ref}: {value}")
            self._cached[(sheet_key, ref)] = cached
        if number_format:
            cell.number_format = self.number_format(number_format)
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

    def form(self, key: str, values: Mapping[str, Any]) -> dict[str, str]:
        """Lay out form ``key``: a label and a named value cell per field. Returns each
        field's cell (``Sheet!B4``), for the locator."""
        form = self.layout.forms[key]
        cells = {}
        sheet = form.sheet
        for k, f in enumerate(form.fields):
            row = form.top + k
            ref = f"{form.value_col}{row}"
            self.put(sheet, f"{form.label_col}{row}", f.label(self.lang), font=styles.BOLD)
            fmt = f.number_format or ("@" if f.type in ("text", "code", "timecode") else None)
            value = values.get(f.key)
            if isinstance(f.choices, Choices):
                value = f.choices.label(value, self.lang)
            if f.editable:
                self.put(sheet, ref, value, number_format=fmt, editable=True, text=True)
            else:  # fixed when the workbook was made: shown, not an input
                self.put(sheet, ref, value, number_format=fmt, fill=styles.TOTAL_FILL)
            if form.span > 1:
                from openpyxl.utils.cell import column_index_from_string

                last = get_column_letter(column_index_from_string(form.value_col) + form.span - 1)
                self.sheets[sheet].merge_cells(f"{ref}:{last}{row}")
            if f.hint and form.hint_col:
                self.put(sheet, f"{form.hint_col}{row}", f.hint(self.lang), font=styles.SUBTITLE_FONT)
            if f.choices:
                self.validate_cell(sheet, ref, list_key(f.choices))
            self.define(f.name, sheet, ref)
            cells[f.key] = f"{self.title(sheet)}!{ref}"
        return cells

    def title_block(self, sheet_key: str, title: str, subtitle: str) -> None:
        self.put(sheet_key, "A1", title, font=styles.TITLE_FONT, text=True)
        self.put(sheet_key, "A2", subtitle, font=styles.SUBTITLE_FONT, text=True)

    def note(self, sheet_key: str, cells: str, text: str) -> None:
        """A long note (a source, a rule) wrapped inside ``cells`` (a merged block), so that
        it never runs across the page and widens the printout."""
        first = cells.split(":")[0]
        self.put(sheet_key, first, text, font=styles.SUBTITLE_FONT, text=True,
                 alignment=Alignment(wrap_text=True, vertical="top"))
        if ":" in cells:
            self.sheets[sheet_key].merge_cells(cells)

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
        blank: Mapping[str, Any] | None = None,
    ) -> TablePlacement:
        """Write a header row at ``top`` and one row per mapping; input columns get the
        value of their key, formula columns their template with the mapping's value of
        their key as cached result. Padding rows (``min_rows``) take ``blank``'s values."""
        ws = self.sheets[sheet_key]
        lang = self.lang
        headers = [col.label(lang) for col in tdef.columns]
        letters = {col.key: get_column_letter(left + i) for i, col in enumerate(tdef.columns)}
        widths, heights = _fitting(tdef.columns, rows)
        for index, height in heights.items():
            ws.row_dimensions[top + 1 + index].height = height
        for i, (col, head) in enumerate(zip(tdef.columns, headers, strict=True)):
            cell = ws.cell(row=top, column=left + i, value=head)
            cell.font, cell.fill, cell.alignment = styles.HEADER_FONT, styles.HEADER_FILL, styles.CENTER
            ws.column_dimensions[letters[col.key]].width = widths[col.key]
            if len(head) * 1.1 > widths[col.key]:  # a header on two lines, never cut
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                ws.row_dimensions[top].height = 25.5
        formulas = {
            col.key: "=" + col.formula.format(
                **{c.key: this_row(tdef.name, h) for c, h in zip(tdef.columns, headers, strict=True)}
            )
            for col in tdef.columns
            if col.formula
        }
        n = max(len(rows), min_rows)
        first = top + 1
        if n > len(rows) and any(c.formula for c in tdef.columns) and blank is None:
            raise MissingCachedValue(f"{tdef.name}: padding rows need the formulas' blank values")
        # One style per column, shared by every row (cells are written as XML at save).
        templates = []
        tall = any(c.wrap for c in tdef.columns)  # rows may grow: every cell at the top
        for col in tdef.columns:
            tpl = Cell(ws, row=first, column=left)
            if col.number_format:
                tpl.number_format = self.number_format(col.number_format)
            if not col.formula:
                tpl.protection = styles.UNLOCKED
            if col.align or tall:
                tpl.alignment = Alignment(horizontal=col.align, vertical="top" if tall
                                          else "center", wrap_text=col.wrap or None)
            templates.append(tpl._style if tpl._style is not None else StyleArray())
        escaped = {k: sheetxml.escape_text(f[1:]) for k, f in formulas.items()}
        self._blocks.append(_Block(sheet_key, first, left, tdef.columns, rows, n, escaped,
                                   templates, blank or {},
                                   [get_column_letter(left + i) for i in range(len(headers))]))
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
                self._validation(sheet_key, list_key(col.choices)).add(rng)
        return TablePlacement(ws.title, first, last, letters)

    def restyle(self, sheet_key: str, ref: str, *, fill: Any = None, font: Any = None) -> None:
        """Change one cell's look (its column's shared style is left alone)."""
        cell = self._styled_cell(self.sheets[sheet_key], ref)
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font

    def written_cells(self, title: str) -> set[str]:
        """Every cell the layout wrote on sheet ``title`` (before :meth:`save`)."""
        ws = self.wb[title]
        out = {cell.coordinate for cell in ws._cells.values()}
        for block in self._blocks:
            if self.sheets[block.sheet_key] is ws:
                for row in range(block.first_row, block.last_row + 1):
                    out.update(f"{letters}{row}" for letters in block.letters)
        return out

    def _styled_cell(self, ws: Worksheet, ref: str) -> Cell:
        """The openpyxl cell at ``ref``; inside a table's rows, it starts with its column's
        style (the XML writer keeps the content and takes this cell's look)."""
        from copy import copy

        from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

        letters, row = coordinate_from_string(ref)
        col = column_index_from_string(letters)
        fresh = (row, col) not in ws._cells
        cell = ws[ref]
        if fresh:
            for block in self._blocks:
                if (self.sheets[block.sheet_key] is ws and block.first_row <= row <= block.last_row
                        and block.left <= col < block.left + len(block.columns)):
                    cell._style = copy(block.templates[col - block.left])
        return cell

    def column_ref(self, tdef: TableDef, key: str) -> str:
        return whole_column(tdef.name, tdef.column(key).label(self.lang))

    def highlight(self, sheet_key: str, cells: str, formula: str, fill: Any = None, *,
                  font: Any = None) -> None:
        """A conditional format on ``cells`` (``A5:N99``): ``fill``/``font`` where ``formula``
        (relative to the range's top-left cell, plain references and names) is true."""
        from openpyxl.formatting.rule import FormulaRule

        self.sheets[sheet_key].conditional_formatting.add(
            cells, FormulaRule(formula=[formula], fill=fill, font=font))

    # -- validation lists ----------------------------------------------------------
    def _items(self, values: Iterable[str] | Mapping[str, Iterable[str]] | Choices) -> list[str]:
        """A validation list's values as the workbook's language shows them."""
        if isinstance(values, Choices):
            return list(values.labels(self.lang))
        return list(values[self.lang] if isinstance(values, Mapping) else values)

    def _write_lists(self, lists: Mapping[str, Iterable[str] | Mapping[str, Iterable[str]]
                                          | Choices]) -> dict[str, str]:
        if not lists:
            return {}
        ws = self.wb.create_sheet(LISTS_SHEET)
        ws.sheet_state = "hidden"
        refs = {}
        for c, (name, values) in enumerate(lists.items(), start=1):
            letter = get_column_letter(c)
            ws.cell(row=1, column=c, value=name)
            items = self._items(values)
            for r, value in enumerate(items, start=2):
                ws.cell(row=r, column=c, value=value).data_type = "s"
            list_name = spec_list_name(name)
            self.wb.defined_names[list_name] = DefinedName(
                list_name, attr_text=f"{LISTS_SHEET}!${letter}$2:${letter}${len(items) + 1}"
            )
            refs[name] = list_name
        return refs

    def _validation(self, sheet_key: str, list_key: str) -> DataValidation:
        key = (sheet_key, list_key)
        if key not in self._validations:
            items = self._items(self.layout.lists[list_key])
            dv = DataValidation(
                type="list", formula1=self._list_refs[list_key], allow_blank=True,
                showErrorMessage=True, errorStyle="warning",
                errorTitle="xlprod — valeur hors liste" if self.lang == "fr"
                else "xlprod — value not in the list", error=_list_message(items, self.lang),
            )
            self.sheets[sheet_key].add_data_validation(dv)
            self._validations[key] = dv
        return self._validations[key]

    def validate_cell(self, sheet_key: str, ref: str, list_key: str) -> None:
        self._validation(sheet_key, list_key).add(ref)

    # -- charts ------------------------------------------------------------------------
    def bar_chart(self, sheet_key: str, *, values: str, categories: str, title: str,
                  anchor: str, number_format: str = '#,##0 "€"', height: float = 9,
                  width: float = 16) -> None:
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
        chart.height, chart.width = height, width
        ws.add_chart(chart, anchor)

    def combo_chart(self, sheet_key: str, *, bars: Sequence[str], line: str, categories: str,
                    title: str, anchor: str, number_format: str = '#,##0 "€"') -> None:
        """Columns for each row range of ``bars`` and a line for ``line`` (e.g. monthly cash
        in and out as columns, the balance as a line); each range's first cell names its series
        (``titles_from_data``), so ranges start at the row's label."""
        from openpyxl.chart import BarChart, LineChart, Reference
        from openpyxl.utils.cell import range_boundaries

        ws = self.sheets[sheet_key]

        def ref(cells: str) -> Reference:
            min_col, min_row, max_col, max_row = range_boundaries(cells)
            return Reference(ws, min_col=min_col, min_row=min_row, max_col=max_col,
                             max_row=max_row)

        columns = BarChart()
        columns.type = "col"
        columns.grouping = "clustered"
        for cells in bars:
            columns.add_data(ref(cells), from_rows=True, titles_from_data=True)
        columns.set_categories(ref(categories))
        columns.y_axis.numFmt = number_format
        columns.y_axis.majorGridlines = None
        columns.title = title
        balance = LineChart()
        balance.add_data(ref(line), from_rows=True, titles_from_data=True)
        for series in balance.series:
            series.smooth = False
            series.graphicalProperties.line.width = 28575  # 2.25 pt
        balance.set_categories(ref(categories))
        columns += balance
        columns.legend.position = "b"
        columns.height, columns.width = 10, 30
        ws.add_chart(columns, anchor)

    # -- findings ------------------------------------------------------------------
    def mark(self, cell_ref: str, message: str) -> None:
        """Colour a cell that carries a finding and attach the message as a comment."""
        sheet, _, ref = cell_ref.rpartition("!")
        ws = self.wb[sheet.strip("'")]
        cell = self._styled_cell(ws, ref)
        cell.fill = styles.FINDING_FILL
        previous = cell.comment.text + "\n" if cell.comment else ""
        cell.comment = styles.finding_comment(previous + message)

    def flag(self, sheet_key: str, ref: str, formula: str) -> None:
        """Conditional format: the cells of ``ref`` turn red while ``formula`` (written for
        the range's top-left cell, without ``=``) is true."""
        from openpyxl.formatting.rule import FormulaRule

        self.sheets[sheet_key].conditional_formatting.add(
            ref, FormulaRule(formula=[formula], fill=styles.FLAG_FILL, font=styles.FLAG_FONT))

    def page_break(self, sheet_key: str, after_row: int) -> None:
        """A printed page ends after ``after_row`` (one statement per page)."""
        from openpyxl.worksheet.pagebreak import Break

        self.sheets[sheet_key].row_breaks.append(Break(id=after_row))

    # -- finishing -------------------------------------------------------------------
    def print_setup(self, sheet_key: str, header_row: int | None = None, landscape: bool = True,
                    *, area: str | None = None, gridlines: bool = True) -> None:
        """A4, fit to the page's width, header row ``header_row`` repeated on every page,
        only ``area`` printed (``A1:H40``; default: what the sheet holds), and a footer with
        :attr:`footer` (title, version), the page number and the print date. ``gridlines``
        False hides the grid on screen where the layout draws its own borders."""
        ws = self.sheets[sheet_key]
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.print_options.gridLines = False
        ws.sheet_view.showGridLines = gridlines
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.oddFooter.left.text = self.footer.replace("&", "&&")
        ws.oddFooter.left.size = ws.oddFooter.right.size = 8
        ws.oddFooter.center.text = "&P / &N"
        printed = "imprimé le &D" if self.lang == "fr" else "printed &D"
        ws.oddFooter.right.text = f"{printed} — xlprod {__version__}"
        if header_row:
            ws.print_title_rows = f"{header_row}:{header_row}"
        if area:
            ws.print_area = area

    def finish(self, extra_meta: Mapping[str, str] | None = None) -> None:
        """Record the kind, version and where xlprod's own formulas are (outside tables:
        ``validate`` checks none was typed over), and leave sheet protection off (formula
        cells are locked, input cells unlocked: the user switches it on, or :meth:`protect`)."""
        missing = [n for n in self.layout.outputs if n not in self.wb.defined_names]
        if missing:  # a layout declaring a name it never defines: a bug, not a user error
            raise ValueError(f"{self.layout.kind} layout: declared but not defined: {missing}")
        ws = self.wb.create_sheet(META_SHEET)
        ws.sheet_state = "hidden"
        meta = {"kind": self.layout.kind, "version": __version__, "lang": self.lang}
        meta.update(extra_meta or {})
        for sheet in self.sheets.values():
            refs = [cell.coordinate for cell in sheet._cells.values() if cell.data_type == "f"]
            if refs:
                meta[f"formulas:{sheet.title}"] = " ".join(refs)
        for r, (k, v) in enumerate(meta.items(), start=1):
            ws.cell(row=r, column=1, value=k)
            ws.cell(row=r, column=2, value=v).data_type = "s"
        for sheet in self.sheets.values():  # the user's own sheets keep their protection
            sheet.protection.sheet = False
        self.wb.active = 0

    def protect(self) -> None:
        """Switch sheet protection on for xlprod's sheets (for workbooks sent outside):
        formulas locked, inputs open, no password; sorting, filtering, formatting allowed."""
        for sheet in self.sheets.values():
            sheet.protection.sheet = True
            for allowed in ("sort", "autoFilter", "formatCells", "formatColumns", "formatRows"):
                setattr(sheet.protection, allowed, False)  # False: not forbidden

    def save(self, path: Path) -> None:
        """Save: openpyxl writes the structure into memory, then xlprod's cells (table
        rows, formulas with cached values) are merged into its sheets on the way to
        ``path``."""
        self.wb.calculation.fullCalcOnLoad = True  # cached values shown, then recalculated
        ours: dict[int, list[Iterator[sheetxml.XRow]]] = {}
        extents: dict[int, tuple[int, int]] = {}
        for index, ws in enumerate(self.wb.worksheets):
            key = next((k for k, v in self.sheets.items() if v is ws), None)
            streams = [self._formula_cells(ws, key)] if key else []
            for block in self._blocks:
                if block.sheet_key == key:
                    ids = [self.wb._cell_styles.add(t) for t in block.templates]  # before save
                    streams.append(self._block_rows(block, ids))
                    last_col = block.left + len(block.columns) - 1
                    extents[index] = (max(extents.get(index, (0, 0))[0], block.last_row),
                                      max(extents.get(index, (0, 0))[1], last_col))
            if streams:
                ours[index] = streams
        buffer = io.BytesIO()
        self.wb.save(buffer)
        buffer.seek(0)
        import zipfile

        from xlprod.xlsx.package import sheet_parts

        with zipfile.ZipFile(buffer) as z:
            parts = list(sheet_parts(z).values())
        buffer.seek(0)
        sheets: dict[str, tuple[Iterable[sheetxml.XRow], str | None]] = {}
        for index, streams in ours.items():
            dimension = None
            if index in extents:
                ws = self.wb.worksheets[index]
                last_row = max(extents[index][0], ws.max_row)
                last_col = max(extents[index][1], ws.max_column)
                dimension = f"A1:{get_column_letter(last_col)}{last_row}"
            sheets[parts[index]] = (_by_row(streams), dimension)
        with open(path, "wb") as target:
            sheetxml.splice(buffer, target, sheets)

    def _formula_cells(self, ws: Worksheet, key: str) -> Iterator[sheetxml.XRow]:
        """The sheet's formula cells, taken out of openpyxl (a cell with a comment stays
        there too, for its comment; the merge keeps its look)."""
        found: dict[int, list[sheetxml.CellXml]] = {}
        for (row, col), cell in sorted(ws._cells.items()):
            if cell.data_type != "f":
                continue
            ref = cell.coordinate
            cached = self._cached.get((key, ref), _MISSING)
            if cached is _MISSING:
                raise MissingCachedValue(f"{ws.title}!{ref}: {cell.value}")
            style = self.wb._cell_styles.add(cell._style if cell._style is not None
                                             else StyleArray())
            found.setdefault(row, []).append(
                (col, get_column_letter(col), style, cached,
                 sheetxml.escape_text(str(cell.value)[1:])))
            if cell.comment is None:
                del ws._cells[(row, col)]
            else:
                cell.value = None
        return iter(sorted(found.items()))

    def _block_rows(self, block: _Block, ids: list[int]) -> Iterator[sheetxml.XRow]:
        cols = list(enumerate(block.columns))
        n_rows = len(block.rows)
        for r in range(block.count):
            values = block.rows[r] if r < n_rows else block.blank
            padding = r >= n_rows
            number = block.first_row + r
            cells: list[sheetxml.CellXml] = []
            for i, col in cols:
                letters = block.letters[i]
                if col.formula:
                    if col.key not in values:
                        raise MissingCachedValue(f"{block.columns[0].key}…{col.key}, row {number}")
                    cells.append((block.left + i, letters, ids[i], values[col.key],
                                  block.formulas[col.key]))
                    continue
                value = None if padding else values.get(col.key)
                if isinstance(col.choices, Choices):
                    value = col.choices.label(value, self.lang)
                if isinstance(value, Formula):
                    cells.append((block.left + i, letters, ids[i], value.cached,
                                  sheetxml.escape_text(value[1:])))
                else:
                    cells.append((block.left + i, letters, ids[i], value, None))
            yield number, cells



def _fitting(columns: Sequence[Column], rows: Sequence[Mapping[str, Any]]
             ) -> tuple[dict[str, float], dict[int, float]]:
    """In one pass over the rows: each column's declared width, widened (up to 70) to its
    longest text, so that a printed label is never cut by the next column; and the height
    of each row whose wrapped text takes several lines (by index), since spreadsheet
    programs do not grow a row written with a default height and its lines would print
    over the next row's. A formula's text is not what its cell shows: not measured."""
    longest = {col.key: 0 for col in columns}
    keys = [col.key for col in columns if not col.wrap]  # a formula's: its cached value
    wrapped = [(c.key, c.width) for c in columns if c.wrap]
    heights: dict[int, float] = {}
    for i, row in enumerate(rows):
        for key in keys:
            value = row.get(key)
            if isinstance(value, str) and len(value) > longest[key] and not (
                    isinstance(value, Formula) or value.startswith("=")):
                longest[key] = len(value)
        lines = 1
        for key, width in wrapped:
            text = row.get(key)
            if isinstance(text, str) and len(text) > width and not text.startswith("="):
                # about 1.05 characters of a proportional font per unit of column width
                lines = max(lines, -(-len(text) // max(1, int(width * 1.05))))
        if lines > 1:  # a line more: long words and addresses break early
            heights[i] = 12.75 * min(lines + 1, 40)
    widths = {col.key: col.width if col.wrap else max(col.width, min(70.0, round(
        longest[col.key] * 1.1 + 2))) for col in columns}
    return widths, heights


class RowsOf(Sequence[Mapping[str, Any]]):
    """A table's rows made on demand by ``make(i)``, for :meth:`BookWriter.table`: the
    writer reads each row when it lays out widths and when it saves, so a table of
    200 000 lines never holds 200 000 mappings at once (docs/performance.md)."""

    def __init__(self, count: int, make: Callable[[int], Mapping[str, Any]]) -> None:
        self._count = count
        self._make = make

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> Mapping[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Mapping[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._make(i) for i in range(*index.indices(self._count))]
        if not -self._count <= index < self._count:
            raise IndexError(index)
        return self._make(index % self._count)


def _list_message(items: list[str], lang: str) -> str:
    """The warning of a validation list: a sentence naming its values (Excel keeps 255
    characters)."""
    head = ("Choisissez une valeur de la liste : " if lang == "fr"
            else "Choose a value from the list: ")
    text = head + ", ".join(items) + "."
    return text if len(text) <= 255 else text[:252].rsplit(",", 1)[0] + ", …"


def xlprod_sheets(wb: Workbook, layout: Layout) -> list[str]:
    """Titles of the sheets of ``wb`` that xlprod lays out (in either language)."""
    ours = {META_SHEET, LISTS_SHEET}
    for sheet_def in layout.sheets:
        ours |= {sheet_def.title.fr, sheet_def.title.en}
    return [title for title in wb.sheetnames if title in ours]


def _points_outside(wb: Workbook, dn: Any) -> bool:
    """A defined name whose sheet is gone (xlprod's names, about to be defined again)."""
    try:
        return any(sheet.strip("'").replace("''", "'") not in wb.sheetnames
                   for sheet, _ in dn.destinations)
    except Exception:  # a formula name (no destinations): the user's, kept
        return False


def _by_row(streams: list[Iterator[sheetxml.XRow]]) -> Iterator[sheetxml.XRow]:
    """Several row streams (each in row order) as one, rows met twice joined."""
    import heapq

    current: sheetxml.XRow | None = None
    for number, cells in heapq.merge(*streams, key=lambda r: r[0]):
        if current is not None and current[0] == number:
            current = (number, sorted(current[1] + cells, key=lambda c: c[0]))
            continue
        if current is not None:
            yield current
        current = (number, cells)
    if current is not None:
        yield current
