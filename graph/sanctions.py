"""Embargo semantics as pure functions over domain objects: which regime is in force when, whom it binds, and
why a transfer breaches it. No store access; the regimes come from the caller (usually
`graph.reference.load_regimes()`).

Conventions:
- A regime is in force on the days [start, end) minus its suspensions (`Regime.in_force`, `Regime.intervals`).
- "*" in `Regime.binds` binds every state (UN measures), "EU" the states bound by EU law on the day (members,
  plus the UK until the end of its transition period on 31 Dec 2020), an ISO code that state.
- A transfer's date is the range `Transfer.date_from .. Transfer.date_to` (both inclusive), built from
  partial dates: a transfer known only to the year 2023 spans 2023-01-01 .. 2023-12-31. It breaches a regime
  if *any* day of that range falls in a period where the regime is in force and binds the party concerned;
  when only part of the range does, the violation is reported as "possible" in its explanation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from graph.model import Regime, Transfer, Violation
from graph.reference import EU_BINDS, UN_BINDS, eu_binding_periods, eu_bound
from graph.vocab import Direction, Issuer, TransferStatus

__all__ = [
    "CLAUSE_EXPORT",
    "CLAUSE_IMPORT",
    "binding_periods",
    "binds",
    "in_force",
    "sanctioned_actors",
    "sanctioning",
    "violations",
]

CLAUSE_EXPORT = "export ban on the supplier"
CLAUSE_IMPORT = "import ban binding the supplier"

#: Half-open day interval [from, until); until None = open-ended.
_Interval = tuple[date, date | None]


def in_force(regimes: Iterable[Regime], on: date, issuer: Issuer | None = None) -> list[Regime]:
    """The regimes in force on that day (started, not ended, not suspended), optionally of one issuer, in
    input order. O(regimes x suspensions)."""
    return [r for r in regimes if (issuer is None or r.issuer is issuer) and r.in_force(on)]


def sanctioning(
    actor_id: str, regimes: Iterable[Regime], on: date, issuer: Issuer | None = None
) -> list[Regime]:
    """The regimes in force on that day that target this actor: a state by its ISO code, a non-state actor by
    its id (regimes on a state do not extend to the groups based there). The actor is "sanctioned" iff the
    list is non-empty. O(regimes x suspensions)."""
    return [r for r in in_force(regimes, on, issuer) if r.target == actor_id]


def sanctioned_actors(
    regimes: Iterable[Regime], on: date, issuer: Issuer | None = None
) -> dict[str, list[Regime]]:
    """Actor id -> the regimes targeting it in force on that day (only actors with at least one).
    O(regimes)."""
    out: dict[str, list[Regime]] = {}
    for r in in_force(regimes, on, issuer):
        out.setdefault(r.target, []).append(r)
    return out


def binds(regime: Regime, supplier_id: str, on: date) -> bool:
    """Whether the regime binds this actor's conduct on that day: "*" binds everyone, "EU" the states bound by
    EU law on the day, ISO codes those states. Non-state ids are bound only by "*". O(binds)."""
    return any(b in (UN_BINDS, supplier_id) or (b == EU_BINDS and supplier_id in eu_bound(on)) for b in regime.binds)


def binding_periods(regime: Regime, party_id: str) -> list[_Interval]:
    """The periods [from, until) in which the regime's `binds` cover this party, ignoring the regime's own
    dates (e.g. for "EU": the party's EU membership). Empty if it never binds the party. O(binds)."""
    out: list[_Interval] = []
    for b in regime.binds:
        if b in (UN_BINDS, party_id):
            return [(date.min, None)]
        if b == EU_BINDS and party_id in eu_binding_periods():
            out.append(eu_binding_periods()[party_id])
    return sorted(out)


def _intersect(a: list[_Interval], b: list[_Interval]) -> list[_Interval]:
    out: list[_Interval] = []
    for s1, u1 in a:
        for s2, u2 in b:
            s = max(s1, s2)
            u = u1 if u2 is None else u2 if u1 is None else min(u1, u2)
            if u is None or s < u:
                out.append((s, u))
    return sorted(out)


def _days(interval: _Interval) -> str:
    s, u = interval
    return f"{s.isoformat()} to {(u - timedelta(days=1)).isoformat()}" if u else f"{s.isoformat()} onwards"


def _period_text(regime: Regime) -> str:
    text = f"from {regime.start.isoformat()}"
    if regime.end:
        text += f" until {(regime.end - timedelta(days=1)).isoformat()}"
    else:
        text += " (still in force)"
    if regime.suspensions:
        text += " (not in force " + "; ".join(_days(s) for s in regime.suspensions) + ")"
    return text


def _explain(
    transfer: Transfer,
    regime: Regime,
    clause: str,
    overlap: tuple[date, date],
    complete: bool,
    span: tuple[date, date],
) -> str:
    status = {
        TransferStatus.DELIVERED: "Delivered",
        TransferStatus.ORDERED: "Ordered (delivery not reported)",
        TransferStatus.ALLEGED: "Alleged (not confirmed)",
    }.get(transfer.status, transfer.status.value.capitalize())
    what = transfer.category.value + (f" ({transfer.designation})" if transfer.designation else "")
    when = span[0].isoformat() if span[0] == span[1] else f"{span[0].isoformat()} to {span[1].isoformat()}"
    items = ", ".join(c.value for c in regime.categories) + " items" if regime.categories else "arms"
    if clause == CLAUSE_EXPORT:
        rule = (
            f"it forbids {transfer.supplier} to supply {items} and binds the recipient {transfer.recipient}"
            + (" (it binds all states)" if UN_BINDS in regime.binds else "")
        )
    else:
        rule = (
            f"it forbids supplying {items} to {transfer.recipient} and binds the supplier {transfer.supplier}"
            + (" (it binds all states)" if UN_BINDS in regime.binds else "")
        )
    sources = len(transfer.source_ids)
    text = (
        f"{status} transfer of {what} from {transfer.supplier} to {transfer.recipient}, dated {when}, "
        f'falls inside the {regime.issuer.value} measure "{regime.name}" (legal basis: '
        f"{'; '.join(regime.legal_basis)}), in force {_period_text(regime)}: {clause} - {rule}. "
        f"Overlap: {overlap[0].isoformat()} to {overlap[1].isoformat()}."
    )
    if not complete:
        text += (
            f" Possible violation only: the transfer is dated no more precisely than {when} and the measure "
            f"applied to it on part of that range."
        )
    if sources:
        text += f" Reported by {sources} source{'s' if sources > 1 else ''}."
    return text


def violations(transfer: Transfer, regimes: Iterable[Regime]) -> list[Violation]:
    """The regimes this transfer breaches, one Violation per regime, in input order. O(regimes x
    (suspensions + binds)).

    A transfer breaches a regime when the regime covers its category (`Regime.covers`; an unspecified
    category is covered by every regime) and either (a) it targets the supplier with direction export/both
    and binds the recipient (`CLAUSE_EXPORT`: a ban on procurement from the target, which for UN measures
    binds every state; an EU ban on buying Russian arms does not bind India), or (b) it targets the recipient
    with direction import/both and binds the supplier (`CLAUSE_IMPORT`); and the transfer's date range meets a
    period where the regime is in force and binds that party. Not assessable, so no violation: a transfer
    without any date, or one every source denies (status `denied`).

    `overlap_from` / `overlap_to` are the first and last day of the range where the breach applies (if the
    regime was suspended in between, the days in between are not in force). When the overlap does not cover
    the whole date range (e.g. a transfer known only to the year in which a measure ended), the explanation
    says the violation is only "possible".
    """
    if transfer.date_from is None or transfer.date_to is None or transfer.status is TransferStatus.DENIED:
        return []
    span = (transfer.date_from, transfer.date_to)
    window: list[_Interval] = [(span[0], span[1] + timedelta(days=1))]
    out: list[Violation] = []
    for regime in regimes:
        if not regime.covers(transfer.category):
            continue
        if regime.target == transfer.supplier and regime.direction in (Direction.EXPORT, Direction.BOTH):
            clause, bound = CLAUSE_EXPORT, transfer.recipient
        elif regime.target == transfer.recipient and regime.direction in (Direction.IMPORT, Direction.BOTH):
            clause, bound = CLAUSE_IMPORT, transfer.supplier
        else:
            continue
        parts = _intersect(_intersect(window, regime.intervals()), binding_periods(regime, bound))
        if not parts:
            continue
        first = parts[0][0]
        last_until = parts[-1][1]
        last = (last_until - timedelta(days=1)) if last_until is not None else span[1]
        covered = sum(((u or span[1] + timedelta(days=1)) - s).days for s, u in parts)
        complete = covered == (span[1] - span[0]).days + 1
        out.append(
            Violation(
                transfer=transfer,
                regime=regime.ref(),
                clause=clause,
                explanation=_explain(transfer, regime, clause, (first, last), complete, span),
                overlap_from=first,
                overlap_to=last,
            )
        )
    return out
