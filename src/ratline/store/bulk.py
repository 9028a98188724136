"""Batch inserts: COPY through a staging table on PostgreSQL, executemany elsewhere.

A batch large enough to pay for it goes to PostgreSQL by COPY into a temporary staging
table, then `INSERT … SELECT … ON CONFLICT DO NOTHING` moves it into the table, so a
re-run (or a batch a killed worker wrote half of) adds nothing twice: ids are content
hashes. Small batches, and every batch on SQLite, use the driver's executemany, which
costs less than a staging table for a handful of rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite

# Rows from which a PostgreSQL batch goes by COPY (below it executemany is as fast).
COPY_MIN_ROWS = 50


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], *,
                ignore_conflicts: bool = True, returning: str | None = None) -> list[Any]:
    """Insert `rows` (dicts with the same keys) into `table` on `conn`'s transaction.

    With `ignore_conflicts`, rows whose key is stored already are skipped. With
    `returning`, the values of that column of the rows this insert stored come back
    (in no particular order); otherwise an empty list."""
    if not rows:
        return []
    if conn.dialect.name == "postgresql" and len(rows) >= COPY_MIN_ROWS:
        return _copy(conn, table, rows, ignore_conflicts, returning)
    if ignore_conflicts:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        stmt: Any = dialect.insert(table).on_conflict_do_nothing()
    else:
        stmt = table.insert()
    if returning is None:
        conn.execute(stmt, list(rows))
        return []
    return list(conn.execute(stmt.returning(table.c[returning]), list(rows)).scalars())


def _copy(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]],
          ignore_conflicts: bool, returning: str | None) -> list[Any]:
    columns = list(rows[0])
    quoted = ", ".join(_quote(c) for c in columns)
    stage = _quote("ratline_stage_" + table.name)
    # psycopg's own cursor: COPY is not part of the DB-API SQLAlchemy wraps.
    cursor = cast(Any, conn.connection.dbapi_connection).cursor()
    try:
        # Dropped at commit (or with a rollback); LIKE leaves out generated columns'
        # expressions and the constraints, so the stage takes any row as it comes.
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} (LIKE {_quote(table.name)}) ON COMMIT DROP")
        with cursor.copy(f"COPY {stage} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        # Sorted by key: concurrent writers take row locks in the same order (no deadlock),
        # and a key twice in one batch is stored once, as executemany with ON CONFLICT does.
        keys = ", ".join(_quote(c.name) for c in table.primary_key.columns)
        sql = f"INSERT INTO {_quote(table.name)} ({quoted}) SELECT {quoted} FROM {stage}"
        sql += f" ORDER BY {keys}" if keys else ""
        if ignore_conflicts:
            sql += " ON CONFLICT DO NOTHING"
        if returning is not None:
            sql += f" RETURNING {_quote(returning)}"
        cursor.execute(sql)
        found = [r[0] for r in cursor.fetchall()] if returning is not None else []
        cursor.execute(f"DROP TABLE {stage}")
        return found
    finally:
        cursor.close()


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
