"""Nominal pass (issue 14): agents of transfer nouns by preposition and case, supplier agent nouns, a document's
dominant counterpart for one-party sentences, and the Portuguese/Polish actor-form gaps the suite showed."""

from __future__ import annotations

import pytest

from graph.vocab import TransferStatus
from ingest.news.context import DOMINANT_SCORE, Named, dominant
from ingest.news.extract import Extractor, get_extractor
from tests.factories import news_frame
from tests.ingest.news_pairs import affirmative_pairs


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        # instrumental agent, dative recipient of a Slavic transfer noun, in either order
        ("ru", "Продолжается передача Пхеньяном Москве артиллерийских снарядов.", ("KP", "RU")),
        ("ru", "Поставки беспилотников Ираном России продолжаются.", ("IR", "RU")),
        ("uk", "Триває передача Пхеньяном Москві снарядів.", ("KP", "RU")),
        # a genitive right after the noun is its agent when a "to" phrase names the recipient
        ("uk", "Постачання Ірану до Росії дронів триває.", ("IR", "RU")),
        # by-phrases of several words
        ("it", "La consegna da parte dell'Italia di obici all'Ucraina è iniziata.", ("IT", "UA")),
        ("de", "Die Lieferung von Drohnen seitens Irans an Russland geht weiter.", ("IR", "RU")),
        ("ru", "Поставки оружия Украине со стороны Польши продолжаются.", ("PL", "UA")),
        ("pl", "Dostawy broni dla Ukrainy ze strony Polski trwają.", ("PL", "UA")),
        ("de", "Die Lieferung von Panzern durch Berlin an die Ukraine begann.", ("DE", "UA")),
        # a passive speech verb has no speaker subject: the recipient before it stays a party
        ("en", "The delivery by Iran of drones to Russia was confirmed on Monday.", ("IR", "RU")),
    ],
)
def test_the_agent_of_a_transfer_noun(extractor: Extractor, lang: str, text: str, pair: tuple[str, str]) -> None:
    assert set(affirmative_pairs(extractor, text, lang)) == {pair}


def test_a_lone_genitive_after_a_noun_is_not_its_agent(extractor: Extractor) -> None:
    # "поставки России иранских дронов": России may be the recipient; the origin adjective supplies
    assert set(affirmative_pairs(extractor, "Поставки России иранских дронов продолжаются.", "ru")) == {("IR", "RU")}


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Iran has become Russia's main supplier of drones."),
        ("en", "Iran is the main supplier of drones to Russia."),
        ("fr", "L'Iran est le principal fournisseur de drones de la Russie."),
        ("it", "L'Iran è il principale fornitore di droni della Russia."),
        ("es", "Irán es el principal proveedor de drones de Rusia."),
        ("pt", "O Irã é o principal fornecedor de drones da Rússia."),
        ("de", "Iran ist inzwischen der wichtigste Lieferant von Drohnen für Russland."),
        ("ru", "Иран стал главным поставщиком беспилотников России."),
        ("pl", "Iran jest największym dostawcą dronów dla Rosji."),
    ],
)
def test_a_supplier_noun_after_a_copula(extractor: Extractor, lang: str, text: str) -> None:
    assert set(affirmative_pairs(extractor, text, lang)) == {("IR", "RU")}


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("O Irã e a Coreia do Norte forneceram mísseis balísticos à Rússia.", {("IR", "RU"), ("KP", "RU")}),
        ("Teerã e Pyongyang forneceram mísseis balísticos a Moscou.", {("IR", "RU"), ("KP", "RU")}),
        ("Os drones foram entregues a Moscou por Pyongyang em agosto.", {("KP", "RU")}),
        # "e" before a participle still reads as a passive ("fabricados e entregues ... pela")
        ("Os drones, fabricados e entregues à Rússia pelo Irã, foram usados.", {("IR", "RU")}),
        # an enclitic "-se" is not "if"
        ("Sabe-se que o Irã entregou drones à Rússia.", {("IR", "RU")}),
    ],
)
def test_portuguese_articles_conjunctions_and_enclitics(
    extractor: Extractor, text: str, pairs: set[tuple[str, str]]
) -> None:
    assert set(affirmative_pairs(extractor, text, "pt")) == pairs


