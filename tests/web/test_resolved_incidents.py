"""The web shows resolved incidents: one incident for a case reported by several
documents, with every source and each source's own evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ratline import pipeline
from ratline.store import Store
from ratline.web.app import create_app
from ratline.web.users import add_user

SAME_CASE = Path(__file__).resolve().parents[1] / "fixtures" / "same_case"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    report = pipeline.ingest(store, [str(SAME_CASE)])
    pipeline.extract_stored(store, run_id=report.run_id)
    pipeline.resolve_stored(store)
    add_user(store, "ana", "viewer", "a long enough password")
    client = TestClient(create_app(store, cache_ttl=0.0), base_url="http://127.0.0.1")
    page = client.get("/login")
    token = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    r = client.post("/login", data={"name": "ana", "password": "a long enough password",
                                    "csrf": token, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303
    return client


def test_one_case_reported_three_times_is_one_incident_with_three_sources(client: TestClient) -> None:
    listed = client.get("/api/incidents", params={"limit": 50}).json()["incidents"]
    assert len(listed) == 2  # the case, and the look-alike from another year
    case = next(i for i in listed if i["year"] == 2024)
    detail = client.get(f"/api/incidents/{case['id']}").json()
    assert len(detail["sources"]) == 3
    assert all(s["evidence"] == "arrest" for s in detail["sources"])
    # Every document incident of the case leads to the same incident.
    subjects = {f["subject"] for f in detail["facts"]}
    assert len(subjects) == 3
    for subject in subjects:
        assert client.get(f"/api/incidents/{subject}").json()["id"] == case["id"]
    # The broker is one actor across the three spellings.
    brokers = {a["id"] for a in detail["actors"] if "Shrestha" in a["name"]}
    assert len(brokers) == 1
