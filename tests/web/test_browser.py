"""End-to-end in headless Debian Chromium against a real uvicorn on 127.0.0.1."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ratline import pipeline
from ratline.store import Store
from ratline.web.app import create_app
from ratline.web.live import chromium, login, serving

pytestmark = pytest.mark.browser
VENDOR = Path(__file__).resolve().parents[2] / "src" / "ratline" / "web" / "static" / "vendor"


@pytest.fixture(scope="module")
def server(web_store: Store) -> Iterator[str]:
    with serving(create_app(web_store, cache_ttl=0.0)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page_as(browser: Any, server: str, passwords: dict[str, str]) -> Iterator[Any]:
    """A logged-in page factory that also records dialogs and CSP violations."""
    contexts = []

    def open_as(role: str) -> Any:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        contexts.append(ctx)
        page = ctx.new_page()
        page.dialogs = []
        page.csp = []
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: page.csp.append(m.text)
                if "Content Security Policy" in m.text else None)
        login(page, server, role, passwords[role])
        return page

    yield open_as
    for ctx in contexts:
        ctx.close()


def test_incident_page_highlights_the_supporting_sentence(page_as: Any, server: str,
                                                          web_store: Store) -> None:
    page = page_as("viewer")
    subject = next(r["subject"] for r in web_store.statements(prop="place"))
    page.goto(f"{server}/incidents/{subject}")
    mark = page.locator("table.facts q.sentence mark").first
    assert mark.is_visible()
    assert mark.inner_text().strip()
    assert page.locator(".badge").first.is_visible()
    assert page.csp == []


def _card_ids(page: Any) -> list[str]:
    return page.locator("#queue .card").evaluate_all("cs => cs.map(c => c.dataset.statement)")


def test_keyboard_review_persists_after_reextraction(page_as: Any, server: str,
                                                     web_store: Store) -> None:
    page = page_as("analyst")
    page.goto(f"{server}/review?prop=place")
    first = _card_ids(page)
    page.keyboard.press("a")                       # accept the first statement
    page.wait_for_load_state()
    page.locator(f"#r-{first[0]}").wait_for(state="detached")
    cards = _card_ids(page)
    page.keyboard.press("j")                       # move to the second card
    page.keyboard.press("r")                       # and reject it
    page.locator(f"#r-{cards[1]}").wait_for(state="detached")
    edited = _card_ids(page)[0]
    page.keyboard.press("e")                       # edit the (new) first card
    page.keyboard.type("Corrected Place")
    page.keyboard.press("Enter")
    page.locator(f"#r-{edited}").wait_for(state="detached")

    pipeline.extract_stored(web_store, everything=True)
    rows = {r["id"]: r for r in web_store.statements(prop="place")}
    assert rows[first[0]]["status"] == "accepted" and rows[first[0]]["reviewer"] == "analyst"
    assert rows[cards[1]]["status"] == "rejected"
    assert rows[edited]["status"] == "edited"
    assert rows[edited]["value"].endswith("Corrected Place")
    page.goto(f"{server}/incidents/{rows[edited]['subject']}")
    assert "Corrected Place" in page.locator("table.facts").inner_text()
    page.goto(f"{server}/incidents/{rows[cards[1]]['subject']}")
    assert page.locator(f"#s-{cards[1]}").count() == 0   # rejected facts are hidden


def _until(page: Any, expression: str, ok: Any, seconds: float = 5.0) -> Any:
    """Poll a page value (wait_for_function evaluates a string, which the CSP forbids)."""
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(expression)
        if ok(value) or time.monotonic() > deadline:
            assert ok(value), (expression, value)
            return value
        page.wait_for_timeout(100)


@pytest.mark.skipif(not (VENDOR / "leaflet.markercluster.js").exists(),
                    reason="front-end assets not built (make assets)")
def test_map_opens_at_strong_evidence_with_clusters_and_zoom(page_as: Any, server: str,
                                                              artifacts: Path) -> None:
    page = page_as("viewer")
    page.goto(f"{server}/map")
    assert page.url.endswith("/map?min_evidence=arrest")
    page.wait_for_selector("#map.ready", timeout=20000)
    assert page.locator("#map select[name=min_evidence], form.filters select[name=min_evidence]"
                        ).first.input_value() == "arrest"
    strong = page.evaluate("window.ratlineMap.cluster.getLayers().length")
    assert strong > 0
    assert page.locator("#map path.country").count() > 100
    assert page.locator("#map .leaflet-control-zoom-in").is_visible()
    zoom = page.evaluate("window.ratlineMap.map.getZoom()")
    page.evaluate("window.ratlineMap.map.setZoom(1)")
    _until(page, "window.ratlineMap.map.getZoom()", lambda z: z == 1)
    # Zoomed out, nearby points merge into numbered clusters that count incidents.
    page.wait_for_selector("#map .marker-cluster", timeout=10000)
    counts = [int(t) for t in page.locator("#map .marker-cluster span").all_inner_texts()]
    assert counts and all(n >= 2 for n in counts)
    page.locator("#map .leaflet-control-zoom-in").click()
    _until(page, "window.ratlineMap.map.getZoom()", lambda z: z > 1)
    assert zoom >= 1
    page.screenshot(path=str(artifacts / "map.png"))
    page.goto(f"{server}/map?min_evidence=")
    page.wait_for_selector("#map.ready", timeout=20000)
    assert page.evaluate("window.ratlineMap.cluster.getLayers().length") > strong
    assert page.locator("#map path.flow").count() > 0
    assert page.csp == []


@pytest.mark.skipif(not (VENDOR / "cytoscape.min.js").exists(),
                    reason="front-end assets not built (make assets)")
def test_network_renders_and_evidence_switch_drops_links(page_as: Any, server: str,
                                                        artifacts: Path) -> None:
    page = page_as("viewer")
    page.goto(f"{server}/network")
    page.wait_for_selector("#network.ready", timeout=20000)
    nodes = page.evaluate("window.ratlineNetwork.nodes().length")
    edges = page.evaluate("window.ratlineNetwork.edges().length")
    assert nodes > 10 and edges > 5
    page.screenshot(path=str(artifacts / "network.png"))
    page.locator("#strong-links").check()
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**min_link_evidence=arrest**")
    page.wait_for_selector("#network.ready", timeout=20000)
    assert page.evaluate("window.ratlineNetwork.edges().length") < edges
    assert page.locator("#strong-links").is_checked()
    page.goto(f"{server}/network?min_evidence=conviction")
    page.wait_for_selector("#network.ready", timeout=20000)
    assert page.evaluate("window.ratlineNetwork.nodes().length") < 30
    assert page.csp == []


def test_timeline_chart_bars_list_their_incidents(page_as: Any, server: str,
                                                  artifacts: Path) -> None:
    page = page_as("viewer")
    page.goto(f"{server}/timeline")
    page.wait_for_selector("#timeline-chart.ready", timeout=20000)
    bars = page.locator("#timeline-chart rect.tl-bar")
    assert bars.count() >= 3
    first = bars.first
    year, key = first.get_attribute("data-year"), first.get_attribute("data-key")
    first.click()
    page.wait_for_selector("#timeline-picked.ready", timeout=10000)
    assert page.locator("#picked-title").inner_text() == f"{year} · {key}"
    links = page.locator("#picked-list li a")
    assert links.count() >= 1
    for title in links.all_inner_texts():
        assert title.strip() and not title.startswith("FICTIONAL")
    page.screenshot(path=str(artifacts / "timeline.png"), full_page=True)
    # Stacked by evidence: the same years, split by level.
    page.locator("button.tl-stack[data-stack=by_evidence]").click()
    levels = set(page.locator("#timeline-chart rect.tl-bar").evaluate_all(
        "bs => bs.map(b => b.dataset.key)"))
    assert levels and levels <= {"rumor", "speculation", "allegation", "report", "investigation",
                                 "arrest", "charge", "conviction", "denial", "unknown"}
    assert page.csp == []


def test_malicious_markup_renders_as_inert_text(page_as: Any, server: str, web_store: Store,
                                                artifacts: Path) -> None:
    page = page_as("viewer")
    doc = next(d for d in web_store.documents() if "malicious" in d["source"])
    page.goto(f"{server}/documents/{doc['id']}")
    text = page.locator("#doctext").inner_text()
    assert "<script>window.__xss = 1" in text and 'onerror="window.__xss=2' in text
    assert page.locator("#doctext script, #doctext img, #doctext svg, #doctext iframe, #doctext a").count() == 0
    assert "{{ 7*7 }}" in text
    incident = next((r["subject"] for r in web_store.statements(document_id=doc["id"])
                     if r["subject"].startswith("incident:")), None)
    if incident:
        page.goto(f"{server}/incidents/{incident}")
    page.goto(f"{server}/documents?q=onerror")
    page.screenshot(path=str(artifacts / "malicious.png"))
    page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_viewer_cannot_change_and_csrf_is_required(page_as: Any, server: str,
                                                   web_store: Store) -> None:
    sid = next(r["id"] for r in web_store.statements(prop="money", status="machine"))
    viewer = page_as("viewer")
    viewer.goto(f"{server}/review")
    assert viewer.locator("#queue form").count() == 0
    status = viewer.evaluate("""async (sid) => {
        const me = await (await fetch('/api/me')).json();
        const r = await fetch(`/api/statements/${sid}/review`, {method: 'POST',
            headers: {'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf},
            body: JSON.stringify({status: 'rejected'})});
        return r.status; }""", sid)
    assert status == 403
    analyst = page_as("analyst")
    analyst.goto(f"{server}/review")
    status = analyst.evaluate("""async (sid) => {
        const r = await fetch(`/api/statements/${sid}/review`, {method: 'POST',
            headers: {'Content-Type': 'application/json'}, body: JSON.stringify({status: 'rejected'})});
        return r.status; }""", sid)
    assert status == 403
    assert {r["status"] for r in web_store.statements(prop="money") if r["id"] == sid} == {"machine"}


def test_export_buttons_download_the_filtered_data(page_as: Any, server: str,
                                                   web_store: Store) -> None:
    page = page_as("viewer")
    page.goto(f"{server}/incidents?trade=organ")
    shown = int(page.locator("h1 .muted").inner_text())
    with page.expect_download() as done:
        page.click("form.export button[value=csv]")
    download = done.value
    assert download.suggested_filename == "ratline-incidents.zip"
    with zipfile.ZipFile(download.path()) as z:
        rows = list(csv.DictReader(io.StringIO(z.read("incidents.csv").decode("utf-8"))))
    assert len(rows) == shown > 0
    assert {r["trade"] for r in rows} == {"organ"}
    page.goto(f"{server}/network")
    page.select_option("form.filters select[name=trade]", "weapons")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/network?*trade=weapons*")
    with page.expect_download() as done:
        page.click("form.export button[value=graphml]")
    g = nx.read_graphml(done.value.path())
    trades = {d.get("trade") for _, d in g.nodes(data=True) if d["kind"] == "incident"}
    assert trades == {"weapons"}
    assert page.csp == []
