"""Query-parameter types shared by the routers."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

__all__ = ["IsoDate"]


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
