"""Merges and splits change the answers, on both stores: a merge of two transfers the keys kept apart answers as
one transfer carrying the evidence of both; a split of claims the keys joined answers as a transfer of their own.
Both survive re-ingests, follow later decisions on the claims, and an undo gives the machine's transfers back."""

from __future__ import annotations

from graph import queries, review
from graph.export import neighbourhood
from graph.model import Transfer
from graph.store import GraphStore, TransferFilter
from graph.vocab import TransferStatus, WeaponCategory
from tests.contract.test_review_applied import WITH_REJECTED, decide, suppliers_of, world
from tests.contract.test_suppliers_rollup import assert_rollups_match
from tests.factories import transfer


def _answering(store: GraphStore, supplier: str, recipient: str) -> list[Transfer]:
    """The transfers the default questions see for this pair."""
    return list(queries.transfers(store, supplier=supplier, recipient=recipient).transfers)


def _claims(t: Transfer) -> set[str]:
    return {t.claim_id(e) for e in t.evidence}


def _sources(t: Transfer) -> set[str]:
    return {e.source_id for e in t.evidence}


def test_a_split_answers_as_a_transfer_of_its_own_until_undone(store: GraphStore) -> None:
    kp = world(store)["KPRU"]
    delivered = next(e for e in kp.evidence if e.status is TransferStatus.DELIVERED)
    alleged = next(e for e in kp.evidence if e.status is TransferStatus.ALLEGED)
    decide(store, "split", kp.id, 0, claims=[kp.claim_id(delivered)], comment="two shipments")
    seen = {t.id: t for t in _answering(store, "KP", "RU")}
    assert len(seen) == 2 and kp.id in seen
    (copy_id,) = seen.keys() - {kp.id}
    split = seen[copy_id]
    assert _sources(split) == {"src-b"} and split.status is TransferStatus.DELIVERED
    # the transfer keeps its evidence (its claim ids are what decisions target) and answers from the rest
    left = seen[kp.id].review
    assert seen[kp.id].status is TransferStatus.ALLEGED and seen[kp.id].confidence == alleged.confidence
    assert left is not None and left.state == "split" and list(left.splits.values()) == [(kp.claim_id(delivered),)]
    assert {v.transfer.id for v in queries.violations(store, supplier="KP", recipient="RU").violations} == {
        kp.id,
        copy_id,
    }
    assert copy_id in {x.id for x in neighbourhood(store)[1]}
    assert_rollups_match(store, "RU")
    # re-ingesting the sources keeps it; a rejection of the split claim empties the copy
    world(store)
    assert {t.id for t in _answering(store, "KP", "RU")} == {kp.id, copy_id}
    assert review.orphaned(store) == []
    decide(store, "reject", kp.claim_id(delivered), 1, reason="not_a_transfer")
    assert [t.id for t in _answering(store, "KP", "RU")] == [kp.id]
    decide(store, "undo", kp.claim_id(delivered), 2)
    assert {t.id for t in _answering(store, "KP", "RU")} == {kp.id, copy_id}
    # the undo on the transfer withdraws the split: the machine's transfer again
    decide(store, "undo", kp.id, 3)
    assert [t.id for t in _answering(store, "KP", "RU")] == [kp.id]
    assert store.transfer(kp.id) == kp and store.transfer(copy_id) is None
    assert kp.claim_id(alleged) in _claims(kp)
    assert_rollups_match(store, "RU")


def test_a_merge_answers_as_one_transfer_with_the_evidence_of_both(store: GraphStore) -> None:
    kp = world(store)["KPRU"]
    # the same deal, reported for January: the keys (year) kept it apart
    late = transfer("KP", "RU", WeaponCategory.AMMUNITION, "2023-01", TransferStatus.DELIVERED, 0.7, source="src-d")
    store.upsert_transfers([late])
    assert {t.id for t in _answering(store, "KP", "RU")} == {kp.id, late.id}
    machine = store.transfers(TransferFilter())
    decide(store, "merge", kp.id, 0, other=late.id)
    (merged,) = _answering(store, "KP", "RU")
    assert merged.id not in (kp.id, late.id)
    assert _sources(merged) == {"src-a", "src-b", "src-d"} and merged.status is TransferStatus.DELIVERED
    for tid in (kp.id, late.id):
        hidden = store.transfer(tid)
        assert hidden is not None and hidden.status is TransferStatus.REJECTED
        assert hidden.review is not None and hidden.review.state == "merged"
    assert store.transfer(late.id).review.merged_into == kp.id  # type: ignore[union-attr]
    assert [v.transfer.id for v in queries.violations(store, supplier="KP", recipient="RU").violations] == [merged.id]
    assert queries.paths(store, "KP", "RU", max_hops=1).paths[0].hops[0].transfer.id == merged.id
    exported = {x.id for x in neighbourhood(store)[1]}
    assert merged.id in exported and kp.id not in exported and late.id not in exported
    assert "KP" in suppliers_of(store, "RU")
    assert_rollups_match(store, "RU")
    # re-ingests keep it, and a new report of the other transfer reaches the merged one
    store.upsert_transfers(machine)
    assert [t.id for t in _answering(store, "KP", "RU")] == [merged.id]
    newer = transfer("KP", "RU", WeaponCategory.AMMUNITION, "2023-01", TransferStatus.DELIVERED, 0.8, source="src-e")
    store.upsert_transfers([newer])
    (again,) = _answering(store, "KP", "RU")
    assert again.id == merged.id and _sources(again) == {"src-a", "src-b", "src-d", "src-e"}
    # a claim of the other transfer rejected leaves the merged one
    decide(store, "reject", late.claim_id(late.evidence[0]), 1, reason="wrong_date")
    (after,) = _answering(store, "KP", "RU")
    assert _sources(after) == {"src-a", "src-b", "src-e"}
    assert review.orphaned(store) == []
    # the undo on the target withdraws the merge: both transfers answer again, the merged one is gone
    decide(store, "undo", kp.id, 2)
    assert {t.id for t in _answering(store, "KP", "RU")} == {kp.id, late.id}
    assert store.transfer(merged.id) is None and store.transfer(kp.id) == kp
    assert_rollups_match(store, "RU")


def test_a_merge_with_a_transfer_gone_is_orphaned_and_changes_nothing(store: GraphStore) -> None:
    kp = world(store)["KPRU"]
    late = transfer("KP", "RU", WeaponCategory.AMMUNITION, "2023-01", TransferStatus.DELIVERED, 0.7, source="src-d")
    store.upsert_transfers([late])
    decide(store, "merge", kp.id, 0, other=late.id)
    exported = list(store.decisions())
    # a fresh database rebuilt from the sources without the January report, and the decisions
    store.clear()
    world(store)
    added = review.import_decisions(store, [d.model_dump_json() + "\n" for d in exported], "bob")
    assert added.added == 1 and added.orphaned == [exported[0].id]
    assert [d.id for d in review.orphaned(store)] == [exported[0].id]
    assert store.transfer(kp.id) == kp
    assert {t.id for t in store.transfers(TransferFilter(supplier="KP", recipient="RU", statuses=WITH_REJECTED))} == {
        kp.id
    }
    # the January report arrives: the merge applies, nothing is orphaned any more
    store.upsert_transfers([late])
    (merged,) = _answering(store, "KP", "RU")
    assert _sources(merged) == {"src-a", "src-b", "src-d"}
    assert review.orphaned(store) == []
    assert_rollups_match(store, "RU")
