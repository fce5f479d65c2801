"""Text folding and cue-pattern compilation shared by the extraction stages.

Folding keeps the string length, so an offset in folded text is the same offset in the original: every stage
works on
folded text and reports offsets into the document as it was given.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import ahocorasick

__all__ = [
    "DOC_LITERALS",
    "WORD",
    "DocLiterals",
    "compile_cues",
    "cue_regex",
    "ending_with",
    "entry_final",
    "fold",
    "last_word",
    "literal_hint",
    "only_at_start",
    "prefilter",
    "required_literals",
]

WORD = re.compile(r"\w+(?:['’ʼ]\w+)*", re.UNICODE)


def ending_with(words: Iterable[tuple[str, str]]) -> dict[str, re.Pattern[str]]:
    """Per language, a pattern for a stretch of folded text that ends with one of its words ("under|under a"), for
    a look at what stands right before a cue or a name."""
    return {lang: re.compile(rf"(?<!\w)(?:{alternatives})\s+$") for lang, alternatives in words}

_SPECIAL = {
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "`": "'",
    "´": "'",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "„": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u00ad": "-",
    "\u00a0": " ",
    "\u202f": " ",
    "\u2009": " ",
}


# Accents that carry grammar and stay: French/Portuguese "à" (to) vs "a" (has/the), Italian "è" (is) vs "e"
# (and),
# German "würde"/"könnte" (conditional) vs "wurde"/"konnte" (past), Polish "że" (that) vs "ze" (from).
_KEEP = frozenset("àèäöüż")


class _FoldTable(dict[int, str]):
    """A str.translate table computed lazily per code point: lower case, accents off, one char in, one char
    out."""

    def __missing__(self, key: int) -> str:
        char = chr(key)
        out = _SPECIAL.get(char)
        if out is None and char.lower() in _KEEP:
            out = char.lower()
        if out is None:
            low = char.lower()
            if len(low) != 1:
                low = char
            base = unicodedata.normalize("NFD", low)[0]
            out = base if len(base) == 1 and base.isalnum() == low.isalnum() else low
        self[key] = out
        return out


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower-cased, accent-free copy of `text` with the same length (so offsets carry over). O(len)."""
    return text.translate(_TABLE)


def _body(entry: str) -> str:
    parts = []
    for word in fold(entry).split():
        star = word.endswith("*")
        word = word.rstrip("*")
        parts.append(re.escape(word) + (r"\w*" if star else ""))
    tail = "" if entry.endswith("'") or entry.endswith("*") else r"(?!\w)"
    return r"\s+".join(parts) + tail


def cue_regex(entry: str) -> str:
    """One lexicon entry as a regex on folded text: "livr*" -> prefix, "re:..." -> raw, words -> whole
    words."""
    if entry.startswith("re:"):
        return entry[3:]
    return rf"(?<!\w){_body(entry)}"


