"""Validates graph/reference/regimes.yaml and eu_members.yaml, and the DPRK / Iran histories."""

from __future__ import annotations

from datetime import date

import pytest
from babel import Locale

from graph.model import Binding, Regime
from graph.reference import (
    eu_bound,
    eu_members,
    load_regime_targets,
    load_regimes,
    mtcr_designations,
    parse_regimes,
    party_formed,
    target_ids,
)
from graph.vocab import ActorKind, Direction, Issuer, WeaponCategory

_HISTORICAL = {"YU", "SU", "CS"}


@pytest.fixture(scope="module")
def regimes() -> list[Regime]:
    return load_regimes()


def _by_basis(regimes: list[Regime], issuer: Issuer, target: str, basis: str) -> Regime:
    found = [r for r in regimes if r.issuer is issuer and r.target == target and r.legal_basis[0].startswith(basis)]
    assert len(found) == 1, f"expected one {issuer} regime on {target} founded on {basis}, got {found}"
    return found[0]


def test_every_entry_loads(regimes: list[Regime]) -> None:
    assert len(regimes) >= 60
    issuers = {r.issuer for r in regimes}
    assert {Issuer.UN, Issuer.EU, Issuer.US, Issuer.UK} <= issuers


def test_ids_unique_and_cached(regimes: list[Regime]) -> None:
    assert len({r.id for r in regimes}) == len(regimes)
    assert [r.id for r in load_regimes()] == [r.id for r in regimes]


def test_dates_ordered(regimes: list[Regime]) -> None:
    for r in regimes:
        assert r.end is None or r.start < r.end, r.name
        previous = r.start
        for s, u in r.suspensions:
            assert previous < s, f"{r.name}: suspension {s} out of order or not after start"
            assert u is None or s < u, r.name
            assert r.end is None or (s < r.end and (u is None or u <= r.end)), r.name
            previous = u or s


def test_legal_basis_scope_and_binds(regimes: list[Regime]) -> None:
    for r in regimes:
        assert r.legal_basis and all(b.strip() for b in r.legal_basis), r.name
        assert r.scope.strip(), r.name
        expected = {Issuer.UN: ("*",), Issuer.EU: ("EU",), Issuer.US: ("US",), Issuer.UK: ("GB",)}[r.issuer]
        assert r.binds == expected, r.name


def test_targets_known(regimes: list[Regime]) -> None:
    territories = set(Locale.parse("en").territories)
    non_state = {a.id for a in load_regime_targets()}
    for r in regimes:
        assert r.target in territories or r.target in _HISTORICAL or r.target in non_state, (r.name, r.target)


def test_every_declared_target_is_used(regimes: list[Regime]) -> None:
    used = {r.target for r in regimes}
    assert [a.name for a in load_regime_targets() if a.id not in used] == []


def test_non_state_targets() -> None:
    actors = {a.attributes["reference_key"]: a for a in load_regime_targets()}
    houthis = actors["grp:houthis"]
    assert houthis.kind is ActorKind.ARMED_GROUP and houthis.country == "YE"
    assert houthis.id == target_ids()["grp:houthis"] and houthis.id.startswith("grp-")
    assert "Ansar Allah" in houthis.aliases


def test_dprk_history(regimes: list[Regime]) -> None:
    # UNSCR 1718 covered the UN Register categories only; UNSCR 1874 (12 Jun 2009) all arms, small arms and light
    # weapons supplied to the DPRK excepted (notified) until UNSCR 2270 (2 Mar 2016)
    first = _by_basis(regimes, Issuer.UN, "KP", "UNSCR 1718")
    assert (first.start, first.end, first.items) == (date(2006, 10, 14), date(2009, 6, 12), "un_register")
    un = _by_basis(regimes, Issuer.UN, "KP", "UNSCR 1874")
    assert un.start == date(2009, 6, 12) and un.end is None
    assert un.direction is Direction.BOTH and un.categories == ()
    assert any("1718" in b for b in un.legal_basis) and any("2270" in b for b in un.legal_basis)
    (salw,) = un.exemptions
    assert salw.light_weapons and (salw.start, salw.end) == (date(2009, 6, 12), date(2016, 3, 2))
    assert _by_basis(regimes, Issuer.US, "KP", "22 CFR 126.1").in_force(date(2022, 9, 1))
    assert _by_basis(regimes, Issuer.EU, "KP", "Common Position 2006/795").direction is Direction.BOTH


