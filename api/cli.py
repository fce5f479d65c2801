"""`skg`: the command line. Thin: parse arguments, make one call into graph/ or ingest/, print the answer."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from api.cli_review import audit_command, keys_app, review_app
from api.cli_review import author as cli_author
from graph.backends import opened_store
from graph.errors import SkgError
from graph.settings import get_settings
from graph.store import GraphStore
from graph.vocab import Issuer, SourceKind, TransferStatus
from ingest.pipeline import IngestReport, ingest, load_reference

app = typer.Typer(
    help="sanctions-kg: a knowledge graph of arms transfers and the sanctions they breach.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
ingest_app = typer.Typer(help="Load sources into the graph.", no_args_is_help=True)
query_app = typer.Typer(help="Ask the graph.", no_args_is_help=True)
neo4j_app = typer.Typer(help="Run a local Neo4j 5.26 server from Maven Central jars.", no_args_is_help=True)


@app.callback()
def _settings_first() -> None:
    """Read the SKG_* settings before any command: a bad value is one red line naming it, not a traceback."""
    _run(get_settings)


app.add_typer(ingest_app, name="ingest")
app.add_typer(query_app, name="query")
app.add_typer(neo4j_app, name="neo4j")
app.add_typer(review_app, name="review")
app.add_typer(keys_app, name="keys")
app.command("audit")(audit_command)

out = Console()
err = Console(stderr=True)
T = TypeVar("T")

StoreOpt = Annotated[str | None, typer.Option("--store", help="memory:<path> or neo4j://host:port (SKG_STORE)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
SinceOpt = Annotated[str | None, typer.Option(help="Transfers on or after this date.")]
UntilOpt = Annotated[str | None, typer.Option(help="Transfers on or before this date.")]
IssuerOpt = Annotated[Issuer | None, typer.Option(help="Only regimes of this issuer.")]
KnownOpt = Annotated[
    str | None,
    typer.Option(
        "--known-as-of", help="Answer as the graph would have on this day (YYYY-MM-DD): later evidence left out."
    ),
]


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def _run(action: Callable[[], T]) -> T:
    """Run a command body; project errors become one red line on stderr and exit code 1."""
    try:
        return action()
    except SkgError as exc:
        err.print(f"[bold red]error:[/] {exc}", soft_wrap=True)
        raise typer.Exit(1) from None


def _print_json(value: BaseModel | dict[str, Any] | list[Any]) -> None:
    data = value.model_dump(mode="json") if isinstance(value, BaseModel) else value
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _progress(count: ProgressColumn) -> Progress:
    """A transient bar on stderr (off when stderr is not a terminal), counting with `count`."""
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        count,
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _with_progress(items: Iterable[T], label: str, total: int | None) -> tuple[Iterator[T], Progress]:
    progress = _progress(MofNCompleteColumn())
    task = progress.add_task(label, total=total)

    def gen() -> Iterator[T]:
        for item in items:
            yield item
            progress.advance(task)

    return gen(), progress


def print_report(report: IngestReport) -> None:
    table = Table(title=f"import: {report.name}", show_edge=False)
    for col in ("records", "added", "updated", "unchanged"):
        table.add_column(col, justify="right" if col != "records" else "left")
    for label, part in (
        ("actors", report.actors),
        ("sources", report.sources),
        ("regimes", report.regimes),
        ("transfers", report.transfers),
    ):
        table.add_row(label, str(part.added), str(part.updated), str(part.unchanged))
    err.print(table)
    err.print(f"read {report.read} records, rejected {len(report.rejected)}, deleted {report.deleted}")
    for rejected in report.rejected[:20]:
        err.print(f"  [yellow]rejected[/] {rejected}")
    if len(report.rejected) > 20:
        err.print(f"  ... and {len(report.rejected) - 20} more (use --json for all)")


# -- ingest --------------------------------------------------------------------------------------------------------


@ingest_app.command("news")
def ingest_news(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or JSONL files of articles.")],
    published: Annotated[str | None, typer.Option(help="Publication date when the document does not say.")] = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Extract reported transfers from news articles (any major language) and add them to the graph."""
    from ingest.pipeline import read_news

    def body() -> IngestReport:
        # every file is read and judged before the store is opened: a broken file writes nothing
        total = paths[0].stat().st_size if len(paths) == 1 and paths[0].is_file() else None
        items = _reading("news", total, lambda: read_news(paths, _date(published, "--published")))
        return _write_all(store, items, "news: " + ", ".join(str(p) for p in paths))

    report = _run(body)
    _print_json(report.to_json()) if as_json else print_report(report)
    refused = [r for r in report.rejected if r.whole_file]
    if refused or (report.read and report.read == len(report.rejected)):
        if refused:
            err.print(f"[bold red]error:[/] {len(refused)} file(s) refused whole, nothing of them written")
        raise typer.Exit(1)


