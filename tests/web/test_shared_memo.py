"""Results one web worker computed, read by the others (`web.shared_memo`): a search's
documents, its selection and its hits are computed once for every worker forked over
the same index, never shared by a worker whose index changed, bounded, and cleaned up."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from ratline.analyze import incidents
from ratline.analyze.incidents import IncidentIndex, IndexCache, build_index
from ratline.store import Store, schema
from ratline.web import queries, shared_memo
from ratline.web.shared_memo import PREFIX, SharedMemo, SharedMemos, share_indexes

from .conftest import one_incident_document

NO_FILTERS: dict[str, str | None] = {k: None for k in (
    "trade", "country", "min_evidence", "year_from", "year_to", "organ", "q")}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    now = datetime.now(UTC)
    rows = [one_incident_document(
        n, f"FICTIONAL REPORT {n}: a {'zorvathic' if n % 2 else 'quellish'} broker was "
        "arrested in Lahore.", now) for n in range(8)]
    with s.writer() as conn:
        conn.execute(schema.documents.insert(), [d for d, _ in rows])
        conn.execute(schema.statements.insert(), [x for _, stmts in rows for x in stmts])
    yield s
    s.close()


@pytest.fixture
def workers(store: Store, tmp_path: Path) -> tuple[IncidentIndex, IncidentIndex, SharedMemo]:
    """Two indexes over the same store, as two forked workers hold, sharing one memo."""
    memos = SharedMemos(base=tmp_path)
    memo = memos.new()
    first, second = build_index(store), build_index(store)
    shared_memo.attach(first, memo)
    shared_memo.attach(second, memo)
    return first, second, memo


def _no_search(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("searched again")


def test_a_search_one_worker_made_is_read_by_the_other(
        store: Store, workers: tuple[IncidentIndex, IncidentIndex, SharedMemo],
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, memo = workers
    values = dict(NO_FILTERS, q="zorvathic")
    made = queries.selected(store, first, values)
    assert len(made) == 4
    assert len(os.listdir(memo.directory)) == 2  # the search's documents, its selection
    # The second worker neither searches the store nor selects in its index.
    monkeypatch.setattr(store, "search_ids", _no_search)
    monkeypatch.setattr(second, "select", _no_search)
    read = queries.selected(store, second, values)
    assert [i.id for i in read] == [i.id for i in made]
    assert sorted(queries.searched(store, second, "zorvathic")) == sorted(
        queries.searched(store, first, "zorvathic"))
    # A selection read back counts its facets like one made here.
    assert second.facets(read) == first.facets(made)


def test_search_hits_one_worker_made_are_read_by_the_other(
        store: Store, workers: tuple[IncidentIndex, IncidentIndex, SharedMemo],
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, _ = workers
    made = queries.search_hits(store, first, "quellish")
    assert len(made) == 4 and all("quellish" in h["snippet"] for h in made)
    monkeypatch.setattr(store, "search", _no_search)
    assert queries.search_hits(store, second, "quellish") == made


def test_a_search_that_finds_nothing_is_shared_as_nothing(
        store: Store, workers: tuple[IncidentIndex, IncidentIndex, SharedMemo],
        monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, _ = workers
    assert queries.searched(store, first, "absentword") == []
    monkeypatch.setattr(store, "search_ids", _no_search)
    assert queries.searched(store, second, "absentword") == []


def test_a_worker_whose_index_changed_neither_reads_nor_writes_the_shared_results(
        store: Store, workers: tuple[IncidentIndex, IncidentIndex, SharedMemo]) -> None:
    first, second, memo = workers
    values = dict(NO_FILTERS, q="zorvathic")
    queries.selected(store, first, values)
    held = sorted(os.listdir(memo.directory))
    # A review answered by the second worker changes its index (`IncidentIndex._derive`).
    second._derive()
    calls = []
    real = second.select
    second.select = lambda filters: calls.append(1) or real(filters)  # type: ignore[method-assign]
    queries.selected(store, second, values)
    queries.searched(store, second, "quellish")
    assert calls == [1]
    assert sorted(os.listdir(memo.directory)) == held


def test_a_process_of_its_own_shares_nothing(store: Store) -> None:
    index = build_index(store)
    assert index.shared is None
    assert len(queries.selected(store, index, dict(NO_FILTERS, q="zorvathic"))) == 4


def test_one_process_reads_back_a_search_its_own_memo_let_go(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ratline serve` in one process: the files are a second tier behind the index's
    memo, so a search pushed out of the memo by newer ones is not computed again."""
    monkeypatch.setattr(incidents, "MEMO_SIZE", 1)  # each tier keeps one result
    memos = SharedMemos(base=tmp_path)
    cache = IndexCache(store)
    share_indexes(cache, memos)
    index = cache.get()
    assert index.shared is not None and index.shared[0].directory == memos.root / "0"
    made = queries.selected(store, index, dict(NO_FILTERS, q="zorvathic"))
    queries.selected(store, index, dict(NO_FILTERS, q="quellish"))  # pushes it out
    monkeypatch.setattr(store, "search_ids", _no_search)
    monkeypatch.setattr(index, "select", _no_search)
    read = queries.selected(store, index, dict(NO_FILTERS, q="zorvathic"))
    assert [i.id for i in read] == [i.id for i in made] and len(read) == 4
    # Without the files the same request computes again.
    index.shared = None
    with pytest.raises(AssertionError, match="searched again"):
        queries.selected(store, index, dict(NO_FILTERS, q="quellish"))
    memos.close()
    assert not memos.root.exists()


