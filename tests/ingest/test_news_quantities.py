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


@pytest.mark.parametrize("lang", ["en", "fr", "de", "es", "it", "pt", "ru", "uk", "pl"])
def test_quantity_words_tell_what_the_hint_finds(lang: str) -> None:
    """`Lexicon.quantity_words` stands in for `quantity_hint` (a digit search and a set look-up): on text made of
    the hint's words glued to word characters, apostrophes, digits and punctuation, both say the same."""
    import random

    from ingest.news.quantities import _DIGIT, _RUNS

    lex = get_lexicon(lang)
    assert lex.quantity_hint is not None and lex.quantity_words is not None
    rng = random.Random(lang)
    pieces = [*sorted(lex.quantity_words), "x", "'", " ", "-", "1", "_", "é", "\u0663", ",", ".", "\u00a0"]
    found = 0
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        hint = lex.quantity_hint.search(text) is not None
        assert hint == (_DIGIT.search(text) is not None or not lex.quantity_words.isdisjoint(_RUNS.findall(text)))
        found += hint
    assert 0 < found < 5000
