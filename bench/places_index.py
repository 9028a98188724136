"""Benchmark (not a test): how long the place index takes to build at start-up.

    python bench/places_index.py [--runs N]

Each variant runs in a fresh process, N times (default 3), and the fastest run counts:

* `raw read`: reading the index's data files and nothing more (places.yaml parsed, the
  gazetteer decompressed and split into fields), the baseline;
* `index`: `geo.places._index()` as shipped, which reads the same files and builds the
  name index.

Prints the seconds of each and the index's ratio against the raw read. (The index was
built in about 1.2 s on a 2-core machine with nothing else running; a timed test of it
failed whenever another job shared the cores, so the figure lives here.)
"""

from __future__ import annotations

import argparse
import subprocess
import sys

_RAW = """
import gzip, time
from importlib import resources
t = time.perf_counter()
import yaml
from ratline.geo import places
d = resources.files("ratline.geo").joinpath("data")
yaml.load(d.joinpath("places.yaml").read_text("utf-8"),
          Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
rows = [line.split("\\t") for line in
        gzip.decompress(d.joinpath(places.GAZETTEER_FILE).read_bytes()).decode().splitlines()]
print(time.perf_counter() - t)
"""

_INDEX = """
import time
t = time.perf_counter()
from ratline.geo import places
places._index()
print(time.perf_counter() - t)
"""


def _seconds(code: str, runs: int) -> float:
    out = []
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True)
        out.append(float(done.stdout))
    return min(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    raw = _seconds(_RAW, args.runs)
    index = _seconds(_INDEX, args.runs)
    print(f"raw read (baseline): {raw:.3f} s")
    print(f"index:               {index:.3f} s  ({index / raw:.1f}x the raw read)")


if __name__ == "__main__":
    main()
