"""Designations of listed actors (UN consolidated list, OpenSanctions/FtM) and their end dates (issue 16).

Nothing a list drops is deleted: when the UN list no longer carries an entry, or an FtM delta says `DEL`, the
actor stays with `attributes["delisted_on"]` (the list's date), so questions about a day before that still see
the listing and questions after it do not. A later list that carries the entry again lists it again (the newer
record replaces the stored one). FtM `Sanction` entities bring their own start and end dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict

from graph.model import Actor
from graph.store import GraphStore

__all__ = ["DELISTED", "Designation", "delist", "designations", "listed_on"]

#: The actor attribute that holds the day a list stopped carrying the actor.
DELISTED = "delisted_on"


class Designation(BaseModel):
    """One listing of an actor: by which list, from when, until when (end exclusive), in force on the day asked."""

    model_config = ConfigDict(frozen=True)

    list: str
    reference: str | None = None
    program: str | None = None
    start: date | None = None
    end: date | None = None
    active: bool


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _active(start: date | None, end: date | None, on: date) -> bool:
    return (start is None or start <= on) and (end is None or on < end)


def designations(actor: Actor, on: date) -> tuple[Designation, ...]:
    """The actor's listings, each marked active or not on `on` (a listing starting after `on` is left out: the
    graph could not have known it). O(sanctions on the actor)."""
    attrs = actor.attributes
    delisted = _day(attrs.get(DELISTED))
    out: list[Designation] = []
    if "un_reference" in attrs:
        start = _day(attrs.get("listed_on"))
        out.append(
            Designation(
                list="UN Security Council Consolidated List",
                reference=str(attrs["un_reference"]),
                program=attrs.get("un_list_type"),
                start=start,
                end=delisted,
                active=_active(start, delisted, on),
            )
        )
    for s in attrs.get("sanctions") or ():
        if not isinstance(s, dict):
            continue
        start = _day(s.get("start"))
        ends = [d for d in (_day(s.get("end")), delisted) if d is not None]
        end = min(ends) if ends else None
        out.append(
            Designation(
                list=str(s.get("authority") or "OpenSanctions"),
                reference=s.get("ftm_id"),
                program=s.get("program"),
                start=start,
                end=end,
                active=_active(start, end, on),
            )
        )
    if "ftm" in attrs and not attrs.get("sanctions") and delisted is not None:
        out.append(Designation(list="OpenSanctions", reference=actor.ftm_id, end=delisted, active=on < delisted))
    return tuple(d for d in out if d.start is None or d.start <= on)


def listed_on(actor: Actor, on: date) -> bool:
    """Whether any listing of the actor is in force on `on`."""
    return any(d.active for d in designations(actor, on))


def delist(store: GraphStore, ids: Sequence[str], on: date) -> int:
    """Give the stored actors among `ids` their end of listing `on` (those already delisted keep their date);
    returns how many changed. Nothing is deleted."""
    changed = [
        a.model_copy(update={"attributes": {**a.attributes, DELISTED: on.isoformat()}})
        for a in store.actors(list(ids))
        if DELISTED not in a.attributes
    ]
    if not changed:
        return 0
    report = store.upsert_actors(changed)
    return report.added + report.updated
