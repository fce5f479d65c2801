"""Path search on both stores against a brute-force reference, the Neo4j path statements, one pair's transfers."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date
from itertools import pairwise, permutations

import pytest

from graph import cypher, memory_store, queries
from graph.memory_store import MemoryStore
from graph.model import Transfer
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore, TransferFilter, matches
from graph.vocab import SourceKind, TransferStatus, WeaponCategory
from tests.factories import states, transfer

CODES = ("AF", "AL", "AM", "AO", "AR", "AT")
FILTERS = {
    "everything": TransferFilter(),
    "delivered-or-ordered": TransferFilter(statuses=(TransferStatus.DELIVERED, TransferStatus.ORDERED)),
    "confident-since-2012": TransferFilter(min_confidence=0.6, since=date(2012, 1, 1)),
    "registers-until-2016": TransferFilter(until=date(2016, 12, 31), source_kind=SourceKind.REGISTER),
}
CATEGORIES = [WeaponCategory.AMMUNITION, WeaponCategory.DRONE, WeaponCategory.AIRCRAFT, WeaponCategory.MISSILE]


def random_transfers(seed: int, count: int) -> list[Transfer]:
    """Transfers between random actors (self-transfers and parallel transfers of one pair included)."""
    rng = random.Random(seed)
    return [
        transfer(
            rng.choice(CODES),
            rng.choice(CODES),
            rng.choice(CATEGORIES),
            str(rng.randint(2005, 2022)),
            rng.choice(list(TransferStatus)),
            round(rng.uniform(0.3, 0.99), 2),
            kind=rng.choice([SourceKind.NEWS, SourceKind.REGISTER]),
        )
        for _ in range(count)
    ]


def build(store: GraphStore, seed: int) -> list[Transfer]:
    store.upsert_actors(states(*CODES))
    store.upsert_transfers(random_transfers(seed, 30))
    return store.transfers(TransferFilter())


def reference_paths(
    transfers: list[Transfer], source: str, target: str, max_hops: int, flt: TransferFilter
) -> list[tuple[str, ...]]:
    """Every simple path of 1..max_hops hops whose every hop has a transfer passing `flt`, by length then ids."""
    hops = {(t.supplier, t.recipient) for t in transfers if matches(t, flt)}
    found: list[tuple[str, ...]] = []
    for length in range(1, max_hops + 1):
        chains = ((source, *middle, target) for middle in permutations(CODES, length - 1))
        found += sorted(c for c in chains if len(set(c)) == len(c) and all(h in hops for h in pairwise(c)))
    return found


@pytest.mark.parametrize("seed", [7, 8])
def test_paths_equal_the_brute_force_reference(store: GraphStore, seed: int) -> None:
    transfers = build(store, seed)
    assert len({(t.supplier, t.recipient) for t in transfers}) < len(transfers)  # parallel transfers exist
    longest = 0
    for name, flt in FILTERS.items():
        for source in CODES:
            for target in CODES:
                for max_hops in (1, 2, 3, 4):
                    expected = reference_paths(transfers, source, target, max_hops, flt)
                    got = store.paths(source, target, max_hops, flt, 500)
                    assert got == expected, (name, source, target, max_hops)
                    longest = max([longest, *(len(p) - 1 for p in got)])
    assert longest == 4  # the graph is dense enough to exercise every hop count


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_a_limit_keeps_the_shortest_paths_sorted_within_one_length(store: GraphStore, limit: int) -> None:
    transfers = build(store, 9)
    truncated = 0
    for flt in (FILTERS["everything"], FILTERS["delivered-or-ordered"]):
        for source, target in permutations(CODES, 2):
            expected = reference_paths(transfers, source, target, 4, flt)
            got = store.paths(source, target, 4, flt, limit)
            assert len(got) == min(limit, len(expected)) and len(set(got)) == len(got)
            assert set(got) <= set(expected)
            # iterative deepening: the same lengths as the reference's first `limit` paths, each length sorted
            assert [len(p) for p in got] == [len(p) for p in expected[:limit]]
            assert got == sorted(got, key=lambda p: (len(p), p))
            if store.kind == "memory":  # depth-first over sorted successors: the first paths in id order
                assert got == expected[:limit]
            truncated += len(expected) > limit
    assert truncated


def test_parallel_transfers_do_not_multiply_paths(store: GraphStore) -> None:
    store.upsert_actors(states("AF", "AL", "AM"))
    store.upsert_transfers(
        [transfer("AF", "AL", c, "2020") for c in CATEGORIES] + [transfer("AL", "AM", c, "2021") for c in CATEGORIES]
    )
    assert store.paths("AF", "AM", 3, TransferFilter(), 20) == [("AF", "AL", "AM")]
    assert store.paths("AF", "AF", 3, TransferFilter(), 20) == []


def test_path_answers_follow_writes(store: GraphStore) -> None:
    store.upsert_actors(states("AF", "AL", "AM", "AO"))
    everything, strict = TransferFilter(), TransferFilter(min_confidence=0.8)
    store.upsert_transfers([transfer("AF", "AL")])
    assert store.paths("AF", "AM", 3, everything, 20) == []
    assert store.paths("AF", "AM", 3, strict, 20) == []
    store.upsert_transfers([transfer("AL", "AM")])  # completes a chain: the answer read before is stale
    assert store.paths("AF", "AM", 3, everything, 20) == [("AF", "AL", "AM")]
    store.upsert_transfers([transfer("AF", "AM", WeaponCategory.DRONE), transfer("AF", "AO", confidence=0.9)])
    assert store.paths("AF", "AM", 3, everything, 20) == [("AF", "AM"), ("AF", "AL", "AM")]
    assert store.paths("AF", "AM", 3, strict, 20) == []
    store.upsert_transfers([transfer("AO", "AM", confidence=0.9)])
    assert store.paths("AF", "AM", 3, strict, 20) == [("AF", "AO", "AM")]
    assert store.delete_actors(["AL"]) == 1
    assert store.paths("AF", "AM", 3, everything, 20) == [("AF", "AM"), ("AF", "AO", "AM")]


def test_transfers_of_one_pair(store: GraphStore) -> None:
    transfers = build(store, 10)
    pairs = {(t.supplier, t.recipient) for t in transfers} | {("AF", "ZZ"), ("ZZ", "AF")}
    for supplier, recipient in sorted(pairs):
        for flt in (TransferFilter(), FILTERS["delivered-or-ordered"], FILTERS["confident-since-2012"]):
            pair = TransferFilter(
                supplier=supplier, recipient=recipient, statuses=flt.statuses, min_confidence=flt.min_confidence
            )
            expected = [t.id for t in transfers if matches(t, pair)]  # transfers() order: (date_from, id)
            assert [t.id for t in store.transfers(pair)] == expected, (supplier, recipient, flt)
    busiest = max(
        pairs - {("AF", "ZZ"), ("ZZ", "AF")}, key=lambda p: sum((t.supplier, t.recipient) == p for t in transfers)
    )
    supplier, recipient = busiest
    two = store.transfers(TransferFilter(supplier=supplier, recipient=recipient, limit=2))
    assert [t.id for t in two] == [t.id for t in transfers if (t.supplier, t.recipient) == busiest][:2]


def test_hop_transfers_read_many_pairs_at_once(store: GraphStore) -> None:
    transfers = build(store, 10)
    pairs = sorted({(t.supplier, t.recipient) for t in transfers} | {("AF", "ZZ"), ("AT", "AT")})
    assert store.hop_transfers([], TransferFilter()) == {}
    for flt in (TransferFilter(), FILTERS["confident-since-2012"], FILTERS["registers-until-2016"]):
        # the end fields and the limit of the filter are ignored
        ignored = replace(flt, supplier="AL", recipient="AM", actor="AO", limit=1)
        got = store.hop_transfers(pairs, ignored)
        best = store.hop_transfers(pairs, ignored, most_confident=True)
        assert list(got) == list(best) == pairs
        for supplier, recipient in pairs:
            one_pair = replace(flt, supplier=supplier, recipient=recipient)
            expected = [t for t in transfers if matches(t, one_pair)]
            assert got[supplier, recipient] == expected, (supplier, recipient)
            assert best[supplier, recipient] == (
                [max(expected, key=lambda t: (t.confidence, t.id))] if expected else []
            )
    ties = [transfer("AF", "AL", c, "2020", confidence=0.9) for c in CATEGORIES]  # equal confidence: greatest id
    store.upsert_transfers(ties)
    assert store.hop_transfers([("AF", "AL")], TransferFilter(), most_confident=True) == {
        ("AF", "AL"): [max(ties, key=lambda t: t.id)]
    }


# -- the embedded store's projection cache -----------------------------------------------------------------------


def test_memory_projection_is_cached_per_filter_and_version(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[TransferFilter] = []
    real = memory_store._PairGraph

    def counting(graph: object, hop_filter: TransferFilter) -> memory_store._PairGraph:
        built.append(hop_filter)
        return real(graph, hop_filter)

    monkeypatch.setattr(memory_store, "_PairGraph", counting)
    store = MemoryStore(None)
    build(store, 7)
    flt = FILTERS["everything"]
    first = store.paths("AF", "AL", 3, flt, 50)
    # the end fields and limit of the filter do not matter: one projection per hop filter
    assert store.paths("AF", "AL", 3, TransferFilter(supplier="AT", limit=3), 50) == first
    assert len(built) == 1
    store.upsert_actors(states("AF"))  # unchanged: no new version, the projection stays
    store.paths("AF", "AL", 3, flt, 50)
    assert len(built) == 1
    store.upsert_actors(states("AU"))  # any change drops it
    store.paths("AF", "AL", 3, flt, 50)
    assert len(built) == 2
    for confidence in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        store.paths("AF", "AL", 3, TransferFilter(min_confidence=confidence), 50)
    assert len(store._projections) == memory_store._PROJECTIONS_KEPT
    assert all(version == store.version for _, version in store._projections)


# -- the Neo4j statements -----------------------------------------------------------------------------------------

HOP_PARAMS = {"source", "target", "limit", "since", "until", "statuses", "min_confidence", "source_kind"}


def test_path_statements_are_shaped_by_a_hop_count_only() -> None:
    for bad in (0, 7, -1, True, "3", 2.0, None):
        with pytest.raises(ValueError):
            cypher.hop_paths_query(bad)  # type: ignore[arg-type]
    for low, high in ((0, 3), (4, 3), (1, 7), (True, 3)):
        with pytest.raises(ValueError):
            cypher.paths_query(high, min_hops=low)
    for hops in range(1, 7):
        text = cypher.hop_paths_query(hops)
        assert set(re.findall(r"\$(\w+)", text)) == HOP_PARAMS
        returned = next(line for line in text.splitlines() if line.startswith("RETURN"))
        assert returned.count(".id") == hops + 1 and f"x{hops}" not in text
    assert set(re.findall(r"\$(\w+)", cypher.paths_query(3, min_hops=1))) == HOP_PARAMS


def test_browser_paths_statement_gives_the_stores_answer(neo4j_store: Neo4jStore) -> None:
    transfers = build(neo4j_store, 8)
    filters = [
        {"statuses": (TransferStatus.DELIVERED, TransferStatus.ORDERED, TransferStatus.ALLEGED)},
        {"statuses": (TransferStatus.DELIVERED,), "min_confidence": 0.5, "since": date(2010, 1, 1)},
        {"statuses": tuple(TransferStatus), "until": date(2016, 12, 31)},
    ]
    found = 0
    for source, target in permutations(CODES, 2):
        for kwargs in filters:
            answer = queries.paths(neo4j_store, source, target, max_hops=4, limit=500, **kwargs)  # type: ignore[arg-type]
            assert answer.cypher is not None
            _, rows, _ = neo4j_store.read_cypher(answer.cypher.query, answer.cypher.params, 10.0, 1000)
            flt = TransferFilter(
                statuses=kwargs["statuses"],  # type: ignore[arg-type]
                min_confidence=kwargs.get("min_confidence", 0.0),  # type: ignore[arg-type]
                since=kwargs.get("since"),  # type: ignore[arg-type]
                until=kwargs.get("until"),  # type: ignore[arg-type]
            )
            expected = reference_paths(transfers, source, target, 4, flt)
            assert [tuple(r["actors"]) for r in rows] == expected == [p.actors for p in answer.paths]
            found += len(expected)
    assert found
