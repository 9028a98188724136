"""Acceptance: every incident of the seed document is found with its trade, a country and
its evidence level."""

from __future__ import annotations

import json
from typing import Any

import pytest

from ratline.extract import extract_text

from .conftest import SEED


@pytest.fixture(scope="module")
def seed(nlp: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    text_path, gold_path = SEED / "seed.txt", SEED / "gold.jsonl"
    if not text_path.is_file() or not gold_path.is_file():
        pytest.skip(f"seed not found under {SEED}")
    gold = json.loads(gold_path.read_text(encoding="utf-8").splitlines()[0])
    pred = extract_text(text_path.read_text(encoding="utf-8"), doc_id="seed").to_json()
    return gold["incidents"], pred["incidents"]


def _matches(g: dict[str, Any], p: dict[str, Any]) -> bool:
    return (
        p["trade"] == g["trade"]
        and bool(set(p["countries"]) & set(g["countries"]))
        and p["evidence"] == g["evidence"]
    )


def test_every_seed_incident_is_matched(
    seed: tuple[list[dict[str, Any]], list[dict[str, Any]]],
) -> None:
    gold, pred = seed
    assert len(gold) == 6
    missing = [g["summary"] for g in gold if not any(_matches(g, p) for p in pred)]
    assert not missing, f"unmatched seed incidents: {missing}"


def test_seed_is_organ_trafficking(seed: tuple[list[dict[str, Any]], list[dict[str, Any]]]) -> None:
    _, pred = seed
    assert {p["trade"] for p in pred} == {"organ"}
