"""Run a user's read-only Cypher on Neo4j within bounds: plan checked first, time, rows and bytes capped.

Order of a run (`run_bounded`):
1. `EXPLAIN` the statement (in the same READ transaction, so with the same timeout) and refuse plans
   `graph.cypher_guard.check_plan` finds unbounded: estimated rows over a bound, unbounded variable-length
   expansions, cartesian products over whole labels;
2. run it and consume the result record by record (the driver fetches `FETCH_SIZE` at a time), turning each into
   JSON-ready data and counting its bytes as JSON;
3. stop at `max_rows` rows or `max_bytes` bytes (the answer says which cut it), refuse a single row over
   `max_row_bytes`, and close the transaction: the driver discards what the server has not sent and rolls back.

The transaction has a server-side timeout; the server's memory bounds (`db.memory.transaction.max`, set by
graph/neo4j_local.py and docker-compose.yml) stop queries that would hold too much. A failure is never retried:
the driver's managed transactions would run a timed-out or out-of-memory query again.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import neo4j
from neo4j import Driver, Transaction
from neo4j.exceptions import AuthError, DriverError, Neo4jError, ServiceUnavailable, SessionExpired
from neo4j.graph import Node, Relationship
from neo4j.graph import Path as GraphPath

from graph.cypher_guard import check_plan, explain_text
from graph.errors import InvalidQuery, StoreUnavailable

__all__ = ["FETCH_SIZE", "CypherLimits", "CypherRows", "plain", "run_bounded"]

#: Records the driver asks the server for at a time: what may be held beyond the last row counted.
FETCH_SIZE = 50


@dataclass(frozen=True, slots=True)
class CypherLimits:
    """Bounds of one user query (graph/settings.py: SKG_CYPHER_*)."""

    timeout_s: float = 5.0
    max_rows: int = 1000
    max_bytes: int = 4 * 1024 * 1024
    max_row_bytes: int = 1024 * 1024
    max_estimated_rows: float = 10_000_000
    max_cartesian_rows: float = 10_000


class CypherRows(NamedTuple):
    """Columns, rows as JSON-ready dicts, and the bound that cut the answer short (None: the whole answer)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    cut_by: Literal["rows", "bytes"] | None


def plain(value: Any) -> Any:
    """Driver values (nodes, relationships, paths, temporal types) as JSON-ready data."""
    if isinstance(value, Node):
        return {"element_id": value.element_id, "labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, Relationship):
        return {
            "element_id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": plain(dict(value)),
        }
    if isinstance(value, GraphPath):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def _json_bytes(row: dict[str, Any]) -> int:
    return len(json.dumps(row, ensure_ascii=False, default=str).encode("utf-8"))


#: Neo4j status codes of a query stopped by a bound, and what to tell the user.
_STOPPED = {
    "Neo.ClientError.Transaction.TransactionTimedOut": "timeout",
    "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration": "timeout",
    "Neo.TransientError.Transaction.LockClientStopped": "timeout",
    "Neo.TransientError.Transaction.Terminated": "timeout",
    "Neo.ClientError.Transaction.Terminated": "timeout",
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError": "memory",
    "Neo.TransientError.General.OutOfMemoryError": "heap",
}


def _refusal(exc: Neo4jError, limits: CypherLimits) -> InvalidQuery:
    reason = _STOPPED.get(exc.code or "")
    if reason == "timeout":
        return InvalidQuery(
            f"the query ran past its {limits.timeout_s:g} s limit and was stopped (SKG_CYPHER_TIMEOUT_S): "
            "narrow it (a label, an indexed property, a LIMIT)"
        )
    if reason == "memory":
        return InvalidQuery(
            "the query needs more memory than one query may use and was stopped (Neo4j's db.memory.transaction.max): "
            f"aggregate less at once or add a LIMIT ({exc.message})"
        )
    if reason == "heap":
        return InvalidQuery(
            "the query built a value too large for the server's memory and was stopped; the server goes on "
            f"({exc.message})"
        )
    return InvalidQuery(f"Neo4j refused the query: {exc.code}: {exc.message}")


def _plan_and_stream(tx: Transaction, query: str, params: dict[str, Any], limits: CypherLimits) -> CypherRows:
    plan = tx.run(explain_text(query), params).consume().plan
    if plan is not None:
        check_plan(plan, limits.max_estimated_rows, limits.max_cartesian_rows)
    result = tx.run(query, params)
    columns = list(result.keys())
    rows: list[dict[str, Any]] = []
    total = 2  # the brackets of the rows array
    for record in result:
        if len(rows) == limits.max_rows:
            return CypherRows(columns, rows, "rows")
        row = {k: plain(record[k]) for k in columns}
        size = _json_bytes(row)
        if size > limits.max_row_bytes:
            raise InvalidQuery(
                f"row {len(rows) + 1} is {size:,} bytes as JSON, over the {limits.max_row_bytes:,}-byte "
                "limit for one row (SKG_CYPHER_MAX_ROW_BYTES): return fewer or smaller values"
            )
        if total + size + 1 > limits.max_bytes:
            return CypherRows(columns, rows, "bytes")
        total += size + 1
        rows.append(row)
    return CypherRows(columns, rows, None)


def run_bounded(
    driver: Driver, database: str, uri: str, query: str, params: dict[str, Any], limits: CypherLimits
) -> CypherRows:
    """Plan-check, run and stream `query` in one READ transaction within `limits` (see the module doc).

    Raises InvalidQuery for a refused plan, a row over `max_row_bytes`, a timeout, a memory bound or any other
    refusal by Neo4j; StoreUnavailable when the server cannot be reached. Holds at most FETCH_SIZE records and
    the rows kept (under `max_bytes` as JSON) in memory.
    """
    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS, fetch_size=FETCH_SIZE) as session:
            tx = session.begin_transaction(timeout=limits.timeout_s)
            try:
                return _plan_and_stream(tx, query, params, limits)
            finally:
                # Roll back, never commit: a commit would first pull every record left; a rollback has the
                # driver DISCARD them, so the server stops instead of computing what nobody will read.
                with contextlib.suppress(Neo4jError, DriverError):
                    tx.close()
    except (ServiceUnavailable, SessionExpired, AuthError, OSError) as exc:
        raise StoreUnavailable(f"Neo4j at {uri} is unavailable: {exc}") from exc
    except Neo4jError as exc:  # syntax errors, refused writes, timeouts, memory bounds
        raise _refusal(exc, limits) from exc
