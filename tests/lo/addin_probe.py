"""Run by the system Python that has LibreOffice's ``uno`` (python3-uno), not by pytest:

    python3 addin_probe.py SOFFICE XLAM PROFILE_DIR SCRIPT_URI [MODULE ...]

Starts one headless soffice, loads the add-in with LibreOffice's VBA-aware Excel
filter (macros allowed: ``MacroExecutionMode`` 4, always execute, no warning), and
prints JSON:

- ``loaded``, ``libraries``, ``modules``: whether it loaded as a spreadsheet, and each
  Basic module LibreOffice imported from its VBA project, with its source;
- ``calls``: the value SCRIPT_URI returned, through the document's script provider,
  first as built, then after each step that takes MODULEs out of the loaded copy (never
  the file): each MODULE alone (put back after the call), then all of them together.

LibreOffice compiles every module of a library before it runs any procedure of it, and
a module it cannot compile makes the call return an empty value without raising; the
steps show which modules those are.
"""

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue

soffice, xlam, profile, script_uri, *removable = sys.argv[1:]
# A pipe of this run only: soffice instances of other runs on the machine (pytest workers,
# other checkouts) listen on theirs, and this probe terminates the one it talks to.
pipe = f"xlprod_addin_{os.getpid()}_{uuid.uuid4().hex}"
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

    provider = doc.getScriptProvider()
    library = libraries.getByName(script_uri.split(":", 1)[1].split(".", 1)[0])

    def call():
        value, _, _ = provider.getScript(script_uri).invoke((), (), ())
        return value

    calls = {"as built": call()}
    for name in removable:
        source = library.getByName(name)
        library.removeByName(name)
        calls[f"without {name}"] = call()
        library.insertByName(name, source)
    for name in removable:
        library.removeByName(name)
    calls["without " + " and ".join(removable)] = call()
    result["calls"] = calls
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
