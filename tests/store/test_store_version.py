"""The store's version: every write that changes data raises it in its own transaction,
reads and bookkeeping leave it, and the web's incident index follows it across processes."""

from __future__ import annotations

import hashlib
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from ratline import pipeline
from ratline.analyze.incidents import IncidentIndex, IndexCache, build_index, fingerprint
from ratline.model import Document, Failure
from ratline.store import Store, audit, resolution, schema
from ratline.web.users import add_user, authenticate

SAME_CASE = Path(__file__).resolve().parents[1] / "fixtures" / "same_case"


def facts(index: IncidentIndex) -> dict[str, tuple[str, str]]:
    """Statement id -> (status, value) of every fact the index shows."""
    return {f.statement_id: (f.status, f.value) for inc in index.incidents.values() for f in inc.facts}


def trade_fact(store: Store) -> tuple[str, str]:
    """(statement id, subject) of an incident's trade statement."""
    s = schema.statements
    with store.engine.connect() as conn:
        row = conn.execute(select(s.c.id, s.c.subject).where(
            s.c.prop == "trade", s.c.subject.like("incident:%")).order_by(s.c.id).limit(1)).one()
    return str(row[0]), str(row[1])


@pytest.fixture
def extracted(store: Store) -> Store:
    report = pipeline.ingest(store, [str(SAME_CASE)])
    pipeline.extract_stored(store, run_id=report.run_id)
    return store


def test_each_kind_of_write_raises_the_version(store: Store) -> None:
    seen = [store.version()]

    def raised() -> bool:
        seen.append(store.version())
        return seen[-1] > seen[-2]

    report = pipeline.ingest(store, [str(SAME_CASE)])
    assert raised()
    pipeline.extract_stored(store, run_id=report.run_id)
    assert raised()
    sid, _ = trade_fact(store)
    store.review(sid, "accepted", "ana")
    assert raised()
    store.review(sid, "edited", "ana", value="human")
    assert raised()
    store.review(sid, "rejected", "ana")
    assert raised()
    pipeline.resolve_stored(store)
    assert raised()
    members = sorted(resolution.memberships(store, "incident"))
    resolution.add_judgement(store, "incident", members[0], members[1], "yes", "ana")  # a merge
    assert raised()
    pipeline.resolve_stored(store)
    assert raised()
    resolution.add_judgement(store, "incident", members[0], members[1], "no", "ana")  # a split
    assert raised()
    store.record_failures([Failure("gone.txt", "unreadable", "read")])
    assert raised()
    store.forget_failure("gone.txt")  # the one deletion of a document record
    assert raised()
    first = next(store.run_document_ids(report.run_id))[0]
    store.record_document_error(first, "too long", "extract")
    assert raised()
    store.clear_document_error(first)
    assert raised()


def test_reads_and_bookkeeping_leave_the_version(extracted: Store) -> None:
    store = extracted
    pipeline.resolve_stored(store)
    before = store.version()
    store.documents()
    store.statements()
    store.counts()
    store.search("clinic")
    store.failures()
    store.runs()
    build_index(store)
    resolution.fingerprints(store)  # fills the name-fingerprint cache: no change shown
    # Bookkeeping that no view of the data reads: users, logins, the audit log, runs, feeds.
    add_user(store, "ana", "analyst", "a long enough password")
    assert authenticate(store, "ana", "a long enough password", "127.0.0.1") is not None
    audit.record(store, "ana", "export", "incidents")
    store.finish_run(store.start_run("ingest", ["x"]))
    store.set_feed_validators("http://127.0.0.1/feed", '"e1"', None)
    assert store.version() == before == fingerprint(store)


