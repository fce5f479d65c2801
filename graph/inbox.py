"""Column index of one actor's incoming transfers, for "who supplies X" in the embedded store.

A state's suppliers are about as many as its transfers (most actor pairs trade once or twice), so anything done per
supplier in Python costs as much as scanning the transfers. Instead each recipient keeps its incoming transfers as
columns (typed `array`s, appended as transfers arrive, viewed by numpy without copying); a question is a boolean
mask plus a few grouped reductions, and Python objects are built only for the page of suppliers returned.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Collection
from datetime import date

import numpy as np
import numpy.typing as npt

from graph.model import Transfer
from graph.rollup import CATEGORY_BIT, KIND_BIT, RollupPage, SupplierRollup, Tally, newest_first
from graph.store import TransferFilter
from graph.vocab import TransferStatus

__all__ = ["Inbox"]

_STATUSES = list(TransferStatus)
_STATUS_CODE = {s: i for i, s in enumerate(_STATUSES)}
_NO_DATE = -1
_FAR = np.iinfo(np.int32).max


class Inbox:
    """One recipient's incoming transfers as columns; rows are updated in place when a transfer changes."""

    __slots__ = (
        "_rank",
        "category",
        "confidence",
        "first",
        "kind",
        "last",
        "row_of",
        "status",
        "supplier",
        "supplier_ids",
        "supplier_index",
        "transfers",
    )

    def __init__(self) -> None:
        self.supplier_ids: list[str] = []
        self.supplier_index: dict[str, int] = {}
        self.row_of: dict[str, int] = {}
        self.supplier = array("i")
        self.status = array("b")
        self.first = array("i")  # date_from as an ordinal, _NO_DATE when undated
        self.last = array("i")  # date_to likewise
        self.confidence = array("d")
        self.category = array("q")  # one bit per WeaponCategory
        self.kind = array("q")  # one bit per SourceKind of its evidence
        self.transfers: list[Transfer] = []  # the row's Transfer, to hand out previews without a lookup
        self._rank: npt.NDArray[np.int64] | None = None  # suppliers' positions in id order, built when asked

    def copy(self) -> Inbox:
        """An independent copy (the Transfers themselves are immutable and shared): O(rows)."""
        other = Inbox()
        other.supplier_ids = list(self.supplier_ids)
        other.supplier_index = dict(self.supplier_index)
        other.row_of = dict(self.row_of)
        for name in ("supplier", "status", "first", "last", "confidence", "category", "kind"):
            setattr(other, name, getattr(self, name)[:])
        other.transfers = list(self.transfers)
        return other

    def put(self, t: Transfer) -> None:
        """Add a transfer, or overwrite its row if it is already here."""
        sup = self.supplier_index.get(t.supplier)
        if sup is None:
            sup = self.supplier_index[t.supplier] = len(self.supplier_ids)
            self.supplier_ids.append(t.supplier)
            self._rank = None
        values = (
            sup,
            _STATUS_CODE[t.status],
            t.date_from.toordinal() if t.date_from else _NO_DATE,
            t.date_to.toordinal() if t.date_to else _NO_DATE,
            t.confidence,
            CATEGORY_BIT[t.category],
            sum(KIND_BIT[k] for k in set(t.source_kinds)),
        )
        columns = (self.supplier, self.status, self.first, self.last, self.confidence, self.category, self.kind)
        row = self.row_of.get(t.id)
        if row is None:
            self.row_of[t.id] = len(self.supplier)
            for column, value in zip(columns, values, strict=True):
                column.append(value)  # type: ignore[attr-defined]
            self.transfers.append(t)
        else:
            for column, value in zip(columns, values, strict=True):
                column[row] = value  # type: ignore[index]
            self.transfers[row] = t

    def rollups(
        self,
        flt: TransferFilter,
        describe: Callable[[str], tuple[str, str, str | None]],
        among: Collection[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        per_supplier: int = 0,
    ) -> RollupPage:
        """Suppliers with a transfer passing `flt` (its end fields are ignored), restricted to `among` when given.
        `describe` gives a supplier's (name, kind, country)."""
        n = len(self.supplier_ids)
        if not len(self.supplier) or not n:
            return RollupPage(0, [])
        sup = np.frombuffer(self.supplier, dtype=np.int32)
        mask = self._mask(flt)
        idx = sup[mask]
        counts = np.bincount(idx, minlength=n)
        if among is not None:
            allowed = np.zeros(n, dtype=bool)
            allowed[[self.supplier_index[s] for s in among if s in self.supplier_index]] = True
            counts = np.where(allowed, counts, 0)
        candidates = np.flatnonzero(counts)
        order = candidates[np.lexsort((self._ranks()[candidates], -counts[candidates]))]
        page = order[offset : None if limit is None else offset + limit]
        if not len(page):
            return RollupPage(len(candidates), [])
        # grouped reductions over the rows of the page's suppliers only
        in_page = np.zeros(n, dtype=bool)
        in_page[page] = True
        rows = mask & in_page[sup]
        idx = sup[rows]
        first = np.frombuffer(self.first, dtype=np.int32)[rows]
        firsts = np.full(n, _FAR, dtype=np.int32)
        np.minimum.at(firsts, idx, np.where(first == _NO_DATE, _FAR, first))
        lasts = np.full(n, _NO_DATE, dtype=np.int32)
        np.maximum.at(lasts, idx, np.frombuffer(self.last, dtype=np.int32)[rows])
        best = np.zeros(n)
        np.maximum.at(best, idx, np.frombuffer(self.confidence, dtype=np.float64)[rows])
        categories = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(categories, idx, np.frombuffer(self.category, dtype=np.int64)[rows])
        kinds = np.zeros(n, dtype=np.int64)
        np.bitwise_or.at(kinds, idx, np.frombuffer(self.kind, dtype=np.int64)[rows])
        by_status = np.bincount(
            idx * len(_STATUSES) + np.frombuffer(self.status, dtype=np.int8)[rows], minlength=n * len(_STATUSES)
        ).reshape(n, len(_STATUSES))
        newest = self._newest(mask, page, per_supplier) if per_supplier > 0 else {}
        out = []
        for i in page.tolist():
            supplier = self.supplier_ids[i]
            name, kind, country = describe(supplier)
            tally = Tally(
                count=int(counts[i]),
                first=date.fromordinal(int(firsts[i])) if firsts[i] != _FAR else None,
                last=date.fromordinal(int(lasts[i])) if lasts[i] != _NO_DATE else None,
                max_confidence=float(best[i]),
                categories=int(categories[i]),
                kinds=int(kinds[i]),
                statuses={_STATUSES[j]: int(c) for j, c in enumerate(by_status[i].tolist()) if c},
            )
            out.append(SupplierRollup(supplier, name, kind, country, tally, tuple(newest.get(i, ()))))
        return RollupPage(len(candidates), out)

    def _newest(
        self, mask: npt.NDArray[np.bool_], suppliers: npt.NDArray[np.intp], per_supplier: int
    ) -> dict[int, list[Transfer]]:
        """Per supplier (by index): its `per_supplier` newest rows under the mask, in newest_first order.

        Numeric sort by start date (newest first, undated last) picks each supplier's first `per_supplier` rows
        plus any row tied with the last of them; only those few are ordered by id in Python."""
        sup = np.frombuffer(self.supplier, dtype=np.int32)
        chosen = np.zeros(len(self.supplier_ids), dtype=bool)
        chosen[suppliers] = True
        rows = np.flatnonzero(mask & chosen[sup])
        first = np.frombuffer(self.first, dtype=np.int32)[rows].astype(np.int64)
        age = np.where(first == _NO_DATE, _FAR, -first)  # smaller is newer; undated after every date
        order = np.lexsort((age, sup[rows]))
        rows, age, group = rows[order], age[order], sup[rows][order]
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        sizes = np.diff(np.r_[starts, len(rows)])
        cutoff = age[starts + np.minimum(sizes, per_supplier) - 1]  # the age of each group's last row kept
        keep = age <= np.repeat(cutoff, sizes)
        rows, age, group = rows[keep], age[keep], group[keep]
        # groups holding two rows of the same date need the id order; the others are in order already
        tied = set(group[1:][(age[1:] == age[:-1]) & (group[1:] == group[:-1])].tolist())
        picked: dict[int, list[Transfer]] = {}
        for i, row in zip(group.tolist(), rows.tolist(), strict=True):
            picked.setdefault(i, []).append(self.transfers[row])
        for i in tied:
            picked[i] = newest_first(picked[i])[:per_supplier]
        return picked

    def _mask(self, flt: TransferFilter) -> npt.NDArray[np.bool_]:
        status = np.frombuffer(self.status, dtype=np.int8)
        if flt.statuses:
            wanted = np.zeros(len(_STATUSES), dtype=bool)
            wanted[[_STATUS_CODE[s] for s in flt.statuses]] = True
            mask = wanted[status]
        else:
            mask = np.ones(len(status), dtype=bool)
        if flt.min_confidence > 0:
            mask &= np.frombuffer(self.confidence, dtype=np.float64) >= flt.min_confidence
        if flt.since is not None:  # undated transfers never match a window (graph.store.matches)
            mask &= np.frombuffer(self.last, dtype=np.int32) >= flt.since.toordinal()
        if flt.until is not None:
            first = np.frombuffer(self.first, dtype=np.int32)
            mask &= (first != _NO_DATE) & (first <= flt.until.toordinal())
        if flt.source_kind is not None:
            mask &= (np.frombuffer(self.kind, dtype=np.int64) & KIND_BIT[flt.source_kind]) != 0
        return mask

    def _ranks(self) -> npt.NDArray[np.int64]:
        if self._rank is None or len(self._rank) != len(self.supplier_ids):
            order = sorted(range(len(self.supplier_ids)), key=self.supplier_ids.__getitem__)
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            self._rank = rank
        return self._rank
