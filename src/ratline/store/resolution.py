"""Reads and writes of the resolution tables: judgements, memberships and cluster rows."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, select
from sqlalchemy.engine import RowMapping

from ratline.store import faults, schema
from ratline.store.store import Store, StoreError

KINDS = ("actor", "incident")
VERDICTS = ("yes", "no", "unsure")


def add_judgement(store: Store, kind: str, a: str, b: str, verdict: str, reviewer: str) -> int:
    if kind not in KINDS:
        raise StoreError(f"kind must be one of {', '.join(KINDS)}")
    if verdict not in VERDICTS:
        raise StoreError(f"verdict must be one of {', '.join(VERDICTS)}")
    if a == b:
        raise StoreError("a judgement needs two different things")
    j = schema.judgements
    with store.writer() as conn:
        result = conn.execute(j.insert().values(kind=kind, a=a, b=b, verdict=verdict,
                                                reviewer=reviewer, created_at=datetime.now(UTC)))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


def member(store: Store, kind: str, ref: str) -> str:
    """The member a judgement should name for `ref`, a member id or a cluster id.

    Judgements are kept between members, never cluster ids: a cluster id can be retired
    by a later merge, while the member it stood for stays, so the verdict keeps holding.
    """
    r = schema.resolutions
    with store.engine.connect() as conn:
        if conn.execute(select(r.c.member).where(r.c.kind == kind, r.c.member == ref)).first():
            return ref
        first = conn.execute(select(r.c.member).where(r.c.kind == kind, r.c.cluster_id == ref)
                             .order_by(r.c.member).limit(1)).scalar()
    if first is None:
        raise StoreError(f"no {kind} or {kind} member {ref!r}; see `ratline {kind}s`")
    return str(first)


def judgements(store: Store, kind: str) -> list[RowMapping]:
    """Every judgement of a kind, oldest first (a later verdict on the same pair wins)."""
    j = schema.judgements
    with store.engine.connect() as conn:
        return list(conn.execute(select(j).where(j.c.kind == kind).order_by(j.c.id)).mappings())


def memberships(store: Store, kind: str) -> dict[str, str]:
    r = schema.resolutions
    with store.engine.connect() as conn:
        return dict(conn.execute(select(r.c.member, r.c.cluster_id).where(r.c.kind == kind)).all())


def replace_resolution(
    store: Store, kind: str, members: Mapping[str, str], rows: Iterable[tuple[str, str, dict[str, Any]]]
) -> None:
    """Swap in a fresh resolution of one kind: memberships and cluster rows, atomically."""
    r, c = schema.resolutions, schema.clusters
    now = datetime.now(UTC)
    rows = list(rows)

    def work(conn: Connection) -> None:
        conn.execute(delete(r).where(r.c.kind == kind))
        conn.execute(delete(c).where(c.c.kind == kind))
        if members:
            conn.execute(r.insert(), [{"kind": kind, "member": m, "cluster_id": cid, "updated_at": now}
                                      for m, cid in members.items()])
        cluster_rows = [{"kind": kind, "cluster_id": cid, "name": name,
                         "data": json.dumps(data, ensure_ascii=False, default=str), "updated_at": now}
                        for cid, name, data in rows]
        if cluster_rows:
            conn.execute(c.insert(), cluster_rows)
        faults.point("resolve")

    store.write(work)


def clusters(store: Store, kind: str) -> list[dict[str, Any]]:
    c = schema.clusters
    with store.engine.connect() as conn:
        rows = conn.execute(select(c.c.cluster_id, c.c.name, c.c.data).where(c.c.kind == kind)
                            .order_by(c.c.cluster_id)).all()
    return [{"id": cid, "name": name, **json.loads(data)} for cid, name, data in rows]


def cluster(store: Store, kind: str, cluster_id: str) -> dict[str, Any] | None:
    c = schema.clusters
    with store.engine.connect() as conn:
        row = conn.execute(select(c.c.name, c.c.data).where(
            c.c.kind == kind, c.c.cluster_id == cluster_id)).first()
    return None if row is None else {"id": cluster_id, "name": row[0], **json.loads(row[1])}
