"""RDF projection of the graph (rdflib): actors, sources, transfers with their evidence, regimes.

The vocabulary is documented in graph/reference/VOCABULARY.md. Terms live in the `skg` namespace
(`https://w3id.org/sanctions-kg/ontology#`), instances under `https://w3id.org/sanctions-kg/id/`; PROV-O,
Dublin Core terms and schema.org are used where they fit. States are linked to their Wikidata items with
`owl:sameAs` (graph/reference/wikidata_states.csv).

`from_rdf(to_rdf(...))` gives back equal objects: ordered tuples are written as RDF lists, numbers as
`xsd:decimal` (rdflib's Turtle writer rounds `xsd:double` to 7 digits), free-form `attributes` as one
`rdf:JSON` literal (so they must hold JSON values: tuples come back as lists, other values as their `str`).
Fields computed from others (`date_from`, `date_to`, `first_reported`) are written for querying and ignored
on reading.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from urllib.parse import quote, unquote

from pydantic import TypeAdapter, ValidationError
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib import Literal as Lit
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from graph.decisions import Decision
from graph.errors import InvalidInput, InvalidQuery
from graph.ids import make_id
from graph.model import (
    Actor,
    Evidence,
    Quantity,
    Regime,
    Revision,
    Source,
    Transfer,
    TransferReview,
)
from graph.vocab import ActorKind, Direction, Issuer, SourceKind, TransferStatus, WeaponCategory

if TYPE_CHECKING:
    from graph.store import GraphStore

__all__ = [
    "ACTOR_CLASSES",
    "ID",
    "SCHEMA",
    "SKG",
    "WD",
    "add_decisions",
    "enum_iri",
    "from_rdf",
    "iter_store_rdf",
    "ontology",
    "serialize",
    "store_to_rdf",
    "to_rdf",
    "wikidata_states",
]

SKG = Namespace("https://w3id.org/sanctions-kg/ontology#")
ID = Namespace("https://w3id.org/sanctions-kg/id/")
WD = Namespace("http://www.wikidata.org/entity/")
SCHEMA = Namespace("https://schema.org/")

#: The class of each actor kind (an actor of unknown kind is a plain skg:Actor).
ACTOR_CLASSES: dict[ActorKind, URIRef] = {
    ActorKind.STATE: SKG.State,
    ActorKind.ARMED_GROUP: SKG.ArmedGroup,
    ActorKind.ORGANIZATION: SKG.Organization,
    ActorKind.COMPANY: SKG.Company,
    ActorKind.PERSON: SKG.Person,
    ActorKind.VESSEL: SKG.Vessel,
    ActorKind.MULTINATIONAL: SKG.Multinational,
    ActorKind.UNKNOWN: SKG.Actor,
}
_KIND_OF_CLASS = {cls: kind for kind, cls in ACTOR_CLASSES.items() if kind is not ActorKind.UNKNOWN}

#: Prefix of the IRI local name of each controlled value: skg:category-drone, skg:status-delivered, ...
_ENUM_PREFIX: dict[type[StrEnum], str] = {
    WeaponCategory: "category",
    TransferStatus: "status",
    SourceKind: "sourceKind",
    Issuer: "issuer",
    Direction: "direction",
}
_WIKIDATA_CSV = Path(__file__).parent / "reference" / "wikidata_states.csv"

E = TypeVar("E", bound=StrEnum)


def enum_iri(value: StrEnum) -> URIRef:
    """The IRI of a controlled value, e.g. `skg:category-drone` for WeaponCategory.DRONE."""
    return SKG[f"{_ENUM_PREFIX[type(value)]}-{value.value}"]


@cache
def _enum_values(enum: type[StrEnum]) -> dict[URIRef, StrEnum]:
    return {enum_iri(member): member for member in enum}


def _enum(enum: type[E], node: Node, where: Node) -> E:
    found = _enum_values(enum).get(node) if isinstance(node, URIRef) else None
    if found is None:
        raise InvalidInput(f"{where}: {node} is not a known {enum.__name__} IRI")
    return found  # type: ignore[return-value]


@cache
def wikidata_states() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → Wikidata QID, from graph/reference/wikidata_states.csv. Read once."""
    with _WIKIDATA_CSV.open(encoding="utf-8", newline="") as fh:
        return {row["iso2"]: row["qid"] for row in csv.DictReader(fh)}


# --- IRIs ------------------------------------------------------------------------------------------


def _iri(kind: str, ident: str) -> URIRef:
    return ID[f"{kind}/{quote(ident, safe='')}"]


def _ident(kind: str, node: Node, where: Node) -> str:
    prefix = f"{ID}{kind}/"
    if not isinstance(node, URIRef) or not str(node).startswith(prefix) or "/" in str(node)[len(prefix) :]:
        raise InvalidInput(f"{where}: expected an IRI {prefix}<id>, got {node}")
    return unquote(str(node)[len(prefix) :])


# --- literals --------------------------------------------------------------------------------------


