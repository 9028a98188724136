"""What the fault suite shares: a generated corpus, ratline run in a child process that a
test may kill, invariants every store must keep, and throwaway file systems and servers."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from ratline.store import Store, schema

CITIES = ["Lahore", "Cairo", "Kathmandu", "Chisinau", "Lagos", "Manila", "Tirana", "Quito"]
NAMES = ["Oren Vasilev", "Talia Brennick", "Marco Quill", "Dana Orlov", "Ravi Mendel",
         "Sela Karsh", "Ivo Lantern", "Nadia Frost", "Piet Harrow", "Ines Calder"]
TRADES = [
    "was arrested for brokering kidney sales; donors from {other} were paid $4,000 each",
    "was charged with trafficking {n} women from {other} into forced labour",
    "was convicted of smuggling rifles and ammunition across the border with {other}",
    "is accused of selling the livers of {n} victims to patients from {other}",
]


def write_corpus(folder: Path, n: int = 40, seed: int = 7) -> Path:
    """`n` short fictional reports (two of them twice, one empty line) as a JSON-lines corpus."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(n):
        city, other = rng.sample(CITIES, 2)
        what = rng.choice(TRADES).format(other=other, n=rng.randint(2, 30))
        text = (f"FICTIONAL report {i}. Police in {city} said in {2010 + i % 14} that "
                f"{rng.choice(NAMES)} {what}. A court hearing is set for next year.")
        lines.append({"title": f"Report {i}", "text": text, "date": f"20{10 + i % 14}-03-01"})
    lines += [dict(lines[i]) for i in (1, n // 2)] + [{"title": "blank", "text": ""}]
    path = folder / "corpus.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def distinct_texts(corpus: Path) -> int:
    texts = {json.loads(line)["text"] for line in corpus.read_text().splitlines()}
    return len({t for t in texts if t.strip()})


def warm_up(folder: Path) -> None:
    """Run every stage once in the test process (models, vocabularies, aliases loaded),
    so that forked runs start warm and a kill lands in the work, not in start-up."""
    from ratline import pipeline

    store = Store(f"sqlite:///{folder / 'warm.sqlite'}")
    corpus = write_corpus(folder, n=3)
    pipeline.ingest(store, [str(corpus)])
    pipeline.extract_stored(store)
    pipeline.resolve_stored(store)
    store.close()


def _child(args: list[str], env: dict[str, str]) -> None:
    os.environ.clear()
    os.environ.update(env)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    from ratline.cli import cli
    from ratline.store import faults

    # The run counts its own passes: a test before may have passed points in this
    # process with RATLINE_FAULT_KILL set (the Ray engine's writer does).
    faults._passed.clear()

    cli.main(args, prog_name="ratline")


def ratline(args: list[str], env: dict[str, str], *, kill_at: str | None = None,
            kill_after: float | None = None, timeout: float = 120) -> int:
    """Run a ratline command in a forked process (exit status; -9 when killed).

    `kill_at` names a crash point (see ratline.store.faults); `kill_after` sends SIGKILL
    from outside after that many seconds, wherever the run is."""
    env = dict(env)
    if kill_at:
        env["RATLINE_FAULT_KILL"] = kill_at
    proc = multiprocessing.get_context("fork").Process(target=_child, args=(args, env))
    proc.start()
    proc.join(kill_after if kill_after is not None else timeout)
    if proc.is_alive():
        if kill_after is None:
            proc.kill()
            proc.join()
            raise AssertionError(f"ratline {' '.join(args)} ran past {timeout}s")
        proc.kill()
        proc.join()
    assert proc.exitcode is not None
    return proc.exitcode


def ratline_cli(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real `python -m ratline` (for what a person sees: stderr, exit status)."""
    return subprocess.run([sys.executable, "-m", "ratline", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


def check_invariants(store: Store, texts: int | None = None) -> None:
    """What must hold after any crash: one row per text, no orphans, no run shown running."""
    d, s, r, ri = schema.documents, schema.statements, schema.runs, schema.run_items
    rd = schema.run_documents
    with store.engine.connect() as conn:
        stored = conn.execute(select(d.c.id, d.c.text).where(d.c.status != "failed")).all()
        orphans = conn.execute(select(func.count()).select_from(s).where(
            s.c.document_id.not_in(select(d.c.id)))).scalar()
        orphan_items = conn.execute(select(func.count()).select_from(ri).where(
            ri.c.run_id.not_in(select(r.c.id)))).scalar()
        orphan_run_documents = conn.execute(select(func.count()).select_from(rd).where(
            rd.c.run_id.not_in(select(r.c.id)) | rd.c.document_id.not_in(select(d.c.id)))).scalar()
        unextracted_with_statements = conn.execute(select(func.count(func.distinct(s.c.document_id)))
            .where(s.c.document_id.in_(select(d.c.id).where(d.c.extractor_version.is_(None))))).scalar()
    assert len({t for _, t in stored}) == len(stored), "a text is stored twice"
    if texts is not None:
        assert len(stored) <= texts
    assert orphans == 0, "statements of a document that is not stored"
    assert orphan_items == 0, "run items of a run that is not recorded"
    assert orphan_run_documents == 0, "a run's documents that are not both recorded"
    assert unextracted_with_statements == 0, "statements of a document whose extraction did not commit"
    assert [run["id"] for run in store.runs(limit=1000) if run["status"] == "running"] == []


def statement_rows(store: Store) -> list[tuple[Any, ...]]:
    s = schema.statements
    with store.engine.connect() as conn:
        return sorted(tuple(row) for row in conn.execute(select(
            s.c.id, s.c.subject, s.c.prop, s.c.value, s.c.document_id, s.c.start, s.c.end,
            s.c.status)))


def document_ids(store: Store) -> list[str]:
    d = schema.documents
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(d.c.id).where(d.c.status != "failed")).scalars())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


class Cluster:
    """A throwaway PostgreSQL server of the test's own, that the test may stop and start."""

    def __init__(self) -> None:
        bindir = postgres_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL binaries not found under /usr/lib/postgresql")
        # Outside pytest's folders, which the postgres user may not enter.
        self.root = Path(tempfile.mkdtemp(prefix="ratline-fault-pg-"))
        self.bin, self.data, self.port = bindir, self.root / "data", free_port()
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.data.mkdir()
        if os.geteuid() == 0:
            self.root.chmod(0o755)
            shutil.chown(self.data, "postgres", "postgres")
        self._do(["initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync"])
        self.start()

    def _do(self, args: list[str]) -> None:
        cmd = [*self.run_as, str(self.bin / args[0]), *args[1:]]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> None:
        self._do(["pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w", "-o",
                  f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data} -c fsync=off",
                  "start"])

    def stop(self, mode: str = "fast") -> None:
        self._do(["pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop"])

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


@contextmanager
def postgres_cluster() -> Iterator[Cluster]:
    cluster = Cluster()
    try:
        yield cluster
    finally:
        subprocess.run([*cluster.run_as, str(cluster.bin / "pg_ctl"), "-D", str(cluster.data),
                        "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(cluster.root, ignore_errors=True)


def wait_for(predicate: Any, timeout: float = 60, every: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return False


@contextmanager
def mounted(args: list[str], target: Path) -> Iterator[None]:
    """A mount for the length of a test (tests run as root in CI); skipped where the
    process may not mount."""
    import pytest

    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip() or done.returncode}): needs root")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` read-only for everyone, root included: a read-only bind mount over itself."""
    with mounted(["--bind", str(folder)], folder):
        done = subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True, text=True)
        if done.returncode != 0:
            import pytest

            pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")
        yield


@contextmanager
def tiny_filesystem(folder: Path, size: str) -> Iterator[None]:
    """A real file system of `size` at `folder` (tmpfs), so writes meet a genuinely full disk."""
    folder.mkdir(parents=True, exist_ok=True)
    with mounted(["-t", "tmpfs", "-o", f"size={size}", "tmpfs"], folder):
        yield
