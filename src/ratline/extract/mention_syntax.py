"""What the parse says a named actor did, over every mention of the name in a text.

A role is told by the verb the name is the subject or the object of ("Avila bought the
rifles", "police arrested Avila"), by the nouns set beside it ("the smuggler Avila",
"Avila, a broker") and by the preposition that ties it to an act ("paid to Avila"). The
words right before and after the first mention miss most of that: later sentences tell
what the actor did. These features feed the actor and candidate models
(`learned.actor_features`, `learned.candidate_features`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ratline.extract.features import Marks
from ratline.extract.sentences import Token

# Mentions read per name: the first ones tell the role, a long court text repeats it.
MAX_MENTIONS = 12
# "Jaime Avila Jr.": the later mentions say "Avila", never "Jr.".
_GENERATION = re.compile(r"^(?:Jr|Sr|II|III|IV)\.?,?$")
_SUFFIX = re.compile(r"(?:ings?|ed|es|s)$")
# The arcs that tie a name to a verb: its subject, passive subject or object.
_ARC = {"nsubj": "subj", "csubj": "subj", "nsubjpass": "pass", "csubjpass": "pass",
        **{d: "obj" for d in ("dobj", "obj", "iobj", "dative", "attr", "oprd")}}
_MODIFIER = {"compound", "amod", "appos", "nmod", "poss"}


def stem(word: str) -> str:
    """A crude stem, enough to let "smuggled", "smuggling" and "smuggles" meet."""
    w = word.lower()
    return _SUFFIX.sub("", w) if len(w) > 5 else w


def _spans(text: str, marks: Sequence[Marks], name: str, label: str) -> list[tuple[int, int]]:
    """Where the name (or, for a person, the surname alone) stands in the marked text."""
    words = [w for w in name.split() if not _GENERATION.match(w)] or name.split()
    keys = [name, words[-1]] if label == "PERSON" and len(words) > 1 else [name]
    spans: list[tuple[int, int]] = []
    floor = marks[0].sentence.start
    for key in keys:
        if len(key) < 3:
            continue
        for m in re.finditer(r"(?<!\w)" + re.escape(key) + r"(?!\w)", text[floor:]):
            start = floor + m.start()
            if not any(s <= start < e for s, e in spans):
                spans.append((start, start + len(key)))
            if len(spans) >= MAX_MENTIONS:
                break
    return sorted(spans)


def _root(tokens: list[Token], start: int, end: int) -> int | None:
    """The index of the span's head token: the one whose head lies outside the span."""
    inside = [i for i, t in enumerate(tokens) if t.start < end and t.end > start]
    for i in inside:
        h = tokens[i].head
        if h == i or h not in inside:
            return i
    return None


def syntax_features(text: str, marks: Sequence[Marks], name: str, label: str) -> dict[str, float]:
    """`dep:` the arc from each mention to its head, `subj:`/`obj:`/`pass:` the verb it is
    the subject or object of, `prep:` the preposition and verb over it, `mod:` the nouns
    and adjectives set beside it; counts capped at 3."""
    f: dict[str, float] = {}
    if not marks or not name:
        return f
    starts = [m.sentence.start for m in marks]

    def add(key: str) -> None:
        f[key] = min(3.0, f.get(key, 0.0) + 1.0)

    for start, end in _spans(text, marks, name, label):
        i = bisect.bisect_right(starts, start) - 1
        if i < 0 or start >= marks[i].sentence.end:
            continue
        tokens = marks[i].sentence.tokens
        r = _root(tokens, start, end)
        if r is None:
            continue
        tok = tokens[r]
        head = tokens[tok.head] if 0 <= tok.head < len(tokens) else tok
        add(f"dep:{tok.dep}")
        arc = _ARC.get(tok.dep)
        if arc is not None:
            add(f"{arc}:{stem(head.text)}")
        elif tok.dep == "pobj" and 0 <= head.head < len(tokens):
            over = tokens[head.head]
            add(f"prep:{head.text.lower()}:{stem(over.text)}")
        elif tok.dep in ("conj", "appos") and 0 <= head.head < len(tokens):
            # "X and Y were charged": the conjunct takes its first member's arc; "the
            # smuggler X": the role noun the name stands beside is its head.
            if tok.dep == "appos" and head.pos == "NOUN":
                add(f"mod:{stem(head.text)}")
            arc = _ARC.get(head.dep)
            if arc is not None:
                add(f"{arc}:{stem(tokens[head.head].text)}")
        elif tok.dep in _MODIFIER and head.pos in ("NOUN", "PROPN"):
            add(f"of:{stem(head.text)}")
        for j, t in enumerate(tokens):
            if t.head == r and j != r and not (start <= t.start < end) and t.dep in _MODIFIER \
                    and t.pos in ("NOUN", "ADJ"):
                add(f"mod:{stem(t.text)}")
    return f
