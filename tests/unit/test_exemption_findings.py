"""Documented exemption-condition facts (graph/reference/findings.yaml) and the reach of regime-only measures."""

from __future__ import annotations

import pytest

from graph.model import Regime, Transfer, Verdict
from graph.reference import exemption_findings, load_regimes, parse_findings
from graph.sanctions import judge
from graph.vocab import Issuer, TransferStatus, WeaponCategory
from tests.factories import armed_group


@pytest.fixture(scope="module")
def regimes() -> list[Regime]:
    return load_regimes()


def _sipri(supplier: str, recipient: str, category: WeaponCategory, *years: int) -> Transfer:
    return Transfer(
        id=f"tr-{supplier}-{recipient}-{years[0]}",
        supplier=supplier,
        recipient=recipient,
        category=category,
        status=TransferStatus.DELIVERED,
        confidence=0.9,
        delivery_years=tuple(years),
    )


def _under(found: list[object], name: str) -> object:
    (only,) = [v for v in found if v.regime.name == name]  # type: ignore[attr-defined]
    return only


LIBYA = "UN arms embargo on Libya (2011)"


def test_a_documented_missing_approval_turns_possible_into_violation(regimes: list[Regime]) -> None:
    unapproved = _under(judge(_sipri("TR", "LY", WeaponCategory.DRONE, 2019), regimes), LIBYA)
    assert unapproved.verdict is Verdict.VIOLATION  # type: ignore[attr-defined]
    assert "S/2021/229" in unapproved.explanation and "not met" in unapproved.explanation  # type: ignore[attr-defined]
    # the same delivery in a year no finding covers still hinges on the approval
    unknown = _under(judge(_sipri("TR", "LY", WeaponCategory.DRONE, 2016), regimes), LIBYA)
    assert unknown.verdict is Verdict.POSSIBLE and "approved" in (unknown.decided_by or "")  # type: ignore[attr-defined]
    # and another supplier in 2019 is not touched by Turkey's finding
    other = _under(judge(_sipri("IT", "LY", WeaponCategory.DRONE, 2019), regimes), LIBYA)
    assert other.verdict is Verdict.POSSIBLE  # type: ignore[attr-defined]


def test_a_documented_notification_exempts(regimes: list[Regime]) -> None:
    car = "UN arms embargo on the Central African Republic"
    notified = _under(judge(_sipri("RU", "CF", WeaponCategory.ARMOURED_VEHICLE, 2020), regimes), car)
    assert notified.verdict is Verdict.COMPLIANT and "MINUSCA" in (notified.reason or "")  # type: ignore[attr-defined]


def test_every_finding_names_a_measure_with_a_condition(regimes: list[Regime]) -> None:
    """A finding decides a conditional exemption, the consent a US measure needs for a re-transfer, or whether an
    export had the licence a national licensing law requires."""
    conditional = {
        r.name
        for r in regimes
        if any(e.condition for e in r.exemptions) or r.issuer is Issuer.US or r.licensing is not None
    }
    assert exemption_findings() and set(m for m, _, _ in exemption_findings()) <= conditional


IRAN_US = "US arms embargo on Iran (ITAR 126.1)"