def _num(value: float) -> Lit:
    """A float as an exact xsd:decimal (xsd:double for inf/nan, which decimals cannot spell)."""
    if not math.isfinite(value):
        return Lit(value, datatype=XSD.double)
    text = format(Decimal(repr(float(value))), "f")
    return Lit(text if "." in text else text + ".0", datatype=XSD.decimal)


def _partial_date(value: str) -> Lit:
    datatype = {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)
    return Lit(value, datatype=datatype)


def _json(value: dict[str, Any] | list[Any]) -> Lit:
    return Lit(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str), datatype=RDF.JSON)


def _list(g: Graph, items: Iterable[Node]) -> BNode:
    head = BNode()
    Collection(g, head, list(items))
    return head


# --- writing ---------------------------------------------------------------------------------------


#: Instance namespaces, one per kind of node: actor:KP, transfer:tr-..., evidence:ev-..., ...
_KINDS = ("actor", "source", "transfer", "evidence", "regime")


def _bind(g: Graph) -> None:
    for prefix, ns in (("skg", SKG), ("wd", WD), ("schema", SCHEMA), ("prov", PROV)):
        g.bind(prefix, ns, override=True)
    for kind in _KINDS:
        g.bind(kind, ID[f"{kind}/"], override=True)
    g.bind("dcterms", DCTERMS)
    g.bind("owl", OWL)


def _add_opt(g: Graph, s: Node, p: URIRef, value: Node | None) -> None:
    if value is not None:
        g.add((s, p, value))


def _add_actor(g: Graph, a: Actor) -> None:
    s = _iri("actor", a.id)
    g.add((s, RDF.type, SKG.Actor))
    g.add((s, RDF.type, ACTOR_CLASSES[a.kind]))
    g.add((s, DCTERMS.identifier, Lit(a.id)))
    g.add((s, RDFS.label, Lit(a.name)))
    if a.country is not None:
        g.add((s, SKG.country, _iri("actor", a.country)))
    if a.aliases:
        g.add((s, SKG.aliases, _list(g, (Lit(x) for x in a.aliases))))
    _add_opt(g, s, SKG.ftmId, None if a.ftm_id is None else Lit(a.ftm_id))
    qid = a.wikidata
    if qid is not None:
        g.add((s, SKG.wikidataId, Lit(qid)))
    elif a.kind is ActorKind.STATE:
        qid = wikidata_states().get(a.id)
    if qid:
        g.add((s, OWL.sameAs, WD[qid]))
    if a.attributes:
        g.add((s, SKG.attributes, _json(a.attributes)))


def _add_source(g: Graph, src: Source) -> None:
    s = _iri("source", src.id)
    g.add((s, RDF.type, SKG.Source))
    g.add((s, RDF.type, PROV.Entity))
    g.add((s, DCTERMS.identifier, Lit(src.id)))
    g.add((s, SKG.sourceKind, enum_iri(src.kind)))
    _add_opt(g, s, DCTERMS.title, None if src.title is None else Lit(src.title))
    _add_opt(g, s, DCTERMS.publisher, None if src.publisher is None else Lit(src.publisher))
    _add_opt(g, s, DCTERMS.issued, None if src.published is None else Lit(src.published))
    _add_opt(g, s, DCTERMS.language, None if src.language is None else Lit(src.language))
    _add_opt(g, s, SCHEMA.url, None if src.url is None else Lit(src.url, datatype=XSD.anyURI))


def _add_evidence(g: Graph, transfer: URIRef, tid: str, position: int, e: Evidence) -> None:
    # Stable across exports: the transfer and the evidence key (one sentence can support several transfers).
    s = _iri("evidence", make_id("ev", tid, *e.key))
    g.add((transfer, SKG.evidence, s))
    g.add((s, RDF.type, SKG.Evidence))
    g.add((s, RDF.type, PROV.Entity))
    g.add((s, SKG.position, Lit(position)))
    g.add((s, PROV.wasDerivedFrom, _iri("source", e.source_id)))
    g.add((s, SKG.sourceKind, enum_iri(e.source_kind)))
    g.add((s, SKG.quote, Lit(e.quote)))
    _add_opt(g, s, SKG.start, None if e.start is None else Lit(e.start))
    _add_opt(g, s, SKG.end, None if e.end is None else Lit(e.end))
    _add_opt(g, s, DCTERMS.language, None if e.language is None else Lit(e.language))
    _add_opt(g, s, SKG.claimant, None if e.claimant is None else Lit(e.claimant))
    g.add((s, SKG.status, enum_iri(e.status)))
    g.add((s, SKG.confidence, _num(e.confidence)))
    g.add((s, SKG.extractor, Lit(e.extractor)))
    _add_opt(g, s, SKG.when, None if e.when is None else _partial_date(e.when))
    _add_opt(g, s, SKG.reported, None if e.reported is None else Lit(e.reported))
    _add_opt(g, s, SKG.ingested, None if e.ingested is None else Lit(e.ingested))


