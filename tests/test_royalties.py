"""Royalties engine: the contract's example worked by hand, periods, findings."""

from __future__ import annotations

import copy
from decimal import Decimal as D

import pytest

from xlprod.errors import InvalidInput
from xlprod.kinds.base import path_text
from xlprod.kinds.royalties.checks import check
from xlprod.kinds.royalties.compute import compute, waterfall
from xlprod.kinds.royalties.demo import demo_input
from xlprod.kinds.royalties.model import Corridor, Royalties, Tier

PD, CO = "Producteur délégué", "Coproducteur"

#: The contract's example (CONTRACT.md §2 royalties), verbatim.
CONTRACT = {
    "title": "…",
    "channels": [
        {"channel": "salles_france", "box_office_ttc": 2700000, "vat_rate": 0.055,
         "tsa_rate": 0.1072, "sacem_rate": 0.015, "rental_rate": 0.45, "commission_rate": 0.30,
         "commission_cap": 0.35, "expenses": 350000, "minimum_guarantee": 200000},
        {"channel": "tv", "gross": 500000, "commission_rate": 0.0, "expenses": 0}],
    "corridors": [{"beneficiary": "SOFICA", "share": 0.15, "cap": 330000}],
    "tiers": [{"cap": None,
               "shares": [{"beneficiary": PD, "share": 0.70},
                          {"beneficiary": CO, "share": 0.30}]}],
    "authors": [{"name": "Réalisateur", "rate": 0.02, "minimum_guarantee": 40000}],
    "statements": [{"beneficiary": CO, "paid": 160000}],
}


def _run(data):
    return compute(Royalties.model_validate(data))


def _due(results):
    return {p["beneficiary"]: p["due"] for p in results["payouts"]}


def _variant(**changes):
    data = copy.deepcopy(CONTRACT)
    for path, value in changes.items():
        *head, last = path.split("__")
        target = data
        for key in head:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return data


def test_contract_example_theatrical_chain():
    r = _run(CONTRACT)
    salles = r["channels"][0]
    # HT = 2 700 000 / 1.055 = 2 559 241.7061… → 2 559 241.71
    assert salles["ht"] == D("2559241.71")
    # TSA = 10.72 % × 2 559 241.71 = 274 350.7113… → 274 350.71
    assert salles["tsa"] == D("274350.71")
    # SACEM = 1.5 % × 2 559 241.71 = 38 388.6256… → 38 388.63
    assert salles["sacem"] == D("38388.63")
    # net box office = 2 559 241.71 − 274 350.71 − 38 388.63 = 2 246 502.37
    assert salles["net_box_office"] == D("2246502.37")
    # distributor gross = 45 % × 2 246 502.37 = 1 010 926.0665 → 1 010 926.07
    assert salles["distributor_gross"] == D("1010926.07")
    # commission at min(30 %, 35 %) = 30 % × 1 010 926.07 = 303 277.821 → 303 277.82
    assert salles["commission_rate"] == D("0.30")
    assert salles["commission"] == D("303277.82")
    # net = 1 010 926.07 − 303 277.82 − 350 000 = 357 648.25 > MG 200 000 → RNPP 357 648.25
    assert salles["net"] == D("357648.25")
    assert salles["rnpp"] == D("357648.25")


def test_contract_example_results():
    r = _run(CONTRACT)
    # tv: 500 000 − 0 × 500 000 − 0 = 500 000
    assert [(c["channel"], c["rnpp"]) for c in r["channels"]] == [
        ("salles_france", D("357648.25")), ("tv", D("500000.00"))]
    # 357 648.25 + 500 000 = 857 648.25
    assert r["rnpp_total"] == D("857648.25")
    # SOFICA: 15 % × 857 648.25 = 128 647.2375 → 128 647.24, under its 330 000 cap.
    # The tier gets 857 648.25 − 128 647.24 = 729 001.01:
    #   70 % = 510 300.707 → 510 300.70 (remainder .007), 30 % = 218 700.303 → 218 700.30
    #   (.003); the floors sum to 729 001.00, the missing cent goes to the larger remainder.
    assert r["payouts"] == [
        {"beneficiary": "SOFICA", "due": D("128647.24")},
        {"beneficiary": PD, "due": D("510300.71")},
        {"beneficiary": CO, "due": D("218700.30")},
    ]
    assert sum(_due(r).values()) == r["rnpp_total"]
    assert r["unallocated"] == 0
    # author: 2 % × 857 648.25 = 17 152.965 → 17 152.97, all of it against the 40 000 MG
    assert r["authors"] == [{"name": "Réalisateur", "earned": D("17152.97"),
                             "recouped": D("17152.97"), "payable": D("0.00"),
                             "mg_remaining": D("22847.03")}]
    # paid 160 000 − due 218 700.30 = −58 700.30 (the co-producer was underpaid)
    assert r["discrepancies"] == [{"beneficiary": CO, "due": D("218700.30"),
                                   "paid": D("160000.00"), "discrepancy": D("-58700.30")}]
    assert check(Royalties.model_validate(CONTRACT)) == []


