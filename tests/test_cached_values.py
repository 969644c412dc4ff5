"""Every formula cell carries the engine's value as its cached result.

A viewer that does not recalculate (mail previews, phones, ``openpyxl`` with
``data_only=True``, ``pandas.read_excel``) shows the same figures as ``export``; a
full LibreOffice recalculation gives the same value in every formula cell.
One soffice run recalculates every workbook of this module.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xlprod import api, kinds
from xlprod.libreoffice import cached_mismatches, formula_cells, recalculate

#: contract names → where ``export``'s results hold the same figure
CONTRACT_NAMES = {
    "budget": {"BUDGET_SUBTOTAL": ("subtotal",), "BUDGET_OVERHEAD": ("overhead",),
               "BUDGET_CONTINGENCY": ("contingency",), "BUDGET_TOTAL": ("total",),
               "BUDGET_CHARGES": ("charges",), "BUDGET_FRANCE_TOTAL": ("france_total",),
               "BUDGET_FOREIGN_TOTAL": ("foreign_total",),
               "BUDGET_TAX_CREDIT": ("tax_credit", "amount")},
    "cashflow": {"CASH_END_BALANCE": ("end_balance",), "CASH_MIN_BALANCE": ("min_balance",),
                 "CASH_FINANCING_NEED": ("financing_need",),
                 "CASH_FINANCING_TOTAL": ("financing", "total"), "CASH_GAP": ("financing", "gap"),
                 "CASH_PUBLIC_AID": ("financing", "public_aid")},
    "variance": {"VAR_TOTAL_BUDGET": ("total_budget",), "VAR_TOTAL_ACTUAL": ("total_actual",),
                 "VAR_TOTAL_EFC": ("total_efc",), "VAR_TOTAL_VARIANCE": ("total_variance",),
                 "VAR_UNMAPPED_TOTAL": ("unmapped_total",),
                 "VAR_TOTAL_COMMITTED": ("total_committed",),
                 "VAR_TOTAL_ESTIMATE": ("total_estimate_to_complete",)},
    "cuesheet": {"CUE_TOTAL_FRAMES": ("total_frames",),
                 "ARCH_TOTAL_FEES": ("archives", "total_fees")},
    "royalties": {"ROY_RNPP_TOTAL": ("rnpp_total",), "ROY_RNPP_SHARED": ("rnpp_total",),
                  "ROY_UNALLOCATED": ("unallocated",)},
}


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dossier")
    api.demo(folder)
    return folder


def _named_values(path: Path) -> dict[str, object]:
    wb = load_workbook(path, data_only=True)
    out = {}
    for name, dn in wb.defined_names.items():
        dests = list(dn.destinations)
        if len(dests) == 1 and ":" not in dests[0][1]:
            sheet, ref = dests[0]
            out[name] = wb[sheet][ref.replace("$", "")].value
    return out


@pytest.mark.parametrize("kind", sorted(CONTRACT_NAMES))
def test_a_viewer_that_does_not_recalculate_shows_the_export_figures(dossier, kind):
    path = dossier / f"{kind}.xlsx"
    results = api.export(path)["results"]
    shown = _named_values(path)
    for name, keys in CONTRACT_NAMES[kind].items():
        expected = results
        for key in keys:
            expected = expected[key]
        assert Decimal(str(shown[name])) == Decimal(str(expected)), name


def test_every_formula_cell_has_a_cached_value(dossier):
    for kind in kinds.available():
        cells = formula_cells(dossier / f"{kind}.xlsx")
        assert len(cells) > 50, kind
        missing = [ref for ref, value in cells.items() if value is None]
        assert missing == [], kind


@pytest.fixture(scope="module")
def workbooks(dossier: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The demo dossier, an English demo, and every blank template."""
    folder = tmp_path_factory.mktemp("cached")
    paths = [dossier / f"{kind}.xlsx" for kind in kinds.available()]
    for kind in kinds.available():
        paths.append(api.new(kind, folder / f"en-{kind}.xlsx", source=dossier / f"{kind}.json",
                             lang="en").path)
        paths.append(api.new(kind, folder / f"blank-{kind}.xlsx").path)
        for variant in kinds.get(kind).variants:
            name = f"blank-{kind}-{variant.replace('.', '_')}.xlsx"
            paths.append(api.new(kind, folder / name, variant=variant).path)
    return paths


@pytest.mark.libreoffice
def test_libreoffice_recalculation_equals_every_cached_value(workbooks, tmp_path):
    recalculated = recalculate(workbooks, tmp_path)
    for original, after in zip(workbooks, recalculated, strict=True):
        assert cached_mismatches(original, after) == [], original.name


def test_a_wrong_cached_value_is_caught(dossier, tmp_path):
    """The comparison can fail: a planted wrong figure is reported at its cell."""
    import shutil
    import zipfile

    original = dossier / "budget.xlsx"
    tampered = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(original) as zin, zipfile.ZipFile(tampered, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":  # the Récapitulatif
                text = data.decode()
                start = text.index("<f>SUM(D11:D19)</f><v>") + len("<f>SUM(D11:D19)</f><v>")
                end = text.index("</v>", start)
                data = (text[:start] + "1" + text[end:]).encode()
            zout.writestr(info, data)
    copy = tmp_path / "copy.xlsx"
    shutil.copyfile(original, copy)
    assert cached_mismatches(copy, original) == []
    mismatches = cached_mismatches(tampered, original)
    assert len(mismatches) == 1 and mismatches[0].startswith("Récapitulatif!D20: cached 1,")
