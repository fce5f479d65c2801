"""Peak memory of a large export: GraphML of the whole graph built whole by networkx, against written as it is
sent (graph/export_stream.py, what GET /export does now); Turtle or JSON-LD built whole by rdflib, against
written 500 objects at a time (graph/rdf.py `iter_store_rdf`).

An embedded store is loaded with the full SIPRI register; each way runs in its own process (peak RSS is per
process), reads the graph, then writes the export to /dev/null. Prints peak RSS after reading the graph and at
the end, and the document's size.

    python -m bench.bench_export [--register PATH] [--format graphml|turtle|jsonld]
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

from bench.common import print_table

__all__ = ["main"]

REPO = Path(__file__).resolve().parents[1]
REGISTER = REPO.parent / "shared" / "data" / "sipri" / "trade-register-2026-05-18-legacy16.csv"


def _rss_mib() -> float:
    """Resident memory now (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Sampler(threading.Thread):
    """The highest RSS seen every 5 ms (the process's own peak is the graph's loading, higher than an export)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = _rss_mib()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.005):
            self.peak = max(self.peak, _rss_mib())


def _child(store_file: str, way: str, fmt: str, traced: bool) -> None:
    """One export in this process; prints its figures as JSON."""
    from datetime import date

    from graph import export, rdf
    from graph.exports import export_stream
    from graph.memory_store import MemoryStore
    from graph.sanctions import sanctioned_actors

    store = MemoryStore(Path(store_file))
    actors, transfers = export.neighbourhood(store, None)  # both ways read the graph alike
    gc.collect()
    loaded = _rss_mib()
    sampler = _Sampler()
    sampler.start()
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    size = 0
    with open("/dev/null", "wb") as out:
        if way == "whole" and fmt in ("turtle", "jsonld"):
            graph = rdf.store_to_rdf(store, part=(actors, transfers))
            data = rdf.serialize(graph, "turtle" if fmt == "turtle" else "json-ld").encode("utf-8")
            size = len(data)
            out.write(data)
        elif way == "whole":
            sanctioned = set(sanctioned_actors(store.regimes(), date.today()))
            data = export.to_bytes(export.to_networkx(actors, transfers, sanctioned), fmt)  # type: ignore[arg-type]
            size = len(data)
            out.write(data)
        else:
            del actors, transfers
            for chunk in export_stream(store, fmt):
                size += len(chunk)
                out.write(chunk)
    took = time.perf_counter() - t0
    sampler.done.set()
    sampler.join()
    allocated = tracemalloc.get_traced_memory()[1] / 2**20 if traced else 0.0
    print(json.dumps({"loaded": loaded, "peak": sampler.peak, "bytes": size, "s": took, "allocated": allocated}))


def _run_child(store_file: Path, way: str, fmt: str) -> dict[str, float]:
    cmd = [sys.executable, "-m", "bench.bench_export", "--format", fmt, "--child", str(store_file), way]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=True).stdout
    figures: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--register", type=Path, default=REGISTER)
    parser.add_argument("--format", default="graphml", choices=("graphml", "turtle", "jsonld"))
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        way, traced = args.child[1].split(":")
        _child(args.child[0], way, args.format, traced == "traced")
        return
    if not args.register.exists():
        print(f"[bench] export: no register at {args.register} (../shared/data); skipped")
        return
    from graph.memory_store import MemoryStore
    from ingest.pipeline import ingest_path

    with tempfile.TemporaryDirectory(prefix="skg-bench-export-") as tmp:
        store_file = Path(tmp) / "graph.json.gz"
        store = MemoryStore(store_file)
        report = ingest_path(store, "sipri", args.register)
        store.close()
        rows = []
        for way, label in (("whole", "built whole (before)"), ("stream", "streamed (GET /export now)")):
            r, traced = (_run_child(store_file, f"{way}:{t}", args.format) for t in ("plain", "traced"))
            rows.append(
                [
                    label,
                    f"{r['loaded']:,.0f}",
                    f"{r['peak']:,.0f}",
                    f"{r['peak'] - r['loaded']:,.0f}",
                    f"{traced['allocated']:,.1f}",
                    f"{r['bytes'] / 2**20:,.1f}",
                    f"{r['s']:.1f}",
                ]
            )
    print_table(
        f"{args.format} export of the whole graph ({report.transfers.added:,} transfers of {args.register.name})",
        ["way", "RSS before MiB", "peak RSS during", "RSS added", "Python allocations MiB", "document MiB", "s"],
        rows,
    )


if __name__ == "__main__":
    main()
