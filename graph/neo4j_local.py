"""Run a genuine Neo4j 5.26 Community server on loopback from Maven Central jars, without Docker.

`ensure_jars` resolves the server, its HTTP module and the Browser once with Maven (graph/neo4j/pom.xml)
into a cache shared by all homes; `start` writes `<home>/conf/neo4j.conf`, sets the initial password and
launches one detached JVM (`org.neo4j.server.CommunityEntryPoint`) listening on 127.0.0.1 only; `stop` and
`status` find it again through `<home>/run/neo4j.pid`. Needs `java` (17 or 21) on PATH, and `mvn` once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, DriverError, Neo4jError

from graph.errors import StoreUnavailable
from graph.settings import NEO4J_HEAP, NEO4J_PAGECACHE

if TYPE_CHECKING:
    from graph.settings import Settings

__all__ = [
    "Neo4jConfig",
    "Neo4jProcess",
    "Neo4jStatus",
    "cached_lib_dir",
    "ensure_jars",
    "free_port",
    "start",
    "status",
    "stop",
    "transaction_memory",
    "transaction_memory_total",
]

POM = Path(__file__).with_name("neo4j") / "pom.xml"
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
USER = "neo4j"
_MARKER = ".skg-complete.json"
_HOME_DIRS = ("conf", "data", "logs", "plugins", "import", "run")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_STACK_FRAME = re.compile(r"^\s+(at |\.\.\. \d+ more)")
_SIZE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")
_MAVEN_TIMEOUT_S = 1800.0
#: Server-wide timeout of transactions that set none of their own (users' Cypher sets a shorter one): a backstop
#: for abandoned transactions, far above the longest product transaction (a migration batch).
TRANSACTION_TIMEOUT = "30m"
#: A direct launch bypasses Neo4j's bootloader, which would otherwise add these from `server.jvm.additional`.
_JVM_FLAGS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    # No -XX:+ExitOnOutOfMemoryError (Neo4j's own neo4j.conf leaves it commented out too): with it, one query that
    # builds a huge string (`reduce(s = 'x', i IN range(1, 40) | s + s)`) killed the JVM. Without it, Neo4j turns
    # the failed allocation into Neo.TransientError.General.OutOfMemoryError for that query and keeps serving.
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)
#: Measured on 5.26.30 with a direct launch: every startup failure exits 1 (port in use, data directory locked
#: by another server, unknown setting); 3 is what the JVM returns when it gives up on memory.
_EXIT_MEANINGS = {
    1: "startup failed (a port in use, the data directory locked by another server, or an invalid setting)",
    2: "the database failed to start",
    3: "out of heap memory (raise SKG_NEO4J_HEAP) or invalid configuration",
}

#: Servers launched by this Python process, kept so that their exit status is reaped (no zombies).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True, kw_only=True)
class Neo4jConfig:
    """A local server's home, loopback ports, initial password and memory; `home` is made absolute."""

    home: Path
    bolt_port: int = 7687
    http_port: int = 7474
    password: str = field(repr=False)
    heap: str = NEO4J_HEAP
    pagecache: str = NEO4J_PAGECACHE
    version: str = "5.26.30"
    browser_version: str = "5.24.0"

    def __post_init__(self) -> None:
        object.__setattr__(self, "home", Path(self.home).expanduser().resolve())

    @classmethod
    def from_settings(cls, s: Settings) -> Neo4jConfig:
        """Build from the SKG_NEO4J_* settings."""
        return cls(
            home=s.neo4j_home,
            bolt_port=s.neo4j_bolt_port,
            http_port=s.neo4j_http_port,
            password=s.neo4j_password.get_secret_value(),
            heap=s.neo4j_heap,
            pagecache=s.neo4j_pagecache,
            version=s.neo4j_version,
            browser_version=s.neo4j_browser_version,
        )

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"


