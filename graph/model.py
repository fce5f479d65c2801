"""Domain objects: frozen, typed, serializable. No storage, HTTP or parsing concerns here.

Dates that may be vague are *partial dates*: ISO strings of year, month or day precision ("2022", "2022-09",
"2022-09-06"). `date_bounds` turns one into the first and last day it may mean.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Annotated, Any, cast

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, computed_field

from graph.ids import claim_id
from graph.vocab import (
    ActorKind,
    DatePrecision,
    Direction,
    Issuer,
    SourceKind,
    TransferStatus,
    WeaponCategory,
)

__all__ = [
    "Actor",
    "Binding",
    "Evidence",
    "Exemption",
    "Grandfather",
    "PartialDate",
    "Path",
    "PathHop",
    "Quantity",
    "Reach",
    "Regime",
    "RegimeRef",
    "Revision",
    "Source",
    "SupplierSummary",
    "Transfer",
    "TransferReview",
    "Verdict",
    "Violation",
    "date_bounds",
    "date_precision",
    "merge_transfer",
    "summarize_evidence",
]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_partial_date(value: str) -> str:
    date_bounds(value)  # raises ValueError with a clear message
    return value


PartialDate = Annotated[str, AfterValidator(_check_partial_date)]


# Every stored transfer's dates go through here when it is read back (validation, then date_from/date_to), and
# a graph holds a few thousand distinct dates: remember them (the answer is an immutable tuple; errors are not cached).
@lru_cache(maxsize=1 << 16)
def date_bounds(value: str) -> tuple[date, date]:
    """First and last day a partial date ("2022", "2022-09" or "2022-09-06") may mean."""
    m = _PARTIAL_DATE.match(value)
    if not m:
        raise ValueError(f"not a partial ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year = int(m.group(1))
    if m.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(m.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range in {value!r}")
    if m.group(3) is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(m.group(3)))  # raises ValueError on 2022-02-30
    return day, day


def date_precision(value: str) -> DatePrecision:
    return {4: DatePrecision.YEAR, 7: DatePrecision.MONTH}.get(len(value), DatePrecision.DAY)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)


class Actor(_Frozen):
    """A state (id = ISO 3166-1 alpha-2 code) or a non-state actor (id from graph.ids)."""

    id: str
    kind: ActorKind
    name: str
    #: For a state its own code; for a non-state actor the state it belongs to or is based in, if known.
    country: str | None = None
    aliases: tuple[str, ...] = ()
    #: Cross-references that let data round-trip: FollowTheMoney id, Wikidata QID, UN reference number...
    ftm_id: str | None = None
    wikidata: str | None = None
    attributes: dict[str, Any] = Field(default_factory=dict)


class Source(_Frozen):
    """Where a claim comes from: a news article, a register export, a sanctions list."""

    id: str
    kind: SourceKind
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    published: date | None = None
    language: str | None = None


class Quantity(_Frozen):
    """How many. Vague amounts are ranges with an exclusive upper bound: "millions" is [1e6, 1e7)."""

    low: float | None = None
    high: float | None = None
    approximate: bool = False
    #: The register flags the number as an estimate (SIPRI's `?` / `Yes`).
    estimated: bool = False
    text: str | None = None


class Evidence(_Frozen):
    """One source's support for a transfer: the quote, who makes the claim, what status it gives."""

    source_id: str
    source_kind: SourceKind
    quote: str
    start: int | None = None
    end: int | None = None
    language: str | None = None
    claimant: str | None = None
    status: TransferStatus
    confidence: float = Field(ge=0.0, le=1.0)
    #: Which rule or parser produced it ("fr:achete-a", "sipri:legacy16"), so a reviewer can see why.
    extractor: str
    #: When the transfer happened according to this source.
    when: PartialDate | None = None
    #: When the source said it (publication date of the article, release date of the register).
    reported: date | None = None
    #: When the graph learned it (the day of the ingest that first brought it; None for data stored before
    #: issue 16, read as known since `reported`). The second time axis of `known_as_of` (graph/known_as_of.py).
    ingested: date | None = None

    def known_on(self, day: date) -> bool:
        """Whether the graph could cite this evidence on `day`: published and ingested by then."""
        return (self.reported is None or self.reported <= day) and (self.ingested is None or self.ingested <= day)

    @property
    def key(self) -> tuple[str, int | None, int | None, str]:
        """Evidence identity: the same source at the same place is the same evidence (re-ingest is a no-op)."""
        return (self.source_id, self.start, self.end, self.extractor)


