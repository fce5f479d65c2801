"""SIPRI Arms Transfers Database trade registers (CSV) → actors and transfers.

Two export layouts exist and are detected from the header:

* ``legacy16``: 16 columns, recipient first, Latin-1, one row per deal; three columns named ``' '`` hold
  ``?`` uncertainty flags for the column before each; ``Year(s) of delivery`` is a ``; ``-separated list.
* ``new17``: 17 columns (``SIPRI AT Database ID`` first, supplier before recipient), one row per deal *and*
  delivery year, ``Yes``/``No`` estimate flags, CRLF line ends and a stray ``;`` at the end of every line.

Each deal becomes one `Transfer` whose id is ``make_id("tr", "sipri", deal_key)``. The deal key is built from
what both layouts share — supplier id, recipient id, order year and the first word of the designation
("M-88A2 HERCULES" and "M-88A2" are the same deal) — plus an ordinal when one export holds several deals with
that key, so a newer export of either layout updates the same transfers. Names are mapped with
``ingest/sipri_names.yaml``.

The export is held in memory while keys are assigned (about 30k small rows); deals are yielded in file order.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InvalidInput
from graph.ids import actor_id, fingerprint, make_id, source_id
from graph.model import Actor, Evidence, Quantity, Source, Transfer
from graph.vocab import ActorKind, SourceKind, TransferStatus, WeaponCategory
from ingest.limits import BrokenFile, bounded_lines, csv_fields, open_bounded, truncated
from ingest.records import Records, Rejected
from ingest.resolve import resolve_country, state_actor

__all__ = [
    "LEGACY16",
    "NEW17",
    "SIPRI_SOURCE_ID",
    "SIPRI_URL",
    "detect_layout",
    "parse_sipri",
    "sipri_actor",
    "sipri_source",
    "weapon_category",
]

LEGACY16 = "legacy16"
NEW17 = "new17"
SIPRI_URL = "https://www.sipri.org/databases/armstransfers"
SIPRI_SOURCE_ID = source_id("register", "sipri")
CONFIDENCE = 0.95

_LEGACY_HEADER = [
    "Recipient", "Supplier", "Year of order", " ", "Number ordered", " ", "Weapon designation",
    "Weapon description", "Number delivered", " ", "Year(s) of delivery", "status", "Comments",
    "SIPRI TIV per unit", "SIPRI TIV for total order", "SIPRI TIV of delivered weapons",
]  # fmt: skip
_NEW_HEADER = [
    "SIPRI AT Database ID", "Supplier", "Recipient", "Designation", "Description", "Armament category",
    "Order date", "Order date is estimate", "Numbers delivered", "Numbers delivered is estimate",
    "Delivery year", "Delivery year is estimate", "Status", "SIPRI estimate", "TIV deal unit",
    "TIV delivery values", "Local production",
]  # fmt: skip
_HEADER_SCAN = 60
_GENERATED = re.compile(r"Data generated:\s*(\d{1,2} [A-Za-z]{3} \d{4})")
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_PARENS = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
_FIRST_DELIVERY_FLOOR = 1995  # the new17 export only covers deliveries from 1995


# ----------------------------------------------------------------------------------------- reference data


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    """The YAML mapping table, loaded once per process."""
    text = resources.files("ingest").joinpath("sipri_names.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@lru_cache(maxsize=1)
def _category_rules() -> tuple[dict[str, WeaponCategory], list[tuple[re.Pattern[str], WeaponCategory]]]:
    cats = _table()["categories"]
    exact = {k.casefold(): WeaponCategory(v) for k, v in cats["exact"].items()}
    rules = [(re.compile(rx, re.IGNORECASE), WeaponCategory(cat)) for rx, cat in cats["rules"]]
    return exact, rules


def weapon_category(description: str, armament: str | None = None) -> WeaponCategory | None:
    """The project's category for a SIPRI weapon description (or, failing that, SIPRI's armament category).

    Returns None when neither maps. O(number of rules); results are cached.
    """
    return _weapon_category(description.strip(), (armament or "").strip())


@lru_cache(maxsize=4096)
def _weapon_category(description: str, armament: str) -> WeaponCategory | None:
    exact, rules = _category_rules()
    found = exact.get(description.casefold())
    if found is not None:
        return found
    for rx, cat in rules:
        if rx.search(description):
            return cat
    by_armament: dict[str, str] = _table()["categories"]["armament"]
    return WeaponCategory(by_armament[armament]) if armament in by_armament else None


def _state_code(name: str) -> str | None:
    states: dict[str, str] = _table()["states"]
    code = states.get(name) or resolve_country(name)
    return code if code and re.fullmatch(r"[A-Z]{2}", code) else None


@lru_cache(maxsize=4096)
def sipri_actor(name: str) -> Actor | None:
    """The actor a SIPRI supplier/recipient name stands for, or None if it cannot be mapped. Cached.

    States by ISO code; ``Name (Country)*`` → armed group based in Country; ``Name**`` → multinational body;
    ``unknown supplier(s)`` / ``unknown recipient(s)`` → unknown actors; the YAML table handles the rest.
    """
    raw = name.strip()
    table = _table()
    if raw in table["unknown"]:
        label = table["unknown"][raw]
        return Actor(
            id=actor_id(ActorKind.UNKNOWN, label), kind=ActorKind.UNKNOWN, name=label, aliases=(raw,)
        )
    if raw in table["non_state"]:
        spec: dict[str, Any] = table["non_state"][raw]
        kind = ActorKind(spec.get("kind", ActorKind.ARMED_GROUP.value))
        country = spec.get("country")
        attributes = {"sipri_name": raw} | ({"note": spec["note"]} if spec.get("note") else {})
        return Actor(
            id=actor_id(kind, spec["name"], country),
            kind=kind,
            name=spec["name"],
            country=country,
            aliases=(raw,),
            attributes=attributes,
        )
    if raw.endswith("**"):
        label = raw[:-2].strip()
        return Actor(
            id=actor_id(ActorKind.MULTINATIONAL, label),
            kind=ActorKind.MULTINATIONAL,
            name=label,
            aliases=(raw,),
            attributes={"sipri_name": raw},
        )
    if raw.endswith("*"):
        base = raw[:-1].strip()
        group_country: str | None = None
        m = _PARENS.match(base)
        if m:
            base, where = m.group(1), m.group(2)
            group_country = _state_code(where)
            if group_country is None:
                return None
        elif base.casefold().endswith(" rebels"):
            group_country = _state_code(base[: -len(" rebels")])
            if group_country is None:
                return None
        return Actor(
            id=actor_id(ActorKind.ARMED_GROUP, base, group_country),
            kind=ActorKind.ARMED_GROUP,
            name=base,
            country=group_country,
            aliases=(raw,),
            attributes={"sipri_name": raw},
        )
    code = _state_code(raw)
    if code is None:
        return None
    names: dict[str, str] = table["state_names"]
    if code in names:
        return Actor(id=code, kind=ActorKind.STATE, name=names[code], country=code)
    return state_actor(code)


def sipri_source(published: date | None) -> Source:
    """The SIPRI register as a Source: one id for every export; `published` is the export's date."""
    return Source(
        id=SIPRI_SOURCE_ID,
        kind=SourceKind.REGISTER,
        title="SIPRI Arms Transfers Database",
        url=SIPRI_URL,
        publisher="SIPRI",
        published=published,
        language="en",
    )


