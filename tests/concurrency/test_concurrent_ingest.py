"""Two `skg ingest` processes on one store at once end with the union: the same graph as the two in sequence.

Issue 12: before the store lock, each process loaded the file, imported, and wrote its own view over the other's
(12 of 12 trials lost up to 1,504 transfers or 879 actors). These run real processes on the real files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.memory_store import MemoryStore
from graph.store import GraphStore
from ingest.pipeline import ingest_path
from tests.concurrency.conftest import content, file_content, finish, start_ingest
from tests.conftest import shared_path

Job = tuple[str, tuple[str, ...]]

SIPRI_FEB: Job = ("sipri", ("data", "sipri", "trade-register-2026-02-12-new17.csv"))
SIPRI_MAY: Job = ("sipri", ("data", "sipri", "trade-register-2026-05-18-legacy16.csv"))
SIPRI_EXCERPT: Job = ("sipri", ("data", "sipri", "excerpt-russia-iran-dprk-belarus-new17.csv"))
UN_LIST: Job = ("un-list", ("data", "sanctions", "un-consolidated-2025-08-02.xml"))
FTM_DELTA: Job = ("ftm", ("data", "sanctions", "opensanctions-delta-2024-06.json"))


def sequential(store: GraphStore, *jobs: Job) -> dict[str, dict[str, str]]:
    for kind, parts in jobs:
        ingest_path(store, kind, shared_path(*parts))
    return content(store)


def assert_union(result: dict[str, dict[str, str]], *jobs: Job) -> None:
    """The store equals the jobs run in sequence, in their order or the reverse (an order could matter: a newer
    export updates deals; only two registers of one kind can depend on each other's order)."""
    expected = sequential(MemoryStore(None), *jobs)
    if result != expected:
        expected = sequential(MemoryStore(None), *reversed(jobs))
    assert {k: len(v) for k, v in result.items()} == {k: len(v) for k, v in expected.items()}
    assert result == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [(SIPRI_FEB, SIPRI_MAY), (UN_LIST, FTM_DELTA), (SIPRI_EXCERPT, UN_LIST)],
    ids=["two-sipri-exports", "un-list+ftm-delta", "sipri+un-list"],
)
def test_two_ingests_at_once_equal_the_two_in_sequence(first: Job, second: Job, tmp_path: Path) -> None:
    path = tmp_path / "graph.json.gz"
    procs = [start_ingest(f"memory:{path}", kind, shared_path(*parts)) for kind, parts in (first, second)]
    reports = [finish(p) for p in procs]
    assert all(r["read"] > 0 for r in reports)
    assert_union(file_content(path), first, second)


def test_the_union_holds_every_time(tmp_path: Path) -> None:
    """The quick pair, five times over on fresh stores: no trial may lose a write."""
    expected = sequential(MemoryStore(None), UN_LIST, FTM_DELTA)
    for trial in range(5):
        path = tmp_path / f"graph-{trial}.json.gz"
        procs = [start_ingest(f"memory:{path}", kind, shared_path(*parts)) for kind, parts in (UN_LIST, FTM_DELTA)]
        for p in procs:
            finish(p)
        result = file_content(path)
        if result != expected:
            expected = sequential(MemoryStore(None), FTM_DELTA, UN_LIST)
        assert result == expected, f"trial {trial}"


def test_a_writer_that_waits_too_long_fails_cleanly_naming_the_holder(tmp_path: Path) -> None:
    """A second writer gives up after SKG_STORE_LOCK_TIMEOUT_S with exit 1, names who holds the lock, and the file
    keeps the first writer's graph."""
    from graph.store_lock import StoreLock

    path = tmp_path / "graph.json.gz"
    holder = StoreLock(path)
    holder.acquire(0)
    try:
        proc = start_ingest(
            f"memory:{path}", "sipri", shared_path(*SIPRI_EXCERPT[1]), SKG_STORE_LOCK_TIMEOUT_S="1"
        )
        _out, err = proc.communicate(timeout=300)
    finally:
        holder.release()
    assert proc.returncode == 1
    assert "another writer holds the store lock" in err and "pid " in err and "Traceback" not in err
    assert not path.exists()  # nothing written
