"""GraphML and GEXF written as they are sent: the export of a large subgraph in chunks, never whole in memory.

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

__all__ = ["CHUNK_BYTES", "iter_gexf", "iter_graphml"]

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


_GEXF_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">\n'
    '<graph defaultedgetype="directed" mode="static" name="">\n'
)
#: GEXF attribute types of the GraphML ones; networkx keeps a multigraph's edge keys in `networkx_key`.
_GEXF_TYPES = {"string": "string", "boolean": "boolean", "double": "double", "long": "long"}
_GEXF_NODE_KEYS = tuple(k for k in _NODE_KEYS if k[0] != "label")  # the label is the node's own attribute
_GEXF_EDGE_KEYS = (*(k for k in _EDGE_KEYS if k[0] != "id"), ("networkx_key", "string"))  # the id is the edge's


def _gexf_value(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _gexf_attrs(attrs: Mapping[str, object], ids: dict[str, str]) -> str:
    values = "".join(f"<attvalue for={quoteattr(ids[k])} value={quoteattr(_gexf_value(v))}/>" for k, v in attrs.items())
    return f"<attvalues>{values}</attvalues>"


def iter_gexf(
    actors: Sequence[Actor], transfers: Iterable[Transfer], sanctioned: set[str] | frozenset[str] = frozenset()
) -> Iterator[bytes]:
    """The GEXF 1.2 document networkx writes for graph/export.py `to_networkx` (the same graph when read back with
    `networkx.read_gexf`), in UTF-8 chunks of about CHUNK_BYTES. Cost as iter_graphml."""
    transfers = transfers if isinstance(transfers, Sequence) else list(transfers)
    node_ids = {name: str(i) for i, (name, _) in enumerate(_GEXF_NODE_KEYS)}
    edge_ids = {name: str(len(node_ids) + i) for i, (name, _) in enumerate(_GEXF_EDGE_KEYS)}
    declared = "".join(
        f'<attributes mode="static" class="{scope}">'
        + "".join(f'<attribute id="{ids[n]}" title="{n}" type="{_GEXF_TYPES[t]}"/>' for n, t in keys)
        + "</attributes>\n"
        for scope, keys, ids in (("node", _GEXF_NODE_KEYS, node_ids), ("edge", _GEXF_EDGE_KEYS, edge_ids))
    )
    chunks = _Chunks(_GEXF_HEAD + declared + "<nodes>\n")
    known = {a.id for a in actors}
    missing = dict.fromkeys(end for t in transfers for end in (t.supplier, t.recipient) if end not in known)
    nodes = [(a.id, node_attrs(a, a.id in sanctioned)) for a in actors]
    for node_id, attrs in [*nodes, *((m, unknown_node_attrs(m, m in sanctioned)) for m in missing)]:
        label = attrs.get("label", node_id)
        rest = {k: v for k, v in attrs.items() if k != "label"}
        if chunk := chunks.add(f"<node id={quoteattr(node_id)} label={quoteattr(str(label))}>"
                               f"{_gexf_attrs(rest, node_ids)}</node>\n"):  # fmt: skip
            yield chunk
    if chunk := chunks.add("</nodes>\n<edges>\n"):
        yield chunk
    for t in transfers:
        values = {k: v for k, v in edge_attrs(t).items() if k != "id"} | {"networkx_key": t.id}
        edge = f"<edge source={quoteattr(t.supplier)} target={quoteattr(t.recipient)} id={quoteattr(t.id)}>"
        if chunk := chunks.add(f"{edge}{_gexf_attrs(values, edge_ids)}</edge>\n"):
            yield chunk
    yield chunks.last("</edges>\n</graph>\n</gexf>\n")


class _Chunks:
    """Text gathered into UTF-8 chunks of about CHUNK_BYTES."""

    def __init__(self, head: str) -> None:
        self.parts = [head]
        self.size = len(head)

    def add(self, text: str) -> bytes | None:
        """A chunk when this text fills one, else None."""
        self.parts.append(text)
        self.size += len(text)
        if self.size < CHUNK_BYTES:
            return None
        return self.last("")

    def last(self, text: str) -> bytes:
        """Everything gathered, and this text."""
        self.parts.append(text)
        chunk = "".join(self.parts).encode("utf-8")
        self.parts.clear()
        self.size = 0
        return chunk
