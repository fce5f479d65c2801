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

__all__ = ["detect_language"]

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


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's language, one of `LANGUAGES`; `default` when nothing can be told."""
    sample = text[:_PREFIX]
    cyrillic = len(_CYRILLIC.findall(sample))
    latin = len(_LATIN.findall(sample))
    if cyrillic == 0 and latin == 0:
        return default
    if cyrillic > latin:
        uk, ru = len(_UK_ONLY.findall(sample)), len(_RU_ONLY.findall(sample))
        return "uk" if uk > ru else "ru"
    found = _latin_detector().detect_language_of(sample)
    if found is None:
        return default
    code = str(found.iso_code_639_1.name).lower()
    return code if code in LANGUAGES else default
