"""How reviewers' standing decisions change a transfer: pure, the same in every store.

The stores call `apply_reviews` when a decision is recorded (on the transfer it targets) and when a transfer is
written (so a re-ingest re-applies the decisions): the reviewed state is stored on the transfer (`Transfer.review`,
its status, confidence and corrected fields), which keeps every read and the Neo4j SUPPLIES aggregates right with no
work at read time. The decisions stay separate records; undoing one recomputes the transfer from the machine's
values kept in `TransferReview.machine`.

- reject (the transfer, or every claim of it): status `rejected`, which no default question selects (suppliers,
  transfers, paths and violations ask for the affirmative statuses; `include=rejected` adds it);
- reject some claims: status and confidence from the other claims;
- correct: the corrected fields take the reviewer's values; a supplier or recipient correction moves the evidence
  it concerns (the claim, or the whole transfer) to a copy at the corrected pair (`moved_copies`): the transfer
  itself keeps its parties (its claim ids, which decisions target, hash them) and answers from its other claims;
- accept: marked reviewed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.decisions import CorrectableField, Review, ReviewState
from graph.ids import make_id
from graph.model import Transfer, TransferReview, summarize_evidence
from graph.vocab import TransferStatus

__all__ = ["APPLIED_FIELDS", "apply_reviews", "moved_copies", "review_sentence", "targets_of"]

#: The fields a review may set on a stored transfer.
APPLIED_FIELDS = ("status", "confidence", "category", "quantity", "ordered", "delivered")
_CORRECTED = {
    CorrectableField.STATUS,
    CorrectableField.CATEGORY,
    CorrectableField.QUANTITY,
    CorrectableField.ORDERED,
    CorrectableField.DELIVERED,
}


def targets_of(t: Transfer) -> list[str]:
    """The ids a decision about this transfer may target: its own and its claims'."""
    return [t.id, *(t.claim_id(e) for e in t.evidence)]


def _json(t: Transfer, name: str) -> Any:
    return t.model_dump(mode="json", include={name})[name]


def apply_reviews(t: Transfer, reviews: Mapping[str, Review]) -> Transfer:
    """The transfer as the standing reviews of it and its claims make it (`reviews`: graph.decisions.standing of
    at least those targets). Idempotent; returns `t` itself when nothing changes. O(evidence)."""
    previous = t.review
    if previous is not None and previous.moved_from is not None:  # a copy follows its transfer's review only
        return t
    relevant = [r for r in (reviews.get(k) for k in targets_of(t)) if r is not None and r.decision is not None]
    if previous is None and not relevant:
        return t
    # the machine's values: what an earlier application set goes back, unless a re-ingest has replaced it since
    machine_values: dict[str, Any] = {}
    if previous is not None:
        for name, set_value in previous.applied.items():
            machine_values[name] = previous.machine[name] if _json(t, name) == set_value else _json(t, name)
    base = t.model_copy(update={"review": None}) if not machine_values else _with(t, machine_values, review=None)
    if not relevant:
        return base
    relevant.sort(key=lambda r: r.decision.order if r.decision else ())
    rejected_claims = tuple(
        c for c in (t.claim_id(e) for e in t.evidence) if (r := reviews.get(c)) and r.state is ReviewState.REJECTED
    )
    own = reviews.get(t.id)
    moves = {
        r.target: (fixes.get(CorrectableField.SUPPLIER, t.supplier), fixes.get(CorrectableField.RECIPIENT, t.recipient))
        for r in relevant
        if (fixes := r.corrections).keys() & {CorrectableField.SUPPLIER, CorrectableField.RECIPIENT}
    }
    moves = {k: pair for k, pair in moves.items() if pair != (t.supplier, t.recipient)}
    gone = set(rejected_claims) | {c for c in moves if c != t.id}
    updates: dict[str, Any] = {}
    if (own is not None and own.state is ReviewState.REJECTED) or (t.evidence and len(gone) == len(t.evidence)):
        updates["status"] = TransferStatus.REJECTED.value
        state = "rejected" if not moves else "corrected"
    elif t.id in moves:  # the whole transfer moves to the corrected pair: nothing stays here
        updates["status"] = TransferStatus.REJECTED.value
        state = "corrected"
    else:
        if gone:
            kept = tuple(e for e in base.evidence if base.claim_id(e) not in gone)
            status, confidence = summarize_evidence(kept, base.status, base.confidence)
            updates["status"], updates["confidence"] = status.value, confidence
        for r in relevant:  # oldest first: a newer correction of the same field wins
            for field, value in r.corrections.items():
                if field in _CORRECTED:
                    updates[field.value] = value
        state = "corrected" if any(r.state is ReviewState.CORRECTED for r in relevant) else "accepted"
    machine = {k: _json(base, k) for k in updates}
    candidate = _with(base, updates, review=None) if updates else base
    # compared in the stored JSON form, so that the next application recognizes what this one set
    applied = {k: v for k in updates if (v := _json(candidate, k)) != machine[k]}
    review = TransferReview(
        state=state,
        by=tuple(dict.fromkeys(r.decision.author for r in relevant if r.decision)),
        decisions=tuple(r.decision.id for r in relevant if r.decision),
        rejected_claims=rejected_claims,
        machine={k: machine[k] for k in applied},
        applied=applied,
        moves=moves,
    )
    result = candidate.model_copy(update={"review": review})
    return t if result == t else result


