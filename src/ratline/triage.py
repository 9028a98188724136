"""Fast relevance scoring: is this text about organ, human or arms trafficking at all?

Most news is not. Triage runs before any language model, uses only the cue phrases of the
`triage` vocabulary, and leans towards recall: extraction makes the final call.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ratline.extract.cues import CueSet
from ratline.vocab import load

# Enough of a long document to judge it; trafficking words appear early in relevant texts
# and scanning megabytes of an irrelevant one would only cost time.
SCAN_CHARS = 200_000
CANDIDATE_THRESHOLD = 0.2


# The trades whose own cues (vocab/trades.yaml) are strong cues of triage as well: a text
# the rules would read as such a case is never ruled out before they see it.
TRADES = ("organ", "human", "weapons")


@lru_cache(maxsize=1)
def _cues() -> CueSet:
    vocab = load("triage")
    trades = load("trades")["trades"]
    strong = list(dict.fromkeys(
        [*vocab["strong"], *(c for t in TRADES for c in trades[t]["cues"])]))
    return CueSet({"strong": strong, "weak": vocab["weak"], "negative": vocab["negative"]})


def relevance(text: str) -> float:
    """A score in [0, 1]; higher means more likely to report a trafficking case."""
    if not text or not text.strip():
        return 0.0
    sample = text[:SCAN_CHARS]
    strong = weak = negative = 0
    for cue in _cues().find(sample):
        if cue.label == "strong":
            strong += 1
        elif cue.label == "weak":
            weak += 1
        else:
            negative += 1
    # Strong cues dominate; weak ones only lift a text that has some; negatives damp both.
    raw = 1.2 * strong + 0.15 * min(weak, 12) - 0.5 * negative
    if strong == 0:
        raw = min(raw, 0.6)
    return round(1.0 - math.exp(-max(raw, 0.0)), 3)


def is_candidate(text: str) -> bool:
    """True when the text is worth a full extraction pass."""
    return relevance(text) >= CANDIDATE_THRESHOLD
