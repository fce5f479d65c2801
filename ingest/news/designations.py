"""The maker state of a named system as a weak supplier: news often names only the system ("Croatia received its
first Rafale jets", "Lebanon took delivery of Guarani armoured vehicles", "Vietnam ordered K9 howitzers").

A one-party frame of a transfer, an acquisition or a delivery (`supply`, `acquire`, `move`) that has its recipient,
and whose supplier neither its sentence nor the document's other frames gave (`context`), takes the maker state of
the system its goods name (graph/reference/designations.yaml), marked `designation` in its rule. It is the last
resort of the completion and is read only when nothing says the maker is not the supplier:

- every named system of the frame's goods has a listed maker, and they agree ("Rafale and F-16" names two);
- the maker is not the recipient ("India ordered more BrahMos": a home order, no transfer);
- the sentence holds no word of second-hand goods or of stocks ("ex-Dutch F-16s", "Leopards from Polish stocks",
  "used Gripens"): a re-export's supplier is the holder, not the maker;
- the sentence names no other state or group as a possible party (not a place, not a speaker): "bought from
  Jordan" is read by the frame itself, and an unread one leaves the supplier open; nor an institution without its
  state ("the Defence Ministry said"), which may be the outlet's own government and the supplier;
- the document names no other supplier of that system: no frame of it with the system in its goods and another
  supplier, and no other state's adjective or name right before the system ("Dutch F-16s").

Its score is the frame's times `DESIGNATION_SCORE`, below every other completion.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.news.context import Completion, Known, _filled
from ingest.news.frames import PARTY_ROLES, Frame, Sentence, sentence_cues
from ingest.news.gazetteer import Mention
from ingest.news.lexicon import Lexicon
from ingest.news.reference import load_yaml
from ingest.news.text import compile_cues

__all__ = ["CLASSES", "DESIGNATION_SCORE", "home_made", "maker_origin", "maker_reversed", "makers", "second_hand"]

#: A supplier read from the maker of the goods is the least certain completion.
DESIGNATION_SCORE = 0.6
#: Frame classes that may take a maker origin: transfers and their movement. Not use frames: their user often holds
#: the system from a third state or its stocks ("Portugal dispõe de 37 Leopard 2", bought from the Netherlands),
#: nor origin frames.
CLASSES = frozenset(("supply", "acquire", "move"))
#: Words between a state's name or adjective and a system it qualifies ("Dutch F-16s", "niederländische F-16").
_QUALIFIER_GAP = 2


@lru_cache(maxsize=1)
def makers() -> dict[str, str]:
    """Designation name (weapons.yaml) -> maker state ISO code (designations.yaml)."""
    data = load_yaml("designations.yaml")
    return {str(k): str(v) for k, v in (data.get("makers") or {}).items()}


@lru_cache(maxsize=1)
def second_hand() -> re.Pattern[str] | None:
    return compile_cues(str(w) for w in load_yaml("designations.yaml").get("second_hand") or [])


def _goods(partial: Frame, sent: Sentence) -> list[Mention]:
    """The weapons the frame's claim may read (`Extractor._claim`): in its span or its clause. All of them must
    agree on the maker ("Leopard 2A4 und M113" names a system without one)."""
    lo, hi = min(partial.span_start, partial.clause_start), max(partial.span_end, partial.clause_end)
    return [m for m in sent.weapons if lo <= m.start and m.end <= hi]


def _made_locally(sent: Sentence, lex: Lexicon) -> str | None:
    """A licence, co-production, plant or capture word of the sentence ("wyprodukowane w zakładach PZL Mielec",
    "built under licence"): the maker of the design is not who handed the goods over."""
    cues = sent.cues or sentence_cues(sent, lex)
    hit = cues.search("local_make", sent.start, sent.end)
    return None if hit is None else hit[2]


def _unqualified_institution(sent: Sentence) -> str | None:
    """An institution word of the sentence with no state or group named next to it ("detalló el Ministerio de
    Defensa", "the army said"): the home government of the outlet speaks, and may be the supplier itself."""
    if sent.cues is None:
        return None
    folded = sent.folded
    for a, b, word in sent.cues.finditer("institutions"):
        if not any(
            (m.start < b and m.end > a)  # "le ministère égyptien": the institution form is the mention
            or (m.end <= a and len(folded[m.end : a].split()) <= _QUALIFIER_GAP + 1)
            or (m.start >= b and len(folded[b : m.start].split()) <= _QUALIFIER_GAP + 1)
            for m in sent.actors
        ):
            return word
    return None


def _place(m: Mention, folded: str, lex: Lexicon) -> bool:
    """Whether `m` follows a preposition of place only ("in Ukraine", "en Égypte"), not one of a party's role."""
    tail = folded[max(0, m.start - 24) : m.start]
    found = {name for name, forward, _ in lex.role_tests if forward.search(tail)}
    return "other_preps" in found and not found & PARTY_ROLES


def _qualified(w: Mention, mentions: list[Mention], folded: str, allowed: set[str]) -> str | None:
    """A state or group other than `allowed` named right before weapon `w` ("Dutch F-16s", "Polish Leopards")."""
    for m in mentions:
        if m.kind != "actor" or m.end > w.start or m.ref in allowed:
            continue
        if w.start - m.end <= 40 and len(folded[m.end : w.start].split()) <= _QUALIFIER_GAP:
            return m.ref
    return None


def home_made(partial: Frame, sent: Sentence) -> bool:
    """Whether `partial` (no supplier) is a home order: every system its goods name is made by its recipient
    ("Szwecja zamówiła dla siebie dwa GlobalEye", "India ordered more BrahMos"). Such a frame takes no supplier
    from the document either: the parties of the document's other transfers are not the maker."""
    if partial.supplier != "" or not partial.recipient or partial.cls not in CLASSES:
        return False
    named = [w for w in _goods(partial, sent) if w.designation]
    table = makers()
    return bool(named) and all(table.get(w.designation or "") == partial.recipient for w in named)


def maker_origin(
    partial: Frame,
    index: int,
    sent: Sentence,
    mentions: list[Mention],
    known: list[Known],
    lex: Lexicon,
    notes: list[str] | None = None,
) -> Completion | None:
    """`partial` (no supplier) completed with the maker state of the system its goods name, or None; `notes`,
    when given, receives why no maker was taken (`skg extract --explain`)."""
    if partial.supplier != "" or not partial.recipient or partial.cls not in CLASSES:
        return None
    table = makers()
    named = [w for w in _goods(partial, sent) if w.designation]
    if not named:
        return None
    states = {table.get(w.designation or "") for w in named}
    if None in states or len(states) != 1:
        if notes is not None:
            notes.append(
                "maker origin: the goods name a system without one maker ("
                + ", ".join(sorted({w.designation or "" for w in named}))
                + ")"
            )
        return None
    maker = states.pop() or ""
    systems = {w.designation for w in named}
    why = ""
    folded = sent.folded
    second = second_hand()
    if maker == partial.recipient:
        why = f"{maker} makes the system itself"
    elif second is not None and (hit := second.search(folded, sent.start, sent.end)) is not None:
        why = f"second-hand or stock goods ({hit.group(0)!r})"
    elif (made := _made_locally(sent, lex)) is not None:
        why = f"made under licence, co-produced or at a plant elsewhere ({made!r})"
    else:
        other = next(
            (
                m
                for m in sent.actors
                if m.ref not in (partial.recipient, maker)
                and m.start not in sent.speakers
                and not _place(m, folded, lex)
            ),
            None,
        )
        if other is not None:
            why = f"its sentence names another party ({other.text!r})"
        elif (word := _unqualified_institution(sent)) is not None:
            why = f"an institution without its state ({word!r}) may be the supplier"
    if not why:
        for k in known:  # a frame of the document with the system in its goods and another supplier
            f = k.frame
            if f.supplier in ("", maker, partial.recipient):
                continue
            if any(
                m.kind == "weapon" and m.designation in systems and f.span_start <= m.start < f.span_end
                for m in mentions
            ):
                why = f"the document names another supplier of the system ({f.supplier} > {f.recipient})"
                break
    if not why:
        for w in mentions:
            if w.kind == "weapon" and w.designation in systems:
                ref = _qualified(w, mentions, folded, {maker, partial.recipient})
                if ref is not None:
                    why = f"the document names the system with another state ({ref}, {w.text!r})"
                    break
    if why:
        if notes is not None:
            notes.append(f"maker origin {maker} not taken: {why}")
        return None
    frame = _filled(partial, maker, "designation", DESIGNATION_SCORE)
    return Completion(frame, "designation", Known(index, frame, sent.start, sent.end))


#: Words of goods going back to their maker, or to it for work: a return or buy-back ("India returned the Su-30K to
#: Russia", "Russia is buying back tank sights"), a repair or an upgrade there. Folded, matched anywhere in the
#: claim's sentence.
_BACK_TO_MAKER = re.compile(
    r"(?<!\w)(?:return\w*|back|repurchas\w*|buyback\w*|overhaul\w*|repair\w*|moderni[sz]\w*|upgrad\w*|refit\w*|"
    r"rend\w*|restitu\w*|rachat\w*|rachet\w*|renvo\w*|zuruck\w*|ruckkauf\w*|ruckgab\w*|devol\w*|devuel\w*|"
    r"recompr\w*|riacquist\w*|restitui\w*|revision\w*|reparac\w*|riparaz\w*|ammoderna\w*|modernizz\w*|"
    r"возвра\w*|верну\w*|выкуп\w*|ремонт\w*|модерниз\w*|поверну\w*|повернен\w*|викуп\w*|модерніз\w*|"
    r"zwr[oó]c\w*|zwrot\w*|odkup\w*|remont\w*|moderniz\w*)(?!\w)"
)


#: A system named as what the goods are for ("interceptors for the Iron Dome system", "шасі для російських
#: «Іскандерів»"): parts for the maker's own weapons say nothing of the direction. Folded, before the system's name.
_FOR_SYSTEM = re.compile(
    r"(?<!\w)(?:for|pour|fur|para|per|для|dla)(?:\s+\S+){0,3}\s*$"
)


def maker_reversed(
    supplier: str, recipient: str, designations: list[str | None], sentence: str, names: list[str] | None = None
) -> bool:
    """Whether a claim `supplier` > `recipient` runs against the maker of its goods: every system it names is made
    by the recipient, the supplier is someone else, and its (folded) sentence says nothing of goods going back to
    the maker and the systems are not what the goods are for (`names`: their folded surfaces). "Il cantiere
    sudcoreano ha ottenuto da Manila due corvette", L-159s "sold" by Iraq read the wrong way round are the common
    case; a return or a buy-back to the maker is the exception the sentence names."""
    if not designations or any(d is None for d in designations):
        return False
    table = makers()
    states = {table.get(d or "") for d in designations}
    if names and any(
        (at := sentence.find(name)) >= 0 and _FOR_SYSTEM.search(sentence, max(0, at - 40), at) is not None
        for name in names
    ):
        return False
    return (
        states == {recipient}
        and supplier != recipient
        and _BACK_TO_MAKER.search(sentence) is None
        and (second_hand() is None or second_hand().search(sentence) is None)  # type: ignore[union-attr]
    )
