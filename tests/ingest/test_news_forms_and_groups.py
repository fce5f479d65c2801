"""Mechanisms of the session-9 pass (issue 14, read from the spent blind sets 7-9): type codes with a model suffix,
Western type names declined in Polish, a relative on "among the countries" that takes the governing subject, a list
after a "from" preposition that shares it, an approved possible sale (ordered), an institution with its own
complement ("the Ministry of Defence of X") after a transfer preposition, and --explain naming why a frame dropped."""

from __future__ import annotations

import pytest

from ingest.news.extract import Extractor, get_extractor
from ingest.news.gazetteer import get_gazetteer
from ingest.news.text import fold
from tests.ingest.news_pairs import affirmative_labels


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


def _weapons(text: str, lang: str) -> list[tuple[str, str | None]]:
    return [
        (text[m.start : m.end], m.designation)
        for m in get_gazetteer().find(fold(text), text, lang)
        if m.kind == "weapon"
    ]


@pytest.mark.parametrize(
    ("lang", "text", "surface", "designation"),
    [
        ("en", "twelve F-16V jets", "F-16V", "F-16"),
        ("en", "the Su-30MKI fleet", "Su-30MKI", "Su-30"),
        ("en", "two Mi-17V5 helicopters", "Mi-17V5", "Mi-17"),
        ("en", "more F-16Vs", "F-16Vs", "F-16"),
        ("ru", "двенадцать Су-30СМ2", "Су-30СМ2", "Su-30"),
        ("pl", "kilkaset amerykańskich Stingerów", "Stingerów", "Stinger"),
        ("pl", "dostawy Javelinów", "Javelinów", "Javelin"),
    ],
)
def test_type_code_with_suffix_or_case_ending_names_its_type(
    lang: str, text: str, surface: str, designation: str
) -> None:
    assert (surface, designation) in _weapons(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The Patriotic Front won the vote."),  # a Polish case ending only in a Slavic text
        ("en", "the F-16abc file"),  # a lower-case run is no model suffix
        ("pl", "patriotów nie brakuje"),  # lower case: the people, not the system
    ],
)
def test_no_weapon_in_lookalikes(lang: str, text: str) -> None:
    assert _weapons(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text", "pairs"),
    [
        (
            "en",
            "Serbia, Bulgaria and the Czech Republic are among the countries that have sold rifles to Saudi Arabia.",
            {"RS>SA", "BG>SA", "CZ>SA"},
        ),
        ("es", "Irán es uno de los pocos países que suministran drones a Rusia.", {"IR>RU"}),
        ("ru", "Иран входит в число стран, которые поставляют беспилотники России.", {"IR>RU"}),
        ("fr", "L'Iran fait partie des pays qui livrent des drones à la Russie.", {"IR>RU"}),
    ],
)
def test_relative_on_the_group_takes_the_governing_subject(
    extractor: Extractor, lang: str, text: str, pairs: set[str]
) -> None:
    assert affirmative_labels(extractor, text, lang) == pairs


def test_relative_on_other_nouns_keeps_its_own_subject(extractor: Extractor) -> None:
    # "the towns that received ..." is no group of the subject: the relative takes nothing from it
    text = "Iran visited the towns that received rifles from Russia."
    assert "IR>RU" not in affirmative_labels(extractor, text, "en")


def test_list_after_from_shares_the_preposition_in_a_verb_final_relative(extractor: Extractor) -> None:
    text = "Abnehmer war Saudi-Arabien, das Munition aus Serbien und Kroatien erhielt."
    assert affirmative_labels(extractor, text, "de") == {"RS>SA", "HR>SA"}


def test_comma_and_opens_a_clause_not_a_list(extractor: Extractor) -> None:
    text = "Iran delivered drones to Russia, and North Korea sent shells to Russia."
    assert affirmative_labels(extractor, text, "en") == {"IR>RU", "KP>RU"}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The State Department approved a possible sale of F-16 fighters to the Philippines."),
        ("ru", "Госдепартамент США одобрил возможную продажу Филиппинам истребителей F-16."),
        ("pt", "O Departamento de Estado norte-americano aprovou a possível venda ao Kosovo de mísseis Javelin."),
        ("pl", "Rząd USA zatwierdził możliwą sprzedaż Kosowu pocisków Javelin."),
    ],
)
def test_approved_possible_sale_is_ordered(extractor: Extractor, lang: str, text: str) -> None:
    claims = [c for c in extractor.extract(text, None, lang) if c.status.affirmative]
    assert [c.status.value for c in claims] == ["ordered"], text


def test_possible_sale_without_approval_stays_hypothetical(extractor: Extractor) -> None:
    text = "The United States could sell F-16 fighters to the Philippines."
    assert affirmative_labels(extractor, text, "en") == set()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "L'Ukraine a vendu des fusils au ministère de la Défense du Burkina Faso, selon un rapport."),
        ("es", "Ucrania vendió fusiles al Ministerio de Defensa de Burkina Faso, según un informe."),
        ("it", "L'Ucraina ha venduto fucili al ministero della Difesa del Burkina Faso, secondo un rapporto."),
        ("pt", "A Ucrânia vendeu fuzis ao Ministério da Defesa do Burkina Faso, segundo um relatório."),
        ("en", "Ukraine sold rifles to the Ministry of Defence of Burkina Faso, according to a UN report."),
    ],
)
def test_ministry_with_its_complement_after_a_preposition_is_the_recipient(
    extractor: Extractor, lang: str, text: str
) -> None:
    assert affirmative_labels(extractor, text, lang) == {"UA>BF"}


def test_explain_names_why_a_frame_was_dropped(extractor: Extractor) -> None:
    trace: list[str] = []
    extractor.extract("If Iran delivered drones to Russia, it would breach sanctions.", None, "en", trace)
    dropped = [line for line in trace if "frame IR > RU" in line and "dropped" in line]
    assert dropped and "no status: hypothetical" in dropped[0], trace


def test_production_block_of_a_type_is_no_refusal(extractor: Extractor) -> None:
    # "Block 70" names the F-16's production block; the verb "block" still refuses the deal
    trace: list[str] = []
    text = "Bulgaria's first American F-16 Block 70 jets landed at Graf Ignatievo."
    assert {f"{c.supplier.id}>{c.recipient.id}" for c in extractor.extract(text, None, "en", trace)} == {"US>BG"}
    assert not any("cue refusal" in line for line in trace), trace
    assert affirmative_labels(extractor, "Washington moved to block F-16 sales to Turkey.", "en") == set()


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Albania buys three Turkish armed drones."),
        ("fr", "L'Albanie achète trois drones armés turcs."),
        ("de", "Albanien kauft drei bewaffnete türkische Drohnen."),
    ],
)
def test_armed_next_to_the_weapon_is_an_adjective(extractor: Extractor, lang: str, text: str) -> None:
    # "armed drones" qualifies the goods; the purchase verb names the buyer, the demonym the maker
    assert affirmative_labels(extractor, text, lang) == {"TR>AL"}


def test_arming_verb_still_reads_in_verb_final_order(extractor: Extractor) -> None:
    text = "Israel wirft dem Iran vor, die Hisbollah mit Raketen aufzurüsten."
    assert affirmative_labels(extractor, text, "de") == {"IR>Hezbollah"}
