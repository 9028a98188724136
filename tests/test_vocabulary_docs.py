"""The vocabulary reference in docs/ is generated from the vocabulary files and kept current."""

from __future__ import annotations

from pathlib import Path

from ratline.vocab.docs import render

DOC = Path(__file__).resolve().parents[1] / "docs" / "vocabulary.md"


def test_committed_reference_matches_the_vocabulary() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/vocabulary.md is stale: run `make docs` (python -m ratline.vocab.docs)")
