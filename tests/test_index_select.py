"""The incident index's filtered lists: narrowed through its postings, they keep exactly
the incidents `Filters.match` keeps, in list order, for any mix of filters."""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime

from ratline.analyze.incidents import Filters, Incident, IncidentIndex, ladder

TRADES = ["organ", "human", "weapons", None]
COUNTRIES = ["NP", "IN", "EG", "MD", "TR"]
ROLES = ["origin", "transit", "destination", "unknown"]
LEVELS = [*ladder(), "denial", None]


def _index(rng: random.Random, n: int = 400) -> IncidentIndex:
    incidents = {}
    kinds, ingested = {}, {}
    for i in range(n):
        doc = f"doc{i % 60}"
        kinds[doc] = rng.choice(["case_report", "country_profile"])
        ingested[doc] = datetime(2026, 1 + i % 12, 1, tzinfo=UTC)
        inc = Incident(f"incident:{i:04d}", [], trade=rng.choice(TRADES),
                       year=rng.choice([None, *range(2005, 2025)]), evidence=rng.choice(LEVELS),
                       organs=rng.sample(["kidney", "liver", "cornea"], rng.randrange(3)),
                       countries=rng.sample(COUNTRIES, rng.randrange(3)),
                       route=[(rng.choice(COUNTRIES), rng.choice(ROLES))
                              for _ in range(rng.randrange(3))],
                       documents=[doc], conflicts=["year"] if rng.random() < 0.2 else [])
        incidents[inc.id] = inc
    return IncidentIndex(incidents, {}, kinds=kinds, ingested=ingested)


def _filters(rng: random.Random) -> Filters:
    f = Filters()
    pick = rng.random
    if pick() < 0.3:
        f.trade = rng.choice(["organ", "human", "weapons"])
    if pick() < 0.2:
        f.organ = rng.choice(["kidney", "liver", "heart"])
    for name in ("country", "origin", "transit", "destination"):
        if pick() < 0.2:
            setattr(f, name, ",".join(rng.sample(COUNTRIES, rng.randrange(1, 3))))
    if pick() < 0.2:
        f.evidence = rng.choice([*ladder(), "denial"])
    if pick() < 0.3:
        f.min_evidence = rng.choice([*ladder(), "denial"])
    if pick() < 0.15:
        f.year = rng.randrange(2005, 2025)
    if pick() < 0.25:
        f.year_from = rng.randrange(2005, 2025)
    if pick() < 0.25:
        f.year_to = rng.randrange(2005, 2025)
    if pick() < 0.15:
        f.kind = rng.choice(["case_report", "country_profile", "policy"])
    if pick() < 0.15:
        f.conflict = rng.random() < 0.5
    if pick() < 0.15:
        f.since = datetime(2026, rng.randrange(1, 13), 1, tzinfo=UTC)
    if pick() < 0.2:
        f.documents = {f"doc{rng.randrange(80)}" for _ in range(rng.randrange(0, 6))}
    return f


def test_filtered_lists_are_what_match_keeps_in_list_order() -> None:
    rng = random.Random(11)
    index = _index(rng)
    every = [index.incidents[k] for k in index._order]
    narrowed = 0
    for _ in range(600):
        f = _filters(rng)
        expected = [inc for inc in every if f.match(inc)]
        assert [i.id for i in index.select(f)] == [i.id for i in expected], f.described()
        narrowed += index._candidates(f) is not None
    assert narrowed > 400  # most mixes went through the postings
    assert index.select(Filters()) == every


def test_a_replaced_incident_moves_between_filtered_lists() -> None:
    index = _index(random.Random(3), n=50)
    inc = index.incidents["incident:0007"]
    inc.trade, inc.countries, inc.route = "organ", ["NP"], []
    index.replace(inc.id, inc)
    assert inc in index.select(Filters(trade="organ", country="NP"))
    changed = Incident(inc.id, [], trade="weapons", countries=["TR"], documents=inc.documents)
    index.replace(inc.id, changed)
    assert inc.id not in {i.id for i in index.select(Filters(trade="organ"))}
    assert changed in index.select(Filters(trade="weapons", country="TR"))


