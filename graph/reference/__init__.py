"""Curated reference data shipped with the package: arms embargo regimes and EU membership.

The YAML files are read once per process (`importlib.resources`, results cached). Every entry is validated
when loaded; an invalid entry raises `ValueError` naming the file and the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from graph.ids import actor_id, regime_id
from graph.model import Actor, Binding, Exemption, Grandfather, Licensing, Reach, Regime
from graph.vocab import ActorKind, Direction, Issuer, WeaponCategory

__all__ = [
    "EU_BINDS",
    "UN_BINDS",
    "brokers",
    "eu_binding_periods",
    "eu_bound",
    "eu_members",
    "exemption_findings",
    "load_regime_targets",
    "load_regimes",
    "mtcr_designations",
    "parse_brokers",
    "parse_eu_members",
    "parse_findings",
    "parse_mtcr_items",
    "parse_parties",
    "parse_regimes",
    "party_formed",
    "target_ids",
    "us_origin_items",
]

REGIMES_FILE = "regimes.yaml"
EU_MEMBERS_FILE = "eu_members.yaml"
#: `Regime.binds` markers: every state (UN), the EU member states on the day.
UN_BINDS = "*"
EU_BINDS = "EU"

_REGIME_KEYS = {
    "issuer", "program", "name", "target", "direction", "categories", "scope", "legal_basis",
    "start", "end", "suspensions", "binds", "url", "notes",
    "binding", "reach", "territory", "region", "region_terms", "items", "clause", "citation", "exemptions",
    "grandfather", "uk_applied", "licensing",
}  # fmt: skip
_REQUIRED = {"issuer", "program", "name", "target", "direction", "legal_basis", "start", "binds", "citation"}
_EXEMPTION_KEYS = {
    "name", "applies_to", "start", "end", "condition", "excluded_categories", "citation", "not_government",
    "issuer_licence", "light_weapons",
}  # fmt: skip
_NOT_GOVERNMENT_KEYS = {"terms", "citation"}
_LICENSING_KEYS = {"law", "citation"}
_GRANDFATHER_KEYS = {"before", "clause", "citation", "condition"}
_ITEM_SCOPES = {"all", "un_register", "mtcr", "usml"}
_APPLIES_TO = {"government", "peacekeeping", "all"}
_TARGET_KEYS = {"name", "country", "aliases", "kind", "notes"}
_ISO2 = re.compile(r"^[A-Z]{2}$")
_NON_STATE_KEY = re.compile(r"^grp:[a-z0-9-]+$")


def _load_yaml(text: str, filename: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(f"{filename}: invalid YAML: {exc}") from exc


def _read(filename: str) -> str:
    return resources.files(__name__).joinpath(filename).read_text(encoding="utf-8")


def _as_date(value: Any, what: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{what}: expected an ISO date (YYYY-MM-DD), got {value!r}")


def _opt_date(value: Any, what: str) -> date | None:
    return None if value is None else _as_date(value, what)


def _str_list(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what}: expected a list of strings, got {value!r}")
    return tuple(v.strip() for v in value)


def _parse_targets(raw: Any, filename: str) -> dict[str, Actor]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError(f"{filename}: `targets` must be a mapping of key -> {{name, country, aliases}}")
    out: dict[str, Actor] = {}
    for key, entry in raw.items():
        where = f"{filename}: targets[{key!r}]"
        if not isinstance(key, str) or not _NON_STATE_KEY.match(key):
            raise ValueError(f"{where}: a non-state target key looks like 'grp:some-name'")
        if not isinstance(entry, dict) or "name" not in entry:
            raise ValueError(f"{where}: expected a mapping with at least `name`")
        unknown = set(entry) - _TARGET_KEYS
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
        country = entry.get("country")
        if country is not None and not (isinstance(country, str) and _ISO2.match(country)):
            raise ValueError(f"{where}: country must be an ISO 3166-1 alpha-2 code, got {country!r}")
        try:
            kind = ActorKind(entry.get("kind", ActorKind.ARMED_GROUP.value))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        name = str(entry["name"])
        aliases = _str_list(entry.get("aliases", []), f"{where}.aliases")
        attributes: dict[str, Any] = {"reference_key": key}
        if entry.get("notes"):
            attributes["notes"] = str(entry["notes"])
        out[key] = Actor(
            id=actor_id(kind, name, country),
            kind=kind,
            name=name,
            country=country,
            aliases=aliases,
            attributes=attributes,
        )
    return out


def _parse_regime(entry: Any, index: int, targets: dict[str, Actor], filename: str) -> Regime:
    label = entry.get("name", "?") if isinstance(entry, dict) else "?"
    where = f"{filename}: regimes[{index}] ({label})"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: expected a mapping")
    unknown = set(entry) - _REGIME_KEYS
    missing = _REQUIRED - set(entry)
    if unknown or missing:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}, missing field(s) {sorted(missing)}")
    try:
        issuer = Issuer(entry["issuer"])
        direction = Direction(entry["direction"])
        categories = tuple(WeaponCategory(c) for c in entry.get("categories") or [])
        legal_basis = _str_list(entry["legal_basis"], "legal_basis")
        if not legal_basis or not all(legal_basis):
            raise ValueError("legal_basis must name at least one act")
        target_raw = str(entry["target"])
        if target_raw in targets:
            target = targets[target_raw].id
        elif _ISO2.match(target_raw):
            target = target_raw
        else:
            raise ValueError(f"target {target_raw!r} is neither an ISO alpha-2 code nor a key of `targets:`")
        start = _as_date(entry["start"], "start")
        end = _opt_date(entry.get("end"), "end")
        if end is not None and end <= start:
            raise ValueError(f"end {end} is not after start {start}")
        suspensions: list[tuple[date, date | None]] = []
        for pair in entry.get("suspensions") or []:
            if not isinstance(pair, list) or len(pair) != 2:
                raise ValueError(f"a suspension is a [from, until] pair, got {pair!r}")
            s, u = _as_date(pair[0], "suspension from"), _opt_date(pair[1], "suspension until")
            if u is not None and u <= s:
                raise ValueError(f"suspension {s}..{u} ends before it starts")
            if s <= start or (end is not None and (s >= end or (u is not None and u > end))):
                raise ValueError(f"suspension {s}..{u} is not inside the period {start}..{end}")
            previous_until = suspensions[-1][1] if suspensions else start
            if previous_until is None or s < previous_until:
                raise ValueError("suspensions must be ordered and must not overlap")
            suspensions.append((s, u))
        binds = _str_list(entry["binds"], "binds")
        for b in binds:
            if b not in (UN_BINDS, EU_BINDS) and not _ISO2.match(b):
                raise ValueError(f"binds: {b!r} is not '*', 'EU' or an ISO alpha-2 code")
        citation = str(entry.get("citation") or "").strip()
        if not citation:
            raise ValueError("missing citation (the act and paragraph/article that imposes the measure)")
        reach = Reach(entry.get("reach", Reach.STATE.value))
        territory = entry.get("territory") or (
            target if _ISO2.match(target) else next((a.country for a in targets.values() if a.id == target), None)
        )
        if territory is not None and not _ISO2.match(str(territory)):
            raise ValueError(f"territory {territory!r} is not an ISO alpha-2 code")
        if reach is not Reach.NAMED and reach is not Reach.STATE and territory is None:
            raise ValueError(f"reach {reach.value!r} needs a `territory`")
        region_terms = _str_list(entry.get("region_terms", []), "region_terms")
        if reach is Reach.REGION and (not entry.get("region") or not region_terms):
            raise ValueError("reach 'region' needs `region` and `region_terms`")
        items = str(entry.get("items", "all"))
        if items not in _ITEM_SCOPES:
            raise ValueError(f"items {items!r} is not one of {sorted(_ITEM_SCOPES)}")
        exemptions = tuple(_parse_exemption(e, j) for j, e in enumerate(entry.get("exemptions") or []))
        grandfather = _parse_grandfather(entry["grandfather"]) if entry.get("grandfather") else None
        licensing = _parse_licensing(entry["licensing"]) if entry.get("licensing") else None
        return Regime(
            id=regime_id(issuer.value, target, legal_basis[0], start.isoformat()),
            issuer=issuer,
            program=str(entry["program"]),
            name=str(entry["name"]),
            target=target,
            direction=direction,
            categories=categories,
            scope=" ".join(str(entry.get("scope") or "all arms").split()),
            legal_basis=legal_basis,
            start=start,
            end=end,
            suspensions=tuple(suspensions),
            binds=binds,
            url=entry.get("url"),
            notes=" ".join(str(entry["notes"]).split()) if entry.get("notes") else None,
            binding=Binding(entry.get("binding", Binding.LEGAL.value)),
            reach=reach,
            territory=territory,
            region=entry.get("region"),
            region_terms=region_terms,
            items=items,
            clause=entry.get("clause"),
            citation=citation,
            exemptions=exemptions,
            grandfather=grandfather,
            licensing=licensing,
        )
    except ValueError as exc:  # includes pydantic.ValidationError
        raise ValueError(f"{where}: {exc}") from exc


def _parse_exemption(raw: Any, j: int) -> Exemption:
    where = f"exemptions[{j}]"
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping")
    _check_cited(where, raw, str(raw.get("name", "?")), _EXEMPTION_KEYS)
    applies_to = str(raw.get("applies_to", "government"))
    if applies_to not in _APPLIES_TO:
        raise ValueError(f"{where}: applies_to {applies_to!r} is not one of {sorted(_APPLIES_TO)}")
    start = _as_date(raw.get("start"), f"{where}.start")
    end = _opt_date(raw.get("end"), f"{where}.end")
    if end is not None and end <= start:
        raise ValueError(f"{where}: end {end} is not after start {start}")
    terms, terms_cite = _parse_not_government(raw.get("not_government"), f"{where}.not_government")
    if terms and applies_to != "government":
        raise ValueError(f"{where}: not_government only applies to a government exemption")
    issuer_licence = (
        _parse_licensing(raw["issuer_licence"], f"{where}.issuer_licence") if raw.get("issuer_licence") else None
    )
    if issuer_licence is not None and not raw.get("condition"):
        raise ValueError(f"{where}: issuer_licence needs the `condition` it decides")
    return Exemption(
        name=str(raw.get("name") or where),
        applies_to=applies_to,
        start=start,
        end=end,
        condition=" ".join(str(raw["condition"]).split()) if raw.get("condition") else None,
        excluded_categories=tuple(WeaponCategory(c) for c in raw.get("excluded_categories") or []),
        citation=str(raw["citation"]),
        not_government=terms,
        not_government_citation=terms_cite,
        issuer_licence=issuer_licence,
        light_weapons=bool(raw.get("light_weapons", False)),
    )


def _parse_not_government(raw: Any, where: str) -> tuple[tuple[str, ...], str | None]:
    """`not_government: {terms, citation}`: who does not count as the government the exemption names."""
    if raw is None:
        return (), None
    raw = _small_mapping(raw, where, _NOT_GOVERNMENT_KEYS)
    terms = _str_list(raw.get("terms", []), f"{where}.terms")
    if not terms or not str(raw.get("citation") or "").strip():
        raise ValueError(f"{where}: needs `terms` and a `citation`")
    return terms, str(raw["citation"])


def _small_mapping(raw: Any, where: str, keys: frozenset[str] | set[str]) -> dict[str, Any]:
    """A nested entry such as `licensing:` or `grandfather:`: a mapping with no field outside `keys`."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected a mapping {{{', '.join(sorted(keys))}}}")
    unknown = set(raw) - keys
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
    return raw


