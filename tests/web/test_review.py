"""Review through the API and forms: decisions persist, show in derived views, survive
re-extraction, are audited; viewers and requests without a CSRF token are refused."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from ratline import pipeline
from ratline.store import Store, resolution
from ratline.web import audit


def incident_with(store: Store, prop: str, skip: set[str] = frozenset()) -> dict:  # type: ignore[assignment]
    rows = [r for r in store.statements(prop=prop, status="machine")
            if r["subject"].startswith("incident:") and r["start"] is not None and r["id"] not in skip]
    return dict(rows[0])


def test_accept_edit_reject_show_and_survive_reextraction(
        analyst: TestClient, admin: TestClient, web_store: Store) -> None:
    place = incident_with(web_store, "place")
    year = incident_with(web_store, "year")
    country = incident_with(web_store, "country")
    r = analyst.post(f"/api/statements/{place['id']}/review", json={"status": "accept"})
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    r = analyst.post(f"/api/statements/{year['id']}/review", json={"status": "edited", "value": "1999"})
    assert r.json()["value"] == "1999" and r.json()["original_value"] == year["value"]
    r = analyst.post(f"/api/statements/{country['id']}/review", json={"status": "rejected"})
    assert r.json()["status"] == "rejected"

    def check() -> None:
        inc = analyst.get(f"/api/incidents/{year['subject']}").json()
        assert inc["year"] == 1999
        assert any(f["statement"] == year["id"] and f["original_value"] for f in inc["facts"])
        rejected = analyst.get(f"/api/incidents/{country['subject']}").json()
        assert country["id"] not in {f["statement"] for f in rejected["facts"]}
        accepted = analyst.get(f"/api/incidents/{place['subject']}").json()
        assert any(f["statement"] == place["id"] and f["status"] == "accepted" and f["reviewer"] == "analyst"
                   for f in accepted["facts"])

    check()
    # The root conftest gives every test the pseudonym key the seed used.
    pipeline.extract_stored(web_store, everything=True)
    check()
    statuses = {r["id"]: r["status"] for r in web_store.statements()}
    assert statuses[place["id"]] == "accepted" and statuses[year["id"]] == "edited"
    assert statuses[country["id"]] == "rejected"

    total, rows = audit.entries(web_store, action="review")
    mine = [r for r in rows if r["target"] == f"statement:{year['id']}"]
    assert mine and mine[0]["user_name"] == "analyst"
    assert json.loads(mine[0]["before"])["value"] == year["value"]
    assert json.loads(mine[0]["after"])["value"] == "1999"
    page = admin.get("/admin/audit")
    assert page.status_code == 200 and f"statement:{year['id']}" in page.text


def test_review_form_with_csrf_field(analyst: TestClient, web_store: Store) -> None:
    st = incident_with(web_store, "victim_kind")
    queue = analyst.get("/review", params={"prop": "victim_kind"})
    token = re.search(r'name="csrf" value="([^"]+)"', queue.text).group(1)  # type: ignore[union-attr]
    r = analyst.post(f"/review/{st['id']}", data={"csrf": token, "status": "accepted",
                                                  "next": "/review?prop=victim_kind"},
                     follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/review?prop=victim_kind"
    assert web_store.statements(prop="victim_kind", status="accepted")
    # An open redirect is not followed.
    st2 = incident_with(web_store, "victim_kind")
    r = analyst.post(f"/review/{st2['id']}", data={"csrf": token, "status": "rejected",
                                                   "next": "//evil.example/"}, follow_redirects=False)
    assert r.headers["location"] == "/review"


def test_requests_without_csrf_token_are_refused(analyst: TestClient, web_store: Store) -> None:
    st = incident_with(web_store, "activity")
    headers = {k: v for k, v in analyst.headers.items() if k.lower() != "x-csrf-token"}
    bare = TestClient(analyst.app, base_url="http://127.0.0.1", cookies=dict(analyst.cookies))
    r = bare.post(f"/api/statements/{st['id']}/review", json={"status": "accepted"}, headers=headers)
    assert r.status_code == 403 and "CSRF" in r.json()["message"]
    r = bare.post(f"/api/statements/{st['id']}/review", json={"status": "accepted"},
                  headers={"X-CSRF-Token": "forged"})
    assert r.status_code == 403
    r = bare.post(f"/review/{st['id']}", data={"status": "accepted"}, follow_redirects=False)
    assert r.status_code == 403
    r = bare.post("/logout", data={}, follow_redirects=False)
    assert r.status_code == 403
    assert web_store.statements(prop="activity", status="accepted") == [] or \
        st["id"] not in {x["id"] for x in web_store.statements(prop="activity", status="accepted")}


def test_viewer_cannot_change_anything(viewer: TestClient, web_store: Store) -> None:
    st = incident_with(web_store, "money")
    r = viewer.post(f"/api/statements/{st['id']}/review", json={"status": "rejected"})
    assert r.status_code == 403 and "role" in r.json()["message"]
    queue = viewer.get("/review")
    assert queue.status_code == 200 and 'action="/review/' not in queue.text
    token = viewer.headers["X-CSRF-Token"]
    r = viewer.post(f"/review/{st['id']}", data={"csrf": token, "status": "rejected"})
    assert r.status_code == 403
    assert viewer.get("/admin/audit").status_code == 403
    assert {x["status"] for x in web_store.statements(prop="money") if x["id"] == st["id"]} == {"machine"}


def test_analyst_cannot_read_audit_log(analyst: TestClient) -> None:
    assert analyst.get("/admin/audit").status_code == 403


def test_an_edit_outside_the_vocabulary_is_refused_by_api_and_form(
        analyst: TestClient, web_store: Store) -> None:
    evidence = incident_with(web_store, "evidence")
    r = analyst.post(f"/api/statements/{evidence['id']}/review",
                     json={"status": "edited", "value": "proven beyond doubt"})
    assert r.status_code == 400 and r.json()["error"] == "bad_value"
    assert "allowed: rumor, speculation, allegation" in r.json()["message"]
    actor = incident_with(web_store, "actor")
    wrong_role = json.dumps({**json.loads(actor["value"]), "role": "kingpin"})
    r = analyst.post(f"/api/statements/{actor['id']}/review",
                     json={"status": "edited", "value": wrong_role})
    assert r.status_code == 400 and "unknown role 'kingpin'" in r.json()["message"]
    assert "broker" in r.json()["message"]
    activity = incident_with(web_store, "activity")
    queue = analyst.get("/review", params={"prop": "activity"})
    token = re.search(r'name="csrf" value="([^"]+)"', queue.text).group(1)  # type: ignore[union-attr]
    r = analyst.post(f"/review/{activity['id']}", data={"csrf": token, "status": "edited",
                                                        "value": "smuggling"}, follow_redirects=False)
    assert r.status_code == 400 and "recruitment" in r.text
    rows = {x["id"]: x for x in web_store.statements()}
    for st in (evidence, actor, activity):
        assert rows[st["id"]]["status"] == "machine" and rows[st["id"]]["value"] == st["value"]
    # A vocabulary value is stored.
    r = analyst.post(f"/api/statements/{actor['id']}/review",
                     json={"status": "edited", "value": json.dumps(
                         {**json.loads(actor["value"]), "role": "recruiter"})})
    assert r.status_code == 200 and json.loads(r.json()["value"])["role"] == "recruiter"


def test_queue_offers_the_least_certain_first_and_filters(analyst: TestClient, web_store: Store) -> None:
    everything = analyst.get("/api/review", params={"limit": 500}).json()
    rows = everything["statements"]
    assert everything["total"] == len(rows) > 20
    confidences = [r["confidence"] for r in rows]
    assert confidences == sorted(confidences) and confidences[0] < confidences[-1]
    trade_of = {r["subject"]: r["value"] for r in web_store.statements(prop="trade")
                if r["status"] != "rejected"}
    for trade in ("organ", "human"):
        got = analyst.get("/api/review", params={"trade": trade, "limit": 500}).json()
        assert got["statements"] and {trade_of[r["subject"]] for r in got["statements"]} == {trade}
        assert got["total"] == sum(1 for r in rows if trade_of.get(r["subject"]) == trade)
    actors = analyst.get("/api/review", params={"prop": "actor", "trade": "organ"}).json()
    assert actors["statements"] and {r["prop"] for r in actors["statements"]} == {"actor"}
    subject = rows[0]["subject"]
    one = analyst.get("/api/review", params={"incident": subject, "limit": 500}).json()
    # A document's incident stands for the resolved incident it belongs to: the queue holds
    # the statements of every report resolved into it.
    cluster = resolution.memberships(web_store, "incident")
    same_case = {s for s, c in cluster.items() if c == cluster.get(subject)} | {subject}
    assert subject in {r["subject"] for r in one["statements"]}
    assert {r["subject"] for r in one["statements"]} <= same_case
    assert one["total"] == sum(1 for r in rows if r["subject"] in same_case)
    # The page shows the same queue in the same order.
    page = analyst.get("/review", params={"incident": subject})
    assert page.status_code == 200
    assert re.findall(r'data-statement="([^"]+)"', page.text) == [r["statement"] for r in one["statements"]][:25]
    assert f'value="{subject}"' in page.text
    page = analyst.get("/review", params={"trade": "organ", "prop": "actor"})
    assert re.findall(r'data-statement="([^"]+)"', page.text) == [r["statement"] for r in actors["statements"]][:25]
    # Unknown filter values are refused, naming what is allowed.
    bad = analyst.get("/api/review", params={"trade": "spices"})
    assert bad.status_code == 400 and "organ, human, weapons" in bad.json()["message"]
    assert analyst.get("/api/review", params={"prop": "colour"}).status_code == 400
    assert analyst.get("/api/review", params={"incident": "incident:nope:1"}).status_code == 404
    assert analyst.get("/review", params={"trade": "spices"}).status_code == 400
