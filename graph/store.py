"""The GraphStore protocol: what every storage backend offers. Queries in graph/queries.py are written against it.

Stores do batched, idempotent upserts and a few primitive reads with filters pushed down; everything that is
domain logic (merging reports, sanctions semantics, ranking) is shared Python so both stores answer alike.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol, TypeVar, runtime_checkable

from graph.changes import Change, ChangeFilter
from graph.decisions import AuditEntry, Decision
from graph.model import Actor, Regime, Source, Transfer
from graph.review_priority import QueueFilter
from graph.rollup import RollupPage
from graph.vocab import SourceKind, TransferStatus

__all__ = ["GraphStore", "TransferFilter", "WriteReport", "matches"]

R = TypeVar("R")


@dataclass(frozen=True)
class TransferFilter:
    """Conditions on transfers; every field left at its default matches everything."""

    recipient: str | None = None
    supplier: str | None = None
    #: Either side: supplier or recipient.
    actor: str | None = None
    #: Transfers whose date range overlaps [since, until] (transfers with no date at all never match a window).
    since: date | None = None
    until: date | None = None
    statuses: tuple[TransferStatus, ...] = ()
    min_confidence: float = 0.0
    #: Only transfers with at least one piece of evidence from this kind of source.
    source_kind: SourceKind | None = None
    limit: int | None = None
    #: Only transfers reviewers decided on (True) or not (False). Read by `transfers` only (the drill-down).
    reviewed: bool | None = None


@dataclass
class WriteReport:
    """What an upsert did: new records, changed records, records already identical."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changed_ids: list[str] = field(default_factory=list)

    def count(self, item_id: str, before: object, after: object) -> bool:
        """Record one record's fate from its stored copy (None when new) and its new value; True if it changed."""
        if before == after:
            self.unchanged += 1
            return False
        self.changed_ids.append(item_id)
        if before is None:
            self.added += 1
        else:
            self.updated += 1
        return True

    def __iadd__(self, other: WriteReport) -> WriteReport:
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.changed_ids += other.changed_ids
        return self


def matches(t: Transfer, f: TransferFilter) -> bool:
    """Reference semantics of TransferFilter, used by the embedded store and by tests of the others."""
    if f.recipient is not None and t.recipient != f.recipient:
        return False
    if f.supplier is not None and t.supplier != f.supplier:
        return False
    if f.actor is not None and f.actor not in (t.supplier, t.recipient):
        return False
    if f.since is not None and (t.date_to is None or t.date_to < f.since):
        return False
    if f.until is not None and (t.date_from is None or t.date_from > f.until):
        return False
    if f.statuses and t.status not in f.statuses:
        return False
    if t.confidence < f.min_confidence:
        return False
    if f.reviewed is not None and (t.review is not None) != f.reviewed:
        return False
    return f.source_kind is None or f.source_kind in t.source_kinds


