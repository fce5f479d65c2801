"""`skg sync [SOURCE...] [--watch]`: bring the sources of sources.yaml up to date (ingest/sync)."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from graph.backends import open_store
from graph.errors import SkgError
from graph.settings import get_settings

__all__ = ["sync"]

err = Console(stderr=True, highlight=False)


def sync(
    sources: Annotated[list[str] | None, typer.Argument(help="Source names (default: every enabled source).")] = None,
    watch: Annotated[bool, typer.Option("--watch", help="Keep syncing each source on its schedule.")] = False,
    config: Annotated[Path | None, typer.Option("--sources", help="sources.yaml (SKG_SOURCES).")] = None,
    store: Annotated[str | None, typer.Option("--store", help="memory:<path> or neo4j://host:port")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON lines.")] = False,
) -> None:
    """Fetch what changed in the configured sources and ingest it; prints one line per source.

    Exit code 1 when a source failed (the others still ran)."""
    from ingest.sync.runner import SyncReport, iter_lines, sync_sources
    from ingest.sync.runner import watch as watch_loop
    from ingest.sync.sources import load_sources

    def show(report: SyncReport) -> None:
        if as_json:
            sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            for line in iter_lines([report]):
                err.print(line, markup=False)

    try:
        cfg = load_sources(config or get_settings().sources)
        opened = open_store(store)
    except SkgError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from None
    try:
        opened.ping()
        if watch:
            stop = threading.Event()
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            with contextlib.suppress(KeyboardInterrupt):
                watch_loop(opened, cfg, stop, on_report=show)
            return
        reports = sync_sources(opened, cfg, sources or None, on_report=show)
    except SkgError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from None
    finally:
        opened.close()
    if any(r.status == "failed" for r in reports):
        raise typer.Exit(1)
