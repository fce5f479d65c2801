"""Frames with one party, completed from the document: news names a pair once and then goes on about it with
one party only ("Iran has sent ballistic missiles to Russia. ... Moscow already received the launchers";
"Varsovie a remis quatre MiG-29 à Kiev. La Slovaquie a transféré ses premiers MiG-29"; "Tehran has not handed
Moscow the launchers for the missiles it shipped to Russia").

A frame whose trigger, weapons and one party are in the sentence but whose other party is not (`Sentence.partial`)
takes that party from the frames of the document (`complete`), in this order of trust:

1. *same role*: a frame in which the party present plays the same role; its counterpart ("Moscow received" ->
   the supplier of the frame whose recipient is Russia), the nearest sentence (its own first), one before
   winning a tie with one after;
2. *topic*: else, for a party no frame of the document names, the counterpart role of the nearest frame of
   another sentence, before first ("La Slovaquie a transféré ses MiG-29" after "Varsovie a remis des MiG-29 à
   Kiev": Kyiv), within `TOPIC_REACH` sentences; never for the origin of weapons ("shot down Russian missiles").

3. *dominant* (`dominant`): in a document where no frame has two parties, the party the lead names and the
   document names most, by a margin ("Pyongyang has handed over rocket launchers, the report says" in an article
   about Russia); never a speaker, a demonym or a place, × `DOMINANT_SCORE`.

Frames dropped for their status (a plan, a condition, a denial) still tell who the document's parties are, so
they count as context; a refused frame does not (`Known.asserted`: "France refused to sell the Mistrals to
Russia"). A topic is never taken from a pair whose own party the one-party sentence names: that sentence tells the
next step of that party, not a parallel event ("Lithuania bought NASAMS from Norway. ... the Lithuanian agency
bought them to hand them to Ukraine" is no NO > UA). The own-clause completion (`local`) reads no pair around a
party that is a partner, a place or a design ("together with Finland", "the airport of Mogadishu", "a version of
the Russian Kornet"). A completed claim is less certain than one read in a sentence: its frame score is
multiplied by `SAME_ROLE_SCORE` or `TOPIC_SCORE`, and its evidence carries the sentence that named the other
party (`ClaimEvidence.context`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple

from ingest.news.backoff import _THANK, _THANK_GAP
from ingest.news.frames import PARTY_ROLES, Frame, Sentence, carrier_origins, flagged, origins, qualifies
from ingest.news.gazetteer import Mention
from ingest.news.lexicon import Lexicon
from ingest.news.text import DOC_LITERALS, fold

__all__ = [
    "CLITIC_SCORE",
    "DOCUMENT_TOPIC_SCORE",
    "DOMINANT_SCORE",
    "JOINED_SCORE",
    "LOCAL_SCORE",
    "ONWARD",
    "SAME_ROLE_SCORE",
    "TOPIC_REACH",
    "TOPIC_SCORE",
    "Completion",
    "Counterparts",
    "Known",
    "clitic_recipient",
    "complete",
    "counterparts",
    "dominant",
    "gapped_recipient",
    "headed",
    "joined",
    "local",
    "onward",
    "participle_buyer",
]

SAME_ROLE_SCORE = 0.85
TOPIC_SCORE = 0.75
#: A topic taken beyond `TOPIC_REACH`, from a document whose pairs all share one counterpart (`_topic_reach`).
DOCUMENT_TOPIC_SCORE = 0.65
DOMINANT_SCORE = 0.6
#: The document's counterpart must be named this many times more than any other party (`dominant`).
DOMINANT_MARGIN = 2
#: How many sentences away the topic of a document may be taken from.
TOPIC_REACH = 3


class Known(NamedTuple):
    """A frame with both parties, and the sentence it was read in."""

    sentence: int
    frame: Frame
    start: int
    end: int
    #: False when its sentence refuses it or warns against it ("France refused to hand the Mistrals to Russia"):
    #: it says who would be the parties, not who are, so it completes no other frame.
    asserted: bool = True


class Completion(NamedTuple):
    frame: Frame
    #: "same-role", "topic" or "document-topic" (a topic beyond `TOPIC_REACH`: `_topic_reach`).
    how: str
    #: The frame that named the missing party.
    source: Known


def _distance(index: int, other: int) -> float:
    """Nearest first; a sentence before beats one after at the same distance (news names a pair, then goes on)."""
    return float(index - other) if other <= index else other - index + 0.5


def _counterpart(f: Frame, missing_supplier: bool) -> str:
    return f.supplier if missing_supplier else f.recipient


def _holder_or_counterpart(f: Frame, present: str, missing_supplier: bool, moved_on: bool) -> str:
    """The party `f` gives a one-party frame as its topic: its counterpart, or, for goods moved on whose supplier
    is missing, its recipient, who holds them (`complete`'s `moved_on`)."""
    if moved_on and missing_supplier and f.recipient != present:
        return f.recipient
    return _counterpart(f, missing_supplier)


def _fits(f: Frame, present: str, missing_supplier: bool, how: str) -> bool:
    """Whether `f` could have named the missing party (the tests of `complete`, for ties)."""
    same, counterpart = (f.recipient, f.supplier) if missing_supplier else (f.supplier, f.recipient)
    return (same == present and counterpart != present) if how == "same-role" else counterpart != present



def _topic_reach(sources: list[Known], index: int, missing_supplier: bool) -> int:
    """How far the topic of sentence `index` may be taken from: `TOPIC_REACH`, or the whole document when every
    asserted pair of the other sentences has the same counterpart ("Schweden will der Ukraine Archer überlassen ...
    Die USA hatten die Lieferung von Bradleys zugesagt": an article about what Ukraine receives). Not when a pair
    of another counterpart stands anywhere in the document."""
    counterparts = {_counterpart(k.frame, missing_supplier) for k in sources if k.sentence != index}
    if len(counterparts) != 1:
        return TOPIC_REACH
    return len(sources) + index + 1  # beyond every sentence that holds a source


def _filled(partial: Frame, other: str, how: str, factor: float) -> Frame:
    """`partial` with `other` in its missing role, the role marked `how` in its rule and its score times `factor`."""
    if partial.supplier == "":
        return replace(partial, supplier=other, how=partial.how.replace("?", how), score=partial.score * factor)
    return replace(partial, recipient=other, how=partial.how.replace("?", how), score=partial.score * factor)

def complete(
    partial: Frame,
    index: int,
    known: list[Known],
    refs: frozenset[str] = frozenset(),
    notes: list[str] | None = None,
    moved_on: bool = False,
) -> Completion | None:
    """`partial` (one party "") with the missing party taken from `known`, or None when no frame names one.
    `refs` are the parties its own sentence names; `notes`, when given, receives why a frame was no source.
    `moved_on`: the partial's clause says the goods went on ("were flown on to Liberia", "переправлен"): a topic
    then gives its recipient, who held them, as the supplier (UA > BF, then BF > LR; never UA > LR)."""
    missing_supplier = partial.supplier == ""
    present = partial.recipient if missing_supplier else partial.supplier
    best: tuple[float, Known, str] | None = None
    # a refused frame names who would be the parties, not who are: it is no source ("France refused to sell the
    # Mistrals to Russia. ... Mistrals bought by Georgia from France" is no FR > RU)
    sources = [k for k in known if k.asserted]
    if notes is not None and len(sources) < len(known):
        notes.append(f"{len(known) - len(sources)} refused frame(s) of the document name no party")
    for k in sources:
        f = k.frame
        same, counterpart = (f.recipient, f.supplier) if missing_supplier else (f.supplier, f.recipient)
        if same == present and counterpart != present:
            d = _distance(index, k.sentence)
            if best is None or d < best[0]:
                best = (d, k, counterpart)
    how = "same-role"
    if (
        best is None
        and not partial.origin_used
        and not any(present in (k.frame.supplier, k.frame.recipient) for k in known)
    ):
        # the topic: a party no frame names yet takes the counterpart of a pair read in another sentence (not its
        # own, whose other frames have their own parties); never a party the document already gives another
        # role ("Poland receives ..." after "Poland handed MiGs to Ukraine"), nor the origin of weapons ("shot
        # down Russian missiles")
        how = "topic"
        reach = _topic_reach(sources, index, missing_supplier)
        for k in sources:
            if k.sentence == index:
                continue
            f = k.frame
            if (f.recipient if missing_supplier else f.supplier) in refs:
                # "Литва передала NASAMS" then "литовське відомство купувало ..., щоб передати їх Україні": the
                # source's own party is in the sentence, which is about its next step, not a parallel one
                if notes is not None:
                    notes.append(f"no topic from {f.supplier} > {f.recipient}: the sentence names its own party")
                continue
            counterpart = _holder_or_counterpart(f, present, missing_supplier, moved_on)
            d = _distance(index, k.sentence)
            if d <= reach and (best is None or d < best[0]):
                best = (d, k, counterpart)
    if best is None:
        return None
    nearest = best[0]
    holder = moved_on and how == "topic"  # the topic gave who holds the goods moved on (the loop above)
    if (
        len(
            {
                _holder_or_counterpart(k.frame, present, missing_supplier, holder)
                for k in sources
                if _distance(index, k.sentence) == nearest and _fits(k.frame, present, missing_supplier, how)
            }
        )
        > 1
    ):
        return None  # "Iran armed the Houthis and Hezbollah. ... shipped by Tehran": which one is not said
    _, source, counterpart = best
    if how == "topic" and nearest > TOPIC_REACH:
        how = "document-topic"  # only the document-wide reach found it: a weaker reading than a near topic
    marked = "ctx" if how == "same-role" else "topic"
    factor = SAME_ROLE_SCORE if how == "same-role" else TOPIC_SCORE if how == "topic" else DOCUMENT_TOPIC_SCORE
    frame = _filled(partial, counterpart, marked, factor)
    return Completion(frame, how, source)


#: A party read from the one complementary one-party frame of a nearby sentence (`joined`).
JOINED_SCORE = 0.6
#: How many sentences apart two one-party frames of one story may stand (`joined`).
JOIN_REACH = 2
#: Trigger classes of a one-party frame that `joined` pairs: transfers and the origin of goods, not their use
#: ("missiles fired at Kharkiv were North Korean": who fires them is no recipient of that frame).
_JOIN_CLASSES = frozenset(("supply", "acquire", "move", "origin"))


def _used_by(f: Frame) -> bool:
    """A use frame whose user is the agent of its participle ("used by Russia", "utilisés par la Russie")."""
    return f.cls == "use" and f.how.endswith(">by")


def joined(
    partial: Frame,
    index: int,
    others: list[tuple[int, Frame]],
    spans: list[tuple[int, int]],
    notes: list[str] | None = None,
) -> Completion | None:
    """`partial` completed from the one-party frame of another sentence that names the side it lacks ("... the
    North Korean freighter, which had sailed from Cuba." then "Panama asked the UN whether the cargo breached the
    arms embargo on Pyongyang": CU > KP; "Egypt wanted to buy rocket launchers." then "Egyptian businessmen ordered
    them in Pyongyang": KP > EG). The caller passes `others` only for a document where no frame names two parties,
    and only affirmed frames (not refused, negated, denied or conditional). Within `JOIN_REACH` sentences, every
    one-party frame must name the same party on each side: no competing supplier or recipient."""
    if partial.cls not in _JOIN_CLASSES and not _used_by(partial):
        return None
    missing_supplier = partial.supplier == ""
    present = partial.recipient if missing_supplier else partial.supplier
    # a use frame joins only in its own sentence, its user the agent of a participle: "The drones used by Russia
    # come from Iran"; across sentences a user is rarely who received the goods named there
    near = [
        (j, f)
        for j, f in others
        if abs(j - index) <= JOIN_REACH
        and (f.cls in _JOIN_CLASSES or (_used_by(f) and j == index))
        and (partial.cls != "use" or j == index)
    ]
    same_side = {
        f.recipient if missing_supplier else f.supplier for _, f in near if (f.supplier == "") == missing_supplier
    }
    # another sentence's frame, or in its own a participle's agent and another trigger ("used by Russia" ... "come
    # from Iran"; "Taiwan received missiles, angering China, which sent warships" joins nothing)
    other_side = [
        (j, f)
        for j, f in near
        if (j != index or (f.trigger_start != partial.trigger_start and (_used_by(f) or _used_by(partial))))
        and (f.supplier == "") != missing_supplier
    ]
    found = {f.supplier if missing_supplier else f.recipient for _, f in other_side}
    if not found:
        return None
    if len(found) != 1 or same_side - {present} or present in found:
        if notes is not None:
            notes.append(f"one-party frames nearby name {len(found)} other and {len(same_side)} same-side parties")
        return None
    j = min(other_side, key=lambda jf: abs(jf[0] - index))[0]
    frame = _filled(partial, found.pop(), "join", JOINED_SCORE)
    start, end = spans[j]
    return Completion(frame, "joined", Known(j, frame, start, end))


#: "from where" after a destination: the place is a stage of the route, the goods go on from it ("arrived in a
#: Polish port, from where they will be taken to Ukraine").
ONWARD = re.compile(
    r",\s*(?:from where|from there|d'ou|d'ici|von wo aus|von dort aus|von wo|desde donde|de donde|desde alli|"
    r"da dove|da li|de onde|dali|daí|dai|откуда|оттуда|звідки|звідти|skad|stamtad)(?!\w)"
)
_ONWARD_LITERALS = DOC_LITERALS.add(ONWARD)
#: Words that may stand between a transit destination and "from where" ("in einem polnischen Hafen, von wo").
_TRANSIT_GAP = 3


def onward(sent: Sentence, frames: list[Frame]) -> list[tuple[Frame, Frame]]:
    """(transit frame, onward frame) pairs of a sentence: a movement or supply frame whose recipient stands right
    before "from where", and the party the clause after it names ("Spanish tanks arrived in a Polish port, from
    where they will be handed to Ukraine": ES > UA, not ES > PL). The onward frame keeps the transit frame's
    trigger and status (the goods did arrive). Without a party of its own in the onward clause ("desde donde
    cruzará la frontera") the destination stands."""
    if not frames:
        return []
    if not DOC_LITERALS.within(_ONWARD_LITERALS, sent.folded, sent.start, sent.end):
        return []  # none of its words in the sentence (one pass per document: `text.DocLiterals`)
    hit = ONWARD.search(sent.folded, sent.start, sent.end)
    if hit is None:
        return []
    comma = sent.folded.find(",", hit.end(), sent.end)
    clause_end = sent.end if comma == -1 else comma
    ahead = [m for m in sent.actors if hit.end() <= m.start < clause_end and m.start not in sent.speakers]
    if not ahead:
        return []
    out: list[tuple[Frame, Frame]] = []
    for f in frames:
        if f.cls not in ("move", "supply") or f.trigger_start >= hit.start():
            continue
        place = next(
            (
                m
                for m in reversed(sent.actors)
                if m.ref == f.recipient
                and m.end <= hit.start()
                and len(sent.folded[m.end : hit.start()].split()) <= _TRANSIT_GAP
            ),
            None,
        )
        going = next((m for m in ahead if m.ref not in (f.recipient, f.supplier)), None)
        if place is None or going is None:
            continue
        how = f.how.split(">")[0] + ">onward"
        out.append((f, replace(f, recipient=going.ref, how=how, span_end=max(f.span_end, going.end))))
    return out


#: The most words between a supply verb and the origin of its object ("a livré à la Russie des obus fabriqués en": 7).
_HOP_GAP = 8


def upstream(sent: Sentence, lex: Lexicon, frames: list[Frame]) -> list[Frame]:
    """The hop before a supply frame whose subject passes on goods of another's make ("Israel flew 100 American-made
    TOW missiles to Iran", "l'Arabie saoudite a remis des armes de fabrication américaine à des milices"): whoever
    hands over goods made elsewhere got them from their maker (O > S), under the frame's own trigger and modality.
    Only the goods after the trigger, in its clause; only an origin that is neither side of the frame."""
    if not frames:
        return []
    origin = origins(sent, lex)
    if not origin:
        return []
    out: list[Frame] = []
    for f in frames:
        if f.cls != "supply" or f.origin_used or f.passive or not f.how.startswith("subj>"):
            continue
        for m in sent.actors:
            ref = origin.get(m.start)
            if ref is None or ref in (f.supplier, f.recipient) or len(ref) != 2:
                continue
            if not f.trigger_end <= m.start < f.clause_end:
                continue
            gap = sent.folded[f.trigger_end : m.start]
            if len(gap.split()) > _HOP_GAP or "," in gap or qualifies(m, sent, lex, "group_nouns"):
                continue  # the object right after the verb, not a phrase further on ("after the parade of X missiles")
            if any(a.start >= m.end and not sent.folded[m.end : a.start].strip() for a in sent.actors):
                continue  # "єменським хуситам": the demonym qualifies the party after it
            out.append(replace(f, supplier=ref, recipient=f.supplier, how="origin>hop", origin_used=True))
            break
    return out


class Named(NamedTuple):
    """Where a party is named in the document, as a party could be: not as a speaker, not as an adjective."""

    sentence: int
    #: The sentence's offsets.
    start: int
    end: int
    ref: str


Counterparts = list[Named]


def counterparts(
    mentions: list[Mention], spans: list[tuple[int, int]], speakers: set[int], folded: str, lex: Lexicon
) -> Counterparts:
    """The document's actor mentions that may be a party, each with its sentence: not a speaker, not an
    adjective, not a place ("the war in Ukraine")."""
    out: Counterparts = []
    index = 0
    for m in mentions:
        if m.kind != "actor" or m.demonym or m.start in speakers:
            continue
        tail = folded[max(0, m.start - 24) : m.start]
        found = {name for name, forward, _ in lex.role_tests if forward.search(tail)}
        if "other_preps" in found and not found & PARTY_ROLES:
            continue
        while index + 1 < len(spans) and m.start >= spans[index][1]:
            index += 1
        out.append(Named(index, spans[index][0], spans[index][1], m.ref))
    return out


def dominant(partial: Frame, index: int, named: Counterparts) -> Completion | None:
    """`partial` completed with the document's dominant counterpart, for a document in which no frame has two
    parties ("Pyongyang has handed over rocket launchers, the report says", in an article about Russia): the
    party other than the one present that the document names most, by `DOMINANT_MARGIN` over any other, and
    named in the lead (first sentence). Only for a sentence that names no other party (a one-party sentence);
    never a speaker, nor an origin adjective."""
    present = partial.supplier or partial.recipient
    counts: dict[str, int] = {}
    for n in named:
        if n.ref != present:
            counts[n.ref] = counts.get(n.ref, 0) + 1
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    ref, count = ranked[0]
    if len(ranked) > 1 and count - ranked[1][1] < DOMINANT_MARGIN:
        return None
    where = next((n for n in named if n.ref == ref and n.sentence == 0), None)
    if where is None or any(n.ref == ref and n.sentence == index for n in named):
        return None  # named in the sentence itself, in no role of the frame: its frame failed, not the document
    frame = _filled(partial, ref, "doc", DOMINANT_SCORE)
    return Completion(frame, "dominant", Known(where.sentence, frame, where.start, where.end))


#: A co-party read from the partial frame's own sentence is less certain than a role the frame gave it.
LOCAL_SCORE = 0.7
#: Role lists whose preposition marks the receiving side ("to", "for", "bound for", "by" of an acquirer), and the
#: supplying side ("from", "by" of a supplier): a co-party after one of them cannot take the other side.
_RECEIVING = frozenset(("supply_recipient", "move_recipient", "destination", "acquire_recipient"))
_SUPPLYING = frozenset(("supply_supplier", "acquire_supplier"))


def _preps(m: Mention, sent: Sentence, lex: Lexicon) -> frozenset[str]:
    """The role lists of the preposition before `m`, or before the force it names ("від армії США", "to the
    army of Mali")."""
    at = m.start
    if sent.cues is not None:
        for a, b, _ in sent.cues.finditer("institutions", max(sent.start, m.start - 40), m.start):
            if len(sent.folded[b : m.start].split()) <= 1:
                at = a
    tail = sent.folded[max(0, at - 24) : at]
    return frozenset(name for name, forward, _ in lex.role_tests if forward.search(tail))


def _source(m: Mention, sent: Sentence, partial: Frame) -> bool:
    """Whether a claim word ("accused", "said", "according to") stands between `m` and the trigger: `m` is whose
    claim it is ("Les États-Unis avaient accusé Moscou d'avoir ...") or stands in the clause of the claim ("...
    прибыли на Украину, сообщили чиновники в России")."""
    return _between(m, sent, partial, ("alleged", "speech", "denial"))


def _between(m: Mention, sent: Sentence, partial: Frame, classes: tuple[str, ...]) -> bool:
    """Whether a cue of one of `classes` stands between `m` and the trigger of `partial`."""
    if sent.cues is None:
        return False
    a, b = (m.end, partial.trigger_start) if m.end <= partial.trigger_start else (partial.trigger_end, m.start)
    return any(sent.cues.search(name, a, b) is not None for name in classes)


#: How many words may stand between a demonym and the weapon or force it qualifies ("armamento norte-coreano",
#: "rosyjskiego systemu S-400", "l'armée malienne").
_MODIFIER_GAP = 2


def _next_to(m: Mention, near: list[tuple[int, int]], folded: str, after: int = _MODIFIER_GAP) -> bool:
    """Whether `m` stands at most `_MODIFIER_GAP` words before one of the spans `near`, or `after` words after it
    (after a weapon, an origin phrase follows the noun and its adjective: "missili balistici di origine
    iraniana")."""
    return any(
        len(folded[b : m.start].split()) <= after if b <= m.start else len(folded[m.end : a].split()) <= _MODIFIER_GAP
        for a, b in near
    )


def _modifies_goods(m: Mention, sent: Sentence, lex: Lexicon) -> bool:
    """Whether demonym `m` stands next to a weapon term or an institution ("army", "forces") of the sentence, or
    qualifies the ship or truck that carries the weapons ("Північнокорейське судно з ракетами")."""
    forces = [] if sent.cues is None else [(a, b) for a, b, _ in sent.cues.finditer("institutions")]
    return (
        _next_to(m, [(w.start, w.end) for w in sent.weapons], sent.folded, _MODIFIER_GAP + 1)
        or _next_to(m, forces, sent.folded)
        or m.start in carrier_origins(sent, lex)
    )


def _licensed(sent: Sentence) -> bool:
    """Whether the sentence says the goods were built under licence, co-produced or at a local plant ("recibe
    drones diseñados por Irán y fabricados bajo licencia en una planta local", "conçus par l'Allemagne et fabriqués
    sous licence"): its other party then names the design, not who handed the goods over (the frames' own rule
    for origins is `vetoes._made_elsewhere`). A "from" party of the frame's clause was read by the frame already."""
    cues = sent.cues
    return cues is not None and cues.search("local_make", sent.start, sent.end) is not None


def _passed_over(m: Mention, sent: Sentence, lex: Lexicon, partial: Frame, missing_supplier: bool) -> str | None:
    """Why `m` cannot be the missing party of `partial`, or None when it can."""
    if not partial.clause_start <= m.start < partial.clause_end:
        return "is in another clause"  # "Sudán acusa a los EAU de suministrar a las FAR": the accuser is no party
    if m.demonym and not _modifies_goods(m, sent, lex):
        return "qualifies neither the goods nor a force"  # "l'offensive russe"
    if flagged(m, sent, lex):
        return "names the flag a ship flies"  # "sous pavillon bolivien": a registry, no side of the transfer
    if qualifies(m, sent, lex, "group_nouns"):
        return "qualifies a group"  # "ливанским боевикам": the group receives, not Lebanon
    if _source(m, sent, partial):
        return "is whose claim it is"  # "Les États-Unis avaient accusé Moscou d'avoir ..."
    if _between(m, sent, partial, ("negation", "refusal", "warning", "hypothetical")):
        # "l'Ungheria non permetterà il transito di armi destinate all'Ucraina": the party's own verb is negated
        return "is the subject of a negated, refused or conditional verb of its own"
    if seized_by(m, sent):
        return "seized the goods"  # "Poland seized drones bound for Belarus": the seizer is neither side
    if missing_supplier and _licensed(sent):
        return "designed goods the sentence says were made under licence or locally"
    found = _preps(m, sent, lex)
    if missing_supplier and m.start > partial.trigger_end and not m.demonym and not found & _SUPPLYING:
        return "follows the verb without 'from'"  # "would not hurt US stockpiles"
    if "other_preps" in found and not found & PARTY_ROLES:
        return "is a place"  # "in Ukraine"
    own_side, other_side = (_RECEIVING, _SUPPLYING) if missing_supplier else (_SUPPLYING, _RECEIVING)
    if found & own_side and not found & other_side:
        return "has the role the frame has"  # "shipped to Russia" is no supplier
    return None


#: The agent word of a passive seizure, alone between the seizure word and its party ("seized by the Polish navy",
#: "saisis par la Pologne", "przechwycone przez Polskę"); folded text.
_AGENT_BEFORE = re.compile(
    r"\s*(?:by|par|von|vom|por|pelo|pela|pelos|pelas|da|dalla|dal|dai|dalle|przez)(?:\s+(?:the|la|le|l'|el|"
    r"los|las|il|lo|o|a|os|as|der|die|den|dem))?\s*"
)


def seized_by(m: Mention, sent: Sentence) -> bool:
    """Whether `m` is who seized or intercepted the goods: the bare subject right before a seizure verb ("Poland
    seized", "La Pologne a saisi", "Polska przechwyciła"; at most three words between, no comma) or its agent after
    it ("seized by Poland")."""
    if sent.cues is None:
        return False
    after = sent.cues.search("seizure", m.end, min(sent.end, m.end + 40))
    gap = "" if after is None else sent.folded[m.end : after[0]]
    if after is not None and "," not in gap and len(gap.split()) <= 3:
        return True
    before = sent.cues.search("seizure", max(sent.start, m.start - 60), m.start)
    return before is not None and _AGENT_BEFORE.fullmatch(sent.folded[before[1] : m.start]) is not None



#: Head words after which a state is a partner ("together with"), a place ("the airport of", "the Gulf of") or a
#: design ("a version of"), never a party of its sentence's one-party frame (on folded text, at the end of the
#: 40 characters before the name; the article or preposition of the head may follow it).
_NO_PARTY_HEAD = re.compile(
    r"(?<!\w)(?:together with|jointly with|along with|alongside|conjointement avec|ensemble avec|en partenariat avec|"
    r"zusammen mit|gemeinsam mit|junto con|junto a|conjuntamente con|insieme|assieme|"
    r"juntamente com|junto com|em conjunto com|wspolnie z|razem z|вместе с|совместно с|разом з|разом із|спільно з|"
    r"airport|port|harbou?r|gulf|waters|coast|aeroport|golfe|eaux|cotes|flughafen|hafen|golf|gewassern|kuste|"
    r"aeropuerto|puerto|golfo|aguas|aeroporto|acque|lotnisk\w*|port\w*|zatok\w*|wodach|"
    r"аэропорт\w*|порт\w*|залив\w*|водах|аеропорт\w*|затоц\w*|"
    r"version|copy|clone|variant|versione|copia|versao|kopia|wersj\w*|верси\w*|копи\w*)"
    r"(?:\s+(?:of|de|d'|du|des|von|vom|der|del|de la|di|dello|della|dei|do|da|dos|das|al|alla|ai|a|au|aux|à|"
    r"ao|with))?(?:\s*(?:the|la|le|les|l'|el|los|las|il|lo|gli|o|os|as|die|der|den|dem|des|a|an)(?!\w))?\s*$"
)


def headed(m: Mention, sent: Sentence) -> bool:
    """Whether `m` follows a head word that makes it a partner, a place or a design (`_NO_PARTY_HEAD`)."""
    return _NO_PARTY_HEAD.search(sent.folded[max(sent.start, m.start - 40) : m.start]) is not None


def local(
    partial: Frame, index: int, sent: Sentence, lex: Lexicon, known: list[Known], notes: list[str] | None = None
) -> Completion | None:
    """`partial` completed with the one other state or group its own sentence names: not a speaker, not a place,
    not after a preposition of the side the frame already has ("Mirage fighters promised by Paris have landed in
    Ukraine": the frame of "promised" reached Paris only; "des avions de fabrication russe pour l'armée malienne
    ...; Moscou avait envoyé des appareils"). None when the sentence names two other parties (which one is not
    said), when a frame of the sentence joined two parties (the sentence's pair is read already), or when the
    co-party is a party of another one-party frame of the sentence (it has a role of its own). `notes`, when
    given, receives why each other party of the sentence was passed over (`skg extract --explain`)."""
    if any(k.sentence == index for k in known):
        if notes is not None:
            notes.append("its sentence joined a pair of its own")
        return None
    missing_supplier = partial.supplier == ""
    present = partial.recipient if missing_supplier else partial.supplier
    held = sorted(
        (m for m in sent.actors if m.ref == present and partial.clause_start <= m.start < partial.clause_end),
        key=lambda m: abs(m.start - partial.trigger_start),
    )[:1]  # the mention the frame read: the nearest to its trigger
    if held and headed(held[0], sent):
        # "ont atterri à l'aéroport de Mogadiscio", "wspólnie z Finlandią", "version of the Russian Kornet": the
        # frame's own party is a place, a partner or a design, so no pair of the sentence is read around it
        if notes is not None:
            notes.append(f"its own party {held[0].text!r} is a partner, a place or a design after its head word")
        return None
    taken = {f.supplier or f.recipient for f in sent.partial or ()}
    others: set[str] = set()
    for m in sent.actors:
        if m.ref == present or m.start in sent.speakers:
            continue
        why = _passed_over(m, sent, lex, partial, missing_supplier)
        if why is None:
            others.add(m.ref)
        elif notes is not None:
            notes.append(f"{m.text!r} {why}")
    if len(others) != 1 or others & taken:
        if notes is not None:
            notes.append(
                f"its clause names {len(others)} other parties" if len(others) != 1 else "the other party has a role"
            )
        return None
    ref = others.pop()
    frame = _filled(partial, ref, "sent", LOCAL_SCORE)
    return Completion(frame, "local", Known(index, frame, sent.start, sent.end))


#: A dative clitic before a verb, with at most two auxiliaries or adverbs between (folded text, matched at the
#: end of the text before the trigger): "lui a livré", "leur ont déjà vendu", "le ha entregado", "se los envió",
#: "gli hanno fornito", "lhe entregou". Italian "le" is also an article, hence the closed list of words between.
_CLITIC_BEFORE: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"(?<!\w)(?:lui|leur)\s+(?:(?:a|ont|avait|avaient|aurait|auraient|aura|auront|va|vont|allait|allaient|"
        r"deja|aussi|egalement|encore|recemment|ensuite|finalement)\s+){0,2}$"
    ),
    "es": re.compile(
        r"(?<!\w)(?:le|les|se\s+l[oa]s?)\s+(?:(?:ha|han|habia|habian|habria|habrian|ya|tambien|luego|"
        r"recientemente|finalmente)\s+){0,2}$"
    ),
    "it": re.compile(
        r"(?<!\w)(?:gli|le|glie(?:l[aeio]|ne))\s+(?:(?:ha|hanno|aveva|avevano|avrebbe|avrebbero|avra|avranno|"
        r"gia|anche|poi|recentemente|infine)\s+){0,2}$"
    ),
    "pt": re.compile(
        r"(?<!\w)(?:lhe|lhes|lho|lhos|lha|lhas)\s+(?:(?:tinha|tinham|teria|teriam|tera|terao|vai|vao|ja|tambem|"
        r"depois|recentemente|finalmente)\s+){0,2}$"
    ),
    # German has no clitic but a dative pronoun in the middle field, goods between it and the participle ("Iran hat
    # ihm Drohnen verkauft"); not after a preposition ("von ihm gekauft": the seller or a buyer, no recipient)
    "de": re.compile(
        r"(?<!\w)(?<!mit\s)(?<!von\s)(?<!bei\s)(?<!zu\s)(?<!aus\s)(?<!nach\s)(?<!vor\s)(?<!fur\s)"
        r"(?:ihm|ihnen|ihr)\s+(?:[^\s,;:.]+\s+){0,5}$"
    ),
    # Slavic dative pronouns, which stand on either side of the verb: "ему передали", "їм надали", "mu sprzedały".
    # Russian "им" is also the agent of a passive participle ("поставленные им"): before the verb only.
    "ru": re.compile(fold(r"(?<!\w)(?:ему|ей|им)\s+(?:(?:уже|также|тоже|еще|ещё|вскоре|затем)\s+){0,2}$")),
    "uk": re.compile(fold(r"(?<!\w)(?:йому|їй|їм)\s+(?:(?:вже|також|теж|ще|згодом|потім)\s+){0,2}$")),
    "pl": re.compile(fold(r"(?<!\w)(?:mu|jej|im)\s+(?:(?:już|także|też|również|wkrótce|potem)\s+){0,2}$")),
}
#: A clitic fused after the verb with a hyphen (Portuguese): "entregou-lhe", "enviaram-lhes"; the German dative
#: pronoun right after a finite verb ("Iran verkaufte ihm Drohnen"); a Slavic dative pronoun right after the verb:
#: "передали ему", "надали їм", "przekażą mu".
_CLITIC_AFTER: dict[str, re.Pattern[str]] = {
    "pt": re.compile(r"-(?:lhe|lhes|lho|lhos|lha|lhas)(?!\w)"),
    "de": re.compile(r"\s+(?:ihm|ihnen)(?!\w)"),
    "ru": re.compile(fold(r"\s+(?:ему|ей)(?!\w)")),
    "uk": re.compile(fold(r"\s+(?:йому|їй|їм)(?!\w)")),
    "pl": re.compile(fold(r"\s+(?:mu|jej|im)(?!\w)")),
}
#: Languages whose dative pronoun takes the nearest party named before it when several qualify ("by Kijów mógł się
#: skupić na F-16, które przekażą mu Belgia..."): a pronoun, unlike a Romance clitic, is no agreement marker.
_NEAREST_DATIVE = frozenset(("ru", "uk", "pl"))
_SAYING = ("speech", "denial")

