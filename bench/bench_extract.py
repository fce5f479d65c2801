"""Throughput of ingest.news on ~3 KB articles: articles/second on one core, time per stage, peak memory.

    python -m bench.bench_extract [--articles 600] [--seed 7] [--dev tests/data/news-dev.jsonl] [--repeat 1]

Articles are built by concatenating development-set texts (tests/data/news-dev.jsonl, or `--dev`) in a seeded
random order, per language, until each is about 3 KB. The extractor is built once before timing (as in a
long-running ingest). Throughput is reported per CPU second of this process (`time.process_time`), which other
jobs on the machine disturb much less than wall time, and per wall second; `--repeat N` times the pass N times
and reports the fastest (the least disturbed). To compare with an older development set, pass it with `--dev`
(e.g. `git show <rev>:tests/data/news-dev.jsonl > /tmp/dev.jsonl`), since the articles are made from it.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
import tracemalloc
from datetime import date
from pathlib import Path

from ingest.news.extract import NESTED_STAGES, Extractor

DEV = Path(__file__).resolve().parents[1] / "tests" / "data" / "news-dev.jsonl"
TARGET_BYTES = 3000


def make_articles(count: int, seed: int, dev: Path | None = None) -> list[tuple[str, str]]:
    by_lang: dict[str, list[str]] = {}
    for line in (dev or DEV).read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "text" in record:
            by_lang.setdefault(record["lang"], []).append(record["text"])
    rng = random.Random(seed)
    langs = sorted(by_lang)
    articles = []
    for i in range(count):
        lang = langs[i % len(langs)]
        parts: list[str] = []
        size = 0
        while size < TARGET_BYTES:
            text = rng.choice(by_lang[lang])
            parts.append(text)
            size += len(text.encode("utf-8")) + 1
        articles.append((lang, "\n".join(parts)))
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dev", type=Path, default=None, help="labeled JSONL to build the articles from")
    parser.add_argument("--repeat", type=int, default=1, help="time the pass this many times, keep the fastest")
    parser.add_argument("--rules-only", action="store_true", help="without the pair model (ingest/news/pairmodel.py)")
    args = parser.parse_args()
    articles = make_articles(args.articles, args.seed, args.dev)
    t0 = time.perf_counter()
    extractor = Extractor()
    if args.rules_only:
        extractor.pair_model = None
    build = time.perf_counter() - t0
    extractor.extract(articles[0][1], date(2024, 3, 15))  # warm caches once
    cpu = wall = stage_wall = float("inf")
    stages: dict[str, float] = {}
    for _ in range(max(1, args.repeat)):
        extractor.timings.clear()
        claims = 0
        cpu0 = time.process_time()
        t0 = time.perf_counter()
        for _, text in articles:
            claims += len(extractor.extract(text, date(2024, 3, 15)))  # language detected, not given
        pass_wall = time.perf_counter() - t0
        pass_cpu = time.process_time() - cpu0
        if pass_cpu < cpu:
            stages = dict(extractor.timings)  # before the traced run, which tracemalloc slows down
            stage_wall = pass_wall
        cpu, wall = min(cpu, pass_cpu), min(wall, pass_wall)
    tracemalloc.start()
    for _, text in articles[:50]:
        extractor.extract(text, date(2024, 3, 15))
    _, peak_traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mean_kb = sum(len(t.encode("utf-8")) for _, t in articles) / len(articles) / 1024
    print(f"articles            {len(articles)} (mean {mean_kb:.1f} KB, 9 languages, seed {args.seed})")
    print(f"extractor build     {build:.2f} s (once per process)")
    print(
        f"throughput          {len(articles) / cpu:.0f} articles/s/core (CPU time; "
        f"wall {len(articles) / wall:.0f}/s)"
    )
    print(
        f"time per article    {1000 * cpu / len(articles):.2f} ms CPU, {1000 * wall / len(articles):.2f} ms wall"
        f"{f' (fastest of {args.repeat} passes)' if args.repeat > 1 else ''}"
    )
    print(f"claims              {claims} ({claims / len(articles):.1f} per article)")
    print(f"peak memory         {rss:.0f} MB max RSS; {peak_traced / 1e6:.1f} MB traced during extraction")
    print("per stage (ms/article, wall clock):")
    # "frames" wraps the per-claim stages, the pair model ("pairs") and the other nested stages: report what is left
    stages["frames (rest)"] = stages.pop("frames") - sum(stages.get(k, 0.0) for k in NESTED_STAGES)
    stages_total = sum(stages.values())
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<16}{1000 * seconds / len(articles):8.3f}")
    print(f"  {'other':<16}{1000 * (stage_wall - stages_total) / len(articles):8.3f}")


if __name__ == "__main__":
    main()
