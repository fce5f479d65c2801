"""The pipeline: text -> language -> mentions -> sentences -> frames -> status, claimant, items, quantity,
date.

`Extractor` holds what is expensive to build (automaton, lexicons, language detector) and is shared per
process through `get_extractor()`. Extraction is linear in the text; sentences without two actors and a weapon
term (or an "arm" verb, which implies the weapons) are skipped before any frame work, and so are sentences past
the lead without a trigger word. The lexicon's cue words are looked up once per document (`cues.CueScanner`).
Per-claim work (status, quantity, date) is shared by frames of a sentence; `Claim` objects are built only for
the claims that survive the merge.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache
from itertools import pairwise
from time import perf_counter
from typing import NamedTuple

from graph.vocab import TransferStatus, WeaponCategory
from ingest.news.backoff import backoff, fallback, fallback_ready, overruled, placed, thanked, thanks, unisland
from ingest.news.claims import Claim, ClaimEvidence, Item
from ingest.news.context import (
    Completion,
    Counterparts,
    Known,
    clitic_recipient,
    complete,
    counterparts,
    dominant,
    gapped_recipient,
    joined,
    local,
    onward,
    origin_before,
    participle_buyer,
    thanked_near,
    upstream,
)
from ingest.news.coref import COORDINATION, group_anaphors, has_plural_anaphor, plural_anaphors, resolve_anaphors
from ingest.news.cues import SentenceCues, TextCues
from ingest.news.dates import DateMention, find_date
from ingest.news.designations import home_made, maker_origin, maker_reversed
from ingest.news.documents import Document
from ingest.news.frames import Frame, Sentence, carry_note, find_frames, goods_before, implies_arms, sentence_cues
from ingest.news.gazetteer import Gazetteer, Mention, get_gazetteer
from ingest.news.language import detect_language
from ingest.news.language import preload as preload_language_detector
from ingest.news.lexicon import LANGUAGES, Lexicon, boilerplate_pattern, get_lexicon
from ingest.news.modality import Attribution, attribution, contested, denying_parties, negation_reaches, status_of
from ingest.news.morphology import preload as preload_morphology
from ingest.news.pairmodel import (
    DocParties,
    DocRoles,
    PairModel,
    completion_candidates,
    completion_features,
    doc_parties,
    get_pair_model,
    read,
    to_frame,
)
from ingest.news.quantities import QuantityFields, quantity_fields, to_quantity
from ingest.news.sentences import split_sentences
from ingest.news.text import fold
from ingest.news.vetoes import veto_chains, veto_frames

__all__ = ["Extractor", "get_extractor"]

_BASE_CONFIDENCE = {
    TransferStatus.DELIVERED: 0.8,
    TransferStatus.ORDERED: 0.7,
    TransferStatus.ALLEGED: 0.6,
    TransferStatus.DENIED: 0.5,
}
_LEAD_SENTENCES = 3
_SPACES = re.compile(r"\s+")
#: Two words ahead: `_TWO_WORDS.match(text, a, b) is None` is `len(text[a:b].split()) <= 1` (`\s` is what
#: `str.split` splits at).
_TWO_WORDS = re.compile(r"\s*\S+\s+\S")
_CATEGORY = {category.value: category for category in WeaponCategory}
_UNSPECIFIED = WeaponCategory.UNSPECIFIED
#: Trigger classes whose missing party may come from the document's topic (a frame of another pair): transfers
#: and their movement. Use and origin frames ("Russia fired missiles at Kyiv") take it from a frame of the same
#: role only.
_TOPIC_CLASSES = frozenset(("supply", "acquire", "move", "arm"))
#: Frames a document's dominant counterpart may complete (`context.dominant`): transfers, not use or origin.
_DOMINANT_CLASSES = frozenset(("supply", "acquire", "move"))
#: How a party is read that a transfer noun gives a role of its own: "the delivery to Armenia", "from Iran", "by".
_SOURCES = frozenset(("from", "by", "to", "dest", "obj", "dative", "by-case", "origin"))


class Extractor:
    """Turns article text into transfer claims. Build once (≈2 s), then call `extract` for each document."""

    def __init__(self) -> None:
        self.gazetteer: Gazetteer = get_gazetteer()
        for lang in LANGUAGES:
            get_lexicon(lang)
        #: The boilerplate pattern (kept for callers; extraction reads it through the cue index).
        self.boilerplate = boilerplate_pattern()
        preload_language_detector()
        preload_morphology()  # the Slavic dictionaries (~0.3 s), not on the first Slavic document
        #: Seconds spent per stage since construction (for the benchmark).
        self.timings: dict[str, float] = defaultdict(float)
        #: The learned reader of what no rule joined or completed (`pairmodel`); None: the rules alone.
        self.pair_model: PairModel | None = get_pair_model()
        #: When a list (`train_pairs`): receives (supplier, recipient, features, slot) of every candidate the model
        #: would read, and the model proposes nothing; `slot` is where it decides ("pair:N" the sentence of a pair,
        #: "frame:..." the one-party frame a completion fills).
        self.collect: list[tuple[str, str, list[str], str]] | None = None

    def extract_document(self, doc: Document) -> list[Claim]:
        return self.extract(doc.text, published=doc.published, lang=doc.lang)

    def extract(
        self, text: str, published: date | None = None, lang: str | None = None, trace: list[str] | None = None
    ) -> list[Claim]:
        """Transfer claims asserted, alleged or denied in `text`, one per (supplier, recipient) and
        polarity. `trace`, when given, receives one line per decision (`skg extract --explain`)."""
        if not text or not text.strip():
            return []
        timings = self.timings
        t0 = perf_counter()
        lang = lang if lang in LANGUAGES else detect_language(text)
        t1 = perf_counter()
        timings["language"] += t1 - t0
        lex = get_lexicon(lang)
        folded = fold(text)
        t2 = perf_counter()
        timings["fold"] += t2 - t1
        mentions = self.gazetteer.find(folded, text, lang)
        t3 = perf_counter()
        timings["mentions"] += t3 - t2
        spans = split_sentences(text)
        mentions = self.gazetteer.goods(mentions, folded, text, spans, lang, trace)  # "the systems" after weapons
        t4 = perf_counter()
        timings["sentences"] += t4 - t3
        doc = _DocState(folded=folded, lex=lex, lang=lang, published=published)
        doc.weapons = [m for m in mentions if m.kind == "weapon"]  # pronouns may point back to them
        doc.spans = spans
        cues = lex.scanner.index(folded)
        t_index = perf_counter()
        timings["cue index"] += t_index - t4
        acting = self.gazetteer.claimant_states
        if acting and any(m.kind == "claimant" and m.ref in acting for m in mentions):
            mentions = _acting(mentions, acting, cues, lex)  # "the Pentagon approved the sale of ..."
        mentions = resolve_anaphors(mentions, cues, spans, text, lang)  # "the country", "le pays", "страна"
        mentions = group_anaphors(mentions, spans, folded, text)  # "the paramilitaries", "la milizia"
        plurals = plural_anaphors(mentions, spans, folded)  # "these countries", "ці країни": a list named before
        if plurals:
            mentions = _with_plurals(mentions, plurals, text, trace)
        if cues.anywhere("institutions"):
            mentions = _institutions(mentions, cues, folded)
        starts = [m.start for m in mentions]
        timings["anaphora"] += perf_counter() - t_index
        claims: list[_Draft] = []
        left: list[tuple[int, Sentence, Attribution, Frame]] | None = None  # one-party frames no rule completed
        known: list[Known] = []  # frames with both parties, any status: who the document's parties are
        partials: list[tuple[int, Sentence, Attribution, Frame]] = []  # frames with one party (`context`)
        refused: dict[int, set[tuple[str, str]]] = {}  # per sentence with partial frames, the pairs a veto dropped
        speakers: set[int] = set()  # starts of the actor mentions that speak or are cited, in any sentence
        if trace is not None:
            trace.append(f"language {lang}; {len(spans)} sentences; {len(mentions)} mentions")
        lead: Attribution | None = None
        # per sentence no rule could join, what the pair model reads (`_learned`): the sentence, its attribution, its
        # one-party frames and the pairs a veto dropped, which the model never reads again
        reading: dict[int, tuple[Sentence, Attribution, list[Frame], set[tuple[str, str]]]] | None = (
            {} if self.pair_model is not None or self.collect is not None else None
        )
        furniture = lex.boilerplate_rest
        anchored = lex.boilerplate_rest_at_start  # then only the first sentence can hold it
        # No boilerplate word anywhere: no sentence can hold one (sentences never cut a word).
        furnished = cues.anywhere("boilerplate")
        arming = any(cues.anywhere(name) for name in lex.trigger_names if name.startswith("trigger:arm_"))
        carriers = cues.anywhere("not_arms")  # "a plane carrying a delegation" is no arms transfer
        thanking = thanks(folded, 0, len(folded))  # a verb of thanks anywhere (`backoff.thanked`)
        for index, (s, e) in enumerate(spans):
            lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
            inside = mentions[lo:hi]
            if carriers:
                inside = _drop_carriers(inside, cues, e, trace)
            if trace is not None:
                _trace_sentence(trace, index, text, s, e, inside)
            if (furnished and cues.search("boilerplate", s, e) is not None and not _is_candidate(inside)) or (
                furniture is not None and (s == 0 or not anchored) and furniture.search(folded, s, e)
            ):  # (a furniture word in a sentence naming two parties and a weapon is prose: "a trade newsletter
                # reported that Addis Ababa had closed a deal with Iran for drones")
                if trace is not None:
                    trace.append("  dropped: site furniture (boilerplate)")
                continue  # site furniture (same as `boilerplate_pattern().search(folded, s, e)`)
            candidate = _is_candidate(inside)
            # one actor and a weapon: a frame may still name one party, the other coming from the document
            single = not candidate and _one_actor_and_weapon(inside)
            # two actors, no weapon, an object pronoun: "the Netherlands had been shipping them to Israel" after a
            # sentence naming the parts
            pronoun_goods = (
                not candidate
                and not single
                and 0 < index < _LEAD_SENTENCES
                and _two_actors(inside)
                and not arming  # an "arm" verb lets the sentence in on its own ("nie armer les Houthis")
                and cues.search("object_pronouns", s, e) is not None
                and bool(doc.previous_weapons(s))
            )
            # one actor, no weapon, the goods a plural pronoun opening the sentence right after a sentence that named
            # them: "Ils ont été acheminés vers la Russie", "They were delivered to Russia by rail"
            pronoun_single = (
                not candidate
                and not single
                and not pronoun_goods
                and index > 0
                and any(m.kind == "actor" for m in inside)
                and not _two_actors(inside)
                and not any(m.kind == "weapon" for m in inside)
                and _pronoun_first(folded, s, e, cues)
                and bool(doc.previous_weapons(s))
            )
            # no weapon, a noun phrase that stands for goods named in an earlier sentence ("des versions dérivées ont
            # été vendues au Nigeria", "six bâtiments de ce type"): read like that sentence's goods
            anaphor = (
                not candidate
                and not single
                and not pronoun_goods
                and not pronoun_single
                and index > 0
                and any(m.kind == "actor" for m in inside)
                and not any(m.kind == "weapon" for m in inside)
                and cues.search("type_anaphors", s, e) is not None
                and bool(doc.earlier_weapons(s))
            )
            single = single or pronoun_single or (anaphor and not _two_actors(inside))
            candidate = candidate or pronoun_goods or (anaphor and _two_actors(inside))
            if not candidate and not single and index >= _LEAD_SENTENCES and not (arming and _two_actors(inside)):
                if trace is not None:
                    trace.append("  dropped: not two actors and a weapon term")
                continue
            sent = Sentence(
                start=s,
                end=e,
                folded=folded,
                original=text,
                mentions=inside,
                cues=SentenceCues(cues, s, e),
                pronoun_goods=pronoun_goods or pronoun_single or anaphor,
            )
            if not candidate and arming and _two_actors(inside):
                candidate = implies_arms(sent, lex)  # "accused Iran of arming the Houthis": the verb is the weapon
            lead_sentence = index < _LEAD_SENTENCES
            if (
                not lead_sentence
                and sent.cues is not None
                and sent.cues.lacks_all(lex.trigger_names)
                and not (thanking and thanks(folded, s, e))
                # two parties and goods, one of them a possible source: the `fallback` may read them without a trigger
                and not (candidate and fallback_ready(folded, inside, s))
            ):
                if trace is not None:
                    trace.append("  dropped: no trigger word")
                continue  # no trigger word: no frame (and the claimant of a non-lead sentence is not needed)
            t_at = perf_counter()
            attrib = attribution(sent, lex, self.gazetteer)
            timings["attribution"] += perf_counter() - t_at
            if lead_sentence and (lead is None or attrib.parts > lead.parts):
                lead = attrib
            if trace is not None:
                trace.append(
                    f"  claimant: {attrib.claimant or '-'}; speakers (never parties): "
                    f"{[text[m.start : m.end] for m in inside if m.start in attrib.speakers] or '-'}"
                )
            if not candidate and not single:
                if trace is not None:
                    trace.append("  dropped: not two actors and a weapon term (lead sentence: claimant only)")
                continue
            sent.speakers = set(attrib.speakers)
            speakers.update(attrib.speakers)
            sent.speaking = attrib.speaking
            if trace is not None:
                _trace_triggers(trace, sent, lex)
            sent.partial = []
            vetoed: set[tuple[str, str]] = set()  # pairs a veto dropped: no later reading joins them again
            t_fr = perf_counter()
            found_frames = find_frames(sent, lex)
            t_ve = perf_counter()
            timings["find frames"] += t_ve - t_fr
            frames = veto_frames(sent, found_frames, lex, trace, vetoed)
            if sent.partial:
                sent.partial = veto_frames(sent, sent.partial, lex, trace, vetoed)
            timings["vetoes"] += perf_counter() - t_ve
            for transit, going_on in onward(sent, frames):  # "arrived in a Polish port, from where ... to Ukraine"
                frames = [going_on if f is transit else f for f in frames]
                if trace is not None:
                    trace.append(
                        f'  transit: {transit.recipient} is a stage of the route ("from where" follows it); '
                        f"{transit.supplier} > {going_on.recipient} by {transit.cls} {transit.trigger!r}"
                    )
            if plurals:
                frames = _expand_plurals(frames, plurals, s, e)
            if len(frames) > 1:
                frames = _drop_crossed_lists(frames, sent, trace)
            frames = unisland(sent, frames, trace)  # a party inside a closed relative clause is not the verb's
            frames = placed(sent, lex, frames, trace)  # "на Украине" is a place, not a goal
            hops = upstream(sent, lex, frames)  # "Israel flew American-made missiles to Iran": US > IL too
            if hops:
                if trace is not None:
                    trace.extend(f"  upstream: {h.supplier} > {h.recipient} (its goods passed on)" for h in hops)
                frames = [*frames, *hops]
            if pronoun_goods:  # let in for its pronoun only: its frames neither complete others nor back off
                sent.partial = []
            else:
                known.extend(Known(index, f, s, e, _asserted(sent, f, lex)) for f in frames)
            # parties no frame joined: roles from generic evidence; a last resort, so its frames name no
            # document party for the completion of other sentences (`context`)
            t_bo = perf_counter()
            joined = [] if pronoun_goods else backoff(sent, lex, frames, trace)
            timings["backoff"] += perf_counter() - t_bo
            if joined:  # the backoff's readings pass the same vetoes, and never re-join a pair a veto dropped
                joined = [f for f in veto_frames(sent, joined, lex, trace) if (f.supplier, f.recipient) not in vetoed]
            grateful = thanked(sent, lex, frames, trace) if thanking else []  # "X thanked Y for W": Y supplied X
            if grateful:
                frames = overruled(frames, grateful)
            if joined or grateful:
                frames = [*frames, *joined, *grateful]
            elif not frames and not pronoun_goods and not vetoed:
                # nothing joined two parties, and no veto judged a reading of the sentence: the last resort reads
                # roles from their marking alone, or completes a one-party frame from the goods' origin (`fallback`)
                frames = veto_frames(sent, fallback(sent, lex, trace), lex, trace)
            if reading is not None and not frames and not pronoun_goods and _two_actors(inside):
                # a sentence no rule could join: the model's to read (where a rule joined a pair, the sentence's other
                # parties are claimants, places or list members far more often than parties: `train_pairs` measures
                # both choices)
                reading[index] = (sent, attrib, sent.partial, vetoed)
            partials.extend((index, sent, attrib, f) for f in sent.partial)
            if vetoed and sent.partial:
                refused[index] = vetoed  # a reading a veto dropped is not joined again from the clause (`local`)
            if trace is not None:
                if not frames:
                    trace.append("  no frame: no trigger with both a supplier and a recipient")
                for f in sent.partial:
                    note = carry_note(sent, lex, f)  # a subordinate clause: why no governing subject
                    trace.append(
                        f"  partial frame {f.supplier or '?'} > {f.recipient or '?'} by {f.cls} trigger {f.trigger!r}"
                        f" roles {f.how}: the other party from the document" + (f" ({note})" if note else "")
                    )
            if frames:
                claims += self._claims(sent, frames, doc, attrib, trace)
        if partials:
            named = lambda: counterparts(mentions, spans, speakers, folded, lex)  # noqa: E731 (built on first use)
            left = [] if reading is not None else None
            claims.extend(self._completed(partials, known, doc, trace, named, mentions, refused, left))
        if reading or left:
            t5 = perf_counter()
            roles = _doc_roles(claims, mentions)
            learned = self._learned(reading, doc, roles, trace) if reading else []
            if left:
                found = doc_parties(mentions, spans, speakers, folded, roles, lang, ((i, f) for i, _, _, f in left))
                learned += self._learned_completions(left, doc, found, refused, trace)
            claims.extend(learned)
            timings["pairs"] += perf_counter() - t5
        t_post = perf_counter()
        if lead is not None and lead.claimant:
            claims = [c if c.claimant else _with_claimant(c, lead.claimant) for c in claims]
        reached = negation_reaches(claims, folded, doc.weapons, trace)  # "never received any shells supplied by Iran"
        if reached:
            claims = [c for i, c in enumerate(claims) if i not in reached]
        answered = contested(claims, denying_parties(mentions, spans, cues), trace)  # a party's denial elsewhere
        if answered:
            alleged = TransferStatus.ALLEGED
            claims = [c._replace(status=alleged, cue="contested") if i in answered else c for i, c in enumerate(claims)]
        claims = _maker_direction(claims, folded, trace)
        out = [self._build(d, text, lang) for d in _merge(veto_chains(claims, trace))]
        if trace is not None:
            trace.append(f"claims after merge (one per pair and polarity): {len(out)}")
        t_end = perf_counter()
        timings["document passes"] += t_end - t_post
        timings["frames"] += t_end - t4  # includes the `NESTED_STAGES`, also timed alone
        return out

    def _learned(
        self,
        reading: dict[int, tuple[Sentence, Attribution, list[Frame], set[tuple[str, str]]]],
        doc: _DocState,
        roles: DocRoles,
        trace: list[str] | None,
    ) -> list[_Draft]:
        """Claims of the pairs no rule joined, read by the pair model (`pairmodel`) in the sentences no rule could
        join: per pair the likelier direction when its probability reaches the model's threshold. Its frames pass
        the same vetoes and status reading as the rules'."""
        lex = doc.lex
        out: list[_Draft] = []
        for index, (sent, attrib, frames, vetoed) in sorted(reading.items()):
            found = read(sent, lex, index, roles, frames, vetoed)
            if found is None:
                continue
            cands, reader = found
            if self.collect is not None:
                self.collect.extend((c.supplier.ref, c.recipient.ref, reader.of(c), f"pair:{index}") for c in cands)
                continue
            model = self.pair_model
            assert model is not None
            by_pair = {(c.supplier.ref, c.recipient.ref): (reader.probability(c, model), c) for c in cands}
            proposed: list[Frame] = []
            for (a, b), (p, c) in by_pair.items():
                kept = p >= model.threshold and p > by_pair.get((b, a), (0.0, c))[0]
                if trace is not None:
                    trace.append(
                        f"sentence {index}: pair model {a} > {b} p={p:.2f} (threshold {model.threshold:.2f})"
                        + (" -> frame" if kept else "")
                    )
                if kept:
                    proposed.append(to_frame(sent, c, p))
            if proposed:
                out += self._claims(sent, veto_frames(sent, proposed, lex, trace, vetoed), doc, attrib, trace)
        return out

    def _claims(
        self, sent: Sentence, frames: list[Frame], doc: _DocState, attrib: Attribution, trace: list[str] | None
    ) -> list[_Draft]:
        """The claims of `frames` of `sent` (`_claim`), each decision traced."""
        out: list[_Draft] = []
        for frame in frames:
            claim = self._claim(sent, frame, doc, attrib)
            if trace is not None:
                _trace_frame(trace, frame, claim, sent, doc.lex)
            if claim is not None:
                out.append(claim)
        return out

    def _learned_completions(
        self,
        left: list[tuple[int, Sentence, Attribution, Frame]],
        doc: _DocState,
        found: DocParties,
        refused: dict[int, set[tuple[str, str]]],
        trace: list[str] | None,
    ) -> list[_Draft]:
        """Claims of the one-party frames no rule completed, their other party read by the pair model among the
        document's parties (`pairmodel.completion_features`): the likeliest, when it reaches the threshold."""
        out: list[_Draft] = []
        for index, sent, attrib, partial in left:
            refs = completion_candidates(partial, index, found, refused.get(index, set()))
            if not refs:
                continue
            if self.collect is not None:
                for ref in refs:
                    s, r = (ref, partial.recipient) if not partial.supplier else (partial.supplier, ref)
                    slot = f"frame:{index}:{partial.trigger_start}:{partial.how}"
                    self.collect.append((s, r, completion_features(partial, index, ref, found), slot))
                continue
            model = self.pair_model
            assert model is not None
            p, ref = max((model.probability(completion_features(partial, index, ref, found)), ref) for ref in refs)
            if trace is not None:
                trace.append(
                    f"sentence {index}: pair model completes {partial.supplier or '?'} > {partial.recipient or '?'}"
                    f" with {ref} p={p:.2f} (threshold {model.threshold:.2f})"
                    + (" -> frame" if p >= model.threshold else "")
                )
            if p < model.threshold:
                continue
            frame = replace(partial, supplier=partial.supplier or ref, recipient=partial.recipient or ref, how="model")
            out += self._claims(sent, [frame], doc, attrib, trace)
        return out

    def _completed(
        self,
        partials: list[tuple[int, Sentence, Attribution, Frame]],
        known: list[Known],
        doc: _DocState,
        trace: list[str] | None,
        parties: Callable[[], Counterparts] | None = None,
        mentions: list[Mention] | None = None,
        refused: dict[int, set[tuple[str, str]]] | None = None,
        left: list[tuple[int, Sentence, Attribution, Frame]] | None = None,
    ) -> list[_Draft]:
        """Claims of the one-party frames whose other party another frame of the document names (`context`),
        or, in a document without any two-party frame, its dominant counterpart (`context.dominant`). `left`, when
        given, receives the frames no rule completed (the pair model's, `_learned_completions`)."""
        out: list[_Draft] = []
        nominal = doc.lex.cues.get("nominals")
        named: Counterparts | None = None  # built on first use: most documents never need it
        affirmed: list[tuple[int, Frame]] | None = None  # the same (`_affirmed_partials`, for `joined`)
        hedged: set[tuple[int, str]] = set()  # (sentence, party) of the alleged ones among them
        for index, sent, attrib, partial in partials:
            how_s, how_r = partial.how.split(">")
            if (
                nominal is not None
                and nominal.fullmatch(partial.trigger)
                and (how_r if how_s == "?" else how_s) not in _SOURCES
            ):
                # "a moratorium on arms exports", "the US confirmed the deliveries": a noun whose one party is
                # its announcer or owner asserts no transfer of its own
                if trace is not None:
                    trace.append(
                        f"sentence {index}: partial frame on the noun {partial.trigger!r} -> dropped: its"
                        " party is its announcer or owner, not a role of its own"
                    )
                continue
            if home_made(partial, sent):
                if trace is not None:
                    trace.append(
                        f"sentence {index}: partial frame ? > {partial.recipient} ({partial.cls} {partial.trigger!r})"
                        " -> dropped: its recipient makes the named system itself (a home order takes no supplier)"
                    )
                continue
            notes: list[str] | None = None if trace is None else []
            # "were flown on to Liberia": the goods' holder is the supplier (`context.complete`)
            cues = sent.cues or sentence_cues(sent, doc.lex)
            moved_on = cues.has("onward_move", partial.clause_start, partial.clause_end)
            done = complete(partial, index, known, frozenset(m.ref for m in sent.actors), notes, moved_on)
            vetoed = (partial.supplier, partial.recipient) in (refused or {}).get(index, ())
            if vetoed and notes is not None:
                notes.append("a veto dropped this reading")
            if done is None and partial.cls in _DOMINANT_CLASSES and not vetoed:
                done = local(partial, index, sent, doc.lex, known, notes)  # the one other party of its own clause
                if done is None:  # "la Russie manque d'obus ; la Corée du Nord lui en a livré"
                    done = clitic_recipient(partial, index, sent, doc.lex, known, notes)
                if done is None:  # "Deutschland wird der Ukraine Marder überlassen, und die USA schicken Bradley"
                    done = gapped_recipient(partial, index, sent, doc.lex, known, notes)
                if done is None:  # "Россия передаст купленные из Ирана беспилотники": Russia bought them
                    done = participle_buyer(partial, index, sent, doc.lex, known, notes)
                if done is None and mentions is not None:  # "... Turkish-made drones." "The drones arrived in ..."
                    done = origin_before(partial, index, doc.spans, mentions, doc.folded, known)
            if (
                done is None
                and not known
                and parties is not None
                and partial.cls in _DOMINANT_CLASSES
                and not has_plural_anaphor(doc.folded, sent.start, sent.end)  # "these countries": a list, or none
            ):
                if named is None:
                    named = parties()
                done = dominant(partial, index, named)
            dones = [done] if done is not None else []
            if done is None and mentions is not None and partial.cls in _DOMINANT_CLASSES and not vetoed:
                # "Patriot systems arrived in Ukraine." "The minister thanked Germany, the US and the Netherlands"
                dones = thanked_near(partial, index, doc.spans, mentions, doc.folded, known)
                done = dones[0] if dones else None
            if done is None and mentions is not None and not vetoed:
                # "Croatia received its first Rafale jets": the maker of the named system, as a last resort
                done = maker_origin(partial, index, sent, mentions, known, doc.lex, notes)
                dones = [done] if done is not None else []
            if done is None and not known and not vetoed:
                # "... a freighter that had sailed from Cuba." "... whether the cargo breached the embargo on
                # Pyongyang": the other side from the one complementary one-party frame nearby
                if affirmed is None:
                    affirmed, hedged = _affirmed_partials(partials, nominal, doc.lex)
                done = joined(partial, index, affirmed, doc.spans, notes)
                dones = [done] if done is not None else []
            if done is None or (done.how in ("topic", "document-topic") and partial.cls not in _TOPIC_CLASSES):
                if trace is not None:
                    trace.append(
                        f"sentence {index}: partial frame {partial.supplier or '?'} > {partial.recipient or '?'}"
                        f" ({partial.cls} {partial.trigger!r}) -> dropped: no frame of the document names the other"
                        " party"
                        + (f" (context and own clause: {'; '.join(notes)})" if notes else "")
                        + (
                            f" in its role ({partial.cls} takes it from a frame of the same role only)"
                            if done is not None
                            else ""
                        )
                    )
                if left is not None and done is None:
                    left.append((index, sent, attrib, partial))
                continue
            for done in dones:
                claim = self._completion(sent, done, doc, attrib, index, trace)
                if claim is not None and done.how == "joined":
                    claim = _as_hedged(claim, done, partial, hedged, trace)
                if claim is not None:
                    out.append(claim)
        return out

    def _completion(
        self, sent: Sentence, done: Completion, doc: _DocState, attrib: Attribution, index: int, trace: list[str] | None
    ) -> _Draft | None:
        """The claim of a completed one-party frame, with the sentence that named the other party as support."""
        support = (done.source.start, done.source.end)
        claim = self._claim(sent, done.frame, doc, attrib, None if support == (sent.start, sent.end) else support)
        if trace is not None:
            frame = done.frame
            head = (
                f"sentence {index}: partial frame completed ({done.how}, from sentence {done.source.sentence}: "
                f"{done.source.frame.supplier} > {done.source.frame.recipient}) -> {frame.supplier} > "
                f"{frame.recipient} by {frame.cls} trigger {frame.trigger!r} roles {frame.how}"
            )
            trace.append(head + _outcome(frame, claim, sent, doc.lex))
        return claim

    def _build(self, draft: _Draft, text: str, lang: str) -> Claim:
        actors = self.gazetteer.actors
        frame = draft.frame
        return Claim(
            supplier=actors[draft.supplier],
            recipient=actors[draft.recipient],
            status=draft.status,
            items=draft.items,
            quantity=None if draft.quantity is None else to_quantity(draft.quantity),
            when=draft.when,
            claimant=draft.claimant,
            confidence=draft.confidence,
            evidence=ClaimEvidence(
                text=text[draft.start : draft.end],
                start=draft.start,
                end=draft.end,
                lang=lang,
                rule=f"{lang}:{frame.cls}:{_rule_word(frame.trigger)}:{frame.how}",
                context=None if draft.support is None else draft.support,
                context_text=None if draft.support is None else text[draft.support[0] : draft.support[1]],
            ),
            notes=(f"status:{draft.cue}", f"passive:{frame.passive}"),
        )

    def _claim(
        self,
        sent: Sentence,
        frame: Frame,
        doc: _DocState,
        attrib: Attribution,
        support: tuple[int, int] | None = None,
    ) -> _Draft | None:
        timings = self.timings
        t0 = perf_counter()
        lex = doc.lex
        status, cue = status_of(sent, frame, lex)
        t1 = perf_counter()
        timings["status"] += t1 - t0
        if status is None:
            return None
        weapons = [m for m in sent.weapons if frame.span_start <= m.start and m.end <= frame.span_end]
        if not weapons:
            weapons = [m for m in sent.weapons if frame.clause_start <= m.start and m.end <= frame.clause_end]
        if not weapons and frame.cls in ("move", "origin"):  # arguments read over the whole sentence
            weapons = list(sent.weapons)
        if not weapons and frame.clause_kind in ("rel", "comp"):
            # "the drones that Iran sent to Russia", "Беспилотники, которые Иран поставил России"
            weapons = [m for m in sent.weapons if m.end <= frame.clause_start and frame.clause_start - m.end <= 3]
            if not weapons:  # "i missili balistici che ha acquistato": its antecedent, an adjective between
                weapons = goods_before(sent, frame.clause_start)
            if not weapons:  # (or one adjective after them: "i missili balistici che la Russia aveva acquistato")
                weapons = [
                    m for m in sent.weapons if m.end <= frame.clause_start and _antecedent(sent.folded, m, frame)
                ]
        if not weapons and "carry" in frame.how:
            # "hatte die Drohnen eingelagert, dann aber an Russland geliefert": a clause that shares its governing
            # clause's subject shares its elided object
            weapons = [m for m in sent.weapons if m.end <= frame.clause_start]
        if not weapons and (frame.clause_start > sent.start or not sent.weapons):
            # "Mosca li aveva venduti a Damasco", "Moscou les a livrés": an object pronoun right before the verb
            # (an auxiliary between at most) stands for the weapons named earlier in the sentence
            # or right after it ("Iran had sold them to Russia", "продал их России")
            cues = sent.cues or sentence_cues(sent, lex)
            ts, te = frame.trigger_start, frame.trigger_end
            hits = cues.finditer("object_pronouns", max(frame.clause_start, ts - 24), min(te + 6, frame.clause_end))
            if any(
                (b <= ts and len(sent.folded[b:ts].split()) <= 1) or (a >= te and not sent.folded[te:a].strip())
                for a, b, _ in hits
            ):
                weapons = [m for m in sent.weapons if m.end <= frame.clause_start]
                if not sent.weapons:
                    # "The parts ... from where the Netherlands had been shipping them to Israel": no weapon in the
                    # pronoun's sentence, so it stands for the weapons of the sentence before
                    weapons = doc.previous_weapons(sent.start)
        if (
            not weapons
            and sent.pronoun_goods
            and not sent.weapons
            and frame.clause_start == sent.start
            and _pronoun_first(sent.folded, sent.start, sent.end, sent.cues or sentence_cues(sent, doc.lex))
        ):
            # "They were delivered to Russia by rail": the plural pronoun opening the sentence is its goods, those of
            # the sentence before
            weapons = doc.previous_weapons(sent.start)
        if not weapons and sent.pronoun_goods and not sent.weapons:
            cues = sent.cues or sentence_cues(sent, doc.lex)
            if cues.search("type_anaphors", sent.start, sent.end) is not None:
                weapons = doc.earlier_weapons(sent.start)  # "des versions dérivées", "de ce type": the goods before
        if sent.pronoun_goods and not (weapons and weapons[-1].end <= sent.start):
            return None  # a sentence let in for its pronoun claims only the goods the pronoun stands for
        if weapons:
            items = _items(weapons, sent.folded)
        elif frame.cls == "arm":  # the verb says "weapons" without naming them
            items = (Item(category=_UNSPECIFIED, designation=None, text=frame.trigger),)
        else:
            return None
        t2 = perf_counter()
        quantity = None
        for m in weapons:
            quantity = doc.quantity(m.start)
            if quantity is not None:
                break
        t3 = perf_counter()
        timings["quantity"] += t3 - t2
        cues = sent.cues or sentence_cues(sent, lex)
        found = doc.date(frame.span_start, frame.span_end, cues)
        if found is None:  # "In August, Iran delivered ..."; not after the span, where "reported Tuesday" sits
            found = doc.date(frame.clause_start, frame.span_start, cues)
        t4 = perf_counter()
        timings["dates"] += t4 - t3
        confidence = _BASE_CONFIDENCE[status] * frame.score + (0.05 if attrib.claimant else 0.0)
        return _new_draft(  # positional, as `_Draft(...)` would store them
            _Draft,
            (
                frame.supplier,
                frame.recipient,
                status,
                items,
                quantity,
                found.when if found else None,
                attrib.claimant,
                round(min(confidence, 0.95), 2),
                sent.start,
                sent.end,
                frame,
                cue,
                support,
            ),
        )


