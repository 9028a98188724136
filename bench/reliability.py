"""Reliability of the statements' confidence on a gold split (not a test).

For actor roles (every extracted actor whose name matches a gold actor: was the role
right?) and evidence levels (each relevant document's strongest level: is it gold's?),
bins the confidence the extractor gave and prints, per bin, how many statements fall in
it, their mean confidence and how many were right. A calibrated confidence has accuracy
close to the mean confidence in every bin; the expected calibration error (ECE) sums the
gaps weighted by bin size.

Usage: python bench/reliability.py [train|test|dev|GOLD.jsonl] [--bins 5]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ratline.evaluate import LADDER, name_match  # noqa: E402
from ratline.extract import extract_text  # noqa: E402
from score_news import split_paths  # noqa: E402


def table(pairs: list[tuple[float, bool]], bins: int) -> tuple[list[str], float]:
    rows, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if not inside:
            rows.append(f"  {lo:.1f}–{hi:.1f}  {0:5d}")
            continue
        mean = sum(c for c, _ in inside) / len(inside)
        acc = sum(ok for _, ok in inside) / len(inside)
        ece += len(inside) / len(pairs) * abs(acc - mean)
        rows.append(f"  {lo:.1f}–{hi:.1f}  {len(inside):5d}  mean confidence {mean:.2f}  "
                    f"observed accuracy {acc:.2f}")
    return rows, ece


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", help="train, test, dev or a gold JSONL path (texts beside it)")
    ap.add_argument("--bins", type=int, default=5)
    args = ap.parse_args()
    found = split_paths(args.split)
    if found is None:
        return 2
    gold_path, text_dir = found
    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x]
    roles: list[tuple[float, bool]] = []
    evidence: list[tuple[float, bool]] = []
    for g in gold:
        text = (text_dir / f"{g['id']}.txt").read_text(encoding="utf-8")
        ext = extract_text(text, doc_id=g["id"])
        gold_actors = [a for i in g.get("incidents") or [] for a in i.get("actors") or []]
        used: set[int] = set()
        for inc in ext.incidents:
            for a in inc.actors:
                if a.pseudonymised or a.mention is None:
                    continue
                j = next((j for j, x in enumerate(gold_actors)
                          if j not in used and name_match(x["name"], a.name)), None)
                if j is not None:
                    used.add(j)
                    roles.append((a.mention.confidence, gold_actors[j].get("role") == a.role))
        levels = [i["evidence"] for i in g.get("incidents") or [] if i.get("evidence") in LADDER]
        stated = [i.evidence for i in ext.incidents if i.evidence.value in LADDER]
        if g.get("relevant") and levels and stated:
            top = max(stated, key=lambda f: LADDER.index(f.value))
            want = max(levels, key=LADDER.index)
            evidence.append((top.confidence, top.value == want))
    for name, pairs in (("actor roles", roles), ("evidence levels", evidence)):
        rows, ece = table(pairs, args.bins)
        acc = sum(ok for _, ok in pairs) / max(1, len(pairs))
        print(f"{name} on {gold_path.name}: {len(pairs)} statements, accuracy {acc:.3f}, "
              f"ECE {ece:.3f}")
        print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
