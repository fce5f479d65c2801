"""Reading untrusted files within bounds, and the rule that decides when a file is broken.

* A file over ``SKG_MAX_FILE_BYTES`` is refused from its size, before a byte is read (`open_bounded`).
* Lines are read with a cap (``SKG_MAX_RECORD_BYTES``): a longer line is skipped in bounded chunks and reported,
  never held whole (`bounded_lines`); CSV fields are capped by `csv.field_size_limit`.
* JSON deeper than ``SKG_MAX_NESTING_DEPTH`` is refused before the (recursive) decoder sees it (`load_json`).
* Bytes read are reported to a progress callback (`report_bytes`), so progress bars never read a file twice.
* `judge_file`: a file whose rejected records outnumber half of what it yields is broken (`BrokenFile`), and the
  importers write nothing of a broken file.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, BinaryIO

from graph.errors import InvalidInput, TooLarge
from graph.settings import get_settings
from ingest.records import Records, Rejected

__all__ = [
    "MAX_CSV_FIELD",
    "BrokenFile",
    "CountingReader",
    "bounded_lines",
    "broken_reason",
    "csv_fields",
    "file_size",
    "json_depth",
    "judge_file",
    "load_json",
    "majority_rejected",
    "open_bounded",
    "report_bytes",
    "truncated",
]

#: Largest CSV field accepted (the csv module's default, made explicit): no register field comes near it.
MAX_CSV_FIELD = 131_072
_SKIP_CHUNK = 1 << 16


class BrokenFile(InvalidInput):
    """A file that cannot be imported as a whole (truncated, mis-encoded, not its format, mostly junk).
    Nothing of it is written; the message names the file and, where known, the line."""

    code = "broken_file"

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))  # one line, whatever the parser's message held


_progress: ContextVar[Callable[[int], None] | None] = ContextVar("skg_read_progress", default=None)


@contextmanager
def report_bytes(callback: Callable[[int], None]) -> Iterator[None]:
    """Within the block, every bounded reader opened reports the bytes it reads to `callback(n)`."""
    token = _progress.set(callback)
    try:
        yield
    finally:
        _progress.reset(token)


def file_size(path: Path, what: str) -> int:
    """The size of `path`; raises TooLarge for a file over SKG_MAX_FILE_BYTES (nothing read) and InvalidInput
    for a missing or unreadable one."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read {what} ({exc.strerror or exc})") from exc
    limit = get_settings().max_file_bytes
    if size > limit:
        raise TooLarge(f"{path}: {size:,} bytes, over the {limit:,}-byte limit for one file (SKG_MAX_FILE_BYTES)")
    return size


class CountingReader:
    """A binary file that counts the bytes read and reports them to the progress callback (if any)."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self.count = 0
        self._report = _progress.get()

    def read(self, size: int = -1) -> bytes:
        return self._seen(self._raw.read(size))

    def readline(self, size: int = -1) -> bytes:
        return self._seen(self._raw.readline(size))

    def _seen(self, data: bytes) -> bytes:
        self.count += len(data)
        if self._report is not None and data:
            self._report(len(data))
        return data


@contextmanager
def open_bounded(path: Path, what: str) -> Iterator[CountingReader]:
    """Open a file for binary reading after checking its size (see `file_size`)."""
    file_size(path, what)
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read {what} ({exc.strerror or exc})") from exc
    with raw:
        yield CountingReader(raw)


def bounded_lines(f: CountingReader, limit: int | None = None) -> Iterator[tuple[int, bytes | None]]:
    """(line number from 1, line bytes) for each line; None instead of the bytes for a line over `limit`
    (default SKG_MAX_RECORD_BYTES), whose rest is skipped in bounded chunks. Memory O(limit)."""
    cap = get_settings().max_record_bytes if limit is None else limit
    number = 0
    while line := f.readline(cap + 1):
        number += 1
        if len(line) > cap and not line.endswith(b"\n"):
            while (rest := f.readline(_SKIP_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, line


def csv_fields(line: str) -> list[str]:
    """The fields of one CSV line. Raises csv.Error (a field over MAX_CSV_FIELD, a NUL byte, a stray quote)."""
    csv.field_size_limit(MAX_CSV_FIELD)
    return next(csv.reader([line]), [])


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text (brackets inside strings ignored). O(len)."""
    depth = deepest = 0
    for c in _NOT_BRACKET.sub("", _JSON_STRING.sub("", text)):
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def load_json(text: str, max_depth: int | None = None) -> Any:
    """Decode one JSON value, refusing nesting deeper than `max_depth` (default SKG_MAX_NESTING_DEPTH) before
    decoding. Raises ValueError with a reason for the record's report."""
    limit = get_settings().max_nesting_depth if max_depth is None else max_depth
    if text.count("[") + text.count("{") > limit and json_depth(text) > limit:
        raise ValueError(f"JSON nested deeper than {limit} levels")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer of more than 4300 digits
        raise ValueError(f"not usable JSON: {exc}") from None


def broken_reason(items: Sequence[Records | Rejected]) -> str | None:
    """Why a file is broken, or None: its rejected records are more than half of the records it yields.

    One bad record in a sound file is reported and skipped; a file of mostly junk (a header and garbage rows,
    a text file that is not the format it claims) is refused whole, so nothing of it is written.
    """
    return majority_rejected(len(items), [i for i in items if isinstance(i, Rejected)])


def majority_rejected(total: int, rejected: Sequence[Rejected]) -> str | None:
    """The rule of `broken_reason` on counts: `rejected` out of `total` records."""
    if rejected and 2 * len(rejected) > total:
        return (
            f"{len(rejected)} of {total} records are unreadable, so the file is refused whole "
            f"(first: {rejected[0]})"
        )
    return None


def judge_file(name: str, items: Sequence[Records | Rejected]) -> None:
    """Raise BrokenFile naming the file when `broken_reason` finds it broken."""
    reason = broken_reason(items)
    if reason is not None:
        raise BrokenFile(f"{name}: {reason}")


def truncated(path: Path, number: int, reason: str) -> BrokenFile:
    """The error for an unreadable last line without a line end: the file was cut off, not one bad record."""
    return BrokenFile(f"{path}:{number}: the last line is cut off and unreadable (a truncated file?): {reason}")
