"""Watch-lists: a saved query over the change feed and a webhook URL that gets each matching change.

`WatchQuery` is a small declarative filter over a change's fields (every condition given must hold; within one
condition any listed value does), e.g. new `violation` verdicts involving RU:
`{"kinds": ["verdict_changed"], "verdicts": ["violation"], "actors": ["RU"]}`; a new supplier of KP (one that had
no earlier affirmative transfer to KP, recorded by the store as `supplier_added`):
`{"kinds": ["supplier_added"], "recipients": ["KP"]}`; listings and delistings of KP or of actors based there:
`{"kinds": ["actor_designated", "actor_delisted"], "actors": ["KP"]}`.

A watch keeps its `cursor`, the last seq it has dealt with: deliveries follow the feed in order from there, so
none is lost over a restart. `Delivery` records each attempt's outcome. Deliveries are signed with the watch's
secret (HMAC-SHA256 over "<timestamp>.<body>", `sign`), shown to its creator once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from graph.changes import ChangeDraft, ChangeKind
from graph.model import Verdict
from graph.vocab import Issuer

__all__ = [
    "SIGNATURE_HEADER",
    "Delivery",
    "DeliveryStatus",
    "Watch",
    "WatchQuery",
    "new_watch",
    "sign",
    "verify",
]

#: The header carrying "t=<unix seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>".
SIGNATURE_HEADER = "X-SKG-Signature"

#: An actor id as the graph spells it: an ISO code (RU) or a prefixed id (org-…, co-…).
ActorId = Annotated[str, StringConstraints(pattern=r"^(?:[A-Z]{2}|[a-z]{2,5}-[0-9a-z-]{1,60})$")]


class WatchQuery(BaseModel):
    """Which changes a watch wants. At least one condition; an empty list means no condition on that field."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: tuple[ChangeKind, ...] = Field(default=(), max_length=len(ChangeKind))
    #: Any of these among the change's actors (either end of a transfer, a regime's target, a listed actor).
    actors: tuple[ActorId, ...] = Field(default=(), max_length=100)
    suppliers: tuple[ActorId, ...] = Field(default=(), max_length=100)
    recipients: tuple[ActorId, ...] = Field(default=(), max_length=100)
    issuers: tuple[Issuer, ...] = Field(default=(), max_length=len(Issuer))
    #: The verdict a change brings (verdict_changed only).
    verdicts: tuple[Verdict, ...] = Field(default=(), max_length=len(Verdict))

    @model_validator(mode="after")
    def _not_empty(self) -> WatchQuery:
        if not any((self.kinds, self.actors, self.suppliers, self.recipients, self.issuers, self.verdicts)):
            raise ValueError("a query needs at least one condition (kinds, actors, suppliers, recipients, ...)")
        if self.verdicts and self.kinds and ChangeKind.VERDICT_CHANGED not in self.kinds:
            raise ValueError("verdicts: only verdict_changed changes carry a verdict; add it to kinds")
        return self

    def matches(self, c: ChangeDraft) -> bool:
        return (
            (not self.kinds or c.kind in self.kinds)
            and (not self.actors or any(a in c.actors for a in self.actors))
            and (not self.suppliers or c.supplier in self.suppliers)
            and (not self.recipients or c.recipient in self.recipients)
            and (not self.issuers or c.issuer in self.issuers)
            and (not self.verdicts or c.verdict in self.verdicts)
        )


class Watch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = Field(max_length=200)
    owner: str
    query: WatchQuery
    url: AnyHttpUrl
    created: datetime
    #: The last seq this watch has dealt with (delivered, given up, or not matching).
    cursor: int = Field(ge=0)
    #: The HMAC key: shown once when the watch is made, never listed.
    secret: str = Field(repr=False)
    delivered: int = 0
    failed: int = 0

    @field_validator("url")
    @classmethod
    def _http(cls, url: AnyHttpUrl) -> AnyHttpUrl:
        if url.scheme not in ("http", "https"):
            raise ValueError("url: http or https only")
        return url


class DeliveryStatus(StrEnum):
    RETRYING = "retrying"  # failed, another attempt at `next_at`
    DELIVERED = "delivered"
    FAILED = "failed"  # given up after the last attempt


class Delivery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    #: "<watch id>:<seq>": also sent as X-SKG-Delivery, so a receiver can drop a repeat.
    id: str
    watch: str
    seq: int
    kind: ChangeKind
    status: DeliveryStatus
    attempts: int
    first_at: datetime
    last_at: datetime
    next_at: datetime | None = None
    #: The receiver's last HTTP status, or the network error.
    last_status: int | None = None
    last_error: str | None = Field(default=None, max_length=500)


def new_watch(name: str, owner: str, query: WatchQuery, url: str, cursor: int) -> Watch:
    """A watch starting after `cursor` (the feed's last seq: it is told of what changes from now on)."""
    return Watch(
        id="wa-" + secrets.token_hex(8),
        name=name,
        owner=owner,
        query=query,
        url=AnyHttpUrl(url),
        created=datetime.now(UTC),
        cursor=cursor,
        secret=secrets.token_urlsafe(32),
    )


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The X-SKG-Signature value for this body sent at `timestamp` (Unix seconds)."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, now: int, tolerance_s: int = 300) -> bool:
    """What a receiver does: the signature matches and its timestamp is recent (replays are refused)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance_s:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), f"t={timestamp},v1={parts.get('v1', '')}")
