"""Run every benchmark in turn: `python -m bench [name ...]` (names: the keys of BENCHES)."""

from __future__ import annotations

import importlib
import sys

BENCHES = {
    "store": "bench.bench_store",
    "parse": "bench.bench_parse",
    "extract": "bench.bench_extract",
    "ingest": "bench.bench_ingest",
    "latency": "bench.bench_latency",
    "api": "bench.bench_api",
    "concurrency": "bench.bench_concurrency",
    "review": "bench.bench_review",
    "cypher": "bench.bench_cypher",
    "sync": "bench.bench_sync",
    "export": "bench.bench_export",
    "known": "bench.bench_known_as_of",
    "changes": "bench.bench_changes",
    "reload": "bench.bench_reload",
    "txmem": "bench.bench_tx_memory",
    "torn": "bench.bench_torn_reads",
}


def main() -> None:
    wanted = sys.argv[1:] or list(BENCHES)
    for name in wanted:
        try:
            module = importlib.import_module(BENCHES[name])
        except ModuleNotFoundError as exc:
            print(f"[bench] {name}: not available ({exc})")
            continue
        print(f"\n=== bench {name} ===", flush=True)
        sys.argv = [BENCHES[name]]
        module.main()


if __name__ == "__main__":
    main()
