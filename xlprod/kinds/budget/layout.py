"""Lay a budget out as a workbook: Récapitulatif, Devis, Paramètres, Taux.

Every figure is a native formula; Python's engine computes the same figures
(``compute``) and LibreOffice checks both agree in the tests.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from xlprod import charges, reference
from xlprod.kinds.base import Locator, Written
from xlprod.kinds.budget import detail
from xlprod.kinds.budget.compute import (
    COMPANY_RATE_KEYS,
    LineFigures,
    company_rates,
    line_figures,
    missing_company_rates,
    rates_for,
    summary,
)
from xlprod.kinds.budget.model import Budget
from xlprod.workbooks import budget as wbdef
from xlprod.xlsx import styles
from xlprod.xlsx.formulas import column_letter
from xlprod.xlsx.spec import EUR, PCT
from xlprod.xlsx.writer import BookWriter, Formula, RowsOf

PRODUCTION_TOP = 4  # first row of the production block of the Récapitulatif
RECAP_TOP = 10  # header row of the chapter table
GLOBALS_TOP = 16
RATES_TOP = 5


def blank_budget(variant: str = "cinema") -> Budget:
    """A budget ready to fill: the chart of accounts as empty lines."""
    year = max(date.today().year, 2025)
    known = reference.ceiling_years()
    year = year if year in known else max(known)
    lines = [
        {"chapter": a.chapter, "account": a.account, "label": a.label_fr,
         "unit": a.default_unit, "status": a.default_status, "quantity": 0, "rate": 0}
        for a in reference.chart_of_accounts(variant)
    ]
    return Budget.model_validate({
        "title": "Nouveau devis", "year": year, "kind": variant,
        "globals": {k: 0 for k in wbdef.GLOBAL_DESCRIPTIONS}, "lines": lines,
    })


def write(budget: Budget | None, lang: str = "fr", variant: str | None = None,
          base: Any = None) -> Written:
    """The workbook of ``budget``; without one, a blank devis of ``variant``'s chart."""
    blank = budget is None
    budget = budget or blank_budget(variant or "cinema")
    book = BookWriter(wbdef.LAYOUT, lang, base)
    book.footer = " — ".join(x for x in (budget.title, budget.version) if x)
    locator = Locator()
    table = rates_for(budget)
    figures = line_figures(budget, table)
    _params(book, budget, locator)
    _rates(book, budget, table, locator)
    _lines(book, budget, figures, locator, blank)
    _recap(book, budget, figures, locator)
    detail.write(book, budget, figures, summary(budget, figures))
    book.finish({"rates_on": budget.rates_on.isoformat()})
    return Written(book, locator)


def _params(book: BookWriter, budget: Budget, locator: Locator) -> None:
    lang = book.lang
    book.title_block("params", wbdef.LAYOUT.sheet("params").title(lang), wbdef.WORDS["params_hint"](lang))
    values = {f.key: getattr(budget, f.key) for f in wbdef.PARAMS.fields}
    values["rates_date"] = budget.rates_on  # the date the rates were taken at, shown in full
    cells = book.form("params", values)
    for key, cell in cells.items():
        locator.add((key,), cell)
    rows = [
        {"name": k, "value": v,
         "description": wbdef.GLOBAL_DESCRIPTIONS[k](lang) if k in wbdef.GLOBAL_DESCRIPTIONS else ""}
        for k, v in budget.globals.items()
    ]
    placed = book.table("params", wbdef.GLOBALS, rows, top=GLOBALS_TOP)
    for i, key in enumerate(budget.globals):
        cell = placed.cell(i, "value")
        book.define(key, "params", cell.split("!")[1], dynamic=True)
        locator.add(("globals", key), cell)
    locator.add(("globals",), f"{book.title('params')}!A{GLOBALS_TOP}")
    # Company parameters: a table of their own below the globals, one defined name each.
    company_top = company_table_top(len(rows))
    company = [{"key": key, "label": wbdef.COMPANY_LABELS[key](lang),
                "value": getattr(budget, key), "source": wbdef.COMPANY_SOURCES[key]}
               for key in wbdef.COMPANY_NAMES]
    placed_company = book.table("params", wbdef.COMPANY, company, top=company_top)
    for i, (key, name) in enumerate(wbdef.COMPANY_NAMES.items()):
        cell = placed_company.cell(i, "value")
        book.define(name, "params", cell.split("!")[1])
        locator.add((key,), cell)
    book.validate_cell("params", placed_company.cell(0, "value").split("!")[1], "ceiling_methods")
    # The company's rates and options, read by the Taux sheet and the lines' formulas.
    yes = wbdef.YES[lang]
    rates = company_rates(budget)
    company_values: dict[str, Any] = {"headcount_band": budget.headcount_band, **rates,
                                      "reduced_rates": yes if budget.reduced_rates else wbdef.NO,
                                      "rgdu": yes if budget.rgdu else wbdef.NO,
                                      "artist_dfs": yes if budget.artist_dfs else wbdef.NO,
                                      "public_aid": budget.public_aid,
                                      "difficult_work": yes if budget.difficult_work
                                      else wbdef.NO}
    form_cells = book.form("company", company_values)
    sources = {r.company: r.source for r in reference.social_rates()
               if r.company and r.valid_on(budget.rates_on)}
    sources["rgdu"] = next((r.source for r in [reference.rgdu(budget.rates_on)] if r), "")
    sources["artist_dfs"] = next((r.source for r in [reference.dfs(budget.rates_on)] if r), "")
    sources["reduced_rates"] = " ; ".join(
        r.source for r in reference.reductions() if r.valid_on(budget.rates_on))
    missing = set(missing_company_rates(budget))
    for key, cell in form_cells.items():
        locator.add((key,), cell)
        ref = cell.split("!")[1]
        if sources.get(key):
            book.sheets["params"][ref].comment = styles.finding_comment(sources[key])
        if key in missing:
            book.restyle("params", ref, fill=styles.UNCERTAIN_FILL)
    book.widths("params", {"A": 28, "B": 22, "C": 50, "E": 36, "F": 14, "G": 70})
    book.print_setup("params", GLOBALS_TOP, landscape=False)


