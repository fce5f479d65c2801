"""All export formats behind one name: RDF (Turtle, JSON-LD) via graph/rdf.py, GraphML/GEXF via graph/export.py."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Literal, get_args

from graph import export, rdf
from graph.errors import InvalidQuery, TooLarge
from graph.export_stream import CHUNK_BYTES, iter_gexf, iter_graphml
from graph.model import Actor, Transfer
from graph.sanctions import sanctioned_actors
from graph.store import GraphStore

__all__ = ["FORMATS", "MEDIA_TYPES", "Format", "export_bytes", "export_stream"]

Format = Literal["turtle", "jsonld", "graphml", "gexf"]
FORMATS: tuple[str, ...] = get_args(Format)
MEDIA_TYPES: dict[str, str] = {
    "turtle": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}


def export_bytes(
    store: GraphStore,
    fmt: str,
    actor: str | None = None,
    hops: int = 1,
    max_transfers: int | None = None,
    include_rejected: bool = False,
) -> bytes:
    """The whole graph, or the subgraph within `hops` of `actor`, in `fmt` (transfers a reviewer rejected only with
    `include_rejected`). InvalidQuery for an unknown format; TooLarge, before any serializing, when the export
    would hold more than `max_transfers` transfers."""
    return b"".join(export_stream(store, fmt, actor, hops, max_transfers, include_rejected))


def export_stream(
    store: GraphStore,
    fmt: str,
    actor: str | None = None,
    hops: int = 1,
    max_transfers: int | None = None,
    include_rejected: bool = False,
) -> Iterator[bytes]:
    """As export_bytes, as chunks to send: the graph is read and every check made (NotFound, InvalidQuery,
    TooLarge) before this returns, so an error is raised before a byte is sent. GraphML is written as it is sent
    and so is GEXF (graph/export_stream.py); Turtle and JSON-LD a few hundred objects at a time (graph/rdf.py
    `iter_store_rdf`)."""
    part = _checked_part(store, fmt, actor, hops, max_transfers, include_rejected)
    if fmt == "graphml":
        return iter_graphml(*part, set(sanctioned_actors(store.regimes(), date.today())))
    if fmt == "gexf":
        return iter_gexf(*part, set(sanctioned_actors(store.regimes(), date.today())))
    text = rdf.iter_store_rdf(store, "turtle" if fmt == "turtle" else "json-ld", actor, hops, part)
    return _rechunked(text)


def _rechunked(texts: Iterator[str]) -> Iterator[bytes]:
    """The UTF-8 bytes of pieces of text of any size, in chunks of CHUNK_BYTES (the last one shorter)."""
    pending = b""
    for text in texts:
        pending += text.encode("utf-8")
        while len(pending) >= CHUNK_BYTES:
            yield pending[:CHUNK_BYTES]
            pending = pending[CHUNK_BYTES:]
    if pending:
        yield pending


def _checked_part(
    store: GraphStore, fmt: str, actor: str | None, hops: int, max_transfers: int | None, include_rejected: bool
) -> tuple[list[Actor], list[Transfer]]:
    if fmt not in FORMATS:
        raise InvalidQuery(f"unknown export format {fmt!r}: one of {', '.join(FORMATS)}")
    what = "the whole graph" if actor is None else f"the graph within {hops} hop(s) of {actor}"
    if max_transfers is not None and actor is None and (n := store.counts()["transfers"]) > max_transfers:
        raise TooLarge(f"{what} holds {n:,} transfers, over the {max_transfers:,} allowed without the API key")
    part = export.neighbourhood(store, actor, hops, include_rejected)
    if max_transfers is not None and len(part[1]) > max_transfers:
        raise TooLarge(
            f"{what} holds {len(part[1]):,} transfers, over the {max_transfers:,} allowed without the API key: "
            "send X-API-Key, or ask for fewer hops"
        )
    return part
