"""Who supplies an actor, and the transfers behind each supplier row."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from api.deps import AnswerDep, StoreDep
from api.pagination import Cursor, Limit, offset_of
from api.params import IncludeParam, IsoDate, KnownAsOf, with_rejected
from graph.queries import (
    AFFIRMATIVE,
    MAX_PER_SUPPLIER,
    PER_SUPPLIER,
    SUPPLIERS_PAGE,
    SuppliersAnswer,
    TransfersAnswer,
    suppliers,
    transfers,
)
from graph.vocab import Issuer, SourceKind, TransferStatus

router = APIRouter(tags=["queries"])

ActorParam = Annotated[str | None, Query(min_length=2, max_length=64)]
Statuses = Annotated[
    list[TransferStatus] | None, Query(description="Transfer statuses to keep (default: all but denied).")
]
MinConfidence = Annotated[float, Query(ge=0.0, le=1.0)]


@router.get(
    "/suppliers",
    response_model=SuppliersAnswer,
    summary="Direct suppliers of an actor, most transfers first, with counts and their newest transfers",
)
def get_suppliers(
    store: StoreDep,
    answer: AnswerDep,
    recipient: Annotated[str, Query(min_length=2, max_length=64, examples=["RU"])],
    sanctioned: bool = False,
    as_of: IsoDate | None = None,
    issuer: Issuer | None = None,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    status: Statuses = None,
    min_confidence: MinConfidence = 0.0,
    source_kind: SourceKind | None = None,
    include: IncludeParam = None,
    per_supplier: Annotated[
        int,
        Query(ge=0, le=MAX_PER_SUPPLIER, description="Newest transfers listed per supplier (counts cover all)."),
    ] = PER_SUPPLIER,
    limit: Limit = SUPPLIERS_PAGE,
    cursor: Cursor = None,
    known_as_of: KnownAsOf = None,
) -> Response:
    return answer(
        lambda: suppliers(
            store,
            recipient,
            sanctioned=sanctioned,
            as_of=as_of,
            issuer=issuer,
            since=since,
            until=until,
            statuses=with_rejected(tuple(status) if status else AFFIRMATIVE, include),
            min_confidence=min_confidence,
            source_kind=source_kind,
            per_supplier=per_supplier,
            limit=limit,
            offset=offset_of(cursor),
            known_as_of=known_as_of,
        )
    )


@router.get(
    "/transfers",
    response_model=TransfersAnswer,
    summary="Transfers from a supplier, to a recipient or touching an actor, oldest first",
)
def get_transfers(
    store: StoreDep,
    answer: AnswerDep,
    supplier: ActorParam = None,
    recipient: ActorParam = None,
    actor: ActorParam = None,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    status: Statuses = None,
    min_confidence: MinConfidence = 0.0,
    source_kind: SourceKind | None = None,
    include: IncludeParam = None,
    reviewed: Annotated[bool | None, Query(description="Only transfers reviewers decided on (or not).")] = None,
    limit: Limit = 100,
    cursor: Cursor = None,
    known_as_of: KnownAsOf = None,
) -> Response:
    return answer(
        lambda: transfers(
            store,
            supplier=supplier,
            recipient=recipient,
            actor=actor,
            since=since,
            until=until,
            statuses=with_rejected(tuple(status) if status else AFFIRMATIVE, include),
            min_confidence=min_confidence,
            source_kind=source_kind,
            limit=limit,
            offset=offset_of(cursor),
            reviewed=reviewed,
            known_as_of=known_as_of,
        )
    )
