"""xlprod: spreadsheet-native tools for French film and TV production offices.

Kept light on purpose: ``xlprod --help`` must start fast, so nothing heavy
(openpyxl, pydantic models) is imported here.
"""

from __future__ import annotations

import sys
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__"]


class _OpenpyxlWithoutNumpy:
    """openpyxl imports numpy whenever it is installed, to recognise numpy's number types
    in cells; xlprod never hands it one, and the import costs about 0.1 s of every
    command (docs/performance.md). While openpyxl itself is first imported, and only if
    numpy is not loaded already, numpy is made to look absent; then this finder leaves
    ``sys.meta_path``. A program that imported numpy before xlprod is not affected."""

    @classmethod
    def find_spec(cls, name: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        if name != "openpyxl":
            return None
        sys.meta_path.remove(cls)  # once: openpyxl is imported once
        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or "numpy" in sys.modules:
            return spec
        spec.loader = _HidingNumpy(spec.loader)  # type: ignore[assignment]
        return spec


class _HidingNumpy:
    def __init__(self, loader: Any) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        created: ModuleType | None = self._loader.create_module(spec)
        return created

    def exec_module(self, module: ModuleType) -> None:
        sys.modules["numpy"] = None  # type: ignore[assignment]  # "import numpy" fails
        try:
            self._loader.exec_module(module)
        finally:
            if "numpy" in sys.modules and sys.modules["numpy"] is None:
                del sys.modules["numpy"]  # numpy imports normally from now on


if "openpyxl" not in sys.modules:
    sys.meta_path.insert(0, _OpenpyxlWithoutNumpy)  # type: ignore[arg-type]
