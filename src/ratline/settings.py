"""RATLINE_* environment variables with their defaults, read at call time."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def home() -> Path:
    """The data folder; created on first use."""
    path = Path(os.environ.get("RATLINE_HOME") or Path.cwd() / "ratline-data").expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def ingest_batch_size() -> int:
    """Items per ingest transaction: larger is faster, smaller loses less to a crash."""
    return _positive_int("RATLINE_INGEST_BATCH_SIZE", 500)


def extract_batch_size() -> int:
    """Extracted documents per write transaction: larger writes faster, smaller loses
    less finished extraction to a crash."""
    return _positive_int("RATLINE_EXTRACT_BATCH_SIZE", 50)


def database_pool() -> tuple[int, int]:
    """PostgreSQL connections a process keeps open, and how many more it may open at a
    peak. The web answers each request on a worker thread (`web_threads`), and a request
    holds one connection at a time, so 10 + 30 keeps no request waiting for one, with room
    for command-line work in the same process."""
    return _positive_int("RATLINE_DB_POOL_SIZE", 10), _positive_int("RATLINE_DB_MAX_OVERFLOW", 30)


def web_threads() -> int:
    """Requests the web works on at once; the rest wait their turn in arrival order.
    Threads of one process share one interpreter lock: forty at once had no more
    throughput than a few, and the lock's hand-offs made some requests wait far longer
    than the others (`bench/web.py`; docs/scale.md, "The web at 1M and 10M statements").
    A few more than the cores let requests that wait on the database overlap."""
    return _positive_int("RATLINE_WEB_THREADS", 8)


def _positive_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def database_url() -> str:
    url = os.environ.get("RATLINE_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{home() / 'ratline.sqlite'}"


def keep_victim_names() -> bool:
    """Victim names are pseudonymised unless the operator opts in explicitly."""
    return os.environ.get("RATLINE_KEEP_VICTIM_NAMES", "").lower() in {"1", "true", "yes"}


class KeyFileError(Exception):
    """The pseudonym key file cannot be used."""


def pseudonym_key() -> bytes:
    """Key for victim pseudonyms: stable across runs, unguessable without the key file.

    Several processes may start on a fresh home at once: each writes a candidate key to
    a private temporary file and hard-links it into place, which succeeds for exactly
    one of them, so every process reads the same complete key (never a partial one).
    """
    env = os.environ.get("RATLINE_PSEUDONYM_KEY")
    if env:
        return env.encode()
    keyfile = home() / "pseudonym.key"
    if not keyfile.exists():
        _create_key(keyfile)
    key = keyfile.read_bytes().strip()
    if not key:
        raise KeyFileError(f"the pseudonym key file {keyfile} is empty; restore it from a "
                           "backup (pseudonyms made with another key would not match)")
    return key


def _create_key(keyfile: Path) -> None:
    candidate = keyfile.with_name(f".{keyfile.name}.{os.getpid()}.{os.urandom(4).hex()}")
    fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(os.urandom(32).hex().encode())
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):  # another process won: use its key
            os.link(candidate, keyfile)  # atomic: the key appears whole or not at all
    finally:
        candidate.unlink(missing_ok=True)


def reviewer() -> str:
    """Who is making a judgement from the command line."""
    return os.environ.get("RATLINE_REVIEWER") or os.environ.get("USER") or "cli"
