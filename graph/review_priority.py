"""The review queue's priority of each piece of evidence, computed from one transfer when it is written.

Pure and the same in every store: the stores call `queue_entries` whenever a transfer, the decisions on it or the
regimes of its ends change, and keep the entries in an index ordered by `QueueEntry.key` (the embedded store in a
sorted list, Neo4j as `:QueueEntry` nodes with an indexed sort key), so the queue's first page is a slice of that
index instead of a judgement of every transfer. graph/review_queue.py reads the index; `queue_on_read` there
computes the same answer from scratch (the reference the tests compare with).

Order: evidence behind a `violation` verdict (the transfer's whole date range falls inside a regime), then behind
a `possible` one (only part of it does), then low confidence, then evidence that contradicts a register (the same
transfer has register evidence with another status), then every other open claim. Within a tier, the least
confident first, then by transfer id and the evidence's position. Evidence with a standing decision (accept,
reject, correct) on it or on its transfer has no entry; an undo brings it back. Register rows are reviewed through
their transfer id: one entry per transfer, for its first register row.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from graph.decisions import Review
from graph.model import Evidence, Regime, Transfer
from graph.sanctions import violations as breaches
from graph.vocab import SourceKind

__all__ = [
    "LOW_CONFIDENCE",
    "Priority",
    "QueueEntry",
    "QueueFilter",
    "QueueKey",
    "entry_passes",
    "key_text",
    "queue_entries",
    "regimes_by_target",
    "restored_entry",
    "review_target",
    "reviewed_targets",
]

#: Claims below this confidence are queued as low-confidence.
LOW_CONFIDENCE = 0.5


class Priority(StrEnum):
    VIOLATION = "violation"
    POSSIBLE = "possible"
    LOW_CONFIDENCE = "low_confidence"
    CONTRADICTS_REGISTER = "contradicts_register"
    #: Every other open claim, after the urgent ones.
    OPEN = "open"


TIER = {p: i for i, p in enumerate(Priority)}

#: (tier, confidence, transfer id, position of the evidence in the transfer): the queue's order, unique per entry.
QueueKey = tuple[int, float, str, int]


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """The queue's filters: actor (either end), the evidence's language and source id, and the transfer's date
    (its range reaches `since` or later)."""

    actor: str | None = None
    language: str | None = None
    source: str | None = None
    since: date | None = None

    @property
    def empty(self) -> bool:
        return self.actor is None and self.language is None and self.source is None and self.since is None


@dataclass(frozen=True, slots=True)
class QueueEntry:
    key: QueueKey
    priority: Priority
    why: str
    #: What a decision on it targets: the claim id, or the transfer id for a register row.
    target: str
    supplier: str
    recipient: str
    date_to: date | None
    #: The languages and source ids the filters match: the evidence's own (a register entry: all register rows').
    languages: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def transfer(self) -> str:
        return self.key[2]

    @property
    def position(self) -> int:
        return self.key[3]


def key_text(key: QueueKey) -> str:
    """The key as a string that sorts like the tuple (Neo4j orders `:QueueEntry` nodes by it through an index):
    confidence is in [0, 1], so a fixed-width decimal sorts right; the separator (a space) sorts before every
    character of an id, so a shorter id comes first as in the tuple."""
    tier, confidence, transfer, position = key
    return f"{tier} {confidence:.17f} {transfer} {position:06d}"


def review_target(t: Transfer, e: Evidence) -> str:
    """What a decision on this piece of evidence targets: its claim id, or the transfer id for a register row."""
    return t.id if e.source_kind is SourceKind.REGISTER or e.start is None else t.claim_id(e)


def regimes_by_target(regimes: Iterable[Regime]) -> dict[str, list[Regime]]:
    found: dict[str, list[Regime]] = {}
    for r in regimes:
        found.setdefault(r.target, []).append(r)
    return found


def reviewed_targets(reviews: Mapping[str, Review]) -> set[str]:
    """The targets with a standing verdict (accept, reject, correct) among these reviews."""
    return {target for target, r in reviews.items() if r.reviewed}


def _verdict(t: Transfer, regimes: Mapping[str, list[Regime]]) -> tuple[Priority | None, str]:
    relevant = regimes.get(t.supplier, []) + regimes.get(t.recipient, [])
    verdict: Priority | None = None
    why = ""
    for v in breaches(t, relevant) if relevant else ():
        whole = v.overlap_from <= (t.date_from or v.overlap_from) and v.overlap_to >= (t.date_to or v.overlap_to)
        tier = Priority.VIOLATION if whole else Priority.POSSIBLE
        if verdict is None or TIER[tier] < TIER[verdict]:
            verdict, why = tier, f"{tier.value}: {v.regime.name} ({v.clause})"
    return verdict, why


def queue_entries(t: Transfer, regimes: Mapping[str, list[Regime]], reviewed: Collection[str]) -> list[QueueEntry]:
    """The open queue entries of one transfer. `regimes`: regimes by target (at least those of its ends);
    `reviewed`: targets with a standing verdict (at least those among the transfer's and its claims' ids).
    O(evidence + regimes of its ends); claim ids (hashes) are computed only when some target was reviewed."""
    if t.id in reviewed or (t.review is not None and t.review.moved_from is not None):
        return []  # reviewed as a whole, or a copy a supplier/recipient correction made (reviewed through its transfer)
    verdict, why = _verdict(t, regimes)
    register_rows = [e for e in t.evidence if _by_transfer(e)]
    register_status = {e.status for e in t.evidence if e.source_kind is SourceKind.REGISTER}
    out: list[QueueEntry] = []
    register_seen = False
    for position, e in enumerate(t.evidence):
        if _by_transfer(e):
            if register_seen:
                continue
            register_seen = True
            target = t.id
            languages = tuple(sorted({x.language for x in register_rows if x.language}))
            sources = tuple(sorted({x.source_id for x in register_rows}))
        else:
            target = t.claim_id(e)
            if target in reviewed:
                continue
            languages = (e.language,) if e.language else ()
            sources = (e.source_id,)
        if verdict is not None:
            priority, reason = verdict, why
        elif e.confidence < LOW_CONFIDENCE:
            priority, reason = Priority.LOW_CONFIDENCE, f"confidence {e.confidence:.2f} below {LOW_CONFIDENCE}"
        elif e.source_kind is not SourceKind.REGISTER and register_status and e.status not in register_status:
            priority = Priority.CONTRADICTS_REGISTER
            reason = f"says {e.status.value}; the register says {', '.join(sorted(s.value for s in register_status))}"
        else:
            priority, reason = Priority.OPEN, "not reviewed yet"
        out.append(
            QueueEntry(
                key=(TIER[priority], e.confidence, t.id, position),
                priority=priority,
                why=reason,
                target=target,
                supplier=t.supplier,
                recipient=t.recipient,
                date_to=t.date_to,
                languages=languages,
                sources=sources,
            )
        )
    return out


def _by_transfer(e: Evidence) -> bool:
    """Register rows (and evidence without offsets) are reviewed through their transfer id."""
    return e.source_kind is SourceKind.REGISTER or e.start is None


def restored_entry(t: Transfer, priority: Priority, position: int) -> QueueEntry:
    """The entry of `t` at `position` with a priority saved earlier (the embedded store's file keeps only priority
    and position): what the index needs to order and filter it. Its `target` and `why` are left empty; the queue
    computes them again for the page it shows."""
    e = t.evidence[position]
    rows = [x for x in t.evidence if _by_transfer(x)] if _by_transfer(e) else [e]
    return QueueEntry(
        key=(TIER[priority], e.confidence, t.id, position),
        priority=priority,
        why="",
        target="",
        supplier=t.supplier,
        recipient=t.recipient,
        date_to=t.date_to,
        languages=tuple(sorted({x.language for x in rows if x.language})),
        sources=tuple(sorted({x.source_id for x in rows})),
    )


def entry_passes(entry: QueueEntry, flt: QueueFilter) -> bool:
    """Whether the entry passes the filters."""
    if flt.actor is not None and flt.actor not in (entry.supplier, entry.recipient):
        return False
    if flt.language is not None and flt.language not in entry.languages:
        return False
    if flt.source is not None and flt.source not in entry.sources:
        return False
    return flt.since is None or (entry.date_to is not None and entry.date_to >= flt.since)

