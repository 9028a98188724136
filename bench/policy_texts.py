"""What the corpus's texts of law and policy teach the document model, on texts it never saw
(a measurement, not a test).

Fits the learned layer on news train and dev twice: without the corpus's policy texts,
and with one half of them (`policy_texts.half`, by a hash of the id). Then reads the other
half with both fits and prints, per source, how many of those texts the extractor makes
cases of (with incidents), reads as about the trade without a case (policy) or as about
nothing of it. A statute or a government's statement tells no concrete case: "incidents"
should be near none. Also prints how many news train texts the two fits read alike, in
kind and number of incidents (in-sample for both, so only a check that the corpus rows
leave the news reading alone).

Usage: python bench/policy_texts.py [--cache DIR]  (rule passes take a few minutes; DIR
keeps them between runs)
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

from ratline.extract.learned import Models
from ratline.learn import data, policy_texts, train


def outcome(pred: dict) -> str:
    if pred.get("incidents"):
        return "case"
    return "policy" if pred.get("relevant") else "nothing"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, help="a folder that keeps the rule passes")
    args = ap.parse_args()
    news, dev = data.SHARED / "news", data.SHARED / "dev"
    cache = args.cache
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
    tr = data.examples(news / "train.jsonl", news / "texts",
                       cache=cache / "train.pkl" if cache else None)
    ex = data.examples(dev / "gold.jsonl", dev / "texts", cache=cache / "dev.pkl" if cache else None)
    texts = policy_texts.examples(cache=cache / "policy.pkl" if cache else None)
    if not tr or not texts:
        print("needs ../shared/news and ../shared/corpus")
        return 1
    taught = [e for e in texts if policy_texts.half(e.id) == 0]
    held = [e for e in texts if policy_texts.half(e.id) == 1]
    fits = {"without the corpus rows": Models.from_dict(train.fit(tr + ex)),
            f"with {len(taught)} of them": Models.from_dict(train.fit(tr + ex, None, taught))}
    print(f"held-out texts of law and policy: {len(held)}")
    news_reads = []
    for name, models in fits.items():
        counts = collections.Counter(
            (e.id.split("-")[0], outcome(p)) for e, p in zip(held, train.predict(held, models),
                                                            strict=True))
        print(f"{name}:")
        for src in sorted({s for s, _ in counts}):
            row = {k: counts[(src, k)] for k in ("case", "policy", "nothing")}
            print(f"  {src:8s} {sum(row.values()):4d} texts: {row['case']:4d} cases, "
                  f"{row['policy']:4d} policy, {row['nothing']:4d} nothing")
        news_reads.append([(outcome(p), len(p.get("incidents") or []))
                           for p in train.predict(tr, models)])
    same = sum(a == b for a, b in zip(*news_reads, strict=True))
    print(f"news train texts read alike by both fits: {same} of {len(tr)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
