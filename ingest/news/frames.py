"""Transfer frames: who supplies whom in one sentence, read from a trigger verb and the actors around it.

A trigger (news_lexicon.yaml) says which role its subject plays: `supply` ("Iran delivered drones to Russia"),
`acquire` ("La Russie achète des obus à la Corée du Nord"), `use` ("Iranian-made drones launched by Russia"),
`arm` ("accused Iran of arming the Houthis": the object is armed, the weapons are implied), `find` ("North
Korean shells found in Russian positions": from the weapons' origin to whoever held them). The other party comes
from the preposition before an actor ("to", "à", "an", "из"...), read per trigger class, from a bare object
("supplied Russia with", "поставил России"), or from the origin of the weapons ("armes nord-coréennes",
"Iranian-made drones"). Clauses are cut at subordinators and strong punctuation so arguments stay with their
verb. A clause without a subject of its own takes it from outside: the party an infinitive or nominalization
depends on ("accused Iran of supplying", "обвиняет Пекин в поставках"), the speaker of a report about itself
("Iran said it delivered"), or the owner of the subject noun ("las Fuerzas Armadas de Ucrania recibieron").
Slavic passive participles take their agent in the instrumental ("танки, переданные Польшей Украине").
Pure functions over folded text; offsets are document offsets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise

from ingest.news.cues import SentenceCues
from ingest.news.gazetteer import Mention
from ingest.news.lexicon import Lexicon, RoleTest
from ingest.news.morphology import cases, gerund
from ingest.news.reference import load_yaml
from ingest.news.text import DOC_LITERALS, ending_with
from ingest.news.text import fold as fold_text

__all__ = [
    "PARTY_ROLES",
    "Frame",
    "Sentence",
    "find_frames",
    "implies_arms",
    "origins",
    "party_marked",
    "sentence_cues",
    "trigger_words",
]

_PUNCT = re.compile(r"[;:()\[\]]|\s[—–-]\s|\"")
#: Compass adjectives right before a name ("southern Lebanon", "im östlichen Tschad", "восточной Украины"): a region
#: of the state, a place (`vetoes._regional`).
_COMPASS = (
    r"(?<!\w)(?:north|south|east|west)(?:ern|-eastern|-western)?\s+$|"
    r"(?<!\w)(?:ostlichen|westlichen|nordlichen|sudlichen|восточн\w*|западн\w*|северн\w*|южн\w*|східн\w*|"
    r"західн\w*|північн\w*|південн\w*|wschodni\w*|zachodni\w*|polnocn\w*|poludniow\w*)\s+$"
)
COMPASS = re.compile(_COMPASS)
#: Region adjectives between a preposition and a name ("in eastern Chad", "in occupied Crimea", "to neighbouring
#: Poland"): the preposition before them counts (`_lists_before`).
REGION = re.compile(rf"{_COMPASS}|(?<!\w)(?:central|occupied|neighbou?ring)\s+$")
#: A cheap test before `REGION`: the tail ends with a word that may be a region adjective.
_REGION_HINT = re.compile(
    r"(?:ern|-eastern|-western|central|occupied|ring|lichen|н\w{1,3}|ni\w{1,3}|cn\w{1,3}|ow\w{1,3})\s+$"
)
#: "the regime in X", "le gouvernement à X": a seat of power standing for its state (text ends at the name).
_SEAT = re.compile(
    r"(?:regime|regimen|regierung|government|gouvernement|gobierno|governo|режим\w*|уряд\w*|rzad\w*|wladz\w*|"
    r"власт\w*)\s+(?:in|en|a|em|в|у|w)\s+$"
)
_SEAT_LITERALS = DOC_LITERALS.add(_SEAT)  # most tails hold none of its nouns: no regex search there
#: Words that may stand between a demonym and the weapon it qualifies ("Iranian-made ballistic and cruise
#: missile parts", "Russian Su-30 fighter jets", "иранскими компонентами ракет").
_MODIFIER = re.compile(
    r"(?:-?made|-?built|ballist\w*|cruise|and|et|und|y|e|i|и|і|та|short-range|medium-range|long-range|anti-\w+|"
    r"one-way|unmanned|suicide|loitering|strike|precision|tactical|\w+-[\w-]+|balist\w*|antia\w*|"
    r"attack|kamikaze|combat|fighter|military|advanced|guided|heavy|light|new|modern|[a-zа-я]{1,4}-?\d+\w*|\d+|mm|"
    # Slavic adjectives of kind: "іранських ударних дронів", "иранских баллистических ракет", "крылатых ракет"
    r"ударн\w*|баллистическ\w*|балістичн\w*|крылат\w*|крилат\w*|боев\w*|бойов\w*|беспилотн\w*|безпілотн\w*|"
    r"артиллерийск\w*|артилерійськ\w*|зенитн\w*|зенітн\w*|udarow\w*|balistyczn\w*|bojow\w*|artyleryjsk\w*|"
    r"parts?|components?|composants?|componentes|componenti|piezas|pecas|teile|компонент\w*|комплектующ\w*|"
    r"детал\w*|czesci|elementy)"
)
_MADE = re.compile(r"^\s*(?:-\s*(?:made|built|designed|produced|supplied|manufactured)\s*)?$")
# Words that say "made by" between a weapon and a demonym: "de fabrication iranienne", "aus iranischer
# Produktion".
_PRODUCED = re.compile(
    r"fabric|fabbric|produ|herstell|bauart|производ|виробн|produkc|made|built|origin|origem|origen|herkunft|"
    r"fertigung|pochodzen|происхожд|походж"
)
# A production noun right after the demonym: "drones of Iranian origin", "Raketen aus iranischer Produktion".
_PRODUCED_AFTER = re.compile(
    r"\s+(?:origin|origem|origen|produ|herstell|fertigung|herkunft|fabric|fabbric|manufactur|design|make\b|"
    r"производ|происхожд|виробн|походж|produkc|pochodzen)"
)
_WORDS = re.compile(r"\w+")
#: Portuguese/Spanish/Italian past participles ("entregues", "fornecidos", "enviadas", "feito").
_ROMANCE_PARTICIPLE = re.compile(r"(?:ad[oa]s?|id[oa]s?|ues?|it[oa]s?|ost[oa]s?|at[oiae])$")
_NO_LISTS: frozenset[str] = frozenset()
_SPACES = re.compile(r"\s*")
_WORD_AT_START = re.compile(r"\w*")  # always matches
#: `text.last_word` of a string, read on the string reversed.
_LAST_WORD_BACKWARDS = re.compile(r"\s*(\w*)")


@dataclass(slots=True)
class Sentence:
    """One sentence of a document: offsets, the folded document text, and the mentions inside it."""

    start: int
    end: int
    folded: str
    original: str
    mentions: list[Mention]
    #: Actor mentions that speak or are cited (claimants), never parties.
    speakers: set[int] = field(default_factory=set)
    #: (speaker start, speech verb end) for speakers that are the subject of a speech verb (`Attribution`).
    speaking: tuple[tuple[int, int], ...] = ()
    #: Per mention start, the role lists whose preposition precedes it (`_prep_lists`).
    role_cache: dict[int, frozenset[str]] = field(default_factory=dict)
    #: Where the lexicon's cues can match in this sentence (`sentence_cues`).
    cues: SentenceCues | None = None
    #: When a list: frames with one party only are put here (the other is "", filled from the document by
    #: `ingest.news.context`) instead of being dropped.
    partial: list[Frame] | None = None
    #: No weapon named, but an object pronoun may stand for the weapons of the sentence before ("shipping them").
    pronoun_goods: bool = False
    #: Whether a group-member noun ("rebels", "бойовики") stands anywhere in the sentence (`_institution_before`).
    group_heads: bool | None = None
    #: Whether a "near" phrase stands anywhere in the sentence (`_prep_lists`).
    near_words: bool | None = None
    #: (ref, clause start, clause end, trigger start) -> the mention `vetoes._nearest` picks: every veto of a frame
    #: asks it again for the same party.
    nearest: dict[tuple[str, int, int, int], Mention | None] = field(default_factory=dict)
    #: `origins` of the sentence, read once (frames, backoff and the pair model ask it); never mutated by callers.
    origin_cache: dict[int, str] | None = None
    actors: list[Mention] = field(init=False)
    weapons: list[Mention] = field(init=False)

    def __init__(  # written out: compiled, where the one `dataclass` writes runs as interpreted code
        self,
        start: int,
        end: int,
        folded: str,
        original: str,
        mentions: list[Mention],
        speakers: set[int] | None = None,
        speaking: tuple[tuple[int, int], ...] = (),
        role_cache: dict[int, frozenset[str]] | None = None,
        cues: SentenceCues | None = None,
        partial: list[Frame] | None = None,
        pronoun_goods: bool = False,
        group_heads: bool | None = None,
        near_words: bool | None = None,
        nearest: dict[tuple[str, int, int, int], Mention | None] | None = None,
        origin_cache: dict[int, str] | None = None,
    ) -> None:
        self.start = start
        self.end = end
        self.folded = folded
        self.original = original
        self.mentions = mentions
        self.speakers = set() if speakers is None else speakers
        self.speaking = speaking
        self.role_cache = {} if role_cache is None else role_cache
        self.cues = cues
        self.partial = partial
        self.pronoun_goods = pronoun_goods
        self.group_heads = group_heads
        self.near_words = near_words
        self.nearest = {} if nearest is None else nearest
        self.origin_cache = origin_cache
        self.actors = [m for m in mentions if m.kind == "actor"]
        self.weapons = [m for m in mentions if m.kind == "weapon"]


#: Transfer classes whose participle takes a "by" agent of its own ("MiG-29s delivered by Russia").
_AGENT_VERBS = ("supply", "acquire", "move", "use")


def trigger_words(
    sent: Sentence, lex: Lexicon, classes: Iterable[str], skip: Callable[[str, str], bool] | None = None
) -> dict[int, tuple[int, str, str, str]]:
    """Per start, (end, class, status, word) of the trigger words of `sent` of `classes` that stand outside its
    mentions; the lexicon's first class wins a start. `skip(class, word)` leaves a word out, and another class may
    then take its start."""
    cues = sent.cues or sentence_cues(sent, lex)
    wanted = set(classes)
    out: dict[int, tuple[int, str, str, str]] = {}
    for (_, cls, status), name in zip(lex.triggers, lex.trigger_names, strict=True):
        if cls not in wanted:
            continue
        for ts, te, word in cues.finditer(name):
            if ts in out or any(m.start < te and ts < m.end for m in sent.mentions):
                continue
            if skip is not None and skip(cls, word):
                continue
            out[ts] = (te, cls, status, word)
    return out


def sentence_cues(sent: Sentence, lex: Lexicon) -> SentenceCues:
    """The sentence's cue index for `lex`, built on first use."""
    if sent.cues is None:
        sent.cues = SentenceCues(lex.scanner.index(sent.folded, sent.start, sent.end), sent.start, sent.end)
    return sent.cues


@dataclass(slots=True)
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
    #: How the trigger's clause starts ("start", "punct", "sub", "comp", "rel"): the weapons of a relative clause
    #: may stand right before it ("the drones that Iran sent").
    clause_kind: str = "start"
    #: A phrase interposed between the subject and the trigger (`_interposed`): its cues govern its own verb only.
    interposed_start: int = -1
    interposed_end: int = -1

    def __init__(  # written out: compiled, where the one `dataclass` writes runs as interpreted code
        self,
        supplier: str,
        recipient: str,
        cls: str,
        status: str,
        trigger: str,
        trigger_start: int,
        trigger_end: int,
        scope_start: int,
        clause_start: int,
        clause_end: int,
        span_start: int,
        span_end: int,
        how: str,
        score: float,
        passive: bool = False,
        origin_used: bool = False,
        clause_kind: str = "start",
        interposed_start: int = -1,
        interposed_end: int = -1,
    ) -> None:
        self.supplier = supplier
        self.recipient = recipient
        self.cls = cls
        self.status = status
        self.trigger = trigger
        self.trigger_start = trigger_start
        self.trigger_end = trigger_end
        self.scope_start = scope_start
        self.clause_start = clause_start
        self.clause_end = clause_end
        self.span_start = span_start
        self.span_end = span_end
        self.how = how
        self.score = score
        self.passive = passive
        self.origin_used = origin_used
        self.clause_kind = clause_kind
        self.interposed_start = interposed_start
        self.interposed_end = interposed_end


#: The role lists read for each trigger class, in order of preference.
_ROLES = {
    "supply": ("supply_recipient", "supply_supplier"),
    "acquire": ("acquire_supplier", "acquire_recipient"),
    "use": ("use_recipient",),
    "arm": ("supply_recipient", "supply_supplier"),
    "find": ("destination",),
    # goods that arrive, are moved or seized: the destination is the recipient, "from" or origin the supplier
    "move": ("move_recipient", "destination", "supply_supplier"),
    # "the shells Russia fires come from North Korea": the supplier after the verb, the user before it
    "origin": ("supply_supplier", "acquire_supplier"),
}
#: Classes whose arguments sit in a noun phrase that commas may cut ("Груз из Ирана, предназначенный для России,
#: был задержан"; "Die Drohnen, die Russland einsetzt, stammen aus Iran"): read over the whole sentence.
_SENTENCE_WIDE = frozenset(("move", "origin", "find"))
#: Trigger classes whose subject is an agent (who supplies or receives), so that a missing one can be looked for
#: outside the clause: the controller of an infinitive, the speaker of a report about itself.
_AGENTIVE = frozenset(("supply", "acquire", "arm"))


@dataclass(slots=True)
class _Boundary:
    start: int
    end: int
    kind: str  # "punct" | "sub" | "comp" | "rel"

    def __init__(self, start: int, end: int, kind: str) -> None:  # compiled (see `Frame.__init__`)
        self.start = start
        self.end = end
        self.kind = kind


#: A genitive relative pronoun after a comma ("NASAMS, deren Lieferung", "Russia, whose army", "dont", "cuyo",
#: "il cui", "чей", "чий", "których"): it opens a relative clause with its own subject.
_GENITIVE_RELATIVE = re.compile(
    r",\s*((?:deren|dessen|whose|dont|cuy[oa]s?|il cui|la cui|i cui|le cui|cuj[oa]s?|чей|чья|чье|чьи|чии|чия|чиє|чиї|"
    r"ktorego|ktorej|ktorych))(?!\w)"
)


#: The characters `_PUNCT` matches (alone, or a dash between white space).
_PUNCT_CHARS = re.compile(r'[;:()\[\]"—–-]')


def _punct_bounds(folded: str, start: int, end: int) -> list[_Boundary]:
    """The boundaries `_PUNCT.finditer(folded, start, end)` finds, told from its characters alone (a search for a
    few characters skips the spaces, where `_PUNCT`, one branch of which starts with white space, stops at each): a
    dash counts with white space on both sides that no match before it took."""
    out: list[_Boundary] = []
    last = start
    for m in _PUNCT_CHARS.finditer(folded, start, end):
        i = m.start()
        if folded[i] in "—–-":
            if i - 1 >= last and i + 1 < end and folded[i - 1].isspace() and folded[i + 1].isspace():
                out.append(_Boundary(i - 1, i + 2, "punct"))
                last = i + 2
        elif i >= last:
            out.append(_Boundary(i, i + 1, "punct"))
            last = i + 1
    return out


def _boundaries(sent: Sentence, lex: Lexicon) -> list[_Boundary]:
    out = _punct_bounds(sent.folded, sent.start, sent.end)
    if any(sent.folded[b.start] == '"' for b in out):
        # Quotes around a name («Хезболла», "Wagner") are part of the name, not a clause boundary; nor are quotes
        # around a word or two inside a phrase (with "hundreds" of drones, "so-called" volunteers).
        edges = {m.start - 1 for m in sent.mentions} | {m.end for m in sent.mentions}
        quotes = [b.start for b in out if sent.folded[b.start] == '"']
        short: set[int] = set()
        for a, b in zip(quotes[::2], quotes[1::2], strict=False):
            if len(sent.folded[a + 1 : b].split()) <= 3:
                short |= {a, b}
        out = [b for b in out if not (sent.folded[b.start] == '"' and (b.start in edges or b.start in short))]
    if "," in sent.folded[sent.start : sent.end]:
        # ", deren Lieferung Washington angekündigt hat", ", whose delivery": a relative clause of its own
        hits = _GENITIVE_RELATIVE.finditer(sent.folded, sent.start, sent.end)
        out.extend(_Boundary(m.start(1), m.end(1), "rel") for m in hits)
    comp = lex.cues.get("complementizers")
    rel = lex.cues.get("relatives")
    for start, end, word in (sent.cues or sentence_cues(sent, lex)).finditer("subordinators"):
        kind = "sub"
        if comp is not None and comp.fullmatch(word):
            kind = "comp"
        elif rel is not None and rel.fullmatch(word):
            kind = "rel"
        out.append(_Boundary(start, end, kind))
    out.sort(key=lambda b: b.start)
    return out


#: Role lists that name a party of a transfer; a mention after a preposition of none of them is a place or a
#: circumstance ("in Ukraine", "against Kyiv"), never a party (`context`, `designations`, `modality.attribution`).
PARTY_ROLES = frozenset(
    ("supply_recipient", "supply_supplier", "acquire_supplier", "acquire_recipient", "move_recipient", "destination")
)


def party_marked(sent: Sentence, m: Mention, lex: Lexicon) -> bool:
    """Whether the preposition right before `m` names a party of a transfer (one of `PARTY_ROLES`)."""
    found = sent.role_cache.get(m.start)
    if found is None:
        sent.role_cache[m.start] = found = _prep_lists(sent, m, lex)
    return not found.isdisjoint(PARTY_ROLES)


def prep_role(sent: Sentence, m: Mention, lex: Lexicon, roles: tuple[str, ...]) -> str:
    """Which role list the preposition right before `m` belongs to: a name from `roles`, "genitive", "other",
    or "bare" (no preposition)."""
    found = sent.role_cache.get(m.start)
    if found is None:
        sent.role_cache[m.start] = found = _prep_lists(sent, m, lex)
    for name in (*roles, "genitive"):
        if name in found:
            return name
    return "other" if found else "bare"  # a preposition of another class: not a bare subject or object


def _prep_lists(sent: Sentence, m: Mention, lex: Lexicon) -> frozenset[str]:
    """The role lists whose preposition (and article) ends the text right before `m`, read through an institution
    noun the party owns: "au gouvernement de Tripoli", "par l'armée russe", "від армії США", "to the armed forces
    of Ukraine" take the role of the preposition before the noun ("à", "par", "від", "to")."""
    if sent.near_words is None:
        sent.near_words = (
            DOC_LITERALS.within(_NEAR_LITERALS, sent.folded, sent.start, sent.end)
            and _NEAR_ANY.search(sent.folded, sent.start, sent.end) is not None
        )
    if sent.near_words and _NEAR.search(sent.folded, max(sent.start, m.start - 24), m.start) is not None:
        return _NEAR_LIST
    found = _lists_before(sent, m.start, lex)
    if found and "genitive" not in found:
        return found
    inst = _institution_before(sent, m.start, lex, bool(found))
    if inst is None:
        return found
    if lex.case_marked and _tail_word(sent.folded[max(sent.start, inst - 6) : inst]) in CASED_GOALS:
        return found  # "в армии России" is a place: the case of the noun, not the name, tells goal from place
    outer = _lists_before(sent, inst, lex)
    return outer or found


