"""Comparison levels of an actor pair, for the fitted actor match weights (`linkage`).

Each field of two actor profiles lands on one level: the name in bands of
`name_similarity` (or one alias group), the types the same, compatible (two kinds of
body) or different, the countries shared or disjoint, and whether the agreeing name is
rare or made only of words common in reporting ("Nepal Police", "John Smith": anyone's
name, so agreeing on it says less). What each level is worth, in bits, is fitted from
labelled pairs by `bench/fit_actor_linkage.py` into `weights_actors.json`. A field with
no level (no countries on one side) weighs nothing.
"""

from __future__ import annotations

from functools import lru_cache

from ratline.resolve.fingerprint import common_names
from ratline.resolve.names import TITLES, Name, canon_token

FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("alias", "exact", "near", "strong", "partial", "single", "weak", "none"),
    "type": ("same", "compatible", "different"),
    "countries": ("shared", "disjoint_local", "disjoint"),
    "rarity": ("rare", "common"),
}
# Name bands (lower bounds of name_similarity), best first.
NAME_BANDS = (("exact", 1.0), ("near", 0.95), ("strong", 0.85), ("partial", 0.7), ("weak", 0.4))
# Levels at which the names agree: only then does it matter how common the name is.
AGREEING = frozenset({"exact", "near", "strong", "partial"})
# Kinds of body one report may call by another ("an organisation" / "an armed group").
COMPATIBLE_TYPES = frozenset({
    frozenset({"organization", "armed_group"}),
    frozenset({"organization", "facility"}),
    frozenset({"organization", "state"}),
})
# Things with a place: two of them in disjoint countries are probably two things.
LOCAL_TYPES = frozenset({"person", "facility"})
_WORDS_FROM = 3


def name_level(value: float, reason: str) -> str:
    if "single name" in reason:
        # "Plancarte" alone against "Manuel Plancarte": could be any Plancarte.
        return "single"
    for level, floor in NAME_BANDS:
        if value >= floor:
            return level
    return "none"


def type_level(a: str, b: str) -> str:
    if a == b:
        return "same"
    return "compatible" if frozenset({a, b}) in COMPATIBLE_TYPES else "different"


def country_level(a: frozenset[str], b: frozenset[str], types: tuple[str, str]) -> str | None:
    """None when either side has no country: a missing value weighs nothing."""
    if not a or not b:
        return None
    if a & b:
        return "shared"
    return "disjoint_local" if LOCAL_TYPES.intersection(types) else "disjoint"


@lru_cache(maxsize=1)
def _common_tokens() -> frozenset[str]:
    # In the canonical spelling names are compared in, so "Mohammed" and "Muhammad" agree.
    return frozenset(canon_token(w) for w in common_names()) - TITLES


def common_name(name: Name) -> bool:
    """Every word of the name is common in public reporting (`common_names.txt`): the
    kind of name many different people or bodies carry."""
    common = _common_tokens()
    return all(t in common for t in name.significant if len(t) >= _WORDS_FROM)


def rarity_level(a: Name, b: Name) -> str:
    """Common when either name is made only of common words; rare when both hold a rarer one."""
    return "common" if common_name(a) or common_name(b) else "rare"


def detail(field: str, level: str, a: tuple[str, frozenset[str]], b: tuple[str, frozenset[str]]) -> str:
    """What a comparison looked at, for its explanation: the types or countries compared;
    of a name's rarity only which it is, never the words (an actor's name may be a victim's)."""
    if field == "type":
        return a[0] if level == "same" else f"{a[0]}/{b[0]}"
    if field == "countries":
        if level == "shared":
            return " ".join(sorted(a[1] & b[1]))
        return f"{'/'.join(sorted(a[1]))} vs {'/'.join(sorted(b[1]))}"
    if field == "rarity":
        return "a name of words common in reporting" if level == "common" else "both names hold a rare word"
    return ""
