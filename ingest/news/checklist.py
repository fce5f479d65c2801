"""A behavioral test suite for the extractor in the manner of CheckList (Ribeiro et al., ACL 2020).

`graph/reference/news_suite.yaml` holds, per language, fillers (actors in every form a template needs, weapons,
things that are not arms) and templates per capability; `generate` expands them into cases with known answers
(MFT and DIR cases from the templates, INV cases derived from the MFT ones: attribution prefix, capital for its
state, lower-cased names, an unrelated sentence) and `run_suite` scores an extractor per capability x language.
Generation is deterministic (no sampling), so a pass rate is reproducible and a recorded floor means something.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import product
from typing import Any, Protocol

from ingest.news.claims import Claim
from ingest.news.evaluate import actor_key
from ingest.news.reference import load_yaml

__all__ = ["Case", "SuiteReport", "floors", "generate", "run_suite"]

_SLOT = re.compile(r"\{([A-Z])(?:\.(\w+))?((?:\|[^{}|]*)+)?\}")
_ROLES = ("S", "R", "X", "C", "P")
_GENDERS = {"m": 0, "f": 1, "n": 2, "p": 3}


class _Extracts(Protocol):
    def extract(self, text: str, published: Any = None, lang: str | None = None) -> list[Claim]: ...


@dataclass(frozen=True)
class Expect:
    """One expectation: `supplier` -> `recipient` affirmative (with `status` when not None; "denied": a denied
    claim and no affirmative one), or none at all."""

    supplier: str
    recipient: str
    status: str | None = None


@dataclass(frozen=True)
class Case:
    lang: str
    capability: str
    kind: str  # MFT | DIR | INV
    text: str
    #: Pairs that must be claimed affirmatively; any other affirmative pair fails the case.
    expect: tuple[Expect, ...]

    def check(self, claims: list[Claim]) -> str | None:
        """None when the claims meet the expectation, else what went wrong."""
        got = {(actor_key(c.supplier), actor_key(c.recipient)): c.status.value for c in claims if c.status.affirmative}
        denied = {(actor_key(c.supplier), actor_key(c.recipient)) for c in claims if not c.status.affirmative}
        for e in self.expect:
            if e.status == "denied":  # "S>R=denied": a denied claim on the pair, and no affirmative one
                if (e.supplier, e.recipient) not in denied:
                    return f"not denied {e.supplier}>{e.recipient}"
                continue
            status = got.get((e.supplier, e.recipient))
            if status is None:
                return f"missing {e.supplier}>{e.recipient}"
            if e.status is not None and status != e.status:
                return f"status {e.supplier}>{e.recipient} {status} != {e.status}"
        wanted = {(e.supplier, e.recipient) for e in self.expect if e.status != "denied"}
        extra = sorted(f"{s}>{r}" for s, r in got if (s, r) not in wanted)
        return f"extra {', '.join(extra)}" if extra else None


@lru_cache(maxsize=1)
def _spec() -> dict[str, Any]:
    """The suite, with each block of `more` (capabilities and their per-language templates, appended at the end
    of the file) merged into `capabilities` and `languages.<lang>.templates`."""
    spec = load_yaml("news_suite.yaml")
    for block in spec.get("more") or []:
        spec["capabilities"].update(block.get("capabilities") or {})
        for lang, templates in (block.get("templates") or {}).items():
            spec["languages"][lang]["templates"].update(templates)
        for lang, actors in (block.get("forms") or {}).items():  # further forms of the actors a block needs
            for code, forms in actors.items():
                spec["languages"][lang]["actors"][code].update(forms)
    return spec


def _parse_expect(spec: str, roles: dict[str, str]) -> tuple[Expect, ...]:
    if spec.strip() == "none":
        return ()
    out = []
    for token in spec.split():
        pair, _, status = token.partition("=")
        s, r = pair.split(">")
        # a token that is no role is a state code written in the template itself ("S>PH": "the Philippine navy")
        out.append(Expect(roles.get(s, s), roles.get(r, r), status or None))
    return tuple(out)


def _fill(template: str, forms: dict[str, dict[str, str]]) -> str:
    """Replace every `{S.form|...}` slot; a missing `in` form falls back to `to` ("arrived in"/"à Moscou")."""

    def sub(m: re.Match[str]) -> str:
        role, form, options = m.group(1), m.group(2) or "nom", m.group(3)
        filler = forms[role]
        if options:
            choices = options[1:].split("|")
            gender = str(filler.get("g", "m"))
            if len(choices) == 2:
                return choices[1 if gender == "p" else 0]
            return choices[_GENDERS[gender]]
        if form not in filler and form == "in":
            form = "to"
        if form not in filler:
            raise KeyError(f"news_suite.yaml: no form {form!r} for {role} in {template!r}")
        return str(filler[form])

    text = _SLOT.sub(sub, template)
    return text[:1].upper() + text[1:]


def _actor_forms(actors: dict[str, Any], code: str, variant: str) -> dict[str, str]:
    base = actors[code]
    if variant == "cap":
        return dict(base["cap"])
    forms = {k: v for k, v in base.items() if k != "cap"}
    if variant == "lower":
        return {k: (v.lower() if k != "g" else v) for k, v in forms.items()}
    return forms


def _as_forms(filler: Any) -> dict[str, str]:
    return dict(filler) if isinstance(filler, dict) else {"nom": str(filler)}


def _cases_for(
    lang: str, spec: dict[str, Any], capability: str, expect: str, variant: str
) -> Iterator[tuple[str, tuple[Expect, ...]]]:
    templates = spec["templates"].get(capability) or []
    actors = spec["actors"]
    things = spec["not_arms"] if capability == "not_arms" else spec["weapons"]
    for template, pair, thing in product(templates, _spec()["pairs"], things):
        roles = {role: pair[role] for role in _ROLES}
        forms: dict[str, dict[str, str]] = {}
        for role in _ROLES:
            # Capitals stand for suppliers and recipients; claimants and places keep their state names.
            v = variant if role in ("S", "R", "X") else ""
            if variant == "lower":
                v = "lower" if roles[role] in _spec()["invariance"]["lowercased"] else ""
            forms[role] = _actor_forms(actors, roles[role], v)
        forms["W" if capability != "not_arms" else "N"] = _as_forms(thing)
        yield _fill(template, forms), _parse_expect(expect, roles)


def generate(langs: tuple[str, ...] | None = None) -> list[Case]:
    """Every case of the suite, in a fixed order. Cost: a few thousand string substitutions."""
    spec = _spec()
    capabilities: dict[str, dict[str, str]] = spec["capabilities"]
    inv = spec["invariance"]
    out: list[Case] = []
    for lang, lang_spec in spec["languages"].items():
        if langs is not None and lang not in langs:
            continue
        for name, cap in capabilities.items():
            for text, expect in _cases_for(lang, lang_spec, name, cap["expect"], ""):
                out.append(Case(lang, name, cap["kind"], text, expect))
        for name in inv["tests"]:
            if name == "inv_lower" and lang not in ("ru", "uk"):
                continue
            for source in inv["from"]:
                cap = capabilities[source]
                variant = {"inv_capital": "cap", "inv_lower": "lower"}.get(name, "")
                for i, (text, expect) in enumerate(_cases_for(lang, lang_spec, source, cap["expect"], variant)):
                    pairs = tuple(Expect(e.supplier, e.recipient) for e in expect)  # INV: the pairs, any status
                    if name == "inv_attribution":
                        prefixes = lang_spec["attribution"]
                        prefix = prefixes[i % len(prefixes)]
                        if prefix.startswith(","):  # a clause after the sentence (verb-second languages)
                            text = text.rstrip(".") + prefix
                        else:
                            text = prefix + text[:1].lower() + text[1:] if not _proper_start(text) else prefix + text
                    elif name == "inv_clause":
                        text = text + lang_spec["unrelated"][i % len(lang_spec["unrelated"])]
                    out.append(Case(lang, name, "INV", text, pairs))
    return out


def _proper_start(text: str) -> bool:
    """Whether the first word is a name (keep its capital after a prefix): any capital past the first letter,
    or a word the suite's fillers spell with a capital."""
    first = text.split(" ", 1)[0]
    return first[:1].isupper() and first.lower() not in _COMMON_STARTS


