"""A full resolution of a stored corpus (`pipeline.resolve_stored`): time and peak memory.

`bench/resolve_incidents.py` and `bench/resolve.py` measure the resolvers on records
held by the bench; this measures what `ratline resolve` does on a store: read the
incidents' statements, the documents and their fingerprints, resolve actors and
incidents, and write both resolutions back. The store is SQLite, built once per size
with `bench/web.py`'s synthetic statements (14 statements an incident, 7 incidents a
document, people drawn from 3,000 invented names) into `--cache`, and copied for each
run, so every run starts from the same unresolved store. Each size runs in its own
process, so its peak resident memory (ru_maxrss) is its own; "start MB" is that process
with the store opened, before resolution.

To compare two versions of the code, run it twice on the same cache, once with the
other version first on PYTHONPATH.

    python bench/resolve_stored.py [--statements 200000,1000000] [--cache DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import resolve as actor_bench  # noqa: E402  (bench/resolve.py: RSS, own process)


def _store_file(cache: Path, statements: int) -> Path:
    """The unresolved synthetic store of this size, built on first use."""
    from ratline.store import Store
    from web import synthesise  # bench/web.py

    path = cache / f"resolve-stored-{statements}.db"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        store = Store(f"sqlite:///{partial}")
        synthesise(store, statements)
        store.engine.dispose()
        partial.rename(path)
    return path


def _run(job: tuple[str, str], queue: Any) -> None:
    from ratline.pipeline import resolve_stored
    from ratline.store import Store

    source, work = job
    shutil.copyfile(source, work)
    store = Store(f"sqlite:///{work}")
    load = os.getloadavg()[0]
    start = actor_bench._rss_mb()
    t0, c0 = time.perf_counter(), time.process_time()
    report = resolve_stored(store)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put({"seconds": seconds, "cpu": cpu, "start_mb": start, "peak_mb": peak,
               "incidents": report.incidents, "clusters": report.incident_clusters,
               "mentions": report.mentions, "actors": report.actors,
               "load": (load, os.getloadavg()[0])})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--statements", default="200000,1000000",
                    help="comma-separated statement counts (default 200000,1000000)")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "ratline-bench-resolve"),
                    help="where the synthetic stores are kept between runs")
    args = ap.parse_args()
    try:
        sizes = [int(s) for s in args.statements.split(",") if s.strip()]
    except ValueError:
        ap.error(f"--statements takes whole numbers separated by commas, not {args.statements!r}")
    if not sizes or min(sizes) < 1:
        ap.error("--statements needs at least one positive count")
    cache = Path(args.cache)
    print("| statements | incidents | CPU s | wall s | start MB | peak MB | peak − start MB "
          "| KB/incident | incident clusters | mentions | actors | load |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            source = _store_file(cache, n)
            r = actor_bench.in_own_process(_run, (str(source), str(Path(tmp) / "run.db")))
            grown = r["peak_mb"] - r["start_mb"]
            print(f"| {n:,} | {r['incidents']:,} | {r['cpu']:.1f} | {r['seconds']:.1f} "
                  f"| {r['start_mb']:,.0f} | {r['peak_mb']:,.0f} | {grown:,.0f} "
                  f"| {grown * 1024 / max(r['incidents'], 1):.1f} | {r['clusters']:,} "
                  f"| {r['mentions']:,} | {r['actors']:,} | {r['load'][0]:.1f}–{r['load'][1]:.1f} |",
                  flush=True)
            Path(tmp, "run.db").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
