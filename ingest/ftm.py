"""FollowTheMoney / OpenSanctions JSON lines (plain entities or delta files) → actors with their sanctions.

Entities are read with the `followthemoney` library. People, companies, organizations, legal entities and
vessels become actors whose id is ``make_id(<kind prefix>, "ftm", ftm_id)`` and which keep the FtM id and the
full entity (``attributes["ftm"]``) so data round-trips. `Sanction` entities are attached to their target's
``attributes["sanctions"]``; because a sanction may come before or after its target, a file is read whole
before anything is yielded (OpenSanctions exports of this kind are small). Delta lines
(``{"op": "ADD"|"MOD"|"DEL", "entity": {...}}``) are folded per entity id, the last operation winning.
Other schemata (Address, Ownership, ...) are skipped and counted in `FtmStats`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from graph.errors import InvalidInput
from graph.ids import make_id, source_id
from graph.model import Actor, Source
from graph.vocab import ActorKind, SourceKind
from ingest.limits import BrokenFile, bounded_lines, file_size, load_json, open_bounded, truncated
from ingest.records import Records, Rejected

__all__ = ["OPENSANCTIONS_SOURCE_ID", "FtmStats", "ftm_actor_id", "ftm_kind", "parse_ftm", "sanction_dict"]

OPENSANCTIONS_SOURCE_ID = source_id("sanctions_list", "opensanctions")

#: FtM schema → actor kind, most specific first (a Company is also an Organization and a LegalEntity).
_KINDS: tuple[tuple[str, ActorKind], ...] = (
    ("Person", ActorKind.PERSON),
    ("Vessel", ActorKind.VESSEL),
    ("Company", ActorKind.COMPANY),
    ("Organization", ActorKind.ORGANIZATION),
    ("LegalEntity", ActorKind.ORGANIZATION),
)
_PREFIX = {
    ActorKind.PERSON: "per",
    ActorKind.VESSEL: "ves",
    ActorKind.COMPANY: "com",
    ActorKind.ORGANIZATION: "org",
}
_OPS = ("ADD", "MOD", "DEL")
_QID = re.compile(r"^Q\d+$")
_ISO2 = re.compile(r"^[a-z]{2}$")
#: FtM codes for former states → the two-letter ids the project uses (see ingest.resolve).
_FTM_HISTORICAL = {"suhh": "SU", "csxx": "CS", "yucs": "YU", "ddde": "DD"}


@dataclass
class FtmStats:
    """What a parse saw besides the records it yields: lines per operation, skipped schemata, sanctions."""

    lines: int = 0
    ops: dict[str, int] = field(default_factory=dict)
    skipped_schemata: dict[str, int] = field(default_factory=dict)
    sanctions: int = 0
    sanctions_attached: int = 0
    #: Sanctions whose target is not in the file (a delta line changing only the sanction): not applied.
    sanctions_orphaned: int = 0


def ftm_kind(proxy: EntityProxy) -> ActorKind | None:
    """The actor kind for an FtM entity, or None when its schema is not an actor (Sanction, Address, ...)."""
    for schema, kind in _KINDS:
        if proxy.schema.is_a(schema):
            return kind
    return None


def ftm_actor_id(kind: ActorKind, ftm_id: str) -> str:
    """Project actor id of an FtM entity: ``<prefix>-<hash of "ftm", ftm_id>``."""
    return make_id(_PREFIX[kind], "ftm", ftm_id)


def _first(proxy: EntityProxy, prop: str) -> str | None:
    values: list[str] = proxy.get(prop, quiet=True)
    return values[0] if values else None


def _country(proxy: EntityProxy) -> str | None:
    for prop in ("country", "nationality", "jurisdiction"):
        for code in proxy.get(prop, quiet=True):
            code = code.strip().lower()
            if code in _FTM_HISTORICAL:
                return _FTM_HISTORICAL[code]
            if _ISO2.match(code) and code not in ("zz", "eu"):
                return code.upper()
    return None


def sanction_dict(proxy: EntityProxy) -> dict[str, Any]:
    """The summary of a `Sanction` entity kept on its target actor."""
    return {
        "ftm_id": proxy.id,
        "authority": _first(proxy, "authority"),
        "program": _first(proxy, "program"),
        "start": _first(proxy, "startDate") or _first(proxy, "listingDate") or _first(proxy, "date"),
        "end": _first(proxy, "endDate"),
        "reason": _first(proxy, "reason"),
        "source_url": _first(proxy, "sourceUrl"),
    }


def _actor(
    proxy: EntityProxy, kind: ActorKind, raw: dict[str, Any], sanctions: list[dict[str, Any]]
) -> Actor:
    ftm_id = str(proxy.id)
    caption = raw.get("caption")
    name = caption if isinstance(caption, str) and caption.strip() else proxy.caption or ftm_id
    aliases: list[str] = []
    for prop in ("name", "alias", "previousName", "weakAlias"):
        for value in proxy.get(prop, quiet=True):
            if value != name and value not in aliases:
                aliases.append(value)
    wikidata = _first(proxy, "wikidataId") or (ftm_id if _QID.match(ftm_id) else None)
    attributes: dict[str, Any] = {
        "ftm": proxy.to_dict(),
        "ftm_schema": proxy.schema.name,
        "countries": sorted(
            {c.upper() for p in ("country", "nationality", "jurisdiction") for c in proxy.get(p, quiet=True)}
        ),
        "topics": proxy.get("topics", quiet=True),
        "datasets": raw.get("datasets", []),
        "first_seen": raw.get("first_seen"),
        "last_seen": raw.get("last_seen"),
        "last_change": raw.get("last_change"),
    }
    if sanctions:
        attributes["sanctions"] = sanctions
    return Actor(
        id=ftm_actor_id(kind, ftm_id),
        kind=kind,
        name=name,
        country=_country(proxy),
        aliases=tuple(aliases),
        ftm_id=ftm_id,
        wikidata=wikidata,
        attributes={k: v for k, v in attributes.items() if v not in (None, [], "")},
    )


def opensanctions_source() -> Source:
    return Source(
        id=OPENSANCTIONS_SOURCE_ID,
        kind=SourceKind.SANCTIONS_LIST,
        title="OpenSanctions",
        url="https://www.opensanctions.org/",
        publisher="OpenSanctions",
    )


@dataclass
class _Entry:
    where: str
    op: str
    proxy: EntityProxy | None  # None for DEL
    raw: dict[str, Any]
    #: For a DEL of an entity seen earlier in the file: its kind, so the deletion names the right id.
    deleted_kind: ActorKind | None = None


def parse_ftm(path: Path, stats: FtmStats | None = None) -> Iterator[Records | Rejected]:
    """Parse an FtM / OpenSanctions JSON-lines file (entities, or a delta of ``op`` lines).

    Yields ``Records(sources=(source,))`` first, then one ``Records(actors=(actor,))`` per actor entity
    (with its sanctions attached) and ``Records(deletions=ids)`` per ``DEL``, in order of first appearance,
    and a `Rejected` (``file:line``) for a line that is not JSON (or nests deeper than SKG_MAX_NESTING_DEPTH, or is
    longer than SKG_MAX_RECORD_BYTES), has an unknown op, or an entity with a field of the wrong type.
    Raises BrokenFile for bytes that are not UTF-8 or a file without entities, TooLarge for a file over
    SKG_MAX_FILE_BYTES.
    A ``DEL`` of an id not seen in the file names the id under every actor kind (the line does not say the
    schema; deleting an absent id is a no-op). Raises InvalidInput naming the file if it is missing (at call
    time) or unreadable. O(lines) time and memory (the file is grouped in memory).
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: FollowTheMoney file not found")
    file_size(path, "FollowTheMoney file")
    return _parse(path, stats if stats is not None else FtmStats())


