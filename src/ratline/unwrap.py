"""Hard-wrapped lines joined back into paragraphs, with the map back to the original offsets.

PDF text and e-mail are wrapped at a fixed width: a line break falls between "human" and
"trafficking", a word is split as "traf-\\nficking", and quoted e-mail carries "> " in front
of every line. The cue patterns and the parser read such text badly, so the rules read the
unwrapped text, and every span they find is mapped back to the original before it is
stored: stored offsets and cited sentences always point into the text as it was read.

A break is joined only where the block around it is wrapped: most of its lines stop
mid-sentence, and this line stops because the next word would not have fitted in the
width of the block (or of the document, for a short paragraph), or the next line goes on
in lower case. Blank lines, headings, datelines, list items and table rows keep their
break, and so does a line that ends a sentence, unless blank lines part the paragraphs
(then a break inside a block is never a paragraph's end). A document with nothing to join
comes back unchanged, so an ordinary text reads exactly as before.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# Wrap widths seen in practice: e-mail at 72-80 characters, PDF text up to about 130.
MIN_WIDTH = 40
MAX_WIDTH = 160
# A line at least this share of the block's width is a full line.
FULL_LINE = 0.75
# A line going on in lower case is a continuation when it is at least this share.
HALF_LINE = 0.5
# Lines near the width a block needs before its width is believed.
SURE_LINES = 3
# A block without a width of its own takes the document's when its longest line is near it.
WIDTH_SLACK = 1.15

_QUOTE = re.compile(r"[ \t]*>(?:[ \t]?>)*[ \t]?")
_ENDS_SENTENCE = re.compile(r"[.!?:][\"'”’)\]]*$")
_LIST_ITEM = re.compile(r"(?:[-*•–—·]|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)])\s")
_TABLE = re.compile(r"\t|\S {3,}\S")
# "PALERMO, 7 October" or "NAIROBI (Reuters) -": a dateline opens a story after its headline.
_DATELINE = re.compile(r"[A-ZÀ-Ý][A-ZÀ-Ý .'’-]{2,}(?:,\s*(?:\d|[A-Z][a-z]+\.?\s+\d)|\s+\(|\s+[-–—])")
# A word cut at the end of a line: "traf-" (letters only: "2017-" is a range, "--" a dash).
_SPLIT_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]+)-$")
_FIRST_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Prefixes written with a hyphen: "anti-\ntrafficking" keeps it, "traf-\nficking" loses it.
# Only those that are no common syllable break too ("pro-\nsecutors", "ex-\nploitation",
# "inter-\nnational" lose theirs unless the document spells the word with one elsewhere).
_HYPHEN_PREFIXES = frozenset(("anti", "non", "self", "well", "cross", "semi", "quasi", "pseudo"))
_SMALL_WORDS = frozenset((
    "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with",
    "from", "into",
))

KEEP, SPACE, GLUE, DROP_HYPHEN = "keep", "space", "glue", "drop-hyphen"


@dataclass(frozen=True, slots=True)
class Unwrapped:
    """The unwrapped text and the map from its offsets to those of the original.

    The map is a list of runs: from `starts[k]` on, an unwrapped offset plus `shifts[k]`
    is the original offset (every unwrapped character comes from one original character).
    """

    text: str
    original: str
    starts: tuple[int, ...] = (0,)
    shifts: tuple[int, ...] = (0,)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def position(self, i: int) -> int:
        """The original offset of the unwrapped character at `i`."""
        k = bisect.bisect_right(self.starts, i) - 1
        return i + self.shifts[max(k, 0)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the unwrapped span [start, end): from its first character
        to just after its last, so a word joined across a break covers the break."""
        if start >= len(self.text):
            return len(self.original), len(self.original)
        first = self.position(start)
        return first, (self.position(end - 1) + 1 if end > start else first)


@dataclass(slots=True)
class _Line:
    start: int  # first character after any quote prefix
    end: int  # the line's "\n" (or the end of the text)
    depth: int  # quote depth: the number of ">" in front
    body: str  # the line without prefix and without surrounding blanks


def unwrap(text: str) -> Unwrapped:
    """`text` with wrapped lines joined and quote prefixes removed, and the offset map."""
    lines = _lines(text)
    out = _build(text, lines, _breaks(text, lines))
    return out if out.changed else Unwrapped(text, text)


def soft_breaks(text: str) -> frozenset[int]:
    """Offsets of the line breaks `unwrap` joins: breaks inside a sentence or a paragraph,
    where whoever shows a sentence of the original must not cut it."""
    lines = _lines(text)
    return frozenset(lines[i].end for i, b in enumerate(_breaks(text, lines)) if b != KEEP)


