"""Royalties findings: what an auditor of the « reddition des comptes » would query.

Errors: a rate outside 0–1, a negative amount, a theatrical channel missing a
rate, a row with both or neither of ``box_office_ttc`` and ``gross``, the same
channel twice in a period, two different MGs for one channel, periods given on
some rows only, corridor shares above 1 in total, a tier without shares or
whose shares do not sum to 1, a beneficiary twice at one level, no tier at
all, an author's base that is no channel, a statement or opening position for
an unknown beneficiary, an opening position past its cap.
Warnings: a last tier with a cap (money past it is unallocated), a tier
without a cap before other tiers (they will never receive anything), a
rental rate outside the legal 25–50 %, a theatrical commission cap above the
protocole 2010's (25 % without MG, 35 % with), a channel whose costs exceed
its receipts, a period label not starting with its year.

Messages are French by default, English with ``lang="en"``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from xlprod.kinds.base import Finding, Path_
from xlprod.kinds.royalties.compute import channel_figures
from xlprod.kinds.royalties.model import Royalties

ONE = Decimal(1)
ZERO = Decimal(0)
_THEATRICAL_RATES = ("vat_rate", "tsa_rate", "sacem_rate", "rental_rate")
_YEAR_FIRST = re.compile(r"\d{4}")


class _Collector:
    def __init__(self, lang: str) -> None:
        self.en = lang == "en"
        self.found: list[Finding] = []

    def error(self, path: Path_, fr: str, en: str) -> None:
        self.found.append(Finding("error", path, en if self.en else fr))

    def warning(self, path: Path_, fr: str, en: str) -> None:
        self.found.append(Finding("warning", path, en if self.en else fr))

    def rate(self, path: Path_, value: Decimal | None) -> None:
        if value is not None and not ZERO <= value <= ONE:
            self.error(path, f"taux {value} hors de 0–1 ; écrivez une fraction (0.07 pour 7 %)",
                       f"rate {value} is outside 0–1; write a fraction (0.07 for 7 %)")

    def amount(self, path: Path_, value: Decimal | None) -> None:
        if value is not None and value < 0:
            self.error(path, f"montant négatif ({value}) ; saisissez un montant positif ou nul",
                       f"negative amount ({value}); enter zero or more")


def check(model: Royalties, lang: str = "fr") -> list[Finding]:
    """Every finding about ``model``, each at the field to fix."""
    c = _Collector(lang)
    _channels(c, model)
    _waterfall(c, model)
    known = {cor.beneficiary for cor in model.corridors} | {
        s.beneficiary for tier in model.tiers for s in tier.shares}
    names = ", ".join(sorted(known)) or "aucun"
    for i, author in enumerate(model.authors):
        c.rate(("authors", i, "rate"), author.rate)
        c.amount(("authors", i, "minimum_guarantee"), author.minimum_guarantee)
        c.amount(("authors", i, "recouped_before"), author.recouped_before)
        if author.recouped_before > author.minimum_guarantee:
            c.error(("authors", i, "recouped_before"),
                    "le MG déjà récupéré dépasse le minimum garanti ; corrigez l'un ou l'autre",
                    "MG already recouped exceeds the minimum guarantee; correct one of them")
        channels = {ch.channel for ch in model.channels}
        if author.base is not None and author.base not in channels:
            c.error(("authors", i, "base"),
                    f"l'assiette {author.base!r} n'est pas un canal ({', '.join(sorted(channels))}) ; "
                    "choisissez un canal ou laissez vide pour le total RNPP",
                    f"base {author.base!r} is not a channel; choose one or leave it empty for "
                    "the total RNPP")
    for i, st in enumerate(model.statements):
        c.amount(("statements", i, "paid"), st.paid)
        if st.beneficiary not in known:
            c.error(("statements", i, "beneficiary"),
                    f"{st.beneficiary!r} n'est ni dans un couloir ni dans un rang (connus : "
                    f"{names}) ; corrigez le nom",
                    f"{st.beneficiary!r} is in no corridor or tier (known: {names}); fix the name")
    _prior(c, model)
    return c.found


def _channels(c: _Collector, model: Royalties) -> None:
    seen: dict[tuple[str, str | None], int] = {}
    guarantees: dict[str, tuple[int, Decimal]] = {}
    for i, ch in enumerate(model.channels):
        here: Path_ = ("channels", i)
        if (ch.channel, ch.period) in seen:
            c.error((*here, "channel"),
                    f"le canal {ch.channel!r} figure déjà à la ligne {seen[ch.channel, ch.period] + 1} "
                    "pour cette période ; regroupez les deux lignes ou renommez l'une "
                    "(international_de…)",
                    f"channel {ch.channel!r} is already on row {seen[ch.channel, ch.period] + 1} "
                    "for this period; merge the rows or rename one")
        seen.setdefault((ch.channel, ch.period), i)
        for field in ("commission_rate", "commission_cap", *_THEATRICAL_RATES):
            c.rate((*here, field), getattr(ch, field))
        for field in ("box_office_ttc", "gross", "expenses", "minimum_guarantee"):
            c.amount((*here, field), getattr(ch, field))
        if ch.minimum_guarantee is not None:
            first = guarantees.setdefault(ch.channel, (i, ch.minimum_guarantee))
            if first[1] != ch.minimum_guarantee:
                c.error((*here, "minimum_guarantee"),
                        f"le canal {ch.channel!r} a déjà un MG de {first[1]} (ligne {first[0] + 1}) ; "
                        "un MG est compté une fois : saisissez le même ou laissez vide",
                        f"channel {ch.channel!r} already has an MG of {first[1]} (row "
                        f"{first[0] + 1}); an MG counts once: repeat it or leave it empty")
        if ch.theatrical and ch.gross is not None:
            c.error((*here, "gross"),
                    "une ligne salles part des entrées TTC ; videz gross ou box_office_ttc",
                    "a theatrical row starts from box_office_ttc; empty gross or box_office_ttc")
            continue
        if not ch.theatrical:
            _non_theatrical(c, here, ch.gross,
                            [f for f in _THEATRICAL_RATES if getattr(ch, f) is not None])
            if ch.gross is not None and channel_figures(ch).net < 0:
                _negative_net(c, here)
            continue
        missing = [f for f in _THEATRICAL_RATES if getattr(ch, f) is None]
        for field in missing:
            c.error((*here, field),
                    "taux manquant pour un canal salles (TVA 0.055, TSA 0.1072 en France) ; "
                    "saisissez-le",
                    "rate missing for a theatrical channel (France: VAT 0.055, TSA 0.1072); "
                    "enter it")
        if missing:
            continue
        _theatrical_rules(c, here, ch.rental_rate, ch.commission_cap, ch.minimum_guarantee)
        if channel_figures(ch).net < 0:
            _negative_net(c, here)
    _periods(c, model)


def _non_theatrical(c: _Collector, here: Path_, gross: Decimal | None, extra: list[str]) -> None:
    if gross is None:
        c.error((*here, "gross"),
                "saisissez les recettes brutes HT (gross), ou les entrées TTC (box_office_ttc) "
                "pour un canal salles",
                "enter the gross receipts (gross), or box_office_ttc for a theatrical channel")
    for field in extra:
        c.warning((*here, field),
                  "ce taux ne sert qu'aux canaux salles (avec box_office_ttc) ; il est ignoré ici",
                  "this rate only applies to theatrical rows (with box_office_ttc); ignored here")


def _theatrical_rules(c: _Collector, here: Path_, rental: Decimal | None, cap: Decimal | None,
                      mg: Decimal | None) -> None:
    if rental is not None and not Decimal("0.25") <= rental <= Decimal("0.5"):
        c.warning((*here, "rental_rate"),
                  f"taux de location {rental:.2%} hors de la fourchette légale 25–50 % "
                  "(art. L213-11 CCIA) ; vérifiez le contrat",
                  f"rental rate {rental:.2%} is outside the legal 25–50 % (CCIA L213-11); "
                  "check the contract")
    limit = Decimal("0.35") if mg else Decimal("0.25")
    if cap is not None and cap > limit:
        c.warning((*here, "commission_cap"),
                  f"plafond de commission {cap:.0%} au-dessus des {limit:.0%} opposables aux "
                  "auteurs (protocole du 16 décembre 2010, 25 % sans MG, 35 % avec)",
                  f"commission cap {cap:.0%} is above the {limit:.0%} opposable to authors "
                  "(protocole of 16 December 2010: 25 % without MG, 35 % with)")


def _negative_net(c: _Collector, here: Path_) -> None:
    c.warning((*here, "expenses"),
              "les frais et la commission dépassent les recettes : ce déficit réduit le total "
              "RNPP des autres canaux ; si le contrat ne les croise pas, reportez les frais "
              "non couverts à la période suivante",
              "costs and commission exceed the receipts: the deficit reduces the other channels' "
              "RNPP; if the contract does not cross-collateralise, carry the uncovered costs "
              "to the next period")


def _periods(c: _Collector, model: Royalties) -> None:
    rows: list[tuple[Path_, str | None]] = [
        (("channels", i, "period"), ch.period) for i, ch in enumerate(model.channels)]
    rows += [(("statements", i, "period"), st.period) for i, st in enumerate(model.statements)]
    labelled = any(p is not None for _, p in rows)
    for path, period in rows:
        if labelled and period is None:
            c.error(path, "période manquante : donnez une période à chaque ligne, ou à aucune",
                    "period missing: give every row a period, or none")
        elif period is not None and not _YEAR_FIRST.match(period):
            c.warning(path, f"la période {period!r} ne commence pas par l'année ; les périodes "
                      "sont prises dans l'ordre alphabétique : écrivez 2026-T1, 2026-S2, 2026-09…",
                      f"period {period!r} does not start with its year; periods are taken in text "
                      "order: write 2026-T1, 2026-S2, 2026-09…")


def _waterfall(c: _Collector, model: Royalties) -> None:
    total = ZERO
    seen: set[str] = set()
    for i, cor in enumerate(model.corridors):
        c.rate(("corridors", i, "share"), cor.share)
        c.amount(("corridors", i, "cap"), cor.cap)
        total += cor.share
        if cor.beneficiary in seen:
            c.error(("corridors", i, "beneficiary"),
                    f"{cor.beneficiary!r} a déjà un couloir ; regroupez-les en un seul",
                    f"{cor.beneficiary!r} already has a corridor; merge them into one")
        seen.add(cor.beneficiary)
    if total > ONE:
        c.error(("corridors",), f"les parts des couloirs font {total} au total, plus que 1 ; "
                "réduisez-les", f"corridor shares sum to {total}, more than 1; reduce them")
    if not model.tiers:
        c.error(("tiers",), "aucun rang : ajoutez au moins un rang (sans plafond) pour ce que "
                "laissent les couloirs", "no tier: add at least one (uncapped) tier for what the "
                "corridors leave")
    for t, tier in enumerate(model.tiers):
        c.amount(("tiers", t, "cap"), tier.cap)
        if not tier.shares:
            c.error(("tiers", t, "shares"), "rang sans bénéficiaire ; ajoutez ses parts",
                    "tier without beneficiaries; add its shares")
            continue
        names: set[str] = set()
        for k, share in enumerate(tier.shares):
            c.rate(("tiers", t, "shares", k, "share"), share.share)
            if share.beneficiary in names:
                c.error(("tiers", t, "shares", k, "beneficiary"),
                        f"{share.beneficiary!r} figure deux fois dans ce rang ; additionnez ses parts",
                        f"{share.beneficiary!r} is twice in this tier; add up the shares")
            names.add(share.beneficiary)
        total = sum((s.share for s in tier.shares), ZERO)
        if total != ONE:
            c.error(("tiers", t, "shares"), f"les parts du rang {t + 1} font {total}, pas 1 ; "
                    "corrigez-les", f"tier {t + 1} shares sum to {total}, not 1; correct them")
        last = t == len(model.tiers) - 1
        if last and tier.cap is not None:
            c.warning(("tiers", t, "cap"),
                      "le dernier rang a un plafond : l'argent au-delà n'est attribué à personne "
                      "(« non réparti ») ; videz le plafond ou ajoutez un rang",
                      "the last tier has a cap: money past it goes to no one (unallocated); "
                      "empty the cap or add a tier")
        elif not last and tier.cap is None:
            c.warning(("tiers", t, "cap"),
                      f"rang {t + 1} sans plafond : les rangs suivants ne recevront rien ; "
                      "donnez-lui un plafond",
                      f"tier {t + 1} has no cap: the tiers after it will receive nothing; give "
                      "it a cap")


def _prior(c: _Collector, model: Royalties) -> None:
    caps: dict[tuple[int, str], Decimal | None] = {
        (0, cor.beneficiary): cor.cap for cor in model.corridors}
    for t, tier in enumerate(model.tiers, start=1):
        caps.update({(t, s.beneficiary): tier.cap for s in tier.shares})
    received: dict[tuple[int, str], Decimal] = {}
    seen: set[tuple[int, str]] = set()
    for i, pos in enumerate(model.prior):
        key = (pos.level, pos.beneficiary)
        c.amount(("prior", i, "received"), pos.received)
        if key in seen:
            c.error(("prior", i, "beneficiary"),
                    f"position de {pos.beneficiary!r} au niveau {pos.level} déjà donnée ; "
                    "additionnez-les", f"{pos.beneficiary!r} at level {pos.level} is given twice; "
                    "add them up")
        seen.add(key)
        if key not in caps:
            c.error(("prior", i, "beneficiary"),
                    f"{pos.beneficiary!r} n'est pas au niveau {pos.level} (0 = couloirs, 1 = "
                    "premier rang…) ; corrigez le nom ou le niveau",
                    f"{pos.beneficiary!r} is not at level {pos.level} (0 = corridors, 1 = first "
                    "tier…); fix the name or the level")
            continue
        cap = caps[key]
        # A corridor's cap is its own; a tier's is shared by its beneficiaries.
        group = (pos.level, "") if pos.level else key
        received[group] = received.get(group, ZERO) + pos.received
        if cap is not None and received[group] > cap:
            c.error(("prior", i, "received"),
                    f"déjà reçu ({received[group]}) au-delà du plafond ({cap}) de ce niveau ; "
                    "corrigez la position", f"received ({received[group]}) exceeds this level's "
                    f"cap ({cap}); correct the position")
