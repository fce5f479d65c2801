"""The embedded store's writer lock: an exclusive advisory lock on `<store file>.lock` (fcntl.flock).

flock works on Linux and macOS, is released by the kernel when the holder dies (kill -9 included: no stale lock
to clean up), and locks of two open files conflict even inside one process, so two threads that each open the
lock are kept apart as well. The holder writes its pid, command line and start time into the lock file, so a
writer that gives up can say who holds the lock. Readers never take it: the store file is replaced by a rename,
so a reader sees the old file or the new one whole.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import time
from pathlib import Path
from typing import IO

from graph.errors import StoreUnavailable

__all__ = ["StoreBusy", "StoreLock", "lock_path"]

#: How often a waiting writer tries again.
_POLL_S = 0.05


class StoreBusy(StoreUnavailable):
    """Another writer held the store's lock for longer than the lock timeout."""

    code = "store_busy"


def lock_path(store_file: Path) -> Path:
    return store_file.with_name(store_file.name + ".lock")


def _holder_text(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "another process"
    if not isinstance(info, dict) or "pid" not in info:
        return "another process"
    since = info.get("since")
    held = f", for {time.time() - since:.0f} s" if isinstance(since, (int, float)) else ""
    return f"pid {info['pid']} ({info.get('command', '?')}{held})"


class StoreLock:
    """One writer's hold on a store file. `acquire(timeout_s)` waits up to `timeout_s` seconds (0: try once)."""

    def __init__(self, store_file: Path) -> None:
        self.path = lock_path(store_file)
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self, timeout_s: float) -> None:
        if self._file is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        deadline = time.monotonic() + max(timeout_s, 0.0)
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _holder_text(self.path)
                    handle.close()
                    raise StoreBusy(
                        f"{self.path.with_suffix('')}: another writer holds the store lock ({holder}); "
                        f"waited {timeout_s:g} s (SKG_STORE_LOCK_TIMEOUT_S). Nothing was written: run again "
                        "when it has finished"
                    ) from None
                time.sleep(_POLL_S)
            except OSError as exc:
                handle.close()
                raise StoreUnavailable(f"cannot lock {self.path}: {exc}") from exc
        handle.seek(0)
        handle.truncate()
        command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv))[:300]
        handle.write(json.dumps({"pid": os.getpid(), "command": command or "python", "since": time.time()}))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        handle, self._file = self._file, None
        if handle is None:
            return
        try:
            handle.seek(0)
            handle.truncate()  # the holder's name goes with the lock
            handle.flush()
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            handle.close()