def _with_plurals(
    mentions: list[Mention], plurals: dict[int, tuple[str, ...]], text: str, trace: list[str] | None
) -> list[Mention]:
    """An actor mention for each plural anaphor, standing for the first state of its list (the others are added to
    the frames it takes part in, `_expand_plurals`)."""
    starts = [m.start for m in mentions]
    added = []
    for start, refs in plurals.items():
        i = bisect.bisect_left(starts, start)
        end = start + len(text[start:].split(maxsplit=2)[0]) + 1 + len(text[start:].split(maxsplit=2)[1])
        if (i < len(mentions) and mentions[i].start < end) or (i > 0 and mentions[i - 1].end > start):
            continue  # part of a name, or already a mention
        added.append(Mention(start, end, "actor", refs[0], text[start:end], False, None, None))
        if trace is not None:
            trace.append(f"plural anaphor {text[start:end]!r} [{start}:{end}] stands for {', '.join(refs)}")
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


def _drop_crossed_lists(frames: list[Frame], sent: Sentence, trace: list[str] | None) -> list[Frame]:
    """X > Y and Y > X from one trigger, X and Y coordinated ("Dänemark und die Niederlande werden der Ukraine
    ... überlassen"): a list read as subject and object, which neither frame is."""
    by_trigger = {(f.trigger_start, f.supplier, f.recipient) for f in frames}
    crossed = {
        (f.trigger_start, f.supplier, f.recipient)
        for f in frames
        if (f.trigger_start, f.recipient, f.supplier) in by_trigger and _coordinated(sent, f.supplier, f.recipient)
    }
    if not crossed:
        return frames
    if trace is not None:
        trace.append(f"  dropped crossed frames of a coordinated list: {sorted(f'{a} > {b}' for _, a, b in crossed)}")
    return [f for f in frames if (f.trigger_start, f.supplier, f.recipient) not in crossed]


