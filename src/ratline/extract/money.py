"""Find money amounts in text and normalise them to (amount, ISO 4217 currency).

Only a number that carries a currency (a symbol, a code, an abbreviation such as
"Rs." or a currency word) is money; years, percentages, phone numbers and plain
counts never are. A range gives one mention per endpoint. The currency vocabulary
lives in ``ratline/vocab/currencies.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["MoneyMention", "find_money", "parse_number_words"]


@dataclass(frozen=True)
class MoneyMention:
    amount: float
    currency: str
    start: int
    end: int
    surface: str


_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# A count up to 99 in words or figures ("15", "fifteen", "twenty-five"), for readers of
# counts outside money (`actors`' prison terms).
COUNT_WORDS = (rf"(?:\d{{1,3}}|(?:{'|'.join(_TENS)})(?:-(?:{'|'.join(u for u in _UNITS if 0 < _UNITS[u] < 10)}))?"
               rf"|{'|'.join(sorted(_UNITS, key=len, reverse=True))})")
# Scale words for spelled-out numbers; "hundred" is handled apart because it
# multiplies only the group in progress ("two hundred thousand").
_WORD_SCALES = {
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
}


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    text = resources.files("ratline.vocab").joinpath("currencies.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


Hint = str | Sequence[str] | None


def _resolve(value: str, country_hint: Hint) -> str:
    """Turn a vocabulary value (ISO code or by-country group) into an ISO code.

    A sequence of hints is tried in order: the countries a text names, most named first
    ("rupees" in a text naming Qatar three times and Kathmandu once are Nepal's)."""
    if value.isupper():
        return value
    group: dict[str, str] = _vocab()["by_country"][value]
    hints = [country_hint] if isinstance(country_hint, str) else list(country_hint or ())
    for hint in hints:
        if hint.upper() in group:
            return group[hint.upper()]
    return group["default"]


# ---------------------------------------------------------------- number words


def _parse_tokens(tokens: list[str]) -> tuple[float, int] | None:
    """Parse the longest spelled-out number at the head of ``tokens``.

    Returns (value, tokens consumed) or None. Stops at the first token that does
    not continue the number, so "two lakh and three lakh" parses as two lakh.
    """
    total = 0.0
    current: float | None = None
    prev = ""  # kind of the previous token: unit, tens, hundred, scale, dozen
    top_scale = 0.0
    checkpoint: tuple[int, float, float | None] | None = None
    i = 0
    n = len(tokens)
    while i < n:
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else ""
        if t in ("a", "an"):
            if i == 0 and (nxt in _WORD_SCALES or nxt in ("hundred", "dozen")):
                current, prev = 1.0, "unit"
                i += 1
                continue
            break
        if t in _UNITS or t in _TENS:
            v = float(_UNITS.get(t, _TENS.get(t, 0)))
            if prev in ("unit", "tens", "dozen"):
                # "twenty five" continues a number; "five three" does not.
                if prev == "tens" and t in _UNITS and 0 < v < 10 and current is not None:
                    current += v
                    prev = "unit"
                    i += 1
                    continue
                break
            current = (current or 0.0) + v
            prev = "tens" if t in _TENS else "unit"
        elif t == "hundred":
            if current is None or prev not in ("unit", "tens"):
                break
            current *= 100
            prev = "hundred"
        elif t == "dozen":
            current = (current or 1.0) * 12
            prev = "dozen"
        elif t in _WORD_SCALES:
            scale = _WORD_SCALES[t]
            if checkpoint is not None and scale >= top_scale:
                # "two lakh and three lakh" is two amounts, not five lakh.
                i, total, current = checkpoint
                prev = "scale"
                break
            if current is None:
                if not total or scale <= top_scale:
                    break
                current, total = total, 0.0
            if total and scale > top_scale:
                # "two thousand million": the scale multiplies everything so far.
                total = (total + current) * scale
            else:
                total += current * scale
            top_scale = max(top_scale, scale)
            current = None
            prev = "scale"
        elif t == "and":
            if prev in ("unit", "tens") and tokens[i + 1 : i + 3] == ["a", "half"]:
                current = (current or 0.0) + 0.5
                i += 3
                prev = "half"
                continue
            if prev in ("hundred", "scale") and (nxt in _UNITS or nxt in _TENS):
                if prev == "scale":
                    checkpoint = (i, total, current)
                i += 1
                prev = "and"
                continue
            break
        elif t == "half" and prev == "":
            # "half a million"
            if nxt in ("a", "an") and i + 2 < n and tokens[i + 2] in _WORD_SCALES:
                current, prev = 0.5, "unit"
                i += 2
                continue
            break
        else:
            break
        i += 1
    if prev == "and":
        i -= 1
    if current is None and total == 0.0:
        return None
    if i == 0:
        return None
    return total + (current or 0.0), i


_TOKEN_RE = re.compile(r"[A-Za-z]+")


def parse_number_words(s: str) -> float | None:
    """Value of a spelled-out number ("thirty-five lakh", "a dozen", "three").

    Digits are accepted too ("12", "5,000"). Returns None unless the whole string
    is one number.
    """
    s = s.strip()
    digits = s.replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", digits):
        return float(digits)
    tokens = [t.lower() for t in _TOKEN_RE.findall(s)]
    if not tokens or re.search(r"[^A-Za-z\s\-]", s):
        return None
    parsed = _parse_tokens(tokens)
    if parsed is None or parsed[1] != len(tokens):
        return None
    return parsed[0]


_NUMBER_WORDS = sorted(
    [*_UNITS, *_TENS, *_WORD_SCALES, "hundred", "dozen", "half", "a", "an"], key=len, reverse=True
)
_WORD_RUN_RE = re.compile(
    r"\b(?:"
    + "|".join(_NUMBER_WORDS)
    + r")(?:(?:\s+|-)(?:and|"
    + "|".join(_NUMBER_WORDS)
    + r"))*\b",
    re.IGNORECASE,
)


# ---------------------------------------------------------------- amounts


@dataclass
class _Amount:
    start: int
    end: int
    raw: float  # number as written, before any scale word
    scale: float  # product of scale words; 1.0 when none
    value_start: int  # where the number itself starts (before any prefix)
    currency: str | None = None
    explicit_scale: bool = False

    @property
    def value(self) -> float:
        return self.raw * self.scale


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    v = _vocab()
    mults = sorted(v["multipliers"], key=len, reverse=True)
    attached = sorted(v["attached_multipliers"], key=len, reverse=True)
    number = (
        r"(?<![\d.,])"
        r"(?P<num>\d{1,3}(?:(?:,\d{3})+|(?:,\d{2})+,\d{3}|(?:[ \u00a0\u202f\u2009]\d{3})+|(?:, \d{3})+)"
        r"(?:\.\d+)?|\d+(?:\.\d+)?)"
        r"(?:(?P<att>" + "|".join(map(re.escape, attached)) + r")(?![\w]))?"
        r"(?P<mult>(?:[\s\u00a0]*-?[\s\u00a0]*(?i:" + "|".join(mults) + r")\b)*)"
        r"(?![\w%])"
    )
    prefixes = sorted([*v["symbols"], *v["prefixes"], *v["codes"]], key=len, reverse=True)
    prefix = (
        r"(?:(?<![A-Za-z])(?P<pre>" + "|".join(map(re.escape, prefixes)) + r")[\s\u00a0]{0,2}"
        r"|(?<![A-Za-z0-9])(?P<att>" + "|".join(map(re.escape, v["attached_prefixes"])) + r"))\Z"
    )
    qualified = sorted(v["qualified"], key=len, reverse=True)
    qualified_alt = "|".join(r"\s+".join(re.escape(w) for w in q.split()) for q in qualified)
    words = sorted(v["words"], key=len, reverse=True)
    suffix = (
        r"[\s\u00a0]*(?:(?P<q>(?i:" + qualified_alt + r"))(?![\w])"
        r"|(?P<w>(?i:" + "|".join(map(re.escape, words)) + r"))(?![\w])"
        r"|(?P<code>" + "|".join(v["codes"]) + r")(?![\w]))"
    )
    return {
        "number": re.compile(number),
        "prefix": re.compile(prefix),
        "suffix": re.compile(suffix),
    }


def _mult_value(words: str) -> float:
    table = _vocab()["multipliers"]
    scale = 1.0
    for w in re.findall(r"[A-Za-z]+", words):
        scale *= float(table[w.lower()])
    return scale


def _numeric_amounts(text: str, lo: int, hi: int) -> list[_Amount]:
    out: list[_Amount] = []
    attached_table = _vocab()["attached_multipliers"]
    pos = lo
    while True:
        m = _patterns()["number"].search(text, pos, hi)
        if m is None:
            return out
        pos = m.end()
        if " " in m["num"] and not _patterns()["prefix"].search(text, max(0, m.start() - 8), m.start()):
            # A space groups thousands ("$7 000", "N600, 000") only right after a currency;
            # elsewhere it separates two numbers ("in 2019 300 people", "5, 100 and"):
            # read the first.
            first = m["num"][: m["num"].index(" ")].rstrip(",")
            pos = m.start() + len(first)
            out.append(_Amount(m.start(), pos, float(first.replace(",", "")), 1.0, m.start()))
            continue
        raw = float(re.sub(r"[ ,\u00a0\u202f\u2009]", "", m["num"]))
        scale = 1.0
        if m["att"]:
            scale *= float(attached_table[m["att"]])
        if m["mult"]:
            scale *= _mult_value(m["mult"])
        out.append(
            _Amount(
                m.start(),
                m.end(),
                raw,
                scale,
                m.start(),
                explicit_scale=bool(m["att"] or m["mult"]),
            )
        )


def _word_amounts(text: str, lo: int, hi: int) -> list[_Amount]:
    out = []
    for m in _WORD_RUN_RE.finditer(text, lo, hi):
        toks = [
            (t.group().lower(), m.start() + t.start(), m.start() + t.end())
            for t in _TOKEN_RE.finditer(m.group())
        ]
        i = 0
        while i < len(toks):
            parsed = _parse_tokens([t for t, _, _ in toks[i:]])
            if parsed is None:
                i += 1
                continue
            value, used = parsed
            first, last = toks[i], toks[i + used - 1]
            scaled = any(t in _WORD_SCALES for t, _, _ in toks[i : i + used])
            out.append(_Amount(first[1], last[2], value, 1.0, first[1], explicit_scale=scaled))
            i += used
    return out


def _attach_currency(text: str, a: _Amount, country_hint: Hint) -> None:
    pats = _patterns()
    v = _vocab()
    pm = pats["prefix"].search(text, max(0, a.start - 8), a.start)
    if pm and pm.end() == a.start:
        if pm["pre"]:
            key = pm["pre"]
            value = v["symbols"].get(key) or v["prefixes"].get(key) or key
        else:
            # A glued single letter ("N5,000") is a sign only before a real sum,
            # which keeps "N95" or "R2" out.
            if a.start != a.value_start or (a.raw < 100 and a.scale == 1.0):
                return
            value = v["attached_prefixes"][pm["att"]]
        a.currency = _resolve(value, country_hint)
        a.start = pm.start()
        return
    sm = pats["suffix"].match(text, a.end)
    if not sm:
        return
    if sm["q"]:
        value = v["qualified"][" ".join(sm["q"].lower().split())]
    elif sm["w"]:
        word = sm["w"].lower()
        # "5,000 pounds of cannabis" is a weight, not money.
        if word.startswith("pound") and re.match(r"\s+of\b", text[sm.end() :]):
            return
        value = v["words"][word]
    else:
        value = sm["code"]
    a.currency = _resolve(value, country_hint)
    a.end = sm.end()


_RANGE_RE = re.compile(r"\A[\s\u00a0]*(?:-|–|—|to|or|and)[\s\u00a0]*\Z", re.IGNORECASE)
_BETWEEN_RE = re.compile(r"\b(?:between|from)\s+\S*\s*\Z", re.IGNORECASE)


def _link_ranges(text: str, amounts: list[_Amount]) -> None:
    """Share currency and scale across the two ends of a range ("Rs 8 to 10 lakh",
    "Tk15-Tk 20 lakh")."""
    for a, b in zip(amounts, amounts[1:], strict=False):
        gap = text[a.end : b.start]
        if len(gap) > 8 or not _RANGE_RE.match(gap):
            continue
        if gap.strip().lower() == "and" and not _BETWEEN_RE.search(text, 0, a.start):
            continue
        if a.currency and b.currency and a.currency != b.currency:
            continue  # two currencies: a conversion, not a range
        if not a.explicit_scale and b.explicit_scale and a.raw * b.scale <= b.value:
            a.scale = b.scale
        if a.value > b.value:
            continue  # "$5,000 to 10 smugglers" is not a range
        if a.currency is None:
            a.currency = b.currency
        elif b.currency is None:
            b.currency = a.currency


def find_money(
    text: str, start: int = 0, end: int | None = None, country_hint: Hint = None
) -> list[MoneyMention]:
    """Money mentions in ``text[start:end]``, with offsets into ``text``.

    ``country_hint`` (ISO 3166-1 alpha-2, or several in order of preference) resolves
    generic names such as "Rs." or "pesos"; without it they take the default in the
    vocabulary.
    """
    hi = len(text) if end is None else end
    amounts = _numeric_amounts(text, start, hi) + _word_amounts(text, start, hi)
    amounts.sort(key=lambda a: a.start)
    for a in amounts:
        _attach_currency(text, a, country_hint)
    _link_ranges(text, amounts)
    out = []
    for a in amounts:
        if a.currency is None or a.start < start or a.end > hi:
            continue
        out.append(MoneyMention(a.value, a.currency, a.start, a.end, text[a.start : a.end]))
    return out
