"""When the graph learned each measure, and what it said before a later import changed it (issue 16).

A regime carries `recorded` (the day of the import that first brought it) and `revisions` (the values later imports
replaced, with the day they were replaced), the same two ideas as a transfer's evidence `ingested` day and its
`revisions`. `merge_regime` keeps them on every upsert (both stores call it); `regime_known_on` gives the measure
as the graph knew it on a day, or None when it was recorded later.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.model import Regime, Revision

__all__ = ["merge_regime", "regime_known_on", "stamp_recorded"]

_HISTORY = {"recorded", "revisions"}


def stamp_recorded(r: Regime, day: date) -> Regime:
    """The regime with `day` as its recorded day unless it has one (an import stamps what it brings)."""
    return r if r.recorded is not None else r.model_copy(update={"recorded": day})


def _content(r: Regime) -> dict[str, Any]:
    return r.model_dump(mode="json", exclude=_HISTORY)


def merge_regime(existing: Regime | None, incoming: Regime) -> Regime:
    """What to store when `incoming` arrives over `existing`: the first recorded day is kept, and the values the
    new version replaces become a revision dated the new version's recorded day (today if it has none). Returns
    `existing` itself when nothing but the history fields differ, so a re-import on a later day changes nothing."""
    if existing is None:
        return incoming
    before, after = _content(existing), _content(incoming)
    if before == after:
        return existing
    changed = {k: v for k, v in before.items() if after.get(k) != v}
    revision = Revision(superseded=incoming.recorded or date.today(), fields=changed)
    return incoming.model_copy(update={"recorded": existing.recorded, "revisions": (*existing.revisions, revision)})


def regime_known_on(r: Regime, day: date) -> Regime | None:
    """The measure as the graph knew it on `day` (revisions learned later undone, newest first), or None when it
    was recorded after `day`. Returns `r` itself when nothing about it is later than `day`."""
    if r.recorded is not None and r.recorded > day:
        return None
    later = [v for v in r.revisions if v.superseded > day]
    if not later:
        return r
    data = r.model_dump(mode="json")
    for v in reversed(later):
        data.update(v.fields)
    data["revisions"] = [v.model_dump(mode="json") for v in r.revisions if v.superseded <= day]
    return Regime.model_validate(data)
