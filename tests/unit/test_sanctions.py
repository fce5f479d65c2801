"""Embargo semantics: in force, sanctioned actors, binding, violations."""

from __future__ import annotations

from datetime import date

import pytest

from graph.model import Evidence, Regime, Transfer, Verdict, Violation
from graph.reference import load_regimes, target_ids
from graph.sanctions import (
    CLAUSE_EXPORT,
    CLAUSE_IMPORT,
    binds,
    in_force,
    judge,
    sanctioned_actors,
    sanctioning,
    violations,
)
from graph.vocab import Direction, Issuer, SourceKind, TransferStatus, WeaponCategory


def _regime(**kw: object) -> Regime:
    base: dict[str, object] = {
        "id": "reg-test",
        "issuer": Issuer.UN,
        "program": "T",
        "name": "Test embargo",
        "target": "XX",
        "direction": Direction.BOTH,
        "legal_basis": ("UNSCR 1 (2000)",),
        "start": date(2000, 1, 10),
        "end": date(2010, 1, 10),
    }
    base.update(kw)
    return Regime(**base)  # type: ignore[arg-type]


def _transfer(
    supplier: str,
    recipient: str,
    category: WeaponCategory,
    *whens: str,
    status: TransferStatus = TransferStatus.DELIVERED,
    designation: str | None = None,
) -> Transfer:
    evidence = tuple(
        Evidence(
            source_id=f"src-{i}",
            source_kind=SourceKind.NEWS,
            quote="...",
            status=status,
            confidence=0.7,
            extractor="test",
            when=when,
        )
        for i, when in enumerate(whens)
    )
    return Transfer(
        id="tr-test",
        supplier=supplier,
        recipient=recipient,
        category=category,
        designation=designation,
        status=status,
        confidence=0.7,
        evidence=evidence,
    )


@pytest.fixture(scope="module")
def regimes() -> list[Regime]:
    return load_regimes()


# ------------------------------------------------------------------------------------------------ in force
def test_in_force_boundaries() -> None:
    r = _regime()
    assert in_force([r], date(2000, 1, 10)) == [r]  # start day in
    assert in_force([r], date(2000, 1, 9)) == []
    assert in_force([r], date(2010, 1, 9)) == [r]
    assert in_force([r], date(2010, 1, 10)) == []  # end day out


def test_in_force_suspension() -> None:
    r = _regime(suspensions=((date(2003, 1, 1), date(2004, 1, 1)),))
    assert in_force([r], date(2002, 12, 31)) == [r]
    assert in_force([r], date(2003, 1, 1)) == []
    assert in_force([r], date(2003, 12, 31)) == []
    assert in_force([r], date(2004, 1, 1)) == [r]


def test_issuer_filter(regimes: list[Regime]) -> None:
    on = date(2022, 9, 1)
    un = sanctioning("KP", regimes, on, Issuer.UN)
    assert [r.legal_basis[0] for r in un] == ["UNSCR 1874 (2009)"]  # 1718 as widened by 1874
    assert {r.issuer for r in sanctioning("KP", regimes, on)} == {Issuer.UN, Issuer.EU, Issuer.US, Issuer.UK}
    assert all(r.issuer is Issuer.EU for r in in_force(regimes, on, Issuer.EU))


def test_sanctioning(regimes: list[Regime]) -> None:
    assert sanctioning("IN", regimes, date(2010, 1, 1)) == []
    ru_2013 = sanctioning("RU", regimes, date(2013, 1, 1))
    assert ru_2013 == []
    assert {r.issuer for r in sanctioning("RU", regimes, date(2022, 9, 1))} == {
        Issuer.EU,
        Issuer.US,
        Issuer.UK,
    }
    un_iran = sanctioning("IR", regimes, date(2022, 9, 1), Issuer.UN)
    assert [r.legal_basis[0] for r in un_iran] == ["UNSCR 2231 (2015) Annex B para 4"]
    assert sanctioning("IR", regimes, date(2024, 6, 1), Issuer.UN) == []
    assert len(sanctioning("IR", regimes, date(2025, 10, 1), Issuer.UN)) == 3  # snapback
    houthis = target_ids()["grp:houthis"]
    assert {r.issuer for r in sanctioning(houthis, regimes, date(2023, 1, 1))} == {
        Issuer.UN,
        Issuer.EU,
        Issuer.UK,
    }
    assert sanctioning("YE", regimes, date(2023, 1, 1)) == []  # the state of Yemen is not targeted


