"""Shared by the news tests: the affirmative (supplier, recipient) pairs the extractor finds in a text."""

from __future__ import annotations

from graph.model import Actor
from graph.vocab import ActorKind, TransferStatus
from ingest.news.extract import Extractor


def affirmative_pairs(extractor: Extractor, text: str, lang: str) -> dict[tuple[str, str], TransferStatus]:
    return {
        (c.supplier.id, c.recipient.id): c.status for c in extractor.extract(text, lang=lang) if c.status.affirmative
    }


def affirmative_labels(extractor: Extractor, text: str, lang: str) -> set[str]:
    """The affirmative pairs as "S>R" labels the way the labeled sets write them: a state by its code, a group by
    its name."""

    def label(actor: Actor) -> str:
        return actor.id if actor.kind is ActorKind.STATE else actor.name

    return {
        f"{label(c.supplier)}>{label(c.recipient)}"
        for c in extractor.extract(text, lang=lang)
        if c.status.affirmative
    }
