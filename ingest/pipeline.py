"""Source → records → store, in batches, with an import report.

Parsers yield `Records | Rejected` per input record; this module batches them and writes actors, sources and
regimes before the transfers that refer to them. A rejected record is reported and skipped; the batch goes on.
A file is imported whole or not at all: `read_whole` / `read_news` parse and check a whole file before the
first write, so a broken file (truncated, mis-encoded, mostly junk) writes nothing.
Stores upsert idempotently, so re-ingesting a source reports everything as unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from graph.decisions import audit_entry
from graph.designations import DELISTED, delist
from graph.model import Actor, Regime, Source, Transfer
from graph.regime_history import stamp_recorded
from graph.store import GraphStore, WriteReport
from ingest.limits import BrokenFile, broken_reason, judge_file
from ingest.records import Records, Rejected

__all__ = [
    "IngestReport",
    "ingest",
    "ingest_path",
    "load_reference",
    "news_records",
    "read_news",
    "read_register",
    "read_whole",
]

#: Records buffered before a write: one store round trip per this many transfers.
BATCH = 5000


@dataclass
class IngestReport:
    """What an import did, per kind of record, and every rejected input record with its reason."""

    name: str
    read: int = 0
    actors: WriteReport = field(default_factory=WriteReport)
    sources: WriteReport = field(default_factory=WriteReport)
    regimes: WriteReport = field(default_factory=WriteReport)
    transfers: WriteReport = field(default_factory=WriteReport)
    deleted: int = 0
    #: Actors the source dropped (FtM DEL, an entry missing from a whole UN list): given an end, not deleted.
    delisted: int = 0
    rejected: list[Rejected] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        def part(w: WriteReport) -> dict[str, int]:
            return {"added": w.added, "updated": w.updated, "unchanged": w.unchanged}

        return {
            "name": self.name,
            "read": self.read,
            "actors": part(self.actors),
            "sources": part(self.sources),
            "regimes": part(self.regimes),
            "transfers": part(self.transfers),
            "deleted": self.deleted,
            "delisted": self.delisted,
            "rejected": [{"where": r.where, "reason": r.reason} for r in self.rejected],
        }


@dataclass
class _Buffer:
    actors: dict[str, Actor] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    regimes: dict[str, Regime] = field(default_factory=dict)
    transfers: list[Transfer] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)

    def add(self, rec: Records, day: date) -> None:
        self.actors.update((a.id, a) for a in rec.actors)
        self.sources.update((s.id, s) for s in rec.sources)
        self.regimes.update((r.id, stamp_recorded(r, day)) for r in rec.regimes)
        self.transfers.extend(stamp_ingested(t, day) for t in rec.transfers)
        self.deletions.extend(rec.deletions)

    def size(self) -> int:
        return len(self.transfers) + len(self.actors)


def stamp_ingested(t: Transfer, day: date) -> Transfer:
    """The transfer with `day` as the ingest day of its evidence that has none (the store keeps the first day it
    learned each piece: graph.model.merge_transfer)."""
    if all(e.ingested is not None for e in t.evidence):
        return t
    evidence = tuple(e if e.ingested is not None else e.model_copy(update={"ingested": day}) for e in t.evidence)
    return t.model_copy(update={"evidence": evidence})


def _write(store: GraphStore, buf: _Buffer, report: IngestReport, day: date) -> None:
    # Endpoints a transfer refers to but the batch does not carry must already be in the store.
    report.actors += store.upsert_actors(list(buf.actors.values()))
    report.sources += store.upsert_sources(list(buf.sources.values()))
    report.regimes += store.upsert_regimes(list(buf.regimes.values()))
    report.transfers += store.upsert_transfers(buf.transfers)
    if buf.deletions:  # nothing a list drops is deleted: the listing gets its end (graph/designations.py)
        report.delisted += delist(store, buf.deletions, day)


def _delist_absent(store: GraphStore, key: str, seen: set[str], day: date) -> int:
    """Delist the stored actors of a whole list (attribute `key`) that its new import does not carry."""
    gone = [a.id for a in store.actors() if key in a.attributes and a.id not in seen and DELISTED not in a.attributes]
    return delist(store, gone, day) if gone else 0


def ingest(
    store: GraphStore,
    items: Iterable[Records | Rejected],
    name: str,
    progress: Callable[[int], None] | None = None,
    who: str = "system",
    address: str | None = None,
    records: int | None = None,
    ingested: date | None = None,
) -> IngestReport:
    """Write every record of a source to the store; returns the report. `progress(n)` is called per record. An
    import that changed something is appended to the audit log as written by `who` (from `address`). `records`:
    how many `items` holds (default: len(items) if it has one), which tells Neo4j whether one transaction fits.
    `ingested` (default today) is the day the graph learns the evidence (the second time axis, known_as_of); an
    FtM DEL, or a whole UN list lacking an entry it had, delists the actor on the list's date (else that day).

    The whole source is one unit for readers (`store.atomic`): on Neo4j one transaction, so readers see the
    graph before it or after it, and a failure anywhere writes nothing. Neo4j may run it again from the start
    (a deadlock with a concurrent writer): the records read the first time are replayed."""
    store.ensure_schema()
    day = ingested or date.today()
    replay = _Replay(items)
    shown = [0]  # records reported to `progress`, over all runs

    def write_all(target: GraphStore) -> IngestReport:
        report = IngestReport(name=name)
        buf = _Buffer()
        complete: tuple[str, date] | None = None
        seen: set[str] = set()
        for item in replay:
            report.read += 1
            if isinstance(item, Rejected):
                report.rejected.append(item)
            else:
                buf.add(item, day)
                if item.complete_list is not None:
                    published = next((s.published for s in item.sources if s.published), None)
                    complete = (item.complete_list, published or day)
                seen.update(a.id for a in item.actors)
            if buf.size() >= BATCH:
                _write(target, buf, report, day)
                buf = _Buffer()
            if progress is not None and report.read > shown[0]:
                shown[0] = report.read
                progress(1)
        _write(target, buf, report, day)
        if complete is not None:
            report.delisted += _delist_absent(target, complete[0], seen, complete[1])
        changed = (
            report.deleted
            + report.delisted
            + sum(w.added + w.updated for w in (report.actors, report.sources, report.regimes, report.transfers))
        )
        if changed:
            detail = {k: v for k, v in report.to_json().items() if k != "rejected"} | {"rejected": len(report.rejected)}
            target.append_audit([audit_entry(who, "ingest", target=name, address=address, detail=detail)])
        return report

    if records is None:
        records = len(items) if isinstance(items, Sized) else 0
    report = store.atomic(write_all, records)
    store.flush()
    return report


class _Replay:
    """Iterates its items once from the source, then again from what it kept (memory: the records, which a file's
    size cap already bounds)."""

    def __init__(self, items: Iterable[Records | Rejected]) -> None:
        self._source = iter(items)
        self._kept: list[Records | Rejected] = []

    def __iter__(self) -> Iterator[Records | Rejected]:
        yield from self._kept
        for item in self._source:
            self._kept.append(item)
            yield item


def load_reference(store: GraphStore, who: str = "system", ingested: date | None = None) -> IngestReport:
    """Load the curated regimes and the actors they target (idempotent; cheap: a few hundred records). A measure
    new to the store is recorded on `ingested` (default today): `known_as_of` an earlier day leaves it out."""
    from graph.reference import load_regime_targets, load_regimes
    from ingest.resolve import state_actor

    regimes = load_regimes()
    targets = {a.id: a for a in load_regime_targets()}
    for r in regimes:
        if r.target not in targets and len(r.target) == 2:
            targets[r.target] = state_actor(r.target)
    records = Records(actors=tuple(targets.values()), regimes=tuple(regimes))
    return ingest(store, [records], name="reference regimes", who=who, ingested=ingested)


def read_whole(items: Iterable[Records | Rejected], name: str) -> list[Records | Rejected]:
    """Every record of one file, parsed and checked before anything is written (whole or nothing).

    Raises the parser's InvalidInput/BrokenFile for a file that is unreadable, truncated, mis-encoded or not its
    format, and BrokenFile when more than half of what it yields is rejected (ingest.limits.judge_file).
    Memory O(records), bounded by SKG_MAX_FILE_BYTES.
    """
    out = list(items)
    # the sources-only record a register yields first (its header) is not one of the file's records
    judge_file(name, [i for i in out if not _header(i)])
    return out


def _header(item: Records | Rejected) -> bool:
    return isinstance(item, Records) and not (item.actors or item.transfers or item.regimes or item.deletions)


def read_register(kind: str, path: Path) -> list[Records | Rejected]:
    """A register file's records, whole: see `read_whole`."""
    from ingest.registers import open_register

    return read_whole(open_register(kind, path), str(path))


