"""GraphML and GEXF exports (Gephi, yEd, Cytoscape) through networkx.

Nodes are actors, edges are transfers in a directed multigraph (supplier → recipient, one edge per transfer,
keyed by transfer id). Every attribute is a GraphML scalar (str, int, float or bool; never None), and text is
stripped of the characters XML 1.0 cannot carry.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO, TYPE_CHECKING, Literal

import networkx as nx

from graph.errors import InvalidQuery, NotFound
from graph.model import Actor, Transfer
from graph.sanctions import sanctioned_actors
from graph.store import TransferFilter
from graph.vocab import ActorKind, TransferStatus

if TYPE_CHECKING:
    from graph.store import GraphStore

__all__ = [
    "MAX_HOPS",
    "QUOTE_SEPARATOR",
    "ExportFormat",
    "edge_attrs",
    "iter_chunks",
    "neighbourhood",
    "node_attrs",
    "store_export",
    "to_bytes",
    "to_networkx",
    "unknown_node_attrs",
    "write_gexf",
    "write_graphml",
]

ExportFormat = Literal["graphml", "gexf"]
#: Largest neighbourhood radius `neighbourhood` accepts.
MAX_HOPS = 4
#: Joins the quotes of a transfer's evidence in the `quotes` edge attribute.
QUOTE_SEPARATOR = "\n---\n"

# Characters outside the XML 1.0 `Char` production: writers emit them, then every parser refuses the file.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_REJECTED = TransferStatus.REJECTED


def _text(value: object) -> str:
    return "" if value is None else _NOT_XML.sub("", str(value))


def _node_attrs(name: str, kind: str, country: str | None, sanctioned: bool) -> dict[str, str | bool]:
    return {
        "name": _text(name),
        "label": _text(name),
        "kind": kind,
        "country": _text(country),
        "sanctioned": sanctioned,
    }


def edge_attrs(t: Transfer) -> dict[str, str | float | int]:
    """The GraphML/GEXF attributes of a transfer's edge (see to_networkx)."""
    return {
        "id": t.id,
        "category": t.category.value,
        "designation": _text(t.designation),
        "status": t.status.value,
        "confidence": float(t.confidence),
        "date_from": t.date_from.isoformat() if t.date_from else "",
        "date_to": t.date_to.isoformat() if t.date_to else "",
        "sources": len(t.source_ids),
        "evidence": len(t.evidence),
        "quotes": QUOTE_SEPARATOR.join(_text(e.quote) for e in t.evidence),
    }


def node_attrs(a: Actor, sanctioned: bool) -> dict[str, str | bool]:
    """The GraphML/GEXF attributes of an actor's node (see to_networkx)."""
    return _node_attrs(a.name, a.kind.value, a.country, sanctioned)


def unknown_node_attrs(actor_id: str, sanctioned: bool) -> dict[str, str | bool]:
    """The attributes of an endpoint missing from the actors: kind "unknown", named by its id."""
    return _node_attrs(actor_id, ActorKind.UNKNOWN.value, None, sanctioned)


def to_networkx(
    actors: Iterable[Actor],
    transfers: Iterable[Transfer],
    sanctioned: set[str] | frozenset[str] = frozenset(),
) -> nx.MultiDiGraph:
    """A MultiDiGraph: one node per actor, one supplier→recipient edge per transfer (key = transfer id).

    Node attributes: name, label, kind, country ("" when unknown), sanctioned (id in `sanctioned`). Edge
    attributes: id, category, designation, status, confidence, date_from, date_to (ISO dates or ""),
    sources (number of distinct sources), evidence (number of pieces), quotes (joined with QUOTE_SEPARATOR).
    An endpoint missing from `actors` becomes a node of kind "unknown" named by its id.
    O(actors + transfers + evidence).
    """
    g = nx.MultiDiGraph()
    for a in actors:
        g.add_node(a.id, **node_attrs(a, a.id in sanctioned))
    for t in transfers:
        for end in (t.supplier, t.recipient):
            if end not in g:
                g.add_node(end, **unknown_node_attrs(end, end in sanctioned))
        g.add_edge(t.supplier, t.recipient, key=t.id, **edge_attrs(t))
    return g


def write_graphml(g: nx.MultiDiGraph, fp: IO[bytes]) -> None:
    """Write `g` as GraphML (UTF-8) to a binary file object."""
    nx.write_graphml(g, fp, encoding="utf-8", prettyprint=True)


