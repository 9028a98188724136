"""Shared fixtures: stores on every backend, isolated RATLINE_HOME, paths to shared data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ratline.store import Store
from support.stores import BACKENDS, POSTGRES_URL, drop_made_databases, new_postgres_database

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# Suites marked `slow` or `ray` (minutes of fuzzing, subprocess runs under many hash seeds,
# a local Ray) keep a developer's `make test` under ten minutes; `.ci/run` sets this and
# runs them all.
RUN_SLOW = os.environ.get("RATLINE_TEST_SLOW") == "1"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # A developer's PostgreSQL server outlives the session and kept a database for every
    # test that made one (165 after a few runs).
    drop_made_databases()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if RUN_SLOW:
        return
    skip = pytest.mark.skip(reason="slow or Ray suite: runs with RATLINE_TEST_SLOW=1, "
                                   "as .ci/run sets")
    for item in items:
        if item.get_closest_marker("slow") or item.get_closest_marker("ray"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def ratline_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("RATLINE_HOME", str(home))
    monkeypatch.delenv("RATLINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("RATLINE_PSEUDONYM_KEY", "test-key")
    return home


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    assert POSTGRES_URL
    return new_postgres_database(POSTGRES_URL)


@pytest.fixture
def other_url(database_url: str, tmp_path: Path) -> str:
    """A second empty store on the same backend as `database_url`."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / 'other.sqlite'}"
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
