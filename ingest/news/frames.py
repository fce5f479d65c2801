"""Transfer frames: who supplies whom in one sentence, read from a trigger verb and the actors around it.

A trigger (news_lexicon.yaml) says which role its subject plays: `supply` ("Iran delivered drones to Russia"),
`acquire` ("La Russie achète des obus à la Corée du Nord"), `use` ("Iranian-made drones launched by Russia").
The other party comes from the preposition before an actor ("to", "à", "an", "из"...), read per trigger class,
from a
bare object ("supplied Russia with", "поставил России"), or from the origin of the weapons ("armes
nord-coréennes",
"Iranian-made drones"). Clauses are cut at subordinators and strong punctuation so arguments stay with their
verb.
Pure functions over folded text; offsets are document offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.news.gazetteer import Mention
from ingest.news.lexicon import Lexicon

__all__ = ["Frame", "Sentence", "find_frames", "origins"]

_PUNCT = re.compile(r"[;:()\[\]]|\s[—–-]\s|\"")
_MADE = re.compile(r"^\s*(?:-\s*(?:made|built|designed|produced|supplied|manufactured)\s*)?$")
# Words that say "made by" between a weapon and a demonym: "de fabrication iranienne", "aus iranischer
# Produktion".
_PRODUCED = re.compile(r"fabric|fabbric|produ|herstell|bauart|производ|виробн|produkc|made|built|origin")
_WORDS = re.compile(r"\w+")


@dataclass
class Sentence:
    """One sentence of a document: offsets, the folded document text, and the mentions inside it."""

    start: int
    end: int
    folded: str
    original: str
    mentions: list[Mention]
    #: Actor mentions that speak or are cited (claimants), never parties.
    speakers: set[int] = field(default_factory=set)
    role_cache: dict[tuple[int, tuple[str, ...]], str] = field(default_factory=dict)

    @property
    def actors(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "actor"]

    @property
    def weapons(self) -> list[Mention]:
        return [m for m in self.mentions if m.kind == "weapon"]


@dataclass
class Frame:
    supplier: str
    recipient: str
    cls: str
    status: str
    trigger: str
    trigger_start: int
    trigger_end: int
    #: Where modal cues can affect this trigger (clause start, reaching back over a complementizer).
    scope_start: int
    clause_start: int
    clause_end: int
    #: The stretch holding the frame's arguments, where items and dates are read.
    span_start: int
    span_end: int
    how: str
    score: float
    passive: bool = False
    origin_used: bool = False


@dataclass
class _Boundary:
    start: int
    end: int
    kind: str  # "punct" | "sub" | "comp" | "rel"


def _boundaries(sent: Sentence, lex: Lexicon) -> list[_Boundary]:
    text = sent.folded[sent.start : sent.end]
    out = [_Boundary(sent.start + m.start(), sent.start + m.end(), "punct") for m in _PUNCT.finditer(text)]
    subs = lex.cue("subordinators")
    comp = lex.cue("complementizers")
    rel = lex.cue("relatives")
    if subs is not None:
        for m in subs.finditer(text):
            word = m.group()
            kind = "sub"
            if comp is not None and comp.fullmatch(word):
                kind = "comp"
            elif rel is not None and rel.fullmatch(word):
                kind = "rel"
            out.append(_Boundary(sent.start + m.start(), sent.start + m.end(), kind))
    out.sort(key=lambda b: b.start)
    return out


def _prep_role(sent: Sentence, m: Mention, lex: Lexicon, roles: tuple[str, ...]) -> str:
    """Which role list the preposition right before `m` belongs to: a name from `roles`, "genitive", "other",
    or "bare" (no preposition)."""
    key = (m.start, roles)
    if key in sent.role_cache:
        return sent.role_cache[key]
    sent.role_cache[key] = role = _prep_role_uncached(sent, m, lex, roles)
    return role


def _prep_role_uncached(sent: Sentence, m: Mention, lex: Lexicon, roles: tuple[str, ...]) -> str:
    tail = sent.folded[max(sent.start, m.start - 24) : m.start]
    for name in (*roles, "genitive"):
        pattern = lex.roles.get(name)
        if pattern is not None and pattern.search(tail):
            return name
    for pattern in lex.roles.values():  # a preposition of another class: not a bare subject or object
        if pattern is not None and pattern.search(tail):
            return "other"
    return "bare"


def _gap_words(text: str) -> int:
    return len(_WORDS.findall(text))


def origins(sent: Sentence, lex: Lexicon) -> dict[int, str]:
    """Actor mentions that name where weapons come from, keyed by mention start: demonyms next to a weapon
    ("armes nord-coréennes", "Iranian-made drones"), possessives ("Iran's drones"), "made in X"."""
    weapons = sent.weapons
    found: dict[int, str] = {}
    made_in = lex.cue("made_in")
    for m in sent.actors:
        after = sent.folded[m.end : m.end + 3]
        possessive = after.startswith("'s") or after.startswith("' ")
        tail = sent.folded[max(sent.start, m.start - 30) : m.start]
        if made_in is not None and re.search(rf"(?:{made_in.pattern})\s*$", tail):
            found[m.start] = m.ref
            continue
        if not (m.demonym or possessive):
            continue
        if _prep_role(sent, m, lex, ()) == "other" and not possessive:
            continue  # "to the Russian army": a party introduced by a preposition, not the weapons' origin
        for w in weapons:
            if w.start >= m.end:  # "North Korean shells", "Iranian-made drones", "Iran's drones"
                gap = sent.folded[m.end : w.start]
                if possessive:
                    gap = gap[2:]
                ok = bool(_MADE.match(gap))
            elif m.demonym and w.end <= m.start:  # "armes nord-coréennes", "drones de fabrication iranienne"
                gap = sent.folded[w.end : m.start]
                ok = "," not in gap and (
                    not gap.strip() or (_gap_words(gap) <= 3 and bool(_PRODUCED.search(gap)))
                )
            else:
                ok = False
            if ok:
                found[m.start] = m.ref
                break
    return found


def _conjuncts(sent: Sentence, m: Mention, pool: list[Mention], lex: Lexicon) -> list[Mention]:
    """`m` and the actors joined to it by "and"/"et"/"und"... ("Iran and North Korea supplied ...")."""
    conj = lex.cue("conj")
    out = [m]
    if conj is None:
        return out
    ordered = sorted(pool, key=lambda x: x.start)
    idx = ordered.index(m)
    for step in (-1, 1):
        j = idx
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j + step], ordered[j]) if step < 0 else (ordered[j], ordered[j + step])
            raw = sent.folded[a.end : b.start]
            gap = raw.strip(" ,")
            if not (conj.fullmatch(gap) or raw.strip() == ","):
                break
            out.append(ordered[j + step])
            j += step
    return out


def find_frames(sent: Sentence, lex: Lexicon) -> list[Frame]:
    """Every (supplier, recipient) frame the sentence's triggers support. O(triggers × mentions)."""
    actors = [m for m in sent.actors if m.start not in sent.speakers]
    if not sent.weapons or not actors:
        return []
    origin = origins(sent, lex)
    parties = [m for m in actors if m.start not in origin]
    text = sent.folded[sent.start : sent.end]
    triggers: list[tuple[int, int, str, str, str]] = []
    for pattern, cls, status in lex.triggers:
        for t in pattern.finditer(text):
            ts, te = sent.start + t.start(), sent.start + t.end()
            if any(m.start < te and ts < m.end for m in sent.mentions):
                continue  # part of a name or weapon term
            triggers.append((ts, te, cls, status, t.group()))
    triggers.sort()
    bounds = _boundaries(sent, lex)
    frames: list[Frame] = []
    for ts, te, cls, status, word in triggers:
        frame = _frame(sent, lex, bounds, parties, origin, ts, te, cls, status, word)
        frames.extend(frame)
    return _resolve_conflicts(frames)


