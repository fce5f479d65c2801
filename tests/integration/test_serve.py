"""`skg serve` really listens, on 127.0.0.1 only by default."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import REPO, free_loopback_port, listening_addresses


def test_serve_listens_on_loopback_only(tmp_path: Path) -> None:
    port = free_loopback_port()
    env = {**os.environ, "SKG_STORE": f"memory:{tmp_path / 'g.json.gz'}", "SKG_PORT": str(port)}
    env.pop("SKG_HOST", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "API did not start within 60 s"
                time.sleep(0.3)
        assert listening_addresses(port) == {"127.0.0.1"}
    finally:
        proc.terminate()
        proc.wait(timeout=20)
