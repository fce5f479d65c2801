"""Mentions of actors, claimant institutions, news outlets and weapons, found with one Aho-Corasick automaton.

Names come from CLDR (babel) in every language the extractor reads, plus graph/reference/actors.yaml and
weapons.yaml. Russian, Ukrainian and Polish names are declined: their keys are stems matched as word prefixes,
and
multi-word names get their non-final words in every case ending. The automaton is built once per process
(`get_gazetteer`); a lookup is one pass over the folded text, O(len(text) + matches).

The goods of a transfer (weapons.yaml): a starred word before the last of a term is spelled out in every ending
("военн* техник*" matches "военную технику"); in German a compound whose head is a weapon term is that weapon
("Panzerhaubitzen") and a weapon modifier before a transfer noun names the goods ("Waffenlieferungen");
`Gazetteer.goods` turns generic nouns ("these systems", "машины") into weapons when they point back to weapons
named just before, drops phrases that only look like weapons ("think tank") and gives a class noun the model code
next to it ("Z-19 helicopters").
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final, NamedTuple

import ahocorasick
from babel import Locale

from graph.ids import actor_id
from graph.model import Actor
from graph.vocab import ActorKind, WeaponCategory
from ingest.news.morphology import cases, name_forms, noun_cases, plural_nominative
from ingest.news.reference import load_yaml
from ingest.news.text import compile_cues, fold
from ingest.resolve import state_actor

__all__ = ["Entry", "Gazetteer", "Mention", "get_gazetteer"]

_GENERIC = "generic"  # Entry.kind of a generic noun of goods ("the systems"): a weapon only with an antecedent
#: A model code right before a class noun: letters, an optional hyphen, digits, a few letters ("J-10C", "HQ-22",
#: "Д-30"), then only spaces or a hyphen up to the noun.
_CODE_BEFORE = re.compile(r"(?<![\w-])([A-ZА-ЯІЇЄ]{1,4}-?\d{1,4}[A-Za-zА-Яа-я0-9]{0,3})[\s-]+$")
_NOT_GOODS = "not_goods"  # Entry.kind of a phrase holding a weapon word that names no weapon ("think tank")
_GOODS_BACK = (
    1  # how many sentences back a generic noun finds its weapons ("... MiG-29s. Slovakia handed the machines")
)
_GOODS_AFTER = 16  # a weapon this close after a generic noun names the goods itself ("containers of shells")

#: Common nouns that run on from a declined name's stem and name no state: "Kongres" and "Конгрес" (a legislature,
#: the stem of Kongo/Конго), read whole words, folded.
_NOT_NAME_RUNS = frozenset(("kongres", "kongresy", "конгрес", "конгреси"))
_LOCALES = ("en", "fr", "de", "es", "it", "pt", "pt_PT", "ru", "uk", "pl")
_SLAVIC = ("ru", "uk", "pl")
_NOT_STATES = {
    "EU",
    "EZ",
    "UN",
    "QO",
    "XA",
    "XB",
    "ZZ",
    "AQ",
    "BV",
    "HM",
    "UM",
    "IC",
    "EA",
    "DG",
    "CP",
    "TA",
    "AC",
}
# Case endings used to decline Slavic names (folded: й -> и, ё -> е, ł stays).
_ENDINGS = {
    "ru": "а я ы и е у ю о ь ой ей ом ем ов ев ам ям ами ями ах ях ая ые ых ым ыми ий ыи ого ому ое ие "
    "их им ими ую ою ее",
    "uk": "а я и і ї е у ю о ь ою ею ом ем ів ам ям ами ях ах ої ій ий их им ими ого ому ім",
    "pl": "a e i y u o ę ą ej em ie ów om ami ach owi ych ym ymi ego emu ich im iej",
}
# Endings of the last word that mark a declined (non-nominative) Slavic name: "России", "Ірану", "Korei
# Północnej".
_OBLIQUE = {
    "ru": ("и", "у", "ю", "е", "ы", "ом", "ем", "ой", "ей", "ою", "ов", "ам", "ях", "ах", "ых"),
    "uk": ("і", "ї", "у", "ю", "е", "и", "ом", "ем", "ою", "ів", "ам", "их"),
    # not "-ów": a genitive plural, which no singular state name takes; "Kijów", "Charków" are nominatives (plural
    # groups are read by `_PLURAL_NOMINATIVE` before this)
    "pl": ("i", "u", "ę", "ą", "e", "y", "ej", "em", "om", "ych", "ami", "ach", "owi"),
}
# The endings of both a feminine nominative and a masculine genitive (the only names the dictionary is asked about).
_AMBIGUOUS_ENDINGS = ("а", "я", "a")
_PLURAL_NOMINATIVE = {"ru": ("ы", "и"), "uk": ("и", "і"), "pl": ("i", "y", "owie")}
_ADJ_NOMINATIVE = {
    "ru": ("ии", "ыи", "ая", "ое", "ие", "ые"),
    "uk": ("ии", "а", "е", "і"),
    "pl": ("i", "a", "ie", "y"),
}
#: Nominative plural endings of the nouns for a state's people ("американцы", "американці", "Amerykanie").
_PEOPLE_NOMINATIVE = {"ru": ("ы", "и", "е"), "uk": ("и", "і"), "pl": ("i", "y", "ie")}
_WORD_RUN = re.compile(r"\w*")
# Entry.check as stored in the automaton ("any" is 0); Final, so that compiled code reads them as constants
_PROPER: Final = 1
_CASE: Final = 2
_VARIANT: Final = 3
_INFLECTED: Final = 4
#: The longest variant suffix read on a type code ("MKI" of "Su-30MKI", "B3" of "T-72B3", "V5" of "Mi-17V5").
_VARIANT_EXT = 4
_UNSEEN = object()


@dataclass(frozen=True, slots=True)
class Entry:
    """What one automaton key stands for."""

    kind: str  # "actor" | "claimant" | "media" | "weapon" | "generic" (`Gazetteer.goods`)
    ref: str  # actor id, claimant or outlet name, or weapon category value
    key: str  # folded key as stored in the automaton
    original: str  # the spelling in the reference data (for case-sensitive abbreviations)
    mode: str = "exact"  # "exact": whole word; "prefix": the key plus a few more letters of the same word
    #: "any" | "proper" (capital initial) | "case" (exact case) | "variant" (`_variant_suffix`) | "inflected" (a
    #: capitalised name with a lower-case ending, in a Slavic text)
    check: str = "any"
    max_ext: int = 6
    demonym: bool = False
    designation: str | None = None
    lang: str | None = None
    #: A plural noun for a state's people ("die Amerikaner", "американцы"): the state as an actor, a noun in case.
    people: bool = False


#: What the automaton holds per entry of a key (`Gazetteer.find`): (prefix mode, max_ext, check, lang, rank, entry).
_Spec = tuple[bool, int, int, str | None, int, Entry]


class Mention(NamedTuple):
    """One name or weapon term found in a document (a tuple: documents hold hundreds, built fast)."""

    start: int
    end: int
    kind: str
    ref: str
    text: str
    demonym: bool = False
    designation: str | None = None
    #: Slavic case: True nominative, False oblique, None unknown (abbreviations, other languages).
    nominative: bool | None = None


#: A type code: capitals, an optional hyphen, two to four digits, an optional upper-case suffix ("M-346FA",
#: "J-35A", "T-50IQ", "Су-57Э").
_TYPE_CODE = re.compile(r"\s+([A-ZА-ЯЁІЇЄ]{1,4}-?\d{2,4}[A-ZА-ЯЁІЇЄ]{0,4})(?![\w-])")
#: Codes that name no weapon: summits, diseases, airliners, centrifuges, paper.
_NOT_ARMS_CODE = re.compile(r"(?:G\d+|COVID-?\d+|A3\d\d\w*|C9\d\d\w*|MS-21|SSJ\d*|IR-\d+\w*|B7\d\d\w*|A\d|H\d+N\d+)$")


#: A counted type code: a number, then letters (the first a capital), a hyphen, digits and an optional upper-case
#: suffix ("23 A-4 Skyhawks", "28 Su-30MKA", "12 Mi-24", "18 МиГ-29"): a count of a model is a count of goods.
_COUNTED_CODE = re.compile(
    r"(?<![\w.,])\d{1,4}\s+([A-ZА-ЯЁІЇЄ][A-Za-zА-Яа-яЁёІіЇїЄє]{0,3}-\d{1,4}[A-ZА-ЯЁІЇЄ]{0,4})(?![\w-])"
)


def _coded_goods(mentions: list[Mention], original: str) -> list[Mention]:
    """A type code right after a demonym names goods of that origin even where the vocabulary does not know the
    type ("перші італійські M-346FA", "Chinese J-35A stealth jets"), and so does a type code after a number ("the 23
    A-4 Skyhawks Brazil purchased"): a weapon mention of category "other", its code as designation. A code the
    vocabulary knows is already a mention; codes of non-arms are left out."""
    taken = {m.start for m in mentions}
    added: list[Mention] = []
    for m in mentions:
        if not m.demonym or m.kind != "actor":
            continue
        code = _TYPE_CODE.match(original, m.end)
        if code is None or code.start(1) in taken or _NOT_ARMS_CODE.match(code.group(1)):
            continue
        taken.add(code.start(1))
        added.append(Mention(code.start(1), code.end(1), "weapon", "other", code.group(1), False, code.group(1)))
    for code in _COUNTED_CODE.finditer(original):
        at = code.start(1)
        if at in taken or _NOT_ARMS_CODE.match(code.group(1)) or any(m.start <= at < m.end for m in mentions):
            continue
        added.append(Mention(at, code.end(1), "weapon", "other", code.group(1), False, code.group(1)))
    if not added:
        return mentions
    return sorted([*mentions, *added], key=lambda m: m.start)


def _german_genitive(lang: str, name: str) -> list[str]:
    """The German genitive in "-s" of a state's name ("Nordkoreas Granaten", "die Lieferungen Russlands"): neuter
    names take it; a name ending in a sibilant, or of several words, has none."""
    if lang != "de" or " " in name or name.endswith(("s", "x", "z", "ß")):
        return []
    return [name + "s"]


def _german_declined(lang: str, name: str) -> list[str]:
    """German dative and weak-adjective forms of a state's name ("den Niederlanden", "der Vereinigten Arabischen
    Emirate", "den Vereinigten Arabischen Emiraten", "der Zentralafrikanischen Republik"): an attributive adjective
    ("-e", "-es") takes "-en", a plural name in "-e" takes "-n" in the dative. Forms no text uses ("Ukrainen") cost
    a key and never match."""
    if lang != "de":
        return []
    words = name.split()
    adjectives = [w[:-2] + "en" if w.endswith("es") else w + "n" if w.endswith("e") else w for w in words[:-1]]
    last = words[-1]
    out = {" ".join([*adjectives, last])} if adjectives else set()
    if last.endswith("e"):
        out.add(" ".join([*adjectives, last + "n"]))
    out.discard(name)
    return sorted(out)


#: Feminine and plural forms that are other words: "indiana" is also a US state.
_NOT_GENDERED = frozenset({"india*", "indiana*"})


def _gendered(demonyms: list[str]) -> list[str]:
    """The other genders and numbers of the Romance demonyms in -o that the list gives in one form: "egipcio*"
    stands for "egipcia(s)" too, "egiziano*" for "egiziana", "egiziani", "egiziane", "libico" for "libiche" (es it
    pt; the feminine of most is the stem + "a", the Italian plurals + "i"/"e", after c and g + "hi"/"he"). Forms
    the list names already, or that are other words (`_NOT_GENDERED`), are left out."""
    have = set(demonyms)
    out: list[str] = []
    for raw in demonyms:
        base = raw.rstrip("*")
        if not _ROMANCE_O.fullmatch(base):
            continue
        stem = base[:-1]
        forms = [f"{stem}a*", f"{stem}i", f"{stem}e"]
        if stem.endswith(("c", "g")):
            forms += [f"{stem}hi", f"{stem}he"]
        out += [f for f in forms if f not in have and f not in _NOT_GENDERED]
    return out


#: A lower-case Latin demonym in -o of five letters or more ("russo", "egiziano"; not "-ão", whose forms differ).
_ROMANCE_O = re.compile(r"[a-zß-ÿ-]{3,}[^ã]o")


def _split_star(value: str) -> tuple[str, bool]:
    return (value[:-1], True) if value.endswith("*") else (value, False)


def _stem(word: str, lang: str, min_len: int) -> str:
    for ending in sorted(fold(_ENDINGS[lang]).split(), key=len, reverse=True):
        if word.endswith(ending) and len(word) - len(ending) >= min_len:
            return word[: -len(ending)]
    return word


def _slavic_keys(name: str, lang: str) -> list[tuple[str, str]]:
    """Folded (key, mode) pairs covering the declined forms of a CLDR name."""
    words = fold(name).split()
    endings = ["", *fold(_ENDINGS[lang]).split()]
    last = _stem(words[-1], lang, 4)
    if len(words) == 1:
        return [(last, "prefix")] if len(last) >= 4 else [(words[0], "exact")]
    if len(words) > 3:  # long official names are not declined in news text often enough to be worth 40^n keys
        return [(" ".join(words), "exact")]
    heads = [{w} | {_stem(w, lang, 3) + e for e in endings} for w in words[:-1]]
    return [(" ".join([*combo, last]), "prefix") for combo in itertools.product(*heads)]


@dataclass
class Gazetteer:
    automaton: Any
    actors: dict[str, Actor]
    labels: dict[str, str]
    nominatives: dict[str, set[str]] = field(default_factory=dict)
    #: Groups named in the plural ("the Houthis"): their Slavic case endings are the plural ones.
    plural: set[str] = field(default_factory=set)
    _nominatives_seen: dict[tuple[int, str, str], bool | None] = field(default_factory=dict, repr=False)
    #: German compounds: modifiers that make a weapon head no weapon ("Luftwaffe", "Erdgeschoss"), folded.
    not_modifiers: tuple[str, ...] = ()
    #: German compounds: transfer nouns after a weapon modifier ("Waffenlieferungen"), folded.
    transfer_heads: tuple[str, ...] = ()
    #: Claimant institutions of one state (name -> state code, `country` in actors.yaml): the State Department, the
    #: Pentagon. They act for their state as the subject of a transfer word (`extract._acting`).
    claimant_states: dict[str, str] = field(default_factory=dict)
    #: Generic nouns of goods: civilian qualifiers next to them, and "type X" after them (`goods`).
    civil: re.Pattern[str] | None = None
    typed: re.Pattern[str] | None = None
    #: Per language, the words right before a generic noun that make it point back ("these", "the", "wszystkie").
    determiners: dict[str, re.Pattern[str]] = field(default_factory=dict)
    #: Per language, the institution forms that name their state (`_institution_forms`).
    institutions: dict[str, _InstitutionForms] = field(default_factory=dict)

    def find(self, folded: str, original: str, lang: str) -> list[Mention]:
        """Non-overlapping mentions in `folded` (the fold of `original`), longest first at each position."""
        n = len(folded)
        # (start, -length, other language, rank, order, end, entry): sorting these tuples is the
        # order below; `order` keeps equal keys in the order found (as a stable sort would).
        found: list[tuple[int, int, bool, int, int, int, Entry]] = []
        word_run = _WORD_RUN.match
        compounding = lang == "de"
        slavic_text = lang in _SLAVIC
        # Typed, so that compiled code unpacks the automaton's values once and reads them natively (the automaton
        # itself is untyped): (end index, (key length, whether the key ends in a word character, entries)).
        end_index: int
        value: tuple[int, bool, tuple[_Spec, ...]]
        for end_index, value in self.automaton.iter(folded):
            key_len, word_final, entries = value
            # What depends on the key alone (its span, the characters around it) is read once per match, not
            # once per entry: a key's entries share its length.
            end0 = end_index + 1
            key_start = end0 - key_len
            # inside a word: only a German weapon head of a compound can match there ("Panzerhaubitzen")
            inside = key_start > 0 and (folded[key_start - 1].isalnum() or folded[key_start - 1] == "_")
            if inside and not compounding:
                continue
            # `\w` is exactly "isalnum() or underscore" (checked over every code point).
            after = folded[end0] if end0 < n else ""
            after_word = after.isalnum() or after == "_"
            run_end = -1  # where the word running on after the key ends, for prefix entries (read once)
            for prefix, max_ext, check, entry_lang, rank, entry in entries:
                start = key_start
                if inside:
                    if entry_lang != "de" or entry.kind != "weapon":
                        continue
                    start = self._compound_start(folded, key_start, entry)
                    if start < 0:
                        continue
                end = end0
                if prefix:
                    if entry_lang is not None and entry_lang in _SLAVIC and not slavic_text:
                        continue  # a declension stem of a Slavic name ("kong" of "Kongo") outside Slavic text
                    if after_word:
                        if run_end < 0:
                            run = word_run(folded, end0)
                            run_end = run.end() if run is not None else end0
                        end = run_end
                        if folded[start:end] in _NOT_NAME_RUNS:
                            continue  # "Kongres": a legislature, not Kongo declined
                        if end - end0 > max_ext:
                            # "Drohnenlieferungen": a weapon modifier before a transfer noun names the goods
                            if not (compounding and entry_lang == "de" and self._transfer_head(folded, end0, end)):
                                continue
                            end = end0
                elif after_word and word_final and not (
                    # "Waffenlieferungen", "Munitionslieferungen": the modifier is the weapon
                    compounding and entry_lang == "de" and self._transfer_head(folded, end0, -1)
                ):
                    continue
                if check == _PROPER:
                    first = original[start]
                    if not (first.isupper() or not first.isalpha()):
                        continue
                elif check == _CASE and original[start:end0] != entry.original:
                    continue
                elif check == _VARIANT and (end == end0 or not _variant_suffix(original, end0, end)):
                    continue  # a code's variant is upper case ("F-16V", "Су-30МКИ"); "F-16s" is its plural entry
                elif check == _INFLECTED and (
                    not slavic_text or end == end0 or not original[start].isupper() or not original[end0:end].islower()
                ):
                    continue  # a Latin-script name declined in a Slavic text: "Stingerów", "Javelinami"
                other_lang = entry_lang is not None and entry_lang != lang
                found.append((start, start - end, other_lang, rank, len(found), end, entry))
        # Longest span first; for equal spans prefer an entry in the document's language.
        # A demonym beats a name stem on the same span ("Иранские" is the adjective, not "Иран" declined).
        found.sort()
        slavic = lang in _SLAVIC
        nominative = self._nominative_memo
        new_mention = tuple.__new__
        mentions: list[Mention] = []
        last_end = -1
        for start, _, _, _, _, end, entry in found:
            if start < last_end:
                continue
            last_end = end
            surface = original[start:end]
            mentions.append(
                new_mention(  # `Mention(...)` without the keyword handling: documents hold hundreds
                    Mention,
                    (
                        start,
                        end,
                        entry.kind,
                        entry.ref,
                        surface,
                        entry.demonym,
                        entry.designation,
                        # `_nominative` is None for weapons and the like: no memo look-up for them
                        nominative(entry, surface, lang) if slavic and entry.kind == "actor" else None,
                    ),
                )
            )
        if mentions:
            mentions = _coded_goods(mentions, original)
        forms = self.institutions.get(lang)
        if forms is not None and mentions and forms.any_head.search(folded) is not None:
            mentions = self._institution_forms(mentions, folded, original, lang, forms)
        return mentions

    def _institution_forms(
        self, mentions: list[Mention], folded: str, original: str, lang: str, forms: _InstitutionForms
    ) -> list[Mention]:
        """A state's institution with its owner next to it becomes one mention of the state, as a party: a demonym
        before the head ("the Syrian Defence Ministry", "литовське відомство"), a demonym after the head and its
        complement ("al Ministerio de Defensa sirio") or a Slavic oblique name after them ("Министерством обороны
        Грузии"). The span covers the whole form, so that the preposition before it gives its role and an
        "officials" cue inside it ("ministry") does not make the owner a speaker; in the Slavic languages the
        mention's text is the phrase up to the head noun, whose case is the form's. Cost: two anchored regex
        tests per state mention in a document that holds a head."""
        out: list[Mention] = []
        skip_to = -1
        for m in mentions:
            if m.start < skip_to:
                continue
            if m.kind != "actor" or len(m.ref) != 2 or not m.ref.isupper():
                out.append(m)
                continue
            start = end = head_start = head_end = -1
            if m.demonym:
                after = forms.head_after.match(folded, m.end)
                if after is not None:
                    start, end, head_start, head_end = m.start, after.end(), after.start("head"), after.end("head")
            if start < 0 and (forms.postposed if m.demonym else forms.genitive and m.nominative is False):
                before = forms.head_before.search(folded, max(0, m.start - 60), m.start)
                if before is not None and before.end() == m.start:
                    head_start, head_end = before.start("head"), before.end("head")
                    start, end = head_start, m.end
            if start < 0 or any(o.end > start and o.kind == "actor" for o in out):
                out.append(m)
                continue
            while out and out[-1].end > start:  # a word inside the form read as a weapon or the like
                out.pop()
            text, nominative = original[start:end], None
            if lang in _SLAVIC:
                text = original[min(start, head_start) : head_end]
                found = cases(original[head_start:head_end].split()[0], lang)
                nominative = ("nomn" in found) if found else None
            out.append(Mention(start, end, "actor", m.ref, text, False, None, nominative))
            skip_to = end
        return out

    def _transfer_head(self, folded: str, at: int, end: int) -> bool:
        """Whether the rest of the word from `at` (to `end`, or the word's end when -1) is a transfer noun after a
        linking element: "Waffen|lieferungen", "Munition|s|lieferungen", "Panzer|exporte"."""
        if end < 0:
            end = at
            while end < len(folded) and folded[end].isalpha():
                end += 1
        rest = folded[at:end]
        if rest[:1] in ("s", "n") and not rest.startswith(self.transfer_heads):
            rest = rest[1:]
        return len(rest) >= 4 and rest.startswith(self.transfer_heads)

    def _compound_start(self, folded: str, head: int, entry: Entry) -> int:
        """Start of the compound word whose head (a German weapon term) starts at `head`, or -1: the modifier is
        letters only, at least three of them, and not one of `not_modifiers` ("Luftwaffe")."""
        if " " in entry.key or "-" in entry.key:
            return -1
        start = head
        while start > 0 and folded[start - 1].isalpha():
            start -= 1
        if head - start < 3 or (start > 0 and (folded[start - 1].isdigit() or folded[start - 1] == "_")):
            return -1
        modifier = folded[start:head]
        if modifier.endswith(self.not_modifiers):
            return -1
        return start

    def goods(
        self,
        mentions: list[Mention],
        folded: str,
        original: str,
        spans: list[tuple[int, int]],
        lang: str,
        trace: list[str] | None = None,
    ) -> list[Mention]:
        """Generic nouns of goods ("the systems", "appareils", "машины", "техніку") as weapons, or dropped.

        A generic noun of the document's language names weapons when a determiner, number or possessive stands
        right before it and a weapon is named before it in its sentence or the sentence before (it takes that
        weapon's category and designation: "Slovakia handed over all thirteen machines" after the MiG-29s), or when
        a type phrase with a designation follows it ("машину модифікації M1A1"); never next to a civilian word
        ("medical equipment", "payment systems"), nor when a weapon right after it names the goods ("containers of
        shells"). `trace` receives why each was kept or dropped. Cost: nothing without a generic noun."""
        mentions = self._designate(mentions, original, trace)
        if not any(m.kind == _GENERIC or m.kind == _NOT_GOODS for m in mentions):
            return mentions
        starts = [s for s, _ in spans]
        out: list[Mention] = []
        last_weapon: Mention | None = None
        for i, m in enumerate(mentions):
            if m.kind == "weapon":
                last_weapon = m
            if m.kind != _GENERIC:
                if m.kind != _NOT_GOODS:  # "think tank", "fuel tank": longer than the weapon term, and no weapon
                    out.append(m)
                elif trace is not None:
                    trace.append(f"goods: {m.text!r} [{m.start}] names no weapon (dropped)")
                continue
            if m.ref != lang:
                continue  # "container ships" in English is no Italian "container" (generic nouns of one language)
            why = ""
            ref, designation = "", None  # the weapon category it stands for, when it does
            after = next((w for w in mentions[i + 1 : i + 3] if w.kind == "weapon"), None)
            typed = self.typed.match(original, m.end, min(len(original), m.end + 48)) if self.typed else None
            if after is not None and after.start - m.end <= _GOODS_AFTER:
                why = f"the weapon after it names the goods ({after.text!r})"  # "containers of shells"
            elif self.civil is not None and self.civil.search(
                folded, max(0, m.start - 16), min(len(folded), m.end + 24)
            ):
                why = "a civilian word next to it"
            elif typed is not None:
                code = typed.start(1)
                named = next((w for w in mentions if w.kind == "weapon" and w.start == code), None)
                ref, designation = (named.ref, named.designation) if named is not None else ("arms", typed.group(1))
                why = f"type phrase {typed.group(0).strip()!r}"
            elif last_weapon is None:
                why = "no weapon named before it"
            elif not self._determined(folded, m.start, lang):
                why = "no determiner, number or possessive before it"
            elif last_weapon.start < starts[max(0, bisect.bisect_right(starts, m.start) - 1 - _GOODS_BACK)]:
                why = f"the weapons before it ({last_weapon.text!r}) are too far back"
            else:
                ref, designation = last_weapon.ref, last_weapon.designation
                why = f"stands for {last_weapon.text!r} named before it"
            if ref:
                out.append(m._replace(kind="weapon", ref=ref, designation=designation))
            if trace is not None:
                verdict = f"weapon {ref}" if ref else "dropped"
                trace.append(f"goods: generic noun {m.text!r} [{m.start}] -> {verdict}: {why}")
        return out

    def _designate(self, mentions: list[Mention], original: str, trace: list[str] | None) -> list[Mention]:
        """A class noun with a model code the lexicon does not list right before it ("J-10C fighters", "HQ-22
        surface-to-air missile systems") or in a type phrase after it ("Panzerhaubitzen vom Typ M109",
        "гаубицы типа Д-30") takes the code as its designation (the category stays the class noun's)."""
        out: list[Mention] | None = None
        previous_end = -1
        for i, m in enumerate(mentions):
            if m.kind == "weapon" and m.designation is None:
                code = None
                before = _CODE_BEFORE.search(original, max(0, m.start - 16), m.start)
                if before is not None and before.start(1) >= previous_end:
                    code = before.group(1)
                elif self.typed is not None:
                    typed = self.typed.match(original, m.end, min(len(original), m.end + 32))
                    if typed is not None:
                        code = typed.group(1)
                if code is not None:
                    if out is None:
                        out = list(mentions)
                    out[i] = m._replace(designation=code.rstrip("s") if code.endswith("s") else code)
                    if trace is not None:
                        trace.append(f"goods: {m.text!r} [{m.start}] takes the model code {code!r} next to it")
            previous_end = m.end
        return mentions if out is None else out

    def _determined(self, folded: str, start: int, lang: str) -> bool:
        """Whether the word before `start` is a determiner, a number or a possessive ("these", "24", "swoje")."""
        pattern = self.determiners.get(lang)
        return pattern is not None and pattern.search(folded, max(0, start - 24), start) is not None

    def _nominative_memo(self, entry: Entry, surface: str, lang: str) -> bool | None:
        """`_nominative`, memoized per entry and spelling (a document names the same states again and again)."""
        key = (id(entry), surface, lang)  # entries live as long as the automaton
        memo = self._nominatives_seen
        found = memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            if len(memo) >= 100_000:
                memo.clear()  # bounded in a long-running process
            found = memo[key] = self._nominative(entry, surface, lang)
        return found  # type: ignore[return-value]

    def _nominative(self, entry: Entry, surface: str, lang: str) -> bool | None:
        if lang not in _SLAVIC or entry.kind != "actor" or entry.check == "case":
            return None
        if entry.demonym:  # adjectives: nominative endings "-ий/-ые/-ая", "-і/-а", "-i/-ie/-a"
            return fold(surface).endswith(_ADJ_NOMINATIVE[lang])
        if entry.people:  # plural nouns: "американцы", "американці", "Amerykanie" (not "американцев", "Amerykanom")
            return fold(surface).endswith(_PEOPLE_NOMINATIVE[lang])
        if surface.isupper():
            return None  # indeclinable abbreviations: КНДР, США
        if fold(surface) in self.nominatives.get(entry.ref, set()):
            return True
        if entry.ref in self.plural:  # "Хуситы"/"Хусити" (nominative plural), not "хуситов"/"хуситам"
            return fold(surface).endswith(_PLURAL_NOMINATIVE[lang])
        if surface.lower().endswith(_OBLIQUE[lang]):
            # "Ateny", "Афины": a plurale tantum's nominative has an oblique-looking ending (dictionary, cached)
            return plural_nominative(surface, lang)
        # "-а"/"-я"/"-a" ends feminine nominatives ("Москва", "Росія") and masculine genitives ("Пхеньяна",
        # "Мінська"): the dictionary tells them apart (asked only about these endings; cached per word)
        if not surface.endswith(_AMBIGUOUS_ENDINGS):
            return True
        found = noun_cases(surface, lang)
        return not found or "nomn" in found

    def label(self, actor: str) -> str:
        """English adjective for claimant names ("US", "South Korean")."""
        return self.labels.get(actor) or self.actors[actor].name if actor in self.actors else actor


class _InstitutionForms(NamedTuple):
    """One language's institution forms (actors.yaml `institutions`), compiled over folded text."""

    any_head: re.Pattern[str]  # a head anywhere: documents without one skip the pass
    head_after: re.Pattern[str]  # matched at a demonym's end: " [complement] HEAD [complement]"
    head_before: re.Pattern[str]  # searched before an owner: "HEAD [complement] " ending right at it
    postposed: bool  # a demonym may follow the head (fr es it pt pl)
    genitive: bool  # an oblique Slavic name may follow the head (ru uk pl)


def _alternation(words: Iterable[str]) -> str:
    parts = []
    for word in sorted((str(w) for w in words), key=len, reverse=True):
        body, star = _split_star(word)
        parts.append(r"\s+".join(re.escape(w) for w in fold(body).split()) + (r"\w*" if star else ""))
    return "|".join(parts)


def _institution_patterns(spec: dict[str, Any]) -> _InstitutionForms:
    heads = _alternation(spec.get("heads") or [])
    comp = _alternation(spec.get("complements") or []) or r"(?!)"
    return _InstitutionForms(
        any_head=re.compile(rf"(?<!\w)(?:{heads})(?!\w)"),
        head_after=re.compile(rf"\s+(?:(?:{comp})\s+)?(?P<head>{heads})(?:\s+(?:{comp}))?(?!\w)"),
        head_before=re.compile(rf"(?<!\w)(?P<head>{heads})(?:\s+(?:{comp}))?\s+$"),
        postposed=bool(spec.get("postposed")),
        genitive=bool(spec.get("genitive")),
    )


class _Builder:
    def __init__(self) -> None:
        self.keys: dict[str, list[Entry]] = {}

    def add(self, entry: Entry) -> None:
        if len(entry.key) < 2:
            return
        bucket = self.keys.setdefault(entry.key, [])
        if entry not in bucket:
            bucket.append(entry)

    def add_names(
        self,
        kind: str,
        ref: str,
        names: Iterable[str],
        check: str,
        demonym: bool = False,
        lang: str | None = None,
        designation: str | None = None,
        people: bool = False,
    ) -> None:
        for raw in _inner_stars(names, lang):
            value, star = _split_star(str(raw))
            key = fold(value).strip()
            entry_check = check
            if value.isupper() and len(value.replace(".", "")) <= 6 and any(c.isalpha() for c in value):
                entry_check = "case"  # abbreviations: "US" but not "us", "EAU" but not "eau"
            self.add(
                Entry(
                    kind=kind,
                    ref=ref,
                    key=key,
                    original=value,
                    mode="prefix" if star else "exact",
                    check=entry_check,
                    demonym=demonym,
                    lang=lang,
                    designation=designation,
                    people=people,
                )
            )


#: Endings a non-final starred word of a multi-word term takes outside the Slavic languages ("navire* de guerre").
_ENDINGS_OTHER = "s es e en n x i a o he hi er ern oes ais eis"


def _inner_stars(names: Iterable[str], lang: str | None) -> Iterable[str]:
    """Names with a starred word before the last ("военн* техник*", "navire* de guerre", "pocisk* balistyczn*")
    spelled out with every ending of the language: the automaton matches whole keys, so a star inside a key would
    never match. Only the last word keeps its star (a prefix match)."""
    for raw in names:
        words = str(raw).split()
        if len(words) < 2 or not any(w.endswith("*") for w in words[:-1]):
            yield raw
            continue
        endings = ["", *_ENDINGS.get(lang or "", _ENDINGS_OTHER).split()]
        options = [[w[:-1] + e for e in endings] if w.endswith("*") else [w] for w in words[:-1]]
        for combo in itertools.product(*options):
            yield " ".join([*combo, words[-1]])


def _rank(entry: Entry) -> int:
    """Which of two entries on the same span wins (lower first): an exact name beats a demonym ("Deutschland" is
    no "deutsch*", Italian "Libia" no Spanish adjective "libia"), a demonym beats a name stem ("Иранские" is no
    "Иран" declined)."""
    if entry.kind == _GENERIC:
        return 3  # a weapon term on the same span wins ("Flugabwehrsystem" is air defence, not "System")
    return 0 if not entry.demonym and entry.mode != "prefix" else (1 if entry.demonym or entry.people else 2)


def _variant_suffix(original: str, start: int, end: int) -> bool:
    """Whether original[start:end], the run right after a type code, is a model suffix: capitals and digits,
    opening with a capital ("V", "MKI", "B3", "CE"; an English plural after it: "F-16Vs"), never a lower-case
    ending alone ("F-16s", its own entry) or more digits."""
    suffix = original[start:end]
    if len(suffix) > 1 and suffix[-1] == "s":
        suffix = suffix[:-1]
    return suffix[0].isalpha() and all(c.isupper() or c.isdigit() for c in suffix)


def _designation_variants(alias: str) -> set[str]:
    out = {alias}
    if "-" in alias and any(c.isdigit() for c in alias):
        out |= {alias.replace("-", " "), alias.replace("-", "")}
    if any(c.isdigit() for c in alias) and (alias[-1].isdigit() or alias[-1].isupper()):
        out |= {v + "s" for v in out}  # English plurals of codes: "K9s", "FA-50s", "T-72Bs"
    return out


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (≈0.5 s to build, then shared)."""
    build = _Builder()
    actors: dict[str, Actor] = {}
    nominatives: dict[str, set[str]] = {}
    data = load_yaml("actors.yaml")
    states: dict[str, dict[str, Any]] = data.get("states") or {}
    labels = {code: str(spec.get("label") or code) for code, spec in states.items()}
    for locale in _LOCALES:
        lang = locale.split("_")[0]
        for code, name in Locale.parse(locale).territories.items():
            if len(code) != 2 or not code.isalpha() or code in _NOT_STATES:
                continue
            name = re.sub(r"\s*\(.*?\)", "", name).strip()
            nominatives.setdefault(code, set()).add(fold(name))
            if lang in _SLAVIC:
                for key, mode in _slavic_keys(name, lang):
                    build.add(
                        Entry(
                            kind="actor",
                            ref=code,
                            key=key,
                            original=name,
                            mode=mode,
                            check="proper",
                            max_ext=3,
                            lang=lang,  # a stem read only in Slavic text: Polish "Kong(o)" is no "Hong Kong"
                        )
                    )
                # the name and the dictionary's case forms of it, exact: a stem with a fleeting vowel ("Египта") no
                # prefix of the nominative covers; a stem shared with another name ("нигер": Niger, "Нигерия")
                for form in (name, *name_forms(name, lang)) if " " not in name else ():
                    build.add(Entry(kind="actor", ref=code, key=fold(form), original=form, check="proper"))
            else:
                declined = [*_german_genitive(lang, name), *_german_declined(lang, name)]
                build.add_names("actor", code, [name, *declined], "proper")
    for code, spec in states.items():
        # Slavic nominatives whose ending looks oblique (plural names: "Эмираты", "Емірати", "Emiraty")
        nominatives.setdefault(code, set()).update(fold(str(n)) for n in spec.get("nominatives") or [])
        build.add_names("actor", code, spec.get("names") or [], "proper")
        metonyms = [str(m) for m in spec.get("metonyms") or []]
        build.add_names("actor", code, metonyms, "proper")
        # "nach Angaben Kiews", "Moskaus Krieg": the German genitive of a capital, as of a state's name
        genitives = [g for m in metonyms if "*" not in m for g in _german_genitive("de", m)]
        build.add_names("actor", code, genitives, "proper")
        build.add_names("actor", code, spec.get("leaders") or [], "proper")
        # state-owned and national arms makers stand for their state (label guide: "companies stand for their state")
        build.add_names("actor", code, spec.get("companies") or [], "proper")
        build.add_names("actor", code, spec.get("abbreviations") or [], "case")
        for raw in spec.get("lowercase") or []:  # "росія", "рф": any case, as the stem of a declined name
            value, star = _split_star(str(raw))
            build.add(
                Entry(
                    kind="actor",
                    ref=code,
                    key=fold(value),
                    original=value,
                    mode="prefix" if star else "exact",
                    max_ext=3,
                )
            )
        demonyms = [str(d) for d in spec.get("demonyms") or []]
        build.add_names("actor", code, [*demonyms, *_gendered(demonyms)], "any", demonym=True)
        build.add_names("actor", code, spec.get("people") or [], "any", people=True)
    plural: set[str] = set()
    for spec in data.get("groups") or []:
        country = spec.get("country")
        gid = actor_id(ActorKind.ARMED_GROUP, spec["name"], country)
        if spec.get("plural"):
            plural.add(gid)
        actors[gid] = Actor(
            id=gid,
            kind=ActorKind.ARMED_GROUP,
            name=spec["name"],
            country=country,
            aliases=tuple(a.rstrip("*") for a in spec.get("aliases") or []),
        )
        build.add_names("actor", gid, [spec["name"], *(spec.get("aliases") or [])], "any")
    claimant_states: dict[str, str] = {}
    for section, kind in (("claimants", "claimant"), ("media", "media")):
        for spec in data.get(section) or []:
            build.add_names(kind, spec["name"], [spec["name"], *(spec.get("aliases") or [])], "proper")
            if kind == "claimant" and spec.get("country"):
                claimant_states[str(spec["name"])] = str(spec["country"])
    weapons = load_yaml("weapons.yaml")
    for category, by_lang in (weapons.get("terms") or {}).items():
        WeaponCategory(category)  # fail loudly on a category the vocabulary does not know
        for lang, terms in by_lang.items():
            build.add_names("weapon", category, terms or [], "any", lang=lang)
    for spec in weapons.get("designations") or []:
        WeaponCategory(spec["category"])
        for raw_alias in spec.get("aliases") or []:
            alias = str(raw_alias)
            check = "proper" if alias.rstrip("*").isalpha() else "any"
            variants = _designation_variants(alias)
            build.add_names("weapon", spec["category"], variants, check, designation=spec["name"])
            # the name with an ending the automaton's exact key would refuse, tested by `find`: its case forms in a
            # Slavic text ("Stingerów", "Javelinami"), a code's model suffix ("F-16V", "Mi-17V5", "Су-30МКИ")
            endings = [(alias, "inflected", 3)] if alias.isascii() and alias.isalpha() and len(alias) >= 5 else []
            endings += [(v, "variant", _VARIANT_EXT) for v in variants if v[-1].isdigit()]
            for form, form_check, ext in endings:
                build.add(
                    Entry(
                        kind="weapon",
                        ref=spec["category"],
                        key=fold(form),
                        original=form,
                        mode="prefix",
                        check=form_check,
                        max_ext=ext,
                        designation=spec["name"],
                    )
                )
    for lang, nouns in (weapons.get("generic") or {}).items():
        build.add_names(_GENERIC, lang, nouns or [], "any", lang=lang)  # ref: the language it is read in
    build.add_names(_NOT_GOODS, "", weapons.get("not_weapons") or [], "any")
    german = (weapons.get("compounds") or {}).get("de") or {}
    not_modifiers = tuple(fold(str(w)) for w in german.get("not_modifiers") or [])
    transfer_heads = tuple(fold(str(w)) for w in german.get("transfer_heads") or [])
    civil = compile_cues(weapons.get("generic_not") or [])
    type_words = sorted((str(w) for w in weapons.get("type_words") or []), key=len, reverse=True)
    # the type word, then the designation ("of type M113", "typu MiG-29", "vom Typ M109")
    typed = re.compile(
        r"\W{0,3}(?i:"
        + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in type_words)
        + r")\s+[«\"„“']?([A-ZА-ЯІЇЄ][A-Za-zА-Яа-яІіЇїЄє]{0,5}[- ]?\d[\w/-]*)"
    )
    determiners = {
        lang: re.compile(
            r"(?:(?<!\w)(?:"
            + "|".join(sorted((re.escape(fold(str(w))) for w in words), key=len, reverse=True))
            + r")|\d)\s*$"
        )
        for lang, words in (weapons.get("generic_determiners") or {}).items()
    }
    automaton = ahocorasick.Automaton()
    checks = {"any": 0, "proper": _PROPER, "case": _CASE, "variant": _VARIANT, "inflected": _INFLECTED}
    for key, entries in build.keys.items():
        # What `Gazetteer.find` reads per match, unpacked once here.
        specs = tuple((e.mode == "prefix", e.max_ext, checks[e.check], e.lang, _rank(e), e) for e in entries)
        # (key length, whether the key ends in a word character, entries): an exact key then needs a word end
        automaton.add_word(key, (len(key), key[-1].isalnum() or key[-1] == "_", specs))
    automaton.make_automaton()
    codes = {e.ref for entries in build.keys.values() for e in entries if e.kind == "actor" and len(e.ref) == 2}
    for code in codes:
        actors[code] = state_actor(code)
    for name, code in claimant_states.items():
        if code not in actors:  # a typo would make claims with no actor to build: fail at load, naming the entry
            raise ValueError(f"actors.yaml: claimants: {name!r} has country {code!r}, which names no state")
    forms = data.get("institutions") or {}
    institutions = {lang: _institution_patterns(spec or {}) for lang, spec in forms.items()}
    return Gazetteer(
        institutions=institutions,
        automaton=automaton,
        actors=actors,
        labels=labels,
        nominatives=nominatives,
        plural=plural,
        not_modifiers=not_modifiers,
        transfer_heads=transfer_heads,
        civil=civil,
        typed=typed,
        determiners=determiners,
        claimant_states=claimant_states,
    )
