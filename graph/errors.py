"""One exception hierarchy for the whole project; the API maps each class to one HTTP status."""

from __future__ import annotations

__all__ = [
    "Forbidden",
    "InvalidInput",
    "InvalidQuery",
    "NotAllowed",
    "NotFound",
    "NotSupported",
    "SkgError",
    "StoreUnavailable",
    "TooLarge",
]


class SkgError(Exception):
    """Base class: every error the project raises on purpose."""

    code = "error"


class NotFound(SkgError):
    code = "not_found"


class InvalidQuery(SkgError):
    """A query's parameters (or a user's Cypher) are not acceptable."""

    code = "invalid_query"


class InvalidInput(SkgError):
    """A source file or record cannot be read; the message names the file, line or field."""

    code = "invalid_input"


class TooLarge(InvalidInput):
    """An input over a size limit (uploads)."""

    code = "too_large"


class StoreUnavailable(SkgError):
    """The graph store cannot be reached or refused the operation."""

    code = "store_unavailable"


class NotSupported(SkgError):
    """The operation exists but not on this store (e.g. Cypher on the embedded store)."""

    code = "not_supported"


class Forbidden(SkgError):
    """Missing or wrong API key."""

    code = "forbidden"


class NotAllowed(Forbidden):
    """A valid key whose role may not do this (a reader writing a decision, a reviewer reading the audit log)."""

    code = "not_allowed"