@runtime_checkable
class GraphStore(Protocol):
    """A graph backend. Writes are idempotent upserts; reads return domain objects."""

    #: "memory" or "neo4j".
    kind: str
    #: Changes whenever a write through this object changes the data: read caches key on it.
    version: int

    def ensure_schema(self) -> None:
        """Create constraints and indexes (no-op where not needed). Idempotent."""

    def ping(self) -> None:
        """Raise StoreUnavailable if the store cannot answer."""

    def upsert_actors(self, actors: Sequence[Actor]) -> WriteReport: ...

    def upsert_sources(self, sources: Sequence[Source]) -> WriteReport: ...

    def upsert_regimes(self, regimes: Sequence[Regime]) -> WriteReport: ...

    def upsert_transfers(self, transfers: Sequence[Transfer]) -> WriteReport:
        """Merge each transfer into the stored one with the same id (graph.model.merge_transfer)."""
        ...

    def delete_actors(self, ids: Sequence[str]) -> int:
        """Remove actors and their edges; returns how many existed."""
        ...

    def actor(self, actor_id: str) -> Actor | None: ...

    def actors(self, ids: Sequence[str] | None = None) -> list[Actor]:
        """The actors with these ids (all actors when None), in id order."""
        ...

    def source(self, source_id: str) -> Source | None: ...

    def sources(self, ids: Sequence[str]) -> list[Source]: ...

    def transfer(self, transfer_id: str) -> Transfer | None: ...

    def transfers(self, flt: TransferFilter) -> list[Transfer]:
        """Transfers matching the filter, ordered by (date_from, id)."""
        ...

    def supplier_rollups(
        self,
        flt: TransferFilter,
        among: Collection[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        per_supplier: int = 0,
    ) -> RollupPage:
        """The suppliers of `flt.recipient` with a transfer passing `flt` (only those in `among` when given), most
        transfers first then by id: how many there are, and the slice [offset:offset+limit] with each one's name,
        kind, country, the tally of those transfers and the `per_supplier` newest of them (graph.rollup)."""
        ...

    def paths(self, source: str, target: str, max_hops: int, flt: TransferFilter, limit: int) -> list[tuple[str, ...]]:
        """Distinct simple actor paths source → … → target of 1..max_hops hops, each hop carried by at least one
        transfer matching `flt` (its end fields are ignored); at most `limit`, shortest first."""
        ...

    def hop_transfers(
        self, pairs: Sequence[tuple[str, str]], flt: TransferFilter, most_confident: bool = False
    ) -> dict[tuple[str, str], list[Transfer]]:
        """For each (supplier, recipient) of `pairs`, the transfers between them matching `flt` (its end fields and
        limit are ignored), ordered like `transfers`: every hop of a set of paths in one read. With `most_confident`,
        only the one with the greatest (confidence, id): all a path needs unless it is time-ordered."""
        ...

    def regimes(self) -> list[Regime]:
        """Every regime, in id order (a few hundred at most: callers filter in Python)."""
        ...

    def counts(self) -> dict[str, int]:
        """Numbers of actors, sources, regimes and transfers."""
        ...

    # -- review: decisions and the audit log (graph/decisions.py), both append-only ---------------------------

    def add_decisions(self, decisions: Sequence[Decision], audit: Sequence[AuditEntry] = ()) -> WriteReport:
        """Append decisions and audit entries in one write (all or nothing). A decision id already stored is left
        as it is (counted unchanged): importing the same decisions twice adds nothing."""
        ...

    def decisions(self, targets: Sequence[str] | None = None) -> list[Decision]:
        """The decisions on these targets (all when None), oldest first by (at, id)."""
        ...

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        """Append entries to the audit log (an id already there is not written twice)."""

    def audit(self, limit: int = 100, offset: int = 0, since: datetime | None = None) -> list[AuditEntry]:
        """The audit log, newest first (by at, then id)."""
        ...

    def claim_transfers(self, ids: Sequence[str]) -> dict[str, str]:
        """For each claim id (Transfer.claim_id) or transfer id of `ids` that exists, the id of the transfer that
        holds it now (a transfer id maps to itself). Ids absent from the answer are unknown (orphaned targets)."""
        ...

    def review_queue(self, flt: QueueFilter, offset: int, limit: int) -> tuple[int, list[tuple[Transfer, int]]]:
        """The open queue entries passing `flt` (graph/review_priority.py), from the index kept at write time: how
        many, and the page [offset:offset+limit] in queue order as (transfer, position of its evidence)."""
        ...

    def atomic(self, work: Callable[[GraphStore], R], records: int = 0) -> R:
        """`work(store)` as one unit for readers: they see all of its writes or none (one file's import). Neo4j:
        one transaction, run again from the start after a deadlock; embedded store: readers see only written files
        (flush) and the API's forks (api/live_store.py), so it just calls `work(self)`."""

    # -- the change feed (graph/changes.py): numbered in the same write as the changes -----------------------

    def changes(
        self, since: int = 0, limit: int = 100, flt: ChangeFilter | None = None, newest: bool = False
    ) -> list[Change]:
        """The changes with seq > since that pass `flt`, at most `limit`, oldest first (newest first with
        `newest`)."""
        ...

    def last_change_seq(self) -> int:
        """The seq of the last change recorded (0 when none)."""
        ...

    def flush(self) -> None:
        """Make writes durable (the embedded store writes its file atomically; Neo4j commits per batch)."""

    def clear(self) -> None:
        """Delete everything (tests and `skg reset`)."""

    def close(self) -> None: ...
