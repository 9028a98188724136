"""Extracted documents written a batch per transaction: the same statements as one
document at a time, a failed extraction recorded beside the stored rest, a batch written
twice adding nothing, and a run killed in a batch leaving all of it or none."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from faults.helpers import check_invariants, ratline, statement_rows, write_corpus
from ratline import pipeline, settings
from ratline.store import Store, bulk, schema

# Fictional reports (tests/faults/helpers.py): 20 distinct texts.
REPORTS = 20


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus"), n=REPORTS)


@pytest.fixture(scope="module")
def extracted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> list[pipeline.Extracted]:
    """The corpus extracted once, in id order: what each test writes."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RATLINE_PSEUDONYM_KEY", "test-key")
        mp.setenv("RATLINE_HOME", str(tmp_path_factory.mktemp("home")))
        store = Store(f"sqlite:///{tmp_path_factory.mktemp('extract') / 'store.sqlite'}")
        pipeline.ingest(store, [str(corpus)], keep_ids=False)
        key = settings.pseudonym_key()
        results = [pipeline.extract_document(row, keep_victim_names=False, pseudonym_key=key)
                   for row in store.iter_texts()]
        store.close()
    assert len(results) == REPORTS and all(r.error is None for r in results)
    return results


def stored(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    d, s = schema.documents, schema.statements
    with store.engine.connect() as conn:
        return {
            "documents": [tuple(r) for r in conn.execute(select(
                d.c.id, d.c.status, d.c.relevant, d.c.extractor_version, d.c.error, d.c.stage,
            ).order_by(d.c.id))],
            "statements": [tuple(r) for r in conn.execute(select(
                *[c for c in s.c if c.name not in ("created_at", "updated_at")]).order_by(s.c.id))],
        }


def totals(report: pipeline.ExtractReport) -> tuple[int, int, int, int, int]:
    return (report.processed, report.relevant, report.incidents, report.statements_added,
            report.statements_removed)


@pytest.mark.parametrize("size", [7, 50])
def test_batches_store_what_one_document_at_a_time_stores(
        store: Store, other_url: str, corpus: Path, extracted: list[pipeline.Extracted], size: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    copies: list[str] = []
    real = bulk._copy

    def spy(conn: Any, table: Any, *args: Any) -> list[Any]:
        copies.append(table.name)
        return real(conn, table, *args)

    one_by_one = Store(other_url)
    try:
        pipeline.ingest(one_by_one, [str(corpus)], keep_ids=False)
        single = pipeline.store_extracted(one_by_one, extracted, batch_size=1)
        expected = stored(one_by_one)
    finally:
        one_by_one.close()
    monkeypatch.setattr(bulk, "_copy", spy)
    pipeline.ingest(store, [str(corpus)], keep_ids=False)
    copies.clear()
    advanced: list[int] = []
    batched = pipeline.store_extracted(store, extracted, batch_size=size, progress=advanced.append)

    assert stored(store) == expected
    assert totals(batched) == totals(single)
    assert batched.processed == REPORTS == len(advanced)  # progress still moves per document
    # A batch with enough new statements sends them to PostgreSQL by COPY, in one insert.
    large = [len({s.id for r in extracted[i : i + size] for s in r.statements}) >= bulk.COPY_MIN_ROWS
             for i in range(0, REPORTS, size)]
    assert any(large)
    assert copies == (["statements"] * sum(large) if store.dialect == "postgresql" else [])


def test_a_failed_extraction_is_recorded_and_the_rest_of_its_batch_stored(
        store: Store, corpus: Path, extracted: list[pipeline.Extracted]) -> None:
    pipeline.ingest(store, [str(corpus)], keep_ids=False)
    broken = extracted[3]
    failed = pipeline.Extracted(broken.document_id, broken.source,
                                error="extraction error: ValueError: no sentences")
    batch = extracted[:3] + [failed] + extracted[4:]
    report = pipeline.ExtractReport()
    pipeline.store_extracted_batch(store, report, batch)

    assert [(f.origin, f.reason, f.stage) for f in report.failures] == [
        (broken.source, "extraction error: ValueError: no sentences", "extract")]
    assert report.processed == REPORTS - 1
    rows = {r[0]: r for r in stored(store)["documents"] if r[1] != "failed"}  # not the blank line
    assert rows[broken.document_id][1:] == ("stored", None, None,
                                            "extraction error: ValueError: no sentences", "extract")
    assert all(r[1] == "extracted" and r[4] is None for k, r in rows.items() if k != broken.document_id)
    assert store.statements(document_id=broken.document_id) == []
    assert len(store.statements()) == sum(len(r.statements) for r in batch)
    # Still pending: the next run takes it, and its success clears the error.
    assert [r["id"] for r in pipeline.pending_texts(store, None, False)] == [broken.document_id]
    assert [f["id"] for f in store.failures() if f["stage"] == "extract"] == [broken.document_id]
    pipeline.store_extracted_batch(store, pipeline.ExtractReport(), [broken])
    assert [f["stage"] for f in store.failures()] == ["source"]  # the blank line's, not this
    row = store.document(broken.document_id)
    assert row is not None and row["status"] == "extracted"


def test_a_batch_written_twice_adds_nothing_and_people_s_decisions_survive(
        store: Store, corpus: Path, extracted: list[pipeline.Extracted]) -> None:
    pipeline.ingest(store, [str(corpus)], keep_ids=False)
    first = pipeline.store_extracted(store, extracted)
    before = stored(store)
    again = pipeline.store_extracted(store, extracted)
    assert (again.processed, again.statements_added, again.statements_removed) == (REPORTS, 0, 0)
    assert first.statements_added == len(before["statements"])
    assert stored(store) == before

    # A person's decisions on a document whose new extraction finds nothing stay; its
    # machine statements go.
    doc = extracted[0]
    kept, edited = doc.statements[0], doc.statements[-1]
    store.review(kept.id, "accepted", "reviewer")
    store.review(edited.id, "edited", "reviewer", value=edited.value)
    empty = pipeline.Extracted(doc.document_id, doc.source, relevant=False)
    report = pipeline.ExtractReport()
    pipeline.store_extracted_batch(store, report, [empty, *extracted[1:]])
    assert report.statements_removed == len(doc.statements) - 2
    assert report.statements_added == 0
    assert sorted(r["id"] for r in store.statements(document_id=doc.document_id)) == sorted(
        [kept.id, edited.id])
    # Extracted again as before: its machine statements come back, the decisions stand.
    report = pipeline.ExtractReport()
    pipeline.store_extracted_batch(store, report, extracted)
    assert report.statements_added == len(doc.statements) - 2
    statuses = {r["id"]: r["status"] for r in store.statements(document_id=doc.document_id)}
    assert (statuses[kept.id], statuses[edited.id]) == ("accepted", "edited")


@pytest.mark.faults
@pytest.mark.parametrize(("point", "committed"), [("extract-batch", 1), ("extract-commit", 2)])
def test_a_run_killed_in_a_batch_leaves_all_of_it_or_none_and_a_re_run_completes_it(
        store: Store, other_url: str, corpus: Path, tmp_path: Path, point: str,
        committed: int) -> None:
    size = 6
    reference = Store(other_url)
    try:
        pipeline.ingest(reference, [str(corpus)], keep_ids=False)
        pipeline.extract_stored(reference)
        expected = statement_rows(reference)
    finally:
        reference.close()
    pipeline.ingest(store, [str(corpus)], keep_ids=False)
    env = {**os.environ, "RATLINE_DATABASE_URL": store.url,
           "RATLINE_EXTRACT_BATCH_SIZE": str(size)}

    # Killed writing the second batch (inside its transaction, or just after its commit).
    assert ratline(["process"], env, kill_at=f"{point}:2") == -9
    check_invariants(store, REPORTS)
    d = schema.documents
    with store.engine.connect() as conn:
        done = list(conn.execute(select(d.c.id).where(d.c.status == "extracted").order_by(d.c.id))
                    .scalars())
    everything = [r["id"] for r in store.iter_texts()]
    assert done == everything[: committed * size], "a batch was stored in part"
    assert {r[4] for r in statement_rows(store)} <= set(done)

    assert ratline(["process"], env) == 0
    check_invariants(store, REPORTS)
    assert statement_rows(store) == expected, "statements differ from an uninterrupted run"
    assert store.counts()["extracted"] == REPORTS


@pytest.mark.parametrize("stop", [KeyboardInterrupt, pipeline.EngineError])
def test_a_run_stopped_while_extracting_keeps_the_documents_it_finished(
        store: Store, corpus: Path, extracted: list[pipeline.Extracted],
        stop: type[BaseException]) -> None:
    pipeline.ingest(store, [str(corpus)], keep_ids=False)

    def results() -> Iterator[pipeline.Extracted]:
        yield from extracted[:5]
        raise stop()  # Ctrl-C, or the Ray cluster lost, while the sixth is extracted

    with pytest.raises(stop):
        pipeline.store_extracted(store, results(), batch_size=50)
    assert [r["id"] for r in store.iter_texts(pending_version=None)
            if store.statements(document_id=r["id"])] == [r.document_id for r in extracted[:5]]
    assert store.counts()["extracted"] == 5
