"""The store's name frequencies (`schema.frequencies`): what incident linkage weighs
names by, counted over every stored report. A full resolution replaces them, an
incremental one adds its new reports, and a run over part of the store (an incremental
run's candidates, the web's link evidence, an explanation) reads the counts of the
values it weighs, so every run weighs a name as a full run of the whole store does."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, and_, bindparam, delete, select, update

from ratline.store import bulk, schema
from ratline.store.store import Store

if TYPE_CHECKING:
    from ratline.resolve.incidents import Frequencies, TermCounts, Weighing

Counts = Mapping[str, Mapping[str, int]]
_CHUNK = 500  # values a query names at most (PostgreSQL's parameter limit, and SQLite's)


def replace_counts(conn: Connection, counts: Counts) -> None:
    """Swap in the counts of a full run (on the caller's transaction)."""
    f = schema.frequencies
    conn.execute(delete(f))
    # 5,000 rows at a time, as a resolution is written: a store's names run to millions.
    rows = ({"field": field, "key": key, "count": n}
            for field, values in counts.items() for key, n in values.items() if n)
    while chunk := list(islice(rows, 5_000)):
        bulk.insert_rows(conn, f, chunk, ignore_conflicts=False)


def add_counts(conn: Connection, counts: Counts) -> None:
    """Add an incremental run's counts to those stored (on the caller's transaction)."""
    f = schema.frequencies
    # One statement for each chunk's raised counts (executemany), not one a value.
    raise_count = update(f).where(and_(f.c.field == bindparam("b_field"), f.c.key == bindparam("b_key"))) \
        .values(count=bindparam("b_count"))
    for field, values in counts.items():
        keys = sorted(k for k, n in values.items() if n)
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i:i + _CHUNK]
            held = dict(conn.execute(select(f.c.key, f.c.count).where(
                f.c.field == field, f.c.key.in_(chunk))).all())
            raised = [{"b_field": field, "b_key": k, "b_count": held[k] + values[k]} for k in chunk if k in held]
            if raised:
                conn.execute(raise_count, raised)
            bulk.insert_rows(conn, f, [{"field": field, "key": k, "count": values[k]}
                                       for k in chunk if k not in held], ignore_conflicts=False)


def read_counts(store: Store, wanted: Mapping[str, Iterable[str]]) -> dict[str, Counter[str]]:
    """The stored counts of the wanted values of each field, and the totals."""
    f = schema.frequencies
    out: dict[str, Counter[str]] = {"total": Counter()}
    with store.engine.connect() as conn:
        out["total"].update(dict(conn.execute(select(f.c.key, f.c.count).where(f.c.field == "total")).all()))
        for field, values in wanted.items():
            keys = sorted(set(values))
            found: Counter[str] = Counter()
            for i in range(0, len(keys), _CHUNK):
                found.update(dict(conn.execute(select(f.c.key, f.c.count).where(
                    f.c.field == field, f.c.key.in_(keys[i:i + _CHUNK]))).all()))
            out[field] = found
    return out


def counted(store: Store, documents: Iterable[str]) -> set[str]:
    """Those of `documents` whose names are counted already."""
    f = schema.frequencies
    ids = sorted(set(documents))
    out: set[str] = set()
    with store.engine.connect() as conn:
        for i in range(0, len(ids), _CHUNK):
            out.update(conn.execute(select(f.c.key).where(
                f.c.field == "document", f.c.key.in_(ids[i:i + _CHUNK]))).scalars())
    return out


def held(store: Store) -> bool:
    """Whether the store holds counts (a full run since they exist wrote them)."""
    f = schema.frequencies
    with store.engine.connect() as conn:
        return conn.execute(select(f.c.key).where(f.c.field == "total").limit(1)).first() is not None


def weighing(store: Store, plus: TermCounts | None = None) -> Weighing:
    """How a run over some of the store's reports weighs names: by the store's counts of
    what those reports hold, with `plus` (a run's new reports, not yet counted) added; by
    counts over the reports themselves (new ones among them) where the store holds none."""
    from ratline.resolve.incidents import add_counts, from_counts, term_counts, wanted_terms

    stored = held(store)

    def weigh(feats: Any, records: Any) -> Frequencies:
        if not stored:
            return from_counts(term_counts(feats, records))
        counts = read_counts(store, wanted_terms(feats, records))
        return from_counts(add_counts(counts, plus) if plus is not None else counts)

    return weigh
