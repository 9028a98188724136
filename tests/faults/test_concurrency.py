"""Several processes at once: first runs racing for the pseudonym key, and ingests of
overlapping corpora writing the same documents in different orders."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ratline.store import Store

from .helpers import check_invariants, document_ids

pytestmark = pytest.mark.faults


def _read_key(home: str, start: Any, out: Any) -> None:
    os.environ["RATLINE_HOME"] = home
    os.environ.pop("RATLINE_PSEUDONYM_KEY", None)
    from ratline import settings

    start.wait()
    # Spread the six over the first millisecond: some find no key, some a key being made.
    time.sleep(random.random() / 1000)
    out.put(settings.pseudonym_key())


def test_processes_starting_on_a_fresh_home_share_one_complete_key(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    for trial in range(30):
        home = tmp_path / f"home{trial}"
        start, out = ctx.Barrier(6), ctx.Queue()
        procs = [ctx.Process(target=_read_key, args=(str(home), start, out)) for _ in range(6)]
        for p in procs:
            p.start()
        keys = [out.get(timeout=30) for _ in procs]
        for p in procs:
            p.join(timeout=30)
            assert p.exitcode == 0
        assert len(set(keys)) == 1, f"trial {trial}: {len(set(keys))} different keys"
        assert len(keys[0]) == 64
        keyfile = home / "pseudonym.key"
        assert keyfile.read_bytes() == keys[0]
        assert keyfile.stat().st_mode & 0o777 == 0o600
        assert sorted(p.name for p in home.iterdir()) == ["pseudonym.key"]  # no leftovers


def _corpus(path: Path, numbers: list[int]) -> str:
    with path.open("w", encoding="utf-8") as fh:
        for i in numbers:
            fh.write(json.dumps({"title": f"Report {i}", "text": f"FICTIONAL report {i}: a broker in "
                                 f"Tirana moved {i % 13 + 2} people across the border."}) + "\n")
    return str(path)


def _ingest(url: str, corpus: str, start: Any, out: Any) -> None:
    from ratline import pipeline

    store = Store(url)
    start.wait()
    try:
        report = pipeline.ingest(store, [corpus], batch_size=100)
        out.put(("ok", report.added, report.duplicates))
    except Exception as exc:  # reported to the test, which fails on it
        out.put(("error", type(exc).__name__, str(exc)))


def test_concurrent_ingests_of_overlapping_corpora_both_succeed(
    new_store_url: Callable[[str], str], tmp_path: Path
) -> None:
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(5)
    for trial in range(3):
        url = new_store_url(f"trial{trial}")
        Store(url).close()  # migrated once, so the race is in the ingest
        shared = list(range(trial * 1000, trial * 1000 + 300))
        a = shared + list(range(trial * 1000 + 500, trial * 1000 + 530))
        b = shared[:] + list(range(trial * 1000 + 700, trial * 1000 + 730))
        rng.shuffle(a)
        rng.shuffle(b)
        corpora = [_corpus(tmp_path / f"a{trial}.jsonl", a), _corpus(tmp_path / f"b{trial}.jsonl", b)]
        start, out = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_ingest, args=(url, c, start, out)) for c in corpora]
        for p in procs:
            p.start()
        results = [out.get(timeout=120) for _ in procs]
        for p in procs:
            p.join(timeout=60)
        assert [r[0] for r in results] == ["ok", "ok"], results
        # Every shared text was added by exactly one of the two.
        assert sum(r[1] for r in results) == 300 + 30 + 30
        assert sum(r[2] for r in results) == 300
        store = Store(url)
        assert len(document_ids(store)) == 360
        check_invariants(store)
        store.close()