def test_iran_history(regimes: list[Regime]) -> None:
    export_ban = _by_basis(regimes, Issuer.UN, "IR", "UNSCR 1747")
    assert export_ban.start == date(2007, 3, 24) and export_ban.direction is Direction.EXPORT
    assert export_ban.suspensions == ((date(2016, 1, 16), date(2025, 9, 28)),)
    import_ban = _by_basis(regimes, Issuer.UN, "IR", "UNSCR 1929")
    assert import_ban.start == date(2010, 6, 9) and import_ban.direction is Direction.IMPORT
    for r in (export_ban, import_ban, _by_basis(regimes, Issuer.UN, "IR", "UNSCR 1737")):
        assert r.in_force(date(2016, 1, 15)) and not r.in_force(date(2016, 1, 16))
        assert not r.in_force(date(2025, 9, 27)) and r.in_force(date(2025, 9, 28))
    annex_b4 = _by_basis(regimes, Issuer.UN, "IR", "UNSCR 2231 (2015) Annex B para 4")
    assert (annex_b4.start, annex_b4.end) == (date(2016, 1, 16), date(2023, 10, 18))
    assert set(annex_b4.categories) == {WeaponCategory.MISSILE, WeaponCategory.DRONE, WeaponCategory.ROCKET}
    assert annex_b4.direction is Direction.BOTH
    for para in ("Annex B para 5", "Annex B para 6(b)"):
        r = _by_basis(regimes, Issuer.UN, "IR", f"UNSCR 2231 (2015) {para}")
        assert (r.start, r.end) == (date(2016, 1, 16), date(2020, 10, 18))
    eu = _by_basis(regimes, Issuer.EU, "IR", "Common Position 2007/246")
    assert eu.end is None and any("2010/413" in b for b in eu.legal_basis)
    assert _by_basis(regimes, Issuer.EU, "IR", "Council Decision (CFSP) 2023/1532").categories == (
        WeaponCategory.DRONE,
    )
    assert _by_basis(regimes, Issuer.EU, "IR", "Council Decision (CFSP) 2024/1336").start.year == 2024


def test_russia(regimes: list[Regime]) -> None:
    eu = _by_basis(regimes, Issuer.EU, "RU", "Council Decision 2014/512/CFSP")
    assert eu.start == date(2014, 7, 31) and eu.direction is Direction.BOTH
    assert _by_basis(regimes, Issuer.US, "RU", "22 CFR 126.1(d)(2)").start == date(2021, 3, 18)
    # on the ITAR list as a successor of the USSR until 61 FR 19841 removed it (effective 3 Apr 1996)
    assert _by_basis(regimes, Issuer.US, "RU", "22 CFR 126.1(a)").end == date(1996, 4, 3)
    assert _by_basis(regimes, Issuer.UK, "RU", "The Russia (Sanctions)").binds == ("GB",)


def test_eu_members() -> None:
    assert len(eu_members(date(2024, 1, 1))) == 27
    assert "GB" in eu_members(date(2020, 1, 31)) and "GB" not in eu_members(date(2020, 2, 1))
    assert "GB" in eu_bound(date(2020, 12, 31)) and "GB" not in eu_bound(date(2021, 1, 1))
    assert "HR" not in eu_members(date(2013, 6, 30)) and "HR" in eu_members(date(2013, 7, 1))
    assert len(eu_members(date(1960, 1, 1))) == 6


_VALID = """
targets:
  grp:x: {name: X, country: YE}
regimes:
- {issuer: UN, program: P, name: N, target: grp:x, direction: import, legal_basis: [L], start: 2000-01-01,
   binds: ["*"], citation: "UNSCR 1 (2000) para 1"}
"""


def test_parse_valid_minimal() -> None:
    regimes, actors = parse_regimes(_VALID, "t.yaml")
    assert regimes[0].target == actors[0].id


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        ("start: 2000-01-01", "start: 2000-01-01, end: 1999-01-01"),
        ("target: grp:x", "target: grp:unknown"),
        ("direction: import", "direction: sideways"),
        ("legal_basis: [L]", "legal_basis: []"),
        ('binds: ["*"]', "binds: [Europe]"),
        ("start: 2000-01-01", "start: 2000-01-01, suspensions: [[1999-01-01, 2001-01-01]]"),
        ("program: P", "program: P, colour: red"),
        (', citation: "UNSCR 1 (2000) para 1"', ""),
        ("program: P", "program: P, reach: everywhere"),
        ("program: P", "program: P, items: swords"),
        ("program: P", "program: P, binding: moral"),
        ("program: P", "program: P, reach: region"),
        ("program: P", "program: P, exemptions: [{name: E, start: 2001-01-01}]"),
        ("program: P", "program: P, exemptions: [{name: E, start: 2001-01-01, citation: C, when: never}]"),
        ("program: P", "program: P, grandfather: {before: 2001-01-01, clause: Art. 2(3)}"),
        (
            "program: P",
            "program: P, exemptions: [{name: E, start: 2001-01-01, citation: C, not_government: {terms: [X]}}]",
        ),
        (
            "program: P",
            "program: P, exemptions: [{name: E, applies_to: peacekeeping, start: 2001-01-01, citation: C, "
            "not_government: {terms: [X], citation: C}}]",
        ),
        ("program: P", "program: P, licensing: {law: L}"),
        ("program: P", "program: P, licensing: {law: L, citation: C, penalty: none}"),
    ],
)
def test_parse_invalid_names_file_and_entry(replace: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"t\.yaml: regimes\[0\] \(N\)"):
        parse_regimes(_VALID.replace(replace, message), "t.yaml")


