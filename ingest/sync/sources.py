"""`sources.yaml`: the sources `skg sync` keeps current, validated with pydantic (errors name the field).

```yaml
user_agent: "sanctions-kg/0.1 (+https://example.org/contact)"   # optional; these are the defaults below
sources:
  - name: reuters-world          # unique; `skg sync reuters-world`
    kind: feed                   # feed (RSS or Atom) | sitemap | urls | un-list | ftm | sipri
    url: https://example.org/world/rss.xml
    schedule: every 6h           # for `skg sync --watch` and SKG_SYNC=on
    language: en                 # optional hints for the articles of this source
    publisher: Example News
```
"""

from __future__ import annotations

import re
from datetime import timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from graph.errors import InvalidInput

__all__ = ["FetchPolicy", "SourceConfig", "SourceKindName", "SourcesFile", "load_sources", "parse_schedule"]

_SCHEDULE = re.compile(r"^\s*every\s+(\d+)\s*(s|m|h|d)\s*$", re.IGNORECASE)
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_schedule(text: str) -> timedelta:
    """ "every 6h" → 6 hours ("every 30m", "every 1d", "every 90s")."""
    match = _SCHEDULE.match(text)
    if match is None:
        raise ValueError(f"schedule {text!r}: write it as 'every N' + s|m|h|d, e.g. 'every 6h'")
    amount = int(match.group(1))
    if amount <= 0:
        raise ValueError(f"schedule {text!r}: the interval must be positive")
    return timedelta(**{_UNITS[match.group(2).lower()]: amount})


class SourceKindName(StrEnum):
    FEED = "feed"  # RSS 2.0 or Atom: the items' links are articles
    SITEMAP = "sitemap"  # a sitemap (or sitemap index): its <loc>s are articles
    URLS = "urls"  # a fixed list of article URLs (`urls:`)
    UN_LIST = "un-list"  # UN Security Council Consolidated List XML
    FTM = "ftm"  # OpenSanctions dataset: `url` is its delta index, `full_url` the full entities file
    SIPRI = "sipri"  # SIPRI trade-register CSV, by URL or local `path`

    @property
    def articles(self) -> bool:
        return self in (SourceKindName.FEED, SourceKindName.SITEMAP, SourceKindName.URLS)


class FetchPolicy(BaseModel):
    """How the HTTP client behaves: the defaults of a polite crawler."""

    model_config = ConfigDict(extra="forbid")

    user_agent: str = "sanctions-kg/0.1 (arms-embargo research; +https://github.com/sanctions-kg)"
    timeout_s: float = Field(30.0, gt=0)
    #: Per download; a source may raise it (a SIPRI register is ~30 MB).
    max_bytes: int = Field(10_000_000, gt=0)
    #: Attempts per request on 429, 5xx and network errors, then the request is given up and reported.
    max_tries: int = Field(4, ge=1)
    backoff_s: float = Field(1.0, ge=0)
    max_backoff_s: float = Field(60.0, ge=0)
    per_host: int = Field(2, ge=1)
    respect_robots: bool = True


class SourceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    kind: SourceKindName
    url: str | None = None
    #: SIPRI only: a local file instead of a URL.
    path: Path | None = None
    #: FtM only: the full entities file, loaded when there is no cursor yet or the cursor fell off the index.
    full_url: str | None = None
    #: URLS only.
    urls: list[str] = Field(default_factory=list)
    schedule: str = "every 6h"
    language: str | None = Field(None, pattern=r"^[a-z]{2}$")
    publisher: str | None = None
    max_bytes: int | None = Field(None, gt=0)
    enabled: bool = True

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str) -> str:
        parse_schedule(value)
        return value

    @field_validator("url", "full_url")
    @classmethod
    def _http(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("http://", "https://")):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @model_validator(mode="after")
    def _located(self) -> SourceConfig:
        if self.kind is SourceKindName.URLS:
            if not self.urls:
                raise ValueError("kind 'urls' needs a non-empty 'urls' list")
        elif self.kind is SourceKindName.SIPRI:
            if (self.url is None) == (self.path is None):
                raise ValueError("kind 'sipri' needs exactly one of 'url' or 'path'")
        elif self.url is None:
            raise ValueError(f"kind {self.kind.value!r} needs a 'url'")
        return self

    @property
    def interval(self) -> timedelta:
        return parse_schedule(self.schedule)


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fetch: FetchPolicy = Field(default_factory=FetchPolicy)
    sources: list[SourceConfig]

    @model_validator(mode="after")
    def _unique(self) -> SourcesFile:
        seen: set[str] = set()
        for s in self.sources:
            if s.name in seen:
                raise ValueError(f"source name {s.name!r} appears twice")
            seen.add(s.name)
        return self

    def select(self, names: list[str] | None) -> list[SourceConfig]:
        """The enabled sources, or the named ones (in the order given); InvalidInput for an unknown name."""
        if not names:
            return [s for s in self.sources if s.enabled]
        by_name = {s.name: s for s in self.sources}
        unknown = [n for n in names if n not in by_name]
        if unknown:
            raise InvalidInput(f"unknown source(s) {', '.join(unknown)}: configured are {', '.join(by_name)}")
        return [by_name[n] for n in names]


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def load_sources(path: Path) -> SourcesFile:
    """Read and validate `path`; InvalidInput naming the file and the field on any error."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read sources file ({exc.strerror or exc})") from exc
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path}: not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: expected a mapping with a 'sources' list")
    try:
        return SourcesFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidInput(f"{path}: {_where(first['loc'])}: {first['msg']}") from exc
