"""Measured scale curves: ingest without extraction (SQLite, PostgreSQL) and resolution.

Ingest: N generated documents (default 10k and 100k) go into a fresh store through
`pipeline.ingest`, the function `ratline ingest --no-extract` calls. The documents are
the texts of ../shared/corpus and ../shared/news/texts (read at run time, never kept in
the project; the bundled examples/reports when ../shared is absent), each given a
dateline with an invented person, place and date and its years shifted, so every
content hash differs. Deterministic for a seed. Each run is its own process, so peak
memory (ru_maxrss) is its own; RSS is also sampled after every batch, which shows
whether memory grows with the run. PostgreSQL gets a fresh database per run
(RATLINE_TEST_POSTGRES_URL), dropped afterwards.

Resolution: bench/resolve.py's synthetic mentions at 10k and 100k.

The table gives, for each size, per-document (per-mention) cost relative to the 10k
point: linear growth reads 1.0. "late/early" compares the per-document time of the last
tenth of a run with its first tenth, which shows cost growing with the store's size.

    python bench/scale.py [--sizes 10000,100000] [--million] [--backends sqlite,postgres]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples" / "reports"

# Invented names and places: the generated datelines name no real person.
GIVEN = ["Arlen", "Bexa", "Corin", "Dalia", "Emrys", "Farid", "Galen", "Hesper", "Ilan", "Jorun",
         "Kesia", "Lior", "Maren", "Nesta", "Orrin", "Pell", "Quilla", "Rasmi", "Sorel", "Tavi"]
SURNAMES = ["Ardent", "Brask", "Colm", "Dravic", "Ellery", "Fenwold", "Garrow", "Hollin",
            "Istvan", "Jarrow", "Kestrel", "Lunde", "Morrow", "Nyland", "Orsk", "Pryce",
            "Quarrel", "Rusk", "Stroud", "Tamsin"]
PLACES = ["Lakeville", "Port Arden", "Greyhaven", "Millbrook", "Eastmere", "Stonebridge",
          "Northfold", "Redcliff", "Ashford Vale", "Kingsreach", "Westerly", "Bramblewick"]
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-2]\d)\b")


def base_texts() -> tuple[list[str], str]:
    """The texts documents are made from, and where they came from."""
    texts: list[str] = []
    for path in sorted((SHARED / "corpus").glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if isinstance(record.get("text"), str) and record["text"].strip():
                    texts.append(record["text"])
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "news" / "texts").glob("*.txt"))]
    if texts:
        return texts, str(SHARED)
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix in (".txt", ".md"):
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
                      if line.strip()]
    return texts, str(EXAMPLES)


def _shift_year(years: int, match: re.Match[str]) -> str:
    return str(int(match.group(1)) + years)


def generate(texts: list[str], n: int, seed: int = 11) -> Iterator[dict[str, str]]:
    """n corpus records, each text varied so no two share a content hash."""
    rng = random.Random(seed)
    for i in range(n):
        base = rng.choice(texts)
        shift = rng.randint(-6, 3)
        body = _YEAR.sub(partial(_shift_year, shift), base)
        day = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        name = f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}"
        place = rng.choice(PLACES)
        yield {"title": f"{place} report {i}", "date": day, "url": f"https://example.org/scale/{i}",
               "text": f"{place.upper()}, {day} ({name}, report {i}) - {body}"}


def write_corpus(path: Path, texts: list[str], n: int) -> int:
    size = 0
    with path.open("w", encoding="utf-8") as fh:
        for record in generate(texts, n):
            line = json.dumps(record, ensure_ascii=False) + "\n"
            size += len(line.encode("utf-8"))
            fh.write(line)
    return size


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _ingest(url: str, corpus: str, queue: Any) -> None:
    from ratline import pipeline, readers, sources  # noqa: F401  (start-up cost is not throughput)
    from ratline.store import Store

    store = Store(url)
    marks: list[tuple[int, float, float]] = []  # (documents so far, seconds, RSS MB)
    done = 0
    t0 = time.perf_counter()

    def progress(n: int) -> None:
        nonlocal done
        if not n:  # the last, empty flush
            return
        done += n
        marks.append((done, time.perf_counter() - t0, _rss_mb()))

    base_rss = _rss_mb()
    report = pipeline.ingest(store, [corpus], progress=progress, keep_ids=False)  # as --no-extract
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    store.close()
    queue.put({"seconds": seconds, "added": report.added, "failed": report.failed,
               "peak_mb": peak, "start_mb": base_rss, "marks": marks})


def _resolve(n: int, queue: Any) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import resolve as bench_resolve  # bench/resolve.py: its mentions and its measurement

    bench_resolve._run(n, queue)


def _in_process(target: Any, *args: Any) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=target, args=(*args, queue))
    proc.start()
    result: dict[str, Any] = queue.get()
    proc.join()
    return result


def store_bytes(url: str) -> int:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    import sqlalchemy

    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.connect() as conn:
        value = conn.execute(sqlalchemy.text("SELECT pg_database_size(current_database())")).scalar()
    engine.dispose()
    return int(value or 0)


def drop_postgres_database(url: str) -> None:
    import sqlalchemy

    server, name = url.rsplit("/", 1)
    admin = sqlalchemy.create_engine(server.replace("postgresql://", "postgresql+psycopg://", 1)
                                     + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sqlalchemy.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()


@contextmanager
def fresh_store(backend: str, tmp: Path, name: str) -> Iterator[str]:
    """The URL of an empty store: a SQLite file in `tmp`, or a fresh PostgreSQL database
    (RATLINE_TEST_POSTGRES_URL); removed afterwards."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp / f'{name}.sqlite'}"
    else:
        sys.path.insert(0, str(ROOT))
        from tests.support.stores import new_postgres_database

        url = new_postgres_database(os.environ["RATLINE_TEST_POSTGRES_URL"])
    try:
        yield url
    finally:
        if backend == "sqlite":
            for p in tmp.glob(f"{name}.sqlite*"):
                p.unlink()
        else:
            drop_postgres_database(url)


