"""Server-side sessions: an opaque random token in an HttpOnly cookie, a CSRF token beside it.

Sessions live in the store (`web_sessions`, the token only as its SHA-256), so every
worker process of one server knows a login made through any of them (`ratline serve
--workers`). Each process keeps the sessions it has seen and reads one from the store
again at most every `RECHECK` seconds: a logout through another process ends the session
here within that time, through this process at once. A store opened read-only keeps
sessions in this process's memory only.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update

from ratline.store import Store, schema

COOKIE = "ratline_session"
LOGIN_COOKIE = "ratline_login"
IDLE_SECONDS = 8 * 3600
USER_RECHECK = 30.0
# How long a process trusts a session it read from the store before reading it again.
RECHECK = 5.0
# While one request reads a session (or its user) from the store again, the others of the
# same session answer from the copy in hand for up to this long, rather than each asking
# the store at once: fifty requests of one session in flight when its recheck came due
# were fifty queries, more than the connection pool holds, and each opened a connection.
# A claim older than this (its request gone) lets the next request read it instead.
REFRESH_GRACE = 1.0
# How far a session's expiry may slide in memory before the store's copy is moved too:
# one write per session every few minutes, not one per request.
SLIDE_WRITE = 300.0


@dataclass
class Session:
    user_id: int
    csrf: str
    expires: float
    # The user as last read from the store, and when: re-read every USER_RECHECK seconds
    # so a disabled or deleted user loses access soon without a query per request.
    user: Any = None
    user_checked: float = 0.0
    # When this process last read the session from the store (monotonic clock), and the
    # expiry the store holds.
    checked: float = 0.0
    stored_expires: float = 0.0
    # When a request of this process last began to read the session again (monotonic
    # clock; 0: none reading) and began to read its user again (`auth.current_user`).
    refreshing: float = 0.0
    user_refreshing: float = 0.0


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Sessions:
    def __init__(self, store: Store | None = None, idle_seconds: int = IDLE_SECONDS,
                 recheck: float = RECHECK, clock: Callable[[], float] = time.monotonic) -> None:
        self.store = store if store is not None and not store.read_only else None
        self.idle = idle_seconds
        self.recheck = recheck
        self._clock = clock  # a test's own clock: a slow machine must not outrun the recheck
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, user_id: int) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        now = time.time()
        session = Session(user_id, secrets.token_urlsafe(32), now + self.idle,
                          checked=self._clock(), stored_expires=now + self.idle)
        if self.store is not None:
            t = schema.web_sessions
            row = {"token_hash": token_hash(token), "user_id": user_id, "csrf": session.csrf,
                   "expires": session.expires}
            # Sessions change nothing people read: the store's version stays.
            self.store.write(lambda conn: (conn.execute(delete(t).where(t.c.expires < now)),
                                           conn.execute(t.insert().values(**row))), bump=False)
        with self._lock:
            for key in [k for k, s in self._by_token.items() if s.expires < now]:
                del self._by_token[key]
            self._by_token[token] = session
        return token, session

    def cached(self, token: str | None) -> Session | None:
        """The session of `token` when this process may answer without the store: known,
        read recently enough and not expired, or due to be read again while another
        request is reading it (for up to REFRESH_GRACE). None: ask `get` (the caller is
        then the one reading it)."""
        return self._known(token, claim=True)

    def _known(self, token: str | None, claim: bool) -> Session | None:
        if not token:
            return None
        with self._lock:
            session = self._by_token.get(token)
            now = time.time()
            if session is None or session.expires < now:
                return None
            clock = self._clock()
            if self.store is not None and clock - session.checked > self.recheck:
                if not claim:
                    return None
                if not (session.refreshing and clock - session.refreshing < REFRESH_GRACE):
                    session.refreshing = clock
                    return None
            session.expires = now + self.idle
            return session

    def get(self, token: str | None) -> Session | None:
        """The live session of `token`, read from the store when this process has not
        read it recently; None when there is none (logged out, expired, unknown)."""
        if not token:
            return None
        session = self._known(token, claim=False)
        if session is not None:
            return session
        if self.store is None:
            with self._lock:
                self._by_token.pop(token, None)  # expired
            return None
        t = schema.web_sessions
        key = token_hash(token)
        try:
            with self.store.reading() as conn:
                row = conn.execute(select(t.c.user_id, t.c.csrf, t.c.expires)
                                   .where(t.c.token_hash == key)).first()
        finally:
            with self._lock:
                known = self._by_token.get(token)
                if known is not None:
                    known.refreshing = 0.0
        now = time.time()
        if row is None:  # logged out elsewhere, or never a session: nothing to delete
            with self._lock:
                self._by_token.pop(token, None)
            return None
        if row.expires < now:
            self.drop(token)
            return None
        with self._lock:
            known = self._by_token.get(token)
            if known is not None and known.user_id == row.user_id and known.csrf == row.csrf:
                session = known
            else:
                session = Session(row.user_id, row.csrf, row.expires)
            session.checked = self._clock()
            session.stored_expires = max(session.stored_expires, row.expires)
            session.expires = now + self.idle
            self._by_token[token] = session
            slide = session.expires - session.stored_expires > SLIDE_WRITE
            if slide:
                session.stored_expires = session.expires
        if slide:
            until = session.stored_expires
            self.store.write(lambda conn: conn.execute(
                update(t).where(t.c.token_hash == key).values(expires=until)), bump=False)
        return session

    def drop(self, token: str | None) -> None:
        if not token:
            return
        with self._lock:
            self._by_token.pop(token, None)
        if self.store is not None:
            t = schema.web_sessions
            key = token_hash(token)
            self.store.write(lambda conn: conn.execute(delete(t).where(t.c.token_hash == key)),
                             bump=False)


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given), expected)
