"""Who may write: API keys with roles (reader < reviewer < admin), configured by SKG_API_KEYS and stored hashed.

A request presents its key in the X-API-Key header; the server keeps only SHA-256 digests, compared in constant
time. The key's name is the author of the decisions written with it. The single SKG_API_KEY of earlier versions
still works, as an admin key named "admin". Reading needs no key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import Depends, Header, Request

from graph.errors import Forbidden, InvalidInput, NotAllowed
from graph.settings import get_settings

__all__ = [
    "AdminDep",
    "Principal",
    "ReviewerDep",
    "Role",
    "address_of",
    "authenticate",
    "hash_key",
    "load_keys",
    "new_key",
    "require_role",
]


class Role(StrEnum):
    READER = "reader"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


@dataclass(frozen=True)
class Principal:
    """The holder of a key: its name (the author of what it writes) and its role."""

    name: str
    role: Role

    def may(self, role: Role) -> bool:
        return self.role.rank >= role.rank


@dataclass(frozen=True)
class _Key:
    name: str
    role: Role
    sha256: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key(name: str, role: Role) -> tuple[str, str]:
    """A fresh random key and its SKG_API_KEYS entry (name:role:sha256): give the key to its holder, keep the entry."""
    key = secrets.token_urlsafe(32)
    return key, f"{name}:{role.value}:{hash_key(key)}"


def _entry(raw: dict[str, Any] | str, where: str) -> _Key:
    if isinstance(raw, str):
        parts = raw.strip().split(":")
        if len(parts) != 3:
            raise InvalidInput(f"{where}: an API key entry is name:role:sha256, got {raw.strip()!r}")
        raw = dict(zip(("name", "role", "sha256"), parts, strict=True))
    name, role, digest = (str(raw.get(k, "")).strip() for k in ("name", "role", "sha256"))
    if not name:
        raise InvalidInput(f"{where}: an API key needs a name")
    if role not in Role.__members__.values():
        raise InvalidInput(f"{where}: key {name!r}: role must be one of {', '.join(Role)}, got {role!r}")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest.lower()):
        raise InvalidInput(f"{where}: key {name!r}: sha256 must be 64 hex digits (the key's SHA-256, never the key)")
    return _Key(name, Role(role), digest.lower())


def _is_file(spec: str) -> bool:
    try:
        return Path(spec).is_file()
    except OSError:  # a list of four keys or more is longer than a file name may be
        return False


@lru_cache(maxsize=4)
def load_keys(spec: str | None) -> tuple[_Key, ...]:
    """The keys of an SKG_API_KEYS value: a JSON/YAML file of [{name, role, sha256}] or name:role:sha256,… ."""
    if not spec or not spec.strip():
        return ()
    if ":" not in spec or _is_file(spec):
        path = Path(spec)
        try:
            data = (
                yaml.safe_load(path.read_text(encoding="utf-8"))
                if path.suffix != ".json"
                else json.loads(path.read_text(encoding="utf-8"))
            )
        except (OSError, ValueError, yaml.YAMLError) as exc:
            raise InvalidInput(f"SKG_API_KEYS: cannot read {path}: {exc}") from exc
        if not isinstance(data, list):
            raise InvalidInput(f"SKG_API_KEYS: {path} must hold a list of {{name, role, sha256}}")
        keys = tuple(_entry(item, f"{path} item {i}") for i, item in enumerate(data, 1))
    else:
        keys = tuple(_entry(item, f"SKG_API_KEYS entry {i}") for i, item in enumerate(spec.split(","), 1))
    names = [k.name for k in keys]
    if len(set(names)) != len(names):
        raise InvalidInput("SKG_API_KEYS: key names must be unique (a name is the author of its decisions)")
    return keys


def authenticate(presented: str | None) -> Principal | None:
    """The principal a presented key belongs to, or None (no key, or a key nobody holds)."""
    if not presented:
        return None
    settings = get_settings()
    digest = hash_key(presented)
    found: Principal | None = None
    for key in load_keys(settings.api_keys):  # every entry is compared: the time does not tell which matched
        if hmac.compare_digest(digest, key.sha256):
            found = Principal(key.name, key.role)
    legacy = settings.api_key.get_secret_value() if settings.api_key else ""
    if legacy and hmac.compare_digest(presented.encode("utf-8"), legacy.encode("utf-8")) and found is None:
        found = Principal("admin", Role.ADMIN)
    return found


def require_role(role: Role) -> Any:
    """A dependency that returns the request's principal when its key has at least `role`: 401 without a valid
    key, 403 when the key's role is too low."""

    def check(x_api_key: Annotated[str | None, Header()] = None) -> Principal:
        principal = authenticate(x_api_key)
        if principal is None:
            settings = get_settings()
            if not settings.api_keys and not (settings.api_key and settings.api_key.get_secret_value()):
                raise Forbidden("writing is disabled: configure SKG_API_KEYS (or SKG_API_KEY) on the server")
            raise Forbidden("missing or wrong X-API-Key header")
        if not principal.may(role):
            raise NotAllowed(f"key {principal.name!r} has the {principal.role.value} role; this needs {role.value}")
        return principal

    return check


def address_of(request: Request) -> str | None:
    """The client's address, as the audit log records it."""
    return request.client.host if request.client else None


ReviewerDep = Annotated[Principal, Depends(require_role(Role.REVIEWER))]
AdminDep = Annotated[Principal, Depends(require_role(Role.ADMIN))]
