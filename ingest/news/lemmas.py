"""Transfer predicates by lemma: every inflected form of the lemmas in `news_lexicon.yaml` (`lemmas`,
`noun_lemmas`), generated once from real morphological dictionaries and stored in `graph/reference/news_forms.yaml`.

Listing surface forms sentence by sentence missed what independent text writes ("cuenta con", "enviaría",
"überlassen", "отгружает", "віддала"); a lemma names a verb once and every tense, mood, person, aspect form and
participle fires. Sources: simplemma's form -> lemma dictionaries, inverted (de en es fr it pt); pymorphy3
lexemes with their tags (ru uk); Morfeusz 2 generation with SGJP tags (pl). Loading those dictionaries takes
seconds (Polish alone ~8 s), so the forms are generated offline, not per process:

    python -m ingest.news.lemmas --write      # regenerate graph/reference/news_forms.yaml
    python -m ingest.news.lemmas --check      # exit 1 when the file is not what the lemmas generate

Each form is classed by what it says about time: `future` (perfective non-past, Romance synthetic future) joins
the trigger's `_ordered` list and the `ordered` cue; `conditional` (Romance synthetic conditional, Polish "-łby")
joins the `conditional` cue (`modality.py`: a plan after a speech verb, hearsay otherwise); the rest join the
trigger list as it is. Noun forms also join `nominals`. German separable verbs ("ab|geben") fire on their joined
forms ("abgegeben") and on a finite base form whose particle closes the clause ("gibt ... ab").
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from ingest.news.reference import load_yaml
from ingest.news.text import fold

__all__ = ["FORMS_FILE", "generate", "generate_all"]

FORMS_FILE = Path(__file__).resolve().parents[2] / "graph" / "reference" / "news_forms.yaml"
_SIMPLEMMA = ("de", "en", "es", "fr", "it", "pt")
#: Lists whose words are never predicates (a form that is also a preposition or article is dropped: Italian
#: "dai" is "give" and "from the").
_FUNCTION_LISTS = (
    "articles", "conj", "other_preps", "genitive", "subordinators", "negation", "subject_pronouns",
    "object_pronouns", "supply_recipient", "supply_supplier", "acquire_supplier", "acquire_recipient",
    "use_recipient", "move_recipient", "complementizers", "relatives", "passive_aux",
)  # fmt: skip
#: Synthetic future and conditional endings after the future stem (the infinitive, or `future_stems`).
_ENDINGS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "es": (("é", "ás", "á", "emos", "éis", "án"), ("ía", "ías", "íamos", "íais", "ían")),
    "pt": (("ei", "ás", "á", "emos", "eis", "ão"), ("ia", "ias", "íamos", "íeis", "iam")),
    "fr": (("ai", "as", "a", "ons", "ez", "ont"), ("ais", "ait", "ions", "iez", "aient")),
    "it": (("ò", "ai", "à", "emo", "ete", "anno"), ("ei", "esti", "ebbe", "emmo", "este", "ebbero")),
}
_GERMAN_PARTICLE = re.compile(r"^(\w+)\|(\w+)$")
#: Regular past participles in their four agreements (masculine, feminine, plurals), by infinitive ending: the
#: dictionaries often hold the masculine singular only ("doté" but not "dotée", "fornecido" but not "fornecidas").
#: Irregular verbs only gain forms no text writes ("ponido"); forms that are other words go in `exclude_forms`.
_IDO = ("ido", "ida", "idos", "idas")
_PARTICIPLES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "fr": (("er", ("é", "ée", "és", "ées")),),
    "es": (("ar", ("ado", "ada", "ados", "adas")), ("er", _IDO), ("ir", _IDO)),
    "it": (("are", ("ato", "ata", "ati", "ate")), ("ire", ("ito", "ita", "iti", "ite"))),
    "pt": (("ar", ("ado", "ada", "ados", "adas")), ("er", _IDO), ("ir", _IDO)),
}
#: Regular third-person preterites (the news narrative tense), by infinitive ending: simplemma's Portuguese table
#: lacks them for rarer verbs ("recepcionou"); irregular verbs keep the dictionary's forms.
_PRETERITES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "pt": (("ar", ("ou", "aram")), ("er", ("eu", "eram")), ("ir", ("iu", "iram"))),
}


def _german_nonfinite(form: str, base: str) -> bool:
    """A participle ("gegeben", "gestellt") or zu-infinitive of `base`: "ge"/"zu" before the base's first letters."""
    return form[:2] in ("ge", "zu") and form[2:4] == base[:2]


