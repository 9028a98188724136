"""Outcomes that undo a step of the evidence ladder once stated.

"He was convicted in 2019, but the conviction was overturned on appeal": the conviction
no longer stands, so it is neither the incident's evidence level nor the person's legal
status. An outcome undoes only the steps stated before it, so "the acquittal was reversed
and he was convicted" still ends in a conviction. What each outcome undoes, the step it
still implies and the status it leaves are data (`outcomes` in vocab/evidence.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ratline.extract.cues import Cue, CueSet
from ratline.extract.sentences import Sentence
from ratline.vocab import load


@dataclass(frozen=True, slots=True)
class Rule:
    undoes: tuple[str, ...]
    # The step the outcome implies was taken; None when it implies none ("no charges were
    # filed" says nothing of an arrest).
    stands: str | None
    status: str
    # False when the outcome concerns only some people of a case (an acquittal).
    case_wide: bool = True


@lru_cache(maxsize=1)
def rules() -> dict[str, Rule]:
    data = load("evidence")["outcomes"]
    return {
        label: Rule(
            tuple(body["undoes"]),
            str(body["stands"]) if body.get("stands") else None,
            str(body["status"]),
            bool(body.get("case_wide", True)),
        )
        for label, body in data.items()
    }


@lru_cache(maxsize=1)
def cues() -> CueSet:
    return CueSet({label: body["cues"] for label, body in load("evidence")["outcomes"].items()})


# A step told in the past perfect ("Rusk had been sentenced to eight years") came before
# whatever the text has told already: "The appeals court overturned the conviction ... He
# had been sentenced ..." undoes it though told first.
_PAST_PERFECT = re.compile(
    r"\bhad\s+(?:(?:earlier|already|previously|once|first|originally|initially|\w+ly)\s+)?"
    r"(?:been\s+)?$", re.IGNORECASE)


# A step told in a relative clause describes the person an outcome earlier in the same
# sentence acts on: "ordered a retrial of X, who was convicted in 2019", "granted a retrial
# to the three men convicted of trafficking" (the conviction came first).
_RELATIVE = re.compile(
    r"(?:\bwho\s+(?:was|were|had been|has been|have been)\s+"
    r"|\b(?:m[ae]n|wom[ae]n|people|persons|accused|defendants?|couple|brothers|sisters|"
    r"suspects?|doctors?|surgeons?|brokers?|traffickers?|smugglers?|those)\s+)"
    r"(?:(?:earlier|already|previously|once|first|originally|initially|\w+ly)\s+)?$",
    re.IGNORECASE)


# A step taken anew after the outcome: "convicted again at a retrial".
_ANEW = re.compile(r"\b(?:again|anew|once more|retrial|re-trial|new trial|fresh trial)\b",
                   re.IGNORECASE)


def lede_undoes(outcome: Sentence, step: Sentence) -> bool:
    """Whether an outcome told in the headline or the lede reaches a step told in a later
    paragraph, in any tense: the lede tells where the case stands, the paragraphs after
    it the story before ("A man jailed for trafficking his niece has had his conviction
    quashed ... X was convicted in 2022"); not a step taken anew ("convicted again at a
    retrial")."""
    return (outcome.paragraph <= 1 and outcome.paragraph < step.paragraph
            and not _ANEW.search(step.text))


def told_before(sentence: str, start: int) -> bool:
    """Whether the step at sentence[start:] is told in the past perfect."""
    return _PAST_PERFECT.search(sentence, max(0, start - 40), start) is not None


def told_in_relative(sentence: str, start: int) -> bool:
    """Whether the step at sentence[start:] is told in a relative clause ("who was
    convicted")."""
    return _RELATIVE.search(sentence, max(0, start - 40), start) is not None


def undone_after(sentence: str, sentence_start: int, start: int) -> int:
    """The offset after which an outcome may undo the step at text[start:]: the step's own
    start, the sentence's for a step told in a relative clause, and anywhere (-1) for one
    told in the past perfect."""
    if told_before(sentence, start - sentence_start):
        return -1
    if told_in_relative(sentence, start - sentence_start):
        return sentence_start
    return start


def undoing(
    level: str, start: int, outcomes: Iterable[Cue], *, after: int | None = None
) -> Cue | None:
    """The first case-wide outcome stated after `start` (or after `after`,
    `undone_after`) that undoes a step of `level`. A step told in the past perfect (`after`
    -1) is undone by any outcome that undoes its level, one person's too: "acquitted a
    woman who had been convicted by a lower court ... X had been sentenced to ten years"
    tells the verdict the acquittal reversed (co-defendants convicted beside one acquitted
    are told in the simple past)."""
    bound = start if after is None else after
    for o in outcomes:
        rule = rules()[o.label]
        if o.end > bound and level in rule.undoes and (rule.case_wide or after == -1):
            return o
    return None
