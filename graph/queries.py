"""The questions the product answers, written once against the GraphStore protocol.

Stores supply filtered transfers and the (small) list of regimes; sanctions semantics come from graph/sanctions.py.
Every answer is a pydantic model, serialized alike by the CLI (`--json`) and the API.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import pairwise
from typing import Literal

from pydantic import BaseModel, ConfigDict

from graph import cypher
from graph.cypher_guard import check_bounded, check_params, check_read_only
from graph.cypher_runner import CypherLimits
from graph.decisions import Review, standing
from graph.designations import Designation, designations
from graph.errors import InvalidQuery, NotFound, NotSupported
from graph.known_as_of import as_known
from graph.model import (
    Actor,
    Evidence,
    Path,
    PathHop,
    Regime,
    RegimeRef,
    Source,
    SupplierSummary,
    Transfer,
    Verdict,
    Violation,
)
from graph.review_queue import review_target
from graph.sanctions import judge, sanctioned_actors, sanctioning
from graph.store import GraphStore, TransferFilter
from graph.vocab import ActorKind, Issuer, SourceKind, TransferStatus

__all__ = [
    "AFFIRMATIVE",
    "ActorProfile",
    "CypherAnswer",
    "CypherText",
    "EvidenceAnswer",
    "PathsAnswer",
    "SanctionedAnswer",
    "SuppliersAnswer",
    "TimelineAnswer",
    "TransfersAnswer",
    "ViolationsAnswer",
    "actor_profile",
    "evidence",
    "judge_transfers",
    "paths",
    "regime_index",
    "run_cypher",
    "sanctioned",
    "suppliers",
    "timeline",
    "transfers",
    "violations",
]


class CypherText(BaseModel):
    """A Cypher statement and its parameters that answer the same question in Neo4j Browser."""

    model_config = ConfigDict(frozen=True)

    query: str
    params: dict[str, object]


def _hop_params(
    since: date | None,
    until: date | None,
    statuses: tuple[TransferStatus, ...],
    min_confidence: float,
    source_kind: SourceKind | None,
) -> dict[str, object]:
    return {
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        "statuses": [s.value for s in statuses],
        "min_confidence": min_confidence,
        "source_kind": source_kind.value if source_kind else None,
    }


class _ListAnswer(BaseModel):
    """What every list answer carries besides its list."""

    model_config = ConfigDict(frozen=True)

    #: Set by the API when the list was cut to a page: pass it back as `cursor` for the next one.
    next_cursor: str | None = None
    #: The Cypher that answers the question on Neo4j, to paste into Neo4j Browser.
    cypher: CypherText | None = None
    #: Set when the question was asked "as known on" a day (graph/known_as_of.py).
    known_as_of: date | None = None


#: Statuses that mean a transfer happened or was agreed: the default for "who supplies X".
AFFIRMATIVE = (TransferStatus.DELIVERED, TransferStatus.ORDERED, TransferStatus.ALLEGED)


class SuppliersAnswer(_ListAnswer):
    recipient: str
    as_of: date
    sanctioned_only: bool
    issuer: Issuer | None = None
    #: Suppliers passing the filters in all; `suppliers` holds one page of them, the biggest first.
    total: int = 0
    suppliers: tuple[SupplierSummary, ...]


#: Newest transfers shown per supplier unless the caller asks for more (the counts always cover all of them).
PER_SUPPLIER = 5
MAX_PER_SUPPLIER = 1000
#: Suppliers per page unless the caller asks otherwise (None: all). A big state has hundreds.
SUPPLIERS_PAGE = 50


def suppliers(
    store: GraphStore,
    recipient: str,
    *,
    sanctioned: bool = False,
    as_of: date | None = None,
    issuer: Issuer | None = None,
    since: date | None = None,
    until: date | None = None,
    statuses: tuple[TransferStatus, ...] = AFFIRMATIVE,
    min_confidence: float = 0.0,
    source_kind: SourceKind | None = None,
    per_supplier: int = PER_SUPPLIER,
    limit: int | None = SUPPLIERS_PAGE,
    offset: int = 0,
    known_as_of: date | None = None,
) -> SuppliersAnswer:
    """Direct suppliers of `recipient`, most transfers first, each with a summary of its transfers passing the
    filters, its `per_supplier` newest transfers and the regimes targeting it on `as_of`.

    With `sanctioned`, only suppliers targeted by a regime in force on `as_of` (default today), optionally of one
    issuer. `limit`/`offset` cut the list to a page (`total` counts all; `limit=None` returns every supplier).
    Cost: the cached regimes and one store call for the page's aggregates and newest transfers (vectorized on the
    embedded store's column index; per-pair aggregates or one Cypher aggregation on Neo4j); Python objects for the
    page only.
    """
    if not 0 <= per_supplier <= MAX_PER_SUPPLIER:
        raise InvalidQuery(f"per_supplier must be between 0 and {MAX_PER_SUPPLIER}")
    as_of = as_of or date.today()
    store = as_known(store, known_as_of)
    flt = TransferFilter(
        recipient=recipient,
        since=since,
        until=until,
        statuses=statuses,
        min_confidence=min_confidence,
        source_kind=source_kind,
    )
    targets = sanctioned_actors(store.regimes(), as_of, issuer)  # once per query, not once per supplier
    found = store.supplier_rollups(
        flt, among=targets.keys() if sanctioned else None, offset=offset, limit=limit, per_supplier=per_supplier
    )
    page = found.rollups
    rows = tuple(
        # validated, and yet faster than model_construct (pydantic-core checks the ready-made transfers by type)
        SupplierSummary(
            id=r.supplier,
            name=r.name,
            kind=ActorKind(r.kind),
            country=r.country,
            sanctioned_by=tuple(g.ref() for g in targets.get(r.supplier, ())),
            transfer_count=r.tally.count,
            status_counts={s: r.tally.statuses[s] for s in TransferStatus if s in r.tally.statuses},
            categories=r.tally.category_list(),
            first_date=r.tally.first,
            last_date=r.tally.last,
            max_confidence=r.tally.max_confidence,
            source_kinds=r.tally.kind_list(),
            transfers=r.newest,
        )
        for r in page
    )
    params = {"recipient": recipient, **_hop_params(since, until, statuses, min_confidence, source_kind)}
    if sanctioned:
        params |= {"as_of": as_of.isoformat(), "issuer": issuer.value if issuer else None}
    return SuppliersAnswer(
        recipient=recipient,
        as_of=as_of,
        sanctioned_only=sanctioned,
        issuer=issuer,
        total=found.total,
        suppliers=rows,
        next_cursor=str(offset + len(page)) if limit is not None and offset + len(page) < found.total else None,
        known_as_of=known_as_of,
        cypher=CypherText(
            query=cypher.BROWSER_SUPPLIERS_SANCTIONED if sanctioned else cypher.BROWSER_SUPPLIERS, params=params
        ),
    )


# -- transfers (the drill-down behind a supplier row) ---------------------------------------------------------------


class TransfersAnswer(_ListAnswer):
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None
    transfers: tuple[Transfer, ...]


def transfers(
    store: GraphStore,
    *,
    supplier: str | None = None,
    recipient: str | None = None,
    actor: str | None = None,
    since: date | None = None,
    until: date | None = None,
    statuses: tuple[TransferStatus, ...] = AFFIRMATIVE,
    min_confidence: float = 0.0,
    source_kind: SourceKind | None = None,
    limit: int = 100,
    offset: int = 0,
    reviewed: bool | None = None,
    known_as_of: date | None = None,
) -> TransfersAnswer:
    """Transfers from `supplier`, to `recipient` and/or touching `actor` (all when none is named), oldest first,
    one page of `limit`. Cost: O(the named actor's degree); O(transfers) on the embedded store without one."""
    if not 1 <= limit <= 500:
        raise InvalidQuery("limit must be between 1 and 500")
    store = as_known(store, known_as_of)
    flt = TransferFilter(
        supplier=supplier,
        recipient=recipient,
        actor=actor,
        since=since,
        until=until,
        statuses=statuses,
        min_confidence=min_confidence,
        source_kind=source_kind,
        limit=offset + limit + 1,  # one more than the page tells whether another page follows
        reviewed=reviewed,
    )
    found = store.transfers(flt)
    page = found[offset : offset + limit]
    params = {
        "supplier": supplier,
        "recipient": recipient,
        "actor": actor,
        **_hop_params(since, until, statuses, min_confidence, source_kind),
    }
    return TransfersAnswer(
        supplier=supplier,
        recipient=recipient,
        actor=actor,
        transfers=tuple(page),
        next_cursor=str(offset + limit) if len(found) > offset + limit else None,
        cypher=CypherText(query=cypher.BROWSER_TRANSFERS, params=params),
        known_as_of=known_as_of,
    )


# -- sanctioned actors -----------------------------------------------------------------------------------------------


class SanctionedActor(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: str
    regimes: tuple[RegimeRef, ...]


class SanctionedAnswer(_ListAnswer):
    as_of: date
    issuer: Issuer | None = None
    actors: tuple[SanctionedActor, ...]


def sanctioned(
    store: GraphStore, as_of: date | None = None, issuer: Issuer | None = None, known_as_of: date | None = None
) -> SanctionedAnswer:
    """States and groups under an arms embargo on `as_of` (default today), with the regimes; with `known_as_of`,
    the regimes the graph had recorded by then, as they stood then. One regimes read."""
    as_of = as_of or date.today()
    store = as_known(store, known_as_of)
    targets = sanctioned_actors(store.regimes(), as_of, issuer)
    actors = {a.id: a for a in store.actors(list(targets))}
    rows = tuple(
        SanctionedActor(
            id=aid,
            name=actors[aid].name if aid in actors else aid,
            kind=actors[aid].kind.value if aid in actors else "unknown",
            regimes=tuple(r.ref() for r in regs),
        )
        for aid, regs in sorted(targets.items())
    )
    return SanctionedAnswer(
        as_of=as_of,
        issuer=issuer,
        actors=rows,
        known_as_of=known_as_of,
        cypher=CypherText(
            query=cypher.BROWSER_SANCTIONED,
            params={"as_of": as_of.isoformat(), "issuer": issuer.value if issuer else None},
        ),
    )


# -- violations ------------------------------------------------------------------------------------------------------


class ViolationsAnswer(_ListAnswer):
    recipient: str | None = None
    supplier: str | None = None
    since: date | None = None
    #: The verdicts listed (violation by default; possible and compliant on request).
    verdicts: tuple[Verdict, ...] = (Verdict.VIOLATION,)
    #: How many transfer x measure verdicts of each kind the question found (whatever `verdicts` lists).
    counts: dict[Verdict, int] = {}
    violations: tuple[Violation, ...]


def regime_index(regimes: list[Regime], issuer: Issuer | None = None) -> dict[str, list[Regime]]:
    """Regimes by the ids they may concern: their target, and the state whose territory they reach."""
    out: dict[str, list[Regime]] = defaultdict(list)
    for r in regimes:
        if issuer is None or r.issuer is issuer:
            out[r.target].append(r)
            if r.territory and r.territory != r.target:
                out[r.territory].append(r)
    return out


def relevant_regimes(t: Transfer, index: dict[str, list[Regime]], actors: dict[str, Actor]) -> list[Regime]:
    """The regimes that may concern a transfer: those on either end, or on the state where a non-state end is."""
    keys = {t.supplier, t.recipient}
    for end in (t.supplier, t.recipient):
        a = actors.get(end)
        if a is not None and a.country:
            keys.add(a.country)
    seen: dict[str, Regime] = {}
    for k in sorted(keys):
        for r in index.get(k, ()):
            seen.setdefault(r.id, r)
    return list(seen.values())


def judge_transfers(
    transfers: list[Transfer], regimes: list[Regime], actors: dict[str, Actor], issuer: Issuer | None = None
) -> list[Violation]:
    """Every verdict (transfer x measure that concerns it) for these transfers: the one judgement both stores use."""
    index = regime_index(regimes, issuer)
    found: list[Violation] = []
    for t in transfers:
        relevant = relevant_regimes(t, index, actors)
        if relevant:
            found.extend(judge(t, relevant, actors))
    return found


def non_state_actors(store: GraphStore, transfers: list[Transfer]) -> dict[str, Actor]:
    """The non-state ends of these transfers (states need no lookup: their id is their country)."""
    ids = sorted({x for t in transfers for x in (t.supplier, t.recipient) if len(x) != 2})
    return {a.id: a for a in store.actors(ids)} if ids else {}


def violations(
    store: GraphStore,
    *,
    recipient: str | None = None,
    supplier: str | None = None,
    since: date | None = None,
    until: date | None = None,
    issuer: Issuer | None = None,
    min_confidence: float = 0.0,
    include: tuple[Verdict, ...] = (),
    known_as_of: date | None = None,
) -> ViolationsAnswer:
    """The verdicts on transfers under the measures that concern them, each with its explanation: `violation`
    only by default; `include` adds `possible` and/or `compliant`.

    Cost: one filtered transfer read and one read of their non-state ends, then for each transfer only the
    regimes on its two ends or on the territory where a non-state end is.
    """
    store = as_known(store, known_as_of)
    flt = TransferFilter(
        recipient=recipient,
        supplier=supplier,
        since=since,
        until=until,
        statuses=AFFIRMATIVE,
        min_confidence=min_confidence,
    )
    transfers = store.transfers(flt)
    found = judge_transfers(transfers, store.regimes(), non_state_actors(store, transfers), issuer)
    wanted = (Verdict.VIOLATION, *(v for v in include if v is not Verdict.VIOLATION))
    counts = {v: 0 for v in Verdict}
    for v in found:
        counts[v.verdict] += 1
    return ViolationsAnswer(
        recipient=recipient,
        supplier=supplier,
        since=since,
        verdicts=wanted,
        counts=counts,
        violations=tuple(v for v in found if v.verdict in wanted),
        cypher=CypherText(query=cypher.BROWSER_VIOLATIONS, params={"recipient": recipient, "supplier": supplier}),
        known_as_of=known_as_of,
    )


# -- paths -----------------------------------------------------------------------------------------------------------


class PathsAnswer(_ListAnswer):
    source: str
    target: str
    max_hops: int
    time_ordered: bool
    paths: tuple[Path, ...]


def _chain(hops: list[list[Transfer]], time_ordered: bool) -> list[Transfer] | None:
    """One transfer per hop: the most confident, or (time-ordered) the earliest that does not start before
    the previous hop's transfer. None when no time-ordered chain exists."""
    if not time_ordered:
        return [max(options, key=lambda t: (t.confidence, t.id)) for options in hops]
    chain: list[Transfer] = []
    after: date | None = None
    for options in hops:
        dated = sorted((t for t in options if t.date_from is not None), key=lambda t: (t.date_from, t.id))
        pick = next((t for t in dated if after is None or (t.date_to is not None and t.date_to >= after)), None)
        if pick is None:
            return None
        chain.append(pick)
        after = max(after, pick.date_from) if after and pick.date_from else pick.date_from
    return chain


def paths(
    store: GraphStore,
    source: str,
    target: str,
    *,
    max_hops: int = 3,
    time_ordered: bool = False,
    statuses: tuple[TransferStatus, ...] = AFFIRMATIVE,
    min_confidence: float = 0.0,
    since: date | None = None,
    until: date | None = None,
    limit: int = 20,
    known_as_of: date | None = None,
) -> PathsAnswer:
    """Supply chains from `source` to `target` through intermediaries, up to `max_hops` (1..6), shortest first;
    each path with one transfer per hop and the weakest confidence along it. With `time_ordered`, a chain is
    kept only if its hops can be dated in order (each hop not ending before the previous one starts)."""
    if not 1 <= max_hops <= 6:
        raise InvalidQuery("max_hops must be between 1 and 6")
    if not 1 <= limit <= 500:
        raise InvalidQuery("limit must be between 1 and 500")
    store = as_known(store, known_as_of)
    flt = TransferFilter(statuses=statuses, min_confidence=min_confidence, since=since, until=until)
    out: list[Path] = []
    found = store.paths(source, target, max_hops, flt, limit)
    # every hop of every path in one read, each actor pair once however many paths share it
    hops = list(dict.fromkeys(pair for actors in found for pair in pairwise(actors)))
    hop_transfers = store.hop_transfers(hops, flt, most_confident=not time_ordered)  # _chain's pick when not timed
    for actors in found:
        chain = _chain([hop_transfers[pair] for pair in pairwise(actors)], time_ordered)
        if chain is None:
            continue
        out.append(
            Path(
                actors=actors,
                hops=tuple(PathHop(supplier=t.supplier, recipient=t.recipient, transfer=t) for t in chain),
                min_confidence=min(t.confidence for t in chain),
            )
        )
    return PathsAnswer(
        source=source,
        target=target,
        max_hops=max_hops,
        time_ordered=time_ordered,
        paths=tuple(out),
        known_as_of=known_as_of,
        cypher=CypherText(
            query=cypher.paths_query(max_hops, min_hops=1),
            params={
                "source": source,
                "target": target,
                "limit": limit,
                **_hop_params(since, until, statuses, min_confidence, None),
            },
        ),
    )


# -- actor profile, evidence, timeline --------------------------------------------------------------------------------


class YearCount(BaseModel):
    model_config = ConfigDict(frozen=True)

    year: int
    transfers_in: int
    transfers_out: int


class ActorProfile(BaseModel):
    model_config = ConfigDict(frozen=True)

    actor: Actor
    as_of: date
    sanctioned_by: tuple[RegimeRef, ...]
    regimes: tuple[RegimeRef, ...]
    by_year: tuple[YearCount, ...]
    suppliers: tuple[str, ...]
    recipients: tuple[str, ...]
    sources: tuple[Source, ...]
    #: Its listings (UN list, OpenSanctions), each active or not on `known_as_of` or else `as_of`.
    designations: tuple[Designation, ...] = ()
    known_as_of: date | None = None
    cypher: CypherText | None = None


def actor_profile(
    store: GraphStore, actor_id: str, as_of: date | None = None, known_as_of: date | None = None
) -> ActorProfile:
    """Everything known about one actor: regimes targeting it (in force on `as_of` and all), its listings,
    transfers in and out by year, counterparts and sources (as known on `known_as_of` when given). Raises
    NotFound for an unknown id."""
    store = as_known(store, known_as_of)
    actor = store.actor(actor_id)
    if actor is None:
        raise NotFound(f"no actor with id {actor_id!r}")
    as_of = as_of or date.today()
    regimes = [r for r in store.regimes() if r.target == actor_id]
    transfers = store.transfers(TransferFilter(actor=actor_id))
    years: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for t in transfers:
        if t.date_from is not None:
            years[t.date_from.year][0 if t.recipient == actor_id else 1] += 1
    source_ids = sorted({s for t in transfers for s in t.source_ids})
    return ActorProfile(
        actor=actor,
        as_of=as_of,
        sanctioned_by=tuple(r.ref() for r in sanctioning(actor_id, regimes, as_of)),
        regimes=tuple(r.ref() for r in sorted(regimes, key=lambda r: (r.start, r.id))),
        by_year=tuple(YearCount(year=y, transfers_in=c[0], transfers_out=c[1]) for y, c in sorted(years.items())),
        suppliers=tuple(sorted({t.supplier for t in transfers if t.recipient == actor_id})),
        recipients=tuple(sorted({t.recipient for t in transfers if t.supplier == actor_id})),
        sources=tuple(store.sources(source_ids)),
        designations=designations(actor, min(as_of, known_as_of) if known_as_of else as_of),
        known_as_of=known_as_of,
        cypher=CypherText(query=cypher.BROWSER_ACTOR, params={"actor": actor_id}),
    )


class EvidenceAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    transfer: Transfer
    sources: tuple[Source, ...]
    #: The evidence in the order it was reported: how the transfer's status developed.
    history: tuple[Evidence, ...]
    violations: tuple[Violation, ...]
    known_as_of: date | None = None
    cypher: CypherText | None = None
    #: What a reviewer's decision on each `history` entry targets (same order): its claim id, or the transfer id
    #: for a register row (graph/review_queue.py).
    targets: tuple[str, ...] = ()
    #: The standing review of the transfer and of each of its claims that has decisions (graph/decisions.py).
    reviews: dict[str, Review] = {}


def evidence(store: GraphStore, transfer_id: str, known_as_of: date | None = None) -> EvidenceAnswer:
    """Every source, quote, claimant and status for one transfer, and the regimes it breaches (as known on
    `known_as_of` when given: NotFound if nothing of it was known then)."""
    store = as_known(store, known_as_of)
    t = store.transfer(transfer_id)
    if t is None:
        raise NotFound(f"no transfer with id {transfer_id!r}")
    ends = non_state_actors(store, [t])
    history = tuple(sorted(t.evidence, key=lambda e: (e.reported or date.min, e.source_id)))
    targets = tuple(review_target(t, e) for e in history)
    return EvidenceAnswer(
        transfer=t,
        sources=tuple(store.sources(list(t.source_ids))),
        history=history,
        violations=tuple(judge_transfers([t], store.regimes(), ends)),
        known_as_of=known_as_of,
        cypher=CypherText(query=cypher.BROWSER_EVIDENCE, params={"transfer": transfer_id}),
        targets=targets,
        reviews=standing(store.decisions(list(dict.fromkeys((t.id, *targets))))),
    )


class TimelineEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    date: date
    kind: str
    text: str
    transfer_id: str | None = None
    regime_id: str | None = None


class TimelineAnswer(_ListAnswer):
    actor: str
    events: tuple[TimelineEvent, ...]


def timeline(store: GraphStore, actor_id: str, known_as_of: date | None = None) -> TimelineAnswer:
    """Transfers, regime changes and listings touching an actor, in date order; with `known_as_of`, only what
    the graph knew that day (transfers as then known, listings and ends dated by then)."""
    store = as_known(store, known_as_of)
    actor = store.actor(actor_id)
    if actor is None:
        raise NotFound(f"no actor with id {actor_id!r}")
    events: list[TimelineEvent] = []
    for d in designations(actor, known_as_of or date.today()):
        if d.start is not None:
            events.append(TimelineEvent(date=d.start, kind="listed", text=f"listed on the {d.list}"))
        if d.end is not None and (known_as_of is None or d.end <= known_as_of):
            events.append(TimelineEvent(date=d.end, kind="delisted", text=f"removed from the {d.list}"))
    for t in store.transfers(TransferFilter(actor=actor_id)):
        if t.date_from is not None:
            what = t.designation or t.category.value
            events.append(
                TimelineEvent(
                    date=t.date_from,
                    kind=f"transfer_{t.status.value}",
                    transfer_id=t.id,
                    text=f"{t.supplier} → {t.recipient}: {what} ({t.status.value})",
                )
            )
    for r in store.regimes():
        if r.target != actor_id:
            continue
        events.append(TimelineEvent(date=r.start, kind="regime_start", regime_id=r.id, text=f"{r.name} in force"))
        for s, u in r.suspensions:
            events.append(TimelineEvent(date=s, kind="regime_suspended", regime_id=r.id, text=f"{r.name} suspended"))
            if u is not None:
                events.append(TimelineEvent(date=u, kind="regime_resumed", regime_id=r.id, text=f"{r.name} resumed"))
        if r.end is not None:
            events.append(TimelineEvent(date=r.end, kind="regime_end", regime_id=r.id, text=f"{r.name} ended"))
    events.sort(key=lambda e: (e.date, e.kind, e.text))
    return TimelineAnswer(
        actor=actor_id,
        events=tuple(events),
        known_as_of=known_as_of,
        cypher=CypherText(query=cypher.BROWSER_TIMELINE, params={"actor": actor_id}),
    )


# -- user Cypher -----------------------------------------------------------------------------------------------------


class CypherAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    columns: tuple[str, ...]
    rows: tuple[dict[str, object], ...]
    #: More rows existed than the row or byte limit allowed.
    truncated: bool
    #: The limit that cut the answer short: "rows" (SKG_CYPHER_MAX_ROWS) or "bytes" (SKG_CYPHER_MAX_BYTES).
    truncated_by: Literal["rows", "bytes"] | None = None


def run_cypher(
    store: GraphStore,
    query: str,
    params: dict[str, object],
    timeout_s: float,
    max_rows: int,
    limits: CypherLimits | None = None,
    max_param_bytes: int = 1024 * 1024,
) -> CypherAnswer:
    """Read-only Cypher from a user: checked by graph.cypher_guard (read-only, bounded loops, sane parameters),
    then run within `limits` (graph.cypher_runner: plan check, timeout, rows, bytes). Only Neo4j runs Cypher;
    the embedded store raises NotSupported."""
    check_read_only(query)
    check_params(params, max_param_bytes)
    check_bounded(query, params)
    read = getattr(store, "read_cypher", None)
    if read is None:
        raise NotSupported(
            f"Cypher needs the Neo4j store; this deployment uses the {store.kind} store (set SKG_STORE=neo4j://...)"
        )
    columns, rows, cut_by = read(query, params, timeout_s, max_rows, limits)
    return CypherAnswer(columns=tuple(columns), rows=tuple(rows), truncated=cut_by is not None, truncated_by=cut_by)
