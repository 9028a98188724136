"""A small programmable HTTP server on 127.0.0.1 for the URL and feed tests."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A body given as an iterable of chunks is sent chunk by chunk, flushed, and without a
# Content-Length: a generator that sleeps between chunks makes a dripping server.
Reply = tuple[int, dict[str, str], bytes | Iterable[bytes]]
Route = Reply | Callable[[dict[str, str]], Reply]


@dataclass
class Site:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def add(
        self, path: str, body: bytes = b"", status: int = 200, headers: dict[str, str] | None = None
    ) -> str:
        self.routes[path] = (status, headers or {}, body)
        return self.url(path)

    def add_handler(self, path: str, handler: Callable[[dict[str, str]], Reply]) -> str:
        self.routes[path] = handler
        return self.url(path)


@contextmanager
def serve() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            state.seen.append((self.path, headers))
            route = state.routes.get(self.path)
            if route is None:
                status, extra, body = 404, {}, b"not found"
            elif callable(route):
                status, extra, body = route(headers)
            else:
                status, extra, body = route
            self.send_response(status)
            for name, value in extra.items():
                self.send_header(name, value)
            streamed = not isinstance(body, bytes)
            if "Content-Length" not in extra and "X-No-Length" not in extra and not streamed:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                # The client may hang up at its size cap or deadline.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for chunk in [body] if isinstance(body, bytes) else body:
                        self.wfile.write(chunk)
                        self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