def _parse_licensing(raw: Any, where: str = "licensing") -> Licensing:
    raw = _small_mapping(raw, where, _LICENSING_KEYS)
    if not raw.get("law") or not raw.get("citation"):
        raise ValueError(f"{where}: missing law or citation")
    return Licensing(law=" ".join(str(raw["law"]).split()), citation=" ".join(str(raw["citation"]).split()))


def _parse_grandfather(raw: Any) -> Grandfather:
    raw = _small_mapping(raw, "grandfather", _GRANDFATHER_KEYS)
    if not raw.get("citation") or not raw.get("clause"):
        raise ValueError("grandfather: missing clause or citation")
    return Grandfather(
        before=_as_date(raw.get("before"), "grandfather.before"),
        clause=str(raw["clause"]),
        citation=str(raw["citation"]),
        condition=" ".join(str(raw["condition"]).split()) if raw.get("condition") else None,
    )


def _overlap_key(r: Regime) -> tuple[object, ...]:
    """Two entries with this key may not be in force on the same day: it would be one measure counted twice."""
    return (r.issuer, r.program, r.target, r.direction, r.categories, r.items, r.reach, r.region, r.binds)


def _meet(a: Regime, b: Regime) -> bool:
    """Whether two regimes are in force on a common day (suspensions cut out)."""
    for s1, u1 in a.intervals():
        for s2, u2 in b.intervals():
            if (u1 is None or s2 < u1) and (u2 is None or s1 < u2):
                return True
    return False


