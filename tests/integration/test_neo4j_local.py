"""graph/neo4j_local.py against the genuine Neo4j server: no mocks.

One server is started (from a separate Python process that then exits, as `skg neo4j start` would) on free
loopback ports in a temporary home; the tests query it, fetch the Browser, check the hardening, then stop it.
Without Java or Maven the module is skipped with the reason, except under CI=true, where it fails.
"""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError
from pydantic import SecretStr

from graph.errors import StoreUnavailable
from graph.neo4j_local import (
    Neo4jConfig,
    Neo4jProcess,
    cached_lib_dir,
    free_port,
    start,
    status,
    stop,
)
from graph.settings import Settings
from tests.conftest import listening_addresses

pytestmark = pytest.mark.neo4j

REPO = Path(__file__).resolve().parents[2]
#: Loopback HTTP must never go through a proxy configured in the environment.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _require_tools(cfg: Neo4jConfig) -> None:
    missing = ["java"] if shutil.which("java") is None else []
    if shutil.which("mvn") is None and cached_lib_dir(cfg) is None:
        missing.append("mvn")
    if missing:
        reason = f"the local Neo4j launcher needs Java 17+ and Maven on PATH; missing: {', '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true requires the Neo4j tests: {reason}")
        pytest.skip(reason)


def _two_ports() -> tuple[int, int]:
    bolt = free_port()
    http = free_port()
    while http == bolt:
        http = free_port()
    return bolt, http


def _config(home: Path, **overrides: str) -> Neo4jConfig:
    bolt, http = _two_ports()
    # Quote, backslash and space exercise the password hand-over to neo4j-admin.
    password = f'{secrets.token_urlsafe(12)} "q\\'
    return Neo4jConfig(home=home, bolt_port=bolt, http_port=http, password=password, **overrides)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jProcess]:
    cfg = _config(tmp_path_factory.mktemp("neo4j-home"), heap="512m", pagecache="128m")
    _require_tools(cfg)
    # Start from another Python process that exits at once: the server must outlive it (detached JVM).
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from graph.neo4j_local import Neo4jConfig, start\n"
        "cfg = Neo4jConfig(**{**json.loads(sys.argv[1]), 'home': Path(json.loads(sys.argv[1])['home'])})\n"
        "p = start(cfg, timeout_s=240)\n"
        "print(json.dumps({'pid': p.pid, 'ready_after_s': p.ready_after_s}))\n"
    )
    args = {
        "home": str(cfg.home),
        "bolt_port": cfg.bolt_port,
        "http_port": cfg.http_port,
        "password": cfg.password,
        "heap": cfg.heap,
        "pagecache": cfg.pagecache,
    }
    proc = subprocess.run(
        [sys.executable, "-c", script, json.dumps(args)],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-4000:]
    launched = json.loads(proc.stdout.strip().splitlines()[-1])
    try:
        running = start(cfg)  # finds the detached server through the pid file instead of starting another
        assert running.pid == launched["pid"]
        assert running.ready_after_s is None
        yield running
    finally:
        stop(cfg)


