"""The review loop's operations on a store: record a decision (checked against the store first, written with its
audit entry in one write), list reviews and orphaned decisions, export and import decisions as JSONL.

Decisions live beside the machine's output and point at it by stable ids (graph/decisions.py), so re-ingesting
sources never touches them: a decision whose target is gone is *orphaned*, listed by `orphaned`, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from pydantic import ValidationError

from graph.decisions import (
    AuditEntry,
    CorrectableField,
    Decision,
    Review,
    audit_entry,
    standing,
)
from graph.errors import InvalidInput, NotFound
from graph.store import GraphStore

__all__ = [
    "ImportReport",
    "decide",
    "export_decisions",
    "import_decisions",
    "orphaned",
    "reviews",
    "validation_message",
]


def validation_message(exc: ValidationError | ValueError) -> str:
    """The first problem of a pydantic error as `field: message`, the form the error table shows."""
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        msg = str(first.get("msg", "invalid")).removeprefix("Value error, ")
        return f"{where}: {msg}" if where else msg
    return str(exc)


def decide(store: GraphStore, decision: Decision, address: str | None = None) -> Decision:
    """Record `decision` after checking it against the store: its target (and a merge's other transfer, a split's
    claims, a corrected supplier or recipient) must exist. Refused with NotFound / InvalidInput, nothing written;
    otherwise the decision and its audit entry are written together. Returns the decision."""
    wanted = [decision.target, *([decision.other] if decision.other else []), *decision.claims]
    found = store.claim_transfers(wanted)
    if decision.target not in found:
        raise NotFound(f"target: no claim or transfer with id {decision.target!r}")
    if decision.other is not None and decision.other not in found:
        raise NotFound(f"other: no transfer with id {decision.other!r}")
    for claim in decision.claims:
        if found.get(claim) != found[decision.target]:
            raise InvalidInput(f"claims: {claim!r} is not a claim of transfer {decision.target}")
    for fix in decision.corrections:
        if fix.field in (CorrectableField.SUPPLIER, CorrectableField.RECIPIENT) and store.actor(fix.value) is None:
            raise InvalidInput(f"corrections.{fix.field.value}: no actor with id {fix.value!r}")
    entry = audit_entry(
        decision.author,
        f"decision.{decision.kind.value}",
        target=decision.target,
        address=address,
        detail={"decision": decision.id, "transfer": found[decision.target]},
        at=decision.at,
    )
    store.add_decisions([decision], [entry])
    store.flush()
    return decision


def reviews(store: GraphStore, targets: Sequence[str] | None = None) -> dict[str, Review]:
    """Where each target with decisions stands (all targets when None)."""
    return standing(store.decisions(targets))


def orphaned(store: GraphStore, decisions: Sequence[Decision] | None = None) -> list[Decision]:
    """The decisions (all stored ones by default) whose target no longer exists in the store (or, for a merge,
    whose other transfer no longer does), oldest first."""
    decisions = store.decisions() if decisions is None else decisions
    found = store.claim_transfers(sorted({x for d in decisions for x in (d.target, d.other) if x}))
    return [d for d in decisions if d.target not in found or (d.other is not None and d.other not in found)]


def export_decisions(store: GraphStore, out: TextIO) -> int:
    """Every decision as one JSON object per line, oldest first; returns how many."""
    n = 0
    for d in store.decisions():
        out.write(json.dumps(d.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
        n += 1
    return n


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0
    #: Imported decisions whose target is not in this store (yet): kept, and listed as orphaned.
    orphaned: list[str] = field(default_factory=list)
    #: (where, why) of each line refused.
    rejected: list[tuple[str, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "unchanged": self.unchanged,
            "orphaned": self.orphaned,
            "rejected": [{"where": w, "why": y} for w, y in self.rejected],
        }


def _parse(lines: Iterable[str], name: str) -> Iterator[tuple[str, Decision | str]]:
    for number, line in enumerate(lines, 1):
        where = f"{name}:{number}"
        if not line.strip():
            continue
        try:
            yield where, Decision.model_validate(json.loads(line))
        except json.JSONDecodeError as exc:
            yield where, f"not JSON ({exc.msg})"
        except ValidationError as exc:
            yield where, validation_message(exc)


def import_decisions(
    store: GraphStore, lines: Iterable[str], who: str, name: str = "<input>", address: str | None = None
) -> ImportReport:
    """Add the decisions of a JSONL export (another team's, or this store's before a rebuild). A bad line is
    reported with its place and skipped; decisions already stored are left as they are; decisions on targets this
    store lacks are kept and reported as orphaned. All good lines and one audit entry are written together."""
    report = ImportReport()
    good: list[Decision] = []
    for where, parsed in _parse(lines, name):
        if isinstance(parsed, str):
            report.rejected.append((where, parsed))
        else:
            good.append(parsed)
    entries: list[AuditEntry] = []
    if good:
        entries.append(
            audit_entry(
                who,
                "decisions.import",
                address=address,
                detail={"file": name, "decisions": len(good), "rejected": len(report.rejected)},
            )
        )
    written = store.add_decisions(good, entries)
    store.flush()
    report.added, report.unchanged = written.added, written.unchanged
    report.orphaned = [d.id for d in orphaned(store, good)]
    return report
