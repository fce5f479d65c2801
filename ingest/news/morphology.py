"""Grammatical case of Russian, Ukrainian and Polish words, from real morphological dictionaries: pymorphy3 with
the OpenCorpora (ru) and VESUM-based (uk) dictionaries, Morfeusz 2 with its SGJP dictionary (pl).

Case tells the role where word order does not: "переданы России КНДР" (dative recipient, instrumental agent
whatever the order), "przekazane Rosji przez Iran". Case names follow pymorphy3 (nomn, gent, datv, accs, ablt,
loct, voct); an indeclinable word ("КНДР", "США") has them all. Analysers load once per process (~0.2 s each);
a word's analysis is cached, so a document costs one dictionary look-up per distinct actor form (~0.1 ms).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

__all__ = ["cases"]

_LANGS = ("ru", "uk", "pl")
_POLISH = {"nom": "nomn", "gen": "gent", "dat": "datv", "acc": "accs", "inst": "ablt", "loc": "loct", "voc": "voct"}
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=3)
def _analyser(lang: str) -> Any:
    if lang == "pl":
        import morfeusz2

        return morfeusz2.Morfeusz(generate=False)
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=65536)
def cases(word: str, lang: str) -> frozenset[str]:
    """The cases the last word of `word` can be in (empty when unknown or not a Slavic language)."""
    if lang not in _LANGS:
        return frozenset()
    words = _WORD.findall(word.lower())
    if not words:
        return frozenset()
    last = words[-1]
    if lang == "pl":
        out: set[str] = set()
        for _, _, (_, _, tag, *_rest) in _analyser("pl").analyse(last):
            for part in str(tag).split(":"):
                for name in part.split("."):
                    if name in _POLISH:
                        out.add(_POLISH[name])
        return frozenset(out)
    return frozenset(str(p.tag.case) for p in _analyser(lang).parse(last) if p.tag.case)


def preload() -> None:
    """Load the analysers now (the extractor does it once, at construction)."""
    for lang in _LANGS:
        _analyser(lang)
