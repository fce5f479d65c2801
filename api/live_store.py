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

Neo4j: uploads are serialized in this process; the database itself keeps concurrent writers apart.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from graph.memory_store import MemoryStore
from graph.store import GraphStore

__all__ = ["LiveStore"]


class LiveStore:
    def __init__(self, store: GraphStore) -> None:
        self._current = store
        self._write_lock = threading.Lock()
        self._reload_lock = threading.Lock()
        self.reloads = 0

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
