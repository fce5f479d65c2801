"""Precision vetoes: frames and claims that read like a transfer and are none (issue 14).

Applied after the frames of a sentence are built (`veto_frames`) and after the claims of a document are drafted
(`veto_chains`), so that frame building stays as it is. Each veto is a general reading rule, proved on the
behavioural suite (news_suite.yaml) in every language; the lexicon's `permission`, `troops` and `attack` cue
lists carry the words:

- **permission or stance**: who permits, condemns or welcomes another's transfer is not its supplier ("the US
  gave European partners permission to hand American jets to Kyiv", "Washington condemned the transfer of
  missiles by Pyongyang to Moscow"): the frame whose supplier is the last actor before such a word is dropped.
- **people, not arms**: a trigger whose object is troops, mercenaries or instructors ("the soldiers the North
  sent to fight for Moscow", "sent 11,000 soldiers as well") claims no arms transfer even when weapons are named
  elsewhere in the sentence.
- **attacked place**: a recipient right after an attack word ("the missiles that hit Kyiv", "since the invasion
  of Ukraine", "inwazji na Ukrainę") is a target, not a recipient.
- **auxiliary origin verb**: "Paris vient d'expédier": "venir de" before an infinitive trigger is a recent past,
  not "to come from".
- **chains**: when the document claims A > B and B > C, the end-to-end A > C is not a transfer of its own (the
  label guide's rule 8: Russia sold to Syria, Syria passed them on to Hezbollah).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

from ingest.news.context import ONWARD, seized_by
from ingest.news.cues import SentenceCues
from ingest.news.designations import second_hand
from ingest.news.frames import (
    ADJ_AFTER,
    COMPASS,
    DETERMINERS,
    Frame,
    Sentence,
    after_weapon,
    attacked_place,
    flagged,
    prep_role,
    qualifies,
    right_after,
    sentence_cues,
)
from ingest.news.gazetteer import Mention
from ingest.news.lexicon import Lexicon
from ingest.news.modality import DraftedPair

__all__ = ["veto_chains", "veto_frames"]

#: Words between a permission or stance word and the trigger it governs ("permission to hand over").
_PERMISSION_GAP = 4
#: Words between a trigger and the troops it moves ("sent about 11,000 more soldiers").
_TROOPS_AFTER = 5
#: Words between troops and the trigger of a reduced relative ("the soldiers the North sent").
_TROOPS_BEFORE = 3
#: Words of an origin phrase between weapons and their participle ("un dron de origen iraní entregado a").
_ORIGIN_WORDS = 3


def _words(text: str) -> int:
    return len(text.split())


def _permitted(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The supplier is the subject of a permission or stance word governing the trigger."""
    if not frame.supplier:
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    te = frame.trigger_end
    given = cues.search("permission", te, frame.clause_end)  # "gave its partners permission to hand over"
    if (
        given is not None
        and _words(sent.folded[te : given[0]]) <= _PERMISSION_GAP
        and not any(te <= w.start < given[0] for w in sent.weapons)
    ):
        return True
    for start, end, _ in cues.finditer("permission", sent.start, frame.trigger_start):
        if any(start <= m.start < end for m in sent.mentions):
            continue  # part of a name
        # verb-final clauses put the objects between ("die Erlaubnis erteilt, Russland Raketen zu liefern")
        if _words(sent.folded[end : frame.trigger_start]) > _PERMISSION_GAP * (2 if lex.verb_final else 1):
            continue  # "agreed to it and announced the handover itself": the stance word governs something else
        before = [m for m in sent.actors if m.end <= start]
        if before and before[-1].ref == frame.supplier:
            return True
        if before and before[-1].ref == frame.recipient and frame.cls == "use":
            return True  # "Washington had denounced the use of North Korean missiles": it condemns, it does not use
    return _permitter(sent, frame, lex)


def _permitter(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party of the frame whose own clause is a permission or stance: "asked Germany for permission to hand
    over" ("do Niemiec o zgodę na przekazanie"), "the United States, which approved the transfer" ("Сполученим
    Штатам, що погодили передачу"): a permission word at most two words after the party (a relative pronoun
    between), no other actor between. It permits; it neither supplies nor receives."""
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    for ref in (frame.supplier, frame.recipient):
        if not ref:
            continue
        for m in sent.actors:
            if m.ref != ref:
                continue
            hit = cues.search("permission", m.end, min(sent.end, m.end + 40))
            if hit is None or any(m.end <= o.start < hit[0] for o in sent.mentions):
                continue
            gap = folded[m.end : hit[0]]
            # after the trigger only for a party that generic evidence read ("подякував ... Сполученим Штатам, що
            # погодили передачу"): a verb's own argument followed by "which welcomed ..." stays
            weak = "backoff" in frame.how
            if _words(gap) <= 2 and gap.count(",") <= 1 and (hit[0] < frame.trigger_start or weak):
                return True
    return False


def _pronoun_subject(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The subject role read from an actor of an earlier clause while a subject pronoun of the trigger's own
    clause stands between ("des MiG-29 livrés par Moscou et le Bélarus, et elle a reçu des systèmes chinois":
    "elle" is Serbia, not Belarus): a comma between the actor and the pronoun, the pronoun at most two words
    before the trigger, and not set off itself (", elle," takes up the subject before it)."""
    roles = frame.how.split(">")
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    for ref, role in ((frame.supplier, roles[0]), (frame.recipient, roles[-1])):
        if role != "subj" or not ref:
            continue
        m = _nearest(sent, ref, frame)
        if m is None or m.end > frame.trigger_start:
            continue
        for start, end, _ in cues.finditer("subject_pronouns", m.end, frame.trigger_start):
            if folded[end : end + 2].lstrip().startswith(","):
                continue  # "L'armée soudanaise, elle, aurait reçu": the pronoun takes the subject up again
            if "," in folded[m.end : start] and _words(folded[end : frame.trigger_start]) <= 2:
                return True
    return False


