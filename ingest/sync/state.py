"""Per-source sync state, stored with the graph so that a sync killed at any moment resumes where it stopped.

A `SourceState` holds the feed's or file's HTTP validators (ETag, Last-Modified), the FtM delta version cursor,
the last attempt and last success, and for article sources the URLs and normalized-text hashes already ingested
(dedupe) and the items that failed transiently (retried next time, up to `MAX_ITEM_TRIES`).

The runner writes the state only after the store has committed what it describes: a kill before the write
loses nothing (the work is redone, and upserts are idempotent), so nothing is lost or doubled. HTTP validators
are saved only once a whole document has been processed, or a resumed run would get 304 and skip the rest.

`revision` grows by one with every save of a source's state: a change feed can later record, per revision,
what that commit changed (the runner reports each commit through `on_commit`).

Where it lives: the embedded store keeps it in a sidecar JSON file beside the graph file (`graph.json.gz` →
`graph.json.gz.sync.json`), written atomically (temp file + rename) under an exclusive file lock; Neo4j keeps
one `(:SyncState {source})` node per source (graph/cypher.py). A store kept only in memory keeps it in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, Field

from graph import cypher
from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.settings import get_settings
from graph.store import GraphStore
from graph.store_lock import StoreLock

__all__ = [
    "MAX_ITEM_TRIES",
    "FileStateStore",
    "MemoryStateStore",
    "Neo4jStateStore",
    "SourceState",
    "StateStore",
    "normalize_url",
    "state_store_for",
    "text_hash",
]

#: An article that failed this many syncs in a row is given up (reported, then no longer retried).
MAX_ITEM_TRIES = 3

_SPACE = re.compile(r"\s+")
_TRACKING = ("utm_", "fbclid", "gclid")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def normalize_url(url: str) -> str:
    """The dedupe key of an article URL: lower-case scheme and host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    query = "&".join(p for p in parts.query.split("&") if p and not p.lower().startswith(_TRACKING))
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def text_hash(text: str) -> str:
    """The dedupe key of an article's text: NFKC, case-folded, whitespace collapsed; so a re-published copy
    with other markup or spacing is the same text."""
    normalized = _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:32]


class SourceState(BaseModel):
    source: str
    revision: int = 0
    etag: str | None = None
    last_modified: str | None = None
    #: FtM: the last delta version applied. SIPRI / UN list: sha256 of the last file ingested.
    cursor: str | None = None
    last_attempt: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    seen_urls: set[str] = Field(default_factory=set)
    seen_hashes: set[str] = Field(default_factory=set)
    #: url → number of syncs it failed in (transient failures), retried next sync.
    pending: dict[str, int] = Field(default_factory=dict)
    #: url → reason, for items given up: not retried.
    failed: dict[str, str] = Field(default_factory=dict)

    def to_json(self) -> str:
        data: dict[str, Any] = self.model_dump(mode="json")
        data["seen_urls"] = sorted(self.seen_urls)
        data["seen_hashes"] = sorted(self.seen_hashes)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


class StateStore(Protocol):
    def load(self, source: str) -> SourceState: ...

    def save(self, state: SourceState) -> None:
        """Persist `state` (its `revision` is bumped first) durably before returning."""

    def all(self) -> list[SourceState]: ...


class MemoryStateStore:
    """For a store kept only in memory (tests, `memory:`)."""

    def __init__(self) -> None:
        self._states: dict[str, str] = {}
        self._lock = threading.Lock()

    def load(self, source: str) -> SourceState:
        with self._lock:
            raw = self._states.get(source)
        return SourceState.model_validate_json(raw) if raw else SourceState(source=source)

    def save(self, state: SourceState) -> None:
        state.revision += 1
        with self._lock:
            self._states[state.source] = state.to_json()

    def all(self) -> list[SourceState]:
        with self._lock:
            raws = list(self._states.values())
        return [SourceState.model_validate_json(r) for r in raws]


class FileStateStore:
    """A JSON sidecar file: {"version": 1, "sources": {name: state}}, rewritten whole, atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._thread_lock = threading.Lock()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        # One writer at a time across processes (skg sync and a server's scheduler on the same graph), with the
        # store's own lock (graph/store_lock.py): it waits SKG_STORE_LOCK_TIMEOUT_S, then names the holder.
        with self._thread_lock:
            lock = StoreLock(self.path)
            lock.acquire(get_settings().store_lock_timeout_s)
            try:
                yield
            finally:
                lock.release()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        sources = data.get("sources") if isinstance(data, dict) else None
        return sources if isinstance(sources, dict) else {}

    def load(self, source: str) -> SourceState:
        raw = self._read().get(source)
        return SourceState.model_validate(raw) if raw else SourceState(source=source)

    def save(self, state: SourceState) -> None:
        with self._locked():
            sources = self._read()
            state.revision += 1
            sources[state.source] = json.loads(state.to_json())
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"version": 1, "sources": sources}, fh, ensure_ascii=False, separators=(",", ":"))
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def all(self) -> list[SourceState]:
        return [SourceState.model_validate(v) for v in self._read().values()]


class Neo4jStateStore:
    """One `(:SyncState {source})` node per source, in the graph's database."""

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store
        with store.driver.session(database=store.database) as session:
            session.run(cypher.SYNC_STATE_CONSTRAINT).consume()

    def load(self, source: str) -> SourceState:
        with self._store.driver.session(database=self._store.database) as session:
            record = session.run(cypher.SYNC_STATE_GET, source=source).single()
        if record is None or record["json"] is None:
            return SourceState(source=source)
        return SourceState.model_validate_json(record["json"])

    def save(self, state: SourceState) -> None:
        state.revision += 1
        with self._store.driver.session(database=self._store.database) as session:
            session.execute_write(
                lambda tx: tx.run(
                    cypher.SYNC_STATE_PUT,
                    source=state.source,
                    json=state.to_json(),
                    revision=state.revision,
                    updated=now(),
                ).consume()
            )

    def all(self) -> list[SourceState]:
        with self._store.driver.session(database=self._store.database) as session:
            rows = list(session.run(cypher.SYNC_STATE_ALL))
        return [SourceState.model_validate_json(r["json"]) for r in rows]


def sidecar_path(graph_path: Path) -> Path:
    return graph_path.with_name(graph_path.name + ".sync.json")


def state_store_for(store: GraphStore) -> StateStore:
    """Where `store` keeps its sync state."""
    if isinstance(store, Neo4jStore):
        return Neo4jStateStore(store)
    if isinstance(store, MemoryStore) and store.path is not None:
        return FileStateStore(sidecar_path(store.path))
    return MemoryStateStore()
