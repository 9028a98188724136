"""Map data: incident points by precision, and route flows: the legs between countries
(origin -> transit -> destination) counted over incidents, with their strongest evidence."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ratline.analyze.incidents import Incident, Selection, evidence_rank, strongest
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


# A point an incident is drawn at: (key, lat, lon, precision, label, country), where key
# groups the points drawn as one.
PointEntry = tuple[tuple[float, float, str], float, float, str, str, str]


def _point_entries(inc: Incident) -> list[PointEntry]:
    """Where an incident is drawn: its named places that resolve, else up to three of its
    countries."""
    out: list[PointEntry] = []
    for name in inc.places:
        pt = place_point(name, inc.countries)
        if pt is not None and pt.precision == "place":
            out.append(((round(pt.lat, 3), round(pt.lon, 3), "place"), pt.lat, pt.lon, "place",
                        pt.label, pt.country))
    if not out:
        for code in inc.countries[:3]:
            cp = country_point(code)
            if cp is not None:
                out.append(((round(cp.lat, 3), round(cp.lon, 3), "country"), cp.lat, cp.lon,
                            "country", cp.label, code))
    return out


@dataclass(slots=True)
class MapColumns:
    """What the map reads of each incident of an index's list, by list position, in
    arrays of small ints (points and legs as runs: those of position i are
    `points[point_start[i]:point_start[i + 1]]`), with tables of the values they stand
    for. A map over a selection then reads ints, not hundreds of thousands of incidents:
    in a web worker forked from the index's parent, reading an incident writes its
    reference count and copies its page, and a filtered map at ten million statements
    took 7 s in each worker. Made once per index version (`IncidentIndex`), in the
    parent by its warm-up."""

    ids: Sequence[str]
    point_start: array[int]
    points: array[int]
    point_table: list[PointEntry]
    leg_start: array[int]
    legs: array[int]
    leg_table: list[tuple[str, str]]
    trade: array[int]
    trade_table: list[str]
    evidence: array[int]
    evidence_table: list[str | None]
    # Each position's place among the incidents ordered by id (ties of the strongest level).
    id_rank: array[int]


def map_columns(listed: Sequence[Incident]) -> MapColumns:
    """The map's columns of `listed`."""
    ids = [inc.id for inc in listed]
    tables: dict[str, dict[Any, int]] = {"point": {}, "leg": {}, "trade": {}, "evidence": {}}

    def code(kind: str, value: Any) -> int:
        return tables[kind].setdefault(value, len(tables[kind]))

    point_start, points = array("i", [0]), array("i")
    leg_start, legs = array("i", [0]), array("i")
    trade, evidence = array("i"), array("i")
    for inc in listed:
        points.extend(code("point", e) for e in _point_entries(inc))
        point_start.append(len(points))
        legs.extend(code("leg", leg) for leg in route_legs(inc))
        leg_start.append(len(legs))
        trade.append(code("trade", inc.trade or "unknown"))
        evidence.append(code("evidence", inc.evidence))
    id_rank = array("i", bytes(4 * len(ids)))
    for rank, pos in enumerate(sorted(range(len(ids)), key=ids.__getitem__)):
        id_rank[pos] = rank
    return MapColumns(ids, point_start, points, list(tables["point"]), leg_start, legs,
                      list(tables["leg"]), trade, list(tables["trade"]), evidence,
                      list(tables["evidence"]), id_rank)


def _map_from_columns(positions: Sequence[int], c: MapColumns) -> dict[str, Any]:
    """`map_data` of the incidents at `positions`, read from `c`. A point counts each
    incident drawn at it, its trades and its strongest level, and names the first
    incident met; a leg counts its incidents and names the strongest (ties: the greatest
    id), as `route_flows` does."""
    points: dict[tuple[float, float, str], dict[str, Any]] = {}
    point_start, point_ids, point_table = c.point_start, c.points, c.point_table
    leg_start, leg_ids = c.leg_start, c.legs
    ranks = [evidence_rank(lv) for lv in c.evidence_table]
    # Per leg: [incidents, levels seen, best (rank, id rank), its position].
    flows: dict[int, list[Any]] = {}
    for pos in positions:
        lv_code = c.evidence[pos]
        a, b = point_start[pos], point_start[pos + 1]
        if a != b:
            tr, lv = c.trade_table[c.trade[pos]], c.evidence_table[lv_code]
            for k in range(a, b):
                key, lat, lon, precision, label, country = point_table[point_ids[k]]
                pt = points.get(key)
                if pt is None:
                    pt = points[key] = {"lat": lat, "lon": lon, "precision": precision,
                                        "label": label, "country": country,
                                        "incident": c.ids[pos], "incidents": 0, "trades": {},
                                        "evidence": None}
                pt["incidents"] += 1
                pt["trades"][tr] = pt["trades"].get(tr, 0) + 1
                if lv != pt["evidence"]:
                    pt["evidence"] = strongest([pt["evidence"], lv])
        a, b = leg_start[pos], leg_start[pos + 1]
        if a != b:
            best = (ranks[lv_code], c.id_rank[pos])
            for k in range(a, b):
                flow = flows.get(leg_ids[k])
                if flow is None:
                    flows[leg_ids[k]] = [1, {lv_code}, best, pos]
                    continue
                flow[0] += 1
                flow[1].add(lv_code)
                if best > flow[2]:
                    flow[2], flow[3] = best, pos
    drawn = []
    for leg, (count, codes, _, pos) in flows.items():
        made = _flow(c.leg_table[leg], count, strongest(c.evidence_table[x] for x in codes),
                     c.ids[pos])
        if "from_lat" in made:
            drawn.append(made)
    drawn.sort(key=_flow_order)
    return {"points": list(points.values()), "flows": drawn}


def map_data(incidents: Sequence[Incident]) -> dict[str, Any]:
    """Points (incidents grouped by where they happened: a named place, or the country
    when no place resolves) and flows between countries along routes. A selection of an
    index is read from the index's map columns (`MapColumns`); other incidents from
    columns made for them."""
    if isinstance(incidents, Selection) and incidents.columns is not None:
        return _map_from_columns(incidents.positions, incidents.columns.get())
    return _map_from_columns(range(len(incidents)), map_columns(incidents))


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
    for leg, incs in found.items():
        best = max(incs, key=lambda i: (evidence_rank(i.evidence), i.id))
        flow = _flow(leg, len(incs), strongest(i.evidence for i in incs), best.id)
        if ids:
            flow["incident_ids"] = sorted(i.id for i in incs)
        flows.append(flow)
    flows.sort(key=_flow_order)
    return flows


def _flow(leg: tuple[str, str], count: int, level: str | None, best: str) -> dict[str, Any]:
    a, b = leg
    pa, pb = country_point(a), country_point(b)
    flow: dict[str, Any] = {
        "from": a, "to": b, "from_label": country_label(a), "to_label": country_label(b),
        "incidents": count, "evidence": level, "strongest_incident": best}
    if pa is not None and pb is not None:
        flow.update({"from_lat": pa.lat, "from_lon": pa.lon, "to_lat": pb.lat, "to_lon": pb.lon})
    return flow


def _flow_order(f: dict[str, Any]) -> tuple[int, int, str, str]:
    return (-f["incidents"], -evidence_rank(f["evidence"]), f["from"], f["to"])


def country_names(codes: Sequence[str]) -> dict[str, str]:
    return {c: country_label(c) for c in codes}
