"""The extractor's output: one transfer claim with the sentence that supports it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.model import Actor, Quantity
from graph.vocab import TransferStatus, WeaponCategory

__all__ = ["Claim", "ClaimEvidence", "Item"]


@dataclass(frozen=True)
class Item:
    category: WeaponCategory
    designation: str | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"category": self.category.value, "designation": self.designation, "text": self.text}


@dataclass(frozen=True)
class ClaimEvidence:
    """The sentence (text and offsets into the document text), its language and the rule that fired."""

    text: str
    start: int
    end: int
    lang: str
    rule: str
    #: For a claim whose other party was named in another sentence of the document (`ingest.news.context`):
    #: that sentence's offsets and text.
    context: tuple[int, int] | None = None
    context_text: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "rule": self.rule,
        }
        if self.context is not None:
            out["context"] = {"text": self.context_text, "start": self.context[0], "end": self.context[1]}
        return out


@dataclass(frozen=True)
class Claim:
    supplier: Actor
    recipient: Actor
    status: TransferStatus
    items: tuple[Item, ...]
    quantity: Quantity | None
    when: str | None
    claimant: str | None
    confidence: float
    evidence: ClaimEvidence
    #: Why the status and roles were chosen (cue words seen); for reviewers, not part of the JSON contract.
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def category(self) -> WeaponCategory:
        """The main item's category (the first specific one named)."""
        return self.items[0].category if self.items else WeaponCategory.UNSPECIFIED

    def to_json(self) -> dict[str, Any]:
        return {
            "supplier": {"id": self.supplier.id, "name": self.supplier.name},
            "recipient": {"id": self.recipient.id, "name": self.recipient.name},
            "status": self.status.value,
            "items": [i.to_json() for i in self.items],
            "quantity": self.quantity.model_dump(exclude_none=True) if self.quantity else None,
            "when": self.when,
            "claimant": self.claimant,
            "confidence": self.confidence,
            "evidence": self.evidence.to_json(),
        }
