"""Fixtures for source tests: a local HTTP server bound to 127.0.0.1 only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from httpsite import Site, serve


@pytest.fixture
def site() -> Iterator[Site]:
    with serve() as running:
        yield running
