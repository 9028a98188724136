"""Organs an organ-trade incident concerns, as lower-case singular names."""

from __future__ import annotations

from ratline.extract.features import Marks
from ratline.extract.results import Found


def organs(marks: list[Marks], trade: str) -> list[Found]:
    if trade != "organ":
        return []
    out: dict[str, Found] = {}
    for m in marks:
        for c in m.organs:
            if c.label not in out:
                out[c.label] = Found(c.label, c.start, c.end, m.sentence.span, 0.9)
    return list(out.values())