def compile_cues(entries: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation for a list of entries, longest first; None for an empty list.

    The word-start check is hoisted out of the alternation so the regex engine can skip positions quickly."""
    items = sorted({e for e in entries if e}, key=len, reverse=True)
    if not items:
        return None
    words = [_body(e) for e in items if not e.startswith("re:")]
    raw = [_guarded(e[3:]) for e in items if e.startswith("re:")]
    alternatives = [rf"(?<!\w)(?:{'|'.join(words)})"] if words else []
    alternatives += [f"(?:{r})" for r in raw]
    return re.compile("|".join(alternatives), re.UNICODE)


#: Characters that end the literal text a regex starts with.
_REGEX_SPECIAL = frozenset(".^$*+?{}[]\\|()")


def _guarded(raw: str) -> str:
    """A raw cue regex that opens with look-behinds before literal text ("(?<!\\bil )(?<!\\bal )secondo"), with a
    look-ahead for that text put first: the same matches, but a position where the text does not start fails at
    once, where each look-behind was tried at every position of every text the class is searched in. Any other
    regex is returned as it is."""
    i = 0
    while raw.startswith(("(?<!", "(?<="), i):
        i = _group_end(raw, i)
        if i < 0:
            return raw
    if i == 0 or _top_level_bar(raw):
        return raw
    lead: list[str] = []
    for char in raw[i:]:
        if char in _REGEX_SPECIAL:
            if char in "?*{" and lead:
                lead.pop()  # the character before is optional
            break
        lead.append(char)
    if not lead:
        return raw
    return f"(?={re.escape(''.join(lead))})" + raw


def _scan(regex: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, character, group depth after it) of each character of `regex` from `start` that stands outside an
    escape and a character class."""
    depth = 0
    in_class = False
    i = start
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if regex.startswith("^", i + 1):
                i += 1
            if regex.startswith("]", i + 1):
                i += 1  # a "]" first in a class is a literal
        else:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            yield i, char, depth
        i += 1


def _group_end(regex: str, start: int) -> int:
    """The index just past the group that opens at `regex[start]` ("("), or -1 when it does not close."""
    return next((i + 1 for i, char, depth in _scan(regex, start) if char == ")" and depth == 0), -1)


def _top_level_bar(regex: str) -> bool:
    """Whether `regex` is an alternation at its top level (a "|" outside any group and class)."""
    return any(char == "|" and depth == 0 for _, char, depth in _scan(regex))


def entry_final(entry: str) -> str | None:
    """The word characters a lexicon entry's match ends with ("en direction de" -> "de", "d'" -> ""), or None
    when that is not fixed (prefix entries, regexes). `last_word` of the text before a match equals it."""
    if entry.startswith("re:"):
        raw = entry[3:]
        if re.escape(raw) != raw:  # a real regular expression; plain literals like "d'" are fine
            return None
        return last_word(fold(raw))
    if entry.endswith("*"):
        return None
    words = fold(entry).split()
    return last_word(words[-1]) if words else None


def last_word(text: str) -> str:
    """The run of word characters (`\\w`, i.e. alphanumerics and "_") ending `text`, after trailing whitespace."""
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return text[start:end]


def _entry_literal(entry: str) -> str | None:
    """A string every match of the entry contains (its first word without "*"), or None for regexes."""
    if entry.startswith("re:"):
        raw = entry[3:]
        return fold(raw) if raw and re.escape(raw) == raw else None
    words = fold(entry).split()
    first = words[0].rstrip("*") if words else ""
    return first or None


def literal_hint(entries: Iterable[str], extra: Iterable[str] = ()) -> re.Pattern[str] | None:
    """A fast pre-check for a set of entries: a pattern without look-arounds that finds a substring of every
    match of any entry (plus the raw regexes in `extra`). When it finds nothing in a text, no entry can match
    there. None when some entry is a regex with no fixed literal (then no pre-check is possible)."""
    literals: set[str] = set()
    for entry in entries:
        literal = _entry_literal(entry)
        if literal is None:
            return None
        literals.add(literal)
    alternatives = [re.escape(x) for x in sorted(literals, key=len, reverse=True)] + list(extra)
    return re.compile("|".join(alternatives)) if alternatives else None


_MAX_EXPANSION = 256


def required_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings of which every match of `pattern` contains one: when a text holds none of them, `pattern` finds
    nothing there. Read off the parsed pattern: a run of literals, small alternations of literals expanded into
    their strings ("(?:these|both) (?:countries|states)" gives the four phrases), an alternation whose branches
    each require one. None when the pattern has no such set (or case-insensitive parts)."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        from re import _parser  # type: ignore[attr-defined]  # the standard parser; none is public

        tree = _parser.parse(pattern.pattern, pattern.flags)
        found = _required(list(tree), _parser)
    except Exception:  # a parse tree of another shape (another Python): no pre-check, never a wrong one
        return None
    return frozenset(found) if found else None


def _expanded(items: list[Any], p: Any) -> set[str] | None:
    """Every string the sequence `items` can match, when that is a small finite set of literals."""
    out = {""}
    for op, av in items:
        if op is p.LITERAL:
            more = {chr(av)}
        elif op in (p.AT, p.ASSERT, p.ASSERT_NOT):
            continue  # zero-width: the strings on both sides stay adjacent
        elif op is p.BRANCH:
            more = set()
            for branch in av[1]:
                sub = _expanded(list(branch), p)
                if sub is None:
                    return None
                more |= sub
        elif op is p.SUBPATTERN and not av[1] and not av[2]:  # (group, add flags, del flags, items)
            sub = _expanded(list(av[3]), p)
            if sub is None:
                return None
            more = sub
        else:
            return None
        if len(out) * len(more) > _MAX_EXPANSION:
            return None
        out = {a + b for a in out for b in more}
    return out


def _required(items: list[Any], p: Any) -> set[str] | None:
    """The best set of strings one of which every match of the sequence `items` contains (None: none known)."""
    options: list[set[str]] = []
    run: list[Any] = []  # consecutive items with a small expansion, taken together

    def close() -> None:
        if run:
            expanded = _expanded(run, p)
            if expanded is not None and "" not in expanded:
                options.append(expanded)
            run.clear()

    for op, av in items:
        if _expanded([(op, av)], p) is not None and _expanded([*run, (op, av)], p) is not None:
            run.append((op, av))
            continue
        close()
        if _expanded([(op, av)], p) is not None:
            run.append((op, av))
            continue
        sub: set[str] | None = None
        if op is p.BRANCH:
            subs = [_required(list(branch), p) for branch in av[1]]
            sub = set().union(*subs) if all(subs) else None  # type: ignore[arg-type]
        elif op is p.SUBPATTERN and not av[1] and not av[2]:
            sub = _required(list(av[3]), p)
        elif op in (p.MAX_REPEAT, p.MIN_REPEAT) and av[0] >= 1:  # (min, max, items): at least once
            sub = _required(list(av[2]), p)
        if sub:
            options.append(sub)
    close()
    if not options:
        return None
    return max(options, key=lambda s: (min(len(x) for x in s), -len(s)))


def prefilter(pattern: re.Pattern[str]) -> Callable[[str], bool]:
    """A test that is False only where `pattern` cannot match: none of its `required_literals` occurs in the text
    (one Aho-Corasick pass, several times faster than a regex whose every position starts with a look-behind).
    Always True when the pattern requires no literal."""
    literals = required_literals(pattern)
    if not literals:
        return lambda text: True
    automaton = ahocorasick.Automaton()
    for literal in literals:
        automaton.add_word(literal, literal)
    automaton.make_automaton()

    def possible(text: str) -> bool:
        for _ in automaton.iter(text):
            return True
        return False

    return possible


class DocLiterals:
    """Where in a document the `required_literals` of several patterns occur, found in one Aho-Corasick pass over
    the document when it is first asked about (and kept for the last document asked about). A pattern finds nothing
    in a region that holds none of its literals whole, so `within` answers most regions without a regex search,
    one pass serving every pattern and every sentence, where each sentence otherwise ran each regex over itself.
    Patterns are registered with `add` (at import); the automaton is built on first use."""

    def __init__(self) -> None:
        #: Per pattern, its required literals (None: it has none, and every region may hold a match).
        self.literals: list[frozenset[str] | None] = []
        self.automaton: Any = None
        #: (document, per pattern: the starts and ends of its literals' occurrences, by start): swapped whole, so
        #: that a reader never sees one document's text with another's occurrences.
        self.last: tuple[str, list[tuple[list[int], list[int]]]] | None = None

    def add(self, pattern: re.Pattern[str]) -> int:
        """Register `pattern`; its number for `within` and `anywhere`."""
        self.literals.append(required_literals(pattern))
        self.automaton = None
        self.last = None
        return len(self.literals) - 1

    def _build(self) -> Any:
        by_literal: dict[str, list[int]] = {}
        for index, literals in enumerate(self.literals):
            for literal in sorted(literals or ()):
                by_literal.setdefault(literal, []).append(index)
        automaton = ahocorasick.Automaton()
        for literal, indices in by_literal.items():
            automaton.add_word(literal, (len(literal), tuple(indices)))
        if by_literal:
            automaton.make_automaton()
        self.automaton = automaton
        return automaton

    def occurrences(self, folded: str) -> list[tuple[list[int], list[int]]]:
        """Per pattern, the (sorted starts, matching ends) of its literals' occurrences in `folded`."""
        last = self.last
        if last is not None and last[0] is folded:
            return last[1]
        automaton = self.automaton
        if automaton is None:
            automaton = self._build()
        spans: list[list[tuple[int, int]]] = [[] for _ in self.literals]
        end_index: int
        value: tuple[int, tuple[int, ...]]
        if len(automaton) > 0:
            for end_index, value in automaton.iter(folded):
                length, indices = value
                for index in indices:
                    spans[index].append((end_index + 1 - length, end_index + 1))
        found: list[tuple[list[int], list[int]]] = []
        for pairs in spans:
            pairs.sort()
            found.append(([p[0] for p in pairs], [p[1] for p in pairs]))
        self.last = (folded, found)
        return found

    def within(self, index: int, folded: str, a: int, b: int) -> bool:
        """False only when pattern `index` cannot match in folded[a:b] (`pattern.search(folded, a, b)` finds
        nothing): none of its literals lies whole inside the region."""
        if self.literals[index] is None:
            return True
        starts, ends = self.occurrences(folded)[index]
        i = bisect.bisect_left(starts, a)
        n = len(starts)
        while i < n and starts[i] < b:
            if ends[i] <= b:
                return True
            i += 1
        return False

    def anywhere(self, index: int, folded: str) -> bool:
        """False only when pattern `index` cannot match anywhere in `folded` (as `prefilter(pattern)(folded)`)."""
        if self.literals[index] is None:
            return True
        return bool(self.occurrences(folded)[index][0])


#: The patterns of the extraction stages that most sentences hold nothing of ("near" words, group nouns, aid
#: programmes, plural anaphors ...): one pass per document for all of them.
DOC_LITERALS = DocLiterals()


def only_at_start(pattern: re.Pattern[str]) -> bool:
    """Whether every match of `pattern` starts at the start of the string (each alternative begins with `^` or
    `\\A`, no multi-line flag): `search(text, pos)` with pos > 0 then finds nothing, but tries every position."""
    if pattern.flags & re.MULTILINE:
        return False
    try:
        from re import _parser  # type: ignore[attr-defined]  # the standard parser; none is public

        return _anchored(list(_parser.parse(pattern.pattern, pattern.flags)), _parser)
    except Exception:  # a parse tree of another shape (another Python): not known to be anchored
        return False


def _anchored(items: list[Any], p: Any) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op is p.AT:
        return av in (p.AT_BEGINNING, p.AT_BEGINNING_STRING)
    if op is p.SUBPATTERN and not av[1] and not av[2]:
        return _anchored(list(av[3]), p)
    if op is p.BRANCH:
        return all(_anchored(list(branch), p) for branch in av[1])
    return False
