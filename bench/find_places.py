"""Benchmark (not a test): how fast place mentions are found in a long document.

    python bench/find_places.py [--runs N] [--copies K]

The document is the toponym test file (`tests/geo/toponyms.yaml`, place names in their
contexts) repeated K times (default 5, over 5,000 words). The place index is built
before timing. Two variants run on the same text, N times each (default 5), and the
fastest run counts:

* `tokenise`: splitting the text into words with a regular expression, the baseline
  (the least any scan over the words costs);
* `find_places`: `geo.places.find_places` as shipped.

Prints words per second of each and find_places' time as a multiple of the baseline.
(About 0.04 s, some 30x the baseline, on a 2-core machine. A timed test of it, under
0.5 s, depended on what else shared the cores, so the figure lives here.)
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from pathlib import Path

from ratline.geo.places import find_places

_TEXT = Path(__file__).resolve().parents[1] / "tests" / "geo" / "toponyms.yaml"
_WORD = re.compile(r"\w+")


def _best(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--copies", type=int, default=5)
    args = ap.parse_args()
    text = " ".join([_TEXT.read_text("utf-8")] * args.copies)
    words = len(text.split())
    find_places("warm-up")  # builds the cached index outside the timing
    base = _best(lambda: _WORD.findall(text), args.runs)
    found = find_places(text)
    took = _best(lambda: find_places(text), args.runs)
    print(f"document: {words:,} words, {len(found):,} place mentions")
    print(f"tokenise (baseline): {base:.4f} s  {words / base:,.0f} words/s")
    print(f"find_places:         {took:.4f} s  {words / took:,.0f} words/s  "
          f"({took / base:.0f}x the baseline)")


if __name__ == "__main__":
    main()
