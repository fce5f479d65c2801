"""The change feed: `GET /changes` (JSON, paged by seq), `GET /changes/{seq}`, `GET /changes.atom` (Atom 1.0)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from api.atom import ATOM_TYPE, atom_feed
from api.deps import StoreDep
from graph.changes import Change, ChangeFilter, ChangeKind, ChangePage
from graph.errors import NotFound
from graph.model import Verdict
from graph.vocab import Issuer

router = APIRouter(tags=["changes"])

Since = Annotated[int, Query(ge=0, le=2**62, description="Changes after this seq (`next_since` of the last page).")]
ActorQ = Annotated[str | None, Query(max_length=64, description="Only changes concerning this actor id (RU, KP...).")]
IssuerQ = Annotated[Issuer | None, Query(description="Only changes under this issuer's measures.")]
VerdictQ = Annotated[Verdict | None, Query(description="Only verdict changes to this verdict.")]
KindQ = Annotated[list[ChangeKind] | None, Query(description="Only these kinds of change (repeatable).")]


def _filter(
    actor: str | None, issuer: Issuer | None, verdict: Verdict | None, kind: list[ChangeKind] | None
) -> ChangeFilter | None:
    if actor is None and issuer is None and verdict is None and not kind:
        return None
    return ChangeFilter(actor=actor, issuer=issuer, verdict=verdict, kinds=tuple(kind or ()))


@router.get(
    "/changes", response_model=ChangePage, summary="Changes after a seq, oldest first (paged: pass next_since back)"
)
def changes(
    store: StoreDep,
    since: Since = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    actor: ActorQ = None,
    issuer: IssuerQ = None,
    verdict: VerdictQ = None,
    kind: KindQ = None,
) -> Response:
    last = store.last_change_seq()  # read first: a change recorded meanwhile is on this page or the next
    found = store.changes(since, limit + 1, _filter(actor, issuer, verdict, kind))
    page = found[:limit]
    more = len(found) > limit
    answer = ChangePage(
        changes=tuple(page), since=since, next_since=page[-1].seq if page else since, last_seq=last, more=more
    )
    # serialized here: FastAPI would validate every change of the page again (6 of 7 ms for 100 changes)
    return Response(answer.model_dump_json(), media_type="application/json")


@router.get("/changes.atom", summary="The newest changes as an Atom 1.0 feed", response_class=Response)
def changes_atom(
    store: StoreDep,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    actor: ActorQ = None,
    issuer: IssuerQ = None,
    verdict: VerdictQ = None,
    kind: KindQ = None,
) -> Response:
    found = store.changes(0, limit, _filter(actor, issuer, verdict, kind), newest=True)
    wanted = [f"{k}={v}" for k, v in (("actor", actor), ("issuer", issuer), ("verdict", verdict)) if v is not None]
    title = "sanctions-kg changes" + (f" ({', '.join(wanted)})" if wanted else "")
    body = atom_feed(found, str(request.url), str(request.base_url), request.url.hostname or "", title)
    return Response(body, media_type=ATOM_TYPE)


@router.get("/changes/{seq}", response_model=Change, summary="One change")
def change(store: StoreDep, seq: Annotated[int, Path(ge=1, le=2**62)]) -> Change:
    found = store.changes(seq - 1, 1)
    if not found or found[0].seq != seq:
        raise NotFound(f"no change {seq} (the last is {store.last_change_seq()})")
    return found[0]
