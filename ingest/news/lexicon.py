"""Per-language cue lexicon (graph/reference/news_lexicon.yaml) compiled into regexes, once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

import yaml
from babel import Locale

from ingest.news.cues import CueScanner, raw_lead
from ingest.news.reference import load_yaml
from ingest.news.text import compile_cues, cue_regex, entry_final, fold, only_at_start

__all__ = ["LANGUAGES", "Lexicon", "TriggerClass", "calendar_names", "get_lexicon"]

LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "ru", "uk", "pl")

#: A role list's test on the text before a mention: (name, `_before` pattern, the same read backwards or None).
RoleTest = tuple[str, re.Pattern[str], re.Pattern[str] | None]

#: Trigger classes: which role the grammatical subject of the verb plays.
TriggerClass = str  # "supply" | "acquire" | "use" | "arm" | "find" | "move" | "origin" | "contract"

_CUE_CLASSES = (
    # "wird ... liefern": a future auxiliary before an infinitive trigger, not a passive (frames.py)
    "future_aux",
    "infinitives",
    # "Mosca li aveva venduti a Damasco": a clitic or pronoun object standing for weapons named earlier (extract.py)
    "object_pronouns",
    "ordered",
    "hypothetical",
    "alleged",
    "warning",
    "refusal",
    # an abandoned, failed, cancelled or vetoed plan (`modality.py`), the links that put such a cue after the
    # trigger in charge of it ("was preparing to ship ... but backed off"), a wish ("wants to buy"), and a negative
    # determiner before the weapons ("liefert keine Waffen")
    "abandoned",
    "retraction",
    # "cancelled the order and bought K9 instead": a substitute the cancellation does not govern (modality.py)
    "substitute",
    "wish",
    "neg_determiner",
    "denial",
    "negation",
    "speech",
    "according",
    # a postpositive "according to" ("Kiew zufolge"): its source stands before it, not after (modality.py)
    "according_after",
    "intelligence",
    "officials",
    "subordinators",
    "relatives",
    # "among the countries", "l'un des pays", "среди стран": a relative clause after them takes the governing subject
    "members",
    # firing or launching verbs: their "from" phrase is a launch site, not the weapons' source (frames.py)
    "firing",
    # firms of a state, the subject of a transfer verb ("companies in India have supplied"; frames._owner)
    "firm_nouns",
    # goods entering service with a force ("entered service with", "поступили на вооружение"): also movement
    # triggers (`_build`); frames.enters_service tells them from other movements
    "service_entry",
    # goods moved on ("flown on to", "re-exported", "переправлен"): their source is the party that received them
    "onward_move",
    "conj",
    "passive_aux",
    # the auxiliary of a passive of state (es/pt "estar", "ficar"): a passive only before a participle (`frames.py`)
    "stative_aux",
    # a passive's agent preposition that also marks a source (de "von", it "da"): `frames._source_agent`
    "passive_agent",
    # trigger forms that are never passive whatever auxiliary precedes them ("is buying", "was sending")
    "active_forms",
    "made_in",
    # a participle of making right after a place name, verb-final order ("in Iran hergestellte Drohnen", "die in
    # Iran produziert wurden"): the place names the goods' origin (`frames.origins`)
    "made_after",
    "complementizers",
    # where found weapons were held ("in Russian positions", "dans les stocks russes"): `find` triggers
    "holdings",
    # "despite the denials": a denial that is conceded, not asserted
    "concessive",
    # precision vetoes (vetoes.py): letting another state transfer; people, not arms; the target of an attack
    "permission",
    "troops",
    "attack",
    "goods",
    "stationing",
    "place",
    "defence",
    # "sent Islamabad a stern message over the fighters": weapons in a phrase of cause are the topic, not the goods
    "cause",
    "downing",
    "backing",
    "claims",
    # "Israel accuses Iran of arming Hamas": the accuser is the claimant, not the supplier (vetoes.py)
    "accusation",
    # past purchase: "India bought Rafales from France" implies delivery (label guides); `modality.py`
    "bought",
    # "Tehran admitted sending drones": a party's admission keeps the pair delivered whatever it denies elsewhere
    "admission",
    "readiness",
    # "Iran said it delivered": a pronoun subject (the speaker's), not a party
    "subject_pronouns",
    # plural pronouns opening a sentence that stand for the goods of the one before ("They were delivered ..."): extract
    "goods_pronouns",
    # a noun phrase standing for goods named in an earlier sentence ("of this type", "the same class", "versions")
    "type_anaphors",
    # passive participles among trigger forms ("переданные", "отримані", "przekazane"): agent in the instrumental
    "participles",
    # short passive participles of supply verbs as predicates ("оснащена", "переданы"): `frames.py`
    "short_participles",
    # noun forms of triggers ("deliveries", "поставки"): a speaker is not their subject
    "nominals",
    # agent nouns of supply ("the main supplier of arms to Russia", "крупнейшим поставщиком оружия для рф"): the
    # subject of the copula supplies, the genitive or "to" phrase receives
    "agent_nouns",
    # agent nouns of acquisition ("the largest buyer of US weapons", "premier client des armes russes"): `frames.py`
    "buyer_nouns",
    # a build verb, and the word that names its customer ("construit pour", "будує для"): an order only with that
    # customer (frames.built_for); a reliance verb ("relies on", "опираются на"): its subject receives (frames.py)
    "build",
    "build_for",
    "reliance",
    # "violated the arms embargo on Libya": the trigger of an embargo breach, whose target receives (frames.py)
    "embargo_breach",
    # words allowed between a subject and an "arm" verb ("Iran has armed"); others make "armed" an adjective
    "arm_bridges",
    # "the country", "le pays", "страна": a state named before (`coref.py`)
    "anaphors",
    # "denies ..., but images show ...": a denial answered in the same sentence is contested, not a denial
    "contrast",
    # "a plane carrying a delegation": a vehicle word that names no arms transfer
    "not_arms",
    # "the Italian government", "il governo italiano", "российская армия": a demonym naming a state's institution
    # is that state as a party, not the origin of weapons
    "institutions",
    # "Berlin announced the delivery of ...", "Madrid confirmó el envío de ...": the announcer supplies
    "announce",
    # a seized or intercepted shipment is evidence of an attempted transfer: alleged, whatever the verb
    "seizure",
    # a synthetic conditional of a trigger ("enviaría", "livrerait", "riceverebbe"): a plan after a speech verb,
    # hearsay otherwise (`modality.py`); generated from the lemmas (`lemmas.py`)
    "conditional",
    # German object-first order ("Der Ukraine hat Deutschland ... überlassen", "Den Huthi liefert Iran"): an article
    # of the dative before a name marks an object, never the subject; "der" is also the nominative of masculine
    # names ("der Iran"), listed apart (frames._dative_lead)
    "oblique_articles",
    "masculine_names",
    # "die Lieferungen des Iran an Russland", "Nordkoreas Munitionslieferungen": the genitive after a transfer noun
    # is its agent when another party receives (frames._genitive_agent)
    "genitive_articles",
    # precision vetoes of session 6 (vetoes.py): the thanked party gives, a comitative party co-acts, local or
    # licensed production makes the origin no supplier, a demonym qualifying a group noun names no state
    "thanks",
    "comitative",
    "local_make",
    "group_nouns",
    "place_nouns",
    # "an Iranian dhow carrying missiles": the carrier's demonym is the goods' origin (frames._carrier_origins);
    # "Bolivian-flagged", "sous pavillon bolivien": a flag names no party (frames.flagged)
    "carriers",
    "flag_nouns",
    # "une partie des armes": a trigger word after a determiner that is a noun (vetoes._noun_homograph)
    "noun_homographs",
    # "found no evidence that South Africa loaded arms": a negated evidence noun asserts nothing (modality.py)
    "evidence_nouns",
    # a deal still to be concluded or under negotiation ("to close a deal", "pour conclure un accord", "переговоры"):
    # a conditional trigger after it sets out its terms, no transfer (modality._pending_deal)
    "pending_deal",
    # "già colpita da sanzioni americane": who imposed sanctions is no party (vetoes._sanctioner)
    "sanction_nouns",
    # "Amerykańskie czołgi zastąpią T-72 wysłane Ukrainie": the origin of replacing goods (vetoes._replacing)
    "replacement",
    # "granted export licences for Turkey", "лицензию на поставку": an authorised transfer, ordered; "the sale went to
    # Congress": a proposed one (modality._authorised)
    "licence",
    "legislature_notice",
)
_ROLE_LISTS = (
    "supply_recipient",
    "supply_supplier",
    "acquire_supplier",
    "acquire_recipient",
    "use_recipient",
    # where moved or seized goods were going ("arrived in", "bound for", "destinée à", "предназначенный для")
    "move_recipient",
    # "bound for", "headed to", "destinés aux", "предназначенных для": where found or seized goods were going
    "destination",
    "genitive",
    "other_preps",
)


_SLAVIC = ("ru", "uk", "pl")


@lru_cache(maxsize=16)
def calendar_names(lang: str) -> tuple[dict[str, int], dict[str, int]]:
    """Folded month and weekday names (CLDR, "format" and "stand-alone" forms) -> index (months 1-12, days 0 =
    Monday). Slavic names lose their last letter: the ending varies with case ("января", "январе")."""
    locale = Locale.parse(lang)
    months: dict[str, int] = {}
    days: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for table, out in ((locale.months[context]["wide"], months), (locale.days[context]["wide"], days)):
            for index, name in dict(table).items():
                key = fold(name).strip(".")
                out[key[:-1] if lang in _SLAVIC and len(key) > 4 else key] = index
    return months, days


def _before(entries: list[str], articles: list[str]) -> re.Pattern[str] | None:
    """Regex matching at the end of the text before a mention: a preposition, then optionally an article."""
    if not entries:
        return None
    preps = "|".join(f"(?:{cue_regex(e)})" for e in sorted(entries, key=len, reverse=True))
    arts = "|".join(f"(?:{cue_regex(a)})" for a in sorted(articles, key=len, reverse=True))
    art_part = rf"(?:\s*(?:{arts}))?" if arts else ""
    # Anchored on a word start followed by the rest of the tail, so `search` only tries a few positions.
    return re.compile(rf"(?:{preps}){art_part}\s*$")


#: Characters with a meaning in a regex outside a character class (no verbose flag: spaces are literal).
_REGEX_SPECIAL = frozenset(".^$*+?{}[]\\|()")


def _reversed_entry(entry: str) -> str | None:
    """The regex for `cue_regex(entry)` read backwards (on the reversed text), or None when the entry is not a
    plain word sequence or literal: the leading "(?<!\\w)" becomes a trailing "(?!\\w)" and vice versa."""
    if entry.startswith("re:"):
        raw = entry[3:]
        # `\b` reads the same both ways, so a literal after a leading one ("re:\ball'") reverses to the literal
        # reversed, then `\b`. A literal may hold spaces ("re:près d'"), which `re.escape` would escape.
        bounded = raw.startswith("\\b")
        literal = raw[2:] if bounded else raw
        if not literal or any(char in _REGEX_SPECIAL for char in literal):
            return None
        return re.escape(literal[::-1]) + ("\\b" if bounded else "")
    if "*" in entry:
        return None
    words = fold(entry).split()
    if not words:
        return None
    body = r"\s+".join(re.escape(w[::-1]) for w in reversed(words))
    head = "" if entry.endswith("'") else r"(?<!\w)"
    return rf"{head}{body}(?!\w)"


def _reversed_before(entries: list[str], articles: list[str]) -> re.Pattern[str] | None:
    """`_before` for the reversed text: `pattern.match(tail[::-1])` is true exactly when `_before(...)` finds a
    match in `tail`. Matching at the start of the reversed tail tries one position instead of every one."""
    if not entries:
        return None
    preps = [_reversed_entry(e) for e in entries]
    arts = [_reversed_entry(a) for a in articles]
    if any(x is None for x in preps + arts):
        return None
    art_part = rf"(?:(?:{'|'.join(f'(?:{a})' for a in arts if a)})\s*)?" if arts else ""
    return re.compile(rf"\s*{art_part}(?:{'|'.join(f'(?:{p})' for p in preps if p)})")


@dataclass
class Lexicon:
    lang: str
    triggers: list[tuple[re.Pattern[str], TriggerClass, str]]
    cues: dict[str, re.Pattern[str] | None]
    roles: dict[str, re.Pattern[str] | None]
    article_end: re.Pattern[str] | None
    verb_final: bool
    case_marked: bool
    approx: re.Pattern[str] | None
    scales: dict[str, float]
    numbers: dict[str, float]
    tens: re.Pattern[str] | None
    range_words: list[str]
    dates: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    #: The entries behind `dates`, all kinds together.
    date_entries: tuple[str, ...] = ()
    #: Per role list, the words its prepositions end with (`text.entry_final`); None when not fixed. A tail
    #: that does not end with one of them, possibly followed by an article, cannot match.
    role_finals: dict[str, frozenset[str] | None] = field(default_factory=dict)
    #: All the role lists, in order, as tests on the text before a mention.
    role_tests: tuple[RoleTest, ...] = ()
    #: For `frames._prep_lists`, everything spelled backwards: the role lists whose prepositions end with a
    #: given word, by that word; the articles that may follow a preposition (None when one is not a plain
    #: word: then every list is tried). Lists whose final words are not fixed are always tried.
    roles_by_final_backwards: dict[str, tuple[RoleTest, ...]] = field(default_factory=dict)
    articles_backwards: tuple[str, ...] | None = None
    roles_any_final: tuple[RoleTest, ...] = ()
    #: "made in" cues at the end of the text before a mention ("fabriqué en ").
    made_in_end: re.Pattern[str] | None = None
    #: The words a "made in" cue ends with (`text.entry_final`); None when not fixed.
    made_in_finals: frozenset[str] | None = None
    #: Text between a party and a later trigger that makes the party the trigger's subject: "accused Iran of
    #: supplying", "acusa a Irán de enviar", "wirft Minsk vor, ... zu liefern" (`controls` in the lexicon).
    controls: tuple[re.Pattern[str], ...] = ()
    #: Case endings of the instrumental (the agent of a passive participle: "переданные Польшей").
    instrumental: tuple[str, ...] = ()
    #: Boilerplate entries the cue index cannot hold (anchored regexes); the rest is the class "boilerplate".
    boilerplate_rest: re.Pattern[str] | None = None
    #: `boilerplate_rest` matches only at the start of the text (`text.only_at_start`): no sentence after the
    #: first can hold it.
    boilerplate_rest_at_start: bool = False
    #: Finds something in every text that holds a quantity (a digit, a number or scale word).
    quantity_hint: re.Pattern[str] | None = None
    #: The words of `quantity_hint` when each is one run of word characters and apostrophes (None otherwise): the
    #: hint then finds something in a text exactly when the text holds a digit or one of them as a whole such run,
    #: which a digit search and a set look-up tell faster than the hint, tried at every position.
    quantity_words: frozenset[str] | None = None
    #: The cue-index class of each of `triggers` ("trigger:supply_delivered"), same order.
    trigger_names: tuple[str, ...] = ()
    #: Every cue class, trigger list ("trigger:supply_delivered") and date cue ("date:yesterday"), indexed for
    #: look-ups inside a sentence (`cues.SentenceCues`).
    scanner: CueScanner = field(default_factory=lambda: CueScanner({}))

    def cue(self, name: str) -> re.Pattern[str] | None:
        return self.cues.get(name)

    @cached_property
    def trigger_classes(self) -> tuple[tuple[int | None, str, str, str], ...]:
        """Per trigger list: its cue-index class (None when the index cannot hold it), name, class and status."""
        indexed = self.scanner.indexed
        return tuple(
            (indexed.get(name), name, cls, status)
            for (_, cls, status), name in zip(self.triggers, self.trigger_names, strict=True)
        )


def _with_forms(raw: dict[str, Any], forms: dict[str, list[str]]) -> dict[str, Any]:
    """The language's lexicon with the forms generated from its lemmas (`lemmas.py`, news_forms.yaml) added:
    plain forms to their trigger list, futures to the `_ordered` list and the `ordered` cue, conditionals to the
    `_delivered` list and the `conditional` cue, German split verbs as raw regexes, nouns to `nominals`."""
    out = {k: list(v) if isinstance(v, list) else v for k, v in raw.items()}

    def extend(key: str, words: list[str]) -> None:
        have = {str(w) for w in out.get(key) or []}
        out[key] = [*(out.get(key) or []), *(w for w in words if w not in have)]

    for key, words in forms.items():
        cls, _, kind = key.partition("_")
        if key == "nominals":
            extend("nominals", words)
        elif kind == "future":
            extend(f"{cls}_ordered", words)
            extend("ordered", words)
        elif kind == "conditional":
            extend(f"{cls}_delivered", words)
            extend("conditional", words)
        elif kind == "separable":
            extend(f"{cls}_delivered", [f"re:{w}" for w in words])
        else:
            extend(key, words)
    return out


def _trie_regex(words: list[str], space: str = r"\s+", end: str = r"(?!\w)") -> str:
    """Plain word entries (folded, one space between words) as one regex trie: the lemma forms make lists of a
    thousand words, which an alternation tries one by one at every candidate. A longer entry is tried before an
    entry it extends ("hand over" before "hand"), as `compile_cues` orders them longest first. `space` is what a
    space matches and `end` what must follow an entry (`_literal_trie`: exactly the strings, nothing after)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        parts = [
            (space if char == " " else re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if "" in node:
            parts.append(end)
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return emit(trie)


def _compile_many(entries: list[Any]) -> re.Pattern[str] | None:
    """`compile_cues` for long lists: plain word entries go into a trie, the rest (prefixes "livr*", raw regexes,
    elisions "d'") as before. The same matches at a position, up to which of two overlapping entries wins."""
    items = [str(e) for e in entries if e]
    plain = sorted({" ".join(fold(e).split()) for e in items if _PLAIN.fullmatch(e)})
    if len(plain) < 40:
        return compile_cues(items)
    rest = compile_cues([e for e in items if not _PLAIN.fullmatch(e)])
    trie = rf"(?<!\w){_trie_regex(plain)}"
    return re.compile(trie if rest is None else f"{rest.pattern}|{trie}", re.UNICODE)


_PLAIN = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*", re.UNICODE)


def _build(lang: str, raw: dict[str, Any], boilerplate: list[str]) -> Lexicon:
    triggers: list[tuple[re.Pattern[str], TriggerClass, str]] = []
    trigger_entries: list[list[str]] = []
    for key, value in raw.items():
        if key == "move_delivered":  # entries into service are movements to the force the goods join
            value = [*(raw.get("service_entry") or []), *value]
        if (
            "_" in key
            and key.split("_")[0] in ("supply", "acquire", "use", "arm", "find", "move", "origin", "contract")
            and key.split("_")[1]
            in (
                "delivered",
                "ordered",
                "alleged",
            )
        ):
            pattern = _compile_many(value)
            if pattern is not None:
                cls, status = key.split("_")
                triggers.append((pattern, cls, status))
                trigger_entries.append([str(v) for v in value])
    articles = list(raw.get("articles") or [])
    roles = {name: _before(list(raw.get(name) or []), articles) for name in _ROLE_LISTS}
    cues = {name: _compile_many(raw.get(name) or []) for name in _CUE_CLASSES}
    arts = "|".join(f"(?:{cue_regex(a)})" for a in sorted(articles, key=len, reverse=True))
    dates = {name: compile_cues(words) for name, words in (raw.get("dates") or {}).items()}
    role_finals = {name: _finals(list(raw.get(name) or [])) for name in _ROLE_LISTS}
    article_literals = _literals(articles)
    tests: list[RoleTest] = []
    for name in _ROLE_LISTS:
        forward = roles[name]
        if forward is not None:
            tests.append((name, forward, _reversed_before([str(e) for e in raw.get(name) or []], articles)))
    scan: dict[str, tuple[re.Pattern[str], list[str]]] = {}
    for name in _CUE_CLASSES:
        cue = cues[name]
        if cue is not None:
            scan[name] = (cue, [str(e) for e in raw.get(name) or []])
    for (pattern, cls, status), entries in zip(triggers, trigger_entries, strict=True):
        scan[f"trigger:{cls}_{status}"] = (pattern, entries)
    all_dates: list[str] = []
    for kind, words in (raw.get("dates") or {}).items():
        date_cue = dates[kind]
        if date_cue is not None:
            scan[f"date:{kind}"] = (date_cue, [str(w) for w in words])
            all_dates += [str(w) for w in words]
    # Site furniture (any language): the entries the index can hold; `boilerplate_rest` has the others.
    indexed = [e for e in boilerplate if not e.startswith("re:") or raw_lead(e[3:]) is not None]
    furniture = compile_cues(indexed)
    if furniture is not None:
        scan["boilerplate"] = (furniture, indexed)
    any_date = compile_cues(all_dates)
    if any_date is not None:  # any relative date at all: one look-up before trying each kind
        scan["date:any"] = (any_date, all_dates)
    # Month and weekday names, as a first check before the calendar patterns of dates.py (which also need
    # them): "мая" is "ма*".
    star = "*" if lang in _SLAVIC else ""
    date_words = list(all_dates)
    for name, names in zip(("date:month", "date:weekday"), calendar_names(lang), strict=True):
        entries = [f"{key}{star}" for key in names]
        pattern = compile_cues(entries)
        if pattern is not None:
            scan[name] = (pattern, entries)
            date_words += entries
    any_word = compile_cues(date_words)
    if any_word is not None:
        scan["date:word"] = (any_word, date_words)
    made_in = cues["made_in"]
    return Lexicon(
        lang=lang,
        triggers=triggers,
        cues=cues,
        roles=roles,
        article_end=re.compile(rf"(?:{arts})\s*$") if arts else None,
        verb_final=bool(raw.get("verb_final")),
        case_marked=bool(raw.get("case_marked")),
        approx=compile_cues(raw.get("approx") or []),
        scales={fold(k): float(v) for k, v in (raw.get("scales") or {}).items()},
        numbers={fold(k): float(v) for k, v in (raw.get("numbers") or {}).items()},
        tens=compile_cues(raw.get("tens") or []),
        range_words=[fold(w) for w in raw.get("range") or []],
        dates=dates,
        date_entries=tuple(str(w) for words in (raw.get("dates") or {}).values() for w in words or []),
        role_finals=role_finals,
        role_tests=tuple(tests),
        roles_by_final_backwards={k[::-1]: v for k, v in _roles_by_final(tests, role_finals).items()},
        articles_backwards=None if article_literals is None else tuple(a[::-1] for a in article_literals),
        roles_any_final=tuple(t for t in tests if role_finals[t[0]] is None),
        made_in_end=re.compile(rf"(?:{made_in.pattern})\s*$") if made_in is not None else None,
        made_in_finals=_finals([str(e) for e in raw.get("made_in") or []]),
        controls=tuple(re.compile(str(c)) for c in raw.get("controls") or []),
        instrumental=tuple(fold(str(e)) for e in raw.get("instrumental") or []),
        trigger_names=tuple(f"trigger:{cls}_{status}" for _, cls, status in triggers),
        scanner=CueScanner(scan),
        boilerplate_rest=(rest := compile_cues([e for e in boilerplate if e not in indexed])),
        boilerplate_rest_at_start=rest is not None and only_at_start(rest),
        quantity_hint=_quantity_hint(quantity_keys := _quantity_keys(raw)),
        quantity_words=_quantity_words(quantity_keys),
    )


def _roles_by_final(
    tests: list[RoleTest], finals: dict[str, frozenset[str] | None]
) -> dict[str, tuple[RoleTest, ...]]:
    words = {w for f in finals.values() if f is not None for w in f}
    return {word: tuple(t for t in tests if word in (finals[t[0]] or ())) for word in words}


def _quantity_keys(raw: dict[str, Any]) -> list[str]:
    """The scale words and the numbers above one: the words `_quantity_hint` looks for."""
    return [*(raw.get("scales") or {}), *(k for k, v in (raw.get("numbers") or {}).items() if v > 1)]


#: A maximal run of the characters `_quantity_hint` requires on neither side of a word.
_QUANTITY_RUN = re.compile(r"[\w']+")


def _quantity_words(words: list[str]) -> frozenset[str] | None:
    """The keys of `_quantity_hint(words)` when each is a whole `_QUANTITY_RUN`: a key standing alone (no word
    character or apostrophe on either side) is then exactly a maximal run equal to it. None otherwise."""
    keys = {fold(str(w)) for w in words if len(fold(str(w)).split()) == 1}
    return frozenset(keys) if all(_QUANTITY_RUN.fullmatch(k) for k in keys) else None


def _quantity_hint(words: list[str]) -> re.Pattern[str]:
    """A digit, or one of `words` standing alone: `quantities.quantity_before` reads a value only from a token
    (a run of word characters, dots, commas and apostrophes, trimmed of dots and commas) that has a digit or is
    one of these words, and such a word has neither a word character nor an apostrophe next to it."""
    keys = sorted({fold(str(w)) for w in words if len(fold(str(w)).split()) == 1}, key=len, reverse=True)
    # The words as a trie (`_trie_regex`, one branch per letter): only whether something is found matters, and
    # the engine tries this at every position of the 60 characters before each weapon.
    return re.compile(rf"\d|(?<![\w'])(?:{_literal_trie(keys)})(?![\w'])" if keys else r"\d")


def _literal_trie(words: list[str]) -> str:
    """A regex matching exactly the strings `words` (any characters), written as a trie."""
    return _trie_regex(words, space=re.escape(" "), end="")


def _literals(entries: list[str]) -> tuple[str, ...] | None:
    """The text each entry matches, when all are plain words or literals ("le", "l'"); else None."""
    out = []
    for entry in entries:
        if entry.startswith("re:"):
            raw = entry[3:]
            if re.escape(raw) != raw:
                return None
            out.append(fold(raw))
        elif "*" in entry or len(fold(entry).split()) != 1:
            return None
        else:
            out.append(fold(entry).strip())
    return tuple(out)


def _finals(entries: list[str]) -> frozenset[str] | None:
    out = set()
    for entry in entries:
        final = entry_final(str(entry))
        if final is None:
            return None
        out.add(final)
    return frozenset(out)


def _load_forms() -> dict[str, dict[str, list[str]]]:
    """The generated forms (`lemmas.py`), read with libyaml when present: the pure-Python reader takes ~1 s on
    its 15,000 lines."""
    from ingest.news.lemmas import FORMS_FILE

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(FORMS_FILE.read_text(encoding="utf-8"), Loader=loader)  # a safe loader (C or Python)
    if not isinstance(data, dict):
        raise ValueError(f"{FORMS_FILE} must hold a mapping")
    return data


@dataclass(frozen=True)
class _All:
    by_lang: dict[str, Lexicon]
    boilerplate: re.Pattern[str] | None


@lru_cache(maxsize=1)
def _load() -> _All:
    data = load_yaml("news_lexicon.yaml")
    forms = _load_forms()
    boilerplate = [str(e) for e in data.get("boilerplate") or []]
    by_lang = {
        lang: _build(lang, _with_forms(data[lang], forms.get(lang) or {}), boilerplate)
        for lang in LANGUAGES
        if lang in data
    }
    return _All(by_lang=by_lang, boilerplate=compile_cues(data.get("boilerplate") or []))


def get_lexicon(lang: str) -> Lexicon:
    """The compiled lexicon for a language (English when the language has none). Cached."""
    lexicons = _load().by_lang
    return lexicons.get(lang) or lexicons["en"]


def boilerplate_pattern() -> re.Pattern[str] | None:
    return _load().boilerplate
