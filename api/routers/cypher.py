"""Read-only Cypher for questions nobody foresaw (Neo4j deployments only)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import SettingsDep, StoreDep
from graph.cypher import EXAMPLE_USER_QUERY
from graph.queries import CypherAnswer, run_cypher

router = APIRouter(tags=["cypher"])


class CypherRequest(BaseModel):
    query: str = Field(min_length=1, max_length=20_000, examples=[EXAMPLE_USER_QUERY])
    params: dict[str, Any] = Field(default_factory=dict, examples=[{"id": "KP"}])


@router.post(
    "/cypher",
    response_model=CypherAnswer,
    summary="Run read-only Cypher (READ transaction, timeout, row limit)",
    responses={
        400: {"description": "refused: writes, LOAD CSV, procedures outside the allowlist, syntax errors"},
        501: {"description": "the embedded store does not run Cypher"},
    },
)
def post_cypher(body: CypherRequest, store: StoreDep, settings: SettingsDep) -> CypherAnswer:
    return run_cypher(store, body.query, body.params, settings.cypher_timeout_s, settings.cypher_max_rows)