# ----------------------------------------------------------------------------------------- reading


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.rstrip("\r\n")


def _split(line: str, layout: str | None) -> list[str]:
    if layout != LEGACY16 and line.endswith(";"):
        line = line[:-1]
    return csv_fields(line)


@dataclass
class _Head:
    layout: str
    generated: date | None
    header_line: int


def _read_head(path: Path) -> _Head:
    """Find the header (and the "Data generated" date) in the preamble. Raises InvalidInput."""
    generated: date | None = None
    try:
        with open_bounded(path, "SIPRI register") as f:
            for number, raw in bounded_lines(f):
                if number > _HEADER_SCAN:
                    break
                if raw is None:  # an over-long line cannot be the header
                    continue
                line = _decode(raw)
                m = _GENERATED.search(line)
                if m:
                    generated = datetime.strptime(m.group(1), "%d %b %Y").date()
                try:
                    fields = [c.strip() if c.strip() else c for c in _split(line, None)] if line else []
                except csv.Error:  # NUL bytes, a huge field: not a header line
                    continue
                if fields in (_LEGACY_HEADER, _NEW_HEADER):
                    layout = LEGACY16 if fields == _LEGACY_HEADER else NEW17
                    if generated is None:
                        fm = _FILE_DATE.search(path.name)
                        generated = date.fromisoformat(fm.group(1)) if fm else None
                    return _Head(layout, generated, number)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read SIPRI register ({exc.strerror or exc})") from exc
    except ValueError as exc:  # a file that is not text at all, or a malformed date
        raise InvalidInput(f"{path}: not a SIPRI trade register ({exc})") from exc
    raise InvalidInput(
        f"{path}: no SIPRI trade-register header (legacy 16 or new 17 columns) "
        f"in the first {_HEADER_SCAN} lines"
    )


