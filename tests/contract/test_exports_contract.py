"""Exports from either store: RDF round-trips to the same objects; GraphML/GEXF keep direction and the subgraph."""

from __future__ import annotations

import io

import networkx as nx
import pytest
import rdflib

from graph import rdf
from graph.exports import export_bytes
from graph.store import GraphStore, TransferFilter
from graph.vocab import SourceKind, TransferStatus, WeaponCategory
from ingest.pipeline import load_reference
from tests.factories import armed_group, news_source, states, transfer


@pytest.fixture
def world(store: GraphStore) -> GraphStore:
    load_reference(store)
    houthis = armed_group("Houthis", "YE")
    store.upsert_actors([*states("KP", "RU", "IR", "YE"), houthis])
    store.upsert_sources([news_source(1)])
    store.upsert_transfers([
        transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6,
                 source=news_source(1).id, quote="La Russie achète des millions d’obus à la Corée du Nord."),
        transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", TransferStatus.DELIVERED, 0.7),
        transfer("IR", houthis.id, WeaponCategory.MISSILE, "2019", TransferStatus.DELIVERED, 0.9,
                 kind=SourceKind.REGISTER, source="sipri"),
    ])
    return store


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_rdf_export_then_import_gives_the_same_graph(world: GraphStore, fmt: str) -> None:
    text = rdf.serialize(rdf.store_to_rdf(world), fmt)  # type: ignore[arg-type]
    actors, sources, transfers, regimes = rdf.from_rdf(rdflib.Graph().parse(data=text, format=fmt))
    assert actors == world.actors()
    assert transfers == sorted(world.transfers(TransferFilter()), key=lambda t: t.id)
    assert regimes == world.regimes()
    assert sources == world.sources([news_source(1).id])


def test_states_link_to_wikidata(world: GraphStore) -> None:
    g = rdf.store_to_rdf(world)
    same_as = {str(o) for o in g.objects(predicate=rdflib.OWL.sameAs)}
    assert "http://www.wikidata.org/entity/Q423" in same_as  # North Korea
    assert "http://www.wikidata.org/entity/Q159" in same_as  # Russia


def test_graphml_subgraph_around_an_actor_keeps_direction(world: GraphStore) -> None:
    g = nx.read_graphml(io.BytesIO(export_bytes(world, "graphml", actor="KP", hops=1)))
    assert set(g.nodes) == {"KP", "RU"} and g.has_edge("KP", "RU") and not g.has_edge("RU", "KP")
    everything = nx.read_gexf(io.BytesIO(export_bytes(world, "gexf")))
    assert everything.number_of_edges() == 3
    assert everything.nodes["KP"]["sanctioned"] is True
