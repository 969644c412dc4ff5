"""The demo dossier as LibreOffice prints it: the Devis détaillé shows every account
sub-total and chapter total of ``export``, and no printed cell is cut by its neighbour.

One soffice run prints every workbook; the checks read the PDF's text
(``pdftotext -layout``) and the workbooks' cells against their columns' widths.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from xlprod import api, kinds
from xlprod.libreoffice import to_pdf

pytestmark = pytest.mark.libreoffice

#: A column of width w (Excel units: digits of the default font) holds about w characters;
#: labels are in a proportional font, so allow 10 % for capitals and bold.
CHAR_WIDTH = 1.1


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Kind → the text of each printed page."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    folder = tmp_path_factory.mktemp("printouts")
    api.demo(folder / "dossier")
    paths = [folder / "dossier" / f"{kind}.xlsx" for kind in kinds.available()]
    pdfs = to_pdf(paths, folder / "pdf")
    out = {}
    for kind, pdf in zip(kinds.available(), pdfs, strict=True):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        out[kind] = text.split("\f")
    out["_folder"] = [str(folder / "dossier")]
    return out


def _shown(value: Decimal) -> list[str]:
    """How a euro amount may print, by the locale LibreOffice runs in."""
    en = f"{value:,.2f}"
    fr = en.replace(",", "\u202f").replace(".", ",")
    return [en, fr, fr.replace("\u202f", "\u00a0"), fr.replace("\u202f", " ")]


def test_the_devis_detaille_shows_every_account_and_chapter_total(printed):
    exported = api.export(Path(printed["_folder"][0]) / "budget.xlsx")
    pages = [p for p in printed["budget"] if "Total chapitre" in p]
    assert pages, "no Devis détaillé page"
    text = "\n".join(pages)
    accounts: dict[tuple[int, str], Decimal] = {}
    for line, figures in zip(exported["lines"], exported["results"]["lines"], strict=True):
        key = (line["chapter"], line["account"])
        accounts[key] = accounts.get(key, Decimal(0)) + Decimal(str(figures["amount"]))
    expected = {f"compte {c}/{a}": v for (c, a), v in accounts.items()}
    expected |= {f"chapitre {c['chapter']}": Decimal(str(c["total"]))
                 for c in exported["results"]["chapters"]}
    expected["total"] = Decimal(str(exported["results"]["total"]))
    missing = [what for what, value in expected.items()
               if value and not any(s in text for s in _shown(value))]
    assert missing == []
    for n in range(1, 10):
        assert f"Total chapitre {n}" in text


def test_no_printed_number_is_too_wide_for_its_column(printed):
    for kind in kinds.available():
        assert not any("###" in page for page in printed[kind]), kind


def test_printed_labels_are_whole(printed):
    """Labels the demo prints next to other cells appear whole in the PDF's text."""
    from xlprod import identifiers
    from xlprod.workbooks import cuesheet as wbdef

    cues = "\n".join(printed["cuesheet"])
    used = api.export(Path(printed["_folder"][0]) / "cuesheet.xlsx")["cues"]
    for cue in used:
        assert identifiers.usage_codes()[cue["usage"]][0] in cues, cue["usage"]
        assert wbdef.ORIGIN_LABELS[cue["origin"]].fr in cues, cue["origin"]
    budget = "\n".join(printed["budget"])
    for line in api.export(Path(printed["_folder"][0]) / "budget.xlsx")["lines"]:
        assert line["label"] in budget, line["label"]


def test_no_printed_text_runs_into_its_neighbour(printed):
    """Within each sheet's print area, a text cell followed by a filled cell (or by the
    area's edge) fits its column (merged cells: the merged width), unless it wraps."""
    folder = Path(printed["_folder"][0])
    cut = []
    for kind in kinds.available():
        wb = load_workbook(folder / f"{kind}.xlsx", data_only=True)
        for ws in wb.worksheets:
            if ws.sheet_state != "visible":
                continue
            area = ws.print_area
            if area:
                area = area[0] if isinstance(area, list) else area
                min_col, min_row, max_col, max_row = range_boundaries(area.split("!")[-1])
            else:
                min_col, min_row, max_col, max_row = 1, 1, ws.max_column, ws.max_row
            merged = {}
            for rng in ws.merged_cells.ranges:
                merged[(rng.min_row, rng.min_col)] = rng.max_col
                for col in range(rng.min_col + 1, rng.max_col + 1):
                    merged[(rng.min_row, col)] = -1  # covered
            for row in ws.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col,
                                    max_col=max_col):
                for cell in row:
                    if not isinstance(cell.value, str) or merged.get((cell.row, cell.column)) == -1:
                        continue
                    if cell.alignment is not None and cell.alignment.wrap_text:
                        continue
                    last = merged.get((cell.row, cell.column), cell.column)
                    right = ws.cell(row=cell.row, column=last + 1)
                    if last + 1 <= max_col and right.value in (None, ""):
                        continue  # the text may flow over an empty neighbour
                    width = sum(_width(ws, c) for c in range(cell.column, last + 1))
                    if len(cell.value) * CHAR_WIDTH > width + 1:
                        cut.append(f"{kind} {ws.title}!{cell.coordinate}: {cell.value!r} "
                                   f"({len(cell.value)} characters, width {width:g})")
    assert cut == [], "\n".join(cut)


def _width(ws, column: int) -> float:
    from openpyxl.utils import get_column_letter

    dim = ws.column_dimensions.get(get_column_letter(column))
    return dim.width if dim is not None and dim.width else 8.43