def test_a_rolled_back_write_changes_neither_data_nor_version(extracted: Store) -> None:
    store = extracted
    cache = IndexCache(store, ttl=0.0)
    shown = facts(cache.get())
    before = store.version()
    sid, _ = trade_fact(store)
    s = schema.statements
    with pytest.raises(RuntimeError, match="changed my mind"), store.writer() as conn:
        conn.execute(update(s).where(s.c.id == sid).values(status="rejected"))
        raise RuntimeError("changed my mind")
    assert store.version() == before
    assert {r["id"]: r["status"] for r in store.statements()}[sid] == "machine"
    assert facts(cache.get()) == shown
    # A write the database refuses (a duplicate key) rolls back the same way.
    doc = store.documents()[0]
    with pytest.raises(Exception, match="(?i)unique|duplicate"), store.writer() as conn:
        conn.execute(schema.documents.insert().values(**{
            k: doc[k] for k in ("id", "source", "size", "status", "created_at", "updated_at")},
            text="x"))
    assert store.version() == before
    assert facts(cache.get()) == shown


def test_the_index_follows_a_change_made_through_another_store(extracted: Store) -> None:
    store = extracted
    now = [0.0]
    cache = IndexCache(store, ttl=2.0, clock=lambda: now[0])
    first = cache.get()
    sid, _ = trade_fact(store)
    assert facts(first)[sid][0] == "machine"
    other = Store(store.url)  # another process's connection to the same store
    try:
        other.review(sid, "edited", "bo", value="human")
    finally:
        other.close()
    now[0] = 1.9
    assert cache.get() is first  # within the ttl: the index in hand
    now[0] = 2.1
    assert facts(cache.get())[sid] == ("edited", "human")


def test_a_review_here_after_a_change_elsewhere_still_rebuilds(extracted: Store) -> None:
    store = extracted
    cache = IndexCache(store, ttl=60.0)
    first = cache.get()
    s = schema.statements
    with store.engine.connect() as conn:
        ids = list(conn.execute(select(s.c.id).where(s.c.prop == "trade", s.c.subject.like(
            "incident:%")).order_by(s.c.id).limit(2)).scalars())
    assert len(ids) == 2
    other = Store(store.url)
    try:
        other.review(ids[0], "rejected", "bo")
    finally:
        other.close()
    # This process reviews and patches its own incident; the other change is not in the
    # patch, so the index must not take the version as current.
    store.review(ids[1], "accepted", "ana")
    cache.refresh_subject(store.statements(status="accepted")[0]["subject"])
    shown = facts(cache.get())
    assert ids[0] in facts(first) and ids[0] not in shown  # rejected elsewhere: left out
    assert shown[ids[1]][0] == "accepted"


def test_concurrent_writers_lose_no_raise(store: Store) -> None:
    before = store.version()
    writers, each = 4, 5

    def work(n: int) -> None:
        own = Store(store.url)
        try:
            for i in range(each):
                body = f"A fictional report number {n}-{i} from Port Arden."
                own.add_documents([Document(id=hashlib.sha256(body.encode()).hexdigest(), text=body,
                                            source=f"w{n}-{i}.txt", media_type="text/plain",
                                            size=len(body))])
        finally:
            own.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.counts()["documents"] == writers * each
    assert store.version() == before + writers * each



def test_reads_open_no_transaction_and_writes_stay_atomic(store: Store) -> None:
    """`Store.reading` runs in autocommit on PostgreSQL (a read costs no BEGIN and ROLLBACK
    round trips). Its connections return to the same pool as the writers', so a write
    transaction on a connection a read had must still roll back as a whole."""
    d = schema.documents
    before = store.version()
    for _ in range(3):  # every pooled connection has served a read
        with store.reading() as conn:
            assert conn.execute(select(d.c.id).limit(1)).all() == []
            if store.dialect == "postgresql":
                assert conn.connection.dbapi_connection.autocommit is True  # type: ignore[union-attr]
                # Autocommit: the read left no transaction open on the server.
                assert conn.exec_driver_sql(
                    "SELECT txid_current_if_assigned() IS NULL").scalar() is True
    with pytest.raises(RuntimeError), store.writer() as conn:
        now = datetime.now(UTC)
        conn.execute(d.insert().values(id="d-atomic", source="s", text="x", status="stored",
                                       created_at=now, updated_at=now))
        raise RuntimeError("the write fails after its insert")
    with store.reading() as conn:
        assert conn.execute(select(d.c.id).where(d.c.id == "d-atomic")).all() == []
    assert store.version() == before