#: Score of a recipient read from a dative clitic: the one party named before the verb in its sentence.
CLITIC_SCORE = 0.7


def _dative_clitic(partial: Frame, sent: Sentence, lex: Lexicon) -> bool:
    """Whether the verb of `partial` carries a dative clitic ("l'Iran lui a livré", "Irán le ha entregado",
    "l'Iran le ha consegnato", "o Irã entregou-lhe"): its recipient is a party named before it."""
    before = _CLITIC_BEFORE.get(lex.lang)
    if before is None:
        return False
    folded = sent.folded
    if before.search(folded, max(sent.start, partial.trigger_start - 40), partial.trigger_start) is not None:
        nominal = lex.cues.get("nominals")
        return nominal is None or nominal.fullmatch(partial.trigger) is None  # "le consegne": an article
    after = _CLITIC_AFTER.get(lex.lang)
    return after is not None and after.match(folded, partial.trigger_end) is not None


def clitic_recipient(
    partial: Frame, index: int, sent: Sentence, lex: Lexicon, known: list[Known], notes: list[str] | None = None
) -> Completion | None:
    """`partial` (a supply frame without a recipient) completed with the one party named before its verb in its
    sentence when the verb carries a dative clitic ("La Russie manque d'obus ; la Corée du Nord lui en a livré",
    "Ucrania pidió ayuda y Estados Unidos le envió tanques"): the clitic stands for that party. Not a speaker, a
    place, a demonym, the frame's own supplier, a party after a "from" word or whose claim it is; None when two
    parties qualify or the sentence joined a pair of its own."""
    if partial.cls != "supply" or partial.recipient != "" or not partial.supplier:
        return None
    if any(k.sentence == index for k in known) or not _dative_clitic(partial, sent, lex):
        return None
    refs: set[str] = set()
    nearest: Mention | None = None
    for m in sent.actors:
        if m.end > partial.trigger_start or m.ref == partial.supplier or m.start in sent.speakers or m.demonym:
            continue
        found = _preps(m, sent, lex)
        if found & _SUPPLYING or ("other_preps" in found and not found & PARTY_ROLES):
            continue
        # a pronoun may reach over a hedge of its own clause ("by Kijów mógł ... F-16, które przekażą mu"), not
        # over a verb of saying: the one who says or denies is no recipient
        if _between(m, sent, partial, _SAYING) if lex.lang in _NEAREST_DATIVE else _source(m, sent, partial):
            continue
        refs.add(m.ref)
        if nearest is None or m.start > nearest.start:
            nearest = m
    if len(refs) > 1 and nearest is not None and lex.lang in _NEAREST_DATIVE:
        if notes is not None:
            notes.append(f"the dative pronoun takes the nearest of {len(refs)} parties named before the verb")
        refs = {nearest.ref}
    return _single(partial, refs, index, sent, "clitic", CLITIC_SCORE, notes, "parties named before the verb")


