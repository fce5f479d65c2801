"""The graph "as known on" a day: the second time axis of every query (issue 16).

Each piece of evidence carries when its source published it (`Evidence.reported`) and when the graph ingested it
(`Evidence.ingested`); each transfer keeps the values later reports replaced (`Transfer.revisions`). The answer
as the graph would have given it on day D is the stored graph with, for every transfer:

- the revisions learned after D undone (newest first), so a SIPRI deal revised later shows its earlier figures
  and its earlier register row;
- then only the evidence published and ingested by D (`Evidence.known_on`); a transfer left without evidence
  drops out; status and confidence are derived again from what is left (graph.model.summarize_evidence).

Reviewers' decisions, regimes and listings are read as they stood on D too:

- a decision recorded after D is left out: a reviewed transfer is taken back to the machine's values, projected,
  and the decisions of D applied again (graph/review_apply.py); a copy a correction moved to another pair exists
  only if that correction was made by D;
- a regime recorded after D is left out and one changed after D shows its earlier dates and scope
  (graph/regime_history.py);
- a delisting dated after D is not yet known: the actor is still listed (graph/designations.py).

`known_transfer` does this for one transfer; `KnownAsOf` wraps a GraphStore so that the queries in
graph/queries.py, written against the protocol, answer as of D on either store without a line of their own.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from graph.changes import Change, ChangeFilter
from graph.decisions import CLAIM_PREFIX, AuditEntry, CorrectableField, Decision, DecisionKind, Review, standing
from graph.designations import DELISTED
from graph.inbox import Inbox
from graph.model import Actor, Evidence, Regime, Source, Transfer, summarize_evidence
from graph.regime_history import regime_known_on
from graph.review_apply import apply_reviews, moved_copies, targets_of
from graph.review_priority import QueueFilter
from graph.rollup import RollupPage
from graph.store import GraphStore, TransferFilter, WriteReport, matches

__all__ = ["KnownAsOf", "as_known", "known_transfer"]

_COMPUTED = {"date_from", "date_to", "first_reported", "source_ids", "source_kinds"}


R = TypeVar("R")


def known_transfer(t: Transfer, day: date, reviews: Mapping[str, Review] | None = None) -> Transfer | None:
    """The transfer as the graph knew it on `day`, or None when none of its evidence was known then.

    `reviews`: the standing reviews as of `day` (graph.decisions.standing of the decisions recorded by then); None
    when no decision targets the transfer or its claims, so its stored review state (none) stands.
    Cost: O(evidence) for a transfer never revised nor reviewed and fully known (returned as is, no copy)."""
    if reviews is not None:
        t = apply_reviews(t, {})  # the machine's values: the decisions of `day` are applied again at the end
    later = [r for r in t.revisions if r.superseded > day]
    if not later and all(e.known_on(day) for e in t.evidence):
        if not t.evidence:
            return None
        return t if reviews is None else apply_reviews(t, reviews)
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
    data = t.model_dump(exclude={*_COMPUTED, "revisions"})
    data.update(fields)
    data.update(evidence=kept, status=status, confidence=confidence)
    data["revisions"] = tuple(r for r in t.revisions if r.superseded <= day)
    known = Transfer.model_validate(data)
    return known if reviews is None else apply_reviews(known, reviews)


_PARTIES = (CorrectableField.SUPPLIER, CorrectableField.RECIPIENT)


@dataclass(frozen=True)
class _Decided:
    #: The transfers any decision concerns (itself or one of its claims), whenever made.
    transfers: set[str]
    #: Those whose supplier or recipient a correction ever changed: where moved copies may come from.
    moving: set[str]
    #: The decisions recorded by the view's day, by target (standing reviews are derived per transfer).
    by_target: dict[str, list[Decision]]
    #: The targets of decisions recorded after the day.
    later: set[str]


def _oldest_first(t: Transfer) -> tuple[bool, date | None, str]:
    return (t.date_from is None, t.date_from, t.id)


def _relaxed(flt: TransferFilter) -> TransferFilter:
    """The part of a filter that depends neither on evidence nor on decisions (who): safe to push down."""
    return TransferFilter(supplier=flt.supplier, recipient=flt.recipient, actor=flt.actor)


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
        self._decided: _Decided | None = None
        self._copies: dict[str, Transfer] | None = None

    # -- reads that evidence does not change: the base store's ------------------------------------------------

    def ensure_schema(self) -> None:
        self.base.ensure_schema()

    def ping(self) -> None:
        self.base.ping()

    def actor(self, actor_id: str) -> Actor | None:
        a = self.base.actor(actor_id)
        return None if a is None else self._listed(a)

    def actors(self, ids: Sequence[str] | None = None) -> list[Actor]:
        return [self._listed(a) for a in self.base.actors(ids)]

    def _listed(self, a: Actor) -> Actor:
        """The actor without a delisting dated after the day: the graph did not know it yet."""
        end = a.attributes.get(DELISTED)
        if isinstance(end, str) and end[:10] > self.day.isoformat():
            return a.model_copy(update={"attributes": {k: v for k, v in a.attributes.items() if k != DELISTED}})
        return a

    def source(self, source_id: str) -> Source | None:
        return self.base.source(source_id)

    def sources(self, ids: Sequence[str]) -> list[Source]:
        return self.base.sources(ids)

    def regimes(self) -> list[Regime]:
        """The measures recorded by the day, each as it stood then."""
        return [k for r in self.base.regimes() if (k := regime_known_on(r, self.day)) is not None]

    def decisions(self, targets: Sequence[str] | None = None) -> list[Decision]:
        return [d for d in self.base.decisions(targets) if self._by_day(d.at)]

    def audit(self, limit: int = 100, offset: int = 0, since: datetime | None = None) -> list[AuditEntry]:
        return self.base.audit(limit, offset, since)

    def _by_day(self, at: datetime) -> bool:
        return at.date() <= self.day

    def claim_transfers(self, ids: Sequence[str]) -> dict[str, str]:
        return self.base.claim_transfers(ids)

    def review_queue(self, flt: QueueFilter, offset: int, limit: int) -> tuple[int, list[tuple[Transfer, int]]]:
        """The queue is what needs a person now: read from the base store, as decisions are."""
        return self.base.review_queue(flt, offset, limit)

    # -- transfers as known on the day ----------------------------------------------------------------------

    def _decisions(self) -> _Decided:
        """What the decisions say, read once per view: O(decisions) and one claim lookup."""
        if self._decided is None:
            every = self.base.decisions()
            claims = sorted({d.target for d in every if d.target.startswith(CLAIM_PREFIX)})
            held = self.base.claim_transfers(claims) if claims else {}

            def holder(target: str) -> str | None:
                return held.get(target) if target.startswith(CLAIM_PREFIX) else target

            by_target: dict[str, list[Decision]] = {}
            later: set[str] = set()
            for d in every:
                if self._by_day(d.at):
                    by_target.setdefault(d.target, []).append(d)
                else:
                    later.add(d.target)
            moving = {
                h
                for d in every
                if d.kind is DecisionKind.CORRECT and any(c.field in _PARTIES for c in d.corrections)
                if (h := holder(d.target)) is not None
            }
            self._decided = _Decided(
                transfers={h for d in every if (h := holder(d.target)) is not None},
                moving=moving,
                by_target=by_target,
                later=later,
            )
        return self._decided

    def _project(self, t: Transfer) -> Transfer | None:
        """`t` as known on the day; None for a stored moved copy (those of the day come from `_moved`)."""
        if t.review is not None and t.review.moved_from is not None:
            return None
        decided = self._decisions()
        if t.id not in decided.transfers:
            return known_transfer(t, self.day)
        day = self.day
        later = [r for r in t.revisions if r.superseded > day]
        if not any(e.known_on(day) for e in (*t.evidence, *(e for r in later for e in r.evidence))):
            return None  # nothing of it known: no need to undo and redo its review
        targets = targets_of(t)
        if not later and decided.later.isdisjoint(targets) and all(e.known_on(day) for e in t.evidence):
            return t  # fully known, and every decision on it made by the day: as stored
        mine = standing(d for k in targets for d in decided.by_target.get(k, ()))
        return known_transfer(t, day, mine)

    def _moved(self) -> dict[str, Transfer]:
        """The copies that corrections standing on the day place at corrected pairs (graph/review_apply.py), by
        id: derived from the transfers whose parties a reviewer ever corrected, as known then. Once per view."""
        if self._copies is None:
            self._copies = {}
            for tid in sorted(self._decisions().moving):
                t = self.base.transfer(tid)
                k = None if t is None else self._project(t)
                if k is not None:
                    self._copies.update((c.id, c) for c in moved_copies(k))
        return self._copies

    def _read(self, flt: TransferFilter) -> list[Transfer]:
        """The base store's transfers passing the who-part of `flt`, as known on the day, with the day's copies."""
        found = [k for t in self.base.transfers(flt) if (k := self._project(t)) is not None]
        return found + [c for c in self._moved().values() if matches(c, flt)]

    def transfer(self, transfer_id: str) -> Transfer | None:
        if transfer_id in self._moved():
            return self._moved()[transfer_id]
        t = self.base.transfer(transfer_id)
        return None if t is None else self._project(t)

    def _known(self, flt: TransferFilter) -> list[Transfer]:
        """Every transfer passing `flt` as known on the day, oldest first (limit ignored)."""
        relaxed = _relaxed(flt)
        if relaxed == TransferFilter():
            if self._all is None:
                self._all = self._read(relaxed)
            found = self._all
        else:
            found = self._read(relaxed)
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
        for k in self._read(_relaxed(flt)):
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
