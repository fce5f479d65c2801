"""The maker of a named system as a weak supplier (`ingest.news.designations`, graph/reference/designations.yaml),
its guards (second-hand goods, another supplier named, a home order), and the goods nouns by class
(weapons.yaml). Pairs come from the real extractor; mentions from the real gazetteer."""

from __future__ import annotations

import pytest

from ingest.news.designations import maker_reversed, makers
from ingest.news.extract import get_extractor
from ingest.news.gazetteer import get_gazetteer
from ingest.news.reference import load_yaml
from ingest.news.sentences import split_sentences
from ingest.news.text import fold
from tests.ingest.news_pairs import affirmative_labels


def _pairs(text: str, lang: str) -> set[str]:
    return affirmative_labels(get_extractor(), text, lang)


def test_every_maker_names_a_designation_of_weapons_yaml() -> None:
    names = {str(d["name"]) for d in load_yaml("weapons.yaml")["designations"]}
    table = makers()
    assert table, "designations.yaml lists no maker"
    assert sorted(set(table) - names) == []
    assert all(len(code) == 2 and code.isupper() for code in table.values())


@pytest.mark.parametrize(
    ("text", "lang", "pair"),
    [
        ("Croatia received its first six Rafale jets on Thursday.", "en", "FR>HR"),
        ("Vietnam has ordered K9 howitzers.", "en", "KR>VN"),
        ("Le Liban a reçu des blindés Guarani en 2015.", "fr", "BR>LB"),
        ("Katar kauft 36 F-15-Kampfjets.", "de", "US>QA"),
        ("O Líbano recebeu dez viaturas blindadas Guarani.", "pt", "BR>LB"),
        ("Польша получила первые гаубицы K9.", "ru", "KR>PL"),
        # types added in session 11, named alone as the press does
        ("Indonesia received its first two Scorpène submarines.", "en", "FR>ID"),
        ("Algerien erhielt die erste MEKO-Fregatte.", "de", "DE>DZ"),
        ("Ирак получил первые L-159.", "ru", "CZ>IQ"),
        ("Argentina recibió los primeros Kfir.", "es", "IL>AR"),
    ],
)
def test_a_named_system_without_a_supplier_takes_its_maker(text: str, lang: str, pair: str) -> None:
    assert _pairs(text, lang) == {pair}


def test_the_maker_origin_is_marked_in_the_rule() -> None:
    claims = get_extractor().extract("Croatia received its first six Rafale jets.", lang="en")
    assert [c.evidence.rule for c in claims] == ["en:acquire:received:designation>subj"]
    trace: list[str] = []
    get_extractor().extract("Croatia received used Rafale jets.", lang="en", trace=trace)
    assert any("maker origin FR not taken: second-hand" in line for line in trace)


@pytest.mark.parametrize(
    ("text", "lang", "pairs"),
    [
        # an explicit source wins, and a re-export keeps its holder
        ("Ukraine received Leopard tanks from Poland.", "en", {"PL>UA"}),
        ("Ukraine received Leopard tanks from Polish stocks.", "en", {"PL>UA"}),
        ("Die Ukraine hat gebrauchte F-16 erhalten.", "de", set()),
        ("Ukraina otrzymała używane myśliwce Rafale.", "pl", set()),
        ("Kiev riceverà dagli alleati i caccia F-16.", "it", set()),
        # the recipient makes the system: no transfer, and no supplier from the document's other pair
        ("India ordered more BrahMos missiles.", "en", set()),
        ("Iran delivered drones to Russia. France has ordered 42 more Rafale jets.", "en", {"IR>RU"}),
        # two makers in the goods: which one supplied is not said
        ("Poland received Rafale jets and K9 howitzers.", "en", set()),
        # a Soviet-era type has no maker in the table: a Slovak MiG-29 is no Russian transfer
        ("Ukraine received MiG-29 jets last year.", "en", set()),
    ],
)
def test_no_maker_origin_where_something_says_otherwise(text: str, lang: str, pairs: set[str]) -> None:
    assert _pairs(text, lang) == pairs


