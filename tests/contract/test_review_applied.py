"""Decisions change the answers, on both stores: rejected claims drop out of suppliers, transfers, paths,
violations and exports (back with include=rejected or an undo), corrections apply, accepted transfers are marked
reviewed, the Neo4j SUPPLIES aggregates stay equal to a recount, and re-ingests re-apply the decisions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graph import queries, review
from graph.decisions import new_decision
from graph.export import neighbourhood
from graph.model import Transfer
from graph.queries import AFFIRMATIVE
from graph.review_queue import queue as review_queue
from graph.store import GraphStore, TransferFilter
from graph.vocab import SourceKind, TransferStatus, WeaponCategory
from ingest.pipeline import load_reference
from tests.contract.test_suppliers_rollup import assert_rollups_match
from tests.factories import states, transfer

T0 = datetime(2026, 2, 1, 8, 0, tzinfo=UTC)
WITH_REJECTED = (*AFFIRMATIVE, TransferStatus.REJECTED)


def world(store: GraphStore) -> dict[str, Transfer]:
    load_reference(store)
    store.upsert_actors(states("KP", "RU", "IR", "BY"))
    kp = transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6, source="src-a")
    kp2 = transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.DELIVERED, 0.5, source="src-b")
    ir = transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", TransferStatus.DELIVERED, 0.7, source="src-a")
    by = transfer("BY", "RU", WeaponCategory.ARTILLERY, "2023-03", TransferStatus.ALLEGED, 0.4, source="src-c")
    ru_by = transfer("RU", "BY", WeaponCategory.AIRCRAFT, "2023-05", TransferStatus.DELIVERED, 0.9, source="src-c")
    store.upsert_transfers([kp, kp2, ir, by, ru_by])
    stored = {t.supplier + t.recipient: t for t in store.transfers(TransferFilter())}
    assert stored["KPRU"].id == kp.id and len(stored["KPRU"].evidence) == 2  # one transfer, two claims
    return stored


def suppliers_of(store: GraphStore, recipient: str, statuses: tuple[TransferStatus, ...] = AFFIRMATIVE) -> set[str]:
    return {s.id for s in queries.suppliers(store, recipient, statuses=statuses).suppliers}


def decide(store: GraphStore, kind: str, target: str, at: int, **kw: object) -> None:
    review.decide(store, new_decision(kind, target, "alice", at=T0 + timedelta(seconds=at), **kw))  # type: ignore[arg-type]


def test_rejecting_every_claim_drops_the_transfer_from_every_answer_until_undone(store: GraphStore) -> None:
    t = world(store)["KPRU"]
    assert "KP" in suppliers_of(store, "RU")
    assert any(v.transfer.id == t.id for v in queries.violations(store, recipient="RU").violations)
    for i, e in enumerate(t.evidence):
        decide(store, "reject", t.claim_id(e), i, reason="not_a_transfer")
    assert "KP" not in suppliers_of(store, "RU")
    assert "KP" in suppliers_of(store, "RU", WITH_REJECTED)  # include=rejected
    assert t.id not in {x.id for x in queries.transfers(store, supplier="KP").transfers}
    assert not any(v.transfer.id == t.id for v in queries.violations(store, recipient="RU").violations)
    assert queries.paths(store, "KP", "RU").paths == ()
    assert t.id not in {x.id for x in neighbourhood(store)[1]}
    assert t.id in {x.id for x in neighbourhood(store, include_rejected=True)[1]}
    rejected = store.transfer(t.id)
    assert rejected is not None and rejected.status is TransferStatus.REJECTED
    assert rejected.review is not None and rejected.review.state == "rejected" and rejected.review.by == ("alice",)
    assert_rollups_match(store, "RU")
    decide(store, "undo", t.claim_id(t.evidence[0]), 10)
    back = store.transfer(t.id)
    assert back is not None and back.status is TransferStatus.ALLEGED  # only the other claim is still rejected
    assert back.confidence == t.evidence[0].confidence
    assert "KP" in suppliers_of(store, "RU")
    decide(store, "undo", t.claim_id(t.evidence[1]), 11)
    assert store.transfer(t.id) == t  # the machine's transfer again, unreviewed
    assert_rollups_match(store, "RU")


def test_rejecting_one_claim_recomputes_status_and_confidence_from_the_others(store: GraphStore) -> None:
    t = world(store)["KPRU"]
    delivered = next(e for e in t.evidence if e.status is TransferStatus.DELIVERED)
    assert t.status is TransferStatus.DELIVERED
    decide(store, "reject", t.claim_id(delivered), 0, reason="wrong_date")
    now = store.transfer(t.id)
    assert now is not None and now.status is TransferStatus.ALLEGED and now.confidence == 0.6
    assert now.review is not None and now.review.rejected_claims == (t.claim_id(delivered),)
    page = store.supplier_rollups(TransferFilter(recipient="RU", statuses=(TransferStatus.DELIVERED,)))
    assert "KP" not in {r.supplier for r in page.rollups}
    assert_rollups_match(store, "RU")


def test_corrections_apply_and_accepted_transfers_are_marked_reviewed(store: GraphStore) -> None:
    stored = world(store)
    by, ir = stored["BYRU"], stored["IRRU"]
    decide(store, "correct", by.claim_id(by.evidence[0]), 0, corrections={"status": "delivered", "quantity": 12})
    fixed = store.transfer(by.id)
    assert fixed is not None and fixed.status is TransferStatus.DELIVERED
    assert fixed.quantity is not None and (fixed.quantity.low, fixed.quantity.high) == (12, 12)
    assert fixed.review is not None and fixed.review.state == "corrected"
    assert fixed.review.machine == {"status": "alleged", "quantity": by.model_dump(mode="json")["quantity"]}
    assert_rollups_match(store, "RU")
    decide(store, "accept", ir.id, 1)
    accepted = store.transfer(ir.id)
    assert accepted is not None and accepted.reviewed and accepted.status is ir.status
    assert not store.transfer(stored["RUBY"].id).reviewed  # type: ignore[union-attr]
    # reviewed=true / false on the drill-down
    assert {x.id for x in queries.transfers(store, recipient="RU", reviewed=True).transfers} == {by.id, ir.id}
    unreviewed = {x.id for x in queries.transfers(store, recipient="RU", reviewed=False).transfers}
    assert unreviewed == {stored["KPRU"].id}
    # a newer decision on the same target replaces the correction: the machine's values come back
    decide(store, "accept", by.claim_id(by.evidence[0]), 2)
    assert store.transfer(by.id).model_copy(update={"review": None}) == by  # type: ignore[union-attr]


def test_reingest_reapplies_decisions_and_new_evidence_counts(store: GraphStore) -> None:
    stored = world(store)
    ir, by = stored["IRRU"], stored["BYRU"]
    decide(store, "reject", ir.id, 0, reason="duplicate")  # the whole transfer
    decide(store, "correct", by.claim_id(by.evidence[0]), 1, corrections={"category": "missile"})
    for _ in range(3):
        again = world(store)
        assert again["IRRU"].status is TransferStatus.REJECTED
        assert again["BYRU"].category is WeaponCategory.MISSILE
    # a new report of the rejected transfer does not revive it (the transfer itself was rejected) ...
    store.upsert_transfers(
        [transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", TransferStatus.DELIVERED, 0.8, source="src-new")]
    )
    assert store.transfer(ir.id).status is TransferStatus.REJECTED  # type: ignore[union-attr]
    # ... a register row confirming the corrected one keeps the correction and raises its confidence
    store.upsert_transfers(
        [
            transfer(
                "BY", "RU", WeaponCategory.ARTILLERY, "2023-03", TransferStatus.DELIVERED, 0.95,
                source="sipri", kind=SourceKind.REGISTER,
            )
        ]
    )  # fmt: skip
    now = store.transfer(by.id)
    assert now is not None and now.category is WeaponCategory.MISSILE and now.status is TransferStatus.DELIVERED
    assert now.confidence > by.confidence
    assert "IR" not in suppliers_of(store, "RU")
    assert_rollups_match(store, "RU")


def test_rdf_export_has_decisions_as_prov_activities_and_the_review_round_trips(store: GraphStore) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import PROV, RDF, RDFS

    from graph.rdf import SKG, from_rdf, store_to_rdf

    stored = world(store)
    by = stored["BYRU"]
    decide(store, "correct", by.claim_id(by.evidence[0]), 0, corrections={"status": "delivered"}, comment="UN panel")
    g = store_to_rdf(store)
    (activity,) = g.subjects(RDF.type, SKG.Decision)
    assert (activity, RDF.type, PROV.Activity) in g
    agent = g.value(activity, PROV.wasAssociatedWith)
    assert isinstance(agent, URIRef) and g.value(agent, RDFS.label) == Literal("alice")
    used = g.value(activity, PROV.used)
    assert (None, SKG.evidence, used) in g  # the evidence node of the claim
    assert str(g.value(activity, SKG.decisionKind)) == "correct"
    transfers = {t.id: t for t in from_rdf(g)[2]}
    assert transfers[by.id] == store.transfer(by.id)  # the reviewed state comes back


def test_a_violation_explanation_says_whether_and_by_whom_its_evidence_was_reviewed(store: GraphStore) -> None:
    kp = world(store)["KPRU"]

    def verdict() -> tuple[str, tuple[str, ...]]:
        v = next(v for v in queries.violations(store, recipient="RU").violations if v.transfer.id == kp.id)
        return v.explanation, v.reviewed_by

    text, by = verdict()
    assert text.endswith("Evidence not reviewed by a person yet.") and by == ()
    review.decide(store, new_decision("accept", kp.claim_id(kp.evidence[0]), "alice", at=T0))
    review.decide(
        store,
        new_decision("reject", kp.claim_id(kp.evidence[1]), "bob", at=T0 + timedelta(seconds=1), reason="duplicate"),
    )
    text, by = verdict()
    assert text.endswith("Evidence reviewed (accepted; 1 of 2 claims rejected) by alice, bob.")
    assert by == ("alice", "bob")
    decide(store, "undo", kp.claim_id(kp.evidence[1]), 2)
    text, by = verdict()
    assert text.endswith("Evidence reviewed (accepted) by alice.") and by == ("alice",)


def _pair(store: GraphStore, supplier: str, recipient: str) -> list[Transfer]:
    return store.transfers(TransferFilter(supplier=supplier, recipient=recipient, statuses=WITH_REJECTED))


def test_supplier_and_recipient_corrections_move_the_claim_to_the_corrected_pair(store: GraphStore) -> None:
    stored = world(store)
    kp = stored["KPRU"]
    delivered = next(e for e in kp.evidence if e.status is TransferStatus.DELIVERED)
    kp_ru_violation = {v.transfer.id for v in queries.violations(store, recipient="RU").violations}
    assert kp.id in kp_ru_violation
    # one claim named the wrong recipient: it moves to KP -> BY, the other claim stays on KP -> RU
    decide(store, "correct", kp.claim_id(delivered), 0, corrections={"recipient": "BY"})
    left = store.transfer(kp.id)
    assert left is not None and left.status is TransferStatus.ALLEGED and left.confidence == 0.6
    [copy] = _pair(store, "KP", "BY")
    assert [e.source_id for e in copy.evidence] == [delivered.source_id]
    assert copy.status is TransferStatus.DELIVERED and copy.category is kp.category
    assert copy.review is not None and copy.review.moved_from == kp.id and copy.review.by == ("alice",)
    assert "KP" in suppliers_of(store, "BY") and "KP" in suppliers_of(store, "RU")
    assert copy.id in {v.transfer.id for v in queries.violations(store, supplier="KP", recipient="BY").violations}
    assert [h.transfer.id for p in queries.paths(store, "KP", "BY", max_hops=1).paths for h in p.hops] == [copy.id]
    assert copy.id not in {i.transfer for i in review_queue(store).items}  # reviewed through its transfer
    assert_rollups_match(store, "RU")
    assert_rollups_match(store, "BY")
    # the whole transfer had the wrong supplier: everything it says moves to IR -> RU, KP -> RU leaves the answers
    decide(store, "correct", kp.id, 1, corrections={"supplier": "IR"})
    assert "KP" not in suppliers_of(store, "RU")
    assert kp.id not in {v.transfer.id for v in queries.violations(store, recipient="RU").violations}
    assert queries.paths(store, "KP", "RU", max_hops=1).paths == ()
    moved = [t for t in _pair(store, "IR", "RU") if t.review is not None and t.review.moved_from == kp.id]
    # the claim with a correction of its own stays where that one put it (KP -> BY)
    assert len(moved) == 1 and [e.source_id for e in moved[0].evidence] == [
        e.source_id for e in kp.evidence if e != delivered
    ]
    assert len(_pair(store, "KP", "BY")) == 1
    assert_rollups_match(store, "RU")
    # re-ingesting the sources keeps the copies as they are (same ids), nothing orphaned
    before = sorted(t.id for t in store.transfers(TransferFilter(statuses=WITH_REJECTED)))
    world(store)
    assert sorted(t.id for t in store.transfers(TransferFilter(statuses=WITH_REJECTED))) == before
    assert review.orphaned(store) == []
    # undoing both corrections removes the copies and gives KP -> RU back
    decide(store, "undo", kp.id, 2)
    decide(store, "undo", kp.claim_id(delivered), 3)
    assert _pair(store, "KP", "BY") == [] and all(t.review is None for t in _pair(store, "IR", "RU"))
    assert store.transfer(kp.id) == kp
    assert "KP" not in suppliers_of(store, "BY") and "KP" in suppliers_of(store, "RU")
    assert_rollups_match(store, "RU")
    assert_rollups_match(store, "BY")