def _reading(label: str, total: int | None, read: Callable[[], T]) -> T:
    """Run a whole-file read with a progress bar over the bytes read (the file is not read twice to count)."""
    from ingest.limits import report_bytes

    progress = _progress(DownloadColumn())
    task = progress.add_task(f"reading {label}", total=total)
    with progress, report_bytes(lambda n: progress.advance(task, n)):
        return read()


def _write_all(uri: str | None, items: list[Any], name: str) -> IngestReport:
    with opened_store(uri) as s:
        load_reference(s, who=cli_author())
        stream, progress = _with_progress(items, "writing", len(items))
        with progress:
            return ingest(s, stream, name=name, who=cli_author(), records=len(items))


def _ingest_register(kind: str, path: Path, store: str | None, as_json: bool) -> None:
    from ingest.limits import file_size
    from ingest.pipeline import read_register

    def body() -> IngestReport:
        # the whole file is parsed and judged before the store is opened: a broken file writes nothing
        total = file_size(path, kind) if path.is_file() else None
        items = _reading(f"{kind} {path.name}", total, lambda: read_register(kind, path))
        return _write_all(store, items, f"{kind}: {path}")

    report = _run(body)
    _print_json(report.to_json()) if as_json else print_report(report)


#: The register commands: name -> (what the file is, what the command does).
_REGISTER_COMMANDS = {
    "sipri": (
        "SIPRI trade-register CSV export (either layout).",
        "Import a SIPRI trade register; re-importing a newer export updates the same deals.",
    ),
    "un-list": (
        "UN Security Council Consolidated List XML.",
        "Import the UN Security Council Consolidated List (individuals and entities, with their regime).",
    ),
    "ftm": (
        "FollowTheMoney JSON lines (entities or a delta file).",
        "Import FollowTheMoney / OpenSanctions entities, including ADD/MOD/DEL delta files.",
    ),
}


def _register_command(kind: str, file_help: str, doc: str) -> None:
    def command(path: Path, store: StoreOpt = None, as_json: JsonOpt = False) -> None:
        _ingest_register(kind, path, store, as_json)

    command.__doc__ = doc
    # annotations are strings (PEP 563) resolved in module globals: give typer the per-command help directly
    command.__annotations__ = {**command.__annotations__, "path": Annotated[Path, typer.Argument(help=file_help)]}
    ingest_app.command(kind)(command)


for _kind, (_file_help, _doc) in _REGISTER_COMMANDS.items():
    _register_command(_kind, _file_help, _doc)


@ingest_app.command("reference")
def ingest_reference(store: StoreOpt = None) -> None:
    """(Re)load the curated sanctions regimes shipped with the project."""
    print_report(_ask(store, lambda s: load_reference(s, who=cli_author())))


def _ask(uri: str | None, fn: Callable[[GraphStore], T]) -> T:
    """Open the store, run one call on it, close it; project errors become one line and exit code 1."""

    def body() -> T:
        with opened_store(uri) as s:
            return fn(s)

    return _run(body)


