"""Benchmark of finding candidate clusters by blocking key (not a test).

An incremental resolve run (`pipeline.link_new`) and the web's link evidence ask, for a
report's blocking keys, which stored clusters hold any of them
(`store.resolution.clusters_with_keys`). This builds N incident cluster rows with their
keys in a fresh store and times, median of `--calls` lookups of 8 keys each (keys of
random stored clusters, so every lookup finds some):

- text match: the lookup as it was before the key index (a LIKE on every cluster row's
  JSON, 50 keys to a query; kept here only to compare);
- key index: `clusters_with_keys` through the `cluster_keys` table.

Both must return the same clusters; the bench checks it on every lookup.

Usage: python bench/cluster_keys.py [--clusters 10000,100000] [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

import pgload  # bench/pgload.py
from ratline.store import Store, resolution, schema

KEYS_PER_CLUSTER = 6
KEYS_PER_LOOKUP = 8


def text_match(store: Store, kind: str, keys: list[str]) -> list[dict[str, Any]]:
    """The lookup before the key index: every cluster row's text scanned for the keys."""
    c = schema.clusters

    def pattern(k: str) -> str:
        quoted = json.dumps(k, ensure_ascii=False)
        return "%" + quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    wanted = sorted(set(keys))
    out: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), 50):
            cond = or_(*(c.c.data.like(pattern(k), escape="\\") for k in wanted[i:i + 50]))
            for cid, name, data in conn.execute(select(c.c.cluster_id, c.c.name, c.c.data)
                                                .where(c.c.kind == kind, cond)).all():
                out[cid] = {"id": cid, "name": name, **json.loads(data)}
    return [out[k] for k in sorted(out)]


def build(store: Store, n: int, rng: random.Random) -> list[list[str]]:
    """N clusters, each with keys drawn from a vocabulary of about 2N names and places."""
    vocabulary = [f"n:{rng.getrandbits(40):010x}" for _ in range(2 * n)]
    keys_of = [sorted(set(rng.sample(vocabulary, KEYS_PER_CLUSTER))) for _ in range(n)]
    rows = [(f"incident-{i:08d}", f"Case {i}",
             {"trade": "organ", "year": 2000 + i % 25, "members": [f"incident:{i:016x}:1"],
              "sources": [f"{i:064x}"], "keys": keys}) for i, keys in enumerate(keys_of)]
    resolution.replace_resolution(store, "incident", {}, rows)
    return keys_of


def median_ms(lookup: Callable[[Store, str, list[str]], Any], store: Store,
              lookups: list[list[str]]) -> float:
    lookup(store, "incident", lookups[0])  # a warm connection, as a running process has
    times = []
    for keys in lookups:
        t0 = time.perf_counter()
        lookup(store, "incident", keys)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clusters", default="10000,100000")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--calls", type=int, default=20)
    ap.add_argument("--postgres-url", default=os.environ.get("RATLINE_TEST_POSTGRES_URL"))
    args = ap.parse_args()
    print(f"{'backend':10} {'clusters':>9} {'build s':>8} {'text match ms':>14} "
          f"{'key index ms':>13} {'ratio':>7}")
    for backend in args.backends.split(","):
        if backend == "postgres" and not args.postgres_url:
            print("postgres: skipped (set RATLINE_TEST_POSTGRES_URL or --postgres-url)")
            continue
        for n in (int(x) for x in args.clusters.split(",")):
            rng = random.Random(n)
            with tempfile.TemporaryDirectory() as tmp:
                url = (f"sqlite:///{Path(tmp) / 'keys.db'}" if backend == "sqlite"
                       else pgload.create_database(args.postgres_url))
                store = Store(url)
                t0 = time.perf_counter()
                keys_of = build(store, n, rng)
                built = time.perf_counter() - t0
                lookups = [sorted({k for _ in range(KEYS_PER_LOOKUP // 2)
                                   for k in rng.choice(keys_of)[:2]})
                           for _ in range(args.calls)]
                for keys in lookups:
                    assert ([r["id"] for r in text_match(store, "incident", keys)]
                            == [r["id"] for r in resolution.clusters_with_keys(store, "incident", keys)])
                before = median_ms(text_match, store, lookups)
                after = median_ms(resolution.clusters_with_keys, store, lookups)
                store.close()
                if backend == "postgres":
                    pgload.drop_database(url)
            print(f"{backend:10} {n:>9,} {built:>8.1f} {before:>14.2f} {after:>13.2f} "
                  f"{before / after:>6.0f}x", flush=True)


if __name__ == "__main__":
    main()
