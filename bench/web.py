"""Benchmark of the web app (not a test): latency under 50 concurrent clients.

Builds a throw-away SQLite store with synthetic statements (default 100,000, in about
7,000 incidents over 1,000 documents), starts `ratline serve` on a free loopback port
in its own process, logs 50 clients in (one session each) and has them request the
incident list (JSON and page), incident pages (JSON and page), the map data and search
(with snippets, and as an incident filter) in a closed loop: each client sends its next
request as soon as the last one answers, so the figures are the worst case for that
many clients. Prints p50/p95/p99 per endpoint.

With `--driver ab` (Debian's apache2-utils) the load comes from ApacheBench instead:
a C client costs the 2-core machine far less CPU than 50 Python clients, so the figures
are the server's own; each endpoint is then measured on its own with 50 concurrent
keep-alive connections sharing one session.

With `--profile mixed` the python clients send what people do across the whole app:
lists, details, pages, search, stats, map, network and timeline (see `MIXED`), and
figures are printed per endpoint. `--corpus DIR` benchmarks a store made by ingesting
the JSON-lines corpus in DIR (`../shared/corpus`) instead of synthetic statements; the
store is built once into `--cache` and copied for each run. `--requests N` stops after
N requests in all instead of after `--seconds`.

With `--backend postgres` the synthetic store is built by COPY in a fresh database on
the server of `--postgres-url` (RATLINE_TEST_POSTGRES_URL), fast enough for 10M
statements (bench/pgload.py), and dropped afterwards unless `--keep`; `--database URL`
benchmarks such a kept store again without building it.

With `--driver wrk` each endpoint is measured on its own by wrk's 50 keep-alive
connections sharing one session; `--think S` makes each connection wait a random 0 to
2×S seconds before each request (wrk's latencies leave the wait out). Beside each line a
bystander process sleeps 50 ms at a time; "stall ms" is how late its worst wake-up came.

Usage: python bench/web.py [--statements N] [--clients N] [--seconds S] [--driver ab|wrk]
       python bench/web.py --backend postgres --statements 10000000 [--keep]
       python bench/web.py --profile mixed [--corpus ../shared/corpus] [--requests 2000]
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
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import text

import pgload  # bench/pgload.py
from ratline.model import statement_id
from ratline.store import Store, schema
from ratline.web.live import free_port
from ratline.web.users import add_user, count_users

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


def synthetic(target: int, seed: int = 7) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Documents, each with the statements of its 7 incidents, until `target` statements."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    made = 0
    n_doc = 0
    while made < target:
        n_doc += 1
        doc_id = hashlib.sha256(str(n_doc).encode()).hexdigest()
        sentences: list[str] = []
        stmts: list[dict[str, Any]] = []
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
        doc = {"id": doc_id, "source": f"bench/{n_doc}.txt", "title": f"Synthetic report {n_doc}",
               "media_type": "text/plain", "size": len(body), "status": "extracted", "relevant": 1,
               "text": body, "created_at": now, "updated_at": now}
        made += len(stmts)
        yield doc, stmts


def synthesise(store: Store, target: int, seed: int = 7) -> int:
    """Synthetic documents and incident statements written straight into a SQLite store."""
    made = 0
    for doc, stmts in synthetic(target, seed):
        with store.writer() as conn:
            conn.execute(schema.documents.insert(), [doc])
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


SEARCH_WORDS = ["trafficking", "kidney", "forced labor", "smuggling", "sentenced", "border",
                "organ", "police", "children", "president", "weapons", "broker"]


def search_words(rng: random.Random) -> str:
    """A search people might type: a word most documents hold, a place, or a person's
    name, which few hold (the synthetic texts name 3,000 invented people), so most
    searches are new to the server and reach the full-text index."""
    r = rng.random()
    if r < 0.2:
        return rng.choice(SEARCH_WORDS)
    if r < 0.5:
        return rng.choice(PLACES)[0]
    return f"Person{rng.randrange(3000)}"


@dataclass
class Targets:
    """Ids the clients ask for, read from the API once the server is up."""

    incidents: list[str]
    actors: list[str]
    documents: list[str]


def mixed(t: Targets) -> Callable[[random.Random], tuple[str, str]]:
    """The whole app: lists, details, pages, search, stats, map, network, timeline."""
    def one_of(rng: random.Random, ids: list[str]) -> str:
        return rng.choice(ids) if ids else "none"

    weighted: list[tuple[float, Callable[[random.Random], tuple[str, str]]]] = [
        (8, lambda r: ("list /api/incidents", "/api/incidents?limit=50&offset="
                       f"{r.randrange(0, 500, 50)}" + r.choice(["", "&trade=organ", "&min_evidence=arrest",
                                                             "&year_from=2010", "&facets=true"]))),
        (4, lambda r: ("list /api/actors", f"/api/actors?offset={r.randrange(0, 200, 50)}")),
        (4, lambda r: ("list /api/documents", f"/api/documents?offset={r.randrange(0, 1000, 50)}")),
        (8, lambda r: ("detail /api/incidents/{id}", "/api/incidents/" + one_of(r, t.incidents))),
        (4, lambda r: ("detail /api/actors/{id}", "/api/actors/" + one_of(r, t.actors))),
        (4, lambda r: ("detail /api/documents/{id}", "/api/documents/" + one_of(r, t.documents))),
        (4, lambda r: ("page /", "/")),
        (6, lambda r: ("page /incidents", f"/incidents?page={r.randrange(1, 20)}"
                       + r.choice(["", "&trade=human", "&min_evidence=charge"]))),
        (6, lambda r: ("page /incidents/{id}", "/incidents/" + one_of(r, t.incidents))),
        (3, lambda r: ("page /actors", "/actors")),
        (3, lambda r: ("page /documents", f"/documents?page={r.randrange(1, 10)}")),
        (3, lambda r: ("page /documents/{id}", "/documents/" + one_of(r, t.documents))),
        (3, lambda r: ("page /review", f"/review?offset={r.randrange(0, 500, 25)}")),
        (3, lambda r: ("page /timeline", "/timeline")),
        (8, lambda r: ("search /documents?q=", "/documents?q=" + r.choice(SEARCH_WORDS))),
        (5, lambda r: ("search /api/incidents?q=", "/api/incidents?q=" + r.choice(SEARCH_WORDS))),
        (4, lambda r: ("stats /api/stats", "/api/stats")),
        (4, lambda r: ("map /api/map", "/api/map" + r.choice(["", "?trade=organ", "?min_evidence=arrest"]))),
        (4, lambda r: ("network /api/network", "/api/network" + r.choice(["", "?min_evidence=arrest"]))),
        (4, lambda r: ("timeline /api/timeline", "/api/timeline" + r.choice(["", "?trade=human"]))),
    ]
    total = sum(w for w, _ in weighted)

    def pick(rng: random.Random) -> tuple[str, str]:
        x = rng.random() * total
        for w, make in weighted:
            x -= w
            if x < 0:
                return make(rng)
        return weighted[-1][1](rng)
    return pick


async def targets(base: str) -> Targets:
    async with httpx.AsyncClient(base_url=base, timeout=300) as client:
        await login(client)
        inc = (await client.get("/api/incidents?limit=500")).json()["incidents"]
        act = (await client.get("/api/actors?limit=500")).json()["actors"]
        docs = (await client.get("/api/documents?limit=500")).json()["documents"]
        # Warm what a first visitor would: the index, the pages' templates, the map.
        for url in ("/", "/api/map", "/api/network", "/incidents", "/timeline", "/api/stats"):
            (await client.get(url)).raise_for_status()
    return Targets([i["id"] for i in inc], [a["id"] for a in act],
                   [d["id"] for d in docs if d["status"] == "extracted"] or [d["id"] for d in docs])


# The mix a person browsing produces: lists with filters, incidents, the map, search.
# (share of requests, endpoint, a URL for it)
BROWSE: list[tuple[float, str, Callable[[list[str], random.Random], str]]] = [
    (0.20, "GET /api/incidents", lambda ids, rng: f"/api/incidents?limit=50&offset="
     f"{rng.randrange(0, 2000, 50)}" + rng.choice(["", "&trade=organ", "&min_evidence=arrest",
                                                   "&country=NP", "&year_from=2010"])),
    (0.12, "GET /incidents (page)", lambda ids, rng: "/incidents?page=" + str(rng.randrange(1, 40))
     + rng.choice(["", "&trade=human", "&min_evidence=charge"])),
    (0.18, "GET /api/incidents/{id}", lambda ids, rng: "/api/incidents/" + rng.choice(ids)),
    (0.18, "GET /incidents/{id} (page)", lambda ids, rng: "/incidents/" + rng.choice(ids)),
    (0.16, "GET /api/map", lambda ids, rng: "/api/map" + rng.choice(["", "?trade=organ",
                                                                     "?min_evidence=arrest"])),
    (0.08, "search /documents?q=", lambda ids, rng: "/documents?q=" + search_words(rng)),
    (0.08, "search /api/incidents?q=", lambda ids, rng: "/api/incidents?limit=50&q="
     + search_words(rng)),
]


def browse(ids: list[str], rng: random.Random) -> tuple[str, str]:
    """One request of the browse mix: (endpoint, URL)."""
    x = rng.random()
    for share, name, make in BROWSE:
        x -= share
        if x < 0:
            return name, make(ids, rng)
    _, name, make = BROWSE[-1]
    return name, make(ids, rng)


async def run_clients(base: str, ids: list[str], clients: int, seconds: float,
                      think: float, profile: Callable[[random.Random], tuple[str, str]] | None = None,
                      requests: int = 0) -> dict[str, list[float]]:
    def pick(rng: random.Random) -> tuple[str, str]:
        return browse(ids, rng)

    choose = profile or pick
    times: dict[str, list[float]] = {}
    errors = 0
    sent = 0
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)

    async def one(n: int) -> None:
        nonlocal errors, sent
        rng = random.Random(n)
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
            await login(client)
            await ready.wait()
            end = time.monotonic() + seconds
            while time.monotonic() < end and not (requests and sent >= requests):
                sent += 1
                name, url = choose(rng)
                t0 = time.perf_counter()
                try:
                    r = await client.get(url)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                times.setdefault(name, []).append(time.perf_counter() - t0)
                if not ok:
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


def tree(pid: int) -> list[int]:
    """The server's process and its worker processes (`ratline serve --workers`)."""
    out = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def rss_mb(pid: int) -> float:
    """Memory of the server: the proportional set size summed over its processes, so
    pages its workers share are counted once (for one process, about its RSS)."""
    total = 0
    for p in tree(pid):
        try:
            text = Path(f"/proc/{p}/smaps_rollup").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in text.splitlines()
                       if line.startswith("Pss:")), 0)
    return total / 1024


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the server's processes have used so far."""
    total = 0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def settle(pid: int, limit: float = 120.0) -> float:
    """Wait until the server is idle (under a tenth of a core for a second): requests
    accepted before the load generator stopped are still answered after it, and would
    otherwise fall on the next endpoint's figures. Returns the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        before = cpu_seconds(pid)
        time.sleep(1.0)
        if cpu_seconds(pid) - before < 0.1:
            break
    return time.perf_counter() - started


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def corpus_store(corpus: Path, cache: Path) -> Path:
    """The store made by ingesting and extracting `corpus`, built once into `cache`."""
    db = cache / "ratline.sqlite"
    done = cache / "ingested"
    if not done.exists():
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("ratline.sqlite*"):
            old.unlink()
        print(f"ingesting {corpus} into {cache} (once; minutes)", flush=True)
        env = {**os.environ, "RATLINE_HOME": str(cache)}
        env.pop("RATLINE_DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "ratline", "ingest", *sorted(map(str, corpus.glob("*.jsonl"))),
                        "--format", "jsonl"], env=env, check=True)
        done.write_text("ok\n")
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=100_000)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--requests", type=int, default=0,
                    help="stop after this many requests in all (0: run for --seconds)")
    ap.add_argument("--think", type=float, default=0.0,
                    help="seconds each client waits between requests (0: closed loop); with "
                         "wrk, a random wait of 0 to twice this")
    ap.add_argument("--profile", choices=["browse", "mixed"], default="browse",
                    help="browse: incident lists, incidents and the map; mixed: every kind of "
                         "endpoint including search and pages (python driver)")
    ap.add_argument("--corpus", help="ingest this folder of JSON-lines documents instead of "
                                     "synthesising statements (e.g. ../shared/corpus)")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "ratline-bench-corpus"),
                    help="where the ingested corpus store is kept between runs")
    ap.add_argument("--driver", choices=["python", "ab", "wrk"],
                    default="ab" if shutil.which("ab") else "python",
                    help="load generator: ApacheBench (default when installed) or asyncio "
                         "httpx clients with a mix of requests (the clients then take most "
                         "of the CPU of a 2-core machine and the figures are theirs too)")
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite",
                    help="postgres: the synthetic store is built by COPY in a fresh database on "
                         "the server of --postgres-url, dropped afterwards unless --keep")
    ap.add_argument("--postgres-url", default=os.environ.get("RATLINE_TEST_POSTGRES_URL"),
                    help="a PostgreSQL server to create the database on "
                         "(default: RATLINE_TEST_POSTGRES_URL)")
    ap.add_argument("--only", default="",
                    help="wrk driver: only the endpoints whose name holds this text")
    ap.add_argument("--repeat", type=int, default=1,
                    help="wrk driver: run each line this many times in a row on the same "
                         "server (the first meets every URL new, the later ones memoised)")
    ap.add_argument("--workers", type=int, default=1,
                    help="server processes sharing one incident index (`ratline serve --workers`)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the PostgreSQL database (its URL is printed) for --database")
    ap.add_argument("--database", help="benchmark this PostgreSQL store, made by an earlier "
                                       "--keep run, instead of building one (it is kept)")
    args = ap.parse_args()
    if args.profile == "mixed":
        args.driver = "python"
    if args.database:
        args.backend, args.keep = "postgres", True
    if args.backend == "postgres" and not (args.postgres_url or args.database):
        sys.exit("--backend postgres needs --postgres-url or RATLINE_TEST_POSTGRES_URL")
    if args.backend == "postgres" and args.corpus:
        sys.exit("--corpus builds a SQLite store; leave out --backend postgres")
    try:
        bench(args, args.database)
    finally:
        if args.database and not args.keep:
            pgload.drop_database(args.database)


def bench(args: argparse.Namespace, url: str | None) -> None:
    """Build (or reuse) the store, serve it, load it with clients and print the figures."""
    with tempfile.TemporaryDirectory(prefix="ratline-bench-web-") as tmp:
        home = Path(tmp)
        t0 = time.perf_counter()
        if args.backend == "postgres":
            if url is None:
                url = pgload.create_database(args.postgres_url)
                print(f"building {args.statements:,} statements in {url}", flush=True)
                if args.keep:
                    print(f"kept for --database: {url}", flush=True)
                pgload.load(url, synthetic(args.statements))
                args.database = url  # dropped by main unless --keep
            store = Store(url)
            made = store.counts()["statements"]
            what = "synthetic, PostgreSQL"
        elif args.corpus:
            source = corpus_store(Path(args.corpus), Path(args.cache))
            # A copy, so the bench user and the server's writes never touch the cache.
            src = sqlite3.connect(source)
            dst = sqlite3.connect(home / "ratline.sqlite")
            src.backup(dst)
            src.close()
            dst.close()
            key = source.parent / "pseudonym.key"
            if key.exists():
                shutil.copy(key, home / "pseudonym.key")
            store = Store(f"sqlite:///{home / 'ratline.sqlite'}")
            made = store.counts()["statements"]
            what = f"corpus {args.corpus}"
        else:
            store = Store(f"sqlite:///{home / 'ratline.sqlite'}")
            made = synthesise(store, args.statements)
            what = "synthetic"
        if count_users(store) == 0:  # a kept store has its bench user
            add_user(store, "bench", "viewer", PASSWORD)
        with store.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(text(
                "SELECT DISTINCT subject FROM statements WHERE subject LIKE 'incident:%'"))]
        store.close()
        print(f"store ({what}): {made:,} statements, {len(ids):,} document incidents "
              f"(ready in {time.perf_counter() - t0:.1f} s)")
        port = free_port()
        env = {**os.environ, "RATLINE_HOME": str(home)}
        env.pop("RATLINE_DATABASE_URL", None)
        if url is not None:
            env["RATLINE_DATABASE_URL"] = url
        server = subprocess.Popen([sys.executable, "-m", "ratline", "serve", "--port", str(port),
                                   "--workers", str(args.workers)],
                                  env=env, stderr=None if os.environ.get("BENCH_VERBOSE") else subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        try:
            # With workers the index is built before the first answer (minutes at 10M).
            up = time.monotonic() + 3600
            while time.monotonic() < up and server.poll() is None:
                try:
                    httpx.get(base + "/login", timeout=5)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            print(f"server answering after {time.perf_counter() - started:.1f} s", flush=True)
            # Warm-up: the first requests assemble the incident index (one process; with
            # workers the parent built it before the first answer) and the link evidence.
            t1 = time.perf_counter()
            asyncio.run(_warm(base, ids[0]))
            profile = None
            if args.profile == "mixed":
                t = asyncio.run(targets(base))
                profile = mixed(t)
                print(f"targets: {len(t.incidents)} incidents, {len(t.actors)} actors, "
                      f"{len(t.documents)} documents")
            print(f"first index build and warm-up: {time.perf_counter() - t1:.1f} s; server "
                  f"memory (PSS) {rss_mb(server.pid):,.0f} MB", flush=True)
            if args.driver == "ab":
                run_ab(base, ids, args.clients, args.seconds)
                return
            if args.driver == "wrk":
                run_wrk(base, ids, args.clients, args.seconds, rss=lambda: rss_mb(server.pid),
                        only=args.only, idle=lambda: settle(server.pid), think=args.think,
                        repeat=args.repeat, cpu=lambda: cpu_seconds(server.pid))
                return
            started = time.perf_counter()
            times = asyncio.run(run_clients(base, ids, args.clients,
                                            args.seconds if not args.requests else 10 ** 6,
                                            args.think, profile, args.requests))
            elapsed = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(timeout=10)
    errors = int(times.pop("errors")[0])
    total = sum(len(v) for v in times.values())
    mode = f"think time {args.think:g} s" if args.think else "closed loop"
    print(f"{args.clients} clients, {mode}, profile {args.profile}, {elapsed:.0f} s: {total:,} requests "
          f"({total / elapsed:.0f}/s), {errors} errors")
    print(f"{'endpoint':32} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    worst = 0.0
    for name, values in sorted(times.items()):
        p95 = pct(values, 0.95)
        worst = max(worst, p95)
        print(f"{name:32} {len(values):6} {pct(values, 0.5):8.1f} {p95:8.1f} {pct(values, 0.99):8.1f}")
    everything = [v for vs in times.values() for v in vs]
    print(f"{'all':32} {len(everything):6} {pct(everything, 0.5):8.1f} {pct(everything, 0.95):8.1f} "
          f"{pct(everything, 0.99):8.1f}")
    print(f"load average during the run: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    print(f"mean of all: {statistics.mean(everything) * 1000:.1f} ms; "
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
            ("GET /incidents/{id} (page)", "/incidents/" + rng.choice(ids)),
            ("search /documents?q=", "/documents?q=" + search_words(rng)),
            ("search /api/incidents?q=", "/api/incidents?limit=50&q=" + search_words(rng))]
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


# Each wrk connection asks for a URL drawn at random from the endpoint's list (a Lua
# generator costs the machine next to nothing); done() prints the figures in µs.
WRK_SCRIPT = """
local paths = {%s}
wrk.headers["Cookie"] = %s
local counter = 1
function setup(thread) thread:set("seed", counter); counter = counter + 1 end
function init(args) math.randomseed(seed) end
function request() return wrk.format("GET", paths[math.random(#paths)]) end
%s
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %%d %%d %%d %%d %%d %%d\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), summary.duration))
end
"""


# Sleeps 50 ms at a time for argv[1] seconds and prints how late (ms) its worst wake-up was.
BYSTANDER = """
import sys, time
end, worst = time.monotonic() + float(sys.argv[1]), 0.0
while time.monotonic() < end:
    t = time.monotonic()
    time.sleep(0.05)
    worst = max(worst, time.monotonic() - t - 0.05)
