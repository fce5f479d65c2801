"""The product's questions, answered alike by both stores (graph/queries.py over each GraphStore)."""

from __future__ import annotations

from datetime import date

import pytest

from graph import queries
from graph.errors import InvalidQuery, NotFound
from graph.model import Verdict
from graph.store import GraphStore
from graph.vocab import Issuer, SourceKind, TransferStatus, WeaponCategory
from ingest.pipeline import load_reference
from tests.factories import armed_group, news_source, states, transfer


@pytest.fixture
def world(store: GraphStore) -> GraphStore:
    """The founding article's two transfers plus a small supply network around Russia."""
    load_reference(store)
    store.upsert_actors(states("KP", "RU", "IR", "BY", "IN", "FR", "CN"))
    store.upsert_sources([news_source(1)])
    src = news_source(1).id
    store.upsert_transfers(
        [
            transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6, source=src),
            transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", TransferStatus.DELIVERED, 0.7, source=src),
            transfer(
                "RU",
                "BY",
                WeaponCategory.AIRCRAFT,
                "2023-05",
                TransferStatus.DELIVERED,
                0.9,
                kind=SourceKind.REGISTER,
                source="sipri",
            ),
            transfer("IR", "BY", WeaponCategory.DRONE, "2021-01", TransferStatus.DELIVERED, 0.5),
            transfer("FR", "IN", WeaponCategory.AIRCRAFT, "2016", TransferStatus.DELIVERED, 0.95),
            transfer("CN", "KP", WeaponCategory.SMALL_ARMS, "2022-03", TransferStatus.DENIED, 0.4),
        ]
    )
    return store


def test_sanctioned_suppliers_of_russia_are_north_korea_and_iran(world: GraphStore) -> None:
    answer = queries.suppliers(world, "RU", sanctioned=True, as_of=date(2022, 9, 7))
    assert [s.id for s in answer.suppliers] == ["IR", "KP"]
    iran, dprk = answer.suppliers
    assert any("1718" in b for r in dprk.sanctioned_by for b in r.legal_basis)
    assert {r.issuer for r in iran.sanctioned_by} >= {Issuer.UN, Issuer.EU}
    assert dprk.transfers[0].evidence[0].quote


def test_issuer_filter_narrows_the_regimes(world: GraphStore) -> None:
    un_only = queries.suppliers(world, "RU", sanctioned=True, as_of=date(2022, 9, 7), issuer=Issuer.UN)
    assert all(r.issuer is Issuer.UN for s in un_only.suppliers for r in s.sanctioned_by)


def test_sanctioned_lists_targets_in_force_on_the_date(world: GraphStore) -> None:
    in_2022 = {a.id for a in queries.sanctioned(world, as_of=date(2022, 9, 7)).actors}
    un_2005 = {a.id for a in queries.sanctioned(world, as_of=date(2005, 1, 1), issuer=Issuer.UN).actors}
    assert {"KP", "IR", "RU", "BY"} <= in_2022
    assert "KP" not in un_2005 and "IR" not in un_2005  # UNSCR 1718 is of 2006, 1747 of 2007
    un = queries.sanctioned(world, as_of=date(2022, 9, 7), issuer=Issuer.UN)
    assert "RU" not in {a.id for a in un.actors}  # the UN has no embargo on Russia


def test_founding_transfers_are_violations_with_explanations(world: GraphStore) -> None:
    answer = queries.violations(world, recipient="RU")
    by_supplier: dict[str, list[str]] = {}
    for v in answer.violations:
        by_supplier.setdefault(v.transfer.supplier, []).append(" ".join(v.regime.legal_basis))
        assert v.explanation and v.overlap_from <= v.overlap_to and v.verdict is Verdict.VIOLATION
    assert any("1718" in b for b in by_supplier["KP"])
    # An Iranian drone of unknown type: UNSCR 2231 Annex B para 4 covers only MTCR-list items, so it is `possible`
    assert "IR" not in by_supplier and answer.counts[Verdict.POSSIBLE] >= 1
    with_possible = queries.violations(world, recipient="RU", include=(Verdict.POSSIBLE,)).violations
    (iran,) = [v for v in with_possible if v.transfer.supplier == "IR" and "2231" in " ".join(v.regime.legal_basis)]
    assert iran.verdict is Verdict.POSSIBLE and "MTCR" in (iran.decided_by or "")
    assert not queries.violations(world, supplier="FR").violations  # FR → IN breaches nothing
    assert not queries.violations(world, supplier="CN").violations  # denied transfers are not violations


