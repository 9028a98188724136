"""Running the app with uvicorn, on the loopback address by default."""

from __future__ import annotations

import sys
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
          forwarded_allow_ips: str = "127.0.0.1") -> None:
    import uvicorn

    store = open_store()
    if count_users(store) == 0:
        print("no users yet: add one with `ratline user add NAME --role admin`", file=sys.stderr)
    print(f"ratline web on http://{host}:{port}/  (Ctrl-C stops it)", file=sys.stderr)
    # uvicorn's own proxy handling stays off: asgi_app applies it, the same way in tests.
    uvicorn.run(asgi_app(store, proxy_headers=proxy_headers,
                         forwarded_allow_ips=forwarded_allow_ips),
                host=host, port=port, log_level="warning", server_header=False,
                proxy_headers=False)
