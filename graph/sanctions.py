"""Embargo semantics as pure functions over domain objects: which regime is in force when, whom it binds, and
why a transfer breaches it. No store access; the regimes come from the caller (usually
`graph.reference.load_regimes()`).

Conventions:
- A regime is in force on the days [start, end) minus its suspensions (`Regime.in_force`, `Regime.intervals`).
- "*" in `Regime.binds` binds every state (UN measures), "EU" the states bound by EU law on the day (members,
  plus the UK until the end of its transition period on 31 Dec 2020), an ISO code that state.
- `judge` gives a three-valued verdict (violation / possible / compliant) on a transfer under every measure that
  concerns it, from the model of the law in graph/reference/regimes.yaml: whom the measure reaches, its item
  scope, binding force, exemptions and grandfather clause, judged per delivery year (SIPRI) or reported date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from graph.model import Actor, Binding, Exemption, Reach, Regime, Transfer, Verdict, Violation, date_bounds
from graph.reference import (
    EU_BINDS,
    UN_BINDS,
    brokers,
    eu_binding_periods,
    eu_bound,
    exemption_findings,
    mtcr_designations,
    party_formed,
    us_origin_items,
)
from graph.review_apply import review_sentence
from graph.vocab import ActorKind, Direction, Issuer, TransferStatus, WeaponCategory

__all__ = [
    "CLAUSE_EXPORT",
    "CLAUSE_IMPORT",
    "binding_periods",
    "binds",
    "in_force",
    "judge",
    "sanctioned_actors",
    "sanctioning",
    "violations",
]

CLAUSE_EXPORT = "export ban on the supplier"
CLAUSE_IMPORT = "import ban binding the supplier"

#: Half-open day interval [from, until); until None = open-ended.
_Interval = tuple[date, date | None]


def in_force(regimes: Iterable[Regime], on: date, issuer: Issuer | None = None) -> list[Regime]:
    """The regimes in force on that day (started, not ended, not suspended), optionally of one issuer, in
    input order. O(regimes x suspensions)."""
    return [r for r in regimes if (issuer is None or r.issuer is issuer) and r.in_force(on)]


def sanctioning(actor_id: str, regimes: Iterable[Regime], on: date, issuer: Issuer | None = None) -> list[Regime]:
    """The regimes in force on that day that target this actor: a state by its ISO code, a non-state actor by
    its id (regimes on a state do not extend to the groups based there). The actor is "sanctioned" iff the
    list is non-empty. O(regimes x suspensions)."""
    return [r for r in in_force(regimes, on, issuer) if r.target == actor_id]


def sanctioned_actors(regimes: Iterable[Regime], on: date, issuer: Issuer | None = None) -> dict[str, list[Regime]]:
    """Actor id -> the legally binding regimes targeting it in force on that day (only actors with at least one):
    a political commitment (the 1989 EU declaration on China) does not make its target "sanctioned", as it
    cannot make a transfer a violation. O(regimes)."""
    out: dict[str, list[Regime]] = {}
    for r in in_force(regimes, on, issuer):
        if r.binding is Binding.LEGAL:
            out.setdefault(r.target, []).append(r)
    return out


def binds(regime: Regime, supplier_id: str, on: date) -> bool:
    """Whether the regime binds this actor's conduct on that day: "*" binds everyone, "EU" the states bound by
    EU law on the day, ISO codes those states. Non-state ids are bound only by "*". O(binds)."""
    return any(b in (UN_BINDS, supplier_id) or (b == EU_BINDS and supplier_id in eu_bound(on)) for b in regime.binds)


def binding_periods(regime: Regime, party_id: str) -> list[_Interval]:
    """The periods [from, until) in which the regime's `binds` cover this party, ignoring the regime's own
    dates (e.g. for "EU": the party's EU membership). Empty if it never binds the party. O(binds)."""
    out: list[_Interval] = []
    for b in regime.binds:
        if b in (UN_BINDS, party_id):
            return [(date.min, None)]
        if b == EU_BINDS and party_id in eu_binding_periods():
            out.append(eu_binding_periods()[party_id])
    return sorted(out)


def _intersect(a: list[_Interval], b: list[_Interval]) -> list[_Interval]:
    out: list[_Interval] = []
    for s1, u1 in a:
        for s2, u2 in b:
            s = max(s1, s2)
            u = u1 if u2 is None else u2 if u1 is None else min(u1, u2)
            if u is None or s < u:
                out.append((s, u))
    return sorted(out)


def _days(interval: _Interval) -> str:
    s, u = interval
    return f"{s.isoformat()} to {(u - timedelta(days=1)).isoformat()}" if u else f"{s.isoformat()} onwards"


def _period_text(regime: Regime) -> str:
    text = f"from {regime.start.isoformat()}"
    if regime.end:
        text += f" until {(regime.end - timedelta(days=1)).isoformat()}"
    else:
        text += " (still in force)"
    if regime.suspensions:
        text += " (not in force " + "; ".join(_days(s) for s in regime.suspensions) + ")"
    return text


# -- the judgement: one function, shared by both stores ---------------------------------------------------------------

_IN, _OUT, _MAYBE = "in", "out", "maybe"
_RANK = {Verdict.VIOLATION: 2, Verdict.POSSIBLE: 1, Verdict.COMPLIANT: 0}


class _Judged(NamedTuple):
    """The verdict on one dated act; `partial` holds the days in force when only the exact date is unknown (the
    measure covered part of the act's period), so that successive measures can be joined (`_successive`)."""

    verdict: Verdict
    text: str
    partial: tuple[_Interval, ...] = ()


class _Outcome(NamedTuple):
    """The verdict on a transfer under one measure, over its dated acts; `partial` maps the acts left `possible`
    only by their exact date (when nothing else is open) to the days the measure covered in them."""

    verdict: Verdict
    because: str
    years: tuple[int, ...]
    partial: tuple[tuple[_Unit, tuple[_Interval, ...]], ...] = ()


@dataclass(frozen=True)
class _Unit:
    """One dated act judged on its own: a SIPRI delivery year, an order, or a reported date range."""

    label: str
    first: date
    last: date


def _units(t: Transfer, formed: date | None = None) -> list[_Unit]:
    """Delivery-level dating: each delivery year is judged by itself (from the recipient's founding day when it was
    founded that year: `parties.yaml`); an order without delivery by its order date; anything else by its reported
    date range."""
    if t.delivery_years:
        return [
            _Unit(
                f"delivery {y}",
                max(date(y, 1, 1), formed) if formed and formed.year == y else date(y, 1, 1),
                date(y, 12, 31),
            )
            for y in sorted(set(t.delivery_years))
        ]
    if t.date_from is None or t.date_to is None:
        return []
    if t.status is TransferStatus.ORDERED and t.ordered:
        first, last = date_bounds(t.ordered)
        return [_Unit(f"order {t.ordered}", first, last)]
    when = t.date_from.isoformat() if t.date_from == t.date_to else f"{t.date_from} to {t.date_to}"
    return [_Unit(f"reported {when}", t.date_from, t.date_to)]


def _text(t: Transfer) -> str:
    return " ".join(
        str(x)
        for x in (t.designation, t.description, t.attributes.get("comments"), *(e.quote for e in t.evidence))
        if x
    ).casefold()


def _reach(regime: Regime, actor_id: str, actors: Mapping[str, Actor], t: Transfer) -> tuple[str, str] | None:
    """Whether the measure reaches this end of the transfer: (in|out|maybe, why), or None when it does not
    concern this actor at all (so no verdict is given)."""
    if actor_id == regime.target and regime.target != regime.territory:
        return _IN, f"the recipient is the measure's named target ({actor_id})"
    actor = actors.get(actor_id)
    territory = regime.territory
    if territory is None or regime.reach is Reach.NAMED:
        return None
    is_state = actor_id == territory
    located = actor is not None and actor.kind is not ActorKind.STATE and actor.country == territory
    if not (is_state or located):
        return None
    name = actor.name if actor is not None else actor_id
    if regime.reach is Reach.STATE:
        return (_IN, f"the measure covers the state of {territory}") if is_state else None
    if regime.reach is Reach.TERRITORY:
        return _IN, (
            f"the measure covers every recipient on the territory of {territory}"
            + ("" if is_state else f", including non-state armed parties such as {name}")
        )
    if regime.reach is Reach.NON_GOVERNMENTAL:
        if is_state:
            return _OUT, f"the measure reaches only non-governmental forces in {territory}, not its government"
        return _IN, f"the measure reaches non-governmental forces in {territory}, and {name} is one"
    # Reach.REGION
    words = re.compile(r"\b(" + "|".join(re.escape(x.casefold()) for x in regime.region_terms) + r")\b")
    names = [name, *(actor.aliases if actor is not None else ())]
    if any(words.search(n.casefold()) for n in names):
        return _IN, f"{name} is a party operating in {regime.region}, which the measure covers"
    if words.search(_text(t)):
        return _IN, f"the evidence places the items in {regime.region}, which the measure covers"
    if is_state:
        return _MAYBE, (
            f"whether the items went to {regime.region}: the measure covers only {regime.region}, and nothing "
            f"in the evidence places them there"
        )
    return _OUT, f"{name} is not known to operate in {regime.region}, the only region the measure covers"


_SAM = re.compile(r"\b(sam|abm|surface-to-air|anti-aircraft|air[- ]defen[cs]e)\b")
_PORTABLE = re.compile(r"\b(portable|manpads)\b")
_COMBAT_AIR = re.compile(r"\b(fighter|fga|ground attack|bomber|combat|strike|attack helicopter|combat helicopter)\b")
_NON_COMBAT_AIR = re.compile(r"\b(transport|trainer|light aircraft|utility|tanker|aew|maritime patrol|business)\b")
_WARSHIP = re.compile(r"\b(frigate|corvette|destroyer|submarine|cruiser|missile boat|aircraft carrier|fac)\b")
_SUPPORT_SHIP = re.compile(r"\b(landing|transport|tanker|tug|survey|training|support|supply|icebreaker)\b")
_SHORT_MISSILE = re.compile(r"\b(anti-tank|atgm|anti-armour)\b")


def _formed(actor: Actor | None) -> date | None:
    if actor is None or actor.kind is ActorKind.STATE:
        return None
    found = party_formed().get((actor.name.casefold(), actor.country))
    return found[0] if found else None


def _items(regime: Regime, t: Transfer) -> tuple[str, str]:
    """The item test as the legal text writes it: (in|out|maybe, why)."""
    what = t.category.value + (f" ({t.designation})" if t.designation else "")
    desc = " ".join(x for x in (t.designation, t.description) if x).casefold()
    cat = t.category
    if regime.items == "un_register":
        return _register_scope(cat, desc, what)
    if regime.items == "mtcr":
        if cat not in (WeaponCategory.MISSILE, WeaponCategory.DRONE, WeaponCategory.ROCKET, WeaponCategory.UNSPECIFIED):
            return _OUT, f"{what} is not a missile, rocket or UAV item of the MTCR-based list (S/2015/546)"
        # a designation may name several systems ("Shahed-136 / Mohajer-6"): one listed item is enough
        named = (t.designation or "").casefold()
        known = [
            (d, c, cite)
            for d, (c, cite) in mtcr_designations().items()
            if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", named)
        ]
        for d, covered, cite in sorted(known, key=lambda k: not k[1]):
            return (_IN if covered else _OUT), (
                f"{what} is {'' if covered else 'not '}an item of the MTCR-based list ({d}: {cite})"
            )
        if _SAM.search(desc):
            return _OUT, f"{what} is a surface-to-air system, outside the MTCR Category I/II range/payload items"
        if _SHORT_MISSILE.search(desc):
            return _OUT, (
                f"{what} is an anti-tank missile, a few kilometres in range, far below the 300 km of the MTCR "
                "Category I/II items (S/2015/546)"
            )
        return _MAYBE, f"whether {what} reaches the MTCR thresholds of S/2015/546 (300 km range)"
    if regime.items == "usml":
        origin = _us_origin(regime, t)
        if origin is not None:  # us_origin.yaml lists US defence articles (or items documented to incorporate one)
            return _IN, f"{what} is, or incorporates, a US-origin defence article ({origin})"
        if cat is WeaponCategory.AIRCRAFT and not _COMBAT_AIR.search(desc):
            return _MAYBE, (
                f"whether {what} is a military aircraft of US Munitions List Category VIII (22 CFR 121.1) or a "
                "civil-derived type exported under the EAR"
            )
        if cat is WeaponCategory.ENGINE:
            return _MAYBE, (
                f"whether {what} is a defence article of the US Munitions List (22 CFR 121.1) or a civil-derived "
                "engine exported as a dual-use item under the EAR"
            )
        return _IN, "the measure covers defence articles of the US Munitions List (22 CFR 121.1)"
    if not regime.categories:
        return _IN, "the measure covers all arms and related materiel"
    if cat in regime.categories:
        return _IN, f"the measure covers {cat.value} items"
    if cat is WeaponCategory.UNSPECIFIED:
        return _MAYBE, "the item type (the measure covers only " + ", ".join(c.value for c in regime.categories) + ")"
    return _OUT, f"{what} is outside the measure's items (" + ", ".join(c.value for c in regime.categories) + ")"


def _register_scope(cat: WeaponCategory, desc: str, what: str) -> tuple[str, str]:
    """UN Register of Conventional Arms categories I-VII as UNSCR 1929 para 8 / 2231 Annex B para 5 refer to them,
    plus related materiel (spare parts)."""
    reg = (
        "the UN Register categories (battle tanks, armoured combat vehicles, large-calibre artillery, combat "
        "aircraft, attack helicopters, warships, missiles and missile launchers)"
    )
    if cat is WeaponCategory.AIR_DEFENCE or (cat is WeaponCategory.MISSILE and _SAM.search(desc)):
        if _PORTABLE.search(desc):
            return _IN, f"{what} is a man-portable air-defence system, Register category VII(b)"
        return _OUT, (
            f"{what} is a surface-to-air system: the Register's category VII (missiles and missile launchers) "
            "excludes surface-to-air missiles other than MANPADS, and the text names no air-defence item"
        )
    if cat in (WeaponCategory.ARMOURED_VEHICLE, WeaponCategory.ARTILLERY, WeaponCategory.ROCKET):
        return _IN, f"{what} falls in {reg}"
    if cat is WeaponCategory.MISSILE:
        if _SHORT_MISSILE.search(desc):
            return _OUT, f"{what} is an anti-tank missile, below the 25 km range of Register category VII"
        return _IN, f"{what} is a missile of Register category VII"
    if cat is WeaponCategory.AIRCRAFT:
        if _COMBAT_AIR.search(desc):
            return _IN, f"{what} is a combat aircraft or attack helicopter (Register categories IV-V)"
        if _NON_COMBAT_AIR.search(desc) or "helicopter" in desc:
            return _OUT, f"{what} is not a combat aircraft or attack helicopter (Register categories IV-V)"
        return _MAYBE, f"whether {what} is a combat aircraft (Register category IV)"
    if cat is WeaponCategory.SHIP:
        if _WARSHIP.search(desc):
            return _IN, f"{what} is a warship (Register category VI)"
        if _SUPPORT_SHIP.search(desc):
            return _OUT, f"{what} is not a warship (Register category VI)"
        return _MAYBE, f"whether {what} is a warship of Register category VI (500 t, or armed with 25 km missiles)"
    if cat in (WeaponCategory.ENGINE, WeaponCategory.SENSOR, WeaponCategory.NAVAL_WEAPON, WeaponCategory.DRONE):
        return _MAYBE, f"whether {what} is related materiel (a part) of a system in {reg}"
    if cat is WeaponCategory.AMMUNITION:
        # the texts add "related materiel" to the categories: shells or rockets for a Register system may be that
        return _MAYBE, f"whether {what} is ammunition for a system in {reg} (related materiel)"
    if cat is WeaponCategory.UNSPECIFIED:
        return _MAYBE, "the item type (the measure covers only " + reg + ")"
    return _OUT, f"{what} is outside {reg}"


def _bound_days(regime: Regime, party: str, unit: _Unit) -> list[_Interval]:
    window: list[_Interval] = [(unit.first, unit.last + timedelta(days=1))]
    return _intersect(_intersect(window, regime.intervals()), binding_periods(regime, party))


def _judge_unit(
    regime: Regime,
    t: Transfer,
    unit: _Unit,
    bound: str,
    import_side: bool,
    recipient_is_government: bool,
    retransfer: str | None = None,
) -> _Judged:
    """The verdict on one dated act under a measure that reaches the transfer and covers its items."""
    parts = _bound_days(regime, bound, unit)
    if not parts:
        return _Judged(Verdict.COMPLIANT, f"{unit.label}: outside the period in force")
    covered = sum(((u or unit.last + timedelta(days=1)) - s).days for s, u in parts)
    whole = covered == (unit.last - unit.first).days + 1
    inside = _days((parts[0][0], parts[-1][1]))
    g = regime.grandfather
    if g is not None and not t.ordered:
        return _Judged(
            Verdict.POSSIBLE,
            f"{unit.label}: whether the contract was concluded before {g.before} (order date unknown; {g.citation})",
        )
    if g is not None and t.ordered:
        o_first, o_last = date_bounds(t.ordered)
        if o_last < g.before and g.condition:
            return _Judged(
                Verdict.POSSIBLE,
                f"{unit.label}: the contract was concluded in {t.ordered}, before {g.before}, so it is grandfathered "
                f"if {g.condition} ({g.citation})",
            )
        if o_last < g.before:
            return _Judged(
                Verdict.COMPLIANT,
                (
                    f"{unit.label}: grandfathered, the contract was concluded in {t.ordered}, before {g.before} "
                    f"({g.citation})"
                ),
            )
        if o_first < g.before:
            return _Judged(
                Verdict.POSSIBLE,
                (
                    f"{unit.label}: whether the contract (ordered {t.ordered}) was concluded before {g.before} "
                    f"({g.citation})"
                ),
            )
    not_met: list[str] = []
    if retransfer is not None:
        found = _finding(regime, t, unit)
        if found is None:
            return _Judged(Verdict.POSSIBLE, f"{unit.label}: {_CONSENT} ({_CONSENT_CITE})")
        met, finding, cite = found
        if met:
            return _Judged(Verdict.COMPLIANT, f"{unit.label}: the re-transfer had US consent: {finding} ({cite})")
        not_met.append(f"re-transfer of a US-origin article without US consent: {finding} ({cite})")
    if import_side:
        for ex in regime.exemptions:
            applies = (
                ex.applies_to == "all"
                or (ex.applies_to == "government" and recipient_is_government)
                or (
                    ex.applies_to == "peacekeeping"
                    and t.recipient != regime.territory
                    and not recipient_is_government
                    and t.recipient.startswith("org")
                )
            )
            if not applies or t.category in ex.excluded_categories or (ex.light_weapons and not _light_weapon(t)):
                continue
            outside = _not_government(ex, t)
            if outside is not None:
                not_met.append(outside)
                continue
            if not all(ex.covers_day(d) for d in (max(unit.first, parts[0][0]), unit.last)):
                if ex.covers_day(unit.last) or ex.covers_day(unit.first):
                    return _Judged(
                        Verdict.POSSIBLE,
                        (
                            f"{unit.label}: the exact date, since the exemption '{ex.name}' ({ex.citation}) applied "
                            "on only part of the year"
                        ),
                    )
                continue
            if ex.condition and ex.issuer_licence is not None and t.supplier == bound and t.supplier in regime.binds:
                # the licence the condition asks for is the supplier state's own: its export (a sale, aid, or a
                # licence it granted) is that approval, unless a finding records the export as unlicensed
                found = _finding(regime, t, unit)
                if found is not None and not found[0]:
                    not_met.append(f"exemption '{ex.name}' not met: {found[1]} ({found[2]})")
                    continue
                if found is not None:
                    return _Judged(
                        Verdict.COMPLIANT,
                        f"{unit.label}: exempted by '{ex.name}' ({ex.citation}), its condition met: {found[1]} "
                        f"({found[2]})",
                    )
                lic = ex.issuer_licence
                return _Judged(
                    Verdict.COMPLIANT,
                    f"{unit.label}: exempted by '{ex.name}' ({ex.citation}): its condition ({ex.condition}) is a "
                    f"licence of {t.supplier} itself, and {t.supplier} is the supplier, so the export is its own "
                    f"approval; an unlicensed export would be an offence under {lic.law} ({lic.citation}), and no "
                    "such finding is recorded",
                )
            if ex.condition:
                found = _finding(regime, t, unit)
                if found is None:
                    return _Judged(
                        Verdict.POSSIBLE, f"{unit.label}: {ex.condition} (exemption '{ex.name}', {ex.citation})"
                    )
                met, finding, cite = found
                if met:
                    return _Judged(
                        Verdict.COMPLIANT,
                        (
                            f"{unit.label}: exempted by '{ex.name}' ({ex.citation}), "
                            f"its condition met: {finding} ({cite})"
                        ),
                    )
                not_met.append(f"exemption '{ex.name}' not met: {finding} ({cite})")
                continue
            return _Judged(Verdict.COMPLIANT, f"{unit.label}: exempted by '{ex.name}' ({ex.citation})")
    if not whole:
        return _Judged(
            Verdict.POSSIBLE, f"{unit.label}: the exact date, since the measure applied only {inside}", tuple(parts)
        )
    if not_met:
        return _Judged(Verdict.VIOLATION, f"{unit.label}: inside the period in force; " + "; ".join(not_met))
    return _Judged(Verdict.VIOLATION, f"{unit.label}: inside the period in force, no exemption applies")


_LINE = re.compile(r"\bfrom ([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) production line")


def _third_country_line(t: Transfer) -> str | None:
    """The country adjective when SIPRI's comment says the item came "from <X> production line": SIPRI files licensed
    production under the licenser, so the supplier state did not ship it (SIPRI's sources and methods)."""
    found = _LINE.search(str(t.attributes.get("comments") or ""))
    return found.group(1) if found else None


def _light_weapon(t: Transfer) -> bool:
    """Small arms and light weapons as the UN defines them (A/52/298, 1997): small arms, and man-portable anti-tank
    and anti-aircraft missile systems (read from SIPRI's description)."""
    if t.category is WeaponCategory.SMALL_ARMS:
        return True
    desc = " ".join(x for x in (t.designation, t.description) if x).casefold()
    return t.category in (WeaponCategory.MISSILE, WeaponCategory.AIR_DEFENCE) and bool(
        _PORTABLE.search(desc) or _SHORT_MISSILE.search(desc)
    )


def _not_government(ex: Exemption, t: Transfer) -> str | None:
    """Who counts as the government: a government exemption does not cover items the evidence places with forces
    that are not the government it names (a regional administration's forces); None when nothing says so."""
    if ex.applies_to != "government" or not ex.not_government:
        return None
    words = re.compile(r"\b(" + "|".join(re.escape(x.casefold()) for x in ex.not_government) + r")\b")
    found = words.search(_text(t))
    if found is None:
        return None
    return (
        f"the exemption '{ex.name}' covers the government it names, and the evidence places the items with "
        f"'{found.group(1)}' forces, which are not that government ({ex.not_government_citation})"
    )


_CONSENT = "whether the United States consented in advance to the re-transfer of this US-origin article"
_CONSENT_CITE = "Arms Export Control Act s.3(a)(2); 22 CFR 123.9"


def _us_origin(regime: Regime, t: Transfer) -> str | None:
    """The citation of the US-origin article this transfer re-transfers, when the regime is a US arms measure
    (ITAR 126.1) and the designation is a listed US design (us_origin.yaml); else None."""
    if regime.issuer is not Issuer.US or not regime.binds or not t.designation:
        return None
    named = t.designation.casefold()
    for designation, cite in us_origin_items().items():
        if re.match(rf"{re.escape(designation)}(?!\d)", named):
            return f"{t.designation}: {cite}"
    return None


def _broker(regime: Regime, t: Transfer) -> tuple[str, str] | None:
    """(state, why) when a documented person under the jurisdiction of a state this measure binds arranged the
    transfer in its years (brokers.yaml), else None."""
    if t.date_from is None or t.date_to is None:
        return None
    for state, first, last, who, finding, cite in brokers().get((t.supplier, t.recipient), ()):
        if first <= t.date_to.year and t.date_from.year <= last and binding_periods(regime, state):
            return state, f"arranged by {who}, bound as a person under {state} jurisdiction: {finding} ({cite})"
    return None


def _finding(regime: Regime, t: Transfer, unit: _Unit) -> tuple[bool, str, str] | None:
    """The documented fact (findings.yaml) on whether this delivery met the exemption's condition: (met, finding,
    citation), or None when nothing is documented (the verdict stays `possible`)."""
    named = (t.designation or "").casefold()
    for first, last, met, finding, cite, items in exemption_findings().get((regime.name, t.supplier, t.recipient), ()):
        if first <= unit.first.year and unit.last.year <= last and (not items or named in items):
            return met, finding, cite
    return None


def judge(transfer: Transfer, regimes: Iterable[Regime], actors: Mapping[str, Actor] | None = None) -> list[Violation]:
    """The verdict on this transfer under every measure that concerns it, one `Violation` per measure, in input
    order. `actors` gives the non-state ends' country, kind, name and aliases (territorial reach); a missing
    actor is treated as unknown. O(regimes x delivery years x (suspensions + exemptions)).

    A measure concerns the transfer when it reaches one end (`_reach`: the named target, the state, every party
    on a territory, non-governmental forces only, or parties in one region) in the direction it bans (import:
    supply to the target; export: procurement from it), binds the other party (UN: every state; EU: the members
    of the day; a national measure: its own state) and its period meets the transfer's dates. Then, in order:
    binding force (a political measure yields `compliant` with a note), item scope (`_items`), and each dated
    act (`_units`: a SIPRI delivery year, an order, or a reported date) against the period, the grandfather clause
    (by order date) and the exemptions. The verdict is the worst over the acts: `violation` if one act breaches
    it, `possible` if one hinges on an unknown (named in `decided_by`), else `compliant` (`reason`).
    Not assessable, so no verdict: a transfer without any date, or one every source denies.
    """
    if transfer.date_from is None or transfer.date_to is None or transfer.status is TransferStatus.DENIED:
        return []
    actors = actors or {}
    span = _Unit("span", transfer.date_from, transfer.date_to)
    judged: list[_Judgement] = []
    for regime in regimes:
        reach: tuple[str, str] | None = None
        if regime.direction in (Direction.IMPORT, Direction.BOTH):
            reach = _reach(regime, transfer.recipient, actors, transfer)
            clause, bound, import_side = CLAUSE_IMPORT, transfer.supplier, True
        if (
            reach is None
            and regime.direction in (Direction.EXPORT, Direction.BOTH)
            and transfer.supplier
            in (
                regime.target,
                regime.territory if regime.reach in (Reach.STATE, Reach.TERRITORY) else None,
            )
        ):
            reach = (_IN, f"the supplier is the measure's target ({transfer.supplier})")
            clause, bound, import_side = CLAUSE_EXPORT, transfer.recipient, False
        if reach is None:
            continue
        retransfer = None
        if not _bound_days(regime, bound, span) and import_side:
            # a person under the jurisdiction of a state the measure binds arranged it (brokers.yaml): the measure
            # reaches the transfer through them
            broker = _broker(regime, transfer)
            if broker is not None:
                bound, why = broker
                reach = (reach[0], f"{reach[1]}; {why}")
        if not _bound_days(regime, bound, span):
            retransfer = _us_origin(regime, transfer) if import_side else None
            if retransfer is None:
                continue
            # the supplier is not bound, but re-transferring a US-origin article needs US consent: judged as if
            # the issuing state's own rule bound the transfer
            bound = regime.binds[0]
            reach = (reach[0], f"{reach[1]}; {transfer.supplier} re-transfers a US-origin article ({retransfer})")
            if not _bound_days(regime, bound, span):
                continue
        recipient_is_government = transfer.recipient == regime.territory
        units = _units(transfer, _formed(actors.get(transfer.recipient)))
        outcome = _verdict(regime, transfer, reach, units, bound, import_side, recipient_is_government, retransfer)
        line = _third_country_line(transfer) if import_side and retransfer is None else None
        if outcome.verdict is Verdict.VIOLATION and line and UN_BINDS not in regime.binds:
            # a measure binding some states reaches exports from their territory or by their nationals only
            outcome = _Outcome(
                Verdict.POSSIBLE,
                f"whether {bound} itself supplied the item: SIPRI records it from the {line} production line, made "
                f"outside {transfer.supplier} under its licence, and the measure binds only exports from the "
                f"territory or by nationals of {', '.join(regime.binds)} (a licence granted before the measure is "
                f"not such an export); the breach would need {bound}'s own shipment, parts or technical assistance",
                outcome.years,
            )
        first, last = _overlap(regime, bound, units or [span])
        judged.append((regime, clause, reach, outcome, first, last))
    return [
        _violation(transfer, actors, regime, clause, reach, outcome, first, last)
        for regime, clause, reach, outcome, first, last in _successive(judged)
    ]


_Judgement = tuple[Regime, str, tuple[str, str], _Outcome, date, date]


def _violation(
    t: Transfer,
    actors: Mapping[str, Actor],
    regime: Regime,
    clause: str,
    reach: tuple[str, str],
    o: _Outcome,
    first: date,
    last: date,
) -> Violation:
    return Violation(
        transfer=t,
        regime=regime.ref(),
        clause=_clause_text(regime, clause),
        explanation=_explanation(t, actors, regime, clause, reach, o.verdict, o.because, o.years),
        overlap_from=first,
        overlap_to=last,
        verdict=o.verdict,
        years_inside=o.years,
        decided_by=o.because if o.verdict is Verdict.POSSIBLE else None,
        reason=o.because if o.verdict is Verdict.COMPLIANT else None,
    )


def _successive(judged: list[_Judgement]) -> list[_Judgement]:
    """Successive measures of one issuer that hand over from one to the next (UNSCR 918 on Rwanda until
    15 Aug 1995, then UNSCR 1011 on its non-governmental forces from 16 Aug) leave no day uncovered: an act that
    each of them reaches only on part of its year breaches one of them whatever its exact date. Such an act is a
    violation of each measure it may have breached, and the explanation names the hand-over; the exact date only
    decides which one."""
    partial = [k for k, j in enumerate(judged) if j[3].verdict is Verdict.POSSIBLE and j[3].partial]
    if len(partial) < 2:
        return judged
    out = list(judged)
    for k in partial:
        regime, clause, reach, o, first, last = judged[k]
        joined: list[str] = []
        for unit, parts in o.partial:
            peers = [
                (judged[m][0], dict(judged[m][3].partial)[unit])
                for m in partial
                if m != k and judged[m][0].issuer is regime.issuer and unit in dict(judged[m][3].partial)
            ]
            if not _covers(unit, [*parts, *(p for _, ps in peers for p in ps)]):
                break
            names = "; ".join(f"{r.name} ({r.citation}) {_days(p[0])}" for r, p in [(regime, parts), *peers])
            joined.append(f"{unit.label}: successive measures cover every day of it: {names}")
        else:
            because = "; ".join(joined) + " (the exact date only decides which of them was breached)"
            out[k] = (regime, clause, reach, _Outcome(Verdict.VIOLATION, because, o.years), first, last)
    return out


def _covers(unit: _Unit, parts: list[_Interval]) -> bool:
    """Whether the intervals cover every day of the act's period."""
    day = unit.first
    for s, u in sorted(parts, key=lambda p: p[0]):
        if s > day:
            return False
        if u is None or u > unit.last:
            return True
        day = max(day, u)
    return day > unit.last


def _verdict(
    regime: Regime,
    t: Transfer,
    reach: tuple[str, str],
    units: list[_Unit],
    bound: str,
    import_side: bool,
    recipient_is_government: bool,
    retransfer: str | None = None,
) -> _Outcome:
    inside = tuple(sorted({u.first.year for u in units if _bound_days(regime, bound, u)}))
    if regime.binding is Binding.POLITICAL:
        political = (
            "departs from a political embargo: the measure is a political commitment, not binding law, so it "
            "cannot be violated"
        )
        if regime.licensing is None:
            return _Outcome(Verdict.COMPLIANT, political, inside)
        unlicensed = [
            f"{u.label}: {found[1]} ({found[2]})"
            for u in units
            if _bound_days(regime, bound, u) and (found := _finding(regime, t, u)) is not None and not found[0]
        ]
        if unlicensed:
            return _Outcome(
                Verdict.VIOLATION,
                f"exported without the licence that {regime.licensing.law} requires ({regime.licensing.citation}), "
                "which the embargo policy would have refused: " + "; ".join(unlicensed),
                inside,
            )
        return _Outcome(
            Verdict.COMPLIANT,
            f"{political}; an export made without the licence that {regime.licensing.law} requires would be an "
            "offence, and no such finding is recorded",
            inside,
        )
    if reach[0] == _OUT:
        return _Outcome(Verdict.COMPLIANT, f"out of scope: {reach[1]}", inside)
    item, item_why = _items(regime, t)
    if item == _OUT:
        return _Outcome(Verdict.COMPLIANT, f"out of scope: {item_why}", inside)
    if not inside:
        return _Outcome(
            Verdict.COMPLIANT,
            "every delivery falls outside the period in force (" + ", ".join(u.label for u in units) + ")",
            inside,
        )
    judged = [_judge_unit(regime, t, u, bound, import_side, recipient_is_government, retransfer) for u in units]
    worst = max(judged, key=lambda j: _RANK[j.verdict])
    if worst.verdict is Verdict.VIOLATION:
        if reach[0] == _MAYBE:
            return _Outcome(Verdict.POSSIBLE, reach[1], inside)
        if item == _MAYBE:
            return _Outcome(Verdict.POSSIBLE, item_why, inside)
    details = "; ".join(j.text for j in judged if j.verdict is worst.verdict)
    open_ = [(u, j) for u, j in zip(units, judged, strict=True) if j.verdict is Verdict.POSSIBLE]
    if open_ and reach[0] == _IN and item == _IN and all(j.partial for _, j in open_):
        return _Outcome(worst.verdict, details, inside, tuple((u, j.partial) for u, j in open_))
    return _Outcome(worst.verdict, details, inside)


def _overlap(regime: Regime, bound: str, units: list[_Unit]) -> tuple[date, date]:
    parts = [p for u in units for p in _bound_days(regime, bound, u)]
    if not parts:
        return units[0].first, units[-1].last
    last_until = max((u for _, u in parts if u is not None), default=None)
    open_ended = any(u is None for _, u in parts)
    last = units[-1].last if open_ended or last_until is None else last_until - timedelta(days=1)
    return min(s for s, _ in parts), last


def _clause_text(regime: Regime, clause: str) -> str:
    return f"{clause} ({regime.clause})" if regime.clause else clause


def _name(actor_id: str, actors: Mapping[str, Actor]) -> str:
    actor = actors.get(actor_id)
    return f"{actor.name} ({actor_id})" if actor is not None and actor.kind is not ActorKind.STATE else actor_id


def _explanation(
    t: Transfer,
    actors: Mapping[str, Actor],
    regime: Regime,
    clause: str,
    reach: tuple[str, str],
    verdict: Verdict,
    because: str,
    years: tuple[int, ...],
) -> str:
    status = {
        TransferStatus.DELIVERED: "Delivered",
        TransferStatus.ORDERED: "Ordered (delivery not reported)",
        TransferStatus.ALLEGED: "Alleged (not confirmed)",
    }.get(t.status, t.status.value.capitalize())
    what = t.category.value + (f" ({t.designation})" if t.designation else "")
    dated = ", ".join(u.label for u in _units(t, _formed(actors.get(t.recipient))))
    _, item_why = _items(regime, t)
    exemptions = "; ".join(
        f"{e.name} from {e.start}{' until ' + str(e.end) if e.end else ''} ({e.citation}"
        + (f"; condition: {e.condition}" if e.condition else "")
        + (f"; not the government: {', '.join(e.not_government)}" if e.not_government else "")
        + ")"
        for e in regime.exemptions
    )
    text = (
        f"{verdict.value.upper()}: {status} transfer of {what} from {_name(t.supplier, actors)} to "
        f"{_name(t.recipient, actors)} ({dated}) under "
        f'the {regime.issuer.value} measure "{regime.name}" ({regime.binding.value}; {regime.citation}), in force '
        f"{_period_text(regime)}. Clause: {_clause_text(regime, clause)}. Reach: {reach[1]}. Items: {item_why}. "
        f"Exemptions considered: {exemptions or 'none in the measure'}. Grandfather clause: "
        + (
            f"contracts before {regime.grandfather.before} ({regime.grandfather.clause}, "
            + (f"on condition: {regime.grandfather.condition}, " if regime.grandfather.condition else "")
            + f"ordered {t.ordered or 'unknown'})"
            if regime.grandfather
            else "none"
        )
        + f". Years inside the period: {', '.join(map(str, years)) or 'none'}. "
    )
    if verdict is Verdict.POSSIBLE:
        text += f"Decided by: {because}."
    elif verdict is Verdict.COMPLIANT:
        text += f"Not a violation: {because}."
    else:
        text += f"Breach: {because}."
    sources = len(t.source_ids)
    if sources:
        text += f" Reported by {sources} source{'s' if sources > 1 else ''}."
    return f"{text} {review_sentence(t)}"


def violations(
    transfer: Transfer, regimes: Iterable[Regime], actors: Mapping[str, Actor] | None = None
) -> list[Violation]:
    """The measures this transfer breaches: the `violation` verdicts of `judge`."""
    return [v for v in judge(transfer, regimes, actors) if v.verdict is Verdict.VIOLATION]
