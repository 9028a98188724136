"""A session (and its user) due to be read from the store again is read by one request of
the process; the others of the same session in flight meanwhile answer from memory."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from ratline.store import Store
from ratline.web import auth
from ratline.web.sessions import REFRESH_GRACE, USER_RECHECK, Sessions
from ratline.web.users import User

from .conftest import copy_store


def _counting_reads(store: Any) -> list[int]:
    """Counts the store reads made through `store.reading` from now on."""
    calls = [0]
    reading = store.reading

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return reading(*args, **kwargs)

    store.reading = counted
    return calls


def test_a_due_session_is_read_again_by_one_request_and_a_logout_still_shows(
        seeded_db: Path, tmp_path: Path) -> None:
    store = copy_store(seeded_db, tmp_path)
    now = [0.0]
    here, there = Sessions(store), Sessions(store, recheck=0.5, clock=lambda: now[0])
    token, _ = here.create(user_id=1)
    assert there.get(token) is not None
    reads = _counting_reads(store)
    now[0] = 0.6  # the recheck is due
    assert there.cached(token) is None  # this request is the one to read it again
    # Ten more requests while it reads: answered from memory, not one query each.
    assert all(there.cached(token) is not None for _ in range(10))
    assert reads[0] == 0
    here.drop(token)  # logged out through another process meanwhile
    assert there.get(token) is None  # the reading request sees it
    assert reads[0] == 1
    assert there.cached(token) is None and there.get(token) is None
    store.close()


def _claimed(seeded_db: Path, tmp_path: Path) -> tuple[Store, list[float], Sessions, str]:
    """A store, the clock, a session due to be read again and claimed by a request."""
    store = copy_store(seeded_db, tmp_path)
    now = [0.0]
    sessions = Sessions(store, recheck=0.5, clock=lambda: now[0])
    token, _ = sessions.create(user_id=1)
    now[0] = 0.6
    assert sessions.cached(token) is None  # this request is to read it again
    return store, now, sessions, token


def test_a_claim_whose_request_went_away_lapses(seeded_db: Path, tmp_path: Path) -> None:
    store, now, sessions, token = _claimed(seeded_db, tmp_path)  # that request never reads it
    now[0] = 0.6 + REFRESH_GRACE / 2
    assert sessions.cached(token) is not None
    now[0] = 0.7 + REFRESH_GRACE
    assert sessions.cached(token) is None  # the next request reads it instead
    store.close()


def test_a_failed_read_releases_the_claim(seeded_db: Path, tmp_path: Path) -> None:
    store, _, sessions, token = _claimed(seeded_db, tmp_path)
    reading = store.reading

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database gone")

    store.reading = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError):
        sessions.get(token)
    store.reading = reading  # type: ignore[method-assign]
    # Not left claimed by a request that failed: the next one reads it, and finds it.
    assert sessions.cached(token) is None
    assert sessions.get(token) is not None
    store.close()


def test_requests_in_flight_when_the_user_is_due_read_it_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    sessions = Sessions(None)
    token, session = sessions.create(user_id=7)
    session.user = User(7, "analyst", "viewer")
    session.user_checked = time.monotonic() - USER_RECHECK - 1
    calls: list[int] = []
    lock = threading.Lock()

    def slow_user(store: Any, user_id: int) -> User:
        with lock:
            calls.append(user_id)
        time.sleep(0.2)
        return User(user_id, "analyst", "reviewer")

    monkeypatch.setattr(auth, "get_user", slow_user)
    app = SimpleNamespace(state=SimpleNamespace(sessions=sessions, store=None))

    def request() -> Any:
        return SimpleNamespace(app=app, state=SimpleNamespace(),
                               cookies={"ratline_session": token})

    monkeypatch.setattr(auth, "COOKIE", "ratline_session")

    async def together() -> list[User]:
        first = asyncio.create_task(auth.current_user(request()))  # type: ignore[arg-type]
        await asyncio.sleep(0.05)  # its read is under way
        rest = await asyncio.gather(*(auth.current_user(request())  # type: ignore[arg-type]
                                      for _ in range(20)))
        return [await first, *rest]

    users = asyncio.run(together())
    assert calls == [7]
    assert users[0].role == "reviewer"  # the reader has the user as read now
    assert {u.role for u in users[1:]} == {"viewer"}  # the others the one in hand
    assert session.user.role == "reviewer" and session.user_refreshing == 0.0
    # The next request after the read answers from memory with the new user.
    assert asyncio.run(auth.current_user(request())).role == "reviewer"  # type: ignore[arg-type]
    assert calls == [7]
