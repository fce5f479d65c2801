"""The change feed under concurrent writers: separate processes, each with its own store object (its own file
handle and lock on the embedded store, its own driver on Neo4j), write small batches at once; the feed ends
numbered 1..N with no number skipped or repeated, every transfer added once, and each pair's first supplier
reported once (`supplier_added`), however the writers interleave."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graph.changes import ChangeKind
from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from tests.conftest import REPO, TEST_PASSWORD
from tests.factories import states

WRITERS = 4
BATCHES = 12

#: One writer: BATCHES writes of two new transfers and one more report of a transfer of its own, flushed each time.
_WRITER = """
import sys
from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from tests.factories import transfer
from graph.vocab import WeaponCategory

uri, name, batches = sys.argv[1], sys.argv[2], int(sys.argv[3])
if uri.startswith("bolt"):
    store = Neo4jStore(uri, "neo4j", sys.argv[4])
else:
    store = MemoryStore(__import__("pathlib").Path(uri), 120.0)
cats = list(WeaponCategory)
for i in range(batches):
    a = transfer("KP", "RU", cats[i % len(cats)], when=f"{1990 + i}-01", source=f"{name}-{i}")
    b = transfer("FR", "DE", cats[i % len(cats)], when=f"{1990 + i}-02", source=f"{name}-{i}")
    # ids of their own: each writer's transfers are its own, plus one shared transfer all of them report
    a = a.model_copy(update={"id": f"tr-{name}-a{i}"})
    b = b.model_copy(update={"id": f"tr-{name}-b{i}"})
    shared = transfer("KP", "RU", when="2023-09", source=f"{name}-{i}", start=100 + i)
    store.upsert_transfers([a, b, shared])
    store.flush()
store.close()
"""


def _run_writers(uri: str, *extra: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, uri, f"w{n}", str(BATCHES), *extra],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-3000:]


def _assert_feed(store: GraphStore, start: int) -> None:
    changes = store.changes(start, limit=100_000)
    seqs = [c.seq for c in changes]
    assert seqs == list(range(start + 1, start + 1 + len(changes)))  # nothing skipped, nothing repeated
    assert store.last_change_seq() == start + len(changes)
    added = [c.subjects[0] for c in changes if c.kind is ChangeKind.TRANSFER_ADDED]
    own = sorted(f"tr-w{n}-{x}{i}" for n in range(WRITERS) for i in range(BATCHES) for x in "ab")
    assert sorted(a for a in added if a.startswith("tr-w")) == own
    # the shared transfer: added once, then one evidence_added per other report
    shared = [a for a in added if not a.startswith("tr-w")]
    assert len(shared) == 1
    more = [c for c in changes if c.kind is ChangeKind.EVIDENCE_ADDED and c.subjects == (shared[0],)]
    assert len(more) == WRITERS * BATCHES - 1
    # each pair gets its first supplier once, whichever writer came first: "new supplier" watches fire once
    firsts = sorted((c.supplier, c.recipient) for c in changes if c.kind is ChangeKind.SUPPLIER_ADDED)
    assert firsts == [("FR", "DE"), ("KP", "RU")]


def _prepare(store: GraphStore) -> int:
    store.upsert_actors(states("KP", "RU", "FR", "DE"))
    store.flush()
    return store.last_change_seq()


def test_concurrent_processes_on_the_embedded_store(tmp_path: Path) -> None:
    path = tmp_path / "graph.json.gz"
    store = MemoryStore(path)
    start = _prepare(store)
    store.close()
    _run_writers(str(path))
    _assert_feed(MemoryStore(path), start)


def test_concurrent_clients_on_neo4j(neo4j_store: Neo4jStore) -> None:
    start = _prepare(neo4j_store)
    _run_writers(neo4j_store.uri, TEST_PASSWORD)
    _assert_feed(neo4j_store, start)
