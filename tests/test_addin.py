"""The add-in behind the ribbon: the generated VBA module and ``xlprod.excel.run``.

Nothing here runs Excel. The VBA is checked as text: its buttons are the
registry's, and each button's ``RunPython`` command, evaluated the way VBA
concatenates strings, is Python that runs the button's ``xlprod run`` command.
"""

from __future__ import annotations

import ast
import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from defusedxml import ElementTree
from helpers import xlprod
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from xlprod import api, excel
from xlprod.cli import cli
from xlprod.commands import REGISTRY, ActiveWorkbook, Choice, OpenFile, SaveAs, find
from xlprod.commands.ribbon import (
    NS,
    ON_ACTION,
    UNSAFE_PATH_CHARS,
    VBA_MODULE,
    ribbon_xml,
    vba_module,
)
from xlprod.kinds.budget.demo import demo_input

LANGS = ("fr", "en")
# What the dialogs might return: spaces, accents, typographic dashes, & and parentheses.
WINDOWS = {"this": r"C:\Users\Élodie Martin\Devis 2025\devis initial (v1).xlsx",
           "open": r"\\serveur\prod\Les Heures claires\devis révisé – B.xlsx",
           "save": r"C:\Users\Élodie Martin\Écarts & notes\écarts.xlsx"}
POSIX = {"this": "/Users/élodie/Films/Les Heures claires/devis initial.xlsx",
         "open": "/Volumes/Prod/Œuvres/devis révisé.xlsx",
         "save": "/Users/élodie/Films/Les Heures claires/écarts v2.xlsx"}


# --- reading the VBA as text ----------------------------------------------------------

def _subs(text: str) -> dict[str, list[str]]:
    """Procedure name → its body lines."""
    subs: dict[str, list[str]] = {}
    for m in re.finditer(r"^(?:Public |Private )?(?:Sub|Function) (\w+)\(.*?^End (?:Sub|Function)",
                         text, re.M | re.S):
        subs[m.group(1)] = m.group(0).splitlines()
    return subs


def _cases(text: str) -> dict[str, str]:
    """Button tag → the procedure its ``Case`` calls."""
    return dict(re.findall(r'^\s*Case "([^"]+)"\r?\n\s*(\w+)\s*$', text, re.M))


def _vba_args(args: str) -> list[str]:
    return [a.strip() for a in re.findall(r'(?:"(?:[^"]|"")*"|[^,"])+', args)]


def vba_concat(expr: str, variables: dict[str, str]) -> str:
    """Evaluate a VBA string expression of ``"literal"`` and variables joined by ``&``."""
    tokens = re.findall(r'\s*("(?:[^"]|"")*"|\w+|&)', expr)
    assert "".join(tokens).replace(" ", "") == expr.replace(" ", ""), expr
    assert tokens[1::2] == ["&"] * (len(tokens) // 2), expr
    return "".join(t[1:-1].replace('""', '"') if t.startswith('"') else variables[t]
                   for t in tokens[::2])


def python_commands(text: str, command_id: str, paths: dict[str, str]) -> list[tuple[str, dict]]:
    """Every Python program the button ``command_id`` can hand to RunPython: one per
    choice and per answer to "replace the existing file?", with ``paths`` as the
    dialogs' answers. Returns (program, the answers that led to it)."""
    body = _subs(text)[_cases(text)[command_id]]
    variables: dict[str, list[str]] = {}
    for line in body:
        if m := re.match(r"\s*If Not (\w+)\((.*)\) Then Exit Sub$", line):
            func, args = m.group(1), _vba_args(m.group(2))
            if func == "ActivePath":
                variables[args[0]] = [paths["this"]]
            elif func == "AskOpen":
                variables[args[2]] = [paths["open"]]
            elif func == "AskChoice":
                variables[args[2]] = vba_concat(args[1], {}).split(",")
            elif func == "AskSaveAs":
                variables[args[4]] = [paths["save"]]
            else:
                raise AssertionError(f"unexpected prompt {func}")
        elif m := re.match(r'\s*If r\d+ Then (f\d+) = (".*")$', line):
            variables[m.group(1)] = ["", vba_concat(m.group(2), {})]  # replace: no / yes
    (run_line,) = [line for line in body if line.strip().startswith("RunPython ")]
    expr = run_line.strip().removeprefix("RunPython ")
    combos: list[dict[str, str]] = [{}]
    for name, values in variables.items():
        combos = [{**c, name: v} for c in combos for v in values]
    return [(vba_concat(expr, combo), combo) for combo in combos]


def _call_args(program: str) -> list[str]:
    """The arguments of ``excel.run(...)`` in ``program``, checking its shape."""
    tree = ast.parse(program)
    assert isinstance(tree.body[0], ast.Import)
    assert [a.name for a in tree.body[0].names] == ["xlprod.excel"]
    (call,) = [n for n in ast.walk(tree.body[1]) if isinstance(n, ast.Call)]
    assert ast.unparse(call.func) == "xlprod.excel.run"
    assert all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args)
    return [a.value for a in call.args]  # type: ignore[attr-defined]