def _coordinated(sent: Sentence, a: str, b: str) -> bool:
    """Whether mentions of `a` and `b` stand next to each other joined by a conjunction ("X and Y", "X und die Y")."""
    actors = sent.actors
    for first, second in pairwise(actors):
        if {first.ref, second.ref} == {a, b} and COORDINATION.fullmatch(sent.folded[first.end : second.start]):
            return True
    return False


def _expand_plurals(frames: list[Frame], plurals: dict[int, tuple[str, ...]], s: int, e: int) -> list[Frame]:
    """A frame whose party is a plural anaphor of the sentence holds for every state of the anaphor's list."""
    out = list(frames)
    for start, refs in plurals.items():
        if not s <= start < e:
            continue
        for f in frames:
            if not f.span_start <= start < f.span_end:
                continue
            if f.supplier == refs[0]:
                out.extend(replace(f, supplier=r) for r in refs[1:] if r != f.recipient)
            elif f.recipient == refs[0]:
                out.extend(replace(f, recipient=r) for r in refs[1:] if r != f.supplier)
    return out


def _institutions(mentions: list[Mention], cues: TextCues, folded: str) -> list[Mention]:
    """A demonym next to an institution noun names the state as a party ("the Italian government", "il governo
    italiano", "российская армия"), never the origin of weapons: its demonym flag is cleared. One look-up of the
    institution words per document, then a bisection per demonym."""
    hits = cues.finditer("institutions", 0, len(folded))
    if not hits:
        return mentions
    starts = [h[0] for h in hits]
    out = []
    for m in mentions:
        if m.kind == "actor" and m.demonym:
            i = bisect.bisect_left(starts, m.end)
            # at most one word between ("the Italian armed forces"): a regex at m.end, not a split of what may be
            # the rest of the document
            after = i < len(hits) and _TWO_WORDS.match(folded, m.end, hits[i][0]) is None
            before = i > 0 and hits[i - 1][1] <= m.start and not folded[hits[i - 1][1] : m.start].strip()
            if after or before:
                m = m._replace(demonym=False)
        out.append(m)
    return out


