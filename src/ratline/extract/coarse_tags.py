"""The English model's attribute ruler, compiled to a table lookup for what extraction reads.

In `en_core_web_sm` the coarse part of speech (VERB, PROPN, AUX ...) is not predicted: the
attribute ruler sets it, and the dependency label of whitespace, from the fine tag, the
lower-case form and the parse, by running spaCy's Matcher over about 180 patterns. That
costs about a sixth of extraction's run time, mostly for lemmas and morphology that no
rule reads. Here the patterns that set POS, TAG or DEP are read from the installed model
and applied to each token's (tag, lower, dep, space) by a cached lookup, with the ruler's
precedence: the later pattern wins. A pattern of a shape this module does not know makes
`compile_rules` return None, and the caller keeps the ruler itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# The attributes extraction reads; patterns that set only lemmas or morphology are skipped.
_SET = ("POS", "TAG", "DEP")
# tag, lower-case form, dependency label, whether the token is whitespace
Features = tuple[str, str, str, bool]
_FIELD = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
Test = Callable[[Features], bool]
# Stands for every word that no LOWER test names (no model word holds a NUL).
_UNNAMED = "\x00"


@dataclass(frozen=True)
class _Rule:
    order: int
    tests: tuple[tuple[Test, ...], ...]  # one tuple of tests per token of the pattern
    index: int  # which token of the match takes the attributes
    attrs: tuple[tuple[str, str], ...]


def _named(key: str, value: Any) -> frozenset[str] | None:
    """The words a LOWER test can match by name, or None if it can match others."""
    if key != "LOWER":
        return frozenset()
    if isinstance(value, str):
        return frozenset([value])
    if isinstance(value, dict) and list(value) == ["IN"]:
        return frozenset(value["IN"])
    return None


def _test(key: str, value: Any) -> Test | None:
    if key not in _FIELD:
        return None
    at = _FIELD[key]
    if isinstance(value, (str, bool)):
        return lambda f: f[at] == value
    if not isinstance(value, dict) or len(value) != 1:
        return None
    (op, arg), = value.items()
    if op == "IN" and isinstance(arg, list):
        members = frozenset(arg)
        return lambda f: f[at] in members
    if op == "NOT_IN" and isinstance(arg, list):
        excluded = frozenset(arg)
        return lambda f: f[at] not in excluded
    if op == "REGEX" and isinstance(arg, str):
        rx = re.compile(arg)
        return lambda f: isinstance(f[at], str) and rx.search(str(f[at])) is not None
    return None


class CoarseTags:
    """POS and DEP for every token of a document, as the model's attribute ruler sets them."""

    def __init__(self, rules: list[_Rule], words: frozenset[str] | None) -> None:
        self._single = [r for r in rules if len(r.tests) == 1]
        self._multi = [r for r in rules if len(r.tests) > 1]
        self._words = words
        self._cache: dict[Features, dict[str, tuple[int, str]]] = {}

    def _own(self, f: Features) -> dict[str, tuple[int, str]]:
        if self._words is not None and f[1] not in self._words:
            # No rule names this word, so all such words of one tag and label are alike.
            f = (f[0], _UNNAMED, f[2], f[3])
        got = self._cache.get(f)
        if got is None:
            got = {}
            for rule in self._single:
                if all(t(f) for t in rule.tests[0]):
                    for name, value in rule.attrs:
                        got[name] = (rule.order, value)
            if len(self._cache) < 200_000:
                self._cache[f] = got
        return got

    def apply(self, features: Sequence[Features]) -> list[tuple[str, str]]:
        """(pos, dep) per token; the tagger's tag and the parser's label go in `features`."""
        found = [self._own(f) for f in features]
        extra: dict[int, dict[str, tuple[int, str]]] = {}
        for rule in self._multi:
            width = len(rule.tests)
            for i in range(len(features) - width + 1):
                if all(all(t(features[i + j]) for t in tests) for j, tests in enumerate(rule.tests)):
                    at = i + rule.index
                    slot = extra.setdefault(at, dict(found[at]))
                    for name, value in rule.attrs:
                        if name not in slot or slot[name][0] < rule.order:
                            slot[name] = (rule.order, value)
                    found[at] = slot
        out = []
        for f, got in zip(features, found, strict=True):
            pos = got["POS"][1] if "POS" in got else ""
            dep = got["DEP"][1] if "DEP" in got else f[2]
            out.append((pos, dep))
        return out


def compile_rules(patterns: list[dict[str, Any]]) -> CoarseTags | None:
    """The ruler's patterns (`AttributeRuler.patterns`, in order) as a lookup, or None."""
    rules: list[_Rule] = []
    words: frozenset[str] | None = frozenset()
    for order, entry in enumerate(patterns):
        attrs = tuple((k, v) for k, v in entry.get("attrs", {}).items() if k in _SET)
        if not attrs:
            continue
        if not all(isinstance(v, str) for _, v in attrs):
            return None
        for pattern in entry.get("patterns", []):
            tests: list[tuple[Test, ...]] = []
            for token in pattern:
                one = [_test(k, v) for k, v in token.items()]
                if not token or any(t is None for t in one):
                    return None
                tests.append(tuple(t for t in one if t is not None))
                for k, v in token.items():
                    named = _named(k, v)
                    words = None if words is None or named is None else words | named
            index = entry.get("index", 0)
            if not tests or not -len(tests) <= index < len(tests):
                return None
            rules.append(_Rule(order, tuple(tests), index % len(tests), attrs))
    return CoarseTags(rules, None if words is None or _UNNAMED in words else words)