# -- extraction only ------------------------------------------------------------------------------------------------


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="Files, folders or JSONL files of articles.")],
    published: Annotated[str | None, typer.Option(help="Publication date when the document does not say.")] = None,
    as_json: JsonOpt = False,
    as_jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON line per document (per input line).")] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print, per sentence, the mentions, cues and frames considered and why.")
    ] = False,
) -> None:
    """Extract transfer claims from articles without storing them; every claim carries its sentence."""
    from ingest.news import Document, get_extractor, load_documents
    from ingest.records import Rejected

    if explain:
        _explain(paths, published)
        return

    def body() -> list[dict[str, Any]]:
        extractor = get_extractor()
        results: list[dict[str, Any]] = []
        for doc in load_documents(paths, published=_date(published, "--published")):
            if isinstance(doc, Rejected):
                row: dict[str, Any] = {"id": doc.where, "error": doc.reason, "claims": []}
            else:
                assert isinstance(doc, Document)
                claims = extractor.extract_document(doc)
                lang = doc.lang or (claims[0].evidence.lang if claims else None)
                row = {"id": doc.id, "lang": lang, "claims": [c.to_json() for c in claims]}
            if as_jsonl:  # stream: one line per document as soon as it is done
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
                sys.stdout.flush()
            results.append(row)
        return results

    results = _run(body)
    if as_jsonl:
        return
    if as_json:
        _print_json(results)
        return
    for row in results:
        if "error" in row:
            err.print(f"[yellow]skipped[/] {row['id']}: {row['error']}")
            continue
        out.print(f"[bold]{row['id']}[/] ({row.get('lang') or '?'}): {len(row['claims'])} claims")
        for c in row["claims"]:
            items = ", ".join(i["designation"] or i["category"] for i in c["items"])
            out.print(
                f"  {c['supplier']['name']} → {c['recipient']['name']}: {items} [bold]{c['status']}[/]"
                f" ({c['confidence']:.2f}, {c['when'] or 'undated'}; {c['evidence']['rule']})"
            )
            out.print(f"      “{c['evidence']['text']}”", highlight=False)


def _explain(paths: list[Path], published: str | None) -> None:
    """`skg extract --explain`: the extractor's decisions, sentence by sentence, then the claims."""
    from ingest.news import Document, get_extractor, load_documents
    from ingest.records import Rejected

    def body() -> None:
        extractor = get_extractor()
        for doc in load_documents(paths, published=_date(published, "--published")):
            if isinstance(doc, Rejected):
                err.print(f"[yellow]skipped[/] {doc.where}: {doc.reason}")
                continue
            assert isinstance(doc, Document)
            trace: list[str] = []
            claims = extractor.extract(doc.text, published=doc.published, lang=doc.lang, trace=trace)
            out.print(f"[bold]{doc.id}[/]", highlight=False)
            for line in trace:
                out.print(line, highlight=False, markup=False, soft_wrap=True)
            for c in claims:
                out.print(
                    f"  claim {c.supplier.id} → {c.recipient.id} {c.status.value} ({c.evidence.rule};"
                    f" claimant {c.claimant or '-'}; [{c.evidence.start}:{c.evidence.end}] {c.evidence.lang})",
                    highlight=False,
                    markup=False,
                    soft_wrap=True,
                )

    _run(body)


@app.command("eval")
def evaluate_cmd(
    labeled: Annotated[
        Path | None,
        typer.Argument(
            help="Labeled JSONL of articles (id, lang, published, text, transfers, not), or the word `violations`."
        ),
    ] = None,
    cases: Annotated[
        Path | None, typer.Argument(help="With `violations`: documented cases, one JSON object a line.")
    ] = None,
    sipri: Annotated[
        Path | None, typer.Option("--sipri", help="violations: full SIPRI register (default: May 2026 legacy16).")
    ] = None,
    cache: Annotated[
        Path | None, typer.Option("--cache", help="violations: where the ingested register is cached.")
    ] = None,
    register_stats: Annotated[
        bool, typer.Option("--register/--no-register", help="violations: also count verdicts on the register.")
    ] = True,
    top: Annotated[int, typer.Option(help="violations: pairs most flagged to list.")] = 10,
    as_json: JsonOpt = False,
    suite: Annotated[
        bool,
        typer.Option("--suite", help="Run the behavioral suite (graph/reference/news_suite.yaml) instead."),
    ] = False,
    failures: Annotated[int, typer.Option("--failures", min=0, help="With --suite: failed cases shown per cell.")] = 0,
    rules_only: Annotated[
        bool, typer.Option("--rules-only", help="Without the pair model (ingest/news/pairmodel.py): the rules alone.")
    ] = False,
) -> None:
    """Score the extractor (`skg eval ARTICLES.jsonl`: precision, recall, F1, status accuracy and false positives,
    per language; with --suite, the pass rate per capability x language of the behavioral test suite) or the
    violation judgement (`skg eval violations CASES.jsonl`: recall on documented violations, false positives on
    documented non-violations, each miss explained, and the verdicts on the whole register)."""
    if labeled is not None and str(labeled) == "violations":
        if cases is None:
            err.print("[red]skg eval violations CASES.jsonl: the cases file is missing[/]")
            raise typer.Exit(2)
        eval_violations(cases, sipri, cache, register_stats, top, as_json)
        return
    from ingest.news import get_extractor
    from ingest.news.evaluate import evaluate

    extractor = get_extractor()
    model = extractor.pair_model
    if rules_only:
        extractor.pair_model = None  # restored below: the extractor is process-wide
    try:
        if suite:
            from ingest.news.checklist import run_suite

            result = _run(lambda: run_suite(extractor))
            if as_json:
                _print_json(result.to_json())
            else:
                out.print(result.to_table(), highlight=False, soft_wrap=True)
                for line in result.failures(limit=failures) if failures else []:
                    out.print(line, highlight=False, markup=False)
            return
        if labeled is None:
            err.print("give a labeled JSONL file, or --suite")
            raise typer.Exit(2)
        report = _run(lambda: evaluate(labeled, extractor))
        if as_json:
            _print_json(report.to_json())
        else:
            out.print(report.to_table(), highlight=False)
    finally:
        extractor.pair_model = model


