"""Status and attribution of a frame: is it a transfer at all (not a hypothetical, warning or refusal), is it
delivered, ordered, alleged or denied, and who makes the claim."""

from __future__ import annotations

from dataclasses import dataclass

from graph.vocab import TransferStatus
from ingest.news.frames import Frame, Sentence
from ingest.news.gazetteer import Gazetteer, Mention
from ingest.news.lexicon import Lexicon

__all__ = ["Attribution", "attribution", "status_of"]


@dataclass(frozen=True)
class Attribution:
    claimant: str | None
    #: Start offsets of actor mentions that are the source of the claim, not parties to it.
    speakers: frozenset[int]

    @property
    def parts(self) -> int:
        return 0 if self.claimant is None else 1 + self.claimant.count("(via")


def _search(lex: Lexicon, name: str, text: str) -> bool:
    pattern = lex.cue(name)
    return bool(pattern and pattern.search(text))


def status_of(sent: Sentence, frame: Frame, lex: Lexicon) -> tuple[TransferStatus | None, str]:
    """(status, cue) for a frame; status None when the sentence does not assert a transfer."""
    folded = sent.folded
    ts, te = frame.trigger_start, frame.trigger_end
    tail_end = min(te + 15, frame.clause_end)
    scope = folded[frame.scope_start : tail_end]
    if _search(lex, "hypothetical", scope):
        return None, "hypothetical"
    if _search(lex, "warning", scope):
        return None, "warning"
    if _search(lex, "refusal", folded[frame.scope_start : te]):
        return None, "refusal"
    near = folded[max(frame.scope_start, ts - 30) : min(te + 12, frame.clause_end)]
    sentence = folded[sent.start : sent.end]
    denial = lex.cue("denial")
    alleged = _search(lex, "alleged", sentence)
    if _search(lex, "negation", near):
        return TransferStatus.DENIED, "negation"
    if denial is not None:
        hit = denial.search(sentence)
        if hit is not None:
            if sent.start + hit.start() < ts or not alleged:
                return TransferStatus.DENIED, "denial"
            return TransferStatus.ALLEGED, "denied-by-other"
    if alleged:
        return TransferStatus.ALLEGED, "alleged"
    if frame.status == "ordered" or _search(lex, "ordered", folded[frame.scope_start : te]):
        return TransferStatus.ORDERED, "ordered"
    return TransferStatus(frame.status), "default"


def _near(mentions: list[Mention], start: int, end: int, before: int, after: int) -> Mention | None:
    best: Mention | None = None
    best_d = 10**9
    for m in mentions:
        if m.end <= start and start - m.end <= before:
            d = start - m.end
        elif m.start >= end and m.start - end <= after:
            d = m.start - end
        else:
            continue
        if d < best_d:
            best, best_d = m, d
    return best


def attribution(sent: Sentence, lex: Lexicon, gaz: Gazetteer) -> Attribution:
    """Who the sentence says makes the claim: "US intelligence (via The New York Times)", "White House", ...

    Actors named as the speaker ("Kyiv said"), as the owner of the intelligence ("services secrets
    américains")
    or after "according to" are returned as speakers so that they are never taken for a party."""
    folded = sent.folded
    text = folded[sent.start : sent.end]
    actors = sent.actors
    speakers: set[int] = set()
    primary: str | None = None
    rank = 0  # intelligence 4 > institution 3 > officials 2 > speaking actor 1

    def offer(name: str, level: int) -> None:
        nonlocal primary, rank
        if level > rank:
            primary, rank = name, level

    for cue, label, level in (("intelligence", "intelligence", 4), ("officials", "officials", 2)):
        pattern = lex.cue(cue)
        if pattern is None:
            continue
        for hit in pattern.finditer(text):
            s, e = sent.start + hit.start(), sent.start + hit.end()
            owner = _near(actors, s, e, before=12, after=25)
            genitive = lex.roles.get("genitive")
            if (
                owner is not None
                and owner.start >= e
                and not owner.demonym
                and not (genitive is not None and genitive.search(folded[e : owner.start]))
            ):
                owner = (
                    None  # "intelligence, Iran ..." / "Geheimdienst hat China": the subject, not the owner
                )
            if owner is not None and "," in folded[min(owner.end, e) : max(owner.start, s)]:
                owner = None
            if owner is not None:
                speakers.add(owner.start)
                offer(f"{gaz.label(owner.ref)} {label}", level)
            elif level == 4:
                offer("intelligence", level)
    media = [m for m in sent.mentions if m.kind == "media"]
    for m in sent.mentions:
        if m.kind == "claimant":
            offer(m.ref, 3)
    for cue in ("according", "speech"):
        pattern = lex.cue(cue)
        if pattern is None:
            continue
        for hit in pattern.finditer(text):
            s, e = sent.start + hit.start(), sent.start + hit.end()
            after = 40 if cue == "according" else 25
            before = 0 if cue == "according" else 25
            who = _near(
                [m for m in sent.mentions if m.kind in ("actor", "claimant", "media")],
                s,
                e,
                before=before,
                after=after,
            )
            if who is None or (who.start < s and "," in folded[who.end : s]):
                continue  # "drones to Russia, Ukraine said": the speaker is the actor right before the verb
            if who.kind == "actor":
                if who.start < s and len(folded[who.end : s].split()) > 3:
                    continue
                if (
                    cue == "speech"
                    and who.start >= e
                    and not folded[max(sent.start, s - 3) : s].rstrip().endswith((",", '"', "'"))
                ):
                    continue  # "said Iran delivered": Iran is the subject; only ", said the Kremlin" inverts
                speakers.add(who.start)
                offer(gaz.actors[who.ref].name if who.ref in gaz.actors else who.text, 1)
    claimant = primary
    if media:
        via = media[0].ref
        claimant = f"{primary} (via {via})" if primary else via
    return Attribution(claimant=claimant, speakers=frozenset(speakers))
