"""Versioned schema migrations: each step runs once, in order, and is recorded.

A step is a function of a connection. Steps never change after they ship; a new
schema change is a new step, so every existing database can be brought forward.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, inspect, select, text

from ratline.store import schema

Step = Callable[[Connection], None]


def _initial_tables(conn: Connection) -> None:
    # Named explicitly: tables added by later steps must not appear early.
    tables = [schema.documents, schema.statements, schema.runs, schema.run_items, schema.feed_state]
    schema.metadata.create_all(conn, tables=tables)


def _full_text_search(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        # External-content FTS5 index kept in step with documents by triggers, so the
        # text is stored once. detail=column: search quotes each word on its own (no
        # phrase queries), and the smaller index makes ingest faster.
        conn.execute(
            text(
                "CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5("
                "title, text, content='documents', content_rowid='rowid', "
                "tokenize='unicode61 remove_diacritics 2', detail=column)"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER IF NOT EXISTS documents_ai AFTER INSERT ON documents BEGIN "
                "INSERT INTO documents_fts(rowid, title, text) "
                "VALUES (new.rowid, coalesce(new.title, ''), new.text); END"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER IF NOT EXISTS documents_ad AFTER DELETE ON documents BEGIN "
                "INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                "VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text); END"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER IF NOT EXISTS documents_au AFTER UPDATE OF title, text ON documents "
                "BEGIN INSERT INTO documents_fts(documents_fts, rowid, title, text) "
                "VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text); "
                "INSERT INTO documents_fts(rowid, title, text) "
                "VALUES (new.rowid, coalesce(new.title, ''), new.text); END"
            )
        )
    elif conn.dialect.name == "postgresql":
        # left() bounds the indexed text: PostgreSQL refuses tsvectors over 1 MB.
        conn.execute(
            text(
                "ALTER TABLE documents ADD COLUMN IF NOT EXISTS tsv tsvector GENERATED ALWAYS AS "
                "(to_tsvector('english', coalesce(title, '') || ' ' || left(text, 400000))) STORED"
            )
        )
        conn.execute(text("CREATE INDEX IF NOT EXISTS ix_documents_tsv ON documents USING gin(tsv)"))


def _users_and_audit_log(conn: Connection) -> None:
    tables = [schema.users, schema.audit_log, schema.login_attempts]
    schema.metadata.create_all(conn, tables=tables)


def _resolution(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.judgements, schema.resolutions, schema.clusters])


def _date_precision(conn: Connection) -> None:
    # Step 1 creates documents from today's table definition, so a store made by this
    # version has the column already; one made before gains it, rows kept (NULL: a day).
    if "published_precision" not in {c["name"] for c in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN published_precision VARCHAR(8)"))


def _volume_indexes(conn: Connection) -> None:
    # Step 1 makes these on a new store (today's table definitions carry them); a store
    # made before gains them here, over the rows it holds.
    for index in (schema.ix_documents_created, schema.ix_statements_status_prop):
        index.create(conn, checkfirst=True)


def _fingerprints(conn: Connection) -> None:
    # Filled lazily: resolution fingerprints the documents that lack one from their text.
    schema.metadata.create_all(conn, tables=[schema.fingerprints])


def _store_version(conn: Connection) -> None:
    # One row, made here on a new store and on one that holds data alike: its counter
    # starts at 1 and is raised by every write from now on (Store.writer).
    schema.metadata.create_all(conn, tables=[schema.store_state])
    if conn.execute(select(schema.store_state.c.id)).first() is None:
        conn.execute(schema.store_state.insert().values(id=1, version=1))


def _cluster_keys(conn: Connection) -> None:
    # A store resolved before gets the keys its cluster rows carry, read row by row.
    import json

    from ratline.store import bulk

    schema.metadata.create_all(conn, tables=[schema.cluster_keys])
    c = schema.clusters
    rows: list[dict[str, str]] = []
    for kind, cid, data in conn.execute(select(c.c.kind, c.c.cluster_id, c.c.data)):
        rows += [{"kind": kind, "key": k, "cluster_id": cid}
                 for k in sorted(set(json.loads(data).get("keys") or ()))]
        if len(rows) >= 10_000:
            bulk.insert_rows(conn, schema.cluster_keys, rows)
            rows = []
    bulk.insert_rows(conn, schema.cluster_keys, rows)


def _resolution_queue(conn: Connection) -> None:
    # A store with data gets the incident subjects no resolution placed yet (one scan of
    # its statements, here only), and whether each kind's cluster rows can be extended.
    from sqlalchemy import and_, exists, insert

    schema.metadata.create_all(conn, tables=[schema.unresolved, schema.resolution_state])
    s, r, c, u = schema.statements, schema.resolutions, schema.clusters, schema.unresolved
    placed = exists().where(and_(r.c.kind == "incident", r.c.member == s.c.subject))
    queued = exists().where(u.c.subject == s.c.subject)
    pending = select(s.c.subject).where(s.c.subject.like("incident:%"), ~placed, ~queued).distinct()
    conn.execute(insert(u).from_select(["subject"], pending))
    st = schema.resolution_state
    stale = {"actor": c.c.data.not_like('%"name_counts"%'), "incident": c.c.data.not_like('%"keys"%')}
    for kind, old in stale.items():
        # A kind with no clusters has nothing to extend or not: no row (an empty store
        # stays empty, as a restore needs it).
        if conn.execute(select(c.c.cluster_id).where(c.c.kind == kind).limit(1)).first() is None:
            continue
        found = conn.execute(select(c.c.cluster_id).where(c.c.kind == kind, old).limit(1)).first()
        conn.execute(st.delete().where(st.c.kind == kind))
        conn.execute(insert(st).values(kind=kind, extendable=int(found is None)))


def _run_documents(conn: Connection) -> None:
    # Runs made before have no rows here: only a run's own extraction reads them.
    schema.metadata.create_all(conn, tables=[schema.run_documents])


def _victim_statements(conn: Connection) -> None:
    # Step 1 makes it on a new store; a store made before gains it over the rows it holds.
    schema.ix_statements_victims.create(conn, checkfirst=True)


def _web_sessions(conn: Connection) -> None:
    # Sessions lived in the web process's memory before: everyone logs in once more.
    schema.metadata.create_all(conn, tables=[schema.web_sessions])


def _frequencies(conn: Connection) -> None:
    # A store resolved before has no counts: its next resolution runs in full and writes
    # them, as an incremental run weighs names by them.
    from sqlalchemy import insert

    schema.metadata.create_all(conn, tables=[schema.frequencies])
    st, c = schema.resolution_state, schema.clusters
    if conn.execute(select(c.c.cluster_id).where(c.c.kind == "incident").limit(1)).first() is not None:
        conn.execute(st.delete().where(st.c.kind == "incident"))
        conn.execute(insert(st).values(kind="incident", extendable=0))


MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "initial tables", _initial_tables),
    (2, "full-text search over documents", _full_text_search),
    (3, "users and audit log", _users_and_audit_log),
    (4, "resolution of actors and incidents", _resolution),
    (5, "precision of document dates", _date_precision),
    (6, "indexes for stores at volume", _volume_indexes),
    (7, "name fingerprints of documents", _fingerprints),
    (8, "the store's version, raised by every write", _store_version),
    (9, "blocking keys of clusters, indexed", _cluster_keys),
    (10, "incidents awaiting resolution, and whether a resolution can be extended",
     _resolution_queue),
    (11, "the documents each run read", _run_documents),
    (12, "statements naming a victim's pseudonym, indexed by document", _victim_statements),
    (13, "web sessions shared by the server's worker processes", _web_sessions),
    (14, "name frequencies of the stored incident reports", _frequencies),
]


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_migrations"):
        return 0
    value = conn.execute(select(schema.schema_migrations.c.version).order_by(
        schema.schema_migrations.c.version.desc()).limit(1)).scalar()
    return int(value or 0)


def migrate(conn: Connection) -> list[int]:
    """Apply every step newer than the database; returns the versions applied."""
    schema.schema_migrations.create(conn, checkfirst=True)
    have = current_version(conn)
    applied = []
    for version, name, step in MIGRATIONS:
        if version <= have:
            continue
        step(conn)
        conn.execute(
            schema.schema_migrations.insert().values(
                version=version, name=name, applied_at=datetime.now(UTC)
            )
        )
        applied.append(version)
    return applied


def latest_version() -> int:
    return MIGRATIONS[-1][0]
