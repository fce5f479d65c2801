"""The learned pair reader: a logistic model for what the rules leave, with weights learned from every labeled
set of the project (`ingest.news.train_pairs`) and shipped as `pair_model.json` (no download; a sum of weights per
candidate at run time).

The rules (`frames`, `backoff`, `context`) read roles from constructions one at a time. The model reads two
things they leave:

- the pairs of parties of a sentence where no rule could join a pair (`candidates`, `Features`): from the words
  before each party and its preposition's role list, their order around the nearest trigger, the words between,
  case, demonym and origin marks, each party's prior and its roles in the rules' claims;
- the one-party frames no rule completed (`completion_candidates`, `completion_features`): each other party of
  the document, by its distance in sentences, the words before it, its prior and its roles elsewhere.

What it proposes is a frame like any other (rule `LANG:CLASS:TRIGGER:model`): the same status reading
(`modality.status_of`), vetoes and evidence apply to it, so a negated or hypothetical sentence still gives no
affirmative claim. It never re-reads a pair a rule, a veto or a claim of the document judged.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from ingest.news.context import headed
from ingest.news.frames import Frame, Sentence, origins, prep_role, trigger_words
from ingest.news.gazetteer import Mention
from ingest.news.lexicon import Lexicon

__all__ = [
    "MODEL_PATH",
    "Candidate",
    "DocParties",
    "DocRoles",
    "Features",
    "PairModel",
    "candidates",
    "completion_candidates",
    "completion_features",
    "doc_parties",
    "get_pair_model",
    "read",
    "to_frame",
]

# (not `__file__`: compiled with mypyc, a module's `__file__` does not name its source folder)
MODEL_PATH = Path(str(files("ingest.news").joinpath("pair_model.json")))

_WORD = re.compile(r"\w+")
#: Sentences naming more parties than this are left to the rules: in the labeled sets about 2 % of their unjoined
#: pairs are transfers (5 % with three parties, 15 % with two), and they hold a third of all candidates.
_MAX_PARTIES = 3
#: Words read between the two parties; a longer stretch is one feature ("far apart").
_BETWEEN = 8
#: Trigger classes whose word can carry a transfer between two named parties.
_CLASSES = frozenset({"supply", "acquire", "move", "origin", "arm", "use"})
#: The lexicon's role lists of prepositions (and cases), every language alike: "to", "à", "an", dative "Україні"
#: all read "supply_recipient"; the first that holds the word before a party is its feature.
_ROLE_LISTS = (
    "supply_recipient",
    "supply_supplier",
    "acquire_supplier",
    "acquire_recipient",
    "move_recipient",
    "destination",
    "use_recipient",
)


@dataclass(frozen=True)
class Candidate:
    """Two parties of one sentence, in one direction, and the trigger nearest to them."""

    supplier: Mention
    recipient: Mention
    trigger_start: int
    trigger_end: int
    cls: str
    status: str
    word: str


def _words(folded: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(folded, start, end)]


def _triggers(sent: Sentence, lex: Lexicon) -> list[tuple[int, int, str, str, str]]:
    """(start, end, class, status, word) of the trigger words of `sent` that are not inside a mention."""
    return sorted(
        (ts, te, cls, status, word) for ts, (te, cls, status, word) in trigger_words(sent, lex, _CLASSES).items()
    )


def candidates(
    sent: Sentence,
    lex: Lexicon,
    frames: Iterable[Frame],
    vetoed: set[tuple[str, str]],
    claimed: frozenset[tuple[str, str]] = frozenset(),
) -> list[Candidate]:
    """Both directions of every pair of parties of `sent` that no frame (`frames` holds the one-party frames too), no
    veto and no claim of the document (`claimed`, both directions) joined, each with the trigger nearest to the pair
    (without one, the first goods named). Empty when the sentence has no goods or trigger, or fewer than two
    parties."""
    judged = vetoed | claimed
    own: dict[str, set[int]] = {}  # per party, the triggers of the one-party frames that read it
    for f in frames:
        judged.add((f.supplier, f.recipient))
        judged.add((f.recipient, f.supplier))
        if not f.supplier or not f.recipient:
            own.setdefault(f.supplier or f.recipient, set()).add(f.trigger_start)
    named = {m.ref for m in sent.actors if m.start not in sent.speakers}
    if all((a, b) in judged for a in named for b in named if a != b):
        return []  # the usual case: the rules read every pair of the sentence (no head word need be looked up)
    first: dict[str, Mention] = {}
    for m in sent.actors:
        # a speaker, or a partner, place or design after its head word ("à l'aéroport de Bamako"), is no party
        if m.start not in sent.speakers and m.ref not in first and not headed(m, sent):
            first[m.ref] = m
    if len(first) > _MAX_PARTIES:
        return []  # a list of parties is the rules' to read ("X, Y and Z sent ... to W"): few of its pairs hold
    refs = list(first.values())
    pairs = [
        (a, b)
        for a in refs
        for b in refs
        if a.ref != b.ref
        and (a.ref, b.ref) not in judged
        and (b.ref, a.ref) not in vetoed
        # each the party of a verb of its own: two events ("Taiwan received ..., angering China, which sent ...")
        and not (own.get(a.ref) and own.get(b.ref) and not own[a.ref] & own[b.ref])
    ]
    if not pairs:
        return []
    triggers = _triggers(sent, lex)
    if not triggers:
        if not sent.weapons:
            return []
        # no trigger word: the goods stand for it ("Iranian drones for Russia"); read as a plain supply
        w = sent.weapons[0]
        triggers = [(w.start, w.end, "supply", "delivered", "")]
    out: list[Candidate] = []
    for a, b in pairs:
        lo, hi = min(a.start, b.start), max(a.end, b.end)
        ts, te, cls, status, word = min(
            triggers, key=lambda t: 0 if lo <= t[0] < hi else min(abs(t[0] - hi), abs(lo - t[1]))
        )
        out.append(Candidate(a, b, ts, te, cls, status, word))
    return out


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else "8+")


@dataclass(frozen=True)
class DocRoles:
    """What the rules said of the document's parties: who they read as suppliers and as recipients anywhere, and
    the actor named most often."""

    suppliers: frozenset[str]
    recipients: frozenset[str]
    top: str
    #: The pairs the rules claimed, both directions (never read again).
    claimed: frozenset[tuple[str, str]] = frozenset()


def read(
    sent: Sentence,
    lex: Lexicon,
    index: int,
    roles: DocRoles,
    frames: list[Frame],
    vetoed: set[tuple[str, str]],
) -> tuple[list[Candidate], Features] | None:
    """The candidates of `sent` (`candidates`, less the pairs the document's claims hold) and their reader
    (`Features`); None when there are none."""
    cands = candidates(sent, lex, frames, vetoed, roles.claimed)
    return (cands, Features(sent, lex, index, roles, frames)) if cands else None


def _total(feats: list[str], weights: dict[str, float]) -> float:
    total = 0.0  # (a float from the start: `sum` would start from the int 0, which compiled code keeps as an int)
    for f in feats:
        total += weights.get(f, 0.0)
    return total


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class Features:
    """The sparse binary features of a sentence's candidates (module doc). What belongs to the sentence or to one
    party is read once: a sentence of n parties has n(n-1) candidates."""

    def __init__(self, sent: Sentence, lex: Lexicon, index: int, roles: DocRoles, frames: list[Frame]) -> None:
        self.sent = sent
        self.lex = lex
        self.roles = roles
        self.frames = frames
        self.words = _words(sent.folded, sent.start, sent.end)
        self.starts = [w[0] for w in self.words]
        self.origin = origins(sent, lex)
        self.lang = lex.lang
        common = ["bias", f"lang:{lex.lang}", f"nact:{_bucket(len({m.ref for m in sent.actors}))}"]
        if sent.speakers:
            common.append("speaker")
        if index == 0:
            common.append("headline")
        if not sent.weapons:
            common.append("noweapon")
        self.common = common
        self.parties: dict[tuple[int, str], tuple[list[str], str, str, int, int]] = {}
        self.common_sum: float | None = None  # `score`: the weights of `common`, and of each party's features
        self.party_sums: dict[tuple[int, str], float] = {}

    def _party(self, role: str, m: Mention) -> tuple[list[str], str, str, int, int]:
        """(features, preposition role list, previous word, word index at and after the mention) of `m` in `role`."""
        key = (m.start, role)
        got = self.parties.get(key)
        if got is not None:
            return got
        roles, words, starts = self.roles, self.words, self.starts
        # who supplies and who receives is far from uniform in the world's arms trade: the prior of each actor
        out = [f"{role}ref:{m.ref}"]
        if m.ref in roles.suppliers:
            out.append(f"{role}ruled:S")
        if m.ref in roles.recipients:
            out.append(f"{role}ruled:R")
        if m.ref == roles.top:
            out.append(f"{role}top")
        marked = prep_role(self.sent, m, self.lex, _ROLE_LISTS)
        out.append(f"{role}pl:{marked}")
        if m.start in self.origin:
            out.append(f"{role}origin")
        i = bisect_left(starts, m.start)  # the first word at or after the mention
        j = bisect_left(starts, m.end)
        p1 = words[i - 1][2] if i > 0 else "^"
        p2 = words[i - 2][2] if i > 1 else "^"
        n1 = words[j][2] if j < len(words) else "$"
        out += [f"{role}p1:{p1}", f"{role}p2:{p2} {p1}", f"{role}n1:{n1}"]
        if m.demonym:
            out.append(f"{role}dem")
        if m.nominative is not None:
            out.append(f"{role}nom:{m.nominative}")
        if len(m.ref) > 2:
            out.append(f"{role}group")
        for f in self.frames:
            if f.supplier == m.ref:
                out.append(f"{role}frame:S")
            if f.recipient == m.ref:
                out.append(f"{role}frame:R")
        if m.start == self.sent.actors[0].start:
            out.append(f"{role}first")
        got = (out, marked, p1, i, j)
        self.parties[key] = got
        return got

    def of(self, cand: Candidate) -> list[str]:
        """Every feature of `cand` (for training: `train_pairs`)."""
        return [
            *self.common,
            *self._party("S", cand.supplier)[0],
            *self._party("R", cand.recipient)[0],
            *self._own(cand),
        ]

    def probability(self, cand: Candidate, model: PairModel) -> float:
        """`model.probability(self.of(cand))`, the sentence's and each party's share of the sum computed once."""
        return _sigmoid(self._score(cand, model.weights))

    def _score(self, cand: Candidate, weights: dict[str, float]) -> float:
        common = self.common_sum
        if common is None:
            common = self.common_sum = _total(self.common, weights)
        total = common
        for role, m in (("S", cand.supplier), ("R", cand.recipient)):
            key = (m.start, role)
            part = self.party_sums.get(key)
            if part is None:
                part = self.party_sums[key] = _total(self._party(role, m)[0], weights)
            total += part
        return total + _total(self._own(cand), weights)

    def _own(self, cand: Candidate) -> list[str]:
        """The features of the pair itself: its trigger, the order of the three, distances, words between."""
        cls, lang, starts = cand.cls, self.lang, self.starts
        arrangement = "".join(
            k for _, k in sorted(((cand.supplier.start, "S"), (cand.recipient.start, "R"), (cand.trigger_start, "T")))
        )
        out = [
            f"tc:{cls}",
            f"ts:{cand.status}",
            f"tw:{cand.word.strip()[:7]}",
            f"arr:{arrangement}",
            f"arr:{lang}:{arrangement}",
            f"arr:{cls}:{arrangement}",
        ]
        for role, m in (("S", cand.supplier), ("R", cand.recipient)):
            _, marked, p1, i, j = self._party(role, m)
            gap = (
                bisect_left(starts, cand.trigger_start) - j
                if m.end <= cand.trigger_start
                else max(0, i - bisect_left(starts, cand.trigger_end))
            )
            out += [
                f"{role}pl:{marked}:{cls}",
                f"{role}pl:{marked}:{arrangement}",
                f"{role}p1t:{p1}:{cls}",
                f"{role}dist:{_bucket(gap)}",
            ]
        lo, hi = (
            (cand.supplier, cand.recipient)
            if cand.supplier.start < cand.recipient.start
            else (cand.recipient, cand.supplier)
        )
        between = self.words[bisect_left(starts, lo.end) : bisect_left(starts, hi.start)]
        if len(between) > _BETWEEN:
            out.append("far")
        else:
            out += [f"bt:{w[2]}" for w in between]
        if self.sent.weapons:
            where = {
                ("pre" if w.end <= lo.start else "mid" if w.end <= hi.start else "post") for w in self.sent.weapons
            }
            out += [f"wp:{w}" for w in sorted(where)]
        return out


class PairModel:
    """Weights of the logistic pair model and the probability from which it proposes a frame."""

    def __init__(self, weights: dict[str, float], threshold: float, meta: dict[str, object] | None = None) -> None:
        self.weights = weights
        self.threshold = threshold
        self.meta = meta or {}

    def probability(self, feats: Iterable[str]) -> float:
        return _sigmoid(_total(list(feats), self.weights))

    def to_json(self) -> dict[str, object]:
        return {
            "version": 1,
            "threshold": self.threshold,
            "meta": self.meta,
            "weights": {k: round(v, 4) for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def load(cls, path: Path) -> PairModel:
        """The model written by `train_pairs`; a file that is not one is a ValueError naming it and the field."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not a pair model (line {exc.lineno}: {exc.msg})") from exc
        if not isinstance(data, dict) or data.get("version") != 1:
            raise ValueError(f"{path}: not a pair model of version 1 (field 'version')")
        for name, kind in (("weights", dict), ("threshold", (int, float)), ("meta", dict)):
            if not isinstance(data.get(name), kind):
                raise ValueError(f"{path}: field {name!r} missing or of the wrong type")
        try:
            weights = {str(k): float(v) for k, v in data["weights"].items()}
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{path}: field 'weights' holds a weight that is not a number ({exc})") from exc
        return cls(weights, float(data["threshold"]), data["meta"])