def test_a_us_origin_article_re_transferred_needs_us_consent(regimes: list[Regime]) -> None:
    tow = _sipri("IL", "IR", WeaponCategory.MISSILE, 1985).model_copy(update={"designation": "BGM-71 TOW"})
    found = _under(judge(tow, regimes), IRAN_US)
    assert found.verdict is Verdict.VIOLATION and "Iran-Contra" in found.explanation  # type: ignore[attr-defined]
    assert "re-transfers a US-origin article" in found.explanation  # type: ignore[attr-defined]
    # the same re-transfer with no documented answer hinges on the consent
    later = _sipri("IL", "IR", WeaponCategory.MISSILE, 1990).model_copy(update={"designation": "BGM-71 TOW"})
    assert _under(judge(later, regimes), IRAN_US).verdict is Verdict.POSSIBLE  # type: ignore[attr-defined]
    # an item of the pair that the finding does not name is not decided by it
    sidewinder = _sipri("IL", "IR", WeaponCategory.MISSILE, 1985).model_copy(update={"designation": "AIM-9L"})
    assert _under(judge(sidewinder, regimes), IRAN_US).verdict is Verdict.POSSIBLE  # type: ignore[attr-defined]
    # a non-US design from a non-US supplier is outside the US measure
    python3 = _sipri("IL", "CN", WeaponCategory.MISSILE, 1995).model_copy(update={"designation": "Python-3"})
    assert not [v for v in judge(python3, regimes) if v.regime.issuer is Issuer.US]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{measure: M, supplier: TR, recipient: LY, years: [2019, 2020], met: false, finding: f}", "missing citation"),
        (
            "{measure: M, supplier: TR, recipient: LY, years: [2020, 2019], met: false, finding: f, citation: c}",
            "years",
        ),
        ("{measure: M, supplier: TR, recipient: LY, years: [2019, 2020], met: maybe, finding: f, citation: c}", "met"),
        (
            "{measure: M, supplier: TR, recipient: LY, years: [2019, 2020], met: true, finding: f, citation: c, x: 1}",
            "x",
        ),
        (
            "{measure: Nope, supplier: TR, recipient: LY, years: [2019, 2020], met: true, finding: f, citation: c}",
            "Nope",
        ),
        ("{measure: M, supplier: TR, years: [2019, 2020], met: true, finding: f, citation: c}", "recipient"),
    ],
)
def test_bad_findings_name_the_entry(entry: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as err:
        parse_findings(f"findings:\n  - {entry}\n", "findings.yaml", {"M"})
    assert "findings.yaml: findings[0]" in str(err.value)


def test_rhodesia_sanctions_reach_the_regime_not_the_liberation_movements(regimes: list[Regime]) -> None:
    zapu = armed_group("ZAPU", "ZW")
    rhodesia = "UN sanctions on Southern Rhodesia (arms)"
    to_movement = [
        v
        for v in judge(_sipri("SU", zapu.id, WeaponCategory.ARMOURED_VEHICLE, 1977), regimes, {zapu.id: zapu})
        if v.regime.name == rhodesia
    ]
    assert to_movement == []  # not concerned: the measure reaches the illegal regime only
    to_regime = _under(judge(_sipri("FR", "ZW", WeaponCategory.AIRCRAFT, 1977), regimes), rhodesia)
    assert to_regime.verdict is Verdict.VIOLATION  # type: ignore[attr-defined]


def test_the_fry_as_sipri_names_it_is_under_the_yugoslav_embargoes(regimes: list[Regime]) -> None:
    """SIPRI files the FRY (1992-2006) under "Serbia" (RS): the 1991 and 1998 UN embargoes reach it."""

    def un_verdicts(year: int) -> set[Verdict]:
        found = judge(_sipri("KZ", "RS", WeaponCategory.MISSILE, year), regimes)
        return {v.verdict for v in found if v.regime.issuer.value == "UN"}

    assert un_verdicts(1995) == {Verdict.VIOLATION}  # UNSCR 713/727
    assert un_verdicts(1997) <= {Verdict.COMPLIANT}  # between UNSCR 1021 and UNSCR 1160
    assert un_verdicts(1999) == {Verdict.VIOLATION}  # UNSCR 1160


def test_a_regional_force_is_not_the_government_an_exemption_names(regimes: list[Regime]) -> None:
    """Somalia 2013: supplies to the Federal Government's forces hinge on notification (`possible`); the same year's
    delivery to Puntland's maritime police is outside both government exemptions, so a violation."""
    federal = _sipri("ZA", "SO", WeaponCategory.AIRCRAFT, 2014)
    assert _under(judge(federal, regimes), "UN arms embargo on Somalia").verdict is Verdict.POSSIBLE  # type: ignore[attr-defined]
    puntland = federal.model_copy(update={"attributes": {"comments": "Second-hand; for Puntland maritime police"}})
    found = _under(judge(puntland, regimes), "UN arms embargo on Somalia")
    assert found.verdict is Verdict.VIOLATION  # type: ignore[attr-defined]
    assert "not that government" in found.explanation and "Puntland" in found.explanation  # type: ignore[attr-defined]


UK_IRAN = "UK guidelines on defence sales to Iran"


def test_an_unlicensed_export_breaches_a_national_embargo_implemented_by_licensing(regimes: list[Regime]) -> None:
    """The UK guidelines on Iran are policy: a licensed export only departs from them; the documented unlicensed
    exports of 2005-07 (a conviction) are offences under the licensing law, so violations."""
    convicted = _under(judge(_sipri("GB", "IR", WeaponCategory.AIRCRAFT, 2005, 2006), regimes), UK_IRAN)
    assert convicted.verdict is Verdict.VIOLATION  # type: ignore[attr-defined]
    assert "without the licence" in convicted.explanation  # type: ignore[attr-defined]
    licensed = _under(judge(_sipri("GB", "IR", WeaponCategory.SHIP, 1986), regimes), UK_IRAN)
    assert licensed.verdict is Verdict.COMPLIANT and "political" in licensed.reason  # type: ignore[attr-defined]


def test_a_documented_broker_brings_a_transfer_under_its_own_states_measure(regimes: list[Regime]) -> None:
    """Bulgaria is not bound by the UK's order on Sierra Leone, but the UK company that arranged the 1998 cargo
    is (brokers.yaml): the UK measure then judges the transfer; without the broker it does not concern it."""
    from graph.sanctions import judge as judge_all

    cargo = Transfer(
        id="tr-bg-sl", supplier="BG", recipient="SL", category=WeaponCategory.SMALL_ARMS, delivered="1998-02",
        status=TransferStatus.DELIVERED, confidence=0.9,
    )  # fmt: skip
    found = _under(judge_all(cargo, regimes), "UK (UN) arms embargo on Sierra Leone")
    assert found.verdict is Verdict.VIOLATION and "Sandline" in found.explanation  # type: ignore[attr-defined]
    other = cargo.model_copy(update={"supplier": "RO"})
    assert not [v for v in judge_all(other, regimes) if v.regime.issuer is Issuer.UK]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{state: GBR, supplier: BG, recipient: SL, years: [1998, 1998], who: W, finding: F, citation: C}", "ISO"),
        ("{state: GB, supplier: BG, recipient: SL, years: [1999, 1998], who: W, finding: F, citation: C}", "years"),
        ("{state: GB, supplier: BG, recipient: SL, years: [1998, 1998], who: W, finding: F}", "missing citation"),
        ("{state: GB, supplier: BG, years: [1998, 1998], who: W, finding: F, citation: C, via: X}", "unknown field"),
    ],
)
def test_bad_broker_entries_name_the_entry(entry: str, message: str) -> None:
    from graph.reference import parse_brokers

    with pytest.raises(ValueError, match=rf"b\.yaml: brokers\[0\] \(W\).*{message}"):
        parse_brokers(f"brokers:\n  - {entry}\n", "b.yaml")


