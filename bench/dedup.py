"""Incident de-duplication and actor resolution quality on the fictional dedup set.

Reads `bench/data/dedup/incidents.jsonl` (see `make_dedup_set.py` beside it), clusters the
incident records with `resolve_incidents` and the actor mentions with `resolve_actors`,
and prints pairwise precision, recall and F1 against the gold labels: a pair of records
counts as predicted-same when both land in one cluster, gold-same when they share a
gold label. Also lists the wrong merges and missed pairs, to see what to fix.

    python bench/dedup.py [--show N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

from ratline.resolve import (
    ActorMention,
    IncidentRecord,
    compare_incidents,
    resolve_actors,
    resolve_incidents,
)
from ratline.resolve.fingerprint import fingerprint

DATA = Path(__file__).resolve().parent / "data" / "dedup" / "incidents.jsonl"


def load(path: Path = DATA) -> tuple[list[IncidentRecord], dict[str, str], list[ActorMention],
                                     dict[str, str]]:
    """Records with their gold cluster, and actor mentions with their gold actor."""
    records: list[IncidentRecord] = []
    gold: dict[str, str] = {}
    mentions: list[ActorMention] = []
    actor_gold: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        doc: dict[str, Any] = json.loads(line)
        # The set has no document texts: each report's summaries stand in for its text,
        # for the name fingerprint linkage compares.
        names = fingerprint("\n".join(str(inc.get("summary") or "") for inc in doc["incidents"]))
        for n, inc in enumerate(doc["incidents"]):
            r = IncidentRecord.from_json(doc["id"], n, inc, outlet=doc.get("outlet"),
                                         published=doc.get("published"), names=names)
            records.append(r)
            gold[r.incident_id] = inc["cluster"]
            for k, a in enumerate(inc.get("actors") or ()):
                mid = f"{r.incident_id}/a{k}"
                mentions.append(ActorMention(mid, a["name"], a["type"], a["role"], doc["id"],
                                             r.incident_id, frozenset(inc.get("countries") or ())))
                actor_gold[mid] = a["actor"]
    return records, gold, mentions, actor_gold


def _pairs(labels: Mapping[str, str]) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for member, label in labels.items():
        groups[label].append(member)
    return {tuple(sorted(p)) for ms in groups.values() for p in combinations(ms, 2)}  # type: ignore[misc]


def pairwise(predicted: Mapping[str, str], gold: Mapping[str, str]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a predicted clustering against gold labels."""
    pred, true = _pairs(predicted), _pairs(gold)
    tp = len(pred & true)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(true) if true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f1, "pred_pairs": len(pred), "gold_pairs": len(true),
            "true_pairs": tp}


def evaluate(path: Path = DATA) -> dict[str, Any]:
    records, gold, mentions, actor_gold = load(path)
    t0 = time.perf_counter()
    result = resolve_incidents(records)
    seconds = time.perf_counter() - t0
    predicted = result.mapping()
    actors = resolve_actors(mentions)
    return {
        "records": records,
        "gold": gold,
        "result": result,
        "incidents": pairwise(predicted, gold),
        "actors": pairwise(actors.mapping(), actor_gold),
        "actor_result": actors,
        "actor_gold": actor_gold,
        "mentions": mentions,
        "seconds": seconds,
    }


def _errors(predicted: Mapping[str, str], gold: Mapping[str, str]
            ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    pred, true = _pairs(predicted), _pairs(gold)
    return sorted(pred - true), sorted(true - pred)


def _show(pairs: Iterable[tuple[str, str]], by_id: Mapping[str, IncidentRecord],
          gold: Mapping[str, str], limit: int) -> None:
    for a, b in list(pairs)[:limit]:
        print(f"  {a} [{gold[a]}] / {b} [{gold[b]}]: {compare_incidents(by_id[a], by_id[b])}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show", type=int, default=5, help="how many wrong and missed pairs to print")
    args = ap.parse_args()
    ev = evaluate()
    inc, act = ev["incidents"], ev["actors"]
    n_docs = len({r.document_id for r in ev["records"]})
    print(f"dedup set: {n_docs} documents, {len(ev['records'])} incident records, "
          f"{len(set(ev['gold'].values()))} gold incidents; {len(ev['mentions'])} actor mentions, "
          f"{len(set(ev['actor_gold'].values()))} gold actors")
    print(f"incidents: precision {inc['precision']:.3f}  recall {inc['recall']:.3f}  "
          f"F1 {inc['f1']:.3f}  ({inc['true_pairs']}/{inc['pred_pairs']} predicted pairs correct, "
          f"{inc['gold_pairs']} gold pairs; {len(ev['result'].clusters)} clusters; "
          f"{ev['seconds'] * 1000:.0f} ms)")
    print(f"actors:    precision {act['precision']:.3f}  recall {act['recall']:.3f}  F1 {act['f1']:.3f}  "
          f"({len(ev['actor_result'].actors)} actors)")
    clusters = ev["result"].clusters
    multi = [c for c in clusters if c.corroboration > 1]
    flagged = [c for c in clusters if c.conflicts]
    print(f"corroborated incidents: {len(multi)} of {len(clusters)}; with conflicts: {len(flagged)}")
    for c in flagged[: args.show]:
        print(f"  {c.cluster_id} ({', '.join(c.sources)}): {' | '.join(c.conflicts)}")
    by_id = {r.incident_id: r for r in ev["records"]}
    wrong, missed = _errors(ev["result"].mapping(), ev["gold"])
    if wrong:
        print(f"wrongly merged incident pairs ({len(wrong)}):")
        _show(wrong, by_id, ev["gold"], args.show)
    if missed:
        print(f"missed incident pairs ({len(missed)}):")
        _show(missed, by_id, ev["gold"], args.show)
    wrong_a, missed_a = _errors(ev["actor_result"].mapping(), ev["actor_gold"])
    names = {m.mention_id: m.name for m in ev["mentions"]}
    for label, pairs in (("wrongly merged actor pairs", wrong_a), ("missed actor pairs", missed_a)):
        if pairs:
            print(f"{label} ({len(pairs)}):")
            for a, b in pairs[: args.show]:
                print(f"  {names[a]!r} [{ev['actor_gold'][a]}] / {names[b]!r} [{ev['actor_gold'][b]}]")


if __name__ == "__main__":
    main()