def _expected_cli_args(command_id: str, answers: dict[str, str], choice: str | None,
                       replace: bool) -> list[str]:
    """What the registry says the button passes: each prompt's option and answer."""
    args: list[str] = []
    for prompt in find(command_id).prompts:
        if prompt.option:
            args.append(prompt.option)
        if isinstance(prompt, ActiveWorkbook):
            args.append(answers["this"])
        elif isinstance(prompt, OpenFile):
            args.append(answers["open"])
        elif isinstance(prompt, Choice):
            args.append(choice)
        else:
            args.append(answers["save"])
            if replace:
                args.append(prompt.force)
    return args


# --- the ribbon and the VBA agree with the registry -----------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_every_button_has_a_case_and_a_registry_entry(lang):
    vba = vba_module(lang)
    buttons = ElementTree.fromstring(ribbon_xml(lang)).iter(f"{{{NS}}}button")
    ids = []
    for button in buttons:
        ids.append(button.get("id"))
        assert find(button.get("id")) is not None
        assert button.get("tag") == button.get("id")
        assert button.get("onAction") == ON_ACTION == f"{VBA_MODULE}.XlprodRun"
        assert f'Case "{button.get("id")}"' in vba
    assert ids == [c.id for c in REGISTRY]
    assert set(_cases(vba)) == set(ids)
    subs = _subs(vba)
    assert all(name in subs for name in _cases(vba).values())


@pytest.mark.parametrize("lang", LANGS)
def test_vba_is_one_standard_module_in_crlf_and_code_page_1252(lang):
    text = vba_module(lang)
    assert text.startswith(f'Attribute VB_Name = "{VBA_MODULE}"\r\n')
    assert "Public Sub XlprodRun(control As IRibbonControl)\r\n" in text
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "") and "\r" not in text.replace("\r\n", "")
    text.encode("cp1252")  # raises on a character VBA would garble
    assert max(len(line) for line in text.split("\r\n")) < 1024  # VBA's line limit
    for kind in ("Sub", "Function"):  # every procedure is closed
        opened = re.findall(rf"^(?:Public |Private )?{kind} \w+\(", text, re.M)
        assert len(opened) == len(re.findall(rf"^End {kind}\r$", text, re.M)) > 0