#: Nouns for the members of an armed group, before the group's name ("aux rebelles houthis", "ai miliziani di
#: Hezbollah", "бойовикам ХАМАС"): read through like an institution noun (folded stems, every language).
_GROUP_HEAD = re.compile(
    r"(?<!\w)(?:rebels?|militants?|fighters?|militias?|paramilitar\w*|rebelles?|milicien\w*|combattants?|"
    r"rebellen|milizen|miliz|kämpfer|rebeldes?|milician\w*|combatientes?|ribelli|milizian\w*|combattenti|"
    r"combatentes?|боевик\w*|повстанц\w*|мятежник\w*|бойовик\w*|bojownik\w*|rebeliant\w*|milicj\w*)(?!\w)"
)
_GROUP_HEAD_LITERALS = DOC_LITERALS.add(_GROUP_HEAD)
#: Nothing or one short word (an article) between an institution noun and a name that needs no preposition.
_ARTICLE_GAP = re.compile(r"\s*(?:\w{1,3}\s+)?")
#: Slavic prepositions that mean "to" or "in" by the case of their noun: goal in the accusative, place otherwise.
CASED_GOALS = frozenset(("в", "во", "на", "у", "w", "we", "na"))
#: What may stand between an institution noun and its owner's name: a genitive preposition and an article
#: ("de la", "of the", "della", "do"), or nothing (a postposed demonym, a Slavic genitive).
_OWNER_GAP = re.compile(r"\s*(?:\w{1,5}\s+)?(?:\w{1,5}\s+|\w{1,4}'\s*)?")


def _institution_before(sent: Sentence, at: int, lex: Lexicon, genitive: bool) -> int | None:
    """The start of an institution noun (`institutions`: army, government, armed forces...) right before the
    name at `at`, through a genitive preposition when `genitive` (else directly: "l'armée russe", "армії США")."""
    cues = sent.cues or sentence_cues(sent, lex)
    lo = max(sent.start, at - 40)
    hits = cues.finditer("institutions", lo, at) if cues.has("institutions", lo, at) else ()
    if sent.group_heads is None:
        sent.group_heads = (
            DOC_LITERALS.within(_GROUP_HEAD_LITERALS, sent.folded, sent.start, sent.end)
            and _GROUP_HEAD.search(sent.folded, sent.start, sent.end) is not None
        )
    group = (
        next(reversed(list(_GROUP_HEAD.finditer(sent.folded, lo, at))), None)
        if sent.group_heads and DOC_LITERALS.within(_GROUP_HEAD_LITERALS, sent.folded, lo, at)
        else None
    )
    if group is not None and (not hits or group.end() > hits[-1][1]):
        start, end = group.start(), group.end()
    elif hits:
        end = max(h[1] for h in hits)
        start = min(h[0] for h in hits if h[1] == end)
        for h in reversed(hits):  # "forces armées": one noun phrase of two institution words
            if h[1] <= start and not sent.folded[h[1] : start].strip():
                start = h[0]
    else:
        return None
    gap = sent.folded[end:at]
    if not genitive:  # "l'armée russe", "армії США", "die Streitkräfte der Ukraine"
        return start if _ARTICLE_GAP.fullmatch(gap) else None
    return start if "," not in gap and gap.strip() and _OWNER_GAP.fullmatch(gap) is not None else None


#: "Near X" (folded, every language): a place by X, whatever a shorter preposition at its end says ("près d'Ankara"
#: is no "from Ankara"); read as where goods went (`move_recipient`), never as a source.
_NEAR_WORDS = "|".join(
    re.escape(fold_text(w))
    for w in (
        "near", "close to", "outside", "on the outskirts of", "près de", "près d'", "non loin de", "aux abords de",
        "nahe", "in der Nähe von", "unweit von", "cerca de", "en las afueras de", "junto a", "vicino a",
        "vicino ad", "nei pressi di", "perto de", "nos arredores de", "под", "возле", "около", "вблизи", "під",
        "біля", "поблизу", "pod", "koło", "niedaleko", "w pobliżu",
    )
)
_NEAR = re.compile(rf"(?<!\w)(?:{_NEAR_WORDS})(?:\s+(?:the|la|le|les|l'|el|los|las|il|lo|o|a|os|as|der|dem|den))?\s*$")
#: Any "near" word in a sentence: most have none, and then no tail needs the test.
_NEAR_ANY = re.compile(rf"(?<!\w)(?:{_NEAR_WORDS})")
_NEAR_LITERALS = DOC_LITERALS.add(_NEAR_ANY)  # one pass per document finds the sentences that may hold one
_NEAR_LIST = frozenset(("move_recipient",))


def _lists_before(sent: Sentence, at: int, lex: Lexicon) -> frozenset[str]:
    """The role lists whose preposition (and article) ends the text right before offset `at`."""
    tail = sent.folded[max(sent.start, at - 24) : at]
    # `_REGION_HINT` ends in `\s+$`, so a match ends where the tail's trailing whitespace starts and begins at most
    # 8 characters before: searching from there finds what a search of the whole tail finds.
    core = len(tail.rstrip())
    if core < len(tail) and _REGION_HINT.search(tail, max(0, core - 8)):
        # "in eastern Chad", "w zachodniej": the preposition before the region word counts
        tail = REGION.sub(" ", sent.folded[max(sent.start, at - 36) : at])[-24:]
    backwards = tail[::-1]  # read from the mention back, so that every pattern is anchored
    articles = lex.articles_backwards
    if articles is None:
        tests: Iterable[RoleTest] = lex.role_tests
    else:
        # A list can match only if one of its prepositions ends the tail, or ends it before an article.
        stripped = backwards.lstrip()
        by_final = lex.roles_by_final_backwards
        found = by_final.get(_lead_word(stripped), ())
        if stripped.startswith(articles):  # one test for all the articles: most tails end with none
            for article in articles:
                if stripped.startswith(article):
                    rest = stripped[len(article) :].lstrip()
                    more = by_final.get(_lead_word(rest))
                    if more:
                        found = more if not found else (*found, *more)
        tests = (*lex.roles_any_final, *found) if lex.roles_any_final else found
        if not tests:
            return _NO_LISTS
    names = [
        name
        for name, forward, reverse in tests
        if (reverse.match(backwards) if reverse is not None else forward.search(tail))
    ]
    return frozenset(names) if names else _NO_LISTS


#: A word that is an article and, folded, a preposition: Portuguese "a" (the) and "à"/"a" (to). Before a name
#: after the trigger it is the preposition ("entregues a Moscou", "forneceram mísseis a Kiev"); a state after
#: the verb is not its object, weapons are.
_ARTICLE_PREPOSITIONS = {"pt": ("a", "à")}


def _article_preposition(sent: Sentence, m: Mention, lex: Lexicon) -> frozenset[str]:
    """The role lists of the preposition an article-preposition before `m` stands for (empty when none)."""
    article, preposition = _ARTICLE_PREPOSITIONS[lex.lang]
    tail = sent.folded[max(sent.start, m.start - 24) : m.start]
    if not tail.endswith(f" {article} "):
        return _NO_LISTS
    tail = tail[: -len(article) - 1] + preposition + " "
    return frozenset(name for name, forward, _ in lex.role_tests if forward.search(tail))


def _lead_word(text: str) -> str:
    """The word characters `text` starts with."""
    found = _WORD_AT_START.match(text)  # always matches
    return found.group() if found else ""


def _tail_word(text: str) -> str:
    """`text.last_word(text)`, read on the reversed string."""
    found = _LAST_WORD_BACKWARDS.match(text[::-1])  # always matches
    return found.group(1)[::-1] if found else ""


#: Roles a frame reads from a preposition of its own (not its subject, object or the document).
_PREP_ROLES = frozenset(("from", "to", "dest"))


def _after_acquisition(sent: Sentence, lex: Lexicon, te: int, parties: list[Mention]) -> set[int]:
    """Starts of the parties that follow, within four words and no comma, an acquisition verb standing after the
    trigger ending at `te` ("ordinate da Doha a Fincantieri", "commandées par Doha à Fincantieri")."""
    found: set[int] = set()
    for start, (end, _, _, _) in trigger_words(sent, lex, ("acquire",)).items():
        if start < te:
            continue
        for m in parties:
            if m.start >= end:
                gap = sent.folded[end : m.start]
                if "," in gap or _gap_words(gap) > 4:
                    break
                found.add(m.start)
    return found


def _gap_words(text: str) -> int:
    return len(_WORDS.findall(text))


def origins(sent: Sentence, lex: Lexicon) -> dict[int, str]:
    """Actor mentions that name where weapons come from, keyed by mention start: demonyms next to a weapon
    ("armes nord-coréennes", "Iranian-made drones"), possessives ("Iran's drones"), "made in X". Read once per
    sentence (`Sentence.origin_cache`); callers never change the mapping."""
    if sent.origin_cache is None:
        sent.origin_cache = _origins(sent, lex)
    return sent.origin_cache


def _origins(sent: Sentence, lex: Lexicon) -> dict[int, str]:
    weapons = sent.weapons
    found: dict[int, str] = {}
    if not weapons:
        return found  # only "arm" verbs make frames without weapons, and they take no origin
    made_in_end, finals = lex.made_in_end, lex.made_in_finals
    if made_in_end is not None and (sent.cues or sentence_cues(sent, lex)).lacks_around(
        "made_in", (max(sent.start, m.start - 30) for m in sent.actors)
    ):
        made_in_end = None  # no "made in" cue anywhere in the sentence (nor in a word a tail cuts)
    sponsored = (
        DOC_LITERALS.within(_SPONSOR_LITERALS, sent.folded, sent.start, sent.end)
        and _SPONSOR_ANY.search(sent.folded, sent.start, sent.end) is not None
    )
    made_after = lex.cues.get("made_after")
    for m in sent.actors:
        after = sent.folded[m.end : m.end + 3]
        possessive = after.startswith("'s") or after.startswith("' ")
        if made_in_end is not None:
            tail = sent.folded[max(sent.start, m.start - 30) : m.start]
            if (finals is None or _tail_word(tail) in finals) and made_in_end.search(tail):
                found[m.start] = m.ref
                continue
        if made_after is not None and _made_after(sent, m, lex, made_after):
            found[m.start] = m.ref  # "in Iran hergestellte Drohnen", "die in Iran produziert wurden"
            continue
        if sponsored and _sponsors(sent, m):
            found[m.start] = m.ref
            continue
        abbreviation = m.text.isupper() and len(m.text) <= 4 and m.text.isalpha()  # "US drones", "UK missiles"
        if not (m.demonym or possessive or abbreviation):
            continue
        governed = prep_role(sent, m, lex, ()) == "other" and not possessive
        for w in weapons:
            if w.start >= m.end:  # "North Korean shells", "Iranian-made drones", "Iran's drones"
                gap = sent.folded[m.end : w.start]
                if possessive:
                    gap = gap[2:]
                ok = bool(_MADE.match(gap))
                if ok and abbreviation and not (m.demonym or possessive):
                    ok = not gap.strip() or gap.startswith("-")  # "US drones", "US-made": right before the weapon
                if not ok and m.demonym and "," not in gap:  # "Iranian-made ballistic and cruise missile parts"
                    words = gap.split()
                    ok = 0 < len(words) <= 3 and all(_MODIFIER.fullmatch(x) for x in words)
            elif m.demonym and w.end <= m.start:  # "armes nord-coréennes", "drones de fabrication iranienne"
                gap = sent.folded[w.end : m.start]  # words split at spaces: "caças J-10C de origem chinesa"
                ok = "," not in gap and (not gap.strip() or (len(gap.split()) <= 3 and bool(_PRODUCED.search(gap))))
                if not ok and "," not in gap:  # "missili balistici cinesi": adjectives of kind before the demonym
                    words = gap.split()
                    ok = 0 < len(words) <= 2 and all(_MODIFIER.fullmatch(x) for x in words)
                if (
                    not ok
                    and "," not in gap
                    and _gap_words(gap) <= 1
                    and _PRODUCED_AFTER.match(sent.folded, m.end) is not None
                ):
                    # "drones of Iranian origin", "Raketen aus amerikanischer Produktion": the production noun
                    # after the demonym (the preposition governs that noun, not a party)
                    found[m.start] = m.ref
                    break
            else:
                ok = False
            if ok and governed and not (m.demonym and w.start >= m.end):
                ok = False  # "to the Russian army": a party introduced by a preposition, not the weapons' origin
            if ok:  # "с иранскими компонентами ракет": the preposition governs the weapons, not the demonym
                found[m.start] = m.ref
                break
    if found or not sent.cues or not sent.cues.has("carriers"):
        return found
    # no origin next to the weapons: the carrier's demonym stands in, unless a party comes "from" somewhere ("un
    # frachtowiec libański ... z Turcji do Libii": the freighter's state only carries)
    supplying = ("supply_supplier", "acquire_supplier")
    if any(prep_role(sent, m, lex, supplying) in supplying for m in sent.actors):
        return found
    return carrier_origins(sent, lex)


#: Programmes that pay for or send weapons ("the Czech-led ammunition initiative", "US military aid",
#: "l'iniziativa ceca", "amerykańskiej pomocy wojskowej"), folded stems in every language.
_SPONSOR_NOUN = (
    r"(?:aid|assistance|initiative|package|programme|program|hilfe|militarhilfe|initiativ\w*|paket\w*|aide|"
    r"ayuda|iniciativa|paquete|aiut[oi]|iniziativa|pacchetto|ajuda|pacote|помощ\w*|инициатив\w*|"
    r"допомог\w*|ініціатив\w*|pomoc\w*|inicjatyw\w*|pakiet\w*)(?!\w)"
)
_SPONSOR_ANY = re.compile(rf"(?<!\w){_SPONSOR_NOUN}")
_SPONSOR_LITERALS = DOC_LITERALS.add(_SPONSOR_ANY)
_MILITARY = r"(?:military|security|ammunition|militar\w*|militaire\w*|военн\w*|військов\w*|wojskow\w*)"
#: The sponsor right before the programme noun ("Czech-led initiative", "US military aid", "amerykańskiej pomocy").
_SPONSOR_AFTER = re.compile(rf"(?:-led|-funded|-financed)?(?:\s+{_MILITARY})?\s+{_SPONSOR_NOUN}")
#: The programme noun right before the sponsor's adjective ("iniziativa ceca", "ajuda militar americana").
_SPONSOR_BEFORE = re.compile(rf"(?<!\w){_SPONSOR_NOUN}(?:\s+{_MILITARY})?\s+$")


def _made_after(sent: Sentence, m: Mention, lex: Lexicon, made_after: re.Pattern[str]) -> bool:
    """Whether a participle of making follows place name `m` right after it, in verb-final order ("in Iran
    hergestellte Drohnen", "w Iranie wyprodukowane drony"): `m` is where the goods were made."""
    folded = sent.folded
    return (
        folded[m.end : m.end + 1] == " "
        and made_after.match(folded, m.end + 1) is not None
        and prep_role(sent, m, lex, ()) == "other"
    )


#: Languages whose adjective follows its noun ("il gruppo libanese"); the others put it before ("ливанским боевикам").
ADJ_AFTER = ("fr", "es", "it", "pt")


def qualifies(m: Mention, sent: Sentence, lex: Lexicon, nouns: str) -> bool:
    """Whether adjective mention `m` stands right next to a `nouns` cue (group or place nouns), on the side its
    language puts adjectives: "paramilitari sudanesi", "ливанским боевикам", "in einem polnischen Hafen"."""
    cues = sent.cues
    if cues is None or not (m.demonym or m.text[:1].islower()):
        return False  # a name, not an adjective ("the fighters India bought": India is the subject)
    folded = sent.folded
    if lex.lang in ADJ_AFTER:
        before = cues.finditer(nouns, max(sent.start, m.start - 30), m.start)
        return bool(before) and not folded[before[-1][1] : m.start].strip()
    after = cues.search(nouns, m.end, min(sent.end, m.end + 30))
    return after is not None and not folded[m.end : after[0]].strip()


#: Words that may stand between a flag noun and the name of its state ("under the flag of Panama", "sous pavillon de
#: la Bolivie"); folded.
_FLAG_OF = frozenset(("of", "the", "de", "du", "la", "l'", "der", "von", "del", "di", "della", "do", "da"))


#: Open registries, the flags of convenience of the International Transport Workers' Federation's list (North Korea
#: left out: its flagged ships carry its own cargo): a ship under one says nothing about who ships its goods. A
#: national flag may ("судна під російським прапором доставляють танки до Малі": the state's own ships).
OPEN_REGISTRIES = frozenset(
    (
        "AG", "BS", "BB", "BZ", "BM", "BO", "KH", "KY", "KM", "CK", "CY", "GQ", "FO", "GE", "GI", "HN", "JM", "LB",
        "LR", "MT", "MH", "MU", "MD", "MN", "MM", "CW", "PA", "ST", "VC", "LK", "TO", "VU", "TZ", "TG", "SL", "PW",
    )
)  # fmt: skip


def flagged(m: Mention, sent: Sentence, lex: Lexicon) -> bool:
    """Whether `m` names the open-registry flag a ship flies ("Bolivian-flagged", "sous pavillon bolivien", "под
    флагом Панамы", "under the flag of Panama"): a registry, no side of the transfer."""
    cues = sent.cues
    if cues is None or m.ref not in OPEN_REGISTRIES or not cues.has("flag_nouns"):
        return False
    if qualifies(m, sent, lex, "flag_nouns"):
        return True
    after = cues.search("flag_nouns", m.end, min(sent.end, m.end + 12))
    if after is not None and after[0] == m.end:
        return True  # "Panama-flagged"
    before = cues.finditer("flag_nouns", max(sent.start, m.start - 30), m.start)
    return bool(before) and all(w in _FLAG_OF for w in sent.folded[before[-1][1] : m.start].split())


def carrier_origins(sent: Sentence, lex: Lexicon) -> dict[int, str]:
    """Demonyms qualifying the ship, cargo plane, truck or cargo that carries the sentence's weapons ("an Iranian
    dhow carrying anti-tank missiles", "Північнокорейське судно з ракетами"), keyed by mention start: a weak sign of
    the goods' origin (`origins` reads it when nothing else names one; `context` completes a frame with it). A flag
    is no origin."""
    cues = sent.cues or sentence_cues(sent, lex)
    if not cues.has("carriers"):
        return {}
    return {
        m.start: m.ref
        for m in sent.actors
        if m.demonym and qualifies(m, sent, lex, "carriers") and not flagged(m, sent, lex)
    }


