"""The demo production's royalty control: « Les Heures claires » (≈ 2.56 M€ budget),
released in the first quarter of 2026, two statement periods.

Financing behind the waterfall: Les Films de l'Aube (producteur délégué) and
Lumière du Nord (Belgian co-producer, 30 %); a SOFICA invested 150 000 € for
a 15 % corridor until it has recouped 120 % (180 000 €); a distributor's MG
of 300 000 €; a pay-TV pre-sale of 650 000 €; a sales agent's MG of
150 000 €; the Région Auvergne-Rhône-Alpes shares profits once the producers
have recouped their 1 000 000 € contribution. In T1 the SOFICA fills most of
its corridor and the first tier fills partly; in T2 the SOFICA's cap is
reached and the first tier fills, so the second tier starts being paid. The
authors' MGs match the budget's rights lines; the director's is recouped
during T2.
"""

from __future__ import annotations

from typing import Any

_THEATRICAL = {"channel": "salles_france", "vat_rate": 0.055, "tsa_rate": 0.1072,
               "sacem_rate": 0.015, "rental_rate": 0.45, "commission_rate": 0.30,
               "commission_cap": 0.35, "minimum_guarantee": 300000}
_AUBE, _NORD, _SOFICA, _REGION = ("Les Films de l'Aube", "Lumière du Nord", "SOFICA Horizon 2",
                                  "Région Auvergne-Rhône-Alpes")


def demo_input() -> dict[str, Any]:
    """The JSON input of the demo royalty control (two periods, 2026-T1 and 2026-T2)."""
    return {
        "title": "Les Heures claires — contrôle de la répartition des recettes",
        "channels": [
            {**_THEATRICAL, "period": "2026-T1", "box_office_ttc": 2400000, "expenses": 450000},
            {"channel": "tv", "period": "2026-T1", "gross": 650000},
            {"channel": "international", "period": "2026-T1", "gross": 180000,
             "commission_rate": 0.20, "expenses": 25000, "minimum_guarantee": 150000},
            {**_THEATRICAL, "period": "2026-T2", "box_office_ttc": 900000, "expenses": 40000},
            {"channel": "video", "period": "2026-T2", "gross": 40000, "commission_rate": 0.25,
             "expenses": 6000},
            {"channel": "vod", "period": "2026-T2", "gross": 55000, "commission_rate": 0.25},
            {"channel": "svod", "period": "2026-T2", "gross": 120000, "commission_rate": 0.15},
            {"channel": "international", "period": "2026-T2", "gross": 90000,
             "commission_rate": 0.20, "expenses": 5000, "minimum_guarantee": 150000},
        ],
        "corridors": [{"beneficiary": _SOFICA, "share": 0.15, "cap": 180000}],
        "tiers": [
            {"cap": 1000000, "shares": [{"beneficiary": _AUBE, "share": 0.70},
                                        {"beneficiary": _NORD, "share": 0.30}]},
            {"cap": None, "shares": [{"beneficiary": _AUBE, "share": 0.60},
                                     {"beneficiary": _NORD, "share": 0.30},
                                     {"beneficiary": _REGION, "share": 0.10}]},
        ],
        "authors": [
            {"name": "Réalisatrice", "rate": 0.04, "minimum_guarantee": 50000},
            {"name": "Scénaristes", "rate": 0.015, "minimum_guarantee": 70000},
            {"name": "Auteur du roman adapté", "rate": 0.01, "minimum_guarantee": 40000,
             "base": "salles_france"},
        ],
        "statements": [
            {"beneficiary": _SOFICA, "period": "2026-T1", "paid": 165000},
            {"beneficiary": _NORD, "period": "2026-T1", "paid": 280000},
            {"beneficiary": _SOFICA, "period": "2026-T2", "paid": 15000},
            {"beneficiary": _NORD, "period": "2026-T2", "paid": 75000},
            {"beneficiary": _REGION, "period": "2026-T2", "paid": 0},
        ],
    }
