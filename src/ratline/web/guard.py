"""Limits checked before an endpoint reads a request body.

A body is read by the endpoint (form or JSON parsing) only after routing, so without
this a stranger could make the server hold any amount of data before being told to log
in. `BodyGuard` is plain ASGI and sits in front of routing:

* a declared `Content-Length` over the limit is answered 413 at once; a body sent in
  chunks is counted as it arrives and answered 413 as soon as it passes the limit;
* a state-changing request (POST, PUT, PATCH, DELETE) other than the login form must
  carry a live session cookie (401 otherwise), and an API one its CSRF header (403
  otherwise); both are checked before the first byte of the body is read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http.cookies import SimpleCookie

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ratline.web.sessions import COOKIE, Session, Sessions, same_token

MAX_BODY = 64 * 1024
CHANGES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Reachable without a session: the login form (it has its own CSRF token).
OPEN_PATHS = frozenset({"/login"})
CSRF_HEADER = b"x-csrf-token"


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def session_cookie(scope: Scope) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(raw)
    except Exception:  # a malformed cookie header is no session, not a crash
        return None
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else None


class BodyGuard:
    def __init__(self, app: ASGIApp, sessions: Callable[[], Sessions],
                 max_body: int = MAX_BODY) -> None:
        self.app = app
        # A callable, because the sessions live on the app's state created beside this.
        self.sessions = sessions
        self.max_body = max_body

    async def _answer(self, scope: Scope, send: Send, status: int, code: str,
                      message: str) -> None:
        if status == 401 and not scope["path"].startswith("/api/"):
            # A form posted without a session: to the login page, as the app itself does.
            await send({"type": "http.response.start", "status": 303, "headers": [
                (b"location", b"/login"), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        body = json.dumps({"error": code, "message": message}).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0:
                await self._answer(scope, send, 400, "bad_request", "bad Content-Length header")
                return
            if size > self.max_body:
                await self._answer(scope, send, 413, "too_large",
                                   f"request body over {self.max_body} bytes")
                return
        if scope["method"] in CHANGES and scope["path"] not in OPEN_PATHS:
            sessions = self.sessions()
            token = session_cookie(scope)
            session = sessions.cached(token) or await run_in_threadpool(sessions.get, token)
            if not isinstance(session, Session):
                await self._answer(scope, send, 401, "not_logged_in", "log in first")
                return
            if scope["path"].startswith("/api/") and not same_token(
                    _header(scope, CSRF_HEADER), session.csrf):
                await self._answer(scope, send, 403, "csrf", "missing or wrong CSRF token; "
                                   "reload the page and try again")
                return

        received = 0
        answered = False

        async def counted_receive() -> Message:
            nonlocal received, answered
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    # Answer now and tell the endpoint the client left: it stops reading.
                    answered = True
                    await self._answer(scope, send, 413, "too_large",
                                       f"request body over {self.max_body} bytes")
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not answered:
                await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            # The endpoint failing on the cut-off body is expected once we have answered.
            if not answered:
                raise