def test_corridor_cap_reached():
    r = _run(_variant(corridors__0__cap=100000))
    # 15 % would be 128 647.24 but the cap is 100 000; the tier gets 757 648.25:
    #   70 % = 530 353.775, 30 % = 227 294.475: floors 530 353.77 + 227 294.47 = 757 648.24,
    #   one cent missing, equal remainders (.005): the first listed gets it.
    assert _due(r) == {"SOFICA": D("100000"), PD: D("530353.78"), CO: D("227294.47")}
    assert sum(_due(r).values()) == D("857648.25")
    assert r["waterfall"][0]["received_total"] == D("100000")


def test_minimum_guarantee_wins_and_commission_cap_applies():
    # expenses 600 000: net = 1 010 926.07 − 303 277.82 − 600 000 = 107 648.25 < MG 200 000
    r = _run(_variant(channels__0__expenses=600000))
    assert r["channels"][0]["net"] == D("107648.25")
    assert r["channels"][0]["rnpp"] == D("200000")
    # contract 40 % but capped at 35 %: 35 % × 1 010 926.07 = 353 824.1245 → 353 824.12
    r = _run(_variant(channels__0__commission_rate=0.40))
    assert r["channels"][0]["commission"] == D("353824.12")
    # net = 1 010 926.07 − 353 824.12 − 350 000 = 307 101.95
    assert r["channels"][0]["rnpp"] == D("307101.95")


def test_author_past_the_guarantee_and_on_a_channel_base():
    data = _variant(authors__0__rate=0.05)
    data["authors"].append({"name": "Scénariste", "rate": 0.01, "minimum_guarantee": 1000,
                            "base": "tv"})
    r = _run(data)
    # 5 % × 857 648.25 = 42 882.4125 → 42 882.41; 40 000 recouped, 2 882.41 payable
    # 1 % × 500 000 (tv only) = 5 000; 1 000 recouped, 4 000 payable
    assert [(a["earned"], a["recouped"], a["payable"]) for a in r["authors"]] == [
        (D("42882.41"), D("40000.00"), D("2882.41")), (D("5000.00"), D("1000.00"), D("4000.00"))]


def _two_periods():
    data = copy.deepcopy(CONTRACT)
    for channel in data["channels"]:
        channel["period"] = "2026-T1"
    data["channels"].append({"channel": "tv", "period": "2026-T2", "gross": 2000000})
    data["statements"] = [{"beneficiary": CO, "paid": 160000, "period": "2026-T1"},
                          {"beneficiary": CO, "paid": 600000, "period": "2026-T2"}]
    return data


