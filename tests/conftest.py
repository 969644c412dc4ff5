"""Shared test setup.

Tests marked ``libreoffice`` need LibreOffice Calc: without it they are skipped
on a workstation and fail in CI (env ``CI`` set), where skipping them would hide
that nothing was checked.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from xlprod.libreoffice import (
    INSTALL_HINT,
    RecalculatedValues,
    find_soffice,
    read_values,
    recalculate,
)

Recalc = Callable[[Iterable[Path]], dict[Path, RecalculatedValues]]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("libreoffice") is None or find_soffice() is not None:
        return
    if _in_ci():
        pytest.fail(f"{INSTALL_HINT} (CI is set: LibreOffice tests must run)", pytrace=False)
    pytest.skip(f"{INSTALL_HINT} (these tests run in CI)")


@pytest.fixture(scope="session")
def lo_recalc(tmp_path_factory: pytest.TempPathFactory) -> Recalc:
    """Recalculate workbooks in LibreOffice, many per soffice run, each once per session.

    ``lo_recalc([a, b])`` returns ``{a: values_a, b: values_b}`` as
    :func:`xlprod.libreoffice.read_values` gives them. A workbook rewritten since
    its last recalculation is recalculated again. Tests using it are marked ``libreoffice``.
    """
    cache: dict[tuple[Path, int, int], RecalculatedValues] = {}

    def recalc(paths: Iterable[Path]) -> dict[Path, RecalculatedValues]:
        keys = {path: _version(path) for path in paths}
        todo = [key for key in dict.fromkeys(keys.values()) if key not in cache]
        for batch in _with_distinct_stems(todo):
            outdir = tmp_path_factory.mktemp("lo_recalc")
            outputs = recalculate([path for path, _, _ in batch], outdir)
            for key, output in zip(batch, outputs, strict=True):
                cache[key] = read_values(output)
        return {path: cache[key] for path, key in keys.items()}

    return recalc


def _version(path: Path) -> tuple[Path, int, int]:
    stat = path.stat()
    return path.resolve(), stat.st_mtime_ns, stat.st_size


def _with_distinct_stems(
    keys: list[tuple[Path, int, int]],
) -> list[list[tuple[Path, int, int]]]:
    """Split into as few soffice runs as possible: outputs are named by stem, so no repeats."""
    batches: list[list[tuple[Path, int, int]]] = []
    for key in keys:
        batch = next((b for b in batches if all(k[0].stem != key[0].stem for k in b)), None)
        if batch is None:
            batch = []
            batches.append(batch)
        batch.append(key)
    return batches
