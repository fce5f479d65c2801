"""Relation backoff: join the parties of a sentence that no transfer frame joined, from generic grammatical evidence.

The frames (`frames.py`) read a trigger's arguments inside its clause, in the orders each language's rules know.
Real reporting puts them elsewhere: a relative clause between the subject and its verb ("Copenhague, que los
reemplaza por F-35, ha donado ... a Ucrania"), a coordinated subject read as a list ("Dänemark und die
Niederlande werden der Ukraine ... überlassen"), a party far from the verb. When a sentence holds a transfer
trigger, a weapon term and parties that no frame joined (or a frame with one party only), this module assigns the
missing roles from evidence that holds in every language:

- the preposition before a party, read per trigger class (to / à / an / a / para / dla / до: recipient of a
  supply; from / von / da / z / из / від: its supplier), checked against case where the language marks it
  ("в Украину" is a goal, "в Украине" a place; "z Armenią" is "with", not "from");
- case alone for a bare party: dative recipient, instrumental agent of a passive;
- the antecedent of a relative pronoun (que / qui / che / który / который / який / der / which ...) is a
  subject, of the relative verb or of the main verb after the relative clause;
- a coordinated group is one role ("X and Y supplied" makes both suppliers);
- the verb class (supply: the subject gives; acquire: the subject receives) and word order (bare before the
  trigger: subject; after it: object; verb-final languages: the first bare group is the subject).

It is conservative: speakers and claimants, origin adjectives, demonyms, places (any preposition of another
class), genitive "de" phrases and parties already in a frame of the sentence stay out; a role two parties compete
for at the same level of evidence is not assigned. Status (denial, condition, modality) comes from the same code
as every frame's (`modality.status_of`); the frames carry a lower score and `backoff` in their roles
(`es:supply:donado:backoff-rel>to`), so `skg extract --explain` shows them.

A last resort, `fallback`, reads a sentence that neither the frames nor this backoff joined (nor a veto judged),
with or without a transfer word: a source marked on its own (the goods' origin: "Iranian drones", "турецких
TB2"; a "from" phrase: "aus Iran", "desde o Irã", "з Ірану") and a receiver marked on its own (a goal phrase
right after the goods: "for the Houthis", "в суданскую армию", "dla Rosji"; a bare dative; the bare subject of
a buying or contracting verb). Roles never come from word order alone; a sentence with an attack, downing or
defence word, a negated goods phrase, or more than one candidate in a role gives nothing. It also completes a
one-party frame of the sentence from the goods' origin ("As Forças Armadas ... utilizam drones de fabrico
iraniano"). Its frames score 0.5, are alleged without a transfer verb, and show `fallback-` in their roles
(`ru:move:tb2:fallback-origin>fallback-to`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.news.frames import (
    CASED_GOALS,
    Frame,
    Sentence,
    attacked_place,
    build_verb,
    enters_service,
    origins,
    possessor_of_goods,
    reflexive_passive,
    sentence_cues,
    trigger_words,
)
from ingest.news.gazetteer import Mention
from ingest.news.lexicon import Lexicon
from ingest.news.modality import status_of
from ingest.news.morphology import cases, noun_cases
from ingest.news.text import fold as fold_text

__all__ = ["backoff", "fallback", "fallback_ready", "overruled", "placed", "thanked", "thanks", "unisland"]

#: A relative pronoun right after a party (folded text): the party is the subject of what follows.
_RELATIVE = re.compile(
    r"\s*,\s*(?:which|who|that|qui|lequel|laquelle|lesquels|que|quien|quienes|el cual|la cual|los cuales|che|"
    r"il quale|la quale|i quali|cui|o qual|a qual|os quais|der|die|das|welche[rs]?|котор\w+|як(?:ии|ий|а|е|і|"
    r"ого|ої|их|ому|ій|им|у)|ktor\w+)(?!\w)"
)
#: The same, with the pronoun in the nominative where case shows it (which, qui, que, der, который, який,
#: który...): the antecedent may be the subject ("Россия, которой Иран поставляет" makes Russia no subject).
_SUBJECT_RELATIVE = re.compile(
    r"\s*,\s*(?:which|who|that|qui|lequel|laquelle|lesquels|que|quien|quienes|el cual|la cual|los cuales|che|"
    r"il quale|la quale|i quali|o qual|a qual|os quais|der|die|das|welche[rs]?|котор(?:ый|ыи|ая|ое|ые)|"
    r"як(?:ий|ии|а|е|і)|ktor(?:y|a|e|zy))(?!\w)"
)
#: Strong punctuation between a party and the trigger: another clause of the sentence.
_STRONG = re.compile(r"[;:()\[\]]|\s[—–]\s")
#: A comma and a conjunction: a second clause with its own event ("..., and Ukraine received ...").
_NEW_CLAUSE = re.compile(r",\s*(?:and|but|while|et|mais|und|aber|y|pero|e|ma|mas|и|а|но|і|та|але|i|a|ale)\s")
_WORD_BEFORE = re.compile(r"(\w+)\s*$")
_WORDS = re.compile(r"\w+")
#: Evidence levels, strongest first: a preposition or case, then a relative antecedent, then word order.
_PREP, _CASE, _REL, _ORDER = 0, 1, 2, 3
#: How far (in words) a party may stand from its trigger.
_MAX_GAP = 30
#: Frame score of a backoff frame (a verb frame scores 1.0, an origin or movement frame 0.85).
SCORE = 0.7
_CLASSES = ("supply", "acquire", "move")
#: The classes whose one-party frame may name the recipient of an event told by two triggers (`_complementary`).
_TAKERS = (*_CLASSES, "use")


#: "With" before a party: the other side of a contract when a deal word stands near.
_WITH = frozenset(("with", "avec", "mit", "con", "com", "с", "со", "з", "зі", "із", "z", "ze"))
#: Words of a contract, deal or signature (folded stems, every language).
_DEAL = re.compile(
    r"(?<!\w)(?:sign(?:s|ed|ing|ature)?|contract(?:s|ed)?|deals?|agreements?|accords?|contrats?|vertrag|vertrage|"
    r"vertrags|unterzeichn\w*|abkommen|vereinbarung\w*|acuerdos?|contrat(?:o|os|ado|ados|ada|adas)|"
    r"firm(?:o|a|an|ar|aron|ado|ada|ou|aram|ato|ata|ati|arono)|contratt[oi]|accord[oi]|acordos?|"
    r"assin(?:ou|aram|ado|ada|atura|ar)|contratos?|контракт\w*|соглашени\w*|договор\w*|подписа\w*|угод(?:а|и|у|ою)|"
    r"підписа\w*|umow(?:a|e|ę|y|ie)|kontrakt\w*|podpisa\w*)(?!\w)"
)
#: Articles that may stand between a preposition and a name.
_ARTICLES = frozenset(
    (
        "the",
        "le",
        "la",
        "les",
        "l",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "gli",
        "i",
        "o",
        "a",
        "os",
        "as",
        "der",
        "die",
        "das",
        "dem",
        "den",
        "des",
    )
)
_LAST_WORDS = re.compile(r"(\w+)\W+(?:(\w+)\W*)?$")


def _head_word(folded: str, start: int, at: int) -> str:
    """The word governing the name at `at`: the word right before it, or before its article ("con el", "pour
    l'")."""
    found = _LAST_WORDS.search(folded, max(start, at - 30), at)
    if found is None:
        return ""
    first, second = found.group(1), found.group(2)
    if second is None:
        return first
    return first if second in _ARTICLES else second


def _deal_partner(sent: Sentence, lex: Lexicon, m: Mention) -> bool:
    """Whether `m`, after "with", is the other side of a contract: a deal word within six words of it, and, where
    case says so, an instrumental ("с Россией", not "z Rosji")."""
    folded = sent.folded
    before = folded[max(sent.start, m.start - 60) : m.start].split()[-7:]
    after = folded[m.end : min(sent.end, m.end + 60)].split()[:6]
    if not _DEAL.search(" ".join(before + after)):
        return False
    if lex.case_marked:
        forms = noun_cases(m.text, lex.lang)
        return not forms or len(forms) >= 6 or "ablt" in forms
    return True


def _clause_of(sent: Sentence, lex: Lexicon, ts: int, te: int) -> tuple[int, int, int]:
    """The trigger's clause (start, end) and the start of its modal scope, cut as `frames` cuts clauses: at
    strong punctuation and subordinators."""
    cues = sent.cues or sentence_cues(sent, lex)
    cuts = [(m.start(), m.end(), "punct") for m in _STRONG.finditer(sent.folded, sent.start, sent.end)]
    comp = lex.cues.get("complementizers")
    for a, b, word in cues.finditer("subordinators"):
        cuts.append((a, b, "comp" if comp is not None and comp.fullmatch(word) else "sub"))
    cuts.sort()
    before = [c for c in cuts if c[1] <= ts]
    after = [c for c in cuts if c[0] >= te]
    start = before[-1][0] if before else sent.start
    end = after[0][0] if after else sent.end
    scope = start
    if before and before[-1][2] == "comp":  # "said that X ...": the governing verb's modality applies
        scope = before[-2][0] if len(before) >= 2 else sent.start
    return start, end, scope


def _voice(sent: Sentence, lex: Lexicon, word: str, ts: int, clause_start: int) -> tuple[bool, bool]:
    """(passive, future): whether the trigger is a passive, and whether its auxiliary makes it a future instead
    ("Deutschland wird der Ukraine Panzer überlassen")."""
    cues = sent.cues or sentence_cues(sent, lex)
    participle = lex.cues.get("participles")
    if (participle is not None and participle.fullmatch(word)) or reflexive_passive(lex, word):
        return True, False
    # the auxiliary stands right before the participle, or anywhere in a verb-final clause ("werden ... überlassen")
    window = clause_start if lex.verb_final else max(clause_start, ts - 25)
    comma = sent.folded.rfind(",", window, ts)
    if comma != -1:  # "Iran, which has long been under sanctions, sold": the auxiliary of another phrase
        window = comma + 1
    if not cues.has("passive_aux", window, ts):
        return False, False
    hits = cues.finditer("passive_aux", window, ts)
    if not any(not any(m.start <= h[0] < m.end for m in sent.mentions) for h in hits):
        return False, False  # an auxiliary inside a name ("Estados Unidos")
    active = lex.cues.get("active_forms")
    if active is not None and active.fullmatch(word):
        return False, False
    future, infinitive = lex.cues.get("future_aux"), lex.cues.get("infinitives")
    if (
        future is not None
        and infinitive is not None
        and infinitive.fullmatch(word)
        and all(future.fullmatch(h[2]) for h in hits)
    ):
        return False, True
    return True, False


def _prep_evidence(sent: Sentence, lex: Lexicon, m: Mention, cls: str, passive: bool) -> str | None:
    """The role the preposition before `m` gives it ("S" or "R"), "" for a bare party, None for a party governed
    by a preposition of another class (a place, a possessor, "with")."""
    from ingest.news.frames import _prep_lists  # the frames' reading of prepositions, with its per-sentence cache

    found = sent.role_cache.get(m.start)
    if found is None:
        sent.role_cache[m.start] = found = _prep_lists(sent, m, lex)
    if not found:
        return ""
    if "genitive" in found:
        return None  # "de": a possessor as often as a source
    role: str | None = None
    if cls == "supply":
        if "supply_recipient" in found and "supply_supplier" not in found:
            role = "R"
        elif "supply_supplier" in found and "supply_recipient" not in found:
            role = "S"
    elif cls == "acquire":
        if "acquire_supplier" in found and "acquire_recipient" not in found:
            role = "S"
        elif "acquire_recipient" in found and passive:
            role = "R"
    elif "destination" in found or ("supply_recipient" in found and "supply_supplier" not in found):
        role = "R"  # move: "bound for", "to"; never "in"/"at", which name places
    elif "supply_supplier" in found:
        role = "S"
    if role is None or not lex.case_marked:
        return role
    # The case must fit the preposition: a goal in the accusative ("в Украину", "na Ukrainę"), a source in the
    # genitive ("из Ирана", "z Iranu"); "в Украине" is a place, "z Armenią" means "with".
    forms = noun_cases(m.text, lex.lang)
    if not forms or len(forms) >= 6:  # unknown or indeclinable: the preposition alone
        return role
    prep = _WORD_BEFORE.search(sent.folded, max(sent.start, m.start - 12), m.start)
    word = prep.group(1) if prep else ""
    if role == "R" and word in CASED_GOALS and "accs" not in forms:
        return None
    if role == "S" and "gent" not in forms and "gent" not in _source_cases(m, lex, forms):
        return None
    return role


def _source_cases(m: Mention, lex: Lexicon, forms: frozenset[str]) -> frozenset[str]:
    """The cases of a party after a "from" preposition: the proper-noun reading, else, when the dictionary's
    proper-noun entry lists too few cases ("з Білорусі": the locative only), every reading of the word (the
    preposition asks for the genitive; "з Білоруссю", "with", has no genitive reading at all)."""
    if "loct" in forms and "ablt" not in forms:
        return cases(m.text, lex.lang)
    return forms


def _case_role(sent: Sentence, lex: Lexicon, m: Mention, cls: str, te: int) -> str | None:
    """For a bare party in a case-marked language: "R" for a dative, "A" for an instrumental (a passive's agent),
    "N" for a nominative, None when case says nothing."""
    if m.nominative is True:
        return "N"
    forms = noun_cases(m.text, lex.lang)
    if not forms or len(forms) >= 6:
        return None
    if "datv" in forms and "nomn" not in forms and cls != "acquire":  # a bare locative does not exist
        if "gent" not in forms:
            return "R"
        # "Турции" is a genitive or a dative: a dative right after the verb or the weapons ("поставке
        # С-400 Турции"), a possessor after any other noun ("силы России")
        heads = [h for h in (te, *(w.end for w in sent.weapons)) if h <= m.start]
        return "R" if heads and not _WORDS.search(sent.folded, max(heads), m.start) else None
    if "ablt" in forms and "nomn" not in forms and lex.instrumental and fold_text(m.text).endswith(lex.instrumental):
        return "A"
    if "nomn" in forms:
        return "N"
    return None


def _indeclinable_agent(sent: Sentence, lex: Lexicon, m: Mention, te: int, mine: list[Mention]) -> bool:
    """An indeclinable name ("США", "КНДР", "ОАЭ") right after a passive participle, with no word between, is its
    agent ("партию беспилотников, поставленных США"), unless another bare party of the sentence is in an
    unambiguous instrumental ("переданные КНДР Россией": КНДР is then the dative) or dative."""
    if m.start < te or _WORDS.search(sent.folded, te, m.start) or len(noun_cases(m.text, lex.lang)) < 6:
        return False
    for o in mine:
        if o is m or o.ref == m.ref or _prep_evidence(sent, lex, o, "supply", True) != "":
            continue  # a party after a preposition ("для боёв на Украине") is no rival
        forms = noun_cases(o.text, lex.lang)
        if forms and len(forms) < 6 and ("ablt" in forms or "datv" in forms) and "nomn" not in forms:
            return False
    return True


def _coordinated(sent: Sentence, lex: Lexicon, m: Mention, pool: list[Mention]) -> list[Mention]:
    """`m` and the parties joined to it by "and"/"und"/"и"... or a comma."""
    from ingest.news.frames import _conjuncts

    return _conjuncts(sent, m, pool, lex)


def _nearest(cands: list[tuple[int, int, Mention]]) -> list[Mention] | None:
    """The strongest-evidence, then nearest candidate; None when two different parties tie on both."""
    if not cands:
        return None
    cands.sort(key=lambda c: (c[0], c[1]))
    best = cands[0]
    rivals = [c for c in cands[1:] if c[0] == best[0] and c[1] == best[1] and c[2].ref != best[2].ref]
    return None if rivals else [best[2]]


#: Verbs of thanks (folded stems): "Zelensky thanked Denmark for the F-16s" says Denmark supplied them.
_THANK = re.compile(
    r"(?<!\w)(?:thank(?:s|ed|ing)?|remerci\w*|(?:be)?dank(?:t|te|ten|e)\w*|agradec\w*|ringrazi\w*|"
    # not "благодаря", "дякуючи", "dzięki" (thanks to: a cause, not gratitude)
    r"(?:по)?благодар(?:ил|ила|ило|или|ит|ят|ю|им|ите|ить)\w*|(?:по)?дяку(?:є|ю|ють|вав|вала|вало|вали)|"
    r"подякува\w*|(?:po)?dziekowa\w*|(?:po)?dziekuj\w*)(?!\w)"
)
_THANK_STEMS = ("thank", "remerci", "dank", "agradec", "ringrazi", "благодар", "дяку", "подяку", "dziek")
#: "For" after the thanked party, before the weapons.
_FOR_WHAT = re.compile(r"(?<!\w)(?:for|pour|fur|für|por|pelo|pela|pelos|pelas|per|за|za)(?!\w)")
_CONJ = re.compile(r"(?<!\w)(?:and|et|und|y|e|i|и|і|та|oraz)(?!\w)")
#: Words that may stand between a verb of thanks and the party thanked.
_THANK_GAP = re.compile(
    r"^\W*(?:(?:a|al|à|ao|aos|às|au|aux|bei|sich|the|le|la|les|l|il|lo|gli|i|el|los|las|os|as|o|den|dem|der|die|das)\W+)*$"
)


def thanks(folded: str, start: int, end: int) -> bool:
    """Whether a verb of thanks stands in folded[start:end] (a sentence without a transfer word may still hold one)."""
    if start == 0 and end == len(folded) and not any(stem in folded for stem in _THANK_STEMS):
        return False  # a whole document: substring tests first, far cheaper than the pattern
    return _THANK.search(folded, start, end) is not None


def thanked(sent: Sentence, lex: Lexicon, frames: list[Frame], trace: list[str] | None = None) -> list[Frame]:
    """Gratitude frames: "X thanked Y for W" (remercier, danken, agradecer, ringraziare, благодарить, дякувати,
    dziękować) says that Y supplied W to X's state: the party thanked (and those coordinated with it) supplies, the
    party right before the verb (its subject, or the state owning it: "dowódca Sił Zbrojnych Ukrainy podziękował")
    receives. Only when a weapon stands in the "for" phrase after the party thanked."""
    folded = sent.folded
    hit = _THANK.search(folded, sent.start, sent.end)
    if hit is None or not sent.weapons:
        return []
    ts, te = hit.start(), hit.end()
    actors = [m for m in sent.actors if m.start not in sent.speakers and not m.demonym]
    after = [m for m in actors if m.start >= te]
    if not after or not _THANK_GAP.match(folded[te : after[0].start]):
        return []
    from ingest.news.frames import _conjuncts

    givers = _conjuncts(sent, after[0], actors, lex)
    end = max(m.end for m in givers)
    # the goods follow in a "for" phrase ("for the F-16s", "за истребители") or as a direct object ("agradeció a
    # España los tanques")
    goods = [w for w in sent.weapons if w.start >= end]
    if not goods:
        return []
    gap = folded[end : goods[0].start]
    phrase = _FOR_WHAT.sub(" ", gap, count=1)
    words = _WORDS.findall(gap)
    if phrase == gap and not (words and words[0] in _ARTICLES and len(words) <= 3):
        return []  # neither "for" nor a direct object: "thanked Germany during talks on tanks"
    if len(_WORDS.findall(phrase)) > 4 or "," in phrase or _CONJ.search(phrase):
        return []  # "thanked Germany for its support and asked for more tanks": the weapons are another matter
    before = [m for m in actors if m.end <= ts]
    if not before or "," in folded[before[-1].end : ts] or len(_WORDS.findall(folded[before[-1].end : ts])) > 6:
        return []
    taker = before[-1]
    have = {(f.supplier, f.recipient) for f in frames}
    clause_start, clause_end, scope = _clause_of(sent, lex, ts, te)
    out = []
    for g in givers:
        if g.ref == taker.ref or (g.ref, taker.ref) in have:
            continue
        out.append(
            Frame(
                supplier=g.ref,
                recipient=taker.ref,
                cls="supply",
                status="delivered",
                trigger=hit.group(),
                trigger_start=ts,
                trigger_end=te,
                scope_start=scope,
                clause_start=clause_start,
                clause_end=max(clause_end, goods[0].end),
                span_start=taker.start,
                span_end=goods[0].end,
                how="backoff-thanked>backoff-thanker",
                score=SCORE,
            )
        )
        if trace is not None:
            trace.append(f"  backoff: {g.ref} > {taker.ref}: thanked for the weapons by {hit.group()!r}")
    return out


def overruled(frames: list[Frame], thanks_frames: list[Frame]) -> list[Frame]:
    """`frames` without those reversing a gratitude frame from a transfer noun inside its "for" phrase ("dankte
    Deutschland für die Lieferung von Panzern" is no delivery from Ukraine to Germany)."""
    if not thanks_frames:
        return frames
    return [
        f
        for f in frames
        if not any(
            t.supplier == f.recipient and t.recipient == f.supplier and t.trigger_end <= f.trigger_start <= t.span_end
            for t in thanks_frames
        )
    ]


def _goal_of_other_clause(sent: Sentence, f: Frame) -> bool:
    """Whether every mention of a movement frame's recipient stands before its verb with a comma between."""
    spots = [m for m in sent.actors if m.ref == f.recipient and f.clause_start <= m.start < f.clause_end]
    return bool(spots) and all(m.end <= f.trigger_start and "," in sent.folded[m.end : f.trigger_start] for m in spots)


def placed(sent: Sentence, lex: Lexicon, frames: list[Frame], trace: list[str] | None = None) -> list[Frame]:
    """The frames left when a recipient read from a goal preposition is in the locative: "на Украине", "в Україні",
    "w Ukrainie" say where, not to whom ("поставленных Ираном для боёв на Украине"); for a movement verb, only when
    the place stands in a clause before the verb. Case-marked languages only; an indeclinable name keeps its
    frame."""
    if not lex.case_marked or not frames:
        return frames
    out = []
    for f in frames:
        if f.how.endswith(">to"):
            party, needed = f.recipient, "accs"  # a goal is in the accusative
        elif f.how.endswith(">dest") and f.cls == "move" and _goal_of_other_clause(sent, f):
            # "Снаряды, которые Россия применяет на Украине, поступают": a locative of the clause before the
            # movement verb is where another verb acts; one of its own clause may be where goods arrive
            party, needed = f.recipient, "accs"
        elif f.how.startswith("from>") and f.cls == "acquire" and f.status == "delivered":
            # "отримала ... в Україні": where goods were received, not whom from (a purchase "в Иране" is kept)
            party, needed = f.supplier, "gent"
        else:
            out.append(f)
            continue
        spots = [m for m in sent.actors if m.ref == party and f.clause_start <= m.start < f.clause_end]
        where = []
        for m in spots:
            words = sent.folded[max(sent.start, m.start - 6) : m.start].split()
            prep = words[-1] if words else ""
            if prep not in CASED_GOALS:
                continue  # checked first: the dictionary is asked only after a goal preposition
            forms = noun_cases(m.text, lex.lang)
            if not forms or len(forms) >= 6:
                continue
            # "в/на/w" never mean "from" with a receipt; "у" does with a genitive ("у Ирана")
            if needed not in forms or (needed == "gent" and prep != "у"):
                where.append(m)
        if spots and len(where) == len(spots):
            if trace is not None:
                trace.append(
                    f"  dropped frame {f.supplier} > {f.recipient} by {f.cls} {f.trigger!r}: "
                    f"{where[0].text!r} is a place (locative), not a goal"
                )
            continue
        out.append(f)
    return out


def _own_subject_span(folded: str, start: int, ts: int) -> int:
    """The end of the stretch after a relative pronoun (at `start`) where a party would be the relative verb's own
    subject: up to the trigger when the trigger is the relative verb ("Moscow, which Tehran supplies"); nothing when
    a comma closes the relative clause first, since the trigger is then the main verb, whose subject the antecedent
    is whatever the clause holds ("Copenhague, que los reemplaza por F-35, ha donado")."""
    return start if folded.find(",", start, ts) != -1 else ts


def _islands(sent: Sentence) -> list[tuple[int, int]]:
    """Relative clauses closed by a comma after a party ("Иран, который поддерживает хуситов, передал ..."):
    (start of the pronoun, the closing comma)."""
    out = []
    folded = sent.folded
    for m in sent.actors:
        rel = _RELATIVE.match(folded, m.end, sent.end)
        if rel is None:
            continue
        close = folded.find(",", rel.end(), sent.end)
        if close != -1:
            out.append((rel.start(), close))
    return out


def _islanded(sent: Sentence, islands: list[tuple[int, int]], ref: str, ts: int) -> bool:
    """Whether every mention of `ref` in the sentence stands inside a relative clause closed before `ts`."""
    spots = [m.start for m in sent.actors if m.ref == ref]
    return bool(spots) and all(any(a <= x < b < ts for a, b in islands) for x in spots)


def unisland(sent: Sentence, frames: list[Frame], trace: list[str] | None = None) -> list[Frame]:
    """The frames left when a party named only inside a relative clause closed before the trigger is taken out:
    it belongs to the relative verb, not to the main one ("Иран, который поддерживает хуситов, передал России
    беспилотники" is no transfer to the Houthis). The backoff then reads the sentence again without them."""
    if not frames or not (islands := _islands(sent)):
        return frames
    out = []
    for f in frames:
        inside = [r for r in (f.supplier, f.recipient) if _islanded(sent, islands, r, f.trigger_start)]
        if inside:
            if trace is not None:
                trace.append(
                    f"  dropped frame {f.supplier} > {f.recipient} by {f.cls} {f.trigger!r}: {inside[0]} is named only"
                    " inside a relative clause closed before the trigger"
                )
            continue
        out.append(f)
    return out


def _trigger_frame(
    cls: str,
    status: str,
    word: str,
    ts: int,
    te: int,
    scope: int,
    clause_start: int,
    clause_end: int,
    passive: bool,
) -> Frame:
    """A backoff frame at a trigger, its parties and span still to fill (`dataclasses.replace`)."""
    return Frame(
        supplier="",
        recipient="",
        cls=cls,
        status=status,
        trigger=word,
        trigger_start=ts,
        trigger_end=te,
        scope_start=scope,
        clause_start=clause_start,
        clause_end=clause_end,
        span_start=ts,
        span_end=te,
        how="",
        score=SCORE,
        passive=passive,
    )


def backoff(sent: Sentence, lex: Lexicon, frames: list[Frame], trace: list[str] | None = None) -> list[Frame]:
    """Frames for parties of `sent` that no frame joined, read from generic evidence (module doc). The one-party
    frames of the sentence (`sent.partial`) that this completes are taken out of it, so the document does not
    complete them a second time. Cost: nothing unless the sentence has a transfer trigger, a weapon and two
    unjoined parties; then O(triggers x parties)."""
    if not sent.weapons:
        return []
    partial = sent.partial or []
    joined = {f.supplier for f in frames} | {f.recipient for f in frames}
    pool = [m for m in sent.actors if m.start not in sent.speakers and m.ref not in joined]
    if len({m.ref for m in pool}) < 2:
        return []
    # building is a transfer only for a customer its "for" names (`frames._built_for`)
    triggers = trigger_words(sent, lex, _CLASSES, lambda cls, word: cls == "supply" and build_verb(lex, word))
    if not triggers:
        return []
    origin = origins(sent, lex)
    islands = _islands(sent)
    cands = [m for m in pool if m.start not in origin and not m.demonym]
    if len({m.ref for m in cands}) < 1:
        return []
    # each party belongs to the trigger nearest to it
    owner: dict[int, int] = {}
    for m in cands:
        owner[m.start] = min(triggers, key=lambda t: min(abs(t - m.end), abs(m.start - triggers[t][0])))
    out: list[Frame] = []
    done: list[Frame] = []
    halves: list[Frame] = []  # one side only, read by the backoff: for `_complementary`
    for ts, (te, cls, status, word) in sorted(triggers.items()):
        mine = [m for m in cands if owner[m.start] == ts and not any(a <= m.start < b < ts for a, b in islands)]
        seeds = [f for f in partial if f.trigger_start == ts]
        if not mine:
            continue  # one party alone may still make a half frame (`_complementary`)
        frames_here, replaced = _join(sent, lex, ts, te, cls, status, word, mine, seeds, frames, trace)
        done.extend(replaced)
        for f, seed in frames_here:
            if not f.supplier or not f.recipient:
                halves.append(f)
                continue
            out.append(f)
            if seed is not None:
                done.append(seed)
            if trace is not None:
                trace.append(
                    f"  backoff: {f.supplier} > {f.recipient} by {f.cls} trigger {f.trigger!r} roles {f.how}"
                    + (" (completes a one-party frame)" if seed is not None else "")
                )
    rest = [f for f in partial if not any(f is d for d in done)]
    for f, a, b in _complementary(sent, lex, rest + halves, joined):
        out.append(f)
        done.extend((a, b))
        if trace is not None:
            trace.append(
                f"  backoff: {f.supplier} > {f.recipient}: two one-party frames of the sentence, {a.cls} {a.trigger!r}"
                f" names the supplier, {b.cls} {b.trigger!r} the recipient"
            )
    _consume(sent, done)
    return out


def _consume(sent: Sentence, done: list[Frame]) -> None:
    """The sentence's one-party frames that a backoff or fallback reading used are no longer open for completion."""
    if done and sent.partial is not None:
        sent.partial[:] = [f for f in sent.partial if not any(f is d for d in done)]


def _complementary(
    sent: Sentence, lex: Lexicon, partial: list[Frame], joined: set[str]
) -> list[tuple[Frame, Frame, Frame]]:
    """One event told by two triggers: a one-party frame names only the supplier ("entregues pela Turquia"),
    another of the same sentence only the recipient ("O Exército do Burkina Faso recebeu"). Joined when each side
    is one party, the supplier's frame is not read from an origin adjective, and no strong punctuation stands
    between the triggers."""
    givers = [f for f in partial if f.supplier and not f.recipient and f.cls in _CLASSES and "origin" not in f.how]
    takers = [f for f in partial if f.recipient and not f.supplier and f.cls in _TAKERS]
    if len({f.supplier for f in givers}) != 1 or len({f.recipient for f in takers}) != 1:
        return []
    a, b = givers[0], takers[0]
    if a.supplier == b.recipient or a.supplier in joined or b.recipient in joined or a.trigger_start == b.trigger_start:
        return []
    lo, hi = min(a.trigger_end, b.trigger_end), max(a.trigger_start, b.trigger_start)
    between = sent.folded[lo:hi]
    if _STRONG.search(between) or _NEW_CLAUSE.search(between):
        return []
    first = min(a.trigger_start, b.trigger_start)
    if not any(
        (lo <= w.start and w.end <= hi and not any(w.end <= m.start < hi for m in sent.actors))
        or (w.end <= first and len(_WORDS.findall(sent.folded[w.end : first])) <= 1)
        for w in sent.weapons
    ):
        # the goods link the two verbs: named between them, the later one with no party of its own in between
        # ("recebeu ... drones ... entregues pela Turquia"; not "received missiles, angering China, which sent"), or
        # qualified by the first ("mísseis lançados pela Rússia ... foi fornecido pela Coreia do Norte")
        return []
    how = f"{a.how.split('>')[0]}>backoff-event"
    lo_span, hi_span = min(a.span_start, b.span_start), max(a.span_end, b.span_end)
    on_a = replace(a, recipient=b.recipient, how=how, score=SCORE, span_start=lo_span, span_end=hi_span)
    on_b = replace(b, supplier=a.supplier, how=how, score=SCORE, span_start=lo_span, span_end=hi_span)
    # the event holds as the weaker of its two verbs says: "Russia has never received any shells supplied by Iran"
    # is negated through "received"
    status_a, status_b = status_of(sent, on_a, lex)[0], status_of(sent, on_b, lex)[0]
    if status_a is None or status_b is None:
        return []
    frame = on_a if status_a.strength <= status_b.strength else on_b
    return [(frame, a, b)]


def _join(
    sent: Sentence,
    lex: Lexicon,
    ts: int,
    te: int,
    cls: str,
    status: str,
    word: str,
    mine: list[Mention],
    seeds: list[Frame],
    frames: list[Frame],
    trace: list[str] | None = None,
) -> tuple[list[tuple[Frame, Frame | None]], list[Frame]]:
    """Frames for one trigger (with the one-party frames they complete), and the one-party frames they replace."""
    folded = sent.folded
    clause_start, clause_end, scope = _clause_of(sent, lex, ts, te)
    passive, future = _voice(sent, lex, word, ts, clause_start)
    if future:
        status = "ordered"
    sup: list[tuple[int, int, Mention]] = []
    rec: list[tuple[int, int, Mention]] = []
    subj: list[tuple[int, int, Mention]] = []
    obj: list[tuple[int, int, Mention]] = []
    partners: list[tuple[int, int, Mention]] = []  # the other side of a contract ("signed with X")
    for m in mine:
        before = m.end <= ts
        gap_text = folded[m.end : ts] if before else folded[te : m.start]
        gap = len(_WORDS.findall(gap_text))
        if gap > _MAX_GAP or _STRONG.search(gap_text) or folded.startswith(("'s ", "' "), m.end):
            continue  # another clause, or a possessor ("Russia's Far East")
        inside = clause_start <= m.start and m.end <= clause_end
        rel = _SUBJECT_RELATIVE.match(folded, m.end, ts) if before and not passive else None
        if (
            rel is not None
            and _prep_evidence(sent, lex, m, cls, passive) == ""
            and (not lex.case_marked or m.nominative is not False)
            and not any(rel.end() <= x.start < _own_subject_span(folded, rel.end(), ts) for x in sent.actors)
        ):
            # no party of its own between the pronoun and the verb: "Moscow, which Tehran supplies with drones" has
            # Tehran for subject (`_own_subject_span`)
            # "Copenhague, que los reemplaza por F-35, ha donado": the antecedent is a subject, of the relative
            # verb or of the main verb after the relative clause
            subj.append((_REL, gap, m))
            continue
        head = _head_word(folded, sent.start, m.start)
        if head in _WITH and _deal_partner(sent, lex, m):
            partners.append((_CASE, gap, m))  # "contratados con Rusia", "podpisała z Armenią kontrakt"
            continue
        if not inside:
            continue  # order, case and prepositions are read in the trigger's own clause
        prep = _prep_evidence(sent, lex, m, cls, passive)
        if prep is None:
            continue
        if prep:
            if before and gap > 8:
                continue  # a prepositional phrase far before the verb belongs to another predicate
            if prep == "R" and attacked_place(sent, lex, m):
                continue  # "od początku inwazji na Ukrainę Pjongjang dostarczył Moskwie": a place, not a goal
            (sup if prep == "S" else rec).append((_PREP, gap, m))
            continue
        if lex.case_marked:
            case = _case_role(sent, lex, m, cls, te)
            if case == "R":
                rec.append((_CASE, gap, m))
            elif case is None and passive and cls == "supply" and _indeclinable_agent(sent, lex, m, te, mine):
                sup.append((_CASE, gap, m))  # "партию дронов, поставленных США"
            elif case == "A" and passive:
                (sup if cls == "supply" else rec).append((_CASE, gap, m))
            elif (
                before
                and not passive
                and gap <= 15
                and "," not in gap_text
                and (case == "N" or (case is None and m.nominative is None))
            ):
                subj.append((_ORDER, gap, m))
            continue
        if passive:
            continue  # the subject of a passive is most often the goods, not a party
        if "," in gap_text:
            continue  # word order holds inside a phrase; a comma opens an insertion or another clause
        if before and gap <= 15:
            subj.append((_ORDER, gap, m))
        elif not before:
            obj.append((_ORDER, gap, m))
    if lex.verb_final and not obj and len(subj) >= 2:
        # "Dänemark und die Niederlande werden der Ukraine ... überlassen": the first bare group is the subject,
        # a later bare party its object
        first = min(subj, key=lambda c: c[2].start)[2]
        group = {x.start for x in _coordinated(sent, lex, first, mine)}
        obj = [c for c in subj if c[2].start not in group]
        subj = [c for c in subj if c[2].start in group]
        subj = [(min(x[0] for x in subj), 0 if c[2] is first else 1, c[2]) for c in subj]  # the first leads
    subject = _nearest(list(subj))  # its head; the parties coordinated with it join when the frame is built
    taken = {m.start for m in _coordinated(sent, lex, subject[0], mine)} if subject else set()
    obj = [c for c in obj if c[2].start not in taken]
    # the verb class turns subject and object into roles (the subject keeps the level of its evidence)
    level = min((c[0] for c in subj if subject and c[2] is subject[0]), default=_ORDER)
    if cls == "supply" and not passive:
        if subject:
            sup.extend((level, 0, m) for m in subject)
        rec.extend(obj)
    elif (cls == "supply" or (cls == "acquire" and not passive)) and subject:
        # a passive supply's subject ("Ukraine was given ...") and an acquirer receive
        rec.extend((level, 0, m) for m in subject)
    elif cls == "move" and not passive and status == "delivered" and subject and not enters_service(sent, lex, ts, te):
        # "North Korea moved containers to Russia"; the subject of an entry into service is the goods, never a
        # supplier ("Turkey joined the Albanian army in exercises")
        sup.extend((level, 0, m) for m in subject)
    if trace is not None:
        names = ("prep", "case", "rel", "order")
        trace.append(
            f"  backoff on {cls} {word!r}: parties {[m.ref for m in mine]}; supplier evidence "
            f"{[(m.ref, names[lv]) for lv, _, m in sup]}, recipient evidence {[(m.ref, names[lv]) for lv, _, m in rec]}"
            + (f"; one-party frames {[f.how for f in seeds]}" if seeds else "")
            + (f"; deal partners {[m.ref for _, _, m in partners]}" if partners else "")
        )
    if partners:
        # the counterpart of a deal takes the role its other side does not play: a buyer's partner supplies, a
        # supplier's partner receives
        # supplier: "Polska podpisała z Koreą umowę na dostawę czołgów" may have either side deliver, so only a
        # buyer ("recibió cazas contratados con Rusia", "umowę na zakup") or a supplying verb tells the direction
        nominal = lex.cues.get("nominals")
        verbal = nominal is None or not nominal.fullmatch(word)
        known_supplier = cls == "supply" and verbal and (any(f.supplier for f in seeds) or subject is not None)
        known_recipient = cls == "acquire" and (any(f.recipient for f in seeds) or subject is not None)
        if passive:
            pass  # the subject of a passive is the goods
        elif known_supplier and not known_recipient:
            rec.extend(partners)
        elif known_recipient and not known_supplier:
            sup.extend(partners)
    results: list[tuple[Frame, Frame | None]] = []
    replaced: list[Frame] = []
    loop: list[Frame | None] = list(seeds) or [None]
    if subject is not None and any(c[0] == _REL and c[2] is subject[0] for c in subj) and seeds:
        # "Iran, das seit Jahren unter Sanktionen steht, hat Russland Drohnen überlassen": the frame took the bare
        # name after the relative clause for the subject; the antecedent is the subject, that name its object
        ordered = [f for f in seeds if f.how.split(">")[0 if f.supplier else 1] == "subj"]
        if (
            ordered
            and len(ordered) == len(seeds)
            and all((f.supplier or f.recipient) != subject[0].ref for f in ordered)
        ):
            for f in ordered:
                party = next((m for m in mine if m.ref == (f.supplier or f.recipient)), None)
                if party is not None and cls == "supply" and not passive:
                    rec.append((_ORDER, 0, party))
                elif party is not None and cls == "acquire" and not passive:
                    sup.append((_ORDER, 0, party))
            loop = [None]
            replaced = list(seeds)
    for seed in loop:
        s_refs: list[str]
        r_refs: list[str]
        known = {seed.supplier or seed.recipient} if seed is not None else set()
        for m in mine:  # a party coordinated with the seed's own plays its role, not the other one
            if m.ref in known:
                known |= {x.ref for x in _coordinated(sent, lex, m, mine)}
        if seed is not None and seed.supplier:
            pick = _nearest([c for c in rec if c[2].ref not in known])
            if pick is None:
                continue
            s_refs = [seed.supplier]
            r_refs = [m.ref for m in _coordinated(sent, lex, pick[0], mine)]
            how = f"{seed.how.split('>')[0]}>backoff-{_how(rec, pick[0])}"
        elif seed is not None and seed.recipient:
            pick = _nearest([c for c in sup if c[2].ref not in known])
            if pick is None:
                continue
            s_refs = [m.ref for m in _coordinated(sent, lex, pick[0], mine)]
            r_refs = [seed.recipient]
            how = f"backoff-{_how(sup, pick[0])}>{seed.how.split('>')[1]}"
        else:
            s_pick = _nearest(list(sup))
            r_pick = _nearest([c for c in rec if s_pick is None or c[2].ref != s_pick[0].ref])
            if s_pick is None or r_pick is None:
                one = s_pick or r_pick
                if one is not None and (s_pick is None) != (r_pick is None):
                    # one side only: kept as a half frame, which another trigger of the sentence may complete
                    # ("получила партию беспилотников, поставленных Ираном")
                    clause_start, clause_end, scope = _clause_of(sent, lex, ts, te)
                    half = replace(
                        _trigger_frame(cls, status, word, ts, te, scope, clause_start, clause_end, passive),
                        supplier=one[0].ref if s_pick else "",
                        recipient=one[0].ref if r_pick else "",
                        span_start=min(ts, one[0].start),
                        span_end=max(te, one[0].end),
                        how=f"backoff-{_how(sup, one[0])}>?" if s_pick else f"?>backoff-{_how(rec, one[0])}",
                    )
                    results.append((half, None))
                continue
            s_group = _coordinated(sent, lex, s_pick[0], mine)
            r_group = _coordinated(sent, lex, r_pick[0], mine)
            if {m.start for m in s_group} & {m.start for m in r_group}:
                continue
            s_refs = [m.ref for m in s_group]
            r_refs = [m.ref for m in r_group]
            how = f"backoff-{_how(sup, s_pick[0])}>backoff-{_how(rec, r_pick[0])}"
        parties = [m for m in mine if m.ref in s_refs or m.ref in r_refs]
        positions = [ts, te, *(m.start for m in parties), *(m.end for m in parties)]
        span_start, span_end = min(positions), max(positions)
        comma = folded.find(",", span_end, sent.end)
        span_end = comma if comma != -1 else sent.end
        base = seed or replace(
            _trigger_frame(cls, status, word, ts, te, scope, clause_start, clause_end, passive),
            span_start=span_start,
            span_end=span_end,
        )
        reversed_pairs = {(f.recipient, f.supplier) for f in frames}
        for s in dict.fromkeys(s_refs):
            for r in dict.fromkeys(r_refs):
                if s == r or (s, r) in reversed_pairs:
                    continue
                results.append(
                    (
                        replace(
                            base,
                            supplier=s,
                            recipient=r,
                            how=how,
                            score=min(base.score, SCORE),
                            span_start=min(base.span_start, span_start),
                            span_end=max(base.span_end, span_end),
                        ),
                        seed,
                    )
                )
    return results, (replaced if results else [])


def _how(cands: list[tuple[int, int, Mention]], m: Mention) -> str:
    """The name of the evidence that gave `m` its role."""
    level = min((c[0] for c in cands if c[2] is m), default=_ORDER)
    return ("prep", "case", "rel", "order")[level]


#: Frame score of a fallback frame: below the backoff's, the weakest reading the extractor keeps.
FALLBACK_SCORE = 0.5
#: Prepositions that say "from" (folded), in every language: a source, not a passive agent ("used by Russia").
_FROM = frozenset(
    (
        "from", "de", "d", "du", "des", "depuis", "aus", "von", "vom", "desde", "da", "dal", "dall", "dalla", "dai",
        "dagli", "do", "dos", "из", "изо", "от", "з", "із", "зі", "від", "z", "ze", "od", "ot", "vid",
    )
)  # fmt: skip
#: Goal prepositions that as often say where (a place: "precipitato a Beirut", "in Polonia", "en Siria"): no
#: fallback receiver after them in a language whose case does not tell.
_PLACE_GOALS = frozenset(
    ("a", "à", "in", "en", "em", "no", "na", "nos", "nas", "nel", "nella", "al", "ao", "au", "aux")
)
#: Goal prepositions that may stand before an article ("para a Rússia", "pour la Russie").
_GOAL_WORDS = frozenset(
    ("to", "for", "into", "towards", "pour", "vers", "für", "an", "nach", "para", "hacia", "per", "verso", "rumo")
)
#: Trigger classes whose bare subject receives the goods of a marked origin.
_HOLDS = ("acquire", "contract")
#: Classes of the one-party frames the fallback may complete ("find": where weapons were found is no party).
_COMPLETES = ("supply", "acquire", "move", "use", "contract", "origin")
#: The fallback sources that may complete a one-party frame: the goods' own origin (measured: a "from" phrase
#: beside a verb named the launch site or another donor as often as the supplier).
_COMPLETE_KINDS = ("origin",)
#: The word before a name, elided or not ("dall'Iran", "from Iran").
_PREP_WORD = re.compile(r"(\w+)(?:['’]\s*|\s+)$")
#: How far (in words) a goal phrase may follow goods qualified by their origin alone.
_GOAL_AFTER = 8
#: How far (in words) the fallback reads a party from the goods.
_FALLBACK_GAP = 20


def _fallback_trigger(sent: Sentence, lex: Lexicon, at: int) -> tuple[int, int, str, str, str] | None:
    """The transfer trigger nearest to the goods at `at` (start, end, class, status, word), None without one."""
    cues = sent.cues or sentence_cues(sent, lex)
    best: tuple[int, int, str, str, str] | None = None
    for (_, cls, status), name in zip(lex.triggers, lex.trigger_names, strict=True):
        for ts, te, word in cues.finditer(name):
            if any(m.start < te and ts < m.end for m in sent.mentions):
                continue
            if best is None or abs(ts - at) < abs(best[0] - at):
                best = (ts, te, cls, status, word)
    return best


def _holder(sent: Sentence, m: Mention, goods: list[Mention]) -> bool:
    """Whether the bare party `m` is the subject of the clause that holds the goods: the first party of its
    sentence or clause, not a possessor, before the goods with no comma or strong break between ("Burkina Faso
    exhibited Turkish-made drones", "Russia is using Iranian drones")."""
    folded = sent.folded
    after = [w for w in goods if w.start >= m.end]
    if not after or folded.startswith(("'s ", "' "), m.end):
        return False
    gap = folded[m.end : after[0].start]
    if gap.count(",") == 2 and gap.lstrip().startswith(","):
        # an apposition or relative clause set off by commas ("Argelia, rival de Rabat, ha comprado")
        gap = gap[gap.rfind(",") + 1 :]
    if "," in gap or _STRONG.search(gap) or len(_WORDS.findall(gap)) > _FALLBACK_GAP:
        return False
    lead = folded[max(sent.start, m.start - 40) : m.start]
    cut = max(lead.rfind(","), lead.rfind(";"), lead.rfind(":"))
    before = lead[cut + 1 :] if cut != -1 else (lead if m.start - 40 <= sent.start else "")
    if cut == -1 and m.start - 40 > sent.start:
        return False  # far into the sentence, no clause boundary: not its subject
    return not any(x.start < m.start and x.end > m.start - len(before) for x in sent.actors if x is not m) and (
        len(_WORDS.findall(before)) <= 2
    )


def fallback_ready(folded: str, mentions: list[Mention], start: int) -> bool:
    """A cheap test before a sentence without a transfer word is read further (attribution, frames) for the
    `fallback` alone: some party must be able to be a source, a demonym, a possessive or an abbreviation
    ("Iranian", "Iran's", "US") or a name after a "from" word."""
    for m in mentions:
        if m.kind != "actor":
            continue
        if m.demonym or folded.startswith(("'s", "' "), m.end) or (m.text.isupper() and len(m.text) <= 4):
            return True
        prep = _PREP_WORD.search(folded, max(start, m.start - 12), m.start)
        if prep is not None and prep.group(1) in _FROM:
            return True
    return False


def _completed_partials(
    sent: Sentence, src: list[tuple[str, Mention]], rcv: list[tuple[str, Mention]], trace: list[str] | None
) -> list[Frame]:
    """The one-party frames of the sentence whose missing side is the one party the fallback's marking gives that
    role ("As Forças Armadas Sudanesas ... utilizam drones de fabrico iraniano": the user from the verb, the source
    from the origin). The frames completed leave `sent.partial`, so the document does not complete them again."""
    out: list[Frame] = []
    done: list[Frame] = []
    for f in sent.partial or []:
        if f.cls not in _COMPLETES:
            continue
        if f.recipient and not f.supplier:
            # the origin on the goods only: a "from" phrase beside a verb may be where the goods were launched or
            # who else sent aid ("droni lanciati dagli Houthi dallo Yemen")
            cands = [(k, m) for k, m in src if m.ref != f.recipient and k in _COMPLETE_KINDS]
        elif f.supplier and not f.recipient:
            # a goal phrase right after the goods ("una corbeta china para Argelia", "гвинтівки для поліції
            # Соломонових Островів") qualifies them, whatever verb the sentence has; a possessor holds them
            cands = [
                (k, m)
                for k, m in rcv
                if m.ref != f.supplier
                and (k == "poss" or (k == "to" and _goal_of_goods(sent, m)) or k in _COMPLETE_KINDS)
            ]
        else:
            continue
        if len({m.ref for _, m in cands}) != 1:
            continue
        kind, m = cands[0]
        s_how, r_how = f.how.split(">", 1) if ">" in f.how else (f.how, f.how)
        how = f"fallback-{kind}>{r_how}" if f.recipient else f"{s_how}>fallback-{kind}"
        out.append(
            replace(
                f,
                supplier=f.supplier or m.ref,
                recipient=f.recipient or m.ref,
                how=how,
                score=min(f.score, FALLBACK_SCORE),
                span_start=min(f.span_start, m.start),
                span_end=max(f.span_end, m.end),
            )
        )
        done.append(f)
        if trace is not None:
            trace.append(
                f"  fallback: {out[-1].supplier} > {out[-1].recipient} completes the one-party frame on"
                f" {f.trigger!r} ({f.how}) from the marking of {m.ref} ({kind})"
            )
    _consume(sent, done)
    return out


def _goal_of_goods(sent: Sentence, m: Mention, words: int = 2) -> bool:
    """Whether goal party `m` follows goods closely: `words` between at most (by default the preposition and an
    article, "una corbeta china para Argelia")."""
    return any(w.end <= m.start and len(_WORDS.findall(sent.folded[w.end : m.start])) <= words for w in sent.weapons)


def fallback(sent: Sentence, lex: Lexicon, trace: list[str] | None = None) -> list[Frame]:
    """A last, conservative reading for a sentence where no frame, backoff or gratitude frame joined two parties:
    a goods term and two parties whose roles grammar marks on its own, with or without a transfer verb
    ("Iranian drones for Russia's army", "северокорейские снаряды для России", "Raketen aus Nordkorea an
    Russland"). The source is an origin on the goods (demonym, possessive, "made in": `origins`) or a party after
    a "from" preposition (`_FROM`, checked against case: "из Ирана"); the receiver a party after a goal
    preposition ("to", "for", "bound for", "à", "an", "para", "dla", "до": the `destination` and
    `supply_recipient` lists, "в Украину" but never "в Украине") or a bare dative. Roles come from that marking
    alone, never from word order; one source and one receiver (parties coordinated with them join), else
    nothing. Out: speakers and claimants, parties governed by any other preposition (places, possessors), a
    sentence with an attack or downing word (a target is no recipient). The frame carries the status the
    sentence's cues give (`modality.status_of`: negated, hypothetical, refused or abandoned readings are denied
    or dropped); without a transfer verb, alleged. Its rule reads `fallback-<source>>fallback-<receiver>`.
    A bare subject receives only with a buying or contracting verb (`_HOLDS`); an origin's goal phrase must
    follow the goods closely (`_GOAL_AFTER`). With one-party frames in the sentence, it only completes them
    (`_completed_partials`). Measured on the tune sets (news-blind..blind6b): 8 claims added, all true."""
    if not sent.weapons or len({m.ref for m in sent.actors}) < 2:
        return []
    cues = sent.cues or sentence_cues(sent, lex)
    if cues.has("attack") or cues.has("downing") or cues.has("defence"):
        return []  # "Russian missiles hit Ukraine", "shot down Iranian drones over Kyiv": a target, not a recipient
    pool = [m for m in sent.actors if m.start not in sent.speakers]
    if len({m.ref for m in pool}) < 2:
        return []
    goods = sent.weapons
    trig = _fallback_trigger(sent, lex, goods[0].start)
    cls = trig[2] if trig is not None and trig[2] in ("supply", "acquire", "move") else "move"
    # a bare subject receives only with a verb of buying or contracting ("Turkey received Russian S-400s")
    holds = trig is not None and trig[2] in _HOLDS
    origin = origins(sent, lex)
    folded = sent.folded
    src: list[tuple[str, Mention]] = []
    rcv: list[tuple[str, Mention]] = []
    for m in pool:
        near = min(
            len(_WORDS.findall(folded[m.end : w.start] if m.end <= w.start else folded[w.end : m.start])) for w in goods
        )
        if near > _FALLBACK_GAP:
            continue
        if m.start in origin:
            src.append(("origin", m))
            continue
        if m.demonym:
            continue  # a demonym qualifying anything but the goods names no party
        role = _prep_evidence(sent, lex, m, cls, False)
        prep = _PREP_WORD.search(folded, max(sent.start, m.start - 12), m.start)
        word = prep.group(1) if prep else ""
        if word in _ARTICLES:  # "para a Rússia": the short word before the article is the preposition; else
            head = _head_word(folded, sent.start, m.start)  # the article is one ("precipitato a Beirut")
            word = head if head in _FROM or head in _GOAL_WORDS else word
        if role == "" and not lex.case_marked and word in _FROM:
            role = "S"  # a "from" the role lists do not hold ("desde o Irã")
        if role:
            if role == "S" and word in _FROM:
                src.append(("from", m))
            elif role == "R" and (lex.case_marked or word not in _PLACE_GOALS):
                rcv.append(("to", m))
            continue
        if role != "":
            continue
        if possessor_of_goods(sent, m):
            rcv.append(("poss", m))  # "Colombia's Russian-made helicopters": a past purchase (NEWS_BLIND.md rule 2)
            continue
        case = _case_role(sent, lex, m, "supply", goods[0].end) if lex.case_marked else None
        if case == "R":
            rcv.append(("dative", m))
        elif holds and case in ("N", None) and m.nominative is not False and _holder(sent, m, goods):
            rcv.append(("subj", m))
    if sent.partial:
        return _completed_partials(sent, src, rcv, trace)
    s_refs = {m.ref for _, m in src}
    r_refs = {m.ref for _, m in rcv} - s_refs
    if trace is not None and (src or rcv):
        trace.append(
            f"  fallback: sources {[(m.ref, k) for k, m in src]}, receivers {[(m.ref, k) for k, m in rcv]}"
            + ("" if len(s_refs) == 1 and len(r_refs) == 1 else " -> no frame: not one source and one receiver")
        )
    if len(s_refs) != 1 or len(r_refs) != 1:
        return []
    first = min(w.start for w in goods)
    if cues.has("neg_determiner", max(sent.start, first - 24), first) or cues.has(
        "negation", max(sent.start, first - 24), first
    ):
        # "Никаких беспилотников из Ирана для России нет", "no drones from Iran for Russia": the goods are negated
        if trace is not None:
            trace.append("  fallback: no frame: a negation before the goods")
        return []
    s_kind, s_m = src[0]
    r_kind, r_m = next(c for c in rcv if c[1].ref in r_refs)
    qualified = _goal_of_goods(sent, r_m, _GOAL_AFTER)
    if s_kind == "origin" and r_kind == "to" and not qualified:
        # the goods' origin alone names no event: their goal phrase must qualify them ("Turkish TB2s for the
        # Sudanese army"), not a verb far away ("the cargo will carry them to Poland, where the Spanish vehicles")
        if trace is not None:
            trace.append(f"  fallback: no frame: {r_m.ref} is no goal of the goods (not right after them)")
        return []
    if trig is not None:
        ts, te, _, status, word = trig
    else:
        w = min(goods, key=lambda g: min(abs(g.start - s_m.start), abs(g.start - r_m.start)))
        # without a verb, alleged; whose goods of another make they are, delivered
        status = "delivered" if r_kind == "poss" and s_kind == "origin" else "alleged"
        ts, te, word = w.start, w.end, folded[w.start : w.end]
    clause_start, clause_end, scope = _clause_of(sent, lex, ts, te)
    positions = [ts, te, s_m.start, s_m.end, r_m.start, r_m.end]
    frame = replace(
        _trigger_frame(cls, status, word, ts, te, scope, clause_start, clause_end, False),
        supplier=s_m.ref,
        recipient=r_m.ref,
        span_start=min(positions),
        span_end=max(positions),
        how=f"fallback-{s_kind}>fallback-{r_kind}",
        score=FALLBACK_SCORE,
    )
    if trace is not None:
        trace.append(f"  fallback: {s_m.ref} > {r_m.ref} by {word!r} roles {frame.how}")
    return [frame]
