"""How many: the quantity expression right before a weapon mention ("des millions d'obus", "about 300 drones",
"between 100 and 200 shells", "сотни дронов"). Vague plurals are ranges with an exclusive upper bound."""

from __future__ import annotations

import re

from graph.model import Quantity
from ingest.news.lexicon import Lexicon

__all__ = ["quantity_before"]

_NUMBER = r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_NUM = re.compile(_NUMBER)
# Words allowed between the quantity and the weapon: "of", "de", adjectives... at most three short words.
_GAP = re.compile(r"^(?:[\s'\-]*[^\W\d]{1,14}[\s'\-]*){0,3}$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _to_float(token: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+", token):
        return float(re.sub(r"\D", "", token))
    return float(token.replace(",", "."))


def quantity_before(folded: str, start: int, lex: Lexicon, window: int = 60) -> Quantity | None:
    """The quantity ending just before offset `start` (a weapon mention) in folded text, or None."""
    lo = max(0, start - window)
    before = folded[lo:start]
    words = list(re.finditer(r"\d{1,3}(?:[ ,.\u00a0\u202f]\d{3})+(?!\d)|[\w.,']+|-", before))
    best: Quantity | None = None
    for i in range(len(words) - 1, -1, -1):
        tok = words[i].group().strip(".,")
        gap = before[words[i].end() :]
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
            prev = re.search(rf"({_NUMBER}|[^\W\d]+)\s*$", left)
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
            return (
                Quantity(
                    low=low, high=high if high != low else low, approximate=approx or high != low, text=text
                )
                if high == low
                else Quantity(low=low, high=high, approximate=True, text=text)
            )
        assert value is not None
        text_start = words[i].start()
        low = high = value
        rng = re.search(rf"({_NUMBER})\s*(?:-|–|{'|'.join(map(re.escape, lex.range_words))})\s*$", left)
        if rng and not _YEAR.match(rng.group(1)):
            low, text_start = _to_float(rng.group(1)), rng.start(1)
        approx = bool(lex.approx and lex.approx.search(left[max(0, text_start - 25) : text_start] + " "))
        best = Quantity(
            low=low, high=high, approximate=approx, text=before[text_start : words[i].end()].strip()
        )
        break
    return best
