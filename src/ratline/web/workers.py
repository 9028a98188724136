"""Several worker processes answering from one incident index (`ratline serve --workers N`).

One process answers one request at a time in Python (the interpreter lock), so a server
on N cores needs N processes; loading the index in each would take N times its memory
(12 GB at ten million statements). Here the parent builds the index once, freezes it out
of garbage collection and forks the workers, which share its memory copy-on-write and
accept connections from one listening socket. The workers never rebuild: the parent
watches the store's version, builds the new index after a change while the workers still
answer from the old one, then forks new workers and asks the old ones to finish the
requests they hold (SIGTERM). A worker that dies is replaced. Sessions are in the store
(`web.sessions`), so a login through one worker holds for every other.

A change made through a worker (a review) shows at once in that worker's answers and in
the others' once the parent's new index is up: seconds at a million statements.

What one worker computes for a search (its documents, its selection, its hits) and the
JSON bodies it answers, the others read instead of computing them again
(`web.shared_memo`): each new search is done once, not once per worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import socket
import sys
import threading
import time
import traceback
from types import FrameType
from typing import Any

from starlette.requests import Request

from ratline.web import shared_memo
from ratline.web.shared_memo import SharedMemos

log = logging.getLogger(__name__)

# How long a worker asked to stop may take to finish the requests it holds.
GRACE_SECONDS = 30
# How long a worker asked to stop waits, no longer accepting, for the requests of the
# connections it accepted just before.
HANDOVER_SECONDS = 1.0
BACKLOG = 2048


def warm(app: Any, inner: Any) -> None:
    """Compute the views most people open first (the overview, the incident list, the
    map) through the app itself, as a viewer, so that every worker forked after this
    starts with them: at ten million statements each is seconds of work that a cold
    worker would do again for its first visitor. The viewer exists for these requests
    only: the app asks for a session again before this returns. `inner`: the ratline app
    inside `app`'s middleware."""
    import httpx

    from ratline.web.auth import current_user
    from ratline.web.pages import MAP_MIN_EVIDENCE
    from ratline.web.users import User

    viewer = User(0, "warm-up", "viewer")

    async def as_viewer(request: Request) -> User:
        request.state.user, request.state.csrf = viewer, ""
        return viewer

    paths = ("/", "/incidents", "/api/incidents", "/api/map",
             f"/api/map?min_evidence={MAP_MIN_EVIDENCE}")
    overrides = inner.dependency_overrides

    async def visit() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://warm-up") as client:
            for path in paths:
                response = await client.get(path)
                if response.status_code != 200:
                    log.warning("warm-up of %s answered %d", path, response.status_code)

    before = set(threading.enumerate())
    overrides[current_user] = as_viewer
    try:
        asyncio.run(visit())
    finally:
        overrides.pop(current_user, None)
    # The event loop's worker threads are told to stop as it closes, and exit a moment
    # later: a fork must copy no thread but the one forking, so wait for them.
    for thread in set(threading.enumerate()) - before:
        thread.join(timeout=10)


def listen(host: str, port: int) -> socket.socket:
    """The listening socket every worker accepts from."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    sock.set_inheritable(True)
    return sock


class Workers:
    """The parent: builds the index, forks `count` workers serving `app` over `sock`,
    keeps them current and alive until SIGINT or SIGTERM. `inner`: the ratline app
    (its state holds the store, index cache and sessions), when `app` wraps it in
    middleware."""

    def __init__(self, app: Any, sock: socket.socket, count: int, *, inner: Any = None,
                 check_seconds: float = 2.0) -> None:
        self.app = app
        self.inner = inner if inner is not None else app
        self.state = self.inner.state
        self.sock = sock
        self.count = count
        self.check_seconds = check_seconds
        self.pids: set[int] = set()
        # Workers of an older index, finishing the requests they hold.
        self.leaving: set[int] = set()
        self.stopping = False
        self.memos: SharedMemos | None = None

    def run(self) -> None:
        from ratline.geo import places

        cache = self.state.cache
        index = cache.get()
        places.load()
        memos = self.memos = SharedMemos()
        self._prepare()
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            self.pids = {self._fork() for _ in range(self.count)}
            while not self.stopping:
                time.sleep(self.check_seconds)
                self._reap()
                if self.stopping:
                    break
                current = cache.get()
                if current is not index:
                    index = current
                    self._prepare()
                    self._replace()
        finally:
            self._finish(self.pids | self.leaving)
            memos.close()
            for sig, handler in previous.items():
                signal.signal(sig, handler)

    def _prepare(self) -> None:
        """What the workers read for their life is made before they are forked, so they
        share it: the gazetteer and the index (frozen as it is built), then the first views,
        and a place for the results each worker computes that the others can use."""
        warm(self.app, self.inner)
        if self.memos is not None:
            shared_memo.attach(self.state.cache.get(), self.memos.new())
        gc.collect()
        gc.freeze()

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.stopping = True

    def _fork(self) -> int:
        # No database connection may be shared by two processes: each opens its own.
        self.state.store.engine.dispose()
        pid = os.fork()
        if pid:
            return pid
        code = 1
        try:
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)
            self._serve()
            code = 0
        except BaseException:  # noqa: BLE001 - a worker reports and exits; the parent replaces it
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def _serve(self) -> None:
        import uvicorn

        class Worker(uvicorn.Server):
            async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
                # Stop accepting first, then give the connections accepted a moment ago
                # time to send their request: uvicorn closes a connection that has sent
                # none yet, and the kernel may have handed this worker one just before
                # the parent replaced it (the client would see it dropped unanswered).
                for server in self.servers:
                    server.close()
                await asyncio.sleep(HANDOVER_SECONDS)
                await super().shutdown(sockets)

        self.state.cache.pin()
        config = uvicorn.Config(self.app, log_level="warning", server_header=False,
                                proxy_headers=False, timeout_graceful_shutdown=GRACE_SECONDS)
        Worker(config).run(sockets=[self.sock])

    def _reap(self) -> None:
        """Collect workers that ended; one of the current index that died is replaced."""
        while self.pids or self.leaving:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            self.leaving.discard(pid)
            if pid in self.pids:
                self.pids.discard(pid)
                if not self.stopping:
                    log.warning("web worker %d ended (status %d); starting another", pid, status)
                    self.pids.add(self._fork())

    def _replace(self) -> None:
        """New workers over the new index first, then the old ones finish and go."""
        old, self.pids = self.pids, {self._fork() for _ in range(self.count)}
        for pid in old:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        self.leaving |= old

    def _finish(self, every: set[int]) -> None:
        for pid in every:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS + 5
        while every and time.monotonic() < deadline:
            for pid in list(every):
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    done = pid
                if done:
                    every.discard(pid)
            time.sleep(0.1)
        for pid in every:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
