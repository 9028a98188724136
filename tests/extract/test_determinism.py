"""Extraction is a function of the text: the same files give the same bytes whatever the
interpreter's hash seed (set and dict order of strings changes with it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "reports"

# A sentence naming two trades once each ("both human trafficking and arms trafficking")
# between a weapons case and a human trafficking case: which case it joins once depended on
# the order of a set of trade names.
TIE = """MEXICO CITY, May 2, 2024 — Mexican police arrested a driver in Chiapas in 2023 for \
smuggling rifles and pistols across the border to a cartel in Guatemala.

Separately, investigators in Guatemala rescued 40 migrants from a truck in 2023; the smugglers \
had forced the women into labour, and two men were charged with human trafficking.

Officials said the network was involved in both human trafficking and arms trafficking, and \
that the driver was paid 5,000 dollars.
"""

# Victims, outcomes and several people, so each extraction stage has something to order.
CASES = """KATHMANDU, June 3, 2024 — Police in Nepal arrested the broker Ahmed Karimov and the \
driver Ramesh Thapa in 2024 for kidney trafficking. The victim, Maria Lopez, 19, was lured to \
Delhi, where her kidney was removed at a private clinic. Karimov was charged with organ \
trafficking; charges against Thapa were dropped.

In 2019 the surgeon Peter Otieno was convicted of kidney trafficking in Kenya, but the \
conviction was overturned on appeal in 2021. Rumours say a second surgeon was arrested in \
Mombasa, but police deny any arrest.
"""

SEEDS = ("0", "1", "12345", "random")


def _extract(paths: list[Path], seed: str) -> bytes:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = seed
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "ratline", "extract", *map(str, paths), "--format", "jsonl"],
        env=env, capture_output=True, timeout=240, check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


@pytest.mark.slow
def test_same_bytes_under_every_hash_seed(tmp_path: Path) -> None:
    (tmp_path / "tie.txt").write_text(TIE, encoding="utf-8")
    (tmp_path / "cases.txt").write_text(CASES, encoding="utf-8")
    paths = [tmp_path / "tie.txt", tmp_path / "cases.txt", *sorted(EXAMPLES.iterdir())]
    outputs = {seed: _extract(paths, seed) for seed in SEEDS}
    first = outputs[SEEDS[0]]
    assert first.count(b"\n") >= len(paths) - 1  # every file produced a line
    for seed, out in outputs.items():
        assert out == first, f"output under PYTHONHASHSEED={seed} differs from seed {SEEDS[0]}"
