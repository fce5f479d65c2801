"""Transfer predicates by lemma (lexicon pass): forms generated from morphological dictionaries, their status by
tense and mood, German split verbs, the trie-compiled cue lists."""

from __future__ import annotations

import pytest

from graph.vocab import TransferStatus
from ingest.news.extract import Extractor, get_extractor
from ingest.news.lemmas import FORMS_FILE, generate
from ingest.news.lexicon import _compile_many
from ingest.news.reference import load_yaml
from ingest.news.text import compile_cues
from tests.ingest.news_pairs import affirmative_pairs


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()



@pytest.mark.parametrize("lang", ["en", "ru", "uk"])
def test_forms_file_is_what_the_lemmas_generate(lang: str) -> None:
    # the cheap dictionaries only (simplemma en, pymorphy3); `python -m ingest.news.lemmas --check` does all
    assert FORMS_FILE.exists()
    assert load_yaml("news_forms.yaml")[lang] == generate(lang, load_yaml("news_lexicon.yaml")[lang])


def test_generated_forms_cover_tenses_and_exclude_function_words() -> None:
    forms = load_yaml("news_forms.yaml")
    assert {"отгружает", "отгрузили", "отгруженные"} <= set(forms["ru"]["supply_delivered"])
    assert "отгрузит" in forms["ru"]["supply_future"]  # perfective non-past: a future
    assert {"віддала", "віддав"} <= set(forms["uk"]["supply_delivered"])
    assert {"enviaria", "enviarian"} <= set(forms["es"]["supply_conditional"])  # folded
    assert "dai" not in forms["it"].get("supply_delivered", [])  # "dai" is also "from the"
    assert "entrega" not in forms["es"]["nominals"]  # a verb form too: the verb reading stays


@pytest.mark.parametrize(
    ("lang", "text", "pair", "status"),
    [
        # forms never listed by hand, from their lemma
        ("ru", "Пхеньян отгружает Москве артиллерийские снаряды.", ("KP", "RU"), TransferStatus.DELIVERED),
        ("uk", "Словаччина віддала Україні винищувачі МіГ-29.", ("SK", "UA"), TransferStatus.DELIVERED),
        ("es", "Dinamarca ha donado 19 F-16 a Ucrania.", ("DK", "UA"), TransferStatus.DELIVERED),
        ("pl", "Polska sprowadziła czołgi z Korei Południowej.", ("KR", "PL"), TransferStatus.DELIVERED),
        # a perfective future is a plan
        ("uk", "Іран відвантажить росії ракети наступного місяця.", ("IR", "RU"), TransferStatus.ORDERED),
        # German verbs split around their object
        ("de", "Deutschland gibt weitere Panzer an die Ukraine ab.", ("DE", "UA"), TransferStatus.DELIVERED),
        ("de", "Norwegen stellte der Ukraine Luftabwehrsysteme bereit.", ("NO", "UA"), TransferStatus.DELIVERED),
        # synthetic conditionals: a plan after a speech verb, hearsay otherwise
        ("es", "El ministro dijo que España enviaría tanques a Ucrania.", ("ES", "UA"), TransferStatus.ORDERED),
        ("fr", "La Corée du Nord fournirait des obus à la Russie depuis l'été.", ("KP", "RU"), TransferStatus.ALLEGED),
        # an arrival noun carries a movement
        (
            "en",
            "Officials confirmed the arrival of artillery shells from Iran in Russia.",
            ("IR", "RU"),
            TransferStatus.DELIVERED,
        ),
    ],
)
def test_lemma_forms_fire(
    extractor: Extractor, lang: str, text: str, pair: tuple[str, str], status: TransferStatus
) -> None:
    assert affirmative_pairs(extractor, text, lang).get(pair) == status


def test_a_conditional_after_if_stays_hypothetical(extractor: Extractor) -> None:
    assert affirmative_pairs(extractor, "Si España enviaría tanques a Ucrania, Rusia respondería.", "es") == {}


def test_trie_compilation_matches_like_the_alternation() -> None:
    entries = ["hand", "hand over", "hands", "handed", "livr*", "re:foo", "d'", *(f"w{c}ord" for c in "abcdefghij" * 5)]
    entries += [f"x{i}y" for i in range(40)]
    trie, plain = _compile_many(entries), compile_cues(entries)
    assert trie is not None and plain is not None
    for text in ["hand over it", "handed", "hands", "handx", "livrees", "wcord", "wcords", "foo", "d'ici", "x7y"]:
        got, want = trie.match(text), plain.match(text)
        assert (got and got.group()) == (want and want.group()), text