def _single(
    partial: Frame,
    refs: set[str],
    index: int,
    sent: Sentence,
    rule: str,
    score: float,
    notes: list[str] | None,
    what: str,
) -> Completion | None:
    """`partial` completed with the one party of `refs` (`rule` in the claim's rule, `score` its weight); None, with
    a note on how many `what` there are, when `refs` holds none or several."""
    if len(refs) != 1:
        if notes is not None and refs:
            notes.append(f"{rule}: {len(refs)} {what}, none taken")
        return None
    frame = _filled(partial, refs.pop(), rule, score)
    return Completion(frame, rule, Known(index, frame, sent.start, sent.end))


#: A coordinator (or a bare comma) and an article right before the subject of a partial frame's verb (folded text,
#: matched at the end of the text before its supplier): ", und die USA schicken Bradley", "and the United States
#: will send", "et les États-Unis enverront", "а США отправят".
_GAP_COORD: dict[str, re.Pattern[str]] = {
    lang: re.compile(rf"(?:,\s*|\s(?:{coord})\s+|,\s*(?:{coord})\s+)(?:(?:{articles})\s+)?$")
    for lang, coord, articles in (
        ("en", "and|while|whereas", "the"),
        ("de", "und|während", "die|der|das"),
        ("fr", "et|tandis que|alors que", "la|le|les"),
        ("es", "y|mientras|mientras que", "el|la|los|las"),
        ("it", "e|mentre", "il|lo|la|i|gli|le"),
        ("pt", "e|enquanto", "o|a|os|as"),
        ("ru", "и|а|тогда как", "(?!)"),
        ("uk", "і|и|а|тоді як", "(?!)"),
        ("pl", "i|a|zas|podczas gdy", "(?!)"),
    )
}
#: At most this many words between the subject's start and its verb ("the United States will send").
_GAP_SUBJECT_WORDS = 5

