"""The API's edges (issue 12): the key before the body, long file names, JSON for every error, huge numbers,
bounded exports."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.settings import get_settings
from graph.store import GraphStore
from ingest.pipeline import ingest_path, load_reference
from tests.concurrency.conftest import Server
from tests.conftest import shared_path

KEY = "edge-test-key"


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("SKG_API_KEY", KEY)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_an_upload_without_the_key_is_refused_before_its_body_is_read(tmp_path: Path) -> None:
    """The client announces 200 MB and sends 1 KB: the server answers 401 at once instead of waiting for (and
    spooling to disk) the rest. The old server read the whole body first."""
    server = Server(f"memory:{tmp_path / 'graph.json.gz'}", KEY, tmp_path / "server.log")
    try:
        server.wait_ready()
        head = (
            "POST /ingest/sipri HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: multipart/form-data; boundary=XyZ\r\n"
            f"Content-Length: {200 * 1024 * 1024}\r\n\r\n"
            '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n\r\n'
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
            sock.sendall(head + b"x" * 1024)
            started = time.monotonic()
            answer = ""
            while '"forbidden"' not in answer and (chunk := sock.recv(65536)):
                answer += chunk.decode("latin-1")
        assert answer.startswith("HTTP/1.1 401"), answer[:200]
        assert "application/json" in answer and '"forbidden"' in answer
        assert time.monotonic() - started < 20
        assert not (tmp_path / "graph.json.gz").exists()
    finally:
        server.stop()


def test_an_oversized_upload_is_refused_from_its_declared_length(keyed: None) -> None:
    with TestClient(create_app(MemoryStore(None))) as client:
        r = client.post(
            "/ingest/sipri",
            content=b"--b\r\n",
            headers={
                "X-API-Key": KEY,
                "Content-Type": "multipart/form-data; boundary=b",
                "Content-Length": str(10 * get_settings().max_upload_bytes),
            },
        )
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"


def test_a_300_character_file_name_is_imported(keyed: None) -> None:
    data = shared_path("data", "sipri", "excerpt-russia-imports-legacy16.csv").read_bytes()
    name = "ü" * 150 + "x" * 146 + ".csv"
    with TestClient(create_app(MemoryStore(None))) as client:
        r = client.post("/ingest/sipri", files={"file": (name, data, "text/csv")}, headers={"X-API-Key": KEY})
        assert r.status_code == 200, r.text
        assert r.json()["transfers"]["added"] == 43 and r.json()["name"].endswith(".csv")
        odd_name = {"file": ("a\x00b\n.csv", data, "text/csv")}
        odd = client.post("/ingest/sipri", files=odd_name, headers={"X-API-Key": KEY})
        assert odd.status_code == 200, odd.text
        wrong = client.post("/ingest/sipri", files={"file": ("y" * 300 + ".exe", data)}, headers={"X-API-Key": KEY})
        assert wrong.status_code == 422 and "must end in .csv" in wrong.json()["error"]["message"]
        nofile = client.post("/ingest/sipri", data={"other": "1"}, headers={"X-API-Key": KEY})
        assert nofile.status_code == 422 and nofile.json()["error"]["code"] == "invalid_input"


class _Broken(MemoryStore):
    def supplier_rollups(self, *args: object, **kwargs: object) -> object:  # type: ignore[override]
        raise RuntimeError("a bug")


def test_an_internal_error_is_the_documented_json_body() -> None:
    store = _Broken(None)
    load_reference(store)
    with TestClient(create_app(store), raise_server_exceptions=False) as client:
        r = client.get("/suppliers", params={"recipient": "RU"})
    assert r.status_code == 500 and r.headers["content-type"] == "application/json"
    assert r.json() == {"error": {"code": "internal_error", "message": r.json()["error"]["message"]}}
    assert "RuntimeError" in r.json()["error"]["message"] and "a bug" not in r.json()["error"]["message"]


def test_a_huge_integer_parameter_is_a_400(neo4j_store: Neo4jStore) -> None:
    with TestClient(create_app(neo4j_store), raise_server_exceptions=False) as client:
        r = client.post("/cypher", json={"query": "RETURN $n AS n", "params": {"n": 2**80}})
        assert r.status_code == 400 and r.headers["content-type"] == "application/json", r.text
        long = '{"query": "RETURN 1", "params": {"n": ' + "9" * 5000 + "}}"
        r = client.post("/cypher", content=long, headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and r.headers["content-type"] == "application/json"
        assert client.get("/suppliers", params={"recipient": "RU", "limit": 10**40}).status_code == 422


def test_a_big_export_needs_the_key(store: GraphStore, keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_path(store, "sipri", shared_path("data", "sipri", "excerpt-russia-iran-dprk-belarus-new17.csv"))
    monkeypatch.setenv("SKG_EXPORT_MAX_TRANSFERS", "30")
    get_settings.cache_clear()
    with TestClient(create_app(store)) as client:
        whole = client.get("/export", params={"format": "graphml"})
        assert whole.status_code == 413 and "API key" in whole.json()["error"]["message"]
        around = client.get("/export", params={"format": "turtle", "actor": "RU", "hops": 1})
        assert around.status_code == 413
        small = client.get("/export", params={"format": "graphml", "actor": "KP", "hops": 0})
        assert small.status_code == 200
        keyed_whole = client.get("/export", params={"format": "graphml"}, headers={"X-API-Key": KEY})
        assert keyed_whole.status_code == 200 and b"<graphml" in keyed_whole.content
