"""Where watch-lists and their deliveries live, beside the graph: a sidecar JSON file next to the embedded
store's file (`graph.json.gz` → `graph.json.gz.watches.json`, rewritten atomically under the store's lock),
`(:Watch)` and `(:WatchDelivery)` nodes in Neo4j, plain dictionaries for a store kept in memory."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from neo4j.exceptions import ServiceUnavailable, SessionExpired

from graph import cypher
from graph.errors import StoreUnavailable
from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.settings import get_settings
from graph.store import GraphStore
from graph.store_lock import StoreLock
from graph.watches import Delivery, Watch

__all__ = ["FileWatchStore", "MemoryWatchStore", "Neo4jWatchStore", "WatchStore", "watch_store_for"]

#: Deliveries kept per watch in the sidecar file (the newest).
KEPT_DELIVERIES = 1000


class WatchStore(Protocol):
    def all(self) -> list[Watch]: ...

    def get(self, watch_id: str) -> Watch | None: ...

    def put(self, watch: Watch) -> None:
        """Create or replace a watch, durably before returning."""

    def delete(self, watch_id: str) -> bool:
        """Remove a watch and its deliveries; False if there was none."""
        ...

    def update(self, watch: Watch) -> None:
        """Replace a watch that still exists (a watch deleted meanwhile stays deleted)."""

    def put_delivery(self, delivery: Delivery, watch: Watch | None = None) -> None:
        """Record a delivery's latest state (and update the watch, in the same write, when given)."""

    def deliveries(self, watch_id: str, limit: int = 100) -> list[Delivery]:
        """The newest deliveries of a watch first."""
        ...


class MemoryWatchStore:
    def __init__(self) -> None:
        self._data: dict[str, Any] = {"watches": {}, "deliveries": {}}
        self._lock = threading.Lock()

    @contextmanager
    def _editing(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            yield self._data

    def _snapshot(self) -> dict[str, Any]:
        with self._lock:
            return self._data

    def all(self) -> list[Watch]:
        watches = self._snapshot()["watches"]
        return [Watch.model_validate(watches[k]) for k in sorted(watches)]

    def get(self, watch_id: str) -> Watch | None:
        raw = self._snapshot()["watches"].get(watch_id)
        return Watch.model_validate(raw) if raw else None

    def put(self, watch: Watch) -> None:
        with self._editing() as data:
            data["watches"][watch.id] = watch.model_dump(mode="json")

    def update(self, watch: Watch) -> None:
        with self._editing() as data:
            if watch.id in data["watches"]:
                data["watches"][watch.id] = watch.model_dump(mode="json")

    def delete(self, watch_id: str) -> bool:
        with self._editing() as data:
            data["deliveries"].pop(watch_id, None)
            return data["watches"].pop(watch_id, None) is not None

    def put_delivery(self, delivery: Delivery, watch: Watch | None = None) -> None:
        with self._editing() as data:
            if delivery.watch not in data["watches"]:
                return
            kept = data["deliveries"].setdefault(delivery.watch, {})
            kept[delivery.id] = delivery.model_dump(mode="json")
            while len(kept) > KEPT_DELIVERIES:
                del kept[min(kept, key=lambda k: kept[k]["seq"])]
            if watch is not None and watch.id in data["watches"]:
                data["watches"][watch.id] = watch.model_dump(mode="json")

    def deliveries(self, watch_id: str, limit: int = 100) -> list[Delivery]:
        kept = self._snapshot()["deliveries"].get(watch_id, {})
        found = sorted(kept.values(), key=lambda d: d["seq"], reverse=True)[:limit]
        return [Delivery.model_validate(d) for d in found]


class FileWatchStore(MemoryWatchStore):
    """The same data in a JSON file, read afresh for each call and rewritten whole under the store's lock."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"watches": {}, "deliveries": {}}
        if not isinstance(data, dict) or not isinstance(data.get("watches"), dict):
            from graph.errors import InvalidInput

            raise InvalidInput(f"{self.path}: not a sanctions-kg watch file")
        data.setdefault("deliveries", {})
        return data

    def _snapshot(self) -> dict[str, Any]:
        return self._read()

    @contextmanager
    def _editing(self) -> Iterator[dict[str, Any]]:
        with self._lock:
            lock = StoreLock(self.path)
            lock.acquire(get_settings().store_lock_timeout_s)
            try:
                data = self._read()
                yield data
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".tmp")
                try:
                    with os.fdopen(fd, "w", encoding="utf-8") as fh:
                        json.dump(data, fh, ensure_ascii=False, separators=(",", ":"))
                        fh.flush()
                        os.fsync(fh.fileno())
                    os.replace(tmp, self.path)
                except BaseException:
                    Path(tmp).unlink(missing_ok=True)
                    raise
            finally:
                lock.release()


class Neo4jWatchStore:
    def __init__(self, store: Neo4jStore) -> None:
        # the constraints are made at first use: an API started while Neo4j is down must still start (and say
        # 503 on /readyz), as it does without watch-lists
        self._store = store
        self._ready = False

    def _session(self) -> Any:
        try:
            session = self._store.driver.session(database=self._store.database)
            if not self._ready:
                for statement in cypher.WATCH_SCHEMA:
                    session.run(statement).consume()
                self._ready = True
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            raise StoreUnavailable(f"Neo4j at {self._store.uri} is unavailable: {exc}") from exc
        return session

    def _run(self, query: str, **params: Any) -> list[Any]:
        with self._session() as session:
            return list(session.execute_write(lambda tx: list(tx.run(query, params))))

    def all(self) -> list[Watch]:
        return [Watch.model_validate_json(r["json"]) for r in self._run(cypher.WATCHES_ALL)]

    def get(self, watch_id: str) -> Watch | None:
        found = self._run(cypher.WATCH_GET, id=watch_id)
        return Watch.model_validate_json(found[0]["json"]) if found else None

    def put(self, watch: Watch) -> None:
        self._run(cypher.WATCH_PUT, id=watch.id, json=watch.model_dump_json())

    def update(self, watch: Watch) -> None:
        self._run(cypher.WATCH_UPDATE, id=watch.id, json=watch.model_dump_json())

    def delete(self, watch_id: str) -> bool:
        found = self._run(cypher.WATCH_DELETE, id=watch_id)
        return bool(found and found[0]["deleted"])

    def put_delivery(self, delivery: Delivery, watch: Watch | None = None) -> None:
        row = {"id": delivery.id, "watch": delivery.watch, "seq": delivery.seq, "json": delivery.model_dump_json()}

        def work(tx: Any) -> None:
            tx.run(cypher.WATCH_DELIVERY_PUT, row).consume()
            if watch is not None:
                tx.run(cypher.WATCH_UPDATE, id=watch.id, json=watch.model_dump_json()).consume()

        with self._session() as session:
            session.execute_write(work)

    def deliveries(self, watch_id: str, limit: int = 100) -> list[Delivery]:
        return [
            Delivery.model_validate_json(r["json"])
            for r in self._run(cypher.WATCH_DELIVERIES, watch=watch_id, limit=limit)
        ]


def sidecar_path(graph_path: Path) -> Path:
    return graph_path.with_name(graph_path.name + ".watches.json")


def watch_store_for(store: GraphStore) -> WatchStore:
    """Where `store` keeps its watch-lists."""
    if isinstance(store, Neo4jStore):
        return Neo4jWatchStore(store)
    if isinstance(store, MemoryStore) and store.path is not None:
        return FileWatchStore(sidecar_path(store.path))
    return MemoryWatchStore()