#: Score of a recipient shared with the coordinated clause before: the gapped object of a parallel verb.
GAP_SCORE = 0.7


def gapped_recipient(
    partial: Frame, index: int, sent: Sentence, lex: Lexicon, known: list[Known], notes: list[str] | None = None
) -> Completion | None:
    """`partial` (a supply frame with a supplier only, heading a coordinated clause) completed with the recipient of
    the supply frame before it in its sentence ("Deutschland wird der Ukraine 40 Marder überlassen, und die USA
    schicken Bradley", "Germany will give Ukraine Marders, and the US will send Bradleys": the second verb leaves
    its recipient out). Only when its subject heads the clause right after the coordinator, that frame has
    another supplier and is asserted, the sentence's frames before it name one recipient and its own clause a
    weapon."""
    coord = _GAP_COORD.get(lex.lang)
    if coord is None or partial.cls != "supply" or partial.recipient != "" or not partial.supplier:
        return None
    at = partial.span_start  # the subject's start: before its verb ("subj>?")
    if not partial.how.startswith("subj") or at >= partial.trigger_start:
        return None
    if len(sent.folded[at : partial.trigger_start].split()) > _GAP_SUBJECT_WORDS:
        return None
    if coord.search(sent.folded, max(sent.start, at - 30), at) is None:
        return None
    if not any(at <= w.start and w.end <= partial.span_end for w in sent.weapons):
        return None  # "..., while Moscow sent troops": its own clause names no weapon it sends
    refs = {
        k.frame.recipient
        for k in known
        if k.sentence == index
        and k.asserted
        and k.frame.cls == "supply"
        and k.frame.trigger_end <= at
        and partial.supplier not in (k.frame.supplier, k.frame.recipient)
    }
    return _single(partial, refs, index, sent, "gap", GAP_SCORE, notes, "recipients in the coordinated clause before")


