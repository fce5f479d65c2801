"""RDF projection: lossless round trip through Turtle and JSON-LD, Wikidata links, evidence with offsets."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF

from graph.errors import InvalidInput, InvalidQuery
from graph.model import Actor, Evidence, Quantity, Regime, Source, Transfer
from graph.rdf import ID, SKG, WD, enum_iri, from_rdf, ontology, serialize, to_rdf, wikidata_states
from graph.vocab import ActorKind, Direction, Issuer, SourceKind, TransferStatus, WeaponCategory

REFERENCE = Path(__file__).parents[2] / "graph" / "reference"

QUOTE = "Pyongyang a livré des millions d'obus d'artillerie à Moscou, selon les services secrets américains."


def _actors() -> list[Actor]:
    return [
        Actor(id="KP", kind=ActorKind.STATE, name="North Korea", country="KP", aliases=("DPRK", "Pyongyang")),
        Actor(id="RU", kind=ActorKind.STATE, name="Russia", country="RU", aliases=("Moscou", "Kremlin")),
        Actor(id="IR", kind=ActorKind.STATE, name="Iran", country="IR", wikidata="Q794", ftm_id="iso-ir"),
        Actor(
            id="grp-0123456789abcdef",
            kind=ActorKind.ARMED_GROUP,
            name="Houthis (Ansar Allah)",
            country="YE",
            aliases=("Ansar Allah", "Houthi movement"),
            attributes={"un_ref": "YEe.001", "listed": [2015, 2021], "nested": {"a": None, "b": 1.5}},
        ),
        Actor(id="com-0000000000000001", kind=ActorKind.COMPANY, name="Rosoboronexport", country="RU"),
        Actor(id="unk-0000000000000002", kind=ActorKind.UNKNOWN, name='unnamed broker / "X" & <Y>'),
        Actor(id="ves-0000000000000003", kind=ActorKind.VESSEL, name="Angara"),
        # Ids are opaque: characters that IRIs must escape survive the round trip.
        Actor(id="per-odd/id ü#1", kind=ActorKind.PERSON, name="Viktor B.", country="RU"),
    ]


def _sources() -> list[Source]:
    return [
        Source(
            id="src-aaaaaaaaaaaaaaaa",
            kind=SourceKind.NEWS,
            title="La Corée du Nord livre des obus à la Russie",
            url="https://example.org/article?id=1&lang=fr",
            publisher="Le Monde",
            published=date(2023, 10, 14),
            language="fr",
        ),
        Source(id="src-bbbbbbbbbbbbbbbb", kind=SourceKind.REGISTER),
    ]


def _transfers() -> list[Transfer]:
    evidence = (
        Evidence(
            source_id="src-aaaaaaaaaaaaaaaa",
            source_kind=SourceKind.NEWS,
            quote=QUOTE,
            start=120,
            end=120 + len(QUOTE),
            language="fr",
            claimant="US intelligence",
            status=TransferStatus.DELIVERED,
            confidence=0.7123456789,
            extractor="fr:livrer-a",
            when="2023-09",
            reported=date(2023, 10, 14),
        ),
        Evidence(
            source_id="src-bbbbbbbbbbbbbbbb",
            source_kind=SourceKind.REGISTER,
            quote="row 12",
            status=TransferStatus.ALLEGED,
            confidence=0.3,
            extractor="sipri:legacy16",
        ),
    )
    return [
        Transfer(
            id="tr-1111111111111111",
            supplier="KP",
            recipient="RU",
            category=WeaponCategory.AMMUNITION,
            designation="152mm shell",
            description="artillery shells",
            quantity=Quantity(low=1e6, high=1e7, approximate=True, text="millions"),
            ordered="2023",
            delivered="2023-09-06",
            delivery_years=(2024, 2023),
            status=TransferStatus.DELIVERED,
            confidence=0.79,
            evidence=evidence,
            attributes={"sipri_deal": 123, "tiv": [1.25, 2.5], "comment": "«quoted»"},
        ),
        Transfer(
            id="tr-2222222222222222",
            supplier="IR",
            recipient="grp-0123456789abcdef",
            category=WeaponCategory.UNSPECIFIED,
            status=TransferStatus.ALLEGED,
            confidence=0.0,
        ),
        Transfer(
            id="tr-3333333333333333",
            supplier="IR",
            recipient="RU",
            category=WeaponCategory.DRONE,
            designation="Shahed-136",
            quantity=Quantity(),
            status=TransferStatus.DENIED,
            confidence=1.0,
            evidence=(evidence[1],),
        ),
    ]


def _regimes() -> list[Regime]:
    return [
        Regime(
            id="reg-kp",
            issuer=Issuer.UN,
            program="UN DPRK",
            name="UN arms embargo on the DPRK",
            target="KP",
            direction=Direction.BOTH,
            categories=(WeaponCategory.MISSILE, WeaponCategory.AIRCRAFT),
            scope="all arms and related materiel",
            legal_basis=("UNSCR 1718 (2006)", "UNSCR 1874 (2009)"),
            start=date(2006, 10, 14),
            suspensions=((date(2010, 1, 1), date(2010, 6, 1)), (date(2012, 1, 1), None)),
            binds=("*",),
            url="https://www.un.org/securitycouncil/sanctions/1718",
            notes="Expanded by later resolutions.",
        ),
        Regime(
            id="reg-ir",
            issuer=Issuer.EU,
            program="EU Iran",
            name="EU arms embargo on Iran",
            target="IR",
            direction=Direction.IMPORT,
            legal_basis=(),
            start=date(2007, 4, 23),
            end=date(2023, 10, 18),
            binds=("EU", "FR", "DE"),
        ),
    ]


def _all() -> tuple[list[Actor], list[Source], list[Transfer], list[Regime]]:
    return (
        sorted(_actors(), key=lambda a: a.id),
        sorted(_sources(), key=lambda s: s.id),
        sorted(_transfers(), key=lambda t: t.id),
        sorted(_regimes(), key=lambda r: r.id),
    )


def test_round_trip_in_memory() -> None:
    objects = _all()
    assert from_rdf(to_rdf(*objects)) == objects


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("json-ld", "json-ld")])
def test_round_trip_through_text(fmt: str, parser: str) -> None:
    objects = _all()
    g = to_rdf(*objects)
    text = serialize(g, fmt)  # type: ignore[arg-type]
    parsed = Graph().parse(data=text, format=parser)
    assert isomorphic(parsed, g)
    assert from_rdf(parsed) == objects
    # Exact numbers: the confidence keeps all its digits (rdflib's xsd:double Turtle output would not).
    assert from_rdf(parsed)[2][0].evidence[0].confidence == 0.7123456789


def test_turtle_uses_the_published_prefixes() -> None:
    text = serialize(to_rdf(*_all()), "turtle")
    assert "@prefix skg: <https://w3id.org/sanctions-kg/ontology#> ." in text
    assert "@prefix actor: <https://w3id.org/sanctions-kg/id/actor/> ." in text
    assert "transfer:tr-1111111111111111 a skg:Transfer" in text
    assert "@prefix wd: <http://www.wikidata.org/entity/> ." in text
    assert "skg:Transfer" in text and "prov:wasDerivedFrom" in text
    Graph().parse(data=text, format="turtle")  # valid Turtle


def test_json_ld_has_a_context() -> None:
    doc = json.loads(serialize(to_rdf(*_all()), "json-ld"))
    assert doc["@context"]["skg"] == str(SKG)


def test_states_link_to_wikidata() -> None:
    g = to_rdf(_actors(), [], [], [])
    assert (ID["actor/KP"], OWL.sameAs, WD.Q423) in g
    assert (ID["actor/RU"], OWL.sameAs, WD.Q159) in g
    assert (ID["actor/IR"], OWL.sameAs, WD.Q794) in g
    assert (ID["actor/KP"], RDF.type, SKG.State) in g
    assert (ID["actor/KP"], RDF.type, SKG.Actor) in g
    # Non-states get no link unless they carry their own QID.
    assert not list(g.objects(ID["actor/com-0000000000000001"], OWL.sameAs))
    # A link from the reference table does not leak into the model on reading back.
    kp = next(a for a in from_rdf(g)[0] if a.id == "KP")
    assert kp.wikidata is None


def test_evidence_is_kept_with_offsets_and_provenance() -> None:
    g = to_rdf([], _sources(), _transfers(), [])
    rows = list(
        g.query(
            """
            SELECT ?quote ?start ?end ?source ?claimant WHERE {
              ?t a skg:Transfer ; skg:supplier actor:KP ; skg:evidence ?e .
              ?e a skg:Evidence, prov:Entity ; skg:quote ?quote ; skg:start ?start ; skg:end ?end ;
                 prov:wasDerivedFrom ?source ; skg:claimant ?claimant .
            }
            """,
            initNs={"skg": SKG, "actor": ID["actor/"], "prov": PROV},
        )
    )
    assert len(rows) == 1
    quote, start, end, source, claimant = rows[0]  # type: ignore[misc]
    assert str(quote) == QUOTE
    assert (int(start), int(end)) == (120, 120 + len(QUOTE))
    assert source == ID["source/src-aaaaaaaaaaaaaaaa"]
    assert str(claimant) == "US intelligence"
    assert (source, RDF.type, PROV.Entity) in g


def test_controlled_values_are_iris_and_dates_typed() -> None:
    from rdflib.namespace import XSD  # not at module level: pytest's collection probes its attributes

    g = to_rdf([], [], _transfers(), _regimes())
    t = ID["transfer/tr-1111111111111111"]
    assert (t, SKG.category, enum_iri(WeaponCategory.AMMUNITION)) in g
    assert (t, SKG.status, SKG["status-delivered"]) in g
    assert (ID["regime/reg-kp"], SKG.issuer, SKG["issuer-UN"]) in g
    assert (ID["regime/reg-kp"], SKG.targets, ID["actor/KP"]) in g
    ordered = g.value(t, SKG.ordered)
    delivered = g.value(t, SKG.delivered)
    assert isinstance(ordered, Literal) and ordered.datatype == XSD.gYear
    assert isinstance(delivered, Literal) and delivered.datatype == XSD.date
    assert str(g.value(t, SKG.dateFrom)) == "2023-01-01"


def test_every_term_used_is_defined_and_documented() -> None:
    g = to_rdf(*_all())
    defined = set(ontology().subjects())
    used = {p for p in g.predicates() if str(p).startswith(str(SKG))}
    used |= {o for o in g.objects() if isinstance(o, URIRef) and str(o).startswith(str(SKG))}
    assert used - defined == set()
    doc = (REFERENCE / "VOCABULARY.md").read_text(encoding="utf-8")
    for term in used:
        local = str(term)[len(str(SKG)) :]
        if "-" not in local:  # controlled values are documented as patterns (skg:category-*)
            assert f"skg:{local}" in doc, local


def test_vocabulary_example_is_valid_turtle() -> None:
    doc = (REFERENCE / "VOCABULARY.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```turtle\n(.*?)```", doc, flags=re.DOTALL)
    assert blocks
    for block in blocks:
        example = Graph().parse(data=block, format="turtle")
        assert (None, RDF.type, SKG.Transfer) in example
        from_rdf(example)  # the documented example is readable by from_rdf


def test_from_rdf_names_the_node_on_bad_input() -> None:
    g = to_rdf(_actors()[:1], [], [], [])
    g.remove((ID["actor/KP"], URIRef("http://www.w3.org/2000/01/rdf-schema#label"), None))
    with pytest.raises(InvalidInput, match="actor/KP"):
        from_rdf(g)
    g = to_rdf([], [], _transfers()[:1], [])
    g.set((ID["transfer/tr-1111111111111111"], SKG.category, SKG["category-laser"]))
    with pytest.raises(InvalidInput, match="WeaponCategory"):
        from_rdf(g)


def test_serialize_refuses_unknown_format() -> None:
    with pytest.raises(InvalidQuery):
        serialize(Graph(), "rdfxml")  # type: ignore[arg-type]


def test_wikidata_reference_table() -> None:
    with (REFERENCE / "wikidata_states.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    codes = [r["iso2"] for r in rows]
    qids = [r["qid"] for r in rows]
    assert len(codes) == len(set(codes)) and len(qids) == len(set(qids))
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes)
    assert all(re.fullmatch(r"Q[1-9][0-9]*", q) for q in qids)
    table = wikidata_states()
    # 193 UN member states plus TW, PS, XK and the historical SU, YU, CS.
    assert len(table) == 199
    expected = {
        "RU": "Q159", "KP": "Q423", "IR": "Q794", "US": "Q30", "CN": "Q148", "UA": "Q212", "BY": "Q184",
        "FR": "Q142", "DE": "Q183", "GB": "Q145", "IN": "Q668", "JP": "Q17", "KR": "Q884", "SY": "Q858",
        "YE": "Q805", "SU": "Q15180", "TW": "Q865", "PS": "Q219060", "XK": "Q1246",
    }  # fmt: skip
    assert {k: table[k] for k in expected} == expected