_VEHICLES = frozenset((WeaponCategory.AIRCRAFT.value, WeaponCategory.SHIP.value, WeaponCategory.ARMOURED_VEHICLE.value))


def _drop_carriers(inside: list[Mention], cues: TextCues, end: int, trace: list[str] | None) -> list[Mention]:
    """Vehicles that carry people or relief ("un avión con una delegación", "a plane with humanitarian aid",
    "пасажирських літаків") are not arms: their weapon mention is dropped when a `not_arms` cue follows within 40
    characters or stands right before it."""
    out = []
    for m in inside:
        if m.kind == "weapon" and m.ref in _VEHICLES and (
            cues.search("not_arms", m.end, min(end, m.end + 40)) or _right_before(cues, "not_arms", m.start)
        ):
            if trace is not None:
                trace.append(f"  dropped weapon {m.text!r}: carries people or relief (not arms)")
            continue
        out.append(m)
    return out


def _right_before(cues: TextCues, name: str, at: int) -> bool:
    """Whether a cue of class `name` ends right before `at` (spaces between at most: "passenger jets")."""
    hits = cues.finditer(name, max(0, at - 30), at)
    return bool(hits) and not cues.folded[hits[-1][1] : at].strip()


def _trace_sentence(trace: list[str], index: int, text: str, s: int, e: int, inside: list[Mention]) -> None:
    trace.append(f"sentence {index} [{s}:{e}]: {text[s:e]!r}")
    for m in inside:
        extra = []
        if m.demonym:
            extra.append("demonym")
        if m.designation:
            extra.append(f"designation={m.designation}")
        if m.nominative is not None:
            extra.append("nominative" if m.nominative else "oblique")
        trace.append(f"  mention {m.kind} {m.ref} {text[m.start : m.end]!r} [{m.start}:{m.end}] {' '.join(extra)}")


