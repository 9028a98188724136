"""Store failures as one line a person can act on, and which of them are worth retrying.

Database errors carry the SQL and, unless the engine hides them, its parameters, which
are document texts: nothing here ever repeats either. Only the driver's own first line
(the cause) is kept, after a sentence that says what happened to the store.
"""

from __future__ import annotations

import errno
from typing import Any

from sqlalchemy.exc import DBAPIError, SQLAlchemyError

# SQLite result codes (primary codes; extended codes keep them in their low byte).
SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26
# PostgreSQL SQLSTATEs: a deadlock or serialization failure rolls back one side only,
# and running the transaction again is the documented remedy.
PG_RETRY = {"40P01", "40001"}
PG_DISK_FULL = "53100"
PG_READ_ONLY = "25006"

NO_SPACE = "no space left for the store ({cause}); free some space and run the command again: everything committed so far is kept"
READ_ONLY = "the store is read-only ({cause}); this command needs write access to it"
DAMAGED = "the store file is damaged or not a ratline database ({cause}); restore a backup with `ratline restore PATH --force`, or move the file away to start afresh"


def _first_line(value: object, limit: int = 300) -> str:
    line = str(value).strip().splitlines()[0] if str(value).strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


def sqlite_code(exc: BaseException) -> int | None:
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", exc)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def is_transient(exc: BaseException) -> bool:
    """A failure that running the same transaction again may not meet."""
    return sqlstate(exc) in PG_RETRY


def cannot_write(exc: BaseException) -> bool:
    """SQLite could not open or write the file because the file or folder is read-only."""
    return sqlite_code(exc) in {SQLITE_READONLY, SQLITE_CANTOPEN} or (
        isinstance(getattr(exc, "orig", exc), OSError)
        and getattr(getattr(exc, "orig", exc), "errno", None) in {errno.EROFS, errno.EACCES, errno.EPERM})


def describe(exc: BaseException) -> str:
    """One line: what happened to the store, and the driver's cause. Never SQL or values."""
    orig: Any = getattr(exc, "orig", None) if isinstance(exc, DBAPIError) else exc
    cause = _first_line(orig) if orig is not None else type(exc).__name__
    code = sqlite_code(exc)
    if code is not None:
        if code == SQLITE_FULL:
            return NO_SPACE.format(cause=cause)
        if code == SQLITE_READONLY:
            return READ_ONLY.format(cause=cause)
        if code in {SQLITE_CORRUPT, SQLITE_NOTADB}:
            return DAMAGED.format(cause=cause)
        if code in {SQLITE_BUSY, SQLITE_LOCKED}:
            return f"the store stayed locked by another process ({cause}); try again when it is done"
        if code == SQLITE_CANTOPEN:
            return f"cannot open the store file ({cause}); check that its folder exists and is writable"
        if code == SQLITE_IOERR:
            return f"the store could not be written ({cause}); check the disk (space, permissions, errors)"
        return f"store error: {cause}"
    state = sqlstate(exc)
    if state is not None:
        if state == PG_DISK_FULL:
            return NO_SPACE.format(cause=cause)
        if state == PG_READ_ONLY:
            return READ_ONLY.format(cause=cause)
        if state.startswith(("57P", "08")):  # shut down, crashed, connection lost
            return (f"lost the PostgreSQL server ({cause}); run the command again once it is "
                    "back: everything committed so far is kept")
        if state in PG_RETRY:
            return f"the store stayed busy with a concurrent writer ({cause}); run the command again"
        return f"store error ({state}): {cause}"
    if isinstance(orig, OSError):
        if orig.errno == errno.ENOSPC:
            return NO_SPACE.format(cause=cause)
        if orig.errno in {errno.EROFS, errno.EACCES, errno.EPERM}:
            return READ_ONLY.format(cause=cause)
        where = f": {orig.filename}" if orig.filename else ""
        return f"{orig.strerror or cause}{where}"
    if isinstance(exc, DBAPIError) and type(orig).__module__.startswith("psycopg"):
        # No SQLSTATE: the server was never reached (down, wrong port, wrong host).
        return (f"cannot reach PostgreSQL ({cause}); is the server running and RATLINE_DATABASE_URL "
                "right? Everything committed so far is kept")
    if isinstance(exc, SQLAlchemyError):
        return f"store error: {type(orig or exc).__name__}: {cause}"
    return cause
