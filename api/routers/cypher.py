"""Read-only Cypher for questions nobody foresaw (Neo4j deployments only), within bounds.

The route is a coroutine so that queries waiting for Neo4j never hold the threads the product's own (synchronous)
routes run on: at most SKG_CYPHER_CONCURRENCY queries run at once, each on a thread of its own pool; one more is
answered 429 with Retry-After at once. The body is read and parsed here, with a byte cap and a nesting check
before json.loads, so that a huge or deeply nested body is a clear 400/413, never a 500.
"""

from __future__ import annotations

import json
import math
from typing import Any

import anyio
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError

from api.deps import SettingsDep, StoreDep
from api.errors import ErrorBody, error_body
from graph.cypher import EXAMPLE_USER_QUERY
from graph.cypher_guard import MAX_PARAM_DEPTH, MAX_QUERY_LENGTH
from graph.cypher_runner import CypherLimits
from graph.errors import InvalidQuery, TooLarge
from graph.queries import CypherAnswer, run_cypher
from graph.settings import Settings

router = APIRouter(tags=["cypher"])

#: Nesting of the request body itself: {"params": {"p": [...]}} adds two levels to a parameter's own.
_MAX_BODY_DEPTH = MAX_PARAM_DEPTH + 2


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=MAX_QUERY_LENGTH, examples=[EXAMPLE_USER_QUERY])
    params: dict[str, Any] = Field(default_factory=dict, examples=[{"id": "KP"}])


class _Pool:
    """Slots for queries running at once, and the threads they run on (not the default pool's)."""

    def __init__(self, size: int) -> None:
        self.slots = anyio.CapacityLimiter(size)
        self.threads = anyio.CapacityLimiter(size)


def _pool(app: FastAPI, settings: Settings) -> _Pool:
    pool: _Pool | None = getattr(app.state, "cypher_pool", None)
    if pool is None:  # no await since the lookup: one pool per app
        pool = _Pool(settings.cypher_concurrency)
        app.state.cypher_pool = pool
    return pool


def _nesting(raw: bytes) -> int:
    """Deepest nesting of [ and { in a JSON text, outside strings (json.loads recurses once per level)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


async def _read_request(request: Request, settings: Settings) -> CypherRequest:
    cap = 4 * MAX_QUERY_LENGTH + 2 * settings.cypher_max_param_bytes + 64 * 1024  # escapes may quadruple text
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise TooLarge(f"the request body is over {cap:,} bytes (query and params; SKG_CYPHER_MAX_PARAM_BYTES)")
        chunks.append(chunk)
    raw = b"".join(chunks)
    if _nesting(raw) > _MAX_BODY_DEPTH:
        raise InvalidQuery(f"params are nested deeper than {MAX_PARAM_DEPTH} levels")
    try:
        return CypherRequest.model_validate(json.loads(raw))
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and big-integer text are ValueErrors
        raise InvalidQuery(f"the body is not valid JSON: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "body"
        raise InvalidQuery(f"{where}: {first.get('msg')}") from exc


@router.post(
    "/cypher",
    response_model=CypherAnswer,
    summary="Run read-only Cypher (READ transaction, plan check, timeout, row, byte and concurrency limits)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": CypherRequest.model_json_schema()}},
        }
    },
    responses={
        400: {"description": "refused: writes, LOAD CSV, procedures outside the allowlist, syntax errors, "
              "unbounded plans or loops, oversized parameters, a query stopped by the timeout or a memory bound"},
        413: {"model": ErrorBody, "description": "request body too large"},
        429: {"model": ErrorBody, "description": "as many queries as SKG_CYPHER_CONCURRENCY are running; retry later"},
        501: {"description": "the embedded store does not run Cypher"},
    },
)  # fmt: skip
async def post_cypher(request: Request, store: StoreDep, settings: SettingsDep) -> Any:
    body = await _read_request(request, settings)
    pool = _pool(request.app, settings)
    try:
        pool.slots.acquire_nowait()
    except anyio.WouldBlock:
        retry = max(1, math.ceil(settings.cypher_timeout_s))
        return JSONResponse(
            error_body(
                "busy",
                f"{settings.cypher_concurrency} Cypher queries are already running (SKG_CYPHER_CONCURRENCY); "
                f"retry in {retry} s",
            ),
            status_code=429,
            headers={"Retry-After": str(retry)},
        )
    limits = CypherLimits(
        timeout_s=settings.cypher_timeout_s,
        max_rows=settings.cypher_max_rows,
        max_bytes=settings.cypher_max_bytes,
        max_row_bytes=settings.cypher_max_row_bytes,
        max_estimated_rows=settings.cypher_max_estimated_rows,
        max_cartesian_rows=settings.cypher_max_cartesian_rows,
    )
    try:
        return await anyio.to_thread.run_sync(
            lambda: run_cypher(
                store, body.query, body.params, limits.timeout_s, limits.max_rows, limits,
                settings.cypher_max_param_bytes,
            ),
            limiter=pool.threads,
        )  # fmt: skip
    finally:
        pool.slots.release()
