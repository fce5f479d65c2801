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
- accept: marked reviewed;
- split (on a transfer, with some of its claims): those claims leave the transfer for a copy at the same pair (one
  per split), which answers as a transfer of its own; the transfer answers from its other claims;
- merge (on a transfer, with another): both leave the answers (status `rejected`, review state `merged`) for one
  copy at the target's pair carrying the evidence of the two (less rejected, moved and split claims). Merges do not
  chain: a transfer merged into another is built from its own evidence only. A merge whose other transfer is
  absent from the store does nothing (and is listed as orphaned).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.decisions import CorrectableField, Decision, DecisionKind, Review, ReviewState
from graph.ids import make_id
from graph.model import Evidence, Transfer, TransferReview, summarize_evidence
from graph.vocab import TransferStatus

__all__ = [
    "APPLIED_FIELDS",
    "apply_reviews",
    "copy_ids",
    "has_copies",
    "merge_partners",
    "moved_copies",
    "review_sentence",
    "targets_of",
]

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


def merge_partners(t: Transfer, reviews: Mapping[str, Review]) -> set[str]:
    """The transfers a standing merge pairs `t` with (its merges' other transfers, and the targets of merges into
    it): the stores read them for apply_reviews and moved_copies."""
    found = {d.other for d in _merges(t, reviews) if d.other}
    found |= {d.target for d in _merged_into(t, reviews)}
    return found


def _merges(t: Transfer, reviews: Mapping[str, Review]) -> list[Decision]:
    own = reviews.get(t.id)
    return [d for d in own.structure if d.kind is DecisionKind.MERGE] if own is not None else []


def _merged_into(t: Transfer, reviews: Mapping[str, Review]) -> list[Decision]:
    return sorted(
        (d for r in reviews.values() for d in r.structure if d.kind is DecisionKind.MERGE and d.other == t.id),
        key=lambda d: d.order,
    )


