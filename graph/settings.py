"""Configuration from SKG_* environment variables: the only module that reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from graph.errors import InvalidInput

__all__ = ["NEO4J_HEAP", "NEO4J_PAGECACHE", "Settings", "get_settings"]

#: Default heap of the local Neo4j (skg neo4j start, docker-compose.yml): a quarter of it is one transaction's
#: memory (graph/neo4j_local.py), and the full SIPRI register's import, one transaction, peaks at 569 MiB of it.
NEO4J_HEAP = "3g"
#: Default page cache: the full register's store takes 113 MB; give a big graph the size of its store.
NEO4J_PAGECACHE = "512m"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SKG_", extra="ignore")

    #: `memory:<path>` (embedded networkx store persisted to <path>) or `neo4j://host:port` / `bolt://host:port`.
    store: str = "memory:.skg/graph.json.gz"
    data_dir: Path = Path(".skg")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("skg-local-password")
    neo4j_database: str = "neo4j"
    #: Local Neo4j launcher (skg neo4j start): where the jars and the server home live, and its ports.
    neo4j_home: Path = Path(".neo4j")
    neo4j_version: str = "5.26.30"
    neo4j_browser_version: str = "5.24.0"
    neo4j_bolt_port: int = 7687
    neo4j_http_port: int = 7474
    neo4j_heap: str = NEO4J_HEAP
    neo4j_pagecache: str = NEO4J_PAGECACHE
    #: API server.
    host: str = "127.0.0.1"
    port: int = 8000
    api_key: SecretStr | None = None
    cors_origins: list[str] = Field(default_factory=list)
    #: Public read-only Cypher endpoint bounds.
    cypher_timeout_s: float = 5.0
    cypher_max_rows: int = 1000
    #: Read answers kept as JSON until the store changes (0 = no cache); entries also expire after this many
    #: seconds, for writes by other processes to a shared Neo4j.
    answer_cache_size: int = 2048
    answer_cache_ttl_s: float = 10.0
    #: Upload bound for write endpoints.
    max_upload_bytes: int = 50 * 1024 * 1024
    #: Shared data directory beside the checkout (real public data; never copied into the repo).
    shared_dir: Path = Path("../shared")
    #: Several writers on one embedded store (issue 12): how long a writer waits for another's lock on the file
    #: before it gives up with a message naming the holder; how many transfers an export without the API key may
    #: hold (the whole graph or a big neighbourhood needs the key).
    store_lock_timeout_s: float = Field(default=120.0, ge=0)
    export_max_transfers: int = Field(default=20000, ge=0)
    #: Hostile files (ingest/limits.py): a file over max_file_bytes is refused before it is read; a record (a CSV
    #: or JSON line, an XML record, a news article) over max_record_bytes is refused without being read whole;
    #: JSON and XML deeper than max_nesting_depth are refused. A file is imported whole or not at all: one whose
    #: bad records outnumber half of its records is refused as broken.
    max_file_bytes: int = 256 * 1024 * 1024
    max_record_bytes: int = 5_000_000
    max_nesting_depth: int = 64
    #: Review (issue 15): API keys with roles, stored hashed. Either a path to a JSON or YAML file (a list of
    #: {name, role, sha256}) or a comma-separated list of name:role:sha256 (role: reader, reviewer or admin; sha256:
    #: the hex SHA-256 of the key, printed by `skg keys new`). The key's name is the author of its decisions.
    #: SKG_API_KEY keeps working as an admin key named "admin".
    api_keys: str | None = None
    #: The author of decisions made with `skg review` (default: "cli:<login name>").
    reviewer: str | None = None
    #: Bounded Cypher (POST /cypher, with cypher_timeout_s and cypher_max_rows above): bytes of an answer and of
    #: one row (as JSON), queries run at once (more get 429 with Retry-After), the plan bounds checked with EXPLAIN
    #: first (estimated rows of any step; rows of a cartesian product over a whole label), bytes of text in the
    #: parameters and of the request body.
    cypher_max_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    cypher_max_row_bytes: int = Field(default=1024 * 1024, ge=256)
    cypher_concurrency: int = Field(default=2, ge=1)
    cypher_max_estimated_rows: float = Field(default=10_000_000, gt=0)
    cypher_max_cartesian_rows: float = Field(default=10_000, gt=0)
    cypher_max_param_bytes: int = Field(default=1024 * 1024, ge=0)
    #: `skg eval violations`: where the ingested SIPRI register is cached between runs.
    eval_cache_dir: Path = Path(".skg/eval-cache")
    #: Keeping sources current (ingest/sync): the sources.yaml file, and whether the API server runs the sync
    #: scheduler in-process ("on"/"off").
    sources: Path = Path("sources.yaml")
    sync: bool = False
    #: Watch-lists (graph/watches.py, api/webhooks.py): whether the API server delivers webhooks in-process
    #: ("on"/"off"), how often it reads the change feed, attempts per change before giving up, the first retry
    #: delay (doubled after each failure, capped) and the HTTP timeout of one delivery.
    watch_delivery: bool = False
    watch_poll_s: float = Field(default=5.0, gt=0)
    watch_max_attempts: int = Field(default=6, ge=1, le=50)
    watch_backoff_s: float = Field(default=10.0, ge=0)
    watch_backoff_max_s: float = Field(default=3600.0, ge=0)
    watch_timeout_s: float = Field(default=10.0, gt=0)
    #: News extraction (issue 14): whether the learned pair reader (ingest/news/pairmodel.py) reads what the rules
    #: leave. Off (SKG_PAIR_MODEL=0), the extractor runs a few per cent faster; on blind12, unseen, it lost 8 points of
    #: recall and 6 of F1 without it (README, "Eleventh round").
    pair_model: bool = True


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read once; a bad SKG_* value is an `InvalidInput` naming the variable and what it holds."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"SKG_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']} (got {e['input']!r})" for e in exc.errors()
        )
        raise InvalidInput(f"bad setting: {problems}") from None
