"""Whether the parse makes a named party the one weapons were bought by or sold to.

"X was jailed for buying weapons", "X ordered the pistols from the dark web", "convicted
of selling weapons to X": the sentence binds the purchase to this name. Such a party is
the buyer of an arms case whatever else the words around the name suggest: gun texts
call a straw purchaser a trafficker, and a warlord supplied with rifles stands beside a
dealer's words. (Organ recipients are read in `named_victims.receives_organ`.)
"""

from __future__ import annotations

import re

from ratline.extract.sentences import Sentence, Token, children, clause_subject, mentions, subject

_BUY = re.compile(r"^(?:buy|buys|buying|bought|purchas\w*|order(?:s|ed|ing)?|acquir\w*|"
                  r"procur\w*|receiv\w*)$", re.IGNORECASE)
# Handing over, not moving: weapons "smuggled to Mexico" or "shipped to Yemen" name where
# they went, not who bought them.
_SELL = re.compile(r"^(?:sell|sells|selling|sold|suppl(?:y|ies|ied|ying)|deliver\w*|"
                   r"provid\w*|transferr?\w*)$", re.IGNORECASE)
_WEAPON = re.compile(r"^(?:weapons?|weaponry|arms|guns?|rifles?|pistols?|handguns?|firearms?|"
                     r"ammunition|rounds|grenades?|missiles?|shells?|drones?|howitzers?|"
                     r"tanks?|AK-47s?|explosives|launchers?|munitions)$", re.IGNORECASE)
# Moving weapons: "running weapons to Mexico for the Sinaloa Cartel", "smuggle rifles to
# the Zetas cartel". Where they went is a buyer only when it is no place (`_placed`).
_MOVE = re.compile(r"^(?:smuggl\w*|run|runs|running|ran|traffick\w*|ship(?:s|ped|ping)?|send\w*|"
                   r"sent|export\w*|funnel\w*|channel\w*|dr(?:ove|ive|ives|iving|iven)|"
                   r"ferr(?:y|ies|ied|ying)|transport\w*)$", re.IGNORECASE)
# Weapons "bound for", "destined for" or "meant for" a party.
_BOUND = re.compile(r"^(?:bound|destined|meant|intended|earmarked|headed)$", re.IGNORECASE)
# "Rifles consigned to X", "X, to whom the shipment was consigned": the consignee receives.
_CONSIGN = re.compile(r"^consign(?:s|ed|ing)?$", re.IGNORECASE)
# "Iran is arming the Houthis": the one armed is supplied.
_ARM = re.compile(r"^(?:arm|arms|armed|arming)$", re.IGNORECASE)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# How a name hangs on the word the verb binds: "president and warlord Charles Taylor".
_ATTACHED = frozenset({"compound", "appos", "conj", "amod", "poss"})
# How often the reading named a gold buyer on train CV (16 of the 17 matched actors): the
# probability of the role it gives.
BUYER_PRECISION = 0.9


def _objects(tokens: list[Token], verb: int) -> list[int]:
    """The verb's direct objects, with their conjuncts ("rifles and ammunition")."""
    out: list[int] = []
    for j in children(tokens, verb):
        if tokens[j].dep == "dobj":
            out.append(j)
            out += [k for k in children(tokens, j) if tokens[k].dep == "conj"]
    return out


def _reaches(tokens: list[Token], i: int, target: int, steps: int = 3) -> bool:
    for _ in range(steps):
        if i == target:
            return True
        if tokens[i].dep not in _ATTACHED or not 0 <= tokens[i].head < len(tokens):
            return False
        i = tokens[i].head
    return i == target


def buys_weapons(sent: Sentence, start: int, end: int) -> bool:
    """True when the parse makes the mention at [start, end) the buyer of weapons: the
    subject of buying or ordering them, the one they were sold, supplied, smuggled or
    bound to, or the one armed; never a place they went to."""
    tokens = sent.tokens
    mine = [i for i, t in enumerate(tokens) if start <= t.start < end]
    if not mine:
        return False
    placed = _placed(sent, start, end)
    for v, verb in enumerate(tokens):
        objs = [j for j in _objects(tokens, v) if _WEAPON.match(tokens[j].text)]
        if objs and _BUY.match(verb.text):
            subj = clause_subject(tokens, v)
            if subj is not None and any(_reaches(tokens, m, subj) for m in mine):
                return True
        elif objs and _SELL.match(verb.text):
            if _given(tokens, [v], mine, ("to",)):
                return True
        elif placed:
            continue
        elif _CONSIGN.match(verb.text):
            # The parse hangs "to X" on the verb, or "to whom" follows X ("X, to whom the
            # shipment was consigned", which it may hang anywhere).
            if _given(tokens, [v], mine, ("to",)) or _given_whom(tokens, v, max(mine)):
                return True
        elif objs and _MOVE.match(verb.text):
            # The parse hangs "to X" on the verb or on the weapons ("smuggle rifles to X").
            if _given(tokens, [v, *objs], mine, ("to", "for")):
                return True
        elif _BOUND.match(verb.text):
            # What is bound for the party must be weapons: "rifles were meant for X".
            subj = subject(tokens, v)
            if (subj is not None and _WEAPON.match(tokens[subj].text)
                    and _given(tokens, [v], mine, ("for",))):
                return True
        elif _ARM.match(verb.text) and verb.pos == "VERB" and any(
                tokens[j].dep == "dobj" and any(_reaches(tokens, m, j) for m in mine)
                for j in children(tokens, v)):
            return True
    return False