def get_pair_model() -> PairModel | None:
    """The shipped model, or None when the package has none or SKG_PAIR_MODEL=0 (the rules then work alone)."""
    from graph.settings import get_settings  # read when an extractor is built, not when the module is imported

    return _shipped_model() if get_settings().pair_model else None


@lru_cache(maxsize=1)
def _shipped_model() -> PairModel | None:
    """The model file, loaded once per process."""
    return PairModel.load(MODEL_PATH) if MODEL_PATH.exists() else None


def to_frame(sent: Sentence, cand: Candidate, p: float) -> Frame:
    """The frame of a pair the model accepts: the whole sentence is its clause (the model reads no clauses)."""
    return Frame(
        supplier=cand.supplier.ref,
        recipient=cand.recipient.ref,
        cls=cand.cls,
        status=cand.status,
        trigger=cand.word,
        trigger_start=cand.trigger_start,
        trigger_end=cand.trigger_end,
        scope_start=sent.start,
        clause_start=sent.start,
        clause_end=sent.end,
        span_start=sent.start,
        span_end=sent.end,
        how="model",
        score=round(p, 3),
    )


@dataclass(frozen=True)
class DocParties:
    """The document's parties as the completion of a one-party frame sees them: per actor, its mentions, as (start,
    sentence index, demonym, the two words before it, whether it speaks). A speaker is a candidate too: "Saudi
    Arabia confirmed the purchase of Chinese missiles" names the buyer as the one who speaks; the model weighs it
    by features of its own (`c:spk...`), where the rules never make a speaker a party."""

    mentions: dict[str, list[tuple[int, int, bool, str, bool]]]
    roles: DocRoles
    lang: str
    #: Per actor, the roles ("S", "R") it holds in the document's uncompleted one-party frames.
    partial_roles: dict[str, set[str]]
    #: Per (sentence, actor), the triggers of the uncompleted one-party frames it is the party of.
    partial_triggers: dict[tuple[int, str], set[int]]


