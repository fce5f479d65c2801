"""Parties not in one sentence (`ingest.news.context.local`, `origin_before`; `ingest.news.coref` epithets and
fused forms): what extraction claims, with which rule and confidence, and what it refuses to join."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.news.context import LOCAL_SCORE, PAIRED_SCORE
from ingest.news.coref import _extra_hits
from ingest.news.extract import get_extractor
from ingest.news.text import fold

_DAY = date(2024, 5, 1)


def _pairs(text: str, lang: str, trace: list[str] | None = None) -> dict[tuple[str, str], str]:
    claims = get_extractor().extract(text, published=_DAY, lang=lang, trace=trace)
    return {(c.supplier.id, c.recipient.id): c.evidence.rule for c in claims}


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        ("en", "The first drones promised by Iran have arrived in Russia.", ("IR", "RU")),
        ("ru", "Первые беспилотники, изготовленные Ираном, прибыли в Россию.", ("IR", "RU")),
        ("uk", "Перші безпілотники, обіцяні Іраном, прибули до Росії.", ("IR", "RU")),
    ],
)
def test_a_one_party_frame_takes_the_other_party_of_its_clause(lang: str, text: str, pair: tuple[str, str]) -> None:
    trace: list[str] = []
    rules = _pairs(text, lang, trace)
    assert set(rules) == {pair}
    assert "sent" in rules[pair].split(":")[-1]  # the role read from the clause is named in the rule
    assert any("partial frame completed (local" in line for line in trace)


def test_a_clause_completion_is_less_certain_than_the_frame() -> None:
    text = "The first drones promised by Iran have arrived in Russia."
    (claim,) = get_extractor().extract(text, published=_DAY, lang="en")
    direct = get_extractor().extract("Iran delivered drones to Russia.", published=_DAY, lang="en")[0]
    assert claim.confidence <= round(direct.confidence * LOCAL_SCORE, 2) + 0.05


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # the place of a speaker's clause ("officials in Ukraine said") is no party
        ("en", "The first drones have arrived in Russia, officials in Ukraine said."),
        ("ru", "Первые беспилотники прибыли в Россию, сообщили чиновники в Украине."),
        ("pl", "Pierwsze drony dotarły do Rosji, poinformował urzędnik w Ukrainie."),
        # an adjective of something other than the goods ("the Ukrainian offensive")
        ("en", "Since the start of the Ukrainian offensive, the first drones have arrived in Russia."),
    ],
)
def test_no_pair_from_a_speaker_or_a_place(lang: str, text: str) -> None:
    trace: list[str] = []
    assert _pairs(text, lang, trace) == {}
    assert not any("partial frame completed (local" in line for line in trace)


def test_the_explanation_says_why_a_clause_party_was_passed_over() -> None:
    trace: list[str] = []
    _pairs("The first drones have arrived in Russia, officials said, as fighting raged in Ukraine.", "en", trace)
    dropped = [line for line in trace if "-> dropped: no frame of the document" in line]
    assert dropped and "own clause:" in dropped[0] and "'Ukraine'" in dropped[0]


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        (
            "en",
            "Officials in Kyiv examined North Korean artillery shells. The shells arrived in Russia last week.",
            ("KP", "RU"),
        ),
        (
            "de",
            "Beamte zeigten am Montag Drohnen aus iranischer Produktion. Die Drohnen sind in Russland eingetroffen.",
            ("IR", "RU"),
        ),
        (
            "en",
            "Officials in Berlin displayed US drones on Monday. The drones arrived in Ukraine last week.",
            ("US", "UA"),
        ),
    ],
)
def test_an_arrival_takes_the_origin_of_the_goods_of_the_sentence_before(
    lang: str, text: str, pair: tuple[str, str]
) -> None:
    trace: list[str] = []
    rules = _pairs(text, lang, trace)
    assert set(rules) == {pair}  # never the city of the officials (Kyiv, Berlin)
    assert rules[pair].split(":")[-1].startswith("origin-before")
    assert PAIRED_SCORE < LOCAL_SCORE
    assert any("partial frame completed (origin-before, from sentence 0" in line for line in trace)


def test_no_origin_from_a_sentence_that_joined_a_pair_of_its_own() -> None:
    # its goods have their parties: the arrival takes the pair's supplier as its topic, not the adjective
    text = "Iran delivered Iranian drones to Belarus in May. The drones arrived in Russia last week."
    assert not any(rule.split(":")[-1].startswith("origin-before") for rule in _pairs(text, "en").values())


@pytest.mark.parametrize(
    ("phrase", "hit"),
    [
        ("the Asian country", "the asian country"),
        ("das osteuropäische Land", "das osteuropäische land"),
        ("le pays nord-américain", "le pays nord-americain"),
        ("il paese nordamericano", "il paese nordamericano"),
        ("азиатской стране", "азиатскои стране"),
        ("Європейська країна", "європеиська краіна"),
        ("Azjatycki kraj", "azjatycki kraj"),
        # a fused preposition: only the noun is the mention, the preposition still gives the role
        ("livré au pays", "pays"),
        ("entregó al país", "pais"),
        ("hat dem Land", "land"),
    ],
)
def test_anaphor_forms(phrase: str, hit: str) -> None:
    assert [h[2] for h in _extra_hits(fold(phrase))] == [hit]


@pytest.mark.parametrize("phrase", ["the country club", "le paysage", "el paisaje", "das Landesamt", "the Asian Games"])
def test_not_anaphors(phrase: str) -> None:
    assert _extra_hits(fold(phrase)) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Iran and South Korea held talks on Monday. The Middle Eastern country has delivered drones to Russia."),
        ("fr", "La Russie et les États-Unis ont tenu des pourparlers lundi. Mardi, l'Iran a livré des drones au pays."),
        (
            "it",
            "La Russia e gli Stati Uniti hanno tenuto colloqui lunedì. Martedì l'Iran ha consegnato droni al paese.",
        ),
    ],
)
def test_an_epithet_or_fused_form_points_back_to_the_first_state_before(lang: str, text: str) -> None:
    pairs = _pairs(text, lang)
    assert ("IR", "RU") in pairs
    assert not {p for p in pairs if "KR" in p or "US" in p}


def test_a_reading_a_veto_dropped_is_not_joined_again_from_the_clause() -> None:
    # "prête à livrer ... si": readiness under a condition is an offer; "prête" read as "lend" must not bring the
    # pair back through the clause
    trace: list[str] = []
    text = "La Corée du Nord est prête à livrer des drones à la Russie si ses alliés suivent."
    assert _pairs(text, "fr", trace) == {}
    assert any("a veto dropped this reading" in line for line in trace)


@pytest.mark.parametrize(
    ("lang", "text", "pairs"),
    [
        (
            "en",
            "The first Patriot systems arrived in Ukraine. The minister thanked Germany and the Netherlands.",
            {("DE", "UA"), ("NL", "UA")},
        ),
        (
            "pt",
            "Os primeiros drones chegaram à Rússia. O ministro agradeceu ao Irã e à Coreia do Norte.",
            {("IR", "RU"), ("KP", "RU")},
        ),
        # a participle of thanks ("поблагодарив"), which the in-sentence gratitude frame does not read
        (
            "ru",
            "Первые комплексы Patriot прибыли в Украину. Об этом сообщил министр, поблагодарив Германию и США.",
            {("DE", "UA"), ("US", "UA")},
        ),
    ],
)
def test_the_states_thanked_next_to_an_arrival_supplied_it(lang: str, text: str, pairs: set[tuple[str, str]]) -> None:
    trace: list[str] = []
    rules = _pairs(text, lang, trace)
    assert set(rules) == pairs
    assert all(rule.split(":")[-1].startswith("thanks") for rule in rules.values())
    assert sum("partial frame completed (thanks, from sentence 1" in line for line in trace) == 2


def test_no_thanks_completion_when_the_thanks_sentence_has_its_own_pair() -> None:
    text = "The first drones arrived in Russia. Minsk thanked Iran for the drones it had sold to Belarus."
    assert not any(rule.split(":")[-1].startswith("thanks") for rule in _pairs(text, "en").values())