def _sponsors(sent: Sentence, m: Mention) -> bool:
    """Whether `m` names who runs or pays for an aid programme or initiative ("the Czech-led initiative", "US
    military aid", "l'iniziativa ceca"): the programme's goods come from it."""
    folded = sent.folded
    led = folded.startswith(("-led", "-funded", "-financed"), m.end)
    if not (m.demonym or led or (m.text.isupper() and len(m.text) <= 4)):
        return False
    if _SPONSOR_AFTER.match(folded, m.end, min(sent.end, m.end + 40)) is not None:
        return True
    return m.demonym and _SPONSOR_BEFORE.search(folded, max(sent.start, m.start - 30), m.start) is not None


def _qualifies_origin(sent: Sentence, origin: dict[int, str], ts: int) -> bool:
    """The trigger at `ts` stands right after an origin mention or a weapon with its origin next to it."""
    folded = sent.folded
    for m in sent.actors:
        if m.start in origin and m.end <= ts and not folded[m.end : ts].strip():
            return True
    for w in sent.weapons:
        if w.end <= ts and not folded[w.end : ts].strip():
            return any(
                m.start in origin and m.end <= w.start and _gap_words(folded[m.end : w.start]) == 0
                for m in sent.actors
            )
    return False


def _conjuncts(sent: Sentence, m: Mention, pool: list[Mention], lex: Lexicon) -> list[Mention]:
    """`m` and the actors joined to it by "and"/"et"/"und"... ("Iran and North Korea supplied ...")."""
    conj = lex.cues.get("conj")
    out = [m]
    if conj is None:
        return out
    ordered = pool  # mentions come in text order
    if m not in ordered:
        return out  # a speaker standing in as the subject: not among the parties
    idx = ordered.index(m)
    joined = False  # a list needs a conjunction somewhere ("A, B and C"): "to Russia, US officials said" is none
    for step in (-1, 1):
        j = idx
        while 0 <= j + step < len(ordered):
            a, b = (ordered[j + step], ordered[j]) if step < 0 else (ordered[j], ordered[j + step])
            link = _list_link(sent.folded[a.end : b.start], conj)
            if link is None:
                break
            joined = joined or link != "comma"
            out.append(ordered[j + step])
            j += step
    return out if joined else [m]


#: The most words a gapped conjunct's goods phrase may hold ("and 12 Mi-171 transport helicopters from").
_GAPPED_WORDS = 8


def _gapped(sent: Sentence, m: Mention, pool: list[Mention], lex: Lexicon, role_of: dict[int, str]) -> list[Mention]:
    """The parties of gapped conjuncts after `m`: a conjunction or a list comma, goods of their own, and the same
    preposition role as `m` ("from Turkey and helicopters from Russia", "у Турции и вертолеты у России", "dal Regno
    Unito, 18 caccia dai Paesi Bassi"). No other party or trigger word between."""
    conj = lex.cues.get("conj")
    role = role_of.get(m.start)
    if conj is None or role is None or role in ("bare", "other", "genitive") or m not in pool:
        return []
    out: list[Mention] = []
    triggers: dict[int, tuple[int, str, str, str]] | None = None  # read once, only when a gap qualifies otherwise
    for step in (1, -1):  # after `m`, and before it where the verb comes last ("aus der Türkei und ... aus Russland")
        idx = pool.index(m)
        while 0 <= idx + step < len(pool):
            a, b = (pool[idx], pool[idx + step]) if step > 0 else (pool[idx + step], pool[idx])
            gap = sent.folded[a.end : b.start]
            head = _CONJ_HEAD.match(gap)
            # a conjunction opens the gap, or a comma does in a list ("tre fregate dal Regno Unito, 18 caccia dai
            # Paesi Bassi e ...": each item repeats the role with goods of its own)
            if (
                head is None
                or (conj.fullmatch(head.group(1)) is None and not gap.lstrip().startswith(","))
                or role_of.get(pool[idx + step].start) != role
                or _gap_words(gap) > _GAPPED_WORDS
                or not any(a.end < w.start and w.end <= b.start for w in sent.weapons)
            ):
                break
            if triggers is None:
                triggers = trigger_words(sent, lex, _AGENT_VERBS)
            if any(a.end <= t < b.start for t in triggers):
                break
            out.append(pool[idx + step])
            idx += step
    return out


#: The conjunction opening a gap (after an optional comma): its first word.
_CONJ_HEAD = re.compile(r"\s*,?\s*(\w+)\s")


def _list_link(raw: str, conj: re.Pattern[str]) -> str | None:
    """How the text between two list members links them: "comma" ("Germany, the United States"), "conj" ("and",
    "und der"), "comma-conj" (", and": a list's last member, or a clause of its own), None when it is no list."""
    if raw.strip() == "," or ("," in raw and _COMMA_ARTICLE.fullmatch(raw) is not None):
        return "comma"
    gap = raw.strip(" ,")
    if conj.fullmatch(gap) is None and not _conj_with_function_words(conj, gap):
        return None
    return "comma-conj" if "," in raw else "conj"


def _share_roles(sent: Sentence, lex: Lexicon, parties: list[Mention], role_of: dict[int, str]) -> None:
    """A bare party listed right after a party with a preposition shares it: "aus Serbien, Kroatien und der
    Slowakei", "from Serbia, Croatia and Slovakia" are all sources, none a bare subject or object. A list is parties
    joined by commas and a conjunction with no comma before it: ", and" opens a clause ("to Russia, and North Korea
    sent"). Not where case marks each conjunct's role itself ("в Індонезії, Іраку ..., а Малайзія замовила": the
    nominative is the subject)."""
    conj = lex.cues.get("conj")
    if conj is None or lex.case_marked:
        return
    chain: list[Mention] = parties[:1]
    joined = False  # whether a conjunction links the chain (a comma alone may end a fronted phrase)
    for prev, m in pairwise(parties):
        link = _list_link(sent.folded[prev.end : m.start], conj)
        if link in ("comma", "conj"):
            chain.append(m)
            joined = joined or link == "conj"
            continue
        _share_chain(chain, joined, role_of)
        chain, joined = [m], False
    _share_chain(chain, joined, role_of)


def _share_chain(chain: list[Mention], joined: bool, role_of: dict[int, str]) -> None:
    if not joined or len(chain) < 2:
        return
    role = role_of[chain[0].start]
    if role in ("bare", "other", "genitive"):
        return  # the list's first member has no role preposition to share
    for m in chain[1:]:
        if role_of[m.start] == "bare":
            role_of[m.start] = role


def _unconceded(
    sent: Sentence, cues: SentenceCues, triggers: list[tuple[int, int, str, str, str]]
) -> list[tuple[int, int, str, str, str]]:
    """Triggers inside a concessive phrase ("despite US warnings to Tehran not to ship them", up to the next comma)
    belong to what is conceded, not to the claim, when a trigger stands before the phrase."""
    folded = sent.folded
    out = triggers
    for start, end, _ in cues.finditer("concessive"):
        comma = folded.find(",", end, sent.end)
        stop = comma if comma != -1 else sent.end
        if any(t[1] <= start for t in out):
            out = [t for t in out if not start <= t[0] < stop]
    return out


#: A comma and an article between two names of a list ("Deutschland, die USA und ...", "l'Iran, la Corée du Nord").
_COMMA_ARTICLE = re.compile(r"\s*,\s*(?:\w{1,3}\s+|\w'\s*)")


def _conceded(sent: Sentence, lex: Lexicon, ts: int) -> list[tuple[int, int]]:
    """The concessive phrases of the sentence ("despite US warnings to Tehran", "pese a las amenazas de
    Washington"; from the cue to the next comma) that do not hold the trigger at `ts`."""
    cues = sent.cues or sentence_cues(sent, lex)
    if not cues.has("concessive"):
        return []
    out = []
    for start, end, _ in cues.finditer("concessive"):
        comma = sent.folded.find(",", end, sent.end)
        stop = comma if comma != -1 else sent.end
        if not start <= ts < stop:
            out.append((start, stop))
    return out


def _conj_with_function_words(conj: re.Pattern[str], gap: str) -> bool:
    """ "and the", "et la", "y de", "und aus", "и от": a conjunction, then an article or a repeated preposition."""
    if len(gap) > 18:
        return False
    words = gap.split()
    return 2 <= len(words) <= 3 and bool(conj.fullmatch(words[0])) and all(len(w) <= 5 for w in words[1:])


#: Articles of the nine languages, folded: a word right after one is a noun or an adjective, not a verb ("saisit
#: des" is a verb with its object, "une partie des armes" a share, "twenty used F-16s" an adjective).
DETERMINERS = frozenset(
    ("des", "les", "le", "la", "un", "une", "the", "a", "an", "los", "las", "el", "il", "gli", "os", "as", "o", "die",
     "der", "den")
)  # fmt: skip


def _noun_homograph(sent: Sentence, cues: SentenceCues, ts: int, te: int) -> bool:
    """Whether the trigger word at ts is a noun the lexicon lists (`noun_homographs`) right after a determiner."""
    if not cues.has("noun_homographs", ts, te):
        return False
    before = sent.folded[max(sent.start, ts - 12) : ts].split()
    return bool(before) and before[-1] in DETERMINERS


def _modifier(m: Mention, ts: int, te: int) -> bool:
    """A weapon term that is the first part of a compound transfer noun ("Waffenlieferungen",
    "Munitionslieferungen", "Drohnenkauf"): it names the goods and leaves the trigger whole."""
    return m.kind == "weapon" and ts <= m.start and m.end < te


def find_frames(sent: Sentence, lex: Lexicon) -> list[Frame]:
    """Every (supplier, recipient) frame the sentence's triggers support. O(triggers × mentions)."""
    actors = [m for m in sent.actors if m.start not in sent.speakers]
    if not actors or not (sent.weapons or sent.pronoun_goods or implies_arms(sent, lex)):
        return []
    cues = sent.cues or sentence_cues(sent, lex)
    triggers: list[tuple[int, int, str, str, str]] = []
    mentions = sent.mentions
    present = cues.present
    for index, name, cls, status in lex.trigger_classes:  # in any order: the triggers are sorted below
        if present is not None and index is not None and index not in present:
            continue  # no word of this list in the sentence
        for ts, te, word in cues.finditer(name):
            for m in mentions:
                if (
                    m.start < te
                    and ts < m.end
                    and not (cls == "arm" and m.kind == "weapon")
                    and not _modifier(m, ts, te)
                ):
                    break  # part of a name or weapon term (but "в озброєнні" is both "arming" and "arms")
            else:
                if cls == "arm" and _next_to_weapon(sent, ts, te, lex.verb_final):
                    continue  # "armed drones", "drones armés", "bewaffnete Drohnen": an adjective, not a verb
                if _noun_homograph(sent, cues, ts, te):
                    continue  # "une partie des armes": a share, not goods that left
                triggers.append((ts, te, cls, status, word))
    if not triggers:
        return []
    triggers.sort()
    if len(triggers) > 1:
        triggers = _outermost(triggers)
    if len(triggers) > 1 and cues.has("concessive"):
        triggers = _unconceded(sent, cues, triggers)
    origin = origins(sent, lex)
    parties = [m for m in actors if m.start not in origin]
    if len(parties) > 1:  # "Sudan's Rapid Support Forces": the state only says whose forces they are
        parties = [
            m
            for i, m in enumerate(parties)
            if not (
                i + 1 < len(parties)
                and sent.folded[m.end : m.end + 3] in ("'s ", "' s")
                and parties[i + 1].start == m.end + 3
            )
        ]
    bounds = _boundaries(sent, lex)
    frames: list[Frame] = []
    for ts, te, cls, status, word in triggers:
        if cls == "contract":  # "R signed with S a contract for W": roles from the deal's words (`_contract`)
            frames.extend(_contract(sent, lex, parties, origin, ts, te, word))
            continue
        frame = _frame(sent, lex, bounds, parties, origin, ts, te, cls, status, word)
        frames.extend(frame)
    if len(triggers) > 1 and frames and not lex.case_marked:
        frames = _sellers_kept(sent, frames, triggers)
    return _resolve_conflicts(_ungoverned(sent, frames), _unasserted_test(sent, lex), _unarmed_test(sent, frames))


def _next_to_weapon(sent: Sentence, ts: int, te: int, verb_final: bool) -> bool:
    """Whether a weapon term stands right after the word at [ts, te) ("armed drones"), or right before it ("drones
    armés") where the verb does not close its clause ("die Hisbollah mit Raketen aufzurüsten" is a verb); nothing but
    spaces between."""
    folded = sent.folded
    return any(
        (w.start >= te and not folded[te : w.start].strip())
        or (not verb_final and w.end <= ts and not folded[w.end : ts].strip())
        for w in sent.weapons
    )


def _outermost(triggers: list[tuple[int, int, str, str, str]]) -> list[tuple[int, int, str, str, str]]:
    """`triggers` without those inside a longer trigger of another class: "pris livraison", "took delivery",
    "tomó posesión" receive; their noun ("livraison", "delivery") is no supply of its own (it took the subject as
    supplier: "l'Algérie aurait pris livraison des chasseurs russes" read DZ > RU). A contract keeps its nouns."""
    return [
        t
        for t in triggers
        if not any(
            o[2] != t[2] and o[2] != "contract" and o[0] <= t[0] and t[1] <= o[1] and o[1] - o[0] > t[1] - t[0]
            for o in triggers
        )
    ]


def _sellers_kept(sent: Sentence, frames: list[Frame], triggers: list[tuple[int, int, str, str, str]]) -> list[Frame]:
    """`frames` without the supply frames whose "to" recipient is the seller of a purchase participle after the
    goods ("Ecuador cederá helicópteros comprados a Moscú", "L'Égypte cédera des hélicoptères achetés à la
    Russie", "comprados à Rússia"): where "a/à" is both "to" and "from", the party right after "bought" sold the
    goods; the participle's own frame reads it. Not where case marks roles: "купленный Сербией" names the buyer."""
    bought = [(ts, te) for ts, te, cls, _, _ in triggers if cls == "acquire" and after_weapon(sent, ts)]
    if not bought:
        return frames
    folded = sent.folded
    kept: list[Frame] = []
    for f in frames:
        if f.cls == "supply" and f.how.endswith(">to"):
            seller = any(
                m.ref == f.recipient
                and f.trigger_end <= ts
                and te <= m.start
                and "," not in folded[te : m.start]
                and _gap_words(folded[te : m.start]) <= 3
                for ts, te in bought
                for m in sent.actors
            )
            if seller:
                continue
        kept.append(f)
    return kept


#: Cue classes under which a frame may assert no transfer (`modality.status_of`: None or denied).
_UNASSERTING_CUES = ("refusal", "warning", "abandoned", "wish", "hypothetical", "negation", "neg_determiner", "denial")


def _unasserted_test(sent: Sentence, lex: Lexicon) -> Callable[[Frame], bool] | None:
    """For `_resolve_conflicts`: whether the sentence refuses, abandons, wishes, conditions or negates a frame; None
    when the sentence holds no cue that could (the common case)."""
    cues = sent.cues or sentence_cues(sent, lex)
    if cues.lacks_all(_UNASSERTING_CUES):
        return None
    from ingest.news.modality import status_of  # modality reads frames: imported where it is needed

    def test(frame: Frame) -> bool:
        status, _ = status_of(sent, frame, lex)
        return status is None or not status.affirmative

    return test


