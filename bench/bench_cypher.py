"""Hostile Cypher against a real Neo4j: what each bound refuses or cuts, how long the worst took, and health after.

python -m bench.bench_cypher [--transfers 20000] [--heap 1g] [--slow 60]

A fresh Neo4j (graph/neo4j_local.py's settings, so the transaction memory bounds and no exit on OutOfMemoryError)
holds the reference regimes, bench.synthetic's 250 states + 5,000 groups and --transfers transfers. The API
(`create_app`, default SKG_CYPHER_* settings) receives every query of tests/data/hostile_cypher.txt in turn,
each followed by `RETURN 1` as a health probe; then the suppliers question for Russia is timed (median of 20, answer
cache off) before and after the corpus. Last, --slow concurrent slow queries are sent while /healthz and /suppliers are
timed: the pool answers the excess 429 at once and the product's routes keep their usual time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from rich.markup import escape

from bench.common import neo4j_bench_store, print_table
from bench.synthetic import synthetic_actors, synthetic_transfers
from graph.settings import get_settings
from ingest.pipeline import load_reference
from tests import hostile_corpus  # the corpus lives with the tests (run from the repository root)

__all__ = ["main"]

SLOW = "UNWIND range(1, 1000000) AS x UNWIND range(1, 1000000) AS y WITH x, y WHERE x = -y RETURN count(*)"


def _median_ms(client: TestClient, url: str, n: int = 20) -> float:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        assert client.get(url).status_code == 200
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transfers", type=int, default=20_000)
    parser.add_argument("--heap", default="1g")
    parser.add_argument("--slow", type=int, default=60)
    args = parser.parse_args()

    from api.app import create_app

    os.environ["SKG_ANSWER_CACHE_SIZE"] = "0"  # time the query, not the answer cache
    get_settings.cache_clear()
    with neo4j_bench_store(heap=args.heap, pagecache="512m") as store:
        load_reference(store)
        actors = synthetic_actors(250, 5000)
        store.upsert_actors(actors)
        batch = []
        for t in synthetic_transfers(actors, args.transfers):
            batch.append(t)
            if len(batch) == 5000:
                store.upsert_transfers(batch)
                batch = []
        store.upsert_transfers(batch)
        app = create_app(store)
        app.state.store = store
        client = TestClient(app)
        suppliers_url = "/suppliers?recipient=RU&per_supplier=1"
        before_ms = _median_ms(client, suppliers_url)

        outcome: dict[str, Counter[str]] = defaultdict(Counter)
        worst: dict[str, tuple[float, str]] = {}
        healthy = 0
        corpus = hostile_corpus.load()
        for h in corpus:
            t0 = time.perf_counter()
            r = client.post("/cypher", content=h.body, headers={"content-type": "application/json"})
            took = time.perf_counter() - t0
            kind = {200: "answered", 400: "refused", 413: "refused"}.get(r.status_code, f"HTTP {r.status_code}")
            if r.status_code == 200 and r.json()["truncated"]:
                kind = f"cut ({r.json()['truncated_by']})"
            outcome[h.group][kind] += 1
            if took > worst.get(h.group, (0.0, ""))[0]:
                worst[h.group] = (took, h.query.splitlines()[0][:70])
            healthy += client.post("/cypher", json={"query": "RETURN 1 AS one"}).status_code == 200
        after_ms = _median_ms(client, suppliers_url)
        print_table(
            f"Hostile Cypher: {len(corpus)} queries, {args.transfers:,} transfers, heap {args.heap}",
            ["group", "queries", "outcome", "slowest (s)", "slowest query"],
            [
                [g, str(sum(c.values())), ", ".join(f"{k} {v}" for k, v in sorted(c.items())),
                 f"{worst[g][0]:.2f}", escape(worst[g][1])]
                for g, c in outcome.items()
            ],
        )  # fmt: skip
        print(f"health probe answered after {healthy} of {len(corpus)} hostile queries")
        print(f"GET {suppliers_url}: median {before_ms:.1f} ms before the corpus, {after_ms:.1f} ms after")

        with ThreadPoolExecutor(max_workers=args.slow) as pool:
            futures = [pool.submit(client.post, "/cypher", json={"query": SLOW}) for _ in range(args.slow)]
            time.sleep(0.5)
            health_ms = _median_ms(client, "/healthz", 5)
            busy_ms = _median_ms(client, suppliers_url, 5)
            statuses = Counter(f.result().status_code for f in futures)
        print(
            f"{args.slow} concurrent slow queries: statuses {dict(statuses)}; meanwhile /healthz median "
            f"{health_ms:.1f} ms, /suppliers median {busy_ms:.1f} ms"
        )


if __name__ == "__main__":
    main()
