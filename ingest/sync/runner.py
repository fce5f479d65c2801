"""Bring configured sources up to date: once (`skg sync`), on schedule (`skg sync --watch`, SKG_SYNC=on).

Each source kind goes through the project's ordinary ingest functions: article sources through trafilatura
(`document_from_html`), the extractor and `document_records`; registers through `ingest.registers`; FtM deltas
through `ingest.ftm.parse_ftm`. Articles are committed in batches of `ARTICLE_BATCH`: the store first, then the
sync state (see ingest/sync/state.py for why that order makes a killed sync safe to re-run).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from graph.errors import InvalidInput, SkgError
from graph.store import GraphStore
from ingest.pipeline import IngestReport, ingest, load_reference
from ingest.records import Records, Rejected
from ingest.sync.feeds import FeedItem, parse_feed
from ingest.sync.fetch import Fetcher, FetchError
from ingest.sync.sources import SourceConfig, SourceKindName, SourcesFile
from ingest.sync.state import (
    MAX_ITEM_TRIES,
    SourceState,
    StateStore,
    normalize_url,
    now,
    state_store_for,
    text_hash,
)

__all__ = [
    "ARTICLE_BATCH",
    "SyncReport",
    "SyncScheduler",
    "due_sources",
    "iter_lines",
    "start_scheduler",
    "sync_sources",
    "watch",
]

#: Articles fetched and extracted per store commit + state save: what a kill can cost to redo.
ARTICLE_BATCH = 100
#: Child sitemaps read from one sitemap index (a runaway index must not turn a sync into a crawl).
MAX_CHILD_SITEMAPS = 50


@dataclass
class SyncReport:
    """What one source's sync did; `line()` is the one-line summary the CLI prints."""

    source: str
    kind: str
    status: str = "ok"  # ok | not modified | partial | failed
    listed: int = 0
    ingested: int = 0
    duplicates: int = 0
    already_seen: int = 0
    robots_disallowed: int = 0
    versions: int = 0
    error: str | None = None
    rejected: list[Rejected] = field(default_factory=list)
    transfers_added: int = 0
    transfers_updated: int = 0
    actors_added: int = 0
    deleted: int = 0
    #: Actors a list dropped (FtM DEL, an entry gone from the UN list): given an end date, not deleted.
    delisted: int = 0
    seconds: float = 0.0

    def absorb(self, rep: IngestReport) -> None:
        self.transfers_added += rep.transfers.added
        self.transfers_updated += rep.transfers.updated
        self.actors_added += rep.actors.added
        self.deleted += rep.deleted
        self.delisted += rep.delisted
        self.rejected.extend(rep.rejected)

    def line(self) -> str:
        if self.status == "failed":
            return f"{self.source} ({self.kind}): FAILED: {self.error}"
        parts = [f"{self.source} ({self.kind}): {self.status}"]
        if self.listed:
            parts.append(f"{self.listed} listed")
        if self.versions:
            parts.append(f"{self.versions} delta version(s)")
        parts.append(f"{self.ingested} ingested")
        if self.already_seen:
            parts.append(f"{self.already_seen} already seen")
        if self.duplicates:
            parts.append(f"{self.duplicates} duplicate text")
        if self.robots_disallowed:
            parts.append(f"{self.robots_disallowed} disallowed by robots.txt")
        parts.append(f"transfers +{self.transfers_added} ~{self.transfers_updated}")
        if self.deleted:
            parts.append(f"{self.deleted} deleted")
        if self.delisted:
            parts.append(f"{self.delisted} delisted")
        if self.rejected:
            parts.append(f"{len(self.rejected)} rejected")
        if self.error:
            parts.append(f"error: {self.error}")
        return ", ".join(parts) + f" ({self.seconds:.1f} s)"

    def to_json(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "rejected"}
        data["rejected"] = [{"where": r.where, "reason": r.reason} for r in self.rejected]
        return data


#: Called after each commit (store write + state save) with the source's state: where a change feed hooks in.
OnCommit = Callable[[SourceState, IngestReport | None], None]


@dataclass
class _Context:
    store: GraphStore
    states: StateStore
    fetcher: Fetcher
    on_commit: OnCommit | None = None

    def commit(self, state: SourceState, rep: IngestReport | None) -> None:
        self.states.save(state)
        if self.on_commit is not None:
            self.on_commit(state, rep)


