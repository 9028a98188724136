"""SIGKILL at twenty random points of ingest, extraction and resolution, on each backend:
after every kill the store is consistent, and once the commands are run to completion
the store holds exactly what an uninterrupted run gives."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ratline.store import Store, resolution, schema

from .helpers import (
    check_invariants,
    distinct_texts,
    document_ids,
    ratline,
    ratline_cli,
    statement_rows,
    write_corpus,
)

pytestmark = pytest.mark.faults

KILLS = 20
SEED = 20261201
BATCH = 8
# Extracted documents per write transaction: small, so a run has several to kill in.
EXTRACT_BATCH = 3


def pending(store: Store) -> int:
    d = schema.documents
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(
            d.c.status != "failed", d.c.extractor_version.is_(None))).scalar() or 0)


def unresolved(store: Store) -> bool:
    """Whether some incident waits for a resolve run: read from the statements themselves,
    not from the queue extraction fills, so a subject the queue lost is caught too."""
    s = schema.statements
    known = resolution.memberships(store, "incident")
    with store.engine.connect() as conn:
        subjects = conn.execute(select(s.c.subject).where(s.c.subject.like("incident:%")).distinct())
        return any(x not in known for x in subjects.scalars())


def env_for(url: str, home: Path) -> dict[str, str]:
    return {**os.environ, "RATLINE_HOME": str(home), "RATLINE_DATABASE_URL": url,
            "RATLINE_INGEST_BATCH_SIZE": str(BATCH), "RATLINE_EXTRACT_BATCH_SIZE": str(EXTRACT_BATCH),
            "RATLINE_PSEUDONYM_KEY": "fault-key"}


def test_twenty_kills_then_resume_equal_an_uninterrupted_run(
    new_store_url: Callable[[str], str], tmp_path: Path, warm: None
) -> None:
    corpus = write_corpus(tmp_path / "in")
    texts = distinct_texts(corpus)
    batches = -(-sum(1 for _ in corpus.open()) // BATCH)

    reference_env = env_for(new_store_url("reference"), tmp_path / "reference-home")
    assert ratline(["ingest", str(corpus)], reference_env) == 0
    reference = Store(reference_env["RATLINE_DATABASE_URL"])
    expected_docs, expected_statements = document_ids(reference), statement_rows(reference)
    reference.close()
    assert len(expected_docs) == texts and len(expected_statements) > texts

    env = env_for(new_store_url("faulted"), tmp_path / "home")
    store = Store(env["RATLINE_DATABASE_URL"])
    rng = random.Random(SEED)
    kills: list[str] = []
    while len(kills) < KILLS:
        left = pending(store)
        choices = ["ingest-batch", "ingest-commit", "resolve", "timed"]
        if left:
            choices += ["extract-batch", "extract-commit"] * 2
        point = rng.choice(choices)
        command = ["process"] if point.startswith("extract") and rng.random() < 0.5 else ["ingest", str(corpus)]
        if point == "timed":
            # From outside, at any instruction: mid-read, mid-statement, mid-commit.
            code = ratline(command, env, kill_after=rng.uniform(0.05, 0.8))
            if code != -9:
                assert code == 0
                continue
            kills.append(f"{command[0]} after a random delay")
        else:
            if point == "resolve" and not unresolved(store):
                command.append("--full-resolve")  # an incremental run has nothing to write
            n = rng.randint(1, -(-left // EXTRACT_BATCH) if point.startswith("extract")
                            else (batches if point.startswith("ingest") else 1))
            code = ratline(command, env, kill_at=f"{point}:{n}")
            assert code == -9, f"{command[0]} was not killed at {point}:{n}"
            kills.append(f"{command[0]} at {point}:{n}")
        check_invariants(store, texts)

    assert ratline(["ingest", str(corpus)], env) == 0
    assert ratline(["process"], env) == 0
    check_invariants(store, texts)
    assert document_ids(store) == expected_docs
    assert statement_rows(store) == expected_statements, "statements differ from an uninterrupted run"
    runs = store.runs(limit=1000)
    assert runs[0]["status"] == "done"
    assert {r["status"] for r in runs[1:]} <= {"done", "interrupted"}
    ingest_kills = [k for k in kills if k.startswith("ingest")]
    assert sum(r["status"] == "interrupted" for r in runs) >= len(
        [k for k in ingest_kills if "ingest-" in k])
    store.close()

    # What a person sees: no run shown running.
    shown = ratline_cli(["status", "--format", "jsonl"], env)
    assert shown.returncode == 0, shown.stderr
    assert '"status": "running"' not in shown.stdout
    assert len(kills) == KILLS
