"""Open the store a URI names: `memory:<path>` (embedded, the default) or `neo4j://` / `bolt://` (Neo4j)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.errors import InvalidInput
from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.settings import Settings, get_settings
from graph.store import GraphStore

__all__ = ["open_store", "opened_store"]

_NEO4J_SCHEMES = ("neo4j://", "bolt://", "neo4j+s://", "bolt+s://", "neo4j+ssc://", "bolt+ssc://")


def open_store(uri: str | None = None, settings: Settings | None = None) -> GraphStore:
    """The store for `uri` (default: SKG_STORE). Neo4j credentials come from SKG_NEO4J_USER / _PASSWORD."""
    settings = settings or get_settings()
    uri = uri or settings.store
    if uri == "memory:" or uri == "memory":
        return MemoryStore(None)
    if uri.startswith("memory:"):
        return MemoryStore(Path(uri.removeprefix("memory:")), settings.store_lock_timeout_s)
    if uri.startswith(_NEO4J_SCHEMES):
        return Neo4jStore(
            uri,
            settings.neo4j_user,
            settings.neo4j_password.get_secret_value(),
            settings.neo4j_database,
        )
    raise InvalidInput(f"unknown store {uri!r}: use memory:<path> or neo4j://host:port")


@contextmanager
def opened_store(uri: str | None = None) -> Iterator[GraphStore]:
    """`open_store(uri)`, checked reachable (ping), closed (and flushed) on leaving: one command's store."""
    store = open_store(uri)
    try:
        store.ping()
        yield store
    finally:
        store.close()
