"""Fuzzing every importer with inputs derived from the real files in ../shared/data (read at test time).

Each example takes a slice of a real file and applies 1-4 mutations: truncation, flipped, inserted or deleted
bytes, duplicated or dropped lines, deep nesting, re-encoding, a huge field, and (for JSON lines) a field of
the wrong type. Whatever the input, the import either succeeds (bad records reported with where they are) or
raises one of the project's errors, and then the store is exactly as before: no traceback, no partial write.
Bounded in time: a fixed number of examples per importer, no deadline (the machine is shared).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import SkgError
from graph.memory_store import MemoryStore
from graph.settings import get_settings
from ingest.embargoes import read_embargoes
from ingest.pipeline import ingest_path, load_reference
from tests.conftest import shared_path

#: Examples per importer (news: per input type; the embargo list: half): 2,250 mutated files per run, 30 s on a
#: quiet core (80 s on the shared 2-core machine under a load of 16).
EXAMPLES = int(os.environ.get("SKG_FUZZ_EXAMPLES", "500"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same inputs on every run: a failure is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
#: A small record cap, so that "huge field" mutations cross it without megabytes per example.
RECORD_CAP = 50_000


@pytest.fixture(scope="module", autouse=True)
def _small_caps() -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in ("SKG_MAX_RECORD_BYTES", "SKG_MAX_NESTING_DEPTH")}
    os.environ["SKG_MAX_RECORD_BYTES"] = str(RECORD_CAP)
    os.environ["SKG_MAX_NESTING_DEPTH"] = "32"
    get_settings.cache_clear()
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    get_settings.cache_clear()


# ------------------------------------------------------------------------------------------ mutations


def _at(data: bytes, fraction: float) -> int:
    return int(len(data) * fraction)


_fraction = st.floats(min_value=0.0, max_value=1.0)
_mutation = st.one_of(
    st.tuples(st.just("truncate"), _fraction),
    st.tuples(st.just("flip"), _fraction, st.integers(0, 255)),
    st.tuples(st.just("insert"), _fraction, st.binary(min_size=1, max_size=24)),
    st.tuples(st.just("delete"), _fraction, st.integers(1, 400)),
    st.tuples(st.just("dup_line"), _fraction),
    st.tuples(st.just("drop_line"), _fraction),
    st.tuples(st.just("nest"), _fraction, st.integers(20, 20_000), st.sampled_from([b"[", b"{", b'{"a":', b"<X>"])),
    st.tuples(st.just("encode"), st.sampled_from(["utf-16", "utf-32", "latin-1", "cp500"])),
    st.tuples(st.just("huge"), _fraction, st.integers(RECORD_CAP // 2, RECORD_CAP * 3)),
    st.tuples(st.just("newlines"), st.sampled_from([b"", b"\r", b"\r\r\n"])),
)


def _apply(data: bytes, op: tuple[Any, ...]) -> bytes:
    name = op[0]
    if name == "truncate":
        return data[: _at(data, op[1])]
    if name == "flip":
        i = min(_at(data, op[1]), max(len(data) - 1, 0))
        return data[:i] + bytes([op[2]]) + data[i + 1 :] if data else data
    if name == "insert":
        i = _at(data, op[1])
        return data[:i] + op[2] + data[i:]
    if name == "delete":
        i = _at(data, op[1])
        return data[:i] + data[i + op[2] :]
    if name in ("dup_line", "drop_line"):
        lines = data.splitlines(keepends=True)
        if not lines:
            return data
        i = min(int(len(lines) * op[1]), len(lines) - 1)
        lines[i : i + 1] = [lines[i], lines[i]] if name == "dup_line" else []
        return b"".join(lines)
    if name == "nest":
        i = _at(data, op[1])
        return data[:i] + op[3] * op[2] + data[i:]
    if name == "encode":
        return data.decode("utf-8", errors="replace").encode(op[1], errors="replace")
    if name == "huge":
        i = _at(data, op[1])
        return data[:i] + b"A" * op[2] + data[i:]
    assert name == "newlines"
    return data.replace(b"\n", op[1])


def _mutated(base: bytes) -> st.SearchStrategy[bytes]:
    def apply_all(ops: list[tuple[Any, ...]]) -> bytes:
        data = base
        for op in ops:
            data = _apply(data, op)
        return data

    return st.lists(_mutation, min_size=1, max_size=4).map(apply_all)


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def _wrong_types(lines: list[dict[str, Any]]) -> st.SearchStrategy[bytes]:
    """JSON lines from the real ones, one to three fields (top level or nested one level) given another value."""

    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        records = [json.loads(json.dumps(r)) for r in lines]
        for _ in range(draw(st.integers(1, 3))):
            record = records[draw(st.integers(0, len(records) - 1))]
            target = record
            inner = [k for k, v in record.items() if isinstance(v, dict) and v]
            if inner and draw(st.booleans()):
                target = record[draw(st.sampled_from(sorted(inner)))]
            key = draw(st.sampled_from([*sorted(target), "extra"]))
            target[key] = draw(_json_value)
        return b"".join(json.dumps(r).encode() + b"\n" for r in records)

    return build()


# ------------------------------------------------------------------------------------------ the property


class _Checker:
    """One store per importer (reference regimes loaded once); each example is imported into it."""

    def __init__(self, kind: str, suffix: str, folder: Path) -> None:
        self.kind = kind
        self.store = MemoryStore()
        load_reference(self.store)
        self.path = folder / f"input{suffix}"
        self.outcomes: dict[str, int] = {"imported": 0, "refused": 0}

    def __call__(self, data: bytes) -> None:
        self.path.write_bytes(data)
        before = (self.store.version, self.store.counts())
        try:
            report = ingest_path(self.store, self.kind, self.path)
        except SkgError as exc:  # the project's own errors only: anything else fails the test with its traceback
            assert str(exc).strip() and "\n" not in str(exc).strip(), f"not one clear line: {exc!r}"
            assert (self.store.version, self.store.counts()) == before, f"a refused file wrote something: {exc}"
            self.outcomes["refused"] += 1
            return
        self.outcomes["imported"] += 1
        for rejected in report.rejected:
            assert rejected.where and rejected.reason


def _run(check: _Checker, strategy: st.SearchStrategy[bytes], examples: int = EXAMPLES) -> None:
    @settings(FUZZ, max_examples=examples)
    @given(strategy)
    def fuzz(data: bytes) -> None:
        check(data)

    fuzz()
    # both outcomes must occur, or the mutations are not reaching the interesting cases
    assert check.outcomes["refused"] > 0 and check.outcomes["imported"] > 0, check.outcomes
    print(check.kind, check.outcomes)


def _slice(path: Path, lines: int) -> bytes:
    with path.open("rb") as f:
        return b"".join(f.readline() for _ in range(lines))


# ------------------------------------------------------------------------------------------ one test per importer


def test_fuzz_sipri(tmp_path: Path) -> None:
    legacy = _slice(shared_path("data", "sipri", "trade-register-2026-05-18-legacy16.csv"), 24)
    new = _slice(shared_path("data", "sipri", "trade-register-2026-02-12-new17.csv"), 24)
    _run(_Checker("sipri", ".csv", tmp_path), st.one_of(_mutated(legacy), _mutated(new)))


def test_fuzz_un_list(tmp_path: Path) -> None:
    sample = shared_path("data", "sanctions", "un-consolidated-dprk-sample.xml").read_bytes()
    _run(_Checker("un-list", ".xml", tmp_path), _mutated(sample))


def test_fuzz_ftm(tmp_path: Path) -> None:
    small = shared_path("data", "sanctions", "opensanctions-entities-small.ftm.json").read_bytes()
    delta = _slice(shared_path("data", "sanctions", "opensanctions-delta-2024-06.json"), 12)
    records = [json.loads(line) for line in small.splitlines() if line.strip()]
    deltas = [json.loads(line) for line in delta.splitlines() if line.strip()]
    strategy = st.one_of(_mutated(small), _mutated(delta), _wrong_types(records), _wrong_types(deltas))
    _run(_Checker("ftm", ".json", tmp_path), strategy)


def test_fuzz_news(tmp_path: Path) -> None:
    seed = shared_path("seed", "russia-north-korea-arms-fr.txt").read_text(encoding="utf-8")
    paragraphs = [p[:400] for p in seed.split("\n") if p.strip()][:3]
    records = [
        {"id": f"a{i}", "text": p, "published": "2022-09-06", "url": f"https://example.org/{i}", "lang": "fr"}
        for i, p in enumerate(paragraphs)
    ]
    jsonl = b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)
    _run(_Checker("news", ".jsonl", tmp_path), st.one_of(_mutated(jsonl), _wrong_types(records)), EXAMPLES // 2)
    text = "\n".join(paragraphs).encode()
    _run(_Checker("news", ".txt", tmp_path), _mutated(text), EXAMPLES // 2)


def test_fuzz_embargo_list(tmp_path: Path) -> None:
    """The embargo list is read for the cross-check only (no store): rows and reports, or the project's error."""
    real = shared_path("data", "embargoes", "multilateral-arms-embargoes-c2021.csv").read_bytes()
    folder = tmp_path
    outcomes = {"read": 0, "refused": 0}

    @settings(FUZZ, max_examples=EXAMPLES // 2)
    @given(_mutated(real))
    def fuzz(data: bytes) -> None:
        path = folder / "embargoes.csv"
        path.write_bytes(data)
        try:
            rows, rejected = read_embargoes(path)
        except SkgError as exc:
            assert "embargoes.csv" in str(exc) and "\n" not in str(exc)
            outcomes["refused"] += 1
            return
        outcomes["read"] += 1
        assert all(r.where.startswith("embargoes.csv:") for r in rejected)
        assert 2 * len(rejected) <= len(rows) + len(rejected)

    fuzz()
    assert outcomes["read"] > 0 and outcomes["refused"] > 0, outcomes