class TransferReview(_Frozen):
    """What reviewers' standing decisions did to a transfer (graph/review_apply.py), kept on it so every read and
    the Neo4j aggregates see the reviewed state; the decisions themselves are separate records."""

    #: "accepted", "corrected" or "rejected" (the whole transfer, or every claim of it, was rejected).
    state: str
    #: Authors and ids of the standing decisions, oldest first.
    by: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    #: Claims left out of the status and confidence.
    rejected_claims: tuple[str, ...] = ()
    #: The machine's values of the fields the review changed, and the values it set (JSON forms), so a later
    #: decision or an undo starts again from the machine's output.
    machine: dict[str, Any] = Field(default_factory=dict)
    applied: dict[str, Any] = Field(default_factory=dict)
    #: supplier/recipient corrections standing on the transfer or its claims: target (transfer or claim id) →
    #: [supplier, recipient]. The evidence they concern leaves this transfer for a copy at the corrected pair
    #: (graph/review_apply.moved_copies), so suppliers, paths and violations answer with the corrected parties.
    moves: dict[str, tuple[str, str]] = Field(default_factory=dict)
    #: On such a copy: the transfer whose evidence it carries (copies are never reviewed or queued themselves).
    moved_from: str | None = None
    #: split decisions standing on the transfer: decision id → the claims that report another transfer. They
    #: leave this transfer for a copy of their own at the same pair (graph/review_apply.moved_copies).
    splits: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    #: merge decisions standing on the transfer: decision id → the other transfer. Both leave the answers for one
    #: copy carrying the evidence of the two (graph/review_apply.moved_copies).
    merges: dict[str, str] = Field(default_factory=dict)
    #: On the other transfer of a merge: the transfer it was merged into.
    merged_into: str | None = None


class Revision(_Frozen):
    """What one later report or import changed in a transfer or a measure, kept so `known_as_of` can show the
    earlier values (a SIPRI deal revised by a newer export, a regime's dates corrected): the values before the
    change and the day the graph learned the new ones."""

    #: The ingest day of the report that replaced these values.
    superseded: date
    #: The fields it changed, with their earlier values (JSON form).
    fields: dict[str, Any] = Field(default_factory=dict)
    #: The evidence it replaced (same `Evidence.key`, other content).
    evidence: tuple[Evidence, ...] = ()


class Transfer(_Frozen):
    """One directed supplier→recipient transfer of arms, with all the evidence that reports it."""

    id: str
    supplier: str
    recipient: str
    category: WeaponCategory
    designation: str | None = None
    description: str | None = None
    quantity: Quantity | None = None
    ordered: PartialDate | None = None
    delivered: PartialDate | None = None
    #: Years with deliveries (registers give them); empty when unknown.
    delivery_years: tuple[int, ...] = ()
    status: TransferStatus
    confidence: float = Field(ge=0.0, le=1.0)
    evidence: tuple[Evidence, ...] = ()
    #: Source-specific values: SIPRI deal id, TIVs, comments, ...
    attributes: dict[str, Any] = Field(default_factory=dict)
    #: Set when reviewers decided on it or its claims (None: not reviewed).
    review: TransferReview | None = None
    #: Earlier values that later reports changed, oldest first (empty for a transfer never revised).
    revisions: tuple[Revision, ...] = ()

    @property
    def reviewed(self) -> bool:
        return self.review is not None

    def claim_id(self, e: Evidence) -> str:
        """The stable id a reviewer's decision on one of its claims targets (graph.ids.claim_id)."""
        return claim_id(e.source_id, e.start, e.end, e.extractor, self.supplier, self.recipient)

    def _dates(self) -> list[str]:
        found = [d for d in (self.ordered, self.delivered) if d]
        found += [str(y) for y in self.delivery_years]
        found += [e.when for e in self.evidence if e.when]
        return found

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def date_from(self) -> date | None:
        """Earliest day the transfer (order or delivery) may have happened."""
        days = [date_bounds(d)[0] for d in self._dates()]
        return min(days) if days else None

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def date_to(self) -> date | None:
        """Latest day the transfer may have happened."""
        days = [date_bounds(d)[1] for d in self._dates()]
        return max(days) if days else None

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def first_reported(self) -> date | None:
        days = [e.reported for e in self.evidence if e.reported]
        return min(days) if days else None

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(sorted({e.source_id for e in self.evidence}))

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def source_kinds(self) -> tuple[SourceKind, ...]:
        return tuple(sorted({e.source_kind for e in self.evidence}))