def test_return_one_with_auth(server: Neo4jProcess) -> None:
    cfg = server.config
    with GraphDatabase.driver(server.bolt_uri, auth=("neo4j", cfg.password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
        assert records[0]["one"] == 1
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD versions, edition RETURN *")
        assert records[0]["versions"] == [cfg.version]
        assert records[0]["edition"] == "community"
    with (
        GraphDatabase.driver(server.bolt_uri, auth=("neo4j", "wrong-password")) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()


def test_browser_and_discovery_are_served(server: Neo4jProcess) -> None:
    with HTTP.open(server.http_url + "/browser/", timeout=10) as resp:
        assert resp.status == 200
        body = resp.read().decode("utf-8", errors="replace")
    assert "<html" in body.lower()
    with HTTP.open(server.http_url + "/", timeout=10) as resp:
        discovery = json.loads(resp.read())
    # Advertised addresses follow the configured ports, so the Browser connects to the right Bolt port.
    assert discovery["bolt_direct"] == server.bolt_uri
    assert discovery["neo4j_version"] == server.config.version
    assert discovery["neo4j_edition"] == "community"


def test_load_csv_from_file_urls_is_refused(server: Neo4jProcess) -> None:
    auth = ("neo4j", server.config.password)
    with GraphDatabase.driver(server.bolt_uri, auth=auth) as driver, pytest.raises(ClientError) as err:
        driver.execute_query("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row LIMIT 1")
    assert err.value.code == "Neo.ClientError.Statement.ExternalResourceFailed"
    assert "allow_csv_import_from_file_urls" in str(err.value.message)


def test_listens_on_loopback_only(server: Neo4jProcess) -> None:
    for port in (server.config.bolt_port, server.config.http_port):
        assert listening_addresses(port) == {"127.0.0.1"}, f"port {port}"
        socket.create_connection(("127.0.0.1", port), timeout=3).close()


def test_status_and_files(server: Neo4jProcess) -> None:
    cfg = server.config
    st = status(cfg)
    assert (st.running, st.pid, st.version) == (True, server.pid, cfg.version)
    assert st.bolt_uri == f"bolt://127.0.0.1:{cfg.bolt_port}"
    assert st.http_url == f"http://127.0.0.1:{cfg.http_port}"
    assert int((cfg.home / "run" / "neo4j.pid").read_text()) == server.pid
    assert not (cfg.home / "run" / "initial-password.args").exists()
    conf = (cfg.home / "conf" / "neo4j.conf").read_text()
    assert "dbms.security.allow_csv_import_from_file_urls=false" in conf
    assert f"server.directories.data={cfg.home / 'data'}" in conf
    assert "Started." in (cfg.home / "logs" / "console.log").read_text()


def test_port_in_use_is_reported_before_launch(server: Neo4jProcess, tmp_path: Path) -> None:
    cfg = dataclasses.replace(_config(tmp_path / "home"), http_port=server.config.http_port)
    expected = rf"127\.0\.0\.1:{cfg.http_port} \(http port\) is already in use"
    with pytest.raises(StoreUnavailable, match=expected):
        start(cfg)
    assert not status(cfg).running


def test_startup_failure_fails_fast_with_log_tail(server: Neo4jProcess, tmp_path: Path) -> None:
    """A second server on the running server's data directory exits on the store lock: reported at once."""
    home = tmp_path / "second-home"
    home.mkdir()
    (home / "data").symlink_to(server.config.home / "data")
    cfg = dataclasses.replace(_config(home), password=server.config.password)
    t0 = time.monotonic()
    with pytest.raises(StoreUnavailable) as err:
        start(cfg, timeout_s=300)
    assert time.monotonic() - t0 < 120  # the deadline is 300 s: it must not be what ended the wait
    message = str(err.value)
    assert "exited during startup with code 1" in message
    assert "locked by another process" in message  # from the tail of console.log
    assert str(home / "logs" / "console.log") in message
    assert not cfg.pid_file.exists()
    assert not status(cfg).running
    assert status(server.config).running  # the first server is unharmed


def test_from_settings(tmp_path: Path) -> None:
    s = Settings(
        neo4j_home=tmp_path / "h",
        neo4j_password=SecretStr("secret-password"),
        neo4j_bolt_port=1234,
        neo4j_http_port=2345,
        neo4j_heap="2g",
    )
    cfg = Neo4jConfig.from_settings(s)
    assert cfg.home == (tmp_path / "h").resolve()
    assert (cfg.password, cfg.heap, cfg.pagecache) == ("secret-password", "2g", s.neo4j_pagecache)
    assert cfg.bolt_uri == "bolt://127.0.0.1:1234"
    assert "secret-password" not in repr(cfg)


def test_stop_then_status_not_running(server: Neo4jProcess) -> None:
    """Runs last in this module: stops the shared server."""
    cfg = server.config
    t0 = time.monotonic()
    assert server.stop() is True
    assert time.monotonic() - t0 < 30
    st = status(cfg)
    assert (st.running, st.pid, st.version) == (False, None, None)
    assert not cfg.pid_file.exists()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", cfg.bolt_port), timeout=3).close()
    assert stop(cfg) is False
