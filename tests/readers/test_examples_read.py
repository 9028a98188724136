"""Every fictional example document goes through sources and readers without a failure."""

from __future__ import annotations

from pathlib import Path

from ratline.model import Failure
from ratline.readers import read
from ratline.sources import iter_items

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_examples_read_cleanly_and_are_marked_fictional() -> None:
    read_count = 0
    for item in iter_items(str(EXAMPLES / "reports")):
        assert not isinstance(item, Failure), item
        result = read(item)
        read_count += 1
        assert "FICTIONAL" in result.text[:200], item.origin
        assert 100 <= len(result.text.split()) <= 450, item.origin
        for attachment in result.attachments:
            assert "FICTIONAL" in read(attachment).text[:200]
    assert read_count >= 12
