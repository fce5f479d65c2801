"""Ingest throughput and suppliers-query latency on both stores, at a few sizes of a seeded synthetic graph.

python -m bench.bench_store [--sizes 1000,10000,100000] [--stores memory,neo4j] [--queries 200]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from bench.common import neo4j_bench_store, percentiles, print_table, timed
from bench.synthetic import synthetic_actors, synthetic_transfers
from graph.memory_store import MemoryStore
from graph.queries import suppliers
from graph.store import GraphStore
from ingest.pipeline import load_reference

BATCH = 5000


@contextmanager
def _open(kind: str) -> Iterator[GraphStore]:
    if kind == "memory":
        with nullcontext(MemoryStore(None)) as store:
            yield store
    else:
        with neo4j_bench_store() as store:
            yield store


def run(sizes: list[int], stores: list[str], queries: int) -> list[list[str]]:
    rows = []
    for kind in stores:
        with _open(kind) as store:
            for size in sizes:
                store.clear()
                load_reference(store)
                actors = synthetic_actors(250, max(50, size // 200))
                store.upsert_actors(actors)
                transfers = list(synthetic_transfers(actors, size))
                t0 = time.perf_counter()
                for i in range(0, size, BATCH):
                    store.upsert_transfers(transfers[i : i + BATCH])
                ingest_s = time.perf_counter() - t0
                sample = transfers[: min(size, 20_000)]
                t0 = time.perf_counter()
                for i in range(0, len(sample), BATCH):
                    store.upsert_transfers(sample[i : i + BATCH])
                again_s = time.perf_counter() - t0
                rng = random.Random(1)
                recipients = [a.id for a in actors[:250]]
                samples = [
                    timed(lambda r=rng.choice(recipients): suppliers(store, r)) for _ in range(queries)
                ]
                sanctioned = [
                    timed(lambda r=rng.choice(recipients): suppliers(store, r, sanctioned=True))
                    for _ in range(queries)
                ]
                p50, p99 = percentiles(samples)
                s50, s99 = percentiles(sanctioned)
                rows.append(
                    [
                        kind,
                        f"{size:,}",
                        f"{size / ingest_s:,.0f}",
                        f"{min(size, 20_000) / again_s:,.0f}",
                        f"{p50:.2f}",
                        f"{p99:.2f}",
                        f"{s50:.2f}",
                        f"{s99:.2f}",
                    ]
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--stores", default="memory,neo4j")
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rows = run([int(s) for s in args.sizes.split(",")], args.stores.split(","), args.queries)
    print_table(
        "store benchmark (synthetic graph, 250 states; suppliers over random states)",
        [
            "store",
            "transfers",
            "ingest /s",
            "re-ingest /s",
            "suppliers p50 ms",
            "p99 ms",
            "sanctioned p50 ms",
            "p99 ms",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
