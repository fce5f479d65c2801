"""POST /cypher against a real Neo4j: read-only, bounded, and refused twice (by the guard and by the server).

Also checks that the Cypher each answer shows for Neo4j Browser gives the same result as the Python queries.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
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
from tests import hostile_corpus
from tests.factories import states, transfer

CORPUS = hostile_corpus.load()
MAX_ROWS = 50
MAX_BYTES = 2_000_000


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
    monkeypatch.setenv("SKG_CYPHER_MAX_ROWS", str(MAX_ROWS))
    monkeypatch.setenv("SKG_CYPHER_TIMEOUT_S", "2")
    monkeypatch.setenv("SKG_CYPHER_MAX_BYTES", str(MAX_BYTES))
    # the seeded graph is tiny: a low bound makes a cartesian product over all its nodes count as one
    monkeypatch.setenv("SKG_CYPHER_MAX_CARTESIAN_ROWS", "100")
    get_settings.cache_clear()
    with TestClient(create_app(seeded)) as c:
        yield c
    get_settings.cache_clear()


def test_read_queries_run_with_parameters(client: TestClient) -> None:
    query = "MATCH (a:Actor {id: $id}) RETURN a.name AS name"
    r = client.post("/cypher", json={"query": query, "params": {"id": "KP"}})
    assert r.status_code == 200, r.text
    assert r.json() == {
        "columns": ["name"],
        "rows": [{"name": "North Korea"}],
        "truncated": False,
        "truncated_by": None,
    }
    nodes = client.post("/cypher", json={"query": "MATCH p = (:Actor {id: 'KP'})-[:TRANSFER]->(r) RETURN p, r"})
    row = nodes.json()["rows"][0]
    assert row["r"]["properties"]["id"] == "RU" and row["p"]["relationships"][0]["type"] == "TRANSFER"


def test_rows_are_capped_at_the_limit(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "UNWIND range(1, 1000) AS x RETURN x"}).json()
    assert len(r["rows"]) == MAX_ROWS and r["truncated"] is True and r["truncated_by"] == "rows"


def test_slow_queries_are_stopped_by_the_timeout(client: TestClient) -> None:
    q = "UNWIND range(1, 1000000) AS x UNWIND range(1, 1000) AS y WITH x, y WHERE x = -y RETURN count(*)"
    r = client.post("/cypher", json={"query": q})
    assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_query"
    assert "SKG_CYPHER_TIMEOUT_S" in r.json()["error"]["message"]


def test_answers_are_cut_at_the_byte_limit_without_reading_the_rest(client: TestClient) -> None:
    q = "UNWIND range(1, 40) AS i RETURN i, [x IN range(1, 10000) | 'abcdefghijklmnopqrstuvwxy'] AS chunk"
    r = client.post("/cypher", json={"query": q})
    body = r.json()
    assert r.status_code == 200 and body["truncated"] is True and body["truncated_by"] == "bytes"
    assert 0 < len(body["rows"]) < 40 and len(r.content) <= MAX_BYTES + 1000


def test_one_row_over_the_row_byte_limit_is_refused(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "RETURN [x IN range(1, 100000) | 'abcdefghijklmnopqrstuvwxyz'] AS big"})
    assert r.status_code == 400 and "SKG_CYPHER_MAX_ROW_BYTES" in r.json()["error"]["message"]


def test_huge_cartesian_products_are_refused_by_the_plan_check(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "MATCH (a), (b), (c), (d), (e) RETURN a.id, b.id, c.id, d.id, e.id"})
    assert r.status_code == 400 and "cartesian product" in r.json()["error"]["message"]


def test_unbounded_expansions_are_refused_by_the_plan_check(client: TestClient) -> None:
    r = client.post("/cypher", json={"query": "MATCH p = ()-[*]-() RETURN count(p)"})
    assert r.status_code == 400 and "unbounded variable-length" in r.json()["error"]["message"]
    ok = client.post(
        "/cypher", json={"query": "MATCH p = (:Actor {id: 'KP'})-[:TRANSFER*1..3]->() RETURN count(p) AS n"}
    )
    assert ok.status_code == 200 and ok.json()["rows"] == [{"n": 2}]  # KP>RU and KP>RU>IN


def test_estimated_rows_over_the_bound_are_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKG_CYPHER_MAX_ESTIMATED_ROWS", "10")
    monkeypatch.setenv("SKG_CYPHER_MAX_CARTESIAN_ROWS", "1e9")  # only the estimate bound applies here
    get_settings.cache_clear()
    r = client.post("/cypher", json={"query": "MATCH (a:Actor), (b:Actor) RETURN a.id, b.id"})  # 6 x 6
    assert r.status_code == 400 and "SKG_CYPHER_MAX_ESTIMATED_ROWS" in r.json()["error"]["message"]
    ok = client.post("/cypher", json={"query": "MATCH (a:Actor {id: 'KP'}) RETURN a.id AS id"})
    assert ok.status_code == 200 and ok.json()["rows"] == [{"id": "KP"}]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"query": "RETURN $n", "params": {"n": 1' + "0" * 400 + "}}", 400),
        ('{"query": "RETURN $n", "params": {"n": 123456789012345678901234567890}}', 400),
        ('{"query": "RETURN $d", "params": {"d": ' + "[" * 100_000 + "]" * 100_000 + "}}", 400),
        ('{"query": "RETURN $s", "params": {"s": "' + "x" * 3_000_000 + '"}}', 413),
        ('{"query": "RETURN 1", "params": [1]}', 400),
        ('{"query": 5}', 400),
        ("not json", 400),
    ],
)
def test_parameter_abuse_gets_a_clear_error_never_a_500(client: TestClient, body: str, status: int) -> None:
    r = client.post("/cypher", content=body, headers={"content-type": "application/json"})
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/json" and r.json()["error"]["message"]


@pytest.mark.parametrize("hostile", CORPUS, ids=[f"{h.group}-{i}" for i, h in enumerate(CORPUS)])
def test_hostile_queries_are_refused_or_bounded_and_change_nothing(
    client: TestClient, seeded: Neo4jStore, hostile: hostile_corpus.Hostile
) -> None:
    before = seeded.counts()
    r = client.post("/cypher", content=hostile.body, headers={"content-type": "application/json"})
    if hostile.expect == "guard":
        assert r.status_code == 400, f"accepted: {hostile.query!r}"
        assert r.json()["error"]["code"] == "invalid_query"
    else:
        assert r.status_code in (200, 400, 413), r.text[:500]
        if r.status_code == 200:
            assert len(r.json()["rows"]) <= MAX_ROWS and len(r.content) <= MAX_BYTES + 1000
        else:
            assert r.json()["error"]["code"] in ("invalid_query", "too_large")
    # the server is healthy after it
    assert seeded.counts() == before
    assert client.post("/cypher", json={"query": "MATCH (a:Actor {id: 'KP'}) RETURN a.name AS n"}).json()["rows"] == [
        {"n": "North Korea"}
    ]


def test_after_the_hostile_corpus_the_suppliers_question_still_answers(client: TestClient) -> None:
    """The whole corpus in a row on the same real server, then the product's own question."""
    answered = refused = 0
    for hostile in CORPUS:
        r = client.post("/cypher", content=hostile.body, headers={"content-type": "application/json"})
        assert r.status_code in (200, 400, 413), (hostile.query, r.text[:300])
        answered += r.status_code == 200
        refused += r.status_code != 200
    assert refused >= len([h for h in CORPUS if h.expect == "guard"])
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/suppliers", params={"recipient": "RU", "as_of": "2022-09-07", "sanctioned": True})
    assert r.status_code == 200, r.text
    assert {s["id"] for s in r.json()["suppliers"]} == {"CN", "IR", "KP"}


