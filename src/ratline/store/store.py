"""Reads and writes of documents, statements, runs and failures, for SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import json
import os
import re
import socket
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    func,
    select,
    text,
    update,
)
from sqlalchemy.engine import RowMapping, make_url
from sqlalchemy.exc import DBAPIError

from ratline import settings
from ratline.model import STATUSES, Document, Failure, Statement
from ratline.store import bulk, schema
from ratline.store.errors import cannot_write, describe, is_transient
from ratline.store.migrations import current_version, latest_version, migrate
from ratline.vocab import values as vocab_values

if TYPE_CHECKING:
    from ratline.masking import Masker

T = TypeVar("T")
# Deadlocks and serialization failures between concurrent writers: try again this
# many times, waiting a little longer (with jitter) each time.
RETRIES = 6

HUMAN_STATUSES = ("accepted", "rejected", "edited")
# Highlight markers for search snippets: control characters that cannot occur in
# normalised document text, so the CLI and web can turn them into markup safely.
MARK_START, MARK_END = "\x02", "\x03"
# Raises the store's version; the last statement of every write transaction (`writer`).
_BUMP = update(schema.store_state).values(version=schema.store_state.c.version + 1)
# Ids in one `IN (...)` list: a million in one statement would be megabytes of SQL (and
# past SQLite's limit on bound parameters).
IDS_PER_QUERY = 500


def failure_id(origin: str) -> str:
    """Id of a failure record: derived from where the item came from, not its (absent) text."""
    return "failed-" + hashlib.sha256(origin.encode("utf-8")).hexdigest()[:57]


def _now() -> datetime:
    return datetime.now(UTC)


class StoreError(Exception):
    pass


class MachineStatements(NamedTuple):
    """One document's fresh extraction as the store keeps it: its machine statements and
    whether it is about the trade (None: not judged)."""

    document_id: str
    statements: Sequence[Statement]
    relevant: bool | None


class Store:
    """The statement store. One instance per process; safe to use from one thread at a time.

    A SQLite store whose file or folder cannot be written (a read-only mount, a backup
    copy) opens read-only: every read works, a write fails with a one-line reason.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.read_only = False
        self.engine: Engine = _engine(url)
        self.dialect = self.engine.dialect.name
        self._reader: Engine | None = None
        try:
            self._bring_up_to_date()
        except DBAPIError as exc:
            self.engine.dispose()
            if self.dialect == "sqlite" and cannot_write(exc):
                self._open_read_only(exc)
            else:
                raise StoreError(describe(exc) + self._where()) from None

    def _bring_up_to_date(self) -> None:
        # A store that is up to date is only read here, so opening needs no write lock
        # (and works on a read-only store).
        with self.engine.connect() as conn:
            if current_version(conn) >= latest_version():
                return
        with self.writer() as conn:
            if self.dialect == "postgresql":
                # Two processes opening a fresh database must not both run migrations.
                conn.execute(text("SELECT pg_advisory_xact_lock(72617476)"))
            migrate(conn)

    def _open_read_only(self, cause: DBAPIError) -> None:
        path = self.sqlite_path()
        if path is None or not path.exists():
            raise StoreError(describe(cause) + self._where()) from None
        # mode=ro reads a WAL store when its -shm file exists or can be made; a folder
        # that cannot be written needs `immutable`, which is right for a read-only copy.
        last: DBAPIError = cause
        for query in ("mode=ro", "immutable=1"):
            engine = _engine(f"sqlite:///file:{path}?{query}&uri=true", read_only=True)
            try:
                with engine.connect() as conn:
                    version = current_version(conn)
            except DBAPIError as exc:
                engine.dispose()
                last = exc
                continue
            if version < latest_version():
                engine.dispose()
                raise StoreError(
                    f"the store is read-only and has schema version {version}; this ratline "
                    f"needs {latest_version()}: open it once with write access" + self._where())
            self.engine, self.read_only = engine, True
            return
        raise StoreError(describe(last) + self._where()) from None

    def sqlite_path(self) -> Path | None:
        if self.dialect != "sqlite":
            return None
        database = make_url(self.url).database
        if not database or database == ":memory:":
            return None
        return Path(database.removeprefix("file:").split("?", 1)[0])

    def _where(self) -> str:
        path = self.sqlite_path()
        if path is not None:
            return f" [store: {path}]"
        url = make_url(self.url)
        return f" [store: PostgreSQL {url.host or 'localhost'}:{url.port or 5432}/{url.database}]"

    def close(self) -> None:
        self.engine.dispose()

    # -- helpers -----------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reads only. On PostgreSQL it runs in autocommit: under READ
        COMMITTED each statement reads its own snapshot either way, and a read then costs
        its query's round trip without a BEGIN and a ROLLBACK around it (with the server
        on the same cores, those were a third of an incident page's time under load)."""
        if self.dialect != "postgresql":
            with self.engine.connect() as conn:
                yield conn
            return
        if self._reader is None:
            self._reader = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        with self._reader.connect() as conn:
            yield conn

    @contextmanager
    def writer(self, *, bump: bool = True) -> Iterator[Connection]:
        """A write transaction that holds the write lock from its first statement.

        Just before it commits it raises the store's version (`version`), in the same
        transaction: a reader sees the new version and the rows it counts together, and a
        transaction that rolls back raises nothing. `bump=False` is for writes only to
        what no view of the data reads (users, login attempts, the audit log, run
        records, feed validators, the name-fingerprint cache), so a login or an export
        does not make the web rebuild its incident index.

        On PostgreSQL the version row's lock serialises concurrent write transactions
        from that UPDATE to their commit, which is all it holds it for (it is taken
        last, so it cannot deadlock with the rows a writer locked before). That is
        acceptable: one process ingests and the web's reviews are single small
        transactions. A sequence would take no lock, but `nextval` is seen before the
        writer commits: a reader could cache the index of the old rows under the new
        version and keep it after the commit.
        """
        with self.engine.execution_options(sqlite_begin="BEGIN IMMEDIATE").begin() as conn:
            yield conn
            if bump:
                conn.execute(_BUMP)

    def version(self) -> int:
        """The store's version: raised by every write that changes data (`writer`), so
        it differs whenever what the store shows may differ. One row read, whatever the
        size of the store; a read-only store reads it too."""
        with self.reading() as conn:
            return int(conn.execute(select(schema.store_state.c.version)).scalar_one())

    def raise_version_past(self, seen: int) -> None:
        """Make the version greater than `seen`, a version this store had before it was
        replaced (a restore): a reader holding that version must see a change."""
        t = schema.store_state
        with self.writer() as conn:
            conn.execute(update(t).values(version=case((t.c.version > seen, t.c.version),
                                                       else_=seen)))

    def write(self, work: Callable[[Connection], T], *, bump: bool = True) -> T:
        """Run `work` in one write transaction; again, after a pause, when a concurrent
        writer made the database give up on it (deadlock, serialization failure)."""
        for attempt in range(RETRIES):
            try:
                with self.writer(bump=bump) as conn:
                    return work(conn)
            except DBAPIError as exc:
                if attempt == RETRIES - 1 or not is_transient(exc):
                    raise
                time.sleep(0.05 * 2**attempt * (1 + os.urandom(1)[0] / 255))
        raise AssertionError("unreachable")

    # -- documents ---------------------------------------------------------------
    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        d = schema.documents
        for i in range(0, len(ids), IDS_PER_QUERY):
            chunk = ids[i : i + IDS_PER_QUERY]
            with self.engine.connect() as conn:
                found.update(conn.execute(select(d.c.id).where(d.c.id.in_(chunk))).scalars())
        return found

    def add_documents(self, docs: Sequence[Document], conn: Connection | None = None) -> list[str]:
        """Store documents not stored yet; returns the ids that were new. Idempotent."""
        if not docs:
            return []
        if conn is None:
            with self.writer() as c:
                return self.add_documents(docs, c)
        d = schema.documents
        unique: dict[str, Document] = {}
        for doc in docs:
            unique.setdefault(doc.id, doc)
        # Sorted: concurrent writers then take row locks in the same order and cannot
        # deadlock on each other's inserts.
        ids = sorted(unique)
        have = set(conn.execute(select(d.c.id).where(d.c.id.in_(ids))).scalars())
        new = [unique[i] for i in ids if i not in have]
        now = _now()
        inserted: set[str] = set()
        if new:
            # RETURNING: a concurrent writer may have stored some of them meanwhile; only
            # what this insert stored counts as added.
            inserted = set(bulk.insert_rows(
                conn, d,
                [
                    {
                        "id": doc.id, "source": doc.source, "url": doc.url, "title": doc.title,
                        "published": doc.published,
                        "published_precision": _precision(doc), "language": doc.language,
                        "media_type": doc.media_type, "author": doc.author, "site": doc.site,
                        "size": doc.size, "status": "stored", "error": None, "stage": None,
                        "relevant": None, "extractor_version": None, "text": doc.text,
                        "created_at": now, "updated_at": now,
                    }
                    for doc in new
                ],
                returning="id",
            ))
        self._fill_missing(conn, [unique[i] for i in ids if i in have])
        # An origin that failed before and reads now is no longer a failure.
        failed = sorted({failure_id(doc.source) for doc in docs})
        conn.execute(delete(d).where(d.c.id.in_(failed), d.c.status == "failed"))
        return [doc.id for doc in new if doc.id in inserted]

    def _fill_missing(self, conn: Connection, docs: Sequence[Document]) -> None:
        """Stored documents gain the source URL and date a new reading gives them when they
        have none (a store filled by a ratline that dropped them); nothing stored is
        overwritten, so ingesting again changes nothing more. A document that gains a date
        is due for extraction again: the date dates what the text leaves undated."""
        d = schema.documents
        urls = [{"key": doc.id, "v": doc.url} for doc in docs if doc.url]
        if urls:
            conn.execute(update(d).where(d.c.id == bindparam("key"), d.c.url.is_(None))
                         .values(url=bindparam("v")), urls)
        dates = [{"key": doc.id, "v": doc.published, "p": _precision(doc)}
                 for doc in docs if doc.published is not None]
        if dates:
            conn.execute(update(d).where(d.c.id == bindparam("key"), d.c.published.is_(None))
                         .values(published=bindparam("v"), published_precision=bindparam("p"),
                                 extractor_version=None),
                         dates)

    def record_failures(self, failures: Sequence[Failure], conn: Connection | None = None) -> None:
        """Keep one error record per failing origin; a repeated failure updates its reason."""
        if not failures:
            return
        if conn is None:
            with self.writer() as c:
                self.record_failures(failures, c)
                return
        d = schema.documents
        now = _now()
        rows = {
            failure_id(f.origin): {
                "id": failure_id(f.origin), "source": f.origin, "status": "failed",
                "error": f.reason, "stage": f.stage, "size": 0, "text": "",
                "created_at": now, "updated_at": now,
            }
            for f in failures
        }
        have = set(conn.execute(select(d.c.id).where(d.c.id.in_(list(rows)))).scalars())
        new = [rows[k] for k in sorted(rows) if k not in have]
        if new:
            bulk.insert_rows(conn, d, new)
        for key in sorted(have):
            r = rows[key]
            conn.execute(
                update(d).where(d.c.id == key).values(error=r["error"], stage=r["stage"], updated_at=now)
            )

    def document(self, ref: str) -> RowMapping | None:
        """A document by id or unique id prefix (at least 6 characters)."""
        d = schema.documents
        with self.engine.connect() as conn:
            row = conn.execute(select(d).where(d.c.id == ref)).mappings().first()
            if row is not None or len(ref) < 6:
                return row
            rows = conn.execute(select(d).where(d.c.id.like(ref + "%")).limit(2)).mappings().all()
        if len(rows) > 1:
            raise StoreError(f"document id prefix {ref!r} is ambiguous")
        return rows[0] if rows else None

    def documents(
        self, status: str | None = None, limit: int | None = None, offset: int = 0
    ) -> list[RowMapping]:
        d = schema.documents
        cols = [c for c in d.c if c.name != "text"]
        q = select(*cols).order_by(d.c.created_at, d.c.id).offset(offset)
        if status:
            q = q.where(d.c.status == status)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return list(conn.execute(q).mappings())

    def iter_texts(self, ids: Sequence[str] | None = None, pending_version: str | None = None,
                   batch: int = 200, run_id: int | None = None) -> Iterator[RowMapping]:
        """Stored documents with their text, in id order, for extraction. With `ids`, only
        those (each once, asked for `IDS_PER_QUERY` at a time); with `run_id`, only those
        that run read (`run_document_ids`, so no list of them is held); with
        `pending_version`, only those not yet extracted by that extractor version."""
        if ids is not None and run_id is not None:
            raise ValueError("iter_texts takes ids or run_id, not both")
        d = schema.documents
        q = select(d.c.id, d.c.source, d.c.title, d.c.published, d.c.text).where(
            d.c.status != "failed").order_by(d.c.id)
        if pending_version is not None:
            q = q.where((d.c.extractor_version.is_(None)) | (d.c.extractor_version != pending_version))
        if run_id is not None:
            chunks: Iterable[list[str]] = self.run_document_ids(run_id)
        elif ids is not None:
            wanted = sorted(set(ids))
            chunks = (wanted[i : i + IDS_PER_QUERY] for i in range(0, len(wanted), IDS_PER_QUERY))
        else:
            yield from self._pages(q, batch)
            return
        # Sorted chunks in turn keep the id order: each chunk's ids follow the last's.
        for chunk in chunks:
            yield from self._pages(q.where(d.c.id.in_(chunk)), batch)

    def _pages(self, q: Any, batch: int) -> Iterator[RowMapping]:
        """The rows of `q` (ordered by document id), `batch` at a time, each page read on a
        connection of its own so a long run holds no read transaction open."""
        d = schema.documents
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = list(conn.execute(q.where(d.c.id > last).limit(batch)).mappings())
            if not rows:
                return
            yield from rows
            last = rows[-1]["id"]

    def counts(self) -> dict[str, int]:
        d, s = schema.documents, schema.statements
        with self.engine.connect() as conn:
            by_status: dict[str, int] = dict(conn.execute(select(d.c.status, func.count()).group_by(d.c.status)).all())
            relevant = conn.execute(select(func.count()).where(d.c.relevant == 1)).scalar() or 0
            stmts = conn.execute(select(func.count()).select_from(s)).scalar() or 0
        return {
            "documents": sum(v for k, v in by_status.items() if k != "failed"),
            "extracted": by_status.get("extracted", 0),
            "failed": by_status.get("failed", 0),
            "relevant": relevant,
            "statements": stmts,
        }

    def failures(self) -> list[RowMapping]:
        d = schema.documents
        with self.engine.connect() as conn:
            return list(
                conn.execute(
                    select(d.c.id, d.c.source, d.c.stage, d.c.error, d.c.updated_at)
                    .where((d.c.status == "failed") | d.c.error.is_not(None))
                    .order_by(d.c.source)
                ).mappings()
            )

    def record_document_error(self, document_id: str, reason: str, stage: str,
                              conn: Connection | None = None) -> None:
        """A stored document that failed a later stage keeps its text and gets the reason."""
        if conn is None:
            with self.writer() as c:
                self.record_document_error(document_id, reason, stage, c)
                return
        d = schema.documents
        conn.execute(update(d).where(d.c.id == document_id).values(
            error=reason, stage=stage, updated_at=_now()))

    def clear_document_error(self, document_id: str) -> None:
        d = schema.documents
        with self.writer() as conn:
            conn.execute(update(d).where(d.c.id == document_id, d.c.status != "failed",
                                         d.c.error.is_not(None)).values(error=None, stage=None))

    def forget_failure(self, origin: str) -> None:
        d = schema.documents
        with self.writer() as conn:
            conn.execute(delete(d).where(d.c.id == failure_id(origin), d.c.status == "failed"))

    # -- search ------------------------------------------------------------------
    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Full-text search; snippets carry MARK_START/MARK_END around each match.

        Hits are as people may see them: victims' names masked, and no hit found through a
        victim's name (`ratline.masking`). Only the best documents are ranked into
        snippets: a common word matches most of the corpus, and a snippet costs a pass
        over the whole text."""
        from ratline.masking import protect_hits

        terms = re.findall(r"\w+", query, flags=re.UNICODE)
        if not terms:
            return []
        # A snippet costs a pass over its document's text (a fifth of a search's time at
        # ten million statements came from snippets of hits never shown): ask for a few
        # more than shown, and for more only when masking dropped too many.
        want = limit + 10
        while True:
            found = self._search(terms, want)
            shown = protect_hits(self, terms, found)
            if len(shown) >= limit or len(found) < want:
                return shown[:limit]
            want *= 4

    def _search(self, terms: list[str], limit: int) -> list[dict[str, Any]]:
        with self.reading() as conn:
            if self.dialect == "sqlite":
                rows = conn.execute(
                    text(
                        "SELECT d.id, d.title, d.source, "
                        "snippet(documents_fts, 1, :a, :b, '…', 16) AS snippet "
                        "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                        "WHERE documents_fts MATCH :q AND documents_fts.rowid IN ("
                        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH :q "
                        "ORDER BY bm25(documents_fts) LIMIT :n) "
                        "ORDER BY bm25(documents_fts)"
                    ),
                    {"q": _fts_match(terms), "a": MARK_START, "b": MARK_END, "n": limit},
                ).mappings()
            else:
                rows = conn.execute(
                    text(
                        "SELECT id, title, source, ts_headline('english', left(text, 400000), q, "
                        ":opts) AS snippet FROM (SELECT d.id, d.title, d.source, d.text, q, "
                        "ts_rank(m.tsv, q) AS r FROM (" + _MATCHES + ") m "
                        "JOIN documents d ON d.id = m.id, plainto_tsquery('english', :q) q "
                        "ORDER BY r DESC LIMIT :n) best ORDER BY r DESC"
                    ),
                    {
                        "q": " ".join(terms), "n": limit, "cap": rank_cap(limit),
                        "opts": f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12",
                    },
                ).mappings()
            return [dict(r) for r in rows]

    def search_ids(self, query: str, limit: int = 5000, masker: Masker | None = None) -> list[str]:
        """Ids of the documents matching `query`, best first, without snippets (filters);
        none found through a victim's name (`ratline.masking`). `masker`: one already
        loaded for these documents (the web's incident index has one for every document
        it holds), instead of reading the victims' statements of up to `limit` documents
        again."""
        from ratline.masking import load

        terms = re.findall(r"\w+", query, flags=re.UNICODE)
        if not terms:
            return []
        ids = self._search_ids(terms, limit)
        if masker is None:
            masker = load(self, ids)
        if not masker:
            return ids
        hidden = masker.found_by_names(terms, set(ids))
        return [i for i in ids if i not in hidden]

    def matching_ids(self, query: str, masker: Masker | None = None) -> set[str]:
        """Every document matching `query`, in no order, none found through a victim's
        name: what an export filtered by a search lists the incidents of, however many
        match (nothing is ranked, which is what makes `search_ids` cap the matches it
        reads; at 10M statements a word in every document takes 0.1-0.3 s).
        `masker` as for `search_ids`."""
        from ratline.masking import load

        terms = re.findall(r"\w+", query, flags=re.UNICODE)
        if not terms:
            return set()
        with self.reading() as conn:
            if self.dialect == "sqlite":
                rows = conn.execute(text(
                    "SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                    "WHERE documents_fts MATCH :q"), {"q": _fts_match(terms)})
            else:
                rows = conn.execute(text(
                    "SELECT id FROM documents, plainto_tsquery('english', :q) q WHERE tsv @@ q"),
                    {"q": " ".join(terms)})
            ids = set(rows.scalars().all())
        if masker is None:
            masker = load(self, ids)
        return ids - masker.found_by_names(terms, ids) if masker else ids

    def _search_ids(self, terms: list[str], limit: int) -> list[str]:
        with self.reading() as conn:
            if self.dialect == "sqlite":
                rows = conn.execute(text(
                    "SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                    "WHERE documents_fts MATCH :q ORDER BY bm25(documents_fts) LIMIT :n"),
                    {"q": _fts_match(terms), "n": limit})
            else:
                rows = conn.execute(text(
                    "SELECT m.id FROM (" + _MATCHES + ") m, plainto_tsquery('english', :q) q "
                    "ORDER BY ts_rank(m.tsv, q) DESC LIMIT :n"),
                    {"q": " ".join(terms), "n": limit, "cap": rank_cap(limit)})
            return [r[0] for r in rows]

    # -- statements --------------------------------------------------------------
    def replace_machine_statements(
        self, document_id: str, new: Sequence[Statement], *, relevant: bool | None,
        extractor_version: str,
    ) -> tuple[int, int]:
        """Swap a document's machine statements for a fresh extraction's, in a transaction
        of its own (`replace_machine_statements_batch`). Returns (added, removed)."""
        return self.write(lambda conn: self.replace_machine_statements_batch(
            [MachineStatements(document_id, new, relevant)], extractor_version, conn))

    def replace_machine_statements_batch(
        self, batch: Sequence[MachineStatements], extractor_version: str, conn: Connection,
    ) -> tuple[int, int]:
        """Swap each document's machine statements for its fresh extraction's, on `conn`'s
        transaction, and mark it extracted by `extractor_version` (an earlier extraction
        error is cleared).

        Statements a person accepted, rejected or edited are never touched; a fresh
        machine statement with the same id as one of them is not added again. The new
        rows of the whole batch go in one insert (`bulk.insert_rows`: COPY on PostgreSQL
        for a large batch). Returns (added, removed) over the batch.
        """
        s, d = schema.statements, schema.documents
        now = _now()
        # A document twice in one batch: its last extraction is the one that stands.
        latest = {item.document_id: item for item in batch}
        # Sorted: concurrent writers then lock rows in the same order (no deadlock).
        doc_ids = sorted(latest)
        existing: dict[str, dict[str, str]] = {doc_id: {} for doc_id in doc_ids}
        for i in range(0, len(doc_ids), IDS_PER_QUERY):
            chunk = doc_ids[i : i + IDS_PER_QUERY]
            for doc_id, key, status in conn.execute(
                    select(s.c.document_id, s.c.id, s.c.status).where(s.c.document_id.in_(chunk))):
                existing[doc_id][key] = status
        stale: list[str] = []
        rows: dict[str, dict[str, Any]] = {}
        for doc_id in doc_ids:
            new_ids = {st.id for st in latest[doc_id].statements}
            stale += [k for k, v in existing[doc_id].items() if v == "machine" and k not in new_ids]
            for st in latest[doc_id].statements:
                if st.id not in existing[doc_id]:
                    rows[st.id] = {**asdict(st), "status": "machine", "reviewer": None,
                                   "created_at": now, "updated_at": now, "original_value": None}
        stale.sort()
        for i in range(0, len(stale), IDS_PER_QUERY):
            conn.execute(delete(s).where(s.c.id.in_(stale[i : i + IDS_PER_QUERY])))
        bulk.insert_rows(conn, s, [rows[k] for k in sorted(rows)])
        # Incident subjects no resolution has placed wait for the next resolve run
        # (`resolution.unresolved_subjects`); a placed one, re-extracted, stays placed.
        fresh = sorted({r["subject"] for r in rows.values() if r["subject"].startswith("incident:")})
        res = schema.resolutions
        placed: set[str] = set()
        for i in range(0, len(fresh), IDS_PER_QUERY):
            placed.update(conn.execute(select(res.c.member).where(
                res.c.kind == "incident", res.c.member.in_(fresh[i:i + IDS_PER_QUERY]))).scalars())
        bulk.insert_rows(conn, schema.unresolved, [{"subject": x} for x in fresh if x not in placed])
        if doc_ids:
            conn.execute(
                update(d).where(d.c.id == bindparam("key")).values(
                    status="extracted", relevant=bindparam("rel"),
                    extractor_version=extractor_version, error=None, stage=None, updated_at=now),
                [{"key": doc_id, "rel": None if latest[doc_id].relevant is None
                  else int(bool(latest[doc_id].relevant))} for doc_id in doc_ids],
            )
        return len(rows), len(stale)

    def statements(
        self, document_id: str | None = None, subject: str | None = None,
        prop: str | None = None, status: str | None = None, limit: int | None = None,
    ) -> list[RowMapping]:
        s = schema.statements
        q = select(s).order_by(s.c.document_id, s.c.start, s.c.prop, s.c.id)
        if document_id:
            q = q.where(s.c.document_id == document_id)
        if subject:
            q = q.where(s.c.subject == subject)
        if prop:
            q = q.where(s.c.prop == prop)
        if status:
            q = q.where(s.c.status == status)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return list(conn.execute(q).mappings())

    def review(self, statement_id: str, status: str, reviewer: str, value: str | None = None) -> RowMapping:
        """Record a person's decision on a statement. Returns the statement before the change."""
        if status not in STATUSES or status == "machine":
            raise StoreError(f"review status must be one of {', '.join(HUMAN_STATUSES)}")
        if status == "edited" and value is None:
            raise StoreError("an edit needs the new value")
        s = schema.statements
        with self.writer() as conn:
            before = conn.execute(select(s).where(s.c.id == statement_id)).mappings().first()
            if before is None:
                raise StoreError(f"no statement {statement_id}")
            if status == "edited" and value is not None:
                # The last guard: every path that edits comes through here.
                try:
                    vocab_values.check(before["prop"], value)
                except vocab_values.BadValue as exc:
                    raise StoreError(str(exc)) from None
            values: dict[str, Any] = {"status": status, "reviewer": reviewer, "updated_at": _now()}
            if status == "edited":
                values["value"] = value
                values["original_value"] = before["original_value"] or before["value"]
            conn.execute(update(s).where(s.c.id == statement_id).values(**values))
        return before

    # -- runs --------------------------------------------------------------------
    def start_run(self, command: str, sources: Sequence[str]) -> int:
        r = schema.runs
        host = socket.gethostname()
        with self.writer(bump=False) as conn:
            running = conn.execute(select(r.c.id, r.c.pid, r.c.started_at).where(
                r.c.status == "running", r.c.host == host)).all()
            dead = [run_id for run_id, pid, started in running if not _still_running(pid, started)]
            if dead:
                conn.execute(update(r).where(r.c.id.in_(dead)).values(status="interrupted"))
            result = conn.execute(
                r.insert().values(
                    command=command, sources=json.dumps(list(sources)), status="running",
                    host=host, pid=os.getpid(),
                    started_at=_now(), seen=0, added=0, duplicates=0, failed=0,
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def record_run_items(self, run_id: int, items: Sequence[dict[str, Any]], conn: Connection) -> None:
        bulk.insert_rows(conn, schema.run_items, [{"run_id": run_id, **item} for item in items])

    def record_run_documents(self, run_id: int, document_ids: Iterable[str], conn: Connection) -> int:
        """Keep that run `run_id` read these documents; returns how many it had not read
        before (a document read twice in a run is kept once)."""
        rows = [{"run_id": run_id, "document_id": i} for i in sorted(set(document_ids))]
        return len(bulk.insert_rows(conn, schema.run_documents, rows, returning="document_id"))

    def run_document_ids(self, run_id: int, page: int = IDS_PER_QUERY) -> Iterator[list[str]]:
        """The ids of the documents run `run_id` read, in id order, `page` at a time: each
        page is read on a connection of its own, after the last id of the one before."""
        r = schema.run_documents
        q = select(r.c.document_id).where(r.c.run_id == run_id).order_by(r.c.document_id).limit(page)
        last = ""
        while True:
            with self.engine.connect() as conn:
                ids = list(conn.execute(q.where(r.c.document_id > last)).scalars())
            if not ids:
                return
            yield ids
            last = ids[-1]

    def bump_run(self, run_id: int, conn: Connection, **counts: int) -> None:
        r = schema.runs
        conn.execute(
            update(r).where(r.c.id == run_id).values(
                **{k: getattr(r.c, k) + bindparam(f"n_{k}") for k in counts}
            ),
            {f"n_{k}": v for k, v in counts.items()},
        )

    def finish_run(self, run_id: int, status: str = "done") -> None:
        r = schema.runs
        with self.writer(bump=False) as conn:
            conn.execute(update(r).where(r.c.id == run_id).values(status=status, finished_at=_now()))

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """Recent runs, newest first. A run recorded as running whose process is gone
        from this host reads `interrupted` (stored so by the next run that starts)."""
        r = schema.runs
        with self.engine.connect() as conn:
            rows = [dict(row) for row in
                    conn.execute(select(r).order_by(r.c.id.desc()).limit(limit)).mappings()]
        host = socket.gethostname()
        for row in rows:
            if row["status"] == "running" and row["host"] == host and not _still_running(
                    row["pid"], row["started_at"]):
                row["status"] = "interrupted"
        return rows

    # -- feed state --------------------------------------------------------------
    def feed_validators(self, url: str) -> tuple[str | None, str | None]:
        f = schema.feed_state
        with self.engine.connect() as conn:
            row = conn.execute(select(f.c.etag, f.c.last_modified).where(f.c.url == url)).first()
        return (row[0], row[1]) if row else (None, None)

    def set_feed_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        f = schema.feed_state
        with self.writer(bump=False) as conn:
            conn.execute(delete(f).where(f.c.url == url))
            conn.execute(f.insert().values(url=url, etag=etag, last_modified=last_modified,
                                           updated_at=_now()))


def _still_running(pid: int | None, started_at: datetime | None) -> bool:
    """Whether the process that started a run on this host is still that run."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    # A live pid may be a newer process that reuses the number (containers restart
    # from the same few pids): one that began after the run did is not the run.
    began = _process_start(pid)
    if began is not None and started_at is not None:
        if started_at.tzinfo is None:
            started_at = started_at.replace(tzinfo=UTC)
        return began <= started_at.timestamp() + 2
    return True


def _precision(doc: Document) -> str | None:
    if doc.published is None:
        return None
    return doc.published_precision or "day"


# The documents PostgreSQL ranks for a search. Ranking reads each match's whole vector,
# and a common word ("police", a capital's name) matches a third of the store: at ten
# million statements ranking every match took a tenth of a second or more per search,
# which 50 viewers turned into seconds of waiting (docs/scale.md). A search ranks at most
# `rank_cap` matches, the first in storage (ingest) order: exact wherever fewer match,
# and beyond that the best of the first matches.
_MATCHES = ("SELECT id, tsv FROM documents, plainto_tsquery('english', :q) q "
            "WHERE tsv @@ q LIMIT :cap")
RANK_CAP_FLOOR = 500


def rank_cap(limit: int) -> int:
    """How many matches a search for the best `limit` documents ranks."""
    return max(2 * limit, RANK_CAP_FLOOR)


def _fts_match(terms: Sequence[str]) -> str:
    # Each word quoted on its own: FTS5 query syntax in user input is taken literally.
    return " ".join('"' + t.replace('"', "") + '"' for t in terms)


def _process_start(pid: int) -> float | None:
    """When a process started (seconds since the epoch), on Linux; None elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(float(line.split()[1]) for line in Path("/proc/stat").read_text().splitlines()
                    if line.startswith("btime "))
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


def _engine(url: str, read_only: bool = False) -> Engine:
    # hide_parameters: a failing statement's error must never carry document texts.
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, hide_parameters=True)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # The driver's own transaction handling skips BEGIN before DDL; take it over
            # so migrations and batches are atomic (SQLAlchemy's documented recipe).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            # WAL: readers (the web UI) never block the one writer (the pipeline).
            if not read_only:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            # A larger page cache keeps full-text index merges in memory during ingest.
            cur.execute("PRAGMA cache_size=-65536")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # Writers ask for IMMEDIATE so two processes never both plan the same write.
            conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))

        return engine
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    size, overflow = settings.database_pool()
    try:
        # A connection waited for longer than 10 s means the server is overloaded: the
        # request fails with that reason rather than hang for the default 30 s.
        return create_engine(url, pool_pre_ping=True, hide_parameters=True, pool_size=size,
                             max_overflow=overflow, pool_timeout=10)
    except ModuleNotFoundError as exc:
        raise StoreError(
            "PostgreSQL needs the 'postgres' extra: pip install 'ratline[postgres]'"
        ) from exc
