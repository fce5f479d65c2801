"""How many: the quantity expression right before a weapon mention ("des millions d'obus", "about 300 drones",
"between 100 and 200 shells", "сотни дронов"). Vague plurals are ranges with an exclusive upper bound."""

from __future__ import annotations

import re
from functools import lru_cache

from graph.model import Quantity
from ingest.news.lexicon import Lexicon

__all__ = ["QuantityFields", "quantity_before", "quantity_fields", "to_quantity"]

_NUMBER = r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_NUM = re.compile(_NUMBER)
# Words allowed between the quantity and the weapon: "of", "de", adjectives... at most three short words.
_GAP = re.compile(r"^(?:[\s'\-]*[^\W\d]{1,14}[\s'\-]*){0,3}$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_TOKENS = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|[\w.,']+|-")
_PREVIOUS = re.compile(rf"({_NUMBER}|[^\W\d]+)\s*$")
_GROUPED = re.compile(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+")
_NON_DIGIT = re.compile(r"\D")
_DIGIT = re.compile(r"\d")
#: Maximal runs of word characters and apostrophes (`Lexicon.quantity_words`).
_RUNS = re.compile(r"[\w']+")
# A model designation ("MiG-29", "T-72B3", "Su-25", "F16"): its digits are a name, never a count.
_DESIGNATION = re.compile(r"[^\W\d]+-?\d+(?:[^\W\d]\w*)?")


@lru_cache(maxsize=16)
def _range_before(words: tuple[str, ...]) -> re.Pattern[str]:
    """"100 to" / "100 -" at the end of the text before a number."""
    return re.compile(rf"({_NUMBER})\s*(?:-|–|{'|'.join(map(re.escape, words))})\s*$")


def _to_float(token: str) -> float:
    if _GROUPED.fullmatch(token):
        return float(_NON_DIGIT.sub("", token))
    return float(token.replace(",", "."))


#: A quantity's fields (low, high, approximate, text), before it becomes a `Quantity` model.
QuantityFields = tuple[float, float, bool, str]


def quantity_before(folded: str, start: int, lex: Lexicon, window: int = 60) -> Quantity | None:
    """The quantity ending just before offset `start` (a weapon mention) in folded text, or None."""
    fields = quantity_fields(folded, start, lex, window)
    return None if fields is None else to_quantity(fields)


def to_quantity(fields: QuantityFields) -> Quantity:
    low, high, approximate, text = fields
    return Quantity(low=low, high=high, approximate=approximate, text=text)


def _in_designation(text: str, start: int, end: int) -> bool:
    """The token at text[start:end] is the number or name part of a designation such as "MiG-29"."""
    lo = max(0, start - 12)
    hi = min(len(text), end + 12)
    if _DIGIT.search(text, lo, hi) is None:
        return False  # every designation holds a digit (and the regex is slow on long words without one)
    return any(m.start() < end and m.end() > start for m in _DESIGNATION.finditer(text, lo, hi))


def quantity_fields(folded: str, start: int, lex: Lexicon, window: int = 60) -> QuantityFields | None:
    """`quantity_before` without building the model (which only the claims kept in the end need)."""
    lo = max(0, start - window)
    before = folded[lo:start]
    hint_words = lex.quantity_words
    if hint_words is not None:  # `lex.quantity_hint.search(before) is None`, told faster (`Lexicon.quantity_words`)
        if _DIGIT.search(before) is None and hint_words.isdisjoint(_RUNS.findall(before)):
            return None  # no digit, number or scale word: no token below can give a value
    elif lex.quantity_hint is not None and lex.quantity_hint.search(before) is None:
        return None
    words = list(_TOKENS.finditer(before))
    best: QuantityFields | None = None
    for i in range(len(words) - 1, -1, -1):
        tok = words[i].group().strip(".,")
        if _in_designation(before, words[i].start(), words[i].end()):
            continue
        gap = before[words[i].end() :]
        if _DIGIT.search(gap) is not None:  # no digit: no designation to replace
            gap = _DESIGNATION.sub("x", gap)
        if not _GAP.match(gap) and i < len(words) - 1:
            break
        value: float | None = None
        scale = lex.scales.get(tok)
        if _NUM.fullmatch(tok) and not _YEAR.match(tok):
            value = _to_float(tok)
        elif lex.numbers.get(tok, 1) > 1:  # "a"/"un"/"one" only multiply a scale word
            value = lex.numbers[tok]
        if scale is None and value is None:
            continue
        left = before[: words[i].start()]
        if scale is not None:
            prev = _PREVIOUS.search(left)
            prev_tok = prev.group(1) if prev else ""
            if prev and _NUM.fullmatch(prev_tok):
                value, text_start = _to_float(prev_tok) * scale, prev.start(1)
                low, high = value, value
            elif prev and prev_tok in lex.numbers and lex.numbers[prev_tok] != 1:
                value, text_start = lex.numbers[prev_tok] * scale, prev.start(1)
                low, high = value, value
            elif prev and prev_tok in lex.numbers:
                low = high = scale
                text_start = prev.start(1)
            else:
                low, high, text_start = scale, scale * 10, words[i].start()
                tens = (
                    lex.tens.search(left[-30:] + before[words[i].start() : words[i].end()])
                    if lex.tens
                    else None
                )
                if tens:
                    low, high = scale * 10, scale * 100
            approx = bool(lex.approx and lex.approx.search(left[max(0, text_start - 25) : text_start]))
            text = before[text_start : words[i].end()].strip()
            return (low, low, approx, text) if high == low else (low, high, True, text)
        assert value is not None
        text_start = words[i].start()
        low = high = value
        rng = _range_before(tuple(lex.range_words)).search(left)
        if rng and not _YEAR.match(rng.group(1)):
            low, text_start = _to_float(rng.group(1)), rng.start(1)
        approx = bool(lex.approx and lex.approx.search(left[max(0, text_start - 25) : text_start] + " "))
        best = (low, high, approx, before[text_start : words[i].end()].strip())
        break
    return best