def company_table_top(globals_count: int) -> int:
    """Header row of the company parameters: three rows below the globals table."""
    return GLOBALS_TOP + max(globals_count, 1) + 3


#: How sure the sources make a rate, as the Taux sheet prints it (the data keeps its codes).
_CONFIDENCE = {"high": ("sûr", "confirmed"), "medium": ("probable", "likely"),
               "M": ("à vérifier", "to check"), "U": ("incertain", "uncertain")}


def _rates(book: BookWriter, budget: Budget, table: charges.RateTable, locator: Locator) -> None:
    lang = book.lang
    title = wbdef.LAYOUT.sheet("rates").title(lang)
    on = budget.rates_on.strftime("%Y-%m-%d" if lang == "en" else "%d/%m/%Y")
    book.title_block("rates", f"{title} — {on}", wbdef.WORDS["rates_hint"](lang))
    rows = []
    confidences = []  # each row's, as the data codes it
    for row in table.rows:
        driven = bool(row.company or row.headcount)
        if (not any(row.employer.get(s) for s in wbdef.SALARIED) and row.confidence != "U"
                and not driven):
            continue  # employee-only contributions: shown on the reference, not charges
        confidences.append(row.confidence)
        rows.append({
            "code": row.code, "label": row.label, "base": row.base,
            **{s: _rate_cell(budget, row, s) for s in wbdef.SALARIED},
            "source": row.source, "valid_from": row.valid_from,
            "confidence": _CONFIDENCE.get(row.confidence, (row.confidence,) * 2)[
                book.lang == "en"],
        })
    placed = book.table("rates", wbdef.RATES, rows, top=RATES_TOP)
    for i, shown in enumerate(rows):
        code = str(shown["code"])
        locator.add(("rate_overrides", code), placed.cell(i, "code"))
        for s in wbdef.SALARIED:
            locator.add(("rate_overrides", code, s), placed.cell(i, s))
        if confidences[i] in ("U", "M", "medium"):
            for letter in placed.letters.values():
                book.restyle("rates", f"{letter}{placed.first_row + i}", fill=styles.UNCERTAIN_FILL)
    # Aggregates: employer rate per status and base, read by every line's charges formula.
    top = placed.last_row + 3
    bases = ("TOTAL", "T1", "T2", "PLAF4", "CET")
    book.put("rates", f"A{top}", "Taux agrégés par assiette" if lang == "fr" else
             "Aggregate rates by base", font=styles.TITLE_FONT)
    for j, base in enumerate(bases):
        book.put("rates", f"{'BCDEF'[j]}{top + 1}", base, font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    rates_ref = {s: book.column_ref(wbdef.RATES, s) for s in wbdef.SALARIED}
    base_ref = book.column_ref(wbdef.RATES, "base")
    for i, status in enumerate(wbdef.SALARIED):
        r = top + 2 + i
        book.put("rates", f"A{r}", status, font=styles.BOLD)
        for j, base in enumerate(bases):
            total = sum((_value(row[status]) for row in rows if row["base"] == base), Decimal(0))
            book.put("rates", f"{'BCDEF'[j]}{r}", f'=SUMIF({base_ref},"{base}",{rates_ref[status]})',
                     number_format="0.000%", cached=total)
    book.define(wbdef.AGGREGATES, "rates", f"B{top + 2}:F{top + 1 + len(wbdef.SALARIED)}")
    book.define(wbdef.AGG_STATUSES, "rates", f"A{top + 2}:A{top + 1 + len(wbdef.SALARIED)}")
    # The same sums without the taxes on wages the tax credit leaves out (Afdas…), H:L.
    excluded = set(reference.tax_credit(budget.kind).excluded_codes)
    code_ref = book.column_ref(wbdef.RATES, "code")
    book.put("rates", f"H{top}", ("Taux agrégés pour le crédit d'impôt (hors "
             if lang == "fr" else "Aggregate rates for the tax credit (without ")
             + (", ".join(sorted(excluded)) or "—") + ")", font=styles.TITLE_FONT)
    for j, base in enumerate(bases):
        book.put("rates", f"{'HIJKL'[j]}{top + 1}", base, font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    for i, status in enumerate(wbdef.SALARIED):
        r = top + 2 + i
        for j, base in enumerate(bases):
            kept = sum((_value(row[status]) for row in rows
                        if row["base"] == base and row["code"] not in excluded), Decimal(0))
            minus = "".join(f'-SUMIFS({rates_ref[status]},{base_ref},"{base}",{code_ref},"{code}")'
                            for code in sorted(excluded))
            book.put("rates", f"{'HIJKL'[j]}{r}",
                     f'=SUMIF({base_ref},"{base}",{rates_ref[status]}){minus}',
                     number_format="0.000%", cached=kept)
    book.define(wbdef.CREDIT_AGGREGATES, "rates", f"H{top + 2}:L{top + 1 + len(wbdef.SALARIED)}")
    # Ceilings per unit of work (plafond de la sécurité sociale, prorated).
    top = top + 3 + len(wbdef.SALARIED)
    c = table.ceilings
    book.put("rates", f"A{top}", (f"Plafonds de sécurité sociale {c.year} (par unité)" if lang == "fr"
             else f"Social-security ceilings {c.year} (per unit)"), font=styles.TITLE_FONT)
    for j, head in enumerate(("salarié", "artiste") if lang == "fr" else ("employee", "artist")):
        book.put("rates", f"{'BC'[j]}{top + 1}", head, font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    days_heads = ("jours payés", "diviseur") if lang == "fr" else ("paid days", "divisor")
    for j, head in enumerate(days_heads):
        book.put("rates", f"{'EF'[j]}{top + 1}", head, font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    for i, unit in enumerate(wbdef.UNITS):
        r = top + 2 + i
        book.put("rates", f"A{r}", unit, font=styles.BOLD)
        book.put("rates", f"B{r}", table.unit_ceiling(unit, "technicien"), number_format=EUR)
        book.put("rates", f"C{r}", table.unit_ceiling(unit, "artiste"), number_format=EUR)
        days, divisor = charges.paid_days(unit)
        book.put("rates", f"E{r}", days, number_format="0")
        book.put("rates", f"F{r}", divisor, number_format="0")
    book.note("rates", f"H{top + 1}:L{top + 1 + len(wbdef.UNITS)}", c.source)
    book.define(wbdef.UNIT_CEILINGS, "rates", f"B{top + 2}:C{top + 1 + len(wbdef.UNITS)}")
    book.define(wbdef.CEILING_UNITS, "rates", f"A{top + 2}:A{top + 1 + len(wbdef.UNITS)}")
    book.define(wbdef.PAID_DAYS, "rates", f"E{top + 2}:F{top + 1 + len(wbdef.UNITS)}")
    r = top + 3 + len(wbdef.UNITS)
    for k, (label, value, name) in enumerate((
            (("plafond mensuel", "monthly ceiling"), c.monthly, wbdef.MONTHLY_CEILING),
            (("plafond horaire", "hourly ceiling"), c.hourly, wbdef.HOURLY_CEILING))):
        book.put("rates", f"A{r + k}", label[1] if lang == "en" else label[0], font=styles.BOLD)
        book.put("rates", f"B{r + k}", value, number_format=EUR)
        book.define(name, "rates", f"B{r + k}")
    r = _reductions(book, table, r + 3)
    r = _dfs(book, table, rows, r)
    r = _credit_accounts(book, budget, r)
    # The chapters a blank tax-credit flag counts as eligible (the lines' CI column reads them).
    r += 1
    chapters_ci: list[int | str] = [*reference.tax_credit(budget.kind).eligible_chapters] or ["–"]
    book.put("rates", f"B{r}", wbdef.WORDS["tc_chapters"](lang), font=styles.BOLD)
    for j, chapter in enumerate(chapters_ci):
        book.put("rates", f"{column_letter(3 + j)}{r}", chapter, alignment=styles.CENTER_ONLY)
    book.define(wbdef.TAX_CREDIT_CHAPTERS, "rates",
                f"C{r}:{column_letter(2 + len(chapters_ci))}{r}")
    book.widths("rates", {"A": 36})
    book.sheets["rates"].freeze_panes = f"C{RATES_TOP + 1}"
    book.print_setup("rates", RATES_TOP)


def _value(cell: Any) -> Decimal:
    """The rate a Taux cell shows (a formula's cached value)."""
    return Decimal(str(cell.cached if isinstance(cell, Formula) else cell))


def _rate_cell(budget: Budget, row: charges.RateRow, status: str) -> Any:
    """A status's rate on the Taux sheet: a formula on the Paramètres when the company sets
    it or the headcount band decides it, unless the user overrode it (then the number)."""
    value = row.employer.get(status, Decimal(0))
    if (not (row.company or row.headcount) or status not in row.applies_to
            or status in budget.rate_overrides.get(row.code, {})):
        return value
    company = wbdef.COMPANY_FORM.field(row.company).name if row.company else None
    rate = company or f"{row.base_rate}"
    if status == "artiste" and row.artist_factor != 1:
        rate = f"{rate}*{row.artist_factor}"
    if row.headcount:
        bands = reference.HEADCOUNT_CONDITIONS[row.headcount]
        test = ",".join(f'{wbdef.HEADCOUNT}="{b}"' for b in bands)
        rate = f"IF(OR({test}),{rate},0)"
    return Formula(f"={rate}", value)


def _reductions(book: BookWriter, table: charges.RateTable, top: int) -> int:
    """The reductions of low pay (bandeaux in force, RGDU, SMIC), named for the lines'
    Réduction column; returns the next free row."""
    lang = book.lang
    fr = lang == "fr"
    book.put("rates", f"A{top}", "Réductions de taux (technicien et cadre)" if fr else
             "Rate reductions (technicien and cadre)", font=styles.TITLE_FONT)
    red_heads = (("baisse de taux", "seuil (SMIC)", "réduction") if fr else
                 ("rate cut", "threshold (SMIC)", "reduction"))
    for j, head in enumerate(red_heads):
        book.put("rates", f"{'BCD'[j]}{top + 1}", head, font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    reds = list(table.reductions)
    first = top + 2
    for i, red in enumerate(reds):
        r = first + i
        book.put("rates", f"A{r}", red.code, font=styles.BOLD)
        book.put("rates", f"B{r}", red.rate_cut, number_format="0.000%")
        book.put("rates", f"C{r}", red.threshold_smic, number_format="0.00")
        book.put("rates", f"D{r}", red.libelle, text=True)
        book.sheets["rates"][f"D{r}"].comment = styles.finding_comment(red.source)
        if red.confidence != "high":
            for letter in "ABCD":
                book.restyle("rates", f"{letter}{r}", fill=styles.UNCERTAIN_FILL)
    if not reds:  # none in force: one row at 0, so the lines' formula has its ranges
        book.put("rates", f"A{first}", "—")
        book.put("rates", f"B{first}", 0, number_format="0.000%")
        book.put("rates", f"C{first}", 0, number_format="0.00")
        book.put("rates", f"D{first}", "aucun taux réduit en vigueur" if fr else
                 "no reduced rate in force", text=True)
    last = first + max(len(reds), 1) - 1
    book.define(wbdef.REDUCTION_CUTS, "rates", f"B{first}:B{last}")
    book.define(wbdef.REDUCTION_THRESHOLDS, "rates", f"C{first}:C{last}")
    r = last + 1
    smic = reference.smic(table.on)
    book.put("rates", f"A{r}", "SMIC horaire" if fr else "Hourly SMIC", font=styles.BOLD)
    book.put("rates", f"B{r}", smic.hourly, number_format=EUR)
    book.sheets["rates"][f"B{r}"].comment = styles.finding_comment(smic.source)
    book.define(wbdef.SMIC_HOURLY, "rates", f"B{r}")
    rgdu = table.rgdu
    heads = ("RGDU Tmin", "RGDU Tdelta", "RGDU P", "RGDU seuil (SMIC)" if fr else
             "RGDU threshold (SMIC)")
    names = (wbdef.RGDU_TMIN, wbdef.RGDU_TDELTA, wbdef.RGDU_EXPONENT, wbdef.RGDU_THRESHOLD)
    for k, (head, name) in enumerate(zip(heads, names, strict=True)):
        rr = r + 1 + k
        book.put("rates", f"A{rr}", head, font=styles.BOLD)
        value: Any = 0
        if rgdu is not None:
            value = (rgdu.tmin, None, rgdu.exponent, rgdu.threshold_smic)[k]
            if value is None:
                tdelta = rgdu.tdelta_50 if table.company.headcount_band == "50+" \
                    else rgdu.tdelta_under_50
                value = Formula(f'=IF({wbdef.HEADCOUNT}="50+",{rgdu.tdelta_50},'
                                f"{rgdu.tdelta_under_50})", tdelta)
        if isinstance(value, Formula):
            book.put("rates", f"B{rr}", str(value), number_format="0.0000", cached=value.cached)
        else:
            book.put("rates", f"B{rr}", value, number_format="0.0000")
        book.define(name, "rates", f"B{rr}")
        if rgdu is not None:
            book.restyle("rates", f"B{rr}", fill=styles.UNCERTAIN_FILL)
    if rgdu is not None:
        book.sheets["rates"][f"B{r + 1}"].comment = styles.finding_comment(rgdu.source)
    else:
        book.put("rates", f"C{r + 1}", "en vigueur à partir de 2026" if fr else
                 "in force from 2026", font=styles.SUBTITLE_FONT, text=True)
    return r + 5


def _dfs(book: BookWriter, table: charges.RateTable, rows: list[dict[str, Any]],
         top: int) -> int:
    """The artists' DFS of the rates' year (rate, cap per person) and the artists' rates of
    the contributions that keep the whole gross, named for the lines' DFS columns; returns
    the next free row."""
    fr = book.lang == "fr"
    dfs = table.dfs
    book.put("rates", f"A{top}", "Abattement DFS des artistes (option de Paramètres)" if fr
             else "Artists' DFS deduction (a Parameters option)", font=styles.TITLE_FONT)
    codes = dfs.gross_codes if dfs else ()
    rates_ref = book.column_ref(wbdef.RATES, "artiste")
    base_ref = book.column_ref(wbdef.RATES, "base")
    code_ref = book.column_ref(wbdef.RATES, "code")
    items: list[tuple[tuple[str, str], Any, str, str]] = [
        (("taux de l'année", "rate of the year"), dfs.rate if dfs else 0, "0.0%", wbdef.DFS_RATE),
        (("plafond par personne et par an", "cap per person and year"),
         dfs.annual_cap if dfs else 0, EUR, wbdef.DFS_CAP)]
    for base, name in (("TOTAL", wbdef.DFS_GROSS_TOTAL), ("PLAF4", wbdef.DFS_GROSS_PLAF4)):
        kept = sum((_value(row["artiste"]) for row in rows
                    if row["base"] == base and row["code"] in codes), Decimal(0))
        formula = "+".join(f'SUMIFS({rates_ref},{base_ref},"{base}",{code_ref},"{code}")'
                           for code in codes) or "0"
        items.append(((f"taux artiste sur le brut, {base}", f"artist's rate on the gross, {base}"),
                      Formula(f"={formula}", kept), "0.000%", name))
    for k, (label, value, fmt, name) in enumerate(items):
        r = top + 1 + k
        book.put("rates", f"A{r}", label[0] if fr else label[1], font=styles.BOLD)
        if isinstance(value, Formula):
            book.put("rates", f"B{r}", str(value), number_format=fmt, cached=value.cached)
        else:
            book.put("rates", f"B{r}", value, number_format=fmt)
            book.restyle("rates", f"B{r}", fill=styles.UNCERTAIN_FILL)
        book.define(name, "rates", f"B{r}")
    note = ((f"nominal {dfs.nominal_rate:.0%}, réduit chaque année depuis 2024 ; cotisations sur le "
             f"brut : {', '.join(codes)}" if fr else
             f"nominal {dfs.nominal_rate:.0%}, brought down each year since 2024; contributions "
             f"on the gross: {', '.join(codes)}") if dfs else
            ("aucun abattement en vigueur" if fr else "no deduction in force"))
    book.note("rates", f"C{top + 1}:F{top + 2}", note)
    if dfs:
        book.sheets["rates"][f"B{top + 1}"].comment = styles.finding_comment(dfs.source)
    return top + 2 + len(items)


def _credit_accounts(book: BookWriter, budget: Budget, top: int) -> int:
    """The tax credit's rules by account (excluded accounts, lodging caps per night), named
    for the lines' CI and Rémunération CI columns; returns the next free row."""
    fr = book.lang == "fr"
    book.put("rates", f"A{top}", "Crédit d'impôt par compte" if fr else "Tax credit by account",
             font=styles.TITLE_FONT)
    heads = (("compte", "règle", "nuit Paris", "nuit ailleurs") if fr else
             ("account", "rule", "night Paris", "night elsewhere"))
    for j, head in enumerate(heads):
        book.put("rates", f"{'ABCD'[j]}{top + 1}", head, font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    rules = reference.tax_credit_accounts(budget.kind)
    words = {"excluded": ("exclu", "excluded"), "lodging": ("hébergement", "lodging")}
    placed: dict[str, list[int]] = {"excluded": [], "lodging": []}
    r = top + 2
    for rule in rules:
        book.put("rates", f"A{r}", rule.account, text=True, font=styles.BOLD)
        book.put("rates", f"B{r}", words[rule.rule][0 if fr else 1], text=True)
        if rule.rule == "lodging":
            book.put("rates", f"C{r}", rule.cap_paris, number_format=EUR, editable=True)
            book.put("rates", f"D{r}", rule.cap_other, number_format=EUR, editable=True)
        book.sheets["rates"][f"A{r}"].comment = styles.finding_comment(rule.source)
        if rule.confidence != "high":
            for letter in "AB":
                book.restyle("rates", f"{letter}{r}", fill=styles.UNCERTAIN_FILL)
        placed[rule.rule].append(r)
        r += 1
    for kind, name in (("excluded", wbdef.CI_EXCLUDED), ("lodging", wbdef.CI_LODGING)):
        rows = placed[kind]
        if len(rows) > 1 and rows != list(range(rows[0], rows[-1] + 1)):
            raise ValueError(f"tax_credit_accounts.csv: {kind} rows of {budget.kind} not together")
        if not rows:  # none: a placeholder cell, so the lines' MATCH finds nothing
            book.put("rates", f"A{r}", "—", text=True)
            rows = [r]
            r += 1
        book.define(name, "rates", f"A{rows[0]}:A{rows[-1]}")
    lodging = placed["lodging"]
    for col, name in (("C", wbdef.CI_NIGHT_PARIS), ("D", wbdef.CI_NIGHT_OTHER)):
        if lodging:
            book.define(name, "rates", f"{col}{lodging[0]}")
        else:
            book.put("rates", f"{col}{r}", 0, number_format=EUR)
            book.define(name, "rates", f"{col}{r}")
    return r + 2


def _lines(book: BookWriter, budget: Budget, figures: list[LineFigures], locator: Locator,
           blank: bool) -> None:
    lang = book.lang
    book.title_block("lines", "", wbdef.WORDS["lines_hint"](lang))
    book.put("lines", "A1", "=BUDGET_TITLE", font=styles.TITLE_FONT, cached=budget.title)
    yes = wbdef.YES[lang]

    def row(i: int) -> dict[str, Any]:
        line, fig = budget.lines[i], figures[i]
        quantity: Any = line.quantity
        if isinstance(quantity, str):
            quantity = Formula(f"={quantity}", fig.quantity)  # a live link to the global
        return {
            "amount": fig.amount, "ceiling": fig.ceiling, "charges": fig.charges,
            "total": fig.total, "france": int(line.location == "FR"), "credit": int(fig.eligible),
            "chapter": line.chapter, "account": line.account, "label": line.label,
            "quantity": None if blank else quantity, "unit": line.unit,
            "count": line.count, "rate": None if blank else line.rate, "status": line.status,
            "location": line.location, "region": line.region, "note": line.note,
            # blank: the default by chapter and location, worked out by the CI column
            "eligible": None if line.eligible is None else (yes if line.eligible else wbdef.NO),
            "minimum": line.minimum, "credit_pay": fig.credit_pay,
            "credit_charges": fig.credit_charges, "reduction": fig.reduction,
            "dfs": None if line.dfs is None else (yes if line.dfs else wbdef.NO),
            "dfs_amount": fig.dfs, "credit_dfs": fig.credit_dfs,
        }

    rows = RowsOf(len(budget.lines), row)  # made as they are written: flat memory
    empty = {"amount": 0, "ceiling": 0, "charges": 0, "total": 0, "france": 1, "credit": 0,
             "credit_pay": 0, "credit_charges": 0, "reduction": 0, "dfs_amount": 0,
             "credit_dfs": 0}
    placed = book.table("lines", wbdef.LINES, rows, top=4, min_rows=1, blank=empty)
    ws = book.sheets["lines"]
    locator.add_rows(("lines",), lambda i, key: placed.cell(i, key if key in placed.letters
                                                            else "label"))
    locator.add(("lines",), f"{ws.title}!A4")
    ws.freeze_panes = "D5"
    book.print_setup("lines", 4)


def _by_chapter(budget: Budget, figures: list[LineFigures]) -> dict[str, dict[int, Decimal]]:
    """The engine's figures per chapter as the recap shows them: amount, of which France,
    of which eligible for the tax credit (chapter 4 = the lines' charges)."""
    out: dict[str, dict[int, Decimal]] = {k: {n: Decimal(0) for n in range(1, 10)}
                                          for k in ("amount", "france", "eligible")}
    for line, fig in zip(budget.lines, figures, strict=True):
        for n, value in ((line.chapter, fig.amount), (4, fig.charges)):
            out["amount"][n] += value
            if line.location == "FR":
                out["france"][n] += value
        if fig.eligible:
            out["eligible"][line.chapter] += fig.credit_pay
            out["eligible"][4] += fig.credit_charges
    return out


def _production(book: BookWriter, budget: Budget) -> None:
    """The production block of the Récapitulatif: the Paramètres' fields, by formula."""
    lang = book.lang
    params = wbdef.PARAMS
    kinds = wbdef.KIND_LABELS
    # every spelling the reader accepts (its word in either language, its code) → label
    spelt = [(w, label(lang)) for k, label in kinds.items()
             for w in wbdef.KIND_CHOICES.spellings(k, lang)]
    codes = ",".join(f'"{w}"' for w, _ in spelt)
    words = ",".join(f'"{label}"' for _, label in spelt)
    left: list[tuple[str, str, Any, str | None]] = [
        (params.field("title").label(lang), "=BUDGET_TITLE", budget.title, None),
        (wbdef.WORDS["work_kind"](lang),
         f"=IFERROR(INDEX({{{words}}},MATCH(BUDGET_KIND,{{{codes}}},0)),BUDGET_KIND)",
         kinds[budget.kind](lang), None),
    ]
    for key in ("company", "producer", "director"):
        f = params.field(key)
        left.append((f.label(lang), f'=IF({f.name}="","",{f.name})', getattr(budget, key), None))
    right: list[tuple[str, str, Any, str | None]] = []
    for key in ("version", "version_date"):
        f = params.field(key)
        value = getattr(budget, key)
        right.append((f.label(lang), f'=IF({f.name}="","",{f.name})',
                      "" if value is None else value, f.number_format))
    for key in ("shoot_days", "shoot_weeks"):
        if key in budget.globals:  # a global is a name only when the budget has it
            right.append((wbdef.GLOBAL_DESCRIPTIONS[key](lang), f"={key}", budget.globals[key],
                          "0.##"))
    f = params.field("duration_minutes")
    right.append((f.label(lang), f'=IF({f.name}="","",{f.name})',
                  "" if budget.duration_minutes is None else budget.duration_minutes, "0"))
    ws = book.sheets["recap"]
    # label over B (left) or F:G (right), value over C:E or H
    for label_cols, value_cols, block in (("B", "CE", left), ("FG", "H", right)):
        for k, (label, formula, cached, fmt) in enumerate(block):
            r = PRODUCTION_TOP + k
            book.put("recap", f"{label_cols[0]}{r}", label, font=styles.BOLD)
            book.put("recap", f"{value_cols[0]}{r}", formula, cached=cached, number_format=fmt,
                     alignment=styles.LEFT)
            for cols in (label_cols, value_cols):
                if len(cols) > 1:
                    ws.merge_cells(f"{cols[0]}{r}:{cols[-1]}{r}")


#: When a company rate left at 0 is really due: statuses employed, or the headcount band.
_DUE_WHEN = {"atmp_rate": ("technicien", "cadre", "artiste"),
             "prevoyance_rate": ("technicien", "artiste"), "prevoyance_cadre_rate": ("cadre",),
             "apprenticeship_rate": ("technicien", "cadre", "artiste"),
             "occupational_health_rate": ("technicien", "cadre", "artiste")}


def _missing_rates(book: BookWriter, budget: Budget, row: int) -> None:
    """A visible warning on the Récapitulatif while a due company rate is still 0."""
    lang = book.lang
    status = book.column_ref(wbdef.LINES, "status")
    amount = book.column_ref(wbdef.LINES, "amount")
    pieces = []
    for key in COMPANY_RATE_KEYS:
        f = wbdef.COMPANY_FORM.field(key)
        if key == "mobility_rate":
            due = f'{wbdef.HEADCOUNT}<>"1-10"'
        else:
            due = "+".join(f'COUNTIFS({status},"{s}",{amount},">0")'
                           for s in _DUE_WHEN[key]) + ">0"
        pieces.append(f'IF(AND({due},{f.name}=0),", {f.label(lang)}","")')
    missing = [wbdef.COMPANY_FORM.field(k).label(lang) for k in missing_company_rates(budget)]
    lead = ("⚠ Charges sous-estimées, à saisir sur Paramètres : " if lang == "fr" else
            "⚠ Charges under-estimated, enter on Parameters: ")
    text = "&".join(pieces)
    formula = f'=IF(LEN({text})=0,"","{lead}"&MID({text},3,999))'
    cached = lead + ", ".join(missing) if missing else ""
    book.put("recap", f"B{row}", formula, cached=cached, font=styles.FLAG_FONT)


def _aid_intensity(book: BookWriter, figures: dict[str, Any], top: int) -> None:
    """Tax credit + public aid against the total (≤ 50 %, 60 % for difficult works)."""
    lang = book.lang
    rules = reference.funder_rules()
    normal, difficult = rules["aid_intensity"], rules["aid_intensity_difficult"]
    words = wbdef.WORDS
    rows = (
        (words["aid"], f"={wbdef.PUBLIC_AID}", figures["public_aid"], EUR),
        (words["aid_intensity"], f"=IF(BUDGET_TOTAL=0,0,ROUND((BUDGET_TAX_CREDIT+"
         f"{wbdef.PUBLIC_AID})/BUDGET_TOTAL,4))", figures["ratio"], PCT),
        (words["aid_cap"], f"=IF({wbdef.yes(wbdef.DIFFICULT_WORK)},{difficult.cap},{normal.cap})",
         figures["cap"], PCT),
    )
    for k, (label, formula, cached, fmt) in enumerate(rows):
        book.put("recap", f"F{top + k}", label(lang))
        book.put("recap", f"H{top + k}", formula, number_format=fmt, cached=cached)
    book.define(wbdef.AID_INTENSITY, "recap", f"H{top + 1}")
    book.sheets["recap"][f"H{top + 2}"].comment = styles.finding_comment(normal.source)
    ok, over = words["aid_ok"](lang), words["aid_over"](lang)
    book.put("recap", f"H{top + 3}", f'=IF(H{top + 1}<=H{top + 2},"{ok}","{over}")',
             cached=ok if figures["within_cap"] else over, font=styles.BOLD,
             alignment=styles.CENTER_ONLY)
def above_the_line(budget: Budget, figures: list[LineFigures]) -> Decimal | None:
    """The engine's above-the-line total (lines with their charges), or None when the
    variant has no such split."""
    rule = wbdef.ABOVE_THE_LINE.get(budget.kind)
    if rule is None:
        return None
    chapters, accounts = rule
    return sum((fig.total for line, fig in zip(budget.lines, figures, strict=True)
                if line.chapter in chapters or (line.account[:2] in accounts
                                                and str(line.chapter) == line.account[:1])),
               Decimal(0))


def _line_split(book: BookWriter, budget: Budget, figures: list[LineFigures], top: int,
                sub: int, subtotal: Decimal) -> None:
    """Above and below the line, beside the tax credit (F:H): the sub-total of chapters 1
    to 9 in two parts, by formulas over the lines."""
    above = above_the_line(budget, figures)
    if above is None:
        return
    lang = book.lang
    chapters, accounts = wbdef.ABOVE_THE_LINE[budget.kind]
    col = {k: book.column_ref(wbdef.LINES, k) for k in ("chapter", "account", "total")}
    tests = [f"({col['chapter']}={n})" for n in chapters]
    tests += [f'({col["chapter"]}={a[0]})*(LEFT({col["account"]},2)="{a}")' for a in accounts]
    formula = f"=SUMPRODUCT(({'+'.join(tests)}>0)*{col['total']})"
    ws = book.sheets["recap"]
    book.put("recap", f"F{top}", wbdef.WORDS["line_split"](lang), font=styles.TOTAL_FONT)
    for r, word, value, cached in ((top + 1, "above", formula, above),
                                   (top + 2, "below", f"=D{sub}-H{top + 1}", subtotal - above)):
        book.put("recap", f"F{r}", wbdef.WORDS[word](lang))
        ws.merge_cells(f"F{r}:G{r}")
        book.put("recap", f"H{r}", value, number_format=EUR, cached=cached)
        book.define(f"BUDGET_{word.upper()}_THE_LINE", "recap", f"H{r}")
    book.put("recap", f"F{top + 3}", wbdef.ABOVE_NOTES[budget.kind](lang),
             font=styles.SUBTITLE_FONT)
    ws.merge_cells(f"F{top + 3}:H{top + 3}")


def _share(part: Decimal, total: Decimal) -> Decimal:
    return Decimal(0) if total == 0 else part / total


def _recap(book: BookWriter, budget: Budget, figures: list[LineFigures], locator: Locator) -> None:
    lang = book.lang
    L = wbdef.LINES
    col = {k: book.column_ref(L, k) for k in ("chapter", "amount", "charges", "france", "credit",
                                               "credit_pay", "credit_charges")}
    results = summary(budget, figures)
    by = _by_chapter(budget, figures)
    grand = Decimal(str(results["total"]))
    sums = {k: sum(v.values(), Decimal(0)) for k, v in by.items()}
    book.put("recap", "A1", "=BUDGET_TITLE", font=styles.TITLE_FONT, cached=budget.title)
    book.put("recap", "A2", wbdef.WORDS["subtitle"](lang), font=styles.SUBTITLE_FONT)
    _production(book, budget)
    for j, head in enumerate(wbdef.RECAP_HEADERS):
        book.put("recap", f"{'ABCDEFGH'[j]}{RECAP_TOP}", head(lang), font=styles.HEADER_FONT,
                 fill=styles.HEADER_FILL, alignment=styles.CENTER)
    chapters = {c.chapter: c for c in reference.chapters(budget.kind)}
    first = RECAP_TOP + 1
    for n in range(1, 10):
        r = first + n - 1
        label = chapters[n].label_en if lang == "en" else chapters[n].label_fr
        book.put("recap", f"A{r}", n)
        book.put("recap", f"B{r}", label)
        if n == 4:
            amount = f"=SUM({col['charges']})"
            france = f"=SUMIF({col['france']},1,{col['charges']})"
            eligible = f'=SUMIF({col["credit"]},1,{col["credit_charges"]})'
        else:
            amount = f"=SUMIF({col['chapter']},A{r},{col['amount']})"
            france = f"=SUMIFS({col['amount']},{col['chapter']},A{r},{col['france']},1)"
            eligible = f'=SUMIFS({col["credit_pay"]},{col["chapter"]},A{r},{col["credit"]},1)'
        a, f = by["amount"][n], by["france"][n]
        book.put("recap", f"D{r}", amount, number_format=EUR, cached=a)
        book.put("recap", f"E{r}", f"=IF(BUDGET_TOTAL=0,0,D{r}/BUDGET_TOTAL)", number_format=PCT,
                 cached=_share(a, grand))
        book.put("recap", f"F{r}", france, number_format=EUR, cached=f)
        book.put("recap", f"G{r}", f"=D{r}-F{r}", number_format=EUR, cached=a - f)
        book.put("recap", f"H{r}", eligible, number_format=EUR, cached=by["eligible"][n])
    last = first + 8
    sub, ovh, cont, tot = last + 1, last + 2, last + 3, last + 4
    book.put("recap", f"B{sub}", wbdef.WORDS["subtotal"](lang), font=styles.BOLD)
    column_sums = {"D": sums["amount"], "F": sums["france"], "G": sums["amount"] - sums["france"],
                   "H": sums["eligible"]}
    for letter in "DFGH":
        book.put("recap", f"{letter}{sub}", f"=SUM({letter}{first}:{letter}{last})",
                 number_format=EUR, font=styles.BOLD, border=styles.TOP_BORDER,
                 cached=column_sums[letter])
    book.put("recap", f"E{sub}", f"=IF(BUDGET_TOTAL=0,0,D{sub}/BUDGET_TOTAL)", number_format=PCT,
             cached=_share(sums["amount"], grand))
    caps = reference.funder_rules()
    for r, key, name, rate in (
        (ovh, "overhead", "BUDGET_OVERHEAD", budget.overhead_rate),
        (cont, "contingency", "BUDGET_CONTINGENCY", budget.contingency_rate),
    ):
        book.put("recap", f"A{r}", 10 if key == "overhead" else 11)
        book.put("recap", f"B{r}", wbdef.WORDS[key](lang))
        book.put("recap", f"C{r}", rate, number_format=PCT, editable=True)
        book.define(f"{name}_RATE", "recap", f"C{r}")
        locator.add((f"{key}_rate",), f"{book.title('recap')}!C{r}")
        value = Decimal(str(results[key]))
        book.put("recap", f"D{r}", f"=ROUND(BUDGET_SUBTOTAL*{name}_RATE,2)", number_format=EUR,
                 cached=value)
        book.put("recap", f"E{r}", f"=IF(BUDGET_TOTAL=0,0,D{r}/BUDGET_TOTAL)", number_format=PCT,
                 cached=_share(value, grand))
        book.define(name, "recap", f"D{r}")
        if key in caps:
            cap = caps[key]
            flag = "" if cap.confidence == "high" else f" — {wbdef.WORDS['to_check'](lang)}"
            book.put("recap", f"F{r}", f"{wbdef.WORDS['cap_note'](lang)} {cap.cap:.0%}{flag}",
                     font=styles.SUBTITLE_FONT)
            book.sheets["recap"][f"F{r}"].comment = styles.finding_comment(cap.source)
    book.put("recap", f"B{tot}", wbdef.WORDS["total"](lang), font=styles.TOTAL_FONT)
    book.put("recap", f"D{tot}", f"=D{sub}+D{ovh}+D{cont}", number_format=EUR,
             font=styles.TOTAL_FONT, fill=styles.TOTAL_FILL, border=styles.TOP_BORDER, cached=grand)
    book.put("recap", f"E{tot}", f"=IF(BUDGET_TOTAL=0,0,D{tot}/BUDGET_TOTAL)", number_format=PCT,
             cached=_share(grand, grand))
    book.define("BUDGET_SUBTOTAL", "recap", f"D{sub}")
    book.define("BUDGET_TOTAL", "recap", f"D{tot}")
    book.define("BUDGET_CHARGES", "recap", f"D{first + 3}")
    book.define("BUDGET_FRANCE_TOTAL", "recap", f"F{sub}")
    book.define("BUDGET_FOREIGN_TOTAL", "recap", f"G{sub}")
    _missing_rates(book, budget, tot + 1)
    # Tax credit estimate.
    credit = reference.tax_credit(budget.kind)
    t = tot + 2
    book.put("recap", f"B{t}", wbdef.WORDS["tax_credit"](lang), font=styles.TOTAL_FONT)
    book.put("recap", f"B{t + 1}", wbdef.WORDS["tc_base"](lang))
    tc = results["tax_credit"]
    book.put("recap", f"D{t + 1}", f"=H{sub}", number_format=EUR, cached=sums["eligible"])
    book.put("recap", f"B{t + 2}", wbdef.WORDS["tc_rate"](lang))
    book.put("recap", f"C{t + 2}", credit.rate, number_format=PCT, editable=True)
    book.sheets["recap"][f"C{t + 2}"].comment = styles.finding_comment(credit.rows[0].source)
    book.define("BUDGET_TAX_CREDIT_RATE", "recap", f"C{t + 2}")
    amount = f"ROUND(D{t + 1}*BUDGET_TAX_CREDIT_RATE,2)"
    bands = [row for row in credit.rows if row.genre == budget.genre and row.cap_per_minute]
    if bands:
        # Cap per minute by cost-per-minute band (total / programme length), looked up live.
        band_top = t + 7
        book.put("recap", f"K{band_top - 1}", wbdef.WORDS["tc_bands"](lang), font=styles.BOLD)
        for i, row in enumerate(bands):
            book.put("recap", f"K{band_top + i}", row.cost_per_minute_from or 0, number_format=EUR)
            book.put("recap", f"L{band_top + i}", row.cap_per_minute, number_format=EUR)
        froms = f"$K${band_top}:$K${band_top + len(bands) - 1}"
        caps_ = f"$L${band_top}:$L${band_top + len(bands) - 1}"
        book.put("recap", f"B{t + 3}", wbdef.WORDS["tc_cap"](lang))
        book.put("recap", f"D{t + 3}",
                 f'=IF(ISNUMBER(BUDGET_DURATION),ROUND(INDEX({caps_},MATCH(BUDGET_TOTAL/'
                 f'BUDGET_DURATION,{froms},1))*BUDGET_DURATION,2),"")', number_format=EUR,
                 cached="" if tc["cap"] is None else tc["cap"])
        amount = f"IF(ISNUMBER(D{t + 3}),MIN({amount},D{t + 3}),{amount})"
    elif credit.cap_per_work is not None:
        # Cinéma: the credit of one work is capped (30 M€, CGI art. 220 sexies).
        book.put("recap", f"B{t + 3}", wbdef.WORDS["tc_cap_work"](lang))
        book.put("recap", f"D{t + 3}", credit.cap_per_work, number_format=EUR, editable=True)
        book.sheets["recap"][f"D{t + 3}"].comment = styles.finding_comment(credit.rows[0].source)
        book.define("BUDGET_TAX_CREDIT_CAP", "recap", f"D{t + 3}")
        amount = f"IF(ISNUMBER(D{t + 3}),MIN({amount},D{t + 3}),{amount})"
    book.put("recap", f"B{t + 4}", wbdef.WORDS["tc_amount"](lang), font=styles.BOLD)
    book.put("recap", f"D{t + 4}", f"={amount}", number_format=EUR, font=styles.BOLD,
             cached=tc["amount"])
    book.define("BUDGET_TAX_CREDIT", "recap", f"D{t + 4}")
    _aid_intensity(book, results["aid_intensity"], t + 1)
    _line_split(book, budget, figures, t + 6, sub, sums["amount"])  # under the aid block
    book.widths("recap", {"A": 6, "B": 40, "C": 9, "D": 17, "E": 10, "F": 16, "G": 16, "H": 17})
    book.bar_chart("recap", values=f"D{first}:D{last}", categories=f"B{first}:B{last}",
                   title=wbdef.WORDS["chart"](lang), anchor=f"A{t + 11}")
    signature = t + 30  # below the chart (9 cm)
    book.put("recap", f"A{signature}", wbdef.WORDS["ht_note"](lang), font=styles.SUBTITLE_FONT)
    book.put("recap", f"A{signature + 2}", wbdef.WORDS["signature"](lang), font=styles.BOLD)
    book.sheets["recap"].freeze_panes = f"A{RECAP_TOP + 1}"
    # The cost-per-minute bands (column K) are working cells: out of the printed page.
    book.print_setup("recap", RECAP_TOP, landscape=False, area=f"A1:H{signature + 5}",
                     gridlines=False)
