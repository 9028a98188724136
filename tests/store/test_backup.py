"""`ratline backup` and `ratline restore`: a consistent, verified copy while others write,
and a restore that refuses to replace data unless forced."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ratline import pipeline
from ratline.analyze.incidents import IndexCache
from ratline.cli import cli
from ratline.store import Store, StoreError
from ratline.store.backup import TABLES, backup, inspect_backup, restore


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def corpus(path: Path, start: int, n: int) -> str:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(start, start + n):
            fh.write(json.dumps({"title": f"Report {i}", "text": f"FICTIONAL report {i}: a broker "
                                 f"in Quito moved {i % 7 + 2} people."}) + "\n")
    return str(path)


def counts(url: str) -> dict[str, int]:
    from ratline.store.backup import _table_counts

    store = Store(url)
    with store.engine.connect() as conn:
        found = _table_counts(conn)
    store.close()
    return found


def _keep_writing(url: str, folder: str, stop: Any) -> None:
    store = Store(url)
    i = 0
    while not stop.is_set():
        pipeline.ingest(store, [corpus(Path(folder) / f"w{i}.jsonl", 10000 + i * 20, 20)], batch_size=5)
        i += 1


def test_sqlite_backup_is_consistent_while_another_process_writes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite'}"
    store = Store(url)
    pipeline.ingest(store, [corpus(tmp_path / "first.jsonl", 0, 50)])
    ctx = multiprocessing.get_context("fork")
    stop = ctx.Event()
    writer = ctx.Process(target=_keep_writing, args=(url, str(tmp_path), stop))
    writer.start()
    try:
        copies = []
        for n in range(3):
            copies.append(backup(store, tmp_path / f"copy{n}.sqlite"))
    finally:
        stop.set()
        writer.join(timeout=60)
    assert writer.exitcode == 0
    for made in copies:
        found = inspect_backup(made.path)
        assert found.counts == made.counts and found.schema_version == made.schema_version
        # One moment: every run item's document is in the copy, every batch whole.
        conn = sqlite3.connect(made.path)
        assert conn.execute("SELECT count(*) FROM run_items WHERE outcome = 'added' AND document_id "
                            "NOT IN (SELECT id FROM documents)").fetchone()[0] == 0
        added = conn.execute("SELECT sum(added) FROM runs").fetchone()[0]
        assert added == found.counts["documents"]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        conn.close()
        assert not Path(str(made.path) + "-wal").exists()
    assert copies[0].counts["documents"] >= 50
    with pytest.raises(StoreError, match="exists already"):
        backup(store, copies[0].path)
    store.close()


def test_backup_and_restore_through_the_cli(ratline_home: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("ingest", "--no-extract", corpus(tmp_path / "c.jsonl", 0, 30)).exit_code == 0
    made = invoke("backup", str(tmp_path / "b.sqlite"))
    assert made.exit_code == 0, made.output
    assert "verified" in made.output and "documents 30" in made.output

    # Into a fresh home: restored and verified.
    monkeypatch.setenv("RATLINE_HOME", str(tmp_path / "other"))
    done = invoke("restore", str(tmp_path / "b.sqlite"))
    assert done.exit_code == 0, done.output
    assert counts(f"sqlite:///{tmp_path / 'other' / 'ratline.sqlite'}")["documents"] == 30

    # A store that holds data is replaced only with --force.
    assert invoke("ingest", "--no-extract", corpus(tmp_path / "d.jsonl", 100, 5)).exit_code == 0
    refused = invoke("restore", str(tmp_path / "b.sqlite"))
    assert refused.exit_code == 1 and "not empty" in refused.output and "--force" in refused.output
    assert counts(f"sqlite:///{tmp_path / 'other' / 'ratline.sqlite'}")["documents"] == 35
    forced = invoke("restore", "--force", str(tmp_path / "b.sqlite"))
    assert forced.exit_code == 0, forced.output
    assert counts(f"sqlite:///{tmp_path / 'other' / 'ratline.sqlite'}")["documents"] == 30
    status = json.loads(invoke("status", "--format", "jsonl").output.splitlines()[0])
    assert status["counts"]["documents"] == 30


def test_restore_replaces_a_damaged_store_only_when_forced(tmp_path: Path) -> None:
    source = Store(f"sqlite:///{tmp_path / 'good.sqlite'}")
    pipeline.ingest(source, [corpus(tmp_path / "c.jsonl", 0, 12)])
    made = backup(source, tmp_path / "b.sqlite")
    source.close()
    broken = tmp_path / "home" / "ratline.sqlite"
    broken.parent.mkdir()
    broken.write_bytes(os.urandom(8192))
    url = f"sqlite:///{broken}"
    with pytest.raises(StoreError, match="unreadable"):
        restore(url, made.path)
    restore(url, made.path, force=True)
    assert counts(url)["documents"] == 12


def test_a_backup_whose_schema_holds_undecodable_bytes_is_refused(tmp_path: Path) -> None:
    """Damage in a schema entry makes SQLite's own error message quote raw bytes; the check
    reports a damaged backup, never a decoding crash."""
    store = Store(f"sqlite:///{tmp_path / 'good.sqlite'}")
    pipeline.ingest(store, [corpus(tmp_path / "c.jsonl", 0, 5)])
    made = backup(store, tmp_path / "b.sqlite")
    store.close()
    conn = sqlite3.connect(made.path)
    conn.execute("PRAGMA writable_schema=ON")
    # "CREATE TABLE runs(x) " followed by bytes that are not UTF-8.
    conn.execute("UPDATE sqlite_master SET sql = CAST(X'435245415445205441424C452072756E7328782920"
                 "81FF' AS TEXT) WHERE name = 'runs'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a readable SQLite backup"):
        inspect_backup(made.path)
    with pytest.raises(StoreError):
        restore(f"sqlite:///{tmp_path / 'target.sqlite'}", made.path)


def test_a_damaged_backup_is_refused(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'good.sqlite'}")
    pipeline.ingest(store, [corpus(tmp_path / "c.jsonl", 0, 200)])
    made = backup(store, tmp_path / "b.sqlite")
    store.close()
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(made.path.read_bytes())
    for offset in range(8192, len(data) - 4096, 4096):  # every page but the first two
        data[offset + 100 : offset + 400] = os.urandom(300)
    damaged.write_bytes(bytes(data))
    target = f"sqlite:///{tmp_path / 'target.sqlite'}"
    with pytest.raises(StoreError):
        restore(target, damaged)
    garbage = tmp_path / "garbage.bin"
    garbage.write_bytes(b"not a backup at all")
    result = invoke("restore", str(garbage))
    assert result.exit_code == 1 and "not a ratline backup" in result.output


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("RATLINE_TEST_POSTGRES_URL"), reason="RATLINE_TEST_POSTGRES_URL is not set")
@pytest.mark.skipif(shutil.which("pg_dump") is None and not list(Path("/usr/lib/postgresql").glob("*/bin/pg_dump")),
                    reason="pg_dump is not installed")
def test_postgres_backup_and_restore(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from support.stores import new_postgres_database

    server = os.environ["RATLINE_TEST_POSTGRES_URL"]
    source_url, target_url = new_postgres_database(server), new_postgres_database(server)
    source = Store(source_url)
    pipeline.ingest(source, [corpus(tmp_path / "c.jsonl", 0, 25)])
    pipeline.extract_stored(source)
    monkeypatch.setenv("RATLINE_DATABASE_URL", source_url)
    made = invoke("backup", str(tmp_path / "pg.dump"))
    assert made.exit_code == 0, made.output
    assert (tmp_path / "pg.dump").read_bytes().startswith(b"PGDMP")
    expected = counts(source_url)
    assert inspect_backup(tmp_path / "pg.dump").counts == {name: expected.get(name, 0) for name in TABLES}

    monkeypatch.setenv("RATLINE_DATABASE_URL", target_url)
    Store(target_url).close()  # migrated but empty: no --force needed
    done = invoke("restore", str(tmp_path / "pg.dump"))
    assert done.exit_code == 0, done.output
    assert counts(target_url) == expected
    refused = invoke("restore", str(tmp_path / "pg.dump"))
    assert refused.exit_code == 1 and "not empty" in refused.output
    pipeline.ingest(source, [corpus(tmp_path / "more.jsonl", 500, 3)])
    monkeypatch.setenv("RATLINE_DATABASE_URL", source_url)
    assert invoke("restore", "--force", str(tmp_path / "pg.dump")).exit_code == 0
    assert counts(source_url) == expected  # the newer rows are gone: the backup's moment
    # A SQLite backup does not go into a PostgreSQL store.
    sqlite_copy = backup(Store(f"sqlite:///{tmp_path / 's.sqlite'}"), tmp_path / "s-copy.sqlite")
    wrong = invoke("restore", "--force", str(sqlite_copy.path))
    assert wrong.exit_code == 1 and "sqlite backup but the store is postgresql" in wrong.output
    source.close()


def test_a_restore_shows_a_change_to_a_reader_holding_the_replaced_store(
        database_url: str, tmp_path: Path) -> None:
    """The backup's version may equal the replaced store's: the restore raises it past."""
    if database_url.startswith("sqlite"):
        other_url = f"sqlite:///{tmp_path / 'other.sqlite'}"
    else:
        from support.stores import POSTGRES_URL, new_postgres_database

        if shutil.which("pg_dump") is None and not list(Path("/usr/lib/postgresql").glob("*/bin/pg_dump")):
            pytest.skip("pg_dump is not installed")
        assert POSTGRES_URL
        other_url = new_postgres_database(POSTGRES_URL)
    other = Store(other_url)
    pipeline.ingest(other, [corpus(tmp_path / "a.jsonl", 0, 3)])
    made = backup(other, tmp_path / ("b.sqlite" if database_url.startswith("sqlite") else "b.dump"))
    backed_up, backed_up_version = {d["id"] for d in other.documents()}, other.version()
    other.close()

    live = Store(database_url)
    pipeline.ingest(live, [corpus(tmp_path / "b.jsonl", 100, 4)])  # the same writes, other rows
    version = live.version()
    assert version == backed_up_version  # what a reader holds cannot tell them apart
    cache = IndexCache(live, ttl=0.0)
    assert set(cache.get().titles) == {d["id"] for d in live.documents()}
    restore(database_url, made.path, force=True)
    assert live.version() > version
    assert set(cache.get().titles) == backed_up
    live.close()

