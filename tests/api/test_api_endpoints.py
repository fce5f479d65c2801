"""The REST surface on both stores: queries, pagination, exports, Cypher, API-key-protected ingest."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import pytest
import rdflib
from fastapi.testclient import TestClient

from api.app import create_app
from graph.settings import get_settings
from graph.store import GraphStore
from graph.vocab import SourceKind, TransferStatus, WeaponCategory
from ingest.pipeline import load_reference
from tests.conftest import shared_path
from tests.factories import news_source, states, transfer

API_KEY = "test-api-key-123"


@pytest.fixture
def client(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("SKG_API_KEY", API_KEY)
    get_settings.cache_clear()
    load_reference(store)
    store.upsert_actors(states("KP", "RU", "IR", "BY", "IN"))
    store.upsert_sources([news_source(1)])
    src = news_source(1).id
    store.upsert_transfers(
        [
            transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6, source=src),
            transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", TransferStatus.DELIVERED, 0.7, source=src),
            transfer(
                "RU",
                "BY",
                WeaponCategory.AIRCRAFT,
                "2023-05",
                TransferStatus.DELIVERED,
                0.9,
                kind=SourceKind.REGISTER,
                source="sipri",
            ),
        ]
    )
    with TestClient(create_app(store)) as c:
        yield c
    get_settings.cache_clear()


def test_sanctioned_is_paginated_with_a_cursor(client: TestClient) -> None:
    first = client.get("/sanctioned", params={"as_of": "2022-09-07", "limit": 3}).json()
    assert len(first["actors"]) == 3 and first["next_cursor"]
    second = client.get(
        "/sanctioned", params={"as_of": "2022-09-07", "limit": 3, "cursor": first["next_cursor"]}
    ).json()
    ids = [a["id"] for a in first["actors"] + second["actors"]]
    assert len(ids) == len(set(ids)) == 6
    everything = client.get("/sanctioned", params={"as_of": "2022-09-07", "limit": 500}).json()
    assert everything["next_cursor"] is None and ids == [a["id"] for a in everything["actors"]][:6]
    bad = client.get("/sanctioned", params={"cursor": "%%%"})
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid_request"


def test_violations_endpoint_explains_each_breach(client: TestClient) -> None:
    body = client.get("/violations", params={"recipient": "RU"}).json()
    suppliers = {v["transfer"]["supplier"] for v in body["violations"]}
    assert suppliers == {"KP"} and {v["verdict"] for v in body["violations"]} == {"violation"}
    assert all(v["explanation"] and v["regime"]["legal_basis"] for v in body["violations"])
    assert body["counts"]["possible"] >= 1  # the Iranian drone of unknown type (MTCR item scope)
    wider = client.get("/violations", params={"recipient": "RU", "verdict": "possible"}).json()
    assert {v["transfer"]["supplier"] for v in wider["violations"]} == {"KP", "IR"}
    assert all(v["decided_by"] for v in wider["violations"] if v["verdict"] == "possible")
    assert client.get("/violations", params={"verdict": "maybe"}).status_code == 422
    assert "MATCH" in body["cypher"]["query"] and body["cypher"]["params"]["recipient"] == "RU"


def test_paths_actor_evidence_and_timeline(client: TestClient) -> None:
    paths = client.get("/paths", params={"source": "IR", "target": "BY"}).json()
    assert [p["actors"] for p in paths["paths"]] == [["IR", "RU", "BY"]]
    profile = client.get("/actors/RU").json()
    assert profile["suppliers"] == ["IR", "KP"] and profile["recipients"] == ["BY"]
    tid = paths["paths"][0]["hops"][0]["transfer"]["id"]
    ev = client.get(f"/transfers/{tid}/evidence").json()
    assert ev["transfer"]["id"] == tid and ev["history"][0]["quote"]
    timeline = client.get("/actors/IR/timeline").json()
    assert [e["date"] for e in timeline["events"]] == sorted(e["date"] for e in timeline["events"])
    missing = client.get("/actors/ZZ")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.get("/transfers/tr-nope/evidence").status_code == 404
    assert client.get("/paths", params={"source": "IR", "target": "BY", "max_hops": 9}).status_code == 422


@pytest.mark.parametrize("fmt", ["turtle", "jsonld", "graphml", "gexf"])
def test_export_formats_parse_back(client: TestClient, fmt: str) -> None:
    r = client.get("/export", params={"format": fmt})
    assert r.status_code == 200 and r.content
    if fmt in ("turtle", "jsonld"):
        g = rdflib.Graph().parse(data=r.content, format="turtle" if fmt == "turtle" else "json-ld")
        assert len(g) > 50
    else:
        import io

        reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        g = reader(io.BytesIO(r.content))
        assert g.is_directed() and g.has_edge("KP", "RU")


def test_export_around_an_actor(client: TestClient) -> None:
    import io

    r = client.get("/export", params={"format": "graphml", "actor": "IR", "hops": 1})
    g = nx.read_graphml(io.BytesIO(r.content))
    assert set(g.nodes) == {"IR", "RU"}
    assert client.get("/export", params={"format": "pdf"}).status_code == 422


def test_write_endpoints_need_the_api_key(client: TestClient) -> None:
    files = {"file": ("a.txt", b"Russia received drones from Iran last week.", "text/plain")}
    assert client.post("/ingest/news", files=files).status_code == 401
    wrong = client.post("/ingest/news", files=files, headers={"X-API-Key": "nope"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "forbidden"


def test_write_endpoints_refuse_wrong_types_and_empty_files(client: TestClient) -> None:
    key = {"X-API-Key": API_KEY}
    exe = client.post("/ingest/sipri", files={"file": ("x.exe", b"MZ...", "application/octet-stream")}, headers=key)
    assert exe.status_code == 422 and "must end in .csv" in exe.json()["error"]["message"]
    empty = client.post("/ingest/sipri", files={"file": ("x.csv", b"", "text/csv")}, headers=key)
    assert empty.status_code == 422 and "empty" in empty.json()["error"]["message"]
    assert client.post("/ingest/nonsense", files={"file": ("x.csv", b"a", "text/csv")}, headers=key).status_code == 422


def test_oversized_uploads_are_refused(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKG_MAX_UPLOAD_BYTES", "1000")
    get_settings.cache_clear()
    r = client.post(
        "/ingest/sipri", files={"file": ("big.csv", b"x" * 5000, "text/csv")}, headers={"X-API-Key": API_KEY}
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_register_upload_returns_the_import_report_and_is_idempotent(client: TestClient) -> None:
    data = shared_path("data", "sipri", "excerpt-russia-imports-legacy16.csv").read_bytes()
    key = {"X-API-Key": API_KEY}
    first = client.post("/ingest/sipri", files={"file": ("russia.csv", data, "text/csv")}, headers=key).json()
    again = client.post("/ingest/sipri", files={"file": ("russia.csv", data, "text/csv")}, headers=key).json()
    assert first["transfers"]["added"] == 43 and first["rejected"] == []
    assert again["transfers"] == {"added": 0, "updated": 0, "unchanged": 43}
    kinds = client.get("/suppliers", params={"recipient": "RU", "source_kind": "register"}).json()
    assert "KP" in [s["id"] for s in kinds["suppliers"]]


def test_write_endpoints_are_refused_when_no_key_is_configured(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SKG_API_KEY")
    get_settings.cache_clear()
    r = client.post("/ingest/sipri", files={"file": ("x.csv", b"a", "text/csv")}, headers={"X-API-Key": ""})
    assert r.status_code == 401 and "SKG_API_KEY" in r.json()["error"]["message"]


def test_suppliers_endpoint_pages_and_drills_down(client: TestClient) -> None:
    first = client.get("/suppliers", params={"recipient": "RU", "limit": 1, "per_supplier": 0}).json()
    assert first["total"] == 2 and len(first["suppliers"]) == 1 and first["next_cursor"] == "1"
    assert first["suppliers"][0]["transfers"] == [] and first["suppliers"][0]["transfer_count"] == 1
    rest = client.get("/suppliers", params={"recipient": "RU", "limit": 1, "cursor": "1"}).json()
    assert rest["next_cursor"] is None
    assert {first["suppliers"][0]["id"], rest["suppliers"][0]["id"]} == {"IR", "KP"}
    row = rest["suppliers"][0]
    drill = client.get("/transfers", params={"supplier": row["id"], "recipient": "RU"}).json()
    assert [t["id"] for t in drill["transfers"]] == [t["id"] for t in row["transfers"]]
    assert drill["cypher"]["params"]["supplier"] == row["id"]
    too_many = client.get("/suppliers", params={"recipient": "RU", "per_supplier": 5000})
    assert too_many.status_code == 422


def test_answers_are_cached_until_the_store_changes(client: TestClient, store: GraphStore) -> None:
    cache = client.app.state.answer_cache  # type: ignore[attr-defined]
    first = client.get("/suppliers", params={"recipient": "RU", "sanctioned": "true", "as_of": "2022-09-07"})
    hits = cache.hits
    # the same question with its parameters in another order: served from the cache, byte for byte
    again = client.get("/suppliers", params={"as_of": "2022-09-07", "sanctioned": "true", "recipient": "RU"})
    assert cache.hits == hits + 1 and again.content == first.content
    assert again.headers["content-type"] == "application/json"
    # a write bumps the store's version: the next answer is computed afresh and sees the new supplier
    store.upsert_actors(states("SY"))
    store.upsert_transfers([transfer("SY", "RU", WeaponCategory.MISSILE, "2022-10", TransferStatus.DELIVERED)])
    fresh = client.get("/suppliers", params={"recipient": "RU", "sanctioned": "true", "as_of": "2022-09-07"})
    assert cache.hits == hits + 1
    assert {s["id"] for s in fresh.json()["suppliers"]} == {"IR", "KP", "SY"}


def test_answer_cache_expires_and_can_be_turned_off(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    load_reference(store)
    store.upsert_actors(states("KP", "RU"))
    store.upsert_transfers([transfer("KP", "RU")])
    for env, hits_after_two in (({"SKG_ANSWER_CACHE_TTL_S": "0"}, 0), ({"SKG_ANSWER_CACHE_SIZE": "0"}, 0), ({}, 1)):
        for name in ("SKG_ANSWER_CACHE_TTL_S", "SKG_ANSWER_CACHE_SIZE"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        with TestClient(create_app(store)) as c:
            for _ in range(2):
                assert c.get("/suppliers", params={"recipient": "RU"}).json()["total"] == 1
            assert c.app.state.answer_cache.hits == hits_after_two, env  # type: ignore[attr-defined]
    get_settings.cache_clear()
