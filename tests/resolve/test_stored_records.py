"""A full resolution reads every incident's linkage record (`store.resolution.stored_records`)
one document at a time as the statements stream in, and gets the records and actor
mentions that reading all the statements first gave."""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ratline import pipeline
from ratline.resolve import records
from ratline.store import resolution, schema
from ratline.store.store import Store

BENCH = Path(__file__).resolve().parents[2] / "bench" / "incremental.py"
DOCUMENTS = 40


def _fill(store: Store) -> int:
    """DOCUMENTS documents of one to three incidents each (invented cases, from the
    incremental bench), a fifth of the actor statements rejected; returns the number of
    incidents."""
    spec = importlib.util.spec_from_file_location("bench_incremental", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    rng = random.Random(8)
    cases = bench.make_cases(rng, 15)
    documents: list[str] = []
    rows: list[dict[str, Any]] = []
    incidents = 0
    for i in range(DOCUMENTS):
        doc = bench._doc_id(i)
        documents.append(doc)
        for n in range(1, rng.randint(1, 3) + 1):
            incidents += 1
            for row in bench.statements_for_report(doc, rng.choice(cases), rng):
                row["subject"] = f"incident:{doc[:16]}:{n}"
                row["id"] = f"{doc[:27]}{n}{row['id'][28:]}"  # ids are 32 characters
                if row["prop"] == "actor" and rng.random() < 0.2:
                    row["status"] = "rejected"
                rows.append(row)
    now = datetime.now(UTC)
    with store.writer() as conn:
        conn.execute(schema.documents.insert(), [
            {"id": d, "source": f"test:{d}", "size": 0, "status": "extracted", "relevant": 1,
             "extractor_version": "0", "text": "", "created_at": now, "updated_at": now}
            for d in documents])
        conn.execute(schema.statements.insert(), rows)
    return incidents


def test_records_read_a_document_at_a_time_are_those_read_all_at_once(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    incidents = _fill(store)
    at_once = records.records_and_mentions(
        records.incidents_from_statements(store.statements()),
        {d["id"]: d for d in store.documents()}, resolution.fingerprints(store))
    assert len(at_once[0]) == incidents > DOCUMENTS  # documents of several incidents

    documents_seen: list[set[str]] = []
    grouped = records.incidents_from_statements

    def one_document(rows: Iterable[Any]) -> Any:
        rows = list(rows)
        documents_seen.append({r["document_id"] for r in rows})
        return grouped(rows)

    monkeypatch.setattr(records, "incidents_from_statements", one_document)
    streamed = resolution.stored_records(store)
    assert streamed == at_once
    # Never more than one document's statements at a time, each document once.
    assert all(len(seen) == 1 for seen in documents_seen)
    assert len(documents_seen) == DOCUMENTS


def test_records_of_some_reports_read_500_at_a_time_are_those_read_all_at_once(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # An incremental run reads its candidates' records (some 70,000 reports a chunk at
    # 100,000 incidents): their statements come 500 reports at a time, without quotes or
    # spans, and each list is made into incidents before the next is read.
    incidents = _fill(store)
    subjects = sorted({s["subject"] for s in store.statements()})
    at_once = records.records_and_mentions(
        records.incidents_from_statements(store.statements()),
        {d["id"]: d for d in store.documents()}, resolution.fingerprints(store))
    monkeypatch.setattr(resolution, "_READ_AT_ONCE", 7)
    seen: list[list[Any]] = []
    grouped = records.incidents_from_statements

    def one_list(rows: Iterable[Any]) -> Any:
        rows = list(rows)
        seen.append(rows)
        return grouped(rows)

    monkeypatch.setattr(records, "incidents_from_statements", one_list)
    assert resolution.records_of(store, subjects) == at_once
    assert len(at_once[0]) == incidents and len(seen) == -(-incidents // 7)
    assert all(len({r["subject"] for r in rows}) <= 7 for rows in seen)
    assert {k for rows in seen for r in rows for k in r} == {
        "id", "subject", "document_id", "prop", "value", "status"}


def test_a_full_resolution_leaves_out_rejected_mentions(store: Store) -> None:
    _fill(store)
    report = pipeline.resolve_stored(store)
    kept = [s for s in store.statements() if s["prop"] == "actor" and s["status"] != "rejected"]
    assert report.mentions == len(kept) < sum(1 for s in store.statements() if s["prop"] == "actor")