def _participles(lang: str, lemma: str) -> set[str]:
    """The regular past participle of a Romance infinitive in its four agreements (none for other verbs)."""
    for ending, forms in _PARTICIPLES.get(lang, ()):
        if lemma.endswith(ending):
            return {lemma[: -len(ending)] + f for f in forms}
    return set()


def _preterites(lang: str, lemma: str) -> set[str]:
    """The regular third-person preterites of a Romance infinitive (`_PRETERITES`; none for other languages)."""
    for ending, forms in _PRETERITES.get(lang, ()):
        if lemma.endswith(ending):
            return {lemma[: -len(ending)] + f for f in forms}
    return set()


def _future_stem(lang: str, lemma: str, irregular: dict[str, str]) -> str:
    if lemma in irregular:
        return irregular[lemma]
    if lang == "fr" and lemma.endswith("re"):
        return lemma[:-1]  # vendre -> vendr-
    if lang == "it":
        if lemma.endswith(("are", "ere")):
            return lemma[:-3] + "er"  # consegnare -> consegner-
        if lemma.endswith("ire"):
            return lemma[:-1]  # fornire -> fornir-
    return lemma


def _inverted(lang: str, lemmas: set[str]) -> dict[str, set[str]]:
    """lemma (lower case) -> its forms in simplemma's dictionary (which maps forms to lemmas)."""
    from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

    out: dict[str, set[str]] = {}
    for lemma in lemmas:  # keyed in lower case: the noun "Eintreffen" and the verb "eintreffen" share forms
        out.setdefault(lemma.lower(), set()).add(lemma)
    for form, lemma in DefaultDictionaryFactory().get_dictionary(lang).items():
        key = (lemma.decode() if isinstance(lemma, bytes) else str(lemma)).lower()
        if key in out:
            out[key].add(form.decode() if isinstance(form, bytes) else str(form))
    return out


def _slavic_forms(lang: str, lemma: str) -> tuple[set[str], set[str]]:
    """(forms, future forms) of a Russian, Ukrainian or Polish lemma."""
    forms: set[str] = {lemma}
    future: set[str] = set()
    if lang == "pl":
        import morfeusz2

        for form, base, tag, *_ in _morfeusz().generate(lemma):
            if base.split(":")[0] != lemma or ":neg" in tag:
                continue
            if tag.startswith("fin") and ":perf" in tag:
                future.add(form)
            else:
                forms.add(form)
        del morfeusz2
        return forms - future, future
    import pymorphy3

    analyser = _pymorphy(lang)
    del pymorphy3
    for parse in analyser.parse(lemma):
        if parse.normal_form != lemma:
            continue
        for lex in parse.lexeme:
            (future if "futr" in lex.tag else forms).add(lex.word)
        break
    return forms - future, future


_CACHE: dict[str, Any] = {}


def _morfeusz() -> Any:
    if "pl" not in _CACHE:
        import morfeusz2

        _CACHE["pl"] = morfeusz2.Morfeusz(analyse=False, generate=True)
    return _CACHE["pl"]


def _pymorphy(lang: str) -> Any:
    if lang not in _CACHE:
        import pymorphy3

        _CACHE[lang] = pymorphy3.MorphAnalyzer(lang=lang)
    return _CACHE[lang]


