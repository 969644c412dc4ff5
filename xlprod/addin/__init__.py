"""``xlprod addin build``: the add-in ``xlprod.xlam``, built from text, byte for byte
the same on every build from the same sources.

Its VBA project is source only (Excel compiles it on load) and holds:

- ``XlprodRibbon``, the module behind the ribbon's buttons
  (:func:`xlprod.commands.ribbon.vba_module`);
- ``XlprodSelfTest``, one harmless function, ``XlprodSelfTest()``, that says the
  project compiled and runs (:func:`self_test_answer`; the LibreOffice test runs it);
- ``xlwings`` and ``Dictionary``, the open-source (BSD, MIT) VBA that the installed
  xlwings package ships for custom add-ins: ``RunPython`` comes from there, matching
  the Python side's version, as in the add-ins ``xlwings quickstart --addin`` makes;
- the document modules ``ThisWorkbook`` and ``Sheet1``, empty.

The ribbon is :func:`xlprod.commands.ribbon.ribbon_xml`.
"""

from __future__ import annotations

from importlib import resources

from xlprod import __version__
from xlprod.addin import cfb, ovba, xlam
from xlprod.addin.ovba import Module
from xlprod.commands.ribbon import VBA_MODULE, ribbon_xml, vba_module

__all__ = ["PROJECT_ID", "PROJECT_NAME", "SELF_TEST_MODULE", "build", "modules", "self_test_answer"]

PROJECT_NAME = "xlprod"
PROJECT_ID = "{5B1D2C7E-8F3A-4C61-9D2E-7A0B6E4F1C38}"  # fixed: the same project every build
WORKBOOK_MODULE, SHEET_MODULE = "ThisWorkbook", "Sheet1"
SELF_TEST_MODULE = "XlprodSelfTest"
# Where xlwings' custom add-in module reads its settings: keep the xlwings add-in's
# (~/.xlwings/xlwings.conf, the xlwings ribbon tab) rather than an "xlprod.conf".
XLWINGS_PROJECT = 'Public Const PROJECT_NAME As String = "{}"'

_DOCUMENT_BASES = {WORKBOOK_MODULE: "0{00020819-0000-0000-C000-000000000046}",
                   SHEET_MODULE: "0{00020820-0000-0000-C000-000000000046}"}
_CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"


def _document(name: str) -> Module:
    """An empty document module, with the attributes Excel stores for one."""
    attributes = [("VB_Name", f'"{name}"'), ("VB_Base", f'"{_DOCUMENT_BASES[name]}"'),
                  ("VB_GlobalNameSpace", "False"), ("VB_Creatable", "False"),
                  ("VB_PredeclaredId", "True"), ("VB_Exposed", "True"),
                  ("VB_TemplateDerived", "False"), ("VB_Customizable", "True")]
    return Module(name, "document", "".join(f"Attribute {k} = {v}\r\n" for k, v in attributes))


def _class(exported: str) -> Module:
    """A class module from its exported ``.cls`` text: the ``VERSION``/``BEGIN`` header
    dropped, the attributes Excel stores added in Excel's order."""
    text = exported[exported.index("Attribute VB_Name"):]
    lines = text.split("\r\n")
    count = next(i for i, line in enumerate(lines) if not line.startswith("Attribute "))
    given: dict[str, str] = {}
    for line in lines[:count]:
        key, _, value = line.removeprefix("Attribute ").partition(" = ")
        given[key] = value
    stored = {"VB_Name": given.pop("VB_Name"), "VB_Base": f'"{_CLASS_BASE}"',
              "VB_GlobalNameSpace": given.pop("VB_GlobalNameSpace", "False"),
              "VB_Creatable": given.pop("VB_Creatable", "False"),
              "VB_PredeclaredId": given.pop("VB_PredeclaredId", "False"),
              "VB_Exposed": given.pop("VB_Exposed", "False"),
              "VB_TemplateDerived": "False", "VB_Customizable": "False", **given}
    name = stored["VB_Name"].strip('"')
    head = "".join(f"Attribute {k} = {v}\r\n" for k, v in stored.items())
    return Module(name, "class", head + "\r\n".join(lines[count:]))


def _self_test(lang: str) -> Module:
    """The module ``XlprodSelfTest``: a function with no effect, for checking that the
    project compiled and runs (``?XlprodSelfTest()`` in the VBA editor's Immediate
    window, ``=XlprodSelfTest()`` in a cell, or LibreOffice's script provider)."""
    lines = [f'Attribute VB_Name = "{SELF_TEST_MODULE}"',
             "' Harmless: says the add-in's VBA compiled and runs, and from which file.",
             "' Immediate window: ?XlprodSelfTest()  ->  " + self_test_answer(lang),
             "Option Explicit",
             "",
             "Public Function XlprodSelfTest() As String",
             f'    XlprodSelfTest = "xlprod {__version__} {lang}: " & ThisWorkbook.Name',
             "End Function",
             ""]
    return Module(SELF_TEST_MODULE, "standard", "\r\n".join(lines))


def self_test_answer(lang: str = "fr", file_name: str = "xlprod.xlam") -> str:
    """What ``XlprodSelfTest()`` returns in the add-in ``file_name`` built for ``lang``."""
    return f"xlprod {__version__} {lang}: {file_name}"


def _xlwings_text(path: str) -> str:
    return (resources.files("xlwings") / path).read_bytes().decode("cp1252")


def modules(lang: str = "fr") -> list[Module]:
    """The add-in's VBA modules, in the order the project lists them."""
    runpython = _xlwings_text("xlwings_custom_addin.bas")
    if runpython.count(XLWINGS_PROJECT.format("myaddin")) != 1:
        raise RuntimeError("the installed xlwings' custom add-in module has changed: "
                           "xlprod.addin needs updating")
    runpython = runpython.replace(XLWINGS_PROJECT.format("myaddin"),
                                  XLWINGS_PROJECT.format("xlwings"))
    return [_document(WORKBOOK_MODULE), _document(SHEET_MODULE),
            Module(VBA_MODULE, "standard", vba_module(lang)), _self_test(lang),
            Module("xlwings", "standard", runpython),
            _class(_xlwings_text("addin/Dictionary.cls"))]


def build(lang: str = "fr") -> bytes:
    """The bytes of ``xlprod.xlam``: labels and dialogs in ``lang`` (fr, en)."""
    vba_project = cfb.write(ovba.project_streams(PROJECT_ID, PROJECT_NAME, modules(lang)))
    files = xlam.parts(vba_project, ribbon_xml(lang), workbook_module=WORKBOOK_MODULE,
                       sheet_module=SHEET_MODULE, sheet_name=PROJECT_NAME)
    return xlam.package(files)
