"""Resource-style read endpoints: sanctioned actors, violations, paths, actor profiles, evidence, timelines."""

from __future__ import annotations

from functools import partial
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.deps import AnswerDep, StoreDep
from api.pagination import Cursor, Limit, paginate
from api.params import IncludeParam, IsoDate, KnownAsOf, with_rejected
from graph import queries
from graph.model import Verdict
from graph.queries import AFFIRMATIVE
from graph.vocab import Issuer, TransferStatus

router = APIRouter(tags=["queries"])

ActorId = Annotated[str, Path(min_length=2, max_length=64, examples=["RU"])]


@router.get("/sanctioned", response_model=queries.SanctionedAnswer, summary="Actors under an arms embargo")
def get_sanctioned(
    store: StoreDep,
    answer: AnswerDep,
    as_of: IsoDate | None = None,
    issuer: Issuer | None = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    known_as_of: KnownAsOf = None,
) -> Response:
    return answer(lambda: paginate(queries.sanctioned(store, as_of, issuer, known_as_of), "actors", limit, cursor))


@router.get(
    "/violations",
    response_model=queries.ViolationsAnswer,
    summary="Verdicts on transfers under the embargoes that concern them (violations by default)",
)
def get_violations(
    store: StoreDep,
    answer: AnswerDep,
    recipient: Annotated[str | None, Query(max_length=64)] = None,
    supplier: Annotated[str | None, Query(max_length=64)] = None,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    issuer: Issuer | None = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    verdict: Annotated[
        list[Verdict] | None,
        Query(description="Verdicts to list besides `violation`: `possible` (hinges on an unknown), `compliant`."),
    ] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    known_as_of: KnownAsOf = None,
) -> Response:
    found = partial(
        queries.violations,
        store,
        include=tuple(verdict or ()),
        recipient=recipient,
        supplier=supplier,
        since=since,
        until=until,
        issuer=issuer,
        min_confidence=min_confidence,
        known_as_of=known_as_of,
    )
    return answer(lambda: paginate(found(), "violations", limit, cursor))


@router.get("/paths", response_model=queries.PathsAnswer, summary="Supply chains through intermediaries")
def get_paths(
    store: StoreDep,
    answer: AnswerDep,
    source: Annotated[str, Query(min_length=2, max_length=64, examples=["IR"])],
    target: Annotated[str, Query(min_length=2, max_length=64, examples=["RU"])],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 3,
    time_ordered: bool = False,
    status: Annotated[list[TransferStatus] | None, Query()] = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    include: IncludeParam = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    known_as_of: KnownAsOf = None,
) -> Response:
    return answer(
        lambda: queries.paths(
            store,
            source,
            target,
            max_hops=max_hops,
            time_ordered=time_ordered,
            statuses=with_rejected(tuple(status) if status else AFFIRMATIVE, include),
            min_confidence=min_confidence,
            since=since,
            until=until,
            limit=limit,
            known_as_of=known_as_of,
        )
    )


@router.get(
    "/actors/{actor_id}",
    response_model=queries.ActorProfile,
    summary="Everything known about one actor",
    responses={404: {"description": "unknown actor"}},
)
def get_actor(
    store: StoreDep, answer: AnswerDep, actor_id: ActorId, as_of: IsoDate | None = None, known_as_of: KnownAsOf = None
) -> Response:
    return answer(lambda: queries.actor_profile(store, actor_id, as_of, known_as_of))


@router.get(
    "/actors/{actor_id}/timeline",
    response_model=queries.TimelineAnswer,
    summary="Transfers and regime changes touching an actor, in date order",
    responses={404: {"description": "unknown actor"}},
)
def get_timeline(
    store: StoreDep,
    answer: AnswerDep,
    actor_id: ActorId,
    limit: Limit = 500,
    cursor: Cursor = None,
    known_as_of: KnownAsOf = None,
) -> Response:
    return answer(lambda: paginate(queries.timeline(store, actor_id, known_as_of), "events", limit, cursor))


@router.get(
    "/transfers/{transfer_id}/evidence",
    response_model=queries.EvidenceAnswer,
    summary="Every source, quote, claimant and status for one transfer",
    responses={404: {"description": "unknown transfer"}},
)
def get_evidence(
    store: StoreDep,
    answer: AnswerDep,
    transfer_id: Annotated[str, Path(min_length=1, max_length=64)],
    known_as_of: KnownAsOf = None,
) -> Response:
    return answer(lambda: queries.evidence(store, transfer_id, known_as_of))
