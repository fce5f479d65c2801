"""Helpers for tests that run real `skg` processes against one store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from graph.memory_store import MemoryStore
from graph.store import GraphStore
from tests.conftest import REPO, SHARED

SKG = str(Path(sys.executable).with_name("skg"))


def skg_env(store_uri: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SKG_API_KEY"}
    return env | {"SKG_STORE": store_uri, "SKG_SHARED_DIR": str(SHARED)} | extra


def start_ingest(store_uri: str, kind: str, path: Path, **extra: str) -> subprocess.Popen[str]:
    """`skg ingest KIND PATH --json` as its own process."""
    return subprocess.Popen(
        [SKG, "ingest", kind, str(path), "--json"],
        cwd=REPO,
        env=skg_env(store_uri, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(proc: subprocess.Popen[str], timeout: float = 600) -> dict[str, Any]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"exit {proc.returncode}: {err[-2000:]}"
    report: dict[str, Any] = json.loads(out)
    return report


def content(store: GraphStore) -> dict[str, dict[str, str]]:
    """Everything a store holds, as id -> JSON per kind: two stores hold the same graph iff these are equal."""
    from graph.store import TransferFilter

    actors = store.actors()
    return {
        "actors": {a.id: a.model_dump_json() for a in actors},
        "transfers": {t.id: t.model_dump_json() for t in store.transfers(TransferFilter())},
        "regimes": {r.id: r.model_dump_json() for r in store.regimes()},
        "sources": {
            s.id: s.model_dump_json()
            for s in store.sources(sorted({i for t in store.transfers(TransferFilter()) for i in t.source_ids}))
        },
    }


def file_content(path: Path) -> dict[str, dict[str, str]]:
    return content(MemoryStore(path))


class Server:
    """`skg serve` as its own process on a free port, on a given store."""

    def __init__(self, store_uri: str, api_key: str, log: Path, **extra: str) -> None:
        from graph.neo4j_local import free_port

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.api_key = api_key
        self._log = log.open("w")
        env = skg_env(store_uri, SKG_API_KEY=api_key, SKG_ANSWER_CACHE_SIZE="0", **extra)
        self.proc = subprocess.Popen(
            [SKG, "serve", "--port", str(self.port)], cwd=REPO, env=env, stdout=self._log, stderr=subprocess.STDOUT
        )
        self.log = log

    def wait_ready(self, timeout: float = 120) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server not ready after {timeout} s: {self.log.read_text()[-2000:]}")

    def upload(self, kind: str, path: Path, timeout: float = 600) -> Any:
        import httpx

        with path.open("rb") as fh:
            return httpx.post(
                f"{self.url}/ingest/{kind}",
                files={"file": (path.name, fh, "application/octet-stream")},
                headers={"X-API-Key": self.api_key},
                timeout=timeout,
            )

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()
