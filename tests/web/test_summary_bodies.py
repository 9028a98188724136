"""The JSON list writes each incident's summary once per index version, by list position
(`queries.summary_body`): the same JSON as the summary itself, and never a stale one."""

from __future__ import annotations

import json

from ratline.analyze.incidents import Incident, IncidentIndex
from ratline.web import queries


def _index() -> IncidentIndex:
    incidents = {f"incident:{n}": Incident(f"incident:{n}", [], trade="organ", year=2000 + n,
                                           evidence="arrest", countries=["NP"],
                                           documents=[f"doc{n}"])
                 for n in range(5)}
    return IncidentIndex(incidents, {f"doc{n}": f"Report {n}" for n in range(5)})


def test_a_body_is_the_summary_as_json_and_made_once() -> None:
    index = _index()
    first = queries.summary_body(index, 0)
    assert json.loads(first) == json.loads(json.dumps(
        queries.incident_summary(index.at(0), index), default=str))
    assert json.loads(first)["id"] == "incident:4"  # the list is newest year first
    assert queries.summary_body(index, 0) is first
    assert index.summary_bodies[1] is None  # only what was asked for


def test_a_change_to_the_index_drops_every_body() -> None:
    index = _index()
    for at in range(5):
        queries.summary_body(index, at)
    changed = Incident("incident:4", [], trade="weapons", year=2004, evidence="charge",
                       documents=["doc4"])
    index.replace("incident:4", changed)
    assert index.summary_bodies == [None] * 5
    body = json.loads(queries.summary_body(index, 0))
    assert body["trade"] == "weapons" and body["evidence"] == "charge"
