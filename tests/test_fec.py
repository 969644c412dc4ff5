"""The FEC importer: every dialect gives the same figures, real samples give their checked
totals, broken records are named by line and column, and accounts map by longest prefix."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlprod import reference
from xlprod.errors import InvalidInput, UnreadableFile
from xlprod.importers import allocate, default_mapping, map_accounts, read_fec
from xlprod.importers.fec_text import LEGAL_COLUMNS, guess_8bit, high_bytes, parse_amount, parse_date

D = Decimal

# -- one set of entries, many dialects -------------------------------------------------------

# (journal, num, date, compte, compte_lib, aux_num, aux_lib, piece, label, debit, credit)
ENTRIES: list[tuple[str, str, date, str, str, str, str, str, str, str, str]] = [
    ("HA", "1", date(2024, 3, 15), "613500", "Locations mobilières", "FLOCAM", "Loca Caméra",
     "F-001", "Location caméra Électricité", "1200.00", "0"),
    ("HA", "1", date(2024, 3, 15), "445660", "TVA déductible", "", "", "F-001",
     "Location caméra Électricité", "240.00", "0"),
    ("HA", "1", date(2024, 3, 15), "401000", "Fournisseurs", "FLOCAM", "Loca Caméra", "F-001",
     "Location caméra Électricité", "0", "1440.00"),
    ("PA", "2", date(2024, 3, 20), "641100", "Salaires", "", "", "PAIE-03", "Salaire chef opérateur",
     "3100.00", "0"),
    ("PA", "2", date(2024, 3, 20), "645100", "Cotisations URSSAF", "", "", "PAIE-03",
     "Salaire chef opérateur", "1395.50", "0"),
    ("PA", "2", date(2024, 3, 20), "421000", "Personnel, rémunérations dues", "", "", "PAIE-03",
     "Salaire chef opérateur", "0", "4495.50"),
    ("HA", "3", date(2024, 3, 22), "625100", "Voyages et déplacements", "", "", "F-002",
     "Hôtel à Nîmes °", "350.25", "0"),
    ("HA", "3", date(2024, 3, 22), "401000", "Fournisseurs", "", "", "F-002", "Hôtel à Nîmes °",
     "0", "350.25"),
    ("AV", "4", date(2024, 3, 25), "613500", "Locations mobilières", "FLOCAM", "Loca Caméra",
     "AV  0001", "Avoir location", "0", "200.00"),
    ("AV", "4", date(2024, 3, 25), "401000", "Fournisseurs", "FLOCAM", "Loca Caméra", "AV  0001",
     "Avoir location", "200.00", "0"),
    ("OD", "5", date(2024, 3, 30), "671000", "Charges exceptionnelles", "", "", "OD-1", "Pénalité",
     "12.34", "0"),
    ("OD", "5", date(2024, 3, 30), "512000", "Banque", "", "", "OD-1", "Pénalité", "0", "12.34"),
    ("OD", "6", date(2024, 3, 31), "695000", "Impôt sur les bénéfices", "", "", "OD-2", "Acompte IS",
     "100.00", "0"),
    ("OD", "6", date(2024, 3, 31), "444000", "État, impôt sur les bénéfices", "", "", "OD-2",
     "Acompte IS", "0", "100.00"),
    ("BQ", "7", date(2024, 3, 31), "606300", "Petit équipement", "", "", "1169.19",
     '=HYPERLINK("http://x")', "0.01", "0"),
    ("BQ", "7", date(2024, 3, 31), "512000", "Banque", "", "", "1169.19", '=HYPERLINK("http://x")',
     "0", "0.01"),
    ("BQ", "8", date(2024, 3, 31), "604000", "Prestations de services", "POST", "Post-Prod Étoile",
     "VIR 11.05", "-Solde postproduction", "1234567.89", "0"),
    ("BQ", "8", date(2024, 3, 31), "512000", "Banque", "", "", "VIR 11.05", "-Solde postproduction",
     "0", "1234567.89"),
]
EXPECTED_BY_ACCOUNT = {"613500": D("1000.00"), "641100": D("3100.00"), "645100": D("1395.50"),
                       "625100": D("350.25"), "671000": D("12.34"), "695000": D("100.00"),
                       "606300": D("0.01"), "604000": D("1234567.89")}
EXPECTED_TOTAL = D("1241165.99")


@dataclass(frozen=True)
class Dialect:
    sep: str = "|"
    encoding: str = "utf-8"
    end: str = "\r\n"
    amounts: str = "comma"        # comma, point, odoo, padded, signed
    dates: str = "ymd"            # ymd (AAAAMMJJ) or dmy (JJ/MM/AAAA)
    headers: str = "legal"        # legal, variants (lower case, EcrtureLet, MontantDevise)
    sens: str = ""                # "" (Debit/Credit), "DC" or "+-" (Montant + Sens)
    fixed_width: bool = False
    trailing_sep: bool = False
    last_end: bool = True


DIALECTS = {
    "pipe-crlf-utf8": Dialect(),
    "tab-lf-utf8-bom": Dialect(sep="\t", encoding="utf-8-sig", end="\n"),
    "tab-crcrlf-utf8": Dialect(sep="\t", end="\r\r\n", last_end=False),
    "semicolon-lf-cp1252-point": Dialect(sep=";", encoding="cp1252", end="\n", amounts="point"),
    "pipe-crlf-latin9-fixed": Dialect(encoding="iso-8859-15", amounts="padded", fixed_width=True,
                                      trailing_sep=True),
    "tab-lf-cp850-dmy": Dialect(sep="\t", encoding="cp850", end="\n", dates="dmy"),
    "pipe-cr-utf8": Dialect(end="\r"),
    "odoo-signed-padded": Dialect(amounts="odoo", last_end=False),
    "signed-plus": Dialect(sep="\t", amounts="signed"),
    "variant-headers": Dialect(headers="variants", end="\n"),
    "montant-sens-dc": Dialect(sens="DC", end="\n"),
    "montant-sens-pm-latin9": Dialect(sens="+-", encoding="iso-8859-15", sep=";", dates="dmy"),
    "cp850-fixed-trailing": Dialect(encoding="cp850", fixed_width=True, trailing_sep=True,
                                    amounts="padded"),
}


def amount_text(value: str, style: str) -> str:
    v = D(value)
    text = f"{abs(v):.2f}"
    sign = "-" if v < 0 else ""
    if style == "point":
        return sign + text
    whole, cents = text.split(".")
    if style == "odoo":
        return "0,00" if v == 0 else f"{'-' if v < 0 else ' '}{int(whole):015d},{cents}"
    if style == "padded":
        return f"{sign}{int(whole):010d},{cents}"
    if style == "signed":
        return f"{'-' if v < 0 else '+'}{whole},{cents}"
    return f"{sign}{whole},{cents}"


def header_names(dialect: Dialect) -> list[str]:
    names = list(LEGAL_COLUMNS)
    if dialect.headers == "variants":
        names = [n.lower() for n in names]
        names[13], names[16] = "EcrtureLet", "MontantDevise"
    if dialect.sens:
        names[11:13] = ["Montant", "Sens"]
    return names


def record(entry: tuple[str, ...], dialect: Dialect) -> list[str]:
    journal, num, when, compte, clib, auxnum, auxlib, piece, label, debit, credit = entry
    assert isinstance(when, date)
    day = when.strftime("%Y%m%d") if dialect.dates == "ymd" else when.strftime("%d/%m/%Y")
    if dialect.sens:
        side = ("D" if D(debit) else "C") if dialect.sens == "DC" else ("+1" if D(debit) else "-1")
        money = [amount_text(debit if D(debit) else credit, dialect.amounts), side]
    else:
        money = [amount_text(debit, dialect.amounts), amount_text(credit, dialect.amounts)]
    return [journal, journal + " journal", num, day, compte, clib, auxnum, auxlib, piece, day, label,
            *money, "", "", day, "", ""]


def write_fec(path: Path, dialect: Dialect, entries: list[tuple[str, ...]] | None = None) -> Path:
    """Write ``entries`` (default ENTRIES) as an FEC in ``dialect``; returns ``path``."""
    rows = [header_names(dialect)] + [record(e, dialect) for e in (entries or ENTRIES)]
    if dialect.fixed_width:
        widths = [max(len(r[i]) for r in rows) + 2 for i in range(len(rows[0]))]
        rows = [[c.rjust(w) if 11 <= i <= 12 and n else c.ljust(w)
                 for i, (c, w) in enumerate(zip(r, widths, strict=True))] for n, r in enumerate(rows)]
    lines = [dialect.sep.join(r) + (dialect.sep if dialect.trailing_sep else "") for r in rows]
    text = dialect.end.join(lines) + (dialect.end if dialect.last_end else "")
    path.write_bytes(text.encode(dialect.encoding))
    return path


@pytest.mark.parametrize("name", DIALECTS)
def test_every_dialect_gives_the_same_figures(tmp_path: Path, name: str) -> None:
    dialect = DIALECTS[name]
    result = read_fec(write_fec(tmp_path / "000000000FEC20241231.txt", dialect))
    assert result.by_account == EXPECTED_BY_ACCOUNT
    assert result.actual_total == D("1240525.99")
    assert (result.total_debit, result.total_credit) == (EXPECTED_TOTAL, EXPECTED_TOTAL)
    assert result.balanced
    assert (result.lines_read, result.class6_lines, result.skipped) == (18, 9, [])
    assert result.separator == {"|": "|", "\t": "TAB", ";": ";"}[dialect.sep]
    assert result.line_ending == {"\r\n": "CRLF", "\n": "LF", "\r\r\n": "CRCRLF", "\r": "CR"}[dialect.end]
    hotel = next(e for e in result.entries if e.compte_num == "625100")
    assert (hotel.label, hotel.date, hotel.journal, hotel.piece_ref) == (
        "Hôtel à Nîmes °", date(2024, 3, 22), "HA", "F-002")
    assert hotel.line == 8
    first = result.entries[0]
    assert (first.supplier, first.amount, first.compte_lib) == ("Loca Caméra", D("1200.00"),
                                                               "Locations mobilières")
    assert next(e for e in result.entries if e.compte_num == "641100").supplier == "Salaires"
    credit_note = next(e for e in result.entries if e.journal == "AV")
    assert (credit_note.amount, credit_note.piece_ref) == (D("-200.00"), "AV  0001")
    formula = next(e for e in result.entries if e.compte_num == "606300")
    assert formula.label == '=HYPERLINK("http://x")' and type(formula.label) is str
    assert formula.piece_ref == "1169.19"


def test_detected_encodings(tmp_path: Path) -> None:
    expected = {"pipe-crlf-utf8": "utf-8", "tab-lf-utf8-bom": "utf-8-sig",
                "pipe-crlf-latin9-fixed": "iso-8859-15", "tab-lf-cp850-dmy": "cp850",
                # é, à, ô, ° have the same byte in Windows-1252 and ISO-8859-15: the legal one wins
                "semicolon-lf-cp1252-point": "iso-8859-15"}
    for name, encoding in expected.items():
        path = write_fec(tmp_path / f"{name}.txt", DIALECTS[name])
        assert read_fec(path).encoding == encoding, name


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    ("Facture d’électricité 100 €", "cp1252", "cp1252"),   # ’ 0x92 and € 0x80
    ("Cœur de métier 100 €", "iso-8859-15", "iso-8859-15"),  # œ 0xBD and € 0xA4
    ("Régie générale, ÉCLAIRAGE", "cp850", "cp850"),       # é 0x82, É 0x90
    ("CREAT° MAQUETTE", "cp850", "cp850"),                 # ° 0xF8 (ø in Latin-1)
])
def test_8bit_heuristic(text: str, encoding: str, expected: str) -> None:
    assert guess_8bit(high_bytes([text.encode(encoding)])) == expected


def test_labels_survive_each_8bit_encoding(tmp_path: Path) -> None:
    for label, encoding in [("Facture d’électricité 100 €", "cp1252"),
                            ("Cœur de métier 100 €", "iso-8859-15"),
                            ("Régie générale, ÉCLAIRAGE", "cp850")]:
        entries = [replace_label(e, label) for e in ENTRIES]
        path = write_fec(tmp_path / f"{encoding}.txt", Dialect(encoding=encoding), entries)
        result = read_fec(path)
        assert result.encoding == encoding
        assert {e.label for e in result.entries} == {label}


def replace_label(entry: tuple[str, ...], label: str) -> tuple[str, ...]:
    return (*entry[:8], label, *entry[9:])


# -- the real samples ----------------------------------------------------------------------


def shared_fec_dir() -> Path:
    """``shared/data/fec`` found by walking up from this file (fails, never skips, if absent)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "fec"
        if candidate.is_dir():
            return candidate
    pytest.fail("shared/data/fec not found above tests/: the real FEC samples are missing")