def test_period_two_resumes_where_period_one_stopped():
    r = _run(_two_periods())
    t1, t2 = r["periods"]
    assert (t1["period"], t2["period"]) == ("2026-T1", "2026-T2")
    assert t1["payouts"] == [{"beneficiary": "SOFICA", "due": D("128647.24")},
                             {"beneficiary": PD, "due": D("510300.71")},
                             {"beneficiary": CO, "due": D("218700.30")}]
    # T2 pot 2 000 000: 15 % = 300 000, but the cap has 330 000 − 128 647.24 = 201 352.76 left.
    # Tier: 2 000 000 − 201 352.76 = 1 798 647.24; 70 % = 1 259 053.068 (.008),
    # 30 % = 539 594.172 (.002): floors sum to 1 798 647.23, the cent goes to the 70 %.
    assert t2["payouts"] == [{"beneficiary": "SOFICA", "due": D("201352.76")},
                             {"beneficiary": PD, "due": D("1259053.07")},
                             {"beneficiary": CO, "due": D("539594.17")}]
    # cumulative: SOFICA exactly at its cap; PD 510 300.71 + 1 259 053.07; CO 218 700.30 + 539 594.17
    assert _due(r) == {"SOFICA": D("330000.00"), PD: D("1769353.78"), CO: D("758294.47")}
    assert sum(_due(r).values()) == r["rnpp_total"] == D("2857648.25")
    # author: T1 17 152.97 recouped; T2 2 % × 2 000 000 = 40 000, of which 40 000 − 17 152.97
    # = 22 847.03 finishes the MG and 17 152.97 is payable; to date max(0, 57 152.97 − 40 000)
    assert [(a["earned"], a["recouped"], a["payable"]) for a in t2["authors"]] == [
        (D("40000.00"), D("22847.03"), D("17152.97"))]
    assert r["authors"][0]["payable"] == D("17152.97")
    assert r["authors"][0]["mg_remaining"] == 0
    # statements: to date 760 000 paid − 758 294.47 due = +1 705.53 (overpaid)
    assert r["discrepancies"] == [{"beneficiary": CO, "due": D("758294.47"),
                                   "paid": D("760000.00"), "discrepancy": D("1705.53")}]
    assert t2["discrepancies"][0]["discrepancy"] == D("600000") - D("539594.17")


def test_opening_positions_give_the_same_second_period():
    """A file that starts at T2 with T1's closing positions computes T2 the same."""
    first = _run(CONTRACT)
    data = copy.deepcopy(CONTRACT)
    data["channels"] = [{"channel": "tv", "period": "2026-T2", "gross": 2000000}]
    data["statements"] = []
    data["prior"] = [{k: v for k, v in p.items()} for p in first["positions"]]
    data["authors"][0]["recouped_before"] = first["authors"][0]["recouped"]
    later = _run(data)
    assert later["payouts"] == _run(_two_periods())["periods"][1]["payouts"]
    assert later["authors"][0]["payable"] == D("17152.97")


def test_minimum_guarantee_counts_once_across_periods():
    data = copy.deepcopy(CONTRACT)
    data["channels"] = [
        {"channel": "tv", "period": "2026-T1", "gross": 100000, "minimum_guarantee": 300000},
        {"channel": "tv", "period": "2026-T2", "gross": 250000, "minimum_guarantee": 300000},
        {"channel": "tv", "period": "2026-T3", "gross": 10000},
    ]
    data["statements"] = []
    # cumulative RNPP max(MG, Σnet): 300 000, then max(300 000, 350 000) = 350 000 (+50 000),
    # then 360 000 (+10 000)
    assert [c["rnpp"] for c in _run(data)["channels"]] == [D("300000"), D("50000"), D("10000")]


def test_capped_last_tier_leaves_money_unallocated():
    r = _run(_variant(tiers__0__cap=500000))
    # tier takes 500 000 of the 729 001.01 the corridor leaves: 229 001.01 unallocated
    assert sum(_due(r).values()) + r["unallocated"] == D("857648.25")
    assert r["unallocated"] == D("229001.01")
    assert _due(r)[PD] == D("350000.00")


def test_negative_pot_is_carried_forward():
    data = copy.deepcopy(CONTRACT)
    data["channels"] = [{"channel": "video", "period": "2026-T1", "gross": 1000, "expenses": 5000},
                        {"channel": "video", "period": "2026-T2", "gross": 10000}]
    data["statements"] = []
    t1, t2 = _run(data)["periods"]
    # T1: 1 000 − 5 000 = −4 000, nothing shared, carried; T2: 10 000 − 4 000 = 6 000 shared
    assert (t1["allocated"], t1["carried_out"]) == (0, D("-4000"))
    assert t2["allocated"] == D("6000") and t2["carried_out"] == 0
    # SOFICA 15 % × 6 000 = 900
    assert t2["payouts"][0]["due"] == D("900")


