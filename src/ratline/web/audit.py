"""The audit log as the web app uses it; the table and its writes live in the store
(`ratline.store.audit`) so merges made by the resolve stage land in the same log."""

from __future__ import annotations

from ratline.store.audit import ACTIONS, entries, record

__all__ = ["ACTIONS", "entries", "record"]
