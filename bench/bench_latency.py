"""Query latency on a large synthetic graph, both stores (issue "Path queries").

python -m bench.bench_latency [--transfers 1000000] [--neo4j-transfers 0] [--neo4j-uri URI] [--stores memory,neo4j]
                              [--queries 200] [--warmup 3000] [--paths 50] [--paths-budget 180] [--path-timeout 30]
                              [--profile]

Graph: bench.synthetic — synthetic_actors(250, 5000) and synthetic_transfers(actors, N), seeded, so a smaller N
is a prefix of the 1M graph. Per store: load time (time inside upsert_transfers, batches of 5,000; generating the
Transfer objects is timed apart), RSS after loading (the bench process's growth for the embedded store, the
Neo4j JVM for Neo4j), then

* graph.queries.suppliers(store, r) with its defaults (the first page: 50 biggest suppliers with their counts and
  5 newest transfers each) over --queries random recipients, after --warmup unmeasured questions (default
  3,000, about 20 s: a Neo4j server that has just started or loaded answers its first few thousand questions
  1.5-3x slower while the JVM compiles the query operators; the bench prints the warm-up's first and last p50, so
  the figures are those of a server in service, and how far from them a fresh one starts), three populations:
  a random *state* (the 250
  heaviest actors: "who supplies Russia"), a random actor of all 5,250 (mostly small armed groups), and a random
  state with a date window and a confidence floor (since 2015, confidence >= 0.5);
* graph.queries.paths(store, a, b, max_hops=3, limit=20) over random pairs (a: random state, b: random actor),
  at most --paths samples or --paths-budget seconds per store; on Neo4j a watchdog terminates a path query after
  --path-timeout seconds (counted as a timeout, its time counted at the timeout).

After loading, the bench process freezes the garbage collector's view of the graph (gc.freeze), as api/app.py
does. Measured on this 2-core machine: 1M transfers load into Neo4j in about 3 minutes (~5,700/s; 10+ minutes
when the machine is busy) and bench.synthetic generates them in under a minute, so the default run takes ~15
minutes. --neo4j-transfers N gives Neo4j a smaller prefix (0 = the same N as --transfers); the N used is
printed in every row. --neo4j-uri URI uses a server you started instead (e.g. `skg neo4j start` with another
SKG_NEO4J_HOME): an empty one is loaded and left loaded, one holding exactly N transfers is reused as it is, so
repeated runs skip the load.
Goals: suppliers p50 <= 5 ms on Neo4j and <= 1 ms embedded.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import logging
import os
import pstats
import random
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any

from bench.common import BENCH_PASSWORD, neo4j_bench_store, percentiles, print_table
from bench.synthetic import synthetic_actors, synthetic_transfers
from graph.errors import InvalidQuery
from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.queries import paths, suppliers
from graph.store import GraphStore
from ingest.pipeline import load_reference

__all__ = ["cpu_seconds", "main", "rss_bytes", "server_pid"]

BATCH = 5000
STATES, NON_STATE = 250, 5000
GOAL_P50_MS = {"memory": 1.0, "neo4j": 5.0}

# Admin statements for the bench watchdog only (not product queries, so not in graph/cypher.py): find the
# running path query on the bench's own throwaway server and terminate it.
_ADMIN_FIND_TX = (
    "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE currentQuery CONTAINS $marker RETURN transactionId"
)
_ADMIN_TERMINATE_TX = "TERMINATE TRANSACTIONS $ids"
_PATHS_MARKER = "] AS actors"  # every path statement of graph/cypher.py ends its RETURN so


# -- process facts from /proc (no psutil dependency) ------------------------------------------------------------


def rss_bytes(pid: int | None = None) -> int:
    """Resident set size of a process (default: this one), from /proc/<pid>/status."""
    with open(f"/proc/{pid or os.getpid()}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU seconds a process has used so far (/proc/<pid>/stat)."""
    with open(f"/proc/{pid or os.getpid()}/stat", encoding="ascii") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid(store: Any) -> int | None:
    """The pid of the process listening on the Neo4j store's Bolt port (the bench's own JVM), or None."""
    port = int(str(store.uri).rsplit(":", 1)[1])
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as f:
                next(f)
                for line in f:
                    parts = line.split()
                    if parts[3] == "0A" and int(parts[1].rsplit(":", 1)[1], 16) == port:  # LISTEN
                        inodes.add(f"socket:[{parts[9]}]")
        except OSError:
            continue
    for pid_dir in Path("/proc").iterdir():
        if not pid_dir.name.isdigit():
            continue
        try:
            for fd in (pid_dir / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(pid_dir.name)
        except OSError:
            continue
    return None


# -- helpers -------------------------------------------------------------------------------------------------------


@contextmanager
def _open(kind: str, args: argparse.Namespace) -> Iterator[GraphStore]:
    if kind == "memory":
        yield MemoryStore(None)
    elif args.neo4j_uri:
        store = Neo4jStore(args.neo4j_uri, "neo4j", os.environ.get("SKG_NEO4J_PASSWORD", BENCH_PASSWORD))
        try:
            store.ensure_schema()
            yield store
        finally:
            store.close()
    else:
        with neo4j_bench_store(heap=args.heap, pagecache=args.pagecache) as store:
            yield store


def _loaded(store: GraphStore, actors: list[Any], n: int) -> tuple[float, float] | None:
    """Load the graph: (generate s, load s), or None when a server from --neo4j-uri already holds it."""
    held = store.counts()["transfers"]
    if held == n:
        return None
    if held:
        raise SystemExit(f"{store.kind} holds {held:,} transfers: expected none (to load {n:,}) or exactly {n:,}")
    load_reference(store)
    store.upsert_actors(actors)
    return _load(store, actors, n)


def _load(store: GraphStore, actors: list[Any], n: int) -> tuple[float, float]:
    """(seconds generating Transfer objects, seconds inside store.upsert_transfers)."""
    gen_s = load_s = 0.0
    stream = synthetic_transfers(actors, n)
    done = 0
    while done < n:
        t0 = time.perf_counter()
        batch = list(islice(stream, BATCH))
        t1 = time.perf_counter()
        if not batch:
            break
        store.upsert_transfers(batch)
        t2 = time.perf_counter()
        gen_s += t1 - t0
        load_s += t2 - t1
        done += len(batch)
        if done % 100_000 == 0:
            print(f"  [{store.kind}] {done:,} transfers: generate {gen_s:.0f} s, load {load_s:.0f} s", flush=True)
    return gen_s, load_s


def _with_deadline(store: Any, fn: Callable[[], Any], timeout_s: float) -> tuple[Any, bool]:
    """Run fn; on Neo4j terminate the path query if it runs longer than timeout_s. (result, timed_out)."""
    if store.kind != "neo4j":
        return fn(), False
    done = threading.Event()
    fired = threading.Event()

    def watchdog() -> None:
        while not done.wait(timeout_s):
            fired.set()
            with store.driver.session() as session:
                ids = [r["transactionId"] for r in session.run(_ADMIN_FIND_TX, marker=_PATHS_MARKER)]
                if ids:
                    session.run(_ADMIN_TERMINATE_TX, ids=ids).consume()

    thread = threading.Thread(target=watchdog, daemon=True)
    thread.start()
    try:
        return fn(), False
    except InvalidQuery:
        if fired.is_set():
            return None, True
        raise
    finally:
        done.set()
        thread.join()


def _profiled(enabled: bool, label: str, fn: Callable[[], Any]) -> Any:
    if not enabled:
        return fn()
    prof = cProfile.Profile()
    result = prof.runcall(fn)
    print(f"\n--- cProfile: {label} (top 20 by cumulative time) ---")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(20)
    return result


#: The filtered population: a date window and a confidence floor (the embedded store's non-status path).
FILTERED = {"since": date(2015, 1, 1), "min_confidence": 0.5}


def _suppliers_samples(
    store: GraphStore, pool: list[str], count: int, seed: int, warmup: int, **filters: Any
) -> tuple[list[float], list[tuple[int, int]]]:
    """Latencies of graph.queries.suppliers with its defaults (first page of 50 suppliers, 5 newest transfers
    each) over random recipients; sizes are (suppliers in all, transfers in the answer)."""
    rng = random.Random(seed)
    recipients = [rng.choice(pool) for _ in range(count)]
    warm = random.Random(seed + 100)
    warming = []
    for _ in range(warmup):  # unmeasured, on random recipients: plan cache, connection pool, the JVM's JIT
        t0 = time.perf_counter()
        suppliers(store, warm.choice(pool), **filters)
        warming.append(time.perf_counter() - t0)
    if len(warming) >= 400:  # how far from steady the store started: a fresh server is slower for a while
        first, last = percentiles(warming[:200])[0], percentiles(warming[-200:])[0]
        print(f"  warm-up of {len(warming):,}: p50 {first:.2f} ms over the first 200, {last:.2f} ms over the last 200")
    seconds, sizes = [], []
    for r in recipients:
        t0 = time.perf_counter()
        answer = suppliers(store, r, **filters)
        seconds.append(time.perf_counter() - t0)
        sizes.append((answer.total, sum(len(s.transfers) for s in answer.suppliers)))
    return seconds, sizes


def _paths_samples(
    store: GraphStore, states: list[str], everyone: list[str], count: int, budget_s: float, timeout_s: float
) -> tuple[list[float], list[int], int]:
    rng = random.Random(3)
    seconds: list[float] = []
    found: list[int] = []
    timeouts = 0
    start = time.perf_counter()
    while len(seconds) < count and time.perf_counter() - start < budget_s:
        a, b = rng.choice(states), rng.choice(everyone)
        if a == b:
            continue
        t0 = time.perf_counter()
        answer, timed_out = _with_deadline(store, partial(paths, store, a, b, max_hops=3, limit=20), timeout_s)
        seconds.append(time.perf_counter() - t0)
        found.append(len(answer.paths) if answer is not None else 0)
        timeouts += timed_out
    return seconds, found, timeouts


def _ms(samples: list[float]) -> tuple[str, str]:
    if not samples:
        return "-", "-"
    p50, p99 = percentiles(samples)
    return f"{p50:,.2f}", f"{p99:,.2f}"


def run(args: argparse.Namespace) -> list[list[str]]:
    actors = synthetic_actors(STATES, NON_STATE)
    states = [a.id for a in actors[:STATES]]
    everyone = [a.id for a in actors]
    rows = []
    for kind in args.stores.split(","):
        n = args.transfers if kind == "memory" or not args.neo4j_transfers else args.neo4j_transfers
        gc.collect()
        with _open(kind, args) as store:
            rss_before = rss_bytes()
            cpu0 = cpu_seconds()
            timings = _loaded(store, actors, n)
            client_cpu = cpu_seconds() - cpu0
            gc.collect()
            gc.freeze()  # as api/app.py does once the graph is loaded: no full collections over it
            pid = server_pid(store) if kind == "neo4j" else None
            rss = rss_bytes(pid) if pid else rss_bytes() - rss_before
            rss_label = "JVM RSS" if pid else "process RSS growth"
            if timings is None:
                load = "reused"
                print(f"[{kind}] N={n:,}: already loaded, {rss_label} {rss / 2**30:.2f} GiB", flush=True)
            else:
                gen_s, load_s = timings
                load = f"{load_s:,.1f}"
                print(
                    f"[{kind}] N={n:,}: generate {gen_s:.1f} s, load {load_s:.1f} s ({n / load_s:,.0f} transfers/s),"
                    f" bench-process CPU {client_cpu:.1f} s, {rss_label} {rss / 2**30:.2f} GiB",
                    flush=True,
                )
            sup_states, size_states = _profiled(
                args.profile,
                f"{kind}: suppliers over random states",
                partial(_suppliers_samples, store, states, args.queries, 1, args.warmup),
            )
            sup_any, size_any = _suppliers_samples(store, everyone, args.queries, 2, args.warmup)
            sup_flt, size_flt = _suppliers_samples(store, states, args.queries, 3, args.warmup, **FILTERED)
            path_s, path_found, timeouts = _profiled(
                args.profile,
                f"{kind}: 3-hop paths",
                partial(_paths_samples, store, states, everyone, args.paths, args.paths_budget, args.path_timeout),
            )
            goal = GOAL_P50_MS[kind]
            for label, samples, sizes in (
                ("suppliers (random state)", sup_states, size_states),
                ("suppliers (random actor)", sup_any, size_any),
                ("suppliers (state, since 2015, conf >= 0.5)", sup_flt, size_flt),
            ):
                p50, p99 = _ms(samples)
                rows.append(
                    [
                        kind,
                        f"{n:,}",
                        label,
                        f"{len(samples)}",
                        f"{statistics.median(s for s, _ in sizes):,.0f} suppliers, "
                        f"{statistics.median(t for _, t in sizes):,.0f} transfers shown",
                        p50,
                        p99,
                        f"p50 <= {goal:g} ms: {'MEETS' if statistics.median(samples) * 1000 <= goal else 'MISSES'}",
                        load,
                        f"{rss / 2**30:.2f} ({rss_label})",
                    ]
                )
            p50, p99 = _ms(path_s)
            rows.append(
                [
                    kind,
                    f"{n:,}",
                    "paths 3 hops, limit 20",
                    f"{len(path_s)}" + (f" ({timeouts} timed out)" if timeouts else ""),
                    f"{statistics.median(path_found) if path_found else 0:,.0f} paths",
                    p50,
                    p99,
                    "-",
                    load,
                    f"{rss / 2**30:.2f} ({rss_label})",
                ]
            )
            gc.unfreeze()
            if kind == "memory":
                store.clear()  # drop the 1M transfers before the next store
        gc.collect()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transfers", type=int, default=1_000_000)
    parser.add_argument("--neo4j-transfers", type=int, default=0, help="N for Neo4j (0: the same as --transfers)")
    parser.add_argument("--stores", default="memory,neo4j")
    parser.add_argument("--queries", type=int, default=200, help="suppliers samples per population")
    parser.add_argument(
        "--warmup", type=int, default=3000, help="unmeasured suppliers questions before each population"
    )
    parser.add_argument("--paths", type=int, default=50, help="path samples per store (at most)")
    parser.add_argument("--paths-budget", type=float, default=180.0, help="seconds of path samples per store")
    parser.add_argument("--path-timeout", type=float, default=30.0, help="Neo4j: terminate a path query after")
    parser.add_argument(
        "--neo4j-uri",
        help="use this running server instead of starting one (password: SKG_NEO4J_PASSWORD); it must hold no "
        "transfers (the bench loads them and leaves them) or exactly the bench's N (the load is skipped)",
    )
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--profile", action="store_true", help="cProfile the suppliers and paths samples")
    args = parser.parse_args()
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # deprecation notifications from graph/cypher.py COUNTS
    os.environ.setdefault("COLUMNS", "220")  # rich tables: do not wrap when stdout is not a terminal
    print(f"$ python -m bench.bench_latency {' '.join(sys.argv[1:])}".rstrip())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    rows = run(args)
    print_table(
        f"query latency, synthetic graph ({STATES} states + {NON_STATE:,} non-state actors; ms)",
        [
            "store",
            "transfers",
            "query",
            "samples",
            "median answer",
            "p50 ms",
            "p99 ms",
            "goal",
            "load s",
            "RSS GiB",
        ],
        rows,
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
