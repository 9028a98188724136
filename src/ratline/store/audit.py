"""The audit log: every review decision, merge, split, rename and export, with who,
when, before and after."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.engine import RowMapping

from ratline.store import schema
from ratline.store.store import Store

ACTIONS = ("review", "merge", "split", "rename", "export", "login", "logout")


def _json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(store: Store, user_name: str, action: str, target: str, before: Any = None,
           after: Any = None, ip: str | None = None, conn: Connection | None = None) -> None:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    row = {"at": datetime.now(UTC), "user_name": user_name, "action": action,
           "target": target, "before": _json(before), "after": _json(after), "ip": ip}
    if conn is not None:
        conn.execute(schema.audit_log.insert().values(**row))
        return
    # The audit log is no view of the data: a login or an export leaves the version.
    with store.writer(bump=False) as c:
        c.execute(schema.audit_log.insert().values(**row))


def entries(store: Store, limit: int = 100, offset: int = 0,
            action: str | None = None) -> tuple[int, list[RowMapping]]:
    t = schema.audit_log
    q = select(t).order_by(t.c.id.desc()).limit(limit).offset(offset)
    n = select(func.count()).select_from(t)
    if action:
        q, n = q.where(t.c.action == action), n.where(t.c.action == action)
    with store.engine.connect() as conn:
        return int(conn.execute(n).scalar() or 0), list(conn.execute(q).mappings())
