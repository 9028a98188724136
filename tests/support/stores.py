"""The store backends tests run on, and fresh PostgreSQL databases for them."""

from __future__ import annotations

import os
import uuid

import pytest

POSTGRES_URL = os.environ.get("RATLINE_TEST_POSTGRES_URL")

BACKENDS = [
    "sqlite",
    pytest.param("postgres", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not POSTGRES_URL, reason="RATLINE_TEST_POSTGRES_URL is not set"),
    ]),
]


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
