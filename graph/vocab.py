"""Enumerations of the graph's vocabulary: the only place labels, relationship types and statuses are spelled."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "REPORTED_STATUSES",
    "ActorKind",
    "DatePrecision",
    "Direction",
    "Issuer",
    "Label",
    "RelType",
    "SourceKind",
    "TransferStatus",
    "WeaponCategory",
]


class Label(StrEnum):
    """Neo4j node labels."""

    ACTOR = "Actor"
    REGIME = "Regime"
    SOURCE = "Source"
    #: Review (graph/decisions.py): reviewers' decisions, the append-only audit log, and the claim index that
    #: finds the transfer holding a claim (one node per piece of evidence: id and transfer id).
    DECISION = "Decision"
    AUDIT_ENTRY = "AuditEntry"
    CLAIM = "Claim"
    #: One open entry of the review queue (graph/review_priority.py), kept in the write that changes it.
    QUEUE_ENTRY = "QueueEntry"


class RelType(StrEnum):
    """Neo4j relationship types."""

    TRANSFER = "TRANSFER"  # (supplier)-[:TRANSFER]->(recipient): one transfer, with its evidence
    TARGETS = "TARGETS"  # (regime)-[:TARGETS]->(actor)
    #: (supplier)-[:SUPPLIES]->(recipient): one per pair with transfers, holding their per-status aggregates
    #: (graph/pair_aggregates.py); derived from the TRANSFER relationships, never written on its own.
    SUPPLIES = "SUPPLIES"
    PART_OF = "PART_OF"  # (non-state actor)-[:PART_OF]->(state it belongs to / is based in)


class ActorKind(StrEnum):
    STATE = "state"
    ARMED_GROUP = "armed_group"
    ORGANIZATION = "organization"
    COMPANY = "company"
    PERSON = "person"
    VESSEL = "vessel"
    MULTINATIONAL = "multinational"
    UNKNOWN = "unknown"


class TransferStatus(StrEnum):
    """What the evidence says happened. Order matters: stronger statuses come first (see `strength`)."""

    DELIVERED = "delivered"
    ORDERED = "ordered"
    ALLEGED = "alleged"
    DENIED = "denied"
    #: A reviewer rejected the transfer (or every claim of it): set by graph/review_apply.py, never by a source.
    #: Last, because the Neo4j SUPPLIES tallies store statuses by position (graph/pair_aggregates.py).
    REJECTED = "rejected"

    @property
    def strength(self) -> int:
        """Higher is stronger; merging evidence keeps the strongest affirmative status."""
        return {"delivered": 3, "ordered": 2, "alleged": 1, "denied": 0, "rejected": -1}[self.value]

    @property
    def affirmative(self) -> bool:
        return self not in (TransferStatus.DENIED, TransferStatus.REJECTED)


#: The statuses a source may give (`rejected` is a reviewer's).
REPORTED_STATUSES = tuple(s for s in TransferStatus if s is not TransferStatus.REJECTED)


class SourceKind(StrEnum):
    NEWS = "news"
    REGISTER = "register"
    SANCTIONS_LIST = "sanctions_list"
    REFERENCE = "reference"


class DatePrecision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class Issuer(StrEnum):
    """Who imposes a sanctions regime."""

    UN = "UN"
    EU = "EU"
    US = "US"
    UK = "UK"
    OSCE = "OSCE"
    ECOWAS = "ECOWAS"
    AU = "AU"
    LAS = "LAS"
    OTHER = "OTHER"


class Direction(StrEnum):
    """Which flows of arms a regime forbids, seen from its target."""

    IMPORT = "import"  # arms may not be supplied TO the target
    EXPORT = "export"  # the target may not supply arms
    BOTH = "both"


class WeaponCategory(StrEnum):
    """The project's weapon taxonomy: SIPRI's categories plus what news reports name.

    Multilingual aliases and designations live in graph/reference/weapons.yaml."""

    AIRCRAFT = "aircraft"
    AIR_DEFENCE = "air_defence"
    ANTI_SUBMARINE = "anti_submarine"
    ARMOURED_VEHICLE = "armoured_vehicle"
    ARTILLERY = "artillery"
    AMMUNITION = "ammunition"
    DRONE = "drone"
    ENGINE = "engine"
    MISSILE = "missile"
    NAVAL_WEAPON = "naval_weapon"
    ROCKET = "rocket"
    SATELLITE = "satellite"
    SENSOR = "sensor"
    SHIP = "ship"
    SMALL_ARMS = "small_arms"
    OTHER = "other"
    UNSPECIFIED = "arms"  # "weapons" / "armes" without more detail
