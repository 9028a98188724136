"""Backups of the store and their restore, each checked before it is trusted.

SQLite is copied with SQLite's online backup API from inside one read transaction, so the
copy is one consistent moment even while other processes write, and the row counts it is
checked against come from that same moment. PostgreSQL is dumped with `pg_dump` (custom
format) from a snapshot exported by a transaction that also counts the rows, and read
back with `pg_restore`. A backup is verified before it takes its name; a restore refuses
to replace a store that holds anything unless forced, and is verified afterwards.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, create_engine, func, inspect, select, table, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from ratline.store import schema
from ratline.store.errors import describe
from ratline.store.migrations import latest_version
from ratline.store.store import Store, StoreError

TABLES = [t.name for t in schema.metadata.sorted_tables]
SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


@dataclass
class Verified:
    """What a verified backup or restored store holds."""

    path: Path
    kind: str  # sqlite | postgresql
    schema_version: int
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        rows = ", ".join(f"{name} {n}" for name, n in self.counts.items() if n)
        return f"schema version {self.schema_version}; rows: {rows or 'none'}"


# -- shared ------------------------------------------------------------------------
def _compare(what: str, expected: dict[str, int], found: dict[str, int]) -> None:
    wrong = [f"{name} {found.get(name)} instead of {n}" for name, n in expected.items()
             if found.get(name) != n]
    if wrong:
        raise StoreError(f"{what} failed verification: " + "; ".join(wrong))


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    have = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {name: int(conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in TABLES if name in have}


def _sqlite_version(conn: sqlite3.Connection) -> int:
    try:
        value = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    except sqlite3.DatabaseError:
        return 0
    return int(value or 0)


def _kind_of(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise StoreError(f"{path} is not a ratline backup (neither a SQLite file nor a pg_dump archive)")


@contextlib.contextmanager
def _partial(path: Path) -> Iterator[Path]:
    """A file beside `path` that becomes `path` only if the block succeeds; never
    overwrites an existing file."""
    if path.exists():
        raise StoreError(f"{path} exists already; give the backup a new name")
    if not path.parent.is_dir():
        raise StoreError(f"the folder {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.partial-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        yield tmp
        os.link(tmp, path)  # fails instead of replacing a file made meanwhile
    except FileExistsError:
        raise StoreError(f"{path} exists already; give the backup a new name") from None
    finally:
        tmp.unlink(missing_ok=True)


def _verify_sqlite_file(path: Path) -> Verified:
    # immutable: the check must not create -wal or -shm files beside a backup.
    try:
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        # A damaged file's integrity report can quote damaged bytes: read them, never fail
        # on them, so the damage is reported as such.
        conn.text_factory = lambda raw: raw.decode("utf-8", "replace")
        try:
            result = conn.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise StoreError(f"{path} failed the integrity check: {result[0][0]}")
            version = _sqlite_version(conn)
            counts = _sqlite_counts(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a readable SQLite backup ({exc})") from None
    except UnicodeDecodeError:
        # SQLite's own error message quoted damaged bytes (a broken schema entry), which
        # Python cannot decode: the file is damaged all the same.
        raise StoreError(f"{path} is not a readable SQLite backup (damaged: its schema "
                         "holds bytes that are not text)") from None
    if version == 0:
        raise StoreError(f"{path} is a SQLite file but not a ratline store (no schema version)")
    return Verified(path, "sqlite", version, counts)


# -- backup --------------------------------------------------------------------------
def backup(store: Store, path: Path) -> Verified:
    """Write a verified backup of `store` to `path` (which must not exist yet)."""
    path = path.absolute()
    if store.dialect == "sqlite":
        return _backup_sqlite(store, path)
    if store.dialect == "postgresql":
        return _backup_postgres(store, path)
    raise StoreError(f"backups of {store.dialect} stores are not supported")


def _backup_sqlite(store: Store, path: Path) -> Verified:
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with _partial(path) as tmp:
            # One read transaction: the counts and the copy see the same moment, however
            # many writers commit meanwhile (WAL keeps that snapshot for us).
            source.execute("BEGIN")
            try:
                version = _sqlite_version(source)
                counts = _sqlite_counts(source)
                target = sqlite3.connect(tmp)
                try:
                    source.backup(target)
                    # A backup is one self-contained file: no -wal beside it.
                    target.execute("PRAGMA journal_mode=DELETE")
                finally:
                    target.close()
            finally:
                source.execute("COMMIT")
            found = _verify_sqlite_file(tmp)
            if found.schema_version != version:
                raise StoreError(f"backup failed verification: schema version "
                                 f"{found.schema_version} instead of {version}")
            _compare("backup", counts, found.counts)
            with tmp.open("rb") as fh:
                os.fsync(fh.fileno())
    except sqlite3.Error as exc:
        raise StoreError(f"backup failed: {exc}") from None
    finally:
        raw.close()
    return Verified(path, "sqlite", version, counts)


def _postgres_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if candidates:
        return str(candidates[-1])
    raise StoreError(f"{name} is not installed: install the PostgreSQL client tools "
                     "(e.g. apt-get install postgresql-client)")


def _libpq_env(url: URL) -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore, passed in the environment so that a
    password never appears in the process list."""
    env = dict(os.environ)
    for key, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[key] = str(value)
    return env


