"""`sync_sources` end to end on both stores, against a real local HTTP host serving feeds, articles and registers
(the UN list, the FtM delta index and SIPRI built at test time from ../shared/data)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.fixture_host import FixtureHost, article_html, atom, sitemap
from graph.designations import DELISTED
from graph.memory_store import MemoryStore
from graph.store import GraphStore, TransferFilter
from ingest.sync.runner import sync_sources
from ingest.sync.state import state_store_for
from tests.conftest import shared_path
from tests.sync.conftest import config, dev_articles, feed_of, publish


def _evidence(store: GraphStore) -> dict[str, int]:
    return {t.id: len(t.evidence) for t in store.transfers(TransferFilter())}


def test_feeds_conditional_second_sync_ingests_nothing(store: GraphStore, host: FixtureHost) -> None:
    arts = dev_articles(6)
    urls = publish(host, "/news", arts)
    host.put("/atom.xml", atom([(u, "x", None) for u in urls[3:5]]), "application/atom+xml")
    host.put("/sitemap.xml", sitemap(urls[5:]), "application/xml")
    cfg = config(
        {"name": "wire", "kind": "feed", "url": feed_of(host, "/rss.xml", urls[:3])},
        {"name": "atom", "kind": "feed", "url": host.url("/atom.xml"), "publisher": "Fixture Atom"},
        {"name": "map", "kind": "sitemap", "url": host.url("/sitemap.xml")},
    )
    first = sync_sources(store, cfg)
    assert [(r.status, r.ingested) for r in first] == [("ok", 3), ("ok", 2), ("ok", 1)]
    assert store.counts()["sources"] == 6
    evidence = _evidence(store)
    assert evidence  # the dev articles report transfers
    article_requests = sum(len(host.log(f"/news/{i}.html")) for i in range(6))
    assert article_requests == 6

    second = sync_sources(store, cfg)
    assert [r.status for r in second] == ["not modified"] * 3
    for feed in ("/rss.xml", "/atom.xml", "/sitemap.xml"):
        last = host.log(feed)[-1]
        assert last.status == 304 and "if-none-match" in last.headers and "if-modified-since" in last.headers
    assert sum(len(host.log(f"/news/{i}.html")) for i in range(6)) == article_requests  # none fetched again
    assert _evidence(store) == evidence and store.counts()["sources"] == 6

    # The state lives with the graph: a fresh handle on the same store sees it.
    state = state_store_for(store).load("wire")
    assert state.etag == host.routes["/rss.xml"].etag and state.last_success and state.revision >= 2
    assert len(state.seen_urls) == 3 and len(state.seen_hashes) == 3
    if isinstance(store, MemoryStore):
        assert store.path is not None
        sidecar = store.path.with_name(store.path.name + ".sync.json")
        assert set(json.loads(sidecar.read_text())["sources"]) == {"wire", "atom", "map"}


def test_changed_feed_only_new_items_and_dedupe(store: GraphStore, host: FixtureHost) -> None:
    arts = dev_articles(4)
    urls = publish(host, "/news", arts)
    cfg = config({"name": "wire", "kind": "feed", "url": feed_of(host, "/rss.xml", urls[:2])})
    assert sync_sources(store, cfg)[0].ingested == 2
    # The feed changes: one new article, one old article under a tracking URL, and a re-published copy of an
    # old text (other markup, other case and spacing) at a new URL.
    copy = arts[0]["text"].upper().replace(" ", "  ")
    host.put("/mirror/copy.html", article_html(f"{arts[0]['id']} report", copy))
    feed_of(host, "/rss.xml", [*urls[:3], urls[1] + "?utm_source=rss", host.url("/mirror/copy.html")])
    report = sync_sources(store, cfg)[0]
    assert report.status == "ok" and report.ingested == 1 and report.duplicates == 1
    assert report.already_seen == 3
    assert len(host.log("/news/1.html")) == 1  # the tracking URL is the same article: not fetched again
    assert store.counts()["sources"] == 3


def test_retry_robots_size_and_give_up_are_reported(store: GraphStore, host: FixtureHost) -> None:
    arts = dev_articles(3)
    urls = publish(host, "/news", arts)
    host.routes["/news/0.html"].fail.extend([503, 429])  # recovers within the retries
    host.routes["/news/1.html"].fail.extend([503] * 20)  # never recovers
    host.put("/private/secret.html", article_html("secret", arts[2]["text"] + " Private copy."))
    host.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    host.put("/news/huge.html", article_html("huge", "Shells. " * 40_000))
    feed = feed_of(host, "/rss.xml", [*urls, host.url("/private/secret.html"), host.url("/news/huge.html")])
    cfg = config({"name": "wire", "kind": "feed", "url": feed}, max_bytes=100_000)
    report = sync_sources(store, cfg)[0]
    assert report.ingested == 2 and report.robots_disallowed == 1
    assert host.log("/private/secret.html") == []
    reasons = {r.where.rsplit("/", 1)[-1]: r.reason for r in report.rejected}
    assert "gave up after 3 tries (last: HTTP 503); will retry next sync" in reasons["1.html"]
    assert "too large" in reasons["huge.html"]
    assert report.status == "partial" and "1 article(s) to retry" in (report.error or "")
    assert "1 disallowed by robots.txt" in report.line() and "2 rejected" in report.line()

    # Next sync: the feed is unchanged (304) but the pending article is tried again, and now succeeds.
    host.routes["/news/1.html"].fail.clear()
    again = sync_sources(store, cfg)[0]
    assert again.ingested == 1 and again.status == "not modified"
    assert store.counts()["sources"] == 3


def test_feed_that_never_answers_fails_with_a_clear_line(store: GraphStore, host: FixtureHost) -> None:
    host.put("/rss.xml", "x", "application/rss+xml", fail=[503] * 20)
    cfg = config(
        {"name": "down", "kind": "feed", "url": host.url("/rss.xml")},
        {"name": "ok", "kind": "urls", "urls": publish(host, "/n", dev_articles(1))},
    )
    down, ok = sync_sources(store, cfg)
    assert down.status == "failed"
    assert down.line() == f"down (feed): FAILED: {host.url('/rss.xml')}: gave up after 3 tries (last: HTTP 503)"
    assert ok.status == "ok" and ok.ingested == 1  # one failing source does not stop the others
    assert state_store_for(store).load("down").last_error == down.error


def _split_delta(tmp: Path, parts: int) -> list[bytes]:
    lines = shared_path("data", "sanctions", "opensanctions-delta-2024-06.json").read_bytes().splitlines(keepends=True)
    size = -(-len(lines) // parts)
    return [b"".join(lines[i : i + size]) for i in range(0, len(lines), size)]


def test_registers_un_list_ftm_deltas_and_sipri(store: GraphStore, host: FixtureHost, tmp_path: Path) -> None:
    host.put(
        "/un.xml", shared_path("data", "sanctions", "un-consolidated-dprk-sample.xml").read_bytes(), "application/xml"
    )
    full = shared_path("data", "sanctions", "opensanctions-sanctions-sample.ftm.jsonl").read_bytes()
    host.put("/os/entities.ftm.json", full, "application/json")
    deltas = _split_delta(tmp_path, 3)
    for n, body in enumerate(deltas):
        host.put(f"/os/v{n}/entities.delta.json", body, "application/json")
    index = {"versions": {f"2024060{n}120000-abc": f"v{n}/entities.delta.json" for n in range(2)}}
    host.put("/os/delta.json", json.dumps(index), "application/json")
    sipri = shared_path("data", "sipri", "excerpt-russia-iran-dprk-belarus-new17.csv")
    cfg = config(
        {"name": "un", "kind": "un-list", "url": host.url("/un.xml")},
        {"name": "os", "kind": "ftm", "url": host.url("/os/delta.json"), "full_url": host.url("/os/entities.ftm.json")},
        {"name": "sipri", "kind": "sipri", "path": str(sipri)},
    )
    un, os_, sp = sync_sources(store, cfg)
    assert (un.status, un.actors_added) == ("ok", 16)
    assert os_.status == "ok" and os_.versions == 0 and os_.actors_added > 0  # the full file, at the newest version
    assert sp.transfers_added > 0
    states = state_store_for(store)
    assert states.load("os").cursor == "20240601120000-abc"
    counts = store.counts()

    # Nothing changed: 304 for the UN list and the delta index, same file hash for SIPRI.
    assert [r.status for r in sync_sources(store, cfg)] == ["not modified"] * 3
    assert store.counts() == counts

    # OpenSanctions publishes a new version: only it is applied, and the cursor moves. It also drops two entities
    # of the full file (DEL lines as OpenSanctions writes them).
    dropped = sorted(a.ftm_id for a in store.actors() if a.ftm_id)[:2]
    deltas[2] += b"".join(json.dumps({"op": "DEL", "entity": {"id": i}}).encode() + b"\n" for i in dropped)
    host.put("/os/v2/entities.delta.json", deltas[2], "application/json")
    index["versions"]["20240602120000-abc"] = "v2/entities.delta.json"
    host.put("/os/delta.json", json.dumps(index), "application/json")
    again = sync_sources(store, cfg, ["os"])[0]
    assert again.versions == 1 and again.status == "ok"
    assert [r.path for r in host.requests if "entities" in r.path] == [
        "/os/entities.ftm.json",
        "/os/v2/entities.delta.json",
    ]
    assert states.load("os").cursor == "20240602120000-abc"
    # its lines applied as OpenSanctions means them, the last line of an entity winning: DEL delists (nothing is
    # deleted), ADD and MOD leave the entity listed
    ops = {}
    for line in deltas[2].splitlines():
        if line.strip():
            record = json.loads(line)
            ops[record["entity"]["id"]] = record["op"]
    stored = {a.ftm_id: a for a in store.actors() if a.ftm_id}
    gone = [stored[i] for i, op in ops.items() if op == "DEL" and i in stored]
    kept = [stored[i] for i, op in ops.items() if op != "DEL" and i in stored]
    assert sorted(a.ftm_id for a in gone) == dropped and kept and again.delisted == len(dropped)
    assert all(DELISTED in a.attributes for a in gone)
    assert not any(DELISTED in a.attributes for a in kept)

    # The index no longer reaches back to the cursor (versions were pruned): the full file again, then the newest.
    host.put("/os/delta.json", json.dumps({"versions": {"20240610120000-abc": "v2/entities.delta.json"}}))
    gap = sync_sources(store, cfg, ["os"])[0]
    assert gap.status == "ok" and gap.versions == 0
    assert [r.path for r in host.requests if "entities" in r.path][-1] == "/os/entities.ftm.json"
    assert states.load("os").cursor == "20240610120000-abc"
