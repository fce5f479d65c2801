"""The store an API process answers from: one consistent graph per request, uploads one at a time.

Embedded store: copy-on-write. A request reads the current `MemoryStore` object from start to end; an upload
works on a fork of it (`MemoryStore.fork`, which reloads the file under the writer lock if another process wrote
it) and, once the fork is written to disk, it replaces the current store in one assignment. So a reader sees the
graph before the upload or after it, never in between, and is never held up by it; a failed upload leaves the
served graph as it was. Chosen over a read-write lock, which would stall every reader for the whole import (a
SIPRI register takes seconds), and over per-request copies, which would cost a copy per read. The price is one
copy of the graph in memory while an upload runs.

Another process (a CLI import) may replace the store file: the next request notices it (a stat of the file)
and loads the new file before answering, so this process never answers from, nor writes over, a graph older
than the file.

Neo4j: uploads are serialized in this process; the database itself keeps concurrent writers apart. An import
is one transaction (`Neo4jStore.atomic`), so no reader sees part of it. Its COMMIT takes this process's
`ReadGate` exclusively: requests of this server compute their answers holding it shared, so no answer reads
across a commit (an answer made of several queries, some before the commit and some after), and the version an
answer carries is exactly the graph it read. The commit waits for the answers in progress (milliseconds) and
holds new ones for its own duration; the import before it holds no one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext

from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore

__all__ = ["LiveStore", "ReadGate"]


class ReadGate:
    """Many readers or one writer, the writer first: once a writer waits, new readers wait for it (50 readers
    in a loop would otherwise keep it out forever). Enter and leave on the same thread, around work that needs
    no other thread of the pool to finish (else a waiting writer and blocked readers could fill the pool)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class LiveStore:
    def __init__(self, store: GraphStore) -> None:
        self._current = store
        self._write_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self.reloads = 0
        self.gate = ReadGate()
        if isinstance(store, Neo4jStore):  # its imports commit while no answer of ours is being computed
            store.commit_gate = self.gate.exclusive

    def reading(self) -> AbstractContextManager[None]:
        """Held while an answer is computed: on Neo4j, no import of this process commits meanwhile."""
        return self.gate.reading() if isinstance(self._current, Neo4jStore) else nullcontext()

    def current(self) -> GraphStore:
        """The store to answer one request from, reloaded first if another process replaced its file. O(1) (a
        stat) unless a reload is due."""
        store = self._current
        if not isinstance(store, MemoryStore) or self._write_lock.locked():
            # during an upload of ours the writer lock keeps other processes out: the file is ours to write
            return store
        if store.changed_on_disk():
            with self._reload_lock:  # one reload; the requests that noticed meanwhile wait for it
                store = self._current
                if isinstance(store, MemoryStore) and store.changed_on_disk() and store.path is not None:
                    store = MemoryStore(store.path, store.lock_timeout_s)
                    self._current = store
                    self.reloads += 1
        return store

    @contextmanager
    def writing(self) -> Iterator[GraphStore]:
        """The store an upload writes to. One upload at a time; on the embedded store a fork that readers see only
        once it is complete and on disk, and that is dropped if the upload fails."""
        with self._write_lock:
            base = self._current  # a fork of an outdated graph reloads the file under the writer lock
            if not isinstance(base, MemoryStore):
                yield base
                return
            base.flush()  # changes made to it directly (tests, the demo) go to disk first, and its lock with them
            fork = base.fork()
            try:
                yield fork
                fork.flush()  # the pipeline flushed already; this releases the writer lock either way
            except BaseException:
                fork.release()
                raise
            self._current = fork