#: A Slavic passive participle of a purchase or receipt, on the folded trigger: "купленные", "приобретенных",
#: "куплені", "придбаних", "kupione", "zakupionych", "nabyte".
_PARTICIPLE: dict[str, re.Pattern[str]] = {
    "ru": re.compile(fold(r"\w+(?:нн|т)(?:ый|ая|ое|ые|ых|ым|ыми|ого|ому|ую|ой)")),
    "uk": re.compile(fold(r"\w+[нт](?:ий|а|е|і|их|им|ими|ого|ому|у|ої|ій)")),
    "pl": re.compile(fold(r"\w+(?:on|an|t)(?:y|a|e|ych|ym|ymi|ego|ej|ą)")),
}
#: At most this many words between the main verb and the participle that opens its object ("передаст
#: купленные", "przekaże w tym roku kupione"); no comma between.
_PARTICIPLE_GAP = 3
#: Score of a buyer read from the subject of the verb whose object the participle opens.
PARTICIPLE_SCORE = 0.7


def participle_buyer(
    partial: Frame, index: int, sent: Sentence, lex: Lexicon, known: list[Known], notes: list[str] | None = None
) -> Completion | None:
    """`partial` (a purchase frame with its seller only, on a participle before the goods) completed with the
    subject of the verb whose object the participle opens: "Россия передаст купленные из Ирана беспилотники",
    "Rosja przekaże kupione od Iranu drony" (Russia bought them). That subject is the one party of a one-party
    supply or receipt frame of the same sentence read as subject, whose verb stands right before the participle.
    Case-marked Slavic languages, where the participle stands before its noun; not when the sentence joined a
    pair of its own."""
    pattern = _PARTICIPLE.get(lex.lang)
    if pattern is None or partial.cls != "acquire" or partial.recipient != "" or not partial.supplier:
        return None
    if any(k.sentence == index for k in known) or pattern.fullmatch(fold(partial.trigger)) is None:
        return None
    buyers: set[str] = set()
    for other in sent.partial or ():
        if other is partial or other.trigger_end > partial.trigger_start:
            continue
        if other.cls == "supply" and other.how.startswith("subj>") and other.supplier:
            party = other.supplier
        elif other.cls == "acquire" and other.how.endswith(">subj") and other.recipient:
            party = other.recipient
        else:
            continue
        gap = sent.folded[other.trigger_end : partial.trigger_start]
        if "," in gap or len(gap.split()) > _PARTICIPLE_GAP or party == partial.supplier:
            continue
        buyers.add(party)
    if len(buyers) != 1:
        return None
    if notes is not None:
        notes.append("the participle opens the object of a verb whose subject is its buyer")
    frame = _filled(partial, buyers.pop(), "participle", PARTICIPLE_SCORE)
    return Completion(frame, "participle", Known(index, frame, sent.start, sent.end))


