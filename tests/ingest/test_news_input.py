"""Bad and odd input: a clear Rejected or an empty result, never a crash."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

from ingest.news import Document, get_extractor, load_documents
from ingest.records import Rejected


def test_binary_file_rejected(tmp_path: Path) -> None:
    (tmp_path / "x.bin").write_bytes(b"\x89PNG\r\n\x00\x00\x01binary")
    (result,) = list(load_documents([tmp_path / "x.bin"]))
    assert isinstance(result, Rejected) and "binary" in result.reason


def test_empty_and_missing(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n")
    results = list(load_documents([tmp_path / "empty.txt", tmp_path / "nope.txt"]))
    assert all(isinstance(r, Rejected) for r in results)
    assert get_extractor().extract("") == [] and get_extractor().extract("   \n\t") == []


def test_huge_file_rejected_and_huge_text_fast(tmp_path: Path) -> None:
    big = ("Lorem ipsum dolor sit amet, Russia and Iran. " * 240_000)[:10_000_000]
    (tmp_path / "big.txt").write_text(big)
    (result,) = list(load_documents([tmp_path / "big.txt"]))
    assert isinstance(result, Rejected) and "too large" in result.reason
    t0 = time.perf_counter()
    assert get_extractor().extract(big[:2_000_000], lang="en") == []
    assert time.perf_counter() - t0 < 30


def test_broken_html(tmp_path: Path) -> None:
    (tmp_path / "broken.html").write_text("<html><body><p>unclosed <div><<<>>> &&& </sp")
    (result,) = list(load_documents([tmp_path / "broken.html"]))
    assert isinstance(result, Rejected) or get_extractor().extract_document(result) == []


def test_html_page_metadata(tmp_path: Path) -> None:
    html = """<html><head><title>Iran ships drones</title>
    <meta property="og:site_name" content="Example News">
    <meta property="article:published_time" content="2022-10-18"></head><body><nav>Home | World</nav><article>
    <h1>Iran ships drones</h1><p>Iran delivered more than 400 drones to Russia in September, Ukrainian
    intelligence
    said on Tuesday, in a statement that Tehran did not comment on.</p><p>The drones have been used against
    power
    stations across the country, officials said, as the war entered its ninth month.</p></article>
    <footer>Cookies help us deliver our services.</footer></body></html>"""
    (tmp_path / "page.html").write_text(html)
    (doc,) = list(load_documents([tmp_path / "page.html"]))
    assert isinstance(doc, Document)
    assert (
        doc.published == date(2022, 10, 18)
        and doc.site == "Example News"
        and doc.title == "Iran ships drones"
    )
    claims = get_extractor().extract_document(doc)
    assert [(c.supplier.id, c.recipient.id) for c in claims] == [("IR", "RU")]
    assert claims[0].quantity is not None and claims[0].quantity.low == 400


def test_jsonl_and_folder(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Iran sent drones to Russia.", "published": "2022-09-01"}),
        "{not json",
        json.dumps({"id": "b"}),
    ]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "note.md").write_text("# Title\n\n**Belarus** handed [tanks](http://x) to Russia.\n")
    results = list(load_documents([tmp_path], published=date(2023, 1, 1)))
    docs = [r for r in results if isinstance(r, Document)]
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [d.id for d in docs] == ["a", "note"] and len(rejected) == 2
    assert docs[0].published == date(2022, 9, 1) and docs[1].published == date(2023, 1, 1)
    assert "[" not in docs[1].text


def test_boilerplate_and_mixed_scripts() -> None:
    ex = get_extractor()
    boiler = (
        "Suivez Actusduweb sur Google News\nCe site utilise des cookies. J'accepte Lire la suite\n"
        "www.example.com"
    )
    assert ex.extract(boiler) == []
    mixed = "Iran передал России дроны. 北朝鮮 drones 🚀 \x00\ufffd Россия."
    claims = ex.extract(mixed)
    assert all(c.evidence.text == mixed[c.evidence.start : c.evidence.end] for c in claims)
