"""GraphML written as it is sent: the export of a large subgraph in chunks, never whole in memory.

networkx (graph/export.py `to_bytes`) builds a MultiDiGraph, then an XML tree of every node, edge and attribute,
then the document: several times the document's size at once (a GraphML export of the full SIPRI register peaks
at hundreds of MB). This writer emits the same document (same keys, attribute types and values, so
`networkx.read_graphml` reads back the same graph) node by node and edge by edge, in chunks of about 64 KiB.
Memory: the actors and transfers the caller read, plus one chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

from graph.export import edge_attrs, node_attrs, unknown_node_attrs
from graph.model import Actor, Transfer

__all__ = ["CHUNK_BYTES", "iter_graphml"]

#: Bytes gathered before a chunk is handed to the response.
CHUNK_BYTES = 64 * 1024

_NODE_KEYS = (
    ("name", "string"),
    ("label", "string"),
    ("kind", "string"),
    ("country", "string"),
    ("sanctioned", "boolean"),
)
_EDGE_KEYS = (
    ("id", "string"),
    ("category", "string"),
    ("designation", "string"),
    ("status", "string"),
    ("confidence", "double"),
    ("date_from", "string"),
    ("date_to", "string"),
    ("sources", "long"),
    ("evidence", "long"),
    ("quotes", "string"),
)
_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def _keys(prefix: str, scope: str, keys: Sequence[tuple[str, str]]) -> tuple[str, dict[str, str]]:
    ids = {name: f"{prefix}{i}" for i, (name, _) in enumerate(keys)}
    xml = "".join(
        f'<key id="{ids[name]}" for="{scope}" attr.name="{name}" attr.type="{kind}"/>\n' for name, kind in keys
    )
    return xml, ids


def _data(attrs: Mapping[str, object], ids: dict[str, str]) -> str:
    # str() of a bool is "True"/"False", as networkx writes and reads them
    return "".join(f'  <data key="{ids[k]}">{escape(str(v))}</data>\n' for k, v in attrs.items())


def iter_graphml(
    actors: Sequence[Actor], transfers: Iterable[Transfer], sanctioned: set[str] | frozenset[str] = frozenset()
) -> Iterator[bytes]:
    """The GraphML document of these actors and transfers (graph/export.py `to_networkx` for the model), in
    UTF-8 chunks of about CHUNK_BYTES. `transfers` is read twice (for endpoints missing from `actors`, then for
    the edges): pass a sequence. Cost O(actors + transfers + evidence) time, O(chunk) beyond the inputs."""
    transfers = transfers if isinstance(transfers, Sequence) else list(transfers)
    node_keys, node_ids = _keys("n", "node", _NODE_KEYS)
    edge_keys, edge_ids = _keys("e", "edge", _EDGE_KEYS)
    parts: list[str] = [_HEAD, node_keys, edge_keys, '<graph edgedefault="directed">\n']
    size = 0

    def add(text: str) -> bytes | None:
        nonlocal size
        parts.append(text)
        size += len(text)
        if size < CHUNK_BYTES:
            return None
        chunk = "".join(parts).encode("utf-8")
        parts.clear()
        size = 0
        return chunk

    known = {a.id for a in actors}
    missing: dict[str, None] = {}  # endpoints without an actor, in first-seen order (as to_networkx adds them)
    for t in transfers:
        for end in (t.supplier, t.recipient):
            if end not in known and end not in missing:
                missing[end] = None
    nodes = [(a.id, node_attrs(a, a.id in sanctioned)) for a in actors]
    for node_id, attrs in [*nodes, *((m, unknown_node_attrs(m, m in sanctioned)) for m in missing)]:
        if chunk := add(f"<node id={quoteattr(node_id)}>\n{_data(attrs, node_ids)}</node>\n"):
            yield chunk
    for t in transfers:
        edge = f"<edge source={quoteattr(t.supplier)} target={quoteattr(t.recipient)} id={quoteattr(t.id)}>\n"
        if chunk := add(f"{edge}{_data(edge_attrs(t), edge_ids)}</edge>\n"):
            yield chunk
    parts.append("</graph></graphml>\n")
    yield "".join(parts).encode("utf-8")
