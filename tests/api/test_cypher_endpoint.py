"""POST /cypher against a real Neo4j: read-only, bounded, and refused twice (by the guard and by the server).

Also checks that the Cypher each answer shows for Neo4j Browser gives the same result as the Python queries.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph import cypher, queries
from graph.errors import InvalidQuery
from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.settings import get_settings
from graph.vocab import TransferStatus, WeaponCategory
from ingest.pipeline import load_reference
from tests.factories import states, transfer

HOSTILE = [
    block.strip()
    for block in (Path(__file__).parents[1] / "data" / "hostile_cypher.txt").read_text().split("\n----\n")
    if block.strip()
]


@pytest.fixture
def seeded(neo4j_store: Neo4jStore) -> Neo4jStore:
    load_reference(neo4j_store)
    neo4j_store.upsert_actors(states("KP", "RU", "IR", "BY", "CN", "IN"))
    neo4j_store.upsert_transfers(
        [
            transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6),
            transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", TransferStatus.DELIVERED, 0.7),
            transfer("CN", "RU", WeaponCategory.ENGINE, "2018", TransferStatus.DELIVERED, 0.95),
            transfer("RU", "IN", WeaponCategory.AIRCRAFT, "2010", TransferStatus.DELIVERED, 0.95),
        ]
    )
    return neo4j_store


@pytest.fixture
def client(seeded: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("SKG_CYPHER_MAX_ROWS", "50")
    monkeypatch.setenv("SKG_CYPHER_TIMEOUT_S", "2")
    get_settings.cache_clear()
    with TestClient(create_app(seeded)) as c:
        yield c
    get_settings.cache_clear()


def test_read_queries_run_with_parameters(client: TestClient) -> None:
    query = "MATCH (a:Actor {id: $id}) RETURN a.name AS name"
    r = client.post("/cypher", json={"query": query, "params": {"id": "KP"}})
    assert r.status_code == 200, r.text
    assert r.json() == {"columns": ["name"], "rows": [{"name": "North Korea"}], "truncated": False}
    nodes = client.post("/cypher", json={"query": "MATCH p = (:Actor {id: 'KP'})-[:TRANSFER]->(r) RETURN p, r"})
    row = nodes.json()["rows"][0]
    assert row["r"]["properties"]["id"] == "RU" and row["p"]["relationships"][0]["type"] == "TRANSFER"


def test_rows_are_capped_at_the_limit(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "UNWIND range(1, 1000) AS x RETURN x"}).json()
    assert len(r["rows"]) == 50 and r["truncated"] is True


def test_slow_queries_are_stopped_by_the_timeout(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "UNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x)"})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_query"


def test_huge_cartesian_products_are_bounded(client: TestClient) -> None:
    q = "MATCH (a), (b), (c), (d), (e) RETURN a.id, b.id, c.id, d.id, e.id"
    r = client.post("/cypher", json={"query": q})
    assert r.status_code in (200, 400)
    if r.status_code == 200:
        assert r.json()["truncated"] is True and len(r.json()["rows"]) == 50


@pytest.mark.parametrize("query", HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))])
def test_hostile_queries_are_refused_and_change_nothing(client: TestClient, seeded: Neo4jStore, query: str) -> None:
    before = seeded.counts()
    r = client.post("/cypher", json={"query": query})
    assert r.status_code == 400, f"accepted: {query!r}"
    assert r.json()["error"]["code"] == "invalid_query"
    assert seeded.counts() == before


def test_the_server_refuses_writes_even_past_the_guard(seeded: Neo4jStore) -> None:
    """Defence in depth: run writes and file access straight through the READ transaction, skipping the guard."""
    for query in (
        "CREATE (:Spam {x: 1})",
        "MATCH (a:Actor) SET a.name = 'defaced'",
        "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    ):
        with pytest.raises(InvalidQuery):
            seeded.read_cypher(query, {}, 5.0, 10)
    assert seeded.actor("KP").name == "North Korea"  # type: ignore[union-attr]


def test_embedded_store_answers_501() -> None:
    with TestClient(create_app(MemoryStore(None))) as c:
        r = c.post("/cypher", json={"query": "RETURN 1"})
    assert r.status_code == 501 and "Neo4j" in r.json()["error"]["message"]


# -- the Cypher shown to Browser users gives the same answers as the Python queries --------------------------------


def test_browser_cypher_for_sanctioned_suppliers_matches(seeded: Neo4jStore) -> None:
    answer = queries.suppliers(seeded, "RU", sanctioned=True, as_of=date(2022, 9, 7))
    assert answer.cypher is not None
    _, rows, _ = seeded.read_cypher(answer.cypher.query, answer.cypher.params, 10.0, 1000)
    from_cypher = {seg["start"] for row in rows for seg in [_supplier_of(row["p"])]}
    assert from_cypher == {s.id for s in answer.suppliers} == {"CN", "IR", "KP"}


def _supplier_of(path: dict) -> dict:  # type: ignore[type-arg]
    actors = [n for n in path["nodes"] if "Actor" in n["labels"]]
    return {"start": actors[0]["properties"]["id"]}


def test_browser_cypher_for_sanctioned_actors_matches(seeded: Neo4jStore) -> None:
    answer = queries.sanctioned(seeded, as_of=date(2022, 9, 7))
    assert answer.cypher is not None
    _, rows, _ = seeded.read_cypher(answer.cypher.query, answer.cypher.params, 10.0, 1000)
    assert {r["actor"] for r in rows} == {a.id for a in answer.actors}


def test_browser_cypher_for_violations_matches(seeded: Neo4jStore) -> None:
    answer = queries.violations(seeded, recipient="RU")
    assert answer.cypher is not None
    _, rows, _ = seeded.read_cypher(answer.cypher.query, answer.cypher.params, 10.0, 1000)
    from_cypher = {(r["supplier"], r["regime"]) for r in rows}
    settled = {(r["supplier"], r["regime"]) for r in rows if not r["still_to_check"]}
    from_python = {(v.transfer.supplier, v.regime.name) for v in answer.violations}
    # every Python violation is a Browser row; a row with nothing left to check is a Python violation
    assert from_python and from_python <= from_cypher and settled <= from_python


def test_browser_cypher_for_paths_actor_evidence_timeline_runs(seeded: Neo4jStore) -> None:
    kp_ru = transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6).id
    for answer in (
        queries.paths(seeded, "KP", "IN", max_hops=3),
        queries.actor_profile(seeded, "RU"),
        queries.evidence(seeded, kp_ru),
        queries.timeline(seeded, "RU"),
    ):
        assert answer.cypher is not None
        _, rows, _ = seeded.read_cypher(answer.cypher.query, answer.cypher.params, 10.0, 1000)
        assert rows, type(answer).__name__


def test_the_cypher_module_is_the_only_place_with_cypher() -> None:
    """Architecture rule: Cypher text lives in graph/cypher.py only."""
    import re

    root = Path(__file__).parents[2]
    pattern = re.compile(r"\b(MATCH|MERGE|UNWIND)\b[^\n]*(\(|\$)")
    offenders = [
        str(p.relative_to(root))
        for folder in ("graph", "ingest", "api")
        for p in (root / folder).rglob("*.py")
        if p.name not in ("cypher.py", "cypher_guard.py") and pattern.search(p.read_text())
    ]
    assert offenders == []
    assert cypher.SCHEMA