def _add_transfer(g: Graph, t: Transfer) -> None:
    s = _iri("transfer", t.id)
    g.add((s, RDF.type, SKG.Transfer))
    g.add((s, DCTERMS.identifier, Lit(t.id)))
    g.add((s, SKG.supplier, _iri("actor", t.supplier)))
    g.add((s, SKG.recipient, _iri("actor", t.recipient)))
    g.add((s, SKG.category, enum_iri(t.category)))
    _add_opt(g, s, SKG.designation, None if t.designation is None else Lit(t.designation))
    _add_opt(g, s, DCTERMS.description, None if t.description is None else Lit(t.description))
    q = t.quantity
    if q is not None:
        # Always written when there is a quantity, so that Quantity() survives the round trip.
        g.add((s, SKG.quantityApproximate, Lit(q.approximate)))
        g.add((s, SKG.quantityEstimated, Lit(q.estimated)))
        _add_opt(g, s, SKG.quantityLow, None if q.low is None else _num(q.low))
        _add_opt(g, s, SKG.quantityHigh, None if q.high is None else _num(q.high))
        _add_opt(g, s, SKG.quantityText, None if q.text is None else Lit(q.text))
    _add_opt(g, s, SKG.ordered, None if t.ordered is None else _partial_date(t.ordered))
    _add_opt(g, s, SKG.delivered, None if t.delivered is None else _partial_date(t.delivered))
    if t.delivery_years:
        g.add((s, SKG.deliveryYears, _list(g, (Lit(y) for y in t.delivery_years))))
    g.add((s, SKG.status, enum_iri(t.status)))
    g.add((s, SKG.confidence, _num(t.confidence)))
    # Derived values, for SPARQL users; from_rdf ignores them.
    _add_opt(g, s, SKG.dateFrom, None if t.date_from is None else Lit(t.date_from))
    _add_opt(g, s, SKG.dateTo, None if t.date_to is None else Lit(t.date_to))
    _add_opt(g, s, SKG.firstReported, None if t.first_reported is None else Lit(t.first_reported))
    for position, e in enumerate(t.evidence):
        _add_evidence(g, s, t.id, position, e)
    if t.attributes:
        g.add((s, SKG.attributes, _json(t.attributes)))
    if t.review is not None:  # what reviewers' decisions did to it (the decisions are prov:Activity nodes)
        g.add((s, SKG.review, _json(t.review.model_dump(mode="json"))))
    if t.revisions:  # earlier values later reports changed (known_as_of), as one JSON literal like the review
        g.add((s, SKG.revisions, _json([r.model_dump(mode="json") for r in t.revisions])))


def _add_regime(g: Graph, r: Regime) -> None:
    s = _iri("regime", r.id)
    g.add((s, RDF.type, SKG.Regime))
    g.add((s, DCTERMS.identifier, Lit(r.id)))
    g.add((s, SKG.issuer, enum_iri(r.issuer)))
    g.add((s, SKG.program, Lit(r.program)))
    g.add((s, RDFS.label, Lit(r.name)))
    g.add((s, SKG.targets, _iri("actor", r.target)))
    g.add((s, SKG.direction, enum_iri(r.direction)))
    if r.categories:
        g.add((s, SKG.categories, _list(g, (enum_iri(c) for c in r.categories))))
    g.add((s, SKG.scope, Lit(r.scope)))
    if r.legal_basis:
        g.add((s, SKG.legalBasis, _list(g, (Lit(x) for x in r.legal_basis))))
    g.add((s, SKG.start, Lit(r.start)))
    _add_opt(g, s, SKG.end, None if r.end is None else Lit(r.end))
    if r.suspensions:
        nodes: list[Node] = []
        for since, until in r.suspensions:
            node = BNode()
            g.add((node, RDF.type, SKG.Suspension))
            g.add((node, SKG.start, Lit(since)))
            _add_opt(g, node, SKG.end, None if until is None else Lit(until))
            nodes.append(node)
        g.add((s, SKG.suspensions, _list(g, nodes)))
    g.add((s, SKG.binds, _list(g, (Lit(x) for x in r.binds))))
    _add_opt(g, s, SCHEMA.url, None if r.url is None else Lit(r.url, datatype=XSD.anyURI))
    _add_opt(g, s, RDFS.comment, None if r.notes is None else Lit(r.notes))
    # the model of the law around the dates (graph/sanctions.py): binding force, reach, items, exemptions...
    g.add((s, SKG.law, _json(r.model_dump(mode="json", include=_LAW_FIELDS))))
    _add_opt(g, s, SKG.ingested, None if r.recorded is None else Lit(r.recorded))  # known_as_of: when recorded
    if r.revisions:
        g.add((s, SKG.revisions, _json([v.model_dump(mode="json") for v in r.revisions])))


#: Regime fields carried as one JSON literal (`skg:law`): they only matter to the judgement and round-trip whole.
_LAW_FIELDS = {
    "binding", "reach", "territory", "region", "region_terms", "items", "clause", "citation", "exemptions",
    "grandfather", "licensing",
}  # fmt: skip


