"""Institution forms that name a state (issue 14, blind6 triage): a ministry or government with its owner next to
it is one mention of the state, a party by the preposition or case of the form; a plural noun for a state's people
is the state as an actor; a demonym of the place of an event stays out of the pairs."""

from __future__ import annotations

import pytest

from ingest.news.extract import Extractor, get_extractor
from ingest.news.gazetteer import get_gazetteer
from ingest.news.text import fold
from tests.ingest.news_pairs import affirmative_labels


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        # a postposed demonym after the head and its complement (Romance)
        ("es", "Rusia envió misiles Kornet al Ministerio de Defensa sirio.", "RU>SY"),
        ("fr", "Le ministère de la Défense géorgien a acheté des missiles Mistral à la France.", "FR>GE"),
        ("it", "Il ministero della Difesa italiano ha venduto due fregate all'Egitto.", "IT>EG"),
        ("pt", "O Ministério da Defesa brasileiro comprou mísseis Mistral à França.", "FR>BR"),
        # a preposed demonym, with the complement before or after the head
        ("en", "The Georgian Defence Ministry bought Mistral missiles from France.", "FR>GE"),
        ("en", "The Syrian Ministry of Defence received missiles from Russia.", "RU>SY"),
        ("de", "Russland lieferte Raketen an die syrische Regierung.", "RU>SY"),
        ("uk", "Литовське міністерство оборони купило у Норвегії комплекси NASAMS.", "NO>LT"),
        ("pl", "Rosja przekazała rakiety syryjskiemu rządowi.", "RU>SY"),
        ("ru", "Россия передала ракеты сирийскому правительству.", "RU>SY"),
        # a Slavic oblique name after the head: the head's case is the form's (an instrumental agent)
        ("ru", "Ракеты Mistral, купленные Министерством обороны Грузии у Франции, показали в понедельник.", "FR>GE"),
    ],
)
def test_institution_form_names_its_state(extractor: Extractor, lang: str, text: str, pair: str) -> None:
    assert affirmative_labels(extractor, text, lang) == {pair}, text


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        ("de", "Die Amerikaner haben der Ukraine HIMARS-Raketenwerfer geliefert.", "US>UA"),
        ("ru", "Американцы передали Украине реактивные системы HIMARS.", "US>UA"),
        ("uk", "Американці передали Україні системи HIMARS.", "US>UA"),
        ("pl", "Amerykanie przekazali Ukrainie wyrzutnie HIMARS.", "US>UA"),
        # the oblique plural is no subject: the Americans are the recipients here
        ("pl", "Niemcy sprzedali Amerykanom pociski artyleryjskie.", "DE>US"),
    ],
)
def test_people_noun_is_its_state(extractor: Extractor, lang: str, text: str, pair: str) -> None:
    assert affirmative_labels(extractor, text, lang) == {pair}, text


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        # the institution form is the speaker of a speech verb, never a party
        ("en", "The Syrian Defence Ministry said Iran had delivered drones to Russia.", "IR>RU"),
        ("es", "El Ministerio de Defensa sirio afirmó que Irán entregó drones a Rusia.", "IR>RU"),
        ("ru", "Министерство обороны Сирии заявило, что Иран передал России беспилотники.", "IR>RU"),
        # the demonym of the war or place of an event is no party
        ("en", "Russia delivered missiles to Hezbollah during the Syrian war.", "RU>Hezbollah"),
        ("it", "La Russia ha consegnato missili all'Iran durante la guerra siriana.", "RU>IR"),
        ("pl", "Rosja wysłała rakiety Hezbollahowi podczas wojny syryjskiej.", "RU>Hezbollah"),
    ],
)
def test_speakers_and_places_stay_out(extractor: Extractor, lang: str, text: str, pair: str) -> None:
    assert affirmative_labels(extractor, text, lang) == {pair}, text


def test_form_is_one_mention_with_the_head_case() -> None:
    gaz = get_gazetteer()
    text = "купленные Министерством обороны Грузии у Франции"
    found = [m for m in gaz.find(fold(text), text, "ru") if m.kind == "actor"]
    form = next(m for m in found if m.ref == "GE")
    assert text[form.start : form.end] == "Министерством обороны Грузии"
    assert form.text == "Министерством" and form.nominative is False and not form.demonym
    text = "Tropas israelíes cerca de la costa siria."  # no head: the demonyms stay demonyms
    assert all(m.demonym for m in gaz.find(fold(text), text, "es") if m.kind == "actor")
