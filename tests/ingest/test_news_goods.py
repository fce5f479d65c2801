"""The goods of a transfer (`ingest.news.gazetteer`): German compounds whose head is a weapon term, multi-word
terms with a declined word before the last ("военную технику", "navires de guerre"), generic nouns ("these
systems", "машины", "appareils") that stand for weapons named just before or carry a type phrase, and the civilian
words and modifiers that keep them out. Mentions come from the real gazetteer; pairs from the real extractor."""

from __future__ import annotations

import pytest

from ingest.news.extract import get_extractor
from ingest.news.gazetteer import get_gazetteer
from ingest.news.sentences import split_sentences
from ingest.news.text import fold
from tests.ingest.news_pairs import affirmative_labels


def _weapons(text: str, lang: str) -> list[tuple[str, str]]:
    """(surface, category) of the weapon mentions, generic nouns resolved as the extractor does."""
    gazetteer = get_gazetteer()
    folded = fold(text)
    mentions = gazetteer.goods(gazetteer.find(folded, text, lang), folded, text, split_sentences(text), lang)
    return [(m.text, m.ref) for m in mentions if m.kind == "weapon"]


def _pairs(text: str, lang: str) -> set[str]:
    return affirmative_labels(get_extractor(), text, lang)


@pytest.mark.parametrize(
    ("text", "surface", "category"),
    [
        ("Dänemark hat 19 Panzerhaubitzen überlassen.", "Panzerhaubitzen", "artillery"),
        ("Es geht um Aufklärungsdrohnen.", "Aufklärungsdrohnen", "drone"),
        ("Geliefert wurden Artilleriegeschosse.", "Artilleriegeschosse", "ammunition"),
        ("Dazu kommen Panzerabwehrwaffen.", "Panzerabwehrwaffen", "arms"),
        ("Dazu kommen Mehrfachraketenwerfer.", "Mehrfachraketenwerfer", "artillery"),
    ],
)
def test_a_german_compound_with_a_weapon_head_is_that_weapon(text: str, surface: str, category: str) -> None:
    assert (surface, category) in _weapons(text, "de")


@pytest.mark.parametrize(
    "text",
    [
        "Piloten der Luftwaffe trafen ein.",  # an air force, not a weapon
        "Das Büro liegt im Erdgeschoss.",  # a ground floor, not a projectile
        "Ein Passagierflugzeug landete.",  # a civilian plane
        "Er kaufte eine Druckerpatrone.",  # a printer cartridge
    ],
)
def test_a_compound_with_a_civilian_modifier_is_no_weapon(text: str) -> None:
    assert _weapons(text, "de") == []


def test_compounds_are_read_in_german_only() -> None:
    # the same letters inside an English word are no compound head
    assert _weapons("The superpanzerhaubitze brand.", "en") == []


@pytest.mark.parametrize(
    ("text", "lang", "category"),
    [
        ("Россия передала военную технику.", "ru", "arms"),
        ("Росія передає бойову техніку.", "uk", "arms"),
        ("La France a vendu des navires de guerre.", "fr", "ship"),
        ("Polska przekazała transportery opancerzone.", "pl", "armoured_vehicle"),
        ("Россия поставила зенитные ракетные комплексы.", "ru", "air_defence"),
    ],
)
def test_a_declined_word_before_the_last_of_a_term_matches(text: str, lang: str, category: str) -> None:
    assert [c for _, c in _weapons(text, lang)] == [category]


def test_a_generic_noun_takes_the_category_of_the_weapons_before_it() -> None:
    text = "Photos showed the howitzers on a train. Germany delivered the vehicles to Ukraine in June."
    assert _weapons(text, "en") == [("howitzers", "artillery"), ("vehicles", "artillery")]


def test_a_generic_noun_without_weapons_before_it_is_dropped() -> None:
    assert _weapons("Germany delivered the vehicles to Ukraine in June.", "en") == []


