"""Shared fixtures: stores on every backend, isolated RATLINE_HOME, paths to shared data."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ratline.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POSTGRES_URL = os.environ.get("RATLINE_TEST_POSTGRES_URL")


@pytest.fixture(autouse=True)
def ratline_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("RATLINE_HOME", str(home))
    monkeypatch.delenv("RATLINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("RATLINE_PSEUDONYM_KEY", "test-key")
    return home


def new_postgres_database(server_url: str) -> str:
    """A fresh, empty database on a test server, so tests never see each other's rows."""
    import sqlalchemy

    name = "ratline_test_" + uuid.uuid4().hex[:10]
    admin = sqlalchemy.create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + "/" + name


BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not POSTGRES_URL, reason="RATLINE_TEST_POSTGRES_URL is not set"),
    ]),
]


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert POSTGRES_URL
    return new_postgres_database(POSTGRES_URL)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    s = Store(database_url)
    yield s
    s.close()


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
