"""The HTTP client of `skg sync`, behaving as a polite crawler.

Conditional requests (If-None-Match / If-Modified-Since → 304), retries with capped exponential backoff and full
jitter on 429, 5xx and network errors (a Retry-After header is honoured, up to the cap), a timeout and a streamed
size cap per download, robots.txt for article fetching, one clear User-Agent and at most `per_host` requests in
flight per host. Every failure is a `FetchError` whose message names the URL and says why.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
import urllib.robotparser
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx

from ingest.sync.sources import FetchPolicy

__all__ = ["FetchError", "Fetched", "Fetcher"]

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


class FetchError(Exception):
    """A download that did not succeed; `permanent` when trying again later will not help (404, too large)."""

    def __init__(self, url: str, reason: str, permanent: bool = False) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.permanent = permanent


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int  # 200 or 304
    body: bytes = b""  # empty when written to a file or not modified
    etag: str | None = None
    last_modified: str | None = None
    tries: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Fetcher:
    """One per sync run (thread-safe): a pooled httpx client, per-host semaphores and a robots.txt cache."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(
            headers={"User-Agent": self.policy.user_agent},
            timeout=httpx.Timeout(self.policy.timeout_s),
            follow_redirects=True,
            max_redirects=5,
        )
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()
        self._robots_lock = threading.Lock()
        self._random = random.Random()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host_slot(self, url: str) -> threading.BoundedSemaphore:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            slot = self._hosts.get(host)
            if slot is None:
                slot = self._hosts[host] = threading.BoundedSemaphore(self.policy.per_host)
            return slot

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        cap = self.policy.max_backoff_s
        if retry_after is not None:
            return min(cap, retry_after)
        # Full jitter (uniform in [0, base * 2^attempt]): clients that failed together do not retry together.
        return self._random.uniform(0, min(cap, self.policy.backoff_s * 2**attempt))

    def get(
        self,
        url: str,
        etag: str | None = None,
        last_modified: str | None = None,
        dest: IO[bytes] | None = None,
        max_bytes: int | None = None,
    ) -> Fetched:
        """GET `url`, conditionally when validators are given. With `dest` the body is streamed there instead of
        returned. Retries transient failures up to `max_tries`; raises FetchError when it gives up."""
        limit = max_bytes or self.policy.max_bytes
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        tries = self.policy.max_tries
        last_reason = ""
        for attempt in range(tries):
            retry_after: float | None = None
            try:
                with self._host_slot(url), self._client.stream("GET", url, headers=headers) as resp:
                    if resp.status_code == 304:
                        return Fetched(url, 304, etag=etag, last_modified=last_modified, tries=attempt + 1)
                    if resp.status_code in _RETRY_STATUS:
                        retry_after = _retry_after(resp.headers.get("Retry-After"))
                        last_reason = f"HTTP {resp.status_code}"
                    elif resp.status_code != 200:
                        raise FetchError(url, f"HTTP {resp.status_code}", permanent=400 <= resp.status_code < 500)
                    else:
                        body = self._read(url, resp, limit, dest)
                        return Fetched(
                            url,
                            200,
                            body=body,
                            etag=resp.headers.get("ETag"),
                            last_modified=resp.headers.get("Last-Modified"),
                            tries=attempt + 1,
                        )
            except httpx.HTTPError as exc:  # timeouts, refused connections, broken streams
                last_reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                if dest is not None:
                    dest.seek(0)
                    dest.truncate()
            if attempt + 1 < tries:
                time.sleep(self._delay(attempt, retry_after))
        raise FetchError(url, f"gave up after {tries} tries (last: {last_reason})")

    def _read(self, url: str, resp: httpx.Response, limit: int, dest: IO[bytes] | None) -> bytes:
        declared = resp.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit:
            raise FetchError(url, f"too large: {declared} bytes declared > cap {limit}", permanent=True)
        size = 0
        chunks: list[bytes] = []
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > limit:  # the server may lie about or omit Content-Length: count what arrives
                raise FetchError(url, f"too large: more than the cap of {limit} bytes", permanent=True)
            if dest is not None:
                dest.write(chunk)
            else:
                chunks.append(chunk)
        return b"".join(chunks)

    def download(
        self,
        url: str,
        path: Path,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
    ) -> Fetched:
        """GET into `path` (written whole or removed): for registers, which parsers read from a file."""
        try:
            with path.open("wb") as fh:
                return self.get(url, etag, last_modified, dest=fh, max_bytes=max_bytes)
        except BaseException:
            path.unlink(missing_ok=True)
            raise

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of `url`'s site lets our User-Agent fetch it (fetched once per site and run).

        As RFC 9309 says: a robots.txt that is missing (4xx) allows everything; one that cannot be fetched
        (5xx or network failure after the retries) disallows everything for this run."""
        if not self.policy.respect_robots:
            return True
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:  # held while loading: one robots.txt request per site, not one per worker
            if site not in self._robots:
                self._robots[site] = self._load_robots(site)
            parser = self._robots[site]
        if parser is None:
            return False
        return parser.can_fetch(self.policy.user_agent, url)

    def _load_robots(self, site: str) -> urllib.robotparser.RobotFileParser | None:
        parser = urllib.robotparser.RobotFileParser(f"{site}/robots.txt")
        try:
            fetched = self.get(f"{site}/robots.txt", max_bytes=500_000)
        except FetchError as exc:
            if exc.permanent:  # 4xx: no rules
                parser.parse([])
                return parser
            return None
        parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return parser
