"""The documents page's text search comes in pages of 25 hits, best first, up to the
100 hits a search shows, with links to the previous and next page that keep the query."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ratline import pipeline
from ratline.store import Store
from ratline.web.app import create_app
from ratline.web.pages import PAGE, SEARCH_HITS
from ratline.web.users import add_user

from .conftest import PASSWORDS, login_client

WORD = "Zorvathic"  # invented; no other document holds it


@pytest.fixture(scope="module")
def searched(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, TestClient]:
    folder = tmp_path_factory.mktemp("search-pages")
    docs = folder / "docs"
    docs.mkdir()
    # 110 fictional notes; the word is said more often in some, so the ranking has an order.
    for i in range(110):
        said = " ".join([WORD] * (1 + i % 5))
        (docs / f"note-{i:03d}.txt").write_text(
            f"FICTIONAL NOTE {i}: a meeting about the {said} archive in town {i}.\n",
            encoding="utf-8")
    store = Store(f"sqlite:///{Path(folder) / 'store.sqlite'}")
    pipeline.ingest(store, [str(docs)])
    add_user(store, "viewer", "viewer", PASSWORDS["viewer"])
    return store, login_client(create_app(store, cache_ttl=0.0), "viewer")


def _hits(page: str) -> list[str]:
    hits = page.split('<ul class="hits">', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li><a href="/documents/([0-9a-f]+)"', hits)


def _links(page: str) -> dict[str, str]:
    pager = page.split('<ul class="hits">', 1)[1].split('<nav class="pager">', 1)[1].split("</nav>", 1)[0]
    return {("next" if "next" in label else "previous"): html.unescape(href)
            for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', pager)}


def test_search_hits_come_a_page_at_a_time_best_first(searched: tuple[Store, TestClient]) -> None:
    store, client = searched
    best = [h["id"] for h in store.search(WORD, limit=SEARCH_HITS)]
    assert len(best) == SEARCH_HITS
    seen: list[str] = []
    url: str | None = f"/documents?q={WORD}"
    pages = 0
    while url:
        r = client.get(url)
        assert r.status_code == 200
        shown = _hits(r.text)
        assert 0 < len(shown) <= PAGE
        seen += shown
        links = _links(r.text)
        pages += 1
        assert ("previous" in links) == (pages > 1)
        if "previous" in links:
            assert links["previous"] == f"/documents?q={WORD}&page={pages - 1}"
        url = links.get("next")
        if url:
            assert url == f"/documents?q={WORD}&page={pages + 1}"
    # Every hit a search shows, in the order of its ranking, each once.
    assert pages == SEARCH_HITS // PAGE
    assert seen == best


def test_a_page_past_the_hits_a_search_shows_asks_nothing(
        searched: tuple[Store, TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    store, client = searched

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a page past the last searched the store")

    with monkeypatch.context() as m:
        m.setattr(Store, "search", refused)
        r = client.get(f"/documents?q={WORD}&page={SEARCH_HITS // PAGE + 1}")
    assert r.status_code == 200
    assert _hits(r.text) == [] and "No more matches." in r.text
    assert "next" not in _links(r.text)


def test_the_pager_keeps_a_query_that_needs_escaping(searched: tuple[Store, TestClient]) -> None:
    _, client = searched
    r = client.get("/documents", params={"q": f'{WORD} "archive" & <town>'})
    assert r.status_code == 200
    links = _links(r.text)
    assert "<town>" not in r.text.split('<nav class="pager">')[1]
    assert links["next"] == "/documents?q=Zorvathic%20%22archive%22%20%26%20%3Ctown%3E&page=2"
