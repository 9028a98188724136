"""Extraction throughput, local against the Ray engine with 1 and 2 workers (not a test).

N documents are generated as `bench/scale.py` makes them (texts of ../shared/corpus and
../shared/news/texts with invented datelines and shifted years; the bundled examples when
../shared is absent), ingested without extraction into a fresh SQLite store per run, and
then extracted: by `pipeline.extract_stored` (local, one process) and by
`distributed.extract_stored` on a local Ray started for the run (127.0.0.1, `--workers`
CPUs, an actor pool of that many workers each loading the models once). Prints, per run,
the extraction seconds, documents per second, the speed-up over local and the scaling
efficiency (speed-up per worker), and checks that every run stored the same statements
(count and a hash of their ids): the engines must agree.

Each run is its own process (Ray's and spaCy's memory and start-up stay out of the
others). Model loading is inside the timed extraction for both engines: it is part of
what a run costs. On a machine with fewer free cores than workers the efficiency says
more about the machine than about Ray.

    python bench/ray_scale.py [--documents 400] [--workers 1,2] [--local-seconds S]

`--local-seconds` skips the local run and takes S, the local seconds of an earlier run on
the same documents and build, as the baseline of the speed-up (a 50k local run is more
than an hour on two cores); the table then marks that row as earlier.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import multiprocessing as mp
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import base_texts, write_corpus  # noqa: E402


def _run(engine: str, workers: int, corpus: str, store_path: str, queue: Any) -> None:
    from ratline import pipeline
    from ratline.store.store import Store

    os.environ.setdefault("RATLINE_PSEUDONYM_KEY", "bench-ray-scale")
    store = Store(f"sqlite:///{store_path}")
    pipeline.ingest(store, [corpus], keep_ids=False)
    t0 = time.perf_counter()
    if engine == "local":
        report = pipeline.extract_stored(store)
    else:
        import ray

        from ratline import distributed

        ray.init(num_cpus=workers, include_dashboard=False, _node_ip_address="127.0.0.1",
                 logging_level=logging.ERROR, log_to_driver=False)
        try:
            report = distributed.extract_stored(store, workers=workers)
        finally:
            ray.shutdown()
    seconds = time.perf_counter() - t0
    ids = sorted(r["id"] for r in store.statements())
    store.close()
    queue.put({"seconds": seconds, "documents": report.processed,
               "statements": len(ids), "hash": hashlib.sha256("\n".join(ids).encode()).hexdigest()[:12]})


def measure(engine: str, workers: int, corpus: Path, tmp: Path) -> dict[str, Any]:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    store = tmp / f"{engine}-{workers}.db"
    proc = ctx.Process(target=_run, args=(engine, workers, str(corpus), str(store), queue))
    proc.start()
    proc.join()
    if proc.exitcode != 0:
        raise SystemExit(f"{engine} run with {workers} workers failed (exit {proc.exitcode})")
    return dict(queue.get())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=400)
    ap.add_argument("--workers", default="1,2", help="comma-separated Ray worker counts")
    ap.add_argument("--local-seconds", type=float, default=None,
                    help="skip the local run: its seconds from an earlier run of the same build")
    args = ap.parse_args()
    try:
        import ray  # noqa: F401
    except ImportError:
        print("Ray is not installed (pip install 'ratline[ray]')", file=sys.stderr)
        return 2
    texts, origin = base_texts()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus.jsonl"
        write_corpus(corpus, texts, args.documents)
        print(f"{args.documents} documents made from {origin}; cores: {os.cpu_count()}, "
              f"load average {os.getloadavg()[0]:.1f}")
        runs = [("ray", int(w)) for w in args.workers.split(",")]
        results = []
        if args.local_seconds is None:
            runs.insert(0, ("local", 1))
        else:
            results.append(("local (earlier run)", 1, {"seconds": args.local_seconds, "statements": "",
                                                      "hash": ""}))
        for engine, workers in runs:
            r = measure(engine, workers, corpus, tmp)
            results.append((engine, workers, r))
            # Each run as it ends: a long run that is stopped early still leaves its figures.
            print(f"{time.strftime('%H:%M:%S')} {engine} with {workers} worker(s): "
                  f"{r['seconds']:.1f} s, {args.documents / r['seconds']:.1f} docs/s, "
                  f"{r['statements']} statements ({r['hash']}), "
                  f"load average {os.getloadavg()[0]:.1f}", flush=True)
        base = results[0][2]["seconds"]
        print("| engine | workers | seconds | docs/s | speed-up | efficiency | statements | ids hash |")
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        for engine, workers, r in results:
            speedup = base / r["seconds"]
            print(f"| {engine} | {workers} | {r['seconds']:.1f} | {args.documents / r['seconds']:.1f} | "
                  f"{speedup:.2f} | {speedup / workers:.2f} | {r['statements']} | {r['hash']} |")
        hashes = [r["hash"] for _, _, r in results if r["hash"]]
        same = len(set(hashes)) == 1
        if len(hashes) < 2:
            print("one measured run: nothing to compare its statements with")
        else:
            print("identical statements in every run" if same else "RUNS DIFFER: statements not identical")
        return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
