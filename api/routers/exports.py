"""Files for other tools: RDF (Turtle, JSON-LD), GraphML and GEXF.

Serializing is slow (rdflib: tens of seconds for the whole SIPRI register), so without the API key an export may
hold at most SKG_EXPORT_MAX_TRANSFERS transfers; bigger ones answer 413 before any work beyond counting. The
body is streamed: GraphML is written as it is sent (graph/export_stream.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from api.deps import HasKeyDep, SettingsDep, StoreDep
from api.params import IncludeParam, KnownAsOf
from graph.exports import MEDIA_TYPES, Format, export_stream
from graph.known_as_of import as_known

router = APIRouter(tags=["exports"])


@router.get(
    "/export",
    summary="The graph, or the subgraph around an actor, as Turtle, JSON-LD, GraphML or GEXF",
    response_class=Response,
    responses={
        200: {"content": {m.split(";")[0]: {} for m in MEDIA_TYPES.values()}},
        413: {"description": "more transfers than SKG_EXPORT_MAX_TRANSFERS without the API key"},
    },
)
def get_export(
    store: StoreDep,
    settings: SettingsDep,
    keyed: HasKeyDep,
    format: Format = "turtle",
    actor: Annotated[str | None, Query(max_length=64)] = None,
    hops: Annotated[int, Query(ge=0, le=4)] = 1,
    include: IncludeParam = None,
    known_as_of: KnownAsOf = None,
) -> Response:
    # read and checked here (errors are JSON answers), then sent as it is written: GraphML never whole in memory
    chunks = export_stream(
        as_known(store, known_as_of),
        format,
        actor,
        hops,
        None if keyed else settings.export_max_transfers,
        include_rejected=include == "rejected",
    )
    extension = {"turtle": "ttl", "jsonld": "jsonld", "graphml": "graphml", "gexf": "gexf"}[format]
    return StreamingResponse(
        chunks,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="sanctions-kg.{extension}"'},
    )
