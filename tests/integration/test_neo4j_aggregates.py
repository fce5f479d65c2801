"""The SUPPLIES aggregates of the Neo4j store (graph/pair_aggregates.py) on the genuine server: one per pair with
transfers, equal to the aggregate of the pair's transfers after inserts, updates, re-ingests and deletions, and
rebuilt by `skg neo4j migrate` (ensure_schema) for a database written before they existed or in their first
layout, which is refused until then; the default question's pages read in stored rank order equal the pages
ranked from the status slots."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import pytest
from typer.testing import CliRunner

from api import cli
from graph import queries
from graph.errors import StoreUnavailable
from graph.model import Transfer
from graph.neo4j_store import Neo4jStore
from graph.pair_aggregates import of, pair_key, rank, ranked
from graph.settings import get_settings
from graph.store import TransferFilter
from graph.vocab import TransferStatus
from tests.conftest import TEST_PASSWORD
from tests.factories import CODES, confirmed, random_transfers, states

# Test-only inspection and sabotage of the raw graph (product Cypher lives in graph/cypher.py).
_SUPPLIES = "MATCH (s:Actor)-[p:SUPPLIES]->(r:Actor) RETURN s.id AS s, r.id AS r, properties(p) AS props"
_PAIRS = "MATCH (s:Actor)-[t:TRANSFER]->(r:Actor) RETURN t.pair AS pair, s.id AS s, r.id AS r"
_JSON = "MATCH ()-[t:TRANSFER]->() RETURN t.id AS id, t.json AS json"
_MAKE_OLD = {
    # written before TRANSFER.pair and SUPPLIES existed
    "before SUPPLIES": [
        "MATCH ()-[p:SUPPLIES]->() DELETE p",
        "MATCH ()-[t:TRANSFER]->() REMOVE t.pair",
        "MATCH (m:SkgMigration) DELETE m",
    ],
    # written with the first SUPPLIES layout, before pairs kept their rank
    "SUPPLIES without rank": [
        "MATCH ()-[p:SUPPLIES]->() REMOVE p.rank, p.recipient",
        "MATCH (m:SkgMigration) SET m.id = 'transfer-pairs-and-supplies'",
    ],
}


def supplies(store: Neo4jStore) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["s"], r["r"]): r["props"] for r in store._read(_SUPPLIES)}


def expected_supplies(store: Neo4jStore) -> dict[tuple[str, str], dict[str, Any]]:
    by_pair: dict[tuple[str, str], list[Transfer]] = {}
    for t in store.transfers(TransferFilter()):
        by_pair.setdefault((t.supplier, t.recipient), []).append(t)
    expected = {}
    for (supplier, recipient), ts in by_pair.items():
        props = of(ts) | {"pair": pair_key(supplier, recipient), "recipient": recipient}
        ranking = rank(props, supplier)
        expected[supplier, recipient] = props | ({"rank": ranking} if ranking else {})  # Neo4j stores no nulls
    return expected


def test_supplies_mirror_the_transfers_through_every_kind_of_write(neo4j_store: Neo4jStore) -> None:
    store = neo4j_store
    store.upsert_actors(states(*CODES))
    world = random_transfers(300, seed=21)
    store.upsert_transfers(world)
    assert supplies(store) == expected_supplies(store)
    assert all(r["pair"] == pair_key(r["s"], r["r"]) for r in store._read(_PAIRS))

    before = supplies(store)
    report = store.upsert_transfers(world)  # re-ingest: nothing changes
    assert report.added == report.updated == 0 and supplies(store) == before

    # a register confirms some transfers (they move to the "delivered" slot), and new transfers arrive
    confirmed_now = [confirmed(t) for t in world[:25] if t.status is not TransferStatus.DELIVERED]
    report = store.upsert_transfers(confirmed_now + random_transfers(40, seed=22, prefix="late"))
    assert report.updated == len(confirmed_now) > 5
    assert supplies(store) == expected_supplies(store) != before

    store.delete_actors(["KP"])
    after = supplies(store)
    assert after == expected_supplies(store) and not any("KP" in pair for pair in after)


@pytest.mark.parametrize("layout", sorted(_MAKE_OLD))
def test_an_old_database_is_refused_until_migrated_then_answers_alike(
    neo4j_store: Neo4jStore, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    store = neo4j_store
    store.upsert_actors(states(*CODES))
    store.upsert_transfers(random_transfers(300, seed=23))
    want = supplies(store)
    answers = [queries.suppliers(store, code, per_supplier=3).model_dump() for code in ("RU", "BY")]
    flt = TransferFilter(recipient="RU", supplier="IR")
    drill = store.transfers(flt)

    with store.driver.session() as session:
        for statement in _MAKE_OLD[layout]:
            session.run(statement).consume()
    if layout == "before SUPPLIES":
        assert supplies(store) == {}
        assert store.transfers(flt) == []  # the pair read goes through the key the old database lacks
    else:
        assert supplies(store) and not any("rank" in props for props in supplies(store).values())

    # a new store object (a server or CLI started on the old database) refuses what it would silently get wrong
    fresh = Neo4jStore(store.uri, "neo4j", TEST_PASSWORD)
    with pytest.raises(StoreUnavailable, match="skg neo4j migrate"):
        queries.suppliers(fresh, "RU")
    with pytest.raises(StoreUnavailable, match="skg neo4j migrate"):
        fresh.transfers(flt)
    assert fresh.transfers(TransferFilter(recipient="RU"))  # reads that never needed the pair keys still work
    with pytest.raises(StoreUnavailable, match="skg neo4j migrate"):  # its writes would skip the SUPPLIES upkeep
        fresh.upsert_transfers(random_transfers(5, seed=24, prefix="refused"))
    fresh.close()

    monkeypatch.setenv("SKG_NEO4J_PASSWORD", TEST_PASSWORD)
    get_settings.cache_clear()
    result = CliRunner().invoke(cli.app, ["neo4j", "migrate", "--store", store.uri])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert supplies(store) == want
    assert [queries.suppliers(store, code, per_supplier=3).model_dump() for code in ("RU", "BY")] == answers
    assert store.transfers(flt) == drill
    assert store.transfers(replace(flt, supplier=None, recipient=None, actor="IR"))  # other anchors never needed it

    markers = "MATCH (m:SkgMigration) RETURN m.id AS id ORDER BY id"
    done = [r["id"] for r in store._read(markers)]
    store.ensure_schema()  # done once: the marker stops a second pass
    assert [r["id"] for r in store._read(markers)] == done
    assert {"supplies-ranked-rejected", "claims-indexed"} <= set(done)  # each migration leaves its marker


def test_claims_written_before_the_claim_index_are_indexed_once(neo4j_store: Neo4jStore) -> None:
    """A database written before the review loop has no :Claim nodes: ensure_schema indexes them, once."""
    store = neo4j_store
    store.upsert_actors(states(*CODES))
    batch = random_transfers(50, seed=41)
    store.upsert_transfers(batch)
    claims = [t.claim_id(t.evidence[0]) for t in batch]
    want = store.claim_transfers(claims)
    assert len(set(want.values())) > 1
    with store.driver.session() as session:
        session.run("MATCH (c:Claim) DELETE c").consume()
        session.run("MATCH (m:SkgMigration {id: 'claims-indexed'}) DELETE m").consume()
    assert store.claim_transfers(claims) == {}
    store.ensure_schema()
    assert store.claim_transfers(claims) == want


def test_concurrent_writers_of_one_pair_lose_no_update(neo4j_store: Neo4jStore) -> None:
    """Two uploads add to the same pairs at once: each transaction adds to what the other committed."""
    store = neo4j_store
    store.upsert_actors(states(*CODES))
    store.upsert_transfers(random_transfers(20, seed=30, prefix="first"))  # the pairs' aggregates exist
    pool = [t for t in random_transfers(400, seed=31) if t.recipient == "RU"]
    errors: list[BaseException] = []

    def upload(part: list[Transfer]) -> None:
        try:
            for i in range(0, len(part), 3):
                store.upsert_transfers(part[i : i + 3])
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(pool[k::2],)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert supplies(store) == expected_supplies(store)
    assert sum(sum(p["n"]) for (_, r), p in supplies(store).items() if r == "RU") == len(
        store.transfers(TransferFilter(recipient="RU"))
    )


def test_concurrent_writers_of_a_new_pair_both_count(neo4j_store: Neo4jStore) -> None:
    """Two uploads create the same pair's first transfers at the same moment: both count, neither fails, whichever
    way the server orders them (the write locks, or a uniqueness conflict on the new SUPPLIES, which
    Neo4jStore._write answers by running the batch again on top of the other's commit)."""
    store = neo4j_store
    extra = ("UA", "GE", "AM", "AZ", "KZ", "UZ")
    store.upsert_actors(states(*CODES, *extra))
    template = random_transfers(1, seed=32)[0]
    # Dense nodes (over 50 relationships): Neo4j then creates relationships without locking their endpoints,
    # so nothing but the SUPPLIES write orders the two writers.
    store.upsert_transfers(
        [
            template.model_copy(update={"id": f"dense-{x}-{i}", "supplier": x, "recipient": "RU"})
            for x in extra
            for i in range(60)
        ]
    )
    pairs = [(s, r) for s in extra for r in extra if s != r]
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def upload(k: int) -> None:
        try:
            for i, (s, r) in enumerate(pairs):
                start.wait()
                store.upsert_transfers(
                    [template.model_copy(update={"id": f"race-{k}-{i}", "supplier": s, "recipient": r})]
                )
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            start.abort()

    threads = [threading.Thread(target=upload, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    got = supplies(store)
    assert got == expected_supplies(store)
    assert [sum(got[pair]["n"]) for pair in pairs] == [2] * len(pairs)


def test_stored_transfer_json_leaves_defaults_out_and_reads_back_alike(neo4j_store: Neo4jStore) -> None:
    store = neo4j_store
    store.upsert_actors(states(*CODES))
    written = {t.id: t for t in random_transfers(120, seed=25)}
    store.upsert_transfers(list(written.values()))
    stored = {r["id"]: r["json"] for r in store._read(_JSON)}
    assert stored.keys() == written.keys()
    assert not any("null" in j or "[]" in j or '"date_from"' in j for j in stored.values())
    assert {i: Transfer.model_validate_json(j) for i, j in stored.items()} == written


def test_pages_in_stored_rank_order_equal_pages_ranked_from_the_slots(neo4j_store: Neo4jStore) -> None:
    store = neo4j_store
    store.upsert_actors(states(*CODES))
    world = random_transfers(400, seed=27)
    taken = {(t.supplier, t.recipient) for t in world}
    denier, denied = next((s, r) for s in CODES for r in CODES if s != r and (s, r) not in taken)
    denial = next(t for t in world if t.status is TransferStatus.DENIED)  # its evidence denies it too
    denied_only = denial.model_copy(update={"id": "denied-only", "supplier": denier, "recipient": denied})
    store.upsert_transfers([*world, denied_only])
    assert "rank" not in supplies(store)[denier, denied]  # nothing affirmative: out of the ranking
    everyone = [a.id for a in store.actors()]
    for recipient in ("RU", denied, "BY"):
        flt = TransferFilter(recipient=recipient, statuses=queries.AFFIRMATIVE)
        assert ranked(flt)
        for offset, limit, per_supplier in ((0, None, 2), (0, 3, 0), (2, 4, 3), (50, 5, 1)):
            page = {"offset": offset, "limit": limit, "per_supplier": per_supplier}
            by_rank = store.supplier_rollups(flt, **page)  # type: ignore[arg-type]
            by_slots = store.supplier_rollups(flt, among=everyone, **page)  # type: ignore[arg-type]
            assert by_rank == by_slots and by_rank.total > 3, (recipient, page)
