"""An optional native build of the extractor's hot modules with mypyc: the same code, compiled to C extensions.

    python -m ingest.news.native_build build    # compile (a few minutes; needs a C compiler and mypy's mypyc)
    python -m ingest.news.native_build clean    # remove the extensions: the pure Python modules are used again
    python -m ingest.news.native_build status   # which modules are compiled, and whether any is stale

Python imports an extension module in preference to the source file beside it, so after `build` the extractor
runs the compiled modules (about 1.5x the throughput of `bench.bench_extract` with the rule modules alone
compiled; the claims are byte-identical). The profile of the pure Python extractor is flat (no stage above a
tenth of the time), so compiling is what removes the interpreter's overhead spread over all of them.

An extension older than its source would silently run the old rules: `check` (called when `ingest.news` is
imported) removes a stale build, with a warning, before any compiled module is imported. A checkout without
extensions imports the sources as always. Compiled functions call each other directly: monkeypatching a function
of a compiled module does not reach its callers there.
"""

from __future__ import annotations

import sysconfig
import warnings
from pathlib import Path

__all__ = ["MODULES", "check", "clean", "compiled", "stale"]

_HERE = Path(__file__).resolve().parent
_ROOT = _HERE.parents[1]
#: The modules compiled, by the share of the bench's time they hold (`bench.bench_extract` under py-spy).
MODULES = (
    "cues",
    "frames",
    "modality",
    "vetoes",
    "quantities",
    "backoff",
    "extract",
    "context",
    "gazetteer",
    "coref",
    "text",
    "dates",
    "sentences",
    "pairmodel",
)
#: The shared library of the group, inside the package (not at the top level, where an installed tree has no
#: place for it).
_GROUP = "ingest.news._native"
_SUFFIX = sysconfig.get_config_var("EXT_SUFFIX") or ".so"


def compiled() -> list[Path]:
    """The extension files of this package present now (module extensions and the group's shared library)."""
    return sorted(p for p in _HERE.glob(f"*{_SUFFIX}") if p.name.split(".")[0] in (*MODULES, "_native__mypyc"))


def stale() -> list[str]:
    """Modules whose source changed after the extensions were built. Compiled modules call each other natively
    (inside the group's shared library), so one stale module makes the whole build stale."""
    built = compiled()
    if not built:
        return []
    oldest = min(p.stat().st_mtime for p in built)
    return [name for name in MODULES if (_HERE / f"{name}.py").stat().st_mtime > oldest]


def check() -> None:
    """Called when `ingest.news` is imported: a build older than any of its sources is removed (with a warning),
    so that the sources run rather than old compiled rules. One `glob` when nothing is compiled."""
    old = stale()
    if old:
        clean()
        warnings.warn(
            f"ingest.news: compiled modules were older than their source ({', '.join(old)}) and were removed; "
            "run `python -m ingest.news.native_build build` to compile again",
            RuntimeWarning,
            stacklevel=2,
        )


def clean() -> list[Path]:
    removed = compiled()
    for p in removed:
        p.unlink()
    return removed
