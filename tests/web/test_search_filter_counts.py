"""A search used as a filter: a list reads the best SEARCH_DOCUMENTS matching documents
and says so when more match; a download lists the incidents of every match."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ratline.store import Store, schema
from ratline.web import queries
from ratline.web.app import create_app
from ratline.web.users import add_user

from .conftest import PASSWORDS, login_client, one_incident_document

CAP = 4  # SEARCH_DOCUMENTS for these tests
MATCHING = 9  # documents with the word, each with one incident


def _rows(n: int, word: str, now: datetime) -> tuple[dict[str, object], list[dict[str, object]]]:
    # The word is said more often in later reports, so the best matches are known.
    body = f"FICTIONAL REPORT {n}: " + f"a {word} broker " * (1 + n) + "was arrested in Lahore."
    return one_incident_document(n, body, now)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, TestClient, list[str]]]:
    store = Store(f"sqlite:///{Path(tmp_path_factory.mktemp('many')) / 'store.sqlite'}")
    now = datetime.now(UTC)
    rows = [_rows(n, "zorvathic" if n < MATCHING else "quellish", now) for n in range(MATCHING + 2)]
    with store.writer() as conn:
        conn.execute(schema.documents.insert(), [d for d, _ in rows])
        conn.execute(schema.statements.insert(), [s for _, stmts in rows for s in stmts])
    add_user(store, "viewer", "viewer", PASSWORDS["viewer"])
    patch = pytest.MonkeyPatch()
    patch.setattr(queries, "SEARCH_DOCUMENTS", CAP)
    try:
        yield store, login_client(create_app(store, cache_ttl=0.0), "viewer"), [
            str(d["id"]) for d, _ in rows[:MATCHING]]
    finally:
        patch.undo()
        store.close()


def test_a_list_reads_the_best_matches_and_says_it_was_cut(
        many: tuple[Store, TestClient, list[str]]) -> None:
    store, client, matching = many
    body = client.get("/api/incidents", params={"q": "zorvathic", "limit": 100}).json()
    assert body["search_capped"] is True and body["search_documents"] == CAP
    assert body["total"] == CAP == len(body["incidents"])
    # The best: the reports that say the word most.
    assert {d["id"] for i in body["incidents"] for d in i["documents"]} == set(matching[-CAP:])
    page = client.get("/incidents", params={"q": "zorvathic"}).text
    assert 'id="search-capped"' in page and f"more than {CAP:,} documents" in page
    # So do the other views of a filtered list.
    for view in ("/map", "/network", "/timeline", "/prices"):
        shown = client.get(view, params={"q": "zorvathic"})
        assert shown.status_code == 200 and 'id="search-capped"' in shown.text, view


def test_a_search_within_the_cap_is_whole_and_says_nothing(
        many: tuple[Store, TestClient, list[str]]) -> None:
    _, client, _ = many
    body = client.get("/api/incidents", params={"q": "quellish"}).json()
    assert body["total"] == 2 and body["search_capped"] is False
    for view in ("/incidents", "/map", "/network", "/timeline", "/prices"):
        assert 'id="search-capped"' not in client.get(view, params={"q": "quellish"}).text, view
    assert "search_capped" not in client.get("/api/incidents").json()


def test_a_download_lists_the_incidents_of_every_match(
        many: tuple[Store, TestClient, list[str]]) -> None:
    _, client, _ = many
    r = client.get("/export", params={"format": "jsonl", "q": "zorvathic"})
    assert r.status_code == 200, r.text
    exported = [json.loads(line) for line in r.text.splitlines() if line.strip()]
    assert len(exported) == MATCHING
    assert "Case 0." in r.text and f"Case {MATCHING - 1}." in r.text
