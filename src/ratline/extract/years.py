"""The year of an incident: the earliest year its acts are dated to.

If the text dates no act, the year of exposure or arrest is used, which for news told in
relative time ("on Thursday", "last week") is the year of the document's own date.
"""

from __future__ import annotations

import datetime as dt
import re

from ratline.extract.features import Marks
from ratline.extract.results import Found

# A law's name: "the Act of 2016", "Act, 2015", "Immigration Act B.E. 2522 (1979)".
_NAMES_A_LAW = re.compile(
    r"\b(?:Act|Law|Code|Ordinance|Rules|Protocol|Convention|Declaration|Plan|Strategy),?\s*(?:of\s+)?$"
    # A Thai law's Buddhist-era year with the common era's beside it: "Act B.E. 2551 (2008)",
    # printed "B.E 2551" or "BE 2551" as often.
    r"|\bAct,?\s+B\.?\s?E\.?\s+\d{4}\s*\($",
    re.IGNORECASE,
)
# A birth: "born in 1989", "born 7 June, 1989", "born on May 3, 1990".
_BORN = re.compile(
    r"\bborn\s+(?:(?:in|on)\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[A-Z][a-z]+\.?,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?,?\s*$")
# Years the rules' own choice skips beyond those that date no act at all (`dates_acts`):
# a page's stamp, "since", "until", a schedule.
_NOT_ACTS = re.compile(
    r"(?:\b(?:published|posted|updated|copyright|©)\s*:?\s*(?:\w+\s+){0,3}$|\bsince\s+$"
    r"|\b(?:until|by|through|before)\s+$|\bscheduled\s+(?:for\s+)?(?:\w+\s+){0,2}$)",
    re.IGNORECASE,
)
# A year naming a document, a street block or an event rather than dating an act ("a
# 2018 report", "the 2000 block of Santa Anita Avenue").
_NOT_ACTS_AFTER = re.compile(
    r"\s*(?:report|study|survey|census|block of|edition|elections?|budget|Act\b"
    # A vehicle's model year ("a 2012-model van") dates the vehicle, not the smuggling run
    # it was stopped on.
    r"|-?model\b"
    # A law named by its year ("its 2014 anti-trafficking law"), not law enforcement.
    r"|(?:[\w]+-[\w-]+\s+|(?:new|federal|national|trafficking|immigration|labou?r|penal|criminal)\s+)?"
    r"(?:law|legislation|statute)\b(?!\s+enforcement))", re.IGNORECASE)
# A picture's caption dates the picture: "Photo: A border crossing near Tijuana, taken in
# 2015." (its year is no act's, nor the article's own date).
_CAPTION = re.compile(r"\(?(?:File\s+)?(?:Photo|Image|Picture|Caption|Photograph)s?\b\s*(?:[:|(—–-]|by\b)",
                      re.IGNORECASE)
# So does one before a vehicle's make, after a word that opens a noun phrase ("a 2004
# Freightliner tractor", "his 2015 Dodge Ram"); "In 2019 Mercedes Ruiz ..." is a date.
_VEHICLE_MAKE = re.compile(
    r"\s+(?:Ford|Chevrolet|Chevy|Toyota|Honda|Nissan|Dodge|GMC|Jeep|Freightliner|Kenworth|"
    r"Peterbilt|Volkswagen|Hyundai|Kia|Mitsubishi|Isuzu|Mercedes|BMW|Chrysler|Cadillac|Buick|"
    r"Mazda|Subaru|Pontiac|Lexus|Acura|Infiniti)\b")
_VEHICLE_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Tt]heir|[Oo]ne|[Tt]wo|[Tt]hree|"
                             r"white|black|red|blue|silver|gr[ae]y|stolen|rented)\s+$")
_RELATIVE_TIME = re.compile(
    r"\b(?:on|last|this|early|late)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month|weekend)\b"
    r"|\b(?:yesterday|today|tonight|this morning|earlier this (?:week|month|year)|last (?:week|month)|recently)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,},")


def incident_year(text: str, marks: list[Marks], doc_date: dt.date | None) -> Found | None:
    latest = doc_date.year if doc_date else dt.date.today().year
    best: tuple[int, Found] | None = None
    loose: tuple[int, Found] | None = None
    for m in marks:
        dateline = bool(_DATELINE.match(m.sentence.text))
        for y in m.years:
            if not 1950 <= y.year <= latest:
                continue
            before = text[max(m.sentence.start, y.start - 40) : y.start]
            if _NOT_ACTS.search(before) or not dates_acts(text, y.start, y.end, m.sentence.start):
                continue
            if dateline and y.start - m.sentence.start < 60:
                continue
            found = Found(y.year, y.start, y.end, m.sentence.span, 0.7 if not y.relative else 0.6)
            acts = bool(m.activities or m.evidence or m.organs or m.trades)
            if acts and (best is None or y.year < best[0]):
                best = (y.year, found)
            if loose is None or y.year < loose[0]:
                loose = (y.year, found)
    if best is not None:
        return best[1]
    if loose is not None:
        return loose[1]
    if doc_date is not None:
        for m in marks:
            hit = _RELATIVE_TIME.search(m.sentence.text)
            if hit or _DATELINE.match(m.sentence.text):
                start = m.sentence.start + hit.start() if hit else None
                end = m.sentence.start + hit.end() if hit else None
                return Found(doc_date.year, start, end, m.sentence.span, 0.5)
    return None


def dates_acts(text: str, start: int, end: int, sentence_start: int) -> bool:
    """Whether the year at text[start:end] may date an act at all: not a law's name ("the
    Act of 2016"), a birth, a decade, a vehicle's model year, a report's or a street
    block's name. (Which of the possible years dates the acts is the year model's
    question; "since 2019" may well.)"""
    before = text[max(sentence_start, start - 40) : start]
    return not (_NAMES_A_LAW.search(before) or _BORN.search(before)
                or _NOT_ACTS_AFTER.match(text, end, end + 40) or _is_decade(text, end)
                or _VEHICLE_MAKE.match(text, end) and _VEHICLE_BEFORE.search(before)
                or _CAPTION.match(text, sentence_start) is not None)


def _is_decade(text: str, end: int) -> bool:
    return text[end : end + 1] == "s"
