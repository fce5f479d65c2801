"""The structured sources by name, for the CLI and the API: one place that maps a name to its parser."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from graph.errors import InvalidInput
from ingest.ftm import parse_ftm
from ingest.records import Records, Rejected
from ingest.sipri import parse_sipri
from ingest.un_list import parse_un_list

__all__ = ["REGISTERS", "open_register"]

Parser = Callable[[Path], Iterator[Records | Rejected]]

REGISTERS: dict[str, Parser] = {
    "sipri": parse_sipri,
    "un-list": parse_un_list,
    "ftm": parse_ftm,
}


def open_register(kind: str, path: Path) -> Iterator[Records | Rejected]:
    """The records of a register file. Raises InvalidInput for an unknown kind or a file that cannot be read."""
    parser = REGISTERS.get(kind)
    if parser is None:
        raise InvalidInput(f"unknown register {kind!r}: one of {', '.join(REGISTERS)}")
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    return parser(path)
