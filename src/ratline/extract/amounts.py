"""Sums of money in an incident and what each one pays for.

`price_to_recipient` is what the patient or end buyer paid, `payment_to_seller` what the
seller, donor or supplier got or was promised, `market_value` an estimated value of a
trade, and `other` fees, debts, wages, fines and seized cash. Statutory maxima, currency
conversions and costs of legal treatment are not listed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ratline.extract.cues import CueSet, phrase_set
from ratline.extract.features import Marks
from ratline.extract.results import Found
from ratline.vocab import load

# Context read around an amount, in characters; the clause matters more than the sentence.
BEFORE, AFTER = 110, 60
# A converted amount ("Rs 35 lakh (about $42,000)") is listed in its own currency too: the
# convention of real-text gold sets, one entry per currency.
KEEP_CONVERSIONS = True
_CONVERSION_AFTER = re.compile(
    r"^\s*\)|^\s*(?:\(|,)\s*(?:about|around|roughly|approximately|some|or|equivalent|i\.e\.)",
    re.IGNORECASE,
)
_CONVERSION_BEFORE = re.compile(
    r"(?:\((?:about|around|roughly|approximately|some|or|equivalent to|US)?\s*|(?:about|around|roughly) (?:the )?equivalent of\s*)$",
    re.IGNORECASE,
)
# Which classes to try first: the most specific wins when several match.
_PRIORITY = ("market_value", "price_to_recipient", "payment_to_seller", "other")


@lru_cache(maxsize=1)
def _what() -> CueSet:
    return CueSet(load("money")["what"])


@lru_cache(maxsize=1)
def _excluded() -> CueSet:
    return phrase_set(load("money")["excluded"])


def classify(text: str, start: int, end: int, lo: int, hi: int) -> str | None:
    """What the amount at [start, end) pays for; None when it is not to be listed."""
    before = text[max(lo, start - BEFORE) : start]
    after = text[end : min(hi, end + AFTER)]
    near_before = before[-45:]
    if _excluded().search(near_before + " " + after[:20]):
        return None
    if not KEEP_CONVERSIONS and (_CONVERSION_BEFORE.search(before[-25:]) or (
            _CONVERSION_AFTER.match(after) and before.rstrip().endswith("("))):
        return None
    cues = _what().find(before + " " + after)
    if not cues:
        return "other"
    # The cue nearest the amount, preferring those before it (the verb usually precedes).
    pivot = len(before)

    def distance(c: Any) -> tuple[int, int]:
        d = pivot - c.end if c.end <= pivot else c.start - pivot - 1
        return (max(d, 0) + (0 if c.end <= pivot else 15), _PRIORITY.index(c.label))

    return min(cues, key=distance).label


def money(text: str, marks: list[Marks]) -> list[Found]:
    out: list[Found] = []
    seen: set[tuple[float, str]] = set()
    for m in marks:
        s = m.sentence
        for mm in m.money:
            what = classify(text, mm.start, mm.end, s.start, s.end)
            if what is None:
                continue
            key = (round(mm.amount, 2), mm.currency)
            if key in seen or not mm.currency:
                continue
            seen.add(key)
            value = {"amount": _plain(mm.amount), "currency": mm.currency, "what": what}
            out.append(Found(value, mm.start, mm.end, s.span, 0.6))
    return out


def _plain(amount: float) -> float | int:
    return int(amount) if float(amount).is_integer() else amount