def sync_sources(
    store: GraphStore,
    config: SourcesFile,
    names: list[str] | None = None,
    states: StateStore | None = None,
    on_commit: OnCommit | None = None,
    on_report: Callable[[SyncReport], None] | None = None,
) -> list[SyncReport]:
    """Sync the named sources (default: every enabled one) once; one failing source never stops the others."""
    selected = config.select(names)
    states = states or state_store_for(store)
    load_reference(store)  # regimes first, so news and register transfers can be judged
    reports: list[SyncReport] = []
    with Fetcher(config.fetch) as fetcher:
        ctx = _Context(store, states, fetcher, on_commit)
        for src in selected:
            report = sync_one(ctx, src)
            reports.append(report)
            if on_report is not None:
                on_report(report)
    return reports


def sync_one(ctx: _Context, src: SourceConfig) -> SyncReport:
    report = SyncReport(source=src.name, kind=src.kind.value)
    started = time.perf_counter()
    state = ctx.states.load(src.name)
    state.last_attempt = now()
    try:
        if src.kind.articles:
            _sync_articles(ctx, src, state, report)
        elif src.kind is SourceKindName.FTM:
            _sync_ftm(ctx, src, state, report)
        else:
            _sync_register(ctx, src, state, report)
        state.last_error = report.error
        if report.status in ("ok", "not modified"):
            state.last_success = state.last_attempt
    except (FetchError, SkgError, OSError, ValueError) as exc:
        report.status = "failed"
        report.error = str(exc)
        state.last_error = report.error
    ctx.commit(state, None)
    report.seconds = time.perf_counter() - started
    return report


# --- articles -----------------------------------------------------------------------------------------------


def _list_items(
    ctx: _Context, src: SourceConfig, state: SourceState, report: SyncReport
) -> tuple[list[FeedItem], tuple[str | None, str | None] | None]:
    """The source's article links, and the validators to save once they are all processed (None: 304)."""
    if src.kind is SourceKindName.URLS:
        return [FeedItem(u) for u in src.urls], (None, None)
    assert src.url is not None
    fetched = ctx.fetcher.get(src.url, state.etag, state.last_modified)
    if fetched.not_modified:
        return [], None
    items: list[FeedItem] = []
    children = 0
    for item in parse_feed(fetched.body, src.url):
        if isinstance(item, Rejected):
            report.rejected.append(item)
        elif item.is_sitemap:
            children += 1
            if children > MAX_CHILD_SITEMAPS:
                report.rejected.append(Rejected(item.url, f"more than {MAX_CHILD_SITEMAPS} child sitemaps"))
                continue
            try:
                child = ctx.fetcher.get(item.url)
                for sub in parse_feed(child.body, item.url):
                    if isinstance(sub, Rejected):
                        report.rejected.append(sub)
                    elif not sub.is_sitemap:
                        items.append(sub)
            except (FetchError, InvalidInput) as exc:
                report.rejected.append(Rejected(item.url, str(exc)))
        else:
            items.append(item)
    return items, (fetched.etag, fetched.last_modified)


