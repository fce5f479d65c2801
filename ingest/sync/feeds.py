"""RSS 2.0, Atom and sitemap documents → the article links they list.

Parsed with lxml set up for untrusted input: no DTD loading, no entity expansion, no network, no huge-tree
mode, and a document that declares entities or nests deeper than `MAX_DEPTH` is refused. A bad item (no link)
is reported as `Rejected` and skipped; an unreadable document is an InvalidInput naming the URL.
"""

from __future__ import annotations

import email.utils
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from lxml import etree

from graph.errors import InvalidInput
from ingest.news.documents import parse_date
from ingest.records import Rejected

__all__ = ["MAX_DEPTH", "FeedItem", "parse_feed"]

MAX_DEPTH = 32

_ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str | None = None
    published: date | None = None
    #: True for a <sitemap> of a sitemap index: a sitemap to read, not an article.
    is_sitemap: bool = False


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _date(text: str | None) -> date | None:
    if not text or not text.strip():
        return None
    iso = parse_date(text)
    if iso is not None:
        return iso
    try:  # RSS uses RFC 822 dates
        return email.utils.parsedate_to_datetime(text.strip()).date()
    except (TypeError, ValueError):
        return None


def _depth_ok(root: etree._Element) -> bool:
    stack = [(root, 1)]
    while stack:
        elem, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        stack.extend((child, depth + 1) for child in elem)
    return True


def _text(elem: etree._Element | None) -> str | None:
    if elem is None or elem.text is None:
        return None
    return str(elem.text).strip() or None


def parse_feed(body: bytes, where: str) -> Iterator[FeedItem | Rejected]:
    """The items of an RSS, Atom or sitemap document, in document order."""
    if b"<!ENTITY" in body[:65536]:
        raise InvalidInput(f"{where}: XML declares entities; refused")
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise InvalidInput(f"{where}: not well-formed XML ({exc})") from exc
    if root is None:
        raise InvalidInput(f"{where}: empty XML document")
    if not _depth_ok(root):
        raise InvalidInput(f"{where}: XML nested deeper than {MAX_DEPTH} levels; refused")
    tag = etree.QName(root).localname
    if tag == "rss" or tag == "RDF":
        yield from _rss(root, where)
    elif root.tag == f"{_ATOM}feed":
        yield from _atom(root, where)
    elif tag in ("urlset", "sitemapindex"):
        yield from _sitemap(root, where)
    else:
        raise InvalidInput(f"{where}: not an RSS, Atom or sitemap document (root element <{tag}>)")


def _rss(root: etree._Element, where: str) -> Iterator[FeedItem | Rejected]:
    items = [e for e in root.iter() if isinstance(e.tag, str) and etree.QName(e).localname == "item"]
    for n, item in enumerate(items, 1):
        fields = {etree.QName(c).localname: c for c in item if isinstance(c.tag, str)}
        link = _text(fields.get("link"))
        guid = fields.get("guid")
        if link is None and guid is not None and guid.get("isPermaLink", "true") == "true":
            link = _text(guid)
        if link is None or not link.startswith(("http://", "https://")):
            yield Rejected(f"{where}: item {n}", "RSS item without an http(s) <link>")
            continue
        published = _date(_text(fields.get("pubDate")) or _text(fields.get("date")))
        yield FeedItem(link, _text(fields.get("title")), published)


def _atom(root: etree._Element, where: str) -> Iterator[FeedItem | Rejected]:
    for n, entry in enumerate(root.iter(f"{_ATOM}entry"), 1):
        link = None
        for candidate in entry.iter(f"{_ATOM}link"):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = str(candidate.get("href")).strip()
                break
        if link is None or not link.startswith(("http://", "https://")):
            yield Rejected(f"{where}: entry {n}", "Atom entry without an http(s) alternate <link>")
            continue
        published = _date(_text(entry.find(f"{_ATOM}published")) or _text(entry.find(f"{_ATOM}updated")))
        yield FeedItem(link, _text(entry.find(f"{_ATOM}title")), published)


def _sitemap(root: etree._Element, where: str) -> Iterator[FeedItem | Rejected]:
    index = etree.QName(root).localname == "sitemapindex"
    for n, entry in enumerate(root, 1):
        if not isinstance(entry.tag, str):
            continue
        fields = {etree.QName(c).localname: c for c in entry if isinstance(c.tag, str)}
        loc = _text(fields.get("loc"))
        if loc is None or not loc.startswith(("http://", "https://")):
            yield Rejected(f"{where}: entry {n}", "sitemap entry without an http(s) <loc>")
            continue
        yield FeedItem(loc, None, _date(_text(fields.get("lastmod"))), is_sitemap=index)
