"""The change feed as Atom 1.0 (RFC 4287): what feed readers and newsroom alerting follow.

Each change is one entry: its id is a stable tag URI built from the feed's host and the change's seq, `updated`
the time the store recorded it, the title its summary, and it links to the change as JSON (`/changes/{seq}`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from graph.changes import Change

__all__ = ["ATOM_TYPE", "atom_feed"]

ATOM_TYPE = "application/atom+xml; charset=utf-8"
_NS = "http://www.w3.org/2005/Atom"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = text
    return el


def _tag(host: str, what: str) -> str:
    # RFC 4151 tag URIs: stable whatever URL the feed was read through, as an Atom id should be
    return f"tag:{host or 'sanctions-kg'},2026:{what}"


def atom_feed(changes: Sequence[Change], self_url: str, base_url: str, host: str, title: str) -> bytes:
    """The Atom document for these changes (newest first). `self_url`: the URL the feed was asked at;
    `base_url`: the API's root, for entry links."""
    feed = ET.Element("feed", {"xmlns": _NS})
    _sub(feed, "id", _tag(host, "changes"))
    _sub(feed, "title", title)
    _sub(feed, "subtitle", "Changes to the sanctions-kg graph: transfers, evidence, verdicts, regimes, reviews.")
    newest = max((c.at for c in changes), default=datetime(2026, 1, 1, tzinfo=UTC))
    _sub(feed, "updated", newest.astimezone(UTC).isoformat())
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="application/json", href=f"{base_url}changes")
    author = _sub(feed, "author")
    _sub(author, "name", "sanctions-kg")
    _sub(feed, "generator", "sanctions-kg")
    for c in changes:
        entry = _sub(feed, "entry")
        _sub(entry, "id", _tag(host, f"change/{c.seq}"))
        _sub(entry, "title", f"[{c.kind.value}] {c.summary}")
        _sub(entry, "updated", c.at.astimezone(UTC).isoformat())
        # no type: feed readers take a typed non-HTML link for an enclosure-like extra, not the entry's link
        _sub(entry, "link", rel="alternate", href=f"{base_url}changes/{c.seq}")
        for term in (c.kind.value, *(f"actor:{a}" for a in c.actors)):
            _sub(entry, "category", term=term)
        if c.issuer is not None:
            _sub(entry, "category", term=f"issuer:{c.issuer.value}")
        if c.verdict is not None:
            _sub(entry, "category", term=f"verdict:{c.verdict.value}")
        lines = [c.summary, f"seq {c.seq}; subjects: {', '.join(c.subjects)}"]
        if c.verdict is not None or c.previous_verdict is not None:
            was = c.previous_verdict.value if c.previous_verdict else "none"
            lines.append(f"verdict: {c.verdict.value if c.verdict else 'none'} (was {was})")
        _sub(entry, "summary", "\n".join(lines), type="text")
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return body
