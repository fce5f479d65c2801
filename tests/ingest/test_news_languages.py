"""Core constructions per language, hard negatives, and transfer ids shared across documents."""

from __future__ import annotations

from datetime import date

import pytest

from graph.ids import transfer_id
from graph.vocab import ActorKind, TransferStatus, WeaponCategory
from ingest.news import Document, document_records, get_extractor

PUB = date(2024, 3, 15)


def pairs(text: str, lang: str | None = None) -> dict[tuple[str, str], TransferStatus]:
    return {(c.supplier.id, c.recipient.id): c.status for c in get_extractor().extract(text, PUB, lang)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey sold Bayraktar drones to Poland last year.", ("TR", "PL", "delivered")),
        ("Russia received artillery shells from North Korea.", ("KP", "RU", "delivered")),
        ("Ukraine was supplied with howitzers by France.", ("FR", "UA", "delivered")),
        ("Iranian-made drones launched by Russia hit Odesa.", ("IR", "RU", "delivered")),
        ("La Russie achète des obus à la Corée du Nord.", ("KP", "RU", "ordered")),
        ("Des chars ont été livrés à l'Ukraine par la Pologne.", ("PL", "UA", "delivered")),
        ("Im Mai hat Iran Russland Drohnen geliefert.", ("IR", "RU", "delivered")),
        ("Rusia recibió misiles de Irán.", ("IR", "RU", "delivered")),
        # a past purchase implies delivery (label guides of the blind sets)
        ("La Russia ha acquistato proiettili dalla Corea del Nord.", ("KP", "RU", "delivered")),
        ("A Turquia vendeu drones à Ucrânia.", ("TR", "UA", "delivered")),
        ("Иран поставил России беспилотники.", ("IR", "RU", "delivered")),
        ("Росія отримала з Ірану дрони.", ("IR", "RU", "delivered")),
        ("Rosja kupiła od Korei Północnej pociski.", ("KP", "RU", "delivered")),
        ("Rosja kupi od Korei Północnej pociski.", ("KP", "RU", "ordered")),
    ],
)
def test_core_construction(text: str, expected: tuple[str, str, str]) -> None:
    supplier, recipient, status = expected
    found = pairs(text)
    assert (supplier, recipient) in found, found
    assert found[(supplier, recipient)].value == status
    assert (recipient, supplier) not in found


@pytest.mark.parametrize(
    "text",
    [
        "Washington warned Beijing against supplying weapons to Russia.",
        "If North Korea were to ship arms to Russia, it would violate UN resolutions.",
        "Any deal to sell missiles to Iran would breach the embargo.",
        "Israel refuses to deliver air defence systems to Ukraine.",
        "Tout accord sur les armes avec la Corée du Nord serait une violation des résolutions.",
        "Iran sent oil to Venezuela.",
        "North Korea sent troops to Russia.",
        "Russia and Iran held talks on military cooperation in Tehran.",
        "Die USA warnten China davor, Waffen an Russland zu liefern.",
        "Если Пхеньян продаст оружие Москве, это нарушит резолюции ООН.",
    ],
)
def test_no_affirmative_claim(text: str) -> None:
    assert not [s for s in pairs(text).values() if s.affirmative]


def test_denial_is_kept_as_denied() -> None:
    assert pairs("Iran denied supplying drones to Russia.") == {("IR", "RU"): TransferStatus.DENIED}


def test_claimant_is_not_a_party() -> None:
    found = pairs("The White House said Iran had delivered drones to Russia, US officials added.")
    assert set(found) == {("IR", "RU")}
    (claim,) = get_extractor().extract("Russia received drones from Iran, US intelligence said.", PUB)
    # attribution keeps the verb's status when nobody denies (NEWS_BLIND.md rule 2, NEWS_BLIND5.md)
    assert claim.claimant == "US intelligence" and claim.status is TransferStatus.DELIVERED
    (claim,) = get_extractor().extract("Russia received drones from Iran, US intelligence said. Tehran denied it.", PUB)
    assert claim.status is TransferStatus.ALLEGED  # a party's denial makes it contested


def test_armed_group_is_its_own_actor() -> None:
    (claim,) = get_extractor().extract("The Houthis received missiles from Iran.", PUB)
    assert claim.recipient.kind is ActorKind.ARMED_GROUP and claim.recipient.country == "YE"
    assert claim.supplier.id == "IR"


def test_designation_synonyms() -> None:
    (a,) = get_extractor().extract("Iran delivered Shahed-136 drones to Russia.", PUB)
    (b,) = get_extractor().extract("Иран передал России дроны Герань-2.", PUB)
    assert a.items[0].designation == b.items[0].designation == "Shahed-136"


def test_relative_dates() -> None:
    (c,) = get_extractor().extract("Iran delivered drones to Russia in August.", date(2022, 9, 7))
    assert c.when == "2022-08"
    (d,) = get_extractor().extract("Iran delivered drones to Russia yesterday.", date(2022, 9, 7))
    assert d.when == "2022-09-06"


def test_same_transfer_from_two_documents_same_id() -> None:
    ex = get_extractor()
    one = Document(
        id="a",
        text="Iran delivered drones to Russia in August 2022.",
        published=date(2022, 9, 7),
        url="https://example.org/a",
    )
    two = Document(
        id="b",
        text="L'Iran a livré des drones à la Russie en août 2022.",
        published=date(2022, 9, 20),
        url="https://example.org/b",
    )
    (t1,) = document_records(one, ex.extract_document(one)).transfers
    (t2,) = document_records(two, ex.extract_document(two)).transfers
    assert t1.id == t2.id == transfer_id("IR", "RU", WeaponCategory.DRONE, "2022")
    assert t1.evidence[0].source_id != t2.evidence[0].source_id
