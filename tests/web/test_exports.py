"""Downloads from the incidents, map and network pages (`GET /export`): login required,
the page's filters honoured, the right media types, and an audit row per download."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from ratline import sharing
from ratline.store import Store
from ratline.web.audit import entries
from ratline.web.exports import DOWNLOADS


def test_login_is_required(app) -> None:  # type: ignore[no-untyped-def]
    anonymous = TestClient(app, base_url="http://127.0.0.1")
    r = anonymous.get("/export?format=csv", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


@pytest.mark.parametrize("fmt", sorted(DOWNLOADS))
def test_every_format_downloads_as_an_attachment(viewer: TestClient, fmt: str) -> None:
    r = viewer.get("/export", params={"format": fmt, "trade": "organ"})
    name, media_type = DOWNLOADS[fmt]
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media_type
    assert r.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert r.headers["cache-control"] == "no-store"
    assert r.content


def test_filters_are_the_pages_own(viewer: TestClient, web_store: Store) -> None:
    listed = viewer.get("/api/incidents", params={"trade": "organ", "limit": 500}).json()
    r = viewer.get("/export", params={"format": "jsonl", "trade": "organ", "year_from": "2000"})
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert rows and {row["trade"] for row in rows} == {"organ"}
    assert all(row["year"] is not None and row["year"] >= 2000 for row in rows)
    assert len(rows) <= listed["total"]
    everything = viewer.get("/export", params={"format": "csv"}).content
    with zipfile.ZipFile(io.BytesIO(everything)) as z:
        all_rows = list(csv.DictReader(io.StringIO(z.read("incidents.csv").decode())))
    assert len(all_rows) > len(rows)
    _, log = entries(web_store, action="export")
    after = json.loads(log[1]["after"])
    assert log[1]["user_name"] == "viewer" and log[1]["target"] == "export:jsonl"
    assert after["filters"] == {"trade": "organ", "year_from": "2000"}
    assert after["rows"]["incidents"] == len(rows) and after["shareable"] is False
    assert log[1]["ip"]


def test_shareable_and_bad_values(viewer: TestClient) -> None:
    r = viewer.get("/export", params={"format": "geojson", "shareable": "1"})
    assert r.json()["metadata"] == sharing.NOTICE
    assert viewer.get("/export", params={"format": "pdf"}).status_code == 400
    assert viewer.get("/export", params={"format": "csv", "trade": "nope"}).status_code == 400
    assert viewer.get("/export", params={"format": "csv", "shareable": "x"}).status_code == 400


def test_pages_offer_the_formats_that_fit(viewer: TestClient) -> None:
    for page, wanted in (("incidents", ["csv", "xlsx", "jsonl", "ftm"]), ("map", ["geojson"]),
                         ("network", ["gexf", "graphml"])):
        html = viewer.get(f"/{page}", params={"trade": "organ"}).text
        form = html[html.index('<form class="export"'):]
        form = form[:form.index("</form>")]
        assert '<input type="hidden" name="trade" value="organ">' in form
        for fmt in DOWNLOADS:
            assert (f'name="format" value="{fmt}"' in form) == (fmt in wanted), (page, fmt)
