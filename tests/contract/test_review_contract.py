"""Review decisions and the audit log, on both stores: stable targets, survival across re-ingests, orphans,
append-only logs, concurrent decisions, refusals that write nothing, JSONL round trip."""

from __future__ import annotations

import io
import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from graph import review
from graph.decisions import Decision, DecisionKind, ReviewState, new_decision, standing
from graph.errors import InvalidInput, NotFound
from graph.memory_store import MemoryStore
from graph.model import Transfer
from graph.store import GraphStore
from graph.vocab import TransferStatus, WeaponCategory
from tests.factories import states, transfer

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def extraction(rules: int) -> list[Transfer]:
    """What the extractor makes of one article under successive rule sets. The sentence (source, offsets) and the
    rule's name stay; what the rule concludes changes: the category (so the transfer's id changes), the status
    and the confidence."""
    category, status, confidence = [
        (WeaponCategory.AMMUNITION, TransferStatus.ALLEGED, 0.6),
        (WeaponCategory.ARTILLERY, TransferStatus.ALLEGED, 0.55),
        (WeaponCategory.ARTILLERY, TransferStatus.DELIVERED, 0.7),
        (WeaponCategory.ROCKET, TransferStatus.ORDERED, 0.5),
    ][rules]
    quote = "Russia is buying millions of artillery shells from North Korea."
    return [
        transfer("KP", "RU", category, "2022-09", status, confidence, source="src-nyt", quote=quote, start=120),
        transfer("IR", "RU", WeaponCategory.DRONE, "2022-08", TransferStatus.DELIVERED, 0.7, source="src-nyt"),
    ]


def claim_of(t: Transfer) -> str:
    return t.claim_id(t.evidence[0])


def seeded(store: GraphStore, rules: int = 0) -> list[Transfer]:
    store.upsert_actors(states("KP", "RU", "IR", "BY"))
    batch = extraction(rules)
    store.upsert_transfers(batch)
    return batch


def test_claim_ids_resolve_to_their_transfer_and_unknown_ids_do_not(store: GraphStore) -> None:
    kp, ir = seeded(store)
    found = store.claim_transfers([claim_of(kp), ir.id, "cl-0000000000000000", "tr-0000000000000000"])
    assert found == {claim_of(kp): kp.id, ir.id: ir.id}


def test_decision_survives_three_reingests_with_changed_rules(store: GraphStore) -> None:
    kp, _ = seeded(store)
    rejected = review.decide(
        store, new_decision("reject", claim_of(kp), "alice", reason="wrong_item", comment="shells, not rockets", at=T0)
    )
    ids = {kp.id}
    for rules in (1, 2, 3):
        again = extraction(rules)[0]
        store.upsert_transfers(extraction(rules))
        ids.add(again.id)
        assert claim_of(again) == claim_of(kp)  # same sentence, same rule: same claim id
        # the claim now sits in the transfer the new rules made, and the decision follows it
        assert store.claim_transfers([claim_of(kp)]) == {claim_of(kp): again.id}
        assert store.decisions([claim_of(kp)]) == [rejected]
        assert review.reviews(store)[claim_of(kp)].state is ReviewState.REJECTED
        assert review.orphaned(store) == []
    assert len(ids) == 3  # the rule changes did move the claim between transfers


def test_decision_on_a_target_gone_is_orphaned_not_dropped(store: GraphStore) -> None:
    kp, ir = seeded(store)
    on_claim = review.decide(store, new_decision("accept", claim_of(kp), "alice", at=T0))
    on_transfer = review.decide(store, new_decision("accept", ir.id, "bob", at=T0))
    # a fresh database rebuilt from sources after the rule was renamed: the old claim no longer exists
    store.clear()
    store.upsert_actors(states("KP", "RU", "IR"))
    renamed = [
        t.model_copy(update={"evidence": (t.evidence[0].model_copy(update={"extractor": "v2"}),)})
        for t in extraction(0)
    ]
    store.upsert_transfers(renamed)
    report = review.import_decisions(store, [f"{line}\n" for line in _jsonl([on_claim, on_transfer])], "carol")
    assert report.added == 2
    assert report.orphaned == [on_claim.id]  # the transfer id is the same, the claim id is not
    assert review.orphaned(store) == [on_claim]
    assert {d.id for d in store.decisions()} == {on_claim.id, on_transfer.id}


def _jsonl(decisions: list[Decision]) -> list[str]:
    return [json.dumps(d.to_json()) for d in decisions]


def test_export_then_import_round_trips_and_reimport_adds_nothing(store: GraphStore) -> None:
    kp, ir = seeded(store)
    made = [
        review.decide(store, new_decision("correct", claim_of(kp), "alice", corrections={"quantity": 5000}, at=T0)),
        review.decide(store, new_decision("note", ir.id, "bob", comment="check SIPRI 2023", at=T0)),
        review.decide(store, new_decision("merge", ir.id, "bob", other=kp.id, at=T0 + timedelta(seconds=1))),
    ]
    out = io.StringIO()
    assert review.export_decisions(store, out) == 3
    text = out.getvalue()
    store.clear()
    seeded(store)
    first = review.import_decisions(store, text.splitlines(), "carol", name="decisions.jsonl")
    again = review.import_decisions(store, text.splitlines(), "carol", name="decisions.jsonl")
    assert (first.added, first.unchanged, first.rejected) == (3, 0, [])
    assert (again.added, again.unchanged) == (0, 3)
    assert store.decisions() == sorted(made, key=lambda d: d.order)


