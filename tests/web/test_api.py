"""The JSON API: every endpoint, its filters and paging, and clear 4xx errors for bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ratline.store import Store


def first_incident(client: TestClient) -> dict:
    return client.get("/api/incidents", params={"limit": 1}).json()["incidents"][0]


def test_everything_needs_login(app) -> None:
    anon = TestClient(app, base_url="http://127.0.0.1")
    r = anon.get("/api/incidents")
    assert r.status_code == 401 and r.json()["message"]
    page = anon.get("/incidents", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert anon.get("/openapi.json").status_code == 200
    assert anon.get("/docs").status_code == 404  # its page would load a CDN


def test_openapi_describes_every_endpoint(viewer: TestClient) -> None:
    paths = viewer.get("/openapi.json").json()["paths"]
    for path in ("/api/incidents", "/api/incidents/{incident_id}", "/api/actors",
                 "/api/actors/{actor_id}", "/api/documents", "/api/documents/{document_id}",
                 "/api/statements/{statement_id}/review", "/api/map", "/api/network",
                 "/api/timeline", "/api/stats"):
        assert path in paths


def test_incidents_filters_paging_and_facets(viewer: TestClient) -> None:
    body = viewer.get("/api/incidents", params={"limit": 5, "facets": True}).json()
    assert body["total"] >= 10 and len(body["incidents"]) == 5
    assert {"trade", "organ", "country", "evidence", "year", "conflict"} <= set(body["facets"])
    page2 = viewer.get("/api/incidents", params={"limit": 5, "offset": 5}).json()
    assert {i["id"] for i in page2["incidents"]}.isdisjoint(i["id"] for i in body["incidents"])
    organ = viewer.get("/api/incidents", params={"trade": "organ", "limit": 500}).json()
    assert organ["total"] and all(i["trade"] == "organ" for i in organ["incidents"])
    strong = viewer.get("/api/incidents", params={"min_evidence": "charge", "limit": 500}).json()
    assert all(i["evidence"] in ("charge", "conviction") for i in strong["incidents"])
    nepal = viewer.get("/api/incidents", params={"country": "np"}).json()
    assert nepal["total"] and all("NP" in i["countries"] or any(r["country"] == "NP" for r in i["route"])
                                  for i in nepal["incidents"])
    found = viewer.get("/api/incidents", params={"q": "Kathmandu"}).json()
    assert found["total"] >= 1
    none = viewer.get("/api/incidents", params={"year_from": 2100}).json()
    assert none["total"] == 0 and none["incidents"] == []


def test_incident_detail_has_sentences_sources_and_actors(viewer: TestClient) -> None:
    inc = first_incident(viewer)
    body = viewer.get(f"/api/incidents/{inc['id']}").json()
    spanned = [f for f in body["facts"] if f["sentence"]]
    assert spanned and all(f["sentence"]["match"] for f in spanned)
    assert body["sources"] and "map" in body and "actors" in body


def test_actors_documents_map_network_timeline_stats(viewer: TestClient) -> None:
    actors = viewer.get("/api/actors").json()
    assert actors["total"] > 0
    one = viewer.get(f"/api/actors/{actors['actors'][0]['id']}").json()
    assert one["incidents"]
    assert len(viewer.get("/api/actors", params={"q": one["name"][:4]}).json()["actors"]) >= 1
    docs = viewer.get("/api/documents", params={"limit": 3}).json()["documents"]
    assert len(docs) == 3
    doc = viewer.get(f"/api/documents/{docs[0]['id'][:12]}").json()
    assert doc["id"] == docs[0]["id"] and "text" in doc and "statements" in doc
    m = viewer.get("/api/map").json()
    assert m["points"] and m["flows"]
    assert {"lat", "lon", "precision", "incident"} <= set(m["points"][0])
    # The map's flows carry counts; the routes list every incident of a leg.
    assert all("incident_ids" not in f and f["incidents"] >= 1 for f in m["flows"])
    legs = {(f["from"], f["to"]): f for f in viewer.get("/api/routes").json()["flows"]}
    for f in m["flows"]:
        leg = legs[(f["from"], f["to"])]
        assert len(leg["incident_ids"]) == f["incidents"] == leg["incidents"]
        assert f["strongest_incident"] in leg["incident_ids"]
    n = viewer.get("/api/network", params={"min_evidence": "report"}).json()
    assert n["nodes"] and n["edges"]
    assert max(x["centrality"] for x in n["nodes"]) > 0
    t = viewer.get("/api/timeline").json()
    assert t["years"] and all("by_trade" in y for y in t["years"])
    s = viewer.get("/api/stats").json()
    assert s["counts"]["incidents"] > 0 and s["by_trade"]


@pytest.mark.parametrize("url", [
    "/api/incidents?limit=0", "/api/incidents?limit=abc", "/api/incidents?limit=501",
    "/api/incidents?offset=-1", "/api/incidents?trade=spices", "/api/incidents?evidence=gossip",
    "/api/incidents?min_evidence=1", "/api/incidents?country=XYZ", "/api/incidents?country=1",
    "/api/incidents?year=abc", "/api/incidents?year=99999", "/api/incidents?year_from=2020&year_to=2010",
    "/api/incidents?conflict=maybe", "/api/incidents?organ=%3Cscript%3E", "/api/incidents?q=" + "x" * 201,
    "/api/actors?limit=0", "/api/documents?status=bogus", "/api/documents?offset=x",
    "/api/network?max_nodes=1", "/api/map?year=soon", "/api/timeline?trade=nope",
    "/api/documents/ab",
])
def test_bad_parameters_are_400_with_a_message(viewer: TestClient, url: str) -> None:
    r = viewer.get(url)
    assert r.status_code == 400, r.text
    assert r.json()["message"]


@pytest.mark.parametrize("url", ["/api/incidents/incident:nope:1", "/api/actors/actor:nope",
                                 "/api/documents/ffffffffffffff", "/api/nothing"])
def test_unknown_ids_are_404(viewer: TestClient, url: str) -> None:
    r = viewer.get(url)
    assert r.status_code == 404 and r.json()["message"]


def test_bad_review_requests_are_4xx(analyst: TestClient, web_store: Store) -> None:
    sid = web_store.statements(prop="place")[0]["id"]
    url = f"/api/statements/{sid}/review"
    cases = [({"status": "maybe"}, 400), ({}, 400), ({"status": "edited"}, 400),
             ({"status": "edited", "value": "   "}, 400), ({"status": "edited", "value": "x" * 2001}, 400)]
    for body, status in cases:
        r = analyst.post(url, json=body)
        assert r.status_code == status and r.json()["message"], (body, r.text)
    assert analyst.post(url, content=b"not json", headers={"Content-Type": "application/json"}).status_code == 400
    assert analyst.post("/api/statements/nope/review", json={"status": "accepted"}).status_code == 404
    actor = web_store.statements(prop="actor")[0]["id"]
    r = analyst.post(f"/api/statements/{actor}/review", json={"status": "edited", "value": "plain"})
    assert r.status_code == 400 and "JSON" in r.json()["message"]


def test_security_headers(viewer: TestClient) -> None:
    for url in ("/", "/api/stats", "/static/app.css"):
        h = viewer.get(url).headers
        assert "default-src 'self'" in h["content-security-policy"]
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert "unsafe-inline" not in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "no-referrer"


def test_pages_credit_geonames(viewer: TestClient) -> None:
    page = viewer.get("/map")
    assert page.status_code == 200
    assert "GeoNames" in page.text and "CC BY 4.0" in page.text


def test_victims_names_never_appear_in_shown_text(viewer: TestClient, web_store: Store) -> None:
    import json as _json

    victims = []
    for d in web_store.documents():
        row = web_store.document(d["id"])
        for s in web_store.statements(document_id=d["id"]):
            if s["prop"] == "actor" and "Victim-" in s["value"] and s["start"] is not None:
                name = row["text"][s["start"]:s["end"]]
                if name and not name.startswith("Victim-"):
                    victims.append((d["id"], name, _json.loads(s["value"])["name"]))
    assert victims, "the examples name at least one victim"
    for doc_id, name, alias in victims:
        assert name in web_store.document(doc_id)["text"]  # the store keeps the source text
        shown = viewer.get(f"/api/documents/{doc_id}").json()["text"]
        assert name not in shown and "█" in shown
        page = viewer.get(f"/documents/{doc_id}").text
        assert name not in page and alias in page
