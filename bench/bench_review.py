"""The review loop at scale: queue latency, the cost of recording (and applying) decisions, what decisions cost the
reads and the re-ingests.

python -m bench.bench_review [--transfers 1000000] [--neo4j-transfers 100000] [--decisions 10000]
                             [--stores memory,neo4j] [--queries 50] [--heap 2g] [--pagecache 2g]
                             [--no-before] [--reload]

Graph: bench.synthetic (the latency bench's graph, a prefix of it for smaller N) and the curated regimes. Per store:

* decide: graph.review.decide for --decisions decisions on random claims (50% accept, 30% reject, 20% correct),
  each checked against the store, written with its audit entry and applied to its transfer (and, on Neo4j, its
  pair's SUPPLIES aggregate) in one write: p50 / p99 per decision;
* suppliers: graph.queries.suppliers on the heaviest recipients (its defaults) before and after the decisions:
  decisions are applied when written, so reads do no review work at all (the two p50s should match);
* re-ingest: upsert_transfers of 5,000 already stored transfers, a tenth of them with decisions (every one is
  looked up in the decisions, the decided ones re-applied);
* queue (after): graph.review_queue.queue, which reads the store's write-time index: the first page of the whole
  graph, of one heavy actor and with a source filter (--queries samples each); on the embedded store also the
  index's one-off build (the first queue read of a process) and the first page right after a decision;
* queue (before): graph.review_queue.queue_on_read, which judges every transfer on each call (the queue before the
  index): one heavy actor (--queries samples) and once for the whole graph (skipped with --no-before).
"""

from __future__ import annotations

import argparse
import gc
import random
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from bench.common import neo4j_bench_store, percentiles, print_table
from bench.synthetic import synthetic_actors, synthetic_transfers
from graph import review
from graph.decisions import new_decision
from graph.memory_store import MemoryStore
from graph.model import Transfer
from graph.queries import suppliers
from graph.review_queue import queue, queue_on_read
from graph.store import GraphStore
from ingest.pipeline import load_reference

BATCH = 5000


@contextmanager
def _open(kind: str, args: argparse.Namespace) -> Iterator[GraphStore]:
    if kind == "memory":
        yield MemoryStore(None)
    else:
        with neo4j_bench_store(heap=args.heap, pagecache=args.pagecache) as store:
            yield store


def _load(store: GraphStore, actors: list[Any], n: int) -> float:
    load_reference(store)
    store.upsert_actors(actors)
    stream = synthetic_transfers(actors, n)
    spent = 0.0
    while batch := list(islice(stream, BATCH)):
        t0 = time.perf_counter()
        store.upsert_transfers(batch)
        spent += time.perf_counter() - t0
    return spent


def _decision(rng: random.Random, t: Transfer, i: int) -> Any:
    claim = t.claim_id(t.evidence[0])
    roll = rng.random()
    if roll < 0.5:
        return new_decision("accept", claim, f"reviewer{i % 7}")
    if roll < 0.8:
        return new_decision("reject", claim, f"reviewer{i % 7}", reason="wrong_parties")
    return new_decision("correct", claim, f"reviewer{i % 7}", corrections={"status": "delivered", "quantity": 12})


def _ms(samples: list[float]) -> tuple[str, str]:
    p50, p99 = percentiles(samples)  # milliseconds
    return f"{p50:.2f}", f"{p99:.2f}"


