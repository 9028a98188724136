"""People who may use the web app: roles, argon2 password hashes and login throttling."""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select, text, update

from ratline.store import Store, schema

ROLES = ("admin", "analyst", "viewer")
# Who may change statements (accept, edit, reject); viewers only read.
REVIEWERS = frozenset({"admin", "analyst"})
MAX_FAILURES = 5
# Failures from one address over every user name (guessing many names at once).
MAX_ADDRESS_FAILURES = 50
FAILURE_WINDOW = timedelta(minutes=5)
MIN_PASSWORD = 10
_NAME = re.compile(r"^[A-Za-z0-9_.@-]{1,64}$")


class UserError(Exception):
    pass


class TooManyAttempts(Exception):
    pass


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str

    @property
    def can_review(self) -> bool:
        return self.role in REVIEWERS

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    # Verified against when the user does not exist, so timing does not reveal names.
    return _hasher().hash(secrets.token_hex(16))


def new_password() -> str:
    return secrets.token_urlsafe(15)


def add_user(store: Store, name: str, role: str, password: str) -> User:
    if not _NAME.match(name):
        raise UserError("a user name is 1-64 letters, digits or . _ @ -")
    if role not in ROLES:
        raise UserError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")
    u = schema.users
    # Users and login attempts are no view of the data: they leave the store's version.
    with store.writer(bump=False) as conn:
        if conn.execute(select(u.c.id).where(u.c.name == name)).first() is not None:
            raise UserError(f"user {name!r} exists already")
        result = conn.execute(u.insert().values(
            name=name, role=role, password_hash=_hasher().hash(password), disabled=0,
            created_at=datetime.now(UTC)))
        key = result.inserted_primary_key
        assert key is not None
        return User(int(key[0]), name, role)


def get_user(store: Store, user_id: int) -> User | None:
    u = schema.users
    with store.reading() as conn:
        row = conn.execute(select(u.c.id, u.c.name, u.c.role).where(
            u.c.id == user_id, u.c.disabled == 0)).first()
    return User(int(row[0]), row[1], row[2]) if row else None


def count_users(store: Store, role: str | None = None) -> int:
    u = schema.users
    q = select(func.count()).select_from(u)
    if role:
        q = q.where(u.c.role == role)
    with store.engine.connect() as conn:
        return int(conn.execute(q).scalar() or 0)


def _lock_attempts(conn: Any, store: Store, name: str, ip: str) -> None:
    """Serialise the throttle check of one user name and one address across processes.

    SQLite's writer transaction (BEGIN IMMEDIATE) already admits one writer at a time;
    PostgreSQL gets transaction-scoped advisory locks, one per name and one per address.
    """
    if store.dialect != "postgresql":
        return
    for key in (f"user:{name}", f"ip:{ip}"):
        lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock})


def _claim_attempt(store: Store, name: str, ip: str, now: datetime) -> int:
    """Count recent failures and record this attempt as one, in one transaction.

    The attempt is written before the password is checked, so parallel guesses each see
    the ones before them: at most MAX_FAILURES of them ever reach the password check.
    Returns the attempt's row id (marked a success afterwards if the password matches).
    """
    a = schema.login_attempts
    since = now - FAILURE_WINDOW
    with store.writer(bump=False) as conn:
        _lock_attempts(conn, store, name, ip)
        pair = conn.execute(select(func.count()).select_from(a).where(
            a.c.user_name == name, a.c.ip == ip, a.c.ok == 0, a.c.at > since)).scalar() or 0
        address = conn.execute(select(func.count()).select_from(a).where(
            a.c.ip == ip, a.c.ok == 0, a.c.at > since)).scalar() or 0
        if pair >= MAX_FAILURES or address >= MAX_ADDRESS_FAILURES:
            raise TooManyAttempts(
                f"too many failed logins; try again in {FAILURE_WINDOW.seconds // 60} minutes")
        # Old attempts say nothing about the window; keep the table small.
        conn.execute(delete(a).where(a.c.at < now - timedelta(days=1)))
        key = conn.execute(a.insert().values(user_name=name, ip=ip, at=now, ok=0)).inserted_primary_key
        assert key is not None
        return int(key[0])


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher().verify(password_hash, password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def authenticate(store: Store, name: str, password: str, ip: str) -> User | None:
    """The user when name and password match; raises TooManyAttempts when throttled.

    Failures are counted per user name and address over a sliding window, so a guesser
    is slowed without locking the real user out from elsewhere; an address is also
    stopped after MAX_ADDRESS_FAILURES failures over any names.
    """
    u, a = schema.users, schema.login_attempts
    now = datetime.now(UTC)
    name = name[:64]
    # One attempt per name and address at a time in this process: the claim counts as a
    # failure until the password is known, so without this, two correct logins at once
    # (people behind one address, the benchmark's clients) would count each other.
    with _pair_lock(name, ip):
        attempt = _claim_attempt(store, name, ip, now)
        with store.engine.connect() as conn:
            row = conn.execute(select(u.c.id, u.c.name, u.c.role, u.c.password_hash).where(
                u.c.name == name, u.c.disabled == 0)).first()
        ok = verify_password(row[3] if row else _dummy_hash(), password) and row is not None
        if not ok or row is None:
            return None
        with store.writer(bump=False) as conn:
            conn.execute(update(a).where(a.c.id == attempt).values(ok=1))
    return User(int(row[0]), row[1], row[2])


_PAIR_LOCKS: weakref.WeakValueDictionary[tuple[str, str], threading.Lock] = (
    weakref.WeakValueDictionary())
_PAIR_LOCKS_GUARD = threading.Lock()


def _pair_lock(name: str, ip: str) -> threading.Lock:
    with _PAIR_LOCKS_GUARD:
        lock = _PAIR_LOCKS.get((name, ip))
        if lock is None:
            lock = threading.Lock()
            _PAIR_LOCKS[(name, ip)] = lock
        return lock
