"""ingest.sipri against the real SIPRI exports in ../shared/data/sipri (skipped when absent)."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from graph.errors import InvalidInput
from graph.model import Transfer, merge_transfer
from graph.reference import load_regime_targets
from graph.vocab import ActorKind, SourceKind, TransferStatus, WeaponCategory
from ingest.records import Records, Rejected
from ingest.sipri import (
    LEGACY16,
    NEW17,
    SIPRI_SOURCE_ID,
    detect_layout,
    parse_sipri,
    sipri_actor,
    weapon_category,
)

SIPRI = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sipri"
MAY = SIPRI / "trade-register-2026-05-18-legacy16.csv"
FEB = SIPRI / "trade-register-2026-02-12-new17.csv"
MAY_EXCERPT = SIPRI / "excerpt-russia-imports-legacy16.csv"
FEB_EXCERPT = SIPRI / "excerpt-russia-iran-dprk-belarus-new17.csv"

pytestmark = pytest.mark.skipif(not SIPRI.is_dir(), reason=f"real SIPRI data not found at {SIPRI}")

_WHERE = re.compile(r"^[^:]+\.csv:\d+$")


class Parsed:
    def __init__(self, path: Path) -> None:
        self.items = list(parse_sipri(path))
        self.records = [i for i in self.items if isinstance(i, Records)]
        self.rejected = [i for i in self.items if isinstance(i, Rejected)]
        self.transfers = [t for r in self.records for t in r.transfers]
        self.by_id = {t.id: t for t in self.transfers}
        self.actors = {a.id: a for r in self.records for a in r.actors}

    def find(self, supplier: str, recipient: str, designation: str) -> Transfer:
        found = [
            t
            for t in self.transfers
            if (t.supplier, t.recipient, t.designation) == (supplier, recipient, designation)
        ]
        assert len(found) == 1, found
        return found[0]


@pytest.fixture(scope="module")
def may() -> Parsed:
    return Parsed(MAY)


@pytest.fixture(scope="module")
def feb() -> Parsed:
    return Parsed(FEB)


@pytest.fixture(scope="module")
def may_excerpt() -> Parsed:
    return Parsed(MAY_EXCERPT)


@pytest.fixture(scope="module")
def feb_excerpt() -> Parsed:
    return Parsed(FEB_EXCERPT)


# ------------------------------------------------------------------------------------------ excerpts (fast)


def test_layouts_detected_from_header() -> None:
    assert detect_layout(MAY_EXCERPT) == LEGACY16
    assert detect_layout(FEB_EXCERPT) == NEW17
    assert detect_layout(MAY) == LEGACY16
    assert detect_layout(FEB) == NEW17


def test_source_comes_first_with_the_data_generated_date(may_excerpt: Parsed, feb_excerpt: Parsed) -> None:
    for parsed, day in ((may_excerpt, date(2026, 5, 18)), (feb_excerpt, date(2026, 2, 12))):
        first = parsed.items[0]
        assert isinstance(first, Records) and len(first.sources) == 1
        source = first.sources[0]
        assert source.id == SIPRI_SOURCE_ID and source.kind is SourceKind.REGISTER
        assert source.published == day and source.publisher == "SIPRI"
        assert all(e.reported == day for t in parsed.transfers for e in t.evidence)


def test_legacy_shahed_136_to_russia(may_excerpt: Parsed) -> None:
    t = may_excerpt.find("IR", "RU", "Shahed-136")
    assert t.status is TransferStatus.DELIVERED
    assert t.category is WeaponCategory.DRONE
    assert t.delivery_years == (2022, 2023, 2024, 2025)
    assert (t.ordered, t.delivered) == ("2022", "2022")
    # No "Number ordered": the quantity is the (flagged) number delivered.
    assert t.attributes["number_ordered"] is None
    assert t.attributes["number_delivered"] == 6600
    assert t.quantity is not None and t.quantity.low == 6600 and t.quantity.estimated
    assert t.attributes["tiv_delivered"] == 264.0
    assert "Geran-2" in t.attributes["comments"]
    (ev,) = t.evidence
    assert ev.extractor == "sipri:legacy16" and ev.start is None and ev.end is None
    assert ev.quote.startswith("Iran -> Russia: Shahed-136") and "\n" not in ev.quote
    assert ev.confidence == t.confidence == 0.95


def test_new_layout_folds_rows_of_a_deal(feb_excerpt: Parsed) -> None:
    t = feb_excerpt.find("IR", "RU", "Shahed-136")
    assert t.attributes["sipri_id"] == "65539"
    assert t.delivery_years == (2022, 2023, 2024)
    assert t.attributes["deliveries"] == {"2022": 600, "2023": 2000, "2024": 2000}
    assert t.attributes["number_delivered"] == 4600
    assert t.attributes["tiv_delivered"] == 460.0
    assert t.quantity is not None and t.quantity.estimated  # "Numbers delivered is estimate" = Yes
    assert t.attributes["order_year_estimated"] is False
    assert t.attributes["local_production"] is True  # last column "Yes;" — the stray ';' is gone
    assert t.evidence[0].extractor == "sipri:new17"


def test_new_layout_ignores_rows_repeated_verbatim(feb_excerpt: Parsed) -> None:
    # The excerpt concatenates overlapping slices: deal 65539's rows appear twice.
    assert feb_excerpt.rejected == []
    assert len(feb_excerpt.by_id) == len(feb_excerpt.transfers)


def test_same_deal_has_the_same_id_in_both_layouts(may_excerpt: Parsed, feb_excerpt: Parsed) -> None:
    may_t = may_excerpt.find("IR", "RU", "Shahed-136")
    feb_t = feb_excerpt.find("IR", "RU", "Shahed-136")
    assert may_t.id == feb_t.id
    assert may_t.attributes["deal_key"] == feb_t.attributes["deal_key"] == "IR|RU|2022|shahed 136"


def test_february_export_then_updates_the_may_deal(may_excerpt: Parsed, feb_excerpt: Parsed) -> None:
    merged = merge_transfer(
        may_excerpt.find("IR", "RU", "Shahed-136"), feb_excerpt.find("IR", "RU", "Shahed-136")
    )
    assert merged.attributes["number_delivered"] == 4600
    assert merged.attributes["sipri_id"] == "65539"
    assert merged.quantity is not None and merged.quantity.low == 4600
    assert {e.extractor for e in merged.evidence} == {"sipri:legacy16", "sipri:new17"}
    assert merged.source_ids == (SIPRI_SOURCE_ID,)


def test_question_mark_flags_mean_estimated(may_excerpt: Parsed) -> None:
    konkurs = may_excerpt.find("KP", "RU", "Konkurs")  # 2024,?,100,?,...,100,?
    assert konkurs.quantity is not None and konkurs.quantity.estimated and konkurs.quantity.low == 100
    assert konkurs.attributes["order_year_estimated"] is True
    assert konkurs.attributes["number_ordered_estimated"] is True
    assert konkurs.attributes["number_delivered_estimated"] is True
    assert konkurs.attributes["sipri_status"] == "Second hand"


def test_a_new_export_of_the_same_deal_replaces_its_evidence(may_excerpt: Parsed) -> None:
    t = may_excerpt.find("IR", "RU", "Shahed-136")
    again = Parsed(MAY_EXCERPT).find("IR", "RU", "Shahed-136")
    assert again.id == t.id and again.evidence[0].key == t.evidence[0].key
    assert len(merge_transfer(t, again).evidence) == 1


# ------------------------------------------------------------------------------------------ names


@pytest.mark.parametrize(
    ("name", "expected_id", "kind", "country"),
    [
        ("Turkiye", "TR", ActorKind.STATE, "TR"),
        ("DR Congo", "CD", ActorKind.STATE, "CD"),
        ("Viet Nam", "VN", ActorKind.STATE, "VN"),
        ("UAE", "AE", ActorKind.STATE, "AE"),
        ("Soviet Union", "SU", ActorKind.STATE, "SU"),
        ("Czechoslovakia", "CS", ActorKind.STATE, "CS"),
        ("Yugoslavia", "YU", ActorKind.STATE, "YU"),
        ("East Germany (GDR)", "DD", ActorKind.STATE, "DD"),
        ("North Yemen", "YE", ActorKind.STATE, "YE"),
        ("South Vietnam", "VD", ActorKind.STATE, "VD"),
    ],
)
def test_state_names(name: str, expected_id: str, kind: ActorKind, country: str) -> None:
    actor = sipri_actor(name)
    assert actor is not None
    assert (actor.id, actor.kind, actor.country) == (expected_id, kind, country)
    assert actor.name and actor.name != expected_id


def test_non_state_names() -> None:
    houthis = sipri_actor("Houthi rebels (Yemen)*")
    assert houthis is not None and houthis.kind is ActorKind.ARMED_GROUP
    assert (houthis.name, houthis.country) == ("Houthis", "YE")
    # the same actor as the regime target, so SIPRI deals with the Houthis meet the UN 2216 embargo
    assert houthis.id in {a.id for a in load_regime_targets()}
    pkk = sipri_actor("PKK (Turkiye)*")
    assert pkk is not None and pkk.country == "TR"
    hor, house = sipri_actor("HoR (Libya)*"), sipri_actor("House of Representatives (Libya)*")
    assert hor is not None and house is not None and hor.id == house.id and hor.country == "LY"
    nato = sipri_actor("NATO**")
    assert nato is not None and nato.kind is ActorKind.MULTINATIONAL and nato.name == "NATO"
    au = sipri_actor("African Union**")
    un = sipri_actor("United Nations**")
    assert au is not None and un is not None and {au.kind, un.kind} == {ActorKind.MULTINATIONAL}
    unknown = sipri_actor("unknown supplier(s)")
    assert unknown is not None and unknown.kind is ActorKind.UNKNOWN
    assert sipri_actor("Atlantis") is None
    assert sipri_actor("Rebels (Atlantis)*") is None


# ------------------------------------------------------------------------------------------ bad input


def _write(tmp_path: Path, name: str, lines: list[str], encoding: str = "latin-1") -> Path:
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return path


def test_garbled_rows_are_rejected_with_their_line_and_parsing_goes_on(tmp_path: Path) -> None:
    lines = MAY_EXCERPT.read_bytes().decode("latin-1").splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("Recipient,Supplier"))
    good = lines[header_at + 1 : header_at + 5]
    bad = [
        "Russia,Iran,2022,?,100,,Shahed-1",  # truncated
        "Russia,Iran,20x2,?,100,,Shahed-131,one-way attack drone,100,?,2022,New,,0.06,6,6",  # bad year
        "Russia,Atlantis,2022,?,100,,Shahed-131,one-way attack drone,100,?,2022,New,,0.06,6,6",  # unmapped
    ]
    path = _write(tmp_path, "broken.csv", [*lines[: header_at + 1], good[0], *bad, *good[1:]])
    parsed = Parsed(path)
    assert len(parsed.transfers) == 4
    first_bad = header_at + 3  # 1-based line of the truncated row
    assert [r.where for r in parsed.rejected] == [f"broken.csv:{first_bad + i}" for i in range(3)]
    assert "expected 16 fields, got 7" in parsed.rejected[0].reason
    assert "Year of order" in parsed.rejected[1].reason
    assert "'Atlantis'" in parsed.rejected[2].reason


def test_new_layout_row_disagreeing_with_its_deal_is_rejected(tmp_path: Path) -> None:
    lines = FEB_EXCERPT.read_bytes().decode("latin-1").splitlines()
    conflicting = (
        "65539,Iran,Russia,Shahed-136,one-way attack drone,Missiles,2022,No,999,Yes,"
        "2022,No,New,0.1,0.1,60,Yes;"
    )
    path = tmp_path / "conflict.csv"
    path.write_bytes("\r\n".join([*lines, conflicting]).encode() + b"\r\n")
    parsed = Parsed(path)
    assert [r.where for r in parsed.rejected] == [f"conflict.csv:{len(lines) + 1}"]
    assert "two different rows for delivery year 2022" in parsed.rejected[0].reason
    assert parsed.find("IR", "RU", "Shahed-136").attributes["number_delivered"] == 4600
    assert len(parsed.transfers) == len(Parsed(FEB_EXCERPT).transfers)


def test_missing_file_raises_invalid_input_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(InvalidInput, match=r"nope\.csv"):
        parse_sipri(missing)  # raised at call time, before iteration


def test_file_without_a_sipri_header_is_invalid(tmp_path: Path) -> None:
    path = _write(tmp_path, "other.csv", ["a,b,c", "1,2,3"])
    with pytest.raises(InvalidInput, match=r"other\.csv.*no SIPRI trade-register header"):
        parse_sipri(path)


# ------------------------------------------------------------------------------------------ full files


@pytest.mark.slow
def test_full_may_file(may: Parsed) -> None:
    assert len(may.transfers) == 29_916
    assert may.rejected == []  # in particular: no unmapped names
    assert len(may.by_id) == len(may.transfers)  # deal keys are unique
    assert sum(1 for t in may.transfers if t.attributes["number_ordered"] is None) == 318
    ordered_only = [t for t in may.transfers if not t.delivery_years]
    assert ordered_only and all(
        t.status is TransferStatus.ORDERED and t.delivered is None for t in ordered_only
    )
    kp_ru = [t for t in may.transfers if (t.supplier, t.recipient) == ("KP", "RU")]
    assert len(kp_ru) == 10
    assert not [t for t in may.transfers if (t.supplier, t.recipient) == ("BY", "RU")]


@pytest.mark.slow
def test_full_feb_file(feb: Parsed) -> None:
    assert len(feb.transfers) == 12_571
    assert feb.rejected == []
    assert len(feb.by_id) == len(feb.transfers)
    assert all(t.attributes["sipri_id"] for t in feb.transfers)
    assert len({t.attributes["sipri_id"] for t in feb.transfers}) == 12_571
    kp_ru = [t for t in feb.transfers if (t.supplier, t.recipient) == ("KP", "RU")]
    assert len(kp_ru) == 2
    assert not [t for t in feb.transfers if (t.supplier, t.recipient) == ("BY", "RU")]


@pytest.mark.slow
def test_full_files_share_deal_ids(may: Parsed, feb: Parsed) -> None:
    shahed_may = may.find("IR", "RU", "Shahed-136")
    shahed_feb = feb.find("IR", "RU", "Shahed-136")
    assert shahed_may.id == shahed_feb.id
    assert (shahed_may.attributes["number_delivered"], shahed_feb.attributes["number_delivered"]) == (
        6600,
        4600,
    )
    overlap = set(may.by_id) & set(feb.by_id)
    assert len(overlap) >= 11_000  # measured 11,067 of 12,571
    # Matched deals really are the same deal: same category and (from 1995) the same first delivery year.
    same = sum(
        1
        for i in overlap
        if may.by_id[i].category == feb.by_id[i].category
        and max(int(may.by_id[i].delivered or 9999), 1995) == int(feb.by_id[i].delivered or 0)
    )
    assert same / len(overlap) > 0.98
    hwasong = may.find("KP", "RU", "Hwasong-11")
    assert hwasong.id in feb.by_id


@pytest.mark.slow
def test_full_files_actors(may: Parsed, feb: Parsed) -> None:
    actors = {**may.actors, **feb.actors}
    assert {"SU", "CS", "YU", "DD"} <= set(may.actors)
    assert not [a for a in actors.values() if a.kind is ActorKind.STATE and a.name == a.id]
    houthis = [a for a in actors.values() if a.name == "Houthis"]
    assert len(houthis) == 1 and houthis[0].kind is ActorKind.ARMED_GROUP and houthis[0].country == "YE"
    nato = [a for a in actors.values() if a.name == "NATO"]
    assert len(nato) == 1 and nato[0].kind is ActorKind.MULTINATIONAL
    kinds = {a.kind for a in actors.values()}
    assert {ActorKind.STATE, ActorKind.ARMED_GROUP, ActorKind.MULTINATIONAL, ActorKind.UNKNOWN} <= kinds
    su_afghanistan = [t for t in may.transfers if (t.supplier, t.recipient) == ("SU", "AF")]
    assert su_afghanistan


@pytest.mark.slow
def test_latin1_is_decoded(may: Parsed) -> None:
    designations = {t.designation for t in may.transfers}
    assert "Bü-181 Bestmann" in designations
    assert any("Wärtsilä" in (t.attributes.get("comments") or "") for t in may.transfers)
    assert any("Santa Fé" in e.quote for t in may.transfers for e in t.evidence)


@pytest.mark.slow
def test_every_description_maps_to_a_category_without_fallback() -> None:
    descriptions: set[str] = set()
    for path, column in ((MAY, "Weapon description"), (FEB, "Description")):
        lines = path.read_bytes().decode("latin-1").splitlines()
        start = next(
            i for i, line in enumerate(lines) if line.startswith(("Recipient,", "SIPRI AT Database ID"))
        )
        rows = csv.DictReader(line.rstrip(";") for line in lines[start:])
        descriptions |= {row[column] for row in rows}
    unmapped = sorted(d for d in descriptions if weapon_category(d) is None)
    assert unmapped == []
    assert weapon_category("one-way attack drone") is WeaponCategory.DRONE
    assert weapon_category("aircraft carrier") is WeaponCategory.SHIP
    assert weapon_category("anti-aircraft gun") is WeaponCategory.AIR_DEFENCE
    assert weapon_category("tanker") is WeaponCategory.SHIP
    assert weapon_category("strange thing", "Missiles") is WeaponCategory.MISSILE


@pytest.mark.slow
def test_every_rejected_names_file_and_line(tmp_path: Path) -> None:
    lines = MAY.read_bytes().decode("latin-1").splitlines()
    lines[40] = lines[40][:25]
    lines[900] = lines[900].replace(",", ";", 3)
    path = _write(tmp_path, "may-broken.csv", lines)
    parsed = Parsed(path)
    assert len(parsed.rejected) == 2
    assert all(_WHERE.match(r.where) for r in parsed.rejected)
    assert [r.where for r in parsed.rejected] == ["may-broken.csv:41", "may-broken.csv:901"]
    assert len(parsed.transfers) == 29_914
