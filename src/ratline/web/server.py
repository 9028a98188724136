"""Running the app with uvicorn, on the loopback address by default."""

from __future__ import annotations

import signal
import sys
from types import FrameType
from typing import Any

from ratline.store import Store, open_store
from ratline.web.users import count_users


def asgi_app(store: Store, *, proxy_headers: bool = False,
             forwarded_allow_ips: str = "127.0.0.1") -> Any:
    """The app as served. Behind a TLS proxy (`proxy_headers`), X-Forwarded-For and
    X-Forwarded-Proto are believed only from `forwarded_allow_ips` (comma-separated
    addresses or networks, uvicorn's rules): the client address is then the real one
    (login throttling keys on it) and the scheme https (cookies get `Secure`)."""
    from ratline.web.app import create_app

    app: Any = create_app(store)
    if proxy_headers:
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        app = ProxyHeadersMiddleware(app, trusted_hosts=forwarded_allow_ips)
    return app


def serve(host: str = "127.0.0.1", port: int = 8000, *, proxy_headers: bool = False,
          forwarded_allow_ips: str = "127.0.0.1", workers: int = 1) -> None:
    """Serve the store of the settings; `workers` > 1: that many processes sharing one
    incident index (`web.workers`)."""
    import uvicorn

    store = open_store()
    if count_users(store) == 0:
        print("no users yet: add one with `ratline user add NAME --role admin`", file=sys.stderr)
    # uvicorn's own proxy handling stays off: asgi_app applies it, the same way in tests.
    app = asgi_app(store, proxy_headers=proxy_headers, forwarded_allow_ips=forwarded_allow_ips)
    if workers > 1:
        from ratline.web.workers import Workers, listen

        sock = listen(host, port)
        print(f"ratline web on http://{host}:{port}/  ({workers} workers; the index is built "
              "first; Ctrl-C stops it)", file=sys.stderr)
        Workers(app, sock, workers, inner=_inner(app)).run()
        return
    from ratline.web.shared_memo import SharedMemos, share_indexes

    print(f"ratline web on http://{host}:{port}/  (Ctrl-C stops it)", file=sys.stderr)
    memos = SharedMemos()
    share_indexes(_inner(app).state.cache, memos)
    # uvicorn stops on SIGTERM, then raises the signal again with the handler it found:
    # the default one would end the process before the results' directory is removed.
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                    proxy_headers=False)
    finally:
        memos.close()
        signal.signal(signal.SIGTERM, previous)


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def _inner(app: Any) -> Any:
    """The ratline app inside any proxy middleware: the one whose state holds the store."""
    return app if hasattr(app, "state") else _inner(app.app)
