"""The demo production's budget: « Les Heures claires », a French drama,
about 2.5 M€ all in, 32 shooting days (part of it in Brussels)."""

from __future__ import annotations

from typing import Any

W = "shoot_weeks"

# chapter, account, label, quantity, unit, count, rate, status[, location]
_LINES: list[tuple[Any, ...]] = [
    (1, "11", "Droits d'adaptation du roman", 1, "forfait", 1, 40000, "auteur"),
    (1, "12", "Scénario et dialogues", 1, "forfait", 2, 35000, "auteur"),
    (1, "13", "Réalisateur — droits d'auteur", 1, "forfait", 1, 50000, "auteur"),
    (1, "14", "Musique originale — compositeur", 1, "forfait", 1, 25000, "auteur"),
    (1, "15", "Musiques préexistantes (synchronisation)", 1, "forfait", 1, 18000, "facture"),
    (1, "16", "Archives images et sons (voir le registre du relevé)", 1, "forfait", 1, 1700,
     "facture"),
    (2, "21", "Producteur délégué", 10, "mois", 1, 4500, "cadre"),
    (2, "22", "Réalisateur — salaire", 13, "semaine", 1, 3200, "cadre"),
    (2, "22", "1er assistant réalisateur", "prep_weeks", "semaine", 1, 2050, "cadre"),
    (2, "22", "1er assistant réalisateur — tournage", W, "semaine", 1, 2050, "cadre"),
    (2, "22", "Scripte", W, "semaine", 1, 1500, "technicien"),
    (2, "23", "Directeur de production", 16, "semaine", 1, 2900, "cadre"),
    (2, "23", "Régisseur général", 13, "semaine", 1, 1900, "technicien"),
    (2, "23", "Régisseurs adjoints", W, "semaine", 2, 1300, "technicien"),
    (2, "24", "Directeur de la photographie", W, "semaine", 1, 3100, "cadre"),
    (2, "24", "1er assistant opérateur", W, "semaine", 1, 1450, "technicien"),
    (2, "24", "2e assistant opérateur", W, "semaine", 1, 1150, "technicien"),
    (2, "25", "Chef opérateur du son", W, "semaine", 1, 2000, "cadre"),
    (2, "25", "Perchman", W, "semaine", 1, 1400, "technicien"),
    (2, "26", "Chef décorateur", 12, "semaine", 1, 2700, "cadre"),
    (2, "26", "Ensemblier et accessoiristes", 10, "semaine", 3, 1350, "technicien"),
    (2, "27", "Créatrice de costumes", 11, "semaine", 1, 2200, "cadre"),
    (2, "27", "Habilleuses", W, "semaine", 2, 1150, "technicien"),
    (2, "27", "Maquillage et coiffure", W, "semaine", 3, 1350, "technicien"),
    (2, "28", "Machinistes (chef + équipe)", W, "semaine", 3, 1400, "technicien"),
    (2, "28", "Électriciens (chef + équipe)", W, "semaine", 4, 1400, "technicien"),
    (2, "29", "Chef monteur", "post_weeks", "semaine", 1, 2300, "cadre"),
    (2, "29", "Assistant monteur", "post_weeks", "semaine", 1, 1250, "technicien"),
    (3, "31", "Rôle principal — Claire", 25, "jour", 1, 3000, "artiste"),
    (3, "31", "Rôle principal — Antoine", 20, "jour", 1, 2500, "artiste"),
    (3, "32", "Rôles secondaires", 8, "jour", 6, 800, "artiste"),
    (3, "33", "Petits rôles", 2, "cachet", 12, 450, "artiste"),
    (3, "34", "Figuration (journées)", 1, "jour", 300, 115, "artiste"),
    (3, "35", "Directrice de casting", 1, "forfait", 1, 18000, "facture"),
    (5, "52", "Décors naturels — location", "shoot_days", "jour", 1, 2200, "facture"),
    (5, "52", "Décors naturels — Bruxelles", 6, "jour", 1, 2500, "facture", "BE"),
    (5, "53", "Construction de décors", 1, "forfait", 1, 60000, "facture"),
    (5, "54", "Meubles et accessoires", 1, "forfait", 1, 28000, "facture"),
    (5, "58", "Costumes (achat, location, fabrication)", 1, "forfait", 1, 32000, "facture"),
    (5, "59", "Maquillage et coiffure — fournitures", 1, "forfait", 1, 8000, "facture"),
    (6, "61", "Véhicules de production", W, "semaine", 6, 900, "facture"),
    (6, "63", "Hébergement équipe", 1, "forfait", 1, 45000, "facture"),
    (6, "63", "Hébergement — Bruxelles", 1, "forfait", 1, 22000, "facture", "BE"),
    (6, "64", "Défraiements (repas, per diem)", "shoot_days", "jour", 40, 19, "facture"),
    (6, "65", "Cantine et catering", "shoot_days", "jour", 60, 17, "facture"),
    (6, "68", "Bureaux de production", 8, "mois", 1, 3500, "facture"),
    (7, "71", "Caméra et optiques", W, "semaine", 1, 8000, "facture"),
    (7, "72", "Machinerie", W, "semaine", 1, 4200, "facture"),
    (7, "73", "Électricité et groupes", W, "semaine", 1, 6500, "facture"),
    (7, "74", "Matériel son", W, "semaine", 1, 1600, "facture"),
    (7, "75", "Véhicules techniques", W, "semaine", 1, 3200, "facture"),
    (8, "81", "Salle de montage image", "post_weeks", "semaine", 1, 950, "facture"),
    (8, "82", "Étalonnage", 1, "forfait", 1, 32000, "facture"),
    (8, "83", "Montage son, bruitage et mixage", 1, "forfait", 1, 62000, "facture"),
    (8, "84", "Effets visuels", 1, "forfait", 1, 35000, "facture", "BE"),
    (8, "85", "DCP, sous-titrage, génériques", 1, "forfait", 1, 25000, "facture"),
    (9, "91", "Assurances production", 1, "forfait", 1, 40000, "facture"),
    (9, "92", "Photographe de plateau, dossier de presse", 1, "forfait", 1, 15000, "facture"),
    (9, "93", "Frais juridiques et commissaire aux comptes", 1, "forfait", 1, 25000, "facture"),
    (9, "94", "Frais financiers", 1, "forfait", 1, 20000, "facture"),
]


def demo_input() -> dict[str, Any]:
    lines = []
    for chapter, account, label, quantity, unit, count, rate, status, *loc in _LINES:
        line: dict[str, Any] = {
            "chapter": chapter, "account": account, "label": label, "quantity": quantity,
            "unit": unit, "count": count, "rate": rate, "status": status,
        }
        if loc:
            line["location"] = loc[0]
        elif chapter in (5, 6) and quantity == "shoot_days":
            line["region"] = "Auvergne-Rhône-Alpes"  # shot in and around Lyon
        lines.append(line)
    return {
        "title": "Les Heures claires",
        "kind": "cinema",
        "year": 2026,
        "company": "Les Films de l'Aube",
        "producer": "Claire Vasseur",
        "director": "Julien Marchand",
        "version": "Devis initial v1",
        "version_date": "2026-01-15",
        "duration_minutes": 95,
        "globals": {"shoot_days": 32, "shoot_weeks": 7, "prep_weeks": 6, "post_weeks": 18},
        "overhead_rate": 0.07,
        "contingency_rate": 0.05,
        "lines": lines,
    }
