"""Joins incidents the rules split apart into one: the case told over several paragraphs.

Real reports tell one case from several angles (the arrest, the victims, the court, the
background); the rules' grouping often opens a new incident for each. When the learned
`count` model reads the document as one case, its incidents become one here: every value
kept with its own span, duplicates dropped, the strongest stated evidence level and the
earliest year of acts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ratline.extract.actors import same_actor
from ratline.extract.results import Actor, Found, Incident, Victims

LADDER = ("rumor", "speculation", "allegation", "report", "investigation", "arrest", "charge",
          "conviction")


def _key(value: Any) -> Any:
    return tuple(sorted(value.items())) if isinstance(value, dict) else value


def _sum(value: Any) -> Any:
    # A sum is its amount and currency: the part the rules read for it ("what") may differ
    # between the paragraphs that repeat it, and the annotated real reports list each sum
    # of a case once (no repeat among 406 gold amounts).
    return (float(value["amount"]), str(value.get("currency")))


def _unique(found: Iterable[Found], key: Callable[[Any], Any] = _key) -> list[Found]:
    seen: set[Any] = set()
    out = []
    for f in found:
        k = key(f.value)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def _actors(incidents: list[Incident]) -> list[Actor]:
    out: list[Actor] = []
    for inc in incidents:
        for a in inc.actors:
            same = next((b for b in out if b.type == a.type and same_actor(a.name, b.name)),
                        None)
            if same is None:
                out.append(a)
            elif a.pseudonymised and not same.pseudonymised:
                # A victim anywhere is a victim in the joined case too (never a perpetrator).
                out[out.index(same)] = a
            elif len(a.name) > len(same.name) and a.pseudonymised == same.pseudonymised:
                out[out.index(same)] = a  # the fullest mention names the actor
    return out


def _rank(f: Found) -> int:
    return LADDER.index(f.value) if f.value in LADDER else -1


def _first(found: Iterable[Found | None], key: Callable[[Found], Any]) -> Found | None:
    present = [f for f in found if f is not None]
    return min(present, key=key) if present else None


def combine(incidents: list[Incident], trade: str | None = None) -> Incident:
    """One incident holding what `incidents` say; `trade` (one of theirs) names its trade,
    else the trade of the first."""
    lead = next((i for i in incidents if i.trade.value == trade), incidents[0])
    evidence = max((i.evidence for i in incidents), key=_rank)
    if all(_rank(i.evidence) < 0 for i in incidents):
        evidence = lead.evidence
    counts = [i.victims.count for i in incidents if i.victims.count is not None]
    deaths = [i.victims.deaths for i in incidents if i.victims.deaths is not None]
    return Incident(
        trade=lead.trade,
        evidence=evidence,
        organs=_unique(f for i in incidents for f in i.organs),
        countries=_unique(f for i in incidents for f in i.countries),
        places=_unique(f for i in incidents for f in i.places),
        route=_unique(f for i in incidents for f in i.route),
        year=_first((i.year for i in incidents), key=lambda f: f.value),
        actors=_actors(incidents),
        victims=Victims(
            count=max(counts, key=lambda f: f.value) if counts else None,
            deaths=max(deaths, key=lambda f: f.value) if deaths else None,
            kinds=_unique(f for i in incidents for f in i.victims.kinds),
        ),
        activities=_unique(f for i in incidents for f in i.activities),
        money=_unique((f for i in incidents for f in i.money), key=_sum),
        confidence=min(i.confidence for i in incidents),
    )
