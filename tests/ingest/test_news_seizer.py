"""Who seizes a shipment is neither its supplier nor its recipient (vetoes.seized_by, used by the seizer veto and
by the own-clause completion of context.py). Each case pairs a sentence whose pair is read with the same sentence
where that party seized the goods instead, so a test fails both when the rule stops working and when the plain
sentence was never read."""

from __future__ import annotations

import pytest

from ingest.news.extract import Extractor, get_extractor
from tests.ingest.news_pairs import affirmative_pairs


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


# (lang, a sentence giving the pair, the same party as the seizer, pair)
_CASES = [
    ("en", "Poland sent drones to Belarus.", "Poland seized drones bound for Belarus.", ("PL", "BY")),
    ("en", "Drones were sent to Belarus by Poland.", "Drones bound for Belarus were seized by Poland.", ("PL", "BY")),
    (
        "fr",
        "La Pologne a livré des drones au Bélarus.",
        "La Pologne a saisi des drones destinés au Bélarus.",
        ("PL", "BY"),
    ),
    ("pl", "Polska wysłała drony na Białoruś.", "Polska przechwyciła drony przeznaczone dla Białorusi.", ("PL", "BY")),
]


@pytest.mark.parametrize(("lang", "plain", "seized", "pair"), _CASES)
def test_the_seizer_is_no_party(
    extractor: Extractor, lang: str, plain: str, seized: str, pair: tuple[str, str]
) -> None:
    assert pair in affirmative_pairs(extractor, plain, lang)
    assert pair not in affirmative_pairs(extractor, seized, lang)


def test_the_shipper_of_seized_goods_stays_a_party(extractor: Extractor) -> None:
    claims = extractor.extract("The US Navy seized Iranian missiles bound for the Houthis.", lang="en")
    suppliers = {c.supplier.id for c in claims}
    assert "IR" in suppliers and "US" not in suppliers
