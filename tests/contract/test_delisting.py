"""Delisting on both stores (issue 16, point 6): a UN list that no longer carries an entry, or an OpenSanctions
delta that says DEL, deletes nothing; the listing gets its end, questions about earlier days still see it, later
ones do not. Real files from ../shared/data/sanctions, cut down in tmp_path (skipped when absent)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from graph import queries
from graph.designations import DELISTED
from graph.ids import actor_id
from graph.store import GraphStore
from graph.vocab import ActorKind
from ingest.ftm import ftm_actor_id
from ingest.pipeline import ingest, read_register

SANCTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
UN_SAMPLE = SANCTIONS / "un-consolidated-dprk-sample.xml"
FTM_SAMPLE = SANCTIONS / "opensanctions-sanctions-sample.ftm.jsonl"

pytestmark = pytest.mark.skipif(not SANCTIONS.is_dir(), reason=f"real sanctions data not found at {SANCTIONS}")

#: Yun Ho-jin, KPi.001 (listed 2009-07-16), the first individual of the DPRK sample.
DROPPED = "KPi.001"
#: JSC NPO Elektromashina in the OpenSanctions sample: a New Zealand listing from 2022-06-08 among others.
ELEKTROMASHINA = "NK-NSWaHofFyh2DLnmr5aaemb"


def _un_list_without(path: Path, reference: str, generated: str) -> Path:
    """The UN sample with the INDIVIDUAL of `reference` removed and a later dateGenerated."""
    text = UN_SAMPLE.read_text(encoding="utf-8")
    records = re.findall(r"<INDIVIDUAL>.*?</INDIVIDUAL>", text, flags=re.S)
    [gone] = [r for r in records if f"<REFERENCE_NUMBER>{reference}</REFERENCE_NUMBER>" in r]
    text = text.replace(gone, "", 1)
    text = re.sub(r'dateGenerated="[^"]+"', f'dateGenerated="{generated}T23:00:00.000Z"', text, count=1)
    path.write_text(text, encoding="utf-8")
    return path


def _ingest(store: GraphStore, kind: str, path: Path, day: date) -> int:
    report = ingest(store, read_register(kind, path), name=path.name, ingested=day)
    return report.delisted


def _active(store: GraphStore, aid: str, *, as_of: date | None = None, known: date | None = None) -> list[str]:
    profile = queries.actor_profile(store, aid, as_of=as_of, known_as_of=known)
    return [f"{d.list}/{d.program}" for d in profile.designations if d.active]


def test_an_entry_missing_from_a_new_un_list_is_delisted_not_deleted(store: GraphStore, tmp_path: Path) -> None:
    aid = actor_id(ActorKind.PERSON, DROPPED, "UN")
    assert _ingest(store, "un-list", UN_SAMPLE, date(2025, 8, 3)) == 0
    before = store.counts()["actors"]
    later = _un_list_without(tmp_path / "un-2025-09-15.xml", DROPPED, "2025-09-15")

    assert _ingest(store, "un-list", later, date(2025, 9, 16)) == 1
    assert store.counts()["actors"] == before  # nothing deleted
    actor = store.actor(aid)
    assert actor is not None and actor.attributes[DELISTED] == "2025-09-15"
    # the entries the new list still carries keep their listing
    assert [a.id for a in store.actors() if "un_reference" in a.attributes and DELISTED in a.attributes] == [aid]

    # before the end the listing is in force, after it it is not, whichever axis is asked
    assert _active(store, aid, as_of=date(2025, 9, 14)) == ["UN Security Council Consolidated List/DPRK"]
    assert _active(store, aid, as_of=date(2025, 9, 15)) == []
    assert _active(store, aid, known=date(2025, 9, 1)) == ["UN Security Council Consolidated List/DPRK"]
    ends = [e for e in queries.timeline(store, aid).events if e.kind == "delisted"]
    assert [e.date for e in ends] == [date(2025, 9, 15)]
    assert not [e for e in queries.timeline(store, aid, known_as_of=date(2025, 9, 1)).events if e.kind == "delisted"]

    # the same list again changes nothing; the older list (carrying the entry) lists it again
    assert _ingest(store, "un-list", later, date(2025, 9, 17)) == 0
    assert (store.actor(aid) or actor).attributes[DELISTED] == "2025-09-15"
    _ingest(store, "un-list", UN_SAMPLE, date(2025, 9, 18))
    assert DELISTED not in (store.actor(aid) or actor).attributes
    assert _active(store, aid, as_of=date(2025, 10, 1)) == ["UN Security Council Consolidated List/DPRK"]


def test_an_ftm_del_ends_the_listings_and_keeps_the_actor(store: GraphStore, tmp_path: Path) -> None:
    _ingest(store, "ftm", FTM_SAMPLE, date(2024, 6, 1))
    aid = ftm_actor_id(ActorKind.ORGANIZATION, ELEKTROMASHINA)
    actor = store.actor(aid)
    assert actor is not None, "the sample's Elektromashina entity"
    nz = "Ministry of Foreign Affairs and Trade/Russia Sanctions Act 2022"
    assert nz in _active(store, aid, as_of=date(2024, 6, 10))

    delta = tmp_path / "delta.json"
    delta.write_text(json.dumps({"op": "DEL", "entity": {"id": ELEKTROMASHINA}}) + "\n", encoding="utf-8")
    assert _ingest(store, "ftm", delta, date(2024, 6, 15)) == 1

    kept = store.actor(aid)
    assert kept is not None and kept.attributes[DELISTED] == "2024-06-15"
    assert nz in _active(store, aid, as_of=date(2024, 6, 14))
    assert _active(store, aid, as_of=date(2024, 6, 15)) == []
    assert nz in _active(store, aid, known=date(2024, 6, 1))
    # a listing the source itself ended (2018-06-21 .. 2021-06-21) is in force only inside its own dates
    def spans(on: date) -> list[tuple[date | None, date | None]]:
        return [(d.start, d.end) for d in queries.actor_profile(store, aid, as_of=on).designations if d.active]

    assert (date(2018, 6, 21), date(2021, 6, 21)) in spans(date(2020, 1, 1))
    assert (date(2018, 6, 21), date(2021, 6, 21)) not in spans(date(2022, 1, 1))
    # the same delta again changes nothing
    assert _ingest(store, "ftm", delta, date(2024, 6, 16)) == 0
    assert (store.actor(aid) or kept).attributes[DELISTED] == "2024-06-15"
