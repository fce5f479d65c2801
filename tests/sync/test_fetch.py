"""The sync HTTP client, feed parsing and sources.yaml, against a real local HTTP host."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from bench.fixture_host import FixtureHost, atom, rss, sitemap
from graph.errors import InvalidInput
from ingest.records import Rejected
from ingest.sync.feeds import MAX_DEPTH, FeedItem, parse_feed
from ingest.sync.fetch import Fetcher, FetchError
from ingest.sync.sources import FetchPolicy, load_sources, parse_schedule
from ingest.sync.state import FileStateStore, SourceState, normalize_url, text_hash

FAST = FetchPolicy(backoff_s=0.01, max_backoff_s=0.05, max_tries=3, user_agent="skg-test/1.0 (+tests)")


def test_conditional_request_gets_304(host: FixtureHost) -> None:
    host.put("/feed.xml", rss([("http://x.test/a", "a", None)]), "application/rss+xml")
    with Fetcher(FAST) as f:
        first = f.get(host.url("/feed.xml"))
        assert first.status == 200 and first.etag and first.last_modified
        second = f.get(host.url("/feed.xml"), first.etag, first.last_modified)
    assert second.not_modified and second.body == b""
    sent = host.log("/feed.xml")[1].headers
    assert sent["if-none-match"] == first.etag
    assert sent["if-modified-since"] == first.last_modified
    assert sent["user-agent"] == "skg-test/1.0 (+tests)"


def test_retries_503_and_429_then_succeeds(host: FixtureHost) -> None:
    host.put("/a.html", "<p>ok</p>", fail=[503, 429], retry_after="0")
    with Fetcher(FAST) as f:
        got = f.get(host.url("/a.html"))
    assert got.status == 200 and got.tries == 3
    assert [r.status for r in host.log("/a.html")] == [503, 429, 200]


@pytest.mark.parametrize("per_host", [1, 2, 3])
def test_requests_in_flight_per_host_are_capped(host: FixtureHost, per_host: int) -> None:
    """Eight workers fetching slow pages of one host at once: the host never answers more than `per_host` of them
    at a time, and does answer that many (the limit is a limit, not a serialization)."""
    for n in range(8):
        host.put(f"/p{n}.html", "<p>ok</p>", delay=0.3)
    with Fetcher(FetchPolicy(per_host=per_host, max_tries=1)) as f, ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(lambda n: f.get(host.url(f"/p{n}.html")).status, range(8)))
    assert statuses == [200] * 8
    assert host.max_in_flight == per_host


def test_retry_after_is_honoured_up_to_the_cap(host: FixtureHost) -> None:
    host.put("/slow.html", "<p>ok</p>", fail=[429], retry_after="3600")  # an hour: capped at max_backoff_s
    started = time.perf_counter()
    with Fetcher(FetchPolicy(backoff_s=0.01, max_backoff_s=0.3, max_tries=2)) as f:
        assert f.get(host.url("/slow.html")).status == 200
    assert 0.3 <= time.perf_counter() - started < 5


def test_gives_up_after_the_cap_with_a_clear_reason(host: FixtureHost) -> None:
    host.put("/down.html", "<p>never</p>", fail=[503] * 10)
    with Fetcher(FAST) as f, pytest.raises(FetchError) as info:
        f.get(host.url("/down.html"))
    assert "gave up after 3 tries (last: HTTP 503)" in str(info.value)
    assert not info.value.permanent
    assert len(host.log("/down.html")) == 3


def test_client_errors_are_not_retried(host: FixtureHost) -> None:
    with Fetcher(FAST) as f, pytest.raises(FetchError) as info:
        f.get(host.url("/missing.html"))
    assert info.value.permanent and "HTTP 404" in str(info.value)
    assert len(host.log("/missing.html")) == 1


@pytest.mark.parametrize("chunked", [False, True])
def test_size_cap_declared_or_streamed(host: FixtureHost, tmp_path: Path, chunked: bool) -> None:
    host.put("/big.bin", b"x" * 300_000, "application/octet-stream", chunked=chunked)
    with Fetcher(FetchPolicy(max_bytes=100_000)) as f:
        with pytest.raises(FetchError, match="too large"):
            f.get(host.url("/big.bin"))
        with pytest.raises(FetchError, match="too large"):
            f.download(host.url("/big.bin"), tmp_path / "big.bin")
    assert not (tmp_path / "big.bin").exists()  # a download is whole or absent


def test_robots_txt_disallow(host: FixtureHost) -> None:
    host.put("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    with Fetcher(FAST) as f:
        assert f.allowed(host.url("/news/1.html"))
        assert not f.allowed(host.url("/private/1.html"))
        assert f.allowed(host.url("/news/2.html"))
    assert len(host.log("/robots.txt")) == 1  # once per site and run


def test_robots_txt_unreachable_disallows_missing_allows(host: FixtureHost) -> None:
    with Fetcher(FAST) as f:
        assert f.allowed(host.url("/a.html"))  # 404: no rules
    host.put("/robots.txt", "x", "text/plain", fail=[503] * 5)
    with Fetcher(FAST) as f:
        assert not f.allowed(host.url("/a.html"))


def test_rss_atom_and_sitemap_items() -> None:
    feed = rss([("https://n.test/1", "One", "Tue, 10 Sep 2024 08:00:00 GMT"), ("", "x", None)])
    items = list(parse_feed(feed.encode(), "rss"))
    assert items[0] == FeedItem("https://n.test/1", "One", date(2024, 9, 10))
    assert isinstance(items[1], Rejected) and "rss: item 2" in items[1].where
    entries = list(parse_feed(atom([("https://n.test/2", "Two", "2024-09-11T10:00:00Z")]).encode(), "atom"))
    assert entries == [FeedItem("https://n.test/2", "Two", date(2024, 9, 11))]
    locs = list(parse_feed(sitemap(["https://n.test/3", "https://n.test/4"]).encode(), "sm"))
    assert [i.url for i in locs if isinstance(i, FeedItem)] == ["https://n.test/3", "https://n.test/4"]


def test_hostile_xml_is_refused() -> None:
    bomb = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss><channel/></rss>'
    with pytest.raises(InvalidInput, match="entities"):
        list(parse_feed(bomb, "bomb.xml"))
    deep = b"<rss>" + b"<x>" * (MAX_DEPTH + 5) + b"</x>" * (MAX_DEPTH + 5) + b"</rss>"
    with pytest.raises(InvalidInput, match="deeper"):
        list(parse_feed(deep, "deep.xml"))
    with pytest.raises(InvalidInput, match="not well-formed"):
        list(parse_feed(b"<rss><channel>", "broken.xml"))
    with pytest.raises(InvalidInput, match="root element <html>"):
        list(parse_feed(b"<html></html>", "page.xml"))


def test_sources_yaml_errors_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - name: a\n    kind: feed\n    url: https://x.test/rss\n    schedule: hourly\n")
    with pytest.raises(InvalidInput, match=r"sources.yaml: sources.0.schedule: .*every N"):
        load_sources(path)
    path.write_text("sources:\n  - name: a\n    kind: ftm\n")
    with pytest.raises(InvalidInput, match="needs a 'url'"):
        load_sources(path)
    path.write_text(
        "sources:\n  - {name: a, kind: urls, urls: [https://x.test/1]}\n"
        "  - {name: a, kind: un-list, url: https://x.test/l.xml}\n"
    )
    with pytest.raises(InvalidInput, match="appears twice"):
        load_sources(path)
    assert parse_schedule("every 6h").total_seconds() == 6 * 3600


def test_dedupe_keys() -> None:
    assert normalize_url("HTTPS://News.Test/a?id=3&utm_source=x#top") == normalize_url("https://news.test/a?id=3")
    assert text_hash("Iran  delivered\nDRONES to Russia.") == text_hash("iran delivered drones to russia.")
    assert text_hash("Iran delivered drones.") != text_hash("Iran delivered shells.")


def test_sidecar_state_is_written_atomically(tmp_path: Path) -> None:
    states = FileStateStore(tmp_path / "graph.json.gz.sync.json")
    state = SourceState(source="a", etag='"e1"', seen_urls={"https://x.test/1"})
    states.save(state)
    states.save(SourceState(source="b", cursor="v2"))
    again = FileStateStore(tmp_path / "graph.json.gz.sync.json")
    assert again.load("a").etag == '"e1"' and again.load("a").seen_urls == {"https://x.test/1"}
    assert again.load("a").revision == 1 and again.load("b").cursor == "v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json.gz.sync.json", "graph.json.gz.sync.json.lock"]
