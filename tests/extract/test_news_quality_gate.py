"""Quality gate on real reports: per-field scores on the news test split may not fall below
the pinned floors (news_floors.json).

The test split is only ever reported on, never fitted or tuned on; the floors pin what the
extractor reaches there so that a change that loses ground on real text is seen. Raise them
when extraction improves, never lower them without saying why in the change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FLOORS = json.loads((Path(__file__).parent / "news_floors.json").read_text(encoding="utf-8"))
NEWS = Path(__file__).resolve().parents[2].parent / "shared" / "news"


@pytest.fixture(scope="module")
def news_test_scores(nlp: Any) -> dict[str, Any]:
    from ratline.evaluate import predict, score

    gold_path = NEWS / "test.jsonl"
    if not gold_path.is_file():
        pytest.skip(f"news test split not found at {gold_path}")
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return score(gold, predict(gold, NEWS / "texts"))


def _value(scores: dict[str, Any], field: str) -> float:
    v = scores[field]
    return float(v["f1"]) if isinstance(v, dict) else float(v)


@pytest.mark.parametrize("field", sorted(k for k in FLOORS if k != "incident_count_mae"))
def test_news_field_meets_floor(news_test_scores: dict[str, Any], field: str) -> None:
    got = _value(news_test_scores, field)
    assert got >= FLOORS[field], f"{field}: {got:.3f} < floor {FLOORS[field]:.3f}"


def test_news_incident_count_error_within_ceiling(news_test_scores: dict[str, Any]) -> None:
    got = float(news_test_scores["incident_count_mae"])
    assert got <= FLOORS["incident_count_mae"], f"incident count error {got:.3f}"
