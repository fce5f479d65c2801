"""Shared benchmark plumbing: timing helpers, a throwaway Neo4j server, table printing."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table

from graph import neo4j_local
from graph.neo4j_store import Neo4jStore

__all__ = ["BENCH_PASSWORD", "neo4j_bench_store", "percentiles", "print_table", "timed"]

BENCH_PASSWORD = "skg-bench-password"


def timed(fn: Callable[[], object]) -> float:
    """Seconds one call takes (perf_counter)."""
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p99) in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


@contextmanager
def neo4j_bench_store(heap: str = "2g", pagecache: str = "2g") -> Iterator[Neo4jStore]:
    """A fresh Neo4j server on free loopback ports in a temporary home, stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="skg-bench-neo4j-") as home:
        cfg = neo4j_local.Neo4jConfig(
            home=Path(home),
            bolt_port=neo4j_local.free_port(),
            http_port=neo4j_local.free_port(),
            password=BENCH_PASSWORD,
            heap=heap,
            pagecache=pagecache,
        )
        t0 = time.perf_counter()
        server = neo4j_local.start(cfg)
        Console(stderr=True).print(f"[dim]Neo4j started in {time.perf_counter() - t0:.1f} s[/]")
        store = Neo4jStore(server.bolt_uri, "neo4j", BENCH_PASSWORD)
        try:
            store.ensure_schema()
            yield store
        finally:
            store.close()
            server.stop()


def print_table(title: str, columns: list[str], rows: list[list[str]]) -> None:
    table = Table(title=title)
    for c in columns:
        table.add_column(c, justify="right")
    for r in rows:
        table.add_row(*r)
    Console(width=max(120, Console().width)).print(table)
