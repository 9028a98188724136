"""Benchmark of `ratline export` (not a test): time and peak memory per format.

Builds a throw-away SQLite store with synthetic statements written straight into it
(default 100,000: about 7,000 incidents over 1,000 documents, the same generator as
bench/web.py, plus one sum of money per incident), then runs each format in a fresh
process so that each peak is its own: the process's peak resident memory (getrusage),
and how much of it the export added over the process after imports. Two baselines run
the same way: building the incident index alone, and building the export tables (index,
documents, sentences; what every format is written from). The ratio column is each
format's time over the tables' time.

Usage: python bench/export.py [--statements N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ratline.export import FORMATS, export, tables
from ratline.model import statement_id
from ratline.store import Store, schema
from web import synthesise  # bench/web.py: the same synthetic store as the web benchmark

CURRENCIES = ["USD", "EUR", "INR", "NPR", "PKR"]
WHAT = ["price_to_recipient", "payment_to_seller", "market_value", "other"]


def add_money(store: Store, seed: int = 11) -> int:
    """One sum of money per synthetic incident (bench/web.py writes none)."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    s = schema.statements
    with store.engine.connect() as conn:
        rows = conn.execute(s.select().with_only_columns(s.c.subject, s.c.document_id)
                            .where(s.c.prop == "trade")).all()
    stmts = []
    for subject, doc in rows:
        value = json.dumps({"amount": rng.randrange(100, 90000), "currency": rng.choice(CURRENCIES),
                            "what": rng.choice(WHAT)})
        stmts.append({
            "id": statement_id(subject, "money", value, doc, None, None), "subject": subject,
            "prop": "money", "value": value, "original_value": None, "document_id": doc,
            "start": None, "end": None, "extractor": "bench", "extractor_version": "0",
            "confidence": 0.8, "status": "machine", "reviewer": None,
            "created_at": now, "updated_at": now})
    with store.writer() as conn:
        conn.execute(s.insert(), stmts)
    return len(stmts)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(url: str, what: str, out: Path) -> None:
    """One measurement in this process: prints JSON with seconds and memory."""
    from ratline.analyze.incidents import build_index

    store = Store(url)
    before = _rss_mb()
    t0 = time.perf_counter()
    rows: dict[str, int] = {}
    if what == "index":
        rows = {"incidents": len(build_index(store).incidents)}
    elif what == "tables":
        rows = tables(store).counts()
    else:
        path = out / ("csv.zip" if what == "csv" else f"export.{what}")
        rows = export(store, what, path, who="bench").counts
    seconds = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in out.iterdir() if p.is_file()) if what in FORMATS else 0
    print(json.dumps({"what": what, "seconds": seconds, "peak_mb": _rss_mb(),
                      "added_mb": _rss_mb() - before, "rows": rows, "bytes": size}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build the store here and keep it")
    parser.add_argument("--child", nargs=3, metavar=("URL", "WHAT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], Path(args.child[2]))
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ratline-bench-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    store = Store(url)
    t0 = time.perf_counter()
    made = synthesise(store, args.statements) + add_money(store)
    store.close()
    print(f"store: {made:,} statements in {time.perf_counter() - t0:.1f}s ({folder})")
    results = []
    for what in ("index", "tables", *FORMATS):
        out = folder / f"out-{what}"
        out.mkdir(exist_ok=True)
        done = subprocess.run([sys.executable, __file__, "--child", url, what, str(out)],
                              check=True, capture_output=True, text=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    base = next(r["seconds"] for r in results if r["what"] == "tables")
    print(f"{'what':<8} {'seconds':>8} {'x tables':>9} {'peak MB':>8} {'added MB':>9} {'MB out':>7}")
    for r in results:
        print(f"{r['what']:<8} {r['seconds']:>8.2f} {r['seconds'] / base:>9.2f} "
              f"{r['peak_mb']:>8.0f} {r['added_mb']:>9.0f} {r['bytes'] / 2**20:>7.1f}")
    rows = next(r["rows"] for r in results if r["what"] == "tables")
    print("rows: " + ", ".join(f"{n:,} {t}" for t, n in rows.items()))


if __name__ == "__main__":
    main()