def test_the_document_naming_another_supplier_of_the_system_blocks_the_maker() -> None:
    text = "The Netherlands delivered F-16 jets to Ukraine in May. Romania received F-16 jets in June."
    assert "US>RO" not in _pairs(text, "en")


def _weapons(text: str, lang: str) -> list[tuple[str, str]]:
    gazetteer = get_gazetteer()
    folded = fold(text)
    mentions = gazetteer.goods(gazetteer.find(folded, text, lang), folded, text, split_sentences(text), lang)
    return [(m.text, m.ref) for m in mentions if m.kind == "weapon"]


@pytest.mark.parametrize(
    ("text", "lang", "surface", "category"),
    [
        ("They sent guided bombs.", "en", "guided bombs", "ammunition"),
        ("Il s'agit des ordigni.", "it", "ordigni", "ammunition"),
        ("Dostarczono bomby kierowane.", "pl", "bomby kierowane", "ammunition"),
        ("Поставлены управляемые авиабомбы.", "ru", "управляемые авиабомбы", "ammunition"),
        ("Chegaram viaturas blindadas.", "pt", "viaturas blindadas", "armoured_vehicle"),
        ("Es kamen Militärfahrzeuge.", "de", "Militärfahrzeuge", "armoured_vehicle"),
        ("Передано бронеавтомобілі.", "uk", "бронеавтомобілі", "armoured_vehicle"),
        ("Передали беспилотные летательные аппараты.", "ru", "беспилотные летательные аппараты", "drone"),
        ("Llegaron vehículos militares.", "es", "vehículos militares", "armoured_vehicle"),
    ],
)
def test_goods_nouns_by_class(text: str, lang: str, surface: str, category: str) -> None:
    assert (surface, category) in _weapons(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Kto dostarczył Ukrainie sprzęt?", "pl"),  # "kto" is "who", no vehicle abbreviation
        ("The bombing of the city went on.", "en"),  # an attack, not goods
    ],
)
def test_words_that_look_like_goods_are_not(text: str, lang: str) -> None:
    assert _weapons(text, lang) == []


def test_a_claim_against_the_maker_of_its_goods_is_read_the_other_way_round() -> None:
    # the maker's shipyard "obtaining" submarines from India sells them (the rules read IN > FR, then reverse it)
    claims = get_extractor().extract("Il cantiere francese ha ottenuto dall'India sei sottomarini Scorpène.", lang="it")
    assert [(c.supplier.id, c.recipient.id) for c in claims] == [("FR", "IN")]
    assert claims[0].evidence.rule.endswith(":maker-reversed")


@pytest.mark.parametrize(
    ("supplier", "recipient", "sentence", "names", "reversed_"),
    [
        ("IN", "FR", "india sold six scorpene submarines to france.", ["scorpene"], True),
        # a return, a buy-back or a repair goes back to the maker
        ("IN", "FR", "india returned six scorpene submarines to france.", ["scorpene"], False),
        ("IN", "FR", "india sent its scorpene boats back to france for repairs.", ["scorpene"], False),
        # second-hand goods leave a holder, whoever made them
        ("NL", "FR", "the netherlands sold surplus scorpene boats to france.", ["scorpene"], False),
        # parts for the maker's own system
        ("US", "FR", "us interceptors for the scorpene programme went to france.", ["scorpene"], False),
        # the supplier is the maker, or the goods name another maker's system too
        ("FR", "IN", "france sold scorpene submarines to india.", ["scorpene"], False),
    ],
)
def test_maker_reversed_reads_the_sentence_for_goods_going_back(
    supplier: str, recipient: str, sentence: str, names: list[str], reversed_: bool
) -> None:
    got = maker_reversed(supplier, recipient, ["Scorpène"], sentence, names)
    assert got is reversed_
    assert maker_reversed("IN", "FR", ["Scorpène", "F-16"], sentence, names) is False  # two makers: no reading
