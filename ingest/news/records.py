"""Claims of one document -> graph records: the Source, the actors, one Transfer (with its Evidence) per
claim.

Transfer ids come from (supplier, recipient, main category, year), so two articles reporting the same transfer
produce the same id and the store merges their evidence as corroboration.
"""

from __future__ import annotations

from graph.ids import source_id, transfer_id
from graph.model import Actor, Evidence, Source, Transfer
from graph.vocab import SourceKind, TransferStatus
from ingest.news.claims import Claim
from ingest.news.documents import Document
from ingest.news.language import detect_language
from ingest.records import Records
from ingest.resolve import state_actor

__all__ = ["document_records", "document_source"]


def document_source(doc: Document, language: str | None = None) -> Source:
    """The Source node of an article: id from its URL, else its file path and content hash."""
    locator = doc.url or f"{doc.path or doc.id}#{doc.content_hash}"
    return Source(
        id=source_id("news", locator),
        kind=SourceKind.NEWS,
        title=doc.title or _first_line(doc.text),
        url=doc.url,
        publisher=doc.site,
        published=doc.published,
        language=doc.lang or language or detect_language(doc.text),
    )


def _first_line(text: str) -> str | None:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:300] or None


def _period(claim: Claim, doc: Document) -> str | None:
    if claim.when:
        return claim.when[:4]
    return str(doc.published.year) if doc.published else None


def _actor(actor: Actor) -> Actor:
    return state_actor(actor.id) if actor.kind.value == "state" else actor


def document_records(doc: Document, claims: list[Claim]) -> Records:
    """Graph records for one article and the claims extracted from it."""
    source = document_source(doc, claims[0].evidence.lang if claims else None)
    actors: dict[str, Actor] = {}
    transfers: list[Transfer] = []
    for claim in claims:
        for actor in (claim.supplier, claim.recipient):
            actors.setdefault(actor.id, _actor(actor))
            if actor.country and actor.country != actor.id and actor.country not in actors:
                actors[actor.country] = state_actor(actor.country)
        category = claim.category
        # An undated claim ("Russia is buying shells") reports something happening by the time of publication:
        # date its evidence to the publication month so it can be judged against the regimes then in force.
        when = claim.when or (doc.published.isoformat()[:7] if doc.published else None)
        designation = next((i.designation for i in claim.items if i.designation), None)
        evidence = Evidence(
            source_id=source.id,
            source_kind=SourceKind.NEWS,
            quote=claim.evidence.text,
            start=claim.evidence.start,
            end=claim.evidence.end,
            language=claim.evidence.lang,
            claimant=claim.claimant,
            status=claim.status,
            confidence=claim.confidence,
            extractor=claim.evidence.rule,
            when=when,
            reported=doc.published,
        )
        transfers.append(
            Transfer(
                id=transfer_id(claim.supplier.id, claim.recipient.id, category, _period(claim, doc)),
                supplier=claim.supplier.id,
                recipient=claim.recipient.id,
                category=category,
                designation=designation,
                description=", ".join(i.text for i in claim.items) or None,
                quantity=claim.quantity,
                ordered=claim.when if claim.status is TransferStatus.ORDERED else None,
                delivered=claim.when if claim.status is TransferStatus.DELIVERED else None,
                status=claim.status,
                confidence=claim.confidence,
                evidence=(evidence,),
                attributes={
                    "items": [i.to_json() for i in claim.items],
                    "dated_by": "text" if claim.when else "publication month" if when else "undated",
                },
            )
        )
    return Records(actors=tuple(actors.values()), sources=(source,), transfers=tuple(transfers))
