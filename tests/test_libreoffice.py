"""LibreOffice as the recalculation oracle: forced recalculation, errors, names, isolation."""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from xlprod.errors import UnreadableFile, UsageError
from xlprod.libreoffice import RecalculatedValues, recalculate, to_pdf

Recalc = Callable[[Iterable[Path]], dict[Path, RecalculatedValues]]  # the lo_recalc fixture


def _answer_workbook(path: Path, cached: str) -> Path:
    """A1 = 2, A2 = A1*21, with ``cached`` stored as A2's value as if a stale Excel saved it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["A1"] = 2
    sheet["A2"] = "=A1*21"
    workbook.save(path)
    # openpyxl never writes a cached value (it writes an empty <v/>), so patch one in.
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == "xl/worksheets/sheet1.xml":
                data, count = re.subn(
                    rb'(<c r="A2"[^>]*><f>A1\*21</f>)(?:<v\s*/>|<v>[^<]*</v>)?',
                    rb"\1<v>" + cached.encode() + rb"</v>",
                    data,
                )
                assert count == 1, "openpyxl changed how it writes A2"
            archive.writestr(info, data)
    return path


def _a2(path: Path) -> object:
    return openpyxl.load_workbook(path, data_only=True).active["A2"].value  # type: ignore[index]


@pytest.mark.libreoffice
def test_recalculation_ignores_the_cached_value(tmp_path: Path) -> None:
    stale = _answer_workbook(tmp_path / "answer.xlsx", cached="5")
    assert _a2(stale) == 5  # what LibreOffice shows unless told to recalculate

    [fresh] = recalculate([stale], tmp_path / "out")

    assert fresh == tmp_path / "out" / "answer.xlsx"
    assert _a2(fresh) == 42


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("workbooks")

    errors = openpyxl.Workbook()
    budget = errors.active
    assert budget is not None
    budget.title = "Budget"
    budget["A1"] = 2
    budget["B3"] = "=NOSUCHFUNC(1)"
    hidden = errors.create_sheet("Calculs")
    hidden.sheet_state = "hidden"
    hidden["C2"] = "=Budget!A1/0"
    errors.save(folder / "errors.xlsx")

    named = openpyxl.Workbook()
    budget = named.active
    assert budget is not None
    budget.title = "Budget"
    budget["A1"] = 2
    budget["A2"] = "=A1*21"
    budget["A3"] = "Régie"
    crew = named.create_sheet("Frais d'équipe")
    crew.sheet_state = "hidden"
    crew["B2"] = "=Budget!A2+0.5"
    for name, target in {
        "total": "Budget!$A$2",
        "label": "Budget!$A$3",
        "empty": "Budget!$Z$99",
        "crew_total": "'Frais d''équipe'!$B$2",
        "lines": "Budget!$A$1:$A$2",  # a range, not a single cell
        "rate": "0.2",  # a constant
    }.items():
        named.defined_names[name] = DefinedName(name, attr_text=target)
    budget.defined_names["local"] = DefinedName("local", attr_text="Budget!$A$1")
    named.save(folder / "names.xlsx")

    return {"errors": folder / "errors.xlsx", "names": folder / "names.xlsx"}


@pytest.mark.libreoffice
def test_error_cells_name_sheet_and_cell(workbooks: dict[str, Path], lo_recalc: Recalc) -> None:
    values = lo_recalc(workbooks.values())[workbooks["errors"]]

    assert values["error_cells"] == ["Budget!B3: #NAME?", "Calculs!C2: #DIV/0!"]


@pytest.mark.libreoffice
def test_single_cell_workbook_names_are_read(workbooks: dict[str, Path], lo_recalc: Recalc) -> None:
    values = lo_recalc(workbooks.values())[workbooks["names"]]

    assert values["names"] == {
        "crew_total": 42.5,
        "empty": None,
        "label": "Régie",
        "total": 42,
    }
    assert values["error_cells"] == []


@pytest.mark.libreoffice
def test_parallel_runs_use_separate_profiles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the profiles go
    runs = [
        ([_answer_workbook(tmp_path / f"answer{i}.xlsx", cached="5")], tmp_path / f"out{i}") for i in range(2)
    ]

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda run: recalculate(*run), runs))

    assert [_a2(path) for [path] in results] == [42, 42]
    assert list(scratch.iterdir()) == []  # both profiles removed


@pytest.mark.libreoffice
def test_unloadable_file_reports_what_libreoffice_said(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_text("not a workbook")

    with pytest.raises(UnreadableFile) as raised:
        to_pdf([broken], tmp_path / "out")

    message = str(raised.value)
    assert message.startswith(f"{broken}: LibreOffice did not produce broken.pdf\n")
    assert "source file could not be loaded" in message
    assert list((tmp_path / "out").iterdir()) == []


def test_missing_libreoffice_says_how_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XLPROD_SOFFICE", "/nonexistent")
    source = tmp_path / "answer.xlsx"
    source.write_bytes(b"")

    with pytest.raises(UsageError) as raised:
        recalculate([source], tmp_path / "out")

    assert str(raised.value) == (
        "LibreOffice is not installed: apt-get install libreoffice-calc-nogui"
        " (XLPROD_SOFFICE=/nonexistent is not an executable)"
    )


def test_output_folder_must_differ_from_the_input_folder(tmp_path: Path) -> None:
    source = tmp_path / "answer.xlsx"
    source.write_bytes(b"")

    with pytest.raises(UsageError, match="output folder must differ"):
        recalculate([source], tmp_path)


def test_two_inputs_with_one_stem_are_refused(tmp_path: Path) -> None:
    sources = [tmp_path / "a" / "budget.xlsx", tmp_path / "b" / "budget.xlsx"]
    for source in sources:
        source.parent.mkdir()
        source.write_bytes(b"")

    with pytest.raises(UsageError, match=r"would both convert to budget\.pdf"):
        to_pdf(sources, tmp_path / "out")
