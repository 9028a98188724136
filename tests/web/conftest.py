"""Web test fixtures: one seeded store per session (the fictional examples plus a document
full of markup), copied for each test module, and logged-in TestClients per role."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ratline import pipeline
from ratline.model import statement_id
from ratline.store import Store
from ratline.web.app import create_app
from ratline.web.live import CHROMIUM
from ratline.web.users import add_user

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "reports"
PASSWORDS = {"admin": "admin-password-1", "analyst": "analyst-password-1",
             "viewer": "viewer-password-1"}
PSEUDONYM_KEY = "test-key"  # the same key the root conftest sets for every test
MALICIOUS = """FICTIONAL TEST DOCUMENT: kidney broker arrested in Kathmandu <script>window.__xss = 1; alert('xss')</script>

Police in Kathmandu, Nepal, arrested a kidney broker named Ram <img src=x onerror="window.__xss=2;alert(2)"> Bahadur in 2021.
The broker allegedly recruited villagers to sell a kidney in India for $3,000 <svg onload=alert(3)></svg>.
<a href="javascript:alert(4)">click</a> <iframe src="javascript:alert(5)"></iframe> {{ 7*7 }}
"""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives headless Debian Chromium (/usr/bin/chromium)")
    config.addinivalue_line("filterwarnings", "ignore:Using `httpx`:DeprecationWarning")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason="/usr/bin/chromium is missing (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store with the examples and the malicious document extracted, and users."""
    folder = tmp_path_factory.mktemp("seed")
    docs = folder / "docs"
    docs.mkdir()
    (docs / "zz-malicious.txt").write_text(MALICIOUS, encoding="utf-8")
    path = folder / "seed.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RATLINE_HOME", str(folder / "home"))
        mp.setenv("RATLINE_PSEUDONYM_KEY", PSEUDONYM_KEY)
        store = Store(f"sqlite:///{path}")
        report = pipeline.ingest(store, [str(EXAMPLES), str(docs)])
        pipeline.extract_stored(store, run_id=report.run_id)
        pipeline.resolve_stored(store)
        for role, password in PASSWORDS.items():
            add_user(store, role, role, password)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
    return path


def one_incident_document(n: int, body: str, now: datetime
                          ) -> tuple[dict[str, object], list[dict[str, object]]]:
    """A document row holding `body` and the statements of its one organ incident (an
    arrest, year 2000 + n), to insert straight into the store."""
    doc_id = hashlib.sha256(body.encode()).hexdigest()
    subject = f"incident:{doc_id[:16]}:1"
    stmts: list[dict[str, object]] = [
        {"id": statement_id(subject, prop, value, doc_id, None, None), "subject": subject,
         "prop": prop, "value": value, "original_value": None, "document_id": doc_id,
         "start": None, "end": None, "extractor": "test", "extractor_version": "1",
         "confidence": 0.8, "status": "machine", "reviewer": None,
         "created_at": now, "updated_at": now}
        for prop, value in (("trade", "organ"), ("summary", f"Case {n}."),
                            ("year", str(2000 + n)), ("evidence", "arrest"))]
    doc: dict[str, object] = {
        "id": doc_id, "source": f"reports/{n}.txt", "title": f"Report {n}",
        "media_type": "text/plain", "size": len(body), "status": "extracted", "relevant": 1,
        "text": body, "created_at": now, "updated_at": now}
    return doc, stmts


def copy_store(seeded_db: Path, folder: Path) -> Store:
    target = folder / "store.sqlite"
    shutil.copy(seeded_db, target)
    return Store(f"sqlite:///{target}")


@pytest.fixture(scope="module")
def web_store(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = copy_store(seeded_db, tmp_path_factory.mktemp("web"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def app(web_store: Store):  # type: ignore[no-untyped-def]
    # No fingerprint delay: tests change the store behind the app's back.
    return create_app(web_store, cache_ttl=0.0)


def login_client(app, role: str) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(app, base_url="http://127.0.0.1")
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token, "login form without CSRF token"
    r = client.post("/login", data={"name": role, "password": PASSWORDS[role],
                                    "csrf": token.group(1), "next": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    client.headers["X-CSRF-Token"] = client.get("/api/me").json()["csrf"]
    return client


@pytest.fixture(scope="module")
def admin(app) -> TestClient:  # type: ignore[no-untyped-def]
    return login_client(app, "admin")


@pytest.fixture(scope="module")
def analyst(app) -> TestClient:  # type: ignore[no-untyped-def]
    return login_client(app, "analyst")


@pytest.fixture(scope="module")
def viewer(app) -> TestClient:  # type: ignore[no-untyped-def]
    return login_client(app, "viewer")


@pytest.fixture(scope="session")
def passwords() -> dict[str, str]:
    return dict(PASSWORDS)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots for people to look at."""
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path