#: Sentence-initial words of the templates that are not names (lower-cased after an attribution prefix).
_COMMON_STARTS = frozenset(
    (
        "a", "an", "apesar", "containers", "customs", "das", "der", "des", "despite", "die", "dostawy", "dozens",
        "eine", "el", "falls", "gli", "i", "il", "jeśli", "l'", "l'allemagne", "l'iran", "l'ukraine", "la", "laut",
        "le", "les", "lo", "los", "malgré", "nonostante", "o", "officials", "os", "pese", "pierwsza", "pociski",
        "pomimo", "se", "secondo", "segundo", "según", "selon", "si", "the", "trotz", "um", "uma", "un", "una", "une",
        "według", "ładunek", "вантаж", "груз", "если", "за", "несмотря", "первая", "перша", "по", "попри", "поставки",
        "постачання", "снаряди", "снаряды", "якщо",
    )
)


@dataclass
class CellScore:
    passed: int = 0
    total: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 1.0


@dataclass
class SuiteReport:
    #: (capability, lang) -> score
    cells: dict[tuple[str, str], CellScore]
    kinds: dict[str, str]

    def rate(self, capability: str, lang: str | None = None) -> float:
        cells = [c for (cap, lg), c in self.cells.items() if cap == capability and (lang is None or lg == lang)]
        total = sum(c.total for c in cells)
        return sum(c.passed for c in cells) / total if total else 1.0

    @property
    def total(self) -> int:
        return sum(c.total for c in self.cells.values())

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cells.values())

    def to_table(self) -> str:
        langs = sorted({lang for _, lang in self.cells})
        caps = list(dict.fromkeys(cap for cap, _ in self.cells))
        head = f"{'capability':<17}{'kind':<5}" + "".join(f"{lang:>6}" for lang in langs) + f"{'all':>7}{'n':>6}"
        rows = [head, "-" * len(head)]
        for cap in caps:
            cells = "".join(
                f"{self.cells[(cap, lang)].rate * 100:>6.0f}" if (cap, lang) in self.cells else f"{'-':>6}"
                for lang in langs
            )
            n = sum(c.total for (c_, _), c in self.cells.items() if c_ == cap)
            rows.append(f"{cap:<17}{self.kinds[cap]:<5}{cells}{self.rate(cap) * 100:>7.1f}{n:>6}")
        overall = "".join(f"{self._lang_rate(lang) * 100:>6.0f}" for lang in langs)
        rows.append("-" * len(head))
        rows.append(f"{'all':<22}{overall}{self.passed / max(self.total, 1) * 100:>7.1f}{self.total:>6}")
        return "\n".join(rows)

    def _lang_rate(self, lang: str) -> float:
        cells = [c for (_, lg), c in self.cells.items() if lg == lang]
        total = sum(c.total for c in cells)
        return sum(c.passed for c in cells) / total if total else 1.0

    def to_json(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "total": self.total,
            "cells": [
                {"capability": cap, "lang": lang, "kind": self.kinds[cap], "passed": c.passed, "total": c.total}
                for (cap, lang), c in self.cells.items()
            ],
        }

    def failures(self, limit: int = 5) -> list[str]:
        out: list[str] = []
        for (cap, lang), c in self.cells.items():
            out.extend(f"{cap}/{lang}: {f}" for f in c.failures[:limit])
        return out


