"""Weapons' origin phrases (`ingest.news.frames.origins`): a production noun after the demonym ("drones of
Iranian origin", "aus iranischer Produktion", "de origem iraniana") names the supplier, and a participle right
after weapons of a named origin ("un dron de origen iraní entregado a Rusia") has that origin as its supplier.
Each case runs the real extractor, with a plain sentence whose demonym is no origin beside it."""

from __future__ import annotations

import pytest

from ingest.news.extract import get_extractor
from tests.ingest.news_pairs import affirmative_labels


def _pairs(text: str, lang: str) -> set[str]:
    return affirmative_labels(get_extractor(), text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "pair"),
    [
        ("Die Ukraine hat ATACMS-Raketen aus amerikanischer Produktion eingesetzt.", "de", "US>UA"),
        ("Ukraine used missiles of American production last week.", "en", "US>UA"),
        ("O Paquistão usou caças J-10C de origem chinesa durante o confronto.", "pt", "CN>PK"),
        ("Rusia utilizó drones de origen iraní la semana pasada.", "es", "IR>RU"),
        ("Россия применила беспилотники иранского происхождения.", "ru", "IR>RU"),
        ("Росія застосувала безпілотники іранського походження.", "uk", "IR>RU"),
        ("Rosja użyła dronów pochodzenia irańskiego w zeszłym tygodniu.", "pl", "IR>RU"),
    ],
)
def test_production_noun_after_the_demonym_names_the_supplier(text: str, lang: str, pair: str) -> None:
    assert pair in _pairs(text, lang)


def test_a_demonym_after_the_weapon_without_a_production_noun_is_no_origin() -> None:
    # "to the Russian army": a party after a preposition, not where the drones were made
    assert _pairs("Iran sent drones to the Russian army last year.", "en") == {"IR>RU"}


@pytest.mark.parametrize(
    ("text", "lang", "pair", "not_pair"),
    [
        ("Soldados ucranianos recuperaron un dron de origen iraní entregado a Rusia.", "es", "IR>RU", "UA>RU"),
        ("Des soldats ukrainiens ont trouvé des drones iraniens livrés à la Russie.", "fr", "IR>RU", "UA>RU"),
        ("Ukrainian soldiers found Iranian drones delivered to Russia.", "en", "IR>RU", "UA>RU"),
    ],
)
def test_a_participle_after_weapons_of_a_named_origin_takes_that_origin(
    text: str, lang: str, pair: str, not_pair: str
) -> None:
    got = _pairs(text, lang)
    assert pair in got and not_pair not in got


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Analysts examined the drones last week. In May Iran had sold them to Russia.", "en"),
        ("Les experts ont examiné les drones la semaine dernière. En mai, l'Iran les a livrés à la Russie.", "fr"),
        ("Eksperci zbadali drony w zeszłym tygodniu. W maju Iran sprzedał je Rosji.", "pl"),
    ],
)
def test_an_object_pronoun_stands_for_the_weapons_of_the_sentence_before(text: str, lang: str) -> None:
    assert _pairs(text, lang) == {"IR>RU"}


def test_a_pronoun_with_no_weapons_before_it_claims_nothing() -> None:
    # the sentence before names no weapons: "them" is no goods
    assert _pairs("Analysts met the envoys last week. In May Iran had sold them to Russia.", "en") == set()
