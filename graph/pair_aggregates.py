"""The SUPPLIES aggregate Neo4j keeps for each (supplier, recipient) pair that has transfers.

"Who supplies X" on a big state reads thousands of TRANSFER relationships and half a dozen properties of each.
Most questions filter transfers by status only (the default is the affirmative statuses), so the Neo4j store also
keeps one SUPPLIES relationship per pair whose properties are per-status tallies: lists with one slot per
`TransferStatus` (STATUS_SLOT). A question with a status filter alone adds up the slots it selects from about half
as many relationships, and reads no transfer except the newest few of the suppliers on its page. Questions with a
date window, a confidence floor or a source kind still aggregate the transfers themselves.

The default question (the affirmative statuses, RANKED) does not even rank the pairs: each pair also stores its
place in its recipient's ranking (`rank`), in a composite index with the recipient, so the page is read in index
order and the total is an index count.

The aggregate is derived data, kept in the transaction that writes the transfers: new transfers are added to it
(`add`: counts add up, bit sets unite, dates and confidence take the extreme); a pair with a changed transfer is
recomputed from all its transfers, found through the `pair` index (`of`). The tallies' arithmetic is
graph/rollup.py's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from graph.model import Transfer
from graph.rollup import Tally
from graph.store import TransferFilter
from graph.vocab import TransferStatus

__all__ = [
    "RANKED",
    "STATUS_SLOT",
    "add",
    "answers_from_aggregates",
    "complete",
    "decode",
    "of",
    "pair_key",
    "rank",
    "ranked",
    "slots_of",
]

# Stored by position: a new status must go at the end of TransferStatus, and reordering needs a migration.
STATUSES = tuple(TransferStatus)
STATUS_SLOT = {s: i for i, s in enumerate(STATUSES)}
#: The statuses of the default question (graph.queries.AFFIRMATIVE), whose order every pair keeps in its `rank`.
RANKED = frozenset(s for s in STATUSES if s.affirmative)
_RANK_TOP = 10**10  # counts stay below it; subtracted from it, they sort ascending from the biggest


def pair_key(supplier: str, recipient: str) -> str:
    """The key of a pair, as stored in TRANSFER.pair and SUPPLIES.pair (cypher.BACKFILL_PAIRS builds the same)."""
    return f"{supplier}>{recipient}"


def answers_from_aggregates(flt: TransferFilter) -> bool:
    """Whether the SUPPLIES aggregates answer this filter: it selects transfers by status alone."""
    return flt.since is None and flt.until is None and flt.min_confidence <= 0.0 and flt.source_kind is None


def ranked(flt: TransferFilter) -> bool:
    """Whether the pairs' `rank` orders the answer to this filter: the RANKED statuses, nothing else."""
    return answers_from_aggregates(flt) and set(flt.statuses) == RANKED


def rank(props: dict[str, Any], supplier: str) -> str | None:
    """A pair's key in its recipient's ranking for the RANKED statuses: in ascending order, the most transfers
    first, then by supplier id (the order of every "who supplies X" answer). None when it has no such transfer."""
    n = sum(props["n"][STATUS_SLOT[s]] for s in RANKED)
    return f"{_RANK_TOP - n:010d}|{supplier}" if n else None


def slots_of(statuses: Sequence[TransferStatus]) -> list[int]:
    """The slots a status filter adds up (no statuses: all of them)."""
    return [STATUS_SLOT[s] for s in (statuses or STATUSES)]


def of(transfers: Iterable[Transfer]) -> dict[str, list[Any]]:
    """The SUPPLIES properties for one pair's transfers."""
    return add(None, transfers)


def add(props: dict[str, Any] | None, transfers: Iterable[Transfer]) -> dict[str, list[Any]]:
    """The SUPPLIES properties after adding new transfers to a pair's aggregate (None: the pair had none). Adding
    is exact for new transfers; a changed transfer needs its pair recomputed with `of`."""
    tallies = [_slot_tally(props, i) if props else Tally() for i in range(len(STATUSES))]
    for t in transfers:
        tallies[STATUS_SLOT[t.status]].add(t)
    return {
        "n": [t.count for t in tallies],
        "cats": [t.categories for t in tallies],
        "kinds": [t.kinds for t in tallies],
        "first": [t.first.isoformat() if t.first else "" for t in tallies],
        "last": [t.last.isoformat() if t.last else "" for t in tallies],
        "maxc": [t.max_confidence for t in tallies],
    }


def complete(props: dict[str, Any] | None) -> bool:
    """Whether a SUPPLIES row read back holds every tally (a read that met a write mid-way may not: neo4j_store)."""
    return bool(props) and all(v is not None for v in props.values())  # type: ignore[union-attr]


def decode(props: dict[str, Any], slots: Iterable[int]) -> Tally:
    """The tally of the transfers in the selected slots."""
    tally = Tally()
    for i in slots:
        tally.merge(_slot_tally(props, i))
    return tally


def _slot_tally(props: dict[str, Any], i: int) -> Tally:
    """One slot's count, categories and source kinds (bit sets), earliest start and latest end ("" when none is
    dated: Neo4j lists hold no nulls) and best confidence."""
    n, first, last = props["n"][i], props["first"][i], props["last"][i]
    return Tally(
        count=n,
        first=date.fromisoformat(first) if first else None,
        last=date.fromisoformat(last) if last else None,
        max_confidence=props["maxc"][i],
        categories=props["cats"][i],
        kinds=props["kinds"][i],
        statuses={STATUSES[i]: n} if n else {},
    )