# file, data lines, total debit = credit, class-6 net, class-6 lines, encoding, separator, ending
SAMPLES = [
    ("odoo-l10n_fr_fec/542107651FEC20210502.csv", 5, "7760.45", "0", 0, "utf-8", "|", "CRLF"),
    ("neolegal-fec-reader/111111111FEC20221231.TXT", 35, "1607.85", "55.43", 2, "utf-8", "|", "LF"),
    ("neolegal-fec-reader/0000000001FEC20220831.txt", 21, "11267.34", "920.87", 3, "utf-8-sig",
     "TAB", "LF"),
    ("neolegal-fec-reader/123456789FEC20500930.txt", 21, "3127.66", "2486.47", 5, "utf-8", "TAB",
     "CRCRLF"),
]


@pytest.mark.parametrize(("name", "rows", "total", "class6", "count6", "encoding", "sep", "end"),
                         SAMPLES, ids=[s[0].split("/")[1] for s in SAMPLES])
def test_real_samples_give_the_checked_totals(name: str, rows: int, total: str, class6: str,
                                              count6: int, encoding: str, sep: str, end: str) -> None:
    result = read_fec(shared_fec_dir() / name)
    assert result.lines_read == rows
    assert result.total_debit == result.total_credit == D(total)
    assert result.actual_total == D(class6)
    assert result.class6_lines == count6
    assert (result.encoding, result.separator, result.line_ending) == (encoding, sep, end)
    assert result.skipped == []


