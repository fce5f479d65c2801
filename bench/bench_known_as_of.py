"""The cost of `known_as_of` on "who supplies X" (issue 16), both stores.

python -m bench.bench_known_as_of [--transfers 100000] [--neo4j-transfers 20000] [--stores memory,neo4j]
                                  [--queries 200] [--decisions 0]

Graph: bench.synthetic (250 states, 5,000 groups, heavy-tailed), each transfer's evidence given an ingest day spread
over 2020-2025 and a publication day up to 30 days earlier; 5 % of the transfers are then revised by a later
report (another quantity, ingested in 2025: a Revision is kept). Per store, graph.queries.suppliers with its
defaults over --queries random states and random actors, plain and with known_as_of=2023-01-01, after a warm-up;
p50 and p99 in ms. The plain question uses the store's own aggregates (Neo4j: per-pair aggregates; embedded: the
column index); the known_as_of one reads the recipient's transfers, projects each one (graph/known_as_of.py)
and tallies them in Python, so its cost grows with the recipient's in-degree. `--decisions N` first records N
reviewers' decisions (accept or reject, dated in 2022) on random transfers: the view then reads the decisions once
per question and applies those of its day to the transfers they concern.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from bench.common import neo4j_bench_store, percentiles, print_table, timed
from bench.synthetic import synthetic_actors, synthetic_transfers
from graph.decisions import new_decision
from graph.memory_store import MemoryStore
from graph.model import Quantity, Transfer
from graph.queries import suppliers
from graph.store import GraphStore
from ingest.pipeline import load_reference

__all__ = ["main"]

BATCH = 5000
KNOWN = date(2023, 1, 1)
FIRST = date(2020, 1, 1)


def _dated(transfers: Iterator[Transfer], seed: int = 11) -> Iterator[Transfer]:
    rng = random.Random(seed)
    for t in transfers:
        ingested = FIRST + timedelta(days=rng.randint(0, 6 * 365))
        reported = ingested - timedelta(days=rng.randint(0, 30))
        evidence = tuple(e.model_copy(update={"ingested": ingested, "reported": reported}) for e in t.evidence)
        yield t.model_copy(update={"evidence": evidence})


def _revisions(transfers: list[Transfer], seed: int = 13) -> list[Transfer]:
    """A later report of 5 % of them: same evidence key, another figure, ingested in 2025."""
    rng = random.Random(seed)
    out = []
    for t in rng.sample(transfers, len(transfers) // 20):
        day = date(2025, 1, 1) + timedelta(days=rng.randint(0, 300))
        e = t.evidence[0].model_copy(update={"quote": t.evidence[0].quote + " (revised)", "ingested": day})
        out.append(t.model_copy(update={"evidence": (e,), "quantity": Quantity(low=float(rng.randint(1, 500)))}))
    return out


def _decide(store: GraphStore, transfers: list[Transfer], n: int, seed: int = 17) -> None:
    """`n` accept/reject decisions on random transfers, made on random days of 2022."""
    rng = random.Random(seed)
    made = []
    for t in rng.sample(transfers, n):
        kind = rng.choice(("accept", "reject"))
        at = datetime(2022, rng.randint(1, 12), rng.randint(1, 28), 12, tzinfo=UTC)
        made.append(new_decision(kind, t.id, "bench", at=at, reason="wrong_item" if kind == "reject" else None))
    store.add_decisions(made)


def _load(store: GraphStore, n: int, decisions: int = 0) -> tuple[list[str], list[str]]:
    actors = synthetic_actors(250, 5000)
    load_reference(store)
    store.upsert_actors(actors)
    made = list(_dated(synthetic_transfers(actors, n)))
    t0 = time.perf_counter()
    for i in range(0, len(made), BATCH):
        store.upsert_transfers(made[i : i + BATCH])
    store.upsert_transfers(_revisions(made))
    if decisions:
        _decide(store, made, decisions)
    store.flush()
    print(f"[{store.kind}] loaded {n:,} transfers (+{n // 20:,} revisions) in {time.perf_counter() - t0:.1f} s")
    ids = [a.id for a in actors]
    return ids[:250], ids


def _measure(store: GraphStore, n: int, queries: int, decisions: int = 0) -> list[list[str]]:
    states, everyone = _load(store, n, decisions)
    rng = random.Random(5)
    rows = []
    for population, pool in (("random state", states), ("random actor", everyone)):
        asked = [rng.choice(pool) for _ in range(queries)]
        for r in asked[:20]:  # warm-up
            suppliers(store, r)
            suppliers(store, r, known_as_of=KNOWN)
        plain = [timed(lambda r=r: suppliers(store, r)) for r in asked]
        known = [timed(lambda r=r: suppliers(store, r, known_as_of=KNOWN)) for r in asked]
        p50, p99 = percentiles(plain)
        k50, k99 = percentiles(known)
        figures = [f"{p50:.2f}", f"{p99:.2f}", f"{k50:.2f}", f"{k99:.2f}", f"{k50 / p50:.1f}x"]
        rows.append([store.kind, f"{n:,}", f"{decisions:,}", population, *figures])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transfers", type=int, default=100_000)
    parser.add_argument("--neo4j-transfers", type=int, default=20_000)
    parser.add_argument("--stores", default="memory,neo4j")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--decisions", type=int, default=0, help="reviewers' decisions recorded first")
    args = parser.parse_args()
    rows: list[list[str]] = []
    stores = args.stores.split(",")
    if "memory" in stores:
        rows += _measure(MemoryStore(), args.transfers, args.queries, args.decisions)
    if "neo4j" in stores:
        with neo4j_bench_store(heap="1g", pagecache="512m") as neo:
            rows += _measure(neo, args.neo4j_transfers, args.queries, args.decisions)
    print_table(
        f"suppliers: plain vs known_as_of={KNOWN} (ms)",
        ["store", "transfers", "decisions", "recipient", "p50", "p99", "known p50", "known p99", "p50 ratio"],
        rows,
    )


if __name__ == "__main__":
    main()
