"""The ribbon's groups come from the registry; every button is an `xlprod run` command that
works on files; around it, a live Excel closes, reopens and opens workbooks (a fake here)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from defusedxml import ElementTree

from xlprod import api, excel, kinds
from xlprod.cli import cli
from xlprod.commands import GROUP_LABELS, REGISTRY, ActiveWorkbook, SaveAs, find
from xlprod.commands import ribbon as ribbon_module
from xlprod.commands.ribbon import NS, ON_ACTION, groups, ribbon_xml, vba_module
from xlprod.workbook_io import Files, LiveExcel

LANGS = ("fr", "en")


def _tree(lang: str):
    return ElementTree.fromstring(ribbon_xml(lang))


@pytest.mark.parametrize("lang", LANGS)
def test_ribbon_xml_namespace_unique_ids_and_actions_in_the_vba(lang):
    tree = _tree(lang)
    assert tree.tag == f"{{{NS}}}customUI"
    ids = [e.get("id") for e in tree.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids))
    vba = vba_module(lang)
    for element in tree.iter():
        if action := element.get("onAction"):
            assert action == ON_ACTION
            procedure = action.split(".")[1]
            assert re.search(rf"^Public Sub {procedure}\(control As IRibbonControl\)", vba, re.M)


def test_every_button_is_listed_by_run_list():
    listed = CliRunner().invoke(cli, ["run", "--list"])
    assert listed.exit_code == 0
    names = {line.split("\t")[0] for line in listed.output.splitlines()}
    buttons = {b.get("id") for b in _tree("fr").iter(f"{{{NS}}}button")}
    assert buttons == names == {c.id for c in REGISTRY}


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_with_commands_has_its_group_and_the_general_group_comes_first(lang):
    tree = _tree(lang)
    found = {g.get("id"): g for g in tree.iter(f"{{{NS}}}group")}
    expected = ["xlprod_general"] + [f"xlprod_{k}" for k in kinds.KINDS
                                     if any(c.kind == k for c in REGISTRY)]
    assert list(found) == expected
    for kind, commands in groups().items():
        group = found[f"xlprod_{kind or 'general'}"]
        assert group.get("label") == GROUP_LABELS[kind][1 if lang == "en" else 0]
        assert [b.get("id") for b in group] == [c.id for c in commands]


def test_each_available_kind_has_new_check_upgrade_and_export():
    for kind in kinds.available():
        ids = {c.id for c in REGISTRY if c.kind == kind}
        assert {f"new-{kind}", f"validate-{kind}", f"upgrade-{kind}",
                f"export-json-{kind}"} <= ids
    assert {c.id for c in REGISTRY if c.kind is None} == {"validate", "upgrade", "export", "about"}
    assert {"compare-budgets"} <= {c.id for c in REGISTRY if c.kind == "budget"}
    assert {"export-cuesheet"} <= {c.id for c in REGISTRY if c.kind == "cuesheet"}


def test_a_new_kind_s_commands_make_its_group_without_touching_the_ribbon(monkeypatch):
    extra = replace(find("about"), id="cashflow-extra", kind="cashflow")
    before = next(g for g in _tree("en").iter(f"{{{NS}}}group") if g.get("id") == "xlprod_cashflow")
    monkeypatch.setattr(ribbon_module, "REGISTRY", (*REGISTRY, extra))
    group = next(g for g in _tree("en").iter(f"{{{NS}}}group") if g.get("id") == "xlprod_cashflow")
    assert group.get("label") == "Cash flow"
    assert [b.get("id") for b in group] == [*(b.get("id") for b in before), "cashflow-extra"]


def test_the_new_buttons_save_as_suggests_a_name_without_an_active_workbook():
    vba = vba_module("en")
    assert 'If Not AskSaveAs("Save the new budget workbook as", "budget", "", "xlsx", p1, r1)' in vba


# --- the commands, on files -------------------------------------------------------------

@pytest.fixture
def budget(tmp_path: Path) -> Path:
    from xlprod.kinds.budget.demo import demo_input

    src = tmp_path / "budget.json"
    src.write_text(json.dumps(demo_input(), ensure_ascii=False), encoding="utf-8")
    return api.new("budget", tmp_path / "devis été.xlsx", source=src).path


def _run(*args: str | Path):
    return CliRunner().invoke(cli, ["run", *map(str, args)])


def test_new_kind_writes_a_blank_workbook(tmp_path):
    out = tmp_path / "nouveau devis.xlsx"
    result = _run("new-budget", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {out}\n"
    assert api.load(out).spec.name == "budget"


def test_validate_writes_the_report_next_to_the_workbook(budget, tmp_path):
    report = tmp_path / "devis-controle.txt"
    result = _run("validate", budget, "-o", report)
    assert result.exit_code == 0, result.output
    summary = f"{budget}: 0 error(s), {len(api.validate(budget).findings)} warning(s)"
    assert result.output.splitlines()[-2:] == [f"Wrote {report}", summary]
    assert report.read_text(encoding="utf-8").splitlines()[-1] == summary
    assert _run("validate-budget", budget).exit_code == 0


def test_export_writes_what_api_export_returns(budget):
    result = _run("export-json-budget", budget)
    assert result.exit_code == 0, result.output
    out = budget.with_suffix(".json")
    assert result.output == f"Wrote {out}\n"
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(json.dumps(api.export(budget)))


class Notes:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, bool]] = []

    def __call__(self, message: str, title: str, error: bool) -> None:
        self.calls.append((message, title, error))


def test_a_kind_s_button_refuses_another_kind(budget):
    notes = Notes()
    assert not excel.run("validate-cuesheet", str(budget), notify=notes, host=Files())
    assert notes.calls == [(f"Error: {budget} is a budget workbook, not a cuesheet: use the "
                            "buttons of its own group", "xlprod: validate-cuesheet", True)]


def test_validate_of_an_unreadable_file_is_an_error_message(tmp_path):
    notes = Notes()
    bad = tmp_path / "faux.xlsx"
    bad.write_bytes(b"not a workbook")
    assert not excel.run("validate", str(bad), notify=notes, host=Files())
    assert notes.calls[0][0].startswith("Error: ") and notes.calls[0][2]


def test_about_names_the_python_that_runs_the_buttons():
    import sys

    result = _run("about")
    assert result.exit_code == 0
    assert f"Python {sys.version.split()[0]}: {sys.executable}" in result.output


# --- around the command: a live Excel (fake xlwings App and Books) ---------------------

class FakeBook:
    def __init__(self, app: FakeApp, fullname: str) -> None:
        self.app, self.fullname = app, fullname

    def close(self) -> None:
        self.app.log.append(("close", self.fullname))
        self.app.books.items.remove(self)


class FakeBooks:
    def __init__(self, app: FakeApp) -> None:
        self.app, self.items = app, []

    def __iter__(self):
        return iter(list(self.items))

    def open(self, fullname: str) -> FakeBook:
        assert Path(fullname).exists(), fullname
        self.app.log.append(("open", fullname))
        book = FakeBook(self.app, fullname)
        self.items.append(book)
        return book


class FakeApp:
    def __init__(self, *open_paths: Path) -> None:
        self.log: list[tuple[str, str]] = []
        self.books = FakeBooks(self)
        self.books.items = [FakeBook(self, str(p)) for p in open_paths]


def test_upgrade_closes_the_open_workbook_and_reopens_it(budget):
    app, notes = FakeApp(budget), Notes()
    assert excel.run("upgrade", str(budget), notify=notes, host=LiveExcel(app))
    assert app.log == [("close", str(budget)), ("open", str(budget))]
    message = notes.calls[0][0]
    assert message.splitlines()[-1] == f"Reopened in Excel: {budget}"
    assert "Mis à jour" in message


def test_a_failed_upgrade_still_reopens_the_workbook(budget):
    app, notes = FakeApp(budget), Notes()
    assert not excel.run("upgrade-cuesheet", str(budget), notify=notes, host=LiveExcel(app))
    assert app.log == [("close", str(budget)), ("open", str(budget))]
    assert notes.calls[0][0].startswith(f"Reopened in Excel: {budget}\nError: ")


def test_new_opens_the_workbook_it_wrote_and_a_closed_workbook_is_left_alone(tmp_path, budget):
    app = FakeApp()
    out = tmp_path / "b.xlsx"
    assert excel.run("new-budget", "-o", str(out), notify=Notes(), host=LiveExcel(app))
    assert app.log == [("open", str(out))]
    app = FakeApp()  # the budget is not open: nothing to close or reopen
    assert excel.run("upgrade", str(budget), notify=Notes(), host=LiveExcel(app))
    assert app.log == []


def test_json_and_reports_are_not_opened(budget, tmp_path):
    app = FakeApp(budget)
    assert excel.run("export", str(budget), "-o", str(tmp_path / "x.json"), notify=Notes(),
                     host=LiveExcel(app))
    assert app.log == []


def test_the_answers_are_read_as_the_button_lays_them_out():
    command = find("compare-budgets")
    assert isinstance(command.prompts[0], ActiveWorkbook)
    assert isinstance(command.prompts[-1], SaveAs)
    assert excel._answers(command, ["a.xlsx", "b.xlsx", "-o", "c.xlsx", "--force"]) == (
        Path("a.xlsx"), Path("c.xlsx"))
    assert excel._answers(command, ["a.xlsx", "-o", "c.xlsx"]) == (None, None)  # by hand


def test_without_excel_the_host_is_files():
    from xlprod.workbook_io import host

    assert type(host()) is Files
