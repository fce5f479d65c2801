"""Configuration from SKG_* environment variables: the only module that reads the environment."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


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
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
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
    #: Keeping sources current (ingest/sync): the sources.yaml file, and whether the API server runs the sync
    #: scheduler in-process ("on"/"off").
    sources: Path = Path("sources.yaml")
    sync: bool = False


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