def soft_breaks_near(text: str, start: int, end: int, reach: int) -> frozenset[int]:
    """`soft_breaks` of the lines within `reach` characters of [start, end), as offsets
    into `text`: enough of a wrapped paragraph to tell its width, however long the text."""
    lo, hi = max(0, start - reach), min(len(text), end + reach)
    # Whole lines at both ends (when near), so the first and last are not cut short.
    before = text.rfind("\n", max(0, lo - reach), lo)
    lo = before + 1 if before >= 0 else (0 if lo <= reach else lo)
    after = text.find("\n", hi, hi + reach)
    hi = after if after >= 0 else (len(text) if len(text) - hi <= reach else hi)
    return frozenset(lo + i for i in soft_breaks(text[lo:hi]))


def _lines(text: str) -> list[_Line]:
    spans, pos = [], 0
    while True:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        spans.append((pos, end))
        if nl < 0:
            break
        pos = nl + 1
    quoted = _quoted_lines(text, spans)
    out = []
    for i, (s, e) in enumerate(spans):
        depth, start = 0, s
        if i in quoted:
            m = _QUOTE.match(text, s, e)
            if m is not None:
                depth, start = m.group().count(">"), m.end()
        out.append(_Line(start, e, depth, text[start:e].strip()))
    return out


def _quoted_lines(text: str, spans: list[tuple[int, int]]) -> set[int]:
    """Lines of quoted e-mail: runs of two or more lines opening with ">" (a single one may
    be "> 50 victims" written as a comparison)."""
    flags = [_QUOTE.match(text, s, e) is not None and ">" in text[s:e] for s, e in spans]
    out: set[int] = set()
    i = 0
    while i < len(flags):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j < len(flags) and flags[j]:
            j += 1
        if j - i >= 2:
            out.update(range(i, j))
        i = j
    return out


def _blocks(lines: list[_Line]) -> list[list[int]]:
    """Indices of the lines of each block: non-blank lines of one quote depth in a row."""
    blocks: list[list[int]] = []
    current: list[int] = []
    for i, ln in enumerate(lines):
        if ln.body and current and lines[current[-1]].depth == ln.depth:
            current.append(i)
            continue
        if current:
            blocks.append(current)
        current = [i] if ln.body else []
    if current:
        blocks.append(current)
    return blocks