def apply_reviews(
    t: Transfer, reviews: Mapping[str, Review], partners: Mapping[str, Transfer] | None = None
) -> Transfer:
    """The transfer as the standing reviews of it and its claims make it (`reviews`: graph.decisions.standing of
    at least those targets, and of the targets of merges into it; `partners`: the stored transfers of
    `merge_partners`, a merge with an absent one doing nothing). Idempotent; returns `t` itself when nothing
    changes. O(evidence)."""
    partners = partners or {}
    previous = t.review
    if previous is not None and previous.moved_from is not None:  # a copy follows its transfer's review only
        return t
    relevant = [r for r in (reviews.get(k) for k in targets_of(t)) if r is not None and r.decision is not None]
    own_review = reviews.get(t.id)
    splits = [d for d in own_review.structure if d.kind is DecisionKind.SPLIT] if own_review is not None else []
    merges = [d for d in _merges(t, reviews) if d.other in partners]
    merged_into = [d for d in _merged_into(t, reviews) if d.target in partners]
    structural = [*splits, *merges, *merged_into]
    if previous is None and not relevant and not structural:
        return t
    # the machine's values: what an earlier application set goes back, unless a re-ingest has replaced it since
    machine_values: dict[str, Any] = {}
    if previous is not None:
        for name, set_value in previous.applied.items():
            machine_values[name] = previous.machine[name] if _json(t, name) == set_value else _json(t, name)
    base = t.model_copy(update={"review": None}) if not machine_values else _with(t, machine_values, review=None)
    if not relevant and not structural:
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
    claims = {t.claim_id(e) for e in t.evidence}
    split_of: dict[str, str] = {}
    for d in splits:  # oldest first: a claim named by a newer split goes with it
        split_of |= {c: d.id for c in d.claims if c in claims}
    groups = {d.id: tuple(c for c in d.claims if split_of.get(c) == d.id) for d in splits}
    groups = {k: v for k, v in groups.items() if v}
    gone = set(rejected_claims) | {c for c in moves if c != t.id} | split_of.keys()
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
    if merges or merged_into:  # the merged copy answers for both
        updates["status"] = TransferStatus.REJECTED.value
        state = "merged"
    elif groups and not relevant:
        state = "split"
    machine = {k: _json(base, k) for k in updates}
    candidate = _with(base, updates, review=None) if updates else base
    # compared in the stored JSON form, so that the next application recognizes what this one set
    applied = {k: v for k in updates if (v := _json(candidate, k)) != machine[k]}
    deciding = sorted([*(r.decision for r in relevant if r.decision), *structural], key=lambda d: d.order)
    review = TransferReview(
        state=state,
        by=tuple(dict.fromkeys(d.author for d in deciding)),
        decisions=tuple(d.id for d in deciding),
        rejected_claims=rejected_claims,
        machine={k: machine[k] for k in applied},
        applied=applied,
        moves=moves,
        splits=groups,
        merges={d.id: d.other for d in merges if d.other},
        merged_into=merged_into[-1].target if merged_into else None,
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


def has_copies(t: Transfer | None) -> bool:
    """Whether the transfer's review calls for copies (moves, splits or merges)."""
    r = t.review if t is not None else None
    return r is not None and bool(r.moves or r.splits or r.merges)


def copy_ids(t: Transfer | None) -> dict[str, tuple[str, str]]:
    """The ids and pairs of the copies `t`'s review calls for (moved_copies makes them; this needs no partner)."""
    r = t.review if t is not None else None
    if t is None or r is None:
        return {}
    found = {make_id("tr", "moved", t.id, k, s, rc): (s, rc) for k, (s, rc) in r.moves.items()}
    found |= {make_id("tr", "split", t.id, k): (t.supplier, t.recipient) for k in r.splits}
    found |= {make_id("tr", "merged", t.id, other): (t.supplier, t.recipient) for other in r.merges.values()}
    return found


def _kept(t: Transfer) -> tuple[Evidence, ...]:
    """The evidence that stays with the transfer: less rejected claims and those moved or split off."""
    r = t.review
    if r is None:
        return t.evidence
    away = set(r.rejected_claims) | set(r.moves) | {c for claims in r.splits.values() for c in claims}
    return tuple(e for e in t.evidence if t.claim_id(e) not in away)


def moved_copies(t: Transfer, partners: Mapping[str, Transfer] | None = None) -> list[Transfer]:
    """The transfers that `t`'s supplier/recipient corrections (`t.review.moves`, set by apply_reviews) place at
    the corrected pairs: one per correction, carrying the evidence it concerns (for a correction of the transfer,
    every claim less the rejected ones and those a correction of their own moves elsewhere), with its status and
    confidence from that evidence. Ids are derived from the transfer, the target and the pair, so re-applying
    gives the same copies. Empty for most transfers."""
    r = t.review
    if r is None or not (r.moves or r.splits or r.merges):
        return []
    out: list[Transfer] = []
    split = {c for claims in r.splits.values() for c in claims}
    for target, (supplier, recipient) in sorted(r.moves.items()):
        if target == t.id:  # every claim that is neither rejected nor moved or split off on its own
            moved = tuple(
                e
                for e in t.evidence
                if (c := t.claim_id(e)) not in r.rejected_claims and c not in r.moves and c not in split
            )
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
    for decision, claims in sorted(r.splits.items()):
        moved = tuple(
            e for e in t.evidence if (c := t.claim_id(e)) in claims and c not in r.rejected_claims and c not in r.moves
        )
        if moved:
            out.append(_copy(t, make_id("tr", "split", t.id, decision), moved, "split"))
    for other in sorted(set(r.merges.values())):
        partner = (partners or {}).get(other)
        if partner is None:
            continue
        if t.id in r.moves:  # the transfer itself moved elsewhere: only its partner's evidence is merged here
            mine: tuple[Evidence, ...] = ()
        else:
            mine = _kept(t)
        both = {e.key: e for e in (*mine, *_kept(partner))}
        if both:
            out.append(_copy(t, make_id("tr", "merged", t.id, other), tuple(both.values()), "merged"))
    return out


def _copy(t: Transfer, copy_id: str, evidence: tuple[Evidence, ...], state: str) -> Transfer:
    r = t.review
    assert r is not None
    status, confidence = summarize_evidence(evidence, t.status, t.confidence)
    return _with(
        t,
        {
            "id": copy_id,
            "evidence": [e.model_dump(mode="json") for e in evidence],
            "status": status.value,
            "confidence": confidence,
        },
        review=TransferReview(state=state, by=r.by, decisions=r.decisions, moved_from=t.id),
    )
