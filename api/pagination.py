"""limit/cursor pagination over the list inside an answer. The cursor is an opaque offset token."""

from __future__ import annotations

import base64
from typing import TypeVar

from pydantic import BaseModel

from graph.errors import InvalidQuery

__all__ = ["paginate"]

M = TypeVar("M", bound=BaseModel)


def _decode(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        offset = int(base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii").removeprefix("o:"))
    except (ValueError, UnicodeError):
        raise InvalidQuery(f"invalid cursor {cursor!r}: pass back the next_cursor of a previous page") from None
    if offset < 0:
        raise InvalidQuery(f"invalid cursor {cursor!r}")
    return offset


def _encode(offset: int) -> str:
    return base64.urlsafe_b64encode(f"o:{offset}".encode("ascii")).decode("ascii")


def paginate(answer: M, field: str, limit: int, cursor: str | None) -> M:
    """The answer with `field` cut to one page and `next_cursor` set when more items follow."""
    items = getattr(answer, field)
    start = _decode(cursor)
    end = start + limit
    more = end < len(items)
    return answer.model_copy(update={field: items[start:end], "next_cursor": _encode(end) if more else None})
