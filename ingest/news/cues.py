"""Cue look-ups inside one sentence without running every cue regex over it.

Every lexicon pattern comes from `text.compile_cues`: an alternation of word entries, each of which can only
match where a word starts, plus a few raw regexes. A `CueScanner` indexes the entries of all cue classes of a
language by their first word (or its first three letters, for prefix entries such as "livr*") and the raw
regexes by the literal they start with. `CueScanner.index` walks the words of a document once and lists, per
class, the positions where the class could match; a query on a slice of the document then tries the class's
regex, anchored, at the listed positions inside the slice only.

Queries return what the regex returns on the slice `folded[a:b]` (offsets made document offsets): a match
can start only at a listed position, at `a` itself (tried on the slice, where `a` may cut a word), or at the
start of a word that `b` cuts (whose truncated form the index has not seen). Anchored tries use `endpos=b`,
which behaves like the slice's end. Classes holding a regex that cannot be indexed (no leading literal, a
look-behind, an anchor, a top-level alternation) are run on the slice as before, unless the class's regex
requires strings none of which the sentence holds (`SentenceCues.rules_out`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import ahocorasick

from ingest.news.text import fold, required_literals

__all__ = ["CueScanner", "Hit", "SentenceCues", "TextCues"]

#: (start, end, matched text), document offsets.
Hit = tuple[int, int, str]

_RUN = re.compile(r"\w+")
_SPECIAL = set(".^$*+?{}[]\\|()")
_WORD_START = r"(?<!\w)"
#: Words whose classes `CueScanner.classes_of` keeps before starting over.
_MEMO_WORDS = 100_000


def _entry_lead(entry: str) -> tuple[str, bool] | None:
    """The word characters every match of a word entry starts with, and whether the word may go on after them:
    "livr*" -> ("livr", True), "handed over" -> ("handed", False), "s'apprête*" -> ("s", False)."""
    words = fold(entry).split()
    if not words:
        return None
    first = words[0]
    body = first.rstrip("*")
    lead = _RUN.match(body)
    if lead is None:
        return None
    return lead.group(), first.endswith("*") and lead.group() == body


def raw_lead(regex: str) -> str | None:
    """The literal text every match of a raw regex starts with ("s'(?=il)" -> "s'", "sagte?n? zu" -> "sagt"),
    or None when there is none or the regex could behave differently inside a longer string (look-behind,
    anchors). A leading word-start check "(?<!\\w)" is allowed: a match still starts where the literal does, and
    the regex tried there sees the whole text ("re:(?<!\\w)gibt(?=...ab)", German split verbs)."""
    if regex.startswith(_WORD_START):
        regex = regex[len(_WORD_START) :]
    if "(?<" in regex or "^" in regex or "$" in regex or "\\b" in regex or "\\B" in regex or "\\A" in regex:
        return None
    depth = 0
    i = 0
    while i < len(regex):  # a top-level alternation: the lead is not shared by all branches
        char = regex[i]
        if char == "\\":
            i += 2  # an escaped character
            continue
        if char == "[":  # a character class: skip to its end
            i = regex.find("]", i + 2) + 1 or len(regex)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return None
        i += 1
    lead: list[str] = []
    for char in regex:
        if char in _SPECIAL:
            if char in "?*{" and lead:
                lead.pop()  # the previous character is optional
            break
        lead.append(char)
    return "".join(lead) or None


def _lead_regex(exact: Iterable[str], prefixes: Iterable[str]) -> str:
    """A regex for a word that is one of `exact` or starts with one of `prefixes`, written as a trie (one branch
    per letter, so the engine does not try every lead in turn). Use after a word-start check."""
    trie: dict[str, Any] = {}
    for lead, flag in [*((w, "$") for w in exact), *((p, "*") for p in prefixes)]:
        node = trie
        for char in lead:
            node = node.setdefault(char, {})
        node[flag] = True

    def emit(node: dict[str, Any]) -> str:
        if "*" in node:  # any word with this prefix: what follows does not matter
            return ""
        parts = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char != "$"]
        if "$" in node:
            parts.append(r"(?!\w)")
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return emit(trie)


class CueScanner:
    """The cue classes of one language, indexed for `SentenceCues`. Built once per lexicon."""

    def __init__(self, classes: Mapping[str, tuple[re.Pattern[str], Iterable[str]]]) -> None:
        self.ids = {name: i for i, name in enumerate(classes)}
        self.patterns = [pattern for pattern, _ in classes.values()]
        exact: dict[str, set[int]] = {}
        prefix: dict[str, set[int]] = {}
        short: list[tuple[str, int]] = []
        raw: list[tuple[str, int]] = []
        unindexed: set[int] = set()
        exact_leads: set[str] = set()
        prefix_leads: set[str] = set()
        for index, (_, entries) in enumerate(classes.values()):
            words: list[tuple[str, bool]] = []
            literals: list[str] = []
            for entry in entries:
                if not entry:
                    continue
                lead: tuple[str, bool] | str | None
                if entry.startswith("re:"):
                    lead = raw_lead(entry[3:])
                    if lead is not None and entry[3:].startswith(_WORD_START) and _RUN.fullmatch(lead):
                        # a match starts a word with these letters: index it like a prefix entry ("gibt*"),
                        # found by the one word scan instead of a substring search of its own
                        words.append((lead, True))
                    elif lead is not None:
                        literals.append(lead)
                else:
                    lead = _entry_lead(entry)
                    if lead is not None:
                        words.append(lead)
                if lead is None:
                    unindexed.add(index)
                    break
            if index in unindexed:
                continue
            for word, open_ended in words:
                (prefix_leads if open_ended else exact_leads).add(word)
                if not open_ended:
                    exact.setdefault(word, set()).add(index)
                elif len(word) >= 3:
                    prefix.setdefault(word[:3], set()).add(index)
                else:
                    short.append((word, index))
            raw.extend((literal, index) for literal in set(literals))
        self.exact = {k: tuple(sorted(v)) for k, v in exact.items()}
        self.prefix = {k: tuple(sorted(v)) for k, v in prefix.items()}
        self.short = tuple(short)
        self.raw = tuple(raw)
        self.unindexed = frozenset(unindexed)
        # The words worth a look-up: exactly an exact lead, or starting with a prefix lead.
        leads = _lead_regex(exact_leads, prefix_leads) if exact_leads or prefix_leads else None
        self.words = re.compile(rf"(?<!\w)(?:{leads})\w*") if leads is not None else None
        #: Class name -> index, for the classes the index holds.
        self.indexed = {name: i for name, i in self.ids.items() if i not in self.unindexed}
        #: Word -> the classes a match may start with it (`classes_of`), memoized: news vocabulary repeats.
        self._classes_of: dict[str, tuple[int, ...]] = {}
        #: Any word of a text -> its classes when `words` takes it (a lead word), else (): `TextCues` reads the words
        #: of a text with a plain `\w+` scan and this memo, where `words`, whose every try starts with a look-behind,
        #: was tried at every position.
        self._word_classes: dict[str, tuple[int, ...]] = {}
        #: Unindexed class -> an automaton of the strings one of which each of its matches holds
        #: (`text.required_literals`), for `SentenceCues.rules_out`.
        self.required: dict[int, Any] = {}
        for index in self.unindexed:
            required = required_literals(self.patterns[index])
            if required:
                automaton = ahocorasick.Automaton()
                for literal in required:
                    automaton.add_word(literal, literal)
                automaton.make_automaton()
                self.required[index] = automaton
        #: All the required strings of the unindexed classes in one automaton: literal -> (its length, the classes
        #: requiring it), for one pass per document (`TextCues.requires`) instead of one per sentence and class.
        self.required_all: Any = None
        if self.required:
            by_literal: dict[str, list[int]] = {}
            for index in sorted(self.required):
                for literal in required_literals(self.patterns[index]) or ():
                    by_literal.setdefault(literal, []).append(index)
            self.required_all = ahocorasick.Automaton()
            for literal, indices in by_literal.items():
                self.required_all.add_word(literal, (len(literal), tuple(indices)))
            self.required_all.make_automaton()

    def classes_of(self, word: str) -> tuple[int, ...]:
        """The classes whose entries a word found by `words` may start (exact, prefix and short leads), each once
        and in that order."""
        found = self._classes_of.get(word)
        if found is None:
            hits = [*self.exact.get(word, ()), *self.prefix.get(word[:3], ())]
            hits += [i for lead, i in self.short if word.startswith(lead)]
            found = tuple(dict.fromkeys(hits))
            if len(self._classes_of) >= _MEMO_WORDS:
                self._classes_of.clear()  # bounded in a long-running process
            self._classes_of[word] = found
        return found

    def word_classes(self, word: str) -> tuple[int, ...]:
        """`classes_of(word)` when `words` matches the whole word (exactly a lead, or starting with a prefix lead),
        else (): what `words.finditer` makes of a maximal run of word characters."""
        found = self._word_classes.get(word)
        if found is None:
            words = self.words
            found = self.classes_of(word) if words is not None and words.fullmatch(word) is not None else ()
            if len(self._word_classes) >= _MEMO_WORDS:
                self._word_classes.clear()  # bounded in a long-running process
            self._word_classes[word] = found
        return found

    def may_start(self, word: str, index: int) -> bool:
        """Whether a match of class `index` (a word entry) could start with the word `word`."""
        return (
            index in self.exact.get(word, ())
            or index in self.prefix.get(word[:3], ())
            or any(i == index and word.startswith(lead) for lead, i in self.short)
        )

    def index(self, folded: str, start: int = 0, end: int | None = None) -> TextCues:
        """Index folded[start:end] (a whole document, once)."""
        return TextCues(self, folded, start, len(folded) if end is None else end)


class TextCues:
    """Where each cue class of a `CueScanner` could match inside folded[start:end]; see the module doc."""

    __slots__ = ("_required_at", "candidates", "end", "folded", "mark_classes", "marks", "scanner", "start")

    def __init__(self, scanner: CueScanner, folded: str, start: int, end: int) -> None:
        self.scanner = scanner
        self.folded = folded
        self.start = start
        self.end = end
        candidates: list[list[int]] = [[] for _ in scanner.patterns]
        marks: dict[int, tuple[int, ...]] = {}
        memo = scanner._word_classes
        word_classes = scanner.word_classes
        # `scanner.words` matches exactly the maximal runs of word characters that start with a lead (its `\w*`
        # runs to the end of the word); a run that `start` cuts is no word start (its look-behind fails there)
        for w in _RUN.finditer(folded, start, end) if scanner.words is not None else ():
            word = w.group()
            hits = memo.get(word)
            if hits is None:
                hits = word_classes(word)
            if not hits:
                continue
            pos = w.start()
            if pos == start and _cuts(folded, pos):
                continue
            marks[pos] = hits
            for index in hits:  # each class once (`classes_of`)
                candidates[index].append(pos)
        if scanner.raw:
            touched = set()
            for literal, index in scanner.raw:
                pos = folded.find(literal, start, end)
                while pos != -1:
                    candidates[index].append(pos)
                    marks[pos] = (*marks.get(pos, ()), index)
                    touched.add(index)
                    pos = folded.find(literal, pos + 1, end)
            for index in touched:
                candidates[index] = sorted(set(candidates[index]))
        self.candidates = candidates
        #: Every position where some class has a candidate, sorted, and those classes.
        self.marks = sorted(marks)
        self.mark_classes = [marks[pos] for pos in self.marks]
        #: Per unindexed class with required strings: the (start, end) of each of their occurrences, by start
        #: (`requires`; found on first use, in one pass over the document).
        self._required_at: dict[int, tuple[list[int], list[int]]] | None = None

    def requires(self, index: int, a: int, b: int) -> bool:
        """Whether folded[a:b] holds one of the required strings of unindexed class `index` (`text.required_literals`;
        True when the class has none: then nothing rules a match out)."""
        if index not in self.scanner.required:
            return True
        found = self._required_at
        if found is None:
            spans: dict[int, list[tuple[int, int]]] = {}
            end_index: int
            value: tuple[int, tuple[int, ...]]
            for end_index, value in self.scanner.required_all.iter(self.folded):
                length, indices = value
                for cls in indices:
                    spans.setdefault(cls, []).append((end_index + 1 - length, end_index + 1))
            found = {}
            for cls, pairs in spans.items():
                pairs.sort()
                found[cls] = ([p[0] for p in pairs], [p[1] for p in pairs])
            self._required_at = found
        at = found.get(index)
        if at is None:
            return False
        starts, ends = at
        i = bisect.bisect_left(starts, a)
        while i < len(starts) and starts[i] < b:
            if ends[i] <= b:
                return True
            i += 1
        return False

    def anywhere(self, name: str) -> bool:
        """False when class `name` has no candidate at all, so no region that starts and ends between words
        can hold a match; True otherwise (and for classes the index cannot hold)."""
        index = self.scanner.indexed.get(name)
        return index is None or bool(self.candidates[index])

    def finditer(self, name: str, a: int, b: int) -> Sequence[Hit]:
        """What `pattern.finditer(folded[a:b])` finds, in document offsets."""
        index = self.scanner.ids.get(name)
        return () if index is None else self.run(index, a, b, first=False)

    def search(self, name: str, a: int, b: int) -> Hit | None:
        """What `pattern.search(folded[a:b])` finds, in document offsets; None when nothing matches."""
        index = self.scanner.ids.get(name)
        hits = () if index is None else self.run(index, a, b, first=True)
        return hits[0] if hits else None

    def classes_in(self, a: int, b: int) -> frozenset[int]:
        """The classes with a candidate position in [a, b)."""
        lo = bisect.bisect_left(self.marks, a)
        hi = bisect.bisect_left(self.marks, b, lo)
        return frozenset().union(*self.mark_classes[lo:hi])

    def run(self, index: int, a: int, b: int, first: bool, whole: bool = False) -> Sequence[Hit]:
        """Matches of class `index` in folded[a:b] (all, or the first one). `whole`: the caller knows that
        neither a nor b cuts a word."""
        scanner = self.scanner
        folded = self.folded
        if index in scanner.unindexed or a < self.start or b > self.end:
            return _on_slice(scanner.patterns[index], folded, a, b, first)
        if a >= b:
            return ()
        found = self.candidates[index]
        if found:
            lo = bisect.bisect_left(found, a)
            hi = bisect.bisect_left(found, b, lo)
        else:
            lo = hi = 0
        if whole:
            if lo == hi:
                return ()
            return self.try_at(index, found[lo:hi], a, b, first)
        # Words cut by the slice, which the index saw whole: "...no" of "casino" at `a`, "hier" of "hierbei" at
        # `b`. Whether their cut form can start a match is looked up like any word.
        extra: list[int] | None = None
        if _cuts(folded, a) and scanner.may_start(_word_at(folded, a, b), index):
            extra = [a]
        if _cuts(folded, b):
            cut = b - 1  # back to the start of the word that `b` cuts
            while cut > a and (folded[cut - 1].isalnum() or folded[cut - 1] == "_"):
                cut -= 1
            if scanner.may_start(folded[cut:b], index):
                extra = [cut] if extra is None else [*extra, cut]
        if extra is None:
            if lo == hi:
                return ()
            positions = found[lo:hi]
        else:
            positions = sorted(set(found[lo:hi]).union(extra))
        return self.try_at(index, positions, a, b, first)

    def try_at(self, index: int, positions: list[int], a: int, b: int, first: bool) -> list[Hit]:
        """The class's regex tried at each position in order, as `finditer` on folded[a:b] would."""
        match = self.scanner.patterns[index].match  # bound once, not looked up per position
        folded = self.folded
        out: list[Hit] = []
        last = a
        for pos in positions:
            if pos < last:
                continue
            if pos == a and _cuts(folded, a):  # the slice starts a word there; in the text it is inside one
                m = match(folded[a:b])
                offset = a
            else:
                m = match(folded, pos, b)
                offset = 0
            if m is None:
                continue
            start, end = m.span()
            hit = (offset + start, offset + end, m.group())
            out.append(hit)
            if first:
                break
            last = hit[1] if hit[1] > hit[0] else hit[1] + 1
        return out


