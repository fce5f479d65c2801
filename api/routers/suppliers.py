"""Who supplies an actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import StoreDep
from api.params import IsoDate
from graph.queries import AFFIRMATIVE, SuppliersAnswer, suppliers
from graph.vocab import Issuer, SourceKind, TransferStatus

router = APIRouter(tags=["queries"])


@router.get("/suppliers", response_model=SuppliersAnswer, summary="Direct suppliers of an actor, with evidence")
def get_suppliers(
    store: StoreDep,
    recipient: Annotated[str, Query(min_length=2, max_length=64, examples=["RU"])],
    sanctioned: bool = False,
    as_of: IsoDate | None = None,
    issuer: Issuer | None = None,
    since: IsoDate | None = None,
    until: IsoDate | None = None,
    status: Annotated[list[TransferStatus] | None, Query()] = None,
    min_confidence: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
    source_kind: SourceKind | None = None,
) -> SuppliersAnswer:
    return suppliers(
        store,
        recipient,
        sanctioned=sanctioned,
        as_of=as_of,
        issuer=issuer,
        since=since,
        until=until,
        statuses=tuple(status) if status else AFFIRMATIVE,
        min_confidence=min_confidence,
        source_kind=source_kind,
    )