def _ungoverned(sent: Sentence, frames: list[Frame]) -> list[Frame]:
    """A movement noun that a supply or acquire verb before it in its clause governs ("Russia received a batch of
    drones supplied by Iran"; "Россия получила партию ...") is that verb's object, not a frame of its own: its
    "from" and "in" phrases belong to the verb's reading (or the backoff's), never to a second pair."""
    verbs = [f for f in (*frames, *(sent.partial or ())) if f.cls in _AGENTIVE]
    if not verbs:
        return frames

    def governed(g: Frame) -> bool:
        return g.cls == "move" and any(
            v.trigger_start < g.trigger_start and v.clause_start <= g.trigger_start < v.clause_end for v in verbs
        )

    if sent.partial:
        sent.partial[:] = [f for f in sent.partial if not governed(f)]
    return [f for f in frames if not governed(f)]


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
    inter = _interposed(sent, lex, bounds, parties, ts)
    if inter is not None:
        # "Irán, que no vende armas a Corea del Norte, entregó ...": the clause runs from the subject before the
        # phrase; its modal cues are read after it only
        head_b = [b for b in bounds if b.end <= inter.head.start]
        clause_start = head_b[-1].start if head_b else sent.start
        clause_kind = head_b[-1].kind if head_b else "start"
        scope_start = inter.end
    roles = _ROLES[cls]
    if cls in _SENTENCE_WIDE:
        in_clause = list(parties)
    else:
        in_clause = [m for m in parties if clause_start <= m.start and m.end <= clause_end]
    if inter is not None:  # the phrase's own parties are never the verb's arguments
        in_clause = [m for m in in_clause if not inter.start <= m.start < inter.end]
    conceded = _conceded(sent, lex, ts)
    if conceded:  # "pese a las amenazas de sanciones de Washington": not an argument of the verb outside it
        in_clause = [m for m in in_clause if not any(a <= m.start < b for a, b in conceded)]
    before = [m for m in in_clause if m.end <= ts]
    after = [m for m in in_clause if m.start >= te]
    cache = sent.role_cache
    role_of: dict[int, str] = {}
    for m in in_clause:  # `prep_role`, unrolled
        found = cache.get(m.start)
        if found is None:
            cache[m.start] = found = _prep_lists(sent, m, lex)
        if not found and m.start >= te and lex.lang in _ARTICLE_PREPOSITIONS:
            found = _article_preposition(sent, m, lex)
        if not found or (
            DOC_LITERALS.within(_SEAT_LITERALS, sent.folded, max(sent.start, m.start - 30), m.start)
            and _SEAT.search(sent.folded, max(sent.start, m.start - 30), m.start)
        ):
            role_of[m.start] = "bare"  # "the regime in Pyongyang", "das Regime in Pjöngjang": the seat is the state
            continue
        for name in (*roles, "genitive"):
            if name in found:
                role_of[m.start] = name
                break
        else:
            role_of[m.start] = "other"
    _share_roles(sent, lex, in_clause, role_of)
    window_start = max(clause_start, ts - 25) if not lex.verb_final else clause_start
    cues = sent.cues or sentence_cues(sent, lex)
    passive = cues.has("passive_aux", window_start, ts)
    if passive:  # not a word of a name ("Stati Uniti", "Estados Unidos")
        # ... nor the conjunction "e" (pt) that folds to the auxiliary "é" before a finite verb: "O Irã e a Coreia
        # do Norte forneceram", "Teerã e Pyongyang forneceram" are active ("fabricados e entregues" stays passive)
        finite = _ROMANCE_PARTICIPLE.search(word) is None
        passive = any(
            not any(m.start <= h[0] < m.end for m in sent.mentions)
            and not (finite and sent.original[h[0] : h[1]].lower() == "e")
            for h in cues.finditer("passive_aux", window_start, ts)
        )
    if passive and sent.folded[max(sent.start, ts - 3) : ts] == "to ":
        passive = False  # "have been used to funnel weapons": the infinitive is active
    if passive and lex.lang == "en" and word.split(" ", 1)[0].endswith("ing"):
        passive = False  # "the Army, which is taking delivery of tanks": a progressive, not a passive
    if not passive and cls == "supply" and after_weapon(sent, ts):
        agent = next((m for m in in_clause if m.start >= te), None)
        if (
            agent is not None
            and role_of.get(agent.start) == "supply_supplier"
            and _gap_words(sent.folded[te : agent.start]) <= 3
        ):
            passive = True  # "des missiles balistiques fournis par la Corée du Nord", "drones supplied by Iran"
    bought_by = (
        _purchase_agent(sent, lex, in_clause, te)
        if cls == "acquire" and not passive and after_weapon(sent, ts)
        else None
    )
    if bought_by is not None:
        passive = True  # "F-16 comprados pela Argentina à Dinamarca": the participle's agent bought the goods
    if not passive and _ROMANCE_PARTICIPLE.search(word) and cues.has("stative_aux", window_start, ts):
        passive = True  # "el ejército está equipado con armas rusas": "estar" and a participle are a passive of state
    if passive:
        active_re = lex.cues.get("active_forms")
        passive = not (active_re and active_re.fullmatch(word))
    if passive and (future := lex.cues.get("future_aux")) is not None:
        infinitive = lex.cues.get("infinitives")
        if (
            infinitive is not None
            and infinitive.fullmatch(word)
            and all(future.fullmatch(h[2]) for h in cues.finditer("passive_aux", window_start, ts))
            and not any(role_of.get(m.start) == "supply_supplier" for m in in_clause if m.start >= window_start)
        ):
            passive, status = False, "ordered"  # "Deutschland wird der Ukraine Panzer überlassen": a plan
    participle = lex.cues.get("participles")
    if participle is not None and participle.fullmatch(word):
        passive = True
    if cls == "supply" and (short := lex.cues.get("short_participles")) is not None and short.fullmatch(word):
        passive = True  # "армянская армия оснащена российским оружием": a short participle is a passive predicate
    if cls == "supply" and reflexive_passive(lex, word):
        passive = True  # "беспилотники поставлялись России Ираном": the goods are the subject, the agent instrumental
    agent_re = lex.cues.get("agent_nouns") if cls == "supply" else None
    agent_noun = agent_re is not None and agent_re.fullmatch(word) is not None
    buyer_re = lex.cues.get("buyer_nouns") if cls == "acquire" else None
    if buyer_re is not None and buyer_re.fullmatch(word) is not None:
        passive = False  # "Saudi Arabia is the largest buyer of US weapons": the copula's subject buys
    if agent_noun:  # "X est le premier fournisseur d'armes de la Russie": a copula, not a passive
        passive = False  # "танки, переданные Польшей Украине": a passive participle, agent in the instrumental

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
    elif lex.verb_final and (led := _dative_led(sent, lex, bare_before, bare_after)) is not None:
        subject, objects = led
        how_subject = "subj-ovs"
    elif lex.verb_final and len(bare_before) >= 2:
        # "Deutschland, Dänemark und die Niederlande wollen der Ukraine ... liefern": the first bare group is the
        # subject, its conjuncts included; the objects are the bare parties outside it
        subject = bare_before[0]
        group = {m.start for m in _conjuncts(sent, subject, parties, lex)}
        objects = [m for m in bare_before[1:] if m.start not in group]
    elif bare_before:
        subject = bare_before[-1]
        objects = bare_after[:1]
    elif lex.verb_final and bare_after:
        subject, objects = bare_after[0], bare_after[1:2]
    else:
        objects = bare_after[:1]
    if inter is not None and subject is inter.head:
        how_subject = "interposed"
    if subject is None and not passive and _is_gerund(sent, lex, ts, te):
        subject = _gerund_subject(sent, role_of, parties, objects, ts, te)
        how_subject = "gerund" if subject is not None else how_subject
    if subject is None and clause_kind == "comp" and before_b and _comma_relative(sent, lex, before_b[-1]):
        clause_kind = "rel"  # "Irán, que recibió drones de Rusia, ...": after a comma, "que" is a relative
    if subject is None and clause_kind == "rel" and before_b:
        # "the Australian Army, which is taking delivery": an institution noun may stand between
        prior = _antecedent(sent, lex, parties, before_b[-1].start)
        if prior is not None:
            subject, how_subject = prior, "rel"
    origin_ref = (
        next(
            (
                ref
                for start, ref in sorted(origin.items(), key=lambda kv: abs(kv[0] - te))
                if clause_start <= start < clause_end
            ),
            None,
        )
        if origin
        else None
    )
    if cls in _AGENTIVE and not passive:
        pronoun = cues.search("subject_pronouns", clause_start, ts)
        if pronoun is not None and subject is not None and subject.start > pronoun[0] and how_subject == "subj":
            # "er habe Russland Drohnen geliefert": the pronoun is the subject, the bare name an object
            objects = [m for m in [*bare_before, *bare_after] if m.start > pronoun[0]]
            subject = None
        controller = _controller(sent, lex, parties, ts)
        if controller is not None:
            # "accused Iran of supplying", "acusa a Irán de enviar", "wirft Minsk vor, Moskau ... zu beliefern"
            subject, how_subject = controller, "ctrl"
            objects = [m for m in [*bare_before, *bare_after] if m is not controller and m.start > controller.start]
            if lex.case_marked:
                objects = [m for m in objects if m.nominative is False] or objects
        if subject is None and (pronoun is not None or (origin_ref is None and _verbal(sent, lex, word, ts, te))):
            # "Iran said it delivered ...", "Irán afirmó que había entregado ...": the speaker's own transfer
            # (past the objects between, when a pronoun stands for the speaker: "er habe Russland ... geliefert");
            # not "Kyiv said deliveries of Iranian drones ...", where the speaker is not the supplier
            speaker = _speaker_subject(sent, parties, ts, set(objects) if pronoun is not None else set())
            if speaker is not None:
                subject, how_subject = speaker, "speaker"
        if subject is None and clause_kind == "comp" and (pronoun is not None or _verbal(sent, lex, word, ts, te)):
            # "Tehran again denied that it supplied drones to Russia", "Тегеран заперечив, що постачав росії
            # безпілотники": who denies a report is the subject of the denied clause
            denier = _denier(sent, lex, clause_start, ts, objects)
            if denier is not None:
                subject, how_subject = denier, "denier"
        if subject is None and before and before[-1] is (owner := _owner(sent, lex, before, clause_start, ts)):
            subject, how_subject = owner, "of"  # "las Fuerzas Armadas de Ucrania recibieron", "Бойовики «Хезболли»"
        if subject is None and cls == "acquire" and lex.case_marked and after:
            owner = _owner_after(sent, lex, after[0], te)
            if owner is not None:  # "отримали Збройні сили України": a subject after the verb, owned by the party
                subject, how_subject = owner, "of"
        if subject is None and before_b and (lex.case_marked or not bare_after):
            # (a bare party after a Romance verb may be its subject: "los drones que suministró Irán a Rusia")
            # "los submarinos que encargó a China", "MiG-29, które oddała Ukrainie", "..., щоб передати Україні",
            # "bestellt, dann aber ... gekauft": a clause with no subject of its own takes its governing clause's
            carried, _ = _carried_subject(sent, lex, before_b, parties, ts)
            if carried is not None:
                subject, how_subject = carried, "carry"

    # "купить у США NASAMS для передачі Україні", "bought them for delivery to Ukraine": a transfer noun after a
    # purpose preposition heads its own phrase; the parties before it are the governing verb's
    purpose = cls == "supply" and _PURPOSE_NOUN.search(sent.folded, max(sent.start, ts - 16), ts) is not None

    def prep(name: str) -> Mention | None:
        after_hit = [m for m in after if role_of[m.start] == name]
        if after_hit:
            return after_hit[0]
        before_hit = [m for m in before if role_of[m.start] == name and not purpose]
        return before_hit[-1] if before_hit else None

    supplier: Mention | str | None = None
    recipient: Mention | str | None = None
    how_s = how_r = ""
    if cls == "supply":
        if passive:
            recipient, how_r = (subject, "passive-subj") if subject else (None, "")
            supplier, how_s = prep("supply_supplier"), "by"
            rec = prep("supply_recipient")
            if rec is not None and rec.end <= ts and lex.case_marked and after_weapon(sent, ts):
                # "do Polski przyleciały kanadyjskie Leopardy przekazane Ukrainie": a participle qualifying the
                # goods takes its roles from its own phrase; the goal before it is the main verb's
                rec = None
            if rec is not None:
                recipient, how_r = rec, "to"
            if supplier is None and lex.case_marked:  # "переданные Польшей Украине"
                agent = _instrumental(lex, objects)
                if agent is not None:
                    supplier, how_s = agent, "by"
                    if recipient is None:
                        recipient, how_r = next((m for m in objects if m is not agent), None), "obj"
            if recipient is None and supplier is not None and after_weapon(sent, ts):
                # "la Russie a tiré des missiles fournis par la Corée du Nord": the holder of the weapons
                recipient, how_r = _user(lex, in_clause, role_of, supplier, ts), "holder"
            if lex.case_marked and (supplier is None or recipient is None or recipient is supplier):
                # Case, from the dictionary: "переданы России КНДР" (dative recipient, indeclinable agent),
                # "przekazane Rosji przez Iran" (the recipient a bare dative).
                pool = [*bare_before, *bare_after]
                if supplier is None:
                    agent = _by_case(lex, [m for m in pool if m is not rec], "ablt")
                    if agent is not None:
                        supplier, how_s = agent, "by-case"
                if rec is None:
                    dative = _by_case(lex, [m for m in pool if m is not supplier], "datv")
                    if dative is not None:
                        recipient, how_r = dative, "dative"
        else:
            supplier, how_s = subject, how_subject
            own_agent = None
            if how_s == "subj":
                own_agent = _nominal_own_agent(sent, lex, word, subject, after, role_of, ts, te)
            if own_agent is not None:
                # "Washington criticó el suministro de drones de Irán a Rusia": the noun's own "de" agent, not
                # the subject of the verb that governs it (unless that verb announces: `_announcer`)
                supplier, how_s = own_agent, "of"
            if origin_ref and _qualifies_origin(sent, origin, ts):
                # "un dron de origen iraní entregado a Rusia", "Iranian drones delivered to Russia": a participle
                # right after weapons of a named origin has that origin as its supplier
                supplier, how_s = origin_ref, "origin"
            owner = _possessor(sent, before, ts) if agent_noun else None
            if owner is not None:  # "Iran has become Russia's main supplier": the owner is supplied
                earlier = [m for m in bare_before if m.end <= owner.start]
                supplier, how_s = (earlier[-1], how_subject) if earlier else (None, "")
            if supplier is None:
                supplier, how_s = _announcer(sent, lex, ts), "announcer"
            if supplier is None:
                supplier, how_s = prep("supply_supplier"), "from"
            rec = prep("supply_recipient")
            if rec is None and breaches_embargo(lex, word):
                rec = _embargo_target(sent, after, te)
            if rec is None and agent_noun:
                rec = owner or _supplied(sent, lex, after, supplier if isinstance(supplier, Mention) else None)
            if rec is not None:
                recipient, how_r = rec, "to"
            elif objects:
                recipient, how_r = objects[0], "obj"
            if lex.case_marked and (supplier is None or how_s == "subj"):
                # "осудили передачу Пхеньяном Москве ракет": a transfer noun's own agent (instrumental, genitive,
                # "przez") beats the subject of the verb governing the noun (who condemns, welcomes or confirms it)
                agent, agent_how, rec_case = _nominal_agent(sent, lex, word, te, [*bare_before, *bare_after], rec)
                if agent is None and how_s == "subj":  # "potępiły przekazanie Rosji dronów przez Iran"
                    agent, agent_how, rec_case = _nominal_by_agent(sent, lex, word, te, after, bare_after, prep)
                if agent is not None:
                    supplier, how_s = agent, agent_how
                    if rec is None:
                        recipient, how_r = rec_case, "dative"
            if supplier is None and isinstance(rec, Mention):
                genitive_agent = _genitive_agent(sent, lex, word, te, after, rec)
                if genitive_agent is not None:
                    supplier, how_s = genitive_agent, "genitive"
        if supplier is None and origin_ref:
            supplier, how_s = origin_ref, "origin"
    elif cls == "acquire":
        if relies_on(lex, word):
            subject, how_subject, sup_after = _reliance(sent, before, after, ts, te, subject, how_subject)
            if sup_after is not None and not origin_ref:
                supplier, how_s = sup_after, "on"
        if bought_by is not None and passive:
            recipient, how_r = bought_by[0], "by"
            if bought_by[1] is not None:
                supplier, how_s = bought_by[1], "from-agent"
        elif passive:
            recipient, how_r = prep("acquire_recipient"), "by"
            if recipient is None and lex.case_marked:  # "полученные Россией от КНДР"
                recipient = _instrumental(lex, objects)
        else:
            recipient, how_r = subject, how_subject
        sup = prep("acquire_supplier")
        if recipient is None and sup is not None and _passive_after(sent, lex, passive, te, clause_end):
            # "die Granaten waren von Ägypten bestellt worden": the passive's agent buys; a source is another phrase
            froms = [m for m in [*after, *before[::-1]] if role_of[m.start] == "acquire_supplier"]
            agent = next((m for m in froms if _source_agent(sent, lex, m)), None)
            if agent is not None:
                recipient, how_r = agent, "by"
                sup = next((m for m in froms if m.ref != agent.ref), None)
        if sup is not None and isinstance(recipient, Mention) and sup.ref == recipient.ref:
            # "Malí recibió drones turcos ... en el aeropuerto de Bamako": its own city is no supplier
            # (the weapons' origin first, then another "from" phrase)
            own = recipient.ref
            others = [m for m in [*after, *before[::-1]] if m.ref != own]
            sup = None if origin_ref else next((m for m in others if role_of[m.start] == "acquire_supplier"), None)
        if supplier is not None:
            pass  # "relies on Iran for drones": the reliance object (`_reliance`)
        elif sup is not None:
            supplier, how_s = sup, "from"
        elif origin_ref:
            supplier, how_s = origin_ref, "origin"
        elif status == "ordered" and not passive:  # "Serbien hatte das System in China bestellt"
            supplier, how_s = _bought_in(sent, lex, in_clause, recipient, ts, te), "in"
        if (
            how_s == "from"
            and how_r == how_subject
            and not passive
            and isinstance(supplier, Mention)
            and (_order_object(sent, te) or (supplier.start >= te and _order_object(sent, supplier.end)))
        ):
            # "KAI obtained a contract from Iraq", "Naval Group a obtenu un contrat du Brésil": what the subject
            # receives is an order, so it sells to the party the order comes from
            supplier, how_s, recipient, how_r = recipient, "won-order", supplier, "from"
            status = "ordered"
    elif cls == "arm":  # "arming the Houthis": the object right after the verb is armed, the subject arms it
        if passive:  # "Hezbollah has been armed by Iran"
            recipient, how_r = subject, "passive-subj"
            supplier, how_s = prep("supply_supplier"), "by"
            if supplier is None and lex.case_marked:  # "Хуситы, вооружённые Ираном": agent in the instrumental
                supplier, how_s = _instrumental(lex, objects), "by-case"
                if supplier is None:  # an indeclinable agent right after the participle: "вооружённые КНДР"
                    adjacent = [m for m in objects if m.start >= te and not _WORDS.search(sent.folded, te, m.start)]
                    supplier = adjacent[0] if adjacent else None
        else:
            supplier, how_s = subject, how_subject
            recipient, how_r = _armed(sent, lex, in_clause, role_of, subject, ts, te), "obj"
            if (
                how_subject == "subj"
                and subject is not None
                and recipient is not None
                and not _bridged(sent, lex, subject, recipient, ts)
            ):
                supplier = None  # "Israel struck armed Hezbollah units": an adjective, not a verb
            agent = next((m for m in after if role_of[m.start] == "supply_supplier"), None)
            if recipient is None and agent is not None and len(_WORDS.findall(sent.folded[te : agent.start])) <= 2:
                # "the Houthis, armed by Iran", "les Houthis, armés par l'Iran": a participle with its agent
                supplier, how_s, recipient, how_r = agent, "by", subject, "passive-subj"
    elif cls == "find":  # "North Korean shells found in Russian positions": origin -> holder
        if origin_ref:
            supplier, how_s = origin_ref, "origin"
            recipient, how_r = _holder(sent, lex, in_clause, clause_start, clause_end), "held"
            if recipient is None:  # "recovered Iranian-made missile parts headed to the Houthis"
                recipient, how_r = prep("destination"), "dest"
    elif cls == "move":  # "drones from Iran arrived in Russia", "shells bound for the Houthis were seized"
        recipient, how_r = prep("move_recipient") or prep("destination"), "dest"
        if recipient is not None and not clause_start <= recipient.start < clause_end:
            # "Partia irańskich pocisków jest już w rękach Rosji, która może ich użyć na Ukrainie": whose hands
            # the goods are in, in the clause, before a place of another clause
            held = _holder(sent, lex, in_clause, clause_start, clause_end)
            if held is not None:
                recipient, how_r = held, "held"
        if recipient is None:  # "chegaram da Coreia do Norte às mãos russas": whose hands the goods reached
            recipient, how_r = _holder(sent, lex, in_clause, clause_start, clause_end), "held"
        # the weapons' own origin ("missiles iraniens") before a "from"/"de" phrase, which may be a place
        # ("au large de la Somalie")
        supplier, how_s = (origin_ref, "origin") if origin_ref else (prep("supply_supplier"), "from")
        # ... unless it follows the weapons themselves ("the arrival of artillery shells from Iran")
        anchor = (
            max([te, *(w.end for w in sent.weapons if te <= w.end <= supplier.start)])
            if isinstance(supplier, Mention)
            else te
        )
        if (
            status == "delivered"
            and how_s == "from"
            and isinstance(supplier, Mention)
            and _gap_words(sent.folded[min(supplier.end, anchor) : max(supplier.start, ts)]) > 5
        ):
            supplier = None  # "salieron meses antes de la invasión de Ucrania": a "de" far from the verb is no source
        owner = next((m for m in reversed(before) if possessor_of_goods(sent, m)), None) if recipient is None else None
        if owner is not None:
            # "Bulgaria's first F-16s landed at Graf Ignatievo", "Morocco's Apaches were unloaded at Tanger Med": whose
            # goods arrive receives them
            recipient, how_r = owner, "poss"
            subject = None if subject is owner else subject
        service = enters_service(sent, lex, ts, te)
        if service and subject is not None and how_subject == "subj":
            return []  # "Turkey joined the Albanian army in exercises": a party, not goods, joins
        if supplier is None and subject is not None and not passive and status == "delivered" and not service:
            # "North Korea had moved containers of shells to Russia" (who seizes a shipment never supplies it)
            supplier, how_s = subject, how_subject
        if recipient is None and service:
            # "Turkish TB2 drones entered service with Albania's armed forces", "rejoint la marine algérienne",
            # "поступили на вооружение армии Сербии": the force the goods join is the next party; a verb-final
            # clause names it before ("bei der albanischen Armee in Dienst gestellt")
            pool = after if after or not lex.verb_final else before[::-1]
            source = supplier.ref if isinstance(supplier, Mention) else supplier
            recipient = next((m for m in pool if m.ref != source), None)
            how_r = "service"
    elif cls == "origin":  # "the shells Russia fires in Ukraine come from North Korea"
        supplier, how_s = prep("supply_supplier") or prep("acquire_supplier"), "from"
        if supplier is None and origin_ref:
            supplier, how_s = origin_ref, "origin"
        recipient, how_r = _user(lex, in_clause, role_of, supplier, ts), "user"
        if recipient is None and _GENITIVE_WORD.match(sent.folded, clause_start):
            # "au Vietnam, dont l'arsenal provient de Russie", "Mali, whose drones come from Turkey": the
            # antecedent of a genitive relative owns the goods
            recipient, how_r = _antecedent(sent, lex, parties, clause_start), "rel"
    else:  # use: the user is the recipient; only the weapons' origin says who supplied them
        agent = prep("use_recipient")
        if (
            agent is not None
            and not passive
            and subject is not None
            and how_subject == "subj"
            and agent.start >= te
            and (
                _gap_words(sent.folded[te : agent.start]) > 6
                or "," in sent.folded[te : agent.start]
                or any(te <= t < agent.start for t in trigger_words(sent, lex, _AGENT_VERBS))
            )
        ):
            # "Russia fired North Korean missiles at Kyiv, a charge Pyongyang rejected as a rumour spread by
            # Washington", "Serbia operates MiG-29s delivered by Russia": an active verb's user is its subject; a
            # far "by" phrase, or one after another transfer verb, is that verb's agent
            agent = None
        if (
            agent is not None
            and not passive
            and subject is not None
            and "acquire_supplier" in (sent.role_cache.get(agent.start) or frozenset())  # "from" as well as "by"
            and _after_goods(sent, cues, agent, te)
        ):
            agent = None  # "La Russia usa droni dall'Iran": after the weapons of an active verb, "da" is "from"
        if agent is None and lex.case_marked:  # instrumental agent: "использовались российскими войсками"
            agent = next((m for m in objects if m.nominative is False), None)
        recipient, how_r = (agent, "by") if agent is not None else (None if passive else subject, how_subject)
        if origin_ref:
            supplier, how_s = origin_ref, "origin"
        elif not cues.has("firing", ts, te):
            supplier = _goods_source(sent, cues, in_clause, recipient, te)
            how_s = "goods-from"
    if cls in ("supply", "move") and (how_s in _PREP_ROLES or how_r in _PREP_ROLES):
        # "Consegnata la corvetta ordinata da Doha a Fincantieri", "arrivato il sottomarino ordinato da Hanoi alla
        # Russia": the parties right after a later acquisition verb are its agent and source, not this verb's
        owned = _after_acquisition(sent, lex, te, parties)
        if owned:
            if how_s in _PREP_ROLES and isinstance(supplier, Mention) and supplier.start in owned:
                supplier = None
            if how_r in _PREP_ROLES and isinstance(recipient, Mention) and recipient.start in owned:
                recipient = None
    if cls == "supply" and build_verb(lex, word) and not _built_for(sent, lex, ts, recipient, how_r):
        return []  # "Rheinmetall will in der Ukraine eine Fabrik bauen", "an American-built C-17": no customer
    if cls == "acquire" and (supplier is None or recipient is None) and relies_on(lex, word):
        return []  # "depends on" is too common a verb to complete from context
    partial = supplier is None or recipient is None
    if partial:
        if sent.partial is None or (supplier is None and recipient is None):
            return []
        how_s, how_r = ("?", how_r) if supplier is None else (how_s, "?")
    # (a speaking list is out of the parties: "Poland and Slovakia said they would deliver")
    sup_pool = list(sent.actors) if how_s == "speaker" else parties
    sup_list = _conjuncts(sent, supplier, sup_pool, lex) if isinstance(supplier, Mention) else [supplier or ""]
    if how_s == "origin" and len(origin) > 1:
        # "tureckie bezzałogowce Bayraktar oraz rosyjskie samoloty L-39": each origin in the clause supplies
        inside = sorted((start, ref) for start, ref in origin.items() if clause_start <= start < clause_end)
        sup_list = list(dict.fromkeys(ref for _, ref in inside)) or sup_list
    rec_list = _conjuncts(sent, recipient, parties, lex) if isinstance(recipient, Mention) else [recipient or ""]
    # "acquired drones from Turkey and helicopters from Russia", "sent tanks to Poland and jets to Ukraine": a gapped
    # conjunct repeats the verb's role with goods of its own
    if how_s == "from" and isinstance(supplier, Mention):
        sup_list = [*sup_list, *_gapped(sent, supplier, parties, lex, role_of)]
    if how_r == "to" and isinstance(recipient, Mention):
        rec_list = [*rec_list, *_gapped(sent, recipient, parties, lex, role_of)]
    positions = (
        [ts, te]
        + [m.start for m in sup_list + rec_list if isinstance(m, Mention)]
        + [m.end for m in sup_list + rec_list if isinstance(m, Mention)]
    )
    span_start = max(clause_start, min(positions))
    if inter is not None:  # the goods of the interposed phrase are not the verb's
        span_start = max(span_start, inter.end)
    comma = sent.folded.find(",", max(positions), clause_end)
    span_end = comma if comma != -1 else clause_end
    score = 1.0 if "origin" not in (how_s, how_r) and cls not in ("use", "find", "move", "origin") else 0.85
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
                    clause_kind=clause_kind,
                    interposed_start=inter.start if inter is not None else -1,
                    interposed_end=inter.end if inter is not None else -1,
                )
            )
    if partial and sent.partial is not None:  # one party: the document may name the other (`context`)
        sent.partial.extend(out)
        return []
    return out


