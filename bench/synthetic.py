"""Seeded synthetic graphs for benchmarks: states, non-state actors and transfers with one piece of evidence each.

Degrees follow a heavy-tailed distribution (a few big suppliers and recipients), like real arms-trade data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from itertools import accumulate

from babel import Locale

from graph import ids
from graph.model import Actor, Evidence, Quantity, Transfer
from graph.vocab import REPORTED_STATUSES, ActorKind, SourceKind, TransferStatus, WeaponCategory

__all__ = ["synthetic_actors", "synthetic_transfers"]

_STATUSES = list(REPORTED_STATUSES)
_CATEGORIES = [c for c in WeaponCategory if c is not WeaponCategory.UNSPECIFIED]


def _state_codes(n: int) -> list[str]:
    codes = sorted(c for c in Locale("en").territories if len(c) == 2 and c.isalpha() and c not in {"ZZ"})
    return codes[:n]


def synthetic_actors(states: int, non_state: int, seed: int = 7) -> list[Actor]:
    rng = random.Random(seed)
    codes = _state_codes(states)
    names = Locale("en").territories
    actors = [Actor(id=c, kind=ActorKind.STATE, name=names.get(c, c), country=c) for c in codes]
    for i in range(non_state):
        country = rng.choice(codes)
        name = f"Group {i}"
        actors.append(
            Actor(
                id=ids.actor_id(ActorKind.ARMED_GROUP, name, country),
                kind=ActorKind.ARMED_GROUP,
                name=name,
                country=country,
            )
        )
    return actors


def synthetic_transfers(actors: list[Actor], count: int, seed: int = 7) -> Iterator[Transfer]:
    """`count` transfers with distinct ids; endpoints drawn with a Pareto-like weight (rank^-0.8)."""
    rng = random.Random(seed)
    # cumulative weights once (rng.choices would sum them on every call: 5,250 floats per transfer)
    cum_weights = list(accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(actors))))
    ids_ = [a.id for a in actors]
    index = {actor_id: i for i, actor_id in enumerate(ids_)}
    for i in range(count):
        supplier, recipient = rng.choices(ids_, cum_weights=cum_weights, k=2)
        if supplier == recipient:
            recipient = ids_[(index[recipient] + 1) % len(ids_)]
        category = rng.choice(_CATEGORIES)
        status = rng.choices(_STATUSES, [5, 3, 2, 1])[0]
        day = date(rng.randint(1995, 2025), rng.randint(1, 12), rng.randint(1, 28)).isoformat()
        confidence = round(rng.uniform(0.3, 0.99), 2)
        quote = f"{supplier} supplied {category.value} to {recipient} (report {i})."
        yield Transfer(
            id=ids.make_id("tr", "bench", i),
            supplier=supplier,
            recipient=recipient,
            category=category,
            quantity=Quantity(low=float(rng.randint(1, 500))),
            delivered=day if status is TransferStatus.DELIVERED else None,
            ordered=day if status is not TransferStatus.DELIVERED else None,
            status=status,
            confidence=confidence,
            evidence=(
                Evidence(
                    source_id=f"src-bench-{i % 1000}",
                    source_kind=SourceKind.NEWS,
                    quote=quote,
                    start=0,
                    end=len(quote),
                    status=status,
                    confidence=confidence,
                    extractor="bench",
                    when=day,
                ),
            ),
        )
