"""ingest.un_list against the real UN Consolidated List in ../shared/data/sanctions (skipped when absent)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from graph.errors import InvalidInput
from graph.ids import actor_id
from graph.model import Actor
from graph.vocab import ActorKind, SourceKind
from ingest.limits import BrokenFile
from ingest.records import Records, Rejected
from ingest.un_list import UN_LIST_SOURCE_ID, parse_un_list, un_country

SANCTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
FULL = SANCTIONS / "un-consolidated-2025-08-02.xml"
SAMPLE = SANCTIONS / "un-consolidated-dprk-sample.xml"

pytestmark = pytest.mark.skipif(
    not SANCTIONS.is_dir(), reason=f"real sanctions data not found at {SANCTIONS}"
)


def _parse(path: Path) -> tuple[list[Records | Rejected], list[Actor], list[Rejected]]:
    items = list(parse_un_list(path))
    actors = [a for i in items if isinstance(i, Records) for a in i.actors]
    return items, actors, [i for i in items if isinstance(i, Rejected)]


@pytest.fixture(scope="module")
def full() -> list[Actor]:
    _, actors, rejected = _parse(FULL)
    assert rejected == []
    return actors


def test_sample_records() -> None:
    items, actors, rejected = _parse(SAMPLE)
    assert rejected == []
    assert len(actors) == 16
    first = items[0]
    assert isinstance(first, Records) and first.sources[0].id == UN_LIST_SOURCE_ID
    assert first.sources[0].kind is SourceKind.SANCTIONS_LIST and first.sources[0].published == date(
        2025, 8, 2
    )
    yun = next(a for a in actors if a.attributes["un_reference"] == "KPi.001")
    assert yun.kind is ActorKind.PERSON and yun.name == "YUN HO-JIN" and yun.country == "KP"
    assert yun.id == actor_id(ActorKind.PERSON, "KPi.001", "UN")
    assert yun.aliases == ("Yun Ho-chin",)
    assert yun.attributes["un_list_type"] == "DPRK" and yun.attributes["listed_on"] == "2009-07-16"
    assert yun.attributes["designation"] == ["Director of Namchongang Trading Corporation"]
    assert yun.attributes["date_of_birth"] == [{"type": "EXACT", "date": "1944-10-13"}]
    assert "\n" not in yun.attributes["comments"]
    ri = next(a for a in actors if a.attributes["un_reference"] == "KPi.002")
    assert ri.attributes["date_of_birth"] == [{"type": "EXACT", "year": "1938"}]  # YEAR, not DATE
    komid = next(a for a in actors if a.attributes["un_reference"] == "KPe.001")
    assert komid.kind is ActorKind.COMPANY and komid.country == "KP"
    assert '"KOMID"' in komid.aliases


@pytest.mark.slow
def test_full_list_counts(full: list[Actor]) -> None:
    kinds = Counter(a.kind for a in full)
    assert kinds[ActorKind.PERSON] == 684
    assert kinds[ActorKind.ORGANIZATION] + kinds[ActorKind.COMPANY] == 195
    assert sum(1 for a in full if a.attributes["un_list_type"] == "DPRK") == 155
    assert len({a.id for a in full}) == 879  # reference numbers are unique keys


@pytest.mark.slow
def test_reference_numbers_are_trimmed(full: list[Actor]) -> None:
    raw = FULL.read_text(encoding="utf-8")
    assert "<REFERENCE_NUMBER>KPe.023 </REFERENCE_NUMBER>" in raw  # the quirk is in the file...
    refs = [a.attributes["un_reference"] for a in full]
    assert "KPe.023" in refs and all(r == r.strip() for r in refs)  # ...and not in the actors
    kpe023 = next(a for a in full if a.attributes["un_reference"] == "KPe.023")
    assert kpe023.id == actor_id(kpe023.kind, "KPe.023", "UN")


@pytest.mark.slow
def test_empty_alias_placeholders_are_dropped(full: list[Actor]) -> None:
    assert all(alias.strip() for a in full for alias in a.aliases)
    assert sum(1 for a in full if a.aliases) > 400


@pytest.mark.slow
def test_dates_in_every_form(full: list[Actor]) -> None:
    listed = [a.attributes.get("listed_on") for a in full]
    assert all(d is None or len(d) == 10 for d in listed)
    assert "2015-04-07" in listed  # written "2015-04-07-04:00" in the file
    births = [b for a in full for b in a.attributes.get("date_of_birth", [])]
    assert any("date" in b for b in births) and any("year" in b for b in births)
    assert any({"from_year", "to_year"} <= set(b) for b in births)
    assert any("note" in b and len(b) <= 2 for b in births)  # free text only


@pytest.mark.slow
def test_countries_resolved(full: list[Actor]) -> None:
    assert un_country("Democratic People's Republic of Korea") == "KP"
    assert un_country("Iran (Islamic Republic of)") == "IR"
    assert un_country("  ") is None
    with_nationality = [a for a in full if a.attributes.get("nationality")]
    assert with_nationality and all(a.country for a in with_nationality)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"missing\.xml"):
        parse_un_list(tmp_path / "missing.xml")


def test_not_a_consolidated_list(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<?xml version='1.0'?><OTHER/>", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"other\.xml.*CONSOLIDATED_LIST"):
        list(parse_un_list(path))
    garbage = tmp_path / "garbage.xml"
    garbage.write_text("not xml at all", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"garbage\.xml"):
        list(parse_un_list(garbage))


def test_a_bad_record_is_rejected_and_a_truncated_file_is_broken(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    # A record without its reference number: reported and skipped, the others imported.
    text = text.replace(
        "<REFERENCE_NUMBER>KPi.002</REFERENCE_NUMBER>", "<REFERENCE_NUMBER> </REFERENCE_NUMBER>", 1
    )
    whole = tmp_path / "one-bad.xml"
    whole.write_text(text, encoding="utf-8")
    _, actors, rejected = _parse(whole)
    assert [r.where for r in rejected] == ["one-bad.xml:INDIVIDUAL#2"] and "REFERENCE_NUMBER" in rejected[0].reason
    assert len(actors) == 15
    # The same file cut off in the middle of the entities: broken as a whole, with the file and line named.
    path = tmp_path / "cut.xml"
    path.write_text(text[: text.index("<REFERENCE_NUMBER>KPe.002</REFERENCE_NUMBER>")], encoding="utf-8")
    with pytest.raises(BrokenFile, match=r"cut\.xml:\d+:\d+: not well-formed XML"):
        list(parse_un_list(path))
