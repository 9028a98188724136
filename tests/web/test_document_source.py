"""The document page and API show a document's source link and its date only as precisely
as the source gave it."""

from __future__ import annotations

import json
from pathlib import Path

from ratline import pipeline
from ratline.readers import normalise_text
from ratline.store import Store
from ratline.web.app import create_app
from ratline.web.users import add_user
from web.conftest import PASSWORDS, login_client

RECORD = {"url_or_origin": "https://example.org/reports/7 ; github:example/corpus@abc:7.md",
          "date": "2019-05", "title": "Fictional clinic report",
          "text": "A fictional clinic in Lakeville closed in spring."}


def test_document_page_and_api_show_the_source_link_and_a_month(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        pipeline.ingest(store, [str(corpus)])
        add_user(store, "viewer", "viewer", PASSWORDS["viewer"])
        viewer = login_client(create_app(store, cache_ttl=0.0), "viewer")
        doc_id = pipeline.document_id(normalise_text(RECORD["text"]))
        page = viewer.get(f"/documents/{doc_id}").text
        assert '<a href="https://example.org/reports/7" rel="noopener noreferrer nofollow">' in page
        assert " · 2019-05 · " in page and "2019-05-01" not in page
        detail = viewer.get(f"/api/documents/{doc_id}").json()
        assert (detail["url"], detail["published"], detail["published_precision"]) == (
            "https://example.org/reports/7", "2019-05", "month")
        [listed] = viewer.get("/api/documents").json()["documents"]
        assert (listed["url"], listed["published"]) == ("https://example.org/reports/7", "2019-05")
    finally:
        store.close()
