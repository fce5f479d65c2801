"""Shared by the news tests: the affirmative (supplier, recipient) pairs the extractor finds in a text."""

from __future__ import annotations

from graph.vocab import TransferStatus
from ingest.news.extract import Extractor


def affirmative_pairs(extractor: Extractor, text: str, lang: str) -> dict[tuple[str, str], TransferStatus]:
    return {
        (c.supplier.id, c.recipient.id): c.status for c in extractor.extract(text, lang=lang) if c.status.affirmative
    }
