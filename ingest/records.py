"""What a parser yields: domain records for one source record, or the reason one was rejected."""

from __future__ import annotations

from dataclasses import dataclass

from graph.model import Actor, Regime, Source, Transfer

__all__ = ["Records", "Rejected"]


@dataclass(frozen=True)
class Records:
    """Everything one input record (a CSV row, an article, an FtM entity) contributes to the graph."""

    actors: tuple[Actor, ...] = ()
    sources: tuple[Source, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    regimes: tuple[Regime, ...] = ()
    #: Actor ids the source says to remove (FtM delta `DEL`): they are delisted, not deleted (graph/designations.py).
    deletions: tuple[str, ...] = ()
    #: Set on a whole list's header: the actor attribute its entries carry ("un_reference"). Stored actors with
    #: it that the import does not bring are delisted on the list's `published` day (or the ingest day).
    complete_list: str | None = None


@dataclass(frozen=True)
class Rejected:
    """A record that could not be used. `where` names the file and line (or record id); `reason` says why."""

    where: str
    reason: str
    #: True when `where` is a whole file refused as broken (nothing of it written), not one record.
    whole_file: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"
