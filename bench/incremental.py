"""Incremental linking: a new document against a store of N resolved incidents.

Builds a SQLite store of N synthetic incidents (invented names: persons, a facility, a
place, a country, a year; reports of one case share some of them), resolves it fully
once, then adds documents one at a time and links each with `pipeline.link_new`, which
reads only the candidates' statements. Prints the full-resolve time and the time per new
document; target under 1 s per document at 10,000 incidents.

    python bench/incremental.py [--incidents 10000] [--new 20]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

SYLLABLES = ["ka", "ro", "men", "di", "sa", "vel", "tor", "an", "qui", "ba", "lu", "zar", "nov",
             "sha", "hid", "rin", "pa", "gan", "mo", "ler", "ti", "vas", "che", "dor", "el"]
COUNTRIES = ["PK", "IN", "EG", "MX", "TR", "NG", "LY", "IQ", "CO", "BD", "PH", "NP", "KH", "ID"]
EVIDENCE = ["report", "arrest", "charge", "conviction"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _doc_id(i: int) -> str:
    return hashlib.sha256(str(i).encode()).hexdigest()


def make_cases(rng: random.Random, n_cases: int) -> list[dict[str, object]]:
    return [{"trade": rng.choice(["organ", "human", "weapons"]), "country": rng.choice(COUNTRIES),
             "place": _word(rng), "year": rng.randint(2000, 2024),
             "people": [f"{_word(rng)} {_word(rng)}" for _ in range(rng.randint(1, 3))],
             "facility": f"{_word(rng)} Hospital" if rng.random() < 0.3 else None}
            for _ in range(n_cases)]


def statements_for_report(doc: str, case: dict[str, object], rng: random.Random) -> list[dict[str, object]]:
    now = datetime.now(UTC)
    subject = f"incident:{doc[:16]}:1"
    people = list(case["people"])  # type: ignore[call-overload]
    named = rng.sample(people, rng.randint(1, len(people)))
    facts: list[tuple[str, str]] = [("trade", str(case["trade"])), ("country", str(case["country"])),
                                    ("place", str(case["place"])), ("evidence", rng.choice(EVIDENCE)),
                                    ("summary", f"Case of {named[0]} in {case['place']}")]
    if rng.random() < 0.8:
        facts.append(("year", str(case["year"])))
    facts += [("actor", json.dumps({"name": p, "type": "person", "role": "broker"})) for p in named]
    if case["facility"]:
        facts.append(("actor", json.dumps({"name": case["facility"], "type": "facility", "role": "other"})))
    return [{"id": f"{doc[:28]}{k:04d}", "subject": subject, "prop": prop, "value": value,
             "document_id": doc, "start": None, "end": None, "extractor": "bench",
             "extractor_version": "0", "confidence": 1.0, "status": "machine",
             "created_at": now, "updated_at": now} for k, (prop, value) in enumerate(facts)]


def add_documents(store: object, reports: list[tuple[str, dict[str, object]]], rng: random.Random) -> None:
    from ratline.store import schema

    now = datetime.now(UTC)
    docs = [{"id": d, "source": f"bench:{d}", "size": 0, "status": "extracted", "relevant": 1,
             "extractor_version": "0", "text": "", "created_at": now, "updated_at": now} for d, _ in reports]
    rows = [s for d, case in reports for s in statements_for_report(d, case, rng)]
    with store.writer() as conn:  # type: ignore[attr-defined]
        conn.execute(schema.documents.insert(), docs)
        for i in range(0, len(rows), 5000):
            conn.execute(schema.statements.insert(), rows[i:i + 5000])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--incidents", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=20)
    args = ap.parse_args()
    from ratline import pipeline
    from ratline.store.store import Store

    os.environ.setdefault("RATLINE_PSEUDONYM_KEY", "bench-incremental")
    rng = random.Random(3)
    cases = make_cases(rng, max(1, args.incidents // 2))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}")
        reports = [(_doc_id(i), rng.choice(cases)) for i in range(args.incidents)]
        t0 = time.perf_counter()
        add_documents(store, reports, rng)
        print(f"stored {args.incidents} incidents in {time.perf_counter() - t0:.1f}s")
        t0, c0 = time.perf_counter(), time.process_time()
        full = pipeline.resolve_stored(store)
        print(f"full resolve: {time.perf_counter() - t0:.1f}s (CPU {time.process_time() - c0:.1f}s) ({full.incident_clusters} incidents, "
              f"{full.actors} actors)")
        times = []
        cpu = []
        linked = 0
        for k in range(args.new):
            doc = _doc_id(args.incidents + k)
            add_documents(store, [(doc, rng.choice(cases))], rng)
            t0, c0 = time.perf_counter(), time.process_time()
            report = pipeline.link_new(store)
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
            linked += report.linked
        times.sort()
        cpu.sort()
        print(f"incremental: {args.new} new documents, {linked} linked to known incidents; "
              f"median {times[len(times) // 2]:.3f}s, max {times[-1]:.3f}s per document "
              f"(CPU median {cpu[len(cpu) // 2]:.3f}s, max {cpu[-1]:.3f}s)")
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