def _check_overlaps(regimes: list[Regime], filename: str) -> None:
    by_key: dict[tuple[object, ...], list[Regime]] = {}
    for r in regimes:
        by_key.setdefault(_overlap_key(r), []).append(r)
    for group in by_key.values():
        for k, a in enumerate(group):
            for b in group[k + 1 :]:
                if not _meet(a, b):
                    continue
                raise ValueError(
                    f"{filename}: overlapping periods: {a.name!r} ({a.start}..{a.end or 'open'}) and "
                    f"{b.name!r} ({b.start}..{b.end or 'open'}) are the same measure on the same target"
                )


def parse_regimes(text: str, filename: str = REGIMES_FILE) -> tuple[list[Regime], list[Actor]]:
    """Regimes and non-state target actors from the YAML text of a regimes file. O(entries).

    Raises ValueError naming `filename` and the entry for anything invalid (unknown field, bad date or enum,
    end before start, suspension outside the period, unknown target, duplicate id).
    """
    doc = _load_yaml(text, filename)
    if not isinstance(doc, dict) or not isinstance(doc.get("regimes"), list):
        raise ValueError(f"{filename}: expected a mapping with a `regimes:` list")
    targets = _parse_targets(doc.get("targets"), filename)
    regimes: list[Regime] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(doc["regimes"]):
        regime = _parse_regime(entry, i, targets, filename)
        if regime.id in seen:
            raise ValueError(
                f"{filename}: regimes[{i}] ({regime.name}): duplicate id {regime.id} "
                f"(same issuer, target, first legal basis and start as regimes[{seen[regime.id]}])"
            )
        seen[regime.id] = i
        regimes.append(regime)
        if isinstance(entry, dict) and entry.get("uk_applied"):
            regimes.append(_uk_applied(regime, entry["uk_applied"], i, filename))
    _check_overlaps(regimes, filename)
    return regimes, list(targets.values())