# -- query ---------------------------------------------------------------------------------------------------------


@query_app.command("suppliers")
def query_suppliers(
    recipient: Annotated[str, typer.Argument(help="Actor id: ISO alpha-2 code for a state (RU).")],
    sanctioned: Annotated[bool, typer.Option("--sanctioned", help="Only suppliers under an arms embargo.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date for 'sanctioned' (default today).")] = None,
    issuer: IssuerOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0)] = 0.0,
    source_kind: Annotated[SourceKind | None, typer.Option("--source-kind")] = None,
    status: Annotated[list[TransferStatus] | None, typer.Option(help="Statuses (default: all but denied).")] = None,
    per_supplier: Annotated[
        int, typer.Option("--per-supplier", min=0, max=1000, help="Newest transfers listed per supplier.")
    ] = 5,
    limit: Annotated[int, typer.Option(min=1, help="Show at most N suppliers.")] = 50,
    known_as_of: KnownOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Who supplies arms to RECIPIENT, most transfers first, with counts and the newest transfers' evidence;
    --sanctioned keeps suppliers under an embargo."""
    from graph.queries import AFFIRMATIVE, suppliers

    answer = _ask(
        store,
        lambda s: suppliers(
            s,
            recipient.upper() if len(recipient) == 2 else recipient,
            sanctioned=sanctioned,
            known_as_of=_date(known_as_of, "--known-as-of"),
            as_of=_date(as_of, "--as-of"),
            issuer=issuer,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            statuses=tuple(status) if status else AFFIRMATIVE,
            min_confidence=min_confidence,
            source_kind=source_kind,
            per_supplier=per_supplier,
            limit=limit,
        ),
    )

    if as_json:
        _print_json(answer)
        return
    kind = "sanctioned suppliers" if sanctioned else "suppliers"
    shown = f", {len(answer.suppliers)} shown" if len(answer.suppliers) < answer.total else ""
    out.print(f"[bold]{answer.total} {kind} of {answer.recipient}[/]{shown} (sanctions as of {answer.as_of})")
    if not answer.suppliers:
        out.print("  none found")
    for sup in answer.suppliers:
        statuses = ", ".join(f"{s.value} {n}" for s, n in sup.status_counts.items())
        span = f", {sup.first_date or '?'}..{sup.last_date or '?'}" if sup.first_date or sup.last_date else ""
        out.print(f"\n[bold cyan]{sup.name}[/] ({sup.id}): {sup.transfer_count} transfers ({statuses}){span}")
        for reg in sup.sanctioned_by:
            out.print(
                f"  [red]sanctioned[/] by {reg.issuer.value}: {reg.name} — {'; '.join(reg.legal_basis)}"
                f" (since {reg.start})"
            )
        for t in sup.transfers:
            what = t.designation or t.category.value
            out.print(
                f"  → {what}: [bold]{t.status.value}[/], confidence {t.confidence:.2f},"
                f" {t.date_from or '?'}..{t.date_to or '?'}"
            )
            for e in t.evidence:
                who = f" [{e.claimant}]" if e.claimant else ""
                out.print(f"      “{e.quote}”{who}", highlight=False)
        if sup.transfer_count > len(sup.transfers):
            out.print(
                f"  [dim]… {sup.transfer_count - len(sup.transfers)} more: "
                f"skg query transfers --supplier {sup.id} --recipient {answer.recipient}[/]"
            )


@query_app.command("transfers")
def query_transfers(
    supplier: Annotated[str | None, typer.Option(help="Supplier id.")] = None,
    recipient: Annotated[str | None, typer.Option(help="Recipient id.")] = None,
    actor: Annotated[str | None, typer.Option(help="Either end.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0)] = 0.0,
    source_kind: Annotated[SourceKind | None, typer.Option("--source-kind")] = None,
    status: Annotated[list[TransferStatus] | None, typer.Option(help="Statuses (default: all but denied).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 100,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    known_as_of: KnownOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Transfers from a supplier, to a recipient or touching an actor, oldest first (one page)."""
    from graph.queries import AFFIRMATIVE, transfers

    answer = _ask(
        store,
        lambda s: transfers(
            s,
            supplier=supplier,
            recipient=recipient,
            actor=actor,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            statuses=tuple(status) if status else AFFIRMATIVE,
            min_confidence=min_confidence,
            source_kind=source_kind,
            limit=limit,
            offset=offset,
            known_as_of=_date(known_as_of, "--known-as-of"),
        ),
    )
    if as_json:
        _print_json(answer)
        return
    if not answer.transfers:
        out.print("none found")
    for t in answer.transfers:
        what = t.designation or t.category.value
        out.print(
            f"{t.supplier} → {t.recipient} {what}: [bold]{t.status.value}[/], confidence {t.confidence:.2f},"
            f" {t.date_from or '?'}..{t.date_to or '?'}  [dim]{t.id}[/]"
        )
    if answer.next_cursor:
        out.print(f"[dim]more: --offset {answer.next_cursor}[/]")