@dataclass(frozen=True)
class Neo4jProcess:
    """A running server; `ready_after_s` is launch-to-ready time when this call started it, else None."""

    config: Neo4jConfig
    pid: int
    ready_after_s: float | None = None

    @property
    def bolt_uri(self) -> str:
        return self.config.bolt_uri

    @property
    def http_url(self) -> str:
        return self.config.http_url

    def stop(self, timeout_s: float = 60) -> bool:
        """Stop this server (see `stop`)."""
        return stop(self.config, timeout_s)

    def __enter__(self) -> Neo4jProcess:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


@dataclass(frozen=True)
class Neo4jStatus:
    """`running`: the pid file names a live server of this home; `version` is set only if it answers HTTP."""

    running: bool
    pid: int | None
    bolt_uri: str
    http_url: str
    version: str | None


# --------------------------------------------------------------------------------------------------- jars


def _version_dir(cfg: Neo4jConfig, cache_dir: Path | None) -> Path:
    root = cache_dir if cache_dir is not None else Path.home() / ".cache" / "sanctions-kg"
    return root.expanduser().resolve() / f"neo4j-{cfg.version}"


def _required_entries(cfg: Neo4jConfig) -> list[tuple[str, str]]:
    return [
        (f"org.neo4j.neo4j-{cfg.version}.jar", "org/neo4j/server/CommunityEntryPoint.class"),
        (f"org.neo4j.neo4j-command-line-{cfg.version}.jar", "org/neo4j/cli/AdminTool.class"),
        (f"org.neo4j.client.neo4j-browser-{cfg.browser_version}.jar", "browser/index.html"),
    ]


def _missing_entries(cfg: Neo4jConfig, lib: Path) -> list[str]:
    missing = []
    for jar, entry in _required_entries(cfg):
        try:
            with zipfile.ZipFile(lib / jar) as zf:
                zf.getinfo(entry)
        except (OSError, KeyError, zipfile.BadZipFile):
            missing.append(f"{entry} in {jar}")
    return missing


def _complete(cfg: Neo4jConfig, lib: Path) -> bool:
    try:
        marker = json.loads((lib / _MARKER).read_text(encoding="utf-8"))
        jars = marker["jars"]
        ok = marker["version"] == cfg.version and marker["browser_version"] == cfg.browser_version
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return ok and all((lib / name).is_file() for name in jars) and not _missing_entries(cfg, lib)


def cached_lib_dir(cfg: Neo4jConfig, cache_dir: Path | None = None) -> Path | None:
    """The cached jar directory for cfg's versions if it is complete (no Maven needed), else None."""
    lib = _version_dir(cfg, cache_dir) / "lib"
    return lib if _complete(cfg, lib) else None


@contextlib.contextmanager
def _flock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _tail(text: str, lines: int) -> str:
    """The last lines of a log, without colour codes and Java stack frames (keeping `Caused by:` lines)."""
    kept = [line for line in _ANSI.sub("", text).rstrip().splitlines() if not _STACK_FRAME.match(line)]
    return "\n".join(kept[-lines:])