def test_sanctioned_actors(regimes: list[Regime]) -> None:
    on = date(2022, 9, 1)
    table = sanctioned_actors(regimes, on, Issuer.UN)
    assert "KP" in table and "IR" in table and "RU" not in table
    assert table["KP"] == sanctioning("KP", regimes, on, Issuer.UN)


# ------------------------------------------------------------------------------------------------ binds
def test_binds() -> None:
    un = _regime()
    eu = _regime(binds=("EU",))
    us = _regime(binds=("US",))
    assert binds(un, "CN", date(2005, 1, 1)) and binds(un, "grp-0000", date(2005, 1, 1))
    assert binds(us, "US", date(2005, 1, 1)) and not binds(us, "GB", date(2005, 1, 1))
    assert binds(eu, "FR", date(2005, 1, 1)) and not binds(eu, "US", date(2005, 1, 1))
    assert not binds(eu, "PL", date(2004, 4, 30)) and binds(eu, "PL", date(2004, 5, 1))
    # The UK: member until 31 Jan 2020, bound by EU law until the end of the transition period.
    assert binds(eu, "GB", date(2020, 12, 31)) and not binds(eu, "GB", date(2021, 1, 1))


# ------------------------------------------------------------------------------------------------ violations
def _by_basis(found: list[object], basis: str) -> list[object]:
    return [v for v in found if v.regime.legal_basis[0].startswith(basis)]  # type: ignore[attr-defined]


def _verdicts(found: list[Violation]) -> dict[str, Verdict]:
    return {v.regime.legal_basis[0]: v.verdict for v in found}


def test_dprk_shells_to_russia(regimes: list[Regime]) -> None:
    t = _transfer("KP", "RU", WeaponCategory.AMMUNITION, "2022-09")
    found = violations(t, regimes)
    assert [(v.regime.issuer, v.regime.legal_basis[0]) for v in found] == [(Issuer.UN, "UNSCR 1874 (2009)")]
    # EU/US/UK DPRK measures bind their own states, not Russia: no verdict at all under them
    assert {v.regime.issuer for v in judge(t, regimes)} == {Issuer.UN}
    v = found[0]
    assert v.clause.startswith(CLAUSE_EXPORT) and "UNSCR 1718 para 8" in v.clause
    assert (v.overlap_from, v.overlap_to) == (date(2022, 9, 1), date(2022, 9, 30))
    assert "UNSCR 1718" in v.explanation and "Delivered" in v.explanation and v.years_inside == (2022,)


def test_iranian_drones_2022(regimes: list[Regime]) -> None:
    t = _transfer("IR", "RU", WeaponCategory.DRONE, "2022-08-29", "2022-09-04", designation="Shahed-136")
    found = violations(t, regimes)
    assert [v.regime.legal_basis[0] for v in found] == ["UNSCR 2231 (2015) Annex B para 4"]
    v = found[0]
    assert v.clause.startswith(CLAUSE_EXPORT) and v.regime.end == date(2023, 10, 18)
    assert (v.overlap_from, v.overlap_to) == (date(2022, 8, 29), date(2022, 9, 4))
    assert "2022-08-29 to 2022-09-04" in v.explanation and "Delivered" in v.explanation
    assert "S/2023/473" in v.explanation  # the item test names its source (mtcr_items.yaml)


def test_undesignated_drone_is_possible_on_mtcr_item_scope(regimes: list[Regime]) -> None:
    (v,) = judge(_transfer("IR", "RU", WeaponCategory.DRONE, "2022-09"), regimes)
    assert v.verdict is Verdict.POSSIBLE and v.decided_by is not None and "MTCR" in v.decided_by


def test_an_anti_tank_missile_is_outside_the_mtcr_items(regimes: list[Regime]) -> None:
    """Under UNSCR 2231 Annex B para 4 an anti-tank missile (a few km) cannot reach the 300 km threshold."""
    t = _transfer("IR", "RU", WeaponCategory.MISSILE, "2022-09", designation="Dehlavieh anti-tank missile")
    (v,) = [v for v in judge(t, regimes) if v.regime.name.startswith("UNSCR 2231 Annex B - missile")]
    assert v.verdict is Verdict.COMPLIANT and v.reason is not None and "anti-tank" in v.reason


