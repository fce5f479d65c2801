"""Fixtures shared by the ingest tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ingest.news.extract import Extractor, get_extractor


@pytest.fixture
def extractor() -> Iterator[Extractor]:
    """The shared extractor, its pair model restored after the test (tests swap in their own model or none).
    A module that only reads the extractor may define its own module-scoped `extractor`, which takes precedence."""
    ex = get_extractor()
    saved = ex.pair_model
    yield ex
    ex.pair_model = saved