def test_import_reports_bad_lines_with_their_place_and_keeps_the_good(store: GraphStore) -> None:
    kp, _ = seeded(store)
    good = new_decision("accept", claim_of(kp), "alice", at=T0)
    lines = [
        "{not json",
        '{"kind": "reject", "target": "cl-1", "author": "a", "at": "2026-01-01T00:00:00Z", "id": "x"}',
        *_jsonl([good]),
    ]
    report = review.import_decisions(store, lines, "carol", name="in.jsonl")
    assert report.added == 1
    assert [w for w, _ in report.rejected] == ["in.jsonl:1", "in.jsonl:2"]
    assert "reason" in report.rejected[1][1]
    assert store.decisions() == [good]


def test_refused_decisions_write_nothing(store: GraphStore) -> None:
    kp, ir = seeded(store)
    with pytest.raises(NotFound, match="no claim or transfer"):
        review.decide(store, new_decision("accept", "cl-00000000deadbeef", "alice"))
    with pytest.raises(InvalidInput, match=r"corrections\.supplier: no actor"):
        review.decide(store, new_decision("correct", claim_of(kp), "alice", corrections={"supplier": "XX"}))
    with pytest.raises(NotFound, match="other"):
        review.decide(store, new_decision("merge", ir.id, "alice", other="tr-00000000deadbeef"))
    with pytest.raises(InvalidInput, match="not a claim of transfer"):
        review.decide(store, new_decision("split", ir.id, "alice", claims=[claim_of(kp)]))
    assert store.decisions() == []
    assert store.audit() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "shipped"}, "correction of status"),
        ({"category": "laser"}, "correction of category"),
        ({"delivered": "2022-13"}, "correction of delivered"),
        ({"quantity": {"low": "many"}}, "correction of quantity"),
    ],
)
def test_invalid_correction_values_are_refused_naming_the_field(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        new_decision("correct", "cl-0123456789abcdef", "alice", corrections=fields)


def test_decision_rules() -> None:
    with pytest.raises(ValidationError, match="reason"):
        new_decision("reject", "cl-0123456789abcdef", "alice")
    with pytest.raises(ValidationError, match="comment"):
        new_decision("reject", "cl-0123456789abcdef", "alice", reason="other")
    with pytest.raises(ValidationError, match="target"):
        new_decision("accept", "KP", "alice")
    fixed = new_decision("correct", "cl-0123456789abcdef", "a", corrections={"quantity": 12, "status": "delivered"})
    assert {c.field.value: c.value for c in fixed.corrections} == {
        "quantity": {"low": 12.0, "high": 12.0, "approximate": False, "estimated": False},
        "status": "delivered",
    }


def test_every_decision_is_audited_and_the_log_is_newest_first(store: GraphStore) -> None:
    kp, ir = seeded(store)
    review.decide(store, new_decision("accept", claim_of(kp), "alice", at=T0), address="10.0.0.7")
    review.decide(store, new_decision("reject", ir.id, "bob", reason="duplicate", at=T0 + timedelta(minutes=1)))
    log = store.audit()
    assert [(e.who, e.action, e.target, e.address) for e in log] == [
        ("bob", "decision.reject", ir.id, None),
        ("alice", "decision.accept", claim_of(kp), "10.0.0.7"),
    ]
    assert store.audit(limit=1, offset=1) == log[1:]
    assert store.audit(since=T0 + timedelta(seconds=30)) == log[:1]
    # appending the same entry again (a retried write) does not duplicate it
    store.append_audit(log)
    assert store.audit() == log


def test_concurrent_decisions_on_one_claim_all_land_and_the_newest_wins(store: GraphStore) -> None:
    kp, _ = seeded(store)
    target = claim_of(kp)
    kinds = [("accept", None), ("reject", "wrong_date"), ("accept", None), ("reject", "duplicate")] * 3
    made = [
        new_decision(kind, target, f"reviewer{i}", reason=reason, at=T0 + timedelta(milliseconds=i))
        for i, (kind, reason) in enumerate(kinds)
    ]
    errors: list[BaseException] = []
    store.flush()

    def run(d: Decision) -> None:
        # each client its own store object, as separate processes or API servers are (one embedded store object
        # is written by one thread at a time: the API's LiveStore takes writes in turn)
        client = MemoryStore(store.path) if isinstance(store, MemoryStore) else store
        try:
            review.decide(client, d)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            if client is not store:
                client.close()

    threads = [threading.Thread(target=run, args=(d,)) for d in reversed(made)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    if isinstance(store, MemoryStore):
        store = MemoryStore(store.path)  # what the clients wrote, read back from the file
    assert {d.id for d in store.decisions([target])} == {d.id for d in made}
    assert len(store.audit(limit=100)) == len(made)
    standing_now = review.reviews(store, [target])[target]
    assert standing_now.decision == made[-1] and standing_now.state is ReviewState.REJECTED
    assert standing_now.decisions == len(made)


def test_undo_reopens_and_notes_do_not_change_the_verdict() -> None:
    target = "cl-0123456789abcdef"
    a = new_decision("reject", target, "a", reason="not_arms", at=T0)
    b = new_decision("note", target, "b", comment="maybe dual-use", at=T0 + timedelta(seconds=1))
    assert standing([a, b])[target].state is ReviewState.REJECTED
    c = new_decision(DecisionKind.UNDO, target, "a", at=T0 + timedelta(seconds=2))
    assert standing([b, c, a])[target].state is ReviewState.OPEN
    assert standing([b, c, a])[target].decisions == 3