def test_iranian_drones_2024_not_annex_b(regimes: list[Regime]) -> None:
    assert judge(_transfer("IR", "RU", WeaponCategory.DRONE, "2024", designation="Shahed-136"), regimes) == []


def test_iranian_drones_after_snapback(regimes: list[Regime]) -> None:
    found = violations(_transfer("IR", "RU", WeaponCategory.DRONE, "2025-10", designation="Shahed-136"), regimes)
    assert {v.regime.legal_basis[0] for v in found} == {"UNSCR 1737 (2006)", "UNSCR 1747 (2007)"}


def test_year_precision_partial_overlap_is_possible(regimes: list[Regime]) -> None:
    found = judge(_transfer("IR", "RU", WeaponCategory.DRONE, "2023", designation="Shahed-136"), regimes)
    assert len(found) == 1
    v = found[0]
    assert v.verdict is Verdict.POSSIBLE and "exact date" in (v.decided_by or "")
    assert (v.overlap_from, v.overlap_to) == (date(2023, 1, 1), date(2023, 10, 17))


def test_no_violation_russia_to_india_2010(regimes: list[Regime]) -> None:
    assert judge(_transfer("RU", "IN", WeaponCategory.AIRCRAFT, "2010"), regimes) == []


def test_eu_ban_on_russian_arms_does_not_bind_india(regimes: list[Regime]) -> None:
    assert judge(_transfer("RU", "IN", WeaponCategory.AIRCRAFT, "2019"), regimes) == []
    ship = _transfer("FR", "RU", WeaponCategory.SHIP, "2015-06")
    (v,) = judge(ship, regimes)  # Art. 2(3) grandfathers contracts before 1 Aug 2014: the order date decides
    assert (v.regime.issuer, v.clause.split(" (")[0], v.verdict) == (Issuer.EU, CLAUSE_IMPORT, Verdict.POSSIBLE)
    assert "2014-08-01" in (v.decided_by or "") and "Art. 2(3)" in (v.decided_by or "")
    (old,) = judge(ship.model_copy(update={"ordered": "2011"}), regimes)
    assert old.verdict is Verdict.COMPLIANT and "grandfathered" in (old.reason or "")
    new = _transfer("FR", "RU", WeaponCategory.SHIP, "2015-06").model_copy(update={"ordered": "2015"})
    assert [(x.regime.issuer, x.verdict) for x in judge(new, regimes)] == [(Issuer.EU, Verdict.VIOLATION)]


def test_category_outside_listed_items(regimes: list[Regime]) -> None:
    # Small arms from Iran in 2018: UNSCR 2231 Annex B para 6(b) (all arms) applies, para 4 (missiles) not.
    found = violations(_transfer("IR", "YE", WeaponCategory.SMALL_ARMS, "2018-05"), regimes)
    assert [v.regime.legal_basis[0] for v in found] == ["UNSCR 2231 (2015) Annex B para 6(b)"]
    r = _regime(categories=(WeaponCategory.MISSILE,))
    (out,) = judge(_transfer("XX", "RU", WeaponCategory.ARTILLERY, "2005"), [r])
    assert out.verdict is Verdict.COMPLIANT and "out of scope" in (out.reason or "")
    assert len(violations(_transfer("XX", "RU", WeaponCategory.MISSILE, "2005"), [r])) == 1


def test_eu_membership_dates_in_violations() -> None:
    eu = _regime(binds=("EU",), direction=Direction.IMPORT, start=date(2000, 1, 1), end=None)
    assert judge(_transfer("PL", "XX", WeaponCategory.ARTILLERY, "2003"), [eu]) == []
    (v,) = judge(_transfer("PL", "XX", WeaponCategory.ARTILLERY, "2004"), [eu])
    assert (v.overlap_from, v.overlap_to) == (date(2004, 5, 1), date(2004, 12, 31))
    assert v.verdict is Verdict.POSSIBLE and "exact date" in (v.decided_by or "")
    assert judge(_transfer("GB", "XX", WeaponCategory.ARTILLERY, "2021"), [eu]) == []


