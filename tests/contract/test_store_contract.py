"""One contract, two stores: every test here runs on the embedded store and on a real Neo4j server."""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import InvalidInput
from graph.model import Regime
from graph.store import GraphStore, TransferFilter
from graph.vocab import Direction, Issuer, SourceKind, TransferStatus, WeaponCategory
from tests.factories import armed_group, news_source, states, transfer


def seed(store: GraphStore) -> None:
    store.upsert_actors(states("KP", "RU", "IR", "BY", "IN"))
    store.upsert_transfers(
        [
            transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6),
            transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", TransferStatus.DELIVERED, 0.7),
            transfer(
                "RU",
                "IN",
                WeaponCategory.AIRCRAFT,
                "2010",
                TransferStatus.DELIVERED,
                0.95,
                kind=SourceKind.REGISTER,
                source="sipri",
            ),
            transfer("BY", "RU", WeaponCategory.ARMOURED_VEHICLE, "2023-03", TransferStatus.DENIED, 0.5),
        ]
    )


def test_actor_upsert_is_idempotent_and_reports_changes(store: GraphStore) -> None:
    first = store.upsert_actors(states("KP", "RU"))
    again = store.upsert_actors(states("KP", "RU"))
    renamed = store.upsert_actors([states("KP")[0].model_copy(update={"aliases": ("DPRK",)})])
    assert (first.added, first.updated, first.unchanged) == (2, 0, 0)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 2)
    assert (renamed.added, renamed.updated) == (0, 1)
    assert store.actor("KP") is not None and store.actor("KP").aliases == ("DPRK",)  # type: ignore[union-attr]
    assert store.actor("ZZ") is None
    assert [a.id for a in store.actors()] == ["KP", "RU"]


def test_transfer_round_trip_is_lossless(store: GraphStore) -> None:
    store.upsert_actors(states("KP", "RU"))
    t = transfer("KP", "RU", quote="La Russie achète des millions d’obus à la Corée du Nord.")
    store.upsert_transfers([t])
    assert store.transfer(t.id) == t
    assert store.transfer("tr-missing") is None


def test_reingesting_the_same_transfer_changes_nothing(store: GraphStore) -> None:
    seed(store)
    before = store.counts()
    report = store.upsert_transfers(
        [transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6)]
    )
    assert (report.added, report.updated, report.unchanged) == (0, 0, 1)
    assert store.counts() == before


def test_second_source_merges_as_corroboration(store: GraphStore) -> None:
    seed(store)
    second = transfer(
        "KP",
        "RU",
        WeaponCategory.AMMUNITION,
        "2022-09",
        TransferStatus.DELIVERED,
        0.7,
        source="src-b",
        quote="North Korea delivered shells to Russia.",
    )
    report = store.upsert_transfers([second])
    merged = store.transfer(second.id)
    assert report.updated == 1 and merged is not None
    assert merged.source_ids == ("src-a", "src-b")
    assert merged.status is TransferStatus.DELIVERED  # strongest affirmative status wins
    assert merged.confidence == pytest.approx(1 - (1 - 0.6) * (1 - 0.7), abs=1e-4)
    assert store.counts()["transfers"] == 4


def test_transfer_to_unknown_actor_is_refused_and_nothing_is_written(store: GraphStore) -> None:
    store.upsert_actors(states("RU"))
    with pytest.raises(InvalidInput):
        store.upsert_transfers([transfer("RU", "ZZ")])
    assert store.counts()["transfers"] == 0


def test_filters_by_end_status_date_confidence_and_source_kind(store: GraphStore) -> None:
    seed(store)

    def ids(**kw: object) -> list[tuple[str, str]]:
        return [(t.supplier, t.recipient) for t in store.transfers(TransferFilter(**kw))]  # type: ignore[arg-type]

    assert ids(recipient="RU") == [("IR", "RU"), ("KP", "RU"), ("BY", "RU")]  # ordered by date
    assert ids(supplier="RU") == [("RU", "IN")]
    assert sorted(ids(actor="RU")) == [("BY", "RU"), ("IR", "RU"), ("KP", "RU"), ("RU", "IN")]
    assert ids(recipient="RU", statuses=(TransferStatus.DENIED,)) == [("BY", "RU")]
    assert ids(recipient="RU", min_confidence=0.65) == [("IR", "RU")]
    assert ids(since=date(2022, 9, 5)) == [("KP", "RU"), ("BY", "RU")]
    assert ids(until=date(2015, 1, 1)) == [("RU", "IN")]
    assert ids(source_kind=SourceKind.REGISTER) == [("RU", "IN")]
    assert ids(recipient="RU", limit=1) == [("IR", "RU")]
    assert ids(recipient="XX") == []


def test_delete_actor_removes_its_transfers(store: GraphStore) -> None:
    seed(store)
    assert store.delete_actors(["BY", "ZZ"]) == 1
    assert store.actor("BY") is None
    assert store.counts()["transfers"] == 3
    assert all("BY" not in (t.supplier, t.recipient) for t in store.transfers(TransferFilter()))


def test_sources_and_regimes_round_trip(store: GraphStore) -> None:
    store.upsert_actors(states("KP"))
    src = news_source(1)
    regime = Regime(
        id="reg-test",
        issuer=Issuer.UN,
        program="UN DPRK",
        name="UN arms embargo on the DPRK",
        target="KP",
        direction=Direction.BOTH,
        legal_basis=("UNSCR 1718 (2006)",),
        start=date(2006, 10, 14),
        suspensions=((date(2010, 1, 1), date(2011, 1, 1)),),
    )
    assert store.upsert_sources([src]).added == 1
    assert store.upsert_regimes([regime]).added == 1
    assert store.upsert_regimes([regime]).unchanged == 1
    assert store.source(src.id) == src and store.sources([src.id, "nope"]) == [src]
    assert store.regimes() == [regime]
    assert store.counts() == {"actors": 1, "transfers": 0, "sources": 1, "regimes": 1}


def test_non_state_actors_keep_their_country(store: GraphStore) -> None:
    houthis = armed_group("Houthis", "YE")
    store.upsert_actors([*states("IR", "YE"), houthis])
    store.upsert_transfers([transfer("IR", houthis.id, WeaponCategory.MISSILE, "2023")])
    found = store.transfers(TransferFilter(recipient=houthis.id))
    assert len(found) == 1 and store.actor(houthis.id) == houthis


def test_clear_empties_the_store(store: GraphStore) -> None:
    seed(store)
    store.clear()
    assert store.counts() == {"actors": 0, "transfers": 0, "sources": 0, "regimes": 0}
