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

__all__ = ["cases", "gerund", "name_forms", "noun_cases", "plural_nominative"]

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


_PROPER_GRAMMEMES = frozenset(("Geox", "Surn", "Name", "Orgn", "Trad"))


@lru_cache(maxsize=65536)
def noun_cases(word: str, lang: str) -> frozenset[str]:
    """The cases of the last word of `word` read as a noun, a proper noun when the dictionary has one: "Мінська"
    is the genitive of the city, not the adjective "мінська" (empty when unknown or not a Slavic language)."""
    if lang not in _LANGS:
        return frozenset()
    words = _WORD.findall(word)
    if not words:
        return frozenset()
    last = words[-1]
    if lang == "pl":  # Morfeusz knows proper names by their capital: "Kijowa" (gen), "kijowa" (adjective)
        analyses = [a[2] for a in _analyser("pl").analyse(last) if a[2][2] != "ign"]
        nouns = [a for a in analyses if str(a[2]).startswith(("subst", "depr"))] or analyses
        out: set[str] = set()
        for _, _, tag, *_rest in nouns:
            for part in str(tag).split(":"):
                out.update(_POLISH[name] for name in part.split(".") if name in _POLISH)
        return frozenset(out)
    analyser = _analyser(lang)
    if not analyser.word_is_known(last.lower()):
        return frozenset()  # a guess from the ending would read "Хезболла" as a genitive
    parses = [p for p in analyser.parse(last.lower()) if p.tag.case]
    nouns = [p for p in parses if "NOUN" in p.tag] or parses
    proper = [p for p in nouns if _PROPER_GRAMMEMES & p.tag.grammemes] or nouns
    return frozenset(str(p.tag.case) for p in proper)


@lru_cache(maxsize=16384)
def plural_nominative(word: str, lang: str) -> bool:
    """Whether the last word of `word` can be the nominative of a name used only in the plural ("Ateny",
    "Афины", "Афіни"): its ending looks oblique ("-y", "-ы", "-и") but the dictionary marks it plurale tantum."""
    if lang not in _LANGS:
        return False
    words = _WORD.findall(word)
    if not words:
        return False
    last = words[-1]
    if lang == "pl":
        for _, _, (_, _, tag, *_rest) in _analyser("pl").analyse(last):
            parts = str(tag).split(":")
            if parts[0] in ("subst", "depr") and "pt" in parts and any("nom" in p.split(".") for p in parts):
                return True
        return False
    # the Ukrainian (VESUM) dictionary marks no place names (Geox): the word is already a gazetteer name there
    return any(
        "Pltm" in p.tag.grammemes and p.tag.case == "nomn" and (lang == "uk" or "Geox" in p.tag.grammemes)
        for p in _analyser(lang).parse(last.lower())
    )


@lru_cache(maxsize=16384)
def gerund(word: str, lang: str) -> bool:
    """Whether `word` (as written: Polish needs its diacritics) can only be an adverbial participle ("поставляя",
    "передав", "постачаючи", "dostarczając", "przekazawszy"): its subject is the subject of the clause it hangs on."""
    if lang not in _LANGS or not word:
        return False
    if lang == "pl":
        tags = [str(a[2][2]).split(":")[0] for a in _analyser("pl").analyse(word.lower())]
        return bool(tags) and all(t in ("pcon", "pant") for t in tags)
    parses = _analyser(lang).parse(word.lower())
    return bool(parses) and all(p.tag.POS == "GRND" for p in parses)


def name_forms(name: str, lang: str) -> tuple[str, ...]:
    """The singular case forms of a one-word place name, as the dictionaries decline it: "Египет" -> "Египта",
    "Египте" (a stem with a fleeting vowel no prefix covers), "Egipt" -> "Egipcie", "Нигерия" -> "Нигерии" (an
    exact form, where the stem "нигер" is also Niger's). Empty for an indeclinable or unknown name."""
    if lang not in _LANGS or not name.isalpha():
        return ()
    if lang == "pl":
        found = {
            form
            for form, _, tag, names, *_rest in _generator().generate(name)
            if ":sg:" in f"{tag}:" and (not names or any("geograficzn" in n for n in names))
        }
        return tuple(sorted(found - {name}))
    lower = name.lower()
    analyser = _analyser(lang)
    parses = [
        p
        for p in analyser.parse(lower)
        if p.normal_form == lower
        and p.tag.case == "nomn"
        and p.tag.POS == "NOUN"
        and "inan" in p.tag.grammemes
        and "Fixd" not in p.tag.grammemes
        and (lang == "uk" or "Geox" in p.tag.grammemes)  # the VESUM dictionary marks no place names
    ]
    if not parses:
        return ()
    plural = bool({"plur", "Pltm"} & parses[0].tag.grammemes)  # (the Ukrainian tags of a singular name omit "sing")
    forms = {f.word for f in parses[0].lexeme if ("plur" in f.tag.grammemes) == plural}
    return tuple(sorted(f[0].upper() + f[1:] for f in forms - {lower}))


@lru_cache(maxsize=1)
def _generator() -> Any:
    import morfeusz2

    return morfeusz2.Morfeusz(generate=True, analyse=False)


def preload() -> None:
    """Load the analysers now (the extractor does it once, at construction)."""
    for lang in _LANGS:
        _analyser(lang)