def test_portuguese_if_still_makes_a_condition(extractor: Extractor) -> None:
    assert affirmative_pairs(extractor, "Se o Irã entregar mísseis à Rússia, haverá sanções.", "pt") == {}


@pytest.mark.parametrize(
    ("lang", "text", "pair"),
    [
        ("pl", "Kijów otrzymał drony od Berlina jesienią.", ("DE", "UA")),  # "-ów" is a nominative here
        ("ru", "Москва получила дроны от Пхеньяна.", ("KP", "RU")),  # "-а" genitive, from the dictionary
        ("uk", "Київ отримав дрони від Мінська.", ("BY", "UA")),
    ],
)
def test_capitals_in_their_cases(extractor: Extractor, lang: str, text: str, pair: tuple[str, str]) -> None:
    assert set(affirmative_pairs(extractor, text, lang)) == {pair}


def test_dominant_takes_the_party_the_lead_names_most() -> None:
    named = [Named(0, 0, 50, "RU"), Named(1, 51, 90, "RU"), Named(2, 91, 140, "KP")]
    done = dominant(news_frame("KP", "", how="subj>?"), 2, named)
    assert done is not None
    assert (done.frame.supplier, done.frame.recipient) == ("KP", "RU")
    assert done.frame.score == pytest.approx(DOMINANT_SCORE)
    assert done.how == "dominant" and done.source.sentence == 0


@pytest.mark.parametrize(
    "named",
    [
        # two parties named as often: which one is not said
        [Named(0, 0, 50, "RU"), Named(0, 0, 50, "UA"), Named(2, 91, 140, "KP")],
        # not in the lead
        [Named(1, 51, 90, "RU"), Named(1, 51, 90, "RU"), Named(2, 91, 140, "KP")],
        # named in the partial's own sentence: its frame failed there, the document does not decide
        [Named(0, 0, 50, "RU"), Named(2, 91, 140, "RU"), Named(2, 91, 140, "KP")],
    ],
)
def test_no_dominant_counterpart(named: list[Named]) -> None:
    assert dominant(news_frame("KP", "", how="subj>?"), 2, named) is None


def test_a_one_party_sentence_takes_the_documents_counterpart(extractor: Extractor) -> None:
    text = (
        "Russia is preparing a new offensive. This year Russia has already lost many tanks. "
        "Meanwhile North Korea has handed over more shells, a report says."
    )
    trace: list[str] = []
    claims = extractor.extract(text, lang="en", trace=trace)
    assert {(c.supplier.id, c.recipient.id) for c in claims} == {("KP", "RU")}
    assert claims[0].evidence.rule.endswith(":subj>doc")
    assert claims[0].evidence.context_text == "Russia is preparing a new offensive."
    assert any("completed (dominant" in line for line in trace)


def test_a_place_or_a_speaker_is_never_the_documents_counterpart(extractor: Extractor) -> None:
    # Ukraine is where the war is (a place), the US speaks: no counterpart, no claim
    text = (
        "The war in Ukraine goes on. Fighting in Ukraine was heavy, the US said. "
        "North Korea has handed over more shells, a report says."
    )
    assert affirmative_pairs(extractor, text, "en") == {}


def test_a_document_with_a_pair_keeps_its_own_completion(extractor: Extractor) -> None:
    # the frame of the first sentence names the pair; the dominant rule does not override it
    text = "Iran sent drones to Russia. Russia is preparing a new offensive. Iran has also shipped missiles."
    assert affirmative_pairs(extractor, text, "en") == {("IR", "RU"): TransferStatus.DELIVERED}
