"""graph/pair_aggregates.py: the per-status SUPPLIES aggregate gives back, for any status selection, the tally of
the selected transfers, and is used only for filters it can answer."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import pytest

from graph.model import Transfer
from graph.pair_aggregates import RANKED, add, answers_from_aggregates, decode, of, pair_key, rank, ranked, slots_of
from graph.queries import AFFIRMATIVE
from graph.rollup import Tally
from graph.store import TransferFilter
from graph.vocab import SourceKind, TransferStatus
from tests.factories import random_transfers

SELECTIONS = [combo for n in range(len(TransferStatus) + 1) for combo in combinations(TransferStatus, n)]


def test_every_status_selection_decodes_to_the_tally_of_its_transfers() -> None:
    by_pair: dict[str, list[Transfer]] = {}
    for t in random_transfers(600, seed=3):
        by_pair.setdefault(pair_key(t.supplier, t.recipient), []).append(t)
    assert max(len(ts) for ts in by_pair.values()) > 20  # pairs with every status occur
    for transfers in by_pair.values():
        props = of(transfers)
        assert sum(props["n"]) == len(transfers)
        for selection in SELECTIONS:
            chosen = [t for t in transfers if not selection or t.status in selection]
            assert decode(props, slots_of(selection)) == Tally.of(chosen), selection


def test_adding_new_transfers_equals_recomputing() -> None:
    transfers = [t for t in random_transfers(300, seed=6) if (t.supplier, t.recipient) == ("KP", "RU")]
    assert len(transfers) > 10
    assert add(add(None, transfers[:4]), transfers[4:]) == of(transfers)
    assert add(of(transfers[:4]), []) == of(transfers[:4])


def test_undated_and_empty_slots_stay_out_of_the_tally() -> None:
    (undated,) = [t for t in random_transfers(200, seed=4) if t.date_from is None][:1]
    props = of([undated])
    assert props["first"] == [""] * len(TransferStatus) and props["n"].count(1) == 1  # Neo4j lists hold no nulls
    tally = decode(props, slots_of(()))
    assert tally.count == 1 and tally.first is None and tally.last is None
    assert decode(props, [i for i in range(len(TransferStatus)) if props["n"][i] == 0]) == Tally()


def test_merge_equals_the_tally_of_both_parts() -> None:
    transfers = random_transfers(80, seed=5)
    merged = Tally.of(transfers[:30])
    merged.merge(Tally.of(transfers[30:]))
    assert merged == Tally.of(transfers)


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (TransferFilter(recipient="RU"), True),
        (TransferFilter(recipient="RU", statuses=(TransferStatus.DELIVERED,)), True),
        (TransferFilter(since=date(2020, 1, 1)), False),
        (TransferFilter(until=date(2020, 1, 1)), False),
        (TransferFilter(min_confidence=0.1), False),
        (TransferFilter(source_kind=SourceKind.NEWS), False),
    ],
)
def test_only_status_filters_are_answered_from_aggregates(flt: TransferFilter, expected: bool) -> None:
    assert answers_from_aggregates(flt) is expected


def test_ranks_order_pairs_by_affirmative_count_then_supplier() -> None:
    assert set(AFFIRMATIVE) == RANKED  # the default question is the one the ranks serve
    by_pair: dict[tuple[str, str], list[Transfer]] = {}
    for t in random_transfers(400, seed=7):
        by_pair.setdefault((t.supplier, t.recipient), []).append(t)
    ranks = {}
    for (supplier, recipient), ts in by_pair.items():
        if recipient == "RU":
            ranks[supplier] = rank(of(ts), supplier)
    expected = sorted(
        (s for s, r in ranks.items() if r is not None),
        key=lambda s: (-sum(t.status in RANKED for t in by_pair[s, "RU"]), s),
    )
    assert len(expected) > 5 and sorted(expected, key=lambda s: ranks[s] or "") == expected
    only_denied = [t.model_copy(update={"status": TransferStatus.DENIED}) for t in by_pair["KP", "RU"]]
    assert rank(of(only_denied), "KP") is None
    assert rank(of(by_pair["KP", "RU"]), "KP") != rank(of(by_pair["KP", "RU"]), "KPX")  # the supplier breaks ties


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [(AFFIRMATIVE, True), (tuple(reversed(AFFIRMATIVE)), True), ((), False), (AFFIRMATIVE[:2], False)],
)
def test_only_the_default_statuses_read_in_rank_order(statuses: tuple[TransferStatus, ...], expected: bool) -> None:
    assert ranked(TransferFilter(recipient="RU", statuses=statuses)) is expected
    assert not ranked(TransferFilter(recipient="RU", statuses=statuses, min_confidence=0.5))
