"""The SUPPLIES aggregates of the Neo4j store (graph/pair_aggregates.py) on the genuine server: one per pair with
transfers, equal to the aggregate of the pair's transfers after inserts, updates, re-ingests and deletions, and
rebuilt by `ensure_schema` for a database written before they existed."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from graph import queries
from graph.model import Evidence, Transfer
from graph.neo4j_store import Neo4jStore
from graph.pair_aggregates import of, pair_key
from graph.store import TransferFilter
from graph.vocab import SourceKind, TransferStatus
from tests.factories import CODES, random_transfers, states

# Test-only inspection and sabotage of the raw graph (product Cypher lives in graph/cypher.py).
_SUPPLIES = "MATCH (s:Actor)-[p:SUPPLIES]->(r:Actor) RETURN s.id AS s, r.id AS r, properties(p) AS props"
_PAIRS = "MATCH (s:Actor)-[t:TRANSFER]->(r:Actor) RETURN t.pair AS pair, s.id AS s, r.id AS r"
_MAKE_OLD = [
    "MATCH ()-[p:SUPPLIES]->() DELETE p",
    "MATCH ()-[t:TRANSFER]->() REMOVE t.pair",
    "MATCH (m:SkgMigration) DELETE m",
]


def supplies(store: Neo4jStore) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["s"], r["r"]): r["props"] for r in store._read(_SUPPLIES)}


def expected_supplies(store: Neo4jStore) -> dict[tuple[str, str], dict[str, Any]]:
    by_pair: dict[tuple[str, str], list[Transfer]] = {}
    for t in store.transfers(TransferFilter()):
        by_pair.setdefault((t.supplier, t.recipient), []).append(t)
    return {p: of(ts) | {"pair": pair_key(*p)} for p, ts in by_pair.items()}


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
    confirmed = [confirm(t) for t in world[:25] if t.status is not TransferStatus.DELIVERED]
    report = store.upsert_transfers(confirmed + random_transfers(40, seed=22, prefix="late"))
    assert report.updated == len(confirmed) > 5
    assert supplies(store) == expected_supplies(store) != before

    store.delete_actors(["KP"])
    after = supplies(store)
    assert after == expected_supplies(store) and not any("KP" in pair for pair in after)


def confirm(t: Transfer) -> Transfer:
    row = Evidence(
        source_id="src-register",
        source_kind=SourceKind.REGISTER,
        quote="register row",
        status=TransferStatus.DELIVERED,
        confidence=0.99,
        extractor="test",
        when="2024-03",
    )
    return t.model_copy(update={"evidence": (row,)})


def test_ensure_schema_rebuilds_the_aggregates_of_an_old_database(neo4j_store: Neo4jStore) -> None:
    store = neo4j_store
    store.upsert_actors(states(*CODES))
    store.upsert_transfers(random_transfers(300, seed=23))
    want = supplies(store)
    answers = [queries.suppliers(store, code, per_supplier=3).model_dump() for code in ("RU", "BY")]
    flt = TransferFilter(recipient="RU", supplier="IR")
    drill = store.transfers(flt)

    with store.driver.session() as session:
        for statement in _MAKE_OLD:
            session.run(statement).consume()
    assert supplies(store) == {}
    assert store.transfers(flt) == []  # the pair read goes through the key the old database lacks

    store.ensure_schema()
    assert supplies(store) == want
    assert [queries.suppliers(store, code, per_supplier=3).model_dump() for code in ("RU", "BY")] == answers
    assert store.transfers(flt) == drill
    assert store.transfers(replace(flt, supplier=None, recipient=None, actor="IR"))  # other anchors never needed it

    store.ensure_schema()  # done once: the marker stops a second pass
    assert store._read("MATCH (m:SkgMigration) RETURN count(m) AS n")[0]["n"] == 1
