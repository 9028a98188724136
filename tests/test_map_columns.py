"""The map of a selection read from its index's map columns: the same points in the same
order and the same flows as the map of the same incidents as a plain list (columns made
for them alone), flows as `route_flows` counts them, and no incident read to make it."""

from __future__ import annotations

import random

from ratline.analyze.incidents import (
    Filters,
    Incident,
    IncidentIndex,
    evidence_rank,
    ladder,
    strongest,
)
from ratline.analyze.routes import _point_entries, map_data, route_flows

PLACES = ["Kathmandu", "Chennai", "Cairo", "Chisinau", "Istanbul", "Nowhereville Flats", "Lahore"]
COUNTRIES = ["NP", "IN", "EG", "MD", "TR", "PK", "XX"]
ROLES = ["origin", "transit", "destination", "unknown"]


def _index(seed: int, n: int = 300) -> IncidentIndex:
    rng = random.Random(seed)
    incidents = {}
    for i in range(n):
        inc = Incident(f"incident:{rng.randrange(10**6):06d}:{i}", [],
                       trade=rng.choice(["organ", "human", "weapons", None]),
                       year=rng.choice([None, *range(2005, 2025)]),
                       evidence=rng.choice([*ladder(), "denial", None]),
                       places=rng.sample(PLACES, rng.randrange(3)),
                       countries=rng.sample(COUNTRIES, rng.randrange(4)),
                       route=[(rng.choice(COUNTRIES), rng.choice(ROLES))
                              for _ in range(rng.randrange(4))],
                       documents=[f"doc{i % 40}"])
        incidents[inc.id] = inc
    return IncidentIndex(incidents, {})


def _filters(rng: random.Random) -> Filters:
    f = Filters()
    if rng.random() < 0.5:
        f.trade = rng.choice(["organ", "human", "weapons"])
    if rng.random() < 0.3:
        f.country = ",".join(rng.sample(COUNTRIES, 2))
    if rng.random() < 0.3:
        f.min_evidence = rng.choice(ladder())
    if rng.random() < 0.2:
        f.year_from = rng.randrange(2005, 2025)
    return f


def test_a_selections_map_is_the_map_of_its_incidents() -> None:
    rng = random.Random(3)
    for seed in range(4):
        index = _index(seed)
        for _ in range(25):
            found = index.select(_filters(rng))
            want = map_data(list(found))
            got = map_data(found)
            assert got == want
            # Same order too: the points most drawn first, the flows most travelled first.
            assert [p["incident"] for p in got["points"]] == [p["incident"] for p in want["points"]]
            assert [(f["from"], f["to"]) for f in got["flows"]] == \
                [(f["from"], f["to"]) for f in want["flows"]]
            # Legs counted incident by incident: the same flows, counts and strongest.
            assert got["flows"] == [f for f in route_flows(list(found), ids=False) if "from_lat" in f]
            # Every incident with a country or a resolving place is drawn somewhere.
            drawn = {p["incident"] for p in got["points"]}
            assert drawn <= {i.id for i in found if i.countries or i.places}
    assert any(p["precision"] == "place" for p in map_data(index.select(Filters()))["points"])


class _Untouchable:
    """Stands in for an incident's places, countries and route: any read fails."""

    def __iter__(self) -> None:
        raise AssertionError("an incident was read")

    def __getitem__(self, at: object) -> None:
        raise AssertionError("an incident was read")

    def __len__(self) -> int:
        raise AssertionError("an incident was read")


def test_a_map_of_a_selection_reads_no_incident() -> None:
    # In a web worker forked from the index's parent, reading an incident writes its
    # reference count and copies its page; the columns are made once (by the parent's
    # warm-up), then a map of any selection reads ints.
    index = _index(9)
    map_data(index.select(Filters()))
    for inc in index.incidents.values():
        inc.places = inc.countries = inc.route = _Untouchable()  # type: ignore[assignment]
        inc.legs = None
    maps = [map_data(index.select(Filters(trade="organ"))),
            map_data(index.select(Filters(min_evidence="report"))),
            map_data(index.select(Filters()))]
    assert maps[0]["points"] and maps[0]["flows"]
    assert sum(p["incidents"] for p in maps[1]["points"]) < sum(p["incidents"] for p in maps[2]["points"])


def test_a_change_makes_the_columns_again() -> None:
    index = _index(5, 60)
    first = next(iter(index.incidents.values()))
    old = index.select(Filters())
    before = map_data(old)
    index.replace(first.id, Incident(first.id, [], trade="organ", countries=["EG"],
                                     route=[("EG", "origin"), ("TR", "destination")],
                                     documents=first.documents))
    assert map_data(old) == before  # a selection keeps the index that made it
    now = map_data(index.select(Filters()))
    assert now == map_data(list(index.select(Filters())))
    assert any(f["from"] == "EG" and f["to"] == "TR" for f in now["flows"])


def _points_one_by_one(incidents: list[Incident]) -> dict[tuple[float, float, str], dict[str, object]]:
    """Each point counted incident by incident, the plain way: by its key, how many
    incidents are drawn there, their trades and strongest level, and the strongest of
    them (the highest level, ties by the greatest id)."""
    points: dict[tuple[float, float, str], dict[str, object]] = {}
    held: dict[tuple[float, float, str], list[Incident]] = {}
    for inc in incidents:
        for key, *_ in _point_entries(inc):
            held.setdefault(key, []).append(inc)
    for key, incs in held.items():
        trades: dict[str, int] = {}
        for inc in incs:
            trades[inc.trade or "unknown"] = trades.get(inc.trade or "unknown", 0) + 1
        points[key] = {"incidents": len(incs), "trades": trades,
                       "evidence": strongest(i.evidence for i in incs),
                       "incident": max(incs, key=lambda i: (evidence_rank(i.evidence), i.id)).id}
    return points


def test_points_count_what_each_incident_is_drawn_at() -> None:
    rng = random.Random(8)
    for seed in range(3):
        index = _index(seed, 400)
        for _ in range(20):
            found = index.select(_filters(rng))
            got = map_data(found)["points"]
            want = _points_one_by_one(list(found))
            assert len(got) == len(want)
            for p in got:
                key = (round(p["lat"], 3), round(p["lon"], 3), p["precision"])
                w = want[key]
                assert (p["incidents"], p["trades"], p["evidence"], p["incident"]) == \
                    (w["incidents"], w["trades"], w["evidence"], w["incident"])
                # Trades most common first, ties by name.
                assert list(p["trades"].items()) == sorted(p["trades"].items(),
                                                           key=lambda kv: (-kv[1], kv[0]))
            # Most drawn first: the largest markers under the smaller ones.
            counts = [p["incidents"] for p in got]
            assert counts == sorted(counts, reverse=True)
