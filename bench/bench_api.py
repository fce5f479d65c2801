"""API throughput: requests per second for GET /suppliers?recipient=XX under a local load generator.

python -m bench.bench_api [--transfers 1000000] [--concurrency 50] [--duration 30] [--modes thread,workers2]
                          [--cache on,off] [--client auto|wrk|httpx] [--recipients 100]

The store is the embedded one, prepared once in a temporary file: MemoryStore(path) with the reference regimes,
bench.synthetic's 250 states + 5,000 groups and --transfers transfers (the issue's 1M graph by default), then
flush(). Two ways to serve it on a free loopback port:

* ``thread``: api.app.create_app(store) under uvicorn.Server in a thread of this process (1 worker);
* ``workers2``: ``uvicorn api.app:create_app --factory --workers 2`` as a subprocess, SKG_STORE=memory:<file>
  (each worker loads its own copy: ~4.5 GB RSS each at 1M transfers).

Each mode runs with the answer cache on (its default setting: repeated questions are served as stored JSON until
the store changes) and off (SKG_ANSWER_CACHE_SIZE=0: every request runs the query and serializes the answer).
The load generator runs in its own process: `wrk` (apt-get install wrk) when available, else an asyncio + httpx
client (``python -m bench.bench_api --drive ...``). It rotates over --recipients random states (seeded, uniform
over the 250 states; each URL is fetched once before the measurement, which fills the cache when it is on);
/healthz is measured the same way as the framework's ceiling. Goal: >= 1,000 requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.common import print_table
from bench.synthetic import synthetic_actors, synthetic_transfers
from graph.memory_store import MemoryStore
from graph.neo4j_local import free_port
from ingest.pipeline import load_reference

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
GOAL_RPS = 1000
STARTUP_S = 1200
BATCH = 5000


# -- the store file -----------------------------------------------------------------------------------------------


def prepare_store(path: Path, transfers: int) -> tuple[float, list[str]]:
    """Write the bench graph to `path`; returns (seconds, the state ids)."""
    t0 = time.perf_counter()
    store = MemoryStore(path)
    load_reference(store)
    actors = synthetic_actors(250, 5000)
    store.upsert_actors(actors)
    batch = []
    for t in synthetic_transfers(actors, transfers):
        batch.append(t)
        if len(batch) == BATCH:
            store.upsert_transfers(batch)
            batch = []
    store.upsert_transfers(batch)
    store.flush()
    return time.perf_counter() - t0, [a.id for a in actors[:250]]


# -- servers ------------------------------------------------------------------------------------------------------


def _wait_http(url: str, timeout_s: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout_s:.0f} s")


@contextmanager
def thread_server(path: Path, cache: bool) -> Iterator[str]:
    """create_app(MemoryStore(path)) under uvicorn in a thread of this process: 1 worker."""
    import uvicorn

    from api.app import create_app
    from graph.settings import get_settings

    os.environ["SKG_ANSWER_CACHE_SIZE"] = _cache_size(cache)
    get_settings.cache_clear()
    port = free_port()
    started = time.monotonic()
    store = MemoryStore(path)
    print(f"  the thread server loaded the graph in {time.monotonic() - started:.0f} s", flush=True)
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_http(base + "/healthz", STARTUP_S)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=30)


@contextmanager
def worker_server(path: Path, workers: int, log_dir: Path, cache: bool) -> Iterator[str]:
    """`uvicorn --workers N` in a subprocess, SKG_STORE=memory:<path>; waits until every worker has started."""
    port = free_port()
    log = log_dir / f"uvicorn-{workers}-{cache}.log"
    env = {
        **os.environ,
        "SKG_STORE": f"memory:{path}",
        "SKG_ANSWER_CACHE_SIZE": _cache_size(cache),
        "PYTHONPATH": str(ROOT),
    }
    cmd = [
        sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
        "--port", str(port), "--workers", str(workers), "--log-level", "info", "--no-access-log",
        # a worker parsing a 1M-transfer file holds the GIL for seconds: uvicorn's 5 s health check kills it
        "--timeout-worker-healthcheck", str(STARTUP_S),
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        # each worker loads the whole graph file itself (at 1M transfers: minutes when two load on two cores)
        started = time.monotonic()
        while log.read_text(errors="replace").count("Application startup complete") < workers:
            if proc.poll() is not None:
                raise RuntimeError(f"uvicorn exited with {proc.returncode}: {log.read_text(errors='replace')[-2000:]}")
            if time.monotonic() - started > STARTUP_S:
                raise RuntimeError(f"uvicorn workers did not start within {STARTUP_S} s: {log.read_text()[-2000:]}")
            time.sleep(0.5)
        print(f"  {workers} workers loaded the graph in {time.monotonic() - started:.0f} s", flush=True)
        _wait_http(base + "/healthz", 60)
        yield base
    finally:
        proc.terminate()  # the process this function started, by its handle
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _cache_size(cache: bool) -> str:
    """SKG_ANSWER_CACHE_SIZE for a run: the setting's default, or 0 (every request computes its answer)."""
    from graph.settings import Settings

    return str(Settings.model_fields["answer_cache_size"].default) if cache else "0"


# -- load generators ----------------------------------------------------------------------------------------------

_WRK_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not m:
        return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[m.group(2)]