def ensure_jars(
    cfg: Neo4jConfig, progress: Callable[[str], None] | None = None, *, cache_dir: Path | None = None
) -> Path:
    """Return the directory of server jars, resolving them with Maven unless the cache is already complete.

    The cache is `<cache_dir or ~/.cache/sanctions-kg>/neo4j-<version>/lib`, shared by all homes and guarded
    by a file lock; a marker file is written only after a successful resolution and check of the key classes.
    """
    say = progress or (lambda _msg: None)
    root = _version_dir(cfg, cache_dir)
    lib = root / "lib"
    if _complete(cfg, lib):
        return lib
    with _flock(root / ".lock"):
        if _complete(cfg, lib):  # resolved by another process while we waited for the lock
            return lib
        mvn = shutil.which("mvn")
        if mvn is None:
            raise StoreUnavailable(
                f"`mvn` (Apache Maven) was not found on PATH: it is needed once to download Neo4j "
                f"{cfg.version} from Maven Central into {lib} (Debian/Ubuntu: apt-get install maven)"
            )
        _java()  # Maven runs on it
        work = Path(tempfile.mkdtemp(prefix="resolve-", dir=root))
        try:
            staged = work / "lib"
            shutil.copyfile(POM, work / "pom.xml")
            say(f"Resolving Neo4j {cfg.version} + Browser {cfg.browser_version} from Maven Central to {lib}")
            t0 = time.monotonic()
            try:
                proc = subprocess.run(
                    [
                        mvn, "-B", "-q", "-Dstyle.color=never", "-f", str(work / "pom.xml"), "package",
                        f"-Dlibdir={staged}",
                        f"-Dneo4j.version={cfg.version}",
                        f"-Dneo4j.browser.version={cfg.browser_version}",
                    ],
                    cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                    text=True, timeout=_MAVEN_TIMEOUT_S, check=False,
                )  # fmt: skip
            except subprocess.TimeoutExpired as exc:
                raise StoreUnavailable(f"Maven did not finish within {_MAVEN_TIMEOUT_S:.0f} s") from exc
            if proc.returncode != 0:
                raise StoreUnavailable(
                    f"Maven could not resolve Neo4j {cfg.version} / Browser {cfg.browser_version} "
                    f"(exit code {proc.returncode}):\n{_tail(proc.stdout, 40)}"
                )
            missing = _missing_entries(cfg, staged)
            if missing:
                raise StoreUnavailable(f"the resolved Neo4j jars lack {', '.join(missing)}")
            jars = sorted(p.name for p in staged.glob("*.jar"))
            marker = {"version": cfg.version, "browser_version": cfg.browser_version, "jars": jars}
            (staged / _MARKER).write_text(json.dumps(marker, indent=1), encoding="utf-8")
            if lib.exists():
                old = work / "old-lib"
                os.replace(lib, old)
            os.replace(staged, lib)
            size_mb = sum((lib / name).stat().st_size for name in jars) / 1e6
            say(f"Resolved {len(jars)} jars ({size_mb:.0f} MB) in {time.monotonic() - t0:.1f} s")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return lib


# --------------------------------------------------------------------------------------------------- java


def _java() -> str:
    java = shutil.which("java")
    if java is None:
        raise StoreUnavailable(
            "`java` was not found on PATH: Neo4j 5.26 needs a Java 17 or 21 runtime "
            "(Debian/Ubuntu: apt-get install openjdk-17-jre-headless)"
        )
    return java


@lru_cache(maxsize=4)
def _java_major(java: str) -> int:
    out = subprocess.run(
        [java, "-version"], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, check=False
    )
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
    if m is None:
        raise StoreUnavailable(f"cannot tell the Java version of {java}: {_tail(out.stderr + out.stdout, 5)}")
    major = int(m.group(1))
    return int(m.group(2) or 0) if major == 1 else major


def _check_java(cfg: Neo4jConfig) -> str:
    java = _java()
    need = 21 if re.match(r"^20\d\d\.", cfg.version) else 17
    major = _java_major(java)
    if major < need:
        raise StoreUnavailable(f"Neo4j {cfg.version} needs Java {need} or newer; {java} is Java {major}")
    return java


# ------------------------------------------------------------------------------------------------ processes


def _proc_state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat.rsplit(")", 1)[-1].split()[0]


def _alive(pid: int) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None and child.poll() is not None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _proc_state(pid) not in ("Z", "X")


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        pass
    ps = subprocess.run(["ps", "-o", "command=", "-p", str(pid)], capture_output=True, text=True, check=False)
    return ps.stdout


def _read_pid(cfg: Neo4jConfig) -> int | None:
    try:
        return int(cfg.pid_file.read_text().strip())
    except (OSError, ValueError):
        return None


def _running_pid(cfg: Neo4jConfig) -> int | None:
    """The pid of this home's server if the pid file names a live one; a stale pid file is removed."""
    pid = _read_pid(cfg)
    if pid is None:
        return None
    if _alive(pid):
        cmd = _cmdline(pid) + " "
        if ENTRY_POINT in cmd and f" --home-dir={cfg.home} " in cmd:
            return pid
    cfg.pid_file.unlink(missing_ok=True)
    return None


def _wait_exit(pid: int, timeout_s: float) -> bool:
    child = _CHILDREN.get(pid)
    if child is not None:
        try:
            child.wait(timeout=max(timeout_s, 0.0))
        except subprocess.TimeoutExpired:
            return False
        return True
    deadline = time.monotonic() + timeout_s
    while _alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)
    return True


