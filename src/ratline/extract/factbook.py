"""Country trafficking narratives ("X is a source, transit, and destination country ...").

Such a narrative is one human-trafficking incident at evidence `report`: the subject
country takes one route entry per role the text gives it, partner countries become
destinations where the subject's victims are exploited and origins where their nationals
are exploited in the subject country. The year is the assessment year in the closing
parenthesis. A sentence about organ removal becomes an organ incident of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ratline.extract.cues import CueSet
from ratline.extract.features import Marks
from ratline.extract.incidents import sentence_trade
from ratline.extract.organs import organs
from ratline.extract.results import Actor, Found, Incident
from ratline.extract.victims import victims
from ratline.vocab import load

_SECTION = re.compile(
    r"(current situation|tier rating|trafficking profile|human trafficking)\s*:", re.IGNORECASE
)
_START = re.compile(r"^\s*(?:current situation|tier rating|trafficking profile)\s*:", re.IGNORECASE)
_YEAR = re.compile(r"\(((?:19|20)\d\d)\)\s*$")
_ANY_YEAR_PAREN = re.compile(r"\(((?:19|20)\d\d)\)")
_URL_YEAR = re.compile(r"/reports/((?:19|20)\d\d)-trafficking")
_ROLES = re.compile(
    r"\b(?:is|remains|was|has become)\s+(?:\w+\s+){0,3}?(?:an?\s+)?(?P<roles>(?:(?:major |primarily |predominantly |significant |possible |increasingly |growing |lesser |an? |extent |to a |,|and|or|\s)*(?:source|transit|destination)\b(?:[,\s]*(?:and|or)?\s*(?:\(?to a lesser extent\)?,?\s*|increasingly,?\s*|possible\s+|primarily\s+|major\s+|a\s+|an\s+)*)?)+)"
    r"\s*(?:country|countries|point|hub)",
    re.IGNORECASE,
)
_FOREIGN_ORIGIN = re.compile(
    r"\b(?:from|foreigners from|nationals from|victims from|women from|children from|men from)\s+$",
    re.IGNORECASE,
)


# The preposition that governs a partner country, looking back over a list of names
# ("from Nepal, India, and the Dominican Republic"): from -> origin, through/via ->
# transit, anything else (to, in) -> destination.
_GOVERNOR = re.compile(
    r"\b(?P<prep>from|through|via|to|in|into)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'().-]*(?:\s+(?:and\s+)?[A-Z][\w'().-]*)*,?\s+(?:and\s+|or\s+)?(?:the\s+)?)*$"
)
_PREP_ROLE = {"from": "origin", "through": "transit", "via": "transit"}


def _partner_role(text: str, start: int) -> str:
    before = text[max(0, start - 160) : start]
    before = re.split(r"[;:]", before)[-1]
    if _FOREIGN_ORIGIN.search(before[-25:]):
        return "origin"
    m = _GOVERNOR.search(before)
    return _PREP_ROLE.get(m.group("prep").lower(), "destination") if m else "destination"


# The government itself exploiting people: conscription into forced labour, state-sponsored
# forced labour. The subject country is then an actor of the case, as a state.
_STATE_PERPETRATOR = re.compile(
    r"\b(?:the government (?:(?:continued|continues|continue) to |has |have |had |also |"
    r"reportedly |allegedly |itself )*(?:exploit(?:s|ed|ing)?|forc(?:es|ed|ing)|compel(?:s|led|ling)?)"
    r"\b|(?:state|government)[- ](?:sponsored|imposed|compelled|run) forced labou?r"
    r"|government policy or pattern of (?:human )?trafficking)",
    re.IGNORECASE,
)


def _state_perpetrator(text: str, places: list[Any], subject: str | None) -> list[Actor]:
    if subject is None:
        return []
    # The tier rating states it too ("a government policy or pattern of trafficking
    # existed"), so the whole narrative is searched, not only the situation part.
    hit = _STATE_PERPETRATOR.search(text)
    if hit is None:
        return []
    named = next((p for p in places if p.country == subject and p.kind == "country"), None)
    if named is None:
        return []
    mention = Found(named.surface, named.start, named.end, None, 0.5)
    status = Found("alleged", hit.start(), hit.end(), None, 0.5)
    return [Actor(named.surface, "state", "other", mention=mention, status_found=status)]


def is_narrative(text: str) -> bool:
    return bool(_START.match(text))


@lru_cache(maxsize=1)
def _forms() -> CueSet:
    return CueSet(load("activities")["narrative_forms"])


def narrative_year(text: str) -> Found | None:
    m = _YEAR.search(text.rstrip())
    if m is None:
        hits = list(_ANY_YEAR_PAREN.finditer(text))
        m = hits[-1] if hits else None
    if m is None:
        m = _URL_YEAR.search(text)
    if m is None:
        return None
    return Found(int(m.group(1)), m.start(1), m.end(1), None, 0.9)


def _situation_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the parts describing the trafficking situation (not government efforts)."""
    heads = list(_SECTION.finditer(text))
    spans = []
    for i, h in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        if h.group(1).lower() != "tier rating":
            spans.append((h.end(), end))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def incidents(text: str, marks: list[Marks]) -> list[Incident]:
    spans = _situation_spans(text)
    year = narrative_year(text)
    all_places = [
        p
        for m in marks
        for p in m.places
        if p.country and p.kind in ("country", "demonym", "city", "region")
    ]
    subject = next((p.country for p in all_places if p.kind == "country"), None)
    human: list[Marks] = []
    organ: list[Marks] = []
    for m in marks:
        if not _inside(m.sentence.start, spans) and not any(
            _inside(p.start, spans) for p in m.places
        ):
            continue
        (organ if sentence_trade(m) == "organ" else human).append(m)
    # Clauses split by ";" are what the narrative treats as sentences; organ clauses are
    # found at that level too, because spaCy often sees one long sentence.
    organ_clauses = _organ_clauses(text, spans)
    out: list[Incident] = []
    first = marks[0].sentence.span if marks else None
    trade_found = Found("human", None, None, first, 0.9)
    inc = Incident(trade=trade_found, evidence=Found("report", None, None, first, 0.9))
    inc.year = year
    inc.countries, inc.places, inc.route = _geography(
        text, human, spans, subject, exclude=organ_clauses
    )
    inc.activities = _activities(text, spans, exclude=organ_clauses)
    inc.victims = victims(human, "human")
    inc.actors = _state_perpetrator(text, all_places, subject)
    inc.confidence = 0.8
    out.append(inc)
    if organ_clauses:
        o = Incident(
            trade=Found("organ", organ_clauses[0][0], organ_clauses[0][1], None, 0.7),
            evidence=Found("report", None, None, None, 0.8),
        )
        o.year = year
        o_marks = [
            m
            for m in marks
            if any(
                s <= m.sentence.start < e or m.sentence.start <= s < m.sentence.end
                for s, e in organ_clauses
            )
        ]
        o.organs = organs(o_marks, "organ") or _clause_organs(text, organ_clauses)
        codes: dict[str, Found] = {}
        if subject:
            codes[subject] = Found(subject, None, None, None, 0.7)
        for m in o_marks:
            for p in m.places:
                if p.country and any(s <= p.start < e for s, e in organ_clauses):
                    codes.setdefault(
                        p.country, Found(p.country, p.start, p.end, m.sentence.span, 0.6)
                    )
        o.countries = list(codes.values())
        o.activities = [
            Found(c.label, c.start, c.end, None, 0.6)
            for s, e in organ_clauses
            for c in _forms().find(text, s, e)
            if c.label in ("deception", "coercion")
        ]
        o.activities = list({f.value: f for f in o.activities}.values())
        o.activities.append(Found("removal", organ_clauses[0][0], organ_clauses[0][1], None, 0.6))
        o.victims = victims(o_marks, "organ")
        out.append(o)
    return out


