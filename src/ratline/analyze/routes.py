"""Map data: incident points by precision, and route flows: the legs between countries
(origin -> transit -> destination) counted over incidents, with their strongest evidence."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ratline.analyze.incidents import Incident, evidence_rank, strongest
from ratline.analyze.places import country_label, country_point, place_point

# The order in which a route is walked: where people or goods start, pass, end.
ROUTE_ORDER = {"origin": 0, "source": 0, "transit": 1, "unknown": 1, "destination": 2}


def route_legs(incident: Incident) -> tuple[tuple[str, str], ...]:
    """Consecutive (from, to) country pairs of an incident's route."""
    if incident.legs is None:
        incident.legs = tuple(_legs(incident.route))
    return incident.legs


def _legs(route: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    steps = sorted(route, key=lambda s: ROUTE_ORDER.get(s[1], 1))
    by_stage: dict[int, list[str]] = {}
    for country, role in steps:
        stage = ROUTE_ORDER.get(role, 1)
        if country not in by_stage.setdefault(stage, []):
            by_stage[stage].append(country)
    stages = [by_stage[k] for k in sorted(by_stage)]
    legs: list[tuple[str, str]] = []
    for a, b in zip(stages, stages[1:], strict=False):
        legs.extend((x, y) for x in a for y in b if x != y)
    return legs


def map_data(incidents: Sequence[Incident]) -> dict[str, Any]:
    """Points (incidents grouped by where they happened: a named place, or the country
    when no place resolves) and flows between countries along routes."""
    points: dict[tuple[float, float, str], dict[str, Any]] = {}

    def add(inc: Incident, lat: float, lon: float, precision: str, label: str, country: str) -> None:
        key = (round(lat, 3), round(lon, 3), precision)
        pt = points.get(key)
        if pt is None:
            pt = points[key] = {"lat": lat, "lon": lon, "precision": precision, "label": label,
                                "country": country, "incident": inc.id, "incidents": 0,
                                "trades": {}, "evidence": None}
        pt["incidents"] += 1
        pt["trades"][inc.trade or "unknown"] = pt["trades"].get(inc.trade or "unknown", 0) + 1
        pt["evidence"] = strongest([pt["evidence"], inc.evidence])

    for inc in incidents:
        placed = False
        for name in inc.places:
            pt = place_point(name, inc.countries)
            if pt is not None and pt.precision == "place":
                placed = True
                add(inc, pt.lat, pt.lon, "place", pt.label, pt.country)
        if not placed:
            for code in inc.countries[:3]:
                cp = country_point(code)
                if cp is not None:
                    add(inc, cp.lat, cp.lon, "country", cp.label, code)
    drawn = [f for f in route_flows(incidents, ids=False) if "from_lat" in f]
    return {"points": list(points.values()), "flows": drawn}


def route_flows(incidents: Sequence[Incident], ids: bool = True) -> list[dict[str, Any]]:
    """Each leg between two countries with the number of incidents routed along it, its
    strongest evidence level (and an incident that has it), most travelled first.

    `ids`: list every incident of each leg (`incident_ids`). The map draws counts only:
    at a million statements the id lists were 2 MB of its 2 MB body, 20 MB at ten
    million, and sending them to every viewer was most of the map's time."""
    found: dict[tuple[str, str], list[Incident]] = {}
    for inc in incidents:
        for leg in route_legs(inc):
            found.setdefault(leg, []).append(inc)
    flows = []
    for (a, b), incs in found.items():
        level = strongest(i.evidence for i in incs)
        best = max(incs, key=lambda i: (evidence_rank(i.evidence), i.id))
        pa, pb = country_point(a), country_point(b)
        flow: dict[str, Any] = {
            "from": a, "to": b, "from_label": country_label(a), "to_label": country_label(b),
            "incidents": len(incs), "evidence": level, "strongest_incident": best.id}
        if ids:
            flow["incident_ids"] = sorted(i.id for i in incs)
        if pa is not None and pb is not None:
            flow.update({"from_lat": pa.lat, "from_lon": pa.lon, "to_lat": pb.lat,
                         "to_lon": pb.lon})
        flows.append(flow)
    flows.sort(key=lambda f: (-f["incidents"], -evidence_rank(f["evidence"]), f["from"], f["to"]))
    return flows


def country_names(codes: Sequence[str]) -> dict[str, str]:
    return {c: country_label(c) for c in codes}
