"""Merge, split and rename through the web and the JSON API, and the evidence of every
link and near-link on the incident and actor pages (issue 9, items 2 and 6)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from ratline import pipeline
from ratline.cli import cli
from ratline.store import Store, resolution
from ratline.web.app import create_app
from ratline.web.users import add_user
from support.reads import statements_read

SAME_CASE = Path(__file__).resolve().parents[1] / "fixtures" / "same_case"
PASSWORD = "a long enough password"


class World:
    """A store of the same-case reports (one case told three times, and a look-alike from
    another year), an app over it, and clients per role."""

    def __init__(self, folder: Path) -> None:
        self.url = f"sqlite:///{folder / 's.sqlite'}"
        self.store = Store(self.url)
        report = pipeline.ingest(self.store, [str(SAME_CASE)])
        pipeline.extract_stored(self.store, run_id=report.run_id)
        pipeline.resolve_stored(self.store)
        for role in ("analyst", "viewer", "admin"):
            add_user(self.store, role, role, PASSWORD)
        self.app = create_app(self.store, cache_ttl=0.0)
        self.analyst = self.login("analyst")
        self.viewer = self.login("viewer")

    def login(self, role: str) -> TestClient:
        client = TestClient(self.app, base_url="http://127.0.0.1")
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token
        r = client.post("/login", data={"name": role, "password": PASSWORD,
                                         "csrf": token.group(1), "next": "/"},
                        follow_redirects=False)
        assert r.status_code == 303
        client.headers["X-CSRF-Token"] = client.get("/api/me").json()["csrf"]
        return client

    def incidents(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.analyst.get("/api/incidents").json()["incidents"]
        return found

    def case(self) -> dict[str, Any]:
        return next(i for i in self.incidents() if len(i["documents"]) >= 3)

    def look_alike(self) -> dict[str, Any]:
        return next(i for i in self.incidents() if len(i["documents"]) == 1)

    def cli(self, *args: str) -> str:
        result = CliRunner().invoke(cli, list(args), env={"RATLINE_DATABASE_URL": self.url},
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    def audit(self, action: str) -> list[dict[str, Any]]:
        from ratline.store.audit import entries

        return [dict(r) for r in entries(self.store, 100, 0, action)[1]]


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(tmp_path)
    yield w
    w.store.close()


# -- the evidence -----------------------------------------------------------------------

def test_incident_page_shows_each_links_weights_and_the_threshold(world: World) -> None:
    case, other = world.case(), world.look_alike()
    links = world.analyst.get(f"/api/incidents/{case['id']}/links").json()
    threshold = links["threshold"]
    assert isinstance(threshold, float) and threshold > 0
    assert len(links["linked"]) == 3  # three reports, three pairs
    for pair in links["linked"]:
        weights = [c["weight"] for c in pair["comparisons"]]
        assert weights and all(isinstance(w, float) for w in weights)
        assert pair["total"] == pytest.approx(sum(weights), abs=0.01)
        assert pair["total"] >= threshold and pair["why"] == "above the threshold"
    near = {p["incident"]: p for p in links["near"]}
    assert other["id"] in near  # the look-alike shares the broker, but not the year
    assert near[other["id"]]["total"] < threshold
    assert near[other["id"]]["why"] == "best pair below the threshold"
    assert any(c["field"] == "year" and c["weight"] < 0 for c in near[other["id"]]["comparisons"])

    # The incident page offers the link evidence; its own page (loaded into the incident
    # page on demand) shows it.
    incident_page = world.analyst.get(f"/incidents/{case['id']}").text
    assert f'data-src="/incidents/{case["id"]}/links"' in incident_page
    assert 'class="judge' not in incident_page
    page = world.analyst.get(f"/incidents/{case['id']}/links").text
    assert "Linked reports and near-links" in page
    assert f"{threshold:+.2f}" in page
    first = links["linked"][0]
    assert f"{first['total']:+.2f} / {threshold:+.2f}" in page
    assert f"{first['comparisons'][0]['weight']:+.2f}" in page
    assert page.count('class="judge split"') == 3
    assert f'name="other" value="{other["id"]}"' in page
    # A viewer sees the evidence but no buttons.
    seen = world.viewer.get(f"/incidents/{case['id']}/links").text
    assert "Linked reports and near-links" in seen and 'class="judge' not in seen


def test_link_evidence_reads_only_the_reports_it_weighs(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    # At a million statements reading the store for one page took 35 s: a page reads the
    # statements of its incident's reports and of the candidates sharing a blocking key.
    case, other = world.case(), world.look_alike()
    examples = Path(__file__).resolve().parents[2] / "examples" / "reports"
    report = pipeline.ingest(world.store, [str(examples / "03-lahore-police-press-release.txt")])
    pipeline.extract_stored(world.store, run_id=report.run_id)
    pipeline.resolve_stored(world.store)
    unrelated = [i for i in world.incidents() if i["id"] not in (case["id"], other["id"])]
    def whole_store(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the link evidence read every statement")

    read = statements_read(monkeypatch)
    monkeypatch.setattr(Store, "statements", whole_store)
    links = world.analyst.get(f"/api/incidents/{case['id']}/links").json()
    assert len(links["linked"]) == 3 and other["id"] in {p["incident"] for p in links["near"]}
    assert set(links["members"]) <= set(read)
    clusters = {c["id"]: c for c in resolution.clusters(world.store, "incident")}
    assert set(read) <= set(clusters[case["id"]]["members"]) | set(clusters[other["id"]]["members"])
    assert unrelated, "an incident of another case"
    assert not set(read) & {m for i in unrelated for m in clusters[i["id"]]["members"]}
    broker = next(a for a in world.analyst.get("/api/actors", params={"q": "Shrestha"}).json()["actors"]
                  if a["type"] == "person")
    assert world.analyst.get(f"/api/actors/{broker['id']}/links").json()["linked"]


def test_actor_page_explains_its_names(world: World) -> None:
    actors = world.analyst.get("/api/actors", params={"q": "Shrestha"}).json()["actors"]
    broker = next(a for a in actors if a["type"] == "person")
    links = world.analyst.get(f"/api/actors/{broker['id']}/links").json()
    assert links["resolved"] and links["threshold"] == pytest.approx(0.85)
    assert links["linked"], "three spellings of the broker, compared"
    for pair in links["linked"]:
        assert pair["reasons"] and pair["score"] >= links["threshold"]
    page = world.analyst.get(f"/actors/{broker['id']}").text
    assert "Linked names and near-links" in page
    assert f"{links['linked'][0]['score']:.2f}" in page and "0.85" in page
    assert 'action="/actors/' in page and "Rename" in page


# -- merge and split ----------------------------------------------------------------------

def test_analyst_merges_two_incidents_and_the_page_lists_both_documents(world: World) -> None:
    case, other = world.case(), world.look_alike()
    r = world.analyst.post(f"/api/incidents/{case['id']}/merge", json={"other": other["id"]})
    assert r.status_code == 200, r.text
    merged = r.json()["incident"]
    assert r.json()["other"] == merged
    page = world.analyst.get(f"/incidents/{merged}").text
    assert set(case["documents"][i]["id"] for i in range(3)) | {other["documents"][0]["id"]} <= \
        set(re.findall(r'href="/documents/([0-9a-f]{64})"', page))
    assert len(world.analyst.get(f"/api/incidents/{merged}").json()["sources"]) == 4
    links = world.analyst.get(f"/api/incidents/{merged}/links").json()
    assert any(p["why"] == "merged by analyst" for p in links["linked"])
    (row,) = world.audit("merge")
    assert row["user_name"] == "analyst" and row["target"].startswith("incident:")
    before, after = json.loads(row["before"]), json.loads(row["after"])
    assert {before["a"]["id"], before["b"]["id"]} == {case["id"], other["id"]}
    assert after["verdict"] == "yes" and after["clusters"][0]["id"] == merged
    assert len(after["clusters"][0]["members"]) == 4


def test_split_undoes_a_merge_and_survives_a_resolve_run(world: World) -> None:
    case, other = world.case(), world.look_alike()
    merged = world.analyst.post(f"/api/incidents/{case['id']}/merge",
                                json={"other": other["id"]}).json()["incident"]
    links = world.analyst.get(f"/api/incidents/{merged}/links").json()
    pair = next(p for p in links["linked"] if p["why"] == "merged by analyst")
    r = world.analyst.post(f"/api/incidents/{merged}/split", json={"a": pair["a"], "b": pair["b"]})
    assert r.status_code == 200, r.text
    assert r.json()["incident"] == merged  # the page the split was made on stays
    assert len(world.analyst.get(f"/api/incidents/{merged}").json()["sources"]) == 3
    near = world.analyst.get(f"/api/incidents/{merged}/links").json()["near"]
    assert any(p["why"] == "split by analyst" for p in near)
    world.cli("resolve")
    assert sorted(len(i["documents"]) for i in world.incidents()) == [1, 3]
    (row,) = world.audit("split")
    assert json.loads(row["after"])["verdict"] == "no"
    assert len(json.loads(row["after"])["clusters"]) == 2


def test_forms_merge_and_split_with_the_csrf_token(world: World) -> None:
    case, other = world.case(), world.look_alike()
    page = world.analyst.get(f"/incidents/{case['id']}/links").text
    token = re.search(r'action="/incidents/[^"]+/merge"><input type="hidden" name="csrf" '
                      r'value="([^"]+)"', page)
    assert token
    r = world.analyst.post(f"/incidents/{case['id']}/merge",
                           data={"other": other["id"], "csrf": ""}, follow_redirects=False)
    assert r.status_code == 403
    r = world.analyst.post(f"/incidents/{case['id']}/merge",
                           data={"other": other["id"], "csrf": token.group(1)},
                           follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("#links")
    shown = world.analyst.get(r.headers["location"].split("#")[0] + "/links").text
    assert "merged by analyst" in shown
    assert len(world.incidents()) == 1


def test_viewers_and_missing_tokens_are_refused(world: World) -> None:
    case, other = world.case(), world.look_alike()
    broker = world.analyst.get("/api/actors", params={"q": "Shrestha"}).json()["actors"][0]
    posts = [(f"/api/incidents/{case['id']}/merge", {"other": other["id"]}),
             (f"/api/incidents/{case['id']}/split", {"a": "x", "b": "y"}),
             (f"/api/actors/{broker['id']}/merge", {"other": "x"}),
             (f"/api/actors/{broker['id']}/split", {"a": "x", "b": "y"}),
             (f"/api/actors/{broker['id']}/rename", {"name": "Someone"})]
    for url, body in posts:
        r = world.viewer.post(url, json=body)
        assert r.status_code == 403 and r.json()["error"] == "forbidden", (url, r.text)
        r = world.analyst.post(url, json=body, headers={"X-CSRF-Token": ""})
        assert r.status_code == 403 and r.json()["error"] == "csrf", (url, r.text)
    r = world.viewer.post(f"/incidents/{case['id']}/merge", data={
        "other": other["id"], "csrf": world.viewer.headers["X-CSRF-Token"]})
    assert r.status_code == 403
    assert len(world.incidents()) == 2 and not world.audit("merge") and not world.audit("rename")


def test_bad_ids_are_404_and_merging_with_itself_is_400(world: World) -> None:
    case, other = world.case(), world.look_alike()
    r = world.analyst.post("/api/incidents/incident-nope/merge", json={"other": other["id"]})
    assert r.status_code == 404 and "incident-nope" in r.json()["message"]
    r = world.analyst.post(f"/api/incidents/{case['id']}/merge", json={"other": "incident-nope"})
    assert r.status_code == 404 and "incident-nope" in r.json()["message"]
    r = world.analyst.post(f"/api/incidents/{case['id']}/merge", json={"other": case["id"]})
    assert r.status_code == 400 and "already one incident" in r.json()["message"]
    member = world.analyst.get(f"/api/incidents/{case['id']}/links").json()["members"][0]
    r = world.analyst.post(f"/api/incidents/{case['id']}/split", json={"a": member, "b": member})
    assert r.status_code == 400
    r = world.analyst.post(f"/api/incidents/{case['id']}/split",
                           json={"a": member, "b": other["id"]})
    assert r.status_code == 400 and "not both in" in r.json()["message"]
    assert world.analyst.post("/api/actors/actor-nope/rename", json={"name": "X"}).status_code == 404
    assert world.analyst.get("/api/incidents/incident-nope/links").status_code == 404
    assert not world.audit("merge") and not world.audit("split")


# -- actors ---------------------------------------------------------------------------------

def test_actor_rename_shows_everywhere_and_survives_resolve(world: World, tmp_path: Path) -> None:
    broker = next(a for a in world.analyst.get("/api/actors", params={"q": "Shrestha"}).json()["actors"]
                  if a["type"] == "person")
    r = world.analyst.post(f"/api/actors/{broker['id']}/rename", json={"name": "  The  Lalitpur Broker "})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "The Lalitpur Broker"
    page = world.analyst.get(f"/actors/{broker['id']}").text
    assert "<h1>The Lalitpur Broker</h1>" in page
    assert world.analyst.get(f"/api/actors/{broker['id']}").json()["name"] == "The Lalitpur Broker"
    listed = world.analyst.get("/api/actors", params={"q": "lalitpur"}).json()["actors"]
    assert [a["id"] for a in listed] == [broker["id"]]
    case = world.case()
    assert any(a["name"] == "The Lalitpur Broker"
               for a in world.analyst.get(f"/api/incidents/{case['id']}").json()["actors"])
    (row,) = world.audit("rename")
    assert json.loads(row["before"])["name"] == broker["name"]
    assert json.loads(row["after"])["name"] == "The Lalitpur Broker"
    assert "The Lalitpur Broker" in world.cli("actors")
    world.cli("resolve")
    rows = [json.loads(x) for x in world.cli("actors", "--format", "jsonl").splitlines() if x]
    assert next(x for x in rows if x["id"] == broker["id"])["name"] == "The Lalitpur Broker"
    out = tmp_path / "export.jsonl"
    world.cli("export", "--format", "jsonl", "-o", str(out))
    assert "The Lalitpur Broker" in out.read_text("utf-8")
    assert world.analyst.get(f"/api/actors/{broker['id']}").json()["name"] == "The Lalitpur Broker"


def test_cli_rename_shows_on_the_pages(world: World) -> None:
    out = world.cli("rename", "Nepal Police", "Nepal Police (Kathmandu Valley)", "--reviewer", "ana")
    assert out.strip().lower() == "nepal police is now shown as nepal police (kathmandu valley)"
    found = world.analyst.get("/api/actors", params={"q": "kathmandu valley"}).json()["actors"]
    assert len(found) == 1
    assert "<h1>Nepal Police (Kathmandu Valley)</h1>" in world.analyst.get(
        f"/actors/{found[0]['id']}").text
    (row,) = world.audit("rename")
    assert row["user_name"] == "ana"
    result = CliRunner().invoke(cli, ["rename", "actor-nope", "X"],
                                env={"RATLINE_DATABASE_URL": world.url})
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: no actor or actor member 'actor-nope'; see `ratline actors`"]


def test_rename_refuses_victims_and_bad_names(world: World) -> None:
    broker = world.analyst.get("/api/actors", params={"q": "Shrestha"}).json()["actors"][0]
    for name in ("", "   ", "x" * 201, "bell\x07here"):
        r = world.analyst.post(f"/api/actors/{broker['id']}/rename", json={"name": name})
        assert r.status_code == 400, (name, r.text)
    # A pseudonymised victim is never renamed (store a victim actor by hand).
    victim = "Victim-abc123"
    cid = broker["id"]
    row = resolution.cluster(world.store, "actor", cid)
    assert row is not None
    resolution.add_resolution(world.store, "actor", {}, [(cid, victim, {
        k: v for k, v in row.items() if k not in ("id", "name")})])
    r = world.analyst.post(f"/api/actors/{cid}/rename", json={"name": "Anyone"})
    assert r.status_code == 403 and r.json()["error"] == "pseudonym"
    assert not world.audit("rename")


def test_actor_merge_and_split(world: World) -> None:
    actors = world.analyst.get("/api/actors").json()["actors"]
    a, b = actors[0], actors[1]
    r = world.analyst.post(f"/api/actors/{a['id']}/merge", json={"other": b["id"]})
    assert r.status_code == 200, r.text
    merged = r.json()["actor"]
    links = world.analyst.get(f"/api/actors/{merged}/links").json()
    pair = next(p for p in links["linked"] if p["why"] == "merged by analyst")
    r = world.analyst.post(f"/api/actors/{merged}/split", json={"a": pair["a"], "b": pair["b"]})
    assert r.status_code == 200, r.text
    assert r.json()["actor"] != r.json()["other"]
    world.cli("resolve")
    ids = {x["id"] for x in world.analyst.get("/api/actors").json()["actors"]}
    assert len(ids) == len(actors)
    assert [x["action"] for x in world.audit("merge") + world.audit("split")] == ["merge", "split"]


# -- in a browser -----------------------------------------------------------------------------

@pytest.mark.browser
def test_clicking_merge_on_the_incident_page_joins_the_look_alike(world: World) -> None:
    from ratline.web.live import chromium, login, serving

    case, other = world.case(), world.look_alike()
    threshold = world.analyst.get(f"/api/incidents/{case['id']}/links").json()["threshold"]
    with serving(world.app) as base, chromium() as browser:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        csp: list[str] = []
        page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text
                else None)
        login(page, base, "analyst", PASSWORD)
        page.goto(f"{base}/incidents/{case['id']}")
        assert page.locator("#links .pair").count() == 0  # weighed only when asked for
        page.locator("#links a.load-links").click()
        page.locator("#links .pair.linked").first.wait_for()
        assert page.locator("#links .pair.linked table.weights").count() == 3
        near = page.locator(f'#links .pair.near[data-incident="{other["id"]}"]')
        assert near.locator(".total").inner_text().strip().endswith(f"{threshold:+.2f}")
        near.locator("button", has_text="Merge").click()
        page.wait_for_url(re.compile(r".*/incidents/[^/]+#links$"))
        # Back on the incident page, the address's #links loads the evidence at once.
        page.locator("#links .why", has_text="merged by analyst").wait_for()
        assert page.locator("#links .why", has_text="merged by analyst").count() == 1
        sources = page.locator("ul.sources a").evaluate_all("xs => xs.map(x => x.getAttribute('href'))")
        assert f"/documents/{other['documents'][0]['id']}" in sources and len(sources) == 4
        assert page.locator("#links .pair.near").count() == 0
        assert csp == []
        ctx.close()
    assert len(world.incidents()) == 1 and len(world.audit("merge")) == 1
