"""All export formats behind one name: RDF (Turtle, JSON-LD) via graph/rdf.py, GraphML/GEXF via graph/export.py."""

from __future__ import annotations

from typing import Literal, get_args

from graph import export, rdf
from graph.errors import InvalidQuery
from graph.store import GraphStore

__all__ = ["FORMATS", "MEDIA_TYPES", "Format", "export_bytes"]

Format = Literal["turtle", "jsonld", "graphml", "gexf"]
FORMATS: tuple[str, ...] = get_args(Format)
MEDIA_TYPES: dict[str, str] = {
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}


def export_bytes(
    store: GraphStore, fmt: str, actor: str | None = None, hops: int = 1, include_rejected: bool = False
) -> bytes:
    """The whole graph, or the subgraph within `hops` of `actor`, in `fmt` (transfers a reviewer rejected only with
    `include_rejected`). InvalidQuery for an unknown format."""
    if fmt == "turtle":
        return rdf.serialize(rdf.store_to_rdf(store, actor, hops, include_rejected), "turtle").encode("utf-8")
    if fmt == "jsonld":
        return rdf.serialize(rdf.store_to_rdf(store, actor, hops, include_rejected), "json-ld").encode("utf-8")
    if fmt in ("graphml", "gexf"):
        return export.store_export(store, fmt, actor, hops, include_rejected=include_rejected)  # type: ignore[arg-type]
    raise InvalidQuery(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