def _on_slice(pattern: re.Pattern[str], folded: str, a: int, b: int, first: bool) -> list[Hit]:
    sliced = folded[a:b]
    if first:
        m = pattern.search(sliced)
        return [] if m is None else [(a + m.start(), a + m.end(), m.group())]
    return [(a + m.start(), a + m.end(), m.group()) for m in pattern.finditer(sliced)]


class SentenceCues:
    """A `TextCues` seen from one sentence: regions default to the sentence, and a class with no candidate in
    the sentence is answered at once unless the region cuts a word (whose cut form the index never saw)."""

    __slots__ = ("_ruled_out", "_whole", "end", "folded", "indexed", "present", "start", "text")

    def __init__(self, text: TextCues, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        #: Read by every query: kept here rather than looked up through `text` each time.
        self.folded = text.folded
        self.indexed = text.scanner.indexed
        whole = not (_cuts(text.folded, start) or _cuts(text.folded, end))  # true of `split_sentences` spans
        #: The indexed classes with a candidate in the sentence; None when the sentence cuts a word.
        self.present = text.classes_in(start, end) if whole else None
        self._ruled_out: dict[int, bool] | None = None
        #: Class name -> its matches over the whole sentence, read once: status, frame, veto and completion rules
        #: ask the same whole-sentence questions of every frame. Lives with the sentence (no document outlives it).
        self._whole: dict[str, Sequence[Hit]] = {}

    def finditer(self, name: str, a: int | None = None, b: int | None = None) -> Sequence[Hit]:
        if a is None and b is None:  # the whole sentence: the common case, memoized
            hits = self._whole.get(name)
            if hits is None:
                hits = self._whole[name] = tuple(self._all(name))
            return hits
        return self._query(name, a, b, False)

    def _all(self, name: str) -> Sequence[Hit]:
        """The matches of class `name` over the whole sentence (what `finditer(name)` memoizes)."""
        if self.present is not None:
            index = self.indexed.get(name)
            if index is not None:
                if index not in self.present:
                    return ()
                return self.text.run(index, self.start, self.end, False, whole=True)
        return self._query(name, None, None, False)

    def search(self, name: str, a: int | None = None, b: int | None = None) -> Hit | None:
        if a is None and b is None:  # the first of the whole sentence's matches (`pattern.search` finds it)
            hits = self.finditer(name)
            return hits[0] if hits else None
        hits = self._query(name, a, b, True)
        return hits[0] if hits else None

    def lacks_all(self, names: Iterable[str]) -> bool:
        """True when none of the classes can match anywhere in the sentence (whole-sentence queries)."""
        present = self.present
        if present is None:
            return False
        indexed = self.indexed
        for name in names:
            index = indexed.get(name)
            if index is None:
                index = self.text.scanner.ids.get(name)
                if index is not None and not self.rules_out(index, self.start, self.end):
                    return False  # a class the index cannot hold: only its regex can tell
                continue
            if index in present:
                return False
        return True

    def lacks(self, name: str, *edges: int) -> bool:
        """True when class `name` cannot match in any region of the sentence whose ends are among `edges` (or
        the sentence's ends): no candidate in the sentence and no edge inside a word. False means "maybe"."""
        index = self._absent(name)
        if index is None:
            return False
        folded = self.folded
        start, end = self.start, self.end
        return not any(start < edge < end and _cuts(folded, edge) for edge in edges)

    def _absent(self, name: str) -> int | None:
        """The index of class `name` when it is indexed and has no candidate in the sentence; None otherwise."""
        index = self.indexed.get(name)
        present = self.present
        if index is None or present is None or index in present:
            return None
        return index

    def lacks_around(self, name: str, starts: Iterable[int]) -> bool:
        """True when class `name` cannot match in any region of the sentence that begins at one of `starts` and
        ends at a word start or the sentence's end; False means "maybe". The starts are read only when the class
        has no candidate in the sentence; a start inside a word then matters only when the part of the word from
        there could start a match (`CueScanner.may_start`, as `TextCues.run` asks of a region it cuts)."""
        index = self._absent(name)
        if index is None:
            return False
        folded = self.folded
        start, end = self.start, self.end
        scanner = self.text.scanner
        return not any(
            start < edge < end and _cuts(folded, edge) and scanner.may_start(_word_at(folded, edge, end), index)
            for edge in starts
        )

    def has(self, name: str, a: int | None = None, b: int | None = None) -> bool:
        """Whether `search` finds anything (written out: this is the most frequent query)."""
        if a is None and b is None:  # whether the whole sentence's (memoized) matches are any
            hits = self._whole.get(name)
            if hits is None:
                hits = self.finditer(name)
            return bool(hits)
        text = self.text
        index = self.indexed.get(name)
        present = self.present
        if index is None or present is None:
            return bool(self._query(name, a, b, True))
        a = self.start if a is None else a
        b = self.end if b is None else b
        if not self.start <= a < b <= self.end:
            return bool(self._query(name, a, b, True))
        folded = self.folded
        if (a != self.start and _cuts(folded, a)) or (b != self.end and _cuts(folded, b)):
            return bool(text.run(index, a, b, True))  # the region cuts a word
        if index not in present:
            return False
        found = text.candidates[index]
        lo = bisect.bisect_left(found, a)
        if lo == len(found) or found[lo] >= b:
            return False
        # `try_at(..., first=True)` without its list: neither `a` nor `b` cuts a word here, so each candidate is
        # tried in place, and the first that matches answers
        match = text.scanner.patterns[index].match
        return any(match(folded, found[i], b) is not None for i in range(lo, bisect.bisect_left(found, b, lo)))

    def rules_out(self, index: int, a: int, b: int) -> bool:
        """True when unindexed class `index` cannot match in folded[a:b], a region inside the sentence: every match
        holds one of the class's required strings, and the sentence holds none. Worked out once per sentence and
        class (one automaton pass), where each region otherwise runs the regex on a slice."""
        if not self.start <= a <= b <= self.end:
            return False
        memo = self._ruled_out
        if memo is None:
            self._ruled_out = memo = {}
        found = memo.get(index)
        if found is None:
            found = memo[index] = not self.text.requires(index, self.start, self.end)
        return found

    def _query(self, name: str, a: int | None, b: int | None, first: bool) -> Sequence[Hit]:
        text = self.text
        index = self.indexed.get(name)
        present = self.present
        if index is None or present is None:
            index = text.scanner.ids.get(name)
            if index is None:
                return ()
            a = self.start if a is None else a
            b = self.end if b is None else b
            if index in text.scanner.unindexed and self.rules_out(index, a, b):
                return ()
            return text.run(index, a, b, first)
        if a is None and b is None:
            if index not in present:
                return ()
            return text.run(index, self.start, self.end, first, whole=True)
        a = self.start if a is None else a
        b = self.end if b is None else b
        if index not in present and self.start <= a < b <= self.end:
            # No candidate in the sentence: only a word the region cuts could still start a match.
            folded = self.folded
            if not (a != self.start and _cuts(folded, a)) and not (b != self.end and _cuts(folded, b)):
                return ()
        return text.run(index, a, b, first)


def _cuts(folded: str, pos: int) -> bool:
    """Whether `pos` falls inside a word: word characters on both sides (what the regex `(?<=\\w)\\w` matched at
    `pos` tells, read off the two characters: `\\w` is exactly "isalnum() or underscore", over every code point)."""
    if 0 < pos < len(folded):
        before = folded[pos - 1]
        if before.isalnum() or before == "_":
            at = folded[pos]
            return at.isalnum() or at == "_"
    return False


def _word_at(folded: str, a: int, b: int) -> str:
    m = _RUN.match(folded, a, b)
    return m.group() if m else ""
