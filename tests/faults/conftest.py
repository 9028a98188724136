"""Fixtures of the fault suite: a warm extraction model and fresh stores on each backend."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support.stores import BACKENDS, POSTGRES_URL, new_postgres_database


@pytest.fixture(params=BACKENDS)
def new_store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[str], str]:
    """Makes as many fresh, empty stores of one backend as a test needs."""

    def make(name: str) -> str:
        if request.param == "sqlite":
            folder = tmp_path / name
            folder.mkdir()
            return f"sqlite:///{folder / 'ratline.sqlite'}"
        assert POSTGRES_URL
        return new_postgres_database(POSTGRES_URL)

    return make


@pytest.fixture(scope="session")
def warm(tmp_path_factory: pytest.TempPathFactory) -> None:
    from .helpers import warm_up

    warm_up(tmp_path_factory.mktemp("warm"))
