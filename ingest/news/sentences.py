"""Sentence boundaries with character offsets: paragraph and line breaks, then terminal punctuation."""

from __future__ import annotations

import re

__all__ = ["split_sentences"]

_LINES = re.compile(r"[^\n]+")
# A sentence ends at . ! ? … (possibly closed by quotes/brackets) followed by space and a capital, digit or
# quote. The break is group 1; the mark is matched rather than looked behind for, so that the engine jumps from
# mark to mark instead of trying every position (the same breaks: a break never holds a mark).
_END = re.compile(r"[.!?…]([\"'»”“)\]]*\s+(?=[\"'«“„‚‹(\[]?[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐĄĆĘŁŃÓŚŹŻ0-9]))")
# A day number before a month name is an ordinal ("am 6. Oktober", "6. listopada"), not a sentence end.
_MONTH_NEXT = re.compile(
    r"\s*(?:jan|feb|mär|mar|apr|mai|jun|jul|aug|sep|okt|nov|dez|stycz|lut|kwie|maj|czerw|lip|sierp|wrze|paźdz|"
    r"listop|grud|янв|фев|мар|апр|ма[яй]|июн|июл|авг|сен|окт|ноя|дек|січ|лют|берез|квіт|трав|черв|лип|серп|"
    r"верес|жовт|листоп|груд)",
    re.IGNORECASE,
)
_MONTH_ABBREV = frozenset(("jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"))
# Abbreviations whose period does not end a sentence (any language; lower-cased, without the period).
_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "gen",
    "col",
    "lt",
    "sgt",
    "prof",
    "sen",
    "rep",
    "gov",
    "jan",
    "feb",
    "aug",
    "sept",
    "oct",
    "nov",
    "dec",
    "no",
    "vs",
    "etc",
    "inc",
    "co",
    "corp",
    "z.b",
    "bzw",
    "ca",
    "nr",
    "mme",
    "mm",
    "m",
    "sr",
    "sra",
    "dott",
    "sig",
    "г",
    "гг",
    "т.е",
    "т.к",
    "им",
    "ул",
    "тыс",
    "млн",
    "ok",
    "np",
    "tzn",
    "tys",
    "mln",
    "ang",
}
_LAST_TOKEN = re.compile(r"(\S+)\.$")


def _protected(chunk: str, rest: str = "") -> bool:
    """Whether the period ending `chunk` belongs to an abbreviation or an initial ("U.S.", "Dr.", "V."), or to an
    ordinal day before a month ("am 6. Oktober"); not the day of an English date ("Oct. 6. Russia ...")."""
    m = _LAST_TOKEN.search(chunk)
    if not m:
        return False
    token = m.group(1).lower().lstrip("(\"'«“„")
    if token.isdigit():
        before = chunk[: m.start()].rstrip().rsplit(None, 1)
        if before and before[-1].lower().rstrip(".") in _MONTH_ABBREV:
            return False  # "Oct. 6." ends the sentence
        return bool(_MONTH_NEXT.match(rest))
    return token in _ABBREV or len(token) == 1 or bool(re.fullmatch(r"(?:\w\.)+\w", token))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of `text`, whitespace trimmed. O(len(text))."""
    spans: list[tuple[int, int]] = []
    for line in _LINES.finditer(text):
        start = line.start()
        for m in _END.finditer(text, line.start(), line.end()):
            if _protected(text[start : m.start(1)], text[m.end(1) : m.end(1) + 12]):
                continue
            spans.append((start, m.start(1)))
            start = m.end(1)
        spans.append((start, line.end()))
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out
