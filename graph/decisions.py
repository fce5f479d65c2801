"""Reviewers' decisions about the machine's output, kept as their own records beside it (never as edits of it).

A decision targets a *claim* (one piece of evidence: graph.ids.claim_id of its document, sentence offsets, parties and
rule, which re-extraction reproduces) or a *transfer* (its id; a register deal's transfer id is built from the
register's own deal key, so a newer export keeps it). Decisions are append-only: a later decision on the same
target supersedes an earlier one (the newest wins, by time then id), and the history stays readable.

An `AuditEntry` records every write (decisions, imports, ingests): who, when, what, from which address.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError, model_validator

from graph.ids import make_id
from graph.model import PartialDate, Quantity
from graph.vocab import TransferStatus, WeaponCategory

__all__ = [
    "CLAIM_PREFIX",
    "TRANSFER_PREFIX",
    "VERDICTS",
    "AuditEntry",
    "CorrectableField",
    "Correction",
    "Decision",
    "DecisionKind",
    "RejectReason",
    "Review",
    "ReviewState",
    "audit_entry",
    "new_decision",
    "standing",
    "validate_correction",
]

CLAIM_PREFIX = "cl-"
TRANSFER_PREFIX = "tr-"


class DecisionKind(StrEnum):
    ACCEPT = "accept"
    REJECT = "reject"
    CORRECT = "correct"
    #: The target transfer and `other` are one transfer the keys kept apart.
    MERGE = "merge"
    #: The listed `claims` of the target transfer report another transfer the keys joined wrongly.
    SPLIT = "split"
    NOTE = "note"
    #: Withdraws the standing decision on the target (the explorer's "undo"): it is open for review again, and the
    #: merges and splits recorded on it before are withdrawn too.
    UNDO = "undo"


#: Kinds that set a target's review state; notes are recorded beside it, merges and splits change the transfers
#: (graph/review_apply.py) until an undo on their target withdraws them.
VERDICTS = frozenset({DecisionKind.ACCEPT, DecisionKind.REJECT, DecisionKind.CORRECT, DecisionKind.UNDO})


class RejectReason(StrEnum):
    NOT_A_TRANSFER = "not_a_transfer"
    WRONG_PARTIES = "wrong_parties"
    WRONG_DIRECTION = "wrong_direction"
    WRONG_ITEM = "wrong_item"
    WRONG_DATE = "wrong_date"
    DUPLICATE = "duplicate"
    NOT_ARMS = "not_arms"
    OTHER = "other"


class CorrectableField(StrEnum):
    SUPPLIER = "supplier"
    RECIPIENT = "recipient"
    STATUS = "status"
    CATEGORY = "category"
    QUANTITY = "quantity"
    ORDERED = "ordered"
    DELIVERED = "delivered"


class ReviewState(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    CORRECTED = "corrected"


_VALUE_TYPES: dict[CorrectableField, TypeAdapter[Any]] = {
    CorrectableField.STATUS: TypeAdapter(TransferStatus),
    CorrectableField.CATEGORY: TypeAdapter(WeaponCategory),
    CorrectableField.QUANTITY: TypeAdapter(Quantity),
    CorrectableField.ORDERED: TypeAdapter(PartialDate),
    CorrectableField.DELIVERED: TypeAdapter(PartialDate),
}


def validate_correction(field: CorrectableField, value: Any) -> Any:
    """The value in its JSON form after checking it against the domain type of `field`; ValueError naming the
    field otherwise. A number is read as an exact quantity; actor ids are checked against the store elsewhere."""
    if field in (CorrectableField.SUPPLIER, CorrectableField.RECIPIENT):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"correction of {field.value}: an actor id is required, got {value!r}")
        return value.strip()
    if field is CorrectableField.QUANTITY and isinstance(value, int | float) and not isinstance(value, bool):
        value = {"low": value, "high": value}
    try:
        checked = _VALUE_TYPES[field].validate_python(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise ValueError(f"correction of {field.value}: {value!r} is not valid ({first['msg']})") from None
    return _VALUE_TYPES[field].dump_python(checked, mode="json", exclude_none=True)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Correction(_Frozen):
    """One field's corrected value (in its JSON form, checked against the field's domain type)."""

    field: CorrectableField
    value: Any

    @model_validator(mode="after")
    def _check(self) -> Correction:
        object.__setattr__(self, "value", validate_correction(self.field, self.value))
        return self


class Decision(_Frozen):
    id: str
    kind: DecisionKind
    #: A claim id ("cl-…") or a transfer id ("tr-…").
    target: str
    #: The name of the key that wrote it.
    author: str
    at: datetime
    reason: RejectReason | None = None
    corrections: tuple[Correction, ...] = ()
    #: merge: the other transfer's id.
    other: str | None = None
    #: split: the claims that belong to another transfer.
    claims: tuple[str, ...] = ()
    comment: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Decision:
        if not self.target.startswith((CLAIM_PREFIX, TRANSFER_PREFIX)):
            raise ValueError(f"target: a claim id (cl-…) or a transfer id (tr-…) is required, got {self.target!r}")
        if self.at.tzinfo is None:
            raise ValueError("at: a time zone is required")
        if (self.kind is DecisionKind.REJECT) != (self.reason is not None):
            raise ValueError("reason: required for a reject, and only for a reject")
        if self.reason is RejectReason.OTHER and not (self.comment or "").strip():
            raise ValueError("comment: a reject for reason 'other' needs a comment saying why")
        if (self.kind is DecisionKind.CORRECT) != bool(self.corrections):
            raise ValueError("corrections: required for a correct, and only for a correct")
        fields = [c.field for c in self.corrections]
        if len(set(fields)) != len(fields):
            raise ValueError("corrections: one value per field")
        merging = self.kind is DecisionKind.MERGE
        if merging != (self.other is not None):
            raise ValueError("other: the transfer to merge with is required for a merge, and only for a merge")
        if self.other is not None and (not self.other.startswith(TRANSFER_PREFIX) or self.other == self.target):
            raise ValueError(f"other: another transfer id (tr-…) is required, got {self.other!r}")
        on_transfers = {DecisionKind.MERGE, DecisionKind.SPLIT}
        if self.kind in on_transfers and not self.target.startswith(TRANSFER_PREFIX):
            raise ValueError(f"target: a {self.kind.value} targets a transfer id (tr-…), got {self.target!r}")
        if (self.kind is DecisionKind.SPLIT) != bool(self.claims):
            raise ValueError("claims: the claims that report another transfer are required for a split, and only there")
        if self.kind is DecisionKind.NOTE and not (self.comment or "").strip():
            raise ValueError("comment: a note needs its text")
        return self

    @property
    def order(self) -> tuple[datetime, str]:
        """Decisions on one target supersede each other in this order (the newest wins)."""
        return (self.at, self.id)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_defaults=True)


def new_decision(
    kind: DecisionKind | str,
    target: str,
    author: str,
    *,
    at: datetime | None = None,
    reason: RejectReason | str | None = None,
    corrections: Mapping[str, Any] | Iterable[Correction] = (),
    other: str | None = None,
    claims: Iterable[str] = (),
    comment: str | None = None,
) -> Decision:
    """A validated decision with its id (a hash of target, kind, author and time: the same decision imported
    twice is one record). Raises ValueError (pydantic's ValidationError) naming the field at fault."""
    at = at or datetime.now(UTC)
    kind = DecisionKind(kind)
    if isinstance(corrections, Mapping):
        unknown = sorted(str(f) for f in corrections if f not in CorrectableField.__members__.values())
        if unknown:
            raise ValueError(f"corrections: cannot correct {', '.join(unknown)} (one of {', '.join(CorrectableField)})")
    fixes = (
        [Correction(field=CorrectableField(f), value=v) for f, v in corrections.items()]
        if isinstance(corrections, Mapping)
        else list(corrections)
    )
    return Decision(
        id=make_id("dec", target, kind.value, author, at.isoformat()),
        kind=kind,
        target=target,
        author=author,
        at=at,
        reason=RejectReason(reason) if reason is not None else None,
        corrections=tuple(fixes),
        other=other,
        claims=tuple(claims),
        comment=comment or None,
    )


class Review(_Frozen):
    """Where a target stands: the newest verdict on it (accept, reject, correct; an undo reopens it)."""

    target: str
    state: ReviewState
    #: The standing decision (None when open).
    decision: Decision | None = None
    #: How many decisions of any kind were recorded on the target.
    decisions: int = 0
    #: The merges and splits standing on the target (a transfer), oldest first: those recorded after its last undo.
    structure: tuple[Decision, ...] = ()

    @property
    def reviewed(self) -> bool:
        return self.state is not ReviewState.OPEN

    @property
    def corrections(self) -> dict[CorrectableField, Any]:
        if self.decision is None:
            return {}
        return {c.field: c.value for c in self.decision.corrections}


_STATE = {
    DecisionKind.ACCEPT: ReviewState.ACCEPTED,
    DecisionKind.REJECT: ReviewState.REJECTED,
    DecisionKind.CORRECT: ReviewState.CORRECTED,
    DecisionKind.UNDO: ReviewState.OPEN,
}


def standing(decisions: Iterable[Decision]) -> dict[str, Review]:
    """Each target's review from its decisions (any order): O(decisions)."""
    newest: dict[str, Decision] = {}
    count: dict[str, int] = {}
    undone: dict[str, Decision] = {}
    structural: dict[str, list[Decision]] = {}
    for d in decisions:
        count[d.target] = count.get(d.target, 0) + 1
        if d.kind in VERDICTS and (d.target not in newest or d.order > newest[d.target].order):
            newest[d.target] = d
        if d.kind is DecisionKind.UNDO and (d.target not in undone or d.order > undone[d.target].order):
            undone[d.target] = d
        if d.kind in (DecisionKind.MERGE, DecisionKind.SPLIT):
            structural.setdefault(d.target, []).append(d)
    out: dict[str, Review] = {}
    for target, n in count.items():
        verdict = newest.get(target)
        state = _STATE[verdict.kind] if verdict is not None else ReviewState.OPEN
        last_undo = undone[target].order if target in undone else None
        structure = sorted(
            (d for d in structural.get(target, ()) if last_undo is None or d.order > last_undo), key=lambda d: d.order
        )
        out[target] = Review(
            target=target,
            state=state,
            decision=verdict if state is not ReviewState.OPEN else None,
            decisions=n,
            structure=tuple(structure),
        )
    return out


class AuditEntry(_Frozen):
    """One write, as the audit log keeps it (append-only in both stores)."""

    id: str
    at: datetime
    #: The key's name, or "cli:<user>" for the command line.
    who: str
    #: What was done: "decision.reject", "decisions.import", "ingest.news", …
    action: str
    target: str | None = None
    #: The client's address (None from the command line).
    address: str | None = None
    detail: dict[str, Any] = {}


def audit_entry(
    who: str,
    action: str,
    *,
    target: str | None = None,
    address: str | None = None,
    detail: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    at = at or datetime.now(UTC)
    details = dict(detail or {})
    return AuditEntry(
        id=make_id("aud", at.isoformat(), who, action, target, sorted(details.items())),
        at=at,
        who=who,
        action=action,
        target=target,
        address=address,
        detail=details,
    )