def test_the_second_stage_of_unscr_1021_lifts_all_but_heavy_weapons(regimes: list[Regime]) -> None:
    """A partial lifting for every recipient (applies_to: all): small arms to Bosnia in April 1996 are outside the
    embargo's second stage, artillery is not; a year-only 1996 delivery hinges on the exact date."""
    from graph.sanctions import judge as judge_all

    def to_bosnia(category: WeaponCategory, when: str) -> Verdict:
        t = Transfer(
            id="tr-ba", supplier="US", recipient="BA", category=category, delivered=when,
            status=TransferStatus.DELIVERED, confidence=0.9,
        )  # fmt: skip
        return _under(judge_all(t, regimes), "UN arms embargo on Yugoslavia (1991) - Bosnia and Herzegovina").verdict  # type: ignore[attr-defined,no-any-return]

    assert to_bosnia(WeaponCategory.SMALL_ARMS, "1996-04") is Verdict.COMPLIANT
    assert to_bosnia(WeaponCategory.ARTILLERY, "1996-04") is Verdict.VIOLATION
    assert to_bosnia(WeaponCategory.SMALL_ARMS, "1996-02") is Verdict.VIOLATION
    assert to_bosnia(WeaponCategory.SMALL_ARMS, "1996") is Verdict.POSSIBLE


