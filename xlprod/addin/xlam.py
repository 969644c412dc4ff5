"""The ``.xlam`` package: a macro-enabled add-in workbook of one hidden sheet, its VBA
project and its ribbon, zipped with fixed timestamps and sorted entries so that the
same parts always give the same bytes."""

from __future__ import annotations

import io
import zipfile

ADDIN_CONTENT_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
VBA_PROJECT_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
OFFICE_DOCUMENT_REL = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                       "officeDocument")
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can say


def _relationships(*rels: tuple[str, str, str]) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
                   for rid, kind, target in rels)
    return (f'{_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships">{body}</Relationships>')


def _content_types() -> str:
    overrides = {
        "/xl/workbook.xml": ADDIN_CONTENT_TYPE,
        "/xl/worksheets/sheet1.xml":
            "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        "/xl/styles.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml",
        "/xl/vbaProject.bin": "application/vnd.ms-office.vbaProject",
    }
    return (f'{_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items())
            + "</Types>")


_WORKBOOK = (f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
             '<workbookPr codeName="{workbook}"/><bookViews><workbookView/></bookViews>'
             '<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_SHEET = (f'{_DECLARATION}<worksheet xmlns="{_MAIN}"><sheetPr codeName="{{sheet}}"/>'
          '<dimension ref="A1"/><sheetData/></worksheet>')
_STYLES = (f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
           '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
           '</cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" '
           'xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
           'builtinId="0"/></cellStyles></styleSheet>')


def parts(vba_project: bytes, ribbon: str, *, workbook_module: str, sheet_module: str,
          sheet_name: str) -> dict[str, bytes]:
    """Every part of the package by name. ``workbook_module`` and ``sheet_module`` are
    the code names that tie the workbook and its sheet to their document modules."""
    text = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _relationships(("rId1", OFFICE_DOCUMENT_REL, "xl/workbook.xml"),
                                      ("rId2", RIBBON_REL, "customUI/customUI14.xml")),
        "customUI/customUI14.xml": ribbon,
        "xl/workbook.xml": _WORKBOOK.format(workbook=workbook_module, sheet_name=sheet_name),
        "xl/_rels/workbook.xml.rels": _relationships(
            ("rId1", f"{_REL}/worksheet", "worksheets/sheet1.xml"),
            ("rId2", f"{_REL}/styles", "styles.xml"),
            ("rId3", VBA_PROJECT_REL, "vbaProject.bin")),
        "xl/worksheets/sheet1.xml": _SHEET.format(sheet=sheet_module),
        "xl/styles.xml": _STYLES,
    }
    return {**{name: value.encode("utf-8") for name, value in text.items()},
            "xl/vbaProject.bin": vba_project}


def package(files: dict[str, bytes]) -> bytes:
    """``files`` zipped in name order, each dated 1980-01-01 with fixed attributes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the same bytes whatever system builds it
            info.external_attr = 0
            archive.writestr(info, files[name], compresslevel=6)
    return buffer.getvalue()
