"""Parse speed and peak memory of the register and sanctions-list parsers on the real files.

`python -m bench.bench_parse [--repeat N]`: for each file, the best of N timed runs (rows/s, records/s) and,
in a separate run under `tracemalloc`, the peak Python memory the parse allocates. Files: ../shared/data.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

from ingest.ftm import parse_ftm
from ingest.records import Records, Rejected
from ingest.sipri import parse_sipri
from ingest.un_list import parse_un_list

__all__ = ["FILES", "main"]

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

Parser = Callable[[Path], Iterator[Records | Rejected]]

#: (label, path, parser, how input rows are counted)
FILES: list[tuple[str, Path, Parser, str]] = [
    ("SIPRI May legacy16", DATA / "sipri" / "trade-register-2026-05-18-legacy16.csv", parse_sipri, "lines"),
    ("SIPRI Feb new17", DATA / "sipri" / "trade-register-2026-02-12-new17.csv", parse_sipri, "lines"),
    ("UN consolidated list", DATA / "sanctions" / "un-consolidated-2025-08-02.xml", parse_un_list, "records"),
    ("OpenSanctions delta", DATA / "sanctions" / "opensanctions-delta-2024-06.json", parse_ftm, "lines"),
]


def _count(items: Iterator[Records | Rejected]) -> tuple[int, int]:
    """(records that carry actors, transfers or deletions; rejected)."""
    records = rejected = 0
    for item in items:
        if isinstance(item, Rejected):
            rejected += 1
        elif item.actors or item.transfers or item.deletions:
            records += 1
    return records, rejected


def _input_rows(path: Path, unit: str, records: int) -> int:
    if unit == "records":
        return records
    with path.open("rb") as f:
        return sum(1 for line in f if line.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per file (best is kept)")
    args = ap.parse_args()
    rows: list[list[str]] = []
    for label, path, parse, unit in FILES:
        if not path.exists():
            print(f"[bench parse] {label}: {path} not found, skipped")
            continue
        best = float("inf")
        records = rejected = 0
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            records, rejected = _count(parse(path))
            best = min(best, time.perf_counter() - t0)
        tracemalloc.start()
        _count(parse(path))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        n_rows = _input_rows(path, unit, records)
        rows.append(
            [
                label,
                f"{path.stat().st_size / 1e6:.1f} MB",
                f"{n_rows:,}",
                f"{records:,}",
                f"{rejected:,}",
                f"{best:.2f} s",
                f"{n_rows / best:,.0f}",
                f"{records / best:,.0f}",
                f"{peak / 1e6:.1f} MB",
            ]
        )
    _print(
        ["file", "size", "input rows", "records", "rejected", "time", "rows/s", "records/s", "peak mem"],
        rows,
    )


def _print(columns: list[str], rows: list[list[str]]) -> None:
    """A plain fixed-width table (readable in CI logs, whatever the terminal width)."""
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(columns)]
    print("Parse throughput (best of runs) and peak traced memory")
    for line in [columns, *rows]:
        print(
            "  ".join(
                v.ljust(w) if i == 0 else v.rjust(w)
                for i, (v, w) in enumerate(zip(line, widths, strict=True))
            )
        )


if __name__ == "__main__":
    main()
