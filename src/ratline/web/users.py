"""People who may use the web app: roles, argon2 password hashes and login throttling."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select

from ratline.store import Store, schema

ROLES = ("admin", "analyst", "viewer")
# Who may change statements (accept, edit, reject); viewers only read.
REVIEWERS = frozenset({"admin", "analyst"})
MAX_FAILURES = 5
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
    with store.writer() as conn:
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
    with store.engine.connect() as conn:
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


def authenticate(store: Store, name: str, password: str, ip: str) -> User | None:
    """The user when name and password match; raises TooManyAttempts when throttled.

    Failures are counted per user name and address over a sliding window, so a guesser
    is slowed without locking the real user out from elsewhere.
    """
    u, a = schema.users, schema.login_attempts
    now = datetime.now(UTC)
    name = name[:64]
    with store.engine.connect() as conn:
        failures = conn.execute(select(func.count()).select_from(a).where(
            a.c.user_name == name, a.c.ip == ip, a.c.ok == 0,
            a.c.at > now - FAILURE_WINDOW)).scalar() or 0
        row = conn.execute(select(u.c.id, u.c.name, u.c.role, u.c.password_hash).where(
            u.c.name == name, u.c.disabled == 0)).first()
    if failures >= MAX_FAILURES:
        raise TooManyAttempts(f"too many failed logins; try again in {FAILURE_WINDOW.seconds // 60} minutes")
    ok = False
    try:
        ok = _hasher().verify(row[3] if row else _dummy_hash(), password) and row is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        ok = False
    with store.writer() as conn:
        conn.execute(a.insert().values(user_name=name, ip=ip, at=now, ok=int(ok)))
        # Old attempts say nothing about the window; keep the table small.
        conn.execute(delete(a).where(a.c.at < now - timedelta(days=1)))
    if not ok or row is None:
        return None
    return User(int(row[0]), row[1], row[2])
