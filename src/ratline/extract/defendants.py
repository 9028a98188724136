"""Whether the parse makes a named person the one the police or the courts acted on.

"X, 53, was jailed", "X and Y were convicted", "police arrested X", "X pleaded guilty",
"charges against X", "the suspects were identified as X": the sentence binds the enforcement act to this name, not only puts
the word somewhere near it. Court and police texts name their defendants this way, and a
person so named is a suspect or an offender: it lets a defendant the rules left out join
the case (`learned._add_candidates`), where a victim reading still keeps the name out.
"""

from __future__ import annotations

import re

from ratline.extract.sentences import (
    AGED_AFTER,
    CASE_TITLE,
    Entity,
    Sentence,
    Token,
    children,
    entity_root,
    previous_start,
)

# Acts of the police and the courts done to a person (the verb's form in the parse).
_ACT = re.compile(
    r"^(?:arrest\w*|convict\w*|sentenc\w*|jail\w*|imprison\w*|charg\w*|indict\w*|"
    r"prosecut\w*|extradit\w*|nabb?\w*|apprehend\w*|remand\w*|accus\w*|booked|held|"
    r"detain\w*|fined|found|caught|captured|acquit\w*)$",
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
_DENY = re.compile(r"^den(?:y|ies|ied|ying)$", re.IGNORECASE)
_DENIED = re.compile(r"^(?:charges?|counts?|conspiracy|offen[cs]es?)$", re.IGNORECASE)
# "X has admitted manslaughter": a plea of guilty to a crime named (not "X admitted that
# he had paid a broker", nor "admitted to hospital").
_ADMIT = re.compile(r"^admit(?:s|ted|ting)?$", re.IGNORECASE)
_ADMITTED = re.compile(r"^(?:charges?|counts?|conspiracy|offen[cs]es?|manslaughter|trafficking|"
                       r"smuggling|murder|kidnapping|exploitation|slavery|servitude|"
                       r"facilitating|facilitation)$", re.IGNORECASE)
# "X was cleared of all charges": tried, so a defendant (not "cleared to travel").
_CLEARED = re.compile(r"^(?:cleared|exonerated)$", re.IGNORECASE)
# "X received a two-year sentence", "X was given a life term".
_RECEIVE = re.compile(r"^(?:receiv\w*|got|get|gets|given|handed)$", re.IGNORECASE)
_TERM = re.compile(r"^(?:sentences?|terms?)$", re.IGNORECASE)
_BE = re.compile(r"^(?:is|are|was|were|be|been)$", re.IGNORECASE)
_AGAINST = re.compile(r"^(?:charges?|case|cases|indictment|complaint|verdict|warrant)$",
                      re.IGNORECASE)
_INCLUDE = re.compile(r"^(?:include|includes|included|including)$", re.IGNORECASE)
# "The suspects were identified as X", "police named the men charged as X": who the
# police or the courts named, by the noun that says what they are to the case.
_NAMING = re.compile(r"^(?:identif\w*|named?|names|naming|listed)$", re.IGNORECASE)
_ACCUSED = re.compile(r"^(?:suspects?|detainees?|accused|defendants?|arrestees?|convicts?|"
                      r"co-?defendants?|co-?accused)$", re.IGNORECASE)
_PEOPLE = re.compile(r"^(?:men|man|women|woman|people|persons?|individuals?|those|others|"
                     r"pair|trio|couple|group|gang)$", re.IGNORECASE)


def _time_served(tokens: list[Token], i: int) -> bool:
    """Whether the noun at `i` is a counted prison term: "X received five years" (not
    "five years of training")."""
    kids = children(tokens, i)
    return (bool(_TIME_UNIT.match(tokens[i].text))
            and any(tokens[j].dep == "nummod" for j in kids)
            and not any(tokens[j].dep == "prep" for j in kids))


_TIME_UNIT = re.compile(r"^(?:years|months)$", re.IGNORECASE)


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


def _accused(tokens: list[Token], i: int) -> bool:
    """Whether the noun at `i` names people as suspects or offenders: "the suspects", "the
    men charged", "those arrested"."""
    word = tokens[i].text
    if _ACCUSED.match(word):
        return True
    return bool(_PEOPLE.match(word)) and any(
        _ACT.match(tokens[j].text) and tokens[j].dep in ("amod", "acl", "relcl")
        for j in children(tokens, i))


def _named_as(tokens: list[Token], prep: int) -> bool:
    """Whether "as" at `prep` names the accused: "the suspects were identified as X",
    "police named the men charged as X" (the parse may hang "as" on "charged")."""
    up = tokens[prep].head
    if not 0 <= up < len(tokens) or up == prep:
        return False
    word = tokens[up].text
    if tokens[up].dep in ("acl", "amod") and _ACT.match(word):
        return _accused(tokens, tokens[up].head)
    if not _NAMING.match(word):
        return False
    return any(tokens[j].dep in ("nsubjpass", "dobj") and _accused(tokens, j)
               for j in children(tokens, up))


# What stands between two names of one list of people: an alias (in brackets or after
# "aka"), an age, a home town ("of Gorkha", "living in Chau Doc City"), then a comma, a
# semicolon or "and", and the next one's title or age ("Mr", "a 34-year-old"). Anything
# else (a verb, "his victim") ends the list.
_LIST_GAP = re.compile(
    r"^\s*(?:\([^()]{1,40}\)\s*)?"
    # An alias after the name: "X aka Barbie, 40; Y, 51".
    r"(?:(?:aka|a\.k\.a\.?|alias)\s+[\"“']?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}[\"”']?\s*)?"
    r"(?:,\s*(?:aged\s+)?\d{1,3}(?:\s*years?\s+old)?\s*)?"
    r"(?:,?\s*(?:of|from|living in|residing in|resident of)\s+"
    r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,3}\s*)?"
    r"(?:[,;]\s*(?:and\s+)?|and\s+)"
    r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?:(?:an?\s+)?\d{1,3}-year-old\s+)?$")


