"""`skg demo` / `./run demo`: ingest the founding article (or the project's own sample) and answer the question
"which sanctioned states supply Russia", with the regimes and the quoted evidence."""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path

from rich.console import Console

from graph.backends import open_store
from graph.model import SupplierSummary
from graph.queries import MAX_PER_SUPPLIER, suppliers
from graph.settings import get_settings
from graph.store import GraphStore
from graph.vocab import SourceKind
from ingest.pipeline import IngestReport, ingest, load_reference, news_records

__all__ = ["run_demo"]

#: The founding article has no date of its own: the NYT report it relays ran on Tuesday 6 September 2022,
#: and the aggregator's copy the day after.
SEED_PUBLISHED = date(2022, 9, 7)


def _sample_article() -> Path:
    return Path(str(files("ingest.samples").joinpath("pariah-suppliers-en.txt")))


def run_demo(store_uri: str | None, out: Console, err: Console) -> None:
    settings = get_settings()
    shared = settings.shared_dir
    seed = shared / "seed" / "russia-north-korea-arms-fr.txt"
    article = seed if seed.exists() else _sample_article()
    if not seed.exists():
        err.print(f"[yellow]{seed} not found: using the project's own sample article {article.name}[/]")
    store = open_store(store_uri)
    try:
        store.ping()
        reports: list[IngestReport] = [load_reference(store)]
        reports.append(ingest(store, news_records([article], SEED_PUBLISHED), name=f"news: {article.name}"))
        reports.extend(_registers(store, shared))
        for r in reports:
            w = r.transfers
            err.print(
                f"[dim]{r.name}: {r.read} records, transfers +{w.added} ~{w.updated} ={w.unchanged},"
                f" rejected {len(r.rejected)}[/]"
            )
        # the demo graph is small: list every transfer of each supplier, suppliers by name
        answer = suppliers(store, "RU", sanctioned=True, per_supplier=MAX_PER_SUPPLIER, limit=None)
        by_name = sorted(answer.suppliers, key=lambda s: s.name)
        from_news = [s for s in by_name if SourceKind.NEWS in s.source_kinds]
        register_only = [s for s in by_name if SourceKind.NEWS not in s.source_kinds]
        out.print(f"\n[bold]Which sanctioned states supply Russia?[/] (regimes in force on {answer.as_of})")
        out.print(f"From the article: [bold]{', '.join(s.name for s in from_news) or 'none'}[/]")
        for sup in from_news:
            _print_supplier(out, sup)
        if register_only:
            out.print(
                f"\n[bold]Also in the SIPRI register[/] (no news report in this store): "
                f"{', '.join(s.name for s in register_only)}"
            )
            for sup in register_only:
                _print_supplier(out, sup)
        out.print(f"\nstore: {store.kind} {store_uri or settings.store} — {store.counts()}")
    finally:
        store.close()


def _print_supplier(out: Console, sup: SupplierSummary) -> None:
    sources = " + ".join(k.value for k in sup.source_kinds)
    out.print(f"\n[bold cyan]{sup.name}[/] ({sup.id}) — reported by {sources}")
    by_issuer: dict[str, list[str]] = {}
    for reg in sup.sanctioned_by:
        by_issuer.setdefault(reg.issuer.value, []).append(f"{reg.name} [dim]({'; '.join(reg.legal_basis)})[/]")
    for issuer in sorted(by_issuer):
        for line in by_issuer[issuer]:
            out.print(f"  [red]{issuer}[/] {line}")
    news = [t for t in sup.transfers if SourceKind.NEWS in t.source_kinds]
    for t in news or sup.transfers[:2]:
        what = t.designation or t.category.value
        out.print(f"  → {what}: [bold]{t.status.value}[/], confidence {t.confidence:.2f}")
        for e in t.evidence[:2]:
            claim = f" — {e.claimant}" if e.claimant else ""
            out.print(f"      “{e.quote}”{claim}", highlight=False)
    if sup.transfer_count > len(news) and news:
        out.print(f"  [dim](+{sup.transfer_count - len(news)} SIPRI register deals)[/]")


def _registers(store: GraphStore, shared: Path) -> list[IngestReport]:
    """Sample registers from ../shared/data, where present and where their parsers are available."""
    reports: list[IngestReport] = []
    sipri = shared / "data" / "sipri" / "excerpt-russia-imports-legacy16.csv"
    if sipri.exists():
        from ingest.sipri import parse_sipri

        reports.append(ingest(store, parse_sipri(sipri), name=f"sipri: {sipri.name}"))
    return reports