#: "In" before the seller of a purchase or an order ("bought the system in China", "in China bestellt",
#: "commandés en Chine", "comprados en China", "acquistati in Cina", "comprados na China"); the Slavic "в"/"w"
#: are `acquire_supplier` prepositions already.
_BOUGHT_IN = ending_with(
    (
        ("en", "in|in the"),
        ("fr", "en"),
        ("de", "in|im|in den|in der"),
        ("es", "en"),
        ("it", "in|nel|nella|negli|nei"),
        ("pt", "em|no|na|nos|nas"),
        ("pl", "na"),  # "na Białorusi, na Węgrzech" ("w" is an `acquire_supplier` preposition)
    )
)


def _dative_lead(sent: Sentence, lex: Lexicon, m: Mention) -> bool:
    """Whether the article right before `m` is a dative one ("der Ukraine", "den USA", "dem Iran", "den Huthi"):
    that party is an object whatever its place in the clause. "der" is the nominative of masculine names
    ("der Iran", "der Kreml"), which `masculine_names` lists."""
    articles = lex.cues.get("oblique_articles")
    if articles is None:
        return False
    words = sent.folded[max(sent.start, m.start - 8) : m.start].split()
    if not words or articles.fullmatch(words[-1]) is None:
        return False
    masculine = lex.cues.get("masculine_names")
    name = sent.folded[m.start : m.end]
    return not (words[-1] == "der" and masculine is not None and masculine.fullmatch(name) is not None)


def _dative_led(
    sent: Sentence, lex: Lexicon, bare_before: list[Mention], bare_after: list[Mention]
) -> tuple[Mention, list[Mention]] | None:
    """Subject and objects of a German clause whose first bare party is a dative object ("Der Ukraine hat
    Deutschland weitere Panzer überlassen", "Den Huthi liefert Iran Raketen"): the subject is the first bare
    party not in the dative, before or after the verb; None when the first bare party is no dative."""
    if not bare_before or not _dative_lead(sent, lex, bare_before[0]):
        return None
    datives = [m for m in bare_before if _dative_lead(sent, lex, m)]
    rest = [m for m in [*bare_before, *bare_after] if m not in datives]
    if not rest:
        return None
    return rest[0], datives


def _bought_in(
    sent: Sentence, lex: Lexicon, in_clause: list[Mention], recipient: Mention | str | None, ts: int, te: int
) -> Mention | None:
    """The seller of a purchase or order named as where it was made: the one party of the clause after "in", at
    most four words from the verb (its own state is no seller; "ordinato ... di produrre razzi da spedire in
    Russia" is another verb's place)."""
    preps = _BOUGHT_IN.get(lex.lang)
    if not preps:
        return None
    own = recipient.ref if isinstance(recipient, Mention) else recipient
    folded = sent.folded
    found = [
        m
        for m in in_clause
        if m.ref != own
        and preps.search(folded, max(sent.start, m.start - 12), m.start) is not None
        and (not lex.case_marked or "loct" in cases(m.text, lex.lang))  # "na Białorusi", not "na Ukrainę"
        and _gap_words(folded[te : m.start] if m.start >= te else folded[m.end : ts]) <= 5
    ]
    return found[0] if len({m.ref for m in found}) == 1 else None


def _nominal_own_agent(
    sent: Sentence,
    lex: Lexicon,
    word: str,
    subject: Mention | None,
    after: list[Mention],
    role_of: dict[int, str],
    ts: int,
    te: int,
) -> Mention | None:
    """The "from"/"de"/"par" agent of a transfer noun, after it and its goods ("criticó el suministro de drones de
    Irán a Rusia", "a dénoncé la fourniture de drones de l'Iran", "ha criticato le forniture di droni dell'Iran"),
    when the subject before the noun is no announcer of it: that subject criticises, fears or reports the
    transfer, the noun's own agent makes it. None for a verb or when the agent stands more than five words after
    the noun."""
    if subject is None or subject.end > ts:
        return None
    agent_noun = lex.cues.get("agent_nouns")
    if agent_noun is not None and agent_noun.fullmatch(word) is not None:
        return None  # "premier fournisseur d'armes de Kiev": the "de" party of a supplier noun is its customer
    nominal = lex.cues.get("nominals")
    article = lex.article_end
    if not (
        (nominal is not None and nominal.fullmatch(word) is not None)
        # "el suministro": a form that is also a verb ("suministro", "entrega") is a noun after an article
        or (article is not None and article.search(sent.folded, max(sent.start, ts - 8), ts) is not None)
    ):
        return None
    own = next((m for m in after if role_of.get(m.start) in ("supply_supplier", "genitive")), None)
    if own is None or "," in sent.folded[te : own.start] or _gap_words(sent.folded[te : own.start]) > 5:
        return None
    cues = sent.cues or sentence_cues(sent, lex)
    return None if cues.has("announce", subject.end, ts) else own


def _announcer(sent: Sentence, lex: Lexicon, ts: int) -> Mention | None:
    """The subject of an announcing verb that governs a transfer noun: "Berlin announced the delivery of ...",
    "Madrid confirmó el envío a Kiev de ...", "Téhéran a annoncé l'envoi de ...", "Польша объявила о передаче".
    The verb stands at most four words before the noun, its subject at most three words before the verb with
    no preposition of its own."""
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    for start, end, _ in reversed(cues.finditer("announce", sent.start, ts)):
        if end > ts or _gap_words(folded[end:ts]) > 4:
            continue
        for m in reversed(sent.actors):
            if m.end > start:
                continue
            if _gap_words(folded[m.end : start]) > 3 or "," in folded[m.end : start]:
                return None
            if prep_role(sent, m, lex, ()) != "bare" or (lex.case_marked and m.nominative is False):
                return None
            return m
        return None
    return None


#: Delimiters of a phrase interposed between a subject and its verb: commas, parentheses, spaced dashes.
_INTERPOSE = re.compile(r",|\(|\)|\s[—–-]\s")


def _delimiter_chars(folded: str, start: int, end: int) -> int:
    """How many characters of folded[start:end] one of `_INTERPOSE`'s delimiters can hold (, ( ) and dashes): at
    least as many as its matches there, which never share a character."""
    count = 0
    for char in ",()—–-":
        count += folded.count(char, start, end)
    return count


#: Articles that may stand before the head of an interposed phrase ("L'Iran, che ...", "O Irã, que ...").
_LEAD_ARTICLES = frozenset(("the", "le", "la", "les", "l'", "der", "die", "das", "el", "los", "las", "il", "lo"))
_LEAD_ARTICLES |= frozenset(("i", "gli", "o", "a", "os", "as"))
#: Words at most between the phrase's closing delimiter and the trigger ("has shipped", "hat Russland Drohnen").
_INTERPOSE_GAP = 8


@dataclass(slots=True, frozen=True)
class _Interposed:
    head: Mention
    #: From the opening delimiter to the end of the closing one.
    start: int
    end: int


def _interposed(
    sent: Sentence, lex: Lexicon, bounds: list[_Boundary], parties: list[Mention], ts: int
) -> _Interposed | None:
    """A phrase between a subject and its verb: a relative ("Irán, que no vende armas a Corea del Norte, entregó"),
    an apposition ("Iran, Moscow's closest ally, has shipped"), a parenthesis or dashes, an attribution ("Russia,
    according to Kyiv, received"). The head is a party without a preposition (not oblique where case says so),
    first in its stretch of the sentence (an article at most before it: not "Unlike Iran, which ..., Belarus
    sent"), right before the opening delimiter; the phrase is more than a list of parties ("Iran, North Korea,
    Belarus"); between its closing delimiter and the trigger no clause opens and no subject of its own stands."""
    folded = sent.folded
    if ts - sent.start < 8:
        return None
    # each delimiter holds a comma, a parenthesis or a dash of its own: fewer than two of those, no phrase
    if _delimiter_chars(folded, sent.start, ts) < 2:
        return None
    delims = [(m.start(), m.end()) for m in _INTERPOSE.finditer(folded, sent.start, ts)]
    if len(delims) < 2:
        return None
    close_s, close_e = delims[-1]
    if folded[close_s] == "(" or _gap_words(folded[close_e:ts]) > _INTERPOSE_GAP:
        return None
    for b in bounds:
        if close_s <= b.start < ts and not (b.kind == "punct" and b.start <= close_s + 1):
            return None  # a clause of its own opens after the phrase
    after = [m for m in parties if close_e <= m.start < ts]
    if lex.verb_final:  # V2: the finite verb right after the phrase ("..., hat Russland Drohnen geliefert")
        if any(_gap_words(folded[close_e : m.start]) == 0 for m in after):
            return None
    elif any(m.nominative is not False for m in after):
        return None  # "..., Belarus sent tanks": the verb has its own subject
    for open_s, open_e in delims[:-1]:
        if folded[open_s] == ")":
            continue
        head = next((m for m in parties if m.end <= open_s and _heads_phrase(sent, lex, m, open_s)), None)
        if head is None:
            continue
        if prep_role(sent, head, lex, ()) != "bare" or (lex.case_marked and head.nominative is False):
            return None
        edge = max(folded.rfind(c, sent.start, head.start) for c in ",;:")
        lead = folded[max(edge + 1, sent.start) : head.start].split()
        if len(lead) > 1 or (lead and lead[0] not in _LEAD_ARTICLES):
            return None
        rest = folded[open_e:close_s]
        for m in reversed([m for m in parties if open_e <= m.start and m.end <= close_s]):
            rest = rest[: m.start - open_e] + " " * (m.end - m.start) + rest[m.end - open_e :]
        conj = lex.cues.get("conj")
        if not [w for w in re.findall(r"\w+", rest) if conj is None or not conj.fullmatch(w)]:
            return None  # a list of parties, not a phrase
        return _Interposed(head, open_s, close_e)
    return None


def _heads_phrase(sent: Sentence, lex: Lexicon, m: Mention, at: int) -> bool:
    """Whether party `m` stands right before the delimiter at `at`, institution nouns at most between ("Russia's
    defence ministry, which ...", "Армия Судана, ...": the party names the institution)."""
    gap = sent.folded[m.end : at]
    if not gap.strip():
        return True
    skip = len(gap) - len(gap.lstrip())
    if gap.lstrip().startswith(("'s ", "’s ")):
        skip += 3
    return _only_institution(sent, lex, m.end + skip, at)


def _comma_relative(sent: Sentence, lex: Lexicon, bound: _Boundary) -> bool:
    """Whether a word that is both a complementizer and a relative ("que", "che", "что") right after a comma that
    follows a party opens a relative clause on that party ("Irán, que recibió drones de Rusia, vende ...")."""
    rel = lex.cues.get("relatives")
    folded = sent.folded
    if rel is None or not rel.fullmatch(folded[bound.start : bound.end].strip()):
        return False
    head = folded[max(sent.start, bound.start - 3) : bound.start].rstrip()
    return head.endswith(",") and any(0 <= bound.start - m.end <= 3 for m in sent.actors)


def _antecedent(sent: Sentence, lex: Lexicon, parties: list[Mention], rel_start: int) -> Mention | None:
    """The party a relative clause starting at `rel_start` hangs on: right before it ("Algeria, which"), or
    before an institution noun ("the Australian Army, which")."""
    prior = [
        m
        for m in parties
        if m.end <= rel_start and (rel_start - m.end <= 4 or _only_institution(sent, lex, m.end, rel_start))
    ]
    return prior[-1] if prior else None


#: A genitive relative pronoun at the start of a clause (`_GENITIVE_RELATIVE` without its comma).
_GENITIVE_WORD = re.compile(_GENITIVE_RELATIVE.pattern.replace(",\\s*", "", 1))
#: Purpose words that open a clause whose subject is the governing clause's ("щоб передати", "aby przekazać",
#: "чтобы передать"; the Romance and Germanic infinitives share the clause of their governing verb).
_PURPOSE = frozenset(
    ("чтобы", "щоб", "аби", "aby", "zeby", "by", "in order to", "afin de", "pour", "um", "para", "per")
)
#: "But", "and then" opening a coordinated clause ("bestellt, den Auftrag dann aber storniert und ... gekauft").
_COORDINATING = frozenset(("but", "mais", "aber", "pero", "ma", "mas", "но", "але", "ale"))
#: A purpose preposition right before a transfer noun ("для передачі", "dla przekazania", "for delivery to",
#: "pour livraison à", "zur Weitergabe an", "para su entrega a", "per la consegna"), on folded text.
_PURPOSE_NOUN = re.compile(
    r"(?<!\w)(?:для|dla|w celu|for|pour|zur|zum|para|per)\s+"
    r"(?:(?:the|its|their|la|le|les|leur|su|sua|il|a|o)\s+|l')?$"
)
#: Words between the goods and a relative pronoun whose clause has no subject ("los ocho submarinos de la clase
#: Hangor que"): the goods are its object, the governing clause's subject its subject.
_GOODS_GAP = 4
#: Modal cues that keep a party out of a clause it governs: a party that refuses, denies, warns or only would
#: act in its own clause does not act in the next ("X refused to buy tanks that ...").
_NO_CARRY = ("negation", "refusal", "warning", "hypothetical", "denial", "alleged", "speech")


