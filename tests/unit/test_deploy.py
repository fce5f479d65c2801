"""docker-compose.yml stays valid and in step with the local launcher (Docker itself does not run here)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from graph import neo4j_local
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
