"""``xlprod addin install`` (refused on Linux; the settings it writes elsewhere) and
``xlprod addin lite`` (xlwings Lite's main.py and requirements.txt)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from helpers import xlprod

from xlprod.addin import install as inst
from xlprod.addin import lite

ROOT = Path(__file__).resolve().parents[1]


# --- install ---------------------------------------------------------------------------

def test_install_refuses_on_linux_with_exit_2(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("the refusal is Linux's")
    result = xlprod("addin", "install", "--file", tmp_path / "xlprod.xlam")
    assert result.code == 2
    assert result.err == f"Error: {inst.LINUX}\n"
    assert not (tmp_path / ".xlwings").exists()


@pytest.mark.parametrize(("platform", "key"), [("win32", "INTERPRETER_WIN"),
                                               ("darwin", "INTERPRETER_MAC")])
def test_the_settings_for_windows_and_macos(platform, key):
    udfs = Path("C:/Users/Élodie/xlprod/udfs")
    assert inst.settings(platform, r"C:\Python311\python.exe", udfs) == {
        key: r"C:\Python311\python.exe", "UDF MODULES": "xlprod_udfs", "PYTHONPATH": str(udfs)}


def test_conf_text_sets_ours_and_keeps_the_rest():
    existing = '"INTERPRETER_WIN","C:\\old\\python.exe"\n"LICENSE_KEY","abc"\n"udf modules","x"\n'
    text = inst.conf_text(existing, inst.settings("win32", "C:\\new\\python.exe", Path("U")))
    assert text == ('"LICENSE_KEY","abc"\n"INTERPRETER_WIN","C:\\new\\python.exe"\n'
                    '"UDF MODULES","xlprod_udfs"\n"PYTHONPATH","U"\n')
    assert inst.conf_text(text, inst.settings("win32", "C:\\new\\python.exe", Path("U"))) == text


def test_install_elsewhere_writes_the_settings_then_calls_xlwings(tmp_path):
    xlam = tmp_path / "xlprod.xlam"
    xlam.write_bytes(b"PK")
    calls: list[list[str]] = []
    lines = inst.install(xlam, platform="darwin", home=tmp_path, run=lambda a: calls.append(list(a)))
    conf = tmp_path / ".xlwings" / "xlwings.conf"
    assert lines[0] == f"Wrote {conf}"
    assert f'"INTERPRETER_MAC","{sys.executable}"' in conf.read_text(encoding="utf-8")
    assert f'"PYTHONPATH","{ROOT / "udfs"}"' in conf.read_text(encoding="utf-8")
    assert [c[3:] for c in calls] == [["addin", "install"], ["addin", "install", "--file", str(xlam)]]
    assert all(c[:2] == [sys.executable, "-c"] and "xlwings.cli.main()" in c[2] for c in calls)


def test_install_needs_the_built_addin(tmp_path):
    with pytest.raises(inst.UsageError, match="build it first: xlprod addin build -o"):
        inst.install(tmp_path / "absent.xlam", platform="win32", home=tmp_path, run=print)


# --- lite ------------------------------------------------------------------------------

def _udf_names() -> list[str]:
    tree = ast.parse((ROOT / "udfs" / "xlprod_udfs.py").read_text(encoding="utf-8"))
    return [n.name for n in tree.body if isinstance(n, ast.FunctionDef)
            and any("xw.func" in ast.unparse(d) for d in n.decorator_list)]


def test_addin_lite_writes_both_files_and_never_replaces_them_without_force(tmp_path):
    out = tmp_path / "lite"
    result = xlprod("addin", "lite", "-o", out)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [f"Wrote {out / 'main.py'}", f"Wrote {out / 'requirements.txt'}"]
    again = xlprod("addin", "lite", "-o", out)
    assert again.code == 2
    assert again.err == f"Error: {out / 'main.py'} already exists; pass --force to replace it\n"
    assert xlprod("addin", "lite", "-o", out, "--force").code == 0


def test_main_py_compiles_and_exposes_every_udf_as_a_func():
    source = lite.main_py()
    tree = ast.parse(source)
    compile(source, "main.py", "exec")
    funcs = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)
             and any(ast.unparse(d) == "func" for d in n.decorator_list)]
    scripts = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)
               and any(ast.unparse(d) == "script" for d in n.decorator_list)]
    assert funcs == _udf_names() and len(funcs) >= 10
    assert scripts == ["xlprod_about"]
    assert lite.main_py() == source  # reproducible


def test_requirements_name_what_the_bundle_imports_from_outside():
    lines = [line.split("#")[0].strip() for line in lite.requirements_txt().splitlines()]
    names = {line.split("==")[0] for line in lines if line}
    assert names == {"xlwings", "pydantic", "python-stdnum"}


_FAKE_XLWINGS = '''
registered = {}
def func(f):
    registered[f.__name__] = f
    return f
def arg(name, convert=None, **options):
    return lambda f: f
ret = arg
def script(f):
    registered[f.__name__] = f
    return f
def Book(*a, **k):
    raise RuntimeError("no Excel")
'''


def test_main_py_runs_from_its_bundle_alone(tmp_path):
    """main.py loaded as Lite loads it, with a stand-in xlwings and xlprod out of reach."""
    (tmp_path / "xlwings.py").write_text(_FAKE_XLWINGS, encoding="utf-8")
    (tmp_path / "main.py").write_text(lite.main_py(), encoding="utf-8")
    program = textwrap.dedent("""
        import json, sys
        import main, xlwings
        import xlprod
        print(json.dumps({
            "from_bundle": xlprod.__file__.startswith(main._HOME),
            "registered": sorted(xlwings.registered),
            "charges": main.prod_charges(1500.0, "technicien", 2026.0),
            "spread": main.prod_spread(1000.0, "2026-01", "2026-03", "2026-01"),
            "waterfall": main.prod_waterfall(100.0, [[1, "A", 1, None]]),
            "fec": main.prod_fec_account(641100),
            "tc": main.prod_tc_frames("00:01:30:00", 25),
        }))
    """)
    # No PYTHONPATH to the sources; the editable install, if any, is shadowed by the bundle.
    proc = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True,
                          text=True, env={"PATH": "", "PYTHONPATH": str(tmp_path)}, check=False)
    assert proc.returncode == 0, proc.stderr
    got = json.loads(proc.stdout)
    sys.path.insert(0, str(ROOT / "udfs"))
    import xlprod_udfs

    assert got == {
        "from_bundle": True, "registered": sorted([*_udf_names(), "xlprod_about"]),
        "charges": xlprod_udfs.prod_charges(1500.0, "technicien", 2026.0),
        "spread": 333.34, "waterfall": [[1, "A", 100.0]],
        "fec": xlprod_udfs.prod_fec_account("641100"), "tc": 2250}


def test_the_bundle_holds_every_xlprod_module_the_udfs_import():
    code = textwrap.dedent("""
        import sys
        sys.path.insert(0, sys.argv[1])
        import xlprod_udfs as u
        u.prod_charges(1500.0, "technicien", 2026.0)
        u.prod_waterfall(10.0, [[1.0, "A", 1.0, None]])
        u.prod_fec_account("641")
        print("\\n".join(sorted(m for m in sys.modules if m.startswith("xlprod."))))
    """)
    out = subprocess.run([sys.executable, "-c", code, str(ROOT / "udfs")], capture_output=True,
                         text=True, check=True, cwd=ROOT).stdout.split()
    imported = {m.removeprefix("xlprod.").replace(".", "/") for m in out}
    bundled = {m.removesuffix("/__init__") for m in lite.MODULES} - {"__init__"}
    assert imported == bundled
