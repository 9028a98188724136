"""Benchmark (not a test): memory and time of the web's incident index build.

    python bench/index_memory.py DATABASE_URL

Builds the index of the store at DATABASE_URL (e.g. a store kept by `bench/web.py
--backend postgres --keep`) twice, each in a fresh process:

* `rows held`: every statement row read into a list before the first becomes a fact,
  and kept until the last has (the index's build before statements were streamed),
  the baseline;
* `streamed`: `analyze.incidents.build_index` as shipped: each row becomes its fact as
  it arrives.

Prints per variant the build's seconds, the process's RSS after the build and its peak,
and pymalloc's bytes in live and in free blocks (free blocks are holes the allocator
keeps: memory the process holds, and in forked web workers pages that new objects fill
by copying them), then the ratios against the baseline.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Iterator


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _pymalloc() -> dict[str, int]:
    """Live and free bytes of pymalloc's arenas, from its debug statistics."""
    read, write = os.pipe()
    saved = os.dup(2)
    os.dup2(write, 2)
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(write)
    text = b""
    while chunk := os.read(read, 1 << 16):
        text += chunk
    os.close(read)
    out = {}
    for line in text.decode().splitlines():
        for key, label in (("live", "bytes in allocated blocks"), ("free", "bytes in available blocks")):
            if line.startswith("# " + label):
                out[key] = int(line.split("=")[1].replace(",", ""))
    return out


def _measure(url: str, variant: str) -> dict[str, float]:
    from ratline.analyze import incidents as ix
    from ratline.store import Store

    store = Store(url)
    if variant == "rows held":
        read = ix._statement_rows

        def held(store: Store, subjects: object = None, stream: bool = False) -> Iterator[object]:
            # Every row read before the first is used, and kept until the last is.
            return iter(list(read(store)))

        ix._statement_rows = held
    started = time.perf_counter()
    index = ix.build_index(store)
    seconds = time.perf_counter() - started
    heap = _pymalloc()
    return {"incidents": len(index.incidents), "seconds": round(seconds, 3),
            "rss_mb": round(_rss_mb()), "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "live_mb": round(heap.get("live", 0) / 2**20), "free_mb": round(heap.get("free", 0) / 2**20)}


def main() -> int:
    if len(sys.argv) == 3:
        print(json.dumps(_measure(sys.argv[1], sys.argv[2])))
        return 0
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    url = sys.argv[1]
    figures = {}
    for variant in ("rows held", "streamed"):
        out = subprocess.run([sys.executable, __file__, url, variant], check=True,
                             capture_output=True, text=True).stdout
        figures[variant] = json.loads(out.strip().splitlines()[-1])
    print(f"{'variant':10} {'incidents':>9} {'seconds':>8} {'RSS MB':>7} {'peak MB':>8} "
          f"{'live MB':>8} {'free MB':>8}")
    for name, f in figures.items():
        print(f"{name:10} {f['incidents']:>9,} {f['seconds']:>8} {f['rss_mb']:>7,} {f['peak_mb']:>8,} "
              f"{f['live_mb']:>8,} {f['free_mb']:>8,}")
    base, new = figures["rows held"], figures["streamed"]
    def ratio(key: str) -> str:
        return f"{new[key] / base[key]:.2f}" if base[key] else "n/a"

    print(f"streamed / rows held: seconds {ratio('seconds')}, RSS {ratio('rss_mb')}, "
          f"peak {ratio('peak_mb')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
