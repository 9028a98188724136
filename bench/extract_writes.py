"""Extraction's writes alone: one document a transaction against batches (not a test).

N documents (default 300) are generated as `bench/scale.py` makes them and extracted
once, in this process. The same results are then written into fresh stores by
`pipeline.store_extracted`, the writer of `ratline process` on both engines: with batch
size 1 (a transaction per document) and with `--batch` (default 50, the default of
RATLINE_EXTRACT_BATCH_SIZE). Each store is first filled with the documents, untimed;
only the writes are timed. Backends: SQLite (a file in a temporary folder) and
PostgreSQL (RATLINE_TEST_POSTGRES_URL; a fresh database per run, dropped afterwards).
Per-document and batched runs alternate, `--repeat` times each, and the medians are
compared in the same run. Every store must end with the same statements (their count
and a hash of their ids), or the run fails.

    python bench/extract_writes.py [--documents 300] [--batch 50] [--repeat 3]
                                   [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from scale import base_texts, drop_postgres_database, write_corpus  # noqa: E402


def extract_once(corpus: Path, tmp: Path) -> list[Any]:
    """The corpus ingested into a scratch store and extracted: the results every run writes."""
    from ratline import pipeline, settings
    from ratline.store import Store

    store = Store(f"sqlite:///{tmp / 'extract.sqlite'}")
    pipeline.ingest(store, [str(corpus)], keep_ids=False)
    keep = settings.keep_victim_names()
    key = b"" if keep else settings.pseudonym_key()
    results = [pipeline.extract_document(row, keep_victim_names=keep, pseudonym_key=key)
               for row in store.iter_texts()]
    store.close()
    return results


def new_url(backend: str, tmp: Path, name: str) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp / (name + '.sqlite')}"
    sys.path.insert(0, str(ROOT))
    from tests.support.stores import new_postgres_database

    return new_postgres_database(os.environ["RATLINE_TEST_POSTGRES_URL"])


def write(backend: str, corpus: Path, results: list[Any], batch: int, tmp: Path,
          name: str) -> dict[str, Any]:
    """Seconds to write `results` into a fresh store filled with the corpus, `batch` a
    transaction; and what the store then holds."""
    from ratline import pipeline
    from ratline.store import Store

    url = new_url(backend, tmp, name)
    store = Store(url)
    try:
        pipeline.ingest(store, [str(corpus)], keep_ids=False)
        t0 = time.perf_counter()
        report = pipeline.store_extracted(store, results, batch_size=batch)
        seconds = time.perf_counter() - t0
        ids = sorted(r["id"] for r in store.statements())
    finally:
        store.close()
        if backend == "sqlite":
            for p in tmp.glob(name + ".sqlite*"):
                p.unlink()
        else:
            drop_postgres_database(url)
    return {"seconds": seconds, "documents": report.processed, "statements": len(ids),
            "hash": hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=300)
    ap.add_argument("--batch", type=int, default=50, help="documents per transaction when batched")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each mode per backend")
    ap.add_argument("--backends", default="sqlite,postgres")
    args = ap.parse_args()
    backends = args.backends.split(",")
    if "postgres" in backends and not os.environ.get("RATLINE_TEST_POSTGRES_URL"):
        print("postgres skipped: RATLINE_TEST_POSTGRES_URL is not set", file=sys.stderr)
        backends.remove("postgres")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        os.environ.setdefault("RATLINE_HOME", str(tmp / "home"))
        os.environ.setdefault("RATLINE_PSEUDONYM_KEY", "bench-extract-writes")
        texts, origin = base_texts()
        corpus = tmp / "corpus.jsonl"
        write_corpus(corpus, texts, args.documents)
        t0 = time.perf_counter()
        results = extract_once(corpus, tmp)
        print(f"{args.documents} documents made from {origin}, extracted once in "
              f"{time.perf_counter() - t0:.1f}s ({sum(len(r.statements) for r in results)} "
              f"statements, {sum(r.error is not None for r in results)} failed); cores: "
              f"{os.cpu_count()}, load average {os.getloadavg()[0]:.1f}")
        rows = []
        hashes = set()
        for backend in backends:
            runs: dict[int, list[float]] = {1: [], args.batch: []}
            for i in range(args.repeat):
                for batch in (1, args.batch):
                    r = write(backend, corpus, results, batch, tmp, f"{backend}-{batch}-{i}")
                    runs[batch].append(r["seconds"])
                    hashes.add((r["documents"], r["statements"], r["hash"]))
            single, batched = (statistics.median(runs[b]) for b in (1, args.batch))
            rows.append((backend, single, batched, r["statements"]))
        print(f"load average at the end {os.getloadavg()[0]:.1f}; medians of {args.repeat} runs each")
        print(f"| backend | per document (docs/s) | batches of {args.batch} (docs/s) | "
              "batched / per document | statements |")
        print("|---|---:|---:|---:|---:|")
        n = len(results)
        for backend, single, batched, statements in rows:
            print(f"| {backend} | {n / single:,.0f} | {n / batched:,.0f} | "
                  f"{single / batched:.1f}× | {statements:,} |")
        same = len(hashes) == 1
        print("identical statements in every store" if same else f"STORES DIFFER: {sorted(hashes)}")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
