"""Status and attribution of a frame: is it a transfer at all (not a hypothetical, warning or refusal), is it
delivered, ordered, alleged or denied, and who makes the claim.

A denial before the trigger governs it ("Iran denied supplying ..."): denied. A denial after it answers the
claim ("..., which Minsk denies") and a conceded one ("despite Tehran's denials") leave the claim standing, as
alleged (contested)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from graph.vocab import TransferStatus
from ingest.news.cues import SentenceCues, TextCues
from ingest.news.frames import Frame, Sentence, after_weapon, party_marked, sentence_cues
from ingest.news.gazetteer import Gazetteer, Mention
from ingest.news.lexicon import Lexicon
from ingest.news.text import ending_with

__all__ = ["Attribution", "attribution", "contested", "denying_parties", "negation_reaches", "status_of"]


@dataclass(frozen=True)
class Attribution:
    claimant: str | None
    #: Start offsets of actor mentions that are the source of the claim, not parties to it.
    speakers: frozenset[int]
    #: (speaker start, end of its speech verb) for speakers that are the subject of a speech verb ("Iran said"):
    #: a subject-less transfer clause after the verb is the speaker's own ("Iran said it delivered ...").
    speaking: tuple[tuple[int, int], ...] = ()

    @property
    def parts(self) -> int:
        return 0 if self.claimant is None else 1 + self.claimant.count("(via")


_STATUS = {status.value: status for status in TransferStatus}


def _word_char(folded: str, pos: int) -> bool:
    """Whether folded[pos] is a word character (`\\w` is exactly "isalnum() or underscore", over every code point)."""
    char = folded[pos]
    return char.isalnum() or char == "_"


def _word_end(folded: str, pos: int, limit: int) -> int:
    """`pos`, moved to the end of the word it cuts (not past `limit`)."""
    if 0 < pos < limit and pos < len(folded) and _word_char(folded, pos - 1) and _word_char(folded, pos):
        while pos < limit and pos < len(folded) and _word_char(folded, pos):
            pos += 1
    return pos


def _word_start(folded: str, pos: int, limit: int) -> int:
    """`pos`, moved back to the start of the word it cuts (not before `limit`)."""
    if pos >= len(folded):
        return pos  # no word character at `pos`: it cuts nothing
    while pos > limit and pos > 0 and _word_char(folded, pos - 1) and _word_char(folded, pos):
        pos -= 1
    return pos


def status_of(sent: Sentence, frame: Frame, lex: Lexicon) -> tuple[TransferStatus | None, str]:
    """(status, cue) for a frame; status None when the sentence does not assert a transfer."""
    cues = sent.cues or sentence_cues(sent, lex)
    found = cues.has
    ts, te = frame.trigger_start, frame.trigger_end
    folded = sent.folded
    # Windows around the trigger, widened to whole words: a cut word must not read as a cue ("Україні без|пілотники"
    # is not "без", "without").
    tail_end = _word_end(folded, min(te + 15, frame.clause_end), frame.clause_end)
    near_start = _word_start(folded, max(frame.scope_start, ts - 30), frame.scope_start)
    near_end = _word_end(folded, min(te + 12, frame.clause_end), frame.clause_end)
    if lex.verb_final:  # "Iran hat keine Granaten an Russland geliefert": the negation stands far before the verb
        near_start = frame.scope_start
        # and a denial after a noun trigger stands at the end of its clause: "das Waffenlieferungen an Nordkorea
        # stets bestritten hat", "hat Waffenlieferungen an Russland stets bestritten"
        comma = folded.find(",", te, frame.clause_end)
        tail_end = max(tail_end, comma if comma != -1 else frame.clause_end)
    denied = _governing_denial(sent, frame, cues, lex, tail_end)
    if denied is not None:
        return denied
    if _promised_not(sent, frame, cues, lex):
        return None, "promised not"  # "Paris promised Beijing not to sell arms to the island"
    dropped = _abandoned(sent, frame, cues, lex) or _held_relative(sent, frame, cues)
    if dropped is not None:
        return None, dropped  # "called off the sale of", "was preparing to ship ... but backed off", "wants to buy"
    if _pending_deal(sent, frame, cues):
        return None, "pending deal"  # "to close a deal under which Russia would supply arms"
    if _no_evidence(sent, frame, cues):
        return None, "no evidence"  # "found no evidence that South Africa loaded arms for Russia"
    if _no_weapons(sent, frame, cues):
        return TransferStatus.DENIED, "negation"  # "Österreich liefert der Ukraine keine Waffen"
    plan = False
    if not cues.has("concessive"):
        if found("hypothetical", frame.scope_start, tail_end):
            hits = cues.finditer("hypothetical", frame.scope_start, tail_end)
            if not all(_reported_plan(sent, cues, h[0], h[2]) or _notified(cues, h[0]) for h in hits):
                return None, "hypothetical"
            plan = True  # "Macron said France would send ...": a plan reported by its speaker
        if found("warning", frame.scope_start, tail_end):
            return None, "warning"
        if any(_governs(sent, frame, (h[0], h[1]), cues, lex) for h in cues.finditer("refusal", frame.scope_start, te)):
            return None, "refusal"
        if any(_own_negation(sent, frame, cues, lex, h) for h in cues.finditer("negation", near_start, near_end)):
            return TransferStatus.DENIED, "negation"
        if _negated_coordination(sent, frame, cues, lex):
            return TransferStatus.DENIED, "coordinated-negation"  # "не постачав і не продавав ... експортних"
    else:  # "despite the embargo", "despite US warnings not to ship them": conceded cues do not govern the claim
        spans = _concessive_spans(sent, cues, ts, te)
        for name, a, b in (
            ("hypothetical", frame.scope_start, tail_end),
            ("warning", frame.scope_start, tail_end),
            ("refusal", frame.scope_start, te),
        ):
            if any(
                not _inside(h[0], spans) and (name != "refusal" or _governs(sent, frame, (h[0], h[1]), cues, lex))
                for h in cues.finditer(name, a, b)
            ):
                return None, name
        if any(
            not _inside(h[0], spans) and _own_negation(sent, frame, cues, lex, h)
            for h in cues.finditer("negation", near_start, near_end)
        ):
            return TransferStatus.DENIED, "negation"
    if cues.has("conditional", ts, te):  # the trigger itself in the conditional: "enviaría", "livrerait"
        if not cues.has("speech", sent.start, ts):
            return TransferStatus.ALLEGED, "conditional"  # hearsay: "la Corée livrerait des obus"
        plan = True  # reported speech: "dijo que España enviaría tanques"
    if found("seizure") and (
        found("seizure", frame.scope_start, frame.clause_end)
        or found("seizure", max(sent.start, frame.clause_start - 60), ts)
    ):
        return TransferStatus.ALLEGED, "seized"  # an intercepted shipment: an attempted transfer
    alleged = found("alleged")
    sourced = alleged and _sourced_only(cues)  # "according to US intelligence, Iran delivered ...": the verb's status
    alleged = alleged and not sourced
    # "Ucrania sostiene que Pionyang ha suministrado ...": a statement someone makes; a party's denial elsewhere
    # contests it (`contested`)
    sourced = sourced or (not alleged and found("speech"))
    contested = False
    relative = None  # whether the trigger heads a relative clause on the goods (`_on_goods`), asked once
    for start, _, _ in cues.finditer("denial"):
        if frame.interposed_start <= start < frame.interposed_end:
            continue  # "Iran, which has long denied it, delivered": the phrase's denial governs its own verb
        if start < ts and (relative := _on_goods(sent, frame) if relative is None else relative):
            continue  # "se negó a devolver ... los drones que Rusia había comprado": the relative's own verb
        if _conceded(sent, cues, start):
            contested = True  # "despite Tehran's denials": the claim stands, contested
            continue
        if start < ts:  # "Iran denied supplying ...": the denial governs the claim
            if _answered(cues, sent, frame, start):
                return TransferStatus.ALLEGED, "contested"
            return TransferStatus.DENIED, "denial"
        if lex.verb_final and not any(p in folded[te:start] for p in ",;.:"):
            # the clause's own verb at its end: "das Waffenlieferungen an Nordkorea stets bestritten hat"
            return TransferStatus.DENIED, "denial"
        # A denial after the claim ("..., which Minsk denies") answers it: the claim stands, contested.
        return TransferStatus.ALLEGED, "denied-by-other"
    if alleged or contested:
        return TransferStatus.ALLEGED, "alleged" if alleged else "denied-by-other"
    if not alleged and cues.has("admission", sent.start, ts) and frame.status == "delivered":
        return TransferStatus.DELIVERED, "admitted"  # "Teherán admitió haber mandado drones": a party admits
    authorised = _authorised(sent, frame, cues, lex)
    if authorised is not None:
        return TransferStatus.ORDERED, authorised  # "granted export licences for Turkey", "the sale went to Congress"
    if (
        frame.cls == "acquire"
        and not plan
        and cues.has("bought", ts, te)
        and not found("ordered", frame.scope_start, ts)
        and not found("ordered", te, tail_end)
    ):
        # "the 36 Rafale India bought from France", "comprados a Rusia en 2018": a past purchase implies delivery
        return TransferStatus.DELIVERED, "bought"
    if plan or frame.status == "ordered" or found("ordered", frame.scope_start, te):
        return TransferStatus.ORDERED, "sourced" if sourced else "ordered"
    return _STATUS[frame.status], "sourced" if sourced else "default"


def _governs(sent: Sentence, frame: Frame, cue: tuple[int, int], cues: SentenceCues, lex: Lexicon) -> bool:
    """Whether a cue before the trigger governs it. Not when it stands in a subordinate clause or a fronted phrase
    that a break closes before the subject ("After the ceasefire talks were cancelled, Iran delivered drones",
    "Tras la cancelación de las negociaciones, Rusia entregó"), nor when the trigger's
    own subject follows it with no break ("Після скасування переговорів Іран передав Росії ...": the cue is in a
    phrase fronted before the subject). A main-clause cue keeps governing a clause hung on it ("eine Absage
    erteilt, bei dem Deutschland Taurus abgeben würde")."""
    folded = sent.folded
    start, end = cue
    ts = frame.trigger_start
    if _substituted(sent, frame, cues, end):
        return False  # "refused the offer and bought K9 instead"
    if end <= frame.clause_start and _on_goods(sent, frame):
        return False  # "отказались передать Украине «Бук», которые Тбилиси купил у Украины": the relative's own
    roles = frame.how.split(">")
    subject = frame.supplier if roles[0] == "subj" else frame.recipient if roles[-1] == "subj" else None
    last = max((folded.rfind(p, end, ts) for p in _BREAKS), default=-1)
    if last != -1:
        after = [m for m in sent.actors if last < m.start < ts]
        # the clause after the break opens with its own subject; an object there ("Iran weigerte sich im Mai,
        # Russland Drohnen zu verkaufen") leaves the infinitive hung on the cue
        if after and (subject is None or after[0].ref == subject):
            gap = folded[last + 1 : after[0].start].split()
            articles = {a[::-1] for a in lex.articles_backwards or ()}
            if not gap or (len(gap) == 1 and (gap[0] in articles or gap[0].endswith("'"))):
                return False  # "Tras la cancelación de las negociaciones, Rusia entregó": the subject opens the clause
            before = max((folded.rfind(p, sent.start, start) for p in _BREAKS), default=-1)
            return not cues.has("subordinators", max(before, sent.start), start)
        return True
    return not any(m.ref == subject and end <= m.start < ts for m in sent.actors)


def _substituted(sent: Sentence, frame: Frame, cues: SentenceCues, end: int) -> bool:
    """Whether the trigger transfers a substitute for what a refusal or cancellation before it (ending at `end`)
    dropped: a conjunction between them and a `substitute` word after it in the trigger's clause ("cancelled the
    order and bought South Korean K9 instead", "den Auftrag storniert und stattdessen K9 gekauft", "a annulé la
    commande et acheté à la place des K9"). The cue governs the first verb only."""
    if not cues.has("substitute"):
        return False
    link = cues.search("conj", end, frame.trigger_start)
    return link is not None and cues.has("substitute", link[1], max(frame.clause_end, frame.trigger_end))


def _clean(folded: str, a: int, b: int) -> bool:
    """No clause break (comma, semicolon, dash, colon, or a sentence end the splitter kept) between `a` and `b`."""
    stretch = folded[a:b]
    return not any(p in stretch for p in (*_BREAKS, ". ", "! ", "? "))


def _goods_participle_of_other(sent: Sentence, cues: SentenceCues, lex: Lexicon, cue_end: int, ts: int) -> bool:
    """Whether the trigger at `ts` is a participle right after goods that another trigger after the cue governs
    ("veut revendre les drones achetés à l'Iran", "quiere revender los drones comprados a Irán"): the wish is
    that verb's; the purchase the participle reports is past."""
    if not any(cues.has(name, cue_end, ts) for name in lex.trigger_names):
        return False
    return after_weapon(sent, ts)


def _own_object(sent: Sentence, cues: SentenceCues, lex: Lexicon, end: int) -> bool:
    """A trigger within three words after a cue is the cue's own object ("later suspended deliveries", "cancelled
    the purchase"): the cue governs that transfer, not an earlier one."""
    stop = min(sent.end, end + 40)
    for name in lex.trigger_names:
        for a, _, _ in cues.finditer(name, end, stop):
            if len(sent.folded[end:a].split()) <= 3:
                return True
    return False


def _abandoned(sent: Sentence, frame: Frame, cues: SentenceCues, lex: Lexicon) -> str | None:
    """ "abandoned" when a cue of an abandoned, failed, cancelled or vetoed plan governs the trigger's clause; "wish"
    when a wish does ("Francja chce kupić", "would like to buy": an intention, no order; label guides).

    Before the trigger, the cue governs when it stands in the trigger's clause with no clause break, no actor and at
    most six words between ("a renoncé à livrer", "vetou a venda", "zrezygnowała z zakupu", "l'échec de l'achat"),
    so "after the ceasefire was cancelled, Iran delivered drones" keeps its claim. After the trigger it governs when
    it ends the trigger's own clause with no subordinator between ("the sale of F-16s to Turkey fell through",
    "die Weitergabe ... an Kiew untersagt"), or when a `retraction` link ("but", "pero", "avant de", "однако")
    opens its clause with at most the frame's own parties in it ("was preparing to ship ... but backed off"), or
    when it closes the sentence after a comma ("intentó comprar los drones ..., sin éxito"). A cue with a trigger
    of its own right after it ("but later suspended deliveries") governs that trigger, not this one. Found and used
    weapons are no plan: their frames are left alone."""
    if frame.cls in ("find", "use") or not (cues.has("abandoned") or cues.has("wish")):
        return None  # found or used weapons are there: "shells found in abandoned Russian positions"
    folded = sent.folded
    ts, te = frame.trigger_start, frame.trigger_end
    spans = _concessive_spans(sent, cues, ts, te) if cues.has("concessive") else []
    parties = {frame.supplier, frame.recipient}
    for a, b, _ in cues.finditer("wish", frame.scope_start, ts):
        limit = 10**6 if lex.verb_final else 3
        if not _inside(a, spans) and _clean(folded, b, ts) and len(folded[b:ts].split()) <= limit:
            if _goods_participle_of_other(sent, cues, lex, b, ts):
                continue
            return "wish"
    for a, b, _ in cues.finditer("abandoned", frame.scope_start, ts):
        if _inside(a, spans) or _substituted(sent, frame, cues, b):
            continue
        if (
            _clean(folded, b, ts)
            and len(folded[b:ts].split()) <= 6
            and not any(b <= m.start < ts for m in sent.actors)
            and not cues.has("subordinators", b, ts)
        ) or _infinitive_after(sent, frame, cues, lex, b):
            return "abandoned"
    for a, b, _ in cues.finditer("abandoned", te, sent.end):
        if _inside(a, spans) or _own_object(sent, cues, lex, b):
            continue
        if any(cues.has(name, te, a) for name in lex.trigger_names):
            break  # another transfer stands between: the cue is that one's
        if a < frame.clause_end and not cues.has("subordinators", te, a):
            return "abandoned"
        links = [h for h in cues.finditer("retraction", te, a) if _clean(folded, h[1], a)]
        if links and len(folded[links[-1][1] : a].split()) <= 4:
            outsiders = [m for m in sent.actors if links[-1][1] <= m.start < a and m.ref not in parties]
            if not outsiders:
                return "abandoned"
        if folded[te:a].rstrip().endswith(",") and not folded[b : sent.end].strip(" .!?\"'»”)"):
            return "abandoned"  # ", sin éxito." / ", in vain."
    return None


#: At most this many words between a refusal, abandonment or wish and the goods its relative clause hangs on
#: ("rinuncia ai dodici Mirage 2000-5 usati che", "odrzuciła wniosek ... o zgodę na sprzedaż 96 czołgów, które").
_HELD_WORDS = 12
_HELD_CUES = ("refusal", "abandoned", "wish")


def _held_relative(sent: Sentence, frame: Frame, cues: SentenceCues) -> str | None:
    """The cue name when the trigger heads a relative clause on goods that a refusal, abandonment or wish of the
    main clause governs, and the relative names neither party before its verb (the goods are its subject, or its
    subject is the main clause's): "L'Indonesia rinuncia ai Mirage che aveva concordato di comprare dal Qatar",
    "odrzuciła wniosek o zgodę na sprzedaż czołgów, które miały trafić na Ukrainę". The relative's transfer is
    what was given up or refused. A relative with a party of its own as subject ("the drones that Russia had
    bought") stands apart (`_on_goods`)."""
    if frame.clause_kind not in ("comp", "rel"):
        return None
    if not any(cues.has(n, sent.start, frame.clause_start) for n in _HELD_CUES):
        return None
    folded = sent.folded
    start, ts = frame.clause_start, frame.trigger_start
    goods = [w for w in sent.weapons if w.end <= start and len(folded[w.end : start].strip(" ,«»\"'“”").split()) <= 1]
    if not goods:
        return None
    parties = (frame.supplier, frame.recipient)
    if any(start <= m.start < ts and m.ref in parties for m in sent.actors):
        return None
    w = goods[-1]
    for name in _HELD_CUES:
        for _a, b, _ in cues.finditer(name, sent.start, w.start):
            if _clean(folded, b, w.start) and len(folded[b : w.start].split()) <= _HELD_WORDS:
                return name
    return None


#: Words allowed between a deal still to be made and a conditional trigger that sets out its terms.
_PENDING_WORDS = 10


#: Words between a licence noun and the trigger of its phrase ("licences for the export of", "лицензию на поставку").
_LICENCE_WORDS = 3
#: Per language, the words after which a licence noun is a licence to build ("built under licence", "по лицензии"),
#: not to export: checked here, not in the cue's regex, so that the cue class stays in the sentence index.
_UNDER_LICENCE = ending_with(
    (
        ("en", "under|under a"),
        ("fr", "sous"),
        ("de", "in"),
        ("es", "bajo|con"),
        ("it", "su|sotto"),
        ("pt", "sob|com"),
        ("ru", "по"),
        ("uk", "за"),
        ("pl", "na"),
    )
)


def _notified(cues: SentenceCues, at: int) -> bool:
    """Whether a hypothetical cue at `at` is the "possible" of an approved or notified sale ("approved a possible
    sale", "одобрил возможную продажу", "aprovou a possível venda"): a proposed transfer (`_authorised`), ordered."""
    return any(start <= at < end for start, end, _ in cues.finditer("legislature_notice"))


def _authorised(sent: Sentence, frame: Frame, cues: SentenceCues, lex: Lexicon) -> str | None:
    """The cue that makes a transfer authorised or proposed, not done: a licence or authorisation noun in the
    trigger's own phrase ("granted arms-export licences for Turkey", "licences d'exportation vers", "лицензию на
    поставку"; a German clause-final "genehmigt" anywhere after the trigger in its clause), or a sale notified to a
    legislature anywhere in the sentence ("a sale of F-35s to Greece went to Congress"). None otherwise."""
    ts, te = frame.trigger_start, frame.trigger_end
    folded = sent.folded
    under = _UNDER_LICENCE.get(lex.lang)
    for start, end, _ in cues.finditer("licence"):
        if under is not None and under.search(folded, max(sent.start, start - 10), start) is not None:
            continue
        if start < ts <= end or start < te <= end:
            return "licence"  # the trigger inside the cue: "Rüstungsexportgenehmigungen"
        if end <= ts and start >= frame.scope_start:
            gap = folded[end:ts]
        elif start >= te and end <= frame.clause_end:
            gap = folded[te:start]
            if lex.verb_final and not any(p in gap for p in ",;:"):
                return "licence"  # "die Lieferung von Panzern an Katar genehmigt": the clause's own verb at its end
        else:
            continue
        if len(gap.split()) <= _LICENCE_WORDS and not any(p in gap for p in ",;:()"):
            return "licence"
    if cues.has("legislature_notice"):
        return "notified"
    return None


def _pending_deal(sent: Sentence, frame: Frame, cues: SentenceCues) -> bool:
    """A trigger in the conditional that sets out the terms of a deal still to be concluded or under negotiation:
    "une délégation se rendrait en Russie pour conclure un accord : Moscou fournirait des armes", "para cerrar un
    acuerdo por el que Rusia suministraría armas", "talks on a deal under which Russia would supply". No transfer
    is asserted, not even as hearsay (the conditional alone is hearsay: "la Corée livrerait des obus")."""
    ts = frame.trigger_start
    hits = cues.finditer("pending_deal", sent.start, ts)
    if not hits:
        return False
    end = hits[-1][1]
    gap = sent.folded[end:ts]
    if len(gap.split()) > _PENDING_WORDS or any(p in gap for p in (". ", "; ", "? ", "! ")):
        return False
    return cues.has("conditional", ts, frame.trigger_end) or cues.has("hypothetical", end, ts)


def _infinitive_after(sent: Sentence, frame: Frame, cues: SentenceCues, lex: Lexicon, end: int) -> bool:
    """A German cue closes its clause before a zu-infinitive that the trigger heads ("versuchte vergeblich,
    Kampfjets von Russland zu kaufen"): the infinitive clause has no subject of its own, so the cue governs it and the
    parties named inside it are the infinitive's objects."""
    if not lex.verb_final:
        return False
    folded = sent.folded
    ts, te = frame.trigger_start, frame.trigger_end
    gap = folded[end:ts]
    if gap.count(",") != 1 or gap.strip()[:1] != "," or not _clean(folded, folded.find(",", end, ts) + 1, ts):
        return False
    infinitive = folded[max(sent.start, ts - 3) : ts] == "zu " or "zu" in folded[ts:te]
    return infinitive and len(gap.split()) <= 10 and not cues.has("subordinators", end, ts)


#: What follows a negation that belongs to a verb of its own: a modal or an auxiliary before it ("non possono essere
#: usate", "cannot be used", "ne peuvent pas être utilisées").
_NEG_VERB_GAP = 3


#: The most words between a promise and the negation of its complement: the promisee ("à Pékin de", "Пекину больше").
_PROMISEE_WORDS = 4


def _promised_not(sent: Sentence, frame: Frame, cues: SentenceCues, lex: Lexicon) -> bool:
    """A promise or pledge not to transfer ("Paris promised Beijing not to sell arms to the island", "a promis à
    Pékin de ne plus vendre", "пообещал Пекину больше не продавать", "versprach Peking, keine Waffen mehr ... zu
    verkaufen"): the promisee is no recipient and nothing is planned. A negation right after the promise and its
    promisee that another transfer verb follows within a few words (more where the verb comes last)."""
    if frame.cls != "supply" or frame.status != "ordered":
        return False
    folded = sent.folded
    gap = _NEG_VERB_GAP + (5 if lex.verb_final else 1)
    for name in ("negation", "neg_determiner"):
        for a, b, _ in cues.finditer(name, frame.trigger_end, sent.end):
            if len(folded[frame.trigger_end : a].split()) > _PROMISEE_WORDS:
                break  # not the promise's own complement ("invierà a Kiev un Samp-T, precisando che non manderà")
            for trigger in lex.trigger_names:
                for t, _, _ in cues.finditer(trigger, b, sent.end):
                    if t != frame.trigger_start and len(folded[b:t].split()) <= gap:
                        return True
    return False


def _own_negation(sent: Sentence, frame: Frame, cues: SentenceCues, lex: Lexicon, hit: tuple[int, int, str]) -> bool:
    """Whether a negation near the trigger is the trigger's. One after the trigger that another trigger follows
    within three words negates that verb ("Le armi italiane inviate a Kiev non possono essere usate": the weapons
    were sent; their use is what is negated). One before the trigger with another trigger after it in a clause that
    a break closes before the trigger negates that verb."""
    if any(m.start <= hit[0] and hit[1] <= m.end for m in sent.weapons):
        return False  # part of a weapon's name: "aeronaves no tripuladas", "velivoli senza pilota" (unmanned)
    folded = sent.folded
    if hit[0] < frame.trigger_end:
        # before the trigger: a negation whose own verb stands in a clause closed before the trigger ("Italy, which
        # has never sold arms to Russia, sent tanks to Ukraine") is that verb's
        last = max((folded.rfind(p, hit[1], frame.trigger_start) for p in _BREAKS), default=-1)
        if last == -1:
            return True
        first = max((folded.rfind(p, sent.start, hit[0]) for p in _BREAKS), default=-1)
        first = max(first, sent.start)
        if not any(cues.has(name, first, last) for name in lex.trigger_names):
            return True
        # a reading that takes a party from the negated clause stays under its negation
        parties = (frame.supplier, frame.recipient)
        return any(first <= m.start < last and m.ref in parties for m in sent.actors)
    stop = min(frame.clause_end, sent.end)
    for name in lex.trigger_names:
        for a, _, _ in cues.finditer(name, hit[1], stop):
            if a != frame.trigger_start and len(folded[hit[1] : a].split()) <= _NEG_VERB_GAP:
                return False
    return True


#: Adjective and participle endings of Russian, Ukrainian and Polish (folded): "експортних", "экспортных",
#: "eksportowych" are no verbs.
_ADJECTIVE_END = ("них", "ний", "ных", "ный", "ной", "ного", "ної", "ych", "ymi", "owy", "owa", "owe")


def _negated_coordination(sent: Sentence, frame: Frame, cues: SentenceCues, lex: Lexicon) -> bool:
    """A noun or adjective trigger after a negated transfer verb of the same clause, with only "and" between ("Нью-Делі
    не постачав і не продавав снарядів Україні та дотримується своїх експортних зобов'язань", "neither supplied
    nor sold shells ... and honours its export obligations"): the noun restates the negated predicate, it asserts no
    transfer of its own. A break, a contrast or a subordinate clause between leaves it alone."""
    ts = frame.trigger_start
    word = sent.folded[ts : frame.trigger_end]
    nominal = lex.cues.get("nominals")
    if not ((nominal is not None and nominal.fullmatch(word)) or (lex.case_marked and word.endswith(_ADJECTIVE_END))):
        return False
    parties = (frame.supplier, frame.recipient)
    if any(m.start > ts and m.ref in parties for m in sent.actors):
        return False  # "... and the delivery of IRIS-T to Ukraine continues": a noun with a party of its own
    folded = sent.folded
    start = max(frame.clause_start, sent.start)
    for _, b, _ in cues.finditer("negation", start, ts):
        verb = next(
            (
                a
                for name in lex.trigger_names
                for a, _, _ in cues.finditer(name, b, ts)
                if a < ts and len(folded[b:a].split()) <= 1
            ),
            None,
        )
        if verb is None:
            continue
        if _clean(folded, verb, ts) and not any(
            cues.has(name, verb, ts) for name in ("contrast", "retraction", "subordinators", "concessive")
        ):
            return True
    return False


def _no_evidence(sent: Sentence, frame: Frame, cues: SentenceCues) -> bool:
    """A negative determiner right before an evidence noun ahead of the trigger ("found no evidence that",
    "aucune preuve que", "keine Beweise, dass", "никаких доказательств того, что"): the clause it introduces is
    asserted by nobody."""
    folded = sent.folded
    for _, b, _ in cues.finditer("neg_determiner", sent.start, frame.trigger_start):
        hit = cues.search("evidence_nouns", b, min(frame.trigger_start, b + 30))
        if hit is not None and len(folded[b : hit[0]].split()) <= 1:
            return True
    return False


def _no_weapons(sent: Sentence, frame: Frame, cues: SentenceCues) -> bool:
    """A negative determiner right before the weapons of the trigger's clause negates it ("liefert der Ukraine
    weiterhin keine Waffen", "n'a livré aucun char", "не передала жодного танка")."""
    te = frame.trigger_end
    folded = sent.folded
    for a, b, _ in cues.finditer("neg_determiner", te, frame.clause_end):
        if not _clean(folded, te, a):
            break
        if any(b <= w.start and len(folded[b : w.start].split()) <= 2 for w in sent.weapons):
            return True
    return False


#: Cue classes that name the source of a statement ("according to", "selon", "по данным", "intelligence"), not a
#: hedge on it.
_SOURCES = ("according", "intelligence")


def _sourced_only(cues: SentenceCues) -> bool:
    """Every `alleged` cue of the sentence names a source ("according to US intelligence", "selon des experts",
    "nach Angaben des Geheimdienstes"): attribution keeps the status of the verb (label guide: "X has sent Y,
    intelligence said" is delivered); a hedge ("reportedly", "aurait", "soll") or an accusation still makes the
    claim alleged, and a party's denial makes it contested (`contest`)."""
    spans = [(h[0], h[1]) for name in _SOURCES for h in cues.finditer(name)]
    # "services de renseignement": the alleged cue "renseignement" inside the source phrase
    return all(any(a <= h[0] < b for a, b in spans) for h in cues.finditer("alleged"))


def _governing_denial(
    sent: Sentence, frame: Frame, cues: SentenceCues, lex: Lexicon, tail_end: int
) -> tuple[TransferStatus, str] | None:
    """A denial of the report the trigger's clause states, when it comes before every cue that would otherwise
    take the claim away: "Teheran zaprzecza, by wysyłał broń" (the "by" of the denied clause is no condition),
    "Serbia rejected a claim that it had sold", "a rejeté les accusations selon lesquelles il fournirait"
    (rejecting a report or a proposition is denying it; rejecting an action, "refused to supply", is not)."""
    ts = frame.trigger_start
    if not (cues.has("denial", sent.start, ts) or cues.has("refusal", sent.start, ts)) or _on_goods(sent, frame):
        return None
    at: int | None = None
    for start, _, _ in cues.finditer("denial", sent.start, ts):
        if not _conceded(sent, cues, start) and not frame.interposed_start <= start < frame.interposed_end:
            at = start
            break
    for start, end, _ in cues.finditer("refusal", sent.start, ts):
        if (at is not None and start >= at) or start < frame.scope_start - 80:
            break
        if frame.interposed_start <= start < frame.interposed_end:
            continue
        if (frame.clause_kind == "comp" and end <= frame.clause_start) or cues.has(
            "alleged", end, min(end + 30, ts)
        ):
            at = start
            break
    if at is None or at < frame.scope_start - 80:
        return None
    for name in ("hypothetical", "warning", "refusal", "concessive"):
        if any(h[0] < at for h in cues.finditer(name, sent.start, tail_end)):
            return None  # the denial itself is conditioned or conceded: the ordinary rules decide
    if _answered(cues, sent, frame, at):
        return TransferStatus.ALLEGED, "contested"
    return TransferStatus.DENIED, "denial"


def _answered(cues: SentenceCues, sent: Sentence, frame: Frame, denial: int) -> bool:
    """Whether a contrast answers the denial at `denial` in the sentence, so that the claim is contested, not denied:
    after the trigger ("Belarus denies sending tanks, but images show ...") or between the denial and the trigger
    ("Pyongyang denies it, but satellite images show trains carrying its shells to Russia")."""
    return cues.has("contrast", frame.trigger_end, sent.end) or cues.has("contrast", denial, frame.trigger_start)


def _on_goods(sent: Sentence, frame: Frame) -> bool:
    """The trigger's clause is a relative clause on the goods with a subject of its own ("refused to hand over to Iran
    the drones that Russia had bought from Iran", "los drones que Rusia había comprado", "«Бук», которые Тбилиси
    купил"), not the content of a rejected report ("rejected reports that"): a refusal or denial of the main clause
    does not govern it. A relative in the conditional stays inside what was refused ("recusou o pedido para que o
    Brasil vendesse à Alemanha munição que Berlim enviaria à Ucrânia")."""
    if frame.clause_kind not in ("comp", "rel"):
        return False
    folded = sent.folded
    start = frame.clause_start
    cues = sent.cues
    if cues is not None and (
        cues.has("conditional", frame.trigger_start, frame.trigger_end)
        or cues.has("hypothetical", start, frame.trigger_end)
    ):
        return False
    # the weapons, or their noun and one adjective after it ("i missili balistici che")
    if not any(w.end <= start and len(folded[w.end : start].strip(" ,«»\"'“”").split()) <= 1 for w in sent.weapons):
        return False
    if folded.startswith(", that ", max(sent.start, start - 2)) or folded.startswith(",that ", start - 1):
        return False  # English "that" after a comma opens no relative clause: "dismissing the claim, ..., that Iran"
    return any(start < m.start < frame.trigger_start and len(folded[start : m.start].split()) <= 2 for m in sent.actors)


def _reported_plan(sent: Sentence, cues: SentenceCues, at: int, word: str) -> bool:
    """ "said France would send": "would" right after a named state that a speech verb introduces is the future
    of reported speech (a plan), not a condition."""
    if word.strip() != "would":
        return False
    actor = next((m for m in sent.actors if m.end < at and not sent.folded[m.end : at].strip()), None)
    return actor is not None and cues.has("speech", max(sent.start, actor.start - 40), actor.start)


def _concessive_spans(sent: Sentence, cues: SentenceCues, ts: int, te: int) -> list[tuple[int, int]]:
    """The stretches a concessive governs ("despite US warnings to Tehran not to ship them"): from the cue to the
    next comma or the end of the sentence, never over the frame's own trigger."""
    out = []
    folded = sent.folded
    for start, end, _ in cues.finditer("concessive"):
        comma = folded.find(",", end, sent.end)
        stop = comma if comma != -1 else sent.end
        if start < ts < stop:
            stop = ts  # the trigger is inside: only the words before it are conceded
        out.append((start, stop))
    return out


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _conceded(sent: Sentence, cues: SentenceCues, denial: int) -> bool:
    """Whether a denial word is conceded ("despite Tehran's denials", "malgré les démentis de Pyongyang"): a
    concessive cue ends at most two words before it."""
    start = max(sent.start, denial - 40)
    return any(len(sent.folded[end:denial].split()) <= 2 for _, end, _ in cues.finditer("concessive", start, denial))


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


def _listed_after(sent: Sentence, lex: Lexicon, first: Mention) -> list[int]:
    """Starts of the actors listed after `first` with "and"/"y"/"и" or a comma ("Londres y Washington")."""
    conj = lex.cues.get("conj")
    out: list[int] = []
    prev = first
    for m in sent.actors:
        if m.start <= prev.start:
            continue
        gap = sent.folded[prev.end : m.start].strip()
        if not (conj is not None and conj.fullmatch(gap)):
            break
        out.append(m.start)
        prev = m
    return out


def _listed_before(sent: Sentence, lex: Lexicon, last: Mention) -> list[int]:
    """Starts of the actors listed before `last` with "and"/"et"/"и" (an article after it at most: "la Pologne et la
    Slovaquie")."""
    conj = lex.cues.get("conj")
    out: list[int] = []
    nxt = last
    for m in reversed(sent.actors):
        if m.start >= nxt.start:
            continue
        gap = sent.folded[m.end : nxt.start].split()
        if conj is None or not gap or len(gap) > 2 or not conj.fullmatch(gap[0]):
            break
        out.append(m.start)
        nxt = m
    return out


_ATTRIBUTION_CUES = ("intelligence", "officials", "according", "speech")
#: Characters from an institution noun to the transfer verb it is the subject of ("government has taken delivery").
_ACTING_GAP = 24


def _source_after(cues: SentenceCues, after: int, verb: int, end: int) -> bool:
    """Whether an "according to" cue starts between a candidate speaker and the speech cue (or is that cue): the
    source it names comes after it, and the actor before it is no speaker ("from Iran according to reports")."""
    hit = cues.search("according", after, end)
    return hit is not None and hit[0] <= verb


def _acting_institution(sent: Sentence, cues: SentenceCues, lex: Lexicon, noun_end: int) -> bool:
    """Whether an institution noun ("Myanmar's military government", "das Verteidigungsministerium Polens") is
    the subject of a transfer verb right after it (a few words, no comma, no actor, no speech verb between): it
    then acts for its state, which is a party rather than the claimant of the sentence."""
    limit = min(sent.end, noun_end + _ACTING_GAP)
    for name in lex.trigger_names:
        hit = cues.search(name, noun_end, limit)
        if hit is None:
            continue
        gap = sent.folded[noun_end : hit[0]]
        if "," in gap or cues.has("speech", noun_end, hit[0] + 1):
            continue
        if any(noun_end <= m.start < hit[0] for m in sent.actors):
            continue
        return True
    return False


_NOBODY = Attribution(claimant=None, speakers=frozenset())


def _inverted(folded: str, sent: Sentence, cues: SentenceCues, lex: Lexicon, verb: int, who: Mention) -> bool:
    """ ", said the Kremlin." / ", заявив у Лондоні держсекретар": the actor after the verb names the speaker,
    unless a transfer verb follows it ("said the North had sent ...": the subject of what was said)."""
    if not folded[max(sent.start, verb - 3) : verb].rstrip().endswith((",", '"', "'")):
        return False
    return not any(cues.has(name, who.end, sent.end) for name in lex.trigger_names)


def _appositive(folded: str, who: Mention, verb: int) -> bool:
    """ "Shin, South Korea's defence minister, said": the actor owns the title set off before the speech verb."""
    gap = folded[who.end : verb].rstrip()
    return (
        gap.endswith(",")
        and "," not in gap[:-1]
        and gap.startswith(("'s ", "' "))
        and len(gap.split()) <= 5
        and "," in folded[max(0, who.start - 40) : who.start]
    )


def attribution(sent: Sentence, lex: Lexicon, gaz: Gazetteer) -> Attribution:
    """Who the sentence says makes the claim: "US intelligence (via The New York Times)", "White House", ...

    Actors named as the speaker ("Kyiv said"), as the owner of the intelligence ("services secrets
    américains")
    or after "according to" are returned as speakers so that they are never taken for a party."""
    cues = sent.cues or sentence_cues(sent, lex)
    if cues.lacks_all(_ATTRIBUTION_CUES) and not any(m.kind in ("claimant", "media") for m in sent.mentions):
        return _NOBODY  # nothing below can find a claimant or a speaker
    folded = sent.folded
    actors = sent.actors
    speakers: set[int] = set()
    speaking: list[tuple[int, int]] = []
    primary: str | None = None
    rank = 0  # intelligence 4 > institution 3 > officials 2 > speaking actor 1

    def offer(name: str, level: int) -> None:
        nonlocal primary, rank
        if level > rank:
            primary, rank = name, level

    for cue, label, level in (("intelligence", "intelligence", 4), ("officials", "officials", 2)):
        for s, e, _ in cues.finditer(cue):
            owner = _near(actors, s, e, before=12, after=25)
            genitive = lex.roles.get("genitive")
            if (
                owner is not None
                and owner.start >= e
                and not owner.demonym
                and not (genitive is not None and genitive.search(folded[e : owner.start]))
            ):
                owner = None  # "intelligence, Iran ..." / "Geheimdienst hat China": the subject, not the owner
            if owner is not None and "," in folded[min(owner.end, e) : max(owner.start, s)]:
                owner = None
            if owner is not None and level == 2 and _acting_institution(sent, cues, lex, max(e, owner.end)):
                continue  # "Myanmar's military government has taken delivery of": a party, not a claimant
            if owner is not None and level == 2 and party_marked(sent, owner, lex):
                continue  # "sold to Burkina Faso's defence ministry": the object of a transfer, not a claimant
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
        for s, e, _ in cues.finditer(cue):
            after = 40 if cue == "according" else 25
            before = 0 if cue == "according" else 25
            if cue == "according" and cues.has("according_after", s, e):
                after, before = -1, 25  # "Kiew zufolge" names its source; "Berichten zufolge hat Iran": the subject
            pool = [m for m in sent.mentions if m.kind in ("actor", "claimant", "media")]
            who = _near(pool, s, e, before=before, after=after)
            if (
                cue == "speech"
                and who is not None
                and who.start >= e
                and not _inverted(folded, sent, cues, lex, s, who)
            ):
                # "minister, said the North had sent ...": a clause after the verb; its speaker stands before
                who = _near(pool, s, e, before=before, after=-1)
            if who is None or (who.start < s and "," in folded[who.end : s] and not _appositive(folded, who, s)):
                continue  # "drones to Russia, Ukraine said": the speaker is the actor right before the verb
            if cue == "speech" and who.start < s and _source_after(cues, who.end, s, sent.end):
                continue  # "drones from Iran according to several reports": "according" names a source after it
            if cue == "according" and who.start >= e and "," in folded[e : who.start]:
                continue  # "According to reports, Iran delivered": the source ended at the comma
            if who.kind == "actor":
                if who.start < s and len(folded[who.end : s].split()) > 3:
                    continue
                if who.start < s and cue == "speech" and cues.has("passive_aux", who.end, s):
                    continue  # "the delivery of drones to Russia was confirmed": a passive has no speaker subject
                if (
                    cue == "speech"
                    and who.start >= e
                    and not folded[max(sent.start, s - 3) : s].rstrip().endswith((",", '"', "'"))
                ):
                    continue  # "said Iran delivered": Iran is the subject; only ", said the Kremlin" inverts
                speakers.add(who.start)
                if cue == "according":  # "Según Londres y Washington, ...": every source is a speaker
                    speakers.update(_listed_after(sent, lex, who))
                offer(gaz.actors[who.ref].name if who.ref in gaz.actors else who.text, 1)
                if cue == "speech" and who.start < s:
                    # "Poland and Slovakia said they would deliver": the whole list speaks, led by its first name
                    listed = _listed_before(sent, lex, who)
                    speakers.update(listed)
                    speaking.append((min([who.start, *listed]), e))
    claimant = primary
    if media:
        via = media[0].ref
        claimant = f"{primary} (via {via})" if primary else via
    return Attribution(claimant=claimant, speakers=frozenset(speakers), speaking=tuple(speaking))


class DraftedPair(Protocol):
    """What the document-level passes (contest here, chain vetoes) read of a drafted claim."""

    @property
    def supplier(self) -> str: ...
    @property
    def recipient(self) -> str: ...
    @property
    def status(self) -> TransferStatus: ...
    @property
    def start(self) -> int: ...


class _Contestable(DraftedPair, Protocol):
    @property
    def cue(self) -> str: ...




def denying_parties(
    mentions: Sequence[Mention], spans: Sequence[tuple[int, int]], cues: TextCues
) -> dict[str, list[int]]:
    """Actor -> starts of the sentences in which it is named next to a denial word ("L'Iran dément tout envoi",
    "Peking hat wiederholt bestritten", "КНДР публично отрицала"): the parties that answer a claim."""
    out: dict[str, list[int]] = {}
    if not cues.anywhere("denial"):
        return out
    for s, e in spans:
        if cues.search("denial", s, e) is None:
            continue
        for m in mentions:
            if m.kind == "actor" and s <= m.start < e:
                out.setdefault(m.ref, []).append(s)
    return out


def contested(
    claims: Sequence[_Contestable], denying: dict[str, list[int]], trace: list[str] | None = None
) -> set[int]:
    """Delivered claims that a party answers with a denial elsewhere in the document become alleged (label guide
    rule 4: one source asserts, a party denies: contested). Attribution alone keeps the verb's status
    (`status_of`, cue "sourced"); what makes it alleged is the denial. Claims in the denial's own sentence were
    read there already (`status_of`), and a document that also denies the pair outright contests it too.
    Returns the indices of the claims to make alleged."""
    out: set[int] = set()
    if not claims:
        return out
    denied: dict[tuple[str, str], set[int]] = {}
    for c in claims:
        if c.status is TransferStatus.DENIED:
            denied.setdefault((c.supplier, c.recipient), set()).add(c.start)
    if not denying and not denied:
        return out
    # an admission by a party ("Téhéran a reconnu avoir fourni des drones") keeps the pair delivered
    admitted = {(c.supplier, c.recipient) for c in claims if c.cue == "admitted"}
    for i, c in enumerate(claims):
        if c.status is TransferStatus.DELIVERED and (c.supplier, c.recipient) not in admitted:
            pair = (c.supplier, c.recipient)
            where = [s for ref in pair for s in denying.get(ref, ()) if s != c.start] if c.cue == "sourced" else []
            # "Iran has not handed over the launchers, though Moscow received the missiles": one item denied,
            # another affirmed in the same sentence is no contest
            if where or denied.get(pair, set()) - {c.start}:
                out.add(i)
                if trace is not None:
                    trace.append(
                        f"contested: {pair[0]} > {pair[1]} delivered -> alleged (a party denies in another sentence"
                        f" of the document{'' if where else ': the pair is also denied'})"
                    )
    return out


#: Punctuation that ends a clause.
_BREAKS = (",", ";", " - ", " – ", " — ", ":")


class _Framed(_Contestable, Protocol):
    @property
    def frame(self) -> Frame: ...


def negation_reaches(
    claims: Sequence[_Framed], folded: str, weapons: Sequence[Mention], trace: list[str] | None = None
) -> set[int]:
    """Affirmative claims that a denied claim of the same pair governs: a participle right after weapons named
    after the denied trigger, in the same clause (no comma, semicolon or dash between), qualifies the object of
    the negated verb, and the negation reaches it: "Russia has never received any shells supplied by Iran". An
    affirmation after a comma ("..., choć same pociski Moskwa już otrzymała") or in a clause of its own ("not
    handed the launchers needed to fire the missiles it shipped") stands. Returns the indices of the claims to
    drop."""
    out: set[int] = set()
    denied = [c for c in claims if c.status is TransferStatus.DENIED]
    if not denied:
        return out
    for i, c in enumerate(claims):
        if not c.status.affirmative:
            continue
        for d in denied:
            if (d.supplier, d.recipient) != (c.supplier, c.recipient) or d.start != c.start:
                continue
            a, b = d.frame.trigger_end, c.frame.trigger_start
            if a > b:
                continue
            # the participle right after the weapons, or after a comma that sets it off ("снарядов, поставленных
            # Ираном"); no clause break between the negated verb and the weapons
            if any(
                a <= w.start
                and w.end <= b
                and (len(folded[w.end : b].split()) <= 1 or folded[w.end : b].strip() == ",")
                and not any(p in folded[a : w.end] for p in _BREAKS)
                and (folded[w.end : b].strip() == "," or not any(p in folded[w.end : b] for p in _BREAKS))
                for w in weapons
            ):
                out.add(i)
                if trace is not None:
                    trace.append(
                        f"negated: {c.supplier} > {c.recipient} {c.status.value} ({c.frame.cls}"
                        f" {c.frame.trigger!r}) dropped: the negated {d.frame.trigger!r} before it in the clause"
                        " governs it"
                    )
                break
    return out
