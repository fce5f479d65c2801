"""The review queue read from the stores' write-time index equals the queue computed from scratch, on both stores.

`queue` reads the index each store keeps when transfers, decisions and regimes are written (graph/review_priority.py);
`queue_on_read` judges every transfer again. After every step of a random history (ingests, re-ingests with changed
evidence, accept / reject / correct / undo decisions, supplier corrections that move claims, merges and splits,
regime changes, an actor deleted) both give the same page, in the same order, and the same total, for several
filters and offsets.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import review
from graph.decisions import new_decision
from graph.memory_store import MemoryStore
from graph.model import Transfer
from graph.review_queue import Priority, QueueAnswer, queue, queue_on_read
from graph.store import GraphStore, TransferFilter
from graph.vocab import TransferStatus, WeaponCategory
from ingest.pipeline import load_reference
from tests.factories import CODES, confirmed, random_transfers, states, transfer

FUZZ = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

FILTERS: list[dict[str, object]] = [
    {},
    {"actor": "RU"},
    {"actor": "KP"},
    {"source": "src-3"},
    {"since": date(2015, 1, 1)},
    {"actor": "RU", "since": date(2010, 6, 1), "source": "src-1"},
]


def _view(a: QueueAnswer) -> tuple[int, list[tuple[str, str, str, str]]]:
    return a.total, [(i.target, i.priority.value, i.why, i.transfer) for i in a.items]


def assert_same_queue(store: GraphStore) -> None:
    for flt in FILTERS:
        for offset, limit in ((0, 7), (5, 11), (0, 500)):
            indexed = queue(store, offset=offset, limit=limit, **flt)  # type: ignore[arg-type]
            fresh = queue_on_read(store, offset=offset, limit=limit, **flt)  # type: ignore[arg-type]
            assert _view(indexed) == _view(fresh), (flt, offset, limit)


def _claims(store: GraphStore) -> list[tuple[Transfer, str]]:
    found = []
    for t in store.transfers(TransferFilter()):
        if t.review is not None and t.review.moved_from is not None:
            continue
        found.append((t, t.id))
        found += [(t, t.claim_id(e)) for e in t.evidence if e.start is not None]
    return found


def _claims_of(t: Transfer) -> set[str]:
    return {t.claim_id(e) for e in t.evidence if e.start is not None}


def _step(store: GraphStore, rng: random.Random, step: int) -> None:
    roll = rng.random()
    if roll < 0.25:  # a new batch of reports
        store.upsert_transfers(random_transfers(rng.randint(3, 12), rng.randint(0, 10**6), prefix=f"tr-s{step}"))
    elif roll < 0.4:  # a register confirms some stored transfers (new evidence, status and dates)
        stored = store.transfers(TransferFilter())
        picked = [t for t in rng.sample(stored, min(3, len(stored))) if t.review is None or t.review.moved_from is None]
        store.upsert_transfers([confirmed(t) for t in picked])
    elif roll < 0.8:  # a reviewer decides
        claims = _claims(store)
        if not claims:
            return
        t, target = rng.choice(claims)
        kind = rng.choice(["accept", "reject", "correct", "correct_party", "undo", "note", "merge", "split"])
        at = T0 + timedelta(minutes=step)
        others = [x for x, k in claims if k == x.id and x.id != t.id]
        if kind == "merge" and others:
            d = new_decision("merge", t.id, "carol", at=at, other=rng.choice(others).id)
        elif kind == "split" and (
            own := [c for c, tid in store.claim_transfers(sorted(_claims_of(t))).items() if tid == t.id]
        ):
            d = new_decision("split", t.id, "carol", at=at, claims=own[:1])
        elif kind in ("merge", "split"):
            return
        elif kind == "reject":
            d = new_decision("reject", target, "alice", at=at, reason="wrong_date")
        elif kind == "correct":
            d = new_decision("correct", target, "alice", at=at, corrections={"status": "delivered"})
        elif kind == "correct_party":
            other = rng.choice([c for c in CODES if c not in (t.supplier, t.recipient)])
            d = new_decision("correct", target, "bob", at=at, corrections={"supplier": other})
        elif kind == "note":
            d = new_decision("note", target, "bob", at=at, comment="look again")
        else:
            d = new_decision(kind, target, "bob", at=at)
        review.decide(store, d)
    elif roll < 0.95:  # a regime changes: another period, or a new target
        regimes = store.regimes()
        base = rng.choice(regimes)
        if rng.random() < 0.5:
            store.upsert_regimes([base.model_copy(update={"start": date(rng.randint(1990, 2020), 1, 1)})])
        else:
            target = rng.choice(CODES)
            store.upsert_regimes([base.model_copy(update={"id": f"reg-test-{step}", "target": target})])
    else:  # an actor leaves the graph with its transfers
        store.delete_actors([rng.choice(["SY", "MM", "VE"])])
        store.upsert_actors(states(*CODES))


@FUZZ
@given(seed=st.integers(0, 10**6))
def test_indexed_queue_equals_the_queue_computed_on_read(store: GraphStore, seed: int) -> None:
    store.clear()
    load_reference(store)
    store.upsert_actors(states(*CODES))
    rng = random.Random(seed)
    store.upsert_transfers(random_transfers(30, seed))
    assert_same_queue(store)  # the embedded store builds its index here: later steps keep it
    for step in range(14):
        _step(store, rng, step)
        if step % 3 == 2:
            assert_same_queue(store)
    assert_same_queue(store)
    if isinstance(store, MemoryStore) and store.path is not None:  # the index saved in the file and restored
        store.flush()
        reopened = MemoryStore(store.path)
        assert_same_queue(reopened)
        _step(reopened, rng, 99)
        assert_same_queue(reopened)
        reopened.release()


def test_queue_order_by_priority_and_decisions(store: GraphStore) -> None:
    """The tiers in order, a decision takes its claim out of the queue, an undo brings it back, a regime ending
    moves a transfer from `violation` down: all kept at write time."""
    load_reference(store)
    store.upsert_actors(states("KP", "RU", "FR", "IN"))
    kp = transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09", TransferStatus.ALLEGED, 0.6, source="src-a")
    low = transfer("FR", "IN", WeaponCategory.AIRCRAFT, "2019-05", TransferStatus.ALLEGED, 0.3, source="src-b")
    plain = transfer("FR", "IN", WeaponCategory.ARTILLERY, "2018-05", TransferStatus.ALLEGED, 0.8, source="src-c")
    store.upsert_transfers([plain, low, kp])
    first = queue(store)
    assert [i.priority for i in first.items] == [Priority.VIOLATION, Priority.LOW_CONFIDENCE, Priority.OPEN]
    assert [i.transfer for i in first.items] == [kp.id, low.id, plain.id] and first.total == 3
    claim = kp.claim_id(kp.evidence[0])
    review.decide(store, new_decision("reject", claim, "alice", at=T0, reason="wrong_parties"))
    assert [i.transfer for i in queue(store).items] == [low.id, plain.id]
    assert queue(store, actor="KP").total == 0
    review.decide(store, new_decision("undo", claim, "alice", at=T0 + timedelta(seconds=1)))
    assert queue(store).items[0].target == claim
    # the DPRK embargoes end before the transfer: it is no longer behind a violation
    ended = [r.model_copy(update={"end": date(2001, 1, 1)}) for r in store.regimes() if r.target == "KP"]
    assert ended
    store.upsert_regimes(ended)
    after = queue(store)
    assert [i.transfer for i in after.items][:1] == [low.id] and kp.id in {i.transfer for i in after.items}
    assert _view(after) == _view(queue_on_read(store))
