"""One table from project errors to HTTP statuses; every error body is {"error": {"code", "message"}}."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from graph.errors import (
    Forbidden,
    InvalidInput,
    InvalidQuery,
    NotAllowed,
    NotFound,
    NotSupported,
    SkgError,
    StoreUnavailable,
    TooLarge,
)

__all__ = ["ERROR_RESPONSES", "STATUS", "ErrorBody", "error_body", "install"]


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error response: {"error": {"code", "message"}}."""

    error: ErrorDetail


#: Declared on every route, so the OpenAPI document lists the error statuses the table can produce.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "invalid query"},
    404: {"model": ErrorBody, "description": "not found"},
    422: {"model": ErrorBody, "description": "invalid request or input"},
    500: {"model": ErrorBody, "description": "internal error (the details are in the server log)"},
    503: {"model": ErrorBody, "description": "store unavailable"},
}

#: Checked in order: subclasses before their bases.
STATUS: dict[type[SkgError], int] = {
    TooLarge: 413,
    NotFound: 404,
    InvalidQuery: 400,
    InvalidInput: 422,
    NotAllowed: 403,
    Forbidden: 401,
    NotSupported: 501,
    StoreUnavailable: 503,
}


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    return {"error": {"code": code, "message": message}}


_log = logging.getLogger("api.errors")


def install(app: FastAPI) -> None:
    """Register the handlers: project errors by the table, validation errors as 422, HTTP errors as themselves,
    numbers too big for the store as 400, and anything else as a 500 in the same JSON body (never text/plain)."""

    @app.exception_handler(OverflowError)
    async def overflow_error(_: Request, exc: OverflowError) -> JSONResponse:
        # a parameter beyond what the store can hold (Neo4j integers are 64-bit): the request's fault
        return JSONResponse(error_body("invalid_query", f"a number is too large: {exc}"), status_code=400)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        _log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        message = f"internal error ({type(exc).__name__}); the server log has the details"
        return JSONResponse(error_body("internal_error", message), status_code=500)

    @app.exception_handler(SkgError)
    async def skg_error(_: Request, exc: SkgError) -> JSONResponse:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
        return JSONResponse(error_body(exc.code, str(exc)), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse(error_body("invalid_request", f"{where}: {first.get('msg')}"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # keep the exception's headers: a 405 must say which methods are allowed (RFC 9110), those of every route
        # on the path (Starlette names only the first one's when GET and POST are separate routes)
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = ", ".join(_allowed(request))
        return JSONResponse(
            error_body("http_error", str(exc.detail)), status_code=exc.status_code, headers=headers or None
        )


def _allowed(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.routes:
        if isinstance(route, Route) and route.methods and route.matches(request.scope)[0] is not Match.NONE:
            methods |= route.methods
    return sorted(methods)
