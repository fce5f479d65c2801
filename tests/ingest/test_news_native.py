"""The guard of the optional native build (`ingest.news.native`): a compiled build older than any of its sources
is removed before it can run old rules; a fresh one, or none, is left alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.news import native


def _tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in native.MODULES:
        (tmp_path / f"{name}.py").write_text("# source\n", encoding="utf-8")
    monkeypatch.setattr(native, "_HERE", tmp_path)
    return tmp_path


def _touch(path: Path, mtime: float) -> None:
    path.write_bytes(b"\0")
    os.utime(path, (mtime, mtime))


def test_no_build_is_never_stale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, monkeypatch)
    assert native.compiled() == []
    assert native.stale() == []
    native.check()  # nothing to do, no warning


def test_fresh_build_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = _tree(tmp_path, monkeypatch)
    sources = max((here / f"{n}.py").stat().st_mtime for n in native.MODULES)
    _touch(here / f"frames{native._SUFFIX}", sources + 10)
    _touch(here / f"_native__mypyc{native._SUFFIX}", sources + 10)
    (here / f"unrelated{native._SUFFIX}").write_bytes(b"\0")  # not one of ours: never listed nor removed
    assert [p.name.split(".")[0] for p in native.compiled()] == ["_native__mypyc", "frames"]
    assert native.stale() == []
    native.check()
    assert len(native.compiled()) == 2


def test_stale_build_is_removed_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    here = _tree(tmp_path, monkeypatch)
    source = here / "vetoes.py"
    _touch(here / f"frames{native._SUFFIX}", source.stat().st_mtime - 10)
    _touch(here / f"_native__mypyc{native._SUFFIX}", source.stat().st_mtime + 10)
    # one source newer than the oldest extension: the whole build is stale (compiled modules call each other)
    assert set(native.stale()) == set(native.MODULES)
    with pytest.warns(RuntimeWarning, match="older than their source"):
        native.check()
    assert native.compiled() == []
    assert (here / "vetoes.py").exists()
