"""The FastAPI application: one store per app, opened at start-up, closed at shutdown."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api import errors
from api.cache import AnswerCache
from api.live_store import LiveStore
from api.routers import changes, cypher, exports, health, ingest, queries, review, suppliers, watches
from api.routers import web as web_router
from api.webhooks import start_deliverer
from graph.backends import open_store
from graph.memory_store import MemoryStore
from graph.settings import get_settings
from graph.store import GraphStore
from graph.watch_store import watch_store_for
from ingest.sync.runner import start_scheduler

__all__ = ["create_app"]


def create_app(store: str | GraphStore | None = None) -> FastAPI:
    """An app on `store`: a URI (default SKG_STORE) or an already-open store (tests)."""
    settings = get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        opened = open_store(store) if store is None or isinstance(store, str) else store
        app.state.store = opened
        app.state.live = LiveStore(opened)
        app.state.answer_cache = AnswerCache(settings.answer_cache_size, settings.answer_cache_ttl_s)
        if opened is not store:
            # The graph this app loaded lives as long as it: move it out of the collector's reach, or each full
            # collection walks millions of objects (8.8 s at 1M transfers) and stalls every request meanwhile.
            gc.collect()
            gc.freeze()
        # SKG_SYNC=on: the scheduler writes from its own thread, so on the embedded store it gets its own object on
        # the same file, as another process would (the file lock orders its writes with uploads, and LiveStore
        # loads the file it wrote before the next answer); readers never see its writes half done.
        syncing = opened
        if settings.sync and isinstance(opened, MemoryStore) and opened.path is not None:
            syncing = MemoryStore(opened.path, opened.lock_timeout_s)
        stop_sync = start_scheduler(syncing, settings.sources) if settings.sync else None
        # watch-lists beside the graph; SKG_WATCH_DELIVERY=on: webhooks delivered from the feed in a thread
        app.state.watches = watch_store_for(opened)
        live = app.state.live
        stop_hooks = (
            start_deliverer(live.current, app.state.watches, settings.watch_poll_s) if settings.watch_delivery else None
        )
        try:
            yield
        finally:
            if stop_hooks is not None:
                stop_hooks()
            if stop_sync is not None:
                stop_sync()
            if syncing is not opened:
                syncing.close()
            if store is None or isinstance(store, str):
                opened.close()

    app = FastAPI(
        title="sanctions-kg",
        version="0.1.0",
        summary="Arms transfers and the sanctions regimes they breach, with evidence.",
        lifespan=lifespan,
    )
    errors.install(app)
    if settings.cors_origins:  # off unless configured
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"])
    app.include_router(health.router, responses=errors.ERROR_RESPONSES)
    for module in (suppliers, queries, exports, cypher, ingest, review, changes, watches):
        app.include_router(module.router, responses=errors.ERROR_RESPONSES)
    app.include_router(web_router.router)  # the explorer at / (include_in_schema=False)
    return app
