"""Roles the transfer frames bind through other words (`ingest/news/frames.py`): an institution or group noun between
a preposition and its owner, "near" phrases, the seller named where a purchase was made, lists with a comma and an
article, concessive phrases, far "by" phrases of active use verbs, sponsors of aid programmes. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from ingest.news.claims import Claim
from ingest.news.extract import Extractor, get_extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


def _affirmative(claims: list[Claim]) -> set[tuple[str, str]]:
    return {(c.supplier.id, c.recipient.id) for c in claims if c.status.affirmative}


@pytest.mark.parametrize(
    ("lang", "text", "pair", "how"),
    [
        ("fr", "L'Égypte a livré des obus à l'armée de la Libye en mars.", ("EG", "LY"), ">to"),
        ("es", "Rusia recibió drones del ejército iraní el mes pasado.", ("IR", "RU"), "from>"),
        ("pt", "A Turquia entregou blindados às forças armadas da Líbia.", ("TR", "LY"), ">to"),
        ("uk", "Польща отримала танки від армії Південної Кореї.", ("KR", "PL"), "from>"),
        ("it", "L'Iran ha consegnato missili ai miliziani di Hezbollah.", ("IR", "Hezbollah"), ">to"),
    ],
)
def test_a_party_after_an_institution_noun_takes_the_role_of_the_preposition(
    extractor: Extractor, lang: str, text: str, pair: tuple[str, str], how: str
) -> None:
    # a group is keyed by its name, a state by its code
    claims = {
        (c.supplier.id, c.recipient.id if len(pair[1]) == 2 else c.recipient.name): c
        for c in extractor.extract(text, lang=lang)
    }
    assert pair in claims, claims
    assert how in claims[pair].evidence.rule


def test_an_institution_under_a_cased_goal_preposition_is_a_place(extractor: Extractor) -> None:
    # "в армии России": "в" with a locative noun says where, so Russia takes no goal role through the army noun
    text = "Иран поставил беспилотники, которые служат в армии России, сообщили источники."
    assert ("IR", "RU") not in {
        (c.supplier.id, c.recipient.id)
        for c in extractor.extract(text, lang="ru")
        if "to" in c.evidence.rule.split(":")[-1].split(">")[1]
    }


def test_near_a_city_is_a_place_not_a_source(extractor: Extractor) -> None:
    # "près d'Ankara": the "d'" of "near" is no "from"; the Russian system's origin supplies
    text = "Les premières batteries du système russe S-400 ont été livrées lundi à une base aérienne près d'Ankara."
    trace: list[str] = []
    extractor.extract(text, lang="fr", trace=trace)
    assert not any("frame TR >" in line for line in trace)
    assert any("frame RU > ?" in line and "origin>" in line for line in trace)


def test_the_seller_of_a_purchase_is_where_it_was_made(extractor: Extractor) -> None:
    claims = extractor.extract("Serbien hat das Luftabwehrsystem FK-3 in China bestellt.", lang="de")
    found = {(c.supplier.id, c.recipient.id): c for c in claims}
    assert ("CN", "RS") in found
    assert found[("CN", "RS")].evidence.rule.endswith(":in>subj")


def test_a_place_far_from_the_purchase_verb_is_not_its_seller(extractor: Extractor) -> None:
    # "ordinato": commanded; "in Russia" is where the other verb sends the rockets
    text = "Il generale avrebbe ordinato a febbraio di produrre razzi egiziani da spedire in segreto in Russia."
    pairs = {(c.supplier.id, c.recipient.id) for c in extractor.extract(text, lang="it")}
    assert ("RU", "EG") not in pairs


@pytest.mark.parametrize(
    ("lang", "text", "pairs"),
    [
        ("en", "Norway, the Netherlands and Belgium will send F-16 fighters to Ukraine.", {"NO", "NL", "BE"}),
        ("de", "Norwegen, die Niederlande und Belgien wollen der Ukraine F-16-Kampfjets liefern.", {"NO", "NL", "BE"}),
    ],
)
def test_a_list_with_a_comma_and_an_article_supplies_together(
    extractor: Extractor, lang: str, text: str, pairs: set[str]
) -> None:
    found = _affirmative(extractor.extract(text, lang=lang))
    assert {(s, "UA") for s in pairs} <= found
    assert not {(a, b) for a, b in found if b != "UA"}


def test_a_party_of_a_concessive_phrase_is_not_the_verbs(extractor: Extractor) -> None:
    text = "Hungría recibió el martes cazas suecos Gripen, pese a las advertencias de Rusia."
    pairs = _affirmative(extractor.extract(text, lang="es"))
    assert ("RU", "HU") not in pairs
    assert ("SE", "HU") in pairs


def test_a_far_by_phrase_is_not_the_user_of_an_active_verb(extractor: Extractor) -> None:
    text = "Russia fired Iranian drones at Odesa, a claim Tehran dismissed as a story spread by Washington."
    pairs = {(c.supplier.id, c.recipient.id) for c in extractor.extract(text, lang="en")}
    assert ("IR", "US") not in pairs
    assert ("IR", "RU") in pairs


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The first artillery shells paid for through the Dutch-led initiative have arrived in Ukraine."),
        ("it", "Il primo lotto di proiettili d'artiglieria dell'iniziativa olandese è arrivato in Ucraina."),
    ],
)
def test_the_sponsor_of_an_aid_programme_is_the_origin(extractor: Extractor, lang: str, text: str) -> None:
    trace: list[str] = []
    claims = extractor.extract(text, lang=lang, trace=trace)
    assert ("NL", "UA") in {(c.supplier.id, c.recipient.id) for c in claims}
    assert any("frame NL > UA" in line and "origin>dest" in line for line in trace)


def test_an_institution_noun_between_a_party_and_its_relative_clause(extractor: Extractor) -> None:
    trace: list[str] = []
    text = "The Polish army, which received new tanks from South Korea last year, is training more crews."
    claims = extractor.extract(text, lang="en", trace=trace)
    assert ("KR", "PL") in _affirmative(claims)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("uk", "Минулого тижня нові танки з Польщі отримали збройні сили України."),
        ("pl", "W zeszłym tygodniu nowe czołgi z Polski otrzymały siły zbrojne Ukrainy."),
    ],
)
def test_a_postposed_institution_subject_is_owned_by_the_recipient(extractor: Extractor, lang: str, text: str) -> None:
    claims = extractor.extract(text, lang=lang)
    found = {(c.supplier.id, c.recipient.id): c for c in claims}
    assert ("PL", "UA") in found
    assert found[("PL", "UA")].evidence.rule.endswith(">of")


def test_a_genitive_relative_opens_a_clause_with_its_own_subject(extractor: Extractor) -> None:
    # "deren Lieferung Paris zugesagt hat": Paris supplies; the main clause's subject is no supplier of it
    trace: list[str] = []
    text = "Die Ukraine wartet auf französische Haubitzen, deren Lieferung Paris im Mai zugesagt hat."
    claims = extractor.extract(text, lang="de", trace=trace)
    assert ("UA", "FR") not in {(c.supplier.id, c.recipient.id) for c in claims}
    assert not any("frame UA >" in line for line in trace)
