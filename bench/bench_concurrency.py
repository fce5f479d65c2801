"""Readers under a write: 50 concurrent readers on /suppliers while the SIPRI register is uploaded through the API.

`skg serve` runs as its own process, on an embedded store file or on a fresh Neo4j (a 3 GB heap, so that the
register's import is one transaction: graph/neo4j_store.py `atomic`), seeded with the curated regimes and the SIPRI
excerpt; 50 reader threads ask "who supplies X" (rotating over a few recipients, answer cache off so every
answer is computed) from before the upload starts until after it ends. Checks, per recipient: no error, every
answer carries the graph version it was read from (X-Store-Version), one version gives one body (no answer mixes
two graphs), and every body is the answer before the upload or the answer after it. Prints throughput and
latency before, during and after the upload.

    python -m bench.bench_concurrency [--readers 50] [--register PATH] [--store memory|neo4j|both]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import httpx

from bench.common import BENCH_PASSWORD, neo4j_bench_store, percentiles, print_table
from graph import neo4j_local

__all__ = ["main"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data" / "sipri"
RECIPIENTS = ("RU", "IN", "SA", "CN", "EG", "BY", "IR", "KP")
KEY = "bench-concurrency-key"


def _serve(store_uri: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = neo4j_local.free_port()
    env = os.environ | {
        "SKG_STORE": store_uri,
        "SKG_NEO4J_PASSWORD": BENCH_PASSWORD,
        "SKG_API_KEY": KEY,
        "SKG_ANSWER_CACHE_SIZE": "0",
    }
    skg = str(Path(sys.executable).with_name("skg"))
    with log.open("w") as out:
        proc = subprocess.Popen([skg, "serve", "--port", str(port)], cwd=REPO, env=env, stdout=out, stderr=out)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not start: {log.read_text()[-2000:]}")


def _upload(url: str, kind: str, path: Path) -> httpx.Response:
    with path.open("rb") as fh:
        return httpx.post(
            f"{url}/ingest/{kind}", files={"file": (path.name, fh)}, headers={"X-API-Key": KEY}, timeout=1800
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--register", type=Path, default=SHARED / "trade-register-2026-05-18-legacy16.csv")
    parser.add_argument("--seed", type=Path, default=SHARED / "excerpt-russia-iran-dprk-belarus-new17.csv")
    parser.add_argument("--settle-s", type=float, default=5.0, help="seconds of reading before and after")
    parser.add_argument("--store", choices=("memory", "neo4j", "both"), default="both")
    parser.add_argument("--heap", default="3g", help="Neo4j heap (a quarter of it per transaction)")
    args = parser.parse_args()
    if not args.register.exists():
        print(f"[bench] concurrency: no register at {args.register} (../shared/data); skipped")
        return
    failed = False
    for kind in ("memory", "neo4j") if args.store == "both" else (args.store,):
        with tempfile.TemporaryDirectory(prefix="skg-bench-conc-") as tmp:
            if kind == "memory":
                failed |= _run(args, f"memory:{Path(tmp) / 'graph.json.gz'}", Path(tmp), "embedded store")
            else:
                with neo4j_bench_store(heap=args.heap, pagecache="512m") as store:
                    failed |= _run(args, store.uri, Path(tmp), f"Neo4j, heap {args.heap}")
    if failed:
        raise SystemExit("concurrency bench: inconsistent or failed answers (see above)")


def _run(args: argparse.Namespace, store_uri: str, tmp: Path, label: str) -> bool:
    """One store: the table and the checks printed; True when an answer failed or mixed two graphs."""
    proc, url = _serve(store_uri, tmp / "server.log")
    try:
        seeded = _upload(url, "sipri", args.seed)
        assert seeded.status_code == 200, seeded.text
        before = {r: httpx.get(f"{url}/suppliers", params={"recipient": r}, timeout=60).text for r in RECIPIENTS}

        phase = ["before"]
        stop = threading.Event()
        lock = threading.Lock()
        bodies: dict[tuple[str, str], set[str]] = defaultdict(set)  # (recipient, version) -> bodies
        seen: dict[str, set[str]] = defaultdict(set)  # recipient -> bodies
        latency: dict[str, list[float]] = defaultdict(list)
        errors: list[str] = []
        missing_version = [0]

        def read(worker: int) -> None:
            i = worker
            with httpx.Client(timeout=300) as client:
                while not stop.is_set():
                    recipient = RECIPIENTS[i % len(RECIPIENTS)]
                    i += 1
                    t0 = time.perf_counter()
                    try:
                        r = client.get(f"{url}/suppliers", params={"recipient": recipient})
                    except httpx.HTTPError as exc:
                        with lock:
                            errors.append(f"{type(exc).__name__}: {exc}")
                        continue
                    took = time.perf_counter() - t0
                    with lock:
                        latency[phase[0]].append(took)
                        if r.status_code != 200:
                            errors.append(f"{r.status_code}: {r.text[:200]}")
                            continue
                        version = r.headers.get("X-Store-Version")
                        if version is None:
                            missing_version[0] += 1
                        bodies[recipient, version or "?"].add(r.text)
                        seen[recipient].add(r.text)

        threads = [threading.Thread(target=read, args=(w,), daemon=True) for w in range(args.readers)]
        for t in threads:
            t.start()
        time.sleep(args.settle_s)
        phase[0] = "during"
        t0 = time.perf_counter()
        upload = _upload(url, "sipri", args.register)
        upload_s = time.perf_counter() - t0
        phase[0] = "after"
        time.sleep(args.settle_s)
        stop.set()
        for t in threads:
            t.join()
        after = {r: httpx.get(f"{url}/suppliers", params={"recipient": r}, timeout=60).text for r in RECIPIENTS}
    finally:
        proc.terminate()
        proc.wait(timeout=60)

    assert upload.status_code == 200, upload.text
    report = upload.json()
    mixed = sum(1 for v in bodies.values() if len(v) > 1)
    foreign = sum(1 for r, v in seen.items() for b in v if b not in (before[r], after[r]))
    rows = []
    for name in ("before", "during", "after"):
        samples = latency[name]
        span = upload_s if name == "during" else args.settle_s
        p50, p99 = percentiles(samples) if samples else (0.0, 0.0)
        rows.append([name, f"{len(samples):,}", f"{len(samples) / span:,.0f}", f"{p50:.1f}", f"{p99:.1f}"])
    print_table(
        f"{label}: {args.readers} readers on /suppliers while {args.register.name} is uploaded "
        f"({report['transfers']['added']:,} transfers added in {upload_s:.1f} s)",
        ["phase", "answers", "answers/s", "p50 ms", "p99 ms"],
        rows,
    )
    print(
        f"errors: {len(errors)}; answers without a version: {missing_version[0]}; versions with more than one "
        f"answer: {mixed}; answers that are neither the graph before nor after: {foreign}"
    )
    for e in errors[:5]:
        print("  ", e)
    return bool(errors or mixed or foreign or missing_version[0])


if __name__ == "__main__":
    main()
