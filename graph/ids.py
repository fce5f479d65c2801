"""Deterministic ids from natural keys, so re-ingesting a source produces the same nodes and edges.

States use their ISO 3166-1 alpha-2 code as id ("KP"). Everything else gets `<prefix>-<16 hex>` from a SHA-1 of
its normalized natural key; the prefix says what kind of thing it is.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from graph.vocab import ActorKind, WeaponCategory

__all__ = ["actor_id", "claim_id", "fingerprint", "make_id", "regime_id", "source_id", "transfer_id"]

_PREFIX = {
    ActorKind.ARMED_GROUP: "grp",
    ActorKind.ORGANIZATION: "org",
    ActorKind.COMPANY: "com",
    ActorKind.PERSON: "per",
    ActorKind.VESSEL: "ves",
    ActorKind.MULTINATIONAL: "mul",
    ActorKind.UNKNOWN: "unk",
}
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fingerprint(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name: "Hezbollah (Lebanon)*" -> "hezbollah lebanon"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", stripped).strip()


def make_id(prefix: str, *parts: object) -> str:
    key = "\x1f".join("" if p is None else str(p) for p in parts)
    return f"{prefix}-{hashlib.sha1(key.encode('utf-8')).hexdigest()[:16]}"


def actor_id(kind: ActorKind, name: str, country: str | None = None) -> str:
    """States: the ISO code itself (pass it as `name`). Others: hashed fingerprint of name and home country."""
    if kind is ActorKind.STATE:
        code = name.strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise ValueError(f"a state id is an ISO 3166-1 alpha-2 code, got {name!r}")
        return code
    return make_id(_PREFIX[kind], fingerprint(name), (country or "").upper())


def transfer_id(supplier: str, recipient: str, category: WeaponCategory, period: str | None) -> str:
    """Key of a reported transfer: reports of the same supplier, recipient, category and period merge."""
    return make_id("tr", supplier, recipient, category.value, period or "")


def source_id(kind: str, locator: str) -> str:
    """A source's id from its kind and a locator (URL, file name + content hash, register release)."""
    return make_id("src", kind, locator)


def regime_id(issuer: str, target: str, legal_basis: str, start: str) -> str:
    return make_id("reg", issuer, target, legal_basis, start)


def claim_id(source_id: str, start: int | None, end: int | None, extractor: str, supplier: str, recipient: str) -> str:
    """A claim's id from its natural key: the document, the sentence's offsets in it, the rule that fired
    (graph.model.Evidence.key) and the parties it found (one sentence may report several transfers, and the
    extractor keeps one claim per sentence and pair). Re-extracting the same document reproduces it, whatever else
    the rules now conclude (category, status, dates); a rule change that swaps or replaces a party makes another
    claim, and decisions on the old one are reported orphaned. A register row, whose offsets are empty, is reviewed
    through its transfer's id instead (built from the register's own deal key)."""
    return make_id("cl", source_id, start, end, extractor, supplier, recipient)
