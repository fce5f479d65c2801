"""The questions the product answers, written once against the GraphStore protocol.

Stores supply filtered transfers and the (small) list of regimes; sanctions semantics come from graph/sanctions.py.
Every answer is a pydantic model, serialized alike by the CLI (`--json`) and the API.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from pydantic import BaseModel, ConfigDict

from graph.model import SupplierSummary
from graph.sanctions import sanctioning
from graph.store import GraphStore, TransferFilter
from graph.vocab import Issuer, SourceKind, TransferStatus

__all__ = ["AFFIRMATIVE", "SuppliersAnswer", "suppliers"]

#: Statuses that mean a transfer happened or was agreed: the default for "who supplies X".
AFFIRMATIVE = (TransferStatus.DELIVERED, TransferStatus.ORDERED, TransferStatus.ALLEGED)


class SuppliersAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    recipient: str
    as_of: date
    sanctioned_only: bool
    issuer: Issuer | None = None
    suppliers: tuple[SupplierSummary, ...]


def suppliers(
    store: GraphStore,
    recipient: str,
    *,
    sanctioned: bool = False,
    as_of: date | None = None,
    issuer: Issuer | None = None,
    since: date | None = None,
    until: date | None = None,
    statuses: tuple[TransferStatus, ...] = AFFIRMATIVE,
    min_confidence: float = 0.0,
    source_kind: SourceKind | None = None,
) -> SuppliersAnswer:
    """Direct suppliers of `recipient`, each with its transfers and the regimes targeting it on `as_of`.

    With `sanctioned`, only suppliers targeted by a regime in force on `as_of` (default today), optionally of one
    issuer. Cost: one indexed read of the recipient's incoming transfers plus one read of the regimes.
    """
    as_of = as_of or date.today()
    flt = TransferFilter(
        recipient=recipient,
        since=since,
        until=until,
        statuses=statuses,
        min_confidence=min_confidence,
        source_kind=source_kind,
    )
    by_supplier = defaultdict(list)
    for t in store.transfers(flt):
        by_supplier[t.supplier].append(t)
    regimes = store.regimes()
    actors = {a.id: a for a in store.actors(list(by_supplier))}
    rows = []
    for supplier_id in sorted(by_supplier):
        regs = sanctioning(supplier_id, regimes, as_of, issuer)
        if sanctioned and not regs:
            continue
        transfers = tuple(by_supplier[supplier_id])
        kinds = sorted({k for t in transfers for k in t.source_kinds})
        rows.append(
            SupplierSummary(
                id=supplier_id,
                name=actors[supplier_id].name,
                kind=actors[supplier_id].kind,
                country=actors[supplier_id].country,
                sanctioned_by=tuple(r.ref() for r in regs),
                transfers=transfers,
                source_kinds=tuple(kinds),
            )
        )
    return SuppliersAnswer(
        recipient=recipient, as_of=as_of, sanctioned_only=sanctioned, issuer=issuer, suppliers=tuple(rows)
    )