def _frame(
    sent: Sentence,
    lex: Lexicon,
    bounds: list[_Boundary],
    parties: list[Mention],
    origin: dict[int, str],
    ts: int,
    te: int,
    cls: str,
    status: str,
    word: str,
) -> list[Frame]:
    before_b = [b for b in bounds if b.end <= ts]
    after_b = [b for b in bounds if b.start >= te]
    clause_start = before_b[-1].start if before_b else sent.start
    clause_kind = before_b[-1].kind if before_b else "start"
    clause_end = after_b[0].start if after_b else sent.end
    scope_start = clause_start
    if clause_kind == "comp":  # "expected that X buys": the governing verb's modality applies
        scope_start = before_b[-2].start if len(before_b) >= 2 else sent.start
    roles = {
        "supply": ("supply_recipient", "supply_supplier"),
        "acquire": ("acquire_supplier", "acquire_recipient"),
        "use": ("use_recipient",),
    }[cls]
    in_clause = [m for m in parties if clause_start <= m.start and m.end <= clause_end]
    before = [m for m in in_clause if m.end <= ts]
    after = [m for m in in_clause if m.start >= te]
    role_of = {m.start: _prep_role(sent, m, lex, roles) for m in in_clause}
    passive_re = lex.cue("passive_aux")
    window = (
        sent.folded[max(clause_start, ts - 25) : ts] if not lex.verb_final else sent.folded[clause_start:ts]
    )
    active_re = lex.cue("active_forms")
    passive = bool(passive_re and passive_re.search(window)) and not (active_re and active_re.fullmatch(word))

    # Subject and bare objects.
    subject: Mention | None = None
    objects: list[Mention] = []
    bare_before = [m for m in before if role_of[m.start] == "bare"]
    bare_after = [m for m in after if role_of[m.start] == "bare" and "," not in sent.folded[te : m.start]]
    how_subject = "subj"
    if lex.case_marked:  # word order is free; case endings say subject (nominative) from object (dative...)
        nominal = [m for m in bare_before if m.nominative is not False]
        oblique = [m for m in bare_before + bare_after if m.nominative is False]
        subject = nominal[-1] if nominal else next((m for m in bare_after if m.nominative is not False), None)
        objects = oblique or [m for m in bare_after if m is not subject][:1]  # indeclinable "Мали", "КНДР"
    elif lex.verb_final and len(bare_before) >= 2:
        subject, objects = bare_before[0], bare_before[1:]
    elif bare_before:
        subject = bare_before[-1]
        objects = bare_after[:1]
    elif lex.verb_final and bare_after:
        subject, objects = bare_after[0], bare_after[1:2]
    else:
        objects = bare_after[:1]
    if subject is None and clause_kind == "rel" and before_b:
        rel_start = before_b[-1].start
        prior = [m for m in parties if m.end <= rel_start and rel_start - m.end <= 4]
        if prior:
            subject, how_subject = prior[-1], "rel"

    def prep(name: str) -> Mention | None:
        after_hit = [m for m in after if role_of[m.start] == name]
        if after_hit:
            return after_hit[0]
        before_hit = [m for m in before if role_of[m.start] == name]
        return before_hit[-1] if before_hit else None

    origin_ref = next(
        (
            ref
            for start, ref in sorted(origin.items(), key=lambda kv: abs(kv[0] - te))
            if clause_start <= start < clause_end
        ),
        None,
    )
    supplier: Mention | str | None = None
    recipient: Mention | str | None = None
    how_s = how_r = ""
    if cls == "supply":
        if passive:
            recipient, how_r = (subject, "passive-subj") if subject else (None, "")
            supplier, how_s = prep("supply_supplier"), "by"
            rec = prep("supply_recipient")
            if rec is not None:
                recipient, how_r = rec, "to"
        else:
            supplier, how_s = subject, how_subject
            if supplier is None:
                supplier, how_s = prep("supply_supplier"), "from"
            rec = prep("supply_recipient")
            if rec is not None:
                recipient, how_r = rec, "to"
            elif objects:
                recipient, how_r = objects[0], "obj"
        if supplier is None and origin_ref:
            supplier, how_s = origin_ref, "origin"
    elif cls == "acquire":
        if passive:
            recipient, how_r = prep("acquire_recipient"), "by"
        else:
            recipient, how_r = subject, how_subject
        sup = prep("acquire_supplier")
        if sup is not None:
            supplier, how_s = sup, "from"
        elif origin_ref:
            supplier, how_s = origin_ref, "origin"
    else:  # use: the user is the recipient; only the weapons' origin says who supplied them
        agent = prep("use_recipient")
        if agent is None and lex.case_marked:  # instrumental agent: "использовались российскими войсками"
            agent = next((m for m in objects if m.nominative is False), None)
        recipient, how_r = (agent, "by") if agent is not None else (None if passive else subject, how_subject)
        if origin_ref:
            supplier, how_s = origin_ref, "origin"
    if supplier is None or recipient is None:
        return []
    sup_list = _conjuncts(sent, supplier, parties, lex) if isinstance(supplier, Mention) else [supplier]
    rec_list = _conjuncts(sent, recipient, parties, lex) if isinstance(recipient, Mention) else [recipient]
    positions = (
        [ts, te]
        + [m.start for m in sup_list + rec_list if isinstance(m, Mention)]
        + [m.end for m in sup_list + rec_list if isinstance(m, Mention)]
    )
    span_start = max(clause_start, min(positions))
    comma = sent.folded.find(",", max(positions), clause_end)
    span_end = comma if comma != -1 else clause_end
    score = 1.0 if "origin" not in (how_s, how_r) and cls != "use" else 0.85
    out: list[Frame] = []
    for s in sup_list:
        for r in rec_list:
            s_ref = s.ref if isinstance(s, Mention) else s
            r_ref = r.ref if isinstance(r, Mention) else r
            if s_ref == r_ref:
                continue
            out.append(
                Frame(
                    supplier=s_ref,
                    recipient=r_ref,
                    cls=cls,
                    status=status,
                    trigger=word,
                    trigger_start=ts,
                    trigger_end=te,
                    scope_start=scope_start,
                    clause_start=clause_start,
                    clause_end=clause_end,
                    span_start=span_start,
                    span_end=span_end,
                    how=f"{how_s}>{how_r}",
                    score=score,
                    passive=passive,
                    origin_used=how_s == "origin",
                )
            )
    return out


def _resolve_conflicts(frames: list[Frame]) -> list[Frame]:
    """One frame per pair; when two triggers disagree on direction, the better-grounded reading wins."""
    best: dict[tuple[str, str], Frame] = {}
    for f in frames:
        key = (f.supplier, f.recipient)
        if key not in best or f.score > best[key].score:
            best[key] = f
    out = []
    for (s, r), f in best.items():
        reverse = best.get((r, s))
        if reverse is not None and (
            reverse.score > f.score or (reverse.score == f.score and reverse.trigger_start < f.trigger_start)
        ):
            continue
        out.append(f)
    return sorted(out, key=lambda f: f.trigger_start)
