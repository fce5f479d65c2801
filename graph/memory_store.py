"""The embedded store: a networkx.MultiDiGraph in memory, persisted atomically to one JSON file.

Nodes are actor ids (attribute `actor`), edges are transfers keyed by transfer id (attribute `transfer`), so
direction is kept and parallel transfers between two actors stay distinct. Sources and regimes are small
dictionaries beside the graph. `flush()` writes a temporary file and renames it over the old one, so a crash
never leaves a half-written graph.

Several processes may share one file (two `skg ingest`, the API server and the CLI). A writer takes the
exclusive lock `<file>.lock` (graph/store_lock.py) at its first write and keeps it until `flush()`; on taking it,
it reloads the file if another process replaced it since this object read it, so two imports at once end as the
two in sequence. The file carries a generation (the writer's `version`), and `changed_on_disk()` tells a
long-lived reader (the API) that another process has written.
"""

from __future__ import annotations

import bisect
import gc
import gzip
import heapq
import json
import os
import tempfile
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

import networkx as nx
from pydantic import BaseModel, ConfigDict, ValidationError

from graph import change_detect
from graph.actor_merge import merge_actor
from graph.changes import Change, ChangeDraft, ChangeFilter, number
from graph.decisions import AuditEntry, Decision, DecisionKind, standing
from graph.errors import InvalidInput, StoreUnavailable
from graph.inbox import Inbox
from graph.model import Actor, Regime, Source, Transfer, merge_transfer
from graph.queries import AFFIRMATIVE
from graph.queue_index import QueueIndex
from graph.regime_history import merge_regime
from graph.review_apply import apply_reviews, copy_ids, has_copies, merge_partners, moved_copies, targets_of
from graph.review_priority import (
    Priority,
    QueueFilter,
    queue_entries,
    regimes_by_target,
    restored_entry,
    reviewed_targets,
)
from graph.rollup import RollupPage
from graph.store import GraphStore, TransferFilter, WriteReport, matches
from graph.store_lock import StoreLock

__all__ = ["MemoryStore"]

R = TypeVar("R")

_FORMAT = "sanctions-kg/memory-store/1"
#: Identity of a store file: a flush renames a new file into place, so any write by anyone changes it.
FileId = tuple[int, int, int, int]
#: Seconds a writer waits for another's lock by default (open_store passes SKG_STORE_LOCK_TIMEOUT_S).
LOCK_TIMEOUT_S = 120.0
#: Actor-pair projections kept for path queries, one per hop filter (callers use a handful of filter combinations).
_PROJECTIONS_KEPT = 4


class _PairGraph:
    """The actor graph under one hop filter: an edge u → v when at least one u → v transfer passes it."""

    __slots__ = ("_ordered", "pred", "succ")

    def __init__(self, multigraph: Any, hop_filter: TransferFilter) -> None:
        self.succ: dict[str, set[str]] = {}
        self.pred: dict[str, set[str]] = {}
        self._ordered: dict[str, list[str]] = {}
        for u, nbrs in multigraph._adj.items():
            for v, keyed in nbrs.items():
                # a transfer to oneself never lies on a simple path
                if u != v and any(matches(d["transfer"], hop_filter) for d in keyed.values()):
                    self.succ.setdefault(u, set()).add(v)
                    self.pred.setdefault(v, set()).add(u)

    def ordered_succ(self, node: str) -> list[str]:
        """Successors in id order (sorted once, on first use), so depth-first search yields paths in order."""
        found = self._ordered.get(node)
        if found is None:
            found = self._ordered[node] = sorted(self.succ.get(node, ()))
        return found

    def distances_to(self, target: str, depth: int) -> dict[str, int]:
        """Hops from each actor to `target` (backward breadth-first search), for actors at most `depth` away."""
        dist = {target: 0}
        frontier = [target]
        for level in range(1, depth + 1):
            reached = [u for v in frontier for u in self.pred.get(v, ()) if u not in dist]
            frontier = []
            for u in reached:
                if u not in dist:
                    dist[u] = level
                    frontier.append(u)
        return dist

    def exact_paths(
        self, source: str, target: str, hops: int, dist: tuple[dict[str, int], int], limit: int
    ) -> list[tuple[str, ...]]:
        """The first `limit` simple paths of exactly `hops` hops, in actor-id order. Depth-first over sorted
        successors, skipping a node further from the target than the hops left (`dist`: distances_to's answer
        and its depth; nothing is pruned beyond that depth). The last two hops are a set intersection."""
        found: list[tuple[str, ...]] = []
        if limit <= 0:
            return found
        near = self.pred.get(target, set())  # one hop from the target
        dist_to, known = dist
        path = [source]

        def walk(node: str, left: int) -> bool:  # True: limit reached
            if left == 1:
                if target in self.succ.get(node, ()):
                    found.append((*path, target))
                return len(found) >= limit
            if left == 2:
                for v in sorted(self.succ.get(node, set()) & near):
                    if v not in path:
                        found.append((*path, v, target))
                        if len(found) >= limit:
                            return True
                return False
            for v in self.ordered_succ(node):
                if v == target or v in path or (left - 1 <= known and dist_to.get(v, left) > left - 1):
                    continue
                path.append(v)
                done = walk(v, left - 1)
                path.pop()
                if done:
                    return True
            return False

        walk(source, hops)
        return found


