"""The embedded store's review-queue index: every open queue entry's key (graph/review_priority.py) in one sorted
list, and each transfer's keys, updated when the store writes a transfer, a decision or a regime.

Only keys are kept (about 150 bytes an entry); the filters read the transfer itself
(review_priority.transfer_entry_passes). The first page of the whole queue is a slice of the sorted list and its
total the list's length; an actor's queue reads that actor's transfers' keys only.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from itertools import islice

from sortedcontainers import SortedList

from graph.model import Transfer
from graph.review_priority import QueueEntry, QueueFilter, QueueKey, transfer_entry_passes

__all__ = ["QueueIndex"]


class QueueIndex:
    def __init__(self) -> None:
        self._order: SortedList = SortedList()
        self._keys: dict[str, tuple[QueueKey, ...]] = {}

    def copy(self) -> QueueIndex:
        other = QueueIndex()
        other._order = self._order.copy()
        other._keys = dict(self._keys)
        return other

    def __len__(self) -> int:
        return len(self._order)

    def put(self, transfer_id: str, entries: Iterable[QueueEntry]) -> None:
        """Replace the transfer's entries (none: it leaves the queue). O(entries · log size)."""
        for key in self._keys.pop(transfer_id, ()):
            self._order.remove(key)
        keys = tuple(e.key for e in entries)
        if keys:
            self._keys[transfer_id] = keys
            self._order.update(keys)

    def load(self, entries: Iterable[QueueEntry]) -> None:
        """Fill an empty index at once (one sort instead of an insertion per entry)."""
        keys: dict[str, list[QueueKey]] = {}
        for e in entries:
            keys.setdefault(e.transfer, []).append(e.key)
        self._keys = {tid: tuple(found) for tid, found in keys.items()}
        self._order = SortedList(k for found in self._keys.values() for k in found)

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

        if flt.empty:
            return len(self._order), resolve(islice(self._order, offset, offset + limit))

        def passes(key: QueueKey) -> bool:
            t = transfer(key[2])
            return t is not None and transfer_entry_passes(t, key[3], flt)

        if flt.actor is not None:
            candidates = [k for tid in actor_transfers(flt.actor) for k in self._keys.get(tid, ())]
            kept = [k for k in candidates if passes(k)]
            return len(kept), resolve(heapq.nsmallest(offset + limit, kept)[offset:])
        total = 0
        page: list[QueueKey] = []
        for key in self._order:  # in order: the page fills first, the rest is only counted
            if passes(key):
                if offset <= total < offset + limit:
                    page.append(key)
                total += 1
        return total, resolve(page)
