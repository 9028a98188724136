"""The evidence level of every bundled example, as examples/README.md states it: the
strongest step the text states (an official denial of a rumour is `denial`), read
through the same readers and extractor a user runs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ratline.extract import extract_text
from ratline.model import RawItem
from ratline.readers import read

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# README wording -> ladder level, strongest first.
WORDS = (("denial", "denial"), ("convicted", "conviction"), ("charged", "charge"),
         ("arrested", "arrest"), ("investigation", "investigation"),
         ("allegation", "allegation"), ("rumour", "rumor"))


def expected(cell: str) -> str | None:
    """The headline level of a README cell: `denial` when an official denial is named,
    else the strongest step it names; None for "—" (no incident)."""
    cell = cell.lower()
    return next((level for word, level in WORDS if word in cell), None)


def headlines() -> list[tuple[str, int, str | None]]:
    """(file, record number, level) per example document, from the README's table."""
    rows = []
    for line in (EXAMPLES / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `reports/([^`]+)`.*\| ([^|]+) \|$", line)
        if not m:
            continue
        name, cell = m.group(1), m.group(2).strip()
        parts = cell.split(";") if name.endswith(".jsonl") else [cell]
        rows += [(name, i, expected(part)) for i, part in enumerate(parts)]
    return rows


HEADLINES = headlines()


def test_the_readme_states_eleven_headline_levels() -> None:
    assert len([h for h in HEADLINES if h[2] is not None]) == 11


def _texts(name: str) -> list[str]:
    path = EXAMPLES / "reports" / name
    if name.endswith(".jsonl"):
        return [json.loads(x)["text"] for x in path.read_text(encoding="utf-8").splitlines()
                if x.strip()]
    result = read(RawItem(origin=str(path), data=path.read_bytes(), filename=path.name))
    return [result.text]


@pytest.mark.parametrize(("name", "record", "level"), HEADLINES,
                         ids=[f"{n}#{r}" for n, r, _ in HEADLINES])
def test_headline_evidence_level(name: str, record: int, level: str | None) -> None:
    text = _texts(name)[record]
    incidents = extract_text(text, doc_id=f"{name}-{record}").incidents
    if level is None:
        assert incidents == []
        return
    ladder = ["denial", "rumor", "speculation", "allegation", "report", "investigation",
              "arrest", "charge", "conviction"]
    strongest = max((i.evidence.value for i in incidents), key=ladder.index, default=None)
    assert strongest == level
