"""The demo production's cost report: « Les Heures claires » at the end of shooting
(report of 30 June 2026; shooting 4 May – 19 June, post-production from July).

The budget is the demo devis (:func:`xlprod.kinds.budget.demo.demo_input`)
cut by :func:`.derive.budget_from`; the actuals come from the demo FEC of the
producing company, Les Films de l'Aube (:func:`demo_fec`, February–June 2026:
purchases with their VAT and supplier lines, payroll with its social
charges, authors' rights, bank payments). The company opened sub-accounts
per poste (``641230`` crew wages, image → 24); the demo mapping names them
and everything else falls back to the shipped PCG table, which sends a few
accounts to a whole chapter: ``647`` (occupational health) → « Chapitre 4 —
non ventilé », ``604`` (rushes handling) → « Chapitre 8 — non ventilé »,
``606`` (unit supplies) → ``69``, which the devis does not have (« 69 —
absent du devis »); ``671``
(fines) is hors devis. Overruns beyond 5 % and 1 000 € are flagged, and each
has its explanation.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from xlprod.importers.fec_text import LEGAL_COLUMNS
from xlprod.kinds.budget.demo import demo_input as budget_demo
from xlprod.kinds.variance.derive import budget_from
from xlprod.money import ZERO, cents

__all__ = ["FEC_NAME", "PAYROLL", "PURCHASES", "demo_actuals", "demo_fec", "demo_input",
           "demo_with_actuals"]

#: The name an FEC of the company's fiscal year would have (SIREN + FEC + closing date).
FEC_NAME = "812345676FEC20261231.txt"

#: Employer charges booked with each payroll, as a share of the month's gross (a demo
#: simplification: the budget engine computes them contribution by contribution).
CREW_CHARGES = Decimal("0.63")
CAST_CHARGES = Decimal("0.53")
AUTHOR_CHARGES = Decimal("0.011")

_ACCOUNT_LIB = {
    "641100": "Salaires — producteur délégué", "641210": "Salaires — réalisation",
    "641220": "Salaires — production", "641230": "Salaires — image",
    "641240": "Salaires — son", "641250": "Salaires — décoration",
    "641260": "Salaires — costumes, maquillage, coiffure",
    "641270": "Salaires — machinerie, électricité",
    "641310": "Cachets — rôles principaux", "641320": "Cachets — rôles secondaires",
    "641330": "Cachets — petits rôles", "641340": "Cachets — figuration",
    "645110": "Contributions artistes-auteurs", "645120": "Charges sociales — personnel",
    "645130": "Charges sociales — artistes", "647500": "Médecine du travail",
    "651110": "Droits d'adaptation", "651120": "Droits — scénario",
    "651130": "Droits — réalisateur", "651140": "Droits — musique originale",
    "651600": "Redevances — archives",
    "421000": "Personnel — rémunérations dues", "431000": "Sécurité sociale",
    "467100": "Auteurs — droits à payer", "401000": "Fournisseurs", "445660": "TVA déductible",
    "512000": "Banque", "613210": "Locations — décors naturels",
    "613220": "Locations — bureaux", "613510": "Locations — caméra",
    "613520": "Locations — machinerie", "613530": "Locations — électricité",
    "613540": "Locations — son", "613550": "Locations — véhicules techniques",
    "613560": "Locations — véhicules de production", "605000": "Achats — construction décors",
    "607000": "Achats — accessoires", "606810": "Achats — costumes",
    "606820": "Achats — maquillage", "606300": "Fournitures de régie",
    "625150": "Hébergement", "625600": "Missions — défraiements", "625700": "Réceptions — catering",
    "626000": "Télécommunications", "604100": "Prestations — gestion des rushes",
    "616000": "Primes d'assurances", "623400": "Photographe de plateau",
    "622600": "Honoraires juridiques", "622810": "Honoraires — casting",
    "627000": "Services bancaires", "661600": "Intérêts bancaires",
    "671200": "Pénalités et amendes",
}

# date, piece, supplier code, supplier name, [(compte, HT)], VAT rate; a negative HT is a
# credit note (avoir). Labels start with the supplier, as the office types them.
PURCHASES: list[tuple[str, str, str, str, list[tuple[str, str]], str]] = [
    ("20260203", "F-LOC-2026-014", "FIMMO", "SCI Part-Dieu", [("613220", "3500.00")], "0.20"),
    ("20260302", "F-LOC-2026-031", "FIMMO", "SCI Part-Dieu", [("613220", "3500.00")], "0.20"),
    ("20260401", "F-LOC-2026-047", "FIMMO", "SCI Part-Dieu", [("613220", "3500.00")], "0.20"),
    ("20260504", "F-LOC-2026-066", "FIMMO", "SCI Part-Dieu", [("613220", "3500.00")], "0.20"),
    ("20260601", "F-LOC-2026-082", "FIMMO", "SCI Part-Dieu", [("613220", "3500.00")], "0.20"),
    ("20260215", "TEL-0226", "FTEL", "Orange Business", [("626000", "640.00")], "0.20"),
    ("20260310", "AP-2026-112", "FASSU", "Hiscox Cinéma", [("616000", "38600.00")], "0"),
    ("20260320", "HON-2026-07", "FAVOC", "Cabinet Marceau Avocats", [("622600", "9800.00")], "0.20"),
    ("20260325", "CAS-01", "FCAST", "Studio Casting Bellecour", [("622810", "9000.00")], "0.20"),
    ("20260424", "CAS-02", "FCAST", "Studio Casting Bellecour", [("622810", "9000.00")], "0.20"),
    ("20260415", "DEC-0415", "FDECO", "Ateliers Vaise Décors", [("605000", "32000.00")], "0.20"),
    ("20260529", "DEC-0529", "FDECO", "Ateliers Vaise Décors", [("605000", "22500.00")], "0.20"),
    ("20260428", "ACC-2026-33", "FACCE", "Accessoires Lumière", [("607000", "27200.00")], "0.20"),
    ("20260430", "COS-2026-19", "FCOST", "Maison Pressard", [("606810", "30500.00")], "0.20"),
    ("20260430", "MQ-1187", "FMAQU", "Make Up For Ever Pro", [("606820", "7400.00")], "0.20"),
    ("20260531", "CH-2026-05", "FCHAT", "Château de la Dombes",
     [("613210", "44000.00")], "0.20"),
    ("20260619", "CH-2026-06", "FCHAT", "Château de la Dombes",
     [("613210", "26200.00")], "0.20"),
    ("20260612", "BX-2026-044", "FBRUX", "Brussels Locations SPRL",
     [("613210", "22000.00")], "0"),
    ("20260619", "CAM-2026-208", "FCAME", "Loca Caméra Lyon", [("613510", "56000.00")], "0.20"),
    ("20260626", "AV-2026-017", "FCAME", "Loca Caméra Lyon", [("613510", "-1120.00")], "0.20"),
    ("20260619", "GRIP-0619", "FGRIP", "Transpalux", [("613520", "29400.00"),
                                                      ("613530", "47400.00")], "0.20"),
    ("20260619", "SON-2026-51", "FSON", "Audio Rental Rhône", [("613540", "11200.00")], "0.20"),
    ("20260619", "VT-2026-88", "FVEHI", "Ciné Camions", [("613550", "22400.00"),
                                                       ("613560", "37800.00")], "0.20"),
    ("20260531", "HOT-0531", "FHOTE", "Hôtel des Célestins", [("625150", "31900.00")], "0.10"),
    ("20260619", "HOT-0619", "FHOTE", "Hôtel des Célestins", [("625150", "16000.00")], "0.10"),
    ("20260615", "HOT-BX-12", "FHOBX", "Hotel Le Dixseptième", [("625150", "22000.00")], "0"),
    ("20260531", "CAT-0531", "FCATE", "Cantine Mobile Saône", [("625700", "20400.00")], "0.10"),
    ("20260619", "CAT-0619", "FCATE", "Cantine Mobile Saône", [("625700", "15120.00")], "0.10"),
    ("20260522", "REG-0522", "FREGI", "Régie Express", [("606300", "1850.00")], "0.20"),
    ("20260612", "RUSH-2026-6", "FLABO", "Lumen Post", [("604100", "4800.00")], "0.20"),
    ("20260618", "PH-2026-3", "FPHOT", "Atelier Nadar Lyon", [("623400", "6500.00")], "0.20"),
    ("20260520", "ST-0520", "FTHAL", "Thalie Santé", [("647500", "1240.00")], "0"),
    ("20260630", "PV-2026-9", "FTRES", "Trésor public", [("671200", "1350.00")], "0"),
    ("20260520", "ARC-2026-12", "FINA", "INA — archives", [("651600", "1950.00")], "0.20"),
]

#: Labels typed otherwise than « supplier — Facture piece »: one starts with "-", and
#: must stay text in the workbook.
_LABELS = {"AV-2026-017": "-2 % remise fidélité — Loca Caméra Lyon"}

# Per diems are paid as a lump sum to the crew through the bank; bank costs and interest.
BANK: list[tuple[str, str, str, str]] = [
    ("20260531", "DEF-05", "625600", "11840.00"),
    ("20260619", "DEF-06", "625600", "11340.00"),
    ("20260630", "FRAIS-06", "627000", "740.00"),
    ("20260630", "INT-T2", "661600", "6200.00"),
]

# Payroll of each month: compte → gross.
PAYROLL: list[tuple[str, dict[str, str]]] = [
    ("20260227", {"641100": "4500.00", "641220": "11600.00"}),
    ("20260331", {"641100": "4500.00", "641210": "8200.00", "641220": "11600.00",
                  "641250": "10800.00"}),
    ("20260430", {"641100": "4500.00", "641210": "12400.00", "641220": "17100.00",
                  "641250": "20250.00", "641260": "8800.00"}),
    ("20260529", {"641100": "4500.00", "641210": "24650.00", "641220": "23000.00",
                  "641230": "22800.00", "641240": "13600.00", "641250": "20250.00",
                  "641260": "34950.00", "641270": "39200.00", "641310": "72000.00",
                  "641320": "21600.00", "641330": "5400.00", "641340": "20700.00"}),
    ("20260630", {"641100": "4500.00", "641210": "24700.00", "641220": "22800.00",
                  "641230": "20700.00", "641240": "10200.00", "641250": "17550.00",
                  "641260": "26250.00", "641270": "29400.00", "641310": "59000.00",
                  "641320": "14400.00", "641330": "5400.00", "641340": "18400.00"}),
]

# Authors' rights: date, piece, compte, gross; the 1.1 % contribution is booked with it.
RIGHTS: list[tuple[str, str, str, str]] = [
    ("20260210", "DA-2026-01", "651110", "40000.00"),
    ("20260210", "DA-2026-02", "651120", "56000.00"),
    ("20260302", "DA-2026-03", "651130", "25000.00"),
    ("20260415", "DA-2026-04", "651140", "10000.00"),
]

#: The company's sub-accounts → the devis's postes (the rest: the shipped PCG table).
MAPPING: list[tuple[str, str]] = [
    ("641100", "21"), ("641210", "22"), ("641220", "23"), ("641230", "24"), ("641240", "25"),
    ("641250", "26"), ("641260", "27"), ("641270", "28"), ("641280", "29"),
    ("641310", "31"), ("641320", "32"), ("641330", "33"), ("641340", "34"), ("622810", "35"),
    ("645110", "41"), ("645120", "42"), ("645130", "43"),
    ("651110", "11"), ("651120", "12"), ("651130", "13"), ("651140", "14"), ("651600", "16"),
    ("613210", "52"), ("606810", "58"), ("606820", "59"), ("613560", "61"), ("625150", "63"),
    ("61351", "71"), ("61352", "72"), ("61353", "73"), ("61354", "74"), ("61355", "75"),
]

_COMMITMENTS: list[tuple[str, str, str, str, str, str]] = [
    ("15", "12000", "BC-0031", "Éditions du Rhône", "2026-04-20", "Synchronisation — 3 titres"),
    ("58", "1200", "BC-0044", "Maison Pressard", "2026-06-19", "Retour costumes et pressing"),
    ("75", "800", "BC-0049", "Ciné Camions", "2026-06-19", "Jours de restitution"),
    ("82", "30500", "BC-0052", "Lumen Post", "2026-06-05", "Étalonnage"),
    ("83", "62000", "BC-0053", "Studio Ondine", "2026-06-10", "Montage son, bruitage, mixage"),
    ("84", "38500", "BC-0054", "Pixel Brabant", "2026-06-15", "Effets visuels (12 plans)"),
]

_ESTIMATES: list[tuple[str, str]] = [
    ("12", "14000"), ("13", "25000"), ("14", "15000"), ("15", "6000"), ("21", "22500"),
    ("22", "9600"), ("23", "5800"), ("29", "63900"), ("41", "594"), ("42", "64134"),
    ("68", "10500"), ("81", "17100"), ("85", "25000"), ("92", "8500"), ("93", "15200"),
    ("94", "13060"), ("FG", "159689.43"),
]

_PREVIOUS: list[tuple[str, str]] = [
    ("24", "41700"), ("34", "36800"), ("52", "89700"), ("65", "34000"), ("71", "56000"),
    ("84", "35000"),
]

_EXPLANATIONS: list[tuple[str, str, str]] = [
    ("24", "Heures supplémentaires de l'équipe image : trois nuits ajoutées au plan de travail "
           "(séq. 34 à 41).", "Imputé sur les imprévus ; transfert IMP → 24 au devis révisé."),
    ("34", "Séquence du marché (j. 18) : 40 figurants de plus que prévu.",
     "Compensé par l'économie sur 32 ; le solde sur les imprévus."),
    ("52", "Deux jours de plus au château de la Dombes (intempéries, j. 12 et 13).",
     "Déclaration à l'assurance intempéries en cours ; à défaut, imprévus."),
    ("65", "Catering des trois nuits et des figurants supplémentaires du j. 18.",
     "Imprévus."),
    ("84", "Devis VFX signé au-dessus du budget : effacement de l'éolienne (séq. 7) ajouté.",
     "Transfert depuis les imprévus, validé par le coproducteur."),
    ("4", "Médecine du travail (Thalie Santé) passée en 647, que la table PCG envoie sur le "
          "chapitre 4 sans poste.", "À reclasser sur 42 au prochain rapport."),
    ("69", "Fournitures de régie (606, que la table PCG envoie sur 69) : le devis n'a pas "
           "de poste 69.",
     "À reclasser sur 65 ; créer un poste régie au devis révisé."),
    ("8", "Gestion des rushes facturée par le laboratoire (604), sans poste désigné.",
     "À reclasser sur 81 (montage image)."),
    ("671200", "Amendes de stationnement des camions techniques (Lyon, mai).",
     "Hors devis : à la charge de la production, non refacturable."),
    ("43", "Charges sociales des comédiens : le devis les estime au plafond proratisé par jour "
           "payé, la paie les a calculées sur des cachets isolés (plafond de 12 heures par "
           "cachet), plus chers.", "Revoir le mode de calcul du plafond des comédiens au devis "
           "révisé (Paramètres : ceiling_method) et provisionner l'écart."),
]


def demo_input() -> dict[str, Any]:
    """The JSON input of the demo cost report, with the demo FEC's actuals left out
    (``new variance --fec`` brings them; :func:`demo_actuals` gives them)."""
    return {
        "title": "Les Heures claires — suivi budgétaire",
        "as_of": "2026-06-30",
        "budget": budget_from(budget_demo()),
        "mapping": [{"prefix": p, "account": a} for p, a in MAPPING],
        "commitments": [{"account": a, "amount": float(m), "reference": r, "supplier": s,
                         "date": d, "label": label} for a, m, r, s, d, label in _COMMITMENTS],
        "estimates_to_complete": [{"account": a, "amount": float(m)} for a, m in _ESTIMATES],
        "previous": [{"account": a, "efc": float(m)} for a, m in _PREVIOUS],
        "previous_as_of": "2026-05-31",
        "threshold": 0.05,
        "threshold_amount": 1000,
        "explanations": [{"account": a, "explanation": e, "treatment": t}
                         for a, e, t in _EXPLANATIONS],
    }


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _entries() -> list[list[str]]:
    """Every FEC record of the demo, in date order (ValidDate = EcritureDate)."""
    records: list[tuple[str, str, list[tuple[str, str, str, str, Decimal, Decimal]], str, str]] = []
    # (date, journal, lines [(compte, aux num, aux lib, label, debit, credit)], piece, label)
    for day, piece, code, name, items, rate in PURCHASES:
        total = ZERO
        lines: list[tuple[str, str, str, str, Decimal, Decimal]] = []
        for compte, ht in items:
            value = Decimal(ht)
            total += value
            lines.append((compte, "", "", "", max(value, ZERO), max(-value, ZERO)))
        vat = cents(total * Decimal(rate))
        if vat:
            lines.append(("445660", "", "", "", max(vat, ZERO), max(-vat, ZERO)))
        ttc = total + vat
        lines.append(("401000", code, name, "", max(-ttc, ZERO), max(ttc, ZERO)))
        kind = "Avoir" if total < 0 else "Facture"
        records.append((day, "HA", lines, piece, _LABELS.get(piece, f"{name} — {kind} {piece}")))
    for day, gross_by in PAYROLL:
        lines = []
        crew = cast = ZERO
        for compte, gross in gross_by.items():
            value = Decimal(gross)
            lines.append((compte, "", "", "", value, ZERO))
            if compte.startswith("6413"):
                cast += value
            else:
                crew += value
        charges = [("645120", cents(crew * CREW_CHARGES)), ("645130", cents(cast * CAST_CHARGES))]
        lines += [(c, "", "", "", v, ZERO) for c, v in charges if v]
        total_gross = crew + cast
        net = cents(total_gross * Decimal("0.78"))
        social = total_gross + sum((v for _, v in charges), ZERO) - net
        lines += [("421000", "", "", "", ZERO, net), ("431000", "", "", "", ZERO, social)]
        month = f"{day[4:6]}/{day[:4]}"
        records.append((day, "PA", lines, f"PAIE-{day[:6]}", f"Paie {month}"))
    for day, piece, compte, gross in RIGHTS:
        value = Decimal(gross)
        contribution = cents(value * AUTHOR_CHARGES)
        lines = [(compte, "", "", "", value, ZERO), ("645110", "", "", "", contribution, ZERO),
                 ("467100", "AUT", "Auteurs", "", ZERO, value),
                 ("431000", "", "", "", ZERO, contribution)]
        records.append((day, "DA", lines, piece, f"Droits d'auteur {piece}"))
    for day, piece, compte, amount in BANK:
        value = Decimal(amount)
        lines = [(compte, "", "", "", value, ZERO), ("512000", "", "", "", ZERO, value)]
        records.append((day, "BQ", lines, piece, _ACCOUNT_LIB[compte]))
    # a few supplier payments (classes 4 and 5 only)
    for day, code, name, amount in (("20260310", "FIMMO", "SCI Part-Dieu", "8400.00"),
                                    ("20260415", "FASSU", "Hiscox Cinéma", "38600.00"),
                                    ("20260630", "FCAME", "Loca Caméra Lyon", "65856.00")):
        value = Decimal(amount)
        lines = [("401000", code, name, "", value, ZERO), ("512000", "", "", "", ZERO, value)]
        records.append((day, "BQ", lines, f"VIR-{code}", f"Règlement {name}"))
    journals = {"HA": "Achats", "PA": "Paie", "DA": "Droits d'auteur", "BQ": "Banque"}
    numbers: dict[str, int] = {}
    out: list[list[str]] = []
    for day, journal, lines, piece, label in sorted(records, key=lambda r: (r[0], r[1])):
        numbers[journal] = numbers.get(journal, 0) + 1
        num = f"{journal}{numbers[journal]:05d}"
        for compte, aux, auxlib, _, debit, credit in lines:
            out.append([journal, journals[journal], num, day, compte, _ACCOUNT_LIB[compte], aux,
                        auxlib, piece, day, label, _amount(debit), _amount(credit), "", "", day,
                        "", ""])
    return out


def demo_fec(path: Path | str) -> Path:
    """Write the demo FEC at ``path`` (pipe-separated, UTF-8, CRLF, the 18 legal columns)."""
    path = Path(path)
    rows: Sequence[Sequence[str]] = [list(LEGAL_COLUMNS), *_entries()]
    path.write_bytes("".join("|".join(r) + "\r\n" for r in rows).encode("utf-8"))
    return path


def demo_actuals() -> list[dict[str, Any]]:
    """The demo FEC's class-6 lines as the model's ``actuals`` (written and imported)."""
    import tempfile

    from xlprod.importers import read_fec
    from xlprod.kinds.variance.derive import actuals_from_fec

    with tempfile.TemporaryDirectory() as folder:
        return actuals_from_fec(read_fec(demo_fec(Path(folder) / FEC_NAME)))


def demo_with_actuals() -> dict[str, Any]:
    """The demo input with the demo FEC's actuals already imported (``xlprod demo``)."""
    return {**demo_input(), "actuals": demo_actuals()}
