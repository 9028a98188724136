"""Benchmark of the web app (not a test): latency under 50 concurrent clients.

Builds a throw-away SQLite store with synthetic statements (default 100,000, in about
7,000 incidents over 1,000 documents), starts `ratline serve` on a free loopback port
in its own process, logs 50 clients in (one session each) and has them request the
incident list (JSON and page), incident pages (JSON and page) and the map data in a
closed loop: each client sends its next request as soon as the last one answers, so the
figures are the worst case for that many clients. Prints p50/p95/p99 per endpoint.

With `--driver ab` (Debian's apache2-utils) the load comes from ApacheBench instead:
a C client costs the 2-core machine far less CPU than 50 Python clients, so the figures
are the server's own; each endpoint is then measured on its own with 50 concurrent
keep-alive connections sharing one session.

Usage: python bench/web.py [--statements N] [--clients N] [--seconds S] [--driver ab]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from ratline.model import statement_id
from ratline.store import Store, schema
from ratline.web.live import free_port
from ratline.web.users import add_user

PASSWORD = "bench-password-only"
PLACES = [("Kathmandu", "NP"), ("Chennai", "IN"), ("Cairo", "EG"), ("Lahore", "PK"),
          ("Chisinau", "MD"), ("Nairobi", "KE"), ("Bangkok", "TH"), ("Palermo", "IT"),
          ("Sarajevo", "BA"), ("Recife", "BR"), ("Durban", "ZA"), ("Istanbul", "TR"),
          ("Dhaka", "BD"), ("Tripoli", "LY"), ("Lagos", "NG"), ("Manila", "PH")]
LEVELS = ["rumor", "speculation", "allegation", "report", "investigation", "arrest", "charge",
          "conviction", "denial"]
TRADES = ["organ", "human", "weapons"]
ROLES = ["broker", "recruiter", "surgeon", "transporter", "buyer"]
STATUSES = ["mentioned", "alleged", "arrested", "charged", "convicted"]


def synthesise(store: Store, target: int, seed: int = 7) -> int:
    """Documents and incident statements written straight into the store."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    made = 0
    n_doc = 0
    while made < target:
        n_doc += 1
        doc_id = hashlib.sha256(str(n_doc).encode()).hexdigest()
        sentences, stmts = [], []
        for n in range(1, 8):
            subject = f"incident:{doc_id[:16]}:{n}"
            place, country = rng.choice(PLACES)
            origin = rng.choice(PLACES)[1]
            person = f"Person{rng.randrange(3000)} Example"
            offset = sum(len(s) + 1 for s in sentences)
            text = (f"In {2000 + rng.randrange(25)} police in {place} said {person} acted as a "
                    f"broker moving people from {origin} to {country}.")
            sentences.append(text)
            p0 = offset + text.index(place)
            a0 = offset + text.index(person)
            facts = [
                ("trade", rng.choice(TRADES), None), ("summary", f"Synthetic incident {n_doc}.{n}", None),
                ("year", str(2000 + rng.randrange(25)), (offset + 3, offset + 7)),
                ("country", country, (p0, p0 + len(place))), ("place", place, (p0, p0 + len(place))),
                ("route", json.dumps({"country": origin, "role": "origin"}), None),
                ("route", json.dumps({"country": country, "role": "destination"}), None),
                ("actor", json.dumps({"name": person, "role": rng.choice(ROLES), "type": "person"}),
                 (a0, a0 + len(person))),
                ("person_status", json.dumps({"name": person, "status": rng.choice(STATUSES)}),
                 (a0, a0 + len(person))),
                ("evidence", rng.choice(LEVELS), None), ("organ", "kidney", None),
                ("victim_count", str(rng.randrange(1, 40)), None),
                ("activity", "recruitment", None), ("victim_kind", "migrant", None),
            ]
            for prop, value, span in facts:
                start, end = span or (None, None)
                stmts.append({
                    "id": statement_id(subject, prop, value, doc_id, start, end), "subject": subject,
                    "prop": prop, "value": value, "original_value": None, "document_id": doc_id,
                    "start": start, "end": end, "extractor": "bench", "extractor_version": "0",
                    "confidence": 0.8, "status": "machine", "reviewer": None,
                    "created_at": now, "updated_at": now})
        body = " ".join(sentences)
        with store.writer() as conn:
            conn.execute(schema.documents.insert().values(
                id=doc_id, source=f"bench/{n_doc}.txt", title=f"Synthetic report {n_doc}",
                media_type="text/plain", size=len(body), status="extracted", relevant=1,
                text=body, created_at=now, updated_at=now))
            conn.execute(schema.statements.insert(), stmts)
        made += len(stmts)
    return made


