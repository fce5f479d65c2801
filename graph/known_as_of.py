"""The graph "as known on" a day: the second time axis of every query (issue 16).

Each piece of evidence carries when its source published it (`Evidence.reported`) and when the graph ingested it
(`Evidence.ingested`); each transfer keeps the values later reports replaced (`Transfer.revisions`). The answer
as the graph would have given it on day D is the stored graph with, for every transfer:

- the revisions learned after D undone (newest first), so a SIPRI deal revised later shows its earlier figures
  and its earlier register row;
- then only the evidence published and ingested by D (`Evidence.known_on`); a transfer left without evidence
  drops out; status and confidence are derived again from what is left (graph.model.summarize_evidence).

`known_transfer` does this for one transfer; `KnownAsOf` wraps a GraphStore so that the queries in
graph/queries.py, written against the protocol, answer as of D on either store without a line of their own.
Designations (a UN or OpenSanctions listing and its end) are read with `designations` (graph/designations.py).
Review decisions and regimes are taken as they stand today.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any, TypeVar

from graph.changes import Change, ChangeFilter
from graph.decisions import AuditEntry, Decision
from graph.inbox import Inbox
from graph.model import Actor, Evidence, Regime, Source, Transfer, summarize_evidence
from graph.review_priority import QueueFilter
from graph.rollup import RollupPage
from graph.store import GraphStore, TransferFilter, WriteReport, matches

__all__ = ["KnownAsOf", "as_known", "known_transfer"]

_COMPUTED = {"date_from", "date_to", "first_reported", "source_ids", "source_kinds"}


R = TypeVar("R")


def known_transfer(t: Transfer, day: date) -> Transfer | None:
    """The transfer as the graph knew it on `day`, or None when none of its evidence was known then.
    Cost: O(evidence) for a transfer never revised and fully known (returned as is, no copy)."""
    later = [r for r in t.revisions if r.superseded > day]
    if not later and all(e.known_on(day) for e in t.evidence):
        return t if t.evidence else None
    evidence: dict[tuple[str, int | None, int | None, str], Evidence] = {e.key: e for e in t.evidence}
    fields: dict[str, Any] = {}
    for r in reversed(later):  # undo the newest change first: what is left is the state before the first one
        fields.update(r.fields)
        evidence.update({e.key: e for e in r.evidence})
    kept = tuple(
        sorted(
            (e for e in evidence.values() if e.known_on(day)),
            key=lambda e: (e.source_id, e.start or 0, e.extractor),
        )
    )
    if not kept:
        return None
    status, confidence = summarize_evidence(kept, t.status, t.confidence)
    if t.review is not None:  # a reviewer's status or confidence stands (decisions are read as of today)
        status, confidence = t.status, t.confidence
    data = t.model_dump(exclude={*_COMPUTED, "revisions"})
    data.update(fields)
    data.update(evidence=kept, status=status, confidence=confidence)
    data["revisions"] = tuple(r for r in t.revisions if r.superseded <= day)
    return Transfer.model_validate(data)


def _oldest_first(t: Transfer) -> tuple[bool, date | None, str]:
    return (t.date_from is None, t.date_from, t.id)


def _relaxed(flt: TransferFilter) -> TransferFilter:
    """The part of a filter that does not depend on evidence (who, reviewed): safe to push down to the store."""
    return TransferFilter(supplier=flt.supplier, recipient=flt.recipient, actor=flt.actor, reviewed=flt.reviewed)


class KnownAsOf:
    """A read-only GraphStore: `base` as the graph knew it on `day` (see the module docstring).

    Reads push who (supplier, recipient, actor) down to the base store, then project each transfer and filter in
    Python, so both stores answer alike. Cost: O(the named actor's transfers) per read; `paths` and reads naming no
    actor project every transfer (O(transfers), once per view object).
    """

    def __init__(self, base: GraphStore, day: date) -> None:
        self.base = base
        self.day = day
        self.kind = base.kind
        #: The base store's version when the view was made (a view lives for one question).
        self.version = base.version
        self._all: list[Transfer] | None = None
        self._snapshot: GraphStore | None = None

    # -- reads that evidence does not change: the base store's ------------------------------------------------

    def ensure_schema(self) -> None:
        self.base.ensure_schema()

    def ping(self) -> None:
        self.base.ping()

    def actor(self, actor_id: str) -> Actor | None:
        return self.base.actor(actor_id)

    def actors(self, ids: Sequence[str] | None = None) -> list[Actor]:
        return self.base.actors(ids)

    def source(self, source_id: str) -> Source | None:
        return self.base.source(source_id)

    def sources(self, ids: Sequence[str]) -> list[Source]:
        return self.base.sources(ids)

    def regimes(self) -> list[Regime]:
        return self.base.regimes()

    def decisions(self, targets: Sequence[str] | None = None) -> list[Decision]:
        return self.base.decisions(targets)

    def audit(self, limit: int = 100, offset: int = 0, since: datetime | None = None) -> list[AuditEntry]:
        return self.base.audit(limit, offset, since)

    def claim_transfers(self, ids: Sequence[str]) -> dict[str, str]:
        return self.base.claim_transfers(ids)

    def review_queue(self, flt: QueueFilter, offset: int, limit: int) -> tuple[int, list[tuple[Transfer, int]]]:
        """The queue is what needs a person now: read from the base store, as decisions are."""
        return self.base.review_queue(flt, offset, limit)

    # -- transfers as known on the day ----------------------------------------------------------------------

    def transfer(self, transfer_id: str) -> Transfer | None:
        t = self.base.transfer(transfer_id)
        return None if t is None else known_transfer(t, self.day)

    def _known(self, flt: TransferFilter) -> list[Transfer]:
        """Every transfer passing `flt` as known on the day, oldest first (limit ignored)."""
        relaxed = _relaxed(flt)
        if relaxed == TransferFilter():
            if self._all is None:
                self._all = [k for t in self.base.transfers(relaxed) if (k := known_transfer(t, self.day))]
            found = self._all
        else:
            found = [k for t in self.base.transfers(relaxed) if (k := known_transfer(t, self.day))]
        return sorted((t for t in found if matches(t, replace(flt, limit=None))), key=_oldest_first)

    def transfers(self, flt: TransferFilter) -> list[Transfer]:
        found = self._known(flt)
        return found[: flt.limit] if flt.limit is not None else found

    def supplier_rollups(
        self,
        flt: TransferFilter,
        among: Collection[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        per_supplier: int = 0,
    ) -> RollupPage:
        """The base store's rollup semantics (graph.inbox) over the recipient's transfers as known on the day."""
        if flt.recipient is None:
            return RollupPage(0, [])
        inbox = Inbox()
        for t in self.base.transfers(_relaxed(flt)):
            k = known_transfer(t, self.day)
            if k is not None:
                inbox.put(k)
        names = {a.id: (a.name, a.kind.value, a.country) for a in self.base.actors(inbox.supplier_ids)}
        return inbox.rollups(flt, lambda a: names.get(a, (a, "state", None)), among, offset, limit, per_supplier)

    def paths(self, source: str, target: str, max_hops: int, flt: TransferFilter, limit: int) -> list[tuple[str, ...]]:
        return self._paths_store().paths(source, target, max_hops, flt, limit)

    def hop_transfers(
        self, pairs: Sequence[tuple[str, str]], flt: TransferFilter, most_confident: bool = False
    ) -> dict[tuple[str, str], list[Transfer]]:
        hop = replace(flt, supplier=None, recipient=None, actor=None, limit=None)
        found: dict[tuple[str, str], list[Transfer]] = {}
        for s, r in pairs:
            passing = self._known(replace(hop, supplier=s, recipient=r))
            if most_confident:
                passing = [max(passing, key=lambda t: (t.confidence, t.id))] if passing else []
            found[s, r] = passing
        return found

    def _paths_store(self) -> GraphStore:
        """An embedded store of the transfers as known on the day, for path search (built once per view)."""
        if self._snapshot is None:
            from graph.memory_store import MemoryStore

            snap = MemoryStore()
            known = self._known(TransferFilter())
            ends = sorted({x for t in known for x in (t.supplier, t.recipient)})
            snap.upsert_actors(self.base.actors(ends))
            snap.upsert_transfers(known)
            self._snapshot = snap
        return self._snapshot

    def counts(self) -> dict[str, int]:
        return self.base.counts() | {"transfers": len(self._known(TransferFilter()))}

    # -- a view is read-only -----------------------------------------------------------------------------------

    def _read_only(self) -> Any:
        from graph.errors import InvalidQuery

        raise InvalidQuery(f"the graph as known on {self.day} is read-only")

    def upsert_actors(self, actors: Sequence[Actor]) -> WriteReport:
        return self._read_only()  # type: ignore[no-any-return]

    def upsert_sources(self, sources: Sequence[Source]) -> WriteReport:
        return self._read_only()  # type: ignore[no-any-return]

    def upsert_regimes(self, regimes: Sequence[Regime]) -> WriteReport:
        return self._read_only()  # type: ignore[no-any-return]

    def upsert_transfers(self, transfers: Sequence[Transfer]) -> WriteReport:
        return self._read_only()  # type: ignore[no-any-return]

    def delete_actors(self, ids: Sequence[str]) -> int:
        return self._read_only()  # type: ignore[no-any-return]

    def add_decisions(self, decisions: Sequence[Decision], audit: Sequence[AuditEntry] = ()) -> WriteReport:
        return self._read_only()  # type: ignore[no-any-return]

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        self._read_only()

    def flush(self) -> None:
        """Nothing to write."""

    def clear(self) -> None:
        self._read_only()

    def atomic(self, work: Callable[[GraphStore], R], records: int = 0) -> R:
        self._read_only()
        raise AssertionError("unreachable")

    def changes(
        self, since: int = 0, limit: int = 100, flt: ChangeFilter | None = None, newest: bool = False
    ) -> list[Change]:
        """The change feed is itself dated (each change's time): it is the base store's."""
        return self.base.changes(since, limit, flt, newest)

    def last_change_seq(self) -> int:
        return self.base.last_change_seq()

    def close(self) -> None:
        """The base store is the caller's to close."""


def as_known(store: GraphStore, day: date | None) -> GraphStore:
    """`store` itself when `day` is None, else the view of it as known on `day`."""
    return store if day is None else KnownAsOf(store, day)