def _compound(m: Mention, weapons: list[tuple[int, int]], folded: str) -> bool:
    """Whether name `m` stands right before a weapon term, as its modifier ("US drones", "Iran-made missiles")."""
    return any(m.end <= a and not folded[m.end : a].strip(" -") for a, _ in weapons) or any(
        m.end <= a and folded[m.end : a].strip() in ("-made", "-built", "-supplied") for a, _ in weapons
    )


def origin_before(
    partial: Frame, index: int, spans: list[tuple[int, int]], mentions: list[Mention], folded: str, known: list[Known]
) -> Completion | None:
    """`partial` without a supplier completed with the origin adjective of the goods of the sentence before
    ("Moldova has received ... Turkish-made Bayraktar drones." then "The drones arrived in Chisinau on Monday"):
    the one state whose demonym stands next to a weapon term there. Not when that sentence joined a pair of its
    own (its goods have their parties)."""
    if partial.supplier != "" or index == 0 or any(k.sentence == index - 1 for k in known):
        return None
    start, end = spans[index - 1]
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    weapons = [(w.start, w.end) for w in inside if w.kind == "weapon"]
    refs: set[str] = set()
    for m in inside:
        if m.kind != "actor" or m.ref == partial.recipient or not (m.demonym or _compound(m, weapons, folded)):
            continue  # a demonym, or a name right before the goods ("US drones")
        if _next_to(m, weapons, folded, _MODIFIER_GAP + 1):
            refs.add(m.ref)
    if len(refs) != 1:
        return None
    frame = _filled(partial, refs.pop(), "origin-before", PAIRED_SCORE)
    return Completion(frame, "origin-before", Known(index - 1, frame, start, end))