#: Top-level fields read from a raw entity besides id/schema/properties, with the type each must have.
_RAW_FIELDS: tuple[tuple[str, type], ...] = (
    ("caption", str),
    ("datasets", list),
    ("first_seen", str),
    ("last_seen", str),
    ("last_change", str),
)


def _type_error(data: dict[str, Any]) -> str | None:
    """Why a raw entity's fields have the wrong JSON types, or None. Checked before FtM sees the entity."""
    if not isinstance(data.get("schema"), str):
        return "'schema' is not a string"
    props = data.get("properties", {})
    if not isinstance(props, dict):
        return "'properties' is not an object"
    for prop, values in props.items():
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            return f"property {prop!r} is not a list of strings"
    for name, kind in _RAW_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, kind):
            return f"{name!r} is not a {'string' if kind is str else 'list'}"
    datasets = data.get("datasets") or []
    if not all(isinstance(d, str) for d in datasets):
        return "'datasets' is not a list of strings"
    return None


def _entry(data: Any, where: str, stats: FtmStats) -> _Entry | Rejected:
    """One decoded line → an entry, or the reason it cannot be used (every field's type is checked)."""
    if not isinstance(data, dict):
        return Rejected(where=where, reason="not a JSON object")
    op = "ADD"
    if "op" in data:
        if not isinstance(data["op"], str) or data["op"].upper() not in _OPS:
            return Rejected(where=where, reason=f"unknown delta op {data['op']!r:.80}")
        op = data["op"].upper()
        data = data.get("entity")
        if not isinstance(data, dict):
            return Rejected(where=where, reason="delta line without an entity object")
    stats.ops[op] = stats.ops.get(op, 0) + 1
    if not isinstance(data.get("id"), str) or not data["id"]:
        return Rejected(where=where, reason="entity without an id")
    if op == "DEL":
        return _Entry(where, op, None, data)
    problem = _type_error(data)
    if problem is not None:
        return Rejected(where=where, reason=f"invalid FtM entity {data['id']!r:.80}: {problem}")
    try:
        proxy = model.get_proxy(data, cleaned=False)
    except (FollowTheMoneyException, TypeError, ValueError) as exc:
        return Rejected(where=where, reason=f"invalid FtM entity {data['id']!r:.80}: {exc}")
    return _Entry(where, op, proxy, data)


