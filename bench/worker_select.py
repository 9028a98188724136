"""Benchmark (not a test): filtered lists in a web worker forked from the index's parent.

    python bench/worker_select.py [--statements 1000000] [--map] [--cache DIR]

`ratline serve --workers N` builds the incident index in the parent and forks workers
that share its memory copy-on-write (`web/workers.py`). Writing an object's reference
count writes its page, and the kernel then copies that page into the worker. This bench
builds a synthetic SQLite store (`bench/web.py`'s statements), builds the index, freezes
it as the parent does and forks one worker per variant. Each worker answers what the
incident list asks for under a series of filters (the selection, its facets, its first
page of 50), each filter once, as a worker meets them cold:

* `held`: every selected incident held in a list beside the selection, as a selection
  was before it read incidents only when asked (the baseline);
* `positions`: the selection as shipped, positions into the index's list.

With `--map` each worker computes the map of each selection instead (the parent having
computed the unfiltered map, as the web's warm-up does): `objects` maps the selected
incidents as a plain list, reading each one (as the map of a selection did before the
index kept columns; the baseline), `columns` reads the index's map columns
(`routes.MapColumns`), as shipped.

Prints per variant and filter the milliseconds, and per variant the worker's private
dirty memory after the series (the pages it copied out of the shared index), then the
ratios against the baseline.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

FILTERS: list[dict[str, Any]] = [
    {}, {"trade": "organ"}, {"trade": "human"}, {"country": "IN"}, {"country": "NP,TR"},
    {"min_evidence": "charge"}, {"year_from": 2010, "year_to": 2015}, {"trade": "weapons", "country": "BR"},
]


def _private_dirty_mb() -> float:
    with open(f"/proc/{os.getpid()}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _worker(index: Any, variant: str, out: int) -> None:
    from ratline.analyze.incidents import Filters
    from ratline.analyze.routes import map_data

    start = _private_dirty_mb()
    times = []
    kept: list[Any] = []  # every selection stays live, so the memory it copied is counted
    for values in FILTERS:
        t0 = time.perf_counter()
        found = index.select(Filters(**values))
        if variant == "objects":
            kept.append(map_data(list(found)))
        elif variant == "columns":
            kept.append(map_data(found))
        else:
            kept.append(list(found) if variant == "held" else found)
            index.facets(found)
            page = found[:50]
            assert len(page) == min(50, len(found))
        times.append((time.perf_counter() - t0) * 1000)
    line = " ".join(f"{t:.1f}" for t in times)
    os.write(out, f"{variant} {_private_dirty_mb() - start:.1f} {line}\n".encode())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--statements", type=int, default=1_000_000)
    ap.add_argument("--map", action="store_true", help="time the map of each selection instead")
    ap.add_argument("--cache", metavar="DIR",
                    help="keep the synthetic store in DIR and reuse it in later runs")
    args = ap.parse_args()
    os.environ.setdefault("RATLINE_PSEUDONYM_KEY", "bench-worker-select")
    import web  # bench/web.py
    from ratline.analyze.incidents import build_index
    from ratline.store.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.cache or tmp) / f"worker_select-{args.statements}.sqlite"
        t0 = time.perf_counter()
        if path.exists():  # made by an earlier run with --cache; only read here
            store = Store(f"sqlite:///{path}")
            made = "reused: " + str(path)
        else:
            part = path.with_suffix(".part")
            part.unlink(missing_ok=True)
            store = Store(f"sqlite:///{part}")
            made = f"{web.synthesise(store, args.statements):,} statements made"
            store.close()
            part.rename(path)
            store = Store(f"sqlite:///{path}")
        t1 = time.perf_counter()
        index = build_index(store)
        store.close()
        print(f"store ({made}) in {t1 - t0:.0f} s; index of {len(index.incidents):,} "
              f"incidents built in {time.perf_counter() - t1:.0f} s; load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        variants = ("objects", "columns") if args.map else ("held", "positions")
        if args.map:
            from ratline.analyze.incidents import Filters
            from ratline.analyze.routes import map_data

            t2 = time.perf_counter()
            map_data(index.select(Filters()))  # the web's warm-up: the columns and legs
            print(f"unfiltered map in the parent: {time.perf_counter() - t2:.1f} s", flush=True)
        gc.collect()
        gc.freeze()  # as the parent of the web workers does
        rows = {}
        for variant in variants:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                code = 1
                try:
                    _worker(index, variant, write)
                    code = 0
                finally:
                    os._exit(code)
            os.close(write)
            os.waitpid(pid, 0)
            with os.fdopen(read) as fh:
                name, copied, *took = fh.read().split()
            rows[name] = (float(copied), [float(x) for x in took])
    labels = [",".join(f"{k}={v}" for k, v in f.items()) or "(none)" for f in FILTERS]
    print("| variant | " + " | ".join(labels) + " | all ms | copied MB |")
    print("|---|" + "---:|" * (len(labels) + 2))
    for name, (mb, ms) in rows.items():
        print(f"| {name} | " + " | ".join(f"{t:.1f}" for t in ms) + f" | {sum(ms):.1f} | {mb:.1f} |")
    (base_mb, base_ms), (new_mb, new_ms) = rows[variants[0]], rows[variants[1]]
    print(f"{variants[1]} against {variants[0]}: time {sum(new_ms) / sum(base_ms):.2f}x, "
          f"copied memory {new_mb / base_mb if base_mb else float('nan'):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
