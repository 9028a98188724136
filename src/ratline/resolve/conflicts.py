"""What each source claims about one incident, and where the sources disagree.

Claims are kept per source, never averaged away: a reader sees who said "12 victims" and
who said "30". A conflict is flagged where sources cannot all be right: convicted and
acquitted; victim counts more than 20 % apart; different death tolls; an official denial
beside a source that states more; different years. Evidence that moves up the ladder
from report to report (arrest, then charge) is progress, not a conflict.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ratline import vocab

VICTIM_TOLERANCE = 0.2


@dataclass(frozen=True, slots=True)
class SourceClaim:
    """What one document says about the incident."""

    document_id: str
    incident_id: str
    outlet: str | None
    published: date | None
    evidence: str | None
    outcome: str | None
    year: int | None
    victims: int | None
    deaths: int | None
    money: tuple[tuple[float, str, str], ...]


@lru_cache(maxsize=1)
def ladder() -> tuple[str, ...]:
    """The evidence ladder, weakest first, from the evidence vocabulary."""
    return tuple(vocab.load("evidence")["ladder"])


def rank(level: str | None) -> int:
    """Position on the ladder; -1 for a denial, an unknown level or none."""
    steps = ladder()
    return steps.index(level) if level in steps else -1


def strongest_evidence(levels: Iterable[str | None]) -> str | None:
    """The highest ladder level stated; 'denial' only if nothing on the ladder is."""
    seen = [lv for lv in levels if lv]
    on_ladder = [lv for lv in seen if rank(lv) >= 0]
    if on_ladder:
        return max(on_ladder, key=rank)
    return "denial" if "denial" in seen else None


def _who(claims: Iterable[SourceClaim]) -> str:
    return ", ".join(sorted({c.document_id for c in claims}))


def _values(claims: Sequence[SourceClaim], attr: str) -> dict[int, list[SourceClaim]]:
    out: dict[int, list[SourceClaim]] = {}
    for c in claims:
        v = getattr(c, attr)
        if v is not None:
            out.setdefault(v, []).append(c)
    return out


def find_conflicts(claims: Sequence[SourceClaim]) -> list[str]:
    """Human-readable disagreements between the sources of one incident."""
    conflicts: list[str] = []
    convicted = [c for c in claims if c.evidence == "conviction"]
    acquitted = [c for c in claims if c.outcome == "acquitted"]
    withdrawn = [c for c in claims if c.outcome == "charges_withdrawn"]
    if convicted and acquitted:
        conflicts.append(f"convicted ({_who(convicted)}) vs acquitted ({_who(acquitted)})")
    if convicted and withdrawn:
        conflicts.append(f"convicted ({_who(convicted)}) vs charges withdrawn ({_who(withdrawn)})")

    victims = _values(claims, "victims")
    if len(victims) > 1:
        lo, hi = min(victims), max(victims)
        if hi > 0 and (hi - lo) / hi > VICTIM_TOLERANCE:
            listed = "; ".join(f"{v} ({_who(cs)})" for v, cs in sorted(victims.items()))
            conflicts.append(f"victim counts differ: {listed}")
    deaths = _values(claims, "deaths")
    if len(deaths) > 1:
        listed = "; ".join(f"{v} ({_who(cs)})" for v, cs in sorted(deaths.items()))
        conflicts.append(f"death tolls differ: {listed}")

    denials = [c for c in claims if c.evidence == "denial"]
    higher = [c for c in claims if rank(c.evidence) >= rank("allegation")]
    if denials and higher:
        level = strongest_evidence(c.evidence for c in higher)
        conflicts.append(f"denial ({_who(denials)}) vs {level} ({_who(higher)})")

    years = _values(claims, "year")
    if len(years) > 1:
        listed = "; ".join(f"{y} ({_who(cs)})" for y, cs in sorted(years.items()))
        conflicts.append(f"years differ: {listed}")
    return conflicts
