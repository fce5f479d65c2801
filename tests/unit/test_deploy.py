"""docker-compose.yml stays valid and in step with the local launcher (Docker itself does not run here)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from graph import neo4j_local
from graph.neo4j_store import TX_BYTES_PER_RECORD, TX_MEMORY_SHARE
from graph.settings import Settings
from tests.conftest import REPO

COMPOSE = REPO / "docker-compose.yml"


def _compose() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(COMPOSE.read_text())  # type: ignore[no-any-return]


def _neo4j_env_to_setting(name: str) -> str:
    """The official image's convention: NEO4J_ prefix, '_' for '.', '__' for '_'."""
    return name.removeprefix("NEO4J_").replace("__", "\0").replace("_", ".").replace("\0", "_")


def test_every_port_is_published_on_loopback_only() -> None:
    for name, service in _compose()["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond loopback"


def test_neo4j_service_is_the_lts_community_image_with_a_healthcheck() -> None:
    services = _compose()["services"]
    assert services["neo4j"]["image"] == "neo4j:5.26-community"
    assert "wget" in " ".join(services["neo4j"]["healthcheck"]["test"])
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_neo4j_settings_match_the_local_launcher(tmp_path: Path) -> None:
    cfg = neo4j_local.Neo4jConfig(home=tmp_path, password="x" * 12)
    launcher = dict(
        line.split("=", 1)
        for line in neo4j_local._conf_text(cfg).splitlines()
        if "=" in line and line[0] != "#"
    )
    env = _compose()["services"]["neo4j"]["environment"]
    compared = 0
    for name, value in env.items():
        if name == "NEO4J_AUTH":
            continue
        key = _neo4j_env_to_setting(name)
        assert key in launcher, f"{name} ({key}) is not set by graph/neo4j_local.py"
        assert str(value).lower() == launcher[key].lower(), (
            f"{key}: compose {value} != launcher {launcher[key]}"
        )
        compared += 1
    assert compared >= 5


def test_api_service_is_configured_through_skg_settings() -> None:
    env = _compose()["services"]["api"]["environment"]
    fields = set(Settings.model_fields)
    for name in env:
        assert name.startswith("SKG_") and name.removeprefix("SKG_").lower() in fields, name
    assert env["SKG_STORE"].startswith("neo4j://neo4j:")


def test_docker_compose_config_accepts_the_file() -> None:
    if (
        shutil.which("docker")
        and subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0
    ):
        cmd = ["docker", "compose", "-f", str(COMPOSE), "config", "-q"]
    elif shutil.which("docker-compose"):
        cmd = ["docker-compose", "-f", str(COMPOSE), "config", "-q"]
    else:
        pytest.skip("no docker compose client on this machine (the structural tests above still ran)")
    result = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr


#: Records the full SIPRI register's import counts (trade-register-2026-05-18-legacy16.csv: header + 29,916 deals).
REGISTER_RECORDS = 29_917


def test_the_default_memory_holds_the_full_register_in_one_transaction_beside_a_full_cypher_pool(
    tmp_path: Path,
) -> None:
    """The launcher, the settings and docker-compose.yml share one default heap; a quarter of it holds the register's
    import as one transaction (graph/neo4j_store.py `atomic`), even while the users' Cypher pool, each query at
    that same per-transaction bound, takes its whole share of the total."""
    fields = Settings.model_fields
    cfg = neo4j_local.Neo4jConfig(home=tmp_path, password="x" * 12)
    assert (cfg.heap, cfg.pagecache) == (fields["neo4j_heap"].default, fields["neo4j_pagecache"].default)
    mib = 2**20
    per_tx = neo4j_local._mebibytes(neo4j_local.transaction_memory(cfg.heap)) * mib
    total = neo4j_local._mebibytes(neo4j_local.transaction_memory_total(cfg.heap)) * mib
    heap = neo4j_local._mebibytes(cfg.heap) * mib
    need = REGISTER_RECORDS * TX_BYTES_PER_RECORD
    assert need <= TX_MEMORY_SHARE * per_tx
    assert total - fields["cypher_concurrency"].default * per_tx >= need
    assert per_tx <= heap // 4 and total < heap  # a user's query stays far below the heap
    env = _compose()["services"]["neo4j"]["environment"]
    assert str(env["NEO4J_server_memory_heap_max__size"]).lower() == cfg.heap