def test_fixed_width_sample_details() -> None:
    result = read_fec(shared_fec_dir() / "neolegal-fec-reader/111111111FEC20221231.TXT")
    assert result.notes == ["un séparateur de plus en fin de ligne (toléré)"]
    assert result.columns[16] == "MontantDevise" and len(result.columns) == 18
    assert all(e.label == e.label.strip() and e.compte_num.isdigit() for e in result.entries)


def test_fixed_width_sample_with_its_cp850_byte(tmp_path: Path) -> None:
    """The full original has 0xF8 in labels (``CREAT° MAQUETTE``): not UTF-8, read as CP850."""
    raw = (shared_fec_dir() / "neolegal-fec-reader/111111111FEC20221231.TXT").read_bytes()
    lines = raw.split(b"\n")
    lines[1] = lines[1].replace(b"VENTE NECTAR DE FRAISE", b"CREAT\xf8 MAQUETTE DE FRAI", 1)
    path = tmp_path / "111111111FEC20221231.TXT"
    path.write_bytes(b"\n".join(lines))
    result = read_fec(path)
    assert result.encoding == "cp850"
    assert result.total_debit == D("1607.85") and result.actual_total == D("55.43")


def test_odoo_sample_signed_amounts() -> None:
    result = read_fec(shared_fec_dir() / "odoo-l10n_fr_fec/542107651FEC20210502.csv")
    assert result.by_account == {} and result.entries == []
    assert result.notes == []


