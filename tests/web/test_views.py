"""Presentation helpers: the sentence shown around a statement's span."""

from __future__ import annotations

from ratline.web.views import sentence
from support.wrapped import EMAIL, WRAPPED


def test_sentence_of_a_wrapped_text_goes_over_its_line_breaks() -> None:
    i = WRAPPED.index("suspicion")
    s = sentence(WRAPPED, i, i + len("suspicion"))
    assert s is not None and s.match == "suspicion"
    assert s.before.startswith("MOMBASA, 4 May 2023") and s.after.endswith("hotel jobs in Dubai.")
    assert WRAPPED[s.start:s.end] == s.before + s.match + s.after
    i = EMAIL.index("charged")
    s = sentence(EMAIL, i, i + len("charged"))
    assert s is not None
    # The original is cited as it is, quote marks and all.
    assert s.before.startswith("> The suspects") and s.after.endswith("> custody.")


def test_lines_of_their_own_still_end_a_sentence() -> None:
    text = "Coastal Police Bulletin\nTwo men were charged on Wednesday\nA hearing is set for June"
    i = text.index("charged")
    s = sentence(text, i, i + len("charged"))
    assert s is not None
    assert (s.before, s.after) == ("Two men were ", " on Wednesday")
