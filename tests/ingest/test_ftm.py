"""ingest.ftm against the real OpenSanctions files in ../shared/data/sanctions (skipped when absent)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph.errors import InvalidInput
from graph.ids import make_id
from graph.model import Actor
from graph.vocab import ActorKind
from ingest.ftm import OPENSANCTIONS_SOURCE_ID, FtmStats, ftm_actor_id, parse_ftm
from ingest.records import Records, Rejected

SANCTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "sanctions"
SMALL = SANCTIONS / "opensanctions-entities-small.ftm.json"
SAMPLE = SANCTIONS / "opensanctions-sanctions-sample.ftm.jsonl"
DELTA = SANCTIONS / "opensanctions-delta-2024-06.json"

pytestmark = pytest.mark.skipif(
    not SANCTIONS.is_dir(), reason=f"real sanctions data not found at {SANCTIONS}"
)

ALL_PREFIXES = ("per", "org", "com", "ves")


class Parsed:
    def __init__(self, path: Path) -> None:
        self.stats = FtmStats()
        self.items = list(parse_ftm(path, self.stats))
        self.records = [i for i in self.items if isinstance(i, Records)]
        self.rejected = [i for i in self.items if isinstance(i, Rejected)]
        self.actors = [a for r in self.records for a in r.actors]
        self.deletions = [r.deletions for r in self.records if r.deletions]

    def actor(self, ftm_id: str) -> Actor:
        (found,) = [a for a in self.actors if a.ftm_id == ftm_id]
        return found


def _jsonl(tmp_path: Path, name: str, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_small_file() -> None:
    p = Parsed(SMALL)
    assert p.rejected == []
    assert isinstance(p.items[0], Records) and p.items[0].sources[0].id == OPENSANCTIONS_SOURCE_ID
    assert Counter(a.kind for a in p.actors) == {ActorKind.PERSON: 4, ActorKind.ORGANIZATION: 2}
    assert p.stats.skipped_schemata == {"Address": 1}
    tobacco = p.actor("NK-2GdmHtZTeNXjNVrBGEXZNj")
    assert tobacco.id == make_id("org", "ftm", "NK-2GdmHtZTeNXjNVrBGEXZNj")
    assert tobacco.country == "BY"  # FtM's lower-case "by"
    assert tobacco.name == "RAB „Inter Tobacco“"
    assert "LLC “Inter Tobacco”" in tobacco.aliases and tobacco.name not in tobacco.aliases
    ftm = tobacco.attributes["ftm"]
    assert ftm["id"] == tobacco.ftm_id and ftm["schema"] == "Organization"
    assert ftm["properties"]["registrationNumber"] == ["808000714"]  # round-trips the whole entity


def test_sanctions_are_linked_to_their_targets() -> None:
    p = Parsed(SAMPLE)
    assert p.rejected == []
    assert len(p.actors) == 10
    assert p.stats.sanctions == 16 and p.stats.sanctions_attached == 16 and p.stats.sanctions_orphaned == 0
    assert sum(len(a.attributes.get("sanctions", [])) for a in p.actors) == 16
    goumo = p.actor("Q4670365")
    assert goumo.kind is ActorKind.PERSON and goumo.country == "LY" and goumo.wikidata == "Q4670365"
    (dttot,) = [s for s in goumo.attributes["sanctions"] if s["program"] == "DTTOT"]
    assert dttot["ftm_id"] == "id-dttot-00028f471c8ca004a48d18abaa342cc0fc445d5c"
    assert dttot["authority"].startswith("The Indonesian Financial Transaction")
    assert dttot["source_url"].startswith("https://www.ppatk.go.id/")
    assert set(dttot) == {"ftm_id", "authority", "program", "start", "end", "reason", "source_url"}


def test_sanction_before_or_after_its_target(tmp_path: Path) -> None:
    person = {"id": "p1", "schema": "Person", "properties": {"name": ["Ivan Example"], "nationality": ["ru"]}}
    sanction = {
        "id": "s1",
        "schema": "Sanction",
        "properties": {
            "entity": ["p1"],
            "authority": ["EU"],
            "program": ["RUS"],
            "startDate": ["2022-03-01"],
        },
    }
    for order in ([sanction, person], [person, sanction]):
        p = Parsed(_jsonl(tmp_path, "s.jsonl", order))
        (ivan,) = p.actors
        assert ivan.country == "RU" and ivan.id == ftm_actor_id(ActorKind.PERSON, "p1")
        assert ivan.attributes["sanctions"] == [
            {
                "ftm_id": "s1",
                "authority": "EU",
                "program": "RUS",
                "start": "2022-03-01",
                "end": None,
                "reason": None,
                "source_url": None,
            }
        ]


def test_delta_ops(tmp_path: Path) -> None:
    company = {"id": "c1", "schema": "Company", "properties": {"name": ["Old Name"], "jurisdiction": ["kp"]}}
    renamed = {**company, "properties": {"name": ["New Name"], "jurisdiction": ["kp"]}}
    vessel = {"id": "v1", "schema": "Vessel", "properties": {"name": ["MV Example"], "flag": ["kp"]}}
    rows = [
        {"op": "ADD", "entity": company},
        {"op": "ADD", "entity": vessel},
        {"op": "MOD", "entity": renamed},
        {"op": "DEL", "entity": {"id": "v1"}},
        {"op": "DEL", "entity": {"id": "elsewhere"}},
        {"op": "ADD", "entity": {"id": "a1", "schema": "Address", "properties": {"full": ["Pyongyang"]}}},
    ]
    p = Parsed(_jsonl(tmp_path, "delta.json", rows))
    assert p.rejected == []
    (c1,) = p.actors
    assert (c1.kind, c1.name, c1.country) == (ActorKind.COMPANY, "New Name", "KP")  # MOD wins
    assert [set(d) for d in p.deletions] == [
        {ftm_actor_id(ActorKind.VESSEL, "v1")},  # seen earlier in the file: its kind is known
        {make_id(prefix, "ftm", "elsewhere") for prefix in ALL_PREFIXES},  # unknown kind: every candidate
    ]
    assert p.stats.ops == {"ADD": 3, "MOD": 1, "DEL": 2}
    assert p.stats.skipped_schemata == {"Address": 1}


@pytest.mark.slow
def test_real_delta_file() -> None:
    p = Parsed(DELTA)
    assert p.rejected == []
    assert p.stats.lines == 1700
    assert p.stats.ops == {"ADD": 90, "MOD": 1039, "DEL": 571}
    assert len(p.deletions) == 571
    assert Counter(a.kind for a in p.actors) == {
        ActorKind.PERSON: 451,
        ActorKind.ORGANIZATION: 124,  # 97 Organization + 27 LegalEntity
        ActorKind.COMPANY: 1,
    }
    assert p.stats.skipped_schemata == {"Address": 2, "UnknownLink": 2, "Passport": 1, "Ownership": 1}
    assert p.stats.sanctions == 547
    assert p.stats.sanctions_attached + p.stats.sanctions_orphaned == 547
    assert p.stats.sanctions_attached > 500
    assert len({a.id for a in p.actors}) == len(p.actors)
    assert all(a.ftm_id and a.attributes["ftm"]["id"] == a.ftm_id for a in p.actors)
    assert all(a.country is None or (len(a.country) == 2 and a.country.isupper()) for a in p.actors)
    aqi = p.actor("NK-2T3S8Hu29ktYnKSTgQp2wL")
    assert aqi.name == "AL-QAIDA IN IRAQ" and "ISIS" in aqi.aliases


def test_bad_lines_are_rejected_and_parsing_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    good = {"id": "p1", "schema": "Person", "properties": {"name": ["A"]}}
    path.write_text(
        "\n".join(
            [
                '{"id": "p0", "schema": "Per',  # truncated
                json.dumps({"op": "UPSERT", "entity": good}),
                json.dumps({"id": "x", "schema": "NoSuchSchema", "properties": {}}),
                json.dumps({"schema": "Person", "properties": {}}),
                json.dumps(good),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    p = Parsed(path)
    assert [r.where for r in p.rejected] == ["bad.jsonl:1", "bad.jsonl:2", "bad.jsonl:3", "bad.jsonl:4"]
    assert "not JSON" in p.rejected[0].reason and "UPSERT" in p.rejected[1].reason
    assert "NoSuchSchema" in p.rejected[2].reason or "schema" in p.rejected[2].reason.lower()
    assert [a.ftm_id for a in p.actors] == ["p1"]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"absent\.json"):
        parse_ftm(tmp_path / "absent.json")
