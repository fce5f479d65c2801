"""The embedded store's file: atomic writes, reload, clear errors on a bad file."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from graph.backends import open_store
from graph.errors import InvalidInput
from graph.memory_store import MemoryStore
from graph.store import TransferFilter
from ingest.pipeline import ingest_path
from tests.conftest import shared_path
from tests.factories import states, transfer


def test_flush_then_reload_gives_the_same_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.json.gz"
    store = MemoryStore(path)
    store.upsert_actors(states("KP", "RU"))
    t = transfer("KP", "RU")
    store.upsert_transfers([t])
    store.flush()
    again = MemoryStore(path)
    assert again.counts() == store.counts()
    assert again.transfer(t.id) == t
    assert again.transfers(TransferFilter(recipient="RU")) == [t]


def test_nothing_is_written_until_flush_and_no_temp_file_is_left(tmp_path: Path) -> None:
    path = tmp_path / "g.json.gz"
    store = MemoryStore(path)
    store.upsert_actors(states("KP"))
    assert not path.exists()
    store.flush()
    # the writers' lock file stays (removing it would let two writers lock two different files)
    assert path.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["g.json.gz", "g.json.gz.lock"]


def test_a_failed_flush_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "g.json.gz"
    store = MemoryStore(path)
    store.upsert_actors(states("KP"))
    store.flush()
    before = path.read_bytes()
    store.upsert_actors(states("RU"))

    def boom(*_: object, **__: object) -> str:
        raise OSError("disk full")

    monkeypatch.setattr("graph.memory_store.json.dumps", boom)
    with pytest.raises(OSError):
        store.flush()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.json.gz", "g.json.gz.lock"]


def test_a_corrupt_file_is_a_clear_error_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "g.json.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(InvalidInput, match=str(path)):
        MemoryStore(path)
    path.write_bytes(gzip.compress(b'{"format": "something-else"}'))
    with pytest.raises(InvalidInput, match="unknown format 'something-else'"):
        MemoryStore(path)
    path.write_bytes(gzip.compress(b"[1, 2]"))
    with pytest.raises(InvalidInput, match="unknown format None"):
        MemoryStore(path)
    path.write_bytes(gzip.compress(b'{"format": "sanctions-kg/memory-store/1", "actors": ['))
    with pytest.raises(InvalidInput, match="not a sanctions-kg graph file"):
        MemoryStore(path)
    path.write_bytes(gzip.compress(b"{}" * 1000)[:40])  # a gzip stream cut short
    with pytest.raises(InvalidInput, match="not a sanctions-kg graph file"):
        MemoryStore(path)


def test_a_store_file_with_a_bad_record_names_it(tmp_path: Path) -> None:
    """The store file is validated record by record as it is read (in one pass with the JSON parsing)."""
    path = tmp_path / "g.json.gz"
    store = MemoryStore(path)
    ingest_path(store, "sipri", shared_path("data", "sipri", "excerpt-russia-imports-legacy16.csv"))
    store.close()
    doc = json.loads(gzip.decompress(path.read_bytes()))
    doc["transfers"][3]["confidence"] = 7
    path.write_bytes(gzip.compress(json.dumps(doc).encode()))
    with pytest.raises(InvalidInput, match=r"invalid record at transfers\.3\.confidence"):
        MemoryStore(path)


def test_open_store_parses_uris(tmp_path: Path) -> None:
    assert open_store(f"memory:{tmp_path / 'x.gz'}").kind == "memory"
    assert open_store("memory:").kind == "memory"
    with pytest.raises(InvalidInput, match="unknown store"):
        open_store("postgres://nope")
