"""The API server under concurrent writes, as a real `skg serve` process on a store file (issue 12):

- two uploads at once gave 500 (`dictionary changed size during iteration` in the embedded store's flush);
- readers saw half-imported graphs while an upload ran;
- the server, which holds the graph in memory, and a CLI import on the same file ended with one writer's view.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from graph.memory_store import MemoryStore
from graph.queries import suppliers
from tests.concurrency.conftest import Server, file_content, finish, start_ingest
from tests.concurrency.test_concurrent_ingest import (
    FTM_DELTA,
    SIPRI_EXCERPT,
    SIPRI_FEB,
    SIPRI_MAY,
    UN_LIST,
    assert_union,
)
from tests.conftest import shared_path

KEY = "concurrency-test-key"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(f"memory:{tmp_path / 'graph.json.gz'}", KEY, tmp_path / "server.log")
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()


def _in_threads(*calls: Any) -> list[Any]:
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            results[i] = calls[i]()
        except Exception as exc:  # reported by the assertion below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_uploads_at_once_all_succeed_and_keep_everything(server: Server, tmp_path: Path) -> None:
    # two registers and two lists at once: the old server answered one of them with a 500 (text/plain)
    jobs = (SIPRI_FEB, SIPRI_MAY, UN_LIST, FTM_DELTA)
    # the paths are resolved here, not in the threads: a missing ../shared must skip the test, and pytest's skip
    # raised inside a thread would only leave its answer empty
    paths = [shared_path(*job[1]) for job in jobs]
    answers = _in_threads(
        *(lambda job=job, path=path: server.upload(job[0], path) for job, path in zip(jobs, paths, strict=True))
    )
    for r in answers:
        assert isinstance(r, httpx.Response) and r.status_code == 200, getattr(r, "text", r)
    assert "dictionary changed size" not in server.log.read_text()
    assert_union(file_content(tmp_path / "graph.json.gz"), *jobs)


def test_an_upload_and_a_cli_import_at_once_keep_both(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "graph.json.gz"
    cli = start_ingest(f"memory:{path}", "sipri", shared_path(*SIPRI_FEB[1]))
    upload = server.upload("un-list", shared_path(*UN_LIST[1]))
    assert upload.status_code == 200, upload.text
    finish(cli)
    expected_total = file_content(path)
    assert_union(expected_total, SIPRI_FEB, UN_LIST)
    # the server answers from the union too, not from its own upload alone
    stats = httpx.get(f"{server.url}/suppliers", params={"recipient": "RU", "limit": 500}, timeout=60).json()
    assert stats["total"] == suppliers(MemoryStore(path), "RU").total > 0


def test_the_server_sees_a_cli_import_and_does_not_write_over_it(server: Server, tmp_path: Path) -> None:
    path = tmp_path / "graph.json.gz"
    before = httpx.get(f"{server.url}/suppliers", params={"recipient": "RU"}, timeout=60)
    assert before.status_code == 200 and before.json()["total"] == 0
    finish(start_ingest(f"memory:{path}", "sipri", shared_path(*SIPRI_EXCERPT[1])))
    after = httpx.get(f"{server.url}/suppliers", params={"recipient": "RU"}, timeout=60)
    assert after.json()["total"] > 0  # reloaded before answering
    assert int(after.headers["X-Store-Version"]) > int(before.headers["X-Store-Version"])
    assert server.upload("un-list", shared_path(*UN_LIST[1])).status_code == 200
    assert_union(file_content(path), SIPRI_EXCERPT, UN_LIST)


def test_readers_during_an_upload_see_the_graph_before_or_after_it(server: Server) -> None:
    """Readers hammer Russia's profile (its exports are spread over every batch of the register) while the SIPRI
    register is uploaded: every answer is the one before the upload or the one after it. The old server gave
    dozens of distinct answers from half-imported graphs in the same run."""
    url = f"{server.url}/actors/RU"
    assert server.upload("sipri", shared_path(*SIPRI_EXCERPT[1])).status_code == 200
    before = httpx.get(url, timeout=60)
    seen: dict[str, set[str]] = {}
    done = threading.Event()
    failures: list[str] = []

    def read() -> None:
        with httpx.Client(timeout=120) as client:
            while not done.is_set():
                r = client.get(url)
                if r.status_code != 200:
                    failures.append(r.text)
                seen.setdefault(r.text, set()).add(r.headers.get("X-Store-Version", ""))

    readers = [threading.Thread(target=read) for _ in range(4)]
    for t in readers:
        t.start()
    try:
        upload = server.upload("sipri", shared_path(*SIPRI_MAY[1]))
    finally:
        done.set()
        for t in readers:
            t.join()
    assert upload.status_code == 200, upload.text
    after = httpx.get(url, timeout=60)
    assert not failures and before.text != after.text
    assert len(seen) <= 2 and set(seen) <= {before.text, after.text}, f"{len(seen)} distinct answers"
    # each answer names the one graph version it was read from
    assert seen[before.text] == {before.headers["X-Store-Version"]}
    assert seen.get(after.text, {after.headers["X-Store-Version"]}) == {after.headers["X-Store-Version"]}