def test_verdicts_on_territory_region_exemption_and_political_measures(store: GraphStore) -> None:
    """The model of the law (graph/reference/regimes.yaml) judged alike by both stores."""
    load_reference(store)
    hor, darfur, sla = (
        armed_group("House of Representatives", "LY"),
        armed_group("Darfur rebels", "SD"),
        armed_group("SPLA", "SD"),
    )
    store.upsert_actors([*states("AE", "RU", "SD", "FR", "CN", "IT", "SO", "TR"), hor, darfur, sla])
    rows = [
        transfer("AE", hor.id, WeaponCategory.ARMOURED_VEHICLE, "2016", kind=SourceKind.REGISTER, source="sipri"),
        transfer("RU", "SD", WeaponCategory.AIRCRAFT, "2010", kind=SourceKind.REGISTER, source="sipri"),
        transfer("RU", darfur.id, WeaponCategory.ARTILLERY, "2010", kind=SourceKind.REGISTER, source="sipri"),
        transfer("RU", sla.id, WeaponCategory.ARTILLERY, "2010", kind=SourceKind.REGISTER, source="sipri"),
        transfer("FR", "CN", WeaponCategory.SENSOR, "2005", kind=SourceKind.REGISTER, source="sipri"),
        transfer("TR", "SO", WeaponCategory.ARMOURED_VEHICLE, "2016", kind=SourceKind.REGISTER, source="sipri"),
    ]
    rows.append(
        transfer(
            "IT", "RU", WeaponCategory.ARMOURED_VEHICLE, "2015", kind=SourceKind.REGISTER, source="sipri"
        ).model_copy(update={"ordered": "2011"})
    )
    store.upsert_transfers(rows)
    every = queries.violations(store, include=(Verdict.POSSIBLE, Verdict.COMPLIANT)).violations
    got = {(v.transfer.supplier, v.transfer.recipient, v.regime.issuer.value, v.verdict) for v in every}
    assert ("AE", hor.id, "UN", Verdict.VIOLATION) in got  # every armed party on Libya's territory
    assert ("RU", darfur.id, "UN", Verdict.VIOLATION) in got  # a party in Darfur
    assert ("RU", "SD", "UN", Verdict.POSSIBLE) in got  # the government: only if the items went to Darfur
    assert ("RU", sla.id, "UN", Verdict.COMPLIANT) in got  # not known to operate in Darfur
    assert ("FR", "CN", "EU", Verdict.COMPLIANT) in got  # the 1989 declaration is political
    assert ("TR", "SO", "UN", Verdict.POSSIBLE) in got  # FGS exemption: notification unknown
    assert ("IT", "RU", "EU", Verdict.COMPLIANT) in got  # grandfathered: contract of 2011
    flagged = {(v.transfer.supplier, v.transfer.recipient) for v in queries.violations(store).violations}
    assert flagged == {("AE", hor.id), ("RU", darfur.id)}
    china = next(v for v in every if v.transfer.recipient == "CN" and v.regime.issuer is Issuer.EU)
    assert "political" in (china.reason or "") and "Madrid" in china.explanation


def test_paths_through_intermediaries(world: GraphStore) -> None:
    answer = queries.paths(world, "IR", "BY", max_hops=3)
    assert [p.actors for p in answer.paths] == [("IR", "BY"), ("IR", "RU", "BY")]
    two_hop = answer.paths[1]
    assert [h.transfer.category for h in two_hop.hops] == [WeaponCategory.DRONE, WeaponCategory.AIRCRAFT]
    assert two_hop.min_confidence == pytest.approx(0.7)
    strong = queries.paths(world, "IR", "BY", max_hops=3, min_confidence=0.65)
    assert [p.actors for p in strong.paths] == [("IR", "RU", "BY")]
    assert queries.paths(world, "KP", "IN", max_hops=6).paths == ()


def test_time_ordered_paths_drop_chains_that_go_back_in_time(world: GraphStore) -> None:
    world.upsert_transfers([transfer("BY", "IN", WeaponCategory.AIRCRAFT, "2019", TransferStatus.DELIVERED, 0.8)])
    loose = queries.paths(world, "RU", "IN", max_hops=3)
    ordered = queries.paths(world, "RU", "IN", max_hops=3, time_ordered=True)
    assert ("RU", "BY", "IN") in [p.actors for p in loose.paths]
    assert ("RU", "BY", "IN") not in [p.actors for p in ordered.paths]  # RU→BY 2023 then BY→IN 2019


def test_paths_reject_out_of_range_hops(world: GraphStore) -> None:
    with pytest.raises(InvalidQuery):
        queries.paths(world, "IR", "BY", max_hops=7)


def test_actor_profile(world: GraphStore) -> None:
    profile = queries.actor_profile(world, "RU", as_of=date(2022, 9, 7))
    assert profile.suppliers == ("IR", "KP") and profile.recipients == ("BY",)
    assert {(y.year, y.transfers_in, y.transfers_out) for y in profile.by_year} == {
        (2022, 2, 0),
        (2023, 0, 1),
    }
    assert any(r.issuer is Issuer.EU for r in profile.sanctioned_by)
    assert [s.id for s in profile.sources] == [news_source(1).id]
    with pytest.raises(NotFound):
        queries.actor_profile(world, "ZZ")


def test_evidence_of_one_transfer(world: GraphStore) -> None:
    kp_ru = transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6)
    answer = queries.evidence(world, kp_ru.id)
    assert answer.transfer.supplier == "KP" and answer.history[0].claimant == "US intelligence"
    assert [s.id for s in answer.sources] == [news_source(1).id]
    assert answer.violations
    with pytest.raises(NotFound):
        queries.evidence(world, "tr-nope")


def test_timeline_mixes_transfers_and_regime_changes_in_order(world: GraphStore) -> None:
    events = queries.timeline(world, "IR").events
    assert [e.date for e in events] == sorted(e.date for e in events)
    kinds = {e.kind for e in events}
    assert {"transfer_delivered", "regime_start", "regime_end"} <= kinds
