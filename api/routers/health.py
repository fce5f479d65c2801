"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The store answers", responses={503: {"description": "store unreachable"}})
def readyz(store: StoreDep) -> dict[str, object]:
    store.ping()
    return {"status": "ready", "store": store.kind, "counts": store.counts()}