class Verdict(StrEnum):
    """The judgement of one transfer under one measure (graph/sanctions.py `judge`)."""

    VIOLATION = "violation"  # the facts in the graph establish a breach
    POSSIBLE = "possible"  # it hinges on something the data does not say (`Violation.decided_by` names it)
    COMPLIANT = "compliant"  # an exemption, a grandfathered contract, out of scope, or not binding (`reason`)


class Binding(StrEnum):
    """Legal force of a measure: only `legal` measures can be violated."""

    LEGAL = "legal"  # UNSC Chapter VII decision, EU Council decision + regulation, national law
    POLITICAL = "political"  # declarations, OSCE requests, national denial policies


class Reach(StrEnum):
    """Whom an import ban reaches in its territory (`Regime.territory`)."""

    STATE = "state"  # the state (its government); not the non-state actors based there
    TERRITORY = "territory"  # every recipient on the territory: the government and every armed party
    NON_GOVERNMENTAL = "non_governmental"  # non-state actors on the territory, not the government
    REGION = "region"  # parties operating in one region of the territory (`Regime.region`)
    NAMED = "named"  # only the named target (a listed group and those acting for it)


class Licensing(_Frozen):
    """A national embargo implemented through export licensing: the measure itself is policy (licences are
    refused), but exporting controlled goods without a licence is an offence under the licensing law. A documented
    unlicensed export (findings.yaml, `met: false`) is therefore a violation even of a political measure."""

    law: str
    citation: str


class Exemption(_Frozen):
    """A carve-out from a measure, with its own dates: deliveries meeting it are not violations. When
    `condition` is set the data cannot tell whether it was met (notification, approval): verdict `possible`."""

    name: str
    #: Recipients it covers: "government" (the state of the territory, its forces), "peacekeeping", or "all" (a
    #: partial lifting for every recipient, e.g. the second stage of UNSCR 1021, limited by `excluded_categories`).
    applies_to: str = "government"
    start: date
    end: date | None = None
    condition: str | None = None
    #: Categories the exemption does not extend to (e.g. heavy weapons kept under embargo).
    excluded_categories: tuple[WeaponCategory, ...] = ()
    citation: str
    #: Who does not count as the government: words that, in the transfer's designation, description, comments or
    #: evidence, place the items with forces that are not the government the exemption names (a regional
    #: administration's forces), with the citation that limits the exemption.
    not_government: tuple[str, ...] = ()
    not_government_citation: str | None = None
    #: The condition is a licence or approval of the issuing state itself (a national licensing policy such as ITAR
    #: 126.1): an export by that state (its own sale or aid, or one it licensed) meets it, unless a finding records it
    #: as unlicensed; the law that makes an unlicensed export an offence, with its citation.
    issuer_licence: Licensing | None = None
    #: The exemption covers only small arms and light weapons (the UN definition, A/52/298: small arms, and
    #: man-portable anti-tank and anti-aircraft missile systems), e.g. the supply to the DPRK under UNSCR 1874 para 10.
    light_weapons: bool = False

    def covers_day(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)


class Grandfather(_Frozen):
    """Contracts concluded before `before` may still be executed: deliveries are judged by their order date."""

    before: date
    clause: str
    citation: str
    #: A condition the carve-out sets that the data cannot show (Venezuela: the contract notified to the Member
    #: State's authority within five working days): a grandfathered delivery is then `possible`, naming it.
    condition: str | None = None


