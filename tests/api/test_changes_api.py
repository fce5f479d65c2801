"""The change feed over HTTP on both stores: /changes paged by seq, one change, the Atom feed as a feed reader
reads it, `skg changes`, and the watch-list endpoints (roles, validation with clear 422s, secrets shown once)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser  # type: ignore[import-untyped]
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.auth import Role, hash_key
from api.cli import app as cli
from graph.memory_store import MemoryStore
from graph.settings import get_settings
from graph.store import GraphStore
from graph.vocab import WeaponCategory
from ingest.pipeline import load_reference
from tests.factories import news_source, states, transfer

READER, REVIEWER, OTHER, ADMIN = "reader-key-1", "reviewer-key-2", "reviewer-key-3", "admin-key-4"


@pytest.fixture
def client(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    keys = [("rita", Role.READER, READER), ("alice", Role.REVIEWER, REVIEWER), ("bob", Role.REVIEWER, OTHER)]
    keys.append(("root", Role.ADMIN, ADMIN))
    monkeypatch.setenv("SKG_API_KEYS", ",".join(f"{n}:{r.value}:{hash_key(k)}" for n, r, k in keys))
    get_settings.cache_clear()
    load_reference(store)
    store.upsert_actors(states("KP", "RU", "FR", "DE"))
    store.upsert_sources([news_source(1)])
    store.upsert_transfers(
        [transfer("KP", "RU", when="2023-09"), transfer("FR", "DE", WeaponCategory.ARTILLERY, when="2023-01")]
    )
    store.flush()
    with TestClient(create_app(store)) as c:
        yield c
    get_settings.cache_clear()


def test_changes_are_paged_by_seq(client: TestClient) -> None:
    every = client.get("/changes", params={"limit": 1000}).json()
    assert not every["more"] and every["last_seq"] == every["changes"][-1]["seq"]
    seqs, since = [], 0
    while True:
        page = client.get("/changes", params={"since": since, "limit": 7}).json()
        seqs += [c["seq"] for c in page["changes"]]
        since = page["next_since"]
        if not page["more"]:
            break
    assert seqs == [c["seq"] for c in every["changes"]] == list(range(1, every["last_seq"] + 1))
    one = client.get(f"/changes/{seqs[-1]}").json()
    assert one == every["changes"][-1]
    assert client.get(f"/changes/{seqs[-1] + 1}").status_code == 404
    assert client.get("/changes", params={"since": -1}).status_code == 422
    ru = client.get("/changes", params={"actor": "RU", "verdict": "violation"}).json()["changes"]
    assert ru and all(c["kind"] == "verdict_changed" and "RU" in c["actors"] for c in ru)


def test_the_atom_feed_is_read_by_a_feed_reader(client: TestClient) -> None:
    r = client.get("/changes.atom", params={"limit": 20})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.id and feed.feed.updated
    assert any(link.rel == "self" for link in feed.feed.links)
    assert len(feed.entries) == 20
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == 20
    for e in feed.entries:
        assert e.updated and e.title and e.link
    newest = int(ids[0].rsplit("/", 1)[1])
    assert client.get(feed.entries[0].link.replace("http://testserver", "")).json()["seq"] == newest
    # filtered: only UN violation verdicts involving RU
    hits = feedparser.parse(
        client.get("/changes.atom", params={"actor": "RU", "verdict": "violation", "issuer": "UN"}).content
    )
    assert hits.entries and not hits.bozo
    assert all({"verdict:violation", "actor:RU", "issuer:UN"} <= {t.term for t in e.tags} for e in hits.entries)
    assert (
        feedparser.parse(client.get("/changes.atom", params={"actor": "FR", "verdict": "violation"}).content).entries
        == []
    )
    assert client.get("/changes.atom", params={"verdict": "maybe"}).status_code == 422


_QUERY = {"kinds": ["verdict_changed"], "verdicts": ["violation"], "actors": ["RU"]}


def test_watches_need_a_reviewer_and_a_valid_query(client: TestClient) -> None:
    body = {"name": "RU violations", "query": _QUERY, "url": "http://127.0.0.1:9/hook"}
    assert (
        client.post("/watches", json=body).status_code == 401 or client.post("/watches", json=body).status_code == 403
    )
    assert client.post("/watches", json=body, headers={"X-API-Key": READER}).status_code == 403
    made = client.post("/watches", json=body, headers={"X-API-Key": REVIEWER})
    assert made.status_code == 201, made.text
    watch = made.json()
    assert watch["secret"] and watch["owner"] == "alice"
    assert watch["cursor"] == client.get("/changes").json()["last_seq"]  # told of what changes from now on

    listed = client.get("/watches", headers={"X-API-Key": REVIEWER}).json()["watches"]
    assert [w["id"] for w in listed] == [watch["id"]] and "secret" not in listed[0]
    assert client.get("/watches", headers={"X-API-Key": OTHER}).json()["watches"] == []
    assert len(client.get("/watches", headers={"X-API-Key": ADMIN}).json()["watches"]) == 1
    assert client.delete(f"/watches/{watch['id']}", headers={"X-API-Key": OTHER}).status_code == 403
    assert client.get(f"/watches/{watch['id']}/deliveries", headers={"X-API-Key": REVIEWER}).json()["deliveries"] == []

    for bad, says in [
        ({"query": {}, "url": "http://x.example/h"}, "at least one condition"),
        ({"query": {"actors": ["Russia"]}, "url": "http://x.example/h"}, "query.actors.0"),
        ({"query": {"kinds": ["transfer_added"], "verdicts": ["violation"]}, "url": "http://x.example/h"}, "verdict"),
        ({"query": {"kinds": ["nothing"]}, "url": "http://x.example/h"}, "query.kinds.0"),
        ({"query": _QUERY, "url": "ftp://x.example/h"}, "url"),
        ({"query": _QUERY | {"colour": "red"}, "url": "http://x.example/h"}, "colour"),
    ]:
        r = client.post("/watches", json=bad, headers={"X-API-Key": REVIEWER})
        assert r.status_code == 422, bad
        assert says in r.json()["error"]["message"], r.json()

    assert client.delete(f"/watches/{watch['id']}", headers={"X-API-Key": REVIEWER}).status_code == 204
    assert client.get("/watches", headers={"X-API-Key": REVIEWER}).json()["watches"] == []
    assert client.delete(f"/watches/{watch['id']}", headers={"X-API-Key": REVIEWER}).status_code == 404


def test_skg_changes_prints_the_feed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "graph.json.gz"
    store = MemoryStore(path)
    store.upsert_actors(states("KP", "RU"))
    store.upsert_transfers([transfer("KP", "RU", when="2023-09")])
    store.close()
    monkeypatch.setenv("SKG_STORE", f"memory:{path}")
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    r = CliRunner().invoke(cli, ["changes", "--since", "0", "--json"])
    assert r.exit_code == 0, r.output
    lines = [line for line in r.stdout.splitlines() if line.startswith("{")]
    assert [__import__("json").loads(line)["kind"] for line in lines] == ["transfer_added", "supplier_added"]
    r = CliRunner().invoke(cli, ["changes", "--since", "2"])
    assert r.exit_code == 0 and "0 change(s); last seq 2; next: --since 2" in r.stderr
    get_settings.cache_clear()