#: A supplier read from the origin of the goods of the sentence before.
PAIRED_SCORE = 0.65


#: Suppliers read from the thanks of the sentence next to an arrival.
THANKS_SCORE = 0.65


def thanked_near(
    partial: Frame,
    index: int,
    spans: list[tuple[int, int]],
    mentions: list[Mention],
    folded: str,
    known: list[Known],
) -> list[Completion]:
    """`partial` without a supplier completed with each state thanked before its verb in its own sentence, else
    in the sentence after it (else before it):
    "Первые комплексы Patriot прибыли в Украину." then "Резников поблагодарил Германию, США и Нидерланды" gives
    DE, US and NL as suppliers (a list of donors in one sentence, the goods in the next). The states thanked stand
    right after the verb of thanks, coordinated; not when that sentence joined a pair of its own."""
    if partial.supplier != "" or partial.cls not in _THANKS_CLASSES:
        return []
    # its own sentence first, when the thanks come before its verb ("Резніков подякував Німеччині та Нідерландам:
    # до українських артилеристів надійшли перші установки")
    for j in (index, index + 1, index - 1):
        if not 0 <= j < len(spans) or any(k.sentence == j for k in known):
            continue
        start, end = spans[j]
        if j == index:
            end = partial.trigger_start
        hit = _THANK.search(folded, start, end) or _THANKING.search(folded, start, end)
        if hit is None:
            continue
        states = [
            m
            for m in mentions
            if hit.end() <= m.start and m.end <= end and m.kind == "actor" and len(m.ref) == 2 and not m.demonym
        ]
        if not states or not _THANK_GAP.match(folded[hit.end() : states[0].start]):
            continue
        givers = [states[0]]
        for m in states[1:]:
            if not _THANKED_LIST.fullmatch(folded[givers[-1].end : m.start]):
                break
            givers.append(m)
        refs = list(dict.fromkeys(g.ref for g in givers if g.ref != partial.recipient))
        out = []
        for ref in refs:
            frame = _filled(partial, ref, "thanks", THANKS_SCORE)
            out.append(Completion(frame, "thanks", Known(j, frame, start, end)))
        return out
    return []


_THANKS_CLASSES = frozenset(("supply", "acquire", "move"))
#: Participles of thanks that `backoff._THANK` leaves out ("..., поблагодарив Германию", "en remerciant la France"),
#: on folded text.
_THANKING = re.compile(
    fold(
        r"(?<!\w)(?:поблагодарив|подякувавши|dziękując|podziękowawszy|remerciant|agradeciendo|ringraziando|"
        r"agradecendo|dankend)(?!\w)"
    )
)
#: Between two states thanked: a conjunction or a comma, and the dative article or preposition each takes ("und
#: den USA", "ao Irã e à Coreia do Norte", "a l'Iran et à la Corée du Nord").
_THANKED_LIST = re.compile(
    r"\s*(?:,\s*)?(?:and|et|und|y|e|i|и|і|та|oraz|а также|а також)?\s*(?:,\s*)?"
    r"(?:(?:the|to|la|le|les|die|der|das|den|dem|el|los|las|il|lo|gli|o|a|os|as|à|ao|aos|às|au|aux|al|alla|ai|agli|"
    r"alle)\s+|l'|all')*"
)
