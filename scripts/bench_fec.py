"""Time ways of splitting a large FEC into fields, and the whole import.

    PYTHONPATH=. python3 scripts/bench_fec.py [LINES]

Writes a pipe-separated, CRLF, UTF-8 FEC of LINES data lines (default 200 000)
in a temporary folder, then times pandas ``read_csv(dtype=str)``, the ``csv``
module, a block decode + ``str.split``, and :func:`xlprod.importers.read_fec`.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from xlprod.importers import read_fec
from xlprod.importers.fec_text import LEGAL_COLUMNS

ACCOUNTS = ("641100", "645100", "613500", "625100", "401000", "512000", "706000", "445660")


def write(path: Path, lines: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("|".join(LEGAL_COLUMNS) + "\r\n")
        for i in range(lines):
            account = ACCOUNTS[i % len(ACCOUNTS)]
            debit, credit = (f"{(i % 9973) + 1},{i % 100:02d}", "0,00") if i % 2 == 0 else (
                "0,00", f"{(i % 9973) + 1},{i % 100:02d}")
            f.write("|".join(("HA", "Achats", str(i // 2), f"2024{1 + i % 12:02d}{1 + i % 28:02d}",
                              account, "Compte " + account, "", "", f"F{i}", "20240105",
                              f"Libellé électrique n°{i}", debit, credit, "", "", "20240131", "",
                              "")) + "\r\n")


def timed(label: str, fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    print(f"{label:<40} {elapsed:6.2f} s")
    return elapsed


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "000000000FEC20241231.txt"
        write(path, lines)
        print(f"{lines} lines, {path.stat().st_size / 1e6:.1f} MB")

        import pandas as pd  # imported before the clock starts

        def pandas_split() -> None:
            pd.read_csv(path, sep="|", dtype=str, quoting=csv.QUOTE_NONE, keep_default_na=False,
                        encoding="utf-8")

        def csv_split() -> None:
            with path.open(encoding="utf-8", newline="") as f:
                for _ in csv.reader(f, delimiter="|", quoting=csv.QUOTE_NONE):
                    pass

        def hand_split() -> None:
            with path.open("rb") as f:
                rest = b""
                while block := f.read(1 << 20):
                    buf = rest + block
                    cut = buf.rfind(b"\n") + 1
                    buf, rest = buf[:cut], buf[cut:]
                    for line in buf.decode("utf-8").replace("\r", "").split("\n"):
                        line.split("|")

        timed("pandas.read_csv(dtype=str)", pandas_split)
        timed("csv.reader", csv_split)
        timed("block decode + str.split", hand_split)
        timed("read_fec (whole import)", lambda: read_fec(path))
        tracemalloc.start()
        read_fec(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"read_fec peak memory (tracemalloc, 3/8 lines class 6): {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