def to_rdf(
    actors: Iterable[Actor],
    sources: Iterable[Source],
    transfers: Iterable[Transfer],
    regimes: Iterable[Regime],
) -> Graph:
    """An rdflib Graph of these objects (instances only; `ontology()` has the term definitions). O(size)."""
    g = Graph()
    _bind(g)
    for a in actors:
        _add_actor(g, a)
    for src in sources:
        _add_source(g, src)
    for t in transfers:
        _add_transfer(g, t)
    for r in regimes:
        _add_regime(g, r)
    return g


# --- reading ---------------------------------------------------------------------------------------


def _one(g: Graph, s: Node, p: URIRef) -> Node | None:
    values = list(g.objects(s, p))
    if len(values) > 1:
        raise InvalidInput(f"{s}: {len(values)} values of {p}, expected at most one")
    return values[0] if values else None


def _need(g: Graph, s: Node, p: URIRef) -> Node:
    value = _one(g, s, p)
    if value is None:
        raise InvalidInput(f"{s}: missing {p}")
    return value


def _str(g: Graph, s: Node, p: URIRef) -> str | None:
    value = _one(g, s, p)
    return None if value is None else str(value)


def _date(g: Graph, s: Node, p: URIRef) -> date | None:
    value = _one(g, s, p)
    try:
        return None if value is None else date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"{s}: {p} is not a date: {value}") from exc


def _float(node: Node | None, where: Node) -> float | None:
    if node is None:
        return None
    try:
        return float(str(node))
    except ValueError as exc:
        raise InvalidInput(f"{where}: not a number: {node}") from exc


def _int(node: Node | None, where: Node) -> int | None:
    if node is None:
        return None
    try:
        return int(str(node))
    except ValueError as exc:
        raise InvalidInput(f"{where}: not an integer: {node}") from exc


def _req_float(node: Node, where: Node) -> float:
    value = _float(node, where)
    assert value is not None
    return value


def _bool(node: Node | None) -> bool:
    return node is not None and str(node).strip().lower() in ("true", "1")


def _items(g: Graph, s: Node, p: URIRef) -> list[Node]:
    head = _one(g, s, p)
    if head is None:
        return []
    if not isinstance(head, (BNode, URIRef)):
        raise InvalidInput(f"{s}: {p} is not an RDF list")
    return list(Collection(g, head))


def _attributes(g: Graph, s: Node) -> dict[str, Any]:
    text = _str(g, s, SKG.attributes)
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"{s}: skg:attributes is not JSON") from exc
    if not isinstance(value, dict):
        raise InvalidInput(f"{s}: skg:attributes is not a JSON object")
    return value


def _subjects(g: Graph, classes: Iterable[URIRef]) -> Iterator[Node]:
    seen: set[Node] = set()
    for cls in classes:
        for s in g.subjects(RDF.type, cls):
            if s not in seen:
                seen.add(s)
                yield s


def _read_actor(g: Graph, s: Node) -> Actor:
    types = [c for c in g.objects(s, RDF.type) if isinstance(c, URIRef)]
    kinds = {_KIND_OF_CLASS[c] for c in types if c in _KIND_OF_CLASS}
    if len(kinds) > 1:
        raise InvalidInput(f"{s}: more than one actor class")
    country = _one(g, s, SKG.country)
    return Actor(
        id=str(_need(g, s, DCTERMS.identifier)),
        kind=kinds.pop() if kinds else ActorKind.UNKNOWN,
        name=str(_need(g, s, RDFS.label)),
        country=None if country is None else _ident("actor", country, s),
        aliases=tuple(str(x) for x in _items(g, s, SKG.aliases)),
        ftm_id=_str(g, s, SKG.ftmId),
        wikidata=_str(g, s, SKG.wikidataId),
        attributes=_attributes(g, s),
    )


def _read_source(g: Graph, s: Node) -> Source:
    return Source(
        id=str(_need(g, s, DCTERMS.identifier)),
        kind=_enum(SourceKind, _need(g, s, SKG.sourceKind), s),
        title=_str(g, s, DCTERMS.title),
        url=_str(g, s, SCHEMA.url),
        publisher=_str(g, s, DCTERMS.publisher),
        published=_date(g, s, DCTERMS.issued),
        language=_str(g, s, DCTERMS.language),
    )


def _read_evidence(g: Graph, s: Node) -> tuple[int, Evidence]:
    position = _int(_one(g, s, SKG.position), s)
    evidence = Evidence(
        source_id=_ident("source", _need(g, s, PROV.wasDerivedFrom), s),
        source_kind=_enum(SourceKind, _need(g, s, SKG.sourceKind), s),
        quote=str(_need(g, s, SKG.quote)),
        start=_int(_one(g, s, SKG.start), s),
        end=_int(_one(g, s, SKG.end), s),
        language=_str(g, s, DCTERMS.language),
        claimant=_str(g, s, SKG.claimant),
        status=_enum(TransferStatus, _need(g, s, SKG.status), s),
        confidence=_req_float(_need(g, s, SKG.confidence), s),
        extractor=str(_need(g, s, SKG.extractor)),
        when=_str(g, s, SKG.when),
        reported=_date(g, s, SKG.reported),
        ingested=_date(g, s, SKG.ingested),
    )
    return (position if position is not None else 0), evidence


