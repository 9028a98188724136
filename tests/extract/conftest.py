"""Shared fixtures: the spaCy model once per session and the dev set extracted once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
DEV = SHARED / "dev"
SEED = SHARED / "seed"


@pytest.fixture(scope="session")
def nlp() -> Any:
    from ratline.extract import nlp as nlp_module

    return nlp_module.load()


@pytest.fixture(scope="session")
def dev_gold() -> list[dict[str, Any]]:
    gold = DEV / "gold.jsonl"
    if not gold.is_file():
        pytest.skip(f"dev gold set not found at {gold}")
    return [
        json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.fixture(scope="session")
def dev_predictions(nlp: Any, dev_gold: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from ratline.evaluate import predict

    return predict(dev_gold, DEV / "texts")


@pytest.fixture(scope="session")
def dev_scores(
    dev_gold: list[dict[str, Any]], dev_predictions: list[dict[str, Any]]
) -> dict[str, Any]:
    from ratline.evaluate import real_text_conventions, score

    return score(real_text_conventions(dev_gold), dev_predictions)