def news_records(paths: Sequence[Path], published: date | None = None) -> Iterator[Records | Rejected]:
    """Articles under `paths` → one Records per article (its source, actors and claimed transfers).

    Each file is imported whole or not at all: a file most of whose documents are rejected (a JSONL file of
    junk, a binary or undecodable file) yields one `Rejected` with ``whole_file=True`` and nothing else."""
    from ingest.news import Document, document_records, get_extractor
    from ingest.news.documents import document_files, load_file

    def records(file: Path) -> Iterator[Records | Rejected]:
        for doc in load_file(file, published):
            if not isinstance(doc, Document):
                yield doc
                continue
            try:
                # the extractor (language models: seconds, hundreds of MB) loads at the first readable document
                yield document_records(doc, get_extractor().extract_document(doc))
            except Exception as exc:  # one bad document never stops a batch: report it and go on
                yield Rejected(where=doc.id, reason=f"extraction failed: {type(exc).__name__}: {exc}")

    for file in document_files(paths):
        if isinstance(file, Rejected):
            yield file
            continue
        items = list(records(file))
        cut = next((i for i in items if isinstance(i, Rejected) and i.whole_file), None)
        if cut is not None:
            yield cut
            continue
        reason = broken_reason(items)
        if reason is not None:
            only = items[0] if len(items) == 1 and isinstance(items[0], Rejected) else None
            yield Rejected(str(file), only.reason if only else reason, whole_file=True)
            continue
        yield from items


def read_news(paths: Sequence[Path], published: date | None = None) -> list[Records | Rejected]:
    """The records of articles under `paths`, read before anything is written. Raises BrokenFile when nothing
    in them is usable (a single broken file, a folder of broken files); otherwise broken files are reported."""
    items = list(news_records(paths, published))
    if items and all(isinstance(i, Rejected) for i in items):
        first = items[0]
        assert isinstance(first, Rejected)
        message = str(first) if len(items) == 1 else f"none of {len(items)} inputs is usable (first: {first})"
        raise BrokenFile(message)
    return items


def ingest_path(
    store: GraphStore,
    kind: str,
    path: Path,
    published: date | None = None,
    *,
    who: str = "system",
    address: str | None = None,
) -> IngestReport:
    """Import one file: `kind` is "news" or a register name (see ingest.registers). The whole file is read and
    checked first: a broken one raises InvalidInput (BrokenFile, TooLarge) with nothing written. Then loads the
    reference regimes (so violations can be judged) and writes the records, audited as written by `who` (the
    uploading key's name) from `address`."""
    items = read_news([path], published) if kind == "news" else read_register(kind, path)
    load_reference(store)
    return ingest(store, items, name=f"{kind}: {path.name}", who=who, address=address)