US_IRAQ = "US arms embargo on Iraq (ITAR 126.1)"


def test_an_exemption_conditioned_on_the_issuers_own_licence_is_met_by_its_own_export(regimes: list[Regime]) -> None:
    """ITAR 126.1(f) lets the US license exports to the Government of Iraq: a US delivery to that government is
    the US's own approval (`issuer_licence`), so compliant; another state's delivery is not judged by it, and the
    same US delivery before the exemption began stays inside the policy of denial."""
    own = _under(judge(_sipri("US", "IQ", WeaponCategory.ARMOURED_VEHICLE, 2008, 2009), regimes), US_IRAQ)
    assert own.verdict is Verdict.COMPLIANT  # type: ignore[attr-defined]
    assert "its own approval" in (own.reason or "") and "AECA s.38(c)" in (own.reason or "")  # type: ignore[attr-defined]
    before = _under(judge(_sipri("US", "IQ", WeaponCategory.ARMOURED_VEHICLE, 2001), regimes), US_IRAQ)
    assert before.verdict is Verdict.VIOLATION  # type: ignore[attr-defined]
    # a UN committee's approval is not the supplier's to give: the UN measure still names the condition
    un = _under(judge(_sipri("US", "SO", WeaponCategory.ARMOURED_VEHICLE, 2016), regimes), "UN arms embargo on Somalia")
    assert un.verdict is Verdict.POSSIBLE and "notified" in (un.decided_by or "")  # type: ignore[attr-defined]


def test_issuer_licence_needs_a_condition_and_a_citation() -> None:
    from graph.reference import parse_regimes

    base = (
        "regimes:\n- {issuer: US, program: P, name: N, target: IQ, direction: both, legal_basis: [L],"
        " start: 1990-01-01, binds: [US], citation: C, exemptions: [{name: E, start: 2004-01-01, citation: C, %s}]}\n"
    )
    with pytest.raises(ValueError, match="issuer_licence needs the `condition`"):
        parse_regimes(base % "issuer_licence: {law: A, citation: B}", "r.yaml")
    with pytest.raises(ValueError, match="issuer_licence: missing law or citation"):
        parse_regimes(base % "condition: X, issuer_licence: {law: A}", "r.yaml")


def test_the_dprk_embargo_widened_in_stages(regimes: list[Regime]) -> None:
    """UNSCR 1718 (2006) reached only the UN Register categories: anti-tank missiles supplied to the DPRK in 2007
    were outside it, a MANPADS (Register category VII(b)) inside. From UNSCR 1874 (12 Jun 2009) everything but small
    arms and light weapons, whose supply needed a notification until UNSCR 2270 (2 Mar 2016); then everything."""

    def worst(category: WeaponCategory, description: str, year: int) -> Verdict:
        t = _sipri("RU", "KP", category, year).model_copy(update={"description": description})
        found = [v.verdict for v in judge(t, regimes) if v.regime.issuer is Issuer.UN]
        return max(found, key=[Verdict.COMPLIANT, Verdict.POSSIBLE, Verdict.VIOLATION].index)

    assert worst(WeaponCategory.MISSILE, "anti-tank missile", 2007) is Verdict.COMPLIANT
    assert worst(WeaponCategory.MISSILE, "portable surface-to-air missile", 2007) is Verdict.VIOLATION
    assert worst(WeaponCategory.AMMUNITION, "artillery shells", 2007) is Verdict.POSSIBLE  # related materiel?
    assert worst(WeaponCategory.MISSILE, "anti-tank missile", 2012) is Verdict.POSSIBLE  # notified?
    assert worst(WeaponCategory.ARMOURED_VEHICLE, "infantry fighting vehicle", 2012) is Verdict.VIOLATION
    assert worst(WeaponCategory.MISSILE, "anti-tank missile", 2017) is Verdict.VIOLATION


