"""The change feed on both stores: what each write records, numbered 1, 2, 3 ... with nothing skipped or repeated."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.changes import ChangeFilter, ChangeKind
from graph.decisions import DecisionKind, RejectReason, new_decision
from graph.memory_store import MemoryStore
from graph.model import Actor, Verdict
from graph.reference import load_regimes
from graph.store import GraphStore
from graph.vocab import ActorKind, Issuer
from tests.factories import news_source, states, transfer


def _dprk_embargo() -> list:
    return [r for r in load_regimes() if r.target == "KP" and r.issuer is Issuer.UN]


def _setup(store: GraphStore) -> None:
    store.upsert_actors(states("RU", "KP", "FR", "DE"))
    store.upsert_sources([news_source(1), news_source(2)])


def test_every_write_is_numbered_in_order(store: GraphStore) -> None:
    _setup(store)
    start = store.last_change_seq()
    store.upsert_regimes(_dprk_embargo())
    t = transfer("KP", "RU", when="2023-09")
    store.upsert_transfers([t])
    store.flush()
    changes = store.changes(start, limit=1000)
    assert [c.seq for c in changes] == list(range(start + 1, store.last_change_seq() + 1))
    kinds = [c.kind for c in changes]
    assert ChangeKind.REGIME_ADDED in kinds and ChangeKind.ACTOR_DESIGNATED in kinds
    added = [c for c in changes if c.kind is ChangeKind.TRANSFER_ADDED]
    assert [(c.subjects[0], c.supplier, c.recipient) for c in added] == [(t.id, "KP", "RU")]
    violations = [c for c in changes if c.kind is ChangeKind.VERDICT_CHANGED]
    assert violations and all(c.verdict is Verdict.VIOLATION and c.previous_verdict is None for c in violations)
    assert all(c.issuer is Issuer.UN and set(c.actors) == {"KP", "RU"} for c in violations)

    # the same write again changes nothing, so records nothing
    last = store.last_change_seq()
    store.upsert_transfers([t])
    store.upsert_regimes(_dprk_embargo())
    assert store.last_change_seq() == last and store.changes(last) == []

    # a second report of the same transfer is new evidence, not a new transfer
    store.upsert_transfers([transfer("KP", "RU", when="2023-09", source="src-b", start=40)])
    (evidence,) = [c for c in store.changes(last) if c.kind is ChangeKind.EVIDENCE_ADDED]
    assert evidence.subjects == (t.id,) and evidence.seq == last + 1
    assert not [c for c in store.changes(last) if c.kind is ChangeKind.TRANSFER_ADDED]


def test_paging_and_filters(store: GraphStore) -> None:
    _setup(store)
    store.upsert_regimes(_dprk_embargo())
    store.upsert_transfers([transfer("KP", "RU", when="2023-09"), transfer("FR", "DE", when="2023-01")])
    every = store.changes(0, limit=10_000)
    pages, since = [], 0
    while page := store.changes(since, limit=3):
        pages += page
        since = page[-1].seq
    assert pages == every
    fr = store.changes(0, limit=100, flt=ChangeFilter(actor="FR"))
    assert fr and all("FR" in c.actors for c in fr)
    hits = store.changes(0, limit=100, flt=ChangeFilter(verdict=Verdict.VIOLATION, issuer=Issuer.UN))
    assert hits and {c.kind for c in hits} == {ChangeKind.VERDICT_CHANGED}
    assert store.changes(0, limit=100, flt=ChangeFilter(verdict=Verdict.VIOLATION, actor="FR")) == []
    newest = store.changes(0, limit=2, newest=True)
    assert [c.seq for c in newest] == [every[-1].seq, every[-2].seq]


def test_a_regime_change_judges_again_the_transfers_of_its_target_only(store: GraphStore) -> None:
    _setup(store)
    regimes = _dprk_embargo()
    store.upsert_regimes(regimes)
    store.upsert_transfers([transfer("KP", "RU", when="2023-09"), transfer("FR", "DE", when="2023-01")])
    last = store.last_change_seq()
    ended = [r.model_copy(update={"end": date(2020, 1, 1)}) for r in regimes]
    store.upsert_regimes(ended)
    changes = store.changes(last)
    kinds = {c.kind for c in changes}
    assert {ChangeKind.REGIME_CHANGED, ChangeKind.ACTOR_DELISTED, ChangeKind.VERDICT_CHANGED} <= kinds
    verdicts = [c for c in changes if c.kind is ChangeKind.VERDICT_CHANGED]
    assert all(c.previous_verdict is Verdict.VIOLATION and c.verdict is None for c in verdicts)
    assert all(set(c.actors) == {"KP", "RU"} for c in verdicts)  # the FR → DE transfer was not touched


def test_review_decisions_and_listings_are_changes(store: GraphStore) -> None:
    _setup(store)
    store.upsert_regimes(_dprk_embargo())
    t = transfer("KP", "RU", when="2023-09")
    store.upsert_transfers([t])
    last = store.last_change_seq()
    d = new_decision(DecisionKind.REJECT, t.id, "alice", reason=RejectReason.NOT_A_TRANSFER)
    store.add_decisions([d])
    changes = store.changes(last)
    (review,) = [c for c in changes if c.kind is ChangeKind.REVIEW_DECISION]
    assert review.subjects[:2] == (d.id, t.id) and set(review.actors) == {"KP", "RU"}
    assert [c.seq for c in changes] == list(range(last + 1, last + 1 + len(changes)))

    last = store.last_change_seq()
    group = Actor(id="org-x", kind=ActorKind.ORGANIZATION, name="X Corp", country="KP")
    store.upsert_actors([group])
    listed = group.model_copy(update={"attributes": {"listed_on": "2016-03-02"}})
    store.upsert_actors([listed])
    store.upsert_actors([listed.model_copy(update={"attributes": {"listed_on": "2016-03-02", "delisted_on": "2024"}})])
    kinds = [c.kind for c in store.changes(last)]
    assert kinds == [ChangeKind.ACTOR_DESIGNATED, ChangeKind.ACTOR_DELISTED]


def test_the_feed_is_saved_with_the_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.json.gz"
    store = MemoryStore(path)
    _setup(store)
    store.upsert_regimes(_dprk_embargo())
    store.upsert_transfers([transfer("KP", "RU", when="2023-09")])
    store.close()
    again = MemoryStore(path)
    assert again.changes(0, 1000) == store.changes(0, 1000) and again.last_change_seq() == store.last_change_seq()
    again.upsert_transfers([transfer("FR", "DE", when="2023-09")])
    assert again.changes(store.last_change_seq())[0].seq == store.last_change_seq() + 1
    again.close()
