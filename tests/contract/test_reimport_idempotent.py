"""Importing the same register twice changes nothing, and never overwrites curated names or aliases (issue 12:
every SIPRI re-import reported five curated actors as updated, their aliases swapped with SIPRI's and back)."""

from __future__ import annotations

from graph.actor_merge import is_curated
from graph.reference import load_regime_targets
from graph.store import GraphStore
from ingest.pipeline import ingest, ingest_path, load_reference
from ingest.registers import open_register
from tests.conftest import shared_path

EXCERPT = ("data", "sipri", "excerpt-russia-iran-dprk-belarus-new17.csv")


def test_a_sipri_reimport_reports_nothing_updated(store: GraphStore) -> None:
    path = shared_path(*EXCERPT)
    first = ingest_path(store, "sipri", path)
    assert first.transfers.added > 0
    for _ in range(2):
        again = ingest_path(store, "sipri", path)
        assert (again.actors.added, again.actors.updated) == (0, 0), again.actors.changed_ids
        assert (again.transfers.added, again.transfers.updated) == (0, 0)
        assert again.actors.unchanged == first.actors.added + first.actors.unchanged + first.actors.updated


def test_curated_names_and_aliases_survive_a_register_in_either_order(store: GraphStore) -> None:
    path = shared_path(*EXCERPT)
    curated = {a.id: a for a in load_regime_targets()}
    ingest(store, open_register("sipri", path), name="sipri first")
    load_reference(store)
    after_reference = {a.id: a for a in store.actors(list(curated))}
    ingest(store, open_register("sipri", path), name="sipri again")
    assert {a.id: a for a in store.actors(list(curated))} == after_reference
    houthis = next(a for a in after_reference.values() if a.name == "Houthis")
    reference = curated[houthis.id]
    assert is_curated(houthis) and houthis.name == reference.name
    assert houthis.aliases[: len(reference.aliases)] == reference.aliases  # curated spellings first, in order
    assert "Houthi rebels (Yemen)*" in houthis.aliases  # SIPRI's spelling kept too
    assert houthis.attributes["sipri_name"] == "Houthi rebels (Yemen)*"
    # register, then reference, then register: the same actors as the reference first
    swapped = [a for a in after_reference.values() if a.attributes.get("sipri_name")]
    assert len(swapped) >= 2  # Houthis and Hezbollah are in the excerpt
