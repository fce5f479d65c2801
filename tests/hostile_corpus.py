"""The hostile Cypher corpus (tests/data/hostile_cypher.txt): its groups, queries and parameters."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "data" / "hostile_cypher.txt"
_PARAMS = re.compile(r"^// params: (.*)$", re.MULTILINE)
_NEST = "\x00nest:{}\x00"


@dataclass(frozen=True)
class Hostile:
    group: str  # what it attacks: write, file/network, privilege, memory, CPU, result size, parameter size
    expect: str  # "guard": the text guard refuses it; "bounded": some bound refuses or caps it
    query: str
    params_json: str  # the request's params, as JSON text (may be huge or deeply nested)

    @property
    def body(self) -> str:
        return '{"query": ' + json.dumps(self.query) + ', "params": ' + self.params_json + "}"


def _expand(value: Any) -> Any:
    if isinstance(value, dict):
        if "$repeat" in value:
            return value["$repeat"] * value["times"]
        if "$nest" in value:
            return _NEST.format(value["$nest"])
        if "$map" in value:
            return {f"k{i}": i for i in range(value["$map"])}
        return {k: _expand(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v) for v in value]
    return value


def _params_json(spec: str) -> str:
    text = json.dumps(_expand(json.loads(spec)))
    for depth in re.findall(r'"\\u0000nest:(\d+)\\u0000"', text):
        text = text.replace(f'"\\u0000nest:{depth}\\u0000"', "[" * int(depth) + "]" * int(depth))
    return text


def load() -> list[Hostile]:
    found: list[Hostile] = []
    group, expect = "", ""
    text = "\n".join(line for line in CORPUS.read_text(encoding="utf-8").splitlines() if not line.startswith("# "))
    for block in re.split(r"^----\n", text + "\n", flags=re.MULTILINE):
        lines = block.strip("\n").splitlines()
        while lines and lines[0].startswith("=== "):
            group, expect = (s.strip() for s in lines.pop(0)[4:].rsplit(":", 1))
        query = "\n".join(lines).strip("\n")
        if not query.strip():
            continue
        m = _PARAMS.search(query)
        found.append(Hostile(group, expect, query, _params_json(m.group(1)) if m else "{}"))
    return found
