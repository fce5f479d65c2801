"""Hostile files through the CLI and the API upload: outcome per file, grouped by what each attacks.

    python -m bench.bench_hostile_files [--api] [--code DIR]

Builds the corpus of tests/ingest/hostile_files.py in a temporary folder, then for every file runs
`skg ingest KIND FILE` in a subprocess on a copy of a store that holds the reference regimes (or uploads it
to `POST /ingest/KIND` with --api) and classifies the outcome:

* ``refused``  exit 1 / HTTP 4xx, one error line, the store unchanged (the wanted outcome for a broken file);
* ``imported`` exit 0 / 200 and the store changed (the wanted outcome for a sound file with a bad record);
* ``traceback`` a Python traceback / HTTP 500;
* ``exit0-nothing`` exit 0 / 200 with nothing written;  ``half-written`` refused but the store changed;
  ``exit0-written`` a broken file that was (partly) imported.

`--code DIR` runs another checkout's code (e.g. the commit before a change) with this venv's interpreter.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _counts(store: Path, code: Path) -> str:
    script = (
        "import sys, json; from graph.memory_store import MemoryStore; "
        "print(json.dumps(MemoryStore(__import__('pathlib').Path(sys.argv[1])).counts(), sort_keys=True))"
    )
    env = os.environ | {"PYTHONPATH": str(code)}
    return subprocess.run([sys.executable, "-c", script, str(store)], env=env, capture_output=True, text=True,
                          check=True, cwd=code).stdout.strip()  # fmt: skip


def _cli(kind: str, path: Path, store: Path, code: Path) -> tuple[int, str]:
    env = os.environ | {"PYTHONPATH": str(code), "SKG_STORE": f"memory:{store}", "COLUMNS": "200"}
    cmd = [sys.executable, "-c", "from api.cli import app; app()", "ingest", kind, str(path)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=code, timeout=600)
    return done.returncode, done.stderr


def _classify(code: int, stderr: str, changed: bool, broken: bool) -> str:
    if "Traceback" in stderr or code not in (0, 1):
        return "traceback"
    if code == 0:
        return ("exit0-written" if broken else "imported") if changed else "exit0-nothing"
    return "half-written" if changed else "refused"


def run_cli(cases: list, base: Path, code: Path, work: Path) -> list[tuple[object, str, str]]:
    before = _counts(base, code)
    results = []
    for case in cases:
        store = work / "case.json.gz"
        shutil.copy(base, store)
        rc, stderr = _cli(case.kind, case.path, store, code)
        changed = _counts(store, code) != before
        last = [line for line in stderr.strip().splitlines() if line.strip()][-1:] or [""]
        results.append((case, _classify(rc, stderr, changed, case.broken), last[0][:160]))
    return results


def run_api(cases: list, code: Path, work: Path) -> list[tuple[object, str, str]]:
    script = r"""
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
from api.app import create_app
from graph.memory_store import MemoryStore
from ingest.pipeline import load_reference
cases = json.loads(sys.stdin.read())
out = []
for kind, path, work in cases:
    store = MemoryStore(Path(work))
    load_reference(store)
    before = store.counts()
    with TestClient(create_app(store), raise_server_exceptions=False) as client, open(path, "rb") as fh:
        r = client.post(f"/ingest/{kind}", files={"file": (Path(path).name, fh)}, headers={"X-API-Key": "k"})
    out.append([r.status_code, r.headers.get("content-type", ""), r.text[:160], store.counts() != before])
print(json.dumps(out))
"""
    env = os.environ | {"PYTHONPATH": str(code), "SKG_API_KEY": "k", "SKG_STORE": f"memory:{work}/api.json.gz"}
    payload = json.dumps([[c.kind, str(c.path), str(work / f"api-{i}.json.gz")] for i, c in enumerate(cases)])
    done = subprocess.run([sys.executable, "-c", script], input=payload, env=env, capture_output=True, text=True,
                          cwd=code, timeout=1800)  # fmt: skip
    if done.returncode:
        raise SystemExit(done.stderr)
    results = []
    for case, (status, ctype, text, changed) in zip(cases, json.loads(done.stdout), strict=True):
        if status >= 500:
            outcome = "traceback"
        elif status == 200:
            outcome = ("exit0-written" if case.broken else "imported") if changed else "exit0-nothing"
        else:
            outcome = "half-written" if changed else "refused"
        results.append((case, outcome, f"{status} {ctype.split(';')[0]} {text}"))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--code", type=Path, default=REPO)
    parser.add_argument("--api", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from tests.ingest.hostile_files import build_corpus

    with tempfile.TemporaryDirectory(prefix="skg-hostile-") as tmp:
        work = Path(tmp)
        cases = build_corpus(work / "corpus", REPO.parent / "shared")
        if args.api:
            results = run_api(cases, args.code, work)
        else:
            base = work / "base.json.gz"
            env = os.environ | {"PYTHONPATH": str(args.code), "SKG_STORE": f"memory:{base}"}
            subprocess.run([sys.executable, "-c", "from api.cli import app; app()", "ingest", "reference"],
                           env=env, capture_output=True, check=True, cwd=args.code)  # fmt: skip
            results = run_cli(cases, base, args.code, work)
    table: Counter[tuple[str, str]] = Counter()
    for case, outcome, line in results:
        table[("broken" if case.broken else "sound+bad record", outcome)] += 1
        if args.verbose:
            print(f"{case.kind:8} {case.attack:9} {case.path.name:36} {outcome:14} {line}")
    print(f"{len(results)} files through {'the API' if args.api else 'the CLI'}:")
    for (group, outcome), n in sorted(table.items()):
        print(f"  {group:17} {outcome:14} {n}")
    by_attack: Counter[tuple[str, str]] = Counter((c.attack, o) for c, o, _ in results)
    for (attack, outcome), n in sorted(by_attack.items()):
        print(f"    {attack:9} {outcome:14} {n}")


if __name__ == "__main__":
    main()
