"""Whether a cue is asserted: negated ("no arrests"), merely possible ("if convicted",
"would be convicted soon") or on someone's word ("rumours say he was convicted").

Negation and modality are read from the words just before a cue, inside its clause; that
is enough for the way news, court and NGO texts phrase these, and keeps the check cheap.
A hedging frame ("rumours say", "it is said") governs the rest of its sentence up to a
contrast ("but", "however"), so it is read over that wider stretch; a hedging adverb
("reportedly", "allegedly") only its own clause.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ratline.extract.sentences import Sentence
from ratline.vocab import load

# How far back from a cue a negation or condition can sit, in characters.
WINDOW = 60
# How far back a hedging frame can sit.
HEDGE_WINDOW = 320
_CLAUSE_BREAK = re.compile(r"[,;:()\[\]—–]|\b(?:and|but|which|who|after|before|when|while)\b")
# A contrast ends what a hedge governs: "Rumours say X was taken, but police arrested Y".
_CONTRAST = re.compile(r"[;:()\[\]]|\b(?:but|however|although|though|whereas|yet)\b", re.IGNORECASE)

ASSERTED, NEGATED, MODAL, HEDGED = "asserted", "negated", "modal", "hedged"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    vocab = load("evidence")

    def tail(words: list[str]) -> re.Pattern[str]:
        alts = "|".join(f"(?:{w})" for w in words)
        # The cue word may follow the trigger directly or after up to three words.
        return re.compile(rf"(?<!\w)(?:{alts})(?:\s+[\w'-]+){{0,3}}\s*$", re.IGNORECASE)

    hedges = "|".join(f"(?:{w})" for w in vocab["hedges"])
    hedge = re.compile(rf"(?<!\w)(?:{hedges})(?!\w)", re.IGNORECASE)
    return (
        tail(vocab["negations"]),
        tail(vocab["conditionals"]),
        hedge,
        tail(vocab["hedge_adverbs"]),
        tail(vocab["step_conditionals"]),
    )


def _clause_before(text: str, floor: int, cue_start: int) -> str:
    before = text[max(floor, cue_start - WINDOW) : cue_start]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(before):
        cut = m.end()
    return before[cut:]


# A closed aside ("his vigilante group (autodefensas) intercepted") is no contrast: blanked
# before the contrast search, so the hedge before it still governs the cue.
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def _span_before(text: str, floor: int, cue_start: int) -> str:
    before = _ASIDE.sub(lambda m: " " * len(m.group()),
                        text[max(floor, cue_start - HEDGE_WINDOW) : cue_start])
    cut = 0
    for m in _CONTRAST.finditer(before):
        cut = m.end()
    return before[cut:]


def is_negated(text: str, floor: int, cue_start: int) -> bool:
    return bool(_patterns()[0].search(_clause_before(text, floor, cue_start)))


def is_conditional(text: str, floor: int, cue_start: int) -> bool:
    return bool(_patterns()[1].search(_clause_before(text, floor, cue_start)))


# "Police claimed to have arrested ...": in South Asian English the police's own account of
# what they did, not a claim in dispute; a hedge when anyone else claims it.
_OWN_ACCOUNT = re.compile(
    r"\b(?:police|policemen|officers|officials|authorities|investigators|agency|agents|"
    r"cops|force|department|bureau|(?-i:[A-Z]{2,6}))\b(?:\s+[\w'-]+){0,3}\s+$",
    re.IGNORECASE)
# The verb's forms among the hedges ("the claim that" is a noun: whose claim, it does not say).
_CLAIM = re.compile(r"claim(?:s|ed|ing that| that)", re.IGNORECASE)
# A question asks whether the step was taken: "CONVICTED?", "Has X been charged?".
_QUESTION = re.compile(r"[^.!?\n]*\?")


def is_hedged(text: str, floor: int, cue_start: int) -> bool:
    """True when a hedging frame earlier in the sentence, or a hedging adverb in the cue's
    clause, governs the cue."""
    if _patterns()[3].search(_clause_before(text, floor, cue_start)):
        return True
    if _QUESTION.match(text, cue_start):
        return True
    span = _span_before(text, floor, cue_start)
    for m in _patterns()[2].finditer(span):
        if not (_CLAIM.fullmatch(m.group()) and _OWN_ACCOUNT.search(span, 0, m.start())):
            return True
    return False


# The second of two coordinated steps, which is stated as the first is: "activists want him
# convicted and jailed", "demanded the arrest and conviction of X" wish for both, "if
# extradited and convicted" supposes both.
_COORDINATED = re.compile(r"\b(?:convicted|arrested|charged|detained|jailed|sentenced|indicted|"
                          r"prosecuted|tried|extradited|caught|(?:arrest|conviction|prosecution|indictment|trial|"
                          r"investigation)s?)\s+(?:and|or)\s+$", re.IGNORECASE)


def assertion(text: str, floor: int, cue_start: int, *, step: bool = False) -> str:
    """How the cue at `cue_start` is stated; `floor` is the start of its sentence. A `step`
    of the evidence ladder is also only asked for after "deserves", "demanded" and the like."""
    first = _COORDINATED.search(text, floor, cue_start)
    if first is not None:
        cue_start = first.start()
    clause = _clause_before(text, floor, cue_start)
    neg, cond = _patterns()[0], _patterns()[1]
    if neg.search(clause):
        return NEGATED
    if cond.search(clause) or (step and _patterns()[4].search(clause)):
        return MODAL
    if is_hedged(text, floor, cue_start):
        return HEDGED
    return ASSERTED


def is_asserted(text: str, floor: int, cue_start: int) -> bool:
    """True unless the cue is negated or conditional in its own clause."""
    clause = _clause_before(text, floor, cue_start)
    neg, cond = _patterns()[0], _patterns()[1]
    return not (neg.search(clause) or cond.search(clause))


# Auxiliaries that make what their subject does possible, wished or yet to come.
_MODAL_AUX = frozenset({"would", "could", "should", "might", "may", "must", "will", "shall",
                        "can", "'d", "'ll"})


def subject_of_modal(sentence: Sentence, cue_start: int) -> bool:
    """True when the cue's noun is the subject of a modal predicate: "an independent
    inquiry ... would settle the matter", "a trial could follow" (read from the parse; the
    words before the cue say nothing of it)."""
    toks = sentence.tokens
    at = next((i for i, t in enumerate(toks) if t.start <= cue_start < t.end), None)
    if at is None or toks[at].dep not in ("nsubj", "nsubjpass"):
        return False
    head = toks[at].head
    return any(t.head == head and t.dep == "aux" and t.text.lower() in _MODAL_AUX
               for i, t in enumerate(toks) if i != head)
