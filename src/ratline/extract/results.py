"""What extraction returns: incidents whose every value keeps the span that supports it.

`Incident.to_dict` gives the interchange format of `incident.schema.json` plus provenance;
`Incident.facts` flattens the same values into facts the store turns into statements.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ratline.extract import legs

EXTRACTOR = "ratline.rules"
EXTRACTOR_VERSION = "0.8.0"


class ExtractionError(ValueError):
    """The input cannot be extracted; the message says why, for the document's error record."""


@dataclass(slots=True)
class Found:
    """One extracted value with the character span it came from and its sentence."""

    value: Any
    start: int | None = None
    end: int | None = None
    sentence: tuple[int, int] | None = None
    confidence: float = 0.8

    def provenance(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "start": self.start, "end": self.end}
        if self.sentence is not None:
            out["sentence_start"], out["sentence_end"] = self.sentence
        return out


@dataclass(frozen=True, slots=True)
class Fact:
    """One value of an incident, ready to become a statement."""

    prop: str
    value: str
    start: int | None
    end: int | None
    confidence: float


@dataclass(slots=True)
class Actor:
    name: str
    type: str
    role: str
    status: str = "mentioned"
    mention: Found | None = None
    status_found: Found | None = None
    # True when `name` is a pseudonym standing in for a victim's real name.
    pseudonymised: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "role": self.role, "status": self.status}

    def provenance(self) -> dict[str, Any]:
        out: dict[str, Any] = self.mention.provenance() if self.mention else {"value": self.name}
        out["value"] = self.name
        if self.status_found is not None:
            out["status"] = self.status_found.provenance()
        return out


def first_of_each_name(actors: list[Actor]) -> list[Actor]:
    """The actors in order, each name once (the first actor of a name kept): after renaming
    ("FIA" to its long form, "UAE" to the country), one actor may stand twice."""
    seen: set[str] = set()
    kept = []
    for a in actors:
        if a.name not in seen:
            seen.add(a.name)
            kept.append(a)
    return kept


@dataclass(slots=True)
class Victims:
    count: Found | None = None
    deaths: Found | None = None
    kinds: list[Found] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count.value if self.count else None,
            "deaths": self.deaths.value if self.deaths else None,
            "kinds": [k.value for k in self.kinds],
        }


@dataclass(slots=True)
class Incident:
    trade: Found
    evidence: Found
    summary: str = ""
    organs: list[Found] = field(default_factory=list)
    countries: list[Found] = field(default_factory=list)
    places: list[Found] = field(default_factory=list)
    route: list[Found] = field(default_factory=list)  # value: {"country", "role"}
    year: Found | None = None
    actors: list[Actor] = field(default_factory=list)
    victims: Victims = field(default_factory=Victims)
    activities: list[Found] = field(default_factory=list)
    money: list[Found] = field(default_factory=list)  # value: {"amount", "currency", "what"}
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "trade": self.trade.value,
            "organs": [f.value for f in self.organs],
            "countries": [f.value for f in self.countries],
            "places": [f.value for f in self.places],
            "route": [dict(f.value) for f in legs.ordered(self.route)],
            "legs": legs.legs(self.route, self.places),
            "year": self.year.value if self.year else None,
            # A named victim's pseudonym is listed with the people harmed, not among the
            # parties: no reader or tool can match it to a name, and beside the traders it
            # reads as one of them.
            "actors": [a.to_dict() for a in self.actors if not a.pseudonymised],
            "victims": {**self.victims.to_dict(),
                        "named": [a.to_dict() for a in self.actors if a.pseudonymised]},
            "activities": [f.value for f in self.activities],
            "money": [dict(f.value) for f in self.money],
            "evidence": self.evidence.value,
            "provenance": self.provenance(),
            "confidence": round(self.confidence, 3),
            "extractor": EXTRACTOR,
            "extractor_version": EXTRACTOR_VERSION,
        }

    def provenance(self) -> dict[str, Any]:
        v = self.victims
        return {
            "trade": [self.trade.provenance()],
            "organs": [f.provenance() for f in self.organs],
            "countries": [f.provenance() for f in self.countries],
            "places": [f.provenance() for f in self.places],
            "route": [f.provenance() for f in self.route],
            "year": [self.year.provenance()] if self.year else [],
            "actors": [a.provenance() for a in self.actors if not a.pseudonymised],
            "victims": {
                "count": [v.count.provenance()] if v.count else [],
                "deaths": [v.deaths.provenance()] if v.deaths else [],
                "kinds": [f.provenance() for f in v.kinds],
                "named": [a.provenance() for a in self.actors if a.pseudonymised],
            },
            "activities": [f.provenance() for f in self.activities],
            "money": [f.provenance() for f in self.money],
            "evidence": [self.evidence.provenance()],
        }

    def facts(self) -> Iterator[Fact]:
        """Every value as a fact; structured values are JSON strings."""

        def fact(prop: str, f: Found, value: Any = None) -> Fact:
            v = f.value if value is None else value
            text = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, sort_keys=True)
            return Fact(prop, text, f.start, f.end, f.confidence)

        yield fact("trade", self.trade)
        if self.summary:
            yield Fact("summary", self.summary, None, None, self.confidence)
        for f in self.organs:
            yield fact("organ", f)
        for f in self.countries:
            yield fact("country", f)
        for f in self.places:
            yield fact("place", f)
        for f in self.route:
            yield fact("route", f)
        if self.year:
            yield fact("year", self.year, str(self.year.value))
        for a in self.actors:
            m = a.mention or Found(a.name)
            yield fact("actor", m, {"name": a.name, "type": a.type, "role": a.role})
            s = a.status_found or m
            yield fact("person_status", s, {"name": a.name, "status": a.status})
        if self.victims.count:
            yield fact("victim_count", self.victims.count, str(self.victims.count.value))
        if self.victims.deaths:
            yield fact("victim_deaths", self.victims.deaths, str(self.victims.deaths.value))
        for f in self.victims.kinds:
            yield fact("victim_kind", f)
        for f in self.activities:
            yield fact("activity", f)
        for f in self.money:
            yield fact("money", f)
        yield fact("evidence", self.evidence)


@dataclass(slots=True)
class Extraction:
    doc_id: str
    relevant: bool
    relevance: float
    incidents: list[Incident] = field(default_factory=list)
    kind: str = ""  # one of ratline.model.DOCUMENT_KINDS

    def to_json(self, path: str | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.doc_id}
        if path is not None:
            out["path"] = path
        out["relevant"] = self.relevant
        out["incidents"] = [i.to_dict() for i in self.incidents]
        return out

    def trades(self) -> list[str]:
        """Trades of the incidents in order of first appearance."""
        seen: list[str] = []
        for i in self.incidents:
            if i.trade.value not in seen:
                seen.append(i.trade.value)
        return seen