def _breaks(text: str, lines: list[_Line]) -> list[str]:
    """How each line break (after line i) is written in the unwrapped text."""
    breaks = [KEEP] * max(0, len(lines) - 1)
    spellings = _Spellings(text)
    # Where blank lines part the paragraphs, a break inside a block is never one.
    spaced = any(not ln.body for ln in lines)
    blocks = [b for b in (_Block([lines[i].body for i in ix], ix) for ix in _blocks(lines))
              if b.wrapped]
    # A short wrapped paragraph shows no width of its own; the width the document's
    # longer paragraphs are wrapped at tells it.
    widths = sorted(b.fit for b in blocks if b.fit)
    page = widths[len(widths) // 2] if widths else 0
    for b in blocks:
        fit = b.fit or (page if FULL_LINE * page <= b.width <= WIDTH_SLACK * page else 0)
        for k, i in enumerate(b.index[:-1]):
            breaks[i] = _join(spellings, b.bodies[k], b.bodies[k + 1], b.width, fit=fit,
                              spaced=spaced)
    return breaks


class _Block:
    """Non-blank lines in a row, and what their lengths say of a wrap width."""

    def __init__(self, bodies: list[str], index: list[int]) -> None:
        self.bodies, self.index = bodies, index
        self.width = max(len(b) for b in bodies)
        inner = bodies[:-1]
        open_ended = sum(1 for b in inner if not _ENDS_SENTENCE.search(b))
        # Lines that are sentences or paragraphs of their own are no wrapped block.
        self.wrapped = (len(bodies) > 1 and MIN_WIDTH <= self.width <= MAX_WIDTH
                        and open_ended * 2 >= len(inner))
        lengths = sorted((len(b) for b in bodies), reverse=True)
        full = sum(1 for n in lengths if n >= FULL_LINE * self.width)
        # Wrapped prose goes on in lower case at many of its breaks; a list of headlines
        # of like length never does.
        lower = sum(1 for b in bodies[1:] if b[:1].islower())
        sure = full >= SURE_LINES and lower * 4 >= len(inner)
        # One line may run past the width (a long name kept whole); the next longest
        # then tells the width better.
        self.fit = (lengths[1] if len(lengths) > 3 else self.width) if sure else 0


def _join(spellings: _Spellings, line: str, nxt: str, width: int, *, fit: int,
          spaced: bool) -> str:
    """How the break between `line` and `nxt` is written.

    A line going on in lower case continues the one before. Any other line continues it
    only where the next word would not have fitted in the width (`fit`), and only in a
    block with enough full lines to show a width at all (`fit` is 0 otherwise): stacked
    headings, a headline over its byline and lists of headlines vary in length and stop
    short of that width.

    A line that ends a sentence keeps its break (it may end a paragraph), unless blank
    lines part the paragraphs and the next word would not have fitted."""
    if _LIST_ITEM.match(nxt) or _DATELINE.match(nxt) or _table(line) or _table(nxt):
        return KEEP
    if len(line) < FULL_LINE * width and _heading(line):
        return KEEP
    word = _FIRST_WORD.match(nxt)
    first = word.group() if word else ""
    if _ENDS_SENTENCE.search(line):
        return SPACE if spaced and fit > 0 and len(line) + 1 + len(first) > fit else KEEP
    goes_on = nxt[:1].islower() and len(line) >= HALF_LINE * width
    # "... given as\nGrace Wanjiru": no heading or sentence ends on a small word.
    dangling = line.rsplit(None, 1)[-1].lower() in _SMALL_WORDS
    ran_out = fit > 0 and (dangling or len(line) + 1 + len(first) > fit)
    if not (goes_on or ran_out):
        return KEEP
    cut = _SPLIT_WORD.search(line)
    rest = _LETTERS.match(nxt)
    if cut is None or rest is None:
        return SPACE
    left = cut.group(1)
    compound = cut.start() > 0 and line[cut.start() - 1] == "-"  # "Osazee-Omo-\nruyi"
    if compound or not rest.group()[0].islower() or spellings.hyphen_stays(left, rest.group()):
        return GLUE
    return DROP_HYPHEN


def _table(line: str) -> bool:
    """Columns apart by tabs or runs of spaces (the marker of a list item aside)."""
    item = _LIST_ITEM.match(line)
    return bool(_TABLE.search(line, item.end() if item else 0))


def _heading(line: str) -> bool:
    """A line in Title Case or capitals: a heading, a name, an address line."""
    words = [w for w in _LETTERS.findall(line) if w.lower() not in _SMALL_WORDS]
    if len(words) < 2:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps == len(words) or line.isupper()


class _Spellings:
    """The words of the document, read once and only when a split word needs them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: set[str] | None = None

    def has(self, word: str) -> bool:
        if self._words is None:
            self._words = {w.lower() for w in _WORDS.findall(self.text)}
        return word.lower() in self._words

    def hyphen_stays(self, left: str, right: str) -> bool:
        """Whether "left-\\nright" is a hyphenated word rather than one word split by the
        wrap: the document's own spelling decides, then the common hyphenated prefixes."""
        if self.has(left + right):
            return False
        return self.has(f"{left}-{right}") or left.lower() in _HYPHEN_PREFIXES


class _Builder:
    """The unwrapped text, written piece by piece, each piece from a known original place."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.parts: list[str] = []
        self.length = 0
        self.starts: list[int] = []
        self.shifts: list[int] = []

    def copy(self, start: int, end: int, replace: str | None = None) -> None:
        """Original text [start, end), or `replace` (as long) standing in for it."""
        if end <= start:
            return
        shift = start - self.length
        if not self.shifts or self.shifts[-1] != shift:
            self.starts.append(self.length)
            self.shifts.append(shift)
        self.parts.append(self.original[start:end] if replace is None else replace)
        self.length += end - start

    def done(self) -> Unwrapped:
        return Unwrapped("".join(self.parts), self.original,
                         tuple(self.starts) or (0,), tuple(self.shifts) or (0,))


def _build(text: str, lines: list[_Line], breaks: list[str]) -> Unwrapped:
    out = _Builder(text)
    joined_before = False
    for i, ln in enumerate(lines):
        start, end = ln.start, ln.end
        after = breaks[i] if i < len(breaks) else KEEP
        if joined_before:
            while start < end and text[start] in " \t":
                start += 1
        if after != KEEP:
            while end > start and text[end - 1] in " \t\r":
                end -= 1
        out.copy(start, end - 1 if after == DROP_HYPHEN else end)
        if after == KEEP and i < len(lines) - 1:
            out.copy(ln.end, ln.end + 1)
        elif after == SPACE:
            out.copy(ln.end, ln.end + 1, " ")
        joined_before = after != KEEP
    return out.done()
