"""`ratline serve --workers 2`: worker processes sharing one index, one login and every
change; sessions kept in the store."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from ratline.store import Store, schema
from ratline.web.sessions import RECHECK, Sessions, token_hash

from .conftest import PASSWORDS, copy_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


class Served:
    def __init__(self, process: subprocess.Popen[bytes], base: str, store: Store) -> None:
        self.process, self.base, self.store = process, base, store

    def fresh(self, cookies: httpx.Cookies | None = None) -> httpx.Client:
        """A client that opens a new connection for every request: the kernel hands each
        to whichever worker accepts first."""
        return httpx.Client(base_url=self.base, cookies=cookies, timeout=30,
                            headers={"Connection": "close"},
                            limits=httpx.Limits(max_keepalive_connections=0))

    def login(self, role: str) -> tuple[httpx.Cookies, str]:
        with httpx.Client(base_url=self.base, timeout=30) as c:
            page = c.get("/login")
            token = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert token
            r = c.post("/login", data={"name": role, "password": PASSWORDS[role],
                                       "csrf": token.group(1), "next": "/"}, follow_redirects=False)
            assert r.status_code == 303
            csrf = c.get("/api/me").json()["csrf"]
            return httpx.Cookies({"ratline_session": c.cookies["ratline_session"]}), csrf


@contextlib.contextmanager
def _serving(seeded_db: Path, tmp_path: Path, *options: str) -> Iterator[Served]:
    """`ratline serve` with `options` over a copy of the seeded store, stopped at the end."""
    store = copy_store(seeded_db, tmp_path)
    port = _free_port()
    env = {**os.environ, "RATLINE_DATABASE_URL": str(store.engine.url),
           "RATLINE_HOME": str(tmp_path / "home")}
    process = subprocess.Popen([sys.executable, "-m", "ratline", "serve", "--port", str(port),
                                *options], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(base + "/login", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        yield Served(process, base, store)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        store.close()
    assert not _children(process.pid)


@pytest.fixture
def served(seeded_db: Path, tmp_path: Path) -> Iterator[Served]:
    with _serving(seeded_db, tmp_path, "--workers", "2") as s:
        yield s


def _memo_roots(pid: int) -> list[Path]:
    from ratline.web.shared_memo import PREFIX

    return [p for base in (Path("/dev/shm"), Path(tempfile.gettempdir()))
            for p in base.glob(f"{PREFIX}{pid}-*")]


def test_two_workers_answer_and_one_login_holds_for_both(served: Served) -> None:
    assert len(_children(served.process.pid)) == 2
    cookies, _ = served.login("viewer")
    with served.fresh(cookies) as c:
        codes = [c.get("/api/incidents").status_code for _ in range(40)]
    # Sessions kept per process would answer about half of these 401.
    assert codes == [200] * 40


def test_a_change_through_one_worker_reaches_every_worker(served: Served) -> None:
    cookies, csrf = served.login("analyst")
    year = next(dict(r) for r in served.store.statements(prop="year", status="machine")
                if r["subject"].startswith("incident:"))
    with served.fresh(cookies) as c:
        before = {c.get(f"/api/incidents/{year['subject']}").json()["year"] for _ in range(10)}
        assert before == {int(year["value"])}
        r = c.post(f"/api/statements/{year['id']}/review", json={"status": "edited", "value": "1999"},
                   headers={"X-CSRF-Token": csrf})
        assert r.status_code == 200
        # The parent builds the new index and replaces the workers; then every answer,
        # from whichever worker, carries the edit.
        deadline = time.monotonic() + 90
        streak = 0
        while streak < 20:
            assert time.monotonic() < deadline, "the edit never reached every worker"
            got = c.get(f"/api/incidents/{year['subject']}").json()["year"]
            streak = streak + 1 if got == 1999 else 0
            time.sleep(0.05)
    # The old workers finish what they hold and leave.
    deadline = time.monotonic() + 60
    while len(_children(served.process.pid)) != 2:
        assert time.monotonic() < deadline, "the replaced workers never left"
        time.sleep(0.2)


def test_a_logout_through_one_worker_ends_the_session_in_every_worker(served: Served) -> None:
    cookies, csrf = served.login("viewer")
    with served.fresh(cookies) as c:
        assert {c.get("/api/me").status_code for _ in range(10)} == {200}
        r = c.post("/logout", data={"csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303
        time.sleep(RECHECK + 1)
        assert {c.get("/api/me").status_code for _ in range(20)} == {401}


def test_a_worker_that_dies_is_replaced(served: Served) -> None:
    cookies, _ = served.login("viewer")
    first = _children(served.process.pid)
    victim = min(first)
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while True:
        now = _children(served.process.pid)
        if len(now) == 2 and victim not in now:
            break
        assert time.monotonic() < deadline, "no worker replaced the one that died"
        time.sleep(0.2)
    with served.fresh(cookies) as c:
        assert {c.get("/api/incidents").status_code for _ in range(20)} == {200}


def test_sessions_are_shared_through_the_store_and_hold_only_the_tokens_hash(
        seeded_db: Path, tmp_path: Path) -> None:
    store = copy_store(seeded_db, tmp_path)
    here, there = Sessions(store, recheck=0.0), Sessions(store, recheck=0.0)
    token, session = here.create(user_id=1)
    found = there.get(token)
    assert found is not None and found.user_id == 1 and found.csrf == session.csrf
    with store.reading() as conn:
        rows = conn.execute(select(schema.web_sessions)).mappings().all()
    assert [r["token_hash"] for r in rows] == [token_hash(token)]
    assert token not in {str(v) for r in rows for v in r.values()}
    version = store.version()
    here.drop(token)
    assert there.get(token) is None
    assert store.version() == version  # sessions change nothing people read
    store.close()


def test_a_session_read_lately_is_trusted_until_the_recheck(seeded_db: Path, tmp_path: Path) -> None:
    store = copy_store(seeded_db, tmp_path)
    now = [0.0]
    here, there = Sessions(store), Sessions(store, recheck=0.5, clock=lambda: now[0])
    token, _ = here.create(user_id=1)
    assert there.get(token) is not None
    here.drop(token)
    now[0] = 0.4
    assert there.cached(token) is not None  # no query per request
    now[0] = 0.6
    assert there.cached(token) is None and there.get(token) is None
    store.close()


def test_the_parent_warms_the_first_views_and_leaves_no_way_in(seeded_db: Path, tmp_path: Path) -> None:
    import threading

    from fastapi.testclient import TestClient

    from ratline.web.app import create_app
    from ratline.web.workers import warm

    store = copy_store(seeded_db, tmp_path)
    app = create_app(store)
    index = app.state.cache.get()
    threads = {t.ident for t in threading.enumerate()}
    warm(app, app)
    # What the workers will inherit is there: the overview's figures are not computed again.
    stats = index.memo(("stats",), lambda: pytest.fail("the overview was not warmed"))
    assert stats["counts"]["incidents"] > 0
    # Forking copies only the thread that forks: the warm-up leaves no worker thread of
    # its event loop running.
    # (Threads other tests of this process start and stop are not the warm-up's.)
    left = [t for t in threading.enumerate() if t.ident not in threads
            and ("anyio" in type(t).__module__ or "asyncio" in t.name.lower())]
    assert not left, [(t.name, type(t)) for t in left]
    # The warm-up's viewer is gone: without a session the app answers 401.
    with TestClient(app) as bare:
        assert bare.get("/api/incidents").status_code == 401
    store.close()


def test_a_search_is_computed_once_for_every_worker_and_its_results_go_with_the_server(
        served: Served) -> None:
    roots = _memo_roots(served.process.pid)
    assert len(roots) == 1
    assert roots[0].stat().st_mode & 0o777 == 0o700
    cookies, csrf = served.login("viewer")
    with served.fresh(cookies) as c:
        answers = [c.get("/api/incidents?q=kidney").json() for _ in range(20)]
        # Both workers answered the search alike, and it was kept once for them: its
        # documents, its selection and the page's body.
        assert answers[0]["total"] > 0 and all(a == answers[0] for a in answers)
        kept = {f for f in (roots[0] / "0").iterdir() if not f.name.startswith(".")}
        assert len(kept) == 3
        assert any(f.read_bytes() == json.dumps(answers[0], ensure_ascii=False,
                                                separators=(",", ":")).encode() for f in kept)
        # An incident's page is kept once too, with stand-ins for the viewer's name and
        # token, which each answer fills in.
        incident = answers[0]["incidents"][0]["id"]
        pages = [c.get(f"/incidents/{incident}") for _ in range(10)]
    assert all(p.status_code == 200 and csrf in p.text for p in pages)
    page = {f for f in (roots[0] / "0").iterdir() if not f.name.startswith(".")} - kept
    assert len(page) == 1
    html = page.pop().read_bytes()
    assert b"\x00ratline-csrf\x00" in html and csrf.encode() not in html
    served.process.send_signal(signal.SIGTERM)
    served.process.wait(timeout=60)
    assert not roots[0].exists()


def test_one_process_keeps_its_results_beside_its_memo_and_removes_them_when_it_stops(
        seeded_db: Path, tmp_path: Path) -> None:
    with _serving(seeded_db, tmp_path) as served:
        roots = _memo_roots(served.process.pid)
        assert len(roots) == 1
        assert roots[0].stat().st_mode & 0o777 == 0o700
        cookies, _ = served.login("viewer")
        with served.fresh(cookies) as c:
            answer = c.get("/api/incidents?q=kidney").json()
        assert answer["total"] > 0
        # The index built for the first request kept the search's documents, its
        # selection and the page's body.
        kept = [f for f in (roots[0] / "0").iterdir() if not f.name.startswith(".")]
        assert len(kept) == 3
        served.process.send_signal(signal.SIGTERM)
        served.process.wait(timeout=60)
        assert not roots[0].exists()
