"""GraphML / GEXF exports: documents parse back with networkx, direction and attribute types are kept."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from typing import IO

import networkx as nx
import pytest

from graph.errors import InvalidQuery
from graph.export import (
    QUOTE_SEPARATOR,
    ExportFormat,
    iter_chunks,
    to_bytes,
    to_networkx,
    write_gexf,
    write_graphml,
)
from graph.model import Actor, Evidence, Transfer
from graph.vocab import ActorKind, SourceKind, TransferStatus, WeaponCategory

SCALARS = (str, int, float, bool)


def _actors() -> list[Actor]:
    return [
        Actor(id="KP", kind=ActorKind.STATE, name="North Korea", country="KP"),
        Actor(id="RU", kind=ActorKind.STATE, name="Russia", country="RU"),
        Actor(id="IR", kind=ActorKind.STATE, name="Iran", country="IR"),
        Actor(id="grp-1", kind=ActorKind.ARMED_GROUP, name="Houthis <Ansar Allah> & co"),
    ]


def _evidence(source: str, quote: str, confidence: float = 0.6) -> Evidence:
    return Evidence(
        source_id=source,
        source_kind=SourceKind.NEWS,
        quote=quote,
        start=0,
        end=len(quote),
        status=TransferStatus.DELIVERED,
        confidence=confidence,
        extractor="en:deliver-to",
        when="2023-09",
        reported=date(2023, 10, 1),
    )


def _transfers() -> list[Transfer]:
    return [
        Transfer(
            id="tr-shells",
            supplier="KP",
            recipient="RU",
            category=WeaponCategory.AMMUNITION,
            designation="152mm",
            status=TransferStatus.DELIVERED,
            confidence=0.84,
            evidence=(
                _evidence("src-a", "North Korea delivered shells to Russia."),
                _evidence("src-b", "Shells \x00from\x0b Pyongyang\u2028reached Moscow."),
                _evidence("src-b", "A second sentence of the same source.", 0.4),
            ),
        ),
        # A second, parallel transfer on the same pair: a multigraph keeps both.
        Transfer(
            id="tr-missiles",
            supplier="KP",
            recipient="RU",
            category=WeaponCategory.MISSILE,
            designation="KN-23",
            ordered="2023",
            status=TransferStatus.ALLEGED,
            confidence=0.5,
        ),
        # The reverse direction must stay a distinct edge.
        Transfer(
            id="tr-reverse",
            supplier="RU",
            recipient="KP",
            category=WeaponCategory.AIRCRAFT,
            status=TransferStatus.ORDERED,
            confidence=0.3,
        ),
        # An endpoint that is not among the actors.
        Transfer(
            id="tr-drones",
            supplier="IR",
            recipient="unk-9",
            category=WeaponCategory.DRONE,
            status=TransferStatus.DENIED,
            confidence=0.2,
        ),
    ]


def _graph() -> nx.MultiDiGraph:
    return to_networkx(_actors(), _transfers(), sanctioned={"KP", "IR"})


def _read(fmt: str, data: bytes) -> nx.DiGraph:
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    g = reader(io.BytesIO(data))
    # The readers return a multigraph only when the file has parallel edges; always a directed one.
    assert isinstance(g, nx.DiGraph) and g.is_directed()
    return g


def test_to_networkx_is_a_directed_multigraph() -> None:
    g = _graph()
    assert isinstance(g, nx.MultiDiGraph) and g.is_directed()
    assert g.number_of_edges("KP", "RU") == 2
    assert g.number_of_edges("RU", "KP") == 1
    assert set(g["KP"]["RU"]) == {"tr-shells", "tr-missiles"}
    assert g.nodes["KP"]["sanctioned"] is True and g.nodes["RU"]["sanctioned"] is False
    assert g.nodes["unk-9"] == {
        "name": "unk-9",
        "label": "unk-9",
        "kind": "unknown",
        "country": "",
        "sanctioned": False,
    }
    edge = g.edges["KP", "RU", "tr-shells"]
    assert edge["sources"] == 2 and edge["evidence"] == 3
    assert edge["date_from"] == "2023-09-01" and edge["date_to"] == "2023-09-30"
    assert edge["quotes"].count(QUOTE_SEPARATOR) == 2
    assert g.edges["KP", "RU", "tr-missiles"]["date_from"] == "2023-01-01"
    assert g.edges["RU", "KP", "tr-reverse"]["date_from"] == ""


def test_attributes_are_graphml_scalars() -> None:
    g = _graph()
    for _, data in g.nodes(data=True):
        assert all(isinstance(v, SCALARS) for v in data.values()), data
    for _, _, data in g.edges(data=True):
        assert all(isinstance(v, SCALARS) for v in data.values()), data
    # One type per attribute name, so GraphML keys get a single attr.type.
    types: dict[str, set[type]] = {}
    for _, _, data in g.edges(data=True):
        for name, value in data.items():
            types.setdefault(name, set()).add(type(value))
    assert all(len(ts) == 1 for ts in types.values()), types


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_document_parses_back_with_direction_and_types(fmt: ExportFormat) -> None:
    data = to_bytes(_graph(), fmt)
    ET.fromstring(data)  # well-formed XML despite control characters in a quote
    g = _read(fmt, data)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {"KP", "RU", "IR", "grp-1", "unk-9"}
    assert g.number_of_edges("KP", "RU") == 2
    assert g.number_of_edges("RU", "KP") == 1
    assert g.has_edge("IR", "unk-9") and not g.has_edge("unk-9", "IR")
    edges = {d["id"]: (u, v, d) for u, v, d in g.edges(data=True)}
    u, v, shells = edges["tr-shells"]
    assert (u, v) == ("KP", "RU")
    assert shells["category"] == "ammunition" and shells["status"] == "delivered"
    assert shells["confidence"] == pytest.approx(0.84) and isinstance(shells["confidence"], float)
    assert shells["sources"] == 2 and isinstance(shells["sources"], int)
    assert "Pyongyang" in shells["quotes"] and "\x00" not in shells["quotes"]
    assert g.nodes["KP"]["sanctioned"] is True and g.nodes["RU"]["sanctioned"] is False
    assert g.nodes["grp-1"]["name"] == "Houthis <Ansar Allah> & co"
    assert g.nodes["grp-1"]["kind"] == "armed_group"


@pytest.mark.parametrize(("fmt", "writer"), [("graphml", write_graphml), ("gexf", write_gexf)])
def test_writers_take_a_binary_file(
    fmt: ExportFormat, writer: Callable[[nx.MultiDiGraph, IO[bytes]], None]
) -> None:
    buffer = io.BytesIO()
    writer(_graph(), buffer)
    assert buffer.getvalue() == to_bytes(_graph(), fmt) or fmt == "gexf"  # GEXF stamps the date
    assert _read(fmt, buffer.getvalue()).number_of_edges() == 4


def test_graphml_declares_directed_edges() -> None:
    root = ET.fromstring(to_bytes(_graph(), "graphml"))
    graph = root.find("{http://graphml.graphdrawing.org/xmlns}graph")
    assert graph is not None and graph.get("edgedefault") == "directed"
    types = {
        key.get("attr.name"): key.get("attr.type")
        for key in root.iter("{http://graphml.graphdrawing.org/xmlns}key")
        if key.get("for") == "edge"
    }
    assert types["confidence"] == "double" and types["sources"] in ("int", "long")
    assert types["quotes"] == "string" and types["id"] == "string"


def test_empty_graph_and_chunks() -> None:
    empty = to_networkx([], [])
    formats: list[ExportFormat] = ["graphml", "gexf"]
    for fmt in formats:
        assert _read(fmt, to_bytes(empty, fmt)).number_of_nodes() == 0
    data = to_bytes(_graph(), "graphml")
    chunks = list(iter_chunks(_graph(), "graphml", chunk_size=100))
    assert b"".join(chunks) == data and all(len(c) <= 100 for c in chunks)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(InvalidQuery):
        to_bytes(_graph(), "dot")  # type: ignore[arg-type]