def doc_parties(
    mentions: list[Mention],
    spans: list[tuple[int, int]],
    speakers: set[int],
    folded: str,
    roles: DocRoles,
    lang: str,
    partials: Iterable[tuple[int, Frame]],
) -> DocParties:
    held: dict[str, set[str]] = {}
    triggers: dict[tuple[int, str], set[int]] = {}
    for index, f in partials:
        party = f.supplier or f.recipient
        held.setdefault(party, set()).add("S" if f.supplier else "R")
        triggers.setdefault((index, party), set()).add(f.trigger_start)
    out: dict[str, list[tuple[int, int, bool, str, bool]]] = {}
    index = 0
    for m in mentions:
        if m.kind != "actor":
            continue
        while index + 1 < len(spans) and spans[index][1] <= m.start:
            index += 1
        before = _WORD.findall(folded, max(0, m.start - 30), m.start)
        words = " ".join(before[-2:]) if before else "^"
        out.setdefault(m.ref, []).append((m.start, index, m.demonym, words, m.start in speakers))
    return DocParties(out, roles, lang, held, triggers)


def _distance(d: int) -> str:
    if d == 0:
        return "same"
    if d < 0:
        return "prev1" if d == -1 else ("prev2-3" if d >= -3 else "prev4+")
    return "next1" if d == 1 else "next2+"


