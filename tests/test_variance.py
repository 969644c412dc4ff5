"""Variance engine: the contract's rules by hand, flags, findings with their exact words,
and the totals' identities on random reports."""

from __future__ import annotations

import copy
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from xlprod.kinds.variance.checks import check
from xlprod.kinds.variance.compute import compute, resolve_targets
from xlprod.kinds.variance.model import VarianceReport

#: The contract's example (CONTRACT.md §2 variance), verbatim.
CONTRACT: dict[str, Any] = {
    "title": "…", "as_of": "2026-06-30",
    "budget": [{"account": "21", "label": "Personnel technique", "amount": 100000}],
    "mapping": [{"prefix": "641", "account": "21"}],
    "commitments": [{"account": "71", "amount": 5000, "reference": "BC-0012"}],
    "estimates_to_complete": [{"account": "21", "amount": 30000}],
}


def actual(compte: str, amount: float, day: str = "2026-06-15", **more: Any) -> dict[str, Any]:
    return {"date": day, "compte_num": compte, "amount": amount, **more}


def report(**changes: Any) -> VarianceReport:
    data = copy.deepcopy(CONTRACT)
    data.update(changes)
    return VarianceReport.model_validate(data)


def by_account(results: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["account"]: a for a in results["accounts"]}


def test_contract_example_by_hand() -> None:
    r = compute(report(actuals=[actual("641100", 42000.50), actual("641200", -500)]))
    rows = by_account(r)
    # 641100 and 641200 both start with 641 → 21: actual 42 000.50 − 500 = 41 500.50
    assert {k: rows["21"][k] for k in ("budget", "actual", "committed", "estimate_to_complete",
                                       "efc", "variance")} == {
        "budget": 100000, "actual": 41500.5, "committed": 0, "estimate_to_complete": 30000,
        "efc": 71500.5, "variance": 28499.5}  # positive = saving
    # the commitment on 71, an account the budget lacks, gets a zero-budget row
    assert rows["71"]["line"] == "unbudgeted" and rows["71"]["label"] == "71 — absent du devis"
    assert (rows["71"]["budget"], rows["71"]["committed"], rows["71"]["variance"]) == (0, 5000, -5000)
    assert (r["total_budget"], r["total_actual"], r["total_efc"], r["total_variance"]) == (
        100000, 41500.5, 76500.5, 23499.5)
    assert r["unmapped"] == [] and r["unmapped_total"] == 0


def test_longest_prefix_wins_then_the_default_table() -> None:
    model = report(mapping=[{"prefix": "64", "account": "21"}, {"prefix": "6411", "account": "22"},
                            {"prefix": "6135", "account": "61"}, {"prefix": "625", "account": ""}])
    got = resolve_targets(model, ["641100", "641200", "645000", "613500", "613200", "625100",
                                  "616000", "671000"])
    # own mapping first (longest wins: 6411 over 64); empty account = hors devis on purpose;
    # 613200 and 616000 match no own prefix → shipped table (6132 → 68, 616 → 91); 671 → none
    assert got == {"641100": "22", "641200": "21", "645000": "21", "613500": "61",
                   "613200": "68", "625100": None, "616000": "91", "671000": None}
    without = resolve_targets(model.model_copy(update={"use_default_mapping": False}), ["616000"])
    assert without == {"616000": None}


def test_hors_devis_counts_in_every_total() -> None:
    r = compute(report(actuals=[actual("641100", 1000), actual("671200", 250.25),
                                actual("695000", 100), actual("671200", -0.25)]))
    assert r["unmapped"] == [
        {"compte_num": "671200", "amount": 250, "flagged": True, "previous_efc": None,
         "since_last": None},
        {"compte_num": "695000", "amount": 100, "flagged": True, "previous_efc": None,
         "since_last": None}]
    assert r["unmapped_total"] == 350
    assert r["total_actual"] == 1350
    # efc: 21 = 1 000 + 30 000; 71 = 5 000; hors devis 350
    assert r["total_efc"] == 36350
    assert r["total_variance"] == 100000 - 36350


