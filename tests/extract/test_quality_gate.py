"""Quality gate: per-field scores on the dev set may not fall below the pinned floors.

Floors live in quality_floors.json; raise them when extraction improves, never lower
them without saying why in the change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text(encoding="utf-8"))


def _value(scores: dict[str, Any], field: str) -> float:
    v = scores[field]
    return float(v["f1"]) if isinstance(v, dict) else float(v)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_meets_floor(dev_scores: dict[str, Any], field: str) -> None:
    got = _value(dev_scores, field)
    assert got >= FLOORS[field], f"{field}: {got:.3f} < floor {FLOORS[field]:.3f}"


def test_every_dev_document_is_predicted(dev_scores: dict[str, Any]) -> None:
    assert dev_scores["missing_predictions"] == 0
