"""Cue sets dispatched on the first letter find exactly what one plain alternation finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ratline.extract.cues import _END, CueSet, _first_letters


def plain(patterns: dict[str, list[str]], text: str) -> list[tuple[str, int, int]]:
    """The reference: every label's alternatives in one alternation, tried in order."""
    labels = [k for k, v in patterns.items() if v]
    body = "|".join(f"(?P<g{i}>" + "|".join(f"(?:{p})" for p in patterns[k]) + ")"
                    for i, k in enumerate(labels))
    rx = re.compile(rf"(?<!\w)(?:{body}){_END}", re.IGNORECASE)
    return [(labels[int(m.lastgroup[1:])], m.start(), m.end())
            for m in rx.finditer(text) if m.lastgroup]


def found(cues: CueSet, text: str) -> list[tuple[str, int, int]]:
    return [(c.label, c.start, c.end) for c in cues.find(text)]


@pytest.mark.parametrize("pattern, letters", [
    ("sold", {"s"}),
    ("sold|bought", {"s", "b"}),
    ("(?:sold|(?:bought|traded))", {"s", "b", "t"}),
    ("(?:sold|bought)+ out", {"s", "b"}),
    ("s?old", None),                 # may start with "o"
    ("(?:sold )?organs", None),      # an optional group
    ("(?:sold|)x", None),            # an empty alternative
    ("[Ss]old", None),               # a class is not read
    (r"\$\d+", None),
    ("'Ndrangheta", None),
    ("(?-i:May)", None),
    ("s{0,1}old", None),
    (r"(?:\(sold|bought)", None),    # an escaped bracket opens no group
    ("(?:[)|]x|y)", None),           # nor does one in a class
])
def test_the_first_letters_of_a_pattern(pattern: str, letters: set[str] | None) -> None:
    assert _first_letters(pattern) == (frozenset(letters) if letters is not None else None)


def test_a_set_finds_what_a_plain_alternation_finds_in_label_order() -> None:
    patterns = {
        "sale": ["sold", "sell(?:s|ing)?", "(?:kidney|organ) sales?"],
        "harvest": ["sold (?:his|her) kidney", "harvest(?:ed|ing)", "s?old organs"],
        "money": [r"\$\d+", "(?:paid )?\\d+ rupees"],
        "case": ["(?-i:May) cases"],
    }
    text = ("He SOLD his kidney for $500 and later sold organs; old organs, "
            "400 rupees paid 300 rupees. Selling was harvested. May cases, may cases. "
            "\u212aidney sales and \u017fold it.")
    cues = CueSet(patterns)
    assert found(cues, text) == plain(patterns, text)
    # "sold his kidney" comes after "sold" in label order, so "sold" is what is found.
    assert ("sale", 3, 7) in found(cues, text)
    # An optional first letter: "old organs" is found where "sold" is not.
    at = text.index("; old organs") + 2
    assert ("harvest", at, at + 10) in found(cues, text)


WORDS = ["sold", "sell", "kidney", "organ", "paid", "old", "buy", "x"]


@st.composite
def pattern(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 4))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))
    if kind == 0:
        return " ".join(words)
    if kind == 1:
        return "(?:" + "|".join(words) + ")" + draw(st.sampled_from(["", "?", " organs", "s?"]))
    if kind == 2:
        return words[0][:1] + "?" + words[0][1:]
    if kind == 3:
        return "|".join(words)
    return r"\d+ " + words[0]


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.lists(pattern(), min_size=1, max_size=4),
                    min_size=1),
    st.lists(st.sampled_from([*WORDS, "Sold", "OLD", "12", "organs", "s", "\u017fold"]),
             max_size=14).map(" ".join),
)
def test_any_set_finds_what_a_plain_alternation_finds(patterns: dict[str, list[str]],
                                                      text: str) -> None:
    assert found(CueSet(patterns), text) == plain(patterns, text)
