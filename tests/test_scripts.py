"""The README's set-up and use commands: scripts/demo's arguments and last line, and the
"Use" block run top to bottom in an empty folder."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import ROOT

from xlprod import kinds
from xlprod.cli import cli


def demo_script(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ROOT / "scripts" / "demo", *map(str, args)],
        capture_output=True, text=True, env=env, check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["one", "two"], "scripts/demo: one FOLDER only (got one and two)"),
        (["--bogus"], "scripts/demo: unknown option --bogus"),
        (["--lang"], "usage: scripts/demo [FOLDER] [--force] [--lang fr|en]"),
    ],
)
def test_demo_script_refuses_bad_arguments_before_installing_anything(args, message):
    run = demo_script(*args)
    assert run.returncode == 2
    assert run.stderr.splitlines()[0] == message
    assert "installing" not in run.stderr


def _set_up_by_the_scripts() -> bool:
    """True when this python's environment is one scripts/test installed (so the scripts
    reuse it: running them here installs nothing)."""
    stamp = Path(sys.prefix, ".xlprod-installed")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return stamp.is_file() and stamp.read_text().splitlines() == [f"{digest} {ROOT.resolve()}", "test"]


@pytest.mark.skipif(not _set_up_by_the_scripts(), reason="runs inside the environment scripts/test set up")
def test_demo_script_takes_force_in_any_order_and_lists_what_it_wrote(tmp_path):
    env = dict(os.environ, VIRTUAL_ENV=sys.prefix)
    folder = tmp_path / "dossier"
    first = demo_script(folder, env=env)
    assert first.returncode == 0, first.stderr
    again = demo_script(folder, env=env)
    assert again.returncode == 2
    assert "already exists; pass --force" in again.stderr
    forced = demo_script("--force", folder, env=env)
    assert forced.returncode == 0, forced.stderr
    assert "installing" not in first.stderr + forced.stderr   # set up once, reused

    files = [name for kind in kinds.available()
             for name in (*(f"{folder}/{kind}.{ext}" for ext in ("json", "xlsx")),
                          *(f"{folder}/{extra}" for extra in kinds.get(kind).demo_files))]
    last = forced.stdout.splitlines()[-1]
    assert last.startswith(f"Dossier écrit : {', '.join(files)} · xlprod : ")
    where = last.split(" · xlprod : ")[1].split(" ")[0]
    assert (ROOT / where).resolve() == Path(sys.prefix, "bin", "xlprod").resolve()


def readme_use_lines() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Use\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "README's Use section has no sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_use_section_runs_top_to_bottom_in_an_empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outputs: list[str] = []
    for line in readme_use_lines():
        argv = shlex.split(line, comments=True)
        assert argv[0] == "xlprod", line
        result = CliRunner().invoke(cli, argv[1:])
        assert result.exit_code == 0, f"{line}\n{result.output}{result.exception!r}"
        if "-o" in argv:
            outputs.append(argv[argv.index("-o") + 1])
    assert len(outputs) == len(set(outputs)), "two lines write the same file"
    for name in outputs:
        assert (tmp_path / name).is_file(), name
