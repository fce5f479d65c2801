"""Omitted-subject carry-over (`ingest.news.frames._carried_subject`): a clause with no subject of its own takes
its governing clause's, and never past a subject of its own or a party that is not the goods' holder."""

from __future__ import annotations

import pytest

from ingest.news.extract import get_extractor


def _claims(text: str, lang: str) -> dict[tuple[str, str], str]:
    claims = get_extractor().extract(text, lang=lang)
    return {(c.supplier.id, c.recipient.id): c.evidence.rule for c in claims if c.status.affirmative}


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        ("es", "Pakistán botó en Wuhan el segundo de los ocho submarinos que encargó a China en 2015.", ("CN", "PK")),
        (
            "pl",
            "Słowacja kupiła myśliwce F-16, by zastąpić samoloty MiG-29, które wcześniej oddała Ukrainie.",
            ("SK", "UA"),
        ),
        ("uk", "Литва купила NASAMS, щоб передати їх Україні.", ("LT", "UA")),
        ("de", "Iran hatte die Drohnen zunächst eingelagert, dann aber an Russland geliefert.", ("IR", "RU")),
    ],
)
def test_a_clause_without_subject_takes_the_governing_one(lang: str, text: str, pair: tuple[str, str]) -> None:
    claims = _claims(text, lang)
    assert set(claims) == {pair}
    assert "carry" in claims[pair]  # the rule names the carried role (`skg extract --explain`)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("es", "Ucrania derribó los drones que suministró Irán a Rusia."),  # a postverbal subject of its own
        ("it", "L'Ucraina ha abbattuto i droni che ha fornito l'Iran alla Russia."),
        ("en", "Ukraine criticised the governments that bought drones from Iran."),  # the relative is not on goods
        ("ru", "Украина раскритиковала правительства, которые купили беспилотники у Ирана."),
    ],
)
def test_no_carry_past_an_own_subject_or_a_head_that_is_not_the_goods(lang: str, text: str) -> None:
    assert not any("UA" in pair for pair in _claims(text, lang))


def test_a_purpose_noun_takes_its_recipient_after_it() -> None:
    text = "Канада купить у Сполучених Штатів комплекс NASAMS для передачі Україні, оголосив прем'єр-міністр."
    claims = _claims(text, "uk")
    assert ("US", "CA") in claims and ("CA", "UA") in claims and ("CA", "US") not in claims
