"""Loading articles: plain text, HTML (main text and metadata via trafilatura), Markdown, JSONL, folders.

Every failure becomes an `ingest.records.Rejected` with the file (and line) and a reason; one bad document
never
stops a batch.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from graph.errors import InvalidInput
from ingest.limits import bounded_lines, load_json, open_bounded
from ingest.records import Rejected

__all__ = ["MAX_BYTES", "Document", "document_files", "document_from_html", "load_documents", "load_file", "parse_date"]

#: Larger inputs are rejected: no article is this long, and a runaway file should not stall a batch.
MAX_BYTES = 5_000_000
_HTML_EXT = {".html", ".htm", ".xhtml"}
_MD_EXT = {".md", ".markdown"}
_JSONL_EXT = {".jsonl", ".ndjson"}
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<article|<div|<p[\s>])", re.IGNORECASE)


@dataclass(frozen=True)
class Document:
    id: str
    text: str
    published: date | None = None
    url: str | None = None
    title: str | None = None
    site: str | None = None
    lang: str | None = None
    # : Where it was read from (file path, with ":line" for JSONL); used to name the source when there is no
    # URL.
    path: str | None = None

    @property
    def content_hash(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]


def parse_date(value: Any) -> date | None:
    """An ISO date (or datetime) string's date, or None."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        pass
    month = re.fullmatch(r"(\d{4})-(\d{2})", value.strip())  # "2022-11": month precision, dated to its first day
    if month and 1 <= int(month.group(2)) <= 12:
        return date(int(month.group(1)), int(month.group(2)), 1)
    return None


def _markdown_to_text(text: str) -> str:
    """Markdown markup off, line structure kept (headings stay their own sentences)."""
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__|\*|_|`)(\S(?:.*?\S)?)\1", r"\2", text)
    return text


def document_from_html(
    html: str, doc_id: str, published: date | None = None, url: str | None = None, path: str | None = None
) -> Document | Rejected:
    """Main text, title, date and site name of an HTML page; Rejected if no text can be found."""
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura raises assorted lxml errors on broken markup
        return Rejected(path or doc_id, f"HTML could not be parsed: {type(exc).__name__}: {exc}")
    if extracted is None:
        return Rejected(path or doc_id, "no article text found in the HTML page")
    meta: dict[str, Any] = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = str(meta.get("text") or "").strip()
    if not body:
        return Rejected(path or doc_id, "no article text found in the HTML page")
    title = (meta.get("title") or None) and str(meta["title"]).strip()
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    return Document(
        id=doc_id,
        text=text,
        published=published or parse_date(meta.get("date")),
        url=url or meta.get("url"),
        title=title,
        site=meta.get("sitename") or meta.get("hostname"),
        path=path,
    )


def _decode(raw: bytes, where: str) -> str | Rejected:
    if len(raw) > MAX_BYTES:
        return Rejected(where, f"file too large ({len(raw)} bytes > {MAX_BYTES})")
    if b"\x00" in raw[:8192]:
        return Rejected(where, "binary file (NUL bytes), not text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        if text.count("\ufffd") > len(text) / 100:
            return Rejected(where, "not UTF-8 or Windows-1252 text")
        return text


#: Optional string fields of a JSONL record; a value of another type rejects the record.
_RECORD_STRINGS = ("title", "url", "published", "lang")


def _from_record(record: Any, where: str, published: date | None) -> Document | Rejected:
    if not isinstance(record, dict):
        return Rejected(where, "JSONL line is not an object")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Rejected(where, "record has no 'text' string")
    record_id = record.get("id")
    if record_id is not None and (isinstance(record_id, bool) or not isinstance(record_id, str | int)):
        return Rejected(where, "'id' is not a string or a number")
    wrong = [k for k in _RECORD_STRINGS if record.get(k) is not None and not isinstance(record[k], str)]
    if wrong:
        return Rejected(where, f"{', '.join(repr(k) for k in wrong)} not a string")
    doc_id = str(record_id or where)
    url: str | None = record.get("url")
    pub = parse_date(record.get("published")) or published
    lang: str | None = record.get("lang")
    if _HTML_SNIFF.match(text.encode("utf-8")[:200]):
        doc = document_from_html(text, doc_id, pub, url, where)
        return doc if isinstance(doc, Rejected) else replace(doc, lang=lang)
    return Document(
        id=doc_id, text=text, published=pub, url=url, lang=lang, title=record.get("title"), path=where
    )


def _jsonl(path: Path, published: date | None) -> Iterator[Document | Rejected]:
    """One document per line, read line by line: each line capped at MAX_BYTES, the file at SKG_MAX_FILE_BYTES."""
    where = str(path)
    try:
        with open_bounded(path, "JSONL articles") as f:
            for number, raw in bounded_lines(f, MAX_BYTES):
                at = f"{where}:{number}"
                if raw is None:
                    yield Rejected(at, f"line too large (> {MAX_BYTES} bytes)")
                    continue
                if not raw.strip():
                    continue
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                    record = load_json(line)
                except UnicodeDecodeError:
                    yield Rejected(at, "not UTF-8 text")
                    continue
                except ValueError as exc:
                    if not raw.endswith(b"\n"):  # only the last line can lack its end: the file was cut off
                        yield Rejected(at, f"the last line is cut off and unreadable (a truncated file?): {exc}", True)
                        return
                    yield Rejected(at, str(exc))
                    continue
                yield _from_record(record, at, published)
    except InvalidInput as exc:  # too large or unreadable: this file is refused, the others go on
        yield Rejected(where, str(exc))


def load_file(path: Path, published: date | None = None) -> Iterator[Document | Rejected]:
    """The documents of one file (one, or one per line of a JSONL file), or why they cannot be read."""
    where = str(path)
    if path.suffix.lower() in _JSONL_EXT:
        yield from _jsonl(path, published)
        return
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # refused from its size, before it is read
            yield Rejected(where, f"file too large ({size} bytes > {MAX_BYTES})")
            return
        raw = path.read_bytes()
    except OSError as exc:
        yield Rejected(where, f"cannot read: {exc.strerror or exc}")
        return
    decoded = _decode(raw, where)
    if isinstance(decoded, Rejected):
        yield decoded
        return
    if not decoded.strip():
        yield Rejected(where, "empty document")
        return
    suffix = path.suffix.lower()
    if suffix in _HTML_EXT or _HTML_SNIFF.match(raw[:200]):
        yield document_from_html(decoded, path.stem, published, None, where)
        return
    text = _markdown_to_text(decoded) if suffix in _MD_EXT else decoded
    yield Document(id=path.stem, text=text, published=published, path=where)


def document_files(paths: Sequence[Path]) -> Iterator[Path | Rejected]:
    """The files under `paths`: folders recursively, sorted, hidden files skipped; a missing path is Rejected."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        elif path.exists():
            yield path
        else:
            yield Rejected(str(path), "no such file or directory")


def load_documents(paths: Sequence[Path], published: date | None = None) -> Iterator[Document | Rejected]:
    """Documents from files, folders (recursively, sorted, hidden files skipped) and JSONL files.

    `published` is used for documents that do not carry their own date."""
    for file in document_files(paths):
        if isinstance(file, Rejected):
            yield file
        else:
            yield from load_file(file, published)
