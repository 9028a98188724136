"""Bulk loading of synthetic rows into a throw-away PostgreSQL database (benchmarks only).

Millions of statements are loaded the way a restore would: the store's schema made by
`Store` (its migrations), then the tables' keys, foreign keys and indexes dropped, the
rows streamed in by COPY, and everything rebuilt and analysed, so the database ends up
as the migrations would have left it, only much sooner than row-by-row inserts.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from typing import Any

import psycopg

from ratline.store import Store, schema

TABLES = ("documents", "statements")


def _driver_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def create_database(server_url: str, prefix: str = "ratline_bench_") -> str:
    """A fresh database on the server of `server_url`; its URL."""
    name = prefix + uuid.uuid4().hex[:10]
    with psycopg.connect(_driver_url(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str) -> None:
    server, name = url.rsplit("/", 1)
    with psycopg.connect(_driver_url(server) + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _definitions(cur: Any) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """(table, name, definition) of the tables' constraints (keys first, then foreign
    keys, those of other tables that point at them included) and of their other indexes."""
    cur.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
                "FROM pg_constraint WHERE (conrelid::regclass::text = ANY(%s) "
                "OR (contype = 'f' AND confrelid::regclass::text = ANY(%s))) "
                "AND contype IN ('p', 'f') ORDER BY contype DESC", (list(TABLES), list(TABLES)))
    constraints = [(t, n, d) for t, n, d, _ in cur.fetchall()]
    cur.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint)", (list(TABLES),))
    return constraints, list(cur.fetchall())


def load(url: str, rows: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]],
         progress_every: int = 1_000_000) -> tuple[int, int]:
    """Documents and their statements into the (empty) store at `url`, by COPY.
    Returns (documents, statements)."""
    Store(url).close()  # the schema, by the store's own migrations
    doc_cols = [c.name for c in schema.documents.c if c.name != "tsv"]
    stmt_cols = [c.name for c in schema.statements.c]
    n_docs = n_stmts = 0
    t0 = time.perf_counter()
    with psycopg.connect(_driver_url(url)) as conn, conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        constraints, indexes = _definitions(cur)
        # Foreign keys before the keys they point at.
        for table, name, _ in reversed(constraints):
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for _, name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        docs: list[dict[str, Any]] = []
        columns = ", ".join(f'"{c}"' for c in stmt_cols)
        with cur.copy(f"COPY statements ({columns}) FROM STDIN") as copy:
            for doc, stmts in rows:
                docs.append(doc)
                for st in stmts:
                    copy.write_row([st[c] for c in stmt_cols])
                before, n_stmts = n_stmts, n_stmts + len(stmts)
                if n_stmts // progress_every != before // progress_every:
                    print(f"  {n_stmts:,} statements streamed ({time.perf_counter() - t0:.0f} s)",
                          flush=True)
        columns = ", ".join(f'"{c}"' for c in doc_cols)
        with cur.copy(f"COPY documents ({columns}) FROM STDIN") as copy:
            for doc in docs:
                copy.write_row([doc.get(c) for c in doc_cols])
        n_docs = len(docs)
        print(f"  rows in ({time.perf_counter() - t0:.0f} s); keys and indexes", flush=True)
        for table, name, definition in constraints:
            cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for _, _, definition in indexes:
            cur.execute(definition)
        conn.commit()
    with psycopg.connect(_driver_url(url), autocommit=True) as conn:
        # As autovacuum would leave a store that has settled: statistics for the planner,
        # and the visibility map that index-only scans need.
        conn.execute("VACUUM ANALYZE documents")
        conn.execute("VACUUM ANALYZE statements")
    print(f"  loaded in {time.perf_counter() - t0:.0f} s", flush=True)
    return n_docs, n_stmts