print(round(worst * 1000, 1))
"""


def _lua(text: str) -> str:
    return json.dumps(text)  # a JSON string of ASCII is a valid Lua string literal


def wrk_run(base: str, cookie: str, urls: list[str], clients: int, seconds: float,
            think: float = 0.0) -> dict[str, float]:
    """One wrk run of `clients` keep-alive connections over `urls`: requests, errors, req/s
    and p50/p95/p99 in ms. With `think` (seconds), each connection waits a random 0 to
    2 x `think` before each request, as a person reading the last answer would; the wait
    is not part of a request's latency."""
    quoted = [urllib.parse.quote(u, safe="/?=&:%") for u in urls]
    pause = (f"function delay() return math.random(0, {round(2 * think * 1000)}) end"
             if think > 0 else "")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(WRK_SCRIPT % (",".join(_lua(u) for u in quoted), _lua(cookie), pause))
        script = fh.name
    try:
        out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{int(seconds)}s", "--timeout",
                              "60s", "-s", script, base], capture_output=True, text=True,
                             check=True).stdout
    finally:
        os.unlink(script)
    found = re.search(r"WRK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", out)
    if found is None:
        raise RuntimeError(f"no figures from wrk: {out[-500:]}")
    n, errors, p50, p95, p99, took = (int(x) for x in found.groups())
    return {"n": n, "errors": errors, "rps": n / (took / 1e6), "p50": p50 / 1000,
            "p95": p95 / 1000, "p99": p99 / 1000}


