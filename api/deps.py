"""Typed dependencies: the store (opened once per app) and the API key check for write endpoints."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import partial
from typing import Annotated

from fastapi import Depends, Header, Request, Response
from pydantic import BaseModel

from api.cache import json_answer
from api.live_store import LiveStore
from graph.errors import Forbidden
from graph.settings import Settings, get_settings
from graph.store import GraphStore

__all__ = [
    "AnswerDep",
    "ApiKeyDep",
    "HasKeyDep",
    "LiveDep",
    "SettingsDep",
    "StoreDep",
    "get_live",
    "get_store",
    "require_api_key",
]


def get_store(request: Request) -> GraphStore:
    """The store this request reads from start to end (api/live_store.py)."""
    live: LiveStore | None = getattr(request.app.state, "live", None)
    if live is None:  # an app driven without its lifespan (schema fuzzing)
        store: GraphStore = request.app.state.store
        return store
    return live.current()


def get_live(request: Request) -> LiveStore:
    live: LiveStore | None = getattr(request.app.state, "live", None)
    if live is None:
        live = request.app.state.live = LiveStore(request.app.state.store)
    return live


def key_is_valid(x_api_key: str | None) -> bool:
    """True when SKG_API_KEY is set and `x_api_key` matches it (in constant time)."""
    expected = get_settings().api_key
    if expected is None or not expected.get_secret_value() or x_api_key is None:
        return False
    return secrets.compare_digest(x_api_key, expected.get_secret_value())


def has_api_key(x_api_key: Annotated[str | None, Header()] = None) -> bool:
    """Read endpoints with a bound that the API key lifts (exports)."""
    return key_is_valid(x_api_key)


def require_api_key(x_api_key: Annotated[str | None, Header()] = None) -> None:
    """Write endpoints: refused when SKG_API_KEY is unset, or when the X-API-Key header does not match it."""
    expected = get_settings().api_key
    if expected is None or not expected.get_secret_value():
        raise Forbidden("write endpoints are disabled: set SKG_API_KEY on the server")
    if x_api_key is None or not secrets.compare_digest(x_api_key, expected.get_secret_value()):
        raise Forbidden("missing or wrong X-API-Key header")


StoreDep = Annotated[GraphStore, Depends(get_store)]
LiveDep = Annotated[LiveStore, Depends(get_live)]

#: `answer(lambda: query(...))` in a read route: the query's answer as JSON, from the answer cache when possible.
Answerer = Callable[[Callable[[], BaseModel]], Response]


def get_answerer(request: Request, store: StoreDep) -> Answerer:
    return partial(json_answer, request, store)


AnswerDep = Annotated[Answerer, Depends(get_answerer)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
ApiKeyDep = Annotated[None, Depends(require_api_key)]
HasKeyDep = Annotated[bool, Depends(has_api_key)]
