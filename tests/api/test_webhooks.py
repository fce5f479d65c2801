"""Watch-list deliveries to a real local HTTP receiver, on both stores: signatures verify with the secret shown
once, 500s are retried with backoff, a dead receiver is given up after the attempt limit, and over a restart of
the deliverer (new objects on the same store) no matching change is delivered twice or skipped."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import Role, hash_key
from api.webhooks import DeliveryPolicy, deliver_once
from graph.changes import ChangeKind
from graph.designations import delist
from graph.settings import get_settings
from graph.store import GraphStore
from graph.vocab import TransferStatus, WeaponCategory
from graph.watch_store import watch_store_for
from graph.watches import SIGNATURE_HEADER, verify
from ingest.pipeline import load_reference
from tests.factories import armed_group, news_source, states, transfer

REVIEWER = "reviewer-key-2"
#: No waiting between attempts in tests (the doubling itself is checked on the records' next_at).
FAST = DeliveryPolicy(max_attempts=3, backoff_s=0.0, timeout_s=5.0, batch=4)


@dataclass
class Receiver:
    """A webhook endpoint: answers each path's scripted failures first (e.g. [500, 500]), then 200."""

    fail: dict[str, list[int]] = field(default_factory=dict)
    received: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    rec = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                script = rec.fail.get(self.path, [])
                status = script.pop(0) if script else 200
                rec.received.append({"path": self.path, "headers": dict(self.headers), "body": body, "status": status})
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    rec.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield rec
    server.shutdown()
    server.server_close()


