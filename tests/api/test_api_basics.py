"""REST API on both stores: health, readiness, suppliers; error bodies from the one error table."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore
from graph.vocab import TransferStatus, WeaponCategory
from ingest.pipeline import load_reference
from tests.conftest import free_loopback_port
from tests.factories import states, transfer


@pytest.fixture
def client(store: GraphStore) -> Iterator[TestClient]:
    load_reference(store)
    store.upsert_actors(states("KP", "RU", "IR", "IN", "FR"))
    store.upsert_transfers(
        [
            transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6),
            transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", TransferStatus.DELIVERED, 0.7),
            transfer("IN", "RU", WeaponCategory.OTHER, "2021", TransferStatus.DELIVERED, 0.5),
            transfer("FR", "IN", WeaponCategory.AIRCRAFT, "2016", TransferStatus.DELIVERED, 0.9),
        ]
    )
    with TestClient(create_app(store)) as c:
        yield c


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["counts"]["transfers"] == 4


def test_sanctioned_suppliers_of_russia(client: TestClient) -> None:
    body = client.get("/suppliers", params={"recipient": "RU", "sanctioned": "true"}).json()
    assert body["recipient"] == "RU"
    assert [s["id"] for s in body["suppliers"]] == ["IR", "KP"]
    for s in body["suppliers"]:
        assert s["sanctioned_by"], f"{s['id']} has no regime"
        assert s["transfers"][0]["evidence"][0]["quote"]
    assert any("1718" in " ".join(r["legal_basis"]) for r in body["suppliers"][1]["sanctioned_by"])


def test_all_suppliers_and_filters(client: TestClient) -> None:
    everyone = client.get("/suppliers", params={"recipient": "RU"}).json()
    assert [s["id"] for s in everyone["suppliers"]] == ["IN", "IR", "KP"]
    delivered = client.get("/suppliers", params={"recipient": "RU", "status": "delivered"}).json()
    assert [s["id"] for s in delivered["suppliers"]] == ["IN", "IR"]
    confident = client.get("/suppliers", params={"recipient": "RU", "min_confidence": 0.65}).json()
    assert [s["id"] for s in confident["suppliers"]] == ["IR"]


def test_bad_parameters_get_the_error_body(client: TestClient) -> None:
    r = client.get("/suppliers", params={"recipient": "RU", "min_confidence": 2})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_request" and "min_confidence" in r.json()["error"]["message"]
    assert client.get("/nope").json()["error"]["code"] == "http_error"


def test_readyz_is_503_when_the_store_is_down() -> None:
    down = Neo4jStore(f"bolt://127.0.0.1:{free_loopback_port()}", "neo4j", "whatever-password")
    with TestClient(create_app(down)) as c:
        r = c.get("/readyz")
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "store_unavailable"