class Regime(_Frozen):
    """One sanctions measure with a single legal basis and period: e.g. the UN arms embargo on the DPRK (UNSCR 1718)."""

    id: str
    issuer: Issuer
    #: Groups measures of one sanctions programme ("UN Iran", "EU Russia").
    program: str
    name: str
    target: str
    direction: Direction
    #: Weapon categories covered; empty means all arms.
    categories: tuple[WeaponCategory, ...] = ()
    scope: str = "all arms"
    legal_basis: tuple[str, ...]
    start: date
    end: date | None = None
    #: Periods in which the measure was suspended: (from, until) with until None for open-ended.
    suspensions: tuple[tuple[date, date | None], ...] = ()
    #: Whose conduct the measure binds: ISO codes, "EU" for the member states, or "*" for all states (UN).
    binds: tuple[str, ...] = ("*",)
    url: str | None = None
    notes: str | None = None
    binding: Binding = Binding.LEGAL
    reach: Reach = Reach.STATE
    #: The state whose territory `reach` refers to (defaults to the target state or the target group's country).
    territory: str | None = None
    #: For `Reach.REGION`: the region, and the words that place an actor or a transfer there.
    region: str | None = None
    region_terms: tuple[str, ...] = ()
    #: Item scope: "all" (or `categories`), "un_register" (the UN Register of Conventional Arms categories as
    #: the resolution defines them), "mtcr" (missile/UAV items of S/2015/546), "usml" (defence articles of the US
    #: Munitions List, 22 CFR 121.1; civil-derived engines are dual-use items under the EAR).
    items: str = "all"
    #: The paragraph or article that imposes the ban, and the citation of the measure.
    clause: str | None = None
    citation: str | None = None
    exemptions: tuple[Exemption, ...] = ()
    grandfather: Grandfather | None = None
    licensing: Licensing | None = None
    #: The day the graph first recorded the measure (an import's day; None: stored before the graph kept it,
    #: known from the start). `known_as_of` leaves a measure recorded later out (graph/regime_history.py).
    recorded: date | None = None
    #: The values later imports replaced, oldest first.
    revisions: tuple[Revision, ...] = ()

    def in_force(self, on: date) -> bool:
        """Whether the measure applies on that day: started, not ended, not suspended. O(suspensions)."""
        if on < self.start or (self.end is not None and on >= self.end):
            return False
        return not any(s <= on and (u is None or on < u) for s, u in self.suspensions)

    def intervals(self) -> list[tuple[date, date | None]]:
        """The periods in force as [from, until) pairs, suspensions cut out."""
        out: list[tuple[date, date | None]] = []
        cursor: date | None = self.start
        for s, u in sorted(self.suspensions):
            if cursor is not None and s > cursor:
                out.append((cursor, s))
            cursor = u
        if cursor is not None and (self.end is None or cursor < self.end):
            out.append((cursor, self.end))
        return out

    def covers(self, category: WeaponCategory) -> bool:
        return not self.categories or category in self.categories or category is WeaponCategory.UNSPECIFIED

    def ref(self) -> RegimeRef:
        return RegimeRef(
            id=self.id,
            issuer=self.issuer,
            name=self.name,
            legal_basis=self.legal_basis,
            start=self.start,
            end=self.end,
            binding=self.binding,
        )


class RegimeRef(_Frozen):
    """The short form of a regime shown next to a sanctioned actor."""

    id: str
    issuer: Issuer
    name: str
    legal_basis: tuple[str, ...]
    start: date
    end: date | None = None
    binding: Binding = Binding.LEGAL


