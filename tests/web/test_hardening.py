"""Hardening found by review: request bodies refused before they are read, atomic login
throttling, bounded integer parameters, security headers on every response (500s too),
and the client address and scheme from a trusted TLS proxy."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from ratline.store import Store
from ratline.web import users
from ratline.web.app import create_app
from ratline.web.guard import MAX_BODY
from ratline.web.server import asgi_app
from ratline.web.sessions import COOKIE, LOGIN_COOKIE
from ratline.web.users import TooManyAttempts, authenticate

CHUNK = 64 * 1024


# -- request bodies -------------------------------------------------------------------

class Upload:
    """An ASGI request whose body is `chunks` chunks of 64 KiB, made only when read."""

    def __init__(self, chunks: int) -> None:
        self.chunks = chunks
        self.sent = 0
        self.bytes = 0

    async def receive(self) -> dict[str, Any]:
        if self.sent >= self.chunks:
            await asyncio.sleep(3600)  # a client that keeps the connection open
        self.sent += 1
        self.bytes += CHUNK
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": self.sent < self.chunks}


def call(app: Any, method: str, path: str, headers: dict[str, str],
         upload: Upload) -> tuple[int, dict[str, str], bytes]:
    """Drive the app as a server would; returns status, headers and body."""
    out: dict[str, Any] = {"body": b""}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
            out["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 40000),
             "server": ("127.0.0.1", 8000),
             "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]}
    asyncio.run(asyncio.wait_for(app(scope, upload.receive, send), timeout=30))
    return out["status"], out["headers"], out["body"]


@pytest.fixture(scope="module")
def guarded(web_store: Store) -> Any:
    return create_app(web_store, cache_ttl=0.0)


def analyst_session(app: Any, store: Store) -> tuple[str, str]:
    with store.engine.connect() as conn:
        uid = conn.exec_driver_sql("SELECT id FROM users WHERE name = 'analyst'").scalar()
    token, session = app.state.sessions.create(int(uid))
    return token, session.csrf


def test_unauthenticated_streamed_body_is_refused_before_reading(guarded: Any) -> None:
    upload = Upload(chunks=16_000)  # 1 GB if it were all read
    status, headers, body = call(guarded, "POST", "/api/statements/abc/review",
                                 {"content-type": "application/json",
                                  "transfer-encoding": "chunked"}, upload)
    assert status == 401 and b"log in" in body
    assert upload.bytes == 0
    assert "content-security-policy" in headers


def test_declared_oversized_body_is_413_before_reading(guarded: Any) -> None:
    upload = Upload(chunks=16_000)
    status, headers, _ = call(guarded, "POST", "/login",
                              {"content-type": "application/x-www-form-urlencoded",
                               "content-length": str(1 << 30)}, upload)
    assert status == 413 and upload.bytes == 0
    assert headers["x-frame-options"] == "DENY"


def test_streamed_body_over_the_limit_is_cut_off_at_the_limit(guarded: Any, web_store: Store) -> None:
    token, csrf = analyst_session(guarded, web_store)
    upload = Upload(chunks=1_000)  # 64 MB
    status, headers, body = call(guarded, "POST", "/api/statements/abc/review",
                                 {"content-type": "application/json", "x-csrf-token": csrf,
                                  "cookie": f"{COOKIE}={token}"}, upload)
    assert status == 413 and b"too_large" in body
    # Reading stopped at the first chunk past the limit.
    assert upload.bytes <= MAX_BODY + CHUNK
    assert "content-security-policy" in headers


def test_streamed_login_form_over_the_limit_is_413(guarded: Any) -> None:
    upload = Upload(chunks=500)
    status, _, _ = call(guarded, "POST", "/login",
                        {"content-type": "application/x-www-form-urlencoded"}, upload)
    assert status == 413 and upload.bytes <= MAX_BODY + CHUNK


def test_api_change_without_csrf_header_is_403_before_reading(guarded: Any, web_store: Store) -> None:
    token, _ = analyst_session(guarded, web_store)
    upload = Upload(chunks=100)
    status, _, _ = call(guarded, "POST", "/api/statements/abc/review",
                        {"content-type": "application/json", "cookie": f"{COOKIE}={token}"}, upload)
    assert status == 403 and upload.bytes == 0


def test_small_bodies_still_work(analyst: TestClient) -> None:
    # A well-formed review of an unknown statement gets past the guard to the endpoint.
    r = analyst.post("/api/statements/0000000000000000/review", json={"status": "accepted"})
    assert r.status_code == 404, r.text


# -- login throttling -----------------------------------------------------------------

def test_parallel_wrong_passwords_reach_the_password_check_at_most_five_times(
        web_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    checks = 0
    lock = threading.Lock()
    real = users.verify_password

    def counted(password_hash: str, password: str) -> bool:
        nonlocal checks
        with lock:
            checks += 1
        time.sleep(0.05)  # widen the window a racing check would slip through
        return real(password_hash, password)

    monkeypatch.setattr(users, "verify_password", counted)
    start = threading.Barrier(24)

    def guess(n: int) -> str:
        start.wait()
        try:
            return "ok" if authenticate(web_store, "analyst", f"wrong-guess-{n:04d}", "192.0.2.24") \
                else "wrong"
        except TooManyAttempts:
            return "throttled"

    with ThreadPoolExecutor(24) as pool:
        results = list(pool.map(guess, range(24)))
    assert checks <= users.MAX_FAILURES
    assert results.count("wrong") == checks and results.count("throttled") == 24 - checks
    with web_store.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT count(*) FROM login_attempts WHERE ip = '192.0.2.24'").scalar()
    assert rows == checks


def test_parallel_correct_logins_from_one_address_all_succeed(web_store: Store) -> None:
    start = threading.Barrier(12)

    def log_in(_: int) -> bool:
        start.wait()
        return authenticate(web_store, "viewer", "viewer-password-1", "192.0.2.12") is not None

    with ThreadPoolExecutor(12) as pool:
        assert all(pool.map(log_in, range(12)))


def test_one_address_guessing_many_names_is_stopped(
        web_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "verify_password", lambda _hash, _password: False)  # fast
    for n in range(users.MAX_ADDRESS_FAILURES):
        assert authenticate(web_store, f"nobody{n}", "wrong-password", "192.0.2.50") is None
    with pytest.raises(TooManyAttempts):
        authenticate(web_store, "someone-else", "wrong-password", "192.0.2.50")


# -- integer parameters and security headers -------------------------------------------

INT_PARAMS = [
    ("/api/incidents", "offset"), ("/api/incidents", "limit"), ("/api/incidents", "year"),
    ("/api/incidents", "year_from"), ("/api/actors", "offset"), ("/api/actors", "limit"),
    ("/api/documents", "offset"), ("/api/documents", "limit"), ("/api/network", "max_nodes"),
    ("/api/map", "year_to"), ("/api/timeline", "year"), ("/incidents", "page"),
    ("/incidents", "year"), ("/documents", "page"), ("/review", "offset"),
    ("/admin/audit", "offset"), ("/timeline", "year_from"), ("/map", "year"),
]
BAD_INTS = [str(2 ** 63), str(2 ** 64), "-1", "-9223372036854775809", "ten", "1e3", ""]


@pytest.mark.parametrize(("path", "param"), INT_PARAMS)
def test_out_of_range_integers_are_400_with_a_message(admin: TestClient, path: str, param: str) -> None:
    for value in BAD_INTS:
        if value == "" and path.startswith(("/incidents", "/timeline", "/map")):
            continue  # an empty form field means "any" on pages
        r = admin.get(path, params={param: value})
        assert r.status_code == 400, (path, param, value, r.status_code)
        assert param in r.text, (path, param, value)
        assert "content-security-policy" in r.headers


@pytest.fixture()
def crashing(web_store: Store) -> Iterator[TestClient]:
    app = create_app(web_store, cache_ttl=0.0)
    client = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    token, _ = analyst_session(app, web_store)
    client.cookies.set(COOKIE, token)
    yield client


def test_internal_error_is_500_with_security_headers(
        crashing: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from ratline.web import queries

    def boom(*_: Any, **__: Any) -> Any:
        raise RuntimeError("forced failure")

    monkeypatch.setattr(queries, "stats", boom)
    r = crashing.get("/api/stats")
    assert r.status_code == 500 and r.json()["error"] == "internal"
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "forced failure" not in r.text


def test_error_before_routing_is_500_with_security_headers(crashing: TestClient) -> None:
    class Broken:
        def get(self, token: str | None) -> None:
            raise RuntimeError("session store down")

    crashing.app.state.sessions = Broken()  # type: ignore[attr-defined]
    r = crashing.post("/api/statements/x/review", json={"status": "accepted"})
    assert r.status_code == 500
    assert r.headers["x-frame-options"] == "DENY"
    assert "default-src 'self'" in r.headers["content-security-policy"]


# -- behind a TLS proxy ------------------------------------------------------------------

def proxied_login(client: TestClient, name: str, password: str,
                  headers: dict[str, str]) -> Any:
    page = client.get("/login", headers=headers)
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token
    # The login cookie may be Secure, which the test client keeps off plain http.
    return client.post("/login", data={"name": name, "password": password, "csrf": token.group(1)},
                       headers={**headers, "Cookie": f"{LOGIN_COOKIE}={token.group(1)}"},
                       follow_redirects=False)


def test_trusted_proxy_gives_secure_cookie_and_per_client_throttling(web_store: Store) -> None:
    app = asgi_app(web_store, proxy_headers=True, forwarded_allow_ips="127.0.0.1")
    proxy = TestClient(app, base_url="http://127.0.0.1", client=("127.0.0.1", 50000))
    r = proxied_login(proxy, "viewer", "viewer-password-1",
                      {"X-Forwarded-For": "203.0.113.5", "X-Forwarded-Proto": "https"})
    assert r.status_code == 303
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith(COOKIE)][0]
    assert "Secure" in cookie
    alice = {"X-Forwarded-For": "203.0.113.7"}
    for _ in range(users.MAX_FAILURES):
        assert proxied_login(proxy, "admin", "wrong-password", alice).status_code == 401
    assert proxied_login(proxy, "admin", "wrong-password", alice).status_code == 429
    # Another client behind the same proxy is not blocked by the first one's failures.
    bob = {"X-Forwarded-For": "203.0.113.8"}
    assert proxied_login(proxy, "admin", "admin-password-1", bob).status_code == 303


def test_forwarded_headers_from_an_untrusted_address_are_ignored(web_store: Store) -> None:
    app = asgi_app(web_store, proxy_headers=True, forwarded_allow_ips="127.0.0.1")
    stranger = TestClient(app, base_url="http://127.0.0.1", client=("198.51.100.9", 50000))
    spoof = {"X-Forwarded-For": "203.0.113.99", "X-Forwarded-Proto": "https"}
    r = proxied_login(stranger, "viewer", "viewer-password-1", spoof)
    assert r.status_code == 303
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith(COOKIE)][0]
    assert "Secure" not in cookie
    proxied_login(stranger, "viewer", "not-the-password", spoof)
    with web_store.engine.connect() as conn:
        ips = {row[0] for row in conn.exec_driver_sql(
            "SELECT ip FROM login_attempts WHERE user_name = 'viewer'")}
    assert "198.51.100.9" in ips and "203.0.113.99" not in ips


# -- search under load -------------------------------------------------------------------

def test_search_snippets_only_the_best_and_ids_match_the_same_ranking(web_store: Store) -> None:
    every = web_store.search_ids("kidney")
    assert len(every) >= 3
    best = web_store.search("kidney", limit=2)
    assert [h["id"] for h in best] == every[:2]
    assert all("kidney" in h["snippet"].lower() for h in best)


def test_requests_worked_on_at_once_follow_the_setting(
        web_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import anyio.to_thread

    def tokens(client: TestClient) -> float:
        assert client.portal is not None
        return float(client.portal.call(
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens))

    monkeypatch.setenv("RATLINE_WEB_THREADS", "3")
    with TestClient(create_app(web_store)) as client:
        assert tokens(client) == 3
    monkeypatch.setenv("RATLINE_WEB_THREADS", "not a number")
    with TestClient(create_app(web_store)) as client:
        assert tokens(client) == 8  # the default
