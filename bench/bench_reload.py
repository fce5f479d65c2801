"""Reloading the embedded store file: what a new process, and a server that notices another writer, pay.

Writes the full SIPRI register into a store file once (or takes --store PATH), then, in a fresh Python process,
loads it `--runs` times in a row the way `skg serve` reloads after another process wrote: the graph it serves
stays alive while the new file is read. Prints the first load (a new process) and the median and worst of the
reloads. `--code DIR` runs the loads with another checkout's code (e.g. a `git worktree` of the commit before),
the same file, for a before/after on one machine.

    python -m bench.bench_reload [--runs 5] [--store PATH] [--code DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.common import print_table

__all__ = ["main"]

REPO = Path(__file__).resolve().parents[1]
REGISTER = REPO.parent / "shared" / "data" / "sipri" / "trade-register-2026-05-18-legacy16.csv"

#: Run in the child: load the file `runs` times, keeping the previous store alive as a server does.
_CHILD = """
import json, sys, time
from pathlib import Path
from graph.memory_store import MemoryStore
path, runs = Path(sys.argv[1]), int(sys.argv[2])
times, store = [], None
for _ in range(runs):
    t0 = time.perf_counter()
    fresh = MemoryStore(path)
    times.append(time.perf_counter() - t0)
    store = fresh  # the old one is dropped only now, as the API swaps graphs
print(json.dumps({"times": times, "counts": store.counts()}))
"""


def _build(path: Path) -> None:
    from graph.memory_store import MemoryStore
    from ingest.pipeline import ingest_path, load_reference

    store = MemoryStore(path)
    load_reference(store)
    ingest_path(store, "sipri", REGISTER)
    store.close()


def _loads(path: Path, runs: int, code: Path) -> dict[str, object]:
    env = os.environ | {"PYTHONPATH": str(code)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(runs)],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, help="an existing store file (default: the register, built once)")
    parser.add_argument("--code", type=Path, action="append", help="another checkout to time as well")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="skg-bench-reload-") as tmp:
        path = args.store
        if path is None:
            path = Path(tmp) / "graph.json.gz"
            _build(path)
        rows = []
        for code in [REPO, *(args.code or [])]:
            result = _loads(path, args.runs, code.resolve())
            times = [float(t) for t in result["times"]]  # type: ignore[attr-defined]
            reloads = times[1:] or times
            rows.append(
                [
                    str(code),
                    f"{times[0]:.2f} s",
                    f"{statistics.median(reloads):.2f} s",
                    f"{max(reloads):.2f} s",
                    str(result["counts"]),
                ]
            )
        size = path.stat().st_size / 2**20
        print_table(
            f"Loading {path.name} ({size:.1f} MiB), {args.runs} loads in one process",
            ["code", "first load", "reload p50", "reload max", "store"],
            rows,
        )


if __name__ == "__main__":
    main()
