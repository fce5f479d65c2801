"""`skg sync` of a big news feed from a local fixture host: items/s, every good item ingested once, bad ones reported.

python -m bench.bench_sync [--items 10000] [--bad-percent 1] [--store memory|neo4j-uri]

The host (bench/fixture_host.py, a real HTTP server on 127.0.0.1) serves one RSS feed of `--items` article pages
built from the project's English dev texts (each made distinct by a numbered closing sentence, so the text-hash
dedupe does not fold them). `--bad-percent` of the items are bad, in four equal kinds: 404, a server that keeps
answering 503 (given up after the retries), a page with no article text, and a page over the size cap. The bench
runs the real CLI (`python -m api.cli sync --json`) in a subprocess on a fresh embedded store, then checks the
store: one news source per good item, every bad item named in the report. A second run must answer from 304s.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.fixture_host import FixtureHost, article_html, rss

REPO = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    rows = [json.loads(line) for line in (REPO / "tests/data/news-dev.jsonl").open(encoding="utf-8")]
    return [r["text"] for r in rows if r.get("text") and r.get("lang") == "en" and r.get("transfers")]


def _serve(host: FixtureHost, items: int, bad_percent: float) -> tuple[str, int, int]:
    texts = _texts()
    n_bad = round(items * bad_percent / 100)
    bad_every = items // n_bad if n_bad else items + 1
    entries = []
    bad = 0
    for i in range(items):
        path = f"/news/{i}.html"
        if n_bad and i % bad_every == bad_every - 1 and bad < n_bad:
            kind = bad % 4
            bad += 1
            if kind == 0:
                path = f"/gone/{i}.html"  # never served: 404
            elif kind == 1:
                host.put(path, "x", fail=[503] * 100)
            elif kind == 2:
                host.put(path, "<!doctype html><html><body></body></html>")
            else:
                host.put(path, article_html("big", "Shells. " * 300_000))
        else:
            # An article of five paragraphs (~1 KB, as a wire dispatch): texts this short make trafilatura
            # fall back to its slower rescue extraction, which real pages do not.
            paragraphs = [texts[(i * 5 + k) % len(texts)] for k in range(5)]
            text = "\n".join([*paragraphs, f"This was dispatch number {i} of the wire."])
            host.put(path, article_html(f"Dispatch {i}", text, "2024-03-15"))
        entries.append((host.url(path), f"Dispatch {i}", None))
    host.put("/rss.xml", rss(entries), "application/rss+xml")
    return host.url("/rss.xml"), items - bad, bad


def _run(env: dict[str, str]) -> tuple[float, list[dict[str, object]], str]:
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "api.cli", "sync", "--json"], cwd=REPO, env=env, capture_output=True, text=True
    )
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"skg sync failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, [json.loads(line) for line in proc.stdout.splitlines() if line.strip()], proc.stderr


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--bad-percent", type=float, default=1.0)
    args = parser.parse_args()
    from graph.memory_store import MemoryStore

    with FixtureHost() as host, tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        feed, good, bad = _serve(host, args.items, args.bad_percent)
        sources = Path(tmp) / "sources.yaml"
        policy = {"max_bytes": 1_000_000, "backoff_s": 0.05, "max_backoff_s": 0.2, "max_tries": 3, "per_host": 4}
        sources.write_text(json.dumps({"fetch": policy, "sources": [{"name": "wire", "kind": "feed", "url": feed}]}))
        graph = Path(tmp) / "graph.json.gz"
        env = {**os.environ, "SKG_STORE": f"memory:{graph}", "SKG_SOURCES": str(sources)}

        wall, reports, _ = _run(env)
        report = reports[0]
        store = MemoryStore(graph)
        sources_in_store = store.counts()["sources"]
        rejected = report["rejected"]
        assert isinstance(rejected, list)
        print(f"items in feed       {args.items:,} ({good:,} good, {bad} bad)")
        print(f"ingested            {report['ingested']:,} articles; news sources in store {sources_in_store:,}")
        print(f"reported bad        {len(rejected)} (e.g. {rejected[0]['reason'] if rejected else '-'})")
        print(f"transfers           +{report['transfers_added']} ~{report['transfers_updated']}")
        print(f"wall                {wall:.1f} s for the whole `skg sync` (process start and extractor load included)")
        print(f"throughput          {args.items / wall:.0f} items/s")
        ok = report["ingested"] == good == sources_in_store and len(rejected) == bad
        print(f"check               {'OK' if ok else 'MISMATCH'}: every good item once, every bad one reported")

        wall2, reports2, _ = _run(env)
        print(f"second sync         {reports2[0]['status']}, {reports2[0]['ingested']} ingested, {wall2:.1f} s")
        if not ok:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
