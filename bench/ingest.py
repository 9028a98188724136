"""Ingestion throughput and peak memory.

Measures, in one run, on this machine:
  * text: every record of ../shared/corpus/*.jsonl into a fresh SQLite store;
  * html: a folder of generated news pages (boilerplate + article) into a fresh store;
and beside each, a baseline measured in the same run on the same input (text: parse
JSON + hash + bare sqlite3 insert; html: trafilatura alone), so the ratio says what
the store, readers and bookkeeping cost. Each measurement runs in its own process so
peak memory (max RSS) is its own.

    python bench/ingest.py [--html N]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"

WORDS = ["police", "broker", "village", "clinic", "kidney", "court", "report", "border", "migrants", "network", "officials", "hospital", "evidence", "route", "payment", "smugglers", "district", "raid", "witness", "statement", "market"]


def make_html(folder: Path, n: int) -> None:
    rng = random.Random(7)
    nav = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(25))
    for i in range(n):
        paras = "".join(
            "<p>" + " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90))).capitalize() + ".</p>"
            for _ in range(rng.randint(5, 12))
        )
        page = (
            f"<!doctype html><html><head><title>Report {i}</title>"
            f'<meta name="author" content="Desk {i % 7}"><meta property="article:published_time" '
            f'content="2024-0{1 + i % 9}-1{i % 9}"></head><body><header><ul>{nav}</ul></header>'
            f"<article><h1>Report number {i}</h1>{paras}</article>"
            f"<footer><p>Copyright. All rights reserved.</p><ul>{nav}</ul></footer></body></html>"
        )
        (folder / f"page{i:05d}.html").write_text(page, encoding="utf-8")


def _ratline(specs: list[str], db: str, out: mp.Queue) -> None:
    from ratline import pipeline, readers, sources  # noqa: F401  (start-up cost is not throughput)
    from ratline.store import Store

    store = Store(f"sqlite:///{db}")
    t = time.perf_counter()
    report = pipeline.ingest(store, specs)
    out.put((time.perf_counter() - t, report.seen, report.added, report.failed,
             resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _baseline_text(specs: list[str], db: str, out: mp.Queue) -> None:
    import hashlib
    import sqlite3

    t = time.perf_counter()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE d (id TEXT PRIMARY KEY, text TEXT)")
    n = 0
    for spec in specs:
        with open(spec, encoding="utf-8") as fh:
            rows = []
            for line in fh:
                text = json.loads(line).get("text") or ""
                rows.append((hashlib.sha256(text.encode()).hexdigest(), text))
                n += 1
            conn.executemany("INSERT OR IGNORE INTO d VALUES (?, ?)", rows)
    conn.commit()
    out.put((time.perf_counter() - t, n, n, 0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def _baseline_html(specs: list[str], db: str, out: mp.Queue) -> None:
    import trafilatura

    trafilatura.extract("<html><body><p>warm up</p></body></html>")
    t = time.perf_counter()
    n = 0
    for path in sorted(Path(specs[0]).iterdir()):
        trafilatura.extract(path.read_text(encoding="utf-8"), with_metadata=True)
        n += 1
    out.put((time.perf_counter() - t, n, n, 0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def measure(fn: Callable[[list[str], str, mp.Queue], None], specs: list[str]) -> tuple[float, int, int, int, float]:
    ctx = mp.get_context("spawn")
    out: mp.Queue = ctx.Queue()
    with tempfile.TemporaryDirectory() as tmp:
        proc = ctx.Process(target=fn, args=(specs, str(Path(tmp) / "b.sqlite"), out))
        proc.start()
        result = out.get()
        proc.join()
    return result


def line(label: str, r: tuple[float, int, int, int, float], base: tuple[float, int, int, int, float]) -> str:
    rate, base_rate = r[1] / r[0], base[1] / base[0]
    return (f"{label:6s} {r[1]:6d} items ({r[2]} stored, {r[3]} failed) in {r[0]:6.2f} s = "
            f"{rate:8.0f} docs/s | peak RSS {r[4]:6.0f} MB | baseline {base_rate:8.0f} docs/s | "
            f"ratio {rate / base_rate:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=int, default=1000, help="number of HTML pages to generate")
    args = parser.parse_args()
    corpus = sorted(str(p) for p in CORPUS.glob("*.jsonl"))
    if not corpus:
        print(f"no corpus at {CORPUS}", file=sys.stderr)
        return 1
    print(f"text: {len(corpus)} corpus files from {CORPUS}")
    print(line("text", measure(_ratline, corpus), measure(_baseline_text, corpus)))
    with tempfile.TemporaryDirectory() as tmp:
        make_html(Path(tmp), args.html)
        print(f"html: {args.html} generated pages")
        print(line("html", measure(_ratline, [tmp]), measure(_baseline_html, [tmp])))
    print("targets: text >= 1000 docs/s, html >= 100 docs/s (2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
