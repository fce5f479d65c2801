"""Names to stable actor ids: states by ISO 3166-1 alpha-2 code (any language `countrynames` and CLDR know).

Built once per process (the CLDR tables are loaded lazily and cached).
"""

from __future__ import annotations

from functools import lru_cache

import countrynames
from babel import Locale

from graph.model import Actor
from graph.vocab import ActorKind

__all__ = ["country_name", "resolve_country", "state_actor"]

#: Codes `countrynames` returns for states that no longer exist, mapped to ISO 3166-3 style two-letter ids we use.
_HISTORICAL = {"SUHH": "SU", "CSHH": "CS", "YUCS": "YU", "DDDE": "DD", "YDYE": "YD"}
_HISTORICAL_NAMES = {
    "SU": "Soviet Union",
    "CS": "Czechoslovakia",
    "YU": "Yugoslavia",
    "DD": "East Germany",
    "YD": "South Yemen",
    "XK": "Kosovo",
}


@lru_cache(maxsize=65536)
def resolve_country(name: str) -> str | None:
    """ISO alpha-2 code for a country name in any language CLDR covers, or None. Cached per process."""
    code = countrynames.to_code(name, fuzzy=False)
    if code is None:
        return None
    code = _HISTORICAL.get(code, code)
    return code if len(code) == 2 else None


@lru_cache(maxsize=1024)
def country_name(code: str, locale: str = "en") -> str:
    """Display name of a state id in a locale (English by default)."""
    if code in _HISTORICAL_NAMES:
        return _HISTORICAL_NAMES[code]
    name = Locale.parse(locale).territories.get(code)
    return str(name) if name else code


def state_actor(code: str) -> Actor:
    """The Actor for a state id."""
    return Actor(id=code, kind=ActorKind.STATE, name=country_name(code), country=code)