def completion_candidates(partial: Frame, index: int, doc: DocParties, refused: set[tuple[str, str]]) -> list[str]:
    """The document's parties that could fill the missing side of `partial`: any other actor named outside a
    speaker's mention, unless a veto refused that pair."""
    present = partial.supplier or partial.recipient
    out = []
    for ref in doc.mentions:
        if ref == present:
            continue
        pair = (ref, present) if not partial.supplier else (present, ref)
        if pair in refused or pair in doc.roles.claimed:
            continue
        if all(spoke and sentence != index for _, sentence, _, _, spoke in doc.mentions[ref]):
            continue  # a speaker of another sentence only: never the party in the labeled sets (`c:spk` rows)
        own = doc.partial_triggers.get((index, ref))
        if own and partial.trigger_start not in own:
            continue  # the party of a verb of its own in the sentence: two events ("Taiwan received ..., China sent")
        out.append(ref)
    return out


def completion_features(partial: Frame, index: int, ref: str, doc: DocParties) -> list[str]:
    """The features of `ref` as the missing party of the one-party frame `partial` of sentence `index`."""
    role = "S" if not partial.supplier else "R"
    present = partial.supplier or partial.recipient
    roles = doc.roles
    cls = partial.cls
    out = [
        "cbias",
        f"c:lang:{doc.lang}",
        f"c:cls:{cls}",
        f"c:how:{partial.how}",
        f"c:miss:{role}",
        f"c:miss:{role}:{cls}",
        f"c:{role}ref:{ref}",
        f"c:pref:{role}:{present}",
        f"c:n:{_bucket(len(doc.mentions))}",
    ]
    found = doc.mentions[ref]
    start, sentence, demonym, words, spoke = min(found, key=lambda f: (abs(f[1] - index), f[1] > index, f[4]))
    where = _distance(sentence - index)
    if spoke:  # its nearest mention speaks: the buyer or seller announcing its own deal, or a third party's claim
        out += ["c:spk", f"c:spk:{role}", f"c:spk:{where}", f"c:spk:{cls}:{role}"]
    word = words.rsplit(" ", 1)[-1]
    out += [f"c:d:{where}", f"c:d:{where}:{role}", f"c:p1:{word}", f"c:p1:{word}:{role}", f"c:p2:{words}"]
    for held in doc.partial_roles.get(ref, ()):
        out.append(f"c:partial:{held}:{role}")  # its own one-party frame elsewhere, in which role
    if demonym:
        out.append(f"c:dem:{role}")
    if any(f[1] == 0 for f in found):
        out.append("c:head")
    if sentence == index:
        out.append("c:before" if start < partial.trigger_start else "c:after")
    out.append(f"c:count:{_bucket(len(found))}")
    if ref == roles.top:
        out.append(f"c:top:{role}")
    if ref in roles.suppliers:
        out.append(f"c:ruled:S:{role}")
    if ref in roles.recipients:
        out.append(f"c:ruled:R:{role}")
    if present in roles.suppliers or present in roles.recipients:
        out.append("c:present-ruled")
    return out
