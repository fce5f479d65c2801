"""The contract-signing frame (`frames._contract`, issue 14 contract pass): "R signed with S a contract for W" is an
order in all nine languages; the purchase or sale noun, the party signed with, a "to R" phrase or the goods' origin
say who supplies; letters of intent, memoranda and negotiations order nothing. Sentences are paraphrases written for
these tests."""

from __future__ import annotations

import pytest

from graph.vocab import TransferStatus
from ingest.news.extract import Extractor, get_extractor
from tests.ingest.news_pairs import affirmative_pairs


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return get_extractor()


@pytest.mark.parametrize(
    ("lang", "text", "pair", "how"),
    [
        # the buyer signs with its supplier
        ("en", "Poland signed a contract with South Korea for 180 K2 tanks.", ("KR", "PL"), "with>signer"),
        ("es", "Colombia firmó con Suecia un contrato de compra de cazas Gripen.", ("SE", "CO"), "with>signer"),
        ("ru", "Египет подписал с Россией контракт на истребители Су-35.", ("RU", "EG"), "with>signer"),
        ("uk", "Ірак уклав з Росією контракт на гелікоптери Мі-28.", ("RU", "IQ"), "with>signer"),
        ("it", "Il Marocco ha firmato con Israele un contratto per sei droni armati.", ("IL", "MA"), "with>signer"),
        # a seller preposition ("auprès de", "aus")
        (
            "fr",
            "La Grèce a signé un contrat d'achat de trois frégates auprès de Naval Group.",
            ("FR", "GR"),
            "with>signer",
        ),
        (
            "de",
            "Die Schweiz hat einen Vertrag über 36 Kampfflugzeuge aus den USA unterzeichnet.",
            ("US", "CH"),
            "from>signer",
        ),
        # a sale noun makes the signer the seller
        (
            "pt",
            "A França assinou com a Armênia um contrato para a venda de obuseiros CAESAR.",
            ("FR", "AM"),
            "signer>with",
        ),
        # foreign goods are bought
        ("pl", "Czechy podpisały umowę na 24 amerykańskie myśliwce F-35.", ("US", "CZ"), "origin>signer"),
    ],
)
def test_contract_signing_is_an_order(
    extractor: Extractor, lang: str, text: str, pair: tuple[str, str], how: str
) -> None:
    claims = [c for c in extractor.extract(text, lang=lang) if c.status.affirmative]
    got = {(c.supplier.id, c.recipient.id): c for c in claims}
    assert set(got) == {pair}, (text, set(got))
    assert got[pair].status is TransferStatus.ORDERED
    assert got[pair].evidence.rule.endswith(how), got[pair].evidence.rule  # the rule names the reading


def test_two_signers_take_the_direction_from_the_goods_origin(extractor: Extractor) -> None:
    text = "India and Russia signed a contract for Russian Su-30 fighters."
    assert set(affirmative_pairs(extractor, text, "en")) == {("RU", "IN")}
    # without an origin either side may supply: nothing
    assert affirmative_pairs(extractor, "France and Armenia signed a contract for howitzers.", "en") == {}


def test_a_supply_noun_names_its_recipient(extractor: Extractor) -> None:
    text = "Paris et Erevan ont signé un contrat portant sur la fourniture de canons à l'Arménie."
    assert set(affirmative_pairs(extractor, text, "fr")) == {("FR", "AM")}


def test_a_supply_noun_alone_says_nothing_of_direction(extractor: Extractor) -> None:
    # "Francja podpisała z Armenią kontrakt na dostawę": either side may deliver
    pairs = affirmative_pairs(extractor, "Francja podpisała z Armenią kontrakt na dostawę haubic.", "pl")
    assert ("AM", "FR") not in pairs


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Sweden signed a letter of intent with Ukraine on the sale of Gripen fighters."),
        ("es", "Bolivia firmó con Irán un memorando de entendimiento sobre drones."),
        ("pl", "Francja podpisała z Szwecją list intencyjny w sprawie zakupu dwóch samolotów."),
        ("ru", "Россия и Иран подписали меморандум о сотрудничестве в области беспилотников."),
        ("it", "Il Marocco negozia con Israele un contratto per droni armati."),
        ("de", "Die Schweiz verhandelt mit den USA über einen Vertrag über Kampfflugzeuge."),
    ],
)
def test_plans_order_nothing(extractor: Extractor, lang: str, text: str) -> None:
    assert affirmative_pairs(extractor, text, lang) == {}


def test_explain_names_the_contract_reading(extractor: Extractor) -> None:
    trace: list[str] = []
    extractor.extract("Poland signed a contract with South Korea for 180 K2 tanks.", lang="en", trace=trace)
    assert any("trigger 'signed'" in line and "class=contract" in line for line in trace)
    assert any("frame KR > PL" in line and "roles with>signer" in line and "kept: ordered" in line for line in trace)
