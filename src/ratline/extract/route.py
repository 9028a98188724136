"""Where an incident happened: countries, sub-national places as written, and the route.

Route roles follow the supply chain: `origin` is where victims or sellers come from,
`transit` a country passed through, `destination` where removal or exploitation happens
and where buyers are. A case inside one country has no route.
"""

from __future__ import annotations

import re
from typing import Any

from ratline.extract.features import Marks
from ratline.extract.results import Found

# A country named only for these reasons is not where the incident happened.
_NOT_INCIDENT_BEFORE = re.compile(
    r"(?:native of|citizen of|national of|attach[ée]s? in|embassy in|consulate in|extradited (?:to|from)|"
    r"born in|remittances? (?:to|from)|headquartered in|based in|trial in|court in|"
    # Where leaders met to speak of the trade: "the G7 Summit in Cornwall, United Kingdom".
    # (Not "a meeting in Bangkok", where brokers may meet.)
    r"(?:summit|conference|forum) (?:held )?in(?:(?:\s+(?-i:[A-Z])[\w'’-]+){1,3},)?|"
    r"(?:investigators|authorities|officials|prosecutors) from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_NOT_INCIDENT_AFTER = re.compile(
    r"^\s*(?:-born|nationals?\b(?! (?:were|are|who))|citizens?\b|man\b|woman\b|attach[ée]|embassy|consulate)",
    re.IGNORECASE,
)
# (The words between are not a second place's: "from Kavre to Chennai" sends to Chennai.)
_ORIGIN_BEFORE = re.compile(
    r"(?:\bfrom|\bleft|\bfled|recruited in|lured from|natives? of)\s+(?:the\s+)?"
    r"(?:(?!(?:to|into|via|through|towards?)\b)\w+\s+){0,2}$",
    re.IGNORECASE,
)
_TRANSIT_BEFORE = re.compile(
    r"(?:\bthrough|\bvia|\bacross|\btransit(?:ing)?|\bby way of)\s+(?:the\s+)?(?:\w+\s+){0,1}$",
    re.IGNORECASE,
)
_DEST_BEFORE = re.compile(
    r"(?:\bto|\binto|\bin|\bat|\btowards?|\breached|\barrived in)\s+(?:the\s+)?(?:\w+\s+){0,1}$",
    re.IGNORECASE,
)
_VICTIM_NOUN_AFTER = re.compile(
    r"^\s+(?:\w+\s+){0,2}(?:migrants?|refugees?|villagers?|workers?|donors?|sellers?|victims?|women|men|girls|boys|children|nationals|citizens|asylum)",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,}(?:,|\s+—|\s+–|\s+-)")


def _kept(text: str, p: Any, m: Marks) -> bool:
    # "Lisa Monaco": a country's name inside a person's name, preceded by a given name.
    if p.kind == "country" and any(
        e.label == "PERSON" and e.start < p.start and p.end <= e.end for e in m.sentence.entities
    ):
        return False
    before = text[max(m.sentence.start, p.start - 40) : p.start]
    after = text[p.end : min(m.sentence.end, p.end + 30)]
    if _NOT_INCIDENT_BEFORE.search(before):
        return False
    return not (p.kind in ("country", "demonym") and _NOT_INCIDENT_AFTER.match(after))


def _role(text: str, p: Any, m: Marks) -> str | None:
    before = text[max(m.sentence.start, p.start - 30) : p.start]
    after = text[p.end : min(m.sentence.end, p.end + 40)]
    if p.kind == "demonym":
        return "origin" if _VICTIM_NOUN_AFTER.match(after) else None
    if _ORIGIN_BEFORE.search(before):
        return "origin"
    if _TRANSIT_BEFORE.search(before):
        return "transit"
    if _DEST_BEFORE.search(before):
        return "destination"
    return None


def geography(text: str, marks: list[Marks]) -> tuple[list[Found], list[Found], list[Found]]:
    """(countries, places, route) of the incident."""
    countries: dict[str, Found] = {}
    places: dict[str, Found] = {}
    roles: dict[str, dict[str, Found]] = {}
    for m in marks:
        dateline = _DATELINE.match(m.sentence.text)
        for p in m.places:
            if not p.country:
                continue
            if dateline and p.start - m.sentence.start < dateline.end() + 2:
                continue
            if not _kept(text, p, m):
                continue
            if p.country not in countries:
                countries[p.country] = Found(p.country, p.start, p.end, m.sentence.span, 0.7)
            if p.kind in ("city", "region") and p.surface not in places:
                places[p.surface] = Found(p.surface, p.start, p.end, m.sentence.span, 0.6)
            role = _role(text, p, m)
            if role is not None:
                roles.setdefault(p.country, {}).setdefault(
                    role,
                    Found(
                        {"country": p.country, "role": role}, p.start, p.end, m.sentence.span, 0.5
                    ),
                )
    route: list[Found] = []
    if len(countries) > 1:
        for code in countries:
            for role in ("origin", "transit", "destination"):
                if role in roles.get(code, {}):
                    route.append(roles[code][role])
                    break
        if len({f.value["role"] for f in route}) < 2:
            route = _complement(text, route, countries)
    return list(countries.values()), list(places.values()), route


_OPPOSITE = {"origin": "destination", "destination": "origin"}


_MOVEMENT = re.compile(
    r"\b(?:traffick\w*|smuggl\w*|sent|sending|taken|took|moved|transport\w*|travel\w*|"
    r"flown|flew|lured|brought|driven|shipped|crossed|carried)\b", re.IGNORECASE)


def _complement(text: str, route: list[Found], countries: dict[str, Found]) -> list[Found]:
    """Two countries and one role known ("... to a hospital in Chennai, India"): the other
    country plays the other end. Anything less certain gives no route."""
    if len(countries) != 2 or len(route) != 1 or route[0].value["role"] not in _OPPOSITE:
        return []
    known = route[0]
    if known.sentence is None or not _MOVEMENT.search(text, *known.sentence):
        return []  # "held in Raqqa" places a case; only movement makes a route
    other = next(code for code in countries if code != known.value["country"])
    f = countries[other]
    inferred = Found({"country": other, "role": _OPPOSITE[known.value["role"]]}, f.start, f.end,
                     f.sentence, 0.4)
    return [known, inferred]
