"""GraphML streamed (graph/export_stream.py) is the document networkx writes: the same graph read back, on both
stores, for a world with hostile text and an endpoint without an actor; and it comes in bounded chunks."""

from __future__ import annotations

import io
from datetime import date

import networkx as nx

from graph import export_stream
from graph.export import neighbourhood, to_bytes, to_networkx
from graph.exports import export_stream as export_chunks
from graph.model import Actor
from graph.sanctions import sanctioned_actors
from graph.store import GraphStore
from graph.vocab import ActorKind, TransferStatus, WeaponCategory
from tests.contract.test_exports_contract import world  # noqa: F401 (fixture)
from tests.factories import news_source, transfer


def _read(data: bytes) -> nx.MultiDiGraph:
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert isinstance(g, nx.MultiDiGraph)
    return g


def _same(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr)


def test_streamed_graphml_reads_back_as_networkx_graphml(world: GraphStore) -> None:  # noqa: F811
    world.upsert_sources([news_source(2)])
    world.upsert_transfers([
        transfer("KP", "RU", WeaponCategory.MISSILE, "2023-01", TransferStatus.ALLEGED, 0.5,
                 source=news_source(2).id, quote='<script>&"quoted" \x01 text</script>'),
    ])
    actors, transfers = neighbourhood(world, None)
    sanctioned = set(sanctioned_actors(world.regimes(), date.today()))
    # an endpoint with no actor (to_networkx gives it kind "unknown")
    actors = [a for a in actors if a.id != "YE"]
    expected = _read(to_bytes(to_networkx(actors, transfers, sanctioned), "graphml"))
    streamed = b"".join(export_stream.iter_graphml(actors, transfers, sanctioned))
    _same(_read(streamed), expected)
    whole = b"".join(export_chunks(world, "graphml"))
    assert _read(whole).number_of_edges() == len(transfers)


def test_streamed_graphml_comes_in_bounded_chunks(world: GraphStore) -> None:  # noqa: F811
    actors, transfers = neighbourhood(world, None)
    many = [t.model_copy(update={"id": f"{t.id}-{i}"}) for i in range(400) for t in transfers]
    chunks = list(export_stream.iter_graphml(actors, many))
    assert len(chunks) > 3
    assert max(len(c) for c in chunks) < export_stream.CHUNK_BYTES + 4096
    assert _read(b"".join(chunks)).number_of_edges() == len(many)


def _read_gexf(data: bytes) -> nx.MultiDiGraph:
    g = nx.read_gexf(io.BytesIO(data))
    assert isinstance(g, nx.MultiDiGraph)
    return g


def test_streamed_gexf_reads_back_as_networkx_gexf(world: GraphStore) -> None:  # noqa: F811
    world.upsert_sources([news_source(2)])
    world.upsert_transfers([
        transfer("KP", "RU", WeaponCategory.MISSILE, "2023-01", TransferStatus.ALLEGED, 0.5,
                 source=news_source(2).id, quote='<script>&"quoted"\n\ttext</script>'),
    ])
    actors, transfers = neighbourhood(world, None)
    sanctioned = set(sanctioned_actors(world.regimes(), date.today()))
    actors = [a for a in actors if a.id != "YE"]  # an endpoint with no actor
    expected = _read_gexf(to_bytes(to_networkx(actors, transfers, sanctioned), "gexf"))
    streamed = _read_gexf(b"".join(export_stream.iter_gexf(actors, transfers, sanctioned)))
    _same(streamed, expected)
    assert streamed.graph == expected.graph
    many = [t.model_copy(update={"id": f"{t.id}-{i}"}) for i in range(400) for t in transfers]
    chunks = list(export_chunks(world, "gexf"))
    assert _read_gexf(b"".join(chunks)).number_of_edges() == len(transfers)
    chunks = list(export_stream.iter_gexf(actors, many))
    assert len(chunks) > 3
    assert max(len(c) for c in chunks) < export_stream.CHUNK_BYTES + 4096


def test_streamed_gexf_loses_nothing_at_a_chunk_boundary() -> None:
    """Node texts of every length around CHUNK_BYTES: whichever piece fills a chunk, every byte is sent."""
    for length in range((export_stream.CHUNK_BYTES - 3000) // 2, export_stream.CHUNK_BYTES // 2):
        actor = Actor(id="CO", kind=ActorKind.COMPANY, name="x" * length)
        data = b"".join(export_stream.iter_gexf([actor], []))
        assert data.count(b"</nodes>\n<edges>\n") == 1 and data.endswith(b"</gexf>\n"), length
        assert data.count(b"x" * length) == 2, length  # the label and the name
