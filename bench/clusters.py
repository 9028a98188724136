"""Same-case linkage on real reports: `../shared/news/clusters.json` through the real pipeline.

Ingests and extracts the documents of the same-case clusters (and, as distractors, the
other training documents) into a fresh SQLite store, resolves it, and scores document
pairs: two cluster documents are predicted-same when one resolved incident holds an
incident of each, gold-same when clusters.json puts them in one case. Also checks that
every look-alike pair stays apart and counts links from cluster documents to distractors
(not scored: nobody labelled those, but a jump in them is a warning).

The extracted store is cached (`--store`), so re-running after a resolution change only
re-resolves; `--fresh` rebuilds it (needed after an extractor change).

`--incremental` instead ingests the documents in two parts (a seeded half later), links
the second part with the incremental run an ingest does by default, and scores it against
a full run of the same store: where the two differ, incremental linkage loses what a full
run finds.

    python bench/clusters.py [--distractors N] [--fresh] [--show N] [--store PATH]
    python bench/clusters.py --incremental [--distractors N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "news"
DEFAULT_STORE = Path(tempfile.gettempdir()) / "ratline-bench-clusters.db"


def load_gold(news: Path = NEWS) -> dict[str, Any]:
    """clusters.json as document-level sets: cases (sets of train ids) and look-alike pairs."""
    data = json.loads((news / "clusters.json").read_text(encoding="utf-8"))
    cases = [sorted({doc for doc, _ in c["members"]}) for c in data["clusters"]]
    lookalikes = [tuple(sorted({doc for doc, _ in pair["members"]})) for pair in data["lookalikes"]]
    return {"cases": cases, "lookalikes": lookalikes, "raw": data}


def train_ids(news: Path = NEWS) -> list[str]:
    return [json.loads(line)["id"] for line in (news / "train.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


def documents_for(news: Path, distractors: int | None, seed: int = 11) -> list[str]:
    """Every cluster document, plus `distractors` other training documents (None: all)."""
    gold = load_gold(news)
    wanted = {d for case in gold["cases"] for d in case} | {d for pair in gold["lookalikes"] for d in pair}
    others = [d for d in train_ids(news) if d not in wanted]
    if distractors is not None:
        others = random.Random(seed).sample(others, min(distractors, len(others)))
    return sorted(wanted) + sorted(others)


def build_store(path: Path, doc_ids: Iterable[str], news: Path = NEWS) -> dict[str, float]:
    """Ingest and extract the given training documents into a fresh store at `path`."""
    from ratline.store.store import Store

    if path.exists():
        path.unlink()
    store = Store(f"sqlite:///{path}")
    timings = add_documents(store, doc_ids, news)
    store.close()
    return timings


def add_documents(store: Any, doc_ids: Iterable[str], news: Path = NEWS) -> dict[str, float]:
    """Ingest and extract the given training documents into `store`; returns the timings."""
    from ratline import pipeline

    os.environ.setdefault("RATLINE_PSEUDONYM_KEY", "bench-clusters")
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "news"
        folder.mkdir()
        for d in doc_ids:
            shutil.copyfile(news / "texts" / f"{d}.txt", folder / f"{d}.txt")
        t0 = time.perf_counter()
        pipeline.ingest(store, [str(folder)])
        timings["ingest"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    pipeline.extract_stored(store)
    timings["extract"] = time.perf_counter() - t0
    return timings


def resolve(path: Path) -> tuple[dict[str, set[str]], float]:
    """Re-resolve the store; returns train id -> the incident clusters holding its incidents."""
    from ratline import pipeline
    from ratline.store.store import Store

    store = Store(f"sqlite:///{path}")
    t0 = time.perf_counter()
    pipeline.resolve_stored(store)
    seconds = time.perf_counter() - t0
    held = held_by(store)
    store.close()
    return held, seconds


def held_by(store: Any) -> dict[str, set[str]]:
    """Train id -> the stored incident clusters holding its incidents."""
    from ratline.store import resolution

    ids_of = train_ids_of(store)
    held: dict[str, set[str]] = defaultdict(set)
    for c in resolution.clusters(store, "incident"):
        for source in c["sources"]:
            for train_id in ids_of.get(source, [source]):
                held[train_id].add(c["id"])
    return dict(held)


def incremental(path: Path, docs: list[str], gold: Mapping[str, Any], later: float = 0.5,
                seed: int = 5, news: Path = NEWS) -> dict[str, dict[str, Any]]:
    """Same-case pairs when documents arrive in two ingests, as a monitoring desk's do: a
    store of the first ingest resolved in full, then the rest ingested and linked by the
    incremental run (`ratline ingest`'s default), then the whole store resolved in full.
    Returns the score after each of the two runs on the same documents."""
    from ratline import pipeline
    from ratline.store.store import Store

    rng = random.Random(seed)
    second = set(rng.sample(docs, round(len(docs) * later)))
    if path.exists():
        path.unlink()
    store = Store(f"sqlite:///{path}")
    add_documents(store, [d for d in docs if d not in second], news)
    pipeline.resolve_stored(store)
    add_documents(store, sorted(second), news)
    run = pipeline.resolve_changes(store)
    assert run.mode == "incremental", run.mode
    out = {"incremental": score(held_by(store), gold)}
    pipeline.resolve_changes(store, full=True)
    out["full"] = score(held_by(store), gold)
    store.close()
    return out


def train_ids_of(store: Any) -> dict[str, list[str]]:
    """Stored document id -> the training ids whose file it holds. Two outlets that print
    the same text make one document (its content hash): both ids share its incidents."""
    from sqlalchemy import select

    from ratline.store import schema

    out: dict[str, list[str]] = defaultdict(list)
    with store.engine.connect() as conn:
        for origin, doc in conn.execute(select(schema.run_items.c.origin, schema.run_items.c.document_id)):
            if doc and Path(origin).stem not in out[doc]:
                out[doc].append(Path(origin).stem)
    return dict(out)


def score(held: Mapping[str, set[str]], gold: Mapping[str, Any]) -> dict[str, Any]:
    """Document-pair precision/recall/F1 among cluster documents, look-alikes, distractor links."""
    scope = sorted({d for case in gold["cases"] for d in case} | {d for p in gold["lookalikes"] for d in p})
    true = {tuple(sorted(p)) for case in gold["cases"] for p in combinations(case, 2)}
    pred = {(a, b) for a, b in combinations(scope, 2) if held.get(a, set()) & held.get(b, set())}
    tp = len(pred & true)
    p = tp / len(pred) if pred else 1.0
    r = tp / len(true) if true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    apart = [pair for pair in gold["lookalikes"] if not (held.get(pair[0], set()) & held.get(pair[1], set()))]
    in_scope = set(scope)
    outside = {d for d in held if d not in in_scope}
    distractor_links = sorted({(a, b) for a in scope for b in outside if held.get(a, set()) & held[b]})
    return {"precision": p, "recall": r, "f1": f1, "true_pairs": tp, "pred_pairs": len(pred),
            "gold_pairs": len(true), "wrong": sorted(pred - true), "missed": sorted(true - pred),
            "lookalikes_apart": len(apart), "lookalikes": len(gold["lookalikes"]),
            "lookalikes_joined": [p for p in gold["lookalikes"] if p not in apart],
            "distractor_links": distractor_links}


def gold_records(news: Path = NEWS) -> list[Any]:
    """The hand-annotated incidents of train.jsonl as records (document id = train id)."""
    from ratline.resolve import IncidentRecord
    from ratline.resolve.fingerprint import fingerprint

    records = []
    for line in (news / "train.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        names = fingerprint((news / "texts" / f"{row['id']}.txt").read_text(encoding="utf-8"))
        for n, inc in enumerate(row.get("incidents") or ()):
            records.append(IncidentRecord.from_json(row["id"], n, inc, names=names))
    return records


def extracted_records(path: Path) -> tuple[list[Any], dict[str, list[str]]]:
    """The incident records of a cached store as resolution reads them (name fingerprints
    included), and each record's training ids."""
    from ratline.resolve.records import incidents_from_statements, records_and_mentions
    from ratline.store import resolution
    from ratline.store.store import Store

    store = Store(f"sqlite:///{path}")
    documents = {d["id"]: d for d in store.documents()}
    records, _ = records_and_mentions(incidents_from_statements(store.statements()), documents,
                                      resolution.fingerprints(store))
    ids_of = train_ids_of(store)
    store.close()
    return records, {r.incident_id: ids_of[r.document_id] for r in records}


def sweep(path: Path | None, gold: Mapping[str, Any], thresholds: Iterable[float]) -> None:
    """Score the incident clustering at several thresholds (resolution only, no store writes).

    `path` None: on the hand-annotated incidents instead of the extracted ones, to see
    what resolution does with extraction taken out of the picture.
    """
    from dataclasses import replace

    from ratline.resolve import resolve_incidents
    from ratline.resolve.linkage import load_model

    if path is None:
        records = gold_records()
        docs_of = {r.incident_id: [r.document_id] for r in records}
    else:
        records, docs_of = extracted_records(path)
    base = load_model("incidents")
    for t in thresholds:
        result = resolve_incidents(records, model=replace(base, threshold=t))
        held: dict[str, set[str]] = defaultdict(set)
        for member, cid in result.mapping().items():
            for train_id in docs_of[member]:
                held[train_id].add(cid)
        s = score(held, gold)
        print(f"threshold {t:+6.2f}: P {s['precision']:.3f} R {s['recall']:.3f} F1 {s['f1']:.3f} "
              f"look-alikes apart {s['lookalikes_apart']}/{s['lookalikes']} "
              f"distractor links {len(s['distractor_links'])}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news", type=Path, default=NEWS, help="the shared/news folder")
    ap.add_argument("--store", type=Path, default=DEFAULT_STORE, help="cached store (SQLite file)")
    ap.add_argument("--fresh", action="store_true", help="rebuild the store even if it exists")
    ap.add_argument("--distractors", type=int, default=None,
                    help="how many other training documents to add (default: all)")
    ap.add_argument("--gold-records", action="store_true",
                    help="with --sweep: resolve the hand-annotated incidents, not the extracted ones")
    ap.add_argument("--show", type=int, default=20, help="how many wrong and missed pairs to list")
    ap.add_argument("--incremental", action="store_true",
                    help="two ingests, the second linked incrementally, scored against a full run")
    ap.add_argument("--sweep", default=None,
                    help="comma-separated thresholds (bits) to score without writing the store")
    args = ap.parse_args()
    if not (args.news / "clusters.json").exists():
        print(f"no clusters.json under {args.news}", file=sys.stderr)
        return 2
    gold = load_gold(args.news)
    if args.incremental:
        docs = documents_for(args.news, args.distractors)
        with tempfile.TemporaryDirectory() as tmp:
            runs = incremental(Path(tmp) / "incremental.db", docs, gold, news=args.news)
        for label, s in runs.items():
            print(f"{label:12s} same-case pairs: precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
                  f"F1 {s['f1']:.3f}  ({s['true_pairs']}/{s['pred_pairs']}, {s['gold_pairs']} gold); "
                  f"look-alikes apart {s['lookalikes_apart']}/{s['lookalikes']}; "
                  f"distractor links {len(s['distractor_links'])}")
        one_run_wrong = sorted(set(runs["full"]["wrong"]) ^ set(runs["incremental"]["wrong"]))
        print(f"missed only incrementally: {sorted(set(runs['incremental']['missed']) - set(runs['full']['missed']))}")
        print(f"wrong in one run only: {one_run_wrong}")
        return 0
    if args.fresh or not args.store.exists():
        docs = documents_for(args.news, args.distractors)
        timings = build_store(args.store, docs, args.news)
        print(f"built {args.store}: {len(docs)} documents; ingest {timings['ingest']:.1f}s, "
              f"extract {timings['extract']:.1f}s")
    if args.sweep:
        sweep(None if args.gold_records else args.store, gold, [float(t) for t in args.sweep.split(",")])
        return 0
    held, seconds = resolve(args.store)
    s = score(held, gold)
    print(f"documents: {len(held)} with incidents; resolve {seconds:.1f}s")
    print(f"same-case document pairs: precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
          f"F1 {s['f1']:.3f}  ({s['true_pairs']}/{s['pred_pairs']} predicted correct, "
          f"{s['gold_pairs']} gold)")
    print(f"look-alike pairs apart: {s['lookalikes_apart']}/{s['lookalikes']}"
          + (f"  joined: {s['lookalikes_joined']}" if s["lookalikes_joined"] else ""))
    print(f"links from cluster documents to distractors: {len(s['distractor_links'])}")
    for label in ("wrong", "missed"):
        if s[label]:
            print(f"{label} pairs ({len(s[label])}): " + ", ".join(f"{a}/{b}" for a, b in s[label][: args.show]))
    if s["distractor_links"]:
        print("distractor links: " + ", ".join(f"{a}/{b}" for a, b in s["distractor_links"][: args.show]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