class SupplierSummary(_Frozen):
    """One answer row of "who supplies X": the supplier, the regimes that make it sanctioned, a summary of its
    transfers that pass the question's filters and the newest of them."""

    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    sanctioned_by: tuple[RegimeRef, ...] = ()
    #: How many of its transfers pass the filters (all of them, whatever `transfers` shows).
    transfer_count: int = 0
    #: Those transfers per status.
    status_counts: dict[TransferStatus, int] = Field(default_factory=dict)
    categories: tuple[WeaponCategory, ...] = ()
    #: Earliest start and latest end among their dates (None when none is dated).
    first_date: date | None = None
    last_date: date | None = None
    max_confidence: float = 0.0
    #: "news", "register" or both: which kinds of source support this supplier (reconciliation).
    source_kinds: tuple[SourceKind, ...] = ()
    #: The newest transfers, newest first (undated last), at most the question's `per_supplier`; the rest are
    #: read with GET /transfers?supplier=…&recipient=….
    transfers: tuple[Transfer, ...] = ()


class Violation(_Frozen):
    """The verdict on one transfer under one measure, with why (`verdict` violation, possible or compliant)."""

    transfer: Transfer
    regime: RegimeRef
    clause: str
    explanation: str
    #: The days where the transfer's date range and the regime's period overlap.
    overlap_from: date
    overlap_to: date
    verdict: Verdict = Verdict.VIOLATION
    #: The delivery (or order) years judged inside the measure's period.
    years_inside: tuple[int, ...] = ()
    #: For `possible`: what would decide it. For `compliant`: why it is not a violation.
    decided_by: str | None = None
    reason: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reviewed_by(self) -> tuple[str, ...]:
        """Who reviewed the transfer's evidence (the authors of its standing decisions); empty when nobody did."""
        return self.transfer.review.by if self.transfer.review is not None else ()


class PathHop(_Frozen):
    supplier: str
    recipient: str
    transfer: Transfer


class Path(_Frozen):
    """A supply chain: actors in order and the transfers between them."""

    actors: tuple[str, ...]
    hops: tuple[PathHop, ...]
    min_confidence: float


def _noisy_or(values: list[float]) -> float:
    product = 1.0
    for v in values:
        product *= 1.0 - v
    return round(1.0 - product, 4)


_MERGED_FIELDS = ("evidence", "status", "confidence", "revisions")


def _summarize(
    evidence: dict[tuple[str, int | None, int | None, str], Evidence], incoming: Transfer
) -> tuple[tuple[Evidence, ...], TransferStatus, float]:
    """Evidence in a stable order, the status it supports and the combined confidence."""
    ordered = tuple(sorted(evidence.values(), key=lambda e: (e.source_id, e.start or 0, e.extractor)))
    affirmative = [e for e in ordered if e.status.affirmative]
    if affirmative:
        status = max((e.status for e in affirmative), key=lambda s: s.strength)
        best: dict[str, float] = {}
        for e in affirmative:
            best[e.source_id] = max(best.get(e.source_id, 0.0), e.confidence)
        return ordered, status, _noisy_or(list(best.values()))
    if ordered:
        return ordered, TransferStatus.DENIED, max(e.confidence for e in ordered)
    return ordered, incoming.status, incoming.confidence


def summarize_evidence(
    evidence: tuple[Evidence, ...], status: TransferStatus, confidence: float
) -> tuple[TransferStatus, float]:
    """The status and confidence this evidence supports (as merge_transfer derives them); the given ones when
    there is no evidence."""
    if not evidence:
        return status, confidence
    # with evidence, _summarize never reads its `incoming` argument
    _, found_status, found_confidence = _summarize({e.key: e for e in evidence}, cast(Transfer, None))
    return found_status, found_confidence


def _adds_nothing(existing: Transfer, incoming: Transfer) -> bool:
    """True when merging `incoming` cannot change `existing` (the common case of re-ingesting a source)."""
    known = {e.key: e for e in existing.evidence}
    if any(known.get(e.key) != e for e in incoming.evidence):
        return False
    for name in Transfer.model_fields:
        if name in _MERGED_FIELDS or name == "id":
            continue
        value = getattr(incoming, name)
        if name == "attributes":
            if any(existing.attributes.get(k, _MISSING) != v for k, v in value.items()):
                return False
        elif value not in (None, (), []) and value != getattr(existing, name):
            return False
    return True


_MISSING = object()


