"""The Ray engine against the local path: the same corpus gives the same documents and
statements, on SQLite and PostgreSQL, and a worker killed mid-batch loses nothing and
adds nothing twice. A local two-CPU Ray on 127.0.0.1 runs for the whole module."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from ratline import distributed, pipeline
from ratline.cli import cli
from ratline.store import Store
from support.stores import POSTGRES_URL, new_postgres_database

ROOT = Path(__file__).resolve().parents[2]
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
# Records taken from each shared corpus file, when ../shared is present.
PER_CORPUS = 4
STATEMENT_COLUMNS = ("id, subject, prop, value, document_id, start, \"end\", extractor, "
                     "extractor_version, confidence, status")


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'ratline[ray]')")
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1",
             logging_level="ERROR", log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The bundled fictional reports, and a few records of each shared corpus file."""
    specs = [str(ROOT / "examples" / "reports")]
    if SHARED_CORPUS.is_dir():
        sample = tmp_path_factory.mktemp("corpus") / "sample.jsonl"
        lines = []
        for path in sorted(SHARED_CORPUS.glob("*.jsonl")):
            with path.open(encoding="utf-8") as f:
                lines += [line for _, line in zip(range(PER_CORPUS), f, strict=False)]
        sample.write_text("".join(lines), encoding="utf-8")
        specs.append(str(sample))
    return specs