def _terminate(pid: int, timeout_s: float) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not _wait_exit(pid, timeout_s):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _wait_exit(pid, 15)
    _CHILDREN.pop(pid, None)


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now (for tests)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _check_port_free(port: int, what: str) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError as exc:
            raise StoreUnavailable(
                f"cannot start Neo4j: 127.0.0.1:{port} ({what} port) is already in use ({exc.strerror}); "
                f"choose another with SKG_NEO4J_{what.upper()}_PORT"
            ) from exc


# --------------------------------------------------------------------------------------------------- start


def _validate(cfg: Neo4jConfig) -> None:
    problems = []
    if len(cfg.password) < 8 or any(c in cfg.password for c in "\n\r\0"):
        problems.append("the password needs at least 8 characters and no line breaks (SKG_NEO4J_PASSWORD)")
    for name in ("bolt_port", "http_port"):
        if not 0 < getattr(cfg, name) < 65536:
            problems.append(f"{name} must be 1-65535")
    if cfg.bolt_port == cfg.http_port:
        problems.append("bolt_port and http_port must differ")
    for name in ("heap", "pagecache"):
        if not _SIZE.match(getattr(cfg, name)):
            problems.append(f"{name} must be a size such as 512m or 1g, not {getattr(cfg, name)!r}")
    if problems:
        raise StoreUnavailable("invalid local Neo4j configuration: " + "; ".join(problems))


def _mebibytes(size: str) -> int:
    """`512m`, `1g`, `1048576k` or bytes, as whole MiB."""
    factor = {"k": 1 / 1024, "m": 1, "g": 1024}.get(size[-1].lower(), 1 / 1024 / 1024)
    digits = size[:-1] if size[-1].lower() in "kmg" else size
    return max(1, int(int(digits) * factor))


def transaction_memory(heap: str) -> str:
    """`db.memory.transaction.max` for a heap: a quarter of it (768m for the default 3g, which holds the full SIPRI
    register's import, 569 MiB at its commit, in one transaction). Far enough below the heap that a user's query
    stopped at this bound leaves the server room for everything else."""
    return f"{_mebibytes(heap) // 4}m"


def transaction_memory_total(heap: str) -> str:
    """`dbms.memory.transaction.total.max` for a heap: three quarters of it, for all transactions together, so
    that the users' Cypher queries running at once (SKG_CYPHER_CONCURRENCY, 2, at a quarter each) leave a
    quarter to the product's own transactions."""
    return f"{_mebibytes(heap) * 3 // 4}m"


def _conf_text(cfg: Neo4jConfig) -> str:
    h = cfg.home
    return "\n".join(
        [
            "# Written by graph/neo4j_local.py on every start: change Neo4jConfig / SKG_NEO4J_* instead.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{cfg.bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{cfg.bolt_port}",
            f"server.http.listen_address=127.0.0.1:{cfg.http_port}",
            f"server.http.advertised_address=127.0.0.1:{cfg.http_port}",
            "server.https.enabled=false",
            f"server.directories.data={h / 'data'}",
            f"server.directories.logs={h / 'logs'}",
            f"server.directories.plugins={h / 'plugins'}",
            f"server.directories.import={h / 'import'}",
            f"server.directories.run={h / 'run'}",
            "dbms.security.auth_enabled=true",
            "dbms.usage_report.enabled=false",
            "dbms.security.allow_csv_import_from_file_urls=false",
            # Informational here: a direct launch takes the heap from -Xms/-Xmx, which start() passes.
            f"server.memory.heap.initial_size={cfg.heap}",
            f"server.memory.heap.max_size={cfg.heap}",
            f"server.memory.pagecache.size={cfg.pagecache}",
            # Bounds on every transaction, users' Cypher included: the heap a transaction's tracked structures may
            # take (collect, sort, distinct, hash joins...) and all transactions together, so that one query gets
            # a MemoryPoolOutOfMemoryError instead of exhausting the heap; a timeout for transactions that set none.
            f"db.memory.transaction.max={transaction_memory(cfg.heap)}",
            f"dbms.memory.transaction.total.max={transaction_memory_total(cfg.heap)}",
            f"db.transaction.timeout={TRANSACTION_TIMEOUT}",
            # Bolt otherwise waits 2 x 5 s of Netty quiet period on every shutdown.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
            "",
        ]
    )