def _trace_triggers(trace: list[str], sent: Sentence, lex: Lexicon) -> None:
    cues = sent.cues or sentence_cues(sent, lex)
    for (_, cls, status), name in zip(lex.triggers, lex.trigger_names, strict=True):
        for ts, te, word in cues.finditer(name):
            trace.append(f"  trigger {word!r} [{ts}:{te}] class={cls} status={status}")
    for name in (
        "hypothetical",
        "warning",
        "refusal",
        "abandoned",
        "wish",
        "pending_deal",
        "neg_determiner",
        "negation",
        "denial",
        "alleged",
        "ordered",
        "concessive",
    ):
        for ts, _, word in cues.finditer(name) if lex.cues.get(name) is not None or name in lex.scanner.indexed else ():
            trace.append(f"  cue {name} {word!r} at {ts}")


def _antecedent(folded: str, weapon: Mention, frame: Frame) -> bool:
    """Whether the weapons stand right before the frame's relative or complement clause (at most one word, their
    adjective, between): the goods the clause is about."""
    gap = folded[weapon.end : frame.clause_start]
    return len(gap) <= 3 or len(gap.strip(" ,«»\"'“”").split()) <= 1


def _trace_frame(trace: list[str], frame: Frame, claim: _Draft | None, sent: Sentence, lex: Lexicon) -> None:
    head = (
        f"  frame {frame.supplier} > {frame.recipient} by {frame.cls} trigger {frame.trigger!r} roles {frame.how}"
        f" clause [{frame.clause_start}:{frame.clause_end}] ({frame.clause_kind})"
    )
    trace.append(head + _outcome(frame, claim, sent, lex))


