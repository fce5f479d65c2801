"""Curated reference data shipped with the package: arms embargo regimes and EU membership.

The YAML files are read once per process (`importlib.resources`, results cached). Every entry is validated
when loaded; an invalid entry raises `ValueError` naming the file and the entry.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

import yaml

from graph.ids import actor_id, regime_id
from graph.model import Actor, Regime
from graph.vocab import ActorKind, Direction, Issuer, WeaponCategory

__all__ = [
    "EU_BINDS",
    "UN_BINDS",
    "eu_binding_periods",
    "eu_bound",
    "eu_members",
    "load_regime_targets",
    "load_regimes",
    "parse_eu_members",
    "parse_regimes",
    "target_ids",
]

REGIMES_FILE = "regimes.yaml"
EU_MEMBERS_FILE = "eu_members.yaml"
#: `Regime.binds` markers: every state (UN), the EU member states on the day.
UN_BINDS = "*"
EU_BINDS = "EU"

_REGIME_KEYS = {
    "issuer", "program", "name", "target", "direction", "categories", "scope", "legal_basis",
    "start", "end", "suspensions", "binds", "url", "notes",
}  # fmt: skip
_REQUIRED = {"issuer", "program", "name", "target", "direction", "legal_basis", "start", "binds"}
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
        )
    except ValueError as exc:  # includes pydantic.ValidationError
        raise ValueError(f"{where}: {exc}") from exc


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
    return regimes, list(targets.values())


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


def parse_eu_members(
    text: str, filename: str = EU_MEMBERS_FILE
) -> dict[str, tuple[date, date | None, date | None]]:
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
        code
        for code, (joined, left, _) in _eu_table().items()
        if joined <= on and (left is None or on <= left)
    )


def eu_binding_periods() -> dict[str, tuple[date, date | None]]:
    """Per state, the period [from, until) in which EU measures bind it: membership plus any transition period
    (the UK stayed bound by EU law until 31 Dec 2020)."""
    return {code: (joined, until) for code, (joined, _, until) in _eu_table().items()}


def eu_bound(on: date) -> frozenset[str]:
    """ISO codes of the states bound by EU sanctions on that day (members plus the UK until 31 Dec 2020)."""
    return frozenset(
        code for code, (s, u) in eu_binding_periods().items() if s <= on and (u is None or on < u)
    )
