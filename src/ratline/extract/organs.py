"""Organs an organ-trade incident concerns, as lower-case singular names."""

from __future__ import annotations

from ratline.extract.cues import Cue
from ratline.extract.features import Marks
from ratline.extract.results import Found

# Organs this close together (characters between two names) are one list.
_LIST_GAP = 16
_LIST_SIZE = 3


def organs(marks: list[Marks], trade: str) -> list[Found]:
    """The organs the incident's sentences name. An organ named only inside a list of
    several ("services for liver, heart, lungs and kidney transplant", "organs like kidney,
    liver or heart") beside an organ the case names on its own is the list's, not the
    case's; when every organ stands in such lists, they all stay."""
    if trade != "organ":
        return []
    listed: dict[str, Found] = {}
    alone: dict[str, Found] = {}
    for m in marks:
        in_lists = _in_lists(m.organs)
        for c in m.organs:
            found = Found(c.label, c.start, c.end, m.sentence.span, 0.9)
            (listed if id(c) in in_lists else alone).setdefault(c.label, found)
    # An organ the case names on its own cites that mention, not a list's.
    return list(alone.values()) if alone else list(listed.values())


def _in_lists(cues: list[Cue]) -> set[int]:
    """The cues (by id) that stand in a run of at least `_LIST_SIZE` organ names."""
    ordered = sorted(cues, key=lambda c: c.start)
    out: set[int] = set()
    run: list[Cue] = []
    for c in ordered:
        if run and c.start - run[-1].end > _LIST_GAP:
            if len({x.label for x in run}) >= _LIST_SIZE:
                out.update(id(x) for x in run)
            run = []
        run.append(c)
    if len({x.label for x in run}) >= _LIST_SIZE:
        out.update(id(x) for x in run)
    return out
