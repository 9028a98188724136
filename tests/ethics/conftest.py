"""Two stores for the ethics suite, each seen through every layer.

* `extracted`: the cases of `cases.py` ingested, extracted and resolved by the pipeline,
  as a user would run it. Checks here need both the extraction (legal outcomes, the
  victim detector) and the masking to be right.
* `seeded`: the victim cases ingested without extraction, then given hand-made
  statements through the store API -- a victim statement on the name, a summary quoting
  it, a named broker -- and resolved. Checks here test the masking alone, whatever the
  detector finds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ethics.cases import BESIDE, EXTRACTED, VICTIMS, Case
from ratline import pipeline
from ratline.extract.pseudonyms import pseudonym
from ratline.model import Statement
from ratline.store import Store
from ratline.web.app import create_app
from ratline.web.users import add_user
from web.conftest import PASSWORDS, login_client

PSEUDONYM_KEY = "test-key"  # the key the root conftest sets for every test


@dataclass
class World:
    name: str
    store: Store
    url: str
    client: TestClient  # an analyst
    admin: TestClient
    cases: dict[str, Case]
    documents: dict[str, str] = field(default_factory=dict)  # case key -> document id
    reviews: dict[str, Any] = field(default_factory=dict)  # case key -> review API answer
    memo: dict[Any, Any] = field(default_factory=dict)  # layer outputs, computed once


def _ingest(store: Store, folder: Path, cases: list[Case]) -> dict[str, str]:
    folder.mkdir(parents=True)
    for case in cases:
        (folder / case.filename).write_text(case.text, encoding="utf-8")
    pipeline.ingest(store, [str(folder)])
    by_source = {Path(d["source"]).name: d["id"] for d in store.documents()}
    return {c.key: by_source[c.filename] for c in cases}




def _accept_summaries(world: World) -> None:
    """An analyst accepts each case's summary: the audit log then holds the summary (which
    quotes the document) before and after, and the API answers with the statement."""
    for key, doc in world.documents.items():
        summary = next((s for s in world.store.statements(document_id=doc, prop="summary")), None)
        if summary is None:
            continue
        r = world.client.post(f"/api/statements/{summary['id']}/review",
                              json={"status": "accepted"})
        assert r.status_code == 200, r.text
        world.reviews[key] = r.json()


def _seed_statements(store: Store, doc_id: str, case: Case) -> None:
    """One incident per document: trade, evidence, a summary quoting the first sentence
    (name included), the victim under a pseudonym on the span of the name, and the broker."""
    text = store.document(doc_id)["text"]
    subject = f"incident:{doc_id[:16]}:0"

    def st(prop: str, value: Any, start: int | None = None, end: int | None = None) -> Statement:
        v = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        return Statement(subject, prop, v, doc_id, start, end, "ethics-seed", "1", 0.9)

    body = text.index(case.body[:20])
    first = case.body.split(". ")[0]
    stmts = [st("trade", "human"), st("evidence", "report"), st("summary", first),
             st("country", "PE", body, body + 4)]
    for name in case.victims:
        # The name as the body writes it (the title line holds it too).
        at = text.index(name, body)
        alias = pseudonym(name, PSEUDONYM_KEY.encode())
        stmts.append(st("actor", {"name": alias, "type": "person", "role": "seller_donor"},
                        at, at + len(name)))
        stmts.append(st("person_status", {"name": alias, "status": "mentioned"}, at, at + len(name)))
    for name in case.brokers:
        at = text.index(name, body)
        stmts.append(st("actor", {"name": name, "type": "person", "role": "broker"},
                        at, at + len(name)))
        stmts.append(st("person_status", {"name": name, "status": "arrested"}, at, at + len(name)))
    store.replace_machine_statements(doc_id, stmts, relevant=True, extractor_version="ethics-seed")


def _world(name: str, tmp: Path, cases: list[Case], seed: bool) -> Iterator[World]:
    url = f"sqlite:///{tmp / 'store.sqlite'}"
    store = Store(url)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RATLINE_HOME", str(tmp / "home"))
        mp.setenv("RATLINE_PSEUDONYM_KEY", PSEUDONYM_KEY)
        mp.delenv("RATLINE_KEEP_VICTIM_NAMES", raising=False)
        documents = _ingest(store, tmp / "docs", cases)
        if seed:
            for case in cases:
                _seed_statements(store, documents[case.key], case)
        else:
            pipeline.extract_stored(store, ids=list(documents.values()))
        pipeline.resolve_stored(store)
    for role in ("analyst", "admin"):
        add_user(store, role, role, PASSWORDS[role])
    app = create_app(store, cache_ttl=0.0)
    world = World(name, store, url, login_client(app, "analyst"), login_client(app, "admin"),
                  {c.key: c for c in cases}, documents)
    _accept_summaries(world)
    yield world
    world.client.close()
    world.admin.close()
    store.close()


@pytest.fixture(scope="session")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from _world("extracted", tmp_path_factory.mktemp("ethics-extracted"), EXTRACTED, False)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield from _world("seeded", tmp_path_factory.mktemp("ethics-seeded"), VICTIMS + BESIDE, True)


@pytest.fixture(autouse=True)
def _names_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite checks the default: names masked."""
    monkeypatch.delenv("RATLINE_KEEP_VICTIM_NAMES", raising=False)
