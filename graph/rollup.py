"""Per-supplier aggregates of a recipient's incoming transfers: the body of "who supplies X".

A big state receives thousands of transfers from hundreds of suppliers; an answer lists suppliers with counts,
date span, statuses, categories and source kinds, and only the newest few transfers of each (callers page through
the rest with the transfers endpoints). Stores compute these aggregates close to the data (the embedded store
with numpy over its per-recipient columns, graph/inbox.py; Neo4j from per-pair aggregates, graph/pair_aggregates.py,
or one Cypher aggregation), and `Tally.of` is the reference both are tested against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from graph.model import Transfer
from graph.vocab import SourceKind, TransferStatus, WeaponCategory

__all__ = ["CATEGORY_BIT", "KIND_BIT", "RollupPage", "SupplierRollup", "Tally", "newest_first"]

# Categories and source kinds are kept as bit sets, so a tally (or a column of the embedded store) stays an int.
CATEGORY_BIT = {c: 1 << i for i, c in enumerate(WeaponCategory)}
KIND_BIT = {k: 1 << i for i, k in enumerate(SourceKind)}


@dataclass(slots=True)
class Tally:
    """Running aggregate over transfers: count, date span, best confidence, categories and source kinds."""

    count: int = 0
    first: date | None = None
    last: date | None = None
    max_confidence: float = 0.0
    categories: int = 0
    kinds: int = 0
    statuses: dict[TransferStatus, int] = field(default_factory=dict)

    def add(self, t: Transfer) -> None:
        self.count += 1
        self.statuses[t.status] = self.statuses.get(t.status, 0) + 1
        if t.date_from is not None and (self.first is None or t.date_from < self.first):
            self.first = t.date_from
        if t.date_to is not None and (self.last is None or t.date_to > self.last):
            self.last = t.date_to
        if t.confidence > self.max_confidence:
            self.max_confidence = t.confidence
        self.categories |= CATEGORY_BIT[t.category]
        for kind in t.source_kinds:
            self.kinds |= KIND_BIT[kind]

    def merge(self, other: Tally) -> None:
        """Add another tally of other transfers to this one."""
        self.count += other.count
        for status, n in other.statuses.items():
            self.statuses[status] = self.statuses.get(status, 0) + n
        if other.first is not None and (self.first is None or other.first < self.first):
            self.first = other.first
        if other.last is not None and (self.last is None or other.last > self.last):
            self.last = other.last
        self.max_confidence = max(self.max_confidence, other.max_confidence)
        self.categories |= other.categories
        self.kinds |= other.kinds

    @classmethod
    def of(cls, transfers: Iterable[Transfer]) -> Tally:
        tally = cls()
        for t in transfers:
            tally.add(t)
        return tally

    @classmethod
    def from_parts(
        cls,
        statuses: Iterable[TransferStatus],
        categories: Iterable[WeaponCategory],
        kinds: Iterable[SourceKind],
        first: date | None,
        last: date | None,
        max_confidence: float,
    ) -> Tally:
        """A tally from aggregates computed elsewhere (the Neo4j store's Cypher)."""
        counts: dict[TransferStatus, int] = {}
        for status in statuses:
            counts[status] = counts.get(status, 0) + 1
        return cls(
            count=sum(counts.values()),
            first=first,
            last=last,
            max_confidence=max_confidence,
            categories=sum({CATEGORY_BIT[c] for c in categories}),
            kinds=sum({KIND_BIT[k] for k in kinds}),
            statuses=counts,
        )

    def category_list(self) -> tuple[WeaponCategory, ...]:
        return _categories(self.categories)

    def kind_list(self) -> tuple[SourceKind, ...]:
        return _kinds(self.kinds)


# a few dozen distinct bit sets occur: decode each once
@lru_cache(maxsize=4096)
def _categories(bits: int) -> tuple[WeaponCategory, ...]:
    return tuple(sorted(c for c, bit in CATEGORY_BIT.items() if bits & bit))


@lru_cache(maxsize=64)
def _kinds(bits: int) -> tuple[SourceKind, ...]:
    return tuple(sorted(k for k, bit in KIND_BIT.items() if bits & bit))


@dataclass(frozen=True, slots=True)
class SupplierRollup:
    """One supplier of a recipient: who it is and the tally of its transfers that pass the question's filter."""

    supplier: str
    name: str
    kind: str
    country: str | None
    tally: Tally
    #: Its newest transfers passing the filter (newest_first order), as many as the caller asked.
    newest: tuple[Transfer, ...] = ()


@dataclass(frozen=True, slots=True)
class RollupPage:
    """How many suppliers passed the question, and the requested slice of them (most transfers first, then id)."""

    total: int
    rollups: list[SupplierRollup]


def newest_first(transfers: Iterable[Transfer]) -> list[Transfer]:
    """Dated transfers by start date, newest first, then undated; ties by id. Both stores order previews so."""
    by_id = sorted(transfers, key=lambda t: t.id)
    # two stable sorts: id ascending survives inside equal dates (reverse=True keeps stability in CPython)
    return sorted(by_id, key=lambda t: (t.date_from is not None, t.date_from or date.min), reverse=True)
