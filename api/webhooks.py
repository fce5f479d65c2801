"""Webhook deliveries of watch-lists, driven by the change feed.

Each pass reads, per watch, the feed after the watch's cursor and POSTs each matching change (JSON, signed with
HMAC-SHA256: graph/watches.py `sign`) to the watch's URL, in seq order. A 2xx moves the cursor on; a 5xx, 429,
408 or a network error is retried after a delay that doubles each time (up to `max_attempts`, then the change
is given up as `failed` and the cursor moves on); any other 4xx fails at once. The cursor and the delivery's
record are saved together after each attempt, so a restart goes on where it stopped: a change is neither lost
nor sent twice, except one whose POST succeeded just before a crash (its delivery id, X-SKG-Delivery, lets the
receiver drop that repeat). Run one deliverer per graph (the API's, SKG_WATCH_DELIVERY=on, or `skg watches
deliver`).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx

from graph.changes import Change
from graph.settings import Settings, get_settings
from graph.store import GraphStore
from graph.watch_store import WatchStore
from graph.watches import SIGNATURE_HEADER, Delivery, DeliveryStatus, Watch, sign

__all__ = ["DeliveryPolicy", "DeliveryReport", "deliver_once", "payload", "start_deliverer"]

_RETRY = frozenset({408, 429, 500, 502, 503, 504})
USER_AGENT = "sanctions-kg-webhooks/1"


@dataclass(frozen=True)
class DeliveryPolicy:
    max_attempts: int = 6
    backoff_s: float = 10.0
    backoff_max_s: float = 3600.0
    timeout_s: float = 10.0
    #: Changes read from the feed per watch and pass.
    batch: int = 500

    @classmethod
    def of(cls, s: Settings) -> DeliveryPolicy:
        return cls(s.watch_max_attempts, s.watch_backoff_s, s.watch_backoff_max_s, s.watch_timeout_s)

    def delay(self, attempts: int) -> float:
        return float(min(self.backoff_s * 2 ** (attempts - 1), self.backoff_max_s))


@dataclass
class DeliveryReport:
    delivered: int = 0
    retrying: int = 0
    failed: int = 0
    #: Changes read that matched no watch condition (the cursor moves past them).
    passed: int = 0
    errors: list[str] = field(default_factory=list)


def payload(watch: Watch, change: Change) -> bytes:
    body = {"watch": watch.id, "delivery": f"{watch.id}:{change.seq}", "change": change.model_dump(mode="json")}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _post(client: httpx.Client, watch: Watch, change: Change, policy: DeliveryPolicy) -> tuple[int | None, str | None]:
    body = payload(watch, change)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-SKG-Delivery": f"{watch.id}:{change.seq}",
        "X-SKG-Event": change.kind.value,
        SIGNATURE_HEADER: sign(watch.secret, int(time.time()), body),
    }
    try:
        response = client.post(str(watch.url), content=body, headers=headers, timeout=policy.timeout_s)
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    return response.status_code, None if response.is_success else f"HTTP {response.status_code}"


def _attempt(
    client: httpx.Client, watch: Watch, change: Change, before: Delivery | None, policy: DeliveryPolicy, now: datetime
) -> Delivery:
    status_code, error = _post(client, watch, change, policy)
    attempts = (before.attempts if before else 0) + 1
    if error is None:
        status = DeliveryStatus.DELIVERED
    elif (status_code is None or status_code in _RETRY) and attempts < policy.max_attempts:
        status = DeliveryStatus.RETRYING
    else:
        status = DeliveryStatus.FAILED
    return Delivery(
        id=f"{watch.id}:{change.seq}",
        watch=watch.id,
        seq=change.seq,
        kind=change.kind,
        status=status,
        attempts=attempts,
        first_at=before.first_at if before else now,
        last_at=now,
        next_at=now + timedelta(seconds=policy.delay(attempts)) if status is DeliveryStatus.RETRYING else None,
        last_status=status_code,
        last_error=error,
    )


def _deliver_watch(
    store: GraphStore,
    watches: WatchStore,
    watch: Watch,
    client: httpx.Client,
    policy: DeliveryPolicy,
    r: DeliveryReport,
    now: datetime,
) -> None:
    newest = watches.deliveries(watch.id, limit=1)
    pending = newest[0] if newest and newest[0].status is DeliveryStatus.RETRYING else None
    if pending is not None and pending.next_at is not None and pending.next_at > now:
        return  # head of the line waits for its retry: changes go out in order
    last = store.last_change_seq()
    if watch.cursor > last:  # the graph was reset: its feed starts again at 1
        watch = watch.model_copy(update={"cursor": 0})
    moved = False
    while True:
        changes = store.changes(watch.cursor, policy.batch)
        if not changes:
            break
        for change in changes:
            if not watch.query.matches(change):
                watch = watch.model_copy(update={"cursor": change.seq})
                r.passed += 1
                moved = True
                continue
            before = pending if pending is not None and pending.seq == change.seq else None
            d = _attempt(client, watch, change, before, policy, now)
            if d.status is DeliveryStatus.RETRYING:
                watches.put_delivery(d, watch if moved else None)
                r.retrying += 1
                return
            counts = {"delivered": watch.delivered + 1} if d.status is DeliveryStatus.DELIVERED else {}
            counts |= {"failed": watch.failed + 1} if d.status is DeliveryStatus.FAILED else {}
            watch = watch.model_copy(update={"cursor": change.seq, **counts})
            watches.put_delivery(d, watch)  # the record and the cursor in one write
            moved = False
            if d.status is DeliveryStatus.DELIVERED:
                r.delivered += 1
            else:
                r.failed += 1
                r.errors.append(f"{watch.id}: change {change.seq} given up after {d.attempts} attempt(s)")
        if len(changes) < policy.batch:
            break
    if moved:
        watches.update(watch)


def deliver_once(
    store: GraphStore,
    watches: WatchStore,
    client: httpx.Client,
    policy: DeliveryPolicy | None = None,
    now: datetime | None = None,
) -> DeliveryReport:
    """One pass over every watch: deliver what the feed holds after each one's cursor (see the module doc).
    `now`: the pass's time (default: the clock), which decides which retries are due."""
    policy = policy or DeliveryPolicy.of(get_settings())
    report = DeliveryReport()
    for watch in watches.all():
        _deliver_watch(store, watches, watch, client, policy, report, now or datetime.now(UTC))
    return report


def start_deliverer(store: Callable[[], GraphStore], watches: WatchStore, poll_s: float) -> Callable[[], None]:
    """Deliver in a background thread every `poll_s` seconds, reading the store `store()` gives at each pass;
    returns the function that stops it."""
    stop = threading.Event()
    policy = DeliveryPolicy.of(get_settings())

    def loop() -> None:
        with httpx.Client(follow_redirects=False) as client:
            while not stop.is_set():
                try:
                    deliver_once(store(), watches, client, policy)
                except Exception:
                    import logging

                    logging.getLogger(__name__).exception("webhook delivery pass failed")
                stop.wait(poll_s)

    thread = threading.Thread(target=loop, name="skg-webhooks", daemon=True)
    thread.start()

    def halt() -> None:
        stop.set()
        thread.join(timeout=10)

    return halt