def _with(t: Transfer, values: Mapping[str, Any], review: TransferReview | None) -> Transfer:
    """The transfer with some fields replaced by JSON values (validated), its computed fields recomputed."""
    data = t.model_dump(exclude={"date_from", "date_to", "first_reported", "source_ids", "source_kinds", "review"})
    data.update(values)
    return Transfer.model_validate({**data, "review": review})


def review_sentence(t: Transfer) -> str:
    """Whether a person reviewed the transfer's evidence and who, in words (the end of a verdict's explanation)."""
    r = t.review
    if r is None or not r.by:
        return "Evidence not reviewed by a person yet."
    rejected = len(r.rejected_claims)
    left = f"; {rejected} of {len(t.evidence)} claims rejected" if rejected and t.evidence else ""
    return f"Evidence reviewed ({r.state}{left}) by {', '.join(r.by)}."


def moved_copies(t: Transfer) -> list[Transfer]:
    """The transfers that `t`'s supplier/recipient corrections (`t.review.moves`, set by apply_reviews) place at
    the corrected pairs: one per correction, carrying the evidence it concerns (for a correction of the transfer,
    every claim less the rejected ones and those a correction of their own moves elsewhere), with its status and
    confidence from that evidence. Ids are derived from the transfer, the target and the pair, so re-applying
    gives the same copies. Empty for most transfers."""
    r = t.review
    if r is None or not r.moves:
        return []
    out: list[Transfer] = []
    for target, (supplier, recipient) in sorted(r.moves.items()):
        if target == t.id:  # every claim that is neither rejected nor moved by a correction of its own
            moved = tuple(e for e in t.evidence if (c := t.claim_id(e)) not in r.rejected_claims and c not in r.moves)
        else:
            moved = tuple(e for e in t.evidence if t.claim_id(e) == target)
        if not moved:
            continue
        status, confidence = summarize_evidence(moved, t.status, t.confidence)
        copy = _with(
            t,
            {
                "id": make_id("tr", "moved", t.id, target, supplier, recipient),
                "supplier": supplier,
                "recipient": recipient,
                "evidence": [e.model_dump(mode="json") for e in moved],
                "status": status.value,
                "confidence": confidence,
            },
            review=TransferReview(state="corrected", by=r.by, decisions=r.decisions, moved_from=t.id),
        )
        out.append(copy)
    return out
