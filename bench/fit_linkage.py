"""Fit the incident linkage weights (m/u per comparison level) and write them beside the code.

Three labelled sources, pooled:
* the hand-annotated incidents of `../shared/news/train.jsonl`, matches from clusters.json
  (incident level);
* the same documents as the real pipeline extracts them (the store `bench/clusters.py`
  caches), matches where clusters.json puts the two documents in one case;
* the fictional dedup set (`bench/data/dedup`), matches from its gold labels.

u comes from non-matching pairs (every cross-document pair not labelled a match: random
pairs are almost all non-matches), m either from the labelled matches (`--method
supervised`) or by EM over the blocked candidate pairs with u fixed (`--method em`).
The threshold is kept from the current file unless `--threshold` is given; choose it with
`bench/clusters.py --sweep`.

    python bench/fit_linkage.py [--method supervised|em] [--threshold BITS] [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from itertools import combinations
from pathlib import Path

from clusters import DEFAULT_STORE, NEWS, extracted_records, load_gold
from dedup import load as load_dedup
from ratline.resolve.fingerprint import NameSet, fingerprint, is_case_name
from ratline.resolve.incidents import (
    FIELDS,
    IncidentRecord,
    _blocking_keys,
    _features,
    comparisons,
    frequencies,
)
from ratline.resolve.linkage import LinkageModel, fit

OUT = Path(__file__).resolve().parents[1] / "src" / "ratline" / "resolve" / "weights_incidents.json"


def gold_source(news: Path) -> tuple[list[IncidentRecord], set[tuple[str, str]]]:
    gold = load_gold(news)["raw"]
    case_of: dict[tuple[str, int], int] = {}
    for k, c in enumerate(gold["clusters"]):
        for doc, n in c["members"]:
            case_of[(doc, n)] = k
    records: list[IncidentRecord] = []
    label: dict[str, int] = {}
    for line in (news / "train.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        names = fingerprint((news / "texts" / f"{row['id']}.txt").read_text(encoding="utf-8"))
        for n, inc in enumerate(row.get("incidents") or ()):
            r = IncidentRecord.from_json(row["id"], n, inc, names=names)
            records.append(r)
            if (row["id"], n) in case_of:
                label[r.incident_id] = case_of[(row["id"], n)]
    matches = {(a, b) for a, b in combinations(sorted(label), 2) if label[a] == label[b]}
    return records, matches


def extracted_source(store_path: Path, news: Path) -> tuple[list[IncidentRecord], set[tuple[str, str]]]:
    records, docs_of = extracted_records(store_path)
    cases: dict[str, set[int]] = {}
    for k, case in enumerate(load_gold(news)["cases"]):
        for doc in case:
            cases.setdefault(doc, set()).add(k)

    def cases_of(r: IncidentRecord) -> set[int]:
        return set().union(*(cases.get(t, set()) for t in docs_of[r.incident_id]))

    matches = set()
    for a, b in combinations(records, 2):
        if a.document_id != b.document_id and cases_of(a) & cases_of(b):
            matches.add(tuple(sorted((a.incident_id, b.incident_id))))
    return records, matches


def dedup_source() -> tuple[list[IncidentRecord], set[tuple[str, str]]]:
    from dataclasses import replace

    records, gold, _, _ = load_dedup()
    # The set's name fingerprints come from one-line summaries (it has no texts): far
    # fewer names than a report prints, so they must not teach what sharing names means.
    records = [replace(r, names=NameSet()) for r in records]
    matches = {tuple(sorted((a.incident_id, b.incident_id))) for a, b in combinations(records, 2)
               if gold[a.incident_id] == gold[b.incident_id]}
    return records, matches  # type: ignore[return-value]


def rows_for(records: Sequence[IncidentRecord], matches: set[tuple[str, str]], rng: random.Random,
             non_match_sample: int, blocked_u: bool = False) -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """(match rows, sampled non-match rows, blocked candidate rows) as field -> level."""
    feats = _features(records)
    freq = frequencies(feats, records)
    by_id = {r.incident_id: i for i, r in enumerate(records)}

    def row(i: int, j: int) -> dict[str, str]:
        return {c.field: c.level for c in comparisons(records[i], records[j], feats[i], feats[j], freq)}

    match_rows = [row(by_id[a], by_id[b]) for a, b in sorted(matches) if a in by_id and b in by_id]
    n = len(records)
    non: list[dict[str, str]] = []
    tries = 0
    while len(non) < non_match_sample and tries < non_match_sample * 5:
        tries += 1
        i, j = rng.randrange(n), rng.randrange(n)
        if i == j or records[i].document_id == records[j].document_id:
            continue
        if tuple(sorted((records[i].incident_id, records[j].incident_id))) in matches:
            continue
        non.append(row(i, j))
    index: dict[str, list[int]] = {}
    for i, (r, f) in enumerate(zip(records, feats, strict=True)):
        for k in _blocking_keys(r, f):
            index.setdefault(k, []).append(i)
    candidates = {(i, j) for block in index.values() if len(block) <= 300
                  for i, j in combinations(block, 2) if records[i].document_id != records[j].document_id}
    cand_rows = [row(i, j) for i, j in sorted(candidates)]
    if blocked_u:
        # u among the pairs blocking lets through: there a shared place or country is
        # ordinary, so it must not count as much as against a random pair.
        non = [r for (i, j), r in zip(sorted(candidates), cand_rows, strict=True)
               if tuple(sorted((records[i].incident_id, records[j].incident_id))) not in matches]
        # Except for the operation and court-case names, themselves a blocking key that
        # few records hold: every pair sharing one is a candidate, so among candidates a
        # shared name looks common by construction. Their u counts every non-matching
        # pair of records that both print one.
        non = [{k: v for k, v in r.items() if k != "case"} for r in non]
        holders = [i for i in range(n) if any(is_case_name(name) for name in records[i].names)]
        for i, j in combinations(holders, 2):
            if records[i].document_id == records[j].document_id or \
                    tuple(sorted((records[i].incident_id, records[j].incident_id))) in matches:
                continue
            level = next((c.level for c in comparisons(records[i], records[j], feats[i], feats[j], freq)
                          if c.field == "case"), None)
            if level is not None:
                non.append({"case": level})
    return match_rows, non, cand_rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--method", choices=["supervised", "em"], default="supervised")
    ap.add_argument("--threshold", type=float, default=None)
    ap.add_argument("--u-from", choices=["random", "blocked"], default="blocked",
                    help="estimate u on random pairs or on the non-matching blocked candidates")
    ap.add_argument("--store", type=Path, default=DEFAULT_STORE)
    ap.add_argument("--news", type=Path, default=NEWS)
    ap.add_argument("--sources", default="gold,dedup,extracted",
                    help="comma-separated labelled sources to pool (gold, dedup, extracted)")
    ap.add_argument("--dry-run", action="store_true", help="print the weights, write nothing")
    args = ap.parse_args()
    rng = random.Random(5)
    # "name" or "name:k": a source's rows count k times (the real reports are few beside
    # the synthetic set, and must not be outvoted by it).
    repeat = {part.split(":")[0]: int(part.split(":")[1]) if ":" in part else 1
              for part in args.sources.split(",")}
    wanted = set(repeat)
    sources = []
    if "gold" in wanted:
        sources.append(("train gold", "gold", gold_source(args.news)))
    if "dedup" in wanted:
        sources.append(("dedup", "dedup", dedup_source()))
    if "extracted" not in wanted:
        pass
    elif args.store.exists():
        sources.append(("train extracted", "extracted", extracted_source(args.store, args.news)))
    else:
        print(f"(no extracted store at {args.store}; run bench/clusters.py first)", file=sys.stderr)
    matches, non, cands = [], [], []
    for label, key, (records, pairs) in sources:
        m, u, c = rows_for(records, pairs, rng, 20_000, args.u_from == "blocked")
        k = repeat[key]
        print(f"{label}: {len(records)} records, {len(m)} matching pairs, {len(c)} candidate pairs"
              + (f", counted {k} times" if k > 1 else ""))
        matches += m * k
        non += u * k
        cands += c
    weights, share = fit(args.method, matches, non, cands, FIELDS)
    if share is not None:
        print(f"EM over {len(cands)} candidate pairs: match share {share:.3f}")
    old = json.loads(OUT.read_text()) if OUT.exists() else {}
    threshold = args.threshold if args.threshold is not None else float(old.get("threshold", 6.0))
    model = LinkageModel("incidents", weights, threshold,
                         fitted_on=f"{args.method}: " + ", ".join(
                             label + (f" x{repeat[key]}" if repeat[key] > 1 else "") for label, key, _ in sources))
    for f, w in model.fields.items():
        print(f"  {f:10} " + "  ".join(f"{lvl} {w.weight(lvl):+.2f}" for lvl in FIELDS[f]))
    if not args.dry_run:
        OUT.write_text(json.dumps(model.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
