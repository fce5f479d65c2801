"""known_as_of on both stores: every query asked "as known on" day D equals the same query on a fresh store that
received only the ingests made up to D (issue 16, point 5). Hypothesis draws histories of news reports and register
rows revised by later exports, ingested on increasing days, with measures recorded and changed by later imports,
reviewers' decisions (accept, reject, corrections that move a claim to another pair, undo) and a delisting on
those days; the answers are compared whole (JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import queries
from graph.decisions import Decision, new_decision
from graph.designations import delist
from graph.errors import NotFound
from graph.memory_store import MemoryStore
from graph.model import Actor, Evidence, Quantity, Regime, Transfer, Verdict
from graph.reference import load_regimes
from graph.store import GraphStore, TransferFilter
from graph.vocab import ActorKind, SourceKind, TransferStatus, WeaponCategory
from ingest.pipeline import ingest
from ingest.records import Records
from ingest.resolve import state_actor

CODES = ("RU", "KP", "IR", "BY", "SY")
START = date(2022, 1, 1)
STATUSES = (TransferStatus.DELIVERED, TransferStatus.ORDERED, TransferStatus.ALLEGED, TransferStatus.DENIED)
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


#: A listed group: delisted on some day of a history (a delisting dated after D is not known on D).
GROUP = Actor(
    id="org-test-listed",
    name="Test Listed Group",
    kind=ActorKind.ARMED_GROUP,
    country="KP",
    attributes={"un_reference": "KPe.999", "listed_on": "2016-03-02"},
)


@dataclass(frozen=True)
class Batch:
    day: date
    transfers: tuple[Transfer, ...]
    #: Measures the day's import brings: new ones, or new versions of stored ones (another end date).
    regimes: tuple[Regime, ...] = ()
    decisions: tuple[Decision, ...] = ()
    delist: bool = False


def _regimes() -> list[Regime]:
    return [r for r in load_regimes() if r.target in CODES]


def _targets(t: Transfer) -> list[str]:
    """What a reviewer may decide on: the transfer, or one of its news claims."""
    return [t.id, *(t.claim_id(e) for e in t.evidence if e.start is not None)]


@st.composite
def _decision(draw: st.DrawFn, day: date, reports: list[Transfer]) -> Decision:
    t = draw(st.sampled_from(reports))
    target = draw(st.sampled_from(_targets(t)))
    kind = draw(st.sampled_from(("accept", "reject", "correct", "move", "undo")))
    at = datetime.combine(day, time(12, draw(st.integers(0, 59))), UTC)
    if kind == "reject":
        return new_decision("reject", target, "rev", at=at, reason="wrong_item")
    if kind == "correct":
        fix = draw(st.sampled_from(({"status": "denied"}, {"quantity": 7}, {"category": "aircraft"})))
        return new_decision("correct", target, "rev", at=at, corrections=fix)
    if kind == "move":
        other = draw(st.sampled_from([c for c in CODES if c not in (t.supplier, t.recipient)]))
        return new_decision("correct", target, "rev", at=at, corrections={"recipient": other})
    return new_decision(kind, target, "rev", at=at)


@st.composite
def _report(draw: st.DrawFn, day: date, serial: int) -> Transfer:
    """One report ingested on `day`: a news claim (own evidence) or a register row (same key every export, so a
    later export replaces it and revises the transfer's figures)."""
    supplier = draw(st.sampled_from(CODES))
    recipient = draw(st.sampled_from([c for c in CODES if c != supplier]))
    register = draw(st.booleans())
    status = draw(st.sampled_from(STATUSES))
    confidence = draw(st.sampled_from((0.4, 0.6, 0.9)))
    year = draw(st.integers(2019, 2022))
    published = day - timedelta(days=draw(st.integers(0, 40)))
    slot = draw(st.integers(0, 2))  # few transfer ids: reports meet on the same transfer
    if register:
        evidence = Evidence(
            source_id="register",
            source_kind=SourceKind.REGISTER,
            quote=f"{supplier} {recipient} row {serial}",
            status=status,
            confidence=confidence,
            extractor="sipri:test",
            when=str(year),
            reported=published,
        )
    else:
        quote = f"{supplier} supplied {recipient}, report {serial}."
        evidence = Evidence(
            source_id=f"news-{serial % 4}",
            source_kind=SourceKind.NEWS,
            quote=quote,
            start=serial,
            end=serial + len(quote),
            status=status,
            confidence=confidence,
            extractor="test",
            when=f"{year}-{draw(st.integers(1, 12)):02d}",
            reported=published,
        )
    low = draw(st.sampled_from((None, 2.0, 10.0, 40.0)))
    return Transfer(
        id=f"tr-{supplier}-{recipient}-{slot}",
        supplier=supplier,
        recipient=recipient,
        category=WeaponCategory.DRONE if slot else WeaponCategory.ARTILLERY,
        designation=draw(st.sampled_from((None, "KN-23", "Shahed-136"))),
        quantity=None if low is None else Quantity(low=low, high=low),
        delivery_years=(year,) if register else (),
        status=status,
        confidence=confidence,
        evidence=(evidence,),
        attributes={"tiv": draw(st.integers(1, 3))} if register else {},
    )


@st.composite
def _history(draw: st.DrawFn) -> list[Batch]:
    batches: list[Batch] = []
    day = START
    serial = 0
    reports: list[Transfer] = []
    regimes = _regimes()
    for _ in range(draw(st.integers(1, 5))):
        day += timedelta(days=draw(st.integers(1, 60)))
        fresh = []
        for _ in range(draw(st.integers(1, 4))):
            fresh.append(draw(_report(day, serial)))
            serial += 1
        reports += fresh
        measures: list[Regime] = []
        if draw(st.booleans()):  # a measure first recorded today, or a new version of one (another end)
            r = draw(st.sampled_from(regimes))
            end = draw(st.sampled_from((None, date(2020, 6, 1), date(2022, 3, 1))))
            measures.append(r.model_copy(update={"end": end}) if draw(st.booleans()) else r)
        decisions = tuple(draw(_decision(day, reports)) for _ in range(draw(st.integers(0, 2))))
        delisting = draw(st.booleans()) and not any(b.delist for b in batches)
        batches.append(Batch(day, tuple(fresh), tuple(measures), decisions, delisting))
    return batches


def _load(store: GraphStore, batches: list[Batch]) -> None:
    """The history in order: the states and half of the measures first (stored before the graph kept the day
    it learned a measure), then each day's import, decisions and delisting."""
    store.upsert_actors([*(state_actor(c) for c in CODES), GROUP])
    store.upsert_regimes(_regimes()[::2])
    for b in batches:
        ingest(store, [Records(transfers=b.transfers, regimes=b.regimes)], name=f"batch {b.day}", ingested=b.day)
        if b.decisions:
            store.add_decisions(list(b.decisions))
        if b.delist:
            delist(store, [GROUP.id], b.day)


def _answers(store: GraphStore, known: date | None) -> dict[str, Any]:
    """Every query the product answers, over every actor (JSON, the `known_as_of` echo left out)."""
    def dump(answer: Any) -> Any:
        return answer.model_dump(mode="json", exclude={"known_as_of", "cypher"})

    out: dict[str, Any] = {}
    for day in (START, date(2021, 1, 1)):
        out[f"sanctioned {day}"] = dump(queries.sanctioned(store, as_of=day, known_as_of=known))
    for c in CODES:
        out[f"suppliers {c}"] = dump(queries.suppliers(store, c, known_as_of=known, statuses=(), as_of=START))
        sanctioned = queries.suppliers(store, c, sanctioned=True, known_as_of=known, statuses=(), as_of=START)
        out[f"sanctioned suppliers {c}"] = dump(sanctioned)
        out[f"transfers {c}"] = dump(queries.transfers(store, actor=c, statuses=(), known_as_of=known))
        out[f"timeline {c}"] = dump(queries.timeline(store, c, known_as_of=known))
        profile = dump(queries.actor_profile(store, c, as_of=START, known_as_of=known))
        out[f"actor {c}"] = profile
    out[f"actor {GROUP.id}"] = dump(queries.actor_profile(store, GROUP.id, as_of=START, known_as_of=known))
    out[f"timeline {GROUP.id}"] = dump(queries.timeline(store, GROUP.id, known_as_of=known))
    out["violations"] = dump(queries.violations(store, include=tuple(Verdict), known_as_of=known))
    out["paths"] = dump(queries.paths(store, "KP", "RU", max_hops=3, statuses=(), known_as_of=known))
    return out


def _evidence(store: GraphStore, ids: list[str], known: date | None) -> dict[str, Any]:
    """Each transfer's evidence answer (None where the transfer was not known)."""
    out: dict[str, Any] = {}
    for tid in ids:
        try:
            answer = queries.evidence(store, tid, known_as_of=known)
        except NotFound:
            out[tid] = None
        else:
            out[tid] = answer.model_dump(mode="json", exclude={"known_as_of"})
    return out


@FUZZ
@given(history=_history(), offset=st.integers(-3, 3))
def test_known_as_of_equals_a_replay_up_to_that_day(store: GraphStore, history: list[Batch], offset: int) -> None:
    store.clear()
    _load(store, history)
    days = sorted({b.day for b in history})
    ids = sorted({t.id for b in history for t in b.transfers} | {t.id for t in store.transfers(TransferFilter())})
    for known in [*days, days[0] - timedelta(days=1), days[-1] + timedelta(days=offset % 5)]:
        replay = MemoryStore()
        _load(replay, [b for b in history if b.day <= known])
        assert _answers(store, known) == _answers(replay, None), f"known_as_of={known}"
        assert _evidence(store, ids, known) == _evidence(replay, ids, None), f"evidence known_as_of={known}"