@pytest.fixture(scope="module")
def local_run(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[Any]]:
    """What the local path stores for the corpus: the reference every Ray run must match."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RATLINE_PSEUDONYM_KEY", "test-key")
        mp.setenv("RATLINE_HOME", str(tmp_path_factory.mktemp("home")))
        store = Store(f"sqlite:///{tmp_path_factory.mktemp('local') / 'store.sqlite'}")
        pipeline.ingest(store, corpus)
        pipeline.extract_stored(store)
        stored = contents(store)
        store.close()
    return stored


def contents(store: Store) -> dict[str, set[Any]]:
    with store.engine.connect() as conn:
        return {
            "documents": set(conn.execute(text(
                "SELECT id, source, status, relevant, extractor_version FROM documents")).all()),
            "statements": set(conn.execute(text(f"SELECT {STATEMENT_COLUMNS} FROM statements")).all()),
        }


def row_counts(store: Store) -> tuple[int, int, int, int]:
    """Rows and distinct ids of documents and of statements."""
    with store.engine.connect() as conn:
        return tuple(conn.execute(text(  # type: ignore[return-value]
            "SELECT (SELECT count(*) FROM documents), (SELECT count(DISTINCT id) FROM documents), "
            "(SELECT count(*) FROM statements), (SELECT count(DISTINCT id) FROM statements)")).one())


@pytest.mark.ray
def test_ray_engine_stores_what_the_local_path_stores(
        ray_cluster: Any, store: Store, corpus: list[str], local_run: dict[str, set[Any]]) -> None:
    ingested = distributed.ingest(store, corpus, workers=2)
    extracted = distributed.extract_stored(store, workers=2)
    assert ingested.added == len(local_run["documents"])
    assert extracted.processed == len(local_run["documents"])
    assert contents(store) == local_run
    # A second run finds everything stored and extracted: it adds and removes nothing.
    again = distributed.ingest(store, corpus, workers=2)
    assert again.added == 0
    assert distributed.extract_stored(store, workers=2).processed == 0
    some = sorted(d[0] for d in local_run["documents"])[:6]
    redone = distributed.extract_stored(store, ids=some, everything=True, workers=2)
    assert redone.processed == len(some)
    assert redone.statements_added == redone.statements_removed == 0
    assert contents(store) == local_run


@pytest.fixture
def server_store(tmp_path: Path) -> Iterator[Store]:
    """The CI PostgreSQL where there is one, else SQLite: the kill test runs once, on the
    backend a cluster would write to (the writer is the same code for both)."""
    url = new_postgres_database(POSTGRES_URL) if POSTGRES_URL else f"sqlite:///{tmp_path / 's.sqlite'}"
    store = Store(url)
    yield store
    store.close()


@pytest.mark.ray
@pytest.mark.faults
def test_a_killed_worker_loses_nothing_and_adds_nothing_twice(
        ray_cluster: Any, server_store: Store, corpus: list[str], local_run: dict[str, set[Any]],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The first worker to finish a batch dies before handing it back: once while
    # reading, once while extracting. Ray restarts it and retries the batch.
    monkeypatch.setenv("RATLINE_FAULT_KILL", "engine-batch:1")
    monkeypatch.setenv("RATLINE_FAULT_KILL_ONCE", str(tmp_path / "killed-reading"))
    distributed.ingest(server_store, corpus, workers=2)
    assert (tmp_path / "killed-reading").exists()
    monkeypatch.setenv("RATLINE_FAULT_KILL_ONCE", str(tmp_path / "killed-extracting"))
    distributed.extract_stored(server_store, workers=2)
    assert (tmp_path / "killed-extracting").exists()
    documents, distinct_documents, statements, distinct_statements = row_counts(server_store)
    assert documents == distinct_documents == len(local_run["documents"])
    assert statements == distinct_statements == len(local_run["statements"])
    assert contents(server_store) == local_run


@pytest.mark.ray
def test_cli_runs_ingest_and_process_on_ray(ray_cluster: Any, ratline_home: Path,
                                            local_run: dict[str, set[Any]]) -> None:
    runner = CliRunner()
    reports = str(ROOT / "examples" / "reports")
    out = runner.invoke(cli, ["ingest", "--engine", "ray", "--workers", "2", "--no-extract",
                              "--format", "jsonl", reports])
    assert out.exit_code == 0, out.output
    added = json.loads(out.output.strip().splitlines()[-1])["added"]
    assert added > 0
    out = runner.invoke(cli, ["process", "--engine", "ray", "--workers", "2"])
    assert out.exit_code == 0, out.output
    assert f"extracted {added} documents" in out.output
    store = Store(f"sqlite:///{ratline_home / 'ratline.sqlite'}")
    # The bundled reports' statements are exactly the local run's for those documents.
    mine = contents(store)
    ids = {d[0] for d in mine["documents"]}
    assert mine["statements"] == {s for s in local_run["statements"] if s[4] in ids}
    store.close()


@pytest.mark.ray
def test_cli_ingest_on_ray_extracts_the_documents_it_read(
        ray_cluster: Any, ratline_home: Path, local_run: dict[str, set[Any]]) -> None:
    runner = CliRunner()
    command = ["ingest", "--engine", "ray", "--workers", "2", str(ROOT / "examples" / "reports")]
    out = runner.invoke(cli, command)
    assert out.exit_code == 0, out.output
    store = Store(f"sqlite:///{ratline_home / 'ratline.sqlite'}")
    mine = contents(store)
    read = {d[0] for d in mine["documents"] if d[2] != "failed"}
    assert read and {d[2] for d in mine["documents"] if d[0] in read} == {"extracted"}
    assert f"extracted {len(read)} documents" in out.output
    assert mine["statements"] == {s for s in local_run["statements"] if s[4] in read}
    # Read again: the run's documents are all extracted, so nothing is added twice.
    out = runner.invoke(cli, command)
    assert out.exit_code == 0, out.output
    assert "extracted 0 documents" in out.output
    assert contents(store) == mine
    store.close()


def test_without_ray_the_error_names_the_extra(monkeypatch: pytest.MonkeyPatch,
                                               store: Store) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails
    with pytest.raises(pipeline.EngineError, match=r"pip install 'ratline\[ray\]'"):
        distributed.extract_stored(store)
    result = CliRunner().invoke(cli, ["process", "--engine", "ray"])
    assert result.exit_code == 1
    assert "pip install 'ratline[ray]'" in result.output


def test_a_cluster_address_nothing_answers_at_fails_in_one_line() -> None:
    pytest.importorskip("ray", reason="Ray is not installed (pip install 'ratline[ray]')")
    result = CliRunner().invoke(cli, ["process", "--engine", "ray", "--address", "127.0.0.1:1"])
    assert result.exit_code == 1
    assert "cannot reach Ray at 127.0.0.1:1" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_ray_options_need_the_ray_engine() -> None:
    result = CliRunner().invoke(cli, ["process", "--workers", "2"])
    assert result.exit_code == 2
    assert "--address and --workers need --engine ray" in result.output