def test_chapter_level_target_lands_on_the_chapter_line() -> None:
    budget = [{"account": "24", "label": "Image", "amount": 1000},
              {"account": "25", "label": "Son", "amount": 500},
              {"account": "52", "label": "Décors naturels", "amount": 800},
              {"account": "FG", "label": "Frais généraux", "amount": 70}]
    r = compute(report(budget=budget, mapping=[], commitments=[], estimates_to_complete=[],
                       actuals=[actual("641100", 300), actual("645100", 120),
                                actual("613500", 40), actual("625100", 9)]))
    order = [(a["account"], a["line"]) for a in r["accounts"]]
    # 641 → "2" after chapter 2's rows; 645 → "4" before chapter 5; 613 → "7" and
    # 625 → 61 (absent) after 52, before the rows without chapter
    assert order == [("24", "budget"), ("25", "budget"), ("2", "chapter"), ("4", "chapter"),
                     ("52", "budget"), ("61", "unbudgeted"), ("7", "chapter"), ("FG", "budget")]
    rows = by_account(r)
    assert rows["2"]["label"] == "Chapitre 2 — non ventilé" and rows["2"]["actual"] == 300
    chapters = {c["chapter"]: c for c in r["chapters"]}
    assert chapters[2]["budget"] == 1500 and chapters[2]["efc"] == 300
    assert chapters[None]["budget"] == 70
    # a budget row named by the chapter digit takes the chapter-level money itself
    r2 = compute(report(budget=[{"account": "2", "label": "Personnel", "amount": 500}], mapping=[],
                        commitments=[], estimates_to_complete=[], actuals=[actual("641100", 300)]))
    assert [(a["account"], a["line"], a["actual"]) for a in r2["accounts"]] == [("2", "budget", 300)]


def test_efc_and_variance_signs_and_percentages() -> None:
    budget = [{"account": "24", "label": "Image", "amount": 1000},
              {"account": "25", "label": "Son", "amount": 1000}]
    r = compute(report(budget=budget, mapping=[{"prefix": "6411", "account": "24"},
                                              {"prefix": "6412", "account": "25"}],
                       commitments=[{"account": "24", "amount": 100, "reference": "BC"}],
                       estimates_to_complete=[{"account": "24", "amount": 50.01}],
                       actuals=[actual("641100", 900), actual("641200", 400)]))
    rows = by_account(r)
    assert rows["24"]["efc"] == 1050.01 and rows["24"]["variance"] == -50.01  # overrun
    assert rows["25"]["efc"] == 400 and rows["25"]["variance"] == 600  # saving
    assert rows["24"]["variance_pct"] == pytest.approx(-0.05001)
    assert rows["24"]["flagged"] is True and rows["25"]["flagged"] is False  # 5.001 % > 5 %


def test_threshold_is_strict_and_the_amount_floor_also_applies() -> None:
    budget = [{"account": "24", "label": "Image", "amount": 1000}]
    base = {"budget": budget, "mapping": [{"prefix": "641", "account": "24"}], "commitments": [],
            "estimates_to_complete": []}
    exactly = compute(report(**base, actuals=[actual("641100", 1050)]))
    assert exactly["overruns"] == []  # 5 % exactly is not beyond 5 %
    over = compute(report(**base, actuals=[actual("641100", 1050.01)]))
    assert [o["account"] for o in over["overruns"]] == ["24"]
    floor = compute(report(**base, threshold_amount=100, actuals=[actual("641100", 1090)]))
    assert floor["overruns"] == []  # 9 % but only 90 €
    assert floor["biggest_overruns"][0]["variance"] == -90


def test_since_last_and_biggest_overruns() -> None:
    budget = [{"account": str(20 + i), "label": f"Poste {i}", "amount": 100} for i in range(12)]
    mapping = [{"prefix": f"6411{i:02d}", "account": str(20 + i)} for i in range(12)]
    actuals = [actual(f"6411{i:02d}", 100 + i) for i in range(12)]
    r = compute(report(budget=budget, mapping=mapping, commitments=[], estimates_to_complete=[],
                       actuals=actuals, previous=[{"account": "31", "efc": 105}]))
    assert [o["account"] for o in r["biggest_overruns"]] == [str(20 + i) for i in range(11, 1, -1)]
    rows = by_account(r)
    assert rows["31"]["since_last"] == 6 and rows["31"]["previous_efc"] == 105
    assert rows["30"]["since_last"] is None
    assert (r["total_previous_efc"], r["total_since_last"]) == (105, 6)


