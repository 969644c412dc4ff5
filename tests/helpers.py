"""Small helpers shared by the tests (fixtures are built in code, not stored)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    code: int
    out: str
    err: str


def xlprod(*args: str | Path, cwd: Path | None = None) -> Run:
    """Run the real command line in a subprocess (exit codes come from ``main``)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("XLPROD_DEBUG", None)
    proc = subprocess.run(
        [sys.executable, "-m", "xlprod", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, env=env, check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def close(a: object, b: object) -> bool:
    """Equal to the cent (spreadsheets compute in binary floating point)."""
    return abs(Decimal(str(a)) - Decimal(str(b))) < Decimal("0.005")