def test_a_query_that_exhausts_the_heap_gets_an_error_and_the_server_stays_up(seeded: Neo4jStore) -> None:
    """The query that killed the JVM, sent straight to the server past the guard: now a clean error."""
    with pytest.raises(InvalidQuery, match="memory"):
        seeded.read_cypher("RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n", {}, 30.0, 10)
    with pytest.raises(InvalidQuery, match=r"db\.memory\.transaction\.max"):
        q = "UNWIND range(1, 3000000) AS i RETURN size(collect('xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' + i)) AS n"
        seeded.read_cypher(q, {}, 30.0, 10)
    _, rows, _ = seeded.read_cypher("MATCH (a:Actor {id: 'KP'}) RETURN a.name AS n", {}, 5.0, 10)
    assert rows == [{"n": "North Korea"}]
    assert seeded.actor("KP") is not None


def test_busy_pool_answers_429_and_the_product_stays_responsive(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saturate the Cypher pool with slow queries: more get 429 with Retry-After, /healthz and /suppliers answer
    while the slow ones still run."""
    monkeypatch.setenv("SKG_CYPHER_CONCURRENCY", "2")
    monkeypatch.setenv("SKG_CYPHER_TIMEOUT_S", "4")
    monkeypatch.setenv("SKG_CYPHER_MAX_ESTIMATED_ROWS", "1e15")
    get_settings.cache_clear()
    client.app.state.cypher_pool = None  # type: ignore[attr-defined]  # a pool of the new size
    slow = "UNWIND range(1, 1000000) AS x UNWIND range(1, 1000000) AS y WITH x, y WHERE x = -y RETURN count(*)"
    with ThreadPoolExecutor(max_workers=8) as pool:
        running = [pool.submit(client.post, "/cypher", json={"query": slow}) for _ in range(2)]
        time.sleep(0.5)  # let both take their slots (ordering only; nothing below asserts a duration)
        extra = [pool.submit(client.post, "/cypher", json={"query": slow}) for _ in range(4)]
        busy = [f.result() for f in extra]
        health = client.get("/healthz")
        suppliers = client.get("/suppliers", params={"recipient": "RU", "as_of": "2022-09-07", "sanctioned": True})
        still_running = sum(not f.done() for f in running)
        finished = [f.result() for f in running]
    assert all(r.status_code == 429 and int(r.headers["Retry-After"]) >= 1 for r in busy)
    assert busy[0].json()["error"]["code"] == "busy"
    assert health.status_code == 200 and suppliers.status_code == 200
    assert {s["id"] for s in suppliers.json()["suppliers"]} == {"CN", "IR", "KP"}
    assert still_running == 2, "the slow queries ended before the product was asked"
    assert all(r.status_code == 400 and "SKG_CYPHER_TIMEOUT_S" in r.text for r in finished)
    after = client.post("/cypher", json={"query": "RETURN 1 AS one"})
    assert after.status_code == 200 and after.json()["rows"] == [{"one": 1}]


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
    # a clause opening a pattern or a parameter list ("MATCH (", "MATCH p = (", "MERGE (", "UNWIND $"), not the
    # word alone: `DecisionKind.MERGE` is Python
    pattern = re.compile(r"\b(?:MATCH|MERGE)\s*(?:\w+\s*=\s*)?\(|\bUNWIND\s+\$")
    offenders = [
        str(p.relative_to(root))
        for folder in ("graph", "ingest", "api")
        for p in (root / folder).rglob("*.py")
        if p.name not in ("cypher.py", "cypher_guard.py") and pattern.search(p.read_text())
    ]
    assert offenders == []
    assert cypher.SCHEMA