def test_one_process_shares_again_after_a_review_patched_its_index(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A review through the one process patches its index (`IndexCache.refresh_subject`):
    the results kept before are not read again, and those computed after are kept."""
    monkeypatch.setattr(incidents, "MEMO_SIZE", 1)
    memos = SharedMemos(base=tmp_path)
    cache = IndexCache(store)
    share_indexes(cache, memos)
    index = cache.get()
    values = dict(NO_FILTERS, q="zorvathic")
    queries.selected(store, index, values)
    cache.refresh_subject(next(iter(index.incidents.values())).id)
    assert cache.get() is index and index.version > 0
    assert index.shared[1] == index.version
    assert index.shared[0].directory == memos.root / "1"
    calls = []
    real = index.select
    index.select = lambda filters: calls.append(1) or real(filters)  # type: ignore[method-assign]
    queries.selected(store, index, values)  # the patched index selects again, once
    queries.selected(store, index, dict(NO_FILTERS, q="quellish"))  # pushes it out
    queries.selected(store, index, values)  # read back from the new place
    assert calls == [1, 1]
    memos.close()


def test_each_index_the_cache_builds_gets_a_place_of_its_own(
        store: Store, tmp_path: Path) -> None:
    memos = SharedMemos(base=tmp_path)
    cache = IndexCache(store, ttl=0.0)
    share_indexes(cache, memos)
    first = cache.get()
    assert cache.get() is first  # nothing changed: no new index, no new place
    now = datetime.now(UTC)
    document, statements = one_incident_document(99, "FICTIONAL REPORT 99: a zorvathic "
                                                 "recruiter was charged in Lahore.", now)
    with store.writer() as conn:
        conn.execute(schema.documents.insert(), [document])
        conn.execute(schema.statements.insert(), statements)
    second = cache.get()
    assert second is not first
    assert second.shared[0].directory == memos.root / "1"
    # The new index answers with the new document, never with the old index's results.
    values = dict(NO_FILTERS, q="zorvathic")
    assert len(queries.selected(store, first, values)) == 4
    assert len(queries.selected(store, second, values)) == 5
    memos.close()


def test_the_oldest_results_go_past_the_bounds(tmp_path: Path) -> None:
    memo = SharedMemo(tmp_path, max_entries=4, max_bytes=10**6)
    for n in range(8):
        memo.put(("k", n), b"x" * 10)
        os.utime(tmp_path / memo._name(("k", n)), (1000 + n, 1000 + n))
    memo.prune()
    kept = [n for n in range(8) if memo.get(("k", n)) is not None]
    assert kept == [5, 6, 7]
    by_bytes = SharedMemo(tmp_path / "b", max_entries=100, max_bytes=100)
    by_bytes.directory.mkdir()
    for n in range(5):
        by_bytes.put(n, b"y" * 40)
        os.utime(by_bytes.directory / by_bytes._name(n), (1000 + n, 1000 + n))
    by_bytes.prune()
    assert [n for n in range(5) if by_bytes.get(n) is not None] == [4]


def test_results_take_a_share_of_the_free_space_at_most(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`/dev/shm` is memory, 64 MB in a container by default, and PostgreSQL needs room
    there too: an index's results take an eighth of what is free, or MAX_BYTES if less."""
    free = shared_memo._free(tmp_path)
    assert free is not None and 0 < free <= os.statvfs(tmp_path).f_blocks * os.statvfs(
        tmp_path).f_frsize
    memos = SharedMemos(base=tmp_path)
    monkeypatch.setattr(shared_memo, "_free", lambda directory: 64 * 2**20)
    assert memos.new().max_bytes == 8 * 2**20
    monkeypatch.setattr(shared_memo, "_free", lambda directory: 100 * 2**30)
    assert memos.new().max_bytes == shared_memo.MAX_BYTES
    monkeypatch.setattr(shared_memo, "_free", lambda directory: None)
    assert memos.new().max_bytes == shared_memo.MAX_BYTES
    memos.close()


def test_large_writes_look_at_the_bounds_before_the_count_says_so(tmp_path: Path) -> None:
    memo = SharedMemo(tmp_path, max_entries=1000, max_bytes=800)
    for n in range(100):  # far fewer writes than CHECK_EVERY, 5,000 bytes in all
        memo.put(("k", n), b"x" * 50)
        held = sum(f.stat().st_size for f in tmp_path.iterdir())
        # Never more than the bound and the eighth of it written since the last look.
        assert held <= 800 + 800 // 8 + 50
    assert memo.get(("k", 99)) == b"x" * 50


def test_a_write_that_fails_leaves_the_result_unshared(tmp_path: Path) -> None:
    memo = SharedMemos(base=tmp_path).new()
    memo.directory.rmdir()  # the parent removed an old index's results
    memo.put("key", b"value")
    assert memo.get("key") is None


def test_results_are_the_servers_alone_and_two_indexes_kept_at_most(tmp_path: Path) -> None:
    memos = SharedMemos(base=tmp_path)
    assert stat.S_IMODE(memos.root.stat().st_mode) == 0o700
    made = [memos.new() for _ in range(3)]
    made[-1].put("key", b"value")
    assert [m.directory.exists() for m in made] == [False, True, True]
    assert stat.S_IMODE(made[-1].directory.stat().st_mode) == 0o700
    memos.close()
    assert not memos.root.exists()


def test_a_dead_servers_results_are_removed_and_a_live_ones_kept(tmp_path: Path) -> None:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    dead = int(child.stdout)
    orphan = tmp_path / f"{PREFIX}{dead}-abc"
    (orphan / "0").mkdir(parents=True)
    live = tmp_path / f"{PREFIX}{os.getpid()}-def"
    live.mkdir()
    # A link by that name is followed nowhere: what it points at stays.
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep").write_text("x")
    (tmp_path / f"{PREFIX}{dead}-link").symlink_to(target)
    memos = SharedMemos(base=tmp_path)
    assert not orphan.exists()
    assert live.exists()
    assert (target / "keep").exists()
    memos.close()
