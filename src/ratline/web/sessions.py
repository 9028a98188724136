"""Server-side sessions: an opaque random token in an HttpOnly cookie, a CSRF token beside it.

Sessions live in this process's memory: the app serves one machine, a restart asks
everyone to log in again, and a stolen cookie dies with logout or expiry.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

COOKIE = "ratline_session"
LOGIN_COOKIE = "ratline_login"
IDLE_SECONDS = 8 * 3600
USER_RECHECK = 30.0


@dataclass
class Session:
    user_id: int
    csrf: str
    expires: float
    # The user as last read from the store, and when: re-read every USER_RECHECK seconds
    # so a disabled or deleted user loses access soon without a query per request.
    user: Any = None
    user_checked: float = 0.0


class Sessions:
    def __init__(self, idle_seconds: int = IDLE_SECONDS) -> None:
        self.idle = idle_seconds
        self._by_token: dict[str, Session] = {}
        self._lock = threading.Lock()

    def create(self, user_id: int) -> tuple[str, Session]:
        token = secrets.token_urlsafe(32)
        session = Session(user_id, secrets.token_urlsafe(32), time.time() + self.idle)
        with self._lock:
            now = time.time()
            for key in [k for k, s in self._by_token.items() if s.expires < now]:
                del self._by_token[key]
            self._by_token[token] = session
        return token, session

    def get(self, token: str | None) -> Session | None:
        if not token:
            return None
        with self._lock:
            session = self._by_token.get(token)
            if session is None:
                return None
            if session.expires < time.time():
                del self._by_token[token]
                return None
            session.expires = time.time() + self.idle
            return session

    def drop(self, token: str | None) -> None:
        if token:
            with self._lock:
                self._by_token.pop(token, None)


def same_token(given: str | None, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(str(given), expected)