def test_parse_duplicate_id() -> None:
    text = _VALID + _VALID.split("regimes:\n", 1)[1]
    with pytest.raises(ValueError, match=r"regimes\[1\].*duplicate id"):
        parse_regimes(text, "t.yaml")


def test_missing_citation_names_the_entry() -> None:
    with pytest.raises(ValueError, match=r"t\.yaml: regimes\[0\] \(N\).*missing field\(s\) \['citation'\]"):
        parse_regimes(_VALID.replace(', citation: "UNSCR 1 (2000) para 1"', ""), "t.yaml")


def test_unknown_exemption_field_names_the_entry() -> None:
    bad = _VALID.replace("program: P", "program: P, exemptions: [{name: E, start: 2001-01-01, citation: C, x: 1}]")
    with pytest.raises(ValueError, match=r"regimes\[0\] \(N\): exemptions\[0\] \(E\): unknown field\(s\) \['x'\]"):
        parse_regimes(bad, "t.yaml")


def test_overlapping_periods_name_both_entries() -> None:
    second = (
        _VALID.split("regimes:\n", 1)[1].replace("name: N", "name: M").replace("legal_basis: [L]", "legal_basis: [L2]")
    )
    text = (_VALID + second.replace("start: 2000-01-01", "start: 2005-01-01")).replace(
        "start: 2000-01-01,", "start: 2000-01-01, end: 2006-01-01,", 1
    )
    with pytest.raises(ValueError, match=r"t\.yaml: overlapping periods: 'N' .* and 'M' "):
        parse_regimes(text, "t.yaml")
    # consecutive periods of the same measure are fine
    parse_regimes(text.replace("end: 2006-01-01", "end: 2005-01-01"), "t.yaml")


def test_uk_applied_derives_a_uk_measure_until_2021() -> None:
    text = _VALID.replace("issuer: UN", "issuer: EU").replace('binds: ["*"]', "binds: [EU], uk_applied: SI 1")
    regimes, _ = parse_regimes(text, "t.yaml")
    _, uk = regimes
    assert uk.issuer is Issuer.UK and uk.binds == ("GB",) and uk.end == date(2021, 1, 1)
    assert uk.start == date(2000, 1, 1) and uk.legal_basis[0] == "SI 1" and "SI 1" in (uk.citation or "")


def test_uk_answers_before_2021(regimes: list[Regime]) -> None:
    uk_2015 = {r.target for r in regimes if r.issuer is Issuer.UK and r.in_force(date(2015, 6, 1))}
    assert {"RU", "BY", "IR", "SY", "KP", "MM", "ZW", "CN"} <= uk_2015


def test_every_entry_has_a_citation_and_political_ones_are_marked(regimes: list[Regime]) -> None:
    assert all(r.citation for r in regimes)
    china = [r for r in regimes if r.issuer is Issuer.EU and r.target == "CN"]
    assert china and all(r.binding is Binding.POLITICAL for r in china)
    assert all(e.citation for r in regimes for e in r.exemptions)


def test_reference_side_files_load() -> None:
    assert mtcr_designations()["shahed-136"][0] is True
    assert any(name == "ntc" for name, _ in party_formed())


def _us_in_force(regimes: list[Regime], on: date) -> set[str]:
    return {r.target for r in regimes if r.issuer is Issuer.US and r.in_force(on)}