def _facets_one_by_one(incidents: list[Incident]) -> dict[str, list[tuple[str, int]]]:
    """Facets counted incident by incident, the plain way."""
    from collections import Counter

    c: dict[str, Counter[str]] = {k: Counter() for k in ("trade", "organ", "country",
                                                           "evidence", "year")}
    for inc in incidents:
        c["trade"][inc.trade or "unknown"] += 1
        c["evidence"][inc.evidence or "unknown"] += 1
        c["year"][str(inc.year) if inc.year else "unknown"] += 1
        c["organ"].update(inc.organs)
        c["country"].update(inc.countries)
    steps = [*ladder(), "denial", "unknown"]
    return {"trade": sorted(c["trade"].items()), "organ": sorted(c["organ"].items()),
            "country": sorted(c["country"].items()),
            "evidence": sorted(c["evidence"].items(), key=lambda kv: steps.index(kv[0])),
            "year": sorted(c["year"].items(), reverse=True),
            "conflict": [("yes", sum(1 for i in incidents if i.conflicts)),
                         ("no", sum(1 for i in incidents if not i.conflicts))]}


def test_facets_count_what_each_incident_holds() -> None:
    rng = random.Random(11)
    index = _index(rng)
    for _ in range(100):
        found = index.select(_filters(rng))
        got = index.facets(found)
        want = _facets_one_by_one(found)
        for name in ("trade", "organ", "country"):
            assert sorted(got[name]) == want[name], name
            # Most common first, ties by value: the same order whatever made the counts.
            assert got[name] == sorted(got[name], key=lambda kv: (-kv[1], kv[0])), name
        for name in ("evidence", "year", "conflict"):
            assert got[name] == want[name], name
        # A plain list of incidents is counted one by one, to the same figures.
        assert index.facets(list(found)) == got


def test_a_selection_keeps_the_facets_of_the_index_that_made_it() -> None:
    # A request may select from one index and count facets on the next (a rebuild in
    # between): the counts follow the selection, never another index's positions.
    rng = random.Random(5)
    index = _index(rng, 50)
    found = index.select(Filters())
    before = index.facets(found)
    first = next(iter(index.incidents.values()))
    index.replace(first.id, Incident(first.id, [], trade="weapons", documents=first.documents))
    index.replace("incident:9999", Incident("incident:9999", [], trade="organ", year=2030))
    assert index.facets(found) == before
    after = index.facets(index.select(Filters()))
    assert dict(after["year"])["2030"] == 1 and "2030" not in dict(before["year"])


def test_a_selection_reads_an_incident_only_when_asked_for_it() -> None:
    # A web worker shares the index with its parent page by page: writing an incident's
    # reference count copies its page. Selecting, counting, measuring and slicing a page
    # must touch no incident but those of the page.
    rng = random.Random(11)
    index = _index(rng, 300)
    every = list(index._listed)
    before = [sys.getrefcount(inc) for inc in every]
    kept = [index.select(Filters()), index.select(Filters(trade="organ")),
            index.select(Filters(country="NP,IN", min_evidence="report"))]
    for found in kept:
        index.facets(found)
        assert len(found) > 0
    assert [sys.getrefcount(inc) for inc in every] == before
    page = kept[0][10:20]
    touched = {id(inc) for inc in page}
    after = [sys.getrefcount(inc) for inc in every]
    assert [i for i, inc in enumerate(every) if after[i] != before[i]] == [
        i for i, inc in enumerate(every) if id(inc) in touched]


def test_a_selection_is_read_as_the_list_it_stands_for() -> None:
    rng = random.Random(12)
    index = _index(rng, 200)
    for _ in range(50):
        f = _filters(rng)
        found = index.select(f)
        listed = [inc for inc in index._listed if f.match(inc)]
        assert found == listed and list(found) == listed and len(found) == len(listed)
        assert found[3:17] == listed[3:17] and found[::-1] == listed[::-1]
        if listed:
            assert found[0] is listed[0] and found[-1] is listed[-1]
        assert found != listed + [next(iter(index.incidents.values()))]
