"""Language of a text among the nine the extractor reads.

Cyrillic is settled by letters only Ukrainian or only Russian uses; Latin-script text goes to lingua
restricted to the
Latin-script languages, on a prefix, so detection costs well under a millisecond. The detectors are built
once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ingest.news.lexicon import LANGUAGES

__all__ = ["detect_language", "preload"]

_PREFIX = 400
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile(r"[а-яА-Я]")
_LATIN = re.compile(r"[a-zA-Z]")


@lru_cache(maxsize=1)
def _latin_detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    langs = [
        Language.ENGLISH,
        Language.FRENCH,
        Language.GERMAN,
        Language.SPANISH,
        Language.ITALIAN,
        Language.PORTUGUESE,
        Language.POLISH,
    ]
    return LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models().build()


def preload() -> None:
    """Build the lingua detector now (about a second), not on the first document that needs it."""
    _latin_detector()


# Function words that belong to one Latin-script language only (words two of them share are left out), then
# spellings only one of them uses: Polish letters, Spanish "ñ"/"-ción", Portuguese "ã"/"õ"/"-ção".
_FUNCTION_WORDS = {
    "en": "the and of to is was were that has have had with for said by from its it on are this which be been "
    "will would at not but",
    "fr": "le les du et est une dans pour qui au aux sur pas par ont été selon ces cette elle leur sont avec "
    "ainsi aussi après lors avait",
    "de": "der die das und den dem ist nicht mit von zu auf ein eine einen hat wurde wurden im für sich auch "
    "nach bei aus dass sie er",
    "es": "el los las del y según sus al fue han también pero más muy hay hasta cuando tras donde ya unos unas",
    "it": "il della delle dei degli gli che di è per nel nella alla sono anche ma hanno questo stato dell all "
    "dall nell sull alle ai agli dal dalla dai sul sulla tra dopo cui",
    "pt": "o os dos em um uma não foi pelo pela ao nas com também seu sua são já até quando sem aos às após "
    "disse teria num numa seus suas",
    "pl": "w z się że nie jest od przez oraz według dla jak ze we był była były są który która które także "
    "przy pod już został została zostały jego jej tym tego",
}
_WORD_LANG = {word: lang for lang, words in _FUNCTION_WORDS.items() for word in words.split()}
_POLISH_LETTERS = frozenset("ąęłńśźż")
_PORTUGUESE_LETTERS = frozenset("ãõ")
_LETTERS = re.compile(r"[^\W\d_]+")
#: Function-word hits the leading language needs, and its lead over the runner-up, to skip lingua.
_MIN_HITS = 5
_MIN_RATIO = 4


def _clear_latin(sample: str) -> str | None:
    """The language whose function words clearly dominate the sample, or None (then lingua decides)."""
    counts: dict[str, int] = {}
    for word in _LETTERS.findall(sample.lower()):
        lang = _WORD_LANG.get(word)
        if lang is None:
            if not _POLISH_LETTERS.isdisjoint(word):
                lang = "pl"
            elif not _PORTUGUESE_LETTERS.isdisjoint(word):
                lang = "pt"
            elif "ñ" in word or word.endswith(("ción", "ciones")):
                lang = "es"
        if lang is not None:
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    best = max(counts, key=lambda k: counts[k])
    runner_up = max((n for lang, n in counts.items() if lang != best), default=0)
    if counts[best] >= _MIN_HITS and counts[best] >= _MIN_RATIO * runner_up:
        return best
    return None


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's language, one of `LANGUAGES`; `default` when nothing can be told.

    Latin-script text whose function words leave no doubt is decided from them (microseconds); the rest goes to
    lingua (about half a millisecond)."""
    sample = text[:_PREFIX]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cyrillic == 0 and latin == 0:
        return default
    if cyrillic > latin:
        uk, ru = len(_UK_ONLY.findall(sample)), len(_RU_ONLY.findall(sample))
        return "uk" if uk > ru else "ru"
    clear = _clear_latin(sample)
    if clear is not None:
        return clear
    found = _latin_detector().detect_language_of(sample)
    if found is None:
        return default
    code = str(found.iso_code_639_1.name).lower()
    return code if code in LANGUAGES else default