def test_us_itar_list_history(regimes: list[Regime]) -> None:
    """Additions and removals of 22 CFR 126.1, each by its Federal Register notice."""
    us = [r for r in regimes if r.issuer is Issuer.US]
    assert all("FR" in (r.citation or "") or "126.1" in (r.citation or "") for r in us if r.binding is Binding.LEGAL)
    # the 1993 list, then the removals of 4 Apr 1994 (Baltics, Albania, Bulgaria, Cambodia, Romania)
    assert {"AL", "BG", "KH", "EE", "LV", "LT", "RO", "RU", "MN", "ZA", "AM", "AZ", "TJ"} <= _us_in_force(
        regimes, date(1994, 1, 1)
    )
    late_1994 = _us_in_force(regimes, date(1994, 9, 1))
    assert not {"AL", "BG", "KH", "EE", "LV", "LT", "RO", "ZA"} & late_1994
    assert {"HT", "SD", "RW"} <= late_1994
    assert "AF" in _us_in_force(regimes, date(1996, 6, 14)) and "MN" not in _us_in_force(regimes, date(1997, 7, 1))
    assert {"AM", "AZ", "TJ", "RS"}.isdisjoint(_us_in_force(regimes, date(2002, 4, 1)))
    assert {"ZW", "VE", "SS", "ET", "KH", "CY", "RU", "BY"} <= _us_in_force(regimes, date(2022, 1, 1))
    assert {"NI", "SS", "RU", "BY"} <= _us_in_force(regimes, date(2024, 6, 1))
    assert {"VN", "LK", "LR", "CI"}.isdisjoint(_us_in_force(regimes, date(2017, 1, 1)))
    assert "CY" not in _us_in_force(regimes, date(2023, 1, 1)) and "KH" not in _us_in_force(regimes, date(2026, 1, 1))


def test_us_government_exceptions_have_their_own_dates(regimes: list[Regime]) -> None:
    iraq = _by_basis(regimes, Issuer.US, "IQ", "22 CFR 126.1(f)")
    assert [e.start for e in iraq.exemptions] == [date(2004, 6, 8)]  # UNSCR 1546, not 1990
    somalia = _by_basis(regimes, Issuer.US, "SO", "22 CFR 126.1(m)")
    assert [e.start for e in somalia.exemptions] == [date(2013, 3, 6)]


def test_uk_answers_before_2021_with_its_own_and_applied_measures(regimes: list[Regime]) -> None:
    def uk(on: date) -> dict[str, Regime]:
        return {r.target: r for r in regimes if r.issuer is Issuer.UK and r.in_force(on)}

    assert uk(date(1970, 1, 1))["ZW"].legal_basis[0] == "Southern Rhodesia Act 1965"
    assert uk(date(1990, 1, 1))["AR"].binds == ("GB",)
    assert uk(date(1985, 1, 1))["ZA"].notes and "United Nations Act 1946" in (uk(date(1985, 1, 1))["ZA"].notes or "")
    assert uk(date(1975, 1, 1))["ZA"].binding is Binding.POLITICAL
    assert {"HR", "BA", "RS", "SO", "LR", "HT"} <= set(uk(date(1994, 1, 1)))
    # a UN measure the UK applied ends where the EU measure it applied as a member takes over
    somalia = [r for r in regimes if r.issuer is Issuer.UK and r.target == "SO" and r.start.year < 2021]
    assert sorted((r.start, r.end) for r in somalia)[0][1] == date(2002, 12, 10)


def test_uk_applied_on_a_un_entry_with_an_end() -> None:
    text = _VALID.replace('binds: ["*"]', 'binds: ["*"], uk_applied: {citation: SI 9, until: 2003-01-01}')
    regimes, _ = parse_regimes(text, "t.yaml")
    _, uk = regimes
    assert uk.issuer is Issuer.UK and uk.end == date(2003, 1, 1) and uk.binds == ("GB",) and uk.program == "UK P"
    with pytest.raises(ValueError, match=r"t\.yaml: regimes\[0\] \(.*\)\.uk_applied: expected \{citation, until\}"):
        parse_regimes(text.replace("until:", "till:"), "t.yaml")


@pytest.mark.parametrize(
    ("nested", "message"),
    [
        ("licensing: {law: L, citation: C, x: 1}", r"regimes\[0\] \(N\).*licensing: unknown field\(s\) \['x'\]"),
        ("licensing: [L]", r"regimes\[0\] \(N\).*licensing: expected a mapping \{citation, law\}"),
        ("grandfather: {before: 2001-01-01, clause: A, citation: C, y: 2}", r"grandfather: unknown field\(s\) \['y'\]"),
    ],
)
def test_nested_entries_are_checked_and_named(nested: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_regimes(_VALID.replace("program: P", f"program: P, {nested}"), "t.yaml")