def _read_transfer(g: Graph, s: Node) -> Transfer:
    quantity = None
    if any(_one(g, s, p) is not None for p in (SKG.quantityApproximate, SKG.quantityLow, SKG.quantityHigh)):
        quantity = Quantity(
            low=_float(_one(g, s, SKG.quantityLow), s),
            high=_float(_one(g, s, SKG.quantityHigh), s),
            approximate=_bool(_one(g, s, SKG.quantityApproximate)),
            estimated=_bool(_one(g, s, SKG.quantityEstimated)),
            text=_str(g, s, SKG.quantityText),
        )
    evidence = sorted(
        (_read_evidence(g, e) for e in g.objects(s, SKG.evidence)),
        key=lambda pe: (pe[0], pe[1].key[0], pe[1].start or 0, pe[1].extractor),
    )
    years = [_int(y, s) for y in _items(g, s, SKG.deliveryYears)]
    return Transfer(
        id=str(_need(g, s, DCTERMS.identifier)),
        supplier=_ident("actor", _need(g, s, SKG.supplier), s),
        recipient=_ident("actor", _need(g, s, SKG.recipient), s),
        category=_enum(WeaponCategory, _need(g, s, SKG.category), s),
        designation=_str(g, s, SKG.designation),
        description=_str(g, s, DCTERMS.description),
        quantity=quantity,
        ordered=_str(g, s, SKG.ordered),
        delivered=_str(g, s, SKG.delivered),
        delivery_years=tuple(y for y in years if y is not None),
        status=_enum(TransferStatus, _need(g, s, SKG.status), s),
        confidence=_req_float(_need(g, s, SKG.confidence), s),
        evidence=tuple(e for _, e in evidence),
        attributes=_attributes(g, s),
        review=_review(g, s),
        revisions=_revisions(g, s),
    )


def _revisions(g: Graph, s: Node) -> tuple[Revision, ...]:
    text = _str(g, s, SKG.revisions)
    if text is None:
        return ()
    try:
        return tuple(TypeAdapter(list[Revision]).validate_json(text))
    except ValidationError as exc:
        raise InvalidInput(f"{s}: skg:revisions is not a list of revisions ({exc.errors()[0]['msg']})") from exc


def _review(g: Graph, s: Node) -> TransferReview | None:
    text = _str(g, s, SKG.review)
    if text is None:
        return None
    try:
        return TransferReview.model_validate_json(text)
    except ValidationError as exc:
        raise InvalidInput(f"{s}: skg:review is not a transfer review ({exc.errors()[0]['msg']})") from exc


def add_decisions(g: Graph, decisions: Iterable[Decision], transfers: Iterable[Transfer], orphans: bool) -> None:
    """Reviewers' decisions as PROV-O: each a prov:Activity (and skg:Decision) associated with its author (a
    prov:Agent), ended at its time, that used the evidence (a claim) or transfer it is about. Decisions on targets
    outside `transfers` are left out unless `orphans` (then they use a skg:Claim / transfer IRI of their own)."""
    where: dict[str, URIRef] = {}
    for t in transfers:
        where[t.id] = _iri("transfer", t.id)
        for e in t.evidence:
            where[t.claim_id(e)] = _iri("evidence", make_id("ev", t.id, *e.key))
    for d in decisions:
        target = where.get(d.target)
        if target is None:
            if not orphans:
                continue
            target = _iri("transfer" if d.target.startswith("tr-") else "claim", d.target)
        s = _iri("decision", d.id)
        agent = _iri("reviewer", d.author)
        g.add((s, RDF.type, PROV.Activity))
        g.add((s, RDF.type, SKG.Decision))
        g.add((s, DCTERMS.identifier, Lit(d.id)))
        g.add((s, SKG.decisionKind, Lit(d.kind.value)))
        g.add((s, PROV.wasAssociatedWith, agent))
        g.add((agent, RDF.type, PROV.Agent))
        g.add((agent, RDFS.label, Lit(d.author)))
        g.add((s, PROV.endedAtTime, Lit(d.at)))
        g.add((s, PROV.used, target))
        g.add((s, SKG.target, Lit(d.target)))
        _add_opt(g, s, SKG.reason, None if d.reason is None else Lit(d.reason.value))
        _add_opt(g, s, RDFS.comment, None if d.comment is None else Lit(d.comment))
        if d.corrections:
            g.add((s, SKG.corrections, _json({c.field.value: c.value for c in d.corrections})))
        if d.other is not None:
            g.add((s, PROV.used, _iri("transfer", d.other)))


