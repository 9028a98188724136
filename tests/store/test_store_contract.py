"""One scenario for every backend: the store behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import text

from ratline.model import Document, Failure, Statement
from ratline.store import MARK_END, MARK_START, Store, StoreError
from ratline.store.migrations import latest_version
from support.stores import POSTGRES_URL, new_postgres_database


def doc(body: str, source: str = "a.txt", title: str | None = None) -> Document:
    return Document(id=hashlib.sha256(body.encode()).hexdigest(), text=body, source=source,
                    media_type="text/plain", title=title, size=len(body))


def stmt(doc_id: str, prop: str, value: str, start: int = 0, end: int = 4) -> Statement:
    return Statement(f"incident:{doc_id[:16]}:1", prop, value, doc_id, start, end, "test", "1")


def test_migrations_are_recorded_and_reopening_is_harmless(store: Store) -> None:
    with store.engine.connect() as conn:
        versions = conn.execute(text("SELECT version FROM schema_migrations ORDER BY version")).scalars().all()
    assert versions == list(range(1, latest_version() + 1))
    again = Store(store.url)  # a second open applies nothing and loses nothing
    store.add_documents([doc("kidney broker held")])
    assert again.counts()["documents"] == 1
    again.close()


def test_adding_the_same_document_twice_stores_it_once(store: Store) -> None:
    a, b = doc("Broker arrested in Lahore."), doc("Surgeon charged in Delhi.")
    assert sorted(store.add_documents([a, b, a])) == sorted([a.id, b.id])
    assert store.add_documents([a, b]) == []
    assert store.counts()["documents"] == 2


def test_failures_are_kept_once_per_origin_and_cleared_when_the_origin_reads(store: Store) -> None:
    store.record_failures([Failure("bad.pdf", "PDF is truncated", "read")])
    store.record_failures([Failure("bad.pdf", "PDF is truncated at byte 10", "read")])
    rows = store.failures()
    assert [(r["source"], r["error"]) for r in rows] == [("bad.pdf", "PDF is truncated at byte 10")]
    store.add_documents([doc("Now it reads.", source="bad.pdf")])
    assert store.failures() == []


def test_search_finds_words_and_marks_them(store: Store) -> None:
    store.add_documents([
        doc("Police in Karachi arrested a kidney broker on Monday.", title="Broker held"),
        doc("The festival opened with an organ recital.", title="Music"),
    ])
    hits = store.search("kidney broker")
    assert len(hits) == 1
    assert f"{MARK_START}kidney{MARK_END}" in hits[0]["snippet"].lower()
    assert store.search("recital")[0]["title"] == "Music"
    assert store.search("") == []
    # Query syntax characters are treated as words, not operators.
    assert store.search('broker" OR "x') is not None


def test_search_ranks_the_best_first_and_a_common_word_stays_bounded(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.add_documents([doc(f"Report {i}: " + "kidney " * i + "sold in Lahore.") for i in range(1, 9)])
    # Fewer matches than the cap: the ranking is exact (the most mentions first).
    best = store.search_ids("kidney", limit=3)
    assert [store.document(i)["text"].count("kidney") for i in best] == [8, 7, 6]
    assert store.search("kidney", limit=1)[0]["id"] == best[0]
    # More matches than the cap: still `limit` matching documents, each found once.
    monkeypatch.setattr("ratline.store.store.RANK_CAP_FLOOR", 1)
    some = store.search_ids("kidney", limit=2)
    assert len(some) == len(set(some)) == 2
    assert all("kidney" in store.document(i)["text"] for i in some)
    assert len(store.search("lahore", limit=2)) == 2


def test_matching_ids_are_every_match_past_the_rank_cap(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # An export filtered by a search reads every matching document: the cap on the
    # matches ranked (`search_ids`) would leave incidents out of it.
    docs = [doc(f"Report {i}: kidney sold in Lahore.") for i in range(12)]
    store.add_documents([*docs, doc("Rifles shipped to Tripoli.")])
    monkeypatch.setattr("ratline.store.store.RANK_CAP_FLOOR", 1)
    assert len(store.search_ids("kidney", limit=2)) == 2
    assert store.matching_ids("kidney Lahore") == {d.id for d in docs}
    assert store.matching_ids("rifles") == {store.search_ids("rifles")[0]}
    assert store.matching_ids("nowhere") == set() and store.matching_ids("  ") == set()


def test_document_lookup_by_prefix(store: Store) -> None:
    a = doc("Alpha text about a raid.")
    store.add_documents([a])
    row = store.document(a.id[:10])
    assert row is not None and row["id"] == a.id
    assert store.document("ffffffffff") is None


def test_reextraction_replaces_machine_statements_but_keeps_human_ones(store: Store) -> None:
    d = doc("Broker arrested with kidney in Lahore.")
    store.add_documents([d])
    first = [stmt(d.id, "organ", "kidney"), stmt(d.id, "evidence", "arrest"), stmt(d.id, "year", "2020")]
    assert store.replace_machine_statements(d.id, first, relevant=True, extractor_version="1") == (3, 0)
    kidney, evidence, year = first
    store.review(kidney.id, "accepted", "ana")
    store.review(evidence.id, "edited", "ana", value="charge")
    store.review(year.id, "rejected", "ana")
    # The next extraction no longer finds any of them and finds a new fact instead.
    second = [stmt(d.id, "country", "PK"), stmt(d.id, "evidence", "arrest")]
    added, removed = store.replace_machine_statements(d.id, second, relevant=True, extractor_version="2")
    assert (added, removed) == (1, 0)
    rows = {r["id"]: r for r in store.statements(document_id=d.id)}
    assert rows[kidney.id]["status"] == "accepted"
    assert rows[evidence.id]["value"] == "charge" and rows[evidence.id]["original_value"] == "arrest"
    assert rows[year.id]["status"] == "rejected"
    assert sorted(r["prop"] for r in rows.values()) == ["country", "evidence", "organ", "year"]
    # A machine statement that the next run no longer produces is withdrawn.
    assert store.replace_machine_statements(d.id, [], relevant=False, extractor_version="3") == (0, 1)
    assert all(r["status"] != "machine" for r in store.statements(document_id=d.id))


def test_review_rejects_bad_input(store: Store) -> None:
    d = doc("x y z")
    store.add_documents([d])
    s = stmt(d.id, "organ", "kidney")
    store.replace_machine_statements(d.id, [s], relevant=True, extractor_version="1")
    with pytest.raises(StoreError):
        store.review(s.id, "machine", "ana")
    with pytest.raises(StoreError):
        store.review(s.id, "edited", "ana")
    with pytest.raises(StoreError):
        store.review("nope", "accepted", "ana")


@pytest.mark.parametrize(("prop", "machine", "bad", "named"), [
    ("evidence", "arrest", "proven", "conviction"),
    ("activity", "recruitment", "luring", "kidnapping"),
    ("trade", "organ", "guns", "weapons"),
    ("organ", "kidney", "spleen", "cornea"),
    ("country", "PK", "XX", "NP"),
    ("actor", '{"name": "Tariq Khan", "role": "broker", "type": "person"}',
     '{"name": "Tariq Khan", "role": "mastermind", "type": "person"}', "recruiter"),
    ("actor", '{"name": "Tariq Khan", "role": "broker", "type": "person"}',
     '{"name": "Tariq Khan", "role": "broker", "type": "alien"}', "armed_group"),
    ("money", '{"amount": 3000, "currency": "USD", "what": "payment_to_seller"}',
     '{"amount": 3000, "currency": "USD", "what": "tip"}', "price_to_recipient"),
    ("route", '{"country": "NP", "role": "origin"}', '{"country": "NP", "role": "source"}',
     "destination"),
])
def test_an_edit_outside_the_vocabulary_is_refused_and_not_stored(
        store: Store, prop: str, machine: str, bad: str, named: str) -> None:
    d = doc(f"Vocabulary check for {prop}: {bad}.")
    store.add_documents([d])
    s = stmt(d.id, prop, machine)
    store.replace_machine_statements(d.id, [s], relevant=True, extractor_version="1")
    with pytest.raises(StoreError, match=named):
        store.review(s.id, "edited", "ana", value=bad)
    row = store.statements(document_id=d.id)[0]
    assert (row["status"], row["value"], row["original_value"]) == ("machine", machine, None)
    # A value from the vocabulary goes through.
    good = machine.replace('"broker"', '"recruiter"') if prop == "actor" else machine
    store.review(s.id, "edited", "ana", value=good)
    assert store.statements(document_id=d.id)[0]["status"] == "edited"


def test_runs_and_feed_state(store: Store) -> None:
    run = store.start_run("ingest", ["a/"])
    with store.engine.begin() as conn:
        store.bump_run(run, conn, seen=3, added=2, failed=1)
        store.bump_run(run, conn, seen=1, added=1)
    store.finish_run(run)
    (row,) = store.runs()
    assert (row["status"], row["seen"], row["added"], row["failed"]) == ("done", 4, 3, 1)
    assert store.feed_validators("http://x/feed") == (None, None)
    store.set_feed_validators("http://x/feed", '"e1"', "Mon, 01 Jan 2024 00:00:00 GMT")
    store.set_feed_validators("http://x/feed", '"e2"', None)
    assert store.feed_validators("http://x/feed") == ('"e2"', None)


def test_sqlite_uses_wal(tmp_path) -> None:
    s = Store(f"sqlite:///{tmp_path / 'w.sqlite'}")
    with s.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


@pytest.mark.skipif(not POSTGRES_URL, reason="RATLINE_TEST_POSTGRES_URL is not set")
def test_the_postgres_pool_holds_a_web_processs_requests_at_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The web serves up to 40 requests at once per process, each holding a connection.
    import threading

    url = new_postgres_database(POSTGRES_URL)
    store = Store(url)
    try:
        pool: Any = store.engine.pool
        assert (pool.size(), pool._max_overflow) == (10, 30)
        held, ready, release = [], threading.Barrier(41), threading.Event()

        def hold() -> None:
            with store.engine.connect() as conn:
                held.append(conn.exec_driver_sql("select 1").scalar())
                ready.wait(timeout=20)
                release.wait(timeout=20)

        threads = [threading.Thread(target=hold) for _ in range(40)]
        for t in threads:
            t.start()
        ready.wait(timeout=20)  # all 40 hold a connection at the same time
        assert held == [1] * 40
        release.set()
        for t in threads:
            t.join()
    finally:
        store.close()
    monkeypatch.setenv("RATLINE_DB_POOL_SIZE", "3")
    monkeypatch.setenv("RATLINE_DB_MAX_OVERFLOW", "4")
    small = Store(url)
    try:
        pool = small.engine.pool
        assert (pool.size(), pool._max_overflow) == (3, 4)
    finally:
        small.close()