def test_prompts_are_the_click_commands_arguments():
    for command in REGISTRY:
        click_command = click_command_of(command.id)
        arguments = [p for p in click_command.params if isinstance(p, click.Argument)]
        options = {o: p for p in click_command.params if isinstance(p, click.Option)
                   for o in p.opts}
        positional = [p for p in command.prompts if p.option is None]
        assert len(positional) == len(arguments), command.id
        for prompt in command.prompts:
            if prompt.option:
                assert prompt.option in options, (command.id, prompt.option)
            if isinstance(prompt, Choice):
                param_type = options[prompt.option].type
                assert isinstance(param_type, click.Choice)
                assert tuple(param_type.choices) == prompt.choices
                assert options[prompt.option].default in (None, prompt.choices[0])
            if isinstance(prompt, SaveAs):
                assert options[prompt.force].is_flag, command.id
        asked = {q.option for q in command.prompts}
        for option in set(options.values()):
            assert not option.required or asked & set(option.opts), (command.id, option.name)


def click_command_of(command_id: str) -> click.Command:
    return find(command_id).click()


@pytest.mark.parametrize("paths", [WINDOWS, POSIX], ids=["windows", "posix"])
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command_id", [c.id for c in REGISTRY])
def test_run_python_strings_are_the_commands_arguments(command_id, lang, paths):
    choices = {v for p in find(command_id).prompts if isinstance(p, Choice) for v in p.choices}
    programs = python_commands(vba_module(lang), command_id, paths)
    saves = any(isinstance(p, SaveAs) for p in find(command_id).prompts)
    # every choice, replacing an existing output or not (when the command writes one)
    assert len(programs) == (2 if saves else 1) * max(1, len(choices))
    for program, answers in programs:
        choice = next((v for v in answers.values() if v in choices), None)
        replace = any(v.startswith(", ") for v in answers.values())
        expected = _expected_cli_args(command_id, paths, choice, replace)
        assert _call_args(program) == [command_id, *expected]


def _safe(path: str) -> bool:
    """The VBA's SafePath rule, in Python."""
    return (path != "" and "://" not in path and not path.endswith("\\")
            and not any(c in UNSAFE_PATH_CHARS or ord(c) < 32 for c in path))


@given(st.text(st.characters(blacklist_categories=["Cs"]), min_size=1))
def test_every_path_the_vba_accepts_survives_as_a_raw_string(path):
    if _safe(path):
        assert ast.literal_eval(f"r'{path}'") == path


def test_the_refused_characters_are_the_dangerous_ones():
    assert not _safe("C:\\dossier\\")
    for bad in ("C:\\it's.xlsx", '/a"b.xlsx', "/a|b.xlsx", "/a$HOME.xlsx", "/a`x`.xlsx",
                "C:\\100%.xlsx", "/a\nb.xlsx", "https://x.sharepoint.com/Devis.xlsx"):
        assert not _safe(bad), bad
    for path in (*WINDOWS.values(), *POSIX.values()):
        assert _safe(path)
    vba = vba_module("fr")
    assert 'Private Const UNSAFE_PATH_CHARS As String = "\'""|$`%"' in vba


# --- xlprod.excel.run -----------------------------------------------------------------

class FakeNotify:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, bool]] = []

    def __call__(self, message: str, title: str, error: bool) -> None:
        self.calls.append((message, title, error))


@pytest.fixture
def budgets(tmp_path):
    """Two real budget versions, in folders with spaces and accents."""
    initial = demo_input()
    revised = copy.deepcopy(initial)
    revised["lines"][0]["rate"] = 45000
    paths = []
    for folder, data in (("Devis initial", initial), ("Devis révisé é", revised)):
        (tmp_path / folder).mkdir()
        src = tmp_path / folder / "budget.json"
        src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        paths.append(api.new("budget", tmp_path / folder / "devis.xlsx", source=src).path)
    return paths


def test_run_compares_two_budgets_and_says_what_it_wrote(tmp_path, budgets):
    a, b = budgets
    out = tmp_path / "écarts.xlsx"
    notify = FakeNotify()
    assert excel.run("compare-budgets", str(a), str(b), "-o", str(out), notify=notify)
    assert notify.calls == [(f"Wrote {out}", "xlprod: compare-budgets", False)]
    assert load_workbook(out).sheetnames == ["Par chapitre", "Par compte", "Par ligne"]