def _read_regime(g: Graph, s: Node) -> Regime:
    suspensions: list[tuple[date, date | None]] = []
    for node in _items(g, s, SKG.suspensions):
        since = _date(g, node, SKG.start)
        if since is None:
            raise InvalidInput(f"{s}: a suspension has no skg:start")
        suspensions.append((since, _date(g, node, SKG.end)))
    start = _date(g, s, SKG.start)
    if start is None:
        raise InvalidInput(f"{s}: missing {SKG.start}")
    binds = _items(g, s, SKG.binds)
    return Regime(
        id=str(_need(g, s, DCTERMS.identifier)),
        issuer=_enum(Issuer, _need(g, s, SKG.issuer), s),
        program=str(_need(g, s, SKG.program)),
        name=str(_need(g, s, RDFS.label)),
        target=_ident("actor", _need(g, s, SKG.targets), s),
        direction=_enum(Direction, _need(g, s, SKG.direction), s),
        categories=tuple(_enum(WeaponCategory, c, s) for c in _items(g, s, SKG.categories)),
        scope=_str(g, s, SKG.scope) or "all arms",
        legal_basis=tuple(str(x) for x in _items(g, s, SKG.legalBasis)),
        start=start,
        end=_date(g, s, SKG.end),
        suspensions=tuple(suspensions),
        binds=tuple(str(x) for x in binds) if _one(g, s, SKG.binds) is not None else ("*",),
        url=_str(g, s, SCHEMA.url),
        notes=_str(g, s, RDFS.comment),
        recorded=_date(g, s, SKG.ingested),
        revisions=_regime_revisions(g, s),
        **_law(g, s),
    )


def _regime_revisions(g: Graph, s: Node) -> tuple[Revision, ...]:
    text = _str(g, s, SKG.revisions)
    if not text:
        return ()
    try:
        return tuple(TypeAdapter(list[Revision]).validate_json(text))
    except ValidationError as exc:
        raise InvalidInput(f"{s}: skg:revisions is not a list of revisions ({exc.errors()[0]['msg']})") from exc


def _law(g: Graph, s: Node) -> dict[str, Any]:
    text = _str(g, s, SKG.law)
    if not text:
        return {}
    try:
        law = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"{s}: skg:law is not JSON ({exc})") from exc
    if not isinstance(law, dict) or set(law) - _LAW_FIELDS:
        raise InvalidInput(f"{s}: skg:law holds unknown fields")
    return law


_T = TypeVar("_T", Actor, Source, Transfer, Regime)


def _read_all(g: Graph, classes: Sequence[URIRef], read: Callable[[Graph, Node], _T]) -> list[_T]:
    out: list[_T] = []
    for s in _subjects(g, classes):
        try:
            out.append(read(g, s))
        except ValidationError as exc:
            first = exc.errors()[0]
            raise InvalidInput(f"{s}: {'.'.join(map(str, first['loc']))}: {first['msg']}") from exc
    return sorted(out, key=lambda x: x.id)


def from_rdf(g: Graph) -> tuple[list[Actor], list[Source], list[Transfer], list[Regime]]:
    """Read back what `to_rdf` wrote: actors, sources, transfers, regimes, each sorted by id. O(size).

    Raises InvalidInput naming the node when a required property is missing or a value is not of its type.
    """
    return (
        _read_all(g, [SKG.Actor, *_KIND_OF_CLASS], _read_actor),
        _read_all(g, [SKG.Source], _read_source),
        _read_all(g, [SKG.Transfer], _read_transfer),
        _read_all(g, [SKG.Regime], _read_regime),
    )


# --- store, serialization, ontology ----------------------------------------------------------------


def store_to_rdf(
    store: GraphStore,
    actor: str | None = None,
    hops: int = 1,
    part: tuple[list[Actor], list[Transfer]] | None = None,
    include_rejected: bool = False,
) -> Graph:
    """The whole graph, or the subgraph within `hops` transfers of `actor` (with the regimes targeting its
    actors and the sources its evidence cites). Raises NotFound for an unknown actor, InvalidQuery for hops
    out of range. Cost: one store read per actor reached, plus one for sources and one for regimes. `part`:
    graph.export.neighbourhood's answer when the caller has it already.
    """
    actors, sources, transfers, regimes, decisions = _store_part(store, actor, hops, part, include_rejected)
    g = to_rdf(actors, sources, transfers, regimes)
    add_decisions(g, decisions, transfers, orphans=actor is None)
    return g


def _store_part(
    store: GraphStore,
    actor: str | None,
    hops: int,
    part: tuple[list[Actor], list[Transfer]] | None,
    include_rejected: bool,
) -> tuple[list[Actor], list[Source], list[Transfer], list[Regime], list[Decision]]:
    """What store_to_rdf writes: the actors and transfers of the part, the sources they cite, the regimes
    targeting its actors (all of them for the whole graph) and the decisions."""
    from graph.export import neighbourhood  # local: export imports networkx, not needed by to_rdf users

    actors, transfers = part if part is not None else neighbourhood(store, actor, hops, include_rejected)
    source_ids = sorted({e.source_id for t in transfers for e in t.evidence})
    sources = store.sources(source_ids) if source_ids else []
    regimes = store.regimes()
    if actor is not None:
        ids = {a.id for a in actors}
        regimes = [r for r in regimes if r.target in ids]
    return actors, sources, transfers, regimes, store.decisions()


