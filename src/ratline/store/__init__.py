"""The statement store: schema, migrations, reads and writes (SQLite default, PostgreSQL by URL)."""

from __future__ import annotations

from ratline import settings
from ratline.store.store import MARK_END, MARK_START, Store, StoreError, failure_id


def open_store(url: str | None = None) -> Store:
    return Store(url or settings.database_url())


__all__ = ["MARK_END", "MARK_START", "Store", "StoreError", "failure_id", "open_store"]
