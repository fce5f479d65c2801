"""The review queue: the claims that most need a person, most urgent first (the order: graph/review_priority.py).

Each store keeps the queue entries in an index maintained at write time (when transfers, decisions or regimes
change), ordered by priority: `queue` reads a page of it and describes only the page's evidence. Cost: the first
page of the whole graph is O(page · log entries) and its total O(1); a filter on an actor reads that actor's entries
only; a language, source or date filter scans the index in order (and wholly for the total). `queue_on_read`
computes the same answer from scratch, judging every transfer: the reference the index is tested against, and the
"before" of bench/bench_review.py.
"""

from __future__ import annotations

import heapq
from datetime import date

from pydantic import BaseModel, ConfigDict

from graph.decisions import standing
from graph.model import Evidence, Transfer
from graph.review_priority import (
    LOW_CONFIDENCE,
    Priority,
    QueueEntry,
    QueueFilter,
    entry_passes,
    queue_entries,
    regimes_by_target,
    review_target,
    reviewed_targets,
)
from graph.store import GraphStore, TransferFilter
from graph.vocab import SourceKind, TransferStatus, WeaponCategory

__all__ = [
    "LOW_CONFIDENCE",
    "Priority",
    "QueueAnswer",
    "QueueFilter",
    "QueueItem",
    "queue",
    "queue_on_read",
    "review_target",
]


class QueueItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    #: What a decision on it targets: the claim id (news) or the transfer id (register rows).
    target: str
    priority: Priority
    #: Why it is queued, in words.
    why: str
    transfer: str
    supplier: str
    recipient: str
    category: WeaponCategory
    status: TransferStatus
    confidence: float
    quote: str
    source_id: str
    source_kind: SourceKind
    language: str | None = None
    claimant: str | None = None
    extractor: str
    reported: date | None = None


class QueueAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    total: int
    offset: int
    items: tuple[QueueItem, ...]


def queue(
    store: GraphStore,
    *,
    actor: str | None = None,
    language: str | None = None,
    source: str | None = None,
    since: date | None = None,
    offset: int = 0,
    limit: int = 50,
) -> QueueAnswer:
    """The open claims in queue order, filtered by actor (either end), the evidence's language, its source id and
    the transfer's date (its range reaches `since` or later), sliced [offset:offset+limit], with the total. Reads
    the store's queue index; only the page's transfers are judged again, to say why they are queued."""
    flt = QueueFilter(actor=actor, language=language, source=source, since=since)
    total, page = store.review_queue(flt, offset, limit)
    regimes = regimes_by_target(store.regimes()) if page else {}
    items: list[QueueItem] = []
    for t, position in page:
        entry = next((x for x in queue_entries(t, regimes, ()) if x.position == position), None)
        if entry is not None:  # always, unless the transfer changed between the two reads
            items.append(_item(entry, t, t.evidence[position]))
    return QueueAnswer(total=total, offset=offset, items=tuple(items))


def queue_on_read(
    store: GraphStore,
    *,
    actor: str | None = None,
    language: str | None = None,
    source: str | None = None,
    since: date | None = None,
    offset: int = 0,
    limit: int = 50,
) -> QueueAnswer:
    """`queue` computed from scratch: every selected transfer read and judged, its entries sorted. O(transfers ·
    regimes of their ends); the reference for the stores' indexes."""
    flt = QueueFilter(actor=actor, language=language, source=source, since=since)
    regimes = regimes_by_target(store.regimes())
    reviewed = reviewed_targets(standing(store.decisions()))
    found: list[tuple[QueueEntry, Transfer]] = []
    for t in store.transfers(TransferFilter(actor=actor, since=since)):
        found += [(x, t) for x in queue_entries(t, regimes, reviewed) if entry_passes(x, flt)]
    first = heapq.nsmallest(offset + limit, found, key=lambda pair: pair[0].key)  # the page, not a full sort
    page = tuple(_item(x, t, t.evidence[x.position]) for x, t in first[offset:])
    return QueueAnswer(total=len(found), offset=offset, items=page)


def _item(entry: QueueEntry, t: Transfer, e: Evidence) -> QueueItem:
    return QueueItem(
        target=entry.target,
        priority=entry.priority,
        why=entry.why,
        transfer=t.id,
        supplier=t.supplier,
        recipient=t.recipient,
        category=t.category,
        status=e.status,
        confidence=e.confidence,
        quote=e.quote,
        source_id=e.source_id,
        source_kind=e.source_kind,
        language=e.language,
        claimant=e.claimant,
        extractor=e.extractor,
        reported=e.reported,
    )
