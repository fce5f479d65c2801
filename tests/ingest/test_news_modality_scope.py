"""Modality bound to its own clause and verb (modality.py `_own_negation`, `_negated_coordination`, `_on_goods`,
`_infinitive_after`; frames.py `_resolve_conflicts`, `_accused_infinitive`; the negation idioms of the lexicon).
Each directional case pairs the plain sentence (claimed) with the same sentence under the cue, so a test fails both
when the cue stops working and when the plain sentence was never read."""

from __future__ import annotations

import pytest

from graph.vocab import TransferStatus
from ingest.news.extract import Extractor, get_extractor
from tests.ingest.news_pairs import affirmative_pairs


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


# (lang, plain sentence, the same under the cue, pair): the cue takes the affirmative claim away
_TAKEN_AWAY = [
    # a German denial at the end of its clause, after a noun trigger (main clause and relative)
    (
        "de",
        "Der Iran hat Waffenlieferungen an Russland bestätigt.",
        "Der Iran hat Waffenlieferungen an Russland stets bestritten.",
        ("IR", "RU"),
    ),
    (
        "de",
        "Belarus, das Waffenlieferungen an Nordkorea bestätigt hat, liefert Russland Panzer.",
        "Belarus, das Waffenlieferungen an Nordkorea stets bestritten hat, liefert Russland Panzer.",
        ("BY", "KP"),
    ),
    # a failed attempt
    ("en", "Iran bought fighters from Russia.", "Iran tried to buy fighters from Russia but failed.", ("RU", "IR")),
    (
        "de",
        "Der Iran kaufte Kampfjets von Russland.",
        "Der Iran versuchte vergeblich, Kampfjets von Russland zu kaufen.",
        ("RU", "IR"),
    ),
    ("pl", "Iran kupił myśliwce od Rosji.", "Iran próbował kupić myśliwce od Rosji, ale bez powodzenia.", ("RU", "IR")),
    # the negation of coordinated verbs reaches a noun or adjective trigger of the clause
    (
        "uk",
        "Індія постачала снаряди Україні та дотримується своїх експортних зобов'язань.",
        "Індія не постачала й не продавала снарядів Україні та дотримується своїх експортних зобов'язань.",
        ("IN", "UA"),
    ),
    (
        "de",
        "Indien hat der Ukraine Granaten geliefert und verkauft.",
        "Indien hat der Ukraine weder Granaten geliefert noch verkauft.",
        ("IN", "UA"),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "plain", "cued", "pair"), _TAKEN_AWAY)
def test_cue_takes_the_claim_away(
    extractor: Extractor, lang: str, plain: str, cued: str, pair: tuple[str, str]
) -> None:
    assert pair in affirmative_pairs(extractor, plain, lang)
    assert pair not in affirmative_pairs(extractor, cued, lang)


# (lang, sentence, pair): a negation of another verb or an idiom that only looks negative leaves the claim standing
_STANDS = [
    ("it", "Le armi italiane inviate a Kiev non possono essere usate per colpire il territorio russo.", ("IT", "UA")),
    ("en", "The tanks that Italy sent to Ukraine cannot be used against targets across the border.", ("IT", "UA")),
    ("ru", "Россия не только купила беспилотники у Ирана, но и обучила операторов.", ("IR", "RU")),
    ("pl", "Rosja nie tylko kupiła drony od Iranu, ale też wyszkoliła operatorów.", ("IR", "RU")),
    ("de", "Russland hat nicht nur Drohnen vom Iran gekauft, sondern auch Soldaten ausgebildet.", ("IR", "RU")),
    # a negation inside a relative clause closed before the trigger is that clause's
    ("en", "Italy, which has never sold arms to Russia, sent tanks to Ukraine.", ("IT", "UA")),
    ("fr", "L'Italie, qui ne vend pas d'armes à la Russie, a livré des chars à l'Ukraine.", ("IT", "UA")),
]


@pytest.mark.parametrize(("lang", "text", "pair"), _STANDS)
def test_negation_of_another_verb_leaves_the_claim(
    extractor: Extractor, lang: str, text: str, pair: tuple[str, str]
) -> None:
    assert pair in affirmative_pairs(extractor, text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Сеул не раз обвинял Пхеньян в передаче Москве снарядов, но Пхеньян это отрицает."),
        ("de", "Die USA beschuldigen Nordkorea, Granaten an Russland geliefert zu haben, was Pjöngjang bestreitet."),
        ("en", "Seoul has accused North Korea of sending shells to Russia, which Pyongyang denies."),
    ],
)
def test_accusation_the_accused_denies_is_contested(extractor: Extractor, lang: str, text: str) -> None:
    assert affirmative_pairs(extractor, text, lang).get(("KP", "RU")) is TransferStatus.ALLEGED


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("ru", "Грузия отказалась передать Украине ракеты, которые Тбилиси купил у Украины в 2008 году."),
        ("en", "Georgia refused to hand over to Ukraine the missiles that Georgia had bought from Ukraine in 2008."),
        ("es", "Georgia se negó a devolver a Ucrania los misiles que Georgia había comprado a Ucrania en 2008."),
    ],
)
def test_refused_reading_does_not_hide_the_reverse(extractor: Extractor, lang: str, text: str) -> None:
    got = affirmative_pairs(extractor, text, lang)
    assert ("UA", "GE") in got
    assert ("GE", "UA") not in got


def test_reading_from_the_negated_clause_stays_negated(extractor: Extractor) -> None:
    # the reading that takes Russia from the negated relative clause is no affirmative claim
    text = "L'Italia, che non vende armi alla Russia, ha inviato carri armati all'Ucraina."
    assert not any(s == "RU" for s, _ in affirmative_pairs(extractor, text, "it"))
