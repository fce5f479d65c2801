"""The pipeline: text -> language -> mentions -> sentences -> frames -> status, claimant, items, quantity,
date.

`Extractor` holds what is expensive to build (automaton, lexicons, language detector) and is shared per
process
through `get_extractor()`. Extraction is linear in the text; sentences without a weapon term and two actors
are
skipped before any frame work.
"""

from __future__ import annotations

import bisect
import re
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache

from graph.vocab import TransferStatus, WeaponCategory
from ingest.news.claims import Claim, ClaimEvidence, Item
from ingest.news.dates import find_date
from ingest.news.documents import Document
from ingest.news.frames import Frame, Sentence, find_frames
from ingest.news.gazetteer import Gazetteer, Mention, get_gazetteer
from ingest.news.language import detect_language
from ingest.news.lexicon import LANGUAGES, Lexicon, boilerplate_pattern, get_lexicon
from ingest.news.modality import Attribution, attribution, status_of
from ingest.news.quantities import quantity_before
from ingest.news.sentences import split_sentences
from ingest.news.text import fold

__all__ = ["Extractor", "get_extractor"]

_BASE_CONFIDENCE = {
    TransferStatus.DELIVERED: 0.8,
    TransferStatus.ORDERED: 0.7,
    TransferStatus.ALLEGED: 0.6,
    TransferStatus.DENIED: 0.5,
}
_LEAD_SENTENCES = 3
_UNSPECIFIED = WeaponCategory.UNSPECIFIED


class Extractor:
    """Turns article text into transfer claims. Build once (≈2 s), then call `extract` for each document."""

    def __init__(self) -> None:
        self.gazetteer: Gazetteer = get_gazetteer()
        for lang in LANGUAGES:
            get_lexicon(lang)
        self.boilerplate = boilerplate_pattern()
        #: Seconds spent per stage since construction (for the benchmark).
        self.timings: dict[str, float] = defaultdict(float)

    @contextmanager
    def _stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.timings[name] += time.perf_counter() - t0

    def extract_document(self, doc: Document) -> list[Claim]:
        return self.extract(doc.text, published=doc.published, lang=doc.lang)

    def extract(self, text: str, published: date | None = None, lang: str | None = None) -> list[Claim]:
        """Transfer claims asserted, alleged or denied in `text`, one per (supplier, recipient) and
        polarity."""
        if not text or not text.strip():
            return []
        with self._stage("language"):
            lang = lang if lang in LANGUAGES else detect_language(text)
        lex = get_lexicon(lang)
        with self._stage("fold"):
            folded = fold(text)
        with self._stage("mentions"):
            mentions = self.gazetteer.find(folded, text, lang)
        with self._stage("sentences"):
            spans = split_sentences(text)
        starts = [m.start for m in mentions]
        claims: list[Claim] = []
        lead: Attribution | None = None
        with self._stage("frames"):
            for index, (s, e) in enumerate(spans):
                lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
                inside = mentions[lo:hi]
                if self.boilerplate is not None and self.boilerplate.search(folded, s, e):
                    continue
                sent = Sentence(start=s, end=e, folded=folded, original=text, mentions=inside)
                candidate = _is_candidate(inside)
                if not candidate and index >= _LEAD_SENTENCES:
                    continue
                attrib = attribution(sent, lex, self.gazetteer)
                if index < _LEAD_SENTENCES and (lead is None or attrib.parts > lead.parts):
                    lead = attrib
                if not candidate:
                    continue
                sent.speakers = set(attrib.speakers)
                for frame in find_frames(sent, lex):
                    claim = self._claim(sent, frame, lex, lang, published, attrib)
                    if claim is not None:
                        claims.append(claim)
        if lead is not None and lead.claimant:
            claims = [c if c.claimant else _with_claimant(c, lead.claimant) for c in claims]
        return _merge(claims)

    def _claim(
        self,
        sent: Sentence,
        frame: Frame,
        lex: Lexicon,
        lang: str,
        published: date | None,
        attrib: Attribution,
    ) -> Claim | None:
        with self._stage("status"):
            status, cue = status_of(sent, frame, lex)
        if status is None:
            return None
        weapons = [m for m in sent.weapons if frame.span_start <= m.start and m.end <= frame.span_end]
        if not weapons:
            weapons = [m for m in sent.weapons if frame.clause_start <= m.start and m.end <= frame.clause_end]
        if not weapons:
            return None
        items = _items(weapons, sent.folded)
        with self._stage("quantity"):
            quantity = None
            for m in weapons:
                quantity = quantity_before(sent.folded, m.start, lex)
                if quantity is not None:
                    break
        with self._stage("dates"):
            found = find_date(sent.folded, frame.span_start, frame.span_end, lang, published)
            if (
                found is None
            ):  # "In August, Iran delivered ..."; not after the span, where "reported Tuesday" sits
                found = find_date(sent.folded, frame.clause_start, frame.span_start, lang, published)
        actors = self.gazetteer.actors
        confidence = _BASE_CONFIDENCE[status] * frame.score + (0.05 if attrib.claimant else 0.0)
        rule = f"{lang}:{frame.cls}:{_rule_word(frame.trigger)}:{frame.how}"
        return Claim(
            supplier=actors[frame.supplier],
            recipient=actors[frame.recipient],
            status=status,
            items=items,
            quantity=quantity,
            when=found.when if found else None,
            claimant=attrib.claimant,
            confidence=round(min(confidence, 0.95), 2),
            evidence=ClaimEvidence(
                text=sent.original[sent.start : sent.end],
                start=sent.start,
                end=sent.end,
                lang=lang,
                rule=rule,
            ),
            notes=(f"status:{cue}", f"passive:{frame.passive}"),
        )