def write_gexf(g: nx.MultiDiGraph, fp: IO[bytes]) -> None:
    """Write `g` as GEXF 1.2 (UTF-8) to a binary file object."""
    nx.write_gexf(g, fp, encoding="utf-8", prettyprint=True)


def to_bytes(g: nx.MultiDiGraph, fmt: ExportFormat) -> bytes:
    """The document for `g` in `fmt` ("graphml" or "gexf"). Raises InvalidQuery for another format."""
    buffer = io.BytesIO()
    if fmt == "graphml":
        write_graphml(g, buffer)
    elif fmt == "gexf":
        write_gexf(g, buffer)
    else:
        raise InvalidQuery(f"unknown export format {fmt!r}: use 'graphml' or 'gexf'")
    return buffer.getvalue()


def iter_chunks(g: nx.MultiDiGraph, fmt: ExportFormat, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
    """The document in chunks of at most `chunk_size` bytes, for a streaming HTTP response.

    networkx builds the whole document in memory first, so this bounds the size of writes, not memory.
    """
    if chunk_size < 1:
        raise InvalidQuery("chunk_size must be positive")
    data = memoryview(to_bytes(g, fmt))
    for offset in range(0, len(data), chunk_size):
        yield bytes(data[offset : offset + chunk_size])


def neighbourhood(
    store: GraphStore, actor: str | None = None, hops: int = 1, include_rejected: bool = False
) -> tuple[list[Actor], list[Transfer]]:
    """The actors and transfers of the whole graph (actor None), or of the subgraph induced by the actors
    within `hops` transfers of `actor` (either direction), like networkx's `ego_graph`.

    Actors come in id order, transfers in (date_from, id) order. Raises NotFound for an unknown actor and
    InvalidQuery unless 0 <= hops <= MAX_HOPS. Cost: one `store.transfers` call per actor reached. Transfers a
    reviewer rejected are left out unless `include_rejected`.
    """
    if isinstance(hops, bool) or not isinstance(hops, int) or not 0 <= hops <= MAX_HOPS:
        raise InvalidQuery(f"hops must be an integer from 0 to {MAX_HOPS}, got {hops!r}")
    if actor is None:
        everything = store.transfers(TransferFilter())
        return store.actors(None), [t for t in everything if include_rejected or t.status is not _REJECTED]
    if store.actor(actor) is None:
        raise NotFound(f"no actor with id {actor!r}")
    reached = {actor}
    frontier = [actor]
    touching: dict[str, Transfer] = {}
    # Radius `hops`, then one more round over the outermost actors for the edges among them (induced).
    for depth in range(hops + 1):
        following: list[str] = []
        for a in frontier:
            for t in store.transfers(TransferFilter(actor=a)):
                touching[t.id] = t
                if depth < hops:
                    for other in (t.supplier, t.recipient):
                        if other not in reached:
                            reached.add(other)
                            following.append(other)
        frontier = sorted(following)
        if not frontier and depth < hops:
            break
    transfers = [
        t
        for t in touching.values()
        if t.supplier in reached and t.recipient in reached and (include_rejected or t.status is not _REJECTED)
    ]
    transfers.sort(key=lambda t: (t.date_from or date.min, t.id))
    return store.actors(sorted(reached)), transfers


def store_export(
    store: GraphStore,
    fmt: ExportFormat,
    actor: str | None = None,
    hops: int = 1,
    as_of: date | None = None,
    include_rejected: bool = False,
    part: tuple[list[Actor], list[Transfer]] | None = None,
) -> bytes:
    """The whole graph, or the neighbourhood of `actor`, as a GraphML or GEXF document.

    `sanctioned` marks actors targeted by a regime in force on `as_of` (default today, any issuer; see
    graph.sanctions). Raises NotFound / InvalidQuery as `neighbourhood` does, and InvalidQuery for an unknown
    format. `part`: `neighbourhood`'s answer when the caller has it already.
    """
    if fmt not in ("graphml", "gexf"):
        raise InvalidQuery(f"unknown export format {fmt!r}: use 'graphml' or 'gexf'")
    actors, transfers = part if part is not None else neighbourhood(store, actor, hops, include_rejected)
    sanctioned = set(sanctioned_actors(store.regimes(), as_of or date.today()))
    return to_bytes(to_networkx(actors, transfers, sanctioned), fmt)
