"""Who supplies X, on a random graph: the stores' per-supplier tallies and newest transfers agree with a reference
computed from plain transfer reads, for every kind of filter, and stay right after updates and deletions."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from graph import queries
from graph.model import Transfer
from graph.rollup import Tally, newest_first
from graph.store import GraphStore, TransferFilter
from graph.vocab import SourceKind, TransferStatus
from tests.factories import CODES, confirmed, random_transfers, states

FILTERS = [
    TransferFilter(),
    TransferFilter(statuses=queries.AFFIRMATIVE),
    TransferFilter(statuses=(TransferStatus.DELIVERED,)),
    TransferFilter(since=date(2010, 1, 1)),
    TransferFilter(until=date(2005, 6, 30), statuses=(TransferStatus.ORDERED, TransferStatus.DELIVERED)),
    TransferFilter(min_confidence=0.7),
    TransferFilter(source_kind=SourceKind.REGISTER),
]


def reference(store: GraphStore, flt: TransferFilter) -> dict[str, Tally]:
    by_supplier: dict[str, list[Transfer]] = {}
    for t in store.transfers(flt):
        by_supplier.setdefault(t.supplier, []).append(t)
    return {s: Tally.of(ts) for s, ts in by_supplier.items()}


def assert_rollups_match(store: GraphStore, recipient: str) -> None:
    for base in FILTERS:
        flt = replace(base, recipient=recipient)
        expected = reference(store, flt)
        page = store.supplier_rollups(flt, per_supplier=3)
        got = {r.supplier: r for r in page.rollups}
        assert page.total == len(page.rollups)
        assert [r.supplier for r in page.rollups] == sorted(got, key=lambda s: (-got[s].tally.count, s))
        assert set(got) == set(expected), flt
        for supplier, tally in expected.items():
            assert got[supplier].tally == tally, (flt, supplier)
            assert got[supplier].name == store.actor(supplier).name  # type: ignore[union-attr]
        for supplier in expected:
            want = newest_first(t for t in store.transfers(flt) if t.supplier == supplier)[:3]
            assert [t.id for t in got[supplier].newest] == [t.id for t in want], (flt, supplier)
            assert got[supplier].newest == tuple(want)


@pytest.fixture
def random_world(store: GraphStore) -> GraphStore:
    store.upsert_actors(states(*CODES))
    store.upsert_transfers(random_transfers(400, seed=11))
    return store


def test_tallies_agree_with_plain_reads_for_every_filter(random_world: GraphStore) -> None:
    assert_rollups_match(random_world, "RU")
    assert_rollups_match(random_world, "BY")
    assert random_world.supplier_rollups(TransferFilter(recipient="XX-unknown")).total == 0
    among = {"KP", "IR", "XX-unknown"}
    some = random_world.supplier_rollups(TransferFilter(recipient="RU"), among=among, offset=1, limit=1)
    assert some.total == 2 and len(some.rollups) == 1 and some.rollups[0].supplier in among


@pytest.mark.parametrize(
    "flt",
    [
        TransferFilter(recipient="NO"),  # the default statuses: read by rank on Neo4j
        TransferFilter(recipient="NO", statuses=(TransferStatus.DENIED,)),  # by status slots
        TransferFilter(recipient="NO", since=date(2000, 1, 1)),  # from the transfers
    ],
)
def test_an_actor_without_suppliers_has_an_empty_answer(random_world: GraphStore, flt: TransferFilter) -> None:
    """A known actor no one supplies, among pairs that exist (an upload's readers ask before its transfers land):
    every path answers empty, none fails."""
    random_world.upsert_actors(states("NO"))
    page = random_world.supplier_rollups(flt, limit=50, per_supplier=5)
    assert (page.total, list(page.rollups)) == (0, [])
    assert not queries.suppliers(random_world, "NO").suppliers


def test_tallies_follow_updates_and_deletions(random_world: GraphStore) -> None:
    store = random_world
    assert_rollups_match(store, "RU")  # reads first, so the embedded store's tallies exist before the writes
    # a later register row confirms some KP→RU transfers: status, confidence, dates and source kinds change
    before = store.transfers(TransferFilter(recipient="RU", supplier="KP"))[:8]
    report = store.upsert_transfers([confirmed(t) for t in before])
    assert report.updated == len(before)
    store.upsert_transfers(random_transfers(60, seed=12, prefix="late"))  # new transfers onto existing pairs
    assert_rollups_match(store, "RU")
    store.delete_actors(["IR"])
    assert "IR" not in {r.supplier for r in store.supplier_rollups(TransferFilter(recipient="RU")).rollups}
    assert_rollups_match(store, "RU")


def test_suppliers_answer_pages_biggest_first_with_counts(random_world: GraphStore) -> None:
    full = queries.suppliers(random_world, "RU", per_supplier=0)
    counts = [s.transfer_count for s in full.suppliers]
    assert counts == sorted(counts, reverse=True) and full.total == len(full.suppliers) > 4
    assert all(s.transfers == () for s in full.suppliers)
    assert all(sum(s.status_counts.values()) == s.transfer_count for s in full.suppliers)
    assert all(TransferStatus.DENIED not in s.status_counts for s in full.suppliers)  # AFFIRMATIVE by default

    pages, cursor = [], 0
    while True:
        page = queries.suppliers(random_world, "RU", per_supplier=2, limit=3, offset=cursor)
        assert page.total == full.total
        pages += page.suppliers
        if page.next_cursor is None:
            break
        cursor = int(page.next_cursor)
    assert [s.id for s in pages] == [s.id for s in full.suppliers]
    assert all(len(s.transfers) == min(2, s.transfer_count) for s in pages)


def test_transfers_drill_down_pages_through_one_supplier(random_world: GraphStore) -> None:
    row = queries.suppliers(random_world, "RU").suppliers[0]
    seen: list[Transfer] = []
    cursor = 0
    while True:
        page = queries.transfers(random_world, supplier=row.id, recipient="RU", limit=7, offset=cursor)
        seen += page.transfers
        if page.next_cursor is None:
            break
        cursor = int(page.next_cursor)
    assert len(seen) == row.transfer_count == len({t.id for t in seen})
    assert Counter(t.status for t in seen) == Counter(row.status_counts)
    keys = [(t.date_from is None, t.date_from or date.min, t.id) for t in seen]
    assert keys == sorted(keys)  # oldest first, undated last
    everyone = queries.transfers(random_world, since=date(2020, 1, 1), limit=500).transfers
    assert everyone and all(t.date_to is not None and t.date_to >= date(2020, 1, 1) for t in everyone)


def test_newest_transfers_break_date_ties_by_id(store: GraphStore) -> None:
    store.upsert_actors(states("RU", "KP"))
    base = random_transfers(1, seed=5)[0].model_dump(
        exclude={"date_from", "date_to", "first_reported", "source_ids", "source_kinds"}
    )
    base |= {"supplier": "KP", "recipient": "RU", "status": TransferStatus.DELIVERED, "ordered": None}
    store.upsert_transfers(
        [Transfer(**(base | {"id": f"tie-{c}", "delivered": "2020-05-01"})) for c in "ebdca"]
        + [Transfer(**(base | {"id": "older", "delivered": "2019-01-01"}))]
    )
    (row,) = store.supplier_rollups(TransferFilter(recipient="RU"), per_supplier=3).rollups
    assert [t.id for t in row.newest] == ["tie-a", "tie-b", "tie-c"]
    assert row.tally.count == 6


def test_questions_during_an_upload_neither_fail_nor_corrupt(random_world: GraphStore) -> None:
    """The API answers in threads: a question while transfers are written must not break either of them."""
    store = random_world
    late = random_transfers(300, seed=13, prefix="concurrent")
    errors: list[BaseException] = []
    done = threading.Event()

    def ask() -> None:
        try:
            while not done.is_set():
                store.supplier_rollups(TransferFilter(recipient="RU"), limit=5, per_supplier=2)
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    reader = threading.Thread(target=ask)
    reader.start()
    try:
        for i in range(0, len(late), 10):
            store.upsert_transfers(late[i : i + 10])
    finally:
        done.set()
        reader.join()
    assert errors == []
    assert_rollups_match(store, "RU")
