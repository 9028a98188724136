"""Every way the store can fail ends in one line with the cause and a non-zero exit, never
a traceback or a document's text; a read-only home still serves every read."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import event, update
from sqlalchemy.exc import DBAPIError, OperationalError

from ratline import pipeline
from ratline.analyze.incidents import IndexCache, fingerprint
from ratline.cli import cli
from ratline.model import Document
from ratline.store import Store, schema
from ratline.store.errors import describe

SECRET = "FICTIONAL witness statement of Mira Olenska about the clinic in Tirana."
REPORT = "FICTIONAL. Police in Lahore arrested a kidney broker, Oren Vasilev, in 2023."


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_one_line_error(result: Result, *words: str) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(
        result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert lines[0].startswith("Error: ")
    for word in words:
        assert word in lines[0], lines[0]
    assert SECRET not in result.output and "INSERT" not in result.output
    return lines[0]


def doc(text: str, source: str = "test") -> Document:
    return Document(id=pipeline.document_id(text), text=text, source=source,
                    media_type="text/plain", size=len(text))


@pytest.fixture
def mountable() -> None:
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root (CI runs as root)")


@pytest.fixture
def home_with_documents(ratline_home: Path, tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.txt").write_text(REPORT)
    result = invoke("ingest", str(folder))
    assert result.exit_code == 0, result.output
    yield ratline_home


def test_a_failing_statement_never_carries_document_text(store: Store) -> None:
    # A NOT NULL violation with the text among the parameters.
    bad = [{"id": "x" * 64, "source": None, "text": SECRET, "status": "stored", "size": 1,
            "created_at": datetime.now(UTC), "updated_at": datetime.now(UTC)}]
    with pytest.raises(DBAPIError) as caught, store.writer() as conn:
        conn.execute(schema.documents.insert(), bad)
    assert SECRET not in str(caught.value)
    line = describe(caught.value)
    assert SECRET not in line and "\n" not in line and "INSERT" not in line


def test_a_write_that_meets_a_deadlock_is_run_again(store: Store) -> None:
    import psycopg

    calls: list[int] = []

    def work(conn: Any) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("INSERT", {}, psycopg.errors.DeadlockDetected("deadlock detected"))
        return "written"

    assert store.write(work) == "written" and len(calls) == 3

    def broken(conn: Any) -> str:
        calls.append(1)
        raise OperationalError("INSERT", {}, psycopg.errors.UndefinedTable("no such table"))

    calls.clear()
    with pytest.raises(OperationalError) as caught:
        store.write(broken)
    assert len(calls) == 1  # not worth a second try
    assert describe(caught.value) == "store error (42P01): no such table"
    deadlock = OperationalError("INSERT", {}, psycopg.errors.DeadlockDetected("deadlock detected"))
    assert "concurrent writer" in describe(deadlock)


def test_disk_full_mid_ingest_keeps_what_was_committed_and_says_so(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'full.sqlite'}")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"text": f"FICTIONAL report {i}. " + "A broker moved people. " * 200})
                              + "\n" for i in range(200)))

    def cap(dbapi_conn: Any, _record: Any) -> None:
        # SQLite's own limit on the file: every write past it meets SQLITE_FULL, exactly
        # as on a disk without space.
        dbapi_conn.execute("PRAGMA max_page_count = 150")

    store.engine.dispose()
    event.listen(store.engine, "connect", cap)
    with pytest.raises(OperationalError) as caught:
        pipeline.ingest(store, [str(corpus)], batch_size=10)
    line = describe(caught.value)
    assert line.startswith("no space left for the store (database or disk is full)")
    kept = store.counts()["documents"]
    assert 0 < kept < 200
    # Space frees: the same command completes, nothing twice.
    event.remove(store.engine, "connect", cap)
    store.engine.dispose()
    again = pipeline.ingest(store, [str(corpus)], batch_size=10)
    assert again.added == 200 - kept and store.counts()["documents"] == 200
    assert store.runs()[1]["status"] == "failed"


def test_read_only_home_serves_every_read(home_with_documents: Path, mountable: None,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from faults.helpers import read_only

    home = home_with_documents
    monkeypatch.delenv("RATLINE_PSEUDONYM_KEY")  # reading must not need (or make) a key
    (home / "pseudonym.key").unlink(missing_ok=True)
    doc_id = json.loads(invoke("documents", "--format", "jsonl").output.splitlines()[0])["id"]
    files = sorted(p.name for p in home.iterdir())
    with read_only(home):
        with pytest.raises(OSError):
            (home / "probe").write_text("x")  # really read-only, root included
        status = invoke("status", "--format", "jsonl")
        assert status.exit_code == 0, status.output
        assert json.loads(status.output.splitlines()[0])["counts"]["documents"] == 1
        hits = invoke("search", "kidney", "--format", "jsonl")
        assert hits.exit_code == 0 and json.loads(hits.output)["id"] == doc_id
        shown = invoke("show", doc_id[:10], "--format", "jsonl")
        assert shown.exit_code == 0 and json.loads(shown.output)["statements"]
        assert invoke("documents").exit_code == 0
        assert_one_line_error(invoke("ingest", "--no-extract", str(home)), "read-only")
        from fastapi.testclient import TestClient

        from ratline.web.app import create_app

        with TestClient(create_app()) as client:  # `ratline serve` starts on it
            assert client.get("/login").status_code == 200
        assert sorted(p.name for p in home.iterdir()) == files  # no key, nothing new


def test_a_read_only_store_opens_for_reading(tmp_path: Path, mountable: None) -> None:
    from faults.helpers import read_only

    folder = tmp_path / "ro"
    folder.mkdir()
    url = f"sqlite:///{folder / 'ratline.sqlite'}"
    writable = Store(url)
    writable.add_documents([doc(REPORT)])
    version = writable.version()
    writable.close()
    with read_only(folder):
        store = Store(url)
        assert store.read_only and store.counts()["documents"] == 1
        # The web's change check reads the version without writing.
        assert fingerprint(store) == version and IndexCache(store).get().titles
        with pytest.raises(OperationalError) as caught:
            store.add_documents([doc(SECRET)])
        assert describe(caught.value).startswith("the store is read-only")
        store.close()


def test_corrupt_store_file_is_a_clear_error(ratline_home: Path) -> None:
    ratline_home.mkdir(parents=True)
    (ratline_home / "ratline.sqlite").write_bytes(os.urandom(64 * 1024))
    for command in (["status"], ["search", "kidney"], ["documents"]):
        assert_one_line_error(invoke(*command), "damaged", "ratline restore", "ratline.sqlite")


def test_postgresql_down_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("RATLINE_DATABASE_URL", f"postgresql://ratline@127.0.0.1:{port}/ratline")
    for command in (["status"], ["ingest", "--no-extract", "/dev/null"]):
        assert_one_line_error(invoke(*command), "cannot reach PostgreSQL", f"127.0.0.1:{port}")


def test_the_real_command_prints_one_line_and_exits_non_zero(ratline_home: Path) -> None:
    ratline_home.mkdir(parents=True)
    (ratline_home / "ratline.sqlite").write_bytes(b"not a database" * 1000)
    done = subprocess.run([sys.executable, "-m", "ratline", "status"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}, timeout=60)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "damaged" in done.stderr


def test_show_jsonl_includes_statements(home_with_documents: Path) -> None:
    doc_id = json.loads(invoke("documents", "--format", "jsonl").output.splitlines()[0])["id"]
    shown = invoke("show", doc_id, "--format", "jsonl")
    assert shown.exit_code == 0, shown.output
    row = json.loads(shown.output)
    assert row["statements"] and all(s["document_id"] == doc_id for s in row["statements"])
    assert isinstance(row["statements"][0]["created_at"], str)


def test_status_shows_a_killed_run_as_interrupted(store: Store) -> None:
    gone = subprocess.Popen(["sleep", "0"])
    gone.wait()
    run_id = store.start_run("ingest", ["x"])
    r = schema.runs
    with store.writer() as conn:
        conn.execute(update(r).where(r.c.id == run_id).values(pid=gone.pid))
    assert store.runs()[0]["status"] == "interrupted"
    # A live process that started after the run is a reused pid, not the run.
    reused = subprocess.Popen(["sleep", "30"])
    try:
        time.sleep(0.1)
        earlier = store.start_run("ingest", ["y"])
        with store.writer() as conn:
            conn.execute(update(r).where(r.c.id == earlier).values(
                pid=reused.pid, started_at=datetime.now(UTC) - timedelta(hours=1)))
        live = store.start_run("ingest", ["z"])
        with store.writer() as conn:
            conn.execute(update(r).where(r.c.id == live).values(pid=reused.pid))
        shown = {run["id"]: run["status"] for run in store.runs()}
        assert shown == {live: "running", earlier: "interrupted", run_id: "interrupted"}
    finally:
        reused.kill()
        reused.wait()


def test_status_command_never_shows_a_dead_run_running(ratline_home: Path, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{ratline_home / 'ratline.sqlite'}") if ratline_home.mkdir(parents=True) is None else None
    assert store is not None
    gone = subprocess.Popen(["sleep", "0"])
    gone.wait()
    run_id = store.start_run("ingest", ["x"])
    with store.writer() as conn:
        conn.execute(update(schema.runs).where(schema.runs.c.id == run_id).values(pid=gone.pid))
    store.close()
    text = invoke("status")
    assert text.exit_code == 0 and "interrupted" in text.output and "running" not in text.output
    first = json.loads(invoke("status", "--format", "jsonl").output.splitlines()[0])
    assert [run["status"] for run in first["runs"]] == ["interrupted"]
