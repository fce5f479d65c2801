"""Small builders of domain objects for tests (real model classes, real validation)."""

from __future__ import annotations

import random
from datetime import date

from graph import ids
from graph.model import Actor, Evidence, Quantity, Source, Transfer
from graph.vocab import REPORTED_STATUSES, ActorKind, SourceKind, TransferStatus, WeaponCategory
from ingest.news.frames import Frame
from ingest.resolve import state_actor

#: The states of `random_transfers`.
CODES = ("RU", "KP", "IR", "BY", "CN", "IN", "FR", "SY", "MM", "VE")


def random_transfers(n: int, seed: int, prefix: str = "tr") -> list[Transfer]:
    """Transfers among CODES with every status, some undated, news and register evidence, skewed to RU."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        supplier = rng.choice(CODES[1:])
        recipient = "RU" if rng.random() < 0.6 else rng.choice([c for c in CODES if c != supplier])
        status = rng.choice(REPORTED_STATUSES)
        when = None if rng.random() < 0.15 else f"{rng.randint(1995, 2024)}-{rng.randint(1, 12):02d}"
        kind = rng.choice(list(SourceKind))
        confidence = round(rng.uniform(0.3, 0.95), 2)
        quote = f"{supplier} and {recipient}, report {i}."
        out.append(
            Transfer(
                id=f"{prefix}-{i}",
                supplier=supplier,
                recipient=recipient,
                category=rng.choice(list(WeaponCategory)),
                delivered=when if status is TransferStatus.DELIVERED else None,
                ordered=when if status is not TransferStatus.DELIVERED else None,
                status=status,
                confidence=confidence,
                evidence=(
                    Evidence(
                        source_id=f"src-{i % 7}",
                        source_kind=kind,
                        quote=quote,
                        start=0,
                        end=len(quote),
                        status=status,
                        confidence=confidence,
                        extractor="test",
                        when=when,
                    ),
                ),
            )
        )
    return out


def confirmed(t: Transfer) -> Transfer:
    """The transfer as a later register row reports it: delivered, confidence 0.99, dated 2024-03, register evidence
    (re-ingested, it changes the stored transfer's status, confidence, dates and source kinds)."""
    row = Evidence(
        source_id="src-register",
        source_kind=SourceKind.REGISTER,
        quote="register row",
        start=0,
        end=12,
        status=TransferStatus.DELIVERED,
        confidence=0.99,
        extractor="test",
        when="2024-03",
    )
    return t.model_copy(update={"evidence": (row,)})


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


def news_frame(supplier: str, recipient: str, how: str = "subj>to", cls: str = "supply", origin: bool = False) -> Frame:
    """A news-extraction frame with placeholder offsets, for tests of what is done with frames."""
    return Frame(
        supplier=supplier,
        recipient=recipient,
        cls=cls,
        status="delivered",
        trigger="sent",
        trigger_start=0,
        trigger_end=4,
        scope_start=0,
        clause_start=0,
        clause_end=10,
        span_start=0,
        span_end=10,
        how=how,
        score=1.0,
        origin_used=origin,
    )