def run_store(kind: str, n: int, args: argparse.Namespace) -> list[list[str]]:
    rows: list[list[str]] = []
    actors = synthetic_actors(250, 5000)
    heavy = [a.id for a in actors[:20]]
    rng = random.Random(3)
    with _open(kind, args) as store:
        load_s = _load(store, actors, n)
        print(f"  [{kind}] loaded {n:,} transfers in {load_s:.0f} s", flush=True)
        gc.collect()
        gc.freeze()  # as api/app.py does: the collector no longer walks the loaded graph
        if kind == "memory":  # the index a store file carries (built once per file): decisions below keep it
            t0 = time.perf_counter()
            built = queue(store, limit=50)
            rows.append(
                [
                    kind,
                    f"{n:,}",
                    f"queue index built ({built.total:,} open), once per file",
                    "1",
                    f"{(time.perf_counter() - t0) * 1000:.0f}",
                    "",
                ]
            )
            print(f"  [{kind}] queue index built", flush=True)
        picked = sorted(rng.sample(range(n), min(args.decisions, n)))
        chosen: list[Transfer] = []
        wanted = set(picked)
        for i, t in enumerate(synthetic_transfers(actors, n)):
            if i in wanted:
                chosen.append(t)
        before: list[float] = []
        for r in heavy[: args.queries]:
            t0 = time.perf_counter()
            suppliers(store, r)
            before.append(time.perf_counter() - t0)
        decide_s: list[float] = []
        for i, t in enumerate(chosen):
            d = _decision(rng, t, i)
            t0 = time.perf_counter()
            review.decide(store, d)
            decide_s.append(time.perf_counter() - t0)
        after: list[float] = []
        for r in heavy[: args.queries]:
            t0 = time.perf_counter()
            suppliers(store, r)
            after.append(time.perf_counter() - t0)
        rows.append([kind, f"{n:,}", "decide (check + write + apply)", str(len(decide_s)), *_ms(decide_s)])
        rows.append([kind, f"{n:,}", "suppliers, no decisions", str(len(before)), *_ms(before)])
        rows.append([kind, f"{n:,}", f"suppliers, {len(decide_s):,} decisions", str(len(after)), *_ms(after)])
        # re-ingest 5,000 stored transfers, a tenth of them decided on
        decided = chosen[: BATCH // 10]
        plain = list(islice((t for i, t in enumerate(synthetic_transfers(actors, n)) if i not in wanted), BATCH))
        batch = decided + plain[: BATCH - len(decided)]
        t0 = time.perf_counter()
        store.upsert_transfers(batch)
        rows.append(
            [kind, f"{n:,}", "re-ingest 5,000 (500 decided)", "1", f"{(time.perf_counter() - t0) * 1000:.0f}", ""]
        )
        rows += _queue_rows(store, kind, n, heavy, chosen, rng, args)
    return rows


def _timed(samples: int, call: Any) -> tuple[list[float], Any]:
    spent: list[float] = []
    answer = None
    for i in range(samples):
        t0 = time.perf_counter()
        answer = call(i)
        spent.append(time.perf_counter() - t0)
    return spent, answer


def _queue_rows(
    store: GraphStore,
    kind: str,
    n: int,
    heavy: list[str],
    chosen: list[Transfer],
    rng: random.Random,
    args: argparse.Namespace,
) -> list[list[str]]:
    rows: list[list[str]] = []

    def row(what: str, samples: list[float]) -> None:
        rows.append([kind, f"{n:,}", what, str(len(samples)), *_ms(samples)])

    first, whole = _timed(1, lambda _i: queue(store, limit=50))
    row(f"queue (index), first read ({whole.total:,} open)", first)
    spent, _ = _timed(args.queries, lambda _i: queue(store, limit=50))
    row("queue (index), whole graph, first page", spent)
    spent, _ = _timed(args.queries, lambda i: queue(store, offset=(i % 10) * 50, limit=50))
    row("queue (index), whole graph, pages 1-10", spent)
    spent, _ = _timed(args.queries, lambda i: queue(store, actor=heavy[i % len(heavy)], limit=50))
    row("queue (index), one heavy actor", spent)
    sources = sorted({e.source_id for t in chosen[:50] for e in t.evidence})
    spent, _ = _timed(args.queries, lambda i: queue(store, source=sources[i % len(sources)], limit=50))
    row("queue (index), one source", spent)
    languages = [e.language for t in chosen for e in t.evidence if e.language] or ["en"]
    common = max(set(languages), key=languages.count)
    spent, _ = _timed(min(args.queries, 5), lambda _i: queue(store, language=common, limit=50))
    row("queue (index), one language", spent)
    spent, _ = _timed(min(args.queries, 5), lambda _i: queue(store, since=date(2020, 1, 1), limit=50))
    row("queue (index), since 2020", spent)
    # a decision keeps the index: the next first page costs no rebuild
    after: list[float] = []
    for i, t in enumerate(rng.sample(chosen, min(args.queries, len(chosen)))):
        review.decide(store, new_decision("note", t.id, f"reviewer{i}", comment="bench"))
        review.decide(store, new_decision("accept", t.id, f"reviewer{i}"))
        t0 = time.perf_counter()
        queue(store, limit=50)
        after.append(time.perf_counter() - t0)
    row("queue (index), first page right after a decision", after)
    spent, _ = _timed(min(args.queries, 10), lambda i: queue_on_read(store, actor=heavy[i % len(heavy)], limit=50))
    row("queue on read (before), one heavy actor", spent)
    if args.reload and isinstance(store, MemoryStore):  # the index saved with the graph and restored from it
        with tempfile.TemporaryDirectory() as tmp:
            store.path = Path(tmp) / "graph.json.gz"
            store._dirty = True
            t0 = time.perf_counter()
            store.flush()
            row("store file written (with the queue index)", [time.perf_counter() - t0])
            t0 = time.perf_counter()
            reopened = MemoryStore(store.path)
            row("store file read (the queue index restored)", [time.perf_counter() - t0])
            spent, _ = _timed(args.queries, lambda _i: queue(reopened, limit=50))
            row("queue (index), first page after the reload", spent)
            store.path = None
    if not args.no_before:
        spent, fresh = _timed(1, lambda _i: queue_on_read(store, limit=50))
        same = [x.target for x in fresh.items] == [x.target for x in queue(store, limit=50).items]
        row(f"queue on read (before), whole graph ({fresh.total:,} open; same page: {same})", spent)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transfers", type=int, default=1_000_000)
    parser.add_argument("--neo4j-transfers", type=int, default=100_000)
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--stores", default="memory,neo4j")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--no-before", action="store_true", help="skip the whole-graph queue computed on read")
    parser.add_argument("--reload", action="store_true", help="embedded store: save it and read it back")
    args = parser.parse_args()
    rows: list[list[str]] = []
    for kind in args.stores.split(","):
        n = args.transfers if kind == "memory" else args.neo4j_transfers
        rows += run_store(kind, n, args)
    print_table("review loop", ["store", "transfers", "what", "samples", "p50 ms", "p99 ms"], rows)


if __name__ == "__main__":
    main()
