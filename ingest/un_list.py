"""UN Security Council Consolidated List (``CONSOLIDATED_LIST`` XML) → person and organization actors.

Streams the file with lxml's `iterparse` (no DTD, no entity expansion, no network, libxml2's size limits) and
frees each record once read, so memory stays flat; nesting depth and record size are bounded (ingest.limits).
The UN reference number ("KPe.001") is the natural key: actor ids are ``actor_id(kind, reference, "UN")``.
Quirks handled: reference numbers with trailing spaces, empty alias placeholders, ``LISTED_ON`` dates with a
time-zone suffix ("2015-04-07-04:00"), dates of birth as ``DATE``, ``YEAR``, ``FROM_YEAR``/``TO_YEAR`` or a
free-text ``NOTE``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from graph.errors import InvalidInput
from graph.ids import actor_id, source_id
from graph.model import Actor, Source
from graph.settings import get_settings
from graph.vocab import ActorKind, SourceKind
from ingest.limits import BrokenFile, CountingReader, file_size, open_bounded
from ingest.records import Records, Rejected
from ingest.resolve import resolve_country

__all__ = ["UN_LIST_SOURCE_ID", "UN_LIST_URL", "entity_kind", "parse_un_list", "un_country", "un_list_source"]

UN_LIST_URL = "https://scsanctions.un.org/resources/xml/en/consolidated.xml"
UN_LIST_SOURCE_ID = source_id("sanctions_list", "un-consolidated")

_ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_SPACES = re.compile(r"\s+")
#: Words that make a listed entity a company rather than an organization (whole words, upper-cased name).
_COMPANY_WORDS = re.compile(
    r"\b(CORPORATION|CORP|COMPANY|CO|LTD|LIMITED|LLC|INC|GMBH|BANK|TRADING|SHIPPING|ENTERPRISE|ENTERPRISES|"
    r"INDUSTRIES|INDUSTRY|INDUSTRIAL|GROUP|HOLDING|HOLDINGS|FACTORY|S\.?A|JSC|PLC|FIRM|EXCHANGE|INSURANCE)\b"
)
#: UN country names that `countrynames` does not know.
_UN_COUNTRIES = {
    "former soviet union": "SU",
    "china, hong kong special administrative region": "HK",
    "state of palestine": "PS",
}


def _text(value: str | None) -> str | None:
    """Whitespace-normalized text, None for an empty element."""
    if value is None:
        return None
    cleaned = _SPACES.sub(" ", value).strip()
    return cleaned or None


def un_country(name: str | None) -> str | None:
    """ISO alpha-2 code for a UN country name ("Democratic People's Republic of Korea" → KP), or None."""
    cleaned = _text(name)
    if cleaned is None:
        return None
    return _UN_COUNTRIES.get(cleaned.casefold()) or resolve_country(cleaned)


def entity_kind(name: str) -> ActorKind:
    """COMPANY when an entity's name reads like a business ("... TRADING CORPORATION"), else ORGANIZATION."""
    return ActorKind.COMPANY if _COMPANY_WORDS.search(name.upper()) else ActorKind.ORGANIZATION


def _values(elem: Any, tag: str) -> list[str]:
    """Texts of ``<TAG><VALUE>...</VALUE></TAG>`` lists, empty values dropped."""
    out: list[str] = []
    for container in elem.findall(tag):
        for v in container.findall("VALUE"):
            t = _text(v.text)
            if t:
                out.append(t)
    return out


def _iso_date(value: str | None) -> str | None:
    cleaned = _text(value)
    if cleaned is None:
        return None
    m = _ISO_DATE.match(cleaned)
    if not m:
        return None
    try:
        return date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


