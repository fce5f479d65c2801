"""limit/cursor pagination over the list inside an answer. The cursor is the offset of the next item, returned
as `next_cursor`; clients treat it as opaque and pass it back."""

from __future__ import annotations

from typing import Annotated, TypeVar

from fastapi import Query
from pydantic import BaseModel

__all__ = ["Cursor", "Limit", "offset_of", "paginate"]

M = TypeVar("M", bound=BaseModel)

Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
Cursor = Annotated[
    str | None, Query(pattern=r"^[0-9]{1,9}$", description="`next_cursor` of the previous page (opaque).")
]


def offset_of(cursor: str | None) -> int:
    """Where a page starts, for queries that page themselves (the cursor is an offset)."""
    return int(cursor) if cursor else 0


def paginate(answer: M, field: str, limit: int, cursor: str | None) -> M:
    """The answer with `field` cut to one page and `next_cursor` set when more items follow."""
    items = getattr(answer, field)
    start = offset_of(cursor)
    end = start + limit
    return answer.model_copy(update={field: items[start:end], "next_cursor": str(end) if end < len(items) else None})