def _outcome(frame: Frame, claim: _Draft | None, sent: Sentence, lex: Lexicon) -> str:
    """What `_claim` made of a frame, for the trace: the claim kept, or why it dropped the frame."""
    if claim is not None:
        return f" -> kept: {claim.status.value} (cue {claim.cue}), confidence {claim.confidence}"
    status, cue = status_of(sent, frame, lex)  # asked again, for the trace only
    why = f"no status: {cue}" if status is None else "no weapon in the clause, nor a pronoun for one"
    return f" -> dropped ({why})"


#: Stages timed inside "frames" (`Extractor.timings`): the benchmark reports "frames" without them.
NESTED_STAGES = (
    "status",
    "quantity",
    "dates",
    "pairs",
    "cue index",
    "anaphora",
    "attribution",
    "find frames",
    "vetoes",
    "backoff",
    "document passes",
)


class _DocState:
    """Per-document memo of the per-claim lookups: several frames of a sentence share weapons and spans."""

    __slots__ = ("dates", "folded", "lang", "lex", "published", "quantities", "spans", "weapons")

    def __init__(self, folded: str, lex: Lexicon, lang: str, published: date | None) -> None:
        self.folded = folded
        self.lex = lex
        self.lang = lang
        self.published = published
        self.quantities: dict[int, QuantityFields | None] = {}
        self.dates: dict[tuple[int, int], DateMention | None] = {}
        self.weapons: list[Mention] = []
        self.spans: list[tuple[int, int]] = []

    def previous_weapons(self, start: int) -> list[Mention]:
        """The weapons of the sentence before the one starting at `start` (none when it names none)."""
        prev = next((s for s, e in reversed(self.spans) if e <= start), None)
        if prev is None:
            return []
        return [m for m in self.weapons if prev <= m.start and m.end <= start]

    def earlier_weapons(self, start: int) -> list[Mention]:
        """The weapons of the last sentence before the one starting at `start` that names any."""
        before = [m for m in self.weapons if m.end <= start]
        if not before:
            return []
        last = next(s for s, e in reversed(self.spans) if s <= before[-1].start)
        return [m for m in before if m.start >= last]

    def quantity(self, start: int) -> QuantityFields | None:
        if start not in self.quantities:
            self.quantities[start] = quantity_fields(self.folded, start, self.lex)
        return self.quantities[start]

    def date(self, start: int, end: int, cues: SentenceCues) -> DateMention | None:
        key = (start, end)
        if key not in self.dates:
            self.dates[key] = find_date(self.folded, start, end, self.lang, self.published, cues)
        return self.dates[key]


