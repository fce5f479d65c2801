"""The founding article end to end: exactly the two transfers, with their evidence and graph records."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.model import date_bounds
from graph.vocab import SourceKind, TransferStatus, WeaponCategory
from ingest.news import Claim, Document, document_records, get_extractor, load_documents

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "russia-north-korea-arms-fr.txt"
PUBLISHED = date(2022, 9, 7)

pytestmark = pytest.mark.skipif(not SEED.exists(), reason=f"founding article not found at {SEED}")


@pytest.fixture(scope="module")
def doc() -> Document:
    (loaded,) = list(load_documents([SEED], published=PUBLISHED))
    assert isinstance(loaded, Document)
    return loaded


@pytest.fixture(scope="module")
def claims(doc: Document) -> dict[tuple[str, str], Claim]:
    found = get_extractor().extract_document(doc)
    return {(c.supplier.id, c.recipient.id): c for c in found}


def test_exactly_two_transfers(claims: dict[tuple[str, str], Claim]) -> None:
    assert set(claims) == {("KP", "RU"), ("IR", "RU")}


def test_north_korea_to_russia(claims: dict[tuple[str, str], Claim]) -> None:
    c = claims[("KP", "RU")]
    # "achète ..., a rapporté le New York Times, citant des renseignements": attribution keeps the verb's status
    # (a purchase: ordered) when nobody denies (NEWS_BLIND.md rule 2, NEWS_BLIND5.md)
    assert c.status is TransferStatus.ORDERED
    assert [i.category for i in c.items] == [WeaponCategory.AMMUNITION, WeaponCategory.ROCKET]
    assert c.quantity is not None and (c.quantity.low, c.quantity.high) == (1e6, 1e7)
    assert c.claimant is not None and "US intelligence" in c.claimant and "New York Times" in c.claimant
    assert c.evidence.text.startswith("La Russie achète des millions")
    assert c.evidence.lang == "fr"
    assert c.evidence.rule.startswith("fr:acquire")
    assert c.when is None  # "a rapporté mardi" dates the report, not the purchase


def test_iran_to_russia(claims: dict[tuple[str, str], Claim]) -> None:
    c = claims[("IR", "RU")]
    assert c.status is TransferStatus.DELIVERED
    assert [i.category for i in c.items] == [WeaponCategory.DRONE]
    assert c.when is not None
    low, high = date_bounds(c.when)
    assert date(2022, 8, 29) <= low <= high <= date(2022, 9, 4)  # "la semaine dernière"
    assert "la semaine dernière" in c.evidence.text


def test_offsets_slice_the_document(doc: Document, claims: dict[tuple[str, str], Claim]) -> None:
    for c in claims.values():
        assert doc.text[c.evidence.start : c.evidence.end] == c.evidence.text


def test_violation_sentence_and_boilerplate_add_nothing(claims: dict[tuple[str, str], Claim]) -> None:
    for c in claims.values():
        assert "Tout accord" not in c.evidence.text
        assert "Google News" not in c.evidence.text


def test_to_json_shape(claims: dict[tuple[str, str], Claim]) -> None:
    data = claims[("KP", "RU")].to_json()
    assert list(data) == [
        "supplier",
        "recipient",
        "status",
        "items",
        "quantity",
        "when",
        "claimant",
        "confidence",
        "evidence",
    ]
    assert data["supplier"]["id"] == "KP" and data["recipient"]["id"] == "RU"
    assert set(data["evidence"]) == {"text", "start", "end", "lang", "rule"}
    assert 0.0 < data["confidence"] <= 1.0


def test_document_records(doc: Document, claims: dict[tuple[str, str], Claim]) -> None:
    records = document_records(doc, list(claims.values()))
    (source,) = records.sources
    assert source.kind is SourceKind.NEWS and source.published == PUBLISHED and source.language == "fr"
    assert {a.id for a in records.actors} == {"KP", "RU", "IR"}
    by_pair = {(t.supplier, t.recipient): t for t in records.transfers}
    kp = by_pair[("KP", "RU")]
    assert kp.category is WeaponCategory.AMMUNITION and kp.status is TransferStatus.ORDERED
    assert kp.attributes["items"][1]["category"] == "rocket"
    ir = by_pair[("IR", "RU")]
    assert ir.delivered is not None and ir.ordered is None
    (evidence,) = ir.evidence
    assert evidence.source_id == source.id and evidence.reported == PUBLISHED
    assert doc.text[evidence.start : evidence.end] == evidence.quote  # type: ignore[index]
