"""The embedded store: a networkx.MultiDiGraph in memory, persisted atomically to one JSON file.

Nodes are actor ids (attribute `actor`), edges are transfers keyed by transfer id (attribute `transfer`), so
direction is kept and parallel transfers between two actors stay distinct. Sources and regimes are small
dictionaries beside the graph. `flush()` writes a temporary file and renames it over the old one, so a crash
never leaves a half-written graph.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import InvalidInput, StoreUnavailable
from graph.model import Actor, Regime, Source, Transfer, merge_transfer
from graph.store import TransferFilter, WriteReport, matches

__all__ = ["MemoryStore"]

_FORMAT = "sanctions-kg/memory-store/1"


class MemoryStore:
    """GraphStore on networkx. `path=None` keeps everything in memory only (tests, benchmarks)."""

    kind = "memory"

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.graph: Any = nx.MultiDiGraph()
        self._sources: dict[str, Source] = {}
        self._regimes: dict[str, Regime] = {}
        #: transfer id -> (supplier, recipient): O(1) lookup of an edge by id.
        self._edge_index: dict[str, tuple[str, str]] = {}
        self._dirty = False
        #: Bumped by every write that changes something: read caches (path projection, API answers) key on it.
        self.version = 0
        if path is not None and path.exists():
            self._load(path)

    # -- lifecycle -------------------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        """Nothing to create: the dictionaries are the indexes."""

    def ping(self) -> None:
        if self.path is not None and not self.path.parent.exists():
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailable(f"cannot create data directory {self.path.parent}: {exc}") from exc

    def close(self) -> None:
        self.flush()

    def clear(self) -> None:
        self.graph = nx.MultiDiGraph()
        self._sources.clear()
        self._regimes.clear()
        self._edge_index.clear()
        self._changed(True)

    # -- writes ----------------------------------------------------------------------------------------------

    def _changed(self, changed: bool) -> None:
        if changed:
            self._dirty = True
            self.version += 1

    def upsert_actors(self, actors: Sequence[Actor]) -> WriteReport:
        report = WriteReport()
        for actor in actors:
            old = self.graph.nodes[actor.id].get("actor") if actor.id in self.graph else None
            if report.count(actor.id, old, actor):
                self.graph.add_node(actor.id, actor=actor)
        self._changed(bool(report.changed_ids))
        return report

    def upsert_sources(self, sources: Sequence[Source]) -> WriteReport:
        return self._upsert_dict(self._sources, sources)

    def upsert_regimes(self, regimes: Sequence[Regime]) -> WriteReport:
        return self._upsert_dict(self._regimes, regimes)

    def _upsert_dict(self, table: dict[str, Any], items: Iterable[Source | Regime]) -> WriteReport:
        report = WriteReport()
        for item in items:
            if report.count(item.id, table.get(item.id), item):
                table[item.id] = item
        self._changed(bool(report.changed_ids))
        return report

    def upsert_transfers(self, transfers: Sequence[Transfer]) -> WriteReport:
        report = WriteReport()
        for incoming in transfers:
            for end in (incoming.supplier, incoming.recipient):
                if end not in self.graph:
                    raise InvalidInput(f"transfer {incoming.id}: unknown actor {end!r} (upsert actors first)")
            old = self.transfer(incoming.id)
            merged = merge_transfer(old, incoming)
            if report.count(merged.id, old, merged):
                self.graph.add_edge(merged.supplier, merged.recipient, key=merged.id, transfer=merged)
                self._edge_index[merged.id] = (merged.supplier, merged.recipient)
        self._changed(bool(report.changed_ids))
        return report

    def delete_actors(self, ids: Sequence[str]) -> int:
        removed = 0
        for actor_id in ids:
            if actor_id not in self.graph:
                continue
            for _u, _v, key in list(self.graph.in_edges(actor_id, keys=True)) + list(
                self.graph.out_edges(actor_id, keys=True)
            ):
                self._edge_index.pop(key, None)
            self.graph.remove_node(actor_id)
            removed += 1
        self._changed(removed > 0)
        return removed

    # -- reads -----------------------------------------------------------------------------------------------

    def actor(self, actor_id: str) -> Actor | None:
        if actor_id not in self.graph:
            return None
        actor: Actor = self.graph.nodes[actor_id]["actor"]
        return actor

    def actors(self, ids: Sequence[str] | None = None) -> list[Actor]:
        wanted = sorted(self.graph.nodes) if ids is None else sorted(set(ids))
        return [self.graph.nodes[i]["actor"] for i in wanted if i in self.graph]

    def source(self, source_id: str) -> Source | None:
        return self._sources.get(source_id)

    def sources(self, ids: Sequence[str]) -> list[Source]:
        return [self._sources[i] for i in sorted(set(ids)) if i in self._sources]

    def transfer(self, transfer_id: str) -> Transfer | None:
        ends = self._edge_index.get(transfer_id)
        if ends is None:
            return None
        found: Transfer = self.graph.edges[ends[0], ends[1], transfer_id]["transfer"]
        return found

    def transfers(self, flt: TransferFilter) -> list[Transfer]:
        """Cost: O(degree) when the filter names an actor, O(transfers) otherwise."""
        if flt.recipient is not None:
            edges = self.graph.in_edges(flt.recipient, data="transfer") if flt.recipient in self.graph else []
        elif flt.supplier is not None:
            edges = self.graph.out_edges(flt.supplier, data="transfer") if flt.supplier in self.graph else []
        elif flt.actor is not None:
            edges = (
                list(self.graph.in_edges(flt.actor, data="transfer"))
                + list(self.graph.out_edges(flt.actor, data="transfer"))
                if flt.actor in self.graph
                else []
            )
        else:
            edges = self.graph.edges(data="transfer")
        found = sorted(
            (t for _, _, t in edges if matches(t, flt)),
            key=lambda t: (t.date_from is None, t.date_from, t.id),
        )
        # an actor's transfers to itself would appear twice in the in+out union
        if flt.actor is not None:
            found = list({t.id: t for t in found}.values())
        return found[: flt.limit] if flt.limit is not None else found

    def paths(
        self, source: str, target: str, max_hops: int, flt: TransferFilter, limit: int
    ) -> list[tuple[str, ...]]:
        """Cost: O(transfers) to project the actor graph under the filter, then a bounded simple-path search."""
        if source not in self.graph or target not in self.graph:
            return []
        hop_filter = replace(flt, recipient=None, supplier=None, actor=None, limit=None)
        pairs: Any = nx.DiGraph()
        pairs.add_edges_from(
            (u, v) for u, v, t in self.graph.edges(data="transfer") if matches(t, hop_filter)
        )
        if source not in pairs or target not in pairs:
            return []
        found: list[tuple[str, ...]] = []
        for hops in range(
            1, max_hops + 1
        ):  # iterative deepening, like the Neo4j store: shortest chains first
            exact = (
                tuple(p)
                for p in nx.all_simple_paths(pairs, source, target, cutoff=hops)
                if len(p) == hops + 1
            )
            found += sorted(islice(exact, limit - len(found)))
            if len(found) >= limit:
                break
        return found

    def regimes(self) -> list[Regime]:
        return [self._regimes[k] for k in sorted(self._regimes)]

    def counts(self) -> dict[str, int]:
        return {
            "actors": self.graph.number_of_nodes(),
            "transfers": self.graph.number_of_edges(),
            "sources": len(self._sources),
            "regimes": len(self._regimes),
        }

    # -- persistence -----------------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the whole graph to `path` atomically (temp file + rename). No-op if nothing changed."""
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        doc = {
            "format": _FORMAT,
            "actors": [a.model_dump(mode="json") for a in self.actors()],
            "sources": [s.model_dump(mode="json") for s in self._sources.values()],
            "regimes": [r.model_dump(mode="json") for r in self.regimes()],
            "transfers": [
                t.model_dump(
                    mode="json",
                    exclude={"date_from", "date_to", "first_reported", "source_ids", "source_kinds"},
                )
                for _, _, t in self.graph.edges(data="transfer")
            ],
        }
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=3) as out:
                out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = False

    def _load(self, path: Path) -> None:
        try:
            with gzip.open(path, "rb") as raw:
                doc = json.loads(raw.read().decode("utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidInput(f"{path}: not a sanctions-kg graph file ({exc})") from exc
        if doc.get("format") != _FORMAT:
            raise InvalidInput(f"{path}: unknown format {doc.get('format')!r}, expected {_FORMAT!r}")
        for a in doc["actors"]:
            actor = Actor.model_validate(a)
            self.graph.add_node(actor.id, actor=actor)
        self._sources = {s["id"]: Source.model_validate(s) for s in doc["sources"]}
        self._regimes = {r["id"]: Regime.model_validate(r) for r in doc["regimes"]}
        for t in doc["transfers"]:
            transfer = Transfer.model_validate(t)
            self.graph.add_edge(transfer.supplier, transfer.recipient, key=transfer.id, transfer=transfer)
            self._edge_index[transfer.id] = (transfer.supplier, transfer.recipient)
