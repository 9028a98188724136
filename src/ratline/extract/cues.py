"""Compiled cue phrases: one regular expression per vocabulary section, found in one scan.

Vocabulary patterns are case-insensitive regular expressions that must start on a word
boundary and, where they end on a letter, end on one. A pattern may end on a digit or a
sign inside a number or a price ("paid (?:\\w+ ){0,6}\\d" finds "paid 400,000 rupees" and
"paid $5,000"). Compiling a whole section into one alternation with a named group per
label keeps matching linear in the text, however many cues the vocabulary grows; the
alternation is split by first letter so that each word start tries only the cues that can
begin there.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cue:
    label: str
    start: int
    end: int
    text: str


# The end of a cue: no word character may follow a final letter ("sold" is not "soldier");
# after a final digit or sign the number or the price goes on.
_END = r"(?!(?<=[^\W\d_])\w)"


class CueSet:
    """Labelled patterns compiled together; `find` returns non-overlapping matches in order.

    With `longest`, where cues of two labels start at one place the longer wins ("found
    guilty" is a conviction, not a "found" report); a single alternation would take
    whichever label comes first."""

    def __init__(self, patterns: Mapping[str, Iterable[str]], *, flags: int = re.IGNORECASE,
                 longest: bool = False):
        self.labels: list[str] = []
        table: list[list[str]] = []
        for label, pats in patterns.items():
            alts = [p for p in pats if p]
            if not alts:
                continue
            self.labels.append(label)
            table.append(alts)
        self._per_label: list[re.Pattern[str]] = []
        if longest:
            self._per_label = [re.compile(_dispatched([alts], flags), flags) for alts in table]
        self.regex = re.compile(_dispatched(table, flags), flags)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Cue]:
        stop = len(text) if end is None else end
        if self._per_label:
            return self._find_longest(text, start, stop)
        out = []
        for m in self.regex.finditer(text, start, stop):
            label = self._label(m)
            if label is not None:
                out.append(Cue(label, m.start(), m.end(), m.group()))
        return out

    def _find_longest(self, text: str, start: int, stop: int) -> list[Cue]:
        found = [Cue(label, m.start(), m.end(), m.group())
                 for label, rx in zip(self.labels, self._per_label, strict=True)
                 for m in rx.finditer(text, start, stop)]
        found.sort(key=lambda c: (c.start, c.start - c.end))
        out: list[Cue] = []
        for c in found:
            if not out or c.start >= out[-1].end:
                out.append(c)
        return out

    def labels_in(self, text: str, start: int = 0, end: int | None = None) -> set[str]:
        return {c.label for c in self.find(text, start, end)}

    def search(self, text: str, start: int = 0, end: int | None = None) -> Cue | None:
        stop = len(text) if end is None else end
        if self._per_label:
            found = self._find_longest(text, start, stop)
            return found[0] if found else None
        m = self.regex.search(text, start, stop)
        label = None if m is None else self._label(m)
        if m is None or label is None:
            return None
        return Cue(label, m.start(), m.end(), m.group())

    def _label(self, m: re.Match[str]) -> str | None:
        group = m.lastgroup
        return None if group is None else self.labels[int(group[1:].split("_")[0])]


def _dispatched(table: list[list[str]], flags: int) -> str:
    """One pattern for the labelled alternatives of `table`, dispatched on the first letter.

    The regex engine tries every alternative at every word start; most cues begin with a
    known letter, so each letter gets its own branch holding only the alternatives that
    can start with it (and those whose first letter is unknown), in their original order.
    At a given place only one branch can match, so what is found is exactly what one plain
    alternation would find: the first alternative, in label order, that matches. Group
    `g<label>_<branch>` names the label.
    """
    firsts = [[_first_letters(p) for p in alts] for alts in table]
    branches: list[str] = []

    def branch(key: str, guard: str, letter: str | None, everything: bool = False) -> None:
        groups = []
        for k, (alts, fs) in enumerate(zip(table, firsts, strict=True)):
            kept = [p for p, f in zip(alts, fs, strict=True)
                    if everything or f is None or (letter is not None and letter in f)]
            if kept:
                groups.append(f"(?P<g{k}_{key}>" + "|".join(f"(?:{p})" for p in kept) + ")")
        if groups:
            branches.append(guard + "(?:" + "|".join(groups) + ")")

    if flags & re.IGNORECASE:
        for letter in string.ascii_lowercase:
            branch(letter, f"(?=[{letter}])", letter)
        branch("0", "(?![a-z])", None)
    else:
        # Without IGNORECASE a letter guard would have to name both cases; one branch does.
        branch("0", "", None, everything=True)
    body = "|".join(branches) if branches else r"(?!x)x"
    return rf"(?<!\w)(?:{body}){_END}"


def _first_letters(pattern: str) -> frozenset[str] | None:
    """The lower-case letters every match of `pattern` may start with, or None where the
    pattern may start with something else or its start is not plain enough to tell."""
    out: set[str] = set()
    for alt in _top_alternatives(pattern):
        if alt is None:
            return None
        if _PLAIN_FIRST.match(alt):
            out.add(alt[0].lower())
            continue
        if not alt.startswith("(?:"):
            return None
        close = _group_end(alt)
        if close is None or alt[close + 1 : close + 2] in ("*", "?", "{"):
            return None
        inner = _first_letters(alt[3:close])
        if inner is None:
            return None
        out |= inner
    return frozenset(out) if out else None


# A first letter that is neither optional nor repeated from zero.
_PLAIN_FIRST = re.compile(r"[A-Za-z](?![*?{])")


def _top_alternatives(pattern: str) -> list[str | None]:
    """`pattern` split at its top-level bars; [None] where brackets do not balance."""
    signs = _signs(pattern)
    if signs is None:
        return [None]
    out, depth, last = [], 0, 0
    for i, c in signs:
        depth += (c == "(") - (c == ")")
        if c == "|" and depth == 0:
            out.append(pattern[last:i])
            last = i + 1
    if depth != 0:
        return [None]
    out.append(pattern[last:])
    return list(out)


def _group_end(pattern: str) -> int | None:
    """Index of the bracket closing the group that opens `pattern`."""
    depth = 0
    for i, c in _signs(pattern) or []:
        depth += (c == "(") - (c == ")")
        if c == ")" and depth == 0:
            return i
    return None


def _signs(pattern: str) -> list[tuple[int, str]] | None:
    """The brackets and bars of `pattern` that are syntax: neither escaped nor inside a
    character class; None where a class is not closed."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            end = _class_end(pattern, i)
            if end is None:
                return None
            i = end + 1
            continue
        if c in "()|":
            out.append((i, c))
        i += 1
    return out


def _class_end(pattern: str, start: int) -> int | None:
    """Index of the bracket closing the character class opened at `start`."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i
        i += 1
    return None


def phrase_set(patterns: Iterable[str], label: str = "cue") -> CueSet:
    """A single-label cue set, for plain lists of phrases."""
    return CueSet({label: list(patterns)})