@query_app.command("sanctioned")
def query_sanctioned(
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date (default today).")] = None,
    issuer: IssuerOpt = None,
    known_as_of: KnownOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """States and groups under an arms embargo on a date, with the regimes (as recorded by --known-as-of)."""
    from graph.queries import sanctioned

    known = _date(known_as_of, "--known-as-of")
    answer = _ask(store, lambda s: sanctioned(s, _date(as_of, "--as-of"), issuer, known))
    if as_json:
        _print_json(answer)
        return
    title = f"under an arms embargo on {answer.as_of}" + (f" ({issuer.value})" if issuer else "")
    table = Table(title=title + (f", as known on {known}" if known else ""))
    for col in ("id", "name", "regimes"):
        table.add_column(col)
    for a in answer.actors:
        table.add_row(a.id, a.name, "\n".join(f"{r.issuer.value}: {r.name}" for r in a.regimes))
    out.print(table)


@query_app.command("violations")
def query_violations(
    recipient: Annotated[str | None, typer.Option(help="Recipient actor id.")] = None,
    supplier: Annotated[str | None, typer.Option(help="Supplier actor id.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    issuer: IssuerOpt = None,
    include: Annotated[
        list[str] | None,
        typer.Option("--include", help="Also list these verdicts: possible, compliant (repeatable)."),
    ] = None,
    known_as_of: KnownOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Transfers that breach an embargo in force on their date, each with its verdict and explanation.
    `--include possible` adds the transfers whose verdict hinges on an unknown (named in the explanation)."""
    from graph.model import Verdict
    from graph.queries import violations

    try:
        extra = tuple(Verdict(v.strip().lower()) for x in include or [] for v in x.split(",") if v.strip())
    except ValueError as exc:
        err.print(f"[red]--include: {exc} (use possible or compliant)[/]")
        raise typer.Exit(2) from exc
    answer = _ask(
        store,
        lambda s: violations(
            s,
            known_as_of=_date(known_as_of, "--known-as-of"),
            recipient=recipient,
            supplier=supplier,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            issuer=issuer,
            include=extra,
        ),
    )

    if as_json:
        _print_json(answer)
        return
    counts = ", ".join(f"{answer.counts.get(v, 0)} {v.value}" for v in Verdict)
    out.print(f"[bold]{answer.counts.get(Verdict.VIOLATION, 0)} violations[/] (verdicts: {counts})")
    colour = {Verdict.VIOLATION: "red", Verdict.POSSIBLE: "yellow", Verdict.COMPLIANT: "green"}
    for v in answer.violations:
        t = v.transfer
        out.print(
            f"\n[bold]{t.supplier} → {t.recipient}[/] {t.designation or t.category.value} ({t.status.value})"
            f" — [{colour[v.verdict]}]{v.verdict.value}[/] {v.regime.issuer.value}: {v.regime.name} ({v.clause})"
        )
        out.print(f"  {v.explanation}", highlight=False)
        for e in t.evidence[:2]:
            out.print(f"  “{e.quote}”", highlight=False)


def eval_violations(
    cases: Path, sipri: Path | None, cache: Path | None, register_stats: bool, top: int, as_json: bool
) -> None:
    """Recall on documented violations and false positives on documented non-violations, judged on the SIPRI
    transfers of each case's pair and years (or a transfer built from the case), with every miss explained."""
    from graph.benchmark import evaluate, load_cases, register_flags, sipri_store
    from graph.queries import AFFIRMATIVE, judge_transfers
    from graph.reference import load_regimes
    from graph.store import TransferFilter

    settings = get_settings()
    register = sipri or settings.shared_dir / "data" / "sipri" / "trade-register-2026-05-18-legacy16.csv"
    if not cases.is_file():
        err.print(f"[red]{cases}: no such file[/]")
        raise typer.Exit(2)
    loaded, rejected = load_cases(cases)
    for r in rejected:
        err.print(f"[yellow]skipped[/] {r}")
    if not loaded:  # a score over no case would read as a perfect one
        err.print(f"[bold red]error:[/] {cases}: no valid case ({len(rejected)} line(s) skipped)")
        raise typer.Exit(1)
    try:
        store = sipri_store(register, cache or settings.eval_cache_dir)
    except (FileNotFoundError, SkgError) as exc:
        err.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    regimes = load_regimes()
    report = evaluate(store, loaded, regimes)
    flagged_v = sum(r.flagged for r in report.results if r.case.expected.value == "violation")
    flagged_c = sum(r.flagged for r in report.results if r.case.expected.value == "compliant")
    doc: dict[str, Any] = {
        "cases": len(report.results),
        "rejected": rejected,
        "violations": report.violations,
        "violations_flagged": flagged_v,
        "recall": round(report.recall, 4),
        "non_violations": report.non_violations,
        "non_violations_flagged": flagged_c,
        "false_positive_rate": round(report.false_positive_rate, 4),
        "misses": [
            {
                "id": r.case.id,
                "expected": r.case.expected.value,
                "flagged": r.flagged,
                "basis": r.basis,
                "verdicts": [
                    {"verdict": v.verdict.value, "measure": v.regime.name, "explanation": v.explanation}
                    for v in r.verdicts[:3]
                ],
            }
            for r in report.misses
        ],
    }
    if register_stats:
        transfers = store.transfers(TransferFilter(statuses=AFFIRMATIVE))
        actors = {a.id: a for a in store.actors()}
        by_verdict, pairs = register_flags(
            judge_transfers(transfers, regimes, actors), {a.id: a.name for a in actors.values()}
        )
        doc["register"] = {
            "transfers": len(transfers),
            "flagged_transfers": sum(pairs.values()),
            "verdicts": [{"verdict": v, "issuer": i, "count": n} for (v, i), n in sorted(by_verdict.items())],
            "top_pairs": [{"supplier": s, "recipient": r, "flagged": n} for (s, r), n in pairs.most_common(top)],
        }
    if as_json:
        _print_json(doc)
        return
    out.print(
        f"[bold]{len(report.results)} cases[/] ({len(rejected)} lines skipped): recall {flagged_v}/{report.violations}"
        f" = {report.recall:.3f} on documented violations; false positives {flagged_c}/{report.non_violations}"
        f" = {report.false_positive_rate:.3f} on documented non-violations"
    )
    for miss in report.misses:
        kind = "missed violation" if miss.case.expected.value == "violation" else "false positive"
        out.print(
            f"\n[red]{kind}[/] [bold]{miss.case.id}[/]: {miss.case.supplier} → {miss.case.recipient} "
            f"{miss.case.years[0]}-{miss.case.years[1]} ({miss.case.issuer.value if miss.case.issuer else '?'}: "
            f"{miss.case.measure or '?'}) judged on {miss.basis}",
            highlight=False,
        )
        if not miss.verdicts:
            out.print("  no measure in the model concerns this pair in those years", highlight=False)
        for v in miss.verdicts[:3]:
            out.print(f"  [{v.verdict.value}] {v.explanation}", highlight=False)
    if register_stats:
        reg = doc["register"]
        out.print(
            f"\n[bold]Whole register[/]: {reg['transfers']} transfers, {reg['flagged_transfers']} with a violation"
        )
        table = Table(title="verdicts (transfer x measure) by issuer")
        for col in ("verdict", "issuer", "count"):
            table.add_column(col)
        for row in reg["verdicts"]:
            table.add_row(row["verdict"], row["issuer"], str(row["count"]))
        out.print(table)
        pairs_table = Table(title=f"{top} pairs with most transfers flagged")
        for col in ("supplier", "recipient", "flagged"):
            pairs_table.add_column(col)
        for row in reg["top_pairs"]:
            pairs_table.add_row(row["supplier"], row["recipient"], str(row["flagged"]))
        out.print(pairs_table)


@query_app.command("paths")
def query_paths(
    source: Annotated[str, typer.Argument(help="Where the arms start (actor id).")],
    target: Annotated[str, typer.Argument(help="Where they end up (actor id).")],
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=6)] = 3,
    time_ordered: Annotated[bool, typer.Option("--time-ordered", help="Hops must follow each other in time.")] = False,
    min_confidence: Annotated[float, typer.Option("--min-confidence", min=0.0, max=1.0)] = 0.0,
    limit: Annotated[int, typer.Option(min=1, max=500)] = 20,
    known_as_of: KnownOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Supply chains from SOURCE to TARGET through intermediaries, shortest first."""
    from graph.queries import paths

    answer = _ask(
        store,
        lambda s: paths(
            s,
            source,
            target,
            max_hops=max_hops,
            time_ordered=time_ordered,
            min_confidence=min_confidence,
            limit=limit,
            known_as_of=_date(known_as_of, "--known-as-of"),
        ),
    )

    if as_json:
        _print_json(answer)
        return
    out.print(f"[bold]{len(answer.paths)} paths {source} → {target}[/] (≤ {max_hops} hops)")
    for p in answer.paths:
        hops = ", ".join(
            f"{h.transfer.designation or h.transfer.category.value} {h.transfer.date_from or '?'}" for h in p.hops
        )
        out.print(f"  {' → '.join(p.actors)}  [dim](weakest confidence {p.min_confidence:.2f}; {hops})[/]")


@query_app.command("actor")
def query_actor(
    actor_id: Annotated[str, typer.Argument(help="Actor id.")],
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    known_as_of: KnownOpt = None,
    store: StoreOpt = None,
) -> None:
    """Everything known about one actor (JSON): regimes, listings, transfers by year, counterparts, sources."""
    from graph.queries import actor_profile

    known = _date(known_as_of, "--known-as-of")
    _print_json(_ask(store, lambda s: actor_profile(s, actor_id, _date(as_of, "--as-of"), known)))


@query_app.command("evidence")
def query_evidence(
    transfer_id: Annotated[str, typer.Argument()], known_as_of: KnownOpt = None, store: StoreOpt = None
) -> None:
    """Every source, quote, claimant and status for one transfer (JSON), and what it breaches."""
    from graph.queries import evidence

    _print_json(_ask(store, lambda s: evidence(s, transfer_id, _date(known_as_of, "--known-as-of"))))


@query_app.command("timeline")
def query_timeline(
    actor_id: Annotated[str, typer.Argument()],
    known_as_of: KnownOpt = None,
    store: StoreOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Transfers, regime changes and listings touching an actor, in date order."""
    from graph.queries import timeline

    answer = _ask(store, lambda s: timeline(s, actor_id, _date(known_as_of, "--known-as-of")))
    if as_json:
        _print_json(answer)
        return
    for e in answer.events:
        out.print(f"{e.date}  [dim]{e.kind:<20}[/] {e.text}", highlight=False)


@app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", help="turtle, jsonld, graphml or gexf")] = "turtle",
    actor: Annotated[str | None, typer.Option(help="Only the subgraph around this actor.")] = None,
    hops: Annotated[int, typer.Option(min=0, max=4)] = 1,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File (default stdout).")] = None,
    known_as_of: KnownOpt = None,
    store: StoreOpt = None,
) -> None:
    """Export the graph (or a subgraph) as RDF (Turtle, JSON-LD), GraphML or GEXF (as known on a day)."""
    from graph.exports import export_bytes
    from graph.known_as_of import as_known

    known = _date(known_as_of, "--known-as-of")
    data = _ask(store, lambda s: export_bytes(as_known(s, known), fmt, actor, hops))
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"wrote {len(data):,} bytes to {output}")


# -- demo, serve, neo4j ----------------------------------------------------------------------------------------------


@app.command()
def demo(store: StoreOpt = None) -> None:
    """Ingest the founding article (and the sample data) into the store and answer the founding question."""
    from api.demo import run_demo

    _run(lambda: run_demo(store, out, err))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
    store: StoreOpt = None,
) -> None:
    """Run the REST API (and the graph browser) on 127.0.0.1."""
    import uvicorn

    from api.app import create_app

    settings = get_settings()
    uvicorn.run(create_app(store), host=host or settings.host, port=port or settings.port, log_level="info")