def test_budget_versions_revised_is_the_amount() -> None:
    row = VarianceReport.model_validate({**CONTRACT, "budget": [
        {"account": "21", "label": "P", "initial": 90000, "revised": 100000},
        {"account": "22", "label": "R", "initial": 5000}]}).budget
    assert (row[0].amount, row[1].amount) == (D(100000), D(5000))
    r = compute(report(budget=[{"account": "21", "label": "P", "initial": 90000,
                                "revised": 100000}]))
    assert by_account(r)["21"]["transfer"] == 10000
    with pytest.raises(ValidationError, match="le montant suivi est le devis révisé"):
        VarianceReport.model_validate({**CONTRACT, "budget": [
            {"account": "21", "label": "P", "amount": 1, "revised": 2}]})


def test_actuals_are_class_6_and_their_text_stays_text() -> None:
    model = report(actuals=[actual("606300", 1, label="=HYPERLINK(\"x\")", supplier="+33")])
    assert model.actuals[0].label == '=HYPERLINK("x")'
    with pytest.raises(ValidationError, match="n'est pas de classe 6"):
        report(actuals=[actual("401000", 1)])


# -- findings ---------------------------------------------------------------------------------


def messages(model: VarianceReport, lang: str = "fr") -> list[tuple[str, str, str]]:
    return [(f.severity, f.where, f.message) for f in check(model, lang)]


def test_contract_example_has_one_warning() -> None:
    assert messages(report()) == [(
        "warning", "commitments[0].account",
        "le compte 71 n'est pas au budget : son montant figure sur une ligne « 71 — absent du "
        "devis » à budget nul ; choisissez un compte du budget, ou ajoutez celui-ci au budget "
        "avec son montant"), (
        "warning", "explanations",
        "dépassement de 5 000,00 € sur « 71 — absent du devis » (budget nul) : ajoutez-en "
        "l'explication et le traitement")]


def test_findings_exact_french_messages() -> None:
    model = report(
        as_of="2026-05-31",
        budget=[{"account": "21", "label": "Producteurs", "amount": 100000},
                {"account": "21", "label": "Encore", "amount": 1},
                {"account": "24", "label": "Image", "amount": 1000}],
        mapping=[{"prefix": "641", "account": "21"}, {"prefix": "64a", "account": "21"},
                 {"prefix": "641", "account": "24"}, {"prefix": "6412", "account": "2"},
                 {"prefix": "6413", "account": "24"}],
        commitments=[],
        estimates_to_complete=[{"account": "24", "amount": -10}, {"account": "9", "amount": 5}],
        actuals=[actual("641300", 1200, day="2026-06-02"), actual("671200", 10, day="2026-05-02")],
        explanations=[{"account": "671200", "explanation": "Amende"}])
    assert messages(model) == [
        ("error", "budget[1].account",
         "le compte 21 figure déjà à la ligne 1 du budget ; regroupez les deux lignes en une"),
        ("warning", "estimates_to_complete[1].account",
         "le compte 9 n'est pas au budget : son montant figure sur une ligne « Chapitre 9 — non "
         "ventilé » à budget nul ; choisissez un compte du budget, ou ajoutez celui-ci au budget "
         "avec son montant"),
        ("error", "estimates_to_complete[0].amount",
         "reste à engager négatif (-10,00 €) ; saisissez 0 ou plus : une économie se lit dans "
         "l'écart"),
        ("error", "mapping[1].prefix",
         "le préfixe '64a' n'est pas un début de numéro de compte : n'utilisez que des chiffres "
         "(ex. 6411)"),
        ("error", "mapping[2].prefix",
         "le préfixe 641 figure déjà à la ligne 1 de la correspondance ; seule la première "
         "compte : supprimez l'une des deux"),
        ("warning", "mapping[3].account",
         "le compte 2 n'est pas au budget : les dépenses de ce préfixe iront sur « Chapitre 2 — "
         "non ventilé » ; choisissez un compte du budget"),
        ("warning", "as_of",
         "la date du rapport (2026-05-31) est avant la dernière écriture importée (2026-06-02) ; "
         "avancez la date du rapport ou vérifiez le FEC"),
        ("warning", "budget[2].account",
         "dépassement de 190,00 € (19,0 %) sur 24 Image : au-delà du seuil, ajoutez-en "
         "l'explication et le traitement"),
        ("warning", "explanations",
         "dépassement de 5,00 € sur « Chapitre 9 — non ventilé » (budget nul) : ajoutez-en "
         "l'explication et le traitement"),
    ]
    # -10 of ETC on 24: efc 1 200 − 10 = 1 190, 19 % over; hors devis 671200 is explained


