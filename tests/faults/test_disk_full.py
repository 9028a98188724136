"""A disk that fills up mid-ingest: a real, tiny file system under the store. The run
ends with one clear line, nothing committed is lost, and once space frees the same
command completes with every text stored once."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ratline.store import Store

from .helpers import check_invariants, ratline_cli, tiny_filesystem

pytestmark = pytest.mark.faults


def test_disk_full_mid_ingest_then_resume(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny file system needs root (CI runs as root)")
    rng = random.Random(3)
    corpus = tmp_path / "corpus.jsonl"
    words = ["broker", "clinic", "border", "police", "court", "victims", "transfer", "kidney"]
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(300):
            body = " ".join(rng.choice(words) + str(rng.randint(0, 9999)) for _ in range(1200))
            fh.write(json.dumps({"title": f"Report {i}", "text": f"FICTIONAL report {i}. {body}"}) + "\n")
    home = tmp_path / "home"
    env = {**os.environ, "RATLINE_HOME": str(home), "RATLINE_INGEST_BATCH_SIZE": "20",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop("RATLINE_DATABASE_URL", None)
    with tiny_filesystem(home, "3m"):
        full = ratline_cli(["ingest", "--no-extract", str(corpus)], env)
        assert full.returncode == 1, full.stdout + full.stderr
        assert "Traceback" not in full.stderr
        error = [line for line in full.stderr.splitlines() if line.startswith("Error:")]
        assert len(error) == 1 and "no space left for the store" in error[0], full.stderr
        assert "FICTIONAL report" not in full.stderr

        db = home / "ratline.sqlite"
        store = Store(f"sqlite:///{db}")
        kept = store.counts()["documents"]
        assert 0 < kept < 300, "the disk filled before anything or after everything was stored"
        check_invariants(store)
        store.close()
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()

        # Space frees: the same command picks up where it stopped.
        subprocess.run(["mount", "-o", "remount,size=64m", str(home)], check=True)
        done = ratline_cli(["ingest", "--no-extract", "--format", "jsonl", str(corpus)], env)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["added"] == 300 - kept
        store = Store(f"sqlite:///{db}")
        assert store.counts()["documents"] == 300
        check_invariants(store, 300)
        assert [r["status"] for r in store.runs()] in (["done", "failed"], ["done", "interrupted"])
        store.close()
