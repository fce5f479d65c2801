"""`skg changes --since N`: the change feed in the terminal; `skg watches deliver [--watch]`: webhook deliveries."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
from typing import Annotated

import typer
from rich.console import Console

from graph.backends import open_store
from graph.changes import ChangeFilter
from graph.errors import SkgError
from graph.memory_store import MemoryStore
from graph.model import Verdict
from graph.settings import get_settings
from graph.store import GraphStore
from graph.vocab import Issuer

__all__ = ["changes", "watches_app"]

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
watches_app = typer.Typer(help="Watch-lists: deliver their webhooks.", no_args_is_help=True)

StoreOpt = Annotated[str | None, typer.Option("--store", help="memory:<path> or neo4j://host:port")]


def changes(
    since: Annotated[int, typer.Option("--since", min=0, help="Changes after this seq.")] = 0,
    limit: Annotated[int, typer.Option("--limit", min=1, max=100_000)] = 100,
    actor: Annotated[str | None, typer.Option("--actor", help="Only changes concerning this actor id.")] = None,
    issuer: Annotated[Issuer | None, typer.Option("--issuer")] = None,
    verdict: Annotated[Verdict | None, typer.Option("--verdict")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    store: StoreOpt = None,
) -> None:
    """Print the changes after --since, oldest first; the last line says what to pass as --since next time."""
    flt = ChangeFilter(actor=actor, issuer=issuer, verdict=verdict) if actor or issuer or verdict else None
    try:
        opened = open_store(store)
    except SkgError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from None
    try:
        found = opened.changes(since, limit, flt)
        last = opened.last_change_seq()
    except SkgError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from None
    finally:
        opened.close()
    for c in found:
        if as_json:
            sys.stdout.write(c.model_dump_json() + "\n")
        else:
            out.print(f"{c.seq:>8}  {c.at:%Y-%m-%d %H:%M:%S}  {c.kind.value:<17} {c.summary}", markup=False)
    next_since = found[-1].seq if found else since
    err.print(f"{len(found)} change(s); last seq {last}; next: --since {next_since}", markup=False)


@watches_app.command("deliver")
def deliver(
    watch: Annotated[bool, typer.Option("--watch", help="Keep delivering every SKG_WATCH_POLL_S seconds.")] = False,
    store: StoreOpt = None,
) -> None:
    """Deliver the webhooks of every watch from the change feed (one pass, or forever with --watch)."""
    import httpx

    from api.webhooks import DeliveryPolicy, deliver_once
    from graph.watch_store import watch_store_for

    settings = get_settings()
    try:
        opened: GraphStore = open_store(store)
        hooks = watch_store_for(opened)
    except SkgError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        with httpx.Client() as client, contextlib.suppress(KeyboardInterrupt):
            while True:
                if isinstance(opened, MemoryStore) and opened.changed_on_disk() and opened.path is not None:
                    opened = MemoryStore(opened.path, opened.lock_timeout_s)  # another process wrote: read it
                r = deliver_once(opened, hooks, client, DeliveryPolicy.of(settings))
                line = {"delivered": r.delivered, "retrying": r.retrying, "failed": r.failed, "passed": r.passed}
                err.print(json.dumps(line), markup=False)
                for e in r.errors:
                    err.print(f"[yellow]{e}[/]")
                if not watch or stop.wait(settings.watch_poll_s):
                    break
    except SkgError as exc:
        err.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from None
    finally:
        opened.close()
