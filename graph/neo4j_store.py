"""The production store: Neo4j through the official driver.

Writes: constraints first (`ensure_schema`), then batched UNWIND statements inside managed write transactions
(`execute_write`). Each batch reads the stored copies of its records, merges in Python with the same pure
function as the embedded store (graph.model.merge_transfer) and writes only what changed; the transaction
function is idempotent, as the driver may retry it. Product reads are auto-commit statements in READ access
mode; users' Cypher (`read_cypher`) runs in a READ transaction within bounds (graph.cypher_runner).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import re
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph import change_detect, cypher, pair_aggregates
from graph.actor_merge import merge_actor
from graph.changes import Change, ChangeDraft, ChangeFilter
from graph.cypher_runner import CypherLimits, CypherRows, run_bounded
from graph.decisions import AuditEntry, Decision, DecisionKind, standing
from graph.errors import InvalidInput, InvalidQuery, SkgError, StoreUnavailable
from graph.model import Actor, Regime, Source, Transfer, merge_transfer
from graph.pair_aggregates import pair_key
from graph.queries import AFFIRMATIVE
from graph.reference import EU_BINDS, eu_binding_periods
from graph.regime_history import merge_regime
from graph.review_apply import apply_reviews, copy_ids, has_copies, merge_partners, moved_copies, targets_of
from graph.review_priority import QueueFilter, key_text, queue_entries, regimes_by_target, reviewed_targets
from graph.rollup import RollupPage, SupplierRollup, Tally
from graph.store import TransferFilter, WriteReport
from graph.vocab import SourceKind, TransferStatus, WeaponCategory

if TYPE_CHECKING:
    from graph.store import GraphStore

__all__ = ["Neo4jStore"]

R = TypeVar("R")
_log = logging.getLogger(__name__)
#: Records per UNWIND batch: large enough to amortize round trips, small enough for a 1 GB heap.
BATCH_SIZE = 5000
_COMPUTED = {"date_from", "date_to", "first_reported", "source_ids", "source_kinds"}
# Neo4j Community reads without locks or snapshots (read committed): a reader that meets a SUPPLIES relationship
# while a writer's `SET p += ...` is being applied can see one of its tallies missing (reproduced: 2 rows in 28,000
# reads with 3 readers against one uploading writer). Such a read is taken again; the next one sees the commit.
_TORN_READ_TRIES = 5
_NO_LIMIT = 2**62
_ATTEMPTS = 3
#: The marker of the migration that gives TRANSFER relationships their pair key and pairs their SUPPLIES aggregate
#: in the current layout. A new layout takes a new marker, so that databases written before it are migrated again
#: ("transfer-pairs-and-supplies" marked the first layout, before SUPPLIES had a rank).
_SUPPLIES_MIGRATION = "supplies-ranked-rejected"
#: The marker of the migration that indexes the claims of transfers written before the review loop.
_CLAIMS_MIGRATION = "claims-indexed"
#: The marker of the migration that fills the review queue's index for transfers written before it existed.
_QUEUE_MIGRATION = "queue-indexed"
#: Seconds a store object keeps the regimes it read; its own writes refresh them at once, other processes'
#: writes (`skg ingest reference` elsewhere) within this delay.
REGIME_CACHE_S = 30.0
#: Whole-file imports (`atomic`) run again from the start after a deadlock or a concurrent writer's commit.
_ATOMIC_ATTEMPTS = 5
#: Transaction memory one imported record takes in Neo4j (SHOW TRANSACTIONS' estimatedUsedHeapMemory,
#: bench/bench_tx_memory.py): the full SIPRI register (29,917 records) holds 305 MiB when its last statement ends
#: (per 5,000 transfers: 34 MiB the relationships, 12 MiB their change-feed entries, 4 MiB the pair aggregates)
#: and peaks at 569 MiB during the COMMIT, which builds the store's commands from that state: 19.5 KiB a record.
TX_BYTES_PER_RECORD = 20 * 1024
#: Share of db.memory.transaction.max an import may expect to take and still run as one transaction.
TX_MEMORY_SHARE = 0.9
_UNITS = {
    "": 1,
    "k": 2**10,
    "kib": 2**10,
    "kb": 2**10,
    "m": 2**20,
    "mib": 2**20,
    "mb": 2**20,
    "g": 2**30,
    "gib": 2**30,
    "gb": 2**30,
}


def _chunks(items: Sequence[R], size: int) -> Iterator[Sequence[R]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Neo4jStore:
    """GraphStore on a Neo4j 5 server."""

    kind = "neo4j"
    #: Inside `atomic()`: the one transaction every read and write of the view goes through.
    _tx: neo4j.Transaction | None = None
    #: Held around the COMMIT of an `atomic()` import: an API server passes its readers' gate (api/live_store.py),
    #: so that no request of its own reads across a commit.
    commit_gate: Callable[[], AbstractContextManager[object]] = nullcontext
    _tx_memory: int | None = None

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j") -> None:
        self.uri = uri
        self.database = database
        self._regimes_cache: tuple[float, list[Regime]] | None = None
        #: Bumped by each write through this object; other processes' writes are not seen here (caches keyed on
        #: it also expire by age: api/cache.py).
        self.version = 0
        #: Whether the database has TRANSFER.pair and SUPPLIES (see _migrate); checked on first need.
        self._migrated = False
        try:
            # Server notifications (e.g. "property key not in the database" on an empty graph) are not errors: keep
            # them out of the logs; real problems raise.
            self.driver = GraphDatabase.driver(uri, auth=(user, password), notifications_min_severity="OFF")
        except (DriverError, ValueError) as exc:
            raise StoreUnavailable(f"cannot create a Neo4j driver for {uri}: {exc}") from exc

    # -- plumbing --------------------------------------------------------------------------------------------

    def _write(self, work: Callable[[ManagedTransaction], R]) -> R:
        self.version += 1
        if self._tx is not None:  # inside atomic(): the file's one transaction (same run() API, no retries)
            return work(cast(ManagedTransaction, self._tx))

        def call() -> R:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)

        # Writes create only what they have just read as missing (a transfer id, a pair's SUPPLIES), so a
        # uniqueness conflict means a concurrent writer created it first: run again on top of its commit.
        return self._attempts(call, ConstraintError, InvalidInput, InvalidInput, "write")

    def _read(self, query: str, **params: Any) -> list[neo4j.Record]:
        # One auto-commit statement: one round trip, where a managed transaction adds a second for its COMMIT (a
        # third of a small read's time). Product reads are single idempotent statements, so a transient failure
        # is retried here as execute_read would.
        if self._tx is not None:  # inside atomic(): read what this import has written so far
            return list(self._tx.run(query, params))

        def call() -> list[neo4j.Record]:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                return list(session.run(query, params))

        return self._attempts(call, TransientError, StoreUnavailable, InvalidQuery, "query")

    def _attempts(
        self,
        call: Callable[[], R],
        again: type[Neo4jError],
        exhausted: type[SkgError],
        refused: type[SkgError],
        what: str,
    ) -> R:
        """call(), run again after a short pause when it fails with `again` (up to _ATTEMPTS times, then
        `exhausted`); a server out of reach is StoreUnavailable, anything else it refuses is `refused`."""
        attempt = 1
        while True:
            try:
                return call()
            except again as exc:
                if attempt == _ATTEMPTS:
                    raise exhausted(f"Neo4j at {self.uri} refused the {what} {attempt} times: {exc.message}") from exc
            except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
                raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc
            except ClientError as exc:
                raise refused(f"Neo4j refused the {what}: {exc.message}") from exc
            time.sleep(0.05 * 2**attempt)
            attempt += 1

    def atomic(self, work: Callable[[GraphStore], R], records: int = 0) -> R:
        """`work(view)`, every read and write of `view` in ONE transaction: readers see none of its writes until
        all of them commit together, and a failure anywhere rolls all of them back (one file's import: whole or
        nothing, for readers too). Run again from the start, up to _ATOMIC_ATTEMPTS times, when the database
        aborts it for a deadlock with a concurrent writer or a concurrent writer created a record first.

        Its transaction state must fit `db.memory.transaction.max` (a quarter of the heap): `records` x
        TX_BYTES_PER_RECORD must fit TX_MEMORY_SHARE of it (the full SIPRI register fits the default 3 GB heap).
        A bigger import, or one the server stops for memory anyway, runs as before instead: `work(self)`, one
        transaction per batch, so readers may see its batches land (logged as a warning)."""
        if self._tx is not None:  # already inside one
            return work(self)
        limit = self._transaction_memory()
        need = records * TX_BYTES_PER_RECORD
        if limit is not None and need > TX_MEMORY_SHARE * limit:
            _log.warning(
                "import of %d records is too big for one transaction (db.memory.transaction.max %d MiB; about "
                "%d MiB needed): written in batches, which readers may see land. SKG_NEO4J_HEAP=%dm makes it one.",
                records,
                limit >> 20,
                need >> 20,
                -(-4 * need // int(TX_MEMORY_SHARE * 2**20)),
            )
            return work(self)
        attempt = 1
        while True:
            view = copy.copy(self)
            try:
                with self.driver.session(database=self.database) as session, session.begin_transaction() as tx:
                    view._tx = tx
                    result = work(view)
                    with self.commit_gate():
                        t0 = time.perf_counter()
                        tx.commit()
                        self.version += 1  # with the commit, under the gate: an answer's version is its graph
                    _log.info("import of %d records committed in %.2f s", records, time.perf_counter() - t0)
                self._regimes_cache = None
                self._migrated |= view._migrated
                return result
            except (TransientError, ConstraintError) as exc:
                if "Memory" in (exc.code or ""):
                    _log.warning("import stopped for memory in one transaction (%s): written in batches", exc.message)
                    return work(self)
                if attempt == _ATOMIC_ATTEMPTS:
                    raise StoreUnavailable(
                        f"Neo4j at {self.uri} aborted the import {attempt} times: {exc.message}"
                    ) from exc
            except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
                raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc
            except ClientError as exc:
                raise InvalidInput(f"Neo4j refused the write: {exc.message}") from exc
            time.sleep(0.1 * 2**attempt)
            attempt += 1

    def _transaction_memory(self) -> int | None:
        """The server's db.memory.transaction.max in bytes, None when unbounded (read once)."""
        if self._tx_memory is None:
            records = self._read(cypher.TRANSACTION_MEMORY_MAX)
            self._tx_memory = _bytes(str(records[0]["value"])) if records else 0
        return self._tx_memory or None

    # -- lifecycle -------------------------------------------------------------------------------------------

    def ensure_schema(self) -> None:
        try:
            with self.driver.session(database=self.database) as session:
                for statement in (*cypher.SCHEMA, *cypher.CHANGE_SCHEMA):
                    session.run(statement).consume()
        except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc
        self._migrate()

    def ping(self) -> None:
        try:
            self.driver.verify_connectivity()
        except (DriverError, Neo4jError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc

    def close(self) -> None:
        self.driver.close()

    def flush(self) -> None:
        """Nothing to do: every write is committed by its own transaction (an import's by `atomic`)."""

    def clear(self) -> None:
        self._regimes_cache = None
        self.version += 1
        try:
            with self.driver.session(database=self.database) as session:
                # implicit transactions: needed by CALL ... IN TRANSACTIONS
                session.run(cypher.CLEAR_RELATIONSHIPS).consume()
                session.run(cypher.CLEAR).consume()
                for marker in (_SUPPLIES_MIGRATION, _CLAIMS_MIGRATION, _QUEUE_MIGRATION):  # nothing left to migrate
                    session.run(cypher.MIGRATION_DONE, id=marker).consume()
            self._migrated = True
        except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
            raise StoreUnavailable(f"Neo4j at {self.uri} is unavailable: {exc}") from exc

    # -- writes ----------------------------------------------------------------------------------------------

    def _upsert_nodes(
        self,
        items: Sequence[Actor | Source | Regime],
        read_query: str,
        write_query: str,
        row: Callable[[Any], dict[str, Any]],
        merge: Callable[[Any, Any], Any] | None = None,
        changes: Callable[[ManagedTransaction, list[tuple[Any, Any]]], list[ChangeDraft]] | None = None,
    ) -> WriteReport:
        """`merge(stored or None, incoming)`: the record to store (default: the incoming one). `changes(tx,
        [(stored or None, written)])`: the change-feed entries of what was written, recorded in the same
        transaction."""
        report = WriteReport()
        for batch in _chunks(items, BATCH_SIZE):
            latest: dict[str, Any] = {}
            for item in batch:  # the last copy of an id in a batch wins, or merges into the earlier ones
                latest[item.id] = item if merge is None else merge(latest.get(item.id), item)

            def work(tx: ManagedTransaction, latest: dict[str, Any] = latest) -> WriteReport:
                stored = {rec["id"]: rec["json"] for rec in tx.run(read_query, ids=list(latest))}
                part = WriteReport()
                rows = []
                written: list[tuple[Any, Any]] = []
                for item_id, incoming in latest.items():
                    item = incoming
                    if merge is not None and item_id in stored:
                        item = merge(type(incoming).model_validate_json(stored[item_id]), incoming)
                    encoded = item.model_dump_json()
                    if part.count(item_id, stored.get(item_id), encoded):
                        rows.append(row(item) | {"json": encoded})
                        old = stored.get(item_id)
                        written.append((type(incoming).model_validate_json(old) if old else None, item))
                if rows:
                    tx.run(write_query, rows=rows).consume()
                if changes is not None and written:
                    _record_changes(tx, changes(tx, written))
                return part

            report += self._write(work)
        return report

    def upsert_actors(self, actors: Sequence[Actor]) -> WriteReport:
        return self._upsert_nodes(
            actors, cypher.ACTORS_BY_ID, cypher.UPSERT_ACTORS, _actor_row, merge_actor, _actor_changes
        )

    def upsert_sources(self, sources: Sequence[Source]) -> WriteReport:
        return self._upsert_nodes(sources, cypher.SOURCES_BY_ID, cypher.UPSERT_SOURCES, _source_row)

    def upsert_regimes(self, regimes: Sequence[Regime]) -> WriteReport:
        self._regimes_cache = None
        return self._upsert_nodes(
            regimes, cypher.REGIMES_BY_ID, cypher.UPSERT_REGIMES, _regime_row, merge_regime, _regime_changes
        )

    def upsert_transfers(self, transfers: Sequence[Transfer]) -> WriteReport:
        self._require_migrated()  # the SUPPLIES upkeep below adds to aggregates an old database lacks
        regimes = self.regimes()  # for the verdicts of the change feed (cached: REGIME_CACHE_S)
        report = WriteReport()
        for batch in _chunks(transfers, BATCH_SIZE):

            def work(tx: ManagedTransaction, batch: Sequence[Transfer] = batch) -> WriteReport:
                stored = {
                    t.id: t
                    for t in (
                        Transfer.model_validate_json(rec["json"])
                        for rec in tx.run(cypher.TRANSFERS_BY_ID, ids=list({t.id for t in batch}))
                    )
                }
                current = dict(stored)
                for incoming in batch:
                    current[incoming.id] = merge_transfer(current.get(incoming.id), incoming)
                # new or changed by the sources: the standing decisions apply again
                touched = [t for tid, t in current.items() if t is not stored.get(tid)]
                current.update({t.id: t for t in _apply_standing(tx, touched)})
                part = WriteReport()
                new_rows: list[dict[str, Any]] = []
                changed_rows: list[dict[str, Any]] = []
                for tid, merged in current.items():
                    if part.count(tid, stored.get(tid), merged):
                        (changed_rows if tid in stored else new_rows).append(_transfer_row(merged))
                for statement, rows in ((cypher.CREATE_TRANSFERS, new_rows), (cypher.UPDATE_TRANSFERS, changed_rows)):
                    if not rows:
                        continue
                    written = tx.run(statement, rows=rows).single()
                    if written is None or written["written"] != len(rows):
                        # an endpoint is missing: fail the whole batch rather than commit half of it
                        raise InvalidInput("transfer batch refers to unknown actors (upsert actors first)")
                _index_claims(tx, [current[row["id"]] for row in (*new_rows, *changed_rows)])
                written_ids = [row["id"] for row in (*new_rows, *changed_rows)]
                moved = _place_copies(tx, [(stored.get(tid), current[tid]) for tid in written_ids])
                changed_pairs = {row["pair"] for row in changed_rows} | moved
                _add_to_supplies(tx, [current[row["id"]] for row in new_rows if row["pair"] not in changed_pairs])
                _refresh_supplies(tx, changed_pairs)
                pairs = [(stored.get(row["id"]), current[row["id"]]) for row in (*new_rows, *changed_rows)]
                remerged = _refresh_merges(tx, pairs)  # merged copies carrying these transfers' evidence
                _record_transfer_changes(tx, pairs + remerged, regimes)
                _requeue(tx, [*(current[tid] for tid in written_ids), *(after for _, after in remerged)], regimes)
                return part

            report += self._write(work)
        # Unchanged duplicates within a batch are counted once per id; count them per record like the memory store.
        report.unchanged += len(transfers) - (report.added + report.updated + report.unchanged)
        return report

    def _migrate(self) -> None:
        self._migrate_supplies()
        self._migrate_claims()
        self._migrate_queue()

    def _migrate_queue(self) -> None:
        """Fill the review queue's index for transfers written before it existed, and index the merges recorded
        before by their other transfer, once (a marker records it). Merges are applied as their transfers are
        next written or decided on."""
        if self._read(cypher.MIGRATION_MARK, id=_QUEUE_MIGRATION):
            return
        merges = [Decision.model_validate_json(r["json"]) for r in self._read(cypher.MERGES_WITHOUT_OTHER)]
        if merges:  # recorded before merges were applied: indexed by their other transfer now
            rows = [{"id": d.id, "other": d.other} for d in merges]
            self._write(lambda tx: tx.run(cypher.SET_DECISION_OTHER, rows=rows).consume())
        self._rewrite_all(_requeue)
        self._write(lambda tx: tx.run(cypher.MIGRATION_DONE, id=_QUEUE_MIGRATION).consume())

    def _migrate_claims(self) -> None:
        """Index the claims of transfers written before the review loop, once (a marker records it)."""
        if self._read(cypher.MIGRATION_MARK, id=_CLAIMS_MIGRATION):
            return
        self._rewrite_all(_index_claims)
        self._write(lambda tx: tx.run(cypher.MIGRATION_DONE, id=_CLAIMS_MIGRATION).consume())

    def _rewrite_all(self, step: Callable[[ManagedTransaction, Sequence[Transfer]], None]) -> None:
        """Run `step` over every stored transfer, a page of BATCH_SIZE per write transaction (migrations)."""
        after = ""
        while True:
            records = self._read(cypher.TRANSFERS_AFTER, after=after, limit=BATCH_SIZE)
            if not records:
                break
            page = [Transfer.model_validate_json(r["json"]) for r in records]

            def work(tx: ManagedTransaction, page: Sequence[Transfer] = page) -> None:
                step(tx, page)

            self._write(work)
            after = records[-1]["id"]

    def _migrate_supplies(self) -> None:
        """Give a database written before the current SUPPLIES layout its pair keys and aggregates, once. A marker
        node records that it was done; a database written by this version needs nothing (otherwise about 2 minutes
        per million transfers)."""
        if self._read(cypher.MIGRATION_MARK, id=_SUPPLIES_MIGRATION):
            self._migrated = True
            return
        with self.driver.session(database=self.database) as session:
            session.run(cypher.BACKFILL_PAIRS).consume()  # implicit transaction: CALL ... IN TRANSACTIONS
            pairs = [r["pair"] for r in session.run(cypher.PAIRS_ALL)]
        for chunk in _chunks(pairs, BATCH_SIZE):

            def refresh(tx: ManagedTransaction, chunk: Sequence[str] = chunk) -> None:
                _refresh_supplies(tx, chunk)

            self._write(refresh)
        self._write(lambda tx: tx.run(cypher.MIGRATION_DONE, id=_SUPPLIES_MIGRATION).consume())
        self._migrated = True

    def _require_migrated(self) -> None:
        """Reads through the pair keys or the SUPPLIES aggregates would silently miss the transfers of a database
        written by an earlier version: refuse them, saying what to run. Checked once per store object."""
        if self._migrated:
            return
        if not self._read(cypher.MIGRATION_MARK, id=_SUPPLIES_MIGRATION) and self._read(cypher.ANY_TRANSFER):
            raise StoreUnavailable(
                f"the Neo4j database at {self.uri} was written by an earlier version of sanctions-kg and lacks the "
                "pair keys and SUPPLIES aggregates this one reads and keeps: run `skg neo4j migrate` once (about "
                "2 minutes per million transfers; any `skg ingest` does it too)"
            )
        self._migrated = True

    def delete_actors(self, ids: Sequence[str]) -> int:
        def work(tx: ManagedTransaction) -> int:
            tx.run(cypher.QUEUE_DELETE_ACTORS, ids=list(ids)).consume()
            rec = tx.run(cypher.DELETE_ACTORS, ids=list(ids)).single()
            return int(rec["deleted"]) if rec else 0

        return self._write(work)

    # -- review: decisions and the audit log ------------------------------------------------------------------

    def add_decisions(self, decisions: Sequence[Decision], audit: Sequence[AuditEntry] = ()) -> WriteReport:
        latest = {d.id: d for d in decisions}
        regimes = self.regimes()

        def work(tx: ManagedTransaction) -> WriteReport:
            stored = {r["id"] for r in tx.run(cypher.DECISIONS_BY_ID, ids=list(latest))}
            report = WriteReport()
            rows = []
            for d in latest.values():
                if d.id in stored:  # append-only: a stored decision is never rewritten
                    report.unchanged += 1
                else:
                    report.count(d.id, None, d)
                    rows.append(_decision_row(d))
            if rows:
                tx.run(cypher.ADD_DECISIONS, rows=rows).consume()
            if audit:
                tx.run(cypher.APPEND_AUDIT, rows=[_audit_row(e) for e in audit]).consume()
            fresh = [d for d in latest.values() if d.id not in stored]
            if fresh:
                holders = {
                    r["target"]: r["transfer"] for r in tx.run(cypher.CLAIM_TRANSFERS, ids=[d.target for d in fresh])
                }
                held = {
                    t.id: t
                    for t in (
                        Transfer.model_validate_json(r["json"])
                        for r in tx.run(cypher.TRANSFERS_BY_ID, ids=sorted(set(holders.values())))
                    )
                }
                found = {k: held[v] for k, v in holders.items() if v in held}
                _record_changes(tx, change_detect.decision_changes(fresh, found))
            touched = sorted({d.target for d in fresh if d.kind is not DecisionKind.NOTE})
            if touched:
                affected = {r["transfer"] for r in tx.run(cypher.CLAIM_HOLDERS, ids=touched)}
                for r in tx.run(cypher.DECISIONS_BY_TARGET, targets=touched):  # a merge changes both transfers
                    d = Decision.model_validate_json(r["json"])
                    if d.kind is DecisionKind.MERGE and d.other is not None:
                        affected |= {d.target, d.other}
                reviewed = _reapply(tx, sorted(affected))
                reviewed += _refresh_merges(tx, reviewed)
                _record_transfer_changes(tx, reviewed, regimes)
                now = {t.id: t for _, t in reviewed}
                rest = sorted(affected - now.keys())
                now |= {
                    t.id: t
                    for t in (Transfer.model_validate_json(r["json"]) for r in tx.run(cypher.TRANSFERS_BY_ID, ids=rest))
                }
                _requeue(tx, list(now.values()), regimes)
            return report

        report = self._write(work)
        report.unchanged += len(decisions) - len(latest)
        return report

    def append_audit(self, entries: Sequence[AuditEntry]) -> None:
        if entries:
            rows = [_audit_row(e) for e in entries]
            self._write(lambda tx: tx.run(cypher.APPEND_AUDIT, rows=rows).consume())

    def decisions(self, targets: Sequence[str] | None = None) -> list[Decision]:
        records = (
            self._read(cypher.DECISIONS_ALL)
            if targets is None
            else self._read(cypher.DECISIONS_BY_TARGET, targets=list(targets))
        )
        return [Decision.model_validate_json(r["json"]) for r in records]

    def audit(self, limit: int = 100, offset: int = 0, since: datetime | None = None) -> list[AuditEntry]:
        records = self._read(cypher.AUDIT_PAGE, since=since, offset=offset, limit=limit)
        return [AuditEntry.model_validate_json(r["json"]) for r in records]

    def claim_transfers(self, ids: Sequence[str]) -> dict[str, str]:
        return {r["target"]: r["transfer"] for r in self._read(cypher.CLAIM_TRANSFERS, ids=list(ids))}

    # -- reads -----------------------------------------------------------------------------------------------

    def actor(self, actor_id: str) -> Actor | None:
        found = self.actors([actor_id])
        return found[0] if found else None

    def actors(self, ids: Sequence[str] | None = None) -> list[Actor]:
        records = self._read(cypher.ACTORS_ALL) if ids is None else self._read(cypher.ACTORS_BY_ID, ids=list(ids))
        return [Actor.model_validate_json(r["json"]) for r in records]

    def source(self, source_id: str) -> Source | None:
        found = self.sources([source_id])
        return found[0] if found else None

    def sources(self, ids: Sequence[str]) -> list[Source]:
        return [Source.model_validate_json(r["json"]) for r in self._read(cypher.SOURCES_BY_ID, ids=list(ids))]

    def transfer(self, transfer_id: str) -> Transfer | None:
        records = self._read(cypher.TRANSFERS_BY_ID, ids=[transfer_id])
        return Transfer.model_validate_json(records[0]["json"]) if records else None

    def transfers(self, flt: TransferFilter) -> list[Transfer]:
        pair = None
        if flt.supplier is not None and flt.recipient is not None:
            pair = pair_key(flt.supplier, flt.recipient)
        if pair is not None:
            self._require_migrated()
        anchor = (
            "pair"
            if pair is not None
            else "recipient"
            if flt.recipient is not None
            else "supplier"
            if flt.supplier is not None
            else "actor"
            if flt.actor is not None
            else "all"
        )
        records = self._read(
            cypher.transfers_query(anchor),
            recipient=flt.recipient,
            supplier=flt.supplier,
            actor=flt.actor,
            pair=pair,
            **_hop_params(flt),
            reviewed=flt.reviewed,
            limit=flt.limit if flt.limit is not None else _NO_LIMIT,
        )
        return [Transfer.model_validate_json(r["json"]) for r in records]

    def supplier_rollups(
        self,
        flt: TransferFilter,
        among: Collection[str] | None = None,
        offset: int = 0,
        limit: int | None = None,
        per_supplier: int = 0,
    ) -> RollupPage:
        if flt.recipient is None:
            return RollupPage(0, [])
        params = {
            "recipient": flt.recipient,
            "among": None if among is None else list(among),
            "offset": offset,
            "per_supplier": per_supplier,
            **_hop_params(flt),
        }
        out = []
        if pair_aggregates.answers_from_aggregates(flt):
            self._require_migrated()
            slots = pair_aggregates.slots_of(flt.statuses)
            by_rank = among is None and pair_aggregates.ranked(flt)
            for _ in range(_TORN_READ_TRIES):
                (record,) = self._read(
                    cypher.supplier_aggregates_query(by_rank, newest=per_supplier > 0),
                    slots=slots,
                    limit=_NO_LIMIT if limit is None else limit,
                    **params,
                )
                if not record["torn"] and all(pair_aggregates.complete(r["aggregates"]) for r in record["page"]):
                    break
            else:
                raise StoreUnavailable(
                    f"who supplies {flt.recipient}: the SUPPLIES aggregates were mid-write in {_TORN_READ_TRIES} "
                    "reads in a row; ask again"
                )
            for r in record["page"]:
                tally = pair_aggregates.decode(r["aggregates"], slots)
                out.append(SupplierRollup(r["supplier"], r["name"], r["kind"], r["country"], tally, _parse(r)))
            out.sort(key=lambda row: (-row.tally.count, row.supplier))  # the page's order, whatever CALL kept
            return RollupPage(int(record["total"]), out)
        (record,) = self._read(
            cypher.SUPPLIER_ROLLUPS,
            end=2**31 - 1 if limit is None else offset + limit,  # list slices take 32-bit ints
            **params,
        )
        for r in record["page"]:
            tally = Tally.from_parts(
                statuses=(TransferStatus(s) for s in r["statuses"]),
                categories=(WeaponCategory(c) for c in r["categories"]),
                kinds=(SourceKind(k) for ks in r["kinds"] for k in ks),
                first=date.fromisoformat(r["first"]) if r["first"] else None,
                last=date.fromisoformat(r["last"]) if r["last"] else None,
                max_confidence=float(r["max_confidence"]),
            )
            out.append(SupplierRollup(r["supplier"], r["name"], r["kind"], r["country"], tally, _parse(r)))
        return RollupPage(int(record["total"]), out)

    def paths(self, source: str, target: str, max_hops: int, flt: TransferFilter, limit: int) -> list[tuple[str, ...]]:
        found: list[tuple[str, ...]] = []
        for hops in range(1, max_hops + 1):  # iterative deepening: shortest chains first, bounded by limit
            records = self._read(
                cypher.hop_paths_query(hops),
                source=source,
                target=target,
                limit=limit - len(found),
                **_hop_params(flt),
            )
            found += sorted(tuple(r["actors"]) for r in records)
            if len(found) >= limit:
                break
        return found

    def hop_transfers(
        self, pairs: Sequence[tuple[str, str]], flt: TransferFilter, most_confident: bool = False
    ) -> dict[tuple[str, str], list[Transfer]]:
        found: dict[tuple[str, str], list[Transfer]] = {(s, r): [] for s, r in pairs}
        query = cypher.HOP_BEST_TRANSFERS if most_confident else cypher.HOP_TRANSFERS
        if found:  # one round trip for all the hops
            self._require_migrated()
            for r in self._read(query, pairs=[pair_key(*p) for p in found], **_hop_params(flt)):
                found[r["supplier"], r["recipient"]].append(Transfer.model_validate_json(r["json"]))
        return found

    def read_cypher(
        self,
        query: str,
        params: dict[str, Any],
        timeout_s: float,
        max_rows: int,
        limits: CypherLimits | None = None,
    ) -> CypherRows:
        """Run a user's Cypher in a READ transaction within bounds (graph.cypher_runner): a plan check, a server-side
        timeout, at most `max_rows` rows and the byte bounds of `limits` (defaults: CypherLimits).

        Returns (columns, rows as JSON-ready dicts, the bound that cut the answer or None). The caller checks the
        text first (graph.cypher_guard); the READ access mode makes the server refuse any write that slips through.
        """
        bounds = dataclasses.replace(limits or CypherLimits(), timeout_s=timeout_s, max_rows=max_rows)
        return run_bounded(self.driver, self.database, self.uri, query, params, bounds)

    def changes(
        self, since: int = 0, limit: int = 100, flt: ChangeFilter | None = None, newest: bool = False
    ) -> list[Change]:
        f = flt or ChangeFilter()
        records = self._read(
            cypher.CHANGES_NEWEST if newest else cypher.CHANGES_SINCE,
            since=since,
            limit=limit,
            actor=f.actor,
            issuer=f.issuer.value if f.issuer else None,
            verdict=f.verdict.value if f.verdict else None,
            kinds=[k.value for k in f.kinds] or None,
        )
        return [Change.model_validate({**json.loads(r["json"]), "seq": r["seq"], "at": r["at"]}) for r in records]

    def last_change_seq(self) -> int:
        return int(self._read(cypher.CHANGE_LAST_SEQ)[0]["seq"])

    def review_queue(self, flt: QueueFilter, offset: int, limit: int) -> tuple[int, list[tuple[Transfer, int]]]:
        """Cost: an index walk in queue order for the page (the count store for the whole queue's total); an
        actor's entries through the supplier and recipient indexes; another filter scans the entries."""
        params: dict[str, Any] = {
            "actor": flt.actor,
            "language": flt.language,
            "source": flt.source,
            "since": flt.since.isoformat() if flt.since else None,
        }
        if flt.actor is not None:
            count, page = cypher.QUEUE_COUNT_ACTOR, cypher.QUEUE_PAGE_ACTOR
        else:
            count = cypher.QUEUE_COUNT_ALL if flt.empty else cypher.QUEUE_COUNT
            page = cypher.QUEUE_PAGE
        total = self._read(count, **params)
        rows = self._read(page, offset=offset, limit=limit, **params)
        return int(total[0]["n"]) if total else 0, [
            (Transfer.model_validate_json(r["json"]), int(r["position"])) for r in rows
        ]

    def regimes(self) -> list[Regime]:
        """Cached for REGIME_CACHE_S: every query reads the (small, rarely changed) reference regimes."""
        now = time.monotonic()
        if self._regimes_cache is None or now - self._regimes_cache[0] > REGIME_CACHE_S:
            regimes = [Regime.model_validate_json(r["json"]) for r in self._read(cypher.REGIMES_ALL)]
            self._regimes_cache = (now, regimes)
        return list(self._regimes_cache[1])

    def counts(self) -> dict[str, int]:
        rec = self._read(cypher.COUNTS)[0]
        return {k: int(rec[k]) for k in ("actors", "transfers", "sources", "regimes")}


def _bytes(setting: str) -> int:
    """A Neo4j memory setting ("256.00MiB", "268435456", "1g") in bytes; 0 for none."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*([a-zA-Z]*)\s*", setting)
    if m is None or m.group(2).lower() not in _UNITS:
        return 0
    return int(float(m.group(1)) * _UNITS[m.group(2).lower()])


def _parse(row: neo4j.Record | dict[str, Any]) -> tuple[Transfer, ...]:
    """The newest transfers of a rollup row, from their stored JSON."""
    return tuple(Transfer.model_validate_json(j) for j in row["newest"])


def _apply_standing(tx: ManagedTransaction, transfers: Sequence[Transfer]) -> list[Transfer]:
    """Those of these transfers that decisions concern, with the standing decisions applied (one indexed read)."""
    targets = sorted({k for t in transfers for k in targets_of(t)})
    if not targets:
        return []
    decisions = [Decision.model_validate_json(r["json"]) for r in tx.run(cypher.DECISIONS_BY_TARGET, targets=targets)]
    if not decisions and not any(t.review is not None for t in transfers):
        return []
    reviews = standing(decisions)
    concerned = [
        t
        for t in transfers
        if t.review is not None or any(k in reviews for k in targets_of(t)) or merge_partners(t, reviews)
    ]
    wanted = sorted({p for t in concerned for p in merge_partners(t, reviews)})
    partners = {
        t.id: t for t in (Transfer.model_validate_json(r["json"]) for r in tx.run(cypher.TRANSFERS_BY_ID, ids=wanted))
    }
    return [apply_reviews(t, reviews, partners) for t in concerned]


def _reapply(tx: ManagedTransaction, ids: Sequence[str]) -> list[tuple[Transfer | None, Transfer]]:
    """Apply the standing decisions to these stored transfers, write the changed ones and re-derive their pairs'
    SUPPLIES aggregates, in the caller's transaction. The transfers are locked first (see LOCK_TRANSFERS).
    Returns the changed ones (before, after)."""
    if not ids:
        return []
    old = [Transfer.model_validate_json(r["json"]) for r in tx.run(cypher.LOCK_TRANSFERS, ids=list(ids))]
    before = {t.id: t for t in old}
    applied = {t.id: t for t in _apply_standing(tx, old)}
    changed = [t for t in applied.values() if t != before[t.id]]
    if changed:
        tx.run(cypher.UPDATE_TRANSFERS, rows=[_transfer_row(t) for t in changed]).consume()
    # copies of unchanged transfers are placed again too: a merged copy carries its other transfer's evidence
    moved = _place_copies(tx, [(t, applied.get(t.id, t)) for t in old])
    if changed or moved:
        _refresh_supplies(tx, {pair_key(t.supplier, t.recipient) for t in changed} | moved)
    tx.run(cypher.UNLOCK_TRANSFERS, ids=list(ids)).consume()
    return [(before[t.id], t) for t in changed]


def _refresh_merges(
    tx: ManagedTransaction, written: Sequence[tuple[Transfer | None, Transfer]]
) -> list[tuple[Transfer | None, Transfer]]:
    """Re-apply the merges these written transfers take part in as the other transfer (a merge whose other
    transfer has just arrived applies now) and rebuild their merged copies, in the caller's transaction."""
    into = {x.review.merged_into for pair in written for x in pair if x is not None and x.review is not None}
    written_ids = {new.id for _, new in written}
    return _reapply(tx, sorted(i for i in into if i is not None and i not in written_ids)) if into else []


# -- the change feed ---------------------------------------------------------------------------------------------


def _record_changes(tx: ManagedTransaction, drafts: Sequence[ChangeDraft]) -> None:
    """Number these changes after the last one and store them, in the caller's transaction (RECORD_CHANGES)."""
    if not drafts:
        return
    at = datetime.now(UTC).isoformat()
    rows = [
        {
            "at": at,
            "kind": d.kind.value,
            "actors": list(d.actors),
            "issuer": d.issuer.value if d.issuer else None,
            "verdict": d.verdict.value if d.verdict else None,
            "json": d.model_dump_json(exclude_defaults=True),
        }
        for d in drafts
    ]
    tx.run(cypher.RECORD_CHANGES, rows=rows).consume()


def _non_state(tx: ManagedTransaction, transfers: Iterable[Transfer]) -> dict[str, Actor]:
    ids = sorted({x for t in transfers for x in (t.supplier, t.recipient) if len(x) != 2})
    if not ids:
        return {}
    return {r["id"]: Actor.model_validate_json(r["json"]) for r in tx.run(cypher.ACTORS_BY_ID, ids=ids)}


def _record_transfer_changes(
    tx: ManagedTransaction, pairs: Sequence[tuple[Transfer | None, Transfer]], regimes: list[Regime]
) -> None:
    """The changes of these written transfers (before, after) and of their verdicts."""
    if not pairs:
        return
    drafts = [d for old, new in pairs for d in change_detect.transfer_changes(old, new)]
    actors = _non_state(tx, (t for pair in pairs for t in pair if t is not None))
    verdicts = change_detect.verdict_changes(pairs, regimes, actors)
    # a pair's first supplier: read after taking the counter lock, so that of two writers adding the first
    # transfers of one pair at once, the second sees the first's (committed) and does not report it again
    keys = {
        pair_key(new.supplier, new.recipient): (new.supplier, new.recipient)
        for old, new in pairs
        if new.status in AFFIRMATIVE and (old is None or old.status not in AFFIRMATIVE)
    }
    supplied: set[tuple[str, str]] = set()
    if keys:
        tx.run(cypher.LOCK_CHANGE_COUNTER).consume()
        ids = [new.id for _, new in pairs]
        statuses = [s.value for s in AFFIRMATIVE]
        found = tx.run(cypher.PAIRS_SUPPLIED, pairs=sorted(keys), ids=ids, statuses=statuses)
        supplied = {keys[r["pair"]] for r in found}
    drafts += change_detect.supplier_changes(pairs, supplied)
    _record_changes(tx, drafts + verdicts)


def _actor_changes(_tx: ManagedTransaction, written: list[tuple[Any, Any]]) -> list[ChangeDraft]:
    return [d for old, new in written for d in change_detect.actor_changes(old, new)]


def _regime_changes(tx: ManagedTransaction, written: list[tuple[Any, Any]]) -> list[ChangeDraft]:
    """The change-feed entries of these written regimes; the queue entries of the transfers of their old and new
    targets are recomputed on the way (their verdicts may have changed)."""
    drafts: list[ChangeDraft] = []
    requeue: dict[str, Transfer] = {}
    for old, new in written:
        drafts += change_detect.regime_changes(old, new)
        keys = sorted({new.target, *([new.territory] if new.territory else [])})
        transfers = [Transfer.model_validate_json(r["json"]) for r in tx.run(cypher.REGIME_SCOPE_TRANSFERS, ids=keys)]
        drafts += change_detect.regime_verdict_changes(old, new, transfers, _non_state(tx, transfers))
        requeue |= {t.id: t for t in transfers}
        if old is not None and old.target not in keys:
            requeue |= {
                t.id: t
                for t in (
                    Transfer.model_validate_json(r["json"])
                    for r in tx.run(cypher.REGIME_SCOPE_TRANSFERS, ids=[old.target])
                )
            }
    _requeue(tx, list(requeue.values()))
    return drafts


def _requeue(tx: ManagedTransaction, transfers: Sequence[Transfer], regimes: Sequence[Regime] | None = None) -> None:
    """Replace the review queue entries of these transfers (graph/review_priority.py), in the caller's
    transaction: one read of the decisions on them (and of the regimes when not given)."""
    if not transfers:
        return
    if regimes is None:
        regimes = [Regime.model_validate_json(r["json"]) for r in tx.run(cypher.REGIMES_ALL)]
    targets = sorted({k for t in transfers for k in targets_of(t)})
    decided = [Decision.model_validate_json(r["json"]) for r in tx.run(cypher.DECISIONS_BY_TARGET, targets=targets)]
    reviewed = reviewed_targets(standing(decided))
    by_target = regimes_by_target(regimes)
    rows = [
        {
            "key": key_text(e.key),
            "transfer": e.transfer,
            "position": e.position,
            "supplier": e.supplier,
            "recipient": e.recipient,
            "date_to": e.date_to.isoformat() if e.date_to else None,
            "languages": list(e.languages),
            "sources": list(e.sources),
        }
        for t in transfers
        for e in queue_entries(t, by_target, reviewed)
    ]
    tx.run(cypher.QUEUE_DELETE, ids=[t.id for t in transfers]).consume()
    if rows:
        tx.run(cypher.QUEUE_CREATE, rows=rows).consume()


def _place_copies(tx: ManagedTransaction, changes: Sequence[tuple[Transfer | None, Transfer]]) -> set[str]:
    """Write the copies that supplier/recipient corrections place at corrected pairs and delete those no longer
    called for (graph/review_apply.moved_copies), in the caller's transaction; returns the pairs they touch, whose
    SUPPLIES aggregates the caller re-derives (an aggregate left without transfers is deleted here)."""
    stale: set[str] = set()
    wanted: dict[str, Transfer] = {}
    pairs: set[str] = set()
    changes = [(old, new) for old, new in changes if has_copies(old) or has_copies(new)]
    if not changes:
        return set()
    merged = sorted({p for _, new in changes if new.review is not None for p in new.review.merges.values()})
    partners = {
        t.id: t for t in (Transfer.model_validate_json(r["json"]) for r in tx.run(cypher.TRANSFERS_BY_ID, ids=merged))
    }
    for old, new in changes:
        copies = {c.id: c for c in moved_copies(new, partners)}
        before = copy_ids(old)
        stale |= before.keys() - copies.keys()
        wanted |= copies
        pairs |= {pair_key(s, r) for s, r in before.values()} | {
            pair_key(c.supplier, c.recipient) for c in copies.values()
        }
    if stale:
        tx.run(cypher.DELETE_MOVED_COPIES, ids=sorted(stale)).consume()
    if wanted:
        stored = {
            t.id: t
            for t in (Transfer.model_validate_json(r["json"]) for r in tx.run(cypher.TRANSFERS_BY_ID, ids=list(wanted)))
        }
        fresh = [_transfer_row(c) for c in wanted.values() if c.id not in stored]
        changed = [_transfer_row(c) for c in wanted.values() if c.id in stored and stored[c.id] != c]
        if changed:
            tx.run(cypher.UPDATE_TRANSFERS, rows=changed).consume()
        if fresh:
            written = tx.run(cypher.CREATE_TRANSFERS, rows=fresh).single()
            if written is None or written["written"] != len(fresh):
                raise InvalidInput("a supplier or recipient correction names an unknown actor")
    if pairs:
        tx.run(cypher.DELETE_EMPTY_SUPPLIES, pairs=sorted(pairs)).consume()
    return pairs


def _index_claims(tx: ManagedTransaction, transfers: Sequence[Transfer]) -> None:
    """Point each claim of these transfers at its transfer (claim_transfers reads it); a moved copy's claims are
    reviewed through the transfer it came from."""
    transfers = [t for t in transfers if t.review is None or t.review.moved_from is None]
    rows = [{"id": t.claim_id(e), "transfer": t.id} for t in transfers for e in t.evidence if e.start is not None]
    if rows:
        tx.run(cypher.INDEX_CLAIMS, rows=rows).consume()


def _decision_row(d: Decision) -> dict[str, Any]:
    return {
        "id": d.id,
        "target": d.target,
        "other": d.other,
        "at": d.at,
        "kind": d.kind.value,
        "author": d.author,
        "json": d.model_dump_json(exclude_defaults=True),
    }


def _audit_row(e: AuditEntry) -> dict[str, Any]:
    return {"id": e.id, "at": e.at, "who": e.who, "action": e.action, "json": e.model_dump_json()}


def _add_to_supplies(tx: ManagedTransaction, new: Sequence[Transfer]) -> None:
    """Add transfers just created to their pairs' SUPPLIES aggregates, in the caller's transaction: one read of
    the aggregates, however many transfers the pairs already have."""
    by_pair = _by_pair(new)
    if by_pair:
        old = _lock_supplies(tx, by_pair)
        _write_supplies(tx, {k: pair_aggregates.add(old.get(k), ts) for k, ts in by_pair.items()}, by_pair, old)


def _refresh_supplies(tx: ManagedTransaction, pairs: Collection[str]) -> None:
    """Recompute the SUPPLIES aggregates of these pairs from all their transfers, in the caller's transaction."""
    if pairs:
        old = _lock_supplies(tx, pairs)  # first, so that no other writer adds to them before this commits
        by_pair = _by_pair(
            Transfer.model_validate_json(r["json"]) for r in tx.run(cypher.PAIR_TRANSFERS, pairs=list(pairs))
        )
        _write_supplies(tx, {k: pair_aggregates.of(ts) for k, ts in by_pair.items()}, by_pair, old)


def _by_pair(transfers: Iterable[Transfer]) -> dict[str, list[Transfer]]:
    by_pair: dict[str, list[Transfer]] = {}
    for t in transfers:
        by_pair.setdefault(pair_key(t.supplier, t.recipient), []).append(t)
    return by_pair


def _lock_supplies(tx: ManagedTransaction, pairs: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored aggregates of those of these pairs that have one, write-locked until the transaction ends
    (taken in key order, so two writers never wait on each other in a cycle)."""
    return {r["pair"]: r["props"] for r in tx.run(cypher.SUPPLIES_BY_PAIR, pairs=sorted(pairs))}


def _write_supplies(
    tx: ManagedTransaction,
    props: dict[str, dict[str, Any]],
    by_pair: dict[str, list[Transfer]],
    existing: Collection[str],
) -> None:
    for k, v in props.items():  # the recipient and rank for the supplies_rank index (None removes a rank)
        v |= {"recipient": by_pair[k][0].recipient, "rank": pair_aggregates.rank(v, by_pair[k][0].supplier)}
    updates = [{"pair": k, "props": v} for k, v in props.items() if k in existing]
    creates = [
        {"pair": k, "supplier": by_pair[k][0].supplier, "recipient": by_pair[k][0].recipient, "props": v}
        for k, v in props.items()
        if k not in existing
    ]
    for statement, rows in ((cypher.UPDATE_SUPPLIES, updates), (cypher.CREATE_SUPPLIES, creates)):
        if rows:
            tx.run(statement, rows=rows).consume()


def _hop_params(flt: TransferFilter) -> dict[str, Any]:
    return {
        "since": flt.since.isoformat() if flt.since else None,
        "until": flt.until.isoformat() if flt.until else None,
        "statuses": [s.value for s in flt.statuses],
        "min_confidence": flt.min_confidence,
        "source_kind": flt.source_kind.value if flt.source_kind else None,
    }


def _actor_row(a: Actor) -> dict[str, Any]:
    return {
        "id": a.id,
        "kind": a.kind.value,
        "name": a.name,
        "country": a.country,
        "aliases": list(a.aliases),
        "ftm_id": a.ftm_id,
        "wikidata": a.wikidata,
    }


def _source_row(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "kind": s.kind.value,
        "title": s.title,
        "url": s.url,
        "publisher": s.publisher,
        "published": s.published.isoformat() if s.published else None,
        "language": s.language,
    }


def _regime_row(r: Regime) -> dict[str, Any]:
    intervals = r.intervals()
    return {
        "id": r.id,
        "issuer": r.issuer.value,
        "program": r.program,
        "name": r.name,
        "target": r.target,
        "direction": r.direction.value,
        "categories": [c.value for c in r.categories],
        "legal_basis": list(r.legal_basis),
        "start": r.start.isoformat(),
        "end": r.end.isoformat() if r.end else None,
        "in_force_from": [f.isoformat() for f, _ in intervals],
        # Neo4j lists cannot hold nulls: an open end is the far future
        "in_force_to": [u.isoformat() if u else "9999-12-31" for _, u in intervals],
        # whom it binds, for Browser users' Cypher: "*" (all states) or ISO codes, with "EU" expanded to every
        # state ever bound by EU law (the exact dates are applied by graph/sanctions.py)
        "bound": sorted({c for b in r.binds for c in (eu_binding_periods() if b == EU_BINDS else [b])}),
        # the model of the law that BROWSER_VIOLATIONS can apply in Cypher (graph/sanctions.py applies all of it)
        **_regime_law(r),
    }


def _regime_law(r: Regime) -> dict[str, Any]:
    """Binding force, reach, the exact periods each bound state is bound (parallel lists), and in words what
    Cypher leaves to the Python judgement (exemptions, grandfather clause, item scope, region)."""
    periods: list[tuple[str, str, str]] = []
    for b in r.binds:
        if b == EU_BINDS:
            periods += [
                (c, s.isoformat(), u.isoformat() if u else "9999-12-31") for c, (s, u) in eu_binding_periods().items()
            ]
        else:
            periods.append((b, "0001-01-01", "9999-12-31"))
    checks = [f"exemption: {e.name} ({e.citation})" for e in r.exemptions]
    if r.grandfather is not None:
        checks.append(f"grandfather clause: contracts before {r.grandfather.before} ({r.grandfather.clause})")
    if r.items != "all":
        checks.append(f"item scope: {r.items} (graph/sanctions.py)")
    return {
        "binding": r.binding.value,
        "reach": r.reach.value,
        "territory": r.territory,
        "region_terms": [t.casefold() for t in r.region_terms],
        "bound_codes": [c for c, _, _ in periods],
        "bound_from": [f for _, f, _ in periods],
        "bound_to": [u for _, _, u in periods],
        "checks": checks,
    }


def _transfer_row(t: Transfer) -> dict[str, Any]:
    return {
        "id": t.id,
        "supplier": t.supplier,
        "recipient": t.recipient,
        "pair": pair_key(t.supplier, t.recipient),
        "category": t.category.value,
        "designation": t.designation,
        "status": t.status.value,
        "confidence": t.confidence,
        "date_from": t.date_from.isoformat() if t.date_from else None,
        "date_to": t.date_to.isoformat() if t.date_to else None,
        "first_reported": t.first_reported.isoformat() if t.first_reported else None,
        "source_ids": list(t.source_ids),
        "source_kinds": [k.value for k in t.source_kinds],
        "quotes": [e.quote for e in t.evidence],
        "reviewed": t.review is not None,
        "delivery_years": list(t.delivery_years),
        # defaults left out: a third fewer bytes to store, read, send and parse for every transfer shown
        "json": t.model_dump_json(exclude=_COMPUTED, exclude_defaults=True),
    }
