"""Torn reads of the SUPPLIES aggregates: readers ask "who supplies X" on Neo4j while a writer uploads transfers.

Neo4j Community reads without locks or snapshots, so a reader can meet a SUPPLIES relationship while a writer's
`SET p += ...` is being applied and see one of its tallies missing. Half of the readers run the page query raw and
count such rows; the other half call `Neo4jStore.supplier_rollups`, which must read again and never fail. Prints
reads, torn rows seen raw and failures of the store method (must be 0).

    python -m bench.bench_torn_reads [--rounds 20] [--readers 4]
"""

from __future__ import annotations

import argparse
import threading
import time

from bench.common import neo4j_bench_store, print_table
from bench.synthetic import synthetic_actors, synthetic_transfers
from graph import cypher, pair_aggregates
from graph.neo4j_store import Neo4jStore
from graph.store import TransferFilter

__all__ = ["main"]


def _raw_torn(store: Neo4jStore, recipient: str) -> int:
    """Incomplete rows in one raw read of the default page (by rank, with the newest transfers)."""
    flt = TransferFilter(recipient=recipient)
    (record,) = store._read(
        cypher.supplier_aggregates_query(True, newest=True),
        slots=pair_aggregates.slots_of(flt.statuses),
        limit=20,
        recipient=recipient,
        among=None,
        offset=0,
        per_supplier=2,
        since=None,
        until=None,
        statuses=[s.value for s in flt.statuses],
        min_confidence=0.0,
        source_kind=None,
    )
    return sum(not pair_aggregates.complete(r["aggregates"]) for r in record["page"]) + int(record["torn"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="uploads of 300 transfers, 10 per transaction")
    parser.add_argument("--readers", type=int, default=4)
    args = parser.parse_args()
    actors = synthetic_actors(12, 0)
    recipient = actors[0].id  # the most connected actor of the Pareto draw
    with neo4j_bench_store(heap="768m", pagecache="256m") as store:
        store.upsert_actors(actors)
        store.upsert_transfers(list(synthetic_transfers(actors, 500, seed=1)))
        done = threading.Event()
        counts = {"raw reads": 0, "torn rows": 0, "store reads": 0, "store failures": 0}
        lock = threading.Lock()

        def read(raw: bool) -> None:
            while not done.is_set():
                try:
                    torn = _raw_torn(store, recipient) if raw else 0
                    if not raw:
                        store.supplier_rollups(TransferFilter(recipient=recipient), limit=20, per_supplier=2)
                    failed = 0
                except Exception:  # counted and reported: the figure this bench exists for
                    torn, failed = 0, 1
                with lock:
                    counts["raw reads" if raw else "store reads"] += 1
                    counts["torn rows"] += torn
                    counts["store failures"] += failed

        threads = [threading.Thread(target=read, args=(i % 2 == 0,)) for i in range(args.readers)]
        for t in threads:
            t.start()
        t0 = time.perf_counter()
        try:
            for r in range(args.rounds):  # the same ids each round: the first round adds, the next ones update
                batch = list(synthetic_transfers(actors, 300, seed=100 + r))
                for i in range(0, len(batch), 10):
                    store.upsert_transfers(batch[i : i + 10])
        finally:
            done.set()
            for t in threads:
                t.join()
        elapsed = time.perf_counter() - t0
    print_table(
        f"SUPPLIES reads during {args.rounds} uploads ({elapsed:.0f} s)",
        ["raw reads", "torn rows seen raw", "store reads", "store failures"],
        [[str(counts[k]) for k in ("raw reads", "torn rows", "store reads", "store failures")]],
    )
    if counts["store failures"]:
        raise SystemExit("torn-read bench: supplier_rollups failed during an upload")


if __name__ == "__main__":
    main()
