"""Ingest speed of the real SIPRI registers into both stores (issue "Registers").

python -m bench.bench_ingest [--stores memory,neo4j] [--naive-rows 2000] [--naive-seconds 120] [--profile]

For each store, through `ingest.pipeline.ingest(store, parse_sipri(path), name)` exactly as `skg ingest` does:

1. the full May register (legacy16) into an empty store (after the reference regimes): parse-only time (measured
   separately), time spent inside the store's upserts, transfer edges/s, end-to-end total;
2. the same file again: must report 0 added / 0 updated transfers (idempotent re-ingest);
3. the February register (new17): updates the overlapping deals (added / updated / unchanged).

For Neo4j also, in the same run and on the same server:

* a naive loader — `store.upsert_transfers([t])` per transfer, i.e. one managed write transaction per row through
  the same code path — on the first `--naive-rows` May transfers into an emptied store (actors pre-loaded in
  batches), bounded by `--naive-seconds`, extrapolated to the whole file;
* the batched ingest again into an emptied store once the JVM is warm (the first one also pays JIT warm-up);
* the breakdown of the batched path: the client-side Python per transfer (merge_transfer + row building, no I/O)
  and the server-side write alone (graph.cypher.CREATE_TRANSFERS on pre-built rows, no read-before-write; uses
  graph.neo4j_store's private _transfer_row/_write/BATCH_SIZE, diagnostics only).

Every Neo4j row also gives the CPU seconds of the bench process and of the Neo4j JVM (from /proc), which say
where the time goes more reliably than wall time on a shared 2-core machine.

The product goal: >= 50,000 transfer edges per second into Neo4j with batching.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from bench.bench_latency import cpu_seconds, server_pid
from bench.common import neo4j_bench_store, print_table
from graph import cypher
from graph.memory_store import MemoryStore
from graph.model import Transfer, merge_transfer
from graph.store import GraphStore
from ingest.pipeline import BATCH, IngestReport, ingest, load_reference
from ingest.records import Records, Rejected
from ingest.sipri import parse_sipri

__all__ = ["main"]

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "sipri"
MAY = DATA / "trade-register-2026-05-18-legacy16.csv"
FEB = DATA / "trade-register-2026-02-12-new17.csv"
GOAL_EDGES_PER_S = 50_000


class _TimedStore:
    """Delegates to a store and adds up the seconds spent in each write method (upsert_*, delete_*, flush)."""

    _TIMED = ("upsert_actors", "upsert_sources", "upsert_regimes", "upsert_transfers", "delete_actors", "flush")

    def __init__(self, store: GraphStore, seconds: dict[str, float] | None = None) -> None:
        self._store = store
        self.seconds: dict[str, float] = dict.fromkeys(self._TIMED, 0.0) if seconds is None else seconds

    def atomic(self, work: Callable[[GraphStore], Any], records: int = 0) -> Any:
        """The store's unit of work, the writes inside it timed too."""
        return self._store.atomic(lambda inner: work(_TimedStore(inner, self.seconds)), records)  # type: ignore[arg-type]

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._store, name)
        if name not in self._TIMED:
            return attr

        def timed_call(*args: Any, **kwargs: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return attr(*args, **kwargs)
            finally:
                self.seconds[name] += time.perf_counter() - t0

        return timed_call

    @property
    def write_s(self) -> float:
        return sum(self.seconds.values())


@contextmanager
def _open(kind: str) -> Iterator[GraphStore]:
    if kind == "memory":
        yield MemoryStore(None)
    else:
        with neo4j_bench_store() as store:
            yield store


def _parse_only(path: Path) -> tuple[float, list[Records | Rejected]]:
    t0 = time.perf_counter()
    items = list(parse_sipri(path))
    return time.perf_counter() - t0, items


def _transfers(items: Sequence[Records | Rejected]) -> list[Transfer]:
    return [t for it in items if isinstance(it, Records) for t in it.transfers]


def _counts(report: IngestReport) -> str:
    w = report.transfers
    return f"{w.added:,} / {w.updated:,} / {w.unchanged:,}"


def _run_ingest(store: GraphStore, path: Path, name: str) -> tuple[IngestReport, _TimedStore, float]:
    timed = _TimedStore(store)
    t0 = time.perf_counter()
    report = ingest(timed, parse_sipri(path), name)  # duck-typed GraphStore (runtime_checkable protocol)
    return report, timed, time.perf_counter() - t0


def _naive(store: GraphStore, transfers: list[Transfer], rows: int, budget_s: float) -> tuple[int, float]:
    """One managed write transaction per transfer (store.upsert_transfers([t])): (rows done, seconds)."""
    done = 0
    t0 = time.perf_counter()
    for t in transfers[:rows]:
        store.upsert_transfers([t])
        done += 1
        if time.perf_counter() - t0 > budget_s:
            break
    return done, time.perf_counter() - t0


def _client_only(transfers: list[Transfer]) -> float:
    """Seconds of the Python work the Neo4j store does per transfer before any I/O: merge_transfer into nothing
    and build the Cypher parameter row (graph.neo4j_store._transfer_row)."""
    from graph.neo4j_store import _transfer_row

    t0 = time.perf_counter()
    for t in transfers:
        _transfer_row(merge_transfer(None, t))
    return time.perf_counter() - t0


def _server_only(store: Any, transfers: list[Transfer]) -> float:
    """Seconds to write pre-built rows with graph.cypher.CREATE_TRANSFERS (what the store runs for transfers it
    found absent) in batches of the store's BATCH_SIZE, one managed transaction per batch, into an empty
    relationship set (no read-before-write, no Python merge)."""
    from graph.neo4j_store import BATCH_SIZE, _transfer_row

    rows = [_transfer_row(merge_transfer(None, t)) for t in transfers]
    t0 = time.perf_counter()
    for i in range(0, len(rows), BATCH_SIZE):
        batch = rows[i : i + BATCH_SIZE]
        store._write(lambda tx, b=batch: tx.run(cypher.CREATE_TRANSFERS, rows=b).consume())
    return time.perf_counter() - t0


def _profiled(enabled: bool, label: str, fn: Callable[[], Any]) -> Any:
    if not enabled:
        return fn()
    prof = cProfile.Profile()
    result = prof.runcall(fn)
    print(f"\n--- cProfile: {label} (top 25 by cumulative time) ---")
    pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return result


class _Meter:
    """Wall seconds, CPU seconds of this process and of the Neo4j JVM (when known) over a block."""

    def __init__(self, server: int | None) -> None:
        self.server = server
        self.wall = self.client_cpu = 0.0
        self.server_cpu: float | None = None

    def __enter__(self) -> _Meter:
        self._t = (time.perf_counter(), cpu_seconds(), cpu_seconds(self.server) if self.server else 0.0)
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self._t[0]
        self.client_cpu = cpu_seconds() - self._t[1]
        if self.server:
            self.server_cpu = cpu_seconds(self.server) - self._t[2]

    def cpu(self) -> list[str]:
        return [f"{self.client_cpu:.2f}", f"{self.server_cpu:.2f}" if self.server_cpu is not None else "-"]


def _reset(store: GraphStore, actors: list[Any] | None) -> None:
    store.clear()
    load_reference(store)
    if actors:
        store.upsert_actors(actors)


def run(stores: list[str], naive_rows: int, naive_s: float, profile: bool) -> None:
    parse_may_s, may_items = _parse_only(MAY)
    parse_feb_s, feb_items = _parse_only(FEB)
    may_transfers = _transfers(may_items)
    may_actors = list({a.id: a for it in may_items if isinstance(it, Records) for a in it.actors}.values())
    print_table(
        "parse only (ingest.sipri.parse_sipri, materialized)",
        ["file", "records", "transfers", "rejected", "seconds", "transfers/s"],
        [
            [
                p.name,
                f"{len(items):,}",
                f"{len(_transfers(items)):,}",
                f"{sum(isinstance(i, Rejected) for i in items):,}",
                f"{s:.2f}",
                f"{len(_transfers(items)) / s:,.0f}",
            ]
            for p, s, items in ((MAY, parse_may_s, may_items), (FEB, parse_feb_s, feb_items))
        ],
    )
    first_rows: list[list[str]] = []
    again_rows: list[list[str]] = []
    naive_rows_out: list[list[str]] = []
    for kind in stores:
        with _open(kind) as store:
            pid = server_pid(store) if kind == "neo4j" else None
            load_reference(store)
            with _Meter(pid) as meter:
                report, timed, total_s = _profiled(
                    profile and kind == "neo4j", f"{kind}: ingest May", partial(_run_ingest, store, MAY, "may")
                )
            tr_s = timed.seconds["upsert_transfers"]
            added = report.transfers.added
            first_rows.append(
                [
                    kind,
                    f"{report.read:,}",
                    f"{added:,}",
                    f"{parse_may_s:.2f}",
                    f"{timed.write_s:.2f}",
                    f"{tr_s:.2f}",
                    f"{added / tr_s:,.0f}",
                    f"{added / timed.write_s:,.0f}",
                    f"{total_s:.2f}",
                    f"{report.read / total_s:,.0f}",
                    *meter.cpu(),
                ]
            )
            for label, path, expect_idle in (("May again", MAY, True), ("February", FEB, False)):
                rep, tm, secs = _run_ingest(store, path, label)
                ok = rep.transfers.added == 0 and rep.transfers.updated == 0
                again_rows.append(
                    [
                        kind,
                        f"{label} ({path.name.split('-')[-1].removesuffix('.csv')})",
                        f"{rep.read:,}",
                        _counts(rep),
                        f"{rep.actors.added:,} / {rep.actors.updated:,} / {rep.actors.unchanged:,}",
                        f"{len(rep.rejected):,}",
                        f"{secs:.2f}",
                        f"{tm.write_s:.2f}",
                        ("OK: 0 added, 0 updated" if ok else "FAIL: re-ingest changed data") if expect_idle else "-",
                    ]
                )
            if kind != "neo4j":
                continue
            n = len(may_transfers)
            # naive: the same rows, into an emptied store with the actors already there
            _reset(store, may_actors)
            with _Meter(pid) as naive:
                done, secs = _naive(store, may_transfers, naive_rows, naive_s)
            naive_rate = done / secs
            naive_rows_out.append(
                [
                    "naive: upsert_transfers([t]) per row, 1 tx per row",
                    f"{done:,} (first rows; extrapolated)",
                    f"{secs:.2f}",
                    f"{naive_rate:,.0f}",
                    f"{n / naive_rate:,.0f}",
                    "1.0x",
                    *naive.cpu(),
                ]
            )
            batched_rate = added / tr_s
            naive_rows_out.append(
                [
                    f"batched: ingest() -> upsert_transfers, {BATCH:,}/batch (cold JVM)",
                    f"{added:,}",
                    f"{tr_s:.2f}",
                    f"{batched_rate:,.0f}",
                    f"{tr_s:,.0f}",
                    f"{batched_rate / naive_rate:,.1f}x",
                    *meter.cpu(),
                ]
            )
            # the same batched ingest again into an emptied store, now that the JVM is warm
            _reset(store, None)
            with _Meter(pid) as warm:
                rep, tm, _ = _run_ingest(store, MAY, "may (warm)")
            warm_s = tm.seconds["upsert_transfers"]
            warm_rate = rep.transfers.added / warm_s
            naive_rows_out.append(
                [
                    "batched again into an emptied store (warm JVM)",
                    f"{rep.transfers.added:,}",
                    f"{warm_s:.2f}",
                    f"{warm_rate:,.0f}",
                    f"{warm_s:,.0f}",
                    f"{warm_rate / naive_rate:,.1f}x",
                    *warm.cpu(),
                ]
            )
            # breakdown of the batched path
            with _Meter(pid) as client:
                client_s = _client_only(may_transfers)
            naive_rows_out.append(
                [
                    "breakdown: client Python only (merge_transfer + row), no I/O",
                    f"{n:,}",
                    f"{client_s:.2f}",
                    f"{n / client_s:,.0f}",
                    f"{client_s:,.0f}",
                    "-",
                    *client.cpu(),
                ]
            )
            _reset(store, may_actors)
            with _Meter(pid) as server:
                server_s = _server_only(store, may_transfers)
            naive_rows_out.append(
                [
                    "breakdown: server write only (CREATE_TRANSFERS, pre-built rows)",
                    f"{n:,}",
                    f"{server_s:.2f}",
                    f"{n / server_s:,.0f}",
                    f"{server_s:,.0f}",
                    "-",
                    *server.cpu(),
                ]
            )
            best = max(batched_rate, warm_rate)
            naive_rows_out.append(
                [
                    "goal: >= 50,000 edges/s batched",
                    "",
                    "",
                    f"{GOAL_EDGES_PER_S:,}",
                    "",
                    "MEETS" if best >= GOAL_EDGES_PER_S else f"MISSES (best {best:,.0f}/s)",
                    "",
                    "",
                ]
            )
    print_table(
        f"ingest of the full May register into an empty store ({MAY.name})",
        [
            "store",
            "records read",
            "transfers added",
            "parse-only s",
            "store write s",
            "of which transfers s",
            "transfer edges/s",
            "edges/s (all writes)",
            "total s",
            "records/s total",
            "bench CPU s",
            "Neo4j CPU s",
        ],
        first_rows,
    )
    print_table(
        "re-ingest (must change nothing) and the February update (IngestReport numbers)",
        [
            "store",
            "run",
            "read",
            "transfers added / updated / unchanged",
            "actors a / u / u",
            "rejected",
            "total s",
            "store write s",
            "check",
        ],
        again_rows,
    )
    if naive_rows_out:
        print_table(
            "Neo4j: naive (one transaction per row) vs batched, May register transfers",
            ["loader", "rows", "seconds", "edges/s", "full file s", "vs naive", "bench CPU s", "Neo4j CPU s"],
            naive_rows_out,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stores", default="memory,neo4j")
    parser.add_argument("--naive-rows", type=int, default=2000, help="rows for the naive Neo4j loader")
    parser.add_argument("--naive-seconds", type=float, default=120.0, help="time bound of the naive loader")
    parser.add_argument("--profile", action="store_true", help="cProfile the batched Neo4j ingest")
    args = parser.parse_args()
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # deprecation notifications from graph/cypher.py COUNTS
    os.environ.setdefault("COLUMNS", "200")  # rich tables: do not wrap when stdout is not a terminal
    print(f"$ python -m bench.bench_ingest {' '.join(sys.argv[1:])}".rstrip())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    for p in (MAY, FEB):
        if not p.exists():
            print(f"[bench ingest] {p} not found: skipped")
            return
    run(args.stores.split(","), args.naive_rows, args.naive_seconds, args.profile)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