def generate(lang: str, raw: dict[str, Any]) -> dict[str, list[str]]:
    """The generated lists of one language: "<class>_<status>" (trigger forms), "<class>_future",
    "<class>_conditional", "<class>_separable" (raw regexes), "nominals"."""
    lemmas: dict[str, list[str]] = {k: [str(x) for x in v or []] for k, v in (raw.get("lemmas") or {}).items()}
    nouns: dict[str, list[str]] = {k: [str(x) for x in v or []] for k, v in (raw.get("noun_lemmas") or {}).items()}
    irregular = {str(k): str(v) for k, v in (raw.get("future_stems") or {}).items()}
    stop = {fold(str(w)) for name in _FUNCTION_LISTS for w in raw.get(name) or [] if not str(w).startswith("re:")}
    stop |= {fold(str(w)) for w in raw.get("exclude_forms") or []}
    out: dict[str, set[str]] = {}
    verb_forms: set[str] = set()

    def add(key: str, words: Iterable[str]) -> None:
        for w in words:
            f = fold(w).strip()
            head = f.split()[0] if f else ""
            if len(head) >= 3 and head not in stop and f not in stop and "|" not in f:
                out.setdefault(key, set()).add(f)

    heads: set[str] = set()  # the single words simplemma is asked about
    for group in (*lemmas.values(), *nouns.values()):
        for lemma in group:
            word = lemma.split()[0]
            m = _GERMAN_PARTICLE.match(word)
            if m:
                heads.update((m.group(1) + m.group(2), m.group(2)))
            else:
                heads.add(word)
    table = _inverted(lang, heads) if lang in _SIMPLEMMA else {}
    for key, group in [*((k, v) for k, v in lemmas.items()), *((f"noun:{k}", v) for k, v in nouns.items())]:
        noun = key.startswith("noun:")
        target = key.removeprefix("noun:")
        cls = target.split("_")[0]
        for lemma in group:
            word, *rest = lemma.split()
            tail = (" " + " ".join(rest)) if rest else ""
            m = _GERMAN_PARTICLE.match(word)
            if m:  # "ab|geben": joined forms, and the base verb's finite forms with the particle at clause end
                particle, base = m.group(1), m.group(2)
                add(target, (f + tail for f in table.get((particle + base).lower(), {particle + base})))
                # the infinitive is also the plural ("Die USA geben ... ab"); participles ("gegeben") never split
                split = table.get(base.lower(), set())
                finite = sorted({fold(f) for f in split if not _german_nonfinite(fold(f), fold(base))})
                # one regex per form, each starting with its literal, so that the cue index holds them (`cues.py`);
                # the words up to the particle never cross punctuation
                for f in finite:
                    out.setdefault(f"{cls}_separable", set()).add(
                        rf"(?<!\w){re.escape(f)}(?=(?:\s+[\w'\"/-]+){{1,10}}?\s+{re.escape(fold(particle))}(?!\w))"
                    )
                continue
            if lang in _SIMPLEMMA:
                forms = table.get(word.lower(), {word})
                future: set[str] = set()
                conditional: set[str] = set()
                if lang in _ENDINGS and not noun:
                    stem = _future_stem(lang, word, irregular)
                    fut, cond = _ENDINGS[lang]
                    future = {stem + e for e in fut}
                    conditional = {stem + e for e in cond}
                    forms = forms | future | conditional | _participles(lang, word) | _preterites(lang, word)
                    future = {f for f in forms if f in future}
                    conditional = {f for f in forms if f in conditional}
            else:
                forms, future = _slavic_forms(lang, word)
                conditional = set()
                if noun:
                    forms, future = forms | future, set()
                else:
                    forms, future = forms, future
            plain = forms - future - conditional
            # A future that folds to a present ("dostarczą" / "dostarcza", "enviará" / "enviara") reads as the
            # present: the `ordered` cue list keeps the explicit futures it already had.
            folded_plain = {fold(f) for f in plain}
            future = {f for f in future if fold(f) not in folded_plain}
            conditional = {f for f in conditional if fold(f) not in folded_plain}
            add(target, (f + tail for f in plain))
            if not noun:
                verb_forms.update(fold(f + tail) for f in forms)
            if noun:
                add("nominals", (f + tail for f in plain))
            add(f"{cls}_future", (f + tail for f in future))
            add(f"{cls}_conditional", (f + tail for f in conditional))
    # A noun form that is also a verb form ("entrega", "invio") is no nominal: the verb reading must stay.
    if "nominals" in out:
        out["nominals"] -= verb_forms
    return {k: sorted(v) for k, v in sorted(out.items())}


def generate_all() -> dict[str, dict[str, list[str]]]:
    data = load_yaml("news_lexicon.yaml")
    from ingest.news.lexicon import LANGUAGES

    return {lang: generate(lang, data[lang]) for lang in LANGUAGES if lang in data and data[lang].get("lemmas")}


_HEADER = (
    "# GENERATED by `python -m ingest.news.lemmas --write` from the `lemmas` and `noun_lemmas` of news_lexicon.yaml:\n"
    "# every inflected form (simplemma dictionaries for de en es fr it pt, pymorphy3 for ru uk, Morfeusz 2 for pl),\n"
    "# accent- and case-folded. Do not edit by hand; `--check` tells whether it is current.\n"
)


def render(forms: dict[str, dict[str, list[str]]]) -> str:
    return _HEADER + yaml.safe_dump(forms, allow_unicode=True, sort_keys=True, width=120)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render(generate_all())
    if args.write:
        FORMS_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {FORMS_FILE}")
        return 0
    if args.check:
        current = FORMS_FILE.read_text(encoding="utf-8") if FORMS_FILE.exists() else ""
        if current != text:
            print(f"{FORMS_FILE} is not current: run python -m ingest.news.lemmas --write", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
