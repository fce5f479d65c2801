"""known_as_of over REST on both stores, with a real SIPRI excerpt revised by a later export: asked as known
before the revision, the deal shows its earlier figures and register row; asked before the first import, it is
not there; the CLI's --known-as-of gives the same answer. The measures are read as recorded then: a (made-up)
later import ending the DPRK embargo is not known before it, so "sanctioned" and sanctioned suppliers asked as
known before it still list the DPRK."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from graph.decisions import new_decision
from graph.memory_store import MemoryStore
from graph.model import Regime
from graph.reference import load_regimes
from graph.store import GraphStore
from graph.vocab import Issuer
from ingest.pipeline import ingest, load_reference, read_register
from ingest.records import Records

SIPRI = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sipri"
EXCERPT = SIPRI / "excerpt-russia-imports-legacy16.csv"

pytestmark = pytest.mark.skipif(not EXCERPT.is_file(), reason=f"SIPRI excerpt not found at {EXCERPT}")

ROW = ",100,?,Konkurs,anti-tank missile,100,?,2024,"


def _revised(path: Path) -> Path:
    """The May export as a June one that revises the Konkurs deal from 100 to 150 missiles."""
    text = EXCERPT.read_text(encoding="utf-8")
    assert ROW in text and "Data generated: 18 May 2026" in text
    text = text.replace(ROW, ROW.replace("100", "150"))
    text = text.replace("Data generated: 18 May 2026", "Data generated: 18 Jun 2026")
    path.write_text(text, encoding="utf-8")
    return path


#: A test-only version of the UN DPRK arms embargo with an end date (the real one has none), imported on 20 June.
ENDED = date(2026, 6, 10)


def _dprk_ended() -> Regime:
    [un] = [r for r in load_regimes() if r.target == "KP" and r.issuer is Issuer.UN and r.end is None]
    return un.model_copy(update={"end": ENDED})


def _load(store: GraphStore, revised: Path) -> None:
    load_reference(store, ingested=date(2026, 5, 20))
    ingest(store, read_register("sipri", EXCERPT), name="may", ingested=date(2026, 5, 20))
    ingest(store, read_register("sipri", revised), name="june", ingested=date(2026, 6, 20))
    ingest(store, [Records(regimes=(_dprk_ended(),))], name="june measures", ingested=date(2026, 6, 20))


@pytest.fixture
def client(store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    _load(store, _revised(tmp_path / "june.csv"))
    with TestClient(create_app(store)) as c:
        yield c


def _konkurs(client: TestClient, known: str | None) -> list[dict[str, object]]:
    params = {"supplier": "KP", "recipient": "RU", "status": ["delivered", "ordered", "alleged", "denied"]}
    if known:
        params["known_as_of"] = known
    r = client.get("/transfers", params=params)
    assert r.status_code == 200, r.text
    return [t for t in r.json()["transfers"] if t["designation"] == "Konkurs"]


def test_a_revised_deal_shows_its_earlier_figures_as_known_before(client: TestClient) -> None:
    [now] = _konkurs(client, None)
    [may] = _konkurs(client, "2026-06-01")
    assert now["quantity"]["low"] == 150 and may["quantity"]["low"] == 100
    assert "150" in now["evidence"][0]["quote"] and "100" in may["evidence"][0]["quote"]
    assert may["evidence"][0]["ingested"] == "2026-05-20" and now["evidence"][0]["ingested"] == "2026-06-20"
    assert [r["superseded"] for r in now["revisions"]] == ["2026-06-20"] and may["revisions"] == []
    assert _konkurs(client, "2026-05-19") == []  # before the first import the graph knew nothing of it
    # every other query takes it too: the supplier tally as known in May counts the deal, before it does not
    may_suppliers = client.get("/suppliers", params={"recipient": "RU", "known_as_of": "2026-05-19"}).json()
    assert may_suppliers["known_as_of"] == "2026-05-19" and may_suppliers["total"] == 0
    evidence = client.get(f"/transfers/{now['id']}/evidence", params={"known_as_of": "2026-06-01"}).json()
    assert "100" in evidence["history"][0]["quote"]
    assert client.get(f"/transfers/{now['id']}/evidence", params={"known_as_of": "2026-05-01"}).status_code == 404
    assert client.get("/transfers", params={"known_as_of": "2026-13-01", "actor": "RU"}).status_code == 422


def _sanctioned(client: TestClient, known: str | None, **params: str) -> set[str]:
    params = {"as_of": "2026-06-15", "issuer": "UN", **params, **({"known_as_of": known} if known else {})}
    r = client.get("/sanctioned", params=params)
    assert r.status_code == 200, r.text
    return {a["id"] for a in r.json()["actors"]}


def test_measures_are_read_as_recorded_then(client: TestClient) -> None:
    assert "KP" not in _sanctioned(client, None)  # today the graph holds the embargo's (made-up) end of 10 June
    assert "KP" in _sanctioned(client, "2026-06-01")  # on 1 June that end was not recorded yet
    assert _sanctioned(client, "2026-05-19") == set()  # nor any measure before the reference was loaded
    assert "KP" in _sanctioned(client, "2026-06-20", as_of="2026-06-01")  # in force on 1 June either way

    def suppliers(known: str | None) -> set[str]:
        params = {"recipient": "RU", "sanctioned": "true", "as_of": "2026-06-15", "issuer": "UN"}
        r = client.get("/suppliers", params={**params, **({"known_as_of": known} if known else {})})
        assert r.status_code == 200, r.text
        return {s["id"] for s in r.json()["suppliers"]}

    assert "KP" not in suppliers(None) and "KP" in suppliers("2026-06-01")
    [konkurs] = _konkurs(client, None)
    assert konkurs["supplier"] == "KP"
    # the DPRK embargo is modelled in stages (UNSCR 1718, then 1874 onwards): the revised one is the open stage
    [regime] = [
        r
        for r in client.get("/actors/KP", params={"known_as_of": "2026-06-01"}).json()["regimes"]
        if r["id"] == _dprk_ended().id
    ]
    assert regime["end"] is None  # the measure as it stood then


def test_decisions_are_read_as_recorded_then(client: TestClient, store: GraphStore) -> None:
    """A reviewer rejects the Konkurs deal on 1 July: asked as known on 25 June it is unreviewed and counted."""
    [konkurs] = _konkurs(client, None)
    rejected = new_decision("reject", konkurs["id"], "rev", at=datetime(2026, 7, 1, 9, tzinfo=UTC), reason="wrong_item")
    store.add_decisions([rejected])
    store.flush()
    assert _konkurs(client, None) == []  # rejected: no default question selects it
    [then] = _konkurs(client, "2026-06-25")
    assert then["review"] is None and then["quantity"]["low"] == 150
    listed = client.get("/review/decisions", params={"target": konkurs["id"], "known_as_of": "2026-06-25"}).json()
    assert listed["decisions"] == []
    assert [d["id"] for d in client.get("/review/decisions", params={"target": konkurs["id"]}).json()["decisions"]] == [
        rejected.id
    ]
    evidence = client.get(f"/transfers/{konkurs['id']}/evidence", params={"known_as_of": "2026-06-25"}).json()
    assert evidence["reviews"] == {} and evidence["transfer"]["status"] != "rejected"
    assert client.get(f"/transfers/{konkurs['id']}/evidence").json()["transfer"]["status"] == "rejected"


def test_the_cli_takes_known_as_of(tmp_path: Path) -> None:
    path = tmp_path / "graph.json.gz"
    store = MemoryStore(path)
    _load(store, _revised(tmp_path / "june.csv"))
    store.close()
    args = ["query", "transfers", "--supplier", "KP", "--recipient", "RU", "--json", "--store", f"memory:{path}"]
    shown = {}
    for known in ("2026-06-01", None):
        result = CliRunner().invoke(cli, [*args, *(["--known-as-of", known] if known else [])])
        assert result.exit_code == 0, result.output
        [t] = [t for t in json.loads(result.output)["transfers"] if t["designation"] == "Konkurs"]
        shown[known] = t["quantity"]["low"]
    assert shown == {"2026-06-01": 100, None: 150}
    sanctioned = [
        "query",
        "sanctioned",
        "--as-of",
        "2026-06-15",
        "--issuer",
        "UN",
        "--json",
        "--store",
        f"memory:{path}",
    ]
    listed = {}
    for known in ("2026-06-01", None):
        result = CliRunner().invoke(cli, [*sanctioned, *(["--known-as-of", known] if known else [])])
        assert result.exit_code == 0, result.output
        listed[known] = "KP" in {a["id"] for a in json.loads(result.output)["actors"]}
    assert listed == {"2026-06-01": True, None: False}