def goods_before(sent: Sentence, at: int) -> list[Mention]:
    """The weapons a relative pronoun at `at` hangs on: ending at most `_GOODS_GAP` words before it, no party
    between ("los ocho submarinos de la clase Hangor que", "MiG-29, które")."""
    return [
        w
        for w in sent.weapons
        if w.end <= at
        and _gap_words(sent.folded[w.end : at]) <= _GOODS_GAP
        and not any(w.end <= m.start < at for m in sent.actors)
    ]


def _on_members(sent: Sentence, cues: SentenceCues, at: int) -> bool:
    """Whether the relative at `at` hangs on a group the governing subject belongs to ("Serbia and Bulgaria are among
    the countries that sold ...", "figura tra i paesi che hanno venduto", "входит в число стран, которые"): the
    group noun ends right before it (a comma at most between), so the relative's subject is the governing one."""
    if cues.lacks("members"):
        return False
    hit = cues.search("members", max(sent.start, at - 60), at)
    return hit is not None and not sent.folded[hit[1] : at].strip(" ,")


def _carried_subject(
    sent: Sentence, lex: Lexicon, before_b: list[_Boundary], parties: list[Mention], ts: int
) -> tuple[Mention | None, str]:
    """The subject a clause without its own takes from the clause it depends on: an object relative on the goods
    ("los submarinos que encargó a China", "MiG-29, które wcześniej oddała Ukrainie"), a purpose clause ("щоб
    передати їх Україні"), a clause coordinated by "but" ("hatte bestellt, dann aber ... gekauft") or a clause
    after a semicolon whose subject is a pronoun. The governing subject is the first party with no preposition
    (nominative where case says so) of the nearest clause before that names a party; never a party whose own
    clause negates, refuses, denies, warns, reports or supposes (`_NO_CARRY`), a speaker or an origin (not in
    `parties`), nor a place (a preposition of its own). With it, why (for `carry_note`)."""
    folded = sent.folded
    bound = before_b[-1]
    word = folded[bound.start : bound.end].strip()
    cues = sent.cues or sentence_cues(sent, lex)
    if bound.kind in ("rel", "comp"):
        if word not in _PURPOSE and not goods_before(sent, bound.start) and not _on_members(sent, cues, bound.start):
            # "the towns that received ...": the relative's own head is its subject
            return None, f"the clause of {word!r} hangs on no goods"
    elif bound.kind == "sub":
        if word not in _PURPOSE and word not in _COORDINATING:
            return None, f"{word!r} opens an adverbial clause"  # "because", "when", "if": a subject of its own
    elif not (word == ";" and cues.search("subject_pronouns", bound.end, ts) is not None):
        return None, f"{word!r} opens no clause that shares a subject"
    edges = [sent.start, *(b.start for b in before_b)]
    for i in range(len(edges) - 2, -1, -1):
        lo, hi = edges[i], edges[i + 1]
        named = [m for m in parties if lo <= m.start and m.end <= hi]
        if not named:
            continue
        for m in named:
            if prep_role(sent, m, lex, ()) != "bare" or (lex.case_marked and m.nominative is False):
                continue
            for name in _NO_CARRY:
                for hit in cues.finditer(name, m.end, bound.start):
                    if fold_text(hit[2]) not in _PURPOSE:  # "by zastąpić": a purpose, not the conditional "by"
                        return None, f"{m.text!r} governs a {name} cue {hit[2]!r}"
            return m, f"{m.text!r} is the subject of the governing clause"
        return None, "the governing clause has no party without a preposition"
    return None, "no clause before it names a party"


def carry_note(sent: Sentence, lex: Lexicon, frame: Frame) -> str | None:
    """Why a one-party frame of a subordinate clause took no subject from its governing clause
    (`skg extract --explain`), or None for a frame of a main clause."""
    if frame.clause_kind == "start" or frame.cls not in _AGENTIVE or frame.passive:
        return None
    before_b = [b for b in _boundaries(sent, lex) if b.end <= frame.trigger_start]
    if not before_b:
        return None
    origin = origins(sent, lex)
    parties = [m for m in sent.actors if m.start not in sent.speakers and m.start not in origin]
    _, why = _carried_subject(sent, lex, before_b, parties, frame.trigger_start)
    return f"no carried subject: {why}"


def _purchase_agent(
    sent: Sentence, lex: Lexicon, in_clause: list[Mention], te: int
) -> tuple[Mention, Mention | None] | None:
    """The buyer named as the agent of a purchase participle after the goods, with the seller when named ("F-16
    comprados pela Argentina à Dinamarca", "comprados a Francia por la Armada Argentina", "achetés par l'Argentine
    au Danemark"); where the agent preposition also means "from" (it "da"), a "da" party with an "a" party after
    it: "A-29 acquistati dalla Nigeria agli Stati Uniti" is bought by Nigeria from the United States."""
    near: list[tuple[Mention, frozenset[str]]] = []
    for m in in_clause:
        gap = sent.folded[te : m.start]
        if m.start < te or "," in gap or _gap_words(gap) > 6:
            continue
        found = sent.role_cache.get(m.start) or _NO_LISTS
        if not found and lex.lang in _ARTICLE_PREPOSITIONS:
            found = _article_preposition(sent, m, lex)
        near.append((m, found))
    for m, found in near:
        if "acquire_recipient" in found:
            seller = next((o for o, lists in near if o.ref != m.ref and "acquire_supplier" in lists), None)
            return m, seller
    if len(near) >= 2:
        (agent, first), (seller, second) = near[0], near[1]
        if (
            "supply_supplier" in first
            and "acquire_supplier" in first
            and "supply_recipient" not in first
            and "supply_recipient" in second
            and "acquire_supplier" in second
            and agent.ref != seller.ref
        ):
            return agent, seller
    return None


#: At most this many words between an attack word and the place it names ("the invasion of Ukraine").
_ATTACK_GAP = 2


def right_after(sent: Sentence, m: Mention, name: str, lex: Lexicon, words: int) -> bool:
    """Whether a `name` cue ends at most `words` words before `m`, no comma nor other actor between."""
    cues = sent.cues or sentence_cues(sent, lex)
    for _, end, _ in cues.finditer(name, max(sent.start, m.start - 60), m.start):
        gap = sent.folded[end : m.start]
        if len(gap.split()) <= words and "," not in gap and not any(end <= o.start < m.start for o in sent.actors):
            return True
    return False


def attacked_place(sent: Sentence, lex: Lexicon, m: Mention) -> bool:
    """Whether `m` is the place an attack word right before it names ("the missiles that hit Kyiv", "inwazji na
    Ukrainę", "вторжения в Украину"): at most two words between, no comma nor other party. Read by the vetoes (no
    recipient) and by the backoff (such a goal is passed over for another)."""
    return right_after(sent, m, "attack", lex, _ATTACK_GAP)


def after_weapon(sent: Sentence, ts: int) -> bool:
    """Whether the trigger follows a weapon term (at most one word between): a participle qualifying the weapons
    ("missiles fournis par la Corée du Nord", "drones supplied by Iran")."""
    return any(w.end <= ts and _words_between(sent.folded[w.end : ts]) <= 1 for w in sent.weapons)


#: A model code the designation list does not know ("K-8", "L-15", "Mi-35"): it names the weapons before it, so it
#: is no word between them and a participle ("avions d'entraînement K-8 livrés par la Chine").
_MODEL_CODE = re.compile(r"^[^\W\d_]{0,4}-?\d[\w/-]*,?$")


def _words_between(gap: str) -> int:
    return sum(1 for token in gap.split() if not _MODEL_CODE.match(token))


#: Endings of the gerund of the languages without case, where only a fronted one is read ("Delivering drones to
#: Russia, Iran ...", "En livrant ...", "Entregando ...", "Consegnando ..."); Slavic gerunds come from the dictionary.
_GERUND_ENDINGS = {
    "en": ("ing",),
    "fr": ("ant",),
    "es": ("ando", "endo"),
    "it": ("ando", "endo"),
    "pt": ("ando", "endo", "indo"),
}
#: What may stand before a fronted gerund: nothing, or French "en".
_GERUND_LEAD = ("", "en")


def _is_gerund(sent: Sentence, lex: Lexicon, ts: int, te: int) -> bool:
    """Whether the trigger is an adverbial participle: by the dictionary in ru/uk/pl (anywhere), by its ending in
    en/fr/es/it/pt when it opens the sentence."""
    if lex.case_marked:
        return gerund(sent.original[ts:te], lex.lang)
    endings = _GERUND_ENDINGS.get(lex.lang)
    return (
        endings is not None
        and sent.folded[ts:te].endswith(endings)
        and sent.folded[sent.start : ts].strip() in _GERUND_LEAD
    )


def _gerund_subject(
    sent: Sentence,
    role_of: dict[int, str],
    parties: list[Mention],
    objects: list[Mention],
    ts: int,
    te: int,
) -> Mention | None:
    """The subject of an adverbial participle, the subject of the clause it hangs on: the nominative party before
    it ("Иран, поставляя России беспилотники, ...") or, for a fronted one, the first bare party after its comma
    ("Поставляя России беспилотники, Иран ...", "Dostarczając Rosji drony, Iran ...", "En livrant des drones à la
    Russie, l'Iran ..."), nominative where case shows it; never one of its objects."""
    before = [m for m in parties if m.end <= ts and m.nominative is True and m not in objects]
    if before and not _STRONG_STOP.search(sent.folded, before[-1].end, ts):
        return before[-1]
    comma = sent.folded.find(",", te, sent.end)
    if comma == -1:
        return None
    after = [m for m in parties if m.start > comma and m not in objects]
    first = after[0] if after else None
    if first is None or first.nominative is False or _STRONG_STOP.search(sent.folded, te, first.start):
        return None
    lead = sent.folded[comma + 1 : first.start].strip()
    return first if role_of.get(first.start, "bare") == "bare" or lead in _SUBJECT_ARTICLES else None


#: A stop no adverbial participle's subject crosses.
_STRONG_STOP = re.compile(r"[;:.!?]")
#: Articles that may open a subject right after the comma ("a Coreia do Norte", where "a" is also a preposition).
_SUBJECT_ARTICLES = frozenset(("a", "o", "os", "as", "la", "le", "les", "l'", "el", "los", "il", "lo", "the"))


#: Russian and Ukrainian reflexive endings, and the stems whose reflexive means to leave, not to be sent
#: ("отправились в Москву", "направляються до", "відправилися": a departure, whose subject moves itself).
_REFLEXIVE_ENDINGS = ("ся", "сь")
_DEPARTING_STEMS = ("отправ", "направ", "відправ", "вiдправ", "переправ")


def reflexive_passive(lex: Lexicon, word: str) -> bool:
    """Whether a supply verb's form is a reflexive passive ("поставляются", "поставлялись", "передаются",
    "постачаються", "передавалися"): its subject is the goods, its agent in the instrumental."""
    return (
        lex.lang in ("ru", "uk")
        and word.endswith(_REFLEXIVE_ENDINGS)
        and not word.startswith(_DEPARTING_STEMS)
    )




def _user(
    lex: Lexicon, parties: list[Mention], role_of: dict[int, str], supplier: Mention | str | None, ts: int
) -> Mention | None:
    """Who holds or uses the weapons whose origin an "origin" verb names: the last party before the verb with no
    preposition of its own (a place is "in Ukraine", "en Ukraine", "на Украине"), in the nominative where case
    says so."""
    for m in reversed(parties):
        if m.end > ts or m is supplier or role_of.get(m.start) != "bare":
            continue
        if lex.case_marked and m.nominative is False:
            continue
        return m
    return None


def implies_arms(sent: Sentence, lex: Lexicon) -> bool:
    """Whether the sentence has an "arm" trigger, which names no weapon but implies arms."""
    cues = sent.cues or sentence_cues(sent, lex)
    return not cues.lacks_all(name for name in lex.trigger_names if name.startswith("trigger:arm_"))


def _controller(sent: Sentence, lex: Lexicon, parties: list[Mention], ts: int) -> Mention | None:
    """The party whose complement the trigger heads, when the text between them says so (`Lexicon.controls`):
    "accused Iran of supplying", "acusa a Irán de enviar", "обвиняет Тегеран в том, что он вооружает"."""
    if not lex.controls:
        return None
    folded = sent.folded
    for m in reversed(parties):
        if m.end > ts:
            continue
        gap = folded[m.end : ts]
        if len(gap) > 80:
            break
        if (
            any(control.match(gap) for control in lex.controls)
            or _accused_infinitive(sent, lex, m, ts)
            or _permitted_infinitive(sent, lex, m, ts)
        ):
            if gap.split()[:1] in (["for"], ["to"], ["per"], ["para"], ["por"], ["pour"]) and (
                prep_role(sent, m, lex, _SOURCE_ROLES) in _SOURCE_ROLES
            ):
                # "bought NASAMS from Norway for delivery to Ukraine", "dalla Norvegia per consegnarli": the seller
                # of the governing verb controls no purpose clause (its subject does: `_carried_subject`)
                continue
            return m
    return None


#: Role lists of a "from" preposition: a party after one is a source, never the controller of an infinitive.
_SOURCE_ROLES = ("acquire_supplier", "supply_supplier")

#: A German accusation verb, then at most two words (an article) before the accused ("beschuldigt den Iran").
_ACCUSE_BEFORE = re.compile(r"(?<!\w)(?:beschuldig|bezichtig)\w*(?:\s+\w+){0,2}\s+$")
#: The perfect infinitive after the trigger ("geliefert zu haben") or a zu-infinitive trigger ("zu liefern").
_ZU_AFTER = re.compile(r"\s+zu\s+(?:haben|sein)(?!\w)")


#: A Slavic verb of permitting right before its dative object ("дозволив Росії постачати", "разрешил Москве
#: поставлять", "zezwolił Rosji dostarczać"): the object is the subject of the infinitive after it.
_PERMIT_BEFORE = re.compile(r"(?<!\w)(?:разреш|позвол|дозвол|zezwol|pozwol)\w*\s+$")
_SLAVIC_INFINITIVE = re.compile(r"(?:ть|ти|c)$")


def _permitted_infinitive(sent: Sentence, lex: Lexicon, m: Mention, ts: int) -> bool:
    """Whether `m` is the dative object of a verb of permitting and the trigger at `ts`, right after it, is an
    infinitive (case-marked languages, where no "to" marks the control: "allowed Russia to supply")."""
    if not lex.case_marked or sent.folded[m.end : ts].strip():
        return False
    word = _WORD_AT_START.match(sent.folded, ts)
    if word is None or not _SLAVIC_INFINITIVE.search(word.group()):
        return False
    return _PERMIT_BEFORE.search(sent.folded, max(sent.start, m.start - 30), m.start) is not None


def _accused_infinitive(sent: Sentence, lex: Lexicon, m: Mention, ts: int) -> bool:
    """ "Die USA beschuldigen den Iran, Drohnen an Russland geliefert zu haben": the accused, set off by a comma
    before the zu-infinitive the trigger heads, is its subject (as "accused Iran of supplying")."""
    if not lex.verb_final:
        return False
    folded = sent.folded
    if not folded[m.end : ts].lstrip().startswith(",") or folded.count(",", m.end, ts) != 1:
        return False
    if not _ACCUSE_BEFORE.search(folded, max(sent.start, m.start - 40), m.start):
        return False
    word = _WORDS.match(folded, ts)
    word_end = word.end() if word is not None else ts
    return folded[max(sent.start, ts - 3) : ts] == "zu " or bool(_ZU_AFTER.match(folded, word_end, sent.end))


def _speaker_subject(sent: Sentence, parties: list[Mention], ts: int, objects: set[Mention]) -> Mention | None:
    """The speaker of a speech verb before the trigger when no party (but known `objects`) stands between them
    ("Iran said it delivered", "L'Iran a affirmé avoir livré"): a report about the speaker's own transfer."""
    best: tuple[int, int] | None = None
    for start, verb_end in sent.speaking:
        if verb_end <= ts and (best is None or verb_end > best[1]):
            best = (start, verb_end)
    if best is None or any(best[1] <= m.start < ts and m not in objects for m in parties):
        return None
    return next((m for m in sent.actors if m.start == best[0]), None)


def _denier(sent: Sentence, lex: Lexicon, clause_start: int, ts: int, objects: list[Mention]) -> Mention | None:
    """The subject of a denial or refusal verb that governs the complement clause holding the trigger ("Serbia
    rejected a claim that it had sold", "КНДР публично отрицала, что собирается снабжать"): the last actor before
    the verb, at most four words before it, with no preposition of its own (nominative where case says so), and no
    other party than the clause's objects between the verb and the trigger."""
    cues = sent.cues or sentence_cues(sent, lex)
    hits = [h for name in ("denial", "refusal") for h in cues.finditer(name, sent.start, clause_start + 1)]
    if not hits:
        return None
    start = max(h[0] for h in hits)
    folded = sent.folded
    if any(start < m.start < ts and m not in objects and not _accuser(sent, cues, m, ts) for m in sent.actors):
        return None
    for m in reversed(sent.actors):
        if m.end > start:
            continue
        gap = folded[m.end : start]
        if _gap_words(gap) > 4 or "," in gap or prep_role(sent, m, lex, ()) != "bare":
            return None
        if lex.case_marked and m.nominative is False:
            return None
        return m
    return None


def _passive_after(sent: Sentence, lex: Lexicon, passive: bool, te: int, clause_end: int) -> bool:
    """A passive clause, including a verb-final one whose auxiliary follows the participle ("bestellt worden")."""
    if passive or not lex.verb_final:
        return passive
    cues = sent.cues or sentence_cues(sent, lex)
    hit = cues.search("passive_aux", te, clause_end)
    return hit is not None and _gap_words(sent.folded[te : hit[0]]) == 0


def _source_agent(sent: Sentence, lex: Lexicon, m: Mention) -> bool:
    """Whether `m` follows a preposition that marks both a source and a passive's agent (`passive_agent`: de "von",
    it "da"), at most an article between: in a passive clause of a buying verb it names the buyer."""
    cues = sent.cues or sentence_cues(sent, lex)
    hits = cues.finditer("passive_agent", max(sent.start, m.start - 16), m.start)
    return bool(hits) and _gap_words(sent.folded[hits[-1][1] : m.start]) <= 1


def _accuser(sent: Sentence, cues: SentenceCues, m: Mention, ts: int) -> bool:
    """Whether an actor between a denial and the denied clause only qualifies the report denied ("Minsk denies
    Ukrainian claims that it supplied", "China denied US accusations that", "rejette les accusations de Kiev selon
    lesquelles"): an `alleged` noun at most one word after it, or it at most one word (a genitive preposition) after
    the noun, with no comma; the accuser is no party of the denied clause."""
    folded = sent.folded
    after = cues.search("alleged", m.end, ts)
    if after is not None and _gap_words(folded[m.end : after[0]]) <= 1 and "," not in folded[m.end : after[0]]:
        return True
    for _a, b, _ in cues.finditer("alleged", sent.start, m.start):
        gap = folded[b : m.start]
        if _gap_words(gap) <= 1 and "," not in gap:
            return True
    return False


