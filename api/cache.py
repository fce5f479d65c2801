"""Serialized answers of read endpoints, kept until the store changes.

The graph is read far more than it is written, and a popular question ("who supplies Russia") is asked again and
again: each answer is stored as the JSON bytes sent, keyed on the endpoint, its normalized query string and the
store's `version` (bumped by every write through this process, so a write is seen at once). Entries also expire
after `ttl_s`, since another process may write to a shared Neo4j database. Bounded LRU; thread-safe, because
FastAPI runs sync routes in a thread pool.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import nullcontext

from fastapi import Request, Response
from pydantic import BaseModel

from api.live_store import LiveStore
from graph.store import GraphStore

__all__ = ["AnswerCache", "json_answer", "version_headers"]

JSON = "application/json"


class AnswerCache:
    def __init__(self, size: int, ttl_s: float) -> None:
        self.size = size
        self.ttl_s = ttl_s
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[tuple[str, int], tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, version: int) -> bytes | None:
        with self._lock:
            entry = self._entries.get((key, version))
            if entry is None or time.monotonic() - entry[0] > self.ttl_s:
                self.misses += 1
                return None
            self._entries.move_to_end((key, version))
            self.hits += 1
            return entry[1]

    def put(self, key: str, version: int, body: bytes) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[(key, version)] = (time.monotonic(), body)
            self._entries.move_to_end((key, version))
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def _key(request: Request) -> str:
    # the same question asked with its parameters in another order is the same answer
    return request.url.path + "?" + "&".join(sorted(f"{k}={v}" for k, v in request.query_params.multi_items()))


def json_answer(request: Request, store: GraphStore, compute: Callable[[], BaseModel]) -> Response:
    """The answer as JSON bytes: from the app's cache when the same question met the same store version, else
    computed, serialized once (pydantic's serializer, not FastAPI's validate-then-serialize) and cached."""
    cache: AnswerCache | None = getattr(request.app.state, "answer_cache", None)
    live: LiveStore | None = getattr(request.app.state, "live", None)
    key = _key(request)
    version = store.version  # read before computing: a write meanwhile makes this entry unreachable, not wrong
    if cache is not None and (body := cache.get(key, version)) is not None:
        # the graph of `version`: served even while an import commits (Neo4j bumps the version with its commit)
        return Response(body, media_type=JSON, headers=version_headers(store, version))
    # on Neo4j no import of this process commits while the gate is held (api/live_store.py): the version and
    # the answer are of the same graph
    with live.reading() if live is not None else nullcontext():
        version = store.version
        body = compute().model_dump_json().encode()
    if cache is not None:
        cache.put(key, version, body)
    return Response(body, media_type=JSON, headers=version_headers(store, version))


def version_headers(store: GraphStore, version: int) -> dict[str, str]:
    """The graph version an answer was computed on. On the embedded store a request reads one unchanging
    snapshot (api/live_store.py), so an answer is exactly the graph of that version; on Neo4j the version counts
    this process's writes only."""
    return {"X-Store-Version": str(version), "ETag": f'W/"{store.kind}-{version}"'}
