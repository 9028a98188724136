"""Who is asking: session lookup, role checks and CSRF checks, as FastAPI dependencies."""

from __future__ import annotations

import time

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from ratline.web.sessions import COOKIE, REFRESH_GRACE, USER_RECHECK, Session, same_token
from ratline.web.users import User, get_user

CSRF_HEADER = "X-CSRF-Token"


class HTTPProblem(Exception):
    """An error with a status and a message a person can act on (JSON for the API, a page
    for the browser)."""

    def __init__(self, status: int, message: str, code: str = "error") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


class NotLoggedIn(HTTPProblem):
    def __init__(self) -> None:
        super().__init__(401, "log in first", "not_logged_in")


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_session(request: Request) -> Session:
    session = request.app.state.sessions.get(request.cookies.get(COOKIE))
    if session is None:
        raise NotLoggedIn()
    return session


async def current_user(request: Request) -> User:
    """Any logged-in user (viewer and up).

    A coroutine: the usual case is a dictionary lookup, and a plain function would cost
    every request a hop through the thread pool before the endpoint's own.
    """
    cached = getattr(request.state, "user", None)
    if isinstance(cached, User):
        return cached
    sessions = request.app.state.sessions
    token = request.cookies.get(COOKIE)
    # A session this process read lately is a dictionary lookup; reading it from the
    # store again (every few seconds) is a query, off the event loop.
    session = sessions.cached(token) or await run_in_threadpool(sessions.get, token)
    if session is None:
        raise NotLoggedIn()
    user = session.user
    now = time.monotonic()
    # One request of a session reads its user again when due; the others in flight meanwhile
    # keep the user in hand (sessions.REFRESH_GRACE). No await between the test and the
    # claim: coroutines of this process cannot both claim.
    if user is None or (now - session.user_checked > USER_RECHECK and not (
            session.user_refreshing and now - session.user_refreshing < REFRESH_GRACE)):
        session.user_refreshing = now
        try:
            user = await run_in_threadpool(get_user, request.app.state.store, session.user_id)
        finally:
            session.user_refreshing = 0.0
        if user is None:
            request.app.state.sessions.drop(request.cookies.get(COOKIE))
            raise NotLoggedIn()
        session.user, session.user_checked = user, time.monotonic()
    request.state.user = user
    request.state.csrf = session.csrf
    return user


def check_csrf(request: Request, form_token: str | None = None) -> None:
    """A state-changing request must echo the session's CSRF token (form field or header)."""
    session = current_session(request)
    given = form_token if form_token is not None else request.headers.get(CSRF_HEADER)
    if not same_token(given, session.csrf):
        raise HTTPProblem(403, "missing or wrong CSRF token; reload the page and try again",
                          "csrf")


def require_reviewer(user: User) -> None:
    if not user.can_review:
        raise HTTPProblem(403, f"role {user.role!r} may read but not change statements",
                          "forbidden")


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise HTTPProblem(403, "only admins may see this", "forbidden")
