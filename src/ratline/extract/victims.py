"""Victims of an incident: how many, how many died, and what kind of people they were.

Counts are read from a number, in figures or words, standing before a victim noun; for
"at least N" the count is N and for a range the lower bound.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ratline.extract.features import Marks
from ratline.extract.results import Found, Victims
from ratline.vocab import load

_DONOR_TRADES = {"organ"}


@lru_cache(maxsize=1)
def _numbers() -> dict[str, int | None]:
    return {k.lower(): v for k, v in load("victims")["numbers"].items()}


@lru_cache(maxsize=1)
def _count_re() -> re.Pattern[str]:
    vocab = load("victims")
    words = "|".join(sorted((re.escape(k) for k in _numbers()), key=len, reverse=True))
    nouns = "|".join(f"(?:{n})" for n in vocab["count_nouns"])
    number = rf"(?:\d{{1,3}}(?:,\d{{3}})*|\d+|{words})(?:[- ](?:{words}))?"
    return re.compile(
        # "one of the 72 workers" counts the 72, not the one.
        rf"(?<![\w$€£.,])(?!one\s+of\b)(?P<n>{number})(?:\s+(?:to|and|or|-|–)\s+(?:{number}))?\s+"
        rf"(?:(?:young|more|other|foreign|poor|local|\w+(?:an|ese|i|ish)|of the|kidney|organ|"
        # What was done to them or who they are: "30 bonded labourers", "12 trafficked women".
        # (Not "undocumented": those deported or transferred are counted as such.)
        rf"bonded|forced|trafficked|enslaved|domestic|female|male|teenage|underage|"
        # A people's name of any form: "20 Rohingya women".
        rf"(?-i:[A-Z])[\w-]+)\s+){{0,2}}"
        rf"(?P<noun>{nouns})\b",
        re.IGNORECASE,
    )


_DEATH = re.compile(
    r"(?:(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|all three|all four|all five|both)\b"
    r"(?:\s+\w+){0,5}?\s+(?:died|drowned|suffocated|were found dead|were killed|was killed|"
    r"were murdered|was murdered|have died|had died|lost their lives)"
    r"|(?P<one>(?:a|one) (?:\w+ ){0,4}(?:died|drowned|was killed|was murdered)))",
    re.IGNORECASE,
)


# The people a count names are the accused, not the harmed: "prosecutors charged three men",
# "four women were convicted of running the brothel"; so is a gang counted, whatever verb
# comes before ("sentenced a gang of 18 people", "stolen by a gang of three men").
_ENFORCED = (r"(?:arrested|charged|convicted|sentenced|indicted|jailed|accused|prosecuted|"
             r"extradited|apprehended|nabbed|held responsible|questioned|interrogated)")
_ACCUSED_BEFORE = re.compile(
    rf"\b(?:{_ENFORCED}|arresting|charging|convicting|jailing|sentencing|indicting|questioning|"
    r"interrogating|"
    r"(?:convictions?|arrests?|indictments?|prosecutions?|extraditions?|"
    r"trials?|sentencing|gang|ring|band|cell|syndicate) of)\s+(?:(?:at least|another|"
    r"a further|all|the|some|about|nearly|almost|more than|over|up to|"
    # (A group or a network only after the act: "arrested a group of five", not "a group
    # of 20 migrants were rescued".)
    r"(?:a|the) (?:group|network) of)\s+)*$",
    re.IGNORECASE)
_ACCUSED_AFTER = re.compile(
    # (Those named between commas stand in the count: "Eight people, including a nurse, were
    # arrested".)
    r"^(?:\s+[\w-]+){0,3}?(?:\s*,\s*including\s[^,.;]{1,60},)?\s+"
    r"(?:were|was|have been|had been|are|is|being|who were|who have been)"
    rf"\s+(?:\w+ly\s+)?{_ENFORCED}\b"
    # "Two men accused of smuggling 14 migrants", "three women charged with ...".
    rf"|^\s+(?:\w+ly\s+)?{_ENFORCED}\s+(?:of|with|for|over|in connection with)\b"
    # "Two men who ran a travel agency in Dhaka were arrested", "Two of the men who held
    # her, X and Y, were convicted".
    rf"|^(?:\s+[\w-]+){{0,2}}?\s+who\s+[^,.;]{{0,90}}?(?:,[^,.;]{{1,60}},)?\s+"
    r"(?:were|was|have been|had been)\s+"
    rf"(?:\w+ly\s+)?{_ENFORCED}\b"
    # "Two men appeared before magistrates charged with ...", "three women deny the charges".
    r"|^(?:\s+[\w-]+){0,2}?\s+(?:have\s+|has\s+)?(?:appeared (?:in|before)|stood trial|"
    r"went on trial|pleaded|pled|deny|denied|were remanded|were bailed|were granted bail)\b",
    re.IGNORECASE)



# One of the accused named by a kind of person: "four suspects, including a woman who
# posed as a children's home director", "a woman accused of selling the children".
_SUSPECTS_INCLUDING = re.compile(
    r"\b(?:suspects?|accused|defendants|traffickers|perpetrators|culprits|arrested|detained)"
    r"\s*,?\s+(?:including|among them|among whom|one of them)\s+(?:a|an|one|two|three|four|"
    r"\d+)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_KIND_ACCUSED_AFTER = re.compile(
    rf"^\s+(?:who\s+(?:was|were|is|are|has been|have been)\s+)?(?:\w+ly\s+)?"
    rf"{_ENFORCED}\s+(?:of|with|for|over)\b", re.IGNORECASE)


def _kind_accused(sentence: str, start: int, end: int) -> bool:
    """Whether the kind of person at sentence[start:end] is one of the accused."""
    return bool(_SUSPECTS_INCLUDING.search(sentence[:start])
                or _KIND_ACCUSED_AFTER.match(sentence[end:]))


def _accused(sentence: str, hit: re.Match[str]) -> bool:
    return bool(_ACCUSED_BEFORE.search(sentence[: hit.start()])
                or _ACCUSED_AFTER.match(sentence[hit.end():])
                or _DEATHS_OF.search(sentence[: hit.start()]))


# "resulting in the deaths of three people": a count of the dead, not of all the harmed.
_DEATHS = r"\bdeaths?\s+of\s+(?:at least\s+|some\s+|about\s+)?"
_DEATHS_OF = re.compile(_DEATHS + "$", re.IGNORECASE)
_DEATHS_COUNT = re.compile(
    _DEATHS + r"(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\b", re.IGNORECASE)


def _to_int(word: str) -> int | None:
    w = word.lower().replace(",", "")
    if w.isdigit():
        return int(w)
    parts = re.split(r"[- ]", w)
    total = 0
    for p in parts:
        v = _numbers().get(p)
        if v is None:
            return None
        total += v
    return total or None


_NAMED_AFTER = re.compile(r"\s*,\s*(?-i:[A-Z])")


def _one_named(text: str, hit: re.Match[str]) -> bool:
    """Whether the count is one person named next ("One worker, Darius, told the court"):
    one of those harmed, not how many were."""
    return hit.group("n").lower() in ("one", "1") and _NAMED_AFTER.match(text, hit.end()) is not None


def victims(marks: list[Marks], trade: str) -> Victims:
    out = Victims()
    kinds: dict[str, Found] = {}
    for m in marks:
        for c in m.kinds:
            if c.label == "donor" and trade not in _DONOR_TRADES:
                continue
            if _kind_accused(m.sentence.text, c.start - m.sentence.start,
                             c.end - m.sentence.start):
                continue
            if c.label not in kinds:
                kinds[c.label] = Found(c.label, c.start, c.end, m.sentence.span, 0.6)
        base = m.sentence.start
        if out.count is None:
            hit = next((h for h in _count_re().finditer(m.sentence.text)
                        if not _accused(m.sentence.text, h) and not _one_named(m.sentence.text, h)),
                       None)
            if hit:
                n = _to_int(hit.group("n"))
                if n is not None and 1 <= n < 100000:
                    out.count = Found(
                        n, base + hit.start("n"), base + hit.end("n"), m.sentence.span, 0.5
                    )
        if out.deaths is None and (dead := _DEATHS_COUNT.search(m.sentence.text)):
            n = _to_int(dead.group("n"))
            if n:
                out.deaths = Found(n, base + dead.start("n"), base + dead.end("n"),
                                   m.sentence.span, 0.5)
        if out.deaths is None and m.deaths:
            hit2 = _DEATH.search(m.sentence.text)
            if hit2:
                word = (hit2.group("n") or "one").lower().replace("all ", "").replace("both", "two")
                n = _to_int(word)
                if n:
                    out.deaths = Found(
                        n, base + hit2.start(), base + hit2.end(), m.sentence.span, 0.5
                    )
    if trade == "organ" and "donor" not in kinds and marks:
        # Organ cases are about the people whose organs were taken or sought.
        kinds["donor"] = Found("donor", None, None, marks[0].sentence.span, 0.4)
    out.kinds = list(kinds.values())
    return out