def run_suite(extractor: _Extracts, langs: tuple[str, ...] | None = None) -> SuiteReport:
    """Extract every case (language given, no date) and score it. Cost: one extraction per case (≈7,000)."""
    cells: dict[tuple[str, str], CellScore] = defaultdict(CellScore)
    kinds: dict[str, str] = {}
    for case in generate(langs):
        kinds[case.capability] = case.kind
        cell = cells[(case.capability, case.lang)]
        cell.total += 1
        problem = case.check(extractor.extract(case.text, lang=case.lang))
        if problem is None:
            cell.passed += 1
        else:
            cell.failures.append(f"{problem}: {case.text}")
    return SuiteReport(cells=dict(cells), kinds=kinds)


def floors(report: SuiteReport) -> dict[str, float]:
    """Pass rates per "capability/lang", rounded down to the percent: what `tests/data/news-suite-floors.json`
    records (a later run must not fall below them)."""
    return {f"{cap}/{lang}": int(c.rate * 100) / 100 for (cap, lang), c in sorted(report.cells.items())}


if __name__ == "__main__":  # python -m ingest.news.checklist [-v] [-nN] [--record FILE] [LANG...]
    import json
    import sys

    from ingest.news.extract import get_extractor

    args = sys.argv[1:]
    record = args[args.index("--record") + 1] if "--record" in args else None
    chosen = tuple(a for a in args if not a.startswith("-") and a != record) or None
    report = run_suite(get_extractor(), chosen)
    print(report.to_table())
    if record:
        with open(record, "w", encoding="utf-8") as fh:
            json.dump(floors(report), fh, indent=1, sort_keys=True)
            fh.write("\n")
    if "-v" in sys.argv:
        print("\n".join(report.failures(limit=int(next((a[2:] for a in sys.argv if a.startswith("-n")), "4")))))