#: Objects (actors, sources, transfers, regimes) serialized together by iter_store_rdf: rdflib's writers build
#: their document whole, so memory beyond the objects read is that of this many objects' triples.
RDF_CHUNK_OBJECTS = 500


def iter_store_rdf(
    store: GraphStore,
    fmt: Literal["turtle", "json-ld"],
    actor: str | None = None,
    hops: int = 1,
    part: tuple[list[Actor], list[Transfer]] | None = None,
    chunk_objects: int = RDF_CHUNK_OBJECTS,
) -> Iterator[str]:
    """store_to_rdf's graph as Turtle or JSON-LD text, written `chunk_objects` objects at a time: the same
    triples as `serialize(store_to_rdf(...))` (blank nodes aside, which rdflib names uniquely), never whole in
    memory. Turtle: each chunk is a Turtle document of its own, prefixes included (Turtle allows a prefix to be
    declared again), so the concatenation is one document. JSON-LD: one `@graph` of every chunk's nodes, under
    one `@context`."""
    if fmt not in ("turtle", "json-ld"):
        raise InvalidQuery(f"unknown RDF format {fmt!r}: use 'turtle' or 'json-ld'")
    # read now, so that a failing read is raised before the caller sends a byte
    actors, sources, transfers, regimes, decisions = _store_part(store, actor, hops, part, False)
    return _rdf_text(fmt, actor is None, actors, sources, transfers, regimes, decisions, chunk_objects)


def _rdf_text(
    fmt: Literal["turtle", "json-ld"],
    orphans: bool,
    actors: Sequence[Actor],
    sources: Sequence[Source],
    transfers: Sequence[Transfer],
    regimes: Sequence[Regime],
    decisions: Sequence[Decision],
    chunk_objects: int,
) -> Iterator[str]:
    adders: list[tuple[Callable[[Graph, Any], None], Sequence[Any]]] = [
        (_add_actor, actors), (_add_source, sources), (_add_transfer, transfers), (_add_regime, regimes),
    ]  # fmt: skip

    def graphs() -> Iterator[Graph]:
        for add, items in adders:
            for start in range(0, len(items), chunk_objects):
                g = Graph()
                _bind(g)
                for item in items[start : start + chunk_objects]:
                    add(g, item)
                yield g
        g = Graph()
        _bind(g)
        add_decisions(g, decisions, transfers, orphans)
        yield g

    if fmt == "turtle":
        for g in graphs():
            if len(g):
                yield g.serialize(format="turtle")
        return
    head = Graph()
    _bind(head)
    context = {prefix: str(ns) for prefix, ns in head.namespaces() if prefix}
    yield '{\n  "@context": ' + json.dumps(context, indent=2).replace("\n", "\n  ") + ',\n  "@graph": ['
    first = True
    for g in graphs():
        if not len(g):
            continue
        doc = json.loads(g.serialize(format="json-ld", context=context))
        nodes = doc.get("@graph", [doc]) if isinstance(doc, dict) else doc
        for node in nodes:
            if isinstance(node, dict):
                node.pop("@context", None)
            text = json.dumps(node, indent=2, ensure_ascii=False).replace("\n", "\n    ")
            yield ("\n    " if first else ",\n    ") + text
            first = False
    yield "\n  ]\n}\n"


def serialize(g: Graph, fmt: Literal["turtle", "json-ld"]) -> str:
    """The graph as Turtle or JSON-LD text (JSON-LD with the graph's prefixes as its @context)."""
    if fmt == "turtle":
        return g.serialize(format="turtle")
    if fmt == "json-ld":
        context = {prefix: str(ns) for prefix, ns in g.namespaces() if prefix}
        return g.serialize(format="json-ld", context=context, indent=2)
    raise InvalidQuery(f"unknown RDF format {fmt!r}: use 'turtle' or 'json-ld'")