def _oldest_first(t: Transfer) -> tuple[bool, date | None, str]:
    return (t.date_from is None, t.date_from, t.id)


class MemoryStore:
    """GraphStore on networkx. `path=None` keeps everything in memory only (tests, benchmarks)."""

    kind = "memory"

    def __init__(self, path: Path | None = None, lock_timeout_s: float = LOCK_TIMEOUT_S) -> None:
        self.path = path
        self.lock_timeout_s = lock_timeout_s
        self._lock = StoreLock(path) if path is not None else None
        #: The file this object last read or wrote (None: no file yet): a different one means another writer.
        self._file_id: FileId | None = None
        # numpy reads the columns through buffer views, and an array cannot grow while one is open: requests of
        # the API run in threads, so an upload and a question take turns on the columns
        self._columns_lock = threading.Lock()
        self._projections_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        #: Bumped by every write that changes something: read caches (path projection, API answers) key on it.
        self.version = 0
        self._reset()
        if path is not None:
            self._file_id = _file_id(path)
            if self._file_id is not None:
                self._load(path)

    def _reset(self) -> None:
        self.graph: Any = nx.MultiDiGraph()
        self._sources: dict[str, Source] = {}
        self._regimes: dict[str, Regime] = {}
        #: transfer id -> (supplier, recipient): O(1) lookup of an edge by id.
        self._edge_index: dict[str, tuple[str, str]] = {}
        #: recipient -> its incoming transfers as columns (graph/inbox.py), kept as transfers arrive, for "who
        #: supplies X"; dropped when an actor is deleted and rebuilt from the graph when next read.
        self._inboxes: dict[str, Inbox] = {}
        #: claim id (Transfer.claim_id) -> the transfer holding it; evidence never leaves a transfer, so entries
        #: only go stale when an actor's transfers are deleted (claim_transfers checks the transfer exists).
        self._claims: dict[str, str] = {}
        #: claim id -> the other transfers that held it before (a re-extraction that moved it keeps it in the old
        #: transfer too): a decision on it concerns them as well. Rare, so kept apart from `_claims`.
        self._also_held: dict[str, set[str]] = {}
        #: Reviewers' decisions by id, and the audit log, both append-only (in write order).
        self._decisions: dict[str, Decision] = {}
        self._by_target: dict[str, list[Decision]] = {}
        self._audit: dict[str, AuditEntry] = {}
        #: The change feed (graph/changes.py), oldest first, and the last seq given: numbered under the writer
        #: lock and saved in the same file as the changes, so concurrent writers never skip nor repeat a number.
        self._changes: list[Change] = []
        self._seq = 0
        #: actor id -> its changes, oldest first (the Atom feed of one actor reads these, not the whole feed)
        self._changes_by_actor: dict[str, list[Change]] = {}
        self._dirty = False
        #: (hop filter, version) -> actor-pair projection for path queries, least recently used first.
        self._projections: dict[tuple[TransferFilter, int], _PairGraph] = {}
        #: The review queue's index (graph/queue_index.py): kept by every write, saved in the file (each entry's
        #: priority and position) and restored when it is read; built at the first queue read or flush when a
        #: file has none. None: not built yet.
        self._queue: QueueIndex | None = None

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
        try:
            self.flush()
        finally:
            self.release()

    def release(self) -> None:
        """Give up the writer lock without writing (an import that failed: its object is to be dropped)."""
        if self._lock is not None:
            self._lock.release()

    def changed_on_disk(self) -> bool:
        """True when another process has replaced the store file since this object read or wrote it. O(1): a
        stat."""
        return self.path is not None and _file_id(self.path) != self._file_id

    def fork(self) -> MemoryStore:
        """An independent copy of this store on the same file, for a writer that must not disturb the readers of
        this one (copy-on-write in the API). The domain objects are immutable and shared: O(nodes + edges)."""
        other = MemoryStore(None, self.lock_timeout_s)
        other.path = self.path
        other._lock = StoreLock(self.path) if self.path is not None else None
        other._file_id = self._file_id
        with self._columns_lock:
            other.graph = self.graph.copy()
            other._inboxes = {r: inbox.copy() for r, inbox in self._inboxes.items()}
        other._sources = dict(self._sources)
        other._regimes = dict(self._regimes)
        other._edge_index = dict(self._edge_index)
        other._claims = dict(self._claims)
        other._also_held = {c: set(found) for c, found in self._also_held.items()}
        other._decisions = dict(self._decisions)
        other._by_target = {target: list(found) for target, found in self._by_target.items()}
        other._audit = dict(self._audit)
        other._changes = list(self._changes)
        other._seq = self._seq
        other._changes_by_actor = {a: list(found) for a, found in self._changes_by_actor.items()}
        other._dirty = self._dirty
        other.version = self.version
        with self._queue_lock:
            other._queue = self._queue.copy() if self._queue is not None else None
        return other

    def _begin_write(self) -> None:
        """Before any change: take the writer lock (waiting up to lock_timeout_s) and, if another process wrote
        the file meanwhile, start again from its contents."""
        if self._lock is None or self._lock.held or self.path is None:
            return
        self._lock.acquire(self.lock_timeout_s)
        try:
            current = _file_id(self.path)
            if current != self._file_id:
                if self._dirty:  # cannot happen: changes are only made under the lock, which flush releases
                    raise StoreUnavailable(f"{self.path}: changed by another process over unsaved changes")
                before = self.version
                self._reset()
                self._file_id = current
                if current is not None:
                    self._load(self.path)
                self.version = max(self.version, before + 1)  # never back: caches key on it
        except BaseException:
            self._lock.release()
            raise

    def clear(self) -> None:
        self._begin_write()
        self.graph = nx.MultiDiGraph()
        self._sources.clear()
        self._regimes.clear()
        self._edge_index.clear()
        self._inboxes.clear()
        self._claims.clear()
        self._also_held.clear()
        self._decisions.clear()
        self._by_target.clear()
        self._audit.clear()
        self._changes.clear()
        self._changes_by_actor.clear()
        self._seq = 0
        self._queue = None
        self._changed(True)

    # -- writes ----------------------------------------------------------------------------------------------

    def _changed(self, changed: bool) -> None:
        if changed:
            self._dirty = True
            self.version += 1

    def upsert_actors(self, actors: Sequence[Actor]) -> WriteReport:
        self._begin_write()
        report = WriteReport()
        for incoming in actors:
            old = self.graph.nodes[incoming.id].get("actor") if incoming.id in self.graph else None
            actor = merge_actor(old, incoming)
            if report.count(actor.id, old, actor):
                self.graph.add_node(actor.id, actor=actor)
                self._record(change_detect.actor_changes(old, actor))
        self._changed(bool(report.changed_ids))
        return report

    def upsert_sources(self, sources: Sequence[Source]) -> WriteReport:
        return self._upsert_dict(self._sources, sources)

    def upsert_regimes(self, regimes: Sequence[Regime]) -> WriteReport:
        self._begin_write()  # first: it may reload the file another process wrote, and `before` must be from it
        before = {r.id: self._regimes.get(r.id) for r in regimes}
        report = self._upsert_dict(self._regimes, regimes, merge_regime)
        requeue: set[str] = set()
        for rid in dict.fromkeys(report.changed_ids):
            old, new = before[rid], self._regimes[rid]
            self._record(change_detect.regime_changes(old, new))
            transfers, actors = self._regime_scope(new)
            self._record(change_detect.regime_verdict_changes(old, new, transfers, actors))
            if self._queue is not None:  # the verdicts of transfers to or from the old and new targets
                for end in {new.target, *([old.target] if old is not None else [])}:
                    requeue |= {t.id for t in self.transfers(TransferFilter(actor=end))}
        self._requeue(requeue)
        return report

    def _regime_scope(self, regime: Regime) -> tuple[list[Transfer], dict[str, Actor]]:
        """The transfers a regime may concern (those of its target and territory, and of actors based there) and
        their non-state ends. O(actors + those transfers)."""
        keys = {regime.target, *([regime.territory] if regime.territory else [])}
        ends = {a for a in keys if a in self.graph}
        ends |= {n for n, a in self.graph.nodes(data="actor") if a is not None and a.country in keys}
        found: dict[str, Transfer] = {}
        for end in ends:
            for t in self.transfers(TransferFilter(actor=end)):
                found[t.id] = t
        return [found[k] for k in sorted(found)], self._non_state(found.values())

    def _non_state(self, transfers: Iterable[Transfer]) -> dict[str, Actor]:
        ids = {x for t in transfers for x in (t.supplier, t.recipient) if len(x) != 2}
        return {i: self.graph.nodes[i]["actor"] for i in ids if i in self.graph}

    def _record(self, drafts: list[ChangeDraft]) -> None:
        """Number these changes after the last one and keep them; they are saved with the write (flush)."""
        if drafts:
            self._keep_changes(number(drafts, self._seq))
            self._seq += len(drafts)
            self._dirty = True

    def _keep_changes(self, changes: list[Change]) -> None:
        self._changes += changes
        for c in changes:
            for a in dict.fromkeys(c.actors):
                self._changes_by_actor.setdefault(a, []).append(c)

    def _record_transfers(self, pairs: list[tuple[Transfer | None, Transfer]]) -> None:
        """The changes of these written transfers (before, after), and of their verdicts."""
        if not pairs:
            return
        drafts = [d for old, new in pairs for d in change_detect.transfer_changes(old, new)]
        self._record(drafts)
        self._record(change_detect.supplier_changes(pairs, self._supplied_besides(pairs)))
        actors = self._non_state(t for pair in pairs for t in pair if t is not None)
        self._record(change_detect.verdict_changes(pairs, self.regimes(), actors))

    def _supplied_besides(self, pairs: list[tuple[Transfer | None, Transfer]]) -> set[tuple[str, str]]:
        """The written pairs that have an affirmative transfer other than those written. O(those pairs' edges)."""
        written = {new.id for _, new in pairs}
        out: set[tuple[str, str]] = set()
        for s, r in {(new.supplier, new.recipient) for _, new in pairs}:
            edges = self.graph.get_edge_data(s, r) or {}
            if any(k not in written and d["transfer"].status in AFFIRMATIVE for k, d in edges.items()):
                out.add((s, r))
        return out

    def _upsert_dict(
        self, table: dict[str, Any], items: Iterable[Source | Regime], merge: Callable[[Any, Any], Any] | None = None
    ) -> WriteReport:
        self._begin_write()
        report = WriteReport()
        for item in items:
            if merge is not None:
                item = merge(table.get(item.id), item)
            if report.count(item.id, table.get(item.id), item):
                table[item.id] = item
        self._changed(bool(report.changed_ids))
        return report

    def upsert_transfers(self, transfers: Sequence[Transfer]) -> WriteReport:
        self._begin_write()
        report = WriteReport()
        written: dict[str, tuple[Transfer | None, Transfer]] = {}
        for incoming in transfers:
            for end in (incoming.supplier, incoming.recipient):
                if end not in self.graph:
                    raise InvalidInput(f"transfer {incoming.id}: unknown actor {end!r} (upsert actors first)")
            old = self.transfer(incoming.id)
            merged = merge_transfer(old, incoming)
            if merged is not old:  # new or changed by the source: the standing decisions apply again
                merged = self._reviewed(merged)
            if report.count(merged.id, old, merged):
                self._put(merged)
                self._place_copies(old, merged)
                written[merged.id] = (written.get(merged.id, (old, merged))[0], merged)
        self._refresh_merges(written.values())
        self._record_transfers(list(written.values()))
        self._requeue(written)
        self._changed(bool(report.changed_ids))
        return report

    def _put(self, t: Transfer) -> None:
        self.graph.add_edge(t.supplier, t.recipient, key=t.id, transfer=t)
        self._edge_index[t.id] = (t.supplier, t.recipient)
        self._index_claims(t)
        with self._columns_lock:
            self._inbox(t.recipient).put(t)

    def _decided(self, t: Transfer) -> list[Decision]:
        """The decisions bearing on `t`: on it and its claims, merges naming it as their other transfer (indexed
        under it too), and every decision on those merges' targets (an undo there withdraws the merge)."""
        found = {d.id: d for k in targets_of(t) for d in self._by_target.get(k, ())}
        for d in list(found.values()):
            if d.kind is DecisionKind.MERGE and d.other == t.id:
                found |= {x.id: x for x in self._by_target.get(d.target, ())}
        return list(found.values())

    def _reviewed(self, t: Transfer) -> Transfer:
        """The transfer with the standing decisions on it and its claims applied (graph/review_apply.py)."""
        if t.review is None and not any(k in self._by_target for k in targets_of(t)):
            return t
        reviews = standing(self._decided(t))
        partners = {p: x for p in merge_partners(t, reviews) if (x := self.transfer(p)) is not None}
        return apply_reviews(t, reviews, partners)

    def _index_decision(self, d: Decision) -> None:
        self._by_target.setdefault(d.target, []).append(d)
        if d.other is not None:  # a merge bears on its other transfer too
            self._by_target.setdefault(d.other, []).append(d)

    def _refresh_merges(self, pairs: Iterable[tuple[Transfer | None, Transfer]]) -> None:
        """Re-apply the merges these written transfers take part in as the other transfer, and rebuild their
        merged copies (which carry their evidence)."""
        into = {x.review.merged_into for pair in pairs for x in pair if x is not None and x.review is not None}
        for tid in sorted(i for i in into if i is not None):
            if (target := self.transfer(tid)) is not None:
                now = self._reviewed(target)  # a merge whose other transfer has just arrived applies now
                if now != target:
                    self._put(now)
                self._place_copies(target, now)
                self._requeue([tid])

    def _place_copies(self, old: Transfer | None, new: Transfer) -> None:
        """Put the copies that `new`'s supplier/recipient corrections, splits and merges call for, and remove
        those `old` had that are no longer called for (graph/review_apply.moved_copies)."""
        if not has_copies(old) and not has_copies(new):
            return
        merged = new.review.merges.values() if new.review is not None else ()
        partners = {p: x for p in merged if (x := self.transfer(p)) is not None}
        wanted = {c.id: c for c in moved_copies(new, partners)}
        for stale in copy_ids(old).keys() - wanted.keys():
            ends = self._edge_index.pop(stale, None)
            if ends is not None:
                self.graph.remove_edge(ends[0], ends[1], key=stale)
                self._inboxes.pop(ends[1], None)  # rebuilt from the graph when next asked
        for copy in wanted.values():
            if self.transfer(copy.id) != copy:
                self._put(copy)

    def _index_claims(self, transfer: Transfer) -> None:
        if transfer.review is not None and transfer.review.moved_from is not None:
            return  # a moved copy's evidence is reviewed through the transfer it came from
        for e in transfer.evidence:
            if e.start is not None:  # register rows (no offsets) are reviewed through their transfer
                claim = transfer.claim_id(e)
                before = self._claims.get(claim)
                if before is not None and before != transfer.id:
                    self._also_held.setdefault(claim, set()).add(before)
                self._claims[claim] = transfer.id

    def add_decisions(self, decisions: Sequence[Decision], audit: Sequence[AuditEntry] = ()) -> WriteReport:
        self._begin_write()
        report = WriteReport()
        for d in decisions:
            if d.id in self._decisions:  # append-only: a stored decision is never rewritten
                report.unchanged += 1
            else:
                report.count(d.id, None, d)
                self._decisions[d.id] = d
                self._index_decision(d)
        self.append_audit(audit)
        fresh = [self._decisions[i] for i in report.changed_ids]
        holders = {
            k: t for k, tid in self.claim_transfers([d.target for d in fresh]).items() if (t := self.transfer(tid))
        }
        self._record(change_detect.decision_changes(fresh, holders))
        touched = {d.target for d in fresh if d.kind is not DecisionKind.NOTE}
        affected = set(self._holders(touched))
        for k in touched:  # a merge, or a decision on a merge's target, changes its other transfer too
            merges = [d for d in self._by_target.get(k, ()) if d.kind is DecisionKind.MERGE]
            affected |= {x for d in merges for x in (d.target, d.other) if x}
        affected = {tid for tid in affected if tid in self._edge_index}
        reviewed: list[tuple[Transfer | None, Transfer]] = []
        for tid in sorted(affected):
            old = self.transfer(tid)
            if old is not None and (new := self._reviewed(old)) != old:
                self._put(new)
                self._place_copies(old, new)
                reviewed.append((old, new))
        self._refresh_merges(reviewed)
        self._record_transfers(reviewed)
        self._requeue(sorted(affected))
        self._changed(bool(report.changed_ids))
        return report

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        self._begin_write()
        fresh = [e for e in entries if e.id not in self._audit]
        for e in fresh:
            self._audit[e.id] = e
        if fresh:
            self._dirty = True  # the log changes no answer: no new version for the read caches

    def delete_actors(self, ids: Sequence[str]) -> int:
        self._begin_write()
        removed = 0
        for actor_id in ids:
            if actor_id not in self.graph:
                continue
            for _u, v, key in list(self.graph.in_edges(actor_id, keys=True)) + list(
                self.graph.out_edges(actor_id, keys=True)
            ):
                self._edge_index.pop(key, None)
                self._inboxes.pop(v, None)
            self.graph.remove_node(actor_id)
            removed += 1
            self._queue = None  # rebuilt at the next queue read
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
        """Cost: O(the pair's transfers) when the filter names supplier and recipient, O(degree) when it names an
        actor, O(transfers) otherwise."""
        if flt.supplier is not None and flt.recipient is not None:  # one hop of a path: that pair's parallel edges
            keyed = self.graph._adj.get(flt.supplier, {}).get(flt.recipient, {})
            edges = [(flt.supplier, flt.recipient, d["transfer"]) for d in keyed.values()]
        elif flt.recipient is not None:
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
        kept = (t for _, _, t in edges if matches(t, flt))
        key = _oldest_first
        # a page of a long list: keep the `limit` first without sorting the rest
        found = heapq.nsmallest(flt.limit, kept, key=key) if flt.limit is not None else sorted(kept, key=key)
        # an actor's transfers to itself would appear twice in the in+out union
        if flt.actor is not None:
            found = list({t.id: t for t in found}.values())
        return found[: flt.limit] if flt.limit is not None else found

    def paths(self, source: str, target: str, max_hops: int, flt: TransferFilter, limit: int) -> list[tuple[str, ...]]:
        """Cost: O(transfers) once per hop filter and store version to project the actor-pair graph (cached), then
        per call a backward breadth-first search from the target and a pruned depth-first search per hop count.
        Within one hop count the paths come in actor-id order, so `limit` keeps the first ones in that order."""
        if source not in self.graph or target not in self.graph or source == target:
            return []
        pairs = self._pair_graph(replace(flt, recipient=None, supplier=None, actor=None, limit=None))
        if source not in pairs.succ or target not in pairs.pred:
            return []
        depth = max(max_hops - 2, 0)  # deeper levels cost more than they prune: the DFS meets them anyway
        dist = (pairs.distances_to(target, depth), depth)
        found: list[tuple[str, ...]] = []
        for hops in range(1, max_hops + 1):  # iterative deepening, like the Neo4j store: shortest chains first
            found += pairs.exact_paths(source, target, hops, dist, limit - len(found))
            if len(found) >= limit:
                break
        return found

    def hop_transfers(
        self, pairs: Sequence[tuple[str, str]], flt: TransferFilter, most_confident: bool = False
    ) -> dict[tuple[str, str], list[Transfer]]:
        """Cost: O(the pairs' parallel transfers)."""
        hop = replace(flt, supplier=None, recipient=None, actor=None, limit=None)
        found: dict[tuple[str, str], list[Transfer]] = {}
        for s, r in pairs:
            if most_confident:
                keyed = self.graph._adj.get(s, {}).get(r, {})
                passing = [t for t in (d["transfer"] for d in keyed.values()) if matches(t, hop)]
                found[s, r] = [max(passing, key=lambda t: (t.confidence, t.id))] if passing else []
            else:
                found[s, r] = self.transfers(replace(hop, supplier=s, recipient=r))
        return found

    def _pair_graph(self, hop_filter: TransferFilter) -> _PairGraph:
        """The projection for this hop filter at the current version: cached, the least recently used dropped."""
        key = (hop_filter, self.version)
        with self._projections_lock:
            found = self._projections.pop(key, None)
            if found is not None:
                self._projections[key] = found  # most recently used last
                return found
        found = _PairGraph(self.graph, hop_filter)  # outside the lock: other filters' readers are not held up
        with self._projections_lock:
            for stale in [k for k in self._projections if k[1] != key[1]]:
                del self._projections[stale]
            self._projections[key] = found
            while len(self._projections) > _PROJECTIONS_KEPT:
                del self._projections[next(iter(self._projections))]
        return found

    def supplier_rollups(
        self,
        flt: TransferFilter,
        among: Collection[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        per_supplier: int = 0,
    ) -> RollupPage:
        """Cost: a few vectorized passes over the recipient's incoming transfers, Python objects for the page only."""
        if flt.recipient is None or flt.recipient not in self.graph:
            return RollupPage(0, [])
        with self._columns_lock:
            return self._inbox(flt.recipient).rollups(flt, self._describe, among, offset, limit, per_supplier)

    def _describe(self, actor_id: str) -> tuple[str, str, str | None]:
        actor: Actor = self.graph._node[actor_id]["actor"]
        return actor.name, actor.kind.value, actor.country

    def _inbox(self, recipient: str) -> Inbox:
        inbox = self._inboxes.get(recipient)
        if inbox is None:
            inbox = self._inboxes[recipient] = Inbox()
            for d in self.graph._pred[recipient].values() if recipient in self.graph else ():
                for attrs in d.values():
                    inbox.put(attrs["transfer"])
        return inbox

    def regimes(self) -> list[Regime]:
        return [self._regimes[k] for k in sorted(self._regimes)]

    def review_queue(self, flt: QueueFilter, offset: int, limit: int) -> tuple[int, list[tuple[Transfer, int]]]:
        """Cost: the first call builds the index (every transfer judged once: O(transfers · regimes of their
        ends)); then O(page · log entries) for the whole queue, O(the actor's entries) with an actor filter, a scan
        of the index with another filter."""
        index = self._queue_index()

        def actor_transfers(actor: str) -> Iterable[str]:
            if actor not in self.graph:
                return []
            edges = (*self.graph.in_edges(actor, keys=True), *self.graph.out_edges(actor, keys=True))
            return dict.fromkeys(k for _, _, k in edges)  # a transfer to oneself is in both

        adj, ends_of = self.graph._adj, self._edge_index

        def transfer(tid: str) -> Transfer | None:  # networkx's edge view costs microseconds a lookup: 1M in a scan
            ends = ends_of.get(tid)
            return None if ends is None else adj[ends[0]][ends[1]][tid]["transfer"]

        return index.page(flt, offset, limit, transfer, actor_transfers)

    def _queue_index(self) -> QueueIndex:
        with self._queue_lock:
            if self._queue is None:
                self._queue = self._build_queue()
            return self._queue

    def _build_queue(self) -> QueueIndex:
        regimes = regimes_by_target(self._regimes.values())
        reviewed = reviewed_targets(standing(self._decisions.values()))
        index = QueueIndex()
        index.load(e for _, _, t in self.graph.edges(data="transfer") for e in queue_entries(t, regimes, reviewed))
        return index

    def _requeue(self, transfer_ids: Iterable[str]) -> None:
        """Recompute these transfers' queue entries, when the index is built (a write changed them, the decisions
        on them or the regimes of their ends)."""
        if self._queue is None:
            return
        regimes: dict[str, list[Regime]] | None = None
        for tid in transfer_ids:
            t = self.transfer(tid)
            if t is None:
                self._queue.put(tid, ())
                continue
            regimes = regimes if regimes is not None else regimes_by_target(self._regimes.values())
            targets = targets_of(t) if any(k in self._by_target for k in targets_of(t)) else []
            decided = [d for k in targets for d in self._by_target.get(k, ())]
            self._queue.put(tid, queue_entries(t, regimes, reviewed_targets(standing(decided))))

    def decisions(self, targets: Sequence[str] | None = None) -> list[Decision]:
        wanted = None if targets is None else set(targets)
        found = [d for d in self._decisions.values() if wanted is None or d.target in wanted]
        return sorted(found, key=lambda d: d.order)

    def audit(self, limit: int = 100, offset: int = 0, since: datetime | None = None) -> list[AuditEntry]:
        kept = [e for e in self._audit.values() if since is None or e.at >= since]
        kept.sort(key=lambda e: (e.at, e.id), reverse=True)
        return kept[offset : offset + limit]

    def _holders(self, targets: Collection[str]) -> list[str]:
        """Every stored transfer holding one of these targets (a claim may be held by more than one), in id
        order."""
        found = set(self.claim_transfers(sorted(targets)).values())
        found |= {tid for c in targets for tid in self._also_held.get(c, ()) if tid in self._edge_index}
        return sorted(found)

    def claim_transfers(self, ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for target in ids:
            holder = target if target in self._edge_index else self._claims.get(target)
            if holder is not None and holder in self._edge_index:
                found[target] = holder
        return found

    def changes(
        self, since: int = 0, limit: int = 100, flt: ChangeFilter | None = None, newest: bool = False
    ) -> list[Change]:
        """Changes with seq > since passing `flt`, at most `limit`, oldest first (newest first with `newest`).
        Cost: a binary search for `since` in the feed (in the actor's changes when the filter names one), then
        O(changes scanned) (their whole tail when the other conditions are rare)."""
        source = self._changes if flt is None or flt.actor is None else self._changes_by_actor.get(flt.actor, [])
        start = bisect.bisect_right(source, since, key=lambda c: c.seq)
        found: list[Change] = []
        for i in range(len(source) - 1, start - 1, -1) if newest else range(start, len(source)):
            c = source[i]
            if flt is None or flt.matches(c):
                found.append(c)
                if len(found) >= limit:
                    break
        return found

    def last_change_seq(self) -> int:
        return self._seq

    def counts(self) -> dict[str, int]:
        return {
            "actors": self.graph.number_of_nodes(),
            "transfers": self.graph.number_of_edges(),
            "sources": len(self._sources),
            "regimes": len(self._regimes),
        }

    # -- persistence -----------------------------------------------------------------------------------------

    def atomic(self, work: Callable[[GraphStore], R], records: int = 0) -> R:
        """`work(self)`: readers see this store's writes only once flushed (a whole file) or, in the API, once the
        fork they went to is served (api/live_store.py)."""
        return work(self)

    def flush(self) -> None:
        """Write the whole graph to `path` atomically (temp file + rename), then release the writer lock. No
        write if nothing changed."""
        if self.path is None or not self._dirty:
            self.release()
            return
        self._begin_write()  # held since the first change; taken here only by a store changed before a reload
        self.path.parent.mkdir(parents=True, exist_ok=True)
        queued = self._queue_index()  # built once for a file that has none: every later reader restores it
        doc = {
            "format": _FORMAT,
            "generation": self.version,
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
            "decisions": [d.model_dump(mode="json") for d in self._decisions.values()],
            "audit": [e.model_dump(mode="json") for e in self._audit.values()],
            "change_seq": self._seq,
            "changes": [c.model_dump(mode="json", exclude_defaults=True) for c in self._changes],
            "queue": {
                tid: [[e.priority.value, e.position] for e in found] for tid, found in queued.items()
            },
        }
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=3) as out:
                out.write(json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._file_id = _file_id(self.path)  # ours: the lock kept everyone else out since the rename
        self._dirty = False
        self.release()

    def _load(self, path: Path) -> None:
        with _gc_paused():
            self._read_file(path)

    def _read_file(self, path: Path) -> None:
        try:
            text = gzip.decompress(path.read_bytes())
        except (OSError, EOFError, ValueError) as exc:  # gzip.BadGzipFile is an OSError
            raise InvalidInput(f"{path}: not a sanctions-kg graph file ({exc})") from exc
        try:
            # parsed and validated in one pass by pydantic-core: no intermediate dicts and lists of the whole file
            doc = _StoreFile.model_validate_json(text)
        except ValidationError as exc:
            raise _file_error(path, text, exc) from exc
        # versions continue across processes: a writer reloads under the lock before writing, so each file's
        # generation exceeds the one it replaced and API caches keyed on it never serve an older graph's answer
        generation = doc.generation
        self.version = generation if isinstance(generation, int) and generation >= 0 else 0
        for actor in doc.actors:
            self.graph.add_node(actor.id, actor=actor)
        self._sources = {s.id: s for s in doc.sources}
        self._regimes = {r.id: r for r in doc.regimes}
        add_edge, edge_index = self.graph.add_edge, self._edge_index
        for transfer in doc.transfers:
            add_edge(transfer.supplier, transfer.recipient, key=transfer.id, transfer=transfer)
            edge_index[transfer.id] = (transfer.supplier, transfer.recipient)
            self._index_claims(transfer)
        # The recipients' columns (graph/inbox.py) are built from the graph when each is first asked about: a
        # reload pays nothing for the recipients nobody asks about, a question a few ms once for its recipient.
        for decision in doc.decisions:
            self._decisions[decision.id] = decision
            self._index_decision(decision)
        self._audit = {e.id: e for e in doc.audit}
        self._keep_changes(doc.changes)
        self._seq = doc.change_seq
        if doc.queue is not None:  # absent from files written before the queue index: built when first needed
            index = QueueIndex()
            index.load(
                restored_entry(t, priority, position)
                for tid, found in doc.queue.items()
                if (t := self.transfer(tid)) is not None
                for priority, position in found
            )
            self._queue = index


class _StoreFile(BaseModel):
    """The store file (`flush` writes it): every record is validated as it is read, as any input is."""

    model_config = ConfigDict(extra="ignore")

    format: Literal["sanctions-kg/memory-store/1"]
    generation: Any = 0
    actors: list[Actor]
    sources: list[Source]
    regimes: list[Regime]
    transfers: list[Transfer]
    # absent from files written before the review loop
    decisions: list[Decision] = []
    audit: list[AuditEntry] = []
    # absent from files written before the change feed
    change_seq: int = 0
    changes: list[Change] = []
    # absent from files written before the queue index: {transfer id: [[priority, evidence position], ...]}
    queue: dict[str, list[tuple[Priority, int]]] | None = None


def _file_error(path: Path, text: bytes, exc: ValidationError) -> InvalidInput:
    """What is wrong with a store file that did not validate: not JSON, another format, or the first bad field."""
    first = exc.errors()[0]
    if first["type"] == "json_invalid":
        return InvalidInput(f"{path}: not a sanctions-kg graph file ({first['msg']})")
    if first["loc"][:1] == ("format",) or first["type"] == "model_type":
        found = first.get("input") if first["loc"][:1] == ("format",) and first["type"] != "missing" else None
        return InvalidInput(f"{path}: unknown format {found!r}, expected {_FORMAT!r}")
    where = ".".join(str(part) for part in first["loc"])
    return InvalidInput(f"{path}: invalid record at {where}: {first['msg']} ({len(exc.errors())} error(s))")


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector. A load creates a dozen container objects per record and frees
    none of them, so every few thousand allocations the collector walked all live objects, the graph being
    built and the one still served, for nothing: with a served graph alive, reloading the full register took
    14-17 s instead of 4 (bench/bench_reload.py). Reference counting still frees what it can meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _file_id(path: Path) -> FileId | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size)
