"""Watch-lists over REST (reviewer key): make one (its secret is shown once), list them, delete one, and list a
watch's deliveries with their status. Deliveries themselves are made by api/webhooks.py."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field

from api.auth import ReviewerDep, Role
from api.deps import StoreDep
from graph.errors import NotAllowed, NotFound
from graph.watch_store import WatchStore, watch_store_for
from graph.watches import Delivery, Watch, WatchQuery, new_watch

router = APIRouter(tags=["watches"])

_WRITE: dict[int | str, dict[str, Any]] = {
    401: {"description": "missing or wrong X-API-Key"},
    403: {"description": "the key's role may not do this"},
}
WatchId = Annotated[str, Path(pattern=r"^wa-[0-9a-f]{16}$")]


class WatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", max_length=200)
    query: WatchQuery
    url: AnyHttpUrl = Field(examples=["https://newsroom.example/hooks/skg"])


class WatchOut(BaseModel):
    """A watch as listed: everything but its secret."""

    id: str
    name: str
    owner: str
    query: WatchQuery
    url: str
    created: datetime
    cursor: int
    delivered: int
    failed: int

    @classmethod
    def of(cls, w: Watch) -> WatchOut:
        return cls(**w.model_dump(exclude={"secret", "url"}), url=str(w.url))


class WatchCreated(WatchOut):
    #: The HMAC-SHA256 key of its deliveries: shown now, never again.
    secret: str


class WatchesAnswer(BaseModel):
    watches: tuple[WatchOut, ...]


class DeliveriesAnswer(BaseModel):
    watch: str
    deliveries: tuple[Delivery, ...]


def _watches(request: Request) -> WatchStore:
    found: WatchStore | None = getattr(request.app.state, "watches", None)
    if found is None:  # an app driven without its lifespan (schema fuzzing)
        found = request.app.state.watches = watch_store_for(request.app.state.store)
    return found


def _own(request: Request, watch_id: str, who: Any) -> Watch:
    watch = _watches(request).get(watch_id)
    if watch is None:
        raise NotFound(f"no watch {watch_id}")
    if watch.owner != who.name and not who.may(Role.ADMIN):
        raise NotAllowed(f"watch {watch_id} belongs to {watch.owner!r}")
    return watch


@router.post("/watches", status_code=201, summary="Watch the change feed (reviewer key)", responses=_WRITE)
def post_watch(body: WatchIn, who: ReviewerDep, store: StoreDep, request: Request) -> WatchCreated:
    # it starts at the feed's end: a new watch is told of what changes from now on
    watch = new_watch(body.name, who.name, body.query, str(body.url), store.last_change_seq())
    _watches(request).put(watch)
    return WatchCreated(**WatchOut.of(watch).model_dump(), secret=watch.secret)


@router.get("/watches", summary="Watches (reviewer key; an admin sees everyone's)", responses=_WRITE)
def get_watches(who: ReviewerDep, request: Request) -> WatchesAnswer:
    found = [w for w in _watches(request).all() if w.owner == who.name or who.may(Role.ADMIN)]
    return WatchesAnswer(watches=tuple(WatchOut.of(w) for w in found))


@router.delete("/watches/{watch_id}", status_code=204, summary="Delete a watch and its deliveries", responses=_WRITE)
def delete_watch(watch_id: WatchId, who: ReviewerDep, request: Request) -> Response:
    _own(request, watch_id, who)
    _watches(request).delete(watch_id)
    return Response(status_code=204)


@router.get("/watches/{watch_id}/deliveries", summary="A watch's deliveries, newest first", responses=_WRITE)
def get_deliveries(
    watch_id: WatchId,
    who: ReviewerDep,
    request: Request,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> DeliveriesAnswer:
    _own(request, watch_id, who)
    return DeliveriesAnswer(watch=watch_id, deliveries=tuple(_watches(request).deliveries(watch_id, limit)))
