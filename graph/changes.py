"""The change feed's domain model: one `Change` per thing that changed in the graph, numbered by the store.

A change says what happened (`kind`), to what (`subjects`: transfer, regime, actor or decision ids), between whom
(`actors`: actor ids, states by ISO code), under whose measure (`issuer`) and with what verdict, plus a one-line
`summary` for people. The store gives each change its `seq` in the same write as the change itself (graph/store.py
`changes`), so a reader that has seen up to N and asks for more after N never misses nor repeats one.

`ChangeDraft` is a change before the store numbers it (graph/change_detect.py computes drafts from before/after
copies of what a write touched).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from graph.model import Verdict
from graph.vocab import Issuer

__all__ = ["Change", "ChangeDraft", "ChangeFilter", "ChangeKind", "ChangePage", "number"]


class ChangeKind(StrEnum):
    TRANSFER_ADDED = "transfer_added"
    #: A supplier → recipient pair with no earlier affirmative transfer now has one: "a new supplier of KP".
    SUPPLIER_ADDED = "supplier_added"
    TRANSFER_UPDATED = "transfer_updated"
    EVIDENCE_ADDED = "evidence_added"
    #: A transfer's verdict under one measure appeared, changed or went away (`verdict` None: no longer judged).
    VERDICT_CHANGED = "verdict_changed"
    REGIME_ADDED = "regime_added"
    REGIME_CHANGED = "regime_changed"
    ACTOR_DESIGNATED = "actor_designated"
    ACTOR_DELISTED = "actor_delisted"
    REVIEW_DECISION = "review_decision"


class ChangeDraft(BaseModel):
    """A change as computed from a write, before the store gives it its number and time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: ChangeKind
    #: What changed: the transfer, regime or actor id first, then related ids (the regime of a verdict, the
    #: decision's target).
    subjects: tuple[str, ...]
    #: The actors concerned: a transfer's supplier and recipient, a regime's target, a designated actor (and its
    #: country when known).
    actors: tuple[str, ...] = ()
    #: For a transfer: supplier then recipient (watch queries ask for "a new supplier of KP").
    supplier: str | None = None
    recipient: str | None = None
    issuer: Issuer | None = None
    verdict: Verdict | None = None
    previous_verdict: Verdict | None = None
    summary: str = Field(max_length=1000)


class Change(ChangeDraft):
    """A numbered change: `seq` grows by one with every change the store records, across all writers."""

    seq: int = Field(ge=1)
    at: datetime


class ChangePage(BaseModel):
    """One page of the feed, oldest first; `next_since` is what to pass as `since` for the next page (the last
    seq of this page, or the `since` asked when the page is empty), `last_seq` the newest seq recorded."""

    changes: tuple[Change, ...]
    since: int
    next_since: int
    last_seq: int
    more: bool


def number(drafts: list[ChangeDraft], last: int, at: datetime | None = None) -> list[Change]:
    """The drafts numbered last+1, last+2, ... and stamped with `at` (default: now, UTC)."""
    when = at or datetime.now(UTC)
    # the drafts were validated when made: construct, not validate again (a write records one per transfer)
    return [Change.model_construct(**dict(d), seq=last + i, at=when) for i, d in enumerate(drafts, 1)]


class ChangeFilter(BaseModel):
    """Conditions on changes (the Atom feed's query parameters); a field left None matches everything."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: str | None = None
    issuer: Issuer | None = None
    verdict: Verdict | None = None
    kinds: tuple[ChangeKind, ...] = ()

    def matches(self, c: ChangeDraft) -> bool:
        return (
            (self.actor is None or self.actor in c.actors)
            and (self.issuer is None or c.issuer is self.issuer)
            and (self.verdict is None or c.verdict is self.verdict)
            and (not self.kinds or c.kind in self.kinds)
        )