def _doc_roles(claims: list[_Draft], mentions: list[Mention]) -> DocRoles:
    """What the rules claimed in the document, for the pair model's features (`pairmodel.DocRoles`)."""
    affirmed = [c for c in claims if c.status is not TransferStatus.DENIED]
    return DocRoles(
        frozenset(c.supplier for c in affirmed),
        frozenset(c.recipient for c in affirmed),
        _most_named(mentions),
        frozenset((c.supplier, c.recipient) for c in claims) | frozenset((c.recipient, c.supplier) for c in claims),
    )


def _most_named(mentions: list[Mention]) -> str:
    """The actor the document names most often (the first named on a tie)."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.kind == "actor":
            counts[m.ref] = counts.get(m.ref, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else ""


def _is_candidate(mentions: list[Mention]) -> bool:
    """A sentence can hold a transfer only with a weapon term and two different actors."""
    first: str | None = None
    two = weapon = False
    for m in mentions:
        kind = m.kind
        if kind == "weapon":
            weapon = True
        elif kind == "actor" and not two:
            if first is None:
                first = m.ref
            elif m.ref != first:
                two = True
        if two and weapon:
            return True
    return False


def _one_actor_and_weapon(mentions: list[Mention]) -> bool:
    """One actor (or several mentions of one) and a weapon term: room for a one-party frame."""
    return any(m.kind == "weapon" for m in mentions) and any(m.kind == "actor" for m in mentions)


_FIRST_WORD = re.compile(r"\W*(\w+)")


def _pronoun_first(folded: str, s: int, e: int, cues: TextCues | SentenceCues) -> bool:
    """Whether the sentence folded[s:e] opens with a plural pronoun that may stand for goods (`goods_pronouns` of the
    lexicon: "They were delivered ...", "Их доставили ...")."""
    first = _FIRST_WORD.match(folded, s, e)
    if first is None:
        return False
    hit = cues.search("goods_pronouns", first.start(1), first.end(1))
    return hit is not None and hit[0] == first.start(1) and hit[1] == first.end(1)


def _two_actors(mentions: list[Mention]) -> bool:
    return len({m.ref for m in mentions if m.kind == "actor"}) >= 2


@lru_cache(maxsize=4096)
def _rule_word(word: str) -> str:
    return _SPACES.sub("-", word.strip())


@lru_cache(maxsize=8192)
def _item(ref: str, designation: str | None, text: str) -> Item:
    """The (frozen) item of a weapon mention, shared: documents name the same weapons in the same words again."""
    return Item(category=_CATEGORY[ref], designation=designation, text=text)


def _items(weapons: list[Mention], folded: str) -> tuple[Item, ...]:
    """Weapon items in text order: specific categories first, "arms" only when nothing more precise is named;
    an artillery word next to an ammunition word qualifies it ("артиллерийские снаряды")."""
    if len(weapons) == 1:  # the usual case; what the steps below make of a single weapon
        m = weapons[0]
        return (_item(m.ref, m.designation, m.text),)
    out: list[Item] = []
    ordered = weapons  # mentions come in text order
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
        out.append(_item(m.ref, m.designation, m.text))
    named = {i.category for i in out if i.designation}
    out = [i for i in out if i.designation or i.category not in named]  # "дроны Герань-2" is one item
    specific = [i for i in out if i.category is not _UNSPECIFIED]
    return tuple(specific or out[:1])


class _Draft(NamedTuple):
    """A claim before the document's claims are merged; only the survivors become `Claim`s."""

    supplier: str
    recipient: str
    status: TransferStatus
    items: tuple[Item, ...]
    quantity: QuantityFields | None
    when: str | None
    claimant: str | None
    confidence: float
    #: The evidence sentence's offsets.
    start: int
    end: int
    #: What the rule name and notes are made of (only for the claims that survive the merge).
    frame: Frame
    cue: str
    #: For a claim completed from the document: the sentence that named the other party.
    support: tuple[int, int] | None


_new_draft = tuple.__new__
_STRENGTH = {status: status.strength for status in TransferStatus}


#: How far after an institution its transfer word may stand: a few words ("is sending", "approved the sale of").
_ACTING_REACH = 40
_ACTING_WORDS = 3
#: A topic preposition before the transfer word makes it the topic of another verb ("accused by the White House of
#: shipping missiles"): the institution accuses, it does not ship.
_TOPIC_PREPS = frozenset(("of", "de", "d'", "di", "del", "von", "о", "об", "про", "o"))


