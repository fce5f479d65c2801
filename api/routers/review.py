"""The review loop over REST: record decisions (reviewer key), read them and the queue (open), the audit log
(admin key), JSONL export and import of decisions."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from api.auth import AdminDep, ReviewerDep, address_of
from api.deps import AnswerDep, LiveDep, StoreDep
from api.live_store import LiveStore
from api.pagination import Cursor, Limit, offset_of
from api.params import IsoDate, KnownAsOf
from graph import review
from graph.decisions import AuditEntry, CorrectableField, Decision, DecisionKind, RejectReason, new_decision
from graph.errors import InvalidInput, TooLarge
from graph.known_as_of import as_known
from graph.review_queue import QueueAnswer, queue
from graph.settings import get_settings

router = APIRouter(tags=["review"])

_WRITE: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or wrong X-API-Key"},
    403: {"description": "the key's role may not do this"},
}


class DecisionIn(BaseModel):
    """A decision as a client sends it; the author is the key's name and the time the server's."""

    model_config = ConfigDict(extra="forbid")

    kind: DecisionKind
    target: str = Field(max_length=64, examples=["cl-0123456789abcdef"])
    reason: RejectReason | None = None
    corrections: dict[CorrectableField, Any] = Field(default_factory=dict)
    other: str | None = Field(default=None, max_length=64)
    claims: list[str] = Field(default_factory=list, max_length=1000)
    comment: str | None = Field(default=None, max_length=4000)


class DecisionsAnswer(BaseModel):
    decisions: tuple[Decision, ...]
    #: Those whose target no longer exists in the store.
    orphaned: tuple[str, ...]


class AuditAnswer(BaseModel):
    entries: tuple[AuditEntry, ...]
    next_cursor: str | None = None


@router.post("/review/decisions", status_code=201, summary="Record a decision (reviewer key)", responses=_WRITE)
async def post_decision(body: DecisionIn, who: ReviewerDep, live: LiveDep, request: Request) -> Decision:
    try:
        decision = new_decision(
            body.kind,
            body.target,
            who.name,
            reason=body.reason,
            corrections={f.value: v for f, v in body.corrections.items()},
            other=body.other,
            claims=body.claims,
            comment=body.comment,
        )
    except ValidationError as exc:
        raise InvalidInput(review.validation_message(exc)) from None
    return await run_in_threadpool(_decide, live, decision, address_of(request))


def _decide(live: LiveStore, decision: Decision, address: str | None) -> Decision:
    # decisions are writes like uploads: one at a time, and readers see the graph before or after (LiveStore)
    with live.writing() as store:
        return review.decide(store, decision, address)


@router.get("/review/decisions", response_model=DecisionsAnswer, summary="Decisions, oldest first; orphans listed")
def get_decisions(
    store: StoreDep,
    answer: AnswerDep,
    target: Annotated[str | None, Query(max_length=64)] = None,
    known_as_of: KnownAsOf = None,
) -> Response:
    def build() -> DecisionsAnswer:
        view = as_known(store, known_as_of)  # the decisions recorded by that day
        found = view.decisions([target] if target else None)
        return DecisionsAnswer(decisions=tuple(found), orphaned=tuple(d.id for d in review.orphaned(store, found)))

    return answer(build)


@router.get("/review/queue", response_model=QueueAnswer, summary="Open claims, most urgent first")
def get_queue(
    store: StoreDep,
    answer: AnswerDep,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    language: Annotated[str | None, Query(max_length=8)] = None,
    source: Annotated[str | None, Query(max_length=64)] = None,
    since: IsoDate | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Response:
    return answer(
        lambda: queue(
            store, actor=actor, language=language, source=source, since=since, offset=offset_of(cursor), limit=limit
        )
    )


@router.get("/review/export", summary="Every decision as JSONL", response_class=Response)
def export_decisions(store: StoreDep) -> Response:
    out = io.StringIO()
    review.export_decisions(store, out)
    return Response(out.getvalue(), media_type="application/x-ndjson")


@router.post("/review/import", summary="Import decisions from JSONL (reviewer key)", responses=_WRITE)
async def import_decisions(who: ReviewerDep, live: LiveDep, request: Request) -> dict[str, Any]:
    limit = get_settings().max_upload_bytes
    if int(request.headers.get("content-length") or 0) > limit:
        raise TooLarge(f"request body: larger than the {limit:,}-byte upload limit")
    raw = await request.body()
    if len(raw) > limit:
        raise TooLarge(f"request body: larger than the {limit:,}-byte upload limit")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"request body: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    def run() -> dict[str, Any]:
        with live.writing() as store:
            return review.import_decisions(
                store, text.splitlines(), who.name, "request body", address_of(request)
            ).to_json()

    return await run_in_threadpool(run)


@router.get("/audit", response_model=AuditAnswer, summary="The audit log, newest first (admin key)", responses=_WRITE)
def get_audit(
    _: AdminDep,
    store: StoreDep,
    since: datetime | None = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> AuditAnswer:
    start = offset_of(cursor)
    entries = store.audit(limit=limit + 1, offset=start, since=since)
    more = len(entries) > limit
    return AuditAnswer(entries=tuple(entries[:limit]), next_cursor=str(start + limit) if more else None)
