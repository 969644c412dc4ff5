"""The Excel ribbon (customUI) generated from the command registry."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from xlprod.commands import REGISTRY, _importable

NS = "http://schemas.microsoft.com/office/2009/07/customui"


def ribbon_xml(lang: str = "fr") -> str:
    """customUI XML: one tab, one group per area, one button per runnable command.

    Each button's ``id`` is the command's id; ``onAction`` calls the add-in's
    single VBA entry point, which runs ``xlprod run <id>`` on the active
    workbook through xlwings' ``RunPython``.
    """
    groups: dict[str, list[str]] = {}
    for c in REGISTRY:
        if not _importable(c):
            continue
        label = c.label_en if lang == "en" else c.label_fr
        groups.setdefault(c.group, []).append(
            f"        <button id={quoteattr(c.id)} label={quoteattr(label)} size=\"large\" "
            f"imageMso={quoteattr(c.image)} screentip={quoteattr(c.help)} "
            f"tag={quoteattr(c.id)} onAction=\"XlprodRun\"/>"
        )
    body = "\n".join(
        f"      <group id={quoteattr('xlprod_' + name.lower())} label={quoteattr(name)}>\n"
        + "\n".join(buttons)
        + "\n      </group>"
        for name, buttons in groups.items()
    )
    return (
        f'<customUI xmlns="{NS}">\n  <ribbon>\n    <tabs>\n'
        '    <tab id="xlprod_tab" label="xlprod">\n'
        f"{body}\n    </tab>\n    </tabs>\n  </ribbon>\n</customUI>\n"
    )