#: Before it left the EU, the UK applied every EU arms embargo as a member (bound until 31 Dec 2020, the end of
#: the transition period) and enforced it through its own export-control orders; it applied UN measures by Orders
#: in Council under the United Nations Act 1946. `uk_applied` on an EU or UN entry names that UK instrument (a
#: string, or a mapping {citation, until} when a later UK measure took over), and the loader derives the UK
#: measure from it (issuer UK, binds GB, same scope) until then, at the latest until 2021, when the UK's own
#: post-Brexit regimes (their own entries) begin.
_UK_OWN_FROM = date(2021, 1, 1)
_UK_APPLIED_KEYS = {"citation", "until"}


def _uk_applied(base: Regime, raw: Any, index: int, filename: str) -> Regime:
    where = f"{filename}: regimes[{index}] ({base.name}).uk_applied"
    until = _UK_OWN_FROM
    if isinstance(raw, dict):
        if set(raw) - _UK_APPLIED_KEYS or "citation" not in raw:
            raise ValueError(f"{where}: expected {{citation, until}}, got fields {sorted(raw)}")
        try:
            until = min(until, _as_date(raw.get("until") or _UK_OWN_FROM, "until"))
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        raw = raw["citation"]
    if not isinstance(raw, str) or not raw.strip():
        raise ValueError(f"{where}: expected the citation of the UK instrument that enforced it")
    if base.issuer not in (Issuer.EU, Issuer.UN):
        raise ValueError(f"{where}: only EU and UN measures were applied by the UK as such")
    start = max(base.start, eu_binding_periods()["GB"][0]) if base.issuer is Issuer.EU else base.start
    end = min(base.end, until) if base.end else until
    if end <= start:
        raise ValueError(f"{where}: the measure was not in force while the UK applied it")
    legal_basis = (raw.strip(), *base.legal_basis)
    how = (
        "Applied by the UK as an EU member state until 31 Dec 2020 (derived from the EU entry)."
        if base.issuer is Issuer.EU
        else "Applied by the UK by Order in Council under the United Nations Act 1946 (derived from the UN entry)."
    )
    return base.model_copy(
        update={
            "id": regime_id(Issuer.UK.value, base.target, legal_basis[0], start.isoformat()),
            "issuer": Issuer.UK,
            # a UN measure keeps its own programme: the UK applied it beside any EU measure on the same target
            "program": "UK " + base.program.removeprefix("EU ").removeprefix("EC/EU "),
            "name": (
                base.name.replace("EC/EU ", "UK (EC/EU) ").replace("EU ", "UK (EU) ", 1)
                if base.issuer is Issuer.EU
                else base.name.replace("UN ", "UK (UN) ", 1)
            ),
            "legal_basis": legal_basis,
            "start": start,
            "end": end,
            "suspensions": tuple(s for s in base.suspensions if s[0] < end),
            "binds": ("GB",),
            "citation": f"{raw.strip()}, applying {base.citation}",
            "notes": how,
        }
    )


