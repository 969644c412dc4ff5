"""``xlprod addin build``: the .xlam, read back by independent readers.

olefile (strict) and compoundfiles read the compound file, olevba (oletools)
decompresses and extracts the modules, and LibreOffice loads the add-in, imports its
VBA project and runs its self-test macro. Only Excel can say it accepts the file: see docs/addin.md.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import compoundfiles
import olefile
import pytest
from defusedxml import ElementTree
from helpers import xlprod
from hypothesis import given
from hypothesis import strategies as st

from xlprod import __version__
from xlprod.addin import (
    PROJECT_ID,
    PROJECT_NAME,
    SELF_TEST_MODULE,
    build,
    cfb,
    modules,
    ovba,
    self_test_answer,
    xlam,
)
from xlprod.commands.ribbon import NS, VBA_MODULE, ribbon_xml, vba_module
from xlprod.libreoffice import find_soffice

with warnings.catch_warnings():  # oletools 0.60 calls pyparsing's deprecated camelCase API
    warnings.simplefilter("ignore", DeprecationWarning)
    from oletools.olevba import VBA_Parser, decompress_stream

LANGS = ("fr", "en")
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


@pytest.fixture(scope="module", params=LANGS)
def built(request) -> tuple[str, bytes]:
    return request.param, build(request.param)


def _vba_project(data: bytes) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/vbaProject.bin")


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n")


def test_two_builds_are_byte_identical():
    assert build("fr") == build("fr")
    assert build("en") == build("en")
    assert build("fr") != build("en")


def test_olefile_opens_the_container_without_defects(built):
    _, data = built
    ole = olefile.OleFileIO(io.BytesIO(_vba_project(data)), raise_defects=olefile.DEFECT_INCORRECT)
    names = {"/".join(p) for p in ole.listdir()}
    assert names == {"PROJECT", "PROJECTwm", "VBA/_VBA_PROJECT", "VBA/dir",
                     *(f"VBA/{m.name}" for m in modules())}
    assert ole.openstream("VBA/_VBA_PROJECT").read() == bytes.fromhex("CC61FFFF000000")
    for entry in ole.direntries:
        if entry is not None:
            assert entry.createTime == entry.modifyTime == 0
    ole.close()


def test_compoundfiles_reads_the_same_streams(built):
    _, data = built
    streams = ovba.project_streams(PROJECT_ID, "xlprod", modules(built[0]))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", compoundfiles.CompoundFileEmulationWarning)
        reader = compoundfiles.CompoundFileReader(io.BytesIO(_vba_project(data)))
        for path, content in streams.items():
            with reader.open("/".join(path)) as stream:
                assert stream.read() == content, path


def test_olevba_extracts_exactly_the_modules_source(built):
    lang, data = built
    parser = VBA_Parser("xlprod.xlam", data=data)
    extracted = {name: code for _, _, name, code in parser.extract_all_macros()}
    suffix = {"standard": ".bas", "class": ".cls", "document": ".cls"}
    expected = {m.name + suffix[m.kind]: _normalise(m.source) for m in modules(lang)}
    assert {name: _normalise(code) for name, code in extracted.items()} == expected
    assert _normalise(extracted[f"{VBA_MODULE}.bas"]) == _normalise(vba_module(lang))
    parser.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_self_test_is_one_harmless_public_function(lang):
    (module,) = [m for m in modules(lang) if m.name == SELF_TEST_MODULE]
    code = [line for line in module.source.split("\r\n")
            if line and not line.startswith(("Attribute ", "'"))]
    assert code == ["Option Explicit", "Public Function XlprodSelfTest() As String",
                    f'    XlprodSelfTest = "xlprod {__version__} {lang}: " & ThisWorkbook.Name',
                    "End Function"]
    assert self_test_answer(lang, "x.xlam") == f"xlprod {__version__} {lang}: x.xlam"
    assert f"?XlprodSelfTest()  ->  {self_test_answer(lang)}" in module.source
    module.source.encode("ascii")


def test_the_project_lists_its_modules_by_kind():
    text = ovba.project_stream(PROJECT_ID, "xlprod", modules()).decode("cp1252")
    assert re.findall(r"^(Document|Module|Class)=(\w+)", text, re.M) == [
        ("Document", "ThisWorkbook"), ("Document", "Sheet1"), ("Module", VBA_MODULE),
        ("Module", SELF_TEST_MODULE), ("Module", "xlwings"), ("Class", "Dictionary")]
    (runpython,) = [m.source for m in modules() if m.name == "xlwings"]
    assert 'Public Const PROJECT_NAME As String = "xlwings"' in runpython


# What Excel itself wrote in the PROJECT stream of xlwings' quickstart add-in, for
# ID="{318BEE36-5BE1-492A-826D-473DB19B0F30}": protection state, password, visibility.
EXCEL_ID = "{318BEE36-5BE1-492A-826D-473DB19B0F30}"
EXCEL_FIELDS = [("5D5F8AADDAA8DEA8DEA8DEA8DE", bytes(4)), ("5D5F8AADDAADDBADDBAD", b"\0"),
                ("5D5F8AADDAADDBADDB52", b"\xff")]


def _decrypt(value: str, project_id: str) -> bytes:
    """[MS-OVBA] 2.4.3.3, written from the spec apart from the encryption."""
    data = bytes.fromhex(value)
    seed, project_key = data[0], data[2] ^ data[0]
    assert data[1] ^ seed == 2 and project_key == sum(project_id.encode()) & 0xFF
    plain, unencrypted_1, encrypted_1, encrypted_2 = [], project_key, data[2], data[1]
    for enc in data[3:]:
        byte = enc ^ ((encrypted_2 + unencrypted_1) & 0xFF)
        plain.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, enc, byte
    ignored = (seed & 6) // 2
    length = int.from_bytes(bytes(plain[ignored:ignored + 4]), "little")
    assert length == len(plain) - ignored - 4
    return bytes(plain[ignored + 4:])


@pytest.mark.parametrize(("value", "plain"), EXCEL_FIELDS)
def test_the_decryption_reads_what_excel_wrote(value, plain):
    assert _decrypt(value, EXCEL_ID) == plain


@pytest.mark.parametrize("plain", [bytes(4), b"\0", b"\xff"])
@pytest.mark.parametrize("seed", [0, 0x5D, 0xFF])
def test_encrypted_fields_decrypt_to_what_went_in(plain, seed):
    assert _decrypt(ovba.encrypt(plain, PROJECT_ID, seed), PROJECT_ID) == plain


@given(st.binary(max_size=9000) | st.text("ab \r\n=", max_size=9000).map(str.encode))
def test_compression_round_trips_through_olevba(data):
    try:
        compressed = ovba.compress(data)
    except ValueError:  # an incompressible short last chunk, never VBA source
        return
    assert bytes(decompress_stream(bytearray(compressed))) == data


@given(st.dictionaries(
    st.tuples(st.sampled_from(["", "S1/", "S2/S3/"]), st.text("abcxyz_é", min_size=1, max_size=31)),
    st.binary(max_size=6000), max_size=12))
def test_random_containers_round_trip_through_olefile(files):
    streams = {tuple(f"{folder}{name}".split("/")): data for (folder, name), data in files.items()}
    storages = {p[:i] for p in streams for i in range(1, len(p))}
    streams = {p: d for p, d in streams.items() if p not in storages}
    ole = olefile.OleFileIO(io.BytesIO(cfb.write(streams)), raise_defects=olefile.DEFECT_INCORRECT)
    assert {tuple(p): ole.openstream(p).read() for p in ole.listdir()} == streams


def test_the_package_parts_and_relationships(built):
    _, data = built
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert names == sorted(names)
    assert all(i.date_time == xlam.ZIP_TIME for i in archive.infolist())
    types = ElementTree.fromstring(archive.read("[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml"
    assert overrides["/xl/vbaProject.bin"] == "application/vnd.ms-office.vbaProject"
    root = {r.get("Type"): r.get("Target")
            for r in ElementTree.fromstring(archive.read("_rels/.rels")).iter(RELS)}
    assert root[xlam.RIBBON_REL] == "customUI/customUI14.xml"
    assert root[xlam.RIBBON_REL] in names
    workbook = {r.get("Type"): r.get("Target")
                for r in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(RELS)}
    assert workbook["http://schemas.microsoft.com/office/2006/relationships/vbaProject"] == \
        "vbaProject.bin"
    assert all(f"xl/{target}" in names for target in workbook.values())
    assert b'codeName="ThisWorkbook"' in archive.read("xl/workbook.xml")
    assert b'codeName="Sheet1"' in archive.read("xl/worksheets/sheet1.xml")


def test_the_ribbon_calls_procedures_of_the_vba(built):
    lang, data = built
    ribbon = zipfile.ZipFile(io.BytesIO(data)).read("customUI/customUI14.xml").decode("utf-8")
    assert ribbon == ribbon_xml(lang)
    tree = ElementTree.fromstring(ribbon)
    assert tree.tag == f"{{{NS}}}customUI" and NS == "http://schemas.microsoft.com/office/2009/07/customui"
    ids = [e.get("id") for e in tree.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids))
    source = "".join(m.source for m in modules(lang))
    for element in tree.iter():
        if action := element.get("onAction"):
            module, procedure = action.split(".")
            (code,) = [m.source for m in modules(lang) if m.name == module]
            assert re.search(rf"^Public Sub {procedure}\(control As IRibbonControl\)", code, re.M)
    assert "Public Function RunPython(PythonCommand As String)" in source


def test_addin_build_writes_the_file_and_never_replaces_it_without_force(tmp_path: Path):
    out = tmp_path / "xlprod.xlam"
    run = xlprod("addin", "build", "-o", out)
    assert (run.code, run.out) == (0, f"Wrote {out}\n")
    assert out.read_bytes() == build("fr")
    again = xlprod("addin", "build", "-o", out, "--lang", "en")
    assert again.code == 2
    assert again.err.strip() == f"Error: {out} already exists; pass --force to replace it"
    assert out.read_bytes() == build("fr")
    assert xlprod("addin", "build", "-o", out, "--lang", "en", "--force").code == 0
    assert out.read_bytes() == build("en")


def _uno_python() -> str | None:
    """A Python that has LibreOffice's ``uno`` module (Debian's python3-uno)."""
    for python in (sys.executable, "/usr/bin/python3"):
        if shutil.which(python) and subprocess.run([python, "-c", "import uno"],
                                                   capture_output=True).returncode == 0:
            return python
    return None


# The modules xlwings ships (RunPython, Dictionary), which LibreOffice's Basic cannot
# compile (docs/addin.md, "LibreOffice runs the self-test"); xlprod's own compile.
XLWINGS_MODULES = ("xlwings", "Dictionary")
SELF_TEST = (f"vnd.sun.star.script:{PROJECT_NAME}.{SELF_TEST_MODULE}.XlprodSelfTest"
             "?language=Basic&location=document")


@pytest.fixture(scope="module")
def in_libreoffice(tmp_path_factory) -> dict:
    """What LibreOffice made of the French add-in: one headless soffice, through UNO."""
    python = _uno_python()
    if python is None:
        if os.environ.get("CI"):
            pytest.fail("python3-uno is missing: apt-get install python3-uno")
        pytest.skip("python3-uno is missing")
    folder = tmp_path_factory.mktemp("addin-lo")
    path = folder / "xlprod.xlam"
    path.write_bytes(build("fr"))
    probe = Path(__file__).parent / "lo" / "addin_probe.py"
    run = subprocess.run([python, str(probe), find_soffice() or "soffice", str(path),
                          str(folder / "profile"), SELF_TEST, *XLWINGS_MODULES],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout)
    assert "error" not in result, result["error"]
    return result


@pytest.mark.libreoffice
def test_libreoffice_loads_the_addin_and_imports_its_modules(in_libreoffice):
    assert in_libreoffice["loaded"]
    assert PROJECT_NAME in in_libreoffice["libraries"]
    imported = in_libreoffice["modules"]
    kinds = {"standard": "VBAModule", "class": "VBAClassModule", "document": "VBADocumentModule"}
    assert set(imported) == {m.name for m in modules("fr")}
    for module in modules("fr"):
        text = imported[module.name]
        assert text.startswith(f"Rem Attribute VBA_ModuleType={kinds[module.kind]}\n")
        # LibreOffice drops the Attribute lines and adds its own Option lines.
        body = [line for line in _normalise(module.source).split("\n")
                if not line.startswith("Attribute ")]
        assert "\n".join(body) in text, module.name


@pytest.mark.libreoffice
def test_libreoffice_runs_the_self_test_macro_of_the_addin(in_libreoffice):
    """The add-in's own function runs in LibreOffice, from the document, and reads the
    Excel object model (``ThisWorkbook.Name``): xlprod's modules (the ribbon's
    included) compile in LibreOffice's VBA mode once xlwings' two are left out."""
    calls = in_libreoffice["calls"]
    assert calls["without xlwings and Dictionary"] == f"xlprod {__version__} fr: xlprod.xlam"


@pytest.mark.libreoffice
def test_libreoffice_cannot_compile_the_modules_xlwings_ships(in_libreoffice):
    """Why the self-test runs without xlwings' modules: each one alone makes every call
    into the project come back empty (LibreOffice compiles all the modules of a library
    before running one). If this starts failing, LibreOffice has learnt to compile them:
    run the add-in as built and update docs/addin.md."""
    calls = in_libreoffice["calls"]
    assert calls == {"as built": "", "without xlwings": "", "without Dictionary": "",
                     "without xlwings and Dictionary": self_test_answer("fr")}
