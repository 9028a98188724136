"""Login, sessions, throttling, user management and the migration that adds their tables."""

from __future__ import annotations

import re

from click.testing import CliRunner
from fastapi.testclient import TestClient

from ratline.cli import cli
from ratline.store import Store, open_store
from ratline.store.migrations import MIGRATIONS
from ratline.web.sessions import COOKIE


def login(client: TestClient, name: str, password: str) -> int:
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    return client.post("/login", data={"name": name, "password": password, "csrf": token},
                       follow_redirects=False).status_code


def test_migration_step_three_adds_user_tables(web_store: Store) -> None:
    assert (3, "users and audit log") in [(v, n) for v, n, _ in MIGRATIONS]
    with web_store.engine.connect() as conn:
        names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"users", "audit_log", "login_attempts"} <= names


def test_login_sets_strict_httponly_cookie_and_logout_ends_session(app) -> None:
    client = TestClient(app, base_url="http://127.0.0.1")
    assert login(client, "viewer", "wrong-password-x") == 401
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    r = client.post("/login", data={"name": "viewer", "password": "viewer-password-1",
                                    "csrf": token}, follow_redirects=False)
    cookie = [h for h in r.headers.get_list("set-cookie") if h.startswith(COOKIE)][0]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert client.get("/api/stats").status_code == 200
    csrf = client.get("/api/me").json()["csrf"]
    assert client.post("/logout", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert client.get("/api/stats").status_code == 401


def test_login_without_form_token_is_refused(app) -> None:
    client = TestClient(app, base_url="http://127.0.0.1")
    r = client.post("/login", data={"name": "viewer", "password": "viewer-password-1"})
    assert r.status_code == 403


def test_failed_logins_are_throttled_per_user_and_address(app) -> None:
    client = TestClient(app, base_url="http://127.0.0.1")
    for _ in range(5):
        assert login(client, "analyst", "not-the-password") == 401
    # Even the right password waits out the window.
    assert login(client, "analyst", "analyst-password-1") == 429


def test_user_add_command() -> None:
    runner = CliRunner()
    r = runner.invoke(cli, ["user", "add", "carol", "--role", "analyst", "--password-stdin"],
                      input="a-long-enough-password\n")
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["user", "add", "carol", "--role", "viewer", "--password-stdin"],
                      input="another-long-password\n")
    assert r.exit_code != 0 and "exists" in r.output
    r = runner.invoke(cli, ["user", "add", "dave", "--role", "viewer"])
    assert r.exit_code == 0 and "password (shown once)" in r.output
    r = runner.invoke(cli, ["user", "add", "eve", "--role", "viewer", "--password-stdin"], input="short\n")
    assert r.exit_code != 0 and "at least" in r.output
    with open_store().engine.connect() as conn:
        rows = dict(conn.exec_driver_sql("SELECT name, password_hash FROM users").all())
    assert rows["carol"].startswith("$argon2")