def _acting(mentions: list[Mention], acting: dict[str, str], cues: TextCues, lex: Lexicon) -> list[Mention]:
    """A claimant institution of one state (`acting`: name -> state) that is the subject of a transfer word a few
    words on, with no speech verb between, acts for its state: "the State Department approved the sale of missiles
    to Taiwan", "Госдеп одобрил продажу Тайваню ракет". Speaking, it stays a claimant ("the Pentagon said ...")."""
    out: list[Mention] = []
    for m in mentions:
        state = acting.get(m.ref) if m.kind == "claimant" else None
        if state is not None:
            hits = [h for name in lex.trigger_names if (h := cues.search(name, m.end, m.end + _ACTING_REACH))]
            first = min(hits, key=lambda h: h[0]) if hits else None
            gap = cues.folded[m.end : first[0]].split() if first is not None else []
            if (
                first is not None
                and len(gap) <= _ACTING_WORDS
                and _TOPIC_PREPS.isdisjoint(gap)
                and cues.search("speech", m.end, first[0]) is None
                and cues.search("accusation", max(0, m.start - _ACTING_REACH), m.start) is None
            ):
                m = m._replace(kind="actor", ref=state)
        out.append(m)
    return out


def _maker_direction(claims: list[_Draft], folded: str, trace: list[str] | None) -> list[_Draft]:
    """A claim whose goods are all made by its recipient, from another supplier, read by a frame whose direction is
    open to doubt (`_weak_reading`), is read the wrong way round (a maker "obtaining" an order, a passive agent
    taken for the source): the parties swap, and the rule says so. Goods going back to their maker (a return, a
    buy-back, a repair) keep their direction (`maker_reversed`)."""
    out = claims
    for i, c in enumerate(claims):
        if not c.items or c.status is TransferStatus.DENIED or not _weak_reading(c.frame):
            continue
        names = [item.designation for item in c.items]
        surfaces = [fold(item.text) for item in c.items]
        if not maker_reversed(c.supplier, c.recipient, names, folded[c.start : c.end], surfaces):
            continue
        if out is claims:
            out = list(claims)
        frame = replace(c.frame, how=f"{c.frame.how}:maker-reversed")
        out[i] = c._replace(supplier=c.recipient, recipient=c.supplier, frame=frame)
        if trace is not None:
            trace.append(f"{c.supplier} > {c.recipient}: all its goods are made by the recipient -> reversed")
    return out


#: Roles a frame reads from the document, not its own clause (`context`, `backoff`, the pair model).
_FROM_DOCUMENT = frozenset(("ctx", "doc", "sent", "topic", "dest"))


def _weak_reading(frame: Frame) -> bool:
    """Whether a frame's direction is open to the maker check: an acquisition or a movement (whose agents and
    sources a passive or a participle may swap), or a party read from outside the clause. A transfer verb with its
    own subject and object ("Iran passed Russia twelve Su-30SM") keeps the direction the sentence states."""
    return frame.cls in ("acquire", "move") or not _FROM_DOCUMENT.isdisjoint(frame.how.replace("-", ">").split(">"))


def _with_claimant(claim: _Draft, claimant: str) -> _Draft:
    fields = list(claim)
    fields[6] = claimant
    fields[7] = round(min(claim.confidence + 0.05, 0.95), 2)
    return _new_draft(_Draft, fields)


def _richness(c: _Draft) -> tuple[int, int, int, float]:
    specific = sum(1 for i in c.items if i.category is not _UNSPECIFIED)
    return (
        specific + (1 if c.quantity else 0) + (1 if c.when else 0),
        _STRENGTH[c.status],
        len(c.items),
        c.confidence,
    )


def _merge(claims: list[_Draft]) -> list[_Draft]:
    """One claim per (supplier, recipient, affirmative?) in a document: the most informative sentence wins."""
    best: dict[tuple[str, str, bool], tuple[_Draft, tuple[int, int, int, float]]] = {}
    for c in claims:
        key = (c.supplier, c.recipient, c.status is not TransferStatus.DENIED)
        rich = _richness(c)
        if key not in best or rich > best[key][1]:
            best[key] = (c, rich)
    return sorted((c for c, _ in best.values()), key=lambda c: c.start)


@lru_cache(maxsize=1)
def get_extractor() -> Extractor:
    """The process-wide extractor."""
    return Extractor()


#: The cues that leave a frame naming who would be the parties, not who are.
_UNASSERTING = ("refusal", "warning", "abandoned", "wish")


def _as_hedged(
    claim: _Draft, done: Completion, partial: Frame, hedged: set[tuple[int, str]], trace: list[str] | None
) -> _Draft:
    """A pair joined from two one-party frames is as certain as its weaker half: alleged when the frame that lent
    the other side is only reported ("... unloaded from a ship from Iran." "The cargo may have been bound for
    Hamas": IR > Hamas alleged, not delivered)."""
    lent = done.frame.supplier if partial.supplier == "" else done.frame.recipient
    if (done.source.sentence, lent) not in hedged or claim.status == TransferStatus.ALLEGED:
        return claim
    if trace is not None:
        trace.append(f"  joined: alleged, as the half from sentence {done.source.sentence} ({lent})")
    return claim._replace(status=TransferStatus.ALLEGED, cue="joined-alleged")


def _affirmed_partials(
    partials: list[tuple[int, Sentence, Attribution, Frame]], nominal: re.Pattern[str] | None, lex: Lexicon
) -> tuple[list[tuple[int, Frame]], set[tuple[int, str]]]:
    """The one-party frames that may name a side for `context.joined`: those with a weapon in their clause and
    whose sentence affirms them (a refused, negated, denied or conditional frame names who would be a party, not
    who is), and not a transfer noun whose one party is its announcer or owner ("the US confirmed the deliveries");
    then the (sentence, party) of those only alleged (`_as_hedged`)."""
    out: list[tuple[int, Frame]] = []
    hedged: set[tuple[int, str]] = set()
    for index, sent, _, f in partials:
        how_s, how_r = f.how.split(">")
        if nominal is not None and nominal.fullmatch(f.trigger) and (how_r if how_s == "?" else how_s) not in _SOURCES:
            continue
        if not any(f.clause_start <= w.start < f.clause_end for w in sent.weapons):
            continue  # "says it has sent only humanitarian supplies": no goods of its own, no side to lend
        status, _ = status_of(sent, f, lex)
        if status is not None and status.affirmative:
            out.append((index, f))
            if status == TransferStatus.ALLEGED:
                hedged.add((index, f.supplier or f.recipient))
    return out, hedged


def _asserted(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """Whether the sentence does not refuse `frame`, warn against it, abandon it or only wish it: such a frame names
    who would be the parties, not who are, so it completes no one-party frame of another sentence
    (`context.Known.asserted`). A plan, a hearsay conditional or a negation still tell who the document's parties
    are."""
    cues = sent.cues or sentence_cues(sent, lex)
    if not any(cues.has(name) for name in _UNASSERTING) and not cues.has("evidence_nouns"):
        return True  # no cue of those classes in the sentence: status_of cannot answer with one (the common case)
    status, cue = status_of(sent, frame, lex)
    # "found no evidence that South Africa loaded arms for Russia": nobody asserts it, it names no party either
    return status is not None or (cue not in _UNASSERTING and cue != "no evidence")
