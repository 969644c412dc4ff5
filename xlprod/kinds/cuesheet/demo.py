"""The demo production's cue sheet: « Les Heures claires », a French drama at 25 fps,
1 h 35: an original score by Mathilde Renard, three pre-existing songs, a library
cue, a public-domain piece played on screen, and two image archives.

Names, identifiers and references are invented; the ISAN, ISRC and ISWC are
well-formed with correct check characters.
"""

from __future__ import annotations

from typing import Any

COMPOSER = {"name": "RENARD Mathilde", "role": "C", "share": 66.67, "society": "SACEM",
            "ipi": "00523876412"}
PUBLISHER = {"name": "Éditions du Quai Est", "role": "E", "share": 33.33, "society": "SACEM",
             "ipi": "00612034587"}
SCORE = [COMPOSER, PUBLISHER]

# number, title, tc in, tc out, usage, origin, extra fields, rights holders
_CUES: list[tuple[Any, ...]] = [
    (1, "Logo — Les Films de l'Aube", "00:00:00:00", "00:00:07:12", "EE", "original", {}, SCORE),
    (2, "Les Heures claires — générique début", "00:00:08:00", "00:01:52:12", "OT", "original",
     {}, SCORE),
    (3, "Le lac, au matin", "00:04:15:00", "00:06:02:18", "BI", "original", {}, SCORE),
    (4, "Sous les platanes", "00:11:40:05", "00:13:05:00", "BV", "preexisting",
     {"isrc": "FR-X7Q-24-00017", "iswc": "T-481.093.675-0", "performer": "Lou Bertin",
      "label": "Disques Mistral", "licence": "SYNC-LHC-2026-01"},
     [{"name": "LAMBERT Paul", "role": "A", "share": 25, "society": "SACEM",
       "ipi": "00498120377"},
      {"name": "BERTIN Lou", "role": "C", "share": 25, "society": "SACEM", "ipi": "00498120462"},
      {"name": "Éditions Mistral Musique", "role": "E", "share": 50, "society": "SACEM",
       "ipi": "00287650019"}]),
    (5, "La lettre", "00:18:22:10", "00:20:40:00", "BI", "original", {}, SCORE),
    (6, "Tension urbaine", "00:27:03:00", "00:28:10:15", "BI", "library",
     {"iswc": "T-302.775.418-9", "label": "Atlas Production Music", "licence": "ATL-88213"},
     [{"name": "KOVAC Ivan", "role": "C", "share": 50, "society": "SACEM", "ipi": "00377215408"},
      {"name": "Atlas Production Music", "role": "E", "share": 50, "society": "SACEM",
       "ipi": "00377215513"}]),
    (7, "Gymnopédie n° 1 (Erik Satie), arrangement piano", "00:34:50:00", "00:37:12:20", "VI",
     "public_domain", {"performer": "Inès Morel"},
     [{"name": "RENARD Mathilde", "role": "AR", "share": 100, "society": "SACEM",
       "ipi": "00523876412"}]),
    (8, "Minuit sur la Saône", "00:48:02:00", "00:50:31:10", "VV", "preexisting",
     {"iswc": "T-559.120.043-4", "performer": "Inès Morel et Hugo Marchal",
      "licence": "SYNC-LHC-2026-02"},
     [{"name": "DUVAL Jeanne", "role": "CA", "share": 50, "society": "SACEM",
       "ipi": "00156094221"},
      {"name": "Éditions Rive Gauche", "role": "E", "share": 50, "society": "SACEM",
       "ipi": "00156094306"}]),
    (9, "Retour à la maison", "00:58:40:00", "01:01:15:05", "BI", "original", {}, SCORE),
    (10, "Nuit blanche", "01:09:30:12", "01:12:02:00", "BI", "original", {}, SCORE),
    (11, "Minuit à Pigalle", "01:16:10:00", "01:17:34:08", "BV", "preexisting",
     {"isrc": "FR-Z9K-98-00342", "iswc": "T-617.340.289-9", "performer": "Les Frères Sorel",
      "label": "Disques Sorel", "licence": "SYNC-LHC-2026-03"},
     [{"name": "SOREL Marc", "role": "CA", "share": 60, "society": "SACEM",
       "ipi": "00230418855"},
      {"name": "Éditions Sorel", "role": "E", "share": 40, "society": "SACEM",
       "ipi": "00230418940"}]),
    (12, "Les Heures claires — thème", "01:24:00:00", "01:27:45:00", "BI", "original", {}, SCORE),
    (13, "Les Heures claires — générique fin", "01:31:20:00", "01:35:00:00", "CT", "original",
     {}, SCORE),
]

_ARCHIVES: list[dict[str, Any]] = [
    {"source": "INA", "title": "Journal télévisé régional du 12 mars 1983 (crue de la Saône)",
     "rightsholder": "Institut national de l'audiovisuel", "tc_in": "00:40:12:00",
     "tc_out": "00:40:31:10", "fee_per_second": 45, "territories": "Monde",
     "media": "Tous médias", "expiry": "2036-03-31", "reference": "INA-2026-0458"},
    {"source": "Cinémathèque régionale", "title": "Film amateur 8 mm, fête de village, 1961",
     "rightsholder": "Famille Perrin", "tc_in": "01:05:02:00", "tc_out": "01:05:40:00",
     "flat_fee": 800, "territories": "Monde", "media": "Tous médias",
     "reference": "CR-2026-12"},
]


def demo_input() -> dict[str, Any]:
    cues = []
    for number, title, tc_in, tc_out, usage, origin, extra, holders in _CUES:
        cues.append({"number": number, "title": title, "tc_in": tc_in, "tc_out": tc_out,
                     "usage": usage, "origin": origin, **extra,
                     "rightsholders": [dict(h) for h in holders]})
    return {
        "title": "Les Heures claires",
        "isan": "0000-0004-C3A1-0000-C-0000-0000-1",
        "version": "VO française",
        "fps": 25,
        "programme_duration": "01:35:00:00",
        "producer": "Les Films de l'Aube",
        "broadcaster": "Canal Azur",
        "director": "Julien Marchand",
        "year": 2026,
        "country": "FR/BE",
        "cues": cues,
        "archives": [dict(a) for a in _ARCHIVES],
    }