@app.command()
def stats(store: StoreOpt = None) -> None:
    """How many actors, transfers, sources and regimes the store holds."""
    _print_json(_ask(store, lambda s: s.counts()))


@neo4j_app.command("fetch")
def neo4j_fetch() -> None:
    """Resolve the Neo4j server and Browser jars from Maven Central into the cache (no-op when cached)."""
    from graph import neo4j_local

    cfg = neo4j_local.Neo4jConfig.from_settings(get_settings())
    lib = _run(lambda: neo4j_local.ensure_jars(cfg, progress=lambda line: err.print(f"[dim]{line}[/]")))
    out.print(f"Neo4j {cfg.version} jars in {lib}")


@neo4j_app.command("start")
def neo4j_start() -> None:
    """Resolve the Neo4j jars (first time: ~140 MB from Maven Central) and start the server on loopback."""
    from graph import neo4j_local

    cfg = neo4j_local.Neo4jConfig.from_settings(get_settings())
    proc = _run(lambda: neo4j_local.start(cfg))
    out.print(f"Neo4j running (pid {proc.pid}): {proc.bolt_uri}  browser: {proc.http_url}/browser/")
    out.print(f"use it with: SKG_STORE={proc.bolt_uri.replace('bolt://', 'neo4j://')} skg ...")


