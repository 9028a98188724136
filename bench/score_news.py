"""Scores the current extractor on a gold split with the referee scorer (not a test).

Extracts every document of the split (texts in TEXT_DIR/<id>.txt), writes the predictions
as JSON lines and runs the referee `score.py` on them, printing per-field scores.

Usage: python bench/score_news.py [train|test|dev|GOLD.jsonl] [--out PRED.jsonl]
                                  [--keep-victim-names] [--rules-only] [--json]
                                  [--off COMPONENT[,COMPONENT]]

`train`/`test` read ../shared/news, `dev` reads ../shared/dev; `--rules-only` switches the
learned components off (RATLINE_RULES_ONLY=1) to measure what they add; `--off` switches
named components of the shipped model off (an ablation: document, evidence, actor_keep,
actor_role, candidates, fallback, count, year, fields, evidence_raise).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SPLITS = {
    "train": (SHARED / "news" / "train.jsonl", SHARED / "news" / "texts"),
    "test": (SHARED / "news" / "test.jsonl", SHARED / "news" / "texts"),
    "dev": (SHARED / "dev" / "gold.jsonl", SHARED / "dev" / "texts"),
}
SCORER = SHARED / "tools" / "score.py"


def split_paths(split: str) -> tuple[Path, Path] | None:
    """(gold file, text folder) of a named split or a gold path; None, said on stderr, when
    the gold file is not there."""
    gold_path, text_dir = SPLITS.get(split) or (Path(split), Path(split).parent / "texts")
    if not gold_path.is_file():
        print(f"gold set not found: {gold_path}", file=sys.stderr)
        return None
    return gold_path, text_dir


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", help="train, test, dev or a gold JSONL path (texts beside it)")
    ap.add_argument("--out", type=Path, help="where to write the predictions")
    ap.add_argument("--keep-victim-names", action="store_true")
    ap.add_argument("--rules-only", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the scorer's JSON")
    ap.add_argument("--off", default="", help="learned components to switch off, comma-separated")
    args = ap.parse_args()
    found = split_paths(args.split)
    if found is None:
        return 2
    gold_path, text_dir = found
    if args.rules_only:
        os.environ["RATLINE_RULES_ONLY"] = "1"
    from ratline.extract import extract_text, learned

    if args.off:
        learned.shipped().off = frozenset(x.strip() for x in args.off.split(",") if x.strip())

    gold = [json.loads(x) for x in gold_path.read_text(encoding="utf-8").splitlines() if x.strip()]
    out = args.out or Path(f"/tmp/ratline-pred-{gold_path.parent.name}-{gold_path.stem}.jsonl")
    t0 = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for g in gold:
            path = text_dir / f"{g['id']}.txt"
            text = path.read_text(encoding="utf-8")
            ext = extract_text(text, doc_id=g["id"], keep_victim_names=args.keep_victim_names)
            fh.write(json.dumps(ext.to_json(str(path)), ensure_ascii=False) + "\n")
    took = time.perf_counter() - t0
    res = subprocess.run([sys.executable, str(SCORER), str(gold_path), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    scores = json.loads(res.stdout)
    if args.json:
        print(json.dumps(scores))
        return 0
    print(f"{gold_path} ({len(gold)} documents, {took:.0f} s) -> {out}")
    for k, v in scores.items():
        if isinstance(v, dict):
            print(f"{k:22s} P={v['p']:.3f} R={v['r']:.3f} F1={v['f1']:.3f}  "
                  f"(tp={v['tp']} fp={v['fp']} fn={v['fn']})")
        else:
            print(f"{k:22s} {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
