"""The schedule: which sources are due, `skg sync` errors, and the API's in-process scheduler (SKG_SYNC=on)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from bench.fixture_host import FixtureHost
from graph.memory_store import MemoryStore
from graph.settings import get_settings
from ingest.sync.runner import due_sources
from ingest.sync.state import MemoryStateStore, SourceState, state_store_for
from tests.sync.conftest import config, dev_articles, feed_of, publish


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_due_sources_follow_each_schedule() -> None:
    cfg = config(
        {"name": "fast", "kind": "urls", "urls": ["https://x.test/1"], "schedule": "every 30m"},
        {"name": "slow", "kind": "urls", "urls": ["https://x.test/2"], "schedule": "every 1d"},
        {"name": "new", "kind": "urls", "urls": ["https://x.test/3"]},
        {"name": "off", "kind": "urls", "urls": ["https://x.test/4"], "enabled": False},
    )
    states = MemoryStateStore()
    at = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for name in ("fast", "slow"):
        states.save(SourceState(source=name, last_attempt=(at - timedelta(hours=1)).isoformat()))
    assert [s.name for s in due_sources(cfg, states, at)] == ["fast", "new"]


def test_cli_reports_a_bad_sources_file(tmp_path: Path) -> None:
    bad = tmp_path / "sources.yaml"
    bad.write_text("sources:\n  - {name: a, kind: rss, url: https://x.test/}\n")
    result = CliRunner().invoke(cli, ["sync", "--sources", str(bad), "--store", "memory:"])
    assert result.exit_code == 1
    assert "sources.yaml: sources.0.kind: Input should be" in " ".join(result.output.split())


def test_api_runs_the_scheduler_when_sync_is_on(
    host: FixtureHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    feed = feed_of(host, "/rss.xml", publish(host, "/news", dev_articles(2)))
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"sources:\n  - name: wire\n    kind: feed\n    url: {feed}\n    schedule: every 6h\n")
    monkeypatch.setenv("SKG_SOURCES", str(sources))
    monkeypatch.setenv("SKG_SYNC", "on")
    store = MemoryStore(tmp_path / "graph.json.gz")
    with TestClient(create_app(store)) as client:
        assert client.get("/healthz").status_code == 200
        deadline = time.monotonic() + 120
        while state_store_for(store).load("wire").last_success is None:
            assert time.monotonic() < deadline, "the in-process scheduler did not sync"
            time.sleep(0.2)
        # the scheduler writes through its own store object, as another process would: the API serves its writes
        answer = client.get("/suppliers", params={"recipient": "RU"}).json()
        assert "IR" in {row["id"] for row in answer["suppliers"]}
    assert MemoryStore(tmp_path / "graph.json.gz").counts()["sources"] == 2
    assert len(host.log("/rss.xml")) == 1  # synced once: the next run is due in 6 h


def test_api_does_not_sync_when_off(
    host: FixtureHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_settings: None
) -> None:
    monkeypatch.setenv("SKG_SOURCES", str(tmp_path / "missing.yaml"))  # not even read when off
    monkeypatch.delenv("SKG_SYNC", raising=False)
    with TestClient(create_app(MemoryStore(None))) as client:
        assert client.get("/healthz").status_code == 200


def test_readme_sources_example_is_valid(tmp_path: Path) -> None:
    from ingest.sync.sources import load_sources
    from tests.conftest import REPO

    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Keeping sources current", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "sources.yaml").write_text(example)
    cfg = load_sources(tmp_path / "sources.yaml")
    assert [s.kind.value for s in cfg.sources] == ["feed", "sitemap", "urls", "un-list", "ftm", "sipri"]
