"""``xlprod addin install``: the add-in into Excel, through xlwings' own command line.

On Windows and macOS: writes the xlwings settings xlprod needs into
``~/.xlwings/xlwings.conf`` (this Python as the interpreter; the UDF module and its
folder), keeping every other setting, then runs ``xlwings addin install`` (the xlwings
add-in) and ``xlwings addin install --file xlprod.xlam``. Excel does not run on Linux.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from xlprod.errors import UsageError

__all__ = ["UDF_MODULE_NAME", "conf_text", "install", "settings"]

UDF_MODULE_NAME = "xlprod_udfs"
LINUX = ("Excel does not run on Linux, so there is no add-in to install here: use "
         "`xlprod addin lite -o DIR` (xlwings Lite runs in Excel for the web), or install "
         "on the Windows or macOS machine that runs Excel")


def settings(platform: str, python: str, udfs: Path) -> dict[str, str]:
    """The xlwings.conf keys xlprod sets for ``platform`` (``win32``, ``darwin``)."""
    interpreter = "INTERPRETER_MAC" if platform == "darwin" else "INTERPRETER_WIN"
    return {interpreter: python, "UDF MODULES": UDF_MODULE_NAME, "PYTHONPATH": str(udfs)}


def conf_text(existing: str, values: dict[str, str]) -> str:
    """``existing`` xlwings.conf text with ``values`` set (``"KEY","VALUE"`` lines, keys
    case-insensitive, as xlwings reads them); other lines kept in order."""
    for key, value in values.items():
        if '"' in key or '"' in value:
            raise UsageError(f"{key} = {value!r}: xlwings.conf cannot hold a double quote")
    wanted = {k.lower(): k for k in values}
    lines = []
    for line in existing.splitlines():
        found = re.findall(r'"[^"]*"', line)
        if found and found[0].strip('"').lower() in wanted:
            continue
        lines.append(line)
    lines += [f'"{key}","{value}"' for key, value in values.items()]
    return "\n".join(lines) + "\n"


def _udfs_folder() -> Path:
    folder = Path(__file__).resolve().parents[2] / "udfs"
    if not (folder / f"{UDF_MODULE_NAME}.py").is_file():
        raise UsageError(f"{folder}: no {UDF_MODULE_NAME}.py; pass --udfs with the udfs/ "
                         "folder of xlprod's sources")
    return folder


def install(xlam: Path, *, udfs: Path | None = None, platform: str = sys.platform,
            home: Path | None = None,
            run: Callable[[Sequence[str]], object] = lambda a: subprocess.run(a, check=True),
            ) -> list[str]:
    """Install ``xlam`` into Excel; returns what was done, one line each."""
    if not platform.startswith(("win", "darwin")):
        raise UsageError(LINUX)
    if not xlam.is_file():
        raise UsageError(f"{xlam}: no such add-in; build it first: xlprod addin build -o {xlam}")
    folder = udfs or _udfs_folder()
    conf = (home or Path.home()) / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    existing = conf.read_text(encoding="utf-8") if conf.exists() else ""
    conf.write_text(conf_text(existing, settings(platform, sys.executable, folder)),
                    encoding="utf-8")
    # xlwings has no __main__: call its console script's function with this Python
    xlwings = [sys.executable, "-c", "import sys, xlwings.cli; sys.argv[0] = 'xlwings'; "
               "xlwings.cli.main()"]
    run([*xlwings, "addin", "install"])
    run([*xlwings, "addin", "install", "--file", str(xlam)])
    return [f"Wrote {conf}", "Installed the xlwings add-in", f"Installed {xlam}"]
