"""How an incoming actor record combines with the stored one: curated data is never overwritten by a register's.

An actor from the project's curated reference (graph/reference: it carries `attributes.reference_key`) keeps its
name, kind, country and aliases when a register (SIPRI, the UN list, FtM) brings the same id under its own
spelling; the register's aliases and attributes are added, in a fixed order, so that importing the same register
again, or the reference again, changes nothing (issue 12: a SIPRI re-import reported five curated actors as
updated every time, their aliases swapped back and forth). Between two non-curated records the newer one wins,
as before: a register's update (an FtM MOD) may drop an alias.
"""

from __future__ import annotations

from graph.model import Actor

__all__ = ["is_curated", "merge_actor"]

_CURATED = "reference_key"


def is_curated(actor: Actor) -> bool:
    return _CURATED in actor.attributes


def merge_actor(old: Actor | None, new: Actor) -> Actor:
    """The actor to store when `new` arrives and `old` is stored (None: nothing yet). Pure and deterministic:
    merge_actor(merge_actor(None, a), a) == merge_actor(None, a), and the curated record's fields win whichever
    came first."""
    if old is None or old == new:
        return new
    if not is_curated(new) and not is_curated(old):
        return new
    if is_curated(new) and is_curated(old):
        # the reference loaded again over a record that registers added to: the new curated fields, and the
        # spellings and attributes the registers brought (the stored aliases past the curated ones)
        return _with_extras(new, old.aliases, old.attributes, old)
    curated, other = (new, old) if is_curated(new) else (old, new)
    return _with_extras(curated, (*other.aliases, other.name), other.attributes, other)


def _with_extras(curated: Actor, spellings: tuple[str, ...], attributes: dict[str, object], other: Actor) -> Actor:
    # curated aliases first in their own order, then every other spelling known, sorted; the curated name is not
    # repeated as an alias
    extra = sorted(set(spellings) - {*curated.aliases, curated.name})
    return curated.model_copy(
        update={
            "aliases": (*curated.aliases, *extra),
            "attributes": attributes | curated.attributes,
            "ftm_id": curated.ftm_id or other.ftm_id,
            "wikidata": curated.wikidata or other.wikidata,
        }
    )
