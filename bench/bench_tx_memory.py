"""Transaction memory of a whole-file import on Neo4j: does the full SIPRI register fit one transaction?

Starts a fresh Neo4j with the product's default memory settings (SKG_NEO4J_HEAP / SKG_NEO4J_PAGECACHE, or
--heap / --pagecache), imports the SIPRI excerpt and then the full register through `ingest_path` (the CLI's
path), and polls `SHOW TRANSACTIONS` every 0.2 s meanwhile for the import transaction's
`estimatedUsedHeapMemory`. Prints the server's limits, the peak, whether the import was one transaction (no
"written in batches" warning), and the time of the import and of its commit.

    python -m bench.bench_tx_memory [--heap 2g] [--pagecache 512m] [--register PATH]
"""

from __future__ import annotations

import argparse
import logging
import threading
import time
from pathlib import Path

from bench.common import neo4j_bench_store, print_table
from graph.neo4j_store import TX_BYTES_PER_RECORD
from graph.settings import Settings
from ingest.pipeline import ingest_path

__all__ = ["main"]

SIPRI = Path(__file__).resolve().parents[2] / "shared" / "data" / "sipri"
EXCERPT = SIPRI / "excerpt-russia-imports-legacy16.csv"
REGISTER = SIPRI / "trade-register-2026-05-18-legacy16.csv"
_POLL = """
SHOW TRANSACTIONS YIELD transactionId, currentQuery, estimatedUsedHeapMemory
WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS'
RETURN max(estimatedUsedHeapMemory) AS used
"""
_SETTINGS = """
SHOW SETTINGS YIELD name, value
WHERE name IN ['server.memory.heap.max_size', 'server.memory.pagecache.size', 'db.memory.transaction.max',
               'dbms.memory.transaction.total.max']
RETURN name, value ORDER BY name
"""


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main(argv: list[str] | None = None) -> None:
    defaults = Settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--heap", default=defaults.neo4j_heap)
    parser.add_argument("--pagecache", default=defaults.neo4j_pagecache)
    parser.add_argument("--register", type=Path, default=REGISTER)
    args = parser.parse_args(argv)
    warnings = _Warnings()
    logging.getLogger("graph.neo4j_store").addHandler(warnings)
    with neo4j_bench_store(heap=args.heap, pagecache=args.pagecache) as store:
        settings = {r["name"]: r["value"] for r in store._read(_SETTINGS)}
        ingest_path(store, "sipri", EXCERPT)
        peak = [0]
        done = threading.Event()

        def poll() -> None:
            while not done.wait(0.2):
                for rec in store._read(_POLL):
                    peak[0] = max(peak[0], rec["used"] or 0)

        poller = threading.Thread(target=poll)
        poller.start()
        t0 = time.perf_counter()
        try:
            report = ingest_path(store, "sipri", args.register)
        finally:
            done.set()
            poller.join()
        took = time.perf_counter() - t0
    batched = [m for m in warnings.messages if "batches" in m]
    records = report.read
    rows = [[name, value] for name, value in sorted(settings.items())]
    rows += [
        ["records read", f"{records:,}"],
        ["transfers added", f"{report.transfers.added:,}"],
        ["estimate before the import", f"{records * TX_BYTES_PER_RECORD / 2**20:.0f} MiB"],
        ["peak estimatedUsedHeapMemory", f"{peak[0] / 2**20:.0f} MiB ({peak[0] / max(records, 1) / 1024:.1f} KiB/rec)"],
        ["one transaction", "no: " + batched[0] if batched else "yes"],
        ["import time", f"{took:.1f} s"],
    ]
    print_table(f"Whole-file import of {args.register.name}, heap {args.heap}", ["", "value"], rows)


if __name__ == "__main__":
    main()