def measure_ingest(backend: str, corpus: Path, n: int, tmp: Path) -> dict[str, Any]:
    with fresh_store(backend, tmp, f"scale-{n}") as url:
        result = _in_process(_ingest, url, str(corpus))
        result["store_bytes"] = store_bytes(url)
    marks = result["marks"]
    # Per-document time over the first and the last tenth of the run.
    tenth = max(1, len(marks) // 10)
    early = _rate(marks[:tenth + 1])
    late = _rate(marks[-tenth - 1:])
    result.update(n=n, late_early=late / early if early else float("nan"),
                  rss_end=marks[-1][2] if marks else 0.0,
                  rss_early=marks[tenth][2] if len(marks) > tenth else 0.0)
    return result


def _rate(marks: list[tuple[int, float, float]]) -> float:
    """Seconds per document between the first and last mark."""
    if len(marks) < 2 or marks[-1][0] == marks[0][0]:
        return 0.0
    return (marks[-1][1] - marks[0][1]) / (marks[-1][0] - marks[0][0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="document / mention counts")
    parser.add_argument("--million", action="store_true", help="add the 1,000,000 point (long)")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--no-resolve", action="store_true", help="skip the resolution curve")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()] + ([1_000_000] if args.million else [])
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    if "postgres" in backends and not os.environ.get("RATLINE_TEST_POSTGRES_URL"):
        print("postgres skipped: RATLINE_TEST_POSTGRES_URL is not set", file=sys.stderr)
        backends.remove("postgres")
    texts, origin = base_texts()
    print(f"documents made from {len(texts)} texts in {origin}", flush=True)
    print(f"{'ingest':10} {'docs':>8} {'s':>8} {'docs/s':>7} {'ms/doc':>7} {'x10k':>5} "
          f"{'late/early':>10} {'peak MB':>8} {'RSS 10%':>8} {'RSS end':>8} {'KB/doc':>7} "
          f"{'x10k':>5}", flush=True)
    firsts: dict[str, tuple[float, float]] = {}  # per backend: the first size's costs
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        for n in sizes:
            corpus = tmp / f"scale-{n}.jsonl"
            write_corpus(corpus, texts, n)
            for backend in backends:
                r = measure_ingest(backend, corpus, n, tmp)
                per_doc, kb = r["seconds"] / n, r["store_bytes"] / n / 1024
                first = firsts.setdefault(backend, (per_doc, kb))
                print(f"{backend:10} {r['added']:>8} {r['seconds']:>8.1f} {n / r['seconds']:>7.0f} "
                      f"{per_doc * 1000:>7.2f} {per_doc / first[0]:>5.2f} {r['late_early']:>10.2f} "
                      f"{r['peak_mb']:>8.0f} {r['rss_early']:>8.0f} {r['rss_end']:>8.0f} "
                      f"{kb:>7.1f} {kb / first[1]:>5.2f}", flush=True)
            corpus.unlink()
    if args.no_resolve:
        return 0
    print(f"{'resolve':10} {'mentions':>8} {'s':>8} {'us/m':>7} {'x10k':>5} {'peak MB':>8} "
          f"{'actors':>8} {'compared':>10}", flush=True)
    first_us = None
    for n in sizes:
        r = _in_process(_resolve, n)
        us = r["seconds"] / n * 1e6
        first_us = first_us or us
        print(f"{'actors':10} {n:>8} {r['seconds']:>8.1f} {us:>7.1f} {us / first_us:>5.2f} "
              f"{r['rss_mb']:>8.0f} {r['actors']:>8} {r['comparisons']:>10}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