def test_a_generic_noun_far_from_the_weapons_is_dropped() -> None:
    text = "Tanks rolled in. Talks stalled. Prices rose. Markets fell. Germany sent the vehicles to Ukraine."
    assert _weapons(text, "en") == [("Tanks", "armoured_vehicle")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran sent drones to Russia. Later Iran sent medical equipment to Syria.", "en"),
        ("L'Iran a livré des drones. Il a aussi envoyé des véhicules civils.", "fr"),
        ("Иран передал дроны. Затем он отправил гражданские машины.", "ru"),
    ],
)
def test_a_generic_noun_next_to_a_civilian_word_is_no_weapon(text: str, lang: str) -> None:
    assert len(_weapons(text, lang)) == 1


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Вашингтон пообіцяв Україні 31 машину модифікації XR-311.", "uk"),
        ("Niemcy przekazały Ukrainie 40 pojazdów typu XR-311.", "pl"),
        ("Deutschland lieferte der Ukraine 40 Fahrzeuge vom Typ XR-311.", "de"),
    ],
)
def test_a_type_phrase_with_a_designation_makes_a_generic_noun_goods(text: str, lang: str) -> None:
    assert [c for _, c in _weapons(text, lang)] == ["arms"]


@pytest.mark.parametrize(
    ("text", "lang", "pair"),
    [
        ("Dänemark hat der Ukraine 19 Panzerhaubitzen überlassen.", "de", "DK>UA"),
        (
            "Experten untersuchten die neuen Drohnen. Der Iran hatte Russland diese Systeme im Mai verkauft.",
            "de",
            "IR>RU",
        ),
        ("На снимках видны танки на поезде. В июне Белоруссия передала эти машины России.", "ru", "BY>RU"),
        ("Słowacja przekazała Ukrainie 40 pojazdów typu XR-311.", "pl", "SK>UA"),
        ("L'Inde a livré au Mozambique deux dragueurs de mines.", "fr", "IN>MZ"),
    ],
)
def test_the_goods_let_the_transfer_through(text: str, lang: str, pair: str) -> None:
    assert pair in _pairs(text, lang)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Iran delivered drones to Russia in May. In June China sent medical equipment to Russia.", "en"),
        (
            "Der Iran lieferte Russland im Mai Drohnen. Im Juni schickte China Ausbilder der Luftwaffe nach Russland.",
            "de",
        ),
        ("Iran sold drones to Russia. China sent oil and food to Russia.", "en"),
    ],
)
def test_civilian_goods_after_weapons_are_no_transfer(text: str, lang: str) -> None:
    assert "CN>RU" not in _pairs(text, lang)


@pytest.mark.parametrize(
    ("text", "surface", "category"),
    [
        ("Peking erwäge Waffenlieferungen an Moskau.", "Waffen", "arms"),
        ("Berlin kündigte Munitionslieferungen an.", "Munition", "ammunition"),
        ("Es ging um Drohnenexporte.", "Drohne", "drone"),
    ],
)
def test_a_weapon_modifier_before_a_transfer_noun_names_the_goods(text: str, surface: str, category: str) -> None:
    assert (surface, category) in _weapons(text, "de")


@pytest.mark.parametrize(
    "text", ["Die Waffenruhe hielt.", "Ein Waffenstillstand wurde vereinbart.", "Der Waffenhändler floh."]
)
def test_a_weapon_modifier_before_another_noun_names_no_goods(text: str) -> None:
    assert _weapons(text, "de") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [("Белоруссия передала России три танка.", "ru"), ("Ремонт кожного танка триває місяць.", "uk")],
)
def test_the_genitive_after_a_numeral_is_a_weapon(text: str, lang: str) -> None:
    assert [c for _, c in _weapons(text, lang)] == ["armoured_vehicle"]


def test_an_english_plural_of_a_designation_code_is_that_system() -> None:
    found = _weapons("Poland received 48 K9s and 36 FA-50s.", "en")
    assert found == [("K9s", "artillery"), ("FA-50s", "aircraft")]


def _designations(text: str, lang: str) -> list[str | None]:
    gazetteer = get_gazetteer()
    folded = fold(text)
    mentions = gazetteer.goods(gazetteer.find(folded, text, lang), folded, text, split_sentences(text), lang)
    return [m.designation for m in mentions if m.kind == "weapon"]


@pytest.mark.parametrize(
    ("text", "lang", "code"),
    [
        ("China delivered Z-19 helicopters to Pakistan.", "en", "Z-19"),
        ("Russland lieferte Haubitzen vom Typ D-30.", "de", "D-30"),
        ("Россия передала Сирии гаубицы типа Д-30.", "ru", "Д-30"),
        ("Kijów otrzymał haubice typu Z-55.", "pl", "Z-55"),
    ],
)
def test_a_model_code_next_to_a_class_noun_is_its_designation(text: str, lang: str, code: str) -> None:
    assert code in _designations(text, lang)


def test_a_number_before_a_class_noun_is_no_model_code() -> None:
    assert _designations("Iran sent 300 drones to Russia.", "en") == [None]
