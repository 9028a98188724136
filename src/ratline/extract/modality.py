"""Whether a cue is asserted: negated ("no arrests") or merely possible ("if convicted").

Only the words just before a cue, inside its clause, are read. That is enough for the way
news, court and NGO texts phrase these, and keeps the check cheap.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ratline.vocab import load

# How far back from a cue a negation or condition can sit, in characters.
WINDOW = 60
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\b(?:and|but|which|who|after|before|when|while)\b")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    vocab = load("evidence")

    def tail(words: list[str]) -> re.Pattern[str]:
        alts = "|".join(f"(?:{w})" for w in words)
        # The cue word may follow the trigger directly or after up to three words.
        return re.compile(rf"(?<!\w)(?:{alts})(?:\s+[\w'-]+){{0,3}}\s*$", re.IGNORECASE)

    return tail(vocab["negations"]), tail(vocab["conditionals"])


def _clause_before(text: str, floor: int, cue_start: int) -> str:
    before = text[max(floor, cue_start - WINDOW) : cue_start]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(before):
        cut = m.end()
    return before[cut:]


def is_negated(text: str, floor: int, cue_start: int) -> bool:
    return bool(_patterns()[0].search(_clause_before(text, floor, cue_start)))


def is_conditional(text: str, floor: int, cue_start: int) -> bool:
    return bool(_patterns()[1].search(_clause_before(text, floor, cue_start)))


def is_asserted(text: str, floor: int, cue_start: int) -> bool:
    """True unless the cue is negated or conditional in its own clause."""
    clause = _clause_before(text, floor, cue_start)
    neg, cond = _patterns()
    return not (neg.search(clause) or cond.search(clause))