def _organ_clauses(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    from ratline.extract.features import cue_book

    book = cue_book()
    out = []
    for s, e in spans:
        pos = s
        for part in re.split(r"(;)", text[s:e]):
            if part != ";":
                trades = {c.label for c in book.trades.find(text, pos, pos + len(part))}
                if "organ" in trades:
                    out.append((pos, pos + len(part)))
            pos += len(part)
    return out


def _clause_organs(text: str, clauses: list[tuple[int, int]]) -> list[Found]:
    from ratline.extract.features import cue_book

    found: dict[str, Found] = {}
    for s, e in clauses:
        for c in cue_book().organs.find(text, s, e):
            found.setdefault(c.label, Found(c.label, c.start, c.end, None, 0.8))
    return list(found.values())


def _geography(
    text: str,
    marks: list[Marks],
    spans: list[tuple[int, int]],
    subject: str | None,
    *,
    exclude: list[tuple[int, int]],
) -> tuple[list[Found], list[Found], list[Found]]:
    countries: dict[str, Found] = {}
    places: dict[str, Found] = {}
    route: list[Found] = []
    seen_roles: set[tuple[str, str]] = set()
    if subject:
        countries[subject] = Found(subject, None, None, None, 0.9)
        for hit in _ROLES.finditer(text):
            if not _inside(hit.start(), spans):
                continue
            for role, word in (
                ("origin", "source"),
                ("transit", "transit"),
                ("destination", "destination"),
            ):
                if re.search(rf"\b{word}\b", hit.group("roles"), re.IGNORECASE):
                    route.append(
                        Found(
                            {"country": subject, "role": role},
                            hit.start("roles"),
                            hit.end("roles"),
                            None,
                            0.8,
                        )
                    )
            break
    for m in marks:
        for p in m.places:
            if not p.country or p.kind == "wider" or not _inside(p.start, spans):
                continue
            if any(s <= p.start < e for s, e in exclude):
                continue
            if p.country not in countries:
                countries[p.country] = Found(p.country, p.start, p.end, m.sentence.span, 0.7)
            if p.country != subject:
                role = _partner_role(text, p.start)
                if (p.country, role) not in seen_roles:
                    seen_roles.add((p.country, role))
                    route.append(Found({"country": p.country, "role": role}, p.start, p.end,
                                       m.sentence.span, 0.5))
            if p.kind in ("city", "region") and p.surface not in places:
                places[p.surface] = Found(p.surface, p.start, p.end, m.sentence.span, 0.5)
    return list(countries.values()), list(places.values()), route


def _activities(
    text: str, spans: list[tuple[int, int]], *, exclude: list[tuple[int, int]]
) -> list[Found]:
    found: dict[str, Found] = {}
    for s, e in spans:
        for c in _forms().find(text, s, e):
            if any(a <= c.start < b for a, b in exclude):
                continue
            found.setdefault(c.label, Found(c.label, c.start, c.end, None, 0.6))
    order = ("recruitment", "deception", "coercion", "transport", "sale")
    return [found[k] for k in order if k in found]


def subject_country(marks: list[Marks]) -> Any:
    return next((p.country for m in marks for p in m.places if p.kind == "country"), None)