def _decode_html(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


@dataclass
class _Fetched:
    item: FeedItem
    key: str
    body: bytes | None = None
    error: FetchError | None = None
    disallowed: bool = False


def _fetch_article(fetcher: Fetcher, item: FeedItem, key: str) -> _Fetched:
    if not fetcher.allowed(item.url):
        return _Fetched(item, key, disallowed=True)
    try:
        return _Fetched(item, key, body=fetcher.get(item.url).body)
    except FetchError as exc:
        return _Fetched(item, key, error=exc)


def _chunks(items: list[tuple[FeedItem, str]], size: int) -> Iterator[list[tuple[FeedItem, str]]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _sync_articles(ctx: _Context, src: SourceConfig, state: SourceState, report: SyncReport) -> None:
    from ingest.news import document_records, get_extractor
    from ingest.news.documents import document_from_html

    items, validators = _list_items(ctx, src, state, report)
    if validators is None:
        report.status = "not modified"
    report.listed = len(items)
    todo: list[tuple[FeedItem, str]] = []
    queued: set[str] = set()
    listed = len(items)
    for n, item in enumerate([*items, *(FeedItem(u) for u in state.pending)]):
        key = normalize_url(item.url)
        if key in queued:
            continue
        if key in state.seen_urls or key in state.failed:
            report.already_seen += n < listed
            continue
        queued.add(key)
        todo.append((item, key))
    extractor = get_extractor() if todo else None
    workers = min(16, ctx.fetcher.policy.per_host * 4)
    batches = list(_chunks(todo, ARTICLE_BATCH))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="skg-fetch") as pool:

        def submit(n: int) -> list[Future[_Fetched]]:
            batch = batches[n] if n < len(batches) else []
            return [pool.submit(_fetch_article, ctx.fetcher, item, key) for item, key in batch]

        upcoming = submit(0)
        for n in range(len(batches)):
            # The next batch downloads while this one is extracted and written.
            current, upcoming = upcoming, submit(n + 1)
            records: list[Records | Rejected] = []
            new_urls: set[str] = set()
            new_hashes: set[str] = set()
            for got in (f.result() for f in current):
                if got.disallowed:
                    report.robots_disallowed += 1
                    state.pending.pop(got.key, None)
                    continue
                if got.error is not None:
                    _item_failed(state, got.key, got.error.reason, got.error.permanent, report)
                    continue
                assert got.body is not None
                doc = document_from_html(_decode_html(got.body), got.key, got.item.published, got.item.url)
                if isinstance(doc, Rejected):
                    _item_failed(state, got.key, doc.reason, True, report)
                    continue
                doc = replace(doc, lang=src.language or doc.lang, site=src.publisher or doc.site)
                digest = text_hash(doc.text)
                state.pending.pop(got.key, None)
                new_urls.add(got.key)
                if digest in state.seen_hashes or digest in new_hashes:
                    report.duplicates += 1
                    continue
                new_hashes.add(digest)
                assert extractor is not None
                try:
                    records.append(document_records(doc, extractor.extract_document(doc)))
                except Exception as exc:  # one bad article never stops a batch
                    records.append(Rejected(got.item.url, f"extraction failed: {type(exc).__name__}: {exc}"))
                    continue
                report.ingested += 1
            rep = ingest(ctx.store, records, name=f"sync {src.name}") if records else None
            if rep is not None:
                report.absorb(rep)
            state.seen_urls |= new_urls
            state.seen_hashes |= new_hashes
            ctx.commit(state, rep)
    if validators is not None and src.kind is not SourceKindName.URLS:
        state.etag, state.last_modified = validators
    if state.pending:
        report.status = "partial"
        report.error = f"{len(state.pending)} article(s) to retry next sync"


def _item_failed(state: SourceState, key: str, reason: str, permanent: bool, report: SyncReport) -> None:
    tries = state.pending.pop(key, 0) + 1
    if permanent or tries >= MAX_ITEM_TRIES:
        state.failed[key] = reason
        report.rejected.append(Rejected(key, reason if permanent else f"{reason}; given up after {tries} syncs"))
    else:
        state.pending[key] = tries
        report.rejected.append(Rejected(key, f"{reason}; will retry next sync"))


# --- registers and FtM ----------------------------------------------------------------------------------------

_REGISTER = {SourceKindName.UN_LIST: ("un-list", ".xml"), SourceKindName.SIPRI: ("sipri", ".csv")}


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _ingest_file(ctx: _Context, kind: str, path: Path, name: str) -> IngestReport:
    from ingest.registers import open_register

    return ingest(ctx.store, open_register(kind, path), name=name)


def _sync_register(ctx: _Context, src: SourceConfig, state: SourceState, report: SyncReport) -> None:
    kind, suffix = _REGISTER[src.kind]
    with tempfile.TemporaryDirectory(prefix="skg-sync-") as tmp:
        if src.path is not None:
            path = src.path
            validators: tuple[str | None, str | None] = (None, None)
        else:
            assert src.url is not None
            path = Path(tmp) / f"{src.name}{suffix}"
            fetched = ctx.fetcher.download(src.url, path, state.etag, state.last_modified, src.max_bytes)
            if fetched.not_modified:
                report.status = "not modified"
                return
            validators = (fetched.etag, fetched.last_modified)
        digest = _file_hash(path)
        if digest != state.cursor:  # a server without validators may send the same file again
            report.absorb(_ingest_file(ctx, kind, path, f"sync {src.name}"))
            report.ingested = 1
        else:
            report.status = "not modified"
    state.cursor = digest
    state.etag, state.last_modified = validators


def _sync_ftm(ctx: _Context, src: SourceConfig, state: SourceState, report: SyncReport) -> None:
    """OpenSanctions' delta protocol: the index (`{"versions": {VERSION: URL}}`, versions sorting in time order)
    lists recent delta files of ADD/MOD/DEL lines; every version after the cursor is applied in order and the
    cursor moves after each. Without a cursor, or when the cursor is older than the index reaches back, the full
    file (`full_url`) is loaded first and the cursor set to the newest version."""
    assert src.url is not None
    fetched = ctx.fetcher.get(src.url, state.etag, state.last_modified)
    if fetched.not_modified:
        report.status = "not modified"
        return
    try:
        data = json.loads(fetched.body)
        versions = data["versions"]
        if not isinstance(versions, dict) or not all(isinstance(v, str) for v in versions.values()):
            raise TypeError("'versions' is not an object of version → URL")
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f"{src.url}: not an FtM delta index ({exc})") from exc
    ordered = sorted(versions)
    gap = state.cursor is None or (bool(ordered) and state.cursor < ordered[0])
    with tempfile.TemporaryDirectory(prefix="skg-sync-") as tmp:
        if gap and src.full_url is not None and ordered:
            path = Path(tmp) / "entities.ftm.json"
            ctx.fetcher.download(src.full_url, path, max_bytes=src.max_bytes)
            rep = _ingest_file(ctx, "ftm", path, f"sync {src.name} (full)")
            report.absorb(rep)
            report.ingested += 1
            state.cursor = ordered[-1]
            ctx.commit(state, rep)
        for version in ordered:
            if state.cursor is not None and version <= state.cursor:
                continue
            path = Path(tmp) / f"{version}.delta.json"
            ctx.fetcher.download(urljoin(src.url, versions[version]), path, max_bytes=src.max_bytes)
            rep = _ingest_file(ctx, "ftm", path, f"sync {src.name} {version}")
            report.absorb(rep)
            report.versions += 1
            report.ingested += 1
            state.cursor = version
            ctx.commit(state, rep)  # a kill after this resumes at the next version
    state.etag, state.last_modified = fetched.etag, fetched.last_modified