def detect_layout(path: Path) -> str:
    """``"legacy16"`` or ``"new17"``, from the header (reads the preamble only). Raises InvalidInput."""
    return _read_head(path).layout


# ----------------------------------------------------------------------------------------- rows → deals


@dataclass
class _Deal:
    where: str
    layout: str
    supplier_name: str
    recipient_name: str
    supplier: Actor
    recipient: Actor
    order_year: int | None
    order_estimated: bool
    designation: str
    description: str
    armament: str | None = None
    number_ordered: int | None = None
    number_ordered_estimated: bool = False
    number_delivered: int | None = None
    number_delivered_estimated: bool = False
    delivery_years: list[int] = field(default_factory=list)
    delivery_years_estimated: bool = False
    deliveries: dict[int, int] = field(default_factory=dict)
    sipri_status: str | None = None
    comments: str | None = None
    tiv_unit: float | None = None
    tiv_total: float | None = None
    tiv_delivered: float | None = None
    sipri_id: str | None = None
    sipri_estimate: float | None = None
    local_production: bool | None = None


def _int(value: str, column: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{column}: not a whole number: {value!r}") from None


def _float(value: str, column: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"{column}: not a number: {value!r}") from None


def _year(value: str, column: str) -> int | None:
    year = _int(value, column)
    if year is not None and not 1900 <= year <= 2100:
        raise ValueError(f"{column}: year out of range: {year}")
    return year


def _flag(value: str, column: str) -> bool:
    v = value.strip().casefold()
    if v in ("", "no"):
        return False
    if v in ("?", "yes"):
        return True
    raise ValueError(f"{column}: unexpected estimate flag {value!r}")


def _actors(supplier: str, recipient: str) -> tuple[Actor, Actor]:
    s, r = sipri_actor(supplier), sipri_actor(recipient)
    missing = [n for n, a in ((supplier, s), (recipient, r)) if a is None]
    if missing:
        raise ValueError("unmapped SIPRI name(s): " + ", ".join(repr(n) for n in missing))
    assert s is not None and r is not None
    return s, r


def _legacy_deal(f: list[str], where: str) -> _Deal:
    if len(f) != 16:
        raise ValueError(f"expected 16 fields, got {len(f)}")
    supplier, recipient = _actors(f[1], f[0])
    years = [y for y in (_year(p, "Year(s) of delivery") for p in f[10].split(";")) if y is not None]
    if not f[6].strip() and not f[7].strip():
        raise ValueError("no weapon designation or description")
    return _Deal(
        where=where,
        layout=LEGACY16,
        supplier_name=f[1].strip(),
        recipient_name=f[0].strip(),
        supplier=supplier,
        recipient=recipient,
        order_year=_year(f[2], "Year of order"),
        order_estimated=_flag(f[3], "Year of order ?"),
        number_ordered=_int(f[4], "Number ordered"),
        number_ordered_estimated=_flag(f[5], "Number ordered ?"),
        designation=f[6].strip(),
        description=f[7].strip(),
        number_delivered=_int(f[8], "Number delivered"),
        number_delivered_estimated=_flag(f[9], "Number delivered ?"),
        delivery_years=sorted(set(years)),
        sipri_status=f[11].strip() or None,
        comments=f[12].strip() or None,
        tiv_unit=_float(f[13], "SIPRI TIV per unit"),
        tiv_total=_float(f[14], "SIPRI TIV for total order"),
        tiv_delivered=_float(f[15], "SIPRI TIV of delivered weapons"),
    )


def _new_row(
    f: list[str], where: str, deals: dict[str, _Deal], seen: dict[tuple[str, int | None], list[str]]
) -> None:
    """Fold one new17 row into its deal (created on first sight). Raises ValueError for a bad row.

    A row repeated verbatim (excerpts concatenate overlapping slices) is ignored.
    """
    if len(f) != 17:
        raise ValueError(f"expected 17 fields, got {len(f)}")
    deal_id = f[0].strip()
    if not deal_id.isdigit():
        raise ValueError(f"SIPRI AT Database ID: not a number: {deal_id!r}")
    order_year = _year(f[6], "Order date")
    year = _year(f[10], "Delivery year")
    previous = seen.get((deal_id, year))
    if previous is not None:
        if previous == f:
            return
        raise ValueError(f"deal {deal_id} has two different rows for delivery year {year}")
    number = _int(f[8], "Numbers delivered")
    tiv = _float(f[15], "TIV delivery values")
    flags = (_flag(f[7], "Order date is estimate"), _flag(f[9], "Numbers delivered is estimate"),
             _flag(f[11], "Delivery year is estimate"))  # fmt: skip
    deal = deals.get(deal_id)
    if deal is None:
        supplier, recipient = _actors(f[1], f[2])
        if not f[3].strip() and not f[4].strip():
            raise ValueError("no designation or description")
        deal = _Deal(
            where=where,
            layout=NEW17,
            supplier_name=f[1].strip(),
            recipient_name=f[2].strip(),
            supplier=supplier,
            recipient=recipient,
            order_year=order_year,
            order_estimated=flags[0],
            designation=f[3].strip(),
            description=f[4].strip(),
            armament=f[5].strip() or None,
            sipri_status=f[12].strip() or None,
            tiv_unit=_float(f[14], "TIV deal unit"),
            sipri_id=deal_id,
            sipri_estimate=_float(f[13], "SIPRI estimate"),
            local_production=_flag(f[16], "Local production"),
        )
        deals[deal_id] = deal
    else:
        known_values = (
            ("Supplier", 1, deal.supplier_name),
            ("Recipient", 2, deal.recipient_name),
            ("Designation", 3, deal.designation),
        )
        for column, index, known in known_values:
            if f[index].strip() != known:
                raise ValueError(
                    f"{column} {f[index].strip()!r} differs from earlier rows of deal {deal_id} ({known!r})"
                )
        if order_year != deal.order_year:
            raise ValueError(
                f"Order date {order_year} differs from earlier rows of deal {deal_id} ({deal.order_year})"
            )
    seen[(deal_id, year)] = f
    deal.order_estimated = deal.order_estimated or flags[0]
    if year is not None:
        deal.deliveries[year] = number or 0
        deal.delivery_years = sorted(deal.deliveries)
        deal.number_delivered = (deal.number_delivered or 0) + (number or 0)
        deal.number_delivered_estimated = deal.number_delivered_estimated or flags[1]
        deal.delivery_years_estimated = deal.delivery_years_estimated or flags[2]
        if tiv is not None:
            deal.tiv_delivered = round((deal.tiv_delivered or 0.0) + tiv, 6)


# ----------------------------------------------------------------------------------------- deals → records


def _stem(deal: _Deal) -> str:
    words = deal.designation.split()
    return fingerprint(words[0]) if words else "~" + fingerprint(deal.description)


def _assign_keys(deals: list[_Deal]) -> list[str]:
    """Deal keys: supplier|recipient|order year|designation stem, plus ``#n`` for the n-th sharing one."""
    groups: dict[str, list[int]] = {}
    bases: list[str] = []
    for i, d in enumerate(deals):
        base = "|".join((d.supplier.id, d.recipient.id, str(d.order_year or ""), _stem(d)))
        bases.append(base)
        groups.setdefault(base, []).append(i)
    keys = list(bases)
    for base, members in groups.items():
        if len(members) < 2:
            continue

        def order(i: int) -> tuple[int, str, str, int, int]:
            d = deals[i]
            first = d.delivery_years[0] if d.delivery_years else 9999
            qty = d.number_ordered if d.number_ordered is not None else d.number_delivered or 0
            return (
                max(first, _FIRST_DELIVERY_FLOOR),
                fingerprint(d.designation),
                fingerprint(d.description),
                qty,
                i,
            )

        for n, i in enumerate(sorted(members, key=order)):
            if n:
                keys[i] = f"{base}#{n + 1}"
    return keys


def _quote(d: _Deal) -> str:
    ordered = "" if d.order_year is None else f", ordered {d.order_year}{'?' if d.order_estimated else ''}"
    qty = (
        f"{d.number_ordered}{'?' if d.number_ordered_estimated else ''} "
        if d.number_ordered is not None
        else ""
    )
    parts = [f"{d.supplier_name} -> {d.recipient_name}: {qty}{d.designation} ({d.description}){ordered}"]
    if d.delivery_years:
        n = (
            ""
            if d.number_delivered is None
            else f"{d.number_delivered}{'?' if d.number_delivered_estimated else ''} "
        )
        years = ", ".join(str(y) for y in d.delivery_years)
        parts.append(f"{n}delivered {years}")
    else:
        parts.append("no deliveries")
    if d.sipri_status:
        parts.append(d.sipri_status)
    if d.comments:
        parts.append(d.comments)
    return "; ".join(parts)


def _transfer(d: _Deal, key: str, generated: date | None) -> Transfer:
    delivered = bool(d.delivery_years)
    status = TransferStatus.DELIVERED if delivered else TransferStatus.ORDERED
    category = weapon_category(d.description, d.armament) or WeaponCategory.OTHER
    quantity: Quantity | None = None
    if d.number_ordered is not None:
        estimated = d.number_ordered_estimated
        quantity = Quantity(low=d.number_ordered, high=d.number_ordered, estimated=estimated,
                            text=f"{d.number_ordered}{'?' if estimated else ''} ordered")  # fmt: skip
    elif d.number_delivered is not None:
        estimated = d.number_delivered_estimated
        quantity = Quantity(low=d.number_delivered, high=d.number_delivered, estimated=estimated,
                            text=f"{d.number_delivered}{'?' if estimated else ''} delivered")  # fmt: skip
    first = str(d.delivery_years[0]) if delivered else None
    ordered = None if d.order_year is None else str(d.order_year)
    attributes: dict[str, Any] = {
        "deal_key": key,
        "sipri_layout": d.layout,
        "number_ordered": d.number_ordered,
        "number_delivered": d.number_delivered,
        "tiv_unit": d.tiv_unit,
        "tiv_delivered": d.tiv_delivered,
        "sipri_status": d.sipri_status,
        "order_year_estimated": d.order_estimated,
        "number_delivered_estimated": d.number_delivered_estimated,
    }
    if d.layout == LEGACY16:
        attributes |= {
            "tiv_total": d.tiv_total,
            "comments": d.comments,
            "number_ordered_estimated": d.number_ordered_estimated,
        }
    else:
        attributes |= {
            "sipri_id": d.sipri_id,
            "armament_category": d.armament,
            "deliveries": {str(y): n for y, n in d.deliveries.items()},
            "delivery_years_estimated": d.delivery_years_estimated,
            "sipri_estimate": d.sipri_estimate,
            "local_production": d.local_production,
        }
    evidence = Evidence(
        source_id=SIPRI_SOURCE_ID,
        source_kind=SourceKind.REGISTER,
        quote=_quote(d),
        language="en",
        status=status,
        confidence=CONFIDENCE,
        extractor=f"sipri:{d.layout}",
        when=first or ordered,
        reported=generated,
    )
    return Transfer(
        id=make_id("tr", "sipri", key),
        supplier=d.supplier.id,
        recipient=d.recipient.id,
        category=category,
        designation=d.designation or None,
        description=d.description or None,
        quantity=quantity,
        ordered=ordered,
        delivered=first,
        delivery_years=tuple(d.delivery_years),
        status=status,
        confidence=CONFIDENCE,
        evidence=(evidence,),
        attributes=attributes,
    )


def parse_sipri(path: Path) -> Iterator[Records | Rejected]:
    """Parse a SIPRI trade-register CSV export of either layout.

    Yields first ``Records(sources=(source,))``, then one
    ``Records(actors=(supplier, recipient), transfers=(t,))`` per deal, in file order, and a `Rejected` for
    every row that cannot be used (wrong field count, bad number, unmapped name). Raises InvalidInput naming
    the file if it cannot be read or has no SIPRI header — at call time, before iteration.
    O(rows) time; memory O(deals).
    """
    path = Path(path)
    head = _read_head(path)
    return _parse(path, head)


def _parse(path: Path, head: _Head) -> Iterator[Records | Rejected]:
    yield Records(sources=(sipri_source(head.generated),))
    deals: list[_Deal] = []
    by_id: dict[str, _Deal] = {}
    seen: dict[tuple[str, int | None], list[str]] = {}
    rows = 0
    try:
        with open_bounded(path, "SIPRI register") as f:
            for number, raw in bounded_lines(f):
                if number <= head.header_line:
                    continue
                where = f"{path.name}:{number}"
                if raw is None:
                    rows += 1
                    yield Rejected(where=where, reason="line longer than the record limit (SKG_MAX_RECORD_BYTES)")
                    continue
                line = _decode(raw)
                if not line.strip().strip(";").strip():
                    continue
                rows += 1
                try:
                    fields = _split(line, head.layout)
                    if head.layout == LEGACY16:
                        deals.append(_legacy_deal(fields, where))
                    else:
                        known = len(by_id)
                        _new_row(fields, where, by_id, seen)
                        if len(by_id) > known:
                            deals.append(by_id[fields[0].strip()])
                except (ValueError, csv.Error) as exc:
                    if not raw.endswith(b"\n"):
                        raise truncated(path, number, str(exc)) from exc
                    yield Rejected(where=where, reason=str(exc))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read SIPRI register ({exc.strerror or exc})") from exc
    if rows == 0:
        raise BrokenFile(f"{path}:{head.header_line}: a SIPRI header with no rows after it (truncated export?)")
    keys = _assign_keys(deals)
    for deal, key in zip(deals, keys, strict=True):
        yield Records(
            actors=(deal.supplier, deal.recipient), transfers=(_transfer(deal, key, head.generated),)
        )
