"""known_as_of on both stores: every query asked "as known on" day D equals the same query on a fresh store that
received only the ingests made up to D (issue 16, point 5). Hypothesis draws histories of news reports and register
rows revised by later exports, ingested on increasing days; the answers are compared whole (JSON)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import queries
from graph.errors import NotFound
from graph.memory_store import MemoryStore
from graph.model import Evidence, Quantity, Regime, Transfer, Verdict
from graph.reference import load_regimes
from graph.store import GraphStore
from graph.vocab import SourceKind, TransferStatus, WeaponCategory
from ingest.pipeline import ingest
from ingest.records import Records
from ingest.resolve import state_actor

CODES = ("RU", "KP", "IR", "BY", "SY")
START = date(2022, 1, 1)
STATUSES = (TransferStatus.DELIVERED, TransferStatus.ORDERED, TransferStatus.ALLEGED, TransferStatus.DENIED)
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


@dataclass(frozen=True)
class Batch:
    day: date
    transfers: tuple[Transfer, ...]


def _regimes() -> list[Regime]:
    return [r for r in load_regimes() if r.target in CODES]


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
    for _ in range(draw(st.integers(1, 5))):
        day += timedelta(days=draw(st.integers(1, 60)))
        reports = []
        for _ in range(draw(st.integers(1, 4))):
            reports.append(draw(_report(day, serial)))
            serial += 1
        batches.append(Batch(day, tuple(reports)))
    return batches


def _load(store: GraphStore, batches: list[Batch]) -> None:
    store.upsert_actors([state_actor(c) for c in CODES])
    store.upsert_regimes(_regimes())
    for b in batches:
        ingest(store, [Records(transfers=b.transfers)], name=f"batch {b.day}", ingested=b.day)


def _answers(store: GraphStore, known: date | None) -> dict[str, Any]:
    """Every query the product answers, over every actor (JSON, the `known_as_of` echo left out)."""
    def dump(answer: Any) -> Any:
        return answer.model_dump(mode="json", exclude={"known_as_of", "cypher"})

    out: dict[str, Any] = {}
    for c in CODES:
        out[f"suppliers {c}"] = dump(queries.suppliers(store, c, known_as_of=known, statuses=(), as_of=START))
        out[f"transfers {c}"] = dump(queries.transfers(store, actor=c, statuses=(), known_as_of=known))
        out[f"timeline {c}"] = dump(queries.timeline(store, c, known_as_of=known))
        profile = dump(queries.actor_profile(store, c, as_of=START, known_as_of=known))
        out[f"actor {c}"] = profile
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
    ids = sorted({t.id for b in history for t in b.transfers})
    for known in [*days, days[0] - timedelta(days=1), days[-1] + timedelta(days=offset % 5)]:
        replay = MemoryStore()
        _load(replay, [b for b in history if b.day <= known])
        assert _answers(store, known) == _answers(replay, None), f"known_as_of={known}"
        assert _evidence(store, ids, known) == _evidence(replay, ids, None), f"evidence known_as_of={known}"
