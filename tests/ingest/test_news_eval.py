"""The evaluation bar on the development set: F1 >= 0.90 per language, no affirmative claim on `not` pairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.news import get_extractor
from ingest.news.evaluate import EvalReport, evaluate

DATA = Path(__file__).resolve().parents[1] / "data"
LANGS = {"en", "fr", "de", "es", "it", "pt", "ru", "uk", "pl"}


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate(DATA / "news-dev.jsonl", get_extractor())


def test_dev_set_covers_the_languages(report: EvalReport) -> None:
    assert set(report.by_lang) >= LANGS
    assert all(report.by_lang[lang].items >= 15 for lang in LANGS)
    assert report.overall.items >= 150


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_f1_per_language(report: EvalReport, lang: str) -> None:
    score = report.by_lang[lang]
    assert score.f1 >= 0.90, report.to_table() + "\n" + "\n".join(report.errors)


def test_no_affirmative_claims_on_not_pairs(report: EvalReport) -> None:
    assert report.overall.not_fp == 0, "\n".join(report.errors)


def test_report_renders(report: EvalReport) -> None:
    assert "overall" in report.to_table()
    assert set(report.to_json()) == {"overall", "by_lang", "errors"}


def test_a_record_whose_text_file_is_missing_is_reported_not_scored(tmp_path: Path) -> None:
    labeled = tmp_path / "set.jsonl"
    labeled.write_text(
        '{"id": "gone", "lang": "fr", "path": "no/such/article.txt", "transfers": [], "not": []}\n'
        '{"id": "here", "lang": "en", "published": "2024-01-01", "text": "Iran delivered drones to Russia.",'
        ' "transfers": [{"supplier": "IR", "recipient": "RU", "status": "delivered"}], "not": []}\n',
        encoding="utf-8",
    )
    scored = evaluate(labeled, get_extractor())
    assert scored.overall.items == 1 and "fr" not in scored.by_lang
    assert any(e.startswith("gone: not scored") and "no/such/article.txt" in e for e in scored.errors)
