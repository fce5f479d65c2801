"""A real local HTTP host for `skg sync` tests and the sync benchmark: http.server in a thread on 127.0.0.1.

Routes are set at run time (`host.put(path, body, ...)`); every resource gets an ETag and a Last-Modified, and
conditional requests are answered with 304 as a real server does. A route can be scripted to fail first
(`fail=[503, 429]`, with Retry-After), to answer slowly (`delay`), or to omit Content-Length (`chunked`).
Every request is logged with its headers (`host.requests`); `max_in_flight` is the most requests it was
answering at once (a client's per-host limit shows there).
"""

from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["FixtureHost", "Logged", "article_html", "atom", "rss", "sitemap"]


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: a client that hangs up mid-body (a size cap doing its job) is not an error of the host."""


@dataclass
class _Route:
    body: bytes
    content_type: str
    etag: str
    last_modified: str
    status: int = 200
    fail: list[int] = field(default_factory=list)
    retry_after: str | None = None
    delay: float = 0.0
    chunked: bool = False
    conditional: bool = True


@dataclass(frozen=True)
class Logged:
    path: str
    headers: dict[str, str]
    status: int


class FixtureHost:
    def __init__(self) -> None:
        self.routes: dict[str, _Route] = {}
        self.requests: list[Logged] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:
                host._serve(self)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True, name="fixture-host")

    def __enter__(self) -> FixtureHost:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def put(
        self,
        path: str,
        body: bytes | str,
        content_type: str = "text/html; charset=utf-8",
        modified: float | None = None,
        **options: Any,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        etag = '"' + hashlib.sha1(data).hexdigest()[:16] + '"'
        last = email.utils.formatdate(modified if modified is not None else time.time() - 60, usegmt=True)
        with self._lock:
            self.routes[path] = _Route(data, content_type, etag, last, **options)

    def log(self, path: str) -> list[Logged]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _serve(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._answer(h)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("#", 1)[0]
        with self._lock:
            route = self.routes.get(path)
            fail = route.fail.pop(0) if route is not None and route.fail else None
        headers = {k.lower(): v for k, v in h.headers.items()}
        if route is None:
            self._send(h, path, headers, 404, b"not found", "text/plain", {})
            return
        if route.delay:
            time.sleep(route.delay)
        if fail is not None:
            extra = {"Retry-After": route.retry_after} if route.retry_after else {}
            self._send(h, path, headers, fail, b"try later", "text/plain", extra)
            return
        validators = {"ETag": route.etag, "Last-Modified": route.last_modified}
        # RFC 9110: If-None-Match, when sent, decides alone; If-Modified-Since only without it.
        if "if-none-match" in headers:
            fresh = headers["if-none-match"] == route.etag
        else:
            fresh = headers.get("if-modified-since") == route.last_modified
        if route.conditional and fresh:
            self._send(h, path, headers, 304, b"", route.content_type, validators)
            return
        self._send(h, path, headers, route.status, route.body, route.content_type, validators, route.chunked)

    def _send(
        self,
        h: BaseHTTPRequestHandler,
        path: str,
        headers: dict[str, str],
        status: int,
        body: bytes,
        content_type: str,
        extra: dict[str, str],
        chunked: bool = False,
    ) -> None:
        with self._lock:
            self.requests.append(Logged(path, headers, status))
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        for k, v in extra.items():
            h.send_header(k, v)
        if status == 304:
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        if chunked:  # no Content-Length: the client must count what arrives
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            for i in range(0, len(body), 65536):
                part = body[i : i + 65536]
                h.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            h.wfile.write(b"0\r\n\r\n")
            return
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def article_html(title: str, text: str, published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    paragraphs = "".join(f"<p>{_esc(p)}</p>" for p in text.split("\n") if p.strip())
    return (
        f"<!doctype html><html><head><title>{_esc(title)}</title>{meta}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>{_esc(title)}</h1>{paragraphs}</article>"
        "<footer>Cookie settings</footer></body></html>"
    )


def rss(items: list[tuple[str, str, str | None]]) -> str:
    """items: (link, title, RFC 822 date or None)."""
    body = "".join(
        f"<item><title>{_esc(t)}</title><link>{_esc(u)}</link>" + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>"
        for u, t, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'


def atom(items: list[tuple[str, str, str | None]]) -> str:
    body = "".join(
        f'<entry><title>{_esc(t)}</title><link rel="alternate" href="{_esc(u)}"/>'
        + (f"<published>{d}</published>" if d else "")
        + "</entry>"
        for u, t, d in items
    )
    return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{body}</feed>'


def sitemap(urls: list[str]) -> str:
    body = "".join(f"<url><loc>{_esc(u)}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
