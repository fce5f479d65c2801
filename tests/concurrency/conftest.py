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
    env = os.environ | {"SKG_STORE": store_uri, "SKG_SHARED_DIR": str(SHARED)} | extra
    env.pop("SKG_API_KEY", None)
    return env


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