def listed_with(sent: Sentence, ent: Entity) -> list[Entity]:
    """The other people of the list the mention stands in ("A, 39, of X and B, 49"), in
    text order: names one after the other with only ages, aliases and home towns between.
    The parse often hangs such a list on the home town ("of Kathmandu and B"), so a verb
    that binds the first name does not reach the others."""
    text = sent.text
    people = sorted((e for e in sent.entities if e.label == "PERSON"
                     and (e.end <= ent.start or e.start >= ent.end)), key=lambda e: e.start)
    found: list[Entity] = []
    edge = [ent]
    while edge:
        here = edge.pop()
        for other in people:
            if other in found:
                continue
            a, b = (here, other) if here.end <= other.start else (other, here)
            if b.start - a.end <= 80 and _LIST_GAP.match(
                    text[a.end - sent.start : b.start - sent.start]):
                found.append(other)
                edge.append(other)
    return sorted(found, key=lambda e: e.start)


# A sentence that opens by saying whom it names: "Among those arrested on Saturday was the
# clinic's owner, X, and his deputy, Y" (the parse hangs such names anywhere).
_AMONG_ACCUSED = re.compile(
    r"^\W*Among\s+(?:the\s+)?(?:suspects|accused|defendants|detainees|arrestees|convicts|"
    r"(?:those|people|persons|men|women|individuals)\s+(?:[\w-]+\s+)?"
    r"(?P<act>arrested|charged|convicted|sentenced|indicted|jailed|prosecuted|nabbed|"
    r"apprehended|detained|held))\b")


_CLAUSE_OPENER = re.compile(r"\b(?:who|whom|whose|which|said|says|told|according)\b")


def enforced(sent: Sentence, ent: Entity, *, courts_only: bool = False) -> bool:
    """True when the parse binds an act of the police or the courts to this mention, or to
    a person listed with it ("A, 50, of X and B, 50, of Y are accused").

    `courts_only`: not by a detention alone ("X was held", "X was detained"), which is
    also what happens to a trafficked person in a raid."""
    among = _AMONG_ACCUSED.match(sent.text)
    if among is not None and not (courts_only and among.group("act") in _PASSIVE_ONLY):
        # (Not one named in a clause of what they said or did: "..., who said Y hired him".)
        clause = _CLAUSE_OPENER.search(sent.text, among.end())
        if clause is None or ent.start - sent.start < clause.start():
            return True
    # (A list after "defendants include" binds full names only: a one-word name in it is
    # as often the place a suspect comes from, "..., Kavre;".)
    full = " " in ent.text.strip()
    return _bound(sent, ent, courts_only, full) or any(
        _bound(sent, other, courts_only, full and " " in other.text.strip())
        for other in listed_with(sent, ent))


