"""Run by the system Python that has LibreOffice's ``uno`` (python3-uno), not by pytest:

    python3 addin_probe.py SOFFICE XLAM PROFILE_DIR

Starts one headless soffice, loads the add-in with LibreOffice's VBA-aware Excel
filter, and prints JSON: whether it loaded as a spreadsheet, and each Basic module
LibreOffice imported from its VBA project, with its source.
"""

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue

soffice, xlam, profile = sys.argv[1:4]
pipe = f"xlprod_addin_{Path(profile).name}"
proc = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nologo",
                         f"-env:UserInstallation={Path(profile).as_uri()}",
                         f"--accept=pipe,name={pipe};urp;"])
result = {}
try:
    resolver = uno.getComponentContext().ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", uno.getComponentContext())
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:
            time.sleep(0.5)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    doc = desktop.loadComponentFromURL(
        Path(xlam).as_uri(), "_blank", 0,
        (prop("FilterName", "Calc MS Excel 2007 VBA XML"), prop("Hidden", True),
         prop("MacroExecutionMode", 4)))  # ALWAYS_EXECUTE_NO_WARN
    result["loaded"] = doc is not None and doc.supportsService(
        "com.sun.star.sheet.SpreadsheetDocument")
    libraries = doc.BasicLibraries
    result["libraries"] = list(libraries.ElementNames)
    modules = {}
    for lib in libraries.ElementNames:
        library = libraries.getByName(lib)
        for name in library.ElementNames:
            modules[name] = library.getByName(name)
    result["modules"] = modules
    doc.close(True)
except Exception as exc:  # reported, not raised: the test says what failed
    result["error"] = f"{type(exc).__name__}: {exc}"
finally:
    with contextlib.suppress(Exception):
        desktop.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
print(json.dumps(result))