@pytest.fixture
def client(store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("SKG_API_KEYS", f"alice:{Role.REVIEWER.value}:{hash_key(REVIEWER)}")
    get_settings.cache_clear()
    load_reference(store)
    store.upsert_actors(states("KP", "RU", "FR", "DE", "IR"))
    store.upsert_sources([news_source(1)])
    store.flush()
    with TestClient(create_app(store)) as c:
        yield c
    get_settings.cache_clear()


def _watch(client: TestClient, query: dict[str, Any], url: str) -> dict[str, Any]:
    r = client.post("/watches", json={"name": "t", "query": query, "url": url}, headers={"X-API-Key": REVIEWER})
    assert r.status_code == 201, r.text
    made: dict[str, Any] = r.json()
    return made


def _deliver_all(store: GraphStore) -> None:
    """Passes of a fresh deliverer (new watch-store object, as after a restart) until nothing is left to retry."""
    hooks = watch_store_for(store)
    with httpx.Client() as http:
        for _ in range(20):
            if deliver_once(store, hooks, http, FAST).retrying == 0:
                return
    raise AssertionError("deliveries still retrying after 20 passes")


def test_signed_deliveries_retried_after_500s_none_lost_or_doubled_over_a_restart(
    client: TestClient, store: GraphStore, receiver: Receiver
) -> None:
    ru = _watch(
        client, {"kinds": ["verdict_changed"], "verdicts": ["violation"], "actors": ["RU"]}, receiver.url("/ru")
    )
    kp = _watch(client, {"kinds": ["transfer_added"], "recipients": ["KP"]}, receiver.url("/kp"))
    receiver.fail["/ru"] = [500, 500]  # the first delivery succeeds at its third attempt

    store.upsert_transfers(
        [
            transfer("KP", "RU", when="2023-09"),
            transfer("FR", "DE", WeaponCategory.ARTILLERY, when="2023-01"),
            transfer("RU", "KP", WeaponCategory.AIRCRAFT, when="2023-11"),
        ]
    )
    store.flush()
    _deliver_all(store)

    # a second round after a "restart": new changes, a fresh deliverer on the same store
    store.upsert_transfers([transfer("IR", "RU", WeaponCategory.DRONE, when="2023-10", source="src-b")])
    store.upsert_transfers([transfer("IR", "KP", WeaponCategory.MISSILE, when="2024-02", source="src-b")])
    store.flush()
    receiver.fail["/kp"] = [503]
    _deliver_all(store)
    _deliver_all(store)  # nothing new: nothing sent again

    every = store.changes(0, 100_000)
    for watch, path in ((ru, "/ru"), (kp, "/kp")):
        from graph.watches import WatchQuery

        query = WatchQuery.model_validate(watch["query"])
        expected = [c.seq for c in every if c.seq > watch["cursor"] and query.matches(c)]
        assert expected, path
        ok = [r for r in receiver.received if r["path"] == path and r["status"] == 200]
        got = [json.loads(r["body"])["change"]["seq"] for r in ok]
        assert got == expected  # in feed order, each once: none lost, none doubled
        for r in ok:
            headers = {k.lower(): v for k, v in r["headers"].items()}
            assert verify(watch["secret"], headers[SIGNATURE_HEADER.lower()], r["body"], int(time.time()))
            assert not verify("another-secret", headers[SIGNATURE_HEADER.lower()], r["body"], int(time.time()))
            assert headers["x-skg-delivery"] == f"{watch['id']}:{json.loads(r['body'])['change']['seq']}"
        listed = client.get(f"/watches/{watch['id']}/deliveries", headers={"X-API-Key": REVIEWER}).json()
        statuses = {d["seq"]: (d["status"], d["attempts"]) for d in listed["deliveries"]}
        assert set(statuses) == set(expected) and all(s == "delivered" for s, _ in statuses.values())
        if path == "/ru":
            assert statuses[expected[0]] == ("delivered", 3)  # two 500s, then 200
    kinds = {json.loads(r["body"])["change"]["kind"] for r in receiver.received if r["path"] == "/kp"}
    assert kinds == {ChangeKind.TRANSFER_ADDED.value}
    watches = client.get("/watches", headers={"X-API-Key": REVIEWER}).json()["watches"]
    assert {w["id"]: w["cursor"] for w in watches} == {ru["id"]: every[-1].seq, kp["id"]: every[-1].seq}


def test_a_dead_receiver_is_given_up_after_the_attempt_limit_with_backoff(
    client: TestClient, store: GraphStore, receiver: Receiver
) -> None:
    dead = _watch(client, {"actors": ["KP"], "kinds": ["transfer_added"]}, receiver.url("/dead"))
    receiver.fail["/dead"] = [500] * 100
    store.upsert_transfers([transfer("KP", "RU", when="2023-09"), transfer("RU", "KP", when="2023-10")])
    store.flush()
    hooks = watch_store_for(store)
    slow = DeliveryPolicy(max_attempts=3, backoff_s=60.0, timeout_s=5.0)
    with httpx.Client() as http:
        first = deliver_once(store, hooks, http, slow)
        assert (first.retrying, first.delivered) == (1, 0)
        (pending,) = client.get(f"/watches/{dead['id']}/deliveries", headers={"X-API-Key": REVIEWER}).json()[
            "deliveries"
        ]
        assert pending["status"] == "retrying" and pending["attempts"] == 1 and pending["last_status"] == 500
        assert deliver_once(store, hooks, http, slow).retrying == 0  # not due yet: nothing sent
        assert len([r for r in receiver.received if r["path"] == "/dead"]) == 1
        later = datetime.fromisoformat(pending["next_at"])
        assert 59 <= (later - datetime.fromisoformat(pending["last_at"])).total_seconds() <= 61
        assert deliver_once(store, hooks, http, slow, now=later).retrying == 1  # second attempt: 120 s later next
        (again,) = client.get(f"/watches/{dead['id']}/deliveries", headers={"X-API-Key": REVIEWER}).json()["deliveries"]
        assert again["attempts"] == 2
        assert 119 <= (datetime.fromisoformat(again["next_at"]) - later).total_seconds() <= 121
        for _ in range(10):
            later += timedelta(hours=1)
            deliver_once(store, hooks, http, slow, now=later)
    listed = client.get(f"/watches/{dead['id']}/deliveries", headers={"X-API-Key": REVIEWER}).json()["deliveries"]
    assert [(d["status"], d["attempts"]) for d in listed] == [("failed", 3), ("failed", 3)]
    assert len([r for r in receiver.received if r["path"] == "/dead"]) == 6
    (watch,) = client.get("/watches", headers={"X-API-Key": REVIEWER}).json()["watches"]
    assert watch["failed"] == 2 and watch["cursor"] == store.last_change_seq()


def test_natural_watches_new_supplier_new_violation_and_listings(
    client: TestClient, store: GraphStore, receiver: Receiver
) -> None:
    """ "Any new supplier of KP" fires once per supplier that had no earlier (affirmative) transfer to KP as the
    graph knew it, not on every new transfer; "new violations involving RU" and "listings of KP's actors" fire on
    exactly those changes."""
    store.upsert_transfers([transfer("RU", "KP", WeaponCategory.AIRCRAFT, when="2023-11")])  # RU supplied KP before
    store.flush()
    new_supplier = _watch(client, {"kinds": ["supplier_added"], "recipients": ["KP"]}, receiver.url("/new"))
    violations = _watch(
        client, {"kinds": ["verdict_changed"], "verdicts": ["violation"], "actors": ["RU"]}, receiver.url("/viol")
    )
    listings = _watch(client, {"kinds": ["actor_designated", "actor_delisted"], "actors": ["KP"]}, receiver.url("/ls"))

    store.upsert_transfers(
        [
            transfer("RU", "KP", WeaponCategory.MISSILE, when="2024-01"),  # another transfer, not a new supplier
            transfer("IR", "KP", WeaponCategory.MISSILE, when="2024-02", source="src-b"),  # new
            transfer("FR", "KP", WeaponCategory.ARTILLERY, when="2024-03", status=TransferStatus.DENIED),  # no supply
        ]
    )
    store.upsert_transfers([transfer("IR", "KP", WeaponCategory.DRONE, when="2024-04", source="src-c")])  # IR again
    store.upsert_transfers([transfer("FR", "KP", WeaponCategory.ARTILLERY, when="2024-03", source="src-d")])  # now FR
    store.upsert_transfers([transfer("KP", "RU", when="2023-09")])  # shells to RU under the DPRK embargo
    group = armed_group("Test Trading Bureau", "KP")
    listed = group.model_copy(update={"attributes": {"un_reference": "KPe.998", "listed_on": "2024-05-01"}})
    store.upsert_actors([listed])
    delist(store, [group.id], date(2024, 6, 1))
    store.flush()
    _deliver_all(store)

    def bodies(path: str) -> list[dict[str, Any]]:
        return [json.loads(r["body"])["change"] for r in receiver.received if r["path"] == path and r["status"] == 200]

    assert [(c["kind"], c["supplier"]) for c in bodies("/new")] == [("supplier_added", "IR"), ("supplier_added", "FR")]
    found = bodies("/viol")
    assert found and all(c["verdict"] == "violation" and "RU" in c["actors"] for c in found)
    assert {(c["supplier"], c["recipient"]) for c in found} == {("KP", "RU"), ("RU", "KP")}  # both under the DPRK ban
    assert [(c["kind"], c["subjects"][0]) for c in bodies("/ls")] == [
        ("actor_designated", group.id),
        ("actor_delisted", group.id),
    ]
    for watch in (new_supplier, violations, listings):
        (w,) = [
            x
            for x in client.get("/watches", headers={"X-API-Key": REVIEWER}).json()["watches"]
            if x["id"] == watch["id"]
        ]
        assert w["cursor"] == store.last_change_seq()