def drive_wrk(base: str, paths: list[str], concurrency: int, duration: int, threads: int, work: Path) -> dict[str, Any]:
    script = work / "paths.lua"
    script.write_text(_WRK_LUA % ", ".join(json.dumps(p) for p in paths))
    cmd = [
        "wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "--latency",
        "-s", str(script), base,
    ]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60, check=True).stdout
    found: dict[str, Any] = {"raw": out}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    found["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", out)
    found["requests"] = int(m.group(1)) if m else 0
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", out, re.MULTILINE)
        found[f"p{pct}"] = _ms(m.group(1)) if m else float("nan")
    details = []
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        details.append(f"{int(m.group(1)):,} non-2xx")
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        details += [
            f"{int(n):,} {kind}"
            for kind, n in zip(("connect", "read", "write", "timeout"), m.groups(), strict=True)
            if n != "0"
        ]
    found["errors"] = ", ".join(details) or "0"
    return found


async def _drive_httpx(base: str, paths: list[str], concurrency: int, duration: float) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration
    counter = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors, counter
        while time.perf_counter() < deadline:
            counter += 1
            path = paths[counter % len(paths)]
            t0 = time.perf_counter()
            try:
                response = await client.get(path)
                if response.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - t0)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - t0
    ordered = sorted(latencies) or [float("nan")]
    return {
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))] * 1000,
        "errors": f"{errors:,}",
    }


def drive_httpx(base: str, paths: list[str], concurrency: int, duration: int, work: Path) -> dict[str, Any]:
    """The asyncio + httpx client, in its own process so it does not share the server's GIL."""
    spec = work / "drive.json"
    spec.write_text(json.dumps({"base": base, "paths": paths, "concurrency": concurrency, "duration": duration}))
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_api", "--drive", str(spec)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=duration + 120,
        check=True,
    ).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


# -- main ---------------------------------------------------------------------------------------------------------


def _response_sizes(base: str, paths: list[str]) -> list[int]:
    import httpx

    with httpx.Client(base_url=base, timeout=60) as client:
        return [len(client.get(p).content) for p in paths]


def run(args: argparse.Namespace) -> None:
    import random

    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "httpx"
    with tempfile.TemporaryDirectory(prefix="skg-bench-api-") as tmp:
        work = Path(tmp)
        path = work / "graph.json.gz"
        prep_s, states = prepare_store(path, args.transfers)
        print(
            f"store: memory:{path.name}, {args.transfers:,} synthetic transfers, 250 states + 5,000 groups; "
            f"prepared in {prep_s:.1f} s, file {path.stat().st_size / 1e6:.1f} MB",
            flush=True,
        )
        rng = random.Random(5)
        recipients = [rng.choice(states) for _ in range(args.recipients)]
        sup_paths = [f"/suppliers?recipient={r}" for r in recipients]
        rows = []
        for mode, cache in [(m, c) for m in args.modes.split(",") for c in args.cache.split(",")]:
            on = cache == "on"
            server = thread_server(path, on) if mode == "thread" else worker_server(path, 2, work, on)
            label = "1 worker (uvicorn in a thread)" if mode == "thread" else "uvicorn --workers 2 (subprocess)"
            label += ", answer cache " + ("on (default)" if on else "off")
            with server as base:
                sizes = _response_sizes(base, sup_paths)  # also warms the caches
                for endpoint, paths in (("/suppliers?recipient=XX", sup_paths), ("/healthz", ["/healthz"])):
                    if client == "wrk":
                        res = drive_wrk(base, paths, args.concurrency, args.duration, args.wrk_threads, work)
                    else:
                        res = drive_httpx(base, paths, args.concurrency, args.duration, work)
                    rows.append(
                        [
                            label,
                            endpoint,
                            f"{statistics.median(sizes) / 1e3:,.1f} kB" if endpoint.startswith("/suppliers") else "-",
                            f"{res['requests']:,}",
                            f"{res['rps']:,.0f}",
                            f"{res['p50']:,.1f}",
                            f"{res['p99']:,.1f}",
                            str(res["errors"]),
                            ("MEETS" if res["rps"] >= GOAL_RPS else "MISSES") if endpoint.startswith("/sup") else "-",
                        ]
                    )
                    print(f"  {label} {endpoint}: {res['rps']:,.0f} req/s", flush=True)
        print_table(
            f"API throughput ({client}, concurrency {args.concurrency}, {args.duration} s each; "
            f"memory store with {args.transfers:,} transfers; {len(set(recipients))} random state recipients)",
            [
                "server",
                "endpoint",
                "median body",
                "requests",
                "requests/s",
                "p50 ms",
                "p99 ms",
                "errors",
                "goal 1,000/s",
            ],
            rows,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--transfers", type=int, default=1_000_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--duration", type=int, default=30, help="seconds per measurement")
    parser.add_argument("--modes", default="thread,workers2")
    parser.add_argument("--cache", default="on,off", help="answer cache on (the default setting) and/or off")
    parser.add_argument("--client", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--recipients", type=int, default=100, help="distinct /suppliers URLs to rotate over")
    parser.add_argument("--drive", type=Path, help=argparse.SUPPRESS)  # internal: the httpx load generator
    args = parser.parse_args()
    if args.drive:
        spec = json.loads(args.drive.read_text())
        print(json.dumps(asyncio.run(_drive_httpx(spec["base"], spec["paths"], spec["concurrency"], spec["duration"]))))
        return
    os.environ.setdefault("COLUMNS", "200")  # rich tables: do not wrap when stdout is not a terminal
    print(f"$ python -m bench.bench_api {' '.join(sys.argv[1:])}".rstrip())
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    run(args)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
