"""The embedded store's review-queue index: every open queue entry (graph/review_priority.py) in one list sorted
by queue order, the same per source id and per language, and each transfer's entries, updated when the store
writes a transfer, a decision or a regime.

The first page of the whole queue is a slice of the sorted list and its total the list's length; a source or
language filter reads its own list the same way; an actor filter reads that actor's transfers' entries only; a
date filter alone counts with a bisection of the sorted end dates and walks the queue until its page is full. A
second filter is checked on the entries of the chosen list, without reading any transfer.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from sortedcontainers import SortedList

from graph.model import Transfer
from graph.review_priority import QueueEntry, QueueFilter, QueueKey, entry_passes

__all__ = ["QueueIndex"]


class QueueIndex:
    def __init__(self) -> None:
        self._order: SortedList = SortedList()
        self._by_source: dict[str, SortedList] = {}
        self._by_language: dict[str, SortedList] = {}
        self._entries: dict[QueueKey, QueueEntry] = {}
        self._of: dict[str, tuple[QueueEntry, ...]] = {}
        #: Every dated entry's transfer end date, sorted: the total of a date filter is one bisection.
        self._dates: SortedList = SortedList()

    def copy(self) -> QueueIndex:
        other = QueueIndex()
        other._order = self._order.copy()
        other._by_source = {k: v.copy() for k, v in self._by_source.items()}
        other._by_language = {k: v.copy() for k, v in self._by_language.items()}
        other._entries = dict(self._entries)
        other._of = dict(self._of)
        other._dates = self._dates.copy()
        return other

    def __len__(self) -> int:
        return len(self._order)

    def of(self, transfer_id: str) -> tuple[QueueEntry, ...]:
        """The transfer's entries in the index (what the store file saves)."""
        return self._of.get(transfer_id, ())

    def items(self) -> Iterator[tuple[str, tuple[QueueEntry, ...]]]:
        return iter(self._of.items())

    def put(self, transfer_id: str, entries: Iterable[QueueEntry]) -> None:
        """Replace the transfer's entries (none: it leaves the queue). O(entries · log size)."""
        for e in self._of.pop(transfer_id, ()):
            self._order.remove(e.key)
            for name in e.sources:
                self._by_source[name].remove(e.key)
            for name in e.languages:
                self._by_language[name].remove(e.key)
            if e.date_to is not None:
                self._dates.remove(e.date_to)
            del self._entries[e.key]
        fresh = tuple(entries)
        if fresh:
            self._of[transfer_id] = fresh
            for e in fresh:
                self._order.add(e.key)
                self._entries[e.key] = e
                for name in e.sources:
                    self._by_source.setdefault(name, SortedList()).add(e.key)
                for name in e.languages:
                    self._by_language.setdefault(name, SortedList()).add(e.key)
                if e.date_to is not None:
                    self._dates.add(e.date_to)

    def load(self, entries: Iterable[QueueEntry]) -> None:
        """Fill an empty index at once (one sort per list instead of an insertion per entry)."""
        of: dict[str, list[QueueEntry]] = {}
        sources: dict[str, list[QueueKey]] = {}
        languages: dict[str, list[QueueKey]] = {}
        for e in entries:
            of.setdefault(e.transfer, []).append(e)
            self._entries[e.key] = e
            for name in e.sources:
                sources.setdefault(name, []).append(e.key)
            for name in e.languages:
                languages.setdefault(name, []).append(e.key)
        self._of = {tid: tuple(found) for tid, found in of.items()}
        self._order = SortedList(self._entries)
        self._by_source = {k: SortedList(v) for k, v in sources.items()}
        self._by_language = {k: SortedList(v) for k, v in languages.items()}
        self._dates = SortedList(e.date_to for e in self._entries.values() if e.date_to is not None)

    def page(
        self,
        flt: QueueFilter,
        offset: int,
        limit: int,
        transfer: Callable[[str], Transfer | None],
        actor_transfers: Callable[[str], Iterable[str]],
    ) -> tuple[int, list[tuple[Transfer, int]]]:
        """How many entries pass `flt`, and the page [offset:offset+limit] as (transfer, position)."""

        def resolve(keys: Iterable[QueueKey]) -> list[tuple[Transfer, int]]:
            return [(t, k[3]) for k in keys if (t := transfer(k[2])) is not None]

        if flt.actor is not None:
            candidates = [e for tid in actor_transfers(flt.actor) for e in self._of.get(tid, ())]
            kept = [e.key for e in candidates if entry_passes(e, flt)]
            return len(kept), resolve(heapq.nsmallest(offset + limit, kept)[offset:])
        ordered: SortedList = self._order
        rest = flt
        if flt.source is not None:
            ordered = self._by_source.get(flt.source, SortedList())
            rest = QueueFilter(language=flt.language, since=flt.since)
        elif flt.language is not None:
            ordered = self._by_language.get(flt.language, SortedList())
            rest = QueueFilter(since=flt.since)
        if rest.empty:  # the chosen list is the answer
            return len(ordered), resolve(islice(ordered, offset, offset + limit))
        if ordered is self._order and rest.since is not None and rest == QueueFilter(since=rest.since):
            # a date filter alone: the total from the sorted dates, the page from the first entries that pass
            total = len(self._dates) - self._dates.bisect_left(rest.since)
            passing = (k for k in self._order if entry_passes(self._entries[k], rest))
            return total, resolve(islice(passing, offset, offset + limit))
        total = 0
        page: list[QueueKey] = []
        for key in ordered:  # in order: the page fills first, the rest is only counted
            if entry_passes(self._entries[key], rest):
                if offset <= total < offset + limit:
                    page.append(key)
                total += 1
        return total, resolve(page)