def test_the_buttons_python_runs_the_command(tmp_path, budgets, monkeypatch):
    """The RunPython program the VBA builds, executed as RunPython would."""
    notify = FakeNotify()
    monkeypatch.setattr(excel, "alert", notify)
    out = tmp_path / "Écarts v2" / "devis-ecarts.xlsx"
    out.parent.mkdir()
    answers = {"this": str(budgets[0]), "open": str(budgets[1]), "save": str(out)}
    programs = python_commands(vba_module("fr"), "compare-budgets", answers)
    (program,) = [p for p, combo in programs if not any(v.startswith(", ") for v in combo.values())]
    exec(program, {})
    assert notify.calls == [(f"Wrote {out}", "xlprod: compare-budgets", False)]
    assert out.exists()


def test_run_reports_a_missing_file_as_an_error_message(tmp_path, budgets):
    missing = tmp_path / "absent.xlsx"
    out = tmp_path / "ecarts.xlsx"
    notify = FakeNotify()
    assert not excel.run("compare-budgets", str(budgets[0]), str(missing), "-o", str(out),
                                notify=notify)
    ((message, _, error),) = notify.calls
    assert message == f"Error: {missing}: no such file"
    assert error
    assert not out.exists()


def test_run_refuses_to_replace_without_force(tmp_path, budgets):
    out = tmp_path / "ecarts.xlsx"
    out.write_bytes(b"precious")
    notify = FakeNotify()
    args = [str(budgets[0]), str(budgets[1]), "-o", str(out)]
    assert not excel.run("compare-budgets", *args, notify=notify)
    assert notify.calls[-1][0] == f"Error: {out} already exists; pass --force to replace it"
    assert out.read_bytes() == b"precious"
    assert excel.run("compare-budgets", *args, "--force", notify=notify)


@pytest.mark.parametrize(("args", "message"), [
    (("compare-budgets", "a.xlsx"), "Error: Missing argument 'BUDGET_B'."),
    (("export-cuesheet", "x.xlsx", "--format", "doc"), "Error: Invalid value for '--format': "),
    (("no-such-button",), "Error: unknown command 'no-such-button'"),
])
def test_run_reports_click_and_registry_errors_without_raising(args, message):
    notify = FakeNotify()
    assert not excel.run(*args, notify=notify)
    assert notify.calls[0][0].startswith(message)
    assert notify.calls[0][2] is True


def test_run_survives_a_failing_notify(tmp_path, capsys):
    def broken(message: str, title: str, error: bool) -> None:
        raise RuntimeError("no Excel")

    assert not excel.run("compare-budgets", "a.xlsx", notify=broken)
    assert "Error: Missing argument" in capsys.readouterr().out


def test_default_notify_prints_without_excel(capsys):
    excel.alert("Wrote x.xlsx", "xlprod: compare-budgets")
    assert capsys.readouterr().out == "xlprod: compare-budgets: Wrote x.xlsx\n"


def test_excel_module_imports_without_excel_or_xlwings():
    code = "import sys, xlprod.excel; print('xlwings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the command line -----------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_addin_vba_prints_the_module(lang):
    result = CliRunner().invoke(cli, ["addin", "vba", "--lang", lang])
    assert result.exit_code == 0
    assert result.stdout_bytes == vba_module(lang).encode("ascii")


def test_addin_vba_writes_a_file_and_never_replaces_it_without_force(tmp_path: Path):
    out = tmp_path / "XlprodRibbon.bas"
    assert xlprod("addin", "vba", "-o", out).code == 0
    assert out.read_bytes() == vba_module("fr").encode("cp1252")
    again = xlprod("addin", "vba", "-o", out, "--lang", "en")
    assert again.code == 2
    assert again.err.strip() == f"Error: {out} already exists; pass --force to replace it"
    assert xlprod("addin", "vba", "-o", out, "--lang", "en", "--force").code == 0
    assert out.read_bytes() == vba_module("en").encode("cp1252")
