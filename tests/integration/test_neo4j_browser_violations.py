"""BROWSER_VIOLATIONS on a real Neo4j server against the Python judgement (graph/sanctions.py `judge`).

The Browser statement applies binding force, reach, delivery years and membership dates; it lists in
`still_to_check` what it leaves to Python (exemptions, grandfather clause, item scope). So: every Python violation is
a Browser row, and a Browser row with nothing left to check is a Python violation.
"""

from __future__ import annotations

from graph import cypher, queries
from graph.model import Transfer, Verdict
from graph.neo4j_store import Neo4jStore
from graph.vocab import SourceKind, WeaponCategory
from ingest.pipeline import load_reference
from tests.factories import armed_group, states, transfer


def _sipri(supplier: str, recipient: str, category: WeaponCategory, ordered: str, *years: int) -> Transfer:
    base = transfer(supplier, recipient, category, ordered, kind=SourceKind.REGISTER, source="sipri")
    data = base.model_dump(exclude={"date_from", "date_to", "first_reported", "source_ids", "source_kinds"})
    data.update(
        id=f"tr-{supplier}-{recipient}-{category.value}-{ordered}",
        ordered=ordered,
        delivered=None,
        delivery_years=years,
    )
    return Transfer.model_validate(data)


def test_browser_violations_agree_with_the_python_verdicts(neo4j_store: Neo4jStore) -> None:
    store = neo4j_store
    load_reference(store)
    hor, darfur, spla, hezbollah, zapu = (
        armed_group("House of Representatives", "LY"),
        armed_group("Darfur rebels", "SD"),
        armed_group("SPLA", "SD"),
        armed_group("Hezbollah", "LB"),
        armed_group("ZAPU", "ZW"),
    )
    store.upsert_actors(
        [
            *states("AE", "RU", "SD", "FR", "CN", "IT", "SO", "TR", "KP", "IR", "HR", "ZA", "IL", "LY", "SU"),
            hor,
            darfur,
            spla,
            hezbollah,
            zapu,
        ]
    )
    store.upsert_transfers(
        [
            _sipri("AE", hor.id, WeaponCategory.ARMOURED_VEHICLE, "2015", 2016, 2017),  # territory reach
            _sipri("RU", "SD", WeaponCategory.AIRCRAFT, "2008", 2009, 2010),  # Darfur only: possible
            _sipri("RU", darfur.id, WeaponCategory.ARTILLERY, "2009", 2010),  # party in Darfur
            _sipri("RU", spla.id, WeaponCategory.ARTILLERY, "2009", 2010),  # not in Darfur
            _sipri("FR", "CN", WeaponCategory.SENSOR, "2004", 2005, 2006),  # political declaration
            _sipri("TR", "SO", WeaponCategory.ARMOURED_VEHICLE, "2015", 2016),  # FGS exemption (notification)
            _sipri("IT", "RU", WeaponCategory.ARMOURED_VEHICLE, "2011", 2012, 2014, 2015),  # grandfathered
            _sipri("KP", "RU", WeaponCategory.MISSILE, "2023", 2023, 2024),  # DPRK export ban
            _sipri("IR", hezbollah.id, WeaponCategory.ROCKET, "2005", 2005, 2007),  # 1701 from Aug 2006
            _sipri("HR", "RU", WeaponCategory.ARTILLERY, "2012", 2013, 2015),  # EU member from Jul 2013
            _sipri("IL", "ZA", WeaponCategory.ARMOURED_VEHICLE, "1975", 1976, 1978),  # UNSCR 418 from Nov 1977
            _sipri("RU", "IR", WeaponCategory.MISSILE, "2015", 2016),  # S-300 SAM: item scope decides
            _sipri("TR", "LY", WeaponCategory.DRONE, "2019", 2019),  # exemption: the Panel found no approval
            _sipri("SU", zapu.id, WeaponCategory.ARMOURED_VEHICLE, "1977", 1977),  # the regime only, not ZAPU
        ]
    )
    python = queries.violations(store, include=(Verdict.POSSIBLE, Verdict.COMPLIANT)).violations
    verdict = {(v.transfer.id, v.regime.name): v.verdict for v in python}
    rows = store._read(cypher.BROWSER_VIOLATIONS, recipient=None, supplier=None)
    browser = {(r["transfer"], r["regime"]): list(r["still_to_check"]) for r in rows}
    assert browser, "the Browser statement found nothing"
    # every Python violation is a Browser row, except a year that successive measures cover together (a hand-over
    # with no day between them: README, seventh approximation), which the Browser statement leaves out ...
    handover = {(v.transfer.id, v.regime.name) for v in python if "successive measures" in v.explanation}
    missing = [k for k, v in verdict.items() if v is Verdict.VIOLATION and k not in browser and k not in handover]
    assert missing == []
    # the missile delivery of 2016 straddles Implementation Day (UNSCR 1929 until 16 Jan, 2231 Annex B after)
    assert {t for t, _ in handover} == {"tr-RU-IR-missile-2015"}
    # ... and a Browser row with nothing left to check is a Python violation
    unchecked = {k for k, checks in browser.items() if not checks}
    assert {k: verdict.get(k) for k in unchecked} == {k: Verdict.VIOLATION for k in unchecked}
    # political measures never appear; the government of Sudan is not reached by the Darfur-only measure
    assert not any("China" in name for _, name in browser)
    assert ("tr-RU-SD-aircraft-2008", "UN arms embargo on Darfur") not in browser
    # delivery-level dating: only the years inside the period are listed
    years = {(r["transfer"], r["regime"]): list(r["years_inside"]) for r in rows}
    assert years[("tr-IL-ZA-armoured_vehicle-1975", "UN arms embargo on South Africa")] == ["1978"]
    assert years[("tr-HR-RU-artillery-2012", "EU arms embargo on Russia")] == ["2015"]
    # and the rows Cypher leaves open name what Python decides
    assert any("grandfather" in c for c in browser[("tr-IT-RU-armoured_vehicle-2011", "EU arms embargo on Russia")])
    # a documented finding (findings.yaml) decides the exemption Cypher leaves open: a violation in Python, a row
    # still to check in the Browser; a measure on the Rhodesian regime does not reach the movement fighting it
    libya = ("tr-TR-LY-drone-2019", "UN arms embargo on Libya (2011)")
    assert verdict[libya] is Verdict.VIOLATION and any("exemption" in c for c in browser[libya])
    assert not any(t == "tr-SU-" + zapu.id + "-armoured_vehicle-1977" for t, _ in browser)
