"""The variance kind's inputs from elsewhere: budget rows from a devis, actuals from an FEC,
and the demo dossier's report (derived budget + demo FEC) with its hand-checked totals."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from xlprod.importers import read_fec
from xlprod.importers.fec_text import LEGAL_COLUMNS
from xlprod.kinds.budget.compute import compute as budget_compute
from xlprod.kinds.budget.demo import demo_input as budget_demo
from xlprod.kinds.budget.model import Budget
from xlprod.kinds.variance.checks import check
from xlprod.kinds.variance.compute import compute
from xlprod.kinds.variance.demo import FEC_NAME, demo_actuals, demo_fec, demo_input
from xlprod.kinds.variance.derive import actuals_from_fec, budget_from
from xlprod.kinds.variance.model import VarianceReport
from xlprod.money import cents


def dec(value: Any) -> D:
    return D(str(value))


def test_budget_from_the_demo_devis_sums_to_its_total() -> None:
    rows = budget_from(budget_demo())
    results = budget_compute(Budget.model_validate(budget_demo()))
    assert sum((dec(r["amount"]) for r in rows), D(0)) == dec(results["total"])
    by = {r["account"]: r for r in rows}
    # chapter 4 is one row per chapter the charges come from, summing to the engine's chapter 4
    fours = [r for r in rows if r["chapter"] == 4]
    assert [r["account"] for r in fours] == ["41", "42", "43"]
    assert sum((dec(r["amount"]) for r in fours), D(0)) == dec(results["charges"])
    assert by["42"]["label"] == "Charges sociales — Personnel"
    # two devis lines on 52 are one row, their amounts summed: 32 × 2 200 + 6 × 2 500
    assert by["52"]["amount"] == 85400 and by["52"]["chapter"] == 5
    assert (by["FG"]["amount"], by["IMP"]["amount"]) == (results["overhead"], results["contingency"])
    assert by["FG"]["chapter"] is None and by["FG"]["label"] == "Frais généraux (7 %)"
    assert len(by) == len(rows)  # one row per account
    VarianceReport.model_validate({"title": "t", "as_of": "2026-06-30", "budget": rows})


def test_budget_from_an_export_object_and_lines_without_account() -> None:
    data = {"title": "t", "year": 2026, "overhead_rate": 0.07, "contingency_rate": 0,
            "lines": [{"chapter": 5, "label": "Décor", "quantity": 3, "rate": 333.333},
                      {"chapter": 5, "label": "Accessoires", "quantity": 1, "rate": 0.004}],
            "workbook": "budget", "results": {"total": 0}}
    rows = budget_from(data)
    # no account: the chapter's own row; 999.999 + 0.004 = 1 000.003 → 1 000.00, FG 70.00
    assert rows == [{"account": "5", "label": "Décor, Accessoires", "amount": 1000, "chapter": 5},
                    {"account": "FG", "label": "Frais généraux (7 %)", "amount": 70,
                     "chapter": None}]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([1, 2, 3, 5, 6, 9]), st.sampled_from(["", "a", "b"]),
                          st.decimals(min_value=0, max_value=5000, places=3),
                          st.sampled_from(["facture", "technicien", "artiste", "auteur"])),
                min_size=1, max_size=8))
def test_budget_from_always_sums_to_the_cent(lines: list[tuple[int, str, D, str]]) -> None:
    data = {"title": "t", "year": 2026, "lines": [
        {"chapter": c, "account": f"{c}{a and ord(a) % 10}" if a else "", "label": "l",
         "quantity": 1, "unit": "semaine", "rate": float(r), "status": s} for c, a, r, s in lines]}
    total = dec(budget_compute(Budget.model_validate(data))["total"])
    rows = budget_from(data)
    assert sum((dec(r["amount"]) for r in rows), D(0)) == cents(total)


def test_demo_fec_is_a_legal_fec_that_read_fec_imports(tmp_path: Path) -> None:
    path = demo_fec(tmp_path / FEC_NAME)
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == raw.count(b"\n")
    lines = raw.decode("utf-8").split("\r\n")[:-1]
    assert lines[0].split("|") == list(LEGAL_COLUMNS)
    records = [line.split("|") for line in lines[1:]]
    assert all(len(r) == 18 for r in records)
    fec = read_fec(path)
    assert (fec.encoding, fec.separator, fec.line_ending, fec.notes) == ("utf-8", "|", "CRLF", [])
    assert fec.balanced and fec.lines_read == len(records)
    # every entry balances, and class 4/5 counterparts are there
    entries: dict[str, D] = {}
    for r in records:
        entries[r[2]] = entries.get(r[2], D(0)) + D(r[11].replace(",", ".")) - D(r[12].replace(",", "."))
    assert set(entries.values()) == {D(0)}
    assert {r[4][0] for r in records} == {"4", "5", "6"}
    # the class-6 actual, summed by hand from the text
    class6 = sum((D(r[11].replace(",", ".")) - D(r[12].replace(",", "."))
                  for r in records if r[4].startswith("6")), D(0))
    assert fec.actual_total == class6 == D("1855827.00")
    # text stays text: a label starting with "-" comes through unchanged
    assert "-2 % remise fidélité — Loca Caméra Lyon" in {e.label for e in fec.entries}


def test_actuals_from_fec(tmp_path: Path) -> None:
    fec = read_fec(demo_fec(tmp_path / "f.txt"))
    actuals = actuals_from_fec(fec)
    assert len(actuals) == fec.class6_lines
    credit = next(a for a in actuals if a["piece"] == "AV-2026-017")
    assert credit == {"date": "2026-06-26", "journal": "HA", "entry": credit["entry"],
                      "piece": "AV-2026-017", "label": "-2 % remise fidélité — Loca Caméra Lyon",
                      "supplier": "Locations — caméra", "compte_num": "613510", "amount": -1120}


def demo_report() -> tuple[VarianceReport, dict[str, Any]]:
    data = demo_input()
    data["actuals"] = demo_actuals()
    model = VarianceReport.model_validate(data)
    return model, compute(model)


def test_demo_round_trip_totals_by_hand() -> None:
    model, r = demo_report()
    budget_total = dec(budget_compute(Budget.model_validate(budget_demo()))["total"])
    assert dec(r["total_budget"]) == budget_total == D("2541300.77")
    assert dec(r["total_actual"]) == D("1855827.00")
    committed = D(12000 + 1200 + 800 + 30500 + 62000 + 38500)
    assert dec(r["total_committed"]) == committed == D(145000)
    estimates = sum((e.amount for e in model.estimates_to_complete), D(0))
    assert estimates == D("475577.43")
    assert dec(r["total_efc"]) == D("1855827.00") + committed + estimates == D("2476404.43")
    assert dec(r["total_variance"]) == budget_total - D("2476404.43") == D("64896.34")
    assert r["unmapped"][0]["compte_num"] == "671200" and r["unmapped_total"] == 1350
    rows = {a["account"]: a for a in r["accounts"]}
    # 24 image: May 22 800 + June 20 700 = 43 500 against 39 900 → −3 600 (9.0 %), flagged
    assert (rows["24"]["actual"], rows["24"]["variance"], rows["24"]["flagged"]) == (43500, -3600, True)
    assert rows["24"]["since_last"] == 43500 - 41700
    # 71 camera: 56 000 less the 2 % credit note 1 120 (a label starting with "-")
    assert rows["71"]["actual"] == 54880
    # 42 crew charges: 63 % of each month's crew gross, rounded per payroll
    assert rows["42"]["actual"] == 285579
    # chapter-level targets of the shipped table: 647 → "4", 604 → "8"; 606 → 69 (absent)
    assert [(a, rows[a]["line"], rows[a]["actual"]) for a in ("4", "8", "69")] == [
        ("4", "chapter", 1240), ("8", "chapter", 4800), ("69", "unbudgeted", 1850)]
    # 43: the artists' charges the devis estimates with prorated ceilings, paid per cachet
    assert [o["account"] for o in r["overruns"]] == ["24", "34", "43", "4", "52", "65", "69",
                                                     "84", "8", "671200"]
    assert all(o["explained"] for o in r["overruns"])


def test_demo_has_no_findings() -> None:
    model, _ = demo_report()
    assert check(model) == []
