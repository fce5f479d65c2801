"""Read the curated data files shipped in graph/reference (actors, weapons, news lexicon)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = ["load_yaml"]


def load_yaml(name: str) -> dict[str, Any]:
    """Parse one YAML file from the `graph.reference` package (a plain directory works too)."""
    try:
        text = resources.files("graph.reference").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, TypeError):
        text = (Path(__file__).resolve().parents[2] / "graph" / "reference" / name).read_text(
            encoding="utf-8"
        )
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"graph/reference/{name} must hold a mapping")
    return data