def merge_transfer(existing: Transfer | None, incoming: Transfer) -> Transfer:
    """Fold a new report of a transfer into what the store has. Pure; the same in every store.

    Evidence is unioned by `Evidence.key` (the incoming copy wins, so a corrected register row replaces the old
    one); scalar fields take the incoming value when it has one (newer sources refine older ones); the status is
    the strongest affirmative status any evidence gives (denied only if every source denies); confidence combines
    independent sources with a noisy-OR over each source's best affirmative evidence.
    Cost: O(evidence log evidence); re-ingested and already-consistent transfers are returned without copying.
    """
    if existing is None:
        evidence = {e.key: e for e in incoming.evidence}
        ordered, status, confidence = _summarize(evidence, incoming)
        if (ordered, status, confidence) == (incoming.evidence, incoming.status, incoming.confidence):
            return incoming
        base: dict[str, Any] = incoming.model_dump(exclude={*_MERGED_FIELDS})
    else:
        if existing.id != incoming.id:
            raise ValueError(f"cannot merge transfer {incoming.id} into {existing.id}")
        incoming = _keep_first_ingest(existing, incoming)
        if _adds_nothing(existing, incoming):
            return existing
        evidence = {e.key: e for e in existing.evidence}
        replaced = tuple(evidence[e.key] for e in incoming.evidence if e.key in evidence and evidence[e.key] != e)
        evidence.update({e.key: e for e in incoming.evidence})
        ordered, status, confidence = _summarize(evidence, incoming)
        base = existing.model_dump(exclude={*_MERGED_FIELDS})
        before = existing.model_dump(mode="json", exclude={*_MERGED_FIELDS, *_COMPUTED, "id", "review"})
        for name, value in incoming.model_dump(exclude={*_MERGED_FIELDS, "id"}).items():
            if name == "attributes":
                base[name] = {**base[name], **value}
            elif value not in (None, (), []):
                base[name] = value
        for computed in _COMPUTED:
            base.pop(computed, None)
        after = Transfer(**base, evidence=ordered, status=status, confidence=confidence)
        after_json = _machine(after, after.model_dump(mode="json", include=set(before)))
        before = _machine(existing, before)
        changed = {k: v for k, v in before.items() if after_json.get(k) != v}
        revisions = existing.revisions
        if changed or replaced:
            revisions = (*revisions, Revision(superseded=_learned(incoming), fields=changed, evidence=replaced))
        return after.model_copy(update={"revisions": revisions}) if revisions else after
    for computed in _COMPUTED:
        base.pop(computed, None)
    return Transfer(**base, evidence=ordered, status=status, confidence=confidence, revisions=incoming.revisions)


_COMPUTED = ("date_from", "date_to", "first_reported", "source_ids", "source_kinds")


def _machine(t: Transfer, values: dict[str, Any]) -> dict[str, Any]:
    """`values` (JSON fields of `t`) with what a reviewer's correction set replaced by the machine's value: a
    revision records what the sources said, and `known_as_of` applies the decisions of its day again on top."""
    if t.review is None or not t.review.applied:
        return values
    out = dict(values)
    for name, set_value in t.review.applied.items():
        if name in out and out[name] == set_value:
            out[name] = t.review.machine[name]
    return out


def _keep_first_ingest(existing: Transfer, incoming: Transfer) -> Transfer:
    """`incoming` with the stored ingest day on evidence it repeats unchanged: re-ingesting a source on a later
    day changes nothing, and the graph keeps the day it first learned each piece of evidence."""
    known = {e.key: e for e in existing.evidence}
    kept: list[Evidence] = []
    changed = False
    for e in incoming.evidence:
        old = known.get(e.key)
        if old is not None and old.ingested != e.ingested and old == e.model_copy(update={"ingested": old.ingested}):
            kept.append(old)
            changed = True
        else:
            kept.append(e)
    return incoming.model_copy(update={"evidence": tuple(kept)}) if changed else incoming


def _learned(incoming: Transfer) -> date:
    """The day the graph learned a report: its evidence's latest ingest day (today for a write without one)."""
    days = [e.ingested for e in incoming.evidence if e.ingested is not None]
    return max(days) if days else date.today()