def test_suspension_inside_transfer_range() -> None:
    r = _regime(suspensions=((date(2003, 3, 1), date(2003, 4, 1)),))
    assert judge(_transfer("XX", "FR", WeaponCategory.AIRCRAFT, "2003-03"), [r]) == []
    (v,) = judge(_transfer("XX", "FR", WeaponCategory.AIRCRAFT, "2003-02", "2003-04"), [r])
    assert (v.overlap_from, v.overlap_to) == (date(2003, 2, 1), date(2003, 4, 30))
    assert v.verdict is Verdict.POSSIBLE


def test_not_assessable() -> None:
    r = _regime()
    undated = _transfer("XX", "FR", WeaponCategory.AIRCRAFT)
    assert undated.date_from is None and judge(undated, [r]) == []
    denied = _transfer("XX", "FR", WeaponCategory.AIRCRAFT, "2005", status=TransferStatus.DENIED)
    assert judge(denied, [r]) == []


def test_alleged_status_in_explanation(regimes: list[Regime]) -> None:
    t = _transfer("KP", "RU", WeaponCategory.ARTILLERY, "2023-10", status=TransferStatus.ALLEGED)
    (v,) = violations(t, [r for r in regimes if r.issuer is Issuer.UN])
    assert v.explanation.startswith("VIOLATION: Alleged")


def test_a_designation_naming_several_systems_is_covered_by_one_listed_item(regimes: list[Regime]) -> None:
    both = _transfer("IR", "RU", WeaponCategory.DRONE, "2022-09", designation="Shahed-136 / Mohajer-6")
    (v,) = judge(both, regimes)
    assert v.verdict is Verdict.VIOLATION and "Shahed-136" in v.explanation
    (m,) = judge(_transfer("IR", "RU", WeaponCategory.DRONE, "2022-09", designation="Mohajer-6"), regimes)
    assert m.verdict is Verdict.POSSIBLE  # contested: its range is below the 300 km threshold
    (f,) = judge(_transfer("IR", "RU", WeaponCategory.MISSILE, "2022-09", designation="Fath-360"), regimes)
    assert f.verdict is Verdict.COMPLIANT and "not an item" in (f.reason or "")


def test_successive_measures_with_no_gap_make_a_year_only_delivery_a_violation() -> None:
    first = _regime(id="reg-a", name="First measure", end=date(2005, 8, 16))
    second = _regime(id="reg-b", name="Second measure", start=date(2005, 8, 16), end=None)
    found = judge(_transfer("FR", "XX", WeaponCategory.ARTILLERY, "2005"), [first, second])
    assert [v.verdict for v in found] == [Verdict.VIOLATION, Verdict.VIOLATION]
    assert "successive measures" in found[0].explanation and "Second measure" in found[0].explanation
    # each alone leaves the exact date open
    (alone,) = judge(_transfer("FR", "XX", WeaponCategory.ARTILLERY, "2005"), [first])
    assert alone.verdict is Verdict.POSSIBLE


def test_successive_measures_with_a_gap_or_another_issuer_stay_possible() -> None:
    first = _regime(id="reg-a", end=date(2005, 8, 16))
    gap = _regime(id="reg-b", start=date(2005, 9, 1), end=None)
    found = judge(_transfer("FR", "XX", WeaponCategory.ARTILLERY, "2005"), [first, gap])
    assert [v.verdict for v in found] == [Verdict.POSSIBLE, Verdict.POSSIBLE]
    other = _regime(id="reg-c", issuer=Issuer.US, binds=("FR",), start=date(2005, 8, 16), end=None)
    found = judge(_transfer("FR", "XX", WeaponCategory.ARTILLERY, "2005"), [first, other])
    assert [v.verdict for v in found] == [Verdict.POSSIBLE, Verdict.POSSIBLE]


def test_successive_measures_do_not_join_across_an_item_or_reach_doubt() -> None:
    first = _regime(id="reg-a", end=date(2005, 8, 16))
    narrow = _regime(id="reg-b", start=date(2005, 8, 16), end=None, categories=(WeaponCategory.SMALL_ARMS,))
    found = judge(_transfer("FR", "XX", WeaponCategory.ARTILLERY, "2005"), [first, narrow])
    assert Verdict.VIOLATION not in [v.verdict for v in found]