@cache
def _regimes_and_targets() -> tuple[tuple[Regime, ...], tuple[Actor, ...]]:
    regimes, targets = parse_regimes(_read(REGIMES_FILE), REGIMES_FILE)
    return tuple(regimes), tuple(targets)


def load_regimes() -> list[Regime]:
    """All curated regimes (graph/reference/regimes.yaml). Parsed once per process; returns a new list."""
    return list(_regimes_and_targets()[0])


def load_regime_targets() -> list[Actor]:
    """The non-state actors that curated regimes target (the file's `targets:` section), as Actors."""
    return list(_regimes_and_targets()[1])


def target_ids() -> dict[str, str]:
    """Map of the file's non-state target keys ("grp:houthis") to actor ids."""
    return {str(a.attributes["reference_key"]): a.id for a in _regimes_and_targets()[1]}


def parse_eu_members(text: str, filename: str = EU_MEMBERS_FILE) -> dict[str, tuple[date, date | None, date | None]]:
    """Per member state code: `(joined, left, bound_until)`, where `left` is the last day of membership and
    `bound_until` the first day EU law no longer binds it (None while a member). Raises ValueError naming the
    entry. O(members)."""
    doc = _load_yaml(text, filename)
    if not isinstance(doc, dict) or not isinstance(doc.get("members"), list):
        raise ValueError(f"{filename}: expected a mapping with a `members:` list")
    out: dict[str, tuple[date, date | None, date | None]] = {}
    for i, entry in enumerate(doc["members"]):
        where = f"{filename}: members[{i}]"
        if not isinstance(entry, dict) or not _ISO2.match(str(entry.get("code", ""))):
            raise ValueError(f"{where}: expected a mapping with an ISO alpha-2 `code`")
        code = str(entry["code"])
        try:
            joined = _as_date(entry.get("joined"), "joined")
            left = _opt_date(entry.get("left"), "left")
            law_until = _opt_date(entry.get("eu_law_until"), "eu_law_until") or left
        except ValueError as exc:
            raise ValueError(f"{where} ({code}): {exc}") from exc
        if left is not None and (left < joined or law_until is None or law_until < left):
            raise ValueError(f"{where} ({code}): dates out of order")
        if code in out:
            raise ValueError(f"{where}: duplicate code {code}")
        out[code] = (joined, left, law_until + timedelta(days=1) if law_until else None)
    return out


@cache
def _eu_table() -> dict[str, tuple[date, date | None, date | None]]:
    return parse_eu_members(_read(EU_MEMBERS_FILE), EU_MEMBERS_FILE)


def eu_members(on: date) -> frozenset[str]:
    """ISO codes of the EU (EC) member states on that day; the UK is one until 31 Jan 2020. O(members)."""
    return frozenset(
        code for code, (joined, left, _) in _eu_table().items() if joined <= on and (left is None or on <= left)
    )