def _verbal(sent: Sentence, lex: Lexicon, word: str, ts: int, te: int) -> bool:
    """Whether the trigger reads as a verb: not a noun form (`nominals`: "deliveries", "поставки"), not after an
    article ("les livraisons") and not before a genitive ("shipments of")."""
    nominal = lex.cues.get("nominals")
    if nominal is not None and nominal.fullmatch(word):
        return False
    folded = sent.folded
    if lex.article_end is not None and lex.article_end.search(folded, max(sent.start, ts - 12), ts):
        return False
    genitive = lex.cues.get("genitive")
    after = _SPACES.match(folded, te)
    return not (genitive is not None and after is not None and genitive.match(folded, after.end(), sent.end))


def build_verb(lex: Lexicon, word: str) -> bool:
    """Whether a trigger is a build verb ("construit", "baut", "будує"): `build` in the lexicon."""
    build = lex.cues.get("build")
    return build is not None and build.fullmatch(word) is not None


def _built_for(sent: Sentence, lex: Lexicon, ts: int, recipient: Mention | str | None, how_r: str) -> bool:
    """Whether a build verb names its customer: a recipient after the language's "for" word, a few words at most
    between ("construit pour la marine thaïlandaise", "будує для Військово-морських сил України"). Building alone
    is no transfer (a factory, a design origin such as "US-built"), so nothing is completed from context either."""
    if not isinstance(recipient, Mention) or how_r != "to" or sent.folded[max(sent.start, ts - 1) : ts] == "-":
        return False
    cues = sent.cues or sentence_cues(sent, lex)
    hit = cues.search("build_for", max(sent.start, recipient.start - 60), recipient.start)
    return hit is not None and len(_WORDS.findall(sent.folded[hit[1] : recipient.start])) <= 3


def breaches_embargo(lex: Lexicon, word: str) -> bool:
    """Whether a trigger breaks an embargo ("violated the arms embargo", "violou o embargo"): `embargo_breach`."""
    breach = lex.cues.get("embargo_breach")
    return breach is not None and breach.fullmatch(word) is not None


def _embargo_target(sent: Sentence, after: list[Mention], te: int) -> Mention | None:
    """The party an embargo is on, which the breach supplies: the first after the trigger, a few words on and
    before any comma ("violated the UN arms embargo on Libya", "нарушила эмбарго ООН на поставки оружия в Ливию")."""
    for m in after:
        gap = sent.folded[te : m.start]
        if "," in gap or len(_WORDS.findall(gap)) > 8:
            return None
        return m
    return None


def relies_on(lex: Lexicon, word: str) -> bool:
    """Whether a trigger is a reliance verb ("relies on", "dépend de", "опираются на"): `reliance` in the lexicon."""
    reliance = lex.cues.get("reliance")
    return reliance is not None and reliance.fullmatch(word) is not None


def _reliance(
    sent: Sentence,
    before: list[Mention],
    after: list[Mention],
    ts: int,
    te: int,
    subject: Mention | None,
    how: str,
) -> tuple[Mention | None, str, Mention | None]:
    """Roles of a reliance verb: who relies stands before it (a party, or the owner of "ВВС Мьянмы"), never after
    it ("опираются на ... китайские K-8" relies on China); the party right after it is relied on, the supplier
    ("relies on Iran for drones"). Returns the subject, how it was read, and that supplier."""
    if subject is not None and subject.start >= te:
        subject, how = None, ""
    if subject is None and before and len(_WORDS.findall(sent.folded[before[-1].end : ts])) <= 1:
        subject, how = before[-1], "of"  # "ВВС Мьянмы опираются": the party right before the verb
    first = after[0] if after else None
    if first is not None and len(_WORDS.findall(sent.folded[te : first.start])) > 2:
        first = None
    return subject, how, first


def _owner(sent: Sentence, lex: Lexicon, before: list[Mention], clause_start: int, ts: int) -> Mention | None:
    """The party owning the subject noun right before the trigger: "las Fuerzas Armadas de Ucrania recibieron",
    "the army of Ukraine received", "Бойовики «Хезболли» отримали" (a genitive after the clause's first noun)."""
    m = before[-1]
    folded = sent.folded
    if len(folded[m.end : ts].split()) > 1:
        return None  # the trigger must follow the owner (an auxiliary at most: "ont reçu")
    if lex.case_marked:
        if m.nominative is not False or not 1 <= len(_WORDS.findall(folded[clause_start : m.start])) <= 2:
            return None  # "Бойовики «Хезболли»", "Збройні сили України": a noun or two, then the owner
        return m
    lists = sent.role_cache.get(m.start)
    if lists and "genitive" in lists:
        return m
    # "companies in India have supplied", "Firmen in Indien haben ... geliefert": firms of a state act for it
    firms = sent.cues.finditer("firm_nouns", max(clause_start, m.start - 24), m.start) if sent.cues else ()
    return m if firms and _FIRM_LINK.fullmatch(folded, firms[-1][1], m.start) else None


#: What joins a firm noun to its state's name: one short preposition, an article ("companies in", "empresas de la").
_FIRM_LINK = re.compile(r"\s+\w{1,5}\s+(?:\w{1,3}\s+)?")


def _only_institution(sent: Sentence, lex: Lexicon, start: int, end: int) -> bool:
    """Whether folded[start:end] holds institution nouns only, with a comma at most ("Army, ", "armée, ")."""
    cues = sent.cues or sentence_cues(sent, lex)
    if end - start > 40 or not cues.has("institutions", start, end):
        return False
    rest = sent.folded[start:end]
    for a, b, _ in reversed(cues.finditer("institutions", start, end)):
        rest = rest[: a - start] + " " * (b - a) + rest[b - start :]
    return not rest.replace(",", " ").strip()


def _owner_after(sent: Sentence, lex: Lexicon, m: Mention, te: int) -> Mention | None:
    """The party owning a nominative institution noun right after the verb ("отримали Збройні сили України",
    "otrzymały siły zbrojne Ukrainy"): the genitive name after the noun is the verb's postposed subject."""
    if m.nominative is not False or not _only_institution(sent, lex, te, m.start):
        return None
    gap = sent.original[te : m.start]
    forms = cases(_lead_word(gap.lstrip()), lex.lang)  # the original word: folding may change its letters
    if "nomn" not in forms or "datv" in forms or "gent" not in cases(m.text, lex.lang):
        return None
    return m


def _by_case(lex: Lexicon, candidates: list[Mention], case: str) -> Mention | None:
    """The candidate that can be in `case`, the least ambiguous first ("Ираном" before the indeclinable "КНДР")."""
    found = [(len(c), m) for m in candidates if case in (c := cases(m.text, lex.lang))]
    if not found:
        return None
    found.sort(key=lambda x: (x[0], x[1].start))
    return found[0][1]


def _nominal_agent(
    sent: Sentence, lex: Lexicon, word: str, te: int, bare: list[Mention], rec: Mention | None
) -> tuple[Mention | None, str, Mention | None]:
    """The agent of a Slavic transfer noun, from case (agent, how, dative recipient): an instrumental
    ("передача Пхеньяном Москве снарядов", "поставки дронов Ираном России"), else a genitive right after the noun
    or its goods when another party is the recipient ("поставки Ирана в Россию", "поставки оружия Ирана в Россию",
    "dostawy broni Iranu do Rosji"). The recipient is the "to" phrase, else a dative other than the agent; without
    one there is no agent (a lone genitive "поставки России" is as likely the recipient)."""
    nominal = lex.cues.get("nominals")
    if nominal is None or not nominal.fullmatch(word):
        return None, "", None
    # an indeclinable name after the noun is oblique too ("осудила передачу КНДР России"), never one before it
    oblique = [m for m in bare if m is not rec and (m.nominative is False or (m.nominative is None and m.start >= te))]
    agent = next((m for m in oblique if "ablt" in (c := cases(m.text, lex.lang)) and "datv" not in c), None)
    how = "by-case"
    if agent is None:
        nxt = next((m for m in oblique if m.start >= te), None)
        if nxt is None or not _goods_gap(sent, te, nxt.start) or "gent" not in cases(nxt.text, lex.lang):
            return None, "", None
        agent, how = nxt, "genitive"
    if rec is not None:
        return agent, how, None
    dative = _by_case(lex, [m for m in oblique if m is not agent and m.ref != agent.ref], "datv")
    if dative is None:
        return None, "", None
    return agent, how, dative


def _nominal_by_agent(
    sent: Sentence,
    lex: Lexicon,
    word: str,
    te: int,
    after: list[Mention],
    bare_after: list[Mention],
    prep: Callable[[str], Mention | None],
) -> tuple[Mention | None, str, Mention | None]:
    """The agent phrase of a Slavic transfer noun under a verb of judgement: "przez/со стороны/з боку S" after
    the noun, within its phrase, with a dative recipient ("potępiły przekazanie Rosji dronów przez Iran"); who
    condemns the transfer is no party. Without a dative or a "to" phrase there is no agent."""
    nominal = lex.cues.get("nominals")
    if nominal is None or not nominal.fullmatch(word):
        return None, "", None
    agent = prep("supply_supplier")
    if agent is None or agent.start < te or agent not in after or _gap_words(sent.folded[te : agent.start]) > 6:
        return None, "", None
    dative = _by_case(lex, [m for m in bare_after if m.ref != agent.ref and m.end <= agent.start], "datv")
    if dative is None and prep("supply_recipient") is None:
        return None, "", None
    return agent, "by", dative


def _goods_gap(sent: Sentence, start: int, end: int) -> bool:
    """Whether nothing but the goods stands between `start` and `end`: a transfer noun's genitive agent may follow
    its goods ("поставки оружия Ирана в Россию", "постачання зброї Ірану", "dostawy broni Iranu do Rosji")."""
    at = start
    for w in sent.weapons:
        if w.start >= end:
            break
        if w.start >= at and not sent.folded[at : w.start].strip():
            at = w.end
    return not sent.folded[at:end].strip()


def _genitive_agent(
    sent: Sentence, lex: Lexicon, word: str, te: int, after: list[Mention], rec: Mention
) -> Mention | None:
    """The agent of a German transfer noun: the party right after it in the genitive, by article ("die
    Waffenlieferungen des Iran an Russland", "der USA") or by its "-s" ("Munitionslieferungen Nordkoreas an
    Russland"), when another party is the "an"/"nach" recipient."""
    articles = lex.cues.get("genitive_articles")
    nominal = lex.cues.get("nominals")
    if articles is None or nominal is None or not nominal.fullmatch(word):
        return None
    nxt = next((m for m in after if m.start >= te), None)
    if nxt is None or nxt.ref == rec.ref or nxt.start > rec.start or nxt.demonym:
        return None
    gap = sent.folded[te : nxt.start].split()
    if not gap:  # German "-s" genitive
        return nxt if lex.verb_final and sent.folded[nxt.start : nxt.end].endswith("s") else None
    return nxt if len(gap) <= 2 and articles.fullmatch(" ".join(gap)) else None


def _supplied(sent: Sentence, lex: Lexicon, after: list[Mention], supplier: Mention | None) -> Mention | None:
    """Whom an agent noun supplies: the first party after it in the genitive ("the main supplier of arms of
    Russia", "fournisseur d'armes de la Russie", "поставщиком оружия России"), not the supplier itself."""
    for m in after:
        if supplier is not None and m.ref == supplier.ref:
            continue
        if lex.case_marked:
            if m.nominative is False and "gent" in cases(m.text, lex.lang):
                return m
        elif "genitive" in sent.role_cache.get(m.start, _NO_LISTS):  # "de la Russie" (also a "from")
            return m
    return None


def _possessor(sent: Sentence, before: list[Mention], ts: int) -> Mention | None:
    """The party owning an agent noun: "Russia's main supplier" (a possessive at most three words before)."""
    for m in reversed(before):
        if sent.folded.startswith(("'s ", "' "), m.end) and _gap_words(sent.folded[m.end : ts]) <= 4:
            return m
    return None


def _instrumental(lex: Lexicon, candidates: list[Mention]) -> Mention | None:
    """The candidate in the instrumental case ("Польшей", "Росією"), the agent of a passive participle."""
    if not lex.instrumental:
        return None
    for m in candidates:
        if m.nominative is False and fold_text(m.text).endswith(lex.instrumental):
            return m
    return None


def _armed(
    sent: Sentence,
    lex: Lexicon,
    in_clause: list[Mention],
    role_of: dict[int, str],
    subject: Mention | None,
    ts: int,
    te: int,
) -> Mention | None:
    """Who an "arm" verb arms: the party right after it (an article or a Spanish personal "a" between), or, in a
    verb-final clause, the bare party right before it ("die Hisbollah mit Raketen aufzurüsten")."""
    folded = sent.folded
    for m in in_clause:
        if m.start >= te and m is not subject:
            if len(folded[te : m.start].split()) <= 2 and role_of.get(m.start) in ("bare", "supply_recipient"):
                return m
            break
    if lex.verb_final:
        before = [m for m in in_clause if m.end <= ts and m is not subject and role_of.get(m.start) == "bare"]
        if before:
            return before[-1]
    return None


def _bridged(sent: Sentence, lex: Lexicon, subject: Mention, recipient: Mention, ts: int) -> bool:
    """Whether only auxiliaries and adverbs (`arm_bridges`) stand between the subject and an "arm" verb (the
    recipient and its article aside, in verb-final clauses). True when the language lists none."""
    bridges = lex.cues.get("arm_bridges")
    if bridges is None:
        return True
    folded = sent.folded
    gap = folded[subject.end : ts]
    if subject.end <= recipient.start < ts:  # verb-final: "Iran hat die Huthi bewaffnet"
        head = folded[subject.end : recipient.start]
        if lex.article_end is not None:
            head = lex.article_end.sub(" ", head)
        gap = head + " " + folded[recipient.end : ts]
    rest = bridges.sub(" ", gap)
    return not _WORDS.search(rest)


_POSSESSIVE = re.compile(r"'s?\s")


def possessor_of_goods(sent: Sentence, m: Mention) -> bool:
    """Whether `m` is an English possessive before the goods, two words between at most ("Bulgaria's first F-16s")."""
    folded = sent.folded
    hit = _POSSESSIVE.match(folded, m.end)
    return hit is not None and any(
        w.start >= hit.end() and _words_between(folded[hit.end() : w.start]) <= 2 for w in sent.weapons
    )


def enters_service(sent: Sentence, lex: Lexicon, ts: int, te: int) -> bool:
    """Whether the trigger at [ts, te) is an entry into service (`service_entry`: "entered service with", "joined
    the Algerian navy", "поступили на вооружение"): the goods are its subject, the force they join the recipient."""
    cues = sent.cues or sentence_cues(sent, lex)
    # (read to the sentence's end: an entry's look-ahead reads past the trigger)
    return any(start == ts for start, _, _ in cues.finditer("service_entry", ts, sent.end))


def _goods_source(
    sent: Sentence, cues: SentenceCues, in_clause: list[Mention], user: Mention | str | None, te: int
) -> Mention | None:
    """The party of a "from" phrase right after the weapons ("drones from Turkey", "Drohnen aus der Türkei",
    "samoloty z Czech"): for a `use` verb it says where the weapons come from, as an origin adjective does."""
    return next((m for m in in_clause if m is not user and _after_goods(sent, cues, m, te)), None)


def _after_goods(sent: Sentence, cues: SentenceCues, m: Mention, te: int) -> bool:
    """Whether `m` is a "from" party right after weapons that follow the verb ending at `te`."""
    found = sent.role_cache.get(m.start) or frozenset()
    return not found.isdisjoint(_SOURCE_ROLES) and any(
        # weapons after the verb: a participle right after them is an adjective ("F-16 usados de Dinamarca")
        w.start >= te
        and w.end <= m.start
        and _words_between(sent.folded[w.end : m.start]) <= 2
        and not any(w.end <= x.start < m.start for x in sent.actors)
        and not cues.has("firing", w.end, m.start)  # "droni lanciati dagli Houthi": a launch, not a source
        for w in sent.weapons
    )


def _holder(
    sent: Sentence, lex: Lexicon, in_clause: list[Mention], clause_start: int, clause_end: int
) -> Mention | None:
    """The party whose positions, stocks or hands the weapons were found in: named next to a `holdings` noun
    ("in Russian positions", "dans les stocks russes", "в руках российских военных")."""
    cues = sent.cues or sentence_cues(sent, lex)
    folded = sent.folded
    for start, end, _ in cues.finditer("holdings", clause_start, clause_end):
        for m in in_clause:
            if m.end <= start and len(folded[m.end : start].split()) <= 1:
                return m  # "Russian positions", "російських позиціях"
            if m.start >= end and len(folded[end : m.start].split()) <= 3 and "," not in folded[end : m.start]:
                return m  # "positions russes", "stocks de l'armée russe"
    return None


def _unarmed_test(sent: Sentence, frames: list[Frame]) -> Callable[[Frame], bool] | None:
    """For `_resolve_conflicts`: whether a verb frame's own main clause names no weapon ("Ungarn kauft in
    Deutschland ein: Budapest hat bei KMW 44 Leopard bestellt": the headline clause buys nothing it names, the
    clause after the colon does). None when no two frames share a pair (the common case)."""
    if len(frames) < 2 or sent.pronoun_goods or len({(f.supplier, f.recipient) for f in frames}) == len(frames):
        return None

    def test(frame: Frame) -> bool:
        return (
            frame.cls in _AGENTIVE
            and frame.clause_kind in ("start", "punct")
            and not any(frame.clause_start <= w.start and w.end <= frame.clause_end for w in sent.weapons)
        )

    return test


def _resolve_conflicts(
    frames: list[Frame],
    unasserted: Callable[[Frame], bool] | None = None,
    unarmed: Callable[[Frame], bool] | None = None,
) -> list[Frame]:
    """One frame per pair; when two triggers disagree on direction, the better-grounded reading wins. A reading the
    sentence refuses, abandons or only wishes (`unasserted`: "Грузия отказалась передать Украине «Бук», которые
    Тбилиси купил у Украины") asserts no direction: it is kept (its status drops it later) and does not beat the
    reverse reading. Of two frames of one pair, one whose clause names weapons beats one whose clause names none
    (`unarmed`), whatever their scores: the unarmed one would be dropped for want of goods."""
    best: dict[tuple[str, str], Frame] = {}
    for f in frames:
        key = (f.supplier, f.recipient)
        held = best.get(key)
        if held is None:
            best[key] = f
        elif unarmed is not None and unarmed(f) != unarmed(held):
            if unarmed(held):
                best[key] = f
        elif f.score > held.score:
            best[key] = f
    weak: set[tuple[str, str]] = set()
    if unasserted is not None and len(best) > 1:
        weak = {key for key, f in best.items() if (key[1], key[0]) in best and unasserted(f)}
    out = []
    for (s, r), f in best.items():
        reverse = best.get((r, s))
        if (
            reverse is not None
            and (s, r) not in weak
            and ((r, s) not in weak)
            and (reverse.score > f.score or (reverse.score == f.score and reverse.trigger_start < f.trigger_start))
        ):
            continue
        out.append(f)
    return sorted(out, key=lambda f: f.trigger_start)



