"""Fixtures for `skg sync` tests: a real HTTP host on 127.0.0.1 and short news articles from the dev set."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bench.fixture_host import FixtureHost, article_html, rss
from ingest.sync.sources import SourcesFile
from tests.conftest import REPO


def dev_articles(n: int) -> list[dict[str, Any]]:
    """`n` English texts of the project's own dev set (the ones with a supplier → recipient transfer)."""
    rows = [json.loads(line) for line in (REPO / "tests/data/news-dev.jsonl").open(encoding="utf-8")]
    picked = [r for r in rows if r.get("text") and r.get("lang") == "en" and r.get("transfers")]
    assert len(picked) >= n
    return picked[:n]


@pytest.fixture
def host() -> Iterator[FixtureHost]:
    with FixtureHost() as h:
        yield h


def publish(host: FixtureHost, prefix: str, articles: list[dict[str, Any]]) -> list[str]:
    """Serve each article as an HTML page under `prefix`; their URLs."""
    urls = []
    for i, art in enumerate(articles):
        path = f"{prefix}/{i}.html"
        host.put(path, article_html(f"{art['id']} report", art["text"], art.get("published")))
        urls.append(host.url(path))
    return urls


def feed_of(host: FixtureHost, path: str, urls: list[str]) -> str:
    host.put(path, rss([(u, f"item {i}", None) for i, u in enumerate(urls)]), "application/rss+xml")
    return host.url(path)


def config(*sources: dict[str, Any], **fetch: Any) -> SourcesFile:
    policy = {"backoff_s": 0.01, "max_backoff_s": 0.05, "max_tries": 3, **fetch}
    return SourcesFile.model_validate({"fetch": policy, "sources": list(sources)})
