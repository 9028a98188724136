"""Migrations bring a populated store forward without losing a row, on every backend."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import inspect, text

from ratline.analyze.incidents import IndexCache, fingerprint
from ratline.model import Document, Statement, show_date
from ratline.store import Store
from ratline.store.migrations import latest_version

OLD_TEXTS = ("A fictional broker was held in Lakeville.", "A fictional clinic was closed.")


def make_version_4(store: Store) -> None:
    """The store as ratline left it before document dates had a precision (schema 4),
    holding documents and a statement."""
    now = datetime(2024, 1, 2, tzinfo=UTC)
    with store.writer() as conn:
        conn.execute(text("ALTER TABLE documents DROP COLUMN published_precision"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version >= 5"))
        for n, body in enumerate(OLD_TEXTS):
            conn.execute(text(
                "INSERT INTO documents (id, source, url, title, published, size, status, text, "
                "created_at, updated_at) VALUES (:id, :source, :url, :title, :published, :size, "
                "'stored', :text, :now, :now)"),
                {"id": hashlib.sha256(body.encode()).hexdigest(), "source": f"old-{n}.txt",
                 "url": f"https://example.org/old/{n}", "title": f"Old {n}",
                 "published": date(2020, 3, n + 1), "size": len(body), "text": body, "now": now})
    statement = Statement("incident:old:1", "trade", "organ",
                          hashlib.sha256(OLD_TEXTS[0].encode()).hexdigest(), 0, 4, "test", "1")
    store.replace_machine_statements(statement.document_id, [statement], relevant=True,
                                     extractor_version="old")
    with store.writer() as conn:  # schema 4 had no queue of incidents awaiting resolution
        conn.execute(text("DROP TABLE unresolved"))


def reopened_as(store: Store, version: int, table: str) -> Store:
    """The store as schema `version` left it (without `table`, which a later step made),
    closed and opened again, so that the steps after it run."""
    with store.writer(bump=False) as conn:
        conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text(f"DELETE FROM schema_migrations WHERE version > {version}"))
    store.close()
    return Store(store.url)


def test_a_populated_store_of_the_previous_schema_is_brought_forward(store: Store) -> None:
    make_version_4(store)
    with store.engine.connect() as conn:
        assert "published_precision" not in {c["name"] for c in inspect(conn).get_columns("documents")}
    store.close()

    reopened = Store(store.url)
    try:
        with reopened.engine.connect() as conn:
            versions = conn.execute(text("SELECT version FROM schema_migrations ORDER BY version"))
            assert list(versions.scalars()) == list(range(1, latest_version() + 1))
        rows = {r["title"]: r for r in reopened.documents()}
        assert sorted(rows) == ["Old 0", "Old 1"]
        assert rows["Old 1"]["url"] == "https://example.org/old/1"
        assert rows["Old 1"]["published"] == date(2020, 3, 2)
        assert rows["Old 1"]["published_precision"] is None
        assert show_date(rows["Old 1"]["published"], rows["Old 1"]["published_precision"]) == "2020-03-02"
        assert [s["value"] for s in reopened.statements()] == ["organ"]
        # Its incident, never resolved, waits for the next resolve run (schema step 10).
        from ratline.store import resolution

        assert resolution.unresolved_subjects(reopened) == ["incident:old:1"]
        assert reopened.search("clinic")[0]["title"] == "Old 1"  # the text index survived
        body = "A fictional report dated by its year."
        new = Document(id=hashlib.sha256(body.encode()).hexdigest(), text=body, source="new.jsonl#1",
                       media_type="text/plain", title="New", published=date(2019, 1, 1),
                       published_precision="year", size=len(body))
        assert reopened.add_documents([new]) == [new.id]
        row = reopened.document(new.id)
        assert row is not None and (row["published"], row["published_precision"]) == (
            date(2019, 1, 1), "year")
    finally:
        reopened.close()
    again = Store(store.url)  # opening once more applies nothing and loses nothing
    try:
        assert again.counts()["documents"] == 3
    finally:
        again.close()


def test_a_populated_store_of_schema_5_gains_the_volume_indexes(store: Store) -> None:
    body = "A fictional shipment was stopped at Port Arden."
    doc = Document(id=hashlib.sha256(body.encode()).hexdigest(), text=body, source="five.txt",
                   media_type="text/plain", title="Five", size=len(body))
    store.add_documents([doc])
    store.replace_machine_statements(doc.id, [Statement("incident:five:1", "trade", "organ", doc.id,
                                                        0, 4, "test", "1")],
                                     relevant=True, extractor_version="old")
    with store.writer() as conn:
        conn.execute(text("DROP INDEX ix_documents_created"))
        conn.execute(text("DROP INDEX ix_statements_status_prop"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version >= 6"))
    store.close()

    reopened = Store(store.url)
    try:
        with reopened.engine.connect() as conn:
            inspector = inspect(conn)
            documents = {i["name"]: i["column_names"] for i in inspector.get_indexes("documents")}
            statements = {i["name"]: i["column_names"] for i in inspector.get_indexes("statements")}
        assert documents["ix_documents_created"] == ["created_at", "id"]
        assert statements["ix_statements_status_prop"] == ["status", "prop"]
        assert [r["title"] for r in reopened.documents()] == ["Five"]
        assert [s["value"] for s in reopened.statements(status="machine", prop="trade")] == ["organ"]
    finally:
        reopened.close()


def test_a_populated_store_of_schema_7_gains_its_version(store: Store) -> None:
    make_version_4(store)
    Store(store.url).close()  # forward to today's schema
    with store.writer(bump=False) as conn:  # as schema 7 left it: no version row
        conn.execute(text("DROP TABLE store_state"))
        conn.execute(text("DELETE FROM schema_migrations WHERE version >= 8"))
    store.close()

    reopened = Store(store.url)
    try:
        with reopened.engine.connect() as conn:
            assert conn.execute(text("SELECT id, version FROM store_state")).all() == [(1, 2)]
        assert reopened.counts() == {"documents": 2, "extracted": 1, "failed": 0, "relevant": 1,
                                     "statements": 1}
        assert fingerprint(reopened) == 2  # made (1), then raised by the migration's write
        assert [f.value for f in IndexCache(reopened).get().incidents["incident:old:1"].facts
                if f.prop == "trade"] == ["organ"]
        reopened.review(reopened.statements()[0]["id"], "accepted", "ana")
        assert fingerprint(reopened) == 3
    finally:
        reopened.close()


def test_a_resolved_store_of_schema_8_gains_its_cluster_keys(store: Store) -> None:
    from ratline.store import resolution

    rows = [("incident-a", "Case A", {"keys": ["n:dolny", "p:lincoln"], "members": ["incident:x:1"]}),
            ("incident-b", "Case B", {"keys": ["p:lincoln"], "members": ["incident:y:1"]}),
            ("incident-c", "Case C", {"members": ["incident:z:1"]})]
    resolution.replace_resolution(store, "incident", {"incident:x:1": "incident-a"}, rows)
    reopened = reopened_as(store, 8, "cluster_keys")  # keys only in the rows
    try:
        found = resolution.clusters_with_keys(reopened, "incident", ["p:lincoln", "n:unknown"])
        assert [r["id"] for r in found] == ["incident-a", "incident-b"]
        assert [r["id"] for r in resolution.clusters_with_keys(reopened, "incident", ["n:dolny"])] == [
            "incident-a"]
        assert resolution.clusters_per_key(reopened, "incident", ["p:lincoln", "n:dolny", "x"]) == {
            "p:lincoln": 2, "n:dolny": 1}
        assert resolution.clusters_with_keys(reopened, "actor", ["p:lincoln"]) == []
        # An incremental write replaces a cluster's keys with its new row's.
        resolution.add_resolution(reopened, "incident", {}, [
            ("incident-b", "Case B", {"keys": ["n:saller"], "members": ["incident:y:1"]})])
        assert [r["id"] for r in resolution.clusters_with_keys(reopened, "incident", ["p:lincoln"])] == [
            "incident-a"]
        assert resolution.clusters_per_key(reopened, "incident", ["n:saller"]) == {"n:saller": 1}
    finally:
        reopened.close()


def test_a_store_of_schema_10_gains_the_table_of_each_runs_documents(
        store: Store, tmp_path: Path) -> None:
    from ratline import pipeline

    reopened = reopened_as(store, 10, "run_documents")
    try:
        report = tmp_path / "report.txt"
        report.write_text(OLD_TEXTS[0], encoding="utf-8")
        run = pipeline.ingest(reopened, [str(report)])
        assert list(reopened.run_document_ids(run.run_id)) == [[pipeline.document_id(OLD_TEXTS[0])]]
    finally:
        reopened.close()


def test_a_resolved_store_of_schema_13_gets_a_full_run_that_counts_its_names(store: Store) -> None:
    # An incremental run weighs names by the store's counts, which a store resolved
    # before step 14 lacks: its next resolution runs in full and writes them.
    import importlib.util
    import random

    from ratline import pipeline
    from ratline.store import frequencies, resolution

    spec = importlib.util.spec_from_file_location(
        "bench_incremental_migration", Path(__file__).resolve().parents[2] / "bench" / "incremental.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rng = random.Random(2)
    cases = bench.make_cases(rng, 10)
    bench.add_documents(store, [(bench._doc_id(i), rng.choice(cases)) for i in range(30)], rng)
    pipeline.resolve_stored(store)
    reopened = reopened_as(store, 13, "frequencies")
    try:
        assert not frequencies.held(reopened) and not resolution.extendable(reopened)
        bench.add_documents(reopened, [(bench._doc_id(99), cases[0])], rng)
        assert pipeline.resolve_changes(reopened).mode == "full"
        assert frequencies.held(reopened) and resolution.extendable(reopened)
        assert frequencies.read_counts(reopened, {})["total"] == {"records": 31, "documents": 31}
    finally:
        reopened.close()