def _env(cfg: Neo4jConfig) -> dict[str, str]:
    return {**os.environ, "NEO4J_HOME": str(cfg.home), "NEO4J_CONF": str(cfg.home / "conf")}


def _set_initial_password(cfg: Neo4jConfig, java: str, lib: Path) -> None:
    # Picocli @argfile keeps the password off the command line (and out of `ps`).
    argfile = cfg.home / "run" / "initial-password.args"
    quoted = '"' + cfg.password.replace("\\", "\\\\").replace('"', '\\"') + '"\n'
    fd = os.open(argfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(quoted)
    try:
        proc = subprocess.run(
            [java, "-cp", f"{lib}/*", *_JVM_FLAGS, ADMIN_TOOL, "dbms", "set-initial-password", f"@{argfile}"],
            cwd=cfg.home, env=_env(cfg), stdin=subprocess.DEVNULL, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
    finally:
        argfile.unlink(missing_ok=True)
    if proc.returncode != 0:
        raise StoreUnavailable(
            f"setting the initial Neo4j password failed (exit code {proc.returncode}):\n"
            f"{_tail(proc.stdout + proc.stderr, 20)}"
        )


def _read_tail(path: Path, lines: int, offset: int = 0) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(offset)
            return _tail(fh.read().decode(errors="replace"), lines)
    except OSError:
        return "(no file)"


def _failure(cfg: Neo4jConfig, headline: str, console_offset: int) -> StoreUnavailable:
    logs = cfg.home / "logs"
    return StoreUnavailable(
        f"{headline}\n--- {logs / 'console.log'} (last 30 lines) ---\n"
        f"{_read_tail(logs / 'console.log', 30, console_offset)}\n"
        f"--- {logs / 'neo4j.log'} (last 20 lines) ---\n{_read_tail(logs / 'neo4j.log', 20)}"
    )


def _exit_headline(cfg: Neo4jConfig, pid: int) -> str:
    child = _CHILDREN.pop(pid, None)
    if child is not None and child.returncode is None:
        # seen exiting (a zombie) before it was reaped: collect its exit code
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=10)
    code = None if child is None else child.returncode
    if code is None:
        return f"Neo4j {cfg.version} (pid {pid}) exited during startup"
    meaning = _EXIT_MEANINGS.get(code, "see the logs")
    if code < 0:
        meaning = f"killed by signal {signal.Signals(-code).name}"
    return f"Neo4j {cfg.version} (pid {pid}) exited during startup with code {code}: {meaning}"


def _verify_bolt(cfg: Neo4jConfig) -> None:
    driver = GraphDatabase.driver(
        cfg.bolt_uri, auth=(USER, cfg.password), connection_timeout=2.0, max_connection_pool_size=1
    )
    with driver:
        driver.verify_connectivity()


def _wait_ready(cfg: Neo4jConfig, pid: int, deadline: float, console_offset: int) -> None:
    """Wait until Bolt accepts the password and HTTP answers (HTTP comes up a few seconds after Bolt)."""
    bolt_ok = False
    while True:
        if not _alive(pid):
            cfg.pid_file.unlink(missing_ok=True)
            raise _failure(cfg, _exit_headline(cfg, pid), console_offset)
        try:
            if not bolt_ok:
                _verify_bolt(cfg)
                bolt_ok = True
            if _discovery(cfg) is not None:
                return
        except AuthError as exc:
            raise StoreUnavailable(
                f"Neo4j at {cfg.bolt_uri} refused the configured password: {cfg.home / 'data'} was "
                "initialised with another one (set SKG_NEO4J_PASSWORD to it, or stop the server and delete "
                "that directory, which deletes the graph)"
            ) from exc
        except (DriverError, Neo4jError, OSError):
            pass
        if time.monotonic() >= deadline:
            where = cfg.http_url if bolt_ok else cfg.bolt_uri
            raise _failure(cfg, f"Neo4j (pid {pid}) did not answer on {where} in time", console_offset)
        time.sleep(0.25)


def start(
    cfg: Neo4jConfig,
    timeout_s: float = 180,
    *,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Neo4jProcess:
    """Start the server of cfg.home (or return the one already running there) and wait until Bolt answers.

    The JVM runs detached in its own session, so it outlives the caller; stop it with `stop`.
    """
    _validate(cfg)
    java = _check_java(cfg)
    deadline = time.monotonic() + timeout_s
    for name in _HOME_DIRS:
        (cfg.home / name).mkdir(parents=True, exist_ok=True)
    with _flock(cfg.home / "run" / "start.lock"):
        pid = _running_pid(cfg)
        if pid is not None:
            try:
                _wait_ready(cfg, pid, deadline, 0)
            except StoreUnavailable as exc:
                raise StoreUnavailable(
                    f"a Neo4j server from {cfg.home} is already running (pid {pid}) but does not answer on "
                    f"{cfg.bolt_uri}; stop it first. {exc}"
                ) from exc
            return Neo4jProcess(cfg, pid)
        lib = ensure_jars(cfg, progress, cache_dir=cache_dir)
        _check_port_free(cfg.bolt_port, "bolt")
        _check_port_free(cfg.http_port, "http")
        (cfg.home / "conf" / "neo4j.conf").write_text(_conf_text(cfg), encoding="utf-8")
        if not (cfg.home / "data" / "databases" / "system").exists():  # never started: password settable
            _set_initial_password(cfg, java, lib)
        home = cfg.home
        classpath = os.pathsep.join([f"{home / 'plugins'}/*", f"{home / 'conf'}/*", f"{lib}/*"])
        cmd = [
            java, "-cp", classpath, *_JVM_FLAGS, f"-Xms{cfg.heap}", f"-Xmx{cfg.heap}", ENTRY_POINT,
            f"--home-dir={home}", f"--config-dir={home / 'conf'}", "--console-mode",
        ]  # fmt: skip
        console = home / "logs" / "console.log"
        if progress:
            progress(f"Starting Neo4j {cfg.version} on {cfg.bolt_uri} and {cfg.http_url} (logs: {console})")
        with console.open("ab") as out:
            offset = out.tell()
            stamp = time.strftime("%Y-%m-%d %H:%M:%S")
            out.write(f"=== {stamp} skg: starting Neo4j {cfg.version}\n".encode())
            out.flush()
            t0 = time.monotonic()
            child = subprocess.Popen(
                cmd, cwd=home, env=_env(cfg), stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        _CHILDREN[child.pid] = child
        cfg.pid_file.write_text(f"{child.pid}\n")
        try:
            _wait_ready(cfg, child.pid, deadline, offset)
        except BaseException:
            if _alive(child.pid):
                _terminate(child.pid, 30)
            cfg.pid_file.unlink(missing_ok=True)
            raise
        return Neo4jProcess(cfg, child.pid, time.monotonic() - t0)


# --------------------------------------------------------------------------------------------- stop, status


def stop(cfg: Neo4jConfig, timeout_s: float = 60) -> bool:
    """Stop this home's server: SIGTERM, then SIGKILL after timeout_s. False if none was running."""
    pid = _running_pid(cfg)
    if pid is None:
        return False
    _terminate(pid, timeout_s)
    cfg.pid_file.unlink(missing_ok=True)
    return True


def _discovery(cfg: Neo4jConfig) -> dict[str, Any] | None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never via a proxy
    try:
        with opener.open(cfg.http_url + "/", timeout=3) as resp:
            data = json.loads(resp.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def status(cfg: Neo4jConfig) -> Neo4jStatus:
    """Whether this home's server runs, and the version it reports over HTTP if it answers."""
    pid = _running_pid(cfg)
    version = None
    if pid is not None:
        info = _discovery(cfg)
        version = None if info is None else str(info.get("neo4j_version"))
    return Neo4jStatus(pid is not None, pid, cfg.bolt_uri, cfg.http_url, version)
