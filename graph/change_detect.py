"""What a write changed, as change-feed drafts (graph/changes.py): pure functions over before/after copies.

Both stores call these inside their write, on exactly the records the write touched, so the cost is the write's
own size: verdicts are judged again only for the transfers written (and, when a regime changes, for the
transfers of its target and of actors based there), never for the whole graph.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from graph.changes import ChangeDraft, ChangeKind
from graph.decisions import Decision
from graph.model import Actor, Regime, Transfer, Verdict
from graph.queries import AFFIRMATIVE, judge_transfers
from graph.sanctions import judge

__all__ = [
    "actor_changes",
    "decision_changes",
    "regime_changes",
    "regime_verdict_changes",
    "supplier_changes",
    "transfer_changes",
    "verdict_changes",
]

#: Actor attributes that record a listing and a delisting (the UN list's LISTED_ON; a delisting date).
LISTED = "listed_on"
DELISTED = ("delisted_on", "delisted")


def _pair(t: Transfer) -> str:
    return f"{t.supplier} → {t.recipient}"


def _what(t: Transfer) -> str:
    return t.designation or t.category.value


def transfer_changes(before: Transfer | None, after: Transfer) -> list[ChangeDraft]:
    """transfer_added for a new transfer; evidence_added when it gained evidence; transfer_updated when anything
    else changed (status, confidence, dates, quantity, review)."""
    base: dict[str, Any] = {"subjects": (after.id,), "actors": (after.supplier, after.recipient)}
    base |= {"supplier": after.supplier, "recipient": after.recipient}
    if before is None:
        summary = f"new transfer {_pair(after)}: {_what(after)} ({after.status.value}, {len(after.evidence)} report(s))"
        return [ChangeDraft(kind=ChangeKind.TRANSFER_ADDED, summary=summary[:1000], **base)]
    out: list[ChangeDraft] = []
    known = {e.key for e in before.evidence}
    fresh = [e for e in after.evidence if e.key not in known]
    if fresh:
        sources = ", ".join(sorted({e.source_id for e in fresh}))
        summary = f"{len(fresh)} new report(s) of {_pair(after)} {_what(after)} from {sources}"
        out.append(ChangeDraft(kind=ChangeKind.EVIDENCE_ADDED, summary=summary[:1000], **base))
    if before.model_copy(update={"evidence": ()}) != after.model_copy(update={"evidence": ()}) or (
        not fresh and before != after
    ):
        what = [
            f"{name} {getattr(before, name)!s} → {getattr(after, name)!s}"
            for name in ("status", "confidence", "delivered", "ordered")
            if getattr(before, name) != getattr(after, name)
        ]
        summary = f"transfer {_pair(after)} {_what(after)} updated" + (f": {'; '.join(what)}" if what else "")
        out.append(ChangeDraft(kind=ChangeKind.TRANSFER_UPDATED, summary=summary[:1000], **base))
    return out


def supplier_changes(
    pairs: Sequence[tuple[Transfer | None, Transfer]], supplied: Collection[tuple[str, str]]
) -> list[ChangeDraft]:
    """supplier_added for each supplier → recipient pair that the write gave its first affirmative transfer
    (delivered, ordered or alleged; a denied or rejected report supplies nothing). `supplied`: the pairs among
    those written that have an affirmative transfer the write did not touch (read by the store). O(len(pairs))."""
    before = set(supplied) | {(b.supplier, b.recipient) for b, _ in pairs if b is not None and b.status in AFFIRMATIVE}
    out: list[ChangeDraft] = []
    for _, t in pairs:
        pair = (t.supplier, t.recipient)
        if t.status in AFFIRMATIVE and pair not in before:
            before.add(pair)
            out.append(
                ChangeDraft(
                    kind=ChangeKind.SUPPLIER_ADDED,
                    subjects=(t.id,),
                    actors=pair,
                    supplier=t.supplier,
                    recipient=t.recipient,
                    summary=f"new supplier of {t.recipient}: {t.supplier} ({_what(t)}, {t.status.value})"[:1000],
                )
            )
    return out


def _verdicts(
    transfers: Iterable[Transfer], regimes: list[Regime], actors: dict[str, Actor]
) -> dict[tuple[str, str], tuple[Verdict, Regime]]:
    by_id = {r.id: r for r in regimes}
    found: dict[tuple[str, str], tuple[Verdict, Regime]] = {}
    for v in judge_transfers(list(transfers), regimes, actors):
        found[v.transfer.id, v.regime.id] = (v.verdict, by_id[v.regime.id])
    return found


def _verdict_draft(t: Transfer, regime: Regime, old: Verdict | None, new: Verdict | None) -> ChangeDraft:
    now = new.value if new else "no verdict"
    was = old.value if old else "none"
    summary = f"{_pair(t)} {_what(t)} under {regime.name} ({regime.issuer.value}): {now} (was {was})"
    return ChangeDraft(
        kind=ChangeKind.VERDICT_CHANGED,
        subjects=(t.id, regime.id),
        actors=(t.supplier, t.recipient),
        supplier=t.supplier,
        recipient=t.recipient,
        issuer=regime.issuer,
        verdict=new,
        previous_verdict=old,
        summary=summary[:1000],
    )


def verdict_changes(
    pairs: Sequence[tuple[Transfer | None, Transfer]], regimes: list[Regime], actors: dict[str, Actor]
) -> list[ChangeDraft]:
    """verdict_changed for each (transfer, measure) whose verdict differs between the before and after copies
    (a new transfer's verdicts all count as changed from none). Cost: judging these transfers twice, under the
    measures on their ends only (graph/queries.judge_transfers)."""
    if not pairs or not regimes:
        return []
    before = _verdicts((b for b, _ in pairs if b is not None), regimes, actors)
    after = _verdicts((a for _, a in pairs), regimes, actors)
    out: list[ChangeDraft] = []
    by_id = {a.id: a for _, a in pairs}
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if (old and old[0]) != (new and new[0]):
            regime = (new or old)[1]  # type: ignore[index]
            out.append(_verdict_draft(by_id[key[0]], regime, old and old[0], new and new[0]))
    return out


def regime_verdict_changes(
    before: Regime | None, after: Regime, transfers: Iterable[Transfer], actors: Mapping[str, Actor]
) -> list[ChangeDraft]:
    """verdict_changed for the transfers (those of the regime's target and of actors based there) whose verdict
    under this measure differs between its old and new version."""
    out: list[ChangeDraft] = []
    for t in transfers:
        old = {v.verdict for v in judge(t, [before], actors)} if before is not None else set()
        new = {v.verdict for v in judge(t, [after], actors)}
        o, n = (min(old, key=_rank) if old else None), (min(new, key=_rank) if new else None)
        if o != n:
            out.append(_verdict_draft(t, after, o, n))
    return out


def _rank(v: Verdict) -> int:
    return list(Verdict).index(v)


def regime_changes(before: Regime | None, after: Regime) -> list[ChangeDraft]:
    """regime_added and actor_designated for a new regime; regime_changed for a changed one, with
    actor_delisted when it gained an end date (or an earlier one)."""
    base = {"subjects": (after.id, after.target), "actors": (after.target,), "issuer": after.issuer}
    if before is None:
        return [
            ChangeDraft(kind=ChangeKind.REGIME_ADDED, summary=f"new measure: {after.name}"[:1000], **base),
            ChangeDraft(
                kind=ChangeKind.ACTOR_DESIGNATED,
                summary=f"{after.target} designated by {after.issuer.value}: {after.name} from {after.start}"[:1000],
                **base,
            ),
        ]
    if before == after:
        return []
    out = [ChangeDraft(kind=ChangeKind.REGIME_CHANGED, summary=f"measure changed: {after.name}"[:1000], **base)]
    if after.end is not None and (before.end is None or after.end < before.end):
        summary = f"{after.target} delisted by {after.issuer.value}: {after.name} ends {after.end}"
        out.append(ChangeDraft(kind=ChangeKind.ACTOR_DELISTED, summary=summary[:1000], **base))
    return out


def actor_changes(before: Actor | None, after: Actor) -> list[ChangeDraft]:
    """actor_designated when an actor first carries a listing date (the UN list's LISTED_ON), actor_delisted
    when it first carries a delisting date."""
    actors = (after.id, after.country) if after.country and after.country != after.id else (after.id,)
    old = before.attributes if before is not None else {}
    out: list[ChangeDraft] = []
    if after.attributes.get(LISTED) and not old.get(LISTED):
        summary = f"{after.name} ({after.id}) listed on {after.attributes[LISTED]}"
        out.append(ChangeDraft(kind=ChangeKind.ACTOR_DESIGNATED, subjects=(after.id,), actors=actors, summary=summary))
    for key in DELISTED:
        if after.attributes.get(key) and not old.get(key):
            summary = f"{after.name} ({after.id}) delisted on {after.attributes[key]}"
            out.append(
                ChangeDraft(kind=ChangeKind.ACTOR_DELISTED, subjects=(after.id,), actors=actors, summary=summary)
            )
            break
    return out


def decision_changes(decisions: Iterable[Decision], holders: Mapping[str, Transfer]) -> list[ChangeDraft]:
    """review_decision for each new decision; `holders` maps a decision's target to the transfer holding it."""
    out: list[ChangeDraft] = []
    for d in decisions:
        t = holders.get(d.target)
        subjects = (d.id, d.target) if t is None or t.id == d.target else (d.id, d.target, t.id)
        where = f" on {_pair(t)} {_what(t)}" if t is not None else ""
        out.append(
            ChangeDraft(
                kind=ChangeKind.REVIEW_DECISION,
                subjects=subjects,
                actors=(t.supplier, t.recipient) if t is not None else (),
                supplier=t.supplier if t is not None else None,
                recipient=t.recipient if t is not None else None,
                summary=f"{d.author}: {d.kind.value} {d.target}{where}"[:1000],
            )
        )
    return out
