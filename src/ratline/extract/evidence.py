"""The evidence level of an incident: the strongest level its sentences state.

Negated, conditional and hedged cues never reach this module (see `modality`). Here the
ladder is read, steps that a later outcome undoes are dropped for what the outcome still
implies (an overturned conviction leaves a charge; see `outcomes`), unverified claims are
capped at `allegation`, and an official denial of something resting only on rumour or
speculation gives `denial` (a denied allegation stays an allegation).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ratline.extract.cues import Cue, CueSet, phrase_set
from ratline.extract.features import Marks
from ratline.extract.outcomes import lede_undoes, rules, undoing, undone_after
from ratline.extract.results import Found
from ratline.vocab import load

FIRM = ("investigation", "arrest", "charge", "conviction")
# What a dismissal names when it dismisses a rumour rather than an accusation.
_DISMISSED = re.compile(r"rumou?r|myth|conspiracy theor|hoax", re.IGNORECASE)
HEDGES = ("rumor", "speculation", "allegation")


@lru_cache(maxsize=1)
def ladder() -> list[str]:
    return list(load("evidence")["ladder"])


@lru_cache(maxsize=1)
def _unverified() -> CueSet:
    return phrase_set(load("evidence")["unverified"])


def rank(level: str) -> int:
    """Position on the ladder; `denial` ranks below everything."""
    lad = ladder()
    return lad.index(level) if level in lad else -1


def _found(cue: Cue, m: Marks, confidence: float) -> Found:
    return Found(cue.label, cue.start, cue.end, m.sentence.span, confidence)


def _headline(m: Marks) -> bool:
    """Whether the sentence is the text's headline: its first line, alone in its paragraph,
    with no closing stop."""
    s = m.sentence
    return (s.index == 0 and s.paragraph == 0 and len(s.text) < 160
            and not s.text.rstrip().endswith((".", "!", "?", '"', "\u201d", "'")))


def level(marks: list[Marks], *, doc_denial: list[tuple[Marks, Cue]] | None = None,
          doc_marks: list[Marks] | None = None) -> Found:
    """The incident's evidence level with the cue that decided it. `doc_marks`: the whole
    document's, whose headline and lede outcomes reach the incident wherever the grouping
    put them."""
    best: tuple[Cue, Marks] | None = None
    hedge: tuple[Cue, Marks] | None = None
    report: tuple[Cue, Marks] | None = None
    unverified = None
    denied: tuple[Cue, Marks] | None = None
    outcomes = [o for m in marks for o in m.outcomes]
    # Case-wide outcomes of the headline or lede, which reach the steps of later paragraphs.
    lede = [(o, m.sentence) for m in (doc_marks or marks) for o in m.outcomes
            if rules()[o.label].case_wide and m.sentence.paragraph <= 1]
    for m in marks:
        for o in m.outcomes:
            # What the outcome still implies: an acquittal a charge, a release an arrest.
            implied = rules()[o.label].stands
            if implied is None:
                continue
            stands = Cue(implied, o.start, o.end, o.text)
            if best is None or rank(stands.label) > rank(best[0].label):
                best = (stands, m)
        for c in m.evidence:
            # A headline sums up the story before its outcome is told: "Supreme Court frees
            # woman convicted of trafficking" is undone by the acquittal below it, as a step
            # told in the past perfect is (`undoing`).
            after = -1 if _headline(m) else undone_after(m.sentence.text, m.sentence.start,
                                                         c.start)
            if c.label in FIRM and (
                    undoing(c.label, c.start, outcomes, after=after) is not None
                    or any(c.label in rules()[o.label].undoes and lede_undoes(s, m.sentence)
                           for o, s in lede)):
                continue  # a conviction overturned, charges dropped: the step is gone
            if c.label in HEDGES and any(d.start <= c.start and c.end <= d.end for d in m.denial):
                # "denies these claims": the claim denied, not another one made; it counts
                # only where the text makes no other ("no truth to rumours").
                if denied is None or rank(c.label) < rank(denied[0].label):
                    denied = (c, m)
                continue
            if c.label in FIRM and (best is None or rank(c.label) > rank(best[0].label)):
                best = (c, m)
            elif c.label in HEDGES and (hedge is None or rank(c.label) > rank(hedge[0].label)):
                hedge = (c, m)
            elif c.label == "report" and report is None:
                report = (c, m)
        if unverified is None:
            hit = _unverified().search(m.sentence.text)
            if hit is not None:
                unverified = (hit, m)
    if best is not None:
        return _found(best[0], best[1], 0.85)
    own_denials = [(m, c) for m in marks for c in m.denial]
    hedge = hedge or denied
    if hedge is None:
        # "There was no truth to rumours": the rumour is read only inside its dismissal
        # (the negation drops its own cue).
        for m, c in own_denials:
            if _DISMISSED.search(c.text):
                return Found("denial", c.start, c.end, m.sentence.span, 0.7)
    if hedge is not None:
        hedged_level = hedge[0].label
        # Officials dismissing a rumour or a conjecture is a denial; a party denying an
        # allegation against itself ("North Korea rejects US intelligence allegations it
        # supplied weapons") leaves the allegation standing, as the claim it is.
        denials = (own_denials or doc_denial or []) if hedged_level in ("rumor", "speculation") else []
        if denials:
            m, c = denials[0]
            return Found("denial", c.start, c.end, m.sentence.span, 0.7)
        # A headline that only suspects or alleges frames the whole text: an "according to"
        # further down attributes, it does not establish.
        headline = hedge[1].sentence.index == 0
        if report is None or unverified is not None or hedged_level == "rumor" or headline:
            return _found(hedge[0], hedge[1], 0.6)
    if report is not None:
        return _found(report[0], report[1], 0.7)
    first = marks[0]
    return Found("report", None, None, first.sentence.span, 0.5)
