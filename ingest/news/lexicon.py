"""Per-language cue lexicon (graph/reference/news_lexicon.yaml) compiled into regexes, once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingest.news.reference import load_yaml
from ingest.news.text import compile_cues, cue_regex, fold

__all__ = ["LANGUAGES", "Lexicon", "TriggerClass", "get_lexicon"]

LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "ru", "uk", "pl")

#: Trigger classes: which role the grammatical subject of the verb plays.
TriggerClass = str  # "supply" | "acquire" | "use"

_CUE_CLASSES = (
    "ordered",
    "hypothetical",
    "alleged",
    "warning",
    "refusal",
    "denial",
    "negation",
    "speech",
    "according",
    "intelligence",
    "officials",
    "subordinators",
    "relatives",
    "conj",
    "passive_aux",
    # trigger forms that are never passive whatever auxiliary precedes them ("is buying", "was sending")
    "active_forms",
    "made_in",
    "complementizers",
)
_ROLE_LISTS = (
    "supply_recipient",
    "supply_supplier",
    "acquire_supplier",
    "acquire_recipient",
    "use_recipient",
    "genitive",
    "other_preps",
)


def _before(entries: list[str], articles: list[str]) -> re.Pattern[str] | None:
    """Regex matching at the end of the text before a mention: a preposition, then optionally an article."""
    if not entries:
        return None
    preps = "|".join(f"(?:{cue_regex(e)})" for e in sorted(entries, key=len, reverse=True))
    arts = "|".join(f"(?:{cue_regex(a)})" for a in sorted(articles, key=len, reverse=True))
    art_part = rf"(?:\s*(?:{arts}))?" if arts else ""
    # Anchored on a word start followed by the rest of the tail, so `search` only tries a few positions.
    return re.compile(rf"(?:{preps}){art_part}\s*$")


@dataclass
class Lexicon:
    lang: str
    triggers: list[tuple[re.Pattern[str], TriggerClass, str]]
    cues: dict[str, re.Pattern[str] | None]
    roles: dict[str, re.Pattern[str] | None]
    article_end: re.Pattern[str] | None
    verb_final: bool
    case_marked: bool
    approx: re.Pattern[str] | None
    scales: dict[str, float]
    numbers: dict[str, float]
    tens: re.Pattern[str] | None
    range_words: list[str]
    dates: dict[str, re.Pattern[str] | None] = field(default_factory=dict)

    def cue(self, name: str) -> re.Pattern[str] | None:
        return self.cues.get(name)


def _build(lang: str, raw: dict[str, Any]) -> Lexicon:
    triggers: list[tuple[re.Pattern[str], TriggerClass, str]] = []
    for key, value in raw.items():
        if (
            "_" in key
            and key.split("_")[0] in ("supply", "acquire", "use")
            and key.split("_")[1]
            in (
                "delivered",
                "ordered",
                "alleged",
            )
        ):
            pattern = compile_cues(value)
            if pattern is not None:
                cls, status = key.split("_")
                triggers.append((pattern, cls, status))
    articles = list(raw.get("articles") or [])
    roles = {name: _before(list(raw.get(name) or []), articles) for name in _ROLE_LISTS}
    cues = {name: compile_cues(raw.get(name) or []) for name in _CUE_CLASSES}
    arts = "|".join(f"(?:{cue_regex(a)})" for a in sorted(articles, key=len, reverse=True))
    dates = {name: compile_cues(words) for name, words in (raw.get("dates") or {}).items()}
    return Lexicon(
        lang=lang,
        triggers=triggers,
        cues=cues,
        roles=roles,
        article_end=re.compile(rf"(?:{arts})\s*$") if arts else None,
        verb_final=bool(raw.get("verb_final")),
        case_marked=bool(raw.get("case_marked")),
        approx=compile_cues(raw.get("approx") or []),
        scales={fold(k): float(v) for k, v in (raw.get("scales") or {}).items()},
        numbers={fold(k): float(v) for k, v in (raw.get("numbers") or {}).items()},
        tens=compile_cues(raw.get("tens") or []),
        range_words=[fold(w) for w in raw.get("range") or []],
        dates=dates,
    )


@dataclass(frozen=True)
class _All:
    by_lang: dict[str, Lexicon]
    boilerplate: re.Pattern[str] | None


@lru_cache(maxsize=1)
def _load() -> _All:
    data = load_yaml("news_lexicon.yaml")
    by_lang = {lang: _build(lang, data[lang]) for lang in LANGUAGES if lang in data}
    return _All(by_lang=by_lang, boilerplate=compile_cues(data.get("boilerplate") or []))


def get_lexicon(lang: str) -> Lexicon:
    """The compiled lexicon for a language (English when the language has none). Cached."""
    lexicons = _load().by_lang
    return lexicons.get(lang) or lexicons["en"]


def boilerplate_pattern() -> re.Pattern[str] | None:
    return _load().boilerplate