def _given(tokens: list[Token], heads: list[int], mine: list[int], preps: tuple[str, ...]) -> bool:
    """Whether the verb hands (or sends) something to the mention: a prepositional
    object of `preps` under one of `heads` that the mention's tokens reach."""
    for p in (c for h in heads for c in children(tokens, h)):
        if tokens[p].dep in ("prep", "dative") and tokens[p].text.lower() in preps and any(
                tokens[q].dep == "pobj" and any(_reaches(tokens, m, q) for m in mine)
                for q in children(tokens, p)):
            return True
    return False


def _given_whom(tokens: list[Token], verb: int, last: int) -> bool:
    """Whether the verb hands something "to whom", and that "to" follows the mention
    ending at token `last` with only a comma between."""
    return any(tokens[p].text.lower() == "to" and p > last
               and all(tokens[k].text == "," for k in range(last + 1, p))
               and any(tokens[q].text.lower() == "whom" for q in children(tokens, p))
               for p in children(tokens, verb))


def _placed(sent: Sentence, start: int, end: int) -> bool:
    """Whether the entity model reads the mention as a place: weapons smuggled to Mexico
    went there; no one there bought them."""
    return any(e.label in _PLACE_LABELS and e.start < end and start < e.end
               for e in sent.entities)


def weapons_buyer(text: str, sentences: list[Sentence], name: str) -> bool:
    """True when any sentence makes a mention of the name the buyer of weapons."""
    return any(buys_weapons(sent, start, end)
               for sent, start, end in mentions(text, sentences, [name]))


def moves_weapons(sent: Sentence, start: int, end: int) -> bool:
    """True when the parse makes the mention at [start, end) the subject of smuggling,
    shipping or running weapons ("X smuggled the rifles across the border")."""
    return _subject_of(sent, start, end, _MOVE)


def sells_weapons(sent: Sentence, start: int, end: int) -> bool:
    """True when the parse makes the mention at [start, end) the one who sold, supplied or
    delivered weapons: the subject of such a verb whose object is weapons ("X sold 40
    rifles to the cartel"), or the one they were bought from ("bought the rifles from a
    quartermaster, X"). Moving them is not selling them: a group that smuggles weapons
    for its own use is their buyer."""
    return _subject_of(sent, start, end, _SELL) or _bought_from(sent, start, end)


def _bought_from(sent: Sentence, start: int, end: int) -> bool:
    """Whether the parse hangs the mention on "from" under a verb of buying weapons."""
    tokens = sent.tokens
    mine = [i for i, t in enumerate(tokens) if start <= t.start < end]
    for v, verb in enumerate(tokens):
        objs = [j for j in _objects(tokens, v) if _WEAPON.match(tokens[j].text)]
        if mine and objs and _BUY.match(verb.text) and _given(tokens, [v, *objs], mine, ("from",)):
            return True
    return False


def _subject_of(sent: Sentence, start: int, end: int, verbs: re.Pattern[str]) -> bool:
    """Whether the mention is the subject of one of `verbs` whose object is weapons."""
    tokens = sent.tokens
    mine = [i for i, t in enumerate(tokens) if start <= t.start < end]
    if not mine:
        return False
    for v, verb in enumerate(tokens):
        if not verbs.match(verb.text) or verb.pos not in ("VERB", "AUX"):
            continue
        # The weapons, or "them" after the weapons were named ("handed the guns to X, who
        # drove them across the border").
        if not any(_WEAPON.match(tokens[j].text)
                   or (tokens[j].text.lower() in ("them", "it")
                       and any(_WEAPON.match(t.text) for t in tokens[:j]))
                   for j in _objects(tokens, v)):
            continue
        # "X sold rifles", "X was jailed for selling rifles"; not "rifles were sold to X".
        own = subject(tokens, v)
        subj = own if own is not None else clause_subject(tokens, v)
        if (subj is not None and tokens[subj].text.lower() in ("who", "that")
                and tokens[v].dep == "relcl" and 0 <= tokens[v].head < len(tokens)):
            subj = tokens[v].head  # "a contact, X, who drove them": the one "who" stands for
        if (subj is not None and (own is None or tokens[own].dep == "nsubj")
                and any(_reaches(tokens, m, subj) for m in mine)):
            return True
    return False


def weapons_seller(text: str, sentences: list[Sentence], name: str, moved: bool = False) -> bool:
    """True when a sentence makes a mention of the name the one who handed the weapons
    over (with `moved`, or moved them) and none makes it their buyer: a model's "buyer" for
    it reads the sale the wrong way round."""
    found = list(mentions(text, sentences, [name]))
    return (any(sells_weapons(sent, start, end) or (moved and moves_weapons(sent, start, end))
                for sent, start, end in found)
            and not any(buys_weapons(sent, start, end) for sent, start, end in found))
