"""Turtle and JSON-LD written a few objects at a time (graph/rdf.py `iter_store_rdf`) hold the same graph as
rdflib's whole document of store_to_rdf, on both stores; GET /export sends them in bounded chunks."""

from __future__ import annotations

from typing import Literal

import pytest
from rdflib import BNode, Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from graph import export_stream, rdf
from graph.decisions import Decision, DecisionKind
from graph.exports import export_stream as export_chunks
from graph.store import GraphStore, TransferFilter
from graph.vocab import TransferStatus, WeaponCategory
from tests.contract.test_exports_contract import world  # noqa: F401 (fixture)
from tests.factories import news_source, transfer


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("json-ld", "json-ld")])
def test_streamed_rdf_is_the_whole_documents_graph(
    world: GraphStore,  # noqa: F811
    fmt: Literal["turtle", "json-ld"],
    parser: str,
) -> None:
    world.upsert_sources([news_source(2)])
    hostile = transfer("KP", "RU", WeaponCategory.MISSILE, "2023-01", TransferStatus.ALLEGED, 0.5,
                       source=news_source(2).id, quote='<script>&"quoted" \\ """ text</script>')  # fmt: skip
    world.upsert_transfers([hostile])
    world.add_decisions([Decision(id="dc-1", target=hostile.id, at="2026-12-06T10:00:00Z", kind=DecisionKind.ACCEPT,
                                  author="reviewer-1")])  # fmt: skip
    whole = Graph().parse(data=rdf.serialize(rdf.store_to_rdf(world), fmt), format=parser)
    for chunk_objects in (1, 3, 1000):  # one object per piece, a few, all at once
        text = "".join(rdf.iter_store_rdf(world, fmt, chunk_objects=chunk_objects))
        _same(Graph().parse(data=text, format=parser), whole)
    sub = Graph().parse(data="".join(rdf.iter_store_rdf(world, fmt, actor="RU", chunk_objects=2)), format=parser)
    _same(sub, Graph().parse(data=rdf.serialize(rdf.store_to_rdf(world, "RU"), fmt), format=parser))


def _same(streamed: Graph, whole: Graph) -> None:
    """The same graph (rdflib's isomorphism test takes half a minute on these lists' blank nodes): the same
    number of triples, the same triples without blank nodes, and the same objects read back (lists, evidence)."""
    assert len(streamed) == len(whole)
    assert _ground(streamed) == _ground(whole)
    assert rdf.from_rdf(streamed) == rdf.from_rdf(whole)


def _ground(g: Graph) -> set[tuple[Node, Node, Node]]:
    return {t for t in g if not any(isinstance(x, BNode) for x in t)}


def test_streamed_rdf_comes_in_bounded_chunks(world: GraphStore) -> None:  # noqa: F811
    transfers = world.transfers(TransferFilter())
    many = [t.model_copy(update={"id": f"{t.id}-{i}"}) for i in range(300) for t in transfers]
    world.upsert_transfers(many)
    chunks = list(export_chunks(world, "turtle"))
    assert len(chunks) > 3
    assert max(len(c) for c in chunks) == export_stream.CHUNK_BYTES
    g = Graph().parse(data=b"".join(chunks).decode(), format="turtle")
    assert len(set(g.subjects(RDF.type, rdf.SKG.Transfer))) == len(many) + len(transfers)