_CLASSES: dict[str, tuple[str, URIRef | None, str]] = {
    "Actor": ("actor", PROV.Agent, "A party to arms transfers: a state or a non-state actor."),
    "State": ("state", SKG.Actor, "A state, identified by its ISO 3166-1 alpha-2 code."),
    "ArmedGroup": ("armed group", SKG.Actor, "A non-state armed group."),
    "Organization": ("organization", SKG.Actor, "An organization that is neither a state nor a company."),
    "Company": ("company", SKG.Actor, "A company (manufacturer, broker, shipper)."),
    "Person": ("person", SKG.Actor, "A natural person."),
    "Vessel": ("vessel", SKG.Actor, "A ship."),
    "Multinational": ("multinational", SKG.Actor, "A group of states acting together (NATO, EU, ...)."),
    "Transfer": ("transfer", None, "One directed supplier-to-recipient transfer of arms (reified)."),
    "Evidence": ("evidence", PROV.Entity, "One source's support for a transfer: a quote and its offsets."),
    "Source": ("source", PROV.Entity, "A news article, register export or sanctions list."),
    "Regime": ("regime", None, "One sanctions measure with a single legal basis and period."),
    "Suspension": ("suspension", None, "A period in which a regime was suspended."),
    "Decision": ("decision", PROV.Activity, "A reviewer's decision on a claim or transfer (accept, reject, ...)."),
}
_PROPERTIES: dict[str, str] = {
    "supplier": "The actor that supplies the arms.",
    "recipient": "The actor that receives the arms.",
    "category": "Weapon category (skg:category-*).",
    "designation": "Weapon designation, e.g. 'Shahed-136'.",
    "quantityLow": "Lower bound of the quantity (inclusive).",
    "quantityHigh": "Upper bound of the quantity (exclusive when approximate).",
    "quantityApproximate": "Whether the quantity is a vague amount.",
    "quantityEstimated": "Whether the register flags the number as an estimate.",
    "quantityText": "The quantity as the source words it.",
    "ordered": "When ordered: xsd:gYear, xsd:gYearMonth or xsd:date.",
    "delivered": "When delivered: xsd:gYear, xsd:gYearMonth or xsd:date.",
    "deliveryYears": "RDF list of the years with deliveries.",
    "status": "Status (skg:status-delivered, -ordered, -alleged, -denied; -rejected when a reviewer rejected it).",
    "confidence": "Confidence in [0, 1].",
    "evidence": "Links a transfer to one of its evidence nodes.",
    "dateFrom": "Derived: earliest day the transfer may have happened.",
    "dateTo": "Derived: latest day the transfer may have happened.",
    "firstReported": "Derived: earliest day a source reported the transfer.",
    "position": "Order of an evidence node within its transfer.",
    "quote": "The sentence quoted from the source.",
    "start": "Start: character offset of a quote, or first day of a regime or suspension.",
    "end": "End: character offset after a quote, or first day a regime or suspension no longer applies.",
    "claimant": "Who makes the claim ('US intelligence').",
    "extractor": "The rule or parser that produced the evidence.",
    "when": "When the transfer happened according to this source.",
    "reported": "When the source said it.",
    "ingested": "When the graph learned it (the ingest day of evidence; the day a regime was first recorded).",
    "revisions": "Earlier values of a transfer or regime that later imports changed (JSON).",
    "sourceKind": "Kind of source (skg:sourceKind-news, -register, -sanctions_list, -reference).",
    "country": "The state an actor is, belongs to or is based in.",
    "aliases": "RDF list of other names.",
    "ftmId": "FollowTheMoney entity id.",
    "wikidataId": "Wikidata QID recorded on the actor.",
    "attributes": "Source-specific values, as one rdf:JSON object.",
    "issuer": "Who imposes the regime (skg:issuer-UN, ...).",
    "program": "Sanctions programme the measure belongs to.",
    "targets": "The actor a regime targets.",
    "direction": "Which flows the regime forbids (skg:direction-import, -export, -both).",
    "categories": "RDF list of weapon categories covered; absent means all arms.",
    "scope": "Scope of the measure in words.",
    "legalBasis": "RDF list of legal instruments (UNSCR 1718 (2006), ...).",
    "suspensions": "RDF list of skg:Suspension nodes.",
    "binds": "RDF list of whose conduct the regime binds: ISO codes, 'EU' or '*'.",
    "review": "What reviewers' standing decisions did to a transfer, as one rdf:JSON object.",
    "decisionKind": "Kind of a decision: accept, reject, correct, merge, split, note or undo.",
    "target": "The claim id (cl-...) or transfer id (tr-...) a decision is about.",
    "reason": "Why a claim was rejected (not_a_transfer, wrong_parties, ..., other).",
    "corrections": "A correction's field values, as one rdf:JSON object.",
    "law": "JSON of a regime's model of the law: binding force, reach, item scope, clause, citation, exemptions, "
    "grandfather clause.",
}


def ontology() -> Graph:
    """The term definitions (classes, properties, controlled values) as an RDFS graph. O(vocabulary)."""
    g = Graph()
    _bind(g)
    g.add((URIRef(str(SKG).rstrip("#")), RDF.type, OWL.Ontology))
    for name, (label, parent, comment) in _CLASSES.items():
        g.add((SKG[name], RDF.type, OWL.Class))
        g.add((SKG[name], RDFS.label, Lit(label, lang="en")))
        g.add((SKG[name], RDFS.comment, Lit(comment, lang="en")))
        if parent is not None:
            g.add((SKG[name], RDFS.subClassOf, parent))
    for name, comment in _PROPERTIES.items():
        g.add((SKG[name], RDF.type, RDF.Property))
        g.add((SKG[name], RDFS.comment, Lit(comment, lang="en")))
    for enum in _ENUM_PREFIX:
        g.add((SKG[enum.__name__], RDF.type, OWL.Class))
        g.add((SKG[enum.__name__], RDFS.label, Lit(enum.__name__, lang="en")))
        for member in enum:
            g.add((enum_iri(member), RDF.type, SKG[enum.__name__]))
            g.add((enum_iri(member), RDFS.label, Lit(member.value)))
    return g