def _birth_dates(elem: Any, tag: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for d in elem.findall(tag):
        item: dict[str, str] = {}
        kind = _text(d.findtext("TYPE_OF_DATE"))
        if kind:
            item["type"] = kind
        exact = _iso_date(d.findtext("DATE"))
        if exact:
            item["date"] = exact
        for field, key in (
            ("YEAR", "year"),
            ("FROM_YEAR", "from_year"),
            ("TO_YEAR", "to_year"),
            ("NOTE", "note"),
        ):
            v = _text(d.findtext(field))
            if v:
                item[key] = v
        if set(item) - {"type"}:
            out.append(item)
    return out


def _places(elem: Any, tag: str) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for a in elem.findall(tag):
        item = {c.tag.lower(): t for c in a if isinstance(c.tag, str) and (t := _text(c.text))}
        if item:
            out.append(item)
    return out


def _record(elem: Any, where: str) -> Actor:
    """One INDIVIDUAL or ENTITY element → Actor. Raises ValueError when the record lacks its key fields."""
    is_person = elem.tag == "INDIVIDUAL"
    prefix = "INDIVIDUAL" if is_person else "ENTITY"
    reference = _text(elem.findtext("REFERENCE_NUMBER"))
    if not reference:
        raise ValueError("no REFERENCE_NUMBER")
    parts = [_text(elem.findtext(t)) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    name = " ".join(p for p in parts if p)
    if not name:
        raise ValueError(f"{reference}: no name")
    kind = ActorKind.PERSON if is_person else entity_kind(name)
    aliases: list[str] = []
    for a in elem.findall(f"{prefix}_ALIAS"):
        alias = _text(a.findtext("ALIAS_NAME"))
        if alias and alias != name and alias not in aliases:
            aliases.append(alias)
    original = _text(elem.findtext("NAME_ORIGINAL_SCRIPT"))
    if original and original not in aliases:
        aliases.append(original)
    nationality = _values(elem, "NATIONALITY")
    addresses = _places(elem, f"{prefix}_ADDRESS")
    codes = [c for c in (un_country(n) for n in nationality) if c]
    address_codes = [c for c in (un_country(a.get("country")) for a in addresses) if c]
    attributes: dict[str, Any] = {
        "un_reference": reference,
        "un_list_type": _text(elem.findtext("UN_LIST_TYPE")),
        "un_dataid": _text(elem.findtext("DATAID")),
        "listed_on": _iso_date(elem.findtext("LISTED_ON")),
        "comments": _text(elem.findtext("COMMENTS1")),
        "list_type": _values(elem, "LIST_TYPE"),
        "last_updated": [d for d in (_iso_date(v) for v in _values(elem, "LAST_DAY_UPDATED")) if d],
        "addresses": addresses,
    }
    if is_person:
        attributes |= {
            "nationality": nationality,
            "nationality_codes": codes,
            "designation": _values(elem, "DESIGNATION"),
            "title": _values(elem, "TITLE"),
            "gender": _text(elem.findtext("GENDER")),
            "date_of_birth": _birth_dates(elem, "INDIVIDUAL_DATE_OF_BIRTH"),
            "place_of_birth": _places(elem, "INDIVIDUAL_PLACE_OF_BIRTH"),
        }
    return Actor(
        id=actor_id(kind, reference, "UN"),
        kind=kind,
        name=name,
        country=next(iter(codes + address_codes), None),
        aliases=tuple(aliases),
        attributes={k: v for k, v in attributes.items() if v not in (None, [], "")},
    )


def un_list_source(published: date | None) -> Source:
    return Source(
        id=UN_LIST_SOURCE_ID,
        kind=SourceKind.SANCTIONS_LIST,
        title="United Nations Security Council Consolidated List",
        url=UN_LIST_URL,
        publisher="United Nations Security Council",
        published=published,
        language="en",
    )


def parse_un_list(path: Path) -> Iterator[Records | Rejected]:
    """Parse a UN Consolidated List XML file.

    Yields ``Records(sources=(source,))`` first (published = the list's ``dateGenerated``), then one
    ``Records(actors=(actor,))`` per INDIVIDUAL / ENTITY, and a `Rejected` (``file.xml:INDIVIDUAL#n``) for a
    record without reference number or name. Raises InvalidInput naming the file when it cannot be opened or is
    over SKG_MAX_FILE_BYTES (at call time), and BrokenFile (an InvalidInput) naming the file and line when it is
    not well-formed XML anywhere — truncated, bytes not in its declared encoding — is not a
    ``CONSOLIDATED_LIST``, holds no records, nests deeper than SKG_MAX_NESTING_DEPTH, declares a DTD (entity
    expansion), or has a record over SKG_MAX_RECORD_BYTES. Such errors can come after records were yielded: the
    caller reads the whole file before writing (ingest.pipeline.read_whole). O(records) time, O(1) memory.
    """
    path = Path(path)
    if not path.is_file():
        raise InvalidInput(f"{path}: UN consolidated list not found")
    file_size(path, "UN consolidated list")
    return _parse(path)


def _parser_events(f: CountingReader) -> Iterator[tuple[str, Any]]:
    """lxml events with a parser configured for hostile input: no DTD loading, no entity expansion, no
    network, libxml2's default limits on text size and depth (huge_tree off)."""
    return etree.iterparse(  # type: ignore[no-any-return]
        f,
        events=("start", "end"),
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )


def _parse(path: Path) -> Iterator[Records | Rejected]:
    settings = get_settings()
    counts = {"INDIVIDUAL": 0, "ENTITY": 0}
    depth = 0
    record_start: int | None = None
    try:
        with open_bounded(path, "UN consolidated list") as f:
            for event, elem in _parser_events(f):
                if event == "start":
                    depth += 1
                    if depth > settings.max_nesting_depth:
                        raise BrokenFile(
                            f"{path}:{elem.sourceline}: XML nested deeper than {settings.max_nesting_depth} levels"
                        )
                    if depth == 1:
                        _check_root(path, elem)
                        generated = _iso_date(elem.get("dateGenerated"))
                        yield Records(
                            sources=(un_list_source(date.fromisoformat(generated) if generated else None),),
                            complete_list="un_reference",  # the whole list: entries it lacks were delisted
                        )
                    elif elem.tag in counts and depth == 3:
                        record_start = f.count
                    elif record_start is not None:
                        _check_record_size(path, elem, f.count - record_start, settings.max_record_bytes)
                    continue
                depth -= 1
                if elem.tag not in counts or depth != 2:
                    continue
                if record_start is not None:
                    _check_record_size(path, elem, f.count - record_start, settings.max_record_bytes)
                record_start = None
                counts[elem.tag] += 1
                where = f"{path.name}:{elem.tag}#{counts[elem.tag]}"
                try:
                    yield Records(actors=(_record(elem, where),))
                except ValueError as exc:
                    yield Rejected(where=where, reason=str(exc))
                elem.clear()
                while elem.getprevious() is not None:  # free the records already read
                    del elem.getparent()[0]
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        raise BrokenFile(f"{path}:{line}:{column}: not well-formed XML, nothing imported ({exc.msg})") from exc
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read UN consolidated list ({exc.strerror or exc})") from exc
    if sum(counts.values()) == 0:
        raise BrokenFile(f"{path}: a CONSOLIDATED_LIST without INDIVIDUAL or ENTITY records")


def _check_root(path: Path, root: Any) -> None:
    if root.tag != "CONSOLIDATED_LIST":
        raise BrokenFile(f"{path}:{root.sourceline}: root element is <{root.tag}>, not <CONSOLIDATED_LIST>")
    doctype = root.getroottree().docinfo
    if doctype.internalDTD is not None or doctype.doctype:
        raise BrokenFile(f"{path}: a DOCTYPE declaration (entities, DTD) is not accepted in the UN list")


def _check_record_size(path: Path, elem: Any, read: int, limit: int) -> None:
    """Bytes read since the record began (to the parser's chunk) against SKG_MAX_RECORD_BYTES."""
    if read > limit:
        raise BrokenFile(f"{path}:{elem.sourceline}: a record over {limit:,} bytes (SKG_MAX_RECORD_BYTES)")