def eu_binding_periods() -> dict[str, tuple[date, date | None]]:
    """Per state, the period [from, until) in which EU measures bind it: membership plus any transition period
    (the UK stayed bound by EU law until 31 Dec 2020)."""
    return {code: (joined, until) for code, (joined, _, until) in _eu_table().items()}


def eu_bound(on: date) -> frozenset[str]:
    """ISO codes of the states bound by EU sanctions on that day (members plus the UK until 31 Dec 2020)."""
    return frozenset(code for code, (s, u) in eu_binding_periods().items() if s <= on and (u is None or on < u))


MTCR_FILE = "mtcr_items.yaml"
_MTCR_KEYS = {"designation", "range_km", "citation", "covered"}


def parse_mtcr_items(text: str, filename: str = MTCR_FILE) -> dict[str, tuple[bool, str]]:
    """Casefolded designation -> (covered by the MTCR-based list, citation). Raises ValueError naming the entry."""
    out: dict[str, tuple[bool, str]] = {}
    for _, entry in _cited_entries(text, filename, "covered", "designation", _MTCR_KEYS):
        out[str(entry["designation"]).casefold()] = (bool(entry.get("covered", True)), str(entry["citation"]))
    return out


def _cited_entries(
    text: str, filename: str, list_key: str, name_key: str, allowed: set[str]
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, entry) for each entry of the `list_key:` list of a reference file, each checked to be a mapping with
    a `name_key`, no unknown field and a citation. Raises ValueError naming the entry."""
    doc = _load_yaml(text, filename)
    if not isinstance(doc, dict) or not isinstance(doc.get(list_key), list):
        raise ValueError(f"{filename}: expected a mapping with a `{list_key}:` list")
    for i, entry in enumerate(doc[list_key]):
        where = f"{filename}: {list_key}[{i}]"
        if not isinstance(entry, dict) or not entry.get(name_key):
            raise ValueError(f"{where}: expected a mapping with a `{name_key}`")
        _check_cited(where, entry, str(entry[name_key]), allowed)
        yield where, entry


def _check_cited(where: str, entry: dict[str, Any], name: str, allowed: set[str]) -> None:
    """A reference entry has only `allowed` fields and a citation; ValueError naming the entry otherwise."""
    unknown = set(entry) - allowed
    if unknown:
        raise ValueError(f"{where} ({name}): unknown field(s) {sorted(unknown)}")
    if not entry.get("citation"):
        raise ValueError(f"{where} ({name}): missing citation")


@cache
def mtcr_designations() -> dict[str, tuple[bool, str]]:
    """Designations whose status under the MTCR-based list of UNSCR 2231 Annex B is known (mtcr_items.yaml)."""
    return parse_mtcr_items(_read(MTCR_FILE), MTCR_FILE)


PARTIES_FILE = "parties.yaml"
_PARTY_KEYS = {"name", "country", "formed", "citation"}


def parse_parties(text: str, filename: str = PARTIES_FILE) -> dict[tuple[str, str | None], tuple[date, str]]:
    """(casefolded name, country) -> (founding date, citation). Raises ValueError naming the entry."""
    out: dict[tuple[str, str | None], tuple[date, str]] = {}
    for where, entry in _cited_entries(text, filename, "parties", "name", _PARTY_KEYS):
        formed = _as_date(entry.get("formed"), f"{where}.formed")
        out[(str(entry["name"]).casefold(), entry.get("country"))] = (formed, str(entry["citation"]))
    return out


@cache
def party_formed() -> dict[tuple[str, str | None], tuple[date, str]]:
    """Founding dates of non-state parties (parties.yaml)."""
    return parse_parties(_read(PARTIES_FILE), PARTIES_FILE)


FINDINGS_FILE = "findings.yaml"
_FINDING_KEYS = {"measure", "supplier", "recipient", "years", "met", "finding", "citation", "designations"}

#: (measure name, supplier, recipient) -> [(first year, last year, condition met, finding, citation, designations)];
#: designations (casefolded) narrow a finding to those items, empty = every item of the pair.
Findings = dict[tuple[str, str, str], list[tuple[int, int, bool, str, str, tuple[str, ...]]]]


def parse_findings(text: str, filename: str = FINDINGS_FILE, measures: set[str] | None = None) -> Findings:
    """Documented facts on whether an exemption's condition (notification, approval) was met, keyed by measure,
    supplier and recipient. Raises ValueError naming the entry: unknown field, missing citation, bad years, a
    `met` that is not true/false, or a measure not in `measures` (the regimes' names) when given."""
    out: Findings = {}
    for where, entry in _cited_entries(text, filename, "findings", "measure", _FINDING_KEYS):
        name = str(entry["measure"])
        if measures is not None and name not in measures:
            raise ValueError(f"{where} ({name}): no measure of that name in {REGIMES_FILE}")
        years = entry.get("years")
        if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)) or (
            years[0] > years[1]
        ):
            raise ValueError(f"{where} ({name}): years must be [first, last]")
        if not isinstance(entry.get("met"), bool):
            raise ValueError(f"{where} ({name}): met must be true or false")
        for key in ("supplier", "recipient", "finding"):
            if not entry.get(key):
                raise ValueError(f"{where} ({name}): missing {key}")
        key3 = (name, str(entry["supplier"]), str(entry["recipient"]))
        designations = tuple(d.casefold() for d in _str_list(entry.get("designations", []), f"{where}.designations"))
        out.setdefault(key3, []).append(
            (
                years[0],
                years[1],
                entry["met"],
                " ".join(str(entry["finding"]).split()),
                str(entry["citation"]),
                designations,
            )
        )
    return out


