"""Quantities before a weapon mention: a model designation's digits are a name, never a count."""

from __future__ import annotations

import pytest

from ingest.news.lexicon import get_lexicon
from ingest.news.quantities import quantity_fields
from ingest.news.text import fold


@pytest.mark.parametrize(
    ("lang", "sentence", "weapon", "expected"),
    [
        ("en", "Egypt sent six MiG-29 jets", "jets", (6.0, 6.0)),
        ("en", "Egypt sent 24 MiG-29 jets", "jets", (24.0, 24.0)),
        ("en", "the MiG-29 jets", "jets", None),
        ("en", "eight Su-25 aircraft", "aircraft", (8.0, 8.0)),
        ("de", "zwölf T-72B3 Panzer", "panzer", (12.0, 12.0)),
        ("en", "about 300 drones", "drones", (300.0, 300.0)),
        ("en", "between 100 and 200 shells", "shells", (100.0, 200.0)),
    ],
)
def test_quantity_skips_designations(
    lang: str, sentence: str, weapon: str, expected: tuple[float, float] | None
) -> None:
    folded = fold(sentence)
    fields = quantity_fields(folded, folded.index(weapon), get_lexicon(lang))
    assert (None if fields is None else fields[:2]) == expected
