"""Text folding and cue-pattern compilation shared by the extraction stages.

Folding keeps the string length, so an offset in folded text is the same offset in the original: every stage
works on
folded text and reports offsets into the document as it was given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["WORD", "compile_cues", "cue_regex", "fold"]

WORD = re.compile(r"\w+(?:['’ʼ]\w+)*", re.UNICODE)

_SPECIAL = {
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u00ad": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}


# Accents that carry grammar and stay: French/Portuguese "à" (to) vs "a" (has/the), Italian "è" (is) vs "e"
# (and),
# German "würde"/"könnte" (conditional) vs "wurde"/"konnte" (past).
_KEEP = frozenset("àèäöü")


class _FoldTable(dict[int, str]):
    """A str.translate table computed lazily per code point: lower case, accents off, one char in, one char
    out."""

    def __missing__(self, key: int) -> str:
        char = chr(key)
        out = _SPECIAL.get(char)
        if out is None and char.lower() in _KEEP:
            out = char.lower()
        if out is None:
            low = char.lower()
            if len(low) != 1:
                low = char
            base = unicodedata.normalize("NFD", low)[0]
            out = base if len(base) == 1 and base.isalnum() == low.isalnum() else low
        self[key] = out
        return out


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-cased, accent-free copy of `text` with the same length (so offsets carry over). O(len)."""
    return text.translate(_TABLE)


def _body(entry: str) -> str:
    parts = []
    for word in fold(entry).split():
        star = word.endswith("*")
        word = word.rstrip("*")
        parts.append(re.escape(word) + (r"\w*" if star else ""))
    tail = "" if entry.endswith("'") or entry.endswith("*") else r"(?!\w)"
    return r"\s+".join(parts) + tail


def cue_regex(entry: str) -> str:
    """One lexicon entry as a regex on folded text: "livr*" -> prefix, "re:..." -> raw, words -> whole
    words."""
    if entry.startswith("re:"):
        return entry[3:]
    return rf"(?<!\w){_body(entry)}"


def compile_cues(entries: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation for a list of entries, longest first; None for an empty list.

    The word-start check is hoisted out of the alternation so the regex engine can skip positions quickly."""
    items = sorted({e for e in entries if e}, key=len, reverse=True)
    if not items:
        return None
    words = [_body(e) for e in items if not e.startswith("re:")]
    raw = [e[3:] for e in items if e.startswith("re:")]
    alternatives = [rf"(?<!\w)(?:{'|'.join(words)})"] if words else []
    alternatives += [f"(?:{r})" for r in raw]
    return re.compile("|".join(alternatives), re.UNICODE)