def _read(path: Path, stats: FtmStats) -> Iterator[_Entry | Rejected]:
    try:
        with open_bounded(path, "FollowTheMoney file") as f:
            for number, raw in bounded_lines(f):
                where = f"{path.name}:{number}"
                if raw is None:
                    stats.lines += 1
                    yield Rejected(where=where, reason="line longer than the record limit (SKG_MAX_RECORD_BYTES)")
                    continue
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise BrokenFile(f"{path}:{number}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
                if not line.strip():
                    continue
                stats.lines += 1
                try:
                    data = load_json(line)
                except ValueError as exc:
                    if not raw.endswith(b"\n"):
                        raise truncated(path, number, str(exc)) from exc
                    yield Rejected(where=where, reason=str(exc))
                    continue
                yield _entry(data, where, stats)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read FollowTheMoney file ({exc.strerror or exc})") from exc


def _parse(path: Path, stats: FtmStats) -> Iterator[Records | Rejected]:
    latest: dict[str, _Entry] = {}  # ftm id → last entry (insertion order = first appearance)
    for item in _read(path, stats):
        if isinstance(item, Rejected):
            yield item
            continue
        key = str(item.raw["id"])
        if key in latest and item.proxy is None:
            previous = latest[key]
            item.deleted_kind = (
                ftm_kind(previous.proxy) if previous.proxy is not None else previous.deleted_kind
            )
        latest[key] = item
    if stats.lines == 0:
        raise BrokenFile(f"{path}: no FollowTheMoney entities (an empty file)")
    sanctions: dict[str, list[dict[str, Any]]] = {}
    for entry in latest.values():
        if entry.proxy is not None and entry.proxy.schema.is_a("Sanction"):
            stats.sanctions += 1
            for target in entry.proxy.get("entity", quiet=True):
                sanctions.setdefault(target, []).append(sanction_dict(entry.proxy))
    yield Records(sources=(opensanctions_source(),))
    attached: set[str] = set()
    for key, entry in latest.items():
        if entry.proxy is None:
            kinds = [entry.deleted_kind] if entry.deleted_kind is not None else list(_PREFIX)
            yield Records(deletions=tuple(ftm_actor_id(k, key) for k in kinds))
            continue
        kind = ftm_kind(entry.proxy)
        if kind is None:
            if not entry.proxy.schema.is_a("Sanction"):
                name = entry.proxy.schema.name
                stats.skipped_schemata[name] = stats.skipped_schemata.get(name, 0) + 1
            continue
        own = sanctions.get(key, [])
        if own:
            attached.add(key)
        yield Records(actors=(_actor(entry.proxy, kind, entry.raw, own),))
    stats.sanctions_attached = sum(len(v) for k, v in sanctions.items() if k in attached)
    stats.sanctions_orphaned = sum(len(v) for k, v in sanctions.items() if k not in attached)