@neo4j_app.command("migrate")
def neo4j_migrate(store: StoreOpt = None) -> None:
    """Bring a Neo4j database written by an earlier version up to date (constraints, indexes, pair keys and
    SUPPLIES aggregates); does nothing when it already is."""
    _ask(store, lambda s: s.ensure_schema())
    out.print("schema and derived data up to date")


@neo4j_app.command("stop")
def neo4j_stop() -> None:
    """Stop the local Neo4j server."""
    from graph import neo4j_local

    stopped = _run(lambda: neo4j_local.stop(neo4j_local.Neo4jConfig.from_settings(get_settings())))
    out.print("stopped" if stopped else "not running")


@neo4j_app.command("status")
def neo4j_status() -> None:
    """Whether the local Neo4j server runs, and where."""
    from graph import neo4j_local

    st = neo4j_local.status(neo4j_local.Neo4jConfig.from_settings(get_settings()))
    out.print(f"running (pid {st.pid}): {st.bolt_uri}  {st.http_url}/browser/" if st.running else "not running")
    if not st.running:
        raise typer.Exit(3)


from api.sync_cli import sync as _sync  # noqa: E402  (its own module: keeps this file's hunk to two lines)

app.command("sync")(_sync)

from api.changes_cli import changes as _changes  # noqa: E402  (the change feed and watch-lists: issue 16)
from api.changes_cli import watches_app as _watches_app  # noqa: E402

app.command("changes")(_changes)
app.add_typer(_watches_app, name="watches")


def main() -> None:  # pragma: no cover - console entry point
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
