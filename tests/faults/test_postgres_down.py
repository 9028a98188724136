"""PostgreSQL stopped in the middle of an ingest (a throwaway server of the test's own),
then started again: the run ends with one clear line, and the same command resumes and
completes with every text stored once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ratline.store import Store

from .helpers import check_invariants, postgres_bin, postgres_cluster, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.postgres]


@pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL server binaries are not installed")
def test_postgres_stopped_mid_ingest_then_resumed(tmp_path: Path) -> None:
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
        pytest.skip("no postgres user to run a throwaway server as")
    n = 300
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"text": f"FICTIONAL report {i}: a broker in Manila moved {i % 11} people."}) + "\n")
    with postgres_cluster() as cluster:
        env = {**os.environ, "RATLINE_HOME": str(tmp_path / "home"), "RATLINE_DATABASE_URL": cluster.url,
               "RATLINE_INGEST_BATCH_SIZE": "5", "PYTHONPATH": os.pathsep.join(sys.path)}
        command = [sys.executable, "-m", "ratline", "ingest", "--no-extract", "--format", "jsonl", str(corpus)]
        store = Store(cluster.url)
        proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            assert wait_for(lambda: store.counts()["documents"] > 0, timeout=60)
            cluster.stop("immediate")
            out, err = proc.communicate(timeout=120)
        finally:
            if proc.poll() is None:
                proc.kill()
        assert proc.returncode == 1, out + err
        assert "Traceback" not in err and "FICTIONAL" not in err
        lines = [line for line in err.splitlines() if line.startswith("Error:")]
        assert len(lines) == 1 and "PostgreSQL" in lines[0], err

        cluster.start()
        kept = store.counts()["documents"]
        assert 0 < kept < n, "the server stopped before anything or after everything was stored"
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["added"] == n - kept
        assert store.counts()["documents"] == n
        check_invariants(store, n)
        assert [r["status"] for r in store.runs()] in (["done", "failed"], ["done", "interrupted"])
        store.close()
