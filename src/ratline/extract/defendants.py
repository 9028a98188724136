"""Whether the parse makes a named person the one the police or the courts acted on.

"X, 53, was jailed", "X and Y were convicted", "police arrested X", "X pleaded guilty",
"charges against X": the sentence binds the enforcement act to this name, not only puts
the word somewhere near it. Court and police texts name their defendants this way, and a
person so named is a suspect or an offender: it lets a defendant the rules left out join
the case (`learned._add_candidates`), where a victim reading still keeps the name out.
"""

from __future__ import annotations

import re

from ratline.extract.sentences import Entity, Sentence, Token, children, entity_root

# Acts of the police and the courts done to a person (the verb's form in the parse).
_ACT = re.compile(
    r"^(?:arrest\w*|convict\w*|sentenc\w*|jail\w*|imprison\w*|charg\w*|indict\w*|"
    r"prosecut\w*|extradit\w*|nabb?\w*|apprehend\w*|remand\w*|accus\w*|booked|held|"
    r"detain\w*|fined|found|caught|captured)$",
    re.IGNORECASE,
)
# "found" counts only with "guilty"; "held" and "detained" only passive (a victim is held
# captive by the active voice: "the gang held X").
_NEEDS_GUILTY = {"found"}
_PASSIVE_ONLY = {"held", "detained", "caught", "captured"}
# "X pleaded guilty", "X faces charges" (not "X confessed": a seller regrets the sale in
# the same words).
_PLEAD = re.compile(r"^(?:plead\w*|pled)$", re.IGNORECASE)
_FACE = re.compile(r"^fac(?:es|ed|ing|e)$", re.IGNORECASE)
_FACED = re.compile(r"^(?:charges?|counts?|trial|prosecution|extradition|sentence|"
                    r"life|years|jail|prison)$", re.IGNORECASE)
_AGAINST = re.compile(r"^(?:charges?|case|cases|indictment|complaint|verdict|warrant)$",
                      re.IGNORECASE)


def _climb(tokens: list[Token], i: int) -> int:
    """The first of a list of conjuncts ("X, Y and Z were jailed"): the one the verb binds."""
    seen = {i}
    while tokens[i].dep == "conj" and 0 <= tokens[i].head < len(tokens):
        i = tokens[i].head
        if i in seen:
            break
        seen.add(i)
    return i


def _guilty(tokens: list[Token], verb: int) -> bool:
    return any(tokens[j].text.lower() == "guilty" for j in children(tokens, verb))


def enforced(sent: Sentence, ent: Entity) -> bool:
    """True when the parse binds an act of the police or the courts to this mention."""
    tokens = sent.tokens
    root = entity_root(sent, ent) if tokens else None
    if root is None:
        return False
    i = _climb(tokens, root)
    t = tokens[i]
    if t.dep == "appos" and 0 <= t.head < len(tokens):
        # "the defendant, X, was sentenced": the verb binds the noun X stands beside.
        i = _climb(tokens, t.head)
        t = tokens[i]
    h = t.head
    if not 0 <= h < len(tokens) or h == i:
        return False
    verb = tokens[h]
    word = verb.text.lower()
    if t.dep in ("nsubjpass", "dobj", "nsubj"):
        if _ACT.match(word) and t.dep != "nsubj":
            if word in _NEEDS_GUILTY and not _guilty(tokens, h):
                return False
            return not (word in _PASSIVE_ONLY and t.dep == "dobj")
        if t.dep == "nsubj" and _PLEAD.match(word):
            return True
        if t.dep == "nsubj" and _FACE.match(word):
            return any(tokens[j].dep == "dobj" and _FACED.match(tokens[j].text)
                       for j in children(tokens, h))
        return False
    if t.dep == "pobj" and verb.text.lower() == "against" and 0 <= verb.head < len(tokens):
        # "charges against X", or "filed charges against X" where the parse hangs the
        # preposition on the verb.
        up = verb.head
        return bool(_AGAINST.match(tokens[up].text)) or any(
            tokens[j].dep == "dobj" and _AGAINST.match(tokens[j].text)
            for j in children(tokens, up))
    return False
