"""Small builders of domain objects for tests (real model classes, real validation)."""

from __future__ import annotations

from datetime import date

from graph import ids
from graph.model import Actor, Evidence, Quantity, Source, Transfer
from graph.vocab import ActorKind, SourceKind, TransferStatus, WeaponCategory
from ingest.resolve import state_actor


def states(*codes: str) -> list[Actor]:
    return [state_actor(c) for c in codes]


def armed_group(name: str, country: str) -> Actor:
    return Actor(
        id=ids.actor_id(ActorKind.ARMED_GROUP, name, country),
        kind=ActorKind.ARMED_GROUP,
        name=name,
        country=country,
    )


def news_source(n: int, published: date = date(2022, 9, 7)) -> Source:
    return Source(
        id=ids.source_id("news", f"https://example.org/{n}"),
        kind=SourceKind.NEWS,
        url=f"https://example.org/{n}",
        title=f"Article {n}",
        published=published,
        language="en",
    )


def transfer(
    supplier: str,
    recipient: str,
    category: WeaponCategory = WeaponCategory.AMMUNITION,
    when: str = "2022-09",
    status: TransferStatus = TransferStatus.DELIVERED,
    confidence: float = 0.6,
    source: str = "src-a",
    kind: SourceKind = SourceKind.NEWS,
    quote: str | None = None,
    start: int = 0,
) -> Transfer:
    quote = quote or f"{supplier} sent {category.value} to {recipient}."
    return Transfer(
        id=ids.transfer_id(supplier, recipient, category, when[:4]),
        supplier=supplier,
        recipient=recipient,
        category=category,
        quantity=Quantity(low=1e6, high=1e7, approximate=True, text="millions"),
        delivered=when if status is TransferStatus.DELIVERED else None,
        status=status,
        confidence=confidence,
        evidence=(
            Evidence(
                source_id=source,
                source_kind=kind,
                quote=quote,
                start=start,
                end=start + len(quote),
                language="en",
                claimant="US intelligence",
                status=status,
                confidence=confidence,
                extractor="test",
                when=when,
                reported=date(2022, 9, 7),
            ),
        ),
    )
