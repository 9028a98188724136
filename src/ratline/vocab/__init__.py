"""Controlled vocabularies as data files, loaded once.

Each vocabulary is a YAML file beside this module (`organs.yaml`, `activities.yaml`, ...).
Code reads them through `load(name)` so there is one place to change a cue phrase.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


def names() -> list[str]:
    """The vocabularies that ship with ratline, by file stem."""
    folder = resources.files(__name__)
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


@cache
def load(name: str) -> dict[str, Any]:
    """The vocabulary `name` as a dict; raises KeyError naming the known ones if absent."""
    path = resources.files(__name__) / f"{name}.yaml"
    if not path.is_file():
        raise KeyError(f"no vocabulary {name!r}; known: {', '.join(names())}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"vocabulary {name!r} must be a mapping at the top level")
    return data
