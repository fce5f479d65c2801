"""A real `skg sync` process killed (SIGKILL) mid-run and re-run ends with the same graph and state as a run
that was never interrupted: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.fixture_host import FixtureHost
from graph.memory_store import MemoryStore
from graph.store import TransferFilter
from tests.conftest import REPO
from tests.sync.conftest import dev_articles, feed_of, publish

N = 240  # 3 commits of ARTICLE_BATCH (100)


def _corpus(host: FixtureHost) -> str:
    base = dev_articles(12)
    arts = [
        {**a, "id": f"{a['id']}-{i}", "text": f"{a['text']} This was dispatch number {i} of the series."}
        for i, a in enumerate(base[i % len(base)] for i in range(N))
    ]
    urls = publish(host, "/wire", arts)
    for i in range(N):
        host.routes[f"/wire/{i}.html"].delay = 0.01
    return feed_of(host, "/rss.xml", urls)


def _sources(tmp: Path, feed: str) -> Path:
    path = tmp / "sources.yaml"
    path.write_text(
        json.dumps(
            {"fetch": {"backoff_s": 0.01, "per_host": 4}, "sources": [{"name": "wire", "kind": "feed", "url": feed}]}
        )
    )
    return path


def _start(graph: Path, sources: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SKG_STORE": f"memory:{graph}", "SKG_SOURCES": str(sources)}
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "sync"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _seen(graph: Path) -> int:
    try:
        data = json.loads(graph.with_name(graph.name + ".sync.json").read_text())
    except (OSError, ValueError):
        return 0
    return len(data["sources"].get("wire", {}).get("seen_urls", []))


def _kill_when(proc: subprocess.Popen[bytes], ready: Any, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        assert proc.poll() is None, f"sync ended before the kill: {proc.stderr.read() if proc.stderr else ''!r}"
        assert time.monotonic() < deadline, "sync made no progress"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _snapshot(graph: Path) -> tuple[dict[str, Any], dict[str, int], set[str], set[str]]:
    store = MemoryStore(graph)
    evidence = {t.id: sorted(e.source_id for e in t.evidence) for t in store.transfers(TransferFilter())}
    state = json.loads(graph.with_name(graph.name + ".sync.json").read_text())["sources"]["wire"]
    return evidence, store.counts(), set(state["seen_urls"]), set(state["seen_hashes"])


def test_killed_sync_resumes_with_nothing_lost_or_doubled(host: FixtureHost, tmp_path: Path) -> None:
    sources = _sources(tmp_path, _corpus(host))
    killed = tmp_path / "killed" / "graph.json.gz"

    # Kill 1: inside the first batch, articles fetched but nothing committed yet.
    proc = _start(killed, sources)
    _kill_when(proc, lambda: sum(r.path.startswith("/wire/") for r in host.requests) >= 30)
    assert _seen(killed) == 0
    # Kill 2: after a commit, in the middle of a later batch.
    before = len(host.requests)
    proc = _start(killed, sources)
    _kill_when(proc, lambda: _seen(killed) >= 100 and len(host.requests) - before > 130)
    assert 100 <= _seen(killed) < N
    # Re-run to the end.
    done = _start(killed, sources)
    _, stderr = done.communicate(timeout=300)
    assert done.returncode == 0, stderr.decode()
    assert "wire (feed): ok" in stderr.decode()

    clean = tmp_path / "clean" / "graph.json.gz"
    once = _start(clean, sources)
    _, stderr = once.communicate(timeout=300)
    assert once.returncode == 0, stderr.decode()

    resumed, expected = _snapshot(killed), _snapshot(clean)
    assert resumed == expected
    evidence, counts, seen_urls, seen_hashes = resumed
    assert counts["sources"] == N and len(seen_urls) == N and len(seen_hashes) == N
    assert all(len(ids) == len(set(ids)) for ids in evidence.values())  # no evidence twice
