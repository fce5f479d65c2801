"""Query-parameter types shared by the routers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import Query
from pydantic import BeforeValidator

from graph.vocab import TransferStatus

__all__ = ["Include", "IncludeParam", "IsoDate", "KnownAsOf", "with_rejected"]


def _iso_date(value: Any) -> Any:
    # pydantic alone also takes "0" or "1700000000" (Unix timestamps) as dates; the API promises YYYY-MM-DD
    if isinstance(value, str):
        try:
            return date.fromisoformat(value) if len(value) == 10 else _reject(value)
        except ValueError:
            _reject(value)
    return value


def _reject(value: str) -> None:
    raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

#: `known_as_of=YYYY-MM-DD`: the answer as the graph would have given it that day (graph/known_as_of.py).
KnownAsOf = Annotated[
    IsoDate | None,
    Query(
        description="The answer as the graph would have given it on this day: evidence published or ingested "
        "later is left out, revised register figures show their earlier values, later delistings are not yet known."
    ),
]

#: `include=rejected`: answers also count the transfers reviewers rejected (status `rejected`).
Include = Literal["rejected"]


IncludeParam = Annotated[
    Include | None, Query(description="`rejected`: also the transfers reviewers rejected (status `rejected`).")
]


def with_rejected(statuses: tuple[TransferStatus, ...], include: Include | None) -> tuple[TransferStatus, ...]:
    """The status filter of a question, with the `rejected` status added when `include=rejected`."""
    if include == "rejected" and TransferStatus.REJECTED not in statuses:
        return (*statuses, TransferStatus.REJECTED)
    return statuses
