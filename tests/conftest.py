"""Shared fixtures: the `store` fixture runs every contract test on the embedded store AND on a real Neo4j.

Neo4j is started once per test session from the Maven Central jars (graph/neo4j_local.py) on free loopback
ports in a temporary home. Without Java or Maven the Neo4j half is skipped with the reason, except under CI=true,
where it fails: CI must run both halves.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.memory_store import MemoryStore
from graph.neo4j_store import Neo4jStore
from graph.store import GraphStore

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
TEST_PASSWORD = "skg-test-password"


def shared_path(*parts: str) -> Path:
    """A file under ../shared; skips the test (with the path) when the shared folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not found at {path} (../shared beside the checkout)")
    return path


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true requires Neo4j: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from graph import neo4j_local

    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if "mvn" in missing and neo4j_local.cached_lib_dir(neo4j_local.Neo4jConfig(home=REPO, password="x" * 8)):
        missing.remove("mvn")  # jars already cached: Maven is not needed
    if missing:
        _skip_or_fail(f"Neo4j tests need Java 17 and Maven; missing: {', '.join(missing)}")
    bolt = neo4j_local.free_port()
    http = neo4j_local.free_port()
    while http == bolt:
        http = neo4j_local.free_port()
    cfg = neo4j_local.Neo4jConfig(
        home=tmp_path_factory.mktemp("neo4j-home"),
        bolt_port=bolt,
        http_port=http,
        password=TEST_PASSWORD,
        heap="1536m",  # the full SIPRI register import ran out of a 768m heap once (a hung Bolt worker)
        pagecache="256m",
    )
    # With the tools present, a failure to start is a real failure, never a skip.
    server = neo4j_local.start(cfg)
    yield server
    server.stop()


@pytest.fixture
def neo4j_store(neo4j_server: object) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j_server.bolt_uri, "neo4j", TEST_PASSWORD)  # type: ignore[attr-defined]
    store.ensure_schema()
    store.clear()
    yield store
    store.close()


@pytest.fixture(params=["memory", "neo4j"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """Each contract test runs once per backend."""
    if request.param == "memory":
        mem = MemoryStore(tmp_path / "graph.json.gz")
        yield mem
        mem.close()
    else:
        yield request.getfixturevalue("neo4j_store")


def free_loopback_port() -> int:
    """A port nothing listens on (for 'store is down' tests)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on `port`, read from /proc/net/tcp{,6} (sends no traffic)."""
    import ipaddress

    found: set[str] = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr_hex, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A = LISTEN
                continue
            raw = bytes.fromhex(addr_hex)
            # the kernel prints each 32-bit word in host (little-endian) order
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            ip = ipaddress.ip_address(words if width == 32 else words[:4])
            mapped = getattr(ip, "ipv4_mapped", None)  # Java listens on ::ffff:127.0.0.1 for 127.0.0.1
            found.add(str(mapped or ip))
    return found