async def login(client: httpx.AsyncClient) -> None:
    form = await client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert token, "no login form"
    r = await client.post("/login", data={"name": "bench", "password": PASSWORD,
                                          "csrf": token.group(1)})
    assert r.status_code in (200, 303), r.text


async def run_clients(base: str, ids: list[str], clients: int, seconds: float,
                      think: float) -> dict[str, list[float]]:
    # The mix a person browsing produces: lists with filters, incidents, the map.
    def pick(rng: random.Random) -> tuple[str, str]:
        r = rng.random()
        if r < 0.25:
            return "GET /api/incidents", f"/api/incidents?limit=50&offset={rng.randrange(0, 2000, 50)}" + \
                rng.choice(["", "&trade=organ", "&min_evidence=arrest", "&country=NP", "&year_from=2010"])
        if r < 0.40:
            return "GET /incidents (page)", "/incidents?page=" + str(rng.randrange(1, 40)) + \
                rng.choice(["", "&trade=human", "&min_evidence=charge"])
        if r < 0.60:
            return "GET /api/incidents/{id}", "/api/incidents/" + rng.choice(ids)
        if r < 0.80:
            return "GET /incidents/{id} (page)", "/incidents/" + rng.choice(ids)
        return "GET /api/map", "/api/map" + rng.choice(["", "?trade=organ", "?min_evidence=arrest"])

    times: dict[str, list[float]] = {}
    errors = 0
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

    async def one(n: int) -> None:
        nonlocal errors
        rng = random.Random(n)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
            await login(client)
            await ready.wait()
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                name, url = pick(rng)
                t0 = time.perf_counter()
                r = await client.get(url)
                times.setdefault(name, []).append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors += 1
                if think:
                    await asyncio.sleep(rng.uniform(0, 2 * think))

    ready = asyncio.Event()
    tasks = [asyncio.create_task(one(n)) for n in range(clients)]
    await asyncio.sleep(0)
    while not all(t.done() for t in tasks):
        # Start together once every client has logged in.
        await asyncio.sleep(0.2)
        if not ready.is_set():
            ready.set()
    for t in tasks:
        t.result()
    times["errors"] = [float(errors)]
    return times


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--think", type=float, default=0.0,
                    help="seconds each client waits between requests (0: closed loop)")
    ap.add_argument("--driver", choices=["python", "ab"],
                    default="ab" if shutil.which("ab") else "python",
                    help="load generator: ApacheBench (default when installed) or asyncio "
                         "httpx clients with a mix of requests (the clients then take most "
                         "of the CPU of a 2-core machine and the figures are theirs too)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ratline-bench-web-") as tmp:
        home = Path(tmp)
        store = Store(f"sqlite:///{home / 'ratline.sqlite'}")
        t0 = time.perf_counter()
        made = synthesise(store, args.statements)
        add_user(store, "bench", "viewer", PASSWORD)
        with store.engine.connect() as conn:
            ids = [r[0] for r in conn.exec_driver_sql(
                "SELECT DISTINCT subject FROM statements WHERE subject LIKE 'incident:%'")]
        store.close()
        print(f"store: {made:,} statements, {len(ids):,} incidents "
              f"(written in {time.perf_counter() - t0:.1f} s)")
        port = free_port()
        env = {**os.environ, "RATLINE_HOME": str(home)}
        env.pop("RATLINE_DATABASE_URL", None)
        server = subprocess.Popen([sys.executable, "-m", "ratline", "serve", "--port", str(port)],
                                  env=env, stderr=None if os.environ.get("BENCH_VERBOSE") else subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(base + "/login", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            # Warm-up: the first request assembles the incident index.
            t1 = time.perf_counter()
            asyncio.run(_warm(base))
            print(f"first index build and warm-up: {time.perf_counter() - t1:.1f} s")
            if args.driver == "ab":
                run_ab(base, ids, args.clients, args.seconds)
                return
            times = asyncio.run(run_clients(base, ids, args.clients, args.seconds, args.think))
        finally:
            server.terminate()
            server.wait(timeout=10)
    errors = int(times.pop("errors")[0])
    total = sum(len(v) for v in times.values())
    mode = f"think time {args.think:g} s" if args.think else "closed loop"
    print(f"{args.clients} clients, {mode}, {args.seconds:.0f} s: {total:,} requests "
          f"({total / args.seconds:.0f}/s), {errors} errors")
    print(f"{'endpoint':30} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    worst = 0.0
    for name, values in sorted(times.items()):
        p95 = pct(values, 0.95)
        worst = max(worst, p95)
        print(f"{name:30} {len(values):6} {pct(values, 0.5):8.1f} {p95:8.1f} {pct(values, 0.99):8.1f}")
    print(f"load average during the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"mean of all: {statistics.mean(v for vs in times.values() for v in vs) * 1000:.1f} ms; "
          f"worst p95 {worst:.1f} ms (target < 200 ms): {'OK' if worst < 200 else 'ABOVE TARGET'}")


AB_FIGURES = {
    "rps": r"Requests per second:\s+([\d.]+)",
    "p50": r"\n\s*50%\s+(\d+)",
    "p95": r"\n\s*95%\s+(\d+)",
    "p99": r"\n\s*99%\s+(\d+)",
    "failed": r"Failed requests:\s+(\d+)",
    "non2xx": r"Non-2xx responses:\s+(\d+)",
}


def ab_figures(out: str) -> dict[str, float]:
    found = {k: re.search(p, out) for k, p in AB_FIGURES.items()}
    return {k: float(m.group(1)) if m else 0.0 for k, m in found.items()}


def run_ab(base: str, ids: list[str], clients: int, seconds: float) -> None:
    ab = shutil.which("ab")
    if ab is None:
        sys.exit("ab not found: apt-get install apache2-utils")
    cookie = asyncio.run(_session_cookie(base))
    rng = random.Random(3)
    urls = [("GET /api/incidents", "/api/incidents?limit=50&offset=500"),
            ("GET /api/incidents/{id}", "/api/incidents/" + rng.choice(ids)),
            ("GET /api/map", "/api/map"),
            ("GET /incidents (page)", "/incidents?page=3"),
            ("GET /incidents/{id} (page)", "/incidents/" + rng.choice(ids))]
    print(f"{clients} concurrent keep-alive connections per endpoint (ApacheBench), "
          f"{seconds:.0f} s each")
    print(f"{'endpoint':30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'failed':>7}")
    worst = 0.0
    for name, url in urls:
        out = subprocess.run([ab, "-q", "-k", "-c", str(clients), "-t", str(int(seconds)),
                              "-n", "1000000", "-H", f"Cookie: {cookie}", base + url],
                             capture_output=True, text=True, check=True).stdout
        f = ab_figures(out)
        worst = max(worst, f["p95"])
        print(f"{name:30} {f['rps']:8.0f} {f['p50']:8.0f} {f['p95']:8.0f} {f['p99']:8.0f} "
              f"{int(f['failed'] + f['non2xx']):7d}")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; worst p95 "
          f"{worst:.0f} ms (target < 200 ms): {'OK' if worst < 200 else 'ABOVE TARGET'}")


async def _session_cookie(base: str) -> str:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await login(client)
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


async def _warm(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        await login(client)
        for url in ("/api/incidents", "/api/map", "/api/map?trade=organ",
                    "/api/map?min_evidence=arrest", "/incidents"):
            (await client.get(url)).raise_for_status()


if __name__ == "__main__":
    main()
