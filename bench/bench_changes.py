"""The change feed: what numbering changes costs a write, and how fast /changes and /changes.atom answer.

python -m bench.bench_changes [--transfers 100000] [--batch 5000] [--stores memory,neo4j] [--requests 300]

For each store: reference regimes, synthetic actors, then `--transfers` synthetic transfers in batches of `--batch`
(each recorded as transfer_added plus its verdict changes); reports the feed's size and the write rate. Then the
latency through the API (in-process TestClient, so without network) of `GET /changes?since=S&limit=100` at random
cursors, of the Atom feed (50 newest) and of a filtered Atom feed (violations involving one state), p50 / p99;
beside them the store's own `changes` call and `/healthz` (what the in-process HTTP round trip costs alone).
`--write-runs N`: only the write rate, N times on a cleared store.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient

from api.app import create_app
from bench.common import neo4j_bench_store, percentiles, print_table
from bench.synthetic import synthetic_actors, synthetic_transfers
from graph.memory_store import MemoryStore
from graph.store import GraphStore
from ingest.pipeline import load_reference


@contextmanager
def _store(kind: str) -> Iterator[GraphStore]:
    if kind == "neo4j":
        with neo4j_bench_store() as store:
            yield store
    else:
        yield MemoryStore(None)


def _load(store: GraphStore, transfers: int, batch: int) -> float:
    load_reference(store)
    actors = synthetic_actors(200, 2000)
    store.upsert_actors(actors)
    rows = list(synthetic_transfers(actors, transfers))
    t0 = time.perf_counter()
    for i in range(0, len(rows), batch):
        store.upsert_transfers(rows[i : i + batch])
    store.flush()
    return time.perf_counter() - t0


def _latency(client: TestClient, path: str, params: list[dict[str, object]]) -> tuple[float, float]:
    samples = []
    for p in params:
        t0 = time.perf_counter()
        r = client.get(path, params=p)  # type: ignore[arg-type]
        samples.append(time.perf_counter() - t0)
        assert r.status_code == 200, r.text
    return percentiles(samples)


def _store_latency(store: GraphStore, params: list[dict[str, int]]) -> tuple[float, float]:
    samples = []
    for p in params:
        t0 = time.perf_counter()
        store.changes(p["since"], p["limit"] + 1)
        samples.append(time.perf_counter() - t0)
    return percentiles(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transfers", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--stores", default="memory,neo4j")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument(
        "--write-runs", type=int, default=0, help="only time the writes, this many times on a cleared store"
    )
    args = parser.parse_args()
    if args.write_runs:
        for kind in args.stores.split(","):
            with _store(kind) as store:
                for run in range(args.write_runs):
                    store.clear()
                    store.ensure_schema()
                    rate = args.transfers / _load(store, args.transfers, args.batch)
                    print(f"{kind} run {run + 1}: {rate:,.0f} transfers/s")
        return
    rows = []
    for kind in args.stores.split(","):
        with _store(kind) as store:
            seconds = _load(store, args.transfers, args.batch)
            last = store.last_change_seq()
            rng = random.Random(7)
            with TestClient(create_app(store)) as client:
                pages = [{"since": rng.randrange(last), "limit": 100} for _ in range(args.requests)]
                atom = [{"limit": 50}] * (args.requests // 3)
                state = store.changes(0, 1, None, newest=True)[0].actors[0]
                filtered = [{"limit": 50, "verdict": "violation", "actor": state}] * (args.requests // 3)
                health_p = _latency(client, "/healthz", [{}] * args.requests)
                changes_p = _latency(client, "/changes", pages)
                store_p = _store_latency(store, pages)
                atom_p = _latency(client, "/changes.atom", atom)
                filtered_p = _latency(client, "/changes.atom", filtered)
            rows.append(
                [
                    kind,
                    f"{args.transfers:,}",
                    f"{last:,}",
                    f"{args.transfers / seconds:,.0f}",
                    "{:.2f} / {:.2f}".format(*store_p),
                    "{:.2f} / {:.2f}".format(*health_p),
                    "{:.2f} / {:.2f}".format(*changes_p),
                    "{:.2f} / {:.2f}".format(*atom_p),
                    "{:.2f} / {:.2f}".format(*filtered_p),
                ]
            )
    print_table(
        "change feed",
        [
            "store",
            "transfers",
            "changes",
            "transfers/s written",
            "store.changes p50 / p99 ms",
            "/healthz (baseline)",
            "/changes p50 / p99 ms",
            "/changes.atom",
            "atom, filtered",
        ],
        rows,
    )


if __name__ == "__main__":
    main()
