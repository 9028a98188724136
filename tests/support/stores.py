"""The store backends tests run on, and fresh PostgreSQL databases for them."""

from __future__ import annotations

import os
import sys
import time
import uuid
from typing import Any

import pytest

POSTGRES_URL = os.environ.get("RATLINE_TEST_POSTGRES_URL")

BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not POSTGRES_URL, reason="RATLINE_TEST_POSTGRES_URL is not set"),
    ]),
]


# The databases this session made, (server url, name), dropped when it ends
# (`drop_made_databases`): a developer's server outlives the session, CI's does not.
MADE: list[tuple[str, str]] = []


def _admin(server_url: str) -> Any:
    import sqlalchemy

    return sqlalchemy.create_engine(
        server_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )


def new_postgres_database(server_url: str) -> str:
    """A fresh, empty database on a test server, so tests never see each other's rows."""
    import sqlalchemy

    name = "ratline_test_" + uuid.uuid4().hex[:10]
    admin = _admin(server_url)
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    MADE.append((server_url, name))
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_made_databases() -> int:
    """Drop the databases this session made; returns how many went. One that cannot go
    (the server stopped first) stays, tried twice and named on stderr with the server's
    reason: the tests' outcome does not depend on it, but a database left behind after a
    CI run (one in some runs, cause not yet seen) should say why."""
    import sqlalchemy

    dropped = 0
    while MADE:
        server_url, name = MADE.pop()
        for attempt in range(2):
            admin = _admin(server_url)
            try:
                with admin.connect() as conn:
                    conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                dropped += 1
                break
            except sqlalchemy.exc.SQLAlchemyError as exc:
                if attempt:
                    sys.stderr.write(f"test database {name} was not dropped: {exc}\n")
                else:
                    time.sleep(1)
            finally:
                admin.dispose()
    return dropped
