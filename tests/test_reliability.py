"""Hostile and broken inputs: each is refused with an exact ``Error:`` line and exit code,
quickly and in bounded memory, and a user's file is never lost (docs/reliability.md)."""

from __future__ import annotations

import contextlib
import errno
import json
import multiprocessing
import os
import re
import resource
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlprod import api
from xlprod.cli import main
from xlprod.errors import XlprodError
from xlprod.kinds.budget.demo import demo_input

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str | Path) -> tuple[int, str, str]:
    """The real entry point (``main``: exit codes and ``Error:`` lines) in-process."""
    runner = CliRunner()
    argv = sys.argv
    code: int | str | None = 0
    with runner.isolation() as (out, err, _):
        sys.argv = ["xlprod", *map(str, args)]
        try:
            main()
        except SystemExit as exc:
            code = exc.code
        finally:
            sys.argv = argv
            sys.stdout.flush()
            sys.stderr.flush()
        result = out.getvalue().decode(), err.getvalue().decode()
    assert "Traceback" not in result[0] + result[1]
    return int(code or 0), *result


def mutate(src: Path, dst: Path, edits: dict[str, object]) -> Path:
    """Copy a package, replacing parts: text edits (a function) or raw bytes."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            edit = edits.get(info.filename)
            if callable(edit):
                data = edit(data.decode("utf-8")).encode("utf-8")
            elif isinstance(edit, bytes):
                data = edit
            zout.writestr(info.filename, data)
        for name, edit in edits.items():  # new parts
            if isinstance(edit, bytes) and name not in zin.namelist():
                zout.writestr(name, edit)
    return dst


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("books")
    source = folder / "budget.json"
    source.write_text(json.dumps(demo_input(), ensure_ascii=False), encoding="utf-8")
    api.new("budget", folder / "budget.xlsx", source=source)
    api.new("cuesheet", folder / "cuesheet.xlsx")
    return {"budget": folder / "budget.xlsx", "cuesheet": folder / "cuesheet.xlsx",
            "json": source}


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- 1. package bounds ------------------------------------------------------------------

def _bomb(path: Path, megabytes: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return path


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path):
    bomb = _bomb(tmp_path / "bomb.xlsx", 1024)  # 1 GB of spaces in about 1 MB
    assert bomb.stat().st_size < 5 * 1024 * 1024
    before, started = _peak_rss_mb(), time.monotonic()
    code, _, err = run("validate", bomb)
    assert code == 2
    # under the 2 GB size bound (a 200 000-line budget is about 1 GB unpacked), caught by
    # its ratio, from the zip's directory alone
    assert re.match(rf"Error: {re.escape(str(bomb))}: part 'xl/worksheets/sheet1.xml' expands "
                    r"\d+ times \(limit 200\) to 1024 MB: a zip bomb, refused without unpacking it",
                    err), err
    assert time.monotonic() - started < 2
    assert _peak_rss_mb() - before < 100


def test_a_part_that_expands_like_a_bomb_is_refused(tmp_path):
    bomb = _bomb(tmp_path / "bomb.xlsx", 20)  # under the size limit, but 1000:1
    code, _, err = run("validate", bomb)
    assert code == 2
    assert re.match(rf"Error: {re.escape(str(bomb))}: part 'xl/worksheets/sheet1.xml' expands "
                    r"\d+ times \(limit 200\) to 20 MB: a zip bomb, refused without unpacking it",
                    err)


def test_the_size_limit_is_set_by_the_environment(tmp_path, books, monkeypatch):
    big = mutate(books["budget"], tmp_path / "big.xlsx", {"xl/media/blob.bin": os.urandom(3 << 20)})
    monkeypatch.setenv("XLPROD_MAX_UNPACKED_MB", "1")
    assert run("validate", big) == (
        2, "", f"Error: {big}: part 'xl/media/blob.bin' unpacks to 3 MB, more than the 0.8 MB "
               "allowed for one part (three quarters of 1 MB); raise the limit with "
               "XLPROD_MAX_UNPACKED_MB=<MB> if the file is genuine\n")
    monkeypatch.setenv("XLPROD_MAX_UNPACKED_MB", "50")
    assert run("validate", big)[0] == 0, run("validate", big)
    monkeypatch.setenv("XLPROD_MAX_UNPACKED_MB", "lots")
    assert run("validate", big)[1:] == (
        "", "Error: XLPROD_MAX_UNPACKED_MB='lots' is not a whole number of MB; set it to e.g. 4096\n")


def test_too_many_parts(tmp_path):
    many = tmp_path / "many.xlsx"
    with zipfile.ZipFile(many, "w") as z:
        for i in range(10_001):
            z.writestr(f"p{i}", b"")
    code, _, err = run("validate", many)
    assert (code, err) == (2, f"Error: {many}: 10001 parts in the package, more than the 10000 "
                              "xlprod reads; this is not a workbook it can open\n")


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "xl/../../evil.xml"])
def test_a_part_named_outside_the_package(tmp_path, books, name):
    forged = tmp_path / "forged.xlsx"
    mutate(books["budget"], forged, {})
    with zipfile.ZipFile(forged, "a") as z:
        z.writestr(name, b"<x/>")
    code, _, err = run("validate", forged)
    assert (code, err) == (2, f"Error: {forged}: part {name!r} points outside the package "
                              "(absolute path or '..'); the file is forged: refused\n")


# -- 2. streamed sheet XML, strings, tables ------------------------------------------------

# The budget's sheets, in order: Récapitulatif, Devis détaillé, Devis (sheet3.xml), Paramètres…

def test_a_doctype_in_a_sheet_is_refused(tmp_path, books):
    lol = tmp_path / "lol.xlsx"
    mutate(books["budget"], lol, {"xl/worksheets/sheet3.xml": lambda t: t.replace(
        "<worksheet", '<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><worksheet', 1)})
    code, _, err = run("validate", lol)
    assert code == 2  # openpyxl (defusedxml) refuses it first, naming the file
    assert err.startswith(f"Error: {lol}: cannot be read as an .xlsx workbook (")


@pytest.mark.parametrize("padding", [0, 5000, 70_000])
def test_the_streamed_reader_finds_a_doctype_behind_a_long_prolog(tmp_path, padding):
    from xlprod.xlsx.cells import HostileOrBrokenPart, read_block

    prolog = "<?xml version='1.0'?>" + "<!--" + " " * padding + "-->"
    with zipfile.ZipFile(tmp_path / "p.zip", "w") as z:
        z.writestr("s.xml", prolog + '<!DOCTYPE w [<!ENTITY a "a">]><worksheet/>')
    with zipfile.ZipFile(tmp_path / "p.zip") as z, pytest.raises(HostileOrBrokenPart,
                                                               match=r"^s\.xml: "):
        read_block(z, "s.xml", [], 1, 10, 1, 3)


def test_shared_strings_are_bounded(tmp_path, books, monkeypatch):
    import xlprod.xlsx.cells as cells

    with zipfile.ZipFile(books["budget"]) as z:
        strings = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in z.namelist() else None
    long = "x" * 32_768
    sst = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f"<si><t>{long}</t></si></sst>")
    with zipfile.ZipFile(tmp_path / "s.xlsx", "w") as z:
        z.writestr("xl/sharedStrings.xml", sst)
    with zipfile.ZipFile(tmp_path / "s.xlsx") as z, pytest.raises(
            cells.HostileOrBrokenPart, match=r"xl/sharedStrings.xml: string 1 has 32768 characters"):
        cells.shared_strings(z)
    monkeypatch.setattr(cells, "MAX_STRINGS", 2)
    with zipfile.ZipFile(tmp_path / "n.xlsx", "w") as z:
        z.writestr("xl/sharedStrings.xml", sst.replace(f"<si><t>{long}</t></si>", "<si><t>a</t></si>" * 3))
    with zipfile.ZipFile(tmp_path / "n.xlsx") as z, pytest.raises(
            cells.HostileOrBrokenPart, match="more than 2 shared strings"):
        cells.shared_strings(z)
    assert strings is None or strings  # the real workbook's own table reads fine:
    with zipfile.ZipFile(books["budget"]) as z:
        assert isinstance(cells.shared_strings(z), list)


def _set_table(text: str, **attrs: str) -> str:
    for key, value in attrs.items():
        if f' {key}="' in text:
            text = re.sub(rf' {key}="[^"]*"', f' {key}="{value}"', text, count=1)
        else:
            text = text.replace("<table ", f'<table {key}="{value}" ', 1)
    return text


def test_a_table_claiming_the_whole_sheet_costs_only_its_rows(tmp_path, books):
    wide = mutate(books["budget"], tmp_path / "wide.xlsx", {
        "xl/tables/table1.xml": lambda t: _set_table(t, ref="A4:XFD1048576")})
    before, started = _peak_rss_mb(), time.monotonic()
    code, _, err = run("validate", wide)
    assert (code, err) == (0, "")
    assert time.monotonic() - started < 5
    assert _peak_rss_mb() - before < 300


def test_a_table_block_beyond_the_cell_limit_is_refused(tmp_path, books, monkeypatch):
    monkeypatch.setenv("XLPROD_MAX_TABLE_CELLS", "500")
    code, _, err = run("validate", books["budget"])
    assert code == 2
    assert err.startswith(f"Error: {books['budget']}: sheet Devis cannot be read "
                          "(xl/worksheets/sheet3.xml: the table's block reaches row ")
    assert "more than 500 cells; shrink the table to its rows (or raise XLPROD_MAX_TABLE_CELLS)" in err


def test_a_thousand_totals_rows_never_hide_lines(tmp_path, books):
    hostile = mutate(books["budget"], tmp_path / "totals.xlsx", {
        "xl/tables/table1.xml": lambda t: _set_table(t, totalsRowCount="1000")})
    code, _, err = run("export", hostile)
    assert code == 2
    assert err == (f"Error: {hostile}: Devis: table BudgetLines claims 1000 totals rows (Excel "
                   "makes one), which would hide rows 5–63 that hold data; turn the table's totals "
                   "row off and on again in Excel (Table Design > Total Row), then save\n")


def test_one_totals_row_is_still_left_out(tmp_path, books):
    # Excel's own totals row: the table grows by one row, the last one, which is not a line.
    with zipfile.ZipFile(books["budget"]) as z:
        ref = re.search(r'ref="([A-Z]+\d+:[A-Z]+\d+)"', z.read("xl/tables/table1.xml").decode())[1]
    first, last = ref.split(":")
    letters, number = re.match(r"([A-Z]+)(\d+)", last).groups()
    grown = mutate(books["budget"], tmp_path / "grown.xlsx", {
        "xl/tables/table1.xml": lambda t: _set_table(
            t, ref=f"{first}:{letters}{int(number) + 1}", totalsRowCount="1")})
    assert len(api.export(grown)["lines"]) == len(api.export(books["budget"])["lines"])


@pytest.mark.parametrize(("master", "shown"), [("SUM(A1))", "'=SUM(A1))'"),
                                            ('"abc', "'=\"abc'")])
def test_a_broken_shared_formula_names_the_cell(tmp_path, books, master, shown):
    def edit(text: str) -> str:  # M5 becomes a broken shared master, M6 its follower
        text = re.sub(r'(<c r="M5"[^>]*>)<f>[^<]*</f>',
                      lambda m: m[1] + f'<f t="shared" si="7" ref="M5:M6">{master}</f>', text, count=1)
        return re.sub(r'(<c r="M6"[^>]*>)<f>[^<]*</f>', r'\1<f t="shared" si="7"/>', text, count=1)

    broken = mutate(books["budget"], tmp_path / "shared.xlsx", {"xl/worksheets/sheet3.xml": edit})
    code, _, err = run("validate", broken)
    assert code == 2
    assert err.startswith(f"Error: {broken}: sheet Devis cannot be read (xl/worksheets/sheet3.xml: "
                          f"cell M6's shared formula (from M5: {shown}) cannot be read (")


# -- 3. defined names and renamed sheets ---------------------------------------------------

def _rename_name(target: str):
    def edit(text: str) -> str:
        return re.sub(r'(<definedName name="BUDGET_TITLE">)[^<]*', lambda m: m[1] + target, text)
    return edit


@pytest.mark.parametrize(("target", "message"), [
    ("'Nulle part'!$B$4", "defined name BUDGET_TITLE points at sheet 'Nulle part', which is not in "
     "the workbook (renamed or deleted?); give the sheet its name back, or fix or delete it in "
     "Excel (Formulas > Name Manager)"),
    ("'Paramètres'!$B$0", "defined name BUDGET_TITLE points at Paramètres!$B$0, which is not a "
     "cell of a sheet; fix or delete it in Excel (Formulas > Name Manager)"),
    ("'Paramètres'!$XFZ$4", "defined name BUDGET_TITLE points at Paramètres!$XFZ$4, which is not "
     "a cell of a sheet; fix or delete it in Excel (Formulas > Name Manager)"),
    (")(!!", "defined name BUDGET_TITLE = ')(!!' cannot be read; fix or delete it in Excel "
     "(Formulas > Name Manager)"),
])
def test_a_broken_defined_name_is_named(tmp_path, books, target, message):
    broken = mutate(books["budget"], tmp_path / "names.xlsx",
                    {"xl/workbook.xml": _rename_name(target)})
    for command in ("validate", "export"):
        assert run(command, broken) == (2, "", f"Error: {broken}: {message}\n")


def test_a_sheet_renamed_under_its_names(tmp_path, books):
    renamed = mutate(books["cuesheet"], tmp_path / "renamed.xlsx", {
        "xl/workbook.xml": lambda t: t.replace('<sheet name="Relevé"', '<sheet name="Cues"')})
    code, _, err = run("validate", renamed)
    assert code == 2
    assert err.startswith(f"Error: {renamed}: defined name ")
    assert "points at sheet 'Relevé', which is not in the workbook (renamed or deleted?)" in err


def test_a_sheet_renamed_with_its_names_still_reads(tmp_path, books):
    renamed = mutate(books["budget"], tmp_path / "renamed.xlsx", {
        "xl/workbook.xml": lambda t: t.replace("Paramètres", "Réglages")})
    assert run("validate", renamed)[0] == 0


# -- 4. inputs that are not regular files ---------------------------------------------------

@pytest.mark.parametrize("command", [["validate"], ["export"], ["new", "budget", "--from"]])
def test_dev_zero_is_not_a_regular_file(tmp_path, command):
    args = [*command, "/dev/zero"] + (["-o", tmp_path / "x.xlsx"] if command[0] == "new" else [])
    started = time.monotonic()
    code, _, err = run(*args)
    expected = "a JSON file" if command[0] == "new" else "an .xlsx workbook"
    assert (code, err) == (2, f"Error: /dev/zero: not a regular file (a character device); give "
                              f"the path of {expected}\n")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("command", ["validate", "new"])
def test_a_fifo_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    args = ["validate", fifo] if command == "validate" else [
        "new", "budget", "--from", fifo, "-o", tmp_path / "x.xlsx"]
    code, _, err = run(*args)
    assert code == 2
    assert err.startswith(f"Error: {fifo}: not a regular file (a FIFO (named pipe)); ")


# -- 5. atomic creation, --force on regular files only -------------------------------------

def _racer(path: str, barrier, results, me: int, rounds: int) -> None:
    from xlprod.errors import RefuseOverwrite
    from xlprod.fileio import write_text

    for i in range(rounds):
        target = Path(f"{path}-{i}")
        barrier.wait()
        try:
            write_text(target, f"writer {me}\n")
            results.put((i, me))
        except RefuseOverwrite:
            pass


def test_two_writers_racing_never_both_write(tmp_path):
    rounds = 50
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    base = str(tmp_path / "out")
    workers = [ctx.Process(target=_racer, args=(base, barrier, results, me, rounds))
               for me in (1, 2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    wins: dict[int, list[int]] = {}
    while not results.empty():
        i, me = results.get()
        wins.setdefault(i, []).append(me)
    assert sorted(wins) == list(range(rounds))
    assert all(len(w) == 1 for w in wins.values()), wins  # never two "Wrote" for one file
    for i, (me,) in wins.items():
        assert Path(f"{base}-{i}").read_text() == f"writer {me}\n"
    assert not list(tmp_path.glob(".~xlprod-*"))


def test_force_never_replaces_a_device_a_fifo_or_a_folder(tmp_path):
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)
    (tmp_path / "dir.xlsx").mkdir()
    assert run("new", "budget", "-o", fifo, "--force") == (
        2, "", f"Error: {fifo} is a FIFO (named pipe), not a regular file; xlprod replaces "
               "regular files only: choose another output\n")
    assert run("new", "budget", "-o", "/dev/null", "--force") == (
        2, "", "Error: /dev/null is a character device, not a regular file; xlprod replaces "
               "regular files only: choose another output\n")
    assert run("new", "budget", "-o", tmp_path / "dir.xlsx", "--force") == (
        2, "", f"Error: {tmp_path / 'dir.xlsx'} is a directory, not a file\n")
    assert run("new", "budget", "-o", "/dev/null") == (
        2, "", "Error: /dev/null already exists; pass --force to replace it\n")
    assert fifo.exists() and not fifo.is_file()


def test_a_symlink_is_followed(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    from xlprod.fileio import write_text

    write_text(link, "new\n", force=True)
    assert link.is_symlink() and real.read_text() == "new\n"
    assert run("new", "budget", "-o", link)[2] == (
        f"Error: {link} already exists; pass --force to replace it\n")


# -- 6. temporary files, signals, disk full ------------------------------------------------

@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_signal_removes_the_temporary_file(tmp_path, signum, code):
    out = tmp_path / "devis.xlsx"
    script = (
        "import os, sys, time\n"
        "real = os.fsync\n"
        "def slow(fd):\n"
        "    sys.stderr.write('ready\\n'); sys.stderr.flush(); time.sleep(30)\n"
        "os.fsync = slow\n"
        f"sys.argv = ['xlprod', 'new', 'budget', '-o', {str(out)!r}]\n"
        "from xlprod.cli import main\n"
        "main()\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    with subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True,
                          env=env) as proc:
        assert proc.stderr is not None
        assert proc.stderr.readline() == "ready\n"
        assert list(tmp_path.glob(".~xlprod-devis.xlsx.*.tmp"))  # the temporary file, beside it
        proc.send_signal(signum)
        assert proc.wait(10) == code
        assert proc.stderr.read().strip() == f"Aborted ({signal.Signals(signum).name})."
    assert list(tmp_path.iterdir()) == []


def test_disk_full_names_the_file(tmp_path, books, monkeypatch):
    from xlprod.xlsx import writer

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    for cls in [c for c in vars(writer).values() if isinstance(c, type) and hasattr(c, "save")]:
        monkeypatch.setattr(cls, "save", full)
    out = tmp_path / "devis.xlsx"
    assert run("new", "budget", "-o", out) == (
        2, "", f"Error: cannot write {out}: no space left on device\n")
    assert list(tmp_path.iterdir()) == []
    monkeypatch.setattr(Path, "write_text", full)
    assert run("export", books["budget"], "-o", tmp_path / "b.json") == (
        2, "", f"Error: cannot write {tmp_path / 'b.json'}: no space left on device\n")
    assert list(tmp_path.iterdir()) == []


# -- 7. JSON inputs ------------------------------------------------------------------------

@pytest.fixture
def budget_input(books):
    return json.loads(books["json"].read_text(encoding="utf-8"))


def _new_from(tmp_path: Path, text: str) -> tuple[int, str, str]:
    source = tmp_path / "in.json"
    source.write_text(text, encoding="utf-8")
    return run("new", "budget", "--from", source, "-o", tmp_path / "out.xlsx")


def test_a_key_given_twice_is_refused(tmp_path, budget_input):
    text = json.dumps(budget_input, ensure_ascii=False)
    rate = json.dumps(budget_input["lines"][3]["rate"])
    body = json.dumps(budget_input["lines"][3], ensure_ascii=False)
    text = text.replace(body, body[:-1] + f', "rate": {rate}' + "}", 1)
    code, _, err = _new_from(tmp_path, text)
    assert (code, err) == (1, f"Error: {tmp_path / 'in.json'}: lines[3].rate: given twice in the "
                              "same object; keep one (JSON readers disagree on which one counts)\n")
    assert not (tmp_path / "out.xlsx").exists()


def test_text_beyond_excels_cell_limit(tmp_path, budget_input):
    budget_input["lines"][2]["label"] = "é" * 32_768
    code, _, err = _new_from(tmp_path, json.dumps(budget_input))
    assert (code, err) == (1, f"Error: {tmp_path / 'in.json'}: lines[2].label: text of 32768 "
                              f"characters ('{'é' * 40}…'), more than the 32767 an Excel cell "
                              "holds; shorten it\n")


def test_control_characters_are_refused_tab_and_newline_are_not(tmp_path, budget_input):
    budget_input["title"] = "Tournage\x07"
    code, _, err = _new_from(tmp_path, json.dumps(budget_input))
    assert (code, err) == (1, f"Error: {tmp_path / 'in.json'}: title: control character U+0007 "
                              "at position 9 of 'Tournage\\x07'; remove it (tabs and line breaks "
                              "are allowed)\n")
    budget_input["title"] = "Tournage\tété\r\nsuite"
    assert _new_from(tmp_path, json.dumps(budget_input))[0] == 0


@pytest.mark.parametrize(("number", "message"), [
    ("1e400", "number 1e400 is too large to be a number a spreadsheet holds; check the value"),
    ("9" * 5000, f"number {'9' * 20}… has 5000 digits, more than any field takes; check the value"),
    ("NaN", "NaN is not a number (JSON has no NaN); give a number"),
])
def test_numbers_beyond_reason_name_the_field(tmp_path, budget_input, number, message):
    text = json.dumps(budget_input).replace(
        f'"rate": {json.dumps(budget_input["lines"][0]["rate"])}', f'"rate": {number}', 1)
    code, _, err = _new_from(tmp_path, text)
    assert (code, err) == (1, f"Error: {tmp_path / 'in.json'}: lines[0].rate: {message}\n")


def test_a_list_longer_than_a_sheet_is_refused_before_any_work(tmp_path, budget_input):
    text = json.dumps(budget_input).replace('"lines": [', '"lines": [' + "0," * 1_048_577, 1)
    started = time.monotonic()
    code, _, err = _new_from(tmp_path, text)
    assert code == 1
    assert err == (f"Error: {tmp_path / 'in.json'}: lines: {1_048_577 + len(budget_input['lines'])} "
                   "items, more than the 1048576 rows of a sheet; split the input\n")
    assert time.monotonic() - started < 5


def test_a_long_value_is_never_echoed_whole(tmp_path, budget_input):
    budget_input["lines"][3]["status"] = "astronaute" * 3000  # 30 000 characters, a bad status
    code, _, err = _new_from(tmp_path, json.dumps(budget_input))
    assert code == 1
    assert err.startswith(f"Error: {tmp_path / 'in.json'}: lines[3].status: « astronaute")
    assert all(len(line) <= 400 for line in err.splitlines()), max(map(len, err.splitlines()))


# -- random bytes and mutated workbooks ----------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_random_bytes_only_raise_xlprod_errors(tmp_path, data):
    path = tmp_path / "random.xlsx"
    path.write_bytes(data)
    with pytest.raises(XlprodError):
        api.validate(path)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=8),
       st.integers(0, 10**9))
def test_mutated_workbooks_only_raise_xlprod_errors(tmp_path, books, flips, cut):
    data = bytearray(books["budget"].read_bytes())
    for where, byte in flips:
        data[where % len(data)] = byte
    if cut % 4 == 0:
        data = data[: cut % len(data)]
    path = tmp_path / "mutated.xlsx"
    path.write_bytes(bytes(data))
    with contextlib.suppress(XlprodError):
        api.validate(path)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(part=st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet3.xml", "xl/tables/table1.xml",
                             "xl/worksheets/sheet3.xml", "xl/_rels/workbook.xml.rels"]),
       at=st.integers(0, 10**6), junk=st.text(alphabet='<>/="\'&;!abcr0123456789 ', max_size=12))
def test_mutated_parts_only_raise_xlprod_errors(tmp_path, books, part, at, junk):
    def edit(text: str) -> str:
        i = at % (len(text) + 1)
        return text[:i] + junk + text[i + len(junk):]

    path = mutate(books["budget"], tmp_path / "part.xlsx", {part: edit})
    with contextlib.suppress(XlprodError):
        api.validate(path)
