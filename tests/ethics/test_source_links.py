"""A document's source link is shown (page, API, `ratline show`, exports) with the
victim's name masked, as every other text: a URL often spells the name out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ethics.cases import VICTIMS
from ratline import pipeline
from ratline.cli import cli
from ratline.export import tables
from ratline.extract.pseudonyms import pseudonym
from ratline.model import Statement
from ratline.readers import normalise_text
from ratline.store import Store
from ratline.web.app import create_app
from ratline.web.users import add_user
from web.conftest import PASSWORDS, login_client

CASE = VICTIMS[0]
NAME = CASE.victims[0]
URL = "https://news.example/2022/" + NAME.lower().replace(" ", "-") + "-lured-to-buenos-aires"


@pytest.fixture(autouse=True)
def _names_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RATLINE_KEEP_VICTIM_NAMES", raising=False)


def test_the_source_link_never_shows_the_victims_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"url_or_origin": URL, "title": CASE.title, "text": CASE.body})
                      + "\n", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = Store(url)
    try:
        pipeline.ingest(store, [str(corpus)])
        doc = pipeline.document_id(normalise_text(CASE.body))
        text = store.document(doc)["text"]
        at = text.index(NAME)
        alias = pseudonym(NAME, b"test-key")
        victim = {"name": alias, "type": "person", "role": "seller_donor"}
        trade = Statement(f"incident:{doc[:16]}:0", "trade", "human", doc, None, None, "test", "1")
        actor = Statement(f"incident:{doc[:16]}:0", "actor", json.dumps(victim), doc, at,
                          at + len(NAME), "test", "1")
        store.replace_machine_statements(doc, [trade, actor], relevant=True, extractor_version="t")
        pipeline.resolve_stored(store)
        add_user(store, "analyst", "analyst", PASSWORDS["analyst"])
        client = login_client(create_app(store, cache_ttl=0.0), "analyst")
        shown = {
            "page": client.get(f"/documents/{doc}").text,
            "api list": client.get("/api/documents").text,
            "api document": client.get(f"/api/documents/{doc}").text,
            "export": json.dumps(tables(store).documents),
        }
    finally:
        store.close()
    env = {"RATLINE_HOME": str(tmp_path / "home"), "RATLINE_PSEUDONYM_KEY": "test-key",
           "RATLINE_DATABASE_URL": url}
    for fmt in ("text", "jsonl"):
        result = CliRunner().invoke(cli, ["show", doc, "--format", fmt], env=env)
        assert result.exit_code == 0, result.output
        shown[f"show {fmt}"] = result.output
    for where, out in shown.items():
        assert "https://news.example/2022/" in out, where  # the link is there ...
        for part in NAME.lower().split():
            assert part not in out.lower(), (where, part)  # ... without the name
    # The dateline dates the document the record left undated.
    assert " · 2022-05-04 · " in shown["page"]