def _is_candidate(mentions: list[Mention]) -> bool:
    """A sentence can hold a transfer only with a weapon term and two different actors."""
    refs = {m.ref for m in mentions if m.kind == "actor"}
    return len(refs) >= 2 and any(m.kind == "weapon" for m in mentions)


def _rule_word(word: str) -> str:
    return re.sub(r"\s+", "-", word.strip())


def _items(weapons: list[Mention], folded: str) -> tuple[Item, ...]:
    """Weapon items in text order: specific categories first, "arms" only when nothing more precise is named;
    an artillery word next to an ammunition word qualifies it ("артиллерийские снаряды")."""
    out: list[Item] = []
    ordered = sorted(weapons, key=lambda m: m.start)
    skip: set[int] = set()
    for i, m in enumerate(ordered):
        if m.ref != WeaponCategory.ARTILLERY.value:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(ordered) and ordered[j].ref == WeaponCategory.AMMUNITION.value:
                a, b = sorted((m, ordered[j]), key=lambda x: x.start)
                if len(folded[a.end : b.start].split()) <= 2:
                    skip.add(m.start)
    seen: set[tuple[str, str | None]] = set()
    for m in ordered:
        if m.start in skip:
            continue
        key = (m.ref, m.designation)
        if key in seen:
            continue
        seen.add(key)
        out.append(Item(category=WeaponCategory(m.ref), designation=m.designation, text=m.text))
    named = {i.category for i in out if i.designation}
    out = [i for i in out if i.designation or i.category not in named]  # "дроны Герань-2" is one item
    specific = [i for i in out if i.category is not _UNSPECIFIED]
    return tuple(specific or out[:1])


def _with_claimant(claim: Claim, claimant: str) -> Claim:
    from dataclasses import replace

    return replace(claim, claimant=claimant, confidence=round(min(claim.confidence + 0.05, 0.95), 2))


def _richness(c: Claim) -> tuple[int, int, int, float]:
    specific = sum(1 for i in c.items if i.category is not _UNSPECIFIED)
    return (
        specific + (1 if c.quantity else 0) + (1 if c.when else 0),
        c.status.strength,
        len(c.items),
        c.confidence,
    )


def _merge(claims: list[Claim]) -> list[Claim]:
    """One claim per (supplier, recipient, affirmative?) in a document: the most informative sentence wins."""
    best: dict[tuple[str, str, bool], Claim] = {}
    for c in claims:
        key = (c.supplier.id, c.recipient.id, c.status.affirmative)
        if key not in best or _richness(c) > _richness(best[key]):
            best[key] = c
    return sorted(best.values(), key=lambda c: c.evidence.start)


@lru_cache(maxsize=1)
def get_extractor() -> Extractor:
    """The process-wide extractor."""
    return Extractor()