# --- Contract signing ------------------------------------------------------------------------------------------
# "Baghdad ha firmato con LIG Nex1 un contratto per batterie Cheongung-II", "Polska podpisała z rządem USA umowę
# na zakup śmigłowców", "A França assinou com a Armênia um contrato para a venda de obuseiros", "Le Vietnam a
# signé un contrat pour 20 obusiers K9 sud-coréens": a signing verb (`contract_ordered` in the lexicon), a contract
# noun near it and weapons in the noun's phrase make an order. Who buys comes from the words of the deal: a
# purchase noun or "to buy" makes the signer the buyer, a sale noun the seller, a "to R" phrase after a supply noun
# names the recipient; with none of them the party signed *with* (comitative) is the seller (a buyer signs with its
# supplier), and without one the goods' origin, when it is not the signer, supplies. Letters of intent, memoranda,
# negotiations and cooperation or partnership agreements order nothing. Patterns are on folded text, all nine
# languages; `how` names the reading ("with>signer", "signer>with", "origin>signer", "signer>to").

#: Contract nouns (folded stems): the object of the signing verb.
_CONTRACT_NOUN = re.compile(
    fold_text(
        r"(?<!\w)(?:contracts?|deals?|agreements?|contrats?|accords?|\w*vertrag\w*|\w*vertrage\w*|abkommen|"
        r"vereinbarung\w*|contratos?|acuerdos?|contratt[oi]|accord[oi]|commessa|acordos?|контракт\w*|договор\w*|"
        r"договір|соглашени\w*|сделк\w*|угод\w*|umow\w*|kontrakt\w*|porozumieni\w*)(?!\w)"
    )
)
#: An order as the object of an acquiring verb. Not `_CONTRACT_NOUN`: "obtained the agreement of X" is consent, not
#: an order. Nouns that also mean a command ("received orders from Moscow", "erhielt den Auftrag, ... zu", "l'ordine
#: di") count only after an indefinite article, "new" or a number ("won an order", "einen Auftrag", "una commessa").
_ORDER_OBJECT = re.compile(
    fold_text(
        r"\s+(?:(?:(?:an?|the|its|their|un|une|le|la|l'|les|des|du|de|einen?|den|der|die|das|un[ao]?|el|il|lo|o|"
        r"os|as|um|uma|[\d.,]+|\w+-?(?:million|milliard|billion)\w*|new|nouveaux?|nouvelle|neuen?|nuevos?|nuov[oi]|"
        r"novos?)\s+){0,3}(?:contracts?|contrats?|commandes?|march[eé]s?|zuschlag|vertrag|contratos?|pedidos?|"
        r"contratt[oi]|commess[ae]|encomendas?|контракт\w*|заказ\w*|замовлен\w*|kontrakt\w*|zam[oó]wieni\w*)"
        r"|(?:an?|einen|un[ao]?|new|neuen?|nuov[oi]|[\d.,]+)\s+(?:\w+\s+){0,2}(?:orders?|auftr[aä]g\w*|ordin[ei]))"
        r"(?!\w)"
    )
)


def _order_object(sent: Sentence, te: int) -> bool:
    """Whether the object right after `te` (an acquiring verb, or the "from" party after it: "ha ottenuto dal
    ministero iracheno un contratto") is a contract or an order."""
    return _ORDER_OBJECT.match(sent.folded, te, sent.end) is not None


#: What signs no order: a letter of intent, a memorandum, a protocol, negotiations or talks, cooperation or a
#: partnership (a plan or a political text, not a purchase; label guides).
_CONTRACT_PLAN = re.compile(
    fold_text(
        r"(?<!\w)(?:memorand\w*|intent\w*|intenti\w*|intention\w*|absichtserkl\w*|intenc\w*|intenç\w*|intenz\w*|"
        r"намерени\w*|намір\w*|intencyjn\w*|protocol\w*|protokol\w*|протокол\w*|negotiat\w*|talks|negoci\w*|"
        r"négoci\w*|verhandl\w*|negozi\w*|trattativ\w*|переговор\w*|negocjac\w*|rozmow\w*|cooperat\w*|"
        r"coopérat\w*|kooperation\w*|zusammenarbeit|cooperaci\w*|cooperazion\w*|cooperaç\w*|сотрудничеств\w*|"
        r"співпрац\w*|współprac\w*|partnership\w*|partenariat\w*|partnerschaft\w*|asociaci\w*|partenariato|"
        r"parceria\w*|партнерств\w*|partnerstw\w*|entendimiento|entendimento|intesa|beistand\w*)(?!\w)"
    )
)
#: The deal's direction, in the contract's phrase: the signer buys (purchase, order, "to buy") ...
_CONTRACT_BUY = re.compile(
    fold_text(
        r"(?<!\w)(?:purchas\w*|buy\w*|acqui\w*|procur\w*|order\w*|achat\w*|achet\w*|commande\w*|\w*kauf\w*|"
        r"erwerb\w*|erwirb\w*|beschaff\w*|bestell\w*|compra\w*|comprar|adquisici\w*|adquiri\w*|aquisiç\w*|"
        r"acquist\w*|acquisizion\w*|encomend\w*|encarg\w*|закуп\w*|покуп\w*|купи\w*|приобрет\w*|заказ\w*|"
        r"купівл\w*|придба\w*|замовл\w*|zakup\w*|kupi\w*|kupn\w*|nabyci\w*|nabyc\w*|zamowieni\w*|zamówieni\w*)(?!\w)"
    )
)
#: ... or sells (sale, export, "to sell").
_CONTRACT_SELL = re.compile(
    fold_text(
        r"(?<!\w)(?:sale|sales|sell\w*|export\w*|vente\w*|vendre|verkauf\w*|venta\w*|vender|vendita|vender\w*|"
        r"venda\w*|продаж\w*|продат\w*|экспорт\w*|експорт\w*|sprzedaż\w*|sprzedaz\w*|sprzeda\w*|eksport\w*)(?!\w)"
    )
)
#: A supply noun: "the supply of W to R" names the recipient in its "to" phrase.
_CONTRACT_SUPPLY = re.compile(
    fold_text(
        r"(?<!\w)(?:suppl\w*|deliver\w*|fournitur\w*|fourni\w*|livraison\w*|livrer|liefer\w*|suministr\w*|"
        r"entreg\w*|fornitur\w*|fornir\w*|consegn\w*|fornec\w*|поставк\w*|поставок|постав\w*|постачан\w*|"
        r"постача\w*|dostaw\w*|dostarcz\w*)(?!\w)"
    )
)
#: A comitative or seller preposition, then at most three words (an article, a company or institution noun:
#: "with the US government", "con el consorcio italiano", "z rządem USA", "auprès de"), then the party.
_CONTRACT_WITH = re.compile(
    fold_text(
        r"(?<!\w)(with|avec|aupr[eè]s d[eu]s?|aupr[eè]s de l'|mit|bei|con|com|с|со|з|із|зі|z|ze)\s+"
        r"((?:[\w'-]+\s+){0,3}(?:\w{1,2}'\s*)?)$"
    )
)
#: A comma that is not inside a number ("2,8 miliardi"), or strong punctuation: the end of the deal's phrase.
_CONTRACT_STOP = re.compile(r",(?!\d)|[;:]|\s[—–]\s")
#: Words from the signing verb to the contract noun, and from the noun to the weapons.
_VERB_NOUN_GAP, _NOUN_GOODS_GAP, _SIGNER_GAP = 10, 14, 8


def _institution(sent: Sentence, lex: Lexicon, m: Mention) -> bool:
    """Whether mention `m` is a state's institution (a ministry, a government, armed forces: the buyer's side of a
    procurement contract)."""
    cues = sent.cues or sentence_cues(sent, lex)
    return cues.has("institutions", m.start, m.end)


def _contract_partners(sent: Sentence, lex: Lexicon, pool: list[Mention], lo: int, hi: int) -> list[Mention]:
    """The parties in folded[lo:hi] after a comitative preposition ("with S", "z X" in the instrumental, "auprès de
    Naval Group"), the first one with those coordinated with it."""
    folded = sent.folded
    for m in pool:
        if not lo <= m.start < hi:
            continue
        hit = _CONTRACT_WITH.search(folded, max(sent.start, m.start - 48), m.start)
        if hit is None or _CONTRACT_STOP.search(hit.group(2)):
            continue
        if lex.case_marked and hit.group(1) in ("z", "ze", "с", "со", "з", "із", "зі"):
            # "z Koreą", "с Россией", "z rządem USA": the instrumental means "with"; "z Rosji" means "from"
            between = hit.group(2).split()
            if between:
                word = sent.original[hit.start(2) : hit.start(2) + len(between[0])]
                if not (lex.instrumental and fold_text(word).endswith(lex.instrumental)) and "ablt" not in cases(
                    word, lex.lang
                ):
                    continue
            else:
                forms = cases(m.text, lex.lang)
                if forms and len(forms) < 6 and "ablt" not in forms:
                    continue
        return _conjuncts(sent, m, pool, lex)
    return []


def _contract(
    sent: Sentence, lex: Lexicon, parties: list[Mention], origin: dict[int, str], ts: int, te: int, word: str
) -> list[Frame]:
    """The order a contract signing states (see the block comment above): [] unless a contract noun stands within
    `_VERB_NOUN_GAP` words of the verb and weapons within `_NOUN_GOODS_GAP` words after the noun."""
    folded = sent.folded
    nouns = [
        n
        for n in _CONTRACT_NOUN.finditer(folded, max(sent.start, ts - 120), min(sent.end, te + 120))
        if not any(m.start <= n.start() < m.end for m in sent.mentions)
        and _gap_words(folded[te : n.start()] if n.start() >= te else folded[n.end() : ts]) <= _VERB_NOUN_GAP
        and not _STRONG_STOP.search(folded[te : n.start()] if n.start() >= te else folded[n.end() : ts])
    ]
    if not nouns:
        return []
    noun = min(nouns, key=lambda n: abs(n.start() - ts))
    goods = next(
        (
            w
            for w in sent.weapons
            if w.start >= noun.end()
            and _gap_words(folded[noun.end() : w.start]) <= _NOUN_GOODS_GAP
            and not _CONTRACT_STOP.search(folded[noun.end() : w.start])
        ),
        None,
    )
    if goods is None:
        return []
    lo, hi = min(ts, noun.start()), goods.end
    if _CONTRACT_PLAN.search(folded, lo, hi):
        return []  # a letter of intent, a memorandum, talks: a plan, no order
    phrase = folded[noun.start() : goods.start]
    verb_phrase = folded[te : min(sent.end, te + 40)]  # "signed a deal ... to buy"
    # a sale noun first: "Verkauf" also holds "kauf"
    sells = _CONTRACT_SELL.search(phrase) is not None
    buys = not sells and (_CONTRACT_BUY.search(phrase) is not None or _CONTRACT_BUY.search(verb_phrase) is not None)
    supply = _CONTRACT_SUPPLY.search(phrase) is not None
    # the stretch after the goods that may still hold a party of the deal ("... (FDI) auprès de Naval Group")
    stop = _CONTRACT_STOP.search(folded, goods.end, sent.end)
    tail_end = min(stop.start() if stop else sent.end, goods.end + 60)
    partners = _contract_partners(sent, lex, parties, lo - 60, tail_end)
    side = "with"  # how the other side of the deal was named
    if not partners and not lex.case_marked:
        # the seller in a "from" phrase after the goods ("den Vertrag über 36 F-35A aus den USA unterschrieben")
        for m in parties:
            if goods.end <= m.start < tail_end:
                lists = _prep_lists(sent, m, lex)
                if "acquire_supplier" in lists and not {"supply_recipient", "genitive"} & lists:
                    partners, side = [m], "from"
                break
    partner_refs = {m.ref for m in partners}
    # the recipient a supply or sale noun names: "la fourniture de canons CAESAR à l'Arménie"
    to: Mention | None = None
    if supply or sells:
        for m in parties:
            if not (noun.end() <= m.start < tail_end and m.ref not in partner_refs):
                continue
            forms = cases(m.text, lex.lang) if lex.case_marked and m.nominative is False else frozenset()
            if "supply_recipient" in _prep_lists(sent, m, lex) or ("datv" in forms and "gent" not in forms):
                to = m
                break
    # the signers: the bare party before the verb (nominative where case says so), with its conjuncts; else one
    # right after it ("подписали Каир и Москва")
    signer: Mention | None = None
    for m in reversed(parties):
        if m.end > ts or m.ref in partner_refs or (to is not None and m is to):
            continue
        gap = folded[m.end : ts]
        # a verb-final clause puts the subject far from its verb ("Die Schweiz hat den Vertrag über ... unterschrieben")
        reach = _SIGNER_GAP * 3 if lex.verb_final else _SIGNER_GAP
        if _gap_words(gap) > reach or _CONTRACT_STOP.search(gap) or _lists_before(sent, m.start, lex):
            break
        if lex.case_marked and m.nominative is False:
            continue
        signer = m
        break
    if signer is None:
        for m in parties:
            if m.start >= te and m.ref not in partner_refs and m is not to:
                if _gap_words(folded[te : m.start]) <= 2 and not _lists_before(sent, m.start, lex) and (
                    not lex.case_marked or m.nominative is not False
                ):
                    signer = m
                break
    signers = _conjuncts(sent, signer, parties, lex) if signer is not None else []
    signer_refs = list(dict.fromkeys(m.ref for m in signers if m.ref not in partner_refs))
    # the goods' origin: a demonym or "made in" next to them, or the maker named right after them ("K9 Thunder di
    # Hanwha Aerospace", "LIG Nex1's Cheongung")
    made_by = sorted((start, ref) for start, ref in origin.items() if lo - 60 <= start < tail_end)
    goods_from = [ref for _, ref in made_by]
    named = [w for w in sent.weapons if goods.start <= w.start and w.end <= tail_end]
    for m in parties:
        if (
            m.start >= goods.end
            and m.ref not in partner_refs
            and any(w.end <= m.start and _gap_words(folded[w.end : m.start]) <= 1 for w in named)
            and "genitive" in _prep_lists(sent, m, lex)
        ):
            goods_from.append(m.ref)
        elif noun.end() <= m.start < goods.start and (
            folded.startswith(("'s ", "' "), m.end)
            or (m.text.isupper() and len(m.text) <= 4 and not folded[m.end : goods.start].strip())
        ):
            goods_from.append(m.ref)  # "to buy Israel's David's Sling air defence system", "for US drones"
    goods_from = list(dict.fromkeys(goods_from))
    pairs: list[tuple[str, str, str]] = []  # (supplier, recipient, how)
    if to is not None:
        others = [r for r in (list(partner_refs) or signer_refs) if r != to.ref]
        pairs = [(r, to.ref, "signer>to" if not partner_refs else "with>to") for r in others]
    elif partners and signer_refs:
        by_signer = any(r in signer_refs for r in goods_from)
        by_partner = any(r in partner_refs for r in goods_from)
        if by_signer != by_partner:  # the goods' maker is one side: it supplies ("... for French CAESAR guns")
            pairs = (
                [(s, p, "origin>with") for s in signer_refs for p in partner_refs]
                if by_signer
                else [(p, s, "with>signer") for p in partner_refs for s in signer_refs]
            )
        elif sells or (not buys and _institution(sent, lex, partners[0]) and not _institution(sent, lex, signers[0])):
            # "Mitsubishi Electric a signé avec le ministère philippin de la Défense un contrat": a maker signing
            # with a ministry, a government or armed forces sells to them
            pairs = [(s, p, "signer>with") for s in signer_refs for p in partner_refs]
        elif buys or not supply:
            # a buyer signs with its supplier ("Baghdad ha firmato con LIG Nex1 un contratto per ..."); a supply
            # noun alone says nothing ("podpisała z Armenią kontrakt na dostawę": either side may deliver)
            pairs = [(p, s, "with>signer") for p in partner_refs for s in signer_refs]
        else:
            # a supply noun alone: the named system's maker, when it is one side, delivers ("Francja podpisała z
            # Armenią kontrakt na dostawę haubic CAESAR")
            maker = _designation_makers(named, [*signer_refs, *partner_refs])
            if maker and maker[0] in signer_refs:
                pairs = [(maker[0], p, "origin>with") for p in partner_refs]
            elif maker:
                pairs = [(maker[0], s, "with>signer") for s in signer_refs]
    elif len(signer_refs) >= 2:
        # "X and Y signed a contract for [the purchase of] [W]": only the goods' origin says which of them supplies
        makers = [r for r in goods_from if r in signer_refs] or _designation_makers(named, signer_refs)
        if len(makers) == 1:
            pairs = [(makers[0], r, "origin>signer") for r in signer_refs if r != makers[0]]
    elif len(signer_refs) == 1 and not sells:
        # "Le Vietnam a signé un contrat pour 20 obusiers K9 sud-coréens": foreign goods are bought
        makers = [r for r in goods_from if r != signer_refs[0]]
        if len(makers) == 1:
            pairs = [(makers[0], signer_refs[0], "origin>signer")]
    out: list[Frame] = []
    clause_start = max(sent.start, min(lo, *(m.start for m in signers)) if signers else lo)
    for s, r, how in pairs:
        how = how.replace("with", side)
        if s == r or not s or not r:
            continue
        out.append(
            Frame(
                supplier=s,
                recipient=r,
                cls="acquire" if how.endswith("signer") else "supply",
                status="ordered",
                trigger=word,
                trigger_start=ts,
                trigger_end=te,
                scope_start=clause_start,
                clause_start=clause_start,
                clause_end=tail_end,
                span_start=clause_start,
                span_end=tail_end,
                how=how,
                score=1.0,
            )
        )
    return out


def _designation_makers(named: list[Mention], sides: list[str]) -> list[str]:
    """The maker state of the systems a contract names (designations.yaml `makers`: CAESAR -> FR, Patriot -> US),
    when it is one of the deal's named sides and every named system has that one maker: "France and Armenia
    signed a contract for CAESAR howitzers" is FR > AM. Taken only between two named sides, never as a party of
    its own (which would read a design origin as a supplier)."""
    table = _maker_table()
    states = {table.get(w.designation or "") for w in named if w.designation}
    if len(states) != 1 or None in states:
        return []
    maker = next(iter(states)) or ""
    return [maker] if maker in sides else []


_MAKERS: dict[str, str] = {}


def _maker_table() -> dict[str, str]:
    """Designation name -> maker state (designations.yaml), loaded once (as `designations.makers`, which imports
    this module)."""
    if not _MAKERS:
        data = load_yaml("designations.yaml")
        _MAKERS.update({str(k): str(v) for k, v in (data.get("makers") or {}).items()})
    return _MAKERS


_STRONG_STOP = re.compile(r"[;:]|\s[—–]\s|[.!?]\s")