def _run_tool(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise StoreError(f"{what} failed: {lines[0] if lines else 'exit status ' + str(done.returncode)}")


def _table_counts(conn: Connection) -> dict[str, int]:
    have = set(inspect(conn).get_table_names())
    return {name: int(conn.execute(select(func.count()).select_from(table(name))).scalar() or 0)
            for name in TABLES if name in have}


def _pg_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_migrations"):
        return 0
    return int(conn.execute(text("SELECT max(version) FROM schema_migrations")).scalar() or 0)


def _backup_postgres(store: Store, path: Path) -> Verified:
    pg_dump = _postgres_tool("pg_dump")
    env = _libpq_env(make_url(store.url))
    with _partial(path) as tmp:
        with store.engine.connect() as conn:
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                # pg_dump reads the snapshot this transaction counted in.
                snapshot = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
                version = _pg_version(conn)
                counts = _table_counts(conn)
                _run_tool([pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                           f"--snapshot={snapshot}", f"--file={tmp}"], env, "pg_dump")
        found = _verify_pg_archive(tmp)
        if found.schema_version != version:
            raise StoreError(f"backup failed verification: schema version "
                             f"{found.schema_version} instead of {version}")
        _compare("backup", counts, found.counts)
    return Verified(path, "postgresql", version, counts)


COPY_LINE = re.compile(r'^COPY (?:"?public"?\.)?"?(\w+)"? ')


def _verify_pg_archive(path: Path) -> Verified:
    """Read every row of a pg_dump archive back (pg_restore to a script, never to a
    database): rows per table and the schema version it holds."""
    pg_restore = _postgres_tool("pg_restore")
    counts: dict[str, int] = {}
    version = 0
    current: str | None = None
    with subprocess.Popen([pg_restore, "--data-only", "--file=-", str(path)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          encoding="utf-8", errors="replace") as proc:
        assert proc.stdout is not None and proc.stderr is not None
        for line in proc.stdout:
            if current is None:
                match = COPY_LINE.match(line)
                if match:
                    current = match.group(1)
                    counts[current] = 0
            elif line == "\\.\n":
                current = None
            else:
                counts[current] += 1
                if current == "schema_migrations":
                    version = max(version, int(line.split("\t", 1)[0]))
        error = proc.stderr.read()
    if proc.returncode != 0:
        lines = [line for line in error.splitlines() if line.strip()]
        raise StoreError(f"{path} is not a readable pg_dump archive ({lines[0] if lines else 'pg_restore failed'})")
    if version == 0:
        raise StoreError(f"{path} is a pg_dump archive but not of a ratline store (no schema version)")
    return Verified(path, "postgresql", version, {name: counts.get(name, 0) for name in TABLES})


def inspect_backup(path: Path) -> Verified:
    """Check a backup file on its own: readable, consistent, a ratline store."""
    if not path.is_file():
        raise StoreError(f"no backup file {path}")
    kind = _kind_of(path)
    return _verify_sqlite_file(path) if kind == "sqlite" else _verify_pg_archive(path)


# -- restore -------------------------------------------------------------------------
def restore(url: str, path: Path, *, force: bool = False) -> Verified:
    """Replace the store at `url` with the backup at `path`, then verify it."""
    path = path.absolute()
    source = inspect_backup(path)
    if source.schema_version > latest_version():
        raise StoreError(f"the backup has schema version {source.schema_version}, newer than "
                         f"this ratline ({latest_version()}): upgrade ratline first")
    dialect = make_url(url).get_backend_name()
    if dialect != source.kind:
        raise StoreError(f"{path} is a {source.kind} backup but the store is {dialect}; "
                         "set RATLINE_DATABASE_URL to a store of the same kind")
    if source.kind == "sqlite":
        replaced = _restore_sqlite(url, source, force)
    else:
        replaced = _restore_postgres(url, source, force)
    # Bring an older backup's schema forward, and check what landed.
    store = Store(url)
    try:
        # The backup's version may equal one the replaced store had; a web process that
        # cached the replaced store's index must see a change.
        store.raise_version_past(replaced)
        with store.engine.connect() as conn:
            counts = _table_counts(conn)
    finally:
        store.close()
    # Migrations may have added rows to schema_migrations since the backup was made.
    _compare("restore", {k: v for k, v in source.counts.items() if k != "schema_migrations"}, counts)
    return source


def _refuse_if_not_empty(counts: dict[str, int], force: bool) -> None:
    held = {name: n for name, n in counts.items()
            if n and name not in ("schema_migrations", "store_state")}
    if held and not force:
        rows = ", ".join(f"{name} {n}" for name, n in held.items())
        raise StoreError(f"the store is not empty ({rows}); pass --force to replace it with the backup")


def _restore_sqlite(url: str, source: Verified, force: bool) -> int:
    """Returns the version of the store replaced (0: none, or unreadable)."""
    database = make_url(url).database
    if not database or database == ":memory:":
        raise StoreError("restore needs a SQLite store in a file")
    target = Path(database)
    damaged = False
    replaced = 0
    if target.exists():
        try:
            conn = sqlite3.connect(target, timeout=30)
            try:
                counts = _sqlite_counts(conn)
                if "store_state" in counts:
                    replaced = int(conn.execute("SELECT max(version) FROM store_state").fetchone()[0] or 0)
            finally:
                conn.close()
        except sqlite3.DatabaseError as exc:
            if not force:
                raise StoreError(f"the store file {target} is unreadable ({exc}); pass --force "
                                 "to replace it with the backup") from None
            damaged = True
        else:
            _refuse_if_not_empty(counts, force)
    backup_conn = sqlite3.connect(f"file:{source.path}?immutable=1", uri=True)
    try:
        if target.exists() and not damaged:
            # Through SQLite, under its write lock: other connections see the old store
            # or the restored one, never a mix.
            dest = sqlite3.connect(target, timeout=30)
            try:
                backup_conn.backup(dest)
                dest.execute("PRAGMA journal_mode=WAL")
            finally:
                dest.close()
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.restoring-{os.getpid()}")
            tmp.unlink(missing_ok=True)
            try:
                dest = sqlite3.connect(tmp)
                try:
                    backup_conn.backup(dest)
                    dest.execute("PRAGMA journal_mode=WAL")
                finally:
                    dest.close()
                for stale in (target.with_name(target.name + "-wal"),
                              target.with_name(target.name + "-shm")):
                    stale.unlink(missing_ok=True)
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
    except sqlite3.Error as exc:
        raise StoreError(f"restore failed: {exc}") from None
    finally:
        backup_conn.close()
    return replaced


def _restore_postgres(url: str, source: Verified, force: bool) -> int:
    """Returns the version of the store replaced (0: none)."""
    pg_restore = _postgres_tool("pg_restore")
    parsed = make_url(url)
    engine = create_engine(parsed.set(drivername="postgresql+psycopg"), hide_parameters=True)
    try:
        with engine.connect() as conn:
            counts = _table_counts(conn)
            _refuse_if_not_empty(counts, force)
            replaced = int(conn.execute(select(func.max(schema.store_state.c.version))).scalar()
                           or 0) if "store_state" in counts else 0
    except DBAPIError as exc:
        raise StoreError(describe(exc)) from None
    finally:
        engine.dispose()
    # --clean drops what the archive holds before recreating it, in one transaction:
    # a failed restore leaves the store as it was.
    _run_tool([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
               "--single-transaction", "--exit-on-error", f"--dbname={parsed.database}",
               str(source.path)], _libpq_env(parsed), "pg_restore")
    return replaced