def test_findings_in_english_and_unexplained_hors_devis() -> None:
    model = report(commitments=[], actuals=[actual("671200", 1234.5)])
    assert messages(model, "en") == [
        ("warning", "explanations",
         "hors devis spending of 1,234.50 € on account 671200: add its explanation and treatment")]
    assert messages(model)[0][2] == ("dépense hors devis de 1 234,50 € sur le compte 671200 : "
                                     "ajoutez-en l'explication et le traitement")


# -- properties -------------------------------------------------------------------------------

money = st.decimals(min_value=-50000, max_value=200000, places=2, allow_nan=False,
                    allow_infinity=False)
accounts = st.sampled_from(["11", "21", "24", "2", "42", "52", "61", "71", "FG"])
comptes = st.sampled_from(["641100", "641200", "645100", "613500", "616000", "625100", "606300",
                           "671000", "695000", "651000", "604000"])


@st.composite
def reports(draw: st.DrawFn) -> VarianceReport:
    chosen = draw(st.lists(accounts, unique=True, max_size=6))
    return VarianceReport.model_validate({
        "title": "p", "as_of": "2026-06-30",
        "budget": [{"account": a, "label": a, "amount": draw(money)} for a in chosen],
        "mapping": draw(st.lists(st.fixed_dictionaries({
            "prefix": st.sampled_from(["6", "64", "641", "6411", "613", "62", "67"]),
            "account": st.one_of(accounts, st.just(""))}), max_size=4)),
        "commitments": [{"account": a, "amount": m, "reference": "r"}
                        for a, m in draw(st.lists(st.tuples(accounts, money), max_size=4))],
        "estimates_to_complete": [{"account": a, "amount": m}
                                  for a, m in draw(st.lists(st.tuples(accounts, money), max_size=4))],
        "actuals": [{"date": "2026-06-01", "compte_num": c, "amount": m}
                    for c, m in draw(st.lists(st.tuples(comptes, money), max_size=8))],
        "use_default_mapping": draw(st.booleans()),
    })


def dec(value: Any) -> D:
    return D(str(value))


@settings(max_examples=150, deadline=None)
@given(reports())
def test_totals_identities(model: VarianceReport) -> None:
    r = compute(model)
    rows = r["accounts"]
    assert dec(r["total_efc"]) == sum((dec(a["efc"]) for a in rows), D(0)) + dec(r["unmapped_total"])
    assert dec(r["total_variance"]) == dec(r["total_budget"]) - dec(r["total_efc"])
    assert dec(r["total_actual"]) == sum((a.amount for a in model.actuals), D(0))
    assert dec(r["total_budget"]) == sum((b.amount for b in model.budget), D(0))
    for a in rows:
        assert dec(a["variance"]) == dec(a["budget"]) - dec(a["efc"])
        assert dec(a["efc"]) == dec(a["actual"]) + dec(a["committed"]) + dec(a["estimate_to_complete"])
        assert a["line"] == "budget" or a["budget"] == 0
    assert dec(r["unmapped_total"]) == sum((dec(u["amount"]) for u in r["unmapped"]), D(0))
    chapters_efc = sum((dec(c["efc"]) for c in r["chapters"]), D(0))
    assert chapters_efc + dec(r["unmapped_total"]) == dec(r["total_efc"])
    # every euro committed or estimated is on some row
    assert dec(r["total_committed"]) == sum((c.amount for c in model.commitments), D(0))
