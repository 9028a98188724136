"""Running the app with uvicorn, on the loopback address by default."""

from __future__ import annotations

import sys

from ratline.store import open_store
from ratline.web.users import count_users


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    from ratline.web.app import create_app

    store = open_store()
    if count_users(store) == 0:
        print("no users yet: add one with `ratline user add NAME --role admin`", file=sys.stderr)
    print(f"ratline web on http://{host}:{port}/  (Ctrl-C stops it)", file=sys.stderr)
    uvicorn.run(create_app(store), host=host, port=port, log_level="warning",
                server_header=False, proxy_headers=False)
