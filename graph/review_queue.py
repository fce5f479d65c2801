"""The review queue: the claims that most need a person, most urgent first.

Order: claims behind a `violation` verdict (the transfer's whole date range falls inside a regime), then behind a
`possible` one (only part of it does), then low-confidence claims, then claims that contradict a register (the
same transfer has register evidence with another status), then every other open claim. Within a tier, the least
confident first, then by transfer id. A claim with a standing decision (accept, reject, correct) has left the
queue; an undo puts it back. Register rows are reviewed through their transfer id (graph/decisions.py).

Cost: one read of the transfers the filters select (all of them without an actor filter) and the violation
judgement of each, then a sort of the candidate claims: O(transfers · regimes of their ends).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from graph.decisions import standing
from graph.model import Evidence, Regime, Transfer
from graph.sanctions import violations as breaches
from graph.store import GraphStore, TransferFilter
from graph.vocab import SourceKind, TransferStatus, WeaponCategory

__all__ = ["LOW_CONFIDENCE", "Priority", "QueueAnswer", "QueueItem", "queue", "review_target"]

#: Claims below this confidence are queued as low-confidence.
LOW_CONFIDENCE = 0.5


class Priority(StrEnum):
    VIOLATION = "violation"
    POSSIBLE = "possible"
    LOW_CONFIDENCE = "low_confidence"
    CONTRADICTS_REGISTER = "contradicts_register"
    #: Every other open claim, after the urgent ones.
    OPEN = "open"


_TIER = {p: i for i, p in enumerate(Priority)}


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


def review_target(t: Transfer, e: Evidence) -> str:
    """What a decision on this piece of evidence targets: its claim id, or the transfer id for a register row."""
    return t.id if e.source_kind is SourceKind.REGISTER or e.start is None else t.claim_id(e)


def _candidates(t: Transfer, verdict: Priority | None, why: str) -> Iterable[tuple[Priority, str, Evidence]]:
    register = (
        {e.status for e in t.evidence if e.source_kind is SourceKind.REGISTER}
        if SourceKind.REGISTER in t.source_kinds
        else set()
    )
    for e in t.evidence:
        if verdict is not None:
            yield verdict, why, e
        elif e.confidence < LOW_CONFIDENCE:
            yield Priority.LOW_CONFIDENCE, f"confidence {e.confidence:.2f} below {LOW_CONFIDENCE}", e
        elif e.source_kind is not SourceKind.REGISTER and register and e.status not in register:
            yield (
                Priority.CONTRADICTS_REGISTER,
                f"says {e.status.value}; the register says {', '.join(sorted(s.value for s in register))}",
                e,
            )
        else:
            yield Priority.OPEN, "not reviewed yet", e


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
    the transfer's date (on or after `since`), sliced [offset:offset+limit], with the total."""
    by_target: dict[str, list[Regime]] = {}
    for r in store.regimes():
        by_target.setdefault(r.target, []).append(r)
    # Claim ids are hashes: computed only for the transfers holding a reviewed target, and for the page.
    reviews = standing(store.decisions())
    reviewed = {target for target, r in reviews.items() if r.reviewed}
    holders = set(store.claim_transfers(sorted(reviewed)).values()) if reviewed else set()
    found: list[tuple[tuple[int, float, str, int], Priority, str, Transfer, Evidence]] = []
    for t in store.transfers(TransferFilter(actor=actor, since=since)):
        if t.id in reviewed or (t.review is not None and t.review.moved_from is not None):
            continue  # reviewed, or a copy a supplier/recipient correction made (reviewed through its transfer)
        verdict: Priority | None = None
        why = ""
        relevant = by_target.get(t.supplier, []) + by_target.get(t.recipient, [])
        for v in breaches(t, relevant) if relevant else ():
            whole = v.overlap_from <= (t.date_from or v.overlap_from) and v.overlap_to >= (t.date_to or v.overlap_to)
            tier = Priority.VIOLATION if whole else Priority.POSSIBLE
            if verdict is None or _TIER[tier] < _TIER[verdict]:
                verdict, why = tier, f"{tier.value}: {v.regime.name} ({v.clause})"
        register_seen = False
        for position, (priority, reason, e) in enumerate(_candidates(t, verdict, why)):
            if (language is not None and e.language != language) or (source is not None and e.source_id != source):
                continue
            if (
                e.source_kind is SourceKind.REGISTER or e.start is None
            ):  # reviewed through the transfer: one item per transfer
                if register_seen:
                    continue
                register_seen = True
            elif t.id in holders and t.claim_id(e) in reviewed:
                continue
            found.append(((_TIER[priority], e.confidence, t.id, position), priority, reason, t, e))
    first = heapq.nsmallest(offset + limit, found, key=lambda entry: entry[0])  # the page, not a full sort
    page = tuple(_item(review_target(t, e), priority, why, t, e) for _, priority, why, t, e in first[offset:])
    return QueueAnswer(total=len(found), offset=offset, items=page)


def _item(target: str, priority: Priority, why: str, t: Transfer, e: Evidence) -> QueueItem:
    return QueueItem(
        target=target,
        priority=priority,
        why=why,
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
