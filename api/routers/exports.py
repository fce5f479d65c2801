"""Files for other tools: RDF (Turtle, JSON-LD), GraphML and GEXF."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import StoreDep
from api.params import IncludeParam
from graph.exports import MEDIA_TYPES, Format, export_bytes

router = APIRouter(tags=["exports"])


@router.get(
    "/export",
    summary="The graph, or the subgraph around an actor, as Turtle, JSON-LD, GraphML or GEXF",
    response_class=Response,
    responses={200: {"content": {m.split(";")[0]: {} for m in MEDIA_TYPES.values()}}},
)
def get_export(
    store: StoreDep,
    format: Format = "turtle",
    actor: Annotated[str | None, Query(max_length=64)] = None,
    hops: Annotated[int, Query(ge=0, le=4)] = 1,
    include: IncludeParam = None,
) -> Response:
    data = export_bytes(store, format, actor, hops, include_rejected=include == "rejected")
    extension = {"turtle": "ttl", "jsonld": "jsonld", "graphml": "graphml", "gexf": "gexf"}[format]
    return Response(
        content=data,
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="sanctions-kg.{extension}"'},
    )
