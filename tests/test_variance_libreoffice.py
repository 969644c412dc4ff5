"""Three-way agreement for cost reports: engine (``export``) = cached values = LibreOffice.

One soffice run recalculates every workbook of this module: the demo report in French
and English, a blank one, one re-imported with ``run import-actuals``, and one whose
inputs were edited in the file (mapping, commitment, estimate, threshold), so the
Suivi's formulas are shown to follow the user's edits as the engine does, and one with
an entry typed in by hand on an account Comptes du FEC lacks, before and after
``run upgrade``.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import close
from openpyxl import load_workbook
from test_variance_workbook import newer_fec

from xlprod import api
from xlprod.kinds.variance.demo import demo_fec, demo_with_actuals
from xlprod.kinds.variance.sources import import_actuals
from xlprod.libreoffice import cached_mismatches, read_values, recalculate
from xlprod.update import update

pytestmark = pytest.mark.libreoffice

CONTRACT = {"VAR_TOTAL_BUDGET": "total_budget", "VAR_TOTAL_ACTUAL": "total_actual",
            "VAR_TOTAL_EFC": "total_efc", "VAR_TOTAL_VARIANCE": "total_variance",
            "VAR_UNMAPPED_TOTAL": "unmapped_total"}


def _edited(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    wb = load_workbook(target)
    mapping = wb["Correspondance"]
    assert mapping["A10"].value == "641230"
    mapping["B10"] = "25"  # crew wages, image → sound
    mapping["B11"] = None  # 641240 → hors devis
    wb["Engagements"]["C6"] = 2500
    wb["Reste à faire"]["C5"] = 20000
    suivi = wb["Suivi"]
    suivi["D7"] = 0.02
    wb.save(target)
    return target


#: The entry typed in by hand: an account no FEC line of the demo uses (PCG 6068, supplies).
TYPED_ENTRY = ("606800", 123.45)


def _typed_entry(source: Path, target: Path) -> Path:
    """``source`` with one more Écritures row, typed at the end of the table."""
    shutil.copyfile(source, target)
    wb = load_workbook(target)
    ws = wb["Écritures"]
    table = ws.tables["VarEntries"]
    first, last = table.ref.split(":")
    row = int(last[1:]) + 1
    for col in range(1, 10):
        ws.cell(row, col)._style = ws.cell(row - 1, col)._style
    ws.cell(row, 1, ws.cell(row - 1, 1).value)
    ws.cell(row, 2, "HA")
    ws.cell(row, 5, "Fournitures de bureau")
    ws.cell(row, 7, TYPED_ENTRY[0])
    ws.cell(row, 8, TYPED_ENTRY[1])
    ws.cell(row, 9, ws.cell(row - 1, 9).value)  # the column's formula, as Excel fills it in
    table.ref = f"{first}:I{row}"
    wb.save(target)
    return target


def _new_account(source: Path, target: Path) -> Path:
    """``source`` with one more commitment, typed at the end of Engagements, on an account
    the Suivi has no row for (17)."""
    shutil.copyfile(source, target)
    wb = load_workbook(target)
    ws = wb["Engagements"]
    table = ws.tables["VarCommitments"]
    first, last = table.ref.split(":")
    row = int(last[1:]) + 1
    for col in range(1, 8):
        ws.cell(row, col)._style = ws.cell(row - 1, col)._style
    ws.cell(row, 1, "17")
    ws.cell(row, 2, ws.cell(row - 1, 2).value)
    ws.cell(row, 3, 3000)
    ws.cell(row, 4, "BC-0099")
    table.ref = f"{first}:{last[0]}{row}"
    wb.save(target)
    return target


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("variance_lo")
    source = folder / "report.json"
    source.write_text(json.dumps(demo_with_actuals(), ensure_ascii=False), encoding="utf-8")
    demo_fec(folder / "fec.txt")
    paths = {
        "fr": api.new("variance", folder / "fr.xlsx", source=source).path,
        "en": api.new("variance", folder / "en.xlsx", source=source, lang="en").path,
        "blank": api.new("variance", folder / "blank.xlsx").path,
    }
    paths["reimported"] = shutil.copyfile(paths["fr"], folder / "reimported.xlsx")
    import_actuals(paths["reimported"], newer_fec(folder, folder / "fec-juillet.txt"))
    paths["edited"] = _edited(paths["fr"], folder / "edited.xlsx")
    paths["typed"] = _typed_entry(paths["fr"], folder / "typed.xlsx")
    paths["upgraded"] = shutil.copyfile(paths["typed"], folder / "upgraded.xlsx")
    update(paths["upgraded"])
    paths["new_account"] = _new_account(paths["fr"], folder / "new_account.xlsx")
    paths["new_account_upgraded"] = shutil.copyfile(paths["new_account"],
                                                    folder / "new_account_upgraded.xlsx")
    update(paths["new_account_upgraded"])
    outputs = recalculate(list(paths.values()), folder / "out")
    return {key: (path, out) for (key, path), out in zip(paths.items(), outputs, strict=True)}


@pytest.mark.parametrize("key", ["fr", "en", "blank", "reimported", "upgraded",
                                 "new_account_upgraded"])
def test_every_cached_value_is_libreoffice_s(recalculated, key):
    original, after = recalculated[key]
    assert cached_mismatches(original, after) == []
    assert read_values(after)["error_cells"] == []


@pytest.mark.parametrize("key", ["fr", "en", "blank", "reimported", "edited", "upgraded",
                                 "new_account_upgraded"])
def test_contract_names_equal_the_export(recalculated, key):
    original, after = recalculated[key]
    results = api.export(original)["results"]
    names = read_values(after)["names"]
    for name, field in CONTRACT.items():
        assert close(names[name] or 0, results[field]), (name, names[name], results[field])


def test_edits_in_the_file_move_every_account_as_in_the_engine(recalculated):
    original, after = recalculated["edited"]
    exported = api.export(original)
    assert exported["threshold"] == 0.02
    assert {m["prefix"]: m["account"] for m in exported["mapping"]}["641240"] is None
    results = exported["results"]
    assert results["unmapped_total"] == 1350 + 23800  # 641240, sound crew wages, off budget
    wb = load_workbook(after, data_only=True)
    ws = wb["Suivi"]
    table = load_workbook(original, read_only=False)["Suivi"].tables["VarReport"]
    top = int(table.ref.split(":")[0][1:])
    heads = [ws.cell(top, c).value for c in range(1, 15)]
    col = {h: i + 1 for i, h in enumerate(heads)}
    shown = {}
    for r in range(top + 1, top + 1 + len(results["accounts"])):
        shown[ws.cell(r, col["Poste"]).value] = {
            key: ws.cell(r, col[head]).value for key, head in (
                ("actual", "Réalisé"), ("committed", "Engagé"), ("efc", "Coût final estimé"),
                ("variance", "Écart"), ("estimate_to_complete", "Reste à faire"))}
        shown[ws.cell(r, col["Poste"]).value]["alert"] = ws.cell(r, col["Alerte"]).value
    for account in results["accounts"]:
        row = shown[account["account"]]
        for key in ("actual", "committed", "efc", "variance", "estimate_to_complete"):
            assert close(row[key], account[key]), (account["account"], key)
        assert row["alert"] == (1 if account["flagged"] else 0), account["account"]
    assert Decimal(str(shown["25"]["actual"])) == Decimal(str(
        {a["account"]: a for a in results["accounts"]}["25"]["actual"]))


def test_an_entry_on_an_account_comptes_du_fec_lacks_is_shown_and_reported(recalculated):
    """Typed in by hand, the entry shows « à classer », the Suivi's check line shows its
    amount, validate names its cell and export refuses; upgrade lists the account, and the
    entry then counts where the engine puts it."""
    original, after = recalculated["typed"]
    compte, amount = TYPED_ENTRY
    report = api.validate(original)
    wb = load_workbook(original, read_only=True)
    row = next(r for r, (value,) in enumerate(wb["Écritures"].iter_rows(min_col=7, max_col=7,
                                                                       values_only=True), 1)
               if value == compte)
    wb.close()
    assert [str(f) for f in report.errors if compte in str(f)] == [
        f"error: Écritures!G{row}: le compte {compte} n'est pas au tableau « Comptes du FEC » : ses "
        "écritures montrent « à classer » et le Suivi ne les compte pas (voir sa ligne "
        "Contrôle) ; `xlprod run upgrade` l'ajoute"]
    with pytest.raises(Exception, match="Comptes du FEC"):
        api.export(original)
    shown = load_workbook(after, data_only=True)
    assert shown["Écritures"].cell(row, 9).value == "à classer"
    suivi = shown["Suivi"]
    control = next(r for r in range(1, 40) if str(suivi.cell(r, 3).value).startswith("Contrôle"))
    assert close(suivi.cell(control, 6).value, amount)

    upgraded, upgraded_after = recalculated["upgraded"]
    assert api.validate(upgraded).errors == []
    exported = api.export(upgraded)
    assert close(exported["results"]["total_actual"],
                 api.export(recalculated["fr"][0])["results"]["total_actual"] + amount)
    lo = load_workbook(upgraded_after, data_only=True)
    listed = {r[0]: r for r in lo["Comptes du FEC"].iter_rows(min_row=5, values_only=True)
              if r[0]}
    assert listed[compte][3] == 1 and close(listed[compte][4], amount)
    assert lo["Écritures"].cell(row, 9).value == listed[compte][1] != "à classer"


def test_a_commitment_on_an_account_the_suivi_lacks_is_reported_until_upgrade(recalculated):
    """The workbook counts such money nowhere (no Suivi row sums it) while the engine gives
    it a row: validate names the commitment, export refuses; upgrade adds the row, and the
    workbook then agrees with the export (the parametrized tests above)."""
    original, after = recalculated["new_account"]
    errors = [str(f) for f in api.validate(original).errors]
    wb = load_workbook(original, read_only=True)
    row = next(r for r, (value,) in enumerate(wb["Engagements"].iter_rows(
        min_col=1, max_col=1, values_only=True), 1) if value == "17")
    wb.close()
    assert errors == [
        f"error: Engagements!A{row}: le compte 17 n'a pas de ligne au Suivi : le classeur ne "
        "compte son montant (3 000,00 €) dans aucun total, l'export le compte sur « 17 — "
        "absent du devis » ; `xlprod run upgrade` ajoute la ligne"]
    with pytest.raises(Exception, match="n'a pas de ligne au Suivi"):
        api.export(original)
    shown = read_values(after)["names"]["VAR_TOTAL_EFC"]
    fixed = api.export(recalculated["new_account_upgraded"][0])["results"]
    assert close(shown + 3000, fixed["total_efc"])
    assert "17" in {a["account"] for a in fixed["accounts"]}
