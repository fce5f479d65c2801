"""The full SIPRI register through the pipeline on both stores: no crash, idempotent, updated by a newer export."""

from __future__ import annotations

import pytest

from graph.store import GraphStore, TransferFilter
from ingest.pipeline import ingest
from ingest.sipri import parse_sipri
from tests.conftest import shared_path

pytestmark = pytest.mark.slow


def test_full_may_register_then_february_update(store: GraphStore) -> None:
    may = shared_path("data", "sipri", "trade-register-2026-05-18-legacy16.csv")
    feb = shared_path("data", "sipri", "trade-register-2026-02-12-new17.csv")

    first = ingest(store, parse_sipri(may), name="may")
    assert first.rejected == []
    assert first.transfers.added == 29_916
    counts = store.counts()

    again = ingest(store, parse_sipri(may), name="may again")
    assert (again.transfers.added, again.transfers.updated, again.transfers.unchanged) == (0, 0, 29_916)
    assert store.counts() == counts

    update = ingest(store, parse_sipri(feb), name="february")
    assert update.rejected == []
    assert update.transfers.updated == 11_067  # the deals both exports share
    assert update.transfers.added == 12_571 - 11_067
    shahed = [
        t for t in store.transfers(TransferFilter(supplier="IR", recipient="RU")) if t.designation == "Shahed-136"
    ]
    assert len(shahed) == 1
    # the later import's figures win, and both exports' rows stay as evidence: the revision stays visible
    assert shahed[0].quantity is not None and shahed[0].quantity.low == 4600
    quotes = sorted(e.quote for e in shahed[0].evidence)
    assert (
        len(quotes) == 2 and "4600? delivered" in quotes[0] + quotes[1] and "6600? delivered" in quotes[0] + quotes[1]
    )
