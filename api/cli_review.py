"""`skg review …`, `skg audit` and `skg keys new`: the review loop from the command line. Thin like api/cli.py.

The command line works on the store directly (whoever can open it is trusted), so it needs no key; its decisions
are written by SKG_REVIEWER, or "cli:<login name>", and audited like the API's.
"""

from __future__ import annotations

import getpass
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from api.auth import Role, new_key
from graph import review
from graph.backends import opened_store
from graph.decisions import Decision, DecisionKind, RejectReason, new_decision
from graph.errors import SkgError
from graph.review_queue import queue
from graph.settings import get_settings
from graph.store import GraphStore

__all__ = ["audit_command", "keys_app", "review_app"]

review_app = typer.Typer(help="Review claims: the queue, decisions, JSONL export and import.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys with roles (SKG_API_KEYS).", no_args_is_help=True)

out = Console()
err = Console(stderr=True)
T = TypeVar("T")

StoreOpt = Annotated[str | None, typer.Option("--store", help="memory:<path> or neo4j://host:port (SKG_STORE)")]
CommentOpt = Annotated[str | None, typer.Option("--comment", "-m", help="Why (free text).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
TargetArg = Annotated[str, typer.Argument(help="A claim id (cl-…, from the queue) or a transfer id (tr-…).")]


def author() -> str:
    return get_settings().reviewer or f"cli:{getpass.getuser()}"


def _ask(uri: str | None, fn: Callable[[GraphStore], T]) -> T:
    """Run one call on the store; project errors and invalid decisions become one red line and exit code 1."""
    try:
        with opened_store(uri) as store:
            return fn(store)
    except ValueError as exc:  # an invalid decision (pydantic's ValidationError is one)
        err.print(f"[bold red]error:[/] {review.validation_message(exc)}")
    except SkgError as exc:
        err.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(1)


def _decide(uri: str | None, build: Callable[[], Decision]) -> None:
    def run(store: GraphStore) -> Decision:
        return review.decide(store, build())

    d = _ask(uri, run)
    out.print(f"{d.kind.value} recorded on {d.target} by {d.author} ({d.id})")


@review_app.command("queue")
def queue_cmd(
    actor: Annotated[str | None, typer.Option(help="Only transfers with this actor at either end.")] = None,
    language: Annotated[str | None, typer.Option(help="Only claims in this language (ISO 639-1).")] = None,
    source: Annotated[str | None, typer.Option(help="Only claims from this source id.")] = None,
    since: Annotated[str | None, typer.Option(help="Only transfers on or after this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The open claims that most need a person, most urgent first."""
    try:
        day = date.fromisoformat(since) if since else None
    except ValueError:
        raise typer.BadParameter(f"{since!r} is not a date (YYYY-MM-DD)", param_hint="--since") from None
    answer = _ask(
        store,
        lambda s: queue(s, actor=actor, language=language, source=source, since=day, offset=offset, limit=limit),
    )
    if as_json:
        sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
        return
    table = Table(title=f"review queue: {answer.total} open", show_edge=False)
    for col in ("target", "priority", "transfer", "status", "conf.", "quote"):
        table.add_column(col)
    for i in answer.items:
        quote = i.quote if len(i.quote) <= 70 else i.quote[:69] + "…"
        table.add_row(
            i.target, i.priority.value, f"{i.supplier}→{i.recipient} {i.category.value}", i.status.value,
            f"{i.confidence:.2f}", quote,
        )  # fmt: skip
    out.print(table)


@review_app.command("accept")
def accept(target: TargetArg, comment: CommentOpt = None, store: StoreOpt = None) -> None:
    """Confirm a claim or transfer."""
    _decide(store, lambda: new_decision(DecisionKind.ACCEPT, target, author(), comment=comment))


@review_app.command("reject")
def reject(
    target: TargetArg,
    reason: Annotated[RejectReason, typer.Option("--reason", "-r", help="Why it is wrong.")],
    comment: CommentOpt = None,
    store: StoreOpt = None,
) -> None:
    """Reject a claim or transfer: it drops out of the answers (reason 'other' needs --comment)."""
    _decide(store, lambda: new_decision(DecisionKind.REJECT, target, author(), reason=reason, comment=comment))


@review_app.command("correct")
def correct(
    target: TargetArg,
    fields: Annotated[
        list[str],
        typer.Argument(help="FIELD=VALUE: supplier, recipient, status, category, quantity, ordered, delivered."),
    ],
    comment: CommentOpt = None,
    store: StoreOpt = None,
) -> None:
    """Correct fields of a claim or transfer: `skg review correct cl-… status=delivered quantity=24`."""
    fixes: dict[str, Any] = {}
    for item in fields:
        name, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"{item!r}: expected FIELD=VALUE", param_hint="FIELDS")
        fixes[name.strip()] = _value(value.strip())

    _decide(store, lambda: new_decision(DecisionKind.CORRECT, target, author(), corrections=fixes, comment=comment))


def _value(text: str) -> Any:
    """A number or JSON object when it reads as one (quantity=24, quantity={"low":10,"high":20}), else the text."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    return parsed if isinstance(parsed, int | float | dict) and not isinstance(parsed, bool) else text


@review_app.command("note")
def note(target: TargetArg, text: Annotated[str, typer.Argument(help="The note.")], store: StoreOpt = None) -> None:
    """Add a note to a claim or transfer (does not change its review state)."""
    _decide(store, lambda: new_decision(DecisionKind.NOTE, target, author(), comment=text))


@review_app.command("merge")
def merge(
    target: Annotated[str, typer.Argument(help="The transfer that stays (tr-…): the merged one is at its pair.")],
    other: Annotated[str, typer.Argument(help="The transfer that is the same one (tr-…).")],
    comment: CommentOpt = None,
    store: StoreOpt = None,
) -> None:
    """Two transfers the keys kept apart are one: both leave the answers for one carrying their evidence."""
    _decide(store, lambda: new_decision(DecisionKind.MERGE, target, author(), other=other, comment=comment))


@review_app.command("split")
def split(
    target: Annotated[str, typer.Argument(help="The transfer (tr-…) the keys joined wrongly.")],
    claims: Annotated[list[str], typer.Argument(help="Its claims (cl-…) that report another transfer.")],
    comment: CommentOpt = None,
    store: StoreOpt = None,
) -> None:
    """Some claims of a transfer report another one: they answer as a transfer of their own."""
    _decide(store, lambda: new_decision(DecisionKind.SPLIT, target, author(), claims=claims, comment=comment))


@review_app.command("undo")
def undo(target: TargetArg, comment: CommentOpt = None, store: StoreOpt = None) -> None:
    """Withdraw the standing decision on a target, and the merges and splits on it: it is open (and queued) again."""
    _decide(store, lambda: new_decision(DecisionKind.UNDO, target, author(), comment=comment))


@review_app.command("decisions")
def decisions_cmd(
    target: Annotated[str | None, typer.Option(help="Only the decisions on this target.")] = None,
    orphaned: Annotated[bool, typer.Option("--orphaned", help="Only decisions whose target is gone.")] = False,
    store: StoreOpt = None,
) -> None:
    """List decisions as JSONL, oldest first."""

    def run(s: GraphStore) -> list[Decision]:
        found = s.decisions([target] if target else None)
        return review.orphaned(s, found) if orphaned else found

    for d in _ask(store, run):
        sys.stdout.write(json.dumps(d.to_json(), ensure_ascii=False) + "\n")


@review_app.command("export")
def export_cmd(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    store: StoreOpt = None,
) -> None:
    """Every decision as JSONL (to exchange with another team, or to rebuild a fresh database)."""
    if output is None:
        n = _ask(store, lambda s: review.export_decisions(s, sys.stdout))
    else:
        with output.open("w", encoding="utf-8") as f:
            n = _ask(store, lambda s: review.export_decisions(s, f))
    err.print(f"exported {n} decisions")


@review_app.command("import")
def import_cmd(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    store: StoreOpt = None,
) -> None:
    """Add the decisions of a JSONL export; bad lines are reported and skipped, known ones left as they are."""

    def run(s: GraphStore) -> review.ImportReport:
        with file.open(encoding="utf-8") as f:
            return review.import_decisions(s, f, author(), name=str(file))

    report = _ask(store, run)
    err.print(f"added {report.added}, unchanged {report.unchanged}, rejected {len(report.rejected)}")
    for where, why in report.rejected:
        err.print(f"  [yellow]rejected[/] {where}: {why}")
    if report.orphaned:
        err.print(f"  {len(report.orphaned)} decisions target claims or transfers not in this store (orphaned)")
    if report.rejected and not (report.added or report.unchanged):  # nothing usable in the file: as ingest does
        raise typer.Exit(1)


def audit_command(
    limit: Annotated[int, typer.Option(min=1, max=100000)] = 50,
    since: Annotated[str | None, typer.Option(help="Entries at or after this time (ISO 8601).")] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The audit log, newest first: who wrote what, when, from where."""
    try:
        when = datetime.fromisoformat(since) if since else None
    except ValueError:
        raise typer.BadParameter(f"{since!r} is not an ISO 8601 time", param_hint="--since") from None
    entries = _ask(store, lambda s: s.audit(limit=limit, since=when))
    if as_json:
        for e in entries:
            sys.stdout.write(e.model_dump_json() + "\n")
        return
    table = Table(title="audit log", show_edge=False)
    for col in ("at", "who", "action", "target", "address"):
        table.add_column(col)
    for e in entries:
        table.add_row(e.at.isoformat(timespec="seconds"), e.who, e.action, e.target or "", e.address or "")
    out.print(table)


@keys_app.command("new")
def keys_new(
    name: Annotated[str, typer.Argument(help="The key's name: the author of its decisions.")],
    role: Annotated[Role, typer.Argument(help="reader, reviewer or admin.")],
) -> None:
    """Make a random key: give the key to its holder, add the entry to SKG_API_KEYS (only its hash is kept)."""
    if ":" in name or "," in name:
        raise typer.BadParameter("a key name may not contain ':' or ','", param_hint="NAME")
    key, entry = new_key(name, role)
    out.print(f"key (give it to {name}; it is not stored anywhere): {key}")
    out.print(f"SKG_API_KEYS entry: {entry}")
