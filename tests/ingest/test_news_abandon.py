"""Abandoned, failed and vetoed plans, wishes and negative determiners (modality.py `_abandoned`, `_no_weapons`):
each case is a pair of sentences, the plain transfer (claimed) and the same transfer under the cue (no affirmative
claim), so a test fails both when the cue stops working and when the plain sentence was never read at all."""

from __future__ import annotations

import pytest

from graph.vocab import TransferStatus
from ingest.news.extract import Extractor, get_extractor
from tests.ingest.news_pairs import affirmative_pairs


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


# (lang, plain sentence, the same under an abandon/veto/wish/negative cue, pair)
_DIRECTIONAL = [
    # abandoned after the trigger, behind a retraction link
    (
        "en",
        "Russia was preparing to ship missiles to the Houthis.",
        "Russia was preparing to ship missiles to the Houthis but backed off.",
        ("RU", "Houthis"),
    ),
    (
        "es",
        "Rusia envió misiles a Irán.",
        "Rusia estuvo a punto de enviar misiles a Irán, pero desistió.",
        ("RU", "IR"),
    ),
    (
        "fr",
        "La Russie s'apprêtait à livrer des missiles à l'Iran.",
        "La Russie s'apprêtait à livrer des missiles à l'Iran, avant de faire marche arrière.",
        ("RU", "IR"),
    ),
    (
        "ru",
        "Россия собиралась передать Ирану ракеты.",
        "Россия собиралась передать Ирану ракеты, но затем передумала.",
        ("RU", "IR"),
    ),
    # abandoned before the trigger, governing it
    ("pl", "Polska kupiła śmigłowce od Kanady.", "Polska zrezygnowała z zakupu śmigłowców od Kanady.", ("CA", "PL")),
    ("uk", "Німеччина постачала танки Україні.", "Німеччина відмовилася від постачання танків Україні.", ("DE", "UA")),
    (
        "it",
        "L'Italia ha consegnato obici all'Ucraina.",
        "L'Italia ha rinunciato a consegnare obici all'Ucraina.",
        ("IT", "UA"),
    ),
    # a veto of the sale, before or after it
    (
        "pt",
        "O Brasil anunciou a venda de blindados à Ucrânia.",
        "O Brasil vetou a venda de blindados à Ucrânia.",
        ("BR", "UA"),
    ),
    (
        "en",
        "Germany announced the sale of tanks to Turkey.",
        "The sale of tanks to Turkey by Germany fell through.",
        ("DE", "TR"),
    ),
    # a failed attempt closing the sentence (an attempt alone is no transfer either: suite capability `attempt`)
    ("es", "Irán compró drones a Rusia.", "Irán intentó comprar drones a Rusia, sin éxito.", ("RU", "IR")),
    # a wish is no order
    ("pl", "Francja kupi od Szwecji samoloty.", "Francja chce kupić od Szwecji samoloty.", ("SE", "FR")),
    ("ru", "Индия купит у России ракеты.", "Индия хотела бы купить у России ракеты.", ("RU", "IN")),
    ("fr", "L'Inde achète des chars à la France.", "L'Inde aimerait acheter des chars à la France.", ("FR", "IN")),
    # a negative determiner right before the weapons
    (
        "de",
        "Österreich liefert der Ukraine weiterhin Waffen.",
        "Österreich liefert der Ukraine weiterhin keine Waffen.",
        ("AT", "UA"),
    ),
]


@pytest.mark.parametrize(("lang", "plain", "cued", "pair"), _DIRECTIONAL)
def test_cue_takes_the_claim_away(
    extractor: Extractor, lang: str, plain: str, cued: str, pair: tuple[str, str]
) -> None:
    got = affirmative_pairs(extractor, plain, lang)
    assert any(s == pair[0] and (r == pair[1] or pair[1] == "Houthis") for s, r in got), got
    assert not any(s == pair[0] for s, _ in affirmative_pairs(extractor, cued, lang))


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        # the cancellation is in a clause of its own, before the transfer's subject
        ("en", "After the ceasefire talks were cancelled, Iran delivered drones to Russia.", ("IR", "RU")),
        ("ru", "После отмены переговоров Иран передал России беспилотники.", ("IR", "RU")),
        # in another sentence: the earlier delivered claim stays
        (
            "en",
            "Iran delivered drones to Russia in May. In June the talks on a ceasefire were suspended.",
            ("IR", "RU"),
        ),
        # a cancellation with a transfer of its own right after it governs that one ("later suspended deliveries")
        ("en", "Iran delivered drones to Russia in May but later suspended deliveries.", ("IR", "RU")),
        # found weapons are no plan: "abandoned positions" is a place
        ("en", "Ukrainian soldiers found North Korean artillery shells in abandoned Russian positions.", ("KP", "RU")),
    ],
)
def test_unrelated_cancellation_leaves_the_claim(
    extractor: Extractor, lang: str, text: str, pair: tuple[str, str]
) -> None:
    assert pair in affirmative_pairs(extractor, text, lang)


def test_negative_determiner_is_a_denial(extractor: Extractor) -> None:
    claims = extractor.extract("Österreich liefert der Ukraine weiterhin keine Waffen.", lang="de")
    assert [(c.supplier.id, c.recipient.id, c.status) for c in claims] == [("AT", "UA", TransferStatus.DENIED)]


def test_party_of_a_failed_plan_is_no_party_of_another_trigger(extractor: Extractor) -> None:
    # the Israeli jets belong to the failed purchase, not to the order placed after it (vetoes.py `abandoned`)
    text = "Zagreb avait commandé douze appareils en 2021, après l'échec de l'achat de F-16 israéliens d'occasion."
    assert ("IL", "HR") not in affirmative_pairs(extractor, text, "fr")
    plain = "Zagreb avait commandé douze appareils en 2021, après l'achat de F-16 israéliens d'occasion."
    assert ("IL", "HR") in affirmative_pairs(extractor, plain, "fr")
