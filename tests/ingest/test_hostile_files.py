"""The hostile-file corpus (tests/ingest/hostile_files.py) through every entry point: the importers, the `skg`
command line (in process for every file, in real subprocesses for a sample) and the API upload.

A broken file is refused with one clear line naming it (exit 1, HTTP 422 or 413 with the JSON error body) and
writes nothing; a sound file with one bad record is imported and the record reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli_app
from graph.errors import InvalidInput
from graph.memory_store import MemoryStore
from graph.settings import get_settings
from graph.store import GraphStore
from ingest.limits import BrokenFile, bounded_lines, json_depth, load_json, open_bounded, report_bytes
from ingest.pipeline import ingest_path, load_reference
from tests.conftest import REPO, SHARED
from tests.ingest.hostile_files import Case, build_corpus

EMPTY = {"actors": 0, "transfers": 0, "sources": 0, "regimes": 0}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    if not (SHARED / "data").exists():
        pytest.skip(f"real data not found at {SHARED}")
    return build_corpus(tmp_path_factory.mktemp("hostile"), SHARED)


@pytest.fixture(autouse=True)
def _fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_corpus_covers_every_importer_and_attack(corpus: list[Case]) -> None:
    kinds = {c.kind for c in corpus}
    assert kinds == {"sipri", "un-list", "ftm", "news"}
    for kind in kinds:
        attacks = {c.attack for c in corpus if c.kind == kind and c.broken}
        assert {"format", "size"} <= attacks, (kind, attacks)
        assert any(not c.broken for c in corpus if c.kind == kind), f"{kind}: no sound file with a bad record"


def test_every_broken_file_is_refused_whole_and_every_sound_one_imported(corpus: list[Case]) -> None:
    wrong: list[str] = []
    for case in corpus:
        store = MemoryStore()
        try:
            report = ingest_path(store, case.kind, case.path)
        except InvalidInput as exc:
            if not case.broken:
                wrong.append(f"{case.path.name}: refused: {exc}")
            elif store.counts() != EMPTY:
                wrong.append(f"{case.path.name}: refused but wrote {store.counts()}")
            elif case.path.name not in str(exc) or "\n" in str(exc):
                wrong.append(f"{case.path.name}: the error does not name the file in one line: {exc}")
            continue
        if case.broken:
            wrong.append(f"{case.path.name}: imported ({len(report.rejected)} rejected)")
        elif case.attack == "control" and not report.rejected:
            wrong.append(f"{case.path.name}: its bad record was not reported")
    assert wrong == []


# ---------------------------------------------------------------------------------------------- command line

runner = CliRunner()


def _cli_outcome(case: Case, store: Path) -> tuple[int, list[str]]:
    result = runner.invoke(cli_app, ["ingest", case.kind, str(case.path), "--store", f"memory:{store}"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, [line for line in result.stderr.splitlines() if line.strip()]


def test_cli_refuses_every_broken_file_in_one_line_and_writes_nothing(
    corpus: list[Case], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # narrow: the error line must still not wrap
    store = tmp_path / "graph.json.gz"
    for case in corpus:
        code, lines = _cli_outcome(case, store)
        if case.broken:
            assert code == 1, (case.path.name, lines)
            assert len(lines) == 1 and lines[0].startswith("error: ") and case.path.name in lines[0], lines
            assert not store.exists(), f"{case.path.name}: refused, but the store was written"
        else:
            assert code == 0, (case.path.name, lines)
            store.unlink()


def test_cli_subprocess_sample(corpus: list[Case], tmp_path: Path) -> None:
    """Real `skg` processes: tracebacks of the issue (deep JSON, a newline-free "CSV") and half-imports (a truncated
    UN list, a header with junk rows) now exit 1 with one line and nothing written; a sound file still imports."""
    names = {"deep-array.json", "newline-free.csv", "header-junk-rows.csv", "truncated-50.xml", "one-bad-row.csv"}
    sample = [c for c in corpus if c.path.name in names]
    assert len(sample) == len(names)
    env = os.environ | {"COLUMNS": "100"}
    procs = []
    for i, case in enumerate(sample):
        store = tmp_path / f"store-{i}.json.gz"
        skg = ["-c", "from api.cli import app; app()"]
        cmd = [sys.executable, *skg, "ingest", case.kind, str(case.path), "--store", f"memory:{store}"]
        procs.append((case, store, subprocess.Popen(cmd, cwd=REPO, env=env, stderr=subprocess.PIPE, text=True)))
    for case, store, proc in procs:
        _, stderr = proc.communicate(timeout=300)
        lines = [line for line in stderr.splitlines() if line.strip()]
        assert "Traceback" not in stderr, stderr
        if case.broken:
            assert proc.returncode == 1 and len(lines) == 1 and lines[0].startswith("error: "), (case.path, lines)
            assert not store.exists()
        else:
            assert proc.returncode == 0 and store.exists(), (case.path, lines)


# ---------------------------------------------------------------------------------------------- API upload


def test_api_upload_gives_422_or_413_with_the_json_body_and_writes_nothing(
    corpus: list[Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKG_API_KEY", "fuzz-key")
    get_settings.cache_clear()
    store = MemoryStore()
    load_reference(store)
    with TestClient(create_app(store), raise_server_exceptions=False) as client:
        for case in corpus:
            _check_upload(client, store, case)


def _check_upload(client: TestClient, store: MemoryStore, case: Case) -> None:
    before = (store.version, store.counts())
    with case.path.open("rb") as fh:
        response = client.post(
            f"/ingest/{case.kind}", files={"file": (case.path.name, fh)}, headers={"X-API-Key": "fuzz-key"}
        )
    if case.broken:
        assert response.status_code in (413, 422), (case.path.name, response.status_code, response.text[:300])
        body = response.json()
        assert set(body) == {"error"} and case.path.name in body["error"]["message"], body
        assert (store.version, store.counts()) == before, f"{case.path.name}: refused, but written"
    else:
        assert response.status_code == 200, (case.path.name, response.text[:300])


# ---------------------------------------------------------------------------------------------- the bounds


def test_json_depth_is_checked_before_decoding() -> None:
    assert json_depth('{"a": [1, {"b": "[[[[{{{"}]}') == 3
    with pytest.raises(ValueError, match="nested deeper than 64"):
        load_json("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="not usable JSON"):
        load_json("1" * 5000)  # Python's limit on integer digits
    assert load_json('{"x": [[1]]}') == {"x": [[1]]}


def test_an_over_long_line_is_skipped_without_being_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"short\n" + b"x" * 100_000 + b"\nafter\nlast")
    with open_bounded(path, "test") as f:
        lines = list(bounded_lines(f, limit=1000))
    assert lines == [(1, b"short\n"), (2, None), (3, b"after\n"), (4, b"last")]


def test_a_file_over_the_limit_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SKG_MAX_FILE_BYTES", "1000")
    get_settings.cache_clear()
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(InvalidInput, match=r"big\.csv: 1,001 bytes, over the 1,000-byte limit"):
        ingest_path(MemoryStore(), "sipri", path)


def test_progress_counts_each_byte_once(tmp_path: Path) -> None:
    """The progress bar advances by bytes the parser reads: the file is read once, and exactly once."""
    source = SHARED / "data" / "sanctions" / "un-consolidated-dprk-sample.xml"
    if not source.exists():
        pytest.skip("real data absent")
    seen: list[int] = []
    with report_bytes(seen.append):
        ingest_path(MemoryStore(), "un-list", source)
    assert sum(seen) == source.stat().st_size


def test_a_truncated_last_line_breaks_the_file(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_bytes(b'{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{"id": "b", "sch')
    with pytest.raises(BrokenFile, match=r"cut\.json:2: the last line is cut off"):
        ingest_path(MemoryStore(), "ftm", path)


def test_a_folder_of_articles_imports_the_sound_files_and_refuses_the_broken_ones(tmp_path: Path) -> None:
    seed = SHARED / "seed" / "russia-north-korea-arms-fr.txt"
    if not seed.exists():
        pytest.skip("real data absent")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a-article.txt").write_bytes(seed.read_bytes())
    (folder / "b-junk.jsonl").write_bytes(b"{nope\n" * 5)
    store = tmp_path / "graph.json.gz"
    result = runner.invoke(cli_app, ["ingest", "news", str(folder), "--store", f"memory:{store}", "--json"])
    assert result.exit_code == 1  # a file was refused whole...
    assert "1 file(s) refused whole" in result.stderr
    written = MemoryStore(store).counts()
    assert written["transfers"] >= 1  # ...and the sound article imported
    rejected = [r["where"] for r in json.loads(result.stdout)["rejected"]]
    assert rejected == [str(folder / "b-junk.jsonl")]  # one report for the whole file, not one per line


def test_a_broken_file_writes_nothing_on_either_store(store: GraphStore, corpus: list[Case]) -> None:
    """Whole or nothing does not depend on the store: the file is judged before the first write."""
    load_reference(store)
    before = store.counts()
    names = {"truncated-90.xml", "header-junk-rows.csv", "delta-cut.json", "all-types-wrong-majority.jsonl"}
    for case in (c for c in corpus if c.path.name in names):
        with pytest.raises(InvalidInput, match=case.path.name):
            ingest_path(store, case.kind, case.path)
        assert store.counts() == before, case.path.name
    sound = next(c for c in corpus if c.path.name == "one-record-without-reference.xml")
    report = ingest_path(store, sound.kind, sound.path)
    assert len(report.rejected) == 1 and store.counts()["actors"] > before["actors"]
