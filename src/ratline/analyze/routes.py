"""Map data: incident points by precision, and route flows: the legs between countries
(origin -> transit -> destination) counted over incidents, with their strongest evidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ratline.analyze.columns import Codes, IntArray, Positions, Runs, Table, as_array
from ratline.analyze.incidents import Incident, Selection, evidence_rank, ladder, strongest
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


@dataclass(frozen=True, slots=True)
class MapColumns:
    """What the map reads of each incident of an index's list, by list position, as
    columns of small ints (`analyze.columns`). A map over a selection then counts ints
    with numpy, not hundreds of thousands of incidents: in a web worker forked from the
    index's parent, reading an incident writes its reference count and copies its page,
    and a filtered map at ten million statements took 7 s in each worker. Made once per
    index version (`IncidentIndex`), in the parent by its warm-up."""

    ids: Sequence[str]
    points: Runs  # the points each incident is drawn at (`PointEntry`)
    point_key: IntArray  # per point entry: the code of its key (entries drawn as one)
    point_order: IntArray  # per point entry: its place in the entries' sorted order
    legs: Runs  # its route's legs
    trade: Codes
    evidence: Codes
    # Each position's place among the incidents ordered by id (ties of the strongest
    # level), and the positions in that order.
    id_rank: IntArray
    by_rank: IntArray


def map_columns(listed: Sequence[Incident]) -> MapColumns:
    """The map's columns of `listed`."""
    ids = [inc.id for inc in listed]
    points = Runs.of(map(_point_entries, listed))
    keys = Table()
    point_key = np.array([keys.code(e[0]) for e in points.table], dtype=np.int64)
    point_order = np.empty(len(points.table), dtype=np.int64)
    point_order[sorted(range(len(points.table)), key=lambda k: _entry_order(points.table[k]))] = \
        np.arange(len(points.table))
    by_rank = np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
    id_rank = np.empty(len(ids), dtype=np.int64)
    id_rank[by_rank] = np.arange(len(ids))
    return MapColumns(ids, points, point_key, point_order, Runs.of(map(route_legs, listed)),
                      Codes.of(inc.trade or "unknown" for inc in listed),
                      Codes.of(inc.evidence for inc in listed), id_rank, by_rank)


def _entry_order(e: PointEntry) -> tuple[Any, ...]:
    key, lat, lon, precision, label, country = e
    return (label or "", country or "", lat, lon, key)  # a place may lack a country


def _map_from_columns(positions: Positions, c: MapColumns) -> dict[str, Any]:
    """`map_data` of the incidents at `positions`, counted from `c`.

    A point counts each incident drawn at it, its trades and its strongest level, and
    names its strongest incident; a leg counts its incidents and names the strongest, as
    `route_flows` does (the strongest: the highest level on the ladder, ties by the
    greatest id). Points come most drawn first, flows most travelled first."""
    at = as_array(positions)
    n = len(c.ids)
    levels = c.evidence.table
    # Per selected incident: its strength (level, then id), and its level as `_strength`.
    rank = np.array([evidence_rank(lv) + 1 for lv in levels], dtype=np.int64)
    level = np.array([_strength(lv) for lv in levels], dtype=np.int64)
    lv_codes = c.evidence.codes[at]
    strength = rank[lv_codes] * n + c.id_rank[at]
    held = level[lv_codes]
    trades = c.trade.codes[at]

    entries, owner = c.points.entries(at)
    codes = c.points.codes[entries]
    group = c.point_key[codes]
    size = len(c.point_order) and int(c.point_key.max()) + 1
    count, best, strongest_held = _per_group(group, owner, strength, held, size)
    shown = np.full(size, len(c.point_order), dtype=np.int64)  # the entry drawn: first in order
    np.minimum.at(shown, group, c.point_order[codes])
    by_trade = np.bincount(group * len(c.trade.table) + trades[owner],
                           minlength=size * len(c.trade.table)).reshape(size, len(c.trade.table))
    entry_at = np.empty(len(c.point_order), dtype=np.int64)
    entry_at[c.point_order] = np.arange(len(c.point_order))
    points = []
    for g in np.flatnonzero(count).tolist():
        _, lat, lon, precision, label, country = c.points.table[entry_at[shown[g]]]
        made = {"lat": lat, "lon": lon, "precision": precision, "label": label,
                "country": country, "incident": c.ids[c.by_rank[best[g] % n]],
                "incidents": int(count[g]), "evidence": _level(int(strongest_held[g]))}
        row = by_trade[g]
        made["trades"] = dict(sorted(((c.trade.table[t], int(row[t])) for t in np.flatnonzero(row)),
                                     key=lambda kv: (-kv[1], kv[0])))
        points.append(made)
    points.sort(key=lambda p: (-p["incidents"], p["label"] or "", p["country"] or "", p["lat"],
                               p["lon"]))

    entries, owner = c.legs.entries(at)
    group = c.legs.codes[entries].astype(np.int64)
    count, best, strongest_held = _per_group(group, owner, strength, held, len(c.legs.table))
    drawn = []
    for g in np.flatnonzero(count).tolist():
        made = _flow(c.legs.table[g], int(count[g]), _level(int(strongest_held[g])),
                     c.ids[c.by_rank[best[g] % n]])
        if "from_lat" in made:
            drawn.append(made)
    drawn.sort(key=_flow_order)
    return {"points": points, "flows": drawn}


def _per_group(group: IntArray, owner: IntArray, strength: IntArray, held: IntArray,
               size: int) -> tuple[IntArray, IntArray, IntArray]:
    """Per group (a point or a leg) of the entries: how many, the strongest incident's
    strength, the strongest level held."""
    count = np.bincount(group, minlength=size)
    best = np.full(size, -1, dtype=np.int64)
    np.maximum.at(best, group, strength[owner])
    strongest_held = np.zeros(size, dtype=np.int64)
    np.maximum.at(strongest_held, group, held[owner])
    return count, best, strongest_held


def _strength(level: str | None) -> int:
    """A level as `strongest` weighs it: off the ladder or none 0, a denial 1, a level on
    the ladder its rank + 2."""
    rank = evidence_rank(level)
    return rank + 2 if rank >= 0 else 1 if level == "denial" else 0


def _level(strength: int) -> str | None:
    return None if strength == 0 else "denial" if strength == 1 else ladder()[strength - 2]


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