def run_wrk(base: str, ids: list[str], clients: int, seconds: float,
            rss: Callable[[], float], only: str = "",
            idle: Callable[[], float] = lambda: 0.0, think: float = 0.0,
            repeat: int = 1, cpu: Callable[[], float] = lambda: 0.0) -> None:
    """Each endpoint of the browse mix on its own, then the mix, each with `clients`
    concurrent connections asking for URLs that vary as the python clients' do; `only`:
    just the lines whose name holds it. Beside each line a bystander process that has
    nothing to do with the server sleeps 50 ms at a time: "stall ms" is how late its
    worst wake-up came. Seconds there mean the machine stopped its processes, the
    server's and wrk's too, and wrk counts every request that pause held back. "cpu s":
    the CPU time the server's processes used during the line (`cpu`), a measure of its
    work that moves less from run to run than the tail does."""
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install wrk")
    cookie = asyncio.run(_session_cookie(base))
    rng = random.Random(3)
    runs = [(name, [make(ids, rng) for _ in range(2000)]) for _, name, make in BROWSE]
    runs.append(("browse mix", [browse(ids, rng)[1] for _ in range(5000)]))
    runs = [(name, urls) for name, urls in runs if only in name]
    # A line again on the same server asks for the same URLs, which the workers have
    # memoised: what the first run pays for new searches and pages, the later ones do not.
    runs = [(name if k == 0 else f"{name} (run {k + 1})", urls)
            for name, urls in runs for k in range(max(1, repeat))]
    wait = f", each waiting 0-{2 * think * 1000:.0f} ms between requests" if think else ""
    print(f"{clients} concurrent keep-alive connections (wrk){wait}, {seconds:.0f} s per "
          f"line, URLs drawn from 2,000 per endpoint")
    print(f"{'endpoint':30} {'n':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'errors':>6} {'mem MB':>7} {'load':>5} {'stall ms':>8} {'cpu s':>6}")
    worst = 0.0
    for name, urls in runs:
        idle()  # the last endpoint's queued requests are answered before this one starts
        bystander = subprocess.Popen([sys.executable, "-c", BYSTANDER, str(seconds)],
                                     stdout=subprocess.PIPE, text=True)
        used = cpu()
        f = wrk_run(base, cookie, urls, clients, seconds, think)
        used = cpu() - used
        stall = float(bystander.communicate(timeout=seconds + 60)[0] or "nan")
        worst = max(worst, f["p95"])
        print(f"{name:30} {f['n']:7.0f} {f['rps']:7.0f} {f['p50']:8.1f} {f['p95']:8.1f} "
              f"{f['p99']:8.1f} {f['errors']:6.0f} {rss():7.0f} {os.getloadavg()[0]:5.2f} "
              f"{stall:8.0f} {used:6.1f}", flush=True)
    print(f"worst p95 {worst:.0f} ms (target < 200 ms): {'OK' if worst < 200 else 'ABOVE TARGET'}")


async def _session_cookie(base: str) -> str:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        await login(client)
        return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


async def _warm(base: str, incident: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=3600) as client:
        await login(client)
        for url in ("/api/incidents", "/api/map", "/api/map?trade=organ",
                    "/api/map?min_evidence=arrest", "/incidents"):
            (await client.get(url)).raise_for_status()
        # An incident page builds the link evidence of the whole store once per change.
        t0 = time.perf_counter()
        (await client.get("/incidents/" + incident)).raise_for_status()
        print(f"first incident page (link evidence): {time.perf_counter() - t0:.1f} s", flush=True)


if __name__ == "__main__":
    main()