BROKERS_FILE = "brokers.yaml"
_BROKER_KEYS = {"state", "supplier", "recipient", "years", "who", "finding", "citation"}
#: (supplier, recipient) -> [(state, first year, last year, who, finding, citation)]
Brokers = dict[tuple[str, str], list[tuple[str, int, int, str, str, str]]]


def parse_brokers(text: str, filename: str = BROKERS_FILE) -> Brokers:
    """Documented persons under a state's jurisdiction who arranged a transfer between two other states. Raises
    ValueError naming the entry: unknown field, missing citation, a state that is not an ISO code, bad years."""
    out: Brokers = {}
    for where, entry in _cited_entries(text, filename, "brokers", "who", _BROKER_KEYS):
        name = str(entry["who"])
        if not _ISO2.match(str(entry.get("state") or "")):
            raise ValueError(f"{where} ({name}): state must be an ISO alpha-2 code")
        years = entry.get("years")
        if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)) or (
            years[0] > years[1]
        ):
            raise ValueError(f"{where} ({name}): years must be [first, last]")
        for key in ("supplier", "recipient", "finding"):
            if not entry.get(key):
                raise ValueError(f"{where} ({name}): missing {key}")
        out.setdefault((str(entry["supplier"]), str(entry["recipient"])), []).append(
            (
                str(entry["state"]),
                years[0],
                years[1],
                name,
                " ".join(str(entry["finding"]).split()),
                str(entry["citation"]),
            )
        )
    return out


@cache
def brokers() -> Brokers:
    """Documented brokers and carriers under a state's jurisdiction (brokers.yaml)."""
    return parse_brokers(_read(BROKERS_FILE), BROKERS_FILE)


@cache
def exemption_findings() -> Findings:
    """The documented exemption-condition facts of findings.yaml, checked against the regimes' names."""
    return parse_findings(_read(FINDINGS_FILE), FINDINGS_FILE, {r.name for r in load_regimes()})


US_ORIGIN_FILE = "us_origin.yaml"
_US_ORIGIN_KEYS = {"designation", "citation"}


def parse_us_origin(text: str, filename: str = US_ORIGIN_FILE) -> dict[str, str]:
    """Casefolded designation -> citation of defence articles of US origin. Raises ValueError naming the entry."""
    return {
        str(entry["designation"]).casefold(): str(entry["citation"])
        for _, entry in _cited_entries(text, filename, "items", "designation", _US_ORIGIN_KEYS)
    }


@cache
def us_origin_items() -> dict[str, str]:
    """Defence articles of US origin whose re-transfer needs US consent (us_origin.yaml)."""
    return parse_us_origin(_read(US_ORIGIN_FILE), US_ORIGIN_FILE)