def test_a_foreign_item_with_documented_us_content_needs_us_consent(regimes: list[Regime]) -> None:
    """A Canadian engine is not bound by the US measure on China, but its US-origin engine control software is
    (us_origin.yaml, 22 CFR 123.9): the convicted 2001-05 exports are violations (findings.yaml); the same engine in
    another year hinges on the consent; another Canadian engine is not judged by the US measure at all."""
    china = "US arms embargo on China (ITAR 126.1)"
    engine = _sipri("CA", "CN", WeaponCategory.ENGINE, 2003).model_copy(update={"designation": "PT6C-67C"})
    found = _under(judge(engine, regimes), china)
    assert found.verdict is Verdict.VIOLATION and "Pratt & Whitney Canada" in found.explanation  # type: ignore[attr-defined]
    later = _under(judge(engine.model_copy(update={"delivery_years": (2009,)}), regimes), china)
    assert later.verdict is Verdict.POSSIBLE and "consented" in (later.decided_by or "")  # type: ignore[attr-defined]
    other = engine.model_copy(update={"designation": "PT6A-67"})
    assert not [v for v in judge(other, regimes) if v.regime.name == china]


def test_a_grandfather_clause_with_a_condition_names_it(regimes: list[Regime]) -> None:
    """EU Decision 2017/2074 Art. 2 spares contracts concluded before 13 Nov 2017 if they were notified: a 2020
    delivery under a 2005 contract hinges on the notification; under a contract of 2018 it is a violation."""
    venezuela = "EU arms embargo on Venezuela"
    old = _sipri("ES", "VE", WeaponCategory.SHIP, 2020).model_copy(update={"ordered": "2005"})
    found = _under(judge(old, regimes), venezuela)
    assert found.verdict is Verdict.POSSIBLE and "notified" in (found.decided_by or "")  # type: ignore[attr-defined]
    new = old.model_copy(update={"ordered": "2018"})
    assert _under(judge(new, regimes), venezuela).verdict is Verdict.VIOLATION  # type: ignore[attr-defined]


def test_an_item_from_a_third_countrys_production_line_is_not_the_suppliers_export(regimes: list[Regime]) -> None:
    """SIPRI files licensed production under the licenser: French-designed engines "from the Chinese production
    line" for Myanmar were not a French export, so the EU measure (binding its members) hinges on France's own part;
    a UN measure binds every state, so a US-designed helicopter built in Canada for Slovenia in 1992 stays a breach."""
    myanmar = "EU arms embargo on Myanmar"
    engine = _sipri("FR", "MM", WeaponCategory.ENGINE, 2014)
    assert _under(judge(engine, regimes), myanmar).verdict is Verdict.VIOLATION  # type: ignore[attr-defined]
    chinese = engine.model_copy(
        update={"attributes": {"comments": "Diesel engine; probably from Chinese production line"}}
    )
    found = _under(judge(chinese, regimes), myanmar)
    assert found.verdict is Verdict.POSSIBLE and "Chinese production line" in (found.decided_by or "")  # type: ignore[attr-defined]
    helicopter = _sipri("US", "SI", WeaponCategory.AIRCRAFT, 1992).model_copy(
        update={"description": "helicopter", "attributes": {"comments": "From Canadian production line"}}
    )
    un = [v for v in judge(helicopter, regimes) if v.regime.issuer is Issuer.UN]
    assert un and all(v.verdict is Verdict.VIOLATION for v in un)