def _group_qualifier(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party read from a demonym that qualifies an armed group ("bei der sudanesischen RSF-Miliz", "the Yemeni
    Houthis"): the group is the party, its country is not."""
    folded = sent.folded
    for ref in (frame.supplier, frame.recipient):
        m = _nearest(sent, ref, frame) if ref else None
        if m is None or not m.demonym:
            continue
        for o in sent.actors:
            if o.start >= m.end and o.ref.startswith("grp-") and not folded[m.end : o.start].strip(" -"):
                return True
    return False


def _accuser(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The subject of an accusation or hedge that names another actor before the trigger is the claimant, not the
    supplier: "Israel acusa a Irán de armar a Hamás", "Kyiv accuses Tehran of supplying ...", "Израиль обвиняет
    Иран в поставках ..."."""
    if not frame.supplier:
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    ts = frame.trigger_start
    for start, _end, _ in cues.finditer("accusation", sent.start, ts):
        before = [m for m in sent.actors if m.end <= start]
        if not before or before[-1].ref != frame.supplier:
            continue
        gap = folded[before[-1].end : start]
        if "," in gap or _words(gap) > 2:
            continue
        if any(start < o.start < ts and o.ref not in (frame.supplier, frame.recipient) for o in sent.actors):
            return True
    return False


#: Roles read from a preposition that also marks an owner ("rival regional de Rabat", "an ally of Iran").
_GENITIVE_ROLES = frozenset(["from", "of"])


def _appositive(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party named inside an apposition of the other ("Argelia, rival regional de Rabat, ha comprado ...",
    "Russia, Iran's ally, received ..."): set off by commas right after the other party, it qualifies that party
    and plays no role of the trigger's."""
    folded = sent.folded
    roles = frame.how.split(">")
    for ref, other, role in ((frame.supplier, frame.recipient, roles[0]), (frame.recipient, frame.supplier, roles[-1])):
        if not ref or not other or role not in _GENITIVE_ROLES:
            continue  # "Груз из Ирана, предназначенный для России, был задержан": a role of its own, no apposition
        m = _nearest(sent, ref, frame)
        if m is None or m.end > frame.trigger_start:
            continue
        heads = [o for o in sent.actors if o.ref == other and o.end <= m.start]
        if not heads:
            continue
        lead = folded[heads[-1].end : m.start]
        tail = folded[m.end : frame.trigger_start]
        if (
            lead.lstrip().startswith(",")
            and lead.count(",") == 1
            and _words(lead) <= 4
            and tail.lstrip().startswith(",")
            and not any(heads[-1].end <= o.start < m.start for o in sent.actors)
        ):
            return True
    return False


def _source_name(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The trigger is a word of the source's name after "according to" ("según el mando militar de Kiev": "mando"
    is the command, not "mandó"; "according to the supply command"): at most one word (an article) after the cue,
    no name between ("Według Kijowa Białoruś przekazała": the source ends at its name)."""
    cues = sent.cues or sentence_cues(sent, lex)
    ts = frame.trigger_start
    for start, end, _ in cues.finditer("according", max(sent.start, ts - 30), ts):
        if cues.has("according_after", start, end):
            continue  # "Berichten zufolge liefert": a postpositive cue ends its source, the verb follows
        gap = sent.folded[end:ts]
        if "," not in gap and _words(gap) <= 1 and not any(end <= m.start < ts for m in sent.mentions):
            return True
    return False


def _destroyer(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """Who shoots down or destroys is not the supplier of what it destroys ("the Israeli raid destroyed a plant
    built by Iran to make missiles for Hezbollah"): the supplier is the last actor before an active downing word
    that stands before the trigger (no passive auxiliary between)."""
    return _downs(sent, frame, lex, frame.supplier)


def _troops(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The trigger moves people: its object is a troops word, or troops stand right before it (a reduced
    relative), with no weapon left for it to carry."""
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    ts, te = frame.trigger_start, frame.trigger_end
    goods_before = any(
        w.end <= ts and _words(folded[w.end : ts]) <= _TROOPS_BEFORE and "," not in folded[w.end : ts]
        for w in sent.weapons
    )  # "разом зі снарядами прибули радники": the shells arrived, the advisers with them
    for start, end, _ in cues.finditer("troops", te, frame.clause_end):
        if goods_before or _words(folded[te:start]) > _TROOPS_AFTER:
            break
        if any(te <= w.start < start for w in sent.weapons):
            break  # the weapons come first: "sent tanks and troops"
        if not any(w.start >= end and w.end <= frame.clause_end for w in sent.weapons):
            return True
        break
    for _start, end, _ in reversed(cues.finditer("troops", frame.clause_start, ts)):
        if _words(folded[end:ts]) > _TROOPS_BEFORE:
            break
        if any(end <= w.start < ts for w in sent.weapons):
            break
        if not any(w.start >= te and w.end <= frame.clause_end for w in sent.weapons):
            return True
        break
    return False


def _next_subject(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """ "Iran delivered drones to Russia, and North Korea sent ...": a party after a comma and a conjunction that
    a trigger follows is the subject of a new clause, not a second recipient of the first verb."""
    if not frame.recipient:
        return False
    conj = lex.cues.get("conj")
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    for m in sent.actors:
        if m.ref != frame.recipient or m.start < frame.trigger_end:
            continue
        head = folded[max(sent.start, m.start - 12) : m.start].rstrip().split(",")
        if len(head) < 2 or conj is None or not any(conj.fullmatch(x) for x in head[-1].split()[:1]):
            continue
        between = [o for o in sent.actors if frame.trigger_end <= o.start < m.start]
        if not between or any(o.ref == frame.recipient for o in between):
            continue  # no list head between the verb and the party, or the recipient is named there already
        for name in lex.trigger_names:
            hit = cues.search(name, m.end, sent.end)
            if hit is not None and _words(folded[m.end : hit[0]]) <= 1:
                return True
    return False


def _attacked(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The recipient is the place an attack word names ("the missiles that hit Kyiv", "invasion of Ukraine")."""
    m = _nearest(sent, frame.recipient, frame)
    return m is not None and attacked_place(sent, lex, m)


def _placed(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The recipient follows a route or coast word: "intercepted off Somalia", "через Сирию", "via Chad"."""
    m = _nearest(sent, frame.recipient, frame)
    return m is not None and right_after(sent, m, "place", lex, 1)


def _regional(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The recipient is a region of a state, its name right after a compass adjective: "smuggled into southern
    Lebanon" for Hezbollah, "в восточную Украину" for the separatists: a place the goods went to, not the state
    ("neighbouring Poland" is still Poland)."""
    if frame.cls not in ("supply", "move"):
        return False
    m = _nearest(sent, frame.recipient, frame)
    if m is None or m.demonym or not (len(m.ref) == 2 and m.ref.isupper()):
        return False
    tail = sent.folded[max(sent.start, m.start - 24) : m.start]
    return COMPASS.search(tail) is not None


#: Locative prepositions ("in", "en", "в", "w"): a party after one that follows another party is where that
#: party is, not a recipient ("Wagner mercenaries in Libya", "хуситам в Ємен", "bases rusas en Siria").
_LOCATIVES = {
    "en": ("in",),
    "fr": ("en", "au", "aux"),
    "de": ("in", "im"),
    "es": ("en",),
    "it": ("in",),
    "pt": ("em", "no", "na", "nos", "nas"),
    "ru": ("в", "во"),
    "uk": ("в", "у"),
    "pl": ("w", "we"),
}


def _located(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The recipient is where another party stands: a locative preposition right before it, and right before
    that (a demonym, or a name, at most one word between, no comma) another actor that is no party of the frame:
    "supply Wagner mercenaries in Libya" ("наёмников ЧВК Вагнера в Ливии"), "carried Iranian arms to the Houthis
    in Yemen", "left Russian bases in Syria". The party before is the recipient, or the owner of the place."""
    preps = _LOCATIVES.get(lex.lang)
    if not preps or not frame.recipient:
        return False
    m = _nearest(sent, frame.recipient, frame)
    if m is None:
        return False
    folded = sent.folded
    head = folded[max(sent.start, m.start - 6) : m.start].split()
    if not head or head[-1] not in preps:
        return False
    prep_at = folded.rfind(head[-1], max(sent.start, m.start - 6), m.start)
    for o in sent.mentions:
        if o.kind != "actor" or o.end > prep_at or o.ref in (frame.recipient,):
            continue
        gap = folded[o.end : prep_at]
        # "bases rusas en Siria": the supplier's own demonym may qualify the place too
        if "," not in gap and _words(gap) <= 1 and (o.ref != frame.supplier or (o.demonym and not gap.strip())):
            return True
    return False


def _threat(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """An origin supplier whose weapons are what the recipient defends against ("to protect itself from Russian
    drones, missiles and aircraft"): a threat, not goods."""
    if not frame.origin_used:
        return False
    m = _nearest(sent, frame.supplier, frame)
    if m is None:
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    for _, end, _ in cues.finditer("defence", max(sent.start, m.start - 80), m.start):
        if _words(sent.folded[end : m.start]) <= 6 and not any(end <= o.start < m.start for o in sent.actors):
            return True
    return False


def _downed(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """Who shoots down, intercepts or destroys weapons never received them ("Ukrainian forces shot down an
    Iranian drone launched by Russian troops"): the recipient is the last actor before such a word."""
    return _downs(sent, frame, lex, frame.recipient)


def _downs(sent: Sentence, frame: Frame, lex: Lexicon, party: str) -> bool:
    """Whether `party` is the last actor before an active downing word ahead of the trigger (no passive
    auxiliary between: "was destroyed by" names no downer)."""
    if not party:
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    for start, _, _ in cues.finditer("downing", sent.start, frame.trigger_start):
        before = [m for m in sent.actors if m.end <= start]
        if before and before[-1].ref == party and not cues.has("passive_aux", before[-1].end, start):
            return True
    return False


def _claimant_demonym(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party read from a demonym that qualifies an intelligence service is the claimant ("South Korean
    intelligence", "le renseignement américain", "американская разведка")."""
    cues = sent.cues or sentence_cues(sent, lex)
    for ref in (frame.supplier, frame.recipient):
        m = _nearest(sent, ref, frame) if ref else None
        if m is None or not m.demonym:
            continue
        for name in ("intelligence",):  # hedges ("soll", "reportedly") next to a demonym say nothing of it
            hit = cues.search(name, m.end, min(sent.end, m.end + 30))
            if hit is not None and _words(sent.folded[m.end : hit[0]]) == 0:
                return True
            prior = cues.finditer(name, max(sent.start, m.start - 30), m.start)
            if prior and _words(sent.folded[prior[-1][1] : m.start]) == 0:
                return True  # "les soupçons américains", "розвідка американська"
    return False


def _participle_origin(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """ "des drones iraniens livrés à la Russie", "Iranian drones delivered to Russia": a participle qualifying
    weapons of a named origin has that origin as its supplier, not an actor earlier in the sentence."""
    if frame.passive or frame.origin_used or frame.how.split(">")[0] != "subj":
        return False
    folded = sent.folded
    ts = frame.trigger_start
    for w in sent.weapons:
        gap = folded[w.end : ts] if w.end <= ts else ""
        if w.end > ts or "," in gap or _words(gap) > 1 + _ORIGIN_WORDS:
            continue
        for m in sent.actors:
            if not m.demonym or m.ref == frame.supplier:
                continue
            # "un dron suicida de origen iraní entregado a Rusia": an origin phrase between weapons and participle
            between = m.start >= w.end and m.end <= ts and not folded[m.end : ts].strip()
            if (between and (_words(gap) <= 1 or m.start > w.end)) or (
                _words(gap) <= 1 and m.end <= w.start and _words(folded[m.end : w.start]) <= 1
            ):
                return True
    return False


def _nearest(sent: Sentence, ref: str, frame: Frame) -> Mention | None:
    """The mention of `ref` in the frame's clause (else the sentence) nearest its trigger: the party it read.
    Memoized on the sentence (`Sentence.nearest`): the vetoes of a frame ask it again and again."""
    key = (ref, frame.clause_start, frame.clause_end, frame.trigger_start)
    memo = sent.nearest
    if key in memo:
        return memo[key]
    # the first mention nearest the trigger (as `min` by distance would pick), inside the clause when any is
    clause_start, clause_end, ts = frame.clause_start, frame.clause_end, frame.trigger_start
    nearest: Mention | None = None
    distance = 0
    inside = False
    for m in sent.actors:
        if m.ref != ref:
            continue
        here = clause_start <= m.start < clause_end
        d = abs(m.start - ts)
        if nearest is None or (here and not inside) or (here == inside and d < distance):
            nearest, distance, inside = m, d, here
    memo[key] = nearest
    return nearest


def _not_arms_goods(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The trigger's object is technology, know-how, fuel or money: "transferir tecnologia de drones", "shared
    missile know-how". A weapon right after the goods word qualifies it ("technology of drones")."""
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    te = frame.trigger_end
    prior = cues.finditer("goods", max(frame.clause_start, frame.trigger_start - 40), frame.trigger_start)
    if prior and not folded[prior[-1][1] : frame.trigger_start].strip():
        return True  # "technology transfer", "трансфер технологий" read from its noun
    hit = cues.search("goods", te, frame.clause_end)
    if hit is None or _words(folded[te : hit[0]]) > _TROOPS_AFTER:
        return False
    if any(te <= w.start < hit[0] for w in sent.weapons):
        return False  # weapons first: "sent drones and fuel"
    conj = lex.cues.get("conj")
    for w in sent.weapons:
        if w.start >= hit[1] and w.end <= frame.clause_end:
            gap = folded[hit[1] : w.start]
            listed = conj is not None and any(conj.fullmatch(x) for x in gap.split())
            if _words(gap) <= 3:
                return "," not in gap and not listed
            # farther on, weapons are the object too only when listed with the goods ("fuel, food and drones");
            # "shipped oil to North Korea in exchange for shells": the shells are the payment's counterpart
            return not listed
    return True


def _cause(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """Weapons named only after a phrase of cause following the trigger are the topic of the verb, not its goods:
    "направила Исламабаду жёсткое послание из-за истребителей", "protested to Berlin because of the tanks"."""
    if frame.clause_kind == "rel":
        return False  # "the drones that Iran sent": the goods stand before the clause
    cues = sent.cues or sentence_cues(sent, lex)
    hit = cues.search("cause", frame.trigger_end, frame.clause_end)
    if hit is None:
        return False
    inside = [w for w in sent.weapons if frame.clause_start <= w.start < frame.clause_end]
    return bool(inside) and all(w.start >= hit[1] for w in inside)


def _aux_next(sent: Sentence, cues: SentenceCues, end: int) -> bool:
    """Whether a passive auxiliary is the next word after `end` ("beschlagnahmt wurden", "bestellt worden")."""
    hit = cues.search("passive_aux", end, min(sent.end, end + 12))
    return hit is not None and _words(sent.folded[end : hit[0]]) == 0


def _seizer(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """Who seizes or boards a shipment is never its supplier ("Israeli commandos boarded a cargo ship", "forces
    allied to the Yemeni government say they intercepted"): the supplier is the last actor before an active
    seizure word at or before the trigger (no passive auxiliary between, not a participle after the weapons)."""
    if not frame.supplier:
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    for start, end, _ in cues.finditer("seizure", sent.start, frame.trigger_end):
        before = [m for m in sent.actors if m.end <= start]
        if not before or before[-1].ref != frame.supplier:
            continue
        actor = before[-1]
        if cues.has("passive_aux", actor.end, start):
            continue  # "Iranian drones were seized"
        if lex.verb_final and _aux_next(sent, cues, end):
            continue  # "nordkoreanische Granaten, die ... beschlagnahmt wurden": the auxiliary follows the participle
        if after_weapon(sent, start):
            continue  # "Iranian drones seized by the navy": a participle of the weapons
        return True
    # "Drones bound for Belarus were seized by Poland": the agent of a passive seizure
    return any(seized_by(m, sent) for m in sent.actors if m.ref == frame.supplier)


def _seizer_recipient(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """Who seizes or impounds a shipment is never its recipient either ("Thai authorities impounded a plane from
    Pyongyang", "ВМС Ізраїлю затримали судно зі зброєю, яку Іран відправив ХАМАС"): the recipient is the bare
    subject of a seizure word (no passive auxiliary between: "the drones Russia received were seized") or its
    agent ("seized by Thailand"), `seized_by`."""
    if not frame.recipient:
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    for m in sent.actors:
        if m.ref != frame.recipient or not seized_by(m, sent):
            continue
        hit = cues.search("seizure", m.end, min(sent.end, m.end + 40))
        if hit is None:
            return True  # the agent after the seizure word ("seized by Thailand")
        # the seizer is a bare subject: "für die Huthi-Miliz aufgebracht", "opositor a los hutíes incautó" name
        # the goods' recipient or an object right before a (verb-final or adjacent) seizure word
        if not cues.has("passive_aux", m.end, hit[0]) and prep_role(sent, m, lex, ()) in ("bare", "genitive"):
            return True
    return False


def _stationed(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A state's own weapons stationed abroad under its own command ("the Oreshnik arrived in Belarus and goes on
    combat duty", "a THAAD battery operated by US crews"): no transfer. Use frames ("Iranian drones deployed by
    Russia") are not concerned."""
    if frame.cls in ("use", "find", "origin"):
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    return cues.has("stationing", frame.clause_start, sent.end)


def _auxiliary_origin(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """ "vient d'expédier", "viennent de livrer": an origin verb before "de" and another trigger."""
    if frame.cls != "origin":
        return False
    folded = sent.folded
    rest = folded[frame.trigger_end : frame.trigger_end + 4]
    if not (rest.startswith(" d'") or rest.startswith(" de ")):
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    nxt = frame.trigger_end + (3 if rest.startswith(" d'") else 4)
    for name in lex.trigger_names:
        hit = None if name.startswith("trigger:origin") else cues.search(name, nxt, sent.end)
        if hit is not None and hit[0] == nxt:
            return True
    return False


def _backer(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """ "Iran-backed militias", "rebels backed by Iran", "при поддержке Ирана": the backer qualifies the group and
    is no party of the frame."""
    cues = sent.cues or sentence_cues(sent, lex)
    if not cues.has("backing"):
        return False
    for ref in (frame.supplier, frame.recipient):
        m = _nearest(sent, ref, frame) if ref else None
        if m is None:
            continue
        hit = cues.search("backing", m.end, min(sent.end, m.end + 12))
        if hit is not None and hit[0] == m.end:
            return True  # "Iran-backed"
        if right_after(sent, m, "backing", lex, 0):
            return True  # "backed by Iran"
    return False


def _announced_other(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """An announcer whose weapons are another state's ("the US approved the sale of Danish F-16s to Ukraine",
    "Berlin cleared the transfer of Polish MiG-29s"): it permits, the owner supplies."""
    nominal = lex.cues.get("nominals")
    if not (
        frame.how.startswith("announcer>")
        or (frame.how.startswith("subj>") and nominal is not None and nominal.fullmatch(frame.trigger))
    ):
        return False  # a transfer noun whose agent is the subject of another verb ("approved the transfer of")
    for m in sent.actors:
        if frame.trigger_end <= m.start < frame.span_end and m.ref not in (frame.supplier, frame.recipient):
            possessive = sent.folded[m.end : m.end + 2] == "'s"
            abbreviation = m.text.isupper() and len(m.text) <= 4  # "US drones"
            if (m.demonym or possessive or abbreviation) and any(
                w.start >= m.end and _words(sent.folded[m.end : w.start]) <= 2 for w in sent.weapons
            ):
                return True
    return False


#: Words that may stand between a claim noun and its owner ("warnings from the United States", "advertências de").
_OWNER_LINKS = frozenset(
    [
        "of",
        "from",
        "by",
        "the",
        "de",
        "des",
        "du",
        "d",
        "la",
        "le",
        "les",
        "von",
        "aus",
        "der",
        "den",
        "di",
        "del",
        "della",
        "dello",
        "dei",
        "da",
        "dal",
        "dalla",
        "do",
        "dos",
        "das",
        "pelo",
        "pela",
        "от",
        "со",
        "стороны",
        "з",
        "із",
        "від",
        "od",
        "ze",
        "z",
        "przez",
        "strony",
    ]
)


def _claim_owner(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The owner of a warning, suspicion or accusation is the claimant, not a party: "den amerikanischen Verdacht",
    "desafiando as advertências de Washington", "les soupçons américains"."""
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    for ref in (frame.supplier, frame.recipient):
        m = _nearest(sent, ref, frame) if ref else None
        if m is None:
            continue
        after = cues.search("claims", m.end, min(sent.end, m.end + 30))
        if m.demonym and after is not None and not folded[m.end : after[0]].strip():
            return True  # "amerikanischen Verdacht"
        before = cues.finditer("claims", max(sent.start, m.start - 40), m.start)
        if before:
            gap = folded[before[-1][1] : m.start].replace("'", " ").split()
            if (m.demonym and not gap) or (
                gap and gap[0] in _OWNER_LINKS and len(gap) <= 3 and sum(w not in _OWNER_LINKS for w in gap) <= 1
            ):
                return True  # "les soupçons américains", "advertências de Washington", "críticas da vizinha Namíbia"
    return False


def _conditional_readiness(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """ "Poland is ready to hand over its MiG-29s to Ukraine if allies join in": readiness under a condition is an
    offer, no transfer; plain readiness ("готова к первой поставке" under a contract) stays a plan."""
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    ts = frame.trigger_start
    ready = cues.finditer("readiness", frame.clause_start, ts)
    if not ready or _words(folded[ready[-1][1] : ts]) > (8 if lex.verb_final else 3):
        return False
    return cues.search("hypothetical", frame.trigger_end, sent.end) is not None


#: Words between an abandon cue and a party of the phrase it governs ("l'échec de l'achat de F-16 israéliens").
_ABANDON_GAP = 6


def _abandoned_party(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party read inside the phrase of an abandoned or failed plan that does not hold the trigger belongs to that
    plan: "Zagreb avait commandé douze appareils, après l'échec de l'achat de F-16 israéliens" (Israel is no seller
    of the order), "zamówiła 32 maszyny po tym, jak zrezygnowała z zakupu helikopterów od Kanady". Only a trigger
    before the cue is outside the plan's phrase."""
    if frame.cls in ("find", "use"):
        return False  # "shells found in abandoned Russian positions": a place, no plan
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    ts = frame.trigger_start
    for ref in (frame.supplier, frame.recipient):
        m = _nearest(sent, ref, frame) if ref else None
        if m is None:
            continue
        for start, end, _ in cues.finditer("abandoned", max(sent.start, m.start - 80), m.start):
            stretch = folded[end : m.start]
            # the trigger before the cue: a trigger after the party may hang on it ("à Israël, qui lui a vendu")
            if (
                ts < start
                and _words(stretch) <= _ABANDON_GAP
                and not any(p in stretch for p in (",", ";", ":", " - ", " – ", " — "))
            ):
                return True
    return False


#: Words between a thanks or comitative word and the party it governs ("agradeció además a Países Bajos").
_GOVERN_GAP = 2


def _thanked(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The recipient is whom a thanks word addresses ("Zelensky thanked the Netherlands for the new F-16",
    "a remercié Paris", "подякував Нідерландам за партію"): the thanked party gives, it never receives."""
    m = _nearest(sent, frame.recipient, frame) if frame.recipient else None
    return m is not None and right_after(sent, m, "thanks", lex, _GOVERN_GAP)


def _comitative(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party governed by a comitative or presence word ("developed together with France", "en présence
    d'Emmanuel Macron", "вместе с Россией") acts beside the subject: it is no counter-party of the trigger."""
    for ref in (frame.supplier, frame.recipient):
        m = _nearest(sent, ref, frame) if ref else None
        if m is not None and right_after(sent, m, "comitative", lex, _GOVERN_GAP):
            return True
    return False


def _participle_agent(sent: Sentence, frame: Frame) -> bool:
    """Whether the supplier a "from" word gave follows the goods and a word of their own, not the trigger ("riceve
    droni progettati dall'Iran", "reçoit des chars conçus par l'Allemagne"): the agent of a participle that
    qualifies the goods, which `_made_elsewhere` drops when the goods were made under licence or locally."""
    m = _nearest(sent, frame.supplier, frame) if frame.supplier else None
    if m is None or m.start < frame.trigger_end:
        return False
    goods = [w for w in sent.weapons if frame.trigger_end <= w.start and w.end <= m.start]
    if not goods:
        return False
    gap = sent.folded[goods[-1].end : m.start]
    return "," not in gap and 2 <= _words(gap) <= 3


#: What separates the items of a list of goods: a comma or a semicolon.
_ITEM_BREAK = re.compile(r"[,;]")


def _made_elsewhere(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A supplier read from the origin of the goods (a demonym, a maker) when the sentence says they were
    made under licence, co-produced, assembled or built at a plant elsewhere, or captured ("S-70i wyprodukowane w
    zakładach PZL Mielec", "built under licence"): the origin names the design, not who handed them over."""
    roles = frame.how.split(">")
    designer = roles[0] == "from" and _participle_agent(sent, frame)
    if not frame.origin_used and not designer and roles[0] not in ("origin", "designation", "fallback-origin"):
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    made = cues.finditer("local_make", sent.start, sent.end)
    if made:
        # the make names the goods of its own list item: "JF-17 conçus avec la Chine et assemblés au Pakistan, sur
        # F-16 américains" leaves the American F-16s American
        origin = _nearest(sent, frame.supplier, frame) if frame.supplier else None
        if origin is None:
            return True
        folded = sent.folded
        for a, b, _ in made:
            lo, hi = (b, origin.start) if b <= origin.start else (origin.end, a)
            if not _ITEM_BREAK.search(folded, lo, max(lo, hi)):
                return True
    if designer:
        return False
    # "Leopard 2A4 німецького виробництва з польських запасів": stocks of another state hand them over
    stock = second_hand()
    if stock is None:
        return False
    folded = sent.folded
    for m in sent.actors:
        if m.ref in (frame.supplier, frame.recipient) or not m.demonym:
            continue
        hit = stock.match(folded, m.end + 1) if folded[m.end : m.end + 1] == " " else None
        nxt = folded[hit.end() : hit.end() + 5].split() if hit is not None else []
        if hit is not None and not (nxt and nxt[0] in DETERMINERS):
            return True  # (not a verb with its object: "un croiseur américain saisit des missiles iraniens")
    return False




def _attributive_use(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A use participle between a determiner or a number and the goods is an adjective, no use: "twenty used
    American F-16s", "the used Leopard tanks" (second-hand goods, whoever holds them)."""
    if frame.cls != "use" or lex.lang in ADJ_AFTER:
        return False  # (where adjectives follow their noun, "a lançar drones" is an infinitive after "a")
    folded = sent.folded
    before = folded[max(sent.start, frame.trigger_start - 16) : frame.trigger_start].split()
    if not before or not (before[-1] in DETERMINERS or before[-1].isdigit() or before[-1] in lex.numbers):
        return False
    nxt = next((m for m in sent.mentions if m.start >= frame.trigger_end), None)
    return nxt is not None and nxt.kind in ("weapon", "actor") and not folded[frame.trigger_end : nxt.start].strip()


def _qualified_state(sent: Sentence, frame: Frame, lex: Lexicon, nouns: str) -> Mention | None:
    """The party of the frame that is a state read from an adjective right next to a `nouns` cue
    (`context.qualifies`), or None."""
    for ref in (frame.supplier, frame.recipient):
        m = _nearest(sent, ref, frame) if ref else None
        if m is None or not (len(m.ref) == 2 and m.ref.isupper()):
            continue  # only a state: "the Houthi rebels" names the group itself
        if qualifies(m, sent, lex, nouns):
            return m
    return None


def _place_named(sent: Sentence, frame: Frame) -> Mention | None:
    """The frame's recipient when a place noun stands right before its name, a genitive word between at most ("the
    port of Conakry", "le port de Conakry", "до порту Конакрі")."""
    m = _nearest(sent, frame.recipient, frame) if frame.recipient else None
    if m is None or m.demonym or sent.cues is None:
        return None
    nouns = sent.cues.finditer("place_nouns", max(sent.start, m.start - 20), m.start)
    if not nouns or not nouns[-1][2].startswith(_PORTS):
        return None  # (a border or a coast of a state is where it is: "le guardie di frontiera del Kirghizistan")
    gap = sent.folded[nouns[-1][1] : m.start].split()
    return m if not gap or (len(gap) == 1 and gap[0] in _OF_WORDS) else None


#: Ports and airports, in the 9 languages' folded spelling: a name after one is the port's place.
_PORTS = (
    *("port", "harbo", "hafen", "puert", "порт", "аэропорт", "аеропорт"),
    *("airport", "aeroport", "aeropuert", "lotnisk"),
)
#: The genitive words between a place noun and the place's name ("port of Conakry", "porto di Genova").
_OF_WORDS = frozenset(("of", "de", "d'", "du", "des", "di", "del", "della", "do", "da", "von"))


def _group_demonym(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party read from a demonym right next to a group noun ("il gruppo libanese", "paramilitari sudanesi",
    "the Yemeni rebels"): the group is meant, not its country's state."""
    return _qualified_state(sent, frame, lex, "group_nouns") is not None


def _place_demonym(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party read from a demonym right next to a place noun ("in einem polnischen Hafen eingetroffen", "into
    Iranian waters", "в польский порт"), or a recipient named right after one ("the port of Conakry", "до порту
    Конакрі"): a place the goods pass, not a party."""
    m = _qualified_state(sent, frame, lex, "place_nouns") or _place_named(sent, frame)
    if m is None:
        return False
    # "dotarło do polskiego portu, skąd zostaną przekazane Ukrainie": a stage of the route (`context.onward`)
    onward = ONWARD.search(sent.folded, m.end, min(sent.end, m.end + 40))
    return not (m.ref == frame.recipient and onward is not None)


def _sanctioner(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party read from a demonym right next to a sanctions noun ("la nave, già colpita da sanzioni americane, ha
    scaricato", "под американскими санкциями"): who imposed the sanctions, no side of the transfer."""
    return _qualified_state(sent, frame, lex, "sanction_nouns") is not None


def _flag_state(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """A party read from the flag a ship flies ("the Bolivian-flagged Haddad 1", "sous pavillon bolivien", "под
    флагом Панамы"): a registry, no side of the transfer."""
    for ref in (frame.supplier, frame.recipient):
        m = _nearest(sent, ref, frame) if ref else None
        if m is not None and flagged(m, sent, lex):
            return True
    return False


def _replacing(sent: Sentence, frame: Frame, lex: Lexicon) -> bool:
    """The origin read before a replacement word for a trigger after it: "Amerykańskie czołgi zastąpią T-72 wysłane
    Ukrainie", "American tanks will replace the T-72s sent to Ukraine". The origin qualifies the goods that replace;
    the goods replaced, which the trigger moved, came from elsewhere."""
    if frame.how.split(">")[0] not in ("origin", "designation", "fallback-origin"):
        return False
    m = _nearest(sent, frame.supplier, frame) if frame.supplier else None
    if m is None or (m.start > frame.trigger_start and not frame.how.startswith("fallback")):
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    if frame.how.startswith("fallback"):
        # no trigger verb, the weapon stands in ("Amerikanische Panzer ersetzen die an die Ukraine gelieferten
        # Drohnen"): a replacement word anywhere after the origin
        return cues.has("replacement", m.end, sent.end)
    return cues.has("replacement", m.end, frame.trigger_start)


#: (name, test, why, cue class the test needs in the sentence or None).
_FRAME_VETOES = (
    ("permission", _permitted, "the supplier permits, pays for, condemns or welcomes another's transfer", "permission"),
    ("troops", _troops, "the trigger moves troops, not arms", "troops"),
    ("attack", _attacked, "the recipient is the target of an attack, a place", "attack"),
    ("auxiliary", _auxiliary_origin, "'venir de' before a verb is a recent past, not an origin", None),
    ("goods", _not_arms_goods, "the trigger's object is technology, know-how, fuel or money, not arms", "goods"),
    ("cause", _cause, "weapons named only in a phrase of cause after the verb are its topic", "cause"),
    ("seizer", _seizer, "who seizes a shipment is not its supplier", "seizure"),
    ("seized recipient", _seizer_recipient, "who seizes a shipment is not its recipient", "seizure"),
    ("stationing", _stationed, "own weapons stationed abroad under own command", "stationing"),
    ("clause", _next_subject, "the recipient is the subject of the next clause", "conj"),
    ("place", _placed, "the recipient follows a route or coast word: a place", "place"),
    ("region", _regional, "the recipient is a compass region of a state: a place", None),
    ("located", _located, "the recipient is where another party stands (a locative after it): a place", None),
    ("pronoun", _pronoun_subject, "a pronoun subject of the trigger's clause stands between", "subject_pronouns"),
    ("group", _group_qualifier, "a demonym qualifying an armed group names no party of its own", None),
    ("apposition", _appositive, "a party inside the other's apposition qualifies it, it plays no role", None),
    ("accuser", _accuser, "the subject of an accusation naming another actor is the claimant", "accusation"),
    ("threat", _threat, "the origin's weapons are what the recipient defends against", "defence"),
    ("downing", _downed, "the recipient shot down or destroyed the weapons", "downing"),
    ("destroyer", _destroyer, "who destroys or shoots down is not the supplier", "downing"),
    ("source name", _source_name, "the trigger is a word of a source's name after 'according to'", "according"),
    ("claimant", _claimant_demonym, "a demonym qualifying an intelligence service is the claimant", "intelligence"),
    ("readiness", _conditional_readiness, "readiness under a condition is an offer", "readiness"),
    ("claim owner", _claim_owner, "the owner of a warning, suspicion or accusation is the claimant", "claims"),
    ("backer", _backer, "a backer qualifies the group, it is no party", "backing"),
    ("announced", _announced_other, "an announcer of another state's weapons permits, it does not supply", None),
    ("abandoned", _abandoned_party, "a party of an abandoned or failed plan the trigger is outside of", "abandoned"),
    ("participle", _participle_origin, "a participle after weapons of a named origin: that origin supplies", None),
    ("thanked", _thanked, "the recipient is the party a thanks word addresses: it gives", "thanks"),
    ("comitative", _comitative, "a party after 'together with' or 'in the presence of' acts beside", "comitative"),
    ("made elsewhere", _made_elsewhere, "the origin names a design made under licence or elsewhere", None),
    ("place demonym", _place_demonym, "a demonym qualifying a port, base or waters names a place", "place_nouns"),
    ("group demonym", _group_demonym, "a demonym qualifying a group noun names the group, not a state", "group_nouns"),
    ("sanctioner", _sanctioner, "a demonym qualifying sanctions names who imposed them, not a party", "sanction_nouns"),
    ("flag", _flag_state, "the state whose flag a ship flies is no side of the transfer", "flag_nouns"),
    ("attributive", _attributive_use, "a use participle after a determiner or number qualifies the goods", None),
    ("replacing", _replacing, "the origin qualifies goods that replace those the trigger moved", "replacement"),
)


_PLANS: dict[str, list[tuple[str, Callable[[Sentence, Frame, Lexicon], bool], str, str | None, int | None]]] = {}


def _plan(lex: Lexicon) -> list[tuple[str, Callable[[Sentence, Frame, Lexicon], bool], str, str | None, int | None]]:
    """The vetoes with the cue-index class number of the cue each needs (per language, built once)."""
    plan = _PLANS.get(lex.lang)
    if plan is None:
        indexed = lex.scanner.indexed
        plan = _PLANS[lex.lang] = [(n, t, w, c, None if c is None else indexed.get(c)) for n, t, w, c in _FRAME_VETOES]
    return plan


def veto_frames(
    sent: Sentence,
    frames: list[Frame],
    lex: Lexicon,
    trace: list[str] | None = None,
    vetoed: set[tuple[str, str]] | None = None,
) -> list[Frame]:
    """`frames` without those a veto reads as no transfer (one trace line per dropped frame). A veto whose cue
    class the sentence lacks is not tried (one index look-up per class and sentence). `vetoed`, when given,
    receives the (supplier, recipient) pairs dropped, so that a later reading of the sentence (a back-off that
    joins parties no frame joined) does not join them again."""
    if not frames:
        return frames
    cues = sent.cues or sentence_cues(sent, lex)
    present = cues.present
    tests = [
        (name, test, why)
        for name, test, why, cue, index in _plan(lex)
        if cue is None or (cues.has(cue) if present is None or index is None else index in present)
    ]
    out = []
    for f in frames:
        reason = None
        for name, test, why in tests:
            if test(sent, f, lex):
                reason = f"{name}: {why}"
                break
        if reason is None:
            out.append(f)
        else:
            _dropped(f, reason, trace, vetoed)
    return _staged(sent, out, trace, vetoed) if lex.case_marked and len(out) > 1 else out


def _dropped(f: Frame, reason: str, trace: list[str] | None, vetoed: set[tuple[str, str]] | None) -> None:
    """Record a vetoed frame: its pair for the later readings of the sentence, its reason for `--explain`."""
    if vetoed is not None:
        vetoed.add((f.supplier, f.recipient))
    if trace is not None:
        trace.append(f"  veto {f.supplier or '?'} > {f.recipient or '?'} ({f.cls} {f.trigger!r}): {reason}")


def _staged(
    sent: Sentence, frames: list[Frame], trace: list[str] | None, vetoed: set[tuple[str, str]] | None
) -> list[Frame]:
    """Goods a participle right after them hands to a recipient (a dative: "kanadyjskie Leopardy przekazane
    Ukrainie", "танки, переданные Украине") and that a movement verb brings elsewhere ("do Polski przyleciały")
    are on their way: the movement's goal is a stage, not a second recipient of the same supplier."""
    handed = [
        f for f in frames if f.cls == "supply" and f.how.endswith(">dative") and after_weapon(sent, f.trigger_start)
    ]
    if not handed:
        return frames
    out = []
    for f in frames:
        by = next(
            (
                h
                for h in handed
                if f.cls == "move"
                and f.how.startswith("origin>")
                and h.supplier == f.supplier
                and h.recipient != f.recipient
            ),
            None,
        )
        if by is None:
            out.append(f)
        else:
            why = f"the goods {by.trigger!r} hands to {by.recipient} pass through {f.recipient} (a stage of the route)"
            _dropped(f, f"staged: {why}", trace, vetoed)
    return out


class _Drafted(DraftedPair, Protocol):
    @property
    def frame(self) -> Frame: ...


_D = TypeVar("_D", bound=_Drafted)


#: Roles that a frame took from another sentence of the document (`ingest.news.context`).
_COMPLETED = frozenset(["ctx", "topic", "doc"])


def _makers(claims: Sequence[_D], trace: list[str] | None) -> list[_D]:
    """Claims without a maker read from the weapons' origin when the same sentence names who supplied the
    recipient: "the use by the RSF of Chinese bombs, re-exported by the Emirates to the paramilitaries" (the
    Emirates supply, China made them), "Ukraine received German Leopards from Poland". A maker is the supplier
    only when nobody else is named (label guides: chains; design and owner)."""
    named: dict[tuple[int, str], set[str]] = {}
    for c in claims:
        if c.status.affirmative and not c.frame.how.startswith("origin"):
            named.setdefault((c.start, c.recipient), set()).add(c.supplier)
    if not named:
        return list(claims)
    out = []
    makers: set[tuple[str, str]] = set()
    for c in claims:
        others = named.get((c.start, c.recipient), set()) - {c.supplier}
        if c.status.affirmative and c.frame.how.startswith("origin") and others:
            makers.add((c.supplier, c.recipient))
            if trace is not None:
                trace.append(
                    f"veto {c.supplier} > {c.recipient}: the maker of the weapons (origin), the sentence names"
                    f" their supplier {sorted(others)[0]}"
                )
            continue
        out.append(c)
    if not makers:
        return out
    # a reading completed from the document ("ctx", "topic", "doc") does not join a maker's pair again
    return [
        c
        for c in out
        if not (
            (c.supplier, c.recipient) in makers
            and c.status.affirmative
            and any(r in _COMPLETED for r in c.frame.how.split(">"))
        )
    ]


def veto_chains(claims: Sequence[_D], trace: list[str] | None = None) -> list[_D]:
    """Claims without the end-to-end pair of a chain: A > C is dropped when the document claims A > B and B > C
    (affirmative, B neither A nor C), and without a maker whose sentence names the supplier (`_makers`). A denial
    of A > C stays."""
    claims = _makers(claims, trace)
    pairs = {(c.supplier, c.recipient) for c in claims if c.status.affirmative}
    if len(pairs) < 3:
        return list(claims)
    suppliers: dict[str, set[str]] = {}
    for s, r in pairs:
        suppliers.setdefault(s, set()).add(r)
    chained: dict[tuple[str, str], str] = {}
    for a, bs in suppliers.items():
        for b in bs:
            for c in suppliers.get(b, ()):
                if c not in (a, b) and (a, c) in pairs:
                    chained[(a, c)] = b
    if not chained:
        return list(claims)
    if trace is not None:
        for (a, c), b in sorted(chained.items()):
            trace.append(f"veto {a} > {c}: a chain, {a} > {b} and {b} > {c} are claimed (the end-to-end pair is none)")
    return [c for c in claims if not (c.status.affirmative and (c.supplier, c.recipient) in chained)]
