"""Ingestion end to end: idempotency, failures as records, resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ratline import pipeline
from ratline.readers import normalise_text
from ratline.store import Store, schema


def count_documents(store: Store) -> int:
    d = schema.documents
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(d.c.status != "failed")).scalar() or 0)


def test_shared_corpus_is_stored_once_per_distinct_text(store: Store, shared: Path) -> None:
    corpus = sorted(str(p) for p in (shared / "corpus").glob("*.jsonl"))
    distinct = set()
    for path in corpus:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                text = normalise_text(json.loads(line).get("text") or "")
                if text.strip():
                    distinct.add(pipeline.document_id(text))
    first = pipeline.ingest(store, corpus)
    assert first.added == len(distinct)
    assert count_documents(store) == len(distinct)
    second = pipeline.ingest(store, corpus)
    assert second.added == 0
    assert second.duplicates + second.failed == second.seen
    assert count_documents(store) == len(distinct)


def test_bad_items_become_failure_records_and_the_run_goes_on(store: Store, tmp_path: Path) -> None:
    tmp_path = tmp_path / "docs"
    tmp_path.mkdir()
    (tmp_path / "good.txt").write_text("Police arrested a kidney broker in Lahore in 2021.\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog")
    (tmp_path / "noise.bin").write_bytes(os.urandom(4096))
    report = pipeline.ingest(store, [str(tmp_path)])
    assert report.added == 1
    reasons = {Path(f["source"]).name: f["error"] for f in store.failures()}
    assert set(reasons) == {"empty.txt", "broken.pdf", "noise.bin"}
    assert all(reasons.values())
    # Ingesting again neither duplicates the document nor the failure records.
    again = pipeline.ingest(store, [str(tmp_path)])
    assert again.added == 0 and len(store.failures()) == 3


def test_retry_resolves_a_failure_once_the_file_is_fixed(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "later.txt"
    bad.write_bytes(b"")
    pipeline.ingest(store, [str(bad)])
    assert [f["source"] for f in store.failures()] == [str(bad)]
    bad.write_text("A broker was charged in Kathmandu.")
    pipeline.ingest(store, pipeline.retry_specs([f["source"] for f in store.failures()]))
    assert store.failures() == []
    assert count_documents(store) == 1


def test_retry_specs_point_back_to_the_containing_source() -> None:
    assert pipeline.retry_specs(["a/b.zip!x/y.txt", "c.jsonl#17", "c.jsonl#18",
                                 "http://h/x#frag", "plain.txt"]) == [
        "a/b.zip", "c.jsonl", "http://h/x#frag", "plain.txt"]


@pytest.mark.slow
def test_a_killed_ingest_resumes_with_nothing_lost_or_duplicated(tmp_path: Path) -> None:
    n = 30000
    corpus = tmp_path / "big.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"title": f"t{i}", "text": f"Report {i}: a broker moved people {i % 97}."}) + "\n")
        fh.write(json.dumps({"title": "dup", "text": "Report 0: a broker moved people 0."}) + "\n")
    env = {**os.environ, "RATLINE_HOME": str(tmp_path / "home")}
    db = tmp_path / "home" / "ratline.sqlite"
    cmd = [sys.executable, "-m", "ratline", "ingest", "--no-extract", str(corpus)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    store = None
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline:
        time.sleep(0.05)
        if db.exists():
            store = store or Store(f"sqlite:///{db}")
            stored = count_documents(store)
            if stored > 0:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert store is not None and stored > 0, "the run was not caught mid-way"
    killed_at = count_documents(store)
    assert killed_at < n, "the run finished before it could be killed"
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert count_documents(store) == n
    runs = store.runs()
    assert [r["status"] for r in runs] == ["done", "interrupted"]  # the killed run stays visible
    assert runs[0]["added"] == n - killed_at
    assert runs[0]["duplicates"] == killed_at + 1


def test_an_ingest_keeps_the_ids_it_read_in_the_store_not_in_its_report(
        store: Store, tmp_path: Path) -> None:
    texts = [f"Fictional report {i} from Lakeville." for i in range(7)]
    corpus = tmp_path / "fictional.jsonl"
    # The first two texts come twice, in later batches: a run keeps each document once.
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts + texts[:2]),
                      encoding="utf-8")
    ids = sorted(pipeline.document_id(t) for t in texts)
    bare = pipeline.ingest(store, [str(corpus)], batch_size=3, keep_ids=False)  # --no-extract
    assert (bare.added, bare.documents) == (7, 0)
    assert list(store.run_document_ids(bare.run_id)) == []
    kept = pipeline.ingest(store, [str(corpus)], batch_size=3)  # duplicates now, still kept
    assert not hasattr(kept, "document_ids")  # no list that grows with the run
    assert (kept.added, kept.duplicates, kept.documents) == (0, 9, 7)
    # Read back in id order, a page at a time, each page after the last one's ids.
    assert list(store.run_document_ids(kept.run_id, page=3)) == [ids[:3], ids[3:6], ids[6:]]
    assert [r["id"] for r in store.iter_texts(run_id=kept.run_id, batch=2)] == ids
    with pytest.raises(ValueError, match="not both"):
        next(store.iter_texts(ids=ids, run_id=kept.run_id))


RSS_SAME_LINK = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Fictional Desk</title>
<item><title>Morning</title><link>https://example.org/story</link>
  <content:encoded><![CDATA[<p>FICTIONAL. Police in Lakeville arrested a broker.</p>]]></content:encoded>
</item>
<item><title>Evening</title><link>https://example.org/story</link>
  <content:encoded><![CDATA[<p>FICTIONAL. A court in Lakeville charged the broker.</p>]]></content:encoded>
</item>
</channel></rss>"""


def test_extraction_after_an_ingest_takes_every_document_the_run_read(
        store: Store, tmp_path: Path) -> None:
    # Two entries of a feed share their link: one origin, so one run item, two documents.
    feed = tmp_path / "desk.rss"
    feed.write_text(RSS_SAME_LINK, encoding="utf-8")
    report = pipeline.ingest(store, [str(feed)])
    assert count_documents(store) == report.documents == 2
    ri = schema.run_items
    with store.engine.connect() as conn:
        items = conn.execute(select(func.count()).where(ri.c.run_id == report.run_id)).scalar()
    assert items == 1
    extracted = pipeline.extract_stored(store, run_id=report.run_id)
    assert extracted.processed == 2
    assert {d["status"] for d in store.documents()} == {"extracted"}