# The one a report's opening sentence told was arrested, charged or convicted, named with
# their age at the start of the next: "A Bulgarian man has pleaded guilty to smuggling 40
# migrants ... X, 38, was stopped near Vienna" (not "A woman who was trafficked by a man
# who was jailed ... X, 19, said", nor one who tells or is told of harm).
_ONE = (r"(?:man|woman|couple|doctor|surgeon|businessman|businesswoman|driver|soldier|"
        r"officer|national|citizen)")
_HARMED = (r"(?:was|were|had been|has been|have been|being)\s+(?:\w+ly\s+)?(?:trafficked|sold|"
           r"forced|rescued|freed|lured|kidnapp?ed|abducted|held|kept|smuggled|exploited)\b")
_LEDE_ACCUSED = re.compile(
    rf"(?:(?:A|An)\s+(?:[\w-]+\s+){{0,3}}?{_ONE}|(?:Two|Three|Four|Five|Six)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:men|women|brothers|sisters|people|nationals|citizens))\b"
    r"(?P<gap>[^.]{0,80}?)\s+"
    r"(?:(?:has|have|had)\s+)?(?:been\s+|was\s+|were\s+|is\s+)?(?:\w+ly\s+)?"
    r"(?P<act>arrested|charged|convicted|jailed|sentenced|indicted|extradited|found guilty|"
    r"pleaded guilty|pled guilty)\b")
# The same one as the object of the police's or the courts' act: "Thai authorities have
# extradited a Chinese national wanted for running a scam compound" (not "police arrested
# a woman who had been trafficked").
_LEDE_ACTED_ON = re.compile(
    r"\b(?P<act>arrested|charged|convicted|jailed|sentenced|extradited|detained|indicted|deported)"
    rf"\s+(?:a|an)\s+(?:[\w-]+\s+){{0,3}}?{_ONE}\b(?!,?\s+who\s+{_HARMED})")
# (Harm done to the lede's person, not by them: "who was trafficked", not "who smuggled".)
_HARM_IN_GAP = re.compile(rf"\b(?:{_HARMED}|victims?\b)", re.IGNORECASE)
_TELLS_AFTER = re.compile(r"\b(?:said|says|told|tells|recalled|described|testified|(?:she|he)\s+"
                          r"(?:was|had been)\s+(?:sold|trafficked|forced|lured|kept|held|"
                          r"raped|beaten))\b", re.IGNORECASE)


# Others named with their ages before this one: "X, 29, and Y, 33, charged migrants ...".
_AGED_BEFORE = re.compile(
    r"(?:[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,3}\s*,\s*\d{1,2}\s*,\s*(?:and\s+)?)+")


# Whose account the sentence gives, before the name: "According to court documents, X, 29,
# bought 41 rifles".
_ATTRIBUTION_OPENS = re.compile(r"^\s*According to [^,.]{1,40},\s*")


def named_after_lede(text: str, sent: Sentence, ent: Entity) -> bool:
    """Whether the name opens its sentence with an age (or follows others so named) and
    the sentence before opens on "A ... man" or "Two ... men" whom the police or the
    courts acted on (`_LEDE_ACCUSED`)."""
    return lede_act(text, sent, ent) is not None


def lede_act(text: str, sent: Sentence, ent: Entity) -> tuple[int, int] | None:
    """The span of the police's or the courts' act in the sentence before, for a name
    `named_after_lede`; None where it is not."""
    opening = _ATTRIBUTION_OPENS.sub("", text[sent.start : ent.start], count=1)
    if ((opening.strip() and not _AGED_BEFORE.fullmatch(opening.lstrip()))
            or not AGED_AFTER.match(text, ent.end, sent.end)
            or _TELLS_AFTER.search(text, ent.end, sent.end)):
        return None
    lede = previous_start(text, sent.start)
    told = _LEDE_ACCUSED.match(text, lede, sent.start)
    if told is not None:
        return None if _HARM_IN_GAP.search(told.group("gap")) else told.span("act")
    acted = _LEDE_ACTED_ON.search(text, lede, sent.start)
    return None if acted is None else acted.span("act")


