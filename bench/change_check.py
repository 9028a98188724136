"""Benchmark of the web's change check (not a test): the store version against counting.

Builds bench/web.py's synthetic store with N statements by COPY in a fresh PostgreSQL
database (bench/pgload.py), then times, median of `--calls` calls each:

- counting: the check the web used before the store had a version (count and
  max(updated_at) of statements, documents and clusters; kept here only to compare);
- version: `analyze.incidents.fingerprint`, which reads the store's version row;
- version again after `--writes` empty write transactions, each raising the version,
  with no vacuum in between (the one row's dead versions).

The database is dropped afterwards unless `--keep`; `--database URL` measures a kept one.

Usage: python bench/change_check.py [--statements 1000000] [--calls 20] [--writes 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

import pgload  # bench/pgload.py
from ratline.analyze.incidents import fingerprint
from ratline.store import Store, schema
from web import synthetic  # bench/web.py


def counted(store: Store) -> tuple[Any, ...]:
    """The change check before the store version: every statement scanned."""
    out: list[Any] = []
    with store.engine.connect() as conn:
        for table in (schema.statements, schema.documents, schema.clusters):
            out.extend(conn.execute(select(func.count(), func.max(table.c.updated_at))).one())
    return tuple(out)


def median_ms(check: Callable[[Store], Any], store: Store, calls: int) -> float:
    check(store)  # a warm connection and cache, as a running web process has
    times = []
    for _ in range(calls):
        t0 = time.perf_counter()
        check(store)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--statements", type=int, default=1_000_000)
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--writes", type=int, default=10_000)
    ap.add_argument("--postgres-url", default=os.environ.get("RATLINE_TEST_POSTGRES_URL"))
    ap.add_argument("--keep", action="store_true", help="keep the database (its URL is printed)")
    ap.add_argument("--database", help="measure this store, made by an earlier --keep run")
    args = ap.parse_args()
    if not (args.postgres_url or args.database):
        sys.exit("needs --postgres-url or RATLINE_TEST_POSTGRES_URL")
    url = args.database or pgload.create_database(args.postgres_url)
    try:
        if args.database is None:
            print(f"building {args.statements:,} statements in {url}", flush=True)
            pgload.load(url, synthetic(args.statements))
        measure(url, args)
    finally:
        if args.database is None and not args.keep:
            pgload.drop_database(url)
        elif args.keep:
            print(f"kept: {url}")


def measure(url: str, args: argparse.Namespace) -> None:
    store = Store(url)
    try:
        n = store.counts()["statements"]
        old = median_ms(counted, store, args.calls)
        new = median_ms(fingerprint, store, args.calls)
        t0 = time.perf_counter()
        for _ in range(args.writes):
            with store.writer():
                pass
        took = time.perf_counter() - t0
        after = median_ms(fingerprint, store, args.calls)
        print(f"{n:,} statements, median of {args.calls} calls:")
        print(f"  counting (before)        {old:10.2f} ms")
        print(f"  version (now)            {new:10.2f} ms")
        print(f"  version after {args.writes:,} writes {after:8.2f} ms "
              f"({took / max(args.writes, 1) * 1000:.2f} ms per empty write transaction)")
    finally:
        store.close()


if __name__ == "__main__":
    main()