def test_waterfall_function_and_its_refusals():
    corridors = [Corridor(beneficiary="A", share=D("0.5"), cap=D("10"))]
    tiers = [Tier(cap=D("30"), shares=[{"beneficiary": "B", "share": D(1)}]),
             Tier(shares=[{"beneficiary": "C", "share": D(1)}])]
    # pot 100: A takes 50 % but only 10 − 4 = 6 remain; B's tier 30 − 25 = 5; C the rest 89
    out = waterfall(D(100), corridors, tiers, {(0, "A"): D(4), (1, "B"): D(25)})
    assert [(p.level, p.beneficiary, p.amount) for p in out] == [
        (0, "A", D(6)), (1, "B", D(5)), (2, "C", D(89))]
    with pytest.raises(InvalidInput, match=r"tiers\[0\]\.shares"):
        waterfall(D(100), [], [Tier(shares=[{"beneficiary": "B", "share": D("0.9")}])])


def _findings(data, lang="fr"):
    return {(f.severity, path_text(f.path)): f.message
            for f in check(Royalties.model_validate(data), lang)}


def test_findings_name_the_field_and_say_how_to_fix():
    data = copy.deepcopy(CONTRACT)
    data["channels"][0]["vat_rate"] = 5.5
    del data["channels"][0]["tsa_rate"]
    data["corridors"].append({"beneficiary": "Région", "share": 0.9})
    data["tiers"][0]["shares"][1]["share"] = 0.2
    data["statements"].append({"beneficiary": "Inconnu", "paid": -5})
    data["authors"][0]["base"] = "cinéma"
    found = _findings(data)
    assert found[("error", "channels[0].vat_rate")] == (
        "taux 5.5 hors de 0–1 ; écrivez une fraction (0.07 pour 7 %)")
    assert found[("error", "channels[0].tsa_rate")].startswith("taux manquant pour un canal salles")
    assert found[("error", "corridors")] == (
        "les parts des couloirs font 1.05 au total, plus que 1 ; réduisez-les")
    assert found[("error", "tiers[0].shares")] == (
        "les parts du rang 1 font 0.9, pas 1 ; corrigez-les")
    assert found[("error", "statements[1].beneficiary")].startswith("'Inconnu' n'est ni dans")
    assert ("error", "statements[1].paid") in found
    assert ("error", "authors[0].base") in found
    assert _findings(data, "en")[("error", "tiers[0].shares")] == (
        "tier 1 shares sum to 0.9, not 1; correct them")


def test_warnings_capped_last_tier_legal_rates_and_periods():
    data = _variant(tiers__0__cap=500000, channels__0__rental_rate=0.6,
                    channels__0__commission_cap=0.40)
    data["channels"][1]["period"] = "T1 2026"
    found = _findings(data)
    assert found[("warning", "tiers[0].cap")].startswith("le dernier rang a un plafond")
    assert "L213-11" in found[("warning", "channels[0].rental_rate")]
    assert "protocole du 16 décembre 2010" in found[("warning", "channels[0].commission_cap")]
    assert ("error", "channels[0].period") in found  # some rows have a period, others not
    assert ("warning", "channels[1].period") in found  # not year first


def test_prior_positions_are_checked():
    data = copy.deepcopy(CONTRACT)
    data["prior"] = [{"beneficiary": "SOFICA", "level": 0, "received": 400000},
                     {"beneficiary": "SOFICA", "level": 1, "received": 1}]
    found = _findings(data)
    assert found[("error", "prior[0].received")].startswith("déjà reçu (400000)")
    assert found[("error", "prior[1].beneficiary")].startswith("'SOFICA' n'est pas au niveau 1")


def test_demo_is_clean_and_fills_caps_across_its_two_periods():
    model = Royalties.model_validate(demo_input())
    assert check(model) == []
    r = compute(model)
    t1, t2 = r["periods"]
    assert (t1["period"], t2["period"]) == ("2026-T1", "2026-T2")
    # T1: salles 300 000 (MG) + tv 650 000 + international 150 000 (MG) = 1 100 000
    assert t1["rnpp_total"] == D("1100000")
    sofica = [w for w in r["waterfall"] if w["level"] == 0]
    # 15 % × 1 100 000 = 165 000 in T1; the cap of 180 000 leaves 15 000 for T2
    assert [w["amount"] for w in sofica] == [D("165000"), D("15000")]
    level1 = [w for w in r["waterfall"] if w["level"] == 1 and w["period"] == "2026-T2"]
    assert sum(w["received_total"] for w in level1) == D("1000000")
    assert sum(_due(r).values()) == r["rnpp_total"]
    # director: 4 % × 1 100 000 = 44 000 in T1; the MG of 50 000 is recouped during T2
    assert t2["authors"][0]["payable"] > 0