def named_in_case_title(text: str, ent: Entity) -> bool:
    """Whether the name stands after "v." in a criminal case's title."""
    line_start = text.rfind("\n", 0, ent.start) + 1
    for title in CASE_TITLE.finditer(text, line_start, min(len(text), ent.end + 1)):
        if title.start("names") <= ent.start and ent.end <= title.end("names"):
            return True
    return False


def _bound(sent: Sentence, ent: Entity, courts_only: bool, included: bool) -> bool:
    tokens = sent.tokens
    root = entity_root(sent, ent) if tokens else None
    if root is None:
        return False
    i = _climb(tokens, root)
    t = tokens[i]
    for _ in range(6):
        if t.dep != "appos" or not 0 <= t.head < len(tokens):
            break
        # "the defendant, X, was sentenced": the verb binds the noun X stands beside. In a
        # list ("the detainees were identified as A, 39; B, 36; C, 26") the parse hangs
        # each name on the one before, the first on the noun itself: standing beside "the
        # suspects" names one.
        if _accused(tokens, t.head):
            return True
        i = _climb(tokens, t.head)
        t = tokens[i]
        # "An off-duty police officer in Manila, X, was charged": the parse may hang the
        # name on the place that ends the noun's phrase; it stands beside the noun.
        prep = t.head
        if (t.dep == "pobj" and t.pos == "PROPN" and 0 <= prep < len(tokens)
                and tokens[prep].dep == "prep" and 0 <= tokens[prep].head < len(tokens)
                and tokens[tokens[prep].head].pos == "NOUN"):
            i = _climb(tokens, tokens[prep].head)
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
            if courts_only and word in _PASSIVE_ONLY:
                return False
            return not (word in _PASSIVE_ONLY and t.dep == "dobj")
        if t.dep == "nsubjpass" and _CLEARED.match(word):
            return any(tokens[j].text.lower() == "of" for j in children(tokens, h))
        if t.dep in ("nsubj", "nsubjpass") and _RECEIVE.match(word):
            return any(tokens[j].dep == "dobj" and (_TERM.match(tokens[j].text)
                                                    or _time_served(tokens, j))
                       for j in children(tokens, h))
        if t.dep == "nsubj" and _BE.match(word):
            # "X, Y and Z are guilty of exploiting ...".
            return any(tokens[j].dep == "acomp" and tokens[j].text.lower() == "guilty"
                       for j in children(tokens, h))
        if t.dep == "nsubj" and _PLEAD.match(word):
            return True
        if t.dep == "nsubj" and _ADMIT.match(word):
            return any(tokens[j].dep == "dobj" and _ADMITTED.match(tokens[j].text)
                       for j in children(tokens, h))
        if t.dep == "nsubj" and _DENY.match(word):
            # "X, 29, and Y, 33, deny conspiracy to commit trafficking offences": a
            # defendant's plea at trial (not "denied the allegations", said of anyone).
            return any(tokens[j].dep == "dobj" and _DENIED.match(tokens[j].text)
                       for j in children(tokens, h))
        if t.dep == "nsubj" and _FACE.match(word):
            return any(tokens[j].dep == "dobj" and _FACED.match(tokens[j].text)
                       for j in children(tokens, h))
        if t.dep == "dobj" and _INCLUDE.match(word):
            # "Other defendants include X, 41; Y, 40; ...".
            return included and any(
                tokens[j].dep == "nsubj" and _accused(tokens, j) for j in children(tokens, h))
        return False
    if t.dep == "attr" and any(tokens[j].dep == "nsubj" and _accused(tokens, j)
                               for j in children(tokens, h)):
        # "The defendants are X, 39, and Y, 49".
        return True
    if t.dep == "pobj" and word == "as":
        return _named_as(tokens, h)
    if t.dep == "pobj" and verb.text.lower() == "against" and 0 <= verb.head < len(tokens):
        # "charges against X", or "filed charges against X" where the parse hangs the
        # preposition on the verb.
        up = verb.head
        return bool(_AGAINST.match(tokens[up].text)) or any(
            tokens[j].dep == "dobj" and _AGAINST.match(tokens[j].text)
            for j in children(tokens, up))
    return False