# --- schedule -------------------------------------------------------------------------------------------------


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def due_sources(config: SourcesFile, states: StateStore, at: datetime | None = None) -> list[SourceConfig]:
    """The enabled sources whose last attempt is older than their schedule's interval (or that never ran)."""
    at = at or datetime.now(UTC)
    due = []
    for src in config.select(None):
        last = _parse_time(states.load(src.name).last_attempt)
        if last is None or last + src.interval <= at:
            due.append(src)
    return due


def _next_wait(config: SourcesFile, states: StateStore) -> float:
    waits = []
    at = datetime.now(UTC)
    for src in config.select(None):
        last = _parse_time(states.load(src.name).last_attempt)
        waits.append(0.0 if last is None else (last + src.interval - at).total_seconds())
    return max(1.0, min(waits, default=3600.0))


def watch(
    store: GraphStore,
    config: SourcesFile,
    stop: threading.Event,
    on_report: Callable[[SyncReport], None] | None = None,
    states: StateStore | None = None,
) -> None:
    """Sync each source when its schedule says, until `stop` is set."""
    states = states or state_store_for(store)
    while not stop.is_set():
        try:
            names = [s.name for s in due_sources(config, states)]
            if names:
                sync_sources(store, config, names, states, on_report=on_report)
            wait = _next_wait(config, states)
        except SkgError as exc:  # the store is down, say: try again later rather than end the schedule
            if on_report is not None:
                on_report(SyncReport(source="*", kind="schedule", status="failed", error=str(exc)))
            wait = 60.0
        stop.wait(wait)


class SyncScheduler:
    """`watch` in a daemon thread, for the API server (SKG_SYNC=on)."""

    def __init__(self, store: GraphStore, config: SourcesFile, on_report: Callable[[SyncReport], None] | None = None):
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=watch, args=(store, config, self._stop, on_report), name="skg-sync", daemon=True
        )

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)


def start_scheduler(store: GraphStore, sources: Path) -> Callable[[], None]:
    """Start syncing the sources of `sources` on their schedules in the background; returns the stop function."""
    from ingest.sync.sources import load_sources

    scheduler = SyncScheduler(store, load_sources(sources))
    scheduler.start()
    return scheduler.stop


def iter_lines(reports: Iterable[SyncReport]) -> Iterator[str]:
    for r in reports:
        yield r.line()
        for rej in r.rejected[:20]:
            yield f"  rejected {rej.where}: {rej.reason}"
        if len(r.rejected) > 20:
            yield f"  ... and {len(r.rejected) - 20} more rejected"
