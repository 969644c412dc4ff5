"""Read an FEC (Fichier des Écritures Comptables) file, streaming, into class-6 actuals.

The 18 legal columns (LPF art. A47 A-1) are found by name, case and accents
ignored, with the variants of real exports (``EcrtureLet``, ``MontantDevise``,
``Montant`` + ``Sens`` instead of ``Debit``/``Credit``). The separator (``|``,
TAB, ``;``) is taken from the header; a trailing separator is tolerated; line
ends may be LF, CRLF, CR CR LF or CR. Encodings: UTF-8 with or without BOM,
else ISO-8859-15, Windows-1252 or CP850 (heuristic in :mod:`.fec_text`).

Line numbers in messages count the lines of the file as an editor shows them
with one line per record: the header is line 1 (CR CR LF counts as one end).

Streaming: the file is read in 1 MiB blocks, each decoded once and split into
lines; only class-6 entries are kept. ``scripts/bench_fec.py`` on a generated
200 000-line file (24 MB, pipe, CRLF, UTF-8; 2 shared cores, Python 3.11,
three runs), splitting into fields only: pandas ``read_csv(dtype=str,
quoting=QUOTE_NONE)`` 0.35 s once pandas is imported (0.67-1.26 s counting
the import), ``csv.reader`` 0.25-0.35 s, block decode + ``str.split``
0.15-0.24 s. The hand split is the
fastest and keeps each record's own line number (pandas renumbers once it
drops the blank lines of CR CR LF files, and builds the whole table in memory),
so it is used. The whole import, checking every amount and date and keeping
75 000 class-6 entries, takes 1.5-1.8 s and peaks at about 80 MB.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from xlprod.errors import InvalidInput, UnreadableFile
from xlprod.importers.fec_text import (
    LEGAL_COLUMNS,
    REQUIRED,
    SEPARATOR_NAMES,
    canonical,
    guess_8bit,
    high_bytes,
    messages,
    parse_amount,
    parse_date,
    split_header,
)

__all__ = ["FecEntry", "FecImport", "SkippedLine", "read_fec"]

Progress = Callable[[int, int], None]
BLOCK = 1 << 20
MAX_REPORTED = 20
_BOM = b"\xef\xbb\xbf"
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class FecEntry:
    """One class-6 line of the FEC: what a Transactions sheet shows. Text stays plain text."""

    line: int
    journal: str
    ecriture_num: str
    date: date
    compte_num: str
    compte_lib: str
    comp_aux_num: str
    comp_aux_lib: str
    piece_ref: str
    label: str
    debit: Decimal
    credit: Decimal

    @property
    def amount(self) -> Decimal:
        """The actual this line adds: debit − credit."""
        return self.debit - self.credit

    @property
    def supplier(self) -> str:
        """The auxiliary account's label when there is one, else the account's label."""
        return self.comp_aux_lib or self.compte_lib


@dataclass(frozen=True, slots=True)
class SkippedLine:
    """A malformed record left out with ``skip_bad_lines=True``: its line and why."""

    line: int
    reason: str


@dataclass(frozen=True)
class FecImport:
    """What an FEC file holds for the cost report.

    ``entries`` are the class-6 lines (CompteNum starting with ``6``) in file
    order; ``by_account`` their Σ(debit − credit) per CompteNum. ``lines_read``
    counts the data lines (header and blank lines excluded, skipped ones
    included); ``total_debit`` and ``total_credit`` cover every line kept, of
    every class, to check that the file balances. ``notes`` lists what was
    tolerated (variant headers, trailing separators).
    """

    path: Path
    encoding: str
    separator: str
    line_ending: str
    columns: tuple[str, ...]
    entries: list[FecEntry]
    by_account: dict[str, Decimal]
    lines_read: int
    skipped: list[SkippedLine]
    total_debit: Decimal
    total_credit: Decimal
    notes: list[str] = field(default_factory=list)

    @property
    def class6_lines(self) -> int:
        """How many lines are class-6 entries."""
        return len(self.entries)

    @property
    def actual_total(self) -> Decimal:
        """Σ(debit − credit) over the class-6 lines."""
        return sum(self.by_account.values(), _ZERO)

    @property
    def balanced(self) -> bool:
        """True when total debit equals total credit."""
        return self.total_debit == self.total_credit


class _NotUtf8(Exception):
    """Raised inside a UTF-8 pass at the first byte that UTF-8 cannot decode."""


def read_fec(path: Path | str, *, skip_bad_lines: bool = False, progress: Progress | None = None,
             lang: str = "fr") -> FecImport:
    """Import the FEC at ``path``: class-6 entries, totals per CompteNum, file totals.

    A malformed record (wrong number of fields, bad amount, bad date, bad Sens)
    fails the whole import with :class:`~xlprod.errors.InvalidInput` listing the
    first 20 problems (file, line, column, what to type) and how many there are,
    unless ``skip_bad_lines`` is true: then those lines are left out of every
    total and returned in ``skipped``. ``progress(bytes_done, bytes_total)`` is
    called after each block read. A missing, empty or non-FEC file raises
    :class:`~xlprod.errors.UnreadableFile`. Messages are French unless
    ``lang="en"``.
    """
    path = Path(path)
    msg = messages(lang)
    try:
        handle = path.open("rb")
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableFile(msg["missing_file"].format(file=path.name, reason=exc.strerror)) from exc
    with handle:
        head = handle.read(BLOCK)
        if not head.strip():
            raise UnreadableFile(msg["empty"].format(file=path.name))
        newline, ending = _line_ending(head)
        handle.seek(0)
        try:
            return _Reader(path, "utf-8-sig" if head.startswith(_BOM) else "utf-8", newline, ending,
                           skip_bad_lines, lang).run(handle, size, progress)
        except _NotUtf8:
            handle.seek(0)
            encoding = guess_8bit(high_bytes(iter(lambda: handle.read(BLOCK), b"")))
            handle.seek(0)
            return _Reader(path, encoding, newline, ending, skip_bad_lines, lang).run(
                handle, size, progress)


def _line_ending(head: bytes) -> tuple[str, str]:
    """The character that ends records, and the name of the line end seen first."""
    lf = head.find(b"\n")
    if lf < 0:
        return ("\r", "CR") if b"\r" in head else ("\n", "LF")
    crs = len(head[:lf]) - len(head[:lf].rstrip(b"\r"))
    return "\n", {0: "LF", 1: "CRLF"}.get(crs, "CR" * crs + "LF")


class _Reader:
    """One pass over the file in one encoding."""

    def __init__(self, path: Path, encoding: str, newline: str, ending: str, skip: bool,
                 lang: str) -> None:
        self.path, self.encoding, self.newline, self.ending = path, encoding, newline, ending
        self.skip, self.lang, self.msg = skip, lang, messages(lang)
        self.problems: list[str] = []
        self.bad_count = 0
        self.reported_lines = 0
        self.notes: list[str] = []

    def _lines(self, handle: BinaryIO, size: int, progress: Progress | None) -> Iterator[str]:
        """The file's lines as text, without their ends, decoding each block once."""
        done, rest = 0, b""
        strict = self.encoding.startswith("utf-8")
        if progress:
            progress(0, size)
        while True:
            block = handle.read(BLOCK)
            done += len(block)
            buf = rest + block if rest else block
            if block:
                cut = buf.rfind(self.newline.encode()) + 1
                buf, rest = buf[:cut], buf[cut:]
            else:
                rest = b""
            if not buf:
                if not block:
                    return
                continue
            try:
                text = buf.decode(self.encoding)
            except UnicodeDecodeError as exc:
                if strict:
                    raise _NotUtf8 from exc
                raise  # pragma: no cover - the 8-bit candidates that remain decode every byte
            if self.newline == "\n" and "\r" in text:
                text = text.replace("\r", "")
            lines = text.split(self.newline)
            if text.endswith(self.newline):
                lines.pop()
            yield from lines
            if progress:
                progress(done, size)
            if not block:
                return

    def run(self, handle: BinaryIO, size: int, progress: Progress | None) -> FecImport:
        lines = self._lines(handle, size, progress)
        header = next(lines, "").lstrip("\ufeff")
        sep, names, index, sens_mode = self._header(header)
        width = len(names)
        i_journal, i_num, i_date, i_compte = (index[c] for c in REQUIRED)
        i_clib, i_auxnum, i_auxlib, i_piece, i_lib = (
            index.get(c, -1) for c in ("CompteLib", "CompAuxNum", "CompAuxLib", "PieceRef",
                                       "EcritureLib"))
        i_a, i_b = (index["Montant"], index["Sens"]) if sens_mode else (index["Debit"], index["Credit"])
        optional_dates = [(index[c], names[index[c]]) for c in ("PieceDate", "DateLet", "ValidDate")
                          if c in index]
        entries: list[FecEntry] = []
        by_account: dict[str, Decimal] = {}
        skipped: list[SkippedLine] = []
        total_debit = total_credit = _ZERO
        lines_read = 0
        trailing = False
        msg, name = self.msg, self.path.name
        for number, text in enumerate(lines, start=2):
            if not text.strip():
                continue
            lines_read += 1
            fields = text.split(sep)
            if len(fields) != width:
                if len(fields) == width + 1 and not fields[-1].strip():
                    trailing = True
                else:
                    where = msg["where"].format(file=name, line=number)
                    self._bad(skipped, number, msg["fields"].format(
                        where=where, got=len(fields), expected=width, sep=SEPARATOR_NAMES[sep]))
                    continue
            problems: list[str] = []
            debit, credit = self._amounts(fields[i_a], fields[i_b], names[i_a], names[i_b],
                                          sens_mode, number, problems)
            when = parse_date(fields[i_date])
            if when is None:
                self._date_problem(fields[i_date], names[i_date], number, problems)
            for i, column in optional_dates:
                value = fields[i]
                if value.strip() and parse_date(value) is None:
                    self._date_problem(value, column, number, problems)
            if problems:
                self._bad(skipped, number, "\n".join(problems), count=len(problems))
                continue
            total_debit += debit
            total_credit += credit
            compte = fields[i_compte].strip()
            if compte.startswith("6"):
                assert when is not None
                entries.append(FecEntry(
                    line=number, journal=fields[i_journal].strip(), ecriture_num=fields[i_num].strip(),
                    date=when, compte_num=compte, compte_lib=_get(fields, i_clib),
                    comp_aux_num=_get(fields, i_auxnum), comp_aux_lib=_get(fields, i_auxlib),
                    piece_ref=_get(fields, i_piece), label=_get(fields, i_lib),
                    debit=debit, credit=credit))
                by_account[compte] = by_account.get(compte, _ZERO) + debit - credit
        if self.problems:
            shown = self.problems[:MAX_REPORTED]
            if self.bad_count > self.reported_lines:
                shown.append(msg["more"].format(count=self.bad_count - self.reported_lines,
                                                total=self.bad_count))
            raise InvalidInput(shown)
        if trailing:
            self.notes.append(msg["note_trailing"])
        return FecImport(path=self.path, encoding=self.encoding, separator=SEPARATOR_NAMES[sep],
                         line_ending=self.ending, columns=tuple(names), entries=entries,
                         by_account=by_account, lines_read=lines_read, skipped=skipped,
                         total_debit=total_debit, total_credit=total_credit, notes=self.notes)

    def _header(self, line: str) -> tuple[str, list[str], dict[str, int], bool]:
        """Separator, header cells (as written), legal name → index, and Montant/Sens mode."""
        msg, name = self.msg, self.path.name
        found = split_header(line)
        if found is None:
            raise UnreadableFile(msg["not_fec"].format(file=name))
        sep, cells = found
        if len(cells) > 1 and not cells[-1].strip():
            cells.pop()
        names = [c.strip() for c in cells]
        index: dict[str, int] = {}
        for i, cell in enumerate(names):
            legal = canonical(cell)
            if legal and legal not in index:
                index[legal] = i
                if legal in LEGAL_COLUMNS and cell != legal and cell.lower() != legal.lower():
                    self.notes.append(msg["note_alias"].format(got=cell, legal=legal))
        sens_mode = "Debit" not in index or "Credit" not in index
        if sens_mode and not ("Montant" in index and "Sens" in index):
            raise InvalidInput(msg["no_amounts"].format(file=name))
        missing = [c for c in REQUIRED if c not in index]
        if missing:
            raise InvalidInput(msg["missing_cols"].format(file=name, columns=", ".join(missing)))
        if sens_mode:
            self.notes.append(msg["note_sens"])
        self.notes.extend(msg["note_absent"].format(column=c) for c in LEGAL_COLUMNS
                          if c not in index and not (sens_mode and c in ("Debit", "Credit")))
        return sep, names, index, sens_mode

    def _amounts(self, a: str, b: str, col_a: str, col_b: str, sens_mode: bool, number: int,
                 problems: list[str]) -> tuple[Decimal, Decimal]:
        """(debit, credit) of a line, from Debit/Credit or from Montant/Sens."""
        first = parse_amount(a)
        if first is None:
            problems.append(self._amount_problem(a, col_a, number))
        if sens_mode:
            side = b.strip().upper()
            if side in ("D", "+1"):  # what the DGFiP's Test-Compta-Demat accepts
                return (first or _ZERO), _ZERO
            if side in ("C", "-1"):
                return _ZERO, (first or _ZERO)
            where = self.msg["where_col"].format(file=self.path.name, line=number, column=col_b)
            problems.append(self.msg["sens"].format(where=where, value=b.strip()))
            return _ZERO, _ZERO
        second = parse_amount(b)
        if second is None:
            problems.append(self._amount_problem(b, col_b, number))
        return (first or _ZERO), (second or _ZERO)

    def _amount_problem(self, value: str, column: str, number: int) -> str:
        where = self.msg["where_col"].format(file=self.path.name, line=number, column=column)
        return self.msg["amount"].format(where=where, value=value.strip())

    def _date_problem(self, value: str, column: str, number: int, problems: list[str]) -> None:
        where = self.msg["where_col"].format(file=self.path.name, line=number, column=column)
        key = "date" if value.strip() else "date_missing"
        problems.append(self.msg[key].format(where=where, value=value.strip()))

    def _bad(self, skipped: list[SkippedLine], number: int, reason: str, count: int = 1) -> None:
        """Record a malformed line: skipped, or kept for the error raised at the end."""
        if self.skip:
            skipped.append(SkippedLine(number, reason))
        else:
            self.bad_count += 1
            if len(self.problems) < MAX_REPORTED:
                self.reported_lines += 1
                self.problems.extend(reason.split("\n")[: MAX_REPORTED - len(self.problems)])


def _get(fields: list[str], i: int) -> str:
    return fields[i].strip() if i >= 0 else ""