def test_crcrlf_sample_line_numbers() -> None:
    result = read_fec(shared_fec_dir() / "neolegal-fec-reader/123456789FEC20500930.txt")
    assert result.entries[0].line == 3  # header, 445660000, then 607000000
    assert result.entries[0].compte_num == "607000000"
    assert result.entries[0].amount == D("437.93")


# -- broken records -----------------------------------------------------------------------


def set_field(path: Path, line: int, column: int, value: str) -> None:
    """Overwrite one field of a pipe-separated, LF-ended FEC (``line`` counts from 1)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    fields = lines[line - 1].split("|")
    fields[column] = value
    lines[line - 1] = "|".join(fields)
    path.write_text("\n".join(lines), encoding="utf-8")


def broken_file(tmp_path: Path) -> Path:
    path = write_fec(tmp_path / "fichier.txt", Dialect(end="\n"))
    set_field(path, 5, 11, "12,3,4")      # the 641100 salary: bad Debit
    set_field(path, 8, 3, "20240231")     # the 625100 hotel: 31 February
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[10] = "|".join(lines[10].split("|")[:17])   # line 11, a 401000 debit of 200: 17 fields
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_broken_records_fail_whole_naming_line_and_column(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_fec(broken_file(tmp_path))
    assert caught.value.problems == [
        "fichier.txt, ligne 5, colonne Debit : « 12,3,4 » n'est pas un montant "
        "(attendu par ex. 1234,56)",
        "fichier.txt, ligne 8, colonne EcritureDate : « 20240231 » n'est pas une date "
        "(attendu AAAAMMJJ ou JJ/MM/AAAA)",
        "fichier.txt, ligne 11 : 17 champs au lieu de 18 (séparateur « | ») ; corrigez la ligne "
        "ou vérifiez qu'un libellé ne contient pas le séparateur",
    ]


def test_broken_records_in_english(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        read_fec(broken_file(tmp_path), lang="en")
    assert caught.value.problems[0] == ("fichier.txt, line 5, column Debit: '12,3,4' is not an "
                                        "amount (expected e.g. 1234,56)")


def test_skip_bad_lines_returns_them_and_leaves_them_out(tmp_path: Path) -> None:
    result = read_fec(broken_file(tmp_path), skip_bad_lines=True)
    assert [s.line for s in result.skipped] == [5, 8, 11]
    assert "colonne Debit" in result.skipped[0].reason
    assert "colonne EcritureDate" in result.skipped[1].reason
    assert "17 champs" in result.skipped[2].reason
    assert result.lines_read == 18
    assert "641100" not in result.by_account and "625100" not in result.by_account
    assert result.actual_total == D("1240525.99") - D("3100.00") - D("350.25")
    assert result.total_debit == EXPECTED_TOTAL - D("3100.00") - D("350.25") - D("200.00")
    assert result.total_credit == EXPECTED_TOTAL
    assert not result.balanced


def test_many_errors_are_capped_at_twenty_with_the_count(tmp_path: Path) -> None:
    path = write_fec(tmp_path / "f.txt", Dialect(end="\n"), ENTRIES * 3)
    for line in range(2, 56):
        set_field(path, line, 11, "abc")
    with pytest.raises(InvalidInput) as caught:
        read_fec(path)
    problems = caught.value.problems
    assert len(problems) == 21
    assert problems[19].startswith("f.txt, ligne 21, colonne Debit : « abc »")
    assert problems[20] == ("… et 34 autre(s) ligne(s) en erreur ; 54 au total. Corrigez le "
                            "fichier ou importez en ignorant les lignes en erreur")


def test_errors_on_crcrlf_and_sens(tmp_path: Path) -> None:
    entries = list(ENTRIES)
    path = write_fec(tmp_path / "f.txt", Dialect(sens="DC", end="\r\r\n"), entries)
    path.write_bytes(path.read_bytes().replace(b"|3100,00|D|", b"|3100,00|X|"))
    with pytest.raises(InvalidInput) as caught:
        read_fec(path)
    assert caught.value.problems == [
        "f.txt, ligne 5, colonne Sens : « X » n'est pas un sens (attendu D ou C, +1 ou -1)"]


def test_negative_debit_reduces_the_actual(tmp_path: Path) -> None:
    entries = [ENTRIES[3], ENTRIES[5]]
    entries[0] = (*ENTRIES[3][:9], "-12.50", "0")
    entries[1] = (*ENTRIES[5][:9], "0", "-12.50")
    result = read_fec(write_fec(tmp_path / "f.txt", Dialect(), entries))
    assert result.by_account == {"641100": D("-12.50")}


def test_not_an_fec_missing_file_and_missing_columns(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("bonjour\nle monde\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"notes\.txt, ligne 1 : en-tête FEC non reconnu"):
        read_fec(other)
    with pytest.raises(UnreadableFile, match=r"absent\.txt : fichier introuvable"):
        read_fec(tmp_path / "absent.txt")
    empty = tmp_path / "vide.txt"
    empty.write_bytes(b"\r\n")
    with pytest.raises(UnreadableFile, match="fichier vide"):
        read_fec(empty)
    cut = tmp_path / "cut.txt"
    cut.write_text("|".join(n for n in LEGAL_COLUMNS if n != "CompteNum") + "\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_fec(cut)
    assert caught.value.problems == ["cut.txt, ligne 1 : colonne(s) obligatoire(s) absente(s) : CompteNum"]


def test_variant_header_notes(tmp_path: Path) -> None:
    result = read_fec(write_fec(tmp_path / "f.txt", DIALECTS["variant-headers"]))
    assert result.notes == ["en-tête « EcrtureLet » lu comme EcritureLet"]
    result = read_fec(write_fec(tmp_path / "g.txt", DIALECTS["montant-sens-dc"]))
    assert result.notes == ["montants lus dans Montant et Sens au lieu de Debit et Credit"]


def test_extra_columns_of_the_22_column_layout_are_ignored(tmp_path: Path) -> None:
    path = write_fec(tmp_path / "f.txt", Dialect(sep="\t", end="\n"))
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] += "\tDateRglt\tModeRglt\tNatOp\tIdClient"
    lines[1:-1] = [line + "\t20240401\tVIR\t\t" for line in lines[1:-1]]
    path.write_text("\n".join(lines), encoding="utf-8")
    result = read_fec(path)
    assert len(result.columns) == 22 and result.by_account == EXPECTED_BY_ACCOUNT


# -- a large file ----------------------------------------------------------------------------


def test_200000_lines_import_with_progress(tmp_path: Path) -> None:
    path = tmp_path / "000000000FEC20241231.txt"
    accounts = ("641100", "613500", "625100")
    expected: dict[str, int] = dict.fromkeys(accounts, 0)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(LEGAL_COLUMNS) + "\r\n")
        for i in range(100_000):
            cents = 1 + (i * 7919) % 1_000_000
            account = accounts[i % 3]
            expected[account] += cents if i % 10 else -cents   # every tenth is a credit note
            debit, credit = (f"{cents // 100},{cents % 100:02d}", "0,00")
            if i % 10 == 0:
                debit, credit = credit, debit
            head = ["HA", "Achats", str(i), f"2024{1 + i % 12:02d}{1 + i % 28:02d}"]
            piece = [f"F{i}", "20240101", f"Libellé n°{i}"]
            tail = ["", "", "20240131", "", ""]
            for row in ([*head, account, "Charge", "", "", *piece, debit, credit, *tail],
                        [*head, "401000", "Fournisseurs", "F1", "Fournisseur", *piece, credit,
                         debit, *tail]):
                f.write("\t".join(row) + "\r\n")
    calls: list[tuple[int, int]] = []
    result = read_fec(path, progress=lambda done, total: calls.append((done, total)))
    assert result.lines_read == 200_000 and result.class6_lines == 100_000
    assert result.by_account == {a: D(c).scaleb(-2) for a, c in expected.items()}
    assert result.total_debit == result.total_credit
    size = path.stat().st_size
    assert calls[0] == (0, size) and calls[-1] == (size, size)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


# -- amounts and dates ---------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("0000000069,60", "69.60"), (" 000000000001437,12", "1437.12"), ("-000000000001437,12", "-1437.12"),
    ("-12,50", "-12.50"), ("- 12,50", "-12.50"), ("12.5", "12.50"), ("  ", "0"), ("", "0"),
    ("+3", "3.00"), (",5", "0.50"), ("12,500", "12.50"), ("7,", "7.00"),
])
def test_amounts(text: str, value: str) -> None:
    assert parse_amount(text) == D(value)


@pytest.mark.parametrize("text", ["12,3,4", "1.234,56", "1 234,56", "abc", "1e5", "NaN", "12,345",
                                  "-", ",", "12-", "1_000"])
def test_not_amounts(text: str) -> None:
    assert parse_amount(text) is None


@given(st.integers(min_value=-10**13, max_value=10**13), st.sampled_from(["comma", "point", "odoo",
                                                                          "padded", "signed"]))
def test_amount_round_trip(cents: int, style: str) -> None:
    value = D(cents).scaleb(-2)
    assert parse_amount(amount_text(str(value), style)) == value


def test_dates() -> None:
    assert parse_date("20240315") == parse_date("15/03/2024") == parse_date("2024-03-15") == date(2024, 3, 15)
    assert parse_date("20240231") is None and parse_date("31/02/2024") is None
    assert parse_date("2024031") is None and parse_date("") is None


# -- mapping --------------------------------------------------------------------------------


def test_longest_prefix_wins_and_no_match_is_hors_devis() -> None:
    mapping = {"6": "69", "64": "2", "641": "21", "6411": "22", "68": ""}
    assert map_accounts(["641100", "641200", "645000", "606300", "681100", "401000", "6"], mapping) == {
        "641100": "22", "641200": "21", "645000": "2", "606300": "69", "681100": None,
        "401000": None, "6": "69"}
    assert map_accounts(["613500"], {"64": "2"}) == {"613500": None}


def test_default_mapping_on_common_production_accounts() -> None:
    got = map_accounts(["616000", "641100", "645100", "622600", "622400", "625100", "625600",
                        "613500", "613200", "651000", "661100", "671000", "681100", "695000"])
    assert got == {"616000": "91", "641100": "2", "645100": "4", "622600": "93", "622400": "67",
                   "625100": "61", "625600": "64", "613500": "7", "613200": "68", "651000": "1",
                   "661100": "94", "671000": None, "681100": None, "695000": None}


def test_allocate_splits_actuals_into_budget_accounts_and_hors_devis(tmp_path: Path) -> None:
    result = read_fec(write_fec(tmp_path / "f.txt", Dialect()))
    allocation = allocate(result.by_account)
    assert allocation.by_budget_account == {"7": D("1000.00"), "2": D("3100.00"), "4": D("1395.50"),
                                            "61": D("350.25"), "69": D("0.01"), "8": D("1234567.89")}
    assert allocation.unmapped == {"671000": D("12.34"), "695000": D("100.00")}
    assert allocation.unmapped_total == D("112.34")
    assert sum(allocation.by_budget_account.values()) + allocation.unmapped_total == result.actual_total


def test_pcg_mapping_data_is_sourced_dated_and_points_at_real_codes() -> None:
    text = files("xlprod.reference").joinpath("pcg_mapping.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    assert list(rows[0]) == ["prefix", "account", "label_fr", "source", "valid_from", "confidence"]
    codes = {a.account for v in ("cinema", "audiovisuel") for a in reference.chart_of_accounts(v)}
    codes |= {str(c.chapter) for c in reference.chapters("cinema")}
    for n, row in enumerate(rows, start=2):
        assert "ANC n° 2014-03" in row["source"] and not re.search(r"\[S?\d+\]", row["source"]), n
        date.fromisoformat(row["valid_from"])
        assert row["confidence"] in {"high", "medium", "M", "U"}, n
        assert row["prefix"].startswith("6"), n
        assert row["account"] == "" or row["account"] in codes, n
    prefixes = {r["prefix"] for r in rows}
    assert {"60", "61", "62", "63", "64", "65", "66", "67", "68"} <= prefixes
    assert len(reference.pcg_mapping()) == len(rows) == len(default_mapping())
